//! A type id and value bytes through `Value::parse_typed`: never panics, and a value that
//! parses re-encodes to the bytes it was read from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_core::value::Value;
use zcl_core::Reader;
use zcl_fuzz::walk_value;

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let Ok(value) = Value::parse_typed(&mut r) else {
        return;
    };
    let consumed = &data[..r.offset()];
    walk_value(&value, 0);
    let len = 1 + value.encoded_len();
    let mut buf = vec![0xa5u8; len];
    let n = value
        .emit_typed(&mut buf)
        .expect("emit into encoded_len bytes");
    assert_eq!(n, len, "emit length vs encoded_len");
    assert_eq!(&buf[..n], consumed, "re-encoded bytes differ");
    let again = Value::parse_typed(&mut Reader::new(&buf[..n])).expect("re-parse");
    // NaN payloads make `==` false for floats even when the bits are the same, so compare the
    // encodings instead.
    let mut buf2 = vec![0u8; len];
    let n2 = again.emit_typed(&mut buf2).expect("emit re-parsed");
    assert_eq!(
        &buf2[..n2],
        &buf[..n],
        "re-parsed value encodes differently"
    );
});
