//! Zigbee application support sub-layer frames (05-3474 2.2.5) and APS commands (4.4.10).

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

use crate::addr::{Eui64, ShortAddr};
use crate::secured::{LayerFrame, LayerHeader};

/// APS frame type (05-3474 2.2.5.1.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApsFrameType {
    /// Data.
    Data,
    /// APS command.
    Command,
    /// Acknowledgment.
    Ack,
    /// Inter-PAN (stub APS header).
    InterPan,
}

impl ApsFrameType {
    /// Short lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Data => "data",
            Self::Command => "command",
            Self::Ack => "ack",
            Self::InterPan => "inter_pan",
        }
    }
    fn bits(self) -> u8 {
        match self {
            Self::Data => 0,
            Self::Command => 1,
            Self::Ack => 2,
            Self::InterPan => 3,
        }
    }
}

/// APS delivery mode (05-3474 2.2.5.1.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryMode {
    /// Normal unicast.
    Unicast,
    /// Indirect (reserved since Zigbee 2007).
    Indirect,
    /// Broadcast.
    Broadcast,
    /// Group addressing.
    Group,
}

impl DeliveryMode {
    fn bits(self) -> u8 {
        match self {
            Self::Unicast => 0,
            Self::Indirect => 1,
            Self::Broadcast => 2,
            Self::Group => 3,
        }
    }
    /// Short lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unicast => "unicast",
            Self::Indirect => "indirect",
            Self::Broadcast => "broadcast",
            Self::Group => "group",
        }
    }
}

/// The APS frame control byte (05-3474 2.2.5.1.1); every bit is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApsFrameControl(pub u8);

impl ApsFrameControl {
    /// Builds a frame control from its fields.
    pub fn new(
        frame_type: ApsFrameType,
        delivery: DeliveryMode,
        security: bool,
        ack_request: bool,
    ) -> Self {
        let mut v = frame_type.bits() | (delivery.bits() << 2);
        if security {
            v |= 0x20;
        }
        if ack_request {
            v |= 0x40;
        }
        ApsFrameControl(v)
    }
    /// Frame type (bits 0-1).
    pub fn frame_type(self) -> ApsFrameType {
        match self.0 & 3 {
            0 => ApsFrameType::Data,
            1 => ApsFrameType::Command,
            2 => ApsFrameType::Ack,
            _ => ApsFrameType::InterPan,
        }
    }
    /// Delivery mode (bits 2-3).
    pub fn delivery_mode(self) -> DeliveryMode {
        match (self.0 >> 2) & 3 {
            0 => DeliveryMode::Unicast,
            1 => DeliveryMode::Indirect,
            2 => DeliveryMode::Broadcast,
            _ => DeliveryMode::Group,
        }
    }
    flag_bits! {
        /// Ack format (bit 4): set for the acknowledgment of an APS command.
        ack_format: 4;
        /// Security (bit 5).
        security: 5;
        /// Acknowledgment request (bit 6).
        ack_request: 6;
        /// Extended header present (bit 7).
        extended_header: 7;
    }
}

/// APS extended header (05-3474 2.2.5.1.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExtendedHeader {
    /// Extended frame control (fragmentation bits 0-1: 0 none, 1 first, 2 later part).
    pub control: u8,
    /// Block number (when fragmented).
    pub block_number: Option<u8>,
    /// Ack bitfield (acks of fragmented frames).
    pub ack_bitfield: Option<u8>,
}

impl ExtendedHeader {
    /// Fragmentation (bits 0-1).
    pub fn fragmentation(&self) -> u8 {
        self.control & 3
    }
}

/// The APS header (everything before the auxiliary security header).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ApsHeader {
    /// Frame control.
    pub frame_control: ApsFrameControl,
    /// Destination endpoint (unicast and broadcast data; data acks).
    pub dst_endpoint: Option<u8>,
    /// Group address (group delivery).
    pub group: Option<u16>,
    /// Cluster identifier (data, data acks, inter-PAN).
    pub cluster: Option<u16>,
    /// Profile identifier (data, data acks, inter-PAN).
    pub profile: Option<u16>,
    /// Source endpoint (data, data acks).
    pub src_endpoint: Option<u8>,
    /// APS counter (all but inter-PAN).
    pub counter: Option<u8>,
    /// Extended header.
    pub extended: Option<ExtendedHeader>,
}

