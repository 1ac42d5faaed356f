"""Clusters the ZCL data model (zcl-spec.json) lacks, in the generator's input format.

* peer_facts.json: ids, names, data types and access of the clusters zigpy 2.4 defines and the
  data model does not (analog/binary/multistate input/output/value 0x000c-0x0014 of ZCL 3.14,
  the BACnet regular/extended clusters 0x0602-0x0613, newer measurement clusters, Zigbee Direct
  configuration, Amazon's Works With All Hubs), read by peer_facts.py.
* Below, by hand: clusters only zigbee-herdsman 11 defines (ids, names and types read from its
  cluster table; the pulse width modulation cluster follows ZCL 8 section 3.19).
"""
import json
import os

NAMES = {
    0x000c: 'Analog Input (Basic)', 0x000d: 'Analog Output (Basic)',
    0x000e: 'Analog Value (Basic)', 0x0010: 'Binary Output (Basic)',
    0x0011: 'Binary Value (Basic)', 0x0012: 'Multistate Input (Basic)',
    0x0013: 'Multistate Output (Basic)', 0x0014: 'Multistate Value (Basic)',
    0x003d: 'Zigbee Direct Configuration', 0x0407: 'Leaf Wetness Measurement',
    0x0408: 'Soil Moisture Measurement', 0x0409: 'pH Measurement',
    0x040a: 'Electrical Conductivity Measurement', 0x040b: 'Wind Speed Measurement',
    0x042a: 'PM2.5 Concentration Measurement', 0x042b: 'Formaldehyde Concentration Measurement',
    0x0602: 'Analog Input (BACnet Regular)', 0x0603: 'Analog Input (BACnet Extended)',
    0x0604: 'Analog Output (BACnet Regular)', 0x0605: 'Analog Output (BACnet Extended)',
    0x0606: 'Analog Value (BACnet Regular)', 0x0607: 'Analog Value (BACnet Extended)',
    0x0608: 'Binary Input (BACnet Regular)', 0x0609: 'Binary Input (BACnet Extended)',
    0x060a: 'Binary Output (BACnet Regular)', 0x060b: 'Binary Output (BACnet Extended)',
    0x060c: 'Binary Value (BACnet Regular)', 0x060d: 'Binary Value (BACnet Extended)',
    0x060e: 'Multistate Input (BACnet Regular)', 0x060f: 'Multistate Input (BACnet Extended)',
    0x0610: 'Multistate Output (BACnet Regular)', 0x0611: 'Multistate Output (BACnet Extended)',
    0x0612: 'Multistate Value (BACnet Regular)', 0x0613: 'Multistate Value (BACnet Extended)',
    0xfc57: 'Works With All Hubs',
}
MODULES = {
    0x003d: 'zigbee_direct_configuration', 0x042a: 'pm25_measurement',
    0x042b: 'formaldehyde_measurement', 0xfc57: 'works_with_all_hubs',
}
# Manufacturer code of the vendor clusters among the peer ids.
MFR = {0xfc57: 0x1217}


def attr(id_, name, type_, writable=False, reportable=False, optional=False, default=None):
    return {'side': 'server', 'id': id_, 'name': name, 'type': type_, 'writable': writable,
            'reportable': reportable, 'optional': optional, 'default': default,
            'manufacturer': None}


def cmd(source, id_, name, args, optional=False):
    return {'source': source, 'id': id_, 'name': name, 'optional': optional,
            'manufacturer': None, 'args': args}


def arg(name, type_, **kw):
    d = {'name': name, 'type': type_}
    d.update(kw)
    return d


OPT = {'trailing_optional': True}

