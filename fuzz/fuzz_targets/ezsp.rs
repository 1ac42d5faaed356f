//! Any bytes as an EZSP frame from either side, in every protocol version: the header, any
//! command (what the simulated NCP decodes) and any callback or response (what the host
//! decodes) parse or fail without panicking, and a parsed frame re-emits to the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_radio::ezsp::commands::{AnyCommand, AnyResponse, Callback};
use zcl_radio::ezsp::{Frame, HeaderFormat, ProtocolVersion};

fuzz_target!(|data: &[u8]| {
    for format in [HeaderFormat::Legacy, HeaderFormat::Extended] {
        if let Ok(frame) = Frame::parse(data, format) {
            assert_eq!(frame.to_bytes(), data, "frame re-emits differently");
        }
    }
    let Ok(frame) = Frame::parse_detect(data) else { return };
    for v in 8..=19u8 {
        let v = ProtocolVersion(v);
        let _ = AnyCommand::from_frame(&frame, v);
        let _ = AnyResponse::from_frame(&frame, v);
        let _ = Callback::from_frame(&frame, v);
    }
});
