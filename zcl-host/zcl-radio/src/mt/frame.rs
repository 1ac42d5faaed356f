//! MT frames: the header (CMD0/CMD1), the framed byte layout and a streaming decoder.

use std::fmt;

/// Start-of-frame marker that opens every MT frame on a UART link.
pub const SOF: u8 = 0xFE;

/// Largest payload an MT frame may carry (`MT_RPC_DATA_MAX`).
pub const MAX_PAYLOAD: usize = 250;

/// Bytes of framing around the payload: SOF, length, CMD0, CMD1 and FCS.
pub const FRAME_OVERHEAD: usize = 5;

/// Message type, bits 7-5 of CMD0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommandType {
    /// Poll for queued data (SPI transport only).
    Poll,
    /// Synchronous request: the other side answers with exactly one SRSP.
    Sreq,
    /// Asynchronous request or indication: no response.
    Areq,
    /// Synchronous response to an SREQ.
    Srsp,
    /// A reserved type value (4-7), kept as received.
    Reserved(u8),
}

impl CommandType {
    /// The 3-bit type code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::Poll => 0,
            Self::Sreq => 1,
            Self::Areq => 2,
            Self::Srsp => 3,
            Self::Reserved(v) => v & 0x07,
        }
    }

    /// The type for a 3-bit code (higher bits are ignored).
    #[must_use]
    pub fn from_code(code: u8) -> Self {
        match code & 0x07 {
            0 => Self::Poll,
            1 => Self::Sreq,
            2 => Self::Areq,
            3 => Self::Srsp,
            v => Self::Reserved(v),
        }
    }
}

impl fmt::Display for CommandType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Poll => f.write_str("POLL"),
            Self::Sreq => f.write_str("SREQ"),
            Self::Areq => f.write_str("AREQ"),
            Self::Srsp => f.write_str("SRSP"),
            Self::Reserved(v) => write!(f, "TYPE{v}"),
        }
    }
}

/// Subsystem, bits 4-0 of CMD0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subsystem {
    /// RPC error responses from the coprocessor (0x00).
    RpcError,
    /// System interface: reset, version, NV memory (0x01).
    Sys,
    /// MAC layer (0x02).
    Mac,
    /// Network layer (0x03).
    Nwk,
    /// Application framework: endpoints and data (0x04).
    Af,
    /// Zigbee Device Object (0x05).
    Zdo,
    /// Simple API (0x06).
    Sapi,
    /// Utilities (0x07).
    Util,
    /// Debug output (0x08).
    Debug,
    /// Application messages (0x09).
    App,
    /// Over-the-air upgrade (0x0A).
    Ota,
    /// ZNP-specific (0x0B).
    Znp,
    /// Serial bootloader functions (0x0D).
    UblFunc,
    /// Application configuration and Base Device Behaviour (0x0F).
    AppCnf,
    /// Protocol buffers (0x11).
    Protobuf,
    /// Green Power (0x15).
    Zgp,
    /// Any other 5-bit value, kept as received.
    Unknown(u8),
}

impl Subsystem {
    /// The 5-bit subsystem code.
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            Self::RpcError => 0x00,
            Self::Sys => 0x01,
            Self::Mac => 0x02,
            Self::Nwk => 0x03,
            Self::Af => 0x04,
            Self::Zdo => 0x05,
            Self::Sapi => 0x06,
            Self::Util => 0x07,
            Self::Debug => 0x08,
            Self::App => 0x09,
            Self::Ota => 0x0A,
            Self::Znp => 0x0B,
            Self::UblFunc => 0x0D,
            Self::AppCnf => 0x0F,
            Self::Protobuf => 0x11,
            Self::Zgp => 0x15,
            Self::Unknown(v) => v & 0x1F,
        }
    }

    /// The subsystem for a 5-bit code (higher bits are ignored).
    #[must_use]
    pub fn from_code(code: u8) -> Self {
        match code & 0x1F {
            0x00 => Self::RpcError,
            0x01 => Self::Sys,
            0x02 => Self::Mac,
            0x03 => Self::Nwk,
            0x04 => Self::Af,
            0x05 => Self::Zdo,
            0x06 => Self::Sapi,
            0x07 => Self::Util,
            0x08 => Self::Debug,
            0x09 => Self::App,
            0x0A => Self::Ota,
            0x0B => Self::Znp,
            0x0D => Self::UblFunc,
            0x0F => Self::AppCnf,
            0x11 => Self::Protobuf,
            0x15 => Self::Zgp,
            v => Self::Unknown(v),
        }
    }
}

