//! Any bytes as an ASH stream: the decoder gives the same frames fed whole and in chunks, every
//! frame re-emits to bytes that decode to itself, and a host link and an NCP link fed the
//! bytes never panic.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use zcl_radio::ash::{Ash, AshConfig, Decoder};

fuzz_target!(|data: &[u8]| {
    let whole = Decoder::new().feed(data);
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut decoder = Decoder::new();
    let mut chunked = Vec::new();
    for piece in data.chunks(chunk) {
        chunked.extend(decoder.feed(piece));
    }
    assert_eq!(whole, chunked, "chunking changed the frames");
    for frame in whole.iter().flatten() {
        assert_eq!(Decoder::new().feed(&frame.emit()), vec![Ok(frame.clone())]);
    }
    let now = Instant::now();
    for config in [AshConfig::host(), AshConfig::ncp()] {
        let mut link = Ash::new(config);
        link.start_reset(now);
        link.feed(data, now);
        let _ = link.send(data);
        link.handle_timeout(now + Duration::from_secs(5));
        while link.poll_transmit(now).is_some() {}
        while link.poll_event().is_some() {}
    }
});
