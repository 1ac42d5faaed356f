//! Network management: Mgmt_Lqi, Mgmt_Rtg, Mgmt_Bind, Mgmt_Leave, Mgmt_Permit_Joining and
//! Mgmt_NWK_Update (05-3474-21 2.4.3.3 and 2.4.4.3).

use core::fmt;

use super::bind::StatusRsp;
use super::{
    bitflags_defmt, code_enum, emit_u8_list, frame_codec, parse_u8_list, BindingTableEntry, List,
    Record, ZdpStatus,
};
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

/// A request that carries only StartIndex: Mgmt_Lqi_req (0x0031), Mgmt_Rtg_req (0x0032) and
/// Mgmt_Bind_req (0x0033) (2.4.3.3.2-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StartIndexReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// StartIndex: first table entry wanted.
    pub start_index: u8,
    /// Bytes after the defined fields, kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

/// Mgmt_Lqi_req (cluster 0x0031, 2.4.3.3.2).
pub type MgmtLqiReq<'a> = StartIndexReq<'a>;
/// Mgmt_Rtg_req (cluster 0x0032, 2.4.3.3.3).
pub type MgmtRtgReq<'a> = StartIndexReq<'a>;
/// Mgmt_Bind_req (cluster 0x0033, 2.4.3.3.4).
pub type MgmtBindReq<'a> = StartIndexReq<'a>;
/// Mgmt_Leave_rsp (cluster 0x8034, 2.4.4.3.5).
pub type MgmtLeaveRsp<'a> = StatusRsp<'a>;
/// Mgmt_Permit_Joining_rsp (cluster 0x8036, 2.4.4.3.7).
pub type MgmtPermitJoiningRsp<'a> = StatusRsp<'a>;

impl<'a> StartIndexReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(StartIndexReq {
            tsn: r.u8()?,
            start_index: r.u8()?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        2 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.start_index)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(StartIndexReq);

code_enum! {
    /// Device type of a neighbor table entry, bits 0-1 (2.4.4.3.2, table 2.126).
    DeviceType: u8, from_u8, to_u8, Reserved {
        /// ZigBee coordinator.
        Coordinator = 0, "coordinator";
        /// ZigBee router.
        Router = 1, "router";
        /// ZigBee end device.
        EndDevice = 2, "end_device";
        /// Not known.
        Unknown = 3, "unknown";
    }
}

code_enum! {
    /// RxOnWhenIdle of a neighbor table entry, bits 2-3.
    RxOnWhenIdle: u8, from_u8, to_u8, Reserved {
        /// Receiver off when idle.
        Off = 0, "off";
        /// Receiver on when idle.
        On = 1, "on";
        /// Not known.
        Unknown = 2, "unknown";
    }
}

code_enum! {
    /// Relationship of a neighbor table entry, bits 4-6.
    Relationship: u8, from_u8, to_u8, Reserved {
        /// The neighbor is our parent.
        Parent = 0, "parent";
        /// The neighbor is our child.
        Child = 1, "child";
        /// The neighbor is our sibling.
        Sibling = 2, "sibling";
        /// None of the above.
        NoneOfTheAbove = 3, "none_of_the_above";
        /// A former child.
        PreviousChild = 4, "previous_child";
        /// A child that has not finished authentication.
        UnauthenticatedChild = 5, "unauthenticated_child";
    }
}

code_enum! {
    /// Permit joining of a neighbor table entry, bits 0-1 of its second flags byte.
    PermitJoining: u8, from_u8, to_u8, Reserved {
        /// The neighbor does not accept join requests.
        NotAccepting = 0, "not_accepting";
        /// The neighbor accepts join requests.
        Accepting = 1, "accepting";
        /// Not known.
        Unknown = 2, "unknown";
    }
}

/// One neighbor table entry of Mgmt_Lqi_rsp (2.4.4.3.2, table 2.126), 22 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Neighbor {
    /// Extended PAN id of the neighbor's network.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub extended_pan_id: u64,
    /// Extended (IEEE) address of the neighbor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub extended_address: u64,
    /// Network address of the neighbor.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub network_address: u16,
    /// Device type (bits 0-1 of byte 18).
    pub device_type: DeviceType,
    /// RxOnWhenIdle (bits 2-3).
    pub rx_on_when_idle: RxOnWhenIdle,
    /// Relationship (bits 4-6).
    pub relationship: Relationship,
    /// Reserved bit 7 of byte 18, as 0 or 1.
    pub reserved1: u8,
    /// Permit joining (bits 0-1 of byte 19).
    pub permit_joining: PermitJoining,
    /// Reserved bits 2-7 of byte 19, as a value 0-63.
    pub reserved2: u8,
    /// Depth in the network tree.
    pub depth: u8,
    /// Link quality indication.
    pub lqi: u8,
}

