#!/usr/bin/env bash
# Decodes examples/corpus/zcl-mixed.jsonl with zcl-host, zigbee-herdsman 11 and zigpy 2.4 and
# prints each one's frames per CPU-second. Needs node/npm and pip; installs the peers in a
# temporary directory (herdsman's tarball only: its radio dependencies are not needed to decode).
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus=examples/corpus/zcl-mixed.jsonl
cargo build --release -q -p zcl-host
./target/release/zcl-host decode --input "$corpus" --bench
tmp=$(mktemp -d)
(cd "$tmp" && npm pack -q zigbee-herdsman@11 >/dev/null && tar xzf zigbee-herdsman-*.tgz)
HERDSMAN_DIR="$tmp/package" node scripts/compare/herdsman_decode.js "$corpus" 20000
pip install -q 'zigpy==2.4.*'
python3 scripts/compare/zigpy_decode.py "$corpus" 200
