//! ASH frames on the wire: control byte, data, CRC, byte stuffing and the flag (UG101 §2-§4).
//!
//! [`Frame::emit`] turns a frame into the bytes to write; [`Decoder`] turns a byte stream in any
//! chunking back into frames, resynchronising at the next flag after anything it cannot read.

use zcl_frames::crc::ccitt;

/// Ends every frame.
pub const FLAG: u8 = 0x7E;
/// Escapes the next byte, which is sent xor [`ESCAPE_XOR`].
pub const ESCAPE: u8 = 0x7D;
/// What an escaped byte is xored with.
pub const ESCAPE_XOR: u8 = 0x20;
/// Software flow control: resume sending.
pub const XON: u8 = 0x11;
/// Software flow control: stop sending.
pub const XOFF: u8 = 0x13;
/// Replaces a byte that had a low-level (UART) error: the frame it is in is bad.
pub const SUBSTITUTE: u8 = 0x18;
/// Discards the frame in progress.
pub const CANCEL: u8 = 0x1A;
/// The ASH version carried in RSTACK and ERROR frames.
pub const ASH_VERSION: u8 = 0x02;
/// Largest data field accepted in a DATA frame (EZSP frames stay well below it).
pub const MAX_DATA: usize = 250;

/// A reset or error code carried by RSTACK and ERROR frames (UG101 §3, EmberZNet reset codes).
/// Unknown codes are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResetCode(pub u8);

impl ResetCode {
    /// Reset reason unknown.
    pub const UNKNOWN: Self = Self(0x00);
    /// External (reset pin).
    pub const EXTERNAL: Self = Self(0x01);
    /// Power on.
    pub const POWER_ON: Self = Self(0x02);
    /// Watchdog.
    pub const WATCHDOG: Self = Self(0x03);
    /// An assertion failed.
    pub const ASSERT: Self = Self(0x06);
    /// Started from the bootloader.
    pub const BOOTLOADER: Self = Self(0x09);
    /// Software reset (the answer to a host's RST).
    pub const SOFTWARE: Self = Self(0x0B);
    /// The link gave up: the maximum number of consecutive ack timeouts was exceeded.
    pub const EXCEEDED_MAXIMUM_ACK_TIMEOUT_COUNT: Self = Self(0x51);
    /// A chip-specific reset.
    pub const CHIP_SPECIFIC: Self = Self(0x80);

    /// The code's name, if it is a known one.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            Self::UNKNOWN => "unknown",
            Self::EXTERNAL => "external",
            Self::POWER_ON => "power on",
            Self::WATCHDOG => "watchdog",
            Self::ASSERT => "assert",
            Self::BOOTLOADER => "bootloader",
            Self::SOFTWARE => "software",
            Self::EXCEEDED_MAXIMUM_ACK_TIMEOUT_COUNT => "exceeded maximum ack timeout count",
            Self::CHIP_SPECIFIC => "chip specific",
            _ => return None,
        })
    }
}

impl core::fmt::Display for ResetCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} (0x{:02X})", self.0),
            None => write!(f, "0x{:02X}", self.0),
        }
    }
}

/// One ASH frame (UG101 §3: control byte formats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `0 frmNum(3) reTx ackNum(3)`: upper-layer data, randomised on the wire.
    Data {
        /// This frame's number (0-7).
        frm_num: u8,
        /// Set when the frame is a retransmission.
        re_tx: bool,
        /// The number of the next frame the sender expects (piggy-backed ack).
        ack_num: u8,
        /// The upper-layer frame (de-randomised).
        payload: Vec<u8>,
    },
    /// `1 0 0 res nRdy ackNum(3)`: acknowledges every frame before `ack_num`.
    Ack {
        /// The number of the next frame the sender expects.
        ack_num: u8,
        /// The sender cannot take more DATA frames for now.
        n_rdy: bool,
        /// The reserved bit, kept as received.
        reserved: bool,
    },
    /// `1 0 1 res nRdy ackNum(3)`: a frame was bad or out of sequence; resend from `ack_num`.
    Nak {
        /// The number of the next frame the sender expects.
        ack_num: u8,
        /// The sender cannot take more DATA frames for now.
        n_rdy: bool,
        /// The reserved bit, kept as received.
        reserved: bool,
    },
    /// 0xC0: the host asks the NCP to reset.
    Rst,
    /// 0xC1: the NCP has reset.
    RstAck {
        /// ASH version (2).
        version: u8,
        /// Why the NCP reset.
        code: ResetCode,
    },
    /// 0xC2: the NCP hit a fatal link error and will not go on until reset.
    Error {
        /// ASH version (2).
        version: u8,
        /// The error.
        code: ResetCode,
    },
}