impl Neighbor {
    /// Encoded size (always 22).
    pub const ENCODED_LEN: usize = 22;
}

impl Record for Neighbor {
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let extended_pan_id = r.u64()?;
        let extended_address = r.u64()?;
        let network_address = r.u16()?;
        let b = r.u8()?;
        let p = r.u8()?;
        Ok(Neighbor {
            extended_pan_id,
            extended_address,
            network_address,
            device_type: DeviceType::from_u8(b & 0x03),
            rx_on_when_idle: RxOnWhenIdle::from_u8((b >> 2) & 0x03),
            relationship: Relationship::from_u8((b >> 4) & 0x07),
            reserved1: b >> 7,
            permit_joining: PermitJoining::from_u8(p & 0x03),
            reserved2: p >> 2,
            depth: r.u8()?,
            lqi: r.u8()?,
        })
    }

    fn encoded_len(&self) -> usize {
        Self::ENCODED_LEN
    }

    /// Values wider than their bit fields are cut to the field.
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u64(self.extended_pan_id)?;
        w.u64(self.extended_address)?;
        w.u16(self.network_address)?;
        w.u8((self.device_type.to_u8() & 0x03)
            | ((self.rx_on_when_idle.to_u8() & 0x03) << 2)
            | ((self.relationship.to_u8() & 0x07) << 4)
            | (self.reserved1 << 7))?;
        w.u8((self.permit_joining.to_u8() & 0x03) | (self.reserved2 << 2))?;
        w.u8(self.depth)?;
        w.u8(self.lqi)
    }
}

code_enum! {
    /// Status of a routing table entry, bits 0-2 (2.4.4.3.3, table 2.128).
    RouteStatus: u8, from_u8, to_u8, Reserved {
        /// Active.
        Active = 0, "active";
        /// Discovery underway.
        DiscoveryUnderway = 1, "discovery_underway";
        /// Discovery failed.
        DiscoveryFailed = 2, "discovery_failed";
        /// Inactive.
        Inactive = 3, "inactive";
        /// Validation underway.
        ValidationUnderway = 4, "validation_underway";
    }
}

/// One routing table entry of Mgmt_Rtg_rsp (2.4.4.3.3, table 2.128), 5 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Route {
    /// Destination address.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub destination_address: u16,
    /// Route status (bits 0-2).
    pub status: RouteStatus,
    /// Memory constrained concentrator (bit 3).
    pub memory_constrained: bool,
    /// Many-to-one: the destination is a concentrator (bit 4).
    pub many_to_one: bool,
    /// Route record required before the next data frame (bit 5).
    pub route_record_required: bool,
    /// Reserved bits 6-7, as a value 0-3.
    pub reserved: u8,
    /// Next-hop address.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub next_hop_address: u16,
}

impl Record for Route {
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let destination_address = r.u16()?;
        let b = r.u8()?;
        Ok(Route {
            destination_address,
            status: RouteStatus::from_u8(b & 0x07),
            memory_constrained: b & 0x08 != 0,
            many_to_one: b & 0x10 != 0,
            route_record_required: b & 0x20 != 0,
            reserved: b >> 6,
            next_hop_address: r.u16()?,
        })
    }

    fn encoded_len(&self) -> usize {
        5
    }

    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.destination_address)?;
        w.u8((self.status.to_u8() & 0x07)
            | (u8::from(self.memory_constrained) << 3)
            | (u8::from(self.many_to_one) << 4)
            | (u8::from(self.route_record_required) << 5)
            | (self.reserved << 6))?;
        w.u16(self.next_hop_address)
    }
}

/// One page of a remote table: total entries, where this page starts, and its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TablePage<'a, T: Record> {
    /// Total number of entries in the remote table (NeighborTableEntries,
    /// RoutingTableEntries or BindingTableEntries).
    pub total_entries: u8,
    /// StartIndex of this page.
    pub start_index: u8,
    /// The entries of this page (the ...ListCount field is its length).
    pub entries: List<'a, T>,
}

/// A table response: Mgmt_Lqi_rsp (0x8031), Mgmt_Rtg_rsp (0x8032), Mgmt_Bind_rsp (0x8033)
/// (2.4.4.3.2-4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MgmtTableRsp<'a, T: Record> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// The table page; devices leave it out when the status is not success, so it is `None`
    /// when the frame ends after the status.
    pub page: Option<TablePage<'a, T>>,
    /// Bytes after the defined fields, kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

