//! Discover Attributes (ZCL 2.5.13) and its response (2.5.14), Discover Commands Received and
//! Generated (2.5.18 - 2.5.21), Discover Attributes Extended (2.5.22) and its response (2.5.23).

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::{discovery_response, impl_emit, Record};
use crate::types::DataType;

/// Discover Attributes (0x0c, ZCL 2.5.13) and Discover Attributes Extended (0x15, ZCL 2.5.22),
/// which share this payload: the first attribute id to report and how many at most.
/// This fixed-size command is both the parsed view and the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DiscoverAttributes {
    /// The attribute id to start from (inclusive).
    pub start_attribute_id: u16,
    /// The most attribute records the response may carry.
    pub max_attribute_ids: u8,
}

impl DiscoverAttributes {
    /// Bytes of the payload.
    pub const LEN: usize = 3;

    /// Reads the payload; bytes after the fields are rejected ([`DecodeError::TrailingBytes`]).
    #[inline]
    pub fn parse(payload: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(payload);
        let start_attribute_id = r.u16()?;
        let max_attribute_ids = r.u8()?;
        r.finish()?;
        Ok(DiscoverAttributes {
            start_attribute_id,
            max_attribute_ids,
        })
    }

    /// Reads the payload like [`Self::parse`], `None` where it fails (no error details: the
    /// device firmware's path).
    pub fn read(payload: &[u8]) -> Option<Self> {
        match *payload {
            [lo, hi, max_attribute_ids] => Some(DiscoverAttributes {
                start_attribute_id: u16::from_le_bytes([lo, hi]),
                max_attribute_ids,
            }),
            _ => None,
        }
    }

    /// Bytes [`Self::emit`] writes.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        Self::LEN
    }

    /// Writes the payload at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.start_attribute_id)?;
        w.u8(self.max_attribute_ids)
    }

    impl_emit!();
}

/// Discover Commands Received (0x11, ZCL 2.5.18) and Discover Commands Generated (0x13,
/// ZCL 2.5.20), which share this payload: the first command id to report and how many at most.
/// This fixed-size command is both the parsed view and the encoder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DiscoverCommands {
    /// The command id to start from (inclusive).
    pub start_command_id: u8,
    /// The most command ids the response may carry.
    pub max_command_ids: u8,
}

impl DiscoverCommands {
    /// Bytes of the payload.
    pub const LEN: usize = 2;

    /// Reads the payload; bytes after the fields are rejected ([`DecodeError::TrailingBytes`]).
    #[inline]
    pub fn parse(payload: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(payload);
        let start_command_id = r.u8()?;
        let max_command_ids = r.u8()?;
        r.finish()?;
        Ok(DiscoverCommands {
            start_command_id,
            max_command_ids,
        })
    }

    /// Reads the payload like [`Self::parse`], `None` where it fails (no error details: the
    /// device firmware's path).
    pub fn read(payload: &[u8]) -> Option<Self> {
        match *payload {
            [start_command_id, max_command_ids] => Some(DiscoverCommands {
                start_command_id,
                max_command_ids,
            }),
            _ => None,
        }
    }

    /// Bytes [`Self::emit`] writes.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        Self::LEN
    }

    /// Writes the payload at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.start_command_id)?;
        w.u8(self.max_command_ids)
    }

    impl_emit!();
}

/// An attribute information record of Discover Attributes Response (ZCL 2.5.14.1).
/// Wire: attribute id (u16), data type id (u8; unknown ids are kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DiscoveredAttribute {
    /// The attribute.
    pub attribute_id: u16,
    /// Its data type.
    pub data_type: DataType,
}

impl<'a> Record<'a> for DiscoveredAttribute {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        let data_type = DataType::from_u8(r.u8()?);
        Ok(DiscoveredAttribute {
            attribute_id,
            data_type,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.attribute_id)?;
        w.u8(self.data_type.to_u8())
    }
}

/// The attribute access control bitmap of Discover Attributes Extended Response
/// (ZCL 2.5.23.1.3). Undefined bits are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AttributeAccessControl(pub u8);

