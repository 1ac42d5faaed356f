//! The host side of Z-Stack MT over a [`Transport`]: connects to a ZNP coprocessor the way real
//! sticks need (bootloader skip, ping), learns what it runs (capabilities, release, struct
//! layout), and sends one SREQ at a time, paired with its SRSP by the sans-IO
//! [`RequestTracker`]. AREQs are queued for [`ZnpHost::next_callback`].
//!
//! MT has no sequence numbers and no retransmission: a request whose SREQ or SRSP is damaged on
//! the wire fails with [`ZnpError::Timeout`], never with another request's answer. A
//! `SYS_RESET_IND` while a request is outstanding means the coprocessor restarted and lost it;
//! the request is sent again once, as the coprocessor is ready the moment it announces itself.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use zcl_radio::mt::commands::{sys, util, Callback, Command, Request};
use zcl_radio::mt::frame::{Frame, Header};
use zcl_radio::mt::nv::{ExNvId, OsalNvId, StructAlignment};
use zcl_radio::mt::tracker::{Event, RequestError, RequestTracker, TrackerError};
use zcl_radio::mt::types::{MtCapabilities, NvSysId, ResetType, RpcErrorCode, Status};
use zcl_radio::mt::version::ZStackRelease;
use zcl_radio::mt::wire::{LongBytes, ShortBytes};
use zcl_radio::mt::DecodeError;

use super::transport::{Transport, TransportError};

/// The byte that makes a CC253x serial bootloader run the application at once.
pub const BOOTLOADER_SKIP_BYTE: u8 = 0xEF;
/// How many skip bytes are sent: enough to get through a UART left at another baud rate.
const BOOTLOADER_SKIP_COUNT: usize = 256;
/// How long the first ping may take before the bootloader skip bytes are tried.
const FIRST_PING_TIMEOUT: Duration = Duration::from_millis(500);
/// How long the line may go quiet inside a frame before the frame is given up (a 250-byte
/// frame takes 22 ms at 115200 baud; UART bytes of one frame arrive back to back).
pub const PARTIAL_FRAME_TIMEOUT: Duration = Duration::from_millis(50);
/// How long an answer may still come after the coprocessor announced a restart.
const RESET_GRACE: Duration = Duration::from_millis(300);
/// Longest value one NV read returns (an MT frame holds 250 payload bytes).
const NV_READ_CHUNK: u8 = 244;

/// How the host behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZnpOptions {
    /// How long an SREQ may wait for its SRSP.
    pub request_timeout: Duration,
    /// How long connecting (bootloader skip and ping) may take in all.
    pub connect_timeout: Duration,
    /// Toggle DTR/RTS and send the bootloader skip bytes when the first ping is not answered.
    pub skip_bootloader: bool,
    /// How often a request is sent again after the coprocessor reset under it.
    pub resends_after_reset: u32,
    /// How often a request that timed out is sent again (MT has no retransmission of its
    /// own: a damaged SREQ or SRSP is simply lost). 0 reports the first timeout.
    pub retries_on_timeout: u32,
    /// Pace writes as a UART at this baud rate would (for pseudo-terminals and benchmarks; a
    /// real serial port paces itself).
    pub emulate_baud: Option<u32>,
}

impl Default for ZnpOptions {
    fn default() -> Self {
        Self {
            request_timeout: Duration::from_secs(3),
            connect_timeout: Duration::from_secs(10),
            skip_bootloader: true,
            resends_after_reset: 1,
            retries_on_timeout: 2,
            emulate_baud: None,
        }
    }
}

