// Builds ZCL frames with zigbee-herdsman's own encoder (Zcl.Frame.create(...).toBuffer()) and
// records what herdsman decodes from them (Zcl.Frame.fromBuffer).
//
// Usage: HERDSMAN_DIR=<unpacked zigbee-herdsman package> node gen_herdsman.js [out-dir]
// Writes herdsman-global.jsonl (every foundation command; attribute-value commands with a value
// of every data type herdsman can encode, arrays/sets/bags of every element type, structures)
// and herdsman-cluster.jsonl (every cluster-specific command herdsman 11 defines, both
// directions, a few times with seeded pseudo-random values) into out-dir
// (default examples/corpus/peers).
//
// Each line: {"id", "cluster", "hex", "peer": {"header": {...}, "command": name, "payload": ...}}
// or "peer_error" when herdsman cannot read its own frame. Values as herdsman decodes them:
// numbers, strings, Buffers as {"bytes": hex}, BigInts as {"bigint": "<decimal>"}, NaN as "NaN".
// Compared with zcl-host by tests/tests/peers_differential.rs.
"use strict";
const fs = require("fs");
const path = require("path");
const Zcl = require(path.join(process.env.HERDSMAN_DIR, "dist/zspec/zcl"));

const OUT = process.argv[2] || "examples/corpus/peers";
const { DataType: DT, BuffaloZclDataType: BT, FrameType, Direction } = Zcl;

// Seeded PRNG (mulberry32) so a rerun writes the same corpus.
let seed = 20240524;
function rnd() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randint = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const choice = (a) => a[randint(0, a.length - 1)];
let SMALL = false;

function uint(bits) {
  if (SMALL) return randint(0, 3);
  const r = rnd();
  const max = 2 ** bits - 1;
  if (r < 0.1) return 0;
  if (r < 0.3) return randint(0, Math.min(max, 300));
  if (bits > 48) return randint(0, 2 ** 48 - 1);
  return Math.floor(rnd() * (max + 1));
}
function int(bits) {
  const r = rnd();
  const max = 2 ** (bits - 1) - 1;
  if (r < 0.1) return -max;
  if (r < 0.2) return max;
  if (r < 0.5) return randint(-10, 300);
  if (bits > 48) return randint(-(2 ** 47), 2 ** 47);
  return randint(-max - 1, max);
}
function str(max = 12) {
  const a = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.";
  let s = "";
  for (let i = randint(0, max); i > 0; i--) s += choice(a);
  return s;
}
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => randint(0, 255)));
const ieee = () => "0x" + bytes(8).toString("hex");
function single() {
  const b = Buffer.alloc(4);
  if (rnd() < 0.4) return choice([0, 1, -2.5, 21.5, 1e-38]);
  b.writeUInt32LE((randint(0, 0x7f7fffff) + randint(0, 1) * 0x80000000) >>> 0);
  return b.readFloatLE(0);
}
function double() {
  return rnd() < 0.4 ? choice([0, 1, -2.5, 21.5, 1.7976931348623157e308, 1e-300]) : (rnd() - 0.5) * 2e9;
}

const WIDTH = {
  [DT.DATA8]: 8, [DT.DATA16]: 16, [DT.DATA24]: 24, [DT.DATA32]: 32, [DT.DATA40]: 40, [DT.DATA48]: 48,
  [DT.BITMAP8]: 8, [DT.BITMAP16]: 16, [DT.BITMAP24]: 24, [DT.BITMAP32]: 32, [DT.BITMAP40]: 40,
  [DT.BITMAP48]: 48, [DT.UINT8]: 8, [DT.UINT16]: 16, [DT.UINT24]: 24, [DT.UINT32]: 32, [DT.UINT40]: 40,
  [DT.UINT48]: 48, [DT.ENUM8]: 8, [DT.ENUM16]: 16, [DT.UTC]: 32, [DT.CLUSTER_ID]: 16, [DT.ATTR_ID]: 16,
  [DT.BAC_OID]: 32, [DT.BOOLEAN]: 1,
};
const SIGNED = { [DT.INT8]: 8, [DT.INT16]: 16, [DT.INT24]: 24, [DT.INT32]: 32, [DT.INT40]: 40, [DT.INT48]: 48 };

