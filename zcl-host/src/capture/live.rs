//! Live frame sources: radios that sniff the air, behind [`FrameSource`].
//!
//! * [`EzspSniffer`]: a Silicon Labs NCP in manufacturing-library mode (`mfglibStart` with the
//!   receive callback, `mfglibSetChannel`; each `mfglibRxHandler` callback is a frame with its
//!   LQI and RSSI), over the EZSP host of [`crate::radio::ezsp`].
//! * [`NrfSniffer`]: Nordic's nRF 802.15.4 sniffer firmware ([`super::nrf`]).
//! * [`SpinelSniffer`]: an OpenThread radio coprocessor over Spinel and HDLC-lite
//!   ([`super::spinel`], [`super::hdlc`]) with `PROP_PHY_ENABLED`, `PROP_PHY_CHAN` and
//!   `PROP_MAC_PROMISCUOUS_MODE` set; frames arrive as `PROP_STREAM_RAW` values.
//! * [`ZepListener`]: ZEP packets on a UDP socket (from another sniffer or a simulator).
//!
//! Each implements [`LiveRadio`] (poll with a timeout, change channel); [`LiveCapture`] wraps one
//! into a [`FrameSource`] that numbers frames, hops channels on a timer and ends when its
//! [`StopFlag`] is raised (Ctrl-C). A port that goes away ends the stream with a fatal
//! [`CaptureError::Live`].
//!
//! The two octets after the MAC frame that these radios pass up are checked as an FCS: a match
//! gives [`Fcs::Valid`]. The radios drop frames that fail their own CRC check, and some firmware
//! reuses those octets for metadata, so a mismatch gives [`Fcs::Absent`] rather than a bad FCS.

use std::collections::VecDeque;
use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use zcl_radio::ezsp::commands::{self as c, Message, Parameters};

use super::hdlc::{self, HdlcDecoder};
use super::nrf::{NrfCommand, NrfDecoder, NrfEvent, TimeUnwrapper};
use super::spinel::{self, RawFrame, SpinelFrame};
use super::zep::{self, ZepPacket};
use super::{CaptureError, Fcs, Frame, FrameProblem, FrameSource, OwnedFrame};
use crate::radio::ezsp::{EzspHost, HostError, HostOptions};
use crate::radio::transport::{Transport, TransportError};
use zcl_frames::crc::fcs16;

/// Raised (by a signal handler, a test, ...) to end a capture cleanly.
pub type StopFlag = Arc<AtomicBool>;

/// 2.4 GHz O-QPSK channels.
pub const CHANNELS: core::ops::RangeInclusive<u8> = 11..=26;

/// How long a Spinel coprocessor may take to answer a property command.
const SPINEL_TIMEOUT: Duration = Duration::from_secs(2);

/// Why a live capture failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LiveError {
    /// The port failed or went away (a stick unplugged: EOF, I/O error).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The EZSP link failed.
    #[error(transparent)]
    Ezsp(#[from] HostError),
    /// The coprocessor refused a command.
    #[error("{port}: {command} refused with status {status}")]
    Refused {
        /// The port.
        port: String,
        /// The command.
        command: &'static str,
        /// Its status, as the coprocessor said it.
        status: String,
    },
    /// No answer in time.
    #[error("{port}: no answer to {what} within {timeout:?} (is it {expected}?)")]
    NoAnswer {
        /// The port.
        port: String,
        /// The request.
        what: &'static str,
        /// The time allowed.
        timeout: Duration,
        /// What should be on the port.
        expected: &'static str,
    },
    /// The ZEP socket could not be bound or read.
    #[error("ZEP socket {address}: {source}")]
    Socket {
        /// The address.
        address: String,
        /// The system error.
        #[source]
        source: std::io::Error,
    },
    /// A channel outside 11-26.
    #[error("channel {0} is not a 2.4 GHz 802.15.4 channel (11-26)")]
    BadChannel(u8),
    /// The source cannot tune (ZEP, files).
    #[error("{0} has no channel to set (channel hopping needs a radio)")]
    NoChannelControl(&'static str),
}

impl LiveError {
    /// Whether trying again later could succeed (a busy port, a timeout).
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            LiveError::Transport(e) => e.is_retryable(),
            LiveError::Ezsp(e) => e.is_retryable(),
            LiveError::NoAnswer { .. } => true,
            _ => false,
        }
    }
}

