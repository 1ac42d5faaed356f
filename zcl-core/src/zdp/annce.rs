//! Announcements: Device_annce (05-3474-21 2.4.3.1.11), Parent_annce (2.4.3.1.23) and
//! Parent_annce_rsp (2.4.4.1.22).

use core::fmt;

use super::{emit_list, frame_codec, parse_list, List, MacCapabilityFlags, ZdpStatus};
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};

/// Device_annce (cluster 0x0013, 2.4.3.1.11): a device that joined or rejoined tells the
/// network its addresses and capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DeviceAnnce<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// NWKAddr of the device.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::short"))]
    pub nwk_addr: u16,
    /// IEEEAddr of the device.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::serde_impls::ieee"))]
    pub ieee_addr: u64,
    /// Capability: MAC capability flags (2.3.2.3.7).
    pub capability: MacCapabilityFlags,
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

impl<'a> DeviceAnnce<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(DeviceAnnce {
            tsn: r.u8()?,
            nwk_addr: r.u16()?,
            ieee_addr: r.u64()?,
            capability: MacCapabilityFlags::from_bits_retain(r.u8()?),
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        12 + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u16(self.nwk_addr)?;
        w.u64(self.ieee_addr)?;
        w.u8(self.capability.bits())?;
        w.bytes(self.trailing)
    }
}
frame_codec!(DeviceAnnce);

impl fmt::Display for DeviceAnnce<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "tsn {} nwk 0x{:04x} ieee {:016x} capability 0x{:02x}",
            self.tsn,
            self.nwk_addr,
            self.ieee_addr,
            self.capability.bits()
        )
    }
}

/// Parent_annce (cluster 0x001f, 2.4.3.1.23): a router lists the end devices it is parent of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ParentAnnce<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// ChildInfo: the IEEE addresses of the children (NumberOfChildren is its length).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "super::serde_impls::ieee_list")
    )]
    pub children: List<'a, u64>,
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

impl<'a> ParentAnnce<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(ParentAnnce {
            tsn: r.u8()?,
            children: parse_list(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        2 + self.children.encoded_len() + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        emit_list(w, &self.children, "children")?;
        w.bytes(self.trailing)
    }
}
frame_codec!(ParentAnnce);

/// Parent_annce_rsp (cluster 0x801f, 2.4.4.1.22): the children of a Parent_annce that are the
/// responder's children too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ParentAnnceRsp<'a> {
    /// Transaction sequence number.
    pub tsn: u8,
    /// Status.
    pub status: ZdpStatus,
    /// ChildInfo: IEEE addresses (NumberOfChildren is its length).
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "super::serde_impls::ieee_list")
    )]
    pub children: List<'a, u64>,
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

impl<'a> ParentAnnceRsp<'a> {
    /// Reads the frame from a reader at the TSN.
    pub fn parse_from(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(ParentAnnceRsp {
            tsn: r.u8()?,
            status: ZdpStatus::from_u8(r.u8()?),
            children: parse_list(r)?,
            trailing: r.take_rest(),
        })
    }

    /// Encoded size.
    pub fn encoded_len(&self) -> usize {
        3 + self.children.encoded_len() + self.trailing.len()
    }

    /// Writes the frame.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.tsn)?;
        w.u8(self.status.to_u8())?;
        emit_list(w, &self.children, "children")?;
        w.bytes(self.trailing)
    }
}
frame_codec!(ParentAnnceRsp);

#[cfg(test)]
mod tests {
    use super::super::test_util::{check_emit, check_prefixes_fail};
    use super::*;
    use proptest::prelude::*;

    const DEVICE_ANNCE: [u8; 12] = [
        0x81, // TSN
        0x1c, 0x6a, // NWKAddr 0x6a1c
        0x59, 0x4f, 0x0b, 0xfe, 0xff, 0x57, 0x0b, 0x00, // IEEEAddr 00:0b:57:ff:fe:0b:4f:59
        0x8e, // Capability: FFD, mains, rx on when idle, allocate address
    ];