// A value of ZCL data type `t` in the form herdsman's encoder takes.
function value(t, depth = 0) {
  if (t === DT.BOOLEAN) return randint(0, 1);
  if (t in WIDTH) return uint(WIDTH[t]);
  if (t in SIGNED) return int(SIGNED[t]);
  switch (t) {
    case DT.DATA56: case DT.BITMAP56: case DT.UINT56:
      return randint(0, 2 ** 48);
    case DT.DATA64: case DT.BITMAP64: case DT.UINT64:
      return BigInt(randint(0, 2 ** 48)) * 65536n + BigInt(randint(0, 65535));
    case DT.INT56:
      return int(48);
    case DT.INT64:
      return BigInt(int(48)) * 65536n;
    case DT.SEMI_PREC: return 1.5; // herdsman cannot encode it: such frames are skipped
    case DT.SINGLE_PREC: return single();
    case DT.DOUBLE_PREC: return double();
    case DT.OCTET_STR: case DT.LONG_OCTET_STR: return bytes(randint(0, 8));
    case DT.CHAR_STR: case DT.LONG_CHAR_STR: return str();
    case DT.TOD: return { hours: randint(0, 23), minutes: randint(0, 59), seconds: randint(0, 59), hundredths: randint(0, 99) };
    case DT.DATE: return { year: randint(1990, 2100), month: randint(1, 12), dayOfMonth: randint(1, 28), dayOfWeek: randint(1, 7) };
    case DT.IEEE_ADDR: return ieee();
    case DT.SEC_KEY: return bytes(16);
    case DT.ARRAY: case DT.SET: case DT.BAG: {
      const e = choice(ELEMENT_TYPES);
      return { elementType: e, elements: Array.from({ length: depth > 1 ? 0 : randint(0, 4) }, () => value(e, depth + 1)) };
    }
    case DT.STRUCT:
      return Array.from({ length: randint(0, 4) }, () => {
        const e = choice(ELEMENT_TYPES);
        return { elmType: e, elmVal: value(e, depth + 1) };
      });
    case DT.NO_DATA: case DT.UNKNOWN: return undefined;
  }
  throw new Error(`no value for type ${t}`);
}

// Herdsman's scene extension field types by cluster (what its encoder can write).
const EXT_TYPES = { 6: [DT.UINT8], 8: [DT.UINT8], 258: [DT.UINT8, DT.UINT8], 768: [DT.UINT16, DT.UINT16, DT.UINT16, DT.UINT8, DT.UINT8, DT.UINT8, DT.UINT16, DT.UINT16] };
const SIZE = { [DT.UINT8]: 1, [DT.UINT16]: 2 };

// A value for a cluster command parameter (including herdsman's own list types).
function param(p, payload) {
  switch (p.type) {
    case BT.LIST_UINT8: return Array.from({ length: randint(0, 4) }, () => uint(8));
    case BT.LIST_UINT16: return Array.from({ length: randint(0, 4) }, () => uint(16));
    case BT.LIST_UINT24: return Array.from({ length: randint(0, 4) }, () => uint(24));
    case BT.LIST_UINT32: return Array.from({ length: randint(0, 4) }, () => uint(32));
    case BT.LIST_ZONEINFO: return Array.from({ length: randint(0, 3) }, () => ({ zoneID: uint(8), zoneStatus: uint(16) }));
    case BT.EXTENSION_FIELD_SETS:
      return Array.from({ length: randint(0, 3) }, () => {
        const clstId = Number(choice(Object.keys(EXT_TYPES)));
        const n = randint(1, EXT_TYPES[clstId].length);
        const types = EXT_TYPES[clstId].slice(0, n);
        return { clstId, len: types.reduce((a, t) => a + SIZE[t], 0), extField: types.map((t) => value(t)) };
      });
    case BT.LIST_THERMO_TRANSITIONS: {
      const mode = payload.mode ?? 3;
      return Array.from({ length: payload.numoftrans ?? 1 }, () => {
        const e = { transitionTime: uint(16) };
        if (mode & 1) e.heatSetpoint = int(16);
        if (mode & 2) e.coolSetpoint = int(16);
        return e;
      });
    }
    case BT.BUFFER: return bytes(randint(0, 8));
    case BT.LIST_TUYA_DATAPOINT_VALUES:
      return Array.from({ length: randint(0, 3) }, () => {
        const datatype = randint(0, 5);
        const len = { 0: randint(0, 4), 1: 1, 2: 4, 3: randint(0, 6), 4: 1, 5: choice([1, 2, 4]) }[datatype];
        const data = datatype === 1 ? Buffer.from([randint(0, 1)]) : datatype === 3 ? Buffer.from(str(len)) : bytes(len);
        return { dp: uint(8), datatype, data };
      });
    case BT.LIST_MIBOXER_ZONES: return Array.from({ length: randint(0, 3) }, () => ({ groupId: uint(16), zoneNum: uint(8) }));
    case BT.BIG_ENDIAN_UINT24: return uint(24);
    case BT.GPD_FRAME: return bytes(randint(0, 6));
    default: return value(p.type);
  }
}

// JSON form of what herdsman decoded.
function js(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === "bigint") return { bigint: v.toString() };
  if (typeof v === "number") return Number.isFinite(v) ? v : Number.isNaN(v) ? "NaN" : v > 0 ? "inf" : "-inf";
  if (Buffer.isBuffer(v)) return { bytes: v.toString("hex") };
  if (Array.isArray(v)) return v.map(js);
  if (typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) o[k] = js(x);
    return o;
  }
  return v;
}

