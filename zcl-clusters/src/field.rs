//! Wire field types of cluster commands and the [`Field`] trait they share.
//!
//! Command fields are ZCL data types written without their type id (ZCL 2.4.1: a cluster
//! command's payload is its fields back to back). Integers use Rust integers where the width
//! matches, and small newtypes otherwise ([`U24`], [`U48`], ...). Strings borrow from the frame
//! ([`OctStr`], [`CharStr`]); lists ([`List`]) are validated once when parsed and then walked
//! lazily, and can be built from a typed slice for encoding.

use core::fmt;
use core::marker::PhantomData;
use zcl_core::{DataType, DecodeError, Direction, EncodeError, Reader, Writer};

#[cfg(feature = "registry")]
use crate::registry::{FieldVisitor, Value};

/// A value that can be a field of a cluster command (or of a structure inside one).
pub trait Field<'a>: Sized {
    /// Reads the field from `r`, borrowing strings and lists from the input.
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError>;
    /// Reads the field like [`Field::parse`], with `None` for any malformed input and no error
    /// details: the firmware's path (a server answers MALFORMED_COMMAND and nothing more), which
    /// compiles much smaller because an `Option` of a small field travels in registers.
    /// Accepts and rejects exactly the inputs `parse` does.
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        Self::parse(r).ok()
    }
    /// Bytes [`Field::emit`] writes.
    fn encoded_len(&self) -> usize;
    /// Writes the field.
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError>;
    /// Hands the field, named `name`, to a visitor (typed named fields for the host's JSON).
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor);
    /// A representative value (used by the generated round-trip tests).
    #[cfg(test)]
    fn sample() -> Self;
}

/// A cluster-specific command: a [`Field`] with a cluster, an id and a direction.
pub trait Command<'a>: Field<'a> {
    /// Cluster id.
    const CLUSTER_ID: u16;
    /// Manufacturer code of a manufacturer-specific cluster or command.
    const MANUFACTURER: Option<u16>;
    /// Command id.
    const ID: u8;
    /// Direction the command travels in.
    const DIRECTION: Direction;
    /// snake_case name.
    const NAME: &'static str;

    /// Parses a command payload (the bytes after the ZCL header). Bytes after the last known field
    /// are ignored (a later revision of the specification may have added fields).
    fn parse_payload(payload: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(payload);
        Self::parse(&mut r)
    }

    /// Reads a command payload like [`Command::parse_payload`], with `None` for a malformed one
    /// (see [`Field::read`]): what cluster servers use.
    #[inline]
    fn read_payload(payload: &'a [u8]) -> Option<Self> {
        Self::read(&mut Reader::new(payload))
    }

    /// Writes the payload into `buf` and returns its length.
    fn emit_payload(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let needed = self.encoded_len();
        if buf.len() < needed {
            return Err(EncodeError::BufferTooSmall {
                needed,
                available: buf.len(),
            });
        }
        let mut w = Writer::new(buf);
        self.emit(&mut w)?;
        Ok(w.len())
    }
}

/// The raw number behind a field, for the presence conditions and counts of later fields
/// (for example "present if `options & 0x07 == 2`"). Non-numeric fields give 0.
pub trait Raw {
    /// The value as an unsigned number.
    fn raw_value(&self) -> u64;
}

/// The raw number of a field (see [`Raw`]); used by the declaration macro's conditions.
#[inline]
pub fn raw<T: Raw + ?Sized>(v: &T) -> u64 {
    v.raw_value()
}

impl<T: Raw + ?Sized> Raw for &T {
    fn raw_value(&self) -> u64 {
        (**self).raw_value()
    }
}

impl<T: Raw> Raw for Option<T> {
    fn raw_value(&self) -> u64 {
        self.as_ref().map_or(0, Raw::raw_value)
    }
}

