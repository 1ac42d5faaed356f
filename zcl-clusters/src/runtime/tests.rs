//! Foundation behaviour of the runtime checked frame by frame (ZCL 2.5), on a test cluster
//! served by the generic [`AttributeStore`].

use super::*;
use crate::meta::{Access, AttributeMeta, ClusterMeta, CommandMeta, DefaultValue};
use zcl_core::{DataType, Direction};

const R: Access = Access::READ;
const RW: Access = Access::READ.union(Access::WRITE);
const RP: Access = Access::READ.union(Access::REPORT);
const RWP: Access = Access::READ.union(Access::WRITE).union(Access::REPORT);

/// An attribute of the test cluster (limits out of line, as the declaration macro makes them).
macro_rules! attr {
    ($id:expr, $ty:expr, $access:expr, $default:expr, $min:expr, $max:expr, $mfr:expr $(,)?) => {
        AttributeMeta {
            id: $id,
            name: "attr",
            data_type: $ty,
            access: $access,
            mandatory: false,
            manufacturer: $mfr,
            limits: Some(&crate::meta::AttributeLimits::new($default, $min, $max)),
        }
    };
}

/// Test cluster 0x0402-like, with one attribute of each interesting kind.
static TEST: ClusterMeta = ClusterMeta {
    id: 0x0402,
    manufacturer: None,
    name: "Test",
    attributes: &[
        attr!(
            0x0000,
            DataType::Bool,
            RP,
            Some(DefaultValue::Int(0)),
            None,
            None,
            None,
        ),
        attr!(
            0x0001,
            DataType::Uint8,
            RWP,
            Some(DefaultValue::Int(0x80)),
            Some(1),
            Some(254),
            None,
        ),
        attr!(
            0x0002,
            DataType::Int16,
            RP,
            Some(DefaultValue::Int(2150)),
            None,
            None,
            None,
        ),
        attr!(
            0x0003,
            DataType::CharString,
            R,
            Some(DefaultValue::Str("abc")),
            None,
            None,
            None,
        ),
        attr!(
            0x0004,
            DataType::Uint16,
            RW,
            Some(DefaultValue::Int(0)),
            None,
            None,
            None,
        ),
        // Optional and not implemented by the store (no default).
        attr!(0x0005, DataType::Uint8, RW, None, None, None, None),
        // Manufacturer-specific attribute of a standard cluster.
        attr!(
            0x0010,
            DataType::Uint8,
            RW,
            Some(DefaultValue::Int(7)),
            None,
            None,
            Some(0x1234),
        ),
    ],
    commands: &[
        CommandMeta {
            id: 0x00,
            name: "a",
            direction: Direction::ClientToServer,
            mandatory: true,
        },
        CommandMeta {
            id: 0x01,
            name: "b",
            direction: Direction::ClientToServer,
            mandatory: true,
        },
        CommandMeta {
            id: 0x40,
            name: "c",
            direction: Direction::ClientToServer,
            mandatory: false,
        },
        CommandMeta {
            id: 0x00,
            name: "d",
            direction: Direction::ServerToClient,
            mandatory: true,
        },
    ],
};

fn ind(payload: &[u8]) -> ApsIndication<'_> {
    ApsIndication {
        src_addr: 0x1234,
        src_endpoint: 1,
        dst: Destination::Endpoint(1),
        profile: 0x0104,
        cluster: 0x0402,
        payload,
        broadcast: false,
    }
}

