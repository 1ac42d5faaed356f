//! pcapng files (IETF draft-ietf-opsawg-pcapng).
//!
//! A file is a list of blocks: type (4), total length (4), body, total length again (4), all in
//! the byte order of the section, which the Section Header Block (type 0x0A0D0D0A, a palindrome)
//! announces with its byte-order magic 0x1A2B3C4D. Interface Description Blocks give each
//! interface's link type and timestamp resolution (option `if_tsresol`, default microseconds)
//! and offset (`if_tsoffset`); packets come in Enhanced (6), Simple (3) and obsolete Packet (2)
//! blocks. Other blocks are skipped. A new section forgets the interfaces of the previous one.

use super::bytes::{read_full, Endian};
use super::link::{decapsulate, LinkType};
use super::{
    CaptureError, Frame, FrameProblem, FrameSource, Interface, ReadOptions, MAX_BLOCK_LEN,
};
use std::io::Read;

/// Block type of a Section Header Block.
const SHB: u32 = 0x0A0D_0D0A;
/// Byte-order magic of a Section Header Block.
const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
const IDB: u32 = 1;
const OPB: u32 = 2;
const SPB: u32 = 3;
const EPB: u32 = 6;

/// Option codes of an Interface Description Block.
const OPT_END: u16 = 0;
const IF_TSRESOL: u16 = 9;
const IF_TSOFFSET: u16 = 14;

/// Whether `magic` starts a pcapng file.
pub(crate) fn is_magic(magic: [u8; 4]) -> bool {
    u32::from_le_bytes(magic) == SHB
}

/// How to turn an interface's timestamp units into nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolution {
    /// Units of 10^-n seconds.
    Decimal(u8),
    /// Units of 2^-n seconds.
    Binary(u8),
}

impl Resolution {
    fn from_option(value: u8) -> Self {
        if value & 0x80 == 0 {
            Resolution::Decimal(value)
        } else {
            Resolution::Binary(value & 0x7f)
        }
    }

    fn to_nanos(self, ticks: u64) -> u64 {
        let ticks = u128::from(ticks);
        let nanos = match self {
            Resolution::Decimal(n) if n <= 9 => ticks * 10u128.pow(u32::from(9 - n)),
            Resolution::Decimal(n) => ticks / 10u128.pow(u32::from(n.min(38) - 9)),
            Resolution::Binary(n) => (ticks * 1_000_000_000) >> n.min(127),
        };
        u64::try_from(nanos).unwrap_or(u64::MAX)
    }
}

#[derive(Debug, Clone, Copy)]
struct InterfaceInfo {
    state: Interface,
    resolution: Resolution,
    offset_s: i64,
    snaplen: u32,
}

/// Streaming reader of a pcapng file.
#[derive(Debug)]
pub struct PcapngReader<R> {
    reader: R,
    endian: Endian,
    interfaces: Vec<InterfaceInfo>,
    options: ReadOptions,
    /// Body of the current block, followed by its trailing length.
    buf: Vec<u8>,
    /// File offset of the next block.
    offset: u64,
    /// Number of the last packet block read.
    number: u64,
    /// Interfaces of earlier sections, for `link_types` and counters.
    earlier: Vec<Interface>,
    done: bool,
}

/// A packet found in a block: interface, timestamp, range of the data in the buffer, snapped.
struct Packet {
    interface: u32,
    timestamp_ns: u64,
    start: usize,
    len: usize,
    snapped: bool,
}

impl<R: Read> PcapngReader<R> {
    /// Reads the first Section Header Block of a pcapng file from `reader`.
    ///
    /// # Errors
    /// A wrong magic number, a cut or malformed header, an unknown version, or I/O errors.
    pub fn new(mut reader: R, options: ReadOptions) -> Result<Self, CaptureError> {
        let mut magic = [0u8; 4];
        let got = read_full(&mut reader, &mut magic)?;
        if got == 0 {
            return Err(CaptureError::Empty);
        }
        if got < 4 || !is_magic(magic) {
            return Err(CaptureError::BadMagic(magic));
        }
        Self::after_magic(reader, magic, options)
    }

