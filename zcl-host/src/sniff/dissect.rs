//! Runs a raw 802.15.4 frame through every layer: MAC, then Zigbee NWK (or Green Power, or
//! inter-PAN), then APS, decrypting NWK and APS with a [`KeyStore`], learning keys from Transport
//! Key commands, and exposing the application payload (ZDP or ZCL) with its profile, cluster and
//! endpoints.
//!
//! A [`Dissection`] owns a copy of the frame in which secured payloads are decrypted in place, so
//! it has no lifetime and can be kept; the layer views (`mac()`, `nwk()`, `aps()`, ...) borrow from
//! it. Errors are values per layer; nothing panics. A frame whose MIC fails with every key stays
//! encrypted and is reported so: its payload is never decoded.

use core::fmt;
use zcl_core::DecodeError;

use super::aps::{ApsCommand, ApsFrame, ApsFrameType, TransportedKey};
use super::gp::GpFrame;
use super::interpan::TouchlinkCommand;
use super::keys::{KeyStore, LearnedKey, LearnedKeyKind, UsedKey};
use super::mac::{Address, MacFrame, MacFrameType};
use super::nwk::{NwkCommand, NwkFrame, NwkFrameType};
use super::security::SecurityError;

/// Frames up to this length are kept inline (802.15.4 frames on 2.4 GHz are at most 127 bytes).
const INLINE: usize = 128;

#[derive(Clone)]
enum FrameBuf {
    Inline { data: [u8; INLINE], len: usize },
    Heap(Vec<u8>),
}

impl FrameBuf {
    fn new(raw: &[u8]) -> Self {
        if raw.len() <= INLINE {
            let mut data = [0u8; INLINE];
            if let Some(d) = data.get_mut(..raw.len()) {
                d.copy_from_slice(raw);
            }
            FrameBuf::Inline {
                data,
                len: raw.len(),
            }
        } else {
            FrameBuf::Heap(raw.to_vec())
        }
    }
    fn as_slice(&self) -> &[u8] {
        match self {
            FrameBuf::Inline { data, len } => data.get(..*len).unwrap_or(&[]),
            FrameBuf::Heap(v) => v,
        }
    }
    fn as_mut_slice(&mut self) -> &mut [u8] {
        match self {
            FrameBuf::Inline { data, len } => data.get_mut(..*len).unwrap_or(&mut []),
            FrameBuf::Heap(v) => v,
        }
    }
}

/// A byte range in the dissected frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    fn get(self, b: &[u8]) -> Option<&[u8]> {
        b.get(self.start..self.end)
    }
}

/// What follows the MAC header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkKind {
    /// Nothing the dissector decodes (beacon, MAC command, ack, empty or MAC-secured payload).
    None,
    /// A Zigbee NWK frame (data or command).
    Zigbee,
    /// A Green Power frame (NWK protocol version 3).
    GreenPower,
    /// An inter-PAN frame (stub NWK and APS headers, e.g. touchlink).
    InterPan,
}

/// The application payload of an APS data (or inter-PAN) frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppPayload<'a> {
    /// Profile identifier (0x0000 = ZDP).
    pub profile: u16,
    /// Cluster identifier.
    pub cluster: u16,
    /// Source endpoint (absent for inter-PAN).
    pub src_endpoint: Option<u8>,
    /// Destination endpoint (absent for group delivery and inter-PAN).
    pub dst_endpoint: Option<u8>,
    /// Group address (group delivery).
    pub group: Option<u16>,
    /// The ZDP or ZCL frame.
    pub payload: &'a [u8],
}

impl AppPayload<'_> {
    /// Whether this is a ZDP frame (profile 0, endpoint 0), else it is ZCL.
    pub fn is_zdp(&self) -> bool {
        self.profile == 0 && self.dst_endpoint.unwrap_or(0) == 0
    }
}

