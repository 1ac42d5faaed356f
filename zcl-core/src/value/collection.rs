//! Arrays, sets, bags and structures (ZCL 2.6.2, types 0x48, 0x50, 0x51, 0x4c).
//!
//! ```text
//! array, set, bag:  element type (1)  count (2)  count x element value
//! structure:        count (2)         count x (type id (1)  value)
//! ```
//! A count of 0xffff is the non-value and is followed by no elements.
//!
//! See the [`crate::value`] module docs for how parsing bounds its work.

use super::Value;
use crate::codec::{Reader, Writer};
use crate::error::{DecodeError, EncodeError};
use crate::types::{DataType, MAX_NESTING};

/// The count field value that marks a collection as the non-value.
const NON_VALUE_COUNT: u16 = 0xffff;
/// The largest count a collection can carry (0xffff is the non-value).
pub const MAX_COUNT: u16 = 0xfffe;

/// The nesting level of a new collection inside `enclosing` collections, or an error at
/// `offset` if that is deeper than [`MAX_NESTING`].
#[inline]
fn level_of(enclosing: u8, offset: usize) -> Result<u8, DecodeError> {
    let level = enclosing.saturating_add(1);
    if level > MAX_NESTING {
        Err(DecodeError::NestingTooDeep { offset })
    } else {
        Ok(level)
    }
}

/// Reads a type id byte; an id the ZCL does not define is an error at its offset, because the
/// length of a value of that type is not known.
#[inline]
pub(super) fn read_type(r: &mut Reader<'_>) -> Result<DataType, DecodeError> {
    let offset = r.offset();
    let id = r.u8()?;
    match DataType::from_u8(id) {
        DataType::Unknown(type_id) => Err(DecodeError::UnknownDataType { offset, type_id }),
        t => Ok(t),
    }
}

/// Whether a type has no value bytes at all.
#[inline]
fn is_zero_size(t: DataType) -> bool {
    t.fixed_size() == Some(0)
}

/// An array, set or bag (ZCL 2.6.2, types 0x48, 0x50, 0x51): elements of one type, kept as the borrowed
/// element bytes. Which of the three it is depends on the [`Value`] variant holding it.
///
/// Equality compares the element type, the count and the element bytes.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Sequence<'a> {
    element_type: DataType,
    count: Option<u16>,
    elements: &'a [u8],
    /// Offset of the first element byte in the input it was parsed from, for error offsets.
    offset: usize,
    /// Nesting level of this collection (1 = not inside another collection).
    level: u8,
}

impl PartialEq for Sequence<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.element_type == other.element_type
            && self.count == other.count
            && self.elements == other.elements
    }
}

impl<'a> Sequence<'a> {
    /// Parses element type, count and elements, checking the extent of every element.
    /// `enclosing` is the number of collections around this one.
    pub(super) fn parse_nested(r: &mut Reader<'a>, enclosing: u8) -> Result<Self, DecodeError> {
        let level = level_of(enclosing, r.offset())?;
        let element_type = read_type(r)?;
        let count_offset = r.offset();
        let count = r.u16()?;
        let offset = r.offset();
        if count == NON_VALUE_COUNT {
            return Ok(Sequence {
                element_type,
                count: None,
                elements: &[],
                offset,
                level,
            });
        }
        let elements = take_elements(r, element_type, count, level, count_offset)?;
        Ok(Sequence {
            element_type,
            count: Some(count),
            elements,
            offset,
            level,
        })
    }

    /// A sequence over already encoded element bytes, checked: `elements` must hold exactly
    /// `count` values of `element_type` (errors carry offsets into `elements`). A count of
    /// 0xffff is refused here; use [`Sequence::non_value`].
    pub fn from_raw(
        element_type: DataType,
        count: u16,
        elements: &'a [u8],
    ) -> Result<Self, DecodeError> {
        let mut r = Reader::new(elements);
        if let DataType::Unknown(type_id) = element_type {
            return Err(DecodeError::UnknownDataType { offset: 0, type_id });
        }
        if count == NON_VALUE_COUNT {
            return Err(DecodeError::InvalidLength { offset: 0 });
        }
        let taken = take_elements(&mut r, element_type, count, 1, 0)?;
        r.finish()?;
        Ok(Sequence {
            element_type,
            count: Some(count),
            elements: taken,
            offset: 0,
            level: 1,
        })
    }

