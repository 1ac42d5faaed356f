//! Speed of the data value codec: parsing typed values as they appear in attribute reports and
//! read attributes responses, walking collections, and emitting.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use zcl_core::value::{Sequence, Value};
use zcl_core::{DataType, Reader};

/// Typed values as a report of a few common attributes carries them (type id + value each).
const TYPED_VALUES: &[u8] = &[
    0x10, 0x01, // bool true
    0x20, 0x64, // uint8 100
    0x29, 0x3c, 0x0a, // int16 2620 (26.20 degC)
    0x21, 0x4c, 0x1d, // uint16 7500
    0x30, 0x02, // enum8 2
    0x18, 0x05, // map8
    0x42, 0x0b, b'l', b'u', b'm', b'i', b'.', b's', b'e', b'n', b's', b'o', b'r', // string
    0x39, 0x00, 0x00, 0xc0, 0x3f, // single 1.5
    0xf0, 0xf0, 0xde, 0xbc, 0x0a, 0x00, 0x6f, 0x0d, 0x00, // EUI64
];

/// An array of three structures of (uint8, character string).
const NESTED: &[u8] = &[
    0x4c, 0x03, 0x00, // array of 3 structures
    0x02, 0x00, 0x20, 0x01, 0x42, 0x02, b'a', b'b', // {1, "ab"}
    0x02, 0x00, 0x20, 0x02, 0x42, 0x02, b'c', b'd', // {2, "cd"}
    0x02, 0x00, 0x20, 0x03, 0x42, 0x02, b'e', b'f', // {3, "ef"}
];

fn parse_all(bytes: &[u8]) -> usize {
    let mut r = Reader::new(bytes);
    let mut n = 0;
    while !r.is_empty() {
        match Value::parse_typed(&mut r) {
            Ok(v) => n += v.encoded_len(),
            Err(_) => break,
        }
    }
    n
}

fn walk(v: &Value<'_>) -> usize {
    let mut n = 1;
    if let Some(s) = v.as_sequence() {
        n += s.iter().flatten().map(|e| walk(&e)).sum::<usize>();
    }
    if let Some(s) = v.as_structure() {
        n += s.iter().flatten().map(|e| walk(&e)).sum::<usize>();
    }
    n
}

/// All benchmarks of this file.
fn bench(c: &mut Criterion) {
    c.bench_function("parse_typed 9 report values", |b| {
        b.iter(|| parse_all(black_box(TYPED_VALUES)));
    });
    c.bench_function("baseline Reader::u16", |b| {
        b.iter(|| Reader::new(black_box(&[0x34, 0x12])).u16());
    });
    c.bench_function("parse uint16", |b| {
        b.iter(|| Value::parse(DataType::Uint16, &mut Reader::new(black_box(&[0x34, 0x12]))));
    });
    c.bench_function("parse nested array of structures", |b| {
        b.iter(|| Value::parse(DataType::Array, &mut Reader::new(black_box(NESTED))));
    });
    c.bench_function("parse and walk nested array of structures", |b| {
        b.iter(|| {
            Value::parse(DataType::Array, &mut Reader::new(black_box(NESTED)))
                .map(|v| walk(&v))
                .unwrap_or(0)
        });
    });
    let values = [
        Value::Bool(1),
        Value::Uint8(100),
        Value::Int16(2620),
        Value::Uint16(7500),
        Value::CharString(Some(b"lumi.sensor")),
        Value::Single(1.5),
    ];
    c.bench_function("emit_typed 6 report values", |b| {
        let mut buf = [0u8; 64];
        b.iter(|| {
            let mut n = 0;
            for v in black_box(&values) {
                if let Some(rest) = buf.get_mut(n..) {
                    n += v.emit_typed(rest).unwrap_or(0);
                }
            }
            n
        });
    });
    let elements = [Value::Uint16(1), Value::Uint16(2), Value::Uint16(3)];
    c.bench_function("emit array of 3 uint16 from values", |b| {
        let mut buf = [0u8; 16];
        b.iter(|| {
            let mut w = zcl_core::Writer::new(&mut buf);
            Sequence::emit_values(DataType::Uint16, black_box(&elements), &mut w).map(|()| w.len())
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
