//! `zcl-host backup` and `zcl-host restore`: a coprocessor's network to and from an open
//! coordinator backup file (the format zigpy and Zigbee2MQTT use).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use super::connect::RadioArgs;
use super::CliError;
use crate::coordinator::NetworkBackup;

/// Arguments of `zcl-host backup`.
#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    #[command(flatten)]
    radio: RadioArgs,
    /// Where to write the backup (mode 0600; it holds the network key).
    pub file: PathBuf,
    /// Also print the backup, keys included (they are hidden otherwise).
    #[arg(long)]
    pub show_keys: bool,
    /// Print the backup as JSON (keys hidden unless `--show-keys`) instead of a summary.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `zcl-host restore`.
#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    #[command(flatten)]
    radio: RadioArgs,
    /// The backup to restore.
    pub file: PathBuf,
    /// Added to every outgoing frame counter, so the network's devices accept what the
    /// restored coordinator sends after frames they saw from the old one.
    #[arg(long, default_value_t = 10_000)]
    pub frame_counter_increment: u32,
    /// Print the restored network as JSON (keys hidden) instead of a summary.
    #[arg(long)]
    pub json: bool,
}

fn summary(b: &NetworkBackup) -> String {
    format!(
        "PAN 0x{:04X}, extended PAN {:016x}, channel {}, {} devices, frame counter {}",
        b.pan_id,
        b.extended_pan_id,
        b.channel,
        b.devices.len(),
        b.network_key.tx_counter
    )
}

