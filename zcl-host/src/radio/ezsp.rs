//! The EZSP host runtime: an [`EzspHost`] owns an ASH link over a transport, negotiates the
//! protocol version, sends one command at a time and pairs its response by sequence number and
//! frame id, and keeps callbacks apart for the caller. When the coprocessor resets (an RSTACK it
//! was not asked for, an ERROR frame) or a TCP link reconnects, it resets the link, negotiates
//! again and resends the command that was in flight, so a caller sees each answer exactly once.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use zcl_radio::ash::{AshConfig, AshError};
use zcl_radio::ezsp::commands::{command_frame, decode_response, legacy_version_frame, Command};
use zcl_radio::ezsp::frame::{CallbackType, Frame, Header, HeaderFormat};
use zcl_radio::ezsp::{commands, ProtocolVersion};

use super::ash_driver::{AshDriver, LinkEvent};
use super::transport::{Transport, TransportError};

/// The frame id of `version` (UG100 §2).
const VERSION_ID: u16 = 0x0000;
/// The frame id of the `invalidCommand` response (UG100).
const INVALID_COMMAND_ID: u16 = 0x0058;
/// The version a host asks for first, as every EZSP host does: the NCP answers with its own.
const LEGACY_DESIRED_VERSION: u8 = 4;
/// Oldest protocol version this host speaks (EmberZNet 6.7+).
pub const MIN_PROTOCOL_VERSION: u8 = 8;

/// How the host behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostOptions {
    /// ASH link settings.
    pub ash: AshConfig,
    /// How long one command may take to be answered.
    pub command_timeout: Duration,
    /// How many times a command is resent after the link was reset under it.
    pub recoveries_per_command: u32,
    /// Pace writes as a UART at this baud rate would (for pseudo-terminals and benchmarks;
    /// a real serial port paces itself).
    pub emulate_baud: Option<u32>,
}

impl Default for HostOptions {
    fn default() -> Self {
        Self {
            ash: AshConfig::host(),
            command_timeout: Duration::from_secs(8),
            recoveries_per_command: 3,
            emulate_baud: None,
        }
    }
}

/// What the `version` command told us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StackVersion {
    /// The EZSP protocol version in use.
    pub protocol_version: u8,
    /// Stack type (2: mesh stack).
    pub stack_type: u8,
    /// EmberZNet version as nibbles: 0x7440 is 7.4.4.0.
    pub stack_version: u16,
}

impl StackVersion {
    /// The stack version as `major.minor.patch.special`.
    pub fn stack_version_string(&self) -> String {
        let v = self.stack_version;
        format!(
            "{}.{}.{}.{}",
            v >> 12,
            (v >> 8) & 0xF,
            (v >> 4) & 0xF,
            v & 0xF
        )
    }
}

/// Why a command or the link failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HostError {
    /// The transport failed (port gone, TCP gave up, ...).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The ASH link failed and could not be brought back.
    #[error("{port}: ASH link failed: {source}")]
    Link {
        /// The port.
        port: String,
        /// What failed.
        source: AshError,
    },
    /// No answer in time.
    #[error("{port}: no answer to EZSP {command} within {timeout:?}")]
    Timeout {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// The time allowed.
        timeout: Duration,
    },
    /// The NCP speaks a protocol version older than this host supports.
    #[error("{port}: NCP speaks EZSP protocol version {version}; at least {MIN_PROTOCOL_VERSION} is needed (EmberZNet 6.7 or newer)")]
    UnsupportedVersion {
        /// The port.
        port: String,
        /// The NCP's version.
        version: u8,
    },
    /// The NCP did not know the command (invalidCommand response).
    #[error("{port}: NCP rejected EZSP {command} as invalid (status 0x{status:02X})")]
    InvalidCommand {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// The status it gave.
        status: u8,
    },
    /// The response did not parse.
    #[error("{port}: bad EZSP {command} response: {reason}")]
    BadResponse {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The link kept being reset under the same command.
    #[error("{port}: EZSP {command} abandoned after {recoveries} link recoveries")]
    TooManyRecoveries {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// Recoveries tried.
        recoveries: u32,
    },
}