impl ApsHeader {
    /// A data frame header (unicast or broadcast to `dst_endpoint`).
    pub fn data(
        delivery: DeliveryMode,
        dst_endpoint: u8,
        cluster: u16,
        profile: u16,
        src_endpoint: u8,
        counter: u8,
    ) -> Self {
        ApsHeader {
            frame_control: ApsFrameControl::new(ApsFrameType::Data, delivery, false, false),
            dst_endpoint: Some(dst_endpoint),
            group: None,
            cluster: Some(cluster),
            profile: Some(profile),
            src_endpoint: Some(src_endpoint),
            counter: Some(counter),
            extended: None,
        }
    }

    /// A command frame header.
    pub fn command(counter: u8, security: bool) -> Self {
        ApsHeader {
            frame_control: ApsFrameControl::new(
                ApsFrameType::Command,
                DeliveryMode::Unicast,
                security,
                false,
            ),
            dst_endpoint: None,
            group: None,
            cluster: None,
            profile: None,
            src_endpoint: None,
            counter: Some(counter),
            extended: None,
        }
    }

    /// Parses the header; returns it and its length.
    #[inline]
    pub fn parse(data: &[u8]) -> Result<(Self, usize), DecodeError> {
        let mut r = Reader::new(data);
        let fc = ApsFrameControl(r.u8()?);
        let t = fc.frame_type();
        let mode = fc.delivery_mode();
        let mut h = ApsHeader {
            frame_control: fc,
            dst_endpoint: None,
            group: None,
            cluster: None,
            profile: None,
            src_endpoint: None,
            counter: None,
            extended: None,
        };
        let addressed = match t {
            ApsFrameType::Data => true,
            ApsFrameType::Ack => !fc.ack_format(),
            _ => false,
        };
        if t == ApsFrameType::InterPan {
            if mode == DeliveryMode::Group {
                h.group = Some(r.u16()?);
            }
            h.cluster = Some(r.u16()?);
            h.profile = Some(r.u16()?);
            return Ok((h, r.offset()));
        }
        if addressed {
            match mode {
                DeliveryMode::Unicast | DeliveryMode::Broadcast => h.dst_endpoint = Some(r.u8()?),
                DeliveryMode::Group => h.group = Some(r.u16()?),
                DeliveryMode::Indirect => {}
            }
            h.cluster = Some(r.u16()?);
            h.profile = Some(r.u16()?);
            h.src_endpoint = Some(r.u8()?);
        }
        h.counter = Some(r.u8()?);
        if fc.extended_header() {
            let control = r.u8()?;
            let frag = control & 3 != 0;
            let block_number = if frag { Some(r.u8()?) } else { None };
            let ack_bitfield = if frag && t == ApsFrameType::Ack {
                Some(r.u8()?)
            } else {
                None
            };
            h.extended = Some(ExtendedHeader {
                control,
                block_number,
                ack_bitfield,
            });
        }
        Ok((h, r.offset()))
    }

    /// Bytes [`ApsHeader::emit`] writes.
    pub fn encoded_len(&self) -> usize {
        1 + usize::from(self.dst_endpoint.is_some())
            + 2 * usize::from(self.group.is_some())
            + 2 * usize::from(self.cluster.is_some())
            + 2 * usize::from(self.profile.is_some())
            + usize::from(self.src_endpoint.is_some())
            + usize::from(self.counter.is_some())
            + self.extended.map_or(0, |e| {
                1 + usize::from(e.block_number.is_some()) + usize::from(e.ack_bitfield.is_some())
            })
    }

    /// Writes the header: frame control as stored, then the fields that are `Some`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }

    /// Writes the header into a writer.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.frame_control.0)?;
        if let Some(e) = self.dst_endpoint {
            w.u8(e)?;
        }
        if let Some(g) = self.group {
            w.u16(g)?;
        }
        if let Some(c) = self.cluster {
            w.u16(c)?;
        }
        if let Some(p) = self.profile {
            w.u16(p)?;
        }
        if let Some(e) = self.src_endpoint {
            w.u8(e)?;
        }
        if let Some(c) = self.counter {
            w.u8(c)?;
        }
        if let Some(x) = &self.extended {
            w.u8(x.control)?;
            if let Some(b) = x.block_number {
                w.u8(b)?;
            }
            if let Some(b) = x.ack_bitfield {
                w.u8(b)?;
            }
        }
        Ok(())
    }
}

/// A parsed APS frame, borrowing from the input (for data frames the payload is the application (ZDP/ZCL) frame, for commands the command id and its fields); see [`LayerFrame`] for its fields
/// and `ApsFrame::parse`.
pub type ApsFrame<'a> = LayerFrame<'a, ApsHeader>;

