//! Spinel, the host protocol of OpenThread radio coprocessors (RCP) and network coprocessors:
//! the frames a promiscuous sniffer needs (Spinel specification, "Spinel Host Controller
//! Interface", sections 3, 4, 7 and the `PROP_STREAM_RAW` metadata).
//!
//! A frame (carried in HDLC-lite on a UART, see [`super::hdlc`]) is a header octet (flag `0b10`
//! in bits 7-6, interface id in bits 5-4, transaction id in bits 3-0), a command id as a packed
//! unsigned integer, and the command's payload. Property commands carry a packed property id and
//! the value. Multi-octet integers are little-endian; a packed unsigned integer takes 7 bits per
//! octet, least significant group first, with bit 7 set on every octet but the last.
//!
//! `PROP_STREAM_RAW` (0x71) values the coprocessor sends for received frames: the frame length
//! (u16) and the PSDU (FCS included), then metadata, each part optional from the end: RSSI (i8),
//! noise floor (i8), flags (u16), a PHY-data struct (u16 length; channel u8, LQI u8, timestamp
//! u64 in microseconds), and a vendor-data struct (u16 length; receive error, packed).

/// `CMD_NOOP`.
pub const CMD_NOOP: u32 = 0;
/// `CMD_RESET`.
pub const CMD_RESET: u32 = 1;
/// `CMD_PROP_VALUE_GET`.
pub const CMD_PROP_VALUE_GET: u32 = 2;
/// `CMD_PROP_VALUE_SET`.
pub const CMD_PROP_VALUE_SET: u32 = 3;
/// `CMD_PROP_VALUE_IS`: an answer to get/set, or an unsolicited value (TID 0).
pub const CMD_PROP_VALUE_IS: u32 = 6;

/// `PROP_LAST_STATUS`: a status code (packed).
pub const PROP_LAST_STATUS: u32 = 0x00;
/// `PROP_PROTOCOL_VERSION`: major and minor, packed.
pub const PROP_PROTOCOL_VERSION: u32 = 0x01;
/// `PROP_NCP_VERSION`: a NUL-terminated UTF-8 string.
pub const PROP_NCP_VERSION: u32 = 0x02;
/// `PROP_INTERFACE_TYPE`: packed.
pub const PROP_INTERFACE_TYPE: u32 = 0x03;
/// `PROP_CAPS`: a list of packed capability codes.
pub const PROP_CAPS: u32 = 0x05;
/// `PROP_HWADDR`: EUI-64.
pub const PROP_HWADDR: u32 = 0x08;
/// `PROP_PHY_ENABLED`: bool.
pub const PROP_PHY_ENABLED: u32 = 0x20;
/// `PROP_PHY_CHAN`: u8.
pub const PROP_PHY_CHAN: u32 = 0x21;
/// `PROP_MAC_RAW_STREAM_ENABLED`: bool.
pub const PROP_MAC_RAW_STREAM_ENABLED: u32 = 0x37;
/// `PROP_MAC_PROMISCUOUS_MODE`: u8 (0 off, 1 network, 2 full).
pub const PROP_MAC_PROMISCUOUS_MODE: u32 = 0x38;
/// `PROP_STREAM_RAW`: 802.15.4 frames with metadata.
pub const PROP_STREAM_RAW: u32 = 0x71;

/// `SPINEL_MAC_PROMISCUOUS_MODE_FULL`: every decoded frame goes to the host.
pub const PROMISCUOUS_MODE_FULL: u8 = 2;
/// `SPINEL_STATUS_OK`.
pub const STATUS_OK: u32 = 0;
/// `SPINEL_STATUS_INVALID_ARGUMENT`.
pub const STATUS_INVALID_ARGUMENT: u32 = 3;
/// `SPINEL_STATUS_INVALID_COMMAND`.
pub const STATUS_INVALID_COMMAND: u32 = 5;
/// `SPINEL_STATUS_PARSE_ERROR`.
pub const STATUS_PARSE_ERROR: u32 = 9;
/// `SPINEL_STATUS_PROP_NOT_FOUND`.
pub const STATUS_PROP_NOT_FOUND: u32 = 13;
/// `SPINEL_STATUS_RESET_POWER_ON`.
pub const STATUS_RESET_POWER_ON: u32 = 112;
/// `SPINEL_PROTOCOL_VERSION_THREAD_MAJOR`.
pub const PROTOCOL_MAJOR: u32 = 4;

