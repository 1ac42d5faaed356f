//! Building whole frames, optionally secured: the inverse of parsing (and of the dissector in
//! `zcl_host::sniff`), for demo captures, simulators, benchmarks and tests.
//!
//! ```
//! use zcl_frames::build::{aps_frame, mac_nwk_frame, Seal};
//! use zcl_frames::aps::{ApsFrame, ApsHeader, DeliveryMode};
//! use zcl_frames::mac::{Address, MacFrame, MacHeader};
//! use zcl_frames::nwk::{NwkFrame, NwkFrameType, NwkHeader};
//! use zcl_frames::security::CipherKey;
//! use zcl_frames::secured::decrypt_in_place;
//! use zcl_frames::{AuxSecurityHeader, Eui64, KeyId, PanId, ShortAddr};
//!
//! let net_key = CipherKey::new([0x11u8; 16]);
//! // APS data: On/Off "toggle" from endpoint 1 to endpoint 1 (ZCL: frame control 0x01, seq 5, cmd 0x02).
//! let mut aps = [0u8; 64];
//! let aps_len = aps_frame(
//!     &mut aps,
//!     &ApsHeader::data(DeliveryMode::Unicast, 1, 0x0006, 0x0104, 1, 7),
//!     None,
//!     &[0x01, 0x05, 0x02],
//! ).unwrap();
//! let sender = Eui64(0x0011_2233_4455_6677);
//! let mac = MacHeader::data(1, PanId(0x1a62), Address::Short(ShortAddr(0x1234)), Address::Short(ShortAddr(0)), true);
//! let nwk = NwkHeader::new(NwkFrameType::Data, ShortAddr(0x1234), ShortAddr(0x0000), 30, 9);
//! let seal = Seal { aux: AuxSecurityHeader::new(KeyId::Network, 100, Some(sender), Some(0)), key: &net_key, source: sender };
//! let mut frame = [0u8; 127];
//! let n = mac_nwk_frame(&mut frame, &mac, &nwk, Some(&seal), &aps[..aps_len]).unwrap();
//!
//! // Read it back: MAC, then NWK, then decrypt the NWK payload and parse the APS frame in it.
//! let m = MacFrame::parse(&frame[..n]).unwrap();
//! let nwk_at = m.payload_offset;
//! let (aux_at, payload_at, source) = {
//!     let f = NwkFrame::parse(m.payload).unwrap();
//!     (f.header_len, f.payload_offset, f.aux.unwrap().source.unwrap())
//! };
//! let nwk_bytes = &mut frame[nwk_at..n];
//! let len = decrypt_in_place(&net_key, nwk_bytes, aux_at, payload_at, source).unwrap();
//! let a = ApsFrame::parse(&nwk_bytes[payload_at..payload_at + len]).unwrap();
//! assert_eq!((a.header.profile, a.header.cluster), (Some(0x0104), Some(0x0006)));
//! assert_eq!(a.payload, &[0x01, 0x05, 0x02]);
//! ```

use core::fmt;
use zcl_core::{EncodeError, Writer};

use crate::addr::Eui64;
use crate::aps::ApsHeader;
use crate::mac::MacHeader;
use crate::nwk::NwkHeader;
use crate::secured::{encrypt_in_place, AuxSecurityHeader, MIC_LEN};
use crate::security::{CipherKey, SecurityError};

/// How to secure a NWK or APS frame: the auxiliary header to send, the key (for APS with a
/// link key: already the derived key the header's key identifier names), and the sender's IEEE
/// address for the nonce.
#[derive(Debug, Clone, Copy)]
pub struct Seal<'k> {
    /// Auxiliary security header written into the frame.
    pub aux: AuxSecurityHeader,
    /// The CCM* key.
    pub key: &'k CipherKey,
    /// Sender IEEE address used in the nonce (usually `aux.source`).
    pub source: Eui64,
}

/// Why a frame could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// Encoding failed (buffer too small, ...).
    Encode(EncodeError),
    /// Encryption failed.
    Security(SecurityError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Encode(e) => write!(f, "{e}"),
            BuildError::Security(e) => write!(f, "{e}"),
        }
    }
}

impl core::error::Error for BuildError {}

impl From<EncodeError> for BuildError {
    fn from(e: EncodeError) -> Self {
        BuildError::Encode(e)
    }
}

impl From<SecurityError> for BuildError {
    fn from(e: SecurityError) -> Self {
        BuildError::Security(e)
    }
}