impl fmt::Display for Subsystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::RpcError => "RPC_ERROR",
            Self::Sys => "SYS",
            Self::Mac => "MAC",
            Self::Nwk => "NWK",
            Self::Af => "AF",
            Self::Zdo => "ZDO",
            Self::Sapi => "SAPI",
            Self::Util => "UTIL",
            Self::Debug => "DEBUG",
            Self::App => "APP",
            Self::Ota => "OTA",
            Self::Znp => "ZNP",
            Self::UblFunc => "UBL_FUNC",
            Self::AppCnf => "APP_CNF",
            Self::Protobuf => "PROTOBUF",
            Self::Zgp => "ZGP",
            Self::Unknown(v) => return write!(f, "SUBSYS{v:#04x}"),
        };
        f.write_str(name)
    }
}

/// The two command bytes of a frame: CMD0 (type and subsystem) and CMD1 (command id).
///
/// Stored as the raw bytes, so any CMD0 round-trips, including reserved types and subsystems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// CMD0: type in bits 7-5, subsystem in bits 4-0.
    pub cmd0: u8,
    /// CMD1: command id within the subsystem.
    pub cmd1: u8,
}

impl Header {
    /// A header from its parts.
    #[must_use]
    pub fn new(kind: CommandType, subsystem: Subsystem, id: u8) -> Self {
        Self {
            cmd0: (kind.code() << 5) | subsystem.code(),
            cmd1: id,
        }
    }

    /// A header from the raw CMD0 and CMD1 bytes.
    #[must_use]
    pub fn from_bytes(cmd0: u8, cmd1: u8) -> Self {
        Self { cmd0, cmd1 }
    }

    /// Message type (CMD0 bits 7-5).
    #[must_use]
    pub fn kind(self) -> CommandType {
        CommandType::from_code(self.cmd0 >> 5)
    }

    /// Subsystem (CMD0 bits 4-0).
    #[must_use]
    pub fn subsystem(self) -> Subsystem {
        Subsystem::from_code(self.cmd0)
    }

    /// Command id (CMD1).
    #[must_use]
    pub fn id(self) -> u8 {
        self.cmd1
    }

    /// The same subsystem and id with another type (for example the SRSP header of an SREQ).
    #[must_use]
    pub fn with_kind(self, kind: CommandType) -> Self {
        Self {
            cmd0: (kind.code() << 5) | (self.cmd0 & 0x1F),
            cmd1: self.cmd1,
        }
    }
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {:#04x}", self.kind(), self.subsystem(), self.cmd1)
    }
}

/// Errors while building or emitting a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The payload is longer than an MT frame can carry.
    #[error("MT payload of {len} bytes exceeds the maximum of {max}")]
    PayloadTooLong {
        /// Payload length asked for.
        len: usize,
        /// Largest allowed payload ([`MAX_PAYLOAD`]).
        max: usize,
    },
    /// A length-prefixed field holds more items than its prefix can count.
    #[error("field `{field}` holds {len} items, more than its prefix allows ({max})")]
    FieldTooLong {
        /// Field name.
        field: &'static str,
        /// Number of items or bytes in the field.
        len: usize,
        /// Largest count the prefix can express.
        max: usize,
    },
    /// The output buffer is too small.
    #[error("buffer too small: {needed} bytes needed, {available} available")]
    BufferTooSmall {
        /// Bytes the frame needs.
        needed: usize,
        /// Bytes in the buffer.
        available: usize,
    },
}

/// One MT frame: header and payload. The SOF, length and FCS are added by [`Frame::emit`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Frame {
    /// CMD0 and CMD1.
    pub header: Header,
    payload: Vec<u8>,
}

impl Frame {
    /// A frame with this header and payload; fails if the payload exceeds [`MAX_PAYLOAD`].
    ///
    /// # Errors
    /// [`EncodeError::PayloadTooLong`].
    pub fn new(header: Header, payload: Vec<u8>) -> Result<Self, EncodeError> {
        if payload.len() > MAX_PAYLOAD {
            return Err(EncodeError::PayloadTooLong {
                len: payload.len(),
                max: MAX_PAYLOAD,
            });
        }
        Ok(Self { header, payload })
    }

    /// A frame with this header and no payload (always valid).
    #[must_use]
    pub fn empty(header: Header) -> Self {
        Self {
            header,
            payload: Vec::new(),
        }
    }

    /// The payload bytes (at most [`MAX_PAYLOAD`]).
    #[must_use]
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// Takes the payload out of the frame.
    #[must_use]
    pub fn into_payload(self) -> Vec<u8> {
        self.payload
    }

