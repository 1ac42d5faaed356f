#!/usr/bin/env bash
# Runs every check of the project. README.md names this script as the test command and
# .ci/run calls it, so it must install what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== toolchain: targets and components"
rustup target add thumbv6m-none-eabi thumbv7em-none-eabihf >/dev/null
rustup component add clippy rustfmt >/dev/null
# llvm-size (for the firmware size budget) comes with llvm-tools.
rustup component add llvm-tools >/dev/null 2>&1 || echo "llvm-tools not available: firmware sizes will not be checked"

echo "== format"
cargo fmt --all -- --check

echo "== clippy (warnings denied)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== no_std builds of zcl-core, zcl-clusters and zcl-frames"
for target in thumbv6m-none-eabi thumbv7em-none-eabihf; do
  cargo build --locked -p zcl-core --target "$target"
  cargo build --locked -p zcl-core --target "$target" --features defmt
  cargo build --locked -p zcl-clusters --no-default-features --target "$target"
  # The 802.15.4/Zigbee frame layers (AES-CCM* included) build without std or an allocator.
  cargo build --locked -p zcl-frames --target "$target"
done

echo "== fuzz targets still build (cargo-fuzz workspace, checked with the stable toolchain)"
cargo check --locked --manifest-path fuzz/Cargo.toml

echo "== tshark (the extcap test reads a live capture's fifo with it)"
command -v tshark >/dev/null ||
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tshark >/dev/null) ||
  echo "tshark could not be installed (is the package registry reachable?): the extcap fifo test will say it skipped"

echo "== tests"
cargo test --workspace --locked

echo "== third-party hosts against the simulated coprocessors (zigpy-cli + bellows, pinned, in a venv)"
bash scripts/peers/zigpy.sh target/debug/zcl-host

echo "== firmware examples under QEMU (runtime)"
command -v qemu-system-arm >/dev/null ||
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-arm >/dev/null)
# Both firmwares share one target directory so the library is built once per target.
fw_target="$PWD/target/firmware"
llvm_size="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/llvm-size"
for fw in firmware-light firmware-sensor; do
  for board in "thumbv7em-none-eabihf mps2-an386" "thumbv6m-none-eabi microbit"; do
    target="${board% *}"
    machine="${board#* }"
    (cd "examples/$fw" && CARGO_TARGET_DIR="$fw_target" cargo build --locked --release --target "$target")
    elf="$fw_target/$target/release/$fw"
    if [ -x "$llvm_size" ]; then
      read -r text data bss _ < <("$llvm_size" -B "$elf" | tail -n 1)
      echo "$fw $target: flash $((text + data)) bytes, static RAM $((data + bss)) bytes"
      # The light's budget (issue: at most 24 KiB flash and 4 KiB static RAM on thumbv7em).
      if [ "$fw" = firmware-light ] && [ "$target" = thumbv7em-none-eabihf ]; then
        [ $((text + data)) -le 24576 ] || { echo "light firmware over 24 KiB flash"; exit 1; }
        # ... with at least 1 KiB of it to spare (issue 10).
        [ $((text + data)) -le 23552 ] || { echo "light firmware has less than 1 KiB of its 24 KiB to spare"; exit 1; }
        [ $((data + bss)) -le 4096 ] || { echo "light firmware over 4 KiB static RAM"; exit 1; }
      fi
    fi
    # The firmware checks its own answers and exits through semihosting (0: all matched).
    timeout 60 qemu-system-arm -machine "$machine" -nographic \
      -semihosting-config enable=on,target=native -kernel "$elf" </dev/null
    echo "$fw on $machine: passed"
  done
done

echo "== two-cluster size example still builds (figures in README)"
(cd examples/size-two-clusters && CARGO_TARGET_DIR="$fw_target" cargo build --locked --profile release-s --target thumbv7em-none-eabihf)
if [ -x "$llvm_size" ]; then "$llvm_size" -B "$fw_target/thumbv7em-none-eabihf/release-s/size-two-clusters" | tail -n 1; fi
