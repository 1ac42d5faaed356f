//! The ZDO server of a simulated device (Zigbee 05-3474 2.4): descriptors, addresses, match,
//! bind/unbind and the management requests, built from zcl-core's ZDP types.

use zcl_core::zdp::{
    AddrRsp, BindDestination, BindReq, BindingTableEntry, DescriptorCapability, DeviceType,
    EndpointListRsp, FrequencyBand, IeeeAddrReq, List, LogicalType, MacCapabilityFlags,
    MatchDescReq, MgmtLeaveReq, MgmtTableRsp, Neighbor, NodeDescRsp, NodeDescriptor,
    NwkAddrOfInterestReq, NwkAddrReq, PermitJoining, PowerDescRsp, PowerDescriptor, PowerMode,
    PowerSourceLevel, PowerSources, Relationship, Route, RouteStatus, RxOnWhenIdle, ServerMask,
    SimpleDescReq, SimpleDescRsp, SimpleDescriptor, StartIndexReq, StatusRsp, TablePage, ZdpStatus,
};
use zcl_core::EncodeError;

use super::devices::{DeviceSpec, EndpointInfo, NodeType, MANUFACTURER_CODE};
use super::state::SavedBinding;

/// ZDP cluster ids handled here (requests; responses are `| 0x8000`).
pub(crate) mod cluster {
    pub const NWK_ADDR: u16 = 0x0000;
    pub const IEEE_ADDR: u16 = 0x0001;
    pub const NODE_DESC: u16 = 0x0002;
    pub const POWER_DESC: u16 = 0x0003;
    pub const SIMPLE_DESC: u16 = 0x0004;
    pub const ACTIVE_EP: u16 = 0x0005;
    pub const MATCH_DESC: u16 = 0x0006;
    pub const DEVICE_ANNCE: u16 = 0x0013;
    pub const BIND: u16 = 0x0021;
    pub const UNBIND: u16 = 0x0022;
    pub const MGMT_LQI: u16 = 0x0031;
    pub const MGMT_RTG: u16 = 0x0032;
    pub const MGMT_BIND: u16 = 0x0033;
    pub const MGMT_LEAVE: u16 = 0x0034;
    pub const MGMT_PERMIT_JOINING: u16 = 0x0036;
    pub const MGMT_NWK_UPDATE: u16 = 0x0038;
}

/// Entries in one Mgmt_Lqi_rsp (22 bytes each) and Mgmt_Rtg_rsp / Mgmt_Bind_rsp pages.
const LQI_PAGE: usize = 2;
const RTG_PAGE: usize = 8;
const BIND_PAGE: usize = 3;
/// Binding table size of a simulated device.
pub(crate) const BINDING_TABLE_SIZE: usize = 16;

/// Who answers: the identity a node's ZDO server reports (a simulated device, or the
/// simulated coordinator).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ZdoNode {
    pub ieee: u64,
    pub node_descriptor: NodeDescriptor,
    pub power_descriptor: PowerDescriptor,
    pub rx_on_when_idle: bool,
}

impl ZdoNode {
    /// A simulated device's identity.
    pub fn of_device(spec: &DeviceSpec) -> Self {
        Self {
            ieee: spec.ieee,
            node_descriptor: node_descriptor(spec),
            power_descriptor: power_descriptor(spec),
            rx_on_when_idle: spec.rx_on_when_idle(),
        }
    }
}

/// What the node knows while answering.
pub(crate) struct ZdoContext<'a> {
    pub node: ZdoNode,
    pub nwk: u16,
    pub endpoints: &'a [EndpointInfo],
    pub neighbours: &'a [Neighbor],
    pub routes: &'a [Route],
    pub bindings: &'a mut Vec<SavedBinding>,
    /// The request came as a broadcast (answer only when there is something to say).
    pub broadcast: bool,
}

/// What the device does after answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ZdoEffect {
    Nothing,
    /// Mgmt_Leave_req for this device.
    Leave {
        rejoin: bool,
    },
}

