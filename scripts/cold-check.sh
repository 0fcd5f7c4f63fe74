#!/usr/bin/env bash
# Cold `cargo check` of an application that depends on the generated client, next to
# the same application with reqwest's default TLS (aws-lc) instead, in one run.
# Usage: scripts/cold-check.sh [REV]
#   REV: also check the application against generated/ as it was at that git
#   revision (features off on both sides), alternating the two builds twice, and
#   print the ratio of today's crate to that one.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
base_rev="${1:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

app() { # app DIR NAME DEPENDENCY-LINES
  mkdir -p "$work/$1/src"
  printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s\n[workspace]\n' \
    "$2" "$3" > "$work/$1/Cargo.toml"
  echo 'fn main() {}' > "$work/$1/src/main.rs"
  cp "$root/Cargo.lock" "$work/$1/Cargo.lock"
}
app client uses-generated-client "stytch-sms-otp = { path = \"$root/generated\" }"
app default-tls uses-default-reqwest 'reqwest = "0.13"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
regex-lite = "0.1"'
rm "$work/default-tls/Cargo.lock"
if [ -n "$base_rev" ]; then
  mkdir -p "$work/base-crate"
  git -C "$root" archive "$base_rev" generated | tar -x -C "$work/base-crate"
  app base uses-generated-client "stytch-sms-otp = { path = \"$work/base-crate/generated\" }"
fi

measure() {
  cd "$work/$1"
  cargo fetch -q
  rm -rf target
  local start end
  start=$(date +%s.%N)
  cargo check -q
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }'
}
client=$(measure client)
default=$(measure default-tls)
printf '| build | cold cargo check |\n|---|---:|\n'
printf '| application using the generated client (rustls on ring) | %s s |\n' "$client"
printf '| same dependencies with reqwest default TLS (aws-lc) | %s s |\n' "$default"
awk -v a="$client" -v b="$default" 'BEGIN { printf "| ratio | %.2fx |\n", a / b }'
if [ -n "$base_rev" ]; then
  base1=$(measure base)
  now2=$(measure client)
  now3=$(measure client)
  base4=$(measure base)
  printf '\n| generated crate, features off | cold cargo check (two runs, alternated) |\n|---|---:|\n'
  printf '| today | %s s, %s s |\n' "$now2" "$now3"
  printf '| at %s | %s s, %s s |\n' "$base_rev" "$base1" "$base4"
  awk -v a="$now2" -v b="$now3" -v c="$base1" -v d="$base4" \
    'BEGIN { printf "| ratio today / then | %.3fx |\n", (a + b) / (c + d) }'
fi
