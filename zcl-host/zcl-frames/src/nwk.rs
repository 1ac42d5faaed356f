//! Zigbee network layer frames (Zigbee specification 05-3474 section 3.3) and NWK commands (3.4).
//! A secured frame's auxiliary security header and MIC are cut off by [`crate::secured`], which
//! APS shares.

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

use crate::addr::{Eui64, ShortAddr};
pub use crate::secured::{AuxSecurityHeader, KeyId, MIC_LEN};
use crate::secured::{LayerFrame, LayerHeader};

/// NWK frame type (05-3474 3.3.1.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NwkFrameType {
    /// Data.
    Data,
    /// NWK command.
    Command,
    /// Reserved value 2.
    Reserved,
    /// Inter-PAN (only a frame control field follows).
    InterPan,
}

impl NwkFrameType {
    /// Short lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Command => "command",
            Self::Reserved => "reserved",
            Self::InterPan => "inter_pan",
        }
    }
}

/// The NWK frame control field (05-3474 3.3.1.1); every bit is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NwkFrameControl(pub u16);

impl NwkFrameControl {
    /// Frame type (bits 0-1).
    pub fn frame_type(self) -> NwkFrameType {
        match self.0 & 3 {
            0 => NwkFrameType::Data,
            1 => NwkFrameType::Command,
            2 => NwkFrameType::Reserved,
            _ => NwkFrameType::InterPan,
        }
    }
    /// Protocol version (bits 2-5): 2 for Zigbee 2006/PRO, 3 for Green Power frames.
    pub fn protocol_version(self) -> u8 {
        ((self.0 >> 2) & 0xf) as u8
    }
    /// Discover route (bits 6-7).
    pub fn discover_route(self) -> u8 {
        ((self.0 >> 6) & 3) as u8
    }
    flag_bits! {
        /// Multicast flag (bit 8).
        multicast: 8;
        /// Security (bit 9).
        security: 9;
        /// Source route (bit 10).
        source_route: 10;
        /// Destination IEEE address present (bit 11).
        dst_ieee: 11;
        /// Source IEEE address present (bit 12).
        src_ieee: 12;
        /// End device initiator (bit 13).
        end_device_initiator: 13;
    }
}

/// Source route subframe (05-3474 3.3.1.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceRoute<'a> {
    /// Relay index.
    pub relay_index: u8,
    /// Relay list, raw (2 bytes per relay).
    pub relays_raw: &'a [u8],
}

impl<'a> SourceRoute<'a> {
    /// Number of relays.
    pub fn relay_count(&self) -> usize {
        self.relays_raw.len() / 2
    }
    /// The relay short addresses.
    pub fn relays(&self) -> impl Iterator<Item = ShortAddr> + 'a {
        short_addr_list(self.relays_raw)
    }
}

/// Reads a list of little-endian short addresses (a trailing odd byte is ignored).
fn short_addr_list(raw: &[u8]) -> impl Iterator<Item = ShortAddr> + '_ {
    raw.chunks_exact(2).map(|c| {
        ShortAddr(u16::from_le_bytes([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ]))
    })
}

/// The NWK header (05-3474 3.3.1), without the auxiliary security header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NwkHeader<'a> {
    /// Frame control.
    pub frame_control: NwkFrameControl,
    /// Destination short (network) address.
    pub dst: ShortAddr,
    /// Source short (network) address.
    pub src: ShortAddr,
    /// Radius.
    pub radius: u8,
    /// Sequence number.
    pub sequence: u8,
    /// Destination IEEE address (when its frame control bit is set).
    pub dst_ieee: Option<Eui64>,
    /// Source IEEE address (when its frame control bit is set).
    pub src_ieee: Option<Eui64>,
    /// Multicast control (when the multicast flag is set): mode bits 0-1, non-member radius
    /// bits 2-4, max non-member radius bits 5-7.
    pub multicast_control: Option<u8>,
    /// Source route subframe (when its frame control bit is set).
    pub source_route: Option<SourceRoute<'a>>,
}

impl<'a> NwkHeader<'a> {
    /// A data or command header with the common Zigbee PRO settings (protocol version 2).
    pub fn new(
        frame_type: NwkFrameType,
        dst: ShortAddr,
        src: ShortAddr,
        radius: u8,
        sequence: u8,
    ) -> Self {
        let t = match frame_type {
            NwkFrameType::Data => 0,
            NwkFrameType::Command => 1,
            NwkFrameType::Reserved => 2,
            NwkFrameType::InterPan => 3,
        };
        NwkHeader {
            frame_control: NwkFrameControl(t | (2 << 2)),
            dst,
            src,
            radius,
            sequence,
            dst_ieee: None,
            src_ieee: None,
            multicast_control: None,
            source_route: None,
        }
    }

    /// Sets the flags in the frame control that follow from the optional fields and `secured`.
    #[must_use]
    pub fn with_flags(mut self, secured: bool) -> Self {
        let mut fc =
            self.frame_control.0 & !((1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12));
        if self.multicast_control.is_some() {
            fc |= 1 << 8;
        }
        if secured {
            fc |= 1 << 9;
        }
        if self.source_route.is_some() {
            fc |= 1 << 10;
        }
        if self.dst_ieee.is_some() {
            fc |= 1 << 11;
        }
        if self.src_ieee.is_some() {
            fc |= 1 << 12;
        }
        self.frame_control = NwkFrameControl(fc);
        self
    }

