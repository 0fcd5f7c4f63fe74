#!/usr/bin/env bash
# Whole-process generation time against the parse floor, in one run: the generator's
# command line (`openapi-clientgen --spec X --out DIR`) next to a program that only reads and
# parses the same file with serde and openapiv3 (`cli/examples/parse_only.rs`),
# alternating round after round; the table gives each side's median and the ratio.
# Usage: scripts/generate-vs-parse.sh [ROUNDS] [SPEC...]
#   Default specs: nexus, twilio and supabase from ../shared/corpus (when there), and the
#   synthetic 800-operation spec written as JSON and as YAML (2.4 MB and 3.4 MB).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-11}"
shift || true
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building the command line, parse_only and the synthetic spec (release)" >&2
cargo build -q --release --manifest-path "$root/Cargo.toml" -p openapi-clientgen-cli --bin openapi-clientgen --example parse_only
cargo build -q --release --manifest-path "$root/Cargo.toml" -p tests --bin synthetic
"$target/release/synthetic" 800 > "$work/synthetic-800.json"
"$target/release/synthetic" 800 --yaml > "$work/synthetic-800.yaml"

specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
  for name in progenitor-nexus.json twilio_messaging_v1.json supabase-auth.yaml; do
    spec="$root/../shared/corpus/$name"
    if [ -f "$spec" ]; then specs+=("$spec"); else echo "skipped: $spec is not there" >&2; fi
  done
  specs+=("$work/synthetic-800.json" "$work/synthetic-800.yaml")
fi

python3 - "$target/release/openapi-clientgen" "$target/release/examples/parse_only" \
  "$rounds" "$work" "${specs[@]}" <<'PY'
import os, statistics, subprocess, sys, time
generator, parse_only, rounds, work, *specs = sys.argv[1:]
rounds = int(rounds)

def run(command):
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}")
    return time.perf_counter() - started

def size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)

print(f"| spec | size | Rust written | parse only | generate | generate / parse |")
print("|---|---:|---:|---:|---:|---:|")
for spec in specs:
    out = os.path.join(work, "out")
    times = {"parse": [], "generate": []}
    for _ in range(rounds):
        times["parse"].append(run([parse_only, spec]))
        times["generate"].append(run([generator, "--spec", spec, "--out", out]))
    p, g = statistics.median(times["parse"]), statistics.median(times["generate"])
    print(f"| {os.path.basename(spec)} | {os.path.getsize(spec) // 1024} KB | "
          f"{size(os.path.join(out, 'src')) // 1024} KB | {p * 1000:.1f} ms | "
          f"{g * 1000:.1f} ms | {g / p:.2f}x |")
PY
