//! Capture files: reading and writing 802.15.4 frames in pcap and pcapng.
//!
//! * [`CaptureReader`] streams frames out of a pcap or pcapng file (detected by its magic number)
//!   through a [`std::io::BufReader`]: memory stays bounded by the largest block, whatever the
//!   size of the file.
//! * Supported link types: 195 (802.15.4 with FCS, including the TI CC24xx metadata trailer in
//!   place of the FCS), 230 (802.15.4 without FCS), 283 (IEEE 802.15.4 TAP) and ZEP v1/v2 over UDP
//!   in Ethernet (1), Linux cooked (113) and raw IP (101, 228, 229) captures.
//! * [`FrameSource`] is what the sniffer reads from; live radios can implement it too.
//! * [`PcapngWriter`] writes pcapng files with link type 195, 230 or 283 (TAP, with RSSI, LQI
//!   and channel).
//! * [`live`]: frames from radios (EZSP mfglib, the nRF 802.15.4 sniffer, a Spinel RCP in
//!   promiscuous mode, ZEP over UDP) behind [`FrameSource`], with the sans-IO decoders of their
//!   protocols in [`nrf`], [`hdlc`] and [`spinel`].
//!
//! Problems with one frame (bad ZEP header, a non-ZEP packet, a frame too short) come out as a
//! non-fatal [`CaptureError::Frame`] and reading goes on; problems with the file itself (wrong
//! magic, truncated block, I/O error) are fatal and end the stream. Nothing here panics on any
//! input.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod bytes;
pub mod hdlc;
mod link;
pub mod live;
pub mod nrf;
mod pcap;
mod pcapng;
pub mod spinel;
mod writer;
pub mod zep;

#[cfg(test)]
mod tests;

pub use link::{LinkType, TapInfo};
pub use pcap::PcapReader;
pub use pcapng::PcapngReader;
pub use writer::{tap_header, PcapngWriter, RadioMeta, WriteLinkType};

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// Largest block or record the readers accept. 802.15.4 frames are at most 127 octets (2047 for
/// SUN PHYs) and ZEP packets a little more, so anything near this limit is a corrupt length.
pub const MAX_BLOCK_LEN: usize = 1 << 20;

/// How the outcome of the FCS check of a frame is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fcs {
    /// The capture does not carry the FCS (link type 230, a TAP header saying "no FCS", or a
    /// frame cut short by the capture's snapshot length).
    Absent,
    /// The FCS was in the capture and matches the frame.
    Valid,
    /// The FCS was in the capture and does not match the frame.
    Invalid {
        /// The FCS computed over the frame.
        computed: u32,
        /// The FCS found in the capture.
        found: u32,
    },
    /// The capture carries the radio's verdict instead of the FCS: the TI CC24xx metadata
    /// trailer (RSSI, then the FCS-ok flag and the LQI), as TI sniffers and ZEP in LQI mode
    /// write it.
    Cc24xx {
        /// The radio's FCS-ok flag.
        ok: bool,
    },
}

impl Fcs {
    /// Whether the frame may be corrupt: a mismatching FCS or a radio saying so.
    #[must_use]
    pub fn is_bad(self) -> bool {
        matches!(self, Fcs::Invalid { .. } | Fcs::Cc24xx { ok: false })
    }
}

/// One captured 802.15.4 frame, borrowed from the reader's buffer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame<'a> {
    /// Record number in the capture, from 1 (as Wireshark numbers frames).
    pub number: u64,
    /// Interface (pcapng interface id; 0 for pcap).
    pub interface: u32,
    /// Capture time, nanoseconds since the Unix epoch.
    pub timestamp_ns: u64,
    /// Radio channel, when the capture says (ZEP, TAP).
    pub channel: Option<u16>,
    /// Received signal strength in dBm, when the capture says (TAP, CC24xx trailer).
    pub rssi: Option<i8>,
    /// Link quality indication, when the capture says (ZEP, TAP, CC24xx trailer).
    pub lqi: Option<u8>,
    /// Sequence number of the encapsulation, when there is one (ZEP v2).
    pub sequence: Option<u32>,
    /// Time the radio stamped on the frame, nanoseconds since the Unix epoch (ZEP v2, TAP).
    pub radio_timestamp_ns: Option<u64>,
    /// What is known about the FCS.
    pub fcs: Fcs,
    /// The MAC frame: header and payload, without FCS or metadata trailer.
    pub mac: &'a [u8],
}

impl Frame<'_> {
    /// Copies the frame out of the reader's buffer.
    #[must_use]
    pub fn to_owned(&self) -> OwnedFrame {
        OwnedFrame {
            number: self.number,
            interface: self.interface,
            timestamp_ns: self.timestamp_ns,
            channel: self.channel,
            rssi: self.rssi,
            lqi: self.lqi,
            sequence: self.sequence,
            radio_timestamp_ns: self.radio_timestamp_ns,
            fcs: self.fcs,
            mac: self.mac.to_vec(),
        }
    }
}