impl<'a> LayerHeader<'a> for ApsHeader {
    #[inline]
    fn parse_header(frame: &'a [u8]) -> Result<(Self, usize), DecodeError> {
        ApsHeader::parse(frame)
    }
    #[inline]
    fn is_secured(&self) -> bool {
        self.frame_control.security() && self.frame_control.frame_type() != ApsFrameType::InterPan
    }
}

impl fmt::Display for ApsFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = &self.header;
        let fc = h.frame_control;
        write!(
            f,
            "APS {} {}",
            fc.frame_type().name(),
            fc.delivery_mode().name()
        )?;
        if let (Some(p), Some(c)) = (h.profile, h.cluster) {
            write!(f, " profile 0x{p:04x} cluster 0x{c:04x}")?;
        }
        if let Some(s) = h.src_endpoint {
            write!(f, " ep {s}")?;
        }
        if let Some(d) = h.dst_endpoint {
            write!(f, " -> {d}")?;
        }
        if let Some(g) = h.group {
            write!(f, " -> group 0x{g:04x}")?;
        }
        if let Some(c) = h.counter {
            write!(f, " counter {c}")?;
        }
        if self.aux.is_some() {
            f.write_str(" secured")?;
        }
        Ok(())
    }
}

/// Key type in Transport Key, Request Key, Verify Key and Confirm Key (05-3474 4.4.10.1,
/// table 4-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    /// 0x00 Trust-center master key (before Zigbee 2012).
    TrustCenterMasterKey,
    /// 0x01 Standard network key.
    StandardNetworkKey,
    /// 0x02 Application master key (before Zigbee 2012); in Request Key: application link key.
    ApplicationMasterKey,
    /// 0x03 Application link key.
    ApplicationLinkKey,
    /// 0x04 Trust-center link key.
    TrustCenterLinkKey,
    /// 0x05 High-security network key (before Zigbee 2012).
    HighSecurityNetworkKey,
    /// Other values.
    Unknown(u8),
}

impl KeyType {
    /// From the byte.
    pub fn from_u8(v: u8) -> Self {
        match v {
            0 => Self::TrustCenterMasterKey,
            1 => Self::StandardNetworkKey,
            2 => Self::ApplicationMasterKey,
            3 => Self::ApplicationLinkKey,
            4 => Self::TrustCenterLinkKey,
            5 => Self::HighSecurityNetworkKey,
            x => Self::Unknown(x),
        }
    }
    /// The byte.
    pub fn to_u8(self) -> u8 {
        match self {
            Self::TrustCenterMasterKey => 0,
            Self::StandardNetworkKey => 1,
            Self::ApplicationMasterKey => 2,
            Self::ApplicationLinkKey => 3,
            Self::TrustCenterLinkKey => 4,
            Self::HighSecurityNetworkKey => 5,
            Self::Unknown(x) => x,
        }
    }
    /// snake_case name.
    pub fn name(self) -> &'static str {
        match self {
            Self::TrustCenterMasterKey => "trust_center_master_key",
            Self::StandardNetworkKey => "standard_network_key",
            Self::ApplicationMasterKey => "application_master_key",
            Self::ApplicationLinkKey => "application_link_key",
            Self::TrustCenterLinkKey => "trust_center_link_key",
            Self::HighSecurityNetworkKey => "high_security_network_key",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// The key-specific fields of a Transport Key command (05-3474 4.4.10.1.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransportedKey {
    /// Network key (standard or high-security).
    Network {
        /// Key sequence number.
        sequence: u8,
        /// Destination IEEE address.
        dst: Eui64,
        /// Source IEEE address.
        src: Eui64,
    },
    /// Trust-center link key or master key.
    TrustCenter {
        /// Destination IEEE address.
        dst: Eui64,
        /// Source IEEE address.
        src: Eui64,
    },
    /// Application link key or master key.
    Application {
        /// Partner IEEE address.
        partner: Eui64,
        /// Initiator flag.
        initiator: u8,
    },
}

/// APS commands (05-3474 4.4.10). Command ids without a decoder are kept raw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApsCommand<'a> {
    /// 0x05 Transport Key.
    TransportKey {
        /// Key type.
        key_type: KeyType,
        /// The key.
        key: [u8; 16],
        /// Fields that depend on the key type.
        fields: TransportedKey,
    },
    /// 0x06 Update Device.
    UpdateDevice {
        /// Device IEEE address.
        device: Eui64,
        /// Device short address.
        short_address: ShortAddr,
        /// Status (0 secured rejoin, 1 unsecured join, 2 left, 3 trust-center rejoin).
        status: u8,
    },
    /// 0x07 Remove Device.
    RemoveDevice {
        /// Target IEEE address.
        target: Eui64,
    },
    /// 0x08 Request Key.
    RequestKey {
        /// Key type (2 application link key, 4 trust-center link key).
        key_type: KeyType,
        /// Partner address (application link key).
        partner: Option<Eui64>,
    },
    /// 0x09 Switch Key.
    SwitchKey {
        /// Key sequence number.
        sequence: u8,
    },
    /// 0x0e Tunnel.
    Tunnel {
        /// Destination IEEE address.
        dst: Eui64,
        /// The tunneled APS frame (header, auxiliary header, encrypted command), raw.
        frame: &'a [u8],
    },
    /// 0x0f Verify Key.
    VerifyKey {
        /// Key type.
        key_type: KeyType,
        /// Source IEEE address.
        src: Eui64,
        /// Initiator verify-key hash value.
        hash: [u8; 16],
    },
    /// 0x10 Confirm Key.
    ConfirmKey {
        /// Status.
        status: u8,
        /// Key type.
        key_type: KeyType,
        /// Destination IEEE address.
        dst: Eui64,
    },
    /// Any other command (legacy SKKE/entity authentication, relay messages, ...).
    Unknown {
        /// Command identifier.
        id: u8,
        /// Bytes after it.
        payload: &'a [u8],
    },
}

