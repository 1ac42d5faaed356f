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
    let backup = radio
        .read_backup()?
        .ok_or_else(|| format!("{}: the coprocessor holds no network", radio.port()))?;
    backup.write(&args.file)?;
    let mut out = std::io::stdout().lock();
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
    radio.write_backup(&backup)?;
    writeln!(
        std::io::stdout().lock(),
        "restored {} to {}: {}",
        args.file.display(),
        radio.port(),
        summary(&backup)
    )?;
    Ok(ExitCode::SUCCESS)
}