impl From<LiveError> for CaptureError {
    fn from(e: LiveError) -> Self {
        CaptureError::Live(Box::new(e))
    }
}

/// What one poll of a radio gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Polled {
    /// A frame (its `number` is set by [`LiveCapture`]).
    Frame(OwnedFrame),
    /// Something that should have been a frame and was not.
    Problem(&'static str),
    /// Nothing within the timeout.
    Nothing,
}

/// A sniffing radio.
pub trait LiveRadio {
    /// One line for messages: the radio kind and port.
    fn describe(&self) -> String;
    /// The channel it listens on, if it has one.
    fn channel(&self) -> Option<u8>;
    /// Tunes to `channel` (11-26).
    ///
    /// # Errors
    /// A channel out of range, a radio that refuses or cannot tune, a failed port.
    fn set_channel(&mut self, channel: u8) -> Result<(), LiveError>;
    /// Waits up to `timeout` for the next frame.
    ///
    /// # Errors
    /// The port failed or went away; the radio failed.
    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError>;
    /// Turns the receiver off (best effort, at the end of a capture).
    fn stop(&mut self) {}
}

impl<R: LiveRadio + ?Sized> LiveRadio for Box<R> {
    fn describe(&self) -> String {
        (**self).describe()
    }
    fn channel(&self) -> Option<u8> {
        (**self).channel()
    }
    fn set_channel(&mut self, channel: u8) -> Result<(), LiveError> {
        (**self).set_channel(channel)
    }
    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError> {
        (**self).poll(timeout)
    }
    fn stop(&mut self) {
        (**self).stop();
    }
}

fn check_channel(channel: u8) -> Result<(), LiveError> {
    if CHANNELS.contains(&channel) {
        Ok(())
    } else {
        Err(LiveError::BadChannel(channel))
    }
}

/// Nanoseconds since the Unix epoch, now.
#[must_use]
pub fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// Metadata of a received PSDU.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RxMeta {
    /// Channel received on.
    pub channel: Option<u8>,
    /// RSSI in dBm.
    pub rssi: Option<i8>,
    /// LQI.
    pub lqi: Option<u8>,
    /// Host time of the frame, ns since the Unix epoch.
    pub timestamp_ns: u64,
    /// The radio's own time of the frame, ns since the Unix epoch, when it has a clock.
    pub radio_timestamp_ns: Option<u64>,
}

/// A frame from a PSDU (MAC frame and the two octets of its FCS field).
///
/// # Errors
/// A PSDU shorter than its FCS.
pub fn frame_from_psdu(psdu: &[u8], meta: RxMeta) -> Result<OwnedFrame, &'static str> {
    let Some(split) = psdu.len().checked_sub(2) else {
        return Err("frame shorter than its FCS");
    };
    let (mac, fcs) = psdu.split_at(split);
    let found = match fcs {
        [lo, hi] => u16::from_le_bytes([*lo, *hi]),
        _ => return Err("frame shorter than its FCS"),
    };
    let fcs = if fcs16(mac) == found {
        Fcs::Valid
    } else {
        Fcs::Absent
    };
    Ok(OwnedFrame {
        number: 0,
        interface: 0,
        timestamp_ns: meta.timestamp_ns,
        channel: meta.channel.map(u16::from),
        rssi: meta.rssi,
        lqi: meta.lqi,
        sequence: None,
        radio_timestamp_ns: meta.radio_timestamp_ns,
        fcs,
        mac: mac.to_vec(),
    })
}

/// Maps a radio's microsecond clock onto host time: the first frame is stamped with the host's
/// clock, later ones with the radio's intervals since it (so the radio's precise spacing is kept
/// and the host's read latency is not).
#[derive(Debug, Clone, Copy, Default)]
pub struct RadioClock {
    origin: Option<(u64, u64)>,
}

