//! Frames on the virtual air: building 802.15.4 + NWK + APS frames (with FCS) from the sniffer's
//! encoders ([`crate::sniff::build`]), and the time-ordered log of what was sent.

use std::time::Duration;
use zcl_frames::Eui64;
use zcl_frames::PanId;

use crate::sniff::aps::ApsHeader;
use crate::sniff::build::{append_fcs, aps_frame, mac_nwk_frame, BuildError, Seal};
use crate::sniff::mac::{Address, MacFrameType, MacHeader};
use crate::sniff::nwk::{AuxSecurityHeader, KeyId, NwkHeader};
use crate::sniff::security::CipherKey;
use zcl_core::EncodeError;

/// Largest 802.15.4 frame on 2.4 GHz, FCS included (aMaxPhyPacketSize).
pub const MAX_PHY_FRAME: usize = 127;

/// One frame as it went over the virtual air.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AirFrame<'a> {
    /// When it was sent (simulated time since start).
    pub at: Duration,
    /// Logical channel (11-26).
    pub channel: u8,
    /// The MAC frame with its two FCS bytes.
    pub bytes: &'a [u8],
}

/// Where air frames go: a pcapng writer, a test's list, ...
pub type AirSink = Box<dyn FnMut(&AirFrame<'_>) + Send>;

/// Why a frame could not be put on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// An encoder or the encryption failed.
    #[error("building {what}: {source}")]
    Build {
        /// Which frame.
        what: &'static str,
        /// The encoder's error.
        source: BuildError,
    },
    /// The frame would not fit into one 802.15.4 frame.
    #[error("{what} is {len} bytes, more than the {MAX_PHY_FRAME} of an 802.15.4 frame")]
    TooLong {
        /// Which frame.
        what: &'static str,
        /// Its length with FCS.
        len: usize,
    },
}

/// Per-node sequence numbers (MAC, NWK, APS counter, ZDO/ZCL transaction).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Sequences {
    mac: u8,
    nwk: u8,
    aps: u8,
    tsn: u8,
}

impl Sequences {
    /// Sequences starting at values derived from `seed` (so nodes do not all start at 0).
    pub(crate) fn seeded(seed: u64) -> Self {
        let b = seed.to_le_bytes();
        let [a, c, d, e, ..] = b;
        Sequences {
            mac: a,
            nwk: c,
            aps: d,
            tsn: e,
        }
    }
    pub(crate) fn mac(&mut self) -> u8 {
        let v = self.mac;
        self.mac = v.wrapping_add(1);
        v
    }
    pub(crate) fn nwk(&mut self) -> u8 {
        let v = self.nwk;
        self.nwk = v.wrapping_add(1);
        v
    }
    pub(crate) fn aps(&mut self) -> u8 {
        let v = self.aps;
        self.aps = v.wrapping_add(1);
        v
    }
    pub(crate) fn tsn(&mut self) -> u8 {
        let v = self.tsn;
        self.tsn = v.wrapping_add(1);
        v
    }
}

/// NWK security for one frame: the network key, the sender's outgoing frame counter and IEEE
/// address (nonce), and the key sequence number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NwkSeal<'k> {
    pub key: &'k CipherKey,
    pub counter: u32,
    pub source: u64,
    pub key_sequence: u8,
}

/// APS security with a link key (data key) or a key derived from it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ApsSeal<'k> {
    pub key_id: KeyId,
    pub key: &'k CipherKey,
    pub counter: u32,
    pub source: u64,
}

fn build_err(what: &'static str) -> impl Fn(BuildError) -> FrameError {
    move |source| FrameError::Build { what, source }
}

fn encode_err(what: &'static str) -> impl Fn(EncodeError) -> FrameError {
    move |e| FrameError::Build {
        what,
        source: BuildError::Encode(e),
    }
}

/// An APS frame (header, optional APS security, payload).
pub(crate) fn aps_bytes(
    what: &'static str,
    header: &ApsHeader,
    seal: Option<ApsSeal<'_>>,
    payload: &[u8],
) -> Result<Vec<u8>, FrameError> {
    let mut buf = [0u8; 2 * MAX_PHY_FRAME];
    let seal = seal.map(|s| Seal {
        aux: AuxSecurityHeader::new(s.key_id, s.counter, Some(Eui64(s.source)), None),
        key: s.key,
        source: Eui64(s.source),
    });
    let n = aps_frame(&mut buf, header, seal.as_ref(), payload).map_err(build_err(what))?;
    Ok(buf.get(..n).unwrap_or_default().to_vec())
}

/// A whole data or NWK command frame: MAC header, NWK header (secured with `seal`), payload,
/// FCS.
pub(crate) fn nwk_frame_bytes(
    what: &'static str,
    mac: &MacHeader,
    nwk: &NwkHeader<'_>,
    seal: Option<NwkSeal<'_>>,
    payload: &[u8],
) -> Result<Vec<u8>, FrameError> {
    let mut buf = [0u8; 2 * MAX_PHY_FRAME];
    let seal = seal.map(|s| Seal {
        aux: AuxSecurityHeader::new(
            KeyId::Network,
            s.counter,
            Some(Eui64(s.source)),
            Some(s.key_sequence),
        ),
        key: s.key,
        source: Eui64(s.source),
    });
    let n = mac_nwk_frame(&mut buf, mac, nwk, seal.as_ref(), payload).map_err(build_err(what))?;
    finish(what, &mut buf, n)
}

