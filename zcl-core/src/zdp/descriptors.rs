//! Descriptor discovery: Node_Desc, Power_Desc, Simple_Desc, Active_EP and Match_Desc requests
//! and responses (05-3474-21 2.3.2 descriptors, 2.4.3.1.3-7 and 2.4.4.1.3-7).

use core::fmt;

use super::{
    bitflags_defmt, code_enum, emit_list, emit_u8_list, frame_codec, parse_list, parse_u8_list,
    List, ZdpStatus,
};
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

code_enum! {
    /// Logical type, bits 0-2 of the node descriptor (2.3.2.3.1).
    LogicalType: u8, from_u8, to_u8, Reserved {
        /// ZigBee coordinator.
        Coordinator = 0, "coordinator";
        /// ZigBee router.
        Router = 1, "router";
        /// ZigBee end device.
        EndDevice = 2, "end_device";
    }
}

bitflags::bitflags! {
    /// Frequency band, bits 11-15 of the node descriptor's first two bytes (2.3.2.3.6),
    /// as a 5-bit value. Unknown bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct FrequencyBand: u8 {
        /// 868-868.6 MHz.
        const MHZ_868 = 0b0_0001;
        /// 902-928 MHz.
        const MHZ_902 = 0b0_0100;
        /// 2400-2483.5 MHz.
        const MHZ_2400 = 0b0_1000;
        /// European FSK sub-GHz bands (R22).
        const EUROPEAN_SUB_GHZ = 0b1_0000;
        // Bit 1 is reserved; keep it.
        const _ = !0;
    }
}
bitflags_defmt!(FrequencyBand);

bitflags::bitflags! {
    /// MAC capability flags (2.3.2.3.7; IEEE 802.15.4 capability information). Also carried by
    /// Device_annce. Reserved bits 4-5 are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MacCapabilityFlags: u8 {
        /// The device can become a PAN coordinator.
        const ALTERNATE_PAN_COORDINATOR = 0x01;
        /// Full function device (a router).
        const DEVICE_TYPE = 0x02;
        /// Mains powered.
        const POWER_SOURCE = 0x04;
        /// Receiver stays on when idle.
        const RECEIVER_ON_WHEN_IDLE = 0x08;
        /// Can send and receive secured MAC frames.
        const SECURITY_CAPABILITY = 0x40;
        /// Asks the parent for a short address.
        const ALLOCATE_ADDRESS = 0x80;
        const _ = !0;
    }
}
bitflags_defmt!(MacCapabilityFlags);

bitflags::bitflags! {
    /// Server mask (2.3.2.3.10). Bits 9-15 hold the stack compliance revision
    /// ([`ServerMask::stack_compliance_revision`]); reserved bits 7-8 are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct ServerMask: u16 {
        /// Primary trust center.
        const PRIMARY_TRUST_CENTER = 0x0001;
        /// Backup trust center.
        const BACKUP_TRUST_CENTER = 0x0002;
        /// Primary binding table cache.
        const PRIMARY_BINDING_TABLE_CACHE = 0x0004;
        /// Backup binding table cache.
        const BACKUP_BINDING_TABLE_CACHE = 0x0008;
        /// Primary discovery cache.
        const PRIMARY_DISCOVERY_CACHE = 0x0010;
        /// Backup discovery cache.
        const BACKUP_DISCOVERY_CACHE = 0x0020;
        /// Network manager.
        const NETWORK_MANAGER = 0x0040;
        const _ = !0;
    }
}
bitflags_defmt!(ServerMask);

impl ServerMask {
    /// Stack compliance revision, bits 9-15 (0 before R21; 21, 22, 23 after).
    pub const fn stack_compliance_revision(self) -> u8 {
        (self.bits() >> 9) as u8
    }
}

bitflags::bitflags! {
    /// Descriptor capability field (2.3.2.3.12). Reserved bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct DescriptorCapability: u8 {
        /// Extended active endpoint list available.
        const EXTENDED_ACTIVE_ENDPOINT_LIST = 0x01;
        /// Extended simple descriptor list available.
        const EXTENDED_SIMPLE_DESCRIPTOR_LIST = 0x02;
        const _ = !0;
    }
}
bitflags_defmt!(DescriptorCapability);

/// The node descriptor (2.3.2.3): 13 bytes describing a node's type and capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NodeDescriptor {
    /// Logical type (bits 0-2).
    pub logical_type: LogicalType,
    /// Complex descriptor available (bit 3).
    pub complex_descriptor_available: bool,
    /// User descriptor available (bit 4).
    pub user_descriptor_available: bool,
    /// Reserved bits 5-7 of the first byte, as a value 0-7.
    pub reserved: u8,
    /// APS flags (bits 8-10), as a value 0-7.
    pub aps_flags: u8,
    /// Frequency band (bits 11-15).
    pub frequency_band: FrequencyBand,
    /// MAC capability flags.
    pub mac_capability_flags: MacCapabilityFlags,
    /// Manufacturer code.
    pub manufacturer_code: u16,
    /// Maximum buffer size (largest NSDU in bytes).
    pub maximum_buffer_size: u8,
    /// Maximum incoming transfer size (largest ASDU in bytes).
    pub maximum_incoming_transfer_size: u16,
    /// Server mask.
    pub server_mask: ServerMask,
    /// Maximum outgoing transfer size.
    pub maximum_outgoing_transfer_size: u16,
    /// Descriptor capability field.
    pub descriptor_capability: DescriptorCapability,
}

