#!/usr/bin/env python3
"""Builds ZCL frames with zigpy's own encoders and records what zigpy decodes from them.

Writes two JSON-lines corpora under examples/corpus/peers/ (or the folder given as the first
argument):

* zigpy-global.jsonl: every foundation (global) command; the attribute-value commands with a
  value of every ZCL data type zigpy knows, collections (array/set/bag) of every element type,
  structures.
* zigpy-cluster.jsonl: every cluster-specific command zigpy 2.4 defines, in both directions, a
  few times with different (seeded pseudo-random) field values.

Each line: {"id", "cluster", "hex", "peer": {"header": {...}, "command": name, "payload": ...}}
or, when zigpy cannot decode its own frame, "peer_error" instead of "peer". Values are kept as
zigpy decodes them: integers and enums as numbers, floats as numbers (NaN/inf as strings),
strings as strings, bytes as {"bytes": hex}, EUI64 as {"eui64": "xx:..."} (zigpy's rendering),
structures as objects in field order. The Rust test tests/tests/peers_differential.rs compares
them with zcl-host's decoding.

Run through scripts/compare/regen_peers.sh, which installs the pinned zigpy into a temporary
virtual environment.
"""

import enum
import json
import math
import os
import random
import re
import struct
import sys

import zigpy.types as t
import zigpy.zcl as zcl
from zigpy.zcl import foundation as f

OUT = sys.argv[1] if len(sys.argv) > 1 else "examples/corpus/peers"
SEED = 20240524
rng = random.Random(SEED)

# ---------------------------------------------------------------------------------------------
# Values


SMALL = False


def rand_int(bits, signed):
    if SMALL and not signed:
        return rng.randint(0, 3)
    if signed:
        lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        lo, hi = 0, (1 << bits) - 1
    r = rng.random()
    if r < 0.1:
        return lo
    if r < 0.2:
        return hi
    if r < 0.5:
        return rng.randint(max(lo, -10), min(hi, 300))
    return rng.randint(lo, hi)


def rand_str(max_len=12):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_."
    n = rng.randint(0, max_len)
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_float(kind):
    """A float exactly representable in the type (so the peer's encoder does not round)."""
    r = rng.random()
    if kind == "half":
        if r < 0.5:
            return float(rng.choice([0.0, 1.0, -2.5, 0.5, 65504.0, 1024.25, -0.125]))
        bits = rng.randint(0, 0x7BFF) | (rng.randint(0, 1) << 15)
        return struct.unpack("<e", struct.pack("<H", bits))[0]
    if kind == "single":
        if r < 0.4:
            return float(rng.choice([0.0, 1.0, -2.5, 21.5, 3.4028234663852886e38, 1e-38]))
        bits = rng.randint(0, 0x7F7FFFFF) | (rng.randint(0, 1) << 31)
        return struct.unpack("<f", struct.pack("<I", bits))[0]
    if r < 0.4:
        return float(rng.choice([0.0, 1.0, -2.5, 21.5, 1.7976931348623157e308, 1e-300]))
    return rng.uniform(-1e9, 1e9)


def gen(T, depth=0):
    """A value of zigpy type T."""
    if T is t.Bool or (isinstance(T, type) and issubclass(T, t.Bool)):
        return T(rng.randint(0, 1))
    if issubclass(T, enum.Flag):
        v = 0
        for m in T:
            if rng.random() < 0.5:
                v |= m.value
        return T(v)
    if issubclass(T, enum.Enum):
        members = list(T)
        if members:
            return rng.choice(members)
        return T(rng.randint(0, 0x10))
    if issubclass(T, t.Half):
        return T(rand_float("half"))
    if issubclass(T, t.Single):
        return T(rand_float("single"))
    if issubclass(T, t.Double):
        return T(rand_float("double"))
    if issubclass(T, t.Struct):
        return gen_struct(T, depth)
    if issubclass(T, t.FixedIntType):
        return T(rand_int(T._bits, T._signed))
    if issubclass(T, t.CharacterString):
        max_len = getattr(T, "_max_len", None) or 12
        return T(rand_str(min(max_len, 12)))
    if issubclass(T, bytes):
        return T(bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 8))))
    if issubclass(T, t.FixedList):
        return T([gen(T._item_type, depth + 1) for _ in range(T._length)])
    if issubclass(T, (t.LVList, t.List)):
        n = rng.randint(0, 3) if depth < 2 else 0
        return T([gen(T._item_type, depth + 1) for _ in range(n)])
    if T is t.NoData or issubclass(T, t.NoData):
        return T()
    # Anything else: let zigpy read it from random bytes.
    for _ in range(50):
        data = bytes(rng.randint(0, 255) for _ in range(32))
        try:
            v, _ = T.deserialize(data)
            return v
        except Exception:
            continue
    raise TypeError(f"cannot make a {T}")