/// Everything [`dissect`] found in one frame. See the module documentation.
#[derive(Clone)]
pub struct Dissection {
    buf: FrameBuf,
    /// The MAC frame: its payload span, or why it could not be parsed.
    pub mac: Result<Span, DecodeError>,
    /// What the MAC payload holds.
    pub kind: NetworkKind,
    /// The NWK (or Green Power / inter-PAN) frame span, or why it could not be parsed.
    pub nwk: Option<Result<Span, DecodeError>>,
    /// For a NWK-secured frame: the key that decrypted it, or why none did.
    pub nwk_security: Option<Result<UsedKey, SecurityError>>,
    /// The APS frame span (when the NWK payload is readable), or why it could not be parsed.
    pub aps: Option<Result<Span, DecodeError>>,
    /// For an APS-secured frame: the key that decrypted it, or why none did.
    pub aps_security: Option<Result<UsedKey, SecurityError>>,
    /// A key learned from this frame's Transport Key command (already added to the store).
    pub learned: Option<LearnedKey>,
    nwk_plain: Option<Span>,
    aps_plain: Option<Span>,
}

impl fmt::Debug for Dissection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dissection")
            .field("bytes", &hex::encode(self.bytes()))
            .field("mac", &self.mac)
            .field("kind", &self.kind)
            .field("nwk", &self.nwk)
            .field("nwk_security", &self.nwk_security)
            .field("aps", &self.aps)
            .field("aps_security", &self.aps_security)
            .field("learned", &self.learned)
            .finish()
    }
}

impl Dissection {
    /// The frame bytes, with every payload that could be decrypted replaced by its plaintext
    /// (MICs are left in place).
    pub fn bytes(&self) -> &[u8] {
        self.buf.as_slice()
    }

    /// The MAC frame view.
    pub fn mac(&self) -> Option<MacFrame<'_>> {
        self.mac.as_ref().ok()?;
        MacFrame::parse(self.bytes()).ok()
    }

    /// The NWK frame view (Zigbee NWK and inter-PAN). For a secured frame that was decrypted its
    /// `payload` field is the plaintext.
    pub fn nwk(&self) -> Option<NwkFrame<'_>> {
        if !matches!(self.kind, NetworkKind::Zigbee | NetworkKind::InterPan) {
            return None;
        }
        let s = (*self.nwk.as_ref()?).ok()?;
        NwkFrame::parse(s.get(self.bytes())?).ok()
    }

    /// The readable NWK payload: plaintext of an unsecured frame or of a decrypted one, `None`
    /// when it stayed encrypted.
    pub fn nwk_payload(&self) -> Option<&[u8]> {
        self.nwk_plain?.get(self.bytes())
    }

    /// The NWK command, for a readable NWK command frame.
    pub fn nwk_command(&self) -> Option<Result<NwkCommand<'_>, DecodeError>> {
        let n = self.nwk()?;
        if n.header.frame_control.frame_type() != NwkFrameType::Command {
            return None;
        }
        let p = self.nwk_plain?;
        Some(NwkCommand::parse(p.get(self.bytes())?).map_err(|e| e.shifted(p.start)))
    }

    /// The Green Power frame view.
    pub fn gp(&self) -> Option<GpFrame<'_>> {
        if self.kind != NetworkKind::GreenPower {
            return None;
        }
        let s = (*self.nwk.as_ref()?).ok()?;
        GpFrame::parse(s.get(self.bytes())?).ok()
    }

    /// The APS frame view. For a decrypted frame its `payload` field is the plaintext.
    pub fn aps(&self) -> Option<ApsFrame<'_>> {
        let s = (*self.aps.as_ref()?).ok()?;
        ApsFrame::parse(s.get(self.bytes())?).ok()
    }

    /// The readable APS payload (`None` when it stayed encrypted).
    pub fn aps_payload(&self) -> Option<&[u8]> {
        self.aps_plain?.get(self.bytes())
    }

    /// The APS command, for a readable APS command frame.
    pub fn aps_command(&self) -> Option<Result<ApsCommand<'_>, DecodeError>> {
        let a = self.aps()?;
        if a.header.frame_control.frame_type() != ApsFrameType::Command {
            return None;
        }
        let p = self.aps_plain?;
        Some(ApsCommand::parse(p.get(self.bytes())?).map_err(|e| e.shifted(p.start)))
    }

    /// The application payload (ZDP or ZCL frame) with its addressing, for a readable APS data
    /// or inter-PAN frame.
    pub fn app(&self) -> Option<AppPayload<'_>> {
        let a = self.aps()?;
        let h = a.header;
        if !matches!(
            h.frame_control.frame_type(),
            ApsFrameType::Data | ApsFrameType::InterPan
        ) {
            return None;
        }
        Some(AppPayload {
            profile: h.profile?,
            cluster: h.cluster?,
            src_endpoint: h.src_endpoint,
            dst_endpoint: h.dst_endpoint,
            group: h.group,
            payload: self.aps_payload()?,
        })
    }

    /// The touchlink (ZLL commissioning) command of an inter-PAN frame on cluster 0x1000.
    pub fn touchlink(&self) -> Option<Result<TouchlinkCommand<'_>, DecodeError>> {
        if self.kind != NetworkKind::InterPan {
            return None;
        }
        let app = self.app()?;
        (app.cluster == super::interpan::ZLL_COMMISSIONING_CLUSTER)
            .then(|| TouchlinkCommand::parse(app.payload))
    }

    /// Whether some layer stayed encrypted because no key matched.
    pub fn undecrypted(&self) -> bool {
        matches!(self.nwk_security, Some(Err(_))) || matches!(self.aps_security, Some(Err(_)))
    }

    /// The first parse error of any layer.
    pub fn error(&self) -> Option<DecodeError> {
        if let Err(e) = self.mac {
            return Some(e);
        }
        if let Some(Err(e)) = self.nwk {
            return Some(e);
        }
        if let Some(Err(e)) = self.aps {
            return Some(e);
        }
        None
    }
}

