//! Zigbee Green Power device frames (GPDF, Green Power specification 14-0563 A.1.4): the frames a
//! Green Power device sends in a MAC data frame, recognised by NWK protocol version 3.
//!
//! Parsed: NWK frame control, extended frame control, source id or endpoint, security frame
//! counter, command id and payload, MIC. Frames with security level 2 (MIC) and 3 (encrypted +
//! MIC) are checked / decrypted with [`decrypt_in_place`] (AES-CCM*, nonce of A.1.5.4.2);
//! level 1 (2-byte MIC) is not checked.

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

use crate::addr::Eui64;
use crate::security::{ccm_open_in_place, ccm_seal_in_place, CipherKey, SecurityError};

/// The NWK protocol version of Green Power frames.
pub const GP_PROTOCOL_VERSION: u8 = 3;

/// A parsed GPDF, borrowing from the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GpFrame<'a> {
    /// NWK frame control: frame type bits 0-1 (0 data, 1 maintenance), protocol version bits
    /// 2-5, auto-commissioning bit 6, extension present bit 7.
    pub frame_control: u8,
    /// Extended NWK frame control: application id bits 0-2, security level bits 3-4, security
    /// key bit 5, rx-after-tx bit 6, direction bit 7.
    pub extended_control: Option<u8>,
    /// GPD source id (application id 0).
    pub src_id: Option<u32>,
    /// GPD endpoint (application id 2; the IEEE address is the MAC source).
    pub endpoint: Option<u8>,
    /// Security frame counter (security levels 2 and 3).
    pub frame_counter: Option<u32>,
    /// GPD command id (`None` when the payload is encrypted).
    pub command_id: Option<u8>,
    /// Command payload (or, encrypted, command id and payload).
    pub payload: &'a [u8],
    /// MIC (2 bytes for level 1, 4 bytes for levels 2 and 3).
    pub mic: &'a [u8],
}

impl<'a> GpFrame<'a> {
    /// Frame type (0 data, 1 maintenance).
    pub fn frame_type(&self) -> u8 {
        self.frame_control & 3
    }
    /// Auto-commissioning.
    pub fn auto_commissioning(&self) -> bool {
        self.frame_control & 0x40 != 0
    }
    /// Application id (0 when the extended control is absent).
    pub fn application_id(&self) -> u8 {
        self.extended_control.map_or(0, |e| e & 7)
    }
    /// Security level (0 when the extended control is absent).
    pub fn security_level(&self) -> u8 {
        self.extended_control.map_or(0, |e| (e >> 3) & 3)
    }
    /// Direction bit (1 = from a GPP/GPS to the GPD).
    pub fn direction(&self) -> bool {
        self.extended_control.is_some_and(|e| e & 0x80 != 0)
    }

    /// Offset of the command id (or of the encrypted body): the header length.
    pub fn body_offset(&self) -> usize {
        1 + usize::from(self.extended_control.is_some())
            + 4 * usize::from(self.src_id.is_some())
            + usize::from(self.endpoint.is_some())
            + 4 * usize::from(self.frame_counter.is_some())
    }

    /// The CCM* nonce (Green Power specification A.1.5.4.2). `ieee` is the GPD's IEEE address
    /// (application id 2: the MAC source of a frame from the GPD, the destination of one to it).
    /// `None` for frames without a frame counter, or application id 2 without `ieee`.
    pub fn nonce(&self, ieee: Option<Eui64>) -> Option<[u8; 13]> {
        let counter = self.frame_counter?;
        let from_gpd = !self.direction();
        let mut n = [0u8; 13];
        let addr: [u8; 8] = match self.application_id() {
            0 => {
                let id = self.src_id?.to_le_bytes();
                let first = if from_gpd { id } else { [0; 4] };
                let mut a = [0u8; 8];
                a.get_mut(..4)?.copy_from_slice(&first);
                a.get_mut(4..)?.copy_from_slice(&id);
                a
            }
            2 => ieee?.to_le_bytes(),
            _ => return None,
        };
        n.get_mut(..8)?.copy_from_slice(&addr);
        n.get_mut(8..12)?.copy_from_slice(&counter.to_le_bytes());
        // Only frames to a GPD with application id 2 use 0xc5 (as Wireshark does too).
        *n.get_mut(12)? = if !from_gpd && self.application_id() == 2 {
            0xc5
        } else {
            0x05
        };
        Some(n)
    }