def gen_struct(T, depth):
    for _ in range(20):
        kwargs = {}
        for fld in T.fields:
            if fld.optional and rng.random() < 0.3:
                continue
            kwargs[fld.name] = gen(fld.type, depth + 1)
        try:
            v = T(**kwargs)
            # Drop fields whose `requires` does not hold so the struct serializes.
            for fld in T.fields:
                if fld.requires is not None and not fld.requires(v):
                    setattr(v, fld.name, None)
            v.serialize()
            return v
        except Exception:
            continue
    return T.deserialize(bytes(64))[0]


def is_bitfield_struct(T):
    try:
        bits = [getattr(fld.type, "_bits", None) for fld in T.fields]
    except Exception:
        return False
    return bool(bits) and all(b is not None for b in bits) and any(b % 8 for b in bits) and sum(bits) <= 32


def js(v):
    """JSON form of a zigpy decoded value (see the module documentation)."""
    if v is None:
        return None
    if isinstance(v, t.EUI64):
        return {"eui64": str(v)}
    if isinstance(v, enum.Enum):
        return int(v.value)
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return float(v)
    if isinstance(v, int):
        return int(v)
    if isinstance(v, str):
        return str(v)
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    if isinstance(v, t.FixedList) and issubclass(type(v)._item_type, t.uint8_t):
        return {"bytes": bytes(v).hex()}
    if isinstance(v, (f.Array, f.Set, f.Bag)):
        # zigpy keeps the element type here and drops the collection's own type id; the
        # element type is left out (zcl-host prints the collection's type and its elements).
        return {"type": int(DT.from_python_type(type(v)).type_id), "value": js(v.value)}
    if isinstance(v, f.TypeValue):
        if isinstance(v.value, (f.Array, f.Set, f.Bag)):
            return js(v.value)
        return {"type": int(v.type), "value": js(v.value)}
    if isinstance(v, t.Struct) and is_bitfield_struct(type(v)):
        # A bit-field structure (a bitmap with named sub-fields): its wire value.
        return int.from_bytes(v.serialize(), "little")
    if isinstance(v, t.Struct):
        out = {}
        for fld in v.fields:
            x = getattr(v, fld.name)
            if x is not None:
                out[fld.name] = js(x)
        return out
    if isinstance(v, list):
        return [js(x) for x in v]
    if hasattr(v, "__dict__"):
        return {k: js(x) for k, x in vars(v).items() if x is not None}
    return repr(v)


# ---------------------------------------------------------------------------------------------
# Frames

records = {"global": [], "cluster": []}


def emit(kind, ident, cluster, hdr, payload_bytes, schema):
    frame = hdr.serialize() + payload_bytes
    line = {"id": ident, "cluster": cluster, "hex": frame.hex()}
    try:
        h, rest = f.ZCLHeader.deserialize(frame)
        obj, extra = schema.deserialize(rest)
        line["peer"] = {
            "header": {
                "frame_type": int(h.frame_control.frame_type),
                "manufacturer": None if h.manufacturer is None else int(h.manufacturer),
                "direction": int(h.direction),
                "disable_default_response": int(h.frame_control.disable_default_response),
                "tsn": int(h.tsn),
                "command_id": int(h.command_id),
            },
            "payload": js(obj),
        }
        if extra:
            line["peer"]["trailing"] = extra.hex()
    except Exception as e:  # the peer cannot read its own frame
        line["peer_error"] = f"{type(e).__name__}: {e}"
    records[kind].append(line)