    /// An empty sequence of `element_type`.
    pub const fn empty(element_type: DataType) -> Sequence<'static> {
        Sequence {
            element_type,
            count: Some(0),
            elements: &[],
            offset: 0,
            level: 1,
        }
    }

    /// The non-value sequence of `element_type` (count 0xffff, ZCL table 2-10).
    pub const fn non_value(element_type: DataType) -> Sequence<'static> {
        Sequence {
            element_type,
            count: None,
            elements: &[],
            offset: 0,
            level: 1,
        }
    }

    /// The type of every element.
    #[inline]
    pub const fn element_type(&self) -> DataType {
        self.element_type
    }

    /// The count field: `None` for the non-value (0xffff).
    #[inline]
    pub const fn count(&self) -> Option<u16> {
        self.count
    }

    /// Number of elements (0 for the non-value).
    #[inline]
    pub fn len(&self) -> usize {
        usize::from(self.count.unwrap_or(0))
    }

    /// Whether there are no elements (also true for the non-value).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this is the non-value (count 0xffff).
    #[inline]
    pub const fn is_non_value(&self) -> bool {
        self.count.is_none()
    }

    /// The encoded element values, without element type and count.
    #[inline]
    pub const fn raw_elements(&self) -> &'a [u8] {
        self.elements
    }

    /// A lazy iterator over the elements.
    #[inline]
    pub fn iter(&self) -> SequenceIter<'a> {
        SequenceIter {
            reader: Reader::with_base(self.elements, self.offset),
            element_type: self.element_type,
            remaining: self.count.unwrap_or(0),
            level: self.level,
        }
    }

    /// Encoded length: element type, count and elements.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        3 + self.elements.len()
    }

    /// Writes element type, count and elements.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.element_type.to_u8())?;
        w.u16(self.count.unwrap_or(NON_VALUE_COUNT))?;
        w.bytes(self.elements)
    }

    /// Encoded length of a sequence holding `values` (see [`Sequence::emit_values`]).
    pub fn values_encoded_len(values: &[Value<'_>]) -> usize {
        3 + values.iter().map(Value::encoded_len).sum::<usize>()
    }

    /// Writes a whole array, set or bag value (element type, count, elements) from a slice of
    /// values, which must all be of `element_type`.
    ///
    /// Fails with [`EncodeError::TypeMismatch`] if one is not, [`EncodeError::TooLong`] for more
    /// than 65534 values, and [`EncodeError::ValueOutOfRange`] for values of a zero-size type
    /// (which a decoder of this crate refuses, see the module docs).
    pub fn emit_values(
        element_type: DataType,
        values: &[Value<'_>],
        w: &mut Writer<'_>,
    ) -> Result<(), EncodeError> {
        let count = check_count(values.len(), "collection")?;
        check_element_type(element_type, count)?;
        if values.iter().any(|v| v.data_type() != element_type) {
            return Err(EncodeError::TypeMismatch);
        }
        w.u8(element_type.to_u8())?;
        w.u16(count)?;
        values.iter().try_for_each(|v| v.emit_to(w))
    }
}

impl<'a> IntoIterator for &Sequence<'a> {
    type Item = Result<Value<'a>, DecodeError>;
    type IntoIter = SequenceIter<'a>;
    fn into_iter(self) -> SequenceIter<'a> {
        self.iter()
    }
}

/// The checked count for `len` elements.
fn check_count(len: usize, field: &'static str) -> Result<u16, EncodeError> {
    match u16::try_from(len) {
        Ok(c) if c <= MAX_COUNT => Ok(c),
        _ => Err(EncodeError::TooLong { field, len }),
    }
}

/// Refuses elements of a zero-size type (see the module docs).
fn check_element_type(element_type: DataType, count: u16) -> Result<(), EncodeError> {
    if let DataType::Unknown(_) = element_type {
        return Err(EncodeError::TypeMismatch);
    }
    if count > 0 && is_zero_size(element_type) {
        return Err(EncodeError::ValueOutOfRange {
            field: "element of a zero-size type",
        });
    }
    Ok(())
}

