//! IEEE 802.15.4 MAC frames (IEEE 802.15.4-2015 clause 7): frame control, addressing, auxiliary
//! security header, header/payload information elements, beacons with the Zigbee beacon payload,
//! and MAC commands.
//!
//! [`MacFrame::parse`] takes a frame *without* its FCS (use [`split_fcs`] or [`fcs_ok`] first when
//! the capture keeps it). Parsing borrows; [`MacHeader::emit`] writes into a caller's buffer.

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

pub use crate::addr::{Eui64, PanId, ShortAddr};
use crate::secured::SecurityControl;

/// Splits a frame that ends in a 2-byte FCS into the frame and the FCS (little-endian as sent).
#[inline]
pub fn split_fcs(frame: &[u8]) -> Option<(&[u8], u16)> {
    let n = frame.len().checked_sub(2)?;
    let (body, fcs) = frame.split_at(n);
    let [lo, hi] = <[u8; 2]>::try_from(fcs).ok()?;
    Some((body, u16::from_le_bytes([lo, hi])))
}

/// Whether the last two bytes of `frame` are the right FCS for the bytes before them.
#[inline]
pub fn fcs_ok(frame: &[u8]) -> bool {
    split_fcs(frame).is_some_and(|(body, fcs)| crate::crc::fcs16(body) == fcs)
}

/// MAC frame type (IEEE 802.15.4-2015 table 7-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MacFrameType {
    /// Beacon.
    Beacon,
    /// Data.
    Data,
    /// Acknowledgment.
    Ack,
    /// MAC command.
    MacCommand,
    /// Reserved, multipurpose, fragment or extended (kept as read, 3 bits).
    Unknown(u8),
}

impl MacFrameType {
    /// From the 3-bit field.
    pub fn from_bits(v: u8) -> Self {
        match v & 7 {
            0 => Self::Beacon,
            1 => Self::Data,
            2 => Self::Ack,
            3 => Self::MacCommand,
            x => Self::Unknown(x),
        }
    }
    /// The 3-bit field.
    pub fn bits(self) -> u8 {
        match self {
            Self::Beacon => 0,
            Self::Data => 1,
            Self::Ack => 2,
            Self::MacCommand => 3,
            Self::Unknown(x) => x & 7,
        }
    }
    /// Short lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Beacon => "beacon",
            Self::Data => "data",
            Self::Ack => "ack",
            Self::MacCommand => "command",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// MAC frame version (IEEE 802.15.4-2015 table 7-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameVersion {
    /// IEEE 802.15.4-2003.
    V2003,
    /// IEEE 802.15.4-2006.
    V2006,
    /// IEEE 802.15.4-2015 (and 2011e).
    V2015,
    /// Reserved value 3.
    Reserved,
}

/// Addressing mode of one address field (IEEE 802.15.4-2015 table 7-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddrMode {
    /// Not present.
    None,
    /// Reserved (value 1): the address length is unknown, so the frame cannot be parsed.
    Reserved,
    /// 16-bit short address.
    Short,
    /// 64-bit extended address.
    Extended,
}

impl AddrMode {
    fn from_bits(v: u16) -> Self {
        match v & 3 {
            0 => Self::None,
            1 => Self::Reserved,
            2 => Self::Short,
            _ => Self::Extended,
        }
    }
    fn bits(self) -> u16 {
        match self {
            Self::None => 0,
            Self::Reserved => 1,
            Self::Short => 2,
            Self::Extended => 3,
        }
    }
}

/// A MAC address field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Address {
    /// No address.
    #[default]
    None,
    /// 16-bit short address.
    Short(ShortAddr),
    /// 64-bit extended (IEEE) address.
    Extended(Eui64),
}

impl Address {
    /// Its addressing mode.
    pub fn mode(self) -> AddrMode {
        match self {
            Address::None => AddrMode::None,
            Address::Short(_) => AddrMode::Short,
            Address::Extended(_) => AddrMode::Extended,
        }
    }
    fn len(self) -> usize {
        match self {
            Address::None => 0,
            Address::Short(_) => 2,
            Address::Extended(_) => 8,
        }
    }
    fn emit(self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match self {
            Address::None => Ok(()),
            Address::Short(a) => w.u16(a.0),
            Address::Extended(a) => w.u64(a.0),
        }
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Address::None => f.write_str("-"),
            Address::Short(a) => write!(f, "{a}"),
            Address::Extended(a) => write!(f, "{a}"),
        }
    }
}

/// The 16-bit MAC frame control field (IEEE 802.15.4-2015 7.2.2). All bits are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MacFrameControl(pub u16);

impl MacFrameControl {
    /// Frame type (bits 0-2).
    pub fn frame_type(self) -> MacFrameType {
        MacFrameType::from_bits((self.0 & 7) as u8)
    }
    flag_bits! {
        /// Security enabled (bit 3).
        security_enabled: 3;
        /// Frame pending (bit 4).
        frame_pending: 4;
        /// Acknowledgment request (bit 5).
        ack_request: 5;
        /// PAN ID compression (bit 6).
        pan_id_compression: 6;
        /// Sequence number suppression (bit 8, 2015 frames only).
        sequence_number_suppression: 8;
        /// Information elements present (bit 9, 2015 frames only).
        ie_present: 9;
    }
    /// Destination addressing mode (bits 10-11).
    pub fn dst_addr_mode(self) -> AddrMode {
        AddrMode::from_bits(self.0 >> 10)
    }
    /// Frame version (bits 12-13).
    pub fn frame_version(self) -> FrameVersion {
        match (self.0 >> 12) & 3 {
            0 => FrameVersion::V2003,
            1 => FrameVersion::V2006,
            2 => FrameVersion::V2015,
            _ => FrameVersion::Reserved,
        }
    }
    /// Source addressing mode (bits 14-15).
    pub fn src_addr_mode(self) -> AddrMode {
        AddrMode::from_bits(self.0 >> 14)
    }