def header(cluster_cmd, cmd_id, manufacturer=None, reply=False):
    tsn = rng.randint(0, 255)
    d = f.Direction.Server_to_Client if reply else f.Direction.Client_to_Server
    if cluster_cmd:
        return f.ZCLHeader.cluster(tsn, cmd_id, manufacturer=manufacturer, direction=d)
    return f.ZCLHeader.general(tsn, cmd_id, manufacturer=manufacturer, direction=d)


G = f.GeneralCommand
DT = f.DataType

# Types of attribute values: every data type zigpy can encode.
VALUE_TYPES = [d for d in DT if d not in (DT.unk, DT.array, DT.set, DT.bag, DT.struct)]
ELEMENT_TYPES = [d for d in VALUE_TYPES if d is not DT.nodata]
ANALOG = {d.name for d in DT if d.type_class is f.DataClass.Analog}


def typed_value(d):
    return f.TypeValue(type=d.type_id, value=gen(d.python_type))


def collection(d_coll, elem):
    n = rng.randint(0, 4)
    value = t.LVList[elem.python_type, t.uint16_t]([gen(elem.python_type) for _ in range(n)])
    return d_coll.python_type(type=elem.type_id, value=value)


def structure():
    members = [typed_value(rng.choice(ELEMENT_TYPES)) for _ in range(rng.randint(0, 4))]
    return f.TypeValue(type=DT.struct.type_id, value=f.ZCLStructure(members))


def all_values():
    """(label, TypeValue-or-collection) for every type, twice each, plus collections."""
    out = []
    for d in VALUE_TYPES:
        for i in range(2):
            out.append((f"{d.name}.{i}", typed_value(d)))
    for coll in (DT.array, DT.set, DT.bag):
        for elem in ELEMENT_TYPES:
            out.append((f"{coll.name}_{elem.name}", collection(coll, elem)))
    for i in range(6):
        out.append((f"struct.{i}", structure()))
    return out


def attr_id():
    return rng.choice([0x0000, 0x0001, 0x0010, 0x4000, 0xFFFD, rng.randint(0, 0xFFFF)])


