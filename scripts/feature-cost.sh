#!/usr/bin/env bash
# What a big generated crate costs its users to compile, whole and with one group's
# feature alone, side by side in one run: `cargo check` and `cargo build` of the crate
# alone (its dependencies built first, CARGO_INCREMENTAL=0 so nothing is reused,
# median of three), printed as a Markdown table with ratios.
#
# Usage: scripts/feature-cost.sh [--base REV] SPEC...
#   --base REV: also generate each crate with the generator at that git revision and
#   check it whole the same way, alternating with today's, for the ratio to it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base_rev=""
if [ "${1:-}" = "--base" ]; then
  base_rev="$2"
  shift 2
fi
[ $# -gt 0 ] || { echo "usage: scripts/feature-cost.sh [--base REV] SPEC..." >&2; exit 2; }
own_target="${CARGO_TARGET_DIR:-$root/target}"
work="$own_target/feature-cost"
mkdir -p "$work"
cargo build -q -p openapi-clientgen-cli --manifest-path "$root/Cargo.toml"
now_bin="$own_target/debug/openapi-clientgen"
base_bin=""
if [ -n "$base_rev" ]; then
  rm -rf "$work/base-src"
  mkdir -p "$work/base-src"
  git -C "$root" archive "$base_rev" | tar -x -C "$work/base-src"
  CARGO_TARGET_DIR="$work/base-target" cargo build -q -p openapi-clientgen-cli \
    --manifest-path "$work/base-src/Cargo.toml"
  base_bin="$work/base-target/debug/openapi-clientgen"
fi
# The generated crates share one target directory of their own.
export CARGO_TARGET_DIR="$work/target"

generate() { # generate BIN SPEC DIR
  rm -rf "$3"
  "$1" --spec "$2" --out "$3" > /dev/null 2>&1
  printf '\n[workspace]\n' >> "$3/Cargo.toml"
  cp "$root/Cargo.lock" "$3/Cargo.lock"
}

seconds() { # seconds DIR COMMAND ARGS...: one run of the crate alone
  local dir="$1"
  shift
  touch "$dir/src/lib.rs"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_INCREMENTAL=0 cargo "$@" -q 2> /dev/null)
  end=$(date +%s.%N)
  printf '%.2f' "$(echo "$end - $start" | bc)"
}

median3() { # median3 DIR COMMAND ARGS...
  local a b c
  a=$(seconds "$@")
  b=$(seconds "$@")
  c=$(seconds "$@")
  printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p
}

ratio() { printf '%.2fx' "$(echo "$1 / $2" | bc -l)"; }

echo "| spec | lines | groups | check, whole | check, largest group alone | ratio | check, median group alone | ratio | build, whole | build, largest group alone | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
base_rows=""
for spec in "$@"; do
  name="$(basename "$spec")"
  dir="$work/now/$name"
  generate "$now_bin" "$spec" "$dir"
  (cd "$dir" && cargo check -q 2> /dev/null && cargo build -q 2> /dev/null)
  lines=$(find "$dir/src" -name "*.rs" -exec cat {} + | wc -l)
  groups=$(sed -n 's/^full = \[\(.*\)\]$/\1/p' "$dir/Cargo.toml" | tr -d '"' | tr ',' ' ')
  count=$(echo $groups | wc -w)
  whole=$(median3 "$dir" check)
  build=$(median3 "$dir" build)
  if [ "$count" -gt 0 ]; then
    # Each group alone, once, to find the largest and the median; then those measured.
    timed=""
    for group in $groups; do
      (cd "$dir" && cargo check -q --no-default-features --features "$group" 2> /dev/null)
      timed+="$(seconds "$dir" check --no-default-features --features "$group") $group"$'\n'
    done
    sorted="$(printf '%s' "$timed" | sort -n)"
    largest="$(echo "$sorted" | tail -1 | cut -d' ' -f2)"
    median="$(echo "$sorted" | sed -n "$(( (count + 1) / 2 ))p" | cut -d' ' -f2)"
    (cd "$dir" && cargo build -q --no-default-features --features "$largest" 2> /dev/null)
    largest_check=$(median3 "$dir" check --no-default-features --features "$largest")
    median_check=$(median3 "$dir" check --no-default-features --features "$median")
    largest_build=$(median3 "$dir" build --no-default-features --features "$largest")
    echo "| $name | $lines | $count | ${whole} s | ${largest_check} s (\`$largest\`) | $(ratio "$largest_check" "$whole") | ${median_check} s (\`$median\`) | $(ratio "$median_check" "$whole") | ${build} s | ${largest_build} s | $(ratio "$largest_build" "$build") |"
  else
    echo "| $name | $lines | 0 | ${whole} s | | | | | ${build} s | | |"
  fi
  if [ -n "$base_bin" ]; then
    base_dir="$work/base/$name"
    generate "$base_bin" "$spec" "$base_dir"
    (cd "$base_dir" && cargo check -q 2> /dev/null)
    base_lines=$(find "$base_dir/src" -name "*.rs" -exec cat {} + | wc -l)
    # Alternated with today's, so that the machine's drift falls on both sides.
    then_check=$(median3 "$base_dir" check)
    now_check=$(median3 "$dir" check)
    base_rows+="| $name | $base_lines | $lines | ${then_check} s | ${now_check} s | $(ratio "$now_check" "$then_check") |"$'\n'
  fi
done
if [ -n "$base_rev" ]; then
  echo
  echo "| spec | lines at $base_rev | lines today | check, whole, at $base_rev | check, whole, today | today / then |"
  echo "|---|---:|---:|---:|---:|---:|"
  printf '%s' "$base_rows"
fi