impl fmt::Display for Dissection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.mac, self.mac()) {
            (Err(e), _) => return write!(f, "MAC error: {e}"),
            (Ok(_), Some(m)) => write!(f, "{m}")?,
            (Ok(_), None) => f.write_str("MAC")?,
        }
        match &self.nwk {
            Some(Err(e)) => write!(f, " | NWK error: {e}")?,
            Some(Ok(_)) => {
                if let Some(g) = self.gp() {
                    write!(f, " | {g}")?;
                } else if let Some(n) = self.nwk() {
                    write!(f, " | {n}")?;
                }
            }
            None => {}
        }
        if let Some(Err(e)) = &self.nwk_security {
            write!(f, " (encrypted: {e})")?;
        }
        if let Some(c) = self.nwk_command() {
            match c {
                Ok(c) => write!(f, " {}", c.name())?,
                Err(e) => write!(f, " command error: {e}")?,
            }
        }
        match &self.aps {
            Some(Err(e)) => write!(f, " | APS error: {e}")?,
            Some(Ok(_)) => {
                if let Some(a) = self.aps() {
                    write!(f, " | {a}")?;
                }
            }
            None => {}
        }
        if let Some(Err(e)) = &self.aps_security {
            write!(f, " (encrypted: {e})")?;
        }
        if let Some(c) = self.aps_command() {
            match c {
                Ok(c) => write!(f, " {c}")?,
                Err(e) => write!(f, " command error: {e}")?,
            }
        }
        if let Some(a) = self.app() {
            write!(
                f,
                " | {} {} bytes",
                if a.is_zdp() { "ZDP" } else { "ZCL" },
                a.payload.len()
            )?;
        }
        Ok(())
    }
}

