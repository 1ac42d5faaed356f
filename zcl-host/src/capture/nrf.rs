//! The serial protocol of Nordic's nRF 802.15.4 sniffer firmware (nRF52840 dongle and DK): a
//! text shell over USB CDC.
//!
//! The host sends commands ending in CR LF: `sleep` (radio off), `channel N` (11-26) and
//! `receive` (radio on, promiscuous). The shell echoes what it is sent. While receiving, each
//! frame is one line:
//!
//! ```text
//! received: 4188a0621aff ... 2c5e power: -60 lqi: 255 time: 1234567
//! ```
//!
//! with the PSDU in hex (its last two octets are the FCS field), the RSSI in dBm, the LQI, and
//! the time of reception in microseconds of a 32-bit counter that wraps about every 72 minutes.
//!
//! [`NrfDecoder`] is sans-IO: bytes in, frames and other lines out, in any chunking. Lines
//! longer than [`MAX_LINE`] are dropped with an error.

use std::fmt::Write as _;

/// Longest line kept (a 127-octet PSDU is 254 hex digits plus the fields).
pub const MAX_LINE: usize = 1024;

/// Longest PSDU of 2.4 GHz 802.15.4 (aMaxPhyPacketSize).
pub const MAX_PSDU: usize = 127;

/// One `received:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NrfFrame {
    /// The PSDU: MAC header, payload and the two octets of the FCS field.
    pub psdu: Vec<u8>,
    /// RSSI in dBm.
    pub power: i16,
    /// Link quality indication.
    pub lqi: u8,
    /// Reception time, microseconds of the sniffer's 32-bit counter.
    pub time_us: u32,
}

impl NrfFrame {
    /// The line the firmware prints for this frame, with its CR LF.
    #[must_use]
    pub fn to_line(&self) -> String {
        let mut s = String::with_capacity(self.psdu.len() * 2 + 48);
        s.push_str("received: ");
        for b in &self.psdu {
            let _ = write!(s, "{b:02x}");
        }
        let _ = write!(
            s,
            " power: {} lqi: {} time: {}\r\n",
            self.power, self.lqi, self.time_us
        );
        s
    }
}

/// What a line from the sniffer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NrfEvent {
    /// A received frame.
    Frame(NrfFrame),
    /// Any other non-empty line: a command echo, a prompt, a shell message.
    Text(String),
}

/// Why a line was not understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NrfError {
    /// A line longer than [`MAX_LINE`].
    #[error("nRF sniffer line longer than {MAX_LINE} octets")]
    LineTooLong,
    /// A `received:` line with a missing or malformed field.
    #[error("malformed nRF sniffer frame line ({field}): {line:?}")]
    BadField {
        /// Which field.
        field: &'static str,
        /// The line (cut to 80 characters).
        line: String,
    },
    /// A PSDU shorter than its FCS or longer than 127 octets.
    #[error("nRF sniffer frame of {len} octets (2 to {MAX_PSDU} expected)")]
    BadLength {
        /// Octets in the line.
        len: usize,
    },
}

/// A command the sniffer's shell takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NrfCommand {
    /// `sleep`: radio off.
    Sleep,
    /// `channel N`.
    Channel(u8),
    /// `receive`: radio on, frames reported.
    Receive,
    /// Anything else (the shell answers with an error).
    Other(String),
}

impl NrfCommand {
    /// Parses one command line (without its line end).
    #[must_use]
    pub fn parse(line: &str) -> Self {
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("sleep"), None, _) => NrfCommand::Sleep,
            (Some("receive"), None, _) => NrfCommand::Receive,
            (Some("channel"), Some(n), None) => match n.parse::<u8>() {
                Ok(ch) => NrfCommand::Channel(ch),
                Err(_) => NrfCommand::Other(line.trim().to_owned()),
            },
            _ => NrfCommand::Other(line.trim().to_owned()),
        }
    }

    /// The line a host sends, with its CR LF.
    #[must_use]
    pub fn to_line(&self) -> String {
        match self {
            NrfCommand::Sleep => "sleep\r\n".to_owned(),
            NrfCommand::Receive => "receive\r\n".to_owned(),
            NrfCommand::Channel(c) => format!("channel {c}\r\n"),
            NrfCommand::Other(s) => format!("{s}\r\n"),
        }
    }
}