/// Why bytes between two flags are not a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The CRC did not match (`length` unstuffed bytes, CRC included).
    #[error("ASH frame of {length} bytes has a bad CRC (received {received:#06x}, computed {computed:#06x})")]
    BadCrc {
        /// Bytes between the flags after unstuffing.
        length: usize,
        /// The CRC in the frame.
        received: u16,
        /// The CRC of its contents.
        computed: u16,
    },
    /// Fewer than 3 bytes (control + CRC) between two flags.
    #[error("ASH frame too short: {length} bytes")]
    TooShort {
        /// Bytes between the flags after unstuffing.
        length: usize,
    },
    /// More bytes than any frame can have before a flag.
    #[error("ASH frame too long: over {max} bytes before a flag")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A SUBSTITUTE byte marked the frame bad.
    #[error("ASH frame marked bad by a SUBSTITUTE byte")]
    Substituted,
    /// The control byte names no frame type (0xC3-0xFF).
    #[error("unknown ASH control byte {0:#04x}")]
    UnknownControl(u8),
    /// The data field length does not fit the frame type.
    #[error("ASH control {control:#04x} with {length} data bytes")]
    BadLength {
        /// The control byte.
        control: u8,
        /// Its data length.
        length: usize,
    },
}

/// The pseudo-random sequence DATA fields are xored with (UG101 §4.3): an 8-bit LFSR seeded
/// with 0x42, shifted right, with 0xB8 fed back when the bit shifted out was 1.
fn randomize(data: &mut [u8]) {
    let mut r: u8 = 0x42;
    for byte in data.iter_mut() {
        *byte ^= r;
        r = if r & 1 == 0 { r >> 1 } else { (r >> 1) ^ 0xB8 };
    }
}

fn is_reserved(byte: u8) -> bool {
    matches!(byte, FLAG | ESCAPE | XON | XOFF | SUBSTITUTE | CANCEL)
}

impl Frame {
    /// The control byte.
    pub fn control(&self) -> u8 {
        match self {
            Frame::Data {
                frm_num,
                re_tx,
                ack_num,
                ..
            } => ((frm_num & 7) << 4) | (u8::from(*re_tx) << 3) | (ack_num & 7),
            Frame::Ack {
                ack_num,
                n_rdy,
                reserved,
            } => 0x80 | (u8::from(*reserved) << 4) | (u8::from(*n_rdy) << 3) | (ack_num & 7),
            Frame::Nak {
                ack_num,
                n_rdy,
                reserved,
            } => 0xA0 | (u8::from(*reserved) << 4) | (u8::from(*n_rdy) << 3) | (ack_num & 7),
            Frame::Rst => 0xC0,
            Frame::RstAck { .. } => 0xC1,
            Frame::Error { .. } => 0xC2,
        }
    }

    /// Appends the frame as sent on the wire (stuffed, CRC, flag) to `out`.
    pub fn emit_into(&self, out: &mut Vec<u8>) {
        let mut raw = Vec::with_capacity(8);
        raw.push(self.control());
        match self {
            Frame::Data { payload, .. } => {
                let start = raw.len();
                raw.extend_from_slice(payload);
                if let Some(data) = raw.get_mut(start..) {
                    randomize(data);
                }
            }
            Frame::RstAck { version, code } | Frame::Error { version, code } => {
                raw.extend_from_slice(&[*version, code.0]);
            }
            Frame::Ack { .. } | Frame::Nak { .. } | Frame::Rst => {}
        }
        let crc = ccitt(&raw);
        raw.extend_from_slice(&crc.to_be_bytes());
        for byte in raw {
            if is_reserved(byte) {
                out.extend_from_slice(&[ESCAPE, byte ^ ESCAPE_XOR]);
            } else {
                out.push(byte);
            }
        }
        out.push(FLAG);
    }