/// Dissects one 802.15.4 frame *without* FCS, decrypting with `keys` and adding keys learned
/// from Transport Key commands to it. Never panics; errors are in the result.
pub fn dissect(raw: &[u8], keys: &mut KeyStore) -> Dissection {
    let mut d = Dissection {
        buf: FrameBuf::new(raw),
        mac: Err(DecodeError::Truncated {
            offset: 0,
            needed: 2,
        }),
        kind: NetworkKind::None,
        nwk: None,
        nwk_security: None,
        aps: None,
        aps_security: None,
        learned: None,
        nwk_plain: None,
        aps_plain: None,
    };
    let (mac_src, nwk_span) = match MacFrame::parse(d.buf.as_slice()) {
        Err(e) => {
            d.mac = Err(e);
            return d;
        }
        Ok(m) => {
            let span = Span {
                start: m.payload_offset,
                end: m.payload_offset + m.payload.len(),
            };
            d.mac = Ok(span);
            let usable = m.frame_type() == MacFrameType::Data
                && m.header.security.is_none()
                && !m.payload.is_empty();
            if !usable {
                return d;
            }
            (m.header.src, span)
        }
    };
    let first = d.buf.as_slice().get(nwk_span.start).copied().unwrap_or(0);
    if (first >> 2) & 0xf == super::gp::GP_PROTOCOL_VERSION {
        d.kind = NetworkKind::GreenPower;
        d.nwk = Some(
            nwk_span
                .get(d.buf.as_slice())
                .map_or(Err(DecodeError::InvalidLength { offset: 0 }), |b| {
                    GpFrame::parse(b).map(|_| nwk_span)
                })
                .map_err(|e| e.shifted(nwk_span.start)),
        );
        return d;
    }
    dissect_nwk(&mut d, nwk_span, mac_src, keys);
    d
}

fn dissect_nwk(d: &mut Dissection, span: Span, mac_src: Address, keys: &mut KeyStore) {
    // Facts from the NWK header, taken before the buffer is borrowed mutably for decryption.
    let (nwk, aux, header_len, payload_offset, plain_len) = {
        let Some(bytes) = span.get(d.buf.as_slice()) else {
            return;
        };
        match NwkFrame::parse(bytes) {
            Err(e) => {
                d.kind = NetworkKind::Zigbee;
                d.nwk = Some(Err(e.shifted(span.start)));
                return;
            }
            Ok(n) => (
                (
                    n.header.frame_control,
                    n.header.src,
                    n.header.dst,
                    n.header.src_ieee,
                    n.header.dst_ieee,
                ),
                n.aux,
                n.header_len,
                n.payload_offset,
                n.payload.len(),
            ),
        }
    };
    let (fc, nwk_src, nwk_dst, src_ieee, dst_ieee) = nwk;
    d.kind = if fc.frame_type() == NwkFrameType::InterPan {
        NetworkKind::InterPan
    } else {
        NetworkKind::Zigbee
    };
    d.nwk = Some(Ok(span));
    if let Some(ieee) = src_ieee {
        keys.note_address(nwk_src, ieee);
    }
    if let Some(ieee) = dst_ieee {
        keys.note_address(nwk_dst, ieee);
    }
    let plain = if let Some(aux) = aux {
        // NWK frames are secured hop by hop: the nonce's source is the MAC sender.
        let hop = match mac_src {
            Address::Short(s) => {
                if let Some(ieee) = aux.source {
                    keys.note_address(s, ieee);
                }
                keys.ieee_of(s)
            }
            Address::Extended(e) => Some(e),
            Address::None => None,
        };
        let Some(frame) = d.buf.as_mut_slice().get_mut(span.start..span.end) else {
            return;
        };
        match keys.decrypt_nwk(frame, header_len, payload_offset, &aux, hop) {
            Ok((n, used)) => {
                d.nwk_security = Some(Ok(used));
                Span {
                    start: span.start + payload_offset,
                    end: span.start + payload_offset + n,
                }
            }
            Err(e) => {
                d.nwk_security = Some(Err(e));
                return;
            }
        }
    } else {
        Span {
            start: span.start + payload_offset,
            end: span.start + payload_offset + plain_len,
        }
    };
    d.nwk_plain = Some(plain);
    if fc.frame_type() == NwkFrameType::Command || plain.start == plain.end {
        return;
    }
    let src_ieee = src_ieee.or_else(|| keys.ieee_of(nwk_src));
    let dst_ieee = dst_ieee.or_else(|| keys.ieee_of(nwk_dst));
    dissect_aps(d, plain, src_ieee, dst_ieee, keys);
}