impl HostError {
    /// Whether trying again later could succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            HostError::Transport(e) => e.is_retryable(),
            HostError::Link { source, .. } => source.is_retryable(),
            HostError::Timeout { .. } | HostError::TooManyRecoveries { .. } => true,
            _ => false,
        }
    }
}

/// A callback (or any frame that was not the answer awaited) with its frame id and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCallback {
    /// The frame id.
    pub frame_id: u16,
    /// Its parameters, to decode with `zcl_radio::ezsp`.
    pub params: Vec<u8>,
}

/// Counts of what the host did, for logs and the fault-injection figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostCounters {
    /// Commands answered.
    pub commands: u64,
    /// Link recoveries (reset + version negotiation after the first).
    pub recoveries: u64,
    /// Commands sent again after a recovery.
    pub resent: u64,
    /// Responses that matched no command in flight.
    pub stray_responses: u64,
    /// Callbacks received.
    pub callbacks: u64,
    /// Commands that went unanswered within the command timeout (then the link was reset and
    /// the command sent again).
    pub timeouts: u64,
}

/// An EZSP host on one coprocessor.
#[derive(Debug)]
pub struct EzspHost {
    link: AshDriver,
    options: HostOptions,
    version: Option<StackVersion>,
    sequence: u8,
    callbacks: VecDeque<RawCallback>,
    counters: HostCounters,
    connected_once: bool,
}

impl EzspHost {
    /// Resets the link and negotiates the protocol version on `transport`.
    pub fn connect(transport: Transport, options: HostOptions) -> Result<Self, HostError> {
        let mut link = AshDriver::new(transport, options.ash);
        link.set_pacing(options.emulate_baud);
        let mut host = Self {
            link,
            options,
            version: None,
            sequence: 0,
            callbacks: VecDeque::new(),
            counters: HostCounters::default(),
            connected_once: false,
        };
        host.recover()?;
        Ok(host)
    }

    /// The negotiated version and the stack version.
    pub fn version(&self) -> Option<StackVersion> {
        self.version
    }

    /// The negotiated protocol version (0 before negotiation).
    pub fn protocol_version(&self) -> u8 {
        self.version.map_or(0, |v| v.protocol_version)
    }

    /// The port.
    pub fn describe(&self) -> &str {
        self.link.describe()
    }

    /// What the host did.
    pub fn counters(&self) -> HostCounters {
        self.counters
    }

    /// The ASH link's counters.
    pub fn link_counters(&self) -> zcl_radio::ash::Counters {
        *self.link.ash().counters()
    }

    /// The negotiated version, or the oldest supported one before negotiation.
    pub fn negotiated(&self) -> ProtocolVersion {
        ProtocolVersion(self.protocol_version().max(MIN_PROTOCOL_VERSION))
    }

    fn port(&self) -> String {
        self.link.describe().to_owned()
    }

