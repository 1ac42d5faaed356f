//! ZDO subsystem: network start, ZDP requests sent by the coprocessor and the callbacks that
//! carry their responses and network events.
//!
//! ZDP requests (`*Req`) are SREQs answered at once with a status SRSP (`*ReqResponse`); the
//! remote device's answer arrives later as an AREQ callback (`*Rsp`) whose first field is the
//! responder's short address, followed by the ZDP response body without its sequence number.

use super::mt_command;
use crate::mt::types::{
    AddrMode, AddrRequestType, Channels, DeviceState, LeaveOptions, MacCapabilities, StartupState,
    ZdoStatus,
};
use crate::mt::wire::{DecodeError, EncodeError, Eui64, List8, Reader, RestBytes, RestList, Wire};

/// Destination of a bind or unbind: a group, or an IEEE address and endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindTarget {
    /// Group address (mode 0x01, then the 16-bit group).
    Group(u16),
    /// Unicast (mode 0x03, then IEEE address and endpoint).
    Device {
        /// Destination IEEE address.
        ieee: Eui64,
        /// Destination endpoint.
        endpoint: u8,
    },
}

impl Wire for BindTarget {
    fn encode(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        match *self {
            Self::Group(g) => {
                out.push(0x01);
                g.encode(out)
            }
            Self::Device { ieee, endpoint } => {
                out.push(0x03);
                ieee.encode(out)?;
                endpoint.encode(out)
            }
        }
    }
    fn decode(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = r.position();
        match u8::decode(r)? {
            0x01 => Ok(Self::Group(u16::decode(r)?)),
            0x03 => Ok(Self::Device {
                ieee: Eui64::decode(r)?,
                endpoint: u8::decode(r)?,
            }),
            mode => Err(DecodeError::InvalidValue {
                field: "",
                offset,
                value: u32::from(mode),
            }),
        }
    }
}

mt_command! {
    /// `ZDO_NWK_ADDR_REQ`: asks for the short address of an IEEE address (broadcast).
    Sreq Zdo 0x00 "ZDO_NWK_ADDR_REQ"
    pub struct NwkAddrReq {
        /// IEEE address looked up.
        pub ieee: Eui64,
        /// Single or extended response.
        pub request_type: AddrRequestType,
        /// Start index into the associated device list.
        pub start_index: u8,
    }
    => status /// Answer to [`NwkAddrReq`]; the result comes in [`NwkAddrRsp`].
    NwkAddrReqResponse
}

mt_command! {
    /// `ZDO_IEEE_ADDR_REQ`: asks a device for its IEEE address.
    Sreq Zdo 0x01 "ZDO_IEEE_ADDR_REQ"
    pub struct IeeeAddrReq {
        /// Short address of the device.
        pub nwk: u16,
        /// Single or extended response.
        pub request_type: AddrRequestType,
        /// Start index into the associated device list.
        pub start_index: u8,
    }
    => status /// Answer to [`IeeeAddrReq`]; the result comes in [`IeeeAddrRsp`].
    IeeeAddrReqResponse
}

mt_command! {
    /// `ZDO_NODE_DESC_REQ`.
    Sreq Zdo 0x02 "ZDO_NODE_DESC_REQ"
    pub struct NodeDescReq {
        /// Device the request is sent to.
        pub dst_addr: u16,
        /// Device whose descriptor is asked for.
        pub nwk_addr_of_interest: u16,
    }
    => status /// Answer to [`NodeDescReq`]; the result comes in [`NodeDescRsp`].
    NodeDescReqResponse
}

mt_command! {
    /// `ZDO_SIMPLE_DESC_REQ`.
    Sreq Zdo 0x04 "ZDO_SIMPLE_DESC_REQ"
    pub struct SimpleDescReq {
        /// Device the request is sent to.
        pub dst_addr: u16,
        /// Device whose descriptor is asked for.
        pub nwk_addr_of_interest: u16,
        /// Endpoint.
        pub endpoint: u8,
    }
    => status /// Answer to [`SimpleDescReq`]; the result comes in [`SimpleDescRsp`].
    SimpleDescReqResponse
}

mt_command! {
    /// `ZDO_ACTIVE_EP_REQ`.
    Sreq Zdo 0x05 "ZDO_ACTIVE_EP_REQ"
    pub struct ActiveEpReq {
        /// Device the request is sent to.
        pub dst_addr: u16,
        /// Device whose endpoints are asked for.
        pub nwk_addr_of_interest: u16,
    }
    => status /// Answer to [`ActiveEpReq`]; the result comes in [`ActiveEpRsp`].
    ActiveEpReqResponse
}

