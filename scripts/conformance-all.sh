#!/usr/bin/env bash
# The conformance run (README's "Conformance") over the Stytch spec, every fixture
# and every corpus spec, one shared cargo target folder; prints each spec's last line.
# Needs Prism (`npm ci`) and ../shared/corpus (or $OPENAPI_CORPUS_DIR).
set -uo pipefail
cd "$(dirname "$0")/.."
corpus="${OPENAPI_CORPUS_DIR:-../shared/corpus}"
work="${CONFORMANCE_WORK:-target/conformance}"
mkdir -p "$work"
cargo build --quiet -p openapi-clientgen-cli
generator="${CARGO_TARGET_DIR:-target}/debug/openapi-clientgen"
failed=0
for spec in spec/stytch-sms-otp.yaml tests/fixtures/*.yaml tests/fixtures/*.json "$corpus"/*.yaml "$corpus"/*.yml "$corpus"/*.json; do
  [ -f "$spec" ] || continue
  printf '%s\t' "$(basename "$spec")"
  if ! "$generator" conformance --spec "$spec" --work "$work/$(basename "$spec")" \
    --target-dir "$work/target" > "$work/$(basename "$spec").log" 2>&1; then
    failed=$((failed + 1))
  fi
  tail -n 1 "$work/$(basename "$spec").log"
done
echo "specs with a failed call or a run that could not be made: $failed"
[ "$failed" -eq 0 ]