/// Why a request or the connection failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ZnpError {
    /// The transport failed.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// No SRSP in time.
    #[error("{port}: {command} was not answered within {timeout:?}")]
    Timeout {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// The time allowed.
        timeout: Duration,
    },
    /// The coprocessor refused the command with an RPC error.
    #[error("{port}: the coprocessor refused {command} ({code:?})")]
    Rpc {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// The RPC error code.
        code: RpcErrorCode,
    },
    /// The SRSP did not parse.
    #[error("{port}: the answer to {command} does not parse: {source}")]
    Decode {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// What was wrong.
        source: DecodeError,
    },
    /// The coprocessor reset again and again while the command was outstanding.
    #[error("{port}: the coprocessor kept resetting while {command} was outstanding")]
    Resets {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
    },
    /// Nothing answered the ping, even after the bootloader skip.
    #[error(
        "{port}: no Z-Stack coprocessor answered SYS_PING within {waited:?} (is it a ZNP \
         firmware, at this baud rate, and not in its bootloader?)"
    )]
    NoAnswer {
        /// The port.
        port: String,
        /// How long we tried.
        waited: Duration,
    },
    /// A request could not be encoded or started (a bug of the caller).
    #[error("{port}: {source}")]
    Request {
        /// The port.
        port: String,
        /// What was wrong.
        source: TrackerError,
    },
    /// An NV item the caller needs does not exist.
    #[error("{port}: NV item {item} does not exist")]
    NvMissing {
        /// The port.
        port: String,
        /// Which item.
        item: String,
    },
    /// An NV item exists with another length and was not to be recreated.
    #[error("{port}: NV item {item} holds {stored} bytes, not {given}")]
    NvLength {
        /// The port.
        port: String,
        /// Which item.
        item: String,
        /// Its length on the coprocessor.
        stored: usize,
        /// The length given.
        given: usize,
    },
    /// An NV operation failed with a status.
    #[error("{port}: {command} failed with status {status:?}")]
    Status {
        /// The port.
        port: String,
        /// The command's name.
        command: &'static str,
        /// The status.
        status: Status,
    },
}

/// What the host counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ZnpCounters {
    /// SREQs sent (resends included).
    pub requests: u64,
    /// SREQs answered.
    pub answered: u64,
    /// SREQs that timed out.
    pub timeouts: u64,
    /// SREQs refused with an RPC error.
    pub rpc_errors: u64,
    /// Requests sent again after a coprocessor reset.
    pub resent: u64,
    /// Requests sent again after a timeout.
    pub retried: u64,
    /// `SYS_RESET_IND`s received.
    pub resets: u64,
    /// SRSPs that answered nothing outstanding (dropped).
    pub stray_responses: u64,
    /// Damaged frames and garbage skipped by the decoder.
    pub framing_errors: u64,
    /// AREQs received.
    pub callbacks: u64,
}

/// What became of one transmission of an SREQ.
enum Attempt {
    Answered(Frame),
    Refused(RpcErrorCode),
    TimedOut(Duration),
    LostInReset,
}

/// A connected ZNP coprocessor.
pub struct ZnpHost {
    transport: Transport,
    tracker: RequestTracker,
    callbacks: VecDeque<Frame>,
    buf: Vec<u8>,
    options: ZnpOptions,
    counters: ZnpCounters,
    /// Set when a `SYS_RESET_IND` arrived while a request was outstanding: until then the
    /// answer may still come (the request reached the restarted coprocessor), after it the
    /// request is taken as lost.
    reset_grace: Option<Instant>,
    /// When the last byte arrived (to give up on a frame that stopped arriving).
    last_byte: Instant,
    capabilities: MtCapabilities,
    version: Option<sys::VersionResponse>,
    release: ZStackRelease,
    alignment: StructAlignment,
}

impl std::fmt::Debug for ZnpHost {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZnpHost")
            .field("port", &self.transport.describe())
            .field("release", &self.release)
            .finish_non_exhaustive()
    }
}