mt_command! {
    /// `ZDO_BIND_REQ`: asks `dst` to add a binding.
    Sreq Zdo 0x21 "ZDO_BIND_REQ"
    pub struct BindReq {
        /// Device holding the binding table.
        pub dst: u16,
        /// Source IEEE address of the binding.
        pub src: Eui64,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Cluster id.
        pub cluster_id: u16,
        /// Destination of the binding.
        pub target: BindTarget,
    }
    => status /// Answer to [`BindReq`]; the result comes in [`BindRsp`].
    BindReqResponse
}

mt_command! {
    /// `ZDO_UNBIND_REQ`: asks `dst` to remove a binding.
    Sreq Zdo 0x22 "ZDO_UNBIND_REQ"
    pub struct UnbindReq {
        /// Device holding the binding table.
        pub dst: u16,
        /// Source IEEE address of the binding.
        pub src: Eui64,
        /// Source endpoint.
        pub src_endpoint: u8,
        /// Cluster id.
        pub cluster_id: u16,
        /// Destination of the binding.
        pub target: BindTarget,
    }
    => status /// Answer to [`UnbindReq`]; the result comes in [`UnbindRsp`].
    UnbindReqResponse
}

mt_command! {
    /// `ZDO_MGMT_LQI_REQ`: reads a device's neighbor table.
    Sreq Zdo 0x31 "ZDO_MGMT_LQI_REQ"
    pub struct MgmtLqiReq {
        /// Device asked.
        pub dst: u16,
        /// First table index.
        pub start_index: u8,
    }
    => status /// Answer to [`MgmtLqiReq`]; the result comes in [`MgmtLqiRsp`].
    MgmtLqiReqResponse
}

mt_command! {
    /// `ZDO_MGMT_RTG_REQ`: reads a device's routing table.
    Sreq Zdo 0x32 "ZDO_MGMT_RTG_REQ"
    pub struct MgmtRtgReq {
        /// Device asked.
        pub dst: u16,
        /// First table index.
        pub start_index: u8,
    }
    => status /// Answer to [`MgmtRtgReq`]; the result comes in [`MgmtRtgRsp`].
    MgmtRtgReqResponse
}

mt_command! {
    /// `ZDO_MGMT_BIND_REQ`: reads a device's binding table.
    Sreq Zdo 0x33 "ZDO_MGMT_BIND_REQ"
    pub struct MgmtBindReq {
        /// Device asked.
        pub dst: u16,
        /// First table index.
        pub start_index: u8,
    }
    => status /// Answer to [`MgmtBindReq`]; the result comes in [`MgmtBindRsp`].
    MgmtBindReqResponse
}

mt_command! {
    /// `ZDO_MGMT_LEAVE_REQ`: asks a device to leave (or to remove a child).
    Sreq Zdo 0x34 "ZDO_MGMT_LEAVE_REQ"
    pub struct MgmtLeaveReq {
        /// Device that processes the request.
        pub dst_addr: u16,
        /// Device to remove; zero for the device itself.
        pub ieee: Eui64,
        /// Rejoin / remove-children flags.
        pub options: LeaveOptions,
    }
    => status /// Answer to [`MgmtLeaveReq`]; the result comes in [`MgmtLeaveRsp`].
    MgmtLeaveReqResponse
}

mt_command! {
    /// `ZDO_MGMT_PERMIT_JOIN_REQ`: opens or closes joining on one device or by broadcast.
    Sreq Zdo 0x36 "ZDO_MGMT_PERMIT_JOIN_REQ"
    pub struct MgmtPermitJoinReq {
        /// Address mode of `dst` (short address or broadcast).
        pub addr_mode: AddrMode,
        /// Destination (e.g. 0xFFFC for all routers, 0x0000 for the coordinator).
        pub dst: u16,
        /// Seconds; 0 closes, 0xFF opens without limit.
        pub duration: u8,
        /// Trust center significance (unused by Z-Stack).
        pub tc_significance: u8,
    }
    => status /// Answer to [`MgmtPermitJoinReq`]; the result comes in [`MgmtPermitJoinRsp`].
    MgmtPermitJoinReqResponse
}

mt_command! {
    /// `ZDO_MGMT_NWK_UPDATE_REQ`: energy scan, channel change or channel mask update.
    Sreq Zdo 0x37 "ZDO_MGMT_NWK_UPDATE_REQ"
    pub struct MgmtNwkUpdateReq {
        /// Destination.
        pub dst: u16,
        /// Destination address mode.
        pub dst_addr_mode: AddrMode,
        /// Channels.
        pub channels: Channels,
        /// 0-5 scan duration, 0xFE change channel, 0xFF update mask and manager.
        pub scan_duration: u8,
        /// Number of scans.
        pub scan_count: u8,
        /// Network manager address.
        pub nwk_manager_addr: u16,
    }
    => status /// Answer to [`MgmtNwkUpdateReq`].
    MgmtNwkUpdateReqResponse
}