/// Runs `frames` through a device with the test cluster on endpoint 1 and returns the outbox
/// and the store afterwards.
fn run(
    setup: impl FnOnce(&mut Device<'_, 4>),
    frames: &[&[u8]],
) -> (FrameQueue<8>, AttributeStore<8>) {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    {
        let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
        let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
        let mut dev: Device<'_, 4> = Device::new(&mut eps);
        setup(&mut dev);
        for f in frames {
            dev.handle(&ind(f), &mut out);
        }
    }
    (out, store)
}

fn only(out: &FrameQueue<8>) -> &[u8] {
    assert_eq!(out.len(), 1, "expected exactly one frame");
    out.get(0).unwrap().1
}

#[test]
fn read_attributes_answers_values_and_unsupported_records() {
    let (out, _) = run(
        |_| {},
        &[&[
            0x00, 0x11,
            0x00, // frame control: global, client->server; tsn 0x11; read attributes
            0x01, 0x00, // level
            0x05, 0x00, // optional, not implemented
            0x03, 0x00, // string
            0x10, 0x00, // manufacturer-specific id asked without manufacturer code
        ]],
    );
    let (tx, frame) = out.get(0).unwrap();
    assert_eq!(tx.dst_addr, Address::Short(0x1234));
    assert_eq!(
        (tx.dst_endpoint, tx.src_endpoint, tx.cluster, tx.profile),
        (1, 1, 0x0402, 0x0104)
    );
    assert_eq!(
        frame,
        &[
            0x18, 0x11,
            0x01, // server->client, default response disabled; read attributes response
            0x01, 0x00, 0x00, 0x20, 0x80, // level: success, uint8, 0x80
            0x05, 0x00, 0x86, // UNSUPPORTED_ATTRIBUTE
            0x03, 0x00, 0x00, 0x42, 0x03, b'a', b'b', b'c', // string "abc"
            0x10, 0x00, 0x86, // UNSUPPORTED_ATTRIBUTE
        ]
    );
    assert_eq!(out.len(), 1);
}

#[test]
fn read_attributes_response_is_cut_at_a_whole_record() {
    let (out, _) = run(
        |d| d.set_max_frame(3 + 5 + 7),
        &[&[
            0x00, 0x01, 0x00, // read attributes
            0x01, 0x00, 0x03, 0x00, 0x02, 0x00,
        ]],
    );
    // 12 bytes of payload room: the 5-byte level record fits, the 8-byte string record does not,
    // and nothing after it is sent.
    assert_eq!(
        only(&out),
        &[0x18, 0x01, 0x01, 0x01, 0x00, 0x00, 0x20, 0x80]
    );
}

#[test]
fn reads_with_a_broken_record_after_a_full_frame_are_malformed() {
    let (out, _) = run(
        |d| d.set_max_frame(3 + 5 + 7),
        &[
            // The response is full after the level record; the half id at the end still makes
            // the command MALFORMED_COMMAND.
            &[0x00, 0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x02, 0x00, 0x01],
            // Read reporting configuration: a whole record, then a record without its id.
            &[0x00, 0x02, 0x08, 0x00, 0x01, 0x00, 0x00, 0x02],
        ],
    );
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x01, 0x0b, 0x00, 0x80]);
    assert_eq!(out.get(1).unwrap().1, &[0x18, 0x02, 0x0b, 0x08, 0x80]);
    assert_eq!(out.len(), 2);
}

#[test]
fn manufacturer_specific_read_is_routed_by_manufacturer_code() {
    let (out, _) = run(
        |_| {},
        &[
            &[0x04, 0x34, 0x12, 0x02, 0x00, 0x10, 0x00, 0x01, 0x00],
            &[0x04, 0x99, 0x99, 0x03, 0x00, 0x10, 0x00],
        ],
    );
    assert_eq!(
        out.get(0).unwrap().1,
        &[
            0x1c, 0x34, 0x12, 0x02, 0x01, // manufacturer-specific response, code 0x1234
            0x10, 0x00, 0x00, 0x20, 0x07, // manufacturer attribute 0x0010 = 7
            0x01, 0x00, 0x86, // standard id under a manufacturer code: unsupported
        ]
    );
    // Unknown manufacturer code: UNSUP_MANUF_GENERAL_COMMAND.
    assert_eq!(
        out.get(1).unwrap().1,
        &[0x1c, 0x99, 0x99, 0x03, 0x0b, 0x00, 0x84]
    );
}

#[test]
fn write_attributes_success_is_one_status_byte() {
    let (out, store) = run(
        |_| {},
        &[&[
            0x00, 0x20, 0x02, // write attributes
            0x01, 0x00, 0x20, 0x42, // level = 0x42
            0x04, 0x00, 0x21, 0x34, 0x12, // uint16 = 0x1234
        ]],
    );
    assert_eq!(only(&out), &[0x18, 0x20, 0x04, 0x00]);
    assert_eq!(store.get(1), Some(AttrValue::Raw(0x42)));
    assert_eq!(store.get(4), Some(AttrValue::Raw(0x1234)));
}