fn dissect_aps(
    d: &mut Dissection,
    span: Span,
    src_ieee: Option<u64>,
    dst_ieee: Option<u64>,
    keys: &mut KeyStore,
) {
    let (aux, header_len, payload_offset, plain_len, frame_type) = {
        let Some(bytes) = span.get(d.buf.as_slice()) else {
            return;
        };
        match ApsFrame::parse(bytes) {
            Err(e) => {
                d.aps = Some(Err(e.shifted(span.start)));
                return;
            }
            Ok(a) => (
                a.aux,
                a.header_len,
                a.payload_offset,
                a.payload.len(),
                a.header.frame_control.frame_type(),
            ),
        }
    };
    d.aps = Some(Ok(span));
    let plain = if let Some(aux) = aux {
        let Some(frame) = d.buf.as_mut_slice().get_mut(span.start..span.end) else {
            return;
        };
        match keys.decrypt_aps(frame, header_len, payload_offset, &aux, src_ieee, dst_ieee) {
            Ok((n, used)) => {
                d.aps_security = Some(Ok(used));
                Span {
                    start: span.start + payload_offset,
                    end: span.start + payload_offset + n,
                }
            }
            Err(e) => {
                d.aps_security = Some(Err(e));
                return;
            }
        }
    } else {
        Span {
            start: span.start + payload_offset,
            end: span.start + payload_offset + plain_len,
        }
    };
    d.aps_plain = Some(plain);
    match frame_type {
        ApsFrameType::Command => learn_from_command(d, plain, keys),
        ApsFrameType::Data => {
            // ZDP Device_annce (cluster 0x0013) maps a short address to an IEEE address.
            if let Some(app) = d.app() {
                if app.is_zdp() && app.cluster == 0x0013 {
                    if let (Some(lo), Some(hi), Some(ieee)) = (
                        app.payload.get(1),
                        app.payload.get(2),
                        app.payload.get(3..11),
                    ) {
                        if let Ok(b) = <[u8; 8]>::try_from(ieee) {
                            keys.note_address(
                                u16::from_le_bytes([*lo, *hi]),
                                u64::from_le_bytes(b),
                            );
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

fn learn_from_command(d: &mut Dissection, plain: Span, keys: &mut KeyStore) {
    let Some(Ok(cmd)) = plain.get(d.buf.as_slice()).map(ApsCommand::parse) else {
        return;
    };
    match cmd {
        ApsCommand::TransportKey { key, fields, .. } => {
            let learned = match fields {
                TransportedKey::Network { sequence, dst, src } => LearnedKey {
                    kind: LearnedKeyKind::Network { sequence },
                    key,
                    partners: (dst, src),
                },
                TransportedKey::TrustCenter { dst, src } => LearnedKey {
                    kind: LearnedKeyKind::TrustCenterLink,
                    key,
                    partners: (dst, src),
                },
                TransportedKey::Application { partner, .. } => {
                    let receiver = d
                        .nwk()
                        .and_then(|n| n.header.dst_ieee.or_else(|| keys.ieee_of(n.header.dst)))
                        .unwrap_or(0);
                    LearnedKey {
                        kind: LearnedKeyKind::ApplicationLink,
                        key,
                        partners: (receiver, partner),
                    }
                }
            };
            keys.learn(&learned);
            d.learned = Some(learned);
        }
        ApsCommand::UpdateDevice {
            device,
            short_address,
            ..
        } => keys.note_address(short_address, device),
        _ => {}
    }
}