def gen_globals():
    cluster = 0x0000  # Basic: every global command applies; attribute ids are not interpreted
    vals = all_values()
    for label, val in vals:
        manu = rng.choice([None, None, None, 0x115F])
        # Read Attributes Response (with a failed record after the value).
        is_coll = isinstance(val, (f.Array, f.Set, f.Bag))
        recs = [f.ReadAttributeRecord(attr_id(), f.Status.SUCCESS, val)]
        if rng.random() < 0.3:
            recs.append(f.ReadAttributeRecord(attr_id(), f.Status.UNSUPPORTED_ATTRIBUTE))
        s = f.GENERAL_COMMANDS[G.Read_Attributes_rsp].schema
        emit("global", f"read_attributes_rsp/{label}", cluster, header(False, G.Read_Attributes_rsp, manu, True),
             s(status_records=recs).serialize(), s)
        tv = val if not is_coll else f.TypeValue(type=DT.from_python_type(type(val)).type_id, value=val)
        for cmd in (G.Write_Attributes, G.Write_Attributes_Undivided, G.Write_Attributes_No_Response):
            s = f.GENERAL_COMMANDS[cmd].schema
            rec = f.Attribute(attrid=attr_id(), value=tv)
            emit("global", f"{cmd.name.lower()}/{label}", cluster, header(False, cmd, manu),
                 s(attributes=[rec]).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Report_Attributes].schema
        emit("global", f"report_attributes/{label}", cluster, header(False, G.Report_Attributes, manu, True),
             s(attribute_reports=[f.Attribute(attrid=attr_id(), value=tv)]).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Write_Attributes_Structured].schema
        depth = rng.randint(0, 3)
        sel = f.Selector(depth=depth, indexes=[rng.randint(0, 0xFFFF) for _ in range(depth)])
        emit("global", f"write_attributes_structured/{label}", cluster,
             header(False, G.Write_Attributes_Structured, manu),
             s(attributes=[f.WriteAttributeStructured(attrid=attr_id(), selector=sel, value=tv)]).serialize(), s)

    # Configure Reporting and Read Reporting Configuration Response, for every type.
    for d in VALUE_TYPES:
        for direction in (f.ReportingDirection.SendReports, f.ReportingDirection.ReceiveReports):
            cfg = f.AttributeReportingConfig()
            cfg.direction = direction
            cfg.attrid = attr_id()
            if direction == f.ReportingDirection.ReceiveReports:
                cfg.timeout = rng.randint(0, 0xFFFF)
            else:
                cfg.datatype = d.type_id
                cfg.min_interval = rng.randint(0, 0xFFFF)
                cfg.max_interval = rng.randint(0, 0xFFFF)
                cfg.reportable_change = gen(d.python_type) if d.name in ANALOG else 0
            s = f.GENERAL_COMMANDS[G.Configure_Reporting].schema
            emit("global", f"configure_reporting/{d.name}/{int(direction)}", cluster,
                 header(False, G.Configure_Reporting), s(config_records=[cfg]).serialize(), s)
            rec = f.AttributeReportingConfigWithStatus(status=f.Status.SUCCESS, config=cfg)
            s = f.GENERAL_COMMANDS[G.Read_Reporting_Configuration_rsp].schema
            emit("global", f"read_reporting_configuration_rsp/{d.name}/{int(direction)}", cluster,
                 header(False, G.Read_Reporting_Configuration_rsp, None, True),
                 s(attribute_configs=[rec]).serialize(), s)
            if direction == f.ReportingDirection.ReceiveReports:
                continue

    statuses = [f.Status.SUCCESS, f.Status.UNSUPPORTED_ATTRIBUTE, f.Status.INVALID_VALUE,
                f.Status.READ_ONLY, f.Status.INVALID_DATA_TYPE, f.Status.NOT_FOUND]
    for i in range(30):
        manu = rng.choice([None, None, 0x1037])
        n = rng.randint(0, 6)
        s = f.GENERAL_COMMANDS[G.Read_Attributes].schema
        emit("global", f"read_attributes/{i}", cluster, header(False, G.Read_Attributes, manu),
             s(attribute_ids=[attr_id() for _ in range(n)]).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Write_Attributes_rsp].schema
        if i % 3 == 0:
            recs = [f.WriteAttributesStatusRecord(status=f.Status.SUCCESS)]
        else:
            recs = [f.WriteAttributesStatusRecord(status=rng.choice(statuses[1:]), attrid=attr_id())
                    for _ in range(rng.randint(1, 3))]
        emit("global", f"write_attributes_rsp/{i}", cluster, header(False, G.Write_Attributes_rsp, manu, True),
             s(status_records=f.WriteAttributesResponse(recs)).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Configure_Reporting_rsp].schema
        if i % 3 == 0:
            recs = [f.ConfigureReportingResponseRecord(status=f.Status.SUCCESS)]
        else:
            recs = [f.ConfigureReportingResponseRecord(status=rng.choice(statuses[1:]),
                                                       direction=rng.choice(list(f.ReportingDirection)),
                                                       attrid=attr_id())
                    for _ in range(rng.randint(1, 3))]
        emit("global", f"configure_reporting_rsp/{i}", cluster,
             header(False, G.Configure_Reporting_rsp, manu, True),
             s(status_records=f.ConfigureReportingResponse(recs)).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Read_Reporting_Configuration].schema
        recs = [f.ReadReportingConfigRecord(direction=rng.choice(list(f.ReportingDirection)), attrid=attr_id())
                for _ in range(rng.randint(1, 3))]
        emit("global", f"read_reporting_configuration/{i}", cluster,
             header(False, G.Read_Reporting_Configuration, manu), s(attribute_records=recs).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Read_Reporting_Configuration_rsp].schema
        rec = f.AttributeReportingConfigWithStatus(status=rng.choice(statuses[1:]), config=None)
        cfg = f.AttributeReportingConfig()
        cfg.direction = rng.choice(list(f.ReportingDirection))
        cfg.attrid = attr_id()
        rec.config = cfg
        emit("global", f"read_reporting_configuration_rsp/failed/{i}", cluster,
             header(False, G.Read_Reporting_Configuration_rsp, manu, True),
             s(attribute_configs=[rec]).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Default_Response].schema
        emit("global", f"default_response/{i}", cluster, header(False, G.Default_Response, manu, i % 2 == 0),
             s(command_id=rng.randint(0, 255), status=rng.choice(list(f.Status))).serialize(), s)
        for cmd in (G.Discover_Attributes, G.Discover_Attribute_Extended):
            s = f.GENERAL_COMMANDS[cmd].schema
            emit("global", f"{cmd.name.lower()}/{i}", cluster, header(False, cmd, manu),
                 s(start_attribute_id=attr_id(), max_attribute_ids=rng.randint(0, 255)).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Discover_Attributes_rsp].schema
        infos = [f.DiscoverAttributesResponseRecord(attrid=attr_id(), datatype=rng.choice(list(f.DataTypeId)))
                 for _ in range(rng.randint(0, 5))]
        emit("global", f"discover_attributes_rsp/{i}", cluster, header(False, G.Discover_Attributes_rsp, manu, True),
             s(discovery_complete=t.Bool(i % 2), attribute_info=infos).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Discover_Attribute_Extended_rsp].schema
        infos = [f.DiscoverAttributesExtendedResponseRecord(attrid=attr_id(),
                                                            datatype=rng.choice(list(f.DataTypeId)),
                                                            acl=t.bitmap8(rng.randint(0, 7)))
                 for _ in range(rng.randint(0, 5))]
        emit("global", f"discover_attribute_extended_rsp/{i}", cluster,
             header(False, G.Discover_Attribute_Extended_rsp, manu, True),
             s(discovery_complete=t.Bool(i % 2), extended_attr_info=infos).serialize(), s)
        for cmd in (G.Discover_Commands_Received, G.Discover_Commands_Generated):
            s = f.GENERAL_COMMANDS[cmd].schema
            emit("global", f"{cmd.name.lower()}/{i}", cluster, header(False, cmd, manu),
                 s(start_command_id=rng.randint(0, 255), max_command_ids=rng.randint(0, 255)).serialize(), s)
        for cmd in (G.Discover_Commands_Received_rsp, G.Discover_Commands_Generated_rsp):
            s = f.GENERAL_COMMANDS[cmd].schema
            ids = [rng.randint(0, 255) for _ in range(rng.randint(0, 6))]
            emit("global", f"{cmd.name.lower()}/{i}", cluster, header(False, cmd, manu, True),
                 s(discovery_complete=t.Bool(i % 2), command_ids=ids).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Read_Attributes_Structured].schema
        recs = []
        for _ in range(rng.randint(1, 3)):
            depth = rng.randint(0, 4)
            sel = f.Selector(depth=depth, indexes=[rng.randint(0, 0xFFFF) for _ in range(depth)])
            recs.append(f.ReadAttributeStructured(attrid=attr_id(), selector=sel))
        emit("global", f"read_attributes_structured/{i}", cluster,
             header(False, G.Read_Attributes_Structured, manu), s(attributes=recs).serialize(), s)
        s = f.GENERAL_COMMANDS[G.Write_Attributes_Structured_rsp].schema
        if i % 3 == 0:
            recs = [f.WriteAttributesStructuredStatusRecord(status=f.Status.SUCCESS)]
        else:
            recs = []
            for _ in range(rng.randint(1, 3)):
                depth = rng.randint(0, 3)
                sel = f.Selector(depth=depth, indexes=[rng.randint(0, 0xFFFF) for _ in range(depth)])
                recs.append(f.WriteAttributesStructuredStatusRecord(
                    status=rng.choice(statuses[1:]), attrid=attr_id(), selector=sel))
        emit("global", f"write_attributes_structured_rsp/{i}", cluster,
             header(False, G.Write_Attributes_Structured_rsp, manu, True),
             s(status_records=f.WriteAttributesStructuredResponse(recs)).serialize(), s)


