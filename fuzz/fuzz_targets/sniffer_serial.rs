//! Any bytes as the serial output of a sniffing radio, read three ways: as nRF 802.15.4 sniffer
//! lines and as HDLC-lite frames of a Spinel RCP. Both decoders give the same results fed whole
//! and in chunks (the first byte picks the chunk size); every HDLC frame parses (or fails) as a
//! Spinel frame, its property and a `PROP_STREAM_RAW` value without panicking; a frame that
//! parses re-encodes to itself, and a raw frame's metadata written again parses back equal;
//! every nRF frame line prints back to a line that decodes to the same frame.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_host::capture::hdlc::{self, HdlcDecoder};
use zcl_host::capture::nrf::{NrfDecoder, NrfEvent};
use zcl_host::capture::spinel::{RawFrame, SpinelFrame};

fuzz_target!(|data: &[u8]| {
    let chunk = usize::from(data.first().copied().unwrap_or(1)).max(1);

    let whole = NrfDecoder::new().feed(data);
    let mut d = NrfDecoder::new();
    let mut chunked = Vec::new();
    for piece in data.chunks(chunk) {
        chunked.extend(d.feed(piece));
    }
    assert_eq!(whole, chunked, "chunking changed the nRF lines");
    for event in whole.iter().flatten() {
        if let NrfEvent::Frame(f) = event {
            let again = NrfDecoder::new().feed(f.to_line().as_bytes());
            assert_eq!(again, vec![Ok(NrfEvent::Frame(f.clone()))], "line re-prints differently");
        }
    }

    let whole = HdlcDecoder::new().feed(data);
    let mut d = HdlcDecoder::new();
    let mut chunked = Vec::new();
    for piece in data.chunks(chunk) {
        chunked.extend(d.feed(piece));
    }
    assert_eq!(whole, chunked, "chunking changed the HDLC frames");
    for payload in whole.iter().flatten() {
        assert_eq!(
            HdlcDecoder::new().feed(&hdlc::encode(payload)),
            vec![Ok(payload.clone())],
            "HDLC frame re-encodes differently"
        );
        if let Ok(f) = SpinelFrame::parse(payload) {
            let bytes = f.to_bytes();
            assert_eq!(SpinelFrame::parse(&bytes), Ok(f));
            if let Ok((_, value)) = f.property() {
                if let Ok(raw) = RawFrame::parse(value) {
                    let full = RawFrame {
                        rssi: Some(raw.rssi.unwrap_or(0)),
                        noise_floor: Some(raw.noise_floor.unwrap_or(-128)),
                        flags: Some(raw.flags.unwrap_or(0)),
                        channel: Some(raw.channel.unwrap_or(0)),
                        lqi: Some(raw.lqi.unwrap_or(0)),
                        timestamp_us: Some(raw.timestamp_us.unwrap_or(0)),
                        receive_error: Some(raw.receive_error.unwrap_or(0)),
                        ..raw
                    };
                    assert_eq!(RawFrame::parse(&full.to_bytes()), Ok(full));
                }
            }
        }
    }
});
