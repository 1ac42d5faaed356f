//! The ZCL frame header (ZCL revision 8, section 2.4.1).
//!
//! ```text
//! octets: 1              0/2                 1                 1           variable
//!         frame control  manufacturer code   sequence number   command id  payload
//! ```

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

/// Frame type, bits 0-1 of the frame control field (ZCL 2.4.1.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum FrameType {
    /// A foundation (profile-wide, "global") command.
    Global,
    /// A command specific to the cluster.
    Cluster,
    /// A reserved value (2 or 3), kept so it round-trips.
    Reserved(u8),
}

/// Direction, bit 3 of the frame control field (ZCL 2.4.1.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Direction {
    /// Sent by the client side of the cluster to the server side.
    ClientToServer,
    /// Sent by the server side to the client side.
    ServerToClient,
}

impl Direction {
    /// The opposite direction (of a response).
    pub const fn reverse(self) -> Self {
        match self {
            Direction::ClientToServer => Direction::ServerToClient,
            Direction::ServerToClient => Direction::ClientToServer,
        }
    }

    /// snake_case name, as the host tool prints it.
    pub const fn name(self) -> &'static str {
        match self {
            Direction::ClientToServer => "client_to_server",
            Direction::ServerToClient => "server_to_client",
        }
    }
}

/// The frame control byte. All eight bits are kept, including the reserved bits 5-7, so a frame
/// re-encodes byte for byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FrameControl(pub u8);

impl FrameControl {
    const FRAME_TYPE_MASK: u8 = 0b0000_0011;
    const MANUFACTURER_SPECIFIC: u8 = 0b0000_0100;
    const DIRECTION: u8 = 0b0000_1000;
    const DISABLE_DEFAULT_RESPONSE: u8 = 0b0001_0000;
    /// Bits 5-7, reserved by the specification.
    pub const RESERVED_MASK: u8 = 0b1110_0000;

    /// A frame control with the given fields and reserved bits clear.
    pub const fn new(
        frame_type: FrameType,
        manufacturer_specific: bool,
        direction: Direction,
        disable_default_response: bool,
    ) -> Self {
        let ft = match frame_type {
            FrameType::Global => 0,
            FrameType::Cluster => 1,
            FrameType::Reserved(v) => v & Self::FRAME_TYPE_MASK,
        };
        let mut b = ft;
        if manufacturer_specific {
            b |= Self::MANUFACTURER_SPECIFIC;
        }
        if matches!(direction, Direction::ServerToClient) {
            b |= Self::DIRECTION;
        }
        if disable_default_response {
            b |= Self::DISABLE_DEFAULT_RESPONSE;
        }
        FrameControl(b)
    }

    /// The frame type.
    pub const fn frame_type(self) -> FrameType {
        match self.0 & Self::FRAME_TYPE_MASK {
            0 => FrameType::Global,
            1 => FrameType::Cluster,
            v => FrameType::Reserved(v),
        }
    }

    /// Whether a manufacturer code follows the frame control byte.
    pub const fn manufacturer_specific(self) -> bool {
        self.0 & Self::MANUFACTURER_SPECIFIC != 0
    }

    /// The direction.
    pub const fn direction(self) -> Direction {
        if self.0 & Self::DIRECTION != 0 {
            Direction::ServerToClient
        } else {
            Direction::ClientToServer
        }
    }

    /// Whether the sender asks for no Default Response on success.
    pub const fn disable_default_response(self) -> bool {
        self.0 & Self::DISABLE_DEFAULT_RESPONSE != 0
    }

    /// The reserved bits 5-7 as they are in the byte.
    pub const fn reserved_bits(self) -> u8 {
        self.0 & Self::RESERVED_MASK
    }

    /// The same control with the disable-default-response bit set or cleared.
    #[must_use]
    pub const fn with_disable_default_response(self, on: bool) -> Self {
        if on {
            FrameControl(self.0 | Self::DISABLE_DEFAULT_RESPONSE)
        } else {
            FrameControl(self.0 & !Self::DISABLE_DEFAULT_RESPONSE)
        }
    }
}