    /// Which PAN id fields are present: (destination, source), per the 2003/2006 rule or the
    /// 2015 table 7-2.
    pub fn pan_ids_present(self) -> (bool, bool) {
        let d = self.dst_addr_mode();
        let s = self.src_addr_mode();
        let c = self.pan_id_compression();
        let dp = d != AddrMode::None;
        let sp = s != AddrMode::None;
        match self.frame_version() {
            FrameVersion::V2015 => {
                use AddrMode::{Extended as E, None as N};
                match (d, s, c) {
                    (N, N, false) => (false, false),
                    (N, N, true) => (true, false),
                    (_, N, false) => (true, false),
                    (_, N, true) => (false, false),
                    (N, _, false) => (false, true),
                    (N, _, true) => (false, false),
                    (E, E, false) => (true, false),
                    (E, E, true) => (false, false),
                    (_, _, false) => (true, true),
                    (_, _, true) => (true, false),
                }
            }
            _ => (dp, sp && !c),
        }
    }
}

/// 802.15.4 auxiliary security header (IEEE 802.15.4-2015 9.4). Zigbee does not use MAC
/// security; it is parsed so the payload offset is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MacAuxSecurity {
    /// Security control (level bits 0-2, key identifier mode bits 3-4, frame counter
    /// suppression bit 5, ASN in nonce bit 6; IEEE 802.15.4-2015 9.4.2).
    pub control: SecurityControl,
    /// Frame counter, unless suppressed.
    pub frame_counter: Option<u32>,
    /// Key source (0, 4 or 8 bytes, little-endian as read).
    pub key_source: Option<u64>,
    /// Key index (key identifier modes 1-3).
    pub key_index: Option<u8>,
}

impl MacAuxSecurity {
    /// Security level (bits 0-2).
    pub fn level(&self) -> u8 {
        self.control.level()
    }
    /// Key identifier mode (bits 3-4).
    pub fn key_id_mode(&self) -> u8 {
        self.control.key_id_mode()
    }
    /// Length of the MIC this level appends (0, 4, 8 or 16 bytes).
    pub fn mic_len(&self) -> usize {
        self.control.mic_len()
    }
    fn parse(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let control = SecurityControl(r.u8()?);
        let frame_counter = if control.frame_counter_suppressed() {
            None
        } else {
            Some(r.u32()?)
        };
        let (key_source, key_index) = match control.key_id_mode() {
            0 => (None, None),
            1 => (None, Some(r.u8()?)),
            2 => (Some(u64::from(r.u32()?)), Some(r.u8()?)),
            _ => (Some(r.u64()?), Some(r.u8()?)),
        };
        Ok(Self {
            control,
            frame_counter,
            key_source,
            key_index,
        })
    }
    fn encoded_len(&self) -> usize {
        1 + if self.control.frame_counter_suppressed() {
            0
        } else {
            4
        } + match self.control.key_id_mode() {
            0 => 0,
            1 => 1,
            2 => 5,
            _ => 9,
        }
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.control.0)?;
        if !self.control.frame_counter_suppressed() {
            w.u32(self.frame_counter.unwrap_or(0))?;
        }
        let src = self.key_source.unwrap_or(0);
        let idx = self.key_index.unwrap_or(0);
        match self.control.key_id_mode() {
            0 => Ok(()),
            1 => w.u8(idx),
            2 => {
                w.u32(src as u32)?;
                w.u8(idx)
            }
            _ => {
                w.u64(src)?;
                w.u8(idx)
            }
        }
    }
}

/// The MAC header: everything before the MAC payload (IEEE 802.15.4-2015 7.2.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MacHeader {
    /// Frame control; its address modes and PAN id compression decide which fields follow.
    pub frame_control: MacFrameControl,
    /// Sequence number (absent when a 2015 frame suppresses it).
    pub sequence: Option<u8>,
    /// Destination PAN id.
    pub dst_pan: Option<PanId>,
    /// Destination address.
    pub dst: Address,
    /// Source PAN id (when sent; see [`MacHeader::src_pan_or_dst`]).
    pub src_pan: Option<PanId>,
    /// Source address.
    pub src: Address,
    /// Auxiliary security header, when security is enabled.
    pub security: Option<MacAuxSecurity>,
}

impl MacHeader {
    /// A 2003-version data frame header with PAN id compression, as Zigbee sends it.
    pub fn data(sequence: u8, pan: PanId, dst: Address, src: Address, ack_request: bool) -> Self {
        Self::build(MacFrameType::Data, sequence, pan, dst, src, ack_request)
    }

    /// A 2003-version header of any type, PAN id compressed when both addresses are present.
    pub fn build(
        frame_type: MacFrameType,
        sequence: u8,
        pan: PanId,
        dst: Address,
        src: Address,
        ack_request: bool,
    ) -> Self {
        let both = dst != Address::None && src != Address::None;
        let mut fc =
            u16::from(frame_type.bits()) | (dst.mode().bits() << 10) | (src.mode().bits() << 14);
        if ack_request {
            fc |= 1 << 5;
        }
        if both {
            fc |= 1 << 6;
        }
        Self {
            frame_control: MacFrameControl(fc),
            sequence: Some(sequence),
            dst_pan: (dst != Address::None).then_some(pan),
            dst,
            src_pan: (src != Address::None && !both).then_some(pan),
            src,
            security: None,
        }
    }

