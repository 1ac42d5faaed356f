//! Writing pcapng files of 802.15.4 frames: one Section Header Block, one Interface Description
//! Block (link type 195, 230 or 283, nanosecond timestamps) and an Enhanced Packet Block per frame.
//!
//! With link type 283 (IEEE 802.15.4 TAP) each frame is preceded by a TAP header: version 0,
//! reserved 0, header length (u16), then TLVs of type (u16), length (u16) and a value padded to
//! 4 octets: FCS type (0: value 1, a 16-bit FCS follows the frame), RSS (1: dBm as f32),
//! channel assignment (3: channel u16, page u8) and LQI (10: u8), the last three when known.

use super::{CaptureError, LinkType};
use std::io::Write;
use zcl_frames::crc::fcs16;

/// Link type of a written capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteLinkType {
    /// 195: the writer appends the FCS it computes over each frame.
    WithFcs,
    /// 230: frames are written as given.
    NoFcs,
    /// 283: an IEEE 802.15.4 TAP header with the FCS type, RSSI, channel and LQI, then the
    /// frame and the FCS the writer computes.
    Tap,
}

/// What a radio said about a frame, for the TAP header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RadioMeta {
    /// Channel (11-26 on 2.4 GHz), page 0.
    pub channel: Option<u16>,
    /// RSSI in dBm.
    pub rssi: Option<i8>,
    /// Link quality indication.
    pub lqi: Option<u8>,
}

