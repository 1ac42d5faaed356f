//! The `zcl-host` command-line tool. Each subcommand lives in `zcl_host::cli::<name>`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use zcl_host::cli;

/// Zigbee host tool: decode ZCL frames, list the cluster registry, sniff captures.
#[derive(Parser)]
#[command(name = "zcl-host", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Decode ZCL frames given as hex arguments or JSON lines.
    Decode(cli::decode::DecodeArgs),
    /// List the cluster registry.
    Clusters(cli::clusters::ClustersArgs),
    /// Decode (and decrypt) a Zigbee capture file, or sniff live from a radio (also a Wireshark
    /// extcap).
    Sniff(Box<cli::live::SniffCommand>),
    /// List serial ports and the Zigbee stick each one likely is.
    Ports(cli::ports::PortsArgs),
    /// Show a coprocessor's firmware, addresses and network.
    Info(cli::info::InfoArgs),
    /// Run a simulated coprocessor on a pty or TCP port.
    Sim(cli::sim::SimArgs),
    /// Form a new network (random keys and ids) on the coprocessor.
    Form(cli::backup::FormArgs),
    /// Let devices join the network for a while.
    Permit(cli::backup::PermitArgs),
    /// Save the coprocessor's network to an open coordinator backup file.
    Backup(cli::backup::BackupArgs),
    /// Write a network from an open coordinator backup file to the coprocessor.
    Restore(cli::backup::RestoreArgs),
}

fn main() -> ExitCode {
    // Wireshark runs extcap programs with the extcap options alone (`zcl-host --extcap-...`,
    // `zcl-host --capture ...`): they belong to `sniff`.
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if argv
        .get(1)
        .and_then(|a| a.to_str())
        .is_some_and(|a| a.starts_with("--extcap") || a == "--capture")
    {
        argv.insert(1, "sniff".into());
    }
    let cli = Cli::parse_from(argv);
    let result = match cli.command {
        Command::Decode(args) => cli::decode::run(&args),
        Command::Clusters(args) => cli::clusters::run(&args),
        Command::Sniff(args) => cli::live::run_command(&args),
        Command::Ports(args) => cli::ports::run(&args),
        Command::Info(args) => cli::info::run(&args),
        Command::Sim(args) => cli::sim::run(&args),
        Command::Form(args) => cli::backup::run_form(&args),
        Command::Permit(args) => cli::backup::run_permit(&args),
        Command::Backup(args) => cli::backup::run_backup(&args),
        Command::Restore(args) => cli::backup::run_restore(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zcl-host: {e}");
            ExitCode::from(2)
        }
    }
}