    /// The source PAN id, falling back to the destination PAN id when compressed.
    pub fn src_pan_or_dst(&self) -> Option<PanId> {
        self.src_pan.or(self.dst_pan)
    }

    /// Bytes [`MacHeader::emit`] writes.
    pub fn encoded_len(&self) -> usize {
        2 + usize::from(self.sequence.is_some())
            + 2 * usize::from(self.dst_pan.is_some())
            + self.dst.len()
            + 2 * usize::from(self.src_pan.is_some())
            + self.src.len()
            + self.security.map_or(0, |s| s.encoded_len())
    }

    /// Writes the header (frame control as stored, then the fields that are `Some`).
    /// Information elements are not written. Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }

    /// Writes the header into a writer.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.frame_control.0)?;
        if let Some(s) = self.sequence {
            w.u8(s)?;
        }
        if let Some(p) = self.dst_pan {
            w.u16(p.0)?;
        }
        self.dst.emit(w)?;
        if let Some(p) = self.src_pan {
            w.u16(p.0)?;
        }
        self.src.emit(w)?;
        if let Some(s) = &self.security {
            s.emit(w)?;
        }
        Ok(())
    }
}

/// A parsed MAC frame (without FCS), borrowing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacFrame<'a> {
    /// The header fields.
    pub header: MacHeader,
    /// Header information elements (2015 frames), raw, terminator included.
    pub header_ies: &'a [u8],
    /// Payload information elements (2015 frames), raw, terminator included.
    pub payload_ies: &'a [u8],
    /// The MAC payload (for a secured frame: still encrypted, without the MIC).
    pub payload: &'a [u8],
    /// The MIC of a MAC-secured frame.
    pub mic: &'a [u8],
    /// Offset of `payload` in the input.
    pub payload_offset: usize,
}

#[inline]
fn read_address(r: &mut Reader<'_>, mode: AddrMode) -> Result<Address, DecodeError> {
    match mode {
        AddrMode::None => Ok(Address::None),
        AddrMode::Short => Ok(Address::Short(ShortAddr(r.u16()?))),
        AddrMode::Extended => Ok(Address::Extended(Eui64(r.u64()?))),
        AddrMode::Reserved => Err(DecodeError::InvalidValue {
            offset: 1,
            field: "reserved address mode",
        }),
    }
}

impl<'a> MacFrame<'a> {
    /// Parses a MAC frame without its FCS.
    #[inline]
    pub fn parse(frame: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(frame);
        let fc = MacFrameControl(r.u16()?);
        let v2015 = fc.frame_version() == FrameVersion::V2015;
        let sequence = if v2015 && fc.sequence_number_suppression() {
            None
        } else {
            Some(r.u8()?)
        };
        let (dp, sp) = fc.pan_ids_present();
        let dst_pan = if dp { Some(PanId(r.u16()?)) } else { None };
        let dst = read_address(&mut r, fc.dst_addr_mode())?;
        let src_pan = if sp { Some(PanId(r.u16()?)) } else { None };
        let src = read_address(&mut r, fc.src_addr_mode())?;
        let security = if fc.security_enabled() {
            Some(MacAuxSecurity::parse(&mut r)?)
        } else {
            None
        };
        let mic_len = security.map_or(0, |s| s.mic_len());
        let mut header_ies: &[u8] = &[];
        let mut payload_ies: &[u8] = &[];
        if v2015 && fc.ie_present() {
            let start = r.offset();
            let mut payload_ies_follow = false;
            while r.remaining() > mic_len {
                let d = r.u16()?;
                let len = usize::from(d & 0x7f);
                let id = (d >> 7) & 0xff;
                r.take(len)?;
                if id == 0x7e {
                    payload_ies_follow = true;
                    break;
                }
                if id == 0x7f {
                    break;
                }
            }
            header_ies = frame.get(start..r.offset()).unwrap_or(&[]);
            // Payload IEs of a secured frame are encrypted; their lengths cannot be read.
            if payload_ies_follow && security.is_none() {
                let start = r.offset();
                while !r.is_empty() {
                    let d = r.u16()?;
                    let len = usize::from(d & 0x7ff);
                    let group = (d >> 11) & 0xf;
                    r.take(len)?;
                    if group == 0xf {
                        break;
                    }
                }
                payload_ies = frame.get(start..r.offset()).unwrap_or(&[]);
            }
        }
        let payload_offset = r.offset();
        let rest = r.take_rest();
        let split = rest
            .len()
            .checked_sub(mic_len)
            .ok_or_else(|| DecodeError::Truncated {
                offset: payload_offset,
                needed: mic_len.saturating_sub(rest.len()),
            })?;
        let (payload, mic) = rest.split_at(split);
        Ok(MacFrame {
            header: MacHeader {
                frame_control: fc,
                sequence,
                dst_pan,
                dst,
                src_pan,
                src,
                security,
            },
            header_ies,
            payload_ies,
            payload,
            mic,
            payload_offset,
        })
    }

    /// The frame type.
    pub fn frame_type(&self) -> MacFrameType {
        self.header.frame_control.frame_type()
    }

    /// The beacon fields, for a 2003/2006 beacon frame.
    pub fn beacon(&self) -> Option<Result<Beacon<'a>, DecodeError>> {
        (self.frame_type() == MacFrameType::Beacon
            && self.header.frame_control.frame_version() != FrameVersion::V2015)
            .then(|| Beacon::parse(self.payload).map_err(|e| e.shifted(self.payload_offset)))
    }

    /// The MAC command, for a MAC command frame.
    pub fn command(&self) -> Option<Result<MacCommand<'a>, DecodeError>> {
        (self.frame_type() == MacFrameType::MacCommand && self.header.security.is_none())
            .then(|| MacCommand::parse(self.payload).map_err(|e| e.shifted(self.payload_offset)))
    }
}

