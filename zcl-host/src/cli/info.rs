//! `zcl-host info`: what the coprocessor is and which network it is in.

use std::process::ExitCode;

use serde::Serialize;
use zcl_radio::ezsp::commands as c;
use zcl_radio::ezsp::types::{NetworkStatus, ValueId};

use super::CliError;
use crate::radio::ezsp::{EzspHost, HostOptions};
use crate::radio::transport::{FlowControl, PortSpec, SerialSettings, Transport};

/// Coprocessor family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Radio {
    /// Silicon Labs EmberZNet (EZSP over ASH).
    Ezsp,
    /// TI Z-Stack (MT). Not available yet.
    Znp,
}

/// Arguments of `zcl-host info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Coprocessor family.
    #[arg(long, value_enum, default_value = "ezsp")]
    pub radio: Radio,
    /// Serial port (`/dev/ttyUSB0`) or `socket://HOST:PORT`.
    #[arg(long)]
    pub port: String,
    /// Baud rate.
    #[arg(long, default_value_t = 115_200)]
    pub baudrate: u32,
    /// Flow control: none, software (XON/XOFF) or hardware (RTS/CTS).
    #[arg(long, default_value = "none")]
    pub flow_control: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `info` reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Info {
    /// Port as given.
    pub port: String,
    /// Firmware (stack) version, e.g. `7.4.4.0 build 442`.
    pub firmware: String,
    /// EZSP protocol version in use.
    pub ezsp_version: u8,
    /// IEEE address, `00:12:4b:...` (most significant byte first).
    pub ieee: String,
    /// Short address (0x0000 for a coordinator in a network).
    pub node_id: String,
    /// `joined`, `no network`, ...
    pub network_state: String,
    /// Channel (null outside a network).
    pub channel: Option<u8>,
    /// PAN id, `0x1A62`.
    pub pan_id: Option<String>,
    /// Extended PAN id, most significant byte first.
    pub extended_pan_id: Option<String>,
    /// Radio power, dBm.
    pub tx_power: Option<i8>,
    /// Network update id.
    pub nwk_update_id: Option<u8>,
}

fn eui64_text(wire: [u8; 8]) -> String {
    let mut b = wire;
    b.reverse();
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Reads [`Info`] from an EZSP coprocessor.
pub fn read_info(host: &mut EzspHost, port: &str) -> Result<Info, CliError> {
    let version = host.version().ok_or("version not negotiated")?;
    let value = host.request(&c::GetValue {
        value_id: ValueId::VALUE_VERSION_INFO,
    })?;
    let firmware = match value.value.as_slice() {
        [b0, b1, major, minor, patch, special, ..] if value.status.is_success() => {
            format!(
                "{major}.{minor}.{patch}.{special} build {}",
                u16::from_le_bytes([*b0, *b1])
            )
        }
        _ => version.stack_version_string(),
    };
    let eui = host.request(&c::GetEui64 {})?;
    let mut state = host.request(&c::NetworkState {})?;
    if state.status == NetworkStatus::NO_NETWORK {
        // After a reset the stack is down until the host resumes the stored network.
        // Bitmask 0x0001: the parent info is in tokens (EMBER_NETWORK_INIT_PARENT_INFO_IN_TOKEN).
        let init = host.request(&c::NetworkInit { bitmask: 0x0001 })?;
        if init.status.is_success() {
            wait_for_network_up(host)?;
            state = host.request(&c::NetworkState {})?;
        }
    }
    let node = host.request(&c::GetNodeId {})?;
    let joined = state.status == NetworkStatus::JOINED_NETWORK;
    let params = host.request(&c::GetNetworkParameters {})?;
    let p = (joined && params.status.is_success()).then_some(params.parameters);
    Ok(Info {
        port: port.to_owned(),
        firmware,
        ezsp_version: version.protocol_version,
        ieee: eui64_text(eui.eui64),
        node_id: format!("0x{:04X}", node.node_id),
        network_state: match state.status {
            NetworkStatus::NO_NETWORK => "no network".into(),
            NetworkStatus::JOINING_NETWORK => "joining".into(),
            NetworkStatus::JOINED_NETWORK => "joined".into(),
            NetworkStatus::JOINED_NETWORK_NO_PARENT => "joined, no parent".into(),
            NetworkStatus::LEAVING_NETWORK => "leaving".into(),
            other => format!("unknown (0x{:02X})", other.0),
        },
        channel: p.as_ref().map(|p| p.radio_channel),
        pan_id: p.as_ref().map(|p| format!("0x{:04X}", p.pan_id)),
        extended_pan_id: p.as_ref().map(|p| eui64_text(p.extended_pan_id)),
        tx_power: p.as_ref().map(|p| p.radio_tx_power as i8),
        nwk_update_id: p.as_ref().map(|p| p.nwk_update_id),
    })
}

/// Waits up to 5 s for `stackStatusHandler(NETWORK_UP)`.
fn wait_for_network_up(host: &mut EzspHost) -> Result<(), CliError> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let v = host.negotiated();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        let Some(cb) = host.next_callback(left)? else {
            break;
        };
        if cb.frame_id == <c::StackStatusHandler as c::Message>::ID {
            let status = <c::StackStatusHandler as c::Parameters>::decode(&cb.params, v)?;
            if status.status.to_sl() == zcl_radio::ezsp::types::SlStatus::NETWORK_UP {
                return Ok(());
            }
        }
    }
    Err("the coprocessor did not bring its network up within 5 s".into())
}

/// Runs `zcl-host info`.
pub fn run(args: &InfoArgs) -> Result<ExitCode, CliError> {
    if args.radio == Radio::Znp {
        return Err("ZNP radios are not supported yet; use --radio ezsp".into());
    }
    let spec: PortSpec = args.port.parse()?;
    let flow_control: FlowControl = args.flow_control.parse()?;
    let settings = SerialSettings {
        baud_rate: args.baudrate,
        flow_control,
    };
    let transport = Transport::open(&spec, &settings)?;
    let mut host = EzspHost::connect(transport, HostOptions::default())?;
    // A coprocessor that resets while we read loses its network until it is resumed again:
    // read again until one pass ran without a link recovery.
    let mut info = None;
    for _ in 0..4 {
        let before = host.counters().recoveries;
        info = Some(read_info(&mut host, &args.port)?);
        if host.counters().recoveries == before {
            break;
        }
    }
    let info = info.ok_or("no reading")?;
    let text = if args.json {
        serde_json::to_string_pretty(&info)? + "\n"
    } else {
        info_text(&info)
    };
    use std::io::Write as _;
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // A reader that went away (`| head`) is not an error of ours.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The text form of [`Info`], one `Name: value` line per field.
pub fn info_text(info: &Info) -> String {
    let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let lines = [
        ("Port", info.port.clone()),
        ("Firmware", info.firmware.clone()),
        ("EZSP version", info.ezsp_version.to_string()),
        ("IEEE address", info.ieee.clone()),
        ("Node id", info.node_id.clone()),
        ("Network state", info.network_state.clone()),
        (
            "Channel",
            info.channel.map_or("-".into(), |c| c.to_string()),
        ),
        ("PAN id", opt(&info.pan_id)),
        ("Extended PAN id", opt(&info.extended_pan_id)),
        (
            "TX power",
            info.tx_power.map_or("-".into(), |p| format!("{p} dBm")),
        ),
        (
            "NWK update id",
            info.nwk_update_id.map_or("-".into(), |u| u.to_string()),
        ),
    ];
    lines
        .iter()
        .map(|(name, value)| format!("{:<17} {value}\n", format!("{name}:")))
        .collect()
}