impl ZnpHost {
    /// Connects: skips the bootloader if asked and needed, pings, reads the version and works
    /// out the Z-Stack release and the NV structure layout.
    ///
    /// # Errors
    /// [`ZnpError::NoAnswer`] when nothing answers; transport and request errors.
    pub fn connect(transport: Transport, options: ZnpOptions) -> Result<Self, ZnpError> {
        let mut host = Self {
            transport,
            tracker: RequestTracker::new(options.request_timeout),
            callbacks: VecDeque::new(),
            buf: vec![0; 1024],
            options,
            counters: ZnpCounters::default(),
            reset_grace: None,
            last_byte: Instant::now(),
            capabilities: MtCapabilities(0),
            version: None,
            release: ZStackRelease::V3_30,
            alignment: StructAlignment::Aligned,
        };
        let ping = host.ping_until_answered()?;
        host.capabilities = ping.capabilities;
        let version = host.request(&sys::Version {})?;
        host.version = Some(version);
        host.release = match ZStackRelease::detect(&version, Some(ping.capabilities)) {
            Some(release) => release,
            // Product id unknown: only 3.30+ has the extended NV commands.
            None => {
                let probe = host.request(&sys::NvLength {
                    sys_id: NvSysId::ZStack,
                    item_id: ExNvId::TCLK_TABLE.0,
                    sub_id: 0,
                });
                ZStackRelease::from_nv_read_probe(matches!(probe, Err(ZnpError::Rpc { .. })))
            }
        };
        if ping.capabilities.contains(MtCapabilities::UTIL) {
            let device = host.request(&util::AssocFindDevice { index: 0 })?;
            host.alignment = StructAlignment::from_assoc_device_len(device.device.0.len())
                .unwrap_or(StructAlignment::Aligned);
        }
        Ok(host)
    }