impl fmt::Display for MacFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.header;
        write!(f, "MAC {}", self.frame_type().name())?;
        if let Some(s) = h.sequence {
            write!(f, " seq {s}")?;
        }
        if let Some(p) = h.src_pan_or_dst() {
            write!(f, " pan {p}")?;
        }
        if h.src != Address::None || h.dst != Address::None {
            write!(f, " {} -> {}", h.src, h.dst)?;
        }
        if h.security.is_some() {
            f.write_str(" secured")?;
        }
        Ok(())
    }
}

/// Beacon frame fields (IEEE 802.15.4-2015 7.3.1), for 2003/2006 beacons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beacon<'a> {
    /// Superframe specification (beacon order, superframe order, final CAP slot, battery life
    /// extension, PAN coordinator bit 14, association permit bit 15).
    pub superframe_spec: u16,
    /// GTS specification byte.
    pub gts_spec: u8,
    /// GTS directions and descriptors, raw.
    pub gts: &'a [u8],
    /// Pending address specification byte.
    pub pending_spec: u8,
    /// Pending addresses, raw (short addresses then extended).
    pub pending_addresses: &'a [u8],
    /// The beacon payload (for Zigbee: see [`ZigbeeBeacon`]).
    pub payload: &'a [u8],
}

impl<'a> Beacon<'a> {
    /// Parses the beacon MAC payload.
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let superframe_spec = r.u16()?;
        let gts_spec = r.u8()?;
        let count = usize::from(gts_spec & 7);
        let gts = if count > 0 {
            r.take(1 + 3 * count)?
        } else {
            &[]
        };
        let pending_spec = r.u8()?;
        let shorts = usize::from(pending_spec & 7);
        let exts = usize::from((pending_spec >> 4) & 7);
        let pending_addresses = r.take(2 * shorts + 8 * exts)?;
        let payload = r.take_rest();
        Ok(Beacon {
            superframe_spec,
            gts_spec,
            gts,
            pending_spec,
            pending_addresses,
            payload,
        })
    }
    /// Association permit (superframe bit 15).
    pub fn association_permit(&self) -> bool {
        self.superframe_spec & 0x8000 != 0
    }
    /// PAN coordinator (superframe bit 14).
    pub fn pan_coordinator(&self) -> bool {
        self.superframe_spec & 0x4000 != 0
    }
    /// The Zigbee beacon payload, if the payload has protocol id 0 and the Zigbee length.
    pub fn zigbee(&self) -> Option<Result<ZigbeeBeacon, DecodeError>> {
        (self.payload.first() == Some(&0)).then(|| ZigbeeBeacon::parse(self.payload))
    }
}

/// Zigbee beacon payload (Zigbee specification 05-3474 3.6.7, table 3-62).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZigbeeBeacon {
    /// Protocol id (0 for Zigbee).
    pub protocol_id: u8,
    /// Stack profile (bits 0-3; 2 = Zigbee PRO).
    pub stack_profile: u8,
    /// nwkcProtocolVersion (bits 4-7; 2 = Zigbee 2006 and later).
    pub protocol_version: u8,
    /// The byte holding router capacity (bit 2), device depth (bits 3-6) and end device
    /// capacity (bit 7); bits 0-1 reserved, kept.
    pub capacity: u8,
    /// Extended PAN id.
    pub extended_pan_id: Eui64,
    /// Tx offset (24 bits; 0xffffff when beacons are not used).
    pub tx_offset: u32,
    /// nwkUpdateId.
    pub update_id: u8,
}

impl ZigbeeBeacon {
    /// Parses the 15-byte beacon payload (extra bytes are ignored).
    pub fn parse(data: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let protocol_id = r.u8()?;
        let b = r.u8()?;
        let capacity = r.u8()?;
        Ok(ZigbeeBeacon {
            protocol_id,
            stack_profile: b & 0xf,
            protocol_version: b >> 4,
            capacity,
            extended_pan_id: Eui64(r.u64()?),
            tx_offset: r.u24()?,
            update_id: r.u8()?,
        })
    }
    /// Router capacity.
    pub fn router_capacity(&self) -> bool {
        self.capacity & 0x04 != 0
    }
    /// Device depth.
    pub fn device_depth(&self) -> u8 {
        (self.capacity >> 3) & 0xf
    }
    /// End device capacity.
    pub fn end_device_capacity(&self) -> bool {
        self.capacity & 0x80 != 0
    }
    /// Writes the 15-byte payload.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.protocol_id)?;
        w.u8((self.stack_profile & 0xf) | (self.protocol_version << 4))?;
        w.u8(self.capacity)?;
        w.u64(self.extended_pan_id.0)?;
        w.u24(self.tx_offset & 0xff_ffff)?;
        w.u8(self.update_id)?;
        Ok(w.len())
    }
}

/// Capability information of an association request (IEEE 802.15.4-2015 7.5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CapabilityInfo(pub u8);

impl CapabilityInfo {
    /// Alternate PAN coordinator (bit 0).
    pub fn alternate_pan_coordinator(self) -> bool {
        self.0 & 1 != 0
    }
    /// Full function device / router (bit 1).
    pub fn device_type_ffd(self) -> bool {
        self.0 & 2 != 0
    }
    /// Mains powered (bit 2).
    pub fn power_source_mains(self) -> bool {
        self.0 & 4 != 0
    }
    /// Receiver on when idle (bit 3).
    pub fn rx_on_when_idle(self) -> bool {
        self.0 & 8 != 0
    }
    flag_bits! {
        /// Security capability (bit 6).
        security_capability: 6;
        /// Allocate address (bit 7).
        allocate_address: 7;
    }
}