impl AttributeAccessControl {
    /// Bit 0: the attribute can be read.
    pub const READABLE: u8 = 0x01;
    /// Bit 1: the attribute can be written.
    pub const WRITEABLE: u8 = 0x02;
    /// Bit 2: the attribute can be reported.
    pub const REPORTABLE: u8 = 0x04;

    /// Whether the attribute can be read.
    #[inline]
    pub const fn readable(self) -> bool {
        self.0 & Self::READABLE != 0
    }
    /// Whether the attribute can be written.
    #[inline]
    pub const fn writeable(self) -> bool {
        self.0 & Self::WRITEABLE != 0
    }
    /// Whether the attribute can be reported.
    #[inline]
    pub const fn reportable(self) -> bool {
        self.0 & Self::REPORTABLE != 0
    }
}

/// An extended attribute information record of Discover Attributes Extended Response
/// (ZCL 2.5.23.1). Wire: attribute id (u16), data type id (u8), access control (map8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DiscoveredAttributeExtended {
    /// The attribute.
    pub attribute_id: u16,
    /// Its data type.
    pub data_type: DataType,
    /// How it may be accessed.
    pub access_control: AttributeAccessControl,
}

impl<'a> Record<'a> for DiscoveredAttributeExtended {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        let data_type = DataType::from_u8(r.u8()?);
        let access_control = AttributeAccessControl(r.u8()?);
        Ok(DiscoveredAttributeExtended {
            attribute_id,
            data_type,
            access_control,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        4
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.attribute_id)?;
        w.u8(self.data_type.to_u8())?;
        w.u8(self.access_control.0)
    }
}

discovery_response! {
    /// Discover Attributes Response (0x0d, ZCL 2.5.14): a discovery-complete byte and
    /// (attribute id, data type) records.
    view DiscoverAttributesResponse;
    /// Encoder of Discover Attributes Response.
    repr DiscoverAttributesResponseRepr;
    /// The attribute information records, read lazily (offsets count the leading byte).
    records attributes: DiscoveredAttribute;
}

discovery_response! {
    /// Discover Attributes Extended Response (0x16, ZCL 2.5.23): a discovery-complete byte and
    /// (attribute id, data type, access control) records.
    view DiscoverAttributesExtendedResponse;
    /// Encoder of Discover Attributes Extended Response.
    repr DiscoverAttributesExtendedResponseRepr;
    /// The extended attribute information records, read lazily.
    records attributes: DiscoveredAttributeExtended;
}

discovery_response! {
    /// Discover Commands Received Response (0x12, ZCL 2.5.19) and Discover Commands Generated
    /// Response (0x14, ZCL 2.5.21), which share this payload: a discovery-complete byte and
    /// command ids (u8 each).
    view DiscoverCommandsResponse;
    /// Encoder of Discover Commands Received/Generated Response.
    repr DiscoverCommandsResponseRepr;
    /// The command ids, read lazily.
    records command_ids: u8;
}

#[cfg(test)]
mod tests {

    #[test]
    fn reads_agree_with_parse() {
        let bytes = [0x00, 0x10, 0x05, 0x07];
        for end in 0..=bytes.len() {
            let part = &bytes[..end];
            assert_eq!(
                DiscoverAttributes::read(part),
                DiscoverAttributes::parse(part).ok()
            );
            assert_eq!(
                DiscoverCommands::read(part),
                DiscoverCommands::parse(part).ok()
            );
        }
        assert_eq!(
            DiscoverAttributes::read(&bytes[..3]),
            Some(DiscoverAttributes {
                start_attribute_id: 0x1000,
                max_attribute_ids: 5
            })
        );
        assert_eq!(
            DiscoverCommands::read(&bytes[..2]),
            Some(DiscoverCommands {
                start_command_id: 0,
                max_command_ids: 0x10
            })
        );
    }

    use super::*;
    use crate::foundation::test_util::check_emit;
    use proptest::prelude::*;