const out = { global: [], cluster: [] };
function emit(kind, id, clusterId, frameType, direction, manufacturer, command, payload, cluster) {
  let buf;
  try {
    const frame = Zcl.Frame.create(frameType, direction, rnd() < 0.5, manufacturer, randint(0, 255), command, cluster, payload, {});
    buf = frame.toBuffer();
  } catch (e) {
    return false; // herdsman cannot encode this value; nothing to compare
  }
  const line = { id, cluster: clusterId, hex: buf.toString("hex") };
  try {
    const h = Zcl.Header.fromBuffer(buf);
    const f = Zcl.Frame.fromBuffer(clusterId, h, buf, {});
    line.peer = {
      header: {
        frame_type: h.frameControl.frameType,
        manufacturer: h.manufacturerCode ?? null,
        direction: h.frameControl.direction,
        disable_default_response: h.frameControl.disableDefaultResponse ? 1 : 0,
        tsn: h.transactionSequenceNumber,
        command_id: h.commandIdentifier,
      },
      command: f.command.name,
      payload: js(f.payload),
    };
  } catch (e) {
    line.peer_error = String(e.message || e);
  }
  out[kind].push(line);
  return true;
}

const ALL_TYPES = Object.values(DT).filter((t) => typeof t === "number" && t !== DT.UNKNOWN);
const ELEMENT_TYPES = ALL_TYPES.filter((t) => ![DT.NO_DATA, DT.ARRAY, DT.SET, DT.BAG, DT.STRUCT].includes(t));
const ANALOG = (t) => Zcl.Utils.isAnalogDataType(t);
const attrId = () => choice([0x0000, 0x0001, 0x0010, 0x4000, 0xfffd, randint(0, 0xffff)]);
const STATUSES = [0x00, 0x86, 0x87, 0x88, 0x8d, 0x8b, 0x01, 0x7e];
const G = (name, id, dir, payload, manu) => emit("global", id, 0, FrameType.GLOBAL, dir, manu, name, payload, "genBasic");
const C2S = Direction.CLIENT_TO_SERVER;
const S2C = Direction.SERVER_TO_CLIENT;
const selector = () => {
  const n = randint(0, 3);
  return n ? { indexes: Array.from({ length: n }, () => uint(16)) } : {};
};