impl NodeDescriptor {
    /// Encoded size (always 13).
    pub const ENCODED_LEN: usize = 13;

    /// Reads the 13 bytes.
    pub fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let b0 = r.u8()?;
        let b1 = r.u8()?;
        Ok(NodeDescriptor {
            logical_type: LogicalType::from_u8(b0 & 0x07),
            complex_descriptor_available: b0 & 0x08 != 0,
            user_descriptor_available: b0 & 0x10 != 0,
            reserved: b0 >> 5,
            aps_flags: b1 & 0x07,
            frequency_band: FrequencyBand::from_bits_retain(b1 >> 3),
            mac_capability_flags: MacCapabilityFlags::from_bits_retain(r.u8()?),
            manufacturer_code: r.u16()?,
            maximum_buffer_size: r.u8()?,
            maximum_incoming_transfer_size: r.u16()?,
            server_mask: ServerMask::from_bits_retain(r.u16()?),
            maximum_outgoing_transfer_size: r.u16()?,
            descriptor_capability: DescriptorCapability::from_bits_retain(r.u8()?),
        })
    }

    /// Writes the 13 bytes. Values wider than their bit fields are cut to the field.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let b0 = (self.logical_type.to_u8() & 0x07)
            | (u8::from(self.complex_descriptor_available) << 3)
            | (u8::from(self.user_descriptor_available) << 4)
            | (self.reserved << 5);
        let b1 = (self.aps_flags & 0x07) | (self.frequency_band.bits() << 3);
        w.u8(b0)?;
        w.u8(b1)?;
        w.u8(self.mac_capability_flags.bits())?;
        w.u16(self.manufacturer_code)?;
        w.u8(self.maximum_buffer_size)?;
        w.u16(self.maximum_incoming_transfer_size)?;
        w.u16(self.server_mask.bits())?;
        w.u16(self.maximum_outgoing_transfer_size)?;
        w.u8(self.descriptor_capability.bits())
    }
}

code_enum! {
    /// Current power mode, bits 0-3 of the power descriptor (2.3.2.4.1).
    PowerMode: u8, from_u8, to_u8, Reserved {
        /// Receiver synchronized with the receiver-on-when-idle subfield of the node descriptor.
        Synchronized = 0, "synchronized";
        /// Receiver comes on periodically.
        Periodic = 1, "periodic";
        /// Receiver comes on when stimulated (for example by a button).
        Stimulated = 2, "stimulated";
    }
}

bitflags::bitflags! {
    /// Power sources, a 4-bit field of the power descriptor (2.3.2.4.2-3). Bit 3 is reserved
    /// and kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct PowerSources: u8 {
        /// Constant (mains) power.
        const CONSTANT = 0x1;
        /// Rechargeable battery.
        const RECHARGEABLE_BATTERY = 0x2;
        /// Disposable battery.
        const DISPOSABLE_BATTERY = 0x4;
        const _ = 0xf;
    }
}
bitflags_defmt!(PowerSources);

code_enum! {
    /// Current power source level, bits 12-15 of the power descriptor (2.3.2.4.4).
    PowerSourceLevel: u8, from_u8, to_u8, Reserved {
        /// Critical.
        Critical = 0x0, "critical";
        /// 33 percent.
        Percent33 = 0x4, "percent_33";
        /// 66 percent.
        Percent66 = 0x8, "percent_66";
        /// 100 percent.
        Percent100 = 0xc, "percent_100";
    }
}

/// The node power descriptor (2.3.2.4): two bytes of four 4-bit fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerDescriptor {
    /// Current power mode (bits 0-3).
    pub current_power_mode: PowerMode,
    /// Available power sources (bits 4-7).
    pub available_power_sources: PowerSources,
    /// Current power source (bits 8-11).
    pub current_power_source: PowerSources,
    /// Current power source level (bits 12-15).
    pub current_power_source_level: PowerSourceLevel,
}

impl PowerDescriptor {
    /// Reads the two bytes.
    pub fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let b0 = r.u8()?;
        let b1 = r.u8()?;
        Ok(PowerDescriptor {
            current_power_mode: PowerMode::from_u8(b0 & 0x0f),
            available_power_sources: PowerSources::from_bits_retain(b0 >> 4),
            current_power_source: PowerSources::from_bits_retain(b1 & 0x0f),
            current_power_source_level: PowerSourceLevel::from_u8(b1 >> 4),
        })
    }

    /// Writes the two bytes. Values wider than 4 bits are cut to the field.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8((self.current_power_mode.to_u8() & 0x0f) | (self.available_power_sources.bits() << 4))?;
        w.u8((self.current_power_source.bits() & 0x0f)
            | (self.current_power_source_level.to_u8() << 4))
    }
}