#[test]
fn write_attributes_reports_each_failure_and_writes_the_rest() {
    let (out, store) = run(
        |_| {},
        &[&[
            0x00, 0x21, 0x02, // write attributes
            0x00, 0x00, 0x10, 0x01, // bool, read only
            0x01, 0x00, 0x21, 0x05, 0x00, // uint16 given for a uint8
            0x01, 0x00, 0x20, 0xff, // 255 outside 1..=254
            0x05, 0x00, 0x20, 0x01, // not implemented
            0x04, 0x00, 0x21, 0x09, 0x00, // fine
        ]],
    );
    assert_eq!(
        only(&out),
        &[
            0x18, 0x21, 0x04, 0x88, 0x00, 0x00, // READ_ONLY
            0x8d, 0x01, 0x00, // INVALID_DATA_TYPE
            0x87, 0x01, 0x00, // INVALID_VALUE
            0x86, 0x05, 0x00, // UNSUPPORTED_ATTRIBUTE
        ]
    );
    assert_eq!(store.get(4), Some(AttrValue::Raw(9)));
    assert_eq!(store.get(1), Some(AttrValue::Raw(0x80)));
}

#[test]
fn write_attributes_not_authorized_by_policy() {
    let (out, store) = run(
        |d| d.set_write_policy(Some(|src, _, _, attr| src.addr == 0 || attr != 4)),
        &[&[
            0x00, 0x22, 0x02, 0x04, 0x00, 0x21, 0x09, 0x00, 0x01, 0x00, 0x20, 0x05,
        ]],
    );
    assert_eq!(only(&out), &[0x18, 0x22, 0x04, 0x7e, 0x04, 0x00]);
    assert_eq!(store.get(4), Some(AttrValue::Raw(0)));
    assert_eq!(store.get(1), Some(AttrValue::Raw(5)));
}

#[test]
fn write_attributes_undivided_writes_nothing_when_one_fails() {
    let (out, store) = run(
        |_| {},
        &[
            &[
                0x00, 0x30, 0x03, 0x04, 0x00, 0x21, 0x09, 0x00, 0x01, 0x00, 0x20, 0x00,
            ],
            &[
                0x00, 0x31, 0x03, 0x04, 0x00, 0x21, 0x09, 0x00, 0x01, 0x00, 0x20, 0x10,
            ],
        ],
    );
    // First: level 0 is out of range, so uint16 is not written either.
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x30, 0x04, 0x87, 0x01, 0x00]);
    // Second: both valid, both written.
    assert_eq!(out.get(1).unwrap().1, &[0x18, 0x31, 0x04, 0x00]);
    assert_eq!(store.get(4), Some(AttrValue::Raw(9)));
    assert_eq!(store.get(1), Some(AttrValue::Raw(0x10)));
}

#[test]
fn write_attributes_no_response_answers_nothing() {
    let (out, store) = run(
        |_| {},
        &[
            &[0x00, 0x40, 0x05, 0x01, 0x00, 0x20, 0x33],
            // Errors are not answered either.
            &[0x00, 0x41, 0x05, 0x00, 0x00, 0x10, 0x01],
        ],
    );
    assert!(out.is_empty());
    assert_eq!(store.get(1), Some(AttrValue::Raw(0x33)));
}

#[test]
fn rejects_malformed_write_with_default_response_and_writes_nothing() {
    let (out, store) = run(
        |_| {},
        &[
            &[
                0x00, 0x42, 0x02, 0x04, 0x00, 0x21, 0x09, 0x00, 0x01, 0x00, 0x20,
            ], // value missing
            &[0x00, 0x43, 0x00, 0x01], // read attributes with half an id
            &[0x00],                   // no header: dropped
        ],
    );
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x42, 0x0b, 0x02, 0x80]);
    assert_eq!(out.get(1).unwrap().1, &[0x18, 0x43, 0x0b, 0x00, 0x80]);
    assert_eq!(out.len(), 2);
    assert_eq!(store.get(4), Some(AttrValue::Raw(0)));
}

