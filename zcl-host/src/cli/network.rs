//! The commands that manage a running network through the coordinator: devices, interview,
//! read, write, command, configure-reporting, bind, unbind, groups, leave, energy-scan,
//! network-scan and listen. Each connects to the coprocessor, starts the network (endpoints
//! registered), does its work and records what it learnt in the database.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde_json::json;

use super::connect::RadioArgs;
use super::{progress, CliError};
use crate::coordinator::zcl::{
    command_payload, resolve_attribute, resolve_cluster, resolve_command,
};
use crate::coordinator::{BindTarget, Coordinator, Database, Event, RequestOptions, Target};
use crate::render::ieee_string;

/// Options of every command that talks to the network.
#[derive(Debug, Clone, clap::Args)]
pub struct NetArgs {
    #[command(flatten)]
    pub(crate) radio: RadioArgs,
    /// SQLite database with the network's devices (in memory when not given, so nothing is
    /// remembered between commands).
    #[arg(long)]
    pub database: Option<PathBuf>,
    /// Seconds to wait for each answer.
    #[arg(long, default_value_t = 3.0)]
    pub timeout: f64,
    /// Attempts after the first.
    #[arg(long, default_value_t = 2)]
    pub retries: u8,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

impl NetArgs {
    /// Opens the database the options or the config file name.
    ///
    /// # Errors
    /// The database cannot be opened.
    pub fn database(&self) -> Result<Database, CliError> {
        let path = match &self.database {
            Some(p) => Some(p.clone()),
            None => self.radio.config()?.database,
        };
        Ok(match path {
            Some(p) => Database::open(&p)?,
            None => Database::in_memory()?,
        })
    }