fn cut(line: &str) -> String {
    line.chars().take(80).collect()
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Parses one line (without its line end).
///
/// # Errors
/// A `received:` line that does not have the PSDU, power, LQI and time fields.
pub fn parse_line(line: &str) -> Result<Option<NrfEvent>, NrfError> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let Some(at) = trimmed.find("received:") else {
        return Ok(Some(NrfEvent::Text(trimmed.to_owned())));
    };
    let rest = trimmed.get(at + "received:".len()..).unwrap_or_default();
    let bad = |field| NrfError::BadField {
        field,
        line: cut(trimmed),
    };
    let mut words = rest.split_whitespace();
    let hex = words.next().ok_or_else(|| bad("psdu"))?;
    let mut fields = [None::<i64>; 3];
    for (i, (name, label)) in [("power:", "power"), ("lqi:", "lqi"), ("time:", "time")]
        .into_iter()
        .enumerate()
    {
        if words.next() != Some(name) {
            return Err(bad(label));
        }
        let v = words
            .next()
            .and_then(|w| w.parse::<i64>().ok())
            .ok_or_else(|| bad(label))?;
        if let Some(slot) = fields.get_mut(i) {
            *slot = Some(v);
        }
    }
    let hex = hex.as_bytes();
    if hex.len() % 2 != 0 {
        return Err(bad("psdu"));
    }
    let mut psdu = Vec::with_capacity(hex.len() / 2);
    for pair in hex.chunks_exact(2) {
        match pair {
            [h, l] => match (hex_digit(*h), hex_digit(*l)) {
                (Some(h), Some(l)) => psdu.push(h << 4 | l),
                _ => return Err(bad("psdu")),
            },
            _ => return Err(bad("psdu")),
        }
    }
    if !(2..=MAX_PSDU).contains(&psdu.len()) {
        return Err(NrfError::BadLength { len: psdu.len() });
    }
    let [Some(power), Some(lqi), Some(time)] = fields else {
        return Err(bad("fields"));
    };
    let power = i16::try_from(power).map_err(|_| bad("power"))?;
    let lqi = u8::try_from(lqi).map_err(|_| bad("lqi"))?;
    // The counter is 32 bits; the firmware has printed it signed at times.
    let time_us = (time & 0xffff_ffff) as u32;
    Ok(Some(NrfEvent::Frame(NrfFrame {
        psdu,
        power,
        lqi,
        time_us,
    })))
}

/// Streaming line decoder for the sniffer's output.
#[derive(Debug, Clone, Default)]
pub struct NrfDecoder {
    line: Vec<u8>,
    overflow: bool,
}

impl NrfDecoder {
    /// A decoder at the start of a line.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Octets of the line in progress.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.line.len()
    }

    /// Feeds received octets; returns the events and errors of the lines they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Result<NrfEvent, NrfError>> {
        let mut out = Vec::new();
        for &b in bytes {
            if b == b'\n' || b == b'\r' {
                if self.overflow {
                    out.push(Err(NrfError::LineTooLong));
                } else if !self.line.is_empty() {
                    let text = String::from_utf8_lossy(&self.line);
                    match parse_line(&text) {
                        Ok(Some(e)) => out.push(Ok(e)),
                        Ok(None) => {}
                        Err(e) => out.push(Err(e)),
                    }
                }
                self.line.clear();
                self.overflow = false;
            } else if self.line.len() >= MAX_LINE {
                self.overflow = true;
                self.line.clear();
            } else if !self.overflow {
                self.line.push(b);
            }
        }
        out
    }
}

/// Turns the sniffer's wrapping 32-bit microsecond counter into a monotonic 64-bit one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeUnwrapper {
    last: Option<u32>,
    high: u64,
}