#[test]
fn malformed_configure_reporting_changes_nothing() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    // A whole record (int16, 1..10 s, change 50), then one cut in its maximum interval.
    let frame = [
        0x00, 0x50, 0x06, 0x00, 0x02, 0x00, 0x29, 0x01, 0x00, 0x0a, 0x00, 0x32, 0x00, 0x00, 0x02,
        0x00, 0x29, 0x01, 0x00, 0x0a,
    ];
    dev.handle(&ind(&frame), &mut out);
    assert_eq!(only(&out), &[0x18, 0x50, 0x0b, 0x06, 0x80]);
    assert!(dev.report_configs().is_empty());
}

#[test]
fn configure_reporting_statuses() {
    let (out, _) = run(
        |_| {},
        &[
            &[
                0x00, 0x50, 0x06, // configure reporting
                0x00, 0x02, 0x00, 0x29, 0x01, 0x00, 0x0a, 0x00, 0x32,
                0x00, // int16 1..10 s, change 50
            ],
            &[
                0x00, 0x51, 0x06, 0x00, 0x04, 0x00, 0x21, 0x01, 0x00, 0x0a, 0x00, 0x01,
                0x00, // not reportable
                0x00, 0x01, 0x00, 0x21, 0x01, 0x00, 0x0a, 0x00, 0x01, 0x00, // wrong type
                0x00, 0x05, 0x00, 0x20, 0x01, 0x00, 0x0a, 0x00, 0x01, // not implemented
                0x00, 0x01, 0x00, 0x20, 0x0a, 0x00, 0x01, 0x00, 0x01, // min > max
                0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x3c, 0x00, // bool: no change field
            ],
        ],
    );
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x50, 0x07, 0x00]);
    assert_eq!(
        out.get(1).unwrap().1,
        &[
            0x18, 0x51, 0x07, 0x8c, 0x00, 0x04, 0x00, // UNREPORTABLE_ATTRIBUTE
            0x8d, 0x00, 0x01, 0x00, // INVALID_DATA_TYPE
            0x86, 0x00, 0x05, 0x00, // UNSUPPORTED_ATTRIBUTE
            0x87, 0x00, 0x01, 0x00, // INVALID_VALUE
        ]
    );
}

#[test]
fn read_reporting_configuration_and_stop_with_max_ffff() {
    let (out, _) = run(
        |_| {},
        &[
            &[
                0x00, 0x60, 0x06, 0x00, 0x02, 0x00, 0x29, 0x01, 0x00, 0x0a, 0x00, 0x32, 0x00,
            ],
            &[0x00, 0x61, 0x06, 0x01, 0x01, 0x00, 0x2c, 0x01], // expect reports: timeout 300 s
            &[
                0x00, 0x62, 0x08, // read reporting configuration
                0x00, 0x02, 0x00, // configured
                0x00, 0x01, 0x00, // reportable, not configured
                0x00, 0x04, 0x00, // not reportable
                0x00, 0x05, 0x00, // not implemented
                0x01, 0x01, 0x00, // received direction
            ],
            &[
                0x00, 0x63, 0x06, 0x00, 0x02, 0x00, 0x29, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
            ],
            &[0x00, 0x64, 0x08, 0x00, 0x02, 0x00],
        ],
    );
    assert_eq!(
        out.get(2).unwrap().1,
        &[
            0x18, 0x62, 0x09, 0x00, 0x00, 0x02, 0x00, 0x29, 0x01, 0x00, 0x0a, 0x00, 0x32, 0x00,
            0x8b, 0x00, 0x01, 0x00, // NOT_FOUND
            0x8c, 0x00, 0x04, 0x00, // UNREPORTABLE_ATTRIBUTE
            0x86, 0x00, 0x05, 0x00, // UNSUPPORTED_ATTRIBUTE
            0x00, 0x01, 0x01, 0x00, 0x2c, 0x01, // timeout 300
        ]
    );
    assert_eq!(out.get(3).unwrap().1, &[0x18, 0x63, 0x07, 0x00]);
    // Max interval 0xffff removed the configuration.
    assert_eq!(
        out.get(4).unwrap().1,
        &[0x18, 0x64, 0x09, 0x8b, 0x00, 0x02, 0x00]
    );
}