/// A [`Frame`] that owns its bytes.
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)] // same fields as `Frame`
pub struct OwnedFrame {
    pub number: u64,
    pub interface: u32,
    pub timestamp_ns: u64,
    pub channel: Option<u16>,
    pub rssi: Option<i8>,
    pub lqi: Option<u8>,
    pub sequence: Option<u32>,
    pub radio_timestamp_ns: Option<u64>,
    pub fcs: Fcs,
    pub mac: Vec<u8>,
}

impl OwnedFrame {
    /// Borrows the frame.
    #[must_use]
    pub fn as_frame(&self) -> Frame<'_> {
        Frame {
            number: self.number,
            interface: self.interface,
            timestamp_ns: self.timestamp_ns,
            channel: self.channel,
            rssi: self.rssi,
            lqi: self.lqi,
            sequence: self.sequence,
            radio_timestamp_ns: self.radio_timestamp_ns,
            fcs: self.fcs,
            mac: &self.mac,
        }
    }
}

/// A source of captured 802.15.4 frames: a capture file, or a live radio.
///
/// `next_frame` lends the frame from the source's buffer, so a file can be streamed without a
/// copy per frame. `None` ends the stream; after a fatal error ([`CaptureError::is_fatal`]) the
/// stream ends too.
pub trait FrameSource {
    /// The next frame, a per-frame problem, a fatal error, or `None` at the end.
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>>;
}

impl<S: FrameSource + ?Sized> FrameSource for Box<S> {
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        (**self).next_frame()
    }
}

/// What to do with link type 195 frames whose last two octets may be a TI CC24xx metadata
/// trailer rather than an FCS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cc24xxMode {
    /// Decide per frame: a matching CRC is an FCS; otherwise a trailer whose FCS-ok flag is set
    /// is CC24xx metadata; a frame with neither counts as CC24xx metadata (FCS not ok) once the
    /// interface has shown more CC24xx trailers than valid CRCs, else as a bad FCS.
    #[default]
    Auto,
    /// The last two octets are always CC24xx metadata.
    Always,
    /// The last two octets are always an FCS.
    Never,
}

/// Options of the capture readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// Handling of the TI CC24xx metadata trailer in link type 195.
    pub cc24xx: Cc24xxMode,
    /// UDP port of ZEP (17754 by default).
    pub zep_port: u16,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            cc24xx: Cc24xxMode::Auto,
            zep_port: zep::ZEP_PORT,
        }
    }
}

/// Why one frame of a capture could not be given out. Reading goes on after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameProblem {
    /// The packet is shorter than its encapsulation needs.
    #[error("{what} is truncated: {needed} bytes needed, {available} present")]
    TooShort {
        /// Which layer.
        what: &'static str,
        /// Bytes the layer needs.
        needed: usize,
        /// Bytes present.
        available: usize,
    },
    /// The packet names an interface the file did not describe.
    #[error("interface {0} is not described by an interface description block")]
    UnknownInterface(u32),
    /// The packet's interface has a link type without 802.15.4 frames.
    #[error("link type {0} is not supported (supported: 195, 230, 283, ZEP in 1/101/113/228/229)")]
    UnsupportedLinkType(u16),
    /// The packet is not a ZEP packet (other traffic in an Ethernet/IP capture).
    #[error("not a ZEP packet: {0}")]
    NotZep(&'static str),
    /// A ZEP header is malformed.
    #[error("malformed ZEP header: {0}")]
    BadZep(&'static str),
    /// A ZEP v2 acknowledgement: no 802.15.4 frame inside, only a sequence number.
    #[error("ZEP acknowledgement (sequence {0}), no 802.15.4 frame")]
    ZepAck(u32),
    /// An IEEE 802.15.4 TAP header is malformed.
    #[error("malformed IEEE 802.15.4 TAP header: {0}")]
    BadTap(&'static str),
    /// A live radio sent something that is not a frame (a damaged line or Spinel frame).
    #[error("from the radio: {0}")]
    Radio(&'static str),
}

/// Errors of the capture readers and writer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaptureError {
    /// The underlying reader or writer failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// The file starts with neither a pcap nor a pcapng magic number.
    #[error("not a pcap or pcapng file (starts with {0:02x?})")]
    BadMagic([u8; 4]),
    /// The file ends inside a header, block or record.
    #[error("file truncated at offset {offset}: {what} needs {needed} more bytes")]
    Truncated {
        /// Offset of the header, block or record that is cut.
        offset: u64,
        /// What is cut.
        what: &'static str,
        /// Bytes missing.
        needed: u64,
    },
    /// The file's format version is not one this reader knows.
    #[error("unsupported {format} version {major}.{minor}")]
    UnsupportedVersion {
        /// "pcap" or "pcapng".
        format: &'static str,
        /// Major version.
        major: u16,
        /// Minor version.
        minor: u16,
    },
    /// A pcap file with a link type that carries no 802.15.4 frames.
    #[error("link type {0} is not supported (supported: 195, 230, 283, ZEP in 1/101/113/228/229)")]
    UnsupportedLinkType(u32),
    /// A block or record is inconsistent (bad lengths, missing section header).
    #[error("malformed {what} at offset {offset}: {reason}")]
    Malformed {
        /// Which structure.
        what: &'static str,
        /// Its offset in the file.
        offset: u64,
        /// What is wrong.
        reason: &'static str,
    },
    /// A block or record is larger than [`MAX_BLOCK_LEN`]: a corrupt length.
    #[error(
        "{what} at offset {offset} claims {length} bytes, more than the {MAX_BLOCK_LEN} allowed"
    )]
    TooLarge {
        /// Which structure.
        what: &'static str,
        /// Its offset in the file.
        offset: u64,
        /// The claimed length.
        length: u64,
    },
    /// A live radio failed: its port is gone, it stopped answering, it refused a command.
    #[error(transparent)]
    Live(#[from] Box<live::LiveError>),
    /// One frame could not be given out; the next one may be fine.
    #[error("frame {number}: {problem}")]
    Frame {
        /// Record number of the frame, from 1.
        number: u64,
        /// What is wrong with it.
        problem: FrameProblem,
    },
}

impl CaptureError {
    /// Whether the stream ends with this error (everything but a per-frame problem).
    #[must_use]
    pub fn is_fatal(&self) -> bool {
        !matches!(self, CaptureError::Frame { .. })
    }
}

/// Per-interface state of a reader: its link type and what it learned about trailers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Interface {
    pub(crate) link_type: LinkType,
    /// Count of link type 195 frames whose CRC matched.
    pub(crate) crc_seen: u64,
    /// Count of link type 195 frames that were taken as CC24xx metadata.
    pub(crate) cc24xx_seen: u64,
}