mt_command! {
    /// `ZDO_NWK_DISCOVERY_REQ`: an active scan; beacons come in [`BeaconNotifyInd`], the end
    /// in [`NwkDiscoveryCnf`].
    Sreq Zdo 0x26 "ZDO_NWK_DISCOVERY_REQ"
    pub struct NwkDiscoveryReq {
        /// Channels to scan.
        pub scan_channels: Channels,
        /// Scan duration exponent per channel.
        pub scan_duration: u8,
    }
    => status /// Answer to [`NwkDiscoveryReq`].
    NwkDiscoveryReqResponse
}

crate::mt::wire::wire_struct! {
    /// One network heard during a [`NwkDiscoveryReq`] (a beacon's fields).
    pub struct Beacon {
        /// Sender's network address.
        pub src: u16,
        /// PAN id.
        pub pan_id: u16,
        /// Channel.
        pub channel: u8,
        /// Whether it permits joining.
        pub permit_joining: u8,
        /// Router capacity.
        pub router_capacity: u8,
        /// End device capacity.
        pub device_capacity: u8,
        /// Protocol version (2).
        pub protocol_version: u8,
        /// Stack profile (2: Zigbee PRO).
        pub stack_profile: u8,
        /// Link quality.
        pub lqi: u8,
        /// Depth in the network.
        pub depth: u8,
        /// NWK update id.
        pub update_id: u8,
        /// Extended PAN id.
        pub extended_pan_id: Eui64,
    }
}

mt_command! {
    /// `ZDO_BEACON_NOTIFY_IND` (AREQ): beacons heard during a network discovery.
    Areq Zdo 0xC5 "ZDO_BEACON_NOTIFY_IND"
    pub struct BeaconNotifyInd {
        /// The beacons.
        pub beacons: List8<Beacon>,
    }
}

mt_command! {
    /// `ZDO_NWK_DISCOVERY_CNF` (AREQ): the network discovery ended.
    Areq Zdo 0xC7 "ZDO_NWK_DISCOVERY_CNF"
    pub struct NwkDiscoveryCnf {
        /// Outcome.
        pub status: crate::mt::types::Status,
    }
}

mt_command! {
    /// `ZDO_MSG_CB_REGISTER`: forwards incoming ZDO frames of a cluster as [`MsgCbIncoming`].
    Sreq Zdo 0x3E "ZDO_MSG_CB_REGISTER"
    pub struct MsgCallbackRegister {
        /// ZDO cluster id (0xFFFF for all).
        pub cluster_id: u16,
    }
    => status /// Answer to [`MsgCallbackRegister`].
    MsgCallbackRegisterResponse
}

mt_command! {
    /// `ZDO_STARTUP_FROM_APP`: starts the stack (on 3.x this starts BDB commissioning).
    Sreq Zdo 0x40 "ZDO_STARTUP_FROM_APP"
    pub struct StartupFromApp {
        /// Delay before starting, in milliseconds.
        pub start_delay: u16,
    }
    => /// Answer to [`StartupFromApp`].
    pub struct StartupFromAppResponse {
        /// Result (on 3.x always 0, which reads as restored).
        pub state: StartupState,
    }
}

mt_command! {
    /// `ZDO_EXT_ROUTE_DISC`: starts a route discovery.
    Sreq Zdo 0x45 "ZDO_EXT_ROUTE_DISC"
    pub struct ExtRouteDisc {
        /// Destination.
        pub dst: u16,
        /// Route discovery options (0 unicast, 1/3 many-to-one).
        pub options: u8,
        /// Radius.
        pub radius: u8,
    }
    => status /// Answer to [`ExtRouteDisc`].
    ExtRouteDiscResponse
}

mt_command! {
    /// `ZDO_EXT_ROUTE_CHECK`: checks for a route in a given state.
    Sreq Zdo 0x46 "ZDO_EXT_ROUTE_CHECK"
    pub struct ExtRouteChk {
        /// Destination.
        pub dst: u16,
        /// Route status to look for.
        pub rt_status: u8,
        /// Route options.
        pub options: u8,
    }
    => /// Answer to [`ExtRouteChk`].
    pub struct ExtRouteChkResponse {
        /// Routing status (0 success, 1 failure, ...).
        pub status: u8,
    }
}