/// Why octets are not a Spinel frame or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SpinelError {
    /// The input ends inside `what`.
    #[error("Spinel {what} truncated at offset {offset}")]
    Truncated {
        /// The field.
        what: &'static str,
        /// Where it starts.
        offset: usize,
    },
    /// The header's flag bits are not `0b10`.
    #[error("Spinel header 0x{0:02x} does not have the flag bits 0b10")]
    BadHeader(u8),
    /// A packed unsigned integer longer than 32 bits.
    #[error("Spinel packed integer at offset {offset} overflows 32 bits")]
    PackedOverflow {
        /// Where it starts.
        offset: usize,
    },
    /// A length field larger than what follows.
    #[error("Spinel {what} claims {length} octets, {available} present")]
    BadLength {
        /// The field.
        what: &'static str,
        /// The claimed length.
        length: usize,
        /// Octets present.
        available: usize,
    },
}

/// The header octet of a Spinel frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpinelHeader(pub u8);

impl SpinelHeader {
    /// A header for interface `iid` (0-3) and transaction `tid` (0-15).
    #[must_use]
    pub fn new(iid: u8, tid: u8) -> Self {
        SpinelHeader(0x80 | ((iid & 0x03) << 4) | (tid & 0x0f))
    }
    /// Interface id.
    #[must_use]
    pub fn iid(self) -> u8 {
        (self.0 >> 4) & 0x03
    }
    /// Transaction id (0: unsolicited).
    #[must_use]
    pub fn tid(self) -> u8 {
        self.0 & 0x0f
    }
}

/// Decodes a packed unsigned integer at `offset`; returns it and its length.
///
/// # Errors
/// [`SpinelError::Truncated`], [`SpinelError::PackedOverflow`].
pub fn parse_packed(data: &[u8], offset: usize) -> Result<(u32, usize), SpinelError> {
    let mut value: u64 = 0;
    for i in 0..5 {
        let b = *data.get(offset + i).ok_or(SpinelError::Truncated {
            what: "packed integer",
            offset,
        })?;
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            let v = u32::try_from(value).map_err(|_| SpinelError::PackedOverflow { offset })?;
            return Ok((v, i + 1));
        }
    }
    Err(SpinelError::PackedOverflow { offset })
}

/// Appends `value` as a packed unsigned integer.
pub fn push_packed(out: &mut Vec<u8>, mut value: u32) {
    loop {
        let low = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// One Spinel frame, borrowing its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpinelFrame<'a> {
    /// Header octet.
    pub header: SpinelHeader,
    /// Command id.
    pub command: u32,
    /// What follows the command id.
    pub payload: &'a [u8],
}

impl<'a> SpinelFrame<'a> {
    /// Parses a frame (the HDLC payload).
    ///
    /// # Errors
    /// An empty frame, wrong flag bits, a bad command id.
    pub fn parse(data: &'a [u8]) -> Result<Self, SpinelError> {
        let h = *data.first().ok_or(SpinelError::Truncated {
            what: "header",
            offset: 0,
        })?;
        if h & 0xc0 != 0x80 {
            return Err(SpinelError::BadHeader(h));
        }
        let (command, n) = parse_packed(data, 1)?;
        Ok(SpinelFrame {
            header: SpinelHeader(h),
            command,
            payload: data.get(1 + n..).unwrap_or_default(),
        })
    }

    /// For property commands: the property id and its value.
    ///
    /// # Errors
    /// A missing or bad property id.
    pub fn property(&self) -> Result<(u32, &'a [u8]), SpinelError> {
        let (prop, n) = parse_packed(self.payload, 0)?;
        Ok((prop, self.payload.get(n..).unwrap_or_default()))
    }

    /// The frame's octets: header, command, payload.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.payload.len() + 4);
        out.push(self.header.0);
        push_packed(&mut out, self.command);
        out.extend_from_slice(self.payload);
        out
    }
}

/// The octets of a property command (`CMD_PROP_VALUE_GET`/`SET`/`IS`) on interface 0.
#[must_use]
pub fn property_frame(tid: u8, command: u32, prop: u32, value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 6);
    out.push(SpinelHeader::new(0, tid).0);
    push_packed(&mut out, command);
    push_packed(&mut out, prop);
    out.extend_from_slice(value);
    out
}

/// A received 802.15.4 frame as `PROP_STREAM_RAW` carries it. Metadata the coprocessor left
/// out is `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFrame<'a> {
    /// The PSDU: MAC header, payload and the two FCS octets.
    pub psdu: &'a [u8],
    /// RSSI in dBm.
    pub rssi: Option<i8>,
    /// Noise floor in dBm (-128: unknown).
    pub noise_floor: Option<i8>,
    /// Metadata flags (`SPINEL_MD_FLAG_*`).
    pub flags: Option<u16>,
    /// Channel it was received on.
    pub channel: Option<u8>,
    /// Link quality indication.
    pub lqi: Option<u8>,
    /// Receive timestamp in microseconds (the coprocessor's clock).
    pub timestamp_us: Option<u64>,
    /// Receive error (an `otError`; 0: none).
    pub receive_error: Option<u32>,
}