def build_command(schema, optional):
    """Fields of a command schema; a list whose length another field gives gets that many
    elements (counts are drawn small so the lists stay short)."""
    global SMALL
    err = None
    for attempt in range(30):
        SMALL = attempt > 0
        fields = {}
        for fld in schema.fields:
            if fld.optional and not optional:
                break
            # Mostly SUCCESS for a status, as on a real network (other codes remove fields).
            if fld.name == "status" and rng.random() < 0.7:
                fields[fld.name] = fld.type(0)
            else:
                fields[fld.name] = gen(fld.type)
        # A count field just before a list counts it (ZCL: "number of ..." fields).
        names = [fld.name for fld in schema.fields]
        for k, fld in enumerate(schema.fields):
            if k and fld.name in fields and isinstance(fields[fld.name], list) and names[k - 1] in fields:
                prev = fields[names[k - 1]]
                if isinstance(prev, int) and not isinstance(prev, enum.Enum) and any(
                        w in names[k - 1] for w in ("num", "count", "length")):
                    fields[names[k - 1]] = type(prev)(len(fields[fld.name]))
        for _ in range(4):
            try:
                obj = schema(**fields)
                obj.serialize()
                SMALL = False
                return obj
            except Exception as e:
                err = e
                m = re.search(r"Field '(\w+)' expected an array with length (\d+)", str(e))
                if not m or int(m.group(2)) > 6:
                    break
                T = next(x.type for x in schema.fields if x.name == m.group(1))
                fields[m.group(1)] = T([gen(T._item_type) for _ in range(int(m.group(2)))])
    SMALL = False
    raise err