/// A decoded ZCL header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Header {
    /// Frame control byte.
    pub frame_control: FrameControl,
    /// Manufacturer code, present when the frame control says the frame is manufacturer specific.
    /// [`Header::emit`] writes it when this is `Some` and sets the frame control bit to match.
    pub manufacturer: Option<u16>,
    /// Transaction sequence number.
    pub tsn: u8,
    /// Command identifier (a foundation command id for global frames).
    pub command_id: u8,
}

impl Header {
    /// A header for a frame of `frame_type` in `direction`, without manufacturer code.
    pub const fn new(frame_type: FrameType, direction: Direction, tsn: u8, command_id: u8) -> Self {
        Header {
            frame_control: FrameControl::new(frame_type, false, direction, false),
            manufacturer: None,
            tsn,
            command_id,
        }
    }

    /// Parses a header from a reader positioned at the frame control byte.
    pub fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let frame_control = FrameControl(r.u8()?);
        let manufacturer = if frame_control.manufacturer_specific() {
            Some(r.u16()?)
        } else {
            None
        };
        let tsn = r.u8()?;
        let command_id = r.u8()?;
        Ok(Header {
            frame_control,
            manufacturer,
            tsn,
            command_id,
        })
    }

    /// Encoded size: 3 bytes, or 5 with a manufacturer code.
    pub const fn encoded_len(&self) -> usize {
        if self.manufacturer.is_some() {
            5
        } else {
            3
        }
    }

    /// Writes the header. The manufacturer-specific bit follows `manufacturer`.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let mut fc = self.frame_control.0 & !FrameControl::MANUFACTURER_SPECIFIC;
        if self.manufacturer.is_some() {
            fc |= FrameControl::MANUFACTURER_SPECIFIC;
        }
        // One write of the whole header (3 or 5 bytes): a buffer too small for it takes
        // nothing and the error names the header's full length.
        let [lo, hi] = self.manufacturer.unwrap_or(0).to_le_bytes();
        let bytes = [fc, lo, hi, self.tsn, self.command_id];
        match self.manufacturer {
            Some(_) => w.bytes(&bytes),
            None => w.bytes(&[fc, self.tsn, self.command_id]),
        }
    }

    /// Writes the header into `buf` and returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }
}

/// A ZCL frame: its header and the payload that follows, borrowed from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Frame<'a> {
    /// The header.
    pub header: Header,
    /// Everything after the command id.
    pub payload: &'a [u8],
}