    /// Resets the link (RST/RSTACK) and negotiates the version, starting over if the NCP
    /// resets again meanwhile (a network-attached NCP announces its own reset when a client
    /// connects, which can cross our RST).
    fn recover(&mut self) -> Result<(), HostError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.recover_once() {
                // A reset that crossed ours, or a lost version answer: start over. An NCP that
                // never answered RST (already retried by ASH) is reported at once.
                Err(
                    HostError::Timeout { .. }
                    | HostError::Link {
                        source: AshError::NotConnected,
                        ..
                    },
                ) if attempt < 3 => continue,
                other => return other,
            }
        }
    }

    fn recover_once(&mut self) -> Result<(), HostError> {
        if self.connected_once {
            self.counters.recoveries += 1;
        }
        self.link.reset();
        let ash = self.options.ash;
        let deadline = Instant::now()
            + ash.rstack_timeout * u32::from(ash.reset_attempts.max(1))
            + Duration::from_millis(500);
        loop {
            match self.link.next_event(deadline)? {
                Some(LinkEvent::Connected { .. }) => break,
                Some(LinkEvent::Failed(source)) => {
                    return Err(HostError::Link {
                        port: self.port(),
                        source,
                    })
                }
                Some(LinkEvent::Reconnected) => self.link.reset(),
                Some(_) => {}
                None => {
                    return Err(HostError::Link {
                        port: self.port(),
                        source: AshError::ResetFailed {
                            attempts: ash.reset_attempts,
                        },
                    })
                }
            }
        }
        self.connected_once = true;
        // Legacy `version` first; the NCP answers with the version it speaks.
        let offered = self.version_exchange(LEGACY_DESIRED_VERSION, true)?;
        if offered.protocol_version < MIN_PROTOCOL_VERSION {
            return Err(HostError::UnsupportedVersion {
                port: self.port(),
                version: offered.protocol_version,
            });
        }
        let agreed = self.version_exchange(offered.protocol_version, false)?;
        self.version = Some(agreed);
        Ok(())
    }

    fn next_sequence(&mut self) -> u8 {
        let s = self.sequence;
        self.sequence = self.sequence.wrapping_add(1);
        s
    }

    fn version_exchange(&mut self, desired: u8, legacy: bool) -> Result<StackVersion, HostError> {
        let sequence = self.next_sequence();
        let (bytes, format) = if legacy {
            (
                legacy_version_frame(sequence, desired),
                HeaderFormat::Legacy,
            )
        } else {
            let command = commands::Version {
                desired_protocol_version: desired,
            };
            (
                command_frame(&command, sequence, ProtocolVersion(desired)),
                HeaderFormat::Extended,
            )
        };
        self.send_link(&bytes)?;
        let deadline = Instant::now() + self.options.command_timeout;
        loop {
            match self.link.next_event(deadline)? {
                Some(LinkEvent::Data(data)) => {
                    let Ok(frame) = Frame::parse(&data, format) else {
                        continue;
                    };
                    if frame.header.frame_id != VERSION_ID || frame.header.sequence != sequence {
                        continue;
                    }
                    return match decode_response::<commands::Version>(
                        &frame,
                        ProtocolVersion(desired),
                    ) {
                        Ok(r) => Ok(StackVersion {
                            protocol_version: r.protocol_version,
                            stack_type: r.stack_type,
                            stack_version: r.stack_version,
                        }),
                        Err(e) => Err(HostError::BadResponse {
                            port: self.port(),
                            command: "version",
                            reason: e.to_string(),
                        }),
                    };
                }
                Some(LinkEvent::Failed(source)) => {
                    return Err(HostError::Link {
                        port: self.port(),
                        source,
                    })
                }
                Some(
                    LinkEvent::NcpReset { .. }
                    | LinkEvent::NcpError { .. }
                    | LinkEvent::Reconnected,
                ) => {
                    return Err(HostError::Link {
                        port: self.port(),
                        source: AshError::NotConnected,
                    })
                }
                Some(_) => {}
                None => {
                    return Err(HostError::Timeout {
                        port: self.port(),
                        command: "version",
                        timeout: self.options.command_timeout,
                    })
                }
            }
        }
    }

    fn send_link(&mut self, bytes: &[u8]) -> Result<(), HostError> {
        self.link.send(bytes).map_err(|source| HostError::Link {
            port: self.port(),
            source,
        })?;
        self.link.flush()?;
        Ok(())
    }

    /// Sends a typed command and returns its typed response.
    pub fn request<C: Command>(&mut self, command: &C) -> Result<C::Response, HostError> {
        let v = self.negotiated();
        let params = commands::to_parameters(command, v);
        let (frame_id, response) = self.request_raw(C::ID, C::NAME, &params)?;
        let frame = Frame {
            header: Header::command(0, frame_id, v),
            parameters: response,
        };
        decode_response::<C>(&frame, v).map_err(|e| HostError::BadResponse {
            port: self.port(),
            command: C::NAME,
            reason: e.to_string(),
        })
    }

    /// Sends a command given as frame id and parameter bytes; returns the response's frame id
    /// and parameters. Callbacks that arrive meanwhile are kept for [`EzspHost::next_callback`].
    pub fn request_raw(
        &mut self,
        frame_id: u16,
        name: &'static str,
        params: &[u8],
    ) -> Result<(u16, Vec<u8>), HostError> {
        let mut recoveries = 0;
        loop {
            let timeouts_before = self.counters.timeouts;
            match self.try_request(frame_id, name, params)? {
                Some(answer) => {
                    self.counters.commands += 1;
                    return Ok(answer);
                }
                None => {
                    // The link was reset under the command: bring it back and send it again.
                    recoveries += 1;
                    if recoveries > self.options.recoveries_per_command {
                        // Say what happened last: no answer in time, or the link reset again.
                        return Err(if self.counters.timeouts > timeouts_before {
                            HostError::Timeout {
                                port: self.port(),
                                command: name,
                                timeout: self.options.command_timeout,
                            }
                        } else {
                            HostError::TooManyRecoveries {
                                port: self.port(),
                                command: name,
                                recoveries: recoveries - 1,
                            }
                        });
                    }
                    self.recover()?;
                    self.counters.resent += 1;
                }
            }
        }
    }

    /// One attempt: `Ok(None)` when the link was reset and the command must be sent again.
    fn try_request(
        &mut self,
        frame_id: u16,
        name: &'static str,
        params: &[u8],
    ) -> Result<Option<(u16, Vec<u8>)>, HostError> {
        if !self.link.ash().is_connected() {
            return Ok(None);
        }
        let sequence = self.next_sequence();
        let v = self.negotiated();
        let bytes = Frame {
            header: Header::command(sequence, frame_id, v),
            parameters: params.to_vec(),
        }
        .to_bytes();
        match self.link.send(&bytes) {
            Ok(()) => {}
            Err(AshError::NotConnected) => return Ok(None),
            Err(source) => {
                return Err(HostError::Link {
                    port: self.port(),
                    source,
                })
            }
        }
        let deadline = Instant::now() + self.options.command_timeout;
        loop {
            match self.link.next_event(deadline)? {
                Some(LinkEvent::Data(data)) => {
                    let Ok(Frame {
                        header,
                        parameters: rest,
                    }) = Frame::parse(&data, HeaderFormat::Extended)
                    else {
                        continue;
                    };
                    if is_callback(&header) {
                        self.counters.callbacks += 1;
                        self.callbacks.push_back(RawCallback {
                            frame_id: header.frame_id,
                            params: rest,
                        });
                        continue;
                    }
                    if header.sequence != sequence {
                        self.counters.stray_responses += 1;
                        continue;
                    }
                    if header.frame_id == INVALID_COMMAND_ID && frame_id != INVALID_COMMAND_ID {
                        return Err(HostError::InvalidCommand {
                            port: self.port(),
                            command: name,
                            status: rest.first().copied().unwrap_or(0),
                        });
                    }
                    if header.frame_id != frame_id {
                        self.counters.stray_responses += 1;
                        continue;
                    }
                    return Ok(Some((header.frame_id, rest)));
                }
                Some(
                    LinkEvent::NcpReset { .. }
                    | LinkEvent::NcpError { .. }
                    | LinkEvent::Reconnected
                    | LinkEvent::Failed(_),
                ) => return Ok(None),
                Some(_) => {}
                None => {
                    self.counters.timeouts += 1;
                    return Ok(None);
                }
            }
        }
    }

    /// The next callback, waiting up to `timeout` for one.
    pub fn next_callback(&mut self, timeout: Duration) -> Result<Option<RawCallback>, HostError> {
        if let Some(cb) = self.callbacks.pop_front() {
            return Ok(Some(cb));
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.link.next_event(deadline)? {
                Some(LinkEvent::Data(data)) => {
                    let Ok(Frame {
                        header,
                        parameters: rest,
                    }) = Frame::parse(&data, HeaderFormat::Extended)
                    else {
                        continue;
                    };
                    if is_callback(&header) {
                        self.counters.callbacks += 1;
                        return Ok(Some(RawCallback {
                            frame_id: header.frame_id,
                            params: rest,
                        }));
                    }
                    self.counters.stray_responses += 1;
                }
                Some(
                    LinkEvent::NcpReset { .. }
                    | LinkEvent::NcpError { .. }
                    | LinkEvent::Reconnected,
                ) => {
                    self.recover()?;
                }
                Some(LinkEvent::Failed(_)) => self.recover()?,
                Some(_) => {}
                None => return Ok(None),
            }
        }
    }
}

/// Callbacks are the NCP's frames that are not responses, or responses marked as callbacks.
fn is_callback(header: &Header) -> bool {
    !header.control.is_response() || header.control.callback_type() != CallbackType::None
}