    pub(crate) fn after_magic(
        reader: R,
        _magic: [u8; 4],
        options: ReadOptions,
    ) -> Result<Self, CaptureError> {
        let mut this = PcapngReader {
            reader,
            endian: Endian::Little,
            interfaces: Vec::new(),
            options,
            buf: Vec::with_capacity(256),
            offset: 0,
            number: 0,
            earlier: Vec::new(),
            done: false,
        };
        this.read_section_header()?;
        Ok(this)
    }

    /// Link types of the interfaces seen so far, in all sections.
    #[must_use]
    pub fn link_types(&self) -> Vec<LinkType> {
        self.earlier
            .iter()
            .chain(self.interfaces.iter().map(|i| &i.state))
            .map(|i| i.link_type)
            .collect()
    }

    /// Number of frames taken as carrying a TI CC24xx metadata trailer.
    #[must_use]
    pub fn cc24xx_frames(&self) -> u64 {
        self.earlier
            .iter()
            .chain(self.interfaces.iter().map(|i| &i.state))
            .map(|i| i.cc24xx_seen)
            .sum()
    }

    fn truncated(&self, what: &'static str, needed: usize) -> CaptureError {
        CaptureError::Truncated {
            offset: self.offset,
            what,
            needed: needed as u64,
        }
    }

    fn malformed(&self, what: &'static str, reason: &'static str) -> CaptureError {
        CaptureError::Malformed {
            what,
            offset: self.offset,
            reason,
        }
    }

    /// Reads the rest of a Section Header Block whose type (4 octets) was just read.
    fn read_section_header(&mut self) -> Result<(), CaptureError> {
        let mut length = [0u8; 4];
        let got = read_full(&mut self.reader, &mut length)?;
        if got < length.len() {
            return Err(self.truncated("section header block", 8 - got));
        }
        self.read_section_header_after_length(length)
    }

    /// Reads the rest of a Section Header Block whose type and total length (in a byte order
    /// not known yet) were just read.
    fn read_section_header_after_length(&mut self, length: [u8; 4]) -> Result<(), CaptureError> {
        let mut magic = [0u8; 4];
        let got = read_full(&mut self.reader, &mut magic)?;
        if got < magic.len() {
            return Err(self.truncated("section header block", magic.len() - got));
        }
        self.endian = if Endian::Little.u32(&magic, 0) == Some(BYTE_ORDER_MAGIC) {
            Endian::Little
        } else if Endian::Big.u32(&magic, 0) == Some(BYTE_ORDER_MAGIC) {
            Endian::Big
        } else {
            return Err(self.malformed("section header block", "bad byte-order magic"));
        };
        let total = self.endian.u32(&length, 0).unwrap_or(0);
        // Rest after type, length and byte-order magic.
        let rest = self.check_length("section header block", total, 12)?;
        self.fill(rest, "section header block")?;
        let major = self.endian.u16(&self.buf, 0).unwrap_or(0);
        let minor = self.endian.u16(&self.buf, 2).unwrap_or(0);
        if major != 1 {
            return Err(CaptureError::UnsupportedVersion {
                format: "pcapng",
                major,
                minor,
            });
        }
        self.check_trailer(total)?;
        self.earlier
            .extend(self.interfaces.drain(..).map(|i| i.state));
        self.offset += u64::from(total);
        Ok(())
    }

    /// Checks a block's total length; returns the bytes left to read after `already` octets.
    fn check_length(
        &self,
        what: &'static str,
        total: u32,
        already: usize,
    ) -> Result<usize, CaptureError> {
        let total_len = usize::try_from(total).unwrap_or(usize::MAX);
        if total_len > MAX_BLOCK_LEN {
            return Err(CaptureError::TooLarge {
                what,
                offset: self.offset,
                length: u64::from(total),
            });
        }
        if !total_len.is_multiple_of(4) {
            return Err(self.malformed(what, "block length is not a multiple of 4"));
        }
        // The body must hold at least the trailing length.
        total_len
            .checked_sub(already)
            .filter(|rest| *rest >= 4)
            .ok_or_else(|| self.malformed(what, "block length too small"))
    }

    /// Reads `len` octets into the buffer.
    fn fill(&mut self, len: usize, what: &'static str) -> Result<(), CaptureError> {
        self.buf.resize(len, 0);
        let got = read_full(&mut self.reader, &mut self.buf)?;
        if got < len {
            return Err(self.truncated(what, len - got));
        }
        Ok(())
    }