/// Mgmt_Lqi_rsp (cluster 0x8031, 2.4.4.3.2): the remote neighbor table.
pub type MgmtLqiRsp<'a> = MgmtTableRsp<'a, Neighbor>;
/// Mgmt_Rtg_rsp (cluster 0x8032, 2.4.4.3.3): the remote routing table.
pub type MgmtRtgRsp<'a> = MgmtTableRsp<'a, Route>;
/// Mgmt_Bind_rsp (cluster 0x8033, 2.4.4.3.4): the remote binding table.
pub type MgmtBindRsp<'a> = MgmtTableRsp<'a, BindingTableEntry>;

impl<'a, T: Record> MgmtTableRsp<'a, T> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let status = ZdpStatus::from_u8(r.u8()?);
        let page = if r.is_empty() {
            None
        } else {
            let total_entries = r.u8()?;
            let start_index = r.u8()?;
            let count_offset = r.offset();
            let count = r.u8()?;
            Some(TablePage {
                total_entries,
                start_index,
                entries: List::parse_counted(r, usize::from(count), count_offset)?,
            })
        };
        Ok(MgmtTableRsp {
            tsn,
            status,
            page,
            trailing: r.take_rest(),
        })
    }

    /// Parses the whole ZDP payload (TSN first).
    pub fn parse(payload: &'a [u8]) -> Result<Self, DecodeError> {
        Self::parse_from(&mut Reader::new(payload))
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        2 + self
            .page
            .as_ref()
            .map_or(0, |p| 3 + p.entries.encoded_len())
            + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        if let Some(p) = &self.page {
            w.u8(p.total_entries)?;
            w.u8(p.start_index)?;
            w.u8(p.entries.count_u8("entries")?)?;
            p.entries.emit_to(w)?;
        }
        w.bytes(self.trailing)
    }

    /// Writes the payload into `buf` and returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }
}

bitflags::bitflags! {
    /// Mgmt_Leave_req flags (2.4.3.3.5). Reserved bits 0-5 are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct LeaveFlags: u8 {
        /// Remove children: the device also asks its children to leave.
        const REMOVE_CHILDREN = 0x40;
        /// Rejoin: the device rejoins after leaving.
        const REJOIN = 0x80;
        const _ = !0;
    }
}
bitflags_defmt!(LeaveFlags);

/// Mgmt_Leave_req (cluster 0x0034, 2.4.3.3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MgmtLeaveReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// DeviceAddress: IEEE address of the device to leave (zero for the receiver itself).
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub device_address: u64,
    /// Remove children and rejoin flags.
    pub flags: LeaveFlags,
    /// Bytes after the defined fields, kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

impl<'a> MgmtLeaveReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(MgmtLeaveReq {
            tsn: r.u8()?,
            device_address: r.u64()?,
            flags: LeaveFlags::from_bits_retain(r.u8()?),
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        10 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u64(self.device_address)?;
        w.u8(self.flags.bits())?;
        w.bytes(self.trailing)
    }
}
frame_codec!(MgmtLeaveReq);

/// Mgmt_Permit_Joining_req (cluster 0x0036, 2.4.3.3.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MgmtPermitJoiningReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// PermitDuration in seconds (0 closes, 0xff is "forever" before R21).
    pub permit_duration: u8,
    /// TC_Significance, kept as the raw byte (1 asks the trust center to follow).
    pub tc_significance: u8,
    /// Bytes after the defined fields (R23 TLVs), kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

impl<'a> MgmtPermitJoiningReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(MgmtPermitJoiningReq {
            tsn: r.u8()?,
            permit_duration: r.u8()?,
            tc_significance: r.u8()?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        3 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.permit_duration)?;
        w.u8(self.tc_significance)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(MgmtPermitJoiningReq);

/// A channel mask: channels 0-26 in bits 0-26 and the channel page in bits 27-31
/// (05-3474-21 2.4.3.3.9 ScanChannels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ChannelMask(pub u32);

impl ChannelMask {
    /// Channels 11-26 of the 2.4 GHz band, page 0.
    pub const ALL_2400_MHZ: ChannelMask = ChannelMask(0x07ff_f800);

    /// The channel page (bits 27-31).
    pub const fn page(self) -> u8 {
        (self.0 >> 27) as u8
    }

    /// Whether `channel` (0-26) is in the mask.
    pub const fn contains(self, channel: u8) -> bool {
        channel < 27 && self.0 & (1 << channel) != 0
    }

    /// The channels in the mask, lowest first.
    pub fn channels(self) -> impl Iterator<Item = u8> {
        (0u8..27).filter(move |c| self.contains(*c))
    }
}

