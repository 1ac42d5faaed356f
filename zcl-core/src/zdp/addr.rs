//! Address discovery: NWK_addr_req/rsp and IEEE_addr_req/rsp (05-3474-21 2.4.3.1.1-2,
//! 2.4.4.1.1-2).

use core::fmt;

use super::{code_enum, frame_codec, List, ZdpStatus};
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

code_enum! {
    /// RequestType of NWK_addr_req and IEEE_addr_req (2.4.3.1.1).
    RequestType: u8, from_u8, to_u8, Unknown {
        /// Single device response: only the remote device's addresses.
        SingleDevice = 0x00, "single_device";
        /// Extended response: also the addresses of its associated devices.
        Extended = 0x01, "extended";
    }
}

/// NWK_addr_req (cluster 0x0000, 2.4.3.1.1): asks for the network address of `ieee_addr`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct NwkAddrReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// IEEEAddr: the device whose network address is wanted.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub ieee_addr: u64,
    /// Single or extended response.
    pub request_type: RequestType,
    /// StartIndex into the associated device list (extended responses).
    pub start_index: u8,
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

impl<'a> NwkAddrReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(NwkAddrReq {
            tsn: r.u8()?,
            ieee_addr: r.u64()?,
            request_type: RequestType::from_u8(r.u8()?),
            start_index: r.u8()?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        11 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u64(self.ieee_addr)?;
        w.u8(self.request_type.to_u8())?;
        w.u8(self.start_index)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(NwkAddrReq);

/// IEEE_addr_req (cluster 0x0001, 2.4.3.1.2): asks for the IEEE address of a network address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IeeeAddrReq<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// NWKAddrOfInterest.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_of_interest: u16,
    /// Single or extended response.
    pub request_type: RequestType,
    /// StartIndex into the associated device list (extended responses).
    pub start_index: u8,
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

impl<'a> IeeeAddrReq<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(IeeeAddrReq {
            tsn: r.u8()?,
            nwk_addr_of_interest: r.u16()?,
            request_type: RequestType::from_u8(r.u8()?),
            start_index: r.u8()?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        5 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u16(self.nwk_addr_of_interest)?;
        w.u8(self.request_type.to_u8())?;
        w.u8(self.start_index)?;
        w.bytes(self.trailing)
    }
}
frame_codec!(IeeeAddrReq);

/// The associated device part of an extended NWK_addr_rsp or IEEE_addr_rsp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AssociatedDevices<'a> {
    /// StartIndex of this page of the list. The specification leaves it out when there are no
    /// associated devices, so it is `None` then (and must be `Some` when `devices` is not empty).
    pub start_index: Option<u8>,
    /// NWKAddrAssocDevList; its length is NumAssocDev.
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "super::serde_impls::short_list")
    )]
    pub devices: List<'a, u16>,
}

/// NWK_addr_rsp (0x8000, 2.4.4.1.1) and IEEE_addr_rsp (0x8001, 2.4.4.1.2), which share a
/// layout: the remote device's two addresses, and for an extended request its associated
/// devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AddrRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// IEEEAddrRemoteDev.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub ieee_addr_remote_dev: u64,
    /// NWKAddrRemoteDev.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr_remote_dev: u16,
    /// NumAssocDev, StartIndex and NWKAddrAssocDevList: present only in answers to an extended
    /// request (`None` when the frame ends after the addresses).
    pub associated: Option<AssociatedDevices<'a>>,
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

/// NWK_addr_rsp (cluster 0x8000, 2.4.4.1.1).
pub type NwkAddrRsp<'a> = AddrRsp<'a>;
/// IEEE_addr_rsp (cluster 0x8001, 2.4.4.1.2).
pub type IeeeAddrRsp<'a> = AddrRsp<'a>;

impl<'a> AddrRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let tsn = r.u8()?;
        let status = ZdpStatus::from_u8(r.u8()?);
        let ieee_addr_remote_dev = r.u64()?;
        let nwk_addr_remote_dev = r.u16()?;
        let associated = if r.is_empty() {
            None
        } else {
            let count_offset = r.offset();
            let count = r.u8()?;
            // StartIndex is left out with an empty list; with a non-empty list it must be there.
            let start_index = if count == 0 && r.is_empty() {
                None
            } else {
                Some(r.u8()?)
            };
            let devices = List::parse_counted(r, usize::from(count), count_offset)?;
            Some(AssociatedDevices {
                start_index,
                devices,
            })
        };
        Ok(AddrRsp {
            tsn,
            status,
            ieee_addr_remote_dev,
            nwk_addr_remote_dev,
            associated,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        let assoc = self.associated.as_ref().map_or(0, |a| {
            1 + usize::from(a.start_index.is_some()) + a.devices.encoded_len()
        });
        12 + assoc + self.trailing.len()
    }

    /// Writes the frame. Fails if associated devices are listed without a start index.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        w.u64(self.ieee_addr_remote_dev)?;
        w.u16(self.nwk_addr_remote_dev)?;
        if let Some(a) = &self.associated {
            w.u8(a.devices.count_u8("num_assoc_dev")?)?;
            match a.start_index {
                Some(i) => w.u8(i)?,
                None if a.devices.is_empty() => {}
                None => {
                    return Err(EncodeError::ValueOutOfRange {
                        field: "start_index",
                    })
                }
            }
            a.devices.emit_to(w)?;
        }
        w.bytes(self.trailing)
    }
}
frame_codec!(AddrRsp);

