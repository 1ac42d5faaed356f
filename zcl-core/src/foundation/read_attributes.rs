//! Read Attributes (ZCL 2.5.1) and Read Attributes Response (ZCL 2.5.2).

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::{list_command, Record, Records};
use crate::status::Status;
use crate::value::{AttributeValue, Value};

list_command! {
    /// Read Attributes (0x00, ZCL 2.5.1): a list of attribute ids (u16 each) to read.
    view ReadAttributes;
    /// Encoder of Read Attributes.
    repr ReadAttributesRepr;
    /// The attribute ids, read lazily.
    records attribute_ids: u16;
}

/// A read attribute status record (ZCL 2.5.2.1). Wire: attribute id (u16), status (u8), and
/// only when the status is SUCCESS: data type id (u8) and value. `V` is the value form (see
/// [`AttributeRecordOf`](crate::foundation::AttributeRecordOf)).
///
/// A SUCCESS record whose data type id the ZCL does not define cannot be read (its length is
/// unknown): the iterator yields [`DecodeError::UnknownDataType`] at the type id byte and ends.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReadAttributeStatusRecordOf<V> {
    /// The attribute.
    pub attribute_id: u16,
    /// The outcome of reading it.
    pub status: Status,
    /// The value: present exactly when `status` is SUCCESS (emitting checks this).
    pub value: Option<V>,
}

/// A read attribute status record with a typed value.
pub type ReadAttributeStatusRecord<'a> = ReadAttributeStatusRecordOf<Value<'a>>;

impl<V> ReadAttributeStatusRecordOf<V> {
    /// A successful record carrying `value`.
    pub const fn success(attribute_id: u16, value: V) -> Self {
        ReadAttributeStatusRecordOf {
            attribute_id,
            status: Status::Success,
            value: Some(value),
        }
    }

    /// A failed record (`status` should not be SUCCESS).
    pub const fn failure(attribute_id: u16, status: Status) -> Self {
        ReadAttributeStatusRecordOf {
            attribute_id,
            status,
            value: None,
        }
    }
}

impl<'a, V: AttributeValue<'a>> Record<'a> for ReadAttributeStatusRecordOf<V> {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        let status = Status::from_u8(r.u8()?);
        if status.is_success() {
            V::parse_typed(r).map(|value| ReadAttributeStatusRecordOf::success(attribute_id, value))
        } else {
            Ok(ReadAttributeStatusRecordOf::failure(attribute_id, status))
        }
    }

    #[inline]
    fn encoded_len(&self) -> usize {
        3 + self.value.as_ref().map_or(0, |v| 1 + v.encoded_len())
    }

    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        if self.status.is_success() != self.value.is_some() {
            return Err(EncodeError::ValueOutOfRange {
                field: "read attribute status record: value present exactly on success",
            });
        }
        w.u16(self.attribute_id)?;
        w.u8(self.status.to_u8())?;
        if let Some(v) = &self.value {
            w.u8(v.data_type().to_u8())?;
            v.emit_to(w)?;
        }
        Ok(())
    }
}

list_command! {
    /// Read Attributes Response (0x01, ZCL 2.5.2): read attribute status records (attribute id,
    /// status, and a typed value on success). Also the answer to Read Attributes Structured.
    view ReadAttributesResponse;
    /// Encoder of Read Attributes Response.
    repr ReadAttributesResponseRepr;
    /// The read attribute status records, read lazily.
    records records: ReadAttributeStatusRecord<'a>;
}

