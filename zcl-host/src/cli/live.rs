//! `zcl-host sniff --radio ...`: live capture from a sniffing radio, and the Wireshark extcap
//! interface.
//!
//! Live capture decodes each frame as it arrives, with the keys of the arguments and those
//! learned from Transport Key commands (one pass: a frame sent before the Transport Key that
//! reveals its key stays encrypted, which the file sniffer's second pass would decrypt).
//! `--output` writes pcapng with the IEEE 802.15.4 TAP link type (283: RSSI, LQI and channel per
//! frame), `--zep-out PORT` sends every frame as ZEP v2 to that UDP port on the loopback (for
//! Wireshark listening there). Ctrl-C (SIGINT) or SIGTERM ends the capture and closes the file
//! cleanly; a radio that goes away ends it with its error, the file valid up to that point.
//!
//! ## Extcap
//!
//! Wireshark runs extcap programs from its extcap folder with `--extcap-interfaces`, then per
//! interface `--extcap-dlts --extcap-interface X` and `--extcap-config --extcap-interface X`,
//! and finally `--capture --extcap-interface X --fifo PATH` plus the configured arguments; the
//! program writes a capture to the fifo until Wireshark stops it (SIGTERM) or closes the fifo.
//! `zcl-host` answers these either as `zcl-host sniff --extcap-...` or, when the binary itself is
//! linked into the extcap folder, as `zcl-host --extcap-...` (`main` inserts `sniff`).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::sniff::{key_store, SniffArgs};
use super::CliError;
use crate::capture::live::{
    EzspSniffer, Hop, LiveCapture, LiveRadio, NrfSniffer, SpinelSniffer, StopFlag, ZepListener,
    CHANNELS,
};
use crate::capture::zep::{emit_zep_v2, ZepHeader};
use crate::capture::{CaptureError, FrameSource, PcapngWriter, RadioMeta, WriteLinkType};
use crate::radio::transport::{FlowControl, PortSpec, SerialSettings, Transport};
use crate::render::sniff::{print_frame, print_problem};
use crate::render::summary::dissect_counted;
use crate::render::summary::Summary;
use crate::sniff::plain_frame;
use zcl_frames::crc::fcs16;

/// Sniffing radios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LiveRadioKind {
    /// A Silicon Labs NCP (EZSP over ASH) in manufacturing-library mode.
    Ezsp,
    /// Nordic's nRF 802.15.4 sniffer firmware (nRF52840 dongle or DK).
    Nrf,
    /// An OpenThread radio coprocessor (Spinel over HDLC-lite) in promiscuous mode.
    Spinel,
    /// ZEP packets on a UDP port (`--listen`).
    Zep,
}

impl LiveRadioKind {
    const ALL: [LiveRadioKind; 4] = [
        LiveRadioKind::Ezsp,
        LiveRadioKind::Nrf,
        LiveRadioKind::Spinel,
        LiveRadioKind::Zep,
    ];

    /// The extcap interface name.
    #[must_use]
    pub fn interface(self) -> &'static str {
        match self {
            LiveRadioKind::Ezsp => "zcl-ezsp",
            LiveRadioKind::Nrf => "zcl-nrf",
            LiveRadioKind::Spinel => "zcl-spinel",
            LiveRadioKind::Zep => "zcl-zep",
        }
    }

    fn display(self) -> &'static str {
        match self {
            LiveRadioKind::Ezsp => "Zigbee sniffer: Silicon Labs EZSP stick (mfglib)",
            LiveRadioKind::Nrf => "Zigbee sniffer: nRF 802.15.4 sniffer firmware",
            LiveRadioKind::Spinel => "Zigbee sniffer: OpenThread RCP (Spinel)",
            LiveRadioKind::Zep => "Zigbee sniffer: ZEP over UDP",
        }
    }

    fn from_interface(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.interface() == name)
    }
}