macro_rules! int_field {
    ($($t:ty, $read:ident, $write:ident, $variant:ident, $sample:expr;)*) => {$(
        impl<'a> Field<'a> for $t {
            #[inline]
            fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                r.$read()
            }
            #[inline]
            #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
            fn read(r: &mut Reader<'a>) -> Option<Self> {
                r.uint_n_or_none(core::mem::size_of::<$t>()).map(|v| v as $t)
            }
            #[inline]
            fn encoded_len(&self) -> usize {
                core::mem::size_of::<$t>()
            }
            #[inline]
            fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                w.$write(*self)
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
                v.value(name, Value::$variant(*self));
            }
            #[cfg(test)]
            fn sample() -> Self {
                $sample
            }
        }
        impl Raw for $t {
            #[allow(clippy::cast_sign_loss, clippy::cast_lossless)]
            fn raw_value(&self) -> u64 {
                *self as u64
            }
        }
    )*};
}

int_field! {
    u8, u8, u8, Uint8, 1;
    u16, u16, u16, Uint16, 0x0102;
    u32, u32, u32, Uint32, 0x0102_0304;
    u64, u64, u64, Uint64, 0x0102_0304_0506_0708;
    i8, i8, i8, Int8, -2;
    i16, i16, i16, Int16, -300;
    i32, i32, i32, Int32, -70_000;
    i64, i64, i64, Int64, -5_000_000_000;
}

impl<'a> Field<'a> for bool {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        // ZCL 2.6.2.3: 0 false, 1 true; anything else is read as true rather than refused.
        Ok(r.u8()? != 0)
    }
    fn encoded_len(&self) -> usize {
        1
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(u8::from(*self))
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value(name, Value::Bool(u8::from(*self)));
    }
    #[cfg(test)]
    fn sample() -> Self {
        true
    }
}

impl Raw for bool {
    fn raw_value(&self) -> u64 {
        u64::from(*self)
    }
}

impl<'a> Field<'a> for f32 {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.f32()
    }
    fn encoded_len(&self) -> usize {
        4
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.f32(*self)
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value(name, Value::Single(*self));
    }
    #[cfg(test)]
    fn sample() -> Self {
        1.5
    }
}

/// Declares a fixed-width newtype field over an unsigned or signed integer.
macro_rules! newtype_field {
    ($($(#[$m:meta])* $name:ident($inner:ty), $width:expr, $signed:tt, $variant:ident, $sample:expr;)*) => {$(
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name(pub $inner);

        impl<'a> Field<'a> for $name {
            #[inline]
            fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                newtype_field!(@read $signed, r, $width, $inner).map($name)
            }
            #[inline]
            fn read(r: &mut Reader<'a>) -> Option<Self> {
                newtype_field!(@read_opt $signed, r, $width, $inner).map($name)
            }
            #[inline]
            fn encoded_len(&self) -> usize {
                $width
            }
            #[inline]
            fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                newtype_field!(@write $signed, w, self.0, $width)
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
                v.value(name, Value::$variant(self.0));
            }
            #[cfg(test)]
            fn sample() -> Self {
                $name($sample)
            }
        }
        impl Raw for $name {
            #[allow(clippy::cast_sign_loss, clippy::cast_lossless)]
            fn raw_value(&self) -> u64 {
                self.0 as u64
            }
        }
    )*};
    (@read u, $r:ident, $width:expr, $inner:ty) => {
        $r.uint_n($width).map(|v| v as $inner)
    };
    (@read i, $r:ident, $width:expr, $inner:ty) => {
        $r.int_n($width).map(|v| v as $inner)
    };
    (@read_opt u, $r:ident, $width:expr, $inner:ty) => {
        $r.uint_n_or_none($width).map(|v| v as $inner)
    };
    (@read_opt i, $r:ident, $width:expr, $inner:ty) => {
        $r.int_n_or_none($width).map(|v| v as $inner)
    };
    (@write u, $w:ident, $v:expr, $width:expr) => {
        $w.uint_n(u64::from($v), $width)
    };
    (@write i, $w:ident, $v:expr, $width:expr) => {
        $w.int_n(i64::from($v), $width)
    };
}