/// A ZDP response: cluster id and payload.
pub(crate) type ZdoAnswer = Option<(u16, Vec<u8>)>;

/// The node descriptor of a simulated device (2.3.2.3).
pub(crate) fn node_descriptor(spec: &DeviceSpec) -> NodeDescriptor {
    NodeDescriptor {
        logical_type: match spec.node_type() {
            NodeType::Coordinator => LogicalType::Coordinator,
            NodeType::Router => LogicalType::Router,
            NodeType::EndDevice | NodeType::SleepyEndDevice => LogicalType::EndDevice,
        },
        complex_descriptor_available: false,
        user_descriptor_available: false,
        reserved: 0,
        aps_flags: 0,
        frequency_band: FrequencyBand::from_bits_retain(0x08),
        mac_capability_flags: MacCapabilityFlags::from_bits_retain(spec.capability()),
        manufacturer_code: MANUFACTURER_CODE,
        maximum_buffer_size: 82,
        maximum_incoming_transfer_size: 82,
        // Stack compliance revision 22 (bits 9-15).
        server_mask: ServerMask::from_bits_retain(0x2c00),
        maximum_outgoing_transfer_size: 82,
        descriptor_capability: DescriptorCapability::from_bits_retain(0),
    }
}

/// The power descriptor (2.3.2.4): mains, or a disposable battery at full level.
pub(crate) fn power_descriptor(spec: &DeviceSpec) -> PowerDescriptor {
    let source = if spec.mains_powered() {
        PowerSources::from_bits_retain(0x01)
    } else {
        PowerSources::from_bits_retain(0x04)
    };
    PowerDescriptor {
        current_power_mode: PowerMode::Synchronized,
        available_power_sources: source,
        current_power_source: source,
        current_power_source_level: PowerSourceLevel::Percent100,
    }
}

fn emit(f: impl FnOnce(&mut [u8]) -> Result<usize, EncodeError>) -> Option<Vec<u8>> {
    let mut buf = [0u8; 128];
    let n = f(&mut buf).ok()?;
    Some(buf.get(..n)?.to_vec())
}

fn status_only(tsn: u8, status: ZdpStatus) -> Option<Vec<u8>> {
    emit(|b| {
        StatusRsp {
            tsn,
            status,
            trailing: &[],
        }
        .emit(b)
    })
}

/// The first byte of a ZDP payload (the TSN), to answer a request that does not parse.
fn tsn_of(payload: &[u8]) -> u8 {
    payload.first().copied().unwrap_or(0)
}