/// The live-capture and extcap arguments of `zcl-host sniff`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LiveArgs {
    /// Sniff live from this radio instead of reading a file.
    #[arg(long, value_enum, conflicts_with = "input")]
    pub radio: Option<LiveRadioKind>,
    /// The radio's serial port (`/dev/ttyACM0`) or `socket://HOST:PORT` (ezsp, nrf, spinel).
    #[arg(long)]
    pub port: Option<String>,
    /// Baud rate of the serial port.
    #[arg(long, default_value_t = 115_200)]
    pub baudrate: u32,
    /// Flow control: none, software (XON/XOFF) or hardware (RTS/CTS).
    #[arg(long, default_value = "none")]
    pub flow_control: String,
    /// Channel to listen on (11-26).
    #[arg(long, alias = "extcap-channel", default_value_t = 11,
          value_parser = clap::value_parser!(u8).range(11..=26))]
    pub channel: u8,
    /// Hop over channels 11-26 (from --channel on), this many milliseconds on each.
    #[arg(long, value_name = "MS")]
    pub hop: Option<u64>,
    /// ZEP: the UDP address to listen on.
    #[arg(long, default_value = "0.0.0.0:17754", value_name = "HOST:PORT")]
    pub listen: String,
    /// Also send every frame as ZEP v2 to this UDP port on 127.0.0.1.
    #[arg(long, value_name = "PORT")]
    pub zep_out: Option<u16>,
    /// Stop after this many frames.
    #[arg(long, value_name = "N")]
    pub count: Option<u64>,
    /// Stop after this long (`30s`, `5m`).
    #[arg(long, value_name = "DURATION")]
    pub duration: Option<humantime::Duration>,
    /// Extcap: list the interfaces.
    #[arg(long)]
    pub extcap_interfaces: bool,
    /// Extcap: the link types of --extcap-interface.
    #[arg(long)]
    pub extcap_dlts: bool,
    /// Extcap: the options of --extcap-interface.
    #[arg(long)]
    pub extcap_config: bool,
    /// Extcap: the interface (zcl-ezsp, zcl-nrf, zcl-spinel, zcl-zep).
    #[arg(long, value_name = "NAME")]
    pub extcap_interface: Option<String>,
    /// Extcap: Wireshark's version (ignored).
    #[arg(long, value_name = "VERSION")]
    pub extcap_version: Option<String>,
    /// Extcap: capture into --fifo.
    #[arg(long)]
    pub capture: bool,
    /// Extcap: the fifo (or file) to write the capture to.
    #[arg(long, value_name = "PATH")]
    pub fifo: Option<PathBuf>,
    /// Extcap: a capture filter (not supported: everything is captured).
    #[arg(long, value_name = "FILTER")]
    pub extcap_capture_filter: Option<String>,
    /// Extcap: control pipe from Wireshark (not used).
    #[arg(long, value_name = "PATH")]
    pub extcap_control_in: Option<PathBuf>,
    /// Extcap: control pipe to Wireshark (not used).
    #[arg(long, value_name = "PATH")]
    pub extcap_control_out: Option<PathBuf>,
    /// Extcap: the option whose values Wireshark asks to reload (none are reloadable).
    #[arg(long, value_name = "OPTION")]
    pub extcap_reload_option: Option<String>,
    /// Extcap: Wireshark's debug switch (ignored).
    #[arg(long)]
    pub debug: bool,
    /// Extcap: Wireshark's debug file (ignored).
    #[arg(long, value_name = "PATH")]
    pub debug_file: Option<PathBuf>,
}

/// `zcl-host sniff`: the file arguments and the live ones.
#[derive(Debug, clap::Args)]
pub struct SniffCommand {
    /// Reading and decoding (shared by files and live captures).
    #[command(flatten)]
    pub sniff: SniffArgs,
    /// Live capture and extcap.
    #[command(flatten)]
    pub live: LiveArgs,
}