newtype_field! {
    /// Unsigned 24-bit integer (ZCL uint24).
    U24(u32), 3, u, Uint24, 0x01_0203;
    /// Unsigned 40-bit integer (ZCL uint40).
    U40(u64), 5, u, Uint40, 0x01_0203_0405;
    /// Unsigned 48-bit integer (ZCL uint48).
    U48(u64), 6, u, Uint48, 0x0102_0304_0506;
    /// Unsigned 56-bit integer (ZCL uint56).
    U56(u64), 7, u, Uint56, 0x01_0203_0405_0607;
    /// Signed 24-bit integer (ZCL int24).
    I24(i32), 3, i, Int24, -70_000;
    /// Signed 40-bit integer (ZCL int40).
    I40(i64), 5, i, Int40, -5_000_000_000;
    /// Signed 48-bit integer (ZCL int48).
    I48(i64), 6, i, Int48, -5_000_000_000;
    /// 8-bit data (ZCL data8).
    Data8(u8), 1, u, Data8, 0xa5;
    /// 16-bit data (ZCL data16).
    Data16(u16), 2, u, Data16, 0xa55a;
    /// 32-bit data (ZCL data32).
    Data32(u32), 4, u, Data32, 0xa55a_1234;
    /// 8-bit enumeration without named values (ZCL enum8).
    Enum8(u8), 1, u, Enum8, 0;
    /// 16-bit enumeration without named values (ZCL enum16).
    Enum16(u16), 2, u, Enum16, 0x0203;
    /// 8-bit bitmap without named bits (ZCL map8).
    Map8(u8), 1, u, Map8, 0x81;
    /// 16-bit bitmap without named bits (ZCL map16).
    Map16(u16), 2, u, Map16, 0x8001;
    /// 24-bit bitmap without named bits (ZCL map24).
    Map24(u32), 3, u, Map24, 0x80_0001;
    /// 32-bit bitmap without named bits (ZCL map32).
    Map32(u32), 4, u, Map32, 0x8000_0001;
    /// 64-bit bitmap without named bits (ZCL map64).
    Map64(u64), 8, u, Map64, 0x8000_0000_0000_0001;
    /// UTC time: seconds since 2000-01-01 00:00 UTC (ZCL 2.6.2.19).
    UtcTime(u32), 4, u, UtcTime, 0x2000_0000;
    /// A cluster id (ZCL clusterId).
    ClusterId(u16), 2, u, ClusterId, 0x0006;
    /// An attribute id (ZCL attribId).
    AttributeId(u16), 2, u, AttributeId, 0x0000;
    /// A BACnet object identifier (ZCL bacOID).
    BacnetOid(u32), 4, u, BacnetOid, 0x0040_0001;
    /// An IEEE (EUI-64) address (ZCL EUI64).
    IeeeAddress(u64), 8, u, IeeeAddress, 0x0011_2233_4455_6677;
}

/// Time of day, and date, as 4 raw bytes each (ZCL 2.6.2.17/18: hours, minutes, seconds,
/// hundredths; year-1900, month, day, weekday). 0xFF in a byte means "not given".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TimeOfDay(pub [u8; 4]);

/// A date (ZCL 2.6.2.18): year - 1900, month, day of month, day of week (0xFF = not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Date(pub [u8; 4]);

/// A 128-bit security key (ZCL key128).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SecurityKey(pub [u8; 16]);

macro_rules! array_field {
    ($($name:ident, $n:expr, $visit:expr;)*) => {$(
        impl<'a> Field<'a> for $name {
            fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                r.array::<$n>().map($name)
            }
            fn encoded_len(&self) -> usize {
                $n
            }
            fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                w.bytes(&self.0)
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
                #[allow(clippy::redundant_closure_call)]
                v.value(name, ($visit)(self.0));
            }
            #[cfg(test)]
            fn sample() -> Self {
                let mut a = [0u8; $n];
                for (i, b) in a.iter_mut().enumerate() {
                    *b = i as u8 + 1;
                }
                $name(a)
            }
        }
    )*};
}