#[test]
fn discover_attributes_lists_implemented_ids_with_completion() {
    let (out, _) = run(
        |_| {},
        &[
            &[0x00, 0x70, 0x0c, 0x00, 0x00, 0x03],
            &[0x00, 0x71, 0x0c, 0x03, 0x00, 0x10],
            &[0x00, 0x72, 0x15, 0x00, 0x00, 0x10],
            &[0x04, 0x34, 0x12, 0x73, 0x0c, 0x00, 0x00, 0x10],
        ],
    );
    assert_eq!(
        out.get(0).unwrap().1,
        &[
            0x18, 0x70, 0x0d, 0x00, // not complete
            0x00, 0x00, 0x10, 0x01, 0x00, 0x20, 0x02, 0x00, 0x29,
        ]
    );
    assert_eq!(
        out.get(1).unwrap().1,
        &[
            0x18, 0x71, 0x0d, 0x01, // complete; 0x0005 is not implemented
            0x03, 0x00, 0x42, 0x04, 0x00, 0x21,
        ]
    );
    assert_eq!(
        out.get(2).unwrap().1,
        &[
            0x18, 0x72, 0x16, 0x01, 0x00, 0x00, 0x10, 0x05, // read, report
            0x01, 0x00, 0x20, 0x07, // read, write, report
            0x02, 0x00, 0x29, 0x05, 0x03, 0x00, 0x42, 0x01, 0x04, 0x00, 0x21, 0x03,
        ]
    );
    assert_eq!(
        out.get(3).unwrap().1,
        &[0x1c, 0x34, 0x12, 0x73, 0x0d, 0x01, 0x10, 0x00, 0x20]
    );
}

#[test]
fn discover_commands_received_and_generated() {
    let (out, _) = run(
        |_| {},
        &[
            &[0x00, 0x80, 0x11, 0x00, 0x02],
            &[0x00, 0x81, 0x11, 0x01, 0x05],
            &[0x00, 0x82, 0x13, 0x00, 0x05],
        ],
    );
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x80, 0x12, 0x00, 0x00, 0x01]);
    assert_eq!(out.get(1).unwrap().1, &[0x18, 0x81, 0x12, 0x01, 0x01, 0x40]);
    assert_eq!(out.get(2).unwrap().1, &[0x18, 0x82, 0x14, 0x01, 0x00]);
}

#[test]
fn default_response_rules() {
    let (out, _) = run(
        |_| {},
        &[
            &[0x00, 0x90, 0x0b, 0x00, 0x00], // a default response: never answered
            &[0x00, 0x91, 0x0e],             // read attributes structured: not supported
            &[0x00, 0x92, 0x30],             // unknown global command
            &[0x01, 0x93, 0x00],             // cluster command the store does not handle
            &[0x05, 0x34, 0x12, 0x94, 0x00], // manufacturer-specific cluster command
            &[0x11, 0x95, 0x77],             // error even with default response disabled
            &[0x08, 0x96, 0x00, 0x00, 0x00], // server->client frame: not for a server
        ],
    );
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x91, 0x0b, 0x0e, 0x82]);
    assert_eq!(out.get(1).unwrap().1, &[0x18, 0x92, 0x0b, 0x30, 0x82]);
    assert_eq!(out.get(2).unwrap().1, &[0x18, 0x93, 0x0b, 0x00, 0x81]);
    assert_eq!(
        out.get(3).unwrap().1,
        &[0x1c, 0x34, 0x12, 0x94, 0x0b, 0x00, 0x83]
    );
    assert_eq!(out.get(4).unwrap().1, &[0x18, 0x95, 0x0b, 0x77, 0x81]);
    assert_eq!(out.len(), 5);
}