/// A MAC-only frame (beacon, MAC command, acknowledgment) with FCS.
pub(crate) fn mac_frame_bytes(
    what: &'static str,
    mac: &MacHeader,
    payload: &[u8],
) -> Result<Vec<u8>, FrameError> {
    let mut buf = [0u8; 2 * MAX_PHY_FRAME];
    let m = mac.emit(&mut buf).map_err(encode_err(what))?;
    let end = m.saturating_add(payload.len());
    let dst = buf
        .get_mut(m..end)
        .ok_or(FrameError::TooLong { what, len: end + 2 })?;
    dst.copy_from_slice(payload);
    finish(what, &mut buf, end)
}

/// An 802.15.4 acknowledgment of sequence `seq` (frame control 0x0002, no addresses).
pub(crate) fn mac_ack(seq: u8, pending: bool) -> Vec<u8> {
    let fc: u8 = if pending { 0x12 } else { 0x02 };
    let mut buf = [fc, 0x00, seq, 0, 0];
    let n = append_fcs(&mut buf, 3).unwrap_or(3);
    buf.get(..n).unwrap_or_default().to_vec()
}

/// A MAC command header from an extended source without PAN id compression (association
/// request, data request before an address is known): source PAN 0xffff.
pub(crate) fn mac_command_from_extended(seq: u8, pan: u16, dst: Address, src: u64) -> MacHeader {
    let mut h = MacHeader::build(
        MacFrameType::MacCommand,
        seq,
        PanId(pan),
        dst,
        Address::Extended(Eui64(src)),
        true,
    );
    h.frame_control = crate::sniff::mac::MacFrameControl(h.frame_control.0 & !(1 << 6));
    h.src_pan = Some(PanId(0xffff));
    h
}

fn finish(what: &'static str, buf: &mut [u8], n: usize) -> Result<Vec<u8>, FrameError> {
    let len = append_fcs(buf, n).map_err(encode_err(what))?;
    if len > MAX_PHY_FRAME {
        return Err(FrameError::TooLong { what, len });
    }
    Ok(buf.get(..len).unwrap_or_default().to_vec())
}

/// The frames sent so far that have not been handed to the sink, kept in time order.
#[derive(Default)]
pub(crate) struct AirLog {
    pending: Vec<(u64, u64, u8, Vec<u8>)>,
    seq: u64,
    sink: Option<AirSink>,
    /// Frames handed out so far.
    pub(crate) sent: u64,
}

impl AirLog {
    pub(crate) fn set_sink(&mut self, sink: Option<AirSink>) {
        self.sink = sink;
    }

    /// Records a frame sent at `at_ms` on `channel`.
    pub(crate) fn push(&mut self, at_ms: u64, channel: u8, bytes: Vec<u8>) {
        self.seq = self.seq.wrapping_add(1);
        self.pending.push((at_ms, self.seq, channel, bytes));
    }

    /// Hands every frame sent up to `now_ms` to the sink, oldest first.
    pub(crate) fn flush(&mut self, now_ms: u64) {
        self.pending.sort_by_key(|(at, seq, _, _)| (*at, *seq));
        let split = self
            .pending
            .iter()
            .position(|(at, ..)| *at > now_ms)
            .unwrap_or(self.pending.len());
        let rest = self.pending.split_off(split);
        let due = core::mem::replace(&mut self.pending, rest);
        for (at, _, channel, bytes) in due {
            self.sent = self.sent.wrapping_add(1);
            if let Some(sink) = self.sink.as_mut() {
                sink(&AirFrame {
                    at: Duration::from_millis(at),
                    channel,
                    bytes: &bytes,
                });
            }
        }
    }
}

impl core::fmt::Debug for AirLog {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AirLog")
            .field("pending", &self.pending.len())
            .field("sink", &self.sink.is_some())
            .field("sent", &self.sent)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sniff::mac::fcs_ok;

    #[test]
    fn emit_ack_with_fcs() {
        let a = mac_ack(0x42, false);
        assert_eq!(&a[..3], &[0x02, 0x00, 0x42]);
        assert!(fcs_ok(&a));
    }

    #[test]
    fn air_log_flushes_in_time_order() {
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let s = seen.clone();
        let mut log = AirLog::default();
        log.set_sink(Some(Box::new(move |f: &AirFrame<'_>| {
            s.lock().unwrap().push((f.at, f.bytes.to_vec()));
        })));
        log.push(5, 15, vec![2]);
        log.push(3, 15, vec![1]);
        log.push(9, 15, vec![3]);
        log.flush(6);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![
                (Duration::from_millis(3), vec![1]),
                (Duration::from_millis(5), vec![2])
            ]
        );
        log.flush(9);
        assert_eq!(seen.lock().unwrap().len(), 3);
        assert_eq!(log.sent, 3);
    }
}
