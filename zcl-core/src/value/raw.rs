//! [`RawValue`]: an attribute value kept as its data type and its wire bytes, and
//! [`AttributeValue`], the value side of the foundation records.

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::types::DataType;
use crate::value::Value;

/// An attribute value as it is on the wire: its data type and the bytes of its value (ZCL 2.6.2),
/// length prefix or collection header included, borrowed from the input. Nothing is decoded, so a
/// device that only stores, compares and copies values does not carry the typed [`Value`].
///
/// ```
/// use zcl_core::{value::RawValue, DataType, Reader};
/// // A character string "ab" (length 2), then a uint16 0x1234.
/// let bytes = [0x02, b'a', b'b', 0x34, 0x12];
/// let mut r = Reader::new(&bytes);
/// let s = RawValue::parse_scalar(DataType::CharString, &mut r).unwrap();
/// assert_eq!(s.bytes(), &[0x02, b'a', b'b']);
/// assert_eq!(s.string(), Some(Some(&b"ab"[..])));
/// let n = RawValue::parse_scalar(DataType::Uint16, &mut r).unwrap();
/// assert_eq!(n.uint(), Some(0x1234));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawValue<'a> {
    data_type: DataType,
    bytes: &'a [u8],
}

/// Length prefix of a string type: 1 or 2 bytes, `None` for other types.
const fn string_prefix(ty: DataType) -> Option<usize> {
    match ty {
        DataType::OctetString | DataType::CharString => Some(1),
        DataType::LongOctetString | DataType::LongCharString => Some(2),
        _ => None,
    }
}

impl<'a> RawValue<'a> {
    /// Reads a value of a fixed-size type or a string (ZCL 2.6.2), the types a device stores:
    /// no collection walking, so small firmware stays small. Collections give
    /// [`DecodeError::UnknownDataType`] (use [`RawValue::parse`]), as do undefined type ids.
    ///
    /// # Errors
    /// [`DecodeError::Truncated`] when the input ends early, [`DecodeError::UnknownDataType`]
    /// at the value's offset for a type this function does not read.
    pub fn parse_scalar(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let rest = r.rest();
        let len = if let Some(n) = data_type.fixed_size() {
            n
        } else if let Some(prefix) = string_prefix(data_type) {
            let l = if prefix == 2 {
                let l = r.u16()?;
                if l == 0xffff {
                    0
                } else {
                    usize::from(l)
                }
            } else {
                let l = r.u8()?;
                if l == 0xff {
                    0
                } else {
                    usize::from(l)
                }
            };
            r.take(l)?;
            return Ok(RawValue {
                data_type,
                bytes: rest.get(..prefix + l).unwrap_or(rest),
            });
        } else {
            return Err(DecodeError::UnknownDataType {
                offset: r.offset(),
                type_id: data_type.to_u8(),
            });
        };
        Ok(RawValue {
            data_type,
            bytes: r.take(len)?,
        })
    }

    /// Reads a value of any defined type; collections are walked (and checked) as
    /// [`Value::parse`] walks them.
    ///
    /// # Errors
    /// As [`Value::parse`].
    pub fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        if !data_type.is_collection() {
            return Self::parse_scalar(data_type, r);
        }
        let rest = r.rest();
        let before = r.remaining();
        Value::parse(data_type, r)?;
        let used = before - r.remaining();
        Ok(RawValue {
            data_type,
            bytes: rest.get(..used).unwrap_or(rest),
        })
    }

    /// The data type.
    pub const fn data_type(&self) -> DataType {
        self.data_type
    }

    /// The value's wire bytes (length prefix or collection header included).
    pub const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// A fixed-size value of at most 8 bytes as its little-endian bits (not sign-extended);
    /// `None` for other types.
    pub fn uint(&self) -> Option<u64> {
        let n = self.data_type.fixed_size().filter(|n| *n <= 8)?;
        let b = self.bytes.get(..n)?;
        Some(b.iter().rev().fold(0, |v, x| (v << 8) | u64::from(*x)))
    }

    /// The content of a string (without its length prefix): `Some(None)` is the non-value
    /// (length 0xff or 0xffff); `None` for other types.
    pub fn string(&self) -> Option<Option<&'a [u8]>> {
        let prefix = string_prefix(self.data_type)?;
        let non = self.bytes.get(..prefix)?.iter().all(|b| *b == 0xff);
        Some(if non {
            None
        } else {
            Some(self.bytes.get(prefix..)?)
        })
    }

    /// The typed value.
    ///
    /// # Errors
    /// Never for a value made by [`RawValue::parse`]; kept for symmetry with [`Value::parse`].
    pub fn to_value(&self) -> Result<Value<'a>, DecodeError> {
        Value::parse(self.data_type, &mut Reader::new(self.bytes))
    }
}

