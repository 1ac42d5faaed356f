#!/usr/bin/env bash
# EZSP figures for the README: round trips per second against the simulated NCP over a pty,
# paced as a 115200-baud UART on both sides, next to the wire limit; and the wall time of
# `zcl-host info` against `zigpy radio ezsp ... info` (bellows) on the same simulator.
# Needs the venv of scripts/peers/zigpy.sh (run that first).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p zcl-host --bin zcl-host --example ezsp_roundtrips
bin=target/release/zcl-host
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
"$bin" sim --radio ezsp --pty --emulate-baud 115200 --state "$work/state.json" >"$work/out" 2>"$work/log" &
for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
port=$(head -n 1 "$work/out")
echo "== round trips, window 1, 115200 baud emulated on both sides"
target/release/examples/ezsp_roundtrips "$port" 2000 115200
venv=target/peers/venv
[ -x "$venv/bin/zigpy" ] || { echo "run scripts/peers/zigpy.sh first for the zigpy comparison"; exit 0; }
"$venv/bin/zigpy" radio ezsp "$port" form >/dev/null 2>&1
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
echo "== info wall time (ms, 5 runs each, formed network, 115200 baud emulated on the NCP side)"
ours=(); theirs=()
for _ in 1 2 3 4 5; do ours+=("$(ms "$bin" info --port "$port")"); done
for _ in 1 2 3 4 5; do theirs+=("$(ms "$venv/bin/zigpy" radio ezsp "$port" info)"); done
echo "zcl-host info:             ${ours[*]}"
echo "zigpy radio ezsp ... info: ${theirs[*]}"
