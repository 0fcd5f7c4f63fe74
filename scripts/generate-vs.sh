#!/usr/bin/env bash
# Whole-process generation time of the generator as it is, next to the generator at
# git revision REV, over every spec in DIR, in one run: the two binaries alternate,
# round after round, and the table gives each side's median and the ratio.
# Usage: scripts/generate-vs.sh REV [DIR] [ROUNDS] [NEW_REV]
#   DIR: the specs (default ../shared/corpus); ROUNDS: runs per spec and side (default 11);
#   NEW_REV: time that revision instead of the working tree.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:?usage: scripts/generate-vs.sh REV [DIR] [ROUNDS] [NEW_REV]}"
dir="${2:-$root/../shared/corpus}"
rounds="${3:-11}"
new_rev="${4:-}"
target="${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d)"
trap 'for t in base new; do git -C "$root" worktree remove --force "$work/$t" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT

# build_rev REV NAME: the command line at REV, in target/generate-vs-NAME; prints its
# path. Before the command line was a package of its own it was `generator`'s binary.
build_rev() {
  git -C "$root" worktree add -q --detach "$work/$2" "$1"
  if grep -q '^name = "openapi-clientgen-cli"' "$work/$2/cli/Cargo.toml" 2>/dev/null; then
    CARGO_TARGET_DIR="$target/generate-vs-$2" \
      cargo build -q --release -p openapi-clientgen-cli --manifest-path "$work/$2/Cargo.toml" >&2
    echo "$target/generate-vs-$2/release/openapi-clientgen"
  else
    CARGO_TARGET_DIR="$target/generate-vs-$2" \
      cargo build -q --release -p generator --manifest-path "$work/$2/Cargo.toml" >&2
    echo "$target/generate-vs-$2/release/generator"
  fi
}

echo "building the command line ${new_rev:-as it is}, and at $rev (release)" >&2
if [ -n "$new_rev" ]; then
  now="$(build_rev "$new_rev" new)"
else
  cargo build -q --release -p openapi-clientgen-cli --manifest-path "$root/Cargo.toml"
  now="$target/release/openapi-clientgen"
fi
base="$(build_rev "$rev" base)"

python3 - "$now" "$base" \
  "$rev" "$dir" "$rounds" "$work" <<'PY'
import os, statistics, subprocess, sys, time
now, base, rev, folder, rounds, work = sys.argv[1:]
rounds = int(rounds)
specs = sorted(f for f in os.listdir(folder) if f.endswith((".yaml", ".yml", ".json")))

def run(binary, spec, out):
    started = time.perf_counter()
    done = subprocess.run([binary, "--spec", os.path.join(folder, spec), "--out", out],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, done.returncode == 0

print(f"| spec | OpenAPI | today | at {rev} | today / then |")
print("|---|---|---:|---:|---:|")
ratios = []
for spec in specs:
    with open(os.path.join(folder, spec), encoding="utf-8") as text:
        head = text.read(4096)
    version = "3.1" if ("openapi: 3.1" in head or '"openapi": "3.1' in head
                        or "openapi: '3.1" in head or 'openapi: "3.1' in head) else "3.0"
    times = {"now": [], "base": []}
    ok = True
    for _ in range(rounds):
        for side, binary in (("now", now), ("base", base)):
            took, success = run(binary, spec, os.path.join(work, side))
            ok = ok and success
            times[side].append(took)
    a, b = statistics.median(times["now"]), statistics.median(times["base"])
    note = "" if ok else " (refused on a side)"
    if ok and version == "3.0":
        ratios.append(a / b)
    print(f"| {spec}{note} | {version} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {a / b:.3f}x |")
if ratios:
    print(f"\nGeometric mean of today / then over the {len(ratios)} OpenAPI 3.0 specs: "
          f"{statistics.geometric_mean(ratios):.3f}x")
PY
