//! No input makes the ZCL decoder panic: every truncation and every single-bit flip of the mixed
//! corpus, plus hostile lengths (huge counts, deep nesting, long strings), go through the frame
//! walker and the JSON decoder. Controls prove the mutated inputs reach the record and value
//! parsers instead of all failing at the header.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use zcl_core::value::Value;
use zcl_core::{DecodeError, Reader};

fn corpus() -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/corpus/zcl-mixed.jsonl"
    ))
    .unwrap();
    text.lines()
        .map(|l| zcl_host::cli::decode::parse_json_line(l).unwrap().1)
        .collect()
}

/// What one decode reached: (records decoded, error offset if any).
fn decode(frame: &[u8]) -> (usize, Option<u64>) {
    std::hint::black_box(zcl_host::walk::walk_frame(frame));
    let j = zcl_host::render::frame_json(6, frame);
    let records = j["payload"]["records"].as_array().map_or(0, Vec::len);
    let err_at = j["error"].as_str().and_then(|e| {
        e.split("byte ")
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
    });
    (records, err_at)
}

#[test]
fn truncations_and_bit_flips_never_panic_and_reach_the_record_parsers() {
    let frames = corpus();
    let mut inputs = 0usize;
    let mut decoded_with_records = 0usize;
    let mut failed_inside_payload = 0usize;
    for f in &frames {
        for cut in 0..f.len() {
            let (records, err) = decode(&f[..cut]);
            inputs += 1;
            if records > 0 {
                decoded_with_records += 1;
            }
            if err.is_some_and(|at| at >= 3) {
                failed_inside_payload += 1;
            }
        }
        for bit in 0..f.len() * 8 {
            let mut m = f.clone();
            m[bit / 8] ^= 1 << (bit % 8);
            let (records, err) = decode(&m);
            inputs += 1;
            if records > 0 {
                decoded_with_records += 1;
            }
            if err.is_some_and(|at| at >= 3) {
                failed_inside_payload += 1;
            }
        }
    }
    assert!(inputs > 3000, "{inputs}");
    // Controls: many mutated frames still decode records, and many fail inside the payload (so
    // they were parsed past the header).
    assert!(
        decoded_with_records > inputs / 4,
        "{decoded_with_records} of {inputs}"
    );
    assert!(
        failed_inside_payload > inputs / 20,
        "{failed_inside_payload} of {inputs}"
    );
}

#[test]
fn hostile_lengths_are_refused_cleanly() {
    // Report Attributes with an array of uint16 claiming 65534 elements but carrying two: the
    // whole extent is checked up front.
    let huge_array = [
        0x18, 0x01, 0x0a, 0x00, 0x00, 0x48, 0x21, 0xfe, 0xff, 0x01, 0x00,
    ];
    let j = zcl_host::render::frame_json(6, &huge_array);
    assert!(
        j["error"]
            .as_str()
            .unwrap()
            .starts_with("truncated at byte 9: 131066"),
        "{j}"
    );

    // A long character string claiming 65534 bytes.
    let long_str = [0x18, 0x01, 0x0a, 0x00, 0x00, 0x44, 0xfe, 0xff, b'a'];
    let j = zcl_host::render::frame_json(6, &long_str);
    assert!(
        j["error"]
            .as_str()
            .unwrap()
            .starts_with("truncated at byte 8"),
        "{j}"
    );

    // 200 nested single-element arrays of arrays: refused at the nesting limit, not by
    // exhausting the stack.
    let mut nested = vec![0x18, 0x01, 0x0a, 0x00, 0x00, 0x48];
    for _ in 0..200 {
        nested.extend_from_slice(&[0x48, 0x01, 0x00]);
    }
    nested.extend_from_slice(&[0x20, 0x01, 0x00, 0x07]);
    let j = zcl_host::render::frame_json(6, &nested);
    assert!(
        j["error"].as_str().unwrap().contains("nested too deeply"),
        "{j}"
    );
    std::hint::black_box(zcl_host::walk::walk_frame(&nested));

    // The same straight through the value parser.
    let mut r = Reader::new(&nested[5..]);
    assert!(matches!(
        Value::parse_typed(&mut r),
        Err(DecodeError::NestingTooDeep { .. })
    ));

    // A structure claiming 65534 members, each a no-data member (zero bytes): bounded by the
    // input, decoded or refused without looping for long.
    let zero_members = [0x18, 0x01, 0x0a, 0x00, 0x00, 0x4c, 0xfe, 0xff, 0x00, 0x00];
    let j = zcl_host::render::frame_json(6, &zero_members);
    assert_eq!(
        j["error"], "truncated at byte 10: 1 more byte(s) needed",
        "{j}"
    );
}
