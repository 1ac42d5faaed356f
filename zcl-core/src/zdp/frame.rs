//! [`ZdpFrame`]: any ZDP payload, chosen by its APS cluster id.

use core::fmt;

use super::*;

macro_rules! zdp_frames {
    ($( $(#[$m:meta])* $variant:ident($ty:ty); )*) => {
        /// A parsed ZDP payload of any command this crate models, or [`ZdpFrame::Unknown`]
        /// with the raw bytes for the rest. The variant name is the cluster's
        /// ([`ZdpCluster`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[non_exhaustive]
        pub enum ZdpFrame<'a> {
            $( $(#[$m])* $variant($ty), )*
            /// A cluster this crate does not decode: its TSN and the bytes after it.
            Unknown {
                /// The cluster id.
                cluster: ZdpCluster,
                /// Transaction sequence number.
                tsn: u8,
                /// Everything after the TSN.
                payload: &'a [u8],
            },
        }

        impl<'a> ZdpFrame<'a> {
            /// Parses the payload of an APS frame with ZDP cluster `cluster_id` (TSN first).
            pub fn parse(cluster_id: u16, payload: &'a [u8]) -> Result<Self, DecodeError> {
                let cluster = ZdpCluster::from_u16(cluster_id);
                let mut r = Reader::new(payload);
                Ok(match cluster {
                    $( ZdpCluster::$variant => ZdpFrame::$variant(<$ty>::parse_from(&mut r)?), )*
                    _ => {
                        let tsn = r.u8()?;
                        ZdpFrame::Unknown { cluster, tsn, payload: r.take_rest() }
                    }
                })
            }

            /// The cluster id of this frame.
            pub fn cluster(&self) -> ZdpCluster {
                match self {
                    $( ZdpFrame::$variant(_) => ZdpCluster::$variant, )*
                    ZdpFrame::Unknown { cluster, .. } => *cluster,
                }
            }

            /// The transaction sequence number.
            pub fn tsn(&self) -> u8 {
                match self {
                    $( ZdpFrame::$variant(f) => f.tsn, )*
                    ZdpFrame::Unknown { tsn, .. } => *tsn,
                }
            }

            /// Encoded size of the payload.
            pub fn encoded_len(&self) -> usize {
                match self {
                    $( ZdpFrame::$variant(f) => f.encoded_len(), )*
                    ZdpFrame::Unknown { payload, .. } => 1 + payload.len(),
                }
            }

            /// Writes the payload.
            pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                match self {
                    $( ZdpFrame::$variant(f) => f.emit_to(w), )*
                    ZdpFrame::Unknown { tsn, payload, .. } => {
                        w.u8(*tsn)?;
                        w.bytes(payload)
                    }
                }
            }
        }

        /// Serialized as the command's own struct (its fields by name, without the variant
        /// name: the cluster says which command it is); [`ZdpFrame::Unknown`] as its cluster,
        /// TSN and hex payload.
        #[cfg(feature = "serde")]
        impl serde::Serialize for ZdpFrame<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( ZdpFrame::$variant(f) => f.serialize(s), )*
                    ZdpFrame::Unknown { cluster, tsn, payload } => super::serde_impls::UnknownFrame {
                        cluster: *cluster,
                        tsn: *tsn,
                        payload,
                    }
                    .serialize(s),
                }
            }
        }
    };
}