    fn ping_until_answered(&mut self) -> Result<sys::PingResponse, ZnpError> {
        let started = Instant::now();
        if self.options.skip_bootloader {
            // DTR low with RTS pulsed resets CC26x2 LaunchPads and sticks wired like them
            // into the application (zigpy-znp's default sequence); other transports ignore it.
            // Pseudo-terminals have no modem lines: the sequence is skipped there.
            for (dtr, rts) in [(false, false), (false, true), (false, false)] {
                if self.transport.set_dtr(dtr).is_err() || self.transport.set_rts(rts).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(150));
            }
        }
        let mut timeout = FIRST_PING_TIMEOUT;
        let mut skipped = !self.options.skip_bootloader;
        let ping = sys::Ping {}.to_frame().map_err(|e| ZnpError::Request {
            port: self.port(),
            source: TrackerError::Encode(e),
        })?;
        loop {
            // One transmission at a time: an unanswered ping is the normal case here.
            if let Attempt::Answered(frame) = self.attempt(&ping, timeout)? {
                return sys::PingResponse::from_frame(&frame).map_err(|source| ZnpError::Decode {
                    port: self.port(),
                    command: sys::Ping::NAME,
                    source,
                });
            }
            if started.elapsed() >= self.options.connect_timeout {
                return Err(ZnpError::NoAnswer {
                    port: self.port(),
                    waited: started.elapsed(),
                });
            }
            if !skipped {
                // A CC253x waits in its serial bootloader for a while after power-up; this
                // byte makes it start the application at once.
                self.transport
                    .write_all(&[BOOTLOADER_SKIP_BYTE; BOOTLOADER_SKIP_COUNT])?;
                skipped = true;
                timeout = Duration::from_secs(1);
            }
        }
    }

    /// The port or address.
    pub fn describe(&self) -> &str {
        self.transport.describe()
    }

    fn port(&self) -> String {
        self.transport.describe().to_owned()
    }

    /// What `SYS_PING` said the firmware supports.
    pub fn capabilities(&self) -> MtCapabilities {
        self.capabilities
    }

    /// What `SYS_VERSION` answered.
    pub fn version(&self) -> Option<sys::VersionResponse> {
        self.version
    }

    /// The Z-Stack release.
    pub fn release(&self) -> ZStackRelease {
        self.release
    }

    /// How the coprocessor lays out NV structures.
    pub fn alignment(&self) -> StructAlignment {
        self.alignment
    }

    /// What the host counted so far.
    pub fn counters(&self) -> ZnpCounters {
        self.counters
    }

    /// Sends `request` and waits for its SRSP (default timeout).
    ///
    /// # Errors
    /// Timeout, RPC error, undecodable answer, repeated resets, transport failure.
    pub fn request<R: Request>(&mut self, request: &R) -> Result<R::Response, ZnpError> {
        self.request_with_timeout(request, self.options.request_timeout)
    }

    /// Sends `request` and waits up to `timeout` for its SRSP.
    ///
    /// # Errors
    /// As [`ZnpHost::request`].
    pub fn request_with_timeout<R: Request>(
        &mut self,
        request: &R,
        timeout: Duration,
    ) -> Result<R::Response, ZnpError> {
        let frame = request.to_frame().map_err(|e| ZnpError::Request {
            port: self.port(),
            source: TrackerError::Encode(e),
        })?;
        let answer = self.exchange(&frame, R::NAME, timeout)?;
        R::Response::from_frame(&answer).map_err(|source| ZnpError::Decode {
            port: self.port(),
            command: R::NAME,
            source,
        })
    }

    /// Sends an SREQ given as a frame and returns its SRSP frame.
    ///
    /// # Errors
    /// As [`ZnpHost::request`].
    pub fn request_raw(&mut self, frame: &Frame, timeout: Duration) -> Result<Frame, ZnpError> {
        self.exchange(frame, "SREQ", timeout)
    }

    fn exchange(
        &mut self,
        frame: &Frame,
        name: &'static str,
        timeout: Duration,
    ) -> Result<Frame, ZnpError> {
        let (mut resends, mut retries) = (0, 0);
        loop {
            match self.attempt(frame, timeout)? {
                Attempt::Answered(frame) => return Ok(frame),
                Attempt::Refused(code) => {
                    return Err(ZnpError::Rpc {
                        port: self.port(),
                        command: name,
                        code,
                    })
                }
                Attempt::TimedOut(timeout) => {
                    if retries >= self.options.retries_on_timeout {
                        return Err(ZnpError::Timeout {
                            port: self.port(),
                            command: name,
                            timeout,
                        });
                    }
                    retries += 1;
                    self.counters.retried += 1;
                }
                Attempt::LostInReset => {
                    if resends >= self.options.resends_after_reset {
                        return Err(ZnpError::Resets {
                            port: self.port(),
                            command: name,
                        });
                    }
                    resends += 1;
                    self.counters.resent += 1;
                }
            }
        }
    }

    /// Sends the SREQ once and waits for what becomes of it.
    fn attempt(&mut self, frame: &Frame, timeout: Duration) -> Result<Attempt, ZnpError> {
        let (id, bytes) = self
            .tracker
            .start_frame(frame, Instant::now(), timeout)
            .map_err(|source| ZnpError::Request {
                port: self.port(),
                source,
            })?;
        self.counters.requests += 1;
        self.reset_grace = None;
        self.write(&bytes)?;
        loop {
            match self.tracker.poll_event() {
                Some(Event::Response { id: got, frame }) if got == id => {
                    self.counters.answered += 1;
                    return Ok(Attempt::Answered(frame));
                }
                Some(Event::Failed { id: got, error }) if got == id => {
                    return Ok(match error {
                        RequestError::Timeout { timeout, .. } => {
                            self.counters.timeouts += 1;
                            Attempt::TimedOut(timeout)
                        }
                        RequestError::Rpc { code, .. } => {
                            self.counters.rpc_errors += 1;
                            Attempt::Refused(code)
                        }
                        // Abandoned after a reset indication (or a reconnection).
                        _ => Attempt::LostInReset,
                    });
                }
                Some(event) => self.other_event(event),
                None => {
                    if let Some(grace) = self.reset_grace {
                        if Instant::now() >= grace {
                            self.reset_grace = None;
                            self.tracker.reset();
                            continue;
                        }
                    }
                    let deadline = match (self.tracker.poll_timeout(), self.reset_grace) {
                        (Some(t), Some(g)) => Some(t.min(g)),
                        (t, g) => t.or(g),
                    };
                    self.pump(deadline)?;
                }
            }
        }
    }

    /// Writes bytes, paced as a UART if asked.
    fn write(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        if let Some(baud) = self.options.emulate_baud.filter(|b| *b > 0) {
            let micros = bytes.len() as u64 * 10_000_000 / u64::from(baud);
            std::thread::sleep(Duration::from_micros(micros));
        }
        self.transport.write_all(bytes)
    }

    fn other_event(&mut self, event: Event) {
        match event {
            Event::Callback(frame) => {
                self.counters.callbacks += 1;
                if frame.header == sys::ResetInd::header() {
                    self.counters.resets += 1;
                    if self.tracker.is_busy() && self.reset_grace.is_none() {
                        self.reset_grace = Some(Instant::now() + RESET_GRACE);
                    }
                }
                self.callbacks.push_back(frame);
            }
            Event::Unexpected(_) | Event::Response { .. } | Event::Failed { .. } => {
                self.counters.stray_responses += 1;
            }
            Event::Framing(_) => self.counters.framing_errors += 1,
        }
    }

    /// Reads what arrives until `deadline` (or briefly, without one) and feeds the tracker.
    fn pump(&mut self, deadline: Option<Instant>) -> Result<(), TransportError> {
        let now = Instant::now();
        if let Some(d) = deadline {
            if d <= now {
                self.tracker.handle_timeout(now);
                return Ok(());
            }
        }
        let wait = deadline.map_or(Duration::from_millis(50), |d| {
            d.saturating_duration_since(now)
                .clamp(Duration::from_millis(1), Duration::from_millis(200))
        });
        let n = match self.transport.read(&mut self.buf, wait) {
            Ok(n) => n,
            Err(TransportError::Reconnected { .. }) => {
                // Whatever was in flight on the old connection is gone.
                self.tracker.reset();
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        if let Some(bytes) = self.buf.get(..n).filter(|b| !b.is_empty()) {
            self.last_byte = Instant::now();
            self.tracker.receive(bytes);
        } else if self.last_byte.elapsed() > PARTIAL_FRAME_TIMEOUT {
            // A frame that stopped arriving (a damaged length byte): rescan behind it.
            self.tracker.expire_partial();
        }
        self.tracker.handle_timeout(Instant::now());
        Ok(())
    }

    /// Sends an AREQ to the coprocessor (nothing answers it).
    ///
    /// # Errors
    /// Encoding or transport failure.
    pub fn send_areq<C: Command>(&mut self, command: &C) -> Result<(), ZnpError> {
        let bytes = self
            .tracker
            .send_areq(command)
            .map_err(|source| ZnpError::Request {
                port: self.port(),
                source,
            })?;
        self.write(&bytes)?;
        Ok(())
    }

    /// The next AREQ, waiting up to `timeout`.
    ///
    /// # Errors
    /// Transport failure.
    pub fn next_callback(&mut self, timeout: Duration) -> Result<Option<Frame>, ZnpError> {
        let deadline = Instant::now() + timeout;
        loop {
            while let Some(event) = self.tracker.poll_event() {
                self.other_event(event);
            }
            if let Some(frame) = self.callbacks.pop_front() {
                return Ok(Some(frame));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            self.pump(Some(deadline))?;
        }
    }

    /// The next AREQ that decodes as `C`, skipping (and dropping) others, up to `timeout`.
    ///
    /// # Errors
    /// Transport failure; an AREQ with `C`'s header that does not decode.
    pub fn wait_for<C: Command>(&mut self, timeout: Duration) -> Result<Option<C>, ZnpError> {
        let deadline = Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(frame) = self.next_callback(left)? else {
                break;
            };
            if frame.header == C::header() {
                return C::from_frame(&frame)
                    .map(Some)
                    .map_err(|source| ZnpError::Decode {
                        port: self.port(),
                        command: C::NAME,
                        source,
                    });
            }
        }
        Ok(None)
    }

    /// Soft-resets the coprocessor and waits for its `SYS_RESET_IND`.
    ///
    /// # Errors
    /// No indication within the request timeout; transport failure.
    pub fn reset(&mut self) -> Result<sys::ResetInd, ZnpError> {
        self.callbacks.clear();
        self.send_areq(&sys::ResetReq {
            reset_type: ResetType::Soft,
        })?;
        self.wait_for::<sys::ResetInd>(self.options.request_timeout)?
            .ok_or_else(|| ZnpError::Timeout {
                port: self.port(),
                command: sys::ResetReq::NAME,
                timeout: self.options.request_timeout,
            })
    }

    /// Reads a legacy OSAL NV item whole (`None` when it does not exist).
    ///
    /// # Errors
    /// Request failures; a read refused with a status.
    pub fn osal_nv_read(&mut self, id: OsalNvId) -> Result<Option<Vec<u8>>, ZnpError> {
        let length = self.request(&sys::OsalNvLength { id: id.0 })?.item_len;
        if length == 0 {
            return Ok(None);
        }
        let mut value = Vec::with_capacity(usize::from(length));
        while value.len() < usize::from(length) {
            let offset = u16::try_from(value.len()).unwrap_or(u16::MAX);
            let rsp = self.request(&sys::OsalNvReadExt { id: id.0, offset })?;
            if rsp.status != Status::Success || rsp.value.0.is_empty() {
                return Err(ZnpError::Status {
                    port: self.port(),
                    command: sys::OsalNvReadExt::NAME,
                    status: rsp.status,
                });
            }
            value.extend_from_slice(&rsp.value.0);
        }
        value.truncate(usize::from(length));
        Ok(Some(value))
    }

    /// Reads an extended NV item whole (Z-Stack 3.30+; `None` when it does not exist).
    ///
    /// # Errors
    /// Request failures; a read refused with a status.
    pub fn nv_read(&mut self, item: ExNvId, sub_id: u16) -> Result<Option<Vec<u8>>, ZnpError> {
        let length = self
            .request(&sys::NvLength {
                sys_id: NvSysId::ZStack,
                item_id: item.0,
                sub_id,
            })?
            .length;
        let length = usize::try_from(length).unwrap_or(0);
        if length == 0 {
            return Ok(None);
        }
        let mut value = Vec::with_capacity(length);
        while value.len() < length {
            let rsp = self.request(&sys::NvRead {
                sys_id: NvSysId::ZStack,
                item_id: item.0,
                sub_id,
                offset: u16::try_from(value.len()).unwrap_or(u16::MAX),
                length: u8::try_from(length - value.len())
                    .unwrap_or(NV_READ_CHUNK)
                    .min(NV_READ_CHUNK),
            })?;
            if rsp.status != Status::Success || rsp.value.0.is_empty() {
                return Err(ZnpError::Status {
                    port: self.port(),
                    command: sys::NvRead::NAME,
                    status: rsp.status,
                });
            }
            value.extend_from_slice(&rsp.value.0);
        }
        value.truncate(length);
        Ok(Some(value))
    }

    fn check(&self, command: &'static str, status: Status, ok: &[Status]) -> Result<(), ZnpError> {
        if ok.contains(&status) {
            Ok(())
        } else {
            Err(ZnpError::Status {
                port: self.port(),
                command,
                status,
            })
        }
    }

    /// Writes a legacy OSAL NV item whole. An item of another length (or a missing one) is
    /// recreated with the new length when `create`, and an error otherwise.
    ///
    /// # Errors
    /// [`ZnpError::NvMissing`] or [`ZnpError::NvLength`] without `create`; a refused step.
    pub fn osal_nv_write(
        &mut self,
        id: OsalNvId,
        value: &[u8],
        create: bool,
    ) -> Result<(), ZnpError> {
        let given = value.len();
        let item_len = u16::try_from(given).map_err(|_| ZnpError::NvLength {
            port: self.port(),
            item: format!("{id:?}"),
            stored: 0,
            given,
        })?;
        let stored = usize::from(self.request(&sys::OsalNvLength { id: id.0 })?.item_len);
        if stored != given {
            if !create {
                let item = format!("{id:?}");
                return Err(if stored == 0 {
                    ZnpError::NvMissing {
                        port: self.port(),
                        item,
                    }
                } else {
                    ZnpError::NvLength {
                        port: self.port(),
                        item,
                        stored,
                        given,
                    }
                });
            }
            if stored != 0 {
                let r = self.request(&sys::OsalNvDelete {
                    id: id.0,
                    item_len: u16::try_from(stored).unwrap_or(u16::MAX),
                })?;
                self.check(sys::OsalNvDelete::NAME, r.status, &[Status::Success])?;
            }
            let first = value
                .get(..given.min(usize::from(NV_READ_CHUNK)))
                .unwrap_or(value);
            let r = self.request(&sys::OsalNvItemInit {
                id: id.0,
                item_len,
                init_value: ShortBytes(first.to_vec()),
            })?;
            self.check(
                sys::OsalNvItemInit::NAME,
                r.status,
                &[Status::NvItemUninit, Status::Success],
            )?;
        }
        for (i, chunk) in value.chunks(usize::from(NV_READ_CHUNK)).enumerate() {
            let offset = u16::try_from(i * usize::from(NV_READ_CHUNK)).unwrap_or(u16::MAX);
            let r = self.request(&sys::OsalNvWriteExt {
                id: id.0,
                offset,
                value: LongBytes(chunk.to_vec()),
            })?;
            self.check(sys::OsalNvWriteExt::NAME, r.status, &[Status::Success])?;
        }
        Ok(())
    }

    /// Deletes a legacy OSAL NV item; returns whether it existed.
    ///
    /// # Errors
    /// Request failures; a refused delete.
    pub fn osal_nv_delete(&mut self, id: OsalNvId) -> Result<bool, ZnpError> {
        let stored = self.request(&sys::OsalNvLength { id: id.0 })?.item_len;
        if stored == 0 {
            return Ok(false);
        }
        let r = self.request(&sys::OsalNvDelete {
            id: id.0,
            item_len: stored,
        })?;
        self.check(sys::OsalNvDelete::NAME, r.status, &[Status::Success])?;
        Ok(true)
    }

    /// Writes an extended NV item whole (Z-Stack 3.30+), creating or resizing it when
    /// `create`.
    ///
    /// # Errors
    /// As [`ZnpHost::osal_nv_write`].
    pub fn nv_write(
        &mut self,
        item: ExNvId,
        sub_id: u16,
        value: &[u8],
        create: bool,
    ) -> Result<(), ZnpError> {
        let given = value.len();
        let key = |s: &Self| (s.port(), format!("{item:?}[{sub_id}]"));
        let stored = self
            .request(&sys::NvLength {
                sys_id: NvSysId::ZStack,
                item_id: item.0,
                sub_id,
            })?
            .length;
        let stored = usize::try_from(stored).unwrap_or(usize::MAX);
        if stored != given {
            if !create {
                let (port, item) = key(self);
                return Err(if stored == 0 {
                    ZnpError::NvMissing { port, item }
                } else {
                    ZnpError::NvLength {
                        port,
                        item,
                        stored,
                        given,
                    }
                });
            }
            if stored != 0 {
                let r = self.request(&sys::NvDelete {
                    sys_id: NvSysId::ZStack,
                    item_id: item.0,
                    sub_id,
                })?;
                self.check(sys::NvDelete::NAME, r.status, &[Status::Success])?;
            }
            let r = self.request(&sys::NvCreate {
                sys_id: NvSysId::ZStack,
                item_id: item.0,
                sub_id,
                length: u32::try_from(given).unwrap_or(u32::MAX),
            })?;
            self.check(
                sys::NvCreate::NAME,
                r.status,
                &[Status::Success, Status::NvItemUninit],
            )?;
        }
        for (i, chunk) in value.chunks(usize::from(NV_READ_CHUNK)).enumerate() {
            let r = self.request(&sys::NvWrite {
                sys_id: NvSysId::ZStack,
                item_id: item.0,
                sub_id,
                offset: u16::try_from(i * usize::from(NV_READ_CHUNK)).unwrap_or(u16::MAX),
                value: ShortBytes(chunk.to_vec()),
            })?;
            self.check(sys::NvWrite::NAME, r.status, &[Status::Success])?;
        }
        Ok(())
    }

    /// Decodes an AREQ frame from [`ZnpHost::next_callback`].
    ///
    /// # Errors
    /// The frame has a known header but does not decode.
    pub fn decode_callback(&self, frame: &Frame) -> Result<Callback, ZnpError> {
        Callback::from_frame(frame).map_err(|source| ZnpError::Decode {
            port: self.port(),
            command: "AREQ",
            source,
        })
    }

    /// The header of the request outstanding, if any (for diagnostics).
    pub fn pending(&self) -> Option<Header> {
        self.tracker.pending().map(|(_, h)| h)
    }
}
