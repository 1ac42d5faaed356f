//! Decoding speed of foundation commands: a mix of typical frames, each parsed (header, command
//! view) and walked to the last record and value (collections included).
#![allow(missing_docs)] // criterion_group! generates undocumented items
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use zcl_core::foundation::GlobalCommand;
use zcl_core::value::Value;
use zcl_core::Frame;

const FRAMES: &[&[u8]] = &[
    // Report Attributes: int16 temperature.
    &[0x18, 0x01, 0x0a, 0x00, 0x00, 0x29, 0x66, 0x08],
    // Read Attributes Response: string, unsupported, uint8.
    &[
        0x18, 0x02, 0x01, 0x04, 0x00, 0x00, 0x42, 0x04, b'I', b'K', b'E', b'A', 0x06, 0x00, 0x86,
        0x00, 0x00, 0x00, 0x20, 0x03,
    ],
    // Default Response.
    &[0x18, 0x03, 0x0b, 0x02, 0x00],
    // Write Attributes Response, short form.
    &[0x18, 0x04, 0x04, 0x00],
    // Configure Reporting: bool, int16 with change, received.
    &[
        0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x10, 0x0e, 0x00, 0x00, 0x00, 0x29,
        0x1e, 0x00, 0x84, 0x03, 0x64, 0x00, 0x01, 0x21, 0x00, 0x2c, 0x01,
    ],
    // Report Attributes with a structure (manufacturer-style).
    &[
        0x1c, 0x5f, 0x11, 0x06, 0x0a, 0x01, 0xff, 0x4c, 0x03, 0x00, 0x10, 0x01, 0x21, 0xb8, 0x0b,
        0x20, 0x55,
    ],
    // Read Attributes.
    &[0x00, 0x07, 0x00, 0x04, 0x00, 0x05, 0x00, 0x07, 0x00],
    // Discover Attributes Response.
    &[
        0x18, 0x08, 0x0d, 0x01, 0x00, 0x00, 0x20, 0x04, 0x00, 0x42, 0x05, 0x00, 0x42,
    ],
];

fn walk_value(v: &Value<'_>) -> usize {
    match v {
        Value::Array(s) | Value::Set(s) | Value::Bag(s) => s
            .iter()
            .map(|e| e.map_or(1, |e| walk_value(&e)))
            .sum::<usize>(),
        Value::Structure(s) => s
            .iter()
            .map(|e| e.map_or(1, |e| walk_value(&e)))
            .sum::<usize>(),
        _ => 1,
    }
}

fn walk(frame: &[u8]) -> usize {
    let Ok(f) = Frame::parse(frame) else { return 0 };
    let Ok(cmd) = GlobalCommand::parse(f.header.command_id, f.payload) else {
        return 0;
    };
    let mut n = 0;
    match cmd {
        GlobalCommand::ReportAttributes(v) => {
            for r in v.reports().flatten() {
                n += walk_value(&r.value);
            }
        }
        GlobalCommand::ReadAttributesResponse(v) => {
            for r in v.records().flatten() {
                n += r.value.as_ref().map_or(1, walk_value);
            }
        }
        GlobalCommand::ConfigureReporting(v) => n += v.records().flatten().count(),
        GlobalCommand::ReadAttributes(v) => n += v.attribute_ids().flatten().count(),
        GlobalCommand::DiscoverAttributesResponse(v) => n += v.attributes().flatten().count(),
        GlobalCommand::WriteAttributesResponse(v) => n += usize::from(v.all_succeeded()),
        GlobalCommand::DefaultResponse(d) => n += usize::from(d.status.to_u8()),
        other => n += usize::from(other.validate().is_ok()),
    }
    n
}

fn bench(c: &mut Criterion) {
    c.bench_function("foundation_mixed_frames_x8", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in FRAMES {
                n += walk(black_box(f));
            }
            n
        })
    });
}

fn bench_parts(c: &mut Criterion) {
    c.bench_function("frame_header_only_x8", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in FRAMES {
                n += Frame::parse(black_box(f)).map_or(0, |f| f.payload.len());
            }
            n
        })
    });
    c.bench_function("header_and_command_parse_x8", |b| {
        b.iter(|| {
            let mut n = 0;
            for f in FRAMES {
                if let Ok(f) = Frame::parse(black_box(f)) {
                    n += usize::from(GlobalCommand::parse(f.header.command_id, f.payload).is_ok());
                }
            }
            n
        })
    });
    let report: &[u8] = &[0x00, 0x00, 0x29, 0x66, 0x08];
    c.bench_function("report_int16_records_only", |b| {
        b.iter(|| {
            zcl_core::foundation::ReportAttributes::parse(black_box(report))
                .map_or(0, |v| v.reports().flatten().count())
        })
    });
}

criterion_group!(benches, bench, bench_parts);
criterion_main!(benches);
