//! Serving a simulated coprocessor to a host over a pseudo-terminal or TCP: the I/O loop around
//! [`EzspNcp`] and its ASH link, with fault injection.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use zcl_radio::ash::{AshConfig, ResetCode};

use super::ezsp::EzspNcp;
use super::faults::{FaultConfig, FaultInjector};
use crate::radio::ash_driver::{AshDriver, LinkEvent};
use crate::radio::transport::{Transport, TransportError};

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
pub fn run_ezsp(options: &SimOptions, mut announce: impl FnMut(&str)) -> Result<(), SimError> {
    let mut ncp = EzspNcp::open(options.protocol_version, options.state.clone())?;
    match &options.endpoint {
        Endpoint::Pty => {
            #[cfg(unix)]
            {
                let (transport, path) = crate::radio::transport::PtyPair::open()?;
                announce(&path);
                serve(transport, &mut ncp, options, false)?;
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
                    // A network-attached coordinator announces its (re)start to a new client.
                    match serve(transport, &mut ncp, options, true) {
                        Ok(()) | Err(TransportError::Closed { .. }) => {}
                        Err(e) => eprintln!("zcl-host sim: connection ended: {e}"),
                    }
                    eprintln!("zcl-host sim: host disconnected");
                    ncp.save_now();
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
