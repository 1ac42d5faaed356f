//! `zcl-host info`: what the coprocessor is and which network it is in.

use std::process::ExitCode;

use serde::Serialize;
use zcl_radio::ezsp::commands as c;
use zcl_radio::ezsp::types::{NetworkStatus, ValueId};

use super::CliError;
use zcl_radio::mt::commands::util;
use zcl_radio::mt::nv::{Nib, OsalNvId};
use zcl_radio::mt::types::DeviceState;
use zcl_radio::mt::version::ZStackRelease;

use super::connect::{RadioArgs, RadioKind};
use crate::radio::ezsp::{EzspHost, HostOptions};
use crate::radio::znp::{ZnpHost, ZnpOptions};

/// Arguments of `zcl-host info`.
#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Which coprocessor, where.
    #[command(flatten)]
    pub radio: RadioArgs,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// What `info` reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Info {
    /// Port as given.
    pub port: String,
    /// Coprocessor family: `ezsp` or `znp`.
    pub radio: String,
    /// Firmware (stack) version, e.g. `7.4.4.0 build 442` or `Z-Stack 3.30+ 20230507`.
    pub firmware: String,
    /// EZSP protocol version in use (EZSP only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ezsp_version: Option<u8>,
    /// ZDO device state, e.g. `coordinator` (ZNP only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_state: Option<String>,
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
        radio: "ezsp".into(),
        firmware,
        ezsp_version: Some(version.protocol_version),
        device_state: None,
        ieee: eui.eui64.to_string(),
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
        extended_pan_id: p.as_ref().map(|p| p.extended_pan_id.to_string()),
        tx_power: p.as_ref().map(|p| p.radio_tx_power as i8),
        nwk_update_id: p.as_ref().map(|p| p.nwk_update_id),
    })
}

/// Reads [`Info`] from a ZNP coprocessor: identity and state from `UTIL_GET_DEVICE_INFO`, the
/// network from the NIB in NV (a coordinator's network is there whether or not its stack was
/// started since the last reset).
pub fn read_znp_info(host: &mut ZnpHost, port: &str) -> Result<Info, CliError> {
    let version = host.version().ok_or("version not read")?;
    let release = match host.release() {
        ZStackRelease::Home1_2 => "Z-Stack Home 1.2",
        ZStackRelease::V3_0 => "Z-Stack 3.0.x",
        ZStackRelease::V3_30 => "Z-Stack 3.30+",
    };
    let firmware = match version.code_revision {
        Some(rev) => format!("{release} {rev}"),
        None => format!(
            "{release} {}.{}.{}",
            version.major_rel, version.minor_rel, version.maint_rel
        ),
    };
    let device = host.request(&util::GetDeviceInfo {})?;
    let commissioned = match host.osal_nv_read(OsalNvId::BDBNODEISONANETWORK)? {
        Some(v) => v.first() == Some(&1),
        // Z-Stack Home 1.2 has no BDB: a loaded network key in the NIB says it.
        None => host.release() == ZStackRelease::Home1_2,
    };
    let nib = match host.osal_nv_read(OsalNvId::NIB)? {
        Some(bytes) => Some(Nib::parse(&bytes, host.alignment())?),
        None => None,
    };
    let nib = nib.filter(|n| {
        commissioned && n.nwk_key_loaded != 0 && (11..=26).contains(&n.nwk_logical_channel)
    });
    let running = device.device_state == DeviceState::ZbCoord;
    Ok(Info {
        port: port.to_owned(),
        radio: "znp".into(),
        firmware,
        ezsp_version: None,
        device_state: Some(device_state_text(device.device_state)),
        ieee: device.ieee.to_string(),
        node_id: format!(
            "0x{:04X}",
            nib.as_ref().map_or(device.nwk, |n| n.nwk_dev_address)
        ),
        network_state: match (&nib, running) {
            (Some(_), true) => "joined".into(),
            (Some(_), false) => "formed (stack not started)".into(),
            (None, _) => "no network".into(),
        },
        channel: nib.as_ref().map(|n| n.nwk_logical_channel),
        pan_id: nib.as_ref().map(|n| format!("0x{:04X}", n.nwk_pan_id)),
        extended_pan_id: nib.as_ref().map(|n| n.extended_pan_id.to_string()),
        tx_power: None,
        nwk_update_id: nib.as_ref().map(|n| n.nwk_update_id),
    })
}

fn device_state_text(state: DeviceState) -> String {
    match state {
        DeviceState::Hold => "holding (not started)".into(),
        DeviceState::Init => "initialising".into(),
        DeviceState::CoordStarting => "starting as coordinator".into(),
        DeviceState::ZbCoord => "coordinator".into(),
        DeviceState::Router => "router".into(),
        DeviceState::EndDevice => "end device".into(),
        other => format!("{other:?}"),
    }
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
    let transport = args.radio.transport()?;
    let port = &args.radio.port_name()?;
    let info = match args.radio.kind()? {
        RadioKind::Ezsp => {
            let mut host = EzspHost::connect(transport, HostOptions::default())?;
            // A coprocessor that resets while we read loses its network until it is resumed
            // again: read again until one pass ran without a link recovery.
            let mut info = None;
            for _ in 0..4 {
                let before = host.counters().recoveries;
                info = Some(read_info(&mut host, port)?);
                if host.counters().recoveries == before {
                    break;
                }
            }
            info.ok_or("no reading")?
        }
        RadioKind::Znp => {
            let mut host = ZnpHost::connect(transport, ZnpOptions::default())?;
            // As above: a reading taken across a coprocessor restart is taken again.
            let mut info = None;
            for _ in 0..4 {
                let before = host.counters().resets;
                info = Some(read_znp_info(&mut host, port)?);
                if host.counters().resets == before {
                    break;
                }
            }
            info.ok_or("no reading")?
        }
    };
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
    let mut lines = vec![
        ("Port", info.port.clone()),
        ("Radio", info.radio.clone()),
        ("Firmware", info.firmware.clone()),
    ];
    // Family-specific lines appear only for that family.
    if let Some(v) = info.ezsp_version {
        lines.push(("EZSP version", v.to_string()));
    }
    if let Some(state) = &info.device_state {
        lines.push(("Device state", state.clone()));
    }
    lines.extend([
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
    ]);
    lines
        .iter()
        .map(|(name, value)| format!("{:<17} {value}\n", format!("{name}:")))
        .collect()
}
