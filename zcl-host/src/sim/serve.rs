//! Serving a simulated coprocessor to a host over a pseudo-terminal or TCP: the I/O loops around
//! [`EzspNcp`] with its ASH link and around [`ZnpNcp`] with MT framing, with fault injection.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use zcl_radio::mt::types::ResetReason;
use zcl_radio::mt::{Decoder as MtDecoder, Frame as MtFrame};

use zcl_radio::ash::{AshConfig, ResetCode};

use super::ezsp::EzspNcp;
use super::faults::{FaultConfig, FaultInjector};
use super::znp::ZnpNcp;
use crate::radio::ash_driver::{AshDriver, LinkEvent};
use crate::radio::transport::{Transport, TransportError};
use crate::radio::znp::{BOOTLOADER_SKIP_BYTE, PARTIAL_FRAME_TIMEOUT};

/// How long the simulated CC253x bootloader waits before it starts the application by itself.
const BOOTLOADER_WAIT: Duration = Duration::from_secs(60);

/// Where the simulator waits for its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A new pseudo-terminal; its path is announced.
    Pty,
    /// A TCP listener on `HOST:PORT` (port 0 picks one); its address is announced.
    Listen(String),
}

/// How to run the simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// Where the host connects.
    pub endpoint: Endpoint,
    /// State file (network, keys, counters, tokens).
    pub state: Option<PathBuf>,
    /// Faults to inject.
    pub faults: FaultConfig,
    /// EZSP protocol version to speak.
    pub protocol_version: u8,
    /// Pace the coprocessor's output as a UART at this baud rate would.
    pub emulate_baud: Option<u32>,
    /// ZNP only: start in a CC253x serial bootloader that ignores MT frames until the host
    /// sends the skip byte 0xEF (or a minute passes), as those sticks do after power-up.
    pub bootloader: bool,
    /// Write every frame of the virtual air (encrypted as sent) to this pcapng file.
    pub capture: Option<PathBuf>,
    /// The network the sniffer modes hear (EZSP mfglib, the nRF and Spinel front ends).
    pub sniff: super::sniffer::WorldOptions,
}

/// A sink that writes air frames to a pcapng file (802.15.4 with FCS, link type 195), one
/// whole block per frame so the file is readable up to the last frame whenever the
/// simulator stops.
///
/// # Errors
/// The file cannot be created.
pub fn pcapng_air_sink(path: &std::path::Path) -> Result<super::air::AirSink, SimError> {
    use crate::capture::{PcapngWriter, WriteLinkType};
    let file = std::fs::File::create(path)?;
    let mut writer = PcapngWriter::new(file, WriteLinkType::WithFcs)
        .map_err(|e| SimError::Stdout(std::io::Error::other(format!("{}: {e}", path.display()))))?;
    let epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Box::new(move |frame: &super::air::AirFrame<'_>| {
        let at = epoch + frame.at;
        let ns = u64::try_from(at.as_nanos()).unwrap_or(u64::MAX);
        // The writer appends the FCS itself.
        let mac = frame
            .bytes
            .get(..frame.bytes.len().saturating_sub(2))
            .unwrap_or_default();
        let _ = writer.write_frame(ns, mac);
    }))
}