mt_command! {
    /// `ZDO_EXT_NWK_INFO`: the coprocessor's current network parameters.
    Sreq Zdo 0x50 "ZDO_EXT_NWK_INFO"
    pub struct ExtNwkInfo {}
    => /// Answer to [`ExtNwkInfo`], in the 24-byte layout of the Z-Stack firmware
    /// (`MT_ZdoExtNwkInfo`): it has a device state byte and a one-byte channel number.
    /// zigpy-znp's table lists a 26-byte layout without the state and with a channel mask.
    pub struct ExtNwkInfoResponse {
        /// Own short address.
        pub short_addr: u16,
        /// Device state.
        pub dev_state: DeviceState,
        /// PAN id.
        pub pan_id: u16,
        /// Parent short address.
        pub parent_addr: u16,
        /// Extended PAN id.
        pub ext_pan_id: Eui64,
        /// Parent IEEE address.
        pub parent_ext_addr: Eui64,
        /// Current channel number.
        pub channel: u8,
    }
}

mt_command! {
    /// `ZDO_NWK_ADDR_RSP` (AREQ): result of [`NwkAddrReq`] (sent only on success).
    Areq Zdo 0x80 "ZDO_NWK_ADDR_RSP"
    pub struct NwkAddrRsp {
        /// ZDP status.
        pub status: ZdoStatus,
        /// IEEE address.
        pub ieee: Eui64,
        /// Short address.
        pub nwk: u16,
        /// Start index of `devices` in the associated device list.
        pub start_index: u8,
        /// Number of associated devices that follow.
        pub num_assoc: u8,
        /// Associated devices' short addresses.
        pub devices: RestList<u16>,
    }
}

mt_command! {
    /// `ZDO_IEEE_ADDR_RSP` (AREQ): result of [`IeeeAddrReq`] (sent only on success).
    Areq Zdo 0x81 "ZDO_IEEE_ADDR_RSP"
    pub struct IeeeAddrRsp {
        /// ZDP status.
        pub status: ZdoStatus,
        /// IEEE address.
        pub ieee: Eui64,
        /// Short address.
        pub nwk: u16,
        /// Start index of `devices` in the associated device list.
        pub start_index: u8,
        /// Number of associated devices that follow.
        pub num_assoc: u8,
        /// Associated devices' short addresses.
        pub devices: RestList<u16>,
    }
}

mt_command! {
    /// `ZDO_NODE_DESC_RSP` (AREQ).
    Areq Zdo 0x82 "ZDO_NODE_DESC_RSP"
    pub struct NodeDescRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// Device described.
        pub nwk: u16,
        /// The 13-byte node descriptor (absent on failure), as in ZDP.
        pub node_descriptor: RestBytes,
    }
}

mt_command! {
    /// `ZDO_SIMPLE_DESC_RSP` (AREQ).
    Areq Zdo 0x84 "ZDO_SIMPLE_DESC_RSP"
    pub struct SimpleDescRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// Device described.
        pub nwk: u16,
        /// Length-prefixed simple descriptor, as in ZDP (may be empty on failure).
        pub simple_descriptor: RestBytes,
    }
}

mt_command! {
    /// `ZDO_ACTIVE_EP_RSP` (AREQ).
    Areq Zdo 0x85 "ZDO_ACTIVE_EP_RSP"
    pub struct ActiveEpRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// Device described.
        pub nwk: u16,
        /// Active endpoints.
        pub active_endpoints: List8<u8>,
    }
}

mt_command! {
    /// `ZDO_BIND_RSP` (AREQ).
    Areq Zdo 0xA1 "ZDO_BIND_RSP"
    pub struct BindRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
    }
}

mt_command! {
    /// `ZDO_UNBIND_RSP` (AREQ).
    Areq Zdo 0xA2 "ZDO_UNBIND_RSP"
    pub struct UnbindRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
    }
}

mt_command! {
    /// `ZDO_MGMT_LQI_RSP` (AREQ).
    Areq Zdo 0xB1 "ZDO_MGMT_LQI_RSP"
    pub struct MgmtLqiRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// ZDP body after the status: total entries, start index, count, neighbor records.
        pub body: RestBytes,
    }
}

mt_command! {
    /// `ZDO_MGMT_RTG_RSP` (AREQ).
    Areq Zdo 0xB2 "ZDO_MGMT_RTG_RSP"
    pub struct MgmtRtgRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// ZDP body after the status: total entries, start index, count, routing records.
        pub body: RestBytes,
    }
}

mt_command! {
    /// `ZDO_MGMT_BIND_RSP` (AREQ).
    Areq Zdo 0xB3 "ZDO_MGMT_BIND_RSP"
    pub struct MgmtBindRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// ZDP body after the status: total entries, start index, count, binding records.
        pub body: RestBytes,
    }
}