/// Appends one TAP TLV, its value padded to 4 octets.
fn push_tlv(out: &mut Vec<u8>, kind: u16, value: &[u8]) {
    out.extend_from_slice(&kind.to_le_bytes());
    out.extend_from_slice(&u16::try_from(value.len()).unwrap_or(0).to_le_bytes());
    out.extend_from_slice(value);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

/// The IEEE 802.15.4 TAP header for a frame followed by a 16-bit FCS.
#[must_use]
pub fn tap_header(meta: &RadioMeta) -> Vec<u8> {
    let mut h = vec![0, 0, 0, 0];
    push_tlv(&mut h, 0, &[1]);
    if let Some(r) = meta.rssi {
        push_tlv(&mut h, 1, &f32::from(r).to_le_bytes());
    }
    if let Some(c) = meta.channel {
        let [lo, hi] = c.to_le_bytes();
        push_tlv(&mut h, 3, &[lo, hi, 0]);
    }
    if let Some(l) = meta.lqi {
        push_tlv(&mut h, 10, &[l]);
    }
    let len = u16::try_from(h.len()).unwrap_or(0).to_le_bytes();
    if let Some(field) = h.get_mut(2..4) {
        field.copy_from_slice(&len);
    }
    h
}

impl WriteLinkType {
    /// The link type written in the interface description block.
    #[must_use]
    pub fn link_type(self) -> LinkType {
        match self {
            WriteLinkType::WithFcs => LinkType::Ieee802154WithFcs,
            WriteLinkType::NoFcs => LinkType::Ieee802154NoFcs,
            WriteLinkType::Tap => LinkType::Ieee802154Tap,
        }
    }
}

/// Streaming pcapng writer (little-endian).
#[derive(Debug)]
pub struct PcapngWriter<W: Write> {
    out: W,
    link: WriteLinkType,
    block: Vec<u8>,
    frames: u64,
}

/// Pads `block` with zeros to a multiple of 4 octets.
fn pad4(block: &mut Vec<u8>) {
    while !block.len().is_multiple_of(4) {
        block.push(0);
    }
}

/// Appends option `code` with `value`, padded.
fn push_option(block: &mut Vec<u8>, code: u16, value: &[u8]) {
    block.extend_from_slice(&code.to_le_bytes());
    // Option values here are a few octets long.
    block.extend_from_slice(&u16::try_from(value.len()).unwrap_or(u16::MAX).to_le_bytes());
    block.extend_from_slice(value);
    pad4(block);
}

/// Fills in the two length fields of a block whose body is complete.
fn close_block(block: &mut Vec<u8>) {
    let total = u32::try_from(block.len() + 4).unwrap_or(u32::MAX);
    if let Some(len) = block.get_mut(4..8) {
        len.copy_from_slice(&total.to_le_bytes());
    }
    block.extend_from_slice(&total.to_le_bytes());
}

impl<W: Write> PcapngWriter<W> {
    /// Writes the section header and interface description to `out`.
    ///
    /// # Errors
    /// I/O errors of `out`.
    pub fn new(mut out: W, link: WriteLinkType) -> Result<Self, CaptureError> {
        let mut block = Vec::with_capacity(64);
        // Section header: type, length, byte-order magic, version 1.0, section length unknown.
        block.extend_from_slice(&0x0A0D_0D0Au32.to_le_bytes());
        block.extend_from_slice(&[0; 4]);
        block.extend_from_slice(&0x1A2B_3C4Du32.to_le_bytes());
        block.extend_from_slice(&1u16.to_le_bytes());
        block.extend_from_slice(&0u16.to_le_bytes());
        block.extend_from_slice(&u64::MAX.to_le_bytes());
        push_option(&mut block, 4, b"zcl-host"); // shb_userappl
        push_option(&mut block, 0, &[]);
        close_block(&mut block);
        out.write_all(&block)?;
        block.clear();
        // Interface description: link type, reserved, snapshot length 0 (none).
        block.extend_from_slice(&1u32.to_le_bytes());
        block.extend_from_slice(&[0; 4]);
        block.extend_from_slice(&link.link_type().to_u16().to_le_bytes());
        block.extend_from_slice(&0u16.to_le_bytes());
        block.extend_from_slice(&0u32.to_le_bytes());
        push_option(&mut block, 9, &[9]); // if_tsresol: nanoseconds
        push_option(&mut block, 0, &[]);
        close_block(&mut block);
        out.write_all(&block)?;
        block.clear();
        Ok(PcapngWriter {
            out,
            link,
            block,
            frames: 0,
        })
    }

    /// Writes one MAC frame (header and payload, without FCS) captured at `timestamp_ns`
    /// (nanoseconds since the Unix epoch).
    ///
    /// # Errors
    /// I/O errors of the underlying writer.
    pub fn write_frame(&mut self, timestamp_ns: u64, mac: &[u8]) -> Result<(), CaptureError> {
        self.write_frame_meta(timestamp_ns, mac, &RadioMeta::default())
    }

    /// Writes one MAC frame (without FCS) with what the radio said about it (used by link type
    /// 283 only).
    ///
    /// # Errors
    /// I/O errors of the underlying writer.
    pub fn write_frame_meta(
        &mut self,
        timestamp_ns: u64,
        mac: &[u8],
        meta: &RadioMeta,
    ) -> Result<(), CaptureError> {
        let fcs_len = match self.link {
            WriteLinkType::WithFcs | WriteLinkType::Tap => 2,
            WriteLinkType::NoFcs => 0,
        };
        let tap = match self.link {
            WriteLinkType::Tap => tap_header(meta),
            _ => Vec::new(),
        };
        let len = u32::try_from(tap.len() + mac.len() + fcs_len).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "frame too large")
        })?;
        let block = &mut self.block;
        block.clear();
        block.extend_from_slice(&6u32.to_le_bytes());
        block.extend_from_slice(&[0; 4]);
        block.extend_from_slice(&0u32.to_le_bytes()); // interface 0
        block.extend_from_slice(&((timestamp_ns >> 32) as u32).to_le_bytes());
        block.extend_from_slice(&(timestamp_ns as u32).to_le_bytes());
        block.extend_from_slice(&len.to_le_bytes());
        block.extend_from_slice(&len.to_le_bytes());
        block.extend_from_slice(&tap);
        block.extend_from_slice(mac);
        if fcs_len == 2 {
            block.extend_from_slice(&fcs16(mac).to_le_bytes());
        }
        pad4(block);
        close_block(block);
        self.out.write_all(block)?;
        self.frames += 1;
        Ok(())
    }

    /// Flushes the underlying writer (for live captures read as they are written).
    ///
    /// # Errors
    /// I/O errors of the flush.
    pub fn flush(&mut self) -> Result<(), CaptureError> {
        self.out.flush()?;
        Ok(())
    }

    /// Number of frames written.
    #[must_use]
    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Errors
    /// I/O errors of the flush.
    pub fn finish(mut self) -> Result<W, CaptureError> {
        self.out.flush()?;
        Ok(self.out)
    }
}
