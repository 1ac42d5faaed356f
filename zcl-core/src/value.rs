//! ZCL data values (ZCL revision 8, section 2.6.2): one [`Value`] variant per data type, parsed
//! from and emitted to the wire format.
//!
//! * Parsing borrows: strings are `&[u8]` slices into the input (character strings are not
//!   required to be UTF-8, see [`Value::as_str`]), and collections ([`Sequence`] for array, set
//!   and bag, [`Structure`]) keep their element bytes, checked for extent when parsed and decoded
//!   lazily when iterated. Nesting is limited to [`MAX_NESTING`](crate::types::MAX_NESTING).
//! * Every type's non-value ("invalid value" of ZCL table 2-10: 0xff for a uint8, NaN for a
//!   float, length 0xff for a string, ...) is an ordinary value, recognised by
//!   [`Value::is_non_value`], and round-trips.
//! * Emitting writes the value bytes into a caller's buffer; out-of-range numbers (a `Uint24`
//!   above 0xffffff) and over-long strings are errors, never truncated silently.
//!
//! Equality is derived: floats compare as `f32`/`f64` do, so a `Single(NaN)` is not equal to
//! itself (compare [`Value::Semi`] bits, or emitted bytes, to check NaNs). Collections compare
//! by element type, count and element bytes.
//!
//! ## Collections (ZCL 2.6.2: array, structure, set, bag)
//!
//! ```text
//! array, set, bag:  element type (1)  count (2)  count x element value
//! structure:        count (2)         count x (type id (1)  value)
//! ```
//! A count of 0xffff is the non-value and no elements follow. Parsing walks every element once
//! (nested collections recursively, [`MAX_NESTING`](crate::types::MAX_NESTING) deep at most,
//! deeper gives [`DecodeError::NestingTooDeep`]), so a parsed [`Sequence`] or [`Structure`]
//! holds exactly its bytes and its lazy iterator does not fail. Build them from values with
//! [`SequenceBuilder`]/[`StructureBuilder`] (into a caller's buffer), write them straight from a
//! slice of values with [`Sequence::emit_values`]/[`Structure::emit_values`], or wrap encoded
//! element bytes with [`Sequence::from_raw`]/[`Structure::from_raw`] (checked).
//!
//! Work is bounded by the input length: fixed-size elements are checked with one
//! multiplication, and every variable-size element takes at least one byte. The zero-size
//! types no data (0x00) and unknown (0xff) are the exception: a three-byte header could announce
//! 65534 of them backed by no bytes at all, which a consumer would then iterate (and print)
//! for nothing. So an array, set or bag of a zero-size element type with a count above zero is
//! refused ([`DecodeError::InvalidLength`] at the count) and cannot be built; an empty one and
//! the non-value are accepted, and structure members of those types are fine (each has a type
//! id byte). Every element an iterator yields is thus backed by at least one input byte.
//!
//! ## Text
//!
//! [`Value`] implements `Display` as one line: numbers in decimal, data, bitmaps and ids in hex,
//! character strings quoted, octet strings as `<hex>`, collections as `[..]` and `{..}`.
//!
//! ```
//! use zcl_core::{DataType, Reader, value::Value};
//! // A character string "hi": length 2, 'h', 'i'.
//! let bytes = [0x02, b'h', b'i'];
//! let v = Value::parse(DataType::CharString, &mut Reader::new(&bytes)).unwrap();
//! assert_eq!(v.as_str(), Some("hi"));
//! let mut out = [0u8; 3];
//! assert_eq!(v.emit(&mut out), Ok(3));
//! assert_eq!(out, bytes);
//! ```

mod collection;
mod display;
mod float;
mod raw;
mod time;

pub use collection::{
    Sequence, SequenceBuilder, SequenceIter, Structure, StructureBuilder, StructureIter, MAX_COUNT,
};
pub use float::{semi_from_f32, semi_is_nan, semi_to_f32};
pub use raw::{AttributeValue, RawValue};
pub use time::{Date, TimeOfDay};

use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::types::DataType;

/// The longest octet or character string (0xff is the non-value length).
pub const MAX_SHORT_STRING: usize = 0xfe;
/// The longest long octet or character string (0xffff is the non-value length).
pub const MAX_LONG_STRING: usize = 0xfffe;