impl RadioClock {
    /// Host time (ns since the Unix epoch) of a frame the radio stamped `radio_us`.
    pub fn host_ns(&mut self, radio_us: u64) -> u64 {
        let (host0, radio0) = *self.origin.get_or_insert((now_ns(), radio_us));
        host0.saturating_add(radio_us.saturating_sub(radio0).saturating_mul(1000))
    }
}

// ----------------------------------------------------------------------------------------------
// EZSP mfglib
// ----------------------------------------------------------------------------------------------

/// A Silicon Labs NCP sniffing through its manufacturing library.
#[derive(Debug)]
pub struct EzspSniffer {
    host: EzspHost,
    channel: u8,
    port: String,
    started: bool,
}

impl EzspSniffer {
    /// Connects (ASH reset, version negotiation), starts mfglib with the receive callback and
    /// tunes to `channel`.
    ///
    /// # Errors
    /// The NCP does not answer, refuses `mfglibStart` or the channel.
    pub fn open(transport: Transport, channel: u8) -> Result<Self, LiveError> {
        check_channel(channel)?;
        let port = transport.describe().to_owned();
        let mut host = EzspHost::connect(transport, HostOptions::default())?;
        let r = host.request(&c::MfglibStart { rx_callback: true })?;
        if !r.status.is_success() {
            return Err(LiveError::Refused {
                port,
                command: "mfglibStart",
                status: format!("{:?}", r.status),
            });
        }
        let mut s = EzspSniffer {
            host,
            channel,
            port,
            started: true,
        };
        s.set_channel(channel)?;
        Ok(s)
    }
}

impl LiveRadio for EzspSniffer {
    fn describe(&self) -> String {
        format!("EZSP mfglib on {}", self.port)
    }

    fn channel(&self) -> Option<u8> {
        Some(self.channel)
    }

    fn set_channel(&mut self, channel: u8) -> Result<(), LiveError> {
        check_channel(channel)?;
        let r = self.host.request(&c::MfglibSetChannel { channel })?;
        if !r.status.is_success() {
            return Err(LiveError::Refused {
                port: self.port.clone(),
                command: "mfglibSetChannel",
                status: format!("{:?}", r.status),
            });
        }
        self.channel = channel;
        Ok(())
    }

    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError> {
        let Some(cb) = self.host.next_callback(timeout)? else {
            return Ok(Polled::Nothing);
        };
        if cb.frame_id != c::MfglibRxHandler::ID {
            return Ok(Polled::Nothing);
        }
        let v = self.host.negotiated();
        let Ok(rx) = <c::MfglibRxHandler as Parameters>::decode(&cb.params, v) else {
            return Ok(Polled::Problem("malformed mfglibRxHandler callback"));
        };
        let meta = RxMeta {
            channel: Some(self.channel),
            rssi: Some(rx.rssi),
            lqi: Some(rx.link_quality),
            timestamp_ns: now_ns(),
            radio_timestamp_ns: None,
        };
        Ok(match frame_from_psdu(&rx.packet_contents, meta) {
            Ok(f) => Polled::Frame(f),
            Err(p) => Polled::Problem(p),
        })
    }

    fn stop(&mut self) {
        if self.started {
            self.started = false;
            let _ = self.host.request(&c::MfglibEnd {});
        }
    }
}

// ----------------------------------------------------------------------------------------------
// nRF 802.15.4 sniffer
// ----------------------------------------------------------------------------------------------

/// Nordic's nRF 802.15.4 sniffer firmware on a serial port.
#[derive(Debug)]
pub struct NrfSniffer {
    transport: Transport,
    decoder: NrfDecoder,
    channel: u8,
    pending: VecDeque<Polled>,
    time: TimeUnwrapper,
    clock: RadioClock,
    buf: Vec<u8>,
}

impl NrfSniffer {
    /// Puts the radio to sleep, tunes it and starts receiving.
    ///
    /// # Errors
    /// The port fails.
    pub fn open(transport: Transport, channel: u8) -> Result<Self, LiveError> {
        check_channel(channel)?;
        let mut s = NrfSniffer {
            transport,
            decoder: NrfDecoder::new(),
            channel,
            pending: VecDeque::new(),
            time: TimeUnwrapper::default(),
            clock: RadioClock::default(),
            buf: vec![0; 4096],
        };
        // An empty line first ends whatever a previous user left half-typed.
        s.transport.write_all(b"\r\n")?;
        s.set_channel(channel)?;
        Ok(s)
    }

