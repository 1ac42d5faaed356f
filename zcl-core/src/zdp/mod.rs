//! Zigbee Device Profile (ZDP) frames (Zigbee specification 05-3474-21, section 2.4).
//!
//! A ZDP frame is the payload of an APS frame on endpoint 0 with profile 0x0000; the APS
//! cluster id says which command it is ([`ZdpCluster`]). Every ZDP payload starts with a
//! transaction sequence number (2.4.2.8):
//!
//! ```text
//! octets: 1                         variable
//!         transaction sequence no.  command fields (2.4.3 requests, 2.4.4 responses)
//! ```
//!
//! Each command has a struct with `parse` (from the whole payload, TSN included), `encoded_len`,
//! `emit_to` and `emit`. Lists borrow from the input ([`List`], or `&[u8]` for one-byte
//! elements) and are checked when the frame is parsed, so iterating them cannot fail.
//! [`ZdpFrame::parse`] picks the struct from the cluster id.
//!
//! Bytes after the last field a command defines (TLVs added by later revisions of the
//! specification, or vendor additions) are kept in each struct's `trailing` field, so a frame
//! re-encodes byte for byte. Reserved bits and unknown codes are kept as well.
//!
//! Offsets in errors count from the TSN byte (offset 0).
//!
//! ```
//! use zcl_core::zdp::{ZdpCluster, ZdpFrame, ZdpStatus};
//! // Active_EP_rsp: TSN 0x12, SUCCESS, NWK address 0x1234, two endpoints (1 and 242).
//! let payload = [0x12, 0x00, 0x34, 0x12, 0x02, 0x01, 0xf2];
//! let frame = ZdpFrame::parse(0x8005, &payload).unwrap();
//! assert_eq!(frame.cluster(), ZdpCluster::ActiveEpRsp);
//! let ZdpFrame::ActiveEpRsp(rsp) = frame else { unreachable!() };
//! assert_eq!(rsp.status, ZdpStatus::Success);
//! assert_eq!(rsp.endpoints, &[0x01, 0xf2]);
//! let mut buf = [0u8; 16];
//! let n = frame.emit(&mut buf).unwrap();
//! assert_eq!(&buf[..n], &payload);
//! ```
//!
//! Building a frame: lists take a slice of elements.
//!
//! ```
//! use zcl_core::zdp::{List, SimpleDescRsp, SimpleDescriptor, ZdpStatus};
//! let inputs = [0x0000, 0x0006]; // Basic, On/Off
//! let rsp = SimpleDescRsp {
//!     tsn: 7,
//!     status: ZdpStatus::Success,
//!     nwk_addr_of_interest: 0x0000,
//!     simple_descriptor: Some(SimpleDescriptor {
//!         endpoint: 1,
//!         profile_id: 0x0104,
//!         device_id: 0x0100,
//!         device_version: 1,
//!         reserved: 0,
//!         input_clusters: List::from_items(&inputs),
//!         output_clusters: List::empty(),
//!     }),
//!     trailing: &[],
//! };
//! let mut buf = [0u8; 32];
//! let n = rsp.emit(&mut buf).unwrap();
//! assert_eq!(n, rsp.encoded_len());
//! // TSN, status, NWKAddrOfInterest, Length 12, endpoint, profile, device id, version,
//! // 2 input clusters, 0 output clusters.
//! assert_eq!(
//!     &buf[..n],
//!     &[7, 0x00, 0x00, 0x00, 12, 1, 0x04, 0x01, 0x00, 0x01, 1, 2, 0, 0, 6, 0, 0]
//! );
//! // A parsed list compares equal to the one it was built from.
//! assert_eq!(SimpleDescRsp::parse(&buf[..n]).unwrap(), rsp);
//! ```

use core::fmt;
use core::marker::PhantomData;

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

mod addr;
mod annce;
mod bind;
mod descriptors;
mod frame;
mod mgmt;
#[cfg(feature = "serde")]
mod serde_impls;