mt_command! {
    /// `ZDO_MGMT_LEAVE_RSP` (AREQ).
    Areq Zdo 0xB4 "ZDO_MGMT_LEAVE_RSP"
    pub struct MgmtLeaveRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
    }
}

mt_command! {
    /// `ZDO_MGMT_PERMIT_JOIN_RSP` (AREQ).
    Areq Zdo 0xB6 "ZDO_MGMT_PERMIT_JOIN_RSP"
    pub struct MgmtPermitJoinRsp {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
    }
}

mt_command! {
    /// `ZDO_MGMT_NWK_UPDATE_NOTIFY` (AREQ): the result of an energy scan asked for with
    /// [`MgmtNwkUpdateReq`] (ZDP Mgmt_NWK_Update_notify).
    Areq Zdo 0xB8 "ZDO_MGMT_NWK_UPDATE_NOTIFY"
    pub struct MgmtNwkUpdateNotify {
        /// Responder.
        pub src: u16,
        /// ZDP status.
        pub status: ZdoStatus,
        /// Channels scanned.
        pub scanned_channels: Channels,
        /// Transmissions the responder made.
        pub total_transmissions: u16,
        /// Transmissions that failed.
        pub transmission_failures: u16,
        /// Energy measured on each scanned channel, lowest channel first.
        pub energy_values: List8<u8>,
    }
}

mt_command! {
    /// `ZDO_STATE_CHANGE_IND` (AREQ): the ZDO device state changed.
    Areq Zdo 0xC0 "ZDO_STATE_CHANGE_IND"
    pub struct StateChangeInd {
        /// New state.
        pub state: DeviceState,
    }
}

mt_command! {
    /// `ZDO_END_DEVICE_ANNCE_IND` (AREQ): a device announced itself (joined or rejoined).
    Areq Zdo 0xC1 "ZDO_END_DEVICE_ANNCE_IND"
    pub struct EndDeviceAnnceInd {
        /// Sender of the announcement.
        pub src: u16,
        /// Announced short address.
        pub nwk: u16,
        /// Announced IEEE address.
        pub ieee: Eui64,
        /// MAC capabilities.
        pub capabilities: MacCapabilities,
    }
}

mt_command! {
    /// `ZDO_SRC_RTG_IND` (AREQ): a route record was received.
    Areq Zdo 0xC4 "ZDO_SRC_RTG_IND"
    pub struct SrcRtgInd {
        /// Source of the route record.
        pub dst_addr: u16,
        /// Relays.
        pub relays: List8<u16>,
    }
}

mt_command! {
    /// `ZDO_LEAVE_IND` (AREQ): a device left.
    Areq Zdo 0xC9 "ZDO_LEAVE_IND"
    pub struct LeaveInd {
        /// Short address of the device.
        pub nwk: u16,
        /// IEEE address of the device.
        pub ieee: Eui64,
        /// A leave request (true) or indication (false).
        pub request: bool,
        /// Children removed too.
        pub remove: bool,
        /// The device will rejoin.
        pub rejoin: bool,
    }
}

mt_command! {
    /// `ZDO_TC_DEV_IND` (AREQ): the trust center let a device join.
    Areq Zdo 0xCA "ZDO_TC_DEV_IND"
    pub struct TcDevInd {
        /// Joining device's short address.
        pub src_nwk: u16,
        /// Joining device's IEEE address.
        pub src_ieee: Eui64,
        /// Its parent's short address.
        pub parent_nwk: u16,
    }
}

mt_command! {
    /// `ZDO_PERMIT_JOIN_IND` (AREQ): joining was opened or closed locally.
    Areq Zdo 0xCB "ZDO_PERMIT_JOIN_IND"
    pub struct PermitJoinInd {
        /// Seconds (0 closed).
        pub duration: u8,
    }
}

mt_command! {
    /// `ZDO_MSG_CB_INCOMING` (AREQ): a ZDO frame for a cluster registered with
    /// [`MsgCallbackRegister`].
    Areq Zdo 0xFF "ZDO_MSG_CB_INCOMING"
    pub struct MsgCbIncoming {
        /// Source short address.
        pub src: u16,
        /// Whether it was a broadcast.
        pub is_broadcast: bool,
        /// ZDO cluster id.
        pub cluster_id: u16,
        /// Security use (unused).
        pub security_use: u8,
        /// ZDP transaction sequence number.
        pub tsn: u8,
        /// MAC destination short address.
        pub mac_dst: u16,
        /// ZDP payload after the sequence number.
        pub data: RestBytes,
    }
}
