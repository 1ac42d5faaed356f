//! Read Attributes Structured (ZCL 2.5.15), Write Attributes Structured (2.5.16) and its
//! response (2.5.17): access to elements of array, set, bag and structure attributes.

use core::fmt;

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::foundation::{list_command, status_list_command, Record, StatusRecord};
use crate::status::Status;
use crate::value::Value;

/// The selector of a structured attribute access (ZCL 2.5.15.1.2): an indicator byte and up to
/// 15 u16 indexes that walk into nested arrays and structures.
///
/// The indicator's low nibble is the number of indexes. Its high nibble is kept as sent: Write
/// Attributes Structured uses it on sets and bags (0b0001 add the element, 0b0010 remove it,
/// ZCL 2.5.16.1.3); elsewhere it should be zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Selector {
    indicator: u8,
    // Unused entries stay zero so the derived equality compares only the used ones.
    indexes: [u16; Selector::MAX_INDEXES],
}

impl Selector {
    /// The most indexes a selector holds (the indicator's low nibble).
    pub const MAX_INDEXES: usize = 15;

    /// The selector with no indexes: the whole attribute.
    pub const WHOLE: Selector = Selector {
        indicator: 0,
        indexes: [0; Selector::MAX_INDEXES],
    };

    /// A selector with these indexes and a zero high nibble; `None` for more than 15.
    pub fn new(indexes: &[u16]) -> Option<Self> {
        let count = u8::try_from(indexes.len()).ok()?;
        Self::from_parts(count, indexes)
    }

    /// A selector from a raw indicator and its indexes; `None` unless the indicator's low
    /// nibble equals the number of indexes.
    pub fn from_parts(indicator: u8, indexes: &[u16]) -> Option<Self> {
        if usize::from(indicator & 0x0f) != indexes.len() {
            return None;
        }
        let mut s = Selector {
            indicator,
            indexes: [0; Self::MAX_INDEXES],
        };
        s.indexes.get_mut(..indexes.len())?.copy_from_slice(indexes);
        Some(s)
    }

    /// The indicator byte as sent.
    #[inline]
    pub const fn indicator(&self) -> u8 {
        self.indicator
    }

    /// The high nibble of the indicator (set/bag add or remove in Write Attributes Structured).
    #[inline]
    pub const fn operation(&self) -> u8 {
        self.indicator >> 4
    }

    /// The number of indexes.
    #[inline]
    pub const fn index_count(&self) -> usize {
        (self.indicator & 0x0f) as usize
    }

    /// The indexes, outermost first.
    #[inline]
    pub fn indexes(&self) -> &[u16] {
        self.indexes
            .get(..self.index_count())
            .unwrap_or(&self.indexes)
    }

    /// Reads a selector.
    pub fn parse_from(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let indicator = r.u8()?;
        let mut s = Selector {
            indicator,
            indexes: [0; Self::MAX_INDEXES],
        };
        let count = s.index_count();
        for slot in s.indexes.iter_mut().take(count) {
            *slot = r.u16()?;
        }
        Ok(s)
    }

    /// Bytes the selector takes.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        1 + 2 * self.index_count()
    }

    /// Writes the selector.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.indicator)?;
        for i in self.indexes() {
            w.u16(*i)?;
        }
        Ok(())
    }
}

impl Default for Selector {
    fn default() -> Self {
        Selector::WHOLE
    }
}

impl fmt::Debug for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Selector")
            .field("indicator", &self.indicator)
            .field("indexes", &self.indexes())
            .finish()
    }
}

/// An attribute record of Read Attributes Structured (ZCL 2.5.15.1). Wire: attribute id (u16),
/// selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct StructuredAttributeRecord {
    /// The attribute.
    pub attribute_id: u16,
    /// Which element of it.
    pub selector: Selector,
}

impl<'a> Record<'a> for StructuredAttributeRecord {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        let selector = Selector::parse_from(r)?;
        Ok(StructuredAttributeRecord {
            attribute_id,
            selector,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        2 + self.selector.encoded_len()
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.attribute_id)?;
        self.selector.emit_to(w)
    }
}