/// Takes the bytes of `count` elements of `element_type`, checking each. `level` is the nesting
/// level of the collection that holds them.
fn take_elements<'a>(
    r: &mut Reader<'a>,
    element_type: DataType,
    count: u16,
    level: u8,
    count_offset: usize,
) -> Result<&'a [u8], DecodeError> {
    match element_type.fixed_size() {
        Some(0) if count > 0 => Err(DecodeError::InvalidLength {
            offset: count_offset,
        }),
        Some(size) => r.take(size * usize::from(count)),
        None => {
            let rest = r.rest();
            let before = r.remaining();
            for _ in 0..count {
                Value::parse_nested(element_type, r, level)?;
            }
            let used = before - r.remaining();
            Ok(rest.get(..used).unwrap_or(rest))
        }
    }
}

/// Lazy iterator over the elements of a [`Sequence`]. After an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct SequenceIter<'a> {
    reader: Reader<'a>,
    element_type: DataType,
    remaining: u16,
    level: u8,
}

impl<'a> Iterator for SequenceIter<'a> {
    type Item = Result<Value<'a>, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let v = Value::parse_nested(self.element_type, &mut self.reader, self.level);
        if v.is_err() {
            self.remaining = 0;
        }
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.remaining)))
    }
}

impl core::iter::FusedIterator for SequenceIter<'_> {}

/// A structure (ZCL 2.6.2, type 0x4c): an ordered list of members, each with its own type id, kept as
/// the borrowed member bytes.
///
/// Equality compares the count and the member bytes.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Structure<'a> {
    count: Option<u16>,
    members: &'a [u8],
    offset: usize,
    level: u8,
}

impl PartialEq for Structure<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.count == other.count && self.members == other.members
    }
}

impl<'a> Structure<'a> {
    /// Parses count and members, checking the extent of every member.
    pub(super) fn parse_nested(r: &mut Reader<'a>, enclosing: u8) -> Result<Self, DecodeError> {
        let level = level_of(enclosing, r.offset())?;
        let count = r.u16()?;
        let offset = r.offset();
        if count == NON_VALUE_COUNT {
            return Ok(Structure {
                count: None,
                members: &[],
                offset,
                level,
            });
        }
        let members = take_members(r, count, level)?;
        Ok(Structure {
            count: Some(count),
            members,
            offset,
            level,
        })
    }

    /// A structure over already encoded members (each a type id and a value), checked:
    /// `members` must hold exactly `count` of them. A count of 0xffff is refused here; use
    /// [`Structure::non_value`].
    pub fn from_raw(count: u16, members: &'a [u8]) -> Result<Self, DecodeError> {
        if count == NON_VALUE_COUNT {
            return Err(DecodeError::InvalidLength { offset: 0 });
        }
        let mut r = Reader::new(members);
        let taken = take_members(&mut r, count, 1)?;
        r.finish()?;
        Ok(Structure {
            count: Some(count),
            members: taken,
            offset: 0,
            level: 1,
        })
    }

