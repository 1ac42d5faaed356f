#!/usr/bin/env python3
"""Reads cluster facts (ids, names, data types, access, command field types) of the clusters the
ZCL data model lacks from an installed zigpy 2.4 (`pip install zigpy==2.4.0`) and writes them to
tools/peer_facts.json in the data model's vocabulary. Only facts are taken; gen_clusters.py writes
the definitions in this project's format. Usage: python3 zcl-clusters/tools/peer_facts.py"""
import json, os
from zigpy.zcl import Cluster
import zigpy.zcl.clusters  # noqa: F401  (registers the clusters)

IDS = [0x000c, 0x000d, 0x000e, 0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x003d, 0x0407, 0x0408,
       0x0409, 0x040a, 0x040b, 0x042a, 0x042b] + list(range(0x0602, 0x0614)) + [0xfc57]

ORDER = [
    ('Bool', 'BOOLEAN'), ('Single', 'FLOAT_SINGLE'), ('Double', 'FLOAT_DOUBLE'),
    ('Half', 'FLOAT_SEMI'), ('CharacterString', 'CHAR_STRING'),
    ('LimitedCharString', 'CHAR_STRING'), ('LongOctetString', 'LONG_OCTET_STRING'),
    ('LVBytes', 'OCTET_STRING'), ('ClusterId', 'CLUSTER_ID'), ('EUI64', 'IEEE_ADDRESS'),
    ('KeyData', 'SECURITY_KEY'), ('UTCTime', 'UTC_TIME'),
    ('bitmap8', 'BITMAP8'), ('bitmap16', 'BITMAP16'), ('bitmap24', 'BITMAP24'),
    ('bitmap32', 'BITMAP32'), ('enum8', 'ENUM8'), ('enum16', 'ENUM16'),
    ('NWK', 'INT16U'), ('PanId', 'INT16U'), ('Channels', 'BITMAP32'),
    ('uint8_t', 'INT8U'), ('uint16_t', 'INT16U'), ('uint24_t', 'INT24U'), ('uint32_t', 'INT32U'),
    ('uint40_t', 'INT40U'), ('uint48_t', 'INT48U'), ('uint56_t', 'INT56U'), ('uint64_t', 'INT64U'),
    ('int8s', 'INT8S'), ('int16s', 'INT16S'), ('int24s', 'INT24S'), ('int32s', 'INT32S'),
    ('int48s', 'INT48S'), ('int64s', 'INT64S'),
    ('int8_t', 'INT8S'), ('int16_t', 'INT16S'), ('int24_t', 'INT24S'), ('int32_t', 'INT32S'),
]


def type_name(t):
    names = [k.__name__ for k in getattr(t, '__mro__', [])]
    for cls, dm in ORDER:
        if cls in names:
            return dm
    if 'LVList' in names or 'AnonymousLVList' in names or 'List' in names:
        inner = getattr(t, '_item_type', None)
        return ('LIST8:' + type_name(inner)) if inner else 'OCTET_STRING'
    return 'OCTET_STRING'


def main():
    out = []
    for cid in IDS:
        c = Cluster._registry[cid]
        attrs = []
        for a in sorted(c.attributes.values(), key=lambda a: a.id):
            if a.id >= 0xfffd:
                continue
            acc = str(a.access)
            attrs.append({'side': 'server', 'id': a.id, 'name': a.name, 'type': type_name(a.type),
                          'writable': 'Write' in acc and 'Write_Optional' not in acc or
                          'Write_Optional' in acc,
                          'reportable': 'Report' in acc, 'optional': not a.mandatory,
                          'manufacturer': None})
        cmds = []
        for source, table in (('client', c.server_commands), ('server', c.client_commands)):
            for cmd_id, cmd in sorted(table.items()):
                fields = getattr(cmd.schema, 'fields', [])
                args = []
                for f in fields:
                    tn = type_name(f.type)
                    arg = {'name': f.name, 'type': tn}
                    if tn.startswith('LIST8:'):
                        arg = {'name': f.name, 'type': tn[6:], 'list8': True}
                    if getattr(f, 'optional', False):
                        arg['trailing_optional'] = True
                    args.append(arg)
                cmds.append({'source': source, 'id': cmd_id, 'name': cmd.name,
                             'optional': True,
                             'manufacturer': None, 'args': args})
        out.append({'id': cid, 'name': c.ep_attribute, 'zigpy_class': c.__name__,
                    'attributes': attrs, 'commands': cmds})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'peer_facts.json')
    json.dump(out, open(path, 'w'), indent=1)


if __name__ == '__main__':
    main()
