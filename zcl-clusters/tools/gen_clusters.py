#!/usr/bin/env python3
"""Writes zcl-clusters/src/clusters/*.rs (one `zcl_cluster!` invocation per cluster) from the ZCL
facts in zcl-spec.json plus the hand-kept definitions in extra_clusters.py.

Usage: python3 zcl-clusters/tools/gen_clusters.py [path/to/zcl-spec.json]
The output is committed; re-run after changing this script and `cargo fmt` is not needed.
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'clusters')
SPEC = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/zcl-spec/zcl-spec.json'
sys.path.insert(0, HERE)
import extra_clusters  # noqa: E402

spec = json.load(open(SPEC))
TYPES = spec['types']

# ZCL data type names of the data model -> (DataType variant, Rust field type, lifetime?)
PRIM = {
    'NO_DATA': ('NoData', 'NoData', False), 'DATA8': ('Data8', 'Data8', False),
    'DATA16': ('Data16', 'Data16', False), 'DATA24': ('Data24', 'U24', False),
    'DATA32': ('Data32', 'Data32', False), 'BOOLEAN': ('Bool', 'bool', False),
    'BITMAP8': ('Map8', 'Map8', False), 'BITMAP16': ('Map16', 'Map16', False),
    'BITMAP24': ('Map24', 'Map24', False), 'BITMAP32': ('Map32', 'Map32', False),
    'BITMAP48': ('Map48', 'U48', False), 'BITMAP64': ('Map64', 'Map64', False),
    'INT8U': ('Uint8', 'u8', False), 'INT16U': ('Uint16', 'u16', False),
    'INT24U': ('Uint24', 'U24', False), 'INT32U': ('Uint32', 'u32', False),
    'INT40U': ('Uint40', 'U40', False), 'INT48U': ('Uint48', 'U48', False),
    'INT56U': ('Uint56', 'U56', False), 'INT64U': ('Uint64', 'u64', False),
    'INT8S': ('Int8', 'i8', False), 'INT16S': ('Int16', 'i16', False),
    'INT24S': ('Int24', 'I24', False), 'INT32S': ('Int32', 'i32', False),
    'INT40S': ('Int40', 'I40', False), 'INT48S': ('Int48', 'I48', False),
    'INT56S': ('Int56', 'i64', False), 'INT64S': ('Int64', 'i64', False),
    'ENUM8': ('Enum8', 'Enum8', False), 'ENUM16': ('Enum16', 'Enum16', False),
    'FLOAT_SEMI': ('Semi', 'u16', False), 'FLOAT_SINGLE': ('Single', 'f32', False),
    'FLOAT_DOUBLE': ('Double', 'f64', False),
    'OCTET_STRING': ('OctetString', "OctStr<'a>", True),
    'CHAR_STRING': ('CharString', "CharStr<'a>", True),
    'LONG_OCTET_STRING': ('LongOctetString', "LongOctStr<'a>", True),
    'LONG_CHAR_STRING': ('LongCharString', "LongCharStr<'a>", True),
    'ARRAY': ('Array', "Rest<'a>", True), 'STRUCT': ('Structure', "Rest<'a>", True),
    'TIME_OF_DAY': ('TimeOfDay', 'TimeOfDay', False), 'DATE': ('Date', 'Date', False),
    'UTC_TIME': ('UtcTime', 'UtcTime', False), 'CLUSTER_ID': ('ClusterId', 'ClusterId', False),
    'ATTRIBUTE_ID': ('AttributeId', 'AttributeId', False),
    'BACNET_OID': ('BacnetOid', 'BacnetOid', False),
    'IEEE_ADDRESS': ('IeeeAddress', 'IeeeAddress', False),
    'SECURITY_KEY': ('SecurityKey', 'SecurityKey', False),
    'EUI64': ('IeeeAddress', 'IeeeAddress', False),
}
# Types the data model names without defining them: their wire form.
ALIAS = {'Status': 'ENUM8', 'Signature': 'OCTET_STRING_42', 'Identity': 'OCTET_STRING_48',
         'EphemeralData': 'OCTET_STRING_22', 'Smac': 'OCTET_STRING_16'}
# Fixed-size byte blocks (key establishment): raw octets of a fixed length.
FIXED_BYTES = {'OCTET_STRING_42': 42, 'OCTET_STRING_48': 48, 'OCTET_STRING_22': 22,
               'OCTET_STRING_16': 16}

RUST_KW = {'type', 'match', 'loop', 'move', 'ref', 'mod', 'self', 'use', 'fn', 'let', 'where',
           'impl', 'in', 'as', 'box', 'struct', 'enum', 'trait', 'const', 'static', 'crate',
           'super', 'for', 'if', 'else', 'while', 'return', 'true', 'false', 'dyn', 'async',
           'await', 'override', 'final', 'priv', 'abstract', 'virtual', 'yield', 'try', 'macro',
           'unsafe', 'extern', 'pub', 'break', 'continue', 'do', 'typeof', 'unsized', 'become'}


def snake(name):
    s = re.sub(r'[^0-9A-Za-z]+', '_', name)
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', s)
    s = re.sub(r'([A-Z]+)([A-Z][a-z])', r'\1_\2', s)
    s = s.strip('_').lower()
    s = re.sub(r'_+', '_', s)
    if s and s[0].isdigit():
        s = 'n' + s
    if s in RUST_KW:
        s = s + '_'
    return s


def pascal(name):
    parts = re.split(r'[^0-9A-Za-z]+', name)
    s = ''.join(p[:1].upper() + p[1:] for p in parts if p)
    if s and s[0].isdigit():
        s = 'N' + s
    return s


def words(name):
    """'QueryNextImageRequest' -> 'Query next image request'."""
    w = snake(name).rstrip('_').replace('_', ' ')
    return w[:1].upper() + w[1:]


def upper(name):
    s = snake(name).upper().rstrip('_')
    return s


MODULE_NAMES = {
    0x0006: 'on_off', 0x0007: 'on_off_switch_configuration', 0x0019: 'ota',
    0x000f: 'binary_input', 0x0614: 'protocol_tunnel_11073', 0x0615: 'iso7816_protocol_tunnel',
    0x041b: 'fecal_coliform_concentration_measurement', 0x1000: 'zll_commissioning',
    0x0001: 'power_configuration', 0x0405: 'relative_humidity_measurement',
    0x0201: 'thermostat', 0x0204: 'thermostat_user_interface_configuration',
    0x0702: 'metering', 0x0b04: 'electrical_measurement',
}
DISPLAY = {0x0006: 'On/Off', 0x0007: 'On/Off Switch Configuration',
           0x0019: 'OTA Upgrade', 0x000f: 'Binary Input (Basic)', 0x0702: 'Metering'}
# Attributes that are part of a scene's extension field set (ZCL 3.7.2.4.2 and each cluster's
# "scene" column).
SCENE = {(0x0006, 0x0000), (0x0008, 0x0000), (0x0300, 0x0003), (0x0300, 0x0004),
         (0x0300, 0x0001), (0x0300, 0x4000), (0x0300, 0x4002), (0x0300, 0x4003),
         (0x0300, 0x4004), (0x0300, 0x0007), (0x0201, 0x0011), (0x0201, 0x0012),
         (0x0201, 0x001c), (0x0101, 0x0000), (0x0102, 0x0008), (0x0102, 0x0009)}

# Hand-typed commands where the data model's description is not enough (field lists in the
# macro's syntax). Key: (cluster id, 'client'|'server' source, command id).
OVERRIDES = {
    # OTA Query Next Image Request (ZCL 11.13.4): hardware version present if field control bit 0.
    (0x0019, 'client', 0x01): [
        'field_control: Map8', 'manufacturer_code: u16', 'image_type: u16',
        'current_file_version: u32',
        'hardware_version: u16 [if (raw(&field_control) & 0x01) != 0]'],
    # OTA Image Block Request (11.13.6): request node address if bit 0, block request delay if bit 1.
    (0x0019, 'client', 0x03): [
        'field_control: Map8', 'manufacturer_code: u16', 'image_type: u16', 'file_version: u32',
        'file_offset: u32', 'maximum_data_size: u8',
        'request_node_address: IeeeAddress [if (raw(&field_control) & 0x01) != 0]',
        'minimum_block_period: u16 [if (raw(&field_control) & 0x02) != 0]'],
    # OTA Image Page Request (11.13.7): request node address if field control bit 0.
    (0x0019, 'client', 0x04): [
        'field_control: Map8', 'manufacturer_code: u16', 'image_type: u16', 'file_version: u32',
        'file_offset: u32', 'maximum_data_size: u8', 'page_size: u16', 'response_spacing: u16',
        'request_node_address: IeeeAddress [if (raw(&field_control) & 0x01) != 0]'],
    # OTA Image Notify (11.13.3): payload type 0..3 says how many of the last fields follow.
    (0x0019, 'server', 0x00): [
        'payload_type: Enum8', 'query_jitter: u8',
        'manufacturer_code: u16 [if raw(&payload_type) >= 1]',
        'image_type: u16 [if raw(&payload_type) >= 2]',
        'new_file_version: u32 [if raw(&payload_type) >= 3]'],
    # OTA Query Next Image Response (11.13.5): image fields only with status SUCCESS.
    (0x0019, 'server', 0x02): [
        'status: Enum8', 'manufacturer_code: u16 [if raw(&status) == 0]',
        'image_type: u16 [if raw(&status) == 0]', 'file_version: u32 [if raw(&status) == 0]',
        'image_size: u32 [if raw(&status) == 0]'],
    # OTA Image Block Response (11.13.8): SUCCESS carries a block, WAIT_FOR_DATA (0x97) the times
    # to wait, ABORT (0x95) nothing.
    (0x0019, 'server', 0x05): [
        'status: Enum8', 'manufacturer_code: u16 [if raw(&status) == 0]',
        'image_type: u16 [if raw(&status) == 0]', 'file_version: u32 [if raw(&status) == 0]',
        'file_offset: u32 [if raw(&status) == 0]', 'data_size: u8 [if raw(&status) == 0]',
        "image_data: List<'a, External, u8> [count raw(&data_size)]",
        'current_time: UtcTime [if raw(&status) == 0x97]',
        'request_time: UtcTime [if raw(&status) == 0x97]',
        'minimum_block_period: u16 [if raw(&status) == 0x97]'],
    # OTA Query Specific File Response (11.13.11): image fields only with status SUCCESS.
    (0x0019, 'server', 0x09): [
        'status: Enum8', 'manufacturer_code: u16 [if raw(&status) == 0]',
        'image_type: u16 [if raw(&status) == 0]', 'file_version: u32 [if raw(&status) == 0]',
        'image_size: u32 [if raw(&status) == 0]'],
    # Scenes Enhanced View Scene Response (3.7.2.5.7): like View Scene Response, the scene's
    # contents follow only with status SUCCESS.
    (0x0005, 'server', 0x41): [
        'status: Enum8', 'group_id: u16', 'scene_id: u8',
        'transition_time: u16 [if raw(&status) == 0]',
        "scene_name: CharStr<'a> [if raw(&status) == 0]",
        "extension_field_sets: List<'a, ToEnd, SceneExtensionFieldSet<'a>> [if raw(&status) == 0]"],
    # Alarms Get Alarm Response (3.11.2.5.2): the alarm follows only with status SUCCESS.
    (0x0009, 'server', 0x01): [
        'status: Enum8', 'alarm_code: Enum8 [if raw(&status) == 0]',
        'cluster_id: ClusterId [if raw(&status) == 0]',
        'time_stamp: UtcTime [if raw(&status) == 0]'],
    # Thermostat Set Weekly Schedule / Get Weekly Schedule Response (ZCL 6.3.3.3.1): the mode
    # bitmap says whether each transition carries a heat and/or a cool setpoint.
    (0x0201, 'client', 0x01): [
        'number_of_transitions_for_sequence: u8', 'day_of_week_for_sequence: DayOfWeek',
        'mode_for_sequence: ModeForSequence',
        'transitions: WeeklyTransitions<\'a> [count raw(&number_of_transitions_for_sequence) | (raw(&mode_for_sequence) << 8)]'],
    (0x0201, 'server', 0x00): [
        'number_of_transitions_for_sequence: u8', 'day_of_week_for_sequence: DayOfWeek',
        'mode_for_sequence: ModeForSequence',
        'transitions: WeeklyTransitions<\'a> [count raw(&number_of_transitions_for_sequence) | (raw(&mode_for_sequence) << 8)]'],
}
# Manufacturer-specific attributes of standard clusters (observed traffic, documented by
# zigbee-herdsman-converters and zigpy-quirks; facts only): Xiaomi packs device state into Basic.
EXTRA_ATTRS = {
    0x0000: [
        {'side': 'server', 'id': 0x00f7, 'name': 'xiaomi_tlv_state', 'label': 'Xiaomi packed state (TLV)',
         'type': 'OCTET_STRING', 'reportable': True, 'optional': True, 'manufacturer': 0x115f},
        {'side': 'server', 'id': 0xff01, 'name': 'xiaomi_tlv_report', 'label': 'Xiaomi packed report (TLV in a character string)',
         'type': 'CHAR_STRING', 'reportable': True, 'optional': True, 'manufacturer': 0x115f},
        {'side': 'server', 'id': 0xff02, 'name': 'xiaomi_struct_report', 'label': 'Xiaomi packed report (structure)',
         'type': 'STRUCT', 'reportable': True, 'optional': True, 'manufacturer': 0x115f},
    ],
}
IMPORTS = {0x0201: ['super::weekly_schedule::{Transition, WeeklyTransitions}']}
STRUCT_OVERRIDES = {
    # ZCL 3.7.2.4.2: cluster id, then the attribute values as a length-prefixed byte block.
    'SceneExtensionFieldSet': ['cluster_id: ClusterId', "extension_field_set: OctStr<'a>"],
}

# Manufacturer-specific clusters (hand-written in src/manufacturer/), added to the registry.
MANUFACTURER_MODULES = [
    'tuya', 'xiaomi', 'philips::hue_button', 'philips::hue_effects', 'philips::hue_entertainment',
    'ikea::ikea_unknown', 'ikea::air_purifier', 'ikea::voc_index', 'ikea::remote_buttons',
    'ikea::smart_plug', 'sonoff', 'schneider::light_switch_configuration',
    'schneider::fan_switch_configuration', 'legrand::devices', 'legrand::pilot_wire',
    'legrand::devices3', 'develco', 'ubisys::device_setup', 'ubisys::dimmer_setup',
    'smartthings::accelerometer', 'smartthings::arrival_sensor',
]

# ---- condition expressions (C syntax of the data model) -> Rust over raw field values ----
TOK = re.compile(r'\s*(0x[0-9A-Fa-f]+|\d+|[A-Za-z_][A-Za-z0-9_]*|&&|\|\||==|!=|<=|>=|<<|>>|[()&|<>!^+-])')


def tokens(s):
    pos, out = 0, []
    s = s.strip()
    while pos < len(s):
        m = TOK.match(s, pos)
        if not m:
            raise ValueError('bad expr ' + s)
        out.append(m.group(1))
        pos = m.end()
    return out


LEVELS = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<', '>', '<=', '>='], ['<<', '>>'],
          ['+', '-']]


def parse_expr(toks, i=0, level=0):
    if level == len(LEVELS):
        t = toks[i]
        if t == '(':
            e, i = parse_expr(toks, i + 1, 0)
            assert toks[i] == ')'
            return e, i + 1
        if t == '!':
            e, i = parse_expr(toks, i + 1, level)
            return ('!', e), i
        if re.match(r'0x|\d', t):
            return ('num', t), i + 1
        return ('var', t), i + 1
    left, i = parse_expr(toks, i, level + 1)
    while i < len(toks) and toks[i] in LEVELS[level]:
        op = toks[i]
        right, i = parse_expr(toks, i + 1, level + 1)
        left = (op, left, right)
    return left, i


def emit_int(e):
    k = e[0]
    if k == 'num':
        return e[1]
    if k == 'var':
        return 'raw(&%s)' % snake(e[1])
    if k in ('|', '^', '&', '<<', '>>', '+', '-'):
        return '(%s %s %s)' % (emit_int(e[1]), k, emit_int(e[2]))
    return 'u64::from(%s)' % emit_bool(e)


def emit_bool(e):
    k = e[0]
    if k in ('||', '&&'):
        return '(%s %s %s)' % (emit_bool(e[1]), k, emit_bool(e[2]))
    if k in ('==', '!=', '<', '>', '<=', '>='):
        return '(%s %s %s)' % (emit_int(e[1]), k, emit_int(e[2]))
    if k == '!':
        return '!%s' % emit_bool(e[1])
    return '(%s != 0)' % emit_int(e)


def strip_outer(x):
    if x.startswith('(') and x.endswith(')'):
        depth = 0
        for i, ch in enumerate(x):
            depth += ch == '('
            depth -= ch == ')'
            if depth == 0 and i < len(x) - 1:
                return x
        return x[1:-1]
    return x


def cond_bool(s):
    e, i = parse_expr(tokens(s))
    return strip_outer(emit_bool(e))


def cond_int(s):
    e, i = parse_expr(tokens(s))
    return strip_outer(emit_int(e))


# ---- types ----
ENUMS, BITMAPS, STRUCTS = TYPES['enums'], TYPES['bitmaps'], TYPES['structs']

# Named values of attributes that the data model types only as enum8/map8/...: facts from the ZCL
# (section in each comment). The registry prints their names in `zcl-host decode` and `sniff`.
ENUMS.update({
    # ZCL 3.8.2.2.5 StartUpOnOff.
    'StartUpOnOff': {'type': 'ENUM8', 'items': [
        {'name': 'Off', 'value': 0x00}, {'name': 'On', 'value': 0x01},
        {'name': 'Toggle', 'value': 0x02}, {'name': 'Previous', 'value': 0xff}]},
    # ZCL 8.2.2.2.1.1 ZoneState.
    'IasZoneState': {'type': 'ENUM8', 'items': [
        {'name': 'NotEnrolled', 'value': 0x00}, {'name': 'Enrolled', 'value': 0x01}]},
    # ZCL 6.3.2.2.2.10 SystemMode (Table 6-14).
    'ThermostatSystemMode': {'type': 'ENUM8', 'items': [
        {'name': 'Off', 'value': 0x00}, {'name': 'Auto', 'value': 0x01},
        {'name': 'Cool', 'value': 0x03}, {'name': 'Heat', 'value': 0x04},
        {'name': 'EmergencyHeating', 'value': 0x05}, {'name': 'Precooling', 'value': 0x06},
        {'name': 'FanOnly', 'value': 0x07}, {'name': 'Dry', 'value': 0x08},
        {'name': 'Sleep', 'value': 0x09}]},
})
BITMAPS.update({
    # ZCL 3.10.2.2.8 Options.
    'LevelOptions': {'type': 'BITMAP8', 'fields': [
        {'name': 'EXECUTE_IF_OFF', 'mask': 0x01},
        {'name': 'COUPLE_COLOR_TEMP_TO_LEVEL', 'mask': 0x02}]},
})
# (cluster id, attribute id) -> the enum or bitmap naming its values. Attributes whose name is
# the name of an enum or bitmap the module declares are linked without an entry here.
ATTR_VALUES = {
    (0x0006, 0x4003): 'StartUpOnOff',
    (0x0008, 0x000f): 'LevelOptions',
    (0x0201, 0x001c): 'ThermostatSystemMode',
    (0x0500, 0x0000): 'IasZoneState',
    (0x0500, 0x0001): 'IasZoneType',
    (0x0500, 0x0002): 'IasZoneStatus',
}
VALUE_TYPES = ('ENUM8', 'ENUM16', 'BITMAP8', 'BITMAP16', 'BITMAP24', 'BITMAP32', 'BITMAP64')
type_home = {}      # type name -> module that declares it
needs_lt = {}       # struct name -> whether it borrows
CMD_NAMES = set()


def rust_type_name(n):
    p = pascal(n)
    if p in CMD_NAMES:
        p += 'Value'
    return p


def struct_fields(name):
    if name in STRUCT_OVERRIDES:
        return STRUCT_OVERRIDES[name]
    return None


def field_type(t, used):
    """Rust type for a data model type name; records named types in `used`."""
    t = ALIAS.get(t, t)
    if t in FIXED_BYTES:
        return 'Bytes%d' % FIXED_BYTES[t], False
    if t in PRIM:
        return PRIM[t][1], PRIM[t][2]
    if t in BITMAPS:
        used.add(t)
        return rust_type_name(t), False
    if t in ENUMS:
        used.add(t)
        return rust_type_name(t), False
    if t in STRUCTS:
        used.add(t)
        lt = struct_borrows(t)
        return rust_type_name(t) + ("<'a>" if lt else ''), lt
    raise KeyError(t)


def struct_borrows(t):
    if t in needs_lt:
        return needs_lt[t]
    needs_lt[t] = False
    if t in STRUCT_OVERRIDES:
        needs_lt[t] = any("'a" in f for f in STRUCT_OVERRIDES[t])
        return needs_lt[t]
    b = False
    for it in STRUCTS[t]['items']:
        _, lt = field_type(it['type'], set())
        b = b or lt
    needs_lt[t] = b
    return b


def args_to_fields(args, used):
    """Data model arguments -> macro field lines."""
    out = []
    names = [snake(a['name']) for a in args]
    n = len(args)
    # trailing arguments added by a later ZCL revision: optional at the end of the frame
    trailing = n
    while trailing > 0 and args[trailing - 1].get('introducedIn', '').startswith('zcl') \
            and 'presentIf' not in args[trailing - 1] and not args[trailing - 1].get('array'):
        trailing -= 1
    for i, a in enumerate(args):
        name = names[i]
        ty, lt = field_type(a['type'], used)
        clause = ''
        if a.get('array_count8'):
            ty = "List<'a, Count8, %s>" % ty
            lt = True
        elif a.get('array'):
            prev = args[i - 1] if i > 0 else None
            if 'countArg' in a:
                ty = "List<'a, External, %s>" % ty
                clause = ' [count %s]' % cond_int(a['countArg'])
            elif prev is not None and re.search(r'count|number', prev['name'], re.I) \
                    and PRIM.get(prev['type'], ('', ''))[1] in ('u8', 'u16', 'Enum8'):
                ty = "List<'a, External, %s>" % ty
                clause = ' [count raw(&%s)]' % names[i - 1]
            elif i == n - 1:
                ty = "List<'a, ToEnd, %s>" % ty
                if 'presentIf' in a:
                    clause = ' [if %s]' % cond_bool(a['presentIf'])
            else:
                ty = "List<'a, Count8, %s>" % ty
            lt = True
        elif 'presentIf' in a:
            clause = ' [if %s]' % cond_bool(a['presentIf'])
        elif i >= trailing or a.get('trailing_optional'):
            clause = ' [opt]'
        out.append('%s: %s%s' % (name, ty, clause))
    return out


def lt_of(fields):
    return any("'a" in f for f in fields)


def load_clusters():
    clusters = []
    for c in spec['clusters']:
        clusters.append(c)
    for c in extra_clusters.CLUSTERS:
        clusters.append(c)
    return clusters


def main():
    clusters = load_clusters()
    # names of all command structs, to keep type names apart from them
    for c in clusters:
        for cmd in c['commands']:
            CMD_NAMES.add(pascal(cmd['name']))
    mods = []
    per_mod = {}
    for c in sorted(clusters, key=lambda c: c['id']):
        cid = c['id']
        mod = c.get('module') or MODULE_NAMES.get(cid) or snake(c['name'].replace('(Basic)', ''))
        display = DISPLAY.get(cid, c['name'])
        used = set()
        attrs = []
        seen_attr = set()
        for a in sorted(c['attributes'] + EXTRA_ATTRS.get(cid, []), key=lambda a: (a['id'], a.get('manufacturer') or 0)):
            if a['side'] != 'server':
                continue
            key = (a['id'], a.get('manufacturer'))
            if key in seen_attr:
                continue
            seen_attr.add(key)
            attrs.append(a)
            if (cid, a['id']) in ATTR_VALUES:
                used.add(ATTR_VALUES[(cid, a['id'])])
        cmds = {'client': [], 'server': []}
        names_taken = set()
        expanded = []
        for cmd in c['commands']:
            if cmd['source'] == 'either':
                expanded.append(dict(cmd, source='client'))
                expanded.append(dict(cmd, source='server'))
            else:
                expanded.append(cmd)
        for cmd in sorted(expanded, key=lambda m: m['id']):
            side = cmd['source']
            if any(x[0]['id'] == cmd['id'] for x in cmds[side]):
                continue
            sname = pascal(cmd['name'])
            if sname.endswith('Rsp'):
                sname = sname[:-3] + 'Response'
            if sname in names_taken:
                sname += 'Response' if side == 'server' else 'Request'
            names_taken.add(sname)
            ov = OVERRIDES.get((cid, side, cmd['id']))
            if ov is not None:
                fields = ov
                for f in ov:
                    for t in re.findall(r'\b([A-Z][A-Za-z0-9]+)\b', f):
                        if t in ENUMS or t in BITMAPS or t in STRUCTS:
                            used.add(t)
            else:
                fields = args_to_fields(cmd['args'], used)
            # ZCL 5.2.2.3: every Color Control command (errata to ZCL 6 onwards) ends with the
            # optional options mask and override; the data model omits them.
            if cid == 0x0300 and side == 'client' and cmd['id'] not in (0x47, 0x4c) \
                    and not any(f.startswith('options_') or f.startswith('option_') for f in fields):
                fields = fields + ['options_mask: Map8 [opt]', 'options_override: Map8 [opt]']
            cmds[side].append((cmd, sname, fields))
        per_mod[mod] = (c, display, attrs, cmds, used)
        mods.append(mod)
    # home of each named type: the first module (by cluster id) that uses it
    for mod in mods:
        for t in sorted(per_mod[mod][4]):
            type_home.setdefault(t, mod)
    # structs may use enums/bitmaps/structs: their home must declare or import them too
    for mod in mods:
        write_module(mod, per_mod[mod])
    write_mod_rs(mods, per_mod)


def enum_block(t):
    e = ENUMS[t]
    repr_ = 'enum16' if e['type'] in ('ENUM16',) else 'enum8'
    seen, items = set(), []
    for it in e['items']:
        v = it['value']
        n = pascal(it['name'])
        if v in seen or n in [x[0] for x in items]:
            continue
        seen.add(v)
        items.append((n, v))
    body = ', '.join('%s = 0x%02x' % (n, v) for n, v in items)
    return '        /// %s.\n        %s: %s { %s }\n' % (words(t), rust_type_name(t), repr_, body)


def bitmap_block(t):
    b = BITMAPS[t]
    repr_ = {'BITMAP8': 'map8', 'BITMAP16': 'map16', 'BITMAP24': 'map24',
             'BITMAP32': 'map32', 'BITMAP64': 'map64'}.get(b['type'], 'map8')
    seen, items = set(), []
    for f in b['fields']:
        n = upper(f['name'])
        if not n or n in seen:
            continue
        seen.add(n)
        items.append((n, f['mask']))
    body = ', '.join('%s = 0x%x' % (n, m) for n, m in items)
    return '        /// %s.\n        %s: %s { %s }\n' % (words(t), rust_type_name(t), repr_, body)


def struct_block(t, used):
    fields = STRUCT_OVERRIDES.get(t)
    if fields is None:
        fields = args_to_fields(STRUCTS[t]['items'], used)
    lt = "<'a>" if struct_borrows(t) else ''
    return '        /// %s.\n        %s%s { %s }\n' % (words(t), rust_type_name(t), lt, ', '.join(fields))


def default_of(a, dt):
    d = a.get('default')
    if d is None or d == '':
        return ''
    if dt in ('CharString', 'OctetString', 'LongCharString', 'LongOctetString'):
        return ' def(Str(%s))' % json.dumps(str(d))
    if dt in ('Single', 'Double'):
        try:
            return ' def(Float(%r))' % float(d)
        except ValueError:
            return ''
    try:
        v = int(str(d), 0)
    except ValueError:
        return ''
    if dt.startswith('Int'):
        bits = {'Int8': 8, 'Int16': 16, 'Int24': 24, 'Int32': 32, 'Int40': 40, 'Int48': 48,
                'Int56': 56, 'Int64': 64}[dt]
        if v >= 1 << (bits - 1):
            v -= 1 << bits
    if v >= 1 << 64:
        return ''
    if v >= 1 << 63:
        return ' def(Uint(0x%x))' % v
    return ' def(Int(%d))' % v


FULL = {'Uint8': (0, 255), 'Uint16': (0, 65535), 'Uint24': (0, 2**24 - 1),
        'Uint32': (0, 2**32 - 1), 'Int8': (-128, 127), 'Int16': (-32768, 32767),
        'Map8': (0, 255), 'Enum8': (0, 255), 'Bool': (0, 1), 'Map16': (0, 65535),
        'Enum16': (0, 65535)}


def range_of(a, dt):
    mn, mx = a.get('min'), a.get('max')
    if mn is None or mx is None or dt not in ('Uint8', 'Uint16', 'Uint24', 'Uint32', 'Int8',
                                              'Int16', 'Int24', 'Int32', 'Enum8', 'Enum16'):
        return ''
    try:
        mn, mx = int(str(mn), 0), int(str(mx), 0)
    except ValueError:
        return ''
    if dt.startswith('Int'):
        bits = {'Int8': 8, 'Int16': 16, 'Int24': 24, 'Int32': 32}[dt]
        if mn >= 1 << (bits - 1):
            mn -= 1 << bits
        if mx >= 1 << (bits - 1):
            mx -= 1 << bits
    if FULL.get(dt) == (mn, mx) or mn > mx:
        return ''
    return ' range(%d, %d)' % (mn, mx)


def write_module(mod, data):
    c, display, attrs, cmds, used = data
    cid = c['id']
    # named types this module declares (home here) or imports
    declared, imported = [], {}
    # close over struct members
    work = list(used)
    allused = set(used)
    while work:
        t = work.pop()
        if t in STRUCTS and t not in STRUCT_OVERRIDES:
            inner = set()
            args_to_fields(STRUCTS[t]['items'], inner)
            for x in inner:
                if x not in allused:
                    allused.add(x)
                    work.append(x)
                    type_home.setdefault(x, type_home.get(t, mod))
    for t in sorted(allused):
        home = type_home.setdefault(t, mod)
        if home == mod:
            declared.append(t)
        else:
            imported.setdefault(home, []).append(rust_type_name(t))
    lines = []
    lines.append('//! %s (cluster 0x%04x).\n' % (display, cid))
    src = c.get('source', 'generated by tools/gen_clusters.py from the ZCL data model (zcl-spec.json)')
    lines.append('//!\n//! Definitions %s.\n\n' % src)
    lines.append('#[allow(unused_imports)]\nuse crate::field::*;\n')
    for home in sorted(imported):
        lines.append('#[allow(unused_imports)]\nuse super::%s::{%s};\n' % (home, ', '.join(sorted(set(imported[home])))))
    for x in c.get('uses', []) + IMPORTS.get(cid, []):
        lines.append('#[allow(unused_imports)]\nuse %s;\n' % x)
    lines.append('\nzcl_cluster! {\n')
    lines.append('    /// %s (0x%04x).\n' % (display, cid))
    mfr = c.get('manufacturer')
    lines.append('    cluster 0x%04x%s %s;\n' % (cid, ' mfr 0x%04x' % mfr if mfr else '', json.dumps(display)))
    lines.append('    enums {\n')
    for t in declared:
        if t in ENUMS and t not in BITMAPS:
            lines.append(enum_block(t))
    for e in c.get('enums', []):
        lines.append(e)
    lines.append('    }\n    bitmaps {\n')
    for t in declared:
        if t in BITMAPS:
            lines.append(bitmap_block(t))
    for b in c.get('bitmaps', []):
        lines.append(b)
    lines.append('    }\n    structs {\n')
    for t in declared:
        if t in STRUCTS:
            lines.append(struct_block(t, set()))
    for s in c.get('structs', []):
        lines.append(s)
    lines.append('    }\n    attributes {\n')
    seen_const = set()
    for a in attrs:
        t = a['type']
        t = ALIAS.get(t, t)
        if t in ENUMS:
            t = ENUMS[t]['type']
        elif t in BITMAPS:
            t = BITMAPS[t]['type']
        dt = PRIM[t][0] if t in PRIM else 'OctetString'
        const = upper(a['name']) or 'ATTR_%04X' % a['id']
        if const in seen_const:
            const = '%s_%04X' % (const, a['id'])
        seen_const.add(const)
        acc = ['R']
        if a.get('writable'):
            acc.append('W')
        if a.get('reportable'):
            acc.append('P')
        if (cid, a['id']) in SCENE:
            acc.append('S')
        mf = ' mfr(0x%04x)' % a['manufacturer'] if a.get('manufacturer') else ''
        vt = ATTR_VALUES.get((cid, a['id']))
        if vt is None:
            own = pascal(a['name'])
            if own in declared and (ENUMS.get(own) or BITMAPS.get(own) or {}).get('type') in VALUE_TYPES \
                    and dt in ('Enum8', 'Enum16', 'Map8', 'Map16', 'Map24', 'Map32', 'Map64'):
                vt = own
        vals = ' values(%s)' % rust_type_name(vt) if vt else ''
        label = a.get('label') or a['name']
        lines.append('        /// %s.\n        0x%04x %s %s: %s [%s] %s%s%s%s%s;\n' % (
            label[:1].upper() + label[1:], a['id'], const, json.dumps(snake(a['name']).rstrip('_')),
            dt, ' '.join(acc), 'optional' if a.get('optional') else 'mandatory',
            default_of(a, dt), range_of(a, dt), mf, vals))
    lines.append('    }\n')
    for side, block in (('client', 'received'), ('server', 'generated')):
        lines.append('    %s {\n' % block)
        for cmd, sname, fields in cmds[side]:
            lt = "<'a>" if lt_of(fields) else ''
            body = ', '.join(fields)
            lines.append('        /// %s (command 0x%02x).\n        0x%02x %s%s %s %s { %s }\n' % (
                words(cmd['name']), cmd['id'], cmd['id'], sname, lt, json.dumps(snake(cmd['name']).rstrip('_')),
                'optional' if cmd.get('optional') else 'mandatory', body))
        lines.append('    }\n')
    lines.append('}\n')
    extra = c.get('extra_rs')
    if extra:
        lines.append('\n' + extra)
    open(os.path.join(OUT, mod + '.rs'), 'w').write(''.join(lines))


CLUSTERS_DOC = """//! Cluster definitions, one module per cluster (generated by tools/gen_clusters.py from the ZCL
//! data model, zigpy facts and tools/extra_clusters.py; do not edit by hand).
//!
//! Each module has `ID`, a typed [`Attribute`](crate::field::Attribute) constant per attribute,
//! one struct per command (implementing [`Command`](crate::field::Command)), its enums and
//! bitmaps, and `META`, the cluster's [`ClusterMeta`](crate::meta::ClusterMeta).
//!
//! ```
//! use zcl_clusters::clusters::{level_control, on_off};
//! use zcl_clusters::Command;
//!
//! // Build and encode On With Timed Off (ZCL 3.8.2.3.6): on for 3 s, then off-wait 1 s.
//! let cmd = on_off::OnWithTimedOff {
//!     on_off_control: on_off::OnOffControl::ACCEPT_ONLY_WHEN_ON,
//!     on_time: 30,
//!     off_wait_time: 10,
//! };
//! let mut buf = [0u8; 8];
//! let n = cmd.emit_payload(&mut buf).unwrap();
//! assert_eq!(&buf[..n], &[0x01, 0x1e, 0x00, 0x0a, 0x00]);
//!
//! // Decode Move To Level: the optional options fields are absent here.
//! let m = level_control::MoveToLevel::parse_payload(&[0x80, 0x0a, 0x00]).unwrap();
//! assert_eq!((m.level, m.transition_time, m.option_mask), (0x80, 10, None));
//!
//! // Attribute metadata and typed ids.
//! assert_eq!(on_off::ON_OFF.id, 0x0000);
//! let a = on_off::META.attribute(on_off::ON_OFF.id, None).unwrap();
//! assert!(a.access.contains(zcl_clusters::Access::SCENE));
//! ```