list_command! {
    /// Read Attributes Structured (0x0e, ZCL 2.5.15): (attribute id, selector) records. The
    /// answer is a Read Attributes Response.
    view ReadAttributesStructured;
    /// Encoder of Read Attributes Structured.
    repr ReadAttributesStructuredRepr;
    /// The attribute records, read lazily.
    records records: StructuredAttributeRecord;
}

/// A write attribute record of Write Attributes Structured (ZCL 2.5.16.1). Wire: attribute id
/// (u16), selector, data type id (u8), value (of the selected element, or of the whole
/// attribute for an empty selector).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WriteAttributeStructuredRecord<'a> {
    /// The attribute.
    pub attribute_id: u16,
    /// Which element to write (its high nibble: add to or remove from a set or bag).
    pub selector: Selector,
    /// The value to write.
    pub value: Value<'a>,
}

impl<'a> Record<'a> for WriteAttributeStructuredRecord<'a> {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let attribute_id = r.u16()?;
        let selector = Selector::parse_from(r)?;
        let value = Value::parse_typed(r)?;
        Ok(WriteAttributeStructuredRecord {
            attribute_id,
            selector,
            value,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3 + self.selector.encoded_len() + self.value.encoded_len()
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.attribute_id)?;
        self.selector.emit_to(w)?;
        w.u8(self.value.data_type().to_u8())?;
        self.value.emit_to(w)
    }
}

list_command! {
    /// Write Attributes Structured (0x0f, ZCL 2.5.16): (attribute id, selector, typed value)
    /// records.
    view WriteAttributesStructured;
    /// Encoder of Write Attributes Structured.
    repr WriteAttributesStructuredRepr;
    /// The write attribute records, read lazily.
    records records: WriteAttributeStructuredRecord<'a>;
}

/// A write attribute status record of Write Attributes Structured Response (ZCL 2.5.17.1).
/// Wire: status (u8), attribute id (u16), selector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct WriteAttributeStructuredStatusRecord {
    /// Why the write failed (SUCCESS only in a device's long form).
    pub status: Status,
    /// The attribute.
    pub attribute_id: u16,
    /// The element the write was for.
    pub selector: Selector,
}

impl<'a> Record<'a> for WriteAttributeStructuredStatusRecord {
    #[inline]
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let status = Status::from_u8(r.u8()?);
        let attribute_id = r.u16()?;
        let selector = Selector::parse_from(r)?;
        Ok(WriteAttributeStructuredStatusRecord {
            status,
            attribute_id,
            selector,
        })
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        3 + self.selector.encoded_len()
    }
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.status.to_u8())?;
        w.u16(self.attribute_id)?;
        self.selector.emit_to(w)
    }
}

impl StatusRecord for WriteAttributeStructuredStatusRecord {
    #[inline]
    fn status(&self) -> Status {
        self.status
    }
}