pub use addr::RequestType;
pub use addr::{AddrRsp, AssociatedDevices, IeeeAddrReq, IeeeAddrRsp, NwkAddrReq, NwkAddrRsp};
pub use annce::{DeviceAnnce, ParentAnnce, ParentAnnceRsp};
pub use bind::{
    BindDestination, BindReq, BindRsp, BindingTableEntry, EndDeviceBindRsp, StatusRsp, UnbindReq,
    UnbindRsp,
};
pub use descriptors::{
    ActiveEpReq, ActiveEpRsp, DescriptorCapability, EndpointListRsp, FrequencyBand, LogicalType,
    MacCapabilityFlags, MatchDescReq, MatchDescRsp, NodeDescReq, NodeDescRsp, NodeDescriptor,
    NwkAddrOfInterestReq, PowerDescReq, PowerDescRsp, PowerDescriptor, PowerMode, PowerSourceLevel,
    PowerSources, ServerMask, SimpleDescReq, SimpleDescRsp, SimpleDescriptor,
    SystemServerDiscoveryReq, SystemServerDiscoveryRsp,
};
pub use frame::ZdpFrame;
pub use mgmt::{
    ChannelMask, DeviceType, LeaveFlags, MgmtBindReq, MgmtBindRsp, MgmtLeaveReq, MgmtLeaveRsp,
    MgmtLqiReq, MgmtLqiRsp, MgmtNwkUpdateNotify, MgmtNwkUpdateReq, MgmtPermitJoiningReq,
    MgmtPermitJoiningRsp, MgmtRtgReq, MgmtRtgRsp, MgmtTableRsp, Neighbor, NwkUpdateAction,
    PermitJoining, Relationship, Route, RouteStatus, RxOnWhenIdle, StartIndexReq, TablePage,
};

/// Declares a wire code enum that keeps unknown codes, with `from_*`, `to_*` and `name()`.
macro_rules! code_enum {
    (
        $(#[$m:meta])*
        $name:ident : $repr:ty, $from:ident, $to:ident, $fallback:ident {
            $( $(#[$vm:meta])* $variant:ident = $code:literal, $sname:literal; )*
        }
    ) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum $name {
            $( $(#[$vm])* $variant, )*
            /// A code this crate does not know, kept so it round-trips.
            $fallback($repr),
        }

        impl $name {
            /// The value for a wire code.
            pub const fn $from(code: $repr) -> Self {
                match code {
                    $( $code => $name::$variant, )*
                    other => $name::$fallback(other),
                }
            }

            /// The wire code.
            pub const fn $to(self) -> $repr {
                match self {
                    $( $name::$variant => $code, )*
                    $name::$fallback(other) => other,
                }
            }

            /// snake_case name as the host tool prints it (`"unknown"` for unknown codes).
            pub const fn name(self) -> &'static str {
                match self {
                    $( $name::$variant => $sname, )*
                    $name::$fallback(_) => "unknown",
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $name::$fallback(v) => write!(f, "unknown(0x{:x})", v),
                    other => f.write_str(other.name()),
                }
            }
        }

        /// Serialized as its snake_case name, or as the number for an unknown code.
        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $name::$fallback(v) => serde::Serialize::serialize(v, s),
                    other => s.serialize_str(other.name()),
                }
            }
        }
    };
}
pub(crate) use code_enum;

/// Writes a hand-made `defmt::Format` for a bitflags type (deriving inside `bitflags!` fails).
macro_rules! bitflags_defmt {
    ($name:ident) => {
        #[cfg(feature = "defmt")]
        impl defmt::Format for $name {
            fn format(&self, f: defmt::Formatter<'_>) {
                defmt::write!(f, "{}(0x{:x})", stringify!($name), self.bits());
            }
        }
    };
}
pub(crate) use bitflags_defmt;