/// The simple descriptor of one endpoint (2.3.2.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SimpleDescriptor<'a> {
    /// Endpoint (1-254).
    pub endpoint: u8,
    /// Application profile identifier.
    pub profile_id: u16,
    /// Application device identifier.
    pub device_id: u16,
    /// Application device version (bits 0-3).
    pub device_version: u8,
    /// Reserved bits 4-7 of the version byte, as a value 0-15.
    pub reserved: u8,
    /// Application input cluster list (server clusters).
    pub input_clusters: List<'a, u16>,
    /// Application output cluster list (client clusters).
    pub output_clusters: List<'a, u16>,
}

impl<'a> SimpleDescriptor<'a> {
    /// Reads a simple descriptor.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let endpoint = r.u8()?;
        let profile_id = r.u16()?;
        let device_id = r.u16()?;
        let version = r.u8()?;
        Ok(SimpleDescriptor {
            endpoint,
            profile_id,
            device_id,
            device_version: version & 0x0f,
            reserved: version >> 4,
            input_clusters: parse_list(r)?,
            output_clusters: parse_list(r)?,
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        8 + self.input_clusters.encoded_len() + self.output_clusters.encoded_len()
    }

    /// Writes the descriptor.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.endpoint)?;
        w.u16(self.profile_id)?;
        w.u16(self.device_id)?;
        w.u8((self.device_version & 0x0f) | (self.reserved << 4))?;
        emit_list(w, &self.input_clusters, "input_clusters")?;
        emit_list(w, &self.output_clusters, "output_clusters")
    }
}

/// A request that carries only NWKAddrOfInterest: Node_Desc_req (0x0002, 2.4.3.1.3),
/// Power_Desc_req (0x0003, 2.4.3.1.4) and Active_EP_req (0x0005, 2.4.3.1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NwkAddrOfInterestReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
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

/// Node_Desc_req (cluster 0x0002, 2.4.3.1.3).
pub type NodeDescReq<'a> = NwkAddrOfInterestReq<'a>;
/// Power_Desc_req (cluster 0x0003, 2.4.3.1.4).
pub type PowerDescReq<'a> = NwkAddrOfInterestReq<'a>;
/// Active_EP_req (cluster 0x0005, 2.4.3.1.6).
pub type ActiveEpReq<'a> = NwkAddrOfInterestReq<'a>;

impl<'a> NwkAddrOfInterestReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(NwkAddrOfInterestReq {
            tsn: r.u8()?,
            nwk_addr_of_interest: r.u16()?,
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
        w.u16(self.nwk_addr_of_interest)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(NwkAddrOfInterestReq);

/// Node_Desc_rsp (cluster 0x8002, 2.4.4.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NodeDescRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// The node descriptor; left out of the frame unless the status is success.
    pub node_descriptor: Option<NodeDescriptor>,
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

impl<'a> NodeDescRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let status = ZdpStatus::from_u8(r.u8()?);
        let nwk_addr_of_interest = r.u16()?;
        let node_descriptor = if r.is_empty() {
            None
        } else {
            Some(NodeDescriptor::parse_from(r)?)
        };
        Ok(NodeDescRsp {
            tsn,
            status,
            nwk_addr_of_interest,
            node_descriptor,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        4 + self
            .node_descriptor
            .map_or(0, |_| NodeDescriptor::ENCODED_LEN)
            + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u16(self.nwk_addr_of_interest)?;
        if let Some(d) = &self.node_descriptor {
            d.emit_to(w)?;
        }
        w.bytes(self.trailing)
    }
}
frame_codec!(NodeDescRsp);

/// Power_Desc_rsp (cluster 0x8003, 2.4.4.1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PowerDescRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// The power descriptor; left out of the frame unless the status is success.
    pub power_descriptor: Option<PowerDescriptor>,
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

impl<'a> PowerDescRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let status = ZdpStatus::from_u8(r.u8()?);
        let nwk_addr_of_interest = r.u16()?;
        let power_descriptor = if r.is_empty() {
            None
        } else {
            Some(PowerDescriptor::parse_from(r)?)
        };
        Ok(PowerDescRsp {
            tsn,
            status,
            nwk_addr_of_interest,
            power_descriptor,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        4 + self.power_descriptor.map_or(0, |_| 2) + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u16(self.nwk_addr_of_interest)?;
        if let Some(d) = &self.power_descriptor {
            d.emit_to(w)?;
        }
        w.bytes(self.trailing)
    }
}
frame_codec!(PowerDescRsp);

/// Simple_Desc_req (cluster 0x0004, 2.4.3.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SimpleDescReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// EndPoint whose descriptor is wanted.
    pub endpoint: u8,
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

