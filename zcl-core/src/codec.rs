//! Byte cursors shared by every decoder and encoder of the project.
//!
//! [`Reader`] reads little-endian fields from a borrowed slice and remembers its offset, so an
//! error can say at which byte it happened. [`Writer`] writes into a caller's buffer and fails
//! with [`EncodeError::BufferTooSmall`] instead of panicking. nom does the number parsing inside;
//! none of its types leak out.

use crate::error::{DecodeError, EncodeError};
use nom::number::complete as num;
use nom::Parser;

/// A cursor over borrowed input. All reads are bounds-checked.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    at: Position<'a>,
}

/// Where a [`Reader`] is: the reads themselves, answering `None` at the end (an `Option` travels
/// in registers and inlines well); [`Reader`] turns that into the error with its offset.
#[derive(Debug, Clone, Copy)]
struct Position<'a> {
    input: &'a [u8],
    pos: usize,
    base: usize,
}

type NomErr<'a> = nom::error::Error<&'a [u8]>;

macro_rules! position_num {
    ($name:ident, $ty:ty, $n:expr, $parser:expr) => {
        #[inline]
        fn $name(&mut self) -> Option<$ty> {
            let rest = self.input.get(self.pos..).unwrap_or(&[]);
            let (_, v) = $parser.parse(rest).ok()?;
            self.pos += $n;
            Some(v)
        }
    };
}

impl<'a> Position<'a> {
    #[inline]
    fn u8(&mut self) -> Option<u8> {
        let b = *self.input.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }
    #[inline]
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.input.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    #[inline]
    fn uint_n(&mut self, n: usize) -> Option<u64> {
        let s = self.take(n)?;
        // Through a byte array: no 64-bit shift by a variable amount (a library call on
        // Cortex-M).
        let mut bytes = [0u8; 8];
        for (d, b) in bytes.iter_mut().zip(s) {
            *d = *b;
        }
        Some(u64::from_le_bytes(bytes))
    }
    position_num!(u16, u16, 2, num::le_u16::<&'a [u8], NomErr<'a>>);
    position_num!(u24, u32, 3, num::le_u24::<&'a [u8], NomErr<'a>>);
    position_num!(u32, u32, 4, num::le_u32::<&'a [u8], NomErr<'a>>);
    position_num!(u64, u64, 8, num::le_u64::<&'a [u8], NomErr<'a>>);
    position_num!(i8, i8, 1, num::i8::<&'a [u8], NomErr<'a>>);
    position_num!(i16, i16, 2, num::le_i16::<&'a [u8], NomErr<'a>>);
    position_num!(i32, i32, 4, num::le_i32::<&'a [u8], NomErr<'a>>);
    position_num!(i64, i64, 8, num::le_i64::<&'a [u8], NomErr<'a>>);
    position_num!(f32, f32, 4, num::le_f32::<&'a [u8], NomErr<'a>>);
    position_num!(f64, f64, 8, num::le_f64::<&'a [u8], NomErr<'a>>);
}