    #[test]
    fn parse_and_emit_discover_attributes() {
        // Checked against zigpy: Discover Attributes schema serialize(0x0000, 0x10) -> 00 00 10.
        let bytes = [
            0x00, 0x00, // start attribute id 0x0000
            0x10, // max attribute ids: 16
        ];
        let d = DiscoverAttributes::parse(&bytes).unwrap();
        assert_eq!(
            d,
            DiscoverAttributes {
                start_attribute_id: 0,
                max_attribute_ids: 16
            }
        );
        check_emit(&bytes, d.encoded_len(), |b| d.emit(b));
    }

    #[test]
    fn rejects_truncated_or_long_discover_attributes() {
        assert_eq!(
            DiscoverAttributes::parse(&[0x00, 0x00]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 1
            })
        );
        assert_eq!(
            DiscoverAttributes::parse(&[0x00]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        assert_eq!(
            DiscoverAttributes::parse(&[0x00, 0x00, 0x10, 0x00]),
            Err(DecodeError::TrailingBytes { offset: 3 })
        );
    }

    #[test]
    fn parse_and_emit_discover_commands() {
        let bytes = [
            0x00, // start command id 0x00
            0xff, // max command ids: 255
        ];
        let d = DiscoverCommands::parse(&bytes).unwrap();
        assert_eq!(d.start_command_id, 0);
        assert_eq!(d.max_command_ids, 0xff);
        check_emit(&bytes, d.encoded_len(), |b| d.emit(b));
        assert_eq!(
            DiscoverCommands::parse(&[0x00]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
        assert_eq!(
            DiscoverCommands::parse(&[0x00, 0x01, 0x02]),
            Err(DecodeError::TrailingBytes { offset: 2 })
        );
    }

    #[test]
    fn parse_and_emit_discover_attributes_response() {
        // Checked against zigpy: DiscoverAttributesResponseRecord(0x0000, uint8 0x20),
        // (0x0004, string 0x42) after a complete flag of 1.
        let bytes = [
            0x01, // discovery complete: yes
            0x00, 0x00, 0x20, // attribute 0x0000, uint8
            0x04, 0x00, 0x42, // attribute 0x0004, character string
            0x05, 0x00, 0x03, // attribute 0x0005, undefined type id 0x03 (kept)
        ];
        let v = DiscoverAttributesResponse::parse(&bytes).unwrap();
        assert!(v.is_complete());
        assert_eq!(v.discovery_complete(), 1);
        let recs: Vec<_> = v.attributes().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                DiscoveredAttribute {
                    attribute_id: 0,
                    data_type: DataType::Uint8
                },
                DiscoveredAttribute {
                    attribute_id: 4,
                    data_type: DataType::CharString
                },
                DiscoveredAttribute {
                    attribute_id: 5,
                    data_type: DataType::Unknown(3)
                },
            ]
        );
        let repr = DiscoverAttributesResponseRepr::new(true, &recs[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_discover_attributes_response_cut_records() {
        assert_eq!(
            DiscoverAttributesResponse::parse(&[]),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        let bytes = [0x00, 0x00, 0x00, 0x20, 0x04, 0x00];
        let v = DiscoverAttributesResponse::parse(&bytes).unwrap();
        assert!(!v.is_complete());
        let got: Vec<_> = v.attributes().collect();
        assert_eq!(
            got[1],
            Err(DecodeError::Truncated {
                offset: 6,
                needed: 1
            })
        );
    }

    #[test]
    fn parse_and_emit_discover_attributes_extended_response() {
        // Checked against zigpy: DiscoverAttributesExtendedResponseRecord (0x0000, 0x10, 5),
        // (0x0010, 0x21, 3), (0x0011, 0x30, 0xf8) after a complete flag of 0.
        let bytes = [
            0x00, // discovery complete: no, more attributes follow
            0x00, 0x00, 0x10, 0x05, // attribute 0x0000, bool, readable + reportable
            0x10, 0x00, 0x21, 0x03, // attribute 0x0010, uint16, readable + writeable
            0x11, 0x00, 0x30, 0xf8, // attribute 0x0011, enum8, undefined access bits (kept)
        ];
        let v = DiscoverAttributesExtendedResponse::parse(&bytes).unwrap();
        assert!(!v.is_complete());
        let recs: Vec<_> = v.attributes().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[0].data_type, DataType::Bool);
        assert!(recs[0].access_control.readable());
        assert!(!recs[0].access_control.writeable());
        assert!(recs[0].access_control.reportable());
        assert_eq!(recs[1].attribute_id, 0x10);
        assert!(recs[1].access_control.writeable());
        assert_eq!(recs[2].access_control, AttributeAccessControl(0xf8));
        let repr = DiscoverAttributesExtendedResponseRepr::new(false, &recs[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_truncated_extended_record() {
        let bytes = [0x01, 0x00, 0x00, 0x10];
        let got: Vec<_> = DiscoverAttributesExtendedResponse::parse(&bytes)
            .unwrap()
            .attributes()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })]
        );
    }

    #[test]
    fn parse_and_emit_discover_commands_response() {
        // Checked against zigpy: discover commands received response schema
        // serialize(True, [0x00, 0x01, 0x02, 0x40]).
        let bytes = [
            0x01, // discovery complete: yes
            0x00, 0x01, 0x02, 0x40, // command ids: off, on, toggle, off with effect
        ];
        let v = DiscoverCommandsResponse::parse(&bytes).unwrap();
        assert!(v.is_complete());
        let ids: Vec<u8> = v.command_ids().map(Result::unwrap).collect();
        assert_eq!(ids, [0x00, 0x01, 0x02, 0x40]);
        let repr = DiscoverCommandsResponseRepr::new(true, &ids[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        // A raw complete flag other than 0/1 is kept.
        let odd = [0x02];
        let v = DiscoverCommandsResponse::parse(&odd).unwrap();
        assert_eq!(v.command_ids().count(), 0);
        let repr = DiscoverCommandsResponseRepr {
            discovery_complete: v.discovery_complete(),
            command_ids: v.command_ids().map(Result::unwrap),
        };
        check_emit(&odd, repr.encoded_len(), |b| repr.emit(b));
    }

    fn discovered() -> impl Strategy<Value = DiscoveredAttributeExtended> {
        (any::<u16>(), any::<u8>(), any::<u8>()).prop_map(|(a, t, c)| DiscoveredAttributeExtended {
            attribute_id: a,
            data_type: DataType::from_u8(t),
            access_control: AttributeAccessControl(c),
        })
    }

    proptest! {
        #[test]
        fn roundtrip_discover_attributes_extended_response(
            complete in any::<u8>(),
            recs in proptest::collection::vec(discovered(), 0..20)
        ) {
            let repr = DiscoverAttributesExtendedResponseRepr {
                discovery_complete: complete,
                attributes: &recs[..],
            };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let v = DiscoverAttributesExtendedResponse::parse(&buf[..n]).unwrap();
            prop_assert_eq!(v.discovery_complete(), complete);
            let back: Vec<_> = v.attributes().collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(back, recs);
        }

        #[test]
        fn roundtrip_discover_attributes_response_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 1..40)
        ) {
            let v = DiscoverAttributesResponse::parse(&bytes).unwrap();
            let recs: Result<Vec<_>, _> = v.attributes().collect();
            prop_assert_eq!(recs.is_ok(), (bytes.len() - 1) % 3 == 0);
            if let Ok(recs) = recs {
                let repr = DiscoverAttributesResponseRepr {
                    discovery_complete: v.discovery_complete(),
                    attributes: &recs[..],
                };
                let mut buf = vec![0xffu8; 64];
                let n = repr.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }

        #[test]
        fn roundtrip_discover_commands_response(
            complete in any::<bool>(),
            ids in proptest::collection::vec(any::<u8>(), 0..40)
        ) {
            let repr = DiscoverCommandsResponseRepr::new(complete, &ids[..]);
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let v = DiscoverCommandsResponse::parse(&buf[..n]).unwrap();
            prop_assert_eq!(v.is_complete(), complete);
            let back: Vec<u8> = v.command_ids().collect::<Result<_, _>>().unwrap();
            prop_assert_eq!(back, ids);
        }
    }
}
