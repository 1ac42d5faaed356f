//! Z-Stack MT round trips per second against a ZNP coprocessor (the simulator, or a real
//! stick), next to the wire limit: the bytes on the wire per SREQ/SRSP pair at 11,520 bytes/s
//! (115,200 baud, 8N1), one request outstanding at a time as MT requires.
//!
//! ```sh
//! zcl-host sim --radio znp --pty --emulate-baud 115200 &   # prints /dev/pts/N
//! cargo run --release -p zcl-host --example znp_roundtrips -- /dev/pts/N 2000 115200
//! ```

use std::time::Instant;

use zcl_host::radio::transport::{PortSpec, SerialSettings, Transport};
use zcl_host::radio::znp::{ZnpHost, ZnpOptions};
use zcl_radio::mt::commands::{util, Command};
use zcl_radio::mt::wire::RestBytes;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port = args
        .next()
        .ok_or("usage: znp_roundtrips PORT [COUNT] [EMULATE_BAUD]")?;
    let count: u32 = args.next().map_or(Ok(2000), |a| a.parse())?;
    let baud: Option<u32> = args.next().map(|a| a.parse()).transpose()?;
    let spec: PortSpec = port.parse()?;
    let transport = Transport::open(&spec, &SerialSettings::default())?;
    let options = ZnpOptions {
        emulate_baud: baud,
        ..ZnpOptions::default()
    };
    let mut host = ZnpHost::connect(transport, options)?;
    let before = host.counters();
    let mut bytes = 0usize;
    let start = Instant::now();
    for i in 0..count {
        let request = util::Loopback {
            data: RestBytes(i.to_le_bytes().to_vec()),
        };
        let echo = host.request(&request)?;
        if echo.data != request.data {
            return Err(format!("round trip {i}: wrong answer").into());
        }
        // The SREQ and the SRSP carry the same payload.
        bytes += 2 * request.to_frame()?.to_bytes().len();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let after = host.counters();
    let per_trip = bytes as f64 / f64::from(count);
    let rate = f64::from(count) / elapsed;
    let limit = 11_520.0 / per_trip;
    println!("{count} UTIL_LOOPBACK round trips in {elapsed:.2} s: {rate:.0} per second");
    println!("bytes on the wire per round trip: {per_trip:.1} (both directions)");
    println!(
        "wire limit at 115200 baud: {limit:.0} per second; measured = {:.0}% of it",
        100.0 * rate / limit
    );
    println!(
        "timeouts: {}, retries: {}",
        after.timeouts - before.timeouts,
        after.retried - before.retried
    );
    Ok(())
}