    /// Parses a GPDF (the MAC payload).
    pub fn parse(data: &'a [u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(data);
        let frame_control = r.u8()?;
        if (frame_control >> 2) & 0xf != GP_PROTOCOL_VERSION {
            return Err(DecodeError::InvalidValue {
                offset: 0,
                field: "green power protocol version",
            });
        }
        let extended_control = if frame_control & 0x80 != 0 {
            Some(r.u8()?)
        } else {
            None
        };
        let app = extended_control.map_or(0, |e| e & 7);
        let level = extended_control.map_or(0, |e| (e >> 3) & 3);
        let ftype = frame_control & 3;
        let src_id = if app == 0 && (ftype == 0 || (ftype == 1 && extended_control.is_some())) {
            Some(r.u32()?)
        } else {
            None
        };
        let endpoint = if app == 2 { Some(r.u8()?) } else { None };
        let frame_counter = if (app == 0 || app == 2) && level >= 2 {
            Some(r.u32()?)
        } else {
            None
        };
        let mic_len = match level {
            0 => 0,
            1 => 2,
            _ => 4,
        };
        let off = r.offset();
        let rest = r.take_rest();
        let n = rest
            .len()
            .checked_sub(mic_len)
            .ok_or_else(|| DecodeError::Truncated {
                offset: off,
                needed: mic_len.saturating_sub(rest.len()),
            })?;
        let (body, mic) = rest.split_at(n);
        let (command_id, payload) = if level == 3 {
            (None, body)
        } else {
            match body.split_first() {
                Some((c, p)) => (Some(*c), p),
                None => (None, body),
            }
        };
        Ok(GpFrame {
            frame_control,
            extended_control,
            src_id,
            endpoint,
            frame_counter,
            command_id,
            payload,
            mic,
        })
    }

    /// Writes the frame as its fields say (the MIC as stored). Returns the length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, EncodeError> {
        let mut w = Writer::new(buf);
        w.u8(self.frame_control)?;
        if let Some(e) = self.extended_control {
            w.u8(e)?;
        }
        if let Some(s) = self.src_id {
            w.u32(s)?;
        }
        if let Some(e) = self.endpoint {
            w.u8(e)?;
        }
        if let Some(c) = self.frame_counter {
            w.u32(c)?;
        }
        if let Some(c) = self.command_id {
            w.u8(c)?;
        }
        w.bytes(self.payload)?;
        w.bytes(self.mic)?;
        Ok(w.len())
    }
}

/// The CCM* nonce, the length of the authenticated header and whether the body is encrypted
/// (level 3) of a secured GPDF.
fn security_params(
    frame: &[u8],
    ieee: Option<Eui64>,
) -> Result<([u8; 13], usize, bool), SecurityError> {
    let f = GpFrame::parse(frame).map_err(|_| SecurityError::Truncated)?;
    if f.security_level() < 2 {
        return Err(SecurityError::NoKey);
    }
    let nonce = f.nonce(ieee).ok_or(SecurityError::UnknownSource)?;
    Ok((nonce, f.body_offset(), f.security_level() == 3))
}

/// Checks the MIC of a GPDF with security level 2, or decrypts one with level 3, in place.
/// `frame` is the whole GPDF (MAC payload); `ieee` as for [`GpFrame::nonce`]. Returns the length
/// of the command id and payload that follow [`GpFrame::body_offset`]; on failure `frame` is
/// unchanged.
pub fn decrypt_in_place(
    key: &CipherKey,
    frame: &mut [u8],
    ieee: Option<Eui64>,
) -> Result<usize, SecurityError> {
    let (nonce, aad_len, encrypted) = security_params(frame, ieee)?;
    ccm_open_in_place(key, &nonce, frame, aad_len, encrypted)
}

