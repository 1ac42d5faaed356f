#!/usr/bin/env bash
# Runs every check of the project. README.md names this script as the test command and
# .ci/run calls it, so it must install what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== toolchain: targets and components"
rustup target add thumbv6m-none-eabi thumbv7em-none-eabihf >/dev/null
rustup component add clippy rustfmt llvm-tools >/dev/null 2>&1 || rustup component add clippy rustfmt >/dev/null

echo "== format"
cargo fmt --all -- --check

echo "== clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== no_std builds of zcl-core"
for target in thumbv6m-none-eabi thumbv7em-none-eabihf; do
  cargo build --locked -p zcl-core --target "$target"
  cargo build --locked -p zcl-core --target "$target" --features defmt
done

echo "== tests"
cargo test --workspace --locked
