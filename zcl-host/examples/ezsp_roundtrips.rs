//! EZSP round trips per second against a coprocessor (the simulator, or a real stick), next to
//! the wire limit: the bytes on the wire per round trip at 11,520 bytes/s (115,200 baud, 8N1).
//!
//! ```sh
//! zcl-host sim --radio ezsp --pty --emulate-baud 115200 &   # prints /dev/pts/N
//! cargo run --release -p zcl-host --example ezsp_roundtrips -- /dev/pts/N 2000 115200
//! ```

use std::time::Instant;

use zcl_host::radio::ezsp::{EzspHost, HostOptions};
use zcl_host::radio::transport::{PortSpec, SerialSettings, Transport};
use zcl_radio::ezsp::commands as c;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let port = args
        .next()
        .ok_or("usage: ezsp_roundtrips PORT [COUNT] [EMULATE_BAUD]")?;
    let count: u32 = args.next().map_or(Ok(2000), |a| a.parse())?;
    let baud: Option<u32> = args.next().map(|a| a.parse()).transpose()?;
    let spec: PortSpec = port.parse()?;
    let transport = Transport::open(&spec, &SerialSettings::default())?;
    let options = HostOptions {
        emulate_baud: baud,
        ..HostOptions::default()
    };
    let mut host = EzspHost::connect(transport, options)?;
    let before = host.link_counters();
    let start = Instant::now();
    for i in 0..count {
        let data = i.to_le_bytes().to_vec();
        let echo = host.request(&c::Echo { data: data.clone() })?;
        if echo.echo != data {
            return Err(format!("round trip {i}: wrong answer").into());
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let after = host.link_counters();
    let bytes =
        (after.bytes_sent - before.bytes_sent) + (after.bytes_received - before.bytes_received);
    let per_trip = bytes as f64 / f64::from(count);
    let rate = f64::from(count) / elapsed;
    let limit = 11_520.0 / per_trip;
    println!("{count} echo round trips in {elapsed:.2} s: {rate:.0} per second");
    println!("bytes on the wire per round trip: {per_trip:.1} (both directions)");
    println!(
        "wire limit at 115200 baud: {limit:.0} per second; measured = {:.0}% of it",
        100.0 * rate / limit
    );
    println!(
        "retransmissions: {}",
        after.retransmissions - before.retransmissions
    );
    Ok(())
}