/// MAC command frames (IEEE 802.15.4-2015 7.5, table 7-49).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacCommand<'a> {
    /// 0x01.
    AssociationRequest {
        /// Capability information.
        capability: CapabilityInfo,
    },
    /// 0x02.
    AssociationResponse {
        /// Allocated short address.
        short_address: ShortAddr,
        /// Association status (0 success, 1 PAN at capacity, 2 access denied).
        status: u8,
    },
    /// 0x03.
    DisassociationNotification {
        /// Reason.
        reason: u8,
    },
    /// 0x04.
    DataRequest,
    /// 0x05.
    PanIdConflictNotification,
    /// 0x06.
    OrphanNotification,
    /// 0x07.
    BeaconRequest,
    /// 0x08.
    CoordinatorRealignment {
        /// PAN id.
        pan_id: PanId,
        /// Coordinator short address.
        coordinator_short_address: ShortAddr,
        /// Channel number.
        channel: u8,
        /// Short address (for the orphaned device).
        short_address: ShortAddr,
        /// Channel page (2006 and later, when present).
        channel_page: Option<u8>,
    },
    /// 0x09.
    GtsRequest {
        /// GTS characteristics.
        characteristics: u8,
    },
    /// Any other command, kept raw.
    Unknown {
        /// Command identifier.
        id: u8,
        /// Payload after the identifier.
        payload: &'a [u8],
    },
}

impl fmt::Display for MacCommand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match *self {
            MacCommand::AssociationRequest { capability } => {
                write!(f, " capability 0x{:02x}", capability.0)
            }
            MacCommand::AssociationResponse {
                short_address,
                status,
            } => write!(f, " {short_address} status {status}"),
            MacCommand::DisassociationNotification { reason } => write!(f, " reason {reason}"),
            MacCommand::CoordinatorRealignment {
                pan_id,
                channel,
                short_address,
                ..
            } => write!(f, " pan {pan_id} channel {channel} short {short_address}"),
            MacCommand::Unknown { id, .. } => write!(f, " 0x{id:02x}"),
            _ => Ok(()),
        }
    }
}