/// Secures a GPDF in place: `frame` holds the header (security level 2 or 3, with frame
/// counter), command id and payload, and 4 bytes of room for the MIC at the end.
pub fn encrypt_in_place(
    key: &CipherKey,
    frame: &mut [u8],
    ieee: Option<Eui64>,
) -> Result<(), SecurityError> {
    let (nonce, aad_len, encrypted) = security_params(frame, ieee)?;
    ccm_seal_in_place(key, &nonce, frame, aad_len, encrypted)
}

/// snake_case name of a GPD command id (Green Power specification table A.49), or "unknown".
pub fn command_name(id: u8) -> &'static str {
    match id {
        0x00 => "identify",
        0x10..=0x17 => "recall_scene",
        0x18..=0x1f => "store_scene",
        0x20 => "off",
        0x21 => "on",
        0x22 => "toggle",
        0x23 => "release",
        0x30 => "move_up",
        0x31 => "move_down",
        0x32 => "step_up",
        0x33 => "step_down",
        0x34 => "level_control_stop",
        0x40..=0x4c => "color_or_level_command",
        0x50 => "lock_door",
        0x51 => "unlock_door",
        0x60..=0x6f => "press_or_release",
        0xa0 => "attribute_reporting",
        0xa1 => "manufacturer_specific_attribute_reporting",
        0xa2 => "multi_cluster_reporting",
        0xa6 => "request_attributes",
        0xa8 => "zcl_tunneling",
        0xaf => "any_sensor_command",
        0xe0 => "commissioning",
        0xe1 => "decommissioning",
        0xe2 => "success",
        0xe3 => "channel_request",
        0xe4 => "application_description",
        0xf0 => "commissioning_reply",
        0xf1 => "write_attributes",
        0xf2 => "read_attributes",
        0xf3 => "channel_configuration",
        _ => "unknown",
    }
}