    /// Parses the header; returns it and the rest of the input.
    #[inline]
    pub fn parse(data: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        let mut r = Reader::new(data);
        let fc = NwkFrameControl(r.u16()?);
        if fc.frame_type() == NwkFrameType::InterPan {
            return Ok((
                NwkHeader {
                    frame_control: fc,
                    dst: ShortAddr(0),
                    src: ShortAddr(0),
                    radius: 0,
                    sequence: 0,
                    dst_ieee: None,
                    src_ieee: None,
                    multicast_control: None,
                    source_route: None,
                },
                2,
            ));
        }
        let dst = ShortAddr(r.u16()?);
        let src = ShortAddr(r.u16()?);
        let radius = r.u8()?;
        let sequence = r.u8()?;
        let dst_ieee = if fc.dst_ieee() {
            Some(Eui64(r.u64()?))
        } else {
            None
        };
        let src_ieee = if fc.src_ieee() {
            Some(Eui64(r.u64()?))
        } else {
            None
        };
        let multicast_control = if fc.multicast() { Some(r.u8()?) } else { None };
        let source_route = if fc.source_route() {
            let count = r.u8()?;
            let relay_index = r.u8()?;
            Some(SourceRoute {
                relay_index,
                relays_raw: r.take(2 * usize::from(count))?,
            })
        } else {
            None
        };
        Ok((
            NwkHeader {
                frame_control: fc,
                dst,
                src,
                radius,
                sequence,
                dst_ieee,
                src_ieee,
                multicast_control,
                source_route,
            },
            r.offset(),
        ))
    }

    /// Bytes [`NwkHeader::emit`] writes.
    pub fn encoded_len(&self) -> usize {
        if self.frame_control.frame_type() == NwkFrameType::InterPan {
            return 2;
        }
        8 + 8 * usize::from(self.dst_ieee.is_some())
            + 8 * usize::from(self.src_ieee.is_some())
            + usize::from(self.multicast_control.is_some())
            + self.source_route.map_or(0, |s| 2 + s.relays_raw.len())
    }

    /// Writes the header (frame control as stored; fields that are `Some`). Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }

    /// Writes the header into a writer.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.frame_control.0)?;
        if self.frame_control.frame_type() == NwkFrameType::InterPan {
            return Ok(());
        }
        w.u16(self.dst.0)?;
        w.u16(self.src.0)?;
        w.u8(self.radius)?;
        w.u8(self.sequence)?;
        if let Some(a) = self.dst_ieee {
            w.u64(a.0)?;
        }
        if let Some(a) = self.src_ieee {
            w.u64(a.0)?;
        }
        if let Some(m) = self.multicast_control {
            w.u8(m)?;
        }
        if let Some(s) = &self.source_route {
            let n = u8::try_from(s.relays_raw.len() / 2).map_err(|_| EncodeError::TooLong {
                field: "relay list",
                len: s.relays_raw.len() / 2,
            })?;
            w.u8(n)?;
            w.u8(s.relay_index)?;
            w.bytes(s.relays_raw.get(..2 * usize::from(n)).unwrap_or(&[]))?;
        }
        Ok(())
    }
}

/// A parsed NWK frame, borrowing from the input (Zigbee PRO; Green Power frames with protocol version 3 are not NWK frames, see [`crate::gp`]); see [`LayerFrame`] for its fields
/// and `NwkFrame::parse`.
pub type NwkFrame<'a> = LayerFrame<'a, NwkHeader<'a>>;

impl<'a> LayerHeader<'a> for NwkHeader<'a> {
    #[inline]
    fn parse_header(frame: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        NwkHeader::parse(frame)
    }
    #[inline]
    fn is_secured(&self) -> bool {
        self.frame_control.security() && self.frame_control.frame_type() != NwkFrameType::InterPan
    }
}

impl fmt::Display for NwkFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.header;
        let t = h.frame_control.frame_type();
        if t == NwkFrameType::InterPan {
            return f.write_str("NWK inter_pan");
        }
        write!(
            f,
            "NWK {} {} -> {} radius {} seq {}",
            t.name(),
            h.src,
            h.dst,
            h.radius,
            h.sequence
        )?;
        if let Some(a) = self.aux {
            write!(f, " secured fc {}", a.frame_counter)?;
            if let Some(s) = a.source {
                write!(f, " from {}", s)?;
            }
        }
        Ok(())
    }
}

