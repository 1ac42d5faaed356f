//! The runtime's compact attribute value: the raw bits of a fixed-size value, or the bytes of a
//! string, interpreted through the attribute's [`DataType`] from the metadata.
//!
//! The device side only stores and compares attribute values, so it keeps them as raw wire bits
//! (at most 8 bytes) instead of a typed enum; this keeps firmware small. Collections and 128-bit
//! keys are not attribute types the runtime stores.

use crate::meta::{AttributeMeta, DefaultValue};
use zcl_core::value::{AttributeValue, RawValue};
use zcl_core::{DataType, DecodeError, EncodeError, Reader, Writer};

/// An attribute value as the runtime stores it (ZCL 2.6.2 wire forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum AttrValue<'a> {
    /// A fixed-size value of at most 8 bytes, as its little-endian wire bits (not sign-extended).
    Raw(u64),
    /// The content of an octet or character string (without the length prefix); `None` is the
    /// non-value (length 0xff or 0xffff).
    Bytes(Option<&'a [u8]>),
}

/// An [`AttrValue`] with its data type: the value form in which the runtime reads and writes
/// zcl-core's foundation records (`AttributeRecordOf<TypedValue>`, ...). Reading takes
/// only the types the runtime stores ([`is_storable`]); others give
/// [`DecodeError::UnknownDataType`], as their length is not walked on a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TypedValue<'a> {
    /// The data type.
    pub data_type: DataType,
    /// The value.
    pub value: AttrValue<'a>,
}

impl<'a> AttributeValue<'a> for TypedValue<'a> {
    // Out of line, like the methods below: one copy serves every record type (firmware size).
    #[inline(never)]
    fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let value = match data_type.fixed_size() {
            Some(n) if n <= 8 => AttrValue::Raw(r.uint_n(n)?),
            None if is_string(data_type) => {
                // A length prefix of 1 or 2 bytes; all ones is the non-value (ZCL 2.6.2.11).
                let (prefix, non) = prefix(data_type);
                let len = r.uint_n(prefix)?;
                if len == non {
                    AttrValue::Bytes(None)
                } else {
                    AttrValue::Bytes(Some(r.take(len as usize)?))
                }
            }
            _ => {
                return Err(DecodeError::UnknownDataType {
                    offset: r.offset(),
                    type_id: data_type.to_u8(),
                })
            }
        };
        Ok(TypedValue { data_type, value })
    }
    #[inline(never)]
    fn read(data_type: DataType, r: &mut Reader<'a>) -> Option<Self> {
        let value = match data_type.fixed_size() {
            Some(n) if n <= 8 => AttrValue::Raw(r.uint_n_or_none(n)?),
            None if is_string(data_type) => {
                let prefix = if is_long(data_type) { 2 } else { 1 };
                let len = r.uint_n_or_none(prefix)?;
                if len == mask(prefix) {
                    AttrValue::Bytes(None)
                } else {
                    AttrValue::Bytes(Some(r.take_or_none(usize::try_from(len).ok()?)?))
                }
            }
            _ => return None,
        };
        Some(TypedValue { data_type, value })
    }
    fn data_type(&self) -> DataType {
        self.data_type
    }
    #[inline(never)]
    fn encoded_len(&self) -> usize {
        self.value.encoded_len(self.data_type)
    }
    #[inline(never)]
    fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        self.value.emit_to(self.data_type, w)
    }
}

/// Whether the runtime can store and transfer values of this type.
pub const fn is_storable(ty: DataType) -> bool {
    match ty.fixed_size() {
        Some(n) => n <= 8,
        None => is_string(ty),
    }
}

/// Octet and character strings, short and long.
pub const fn is_string(ty: DataType) -> bool {
    matches!(
        ty,
        DataType::OctetString
            | DataType::CharString
            | DataType::LongOctetString
            | DataType::LongCharString
    )
}

