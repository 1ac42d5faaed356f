//! The ASH link state machine (UG101 §5-§6), sans-IO, for the host and the NCP role.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::frame::{Decoder, Frame, FrameError, ResetCode, ASH_VERSION, CANCEL, MAX_DATA};

/// Which end of the link this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The host: starts the link with RST and waits for RSTACK.
    Host,
    /// The network coprocessor: answers RST with RSTACK.
    Ncp,
}

/// Link parameters (UG101 §5 and Table 4 for the defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AshConfig {
    /// Which end this is.
    pub role: Role,
    /// Largest number of DATA frames sent and not yet acknowledged (1-7, TX_K).
    pub window: u8,
    /// Ack timeout before any ack time has been measured (T_RX_ACK_INIT).
    pub ack_timeout_initial: Duration,
    /// Lower bound of the adaptive ack timeout (T_RX_ACK_MIN).
    pub ack_timeout_min: Duration,
    /// Upper bound of the adaptive ack timeout (T_RX_ACK_MAX).
    pub ack_timeout_max: Duration,
    /// Consecutive ack timeouts after which the link fails (ACK_TIMEOUTS).
    pub max_ack_timeouts: u8,
    /// Host: how long to wait for RSTACK after RST (T_RSTACK_MAX).
    pub rstack_timeout: Duration,
    /// Host: RST attempts before the reset fails.
    pub reset_attempts: u8,
    /// NCP: the reset reason RSTACK reports.
    pub reset_code: ResetCode,
}

impl AshConfig {
    /// Defaults for a host: window 1 (what EZSP needs, one command in flight), ack timeout
    /// 1.6 s adapting within 0.4-3.2 s, 4 ack timeouts, RSTACK within 3.2 s, 3 reset attempts.
    pub fn host() -> Self {
        Self {
            role: Role::Host,
            window: 1,
            ack_timeout_initial: Duration::from_millis(1600),
            ack_timeout_min: Duration::from_millis(400),
            ack_timeout_max: Duration::from_millis(3200),
            max_ack_timeouts: 4,
            rstack_timeout: Duration::from_millis(3200),
            reset_attempts: 3,
            reset_code: ResetCode::SOFTWARE,
        }
    }

    /// Defaults for an NCP: as [`AshConfig::host`], window 3 for callbacks, answering RST with
    /// a software reset.
    pub fn ncp() -> Self {
        Self {
            role: Role::Ncp,
            window: 3,
            ..Self::host()
        }
    }
}

/// Why the link failed or refused a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AshError {
    /// The NCP never answered RST with RSTACK.
    #[error("no RSTACK from the NCP after {attempts} reset attempts")]
    ResetFailed {
        /// RST frames sent.
        attempts: u8,
    },
    /// The NCP answered with an ASH version other than 2.
    #[error("NCP speaks ASH version {0}, expected 2")]
    UnsupportedVersion(u8),
    /// Too many consecutive ack timeouts ("exceeded maximum ack timeout count").
    #[error("exceeded maximum ack timeout count ({0} consecutive ack timeouts)")]
    AckTimeouts(u8),
    /// A frame to send is empty or longer than a DATA frame can carry.
    #[error("cannot send {length} bytes in an ASH DATA frame (1-{max})")]
    BadLength {
        /// Bytes given.
        length: usize,
        /// The largest DATA field.
        max: usize,
    },
    /// Data was offered before the link is up.
    #[error("ASH link is not connected")]
    NotConnected,
}

impl AshError {
    /// Whether resetting the link and trying again makes sense.
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self,
            AshError::UnsupportedVersion(_) | AshError::BadLength { .. }
        )
    }
}

