//! What goes into the runtime (an APS data indication) and what comes out (frames with their
//! destination, written into the caller's buffers).

/// Where an incoming frame was addressed (APS destination addressing mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Destination {
    /// One endpoint; 0xff is the broadcast endpoint (every endpoint with the cluster).
    Endpoint(u8),
    /// A group: every endpoint that is a member (Groups cluster).
    Group(u16),
}

/// An APS data indication carrying a ZCL frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ApsIndication<'a> {
    /// Network (short) address of the sender.
    pub src_addr: u16,
    /// Sender's endpoint.
    pub src_endpoint: u8,
    /// Destination endpoint or group.
    pub dst: Destination,
    /// Application profile id (0x0104 Home Automation; 0xffff matches any endpoint).
    pub profile: u16,
    /// Cluster id.
    pub cluster: u16,
    /// The ZCL frame (header and payload).
    pub payload: &'a [u8],
    /// Whether the frame was sent to a network broadcast address.
    pub broadcast: bool,
}

impl ApsIndication<'_> {
    /// Whether the frame reached this device alone (not broadcast, not groupcast); only such
    /// frames may get a Default Response (ZCL 2.5.12.2).
    pub fn is_unicast(&self) -> bool {
        !self.broadcast && matches!(self.dst, Destination::Endpoint(e) if e != 0xff)
    }
}

/// The address an outgoing frame goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Address {
    /// A network (short) address.
    Short(u16),
    /// An IEEE (extended) address, e.g. the IAS CIE address.
    Ieee(u64),
    /// A group.
    Group(u16),
}

/// The destination and APS fields of one outgoing frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct TxInfo {
    /// Destination address.
    pub dst_addr: Address,
    /// Destination endpoint.
    pub dst_endpoint: u8,
    /// Our endpoint that sends it.
    pub src_endpoint: u8,
    /// Application profile id.
    pub profile: u16,
    /// Cluster id.
    pub cluster: u16,
}

/// Where the runtime writes outgoing frames: a buffer per frame, then a commit with its
/// destination. When no buffer is left the frame is dropped (counted by the implementation).
pub trait Outbox {
    /// A buffer for the next frame, or `None` when full.
    fn buffer(&mut self) -> Option<&mut [u8]>;
    /// The last buffer now holds a frame of `len` bytes for `tx`.
    fn commit(&mut self, tx: TxInfo, len: usize);
}

/// Capacity of each [`FrameQueue`] slot; larger than any unfragmented APS payload.
pub const MAX_FRAME: usize = 127;

/// A fixed-capacity [`Outbox`] holding up to `N` frames.
#[derive(Debug, Clone)]
pub struct FrameQueue<const N: usize> {
    frames: [(TxInfo, usize, [u8; MAX_FRAME]); N],
    len: usize,
    /// Frames dropped because the queue was full.
    pub dropped: usize,
}

const EMPTY_TX: TxInfo = TxInfo {
    dst_addr: Address::Short(0),
    dst_endpoint: 0,
    src_endpoint: 0,
    profile: 0,
    cluster: 0,
};

impl<const N: usize> Default for FrameQueue<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> FrameQueue<N> {
    /// An empty queue.
    pub const fn new() -> Self {
        FrameQueue {
            frames: [(EMPTY_TX, 0, [0; MAX_FRAME]); N],
            len: 0,
            dropped: 0,
        }
    }

    /// Number of frames held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether no frame is held.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The `i`th frame and its destination.
    pub fn get(&self, i: usize) -> Option<(&TxInfo, &[u8])> {
        if i >= self.len {
            return None;
        }
        let (tx, len, buf) = self.frames.get(i)?;
        Some((tx, buf.get(..*len)?))
    }

    /// Iterates over the frames in order.
    pub fn iter(&self) -> impl Iterator<Item = (&TxInfo, &[u8])> {
        (0..self.len).filter_map(|i| self.get(i))
    }

    /// Forgets every frame.
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

impl<const N: usize> Outbox for FrameQueue<N> {
    fn buffer(&mut self) -> Option<&mut [u8]> {
        match self.frames.get_mut(self.len) {
            Some((_, _, buf)) => Some(buf),
            None => {
                self.dropped += 1;
                None
            }
        }
    }

    fn commit(&mut self, tx: TxInfo, len: usize) {
        if let Some(slot) = self.frames.get_mut(self.len) {
            slot.0 = tx;
            slot.1 = len.min(MAX_FRAME);
            self.len += 1;
        }
    }
}
