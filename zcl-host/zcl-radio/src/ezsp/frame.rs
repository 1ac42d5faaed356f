//! EZSP frame header (UG100 §3): sequence number, frame control and frame id.
//!
//! Two header formats exist. The legacy format (`seq`, one frame-control byte, 8-bit frame id)
//! is what every host sends for the first `version` command, before it knows what the NCP
//! speaks. From v8 on, frames use the extended format: `seq`, frame control low byte, frame
//! control high byte (frame format version 1 in bits 0-1, padding bit 6, security bit 7) and a
//! 16-bit little-endian frame id.
//!
//! Frame-control low byte:
//!
//! | bit | command                    | response                               |
//! |-----|----------------------------|----------------------------------------|
//! | 7   | 0 (direction: command)     | 1 (direction: response)                |
//! | 6-5 | network index              | network index                          |
//! | 4-3 | reserved                   | callback type: 0 none, 1 sync, 2 async |
//! | 2   | reserved                   | callback pending                       |
//! | 1-0 | sleep mode                 | bit 1 truncated, bit 0 overflow        |
//!
//! Reserved bits are kept as they are, so every header round-trips byte for byte.

use std::fmt;

use super::version::ProtocolVersion;
use super::wire::DecodeError;

/// Header format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderFormat {
    /// `seq, fc, id8` (before v8, and for the first `version` command).
    Legacy,
    /// `seq, fc_lo, fc_hi, id16_le` (v8+).
    Extended,
}

impl HeaderFormat {
    /// The format frames of version `v` use.
    #[must_use]
    pub fn for_version(v: ProtocolVersion) -> Self {
        if v.uses_extended_header() {
            Self::Extended
        } else {
            Self::Legacy
        }
    }

    /// Header length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        match self {
            Self::Legacy => 3,
            Self::Extended => 5,
        }
    }

    /// Always false; a header is never empty.
    #[must_use]
    pub fn is_empty(self) -> bool {
        false
    }

    /// Guesses the format of a received frame: extended when the third byte carries frame
    /// format version 1 (bits 0-1) and the frame is long enough, legacy otherwise.
    ///
    /// Reliable for the legacy `version` command (`seq 00 00 ..`) and for any extended frame;
    /// a legacy frame whose 8-bit id has low bits `01` would be misread, but hosts only send
    /// `version` in legacy format.
    #[must_use]
    pub fn detect(frame: &[u8]) -> Self {
        match frame.get(2) {
            Some(b) if b & 0x03 == 0x01 && frame.len() >= 5 => Self::Extended,
            _ => Self::Legacy,
        }
    }
}

/// Callback type bits (4-3) of a response frame control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CallbackType {
    /// Not a callback (a response to a command).
    None,
    /// A synchronous callback (answer to the `callback` command).
    Sync,
    /// An asynchronous callback (sent unsolicited, UART hosts).
    Async,
    /// The reserved value 3.
    Reserved,
}

/// Sleep mode bits (1-0) of a command frame control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SleepMode {
    /// Idle (0).
    Idle,
    /// Deep sleep (1).
    DeepSleep,
    /// Power down (2).
    PowerDown,
    /// Reserved (3).
    Reserved,
}

/// The 16-bit frame control: low byte in bits 0-7, high byte (extended header only) in 8-15.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FrameControl(pub u16);

impl FrameControl {
    const DIRECTION: u16 = 0x80;
    const NETWORK_MASK: u16 = 0x60;
    const CALLBACK_MASK: u16 = 0x18;
    const PENDING: u16 = 0x04;
    const TRUNCATED: u16 = 0x02;
    const OVERFLOW: u16 = 0x01;
    const SLEEP_MASK: u16 = 0x03;
    const FORMAT_MASK: u16 = 0x0300;
    const PADDING: u16 = 0x4000;
    const SECURITY: u16 = 0x8000;

    /// A command frame control (direction 0, network 0, idle) with frame format version 1 in
    /// the high byte.
    pub const COMMAND: Self = Self(0x0100);
    /// A response frame control (direction 1) with frame format version 1.
    pub const RESPONSE: Self = Self(0x0180);

    fn with(self, mask: u16, on: bool) -> Self {
        if on {
            Self(self.0 | mask)
        } else {
            Self(self.0 & !mask)
        }
    }

