//! Inter-PAN frames and touchlink (ZLL commissioning cluster 0x1000, Zigbee Light Link 1.0
//! 7.1 and BDB 3.0 touchlink). An inter-PAN frame is a MAC data frame whose NWK frame control has
//! frame type 3 (only the 2-byte frame control follows), then a stub APS header (frame type 3:
//! optional group address, cluster, profile), then a ZCL frame. The NWK and APS parts are parsed
//! by [`super::nwk`] and [`super::aps`]; this module decodes the touchlink commands.

use zcl_core::{DecodeError, Direction, Frame, Header, Reader};

/// The ZLL commissioning cluster.
pub const ZLL_COMMISSIONING_CLUSTER: u16 = 0x1000;

/// Network parameters shared by Network Start and Network Join requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkParams {
    /// Extended PAN id.
    pub extended_pan_id: u64,
    /// Key index (which key encrypted the network key).
    pub key_index: u8,
    /// The encrypted network key.
    pub encrypted_network_key: [u8; 16],
    /// Network update id (join requests only).
    pub network_update_id: Option<u8>,
    /// Logical channel.
    pub logical_channel: u8,
    /// PAN id.
    pub pan_id: u16,
    /// Network address given to the target.
    pub network_address: u16,
    /// Group identifiers begin, end.
    pub group_ids: (u16, u16),
    /// Free network address range begin, end.
    pub free_network_addresses: (u16, u16),
    /// Free group identifier range begin, end.
    pub free_group_ids: (u16, u16),
    /// Initiator IEEE and network address (network start only).
    pub initiator: Option<(u64, u16)>,
}

/// Touchlink command fields (after the inter-PAN transaction identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchlinkPayload<'a> {
    /// 0x00 Scan request.
    ScanRequest {
        /// Zigbee information (logical type bits 0-1, rx on when idle bit 2).
        zigbee_info: u8,
        /// ZLL information (factory new bit 0, address assignment bit 1, initiator bit 4).
        zll_info: u8,
    },
    /// 0x01 Scan response.
    ScanResponse {
        /// RSSI correction.
        rssi_correction: u8,
        /// Zigbee information.
        zigbee_info: u8,
        /// ZLL information.
        zll_info: u8,
        /// Key bitmask.
        key_bitmask: u16,
        /// Response identifier.
        response_id: u32,
        /// Extended PAN id.
        extended_pan_id: u64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: u16,
        /// Network address.
        network_address: u16,
        /// Number of sub-devices.
        sub_devices: u8,
        /// Total group identifiers.
        total_group_ids: u8,
        /// Endpoint, profile, device id, version and group id count (one sub-device only).
        device: Option<(u8, u16, u16, u8, u8)>,
    },
    /// 0x02 Device information request.
    DeviceInformationRequest {
        /// Start index.
        start_index: u8,
    },
    /// 0x06 Identify request.
    IdentifyRequest {
        /// Identify duration (0 stop, 0xffff default).
        duration: u16,
    },
    /// 0x07 Reset to factory new request.
    ResetToFactoryNewRequest,
    /// 0x10 Network start request, 0x12 network join router request, 0x14 network join end
    /// device request.
    NetworkRequest(NetworkParams),
    /// 0x11 Network start response.
    NetworkStartResponse {
        /// Status.
        status: u8,
        /// Extended PAN id.
        extended_pan_id: u64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: u16,
    },
    /// 0x13 / 0x15 Network join router / end device response.
    NetworkJoinResponse {
        /// Status.
        status: u8,
    },
    /// 0x16 Network update request.
    NetworkUpdateRequest {
        /// Extended PAN id.
        extended_pan_id: u64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: u16,
        /// Network address.
        network_address: u16,
    },
    /// Anything else (device information response records, utility commands, ...), raw
    /// after the transaction identifier.
    Other(&'a [u8]),
}

/// A touchlink command: ZCL header, inter-PAN transaction identifier, fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TouchlinkCommand<'a> {
    /// The ZCL header (cluster-specific; direction tells request from response).
    pub header: Header,
    /// Inter-PAN transaction identifier (absent for commands without one).
    pub transaction_id: Option<u32>,
    /// The fields.
    pub payload: TouchlinkPayload<'a>,
}

