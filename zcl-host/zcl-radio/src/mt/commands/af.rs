//! AF subsystem: endpoint registration, data requests and incoming messages.

use super::mt_command;
use crate::mt::types::{LatencyReq, Status, TransmitOptions};
use crate::mt::wire::{AddrModeAddress, List8, LongBytes, ShortBytes};

mt_command! {
    /// `AF_REGISTER`: registers an application endpoint.
    Sreq Af 0x00 "AF_REGISTER"
    pub struct Register {
        /// Endpoint number.
        pub endpoint: u8,
        /// Application profile id.
        pub profile_id: u16,
        /// Device id.
        pub device_id: u16,
        /// Device version.
        pub device_version: u8,
        /// Latency requirement.
        pub latency_req: LatencyReq,
        /// Server (input) clusters.
        pub input_clusters: List8<u16>,
        /// Client (output) clusters.
        pub output_clusters: List8<u16>,
    }
    => status /// Answer to [`Register`].
    RegisterResponse
}

mt_command! {
    /// `AF_DATA_REQUEST`: sends an APS frame to a short address.
    Sreq Af 0x01 "AF_DATA_REQUEST"
    pub struct DataRequest {
        /// Destination short address.
        pub dst_addr: u16,
        /// Destination endpoint.
        pub dst_endpoint: u8,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Cluster id.
        pub cluster_id: u16,
        /// Transaction id, echoed in [`DataConfirm`].
        pub tsn: u8,
        /// Transmit options.
        pub options: TransmitOptions,
        /// Radius (maximum hops).
        pub radius: u8,
        /// APS payload.
        pub data: ShortBytes,
    }
    => status /// Answer to [`DataRequest`] (queued or not; delivery comes in [`DataConfirm`]).
    DataRequestResponse
}

mt_command! {
    /// `AF_DATA_REQUEST_EXT`: sends to any address mode (group, IEEE, broadcast, inter-PAN).
    Sreq Af 0x02 "AF_DATA_REQUEST_EXT"
    pub struct DataRequestExt {
        /// Destination address and mode.
        pub dst: AddrModeAddress,
        /// Destination endpoint.
        pub dst_endpoint: u8,
        /// Destination PAN id (0 for intra-PAN).
        pub dst_pan_id: u16,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Cluster id.
        pub cluster_id: u16,
        /// Transaction id.
        pub tsn: u8,
        /// Transmit options.
        pub options: TransmitOptions,
        /// Radius.
        pub radius: u8,
        /// APS payload (16-bit length prefix).
        pub data: LongBytes,
    }
    => status /// Answer to [`DataRequestExt`].
    DataRequestExtResponse
}

mt_command! {
    /// `AF_DATA_REQUEST_SRC_RTG`: sends along an explicit source route.
    Sreq Af 0x03 "AF_DATA_REQUEST_SRC_RTG"
    pub struct DataRequestSrcRtg {
        /// Destination short address.
        pub dst_addr: u16,
        /// Destination endpoint.
        pub dst_endpoint: u8,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Cluster id.
        pub cluster_id: u16,
        /// Transaction id.
        pub tsn: u8,
        /// Transmit options.
        pub options: TransmitOptions,
        /// Radius.
        pub radius: u8,
        /// Relay short addresses.
        pub relays: List8<u16>,
        /// APS payload.
        pub data: ShortBytes,
    }
    => status /// Answer to [`DataRequestSrcRtg`].
    DataRequestSrcRtgResponse
}

mt_command! {
    /// `AF_DATA_CONFIRM` (AREQ): delivery result of a data request.
    Areq Af 0x80 "AF_DATA_CONFIRM"
    pub struct DataConfirm {
        /// Delivery status.
        pub status: Status,
        /// Source endpoint of the request.
        pub endpoint: u8,
        /// Transaction id of the request.
        pub tsn: u8,
    }
}

mt_command! {
    /// `AF_INCOMING_MSG` (AREQ): an APS frame for a registered endpoint.
    Areq Af 0x81 "AF_INCOMING_MSG"
    pub struct IncomingMsg {
        /// Group id (0 when not a group frame).
        pub group_id: u16,
        /// Cluster id.
        pub cluster_id: u16,
        /// Source short address.
        pub src_addr: u16,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Destination endpoint.
        pub dst_endpoint: u8,
        /// Whether the frame was a broadcast.
        pub was_broadcast: bool,
        /// Link quality.
        pub lqi: u8,
        /// Whether APS security was used.
        pub security_use: bool,
        /// Receive timestamp.
        pub timestamp: u32,
        /// APS counter / transaction id.
        pub tsn: u8,
        /// APS payload.
        pub data: ShortBytes,
        /// MAC source (last hop) short address.
        pub mac_src_addr: u16,
        /// Remaining radius.
        pub msg_result_radius: u8,
    }
}

mt_command! {
    /// `AF_INCOMING_MSG_EXT` (AREQ): an incoming frame with an extended source address.
    Areq Af 0x82 "AF_INCOMING_MSG_EXT"
    pub struct IncomingMsgExt {
        /// Group id.
        pub group_id: u16,
        /// Cluster id.
        pub cluster_id: u16,
        /// Source address and mode.
        pub src: AddrModeAddress,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Source PAN id.
        pub src_pan_id: u16,
        /// Destination endpoint.
        pub dst_endpoint: u8,
        /// Whether the frame was a broadcast.
        pub was_broadcast: bool,
        /// Link quality.
        pub lqi: u8,
        /// Security use.
        pub security_use: u8,
        /// Receive timestamp.
        pub timestamp: u32,
        /// Transaction id.
        pub tsn: u8,
        /// APS payload (16-bit length prefix).
        pub data: LongBytes,
        /// MAC source short address.
        pub mac_src_addr: u16,
        /// Remaining radius.
        pub msg_result_radius: u8,
    }
}