    /// Checks that the buffer ends with the block's total length repeated.
    fn check_trailer(&self, total: u32) -> Result<(), CaptureError> {
        let end = self.buf.len().saturating_sub(4);
        if self.endian.u32(&self.buf, end) != Some(total) {
            return Err(self.malformed("block", "trailing block length differs"));
        }
        Ok(())
    }

    /// Reads blocks until a packet block; returns the packet, or `None` at the end of the file.
    fn read_packet(&mut self) -> Result<Option<Packet>, CaptureError> {
        loop {
            let mut head = [0u8; 8];
            let got = read_full(&mut self.reader, &mut head)?;
            if got == 0 {
                return Ok(None);
            }
            if got < head.len() {
                return Err(self.truncated("block header", head.len() - got));
            }
            if Endian::Little.u32(&head, 0) == Some(SHB) {
                let [_, _, _, _, l0, l1, l2, l3] = head;
                let length = [l0, l1, l2, l3];
                self.read_section_header_after_length(length)?;
                continue;
            }
            let block_type = self.endian.u32(&head, 0).unwrap_or(0);
            let total = self.endian.u32(&head, 4).unwrap_or(0);
            let rest = self.check_length("block", total, 8)?;
            self.fill(rest, "block")?;
            self.check_trailer(total)?;
            let block_offset = self.offset;
            self.offset += u64::from(total);
            let body_len = rest - 4;
            let packet = match block_type {
                IDB => {
                    self.read_interface(block_offset, body_len)?;
                    continue;
                }
                EPB => self.enhanced_packet(body_len),
                SPB => self.simple_packet(body_len),
                OPB => self.obsolete_packet(body_len),
                _ => continue,
            };
            self.number += 1;
            return packet.map(Some).map_err(|problem| CaptureError::Frame {
                number: self.number,
                problem,
            });
        }
    }

    fn read_interface(&mut self, block_offset: u64, body_len: usize) -> Result<(), CaptureError> {
        let e = self.endian;
        let body = self.buf.get(..body_len).unwrap_or_default();
        let (Some(link), Some(snaplen)) = (e.u16(body, 0), e.u32(body, 4)) else {
            return Err(CaptureError::Malformed {
                what: "interface description block",
                offset: block_offset,
                reason: "body shorter than 8 octets",
            });
        };
        let mut info = InterfaceInfo {
            state: Interface::new(LinkType::from_u16(link)),
            resolution: Resolution::Decimal(6),
            offset_s: 0,
            snaplen,
        };
        let mut offset = 8;
        while let (Some(code), Some(len)) = (e.u16(body, offset), e.u16(body, offset + 2)) {
            let len = usize::from(len);
            let Some(value) = body.get(offset + 4..offset + 4 + len) else {
                break; // an option past the body: ignore the rest, as other readers do
            };
            match (code, value) {
                (OPT_END, _) => break,
                (IF_TSRESOL, [v]) => info.resolution = Resolution::from_option(*v),
                (IF_TSOFFSET, v) if v.len() == 8 => {
                    info.offset_s = i64::from_ne_bytes(e.u64(v, 0).unwrap_or(0).to_ne_bytes());
                }
                _ => {}
            }
            offset += 4 + len.div_ceil(4) * 4;
        }
        self.interfaces.push(info);
        Ok(())
    }

    fn timestamp(&self, interface: u32, high: u32, low: u32) -> u64 {
        let ticks = (u64::from(high) << 32) | u64::from(low);
        let Some(info) = usize::try_from(interface)
            .ok()
            .and_then(|i| self.interfaces.get(i))
        else {
            return 0;
        };
        let nanos = info.resolution.to_nanos(ticks);
        let offset_ns = i128::from(info.offset_s) * 1_000_000_000;
        u64::try_from((i128::from(nanos) + offset_ns).max(0)).unwrap_or(u64::MAX)
    }

    fn packet_data(
        &self,
        what: &'static str,
        body_len: usize,
        start: usize,
        captured: u32,
        original: u32,
    ) -> Result<(usize, bool), FrameProblem> {
        let len = usize::try_from(captured).unwrap_or(usize::MAX);
        if start.saturating_add(len) > body_len {
            return Err(FrameProblem::TooShort {
                what,
                needed: start.saturating_add(len),
                available: body_len,
            });
        }
        Ok((len, captured < original))
    }