    fn handle(&mut self, event: Result<NrfEvent, super::nrf::NrfError>) {
        match event {
            Ok(NrfEvent::Frame(f)) => {
                let radio_us = self.time.unwrap(f.time_us);
                let ts = self.clock.host_ns(radio_us);
                let meta = RxMeta {
                    channel: Some(self.channel),
                    rssi: Some(i8::try_from(f.power.clamp(-128, 127)).unwrap_or(i8::MIN)),
                    lqi: Some(f.lqi),
                    timestamp_ns: ts,
                    radio_timestamp_ns: Some(ts),
                };
                self.pending
                    .push_back(match frame_from_psdu(&f.psdu, meta) {
                        Ok(f) => Polled::Frame(f),
                        Err(p) => Polled::Problem(p),
                    });
            }
            Ok(NrfEvent::Text(_)) => {}
            Err(_) => self
                .pending
                .push_back(Polled::Problem("malformed nRF sniffer line")),
        }
    }
}

impl LiveRadio for NrfSniffer {
    fn describe(&self) -> String {
        format!("nRF 802.15.4 sniffer on {}", self.transport.describe())
    }

    fn channel(&self) -> Option<u8> {
        Some(self.channel)
    }

    fn set_channel(&mut self, channel: u8) -> Result<(), LiveError> {
        check_channel(channel)?;
        let mut cmds = String::new();
        for cmd in [
            NrfCommand::Sleep,
            NrfCommand::Channel(channel),
            NrfCommand::Receive,
        ] {
            cmds.push_str(&cmd.to_line());
        }
        self.transport.write_all(cmds.as_bytes())?;
        self.channel = channel;
        Ok(())
    }

    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError> {
        if let Some(p) = self.pending.pop_front() {
            return Ok(p);
        }
        let n = match self.transport.read(&mut self.buf, timeout) {
            Ok(n) => n,
            Err(TransportError::Reconnected { .. }) => {
                self.set_channel(self.channel)?;
                return Ok(Polled::Nothing);
            }
            Err(e) => return Err(e.into()),
        };
        let events = self.decoder.feed(self.buf.get(..n).unwrap_or_default());
        for e in events {
            self.handle(e);
        }
        Ok(self.pending.pop_front().unwrap_or(Polled::Nothing))
    }

    fn stop(&mut self) {
        let _ = self
            .transport
            .write_all(NrfCommand::Sleep.to_line().as_bytes());
    }
}

// ----------------------------------------------------------------------------------------------
// Spinel RCP
// ----------------------------------------------------------------------------------------------

/// An OpenThread radio coprocessor (Spinel over HDLC-lite) in promiscuous mode.
#[derive(Debug)]
pub struct SpinelSniffer {
    transport: Transport,
    decoder: HdlcDecoder,
    channel: u8,
    tid: u8,
    pending: VecDeque<Polled>,
    clock: RadioClock,
    buf: Vec<u8>,
    /// The coprocessor announced a reset: configure it again.
    reset_seen: bool,
}

impl SpinelSniffer {
    /// Checks that a Spinel coprocessor answers (`PROP_PROTOCOL_VERSION`), then enables the
    /// PHY, tunes it and turns on full promiscuous mode.
    ///
    /// # Errors
    /// No answer, a refused property, a failed port.
    pub fn open(transport: Transport, channel: u8) -> Result<Self, LiveError> {
        check_channel(channel)?;
        let mut s = SpinelSniffer {
            transport,
            decoder: HdlcDecoder::new(),
            channel,
            tid: 0,
            pending: VecDeque::new(),
            clock: RadioClock::default(),
            buf: vec![0; 4096],
            reset_seen: false,
        };
        s.request(
            spinel::CMD_PROP_VALUE_GET,
            spinel::PROP_PROTOCOL_VERSION,
            &[],
            "PROP_PROTOCOL_VERSION",
        )?;
        s.configure()?;
        Ok(s)
    }