    /// The frame as sent on the wire.
    pub fn emit(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.emit_into(&mut out);
        out
    }

    /// Parses the unstuffed bytes between two flags (CRC included).
    pub fn parse(raw: &[u8]) -> Result<Frame, FrameError> {
        let length = raw.len();
        let (body, crc) = match raw
            .len()
            .checked_sub(2)
            .and_then(|n| raw.split_at_checked(n))
        {
            Some((body, crc)) if !body.is_empty() => (body, crc),
            _ => return Err(FrameError::TooShort { length }),
        };
        let received = match crc {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            _ => return Err(FrameError::TooShort { length }),
        };
        let computed = ccitt(body);
        if received != computed {
            return Err(FrameError::BadCrc {
                length,
                received,
                computed,
            });
        }
        let (&control, data) = body.split_first().ok_or(FrameError::TooShort { length })?;
        let bad_length = FrameError::BadLength {
            control,
            length: data.len(),
        };
        let bit = |n: u8| control & (1 << n) != 0;
        Ok(match control {
            0x00..=0x7F => {
                if data.is_empty() || data.len() > MAX_DATA {
                    return Err(bad_length);
                }
                let mut payload = data.to_vec();
                randomize(&mut payload);
                Frame::Data {
                    frm_num: (control >> 4) & 7,
                    re_tx: bit(3),
                    ack_num: control & 7,
                    payload,
                }
            }
            0x80..=0xBF => {
                if !data.is_empty() {
                    return Err(bad_length);
                }
                let (ack_num, n_rdy, reserved) = (control & 7, bit(3), bit(4));
                if control & 0x20 == 0 {
                    Frame::Ack {
                        ack_num,
                        n_rdy,
                        reserved,
                    }
                } else {
                    Frame::Nak {
                        ack_num,
                        n_rdy,
                        reserved,
                    }
                }
            }
            0xC0 if data.is_empty() => Frame::Rst,
            0xC1 | 0xC2 => match data {
                [version, code] => {
                    let (version, code) = (*version, ResetCode(*code));
                    if control == 0xC1 {
                        Frame::RstAck { version, code }
                    } else {
                        Frame::Error { version, code }
                    }
                }
                _ => return Err(bad_length),
            },
            0xC0 => return Err(bad_length),
            _ => return Err(FrameError::UnknownControl(control)),
        })
    }
}

/// What the byte stream carried besides frames.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamCounters {
    /// XON bytes received.
    pub xon: u64,
    /// XOFF bytes received.
    pub xoff: u64,
    /// Frames discarded by CANCEL.
    pub cancelled: u64,
}

/// Streaming frame decoder: bytes in any chunking in, frames or errors out.
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    buf: Vec<u8>,
    escaped: bool,
    substituted: bool,
    too_long: bool,
    peer_xoff: bool,
    counters: StreamCounters,
}

/// Unstuffed bytes kept before a flag at most (a DATA frame with [`MAX_DATA`] bytes, control
/// and CRC).
const MAX_RAW: usize = MAX_DATA + 3;

impl Decoder {
    /// An empty decoder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether the peer last sent XOFF (and no XON since).
    pub fn peer_xoff(&self) -> bool {
        self.peer_xoff
    }

    /// Flow-control and cancel counts.
    pub fn counters(&self) -> StreamCounters {
        self.counters
    }