impl<'a> ApsCommand<'a> {
    /// Parses a (plaintext) APS command payload, command id first.
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let id = r.u8()?;
        Ok(match id {
            0x05 => {
                let key_type = KeyType::from_u8(r.u8()?);
                let key = r.array::<16>()?;
                let fields = match key_type {
                    KeyType::StandardNetworkKey | KeyType::HighSecurityNetworkKey => {
                        TransportedKey::Network {
                            sequence: r.u8()?,
                            dst: Eui64(r.u64()?),
                            src: Eui64(r.u64()?),
                        }
                    }
                    KeyType::ApplicationLinkKey | KeyType::ApplicationMasterKey => {
                        TransportedKey::Application {
                            partner: Eui64(r.u64()?),
                            initiator: r.u8()?,
                        }
                    }
                    KeyType::TrustCenterLinkKey | KeyType::TrustCenterMasterKey => {
                        TransportedKey::TrustCenter {
                            dst: Eui64(r.u64()?),
                            src: Eui64(r.u64()?),
                        }
                    }
                    KeyType::Unknown(_) => {
                        return Err(DecodeError::InvalidValue {
                            offset: 1,
                            field: "transport key type",
                        })
                    }
                };
                ApsCommand::TransportKey {
                    key_type,
                    key,
                    fields,
                }
            }
            0x06 => ApsCommand::UpdateDevice {
                device: Eui64(r.u64()?),
                short_address: ShortAddr(r.u16()?),
                status: r.u8()?,
            },
            0x07 => ApsCommand::RemoveDevice {
                target: Eui64(r.u64()?),
            },
            0x08 => {
                let key_type = KeyType::from_u8(r.u8()?);
                let partner = if matches!(
                    key_type,
                    KeyType::ApplicationMasterKey | KeyType::ApplicationLinkKey
                ) {
                    Some(Eui64(r.u64()?))
                } else {
                    None
                };
                ApsCommand::RequestKey { key_type, partner }
            }
            0x09 => ApsCommand::SwitchKey { sequence: r.u8()? },
            0x0e => ApsCommand::Tunnel {
                dst: Eui64(r.u64()?),
                frame: r.take_rest(),
            },
            0x0f => ApsCommand::VerifyKey {
                key_type: KeyType::from_u8(r.u8()?),
                src: Eui64(r.u64()?),
                hash: r.array::<16>()?,
            },
            0x10 => ApsCommand::ConfirmKey {
                status: r.u8()?,
                key_type: KeyType::from_u8(r.u8()?),
                dst: Eui64(r.u64()?),
            },
            _ => ApsCommand::Unknown {
                id,
                payload: r.take_rest(),
            },
        })
    }

    /// The command identifier.
    pub fn id(&self) -> u8 {
        match self {
            ApsCommand::TransportKey { .. } => 0x05,
            ApsCommand::UpdateDevice { .. } => 0x06,
            ApsCommand::RemoveDevice { .. } => 0x07,
            ApsCommand::RequestKey { .. } => 0x08,
            ApsCommand::SwitchKey { .. } => 0x09,
            ApsCommand::Tunnel { .. } => 0x0e,
            ApsCommand::VerifyKey { .. } => 0x0f,
            ApsCommand::ConfirmKey { .. } => 0x10,
            ApsCommand::Unknown { id, .. } => *id,
        }
    }

    /// snake_case name (names of the legacy commands too).
    pub fn name(&self) -> &'static str {
        match self.id() {
            0x01 => "skke_1",
            0x02 => "skke_2",
            0x03 => "skke_3",
            0x04 => "skke_4",
            0x05 => "transport_key",
            0x06 => "update_device",
            0x07 => "remove_device",
            0x08 => "request_key",
            0x09 => "switch_key",
            0x0a => "ea_init_chlng",
            0x0b => "ea_rsp_chlng",
            0x0c => "ea_init_mac_data",
            0x0d => "ea_rsp_mac_data",
            0x0e => "tunnel",
            0x0f => "verify_key",
            0x10 => "confirm_key",
            0x11 => "relay_message_downstream",
            0x12 => "relay_message_upstream",
            _ => "unknown",
        }
    }

    /// Bytes [`ApsCommand::emit`] writes.
    pub fn encoded_len(&self) -> usize {
        1 + match self {
            ApsCommand::TransportKey { fields, .. } => {
                17 + match fields {
                    TransportedKey::Network { .. } => 17,
                    TransportedKey::TrustCenter { .. } => 16,
                    TransportedKey::Application { .. } => 9,
                }
            }
            ApsCommand::UpdateDevice { .. } => 11,
            ApsCommand::RemoveDevice { .. } => 8,
            ApsCommand::RequestKey { partner, .. } => 1 + 8 * usize::from(partner.is_some()),
            ApsCommand::SwitchKey { .. } => 1,
            ApsCommand::Tunnel { frame, .. } => 8 + frame.len(),
            ApsCommand::VerifyKey { .. } => 25,
            ApsCommand::ConfirmKey { .. } => 10,
            ApsCommand::Unknown { payload, .. } => payload.len(),
        }
    }

    /// Writes the command (id first). Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.id())?;
        match *self {
            ApsCommand::TransportKey {
                key_type,
                key,
                fields,
            } => {
                w.u8(key_type.to_u8())?;
                w.bytes(&key)?;
                match fields {
                    TransportedKey::Network { sequence, dst, src } => {
                        w.u8(sequence)?;
                        w.u64(dst.0)?;
                        w.u64(src.0)?;
                    }
                    TransportedKey::TrustCenter { dst, src } => {
                        w.u64(dst.0)?;
                        w.u64(src.0)?;
                    }
                    TransportedKey::Application { partner, initiator } => {
                        w.u64(partner.0)?;
                        w.u8(initiator)?;
                    }
                }
            }
            ApsCommand::UpdateDevice {
                device,
                short_address,
                status,
            } => {
                w.u64(device.0)?;
                w.u16(short_address.0)?;
                w.u8(status)?;
            }
            ApsCommand::RemoveDevice { target } => w.u64(target.0)?,
            ApsCommand::RequestKey { key_type, partner } => {
                w.u8(key_type.to_u8())?;
                if let Some(p) = partner {
                    w.u64(p.0)?;
                }
            }
            ApsCommand::SwitchKey { sequence } => w.u8(sequence)?,
            ApsCommand::Tunnel { dst, frame } => {
                w.u64(dst.0)?;
                w.bytes(frame)?;
            }
            ApsCommand::VerifyKey {
                key_type,
                src,
                hash,
            } => {
                w.u8(key_type.to_u8())?;
                w.u64(src.0)?;
                w.bytes(&hash)?;
            }
            ApsCommand::ConfirmKey {
                status,
                key_type,
                dst,
            } => {
                w.u8(status)?;
                w.u8(key_type.to_u8())?;
                w.u64(dst.0)?;
            }
            ApsCommand::Unknown { payload, .. } => w.bytes(payload)?,
        }
        Ok(w.len())
    }
}