impl TimeUnwrapper {
    /// The 64-bit time of a 32-bit reading (readings must come less than 36 minutes apart).
    pub fn unwrap(&mut self, raw: u32) -> u64 {
        if let Some(last) = self.last {
            if raw < last && last - raw > u32::MAX / 2 {
                self.high += 1 << 32;
            }
        }
        self.last = Some(raw);
        self.high + u64::from(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A line as the firmware prints it: an 802.15.4 acknowledgment.
    const ACK_LINE: &[u8] = b"received: 02002ae03b power: -60 lqi: 255 time: 1234567\r\n";

    #[test]
    fn parse_received_line() {
        let mut d = NrfDecoder::new();
        let out = d.feed(ACK_LINE);
        assert_eq!(
            out,
            vec![Ok(NrfEvent::Frame(NrfFrame {
                psdu: vec![
                    0x02, 0x00, // frame control: acknowledgment
                    0x2a, // sequence number
                    0xe0, 0x3b, // FCS field (0x3be0)
                ],
                power: -60,
                lqi: 255,
                time_us: 1_234_567,
            }))]
        );
    }

    #[test]
    fn parse_echo_and_prompt_as_text() {
        let mut d = NrfDecoder::new();
        let out = d.feed(b"channel 15\r\n\r\nsleep\r\n");
        assert_eq!(
            out,
            vec![
                Ok(NrfEvent::Text("channel 15".into())),
                Ok(NrfEvent::Text("sleep".into()))
            ]
        );
    }

    #[test]
    fn parse_negative_time_wraps_to_32_bits() {
        let e = parse_line("received: 0000 power: -1 lqi: 0 time: -1").unwrap();
        let Some(NrfEvent::Frame(f)) = e else {
            panic!("{e:?}")
        };
        assert_eq!(f.time_us, u32::MAX);
    }

    #[test]
    fn emit_line_roundtrips() {
        let f = NrfFrame {
            psdu: vec![0x02, 0x00, 0x2a, 0xe0, 0x3b],
            power: -60,
            lqi: 255,
            time_us: 1_234_567,
        };
        assert_eq!(f.to_line().as_bytes(), ACK_LINE);
    }

    #[test]
    fn rejects_malformed_lines() {
        for (line, field) in [
            ("received:", "psdu"),
            ("received: 0g00 power: 1 lqi: 2 time: 3", "psdu"),
            ("received: 000 power: 1 lqi: 2 time: 3", "psdu"),
            ("received: 0000 power: x lqi: 2 time: 3", "power"),
            ("received: 0000 power: 1 lqi: 256 time: 3", "lqi"),
            ("received: 0000 power: 1 lqi: 2", "time"),
            ("received: 0000 rssi: 1 lqi: 2 time: 3", "power"),
        ] {
            match parse_line(line) {
                Err(NrfError::BadField { field: f, .. }) => assert_eq!(f, field, "{line}"),
                other => panic!("{line}: {other:?}"),
            }
        }
        assert_eq!(
            parse_line("received: 00 power: 1 lqi: 2 time: 3"),
            Err(NrfError::BadLength { len: 1 })
        );
    }

    #[test]
    fn rejects_overlong_line_and_resyncs() {
        let mut d = NrfDecoder::new();
        let mut bytes = vec![b'a'; MAX_LINE + 5];
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(ACK_LINE);
        let out = d.feed(&bytes);
        assert_eq!(out.len(), 2);
        assert_eq!(out[0], Err(NrfError::LineTooLong));
        assert!(matches!(out[1], Ok(NrfEvent::Frame(_))));
    }

    #[test]
    fn parse_commands() {
        assert_eq!(NrfCommand::parse("sleep"), NrfCommand::Sleep);
        assert_eq!(NrfCommand::parse(" channel 26 "), NrfCommand::Channel(26));
        assert_eq!(NrfCommand::parse("receive"), NrfCommand::Receive);
        assert_eq!(
            NrfCommand::parse("channel x"),
            NrfCommand::Other("channel x".into())
        );
        assert_eq!(NrfCommand::Channel(11).to_line(), "channel 11\r\n");
    }

    #[test]
    fn time_unwraps_across_the_32_bit_boundary() {
        let mut t = TimeUnwrapper::default();
        assert_eq!(t.unwrap(u32::MAX - 10), u64::from(u32::MAX - 10));
        assert_eq!(t.unwrap(5), (1u64 << 32) + 5);
        assert_eq!(t.unwrap(6), (1u64 << 32) + 6);
    }

    proptest! {
        #[test]
        fn roundtrip_any_frame_any_chunking(
            psdu in proptest::collection::vec(any::<u8>(), 2..=127),
            power in any::<i16>(), lqi in any::<u8>(), time_us in any::<u32>(),
            chunk in 1usize..50,
        ) {
            let f = NrfFrame { psdu, power, lqi, time_us };
            let mut stream = b"sleep\r\n".to_vec();
            stream.extend_from_slice(f.to_line().as_bytes());
            let mut d = NrfDecoder::new();
            let mut got = Vec::new();
            for c in stream.chunks(chunk) {
                got.extend(d.feed(c));
            }
            prop_assert_eq!(got, vec![Ok(NrfEvent::Text("sleep".into())), Ok(NrfEvent::Frame(f))]);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let mut d = NrfDecoder::new();
            let _ = d.feed(&bytes);
        }
    }
}