    /// Feeds bytes; returns every frame (or framing error) they completed, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Result<Frame, FrameError>> {
        let mut out = Vec::new();
        for &byte in bytes {
            match byte {
                FLAG => {
                    if self.substituted {
                        out.push(Err(FrameError::Substituted));
                    } else if self.too_long {
                        out.push(Err(FrameError::TooLong { max: MAX_RAW }));
                    } else if !self.buf.is_empty() {
                        out.push(Frame::parse(&self.buf));
                    }
                    self.clear();
                }
                CANCEL => {
                    if !self.buf.is_empty() || self.substituted || self.too_long {
                        self.counters.cancelled += 1;
                    }
                    self.clear();
                }
                SUBSTITUTE => self.substituted = true,
                XON => {
                    self.counters.xon += 1;
                    self.peer_xoff = false;
                }
                XOFF => {
                    self.counters.xoff += 1;
                    self.peer_xoff = true;
                }
                ESCAPE => self.escaped = true,
                _ => {
                    let byte = if self.escaped {
                        byte ^ ESCAPE_XOR
                    } else {
                        byte
                    };
                    self.escaped = false;
                    if self.buf.len() >= MAX_RAW {
                        self.too_long = true;
                    } else {
                        self.buf.push(byte);
                    }
                }
            }
        }
        out
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.escaped = false;
        self.substituted = false;
        self.too_long = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    #[test]
    fn emit_rst_check_vector() {
        // control 0xC0, CRC 0x38BC, flag.
        assert_eq!(Frame::Rst.emit(), hex("C0 38 BC 7E"));
    }

    #[test]
    fn emit_ack_check_vector() {
        // control 0x81 (ACK, nRdy 0, ackNum 1), CRC 0x6059, flag.
        let ack = Frame::Ack {
            ack_num: 1,
            n_rdy: false,
            reserved: false,
        };
        assert_eq!(ack.emit(), hex("81 60 59 7E"));
    }

    #[test]
    fn emit_first_data_frame_check_vector() {
        // control 0x00 (frmNum 0, ackNum 0); EZSP legacy version(4) `00 00 00 04` randomised
        // with 42 21 A8 54 -> 42 21 A8 50; CRC 0xED2C; flag.
        let data = Frame::Data {
            frm_num: 0,
            re_tx: false,
            ack_num: 0,
            payload: vec![0, 0, 0, 4],
        };
        assert_eq!(data.emit(), hex("00 42 21 A8 50 ED 2C 7E"));
    }

    #[test]
    fn emit_rstack_software_reset() {
        // control 0xC1, version 2, reset code 0x0B (software), CRC 0x0A52.
        let rstack = Frame::RstAck {
            version: 2,
            code: ResetCode::SOFTWARE,
        };
        assert_eq!(rstack.emit(), hex("C1 02 0B 0A 52 7E"));
    }

    #[test]
    fn parse_check_vectors() {
        let mut decoder = Decoder::new();
        let frames = decoder.feed(&hex("1A C0 38 BC 7E 81 60 59 7E 00 42 21 A8 50 ED 2C 7E"));
        assert_eq!(
            frames,
            vec![
                Ok(Frame::Rst),
                Ok(Frame::Ack {
                    ack_num: 1,
                    n_rdy: false,
                    reserved: false
                }),
                Ok(Frame::Data {
                    frm_num: 0,
                    re_tx: false,
                    ack_num: 0,
                    payload: vec![0, 0, 0, 4]
                }),
            ]
        );
    }

    #[test]
    fn emit_escapes_reserved_bytes() {
        // A NAK with ackNum 6 and nRdy: control 0xAE; every reserved byte in the CRC or data
        // must be escaped. Use an ERROR frame whose code is 0x7E after randomisation-free emit.
        let error = Frame::Error {
            version: 2,
            code: ResetCode(0x7E),
        };
        let bytes = error.emit();
        assert_eq!(&bytes[..4], &[0xC2, 0x02, 0x7D, 0x5E]);
        assert_eq!(bytes.iter().filter(|&&b| b == FLAG).count(), 1);
        assert_eq!(Decoder::new().feed(&bytes), vec![Ok(error)]);
    }

    #[test]
    fn rejects_bad_crc_and_resynchronises() {
        let mut bytes = hex("81 60 58 7E");
        bytes.extend(Frame::Rst.emit());
        let frames = Decoder::new().feed(&bytes);
        assert!(
            matches!(frames[0], Err(FrameError::BadCrc { length: 3, .. })),
            "{frames:?}"
        );
        assert_eq!(frames[1], Ok(Frame::Rst));
    }

    #[test]
    fn rejects_substituted_and_cancelled_frames() {
        let mut decoder = Decoder::new();
        assert_eq!(
            decoder.feed(&hex("81 18 60 59 7E")),
            vec![Err(FrameError::Substituted)]
        );
        // CANCEL drops the partial frame; what follows decodes.
        assert_eq!(
            decoder.feed(&hex("81 60 1A C0 38 BC 7E")),
            vec![Ok(Frame::Rst)]
        );
        assert_eq!(decoder.counters().cancelled, 1);
    }