/// One ZCL data value (ZCL 2.6.2), one variant per data type.
///
/// Integer variants hold the value as read (a `Uint24` in a `u32`, an `Int40` sign-extended in
/// an `i64`); a value built by hand that does not fit its width fails to emit with
/// [`EncodeError::ValueOutOfRange`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum Value<'a> {
    /// No data (0x00): no bytes.
    NoData,
    /// Unknown (0xff): no bytes.
    Unknown,
    /// 8-bit data (0x08).
    Data8(u8),
    /// 16-bit data (0x09).
    Data16(u16),
    /// 24-bit data (0x0a), low 24 bits used.
    Data24(u32),
    /// 32-bit data (0x0b).
    Data32(u32),
    /// 40-bit data (0x0c), low 40 bits used.
    Data40(u64),
    /// 48-bit data (0x0d), low 48 bits used.
    Data48(u64),
    /// 56-bit data (0x0e), low 56 bits used.
    Data56(u64),
    /// 64-bit data (0x0f).
    Data64(u64),
    /// Boolean (0x10) as its raw byte: 0 false, 1 true, 0xff the non-value, others kept as read.
    Bool(u8),
    /// 8-bit bitmap (0x18).
    Map8(u8),
    /// 16-bit bitmap (0x19).
    Map16(u16),
    /// 24-bit bitmap (0x1a), low 24 bits used.
    Map24(u32),
    /// 32-bit bitmap (0x1b).
    Map32(u32),
    /// 40-bit bitmap (0x1c), low 40 bits used.
    Map40(u64),
    /// 48-bit bitmap (0x1d), low 48 bits used.
    Map48(u64),
    /// 56-bit bitmap (0x1e), low 56 bits used.
    Map56(u64),
    /// 64-bit bitmap (0x1f).
    Map64(u64),
    /// Unsigned 8-bit integer (0x20); non-value 0xff.
    Uint8(u8),
    /// Unsigned 16-bit integer (0x21); non-value 0xffff.
    Uint16(u16),
    /// Unsigned 24-bit integer (0x22); non-value 0xffffff.
    Uint24(u32),
    /// Unsigned 32-bit integer (0x23); non-value 0xffffffff.
    Uint32(u32),
    /// Unsigned 40-bit integer (0x24); non-value all ones.
    Uint40(u64),
    /// Unsigned 48-bit integer (0x25); non-value all ones.
    Uint48(u64),
    /// Unsigned 56-bit integer (0x26); non-value all ones.
    Uint56(u64),
    /// Unsigned 64-bit integer (0x27); non-value all ones.
    Uint64(u64),
    /// Signed 8-bit integer (0x28); non-value 0x80 (-128).
    Int8(i8),
    /// Signed 16-bit integer (0x29); non-value 0x8000.
    Int16(i16),
    /// Signed 24-bit integer (0x2a), sign-extended; non-value 0x800000 (-8388608).
    Int24(i32),
    /// Signed 32-bit integer (0x2b); non-value 0x80000000.
    Int32(i32),
    /// Signed 40-bit integer (0x2c), sign-extended; non-value 0x8000000000.
    Int40(i64),
    /// Signed 48-bit integer (0x2d), sign-extended; non-value 0x800000000000.
    Int48(i64),
    /// Signed 56-bit integer (0x2e), sign-extended; non-value 0x80000000000000.
    Int56(i64),
    /// Signed 64-bit integer (0x2f); non-value 0x8000000000000000.
    Int64(i64),
    /// 8-bit enumeration (0x30); non-value 0xff.
    Enum8(u8),
    /// 16-bit enumeration (0x31); non-value 0xffff.
    Enum16(u16),
    /// Semi-precision float (0x38) as raw IEEE 754 binary16 bits; non-value NaN. See
    /// [`semi_to_f32`] and [`semi_from_f32`].
    Semi(u16),
    /// Single-precision float (0x39); non-value NaN.
    Single(f32),
    /// Double-precision float (0x3a); non-value NaN.
    Double(f64),
    /// Octet string (0x41), 1-byte length; `None` is the non-value (length 0xff).
    OctetString(Option<&'a [u8]>),
    /// Character string (0x42), 1-byte length; `None` is the non-value (length 0xff).
    CharString(Option<&'a [u8]>),
    /// Long octet string (0x43), 2-byte length; `None` is the non-value (length 0xffff).
    LongOctetString(Option<&'a [u8]>),
    /// Long character string (0x44), 2-byte length; `None` is the non-value (length 0xffff).
    LongCharString(Option<&'a [u8]>),
    /// Array (0x48); non-value count 0xffff.
    Array(Sequence<'a>),
    /// Set (0x50); non-value count 0xffff. Uniqueness of elements is not checked.
    Set(Sequence<'a>),
    /// Bag (0x51); non-value count 0xffff.
    Bag(Sequence<'a>),
    /// Structure (0x4c); non-value count 0xffff.
    Structure(Structure<'a>),
    /// Time of day (0xe0); non-value all fields 0xff.
    TimeOfDay(TimeOfDay),
    /// Date (0xe1); non-value all fields 0xff.
    Date(Date),
    /// UTC time (0xe2), seconds since 2000-01-01 00:00 UTC; non-value 0xffffffff.
    UtcTime(u32),
    /// Cluster id (0xe8); non-value 0xffff.
    ClusterId(u16),
    /// Attribute id (0xe9); non-value 0xffff.
    AttributeId(u16),
    /// BACnet object identifier (0xea); non-value 0xffffffff.
    BacnetOid(u32),
    /// IEEE address (0xf0), the EUI-64 as a number; non-value 0xffffffffffffffff.
    IeeeAddress(u64),
    /// 128-bit security key (0xf1), bytes in wire order.
    SecurityKey([u8; 16]),
}

/// Reads a string with a 1-byte length; 0xff is the non-value.
#[inline]
fn read_short_string<'a>(r: &mut Reader<'a>) -> Result<Option<&'a [u8]>, DecodeError> {
    match r.u8()? {
        0xff => Ok(None),
        len => r.take(usize::from(len)).map(Some),
    }
}

/// Reads a string with a 2-byte length; 0xffff is the non-value.
#[inline]
fn read_long_string<'a>(r: &mut Reader<'a>) -> Result<Option<&'a [u8]>, DecodeError> {
    match r.u16()? {
        0xffff => Ok(None),
        len => r.take(usize::from(len)).map(Some),
    }
}

/// Writes the low `n` bytes of `v`, failing if `v` does not fit in them.
#[inline]
fn write_uint(
    w: &mut Writer<'_>,
    v: u64,
    n: usize,
    field: &'static str,
) -> Result<(), EncodeError> {
    if n < 8 && v >> (8 * n) != 0 {
        return Err(EncodeError::ValueOutOfRange { field });
    }
    let b = v.to_le_bytes();
    w.bytes(b.get(..n).unwrap_or(&b))
}

/// Writes `v` as an `n`-byte two's complement integer, failing if it does not fit.
#[inline]
fn write_int(w: &mut Writer<'_>, v: i64, n: usize, field: &'static str) -> Result<(), EncodeError> {
    let shift = 64 - 8 * n as u32;
    if (v << shift) >> shift != v {
        return Err(EncodeError::ValueOutOfRange { field });
    }
    let b = v.to_le_bytes();
    w.bytes(b.get(..n).unwrap_or(&b))
}

/// Writes a string with a 1-byte length (0xff for `None`).
fn write_short_string(
    w: &mut Writer<'_>,
    s: Option<&[u8]>,
    field: &'static str,
) -> Result<(), EncodeError> {
    match s {
        None => w.u8(0xff),
        Some(s) => match u8::try_from(s.len()) {
            Ok(len) if usize::from(len) <= MAX_SHORT_STRING => {
                w.u8(len)?;
                w.bytes(s)
            }
            _ => Err(EncodeError::TooLong {
                field,
                len: s.len(),
            }),
        },
    }
}

/// Writes a string with a 2-byte length (0xffff for `None`).
fn write_long_string(
    w: &mut Writer<'_>,
    s: Option<&[u8]>,
    field: &'static str,
) -> Result<(), EncodeError> {
    match s {
        None => w.u16(0xffff),
        Some(s) => match u16::try_from(s.len()) {
            Ok(len) if usize::from(len) <= MAX_LONG_STRING => {
                w.u16(len)?;
                w.bytes(s)
            }
            _ => Err(EncodeError::TooLong {
                field,
                len: s.len(),
            }),
        },
    }
}

/// Sign-extension check helper: the smallest `bits`-bit two's complement value.
const fn int_min(bits: u32) -> i64 {
    -(1i64 << (bits - 1))
}

impl<'a> Value<'a> {
    /// The data type of this value.
    pub const fn data_type(&self) -> DataType {
        match self {
            Value::NoData => DataType::NoData,
            Value::Unknown => DataType::Unk,
            Value::Data8(_) => DataType::Data8,
            Value::Data16(_) => DataType::Data16,
            Value::Data24(_) => DataType::Data24,
            Value::Data32(_) => DataType::Data32,
            Value::Data40(_) => DataType::Data40,
            Value::Data48(_) => DataType::Data48,
            Value::Data56(_) => DataType::Data56,
            Value::Data64(_) => DataType::Data64,
            Value::Bool(_) => DataType::Bool,
            Value::Map8(_) => DataType::Map8,
            Value::Map16(_) => DataType::Map16,
            Value::Map24(_) => DataType::Map24,
            Value::Map32(_) => DataType::Map32,
            Value::Map40(_) => DataType::Map40,
            Value::Map48(_) => DataType::Map48,
            Value::Map56(_) => DataType::Map56,
            Value::Map64(_) => DataType::Map64,
            Value::Uint8(_) => DataType::Uint8,
            Value::Uint16(_) => DataType::Uint16,
            Value::Uint24(_) => DataType::Uint24,
            Value::Uint32(_) => DataType::Uint32,
            Value::Uint40(_) => DataType::Uint40,
            Value::Uint48(_) => DataType::Uint48,
            Value::Uint56(_) => DataType::Uint56,
            Value::Uint64(_) => DataType::Uint64,
            Value::Int8(_) => DataType::Int8,
            Value::Int16(_) => DataType::Int16,
            Value::Int24(_) => DataType::Int24,
            Value::Int32(_) => DataType::Int32,
            Value::Int40(_) => DataType::Int40,
            Value::Int48(_) => DataType::Int48,
            Value::Int56(_) => DataType::Int56,
            Value::Int64(_) => DataType::Int64,
            Value::Enum8(_) => DataType::Enum8,
            Value::Enum16(_) => DataType::Enum16,
            Value::Semi(_) => DataType::Semi,
            Value::Single(_) => DataType::Single,
            Value::Double(_) => DataType::Double,
            Value::OctetString(_) => DataType::OctetString,
            Value::CharString(_) => DataType::CharString,
            Value::LongOctetString(_) => DataType::LongOctetString,
            Value::LongCharString(_) => DataType::LongCharString,
            Value::Array(_) => DataType::Array,
            Value::Set(_) => DataType::Set,
            Value::Bag(_) => DataType::Bag,
            Value::Structure(_) => DataType::Structure,
            Value::TimeOfDay(_) => DataType::TimeOfDay,
            Value::Date(_) => DataType::Date,
            Value::UtcTime(_) => DataType::UtcTime,
            Value::ClusterId(_) => DataType::ClusterId,
            Value::AttributeId(_) => DataType::AttributeId,
            Value::BacnetOid(_) => DataType::BacnetOid,
            Value::IeeeAddress(_) => DataType::IeeeAddress,
            Value::SecurityKey(_) => DataType::SecurityKey,
        }
    }

    /// Parses a value of `data_type` (value bytes only, no type id) from `r`.
    ///
    /// An id the ZCL does not define ([`DataType::Unknown`]) gives
    /// [`DecodeError::UnknownDataType`] at the reader's offset: its length is unknown.
    #[inline]
    pub fn parse(data_type: DataType, r: &mut Reader<'a>) -> Result<Value<'a>, DecodeError> {
        Self::parse_nested(data_type, r, 0)
    }

    /// Parses a type id byte and a value of that type.
    #[inline]
    pub fn parse_typed(r: &mut Reader<'a>) -> Result<Value<'a>, DecodeError> {
        let offset = r.offset();
        let id = r.u8()?;
        Self::parse_id(id, r, 0, offset)
    }

    /// Parses a value inside `enclosing` collections.
    #[inline]
    pub(crate) fn parse_nested(
        data_type: DataType,
        r: &mut Reader<'a>,
        enclosing: u8,
    ) -> Result<Value<'a>, DecodeError> {
        let offset = r.offset();
        Self::parse_id(data_type.to_u8(), r, enclosing, offset)
    }

    /// Parses a value of the type with wire id `id`, inside `enclosing` collections; an
    /// undefined id is an error at `id_offset`. One dispatch on the id, with each arm reading
    /// its type's fixed width directly: most values on the wire are small fixed-size numbers.
    #[inline]
    pub(crate) fn parse_id(
        id: u8,
        r: &mut Reader<'a>,
        enclosing: u8,
        id_offset: usize,
    ) -> Result<Value<'a>, DecodeError> {
        /// `N` bytes as an array.
        #[inline(always)]
        fn a<const N: usize>(r: &mut Reader<'_>) -> Result<[u8; N], DecodeError> {
            r.array::<N>()
        }
        /// Little-endian unsigned of `N` bytes (`N` < 8).
        #[inline(always)]
        fn u<const N: usize>(r: &mut Reader<'_>) -> Result<u64, DecodeError> {
            let b = a::<N>(r)?;
            let mut w = [0u8; 8];
            if let Some(dst) = w.get_mut(..N) {
                dst.copy_from_slice(&b);
            }
            Ok(u64::from_le_bytes(w))
        }
        /// Little-endian signed of `N` bytes (`N` < 8), sign-extended.
        #[inline(always)]
        fn i<const N: usize>(r: &mut Reader<'_>) -> Result<i64, DecodeError> {
            let shift = 64 - 8 * N as u32;
            #[allow(clippy::cast_possible_wrap)]
            let v = (u::<N>(r)? << shift) as i64;
            Ok(v >> shift)
        }
        #[allow(clippy::cast_possible_truncation)]
        Ok(match id {
            0x00 => Value::NoData,
            0x08 => Value::Data8(r.u8()?),
            0x09 => Value::Data16(u16::from_le_bytes(a(r)?)),
            0x0a => Value::Data24(u::<3>(r)? as u32),
            0x0b => Value::Data32(u32::from_le_bytes(a(r)?)),
            0x0c => Value::Data40(u::<5>(r)?),
            0x0d => Value::Data48(u::<6>(r)?),
            0x0e => Value::Data56(u::<7>(r)?),
            0x0f => Value::Data64(u64::from_le_bytes(a(r)?)),
            0x10 => Value::Bool(r.u8()?),
            0x18 => Value::Map8(r.u8()?),
            0x19 => Value::Map16(u16::from_le_bytes(a(r)?)),
            0x1a => Value::Map24(u::<3>(r)? as u32),
            0x1b => Value::Map32(u32::from_le_bytes(a(r)?)),
            0x1c => Value::Map40(u::<5>(r)?),
            0x1d => Value::Map48(u::<6>(r)?),
            0x1e => Value::Map56(u::<7>(r)?),
            0x1f => Value::Map64(u64::from_le_bytes(a(r)?)),
            0x20 => Value::Uint8(r.u8()?),
            0x21 => Value::Uint16(u16::from_le_bytes(a(r)?)),
            0x22 => Value::Uint24(u::<3>(r)? as u32),
            0x23 => Value::Uint32(u32::from_le_bytes(a(r)?)),
            0x24 => Value::Uint40(u::<5>(r)?),
            0x25 => Value::Uint48(u::<6>(r)?),
            0x26 => Value::Uint56(u::<7>(r)?),
            0x27 => Value::Uint64(u64::from_le_bytes(a(r)?)),
            0x28 => Value::Int8(i8::from_le_bytes(a(r)?)),
            0x29 => Value::Int16(i16::from_le_bytes(a(r)?)),
            0x2a => Value::Int24(i::<3>(r)? as i32),
            0x2b => Value::Int32(i32::from_le_bytes(a(r)?)),
            0x2c => Value::Int40(i::<5>(r)?),
            0x2d => Value::Int48(i::<6>(r)?),
            0x2e => Value::Int56(i::<7>(r)?),
            0x2f => Value::Int64(i64::from_le_bytes(a(r)?)),
            0x30 => Value::Enum8(r.u8()?),
            0x31 => Value::Enum16(u16::from_le_bytes(a(r)?)),
            0x38 => Value::Semi(u16::from_le_bytes(a(r)?)),
            0x39 => Value::Single(f32::from_le_bytes(a(r)?)),
            0x3a => Value::Double(f64::from_le_bytes(a(r)?)),
            0x41 => Value::OctetString(read_short_string(r)?),
            0x42 => Value::CharString(read_short_string(r)?),
            0x43 => Value::LongOctetString(read_long_string(r)?),
            0x44 => Value::LongCharString(read_long_string(r)?),
            0x48 => Value::Array(Sequence::parse_nested(r, enclosing)?),
            0x4c => Value::Structure(Structure::parse_nested(r, enclosing)?),
            0x50 => Value::Set(Sequence::parse_nested(r, enclosing)?),
            0x51 => Value::Bag(Sequence::parse_nested(r, enclosing)?),
            0xe0 => Value::TimeOfDay(TimeOfDay::from_bytes(a(r)?)),
            0xe1 => Value::Date(Date::from_bytes(a(r)?)),
            0xe2 => Value::UtcTime(u32::from_le_bytes(a(r)?)),
            0xe8 => Value::ClusterId(u16::from_le_bytes(a(r)?)),
            0xe9 => Value::AttributeId(u16::from_le_bytes(a(r)?)),
            0xea => Value::BacnetOid(u32::from_le_bytes(a(r)?)),
            0xf0 => Value::IeeeAddress(u64::from_le_bytes(a(r)?)),
            0xf1 => Value::SecurityKey(a(r)?),
            0xff => Value::Unknown,
            type_id => {
                return Err(DecodeError::UnknownDataType {
                    offset: id_offset,
                    type_id,
                })
            }
        })
    }

    /// Number of value bytes [`Value::emit_to`] writes (without a type id).
    pub const fn encoded_len(&self) -> usize {
        match self {
            Value::OctetString(s) | Value::CharString(s) => 1 + opt_len(*s),
            Value::LongOctetString(s) | Value::LongCharString(s) => 2 + opt_len(*s),
            Value::Array(s) | Value::Set(s) | Value::Bag(s) => s.encoded_len(),
            Value::Structure(s) => s.encoded_len(),
            _ => match self.data_type().fixed_size() {
                Some(n) => n,
                None => 0,
            },
        }
    }

    /// Number of bytes [`Value::emit_typed_to`] writes (type id and value).
    pub const fn encoded_len_typed(&self) -> usize {
        1 + self.encoded_len()
    }

    /// Writes the value bytes (no type id).
    ///
    /// Fails with [`EncodeError::ValueOutOfRange`] for a number that does not fit its width,
    /// [`EncodeError::TooLong`] for a string over 254 (short) or 65534 (long) bytes, and
    /// [`EncodeError::BufferTooSmall`] when the writer is full.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match *self {
            Value::NoData | Value::Unknown => Ok(()),
            Value::Data8(v)
            | Value::Bool(v)
            | Value::Map8(v)
            | Value::Uint8(v)
            | Value::Enum8(v) => w.u8(v),
            Value::Data16(v)
            | Value::Map16(v)
            | Value::Uint16(v)
            | Value::Enum16(v)
            | Value::Semi(v)
            | Value::ClusterId(v)
            | Value::AttributeId(v) => w.u16(v),
            Value::Data24(v) => write_uint(w, u64::from(v), 3, "data24"),
            Value::Map24(v) => write_uint(w, u64::from(v), 3, "map24"),
            Value::Uint24(v) => write_uint(w, u64::from(v), 3, "uint24"),
            Value::Data32(v)
            | Value::Map32(v)
            | Value::Uint32(v)
            | Value::UtcTime(v)
            | Value::BacnetOid(v) => w.u32(v),
            Value::Data40(v) => write_uint(w, v, 5, "data40"),
            Value::Map40(v) => write_uint(w, v, 5, "map40"),
            Value::Uint40(v) => write_uint(w, v, 5, "uint40"),
            Value::Data48(v) => write_uint(w, v, 6, "data48"),
            Value::Map48(v) => write_uint(w, v, 6, "map48"),
            Value::Uint48(v) => write_uint(w, v, 6, "uint48"),
            Value::Data56(v) => write_uint(w, v, 7, "data56"),
            Value::Map56(v) => write_uint(w, v, 7, "map56"),
            Value::Uint56(v) => write_uint(w, v, 7, "uint56"),
            Value::Data64(v) | Value::Map64(v) | Value::Uint64(v) | Value::IeeeAddress(v) => {
                w.u64(v)
            }
            Value::Int8(v) => w.i8(v),
            Value::Int16(v) => w.i16(v),
            Value::Int24(v) => write_int(w, i64::from(v), 3, "int24"),
            Value::Int32(v) => w.i32(v),
            Value::Int40(v) => write_int(w, v, 5, "int40"),
            Value::Int48(v) => write_int(w, v, 6, "int48"),
            Value::Int56(v) => write_int(w, v, 7, "int56"),
            Value::Int64(v) => w.i64(v),
            Value::Single(v) => w.u32(v.to_bits()),
            Value::Double(v) => w.u64(v.to_bits()),
            Value::OctetString(s) => write_short_string(w, s, "octet string"),
            Value::CharString(s) => write_short_string(w, s, "character string"),
            Value::LongOctetString(s) => write_long_string(w, s, "long octet string"),
            Value::LongCharString(s) => write_long_string(w, s, "long character string"),
            Value::Array(ref s) | Value::Set(ref s) | Value::Bag(ref s) => s.emit_to(w),
            Value::Structure(ref s) => s.emit_to(w),
            Value::TimeOfDay(t) => w.bytes(&t.to_bytes()),
            Value::Date(d) => w.bytes(&d.to_bytes()),
            Value::SecurityKey(ref k) => w.bytes(k),
        }
    }

    /// Writes the type id, then the value bytes.
    pub fn emit_typed_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.data_type().to_u8())?;
        self.emit_to(w)
    }

    /// Writes the value bytes (no type id) at the start of `buf` and returns their number.
    /// A buffer shorter than [`Value::encoded_len`] gives [`EncodeError::BufferTooSmall`] and
    /// may be partly written.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let needed = self.encoded_len();
        if buf.len() < needed {
            return Err(EncodeError::BufferTooSmall {
                needed,
                available: buf.len(),
            });
        }
        let mut w = Writer::new(buf);
        self.emit_to(&mut w)?;
        Ok(w.len())
    }

    /// Writes the type id and the value bytes at the start of `buf` and returns their number.
    pub fn emit_typed(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let needed = self.encoded_len_typed();
        if buf.len() < needed {
            return Err(EncodeError::BufferTooSmall {
                needed,
                available: buf.len(),
            });
        }
        let mut w = Writer::new(buf);
        self.emit_typed_to(&mut w)?;
        Ok(w.len())
    }

    /// Whether this is its type's non-value ("invalid value", ZCL table 2-10). Types without
    /// one (no data, unknown, data, bitmaps, 128-bit key) always answer `false`.
    pub fn is_non_value(&self) -> bool {
        match *self {
            Value::NoData
            | Value::Unknown
            | Value::Data8(_)
            | Value::Data16(_)
            | Value::Data24(_)
            | Value::Data32(_)
            | Value::Data40(_)
            | Value::Data48(_)
            | Value::Data56(_)
            | Value::Data64(_)
            | Value::Map8(_)
            | Value::Map16(_)
            | Value::Map24(_)
            | Value::Map32(_)
            | Value::Map40(_)
            | Value::Map48(_)
            | Value::Map56(_)
            | Value::Map64(_)
            | Value::SecurityKey(_) => false,
            Value::Bool(v) | Value::Uint8(v) | Value::Enum8(v) => v == 0xff,
            Value::Uint16(v) | Value::Enum16(v) | Value::ClusterId(v) | Value::AttributeId(v) => {
                v == 0xffff
            }
            Value::Uint24(v) => v == 0x00ff_ffff,
            Value::Uint32(v) | Value::UtcTime(v) | Value::BacnetOid(v) => v == u32::MAX,
            Value::Uint40(v) => v == (1 << 40) - 1,
            Value::Uint48(v) => v == (1 << 48) - 1,
            Value::Uint56(v) => v == (1 << 56) - 1,
            Value::Uint64(v) | Value::IeeeAddress(v) => v == u64::MAX,
            Value::Int8(v) => v == i8::MIN,
            Value::Int16(v) => v == i16::MIN,
            Value::Int24(v) => i64::from(v) == int_min(24),
            Value::Int32(v) => v == i32::MIN,
            Value::Int40(v) => v == int_min(40),
            Value::Int48(v) => v == int_min(48),
            Value::Int56(v) => v == int_min(56),
            Value::Int64(v) => v == i64::MIN,
            Value::Semi(v) => semi_is_nan(v),
            Value::Single(v) => v.is_nan(),
            Value::Double(v) => v.is_nan(),
            Value::OctetString(s)
            | Value::CharString(s)
            | Value::LongOctetString(s)
            | Value::LongCharString(s) => s.is_none(),
            Value::Array(ref s) | Value::Set(ref s) | Value::Bag(ref s) => s.is_non_value(),
            Value::Structure(ref s) => s.is_non_value(),
            Value::TimeOfDay(t) => t.is_non_value(),
            Value::Date(d) => d.is_non_value(),
        }
    }

    /// The non-value of `data_type` (ZCL table 2-10), or `None` for a type without one.
    /// Collections get their element type from nowhere, so an array, set or bag non-value has
    /// element type no data; build one with [`Sequence::non_value`] to choose it.
    pub const fn non_value(data_type: DataType) -> Option<Value<'static>> {
        Some(match data_type {
            DataType::Bool => Value::Bool(0xff),
            DataType::Uint8 => Value::Uint8(u8::MAX),
            DataType::Uint16 => Value::Uint16(u16::MAX),
            DataType::Uint24 => Value::Uint24(0x00ff_ffff),
            DataType::Uint32 => Value::Uint32(u32::MAX),
            DataType::Uint40 => Value::Uint40((1 << 40) - 1),
            DataType::Uint48 => Value::Uint48((1 << 48) - 1),
            DataType::Uint56 => Value::Uint56((1 << 56) - 1),
            DataType::Uint64 => Value::Uint64(u64::MAX),
            DataType::Int8 => Value::Int8(i8::MIN),
            DataType::Int16 => Value::Int16(i16::MIN),
            #[allow(clippy::cast_possible_truncation)]
            DataType::Int24 => Value::Int24(int_min(24) as i32),
            DataType::Int32 => Value::Int32(i32::MIN),
            DataType::Int40 => Value::Int40(int_min(40)),
            DataType::Int48 => Value::Int48(int_min(48)),
            DataType::Int56 => Value::Int56(int_min(56)),
            DataType::Int64 => Value::Int64(i64::MIN),
            DataType::Enum8 => Value::Enum8(0xff),
            DataType::Enum16 => Value::Enum16(0xffff),
            // The canonical quiet NaN of each width.
            DataType::Semi => Value::Semi(0x7e00),
            DataType::Single => Value::Single(f32::NAN),
            DataType::Double => Value::Double(f64::NAN),
            DataType::OctetString => Value::OctetString(None),
            DataType::CharString => Value::CharString(None),
            DataType::LongOctetString => Value::LongOctetString(None),
            DataType::LongCharString => Value::LongCharString(None),
            DataType::Array => Value::Array(Sequence::non_value(DataType::NoData)),
            DataType::Set => Value::Set(Sequence::non_value(DataType::NoData)),
            DataType::Bag => Value::Bag(Sequence::non_value(DataType::NoData)),
            DataType::Structure => Value::Structure(Structure::NON_VALUE),
            DataType::TimeOfDay => Value::TimeOfDay(TimeOfDay::NON_VALUE),
            DataType::Date => Value::Date(Date::NON_VALUE),
            DataType::UtcTime => Value::UtcTime(u32::MAX),
            DataType::ClusterId => Value::ClusterId(0xffff),
            DataType::AttributeId => Value::AttributeId(0xffff),
            DataType::BacnetOid => Value::BacnetOid(u32::MAX),
            DataType::IeeeAddress => Value::IeeeAddress(u64::MAX),
            _ => return None,
        })
    }

    /// The value as an unsigned number, for the data, bitmap, unsigned integer, enumeration,
    /// boolean (raw byte), UTC time, cluster id, attribute id, BACnet OID and IEEE address types,
    /// and for signed integers that are not negative. The non-value is returned as its number
    /// (check [`Value::is_non_value`]).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Value::Data8(v)
            | Value::Bool(v)
            | Value::Map8(v)
            | Value::Uint8(v)
            | Value::Enum8(v) => Some(u64::from(v)),
            Value::Data16(v)
            | Value::Map16(v)
            | Value::Uint16(v)
            | Value::Enum16(v)
            | Value::ClusterId(v)
            | Value::AttributeId(v) => Some(u64::from(v)),
            Value::Data24(v)
            | Value::Map24(v)
            | Value::Uint24(v)
            | Value::Data32(v)
            | Value::Map32(v)
            | Value::Uint32(v)
            | Value::UtcTime(v)
            | Value::BacnetOid(v) => Some(u64::from(v)),
            Value::Data40(v)
            | Value::Map40(v)
            | Value::Uint40(v)
            | Value::Data48(v)
            | Value::Map48(v)
            | Value::Uint48(v)
            | Value::Data56(v)
            | Value::Map56(v)
            | Value::Uint56(v)
            | Value::Data64(v)
            | Value::Map64(v)
            | Value::Uint64(v)
            | Value::IeeeAddress(v) => Some(v),
            _ => self.signed().and_then(|v| u64::try_from(v).ok()),
        }
    }

    /// The value as a signed number, for the signed integer types, and for the types of
    /// [`Value::as_u64`] when the number fits in an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self.signed() {
            Some(v) => Some(v),
            None => self.as_u64().and_then(|v| i64::try_from(v).ok()),
        }
    }

    /// The signed integer types' value.
    fn signed(&self) -> Option<i64> {
        match *self {
            Value::Int8(v) => Some(i64::from(v)),
            Value::Int16(v) => Some(i64::from(v)),
            Value::Int24(v) | Value::Int32(v) => Some(i64::from(v)),
            Value::Int40(v) | Value::Int48(v) | Value::Int56(v) | Value::Int64(v) => Some(v),
            _ => None,
        }
    }

    /// The value as a floating-point number, for the float types (a semi converted exactly) and
    /// every integer type of [`Value::as_u64`]/[`Value::as_i64`] (rounded above 2^53).
    pub fn as_f64(&self) -> Option<f64> {
        #[allow(clippy::cast_precision_loss)]
        match *self {
            Value::Semi(v) => Some(f64::from(semi_to_f32(v))),
            Value::Single(v) => Some(f64::from(v)),
            Value::Double(v) => Some(v),
            _ => match self.signed() {
                Some(v) => Some(v as f64),
                None => self.as_u64().map(|v| v as f64),
            },
        }
    }

    /// A boolean's truth: `Some(false)` for 0, `Some(true)` for 1, `None` for the non-value,
    /// other bytes, and other types.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Value::Bool(0) => Some(false),
            Value::Bool(1) => Some(true),
            _ => None,
        }
    }

    /// The bytes of an octet or character string (short or long), `None` for the non-value and
    /// for other types.
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Value::OctetString(s)
            | Value::CharString(s)
            | Value::LongOctetString(s)
            | Value::LongCharString(s) => s,
            _ => None,
        }
    }

    /// A character string (short or long) as `&str` if it is valid UTF-8; `None` for the
    /// non-value, invalid UTF-8 and other types. The ZCL does not require UTF-8, so devices do
    /// send other bytes; use [`Value::as_bytes`] for those.
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            Value::CharString(Some(s)) | Value::LongCharString(Some(s)) => {
                core::str::from_utf8(s).ok()
            }
            _ => None,
        }
    }

    /// The sequence of an array, set or bag.
    pub fn as_sequence(&self) -> Option<&Sequence<'a>> {
        match self {
            Value::Array(s) | Value::Set(s) | Value::Bag(s) => Some(s),
            _ => None,
        }
    }

    /// The structure of a structure value.
    pub fn as_structure(&self) -> Option<&Structure<'a>> {
        match self {
            Value::Structure(s) => Some(s),
            _ => None,
        }
    }
}