/// NWK command frames (05-3474 3.4). Lists are kept raw and iterated lazily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NwkCommand<'a> {
    /// 0x01 Route request (3.4.1).
    RouteRequest {
        /// Command options (many-to-one bits 3-4, destination IEEE bit 5, multicast bit 6).
        options: u8,
        /// Route request identifier.
        request_id: u8,
        /// Destination address.
        dst: ShortAddr,
        /// Path cost.
        path_cost: u8,
        /// Destination IEEE address (option bit 5).
        dst_ieee: Option<Eui64>,
    },
    /// 0x02 Route reply (3.4.2).
    RouteReply {
        /// Command options (originator IEEE bit 4, responder IEEE bit 5, multicast bit 6).
        options: u8,
        /// Route request identifier.
        request_id: u8,
        /// Originator address.
        originator: ShortAddr,
        /// Responder address.
        responder: ShortAddr,
        /// Path cost.
        path_cost: u8,
        /// Originator IEEE address (option bit 4).
        originator_ieee: Option<Eui64>,
        /// Responder IEEE address (option bit 5).
        responder_ieee: Option<Eui64>,
    },
    /// 0x03 Network status (3.4.3).
    NetworkStatus {
        /// Status code.
        status: u8,
        /// Destination address the status is about.
        dst: ShortAddr,
        /// Bytes after the address (some newer status codes carry more).
        extra: &'a [u8],
    },
    /// 0x04 Leave (3.4.4).
    Leave {
        /// Options: rejoin bit 5, request bit 6, remove children bit 7.
        options: u8,
    },
    /// 0x05 Route record (3.4.5).
    RouteRecord {
        /// Relay list, raw (2 bytes each).
        relays_raw: &'a [u8],
    },
    /// 0x06 Rejoin request (3.4.6).
    RejoinRequest {
        /// Capability information (as in MAC association).
        capability: u8,
    },
    /// 0x07 Rejoin response (3.4.7).
    RejoinResponse {
        /// Network address.
        network_address: ShortAddr,
        /// Rejoin status.
        status: u8,
    },
    /// 0x08 Link status (3.4.8).
    LinkStatus {
        /// Options: entry count bits 0-4, first frame bit 5, last frame bit 6.
        options: u8,
        /// Entries, raw (3 bytes each).
        entries_raw: &'a [u8],
    },
    /// 0x09 Network report (3.4.9).
    NetworkReport {
        /// Options: info count bits 0-4, report type bits 5-7.
        options: u8,
        /// Extended PAN id.
        extended_pan_id: Eui64,
        /// Report information, raw (for PAN id conflict: 2-byte PAN ids).
        info_raw: &'a [u8],
    },
    /// 0x0a Network update (3.4.10).
    NetworkUpdate {
        /// Options: info count bits 0-4, update type bits 5-7.
        options: u8,
        /// Extended PAN id.
        extended_pan_id: Eui64,
        /// Update id.
        update_id: u8,
        /// Update information, raw (for PAN id update: the new PAN id).
        info_raw: &'a [u8],
    },
    /// 0x0b End device timeout request (3.4.11).
    EndDeviceTimeoutRequest {
        /// Requested timeout enumeration (0 = 10 s, n = 2^n minutes).
        requested_timeout: u8,
        /// End device configuration.
        configuration: u8,
    },
    /// 0x0c End device timeout response (3.4.12).
    EndDeviceTimeoutResponse {
        /// Status.
        status: u8,
        /// Parent information (MAC data poll keepalive bit 0, timeout request keepalive bit 1,
        /// power negotiation bit 2).
        parent_info: u8,
    },
    /// 0x0d Link power delta (3.4.13).
    LinkPowerDelta {
        /// Options (type bits 0-1).
        options: u8,
        /// Entries, raw (address 2 bytes + signed power delta 1 byte).
        entries_raw: &'a [u8],
    },
    /// 0x0e Network commissioning request (Zigbee R23).
    NetworkCommissioningRequest {
        /// Association type.
        association_type: u8,
        /// Capability information.
        capability: u8,
        /// Following TLVs, raw.
        tlvs: &'a [u8],
    },
    /// Any other command.
    Unknown {
        /// Command identifier.
        id: u8,
        /// Payload after it.
        payload: &'a [u8],
    },
}

/// One link status entry (05-3474 3.4.8.3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkStatusEntry {
    /// Neighbor network address.
    pub address: ShortAddr,
    /// Incoming cost (bits 0-2).
    pub incoming_cost: u8,
    /// Outgoing cost (bits 4-6).
    pub outgoing_cost: u8,
}

