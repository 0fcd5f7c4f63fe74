#!/usr/bin/env bash
# The one command that regenerates the committed client crates and refreshes every
# snapshot the tests compare with: the four crates (generated/, tests/kitchen-sink,
# tests/three-one, tests/three-two), the lowering golden files and contract code
# (generator/tests/golden, generator/tests/contract), the output digests
# (tests/fixtures/output-digests.tsv) and the trybuild `.stderr` files (tests/ui).
# Review what changed with `git diff` before committing.
#
# `scripts/refresh.sh --check` changes nothing: it fails, with a diff, when any of
# them is not what the generator makes now. CI runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
check=()
if [ "${1:-}" = "--check" ]; then
  check=(--check)
fi
crates=(
  "spec/stytch-sms-otp.yaml generated"
  "tests/fixtures/kitchen-sink.yaml tests/kitchen-sink"
  "tests/fixtures/openapi-3.1.yaml tests/three-one"
  "tests/fixtures/openapi-3.2.yaml tests/three-two"
)
cargo build -q -p openapi-clientgen-cli
for pair in "${crates[@]}"; do
  read -r spec out <<<"$pair"
  cargo run -q -p openapi-clientgen-cli -- --spec "$spec" --out "$out" "${check[@]}"
done
if [ ${#check[@]} -gt 0 ]; then
  # The tests that compare with each snapshot fail, naming this script, when one is
  # stale; with nothing to update they change nothing.
  cargo test -q -p openapi-clientgen --test lowering
  cargo test -q -p tests --test digests --test ui
  exit 0
fi
UPDATE_GOLDEN=1 cargo test -q -p openapi-clientgen --test lowering
UPDATE_DIGESTS=1 cargo test -q -p tests --test digests
TRYBUILD=overwrite cargo test -q -p tests --test ui
git status --short