code_enum! {
    /// ZDP cluster identifiers (05-3474-21 tables 2.43 and 2.44, plus the R22 additions).
    /// Responses are the request id with bit 15 set.
    ZdpCluster: u16, from_u16, to_u16, Unknown {
        /// NWK_addr_req (2.4.3.1.1).
        NwkAddrReq = 0x0000, "nwk_addr_req";
        /// IEEE_addr_req (2.4.3.1.2).
        IeeeAddrReq = 0x0001, "ieee_addr_req";
        /// Node_Desc_req (2.4.3.1.3).
        NodeDescReq = 0x0002, "node_desc_req";
        /// Power_Desc_req (2.4.3.1.4).
        PowerDescReq = 0x0003, "power_desc_req";
        /// Simple_Desc_req (2.4.3.1.5).
        SimpleDescReq = 0x0004, "simple_desc_req";
        /// Active_EP_req (2.4.3.1.6).
        ActiveEpReq = 0x0005, "active_ep_req";
        /// Match_Desc_req (2.4.3.1.7).
        MatchDescReq = 0x0006, "match_desc_req";
        /// Complex_Desc_req (2.4.3.1.8).
        ComplexDescReq = 0x0010, "complex_desc_req";
        /// User_Desc_req (2.4.3.1.9).
        UserDescReq = 0x0011, "user_desc_req";
        /// Discovery_Cache_req (2.4.3.1.10).
        DiscoveryCacheReq = 0x0012, "discovery_cache_req";
        /// Device_annce (2.4.3.1.11).
        DeviceAnnce = 0x0013, "device_annce";
        /// User_Desc_set (2.4.3.1.12).
        UserDescSet = 0x0014, "user_desc_set";
        /// System_Server_Discovery_req (2.4.3.1.13).
        SystemServerDiscoveryReq = 0x0015, "system_server_discovery_req";
        /// Discovery_store_req (2.4.3.1.14).
        DiscoveryStoreReq = 0x0016, "discovery_store_req";
        /// Node_Desc_store_req (2.4.3.1.15).
        NodeDescStoreReq = 0x0017, "node_desc_store_req";
        /// Power_Desc_store_req (2.4.3.1.16).
        PowerDescStoreReq = 0x0018, "power_desc_store_req";
        /// Active_EP_store_req (2.4.3.1.17).
        ActiveEpStoreReq = 0x0019, "active_ep_store_req";
        /// Simple_Desc_store_req (2.4.3.1.18).
        SimpleDescStoreReq = 0x001a, "simple_desc_store_req";
        /// Remove_node_cache_req (2.4.3.1.19).
        RemoveNodeCacheReq = 0x001b, "remove_node_cache_req";
        /// Find_node_cache_req (2.4.3.1.20).
        FindNodeCacheReq = 0x001c, "find_node_cache_req";
        /// Extended_Simple_Desc_req (2.4.3.1.21).
        ExtendedSimpleDescReq = 0x001d, "extended_simple_desc_req";
        /// Extended_Active_EP_req (2.4.3.1.22).
        ExtendedActiveEpReq = 0x001e, "extended_active_ep_req";
        /// Parent_annce (2.4.3.1.23).
        ParentAnnce = 0x001f, "parent_annce";
        /// End_Device_Bind_req (2.4.3.2.1).
        EndDeviceBindReq = 0x0020, "end_device_bind_req";
        /// Bind_req (2.4.3.2.2).
        BindReq = 0x0021, "bind_req";
        /// Unbind_req (2.4.3.2.3).
        UnbindReq = 0x0022, "unbind_req";
        /// Bind_Register_req (2.4.3.2.4).
        BindRegisterReq = 0x0023, "bind_register_req";
        /// Replace_Device_req (2.4.3.2.5).
        ReplaceDeviceReq = 0x0024, "replace_device_req";
        /// Store_Bkup_Bind_Entry_req (2.4.3.2.6).
        StoreBkupBindEntryReq = 0x0025, "store_bkup_bind_entry_req";
        /// Remove_Bkup_Bind_Entry_req (2.4.3.2.7).
        RemoveBkupBindEntryReq = 0x0026, "remove_bkup_bind_entry_req";
        /// Backup_Bind_Table_req (2.4.3.2.8).
        BackupBindTableReq = 0x0027, "backup_bind_table_req";
        /// Recover_Bind_Table_req (2.4.3.2.9).
        RecoverBindTableReq = 0x0028, "recover_bind_table_req";
        /// Backup_Source_Bind_req (2.4.3.2.10).
        BackupSourceBindReq = 0x0029, "backup_source_bind_req";
        /// Recover_Source_Bind_req (2.4.3.2.11).
        RecoverSourceBindReq = 0x002a, "recover_source_bind_req";
        /// Mgmt_NWK_Disc_req (2.4.3.3.1).
        MgmtNwkDiscReq = 0x0030, "mgmt_nwk_disc_req";
        /// Mgmt_Lqi_req (2.4.3.3.2).
        MgmtLqiReq = 0x0031, "mgmt_lqi_req";
        /// Mgmt_Rtg_req (2.4.3.3.3).
        MgmtRtgReq = 0x0032, "mgmt_rtg_req";
        /// Mgmt_Bind_req (2.4.3.3.4).
        MgmtBindReq = 0x0033, "mgmt_bind_req";
        /// Mgmt_Leave_req (2.4.3.3.5).
        MgmtLeaveReq = 0x0034, "mgmt_leave_req";
        /// Mgmt_Direct_Join_req (2.4.3.3.6).
        MgmtDirectJoinReq = 0x0035, "mgmt_direct_join_req";
        /// Mgmt_Permit_Joining_req (2.4.3.3.7).
        MgmtPermitJoiningReq = 0x0036, "mgmt_permit_joining_req";
        /// Mgmt_Cache_req (2.4.3.3.8).
        MgmtCacheReq = 0x0037, "mgmt_cache_req";
        /// Mgmt_NWK_Update_req (2.4.3.3.9).
        MgmtNwkUpdateReq = 0x0038, "mgmt_nwk_update_req";
        /// Mgmt_NWK_Enhanced_Update_req (R22).
        MgmtNwkEnhancedUpdateReq = 0x0039, "mgmt_nwk_enhanced_update_req";
        /// Mgmt_NWK_IEEE_Joining_List_req (R22).
        MgmtNwkIeeeJoiningListReq = 0x003a, "mgmt_nwk_ieee_joining_list_req";
        /// NWK_addr_rsp (2.4.4.1.1).
        NwkAddrRsp = 0x8000, "nwk_addr_rsp";
        /// IEEE_addr_rsp (2.4.4.1.2).
        IeeeAddrRsp = 0x8001, "ieee_addr_rsp";
        /// Node_Desc_rsp (2.4.4.1.3).
        NodeDescRsp = 0x8002, "node_desc_rsp";
        /// Power_Desc_rsp (2.4.4.1.4).
        PowerDescRsp = 0x8003, "power_desc_rsp";
        /// Simple_Desc_rsp (2.4.4.1.5).
        SimpleDescRsp = 0x8004, "simple_desc_rsp";
        /// Active_EP_rsp (2.4.4.1.6).
        ActiveEpRsp = 0x8005, "active_ep_rsp";
        /// Match_Desc_rsp (2.4.4.1.7).
        MatchDescRsp = 0x8006, "match_desc_rsp";
        /// Complex_Desc_rsp (2.4.4.1.8).
        ComplexDescRsp = 0x8010, "complex_desc_rsp";
        /// User_Desc_rsp (2.4.4.1.9).
        UserDescRsp = 0x8011, "user_desc_rsp";
        /// Discovery_Cache_rsp (2.4.4.1.10).
        DiscoveryCacheRsp = 0x8012, "discovery_cache_rsp";
        /// User_Desc_conf (2.4.4.1.11).
        UserDescConf = 0x8014, "user_desc_conf";
        /// System_Server_Discovery_rsp (2.4.4.1.12).
        SystemServerDiscoveryRsp = 0x8015, "system_server_discovery_rsp";
        /// Discovery_Store_rsp (2.4.4.1.13).
        DiscoveryStoreRsp = 0x8016, "discovery_store_rsp";
        /// Node_Desc_store_rsp (2.4.4.1.14).
        NodeDescStoreRsp = 0x8017, "node_desc_store_rsp";
        /// Power_Desc_store_rsp (2.4.4.1.15).
        PowerDescStoreRsp = 0x8018, "power_desc_store_rsp";
        /// Active_EP_store_rsp (2.4.4.1.16).
        ActiveEpStoreRsp = 0x8019, "active_ep_store_rsp";
        /// Simple_Desc_store_rsp (2.4.4.1.17).
        SimpleDescStoreRsp = 0x801a, "simple_desc_store_rsp";
        /// Remove_node_cache_rsp (2.4.4.1.18).
        RemoveNodeCacheRsp = 0x801b, "remove_node_cache_rsp";
        /// Find_node_cache_rsp (2.4.4.1.19).
        FindNodeCacheRsp = 0x801c, "find_node_cache_rsp";
        /// Extended_Simple_Desc_rsp (2.4.4.1.20).
        ExtendedSimpleDescRsp = 0x801d, "extended_simple_desc_rsp";
        /// Extended_Active_EP_rsp (2.4.4.1.21).
        ExtendedActiveEpRsp = 0x801e, "extended_active_ep_rsp";
        /// Parent_annce_rsp (2.4.4.1.22).
        ParentAnnceRsp = 0x801f, "parent_annce_rsp";
        /// End_Device_Bind_rsp (2.4.4.2.1).
        EndDeviceBindRsp = 0x8020, "end_device_bind_rsp";
        /// Bind_rsp (2.4.4.2.2).
        BindRsp = 0x8021, "bind_rsp";
        /// Unbind_rsp (2.4.4.2.3).
        UnbindRsp = 0x8022, "unbind_rsp";
        /// Bind_Register_rsp (2.4.4.2.4).
        BindRegisterRsp = 0x8023, "bind_register_rsp";
        /// Replace_Device_rsp (2.4.4.2.5).
        ReplaceDeviceRsp = 0x8024, "replace_device_rsp";
        /// Store_Bkup_Bind_Entry_rsp (2.4.4.2.6).
        StoreBkupBindEntryRsp = 0x8025, "store_bkup_bind_entry_rsp";
        /// Remove_Bkup_Bind_Entry_rsp (2.4.4.2.7).
        RemoveBkupBindEntryRsp = 0x8026, "remove_bkup_bind_entry_rsp";
        /// Backup_Bind_Table_rsp (2.4.4.2.8).
        BackupBindTableRsp = 0x8027, "backup_bind_table_rsp";
        /// Recover_Bind_Table_rsp (2.4.4.2.9).
        RecoverBindTableRsp = 0x8028, "recover_bind_table_rsp";
        /// Backup_Source_Bind_rsp (2.4.4.2.10).
        BackupSourceBindRsp = 0x8029, "backup_source_bind_rsp";
        /// Recover_Source_Bind_rsp (2.4.4.2.11).
        RecoverSourceBindRsp = 0x802a, "recover_source_bind_rsp";
        /// Mgmt_NWK_Disc_rsp (2.4.4.3.1).
        MgmtNwkDiscRsp = 0x8030, "mgmt_nwk_disc_rsp";
        /// Mgmt_Lqi_rsp (2.4.4.3.2).
        MgmtLqiRsp = 0x8031, "mgmt_lqi_rsp";
        /// Mgmt_Rtg_rsp (2.4.4.3.3).
        MgmtRtgRsp = 0x8032, "mgmt_rtg_rsp";
        /// Mgmt_Bind_rsp (2.4.4.3.4).
        MgmtBindRsp = 0x8033, "mgmt_bind_rsp";
        /// Mgmt_Leave_rsp (2.4.4.3.5).
        MgmtLeaveRsp = 0x8034, "mgmt_leave_rsp";
        /// Mgmt_Direct_Join_rsp (2.4.4.3.6).
        MgmtDirectJoinRsp = 0x8035, "mgmt_direct_join_rsp";
        /// Mgmt_Permit_Joining_rsp (2.4.4.3.7).
        MgmtPermitJoiningRsp = 0x8036, "mgmt_permit_joining_rsp";
        /// Mgmt_Cache_rsp (2.4.4.3.8).
        MgmtCacheRsp = 0x8037, "mgmt_cache_rsp";
        /// Mgmt_NWK_Update_notify (2.4.4.3.9).
        MgmtNwkUpdateNotify = 0x8038, "mgmt_nwk_update_notify";
        /// Mgmt_NWK_IEEE_Joining_List_rsp (R22).
        MgmtNwkIeeeJoiningListRsp = 0x803a, "mgmt_nwk_ieee_joining_list_rsp";
        /// Mgmt_NWK_Unsolicited_Enhanced_Update_notify (R22).
        MgmtNwkUnsolicitedEnhancedUpdateNotify = 0x803b,
            "mgmt_nwk_unsolicited_enhanced_update_notify";
    }
}