#[test]
fn no_default_response_to_broadcasts_or_groupcasts() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    let mut i = ind(&[0x01, 0x01, 0x00]);
    i.broadcast = true;
    dev.handle(&i, &mut out);
    i.broadcast = false;
    i.dst = Destination::Endpoint(0xff);
    dev.handle(&i, &mut out);
    assert!(out.is_empty());
    // A broadcast read still gets its read attributes response.
    let mut r = ind(&[0x00, 0x02, 0x00, 0x01, 0x00]);
    r.broadcast = true;
    dev.handle(&r, &mut out);
    assert_eq!(
        only(&out),
        &[0x18, 0x02, 0x01, 0x01, 0x00, 0x00, 0x20, 0x80]
    );
    // Wrong profile or endpoint: dropped.
    out.clear();
    let mut p = ind(&[0x00, 0x03, 0x00, 0x01, 0x00]);
    p.profile = 0xc05e;
    dev.handle(&p, &mut out);
    p.profile = 0x0104;
    p.dst = Destination::Endpoint(2);
    dev.handle(&p, &mut out);
    assert!(out.is_empty());
}

#[test]
fn unsupported_cluster_gets_default_response() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    let mut i = ind(&[0x00, 0x05, 0x00, 0x00, 0x00]);
    i.cluster = 0x0006;
    dev.handle(&i, &mut out);
    assert_eq!(only(&out), &[0x18, 0x05, 0x0b, 0x00, 0xc3]);
}

#[test]
fn reporting_min_max_and_reportable_change() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    // int16 measured value: min 2 s, max 10 s, change 50; bool: min 0, max 0 (changes only).
    dev.handle(
        &ind(&[
            0x00, 0x01, 0x06, 0x00, 0x02, 0x00, 0x29, 0x02, 0x00, 0x0a, 0x00, 0x32, 0x00, 0x00,
            0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00,
        ]),
        &mut out,
    );
    // Response, then at once the bool's first report (min 0).
    assert_eq!(out.get(0).unwrap().1, &[0x18, 0x01, 0x07, 0x00]);
    let (tx, rep) = out.get(1).unwrap();
    assert_eq!(
        (tx.dst_addr, tx.dst_endpoint, tx.cluster),
        (Address::Short(0x1234), 1, 0x0402)
    );
    assert_eq!(rep, &[0x18, 0x00, 0x0a, 0x00, 0x00, 0x10, 0x00]);
    assert_eq!(out.len(), 2);
    out.clear();
    dev.tick(1_999, &mut out);
    assert!(out.is_empty());
    dev.tick(2_000, &mut out); // first report of the int16 after min interval
    assert_eq!(
        only(&out),
        &[0x18, 0x01, 0x0a, 0x02, 0x00, 0x29, 0x66, 0x08]
    );
    out.clear();
    // A change below 50 is not reported, at or above it is (after min interval).
    dev.set_attribute(1, 0x0402, 2, AttrValue::Raw(2150 + 49), &mut out)
        .unwrap();
    dev.tick(5_000, &mut out);
    assert!(out.is_empty());
    dev.set_attribute(1, 0x0402, 2, AttrValue::Raw(2150 - 50), &mut out)
        .unwrap();
    assert_eq!(
        only(&out),
        &[0x18, 0x02, 0x0a, 0x02, 0x00, 0x29, 0x34, 0x08]
    );
    out.clear();
    // Within min interval a second change waits.
    dev.set_attribute(1, 0x0402, 2, AttrValue::Raw(3000), &mut out)
        .unwrap();
    assert!(out.is_empty());
    dev.tick(6_999, &mut out);
    assert!(out.is_empty());
    // Both due now (bool changed too): batched in one frame.
    dev.set_attribute(1, 0x0402, 0, AttrValue::Raw(1), &mut out)
        .unwrap();
    assert_eq!(only(&out), &[0x18, 0x03, 0x0a, 0x00, 0x00, 0x10, 0x01]);
    out.clear();
    dev.tick(7_000, &mut out);
    assert_eq!(
        only(&out),
        &[0x18, 0x04, 0x0a, 0x02, 0x00, 0x29, 0xb8, 0x0b]
    );
    out.clear();
    // Max interval: a report 10 s after the last one with no change.
    dev.tick(16_999, &mut out);
    assert!(out.is_empty());
    dev.tick(17_000, &mut out);
    assert_eq!(
        only(&out),
        &[0x18, 0x05, 0x0a, 0x02, 0x00, 0x29, 0xb8, 0x0b]
    );
}