impl<'a> SimpleDescReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(SimpleDescReq {
            tsn: r.u8()?,
            nwk_addr_of_interest: r.u16()?,
            endpoint: r.u8()?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        4 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u16(self.nwk_addr_of_interest)?;
        w.u8(self.endpoint)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(SimpleDescReq);

/// Simple_Desc_rsp (cluster 0x8004, 2.4.4.1.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SimpleDescRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// The simple descriptor. `None` is written as Length 0 (the frame of a failed request).
    pub simple_descriptor: Option<SimpleDescriptor<'a>>,
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

impl<'a> SimpleDescRsp<'a> {
    /// Reads the frame from a reader at the TSN. The descriptor must fill exactly the Length
    /// its length byte gives.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let status = ZdpStatus::from_u8(r.u8()?);
        let nwk_addr_of_interest = r.u16()?;
        let length_offset = r.offset();
        let length = usize::from(r.u8()?);
        let simple_descriptor = if length == 0 {
            None
        } else {
            let base = r.offset();
            let body = r.take(length).map_err(|_| DecodeError::InvalidLength {
                offset: length_offset,
            })?;
            let mut inner = Reader::with_base(body, base);
            let d = SimpleDescriptor::parse_from(&mut inner)?;
            if !inner.is_empty() {
                // The descriptor ends before Length says: the length byte is wrong.
                return Err(DecodeError::InvalidLength {
                    offset: length_offset,
                });
            }
            Some(d)
        };
        Ok(SimpleDescRsp {
            tsn,
            status,
            nwk_addr_of_interest,
            simple_descriptor,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        5 + self
            .simple_descriptor
            .as_ref()
            .map_or(0, SimpleDescriptor::encoded_len)
            + self.trailing.len()
    }

    /// Writes the frame. Fails if the descriptor is longer than 255 bytes.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u16(self.nwk_addr_of_interest)?;
        match &self.simple_descriptor {
            None => w.u8(0)?,
            Some(d) => {
                let len = d.encoded_len();
                let len8 = u8::try_from(len).map_err(|_| EncodeError::TooLong {
                    field: "simple_descriptor",
                    len,
                })?;
                w.u8(len8)?;
                d.emit_to(w)?;
            }
        }
        w.bytes(self.trailing)
    }
}
frame_codec!(SimpleDescRsp);

/// A response with a list of endpoints: Active_EP_rsp (0x8005, 2.4.4.1.6) and Match_Desc_rsp
/// (0x8006, 2.4.4.1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EndpointListRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// ActiveEPList or MatchList; its length is the count byte before it.
    pub endpoints: &'a [u8],
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

/// Active_EP_rsp (cluster 0x8005, 2.4.4.1.6).
pub type ActiveEpRsp<'a> = EndpointListRsp<'a>;
/// Match_Desc_rsp (cluster 0x8006, 2.4.4.1.7).
pub type MatchDescRsp<'a> = EndpointListRsp<'a>;

impl<'a> EndpointListRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(EndpointListRsp {
            tsn: r.u8()?,
            status: ZdpStatus::from_u8(r.u8()?),
            nwk_addr_of_interest: r.u16()?,
            endpoints: parse_u8_list(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        5 + self.endpoints.len() + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u16(self.nwk_addr_of_interest)?;
        emit_u8_list(w, self.endpoints, "endpoints")?;
        w.bytes(self.trailing)
    }
}
frame_codec!(EndpointListRsp);

/// Match_Desc_req (cluster 0x0006, 2.4.3.1.7): which endpoints match a profile and clusters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct MatchDescReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// NWKAddrOfInterest (0xfffd for all rx-on-when-idle devices).
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// ProfileID to match.
    pub profile_id: u16,
    /// InClusterList.
    pub input_clusters: List<'a, u16>,
    /// OutClusterList.
    pub output_clusters: List<'a, u16>,
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

impl<'a> MatchDescReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(MatchDescReq {
            tsn: r.u8()?,
            nwk_addr_of_interest: r.u16()?,
            profile_id: r.u16()?,
            input_clusters: parse_list(r)?,
            output_clusters: parse_list(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        7 + self.input_clusters.encoded_len()
            + self.output_clusters.encoded_len()
            + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u16(self.nwk_addr_of_interest)?;
        w.u16(self.profile_id)?;
        emit_list(w, &self.input_clusters, "input_clusters")?;
        emit_list(w, &self.output_clusters, "output_clusters")?;
        w.bytes(self.trailing)
    }
}
frame_codec!(MatchDescReq);

/// System_Server_Discovery_req (cluster 0x0015, 2.4.3.1.13): which devices offer the servers
/// in the mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SystemServerDiscoveryReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// ServerMask: the servers looked for.
    pub server_mask: ServerMask,
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

impl<'a> SystemServerDiscoveryReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(SystemServerDiscoveryReq {
            tsn: r.u8()?,
            server_mask: ServerMask::from_bits_retain(r.u16()?),
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
        w.u16(self.server_mask.bits())?;
        w.bytes(self.trailing)
    }
}
frame_codec!(SystemServerDiscoveryReq);