HAND = [
    {'id': 0x001c, 'name': 'Pulse Width Modulation', 'module': 'pulse_width_modulation',
     'attributes': [
         attr(0x0000, 'current_level', 'INT8U', reportable=True, default='0xff'),
         attr(0x0001, 'remaining_time', 'INT16U', optional=True, default='0'),
         attr(0x0002, 'min_level', 'INT8U', default='0'),
         attr(0x0003, 'max_level', 'INT8U', default='100'),
         attr(0x0004, 'current_frequency', 'INT16U', reportable=True, default='0'),
         attr(0x0005, 'min_frequency', 'INT16U', default='0'),
         attr(0x0006, 'max_frequency', 'INT16U', default='0'),
         attr(0x000f, 'options', 'BITMAP8', writable=True, optional=True, default='0'),
         attr(0x0010, 'on_off_transition_time', 'INT16U', writable=True, optional=True, default='0'),
         attr(0x0011, 'on_level', 'INT8U', writable=True, optional=True, default='0xff'),
         attr(0x0012, 'on_transition_time', 'INT16U', writable=True, optional=True, default='0xffff'),
         attr(0x0013, 'off_transition_time', 'INT16U', writable=True, optional=True, default='0xffff'),
         attr(0x0014, 'default_move_rate', 'INT8U', writable=True, optional=True),
         attr(0x4000, 'start_up_current_level', 'INT8U', writable=True, optional=True),
     ],
     'commands': [
         cmd('client', 0x00, 'MoveToLevel', [arg('level', 'INT8U'), arg('transitionTime', 'INT16U'),
                                             arg('optionsMask', 'BITMAP8', **OPT),
                                             arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x01, 'Move', [arg('moveMode', 'ENUM8'), arg('rate', 'INT8U'),
                                      arg('optionsMask', 'BITMAP8', **OPT),
                                      arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x02, 'Step', [arg('stepMode', 'ENUM8'), arg('stepSize', 'INT8U'),
                                      arg('transitionTime', 'INT16U'),
                                      arg('optionsMask', 'BITMAP8', **OPT),
                                      arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x03, 'Stop', [arg('optionsMask', 'BITMAP8', **OPT),
                                      arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x04, 'MoveToLevelWithOnOff', [arg('level', 'INT8U'),
                                                     arg('transitionTime', 'INT16U'),
                                                     arg('optionsMask', 'BITMAP8', **OPT),
                                                     arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x05, 'MoveWithOnOff', [arg('moveMode', 'ENUM8'), arg('rate', 'INT8U'),
                                              arg('optionsMask', 'BITMAP8', **OPT),
                                              arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x06, 'StepWithOnOff', [arg('stepMode', 'ENUM8'), arg('stepSize', 'INT8U'),
                                              arg('transitionTime', 'INT16U'),
                                              arg('optionsMask', 'BITMAP8', **OPT),
                                              arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x07, 'StopWithOnOff', [arg('optionsMask', 'BITMAP8', **OPT),
                                              arg('optionsOverride', 'BITMAP8', **OPT)]),
         cmd('client', 0x08, 'MoveToClosestFrequency', [arg('frequency', 'INT16U')]),
     ]},
    {'id': 0x0022, 'name': 'Mobile Device Configuration', 'module': 'mobile_device_configuration',
     'attributes': [
         attr(0x0000, 'keep_alive_time', 'INT16U', writable=True, default='15'),
         attr(0x0001, 'rejoin_timeout', 'INT16U', writable=True, default='0xffff'),
     ],
     'commands': [
         cmd('server', 0x00, 'KeepAliveNotification', [arg('keepAliveTime', 'INT16U'),
                                                       arg('rejoinTimeout', 'INT16U')]),
     ]},
    {'id': 0x0023, 'name': 'Neighbor Cleaning', 'module': 'neighbor_cleaning',
     'attributes': [attr(0x0000, 'neighbor_cleaning_timeout', 'INT16U', writable=True,
                         default='30')],
     'commands': [cmd('client', 0x00, 'PurgeEntries', [])]},
    {'id': 0x0024, 'name': 'Nearest Gateway', 'module': 'nearest_gateway',
     'attributes': [attr(0x0000, 'nearest_gateway', 'INT16U', writable=True, default='0'),
                    attr(0x0001, 'new_mobile_node', 'INT16U', writable=True, default='0')],
     'commands': []},
    {'id': 0x0617, 'name': 'Retail Tunnel', 'module': 'retail_tunnel',
     'attributes': [attr(0x0000, 'manufacturer_code', 'INT16U'),
                    attr(0x0001, 'ms_profile', 'INT16U')],
     'commands': [cmd('client', 0x00, 'TransferApdu', [arg('apdu', 'OCTET_STRING')])]},
]


def load():
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    for c in json.load(open(os.path.join(here, 'peer_facts.json'))):
        cid = c['id']
        for a in c['attributes']:
            if a['type'].startswith('LIST8:'):
                a['type'] = 'ARRAY'
        for m in c['commands']:
            for a in m['args']:
                if a.get('list8'):
                    a['array_count8'] = True
        out.append({'id': cid, 'name': NAMES.get(cid, c['name']), 'module': MODULES.get(cid),
                    'manufacturer': MFR.get(cid),
                    'source': 'of ids, names and types as zigpy 2.4 defines them (facts read by '
                              'tools/peer_facts.py into tools/peer_facts.json)',
                    'attributes': c['attributes'], 'commands': c['commands']})
    for c in HAND:
        c = dict(c)
        c['source'] = ('written by hand in tools/extra_clusters.py (ids, names, types as '
                       'zigbee-herdsman 11 and the ZCL define them)')
        out.append(c)
    return out


CLUSTERS = load()
