//! Writes the mixed ZCL corpus used by the decode benchmark (`examples/corpus/zcl-mixed.jsonl`):
//! read attributes responses of many types, reports, configure reporting, default responses and
//! cluster commands, built with zcl-core's encoders.
//!
//! `cargo run -p zcl-host --example gen_corpus -- examples/corpus/zcl-mixed.jsonl`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use zcl_core::foundation::*;
use zcl_core::value::{SequenceBuilder, Value};
use zcl_core::{DataType, Direction, FrameType, Header, Status};

type Encoded = Result<usize, zcl_core::EncodeError>;

fn frame(ft: FrameType, dir: Direction, tsn: u8, cmd: u8, payload: &[u8]) -> Vec<u8> {
    let h = Header::new(ft, dir, tsn, cmd);
    let mut buf = vec![0u8; h.encoded_len() + payload.len()];
    let n = h.emit(&mut buf).expect("header fits");
    buf[n..].copy_from_slice(payload);
    buf
}

fn emit(f: impl FnOnce(&mut [u8]) -> Encoded) -> Vec<u8> {
    let mut buf = vec![0u8; 256];
    let n = f(&mut buf).expect("payload fits");
    buf.truncate(n);
    buf
}

fn ok<'a>(attribute_id: u16, v: Value<'a>) -> ReadAttributeStatusRecord<'a> {
    ReadAttributeStatusRecord {
        attribute_id,
        status: Status::Success,
        value: Some(v),
    }
}

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/corpus/zcl-mixed.jsonl".into());
    let mut out: Vec<(u16, Vec<u8>)> = Vec::new();
    let s2c = Direction::ServerToClient;
    let c2s = Direction::ClientToServer;
    let g = FrameType::Global;
    let mut tsn = 0u8;
    let mut next = || {
        tsn = tsn.wrapping_add(1);
        tsn
    };
    let rar = |recs: &[ReadAttributeStatusRecord<'_>]| {
        emit(|b| ReadAttributesResponseRepr { records: recs }.emit(b))
    };
    // Read Attributes Responses of many types.
    let basic = [
        ok(0x0000, Value::Uint8(3)),
        ok(0x0004, Value::CharString(Some(b"LUMI"))),
        ok(0x0005, Value::CharString(Some(b"lumi.sensor_ht.agl02"))),
        ok(0x0007, Value::Enum8(3)),
        ReadAttributeStatusRecord {
            attribute_id: 0x4000,
            status: Status::UnsupportedAttribute,
            value: None,
        },
    ];
    out.push((0x0000, frame(g, s2c, next(), 0x01, &rar(&basic))));
    let onoff = [ok(0x0000, Value::Bool(1)), ok(0x4003, Value::Enum8(0xff))];
    out.push((0x0006, frame(g, s2c, next(), 0x01, &rar(&onoff))));
    let color = [
        ok(0x0003, Value::Uint16(24_939)),
        ok(0x0004, Value::Uint16(24_701)),
        ok(0x0007, Value::Uint16(370)),
        ok(0x0008, Value::Enum8(2)),
        ok(0x400a, Value::Map16(0x001f)),
    ];
    out.push((0x0300, frame(g, s2c, next(), 0x01, &rar(&color))));
    let metering = [
        ok(0x0000, Value::Uint48(123_456_789)),
        ok(0x0300, Value::Enum8(0)),
        ok(0x0301, Value::Uint24(1)),
        ok(0x0302, Value::Uint24(1000)),
        ok(0x0400, Value::Int24(-1500)),
    ];
    out.push((0x0702, frame(g, s2c, next(), 0x01, &rar(&metering))));
    let misc = [
        ok(0x0000, Value::UtcTime(786_000_000)),
        ok(0x0001, Value::Map8(0x02)),
        ok(0x0002, Value::Int32(3600)),
        ok(0x0009, Value::Single(21.5)),
        ok(0x000a, Value::IeeeAddress(0x0012_4b00_1cdd_0a2f)),
    ];
    out.push((0x000a, frame(g, s2c, next(), 0x01, &rar(&misc))));
    let mut arr_buf = [0u8; 64];
    let mut arr = SequenceBuilder::new(&mut arr_buf, DataType::Uint16);
    for v in [0x0000u16, 0x0003, 0x0004, 0x0006, 0x0008] {
        arr.push(&Value::Uint16(v)).expect("fits");
    }
    let coll = [ok(0xfffd, Value::Array(arr.finish()))];
    out.push((0x0019, frame(g, s2c, next(), 0x01, &rar(&coll))));
    // Reports of the usual sensors.
    let reports: [(u16, u16, Value<'_>); 8] = [
        (0x0402, 0x0000, Value::Int16(2_154)),
        (0x0405, 0x0000, Value::Uint16(4_512)),
        (0x0403, 0x0000, Value::Int16(1_013)),
        (0x0400, 0x0000, Value::Uint16(12_000)),
        (0x0006, 0x0000, Value::Bool(0)),
        (0x0008, 0x0000, Value::Uint8(254)),
        (0x0001, 0x0021, Value::Uint8(200)),
        (0x0b04, 0x050b, Value::Int16(-35)),
    ];
    for (cluster, attr, v) in reports {
        let recs = [AttributeRecord {
            attribute_id: attr,
            value: v,
        }];
        let p = emit(|b| ReportAttributesRepr { reports: recs }.emit(b));
        out.push((cluster, frame(g, s2c, next(), 0x0a, &p)));
    }
    let multi = [
        AttributeRecord {
            attribute_id: 0x0505,
            value: Value::Uint16(230),
        },
        AttributeRecord {
            attribute_id: 0x0508,
            value: Value::Uint16(1_250),
        },
        AttributeRecord {
            attribute_id: 0x050b,
            value: Value::Int16(287),
        },
    ];
    let p = emit(|b| ReportAttributesRepr { reports: multi }.emit(b));
    out.push((0x0b04, frame(g, s2c, next(), 0x0a, &p)));
    // Configure Reporting and its responses.
    let analog = ReportingParameters::Reported {
        data_type: DataType::Int16,
        minimum_reporting_interval: 10,
        maximum_reporting_interval: 3600,
        reportable_change: Some(Value::Int16(10)),
    };
    let discrete = ReportingParameters::Reported {
        data_type: DataType::Bool,
        minimum_reporting_interval: 0,
        maximum_reporting_interval: 600,
        reportable_change: None,
    };
    for (cluster, parameters) in [(0x0402u16, analog), (0x0006, discrete)] {
        let recs = [AttributeReportingConfigurationRecord {
            attribute_id: 0,
            parameters,
        }];
        let p = emit(|b| ConfigureReportingRepr { records: recs }.emit(b));
        out.push((cluster, frame(g, c2s, next(), 0x06, &p)));
    }
    out.push((0x0402, frame(g, s2c, next(), 0x07, &[0x00])));
    let fail = [AttributeStatusRecord {
        status: Status::UnreportableAttribute,
        direction: ReportingDirection::Reported,
        attribute_id: 0x0010,
    }];
    let p = emit(|b| ConfigureReportingResponseRepr::new(fail).emit(b));
    out.push((0x0000, frame(g, s2c, next(), 0x07, &p)));
    // Read Attributes requests and Default Responses.
    let p = emit(|b| {
        ReadAttributesRepr {
            attribute_ids: [4u16, 5, 7, 0x4000],
        }
        .emit(b)
    });
    out.push((0x0000, frame(g, c2s, next(), 0x00, &p)));
    for (command_id, status) in [
        (0x01u8, Status::Success),
        (0x02, Status::Success),
        (0x40, Status::UnsupClusterCommand),
        (0x0a, Status::Success),
    ] {
        let p = emit(|b| DefaultResponse { command_id, status }.emit(b));
        out.push((0x0006, frame(g, s2c, next(), 0x0b, &p)));
    }
    // Cluster commands: on/off toggle, move to level with on/off, move to color, identify,
    // IAS zone status change notification.
    let c = FrameType::Cluster;
    out.push((0x0006, frame(c, c2s, next(), 0x02, &[])));
    out.push((0x0008, frame(c, c2s, next(), 0x04, &[0x80, 0x0a, 0x00])));
    out.push((
        0x0300,
        frame(c, c2s, next(), 0x07, &[0x6b, 0x61, 0x7d, 0x60, 0x0a, 0x00]),
    ));
    out.push((0x0003, frame(c, c2s, next(), 0x00, &[0x05, 0x00])));
    out.push((
        0x0500,
        frame(c, s2c, next(), 0x00, &[0x21, 0x00, 0x00, 0x01, 0x00, 0x00]),
    ));
    let mut f = std::fs::File::create(&path)?;
    for (cluster, bytes) in &out {
        writeln!(
            f,
            "{{\"cluster\": {cluster}, \"hex\": \"{}\"}}",
            hex::encode(bytes)
        )?;
    }
    eprintln!("wrote {} frames to {path}", out.len());
    Ok(())
}