/// What the link reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AshEvent {
    /// An upper-layer frame arrived (each exactly once, in order).
    Data(Vec<u8>),
    /// The link is up: the host got RSTACK, or the NCP announced its own reset.
    Connected {
        /// The NCP's reset reason.
        code: ResetCode,
        /// ASH version.
        version: u8,
    },
    /// NCP role: the host sent RST; the link restarted and RSTACK was queued.
    ResetRequested,
    /// Host role: the NCP reset without being asked (RSTACK while connected).
    NcpReset {
        /// Why it reset.
        code: ResetCode,
    },
    /// Host role: the NCP sent ERROR and stopped.
    NcpError {
        /// The error code.
        code: ResetCode,
    },
    /// The link failed.
    Failed(AshError),
}

/// What happened on the link, for logs and figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Bytes handed to the wire.
    pub bytes_sent: u64,
    /// Bytes fed from the wire.
    pub bytes_received: u64,
    /// Frames of every type sent.
    pub frames_sent: u64,
    /// Valid frames of every type received.
    pub frames_received: u64,
    /// DATA frames sent for the first time.
    pub data_sent: u64,
    /// DATA frames delivered to the layer above.
    pub data_delivered: u64,
    /// DATA frames sent again.
    pub retransmissions: u64,
    /// ACK frames sent.
    pub acks_sent: u64,
    /// NAK frames sent.
    pub naks_sent: u64,
    /// NAK frames received.
    pub naks_received: u64,
    /// Frames with a bad CRC.
    pub crc_errors: u64,
    /// Other framing errors (too short/long, substituted, unknown control, bad length).
    pub framing_errors: u64,
    /// DATA frames out of sequence.
    pub out_of_sequence: u64,
    /// DATA frames received again (acknowledged, not delivered).
    pub duplicates: u64,
    /// Ack timer expiries.
    pub ack_timeouts: u64,
    /// Resets (RST sent or received, RSTACK received unasked).
    pub resets: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Nothing exchanged yet, or the link went down.
    Down,
    /// Host: RST sent, waiting for RSTACK.
    Resetting { attempt: u8, deadline: Instant },
    /// DATA flows.
    Connected,
}

#[derive(Debug, Clone)]
struct Unacked {
    frm_num: u8,
    payload: Vec<u8>,
    sent_at: Instant,
    retransmitted: bool,
}

/// An ASH link endpoint: feed it bytes and time, take bytes to write and events.
#[derive(Debug, Clone)]
pub struct Ash {
    config: AshConfig,
    state: State,
    decoder: Decoder,
    /// Upper-layer frames waiting for room in the window.
    queue: VecDeque<Vec<u8>>,
    /// Frames sent and not yet acknowledged, oldest first.
    unacked: VecDeque<Unacked>,
    /// Number of the next new DATA frame.
    tx_next: u8,
    /// Number of the next DATA frame expected (our ackNum).
    rx_next: u8,
    /// Frames before `rx_next` must be (re)acknowledged.
    ack_pending: bool,
    /// Reject condition: a NAK went out; DATA is dropped until the expected frame arrives.
    rejecting: bool,
    /// The peer said nRdy.
    peer_not_ready: bool,
    /// Send everything unacked again, with reTx set.
    retransmit_all: bool,
    ack_timeout: Duration,
    ack_deadline: Option<Instant>,
    consecutive_timeouts: u8,
    out: VecDeque<Vec<u8>>,
    events: VecDeque<AshEvent>,
    counters: Counters,
}

fn sub8(a: u8, b: u8) -> u8 {
    a.wrapping_sub(b) & 7
}

impl Ash {
    /// A link that is down until [`Ash::start_reset`] (host) or a RST (NCP).
    pub fn new(config: AshConfig) -> Self {
        let window = config.window.clamp(1, 7);
        Self {
            config: AshConfig { window, ..config },
            state: State::Down,
            decoder: Decoder::new(),
            queue: VecDeque::new(),
            unacked: VecDeque::new(),
            tx_next: 0,
            rx_next: 0,
            ack_pending: false,
            rejecting: false,
            peer_not_ready: false,
            retransmit_all: false,
            ack_timeout: config.ack_timeout_initial,
            ack_deadline: None,
            consecutive_timeouts: 0,
            out: VecDeque::new(),
            events: VecDeque::new(),
            counters: Counters::default(),
        }
    }