/// Runs `zcl-host sniff`: a file, a live radio, or an extcap request.
///
/// # Errors
/// As [`run`] and [`super::sniff::run`].
pub fn run_command(cmd: &SniffCommand) -> Result<ExitCode, CliError> {
    if !cmd.live.wanted() {
        return super::sniff::run(&cmd.sniff);
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let code = run(&cmd.sniff, &cmd.live, &mut out, &mut std::io::stderr())?;
    out.flush()?;
    Ok(code)
}

impl LiveArgs {
    /// Whether these arguments ask for something other than reading a file.
    #[must_use]
    pub fn wanted(&self) -> bool {
        self.radio.is_some()
            || self.extcap_interfaces
            || self.extcap_dlts
            || self.extcap_config
            || self.capture
    }
}

/// Runs the live or extcap side of `zcl-host sniff`.
///
/// # Errors
/// Bad arguments, a radio that cannot be opened, an unwritable output.
pub fn run(
    args: &SniffArgs,
    live: &LiveArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    if live.extcap_interfaces {
        extcap_interfaces(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if live.extcap_dlts || live.extcap_config {
        let kind = extcap_kind(live)?;
        if live.extcap_dlts {
            writeln!(
                out,
                "dlt {{number=283}}{{name=IEEE802_15_4_TAP}}{{display=IEEE 802.15.4 TAP}}"
            )?;
        } else {
            extcap_config(kind, out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (kind, output, quiet) = if live.capture {
        let kind = extcap_kind(live)?;
        let fifo = live
            .fifo
            .clone()
            .ok_or("--capture needs --fifo PATH (as Wireshark passes it)")?;
        (kind, Some(fifo), true)
    } else {
        let kind = live.radio.ok_or("--radio is needed for a live capture")?;
        (kind, args.output.clone(), false)
    };
    let stop = stop_flag()?;
    capture(args, live, kind, output.as_ref(), quiet, &stop, out, err)
}

fn extcap_kind(live: &LiveArgs) -> Result<LiveRadioKind, CliError> {
    let name = live
        .extcap_interface
        .as_deref()
        .ok_or("--extcap-interface is needed")?;
    LiveRadioKind::from_interface(name).ok_or_else(|| {
        format!("unknown extcap interface {name:?} (zcl-ezsp, zcl-nrf, zcl-spinel, zcl-zep)").into()
    })
}

fn extcap_interfaces(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "extcap {{version={}}}{{help=https://example.invalid/zcl-rs}}{{display=zcl-host Zigbee sniffer}}",
        env!("CARGO_PKG_VERSION")
    )?;
    for kind in LiveRadioKind::ALL {
        writeln!(
            out,
            "interface {{value={}}}{{display={}}}",
            kind.interface(),
            kind.display()
        )?;
    }
    Ok(())
}

fn extcap_config(kind: LiveRadioKind, out: &mut dyn Write) -> std::io::Result<()> {
    let mut n = 0;
    if kind == LiveRadioKind::Zep {
        writeln!(
            out,
            "arg {{number={n}}}{{call=--listen}}{{display=Listen on}}{{tooltip=UDP HOST:PORT to receive ZEP on}}{{type=string}}{{default=127.0.0.1:17754}}{{required=true}}"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "arg {{number={n}}}{{call=--port}}{{display=Serial port}}{{tooltip=The radio's serial port (/dev/ttyACM0) or socket://HOST:PORT}}{{type=string}}{{required=true}}"
    )?;
    n += 1;
    writeln!(
        out,
        "arg {{number={n}}}{{call=--channel}}{{display=Channel}}{{tooltip=IEEE 802.15.4 channel}}{{type=selector}}{{required=true}}"
    )?;
    for c in CHANNELS {
        writeln!(
            out,
            "value {{arg={n}}}{{value={c}}}{{display={c}}}{{default={}}}",
            c == 11
        )?;
    }
    n += 1;
    writeln!(
        out,
        "arg {{number={n}}}{{call=--baudrate}}{{display=Baud rate}}{{type=integer}}{{range=1200,4000000}}{{default=115200}}"
    )?;
    n += 1;
    writeln!(
        out,
        "arg {{number={n}}}{{call=--hop}}{{display=Hop channels every (ms)}}{{tooltip=Leave empty to stay on one channel}}{{type=unsigned}}"
    )?;
    Ok(())
}

/// A flag raised by SIGINT, SIGTERM or SIGHUP (a second SIGINT ends the process at once).
///
/// # Errors
/// The handlers cannot be installed.
pub fn stop_flag() -> Result<StopFlag, CliError> {
    let stop: StopFlag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(&stop))?;
            signal_hook::flag::register(sig, Arc::clone(&stop))?;
        }
    }
    Ok(stop)
}

fn transport(live: &LiveArgs) -> Result<Transport, CliError> {
    let port = live
        .port
        .as_deref()
        .ok_or("--port is needed for this radio")?;
    let spec: PortSpec = port.parse()?;
    let flow_control: FlowControl = live.flow_control.parse()?;
    Ok(Transport::open(
        &spec,
        &SerialSettings {
            baud_rate: live.baudrate,
            flow_control,
        },
    )?)
}

/// Opens the radio `kind` as the arguments say.
///
/// # Errors
/// The port cannot be opened; the radio does not answer or refuses sniffer mode.
pub fn open_radio(kind: LiveRadioKind, live: &LiveArgs) -> Result<Box<dyn LiveRadio>, CliError> {
    Ok(match kind {
        LiveRadioKind::Ezsp => Box::new(EzspSniffer::open(transport(live)?, live.channel)?),
        LiveRadioKind::Nrf => Box::new(NrfSniffer::open(transport(live)?, live.channel)?),
        LiveRadioKind::Spinel => Box::new(SpinelSniffer::open(transport(live)?, live.channel)?),
        LiveRadioKind::Zep => Box::new(ZepListener::bind(&live.listen)?),
    })
}

/// Where frames go as ZEP.
struct ZepOut {
    socket: UdpSocket,
    to: SocketAddr,
    sequence: u32,
}

impl ZepOut {
    fn send(&mut self, frame: &crate::capture::Frame<'_>) {
        self.sequence = self.sequence.wrapping_add(1);
        let mut psdu = frame.mac.to_vec();
        psdu.extend_from_slice(&fcs16(frame.mac).to_le_bytes());
        let header = ZepHeader {
            version: 2,
            channel: frame
                .channel
                .and_then(|c| u8::try_from(c).ok())
                .unwrap_or(0),
            device_id: 0x7a63, // "zc"
            crc_mode: true,
            lqi: frame.lqi.unwrap_or(0xff),
            timestamp_ns: Some(frame.timestamp_ns),
            sequence: Some(self.sequence),
        };
        // A lost datagram is what UDP allows; the capture goes on.
        let _ = self.socket.send_to(&emit_zep_v2(&header, &psdu), self.to);
    }
}

#[allow(clippy::too_many_arguments)]
fn capture(
    args: &SniffArgs,
    live: &LiveArgs,
    kind: LiveRadioKind,
    output: Option<&PathBuf>,
    quiet: bool,
    stop: &StopFlag,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let mut keys = key_store(args)?;
    let radio = open_radio(kind, live)?;
    let description = radio.describe();
    let mut source = LiveCapture::new(radio, Arc::clone(stop));
    if let Some(ms) = live.hop {
        let start = live.channel;
        let channels: Vec<u8> = CHANNELS
            .filter(|c| *c >= start)
            .chain(CHANNELS.filter(|c| *c < start))
            .collect();
        source = source.with_hop(Hop {
            dwell: Duration::from_millis(ms.max(1)),
            channels,
        })?;
    }
    // The file (or fifo) is opened after the radio answered, so a failed start leaves no file.
    let mut writer = match output {
        Some(path) => {
            let file = File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(PcapngWriter::new(BufWriter::new(file), WriteLinkType::Tap)?)
        }
        None => None,
    };
    if let Some(w) = writer.as_mut() {
        flush(w)?;
    }
    let mut zep = match live.zep_out {
        Some(port) => Some(ZepOut {
            socket: UdpSocket::bind("127.0.0.1:0")?,
            to: SocketAddr::from(([127, 0, 0, 1], port)),
            sequence: 0,
        }),
        None => None,
    };
    if !quiet {
        writeln!(err, "zcl-host: sniffing with {description}; Ctrl-C stops")?;
    }
    let started = Instant::now();
    let deadline = live.duration.map(|d| started + Duration::from(d));
    let mut summary = Summary::default();
    let mut first_time = None;
    let mut closed_by_reader = false;
    while let Some(item) = source.next_frame() {
        let frame = match item {
            Ok(frame) => frame,
            Err(e) if e.is_fatal() => {
                let gone = matches!(&e, CaptureError::Live(l)
                    if matches!(**l, crate::capture::live::LiveError::Transport(_)));
                summary.stopped = Some(if gone {
                    format!("{e} (the radio went away: unplugged, reset or its port closed)")
                } else {
                    e.to_string()
                });
                break;
            }
            Err(e) => {
                summary.problem(e.to_string());
                if !quiet && !args.summary {
                    print_problem(&e, args.json, out)?;
                }
                continue;
            }
        };
        let t0 = *first_time.get_or_insert(frame.timestamp_ns);
        let d = dissect_counted(&frame, &mut keys, &mut summary);
        if let Some(w) = writer.as_mut() {
            let meta = RadioMeta {
                channel: frame.channel,
                rssi: frame.rssi,
                lqi: frame.lqi,
            };
            let plain;
            let mac = if args.decrypted && !frame.fcs.is_bad() {
                plain = plain_frame(&d);
                &plain[..]
            } else {
                frame.mac
            };
            let written = w
                .write_frame_meta(frame.timestamp_ns, mac, &meta)
                .and_then(|()| flush(w));
            match written {
                Ok(()) => {}
                Err(CaptureError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                    // Wireshark closed the fifo: the capture is over.
                    closed_by_reader = true;
                    break;
                }
                Err(e) => return Err(e.into()),
            }
        }
        if let Some(z) = zep.as_mut() {
            z.send(&frame);
        }
        if !quiet && !args.summary {
            print_frame(&frame, &d, &keys, args.style(), t0, out)?;
            out.flush()?;
        }
        if live.count.is_some_and(|n| summary.frames >= n)
            || deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
    }
    source.finish();
    if let Some(w) = writer {
        match w.finish().map(|mut b| b.flush()) {
            Ok(Ok(())) => {}
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(CaptureError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Ok(Err(e)) => return Err(e.into()),
            Err(e) => return Err(e.into()),
        }
    }
    if args.summary && !quiet {
        if args.json {
            writeln!(out, "{}", summary.to_json(args.show_keys))?;
        } else {
            write!(out, "{}", summary.to_text(args.show_keys))?;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    let written = output.map_or(String::new(), |p| format!(", written to {}", p.display()));
    match &summary.stopped {
        Some(e) => writeln!(
            err,
            "zcl-host: capture stopped: {e}\nzcl-host: {} frames captured{written} (the file is complete up to the error)",
            summary.frames
        )?,
        None if !quiet || closed_by_reader => writeln!(
            err,
            "zcl-host: {} frames in {secs:.1} s ({:.0} frames/s), {} NWK frames decrypted, {} keys learned{written}",
            summary.frames,
            summary.frames as f64 / secs.max(1e-9),
            summary.nwk_decrypted,
            summary.keys_learned.len()
        )?,
        None => {}
    }
    Ok(if summary.stopped.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn flush<W: Write>(w: &mut PcapngWriter<W>) -> Result<(), CaptureError> {
    w.flush()
}
