//! HDLC-lite framing, as Spinel radio coprocessors (OpenThread RCP and NCP firmware) speak it on a
//! UART (Spinel specification, appendix A.1.1; RFC 1662 byte stuffing).
//!
//! A frame is `0x7E`, the payload and its FCS with every special octet escaped, `0x7E`. An octet
//! in {`0x7E`, `0x7D`, `0x11`, `0x13`, `0xF8`} is sent as `0x7D` followed by the octet XOR
//! `0x20`. The FCS is CRC-16/X.25 (reflected polynomial 0x8408, initial value 0xFFFF, final XOR
//! 0xFFFF) over the unescaped payload, sent least significant octet first. Consecutive flags
//! delimit empty frames, which are ignored.
//!
//! [`HdlcDecoder`] is sans-IO: bytes in, frames (or framing errors) out, in any chunking.

use zcl_frames::crc::x25;

/// Flag sequence: starts and ends a frame.
pub const FLAG: u8 = 0x7E;
/// Control escape: the next octet is XORed with [`ESCAPE_XOR`].
pub const ESCAPE: u8 = 0x7D;
/// What an escaped octet is XORed with.
pub const ESCAPE_XOR: u8 = 0x20;
/// XON (escaped so software flow control never sees it).
const XON: u8 = 0x11;
/// XOFF.
const XOFF: u8 = 0x13;
/// Escaped by OpenThread's encoder as well (vendor "special" flag).
const SPECIAL: u8 = 0xF8;

/// Largest payload the decoder keeps; longer frames are dropped with [`HdlcError::TooLong`].
/// (Spinel frames are at most 1300 octets on OpenThread; 802.15.4 frames plus metadata ~160.)
pub const MAX_FRAME: usize = 2048;

/// Why bytes between two flags did not make a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HdlcError {
    /// Fewer than the two FCS octets between the flags.
    #[error("HDLC frame of {len} octets is shorter than its FCS")]
    TooShort {
        /// Unescaped octets received.
        len: usize,
    },
    /// The FCS does not match the payload.
    #[error("HDLC FCS mismatch: computed 0x{computed:04x}, received 0x{found:04x}")]
    BadFcs {
        /// FCS computed over the payload.
        computed: u16,
        /// FCS received.
        found: u16,
    },
    /// The frame grew past [`MAX_FRAME`]; octets up to the next flag were dropped.
    #[error("HDLC frame longer than {MAX_FRAME} octets")]
    TooLong,
    /// An escape octet directly followed by a flag: the sender aborted the frame.
    #[error("HDLC frame aborted (escape followed by flag)")]
    Aborted,
}

/// Whether `b` must be escaped.
#[must_use]
pub fn needs_escape(b: u8) -> bool {
    matches!(b, FLAG | ESCAPE | XON | XOFF | SPECIAL)
}

/// Encodes `payload` as one HDLC-lite frame: flag, escaped payload and FCS, flag.
#[must_use]
pub fn encode(payload: &[u8]) -> Vec<u8> {
    let fcs = x25(payload).to_le_bytes();
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.push(FLAG);
    for &b in payload.iter().chain(fcs.iter()) {
        if needs_escape(b) {
            out.push(ESCAPE);
            out.push(b ^ ESCAPE_XOR);
        } else {
            out.push(b);
        }
    }
    out.push(FLAG);
    out
}

/// Receiver state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for the first flag: octets before it are line noise.
    NoSync,
    /// Inside a frame (or between frames).
    Sync,
    /// After an escape octet.
    Escaped,
    /// Dropping octets of an over-long frame until the next flag.
    Discard,
}

/// Streaming HDLC-lite decoder.
#[derive(Debug, Clone)]
pub struct HdlcDecoder {
    state: State,
    buf: Vec<u8>,
}

impl Default for HdlcDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl HdlcDecoder {
    /// A decoder waiting for its first flag.
    #[must_use]
    pub fn new() -> Self {
        HdlcDecoder {
            state: State::NoSync,
            buf: Vec::with_capacity(256),
        }
    }