/// What a Mgmt_NWK_Update_req asks for; ScanDuration decides which fields follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum NwkUpdateAction {
    /// ScanDuration 0x00-0x05: an energy scan; ScanCount follows.
    Scan {
        /// ScanDuration (0-5).
        scan_duration: u8,
        /// ScanCount: how many scans.
        scan_count: u8,
    },
    /// ScanDuration 0xfe: change to the channel in the mask; nwkUpdateId follows.
    ChannelChange {
        /// nwkUpdateId.
        nwk_update_id: u8,
    },
    /// ScanDuration 0xff: change the channel mask and network manager; nwkUpdateId and
    /// nwkManagerAddr follow.
    ChangeParameters {
        /// nwkUpdateId.
        nwk_update_id: u8,
        /// nwkManagerAddr.
        #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
        nwk_manager_addr: u16,
    },
    /// A reserved ScanDuration (0x06-0xfd): nothing is known to follow.
    Reserved {
        /// ScanDuration.
        scan_duration: u8,
    },
}

impl NwkUpdateAction {
    /// The ScanDuration byte.
    pub const fn scan_duration(&self) -> u8 {
        match *self {
            NwkUpdateAction::Scan { scan_duration, .. }
            | NwkUpdateAction::Reserved { scan_duration } => scan_duration,
            NwkUpdateAction::ChannelChange { .. } => 0xfe,
            NwkUpdateAction::ChangeParameters { .. } => 0xff,
        }
    }
}

/// Mgmt_NWK_Update_req (cluster 0x0038, 2.4.3.3.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MgmtNwkUpdateReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// ScanChannels.
    pub scan_channels: ChannelMask,
    /// ScanDuration and the fields it selects.
    pub action: NwkUpdateAction,
    /// Bytes after the defined fields, kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

impl<'a> MgmtNwkUpdateReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let scan_channels = ChannelMask(r.u32()?);
        let action = match r.u8()? {
            d @ 0x00..=0x05 => NwkUpdateAction::Scan {
                scan_duration: d,
                scan_count: r.u8()?,
            },
            0xfe => NwkUpdateAction::ChannelChange {
                nwk_update_id: r.u8()?,
            },
            0xff => NwkUpdateAction::ChangeParameters {
                nwk_update_id: r.u8()?,
                nwk_manager_addr: r.u16()?,
            },
            d => NwkUpdateAction::Reserved { scan_duration: d },
        };
        Ok(MgmtNwkUpdateReq {
            tsn,
            scan_channels,
            action,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        let tail = match self.action {
            NwkUpdateAction::Scan { .. } | NwkUpdateAction::ChannelChange { .. } => 1,
            NwkUpdateAction::ChangeParameters { .. } => 3,
            NwkUpdateAction::Reserved { .. } => 0,
        };
        6 + tail + self.trailing.len()
    }

    /// Writes the frame. Fails if a scan duration does not match the action (for example a
    /// `Scan` with duration 7), since it would read back as a different action.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let bad = EncodeError::ValueOutOfRange {
            field: "scan_duration",
        };
        w.u8(self.tsn)?;
        w.u32(self.scan_channels.0)?;
        match self.action {
            NwkUpdateAction::Scan {
                scan_duration,
                scan_count,
            } => {
                if scan_duration > 0x05 {
                    return Err(bad);
                }
                w.u8(scan_duration)?;
                w.u8(scan_count)?;
            }
            NwkUpdateAction::ChannelChange { nwk_update_id } => {
                w.u8(0xfe)?;
                w.u8(nwk_update_id)?;
            }
            NwkUpdateAction::ChangeParameters {
                nwk_update_id,
                nwk_manager_addr,
            } => {
                w.u8(0xff)?;
                w.u8(nwk_update_id)?;
                w.u16(nwk_manager_addr)?;
            }
            NwkUpdateAction::Reserved { scan_duration } => {
                if !(0x06..=0xfd).contains(&scan_duration) {
                    return Err(bad);
                }
                w.u8(scan_duration)?;
            }
        }
        w.bytes(self.trailing)
    }
}
frame_codec!(MgmtNwkUpdateReq);

/// Mgmt_NWK_Update_notify (cluster 0x8038, 2.4.4.3.9): energy scan results and transmission
/// counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MgmtNwkUpdateNotify<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// ScannedChannels.
    pub scanned_channels: ChannelMask,
    /// TotalTransmissions.
    pub total_transmissions: u16,
    /// TransmissionFailures.
    pub transmission_failures: u16,
    /// EnergyValues, one per scanned channel (ScannedChannelsListCount is its length).
    pub energy_values: &'a [u8],
    /// Bytes after the defined fields, kept as read.
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "super::serde_impls::hex",
            skip_serializing_if = "super::serde_impls::is_empty"
        )
    )]
    pub trailing: &'a [u8],
}