    fn check_interface(&self, interface: u32) -> Result<(), FrameProblem> {
        if usize::try_from(interface).map_or(true, |i| i >= self.interfaces.len()) {
            return Err(FrameProblem::UnknownInterface(interface));
        }
        Ok(())
    }

    fn enhanced_packet(&self, body_len: usize) -> Result<Packet, FrameProblem> {
        let e = self.endian;
        let b = &self.buf;
        let too_short = FrameProblem::TooShort {
            what: "enhanced packet block",
            needed: 20,
            available: body_len,
        };
        if body_len < 20 {
            return Err(too_short);
        }
        let interface = e.u32(b, 0).ok_or(too_short)?;
        self.check_interface(interface)?;
        let high = e.u32(b, 4).ok_or(too_short)?;
        let low = e.u32(b, 8).ok_or(too_short)?;
        let captured = e.u32(b, 12).ok_or(too_short)?;
        let original = e.u32(b, 16).ok_or(too_short)?;
        let (len, snapped) =
            self.packet_data("enhanced packet block", body_len, 20, captured, original)?;
        Ok(Packet {
            interface,
            timestamp_ns: self.timestamp(interface, high, low),
            start: 20,
            len,
            snapped,
        })
    }

    fn obsolete_packet(&self, body_len: usize) -> Result<Packet, FrameProblem> {
        let e = self.endian;
        let b = &self.buf;
        let too_short = FrameProblem::TooShort {
            what: "packet block",
            needed: 20,
            available: body_len,
        };
        if body_len < 20 {
            return Err(too_short);
        }
        let interface = u32::from(e.u16(b, 0).ok_or(too_short)?);
        self.check_interface(interface)?;
        let high = e.u32(b, 4).ok_or(too_short)?;
        let low = e.u32(b, 8).ok_or(too_short)?;
        let captured = e.u32(b, 12).ok_or(too_short)?;
        let original = e.u32(b, 16).ok_or(too_short)?;
        let (len, snapped) = self.packet_data("packet block", body_len, 20, captured, original)?;
        Ok(Packet {
            interface,
            timestamp_ns: self.timestamp(interface, high, low),
            start: 20,
            len,
            snapped,
        })
    }

    fn simple_packet(&self, body_len: usize) -> Result<Packet, FrameProblem> {
        let original = self
            .endian
            .u32(&self.buf, 0)
            .ok_or(FrameProblem::TooShort {
                what: "simple packet block",
                needed: 4,
                available: body_len,
            })?;
        self.check_interface(0)?;
        let snaplen = self.interfaces.first().map_or(0, |i| i.snaplen);
        let mut captured = usize::try_from(original).unwrap_or(usize::MAX);
        if snaplen != 0 {
            captured = captured.min(usize::try_from(snaplen).unwrap_or(usize::MAX));
        }
        // The block is padded to 4 octets; the data is what the body holds.
        captured = captured.min(body_len.saturating_sub(4));
        Ok(Packet {
            interface: 0,
            timestamp_ns: 0,
            start: 4,
            len: captured,
            snapped: (captured as u64) < u64::from(original),
        })
    }
}

impl<R: Read> FrameSource for PcapngReader<R> {
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if self.done {
            return None;
        }
        let packet = match self.read_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = e.is_fatal();
                return Some(Err(e));
            }
        };
        let number = self.number;
        let Some(info) = usize::try_from(packet.interface)
            .ok()
            .and_then(|i| self.interfaces.get_mut(i))
        else {
            return Some(Err(CaptureError::Frame {
                number,
                problem: FrameProblem::UnknownInterface(packet.interface),
            }));
        };
        let data = self
            .buf
            .get(packet.start..packet.start + packet.len)
            .unwrap_or_default();
        Some(
            match decapsulate(&mut info.state, data, packet.snapped, &self.options) {
                Ok(d) => Ok(Frame {
                    number,
                    interface: packet.interface,
                    timestamp_ns: packet.timestamp_ns,
                    channel: d.channel,
                    rssi: d.rssi,
                    lqi: d.lqi,
                    sequence: d.sequence,
                    radio_timestamp_ns: d.radio_timestamp_ns,
                    fcs: d.fcs,
                    mac: d.mac,
                }),
                Err(problem) => Err(CaptureError::Frame { number, problem }),
            },
        )
    }
}