    /// Connects, starts the network and returns the coordinator.
    ///
    /// # Errors
    /// The database or the radio cannot be opened; the radio holds no network.
    pub fn coordinator(&self) -> Result<Coordinator, CliError> {
        let db = self.database()?;
        let radio = self.radio.open_radio()?;
        let mut c = Coordinator::start(radio, db)?;
        let timeout = Duration::try_from_secs_f64(self.timeout)
            .map_err(|_| format!("--timeout {}: not a duration", self.timeout))?;
        c.options = RequestOptions {
            timeout,
            sleepy_timeout: timeout.max(Duration::from_secs(15)),
            retries: self.retries,
        };
        Ok(c)
    }
}

fn print(json: bool, value: &serde_json::Value, text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{value}")?;
    } else {
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// Arguments of `zcl-host devices`.
#[derive(Debug, clap::Args)]
pub struct DevicesArgs {
    /// SQLite database with the network's devices.
    #[arg(long)]
    pub database: Option<PathBuf>,
    /// Configuration file (TOML) naming the database.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `zcl-host devices`: the devices in the database, without touching the radio.
pub fn run_devices(args: &DevicesArgs) -> Result<ExitCode, CliError> {
    let config = super::connect::Config::load(args.config.as_deref())?;
    let path = args
        .database
        .clone()
        .or(config.database)
        .ok_or("no database: give --database FILE (or set `database` in the config file)")?;
    if !path.exists() {
        return Err(format!("database {}: no such file", path.display()).into());
    }
    let db = Database::open(&path)?;
    let devices = db.devices()?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&devices)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(n) = db.network()? {
        writeln!(
            out,
            "network: {} coordinator {}, PAN 0x{:04X}, extended PAN {:016x}, channel {}",
            n.radio,
            ieee_string(n.coordinator_ieee),
            n.pan_id,
            n.extended_pan_id,
            n.channel
        )?;
    }
    writeln!(out, "{} devices", devices.len())?;
    for d in &devices {
        writeln!(
            out,
            "{}  0x{:04x}  {:<10}  {:<24}  {}{}",
            ieee_string(d.ieee),
            d.nwk,
            d.logical_type.as_deref().unwrap_or("?"),
            format!(
                "{} {}",
                d.manufacturer.as_deref().unwrap_or("?"),
                d.model.as_deref().unwrap_or("?")
            ),
            d.endpoints
                .iter()
                .map(|e| {
                    let clusters: Vec<String> = e
                        .input_clusters
                        .iter()
                        .map(|c| format!("0x{c:04x}"))
                        .collect();
                    format!("ep {} [{}]", e.endpoint, clusters.join(" "))
                })
                .collect::<Vec<_>>()
                .join(", "),
            if d.interviewed {
                ""
            } else {
                "  (not interviewed)"
            }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host interview`.
#[derive(Debug, clap::Args)]
pub struct InterviewArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device: IEEE address or 0xNWK.
    pub device: String,
}

/// Runs `zcl-host interview`.
pub fn run_interview(args: &InterviewArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    let bar = progress(args.net.json, &format!("interviewing {}", args.device));
    let row = c.interview(target.ieee)?;
    bar.finish_and_clear();
    let text = format!(
        "{} 0x{:04x}: {} {} {}, endpoints {}",
        ieee_string(row.ieee),
        row.nwk,
        row.logical_type.as_deref().unwrap_or("?"),
        row.manufacturer.as_deref().unwrap_or("?"),
        row.model.as_deref().unwrap_or("?"),
        row.endpoints
            .iter()
            .map(|e| e.endpoint.to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    print(args.net.json, &serde_json::to_value(&row)?, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// Where a device's request goes: the device and an endpoint.
fn endpoint_of(
    c: &Coordinator,
    target: Target,
    cluster: u16,
    given: Option<u8>,
) -> Result<u8, CliError> {
    Ok(match given {
        Some(e) => e,
        None => c.endpoint_for(target, cluster)?,
    })
}

/// Arguments of `zcl-host read`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device: IEEE address or 0xNWK.
    pub device: String,
    /// Cluster name or id.
    pub cluster: String,
    /// Attribute names or ids.
    #[arg(required = true)]
    pub attributes: Vec<String>,
    /// Endpoint (default: the one serving the cluster).
    #[arg(long)]
    pub endpoint: Option<u8>,
}

/// Runs `zcl-host read`.
pub fn run_read(args: &ReadArgs) -> Result<ExitCode, CliError> {
    let cluster = resolve_cluster(&args.cluster)?;
    let ids = args
        .attributes
        .iter()
        .map(|a| resolve_attribute(cluster, a).map(|m| m.id))
        .collect::<Result<Vec<_>, _>>()?;
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    let ep = endpoint_of(&c, target, cluster.id, args.endpoint)?;
    let results = c.read_attributes(target, ep, cluster.id, cluster.manufacturer, &ids)?;
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for r in &results {
        failed |= r.value.is_none();
        if args.net.json {
            writeln!(out, "{}", serde_json::to_string(r)?)?;
        } else {
            let name = r.name.unwrap_or("?");
            match &r.value {
                Some(v) => {
                    let named = match (&r.value_name, &r.value_flags) {
                        (Some(n), _) => format!(" ({})", n.as_str().unwrap_or("?")),
                        (None, Some(f)) => format!(" ({f})"),
                        _ => String::new(),
                    };
                    writeln!(out, "{name} (0x{:04x}) = {v}{named}", r.attribute)?;
                }
                None => writeln!(out, "{name} (0x{:04x}): {}", r.attribute, r.status)?,
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Arguments of `zcl-host write`.
#[derive(Debug, clap::Args)]
pub struct WriteArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device: IEEE address or 0xNWK.
    pub device: String,
    /// Cluster name or id.
    pub cluster: String,
    /// Attribute name or id.
    pub attribute: String,
    /// The value (numbers in decimal or 0x hex, true/false, text, hex for octet strings).
    pub value: String,
    /// Endpoint (default: the one serving the cluster).
    #[arg(long)]
    pub endpoint: Option<u8>,
}

/// Runs `zcl-host write`.
pub fn run_write(args: &WriteArgs) -> Result<ExitCode, CliError> {
    let cluster = resolve_cluster(&args.cluster)?;
    let attr = resolve_attribute(cluster, &args.attribute)?;
    // Check the value before connecting, so a typo costs nothing.
    crate::coordinator::zcl::encode_value_text(attr.data_type, &args.value)
        .map_err(|e| format!("{}: {e}", attr.name()))?;
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    let ep = endpoint_of(&c, target, cluster.id, args.endpoint)?;
    c.write_attribute(target, ep, cluster, attr, &args.value)?;
    print(
        args.net.json,
        &json!({"attribute": attr.id, "name": attr.name(), "status": "Success"}),
        &format!("{} written", attr.name()),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host command`.
#[derive(Debug, clap::Args)]
pub struct CommandArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device (IEEE address or 0xNWK), or `group:0xGGGG` for a group.
    pub device: String,
    /// Cluster name or id.
    pub cluster: String,
    /// Command name or id.
    pub command: String,
    /// Fields as name=value.
    pub fields: Vec<String>,
    /// The payload as hex instead of fields.
    #[arg(long, conflicts_with = "fields")]
    pub payload: Option<String>,
    /// Endpoint (default: the one serving the cluster).
    #[arg(long)]
    pub endpoint: Option<u8>,
}

/// Runs `zcl-host command`.
pub fn run_command(args: &CommandArgs) -> Result<ExitCode, CliError> {
    let cluster = resolve_cluster(&args.cluster)?;
    let command = resolve_command(cluster, &args.command)?;
    let payload = match &args.payload {
        Some(h) => super::decode::parse_hex(h)?,
        None => command_payload(cluster, command, &args.fields)?,
    };
    let mut c = args.net.coordinator()?;
    if let Some(g) = args.device.strip_prefix("group:") {
        let group = super::decode::parse_u16(g)?;
        c.group_command(group, cluster, command, &payload)?;
        print(
            args.net.json,
            &json!({"group": group, "command": command.name(), "sent": true}),
            &format!("{} sent to group 0x{group:04x}", command.name()),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = c.target(&args.device)?;
    let ep = endpoint_of(&c, target, cluster.id, args.endpoint)?;
    let reply = c.command(target, ep, cluster, command, &payload)?;
    // Rebuild the answer's frame (server to client, default response disabled) to decode it.
    let control = if reply.frame_type == zcl_core::FrameType::Cluster {
        0x19
    } else {
        0x18
    };
    let mut frame = vec![control, 0x00, reply.command_id];
    frame.extend(&reply.payload);
    let decoded = crate::render::frame_json(cluster.id, &frame);
    let name = decoded
        .get("command")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("?")
        .to_owned();
    print(
        args.net.json,
        &json!({"command": command.name(), "reply": decoded}),
        &format!(
            "{}: {name} {}",
            command.name(),
            decoded.get("payload").unwrap_or(&json!(null))
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host configure-reporting`.
#[derive(Debug, clap::Args)]
pub struct ReportingArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device: IEEE address or 0xNWK.
    pub device: String,
    /// Cluster name or id.
    pub cluster: String,
    /// Attribute name or id.
    pub attribute: String,
    /// Shortest time between reports (s).
    #[arg(long, default_value_t = 1)]
    pub min: u16,
    /// Longest time between reports (s; 65535: only on change).
    #[arg(long, default_value_t = 300)]
    pub max: u16,
    /// Change that triggers a report (analog attributes; default 1).
    #[arg(long)]
    pub change: Option<String>,
    /// Endpoint (default: the one serving the cluster).
    #[arg(long)]
    pub endpoint: Option<u8>,
    /// Do not bind the cluster to the coordinator first.
    #[arg(long)]
    pub no_bind: bool,
}

/// Runs `zcl-host configure-reporting`: binds the cluster to the coordinator (reports go to
/// bound destinations) and configures the attribute's reporting.
pub fn run_reporting(args: &ReportingArgs) -> Result<ExitCode, CliError> {
    let cluster = resolve_cluster(&args.cluster)?;
    let attr = resolve_attribute(cluster, &args.attribute)?;
    if args.min > args.max {
        return Err(format!("--min {} is above --max {}", args.min, args.max).into());
    }
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    let ep = endpoint_of(&c, target, cluster.id, args.endpoint)?;
    if !args.no_bind {
        let to = c.as_bind_target();
        c.bind(target, ep, cluster.id, to, false)?;
    }
    c.configure_reporting(
        target,
        ep,
        cluster,
        attr,
        args.min,
        args.max,
        args.change.as_deref(),
    )?;
    print(
        args.net.json,
        &json!({"attribute": attr.id, "name": attr.name(), "min": args.min, "max": args.max}),
        &format!(
            "{} reports {} every {}-{} s",
            ieee_string(target.ieee),
            attr.name(),
            args.min,
            args.max
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host bind` and `zcl-host unbind`.
#[derive(Debug, clap::Args)]
pub struct BindArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device whose cluster is bound: IEEE address or 0xNWK.
    pub device: String,
    /// Cluster name or id.
    pub cluster: String,
    /// Destination device and endpoint (`IEEE/EP`); the coordinator when neither this nor
    /// `--group` is given.
    #[arg(long)]
    pub to: Option<String>,
    /// Destination group.
    #[arg(long, value_parser = super::decode::parse_u16, conflicts_with = "to")]
    pub group: Option<u16>,
    /// Source endpoint (default: the one that has the cluster).
    #[arg(long)]
    pub endpoint: Option<u8>,
}

/// Runs `zcl-host bind` (or `unbind`).
pub fn run_bind(args: &BindArgs, unbind: bool) -> Result<ExitCode, CliError> {
    let cluster = resolve_cluster(&args.cluster)?;
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    let dst = match (&args.to, args.group) {
        (_, Some(g)) => BindTarget::Group(g),
        (Some(to), None) => {
            let (dev, ep) = to
                .rsplit_once('/')
                .ok_or_else(|| format!("--to {to:?}: give IEEE/ENDPOINT"))?;
            let ieee = crate::coordinator::db::parse_ieee(dev)
                .ok_or_else(|| format!("--to {to:?}: {dev:?} is not an IEEE address"))?;
            let endpoint: u8 = ep
                .parse()
                .map_err(|_| format!("--to {to:?}: {ep:?} is not an endpoint"))?;
            BindTarget::Device { ieee, endpoint }
        }
        (None, None) => c.as_bind_target(),
    };
    let ep = endpoint_of(&c, target, cluster.id, args.endpoint)?;
    c.bind(target, ep, cluster.id, dst, unbind)?;
    let verb = if unbind { "unbound" } else { "bound" };
    print(
        args.net.json,
        &json!({"cluster": cluster.id, verb: true}),
        &format!("{} {} {verb}", ieee_string(target.ieee), cluster.name),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// What `zcl-host groups` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupAction {
    /// Add the device's endpoint to the group.
    Add,
    /// Remove it from the group.
    Remove,
    /// List the memberships recorded in the database.
    List,
}

/// Arguments of `zcl-host groups`.
#[derive(Debug, clap::Args)]
pub struct GroupsArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// add, remove or list.
    #[arg(value_enum)]
    pub action: GroupAction,
    /// The device (add, remove): IEEE address or 0xNWK.
    pub device: Option<String>,
    /// The group id (add, remove).
    #[arg(value_parser = super::decode::parse_u16)]
    pub group: Option<u16>,
    /// Group name (add).
    #[arg(long, default_value = "")]
    pub name: String,
    /// Endpoint (default: the one serving Groups).
    #[arg(long)]
    pub endpoint: Option<u8>,
}

/// Runs `zcl-host groups`.
pub fn run_groups(args: &GroupsArgs) -> Result<ExitCode, CliError> {
    if args.action == GroupAction::List {
        let db = args.net.database()?;
        let groups = db.groups()?;
        let mut out = std::io::stdout().lock();
        for (ieee, ep, g) in groups {
            if args.net.json {
                writeln!(
                    out,
                    "{}",
                    json!({"group": g, "ieee": ieee_string(ieee), "endpoint": ep})
                )?;
            } else {
                writeln!(out, "0x{g:04x}  {} ep {ep}", ieee_string(ieee))?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(device), Some(group)) = (&args.device, args.group) else {
        return Err("groups add/remove: give DEVICE GROUP".into());
    };
    let mut c = args.net.coordinator()?;
    let target = c.target(device)?;
    let ep = endpoint_of(&c, target, 0x0004, args.endpoint)?;
    let remove = args.action == GroupAction::Remove;
    c.group(target, ep, group, &args.name, remove)?;
    print(
        args.net.json,
        &json!({"group": group, "member": !remove}),
        &format!(
            "{} ep {ep} {} group 0x{group:04x}",
            ieee_string(target.ieee),
            if remove { "left" } else { "joined" }
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host leave`.
#[derive(Debug, clap::Args)]
pub struct LeaveArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The device: IEEE address or 0xNWK.
    pub device: String,
    /// Ask it to rejoin right after leaving (it stays in the database).
    #[arg(long)]
    pub rejoin: bool,
}

/// Runs `zcl-host leave`.
pub fn run_leave(args: &LeaveArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let target = c.target(&args.device)?;
    c.leave(target, args.rejoin)?;
    print(
        args.net.json,
        &json!({"ieee": ieee_string(target.ieee), "left": true}),
        &format!("{} left the network", ieee_string(target.ieee)),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Parses a channel list: `11-26`, `15,20,25`, `11-14,25`.
pub fn parse_channels(s: &str) -> Result<u32, String> {
    let mut mask = 0u32;
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a.trim(), b.trim()),
            None => (part.trim(), part.trim()),
        };
        let a: u8 = a
            .parse()
            .map_err(|_| format!("{part:?} is not a channel"))?;
        let b: u8 = b
            .parse()
            .map_err(|_| format!("{part:?} is not a channel"))?;
        if !(11..=26).contains(&a) || !(11..=26).contains(&b) || a > b {
            return Err(format!("{part:?}: channels are 11-26"));
        }
        for c in a..=b {
            mask |= 1 << c;
        }
    }
    Ok(mask)
}

/// Arguments of `zcl-host energy-scan` and `zcl-host network-scan`.
#[derive(Debug, clap::Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// Channels to scan (`11-26`, `15,20,25`).
    #[arg(long, default_value = "11-26", value_parser = parse_channels)]
    pub channels: u32,
    /// Scan duration exponent per channel (0-14: 15.36 ms * (2^n + 1)).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(0..=14))]
    pub duration: u8,
}

/// Runs `zcl-host energy-scan`: a bar per channel.
pub fn run_energy_scan(args: &ScanArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let bar = progress(args.net.json, "energy scan");
    let readings = c.radio().energy_scan(args.channels, args.duration)?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.net.json {
        writeln!(out, "{}", serde_json::to_string(&readings)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &readings {
        // 0-255 drawn as up to 40 blocks.
        let blocks = usize::from(r.energy) * 40 / 255;
        writeln!(
            out,
            "{:>2}  {:>4} dBm  {:>3}  {}",
            r.channel,
            r.max_rssi,
            r.energy,
            "#".repeat(blocks)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `zcl-host network-scan`: the networks whose beacons were heard.
pub fn run_network_scan(args: &ScanArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let bar = progress(args.net.json, "network scan");
    let found = c.radio().network_scan(args.channels, args.duration)?;
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    if args.net.json {
        writeln!(out, "{}", serde_json::to_string(&found)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} networks", found.len())?;
    for n in &found {
        writeln!(
            out,
            "channel {:>2}  PAN 0x{:04X}  extended {:016x}  {}  LQI {}",
            n.channel,
            n.pan_id,
            n.extended_pan_id,
            if n.permit_joining { "open" } else { "closed" },
            n.lqi
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host listen`.
#[derive(Debug, clap::Args)]
pub struct ListenArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// Stop after this many seconds (default: until interrupted).
    #[arg(long)]
    pub duration: Option<u64>,
    /// Stop after this many events.
    #[arg(long)]
    pub count: Option<u64>,
}

fn print_event(json: bool, e: &Event) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(e)?)?;
    } else {
        writeln!(out, "{}", e.text())?;
    }
    out.flush()?;
    Ok(())
}

/// Runs `zcl-host listen`: every event as a line of text or JSON, each printed after the
/// database recorded it.
pub fn run_listen(args: &ListenArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let deadline = args
        .duration
        .map(|s| Instant::now() + Duration::from_secs(s));
    let mut seen = 0u64;
    loop {
        let left = match deadline {
            Some(d) => match d.checked_duration_since(Instant::now()) {
                Some(l) => l,
                None => break,
            },
            None => Duration::from_secs(3600),
        };
        if let Some(e) = c.poll(left)? {
            print_event(args.net.json, &e)?;
            seen += 1;
            if args.count.is_some_and(|n| seen >= n) {
                break;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host permit`.
#[derive(Debug, clap::Args)]
pub struct PermitArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// Seconds to permit joining (0 closes, 255 keeps it open).
    #[arg(long, short = 't', default_value_t = 60)]
    pub time: u8,
    /// Open joining and return at once (no joins are recorded or interviewed).
    #[arg(long)]
    pub no_wait: bool,
    /// Do not interview the devices that join.
    #[arg(long)]
    pub no_interview: bool,
    /// Install code of a device that may join: `IEEE:CODE` (hex, with its CRC).
    #[arg(long)]
    pub install_code: Vec<String>,
    /// Let devices join through this router only (IEEE address or 0xNWK) instead of the whole
    /// network.
    #[arg(long, conflicts_with = "no_wait")]
    pub through: Option<String>,
}

/// Runs `zcl-host permit`: opens the network for joining, then (unless `--no-wait`) waits,
/// recording and interviewing every device that joins.
pub fn run_permit(args: &PermitArgs) -> Result<ExitCode, CliError> {
    for code in &args.install_code {
        crate::coordinator::install_code::parse(code)?;
    }
    if args.no_wait {
        let mut radio = args.net.radio.open_radio()?;
        for code in &args.install_code {
            let (ieee, key) = crate::coordinator::install_code::parse(code)?;
            radio.add_install_code_key(ieee, &key)?;
        }
        radio.permit_join(args.time)?;
        let what = match args.time {
            0 => "joining closed".to_owned(),
            255 => "joining permitted until closed".to_owned(),
            t => format!("joining permitted for {t} s"),
        };
        writeln!(std::io::stdout().lock(), "{}: {what}", radio.port())?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut c = args.net.coordinator()?;
    for code in &args.install_code {
        let (ieee, key) = crate::coordinator::install_code::parse(code)?;
        c.radio().add_install_code_key(ieee, &key)?;
    }
    let router = match &args.through {
        Some(d) => Some(c.target(d)?),
        None => None,
    };
    if !args.net.json {
        let via = router.map_or(String::new(), |r| {
            format!(" through {}", ieee_string(r.ieee))
        });
        writeln!(
            std::io::stdout().lock(),
            "joining permitted{via} for {} s",
            args.time
        )?;
    }
    let mut failure = None;
    let print = |e: &Event| {
        if let Err(err) = print_event(args.net.json, e) {
            failure = Some(err);
        }
    };
    let joined = match router {
        Some(r) => c.permit_via(r, args.time, !args.no_interview, print)?,
        None => c.permit(args.time, !args.no_interview, print)?,
    };
    if let Some(e) = failure {
        return Err(e);
    }
    if !args.net.json {
        writeln!(std::io::stdout().lock(), "{} devices joined", joined.len())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Arguments of `zcl-host change-channel`.
#[derive(Debug, clap::Args)]
pub struct ChangeChannelArgs {
    #[command(flatten)]
    pub(crate) net: NetArgs,
    /// The new channel (11-26).
    #[arg(value_parser = clap::value_parser!(u8).range(11..=26))]
    pub channel: u8,
}

/// Runs `zcl-host change-channel`: the whole network moves (devices follow the broadcast).
pub fn run_change_channel(args: &ChangeChannelArgs) -> Result<ExitCode, CliError> {
    let mut c = args.net.coordinator()?;
    let bar = progress(args.net.json, "moving the network");
    let update_id = c.change_channel(args.channel, Duration::from_secs(15))?;
    bar.finish_and_clear();
    print(
        args.net.json,
        &json!({"channel": args.channel, "nwk_update_id": update_id}),
        &format!(
            "network on channel {} (NWK update id {update_id})",
            args.channel
        ),
    )?;
    Ok(ExitCode::SUCCESS)
}