impl<'a> MgmtNwkUpdateNotify<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(MgmtNwkUpdateNotify {
            tsn: r.u8()?,
            status: ZdpStatus::from_u8(r.u8()?),
            scanned_channels: ChannelMask(r.u32()?),
            total_transmissions: r.u16()?,
            transmission_failures: r.u16()?,
            energy_values: parse_u8_list(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        11 + self.energy_values.len() + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u32(self.scanned_channels.0)?;
        w.u16(self.total_transmissions)?;
        w.u16(self.transmission_failures)?;
        emit_u8_list(w, self.energy_values, "energy_values")?;
        w.bytes(self.trailing)
    }
}
frame_codec!(MgmtNwkUpdateNotify);

impl fmt::Display for Neighbor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016x} nwk 0x{:04x} {} {} depth {} lqi {}",
            self.extended_address,
            self.network_address,
            self.device_type,
            self.relationship,
            self.depth,
            self.lqi
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{check_emit, check_prefixes_fail};
    use super::super::BindDestination;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_start_index_req() {
        let bytes = [
            0x30, // TSN
            0x03, // StartIndex 3
        ];
        let f = MgmtLqiReq::parse(&bytes).unwrap();
        assert_eq!(f.start_index, 3);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, MgmtLqiReq::parse);
    }

    const LQI_RSP: [u8; 49] = [
        0x31, // TSN
        0x00, // Status: SUCCESS
        0x05, // NeighborTableEntries 5
        0x00, // StartIndex 0
        0x02, // NeighborTableListCount 2
        // entry 0
        0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, // extended PAN id
        0x59, 0x4f, 0x0b, 0xfe, 0xff, 0x57, 0x0b, 0x00, // extended address 000b57fffe0b4f59
        0x1c, 0x6a, // network address 0x6a1c
        0x25, // router (1), rx on when idle (1), relationship sibling (2), reserved 0
        0x02, // permit joining unknown (2), reserved 0
        0x0f, // depth 15
        0xaa, // LQI 170
        // entry 1
        0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, // extended PAN id
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // extended address 0102030405060708
        0x34, 0x12, // network address 0x1234
        0x12, // end device (2), rx off (0), child (1), reserved 0
        0x00, // not accepting joins
        0x01, // depth 1
        0xff, // LQI 255
    ];

    #[test]
    fn parse_mgmt_lqi_rsp() {
        let f = MgmtLqiRsp::parse(&LQI_RSP).unwrap();
        let page = f.page.unwrap();
        assert_eq!(page.total_entries, 5);
        assert_eq!(page.start_index, 0);
        let n: Vec<Neighbor> = page.entries.iter().collect();
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].extended_pan_id, 0xdddd_dddd_dddd_dddd);
        assert_eq!(n[0].extended_address, 0x000b_57ff_fe0b_4f59);
        assert_eq!(n[0].network_address, 0x6a1c);
        assert_eq!(n[0].device_type, DeviceType::Router);
        assert_eq!(n[0].rx_on_when_idle, RxOnWhenIdle::On);
        assert_eq!(n[0].relationship, Relationship::Sibling);
        assert_eq!(n[0].permit_joining, PermitJoining::Unknown);
        assert_eq!(n[0].depth, 15);
        assert_eq!(n[0].lqi, 170);
        assert_eq!(n[1].device_type, DeviceType::EndDevice);
        assert_eq!(n[1].rx_on_when_idle, RxOnWhenIdle::Off);
        assert_eq!(n[1].relationship, Relationship::Child);
        assert_eq!(n[1].permit_joining, PermitJoining::NotAccepting);
        assert_eq!(
            n[0].to_string(),
            "000b57fffe0b4f59 nwk 0x6a1c router sibling depth 15 lqi 170"
        );
        check_emit(&LQI_RSP, f.encoded_len(), |b| f.emit(b));
        let built = MgmtLqiRsp {
            page: Some(TablePage {
                entries: List::from_items(&n),
                ..page
            }),
            ..f
        };
        check_emit(&LQI_RSP, built.encoded_len(), |b| built.emit(b));
    }

    #[test]
    fn parse_mgmt_lqi_rsp_reserved_bits_round_trip() {
        let mut bytes = LQI_RSP;
        bytes[23] = 0xff; // device type 3, rx 3 (reserved), relationship 7, reserved bit 1
        bytes[24] = 0xff; // permit joining 3 (reserved), reserved bits all set
        let f = MgmtLqiRsp::parse(&bytes).unwrap();
        let n = f.page.unwrap().entries.iter().next().unwrap();
        assert_eq!(n.device_type, DeviceType::Unknown);
        assert_eq!(n.rx_on_when_idle, RxOnWhenIdle::Reserved(3));
        assert_eq!(n.relationship, Relationship::Reserved(7));
        assert_eq!(n.reserved1, 1);
        assert_eq!(n.permit_joining, PermitJoining::Reserved(3));
        assert_eq!(n.reserved2, 0x3f);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn rejects_mgmt_lqi_rsp_truncated_and_count_past_end() {
        assert_eq!(
            MgmtLqiRsp::parse(&LQI_RSP[..48]),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
        assert_eq!(
            MgmtLqiRsp::parse(&LQI_RSP[..4]),
            Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })
        );
        let mut bytes = LQI_RSP;
        bytes[4] = 3;
        assert_eq!(
            MgmtLqiRsp::parse(&bytes),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
        check_prefixes_fail(&LQI_RSP[..2], MgmtLqiRsp::parse);
    }

    #[test]
    fn parse_mgmt_lqi_rsp_status_only() {
        let bytes = [
            0x31, // TSN
            0x84, // Status: NOT_SUPPORTED
        ];
        let f = MgmtLqiRsp::parse(&bytes).unwrap();
        assert_eq!(f.status, ZdpStatus::NotSupported);
        assert_eq!(f.page, None);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    const RTG_RSP: [u8; 15] = [
        0x32, // TSN
        0x00, // Status: SUCCESS
        0x02, // RoutingTableEntries 2
        0x00, // StartIndex 0
        0x02, // RoutingTableListCount 2
        0x34, 0x12, // destination 0x1234
        0x00, // active, no flags
        0x1c, 0x6a, // next hop 0x6a1c
        0x00, 0x00, // destination 0x0000
        0x39, // discovery underway (1), memory constrained, many-to-one, route record required
        0x00, 0x00, // next hop 0x0000
    ];

    #[test]
    fn parse_mgmt_rtg_rsp() {
        let f = MgmtRtgRsp::parse(&RTG_RSP).unwrap();
        let routes: Vec<Route> = f.page.unwrap().entries.iter().collect();
        assert_eq!(routes[0].destination_address, 0x1234);
        assert_eq!(routes[0].status, RouteStatus::Active);
        assert!(!routes[0].memory_constrained && !routes[0].many_to_one);
        assert_eq!(routes[0].next_hop_address, 0x6a1c);
        // 0x39 = 0b0011_1001: status 1 (discovery underway), memory constrained, many-to-one,
        // route record required, reserved 0.
        assert_eq!(routes[1].status, RouteStatus::DiscoveryUnderway);
        assert!(routes[1].memory_constrained);
        assert!(routes[1].many_to_one);
        assert!(routes[1].route_record_required);
        assert_eq!(routes[1].reserved, 0);
        check_emit(&RTG_RSP, f.encoded_len(), |b| f.emit(b));
        assert_eq!(
            MgmtRtgRsp::parse(&RTG_RSP[..14]),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
    }

    const BIND_RSP: [u8; 40] = [
        0x33, // TSN
        0x00, // Status: SUCCESS
        0x02, // BindingTableEntries 2
        0x00, // StartIndex 0
        0x02, // BindingTableListCount 2
        // entry 0: unicast
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // SrcAddr
        0x01, // SrcEndpoint 1
        0x06, 0x00, // ClusterId 0x0006
        0x03, // DstAddrMode: 64-bit with endpoint
        0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // DstAddr
        0x01, // DstEndpoint 1
        // entry 1: group
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // SrcAddr
        0x01, // SrcEndpoint 1
        0x08, 0x00, // ClusterId 0x0008
        0x01, // DstAddrMode: group
        0x34, 0x12, // DstAddr group 0x1234
    ];

    #[test]
    fn parse_mgmt_bind_rsp() {
        let f = MgmtBindRsp::parse(&BIND_RSP).unwrap();
        let e: Vec<BindingTableEntry> = f.page.unwrap().entries.iter().collect();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].src_addr, 0x0102_0304_0506_0708);
        assert_eq!(e[0].cluster_id, 6);
        assert_eq!(
            e[0].destination,
            BindDestination::Extended {
                address: 0x1112_1314_1516_1718,
                endpoint: 1
            }
        );
        assert_eq!(e[1].destination, BindDestination::Group(0x1234));
        check_emit(&BIND_RSP, f.encoded_len(), |b| f.emit(b));
        assert_eq!(
            MgmtBindRsp::parse(&BIND_RSP[..39]),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
        let mut bad = BIND_RSP;
        bad[37] = 0x02;
        assert_eq!(
            MgmtBindRsp::parse(&bad),
            Err(DecodeError::InvalidValue {
                offset: 37,
                field: "dst_addr_mode"
            })
        );
    }

    #[test]
    fn parse_mgmt_leave_req() {
        let bytes = [
            0x34, // TSN
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // DeviceAddress
            0xc1, // remove children, rejoin, reserved bit 0
        ];
        let f = MgmtLeaveReq::parse(&bytes).unwrap();
        assert_eq!(f.device_address, 0x0102_0304_0506_0708);
        assert!(f
            .flags
            .contains(LeaveFlags::REMOVE_CHILDREN | LeaveFlags::REJOIN));
        assert_eq!(f.flags.bits() & 0x3f, 0x01);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, MgmtLeaveReq::parse);
    }

    #[test]
    fn parse_mgmt_permit_joining_req() {
        let bytes = [
            0x36, // TSN
            0xfe, // PermitDuration 254 s
            0x01, // TC_Significance
        ];
        let f = MgmtPermitJoiningReq::parse(&bytes).unwrap();
        assert_eq!(f.permit_duration, 254);
        assert_eq!(f.tc_significance, 1);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, MgmtPermitJoiningReq::parse);
    }

    #[test]
    fn parse_mgmt_nwk_update_req_variants() {
        let scan = [
            0x38, // TSN
            0x00, 0xf8, 0xff, 0x07, // ScanChannels 0x07fff800 (11-26)
            0x03, // ScanDuration 3
            0x02, // ScanCount 2
        ];
        let f = MgmtNwkUpdateReq::parse(&scan).unwrap();
        assert_eq!(f.scan_channels, ChannelMask::ALL_2400_MHZ);
        assert_eq!(f.scan_channels.channels().count(), 16);
        assert_eq!(
            f.action,
            NwkUpdateAction::Scan {
                scan_duration: 3,
                scan_count: 2
            }
        );
        check_emit(&scan, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&scan, MgmtNwkUpdateReq::parse);

        let change = [
            0x38, // TSN
            0x00, 0x80, 0x00, 0x00, // ScanChannels: channel 15
            0xfe, // ScanDuration 0xfe: channel change
            0x07, // nwkUpdateId 7
        ];
        let f = MgmtNwkUpdateReq::parse(&change).unwrap();
        assert!(f.scan_channels.contains(15) && !f.scan_channels.contains(11));
        assert_eq!(
            f.action,
            NwkUpdateAction::ChannelChange { nwk_update_id: 7 }
        );
        check_emit(&change, f.encoded_len(), |b| f.emit(b));

        let params = [
            0x38, // TSN
            0x00, 0xf8, 0xff, 0x07, // ScanChannels
            0xff, // ScanDuration 0xff: change channel mask and manager
            0x08, // nwkUpdateId 8
            0x00, 0x00, // nwkManagerAddr 0x0000
        ];
        let f = MgmtNwkUpdateReq::parse(&params).unwrap();
        assert_eq!(
            f.action,
            NwkUpdateAction::ChangeParameters {
                nwk_update_id: 8,
                nwk_manager_addr: 0
            }
        );
        assert_eq!(f.action.scan_duration(), 0xff);
        check_emit(&params, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&params, MgmtNwkUpdateReq::parse);

        let reserved = [
            0x38, // TSN
            0x00, 0x00, 0x00, 0xf8, // ScanChannels: page 31, no channels
            0x10, // ScanDuration 0x10: reserved, nothing follows
            0x99, // kept as trailing
        ];
        let f = MgmtNwkUpdateReq::parse(&reserved).unwrap();
        assert_eq!(f.scan_channels.page(), 31);
        assert_eq!(
            f.action,
            NwkUpdateAction::Reserved {
                scan_duration: 0x10
            }
        );
        assert_eq!(f.trailing, &[0x99]);
        check_emit(&reserved, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn rejects_emit_of_mismatched_scan_duration() {
        let bad = EncodeError::ValueOutOfRange {
            field: "scan_duration",
        };
        let mut f = MgmtNwkUpdateReq {
            tsn: 0,
            scan_channels: ChannelMask(0),
            action: NwkUpdateAction::Scan {
                scan_duration: 6,
                scan_count: 1,
            },
            trailing: &[],
        };
        assert_eq!(f.emit(&mut [0u8; 16]), Err(bad));
        f.action = NwkUpdateAction::Reserved {
            scan_duration: 0xfe,
        };
        assert_eq!(f.emit(&mut [0u8; 16]), Err(bad));
    }

    const UPDATE_NOTIFY: [u8; 14] = [
        0x38, // TSN
        0x00, // Status: SUCCESS
        0x00, 0x38, 0x00, 0x00, // ScannedChannels: 11, 12, 13
        0x20, 0x03, // TotalTransmissions 800
        0x05, 0x00, // TransmissionFailures 5
        0x03, // ScannedChannelsListCount 3
        0x50, 0xa0, 0x1e, // EnergyValues
    ];

    #[test]
    fn parse_mgmt_nwk_update_notify() {
        let f = MgmtNwkUpdateNotify::parse(&UPDATE_NOTIFY).unwrap();
        assert_eq!(
            f.scanned_channels.channels().collect::<Vec<_>>(),
            [11, 12, 13]
        );
        assert_eq!(f.total_transmissions, 800);
        assert_eq!(f.transmission_failures, 5);
        assert_eq!(f.energy_values, &[0x50, 0xa0, 0x1e]);
        check_emit(&UPDATE_NOTIFY, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&UPDATE_NOTIFY, MgmtNwkUpdateNotify::parse);
        assert_eq!(
            MgmtNwkUpdateNotify::parse(&UPDATE_NOTIFY[..13]),
            Err(DecodeError::InvalidLength { offset: 10 })
        );
    }

    fn neighbor() -> impl Strategy<Value = Neighbor> {
        (any::<[u64; 2]>(), any::<u16>(), any::<[u8; 4]>()).prop_map(|(a, n, b)| {
            let bytes: Vec<u8> = a[0]
                .to_le_bytes()
                .into_iter()
                .chain(a[1].to_le_bytes())
                .chain(n.to_le_bytes())
                .chain(b)
                .collect();
            Neighbor::parse_from(&mut Reader::new(&bytes)).unwrap()
        })
    }

    fn route() -> impl Strategy<Value = Route> {
        any::<[u8; 5]>().prop_map(|b| Route::parse_from(&mut Reader::new(&b)).unwrap())
    }

    fn binding() -> impl Strategy<Value = BindingTableEntry> {
        (
            any::<u64>(),
            any::<u8>(),
            any::<u16>(),
            any::<bool>(),
            any::<u64>(),
            any::<u8>(),
        )
            .prop_map(|(s, se, c, g, d, de)| BindingTableEntry {
                src_addr: s,
                src_endpoint: se,
                cluster_id: c,
                destination: if g {
                    BindDestination::Group(d as u16)
                } else {
                    BindDestination::Extended {
                        address: d,
                        endpoint: de,
                    }
                },
            })
    }

    fn roundtrip_table<T: Record + PartialEq + core::fmt::Debug>(
        tsn: u8,
        status: u8,
        page: Option<(u8, u8)>,
        items: &[T],
    ) -> Result<(), TestCaseError> {
        let f = MgmtTableRsp {
            tsn,
            status: ZdpStatus::from_u8(status),
            page: page.map(|(t, s)| TablePage {
                total_entries: t,
                start_index: s,
                entries: List::from_items(items),
            }),
            trailing: &[],
        };
        let mut buf = [0u8; 512];
        let n = f.emit(&mut buf).unwrap();
        prop_assert_eq!(n, f.encoded_len());
        let back = MgmtTableRsp::<T>::parse(&buf[..n]).unwrap();
        prop_assert_eq!(back, f);
        Ok(())
    }

    proptest! {
        #[test]
        fn roundtrip_mgmt_lqi_rsp(tsn: u8, status: u8, page: Option<(u8, u8)>,
                                  items in proptest::collection::vec(neighbor(), 0..8)) {
            roundtrip_table(tsn, status, page, &items)?;
        }

        #[test]
        fn roundtrip_mgmt_rtg_rsp(tsn: u8, status: u8, page: Option<(u8, u8)>,
                                  items in proptest::collection::vec(route(), 0..20)) {
            roundtrip_table(tsn, status, page, &items)?;
        }

        #[test]
        fn roundtrip_mgmt_bind_rsp(tsn: u8, status: u8, page: Option<(u8, u8)>,
                                   items in proptest::collection::vec(binding(), 0..12)) {
            roundtrip_table(tsn, status, page, &items)?;
        }

        #[test]
        fn roundtrip_mgmt_nwk_update_req(tsn: u8, mask: u32, duration: u8, a: u8, b: u16) {
            let action = match duration {
                0..=5 => NwkUpdateAction::Scan { scan_duration: duration, scan_count: a },
                0xfe => NwkUpdateAction::ChannelChange { nwk_update_id: a },
                0xff => NwkUpdateAction::ChangeParameters { nwk_update_id: a,
                                                            nwk_manager_addr: b },
                d => NwkUpdateAction::Reserved { scan_duration: d },
            };
            let f = MgmtNwkUpdateReq { tsn, scan_channels: ChannelMask(mask), action,
                                       trailing: &[] };
            let mut buf = [0u8; 16];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(n, f.encoded_len());
            prop_assert_eq!(MgmtNwkUpdateReq::parse(&buf[..n]).unwrap(), f);
        }

        #[test]
        fn roundtrip_mgmt_nwk_update_notify(tsn: u8, status: u8, mask: u32, t: u16, fl: u16,
                                            e in proptest::collection::vec(any::<u8>(), 0..27)) {
            let f = MgmtNwkUpdateNotify { tsn, status: ZdpStatus::from_u8(status),
                scanned_channels: ChannelMask(mask), total_transmissions: t,
                transmission_failures: fl, energy_values: &e, trailing: &[] };
            let mut buf = [0u8; 64];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(MgmtNwkUpdateNotify::parse(&buf[..n]).unwrap(), f);
        }
    }
}