/// Answers one ZDP request. Requests that do not parse get MALFORMED? No such ZDP status:
/// unicast ones get NOT_SUPPORTED with their TSN, broadcast ones nothing.
pub(crate) fn handle(
    cx: &mut ZdoContext<'_>,
    cluster_id: u16,
    payload: &[u8],
) -> (ZdoAnswer, ZdoEffect) {
    let mut effect = ZdoEffect::Nothing;
    let rsp = cluster_id | 0x8000;
    if cluster_id >= 0x8000 || cluster_id == cluster::DEVICE_ANNCE {
        return (None, effect);
    }
    let answer = match cluster_id {
        cluster::NWK_ADDR => NwkAddrReq::parse(payload)
            .ok()
            .filter(|r| r.ieee_addr == cx.node.ieee)
            .and_then(|r| addr_rsp(cx, r.tsn)),
        cluster::IEEE_ADDR => IeeeAddrReq::parse(payload)
            .ok()
            .filter(|r| r.nwk_addr_of_interest == cx.nwk || !cx.broadcast)
            .and_then(|r: IeeeAddrReq<'_>| {
                if r.nwk_addr_of_interest == cx.nwk {
                    addr_rsp(cx, r.tsn)
                } else {
                    device_not_found(r.tsn, cx.node.ieee, r.nwk_addr_of_interest)
                }
            }),
        cluster::NODE_DESC => NwkAddrOfInterestReq::parse(payload).ok().and_then(|r| {
            let ok = r.nwk_addr_of_interest == cx.nwk;
            emit(|b| {
                NodeDescRsp {
                    tsn: r.tsn,
                    status: if ok {
                        ZdpStatus::Success
                    } else {
                        ZdpStatus::DeviceNotFound
                    },
                    nwk_addr_of_interest: r.nwk_addr_of_interest,
                    node_descriptor: ok.then_some(cx.node.node_descriptor),
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::POWER_DESC => NwkAddrOfInterestReq::parse(payload).ok().and_then(|r| {
            let ok = r.nwk_addr_of_interest == cx.nwk;
            emit(|b| {
                PowerDescRsp {
                    tsn: r.tsn,
                    status: if ok {
                        ZdpStatus::Success
                    } else {
                        ZdpStatus::DeviceNotFound
                    },
                    nwk_addr_of_interest: r.nwk_addr_of_interest,
                    power_descriptor: ok.then_some(cx.node.power_descriptor),
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::SIMPLE_DESC => SimpleDescReq::parse(payload)
            .ok()
            .and_then(|r| simple_desc_rsp(cx, &r)),
        cluster::ACTIVE_EP => NwkAddrOfInterestReq::parse(payload).ok().and_then(|r| {
            let ok = r.nwk_addr_of_interest == cx.nwk;
            let eps: Vec<u8> = if ok {
                cx.endpoints.iter().map(|e| e.id).collect()
            } else {
                Vec::new()
            };
            emit(|b| {
                EndpointListRsp {
                    tsn: r.tsn,
                    status: if ok {
                        ZdpStatus::Success
                    } else {
                        ZdpStatus::DeviceNotFound
                    },
                    nwk_addr_of_interest: r.nwk_addr_of_interest,
                    endpoints: &eps,
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::MATCH_DESC => MatchDescReq::parse(payload)
            .ok()
            .and_then(|r| match_desc_rsp(cx, &r)),
        cluster::BIND | cluster::UNBIND => BindReq::parse(payload)
            .ok()
            .and_then(|r| status_only(r.tsn, bind(cx, &r, cluster_id == cluster::BIND))),
        cluster::MGMT_LQI => StartIndexReq::parse(payload).ok().and_then(|r| {
            let page = page_of(cx.neighbours, r.start_index, LQI_PAGE);
            emit(|b| {
                MgmtTableRsp::<Neighbor> {
                    tsn: r.tsn,
                    status: ZdpStatus::Success,
                    page: Some(TablePage {
                        total_entries: count8(cx.neighbours.len()),
                        start_index: r.start_index,
                        entries: List::from_items(page),
                    }),
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::MGMT_RTG => StartIndexReq::parse(payload).ok().and_then(|r| {
            let page = page_of(cx.routes, r.start_index, RTG_PAGE);
            emit(|b| {
                MgmtTableRsp::<Route> {
                    tsn: r.tsn,
                    status: ZdpStatus::Success,
                    page: Some(TablePage {
                        total_entries: count8(cx.routes.len()),
                        start_index: r.start_index,
                        entries: List::from_items(page),
                    }),
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::MGMT_BIND => StartIndexReq::parse(payload).ok().and_then(|r| {
            let table: Vec<BindingTableEntry> = cx
                .bindings
                .iter()
                .map(|b| BindingTableEntry {
                    src_addr: cx.node.ieee,
                    src_endpoint: b.src_endpoint,
                    cluster_id: b.cluster,
                    destination: match (b.group, b.dst_ieee) {
                        (Some(g), _) => BindDestination::Group(g),
                        (None, ieee) => BindDestination::Extended {
                            address: ieee.unwrap_or(0),
                            endpoint: b.dst_endpoint,
                        },
                    },
                })
                .collect();
            let page = page_of(&table, r.start_index, BIND_PAGE);
            emit(|b| {
                MgmtTableRsp::<BindingTableEntry> {
                    tsn: r.tsn,
                    status: ZdpStatus::Success,
                    page: Some(TablePage {
                        total_entries: count8(table.len()),
                        start_index: r.start_index,
                        entries: List::from_items(page),
                    }),
                    trailing: &[],
                }
                .emit(b)
            })
        }),
        cluster::MGMT_LEAVE => MgmtLeaveReq::parse(payload).ok().and_then(|r| {
            let me = r.device_address == 0 || r.device_address == cx.node.ieee;
            if me {
                effect = ZdoEffect::Leave {
                    rejoin: r.flags.bits() & 0x80 != 0,
                };
            }
            status_only(
                r.tsn,
                if me {
                    ZdpStatus::Success
                } else {
                    ZdpStatus::NotSupported
                },
            )
        }),
        // Joining goes through the coordinator in this network; routers accept the request.
        cluster::MGMT_PERMIT_JOINING => {
            status_only(tsn_of(payload), ZdpStatus::Success).filter(|_| !cx.broadcast)
        }
        _ => status_only(tsn_of(payload), ZdpStatus::NotSupported).filter(|_| !cx.broadcast),
    };
    let answer = match answer {
        Some(a) => Some(a),
        // A unicast request that did not parse: NOT_SUPPORTED is the closest ZDP status.
        None if !cx.broadcast && !matches!(cluster_id, cluster::NWK_ADDR | cluster::MATCH_DESC) => {
            status_only(tsn_of(payload), ZdpStatus::NotSupported)
        }
        None => None,
    };
    (answer.map(|a| (rsp, a)), effect)
}

fn count8(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(u8::MAX)
}

fn page_of<T>(items: &[T], start: u8, max: usize) -> &[T] {
    let s = usize::from(start).min(items.len());
    let e = s.saturating_add(max).min(items.len());
    items.get(s..e).unwrap_or(&[])
}

fn addr_rsp(cx: &ZdoContext<'_>, tsn: u8) -> Option<Vec<u8>> {
    emit(|b| {
        AddrRsp {
            tsn,
            status: ZdpStatus::Success,
            ieee_addr_remote_dev: cx.node.ieee,
            nwk_addr_remote_dev: cx.nwk,
            associated: None,
            trailing: &[],
        }
        .emit(b)
    })
}

fn device_not_found(tsn: u8, ieee: u64, nwk: u16) -> Option<Vec<u8>> {
    emit(|b| {
        AddrRsp {
            tsn,
            status: ZdpStatus::DeviceNotFound,
            ieee_addr_remote_dev: ieee,
            nwk_addr_remote_dev: nwk,
            associated: None,
            trailing: &[],
        }
        .emit(b)
    })
}

fn simple_desc_rsp(cx: &ZdoContext<'_>, r: &SimpleDescReq<'_>) -> Option<Vec<u8>> {
    let ep = cx.endpoints.iter().find(|e| e.id == r.endpoint);
    let status = if r.nwk_addr_of_interest != cx.nwk {
        ZdpStatus::DeviceNotFound
    } else if r.endpoint == 0 || r.endpoint > 240 {
        ZdpStatus::InvalidEp
    } else if ep.is_none() {
        ZdpStatus::NotActive
    } else {
        ZdpStatus::Success
    };
    let descriptor = ep
        .filter(|_| status == ZdpStatus::Success)
        .map(|e| SimpleDescriptor {
            endpoint: e.id,
            profile_id: e.profile,
            device_id: e.device_id,
            device_version: e.device_version,
            reserved: 0,
            input_clusters: List::from_items(&e.servers),
            output_clusters: List::from_items(&e.clients),
        });
    emit(|b| {
        SimpleDescRsp {
            tsn: r.tsn,
            status,
            nwk_addr_of_interest: r.nwk_addr_of_interest,
            simple_descriptor: descriptor,
            trailing: &[],
        }
        .emit(b)
    })
}

fn match_desc_rsp(cx: &ZdoContext<'_>, r: &MatchDescReq<'_>) -> Option<Vec<u8>> {
    let addressed = r.nwk_addr_of_interest == cx.nwk
        || r.nwk_addr_of_interest == 0xffff
        || (r.nwk_addr_of_interest == 0xfffd && cx.node.rx_on_when_idle);
    if !addressed {
        return None;
    }
    let matches: Vec<u8> = cx
        .endpoints
        .iter()
        .filter(|e| e.profile == r.profile_id || r.profile_id == 0xffff)
        .filter(|e| {
            r.input_clusters.iter().any(|c| e.servers.contains(&c))
                || r.output_clusters.iter().any(|c| e.clients.contains(&c))
        })
        .map(|e| e.id)
        .collect();
    if matches.is_empty() && cx.broadcast {
        return None;
    }
    emit(|b| {
        EndpointListRsp {
            tsn: r.tsn,
            status: ZdpStatus::Success,
            nwk_addr_of_interest: cx.nwk,
            endpoints: &matches,
            trailing: &[],
        }
        .emit(b)
    })
}

fn bind(cx: &mut ZdoContext<'_>, r: &BindReq<'_>, add: bool) -> ZdpStatus {
    if r.src_address != cx.node.ieee {
        return ZdpStatus::NotSupported;
    }
    if !cx.endpoints.iter().any(|e| e.id == r.src_endp) {
        return ZdpStatus::InvalidEp;
    }
    let entry = match r.destination {
        BindDestination::Group(g) => SavedBinding {
            src_endpoint: r.src_endp,
            cluster: r.cluster_id,
            group: Some(g),
            dst_ieee: None,
            dst_endpoint: 0,
        },
        BindDestination::Extended { address, endpoint } => SavedBinding {
            src_endpoint: r.src_endp,
            cluster: r.cluster_id,
            group: None,
            dst_ieee: Some(address),
            dst_endpoint: endpoint,
        },
    };
    let existing = cx.bindings.iter().position(|b| *b == entry);
    match (add, existing) {
        (true, Some(_)) => ZdpStatus::Success,
        (true, None) if cx.bindings.len() >= BINDING_TABLE_SIZE => ZdpStatus::TableFull,
        (true, None) => {
            cx.bindings.push(entry);
            ZdpStatus::Success
        }
        (false, Some(i)) => {
            cx.bindings.remove(i);
            ZdpStatus::Success
        }
        (false, None) => ZdpStatus::NoEntry,
    }
}

/// A neighbour table entry for Mgmt_Lqi_rsp.
pub(crate) fn neighbour(
    extended_pan_id: u64,
    ieee: u64,
    nwk: u16,
    node_type: NodeType,
    relationship: Relationship,
    lqi: u8,
) -> Neighbor {
    let (device_type, rx, depth) = match node_type {
        NodeType::Coordinator => (DeviceType::Coordinator, RxOnWhenIdle::On, 0),
        NodeType::Router => (DeviceType::Router, RxOnWhenIdle::On, 1),
        NodeType::EndDevice => (DeviceType::EndDevice, RxOnWhenIdle::On, 1),
        NodeType::SleepyEndDevice => (DeviceType::EndDevice, RxOnWhenIdle::Off, 1),
    };
    Neighbor {
        extended_pan_id,
        extended_address: ieee,
        network_address: nwk,
        device_type,
        rx_on_when_idle: rx,
        relationship,
        reserved1: 0,
        permit_joining: PermitJoining::NotAccepting,
        reserved2: 0,
        depth,
        lqi,
    }
}

/// An active route entry for Mgmt_Rtg_rsp.
pub(crate) fn route(destination: u16, next_hop: u16) -> Route {
    Route {
        destination_address: destination,
        status: RouteStatus::Active,
        memory_constrained: false,
        many_to_one: false,
        route_record_required: false,
        reserved: 0,
        next_hop_address: next_hop,
    }
}