impl ZdpCluster {
    /// Bit 15 of a ZDP cluster id marks a response (2.4.2.8).
    pub const RESPONSE_BIT: u16 = 0x8000;

    /// Whether this is a response (or notification) cluster.
    pub const fn is_response(self) -> bool {
        self.to_u16() & Self::RESPONSE_BIT != 0
    }

    /// The response cluster for a request (the id with bit 15 set); a response maps to itself.
    pub const fn response(self) -> ZdpCluster {
        ZdpCluster::from_u16(self.to_u16() | Self::RESPONSE_BIT)
    }
}

code_enum! {
    /// ZDP status codes (05-3474-21 table 2.137). Codes outside the table (APS or NWK status
    /// values some stacks put here) are kept as `Unknown`.
    ZdpStatus: u8, from_u8, to_u8, Unknown {
        /// The request was carried out.
        Success = 0x00, "success";
        /// The request type was invalid.
        InvRequesttype = 0x80, "inv_requesttype";
        /// The requested device does not exist on a device following a child descriptor request.
        DeviceNotFound = 0x81, "device_not_found";
        /// The endpoint was 0x00 or 0xf1-0xff.
        InvalidEp = 0x82, "invalid_ep";
        /// The endpoint is not described by a simple descriptor.
        NotActive = 0x83, "not_active";
        /// The optional request is not supported.
        NotSupported = 0x84, "not_supported";
        /// The operation timed out.
        Timeout = 0x85, "timeout";
        /// No clusters matched in an end device bind.
        NoMatch = 0x86, "no_match";
        /// No binding table entry to remove.
        NoEntry = 0x88, "no_entry";
        /// A child descriptor was not available.
        NoDescriptor = 0x89, "no_descriptor";
        /// Not enough storage space.
        InsufficientSpace = 0x8a, "insufficient_space";
        /// The device is not in a state that allows the request.
        NotPermitted = 0x8b, "not_permitted";
        /// No table space left.
        TableFull = 0x8c, "table_full";
        /// The request is not authorized from this device.
        NotAuthorized = 0x8d, "not_authorized";
        /// The binding table is full.
        DeviceBindingTableFull = 0x8e, "device_binding_table_full";
        /// The index in the request is past the end of the table.
        InvalidIndex = 0x8f, "invalid_index";
    }
}