    fn configure(&mut self) -> Result<(), LiveError> {
        self.set(spinel::PROP_PHY_ENABLED, 1, "PROP_PHY_ENABLED")?;
        self.set(spinel::PROP_PHY_CHAN, self.channel, "PROP_PHY_CHAN")?;
        self.set(
            spinel::PROP_MAC_PROMISCUOUS_MODE,
            spinel::PROMISCUOUS_MODE_FULL,
            "PROP_MAC_PROMISCUOUS_MODE",
        )?;
        self.reset_seen = false;
        Ok(())
    }

    fn set(&mut self, prop: u32, value: u8, what: &'static str) -> Result<(), LiveError> {
        self.request(spinel::CMD_PROP_VALUE_SET, prop, &[value], what)
            .map(|_| ())
    }

    fn next_tid(&mut self) -> u8 {
        // TIDs 1-15; 0 marks unsolicited frames.
        self.tid = self.tid % 15 + 1;
        self.tid
    }

    /// Sends a property command and waits for the `PROP_VALUE_IS` with the same TID; frames
    /// that arrive meanwhile are kept.
    fn request(
        &mut self,
        command: u32,
        prop: u32,
        value: &[u8],
        what: &'static str,
    ) -> Result<Vec<u8>, LiveError> {
        let tid = self.next_tid();
        let frame = spinel::property_frame(tid, command, prop, value);
        self.transport.write_all(&hdlc::encode(&frame))?;
        let deadline = Instant::now() + SPINEL_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(LiveError::NoAnswer {
                    port: self.transport.describe().to_owned(),
                    what,
                    timeout: SPINEL_TIMEOUT,
                    expected: "an OpenThread RCP speaking Spinel over HDLC-lite",
                });
            }
            let n = self.transport.read(&mut self.buf, left)?;
            let bytes = self.buf.get(..n).unwrap_or_default().to_vec();
            for item in self.decoder.feed(&bytes) {
                let Ok(payload) = item else {
                    self.pending
                        .push_back(Polled::Problem("damaged HDLC frame from the RCP"));
                    continue;
                };
                let Ok(f) = SpinelFrame::parse(&payload) else {
                    self.pending
                        .push_back(Polled::Problem("malformed Spinel frame from the RCP"));
                    continue;
                };
                if f.header.tid() == tid && f.command == spinel::CMD_PROP_VALUE_IS {
                    let Ok((got, v)) = f.property() else {
                        continue;
                    };
                    if got == spinel::PROP_LAST_STATUS && prop != spinel::PROP_LAST_STATUS {
                        let status = spinel::parse_packed(v, 0).map_or(u32::MAX, |(s, _)| s);
                        if status != spinel::STATUS_OK {
                            return Err(LiveError::Refused {
                                port: self.transport.describe().to_owned(),
                                command: what,
                                status: format!("SPINEL_STATUS {status}"),
                            });
                        }
                    }
                    return Ok(v.to_vec());
                }
                self.handle(&f);
            }
        }
    }

    fn handle(&mut self, f: &SpinelFrame<'_>) {
        if f.command != spinel::CMD_PROP_VALUE_IS {
            return;
        }
        let Ok((prop, value)) = f.property() else {
            self.pending
                .push_back(Polled::Problem("malformed Spinel property"));
            return;
        };
        match prop {
            spinel::PROP_STREAM_RAW => {
                let Ok(raw) = RawFrame::parse(value) else {
                    self.pending
                        .push_back(Polled::Problem("malformed PROP_STREAM_RAW value"));
                    return;
                };
                if raw.receive_error.is_some_and(|e| e != 0) {
                    self.pending
                        .push_back(Polled::Problem("the RCP reported a receive error"));
                    return;
                }
                let host = now_ns();
                let ts = raw.timestamp_us.map_or(host, |us| self.clock.host_ns(us));
                let meta = RxMeta {
                    channel: Some(raw.channel.unwrap_or(self.channel)),
                    rssi: raw.rssi,
                    lqi: raw.lqi,
                    timestamp_ns: ts,
                    radio_timestamp_ns: raw.timestamp_us.map(|_| ts),
                };
                self.pending
                    .push_back(match frame_from_psdu(raw.psdu, meta) {
                        Ok(f) => Polled::Frame(f),
                        Err(p) => Polled::Problem(p),
                    });
            }
            spinel::PROP_LAST_STATUS if f.header.tid() == 0 => {
                // Reset codes (112-127): the RCP restarted and forgot its settings.
                if let Ok((status, _)) = spinel::parse_packed(value, 0) {
                    if (112..=127).contains(&status) {
                        self.reset_seen = true;
                    }
                }
            }
            _ => {}
        }
    }
}

