//! Classic pcap files (the tcpdump/libpcap format).
//!
//! File header (24 octets): magic 0xa1b2c3d4 (microsecond timestamps) or 0xa1b23c4d
//! (nanosecond timestamps), written in the writer's byte order; version 2.4; time zone and
//! accuracy (unused); snapshot length; link type (the low 16 bits; the high bits may carry an
//! FCS length flag). Each record: seconds, fraction, captured length, original length, data.

use super::bytes::{read_full, Endian};
use super::link::{decapsulate, LinkType};
use super::{CaptureError, Frame, FrameSource, Interface, ReadOptions, MAX_BLOCK_LEN};
use std::io::Read;

const MAGIC_MICROS: u32 = 0xa1b2_c3d4;
const MAGIC_NANOS: u32 = 0xa1b2_3c4d;

/// Whether `magic` starts a pcap file in either byte order.
pub(crate) fn is_magic(magic: [u8; 4]) -> bool {
    let le = u32::from_le_bytes(magic);
    let be = u32::from_be_bytes(magic);
    [le, be]
        .iter()
        .any(|m| *m == MAGIC_MICROS || *m == MAGIC_NANOS)
}

/// Streaming reader of a pcap file.
#[derive(Debug)]
pub struct PcapReader<R> {
    reader: R,
    endian: Endian,
    nanos: bool,
    interface: Interface,
    options: ReadOptions,
    buf: Vec<u8>,
    /// File offset of the next record.
    offset: u64,
    /// Number of the last record read.
    number: u64,
    done: bool,
}

impl<R: Read> PcapReader<R> {
    /// Reads the file header of a pcap file from `reader`.
    ///
    /// # Errors
    /// A wrong magic number, a cut header, an unknown version, a link type without 802.15.4
    /// frames, or I/O errors.
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
        mut reader: R,
        magic: [u8; 4],
        options: ReadOptions,
    ) -> Result<Self, CaptureError> {
        let (endian, nanos) = match (u32::from_le_bytes(magic), u32::from_be_bytes(magic)) {
            (MAGIC_MICROS, _) => (Endian::Little, false),
            (MAGIC_NANOS, _) => (Endian::Little, true),
            (_, MAGIC_MICROS) => (Endian::Big, false),
            (_, MAGIC_NANOS) => (Endian::Big, true),
            _ => return Err(CaptureError::BadMagic(magic)),
        };
        let mut header = [0u8; 20];
        let got = read_full(&mut reader, &mut header)?;
        if got < header.len() {
            return Err(CaptureError::Truncated {
                offset: 0,
                what: "pcap file header",
                needed: (header.len() - got) as u64,
            });
        }
        let major = endian.u16(&header, 0).unwrap_or(0);
        let minor = endian.u16(&header, 2).unwrap_or(0);
        if major != 2 {
            return Err(CaptureError::UnsupportedVersion {
                format: "pcap",
                major,
                minor,
            });
        }
        // The high bits of the link type field may hold an FCS length; the type is the low 16.
        let raw_link = endian.u32(&header, 16).unwrap_or(0);
        let link_type = LinkType::from_u16((raw_link & 0xffff) as u16);
        if !link_type.is_supported() {
            return Err(CaptureError::UnsupportedLinkType(raw_link & 0xffff));
        }
        Ok(PcapReader {
            reader,
            endian,
            nanos,
            interface: Interface::new(link_type),
            options,
            buf: Vec::with_capacity(256),
            offset: 24,
            number: 0,
            done: false,
        })
    }

    /// The file's link type.
    #[must_use]
    pub fn link_type(&self) -> LinkType {
        self.interface.link_type
    }

    /// Number of frames taken as carrying a TI CC24xx metadata trailer.
    #[must_use]
    pub fn cc24xx_frames(&self) -> u64 {
        self.interface.cc24xx_seen
    }

    /// Reads the next record into `self.buf`; returns its timestamp and whether it was cut by
    /// the snapshot length, or `None` at the end of the file.
    fn read_record(&mut self) -> Result<Option<(u64, bool)>, CaptureError> {
        let mut header = [0u8; 16];
        let got = read_full(&mut self.reader, &mut header)?;
        if got == 0 {
            return Ok(None);
        }
        if got < header.len() {
            return Err(CaptureError::Truncated {
                offset: self.offset,
                what: "pcap record header",
                needed: (header.len() - got) as u64,
            });
        }
        let e = self.endian;
        let secs = u64::from(e.u32(&header, 0).unwrap_or(0));
        let frac = u64::from(e.u32(&header, 4).unwrap_or(0));
        let captured = e.u32(&header, 8).unwrap_or(0);
        let original = e.u32(&header, 12).unwrap_or(0);
        let len = usize::try_from(captured).unwrap_or(usize::MAX);
        if len > MAX_BLOCK_LEN {
            return Err(CaptureError::TooLarge {
                what: "pcap record",
                offset: self.offset,
                length: u64::from(captured),
            });
        }
        self.buf.resize(len, 0);
        let got = read_full(&mut self.reader, &mut self.buf)?;
        if got < len {
            return Err(CaptureError::Truncated {
                offset: self.offset,
                what: "pcap record",
                needed: (len - got) as u64,
            });
        }
        self.offset += 16 + u64::from(captured);
        let frac_ns = if self.nanos { frac } else { frac * 1000 };
        let timestamp_ns = secs.saturating_mul(1_000_000_000).saturating_add(frac_ns);
        Ok(Some((timestamp_ns, captured < original)))
    }
}

impl<R: Read> FrameSource for PcapReader<R> {
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        if self.done {
            return None;
        }
        let (timestamp_ns, snapped) = match self.read_record() {
            Ok(Some(record)) => record,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.number += 1;
        let number = self.number;
        Some(
            match decapsulate(&mut self.interface, &self.buf, snapped, &self.options) {
                Ok(d) => Ok(Frame {
                    number,
                    interface: 0,
                    timestamp_ns,
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