    /// Bytes [`Frame::emit`] writes: payload plus [`FRAME_OVERHEAD`].
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.payload.len() + FRAME_OVERHEAD
    }

    /// The frame check sequence: XOR of length, CMD0, CMD1 and the payload.
    #[must_use]
    pub fn fcs(&self) -> u8 {
        // The constructor guarantees the length fits in a byte.
        let len = u8::try_from(self.payload.len()).unwrap_or(u8::MAX);
        fcs_of(len, self.header, &self.payload)
    }

    /// Writes the framed bytes into `buf`, returning the length written.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`] if `buf` is shorter than [`Frame::buffer_len`].
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let needed = self.buffer_len();
        let available = buf.len();
        let Some(out) = buf.get_mut(..needed) else {
            return Err(EncodeError::BufferTooSmall { needed, available });
        };
        let len = u8::try_from(self.payload.len()).unwrap_or(u8::MAX);
        let (head, rest) = out.split_at_mut(4);
        head.copy_from_slice(&[SOF, len, self.header.cmd0, self.header.cmd1]);
        let (body, tail) = rest.split_at_mut(self.payload.len());
        body.copy_from_slice(&self.payload);
        for b in tail.iter_mut() {
            *b = self.fcs();
        }
        Ok(needed)
    }

    /// Appends the framed bytes to `out`.
    pub fn emit_vec(&self, out: &mut Vec<u8>) {
        let len = u8::try_from(self.payload.len()).unwrap_or(u8::MAX);
        out.reserve(self.buffer_len());
        out.extend_from_slice(&[SOF, len, self.header.cmd0, self.header.cmd1]);
        out.extend_from_slice(&self.payload);
        out.push(self.fcs());
    }

    /// The framed bytes as a new vector.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buffer_len());
        self.emit_vec(&mut out);
        out
    }

    /// Parses exactly one complete frame (SOF through FCS) from `bytes`.
    ///
    /// # Errors
    /// A [`FrameError`] when `bytes` is not exactly one valid frame.
    pub fn parse(bytes: &[u8]) -> Result<Self, FrameError> {
        let mut decoder = Decoder::new();
        let mut items = decoder.feed(bytes);
        if decoder.buffered() != 0 {
            return Err(FrameError::Incomplete {
                buffered: decoder.buffered(),
            });
        }
        let count = items.len();
        match (count, items.pop()) {
            (1, Some(item)) => item,
            _ => Err(FrameError::NotSingleFrame { items: count }),
        }
    }
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [", self.header)?;
        for (i, b) in self.payload.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{b:02X}")?;
        }
        f.write_str("]")
    }
}

fn fcs_of(len: u8, header: Header, payload: &[u8]) -> u8 {
    payload
        .iter()
        .fold(len ^ header.cmd0 ^ header.cmd1, |acc, b| acc ^ b)
}

/// Framing errors reported by the [`Decoder`]. The decoder resynchronises after each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The FCS byte does not match the frame; the frame is dropped.
    #[error("bad FCS for {header}: expected {expected:#04x}, got {actual:#04x} (stream offset {offset})")]
    BadFcs {
        /// Header of the dropped frame.
        header: Header,
        /// FCS computed over the received bytes.
        expected: u8,
        /// FCS byte received.
        actual: u8,
        /// Stream offset of the frame's SOF.
        offset: u64,
    },
    /// The length byte exceeds [`MAX_PAYLOAD`]; the SOF is treated as garbage.
    #[error("length {len} exceeds the maximum of {max} (stream offset {offset})")]
    LengthTooLong {
        /// Length byte received.
        len: u8,
        /// Largest allowed payload.
        max: usize,
        /// Stream offset of the SOF.
        offset: u64,
    },
    /// Bytes before a SOF were skipped.
    #[error("{count} bytes skipped before a start of frame (stream offset {offset})")]
    Garbage {
        /// Number of bytes skipped.
        count: usize,
        /// Stream offset of the first skipped byte.
        offset: u64,
    },
    /// [`Frame::parse`]: input ended inside a frame.
    #[error("input ends inside a frame ({buffered} bytes buffered)")]
    Incomplete {
        /// Bytes of the unfinished frame.
        buffered: usize,
    },
    /// [`Frame::parse`]: input held zero or several frames or errors.
    #[error("expected exactly one frame, got {items} items")]
    NotSingleFrame {
        /// Frames and errors found.
        items: usize,
    },
}