impl LiveRadio for SpinelSniffer {
    fn describe(&self) -> String {
        format!("Spinel RCP on {}", self.transport.describe())
    }

    fn channel(&self) -> Option<u8> {
        Some(self.channel)
    }

    fn set_channel(&mut self, channel: u8) -> Result<(), LiveError> {
        check_channel(channel)?;
        self.set(spinel::PROP_PHY_CHAN, channel, "PROP_PHY_CHAN")?;
        self.channel = channel;
        Ok(())
    }

    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError> {
        if self.reset_seen {
            self.configure()?;
        }
        if let Some(p) = self.pending.pop_front() {
            return Ok(p);
        }
        let n = match self.transport.read(&mut self.buf, timeout) {
            Ok(n) => n,
            Err(TransportError::Reconnected { .. }) => {
                self.configure()?;
                return Ok(Polled::Nothing);
            }
            Err(e) => return Err(e.into()),
        };
        let bytes = self.buf.get(..n).unwrap_or_default().to_vec();
        for item in self.decoder.feed(&bytes) {
            match item {
                Ok(payload) => match SpinelFrame::parse(&payload) {
                    Ok(f) => self.handle(&f),
                    Err(_) => self
                        .pending
                        .push_back(Polled::Problem("malformed Spinel frame from the RCP")),
                },
                Err(_) => self
                    .pending
                    .push_back(Polled::Problem("damaged HDLC frame from the RCP")),
            }
        }
        Ok(self.pending.pop_front().unwrap_or(Polled::Nothing))
    }

    fn stop(&mut self) {
        for (prop, value) in [
            (spinel::PROP_MAC_PROMISCUOUS_MODE, 0u8),
            (spinel::PROP_PHY_ENABLED, 0),
        ] {
            let tid = self.next_tid();
            let frame = spinel::property_frame(tid, spinel::CMD_PROP_VALUE_SET, prop, &[value]);
            let _ = self.transport.write_all(&hdlc::encode(&frame));
        }
    }
}

// ----------------------------------------------------------------------------------------------
// ZEP over UDP
// ----------------------------------------------------------------------------------------------

/// ZEP packets received on a UDP socket.
#[derive(Debug)]
pub struct ZepListener {
    socket: UdpSocket,
    address: String,
    buf: Vec<u8>,
}

impl ZepListener {
    /// Binds `address` (`HOST:PORT`; port 0 picks one).
    ///
    /// # Errors
    /// The address cannot be bound.
    pub fn bind(address: &str) -> Result<Self, LiveError> {
        let socket = UdpSocket::bind(address).map_err(|source| LiveError::Socket {
            address: address.to_owned(),
            source,
        })?;
        let address = socket
            .local_addr()
            .map_or_else(|_| address.to_owned(), |a| a.to_string());
        Ok(ZepListener {
            socket,
            address,
            buf: vec![0; 2048],
        })
    }

    /// The bound address.
    #[must_use]
    pub fn local_addr(&self) -> &str {
        &self.address
    }
}

impl LiveRadio for ZepListener {
    fn describe(&self) -> String {
        format!("ZEP on udp://{}", self.address)
    }

    fn channel(&self) -> Option<u8> {
        None
    }

    fn set_channel(&mut self, _channel: u8) -> Result<(), LiveError> {
        Err(LiveError::NoChannelControl("a ZEP listener"))
    }

