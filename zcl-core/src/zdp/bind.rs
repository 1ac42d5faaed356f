//! Binding: Bind_req and Unbind_req (05-3474-21 2.4.3.2.2-3), their responses, a status-only
//! response shared by several commands, and binding table entries (2.4.4.3.4).

use super::{frame_codec, Record, ZdpStatus};
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

/// Where a binding points: DstAddrMode and the fields it selects (2.4.3.2.2).
///
/// Only modes 0x01 and 0x03 are defined; any other mode is an error because the length of the
/// address after it is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum BindDestination {
    /// Mode 0x01: a 16-bit group address, no endpoint.
    Group(#[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))] u16),
    /// Mode 0x03: a 64-bit extended address and an endpoint.
    Extended {
        /// DstAddress.
        #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
        address: u64,
        /// DstEndp.
        endpoint: u8,
    },
}

impl BindDestination {
    /// DstAddrMode for a group address.
    pub const MODE_GROUP: u8 = 0x01;
    /// DstAddrMode for an extended address with endpoint.
    pub const MODE_EXTENDED: u8 = 0x03;

    /// Reads DstAddrMode and what follows it.
    pub fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let offset = r.offset();
        match r.u8()? {
            Self::MODE_GROUP => Ok(BindDestination::Group(r.u16()?)),
            Self::MODE_EXTENDED => Ok(BindDestination::Extended {
                address: r.u64()?,
                endpoint: r.u8()?,
            }),
            _ => Err(DecodeError::InvalidValue {
                offset,
                field: "dst_addr_mode",
            }),
        }
    }

    /// The DstAddrMode byte.
    pub const fn mode(&self) -> u8 {
        match self {
            BindDestination::Group(_) => Self::MODE_GROUP,
            BindDestination::Extended { .. } => Self::MODE_EXTENDED,
        }
    }

    /// Encoded size including the mode byte (3 or 10).
    pub const fn encoded_len(&self) -> usize {
        match self {
            BindDestination::Group(_) => 3,
            BindDestination::Extended { .. } => 10,
        }
    }

    /// Writes DstAddrMode and the address fields.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.mode())?;
        match *self {
            BindDestination::Group(g) => w.u16(g),
            BindDestination::Extended { address, endpoint } => {
                w.u64(address)?;
                w.u8(endpoint)
            }
        }
    }
}

/// Bind_req (cluster 0x0021, 2.4.3.2.2) and Unbind_req (cluster 0x0022, 2.4.3.2.3), which
/// share a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BindReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// SrcAddress: IEEE address of the binding's source.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub src_address: u64,
    /// SrcEndp.
    pub src_endp: u8,
    /// ClusterID.
    pub cluster_id: u16,
    /// DstAddrMode, DstAddress and DstEndp.
    pub destination: BindDestination,
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

/// Unbind_req (cluster 0x0022, 2.4.3.2.3).
pub type UnbindReq<'a> = BindReq<'a>;

impl<'a> BindReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(BindReq {
            tsn: r.u8()?,
            src_address: r.u64()?,
            src_endp: r.u8()?,
            cluster_id: r.u16()?,
            destination: BindDestination::parse_from(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        12 + self.destination.encoded_len() + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u64(self.src_address)?;
        w.u8(self.src_endp)?;
        w.u16(self.cluster_id)?;
        self.destination.emit_to(w)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(BindReq);

/// A response that carries only a status: End_Device_Bind_rsp (0x8020), Bind_rsp (0x8021),
/// Unbind_rsp (0x8022),
/// Mgmt_Leave_rsp (0x8034) and Mgmt_Permit_Joining_rsp (0x8036).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct StatusRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
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

/// Bind_rsp (cluster 0x8021, 2.4.4.2.2).
pub type BindRsp<'a> = StatusRsp<'a>;
/// Unbind_rsp (cluster 0x8022, 2.4.4.2.3).
pub type UnbindRsp<'a> = StatusRsp<'a>;
/// End_Device_Bind_rsp (cluster 0x8020, 2.4.4.2.1).
pub type EndDeviceBindRsp<'a> = StatusRsp<'a>;

impl<'a> StatusRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(StatusRsp {
            tsn: r.u8()?,
            status: ZdpStatus::from_u8(r.u8()?),
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        2 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.bytes(self.trailing)
    }
}
frame_codec!(StatusRsp);