impl<'a> TouchlinkCommand<'a> {
    /// Parses a ZLL commissioning cluster ZCL frame.
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let frame = Frame::parse(data)?;
        let header = frame.header;
        let base = frame.header.encoded_len();
        let to_server = header.frame_control.direction() == Direction::ClientToServer;
        let id = header.command_id;
        if id >= 0x40 {
            return Ok(TouchlinkCommand {
                header,
                transaction_id: None,
                payload: TouchlinkPayload::Other(frame.payload),
            });
        }
        let mut r = Reader::with_base(frame.payload, base);
        let transaction_id = Some(r.u32()?);
        let payload = match (to_server, id) {
            (true, 0x00) => TouchlinkPayload::ScanRequest {
                zigbee_info: r.u8()?,
                zll_info: r.u8()?,
            },
            (false, 0x01) => {
                let rssi_correction = r.u8()?;
                let zigbee_info = r.u8()?;
                let zll_info = r.u8()?;
                let key_bitmask = r.u16()?;
                let response_id = r.u32()?;
                let extended_pan_id = r.u64()?;
                let network_update_id = r.u8()?;
                let logical_channel = r.u8()?;
                let pan_id = r.u16()?;
                let network_address = r.u16()?;
                let sub_devices = r.u8()?;
                let total_group_ids = r.u8()?;
                let device = if sub_devices == 1 {
                    Some((r.u8()?, r.u16()?, r.u16()?, r.u8()?, r.u8()?))
                } else {
                    None
                };
                TouchlinkPayload::ScanResponse {
                    rssi_correction,
                    zigbee_info,
                    zll_info,
                    key_bitmask,
                    response_id,
                    extended_pan_id,
                    network_update_id,
                    logical_channel,
                    pan_id,
                    network_address,
                    sub_devices,
                    total_group_ids,
                    device,
                }
            }
            (true, 0x02) => TouchlinkPayload::DeviceInformationRequest {
                start_index: r.u8()?,
            },
            (true, 0x06) => TouchlinkPayload::IdentifyRequest { duration: r.u16()? },
            (true, 0x07) => TouchlinkPayload::ResetToFactoryNewRequest,
            (true, 0x10 | 0x12 | 0x14) => {
                let extended_pan_id = r.u64()?;
                let key_index = r.u8()?;
                let encrypted_network_key = r.array::<16>()?;
                let network_update_id = if id == 0x10 { None } else { Some(r.u8()?) };
                let logical_channel = r.u8()?;
                let pan_id = r.u16()?;
                let network_address = r.u16()?;
                let group_ids = (r.u16()?, r.u16()?);
                let free_network_addresses = (r.u16()?, r.u16()?);
                let free_group_ids = (r.u16()?, r.u16()?);
                let initiator = if id == 0x10 {
                    Some((r.u64()?, r.u16()?))
                } else {
                    None
                };
                TouchlinkPayload::NetworkRequest(NetworkParams {
                    extended_pan_id,
                    key_index,
                    encrypted_network_key,
                    network_update_id,
                    logical_channel,
                    pan_id,
                    network_address,
                    group_ids,
                    free_network_addresses,
                    free_group_ids,
                    initiator,
                })
            }
            (false, 0x11) => TouchlinkPayload::NetworkStartResponse {
                status: r.u8()?,
                extended_pan_id: r.u64()?,
                network_update_id: r.u8()?,
                logical_channel: r.u8()?,
                pan_id: r.u16()?,
            },
            (false, 0x13 | 0x15) => TouchlinkPayload::NetworkJoinResponse { status: r.u8()? },
            (true, 0x16) => TouchlinkPayload::NetworkUpdateRequest {
                extended_pan_id: r.u64()?,
                network_update_id: r.u8()?,
                logical_channel: r.u8()?,
                pan_id: r.u16()?,
                network_address: r.u16()?,
            },
            _ => TouchlinkPayload::Other(r.take_rest()),
        };
        Ok(TouchlinkCommand {
            header,
            transaction_id,
            payload,
        })
    }

    /// snake_case name of the command.
    pub fn name(&self) -> &'static str {
        let to_server = self.header.frame_control.direction() == Direction::ClientToServer;
        match (to_server, self.header.command_id) {
            (true, 0x00) => "scan_request",
            (false, 0x01) => "scan_response",
            (true, 0x02) => "device_information_request",
            (false, 0x03) => "device_information_response",
            (true, 0x06) => "identify_request",
            (true, 0x07) => "reset_to_factory_new_request",
            (true, 0x10) => "network_start_request",
            (false, 0x11) => "network_start_response",
            (true, 0x12) => "network_join_router_request",
            (false, 0x13) => "network_join_router_response",
            (true, 0x14) => "network_join_end_device_request",
            (false, 0x15) => "network_join_end_device_response",
            (true, 0x16) => "network_update_request",
            (false, 0x40) => "endpoint_information",
            (true, 0x41) => "get_group_identifiers_request",
            (false, 0x41) => "get_group_identifiers_response",
            (true, 0x42) => "get_endpoint_list_request",
            (false, 0x42) => "get_endpoint_list_response",
            _ => "unknown",
        }
    }
}