impl<'a> ReadAttributesResponse<'a> {
    /// The read attribute status records with values of the form `V`, read lazily.
    #[inline]
    pub fn records_of<V: AttributeValue<'a>>(&self) -> Records<'a, ReadAttributeStatusRecordOf<V>> {
        Records::new(self.payload(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;
    use crate::DecodeError;
    use proptest::prelude::*;

    #[test]
    fn parse_and_emit_read_attributes() {
        // Checked against zigpy: foundation.GENERAL_COMMANDS[0x00] schema serialize([4, 5]).
        let bytes = [
            0x04, 0x00, // attribute id 0x0004 (Basic: manufacturer name)
            0x05, 0x00, // attribute id 0x0005 (Basic: model identifier)
        ];
        let v = ReadAttributes::parse(&bytes).unwrap();
        let ids: Vec<u16> = v.attribute_ids().map(Result::unwrap).collect();
        assert_eq!(ids, [0x0004, 0x0005]);
        let repr = ReadAttributesRepr {
            attribute_ids: &ids[..],
        };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        // An iterator of ids by value works as well.
        let repr = ReadAttributesRepr {
            attribute_ids: [4u16, 5],
        };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_empty_list() {
        let v = ReadAttributes::parse(&[]).unwrap();
        assert_eq!(v.attribute_ids().count(), 0);
        let repr = ReadAttributesRepr {
            attribute_ids: [0u16; 0],
        };
        check_emit(&[], repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_odd_length_with_offset_of_the_cut_id() {
        let bytes = [0x04, 0x00, 0x05];
        let v = ReadAttributes::parse(&bytes).unwrap();
        let got: Vec<_> = v.attribute_ids().collect();
        assert_eq!(
            got,
            [
                Ok(4),
                Err(DecodeError::Truncated {
                    offset: 2,
                    needed: 1
                })
            ]
        );
    }

    #[test]
    fn parse_and_emit_read_attributes_response() {
        // Checked against zigpy: ReadAttributeRecord(0x0004, SUCCESS, TypeValue(CharacterString,
        // "IKEA")), ReadAttributeRecord(0x0006, UNSUPPORTED_ATTRIBUTE),
        // ReadAttributeRecord(0x0000, SUCCESS, TypeValue(uint8, 3)).
        let bytes = [
            0x04, 0x00, // attribute id 0x0004 (manufacturer name)
            0x00, // status: success
            0x42, // data type: character string
            0x04, b'I', b'K', b'E', b'A', // length 4, "IKEA"
            0x06, 0x00, // attribute id 0x0006 (date code)
            0x86, // status: unsupported_attribute (no type, no value)
            0x00, 0x00, // attribute id 0x0000 (ZCL version)
            0x00, // status: success
            0x20, // data type: uint8
            0x03, // value: 3
        ];
        let v = ReadAttributesResponse::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                ReadAttributeStatusRecord::success(4, Value::CharString(Some(b"IKEA"))),
                ReadAttributeStatusRecord::failure(6, Status::UnsupportedAttribute),
                ReadAttributeStatusRecord::success(0, Value::Uint8(3)),
            ]
        );
        let repr = ReadAttributesResponseRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_and_emit_read_attributes_response_with_collection_and_non_value() {
        let bytes = [
            0x00, 0x40, // attribute id 0x4000
            0x00, // status: success
            0x48, // data type: array
            0x21, // element type: uint16
            0x02, 0x00, // element count: 2
            0x01, 0x00, 0xff, 0xff, // elements: 1 and the uint16 non-value 0xffff
            0x01, 0x40, // attribute id 0x4001
            0x00, // status: success
            0x29, // data type: int16
            0x00, 0x80, // value: 0x8000, the int16 non-value (a value, not an error)
        ];
        let v = ReadAttributesResponse::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(recs.len(), 2);
        let Some(Value::Array(seq)) = recs[0].value else {
            panic!("not an array: {:?}", recs[0]);
        };
        let elems: Vec<_> = seq.iter().map(Result::unwrap).collect();
        assert_eq!(elems, [Value::Uint16(1), Value::Uint16(0xffff)]);
        assert!(elems[1].is_non_value());
        assert_eq!(recs[1].value, Some(Value::Int16(i16::MIN)));
        let repr = ReadAttributesResponseRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_read_attributes_response_bad_records() {
        // Unknown data type in a success record: offset of the type byte.
        let bytes = [
            0x00, 0x00, 0x00, 0x20, 0x01, // attribute 0x0000: uint8 1
            0x01, 0x00, 0x00, // attribute 0x0001, success
            0x05, // data type 0x05: not defined
            0x00, 0x00,
        ];
        let got: Vec<_> = ReadAttributesResponse::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err(DecodeError::UnknownDataType {
                offset: 8,
                type_id: 0x05
            })
        );
        // Status cut off.
        let got: Vec<_> = ReadAttributesResponse::parse(&[0x00, 0x00])
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 2,
                needed: 1
            })]
        );
        // Success without a data type.
        let got: Vec<_> = ReadAttributesResponse::parse(&[0x00, 0x00, 0x00])
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 3,
                needed: 1
            })]
        );
        // A uint16 value with one byte.
        let got: Vec<_> = ReadAttributesResponse::parse(&[0x00, 0x00, 0x00, 0x21, 0x01])
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })]
        );
        // An array whose element count runs past the end.
        let bytes = [0x00, 0x00, 0x00, 0x48, 0x20, 0x05, 0x00, 0x01, 0x02];
        let got: Vec<_> = ReadAttributesResponse::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(got.len(), 1);
        assert!(got[0].is_err(), "{got:?}");
    }

    #[test]
    fn emit_rejects_inconsistent_status_and_value() {
        let mut buf = [0u8; 16];
        let bad = [ReadAttributeStatusRecord {
            attribute_id: 1,
            status: Status::Success,
            value: None,
        }];
        assert!(matches!(
            ReadAttributesResponseRepr { records: &bad[..] }.emit(&mut buf),
            Err(EncodeError::ValueOutOfRange { .. })
        ));
        let bad = [ReadAttributeStatusRecord {
            attribute_id: 1,
            status: Status::Failure,
            value: Some(Value::Uint8(1)),
        }];
        assert!(matches!(
            ReadAttributesResponseRepr { records: &bad[..] }.emit(&mut buf),
            Err(EncodeError::ValueOutOfRange { .. })
        ));
    }

    fn read_record() -> impl Strategy<Value = ReadAttributeStatusRecord<'static>> {
        prop_oneof![
            (any::<u16>(), crate::foundation::test_util::value())
                .prop_map(|(a, v)| ReadAttributeStatusRecord::success(a, v)),
            (any::<u16>(), 1u8..=255)
                .prop_map(|(a, s)| ReadAttributeStatusRecord::failure(a, Status::from_u8(s))),
        ]
    }

    proptest! {
        #[test]
        fn roundtrip_read_attributes_response(recs in proptest::collection::vec(read_record(), 0..8)) {
            let repr = ReadAttributesResponseRepr { records: &recs[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            prop_assert_eq!(n, buf.len());
            let back: Vec<_> = ReadAttributesResponse::parse(&buf)
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(&back, &recs);
            let mut again = vec![0xffu8; n];
            ReadAttributesResponseRepr { records: &back[..] }.emit(&mut again).unwrap();
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn roundtrip_read_attributes_response_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            // Whatever parses cleanly is written back byte for byte.
            let v = ReadAttributesResponse::parse(&bytes).unwrap();
            if let Ok(recs) = v.records().collect::<Result<Vec<_>, _>>() {
                let repr = ReadAttributesResponseRepr { records: &recs[..] };
                let mut buf = vec![0xffu8; repr.encoded_len()];
                let n = repr.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }

        #[test]
        fn roundtrip_read_attributes(ids in proptest::collection::vec(any::<u16>(), 0..40)) {
            let repr = ReadAttributesRepr { attribute_ids: &ids[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let back: Vec<u16> = ReadAttributes::parse(&buf[..n])
                .unwrap()
                .attribute_ids()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(back, ids);
        }

        #[test]
        fn roundtrip_read_attributes_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let v = ReadAttributes::parse(&bytes).unwrap();
            let ids: Result<Vec<u16>, _> = v.attribute_ids().collect();
            prop_assert_eq!(ids.is_ok(), bytes.len() % 2 == 0);
            if let Ok(ids) = ids {
                let mut buf = vec![0xffu8; bytes.len()];
                let n = ReadAttributesRepr { attribute_ids: &ids[..] }.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }
    }
}