impl fmt::Display for AddrRsp<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tsn {} status {} ieee {:016x} nwk 0x{:04x}",
            self.tsn, self.status, self.ieee_addr_remote_dev, self.nwk_addr_remote_dev
        )?;
        if let Some(a) = &self.associated {
            write!(f, " associated {}", a.devices.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::{check_emit, check_prefixes_fail};
    use super::*;
    use proptest::prelude::*;

    const NWK_ADDR_REQ: [u8; 11] = [
        0x05, // TSN
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // IEEEAddr 11:22:33:44:55:66:77:88
        0x01, // RequestType: extended
        0x02, // StartIndex 2
    ];

    #[test]
    fn parse_nwk_addr_req() {
        let f = NwkAddrReq::parse(&NWK_ADDR_REQ).unwrap();
        assert_eq!(f.tsn, 5);
        assert_eq!(f.ieee_addr, 0x1122_3344_5566_7788);
        assert_eq!(f.request_type, RequestType::Extended);
        assert_eq!(f.start_index, 2);
        assert!(f.trailing.is_empty());
        check_emit(&NWK_ADDR_REQ, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn rejects_truncated_nwk_addr_req() {
        check_prefixes_fail(&NWK_ADDR_REQ, NwkAddrReq::parse);
        assert_eq!(
            NwkAddrReq::parse(&NWK_ADDR_REQ[..10]),
            Err(DecodeError::Truncated {
                offset: 10,
                needed: 1
            })
        );
    }

    const IEEE_ADDR_REQ: [u8; 5] = [
        0x09, // TSN
        0x34, 0x12, // NWKAddrOfInterest 0x1234
        0x00, // RequestType: single device
        0x00, // StartIndex
    ];

    #[test]
    fn parse_ieee_addr_req() {
        let f = IeeeAddrReq::parse(&IEEE_ADDR_REQ).unwrap();
        assert_eq!(f.nwk_addr_of_interest, 0x1234);
        assert_eq!(f.request_type, RequestType::SingleDevice);
        check_emit(&IEEE_ADDR_REQ, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&IEEE_ADDR_REQ, IeeeAddrReq::parse);
    }

    #[test]
    fn parse_unknown_request_type_round_trips() {
        let bytes = [0x09, 0x34, 0x12, 0x07, 0x00];
        let f = IeeeAddrReq::parse(&bytes).unwrap();
        assert_eq!(f.request_type, RequestType::Unknown(7));
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    const ADDR_RSP_SINGLE: [u8; 12] = [
        0x05, // TSN
        0x00, // Status: SUCCESS
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // IEEEAddrRemoteDev
        0x34, 0x12, // NWKAddrRemoteDev 0x1234
    ];

    #[test]
    fn parse_addr_rsp_single() {
        let f = AddrRsp::parse(&ADDR_RSP_SINGLE).unwrap();
        assert_eq!(f.status, ZdpStatus::Success);
        assert_eq!(f.ieee_addr_remote_dev, 0x1122_3344_5566_7788);
        assert_eq!(f.nwk_addr_remote_dev, 0x1234);
        assert_eq!(f.associated, None);
        check_emit(&ADDR_RSP_SINGLE, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&ADDR_RSP_SINGLE, AddrRsp::parse);
    }

    const ADDR_RSP_EXTENDED: [u8; 18] = [
        0x05, // TSN
        0x00, // Status: SUCCESS
        0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // IEEEAddrRemoteDev
        0x00, 0x00, // NWKAddrRemoteDev 0x0000 (coordinator)
        0x02, // NumAssocDev 2
        0x00, // StartIndex 0
        0x01, 0xab, // NWKAddrAssocDevList[0] 0xab01
        0x02, 0xcd, // NWKAddrAssocDevList[1] 0xcd02
    ];

    #[test]
    fn parse_addr_rsp_extended() {
        let f = AddrRsp::parse(&ADDR_RSP_EXTENDED).unwrap();
        let a = f.associated.unwrap();
        assert_eq!(a.start_index, Some(0));
        assert_eq!(a.devices.iter().collect::<Vec<_>>(), [0xab01, 0xcd02]);
        check_emit(&ADDR_RSP_EXTENDED, f.encoded_len(), |b| f.emit(b));
        let built = AddrRsp {
            associated: Some(AssociatedDevices {
                start_index: Some(0),
                devices: List::from_items(&[0xab01, 0xcd02]),
            }),
            ..f
        };
        assert_eq!(built, f);
        check_emit(&ADDR_RSP_EXTENDED, built.encoded_len(), |b| built.emit(b));
    }

    #[test]
    fn parse_addr_rsp_extended_without_devices_omits_start_index() {
        let mut bytes = ADDR_RSP_SINGLE.to_vec();
        bytes.push(0x00); // NumAssocDev 0, StartIndex left out
        let f = AddrRsp::parse(&bytes).unwrap();
        assert_eq!(
            f.associated,
            Some(AssociatedDevices {
                start_index: None,
                devices: List::empty()
            })
        );
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    #[test]
    fn rejects_addr_rsp_count_past_end() {
        // NumAssocDev says 3 but only two addresses follow.
        let mut bytes = ADDR_RSP_EXTENDED;
        bytes[12] = 3;
        assert_eq!(
            AddrRsp::parse(&bytes),
            Err(DecodeError::InvalidLength { offset: 12 })
        );
        // NumAssocDev 1 with no StartIndex.
        let mut bytes = ADDR_RSP_SINGLE.to_vec();
        bytes.push(0x01);
        assert_eq!(
            AddrRsp::parse(&bytes),
            Err(DecodeError::Truncated {
                offset: 13,
                needed: 1
            })
        );
    }

    #[test]
    fn rejects_emit_of_devices_without_start_index() {
        let f = AddrRsp {
            associated: Some(AssociatedDevices {
                start_index: None,
                devices: List::from_items(&[1]),
            }),
            ..AddrRsp::parse(&ADDR_RSP_SINGLE).unwrap()
        };
        assert_eq!(
            f.emit(&mut [0u8; 32]),
            Err(EncodeError::ValueOutOfRange {
                field: "start_index"
            })
        );
    }

    #[test]
    fn display_addr_rsp() {
        let f = AddrRsp::parse(&ADDR_RSP_EXTENDED).unwrap();
        assert_eq!(
            f.to_string(),
            "tsn 5 status success ieee 1122334455667788 nwk 0x0000 associated 2"
        );
    }

    proptest! {
        #[test]
        fn roundtrip_addr_rsp(
            tsn: u8, status: u8, ieee: u64, nwk: u16,
            assoc in proptest::option::of((any::<u8>(), proptest::collection::vec(any::<u16>(), 0..20))),
        ) {
            let storage = assoc.clone().map(|(_, d)| d).unwrap_or_default();
            let f = AddrRsp {
                tsn,
                status: ZdpStatus::from_u8(status),
                ieee_addr_remote_dev: ieee,
                nwk_addr_remote_dev: nwk,
                associated: assoc.map(|(i, _)| AssociatedDevices {
                    start_index: Some(i),
                    devices: List::from_items(&storage),
                }),
                trailing: &[],
            };
            let mut buf = [0u8; 128];
            let n = f.emit(&mut buf).unwrap();
            prop_assert_eq!(n, f.encoded_len());
            prop_assert_eq!(AddrRsp::parse(&buf[..n]).unwrap(), f);
        }

        #[test]
        fn roundtrip_addr_reqs(tsn: u8, ieee: u64, nwk: u16, rt: u8, si: u8,
                               trailing in proptest::collection::vec(any::<u8>(), 0..4)) {
            let a = NwkAddrReq { tsn, ieee_addr: ieee, request_type: RequestType::from_u8(rt),
                                 start_index: si, trailing: &trailing };
            let mut buf = [0u8; 32];
            let n = a.emit(&mut buf).unwrap();
            prop_assert_eq!(NwkAddrReq::parse(&buf[..n]).unwrap(), a);
            let b = IeeeAddrReq { tsn, nwk_addr_of_interest: nwk,
                                  request_type: RequestType::from_u8(rt), start_index: si,
                                  trailing: &trailing };
            let n = b.emit(&mut buf).unwrap();
            prop_assert_eq!(IeeeAddrReq::parse(&buf[..n]).unwrap(), b);
        }
    }
}
