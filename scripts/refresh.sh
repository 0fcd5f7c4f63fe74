#!/usr/bin/env bash
# The one command that refreshes every snapshot the tests compare with: the four
# committed client crates (generated/, tests/kitchen-sink, tests/three-one,
# tests/three-two), the lowering golden files and contract code
# (generator/tests/golden, generator/tests/contract), the output digests
# (tests/fixtures/output-digests.tsv) and the trybuild `.stderr` files (tests/ui).
# Review what changed with `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p generator
cargo run -q -p generator -- --spec tests/fixtures/kitchen-sink.yaml --out tests/kitchen-sink
cargo run -q -p generator -- --spec tests/fixtures/openapi-3.1.yaml --out tests/three-one
cargo run -q -p generator -- --spec tests/fixtures/openapi-3.2.yaml --out tests/three-two
UPDATE_GOLDEN=1 cargo test -q -p generator --test lowering
UPDATE_DIGESTS=1 cargo test -q -p tests --test digests
TRYBUILD=overwrite cargo test -q -p tests --test ui
git status --short