    /// An empty structure.
    pub const EMPTY: Structure<'static> = Structure {
        count: Some(0),
        members: &[],
        offset: 0,
        level: 1,
    };

    /// The non-value structure (count 0xffff, ZCL table 2-10).
    pub const NON_VALUE: Structure<'static> = Structure {
        count: None,
        members: &[],
        offset: 0,
        level: 1,
    };

    /// An empty structure.
    pub const fn empty() -> Structure<'static> {
        Self::EMPTY
    }

    /// The non-value structure (count 0xffff).
    pub const fn non_value() -> Structure<'static> {
        Self::NON_VALUE
    }

    /// The count field: `None` for the non-value (0xffff).
    #[inline]
    pub const fn count(&self) -> Option<u16> {
        self.count
    }

    /// Number of members (0 for the non-value).
    #[inline]
    pub fn len(&self) -> usize {
        usize::from(self.count.unwrap_or(0))
    }

    /// Whether there are no members (also true for the non-value).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether this is the non-value (count 0xffff).
    #[inline]
    pub const fn is_non_value(&self) -> bool {
        self.count.is_none()
    }

    /// The encoded members (type ids and values), without the count.
    #[inline]
    pub const fn raw_members(&self) -> &'a [u8] {
        self.members
    }

    /// A lazy iterator over the members; each carries its type in its [`Value`] variant.
    #[inline]
    pub fn iter(&self) -> StructureIter<'a> {
        StructureIter {
            reader: Reader::with_base(self.members, self.offset),
            remaining: self.count.unwrap_or(0),
            level: self.level,
        }
    }

    /// Encoded length: count and members.
    #[inline]
    pub const fn encoded_len(&self) -> usize {
        2 + self.members.len()
    }

    /// Writes count and members.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u16(self.count.unwrap_or(NON_VALUE_COUNT))?;
        w.bytes(self.members)
    }

    /// Encoded length of a structure holding `values` (see [`Structure::emit_values`]).
    pub fn values_encoded_len(values: &[Value<'_>]) -> usize {
        2 + values.iter().map(|v| 1 + v.encoded_len()).sum::<usize>()
    }

    /// Writes a whole structure value (count, then type id and value of each member) from a
    /// slice of values. Fails with [`EncodeError::TooLong`] for more than 65534 members.
    pub fn emit_values(values: &[Value<'_>], w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let count = check_count(values.len(), "structure")?;
        w.u16(count)?;
        values.iter().try_for_each(|v| v.emit_typed_to(w))
    }
}

impl<'a> IntoIterator for &Structure<'a> {
    type Item = Result<Value<'a>, DecodeError>;
    type IntoIter = StructureIter<'a>;
    fn into_iter(self) -> StructureIter<'a> {
        self.iter()
    }
}

/// Takes the bytes of `count` structure members, checking each.
fn take_members<'a>(r: &mut Reader<'a>, count: u16, level: u8) -> Result<&'a [u8], DecodeError> {
    let rest = r.rest();
    let before = r.remaining();
    for _ in 0..count {
        parse_member(r, level)?;
    }
    let used = before - r.remaining();
    Ok(rest.get(..used).unwrap_or(rest))
}

/// Parses one structure member: type id and value.
#[inline]
fn parse_member<'a>(r: &mut Reader<'a>, level: u8) -> Result<Value<'a>, DecodeError> {
    let offset = r.offset();
    let id = r.u8()?;
    Value::parse_id(id, r, level, offset)
}

/// Lazy iterator over the members of a [`Structure`]. After an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct StructureIter<'a> {
    reader: Reader<'a>,
    remaining: u16,
    level: u8,
}

impl<'a> Iterator for StructureIter<'a> {
    type Item = Result<Value<'a>, DecodeError>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            return None;
        }
        self.remaining -= 1;
        let v = parse_member(&mut self.reader, self.level);
        if v.is_err() {
            self.remaining = 0;
        }
        Some(v)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(usize::from(self.remaining)))
    }
}

impl core::iter::FusedIterator for StructureIter<'_> {}

/// Builds an array, set or bag element by element into a caller's buffer, giving a
/// [`Sequence`] that borrows it (to put in [`Value::Array`], [`Value::Set`] or [`Value::Bag`]).
///
/// ```
/// use zcl_core::{DataType, value::{SequenceBuilder, Value}};
/// let mut buf = [0u8; 8];
/// let mut b = SequenceBuilder::new(&mut buf, DataType::Uint16);
/// b.push(&Value::Uint16(0x1234)).unwrap();
/// b.push(&Value::Uint16(0xabcd)).unwrap();
/// let array = Value::Array(b.finish());
/// let mut out = [0u8; 16];
/// let n = array.emit(&mut out).unwrap();
/// // element type uint16, count 2, 0x1234, 0xabcd
/// assert_eq!(&out[..n], &[0x21, 0x02, 0x00, 0x34, 0x12, 0xcd, 0xab]);
/// ```
#[derive(Debug)]
pub struct SequenceBuilder<'b> {
    buf: &'b mut [u8],
    len: usize,
    element_type: DataType,
    count: u16,
}

impl<'b> SequenceBuilder<'b> {
    /// A builder of elements of `element_type`, writing element bytes into `buf`.
    ///
    /// Elements are checked for their type, but the nesting depth of collections pushed is not:
    /// a decoder of this crate refuses more than [`MAX_NESTING`] levels, so do not build deeper.
    pub fn new(buf: &'b mut [u8], element_type: DataType) -> Self {
        SequenceBuilder {
            buf,
            len: 0,
            element_type,
            count: 0,
        }
    }