fn struct_body<'a>(
    data: &'a [u8],
    offset: usize,
    what: &'static str,
) -> Result<(&'a [u8], usize), SpinelError> {
    let len = match data.get(offset..offset + 2) {
        Some([lo, hi]) => usize::from(u16::from_le_bytes([*lo, *hi])),
        _ => return Err(SpinelError::Truncated { what, offset }),
    };
    let available = data.len().saturating_sub(offset + 2);
    let body = data
        .get(offset + 2..offset + 2 + len)
        .ok_or(SpinelError::BadLength {
            what,
            length: len,
            available,
        })?;
    Ok((body, offset + 2 + len))
}

impl<'a> RawFrame<'a> {
    /// Parses a `PROP_STREAM_RAW` value.
    ///
    /// # Errors
    /// A frame length past the end, a metadata field or struct cut in the middle.
    pub fn parse(value: &'a [u8]) -> Result<Self, SpinelError> {
        let (psdu, mut at) = struct_body(value, 0, "frame")?;
        let mut f = RawFrame {
            psdu,
            rssi: None,
            noise_floor: None,
            flags: None,
            channel: None,
            lqi: None,
            timestamp_us: None,
            receive_error: None,
        };
        let byte = |at: usize| value.get(at).copied();
        if let Some(b) = byte(at) {
            f.rssi = Some(b.cast_signed());
            at += 1;
        } else {
            return Ok(f);
        }
        if let Some(b) = byte(at) {
            f.noise_floor = Some(b.cast_signed());
            at += 1;
        } else {
            return Ok(f);
        }
        match value.get(at..) {
            Some([]) | None => return Ok(f),
            Some([lo, hi, ..]) => {
                f.flags = Some(u16::from_le_bytes([*lo, *hi]));
                at += 2;
            }
            Some(_) => {
                return Err(SpinelError::Truncated {
                    what: "metadata flags",
                    offset: at,
                })
            }
        }
        if at >= value.len() {
            return Ok(f);
        }
        let (phy, next) = struct_body(value, at, "PHY-data")?;
        f.channel = phy.first().copied();
        f.lqi = phy.get(1).copied();
        if let Some(ts) = phy.get(2..10) {
            let mut b = [0u8; 8];
            b.copy_from_slice(ts);
            f.timestamp_us = Some(u64::from_le_bytes(b));
        }
        at = next;
        if at >= value.len() {
            return Ok(f);
        }
        let (vendor, _) = struct_body(value, at, "vendor-data")?;
        if !vendor.is_empty() {
            f.receive_error = Some(parse_packed(vendor, 0)?.0);
        }
        Ok(f)
    }