    #[test]
    fn parse_device_annce() {
        let f = DeviceAnnce::parse(&DEVICE_ANNCE).unwrap();
        assert_eq!(f.tsn, 0x81);
        assert_eq!(f.nwk_addr, 0x6a1c);
        assert_eq!(f.ieee_addr, 0x000b_57ff_fe0b_4f59);
        assert!(f
            .capability
            .contains(MacCapabilityFlags::RECEIVER_ON_WHEN_IDLE));
        assert!(!f
            .capability
            .contains(MacCapabilityFlags::SECURITY_CAPABILITY));
        assert_eq!(
            f.to_string(),
            "tsn 129 nwk 0x6a1c ieee 000b57fffe0b4f59 capability 0x8e"
        );
        check_emit(&DEVICE_ANNCE, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&DEVICE_ANNCE, DeviceAnnce::parse);
        assert_eq!(
            DeviceAnnce::parse(&DEVICE_ANNCE[..5]),
            Err(DecodeError::Truncated {
                offset: 3,
                needed: 6
            })
        );
    }

    #[test]
    fn parse_device_annce_keeps_reserved_capability_bits_and_trailing() {
        let mut bytes = DEVICE_ANNCE.to_vec();
        bytes[11] = 0x30; // reserved bits 4-5 only
        bytes.extend_from_slice(&[0x01, 0x02]);
        let f = DeviceAnnce::parse(&bytes).unwrap();
        assert_eq!(f.capability.bits(), 0x30);
        assert_eq!(f.trailing, &[0x01, 0x02]);
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
    }

    const PARENT_ANNCE: [u8; 18] = [
        0x10, // TSN
        0x02, // NumberOfChildren 2
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // child 01:02:03:04:05:06:07:08
        0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // child 11:12:13:14:15:16:17:18
    ];

    #[test]
    fn parse_parent_annce() {
        let f = ParentAnnce::parse(&PARENT_ANNCE).unwrap();
        assert_eq!(
            f.children.iter().collect::<Vec<_>>(),
            [0x0102_0304_0506_0708, 0x1112_1314_1516_1718]
        );
        check_emit(&PARENT_ANNCE, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&PARENT_ANNCE, ParentAnnce::parse);
        assert_eq!(
            ParentAnnce::parse(&PARENT_ANNCE[..17]),
            Err(DecodeError::InvalidLength { offset: 1 })
        );
    }

    #[test]
    fn parse_parent_annce_rsp() {
        let bytes = [
            0x10, // TSN
            0x00, // Status: SUCCESS
            0x01, // NumberOfChildren 1
            0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11, // child 11:12:13:14:15:16:17:18
        ];
        let f = ParentAnnceRsp::parse(&bytes).unwrap();
        assert_eq!(f.status, ZdpStatus::Success);
        assert_eq!(f.children, List::from_items(&[0x1112_1314_1516_1718]));
        check_emit(&bytes, f.encoded_len(), |b| f.emit(b));
        check_prefixes_fail(&bytes, ParentAnnceRsp::parse);
    }

    proptest! {
        #[test]
        fn roundtrip_annce(tsn: u8, nwk: u16, ieee: u64, cap: u8,
                           kids in proptest::collection::vec(any::<u64>(), 0..20),
                           trailing in proptest::collection::vec(any::<u8>(), 0..4)) {
            let mut buf = [0u8; 256];
            let a = DeviceAnnce { tsn, nwk_addr: nwk, ieee_addr: ieee,
                capability: MacCapabilityFlags::from_bits_retain(cap), trailing: &trailing };
            let n = a.emit(&mut buf).unwrap();
            prop_assert_eq!(DeviceAnnce::parse(&buf[..n]).unwrap(), a);
            let p = ParentAnnce { tsn, children: List::from_items(&kids), trailing: &trailing };
            let n = p.emit(&mut buf).unwrap();
            prop_assert_eq!(n, p.encoded_len());
            prop_assert_eq!(ParentAnnce::parse(&buf[..n]).unwrap(), p);
            let r = ParentAnnceRsp { tsn, status: ZdpStatus::from_u8(cap),
                children: List::from_items(&kids), trailing: &trailing };
            let n = r.emit(&mut buf).unwrap();
            prop_assert_eq!(ParentAnnceRsp::parse(&buf[..n]).unwrap(), r);
        }
    }
}