array_field! {
    TimeOfDay, 4, |[hours, minutes, seconds, hundredths]: [u8; 4]| Value::TimeOfDay(
        zcl_core::value::TimeOfDay { hours, minutes, seconds, hundredths });
    Date, 4, |[year_since_1900, month, day_of_month, day_of_week]: [u8; 4]| Value::Date(
        zcl_core::value::Date { year_since_1900, month, day_of_month, day_of_week });
    SecurityKey, 16, Value::SecurityKey;
}

/// A field with no bytes (ZCL nodata), kept so structures from the data model stay complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct NoData;

impl<'a> Field<'a> for NoData {
    fn parse(_r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(NoData)
    }
    fn encoded_len(&self) -> usize {
        0
    }
    fn emit(&self, _w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Ok(())
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value(name, Value::NoData);
    }
    #[cfg(test)]
    fn sample() -> Self {
        NoData
    }
}

macro_rules! string_field {
    ($($(#[$m:meta])* $name:ident, $len:ty, $read:ident, $write:ident, $none:expr, $variant:ident;)*) => {$(
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct $name<'a>(pub Option<&'a [u8]>);

        impl<'a> $name<'a> {
            /// A string with these bytes.
            pub const fn new(bytes: &'a [u8]) -> Self {
                $name(Some(bytes))
            }
            /// The bytes (empty for the non-value).
            pub fn bytes(&self) -> &'a [u8] {
                self.0.unwrap_or(&[])
            }
        }

        impl fmt::Debug for $name<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.0 {
                    None => f.write_str("None"),
                    Some(b) => match core::str::from_utf8(b) {
                        Ok(s) => write!(f, "{s:?}"),
                        Err(_) => write!(f, "{b:02x?}"),
                    },
                }
            }
        }

        #[cfg(feature = "defmt")]
        impl defmt::Format for $name<'_> {
            fn format(&self, f: defmt::Formatter<'_>) {
                defmt::write!(f, "{=[u8]}", self.bytes());
            }
        }

        impl<'a> Field<'a> for $name<'a> {
            fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
                let len = r.$read()?;
                if len == $none {
                    return Ok($name(None));
                }
                r.take(usize::from(len)).map(|b| $name(Some(b)))
            }
            #[inline]
            fn read(r: &mut Reader<'a>) -> Option<Self> {
                let len = <$len>::read(r)?;
                if len == $none {
                    return Some($name(None));
                }
                r.take_or_none(usize::from(len)).map(|b| $name(Some(b)))
            }
            fn encoded_len(&self) -> usize {
                core::mem::size_of::<$len>() + self.bytes().len()
            }
            fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
                match self.0 {
                    None => w.$write($none),
                    Some(b) => {
                        let len = <$len>::try_from(b.len())
                            .ok()
                            .filter(|l| *l != $none)
                            .ok_or(EncodeError::TooLong { field: stringify!($name), len: b.len() })?;
                        w.$write(len)?;
                        w.bytes(b)
                    }
                }
            }
            #[cfg(feature = "registry")]
            fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
                v.value(name, Value::$variant(self.0));
            }
            #[cfg(test)]
            fn sample() -> Self {
                $name(Some(b"abc"))
            }
        }

        impl Raw for $name<'_> {
            fn raw_value(&self) -> u64 {
                self.bytes().len() as u64
            }
        }
    )*};
}

string_field! {
    /// An octet string with a 1-byte length (ZCL octstr); `None` is the non-value (length 0xFF).
    OctStr, u8, u8, u8, 0xff, OctetString;
    /// A character string with a 1-byte length (ZCL string); `None` is the non-value.
    CharStr, u8, u8, u8, 0xff, CharString;
    /// An octet string with a 2-byte length (ZCL octstr16); `None` is the non-value.
    LongOctStr, u16, u16, u16, 0xffff, LongOctetString;
    /// A character string with a 2-byte length (ZCL string16); `None` is the non-value.
    LongCharStr, u16, u16, u16, 0xffff, LongCharString;
}

/// Everything left in the payload, as raw bytes (manufacturer blobs, unknown tails).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Rest<'a>(pub &'a [u8]);