/// Writes a layer: header, then (secured) aux header, payload, MIC; encrypts in place.
fn layer(
    buf: &mut [u8],
    header: impl FnOnce(&mut Writer<'_>) -> Result<(), EncodeError>,
    seal: Option<&Seal<'_>>,
    payload: &[u8],
) -> Result<usize, BuildError> {
    let mut w = Writer::new(buf);
    header(&mut w)?;
    let aux_offset = w.len();
    if let Some(s) = seal {
        s.aux.emit_to(&mut w)?;
    }
    let payload_offset = w.len();
    w.bytes(payload)?;
    if seal.is_some() {
        w.bytes(&[0; MIC_LEN])?;
    }
    let n = w.len();
    if let Some(s) = seal {
        let frame = buf.get_mut(..n).ok_or(EncodeError::BufferTooSmall {
            needed: n,
            available: 0,
        })?;
        encrypt_in_place(s.key, frame, aux_offset, payload_offset, s.source)?;
    }
    Ok(n)
}

/// Writes an APS frame (header as given; its security bit is set when `seal` is given) with
/// `payload` (application frame or command), encrypted with `seal`. Returns the length.
pub fn aps_frame(
    buf: &mut [u8],
    header: &ApsHeader,
    seal: Option<&Seal<'_>>,
    payload: &[u8],
) -> Result<usize, BuildError> {
    let mut h = *header;
    if seal.is_some() {
        h.frame_control.0 |= 0x20;
    } else {
        h.frame_control.0 &= !0x20;
    }
    layer(buf, |w| h.emit_to(w), seal, payload)
}

/// Writes a NWK frame (header flags set from its optional fields and `seal`) with `payload`
/// (usually an APS frame from [`aps_frame`], or a NWK command), encrypted with `seal`.
pub fn nwk_frame(
    buf: &mut [u8],
    header: &NwkHeader<'_>,
    seal: Option<&Seal<'_>>,
    payload: &[u8],
) -> Result<usize, BuildError> {
    let h = header.with_flags(seal.is_some());
    layer(buf, |w| h.emit_to(w), seal, payload)
}

/// Writes a MAC header followed by a NWK frame (see [`nwk_frame`]); no FCS. Returns the length.
pub fn mac_nwk_frame(
    buf: &mut [u8],
    mac: &MacHeader,
    nwk: &NwkHeader<'_>,
    seal: Option<&Seal<'_>>,
    payload: &[u8],
) -> Result<usize, BuildError> {
    let m = mac.emit(buf)?;
    let rest = buf.get_mut(m..).ok_or(EncodeError::BufferTooSmall {
        needed: m,
        available: 0,
    })?;
    Ok(m + nwk_frame(rest, nwk, seal, payload)?)
}

/// Appends the 802.15.4 FCS to a frame of `len` bytes in `buf`. Returns the new length.
pub fn append_fcs(buf: &mut [u8], len: usize) -> Result<usize, EncodeError> {
    let available = buf.len();
    let fcs = crate::crc::fcs16(buf.get(..len).ok_or(EncodeError::BufferTooSmall {
        needed: len,
        available,
    })?);
    let end = len.saturating_add(2);
    let dst = buf.get_mut(len..end).ok_or(EncodeError::BufferTooSmall {
        needed: end,
        available,
    })?;
    dst.copy_from_slice(&fcs.to_le_bytes());
    Ok(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mac::{fcs_ok, Address};
    use crate::nwk::{KeyId, NwkFrameType};
    use crate::{PanId, ShortAddr};

    #[test]
    fn emit_frames_with_fcs_and_small_buffers() {
        let mac = MacHeader::data(
            9,
            PanId(0x1a62),
            Address::Short(ShortAddr(0xffff)),
            Address::Short(ShortAddr(0)),
            false,
        );
        let nwk = NwkHeader::new(
            NwkFrameType::Command,
            ShortAddr(0xfffc),
            ShortAddr(0x0000),
            1,
            3,
        );
        let mut buf = [0xffu8; 32];
        let n = mac_nwk_frame(&mut buf, &mac, &nwk, None, &[0x08, 0x60]).unwrap();
        assert_eq!(
            &buf[..n],
            &[
                0x41, 0x88, 0x09, 0x62, 0x1a, 0xff, 0xff, 0x00, 0x00, // MAC
                0x09, 0x00, 0xfc, 0xff, 0x00, 0x00, 0x01, 0x03, // NWK command, version 2
                0x08, 0x60, // link status, no entries
            ]
        );
        let m = append_fcs(&mut buf, n).unwrap();
        assert!(fcs_ok(&buf[..m]));
        assert_eq!(
            append_fcs(&mut buf[..n + 1], n),
            Err(EncodeError::BufferTooSmall {
                needed: n + 2,
                available: n + 1
            })
        );
        assert_eq!(
            append_fcs(&mut buf, usize::MAX),
            Err(EncodeError::BufferTooSmall {
                needed: usize::MAX,
                available: buf.len()
            })
        );
        let key = CipherKey::new([1; 16]);
        let seal = Seal {
            aux: AuxSecurityHeader::new(KeyId::Network, 1, Some(Eui64(2)), Some(0)),
            key: &key,
            source: Eui64(2),
        };
        let mut small = [0u8; 30];
        assert!(matches!(
            mac_nwk_frame(&mut small, &mac, &nwk, Some(&seal), &[0x08, 0x60]),
            Err(BuildError::Encode(EncodeError::BufferTooSmall { .. }))
        ));
        let mut ok = [0u8; 40];
        let n = mac_nwk_frame(&mut ok, &mac, &nwk, Some(&seal), &[0x08, 0x60]).unwrap();
        assert_eq!(n, 9 + 8 + 14 + 2 + 4);
        assert_eq!(ok[10] & 0x02, 0x02, "security bit set from the seal");
    }
}