impl<'a> NwkCommand<'a> {
    /// Parses a NWK command payload (command id first).
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let id = r.u8()?;
        Ok(match id {
            0x01 => {
                let options = r.u8()?;
                NwkCommand::RouteRequest {
                    options,
                    request_id: r.u8()?,
                    dst: ShortAddr(r.u16()?),
                    path_cost: r.u8()?,
                    dst_ieee: if options & 0x20 != 0 {
                        Some(Eui64(r.u64()?))
                    } else {
                        None
                    },
                }
            }
            0x02 => {
                let options = r.u8()?;
                NwkCommand::RouteReply {
                    options,
                    request_id: r.u8()?,
                    originator: ShortAddr(r.u16()?),
                    responder: ShortAddr(r.u16()?),
                    path_cost: r.u8()?,
                    originator_ieee: if options & 0x10 != 0 {
                        Some(Eui64(r.u64()?))
                    } else {
                        None
                    },
                    responder_ieee: if options & 0x20 != 0 {
                        Some(Eui64(r.u64()?))
                    } else {
                        None
                    },
                }
            }
            0x03 => NwkCommand::NetworkStatus {
                status: r.u8()?,
                dst: ShortAddr(r.u16()?),
                extra: r.take_rest(),
            },
            0x04 => NwkCommand::Leave { options: r.u8()? },
            0x05 => {
                let n = r.u8()?;
                NwkCommand::RouteRecord {
                    relays_raw: r.take(2 * usize::from(n))?,
                }
            }
            0x06 => NwkCommand::RejoinRequest {
                capability: r.u8()?,
            },
            0x07 => NwkCommand::RejoinResponse {
                network_address: ShortAddr(r.u16()?),
                status: r.u8()?,
            },
            0x08 => {
                let options = r.u8()?;
                NwkCommand::LinkStatus {
                    options,
                    entries_raw: r.take(3 * usize::from(options & 0x1f))?,
                }
            }
            0x09 => {
                let options = r.u8()?;
                let extended_pan_id = Eui64(r.u64()?);
                let n = usize::from(options & 0x1f);
                NwkCommand::NetworkReport {
                    options,
                    extended_pan_id,
                    info_raw: if options >> 5 == 0 {
                        r.take(2 * n)?
                    } else {
                        r.take_rest()
                    },
                }
            }
            0x0a => {
                let options = r.u8()?;
                let extended_pan_id = Eui64(r.u64()?);
                let update_id = r.u8()?;
                let n = usize::from(options & 0x1f);
                NwkCommand::NetworkUpdate {
                    options,
                    extended_pan_id,
                    update_id,
                    info_raw: if options >> 5 == 0 {
                        r.take(2 * n)?
                    } else {
                        r.take_rest()
                    },
                }
            }
            0x0b => NwkCommand::EndDeviceTimeoutRequest {
                requested_timeout: r.u8()?,
                configuration: r.u8()?,
            },
            0x0c => NwkCommand::EndDeviceTimeoutResponse {
                status: r.u8()?,
                parent_info: r.u8()?,
            },
            0x0d => {
                let options = r.u8()?;
                let n = r.u8()?;
                NwkCommand::LinkPowerDelta {
                    options,
                    entries_raw: r.take(3 * usize::from(n))?,
                }
            }
            0x0e => NwkCommand::NetworkCommissioningRequest {
                association_type: r.u8()?,
                capability: r.u8()?,
                tlvs: r.take_rest(),
            },
            _ => NwkCommand::Unknown {
                id,
                payload: r.take_rest(),
            },
        })
    }

    /// The command identifier.
    pub fn id(&self) -> u8 {
        match self {
            NwkCommand::RouteRequest { .. } => 0x01,
            NwkCommand::RouteReply { .. } => 0x02,
            NwkCommand::NetworkStatus { .. } => 0x03,
            NwkCommand::Leave { .. } => 0x04,
            NwkCommand::RouteRecord { .. } => 0x05,
            NwkCommand::RejoinRequest { .. } => 0x06,
            NwkCommand::RejoinResponse { .. } => 0x07,
            NwkCommand::LinkStatus { .. } => 0x08,
            NwkCommand::NetworkReport { .. } => 0x09,
            NwkCommand::NetworkUpdate { .. } => 0x0a,
            NwkCommand::EndDeviceTimeoutRequest { .. } => 0x0b,
            NwkCommand::EndDeviceTimeoutResponse { .. } => 0x0c,
            NwkCommand::LinkPowerDelta { .. } => 0x0d,
            NwkCommand::NetworkCommissioningRequest { .. } => 0x0e,
            NwkCommand::Unknown { id, .. } => *id,
        }
    }

    /// snake_case name.
    pub fn name(&self) -> &'static str {
        match self {
            NwkCommand::RouteRequest { .. } => "route_request",
            NwkCommand::RouteReply { .. } => "route_reply",
            NwkCommand::NetworkStatus { .. } => "network_status",
            NwkCommand::Leave { .. } => "leave",
            NwkCommand::RouteRecord { .. } => "route_record",
            NwkCommand::RejoinRequest { .. } => "rejoin_request",
            NwkCommand::RejoinResponse { .. } => "rejoin_response",
            NwkCommand::LinkStatus { .. } => "link_status",
            NwkCommand::NetworkReport { .. } => "network_report",
            NwkCommand::NetworkUpdate { .. } => "network_update",
            NwkCommand::EndDeviceTimeoutRequest { .. } => "end_device_timeout_request",
            NwkCommand::EndDeviceTimeoutResponse { .. } => "end_device_timeout_response",
            NwkCommand::LinkPowerDelta { .. } => "link_power_delta",
            NwkCommand::NetworkCommissioningRequest { .. } => "network_commissioning_request",
            NwkCommand::Unknown { .. } => "unknown",
        }
    }

    /// Relays of a route record.
    pub fn route_record_relays(&self) -> Option<impl Iterator<Item = ShortAddr> + 'a> {
        match *self {
            NwkCommand::RouteRecord { relays_raw } => Some(short_addr_list(relays_raw)),
            _ => None,
        }
    }

    /// Entries of a link status command.
    pub fn link_status_entries(&self) -> Option<impl Iterator<Item = LinkStatusEntry> + 'a> {
        match *self {
            NwkCommand::LinkStatus { entries_raw, .. } => {
                Some(entries_raw.chunks_exact(3).map(|c| {
                    let lo = c.first().copied().unwrap_or(0);
                    let hi = c.get(1).copied().unwrap_or(0);
                    let cost = c.get(2).copied().unwrap_or(0);
                    LinkStatusEntry {
                        address: ShortAddr(u16::from_le_bytes([lo, hi])),
                        incoming_cost: cost & 7,
                        outgoing_cost: (cost >> 4) & 7,
                    }
                }))
            }
            _ => None,
        }
    }

    /// Writes the command (id first). Counts come from the raw list lengths; options fields
    /// are written as stored. Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.id())?;
        match *self {
            NwkCommand::RouteRequest {
                options,
                request_id,
                dst,
                path_cost,
                dst_ieee,
            } => {
                w.u8(options)?;
                w.u8(request_id)?;
                w.u16(dst.0)?;
                w.u8(path_cost)?;
                if let Some(a) = dst_ieee {
                    w.u64(a.0)?;
                }
            }
            NwkCommand::RouteReply {
                options,
                request_id,
                originator,
                responder,
                path_cost,
                originator_ieee,
                responder_ieee,
            } => {
                w.u8(options)?;
                w.u8(request_id)?;
                w.u16(originator.0)?;
                w.u16(responder.0)?;
                w.u8(path_cost)?;
                if let Some(a) = originator_ieee {
                    w.u64(a.0)?;
                }
                if let Some(a) = responder_ieee {
                    w.u64(a.0)?;
                }
            }
            NwkCommand::NetworkStatus { status, dst, extra } => {
                w.u8(status)?;
                w.u16(dst.0)?;
                w.bytes(extra)?;
            }
            NwkCommand::Leave { options } => w.u8(options)?,
            NwkCommand::RouteRecord { relays_raw } => {
                w.u8(count_u8(relays_raw.len() / 2, "relay list")?)?;
                w.bytes(relays_raw)?;
            }
            NwkCommand::RejoinRequest { capability } => w.u8(capability)?,
            NwkCommand::RejoinResponse {
                network_address,
                status,
            } => {
                w.u16(network_address.0)?;
                w.u8(status)?;
            }
            NwkCommand::LinkStatus {
                options,
                entries_raw,
            } => {
                w.u8(options)?;
                w.bytes(entries_raw)?;
            }
            NwkCommand::NetworkReport {
                options,
                extended_pan_id,
                info_raw,
            } => {
                w.u8(options)?;
                w.u64(extended_pan_id.0)?;
                w.bytes(info_raw)?;
            }
            NwkCommand::NetworkUpdate {
                options,
                extended_pan_id,
                update_id,
                info_raw,
            } => {
                w.u8(options)?;
                w.u64(extended_pan_id.0)?;
                w.u8(update_id)?;
                w.bytes(info_raw)?;
            }
            NwkCommand::EndDeviceTimeoutRequest {
                requested_timeout,
                configuration,
            } => {
                w.u8(requested_timeout)?;
                w.u8(configuration)?;
            }
            NwkCommand::EndDeviceTimeoutResponse {
                status,
                parent_info,
            } => {
                w.u8(status)?;
                w.u8(parent_info)?;
            }
            NwkCommand::LinkPowerDelta {
                options,
                entries_raw,
            } => {
                w.u8(options)?;
                w.u8(count_u8(entries_raw.len() / 3, "power delta list")?)?;
                w.bytes(entries_raw)?;
            }
            NwkCommand::NetworkCommissioningRequest {
                association_type,
                capability,
                tlvs,
            } => {
                w.u8(association_type)?;
                w.u8(capability)?;
                w.bytes(tlvs)?;
            }
            NwkCommand::Unknown { payload, .. } => w.bytes(payload)?,
        }
        Ok(w.len())
    }
}