    fn poll(&mut self, timeout: Duration) -> Result<Polled, LiveError> {
        let sock_err = |source| LiveError::Socket {
            address: self.address.clone(),
            source,
        };
        self.socket
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))
            .map_err(sock_err)?;
        let n = match self.socket.recv(&mut self.buf) {
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                        | std::io::ErrorKind::Interrupted
                ) =>
            {
                return Ok(Polled::Nothing)
            }
            Err(e) => {
                return Err(LiveError::Socket {
                    address: self.address.clone(),
                    source: e,
                })
            }
        };
        let data = self.buf.get(..n).unwrap_or_default();
        let (header, frame) = match zep::parse_zep(data) {
            Ok(ZepPacket::Data(h, f)) => (h, f),
            Ok(ZepPacket::Ack(_)) => return Ok(Polled::Nothing),
            Err(_) => return Ok(Polled::Problem("malformed ZEP packet")),
        };
        let meta = RxMeta {
            channel: Some(header.channel),
            rssi: None,
            lqi: Some(header.lqi),
            timestamp_ns: header.timestamp_ns.unwrap_or_else(now_ns),
            radio_timestamp_ns: header.timestamp_ns,
        };
        if header.crc_mode {
            return Ok(match frame_from_psdu(frame, meta) {
                Ok(f) => Polled::Frame(f),
                Err(p) => Polled::Problem(p),
            });
        }
        // LQI mode: the last two octets are a CC24xx trailer (RSSI, FCS-ok flag and LQI).
        let Some(split) = frame.len().checked_sub(2) else {
            return Ok(Polled::Problem("ZEP frame shorter than its trailer"));
        };
        let (mac, trailer) = frame.split_at(split);
        let (rssi, flags) = match trailer {
            [r, f] => (r.cast_signed(), *f),
            _ => return Ok(Polled::Problem("ZEP frame shorter than its trailer")),
        };
        Ok(Polled::Frame(OwnedFrame {
            number: 0,
            interface: 0,
            timestamp_ns: meta.timestamp_ns,
            channel: meta.channel.map(u16::from),
            rssi: Some(rssi),
            lqi: Some(flags & 0x7f),
            sequence: header.sequence,
            radio_timestamp_ns: meta.radio_timestamp_ns,
            fcs: Fcs::Cc24xx {
                ok: flags & 0x80 != 0,
            },
            mac: mac.to_vec(),
        }))
    }
}

// ----------------------------------------------------------------------------------------------
// The capture loop
// ----------------------------------------------------------------------------------------------

/// Channel hopping: the channels to visit and how long to stay on each.
#[derive(Debug, Clone)]
pub struct Hop {
    /// Time on each channel.
    pub dwell: Duration,
    /// Channels in visiting order.
    pub channels: Vec<u8>,
}

/// A [`LiveRadio`] as a [`FrameSource`]: frames numbered from 1, channel hopping, and an end
/// when the [`StopFlag`] is raised.
pub struct LiveCapture<R: LiveRadio> {
    radio: R,
    stop: StopFlag,
    hop: Option<(Hop, usize, Instant)>,
    number: u64,
    current: Option<OwnedFrame>,
    ended: bool,
}

impl<R: LiveRadio> core::fmt::Debug for LiveCapture<R> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("LiveCapture")
            .field("radio", &self.radio.describe())
            .field("number", &self.number)
            .finish_non_exhaustive()
    }
}

impl<R: LiveRadio> LiveCapture<R> {
    /// Captures from `radio` until `stop` is raised or the radio fails.
    pub fn new(radio: R, stop: StopFlag) -> Self {
        LiveCapture {
            radio,
            stop,
            hop: None,
            number: 0,
            current: None,
            ended: false,
        }
    }

    /// Hops over `hop.channels`, `hop.dwell` on each (starting with the first).
    ///
    /// # Errors
    /// The radio cannot tune; an empty channel list.
    pub fn with_hop(mut self, hop: Hop) -> Result<Self, LiveError> {
        let first = *hop
            .channels
            .first()
            .ok_or(LiveError::NoChannelControl("an empty channel list"))?;
        self.radio.set_channel(first)?;
        self.hop = Some((hop, 0, Instant::now()));
        Ok(self)
    }