    /// Octets of the frame in progress.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Feeds received octets; returns the payloads (FCS removed) of the frames they complete,
    /// and the errors of the ones that were damaged, in order.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Result<Vec<u8>, HdlcError>> {
        let mut out = Vec::new();
        for &b in bytes {
            match (self.state, b) {
                (State::NoSync, FLAG) => {
                    self.state = State::Sync;
                    self.buf.clear();
                }
                (State::NoSync, _) => {}
                (State::Discard, FLAG) => {
                    self.state = State::Sync;
                    self.buf.clear();
                }
                (State::Discard, _) => {}
                (State::Sync, FLAG) => {
                    if !self.buf.is_empty() {
                        out.push(self.finish());
                    }
                }
                (State::Sync, ESCAPE) => self.state = State::Escaped,
                (State::Sync, _) => self.push(b, &mut out),
                (State::Escaped, FLAG) => {
                    out.push(Err(HdlcError::Aborted));
                    self.buf.clear();
                    self.state = State::Sync;
                }
                (State::Escaped, _) => {
                    self.state = State::Sync;
                    self.push(b ^ ESCAPE_XOR, &mut out);
                }
            }
        }
        out
    }

    fn push(&mut self, b: u8, out: &mut Vec<Result<Vec<u8>, HdlcError>>) {
        if self.buf.len() >= MAX_FRAME + 2 {
            out.push(Err(HdlcError::TooLong));
            self.buf.clear();
            self.state = State::Discard;
        } else {
            self.buf.push(b);
        }
    }

    fn finish(&mut self) -> Result<Vec<u8>, HdlcError> {
        let frame = core::mem::take(&mut self.buf);
        let len = frame.len();
        let Some(split) = len.checked_sub(2) else {
            return Err(HdlcError::TooShort { len });
        };
        let (payload, fcs) = frame.split_at(split);
        let found = match fcs {
            [lo, hi] => u16::from_le_bytes([*lo, *hi]),
            _ => return Err(HdlcError::TooShort { len }),
        };
        let computed = x25(payload);
        if computed != found {
            return Err(HdlcError::BadFcs { computed, found });
        }
        Ok(payload.to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crc_is_x25() {
        // CRC-16/X-25 check value over "123456789".
        assert_eq!(x25(b"123456789"), 0x906E);
    }

    #[test]
    fn emit_spinel_reset() {
        // Spinel CMD_RESET with TID 0: header 0x80, command 0x01.
        let bytes = encode(&[0x80, 0x01]);
        assert_eq!(
            bytes,
            [
                0x7E, // flag
                0x80, 0x01, // payload: header, CMD_RESET
                0x02, 0x92, // FCS 0x9202, least significant octet first
                0x7E, // flag
            ]
        );
    }

    #[test]
    fn emit_escapes_special_octets() {
        let bytes = encode(&[0x7E, 0x7D, 0x11, 0x13, 0xF8, 0x00]);
        assert_eq!(
            &bytes[..12],
            &[
                0x7E, // flag
                0x7D, 0x5E, // 0x7E escaped
                0x7D, 0x5D, // 0x7D escaped
                0x7D, 0x31, // XON escaped
                0x7D, 0x33, // XOFF escaped
                0x7D, 0xD8, // 0xF8 escaped
                0x00, // plain
            ]
        );
        let mut d = HdlcDecoder::new();
        assert_eq!(
            d.feed(&bytes),
            vec![Ok(vec![0x7E, 0x7D, 0x11, 0x13, 0xF8, 0x00])]
        );
    }

    #[test]
    fn parse_skips_noise_and_empty_frames() {
        let mut d = HdlcDecoder::new();
        let mut stream = vec![0x01, 0x02, 0x7D]; // noise before the first flag
        stream.extend_from_slice(&[0x7E, 0x7E]); // empty frames
        stream.extend_from_slice(&[0x80, 0x01, 0x02, 0x92, 0x7E]);
        assert_eq!(d.feed(&stream), vec![Ok(vec![0x80, 0x01])]);
        assert_eq!(d.buffered(), 0);
    }

    #[test]
    fn rejects_bad_fcs_short_and_aborted() {
        let mut d = HdlcDecoder::new();
        assert_eq!(
            d.feed(&[0x7E, 0x80, 0x01, 0x03, 0x92, 0x7E]),
            vec![Err(HdlcError::BadFcs {
                computed: 0x9202,
                found: 0x9203
            })]
        );
        assert_eq!(
            d.feed(&[0x01, 0x7E]),
            vec![Err(HdlcError::TooShort { len: 1 })]
        );
        assert_eq!(d.feed(&[0x01, 0x7D, 0x7E]), vec![Err(HdlcError::Aborted)]);
        // The decoder is in step again.
        assert_eq!(d.feed(&encode(&[9])), vec![Ok(vec![9])]);
    }

    #[test]
    fn rejects_overlong_frame_and_resyncs() {
        let mut d = HdlcDecoder::new();
        let mut stream = vec![0x7E];
        stream.extend(std::iter::repeat_n(0x55, MAX_FRAME + 10));
        let out = d.feed(&stream);
        assert_eq!(out, vec![Err(HdlcError::TooLong)]);
        let out = d.feed(&encode(&[1, 2, 3])[..]);
        assert_eq!(out, vec![Ok(vec![1, 2, 3])]);
    }

    proptest! {
        #[test]
        fn roundtrip_any_payloads_any_chunking(
            frames in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..300), 1..6),
            chunk in 1usize..40,
        ) {
            let mut stream = Vec::new();
            for f in &frames {
                stream.extend(encode(f));
            }
            let mut whole = HdlcDecoder::new();
            let got_whole: Vec<_> = whole.feed(&stream);
            let mut parts = HdlcDecoder::new();
            let mut got_parts = Vec::new();
            for c in stream.chunks(chunk) {
                got_parts.extend(parts.feed(c));
            }
            let expected: Vec<Result<Vec<u8>, HdlcError>> = frames.into_iter().map(Ok).collect();
            prop_assert_eq!(&got_whole, &expected);
            prop_assert_eq!(&got_parts, &expected);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut d = HdlcDecoder::new();
            let _ = d.feed(&bytes);
        }
    }
}