#[test]
fn reports_of_one_cluster_share_a_frame_within_the_limit() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut out = FrameQueue::<8>::new();
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    dev.handle(
        &ind(&[
            0x10, 0x01, 0x06, 0x00, 0x02, 0x00, 0x29, 0x05, 0x00, 0x0a, 0x00, 0x01, 0x00, 0x00,
            0x00, 0x00, 0x10, 0x05, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x20, 0x05, 0x00, 0x0a,
            0x00, 0x01,
        ]),
        &mut out,
    );
    out.clear();
    dev.tick(5_000, &mut out);
    // Records in configuration order.
    assert_eq!(
        only(&out),
        &[
            0x18, 0x00, 0x0a, 0x02, 0x00, 0x29, 0x66, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00,
            0x20, 0x80,
        ]
    );
    out.clear();
    // With room for two records per frame the three go out in two frames.
    dev.set_max_frame(3 + 9);
    dev.tick(15_000, &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(
        out.get(0).unwrap().1,
        &[0x18, 0x01, 0x0a, 0x02, 0x00, 0x29, 0x66, 0x08, 0x00, 0x00, 0x10, 0x00]
    );
    assert_eq!(
        out.get(1).unwrap().1,
        &[0x18, 0x02, 0x0a, 0x01, 0x00, 0x20, 0x80]
    );
}

#[test]
fn storage_restores_persistent_attributes() {
    struct Persist(AttributeStore<8>);
    impl ClusterServer for Persist {
        fn meta(&self) -> &'static ClusterMeta {
            self.0.meta()
        }
        fn read(&self, a: &AttributeMeta) -> Option<AttrValue<'_>> {
            self.0.read(a)
        }
        fn write(&mut self, a: &AttributeMeta, v: AttrValue<'_>) -> Result<(), Status> {
            self.0.write(a, v)
        }
        fn persistent(&self, attr: u16) -> bool {
            attr == 1
        }
    }
    let mut flash = MemoryStorage::<4>::new();
    {
        let mut s = Persist(AttributeStore::new(&TEST));
        let mut servers: [&mut dyn ClusterServer; 1] = [&mut s];
        let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
        let mut dev: Device<'_, 4> = Device::new(&mut eps);
        let mut out = FrameQueue::<2>::new();
        dev.handle(&ind(&[0x10, 0x01, 0x02, 0x01, 0x00, 0x20, 0x21]), &mut out);
        dev.save(&mut flash);
        dev.save(&mut flash);
    }
    assert_eq!(flash.writes, 1);
    let mut s = Persist(AttributeStore::new(&TEST));
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut s];
    let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
    let mut dev: Device<'_, 4> = Device::new(&mut eps);
    assert_eq!(dev.attribute(1, 0x0402, 1), Some(AttrValue::Raw(0x80)));
    dev.restore(&mut flash);
    assert_eq!(dev.attribute(1, 0x0402, 1), Some(AttrValue::Raw(0x21)));
}

#[test]
fn emit_simple_descriptor() {
    let mut store = AttributeStore::<8>::new(&TEST);
    let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
    let ep = Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[0x0019]);
    let mut buf = [0xffu8; 16];
    let n = ep.emit_simple_descriptor(&mut buf).unwrap();
    assert_eq!(n, ep.simple_descriptor_len());
    assert_eq!(
        &buf[..n],
        &[
            0x01, // endpoint
            0x04, 0x01, // profile
            0x02, 0x03, // device id
            0x01, // version
            0x01, 0x02, 0x04, // one input cluster 0x0402
            0x01, 0x19, 0x00, // one output cluster 0x0019
        ]
    );
}