impl<'a> Frame<'a> {
    /// Splits a ZCL frame into header and payload.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        // Fast path for the common header without manufacturer code: one slice pattern
        // instead of three bounds-checked reads.
        if let [fc, tsn, command_id, payload @ ..] = data {
            if fc & FrameControl::MANUFACTURER_SPECIFIC == 0 {
                return Ok(Frame {
                    header: Header {
                        frame_control: FrameControl(*fc),
                        manufacturer: None,
                        tsn: *tsn,
                        command_id: *command_id,
                    },
                    payload,
                });
            }
        }
        let mut r = Reader::new(data);
        let header = Header::parse_from(&mut r)?;
        Ok(Frame {
            header,
            payload: r.take_rest(),
        })
    }

    /// Reads a frame like [`Frame::parse`], `None` when it is too short for its header (no error
    /// details: the device firmware's path).
    pub fn read(data: &'a [u8]) -> Option<Self> {
        let mut r = Reader::new(data);
        let frame_control = FrameControl(r.u8_or_none()?);
        let manufacturer = if frame_control.manufacturer_specific() {
            Some(r.u16_or_none()?)
        } else {
            None
        };
        let tsn = r.u8_or_none()?;
        let command_id = r.u8_or_none()?;
        Some(Frame {
            header: Header {
                frame_control,
                manufacturer,
                tsn,
                command_id,
            },
            payload: r.take_rest(),
        })
    }

    /// Offset of the payload within the frame (3 or 5).
    pub const fn payload_offset(&self) -> usize {
        self.header.encoded_len()
    }

    /// Encoded size of header and payload.
    pub const fn encoded_len(&self) -> usize {
        self.header.encoded_len() + self.payload.len()
    }

    /// Writes header and payload into `buf`, returning the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.header.emit_to(&mut w)?;
        w.bytes(self.payload)?;
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn read_agrees_with_parse_on_every_prefix() {
        // Without and with a manufacturer code (0x115f), each with a payload byte.
        let frames: [&[u8]; 2] = [
            &[0x18, 0x07, 0x01, 0xaa],
            &[0x1c, 0x5f, 0x11, 0x07, 0x0a, 0xbb],
        ];
        for frame in frames {
            for end in 0..=frame.len() {
                let part = &frame[..end];
                assert_eq!(Frame::read(part), Frame::parse(part).ok(), "{part:02x?}");
            }
        }
        assert_eq!(
            Frame::read(frames[1]).map(|f| f.header.manufacturer),
            Some(Some(0x115f))
        );
    }

    use super::*;

    #[test]
    fn parse_manufacturer_specific_cluster_frame() {
        let bytes = [
            0x1d, // frame control: cluster-specific, manufacturer specific, server->client, no default rsp
            0x5f, 0x11, // manufacturer code 0x115f (Xiaomi)
            0x07, // transaction sequence number
            0x0a, // command id
            0xaa, 0xbb, // payload
        ];
        let f = Frame::parse(&bytes).unwrap();
        let fc = f.header.frame_control;
        assert_eq!(fc.frame_type(), FrameType::Cluster);
        assert!(fc.manufacturer_specific());
        assert_eq!(fc.direction(), Direction::ServerToClient);
        assert!(fc.disable_default_response());
        assert_eq!(f.header.manufacturer, Some(0x115f));
        assert_eq!(f.header.tsn, 7);
        assert_eq!(f.header.command_id, 0x0a);
        assert_eq!(f.payload, &[0xaa, 0xbb]);
        assert_eq!(f.payload_offset(), 5);
    }

    #[test]
    fn emit_into_dirty_and_clean_buffers_gives_same_bytes_and_keeps_reserved_bits() {
        let bytes = [0xe2, 0x01, 0x0b];
        let f = Frame::parse(&bytes).unwrap();
        assert_eq!(f.header.frame_control.frame_type(), FrameType::Reserved(2));
        assert_eq!(f.header.frame_control.reserved_bits(), 0xe0);
        for fill in [0x00u8, 0xff] {
            let mut out = [fill; 8];
            let n = f.emit(&mut out).unwrap();
            assert_eq!(&out[..n], &bytes);
        }
    }

    #[test]
    fn rejects_truncated_headers_with_offsets() {
        assert_eq!(
            Frame::parse(&[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        assert_eq!(
            Frame::parse(&[0x04, 0x01]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
        assert_eq!(
            Frame::parse(&[0x00, 0x01]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 1
            })
        );
        let mut small = [0u8; 2];
        let h = Header::new(FrameType::Global, Direction::ClientToServer, 1, 0);
        assert_eq!(
            h.emit(&mut small),
            Err(EncodeError::BufferTooSmall {
                needed: 3,
                available: 2
            })
        );
        // The header is written whole or not at all: a manufacturer-specific one needs 5.
        let mut small = [0xaau8; 4];
        let h = Header {
            manufacturer: Some(0x115f),
            ..h
        };
        assert_eq!(
            h.emit(&mut small),
            Err(EncodeError::BufferTooSmall {
                needed: 5,
                available: 4
            })
        );
        assert_eq!(small, [0xaa; 4]);
    }
}