/// System_Server_Discovery_rsp (cluster 0x8015, 2.4.4.1.12): the servers of the request's mask
/// that the responder offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SystemServerDiscoveryRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// ServerMask: the servers this device offers.
    pub server_mask: ServerMask,
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

impl<'a> SystemServerDiscoveryRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(SystemServerDiscoveryRsp {
            tsn: r.u8()?,
            status: ZdpStatus::from_u8(r.u8()?),
            server_mask: ServerMask::from_bits_retain(r.u16()?),
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        4 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u16(self.server_mask.bits())?;
        w.bytes(self.trailing)
    }
}
frame_codec!(SystemServerDiscoveryRsp);

impl fmt::Display for NodeDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} manufacturer 0x{:04x} mac 0x{:02x} server 0x{:04x}",
            self.logical_type,
            self.manufacturer_code,
            self.mac_capability_flags.bits(),
            self.server_mask.bits()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{check_emit, check_prefixes_fail};
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_nwk_addr_of_interest_req() {
        let bytes = [
            0x01, // TSN
            0x34, 0x12, // NWKAddrOfInterest 0x1234
        ];
        let f = NodeDescReq::parse(&bytes).unwrap();
        assert_eq!(f.nwk_addr_of_interest, 0x1234);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, NodeDescReq::parse);
    }

    /// A node descriptor of a Philips Hue bulb style router (vector checked against zigpy).
    const NODE_DESC_RSP: [u8; 17] = [
        0x02, // TSN
        0x00, // Status: SUCCESS
        0x34, 0x12, // NWKAddrOfInterest 0x1234
        0x01, // logical type router, no complex/user descriptor, reserved 0
        0x40, // APS flags 0, frequency band 2400 MHz (0x08 << 3)
        0x8e, // MAC capabilities: FFD, mains, rx on when idle, allocate address
        0x0b, 0x10, // manufacturer code 0x100b
        0x52, // maximum buffer size 82
        0x80, 0x00, // maximum incoming transfer size 128
        0x00, 0x2c, // server mask 0x2c00: stack compliance revision 22
        0x80, 0x00, // maximum outgoing transfer size 128
        0x00, // descriptor capability: none
    ];

    #[test]
    fn parse_node_desc_rsp() {
        let f = NodeDescRsp::parse(&NODE_DESC_RSP).unwrap();
        assert_eq!(f.tsn, 2);
        assert_eq!(f.status, ZdpStatus::Success);
        let d = f.node_descriptor.unwrap();
        assert_eq!(d.logical_type, LogicalType::Router);
        assert!(!d.complex_descriptor_available);
        assert!(!d.user_descriptor_available);
        assert_eq!(d.frequency_band, FrequencyBand::MHZ_2400);
        assert_eq!(
            d.mac_capability_flags,
            MacCapabilityFlags::DEVICE_TYPE
                | MacCapabilityFlags::POWER_SOURCE
                | MacCapabilityFlags::RECEIVER_ON_WHEN_IDLE
                | MacCapabilityFlags::ALLOCATE_ADDRESS
        );
        assert_eq!(d.manufacturer_code, 0x100b);
        assert_eq!(d.maximum_buffer_size, 82);
        assert_eq!(d.maximum_incoming_transfer_size, 128);
        assert_eq!(d.server_mask.stack_compliance_revision(), 22);
        assert_eq!(d.maximum_outgoing_transfer_size, 128);
        assert_eq!(d.descriptor_capability, DescriptorCapability::empty());
        assert_eq!(
            d.to_string(),
            "router manufacturer 0x100b mac 0x8e server 0x2c00"
        );
        check_emit(&NODE_DESC_RSP, f.encoded_len(), |b| f.emit(b));
        // A descriptor cut short is an error; without any descriptor the frame is fine.
        for n in 5..NODE_DESC_RSP.len() {
            assert!(NodeDescRsp::parse(&NODE_DESC_RSP[..n]).is_err(), "{n}");
        }
        check_prefixes_fail(&NODE_DESC_RSP[..4], NodeDescRsp::parse);
    }

    #[test]
    fn parse_node_desc_reserved_bits_round_trip() {
        let mut bytes = NODE_DESC_RSP;
        bytes[4] = 0xfe; // logical type 6 (reserved), complex + user available, reserved 0b111
        bytes[5] = 0x17; // APS flags 7, frequency band bits 0b00010 (reserved bit 1)
        bytes[6] = 0x30; // MAC reserved bits 4-5
        bytes[16] = 0xfc; // descriptor capability reserved bits
        let f = NodeDescRsp::parse(&bytes).unwrap();
        let d = f.node_descriptor.unwrap();
        assert_eq!(d.logical_type, LogicalType::Reserved(6));
        assert!(d.complex_descriptor_available && d.user_descriptor_available);
        assert_eq!(d.reserved, 7);
        assert_eq!(d.aps_flags, 7);
        assert_eq!(d.frequency_band.bits(), 0b10);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn parse_node_desc_rsp_failure_without_descriptor() {
        let bytes = [
            0x02, // TSN
            0x81, // Status: DEVICE_NOT_FOUND
            0x34, 0x12, // NWKAddrOfInterest
        ];
        let f = NodeDescRsp::parse(&bytes).unwrap();
        assert_eq!(f.status, ZdpStatus::DeviceNotFound);
        assert_eq!(f.node_descriptor, None);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    const POWER_DESC_RSP: [u8; 6] = [
        0x03, // TSN
        0x00, // Status: SUCCESS
        0x34, 0x12, // NWKAddrOfInterest
        0x40, // power mode synchronized (0), available sources: disposable battery (0x4)
        0x84, // current source disposable battery (0x4), level 66 % (0x8)
    ];

    #[test]
    fn parse_power_desc_rsp() {
        let f = PowerDescRsp::parse(&POWER_DESC_RSP).unwrap();
        let d = f.power_descriptor.unwrap();
        assert_eq!(d.current_power_mode, PowerMode::Synchronized);
        assert_eq!(d.available_power_sources, PowerSources::DISPOSABLE_BATTERY);
        assert_eq!(d.current_power_source, PowerSources::DISPOSABLE_BATTERY);
        assert_eq!(d.current_power_source_level, PowerSourceLevel::Percent66);
        check_emit(&POWER_DESC_RSP, f.encoded_len(), |b| f.emit(b));
        assert_eq!(
            PowerDescRsp::parse(&POWER_DESC_RSP[..5]),
            Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })
        );
        let reserved = [0x03, 0x00, 0x34, 0x12, 0x8f, 0x3b];
        let f = PowerDescRsp::parse(&reserved).unwrap();
        let d = f.power_descriptor.unwrap();
        assert_eq!(d.current_power_mode, PowerMode::Reserved(0xf));
        assert_eq!(d.current_power_source_level, PowerSourceLevel::Reserved(3));
        check_emit(&reserved, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn parse_simple_desc_req() {
        let bytes = [
            0x04, // TSN
            0x34, 0x12, // NWKAddrOfInterest
            0x0b, // EndPoint 11
        ];
        let f = SimpleDescReq::parse(&bytes).unwrap();
        assert_eq!(f.endpoint, 11);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, SimpleDescReq::parse);
    }

    const SIMPLE_DESC_RSP: [u8; 23] = [
        0x04, // TSN
        0x00, // Status: SUCCESS
        0x34, 0x12, // NWKAddrOfInterest
        0x10, // Length 16
        0x0b, // endpoint 11
        0x04, 0x01, // profile 0x0104 (Home Automation)
        0x0d, 0x01, // device id 0x010d (extended color light)
        0x01, // device version 1, reserved 0
        0x03, // input cluster count 3
        0x00, 0x00, // Basic
        0x06, 0x00, // On/Off
        0x08, 0x00, // Level Control
        0x01, // output cluster count 1
        0x19, 0x00, // OTA Upgrade
        0xaa, 0xbb, // trailing bytes
    ];

    #[test]
    fn parse_simple_desc_rsp() {
        let f = SimpleDescRsp::parse(&SIMPLE_DESC_RSP).unwrap();
        let d = f.simple_descriptor.unwrap();
        assert_eq!(d.endpoint, 11);
        assert_eq!(d.profile_id, 0x0104);
        assert_eq!(d.device_id, 0x010d);
        assert_eq!(d.device_version, 1);
        assert_eq!(d.input_clusters.iter().collect::<Vec<_>>(), [0, 6, 8]);
        assert_eq!(d.output_clusters.iter().collect::<Vec<_>>(), [0x19]);
        assert_eq!(f.trailing, &[0xaa, 0xbb]);
        check_emit(&SIMPLE_DESC_RSP, f.encoded_len(), |b| f.emit(b));
        let built = SimpleDescRsp {
            simple_descriptor: Some(SimpleDescriptor {
                input_clusters: List::from_items(&[0, 6, 8]),
                output_clusters: List::from_items(&[0x19]),
                ..d
            }),
            ..f
        };
        check_emit(&SIMPLE_DESC_RSP, built.encoded_len(), |b| built.emit(b));
    }

    #[test]
    fn parse_simple_desc_rsp_failure() {
        let bytes = [
            0x04, // TSN
            0x83, // Status: NOT_ACTIVE
            0x34, 0x12, // NWKAddrOfInterest
            0x00, // Length 0: no descriptor
        ];
        let f = SimpleDescRsp::parse(&bytes).unwrap();
        assert_eq!(f.status, ZdpStatus::NotActive);
        assert_eq!(f.simple_descriptor, None);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, SimpleDescRsp::parse);
    }

    #[test]
    fn rejects_simple_desc_rsp_bad_lengths() {
        // Length past the end of the frame.
        let mut long = SIMPLE_DESC_RSP;
        long[4] = 0x20;
        assert_eq!(
            SimpleDescRsp::parse(&long),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
        // Length longer than the descriptor inside it.
        let mut loose = SIMPLE_DESC_RSP;
        loose[4] = 0x11;
        assert_eq!(
            SimpleDescRsp::parse(&loose),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
        // Input cluster count past the Length.
        let mut count = SIMPLE_DESC_RSP;
        count[11] = 0x09;
        assert_eq!(
            SimpleDescRsp::parse(&count),
            Err(DecodeError::InvalidLength { offset: 11 })
        );
        // Length shorter than the descriptor: the output count is cut off.
        let mut short = SIMPLE_DESC_RSP;
        short[4] = 0x0d;
        assert_eq!(
            SimpleDescRsp::parse(&short),
            Err(DecodeError::Truncated {
                offset: 18,
                needed: 1
            })
        );
    }

    const ACTIVE_EP_RSP: [u8; 7] = [
        0x05, // TSN
        0x00, // Status: SUCCESS
        0x34, 0x12, // NWKAddrOfInterest
        0x02, // ActiveEPCount 2
        0x01, 0xf2, // ActiveEPList: 1, 242
    ];

    #[test]
    fn parse_active_ep_rsp() {
        let f = ActiveEpRsp::parse(&ACTIVE_EP_RSP).unwrap();
        assert_eq!(f.endpoints, &[1, 0xf2]);
        check_emit(&ACTIVE_EP_RSP, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&ACTIVE_EP_RSP, ActiveEpRsp::parse);
        assert_eq!(
            ActiveEpRsp::parse(&ACTIVE_EP_RSP[..6]),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
    }

    const MATCH_DESC_REQ: [u8; 12] = [
        0x06, // TSN
        0xfd, 0xff, // NWKAddrOfInterest 0xfffd (rx-on-when-idle broadcast)
        0x04, 0x01, // ProfileID 0x0104
        0x01, // NumInClusters 1
        0x19, 0x00, // OTA Upgrade
        0x02, // NumOutClusters 2
        0x00, 0x05, // 0x0500 IAS Zone
        0x01, // cut: half of the second cluster id (fixed below)
    ];

    #[test]
    fn parse_match_desc_req() {
        let mut bytes = MATCH_DESC_REQ.to_vec();
        bytes.push(0x05); // second out cluster 0x0501
        let f = MatchDescReq::parse(&bytes).unwrap();
        assert_eq!(f.nwk_addr_of_interest, 0xfffd);
        assert_eq!(f.profile_id, 0x0104);
        assert_eq!(f.input_clusters.iter().collect::<Vec<_>>(), [0x0019]);
        assert_eq!(
            f.output_clusters.iter().collect::<Vec<_>>(),
            [0x0500, 0x0501]
        );
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, MatchDescReq::parse);
        assert_eq!(
            MatchDescReq::parse(&MATCH_DESC_REQ),
            Err(DecodeError::InvalidLength { offset: 8 })
        );
    }

    #[test]
    fn parse_match_desc_rsp() {
        let bytes = [
            0x06, // TSN
            0x00, // Status: SUCCESS
            0x00, 0x00, // NWKAddrOfInterest 0x0000
            0x01, // MatchLength 1
            0x01, // MatchList: endpoint 1
        ];
        let f = MatchDescRsp::parse(&bytes).unwrap();
        assert_eq!(f.endpoints, &[1]);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn rejects_emit_of_overlong_lists() {
        let many = [0u16; 256];
        let f = MatchDescReq {
            tsn: 0,
            nwk_addr_of_interest: 0,
            profile_id: 0,
            input_clusters: List::from_items(&many),
            output_clusters: List::empty(),
            trailing: &[],
        };
        assert_eq!(
            f.emit(&mut [0u8; 1024]),
            Err(EncodeError::TooLong {
                field: "input_clusters",
                len: 256
            })
        );
        let d = SimpleDescriptor {
            endpoint: 1,
            profile_id: 0,
            device_id: 0,
            device_version: 0,
            reserved: 0,
            input_clusters: List::from_items(&many[..200]),
            output_clusters: List::empty(),
        };
        let r = SimpleDescRsp {
            tsn: 0,
            status: ZdpStatus::Success,
            nwk_addr_of_interest: 0,
            simple_descriptor: Some(d),
            trailing: &[],
        };
        assert_eq!(
            r.emit(&mut [0u8; 1024]),
            Err(EncodeError::TooLong {
                field: "simple_descriptor",
                len: 408
            })
        );
    }

    #[test]
    fn parse_system_server_discovery() {
        let req = [
            0x15, // TSN
            0x41, 0x00, // ServerMask: primary trust center, network manager
        ];
        let f = SystemServerDiscoveryReq::parse(&req).unwrap();
        assert_eq!(
            f.server_mask,
            ServerMask::PRIMARY_TRUST_CENTER | ServerMask::NETWORK_MANAGER
        );
        check_emit(&req, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&req, SystemServerDiscoveryReq::parse);
        let rsp = [
            0x15, // TSN
            0x00, // Status: SUCCESS
            0x41, 0x2c, // ServerMask 0x2c41: trust center, network manager, revision 22
        ];
        let f = SystemServerDiscoveryRsp::parse(&rsp).unwrap();
        assert_eq!(f.server_mask.stack_compliance_revision(), 22);
        assert!(f.server_mask.contains(ServerMask::NETWORK_MANAGER));
        check_emit(&rsp, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&rsp, SystemServerDiscoveryRsp::parse);
    }

    fn node_descriptor() -> impl Strategy<Value = NodeDescriptor> {
        (
            any::<[u8; 3]>(),
            any::<u16>(),
            any::<u8>(),
            any::<[u16; 3]>(),
            any::<u8>(),
        )
            .prop_map(|(b, m, buf, s, dc)| NodeDescriptor {
                logical_type: LogicalType::from_u8(b[0] & 7),
                complex_descriptor_available: b[0] & 8 != 0,
                user_descriptor_available: b[0] & 16 != 0,
                reserved: b[0] >> 5,
                aps_flags: b[1] & 7,
                frequency_band: FrequencyBand::from_bits_retain(b[1] >> 3),
                mac_capability_flags: MacCapabilityFlags::from_bits_retain(b[2]),
                manufacturer_code: m,
                maximum_buffer_size: buf,
                maximum_incoming_transfer_size: s[0],
                server_mask: ServerMask::from_bits_retain(s[1]),
                maximum_outgoing_transfer_size: s[2],
                descriptor_capability: DescriptorCapability::from_bits_retain(dc),
            })
    }

    proptest! {
        #[test]
        fn roundtrip_node_desc_rsp(tsn: u8, status: u8, nwk: u16,
                                   d in proptest::option::of(node_descriptor())) {
            let f = NodeDescRsp { tsn, status: ZdpStatus::from_u8(status),
                                  nwk_addr_of_interest: nwk, node_descriptor: d, trailing: &[] };
            let mut buf = [0u8; 32];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(n, f.encoded_len());
            prop_assert_eq!(NodeDescRsp::parse(&buf[..n]).unwrap(), f);
        }

        #[test]
        fn roundtrip_power_desc_rsp(tsn: u8, nwk: u16, d in proptest::option::of(any::<[u8; 2]>())) {
            let desc = d.map(|b| PowerDescriptor::parse_from(&mut Reader::new(&b)).unwrap());
            let f = PowerDescRsp { tsn, status: ZdpStatus::Success, nwk_addr_of_interest: nwk,
                                   power_descriptor: desc, trailing: &[] };
            let mut buf = [0u8; 8];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(PowerDescRsp::parse(&buf[..n]).unwrap(), f);
            if let Some(b) = d {
                prop_assert_eq!(&buf[4..6], &b[..]);
            }
        }

        #[test]
        fn roundtrip_simple_desc_rsp(
            tsn: u8, status: u8, ep: u8, profile: u16, dev: u16, ver: u8,
            ins in proptest::collection::vec(any::<u16>(), 0..30),
            outs in proptest::collection::vec(any::<u16>(), 0..30),
            present: bool,
            trailing in proptest::collection::vec(any::<u8>(), 0..4),
        ) {
            let d = SimpleDescriptor { endpoint: ep, profile_id: profile, device_id: dev,
                device_version: ver & 0xf, reserved: ver >> 4,
                input_clusters: List::from_items(&ins), output_clusters: List::from_items(&outs) };
            let f = SimpleDescRsp { tsn, status: ZdpStatus::from_u8(status), nwk_addr_of_interest: 1,
                simple_descriptor: present.then_some(d), trailing: &trailing };
            let mut buf = [0u8; 256];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(n, f.encoded_len());
            prop_assert_eq!(SimpleDescRsp::parse(&buf[..n]).unwrap(), f);
        }

        #[test]
        fn roundtrip_match_desc(
            tsn: u8, nwk: u16, profile: u16,
            ins in proptest::collection::vec(any::<u16>(), 0..30),
            outs in proptest::collection::vec(any::<u16>(), 0..30),
            eps in proptest::collection::vec(any::<u8>(), 0..30),
        ) {
            let f = MatchDescReq { tsn, nwk_addr_of_interest: nwk, profile_id: profile,
                input_clusters: List::from_items(&ins), output_clusters: List::from_items(&outs),
                trailing: &[] };
            let mut buf = [0u8; 256];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(MatchDescReq::parse(&buf[..n]).unwrap(), f);
            let r = MatchDescRsp { tsn, status: ZdpStatus::Success, nwk_addr_of_interest: nwk,
                endpoints: &eps, trailing: &[] };
            let n = r.emit(&mut buf).unwrap();
            prop_assert_eq!(n, r.encoded_len());
            prop_assert_eq!(MatchDescRsp::parse(&buf[..n]).unwrap(), r);
        }
    }
}
