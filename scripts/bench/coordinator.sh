#!/usr/bin/env bash
# Coordinator figures for the README: wall time of whole `zcl-host` commands (connect, start
# the network, the request, the answer) against the simulated EZSP and ZNP coprocessors over a
# pty, and of `backup`, a command zigpy-cli has too (its scans run until interrupted), on the
# same simulators. Needs the venv of scripts/peers/zigpy.sh (run that first) for the
# zigpy-cli side.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -q -p zcl-host --bin zcl-host
bin=$PWD/target/release/zcl-host
venv=$PWD/target/peers/venv
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
median() { printf '%s\n' "$@" | sort -n | sed -n "$((($# + 1) / 2))p"; }
light=00:17:88:01:0a:1b:2c:01
for radio in ezsp znp; do
  rm -f "$work"/*
  "$bin" sim --radio "$radio" --pty >"$work/out" 2>"$work/log" &
  sim=$!
  for _ in $(seq 50); do [ -s "$work/out" ] && break; sleep 0.1; done
  port=$(head -n 1 "$work/out")
  net=(--radio "$radio" --port "$port" --database "$work/net.db")
  "$bin" form --radio "$radio" --port "$port" >/dev/null
  "$bin" permit "${net[@]}" -t 6 >/dev/null
  echo "== $radio: median of 5 runs, ms (each run connects, starts the network and asks)"
  for cmd in "read $light on_off on_off" "command $light on_off toggle" "interview $light" \
    "configure-reporting $light on_off on_off" "network-scan" "energy-scan"; do
    runs=()
    # shellcheck disable=SC2086 # the command's words
    for _ in 1 2 3 4 5; do runs+=("$(ms "$bin" $cmd "${net[@]}")"); done
    printf '  zcl-host %-40s %6s\n' "${cmd%% *}" "$(median "${runs[@]}")"
  done
  if [ -x "$venv/bin/zigpy" ]; then
    ours=(); theirs=()
    for _ in 1 2 3; do ours+=("$(ms "$bin" backup --radio "$radio" --port "$port" "$work/b.json")"); done
    for _ in 1 2 3; do theirs+=("$(ms "$venv/bin/zigpy" radio "$radio" "$port" backup "$work/z.json")"); done
    printf '  backup (3 devices)   zcl-host %6s   zigpy-cli %6s\n' "$(median "${ours[@]}")" "$(median "${theirs[@]}")"
  fi
  kill "$sim"; wait "$sim" 2>/dev/null || true
done