    /// The value octets, every metadata field written (absent ones as 0, the noise floor as
    /// -128), as an OpenThread RCP sends them.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.psdu.len() + 24);
        let len = u16::try_from(self.psdu.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(self.psdu.get(..usize::from(len)).unwrap_or(self.psdu));
        out.push(self.rssi.unwrap_or(0).cast_unsigned());
        out.push(self.noise_floor.unwrap_or(-128).cast_unsigned());
        out.extend_from_slice(&self.flags.unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&10u16.to_le_bytes());
        out.push(self.channel.unwrap_or(0));
        out.push(self.lqi.unwrap_or(0));
        out.extend_from_slice(&self.timestamp_us.unwrap_or(0).to_le_bytes());
        let mut vendor = Vec::with_capacity(2);
        push_packed(&mut vendor, self.receive_error.unwrap_or(0));
        out.extend_from_slice(&u16::try_from(vendor.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&vendor);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_packed_examples() {
        // Spinel 7.2: 0 -> 00, 127 -> 7F, 128 -> 80 01, 1337 -> B9 0A, 2^21-1 -> FF FF 7F.
        for (value, bytes) in [
            (0u32, &[0x00][..]),
            (127, &[0x7f]),
            (128, &[0x80, 0x01]),
            (1337, &[0xb9, 0x0a]),
            (2_097_151, &[0xff, 0xff, 0x7f]),
        ] {
            assert_eq!(parse_packed(bytes, 0), Ok((value, bytes.len())));
            let mut out = Vec::new();
            push_packed(&mut out, value);
            assert_eq!(out, bytes);
        }
        assert_eq!(
            parse_packed(&[0x80], 0),
            Err(SpinelError::Truncated {
                what: "packed integer",
                offset: 0
            })
        );
        assert_eq!(
            parse_packed(&[0xff, 0xff, 0xff, 0xff, 0x7f], 0),
            Err(SpinelError::PackedOverflow { offset: 0 })
        );
    }

    #[test]
    fn parse_set_channel() {
        let bytes = [
            0x81, // header: flag 0b10, IID 0, TID 1
            0x03, // CMD_PROP_VALUE_SET
            0x21, // PROP_PHY_CHAN
            0x0f, // channel 15
        ];
        let f = SpinelFrame::parse(&bytes).unwrap();
        assert_eq!(f.header.tid(), 1);
        assert_eq!(f.header.iid(), 0);
        assert_eq!(f.command, CMD_PROP_VALUE_SET);
        assert_eq!(f.property(), Ok((PROP_PHY_CHAN, &[0x0f][..])));
        assert_eq!(
            property_frame(1, CMD_PROP_VALUE_SET, PROP_PHY_CHAN, &[15]),
            bytes
        );
        assert_eq!(f.to_bytes(), bytes);
    }

    #[test]
    fn rejects_bad_header() {
        assert_eq!(
            SpinelFrame::parse(&[0x41, 0x06]),
            Err(SpinelError::BadHeader(0x41))
        );
        assert_eq!(
            SpinelFrame::parse(&[]),
            Err(SpinelError::Truncated {
                what: "header",
                offset: 0
            })
        );
        assert_eq!(
            SpinelFrame::parse(&[0x80]),
            Err(SpinelError::Truncated {
                what: "packed integer",
                offset: 1
            })
        );
    }

    /// A `PROP_VALUE_IS PROP_STREAM_RAW` value as an OpenThread RCP sends it.
    const STREAM_RAW: [u8; 26] = [
        0x05, 0x00, // frame length 5
        0x02, 0x00, 0x2a, 0xe0, 0x3b, // PSDU: ack of sequence 0x2a, FCS 0x3be0
        0xc4, // RSSI -60 dBm
        0x80, // noise floor -128 (unknown)
        0x00, 0x00, // flags
        0x0a, 0x00, // PHY-data struct: 10 octets
        0x0f, // channel 15
        0xff, // LQI 255
        0x40, 0x42, 0x0f, 0x00, 0x00, 0x00, 0x00, 0x00, // timestamp 1,000,000 us
        0x01, 0x00, // vendor-data struct: 1 octet
        0x00, // receive error: none
    ];

    #[test]
    fn parse_stream_raw() {
        let f = RawFrame::parse(&STREAM_RAW).unwrap();
        assert_eq!(f.psdu, &[0x02, 0x00, 0x2a, 0xe0, 0x3b]);
        assert_eq!(f.rssi, Some(-60));
        assert_eq!(f.noise_floor, Some(-128));
        assert_eq!(f.flags, Some(0));
        assert_eq!(f.channel, Some(15));
        assert_eq!(f.lqi, Some(255));
        assert_eq!(f.timestamp_us, Some(1_000_000));
        assert_eq!(f.receive_error, Some(0));
        assert_eq!(f.to_bytes(), STREAM_RAW);
    }

    #[test]
    fn parse_stream_raw_without_metadata() {
        let f = RawFrame::parse(&STREAM_RAW[..7]).unwrap();
        assert_eq!(f.psdu.len(), 5);
        assert_eq!(f.rssi, None);
        assert_eq!(f.channel, None);
        let f = RawFrame::parse(&STREAM_RAW[..9]).unwrap();
        assert_eq!(f.noise_floor, Some(-128));
        assert_eq!(f.flags, None);
    }

    #[test]
    fn rejects_cut_stream_raw() {
        assert!(matches!(
            RawFrame::parse(&STREAM_RAW[..4]),
            Err(SpinelError::BadLength { what: "frame", .. })
        ));
        assert!(matches!(
            RawFrame::parse(&STREAM_RAW[..10]),
            Err(SpinelError::Truncated {
                what: "metadata flags",
                ..
            })
        ));
        assert!(matches!(
            RawFrame::parse(&STREAM_RAW[..15]),
            Err(SpinelError::BadLength {
                what: "PHY-data",
                ..
            })
        ));
    }

    proptest! {
        #[test]
        fn roundtrip_stream_raw(
            psdu in proptest::collection::vec(any::<u8>(), 0..130),
            rssi in any::<i8>(), flags in any::<u16>(), channel in any::<u8>(),
            lqi in any::<u8>(), ts in any::<u64>(), err in any::<u32>(),
        ) {
            let f = RawFrame {
                psdu: &psdu, rssi: Some(rssi), noise_floor: Some(-128), flags: Some(flags),
                channel: Some(channel), lqi: Some(lqi), timestamp_us: Some(ts),
                receive_error: Some(err),
            };
            let bytes = f.to_bytes();
            prop_assert_eq!(RawFrame::parse(&bytes), Ok(f));
        }

        #[test]
        fn roundtrip_packed(v in any::<u32>()) {
            let mut out = Vec::new();
            push_packed(&mut out, v);
            prop_assert_eq!(parse_packed(&out, 0), Ok((v, out.len())));
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(f) = SpinelFrame::parse(&bytes) {
                let _ = f.property();
            }
            let _ = RawFrame::parse(&bytes);
        }
    }
}