/// Signed integer types (ZCL 2.6.2.8).
pub const fn is_signed(ty: DataType) -> bool {
    matches!(
        ty,
        DataType::Int8
            | DataType::Int16
            | DataType::Int24
            | DataType::Int32
            | DataType::Int40
            | DataType::Int48
            | DataType::Int56
            | DataType::Int64
    )
}

/// The length prefix of a string type: its size and its all-ones non-value (constants, so no
/// 64-bit shift is computed at run time).
fn prefix(ty: DataType) -> (usize, u64) {
    if is_long(ty) {
        (2, 0xffff)
    } else {
        (1, 0xff)
    }
}

fn is_long(ty: DataType) -> bool {
    matches!(ty, DataType::LongOctetString | DataType::LongCharString)
}

/// Mask with the low `n` bytes set.
const fn mask(n: usize) -> u64 {
    if n >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * n)) - 1
    }
}

impl<'a> AttrValue<'a> {
    /// A boolean (ZCL 2.6.2.3).
    pub const fn bool(b: bool) -> Self {
        AttrValue::Raw(b as u64)
    }

    /// The runtime's form of a value read by zcl-core: fixed-size values of at most 8 bytes
    /// become raw bits, strings their content; `None` for other types (collections, keys).
    pub fn from_raw(raw: &RawValue<'a>) -> Option<Self> {
        if let Some(bits) = raw.uint() {
            Some(AttrValue::Raw(bits))
        } else {
            raw.string().map(AttrValue::Bytes)
        }
    }

    /// Number of value bytes [`AttrValue::emit_to`] writes for type `ty`.
    pub fn encoded_len(&self, ty: DataType) -> usize {
        match (self, ty.fixed_size()) {
            (AttrValue::Raw(_), Some(n)) => n,
            (AttrValue::Bytes(b), None) => {
                let prefix = if is_long(ty) { 2 } else { 1 };
                prefix + b.map_or(0, <[u8]>::len)
            }
            _ => 0,
        }
    }

    /// Writes the value bytes for type `ty`.
    ///
    /// # Errors
    /// [`EncodeError::TypeMismatch`] when the value does not fit the type,
    /// [`EncodeError::BufferTooSmall`] when the writer is full.
    pub fn emit_to(&self, ty: DataType, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match (*self, ty.fixed_size()) {
            (AttrValue::Raw(v), Some(n)) if n <= 8 => {
                // The low `n` bytes, as `Writer::uint_n` of the masked value writes them (one
                // zero byte for the zero-size type), without its 64-bit shifts.
                let bytes = if n == 0 { [0; 8] } else { v.to_le_bytes() };
                w.bytes(bytes.get(..n.max(1)).unwrap_or(&bytes))
            }
            (AttrValue::Bytes(b), None) if is_string(ty) => {
                // A length prefix of 1 or 2 bytes; its all-ones value is the non-value.
                let (prefix, non) = prefix(ty);
                let (len, s) = match b {
                    None => (non, &[][..]),
                    Some(s) => (s.len() as u64, s),
                };
                if b.is_some() && len >= non {
                    return Err(EncodeError::TooLong {
                        field: "string",
                        len: s.len(),
                    });
                }
                // `len` fits the prefix (checked above): its low bytes, as `uint_n` writes them.
                let len = len.to_le_bytes();
                w.bytes(len.get(..prefix).unwrap_or(&len))?;
                w.bytes(s)
            }
            _ => Err(EncodeError::TypeMismatch),
        }
    }

    /// The raw bits of a fixed-size value.
    pub const fn raw(&self) -> Option<u64> {
        match *self {
            AttrValue::Raw(v) => Some(v),
            AttrValue::Bytes(_) => None,
        }
    }

    /// The value as an integer: sign-extended for signed types, raw bits otherwise.
    pub fn as_i128(&self, ty: DataType) -> Option<i128> {
        let v = self.raw()?;
        let n = ty.fixed_size()?;
        if is_signed(ty) && n < 8 {
            let shift = 64 - 8 * n as u32;
            Some(i128::from(((v << shift) as i64) >> shift))
        } else if is_signed(ty) {
            Some(i128::from(v as i64))
        } else {
            Some(i128::from(v & mask(n)))
        }
    }

