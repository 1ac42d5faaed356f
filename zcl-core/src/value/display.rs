//! One-line text forms of values, for logs, the host tool's decoder and the sniffer.
//!
//! Numbers print in decimal, data, bitmaps and ids in hex of their width, character strings
//! quoted (escaped) when they are UTF-8, octet strings and other bytes as hex in angle brackets,
//! arrays, sets and bags as `[a, b]`, structures as `{a, b}`. A string or collection non-value
//! prints as `non-value`; a number that is its type's non-value prints as the number.

use super::{semi_to_f32, Date, Sequence, Structure, TimeOfDay, Value};
use core::fmt::{self, Display, Formatter, Write};

/// Writes bytes as lowercase hex inside angle brackets.
fn hex(f: &mut Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    f.write_char('<')?;
    for b in bytes {
        write!(f, "{b:02x}")?;
    }
    f.write_char('>')
}

/// Writes a character string: quoted and escaped if UTF-8, else as hex.
fn text(f: &mut Formatter<'_>, bytes: &[u8]) -> fmt::Result {
    match core::str::from_utf8(bytes) {
        Ok(s) => write!(f, "\"{}\"", s.escape_debug()),
        Err(_) => hex(f, bytes),
    }
}

/// Writes a field of a time or date, `--` when unused (0xff).
fn field(f: &mut Formatter<'_>, v: u8) -> fmt::Result {
    if v == 0xff {
        f.write_str("--")
    } else {
        write!(f, "{v:02}")
    }
}

impl Display for TimeOfDay {
    /// `hh:mm:ss.cc`, unused fields as `--`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        field(f, self.hours)?;
        f.write_char(':')?;
        field(f, self.minutes)?;
        f.write_char(':')?;
        field(f, self.seconds)?;
        f.write_char('.')?;
        field(f, self.hundredths)
    }
}

impl Display for Date {
    /// `yyyy-mm-dd (day of week)`, unused fields as dashes.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.year() {
            Some(y) => write!(f, "{y}")?,
            None => f.write_str("----")?,
        }
        f.write_char('-')?;
        field(f, self.month)?;
        f.write_char('-')?;
        field(f, self.day_of_month)?;
        f.write_str(" (")?;
        field(f, self.day_of_week)?;
        f.write_char(')')
    }
}

/// Writes the items of a collection between `open` and `close`.
fn items<'a>(
    f: &mut Formatter<'_>,
    open: char,
    close: char,
    it: impl Iterator<Item = Result<Value<'a>, crate::DecodeError>>,
) -> fmt::Result {
    f.write_char(open)?;
    for (i, item) in it.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        match item {
            Ok(v) => write!(f, "{v}")?,
            Err(e) => write!(f, "<{e}>")?,
        }
    }
    f.write_char(close)
}

impl Display for Sequence<'_> {
    /// `[a, b, ...]`, or `non-value`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.is_non_value() {
            return f.write_str("non-value");
        }
        items(f, '[', ']', self.iter())
    }
}

impl Display for Structure<'_> {
    /// `{a, b, ...}`, or `non-value`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.is_non_value() {
            return f.write_str("non-value");
        }
        items(f, '{', '}', self.iter())
    }
}

impl Display for Value<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match *self {
            Value::NoData => f.write_str("nodata"),
            Value::Unknown => f.write_str("unk"),
            Value::Data8(v) | Value::Map8(v) => write!(f, "0x{v:02x}"),
            Value::Data16(v) | Value::Map16(v) | Value::ClusterId(v) | Value::AttributeId(v) => {
                write!(f, "0x{v:04x}")
            }
            Value::Data24(v) | Value::Map24(v) => write!(f, "0x{v:06x}"),
            Value::Data32(v) | Value::Map32(v) | Value::BacnetOid(v) => write!(f, "0x{v:08x}"),
            Value::Data40(v) | Value::Map40(v) => write!(f, "0x{v:010x}"),
            Value::Data48(v) | Value::Map48(v) => write!(f, "0x{v:012x}"),
            Value::Data56(v) | Value::Map56(v) => write!(f, "0x{v:014x}"),
            Value::Data64(v) | Value::Map64(v) => write!(f, "0x{v:016x}"),
            Value::Bool(0) => f.write_str("false"),
            Value::Bool(1) => f.write_str("true"),
            Value::Bool(v) => write!(f, "0x{v:02x}"),
            Value::Uint8(v) | Value::Enum8(v) => write!(f, "{v}"),
            Value::Uint16(v) | Value::Enum16(v) => write!(f, "{v}"),
            Value::Uint24(v) | Value::Uint32(v) | Value::UtcTime(v) => write!(f, "{v}"),
            Value::Uint40(v) | Value::Uint48(v) | Value::Uint56(v) | Value::Uint64(v) => {
                write!(f, "{v}")
            }
            Value::Int8(v) => write!(f, "{v}"),
            Value::Int16(v) => write!(f, "{v}"),
            Value::Int24(v) | Value::Int32(v) => write!(f, "{v}"),
            Value::Int40(v) | Value::Int48(v) | Value::Int56(v) | Value::Int64(v) => {
                write!(f, "{v}")
            }
            Value::Semi(v) => write!(f, "{}", semi_to_f32(v)),
            Value::Single(v) => write!(f, "{v}"),
            Value::Double(v) => write!(f, "{v}"),
            Value::OctetString(Some(s)) | Value::LongOctetString(Some(s)) => hex(f, s),
            Value::CharString(Some(s)) | Value::LongCharString(Some(s)) => text(f, s),
            Value::OctetString(None)
            | Value::CharString(None)
            | Value::LongOctetString(None)
            | Value::LongCharString(None) => f.write_str("non-value"),
            Value::Array(ref s) | Value::Set(ref s) | Value::Bag(ref s) => s.fmt(f),
            Value::Structure(ref s) => s.fmt(f),
            Value::TimeOfDay(t) => t.fmt(f),
            Value::Date(d) => d.fmt(f),
            Value::IeeeAddress(v) => {
                // Most significant byte first, as addresses are usually written.
                let b = v.to_be_bytes();
                for (i, x) in b.iter().enumerate() {
                    if i > 0 {
                        f.write_char(':')?;
                    }
                    write!(f, "{x:02x}")?;
                }
                Ok(())
            }
            Value::SecurityKey(ref k) => hex(f, k),
        }
    }
}