impl ZdpStatus {
    /// Whether this is [`ZdpStatus::Success`].
    pub const fn is_success(self) -> bool {
        matches!(self, ZdpStatus::Success)
    }
}

/// A fixed or self-delimiting element of a ZDP list (cluster ids, addresses, table entries).
pub trait Record: Sized + Copy {
    /// Reads one element.
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError>;
    /// Bytes this element takes on the wire.
    fn encoded_len(&self) -> usize;
    /// Writes the element.
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
}

/// A 16-bit element: a cluster id or a network address.
impl Record for u16 {
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u16()
    }
    fn encoded_len(&self) -> usize {
        2
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(*self)
    }
}

/// A 64-bit element: an IEEE (extended) address.
impl Record for u64 {
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u64()
    }
    fn encoded_len(&self) -> usize {
        8
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u64(*self)
    }
}

#[derive(Clone, Copy)]
enum Repr<'a, T> {
    /// Bytes of `count` elements, checked when the frame was parsed.
    Wire(&'a [u8]),
    /// Elements given by a caller that builds a frame.
    Items(&'a [T]),
}

/// A counted list of ZDP elements: either borrowed wire bytes (after parsing) or a borrowed
/// slice of elements (to build a frame). Both iterate the same way and compare equal when their
/// elements are equal. The count itself is written by the frame that holds the list.
#[derive(Clone, Copy)]
pub struct List<'a, T> {
    count: usize,
    repr: Repr<'a, T>,
}