def gen_clusters():
    for cid in sorted(zcl.Cluster._registry):
        c = zcl.Cluster._registry[cid]
        for reply, cmds in ((False, c.server_commands), (True, c.client_commands)):
            for cmd_id in sorted(cmds):
                cmd = cmds[cmd_id]
                manu = cmd.manufacturer_code if getattr(cmd, "is_manufacturer_specific", False) else None
                if manu is None and getattr(c, "manufacturer_id_override", None) is not None:
                    manu = None
                for i in range(3):
                    try:
                        obj = build_command(cmd.schema, optional=i != 1)
                        payload = obj.serialize()
                    except Exception as e:
                        # Struct-level `requires` can reject a combination; try another.
                        try:
                            obj = cmd.schema.deserialize(bytes(rng.randint(0, 255) for _ in range(80)))[0]
                            payload = obj.serialize()
                        except Exception:
                            print(f"skip {c.ep_attribute} {cmd.name} {i}: {e}", file=sys.stderr)
                            continue
                    emit("cluster", f"{c.ep_attribute}/{cmd.name}/{i}", cid,
                         header(True, cmd_id, manu, reply), payload, cmd.schema)


def main():
    os.makedirs(OUT, exist_ok=True)
    gen_globals()
    gen_clusters()
    for kind, lines in records.items():
        path = os.path.join(OUT, f"zigpy-{kind}.jsonl")
        with open(path, "w") as fh:
            for line in lines:
                fh.write(json.dumps(line, sort_keys=False, separators=(",", ":")) + "\n")
        bad = sum(1 for line in lines if "peer_error" in line)
        print(f"{path}: {len(lines)} frames ({bad} zigpy cannot decode)")


if __name__ == "__main__":
    main()