status_list_command! {
    /// Write Attributes Structured Response (0x10, ZCL 2.5.17): status records for the writes
    /// that failed, or the short form (a single SUCCESS byte) when all succeeded.
    view WriteAttributesStructuredResponse;
    /// Encoder of Write Attributes Structured Response.
    repr WriteAttributesStructuredResponseRepr;
    records WriteAttributeStructuredStatusRecord;
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::foundation::test_util::check_emit;
    use proptest::prelude::*;

    #[test]
    fn selector_keeps_high_bits_and_compares_used_indexes() {
        let s = Selector::from_parts(0x12, &[7, 9]).unwrap();
        assert_eq!(s.operation(), 1);
        assert_eq!(s.index_count(), 2);
        assert_eq!(s.indexes(), &[7, 9]);
        assert_eq!(Selector::new(&[7, 9]).unwrap().indicator(), 0x02);
        assert_eq!(Selector::from_parts(0x13, &[7, 9]), None);
        assert_eq!(Selector::new(&[0; 16]), None);
        assert_eq!(Selector::new(&[0; 15]).unwrap().encoded_len(), 31);
        assert_eq!(Selector::new(&[]).unwrap(), Selector::WHOLE);
    }

    #[test]
    fn parse_and_emit_read_attributes_structured() {
        // Checked against zigpy: ReadAttributeStructured(0x4000, Selector(depth=2, [3, 1])),
        // ReadAttributeStructured(0x4001, Selector(depth=0)) serialize to these bytes.
        let bytes = [
            0x00, 0x40, // attribute id 0x4000
            0x02, // selector indicator: 2 indexes
            0x03, 0x00, // index 3 (fourth element of the outer array)
            0x01, 0x00, // index 1 (first member of that structure)
            0x01, 0x40, // attribute id 0x4001
            0x00, // selector indicator: whole attribute
        ];
        let v = ReadAttributesStructured::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                StructuredAttributeRecord {
                    attribute_id: 0x4000,
                    selector: Selector::new(&[3, 1]).unwrap()
                },
                StructuredAttributeRecord {
                    attribute_id: 0x4001,
                    selector: Selector::WHOLE
                },
            ]
        );
        let repr = ReadAttributesStructuredRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_selector_whose_indexes_run_past_the_end() {
        let bytes = [
            0x00, 0x40, // attribute id
            0x03, // indicator: 3 indexes, only one and a half follow
            0x01, 0x00, 0x02,
        ];
        let got: Vec<_> = ReadAttributesStructured::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })]
        );
    }

    #[test]
    fn parse_and_emit_write_attributes_structured() {
        // Checked against zigpy: WriteAttributeStructured records (the second with
        // SelectorOperation.Add) serialize to these bytes.
        let bytes = [
            0x00, 0x40, // attribute id 0x4000
            0x01, // selector indicator: 1 index
            0x02, 0x00, // index 2
            0x21, // data type: uint16
            0x34, 0x12, // value 0x1234
            0x01, 0x40, // attribute id 0x4001 (a set)
            0x10, // selector indicator: add element (high nibble 1), no index
            0x20, // data type: uint8
            0x07, // value 7
            0x02, 0x40, // attribute id 0x4002
            0x00, // selector: whole attribute
            0x42, // data type: character string
            0x02, b'o', b'k', // value "ok"
        ];
        let v = WriteAttributesStructured::parse(&bytes).unwrap();
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                WriteAttributeStructuredRecord {
                    attribute_id: 0x4000,
                    selector: Selector::new(&[2]).unwrap(),
                    value: Value::Uint16(0x1234),
                },
                WriteAttributeStructuredRecord {
                    attribute_id: 0x4001,
                    selector: Selector::from_parts(0x10, &[]).unwrap(),
                    value: Value::Uint8(7),
                },
                WriteAttributeStructuredRecord {
                    attribute_id: 0x4002,
                    selector: Selector::WHOLE,
                    value: Value::CharString(Some(b"ok")),
                },
            ]
        );
        assert_eq!(recs[1].selector.operation(), 1);
        let repr = WriteAttributesStructuredRepr { records: &recs[..] };
        check_emit(&bytes, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_write_attributes_structured_bad_records() {
        // Unknown data type after the selector: offset of the type byte.
        let bytes = [0x00, 0x40, 0x01, 0x02, 0x00, 0x03, 0x00];
        let got: Vec<_> = WriteAttributesStructured::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::UnknownDataType {
                offset: 5,
                type_id: 0x03
            })]
        );
        // Selector indexes run into the end: no data type left.
        let bytes = [0x00, 0x40, 0x02, 0x02, 0x00, 0x21];
        let got: Vec<_> = WriteAttributesStructured::parse(&bytes)
            .unwrap()
            .records()
            .collect();
        assert_eq!(
            got,
            [Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })]
        );
    }

    #[test]
    fn parse_and_emit_write_attributes_structured_response() {
        let short = [
            0x00, // status: success; attribute id and selector omitted
        ];
        let v = WriteAttributesStructuredResponse::parse(&short).unwrap();
        assert!(v.is_short_form());
        assert_eq!(v.records().count(), 0);
        let none: [WriteAttributeStructuredStatusRecord; 0] = [];
        let repr = WriteAttributesStructuredResponseRepr::new(&none[..]);
        check_emit(&short, repr.encoded_len(), |b| repr.emit(b));

        // Checked against zigpy: WriteAttributesStructuredResponse of these two failed
        // records serializes to these bytes.
        let long = [
            0x8e, // status: invalid_selector
            0x00, 0x40, // attribute id 0x4000
            0x01, // selector indicator: 1 index
            0x05, 0x00, // index 5
            0x8d, // status: invalid_data_type
            0x01, 0x40, // attribute id 0x4001
            0x00, // selector: whole attribute
        ];
        let v = WriteAttributesStructuredResponse::parse(&long).unwrap();
        assert!(!v.is_short_form());
        assert!(!v.all_succeeded());
        let recs: Vec<_> = v.records().map(Result::unwrap).collect();
        assert_eq!(
            recs,
            [
                WriteAttributeStructuredStatusRecord {
                    status: Status::InvalidSelector,
                    attribute_id: 0x4000,
                    selector: Selector::new(&[5]).unwrap()
                },
                WriteAttributeStructuredStatusRecord {
                    status: Status::InvalidDataType,
                    attribute_id: 0x4001,
                    selector: Selector::WHOLE
                },
            ]
        );
        let repr = WriteAttributesStructuredResponseRepr::new(&recs[..]);
        check_emit(&long, repr.encoded_len(), |b| repr.emit(b));
    }

    #[test]
    fn rejects_truncated_structured_status_record() {
        let bytes = [0x8e, 0x00, 0x40];
        let got: Vec<_> = WriteAttributesStructuredResponse::parse(&bytes)
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
    }

    /// Any selector, high nibble included.
    pub(crate) fn selector() -> impl Strategy<Value = Selector> {
        (0u8..16, proptest::collection::vec(any::<u16>(), 0..=15)).prop_map(|(high, idx)| {
            let count = u8::try_from(idx.len()).unwrap();
            Selector::from_parts((high << 4) | count, &idx).unwrap()
        })
    }

    proptest! {
        #[test]
        fn roundtrip_read_attributes_structured(
            recs in proptest::collection::vec(
                (any::<u16>(), selector()).prop_map(|(a, s)| StructuredAttributeRecord {
                    attribute_id: a,
                    selector: s,
                }),
                0..10,
            )
        ) {
            let repr = ReadAttributesStructuredRepr { records: &recs[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            let back: Vec<_> = ReadAttributesStructured::parse(&buf[..n])
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(back, recs);
        }

        #[test]
        fn roundtrip_write_attributes_structured(
            recs in proptest::collection::vec(
                (any::<u16>(), selector(), crate::foundation::test_util::value()).prop_map(
                    |(a, s, v)| WriteAttributeStructuredRecord {
                        attribute_id: a,
                        selector: s,
                        value: v,
                    },
                ),
                0..8,
            )
        ) {
            let repr = WriteAttributesStructuredRepr { records: &recs[..] };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf).unwrap();
            prop_assert_eq!(n, buf.len());
            let back: Vec<_> = WriteAttributesStructured::parse(&buf)
                .unwrap()
                .records()
                .collect::<Result<_, _>>()
                .unwrap();
            prop_assert_eq!(&back, &recs);
            let mut again = vec![0xffu8; n];
            WriteAttributesStructuredRepr { records: &back[..] }.emit(&mut again).unwrap();
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn roundtrip_write_attributes_structured_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..48)
        ) {
            let v = WriteAttributesStructured::parse(&bytes).unwrap();
            if let Ok(recs) = v.records().collect::<Result<Vec<_>, _>>() {
                let mut buf = vec![0xffu8; bytes.len()];
                let n = WriteAttributesStructuredRepr { records: &recs[..] }.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }

        #[test]
        fn roundtrip_write_attributes_structured_response_bytes(
            bytes in proptest::collection::vec(any::<u8>(), 0..60)
        ) {
            let v = WriteAttributesStructuredResponse::parse(&bytes).unwrap();
            if let Ok(recs) = v.records().collect::<Result<Vec<_>, _>>() {
                let repr = WriteAttributesStructuredResponseRepr {
                    records: &recs[..],
                    long_form: !v.is_short_form(),
                };
                let mut buf = vec![0xffu8; 128];
                let n = repr.emit(&mut buf).unwrap();
                prop_assert_eq!(&buf[..n], &bytes[..]);
            }
        }
    }
}
