//! Writes the demo capture: a light joins a network with the default trust-center link key, is
//! interviewed and exchanges ZCL frames, all NWK-encrypted (see `support/demo_capture.rs`).
//!
//! ```text
//! cargo run -p zcl-host --example gen_demo -- examples/demo.pcapng
//! zcl-host sniff --input examples/demo.pcapng --summary
//! ```

#[path = "support/demo_capture.rs"]
mod demo_capture;

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/demo.pcapng".to_owned());
    let result = File::create(&path)
        .map_err(zcl_host::capture::CaptureError::from)
        .and_then(|f| demo_capture::write_demo(BufWriter::new(f)));
    match result {
        Ok(frames) => {
            println!("{path}: {frames} frames");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_demo: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
