#!/usr/bin/env bash
# Run cargo-semver-checks on the crates generated from each spec pair of
# tests/fixtures/evolution/ (base.yaml and one spec per kind of change), and compare
# its verdict with `openapi-clientgen diff`'s and with what cases.tsv expects of both.
# Needs cargo-semver-checks (`cargo install cargo-semver-checks --locked`, slow to
# build: not part of the README test command).
# Usage: scripts/semver-checks.sh [CASE...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cases="$root/tests/fixtures/evolution"
work="${SEMVER_WORK:-$root/target/semver-checks-pairs}"
mkdir -p "$work"
cargo build -q -p openapi-clientgen-cli --manifest-path "$root/Cargo.toml"
generator="${CARGO_TARGET_DIR:-$root/target}/debug/openapi-clientgen"

generate() { # generate SPEC DIR
  rm -rf "$2"
  "$generator" --spec "$1" --out "$2" 2>/dev/null
  # A workspace of its own, so that cargo-semver-checks builds it alone.
  printf '\n[workspace]\n' >> "$2/Cargo.toml"
  cp "$root/Cargo.lock" "$2/Cargo.lock"
}

# cargo-semver-checks' verdict: the version bump it says the change requires.
theirs() { # theirs BASE-DIR NEW-DIR
  local out
  out=$(cargo semver-checks check-release --baseline-root "$1" --manifest-path "$2/Cargo.toml" 2>&1 || true)
  echo "$out" > "$2/semver-checks.log"
  if grep -q "requires new major version" <<<"$out"; then echo major
  elif grep -q "requires new minor version" <<<"$out"; then echo minor
  elif grep -q "no semver update required" <<<"$out"; then echo none
  else echo "error (see $2/semver-checks.log)"; fi
}

generate "$cases/base.yaml" "$work/base"
failed=0
printf '| case | openapi-clientgen diff | cargo-semver-checks | expected (diff / semver-checks) | agree |\n|---|---|---|---|---|\n'
while IFS=$'\t' read -r name expected expected_theirs why; do
  [[ "$name" == \#* || -z "$name" ]] && continue
  if [ "$#" -gt 0 ] && [[ ! " $* " == *" $name "* ]]; then continue; fi
  generate "$cases/$name.yaml" "$work/$name"
  ours=$("$generator" diff --format json "$cases/base.yaml" "$cases/$name.yaml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["bump"])')
  them=$(theirs "$work/base" "$work/$name")
  # cargo-semver-checks reports what breaks dependents: the verdicts agree when both
  # call a change breaking, or both do not; where only the diff does, cases.tsv says why.
  if [[ "$ours" == "$expected" && "$them" == "$expected_theirs" ]]; then
    ours_breaks=no; them_breaks=no
    [[ "$ours" == major ]] && ours_breaks=yes
    [[ "$them" == major ]] && them_breaks=yes
    if [[ "$ours_breaks" == "$them_breaks" ]]; then verdict="yes"; else verdict="exception: $why"; fi
  else
    verdict="**NO**"; failed=1
  fi
  printf '| %s | %s | %s | %s / %s | %s |\n' "$name" "$ours" "$them" "$expected" "$expected_theirs" "$verdict"
done < "$cases/cases.tsv"
exit "$failed"
