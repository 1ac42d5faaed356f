//! Byte helpers of the capture readers: endian-aware field reads that never panic, and reads
//! that tell a clean end of file from a cut one.

use std::io::{ErrorKind, Read};

/// Byte order of a pcap file or pcapng section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endian {
    Little,
    Big,
}

impl Endian {
    /// The `u16` at `offset`, or `None` past the end.
    pub(crate) fn u16(self, data: &[u8], offset: usize) -> Option<u16> {
        let b: [u8; 2] = data.get(offset..offset.checked_add(2)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        })
    }

    /// The `u32` at `offset`, or `None` past the end.
    pub(crate) fn u32(self, data: &[u8], offset: usize) -> Option<u32> {
        let b: [u8; 4] = data.get(offset..offset.checked_add(4)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        })
    }

    /// The `u64` at `offset`, or `None` past the end.
    pub(crate) fn u64(self, data: &[u8], offset: usize) -> Option<u64> {
        let b: [u8; 8] = data.get(offset..offset.checked_add(8)?)?.try_into().ok()?;
        Some(match self {
            Endian::Little => u64::from_le_bytes(b),
            Endian::Big => u64::from_be_bytes(b),
        })
    }
}

/// Big-endian `u16` at `offset` (network byte order).
pub(crate) fn be16(data: &[u8], offset: usize) -> Option<u16> {
    Endian::Big.u16(data, offset)
}

/// Big-endian `u32` at `offset` (network byte order).
pub(crate) fn be32(data: &[u8], offset: usize) -> Option<u32> {
    Endian::Big.u32(data, offset)
}

/// Reads until `buf` is full or the reader ends; returns how many bytes were read.
pub(crate) fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..) {
        if rest.is_empty() {
            break;
        }
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endian_reads() {
        let data = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08];
        assert_eq!(Endian::Little.u16(&data, 0), Some(0x0201));
        assert_eq!(Endian::Big.u16(&data, 0), Some(0x0102));
        assert_eq!(Endian::Little.u32(&data, 4), Some(0x0807_0605));
        assert_eq!(Endian::Big.u64(&data, 0), Some(0x0102_0304_0506_0708));
        assert_eq!(Endian::Big.u32(&data, 5), None);
        assert_eq!(Endian::Big.u16(&data, usize::MAX), None);
    }

    #[test]
    fn read_full_stops_at_end() {
        let mut src: &[u8] = &[1, 2, 3];
        let mut buf = [0u8; 5];
        assert_eq!(read_full(&mut src, &mut buf).unwrap(), 3);
        assert_eq!(buf, [1, 2, 3, 0, 0]);
    }
}