/// A cluster with writable strings: a character string and an octet string of at most 3 bytes.
static TEXT: ClusterMeta = ClusterMeta {
    id: 0x0402,
    manufacturer: None,
    name: "Text",
    attributes: &[
        attr!(
            0x0000,
            DataType::CharString,
            RW,
            Some(DefaultValue::Str("")),
            None,
            None,
            None
        ),
        attr!(
            0x0001,
            DataType::OctetString,
            RW,
            Some(DefaultValue::Str("")),
            None,
            Some(3),
            None
        ),
    ],
    commands: &[],
};

#[test]
fn write_attributes_keeps_strings_up_to_the_store_capacity() {
    // Room for strings of 6 bytes.
    let mut store = AttributeStore::<2, 6>::new(&TEXT);
    let mut out = FrameQueue::<8>::new();
    {
        let mut servers: [&mut dyn ClusterServer; 1] = [&mut store];
        let mut eps = [Endpoint::new(1, 0x0104, 0x0302, 1, &mut servers, &[])];
        let mut dev: Device<'_, 4> = Device::new(&mut eps);
        let mut exchange = |req: &[u8], resp: &[u8]| {
            out.clear();
            dev.handle(&ind(req), &mut out);
            assert_eq!(only(&out), resp);
        };
        exchange(
            &[
                0x00, 0x01, 0x02, // write attributes, tsn 1
                0x00, 0x00, 0x42, 0x05, b'h', b'e', b'l', b'l',
                b'o', // 0x0000: string "hello"
            ],
            &[0x18, 0x01, 0x04, 0x00], // success
        );
        exchange(
            &[0x00, 0x02, 0x00, 0x00, 0x00], // read 0x0000
            &[
                0x18, 0x02, 0x01, // read attributes response
                0x00, 0x00, 0x00, 0x42, 0x05, b'h', b'e', b'l', b'l', b'o',
            ],
        );
        // Seven bytes do not fit the store: INVALID_VALUE, the old value stays.
        exchange(
            &[
                0x00, 0x03, 0x02, // write attributes, tsn 3
                0x00, 0x00, 0x42, 0x07, b't', b'o', b'o', b'l', b'o', b'n', b'g',
            ],
            &[0x18, 0x03, 0x04, 0x87, 0x00, 0x00], // INVALID_VALUE for 0x0000
        );
        // One frame: "hi" is taken, four octets pass the octet string's maximum of 3.
        exchange(
            &[
                0x00, 0x04, 0x02, // write attributes, tsn 4
                0x00, 0x00, 0x42, 0x02, b'h', b'i', // 0x0000: "hi"
                0x01, 0x00, 0x41, 0x04, 0x01, 0x02, 0x03, 0x04, // 0x0001: 4 octets
            ],
            &[0x18, 0x04, 0x04, 0x87, 0x01, 0x00], // INVALID_VALUE for 0x0001
        );
        exchange(
            &[
                0x00, 0x05, 0x02, // write attributes, tsn 5
                0x01, 0x00, 0x41, 0x03, 0xaa, 0xbb, 0xcc, // 0x0001: 3 octets
            ],
            &[0x18, 0x05, 0x04, 0x00],
        );
        exchange(
            &[0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00], // read 0x0000 and 0x0001
            &[
                0x18, 0x06, 0x01, // read attributes response
                0x00, 0x00, 0x00, 0x42, 0x02, b'h', b'i', // "hi"
                0x01, 0x00, 0x00, 0x41, 0x03, 0xaa, 0xbb, 0xcc, // aa bb cc
            ],
        );
        // The invalid string (length 0xff) is a value too.
        exchange(
            &[0x00, 0x07, 0x02, 0x00, 0x00, 0x42, 0xff],
            &[0x18, 0x07, 0x04, 0x00],
        );
        exchange(
            &[0x00, 0x08, 0x00, 0x00, 0x00],
            &[0x18, 0x08, 0x01, 0x00, 0x00, 0x00, 0x42, 0xff],
        );
    }
    assert_eq!(
        store.get(0x0001),
        Some(AttrValue::Bytes(Some(&[0xaa, 0xbb, 0xcc])))
    );
}
