//! `zcl-host sim`: runs a simulated coprocessor that hosts (ours, bellows, ...) talk to over a
//! pseudo-terminal or TCP.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use super::CliError;
use crate::sim::faults::FaultConfig;
use crate::sim::serve::{announce_stdout, run_ezsp, run_znp, Endpoint, SimOptions};
use crate::sim::sniffer::{run_nrf, run_spinel, WorldOptions};

/// Which coprocessor family to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SimRadio {
    /// A Silicon Labs EmberZNet NCP (EZSP over ASH).
    Ezsp,
    /// A TI Z-Stack 3.30 coprocessor (ZNP, MT framing).
    Znp,
    /// Nordic's nRF 802.15.4 sniffer firmware (text shell), hearing a simulated network.
    Nrf,
    /// An OpenThread radio coprocessor (Spinel over HDLC-lite), hearing a simulated network.
    Spinel,
}

/// Arguments of `zcl-host sim`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("endpoint").required(true).args(["pty", "listen"])))]
pub struct SimArgs {
    /// Coprocessor protocol to speak.
    #[arg(long, value_enum, default_value = "ezsp")]
    pub radio: SimRadio,
    /// Serve on a new pseudo-terminal; its path is the first line printed.
    #[arg(long)]
    pub pty: bool,
    /// Serve on TCP `HOST:PORT` (port 0 picks a free one); the address is the first line printed.
    #[arg(long, value_name = "HOST:PORT")]
    pub listen: Option<String>,
    /// Keep the network, keys, counters and tokens in this file across runs.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Probability (0-1) that a frame crossing the link, either way, has a byte corrupted.
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub corrupt: f64,
    /// Probability (0-1) that a frame the coprocessor sends is lost.
    #[arg(long, default_value_t = 0.0, value_name = "RATE")]
    pub drop: f64,
    /// Reset the coprocessor after every N host frames.
    #[arg(long, value_name = "N")]
    pub reset_after: Option<u64>,
    /// Delay every answer by this many milliseconds.
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub stall: u64,
    /// Seed of the fault generator.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Pace the coprocessor's output as a UART at this baud rate would (a pty carries bytes at
    /// memory speed); for benchmarks against the wire limit.
    #[arg(long, value_name = "BAUD")]
    pub emulate_baud: Option<u32>,
    /// ZNP only: start in a CC253x serial bootloader that ignores MT frames until the host sends
    /// the bootloader skip byte (0xEF), as those sticks do after power-up.
    #[arg(long)]
    pub bootloader: bool,
    /// EZSP protocol version to speak (8-18; EZSP only).
    #[arg(long, default_value_t = crate::sim::ezsp::DEFAULT_PROTOCOL_VERSION, value_parser = clap::value_parser!(u8).range(8..=18))]
    pub ezsp_version: u8,
    /// Write the virtual air traffic (encrypted as sent) to this pcapng file.
    #[arg(long, value_name = "FILE.pcapng")]
    pub capture: Option<PathBuf>,
    /// Sniffer modes (EZSP mfglib, nrf, spinel): channel of the network they hear.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u8).range(11..=26))]
    pub sniff_channel: u8,
    /// Sniffer modes: simulated time runs this many times faster than real time.
    #[arg(long, default_value_t = 1.0)]
    pub sniff_speed: f64,
    /// Sniffer modes: simulated milliseconds between two rounds of coordinator traffic.
    #[arg(long, default_value_t = 1000, value_name = "MS")]
    pub sniff_traffic_ms: u64,
}

/// Runs `zcl-host sim` (until the process is stopped).
pub fn run(args: &SimArgs) -> Result<ExitCode, CliError> {
    for (name, rate) in [("--corrupt", args.corrupt), ("--drop", args.drop)] {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("{name} must be between 0 and 1, not {rate}").into());
        }
    }
    let endpoint = match &args.listen {
        Some(address) => Endpoint::Listen(address.clone()),
        None => Endpoint::Pty,
    };
    let options = SimOptions {
        endpoint,
        state: args.state.clone(),
        faults: FaultConfig {
            corrupt: args.corrupt,
            drop: args.drop,
            reset_after: args.reset_after,
            stall: Duration::from_millis(args.stall),
            seed: args.seed,
        },
        protocol_version: args.ezsp_version,
        emulate_baud: args.emulate_baud,
        bootloader: args.bootloader,
        capture: args.capture.clone(),
        sniff: WorldOptions {
            channel: args.sniff_channel,
            speed: args.sniff_speed,
            traffic_ms: args.sniff_traffic_ms,
            seed: args.seed,
        },
    };
    match args.radio {
        SimRadio::Ezsp => run_ezsp(&options, announce_stdout)?,
        SimRadio::Znp => run_znp(&options, announce_stdout)?,
        SimRadio::Nrf => run_nrf(&options, options.sniff, announce_stdout)?,
        SimRadio::Spinel => run_spinel(&options, options.sniff, announce_stdout)?,
    }
    Ok(ExitCode::SUCCESS)
}