impl fmt::Debug for Rest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02x?}", self.0)
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Rest<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=[u8]}", self.0);
    }
}

impl<'a> Field<'a> for Rest<'a> {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        Ok(Rest(r.take_rest()))
    }
    #[inline]
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        Some(Rest(r.take_rest()))
    }
    fn encoded_len(&self) -> usize {
        self.0.len()
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.bytes(self.0)
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value(name, Value::OctetString(Some(self.0)));
    }
    #[cfg(test)]
    fn sample() -> Self {
        Rest(&[0xde, 0xad])
    }
}

/// How a [`List`] knows its length.
pub trait ListCount {
    /// Reads the count prefix; `None` when the list runs to the end of the frame or its count
    /// comes from another field.
    fn read(r: &mut Reader<'_>) -> Result<Option<usize>, DecodeError>;
    /// [`ListCount::read`] without error details (`None`: the prefix is cut short).
    #[inline]
    fn read_or_none(r: &mut Reader<'_>) -> Option<Option<usize>> {
        Self::read(r).ok()
    }
    /// Writes the count prefix for `n` elements.
    fn write(n: usize, w: &mut Writer<'_>) -> Result<(), EncodeError>;
    /// Size of the count prefix.
    const PREFIX: usize;
}

/// The list is preceded by a 1-byte element count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count8;
/// The list is preceded by a 2-byte element count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count16;
/// The list runs to the end of the frame (or of the enclosing structure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToEnd;
/// The list's count is given by an earlier field (declared with `[count ...]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct External;

impl ListCount for Count8 {
    const PREFIX: usize = 1;
    fn read(r: &mut Reader<'_>) -> Result<Option<usize>, DecodeError> {
        r.u8().map(|n| Some(usize::from(n)))
    }
    fn write(n: usize, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let n = u8::try_from(n).map_err(|_| EncodeError::TooLong {
            field: "list",
            len: n,
        })?;
        w.u8(n)
    }
}

impl ListCount for Count16 {
    const PREFIX: usize = 2;
    fn read(r: &mut Reader<'_>) -> Result<Option<usize>, DecodeError> {
        r.u16().map(|n| Some(usize::from(n)))
    }
    fn write(n: usize, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let n = u16::try_from(n).map_err(|_| EncodeError::TooLong {
            field: "list",
            len: n,
        })?;
        w.u16(n)
    }
}

impl ListCount for ToEnd {
    const PREFIX: usize = 0;
    fn read(_r: &mut Reader<'_>) -> Result<Option<usize>, DecodeError> {
        Ok(None)
    }
    fn write(_n: usize, _w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Ok(())
    }
}

impl ListCount for External {
    const PREFIX: usize = 0;
    fn read(_r: &mut Reader<'_>) -> Result<Option<usize>, DecodeError> {
        Ok(None)
    }
    fn write(_n: usize, _w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Ok(())
    }
}

/// A list of `T` inside a command: either a validated, borrowed wire form that decodes lazily,
/// or a typed slice given for encoding. `C` says how the length is known.
pub struct List<'a, C, T> {
    repr: ListRepr<'a, T>,
    _count: PhantomData<C>,
}

enum ListRepr<'a, T> {
    Wire { count: usize, bytes: &'a [u8] },
    Items(&'a [T]),
}

impl<T> Clone for ListRepr<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for ListRepr<'_, T> {}

impl<C, T> Clone for List<'_, C, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<C, T> Copy for List<'_, C, T> {}

impl<'a, C, T: Field<'a> + Copy> List<'a, C, T> {
    /// A list of these elements (for encoding).
    pub const fn new(items: &'a [T]) -> Self {
        List {
            repr: ListRepr::Items(items),
            _count: PhantomData,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self.repr {
            ListRepr::Wire { count, .. } => count,
            ListRepr::Items(items) => items.len(),
        }
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The validated wire bytes of a parsed list (elements only, no count prefix), to keep
    /// or forward them as they came; `None` for a list built from items.
    pub fn wire_bytes(&self) -> Option<&'a [u8]> {
        match self.repr {
            ListRepr::Wire { bytes, .. } => Some(bytes),
            ListRepr::Items(_) => None,
        }
    }

    /// The elements, decoded one by one.
    pub fn iter(&self) -> ListIter<'a, T> {
        match self.repr {
            ListRepr::Wire { count, bytes } => ListIter {
                inner: IterRepr::Wire {
                    r: Reader::new(bytes),
                    left: count,
                },
            },
            ListRepr::Items(items) => ListIter {
                inner: IterRepr::Items(items.iter()),
            },
        }
    }

    /// The elements read with [`Field::read`] (no error details: the firmware's path); a parsed
    /// list was validated whole, so they all read.
    pub fn read_each(&self) -> impl Iterator<Item = T> + 'a {
        let (mut left, mut r, items) = match self.repr {
            ListRepr::Wire { count, bytes } => (count, Reader::new(bytes), [].iter()),
            ListRepr::Items(items) => (0, Reader::new(&[]), items.iter()),
        };
        let mut items = items.copied();
        core::iter::from_fn(move || {
            if let Some(item) = items.next() {
                return Some(item);
            }
            left = left.checked_sub(1)?;
            T::read(&mut r)
        })
    }