impl<'a, T: Record> List<'a, T> {
    /// A list of the given elements, for building a frame.
    pub const fn from_items(items: &'a [T]) -> Self {
        List {
            count: items.len(),
            repr: Repr::Items(items),
        }
    }

    /// An empty list.
    pub const fn empty() -> Self {
        List {
            count: 0,
            repr: Repr::Items(&[]),
        }
    }

    /// Reads `count` elements, checking them all now so iteration cannot fail. A count that
    /// runs past the end of the input is [`DecodeError::InvalidLength`] at `count_offset`.
    pub(crate) fn parse_counted(
        r: &mut Reader<'a>,
        count: usize,
        count_offset: usize,
    ) -> Result<Self, DecodeError> {
        let start = *r;
        let mut walk = *r;
        for _ in 0..count {
            T::parse_from(&mut walk).map_err(|e| match e {
                DecodeError::Truncated { .. } => DecodeError::InvalidLength {
                    offset: count_offset,
                },
                other => other,
            })?;
        }
        let len = walk.offset() - start.offset();
        let bytes = r.take(len)?;
        Ok(List {
            count,
            repr: Repr::Wire(bytes),
        })
    }

    /// Number of elements.
    pub const fn len(&self) -> usize {
        self.count
    }

    /// Whether the list has no elements.
    pub const fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The elements, in order.
    pub fn iter(&self) -> ListIter<'a, T> {
        ListIter {
            remaining: self.count,
            repr: match self.repr {
                Repr::Wire(b) => Repr::Wire(b),
                Repr::Items(i) => Repr::Items(i),
            },
            reader: match self.repr {
                Repr::Wire(b) => Reader::new(b),
                Repr::Items(_) => Reader::new(&[]),
            },
            _t: PhantomData,
        }
    }

    /// The wire bytes of the elements, if the list came from parsing.
    pub fn wire_bytes(&self) -> Option<&'a [u8]> {
        match self.repr {
            Repr::Wire(b) => Some(b),
            Repr::Items(_) => None,
        }
    }

    /// Bytes the elements take on the wire (without the count).
    pub fn encoded_len(&self) -> usize {
        match self.repr {
            Repr::Wire(b) => b.len(),
            Repr::Items(items) => items.iter().map(Record::encoded_len).sum(),
        }
    }

    /// The count as the one-byte field most ZDP lists use; fails if there are more than 255.
    pub(crate) fn count_u8(&self, field: &'static str) -> Result<u8, EncodeError> {
        u8::try_from(self.count).map_err(|_| EncodeError::TooLong {
            field,
            len: self.count,
        })
    }

    /// Writes the elements (without the count).
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match self.repr {
            Repr::Wire(b) => w.bytes(b),
            Repr::Items(items) => items.iter().try_for_each(|i| i.emit_to(w)),
        }
    }
}

