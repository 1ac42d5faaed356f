//! Any bytes as the payload of any ZDP cluster: parsing never panics, and a payload that
//! parses re-encodes to the same bytes and parses back to the same frame.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_core::zdp::ZdpFrame;

fuzz_target!(|data: &[u8]| {
    let Some((&[lo, hi], payload)) = data.split_first_chunk::<2>() else {
        return;
    };
    // Fold the id into 0x0000-0x003f and 0x8000-0x803f, where every ZDP cluster lives, so the
    // fuzzer does not spend its time on ids that all decode as `Unknown`.
    let raw = u16::from_le_bytes([lo, hi]);
    let cluster = (raw & 0x8000) | (raw & 0x003f);
    let Ok(frame) = ZdpFrame::parse(cluster, payload) else {
        return;
    };
    let _ = frame.to_string();
    let _ = format!("{frame:?}");
    let len = frame.encoded_len();
    let mut buf = vec![0xa5u8; len];
    let n = frame.emit(&mut buf).expect("emit into encoded_len bytes");
    assert_eq!(n, len, "emit length vs encoded_len");
    assert_eq!(&buf[..n], payload, "re-encoded bytes differ");
    let again = ZdpFrame::parse(cluster, &buf[..n]).expect("re-parse");
    assert_eq!(again, frame, "re-parsed frame differs");
    if len > 0 {
        assert!(
            frame.emit(&mut buf[..len - 1]).is_err(),
            "short buffer accepted"
        );
    }
});