    /// The configuration (window clamped to 1-7).
    pub fn config(&self) -> &AshConfig {
        &self.config
    }

    /// Whether DATA can flow.
    pub fn is_connected(&self) -> bool {
        self.state == State::Connected
    }

    /// Counters since creation.
    pub fn counters(&self) -> &Counters {
        &self.counters
    }

    /// The current (adaptive) ack timeout.
    pub fn ack_timeout(&self) -> Duration {
        self.ack_timeout
    }

    /// Upper-layer frames queued or sent and not yet acknowledged.
    pub fn pending(&self) -> usize {
        self.queue.len() + self.unacked.len()
    }

    fn restart_link(&mut self) {
        self.queue.clear();
        self.unacked.clear();
        self.tx_next = 0;
        self.rx_next = 0;
        self.ack_pending = false;
        self.rejecting = false;
        self.peer_not_ready = false;
        self.retransmit_all = false;
        self.ack_deadline = None;
        self.consecutive_timeouts = 0;
        self.ack_timeout = self.config.ack_timeout_initial;
        self.out.clear();
    }

    fn push_frame(&mut self, frame: &Frame) {
        let bytes = frame.emit();
        self.counters.frames_sent += 1;
        self.counters.bytes_sent += bytes.len() as u64;
        self.out.push_back(bytes);
    }

    /// Host: (re)starts the link with CANCEL and RST and waits for RSTACK, dropping whatever
    /// was queued. NCP: restarts its link and announces the reset with RSTACK
    /// (`config.reset_code`), as a coprocessor does after it boots.
    pub fn start_reset(&mut self, now: Instant) {
        self.restart_link();
        self.counters.resets += 1;
        match self.config.role {
            Role::Host => {
                self.send_rst();
                self.state = State::Resetting {
                    attempt: 1,
                    deadline: now + self.config.rstack_timeout,
                };
            }
            Role::Ncp => {
                let code = self.config.reset_code;
                self.push_frame(&Frame::RstAck {
                    version: ASH_VERSION,
                    code,
                });
                self.state = State::Connected;
            }
        }
    }

    fn send_rst(&mut self) {
        // CANCEL first so the NCP drops any partial frame it holds.
        self.counters.bytes_sent += 1;
        self.out.push_back(vec![CANCEL]);
        self.push_frame(&Frame::Rst);
    }

    /// NCP role: reports a fatal error (ERROR frame) and takes the link down until the host
    /// resets it.
    pub fn send_error(&mut self, code: ResetCode) {
        self.restart_link();
        self.push_frame(&Frame::Error {
            version: ASH_VERSION,
            code,
        });
        self.state = State::Down;
    }

    /// Queues an upper-layer frame; it goes out when the window has room.
    pub fn send(&mut self, data: &[u8]) -> Result<(), AshError> {
        if data.is_empty() || data.len() > MAX_DATA {
            return Err(AshError::BadLength {
                length: data.len(),
                max: MAX_DATA,
            });
        }
        if self.state != State::Connected {
            return Err(AshError::NotConnected);
        }
        self.queue.push_back(data.to_vec());
        Ok(())
    }