zdp_frames! {
    /// NWK_addr_req (0x0000).
    NwkAddrReq(NwkAddrReq<'a>);
    /// IEEE_addr_req (0x0001).
    IeeeAddrReq(IeeeAddrReq<'a>);
    /// Node_Desc_req (0x0002).
    NodeDescReq(NodeDescReq<'a>);
    /// Power_Desc_req (0x0003).
    PowerDescReq(PowerDescReq<'a>);
    /// Simple_Desc_req (0x0004).
    SimpleDescReq(SimpleDescReq<'a>);
    /// Active_EP_req (0x0005).
    ActiveEpReq(ActiveEpReq<'a>);
    /// Match_Desc_req (0x0006).
    MatchDescReq(MatchDescReq<'a>);
    /// Device_annce (0x0013).
    DeviceAnnce(DeviceAnnce<'a>);
    /// System_Server_Discovery_req (0x0015).
    SystemServerDiscoveryReq(SystemServerDiscoveryReq<'a>);
    /// Parent_annce (0x001f).
    ParentAnnce(ParentAnnce<'a>);
    /// Bind_req (0x0021).
    BindReq(BindReq<'a>);
    /// Unbind_req (0x0022).
    UnbindReq(UnbindReq<'a>);
    /// Mgmt_Lqi_req (0x0031).
    MgmtLqiReq(MgmtLqiReq<'a>);
    /// Mgmt_Rtg_req (0x0032).
    MgmtRtgReq(MgmtRtgReq<'a>);
    /// Mgmt_Bind_req (0x0033).
    MgmtBindReq(MgmtBindReq<'a>);
    /// Mgmt_Leave_req (0x0034).
    MgmtLeaveReq(MgmtLeaveReq<'a>);
    /// Mgmt_Permit_Joining_req (0x0036).
    MgmtPermitJoiningReq(MgmtPermitJoiningReq<'a>);
    /// Mgmt_NWK_Update_req (0x0038).
    MgmtNwkUpdateReq(MgmtNwkUpdateReq<'a>);
    /// NWK_addr_rsp (0x8000).
    NwkAddrRsp(NwkAddrRsp<'a>);
    /// IEEE_addr_rsp (0x8001).
    IeeeAddrRsp(IeeeAddrRsp<'a>);
    /// Node_Desc_rsp (0x8002).
    NodeDescRsp(NodeDescRsp<'a>);
    /// Power_Desc_rsp (0x8003).
    PowerDescRsp(PowerDescRsp<'a>);
    /// Simple_Desc_rsp (0x8004).
    SimpleDescRsp(SimpleDescRsp<'a>);
    /// Active_EP_rsp (0x8005).
    ActiveEpRsp(ActiveEpRsp<'a>);
    /// Match_Desc_rsp (0x8006).
    MatchDescRsp(MatchDescRsp<'a>);
    /// System_Server_Discovery_rsp (0x8015).
    SystemServerDiscoveryRsp(SystemServerDiscoveryRsp<'a>);
    /// Parent_annce_rsp (0x801f).
    ParentAnnceRsp(ParentAnnceRsp<'a>);
    /// End_Device_Bind_rsp (0x8020).
    EndDeviceBindRsp(EndDeviceBindRsp<'a>);
    /// Bind_rsp (0x8021).
    BindRsp(BindRsp<'a>);
    /// Unbind_rsp (0x8022).
    UnbindRsp(UnbindRsp<'a>);
    /// Mgmt_Lqi_rsp (0x8031).
    MgmtLqiRsp(MgmtLqiRsp<'a>);
    /// Mgmt_Rtg_rsp (0x8032).
    MgmtRtgRsp(MgmtRtgRsp<'a>);
    /// Mgmt_Bind_rsp (0x8033).
    MgmtBindRsp(MgmtBindRsp<'a>);
    /// Mgmt_Leave_rsp (0x8034).
    MgmtLeaveRsp(MgmtLeaveRsp<'a>);
    /// Mgmt_Permit_Joining_rsp (0x8036).
    MgmtPermitJoiningRsp(MgmtPermitJoiningRsp<'a>);
    /// Mgmt_NWK_Update_notify (0x8038).
    MgmtNwkUpdateNotify(MgmtNwkUpdateNotify<'a>);
}

impl ZdpFrame<'_> {
    /// Writes the payload into `buf` and returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }

    /// The status of a response this crate decodes (`None` for requests and unknown frames).
    pub fn status(&self) -> Option<ZdpStatus> {
        match self {
            ZdpFrame::NwkAddrRsp(f) | ZdpFrame::IeeeAddrRsp(f) => Some(f.status),
            ZdpFrame::NodeDescRsp(f) => Some(f.status),
            ZdpFrame::PowerDescRsp(f) => Some(f.status),
            ZdpFrame::SimpleDescRsp(f) => Some(f.status),
            ZdpFrame::ActiveEpRsp(f) | ZdpFrame::MatchDescRsp(f) => Some(f.status),
            ZdpFrame::ParentAnnceRsp(f) => Some(f.status),
            ZdpFrame::SystemServerDiscoveryRsp(f) => Some(f.status),
            ZdpFrame::EndDeviceBindRsp(f)
            | ZdpFrame::BindRsp(f)
            | ZdpFrame::UnbindRsp(f)
            | ZdpFrame::MgmtLeaveRsp(f)
            | ZdpFrame::MgmtPermitJoiningRsp(f) => Some(f.status),
            ZdpFrame::MgmtLqiRsp(f) => Some(f.status),
            ZdpFrame::MgmtRtgRsp(f) => Some(f.status),
            ZdpFrame::MgmtBindRsp(f) => Some(f.status),
            ZdpFrame::MgmtNwkUpdateNotify(f) => Some(f.status),
            _ => None,
        }
    }
}

/// Writes `[a, b, c]` with each item in `fmt_item`'s format.
fn write_list<T>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
    fmt_item: impl Fn(&mut fmt::Formatter<'_>, T) -> fmt::Result,
) -> fmt::Result {
    f.write_str("[")?;
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        fmt_item(f, item)?;
    }
    f.write_str("]")
}

fn hex16(f: &mut fmt::Formatter<'_>, v: u16) -> fmt::Result {
    write!(f, "0x{v:04x}")
}

fn dec8(f: &mut fmt::Formatter<'_>, v: &u8) -> fmt::Result {
    write!(f, "{v}")
}

fn write_destination(f: &mut fmt::Formatter<'_>, d: &BindDestination) -> fmt::Result {
    match d {
        BindDestination::Group(g) => write!(f, "group 0x{g:04x}"),
        BindDestination::Extended { address, endpoint } => write!(f, "{address:016x}/{endpoint}"),
    }
}

fn write_page<T: Record>(
    f: &mut fmt::Formatter<'_>,
    page: &Option<TablePage<'_, T>>,
) -> fmt::Result {
    match page {
        Some(p) => write!(
            f,
            " entries {} start {} count {}",
            p.total_entries,
            p.start_index,
            p.entries.len()
        ),
        None => Ok(()),
    }
}

/// One line, like a packet dump: cluster name, TSN, the status of a response, and the main
/// fields.
impl fmt::Display for ZdpFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} tsn {}", self.cluster(), self.tsn())?;
        if let Some(s) = self.status() {
            write!(f, " status {s}")?;
        }
        match self {
            ZdpFrame::NwkAddrReq(x) => write!(
                f,
                " ieee {:016x} {} start {}",
                x.ieee_addr, x.request_type, x.start_index
            ),
            ZdpFrame::IeeeAddrReq(x) => write!(
                f,
                " nwk 0x{:04x} {} start {}",
                x.nwk_addr_of_interest, x.request_type, x.start_index
            ),
            ZdpFrame::NodeDescReq(x) | ZdpFrame::PowerDescReq(x) | ZdpFrame::ActiveEpReq(x) => {
                write!(f, " nwk 0x{:04x}", x.nwk_addr_of_interest)
            }
            ZdpFrame::SimpleDescReq(x) => {
                write!(f, " nwk 0x{:04x} ep {}", x.nwk_addr_of_interest, x.endpoint)
            }
            ZdpFrame::MatchDescReq(x) => {
                write!(
                    f,
                    " nwk 0x{:04x} profile 0x{:04x} in ",
                    x.nwk_addr_of_interest, x.profile_id
                )?;
                write_list(f, x.input_clusters.iter(), hex16)?;
                f.write_str(" out ")?;
                write_list(f, x.output_clusters.iter(), hex16)
            }
            ZdpFrame::DeviceAnnce(x) => write!(
                f,
                " nwk 0x{:04x} ieee {:016x} capability 0x{:02x}",
                x.nwk_addr,
                x.ieee_addr,
                x.capability.bits()
            ),
            ZdpFrame::ParentAnnce(x) => write!(f, " children {}", x.children.len()),
            ZdpFrame::ParentAnnceRsp(x) => write!(f, " children {}", x.children.len()),
            ZdpFrame::BindReq(x) | ZdpFrame::UnbindReq(x) => {
                write!(
                    f,
                    " src {:016x}/{} cluster 0x{:04x} dst ",
                    x.src_address, x.src_endp, x.cluster_id
                )?;
                write_destination(f, &x.destination)
            }
            ZdpFrame::MgmtLqiReq(x) | ZdpFrame::MgmtRtgReq(x) | ZdpFrame::MgmtBindReq(x) => {
                write!(f, " start {}", x.start_index)
            }
            ZdpFrame::MgmtLeaveReq(x) => write!(
                f,
                " device {:016x} flags 0x{:02x}",
                x.device_address,
                x.flags.bits()
            ),
            ZdpFrame::MgmtPermitJoiningReq(x) => write!(
                f,
                " duration {} tc_significance {}",
                x.permit_duration, x.tc_significance
            ),
            ZdpFrame::MgmtNwkUpdateReq(x) => {
                write!(f, " channels 0x{:08x}", x.scan_channels.0)?;
                match x.action {
                    NwkUpdateAction::Scan {
                        scan_duration,
                        scan_count,
                    } => write!(f, " scan duration {scan_duration} count {scan_count}"),
                    NwkUpdateAction::ChannelChange { nwk_update_id } => {
                        write!(f, " channel change update id {nwk_update_id}")
                    }
                    NwkUpdateAction::ChangeParameters {
                        nwk_update_id,
                        nwk_manager_addr,
                    } => write!(
                        f,
                        " update id {nwk_update_id} manager 0x{nwk_manager_addr:04x}"
                    ),
                    NwkUpdateAction::Reserved { scan_duration } => {
                        write!(f, " reserved duration 0x{scan_duration:02x}")
                    }
                }
            }
            ZdpFrame::NwkAddrRsp(x) | ZdpFrame::IeeeAddrRsp(x) => {
                write!(
                    f,
                    " ieee {:016x} nwk 0x{:04x}",
                    x.ieee_addr_remote_dev, x.nwk_addr_remote_dev
                )?;
                if let Some(a) = &x.associated {
                    f.write_str(" associated ")?;
                    write_list(f, a.devices.iter(), hex16)?;
                }
                Ok(())
            }
            ZdpFrame::NodeDescRsp(x) => {
                write!(f, " nwk 0x{:04x}", x.nwk_addr_of_interest)?;
                match &x.node_descriptor {
                    Some(d) => write!(f, " {d}"),
                    None => Ok(()),
                }
            }
            ZdpFrame::PowerDescRsp(x) => {
                write!(f, " nwk 0x{:04x}", x.nwk_addr_of_interest)?;
                match &x.power_descriptor {
                    Some(d) => write!(
                        f,
                        " mode {} source 0x{:x} level {}",
                        d.current_power_mode,
                        d.current_power_source.bits(),
                        d.current_power_source_level
                    ),
                    None => Ok(()),
                }
            }
            ZdpFrame::SimpleDescRsp(x) => {
                write!(f, " nwk 0x{:04x}", x.nwk_addr_of_interest)?;
                match &x.simple_descriptor {
                    Some(d) => {
                        write!(
                            f,
                            " ep {} profile 0x{:04x} device 0x{:04x} v{} in ",
                            d.endpoint, d.profile_id, d.device_id, d.device_version
                        )?;
                        write_list(f, d.input_clusters.iter(), hex16)?;
                        f.write_str(" out ")?;
                        write_list(f, d.output_clusters.iter(), hex16)
                    }
                    None => Ok(()),
                }
            }
            ZdpFrame::ActiveEpRsp(x) | ZdpFrame::MatchDescRsp(x) => {
                write!(f, " nwk 0x{:04x} endpoints ", x.nwk_addr_of_interest)?;
                write_list(f, x.endpoints.iter(), dec8)
            }
            ZdpFrame::SystemServerDiscoveryReq(x) => {
                write!(f, " server_mask 0x{:04x}", x.server_mask.bits())
            }
            ZdpFrame::SystemServerDiscoveryRsp(x) => {
                write!(f, " server_mask 0x{:04x}", x.server_mask.bits())
            }
            ZdpFrame::EndDeviceBindRsp(_)
            | ZdpFrame::BindRsp(_)
            | ZdpFrame::UnbindRsp(_)
            | ZdpFrame::MgmtLeaveRsp(_)
            | ZdpFrame::MgmtPermitJoiningRsp(_) => Ok(()),
            ZdpFrame::MgmtLqiRsp(x) => write_page(f, &x.page),
            ZdpFrame::MgmtRtgRsp(x) => write_page(f, &x.page),
            ZdpFrame::MgmtBindRsp(x) => write_page(f, &x.page),
            ZdpFrame::MgmtNwkUpdateNotify(x) => write!(
                f,
                " channels 0x{:08x} transmissions {} failures {} energy {}",
                x.scanned_channels.0,
                x.total_transmissions,
                x.transmission_failures,
                x.energy_values.len()
            ),
            ZdpFrame::Unknown { payload, .. } => write!(f, " payload {} bytes", payload.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// One valid payload per cluster this crate decodes.
    const VECTORS: &[(u16, &[u8])] = &[
        (0x0000, &[1, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0]),
        (0x0001, &[1, 0x34, 0x12, 1, 0]),
        (0x0002, &[1, 0x34, 0x12]),
        (0x0003, &[1, 0x34, 0x12]),
        (0x0004, &[1, 0x34, 0x12, 1]),
        (0x0005, &[1, 0x34, 0x12]),
        (0x0006, &[1, 0xfd, 0xff, 4, 1, 1, 6, 0, 0]),
        (0x0013, &[1, 0x34, 0x12, 8, 7, 6, 5, 4, 3, 2, 1, 0x8e]),
        (0x0015, &[1, 0x40, 0x00]),
        (0x001f, &[1, 1, 8, 7, 6, 5, 4, 3, 2, 1]),
        (0x0021, &[1, 8, 7, 6, 5, 4, 3, 2, 1, 1, 6, 0, 1, 0x34, 0x12]),
        (0x0022, &[1, 8, 7, 6, 5, 4, 3, 2, 1, 1, 6, 0, 1, 0x34, 0x12]),
        (0x0031, &[1, 0]),
        (0x0032, &[1, 0]),
        (0x0033, &[1, 0]),
        (0x0034, &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0x40]),
        (0x0036, &[1, 0x3c, 1]),
        (0x0038, &[1, 0, 0x80, 0, 0, 0xfe, 3]),
        (0x8000, &[1, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0x34, 0x12]),
        (0x8001, &[1, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0x34, 0x12, 0]),
        (0x8002, &[1, 0x81, 0x34, 0x12]),
        (0x8003, &[1, 0, 0x34, 0x12, 0x10, 0xc1]),
        (0x8004, &[1, 0x83, 0x34, 0x12, 0]),
        (0x8005, &[1, 0, 0x34, 0x12, 1, 1]),
        (0x8006, &[1, 0, 0x34, 0x12, 0]),
        (0x8015, &[1, 0, 0x41, 0x2c]),
        (0x801f, &[1, 0, 0]),
        (0x8020, &[1, 0x86]),
        (0x8021, &[1, 0]),
        (0x8022, &[1, 0x88]),
        (0x8031, &[1, 0, 0, 0, 0]),
        (0x8032, &[1, 0x84]),
        (0x8033, &[1, 0, 0, 0, 0]),
        (0x8034, &[1, 0]),
        (0x8036, &[1, 0]),
        (0x8038, &[1, 0, 0, 0x08, 0, 0, 1, 0, 0, 0, 1, 0x40]),
    ];

    #[test]
    fn parse_every_cluster_by_id() {
        for &(cluster, bytes) in VECTORS {
            let f = ZdpFrame::parse(cluster, bytes).unwrap();
            assert_eq!(f.cluster().to_u16(), cluster, "{f:?}");
            assert!(!matches!(f, ZdpFrame::Unknown { .. }), "{cluster:04x}");
            assert_eq!(f.tsn(), 1);
            assert_eq!(f.status().is_some(), cluster & 0x8000 != 0, "{cluster:04x}");
            assert_eq!(f.encoded_len(), bytes.len());
            let mut dirty = [0xffu8; 64];
            let n = f.emit(&mut dirty).unwrap();
            assert_eq!(&dirty[..n], bytes, "{cluster:04x}");
            assert!(
                matches!(
                    ZdpFrame::parse(cluster, &[]),
                    Err(DecodeError::Truncated { offset: 0, .. })
                ),
                "{cluster:04x}"
            );
        }
    }

    /// Every distinct ZDP payload in the public captures of ../shared/captures (Silicon Labs
    /// Zigbee 3.0 joins and a Control4 network), as tshark extracts them after decryption.
    const CAPTURED: &[(u16, &str)] = &[
        (0x0002, "820000"),
        (0x0002, "830000"),
        (0x0013, "8114afcb67e7feff5f32508e"),
        (0x0013, "8119778567e7feff5f325080"),
        (0x0013, "8d90901a5b410000ff0f008c"),
        (0x0013, "8438598567e7feff5f325080"),
        (0x0034, "08000000000000000000"),
        (0x0036, "01b401"),
        (0x0036, "01fe01"),
        (0x0036, "032e01"),
        (0x0036, "09fe00"),
        (0x8002, "8200000000408f4910525200412c520000"),
        (0x8002, "8300000000408f4910525200412c520000"),
        (0x8034, "0800"),
    ];

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn parse_captured_payloads() {
        for &(cluster, hex) in CAPTURED {
            let bytes = unhex(hex);
            let f = ZdpFrame::parse(cluster, &bytes).unwrap();
            assert!(!matches!(f, ZdpFrame::Unknown { .. }), "{cluster:04x}");
            let mut buf = [0xffu8; 64];
            let n = f.emit(&mut buf).unwrap();
            assert_eq!(&buf[..n], &bytes[..], "{cluster:04x} {hex}");
        }
        // The Silicon Labs coordinator's node descriptor.
        let bytes = unhex("8200000000408f4910525200412c520000");
        let ZdpFrame::NodeDescRsp(rsp) = ZdpFrame::parse(0x8002, &bytes).unwrap() else {
            panic!("not a Node_Desc_rsp");
        };
        assert!(rsp.trailing.is_empty());
        let d = rsp.node_descriptor.unwrap();
        assert_eq!(d.logical_type, LogicalType::Coordinator);
        assert_eq!(d.frequency_band, FrequencyBand::MHZ_2400);
        assert_eq!(d.manufacturer_code, 0x1049);
        assert_eq!(d.maximum_incoming_transfer_size, 82);
        assert!(d
            .server_mask
            .contains(ServerMask::PRIMARY_TRUST_CENTER | ServerMask::NETWORK_MANAGER));
        assert_eq!(d.server_mask.stack_compliance_revision(), 22);
        // A Control4 device announcing itself.
        let bytes = unhex("8d90901a5b410000ff0f008c");
        let ZdpFrame::DeviceAnnce(a) = ZdpFrame::parse(0x0013, &bytes).unwrap() else {
            panic!("not a Device_annce");
        };
        assert_eq!(a.nwk_addr, 0x9090);
        assert_eq!(a.ieee_addr, 0x000f_ff00_0041_5b1a);
        assert_eq!(
            a.capability,
            MacCapabilityFlags::POWER_SOURCE
                | MacCapabilityFlags::RECEIVER_ON_WHEN_IDLE
                | MacCapabilityFlags::ALLOCATE_ADDRESS
        );
    }

    #[test]
    fn parse_unknown_cluster_keeps_payload() {
        let bytes = [
            0x44, // TSN
            0x34, 0x12, // Complex_Desc_req NWKAddrOfInterest (not decoded here)
        ];
        let f = ZdpFrame::parse(0x0010, &bytes).unwrap();
        assert_eq!(
            f,
            ZdpFrame::Unknown {
                cluster: ZdpCluster::ComplexDescReq,
                tsn: 0x44,
                payload: &[0x34, 0x12]
            }
        );
        assert_eq!(f.to_string(), "complex_desc_req tsn 68 payload 2 bytes");
        let mut buf = [0xffu8; 8];
        let n = f.emit(&mut buf).unwrap();
        assert_eq!(&buf[..n], &bytes);
        let f = ZdpFrame::parse(0x7777, &[0x01]).unwrap();
        assert_eq!(f.cluster(), ZdpCluster::Unknown(0x7777));
        assert_eq!(
            ZdpFrame::parse(0x7777, &[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
    }

    #[test]
    fn display_frame() {
        let expected = [
            (0x0000, "nwk_addr_req tsn 1 ieee 0102030405060708 single_device start 0"),
            (0x0006, "match_desc_req tsn 1 nwk 0xfffd profile 0x0104 in [0x0006] out []"),
            (0x0013, "device_annce tsn 1 nwk 0x1234 ieee 0102030405060708 capability 0x8e"),
            (0x0021, "bind_req tsn 1 src 0102030405060708/1 cluster 0x0006 dst group 0x1234"),
            (0x0038, "mgmt_nwk_update_req tsn 1 channels 0x00008000 channel change update id 3"),
            (0x8001, "ieee_addr_rsp tsn 1 status success ieee 0102030405060708 nwk 0x1234 associated []"),
            (0x8002, "node_desc_rsp tsn 1 status device_not_found nwk 0x1234"),
            (0x8003, "power_desc_rsp tsn 1 status success nwk 0x1234 mode synchronized source 0x1 level percent_100"),
            (0x8005, "active_ep_rsp tsn 1 status success nwk 0x1234 endpoints [1]"),
            (0x8022, "unbind_rsp tsn 1 status no_entry"),
            (0x8031, "mgmt_lqi_rsp tsn 1 status success entries 0 start 0 count 0"),
            (0x8038, "mgmt_nwk_update_notify tsn 1 status success channels 0x00000800 transmissions 1 failures 0 energy 1"),
        ];
        for (cluster, text) in expected {
            let bytes = VECTORS.iter().find(|v| v.0 == cluster).unwrap().1;
            assert_eq!(ZdpFrame::parse(cluster, bytes).unwrap().to_string(), text);
        }
        let f = ZdpFrame::parse(0x8021, &[0x07, 0x8c]).unwrap();
        assert_eq!(f.to_string(), "bind_rsp tsn 7 status table_full");
    }

    proptest! {
        /// Any bytes under any known cluster: parse never panics, and what parses re-encodes
        /// to the same bytes.
        #[test]
        fn roundtrip_arbitrary_bytes(idx in 0usize..VECTORS.len(),
                                     bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let cluster = VECTORS[idx].0;
            if let Ok(f) = ZdpFrame::parse(cluster, &bytes) {
                let mut buf = [0u8; 128];
                let n = f.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
                prop_assert_eq!(ZdpFrame::parse(cluster, &buf[..n]).unwrap(), f);
            }
        }
    }
}
