//! Write Attributes, Write Attributes Undivided, Write Attributes No Response (ZCL 2.5.3,
//! 2.5.4, 2.5.6) and Write Attributes Response (ZCL 2.5.5).

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::{list_command, status_list_command, Record, Records, StatusRecord};
use crate::status::Status;
use crate::value::{AttributeValue, RawValue, Value};

/// An attribute id with a value: the write attribute record of Write Attributes (ZCL 2.5.3.1)
/// and the attribute report of Report Attributes (ZCL 2.5.11.1). Wire: attribute id (u16), data
/// type id (u8), value. The data type is the value's. `V` is the value form: the typed [`Value`]
/// ([`AttributeRecord`]), the undecoded [`RawValue`] ([`RawAttributeRecord`]), or any other
/// [`AttributeValue`].
///
/// A record with a data type id the ZCL does not define cannot be read (its length is unknown):
/// the iterator yields [`DecodeError::UnknownDataType`] at the type id byte and ends.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct AttributeRecordOf<V> {
    /// The attribute.
    pub attribute_id: u16,
    /// Its value, borrowed from the payload when parsed.
    pub value: V,
}

/// An attribute record with a typed value.
pub type AttributeRecord<'a> = AttributeRecordOf<Value<'a>>;

/// An attribute record with its value left undecoded.
pub type RawAttributeRecord<'a> = AttributeRecordOf<RawValue<'a>>;

impl<'a, V: AttributeValue<'a>> Record<'a> for AttributeRecordOf<V> {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        V::parse_typed(r).map(|value| AttributeRecordOf {
            attribute_id,
            value,
        })
    }
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        let attribute_id = r.u16_or_none()?;
        V::read_typed(r).map(|value| AttributeRecordOf {
            attribute_id,
            value,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3 + self.value.encoded_len()
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.attribute_id)?;
        w.u8(self.value.data_type().to_u8())?;
        self.value.emit_to(w)
    }
}

list_command! {
    /// Write Attributes (0x02, ZCL 2.5.3), Write Attributes Undivided (0x03, ZCL 2.5.4) and
    /// Write Attributes No Response (0x05, ZCL 2.5.6), which share this payload: write
    /// attribute records (attribute id, data type, value).
    view WriteAttributes;
    /// Encoder of Write Attributes (and of its Undivided and No Response forms).
    repr WriteAttributesRepr;
    /// The write attribute records, read lazily.
    records records: AttributeRecord<'a>;
}

impl<'a> WriteAttributes<'a> {
    /// The write attribute records with values of the form `V`, read lazily (the runtime of a
    /// device reads them as [`RawValue`]s or its own stored form).
    #[inline]
    pub fn records_of<V: AttributeValue<'a>>(&self) -> Records<'a, AttributeRecordOf<V>> {
        Records::new(self.payload(), 0)
    }
}

/// A write attribute status record (ZCL 2.5.5.1): the status of one attribute that could not be
/// written. Wire: status (u8), attribute id (u16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WriteAttributeStatusRecord {
    /// Why the write failed (SUCCESS only in a device's long form).
    pub status: Status,
    /// The attribute.
    pub attribute_id: u16,
}

impl<'a> Record<'a> for WriteAttributeStatusRecord {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let status = Status::from_u8(r.u8()?);
        let attribute_id = r.u16()?;
        Ok(WriteAttributeStatusRecord {
            status,
            attribute_id,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.status.to_u8())?;
        w.u16(self.attribute_id)
    }
}

impl StatusRecord for WriteAttributeStatusRecord {
    #[inline]
    fn status(&self) -> Status {
        self.status
    }
}

