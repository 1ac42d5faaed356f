//! Any bytes as a Z-Stack MT stream: the decoder gives the same frames fed whole and in chunks,
//! every frame re-emits to bytes that decode to itself, and every frame decodes (or fails) as
//! a request, a response and a callback without panicking; expiring partial frames always
//! makes progress.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_radio::mt::{AnyRequest, AnyResponse, Callback, Decoder};

fuzz_target!(|data: &[u8]| {
    let whole = Decoder::new().feed(data);
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut decoder = Decoder::new();
    let mut chunked = Vec::new();
    for piece in data.chunks(chunk) {
        chunked.extend(decoder.feed(piece));
    }
    let frames = |r: &[Result<zcl_radio::mt::Frame, _>]| -> Vec<zcl_radio::mt::Frame> {
        r.iter().filter_map(|f| f.as_ref().ok().cloned()).collect()
    };
    assert_eq!(frames(&whole), frames(&chunked), "chunking changed the frames");
    // Giving up partial frames (a quiet line) always makes progress and never panics.
    let mut rounds = 0;
    while decoder.buffered() > 0 {
        let before = decoder.buffered();
        chunked.extend(decoder.expire_partial());
        assert!(decoder.buffered() < before || rounds > data.len(), "no progress");
        if decoder.buffered() == before {
            break;
        }
        rounds += 1;
    }
    for frame in frames(&whole) {
        let again: Vec<_> = frames(&Decoder::new().feed(&frame.to_bytes()));
        assert_eq!(again, vec![frame.clone()], "frame re-emits differently");
        let _ = AnyRequest::from_frame(&frame);
        let _ = AnyResponse::from_frame(&frame);
        let _ = Callback::from_frame(&frame);
    }
});