impl fmt::Display for ApsCommand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match *self {
            ApsCommand::TransportKey { key_type, key, .. } => {
                write!(f, " {} {}", key_type.name(), crate::Hex(&key[..]))
            }
            ApsCommand::UpdateDevice {
                device,
                short_address,
                status,
            } => write!(f, " {device} {short_address} status {status}"),
            ApsCommand::RemoveDevice { target } => write!(f, " {target}"),
            ApsCommand::RequestKey { key_type, .. } => write!(f, " {}", key_type.name()),
            ApsCommand::SwitchKey { sequence } => write!(f, " seq {sequence}"),
            ApsCommand::Tunnel { dst, .. } => write!(f, " to {dst}"),
            ApsCommand::VerifyKey { key_type, src, .. } => {
                write!(f, " {} from {}", key_type.name(), src)
            }
            ApsCommand::ConfirmKey {
                status, key_type, ..
            } => write!(f, " {} status {status}", key_type.name()),
            ApsCommand::Unknown { id, .. } => write!(f, " 0x{id:02x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nwk::KeyId;
    use proptest::prelude::*;

    fn h(s: &str) -> &'static [u8] {
        Vec::leak(hex::decode(s).unwrap())
    }

    fn emit_header(hdr: &ApsHeader) -> Vec<u8> {
        let mut dirty = [0xffu8; 32];
        let mut clean = [0u8; 32];
        let n = hdr.emit(&mut dirty).unwrap();
        assert_eq!(hdr.emit(&mut clean).unwrap(), n);
        assert_eq!(dirty[..n], clean[..n]);
        assert_eq!(n, hdr.encoded_len());
        dirty[..n].to_vec()
    }