impl<T: Record> Default for List<'_, T> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<T: Record + PartialEq> PartialEq for List<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.iter().eq(other.iter())
    }
}

impl<T: Record + Eq> Eq for List<'_, T> {}

impl<T: Record + fmt::Debug> fmt::Debug for List<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl<T: Record + defmt::Format> defmt::Format for List<'_, T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "[");
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                defmt::write!(f, ", ");
            }
            defmt::write!(f, "{}", item);
        }
        defmt::write!(f, "]");
    }
}

impl<'a, T: Record> IntoIterator for List<'a, T> {
    type Item = T;
    type IntoIter = ListIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a, T: Record> IntoIterator for &List<'a, T> {
    type Item = T;
    type IntoIter = ListIter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Iterator over a [`List`].
#[derive(Clone)]
pub struct ListIter<'a, T> {
    remaining: usize,
    repr: Repr<'a, T>,
    reader: Reader<'a>,
    _t: PhantomData<T>,
}

impl<T: Record> Iterator for ListIter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        match &mut self.repr {
            Repr::Wire(_) => match T::parse_from(&mut self.reader) {
                Ok(v) => Some(v),
                Err(_) => {
                    // Cannot happen: the bytes were checked when the list was parsed.
                    self.remaining = 0;
                    None
                }
            },
            Repr::Items(items) => {
                let (first, rest) = items.split_first()?;
                *items = rest;
                Some(*first)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

/// Reads a one-byte count and that many one-byte elements (endpoints, energy values).
pub(crate) fn parse_u8_list<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], DecodeError> {
    let count_offset = r.offset();
    let count = r.u8()?;
    r.take(usize::from(count))
        .map_err(|_| DecodeError::InvalidLength {
            offset: count_offset,
        })
}

/// Writes a one-byte count and the elements.
pub(crate) fn emit_u8_list(
    w: &mut Writer<'_>,
    items: &[u8],
    field: &'static str,
) -> Result<(), EncodeError> {
    let count = u8::try_from(items.len()).map_err(|_| EncodeError::TooLong {
        field,
        len: items.len(),
    })?;
    w.u8(count)?;
    w.bytes(items)
}

/// Reads a one-byte count and that many elements.
pub(crate) fn parse_list<'a, T: Record>(r: &mut Reader<'a>) -> Result<List<'a, T>, DecodeError> {
    let count_offset = r.offset();
    let count = r.u8()?;
    List::parse_counted(r, usize::from(count), count_offset)
}

/// Writes a one-byte count and the elements.
pub(crate) fn emit_list<T: Record>(
    w: &mut Writer<'_>,
    list: &List<'_, T>,
    field: &'static str,
) -> Result<(), EncodeError> {
    w.u8(list.count_u8(field)?)?;
    list.emit_to(w)
}

