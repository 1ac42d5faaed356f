//! The `zcl-host` command-line tool. Each subcommand lives in `zcl_host::cli::<name>`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;
use zcl_host::cli;

/// Zigbee host tool: decode ZCL frames, list the cluster registry, sniff captures.
#[derive(Parser)]
#[command(name = "zcl-host", version, about)]
struct Cli {
    /// Log what the tool does to stderr (-v: info, -vv: debug, -vvv: trace; `RUST_LOG`
    /// overrides).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::enum_variant_names)] // `Command` is the `zcl-host command` subcommand
enum Command {
    /// Show a whole simulated network working: form, join, interview, control, report,
    /// back up, and decrypt the captured air.
    Demo(cli::demo::DemoArgs),
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
    /// Let devices join the network for a while, recording and interviewing them.
    Permit(cli::network::PermitArgs),
    /// List the devices in the database.
    Devices(cli::network::DevicesArgs),
    /// Ask a device for its descriptors, endpoints and Basic attributes.
    Interview(cli::network::InterviewArgs),
    /// Read attributes of a device.
    Read(cli::network::ReadArgs),
    /// Write an attribute of a device.
    Write(cli::network::WriteArgs),
    /// Send a cluster command to a device or a group.
    Command(cli::network::CommandArgs),
    /// Make a device report an attribute to the coordinator.
    ConfigureReporting(cli::network::ReportingArgs),
    /// Bind a device's cluster to the coordinator, another device or a group.
    Bind(cli::network::BindArgs),
    /// Remove a binding.
    Unbind(cli::network::BindArgs),
    /// Add a device to a group, remove it, or list memberships.
    Groups(cli::network::GroupsArgs),
    /// Ask a device to leave the network.
    Leave(cli::network::LeaveArgs),
    /// Measure the energy on each channel.
    EnergyScan(cli::network::ScanArgs),
    /// List the networks whose beacons are heard.
    NetworkScan(cli::network::ScanArgs),
    /// Move the whole network to another channel.
    ChangeChannel(cli::network::ChangeChannelArgs),
    /// Print what happens in the network (joins, leaves, reports, commands).
    Listen(cli::network::ListenArgs),
    /// Restart the coprocessor (`--factory`: erase its network first).
    Reset(cli::backup::ResetArgs),
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
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Demo(args) => cli::demo::run(&args),
        Command::Decode(args) => cli::decode::run(&args),
        Command::Clusters(args) => cli::clusters::run(&args),
        Command::Sniff(args) => cli::live::run_command(&args),
        Command::Ports(args) => cli::ports::run(&args),
        Command::Info(args) => cli::info::run(&args),
        Command::Sim(args) => cli::sim::run(&args),
        Command::Form(args) => cli::backup::run_form(&args),
        Command::Permit(args) => cli::network::run_permit(&args),
        Command::Devices(args) => cli::network::run_devices(&args),
        Command::Interview(args) => cli::network::run_interview(&args),
        Command::Read(args) => cli::network::run_read(&args),
        Command::Write(args) => cli::network::run_write(&args),
        Command::Command(args) => cli::network::run_command(&args),
        Command::ConfigureReporting(args) => cli::network::run_reporting(&args),
        Command::Bind(args) => cli::network::run_bind(&args, false),
        Command::Unbind(args) => cli::network::run_bind(&args, true),
        Command::Groups(args) => cli::network::run_groups(&args),
        Command::Leave(args) => cli::network::run_leave(&args),
        Command::EnergyScan(args) => cli::network::run_energy_scan(&args),
        Command::NetworkScan(args) => cli::network::run_network_scan(&args),
        Command::Listen(args) => cli::network::run_listen(&args),
        Command::ChangeChannel(args) => cli::network::run_change_channel(&args),
        Command::Reset(args) => cli::backup::run_reset(&args),
        Command::Backup(args) => cli::backup::run_backup(&args),
        Command::Restore(args) => cli::backup::run_restore(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zcl-host: {e}");
            ExitCode::from(cli::exit_code(e.as_ref()))
        }
    }
}
