//! Writes a synthetic capture for throughput measurements: a Transport Key of the network key,
//! then NWK-encrypted ZCL attribute reports (see `support/demo_capture.rs`).
//!
//! ```text
//! cargo run --release -p zcl-host --example gen_synthetic -- /tmp/big.pcapng 1000000
//! cargo run --release -p zcl-host -- sniff --input /tmp/big.pcapng --summary --bench
//! ```

#[path = "support/demo_capture.rs"]
mod demo_capture;

use std::fs::File;
use std::io::BufWriter;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "big.pcapng".to_owned());
    let frames: u64 = match args.next().map(|n| n.parse()) {
        None => 1_000_000,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("gen_synthetic: frame count: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = File::create(&path)
        .map_err(zcl_host::capture::CaptureError::from)
        .and_then(|f| demo_capture::write_synthetic(BufWriter::with_capacity(1 << 20, f), frames));
    match result {
        Ok(frames) => {
            println!("{path}: {frames} frames");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_synthetic: {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