const fn opt_len(s: Option<&[u8]>) -> usize {
    match s {
        Some(s) => s.len(),
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::MAX_NESTING;

    // Vectors below follow ZCL 2.6.2; the numeric, float, EUI64, time and nested collection
    // encodings were cross-checked against zigpy.

    /// Parses `bytes` as `dt` (value only and with a type id), compares with `expected`,
    /// emits `expected` into zeroed and 0xff-filled buffers and compares bytes, and checks that
    /// every proper prefix is rejected.
    fn check(dt: DataType, bytes: &[u8], expected: Value<'_>) {
        let mut r = Reader::new(bytes);
        let v = Value::parse(dt, &mut r).unwrap();
        assert_eq!(v, expected, "parse {dt:?}");
        assert!(r.is_empty(), "{dt:?} left bytes");
        assert_eq!(v.data_type(), dt);
        assert_eq!(expected.data_type(), dt);
        assert_eq!(expected.encoded_len(), bytes.len(), "encoded_len {dt:?}");
        for fill in [0x00u8, 0xff] {
            let mut buf = [fill; 96];
            let n = expected.emit(&mut buf).unwrap();
            assert_eq!(&buf[..n], bytes, "emit {dt:?} into {fill:#x}");
            assert!(buf[n..].iter().all(|&b| b == fill), "wrote past the end");
        }
        let mut typed = vec![dt.to_u8()];
        typed.extend_from_slice(bytes);
        let mut r = Reader::new(&typed);
        assert_eq!(Value::parse_typed(&mut r).unwrap(), expected);
        assert!(r.is_empty());
        let mut buf = [0xaau8; 97];
        let n = expected.emit_typed(&mut buf).unwrap();
        assert_eq!(&buf[..n], &typed[..]);
        for cut in 0..bytes.len() {
            assert!(
                Value::parse(dt, &mut Reader::new(&bytes[..cut])).is_err(),
                "{dt:?} prefix of {cut} accepted"
            );
        }
        if let Some(size) = dt.fixed_size() {
            assert_eq!(size, bytes.len());
            if size > 0 {
                assert_eq!(
                    Value::parse(dt, &mut Reader::new(&bytes[..size - 1])),
                    Err(DecodeError::Truncated {
                        offset: 0,
                        needed: 1
                    })
                );
            }
        }
    }

    /// Like `check` for values that may be NaN: compares emitted bytes instead of values.
    fn check_bits(dt: DataType, bytes: &[u8], expected: Value<'_>) {
        let v = Value::parse(dt, &mut Reader::new(bytes)).unwrap();
        assert_eq!(v.data_type(), dt);
        for fill in [0x00u8, 0xff] {
            let mut buf = [fill; 8];
            let n = v.emit(&mut buf).unwrap();
            assert_eq!(&buf[..n], bytes);
            let n = expected.emit(&mut buf).unwrap();
            assert_eq!(&buf[..n], bytes);
        }
    }

    #[test]
    fn parse_emit_no_data_and_unknown() {
        // no data: no bytes
        check(DataType::NoData, &[], Value::NoData);
        // unknown (0xff): no bytes
        check(DataType::Unk, &[], Value::Unknown);
    }

    #[test]
    fn parse_emit_data_types() {
        check(DataType::Data8, &[0x5a], Value::Data8(0x5a));
        // little-endian throughout: lowest byte first
        check(DataType::Data16, &[0x34, 0x12], Value::Data16(0x1234));
        check(
            DataType::Data24,
            &[0x56, 0x34, 0x12],
            Value::Data24(0x12_3456),
        );
        check(
            DataType::Data32,
            &[0x78, 0x56, 0x34, 0x12],
            Value::Data32(0x1234_5678),
        );
        check(
            DataType::Data40,
            &[0x9a, 0x78, 0x56, 0x34, 0x12],
            Value::Data40(0x12_3456_789a),
        );
        check(
            DataType::Data48,
            &[0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12],
            Value::Data48(0x1234_5678_9abc),
        );
        check(
            DataType::Data56,
            &[0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12],
            Value::Data56(0x12_3456_789a_bcde),
        );
        check(
            DataType::Data64,
            &[0xf0, 0xde, 0xbc, 0x9a, 0x78, 0x56, 0x34, 0x12],
            Value::Data64(0x1234_5678_9abc_def0),
        );
    }

    #[test]
    fn parse_emit_bool() {
        // false, true, the non-value, and another byte kept as read
        check(DataType::Bool, &[0x00], Value::Bool(0));
        check(DataType::Bool, &[0x01], Value::Bool(1));
        check(DataType::Bool, &[0xff], Value::Bool(0xff));
        check(DataType::Bool, &[0x02], Value::Bool(2));
        assert_eq!(Value::Bool(1).as_bool(), Some(true));
        assert_eq!(Value::Bool(0).as_bool(), Some(false));
        assert_eq!(Value::Bool(0xff).as_bool(), None);
        assert_eq!(Value::Bool(2).as_bool(), None);
    }

    #[test]
    fn parse_emit_bitmaps() {
        check(DataType::Map8, &[0x81], Value::Map8(0x81));
        check(DataType::Map16, &[0x01, 0x80], Value::Map16(0x8001));
        check(
            DataType::Map24,
            &[0x01, 0x00, 0x80],
            Value::Map24(0x80_0001),
        );
        check(
            DataType::Map32,
            &[0x01, 0x00, 0x00, 0x80],
            Value::Map32(0x8000_0001),
        );
        check(
            DataType::Map40,
            &[0x01, 0x00, 0x00, 0x00, 0x80],
            Value::Map40(0x80_0000_0001),
        );
        check(
            DataType::Map48,
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x80],
            Value::Map48(0x8000_0000_0001),
        );
        check(
            DataType::Map56,
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80],
            Value::Map56(0x80_0000_0000_0001),
        );
        check(
            DataType::Map64,
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80],
            Value::Map64(0x8000_0000_0000_0001),
        );
    }

    #[test]
    fn parse_emit_unsigned_integers() {
        check(DataType::Uint8, &[0xc8], Value::Uint8(200));
        // 0x0bb8 = 3000
        check(DataType::Uint16, &[0xb8, 0x0b], Value::Uint16(3000));
        check(
            DataType::Uint24,
            &[0x40, 0x42, 0x0f],
            Value::Uint24(1_000_000),
        );
        check(
            DataType::Uint32,
            &[0x00, 0xca, 0x9a, 0x3b],
            Value::Uint32(1_000_000_000),
        );
        // 0x01_0000_0000 = 2^32
        check(
            DataType::Uint40,
            &[0x00, 0x00, 0x00, 0x00, 0x01],
            Value::Uint40(1 << 32),
        );
        check(
            DataType::Uint48,
            &[0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
            Value::Uint48(1 << 40),
        );
        check(
            DataType::Uint56,
            &[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
            Value::Uint56(1 << 48),
        );
        check(
            DataType::Uint64,
            &[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
            Value::Uint64(1 << 56),
        );
    }

    #[test]
    fn parse_emit_signed_integers() {
        check(DataType::Int8, &[0xfe], Value::Int8(-2));
        // 0xff38 = -200
        check(DataType::Int16, &[0x38, 0xff], Value::Int16(-200));
        // 0xfffffe sign-extended = -2; 0x7fffff the largest int24
        check(DataType::Int24, &[0xfe, 0xff, 0xff], Value::Int24(-2));
        check(
            DataType::Int24,
            &[0xff, 0xff, 0x7f],
            Value::Int24(0x7f_ffff),
        );
        check(
            DataType::Int32,
            &[0x00, 0x36, 0x65, 0xc4],
            Value::Int32(-1_000_000_000),
        );
        check(
            DataType::Int40,
            &[0xff, 0xff, 0xff, 0xff, 0xff],
            Value::Int40(-1),
        );
        check(
            DataType::Int40,
            &[0x01, 0x00, 0x00, 0x00, 0x80],
            Value::Int40(-(1 << 39) + 1),
        );
        check(
            DataType::Int48,
            &[0x00, 0x00, 0x00, 0x00, 0x00, 0xc0],
            Value::Int48(-(1 << 46)),
        );
        check(
            DataType::Int56,
            &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],
            Value::Int56((1 << 55) - 1),
        );
        check(
            DataType::Int64,
            &[0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            Value::Int64(-2),
        );
    }

    #[test]
    fn parse_emit_enumerations() {
        check(DataType::Enum8, &[0x03], Value::Enum8(3));
        check(DataType::Enum16, &[0x02, 0x01], Value::Enum16(0x0102));
    }

    #[test]
    fn parse_emit_floats() {
        // semi 1.0: sign 0, exponent 01111, significand 0 = 0x3c00
        check(DataType::Semi, &[0x00, 0x3c], Value::Semi(0x3c00));
        assert_eq!(Value::Semi(0x3c00).as_f64(), Some(1.0));
        // semi -2.5 = 0xc100
        check(DataType::Semi, &[0x00, 0xc1], Value::Semi(0xc100));
        assert_eq!(Value::Semi(0xc100).as_f64(), Some(-2.5));
        // single 1.5 = 0x3fc00000
        check(
            DataType::Single,
            &[0x00, 0x00, 0xc0, 0x3f],
            Value::Single(1.5),
        );
        // double -0.5 = 0xbfe0000000000000
        check(
            DataType::Double,
            &[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0xbf],
            Value::Double(-0.5),
        );
        // a NaN with a payload keeps its bits
        check_bits(
            DataType::Single,
            &[0x01, 0x00, 0xc0, 0x7f],
            Value::Single(f32::from_bits(0x7fc0_0001)),
        );
        check_bits(
            DataType::Double,
            &[0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x7f],
            Value::Double(f64::from_bits(0x7ff8_0000_0000_0001)),
        );
    }

    #[test]
    fn parse_emit_strings() {
        // octet string: length 3, bytes 01 02 03
        check(
            DataType::OctetString,
            &[0x03, 0x01, 0x02, 0x03],
            Value::OctetString(Some(&[1, 2, 3])),
        );
        // empty octet string: length 0
        check(
            DataType::OctetString,
            &[0x00],
            Value::OctetString(Some(&[])),
        );
        // character string "abc"
        check(
            DataType::CharString,
            &[0x03, b'a', b'b', b'c'],
            Value::CharString(Some(b"abc")),
        );
        // long octet string: length 0x0002, bytes aa bb
        check(
            DataType::LongOctetString,
            &[0x02, 0x00, 0xaa, 0xbb],
            Value::LongOctetString(Some(&[0xaa, 0xbb])),
        );
        // long character string: length 0x0002, "hi"
        check(
            DataType::LongCharString,
            &[0x02, 0x00, b'h', b'i'],
            Value::LongCharString(Some(b"hi")),
        );
        assert_eq!(Value::CharString(Some(b"abc")).as_str(), Some("abc"));
        assert_eq!(Value::LongCharString(Some(b"hi")).as_str(), Some("hi"));
        // not UTF-8: kept, available as bytes only
        let latin1 = Value::CharString(Some(&[0xe9]));
        assert_eq!(latin1.as_str(), None);
        assert_eq!(latin1.as_bytes(), Some(&[0xe9][..]));
        assert_eq!(Value::OctetString(Some(b"x")).as_str(), None);
        assert_eq!(Value::CharString(None).as_str(), None);
    }

    #[test]
    fn parse_emit_string_of_maximum_length() {
        let mut bytes = vec![0xfe];
        bytes.extend(core::iter::repeat_n(b'z', 254));
        let v = Value::parse(DataType::CharString, &mut Reader::new(&bytes)).unwrap();
        assert_eq!(v.as_bytes().map(<[u8]>::len), Some(254));
        let mut out = vec![0xff; bytes.len()];
        assert_eq!(v.emit(&mut out), Ok(255));
        assert_eq!(out, bytes);
        let mut long = vec![0xfe, 0xff];
        long.extend(core::iter::repeat_n(0x11, 0xfffe));
        let v = Value::parse(DataType::LongOctetString, &mut Reader::new(&long)).unwrap();
        let mut out = vec![0u8; long.len()];
        assert_eq!(v.emit(&mut out), Ok(long.len()));
        assert_eq!(out, long);
    }

    #[test]
    fn parse_emit_time_date_and_ids() {
        // time of day 13:45:30.25: hours, minutes, seconds, hundredths
        let tod = TimeOfDay {
            hours: 13,
            minutes: 45,
            seconds: 30,
            hundredths: 25,
        };
        check(
            DataType::TimeOfDay,
            &[13, 45, 30, 25],
            Value::TimeOfDay(tod),
        );
        assert!(tod.is_valid());
        // date 2024-02-29, a Thursday: year since 1900 (124), month, day of month, day of week
        let date = Date {
            year_since_1900: 124,
            month: 2,
            day_of_month: 29,
            day_of_week: 4,
        };
        check(DataType::Date, &[124, 2, 29, 4], Value::Date(date));
        assert_eq!(date.year(), Some(2024));
        assert!(date.is_valid());
        // a date every year on 1 May: year unused (0xff), day of week unused
        let yearly = Date {
            year_since_1900: 0xff,
            month: 5,
            day_of_month: 1,
            day_of_week: 0xff,
        };
        check(DataType::Date, &[0xff, 5, 1, 0xff], Value::Date(yearly));
        assert_eq!(yearly.year(), None);
        assert!(!Value::Date(yearly).is_non_value());
        // UTC: 0x2d2f1e00 seconds since 2000-01-01
        check(
            DataType::UtcTime,
            &[0x00, 0x1e, 0x2f, 0x2d],
            Value::UtcTime(0x2d2f_1e00),
        );
        // cluster id 0x0006 (On/Off), attribute id 0x4003
        check(DataType::ClusterId, &[0x06, 0x00], Value::ClusterId(0x0006));
        check(
            DataType::AttributeId,
            &[0x03, 0x40],
            Value::AttributeId(0x4003),
        );
        // BACnet OID: object type 8 (device) << 22 | instance 1
        check(
            DataType::BacnetOid,
            &[0x01, 0x00, 0x00, 0x02],
            Value::BacnetOid(8 << 22 | 1),
        );
        // IEEE address 00:0d:6f:00:0a:bc:de:f0, least significant byte first on the wire
        check(
            DataType::IeeeAddress,
            &[0xf0, 0xde, 0xbc, 0x0a, 0x00, 0x6f, 0x0d, 0x00],
            Value::IeeeAddress(0x000d_6f00_0abc_def0),
        );
        // 128-bit key "ZigBeeAlliance09", bytes in wire order
        check(
            DataType::SecurityKey,
            b"ZigBeeAlliance09",
            Value::SecurityKey(*b"ZigBeeAlliance09"),
        );
    }

    #[test]
    fn every_defined_type_parses_and_emits() {
        // One sample per type id of the specification: the tests above cover them all.
        for &dt in DataType::ALL {
            let sample: &[u8] = match dt {
                DataType::OctetString | DataType::CharString => &[0x00],
                DataType::LongOctetString | DataType::LongCharString => &[0x00, 0x00],
                DataType::Array | DataType::Set | DataType::Bag => &[0x20, 0x00, 0x00],
                DataType::Structure => &[0x00, 0x00],
                _ => &[0x42; 16][..dt.fixed_size().unwrap()],
            };
            let v = Value::parse(dt, &mut Reader::new(sample)).unwrap();
            assert_eq!(v.data_type(), dt);
            let mut buf = [0xffu8; 16];
            assert_eq!(v.emit(&mut buf), Ok(sample.len()));
            assert_eq!(&buf[..sample.len()], sample);
        }
    }

    #[test]
    fn rejects_every_undefined_type_id_and_accepts_every_defined_one() {
        for id in 0..=255u8 {
            // the id, then enough zero bytes for any fixed-size value or an empty collection
            let mut bytes = [0u8; 17];
            bytes[0] = id;
            let got = Value::parse_typed(&mut Reader::with_base(&bytes, 4));
            match DataType::from_u8(id) {
                DataType::Unknown(_) => assert_eq!(
                    got,
                    Err(DecodeError::UnknownDataType {
                        offset: 4,
                        type_id: id
                    })
                ),
                dt => assert_eq!(got.unwrap().data_type(), dt, "{id:#04x}"),
            }
        }
    }

    #[test]
    fn non_values() {
        // (type, wire bytes of its non-value)
        let cases: &[(DataType, &[u8])] = &[
            (DataType::Bool, &[0xff]),
            (DataType::Uint8, &[0xff]),
            (DataType::Uint16, &[0xff; 2]),
            (DataType::Uint24, &[0xff; 3]),
            (DataType::Uint32, &[0xff; 4]),
            (DataType::Uint40, &[0xff; 5]),
            (DataType::Uint48, &[0xff; 6]),
            (DataType::Uint56, &[0xff; 7]),
            (DataType::Uint64, &[0xff; 8]),
            (DataType::Int8, &[0x80]),
            (DataType::Int16, &[0x00, 0x80]),
            (DataType::Int24, &[0x00, 0x00, 0x80]),
            (DataType::Int32, &[0x00, 0x00, 0x00, 0x80]),
            (DataType::Int40, &[0x00, 0x00, 0x00, 0x00, 0x80]),
            (DataType::Int48, &[0x00, 0x00, 0x00, 0x00, 0x00, 0x80]),
            (DataType::Int56, &[0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80]),
            (DataType::Int64, &[0, 0, 0, 0, 0, 0, 0, 0x80]),
            (DataType::Enum8, &[0xff]),
            (DataType::Enum16, &[0xff, 0xff]),
            // quiet NaNs
            (DataType::Semi, &[0x00, 0x7e]),
            (DataType::Single, &[0x00, 0x00, 0xc0, 0x7f]),
            (DataType::Double, &[0, 0, 0, 0, 0, 0, 0xf8, 0x7f]),
            // string lengths 0xff / 0xffff with no bytes after
            (DataType::OctetString, &[0xff]),
            (DataType::CharString, &[0xff]),
            (DataType::LongOctetString, &[0xff, 0xff]),
            (DataType::LongCharString, &[0xff, 0xff]),
            // element type no data, count 0xffff
            (DataType::Array, &[0x00, 0xff, 0xff]),
            (DataType::Set, &[0x00, 0xff, 0xff]),
            (DataType::Bag, &[0x00, 0xff, 0xff]),
            // count 0xffff
            (DataType::Structure, &[0xff, 0xff]),
            (DataType::TimeOfDay, &[0xff; 4]),
            (DataType::Date, &[0xff; 4]),
            (DataType::UtcTime, &[0xff; 4]),
            (DataType::ClusterId, &[0xff; 2]),
            (DataType::AttributeId, &[0xff; 2]),
            (DataType::BacnetOid, &[0xff; 4]),
            (DataType::IeeeAddress, &[0xff; 8]),
        ];
        for &(dt, bytes) in cases {
            let mut r = Reader::new(bytes);
            let v = Value::parse(dt, &mut r).unwrap();
            assert!(r.is_empty(), "{dt:?}");
            assert!(v.is_non_value(), "{dt:?} not a non-value");
            let nv = Value::non_value(dt).unwrap();
            assert!(nv.is_non_value(), "{dt:?}");
            assert_eq!(nv.data_type(), dt);
            for fill in [0x00u8, 0xff] {
                let mut buf = [fill; 8];
                let n = v.emit(&mut buf).unwrap();
                assert_eq!(&buf[..n], bytes, "{dt:?} round trip");
                let n = nv.emit(&mut buf).unwrap();
                assert_eq!(&buf[..n], bytes, "{dt:?} Value::non_value");
            }
            // flipping the lowest bit of the first byte gives an ordinary value
            let mut other = bytes.to_vec();
            other[0] ^= 0x01;
            let v = Value::parse(dt, &mut Reader::new(&other)).unwrap_or(Value::NoData);
            if dt != DataType::Semi && dt != DataType::Single && dt != DataType::Double {
                assert!(!v.is_non_value(), "{dt:?} {other:02x?}");
            }
        }
        // every other NaN is a non-value too; infinity is not
        assert!(Value::Semi(0xfc01).is_non_value());
        assert!(!Value::Semi(0x7c00).is_non_value());
        assert!(Value::Single(f32::from_bits(0xff80_0001)).is_non_value());
        assert!(!Value::Single(f32::INFINITY).is_non_value());
        // a time of day with only some fields unused is a value
        assert!(!Value::TimeOfDay(TimeOfDay::from_bytes([12, 0xff, 0xff, 0xff])).is_non_value());
    }

    #[test]
    fn types_without_non_value() {
        for dt in [
            DataType::NoData,
            DataType::Unk,
            DataType::Data8,
            DataType::Data64,
            DataType::Map8,
            DataType::Map64,
            DataType::SecurityKey,
        ] {
            assert_eq!(Value::non_value(dt), None, "{dt:?}");
            let ones = [0xffu8; 16];
            let size = dt.fixed_size().unwrap();
            let v = Value::parse(dt, &mut Reader::new(&ones[..size])).unwrap();
            assert!(!v.is_non_value(), "{dt:?}");
        }
        assert_eq!(Value::non_value(DataType::Unknown(0x01)), None);
    }

    #[test]
    fn parse_array_of_uint16() {
        let bytes = [
            0x21, // element type uint16
            0x02, 0x00, // count 2
            0x34, 0x12, // 0x1234
            0xcd, 0xab, // 0xabcd
        ];
        let v = Value::parse(DataType::Array, &mut Reader::new(&bytes)).unwrap();
        let s = v.as_sequence().unwrap();
        assert_eq!(s.element_type(), DataType::Uint16);
        assert_eq!(s.count(), Some(2));
        assert_eq!(s.raw_elements(), &bytes[3..]);
        let items: Vec<_> = s.iter().map(Result::unwrap).collect();
        assert_eq!(items, [Value::Uint16(0x1234), Value::Uint16(0xabcd)]);
        let mut elems = [0u8; 4];
        let mut b = SequenceBuilder::new(&mut elems, DataType::Uint16);
        b.push(&Value::Uint16(0x1234)).unwrap();
        b.push(&Value::Uint16(0xabcd)).unwrap();
        check(DataType::Array, &bytes, Value::Array(b.finish()));
    }

    #[test]
    fn parse_nested_array_of_structures() {
        let bytes = [
            0x4c, // element type structure
            0x02, 0x00, // two structures
            // structure 1
            0x02, 0x00, // two members
            0x20, 0x07, // uint8 7
            0x42, 0x02, b'h', b'i', // character string "hi"
            // structure 2
            0x01, 0x00, // one member
            0x48, // an array
            0x10, // of bool
            0x02, 0x00, // two elements
            0x01, 0x00, // true, false
        ];
        let v = Value::parse(DataType::Array, &mut Reader::new(&bytes)).unwrap();
        let outer = v.as_sequence().unwrap();
        let mut it = outer.iter();
        let s1 = it.next().unwrap().unwrap();
        let members: Vec<_> = s1
            .as_structure()
            .unwrap()
            .iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(members, [Value::Uint8(7), Value::CharString(Some(b"hi"))]);
        let s2 = it.next().unwrap().unwrap();
        let inner = s2.as_structure().unwrap().iter().next().unwrap().unwrap();
        let bools: Vec<_> = inner
            .as_sequence()
            .unwrap()
            .iter()
            .map(|b| b.unwrap().as_bool())
            .collect();
        assert_eq!(bools, [Some(true), Some(false)]);
        assert!(it.next().is_none());

        // the same value built with the builders
        let mut b1 = [0u8; 16];
        let mut sb = StructureBuilder::new(&mut b1);
        sb.push(&Value::Uint8(7)).unwrap();
        sb.push(&Value::CharString(Some(b"hi"))).unwrap();
        let s1 = sb.finish();
        let mut b2 = [0u8; 2];
        let mut ab = SequenceBuilder::new(&mut b2, DataType::Bool);
        ab.push(&Value::Bool(1)).unwrap();
        ab.push(&Value::Bool(0)).unwrap();
        let bools = ab.finish();
        let mut b3 = [0u8; 16];
        let mut sb = StructureBuilder::new(&mut b3);
        sb.push(&Value::Array(bools)).unwrap();
        let s2 = sb.finish();
        let mut b4 = [0u8; 32];
        let mut ob = SequenceBuilder::new(&mut b4, DataType::Structure);
        ob.push(&Value::Structure(s1)).unwrap();
        ob.push(&Value::Structure(s2)).unwrap();
        check(DataType::Array, &bytes, Value::Array(ob.finish()));

        // and with emit_values
        let mut out = [0xffu8; 32];
        let mut w = Writer::new(&mut out);
        Sequence::emit_values(
            DataType::Structure,
            &[Value::Structure(s1), Value::Structure(s2)],
            &mut w,
        )
        .unwrap();
        assert_eq!(w.written(), &bytes);
        assert_eq!(
            Sequence::values_encoded_len(&[Value::Structure(s1), Value::Structure(s2)]),
            bytes.len()
        );
    }

    #[test]
    fn parse_set_and_bag() {
        let set = [
            0x30, // element type enum8
            0x03, 0x00, // count 3
            0x01, 0x02, 0x05,
        ];
        let v = Value::parse(DataType::Set, &mut Reader::new(&set)).unwrap();
        assert!(matches!(v, Value::Set(_)));
        let items: Vec<_> = v
            .as_sequence()
            .unwrap()
            .iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(items, [Value::Enum8(1), Value::Enum8(2), Value::Enum8(5)]);
        check(
            DataType::Set,
            &set,
            Value::Set(Sequence::from_raw(DataType::Enum8, 3, &set[3..]).unwrap()),
        );
        let bag = [
            0x42, // element type character string
            0x02, 0x00, // count 2
            0x01, b'a', // "a"
            0x01, b'a', // "a" again: a bag may repeat
        ];
        let v = Value::parse(DataType::Bag, &mut Reader::new(&bag)).unwrap();
        let items: Vec<_> = v
            .as_sequence()
            .unwrap()
            .iter()
            .map(|x| x.unwrap().as_str())
            .collect();
        assert_eq!(items, [Some("a"), Some("a")]);
        check(DataType::Bag, &bag, v);
    }

    #[test]
    fn parse_empty_and_non_value_collections() {
        // array of uint8, count 0
        let empty = [0x20, 0x00, 0x00];
        check(
            DataType::Array,
            &empty,
            Value::Array(Sequence::empty(DataType::Uint8)),
        );
        // structure, count 0
        check(
            DataType::Structure,
            &[0x00, 0x00],
            Value::Structure(Structure::EMPTY),
        );
        // array of uint8, count 0xffff: the non-value, no elements follow
        let nv = [0x20, 0xff, 0xff];
        let v = Value::parse(DataType::Array, &mut Reader::new(&nv)).unwrap();
        assert!(v.is_non_value());
        let s = v.as_sequence().unwrap();
        assert_eq!(s.count(), None);
        assert_eq!(s.len(), 0);
        assert!(s.iter().next().is_none());
        check(
            DataType::Array,
            &nv,
            Value::Array(Sequence::non_value(DataType::Uint8)),
        );
        check(
            DataType::Bag,
            &nv,
            Value::Bag(Sequence::non_value(DataType::Uint8)),
        );
        check(
            DataType::Structure,
            &[0xff, 0xff],
            Value::Structure(Structure::non_value()),
        );
        assert!(Value::Structure(Structure::NON_VALUE).is_non_value());
        assert!(!Value::Structure(Structure::EMPTY).is_non_value());
        // an empty array of no data is allowed, as is its non-value
        check(
            DataType::Array,
            &[0x00, 0x00, 0x00],
            Value::Array(Sequence::empty(DataType::NoData)),
        );
        // structure members may be of the zero-size types
        let s = [0x02, 0x00, 0x00, 0xff];
        let v = Value::parse(DataType::Structure, &mut Reader::new(&s)).unwrap();
        let m: Vec<_> = v
            .as_structure()
            .unwrap()
            .iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(m, [Value::NoData, Value::Unknown]);
    }

    #[test]
    fn parse_deepest_allowed_nesting() {
        let bytes = nested_arrays(MAX_NESTING);
        let v = Value::parse(DataType::Array, &mut Reader::new(&bytes)).unwrap();
        // walk down to the innermost array
        let mut cur = v;
        for _ in 1..MAX_NESTING {
            cur = cur.as_sequence().unwrap().iter().next().unwrap().unwrap();
        }
        assert_eq!(cur.as_sequence().unwrap().element_type(), DataType::Uint8);
        check(DataType::Array, &bytes, v);
    }

    /// `levels` arrays, each holding the next one; the innermost is an empty array of uint8.
    fn nested_arrays(levels: u8) -> Vec<u8> {
        let mut bytes = Vec::new();
        for _ in 1..levels {
            // element type array, count 1
            bytes.extend_from_slice(&[0x48, 0x01, 0x00]);
        }
        // element type uint8, count 0
        bytes.extend_from_slice(&[0x20, 0x00, 0x00]);
        bytes
    }

    #[test]
    fn rejects_nesting_deeper_than_max() {
        let bytes = nested_arrays(MAX_NESTING + 1);
        let deepest = 3 * usize::from(MAX_NESTING);
        assert_eq!(
            Value::parse(DataType::Array, &mut Reader::new(&bytes)),
            Err(DecodeError::NestingTooDeep { offset: deepest })
        );
        // structures count too: a structure holding the deepest allowed array is one too many
        let mut s = vec![0x01, 0x00, 0x48];
        s.extend(nested_arrays(MAX_NESTING));
        assert_eq!(
            Value::parse(DataType::Structure, &mut Reader::new(&s)),
            // structure header (3 bytes) + 7 array headers: the 8th array is level 9
            Err(DecodeError::NestingTooDeep {
                offset: 3 + 3 * (usize::from(MAX_NESTING) - 1)
            })
        );
        // and a huge depth fails just the same, without exhausting the stack
        let bytes = nested_arrays(200);
        assert!(matches!(
            Value::parse(DataType::Array, &mut Reader::new(&bytes)),
            Err(DecodeError::NestingTooDeep { .. })
        ));
    }

    #[test]
    fn rejects_truncated_values_with_offsets() {
        // uint32 with two bytes at offset 5 of a frame
        let bytes = [0x01, 0x02];
        assert_eq!(
            Value::parse(DataType::Uint32, &mut Reader::with_base(&bytes, 5)),
            Err(DecodeError::Truncated {
                offset: 5,
                needed: 2
            })
        );
        // character string of length 5 with 3 bytes: the missing text starts at offset 1
        assert_eq!(
            Value::parse(
                DataType::CharString,
                &mut Reader::new(&[0x05, b'a', b'b', b'c'])
            ),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 2
            })
        );
        // long string length cut in half
        assert_eq!(
            Value::parse(DataType::LongCharString, &mut Reader::new(&[0x05])),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
        // type id alone
        assert_eq!(
            Value::parse_typed(&mut Reader::new(&[0x23, 0x01])),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 3
            })
        );
        assert_eq!(
            Value::parse_typed(&mut Reader::new(&[])),
            Err(DecodeError::Truncated {
                offset: 0,
                needed: 1
            })
        );
    }

    #[test]
    fn rejects_counts_past_the_end() {
        let bytes = [
            0x23, // element type uint32
            0x03, 0x00, // count 3, but only two elements follow
            0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
        ];
        // 12 bytes of elements needed from offset 3, 8 there
        assert_eq!(
            Value::parse(DataType::Array, &mut Reader::new(&bytes)),
            Err(DecodeError::Truncated {
                offset: 3,
                needed: 4
            })
        );
        let bytes = [
            0x41, // element type octet string
            0xfe, 0xff, // count 65534
            0x01, 0xaa, // one string
        ];
        // the second string's length byte is missing at offset 5
        assert_eq!(
            Value::parse(DataType::Bag, &mut Reader::new(&bytes)),
            Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })
        );
        let bytes = [
            0x03, 0x00, // three members
            0x20, 0x01, // uint8 1
            0x21, 0x02, // uint16, one byte of two
        ];
        assert_eq!(
            Value::parse(DataType::Structure, &mut Reader::new(&bytes)),
            Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })
        );
    }

    #[test]
    fn rejects_many_elements_of_a_zero_size_type() {
        // element type no data, count 65534: no bytes could back these elements
        let bytes = [0x00, 0xfe, 0xff];
        assert_eq!(
            Value::parse(DataType::Array, &mut Reader::new(&bytes)),
            Err(DecodeError::InvalidLength { offset: 1 })
        );
        // element type unknown (0xff), count 1
        assert_eq!(
            Value::parse(DataType::Set, &mut Reader::new(&[0xff, 0x01, 0x00])),
            Err(DecodeError::InvalidLength { offset: 1 })
        );
        assert_eq!(
            Sequence::from_raw(DataType::NoData, 1, &[]),
            Err(DecodeError::InvalidLength { offset: 0 })
        );
        let mut buf = [0u8; 4];
        let mut b = SequenceBuilder::new(&mut buf, DataType::NoData);
        assert!(matches!(
            b.push(&Value::NoData),
            Err(EncodeError::ValueOutOfRange { .. })
        ));
    }

    #[test]
    fn rejects_unknown_type_ids() {
        let bytes = [
            0x02, 0x00, // two members
            0x20, 0x05, // uint8 5
            0x07, 0x00, // type id 0x07 is not defined
        ];
        assert_eq!(
            Value::parse(DataType::Structure, &mut Reader::with_base(&bytes, 10)),
            Err(DecodeError::UnknownDataType {
                offset: 14,
                type_id: 0x07
            })
        );
        // array element type 0x01
        assert_eq!(
            Value::parse(DataType::Array, &mut Reader::new(&[0x01, 0x00, 0x00])),
            Err(DecodeError::UnknownDataType {
                offset: 0,
                type_id: 0x01
            })
        );
        assert_eq!(
            Value::parse_typed(&mut Reader::new(&[0x3b, 0x00])),
            Err(DecodeError::UnknownDataType {
                offset: 0,
                type_id: 0x3b
            })
        );
        assert_eq!(
            Value::parse(DataType::Unknown(0x99), &mut Reader::with_base(&[], 3)),
            Err(DecodeError::UnknownDataType {
                offset: 3,
                type_id: 0x99
            })
        );
    }

    #[test]
    fn rejects_bad_raw_collections() {
        // trailing byte after one uint8
        assert_eq!(
            Sequence::from_raw(DataType::Uint8, 1, &[0x01, 0x02]),
            Err(DecodeError::TrailingBytes { offset: 1 })
        );
        assert_eq!(
            Sequence::from_raw(DataType::Uint8, 0xffff, &[]),
            Err(DecodeError::InvalidLength { offset: 0 })
        );
        assert_eq!(
            Sequence::from_raw(DataType::Unknown(2), 0, &[]),
            Err(DecodeError::UnknownDataType {
                offset: 0,
                type_id: 2
            })
        );
        assert_eq!(
            Structure::from_raw(1, &[0x20]),
            Err(DecodeError::Truncated {
                offset: 1,
                needed: 1
            })
        );
        assert_eq!(
            Structure::from_raw(0xffff, &[]),
            Err(DecodeError::InvalidLength { offset: 0 })
        );
        let s = Structure::from_raw(1, &[0x20, 0x09]).unwrap();
        assert_eq!(s.iter().next(), Some(Ok(Value::Uint8(9))));
    }

    #[test]
    fn rejects_values_out_of_range() {
        let mut buf = [0u8; 8];
        let out_of_range = [
            Value::Data24(0x0100_0000),
            Value::Map24(0x0100_0000),
            Value::Uint24(0x0100_0000),
            Value::Data40(1 << 40),
            Value::Map48(1 << 48),
            Value::Uint56(1 << 56),
            Value::Int24(0x80_0000),
            Value::Int24(-0x80_0001),
            Value::Int40(1 << 39),
            Value::Int48(-(1 << 47) - 1),
            Value::Int56(i64::MAX),
        ];
        for v in out_of_range {
            assert!(
                matches!(v.emit(&mut buf), Err(EncodeError::ValueOutOfRange { .. })),
                "{v:?}"
            );
        }
        assert_eq!(
            Value::Uint24(0x0100_0000).emit(&mut buf),
            Err(EncodeError::ValueOutOfRange { field: "uint24" })
        );
        // the extremes that do fit
        assert_eq!(Value::Int24(-0x80_0000).emit(&mut buf), Ok(3));
        assert_eq!(buf[..3], [0x00, 0x00, 0x80]);
        assert_eq!(Value::Uint56((1 << 56) - 1).emit(&mut buf), Ok(7));
    }

    #[test]
    fn rejects_strings_too_long() {
        let long = vec![0u8; 255];
        let mut buf = vec![0u8; 70_000];
        assert_eq!(
            Value::OctetString(Some(&long)).emit(&mut buf),
            Err(EncodeError::TooLong {
                field: "octet string",
                len: 255
            })
        );
        assert_eq!(
            Value::CharString(Some(&long)).emit(&mut buf),
            Err(EncodeError::TooLong {
                field: "character string",
                len: 255
            })
        );
        assert_eq!(
            Value::CharString(Some(&long[..254])).emit(&mut buf),
            Ok(255)
        );
        let longer = vec![0u8; 0xffff];
        assert_eq!(
            Value::LongOctetString(Some(&longer)).emit(&mut buf),
            Err(EncodeError::TooLong {
                field: "long octet string",
                len: 0xffff
            })
        );
        assert!(matches!(
            Value::LongCharString(Some(&longer)).emit(&mut buf),
            Err(EncodeError::TooLong { .. })
        ));
        assert_eq!(
            Value::LongCharString(Some(&longer[..0xfffe])).emit(&mut buf),
            Ok(0x10000)
        );
    }

    #[test]
    fn rejects_small_buffers_and_mismatched_elements() {
        let mut buf = [0u8; 3];
        assert_eq!(
            Value::Uint32(1).emit(&mut buf),
            Err(EncodeError::BufferTooSmall {
                needed: 4,
                available: 3
            })
        );
        assert_eq!(Value::Uint16(1).emit_typed(&mut buf), Ok(3));
        assert_eq!(buf, [0x21, 0x01, 0x00]);
        assert_eq!(
            Value::Uint24(1).emit_typed(&mut buf),
            Err(EncodeError::BufferTooSmall {
                needed: 4,
                available: 3
            })
        );
        let mut elems = [0u8; 3];
        let mut b = SequenceBuilder::new(&mut elems, DataType::Uint16);
        assert_eq!(b.push(&Value::Uint8(1)), Err(EncodeError::TypeMismatch));
        b.push(&Value::Uint16(1)).unwrap();
        // second element does not fit: nothing appended
        assert_eq!(
            b.push(&Value::Uint16(2)),
            Err(EncodeError::BufferTooSmall {
                needed: 4,
                available: 3
            })
        );
        assert_eq!(b.count(), 1);
        assert_eq!(b.finish().raw_elements(), &[0x01, 0x00]);
        let mut out = [0u8; 8];
        assert_eq!(
            Sequence::emit_values(
                DataType::Uint8,
                &[Value::Uint8(1), Value::Int8(1)],
                &mut Writer::new(&mut out)
            ),
            Err(EncodeError::TypeMismatch)
        );
        let mut sb_buf = [0u8; 3];
        let mut sb = StructureBuilder::new(&mut sb_buf);
        sb.push(&Value::Uint8(1)).unwrap();
        assert!(matches!(
            sb.push(&Value::Uint8(2)),
            Err(EncodeError::BufferTooSmall { .. })
        ));
        assert_eq!(sb.count(), 1);
        assert_eq!(sb.finish().raw_members(), &[0x20, 0x01]);
    }

    #[test]
    fn emit_structure_from_values() {
        let members = [
            Value::Uint8(1),
            Value::CharString(None),
            Value::Structure(Structure::EMPTY),
        ];
        let expected = [
            0x03, 0x00, // three members
            0x20, 0x01, // uint8 1
            0x42, 0xff, // character string, non-value
            0x4c, 0x00, 0x00, // empty structure
        ];
        for fill in [0u8, 0xff] {
            let mut out = [fill; 16];
            let mut w = Writer::new(&mut out);
            Structure::emit_values(&members, &mut w).unwrap();
            assert_eq!(w.written(), &expected);
        }
        assert_eq!(Structure::values_encoded_len(&members), expected.len());
    }

    #[test]
    fn numeric_accessors() {
        assert_eq!(Value::Uint24(0xff_ffff).as_u64(), Some(0xff_ffff));
        assert_eq!(Value::Uint64(u64::MAX).as_i64(), None);
        assert_eq!(Value::Uint64(5).as_i64(), Some(5));
        assert_eq!(Value::Int40(-5).as_i64(), Some(-5));
        assert_eq!(Value::Int40(-5).as_u64(), None);
        assert_eq!(Value::Int16(7).as_u64(), Some(7));
        assert_eq!(Value::Enum8(3).as_u64(), Some(3));
        assert_eq!(Value::IeeeAddress(9).as_u64(), Some(9));
        assert_eq!(Value::Int8(-3).as_f64(), Some(-3.0));
        assert_eq!(Value::Single(0.25).as_f64(), Some(0.25));
        assert_eq!(Value::Double(-1e300).as_f64(), Some(-1e300));
        assert_eq!(Value::CharString(Some(b"1")).as_u64(), None);
        assert_eq!(Value::Single(1.0).as_u64(), None);
        assert_eq!(Value::NoData.as_f64(), None);
    }

    #[test]
    fn semi_conversion_matches_reference_for_every_bit_pattern() {
        for bits in 0..=u16::MAX {
            let ours = semi_to_f32(bits);
            let reference = half::f16::from_bits(bits).to_f32();
            if reference.is_nan() {
                assert!(ours.is_nan(), "{bits:#06x}");
                assert!(semi_is_nan(bits));
                assert!(semi_is_nan(semi_from_f32(ours)));
            } else {
                assert_eq!(ours.to_bits(), reference.to_bits(), "{bits:#06x}");
                assert_eq!(semi_from_f32(ours), bits, "{bits:#06x}");
            }
        }
        // rounding: halfway between 1.0 and the next semi (1 + 2^-10) goes to even (1.0)
        assert_eq!(semi_from_f32(1.0 + 2f32.powi(-11)), 0x3c00);
        // a bit above halfway rounds up
        assert_eq!(semi_from_f32(1.0 + 2f32.powi(-11) + 2f32.powi(-20)), 0x3c01);
        // too large: infinity; the largest semi is 65504
        assert_eq!(semi_from_f32(70_000.0), 0x7c00);
        assert_eq!(semi_from_f32(65_504.0), 0x7bff);
        // too small: zero, keeping the sign
        assert_eq!(semi_from_f32(-1e-10), 0x8000);
    }

    #[test]
    fn display_forms() {
        let cases: &[(Value<'_>, &str)] = &[
            (Value::NoData, "nodata"),
            (Value::Unknown, "unk"),
            (Value::Data24(0xab), "0x0000ab"),
            (Value::Map8(0x81), "0x81"),
            (Value::Bool(1), "true"),
            (Value::Bool(0), "false"),
            (Value::Bool(0xff), "0xff"),
            (Value::Uint24(1_000_000), "1000000"),
            (Value::Int40(-5), "-5"),
            (Value::Enum8(3), "3"),
            (Value::Semi(0xc100), "-2.5"),
            (Value::Single(1.5), "1.5"),
            (Value::Double(f64::NAN), "NaN"),
            (Value::OctetString(Some(&[0x01, 0xab])), "<01ab>"),
            (Value::CharString(Some(b"a\"b")), "\"a\\\"b\""),
            (Value::CharString(Some(&[0xe9])), "<e9>"),
            (Value::LongCharString(None), "non-value"),
            (Value::ClusterId(6), "0x0006"),
            (Value::BacnetOid(1), "0x00000001"),
            (Value::UtcTime(7), "7"),
            (
                Value::IeeeAddress(0x000d_6f00_0abc_def0),
                "00:0d:6f:00:0a:bc:de:f0",
            ),
            (
                Value::TimeOfDay(TimeOfDay::from_bytes([13, 45, 0xff, 5])),
                "13:45:--.05",
            ),
            (
                Value::Date(Date::from_bytes([124, 2, 29, 4])),
                "2024-02-29 (04)",
            ),
            (Value::Date(Date::NON_VALUE), "---------- (--)"),
            (
                Value::Array(Sequence::non_value(DataType::Uint8)),
                "non-value",
            ),
            (Value::Structure(Structure::EMPTY), "{}"),
        ];
        for (v, text) in cases {
            assert_eq!(format!("{v}"), *text, "{v:?}");
        }
        let bytes = [
            0x4c, 0x02, 0x00, // array of two structures
            0x02, 0x00, 0x20, 0x07, 0x42, 0x02, b'h', b'i', // {7, "hi"}
            0x01, 0x00, 0x48, 0x10, 0x02, 0x00, 0x01, 0x00, // {[true, false]}
        ];
        let v = Value::parse(DataType::Array, &mut Reader::new(&bytes)).unwrap();
        assert_eq!(format!("{v}"), "[{7, \"hi\"}, {[true, false]}]");
        assert_eq!(
            format!("{}", Value::SecurityKey([0x11; 16])),
            "<11111111111111111111111111111111>"
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A value to generate, with collections as owned trees of their elements.
        #[derive(Debug, Clone)]
        enum Model {
            /// Any fixed-size type.
            Fixed(Value<'static>),
            /// A string type and its bytes (`None` is the non-value).
            Str(DataType, Option<Vec<u8>>),
            /// Array, set or bag: kind, element type, elements (`None` is the non-value).
            Seq(DataType, DataType, Option<Vec<Model>>),
            /// A structure's members (`None` is the non-value).
            Struct(Option<Vec<Model>>),
        }

        impl Model {
            fn data_type(&self) -> DataType {
                match self {
                    Model::Fixed(v) => v.data_type(),
                    Model::Str(t, _) | Model::Seq(t, _, _) => *t,
                    Model::Struct(_) => DataType::Structure,
                }
            }
        }

        /// A fixed-size value of `dt` from raw bits, masked or sign-extended to its width.
        fn fixed_from_bits(dt: DataType, bits: u64, key: [u8; 16]) -> Value<'static> {
            let n = dt.fixed_size().unwrap();
            let ubits = if n >= 8 || n == 0 {
                bits
            } else {
                bits & ((1u64 << (8 * n)) - 1)
            };
            if dt == DataType::SecurityKey {
                return Value::SecurityKey(key);
            }
            // Parsing the little-endian bytes of the masked bits is the definition of the
            // fixed-size formats; the roundtrip then checks emit against it. (Leaked so the
            // value can be 'static; fixed-size values borrow nothing anyway.)
            let r_bytes: &'static mut [u8; 8] = Box::leak(Box::new(ubits.to_le_bytes()));
            Value::parse(dt, &mut Reader::new(&r_bytes[..n])).unwrap()
        }

        fn bits() -> impl Strategy<Value = u64> {
            prop_oneof![
                6 => any::<u64>(),
                1 => Just(0u64),
                1 => Just(u64::MAX),
                // the signed non-values of every width, sign-extended
                1 => (1u32..8).prop_map(|n| 1u64 << (8 * n - 1)),
                1 => any::<u8>().prop_map(u64::from),
            ]
        }

        fn fixed_types() -> Vec<DataType> {
            DataType::ALL
                .iter()
                .copied()
                .filter(|t| t.fixed_size().is_some())
                .collect()
        }

        fn arb_of_type(dt: DataType, depth: u32) -> BoxedStrategy<Model> {
            match dt {
                DataType::OctetString | DataType::CharString => {
                    proptest::option::weighted(0.9, proptest::collection::vec(any::<u8>(), 0..40))
                        .prop_map(move |s| Model::Str(dt, s))
                        .boxed()
                }
                DataType::LongOctetString | DataType::LongCharString => {
                    proptest::option::weighted(0.9, proptest::collection::vec(any::<u8>(), 0..300))
                        .prop_map(move |s| Model::Str(dt, s))
                        .boxed()
                }
                DataType::Array | DataType::Set | DataType::Bag => {
                    // Element types: anything with a size, collections only while depth
                    // remains, and those often so that nesting gets exercised.
                    let sized: Vec<DataType> = DataType::ALL
                        .iter()
                        .copied()
                        .filter(|t| t.fixed_size() != Some(0) && !t.is_collection())
                        .collect();
                    let elem = if depth <= 1 {
                        proptest::sample::select(sized).boxed()
                    } else {
                        prop_oneof![
                            2 => proptest::sample::select(sized),
                            1 => proptest::sample::select(vec![
                                DataType::Array,
                                DataType::Set,
                                DataType::Bag,
                                DataType::Structure,
                            ]),
                        ]
                        .boxed()
                    };
                    elem.prop_flat_map(move |et| {
                        proptest::option::weighted(
                            0.9,
                            proptest::collection::vec(
                                arb_of_type(et, depth.saturating_sub(1)),
                                0..5,
                            ),
                        )
                        .prop_map(move |items| Model::Seq(dt, et, items))
                    })
                    .boxed()
                }
                DataType::Structure => proptest::option::weighted(
                    0.9,
                    proptest::collection::vec(arb_model(depth.saturating_sub(1)), 0..5),
                )
                .prop_map(Model::Struct)
                .boxed(),
                _ => (bits(), any::<[u8; 16]>())
                    .prop_map(move |(b, k)| Model::Fixed(fixed_from_bits(dt, b, k)))
                    .boxed(),
            }
        }

        /// Any value; collections only while `depth` > 0, and then often.
        fn arb_model(depth: u32) -> BoxedStrategy<Model> {
            let leaves: Vec<DataType> = DataType::ALL
                .iter()
                .copied()
                .filter(|t| !t.is_collection())
                .collect();
            let collections = vec![
                DataType::Array,
                DataType::Set,
                DataType::Bag,
                DataType::Structure,
            ];
            let leaf = proptest::sample::select(leaves);
            if depth == 0 {
                return leaf.prop_flat_map(move |t| arb_of_type(t, 0)).boxed();
            }
            prop_oneof![
                2 => leaf,
                3 => proptest::sample::select(collections),
            ]
            .prop_flat_map(move |t| arb_of_type(t, depth))
            .boxed()
        }

        /// Encodes a model through the public API (collections via `from_raw`).
        fn encode(m: &Model, out: &mut Vec<u8>) {
            let emit = |v: &Value<'_>, out: &mut Vec<u8>| {
                let mut buf = vec![0u8; v.encoded_len()];
                assert_eq!(v.emit(&mut buf), Ok(buf.len()));
                out.extend_from_slice(&buf);
            };
            match m {
                Model::Fixed(v) => emit(v, out),
                Model::Str(dt, s) => {
                    let s = s.as_deref();
                    let v = match dt {
                        DataType::OctetString => Value::OctetString(s),
                        DataType::CharString => Value::CharString(s),
                        DataType::LongOctetString => Value::LongOctetString(s),
                        _ => Value::LongCharString(s),
                    };
                    emit(&v, out);
                }
                Model::Seq(kind, et, items) => {
                    let mut inner = Vec::new();
                    let seq = match items {
                        None => Sequence::non_value(*et),
                        Some(items) => {
                            for i in items {
                                encode(i, &mut inner);
                            }
                            Sequence::from_raw(*et, items.len() as u16, &inner).unwrap()
                        }
                    };
                    let v = match kind {
                        DataType::Array => Value::Array(seq),
                        DataType::Set => Value::Set(seq),
                        _ => Value::Bag(seq),
                    };
                    emit(&v, out);
                }
                Model::Struct(items) => {
                    let mut inner = Vec::new();
                    let s = match items {
                        None => Structure::non_value(),
                        Some(items) => {
                            for i in items {
                                inner.push(i.data_type().to_u8());
                                encode(i, &mut inner);
                            }
                            Structure::from_raw(items.len() as u16, &inner).unwrap()
                        }
                    };
                    emit(&Value::Structure(s), out);
                }
            }
        }

        /// Emitted bytes of a value.
        fn bytes_of(v: &Value<'_>) -> Vec<u8> {
            let mut buf = vec![0u8; v.encoded_len()];
            v.emit(&mut buf).unwrap();
            buf
        }

        /// Asserts that a decoded value is the model.
        fn assert_matches(m: &Model, v: &Value<'_>) {
            assert_eq!(v.data_type(), m.data_type());
            match m {
                Model::Fixed(x) => {
                    if x.as_f64().is_some_and(f64::is_nan) {
                        assert_eq!(bytes_of(x), bytes_of(v));
                    } else {
                        assert_eq!(x, v);
                    }
                }
                Model::Str(_, s) => {
                    assert_eq!(v.as_bytes(), s.as_deref());
                    assert_eq!(v.is_non_value(), s.is_none());
                }
                Model::Seq(_, et, items) => {
                    let seq = v.as_sequence().unwrap();
                    assert_eq!(seq.element_type(), *et);
                    match items {
                        None => assert!(seq.is_non_value() && v.is_non_value()),
                        Some(items) => {
                            assert_eq!(seq.len(), items.len());
                            let got: Vec<_> = seq.iter().collect();
                            assert_eq!(got.len(), items.len());
                            for (m, g) in items.iter().zip(got) {
                                assert_matches(m, &g.unwrap());
                            }
                        }
                    }
                }
                Model::Struct(items) => {
                    let s = v.as_structure().unwrap();
                    match items {
                        None => assert!(s.is_non_value() && v.is_non_value()),
                        Some(items) => {
                            let got: Vec<_> = s.iter().collect();
                            assert_eq!(got.len(), items.len());
                            for (m, g) in items.iter().zip(got) {
                                assert_matches(m, &g.unwrap());
                            }
                        }
                    }
                }
            }
        }

        /// Iterates every collection inside `v`, requiring every element to decode.
        fn walk(v: &Value<'_>) -> usize {
            let mut n = 1;
            if let Some(s) = v.as_sequence() {
                for e in s {
                    n += walk(&e.unwrap());
                }
            }
            if let Some(s) = v.as_structure() {
                for e in s {
                    n += walk(&e.unwrap());
                }
            }
            n
        }

        fn interesting_byte() -> impl Strategy<Value = u8> {
            prop_oneof![
                3 => any::<u8>(),
                2 => proptest::sample::select(vec![
                    0x00u8, 0x01, 0x02, 0x03, 0xff, 0xfe, 0x20, 0x21, 0x41, 0x42, 0x43, 0x48, 0x4c,
                    0x50, 0x51, 0x10, 0x39,
                ]),
            ]
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

            #[test]
            fn roundtrip_generated_values(m in arb_model(4)) {
                let mut bytes = Vec::new();
                encode(&m, &mut bytes);
                let dt = m.data_type();
                let mut r = Reader::new(&bytes);
                let v = Value::parse(dt, &mut r).unwrap();
                prop_assert!(r.is_empty());
                assert_matches(&m, &v);
                prop_assert_eq!(v.encoded_len(), bytes.len());
                // emit(parse(b)) == b, into dirty and clean buffers
                for fill in [0x00u8, 0xff] {
                    let mut out = vec![fill; bytes.len()];
                    prop_assert_eq!(v.emit(&mut out), Ok(bytes.len()));
                    prop_assert_eq!(&out, &bytes);
                }
                // with a type id in front
                let mut typed = vec![dt.to_u8()];
                typed.extend_from_slice(&bytes);
                let t = Value::parse_typed(&mut Reader::new(&typed)).unwrap();
                prop_assert_eq!(t.data_type(), dt);
                prop_assert_eq!(bytes_of(&t), bytes.clone());
                // every strict prefix is refused
                for cut in 0..bytes.len() {
                    let truncated = matches!(
                        Value::parse(dt, &mut Reader::new(&bytes[..cut])),
                        Err(DecodeError::Truncated { .. })
                    );
                    prop_assert!(truncated, "prefix of {} bytes", cut);
                }
            }

            #[test]
            fn roundtrip_fixed_values(dt in proptest::sample::select(fixed_types()), b in bits(), k in any::<[u8; 16]>()) {
                let v = fixed_from_bits(dt, b, k);
                let bytes = bytes_of(&v);
                prop_assert_eq!(Some(bytes.len()), dt.fixed_size());
                let back = Value::parse(dt, &mut Reader::new(&bytes)).unwrap();
                if v.as_f64().is_some_and(f64::is_nan) {
                    prop_assert_eq!(bytes_of(&back), bytes);
                } else {
                    prop_assert_eq!(back, v);
                }
            }

            #[test]
            fn roundtrip_semi_through_f32(b in any::<u16>()) {
                let back = semi_from_f32(semi_to_f32(b));
                if semi_is_nan(b) {
                    prop_assert!(semi_is_nan(back));
                } else {
                    prop_assert_eq!(back, b);
                }
            }

            #[test]
            fn semi_from_f32_matches_reference(bits in any::<u32>()) {
                let f = f32::from_bits(bits);
                let ours = semi_from_f32(f);
                let reference = half::f16::from_f32(f).to_bits();
                if f.is_nan() {
                    prop_assert!(semi_is_nan(ours));
                } else {
                    prop_assert_eq!(ours, reference, "{:e}", f);
                }
            }

            #[test]
            fn no_panic_on_arbitrary_bytes(type_id in any::<u8>(), bytes in proptest::collection::vec(interesting_byte(), 0..64)) {
                let dt = DataType::from_u8(type_id);
                let mut r = Reader::new(&bytes);
                if let Ok(v) = Value::parse(dt, &mut r) {
                    let used = bytes.len() - r.remaining();
                    // a parsed value walks without errors and re-emits its exact bytes
                    walk(&v);
                    prop_assert_eq!(bytes_of(&v), bytes[..used].to_vec());
                    let _ = v.is_non_value();
                    let _ = (v.as_u64(), v.as_i64(), v.as_f64(), v.as_str());
                }
                let mut r = Reader::new(&bytes);
                if let Ok(v) = Value::parse_typed(&mut r) {
                    let used = bytes.len() - r.remaining();
                    walk(&v);
                    let mut out = vec![0u8; v.encoded_len_typed()];
                    prop_assert_eq!(v.emit_typed(&mut out), Ok(used));
                    prop_assert_eq!(&out[..], &bytes[..used]);
                }
            }
        }
    }
}
