//! Inter-PAN frames and touchlink (ZLL commissioning cluster 0x1000, Zigbee Light Link 1.0
//! 7.1 and BDB 3.0 touchlink). An inter-PAN frame is a MAC data frame whose NWK frame control has
//! frame type 3 (only the 2-byte frame control follows), then a stub APS header (frame type 3:
//! optional group address, cluster, profile), then a ZCL frame. The NWK and APS parts are parsed
//! by [`super::nwk`] and [`super::aps`]; this module decodes the touchlink commands.

use zcl_core::{DecodeError, Direction, Frame, Header, Reader};

use crate::addr::{Eui64, PanId, ShortAddr};

/// The ZLL commissioning cluster.
pub const ZLL_COMMISSIONING_CLUSTER: u16 = 0x1000;

/// Network parameters shared by Network Start and Network Join requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkParams {
    /// Extended PAN id.
    pub extended_pan_id: Eui64,
    /// Key index (which key encrypted the network key).
    pub key_index: u8,
    /// The encrypted network key.
    pub encrypted_network_key: [u8; 16],
    /// Network update id (join requests only).
    pub network_update_id: Option<u8>,
    /// Logical channel.
    pub logical_channel: u8,
    /// PAN id.
    pub pan_id: PanId,
    /// Network address given to the target.
    pub network_address: ShortAddr,
    /// Group identifiers begin, end.
    pub group_ids: (u16, u16),
    /// Free network address range begin, end.
    pub free_network_addresses: (ShortAddr, ShortAddr),
    /// Free group identifier range begin, end.
    pub free_group_ids: (u16, u16),
    /// Initiator IEEE and network address (network start only).
    pub initiator: Option<(Eui64, ShortAddr)>,
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
        extended_pan_id: Eui64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: PanId,
        /// Network address.
        network_address: ShortAddr,
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
        extended_pan_id: Eui64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: PanId,
    },
    /// 0x13 / 0x15 Network join router / end device response.
    NetworkJoinResponse {
        /// Status.
        status: u8,
    },
    /// 0x16 Network update request.
    NetworkUpdateRequest {
        /// Extended PAN id.
        extended_pan_id: Eui64,
        /// Network update id.
        network_update_id: u8,
        /// Logical channel.
        logical_channel: u8,
        /// PAN id.
        pan_id: PanId,
        /// Network address.
        network_address: ShortAddr,
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
                let extended_pan_id = Eui64(r.u64()?);
                let network_update_id = r.u8()?;
                let logical_channel = r.u8()?;
                let pan_id = PanId(r.u16()?);
                let network_address = ShortAddr(r.u16()?);
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
                let extended_pan_id = Eui64(r.u64()?);
                let key_index = r.u8()?;
                let encrypted_network_key = r.array::<16>()?;
                let network_update_id = if id == 0x10 { None } else { Some(r.u8()?) };
                let logical_channel = r.u8()?;
                let pan_id = PanId(r.u16()?);
                let network_address = ShortAddr(r.u16()?);
                let group_ids = (r.u16()?, r.u16()?);
                let free_network_addresses = (ShortAddr(r.u16()?), ShortAddr(r.u16()?));
                let free_group_ids = (r.u16()?, r.u16()?);
                let initiator = if id == 0x10 {
                    Some((Eui64(r.u64()?), ShortAddr(r.u16()?)))
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
                extended_pan_id: Eui64(r.u64()?),
                network_update_id: r.u8()?,
                logical_channel: r.u8()?,
                pan_id: PanId(r.u16()?),
            },
            (false, 0x13 | 0x15) => TouchlinkPayload::NetworkJoinResponse { status: r.u8()? },
            (true, 0x16) => TouchlinkPayload::NetworkUpdateRequest {
                extended_pan_id: Eui64(r.u64()?),
                network_update_id: r.u8()?,
                logical_channel: r.u8()?,
                pan_id: PanId(r.u16()?),
                network_address: ShortAddr(r.u16()?),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parse_scan_request_and_response() {
        let req = [
            0x11, // ZCL: cluster specific, client to server, disable default response
            0x01, // sequence
            0x00, // scan request
            0x44, 0x33, 0x22, 0x11, // inter-PAN transaction id 0x11223344
            0x05, // Zigbee info: router, rx on when idle
            0x12, // ZLL info: address assignment, initiator
        ];
        let c = TouchlinkCommand::parse(&req).unwrap();
        assert_eq!(c.name(), "scan_request");
        assert_eq!(c.transaction_id, Some(0x1122_3344));
        assert_eq!(
            c.payload,
            TouchlinkPayload::ScanRequest {
                zigbee_info: 0x05,
                zll_info: 0x12
            }
        );
        let mut resp = vec![
            0x19, 0x02, 0x01, // server to client, seq 2, scan response
            0x44, 0x33, 0x22, 0x11, // transaction id
            0x20, 0x05, 0x01, // rssi correction, Zigbee info, ZLL info (factory new)
            0x10, 0x00, // key bitmask: certification key (bit 4)
            0x78, 0x56, 0x34, 0x12, // response id
            1, 2, 3, 4, 5, 6, 7, 8, // extended PAN id
            0x00, 0x0b, // update id, channel 11
            0xcd, 0xab, 0x01, 0x00, // PAN 0xabcd, address 0x0001
            0x01, 0x00, // one sub-device, no group ids
        ];
        resp.extend_from_slice(&[0x0b, 0x04, 0x01, 0x00, 0x01, 0x02, 0x00]); // ep 11, HA, 0x0100
        let c = TouchlinkCommand::parse(&resp).unwrap();
        assert_eq!(c.name(), "scan_response");
        let TouchlinkPayload::ScanResponse {
            key_bitmask,
            pan_id,
            device,
            logical_channel,
            ..
        } = c.payload
        else {
            panic!()
        };
        assert_eq!(
            (key_bitmask, pan_id, logical_channel),
            (0x10, PanId(0xabcd), 11)
        );
        assert_eq!(device, Some((0x0b, 0x0104, 0x0100, 2, 0)));
    }

    #[test]
    fn parse_network_start_and_join() {
        let mut start = vec![0x11, 0x03, 0x10, 1, 0, 0, 0];
        start.extend_from_slice(&[8, 7, 6, 5, 4, 3, 2, 1]); // EPID
        start.push(4); // key index: certification key
        start.extend_from_slice(&[0xee; 16]); // encrypted network key
        start.extend_from_slice(&[0x0f, 0x34, 0x12, 0x02, 0x00]); // channel 15, PAN, address 2
        start.extend_from_slice(&[0, 0, 0, 0, 3, 0, 0xf7, 0xff, 0, 0, 0, 0]); // ranges
        start.extend_from_slice(&[9, 9, 9, 9, 9, 9, 9, 9, 0x01, 0x00]); // initiator
        let c = TouchlinkCommand::parse(&start).unwrap();
        assert_eq!(c.name(), "network_start_request");
        let TouchlinkPayload::NetworkRequest(p) = c.payload else {
            panic!()
        };
        assert_eq!(p.extended_pan_id, Eui64(0x0102_0304_0506_0708));
        assert_eq!(p.key_index, 4);
        assert_eq!(
            (p.logical_channel, p.pan_id, p.network_address),
            (15, PanId(0x1234), ShortAddr(2))
        );
        assert_eq!(p.free_network_addresses, (ShortAddr(3), ShortAddr(0xfff7)));
        assert_eq!(
            p.initiator,
            Some((Eui64(0x0909_0909_0909_0909), ShortAddr(1)))
        );
        assert_eq!(p.network_update_id, None);
        let c = TouchlinkCommand::parse(&[0x19, 0x04, 0x13, 1, 0, 0, 0, 0x00]).unwrap();
        assert_eq!(c.name(), "network_join_router_response");
        assert_eq!(
            c.payload,
            TouchlinkPayload::NetworkJoinResponse { status: 0 }
        );
        let c = TouchlinkCommand::parse(&[0x11, 0x05, 0x06, 1, 0, 0, 0, 0xff, 0xff]).unwrap();
        assert_eq!(
            c.payload,
            TouchlinkPayload::IdentifyRequest { duration: 0xffff }
        );
        let c = TouchlinkCommand::parse(&[0x11, 0x05, 0x41, 0x00]).unwrap();
        assert_eq!(c.transaction_id, None);
        assert_eq!(c.name(), "get_group_identifiers_request");
    }

    #[test]
    fn rejects_truncated_touchlink_commands() {
        assert_eq!(
            TouchlinkCommand::parse(&[0x11, 0x01, 0x00, 1, 2]),
            Err(DecodeError::Truncated {
                offset: 3,
                needed: 2
            })
        );
        assert_eq!(
            TouchlinkCommand::parse(&[0x11, 0x01, 0x10, 1, 2, 3, 4, 5]),
            Err(DecodeError::Truncated {
                offset: 7,
                needed: 7
            })
        );
        assert_eq!(
            TouchlinkCommand::parse(&[0x11]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
    }

    proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(any::<u8>(), 0..80)) {
            if let Ok(c) = TouchlinkCommand::parse(&data) {
                let _ = c.name();
            }
        }
    }
}