/// Runs `zcl-host backup`.
pub fn run_backup(args: &BackupArgs) -> Result<ExitCode, CliError> {
    let mut radio = args.radio.open_radio()?;
    let bar = super::progress(false, "reading the network");
    let backup = radio
        .read_backup()?
        .ok_or_else(|| format!("{}: the coprocessor holds no network", radio.port()))?;
    bar.finish_and_clear();
    backup.write(&args.file)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        out.write_all(backup.redacted(args.show_keys).to_json()?.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "backed up to {}: {}",
        args.file.display(),
        summary(&backup)
    )?;
    if args.show_keys {
        out.write_all(backup.to_json()?.as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `zcl-host restore`.
pub fn run_restore(args: &RestoreArgs) -> Result<ExitCode, CliError> {
    let backup = NetworkBackup::read(&args.file)?;
    let backup = backup.with_counters_bumped(args.frame_counter_increment);
    let mut radio = args.radio.open_radio()?;
    let bar = super::progress(false, "writing the network");
    radio.write_backup(&backup)?;
    bar.finish_and_clear();
    if args.json {
        std::io::stdout()
            .lock()
            .write_all(backup.redacted(false).to_json()?.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        std::io::stdout().lock(),
        "restored {} to {}: {}",
        args.file.display(),
        radio.port(),
        summary(&backup)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host form`.
#[derive(Debug, clap::Args)]
pub struct FormArgs {
    #[command(flatten)]
    radio: RadioArgs,
    /// Channel (11-26) [default: the quietest of 11, 15, 20 and 25 by an energy scan, or 15
    /// when the coprocessor cannot scan before it holds a network].
    #[arg(long, value_parser = clap::value_parser!(u8).range(11..=26))]
    pub channel: Option<u8>,
    /// PAN id (random when not given).
    #[arg(long, value_parser = parse_hex_u16)]
    pub pan_id: Option<u16>,
    /// Extended PAN id, 16 hex digits (random when not given).
    #[arg(long, value_parser = parse_hex_u64)]
    pub extended_pan_id: Option<u64>,
    /// Form even if the coprocessor already holds a network (it is replaced).
    #[arg(long)]
    pub force: bool,
    /// Print the new network as JSON (keys hidden) instead of a summary.
    #[arg(long)]
    pub json: bool,
}

fn parse_hex_u16(s: &str) -> Result<u16, String> {
    let v = u16::from_str_radix(s.trim_start_matches("0x").trim_start_matches("0X"), 16)
        .map_err(|e| format!("{s:?} is not a hex PAN id: {e}"))?;
    if v == 0x0000 || v >= 0xFFF8 {
        return Err(format!("0x{v:04X} is reserved; use 0x0001-0xFFF7"));
    }
    Ok(v)
}

fn parse_hex_u64(s: &str) -> Result<u64, String> {
    let clean: String = s.chars().filter(|c| *c != ':').collect();
    let v = u64::from_str_radix(clean.trim_start_matches("0x"), 16)
        .map_err(|e| format!("{s:?} is not a hex extended PAN id: {e}"))?;
    if v == 0 || v == u64::MAX {
        return Err(format!("{s:?} is reserved"));
    }
    Ok(v)
}

/// Channels 11, 15, 20 and 25: clear of the most used Wi-Fi channels 1, 6 and 11.
const ZIGBEE_PREFERRED_CHANNELS: u32 = (1 << 11) | (1 << 15) | (1 << 20) | (1 << 25);

/// The preferred channel with the least energy; 15 when the coprocessor cannot scan.
fn quietest_channel(radio: &mut dyn crate::coordinator::Radio) -> u8 {
    match radio.energy_scan(ZIGBEE_PREFERRED_CHANNELS, 3) {
        Ok(readings) => readings
            .iter()
            .min_by_key(|r| r.energy)
            .map_or(15, |r| r.channel),
        Err(e) => {
            tracing::info!("no energy scan before forming ({e}); channel 15");
            15
        }
    }
}

/// Runs `zcl-host form`: a new network with keys and ids from the operating system's secure
/// random source, written to the coprocessor.
pub fn run_form(args: &FormArgs) -> Result<ExitCode, CliError> {
    use rand::{Rng, TryRngCore};
    let mut rng = rand::rngs::OsRng.unwrap_err();
    let mut radio = args.radio.open_radio()?;
    if let Some(current) = radio.read_backup()? {
        if !args.force {
            return Err(format!(
                "{}: the coprocessor already holds a network ({}); back it up and use --force \
                 to replace it",
                radio.port(),
                summary(&current)
            )
            .into());
        }
    }
    let ieee = radio.ieee()?;
    let channel = match args.channel {
        Some(c) => c,
        None => quietest_channel(radio.as_mut()),
    };
    // PAN ids heard nearby are avoided (a conflict makes every device rejoin).
    let neighbours: Vec<u16> = radio
        .network_scan(ZIGBEE_PREFERRED_CHANNELS, 2)
        .map(|found| found.iter().map(|n| n.pan_id).collect())
        .unwrap_or_default();
    let mut pan_id = args.pan_id.unwrap_or(0);
    while args.pan_id.is_none() && (pan_id == 0 || neighbours.contains(&pan_id)) {
        pan_id = rng.random_range(0x0001..0xFFF8);
    }
    let mut key = [0u8; 16];
    rng.fill(&mut key);
    let backup = NetworkBackup {
        coordinator_ieee: ieee,
        pan_id,
        extended_pan_id: args
            .extended_pan_id
            .unwrap_or_else(|| rng.random_range(1..u64::MAX)),
        nwk_update_id: 0,
        security_level: 5,
        channel,
        channel_mask: 1 << channel,
        network_key: crate::coordinator::KeyState {
            key,
            sequence: 0,
            tx_counter: 0,
            rx_counter: 0,
        },
        devices: Vec::new(),
        source: format!("zcl-host@{}", env!("CARGO_PKG_VERSION")),
        internal: serde_json::Map::new(),
        stack_specific: serde_json::Map::new(),
    };
    radio.write_backup(&backup)?;
    if args.json {
        std::io::stdout()
            .lock()
            .write_all(backup.redacted(false).to_json()?.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        std::io::stdout().lock(),
        "formed on {}: {}",
        radio.port(),
        summary(&backup)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host reset`.
#[derive(Debug, clap::Args)]
pub struct ResetArgs {
    #[command(flatten)]
    radio: RadioArgs,
    /// Also erase the network, its keys and devices (take a backup first).
    #[arg(long)]
    pub factory: bool,
}

/// Runs `zcl-host reset`.
pub fn run_reset(args: &ResetArgs) -> Result<ExitCode, CliError> {
    let mut radio = args.radio.open_radio()?;
    radio.reset(args.factory)?;
    let what = if args.factory {
        "erased and restarted"
    } else {
        "restarted"
    };
    writeln!(std::io::stdout().lock(), "{}: {what}", radio.port())?;
    Ok(ExitCode::SUCCESS)
}