status_list_command! {
    /// Write Attributes Response (0x04, ZCL 2.5.5): write attribute status records for the
    /// attributes that failed, or the short form (a single SUCCESS byte) when all were written.
    view WriteAttributesResponse;
    /// Encoder of Write Attributes Response.
    repr WriteAttributesResponseRepr;
    records WriteAttributeStatusRecord;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;
    use proptest::prelude::*;

    #[test]
    fn parse_and_emit_write_attributes() {
        // Checked against zigpy: Write Attributes schema serialize([Attribute(0x0010,
        // TypeValue(uint8, 0x2a)), Attribute(0x4000, TypeValue(CharacterString, "ab"))]).
        let bytes = [
            0x10, 0x00, // attribute id 0x0010
            0x20, // data type: uint8
            0x2a, // value: 42
            0x00, 0x40, // attribute id 0x4000
            0x42, // data type: character string
            0x02, b'a', b'b', // value: length 2, "ab"
        ];
        let v = WriteAttributes::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                AttributeRecord {
                    attribute_id: 0x0010,
                    value: Value::Uint8(42)
                },
                AttributeRecord {
                    attribute_id: 0x4000,
                    value: Value::CharString(Some(b"ab"))
                },
            ]
        );
        let repr = WriteAttributesRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_write_attributes_with_unknown_type_or_cut_value() {
        let bytes = [
            0x10, 0x00, 0x20, 0x2a, // a good uint8 record
            0x11, 0x00, // attribute id 0x0011
            0x03, // data type 0x03: not defined, its length is unknown
            0x00,
        ];
        let got: Vec<_> = WriteAttributes::parse(&bytes).unwrap().records().collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err(DecodeError::UnknownDataType {
                offset: 6,
                type_id: 0x03
            })
        );
        // A uint32 with only two of its bytes.
        let bytes = [0x10, 0x00, 0x23, 0x01, 0x02];
        let got: Vec<_> = WriteAttributes::parse(&bytes).unwrap().records().collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 3,
                needed: 2
            })]
        );
        // A string whose length runs past the end of the payload.
        let bytes = [0x10, 0x00, 0x42, 0x05, b'a'];
        let got: Vec<_> = WriteAttributes::parse(&bytes).unwrap().records().collect();
        assert_eq!(got.len(), 1);
        // The value starts at byte 3 (its length byte); four of its five bytes are missing.
        assert!(
            matches!(got[0], Err(DecodeError::Truncated { .. })),
            "{:?}",
            got[0]
        );
        // An attribute id without a type.
        let got: Vec<_> = WriteAttributes::parse(&[0x10, 0x00])
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
    }

    #[test]
    fn parse_and_emit_write_attributes_response_short_form() {
        // Checked against zigpy: WriteAttributesResponse([WriteAttributesStatusRecord(SUCCESS)])
        // serializes to the single byte 00.
        let bytes = [
            0x00, // status: success, attribute id omitted (every write succeeded)
        ];
        let v = WriteAttributesResponse::parse(&bytes).unwrap();
        assert!(v.is_short_form());
        assert!(v.all_succeeded());
        assert_eq!(v.records().count(), 0);
        let none: [WriteAttributeStatusRecord; 0] = [];
        let repr = WriteAttributesResponseRepr::new(&none[..]);
        assert!(repr.writes_short_form());
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        // Successful records also give the short form.
        let ok = [WriteAttributeStatusRecord {
            status: Status::Success,
            attribute_id: 0x0010,
        }];
        let repr = WriteAttributesResponseRepr::new(&ok[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_and_emit_write_attributes_response_long_form() {
        // Checked against zigpy: WriteAttributesStatusRecord(READ_ONLY, 0x0000) and
        // (UNSUPPORTED_ATTRIBUTE, 0x4003) serialize to these bytes.
        let bytes = [
            0x88, // status: read_only
            0x00, 0x00, // attribute id 0x0000
            0x86, // status: unsupported_attribute
            0x03, 0x40, // attribute id 0x4003
        ];
        let v = WriteAttributesResponse::parse(&bytes).unwrap();
        assert!(!v.is_short_form());
        assert!(!v.all_succeeded());
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                WriteAttributeStatusRecord {
                    status: Status::ReadOnly,
                    attribute_id: 0
                },
                WriteAttributeStatusRecord {
                    status: Status::UnsupportedAttribute,
                    attribute_id: 0x4003
                },
            ]
        );
        let repr = WriteAttributesResponseRepr::new(&recs[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn emit_leaves_successful_records_out_of_a_mixed_list() {
        let recs = [
            WriteAttributeStatusRecord {
                status: Status::Success,
                attribute_id: 0x0010,
            },
            WriteAttributeStatusRecord {
                status: Status::InvalidValue,
                attribute_id: 0x0011,
            },
        ];
        let bytes = [
            0x87, // status: invalid_value
            0x11, 0x00, // attribute id 0x0011; the successful 0x0010 is not listed
        ];
        let repr = WriteAttributesResponseRepr::new(&recs[..]);
        assert!(!repr.writes_short_form());
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        let long = [0x00, 0x10, 0x00, 0x87, 0x11, 0x00];
        let repr = WriteAttributesResponseRepr::with_long_form(&recs[..]);
        check_emit(&long, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn parse_and_emit_long_form_of_successes() {
        // Some devices answer with SUCCESS records that carry the attribute id.
        let bytes = [
            0x00, // status: success
            0x10, 0x00, // attribute id 0x0010
        ];
        let v = WriteAttributesResponse::parse(&bytes).unwrap();
        assert!(!v.is_short_form());
        assert!(v.all_succeeded());
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        let repr = WriteAttributesResponseRepr::with_long_form(&recs[..]);
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
        let short = WriteAttributesResponseRepr::new(&recs[..]);
        check_emit(&[0x00], short.encoded_len(), |b| short.emit(b));
    }

    #[test]
    fn rejects_truncated_status_records() {
        // A failure status with its attribute id cut short.
        let bytes = [0x88, 0x00, 0x00, 0x86, 0x03];
        let got: Vec<_> = WriteAttributesResponse::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[1],
            Err(DecodeError::Truncated {
                offset: 4,
                needed: 1
            })
        );
        // A single non-success byte is not the short form: its attribute id is missing.
        let got: Vec<_> = WriteAttributesResponse::parse(&[0x86])
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 1,
                needed: 2
            })]
        );
    }

    proptest! {
        #[test]
        fn roundtrip_write_attributes(
            recs in proptest::collection::vec(crate::foundation::test_util::attribute_record(), 0..8)
        ) {
            let repr = WriteAttributesRepr { records: &recs[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            prop_assert_eq!(n, buf.len());
            let back: Vec<_> = WriteAttributes::parse(&buf)
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(&back, &recs);
            // And the bytes come back the same from the parsed records.
            let mut again = vec![0xffu8; n];
            WriteAttributesRepr { records: &back[..] }.emit(&mut again).unwrap();
            prop_assert_eq!(again, buf);
        }
    }

    fn status_record() -> impl Strategy<Value = WriteAttributeStatusRecord> {
        (any::<u8>(), any::<u16>()).prop_map(|(s, a)| WriteAttributeStatusRecord {
            status: Status::from_u8(s),
            attribute_id: a,
        })
    }

    proptest! {
        #[test]
        fn roundtrip_write_attributes_response(recs in proptest::collection::vec(status_record(), 0..20)) {
            let repr = WriteAttributesResponseRepr::new(&recs[..]);
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let v = WriteAttributesResponse::parse(&buf[..n]).unwrap();
            let back: Vec<_> = v.records().collect::<Result<_, _>>().unwrap();
            // Successful records are left out; none left gives the short form.
            let failed: Vec<_> = recs.iter().copied().filter(|r| !r.status.is_success()).collect();
            prop_assert_eq!(v.is_short_form(), failed.is_empty());
            prop_assert_eq!(back, failed);
            // The long form keeps every record.
            let repr = WriteAttributesResponseRepr::with_long_form(&recs[..]);
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let back: Vec<_> = WriteAttributesResponse::parse(&buf[..n])
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            if recs.is_empty() {
                prop_assert_eq!(n, 0);
            } else {
                prop_assert_eq!(back, recs);
            }
        }

        #[test]
        fn roundtrip_write_attributes_response_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let v = WriteAttributesResponse::parse(&bytes).unwrap();
            if let Ok(recs) = v.records().collect::<Result<Vec<_>, _>>() {
                let repr = WriteAttributesResponseRepr {
                    records: &recs[..],
                    long_form: !v.is_short_form(),
                };
                let mut buf = vec![0xffu8; 64];
                let n = repr.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }
    }
}