impl fmt::Display for GpFrame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GP")?;
        if self.frame_type() == 1 {
            f.write_str(" maintenance")?;
        }
        if let Some(s) = self.src_id {
            write!(f, " src_id 0x{s:08x}")?;
        }
        if let Some(e) = self.endpoint {
            write!(f, " ep {e}")?;
        }
        if let Some(c) = self.frame_counter {
            write!(f, " fc {c}")?;
        }
        match self.command_id {
            Some(c) => write!(f, " {} (0x{c:02x})", command_name(c)),
            None if self.security_level() == 3 => f.write_str(" encrypted"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_gp_toggle_with_security_level_2() {
        let bytes = [
            0x8c, // frame control: data, protocol version 3, extension present
            0x10, // extended: application id 0, security level 2
            0x78, 0x56, 0x34, 0x12, // src id 0x12345678
            0x05, 0x00, 0x00, 0x00, // frame counter 5
            0x22, // command: toggle
            0xaa, 0xbb, 0xcc, 0xdd, // MIC
        ];
        let f = GpFrame::parse(&bytes).unwrap();
        assert_eq!(f.src_id, Some(0x1234_5678));
        assert_eq!(f.frame_counter, Some(5));
        assert_eq!(f.security_level(), 2);
        assert_eq!(f.command_id, Some(0x22));
        assert_eq!(command_name(0x22), "toggle");
        assert!(f.payload.is_empty());
        assert_eq!(f.mic, &[0xaa, 0xbb, 0xcc, 0xdd]);
        let mut out = [0xffu8; 32];
        let n = f.emit(&mut out).unwrap();
        assert_eq!(&out[..n], &bytes);
    }

    #[test]
    fn parse_gp_unsecured_commissioning_without_extension() {
        // frame control 0x4c: data, version 3, auto-commissioning; src id; commissioning 0xe0
        let bytes = [0x4c, 0x01, 0x00, 0x00, 0x00, 0xe0, 0x02, 0x85];
        let f = GpFrame::parse(&bytes).unwrap();
        assert!(f.auto_commissioning());
        assert_eq!(f.src_id, Some(1));
        assert_eq!(f.command_id, Some(0xe0));
        assert_eq!(f.payload, &[0x02, 0x85]);
        assert_eq!(f.to_string(), "GP src_id 0x00000001 commissioning (0xe0)");
    }

    #[test]
    fn parse_gp_encrypted_and_ieee_application() {
        // extended 0x1a: application id 2, security level 3 -> endpoint, counter, encrypted
        let bytes = [0x8c, 0x1a, 0x01, 0x09, 0, 0, 0, 0x11, 0x22, 1, 2, 3, 4];
        let f = GpFrame::parse(&bytes).unwrap();
        assert_eq!(f.endpoint, Some(1));
        assert_eq!(f.src_id, None);
        assert_eq!(f.frame_counter, Some(9));
        assert_eq!(f.command_id, None);
        assert_eq!(f.payload, &[0x11, 0x22]);
        assert_eq!(f.mic, &[1, 2, 3, 4]);
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..60)) {
            if let Ok(f) = GpFrame::parse(&data) {
                let _ = f.to_string();
                let _ = f.nonce(Some(Eui64(1)));
                let mut out = [0u8; 64];
                let n = f.emit(&mut out).unwrap();
                proptest::prop_assert_eq!(&out[..n], &data[..]);
            }
            let key = CipherKey::new([3; 16]);
            let mut copy = data.clone();
            if decrypt_in_place(&key, &mut copy, Some(Eui64(1))).is_err() {
                proptest::prop_assert_eq!(copy, data);
            }
        }
    }

    #[test]
    fn nonce_per_application_and_direction() {
        // from the GPD, application 0: src id twice, counter, 0x05
        let f = GpFrame::parse(&[
            0x8c, 0x18, 0x78, 0x56, 0x34, 0x12, 0x10, 0, 0, 0, 1, 2, 3, 4, 5,
        ])
        .unwrap();
        assert_eq!(
            f.nonce(None).unwrap(),
            [0x78, 0x56, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0x10, 0, 0, 0, 0x05]
        );
        // to the GPD, application 0: first four bytes zero
        let f = GpFrame::parse(&[
            0x8c, 0x98, 0x78, 0x56, 0x34, 0x12, 0x10, 0, 0, 0, 1, 2, 3, 4, 5,
        ])
        .unwrap();
        assert_eq!(
            f.nonce(None).unwrap(),
            [0, 0, 0, 0, 0x78, 0x56, 0x34, 0x12, 0x10, 0, 0, 0, 0x05]
        );
        // to the GPD, application 2: IEEE address, 0xc5
        let f = GpFrame::parse(&[0x8c, 0x9a, 0x01, 0x10, 0, 0, 0, 1, 2, 3, 4, 5]).unwrap();
        assert_eq!(f.nonce(None), None);
        let n = f.nonce(Some(Eui64(0x0102_0304_0506_0708))).unwrap();
        assert_eq!(n[..8], [8, 7, 6, 5, 4, 3, 2, 1]);
        assert_eq!(n[12], 0xc5);
        // no frame counter, no nonce
        assert_eq!(
            GpFrame::parse(&[0x8c, 0x00, 1, 0, 0, 0, 0x22])
                .unwrap()
                .nonce(None),
            None
        );
    }

    #[test]
    fn rejects_short_or_non_gp_frames() {
        assert!(matches!(
            GpFrame::parse(&[0x08, 0x02]),
            Err(DecodeError::InvalidValue { offset: 0, .. })
        ));
        assert_eq!(
            GpFrame::parse(&[0x8c, 0x10, 1, 2]),
            Err(DecodeError::Truncated {
                offset: 2,
                needed: 2
            })
        );
        assert_eq!(
            GpFrame::parse(&[0x8c, 0x18, 1, 0, 0, 0, 1, 0, 0, 0, 1]),
            Err(DecodeError::Truncated {
                offset: 10,
                needed: 3
            })
        );
    }
}
