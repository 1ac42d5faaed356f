//! Writing pcapng files of 802.15.4 frames: one Section Header Block, one Interface Description
//! Block (link type 195 or 230, nanosecond timestamps) and an Enhanced Packet Block per frame.

use super::fcs::crc16;
use super::{CaptureError, LinkType};
use std::io::Write;

/// Link type of a written capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteLinkType {
    /// 195: the writer appends the FCS it computes over each frame.
    WithFcs,
    /// 230: frames are written as given.
    NoFcs,
}

impl WriteLinkType {
    /// The link type written in the interface description block.
    #[must_use]
    pub fn link_type(self) -> LinkType {
        match self {
            WriteLinkType::WithFcs => LinkType::Ieee802154WithFcs,
            WriteLinkType::NoFcs => LinkType::Ieee802154NoFcs,
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
        let fcs_len = match self.link {
            WriteLinkType::WithFcs => 2,
            WriteLinkType::NoFcs => 0,
        };
        let len = u32::try_from(mac.len() + fcs_len).map_err(|_| {
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
        block.extend_from_slice(mac);
        if fcs_len == 2 {
            block.extend_from_slice(&crc16(mac).to_le_bytes());
        }
        pad4(block);
        close_block(block);
        self.out.write_all(block)?;
        self.frames += 1;
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