    #[test]
    fn xon_xoff_are_flow_control_not_data() {
        let mut decoder = Decoder::new();
        assert_eq!(decoder.feed(&hex("C0 13 38 BC 7E")), vec![Ok(Frame::Rst)]);
        assert!(decoder.peer_xoff());
        decoder.feed(&[XON]);
        assert!(!decoder.peer_xoff());
        assert_eq!(decoder.counters().xoff, 1);
    }

    #[test]
    fn rejects_short_long_and_unknown() {
        let mut decoder = Decoder::new();
        assert_eq!(
            decoder.feed(&hex("81 60 7E")),
            vec![Err(FrameError::TooShort { length: 2 })]
        );
        let unknown = {
            let crc = ccitt(&[0xC5]).to_be_bytes();
            vec![0xC5, crc[0], crc[1], FLAG]
        };
        assert_eq!(
            decoder.feed(&unknown),
            vec![Err(FrameError::UnknownControl(0xC5))]
        );
        let long = vec![0x01; MAX_RAW + 10];
        assert_eq!(decoder.feed(&long), vec![]);
        assert_eq!(
            decoder.feed(&[FLAG]),
            vec![Err(FrameError::TooLong { max: MAX_RAW })]
        );
        // An ACK with data is malformed.
        let crc = ccitt(&[0x81, 0x00]).to_be_bytes();
        assert_eq!(
            decoder.feed(&[0x81, 0x00, crc[0], crc[1], FLAG]),
            vec![Err(FrameError::BadLength {
                control: 0x81,
                length: 1
            })]
        );
    }

    fn frame_strategy() -> impl Strategy<Value = Frame> {
        prop_oneof![
            (
                0..8u8,
                any::<bool>(),
                0..8u8,
                proptest::collection::vec(any::<u8>(), 1..=MAX_DATA)
            )
                .prop_map(|(frm_num, re_tx, ack_num, payload)| Frame::Data {
                    frm_num,
                    re_tx,
                    ack_num,
                    payload
                }),
            (0..8u8, any::<bool>(), any::<bool>()).prop_map(|(ack_num, n_rdy, reserved)| {
                Frame::Ack {
                    ack_num,
                    n_rdy,
                    reserved,
                }
            }),
            (0..8u8, any::<bool>(), any::<bool>()).prop_map(|(ack_num, n_rdy, reserved)| {
                Frame::Nak {
                    ack_num,
                    n_rdy,
                    reserved,
                }
            }),
            Just(Frame::Rst),
            (any::<u8>(), any::<u8>()).prop_map(|(version, code)| Frame::RstAck {
                version,
                code: ResetCode(code)
            }),
            (any::<u8>(), any::<u8>()).prop_map(|(version, code)| Frame::Error {
                version,
                code: ResetCode(code)
            }),
        ]
    }

    proptest! {
        #[test]
        fn roundtrip_frames_in_any_chunking(
            frames in proptest::collection::vec(frame_strategy(), 1..8),
            chunk in 1usize..40,
        ) {
            let mut bytes = Vec::new();
            for frame in &frames {
                frame.emit_into(&mut bytes);
            }
            // Between flags no reserved byte appears unescaped.
            prop_assert!(bytes.iter().all(|&b| !matches!(b, XON | XOFF | SUBSTITUTE | CANCEL)));
            let whole = Decoder::new().feed(&bytes);
            let expected: Vec<_> = frames.iter().cloned().map(Ok).collect();
            prop_assert_eq!(&whole, &expected);
            let mut decoder = Decoder::new();
            let mut by_byte = Vec::new();
            for b in &bytes {
                by_byte.extend(decoder.feed(std::slice::from_ref(b)));
            }
            prop_assert_eq!(&by_byte, &expected);
            let mut decoder = Decoder::new();
            let mut chunked = Vec::new();
            for piece in bytes.chunks(chunk) {
                chunked.extend(decoder.feed(piece));
            }
            prop_assert_eq!(&chunked, &expected);
        }

        #[test]
        fn decoder_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = Decoder::new().feed(&bytes);
        }
    }
}
