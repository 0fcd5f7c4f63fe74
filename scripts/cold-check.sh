#!/usr/bin/env bash
# Cold `cargo check` of an application that depends on the generated client, next to
# the same application with reqwest's default TLS (aws-lc) instead, in one run.
# Usage: scripts/cold-check.sh   (prints both times and their ratio)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/client/src" "$work/default-tls/src"
cat > "$work/client/Cargo.toml" <<TOML
[package]
name = "uses-generated-client"
version = "0.0.0"
edition = "2021"
[dependencies]
stytch-sms-otp = { path = "$root/generated" }
[workspace]
TOML
cat > "$work/default-tls/Cargo.toml" <<TOML
[package]
name = "uses-default-reqwest"
version = "0.0.0"
edition = "2021"
[dependencies]
reqwest = "0.13"
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"
tokio = { version = "1", features = ["time"] }
regex-lite = "0.1"
[workspace]
TOML
echo 'fn main() {}' > "$work/client/src/main.rs"
echo 'fn main() {}' > "$work/default-tls/src/main.rs"
cp "$root/Cargo.lock" "$work/client/Cargo.lock"

measure() {
  cd "$work/$1"
  cargo fetch -q
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