macro_rules! read_num {
    ($(#[$m:meta])* $name:ident, $ty:ty, $n:expr) => {
        $(#[$m])*
        // Out of line on bare metal: one copy, smaller firmware; inlined on hosts (speed).
        #[cfg_attr(target_os = "none", inline(never))]
        #[cfg_attr(not(target_os = "none"), inline)]
        pub fn $name(&mut self) -> Result<$ty, DecodeError> {
            match self.at.$name() {
                Some(v) => Ok(v),
                None => Err(self.truncated($n)),
            }
        }
    };
}

impl<'a> Reader<'a> {
    /// A reader at the start of `input`.
    pub fn new(input: &'a [u8]) -> Self {
        Reader::with_base(input, 0)
    }

    /// A reader whose reported offsets start at `base` (for a slice cut out of a larger frame).
    pub fn with_base(input: &'a [u8], base: usize) -> Self {
        Reader {
            at: Position {
                input,
                pos: 0,
                base,
            },
        }
    }

    /// Offset of the next byte, counted from the base.
    #[inline]
    pub fn offset(&self) -> usize {
        self.at.base + self.at.pos
    }

    /// Bytes not read yet.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        self.at.input.get(self.at.pos..).unwrap_or(&[])
    }

    /// Number of bytes not read yet.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.at.input.len().saturating_sub(self.at.pos)
    }

    /// Whether everything has been read.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }

    /// The error for a field of `needed` bytes that is not there.
    // Cold and out of line: every read site only calls it, which keeps firmware small.
    #[cold]
    #[inline(never)]
    pub fn truncated(&self, needed: usize) -> DecodeError {
        DecodeError::Truncated {
            offset: self.offset(),
            needed: needed.saturating_sub(self.remaining()),
        }
    }

    /// Fails with [`DecodeError::TrailingBytes`] if input is left.
    pub fn finish(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                offset: self.offset(),
            })
        }
    }

    /// Takes the next `n` bytes as a borrowed slice.
    #[cfg_attr(target_os = "none", inline(never))]
    #[cfg_attr(not(target_os = "none"), inline)]
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        match self.at.take(n) {
            Some(s) => Ok(s),
            None => Err(self.truncated(n)),
        }
    }

    /// Takes everything left.
    #[inline]
    pub fn take_rest(&mut self) -> &'a [u8] {
        let rest = self.rest();
        self.at.pos = self.at.input.len();
        rest
    }

    /// Takes the next `N` bytes as an array.
    #[inline]
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let s = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }

    /// Reads one byte.
    #[cfg_attr(target_os = "none", inline(never))]
    #[cfg_attr(not(target_os = "none"), inline)]
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        match self.at.u8() {
            Some(b) => Ok(b),
            None => Err(self.truncated(1)),
        }
    }
    read_num!(/// Reads a little-endian u16.
        u16, u16, 2);
    read_num!(/// Reads a little-endian 24-bit unsigned integer.
        u24, u32, 3);
    read_num!(/// Reads a little-endian u32.
        u32, u32, 4);
    read_num!(/// Reads a little-endian u64.
        u64, u64, 8);
    read_num!(/// Reads one signed byte.
        i8, i8, 1);
    read_num!(/// Reads a little-endian i16.
        i16, i16, 2);
    read_num!(/// Reads a little-endian i32.
        i32, i32, 4);
    read_num!(/// Reads a little-endian i64.
        i64, i64, 8);
    read_num!(/// Reads a little-endian IEEE 754 single.
        f32, f32, 4);
    read_num!(/// Reads a little-endian IEEE 754 double.
        f64, f64, 8);

    /// Reads an unsigned little-endian integer of `n` bytes (1..=8).
    #[cfg_attr(target_os = "none", inline(never))]
    #[cfg_attr(not(target_os = "none"), inline)]
    pub fn uint_n(&mut self, n: usize) -> Result<u64, DecodeError> {
        match self.at.uint_n(n) {
            Some(v) => Ok(v),
            None => Err(self.truncated(n)),
        }
    }

    /// Reads a signed little-endian integer of `n` bytes (1..=8), sign-extended.
    #[inline]
    pub fn int_n(&mut self, n: usize) -> Result<i64, DecodeError> {
        let raw = self.uint_n(n)?;
        Ok(sign_extend(raw, n))
    }
}

/// Sign-extends the low `n` bytes (1..=8) of `raw`.
#[inline]
fn sign_extend(raw: u64, n: usize) -> i64 {
    let bits = (n.clamp(1, 8) * 8) as u32;
    let shift = 64 - bits;
    ((raw << shift) as i64) >> shift
}

/// Reads that answer `None` instead of a [`DecodeError`] when the input ends: for firmware,
/// which answers a malformed command with MALFORMED_COMMAND and needs neither the offset nor
/// the missing length. An `Option` of a small value travels in a register where a `Result`
/// with an error travels through memory, so these compile to a few instructions each.
/// A failed read leaves the position where it was.
impl<'a> Reader<'a> {
    /// One byte, or `None` at the end.
    #[inline]
    pub fn u8_or_none(&mut self) -> Option<u8> {
        self.at.u8()
    }

    /// A little-endian u16, or `None` when fewer than two bytes are left.
    #[inline]
    pub fn u16_or_none(&mut self) -> Option<u16> {
        // Through the same byte loop as `uint_n_or_none`: one copy of the reading code in
        // firmware.
        #[allow(clippy::cast_possible_truncation)]
        self.at.uint_n(2).map(|v| v as u16)
    }

    /// The next `n` bytes, or `None` when fewer are left.
    #[inline]
    pub fn take_or_none(&mut self, n: usize) -> Option<&'a [u8]> {
        self.at.take(n)
    }

    /// An unsigned little-endian integer of `n` bytes (1..=8), or `None` when fewer are left.
    #[inline]
    pub fn uint_n_or_none(&mut self, n: usize) -> Option<u64> {
        self.at.uint_n(n)
    }

    /// A signed little-endian integer of `n` bytes (1..=8), sign-extended, or `None` when
    /// fewer are left.
    #[inline]
    pub fn int_n_or_none(&mut self, n: usize) -> Option<i64> {
        self.uint_n_or_none(n).map(|raw| sign_extend(raw, n))
    }
}