    /// Parses `count` elements (or, with `count == None`, elements up to the end of `r`).
    fn parse_elements(r: &mut Reader<'a>, count: Option<usize>) -> Result<Self, DecodeError> {
        let start = *r;
        let mut n = 0usize;
        match count {
            Some(c) => {
                for _ in 0..c {
                    let before = r.remaining();
                    T::parse(r)?;
                    n += 1;
                    if r.remaining() == before {
                        // Zero-sized elements: the rest are all the same, nothing to read.
                        n = c;
                        break;
                    }
                }
            }
            None => {
                while !r.is_empty() {
                    let before = r.remaining();
                    T::parse(r)?;
                    n += 1;
                    if r.remaining() == before {
                        // A zero-sized element would loop forever.
                        break;
                    }
                }
            }
        }
        let used = start.remaining() - r.remaining();
        let mut s = start;
        let bytes = s.take(used)?;
        Ok(List {
            repr: ListRepr::Wire { count: n, bytes },
            _count: PhantomData,
        })
    }

    /// [`List::parse_elements`] without error details.
    fn read_elements(r: &mut Reader<'a>, count: Option<usize>) -> Option<Self> {
        let start = *r;
        let mut n = 0usize;
        // Same walk as `parse_elements`: a zero-sized element ends it.
        loop {
            if count.map_or(r.is_empty(), |c| n >= c) {
                break;
            }
            let before = r.remaining();
            T::read(r)?;
            n += 1;
            if r.remaining() == before {
                n = count.unwrap_or(n);
                break;
            }
        }
        let used = start.remaining() - r.remaining();
        let mut s = start;
        let bytes = s.take_or_none(used)?;
        Some(List {
            repr: ListRepr::Wire { count: n, bytes },
            _count: PhantomData,
        })
    }

    /// [`List::parse_counted`] without error details.
    pub fn read_counted(r: &mut Reader<'a>, count: usize) -> Option<Self> {
        Self::read_elements(r, Some(count))
    }

    /// Parses a list whose element count was given by an earlier field.
    pub fn parse_counted(r: &mut Reader<'a>, count: usize) -> Result<Self, DecodeError> {
        Self::parse_elements(r, Some(count))
    }

    #[cfg(test)]
    pub(crate) fn sample_n(n: usize) -> Self {
        let v: std::vec::Vec<T> = (0..n).map(|_| T::sample()).collect();
        List::new(std::vec::Vec::leak(v))
    }
}

impl<'a, C, T: Field<'a> + Copy + PartialEq> PartialEq for List<'a, C, T> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl<'a, C, T: Field<'a> + Copy + fmt::Debug> fmt::Debug for List<'a, C, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(feature = "defmt")]
impl<'a, C, T: Field<'a> + Copy> defmt::Format for List<'a, C, T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "List(len {=usize})", self.len());
    }
}

