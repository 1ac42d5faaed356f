#!/usr/bin/env bash
# Third-party hosts against our simulated coprocessors: zigpy-cli with bellows (EZSP) runs
# `info`, `form` and `backup` against `zcl-host sim --radio ezsp`, and zigpy-cli with zigpy-znp
# (Z-Stack MT) the same against `zcl-host sim --radio znp`, over a pseudo-terminal and over
# socket://. The venv is created in target/peers with the pinned versions of
# requirements.txt; when PyPI cannot be reached the check is skipped with a message.
#
# usage: scripts/peers/zigpy.sh [path/to/zcl-host]
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-target/debug/zcl-host}
venv=target/peers/venv
if [ ! -x "$venv/bin/zigpy" ]; then
  if ! timeout 20 python3 -c "import urllib.request; urllib.request.urlopen('https://pypi.org/simple/bellows/', timeout=15)" 2>/dev/null; then
    echo "SKIPPED: PyPI is unreachable, zigpy-cli/bellows cannot be installed"
    exit 0
  fi
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r scripts/peers/requirements.txt
fi
work=$(mktemp -d)
sim_pid=
cleanup() { [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

radio=ezsp
start_sim() { # $1: transport flag (--pty or --listen ADDR); prints the port the host opens
  "$bin" sim --radio "$radio" "$@" --state "$work/state.json" >"$work/sim.out" 2>"$work/sim.log" &
  sim_pid=$!
  for _ in $(seq 100); do
    [ -s "$work/sim.out" ] && break
    sleep 0.1
  done
  head -n 1 "$work/sim.out"
}
stop_sim() { kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; sim_pid=; }
zigpy() { timeout 120 "$venv/bin/zigpy" radio "$radio" "$@"; }
fail() { echo "FAILED: $*"; echo "--- simulator log"; tail -n 40 "$work/sim.log"; exit 1; }

check_backup() { # $1: output of `info`, $2: backup file; both must describe the same network
  python3 - "$1" "$2" <<'PY'
import json, re, sys
info = open(sys.argv[1]).read()
backup = json.load(open(sys.argv[2]))
assert backup["metadata"]["format"] == "zigpy/open-coordinator-backup", backup["metadata"]
pan = re.search(r"PAN ID:\s+0x([0-9A-F]{4})", info).group(1)
assert backup["pan_id"].upper() == pan, (backup["pan_id"], pan)
channel = int(re.search(r"Channel:\s+(\d+)", info).group(1))
assert backup["channel"] == channel and 11 <= channel <= 26, (backup["channel"], channel)
key = re.search(r"Network key:\s+([0-9a-f:]+)", info).group(1).replace(":", "")
assert backup["network_key"]["key"].replace(":", "").lower() == key.lower()
print(f"backup agrees with info: PAN 0x{pan}, channel {channel}, {len(backup['devices'])} devices")
PY
}

same_network() { # $1, $2: backups; $3: how much higher $2's frame counter must be
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bump = int(sys.argv[3])
# At least the increment: an NCP also raises its counter by a margin each time it restarts.
assert b["network_key"]["frame_counter"] >= a["network_key"]["frame_counter"] + bump, (a["network_key"], b["network_key"])
for field in ("coordinator_ieee", "pan_id", "extended_pan_id", "nwk_update_id", "security_level",
              "channel", "channel_mask", "devices", "stack_specific"):
    assert a[field] == b[field], (field, a[field], b[field])
assert a["network_key"]["key"] == b["network_key"]["key"]
print(f"same network: PAN {b['pan_id']}, {len(b['devices'])} devices, frame counter +{bump} or more")
PY
}

echo "-- bellows over a pty: form, info, permit (the simulated devices join), backup"
port=$(start_sim --pty)
zigpy "$port" form >"$work/form.out" 2>&1 || { cat "$work/form.out"; fail "zigpy form"; }
zigpy "$port" info >"$work/info.out" 2>&1 || { cat "$work/info.out"; fail "zigpy info"; }
cat "$work/info.out"
timeout 60 "$venv/bin/zigpy" -v radio ezsp "$port" permit -t 10 >"$work/permit.out" 2>&1 ||
  { cat "$work/permit.out"; fail "bellows permit"; }
joined=$(grep -c "zigpy.application INFO New device .* joined the network" "$work/permit.out" || true)
[ "$joined" -eq 3 ] || { tail -20 "$work/permit.out"; fail "bellows saw $joined of 3 devices join"; }
! grep -q "left the network" "$work/permit.out" ||
  { tail -20 "$work/permit.out"; fail "devices left a network bellows formed (hashed trust-center link keys)"; }
zigpy "$port" backup "$work/backup.json" >"$work/backup.out" 2>&1 || { cat "$work/backup.out"; fail "zigpy backup"; }
check_backup "$work/info.out" "$work/backup.json" || fail "backup does not match info"
python3 - "$work/backup.json" <<'PY' || fail "bellows backup lacks the joined devices"
import json, sys
backup = json.load(open(sys.argv[1]))
ieees = sorted(d["ieee_address"] for d in backup["devices"])
# The sensor from the child table; the light and the plug (routers) from the address table.
assert ieees == ["000d6f001a2b3c03", "00158d00045e6f02", "001788010a1b2c01"], ieees
print("bellows backup lists", len(ieees), "devices:", ", ".join(ieees))
PY
stop_sim

echo "-- bellows over socket:// against the same state: info finds the formed network"
addr=$(start_sim --listen 127.0.0.1:0)
zigpy "socket://$addr" info >"$work/info-tcp.out" 2>&1 || { cat "$work/info-tcp.out"; fail "zigpy info over TCP"; }
diff <(grep -E "PAN ID|Extended PAN|Channel:|Device IEEE|Network key:" "$work/info.out") \
     <(grep -E "PAN ID|Extended PAN|Channel:|Device IEEE|Network key:" "$work/info-tcp.out") ||
  fail "info over TCP differs from info over the pty"
stop_sim
for version in 8 14 18; do
  echo "-- bellows against an NCP speaking EZSP v$version: form, backup"
  rm -f "$work/state.json"
  port=$(start_sim --pty --ezsp-version "$version")
  zigpy "$port" form >"$work/form.out" 2>&1 || { cat "$work/form.out"; fail "zigpy form (EZSP v$version)"; }
  zigpy "$port" backup "$work/backup-$version.json" >"$work/backup.out" 2>&1 ||
    { cat "$work/backup.out"; fail "zigpy backup (EZSP v$version)"; }
  python3 -c "import json,sys; b=json.load(open(sys.argv[1])); assert b['metadata']['internal']['ezspVersion'] == int(sys.argv[2]), b['metadata']; print('backup from EZSP v' + sys.argv[2] + ': PAN', b['pan_id'], 'channel', b['channel'])" "$work/backup-$version.json" "$version" ||
    fail "backup from EZSP v$version"
  stop_sim
done
echo "-- bellows' backup restores with zcl-host into a fresh NCP; bellows reads it back, and back again"
rm -f "$work/state.json"
port=$(start_sim --pty)
"$bin" restore --radio ezsp --port "$port" "$work/backup.json" || fail "zcl-host restore of bellows' backup"
zigpy "$port" backup "$work/bellows-after-ours.json" >"$work/backup.out" 2>&1 || { cat "$work/backup.out"; fail "bellows backup after our restore"; }
same_network "$work/backup.json" "$work/bellows-after-ours.json" 10000 || fail "our EZSP restore lost something bellows had backed up"
"$bin" backup --radio ezsp --port "$port" "$work/ours-ezsp.json" || fail "zcl-host EZSP backup"
stop_sim
rm -f "$work/state.json"
port=$(start_sim --pty)
zigpy "$port" restore "$work/ours-ezsp.json" >"$work/restore.out" 2>&1 || { cat "$work/restore.out"; fail "bellows restore of our backup"; }
"$bin" backup --radio ezsp --port "$port" "$work/ours-ezsp-after-bellows.json" || fail "zcl-host backup after bellows' restore"
same_network "$work/ours-ezsp.json" "$work/ours-ezsp-after-bellows.json" 5000 || fail "bellows' restore of our backup lost something"
stop_sim
echo "zigpy-cli + bellows: form, info, backup over pty and socket://, EZSP v8/v13/v14/v18, backups both ways: passed"

radio=znp
rm -f "$work/state.json"
echo "-- zigpy-znp over a pty: form, info, permit (the simulated devices join), backup"
port=$(start_sim --pty)
zigpy "$port" form >"$work/form.out" 2>&1 || { cat "$work/form.out"; fail "zigpy-znp form"; }
zigpy "$port" info >"$work/info.out" 2>&1 || { cat "$work/info.out"; fail "zigpy-znp info"; }
cat "$work/info.out"
# -v: zigpy logs each join at INFO level.
timeout 60 "$venv/bin/zigpy" -v radio znp "$port" permit -t 6 >"$work/permit.out" 2>&1 || { cat "$work/permit.out"; fail "zigpy-znp permit"; }
joined=$(grep -c "zigpy.application INFO New device .* joined the network" "$work/permit.out" || true)
[ "$joined" -eq 3 ] || { cat "$work/permit.out"; fail "zigpy-znp saw $joined of 3 devices join"; }
zigpy "$port" backup "$work/backup.json" >"$work/backup.out" 2>&1 || { cat "$work/backup.out"; fail "zigpy-znp backup"; }
check_backup "$work/info.out" "$work/backup.json" || fail "zigpy-znp backup does not match info"
python3 - "$work/backup.json" <<'PY' || fail "zigpy-znp backup lacks the joined devices"
import json, sys
backup = json.load(open(sys.argv[1]))
ieees = sorted(d["ieee_address"] for d in backup["devices"])
# The plug, the sensor and the light of the simulated network.
assert ieees == ["000d6f001a2b3c03", "00158d00045e6f02", "001788010a1b2c01"], ieees
assert backup["metadata"]["source"].startswith("zigpy-znp@"), backup["metadata"]
assert backup["stack_specific"]["zstack"]["tclk_seed"], backup["stack_specific"]
print("zigpy-znp backup lists", len(ieees), "devices:", ", ".join(ieees))
PY
stop_sim

echo "-- zigpy-znp over socket:// against the same state: info finds the formed network"
addr=$(start_sim --listen 127.0.0.1:0)
zigpy "socket://$addr" info >"$work/info-tcp.out" 2>&1 || { cat "$work/info-tcp.out"; fail "zigpy-znp info over TCP"; }
diff <(grep -E "PAN ID|Extended PAN|Channel:|Device IEEE|Network key:" "$work/info.out") \
     <(grep -E "PAN ID|Extended PAN|Channel:|Device IEEE|Network key:" "$work/info-tcp.out") ||
  fail "zigpy-znp info over TCP differs from info over the pty"
stop_sim

echo "-- zigpy-znp's backup restores with zcl-host into a fresh coprocessor; zigpy-znp reads it back"
rm -f "$work/state.json"
port=$(start_sim --pty)
"$bin" restore --radio znp --port "$port" "$work/backup.json" || fail "zcl-host restore of zigpy-znp's backup"
zigpy "$port" backup "$work/zigpy-after-ours.json" >"$work/backup.out" 2>&1 || { cat "$work/backup.out"; fail "zigpy-znp backup after our restore"; }
same_network "$work/backup.json" "$work/zigpy-after-ours.json" 10000 || fail "our restore lost something zigpy-znp had backed up"
"$bin" backup --radio znp --port "$port" "$work/ours.json" || fail "zcl-host backup"
[ "$(stat -c %a "$work/ours.json")" = 600 ] || fail "our backup file is not mode 0600"
stop_sim
echo "-- zcl-host's backup restores with zigpy-znp into a fresh coprocessor; zcl-host reads it back"
rm -f "$work/state.json"
port=$(start_sim --pty)
zigpy "$port" restore "$work/ours.json" >"$work/restore.out" 2>&1 || { cat "$work/restore.out"; fail "zigpy-znp restore of our backup"; }
"$bin" backup --radio znp --port "$port" "$work/ours-after-zigpy.json" || fail "zcl-host backup after zigpy's restore"
same_network "$work/ours.json" "$work/ours-after-zigpy.json" 5000 || fail "zigpy-znp's restore of our backup lost something"
stop_sim
echo "zigpy-cli + zigpy-znp: form, info, permit, backup over pty and socket://, backups both ways: passed"