    /// The value of an attribute's default from the metadata, if it has one.
    pub fn from_default(meta: &AttributeMeta) -> Option<AttrValue<'static>> {
        let ty = meta.data_type;
        let n = ty.fixed_size();
        Some(match meta.default_value()? {
            DefaultValue::Int(i) => AttrValue::Raw(i as u64 & mask(n?)),
            DefaultValue::Uint(u) => AttrValue::Raw(u & mask(n?)),
            DefaultValue::Float(f) => match ty {
                DataType::Single => AttrValue::Raw(u64::from((f as f32).to_bits())),
                DataType::Double => AttrValue::Raw(f.to_bits()),
                _ => return None,
            },
            DefaultValue::Str(s) => AttrValue::Bytes(Some(s.as_bytes())),
        })
    }

    /// The value as a 64-bit integer: sign-extended for signed types, the raw bits otherwise;
    /// `Err` for an unsigned value above `i64::MAX` (which no metadata limit reaches), `None`
    /// for values that are not fixed-size numbers. 64-bit arithmetic only: 128-bit operations
    /// cost firmware flash.
    fn as_i64(&self, ty: DataType) -> Option<Result<i64, u64>> {
        let n = ty.fixed_size()?;
        let raw = self.raw()?.to_le_bytes();
        // The low `n` bytes, the others filled with the sign of a signed type: sign extension
        // and masking from bytes, without 64-bit shifts by a variable amount.
        let signed = is_signed(ty);
        let negative = signed && raw.get(n.wrapping_sub(1)).is_some_and(|b| b & 0x80 != 0);
        let mut bytes = [if negative { 0xff } else { 0 }; 8];
        for (b, r) in bytes.iter_mut().zip(raw).take(n) {
            *b = r;
        }
        Some(if signed {
            Ok(i64::from_le_bytes(bytes))
        } else {
            let v = u64::from_le_bytes(bytes);
            i64::try_from(v).map_err(|_| v)
        })
    }

    /// Whether the value lies in the attribute's range from the metadata (ZCL 2.5.3.3 INVALID_VALUE
    /// check). Strings are checked against `max` as a length limit.
    pub fn in_range(&self, meta: &AttributeMeta) -> bool {
        // A missing bound is i64::MIN / i64::MAX (see `AttributeLimits`).
        let (min, max) = meta.bounds();
        match *self {
            AttrValue::Bytes(b) => b.is_none_or(|s| i64::try_from(s.len()).is_ok_and(|l| l <= max)),
            AttrValue::Raw(_) => {
                if matches!(
                    meta.data_type,
                    DataType::Semi | DataType::Single | DataType::Double
                ) {
                    return true;
                }
                match self.as_i64(meta.data_type) {
                    None => true,
                    Some(Ok(v)) => v >= min && v <= max,
                    // Above every i64 limit: within range only without a maximum.
                    Some(Err(_)) => max == i64::MAX,
                }
            }
        }
    }

    /// Whether the change from `old` to `self` is at least `change` (ZCL 2.5.7.1.7, analog types),
    /// or any change for discrete types.
    pub fn changed_by(&self, old: &AttrValue<'_>, ty: DataType, change: u64) -> bool {
        if !ty.is_analog() || change == 0 {
            return self != old;
        }
        let delta = match ty {
            DataType::Single => {
                let a = f32::from_bits(self.raw().unwrap_or(0) as u32);
                let b = f32::from_bits(old.raw().unwrap_or(0) as u32);
                return (a - b).abs() >= f32::from_bits(change as u32);
            }
            // Doubles report on any change: their arithmetic is soft-float on every Cortex-M.
            DataType::Double => return self != old,
            _ => match (self.as_i64(ty), old.as_i64(ty)) {
                (Some(Ok(a)), Some(Ok(b))) => a.abs_diff(b),
                (Some(a), Some(b)) => {
                    // Unsigned 64-bit values: compare the bits.
                    let bits = |r: Result<i64, u64>| r.map_or_else(|u| u, |i| i as u64);
                    bits(a).abs_diff(bits(b))
                }
                _ => return self != old,
            },
        };
        delta >= change
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::Access;

    proptest::proptest! {
        /// The firmware's read of a value agrees with the parse: same value and position, and
        /// `None` exactly where the parse fails.
        #[test]
        fn read_agrees_with_parse(
            type_id in proptest::prelude::any::<u8>(),
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12),
        ) {
            let ty = DataType::from_u8(type_id);
            let (mut a, mut b) = (Reader::new(&bytes), Reader::new(&bytes));
            let parsed = TypedValue::parse(ty, &mut a).ok();
            let read = TypedValue::read(ty, &mut b);
            proptest::prop_assert_eq!(read, parsed);
            if read.is_some() {
                proptest::prop_assert_eq!(a.offset(), b.offset());
            }
        }
    }

    fn meta(ty: DataType, min: Option<i64>, max: Option<i64>) -> AttributeMeta {
        AttributeMeta {
            id: 0,
            name: "x",
            data_type: ty,
            access: Access::READ,
            mandatory: true,
            manufacturer: None,
            limits: Some(Box::leak(Box::new(crate::meta::AttributeLimits::new(
                Some(DefaultValue::Int(-1)),
                min,
                max,
            )))),
        }
    }

    #[test]
    fn parse_and_emit_fixed_and_strings() {
        let bytes: &'static [u8] = &[
            0x34, 0x12, // uint16 0x1234
            0x03, b'a', b'b', b'c', // char string "abc"
            0xff, // octet string: the non-value (length 0xff)
        ];
        let mut r = Reader::new(bytes);
        let parse = |ty, r: &mut Reader<'static>| TypedValue::parse(ty, r).map(|t| t.value);
        let v = parse(DataType::Uint16, &mut r).unwrap();
        assert_eq!(v, AttrValue::Raw(0x1234));
        let s = parse(DataType::CharString, &mut r).unwrap();
        assert_eq!(s, AttrValue::Bytes(Some(b"abc")));
        let n = parse(DataType::OctetString, &mut r).unwrap();
        assert_eq!(n, AttrValue::Bytes(None));
        let mut buf = [0xffu8; 7];
        let mut w = Writer::new(&mut buf);
        v.emit_to(DataType::Uint16, &mut w).unwrap();
        s.emit_to(DataType::CharString, &mut w).unwrap();
        n.emit_to(DataType::OctetString, &mut w).unwrap();
        assert_eq!(w.written(), bytes);
        assert_eq!(s.encoded_len(DataType::CharString), 4);
        assert_eq!(
            AttrValue::Bytes(None).encoded_len(DataType::LongCharString),
            2
        );
    }

    #[test]
    fn emit_writes_the_low_bytes_of_raw_values() {
        // Bits above the type's size are dropped; the zero-size type writes one zero byte.
        let mut buf = [0xaau8; 4];
        let mut w = Writer::new(&mut buf);
        AttrValue::Raw(0x1ff)
            .emit_to(DataType::Uint8, &mut w)
            .unwrap();
        AttrValue::Raw(0x12_3456)
            .emit_to(DataType::Uint24, &mut w)
            .unwrap();
        assert_eq!(w.written(), &[0xff, 0x56, 0x34, 0x12]);
        let mut buf = [0xaau8; 1];
        let mut w = Writer::new(&mut buf);
        AttrValue::Raw(7).emit_to(DataType::NoData, &mut w).unwrap();
        assert_eq!(w.written(), &[0x00]);
        assert_eq!(
            AttrValue::Raw(1).emit_to(DataType::Uint16, &mut w),
            Err(EncodeError::BufferTooSmall {
                needed: 3,
                available: 1
            })
        );
    }

    #[test]
    fn as_i64_sign_extends_and_masks_like_as_i128() {
        let types = [
            DataType::Int8,
            DataType::Int16,
            DataType::Int24,
            DataType::Int56,
            DataType::Int64,
            DataType::Uint8,
            DataType::Uint24,
            DataType::Uint64,
            DataType::Map16,
            DataType::Bool,
        ];
        let raws = [
            0,
            1,
            0x7f,
            0x80,
            0xff,
            0x8000,
            0x80_0000,
            0xdead_beef,
            u64::MAX,
        ];
        for ty in types {
            for raw in raws {
                let v = AttrValue::Raw(raw);
                let wide = v.as_i128(ty).unwrap();
                let expected = i64::try_from(wide).map_err(|_| wide as u64);
                assert_eq!(v.as_i64(ty), Some(expected), "{ty:?} {raw:#x}");
            }
        }
        assert_eq!(AttrValue::Bytes(None).as_i64(DataType::Int8), None);
    }

    #[test]
    fn changed_by_measures_the_integer_difference() {
        let types = [
            DataType::Int8,
            DataType::Int16,
            DataType::Int64,
            DataType::Uint8,
            DataType::Uint32,
            DataType::Uint64,
            DataType::Semi,
        ];
        let raws = [
            0,
            1,
            0x7f,
            0x80,
            0xff,
            0xfffe,
            0x8000_0000,
            u64::MAX - 1,
            u64::MAX,
        ];
        for ty in types {
            for a in raws {
                for b in raws {
                    for change in [1, 2, 0x7f, 0x100, u64::MAX] {
                        let (x, y) = (AttrValue::Raw(a), AttrValue::Raw(b));
                        let wide = x.as_i128(ty).unwrap() - y.as_i128(ty).unwrap();
                        let expected = wide.unsigned_abs() >= u128::from(change);
                        assert_eq!(x.changed_by(&y, ty, change), expected, "{ty:?} {a} {b}");
                    }
                }
            }
        }
    }

    #[test]
    fn rejects_truncated_and_unstorable() {
        let mut r = Reader::new(&[0x05, b'a']);
        assert!(matches!(
            TypedValue::parse(DataType::CharString, &mut r),
            Err(DecodeError::Truncated { .. })
        ));
        // A security key (16 bytes) is not a type the runtime stores.
        let mut r = Reader::new(&[0u8; 16]);
        assert!(matches!(
            TypedValue::parse(DataType::SecurityKey, &mut r),
            Err(DecodeError::UnknownDataType { type_id: 0xf1, .. })
        ));
        // Nor is an array: its elements are not walked on a device.
        let mut r = Reader::new(&[0x20, 0x01, 0x00, 0x05]);
        assert!(matches!(
            TypedValue::parse(DataType::Array, &mut r),
            Err(DecodeError::UnknownDataType { type_id: 0x48, .. })
        ));
        let mut buf = [0u8; 4];
        let mut w = Writer::new(&mut buf);
        assert_eq!(
            AttrValue::Raw(1).emit_to(DataType::CharString, &mut w),
            Err(EncodeError::TypeMismatch)
        );
    }

    #[test]
    fn ranges_defaults_and_changes() {
        let m = meta(DataType::Int16, Some(-100), Some(100));
        assert!(AttrValue::Raw(0xff9c).in_range(&m)); // -100
        assert!(!AttrValue::Raw(0xff9b).in_range(&m)); // -101
        assert!(!AttrValue::Raw(101).in_range(&m));
        assert_eq!(AttrValue::from_default(&m), Some(AttrValue::Raw(0xffff)));
        let t = DataType::Int16;
        assert!(AttrValue::Raw(0xfffe).changed_by(&AttrValue::Raw(3), t, 5)); // -2 vs 3
        assert!(!AttrValue::Raw(0xffff).changed_by(&AttrValue::Raw(3), t, 5)); // -1 vs 3
        assert!(AttrValue::Raw(1).changed_by(&AttrValue::Raw(0), DataType::Bool, 5));
        assert!(!AttrValue::Raw(1).changed_by(&AttrValue::Raw(1), DataType::Bool, 0));
        let s = meta(DataType::CharString, None, Some(2));
        assert!(!AttrValue::Bytes(Some(b"abc")).in_range(&s));
    }
}