"""


def write_mod_rs(mods, per_mod):
    out = [CLUSTERS_DOC]
    for m in mods:
        out.append('pub mod %s;\n' % m)
    out.append('pub mod weekly_schedule;\n')
    out.append('\n/// The clusters of the ZCL (and of the peer stacks), in id order.\n')
    out.append('#[cfg(feature = "registry")]\npub(crate) static REGISTRY: &[crate::registry::Entry] = &[\n')
    for m in mods:
        out.append('    crate::registry::Entry { meta: &%s::META, decode: %s::visit_command, values: %s::attribute_values },\n' % (m, m, m))
    for m in MANUFACTURER_MODULES:
        out.append('    crate::registry::Entry { meta: &crate::manufacturer::%s::META, decode: crate::manufacturer::%s::visit_command, values: crate::manufacturer::%s::attribute_values },\n' % (m, m, m))
    out.append('];\n')
    out.append('\n#[cfg(test)]\nmod tests {\n    /// Every command of every standard cluster round-trips and decodes by name.\n')
    out.append('    #[test]\n    fn roundtrip_every_command() {\n        let mut n = 0;\n')
    for m in mods:
        out.append('        n += super::%s::roundtrip_all();\n' % m)
    out.append('        assert!(n > 400, "{n}");\n    }\n}\n')
    open(os.path.join(OUT, 'mod.rs'), 'w').write(''.join(out))
    # Leave the tree as `cargo fmt --check` (run in CI) expects it.
    written = sorted(os.path.join(OUT, f) for f in os.listdir(OUT) if f.endswith('.rs'))
    subprocess.run(['rustfmt', '--edition', '2021'] + written, check=True)


if __name__ == '__main__':
    main()