    /// The low byte.
    #[must_use]
    pub fn low(self) -> u8 {
        self.0.to_le_bytes()[0]
    }

    /// The high byte (extended header only).
    #[must_use]
    pub fn high(self) -> u8 {
        self.0.to_le_bytes()[1]
    }

    /// Whether this is a response (direction bit set).
    #[must_use]
    pub fn is_response(self) -> bool {
        self.0 & Self::DIRECTION != 0
    }

    /// Sets the direction bit.
    #[must_use]
    pub fn with_response(self, response: bool) -> Self {
        self.with(Self::DIRECTION, response)
    }

    /// Network index (bits 6-5).
    #[must_use]
    pub fn network_index(self) -> u8 {
        u8::try_from((self.0 & Self::NETWORK_MASK) >> 5).unwrap_or_default()
    }

    /// Sets the network index (0-3; higher bits are dropped).
    #[must_use]
    pub fn with_network_index(self, index: u8) -> Self {
        Self((self.0 & !Self::NETWORK_MASK) | ((u16::from(index) << 5) & Self::NETWORK_MASK))
    }

    /// Sleep mode (command frames).
    #[must_use]
    pub fn sleep_mode(self) -> SleepMode {
        match self.0 & Self::SLEEP_MASK {
            0 => SleepMode::Idle,
            1 => SleepMode::DeepSleep,
            2 => SleepMode::PowerDown,
            _ => SleepMode::Reserved,
        }
    }

    /// Sets the sleep mode (command frames).
    #[must_use]
    pub fn with_sleep_mode(self, mode: SleepMode) -> Self {
        let bits = match mode {
            SleepMode::Idle => 0,
            SleepMode::DeepSleep => 1,
            SleepMode::PowerDown => 2,
            SleepMode::Reserved => 3,
        };
        Self((self.0 & !Self::SLEEP_MASK) | bits)
    }

    /// Callback type (response frames).
    #[must_use]
    pub fn callback_type(self) -> CallbackType {
        match (self.0 & Self::CALLBACK_MASK) >> 3 {
            0 => CallbackType::None,
            1 => CallbackType::Sync,
            2 => CallbackType::Async,
            _ => CallbackType::Reserved,
        }
    }

    /// Sets the callback type (response frames).
    #[must_use]
    pub fn with_callback_type(self, kind: CallbackType) -> Self {
        let bits = match kind {
            CallbackType::None => 0,
            CallbackType::Sync => 1,
            CallbackType::Async => 2,
            CallbackType::Reserved => 3,
        };
        Self((self.0 & !Self::CALLBACK_MASK) | (bits << 3))
    }

    /// Callback pending (response frames): the NCP has callbacks queued.
    #[must_use]
    pub fn callback_pending(self) -> bool {
        self.0 & Self::PENDING != 0
    }

    /// Sets callback pending.
    #[must_use]
    pub fn with_callback_pending(self, on: bool) -> Self {
        self.with(Self::PENDING, on)
    }

    /// Truncated (response frames): the response did not fit and was cut.
    #[must_use]
    pub fn truncated(self) -> bool {
        self.0 & Self::TRUNCATED != 0
    }

    /// Sets truncated.
    #[must_use]
    pub fn with_truncated(self, on: bool) -> Self {
        self.with(Self::TRUNCATED, on)
    }

    /// Overflow (response frames): the NCP ran out of memory since the last response.
    #[must_use]
    pub fn overflow(self) -> bool {
        self.0 & Self::OVERFLOW != 0
    }

    /// Sets overflow.
    #[must_use]
    pub fn with_overflow(self, on: bool) -> Self {
        self.with(Self::OVERFLOW, on)
    }

    /// Frame format version (high byte bits 0-1; 1 for v8+).
    #[must_use]
    pub fn frame_format_version(self) -> u8 {
        u8::try_from((self.0 & Self::FORMAT_MASK) >> 8).unwrap_or_default()
    }

    /// Padding enabled (high byte bit 6; security frames only).
    #[must_use]
    pub fn padding(self) -> bool {
        self.0 & Self::PADDING != 0
    }

    /// Security enabled (high byte bit 7).
    #[must_use]
    pub fn security(self) -> bool {
        self.0 & Self::SECURITY != 0
    }
}

