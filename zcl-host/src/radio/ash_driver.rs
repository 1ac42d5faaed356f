//! Runs a sans-IO [`Ash`] link over a [`Transport`]: writes what the link wants sent, feeds it
//! what arrives, fires its timers, and hands the caller one [`LinkEvent`] at a time. The same
//! loop serves our host (role host) and the simulated coprocessor (role NCP).

use std::time::{Duration, Instant};

use zcl_radio::ash::{Ash, AshConfig, AshError, AshEvent, ResetCode};

use super::transport::{Transport, TransportError};

/// Something between the link and the wire that may alter traffic: the simulator's fault
/// injection. Our host never installs one.
pub trait WireTap: Send {
    /// One whole frame about to be written: the bytes to write instead, or `None` to lose it.
    fn outgoing(&mut self, frame: Vec<u8>) -> Option<Vec<u8>>;
    /// Bytes just read, which may be altered in place.
    fn incoming(&mut self, bytes: &mut [u8]);
}

/// What the link reports to the layer above.
#[derive(Debug)]
#[non_exhaustive]
pub enum LinkEvent {
    /// An upper-layer frame (an EZSP frame) arrived, once and in order.
    Data(Vec<u8>),
    /// The reset handshake finished (host: RSTACK received; NCP: RST answered).
    Connected {
        /// The reset reason the NCP gave.
        code: ResetCode,
    },
    /// NCP role: the host asked for a reset (RST); the layer above must drop its state.
    ResetRequested,
    /// Host role: the NCP reset by itself (an unsolicited RSTACK) and lost its state.
    NcpReset {
        /// The reset reason.
        code: ResetCode,
    },
    /// Host role: the NCP reported a fatal link error (ERROR frame).
    NcpError {
        /// The error code.
        code: ResetCode,
    },
    /// The TCP connection dropped and was re-established; the link must be reset.
    Reconnected,
    /// The link failed (reset never answered, too many ack timeouts, ...).
    Failed(AshError),
}

/// An [`Ash`] link driven over a [`Transport`].
pub struct AshDriver {
    transport: Transport,
    ash: Ash,
    tap: Option<Box<dyn WireTap>>,
    buf: Vec<u8>,
    /// Bytes per second to pace writes at, as a UART would (pseudo-terminals do not).
    pace: Option<u32>,
}

impl std::fmt::Debug for AshDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AshDriver")
            .field("transport", &self.transport.describe())
            .field("connected", &self.ash.is_connected())
            .finish_non_exhaustive()
    }
}

impl AshDriver {
    /// A link with `config` over `transport`; nothing is sent until [`AshDriver::reset`] or
    /// the peer starts.
    pub fn new(transport: Transport, config: AshConfig) -> Self {
        Self {
            transport,
            ash: Ash::new(config),
            tap: None,
            buf: vec![0; 1024],
            pace: None,
        }
    }

    /// Installs a [`WireTap`] (fault injection) between the link and the wire.
    pub fn set_tap(&mut self, tap: Box<dyn WireTap>) {
        self.tap = Some(tap);
    }

    /// Paces writes as a UART at `baud` (8N1: 10 bits a byte) would, for pseudo-terminals and
    /// TCP, which carry bytes at memory speed; `None` writes at once.
    pub fn set_pacing(&mut self, baud: Option<u32>) {
        self.pace = baud.filter(|b| *b > 0).map(|b| (b / 10).max(1));
    }

    /// Host: starts the reset procedure (CANCEL, RST, wait for RSTACK). NCP: announces a reset
    /// of its own (RSTACK).
    pub fn reset(&mut self) {
        self.ash.start_reset(Instant::now());
    }

    /// Replaces the link state with a fresh one (an NCP that "reboots" loses its link state).
    pub fn replace_link(&mut self, config: AshConfig) {
        self.ash = Ash::new(config);
    }

    /// Queues an upper-layer frame.
    pub fn send(&mut self, data: &[u8]) -> Result<(), AshError> {
        self.ash.send(data)
    }

    /// The link state machine (counters, ack timeout, ...).
    pub fn ash(&self) -> &Ash {
        &self.ash
    }

    /// The transport's description (port path or `socket://` address).
    pub fn describe(&self) -> &str {
        self.transport.describe()
    }

    /// Writes everything the link has to send now.
    pub fn flush(&mut self) -> Result<(), TransportError> {
        let now = Instant::now();
        while let Some(frame) = self.ash.poll_transmit(now) {
            let frame = match self.tap.as_mut() {
                Some(tap) => match tap.outgoing(frame) {
                    Some(frame) => frame,
                    None => continue,
                },
                None => frame,
            };
            if let Some(bytes_per_second) = self.pace {
                let micros = frame.len() as u64 * 1_000_000 / u64::from(bytes_per_second);
                std::thread::sleep(Duration::from_micros(micros));
            }
            self.transport.write_all(&frame)?;
        }
        Ok(())
    }

    /// Runs the link until it has an event or `deadline` passes (`Ok(None)`).
    pub fn next_event(&mut self, deadline: Instant) -> Result<Option<LinkEvent>, TransportError> {
        loop {
            if let Some(event) = self.ash.poll_event() {
                return Ok(Some(match event {
                    AshEvent::Data(data) => LinkEvent::Data(data),
                    AshEvent::Connected { code, .. } => LinkEvent::Connected { code },
                    AshEvent::ResetRequested => LinkEvent::ResetRequested,
                    AshEvent::NcpReset { code } => LinkEvent::NcpReset { code },
                    AshEvent::NcpError { code } => LinkEvent::NcpError { code },
                    AshEvent::Failed(error) => LinkEvent::Failed(error),
                }));
            }
            self.flush()?;
            let now = Instant::now();
            if let Some(timer) = self.ash.poll_timeout() {
                if timer <= now {
                    self.ash.handle_timeout(now);
                    continue;
                }
            }
            if now >= deadline {
                return Ok(None);
            }
            let until = self
                .ash
                .poll_timeout()
                .map_or(deadline, |t| t.min(deadline));
            // Never block for long, so a caller's deadline and the link's timers stay accurate.
            let wait = until
                .saturating_duration_since(now)
                .clamp(Duration::from_millis(1), Duration::from_millis(200));
            let n = match self.transport.read(&mut self.buf, wait) {
                Ok(n) => n,
                Err(TransportError::Reconnected { .. }) => return Ok(Some(LinkEvent::Reconnected)),
                Err(e) => return Err(e),
            };
            if n > 0 {
                let bytes = match self.buf.get_mut(..n) {
                    Some(bytes) => bytes,
                    None => continue,
                };
                if let Some(tap) = self.tap.as_mut() {
                    tap.incoming(bytes);
                }
                self.ash.feed(bytes, Instant::now());
            }
        }
    }
}