impl<'a> MacCommand<'a> {
    /// Parses a MAC command payload (command id first).
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let id = r.u8()?;
        Ok(match id {
            0x01 => MacCommand::AssociationRequest {
                capability: CapabilityInfo(r.u8()?),
            },
            0x02 => MacCommand::AssociationResponse {
                short_address: ShortAddr(r.u16()?),
                status: r.u8()?,
            },
            0x03 => MacCommand::DisassociationNotification { reason: r.u8()? },
            0x04 => MacCommand::DataRequest,
            0x05 => MacCommand::PanIdConflictNotification,
            0x06 => MacCommand::OrphanNotification,
            0x07 => MacCommand::BeaconRequest,
            0x08 => MacCommand::CoordinatorRealignment {
                pan_id: PanId(r.u16()?),
                coordinator_short_address: ShortAddr(r.u16()?),
                channel: r.u8()?,
                short_address: ShortAddr(r.u16()?),
                channel_page: if r.is_empty() { None } else { Some(r.u8()?) },
            },
            0x09 => MacCommand::GtsRequest {
                characteristics: r.u8()?,
            },
            _ => MacCommand::Unknown {
                id,
                payload: r.take_rest(),
            },
        })
    }

    /// The command identifier.
    pub fn id(&self) -> u8 {
        match self {
            MacCommand::AssociationRequest { .. } => 0x01,
            MacCommand::AssociationResponse { .. } => 0x02,
            MacCommand::DisassociationNotification { .. } => 0x03,
            MacCommand::DataRequest => 0x04,
            MacCommand::PanIdConflictNotification => 0x05,
            MacCommand::OrphanNotification => 0x06,
            MacCommand::BeaconRequest => 0x07,
            MacCommand::CoordinatorRealignment { .. } => 0x08,
            MacCommand::GtsRequest { .. } => 0x09,
            MacCommand::Unknown { id, .. } => *id,
        }
    }

    /// snake_case name.
    pub fn name(&self) -> &'static str {
        match self {
            MacCommand::AssociationRequest { .. } => "association_request",
            MacCommand::AssociationResponse { .. } => "association_response",
            MacCommand::DisassociationNotification { .. } => "disassociation_notification",
            MacCommand::DataRequest => "data_request",
            MacCommand::PanIdConflictNotification => "pan_id_conflict_notification",
            MacCommand::OrphanNotification => "orphan_notification",
            MacCommand::BeaconRequest => "beacon_request",
            MacCommand::CoordinatorRealignment { .. } => "coordinator_realignment",
            MacCommand::GtsRequest { .. } => "gts_request",
            MacCommand::Unknown { .. } => "unknown",
        }
    }

    /// Writes the command (id first). Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.id())?;
        match *self {
            MacCommand::AssociationRequest { capability } => w.u8(capability.0)?,
            MacCommand::AssociationResponse {
                short_address,
                status,
            } => {
                w.u16(short_address.0)?;
                w.u8(status)?;
            }
            MacCommand::DisassociationNotification { reason } => w.u8(reason)?,
            MacCommand::CoordinatorRealignment {
                pan_id,
                coordinator_short_address,
                channel,
                short_address,
                channel_page,
            } => {
                w.u16(pan_id.0)?;
                w.u16(coordinator_short_address.0)?;
                w.u8(channel)?;
                w.u16(short_address.0)?;
                if let Some(p) = channel_page {
                    w.u8(p)?;
                }
            }
            MacCommand::GtsRequest { characteristics } => w.u8(characteristics)?,
            MacCommand::Unknown { payload, .. } => w.bytes(payload)?,
            MacCommand::DataRequest
            | MacCommand::PanIdConflictNotification
            | MacCommand::OrphanNotification
            | MacCommand::BeaconRequest => {}
        }
        Ok(w.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    fn emit_both(header: &MacHeader) -> Vec<u8> {
        let mut dirty = [0xffu8; 64];
        let mut clean = [0u8; 64];
        let n = header.emit(&mut dirty).unwrap();
        assert_eq!(header.emit(&mut clean).unwrap(), n);
        assert_eq!(dirty[..n], clean[..n]);
        assert_eq!(n, header.encoded_len());
        dirty[..n].to_vec()
    }

    #[test]
    fn fcs_check_value_and_real_frame() {
        assert_eq!(crate::crc::fcs16(b"123456789"), 0x2189);
        // killerbee-control4-sample.pcap frame 1, FCS kept (link type 195)
        let f = h("41880e5933ffff00000912fcff000001c022021f0000ff0f0028ba22010022021f0000ff0f0000658df37b6af6976da6f611");
        assert!(fcs_ok(&f));
        // frame 15 is one tshark flags "Bad FCS"
        let bad = h("6188825933c018e4b7081a0000e4b70aec22021f0000ff0f001a5b410000ff0f00280d7300001a5b410000ff0f00002cdf9cd20871f720f28ab9f3900b3af3432c05157d83366225b4adc1028dcd815564c6aa86f07903b70d31");
        assert!(!fcs_ok(&bad));
        assert!(!fcs_ok(&[0x01]));
        assert_eq!(split_fcs(&[1, 2, 3]), Some((&[1u8][..], 0x0302)));
    }

    #[test]
    fn parse_beacon_with_zigbee_payload() {
        // silabs-joining-well-known-key.pcapng frame 5
        let f = h(concat!(
            "0080",             // frame control 0x8000: beacon, src short, version 2003
            "81",               // sequence
            "2ff7",             // source PAN 0xf72f
            "0000",             // source 0x0000
            "ffcf",             // superframe: BO 15, SO 15, final CAP 15, PAN coord, assoc permit
            "00",               // GTS spec: no descriptors
            "00",               // pending addresses: none
            "00",               // Zigbee protocol id
            "22",               // stack profile 2, protocol version 2
            "84",               // router capacity, depth 0, end device capacity
            "3c738461c28f1e55", // extended PAN id 0x551e8fc26184733c
            "ffffff",           // tx offset
            "00",               // update id
        ));
        let m = MacFrame::parse(&f).unwrap();
        assert_eq!(m.frame_type(), MacFrameType::Beacon);
        assert_eq!(m.header.sequence, Some(0x81));
        assert_eq!(m.header.dst_pan, None);
        assert_eq!(m.header.src_pan, Some(PanId(0xf72f)));
        assert_eq!(m.header.src, Address::Short(ShortAddr(0)));
        let b = m.beacon().unwrap().unwrap();
        assert!(b.association_permit());
        assert!(b.pan_coordinator());
        let z = b.zigbee().unwrap().unwrap();
        assert_eq!((z.stack_profile, z.protocol_version), (2, 2));
        assert!(z.router_capacity());
        assert!(z.end_device_capacity());
        assert_eq!(z.device_depth(), 0);
        assert_eq!(z.extended_pan_id, Eui64(0x551e_8fc2_6184_733c));
        assert_eq!(z.tx_offset, 0xff_ffff);
        assert_eq!(z.update_id, 0);
        let mut out = [0xffu8; 15];
        assert_eq!(z.emit(&mut out).unwrap(), 15);
        assert_eq!(&out[..], &f[11..]);
        assert_eq!(emit_both(&m.header), &f[..7]);
    }

    #[test]
    fn parse_beacon_with_gts_and_pending_addresses() {
        let f = [
            0x00, 0x80, 0x01, 0x34, 0x12, 0x00, 0x00, // beacon header, PAN 0x1234, src 0x0000
            0xff, 0x0f, // superframe
            0x81, 0x01, 0xaa, 0xbb, 0xcc, // GTS: 1 descriptor, permit; directions; descriptor
            0x11, 0x01, 0x00, 1, 2, 3, 4, 5, 6, 7, 8,    // 1 short, 1 extended pending address
            0x99, // payload (not Zigbee)
        ];
        let b = MacFrame::parse(&f).unwrap().beacon().unwrap().unwrap();
        assert_eq!(b.gts, &[0x01, 0xaa, 0xbb, 0xcc]);
        assert_eq!(b.pending_addresses.len(), 10);
        assert_eq!(b.payload, &[0x99]);
        assert!(b.zigbee().is_none());
    }

    #[test]
    fn parse_association_request_and_response() {
        // frame 6: association request
        let f = h(concat!(
            "23c8", // command, ack request, dst short, src extended, 2003
            "a6",   // sequence
            "2ff7",
            "0000",             // dst PAN, dst 0x0000
            "ffff",             // src PAN 0xffff (no compression)
            "cb67e7feff5f3250", // src 50:32:5f:ff:fe:e7:67:cb
            "01",               // association request
            "8e",               // capability: FFD, mains, rx on idle, allocate address
        ));
        let m = MacFrame::parse(&f).unwrap();
        assert_eq!(
            m.header.src,
            Address::Extended(Eui64(0x5032_5fff_fee7_67cb))
        );
        assert_eq!(m.header.src_pan, Some(PanId(0xffff)));
        assert!(m.header.frame_control.ack_request());
        let MacCommand::AssociationRequest { capability } = m.command().unwrap().unwrap() else {
            panic!()
        };
        assert!(capability.device_type_ffd() && capability.power_source_mains());
        assert!(capability.rx_on_when_idle() && capability.allocate_address());
        assert!(!capability.security_capability() && !capability.alternate_pan_coordinator());
        assert_eq!(emit_both(&m.header), &f[..17]);
        // frame 10: association response, both addresses extended, PAN id compressed
        let f = h("63cc822ff7cb67e7feff5f32507267e7feff5f3250023d4f00");
        let m = MacFrame::parse(&f).unwrap();
        assert_eq!(
            m.header.dst,
            Address::Extended(Eui64(0x5032_5fff_fee7_67cb))
        );
        assert_eq!(
            m.header.src,
            Address::Extended(Eui64(0x5032_5fff_fee7_6772))
        );
        assert_eq!(m.header.src_pan, None);
        assert_eq!(m.header.src_pan_or_dst(), Some(PanId(0xf72f)));
        let c = m.command().unwrap().unwrap();
        assert_eq!(
            c,
            MacCommand::AssociationResponse {
                short_address: ShortAddr(0x4f3d),
                status: 0
            }
        );
        let mut out = [0xffu8; 8];
        let n = c.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &f[f.len() - 4..]);
        assert_eq!(c.to_string(), "association_response 0x4f3d status 0");
    }

    #[test]
    fn parse_ack_data_request_beacon_request() {
        let ack = MacFrame::parse(&[0x02, 0x00, 0xa6]).unwrap();
        assert_eq!(ack.frame_type(), MacFrameType::Ack);
        assert_eq!(ack.header.sequence, Some(0xa6));
        assert_eq!(ack.header.dst, Address::None);
        // frame 8: data request from an extended source
        let drb = h("63c8a72ff70000cb67e7feff5f325004");
        let dr = MacFrame::parse(&drb).unwrap();
        assert_eq!(dr.command().unwrap().unwrap(), MacCommand::DataRequest);
        // silabs-joining-install-code frame 2: beacon request to 0xffff on PAN 0xffff
        let brb = h("03084cffffffff07");
        let br = MacFrame::parse(&brb).unwrap();
        assert_eq!(br.header.dst, Address::Short(ShortAddr(0xffff)));
        assert_eq!(br.header.src, Address::None);
        assert_eq!(br.command().unwrap().unwrap(), MacCommand::BeaconRequest);
        assert_eq!(br.command().unwrap().unwrap().name(), "beacon_request");
    }

    #[test]
    fn parse_orphan_and_coordinator_realignment() {
        // orphan notification: dst 0xffff PAN 0xffff, src extended, PAN id compressed
        let f = [
            0x43, 0xc8, 0x10, 0xff, 0xff, 0xff, 0xff, 8, 7, 6, 5, 4, 3, 2, 1, 0x06,
        ];
        let m = MacFrame::parse(&f).unwrap();
        assert_eq!(
            m.header.src,
            Address::Extended(Eui64(0x0102_0304_0506_0708))
        );
        assert_eq!(
            m.command().unwrap().unwrap(),
            MacCommand::OrphanNotification
        );
        let realign = [
            0x08, // coordinator realignment
            0x34, 0x12, // PAN 0x1234
            0x00, 0x00, // coordinator 0x0000
            0x0f, // channel 15
            0x01, 0x02, // short 0x0201
            0x00, // channel page 0
        ];
        let c = MacCommand::parse(&realign).unwrap();
        assert_eq!(
            c,
            MacCommand::CoordinatorRealignment {
                pan_id: PanId(0x1234),
                coordinator_short_address: ShortAddr(0),
                channel: 15,
                short_address: ShortAddr(0x0201),
                channel_page: Some(0)
            }
        );
        assert_eq!(
            c.to_string(),
            "coordinator_realignment pan 0x1234 channel 15 short 0x0201"
        );
        let mut out = [0xffu8; 16];
        let n = c.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &realign);
        // 2003 form without channel page
        let c = MacCommand::parse(&realign[..8]).unwrap();
        assert!(matches!(
            c,
            MacCommand::CoordinatorRealignment {
                channel_page: None,
                ..
            }
        ));
        let unknown = MacCommand::parse(&[0x20, 1, 2]).unwrap();
        assert_eq!(unknown.id(), 0x20);
        let n = unknown.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &[0x20, 1, 2]);
    }

    #[test]
    fn parse_2015_frame_with_ies_and_suppressed_sequence() {
        let f = [
            0x41, 0xab, // data, PAN compression, seq suppressed, IE present, dst short,
            // version 2015, src short -> (short, short, compressed): dst PAN only
            0x34, 0x12, // dst PAN
            0x22, 0x22, // dst
            0x11, 0x11, // src
            0x02, 0x0d, 0xaa, 0xbb, // header IE id 0x1a, 2 bytes
            0x00, 0x3f, // HT1 (id 0x7e, length 0): payload IEs follow
            0x01, 0x80, 0xcc, // payload IE group 0, 1 byte
            0x00, 0xf8, // payload termination IE (group 0xf)
            0x55, 0x66, // payload
        ];
        let m = MacFrame::parse(&f).unwrap();
        assert_eq!(m.header.frame_control.frame_version(), FrameVersion::V2015);
        assert_eq!(m.header.sequence, None);
        assert_eq!(m.header.dst_pan, Some(PanId(0x1234)));
        assert_eq!(m.header.src_pan, None);
        assert_eq!(m.header_ies, &f[8..14]);
        assert_eq!(m.payload_ies, &f[14..19]);
        assert_eq!(m.payload, &[0x55, 0x66]);
        assert_eq!(m.payload_offset, 19);
    }

    #[test]
    fn pan_id_presence_follows_2015_table() {
        let fc = |d: u16, s: u16, c: bool| {
            MacFrameControl((d << 10) | (s << 14) | (2 << 12) | if c { 0x40 } else { 0 })
                .pan_ids_present()
        };
        assert_eq!(fc(0, 0, false), (false, false));
        assert_eq!(fc(0, 0, true), (true, false));
        assert_eq!(fc(2, 0, false), (true, false));
        assert_eq!(fc(3, 0, true), (false, false));
        assert_eq!(fc(0, 2, false), (false, true));
        assert_eq!(fc(0, 3, true), (false, false));
        assert_eq!(fc(3, 3, false), (true, false));
        assert_eq!(fc(3, 3, true), (false, false));
        assert_eq!(fc(2, 2, false), (true, true));
        assert_eq!(fc(2, 3, false), (true, true));
        assert_eq!(fc(3, 2, true), (true, false));
        assert_eq!(fc(2, 2, true), (true, false));
    }

    #[test]
    fn parse_mac_secured_frame_offsets() {
        let f = [
            0x69, 0x88, 0x01, 0x34, 0x12, 0x22, 0x22, 0x11,
            0x11, // data, security, AR, PAN comp.
            0x0d, // security control: level 5, key id mode 1
            0x01, 0x00, 0x00, 0x00, // frame counter 1
            0x07, // key index
            0xde, 0xad, // payload (encrypted)
            1, 2, 3, 4, // MIC-32
        ];
        let m = MacFrame::parse(&f).unwrap();
        let s = m.header.security.unwrap();
        assert_eq!((s.level(), s.key_id_mode(), s.mic_len()), (5, 1, 4));
        assert_eq!(s.frame_counter, Some(1));
        assert_eq!(s.key_index, Some(7));
        assert_eq!(m.payload, &[0xde, 0xad]);
        assert_eq!(m.mic, &[1, 2, 3, 4]);
        assert!(m.command().is_none());
        assert_eq!(emit_both(&m.header), &f[..15]);
    }

    #[test]
    fn rejects_truncated_and_reserved_modes() {
        assert_eq!(
            MacFrame::parse(&[0x41]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        assert_eq!(
            MacFrame::parse(&[0x41, 0x88, 0x01, 0x34]),
            Err(DecodeError::Truncated {
                offset: 3,
                needed: 1
            })
        );
        // dst addressing mode 1 (reserved)
        assert!(matches!(
            MacFrame::parse(&[0x41, 0x84, 0x01, 0x34, 0x12]),
            Err(DecodeError::InvalidValue { .. })
        ));
        // secured, MIC-128 but only 3 bytes left
        assert_eq!(
            MacFrame::parse(&[0x09, 0x00, 0x01, 0x07, 0, 0, 0, 0, 1, 2, 3]),
            Err(DecodeError::Truncated {
                offset: 8,
                needed: 13
            })
        );
        assert_eq!(
            ZigbeeBeacon::parse(&[0, 0x22, 0x84, 1, 2]),
            Err(DecodeError::Truncated {
                offset: 3,
                needed: 6
            })
        );
        let mut small = [0u8; 3];
        let hdr = MacHeader::data(
            1,
            PanId(0x1234),
            Address::Short(ShortAddr(1)),
            Address::Short(ShortAddr(2)),
            false,
        );
        assert!(matches!(
            hdr.emit(&mut small),
            Err(EncodeError::BufferTooSmall { .. })
        ));
    }

    #[test]
    fn display_one_line() {
        let f = h("63cc822ff7cb67e7feff5f32507267e7feff5f3250023d4f00");
        assert_eq!(
            MacFrame::parse(&f).unwrap().to_string(),
            "MAC command seq 130 pan 0xf72f 50:32:5f:ff:fe:e7:67:72 -> 50:32:5f:ff:fe:e7:67:cb"
        );
    }

    fn address() -> impl Strategy<Value = Address> {
        prop_oneof![
            Just(Address::None),
            any::<u16>().prop_map(|a| Address::Short(ShortAddr(a))),
            any::<u64>().prop_map(|a| Address::Extended(Eui64(a))),
        ]
    }

    proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..140)) {
            if let Ok(m) = MacFrame::parse(&data) {
                let _ = m.beacon();
                let _ = m.command();
                let _ = m.to_string();
            }
            let _ = Beacon::parse(&data);
            let _ = MacCommand::parse(&data);
            let _ = ZigbeeBeacon::parse(&data);
        }

        #[test]
        fn roundtrip_built_headers(seq in any::<u8>(), pan in any::<u16>(), dst in address(),
                                   src in address(), ar in any::<bool>(), t in 0u8..4,
                                   payload in proptest::collection::vec(any::<u8>(), 0..20)) {
            let hdr = MacHeader::build(MacFrameType::from_bits(t), seq, PanId(pan), dst, src, ar);
            let mut buf = emit_both(&hdr);
            buf.extend_from_slice(&payload);
            let m = MacFrame::parse(&buf).unwrap();
            prop_assert_eq!(m.header, hdr);
            prop_assert_eq!(m.payload, &payload[..]);
        }
    }
}