impl fmt::Display for NwkCommand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match *self {
            NwkCommand::RouteRequest {
                options,
                request_id,
                dst,
                path_cost,
                dst_ieee,
            } => {
                write!(f, " id {request_id} dst {dst} cost {path_cost}")?;
                if let Some(a) = dst_ieee {
                    write!(f, " ({})", a)?;
                }
                match (options >> 3) & 3 {
                    1 => f.write_str(" many-to-one")?,
                    2 => f.write_str(" many-to-one no-route-cache")?,
                    _ => {}
                }
                Ok(())
            }
            NwkCommand::RouteReply {
                request_id,
                originator,
                responder,
                path_cost,
                ..
            } => write!(
                f,
                " id {request_id} {originator} <- {responder} cost {path_cost}"
            ),
            NwkCommand::NetworkStatus { status, dst, .. } => {
                write!(f, " 0x{status:02x} about {dst}")
            }
            NwkCommand::Leave { options } => {
                for (bit, name) in [
                    (0x80, " remove-children"),
                    (0x40, " request"),
                    (0x20, " rejoin"),
                ] {
                    if options & bit != 0 {
                        f.write_str(name)?;
                    }
                }
                Ok(())
            }
            NwkCommand::RouteRecord { .. } => {
                f.write_str(" via")?;
                for r in self.route_record_relays().into_iter().flatten() {
                    write!(f, " {r}")?;
                }
                Ok(())
            }
            NwkCommand::RejoinRequest { capability } => write!(f, " capability 0x{capability:02x}"),
            NwkCommand::RejoinResponse {
                network_address,
                status,
            } => write!(f, " {network_address} status {status}"),
            NwkCommand::LinkStatus { options, .. } => {
                write!(f, " {} entries", options & 0x1f)?;
                for e in self.link_status_entries().into_iter().flatten() {
                    write!(f, " {}:{}/{}", e.address, e.incoming_cost, e.outgoing_cost)?;
                }
                Ok(())
            }
            NwkCommand::NetworkReport {
                extended_pan_id, ..
            } => write!(f, " epid {}", extended_pan_id),
            NwkCommand::NetworkUpdate {
                extended_pan_id,
                update_id,
                ..
            } => write!(f, " epid {} update id {update_id}", extended_pan_id),
            NwkCommand::EndDeviceTimeoutRequest {
                requested_timeout,
                configuration,
            } => write!(
                f,
                " timeout {requested_timeout} configuration {configuration}"
            ),
            NwkCommand::EndDeviceTimeoutResponse {
                status,
                parent_info,
            } => write!(f, " status {status} parent info 0x{parent_info:02x}"),
            NwkCommand::LinkPowerDelta { entries_raw, .. } => {
                write!(f, " {} entries", entries_raw.len() / 3)
            }
            NwkCommand::NetworkCommissioningRequest {
                association_type,
                capability,
                ..
            } => write!(f, " type {association_type} capability 0x{capability:02x}"),
            NwkCommand::Unknown { id, .. } => write!(f, " 0x{id:02x}"),
        }
    }
}