/// One entry of a binding table as Mgmt_Bind_rsp lists it (2.4.4.3.4, table 2.131).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BindingTableEntry {
    /// SrcAddr.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub src_addr: u64,
    /// SrcEndpoint.
    pub src_endpoint: u8,
    /// ClusterId.
    pub cluster_id: u16,
    /// DstAddrMode, DstAddr and DstEndpoint.
    pub destination: BindDestination,
}

impl Record for BindingTableEntry {
    fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(BindingTableEntry {
            src_addr: r.u64()?,
            src_endpoint: r.u8()?,
            cluster_id: r.u16()?,
            destination: BindDestination::parse_from(r)?,
        })
    }

    fn encoded_len(&self) -> usize {
        11 + self.destination.encoded_len()
    }

    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u64(self.src_addr)?;
        w.u8(self.src_endpoint)?;
        w.u16(self.cluster_id)?;
        self.destination.emit_to(w)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{check_emit, check_prefixes_fail};
    use super::*;
    use proptest::prelude::*;

    const BIND_REQ_EXTENDED: [u8; 22] = [
        0x20, // TSN
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // SrcAddress 01:02:03:04:05:06:07:08
        0x01, // SrcEndp 1
        0x06, 0x00, // ClusterID 0x0006 On/Off
        0x03, // DstAddrMode: 64-bit address with endpoint
        0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // DstAddress 11:12:..:18
        0x01, // DstEndp 1
    ];

    #[test]
    fn parse_bind_req_extended() {
        let f = BindReq::parse(&BIND_REQ_EXTENDED).unwrap();
        assert_eq!(f.tsn, 0x20);
        assert_eq!(f.src_address, 0x0102_0304_0506_0708);
        assert_eq!(f.src_endp, 1);
        assert_eq!(f.cluster_id, 6);
        assert_eq!(
            f.destination,
            BindDestination::Extended {
                address: 0x1112_1314_1516_1718,
                endpoint: 1
            }
        );
        check_emit(&BIND_REQ_EXTENDED, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&BIND_REQ_EXTENDED, BindReq::parse);
    }

    const UNBIND_REQ_GROUP: [u8; 15] = [
        0x21, // TSN
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // SrcAddress
        0x02, // SrcEndp 2
        0x08, 0x00, // ClusterID 0x0008 Level Control
        0x01, // DstAddrMode: group
        0x34, 0x12, // DstAddress group 0x1234
    ];

    #[test]
    fn parse_unbind_req_group() {
        let f = UnbindReq::parse(&UNBIND_REQ_GROUP).unwrap();
        assert_eq!(f.destination, BindDestination::Group(0x1234));
        check_emit(&UNBIND_REQ_GROUP, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&UNBIND_REQ_GROUP, UnbindReq::parse);
    }

    #[test]
    fn rejects_bind_req_unknown_address_mode() {
        let mut bytes = UNBIND_REQ_GROUP;
        bytes[12] = 0x02;
        assert_eq!(
            BindReq::parse(&bytes),
            Err(DecodeError::InvalidValue {
                offset: 12,
                field: "dst_addr_mode"
            })
        );
    }

    #[test]
    fn parse_status_rsp() {
        let bytes = [
            0x20, // TSN
            0x8c, // Status: TABLE_FULL
        ];
        let f = BindRsp::parse(&bytes).unwrap();
        assert_eq!(f.status, ZdpStatus::TableFull);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, BindRsp::parse);
    }

    proptest! {
        #[test]
        fn roundtrip_bind_req(tsn: u8, src: u64, ep: u8, cluster: u16, group: bool, addr: u64,
                              dep: u8) {
            let destination = if group {
                BindDestination::Group(addr as u16)
            } else {
                BindDestination::Extended { address: addr, endpoint: dep }
            };
            let f = BindReq { tsn, src_address: src, src_endp: ep, cluster_id: cluster,
                              destination, trailing: &[] };
            let mut buf = [0u8; 32];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(n, f.encoded_len());
            prop_assert_eq!(BindReq::parse(&buf[..n]).unwrap(), f);
        }
    }
}
