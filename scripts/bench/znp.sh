#!/usr/bin/env bash
# Z-Stack MT figures for the README: SREQ/SRSP round trips per second against the simulated
# ZNP over a pty, paced as a 115200-baud UART on both sides, next to the wire limit; and the
# wall time of `zcl-host info --radio znp` against `zigpy radio znp ... info` (zigpy-znp) on
# the same simulator. Needs the venv of scripts/peers/zigpy.sh (run that first).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p zcl-host --bin zcl-host --example znp_roundtrips
bin=target/release/zcl-host
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
"$bin" sim --radio znp --pty --emulate-baud 115200 --state "$work/state.json" >"$work/out" 2>"$work/log" &
for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
port=$(head -n 1 "$work/out")
echo "== round trips, 115200 baud emulated on both sides"
target/release/examples/znp_roundtrips "$port" 2000 115200
venv=target/peers/venv
[ -x "$venv/bin/zigpy" ] || { echo "run scripts/peers/zigpy.sh first for the zigpy-znp comparison"; exit 0; }
"$venv/bin/zigpy" radio znp "$port" form >/dev/null 2>&1
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
echo "== info wall time (ms, 5 runs each, formed network, 115200 baud emulated on the ZNP side)"
ours=(); theirs=()
for _ in 1 2 3 4 5; do ours+=("$(ms "$bin" info --radio znp --port "$port")"); done
for _ in 1 2 3 4 5; do theirs+=("$(ms "$venv/bin/zigpy" radio znp "$port" info)"); done
echo "zcl-host info --radio znp: ${ours[*]}"
echo "zigpy radio znp ... info:  ${theirs[*]}"