/// Streaming MT frame decoder: bytes in, frames or framing errors out.
///
/// Feeding a stream whole, byte by byte or in any chunks gives the same sequence of results.
/// After garbage, a bad length or a bad FCS the decoder skips to the next SOF. A frame whose
/// FCS fails is dropped whole (its bytes are not rescanned for a SOF), as the length byte was
/// plausible; a length over [`MAX_PAYLOAD`] only drops the SOF and rescans from the next byte.
#[derive(Debug, Clone, Default)]
pub struct Decoder {
    buf: Vec<u8>,
    /// Stream offset of `buf[0]`.
    offset: u64,
    /// Garbage bytes skipped but not yet reported, and where they started.
    garbage: Option<(usize, u64)>,
}

impl Decoder {
    /// A decoder at the start of a stream.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Bytes held for an unfinished frame.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Drops any partial frame (for example after the port was reopened).
    pub fn reset(&mut self) {
        self.offset += self.buf.len() as u64;
        self.buf.clear();
        self.garbage = None;
    }

    /// Gives up on the unfinished frame held (call it when the line has been quiet for longer
    /// than a frame takes: UART bytes of one frame arrive back to back). Its SOF is dropped and
    /// the bytes after it are scanned again, so a frame hidden behind a damaged length byte is
    /// still found. Returns an [`FrameError::Incomplete`] for the dropped frame, then whatever
    /// the rescan completes; nothing when no frame was in progress.
    pub fn expire_partial(&mut self) -> Vec<Result<Frame, FrameError>> {
        if self.buf.first() != Some(&SOF) {
            return Vec::new();
        }
        let buffered = self.buf.len();
        self.buf.remove(0);
        self.offset += 1;
        let mut out = vec![Err(FrameError::Incomplete { buffered })];
        out.extend(self.feed(&[]));
        out
    }

    /// Feeds bytes; returns the frames and framing errors completed by them, in stream order.
    ///
    /// Skipped garbage is reported once a SOF follows it (so chunking does not split a report).
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Result<Frame, FrameError>> {
        let mut out = Vec::new();
        self.buf.extend_from_slice(bytes);
        let mut start = 0usize;
        loop {
            let rest = self.buf.get(start..).unwrap_or_default();
            if rest.is_empty() {
                break;
            }
            // Skip to the next SOF.
            let Some(sof_at) = rest.iter().position(|&b| b == SOF) else {
                note_garbage(&mut self.garbage, rest.len(), self.offset + start as u64);
                start = self.buf.len();
                break;
            };
            if sof_at > 0 {
                note_garbage(&mut self.garbage, sof_at, self.offset + start as u64);
                start += sof_at;
            }
            let frame_offset = self.offset + start as u64;
            let rest = self.buf.get(start..).unwrap_or_default();
            let Some(&len) = rest.get(1) else {
                break;
            };
            if usize::from(len) > MAX_PAYLOAD {
                flush_garbage(&mut self.garbage, &mut out);
                out.push(Err(FrameError::LengthTooLong {
                    len,
                    max: MAX_PAYLOAD,
                    offset: frame_offset,
                }));
                start += 1;
                continue;
            }
            let total = usize::from(len) + FRAME_OVERHEAD;
            let Some(raw) = rest.get(..total) else {
                break;
            };
            flush_garbage(&mut self.garbage, &mut out);
            let (cmd0, cmd1) = (
                raw.get(2).copied().unwrap_or(0),
                raw.get(3).copied().unwrap_or(0),
            );
            let header = Header::from_bytes(cmd0, cmd1);
            let payload = raw.get(4..total - 1).unwrap_or_default();
            let actual = raw.get(total - 1).copied().unwrap_or(0);
            let expected = fcs_of(len, header, payload);
            if expected == actual {
                out.push(Ok(Frame {
                    header,
                    payload: payload.to_vec(),
                }));
            } else {
                out.push(Err(FrameError::BadFcs {
                    header,
                    expected,
                    actual,
                    offset: frame_offset,
                }));
            }
            start += total;
        }
        self.buf.drain(..start.min(self.buf.len()));
        self.offset += start as u64;
        out
    }
}

fn note_garbage(garbage: &mut Option<(usize, u64)>, count: usize, offset: u64) {
    match garbage {
        Some((n, _)) => *n += count,
        None => *garbage = Some((count, offset)),
    }
}

fn flush_garbage(garbage: &mut Option<(usize, u64)>, out: &mut Vec<Result<Frame, FrameError>>) {
    if let Some((count, offset)) = garbage.take() {
        out.push(Err(FrameError::Garbage { count, offset }));
    }
}