    /// Feeds bytes read from the wire, in any chunking.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) {
        self.counters.bytes_received += bytes.len() as u64;
        for result in self.decoder.feed(bytes) {
            match result {
                Ok(frame) => {
                    self.counters.frames_received += 1;
                    self.on_frame(frame, now);
                }
                Err(error) => self.on_bad_frame(error),
            }
        }
    }

    fn on_bad_frame(&mut self, error: FrameError) {
        match error {
            FrameError::BadCrc { .. } => self.counters.crc_errors += 1,
            _ => self.counters.framing_errors += 1,
        }
        // A damaged frame may have been DATA: ask for it again, once per reject condition.
        if self.state == State::Connected && !self.rejecting {
            self.rejecting = true;
            self.send_nak();
        }
    }

    fn send_nak(&mut self) {
        self.counters.naks_sent += 1;
        let frame = Frame::Nak {
            ack_num: self.rx_next,
            n_rdy: false,
            reserved: false,
        };
        self.push_frame(&frame);
        self.ack_pending = false;
    }

    fn on_frame(&mut self, frame: Frame, now: Instant) {
        match frame {
            Frame::Rst => {
                if self.config.role == Role::Ncp {
                    self.restart_link();
                    self.counters.resets += 1;
                    let code = self.config.reset_code;
                    self.push_frame(&Frame::RstAck {
                        version: ASH_VERSION,
                        code,
                    });
                    self.state = State::Connected;
                    self.events.push_back(AshEvent::ResetRequested);
                }
            }
            Frame::RstAck { version, code } => {
                if self.config.role != Role::Host {
                    return;
                }
                match self.state {
                    State::Resetting { .. } => {
                        if version != ASH_VERSION {
                            self.state = State::Down;
                            self.events
                                .push_back(AshEvent::Failed(AshError::UnsupportedVersion(version)));
                        } else {
                            self.restart_link();
                            self.state = State::Connected;
                            self.events.push_back(AshEvent::Connected { code, version });
                        }
                    }
                    State::Connected => {
                        self.counters.resets += 1;
                        self.restart_link();
                        self.state = State::Down;
                        self.events.push_back(AshEvent::NcpReset { code });
                    }
                    State::Down => {}
                }
            }
            Frame::Error { code, .. } => {
                if self.config.role == Role::Host && self.state == State::Connected {
                    self.restart_link();
                    self.state = State::Down;
                    self.events.push_back(AshEvent::NcpError { code });
                }
            }
            Frame::Ack { ack_num, n_rdy, .. } => {
                if self.state == State::Connected {
                    self.peer_not_ready = n_rdy;
                    self.on_ack_num(ack_num, now);
                }
            }
            Frame::Nak { ack_num, n_rdy, .. } => {
                if self.state == State::Connected {
                    self.counters.naks_received += 1;
                    self.peer_not_ready = n_rdy;
                    self.on_ack_num(ack_num, now);
                    if !self.unacked.is_empty() {
                        self.retransmit_all = true;
                    }
                }
            }
            Frame::Data {
                frm_num,
                re_tx,
                ack_num,
                payload,
            } => {
                if self.state != State::Connected {
                    return;
                }
                self.on_ack_num(ack_num, now);
                if frm_num == self.rx_next {
                    self.rx_next = (self.rx_next + 1) & 7;
                    self.rejecting = false;
                    self.ack_pending = true;
                    self.counters.data_delivered += 1;
                    self.events.push_back(AshEvent::Data(payload));
                } else if re_tx && !self.rejecting {
                    // A retransmission of a frame already delivered: its ack was lost.
                    self.counters.duplicates += 1;
                    self.ack_pending = true;
                } else {
                    self.counters.out_of_sequence += 1;
                    if !self.rejecting {
                        self.rejecting = true;
                        self.send_nak();
                    }
                }
            }
        }
    }

    /// The peer expects `ack_num` next: every unacked frame before it is acknowledged.
    fn on_ack_num(&mut self, ack_num: u8, now: Instant) {
        let Some(oldest) = self.unacked.front() else {
            return;
        };
        let acked = usize::from(sub8(ack_num, oldest.frm_num));
        if acked == 0 || acked > self.unacked.len() {
            return;
        }
        for _ in 0..acked {
            if let Some(frame) = self.unacked.pop_front() {
                if !frame.retransmitted {
                    self.adapt_ack_timeout(now.saturating_duration_since(frame.sent_at));
                }
            }
        }
        self.consecutive_timeouts = 0;
        self.ack_deadline = if self.unacked.is_empty() {
            None
        } else {
            Some(now + self.ack_timeout)
        };
        if self.unacked.is_empty() {
            self.retransmit_all = false;
        }
    }

    /// UG101 §5.3: T = 7/8 T + 1/2 measured, kept within the bounds.
    fn adapt_ack_timeout(&mut self, measured: Duration) {
        let smoothed = self.ack_timeout * 7 / 8 + measured / 2;
        self.ack_timeout = smoothed.clamp(self.config.ack_timeout_min, self.config.ack_timeout_max);
    }

    /// When [`Ash::handle_timeout`] must be called next, if a timer runs.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let reset = match self.state {
            State::Resetting { deadline, .. } => Some(deadline),
            _ => None,
        };
        match (reset, self.ack_deadline) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Fires the timers that are due at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let State::Resetting { attempt, deadline } = self.state {
            if now >= deadline {
                if attempt >= self.config.reset_attempts {
                    self.state = State::Down;
                    self.events
                        .push_back(AshEvent::Failed(AshError::ResetFailed {
                            attempts: attempt,
                        }));
                } else {
                    self.send_rst();
                    self.state = State::Resetting {
                        attempt: attempt + 1,
                        deadline: now + self.config.rstack_timeout,
                    };
                }
            }
        }
        if let Some(deadline) = self.ack_deadline {
            if now >= deadline && self.state == State::Connected {
                self.counters.ack_timeouts += 1;
                self.consecutive_timeouts += 1;
                if self.consecutive_timeouts >= self.config.max_ack_timeouts {
                    let count = self.consecutive_timeouts;
                    match self.config.role {
                        Role::Host => {
                            self.restart_link();
                            self.state = State::Down;
                            self.events
                                .push_back(AshEvent::Failed(AshError::AckTimeouts(count)));
                        }
                        Role::Ncp => self.send_error(ResetCode::EXCEEDED_MAXIMUM_ACK_TIMEOUT_COUNT),
                    }
                    return;
                }
                self.ack_timeout = (self.ack_timeout * 2).min(self.config.ack_timeout_max);
                self.retransmit_all = true;
                self.ack_deadline = Some(now + self.ack_timeout);
            }
        }
    }

    /// The next bytes to write to the wire, if any (one frame at a time).
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        if let Some(bytes) = self.out.pop_front() {
            return Some(bytes);
        }
        if self.state != State::Connected {
            return None;
        }
        if self.retransmit_all {
            self.retransmit_all = false;
            let frames: Vec<(u8, Vec<u8>)> = self
                .unacked
                .iter()
                .map(|f| (f.frm_num, f.payload.clone()))
                .collect();
            for frame in self.unacked.iter_mut() {
                frame.retransmitted = true;
            }
            for (frm_num, payload) in frames {
                self.counters.retransmissions += 1;
                let frame = Frame::Data {
                    frm_num,
                    re_tx: true,
                    ack_num: self.rx_next,
                    payload,
                };
                self.push_frame(&frame);
            }
            self.ack_pending = false;
            if self.ack_deadline.is_none() && !self.unacked.is_empty() {
                self.ack_deadline = Some(now + self.ack_timeout);
            }
            return self.out.pop_front();
        }
        let window_open = self.unacked.len() < usize::from(self.config.window);
        if window_open && !self.peer_not_ready {
            if let Some(payload) = self.queue.pop_front() {
                let frm_num = self.tx_next;
                self.tx_next = (self.tx_next + 1) & 7;
                self.counters.data_sent += 1;
                let frame = Frame::Data {
                    frm_num,
                    re_tx: false,
                    ack_num: self.rx_next,
                    payload: payload.clone(),
                };
                self.push_frame(&frame);
                self.unacked.push_back(Unacked {
                    frm_num,
                    payload,
                    sent_at: now,
                    retransmitted: false,
                });
                self.ack_pending = false;
                if self.ack_deadline.is_none() {
                    self.ack_deadline = Some(now + self.ack_timeout);
                }
                return self.out.pop_front();
            }
        }
        if self.ack_pending {
            self.ack_pending = false;
            self.counters.acks_sent += 1;
            self.push_frame(&Frame::Ack {
                ack_num: self.rx_next,
                n_rdy: false,
                reserved: false,
            });
            return self.out.pop_front();
        }
        None
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<AshEvent> {
        self.events.pop_front()
    }
}