/// Adds `parse`, `emit` to a frame struct that has `parse_from`, `encoded_len` and `emit_to`.
macro_rules! frame_codec {
    ($name:ident) => {
        impl<'a> $name<'a> {
            /// Parses the whole ZDP payload (TSN first).
            pub fn parse(payload: &'a [u8]) -> Result<Self, DecodeError> {
                let mut r = Reader::new(payload);
                Self::parse_from(&mut r)
            }

            /// Writes the payload into `buf` and returns its length.
            pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
                let mut w = Writer::new(buf);
                self.emit_to(&mut w)?;
                Ok(w.len())
            }
        }
    };
}
pub(crate) use frame_codec;

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// Emits with `emit` into a dirty and a clean buffer, checks both give `expected`, that
    /// `encoded_len` agrees, and that one byte less fails cleanly.
    pub fn check_emit(
        expected: &[u8],
        encoded_len: usize,
        emit: impl Fn(&mut [u8]) -> Result<usize, EncodeError>,
    ) {
        assert_eq!(encoded_len, expected.len(), "encoded_len");
        let mut dirty = [0xffu8; 300];
        let n = emit(&mut dirty).unwrap();
        assert_eq!(&dirty[..n], expected, "dirty buffer");
        let mut clean = [0u8; 300];
        let n = emit(&mut clean).unwrap();
        assert_eq!(&clean[..n], expected, "clean buffer");
        if !expected.is_empty() {
            let mut short = [0u8; 300];
            assert!(matches!(
                emit(&mut short[..expected.len() - 1]),
                Err(EncodeError::BufferTooSmall { .. })
            ));
        }
    }

    /// Every strict prefix of a frame must fail to parse (used for frames with no optional tail).
    pub fn check_prefixes_fail<'a, T: core::fmt::Debug>(
        bytes: &'a [u8],
        parse: impl Fn(&'a [u8]) -> Result<T, DecodeError>,
    ) {
        for n in 0..bytes.len() {
            assert!(parse(&bytes[..n]).is_err(), "prefix of {n} bytes parsed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cluster_ids_round_trip_and_name() {
        for id in 0..=0xffffu16 {
            assert_eq!(ZdpCluster::from_u16(id).to_u16(), id);
        }
        assert_eq!(ZdpCluster::from_u16(0x0000), ZdpCluster::NwkAddrReq);
        assert_eq!(ZdpCluster::ActiveEpRsp.name(), "active_ep_rsp");
        assert_eq!(ZdpCluster::DeviceAnnce.name(), "device_annce");
        assert_eq!(
            ZdpCluster::from_u16(0x8038).name(),
            "mgmt_nwk_update_notify"
        );
        assert_eq!(ZdpCluster::from_u16(0x0077), ZdpCluster::Unknown(0x0077));
        assert_eq!(ZdpCluster::Unknown(0x0077).name(), "unknown");
        assert!(ZdpCluster::BindRsp.is_response());
        assert!(!ZdpCluster::BindReq.is_response());
        assert_eq!(ZdpCluster::MgmtLqiReq.response(), ZdpCluster::MgmtLqiRsp);
        assert_eq!(
            ZdpCluster::ParentAnnce.response(),
            ZdpCluster::ParentAnnceRsp
        );
    }

    #[test]
    fn status_codes_round_trip_and_name() {
        for code in 0..=0xffu8 {
            assert_eq!(ZdpStatus::from_u8(code).to_u8(), code);
        }
        assert_eq!(ZdpStatus::from_u8(0x8c), ZdpStatus::TableFull);
        assert_eq!(ZdpStatus::from_u8(0x8d).name(), "not_authorized");
        assert_eq!(ZdpStatus::from_u8(0x80).name(), "inv_requesttype");
        assert_eq!(ZdpStatus::from_u8(0x87), ZdpStatus::Unknown(0x87));
        assert!(ZdpStatus::Success.is_success());
        assert!(!ZdpStatus::Timeout.is_success());
    }

    #[test]
    fn list_from_items_equals_parsed_list() {
        let bytes = [0x06, 0x00, 0x08, 0x00, 0xaa];
        let mut r = Reader::new(&bytes);
        let parsed: List<'_, u16> = List::parse_counted(&mut r, 2, 0).unwrap();
        assert_eq!(r.offset(), 4);
        assert_eq!(parsed, List::from_items(&[0x0006, 0x0008]));
        assert_ne!(parsed, List::from_items(&[0x0006]));
        assert_eq!(parsed.wire_bytes(), Some(&bytes[..4]));
        assert_eq!(parsed.iter().size_hint(), (2, Some(2)));
        let mut buf = [0xffu8; 4];
        let mut w = Writer::new(&mut buf);
        List::<u16>::from_items(&[0x0006, 0x0008])
            .emit_to(&mut w)
            .unwrap();
        assert_eq!(buf, [0x06, 0x00, 0x08, 0x00]);
    }

    #[test]
    fn rejects_list_count_past_end() {
        let bytes = [0x06, 0x00, 0x08];
        let mut r = Reader::with_base(&bytes, 5);
        assert_eq!(
            List::<u16>::parse_counted(&mut r, 2, 4),
            Err(DecodeError::InvalidLength { offset: 4 })
        );
    }
}