impl<'a, C: ListCount, T: Field<'a> + Copy> Field<'a> for List<'a, C, T> {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        let count = C::read(r)?;
        Self::parse_elements(r, count)
    }
    fn read(r: &mut Reader<'a>) -> Option<Self> {
        let count = C::read_or_none(r)?;
        Self::read_elements(r, count)
    }
    fn encoded_len(&self) -> usize {
        C::PREFIX
            + match self.repr {
                ListRepr::Wire { bytes, .. } => bytes.len(),
                ListRepr::Items(items) => items.iter().map(Field::encoded_len).sum(),
            }
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        C::write(self.len(), w)?;
        match self.repr {
            ListRepr::Wire { bytes, .. } => w.bytes(bytes),
            ListRepr::Items(items) => items.iter().try_for_each(|i| i.emit(w)),
        }
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.begin_list(name);
        for item in self.iter().flatten() {
            item.visit("", v);
        }
        v.end_list();
    }
    #[cfg(test)]
    fn sample() -> Self {
        Self::sample_n(2)
    }
}

impl<'a, C, T> Raw for List<'a, C, T>
where
    T: Field<'a> + Copy,
{
    fn raw_value(&self) -> u64 {
        self.len() as u64
    }
}

/// Iterator over the elements of a [`List`].
pub struct ListIter<'a, T> {
    inner: IterRepr<'a, T>,
}

enum IterRepr<'a, T> {
    Wire { r: Reader<'a>, left: usize },
    Items(core::slice::Iter<'a, T>),
}

impl<'a, T: Field<'a> + Copy> Iterator for ListIter<'a, T> {
    type Item = Result<T, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            IterRepr::Wire { r, left } => {
                if *left == 0 {
                    return None;
                }
                *left -= 1;
                let item = T::parse(r);
                if item.is_err() {
                    *left = 0;
                }
                Some(item)
            }
            IterRepr::Items(it) => it.next().map(|t| Ok(*t)),
        }
    }
}

/// A typed attribute id: the id and, as a type, the Rust type of its value.
#[derive(Debug)]
pub struct Attribute<T> {
    /// Attribute id.
    pub id: u16,
    /// Data type on the wire.
    pub data_type: DataType,
    _t: PhantomData<fn() -> T>,
}

impl<T> Clone for Attribute<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Attribute<T> {}

impl<T> Attribute<T> {
    /// An attribute id with its data type.
    pub const fn new(id: u16, data_type: DataType) -> Self {
        Attribute {
            id,
            data_type,
            _t: PhantomData,
        }
    }
}

/// A fixed-size block of `N` raw bytes (key establishment's identities, keys and signatures).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bytes<const N: usize>(pub [u8; N]);

/// 16 raw bytes.
pub type Bytes16 = Bytes<16>;
/// 22 raw bytes.
pub type Bytes22 = Bytes<22>;
/// 42 raw bytes.
pub type Bytes42 = Bytes<42>;
/// 48 raw bytes.
pub type Bytes48 = Bytes<48>;

impl<const N: usize> fmt::Debug for Bytes<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02x?}", &self.0[..])
    }
}

#[cfg(feature = "defmt")]
impl<const N: usize> defmt::Format for Bytes<N> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "{=[u8]}", &self.0[..]);
    }
}

impl<'a, const N: usize> Field<'a> for Bytes<N> {
    fn parse(r: &mut Reader<'a>) -> Result<Self, DecodeError> {
        r.array::<N>().map(Bytes)
    }
    fn encoded_len(&self) -> usize {
        N
    }
    fn emit(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.bytes(&self.0)
    }
    #[cfg(feature = "registry")]
    fn visit(&self, name: &'static str, v: &mut dyn FieldVisitor) {
        v.value(name, Value::OctetString(Some(&self.0[..])));
    }
    #[cfg(test)]
    fn sample() -> Self {
        Bytes([0x5a; N])
    }
}

impl<const N: usize> Raw for Bytes<N> {
    fn raw_value(&self) -> u64 {
        0
    }
}
