//! Zigbee application support sub-layer frames (05-3474 2.2.5) and APS commands (4.4.10).

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

use super::mac::Eui64;
use super::nwk::{AuxSecurityHeader, MIC_LEN};

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
    /// Ack format (bit 4): set for the acknowledgment of an APS command.
    pub fn ack_format(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Security (bit 5).
    pub fn security(self) -> bool {
        self.0 & 0x20 != 0
    }
    /// Acknowledgment request (bit 6).
    pub fn ack_request(self) -> bool {
        self.0 & 0x40 != 0
    }
    /// Extended header present (bit 7).
    pub fn extended_header(self) -> bool {
        self.0 & 0x80 != 0
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

/// A parsed APS frame, borrowing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApsFrame<'a> {
    /// The header.
    pub header: ApsHeader,
    /// Header length (offset of the auxiliary header or of the payload).
    pub header_len: usize,
    /// Auxiliary security header (when the security bit is set).
    pub aux: Option<AuxSecurityHeader>,
    /// Offset of the payload.
    pub payload_offset: usize,
    /// Payload: for data frames the application (ZDP/ZCL) frame, for commands the command id
    /// and its fields; for secured frames the ciphertext without MIC.
    pub payload: &'a [u8],
    /// The MIC of a secured frame.
    pub mic: &'a [u8],
}

impl<'a> ApsFrame<'a> {
    /// Parses an APS frame.
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let (header, header_len) = ApsHeader::parse(data)?;
        let mut r = Reader::new(data);
        r.take(header_len)?;
        let secured = header.frame_control.security()
            && header.frame_control.frame_type() != ApsFrameType::InterPan;
        let aux = if secured {
            Some(AuxSecurityHeader::parse(&mut r)?)
        } else {
            None
        };
        let payload_offset = r.offset();
        let rest = r.take_rest();
        let (payload, mic) = if secured {
            let n = rest
                .len()
                .checked_sub(MIC_LEN)
                .ok_or_else(|| DecodeError::Truncated {
                    offset: payload_offset,
                    needed: MIC_LEN.saturating_sub(rest.len()),
                })?;
            rest.split_at(n)
        } else {
            (rest, &[][..])
        };
        Ok(ApsFrame {
            header,
            header_len,
            aux,
            payload_offset,
            payload,
            mic,
        })
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
        dst: u64,
        /// Source IEEE address.
        src: u64,
    },
    /// Trust-center link key or master key.
    TrustCenter {
        /// Destination IEEE address.
        dst: u64,
        /// Source IEEE address.
        src: u64,
    },
    /// Application link key or master key.
    Application {
        /// Partner IEEE address.
        partner: u64,
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
        device: u64,
        /// Device short address.
        short_address: u16,
        /// Status (0 secured rejoin, 1 unsecured join, 2 left, 3 trust-center rejoin).
        status: u8,
    },
    /// 0x07 Remove Device.
    RemoveDevice {
        /// Target IEEE address.
        target: u64,
    },
    /// 0x08 Request Key.
    RequestKey {
        /// Key type (2 application link key, 4 trust-center link key).
        key_type: KeyType,
        /// Partner address (application link key).
        partner: Option<u64>,
    },
    /// 0x09 Switch Key.
    SwitchKey {
        /// Key sequence number.
        sequence: u8,
    },
    /// 0x0e Tunnel.
    Tunnel {
        /// Destination IEEE address.
        dst: u64,
        /// The tunneled APS frame (header, auxiliary header, encrypted command), raw.
        frame: &'a [u8],
    },
    /// 0x0f Verify Key.
    VerifyKey {
        /// Key type.
        key_type: KeyType,
        /// Source IEEE address.
        src: u64,
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
        dst: u64,
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
                            dst: r.u64()?,
                            src: r.u64()?,
                        }
                    }
                    KeyType::ApplicationLinkKey | KeyType::ApplicationMasterKey => {
                        TransportedKey::Application {
                            partner: r.u64()?,
                            initiator: r.u8()?,
                        }
                    }
                    KeyType::TrustCenterLinkKey | KeyType::TrustCenterMasterKey => {
                        TransportedKey::TrustCenter {
                            dst: r.u64()?,
                            src: r.u64()?,
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
                device: r.u64()?,
                short_address: r.u16()?,
                status: r.u8()?,
            },
            0x07 => ApsCommand::RemoveDevice { target: r.u64()? },
            0x08 => {
                let key_type = KeyType::from_u8(r.u8()?);
                let partner = if matches!(
                    key_type,
                    KeyType::ApplicationMasterKey | KeyType::ApplicationLinkKey
                ) {
                    Some(r.u64()?)
                } else {
                    None
                };
                ApsCommand::RequestKey { key_type, partner }
            }
            0x09 => ApsCommand::SwitchKey { sequence: r.u8()? },
            0x0e => ApsCommand::Tunnel {
                dst: r.u64()?,
                frame: r.take_rest(),
            },
            0x0f => ApsCommand::VerifyKey {
                key_type: KeyType::from_u8(r.u8()?),
                src: r.u64()?,
                hash: r.array::<16>()?,
            },
            0x10 => ApsCommand::ConfirmKey {
                status: r.u8()?,
                key_type: KeyType::from_u8(r.u8()?),
                dst: r.u64()?,
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
                        w.u64(dst)?;
                        w.u64(src)?;
                    }
                    TransportedKey::TrustCenter { dst, src } => {
                        w.u64(dst)?;
                        w.u64(src)?;
                    }
                    TransportedKey::Application { partner, initiator } => {
                        w.u64(partner)?;
                        w.u8(initiator)?;
                    }
                }
            }
            ApsCommand::UpdateDevice {
                device,
                short_address,
                status,
            } => {
                w.u64(device)?;
                w.u16(short_address)?;
                w.u8(status)?;
            }
            ApsCommand::RemoveDevice { target } => w.u64(target)?,
            ApsCommand::RequestKey { key_type, partner } => {
                w.u8(key_type.to_u8())?;
                if let Some(p) = partner {
                    w.u64(p)?;
                }
            }
            ApsCommand::SwitchKey { sequence } => w.u8(sequence)?,
            ApsCommand::Tunnel { dst, frame } => {
                w.u64(dst)?;
                w.bytes(frame)?;
            }
            ApsCommand::VerifyKey {
                key_type,
                src,
                hash,
            } => {
                w.u8(key_type.to_u8())?;
                w.u64(src)?;
                w.bytes(&hash)?;
            }
            ApsCommand::ConfirmKey {
                status,
                key_type,
                dst,
            } => {
                w.u8(status)?;
                w.u8(key_type.to_u8())?;
                w.u64(dst)?;
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
                write!(f, " {} {}", key_type.name(), hex::encode(key))
            }
            ApsCommand::UpdateDevice {
                device,
                short_address,
                status,
            } => write!(
                f,
                " {} 0x{short_address:04x} status {status}",
                Eui64(device)
            ),
            ApsCommand::RemoveDevice { target } => write!(f, " {}", Eui64(target)),
            ApsCommand::RequestKey { key_type, .. } => write!(f, " {}", key_type.name()),
            ApsCommand::SwitchKey { sequence } => write!(f, " seq {sequence}"),
            ApsCommand::Tunnel { dst, .. } => write!(f, " to {}", Eui64(dst)),
            ApsCommand::VerifyKey { key_type, src, .. } => {
                write!(f, " {} from {}", key_type.name(), Eui64(src))
            }
            ApsCommand::ConfirmKey {
                status, key_type, ..
            } => write!(f, " {} status {status}", key_type.name()),
            ApsCommand::Unknown { id, .. } => write!(f, " 0x{id:02x}"),
        }
    }
}