function globals() {
  const vals = [];
  for (const t of ALL_TYPES) {
    if ([DT.ARRAY, DT.SET, DT.BAG].includes(t)) {
      for (const e of ELEMENT_TYPES) {
        const n = randint(0, 4);
        vals.push([`${DT[t]}_${DT[e]}`, t, { elementType: e, elements: Array.from({ length: n }, () => value(e, 1)) }]);
      }
    } else {
      const reps = t === DT.STRUCT ? 6 : 2;
      for (let i = 0; i < reps; i++) vals.push([`${DT[t]}.${i}`, t, value(t)]);
    }
  }
  for (const [label, t, v] of vals) {
    const manu = rnd() < 0.25 ? 0x115f : undefined;
    const rsp = [{ attrId: attrId(), status: 0, dataType: t, attrData: v }];
    if (rnd() < 0.3) rsp.push({ attrId: attrId(), status: 0x86 });
    G("readRsp", `readRsp/${label}`, S2C, rsp, manu);
    for (const cmd of ["write", "writeUndiv", "writeNoRsp"]) G(cmd, `${cmd}/${label}`, C2S, [{ attrId: attrId(), dataType: t, attrData: v }], manu);
    G("report", `report/${label}`, S2C, [{ attrId: attrId(), dataType: t, attrData: v }], manu);
    G("writeStructured", `writeStructured/${label}`, C2S, [{ attrId: attrId(), selector: selector(), dataType: t, elementData: v }], manu);
  }
  for (const t of ALL_TYPES) {
    const send = { direction: 0, attrId: attrId(), dataType: t, minRepIntval: uint(16), maxRepIntval: uint(16) };
    if (ANALOG(t)) send.repChange = value(t);
    const recv = { direction: 1, attrId: attrId(), timeout: uint(16) };
    G("configReport", `configReport/${DT[t]}/0`, C2S, [send]);
    G("readReportConfigRsp", `readReportConfigRsp/${DT[t]}/0`, S2C, [{ status: 0, ...send }]);
    if (t === DT.UINT8) {
      G("configReport", `configReport/recv`, C2S, [recv]);
      G("readReportConfigRsp", `readReportConfigRsp/recv`, S2C, [{ status: 0, ...recv }]);
    }
  }
  for (let i = 0; i < 30; i++) {
    const manu = rnd() < 0.3 ? 0x1037 : undefined;
    G("read", `read/${i}`, C2S, Array.from({ length: randint(1, 6) }, () => ({ attrId: attrId() })), manu);
    const fail = () => choice(STATUSES.slice(1));
    G("writeRsp", `writeRsp/${i}`, S2C, i % 3 === 0 ? [{ status: 0 }] : Array.from({ length: randint(1, 3) }, () => ({ status: fail(), attrId: attrId() })), manu);
    G("configReportRsp", `configReportRsp/${i}`, S2C, i % 3 === 0 ? [{ status: 0 }] : Array.from({ length: randint(1, 3) }, () => ({ status: fail(), direction: randint(0, 1), attrId: attrId() })), manu);
    G("readReportConfig", `readReportConfig/${i}`, C2S, Array.from({ length: randint(1, 3) }, () => ({ direction: randint(0, 1), attrId: attrId() })), manu);
    G("readReportConfigRsp", `readReportConfigRsp/failed/${i}`, S2C, [{ status: fail(), direction: randint(0, 1), attrId: attrId() }], manu);
    G("defaultRsp", `defaultRsp/${i}`, i % 2 ? C2S : S2C, { cmdId: uint(8), statusCode: choice(STATUSES) }, manu);
    for (const c of ["discover", "discoverExt"]) G(c, `${c}/${i}`, C2S, { startAttrId: attrId(), maxAttrIds: uint(8) }, manu);
    G("discoverRsp", `discoverRsp/${i}`, S2C, { discComplete: i % 2, attrInfos: Array.from({ length: randint(0, 5) }, () => ({ attrId: attrId(), dataType: choice(ALL_TYPES) })) }, manu);
    G("discoverExtRsp", `discoverExtRsp/${i}`, S2C, { discComplete: i % 2, attrInfos: Array.from({ length: randint(0, 5) }, () => ({ attrId: attrId(), dataType: choice(ALL_TYPES), access: randint(0, 7) })) }, manu);
    for (const c of ["discoverCommands", "discoverCommandsGen"]) G(c, `${c}/${i}`, C2S, { startCmdId: uint(8), maxCmdIds: uint(8) }, manu);
    for (const c of ["discoverCommandsRsp", "discoverCommandsGenRsp"]) G(c, `${c}/${i}`, S2C, { discComplete: i % 2, commandIds: Array.from({ length: randint(0, 6) }, () => uint(8)) }, manu);
    G("readStructured", `readStructured/${i}`, C2S, Array.from({ length: randint(1, 3) }, () => ({ attrId: attrId(), selector: selector() })), manu);
    G("writeStructuredRsp", `writeStructuredRsp/${i}`, S2C, i % 3 === 0 ? [{ status: 0 }] : Array.from({ length: randint(1, 3) }, () => ({ status: fail(), attrId: attrId(), selector: selector() })), manu);
  }
}

function clusters() {
  for (const [name, cl] of Object.entries(Zcl.Clusters)) {
    for (const [dir, key] of [[C2S, "commands"], [S2C, "commandsResponse"]]) {
      for (const [cname, cmd] of Object.entries(cl[key] || {})) {
        for (let i = 0; i < 3; i++) {
          let ok = false;
          for (let attempt = 0; attempt < 20 && !ok; attempt++) {
            SMALL = attempt > 0;
            const payload = {};
            cmd.parameters.forEach((p, k) => {
              // i == 1: leave out trailing parameters that may be omitted
              if (i === 1 && p.conditions?.some((c) => c.type === "minimumRemainingBufferBytes")) return;
              // mostly SUCCESS for a status, as on a real network (other codes remove fields)
              payload[p.name] = p.name === "status" && rnd() < 0.7 ? 0 : param(p, payload);
              // herdsman reads a list's length from the parameter before it
              const prev = cmd.parameters[k - 1];
              if (p.type >= BT.LIST_UINT8 && p.type <= BT.LIST_ZONEINFO && prev && typeof payload[prev.name] === "number") {
                payload[prev.name] = payload[p.name].length;
              }
            });
            const manu = cmd.manufacturerCode ?? cl.manufacturerCode;
            ok = emit("cluster", `${name}/${key === "commands" ? "" : "rsp."}${cname}/${i}`, cl.ID, FrameType.SPECIFIC, dir, manu, cmd.ID, payload, name);
          }
          SMALL = false;
          if (!ok) console.error(`skip ${name} ${cname} ${i}`);
        }
      }
    }
  }
}

globals();
clusters();
fs.mkdirSync(OUT, { recursive: true });
for (const [kind, lines] of Object.entries(out)) {
  const file = path.join(OUT, `herdsman-${kind}.jsonl`);
  fs.writeFileSync(file, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  const bad = lines.filter((l) => l.peer_error).length;
  console.log(`${file}: ${lines.length} frames (${bad} herdsman cannot decode)`);
}