/// A cursor over a caller's output buffer. Writes fail cleanly when the buffer is full.
#[derive(Debug)]
pub struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> Writer<'b> {
    /// A writer at the start of `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        Writer { buf, pos: 0 }
    }

    /// Bytes written so far.
    #[inline]
    pub fn len(&self) -> usize {
        self.pos
    }

    /// Whether nothing was written yet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }

    /// Room left.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// The bytes written so far.
    pub fn written(&self) -> &[u8] {
        self.buf.get(..self.pos).unwrap_or(&[])
    }

    /// Writes a slice.
    #[inline]
    pub fn bytes(&mut self, data: &[u8]) -> Result<(), EncodeError> {
        let end = self
            .pos
            .checked_add(data.len())
            .ok_or(EncodeError::BufferTooSmall {
                needed: usize::MAX,
                available: self.buf.len(),
            })?;
        let available = self.buf.len();
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                dst.copy_from_slice(data);
                self.pos = end;
                Ok(())
            }
            None => Err(EncodeError::BufferTooSmall {
                needed: end,
                available,
            }),
        }
    }

    /// Writes one byte.
    #[inline]
    pub fn u8(&mut self, v: u8) -> Result<(), EncodeError> {
        self.bytes(&[v])
    }
    /// Writes a little-endian u16.
    #[inline]
    pub fn u16(&mut self, v: u16) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes the low 24 bits of `v`, little-endian (fails if `v` does not fit).
    #[inline]
    pub fn u24(&mut self, v: u32) -> Result<(), EncodeError> {
        self.uint_n(u64::from(v), 3)
    }
    /// Writes a little-endian u32.
    #[inline]
    pub fn u32(&mut self, v: u32) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian u64.
    #[inline]
    pub fn u64(&mut self, v: u64) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a signed byte.
    #[inline]
    pub fn i8(&mut self, v: i8) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian i16.
    #[inline]
    pub fn i16(&mut self, v: i16) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian i32.
    #[inline]
    pub fn i32(&mut self, v: i32) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian i64.
    #[inline]
    pub fn i64(&mut self, v: i64) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian single.
    #[inline]
    pub fn f32(&mut self, v: f32) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }
    /// Writes a little-endian double.
    #[inline]
    pub fn f64(&mut self, v: f64) -> Result<(), EncodeError> {
        self.bytes(&v.to_le_bytes())
    }

    /// Writes an unsigned integer in `n` bytes (1..=8); fails if it does not fit.
    pub fn uint_n(&mut self, v: u64, n: usize) -> Result<(), EncodeError> {
        let n = n.clamp(1, 8);
        if n < 8 && v >> (8 * n) != 0 {
            return Err(EncodeError::ValueOutOfRange {
                field: "unsigned integer",
            });
        }
        let bytes = v.to_le_bytes();
        self.bytes(bytes.get(..n).unwrap_or(&bytes))
    }

    /// Writes a signed integer in `n` bytes (1..=8); fails if it does not fit.
    pub fn int_n(&mut self, v: i64, n: usize) -> Result<(), EncodeError> {
        let n = n.clamp(1, 8);
        if n < 8 {
            let bits = (n * 8) as u32;
            let min = -(1i64 << (bits - 1));
            let max = (1i64 << (bits - 1)) - 1;
            if v < min || v > max {
                return Err(EncodeError::ValueOutOfRange {
                    field: "signed integer",
                });
            }
        }
        let bytes = v.to_le_bytes();
        self.bytes(bytes.get(..n).unwrap_or(&bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_little_endian_fields_and_offsets() {
        let data = [0x01, 0x34, 0x12, 0x56, 0x34, 0x12, 0xff];
        let mut r = Reader::with_base(&data, 10);
        assert_eq!(r.u8().unwrap(), 0x01);
        assert_eq!(r.u16().unwrap(), 0x1234);
        assert_eq!(r.u24().unwrap(), 0x12_3456);
        assert_eq!(r.offset(), 16);
        assert_eq!(
            r.u16(),
            Err(DecodeError::Truncated {
                offset: 16,
                needed: 1
            })
        );
        assert_eq!(r.int_n(1).unwrap(), -1);
    }

    #[test]
    fn emit_rejects_values_that_do_not_fit_and_small_buffers() {
        let mut buf = [0xAAu8; 4];
        let mut w = Writer::new(&mut buf);
        assert_eq!(
            w.u24(0x0100_0000),
            Err(EncodeError::ValueOutOfRange {
                field: "unsigned integer"
            })
        );
        w.int_n(-2, 3).unwrap();
        assert_eq!(w.written(), &[0xfe, 0xff, 0xff]);
        assert_eq!(
            w.u16(1),
            Err(EncodeError::BufferTooSmall {
                needed: 5,
                available: 4
            })
        );
        assert_eq!(
            w.int_n(200, 1),
            Err(EncodeError::ValueOutOfRange {
                field: "signed integer"
            })
        );
    }
}