/// Why the simulator stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The pty or listener failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The state file could not be read.
    #[error(transparent)]
    State(#[from] super::state::StateError),
    /// Announcing the endpoint failed.
    #[error("cannot write to standard output: {0}")]
    Stdout(#[from] std::io::Error),
}

/// Runs an EZSP simulator until the process is stopped. `announce` receives the pty path or
/// the listening address once the host can connect.
pub fn run_ezsp(options: &SimOptions, announce: impl FnMut(&str)) -> Result<(), SimError> {
    let mut ncp = EzspNcp::open(options.protocol_version, options.state.clone())?;
    if let Some(path) = &options.capture {
        ncp.network_mut().set_air_sink(Some(pcapng_air_sink(path)?));
    }
    ncp.set_sniff_options(options.sniff);
    run_on(options, announce, &mut |transport, new_client| {
        let result = serve(transport, &mut ncp, options, new_client);
        ncp.save_now();
        result
    })
}

/// Runs a ZNP (Z-Stack MT) simulator until the process is stopped; as [`run_ezsp`].
pub fn run_znp(options: &SimOptions, announce: impl FnMut(&str)) -> Result<(), SimError> {
    let mut ncp = ZnpNcp::open(options.state.clone())?;
    if let Some(path) = &options.capture {
        ncp.network_mut().set_air_sink(Some(pcapng_air_sink(path)?));
    }
    run_on(options, announce, &mut |transport, _new_client| {
        let result = serve_mt(transport, &mut ncp, options);
        ncp.save_now();
        result
    })
}

/// Serves hosts on the endpoint: the one pty, or each TCP client in turn (`serve` gets `true`
/// for a TCP client, which a network-attached coprocessor greets as a fresh start).
pub(crate) fn run_on(
    options: &SimOptions,
    mut announce: impl FnMut(&str),
    serve: &mut dyn FnMut(Transport, bool) -> Result<(), TransportError>,
) -> Result<(), SimError> {
    match &options.endpoint {
        Endpoint::Pty => {
            #[cfg(unix)]
            {
                let (transport, path) = crate::radio::transport::PtyPair::open()?;
                announce(&path);
                serve(transport, false)?;
                Ok(())
            }
            #[cfg(not(unix))]
            {
                Err(SimError::Transport(TransportError::InvalidSpec {
                    input: "--pty".into(),
                    reason: "pseudo-terminals need a Unix system".into(),
                }))
            }
        }
        Endpoint::Listen(address) => {
            let server = crate::radio::transport::TcpServer::bind(address)?;
            announce(&server.local_addr().to_string());
            loop {
                if let Some((transport, peer)) = server.accept(None)? {
                    eprintln!("zcl-host sim: host connected from {peer}");
                    match serve(transport, true) {
                        Ok(()) | Err(TransportError::Closed { .. }) => {}
                        Err(e) => eprintln!("zcl-host sim: connection ended: {e}"),
                    }
                    eprintln!("zcl-host sim: host disconnected");
                }
            }
        }
    }
}

/// Prints the announcement as the first line of standard output.
pub fn announce_stdout(line: &str) {
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{line}");
    let _ = stdout.flush();
}

fn serve(
    transport: Transport,
    ncp: &mut EzspNcp,
    options: &SimOptions,
    announce_reset: bool,
) -> Result<(), TransportError> {
    let faults = options.faults;
    let mut link = AshDriver::new(transport, AshConfig::ncp());
    link.set_pacing(options.emulate_baud);
    if faults.corrupt > 0.0 || faults.drop > 0.0 {
        link.set_tap(Box::new(FaultInjector::new(faults)));
    }
    let mut resets = FaultInjector::new(faults);
    if announce_reset {
        ncp.reboot();
        link.replace_link(AshConfig {
            reset_code: ResetCode::POWER_ON,
            ..AshConfig::ncp()
        });
        link.reset();
    }
    loop {
        let event = link.next_event(Instant::now() + Duration::from_millis(20))?;
        match event {
            Some(LinkEvent::Data(frame)) => {
                let answers = ncp.handle_frame(&frame);
                if !resets.stall().is_zero() {
                    std::thread::sleep(resets.stall());
                }
                for answer in answers {
                    if let Err(e) = link.send(&answer) {
                        eprintln!("zcl-host sim: answer not sent: {e}");
                    }
                }
                if resets.frame_handled() {
                    eprintln!(
                        "zcl-host sim: injected NCP reset after {} frames",
                        ncp.frames_handled
                    );
                    ncp.reboot();
                    link.replace_link(AshConfig {
                        reset_code: ResetCode::POWER_ON,
                        ..AshConfig::ncp()
                    });
                    link.reset();
                }
            }
            Some(LinkEvent::ResetRequested) => ncp.reboot(),
            Some(LinkEvent::Failed(e)) => eprintln!("zcl-host sim: link failed: {e}"),
            Some(_) => {}
            None => {}
        }
        if link.ash().is_connected() {
            for callback in ncp.tick() {
                if let Err(e) = link.send(&callback) {
                    eprintln!("zcl-host sim: callback not sent: {e}");
                }
            }
        }
    }
}

/// The MT loop: frames from the host are decoded (garbage and bad frames are logged and
/// skipped, as the firmware's UART parser does), answered, and the coprocessor's AREQs sent as
/// they fall due.
fn serve_mt(
    mut transport: Transport,
    ncp: &mut ZnpNcp,
    options: &SimOptions,
) -> Result<(), TransportError> {
    let faults = options.faults;
    let mut tap = (faults.corrupt > 0.0 || faults.drop > 0.0).then(|| FaultInjector::new(faults));
    let mut resets = FaultInjector::new(faults);
    let bytes_per_second = options
        .emulate_baud
        .filter(|b| *b > 0)
        .map(|b| (b / 10).max(1));
    let mut decoder = MtDecoder::new();
    let mut buf = vec![0u8; 1024];
    let mut last_byte = Instant::now();
    // The bootloader waits for its skip byte, then starts the application, which announces
    // itself; a bootloader left alone starts the application after a minute.
    let mut in_bootloader = options.bootloader.then(|| Instant::now() + BOOTLOADER_WAIT);
    let send = |transport: &mut Transport,
                tap: &mut Option<FaultInjector>,
                frame: &MtFrame|
     -> Result<(), TransportError> {
        let mut bytes = frame.to_bytes();
        if let Some(tap) = tap.as_mut() {
            match tap.outgoing(bytes) {
                Some(b) => bytes = b,
                None => return Ok(()),
            }
        }
        if let Some(rate) = bytes_per_second {
            let micros = bytes.len() as u64 * 1_000_000 / u64::from(rate);
            std::thread::sleep(Duration::from_micros(micros));
        }
        transport.write_all(&bytes)
    };
    loop {
        let n = transport.read(&mut buf, Duration::from_millis(20))?;
        let mut items = Vec::new();
        if let Some(until) = in_bootloader {
            let skip = buf
                .get(..n)
                .is_some_and(|b| b.contains(&BOOTLOADER_SKIP_BYTE));
            if skip || Instant::now() >= until {
                in_bootloader = None;
                eprintln!("zcl-host sim: bootloader left, application starting");
                let indication = ncp.reset_indication(ResetReason::PowerUp);
                send(&mut transport, &mut tap, &indication)?;
            }
            continue;
        }
        if let Some(bytes) = buf.get_mut(..n).filter(|b| !b.is_empty()) {
            if let Some(tap) = tap.as_mut() {
                tap.incoming(bytes);
            }
            last_byte = Instant::now();
            items = decoder.feed(bytes);
        } else if decoder.buffered() > 0 && last_byte.elapsed() > PARTIAL_FRAME_TIMEOUT {
            // A frame that stopped arriving: its length byte was damaged.
            items = decoder.expire_partial();
        }
        {
            for item in items {
                let frame = match item {
                    Ok(frame) => frame,
                    Err(e) => {
                        eprintln!("zcl-host sim: MT framing error from host: {e}");
                        continue;
                    }
                };
                let answers = ncp.handle_frame(&frame);
                if !resets.stall().is_zero() {
                    std::thread::sleep(resets.stall());
                }
                for answer in &answers {
                    send(&mut transport, &mut tap, answer)?;
                }
                if resets.frame_handled() {
                    eprintln!(
                        "zcl-host sim: injected coprocessor reset after {} frames",
                        ncp.frames_handled
                    );
                    let indication = ncp.reboot(ResetReason::Watchdog);
                    decoder.reset();
                    send(&mut transport, &mut tap, &indication)?;
                }
            }
        }
        for callback in ncp.tick() {
            send(&mut transport, &mut tap, &callback)?;
        }
    }
}