/// The value of an attribute record in a foundation command: the typed [`Value`], the
/// undecoded [`RawValue`], or a device's own stored form. The records of
/// [`crate::foundation`] read and write values through this trait.
pub trait AttributeValue<'a>: Sized {
    /// Reads a value of `data_type` (value bytes only, no type id).
    ///
    /// # Errors
    /// When the input is truncated or the type cannot be read.
    fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError>;

    /// Reads a value like [`AttributeValue::parse`], `None` where it fails, with no error
    /// details (the device firmware's path; see [`crate::foundation::Record::read`]).
    #[inline]
    fn read(data_type: DataType, r: &mut Reader<'a>) -> Option<Self> {
        Self::parse(data_type, r).ok()
    }

    /// [`AttributeValue::parse_typed`] without error details.
    #[inline]
    fn read_typed(r: &mut Reader<'a>) -> Option<Self> {
        let data_type = DataType::from_u8(r.u8_or_none()?);
        if let DataType::Unknown(_) = data_type {
            return None;
        }
        Self::read(data_type, r)
    }

    /// Reads a type id byte and a value of that type; an undefined type id gives
    /// [`DecodeError::UnknownDataType`] at the type id byte.
    ///
    /// # Errors
    /// As [`AttributeValue::parse`].
    fn parse_typed(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let offset = r.offset();
        let data_type = DataType::from_u8(r.u8()?);
        if let DataType::Unknown(type_id) = data_type {
            return Err(DecodeError::UnknownDataType { offset, type_id });
        }
        Self::parse(data_type, r)
    }

    /// The data type written before the value.
    fn data_type(&self) -> DataType;

    /// Bytes of the value (no type id).
    fn encoded_len(&self) -> usize;

    /// Writes the value bytes.
    ///
    /// # Errors
    /// When the value does not fit its type or the writer is full.
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
}

impl<'a> AttributeValue<'a> for Value<'a> {
    #[inline]
    fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Value::parse(data_type, r)
    }
    #[inline]
    fn parse_typed(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Value::parse_typed(r)
    }
    #[inline]
    fn data_type(&self) -> DataType {
        Value::data_type(self)
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        Value::encoded_len(self)
    }
    #[inline]
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Value::emit_to(self, w)
    }
}

impl<'a> AttributeValue<'a> for RawValue<'a> {
    #[inline]
    fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        RawValue::parse(data_type, r)
    }
    #[inline]
    fn data_type(&self) -> DataType {
        self.data_type
    }
    #[inline]
    fn encoded_len(&self) -> usize {
        self.bytes.len()
    }
    #[inline]
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.bytes(self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_scalar_fixed_strings_and_non_values() {
        let bytes = [
            0x2a, // uint8 42
            0xfe, 0xff, // int16 -2
            0x03, b'a', b'b', b'c', // char string "abc"
            0xff, // octet string: non-value (length 0xff)
            0x01, 0x00, 0x7a, // long char string "z"
        ];
        let mut r = Reader::new(&bytes);
        let a = RawValue::parse_scalar(DataType::Uint8, &mut r).unwrap();
        assert_eq!((a.bytes(), a.uint()), (&[0x2a][..], Some(42)));
        let b = RawValue::parse_scalar(DataType::Int16, &mut r).unwrap();
        assert_eq!(b.uint(), Some(0xfffe));
        let c = RawValue::parse_scalar(DataType::CharString, &mut r).unwrap();
        assert_eq!(c.bytes(), &[0x03, b'a', b'b', b'c']);
        assert_eq!(c.string(), Some(Some(&b"abc"[..])));
        assert_eq!(c.uint(), None);
        let d = RawValue::parse_scalar(DataType::OctetString, &mut r).unwrap();
        assert_eq!((d.bytes(), d.string()), (&[0xff][..], Some(None)));
        let e = RawValue::parse_scalar(DataType::LongCharString, &mut r).unwrap();
        assert_eq!(e.string(), Some(Some(&b"z"[..])));
        assert!(r.is_empty());
        assert_eq!(e.to_value(), Ok(Value::LongCharString(Some(b"z"))));
    }

    #[test]
    fn parse_collections_and_emit_them_unchanged() {
        // Array of uint8: element type 0x20, count 2, 0x01 0x02; then a trailing byte.
        let bytes = [0x20, 0x02, 0x00, 0x01, 0x02, 0xaa];
        let mut r = Reader::new(&bytes);
        assert_eq!(
            RawValue::parse_scalar(DataType::Array, &mut Reader::new(&bytes)),
            Err(DecodeError::UnknownDataType {
                offset: 0,
                type_id: 0x48
            })
        );
        let v = RawValue::parse(DataType::Array, &mut r).unwrap();
        assert_eq!(v.bytes(), &bytes[..5]);
        assert_eq!(r.rest(), &[0xaa]);
        let mut out = [0xffu8; 5];
        let mut w = Writer::new(&mut out);
        AttributeValue::emit_to(&v, &mut w).unwrap();
        assert_eq!(w.written(), &bytes[..5]);
        assert_eq!(AttributeValue::encoded_len(&v), 5);
    }

    #[test]
    fn rejects_truncated_and_unknown_types() {
        // A char string announcing 3 bytes with 1 present.
        let mut r = Reader::new(&[0x03, b'a']);
        assert!(matches!(
            RawValue::parse_scalar(DataType::CharString, &mut r),
            Err(DecodeError::Truncated { offset: 1, .. })
        ));
        // A uint32 with 2 bytes.
        let mut r = Reader::new(&[0x01, 0x02]);
        assert!(matches!(
            RawValue::parse_scalar(DataType::Uint32, &mut r),
            Err(DecodeError::Truncated { offset: 0, .. })
        ));
        // Type id 0x05 is undefined: the error is at the type id byte.
        let mut r = Reader::new(&[0x05, 0x00]);
        assert_eq!(
            <RawValue<'_> as AttributeValue<'_>>::parse_typed(&mut r),
            Err(DecodeError::UnknownDataType {
                offset: 0,
                type_id: 0x05
            })
        );
    }
}
