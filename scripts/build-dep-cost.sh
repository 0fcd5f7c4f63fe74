#!/usr/bin/env bash
# What generating at build time costs a user's clean build: a cold `cargo build` of an
# empty crate whose build script uses the generator, with the CLI's dependencies off
# (`default-features = false`, as README says) and on, next to the same empty crate
# without a build script, in one run.
# Usage: scripts/build-dep-cost.sh   (prints the three times and the ratios)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

make_crate() { # name, build-dependencies line (empty for none)
  mkdir -p "$work/$1/src"
  {
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n[workspace]\n' "$1"
    if [ -n "$2" ]; then printf '[build-dependencies]\n%s\n' "$2"; fi
  } > "$work/$1/Cargo.toml"
  echo '' > "$work/$1/src/lib.rs"
  if [ -n "$2" ]; then
    printf 'fn main() {\n    generator::build::Builder::new("%s").check_dependencies(false).generate().unwrap();\n}\n' \
      "$root/tests/fixtures/kitchen-sink.yaml" > "$work/$1/build.rs"
  fi
  cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}

make_crate empty ""
make_crate build-script "generator = { path = \"$root/generator\", default-features = false }"
make_crate build-script-cli "generator = { path = \"$root/generator\" }"

measure() {
  cd "$work/$1"
  cargo fetch -q
  local start end
  start=$(date +%s.%N)
  CARGO_TARGET_DIR="$work/$1/target" cargo build -q --offline
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

empty=$(measure empty)
lean=$(measure build-script)
cli=$(measure build-script-cli)
printf 'empty crate:                              %6.1f s\n' "$empty"
printf 'with generator (default-features = false): %6.1f s\n' "$lean"
printf 'with generator (default features, CLI):    %6.1f s  (%.2fx the lean one)\n' "$cli" "$(echo "$cli / $lean" | bc -l)"