impl Interface {
    pub(crate) fn new(link_type: LinkType) -> Self {
        Interface {
            link_type,
            crc_seen: 0,
            cc24xx_seen: 0,
        }
    }
}

/// A capture file reader of either format.
#[derive(Debug)]
pub enum CaptureReader<R> {
    /// A classic pcap file.
    Pcap(PcapReader<R>),
    /// A pcapng file.
    Pcapng(PcapngReader<R>),
}

impl CaptureReader<BufReader<File>> {
    /// Opens a capture file with default options.
    ///
    /// # Errors
    /// I/O errors, an empty file, an unknown magic number, a bad header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, CaptureError> {
        Self::open_with(path, ReadOptions::default())
    }

    /// Opens a capture file.
    ///
    /// # Errors
    /// I/O errors, an empty file, an unknown magic number, a bad header.
    pub fn open_with(path: impl AsRef<Path>, options: ReadOptions) -> Result<Self, CaptureError> {
        let file = File::open(path)?;
        Self::new(BufReader::with_capacity(1 << 16, file), options)
    }
}

impl<R: Read> CaptureReader<R> {
    /// Reads the file header from `reader` and picks the format by its magic number.
    ///
    /// # Errors
    /// I/O errors, an empty file, an unknown magic number, a bad header.
    pub fn new(mut reader: R, options: ReadOptions) -> Result<Self, CaptureError> {
        let mut magic = [0u8; 4];
        let got = bytes::read_full(&mut reader, &mut magic)?;
        if got == 0 {
            return Err(CaptureError::Empty);
        }
        if got < magic.len() {
            return Err(CaptureError::Truncated {
                offset: 0,
                what: "file magic",
                needed: (magic.len() - got) as u64,
            });
        }
        if pcapng::is_magic(magic) {
            Ok(CaptureReader::Pcapng(PcapngReader::after_magic(
                reader, magic, options,
            )?))
        } else if pcap::is_magic(magic) {
            Ok(CaptureReader::Pcap(PcapReader::after_magic(
                reader, magic, options,
            )?))
        } else {
            Err(CaptureError::BadMagic(magic))
        }
    }

    /// Link types of the interfaces seen so far (one for pcap).
    #[must_use]
    pub fn link_types(&self) -> Vec<LinkType> {
        match self {
            CaptureReader::Pcap(r) => vec![r.link_type()],
            CaptureReader::Pcapng(r) => r.link_types(),
        }
    }

    /// Number of link type 195 frames taken as carrying a TI CC24xx metadata trailer.
    #[must_use]
    pub fn cc24xx_frames(&self) -> u64 {
        match self {
            CaptureReader::Pcap(r) => r.cc24xx_frames(),
            CaptureReader::Pcapng(r) => r.cc24xx_frames(),
        }
    }
}

impl<R: Read> FrameSource for CaptureReader<R> {
    fn next_frame(&mut self) -> Option<Result<Frame<'_>, CaptureError>> {
        match self {
            CaptureReader::Pcap(r) => r.next_frame(),
            CaptureReader::Pcapng(r) => r.next_frame(),
        }
    }
}