/// An EZSP frame header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Header {
    /// Sequence number; a response echoes its command's.
    pub sequence: u8,
    /// Frame control (high byte ignored in legacy format).
    pub control: FrameControl,
    /// Frame id (8-bit in legacy format).
    pub frame_id: u16,
    /// Header format.
    pub format: HeaderFormat,
}

impl Header {
    /// A command header in the format of version `v`.
    #[must_use]
    pub fn command(sequence: u8, frame_id: u16, v: ProtocolVersion) -> Self {
        Self {
            sequence,
            control: FrameControl::COMMAND,
            frame_id,
            format: HeaderFormat::for_version(v),
        }
    }

    /// The legacy header of the first `version` command.
    #[must_use]
    pub fn legacy_version(sequence: u8) -> Self {
        Self {
            sequence,
            control: FrameControl(0),
            frame_id: 0,
            format: HeaderFormat::Legacy,
        }
    }

    /// The header of the response to this command: same sequence, format, network index and
    /// frame id, direction set, other low-byte bits clear.
    #[must_use]
    pub fn response(self) -> Self {
        let control = FrameControl(self.control.0 & 0xFF00)
            .with_response(true)
            .with_network_index(self.control.network_index());
        Self { control, ..self }
    }

    /// Encoded length.
    #[must_use]
    pub fn len(&self) -> usize {
        self.format.len()
    }

    /// Always false.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Appends the header. In legacy format only the low byte of the frame id is written.
    pub fn emit(&self, out: &mut Vec<u8>) {
        let [id_lo, id_hi] = self.frame_id.to_le_bytes();
        out.push(self.sequence);
        out.push(self.control.low());
        if self.format == HeaderFormat::Extended {
            out.push(self.control.high());
            out.push(id_lo);
            out.push(id_hi);
        } else {
            out.push(id_lo);
        }
    }

    /// Parses a header in `format`, returning it and the parameters after it.
    ///
    /// # Errors
    /// [`DecodeError::ShortHeader`].
    pub fn parse(frame: &[u8], format: HeaderFormat) -> Result<(Self, &[u8]), DecodeError> {
        let short = DecodeError::ShortHeader {
            len: frame.len(),
            needed: format.len(),
        };
        match format {
            HeaderFormat::Legacy => match frame {
                [sequence, fc, id, rest @ ..] => Ok((
                    Self {
                        sequence: *sequence,
                        control: FrameControl(u16::from(*fc)),
                        frame_id: u16::from(*id),
                        format,
                    },
                    rest,
                )),
                _ => Err(short),
            },
            HeaderFormat::Extended => match frame {
                [sequence, lo, hi, id_lo, id_hi, rest @ ..] => Ok((
                    Self {
                        sequence: *sequence,
                        control: FrameControl(u16::from_le_bytes([*lo, *hi])),
                        frame_id: u16::from_le_bytes([*id_lo, *id_hi]),
                        format,
                    },
                    rest,
                )),
                _ => Err(short),
            },
        }
    }
}

impl fmt::Display for Header {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "seq={} fc={:#06x} id={:#06x} ({})",
            self.sequence,
            self.control.0,
            self.frame_id,
            super::commands::name_of(self.frame_id).unwrap_or("?")
        )
    }
}

/// A whole EZSP frame: header and raw parameters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Frame {
    /// Header.
    pub header: Header,
    /// Parameter bytes.
    pub parameters: Vec<u8>,
}

impl Frame {
    /// Parses a frame in `format`.
    ///
    /// # Errors
    /// [`DecodeError::ShortHeader`].
    pub fn parse(frame: &[u8], format: HeaderFormat) -> Result<Self, DecodeError> {
        let (header, rest) = Header::parse(frame, format)?;
        Ok(Self {
            header,
            parameters: rest.to_vec(),
        })
    }

    /// Parses a frame, detecting the header format (see [`HeaderFormat::detect`]).
    ///
    /// # Errors
    /// [`DecodeError::ShortHeader`].
    pub fn parse_detect(frame: &[u8]) -> Result<Self, DecodeError> {
        Self::parse(frame, HeaderFormat::detect(frame))
    }

    /// The frame bytes.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.header.len() + self.parameters.len());
        self.header.emit(&mut out);
        out.extend_from_slice(&self.parameters);
        out
    }
}