    /// The radio.
    pub fn radio(&self) -> &R {
        &self.radio
    }

    /// Frames given out so far.
    #[must_use]
    pub fn frames(&self) -> u64 {
        self.number
    }

    /// Ends the capture: the radio's receiver goes off.
    pub fn finish(&mut self) {
        if !self.ended {
            self.ended = true;
            self.radio.stop();
        }
    }

    fn hop_if_due(&mut self) -> Result<(), LiveError> {
        let Some((hop, index, since)) = self.hop.as_mut() else {
            return Ok(());
        };
        if since.elapsed() < hop.dwell || hop.channels.len() < 2 {
            return Ok(());
        }
        *index = (*index + 1) % hop.channels.len();
        *since = Instant::now();
        let channel = hop.channels.get(*index).copied().unwrap_or(11);
        self.radio.set_channel(channel)
    }
}

impl<R: LiveRadio> FrameSource for LiveCapture<R> {
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        loop {
            if self.ended {
                return None;
            }
            if self.stop.load(Ordering::SeqCst) {
                self.finish();
                return None;
            }
            if let Err(e) = self.hop_if_due() {
                self.ended = true;
                return Some(Err(e.into()));
            }
            match self.radio.poll(Duration::from_millis(50)) {
                Ok(Polled::Nothing) => {}
                Ok(Polled::Frame(mut f)) => {
                    self.number += 1;
                    f.number = self.number;
                    self.current = Some(f);
                    return self.current.as_ref().map(|f| Ok(f.as_frame()));
                }
                Ok(Polled::Problem(p)) => {
                    return Some(Err(CaptureError::Frame {
                        number: self.number + 1,
                        problem: FrameProblem::Radio(p),
                    }))
                }
                Err(e) => {
                    self.ended = true;
                    return Some(Err(e.into()));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn psdu_with_matching_fcs_is_valid() {
        let mac = [0x02, 0x00, 0x2a];
        let mut psdu = mac.to_vec();
        psdu.extend_from_slice(&fcs16(&mac).to_le_bytes());
        let f = frame_from_psdu(&psdu, RxMeta::default()).unwrap();
        assert_eq!(f.mac, mac);
        assert_eq!(f.fcs, Fcs::Valid);
        psdu[3] ^= 1;
        let f = frame_from_psdu(&psdu, RxMeta::default()).unwrap();
        assert_eq!(f.fcs, Fcs::Absent);
        assert_eq!(
            frame_from_psdu(&[1], RxMeta::default()),
            Err("frame shorter than its FCS")
        );
    }

    #[test]
    fn radio_clock_keeps_radio_spacing() {
        let mut c = RadioClock::default();
        let a = c.host_ns(1_000);
        let b = c.host_ns(3_500);
        assert_eq!(b - a, 2_500_000);
    }

    #[test]
    fn zep_listener_takes_frames_from_udp() {
        let l = ZepListener::bind("127.0.0.1:0").unwrap();
        let out = UdpSocket::bind("127.0.0.1:0").unwrap();
        let mac = [0x02, 0x00, 0x2a];
        let mut psdu = mac.to_vec();
        psdu.extend_from_slice(&fcs16(&mac).to_le_bytes());
        let h = zep::ZepHeader {
            version: 2,
            channel: 20,
            device_id: 1,
            crc_mode: true,
            lqi: 99,
            timestamp_ns: Some(1_000_000_000_000),
            sequence: Some(1),
        };
        out.send_to(&zep::emit_zep_v2(&h, &psdu), l.local_addr())
            .unwrap();
        let stop: StopFlag = Arc::default();
        let mut cap = LiveCapture::new(l, stop.clone());
        let f = cap.next_frame().unwrap().unwrap();
        assert_eq!(f.number, 1);
        assert_eq!(f.mac, mac);
        assert_eq!(f.channel, Some(20));
        assert_eq!(f.lqi, Some(99));
        assert_eq!(f.fcs, Fcs::Valid);
        stop.store(true, Ordering::SeqCst);
        assert!(cap.next_frame().is_none());
    }
}