    fn roundtrip(bytes: &[u8]) -> ApsCommand<'_> {
        let c = ApsCommand::parse(bytes).unwrap();
        let mut dirty = [0xffu8; 64];
        let n = c.emit(&mut dirty).unwrap();
        assert_eq!(n, c.encoded_len());
        assert_eq!(&dirty[..n], bytes, "{}", c.name());
        c
    }

    #[test]
    fn parse_broadcast_data_header() {
        // silabs-joining-well-known-key frame 22, decrypted NWK payload: Device_annce
        let f = h(concat!(
            "08",                       // data, broadcast
            "00",                       // dst endpoint 0
            "1300",                     // cluster 0x0013
            "0000",                     // profile 0x0000 (ZDP)
            "00",                       // src endpoint 0
            "77",                       // APS counter
            "823d4fcb67e7feff5f32508e", // ZDP frame
        ));
        let a = ApsFrame::parse(f).unwrap();
        let fc = a.header.frame_control;
        assert_eq!(fc.frame_type(), ApsFrameType::Data);
        assert_eq!(fc.delivery_mode(), DeliveryMode::Broadcast);
        assert!(!fc.security() && !fc.ack_request() && !fc.extended_header());
        assert_eq!(a.header.dst_endpoint, Some(0));
        assert_eq!(
            (a.header.cluster, a.header.profile),
            (Some(0x0013), Some(0))
        );
        assert_eq!(
            (a.header.src_endpoint, a.header.counter),
            (Some(0), Some(0x77))
        );
        assert_eq!(a.payload, &f[8..]);
        assert_eq!(emit_header(&a.header), &f[..8]);
        assert_eq!(
            a.to_string(),
            "APS data broadcast profile 0x0000 cluster 0x0013 ep 0 -> 0 counter 119"
        );
    }

    #[test]
    fn parse_group_ack_and_fragmented_headers() {
        let group = [
            0x0c, 0x01, 0x00, 0x06, 0x00, 0x04, 0x01, 0x01, 0x05, 0x01, 0x02, 0x02,
        ];
        let a = ApsFrame::parse(&group).unwrap();
        assert_eq!(a.header.frame_control.delivery_mode(), DeliveryMode::Group);
        assert_eq!(a.header.group, Some(1));
        assert_eq!(a.header.dst_endpoint, None);
        assert_eq!(a.payload, &[0x01, 0x02, 0x02]);
        assert_eq!(emit_header(&a.header), &group[..9]);
        // data ack: endpoints, cluster, profile, counter
        let ack = [0x02, 0x01, 0x06, 0x00, 0x04, 0x01, 0x01, 0x05];
        let a = ApsFrame::parse(&ack).unwrap();
        assert_eq!(a.header.frame_control.frame_type(), ApsFrameType::Ack);
        assert_eq!(a.header.counter, Some(5));
        assert_eq!(emit_header(&a.header), &ack);
        // command ack (ack format bit): counter only
        let a = ApsFrame::parse(&[0x12, 0x33]).unwrap();
        assert_eq!(a.header.cluster, None);
        assert_eq!(a.header.counter, Some(0x33));
        // fragmented unicast data, first block
        let frag = [
            0xc0, 0x01, 0x00, 0x80, 0x04, 0x01, 0x01, 0x09, 0x01, 0x00, 0xaa,
        ];
        let a = ApsFrame::parse(&frag).unwrap();
        let x = a.header.extended.unwrap();
        assert_eq!(
            (x.fragmentation(), x.block_number, x.ack_bitfield),
            (1, Some(0), None)
        );
        assert_eq!(a.payload, &[0xaa]);
        assert_eq!(emit_header(&a.header), &frag[..10]);
        // ack of a fragmented frame: block number and ack bitfield
        let fack = [
            0x82, 0x01, 0x00, 0x80, 0x04, 0x01, 0x01, 0x09, 0x02, 0x02, 0x03,
        ];
        let a = ApsFrame::parse(&fack).unwrap();
        assert_eq!(a.header.extended.unwrap().ack_bitfield, Some(0x03));
        assert_eq!(emit_header(&a.header), &fack);
        // inter-PAN stub header: group delivery, cluster 0x1000, profile 0xc05e
        let ip = [0x0f, 0x34, 0x12, 0x00, 0x10, 0x5e, 0xc0, 0x11];
        let a = ApsFrame::parse(&ip).unwrap();
        assert_eq!(a.header.frame_control.frame_type(), ApsFrameType::InterPan);
        assert_eq!(a.header.group, Some(0x1234));
        assert_eq!(a.header.counter, None);
        assert_eq!(a.payload, &[0x11]);
        assert_eq!(emit_header(&a.header), &ip[..7]);
    }

    #[test]
    fn parse_secured_command_header() {
        // silabs-joining-well-known-key frame 12, APS part: Transport Key secured with the
        // key-transport key
        let f = h(concat!(
            "21",               // command, security
            "be",               // APS counter
            "30",               // security control: key-transport key, extended nonce
            "00200600",         // frame counter 0x00062000
            "7267e7feff5f3250", // source 50:32:5f:ff:fe:e7:67:72
            "a1872134e8aef6db", // ciphertext (truncated here) ...
            "15b4a061",         // MIC
        ));
        let a = ApsFrame::parse(f).unwrap();
        assert!(a.header.frame_control.security());
        assert_eq!(a.header.counter, Some(0xbe));
        assert_eq!(a.header_len, 2);
        let aux = a.aux.unwrap();
        assert_eq!(aux.key_id(), KeyId::KeyTransport);
        assert_eq!(aux.frame_counter, 0x0006_2000);
        assert_eq!(aux.source, Some(Eui64(0x5032_5fff_fee7_6772)));
        assert_eq!(aux.key_sequence, None);
        assert_eq!(a.payload_offset, 15);
        assert_eq!(a.payload.len(), 8);
        assert_eq!(a.mic, &f[23..]);
    }

    #[test]
    fn parse_transport_key_variants() {
        // killerbee frame 151: plaintext standard network key
        let c = roundtrip(h(concat!(
            "05",                               // transport key
            "01",                               // standard network key
            "26546b723b396a727b5d5271517d392f", // key
            "00",                               // sequence number
            "1a5b410000ff0f00",                 // destination
            "ffffffffffffffff",                 // source
        )));
        let ApsCommand::TransportKey {
            key_type,
            key,
            fields,
        } = c
        else {
            panic!()
        };
        assert_eq!(key_type, KeyType::StandardNetworkKey);
        assert_eq!(&key[..], h("26546b723b396a727b5d5271517d392f"));
        assert_eq!(
            fields,
            TransportedKey::Network {
                sequence: 0,
                dst: Eui64(0x000f_ff00_0041_5b1a),
                src: Eui64::UNASSIGNED
            }
        );
        // silabs-joining-install-code frame 33 (decrypted): trust-center link key
        let c = roundtrip(h(
            "0504c451da072232fc3bd94c82577f5de08fcb67e7feff5f32507267e7feff5f3250",
        ));
        assert!(matches!(
            c,
            ApsCommand::TransportKey {
                key_type: KeyType::TrustCenterLinkKey,
                fields: TransportedKey::TrustCenter {
                    dst: Eui64(0x5032_5fff_fee7_67cb),
                    src: Eui64(0x5032_5fff_fee7_6772)
                },
                ..
            }
        ));
        // silabs-app-link-key frame 146 (decrypted): application link key, initiator 0
        let c = roundtrip(h("0503e9bb0bae8e63cebc5bdc00e563e38cad8567e7feff5f325000"));
        assert!(matches!(
            c,
            ApsCommand::TransportKey {
                key_type: KeyType::ApplicationLinkKey,
                fields: TransportedKey::Application {
                    partner: Eui64(0x5032_5fff_fee7_6785),
                    initiator: 0
                },
                ..
            }
        ));
        assert!(c
            .to_string()
            .starts_with("transport_key application_link_key e9bb0bae"));
    }

    #[test]
    fn parse_key_management_commands() {
        // silabs-unsecured-rejoining frame 39: verify key
        let c = roundtrip(h("0f04cb67e7feff5f3250a833e35aebce182b65f992eadc890329"));
        assert_eq!(
            c,
            ApsCommand::VerifyKey {
                key_type: KeyType::TrustCenterLinkKey,
                src: Eui64(0x5032_5fff_fee7_67cb),
                hash: h("a833e35aebce182b65f992eadc890329").try_into().unwrap()
            }
        );
        // frame 43: confirm key, success
        assert_eq!(
            roundtrip(h("100004cb67e7feff5f3250")),
            ApsCommand::ConfirmKey {
                status: 0,
                key_type: KeyType::TrustCenterLinkKey,
                dst: Eui64(0x5032_5fff_fee7_67cb)
            }
        );
        // frame 31: request key for a TC link key; frame 160: switch key to sequence 1
        assert_eq!(
            roundtrip(h("0804")),
            ApsCommand::RequestKey {
                key_type: KeyType::TrustCenterLinkKey,
                partner: None
            }
        );
        assert_eq!(roundtrip(h("0902")), ApsCommand::SwitchKey { sequence: 2 });
        // request for an application link key names the partner
        assert_eq!(
            roundtrip(h("08028567e7feff5f3250")),
            ApsCommand::RequestKey {
                key_type: KeyType::ApplicationMasterKey,
                partner: Some(Eui64(0x5032_5fff_fee7_6785))
            }
        );
        // update device: device, short address, status 1 (unsecured join)
        assert_eq!(
            roundtrip(h("06cb67e7feff5f32503d4f01")),
            ApsCommand::UpdateDevice {
                device: Eui64(0x5032_5fff_fee7_67cb),
                short_address: ShortAddr(0x4f3d),
                status: 1
            }
        );
        assert_eq!(
            roundtrip(h("07cb67e7feff5f3250")),
            ApsCommand::RemoveDevice {
                target: Eui64(0x5032_5fff_fee7_67cb)
            }
        );
        let t = roundtrip(h("0ecb67e7feff5f32502101300000000000"));
        assert!(matches!(t, ApsCommand::Tunnel { frame, .. } if frame.len() == 8));
        let u = roundtrip(&[0x01, 0xaa]);
        assert_eq!(u.name(), "skke_1");
    }

    #[test]
    fn rejects_bad_commands_and_headers() {
        assert_eq!(
            ApsCommand::parse(&[0x05, 0x09]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 16
            })
        );
        assert!(matches!(
            ApsCommand::parse(h("0509000102030405060708090a0b0c0d0e0f")),
            Err(DecodeError::InvalidValue { .. })
        ));
        assert_eq!(
            ApsCommand::parse(h("0f04cb67")),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 6
            })
        );
        assert_eq!(
            ApsFrame::parse(&[0x08, 0x00, 0x13]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 1
            })
        );
        assert_eq!(
            ApsFrame::parse(&[0x21, 0x01, 0x30, 0, 0, 0, 0]),
            Err(DecodeError::Truncated {
                offset: 7,
                needed: 8
            })
        );
        assert_eq!(
            ApsFrame::parse(&[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        let mut small = [0u8; 4];
        assert_eq!(
            ApsCommand::SwitchKey { sequence: 1 }.emit(&mut small),
            Ok(2)
        );
        assert_eq!(
            ApsCommand::RemoveDevice { target: Eui64(1) }.emit(&mut small),
            Err(EncodeError::BufferTooSmall {
                needed: 9,
                available: 4
            })
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..100)) {
            if let Ok(a) = ApsFrame::parse(&data) {
                let _ = a.to_string();
                let mut out = [0u8; 64];
                let n = a.header.emit(&mut out).unwrap();
                prop_assert_eq!(&out[..n], &data[..n]);
            }
            if let Ok(c) = ApsCommand::parse(&data) {
                let _ = c.to_string();
                let mut out = [0u8; 128];
                let n = c.emit(&mut out).unwrap();
                prop_assert_eq!(&out[..n], &data[..n]);
            }
        }
    }
}