    /// Appends one element. On error nothing is appended.
    pub fn push(&mut self, value: &Value<'_>) -> Result<(), EncodeError> {
        if value.data_type() != self.element_type {
            return Err(EncodeError::TypeMismatch);
        }
        let count = check_count(usize::from(self.count) + 1, "collection")?;
        check_element_type(self.element_type, count)?;
        self.len += append(self.buf, self.len, |w| value.emit_to(w))?;
        self.count = count;
        Ok(())
    }

    /// Number of elements pushed.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// The sequence of the elements pushed, borrowing the buffer.
    pub fn finish(self) -> Sequence<'b> {
        let buf: &'b [u8] = self.buf;
        Sequence {
            element_type: self.element_type,
            count: Some(self.count),
            elements: buf.get(..self.len).unwrap_or(buf),
            offset: 0,
            level: 1,
        }
    }
}

/// Builds a structure member by member into a caller's buffer, giving a [`Structure`] that
/// borrows it (to put in [`Value::Structure`]).
///
/// ```
/// use zcl_core::value::{StructureBuilder, Value};
/// let mut buf = [0u8; 8];
/// let mut b = StructureBuilder::new(&mut buf);
/// b.push(&Value::Uint8(7)).unwrap();
/// b.push(&Value::Bool(1)).unwrap();
/// let s = Value::Structure(b.finish());
/// let mut out = [0u8; 16];
/// let n = s.emit(&mut out).unwrap();
/// // count 2, uint8 7, bool true
/// assert_eq!(&out[..n], &[0x02, 0x00, 0x20, 0x07, 0x10, 0x01]);
/// ```
#[derive(Debug)]
pub struct StructureBuilder<'b> {
    buf: &'b mut [u8],
    len: usize,
    count: u16,
}

impl<'b> StructureBuilder<'b> {
    /// A builder writing member bytes into `buf`. As with [`SequenceBuilder`], the nesting
    /// depth of collections pushed is not checked.
    pub fn new(buf: &'b mut [u8]) -> Self {
        StructureBuilder {
            buf,
            len: 0,
            count: 0,
        }
    }

    /// Appends one member (its type id and value). On error nothing is appended.
    pub fn push(&mut self, value: &Value<'_>) -> Result<(), EncodeError> {
        let count = check_count(usize::from(self.count) + 1, "structure")?;
        self.len += append(self.buf, self.len, |w| value.emit_typed_to(w))?;
        self.count = count;
        Ok(())
    }

    /// Number of members pushed.
    pub fn count(&self) -> u16 {
        self.count
    }

    /// The structure of the members pushed, borrowing the buffer.
    pub fn finish(self) -> Structure<'b> {
        let buf: &'b [u8] = self.buf;
        Structure {
            count: Some(self.count),
            members: buf.get(..self.len).unwrap_or(buf),
            offset: 0,
            level: 1,
        }
    }
}

/// Runs `f` on a writer over `buf[at..]` and returns how much it wrote; buffer errors are
/// reported for the whole buffer.
fn append(
    buf: &mut [u8],
    at: usize,
    f: impl FnOnce(&mut Writer<'_>) -> Result<(), EncodeError>,
) -> Result<usize, EncodeError> {
    let total = buf.len();
    let rest = buf.get_mut(at..).unwrap_or(&mut []);
    let mut w = Writer::new(rest);
    match f(&mut w) {
        Ok(()) => Ok(w.len()),
        Err(EncodeError::BufferTooSmall { needed, .. }) => Err(EncodeError::BufferTooSmall {
            needed: needed.saturating_add(at),
            available: total,
        }),
        Err(e) => Err(e),
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Sequence<'_> {
    /// A list of the element values, or `None` for the non-value.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        if self.is_non_value() {
            return s.serialize_none();
        }
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for v in self.iter() {
            seq.serialize_element(&v.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Structure<'_> {
    /// A list of the member values, or `None` for the non-value.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        if self.is_non_value() {
            return s.serialize_none();
        }
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for v in self.iter() {
            seq.serialize_element(&v.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}