pub(crate) fn count_u8(n: usize, field: &'static str) -> Result<u8, EncodeError> {
    u8::try_from(n).map_err(|_| EncodeError::TooLong { field, len: n })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn parse_secured_data_header_with_both_ieee_addresses() {
        // killerbee-control4-sample.pcap frame 15, NWK part (after the 9-byte MAC header)
        let f = h(concat!(
            "081a",             // data, version 2, security, dst IEEE, src IEEE
            "0000",             // dst 0x0000
            "e4b7",             // src 0xb7e4
            "0a",               // radius 10
            "ec",               // sequence 236
            "22021f0000ff0f00", // dst IEEE 00:0f:ff:00:00:1f:02:22
            "1a5b410000ff0f00", // src IEEE 00:0f:ff:00:00:41:5b:1a
            "28",               // security control: network key, extended nonce
            "0d730000",         // frame counter 29453
            "1a5b410000ff0f00", // source
            "00",               // key sequence number
            "2cdf9cd2",         // ciphertext ...
            "0871f720",         // MIC
        ));
        let n = NwkFrame::parse(&f).unwrap();
        let fc = n.header.frame_control;
        assert_eq!(fc.frame_type(), NwkFrameType::Data);
        assert_eq!(fc.protocol_version(), 2);
        assert!(fc.security() && fc.dst_ieee() && fc.src_ieee());
        assert!(!fc.multicast() && !fc.source_route() && !fc.end_device_initiator());
        assert_eq!(
            (n.header.dst, n.header.src),
            (ShortAddr(0x0000), ShortAddr(0xb7e4))
        );
        assert_eq!((n.header.radius, n.header.sequence), (10, 236));
        assert_eq!(n.header.dst_ieee, Some(Eui64(0x000f_ff00_001f_0222)));
        assert_eq!(n.header.src_ieee, Some(Eui64(0x000f_ff00_0041_5b1a)));
        assert_eq!(n.header_len, 24);
        let aux = n.aux.unwrap();
        assert_eq!(aux.key_id(), KeyId::Network);
        assert!(aux.extended_nonce());
        assert_eq!(aux.level(), 0);
        assert_eq!(aux.frame_counter, 29453);
        assert_eq!(aux.source, Some(Eui64(0x000f_ff00_0041_5b1a)));
        assert_eq!(aux.key_sequence, Some(0));
        assert_eq!(n.payload_offset, 38);
        assert_eq!(n.payload, &f[38..42]);
        assert_eq!(n.mic, &f[42..]);
        let mut out = [0xffu8; 64];
        let len = n.header.emit(&mut out).unwrap();
        assert_eq!(len, n.header.encoded_len());
        assert_eq!(&out[..len], &f[..24]);
        let mut w_buf = [0u8; 16];
        let mut w = Writer::new(&mut w_buf);
        aux.emit_to(&mut w).unwrap();
        assert_eq!(w.written(), &f[24..38]);
        assert_eq!(
            n.to_string(),
            "NWK data 0xb7e4 -> 0x0000 radius 10 seq 236 secured fc 29453 from 00:0f:ff:00:00:41:5b:1a"
        );
    }

    #[test]
    fn parse_multicast_and_source_route_header() {
        let f = [
            0x49, 0x05, // command, version 2, discover route 1, multicast, source route
            0x01, 0x00, // dst 0x0001
            0x02, 0x00, // src 0x0002
            0x05, 0x07, // radius 5, seq 7
            0x2d, // multicast control: mode 1, non-member radius 3, max 1
            0x02, 0x01, // relay count 2, index 1
            0x34, 0x12, 0x78, 0x56, // relays 0x1234, 0x5678
            0x04, 0x40, // leave with request
        ];
        let n = NwkFrame::parse(&f).unwrap();
        let fc = n.header.frame_control;
        assert_eq!(fc.frame_type(), NwkFrameType::Command);
        assert_eq!(fc.discover_route(), 1);
        assert_eq!(n.header.multicast_control, Some(0x2d));
        let sr = n.header.source_route.unwrap();
        assert_eq!(sr.relay_index, 1);
        assert_eq!(sr.relay_count(), 2);
        assert_eq!(
            sr.relays().collect::<Vec<_>>(),
            vec![ShortAddr(0x1234), ShortAddr(0x5678)]
        );
        assert_eq!(n.payload, &[0x04, 0x40]);
        assert_eq!(
            NwkCommand::parse(n.payload).unwrap(),
            NwkCommand::Leave { options: 0x40 }
        );
        let mut out = [0xffu8; 32];
        let len = n.header.emit(&mut out).unwrap();
        assert_eq!(&out[..len], &f[..15]);
        // with_flags recomputes the presence bits from the fields
        let mut hdr = n.header;
        hdr.frame_control = NwkFrameControl(0x0049);
        assert_eq!(hdr.with_flags(false).frame_control, fc);
    }

    #[test]
    fn parse_inter_pan_stub_header() {
        let n = NwkFrame::parse(&[0x0b, 0x00, 0x21, 0x00, 0x10]).unwrap();
        assert_eq!(n.header.frame_control.frame_type(), NwkFrameType::InterPan);
        assert_eq!(n.header_len, 2);
        assert_eq!(n.payload, &[0x21, 0x00, 0x10]);
        assert_eq!(n.to_string(), "NWK inter_pan");
    }

    fn roundtrip(bytes: &[u8]) -> NwkCommand<'_> {
        let c = NwkCommand::parse(bytes).unwrap();
        let mut dirty = [0xffu8; 64];
        let n = c.emit(&mut dirty).unwrap();
        assert_eq!(&dirty[..n], bytes, "{}", c.name());
        assert_eq!(c.id(), bytes[0]);
        c
    }

    #[test]
    fn parse_commands_from_captures() {
        // killerbee frame 105: many-to-one route request
        assert_eq!(
            roundtrip(&h("010809fcff00")),
            NwkCommand::RouteRequest {
                options: 0x08, // many-to-one
                request_id: 9,
                dst: ShortAddr(0xfffc),
                path_cost: 0,
                dst_ieee: None
            }
        );
        // killerbee frame 29: leave, no flags
        assert_eq!(roundtrip(&h("0400")), NwkCommand::Leave { options: 0 });
        // silabs-unsecured-rejoining frames 169, 173, 197, 71, 75
        assert_eq!(
            roundtrip(&h("0680")),
            NwkCommand::RejoinRequest { capability: 0x80 }
        );
        assert_eq!(
            roundtrip(&h("07385900")),
            NwkCommand::RejoinResponse {
                network_address: ShortAddr(0x5938),
                status: 0
            }
        );
        assert_eq!(
            roundtrip(&h("030effff")),
            NwkCommand::NetworkStatus {
                status: 0x0e,
                dst: ShortAddr(0xffff),
                extra: &[]
            }
        );
        assert_eq!(
            roundtrip(&h("0b0800")),
            NwkCommand::EndDeviceTimeoutRequest {
                requested_timeout: 8,
                configuration: 0
            }
        );
        assert_eq!(
            roundtrip(&h("0c0003")),
            NwkCommand::EndDeviceTimeoutResponse {
                status: 0,
                parent_info: 3
            }
        );
        // silabs-app-link-key frame 1: link status, first and last frame, no entries
        let ls = h("0860");
        let c = roundtrip(&ls);
        assert_eq!(c.link_status_entries().unwrap().count(), 0);
        assert_eq!(c.to_string(), "link_status 0 entries");
        assert_eq!(
            NwkCommand::parse(&h("010809fcff00")).unwrap().to_string(),
            "route_request id 9 dst 0xfffc cost 0 many-to-one"
        );
    }

    #[test]
    fn parse_commands_with_lists_and_addresses() {
        let rr = roundtrip(&[
            0x02, 0x30, 0x05, // route reply, originator and responder IEEE, id 5
            0x01, 0x00, 0x02, 0x00, 0x03, // originator 1, responder 2, cost 3
            1, 0, 0, 0, 0, 0, 0, 0, // originator IEEE 1
            2, 0, 0, 0, 0, 0, 0, 0, // responder IEEE 2
        ]);
        assert!(matches!(
            rr,
            NwkCommand::RouteReply {
                originator: ShortAddr(1),
                responder: ShortAddr(2),
                originator_ieee: Some(Eui64(1)),
                responder_ieee: Some(Eui64(2)),
                path_cost: 3,
                ..
            }
        ));
        assert_eq!(rr.to_string(), "route_reply id 5 0x0001 <- 0x0002 cost 3");
        let req = roundtrip(&[0x01, 0x20, 0x01, 0x34, 0x12, 0x00, 9, 9, 9, 9, 9, 9, 9, 9]);
        assert!(matches!(
            req,
            NwkCommand::RouteRequest {
                dst_ieee: Some(Eui64(0x0909_0909_0909_0909)),
                ..
            }
        ));
        let rec = roundtrip(&[0x05, 0x02, 0x34, 0x12, 0x78, 0x56]);
        assert_eq!(
            rec.route_record_relays().unwrap().collect::<Vec<_>>(),
            vec![ShortAddr(0x1234), ShortAddr(0x5678)]
        );
        let ls = roundtrip(&[
            0x08, 0x62, // first + last, 2 entries
            0x01, 0x00, 0x31, // 0x0001: in 1, out 3
            0x02, 0x00, 0x77, // 0x0002: in 7, out 7
        ]);
        assert_eq!(
            ls.to_string(),
            "link_status 2 entries 0x0001:1/3 0x0002:7/7"
        );
        assert_eq!(rec.to_string(), "route_record via 0x1234 0x5678");
        let e: Vec<_> = ls.link_status_entries().unwrap().collect();
        assert_eq!(
            e[0],
            LinkStatusEntry {
                address: ShortAddr(1),
                incoming_cost: 1,
                outgoing_cost: 3
            }
        );
        assert_eq!(e[1].outgoing_cost, 7);
        let report = roundtrip(&[0x09, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 0x34, 0x12, 0x78, 0x56]);
        assert!(
            matches!(report, NwkCommand::NetworkReport { info_raw, .. } if info_raw.len() == 4)
        );
        let update = roundtrip(&[0x0a, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x03, 0x34, 0x12]);
        assert!(matches!(
            update,
            NwkCommand::NetworkUpdate { update_id: 3, .. }
        ));
        let lpd = roundtrip(&[0x0d, 0x01, 0x02, 0x01, 0x00, 0xfe, 0x02, 0x00, 0x03]);
        assert!(
            matches!(lpd, NwkCommand::LinkPowerDelta { entries_raw, .. } if entries_raw.len() == 6)
        );
        let ncr = roundtrip(&[0x0e, 0x00, 0x8e, 0x01, 0x02]);
        assert_eq!(ncr.name(), "network_commissioning_request");
        let unk = roundtrip(&[0x42, 1, 2]);
        assert_eq!(unk.name(), "unknown");
    }

    #[test]
    fn rejects_truncated_frames_and_commands() {
        assert_eq!(
            NwkFrame::parse(&[0x08]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        assert_eq!(
            NwkFrame::parse(&[0x08, 0x00, 0, 0, 0, 0, 1]),
            Err(DecodeError::Truncated {
                offset: 7,
                needed: 1
            })
        );
        // secured but shorter than aux header + MIC
        assert_eq!(
            NwkFrame::parse(&[0x08, 0x02, 0, 0, 0, 0, 1, 1, 0x28, 0, 0, 0, 0]),
            Err(DecodeError::Truncated {
                offset: 13,
                needed: 8
            })
        );
        assert_eq!(
            NwkFrame::parse(&[0x08, 0x02, 0, 0, 0, 0, 1, 1, 0x08, 0, 0, 0, 0, 0, 1, 2]),
            Err(DecodeError::Truncated {
                offset: 14,
                needed: 2
            })
        );
        assert_eq!(
            NwkCommand::parse(&[0x05, 0x02, 0x34]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 3
            })
        );
        assert_eq!(
            NwkCommand::parse(&[0x08, 0x03, 0x00]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 8
            })
        );
        assert_eq!(
            NwkCommand::parse(&[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        let mut small = [0u8; 2];
        assert_eq!(NwkCommand::Leave { options: 0 }.emit(&mut small), Ok(2));
        assert_eq!(
            NwkCommand::RejoinResponse {
                network_address: ShortAddr(1),
                status: 0
            }
            .emit(&mut small),
            Err(EncodeError::BufferTooSmall {
                needed: 3,
                available: 2
            })
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..140)) {
            if let Ok(n) = NwkFrame::parse(&data) {
                let _ = n.to_string();
                let mut out = [0u8; 200];
                let len = n.header.emit(&mut out).unwrap();
                prop_assert_eq!(&out[..len], &data[..len]);
            }
            if let Ok(c) = NwkCommand::parse(&data) {
                let _ = c.link_status_entries().map(Iterator::count);
                let mut out = [0u8; 200];
                let len = c.emit(&mut out).unwrap();
                prop_assert_eq!(&out[..len], &data[..len]);
            }
        }
    }
}
