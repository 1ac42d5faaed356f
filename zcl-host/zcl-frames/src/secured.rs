//! What NWK and APS share about a secured frame (Zigbee 05-3474 4.5.1): the security control
//! field, the auxiliary security header, and the layout `header || aux header || ciphertext ||
//! MIC` that [`SecuredPayload::split`] cuts a frame into and [`LayerFrame`] parses; and the one
//! place that decrypts and encrypts that layout ([`decrypt_in_place`], [`encrypt_in_place`]:
//! CCM* with the level-5 patch of 4.5.1.1.1). The primitives (nonce, CCM*, MMO) are in
//! [`crate::security`].
//!
//! The security control byte has the same first five bits in the 802.15.4 MAC auxiliary
//! security header (IEEE 802.15.4-2015 9.4.2), so [`SecurityControl`] serves the MAC too; bit 5
//! means "extended nonce" to Zigbee and "frame counter suppressed" to 802.15.4-2015.

use core::fmt;
use zcl_core::{DecodeError, EncodeError, Reader, Writer};

use crate::addr::Eui64;
use ccm::aead::generic_array::GenericArray;
use ccm::aead::AeadInPlace;
use ccm::consts::U13;

use crate::security::{nonce, open_detached, CipherKey, SecurityError};

/// MIC length Zigbee uses (security level 5, ENC-MIC-32; 05-3474 4.5.1.1.1).
pub const MIC_LEN: usize = 4;

/// The security control field (05-3474 4.5.1.1; IEEE 802.15.4-2015 9.4.2): security level
/// (bits 0-2), key identifier (bits 3-4), extended nonce / frame counter suppression (bit 5),
/// ASN in nonce (bit 6, 802.15.4 only), reserved (bit 7). Every bit is kept as received.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SecurityControl(pub u8);

impl SecurityControl {
    const LEVEL: u8 = 0b0000_0111;
    const KEY_ID: u8 = 0b0001_1000;
    const BIT5: u8 = 0b0010_0000;
    const BIT6: u8 = 0b0100_0000;

    /// A Zigbee security control field: level 0 (as Zigbee sends it), `key_id`, and the
    /// extended nonce bit.
    #[must_use]
    pub const fn zigbee(key_id: KeyId, extended_nonce: bool) -> Self {
        let mut v = key_id.bits() << 3;
        if extended_nonce {
            v |= Self::BIT5;
        }
        SecurityControl(v)
    }

    /// The security level (bits 0-2; 05-3474 table 4-30, IEEE 802.15.4-2015 table 9-6).
    #[must_use]
    pub const fn level(self) -> u8 {
        self.0 & Self::LEVEL
    }

    /// The same field with the security level replaced (only its low 3 bits are used).
    #[must_use]
    pub const fn with_level(self, level: u8) -> Self {
        SecurityControl((self.0 & !Self::LEVEL) | (level & Self::LEVEL))
    }

    /// The key identifier bits 3-4 as a number (the 802.15.4 key identifier mode).
    #[must_use]
    pub const fn key_id_mode(self) -> u8 {
        (self.0 & Self::KEY_ID) >> 3
    }

    /// The key identifier as Zigbee reads bits 3-4 (05-3474 table 4-31).
    #[must_use]
    pub const fn key_id(self) -> KeyId {
        KeyId::from_bits(self.key_id_mode())
    }

    /// Zigbee: the extended nonce bit (5), set when the sender's IEEE address follows the frame
    /// counter.
    #[must_use]
    pub const fn extended_nonce(self) -> bool {
        self.0 & Self::BIT5 != 0
    }

    /// IEEE 802.15.4-2015: the frame counter suppression bit (5).
    #[must_use]
    pub const fn frame_counter_suppressed(self) -> bool {
        self.0 & Self::BIT5 != 0
    }

    /// IEEE 802.15.4-2015: the ASN-in-nonce bit (6).
    #[must_use]
    pub const fn asn_in_nonce(self) -> bool {
        self.0 & Self::BIT6 != 0
    }

    /// Length of the MIC the security level appends: 0, 4, 8 or 16 bytes (levels 0/4, 1/5,
    /// 2/6, 3/7).
    #[must_use]
    pub const fn mic_len(self) -> usize {
        match self.level() & 3 {
            0 => 0,
            1 => 4,
            2 => 8,
            _ => 16,
        }
    }
}

impl fmt::Debug for SecurityControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecurityControl(0x{:02x})", self.0)
    }
}

/// Key identifier of the Zigbee security control field (05-3474 4.5.1.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyId {
    /// A link key (data key).
    Data,
    /// The network key.
    Network,
    /// The key-transport key (derived from a link key with HMAC-MMO input 0x00).
    KeyTransport,
    /// The key-load key (derived from a link key with HMAC-MMO input 0x02).
    KeyLoad,
}

impl KeyId {
    /// The identifier of the two-bit field value (only its low 2 bits are used).
    #[must_use]
    pub const fn from_bits(bits: u8) -> Self {
        match bits & 3 {
            0 => KeyId::Data,
            1 => KeyId::Network,
            2 => KeyId::KeyTransport,
            _ => KeyId::KeyLoad,
        }
    }

    /// The two-bit field value.
    #[must_use]
    pub const fn bits(self) -> u8 {
        match self {
            KeyId::Data => 0,
            KeyId::Network => 1,
            KeyId::KeyTransport => 2,
            KeyId::KeyLoad => 3,
        }
    }

    /// snake_case name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            KeyId::Data => "data_key",
            KeyId::Network => "network_key",
            KeyId::KeyTransport => "key_transport_key",
            KeyId::KeyLoad => "key_load_key",
        }
    }
}

/// The Zigbee auxiliary security header (05-3474 4.5.1), used by NWK and APS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuxSecurityHeader {
    /// Security control as sent (the level is usually 0 on air).
    pub control: SecurityControl,
    /// Frame counter.
    pub frame_counter: u32,
    /// Source IEEE address (present when the extended nonce bit is set).
    pub source: Option<Eui64>,
    /// Key sequence number (present when the key identifier is the network key).
    pub key_sequence: Option<u8>,
}

impl AuxSecurityHeader {
    /// Security level as sent (bits 0-2).
    pub fn level(&self) -> u8 {
        self.control.level()
    }
    /// Key identifier (bits 3-4).
    pub fn key_id(&self) -> KeyId {
        self.control.key_id()
    }
    /// Extended nonce (bit 5).
    pub fn extended_nonce(&self) -> bool {
        self.control.extended_nonce()
    }

    /// A header with security control built from its parts (level 0 on air, as Zigbee sends).
    pub fn new(
        key_id: KeyId,
        frame_counter: u32,
        source: Option<Eui64>,
        key_sequence: Option<u8>,
    ) -> Self {
        AuxSecurityHeader {
            control: SecurityControl::zigbee(key_id, source.is_some()),
            frame_counter,
            source,
            key_sequence: if key_id == KeyId::Network {
                Some(key_sequence.unwrap_or(0))
            } else {
                None
            },
        }
    }

    /// Parses the header.
    #[inline]
    pub fn parse(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let control = SecurityControl(r.u8()?);
        let frame_counter = r.u32()?;
        let source = if control.extended_nonce() {
            Some(Eui64(r.u64()?))
        } else {
            None
        };
        let key_sequence = if control.key_id() == KeyId::Network {
            Some(r.u8()?)
        } else {
            None
        };
        Ok(AuxSecurityHeader {
            control,
            frame_counter,
            source,
            key_sequence,
        })
    }

    /// Bytes [`AuxSecurityHeader::emit_to`] writes.
    pub fn encoded_len(&self) -> usize {
        5 + if self.control.extended_nonce() { 8 } else { 0 }
            + usize::from(self.control.key_id() == KeyId::Network)
    }

    /// Writes the header; fields follow the control byte's bits.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.control.0)?;
        w.u32(self.frame_counter)?;
        if self.control.extended_nonce() {
            w.u64(self.source.unwrap_or_default().0)?;
        }
        if self.control.key_id() == KeyId::Network {
            w.u8(self.key_sequence.unwrap_or(0))?;
        }
        Ok(())
    }
}

/// A secured NWK or APS frame cut at its auxiliary header: what follows the layer's own header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecuredPayload<'a> {
    /// The auxiliary security header.
    pub aux: AuxSecurityHeader,
    /// Offset of the ciphertext in the layer's frame.
    pub payload_offset: usize,
    /// The ciphertext, without the MIC.
    pub ciphertext: &'a [u8],
    /// The MIC ([`MIC_LEN`] bytes).
    pub mic: &'a [u8],
}

impl<'a> SecuredPayload<'a> {
    /// Splits `frame` (a NWK or APS frame from its first header byte) whose auxiliary security
    /// header starts at `aux_offset` into the auxiliary header, the ciphertext and the MIC.
    #[inline]
    pub fn split(frame: &'a [u8], aux_offset: usize) -> Result<Self, DecodeError> {
        let mut r = Reader::new(frame);
        r.take(aux_offset)?;
        let aux = AuxSecurityHeader::parse(&mut r)?;
        let payload_offset = r.offset();
        let rest = r.take_rest();
        let n = rest
            .len()
            .checked_sub(MIC_LEN)
            .ok_or_else(|| DecodeError::Truncated {
                offset: payload_offset,
                needed: MIC_LEN.saturating_sub(rest.len()),
            })?;
        let (ciphertext, mic) = rest.split_at(n);
        Ok(SecuredPayload {
            aux,
            payload_offset,
            ciphertext,
            mic,
        })
    }
}

/// A layer header that may be followed by an auxiliary security header: the NWK header
/// ([`crate::nwk::NwkHeader`]) and the APS header ([`crate::aps::ApsHeader`]).
pub trait LayerHeader<'a>: Sized {
    /// Parses the header at the start of `frame`, returning it and its length.
    fn parse_header(frame: &'a [u8]) -> Result<(Self, usize), DecodeError>;
    /// Whether an auxiliary security header, a ciphertext and a MIC follow (the security bit
    /// set on a frame type that can be secured).
    fn is_secured(&self) -> bool;
}

/// A parsed NWK or APS frame, borrowing from the input: its header, then either a plaintext
/// payload or an auxiliary security header, ciphertext and MIC. [`crate::nwk::NwkFrame`] and
/// [`crate::aps::ApsFrame`] are this type for their headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerFrame<'a, H> {
    /// The header.
    pub header: H,
    /// Length of the header (offset of the auxiliary security header, or of the payload).
    pub header_len: usize,
    /// Auxiliary security header, when the frame is secured.
    pub aux: Option<AuxSecurityHeader>,
    /// Offset of the payload.
    pub payload_offset: usize,
    /// The payload: plaintext, or for a secured frame the ciphertext without the MIC.
    pub payload: &'a [u8],
    /// The MIC of a secured frame ([`MIC_LEN`] bytes; empty otherwise).
    pub mic: &'a [u8],
}

impl<'a, H: LayerHeader<'a>> LayerFrame<'a, H> {
    /// Parses the frame: the header, then for a secured frame [`SecuredPayload::split`].
    #[inline]
    pub fn parse(frame: &'a [u8]) -> Result<Self, DecodeError> {
        let (header, header_len) = H::parse_header(frame)?;
        if header.is_secured() {
            let s = SecuredPayload::split(frame, header_len)?;
            Ok(LayerFrame {
                header,
                header_len,
                aux: Some(s.aux),
                payload_offset: s.payload_offset,
                payload: s.ciphertext,
                mic: s.mic,
            })
        } else {
            Ok(LayerFrame {
                header,
                header_len,
                aux: None,
                payload_offset: header_len,
                payload: frame.get(header_len..).unwrap_or(&[]),
                mic: &[],
            })
        }
    }
}

/// Reads the security control and frame counter at `aux_offset`.
#[inline]
fn aux_fields(frame: &[u8], aux_offset: usize) -> Option<(SecurityControl, u32)> {
    let c = SecurityControl(*frame.get(aux_offset)?);
    let fc = frame.get(aux_offset.checked_add(1)?..aux_offset.checked_add(5)?)?;
    let fc = u32::from_le_bytes(<[u8; 4]>::try_from(fc).ok()?);
    Some((c, fc))
}

/// Runs `op` on a secured NWK or APS frame cut into header (with the auxiliary header, the
/// authenticated data), body and MIC, with the CCM* nonce, while the security control byte
/// carries level 5 (ENC-MIC-32) as the nonce and the authenticated header need; the byte as sent
/// is put back afterwards. The layout is the one [`decrypt_in_place`] describes.
fn with_level5<T>(
    frame: &mut [u8],
    aux_offset: usize,
    payload_offset: usize,
    source: Eui64,
    op: impl FnOnce(&GenericArray<u8, U13>, &[u8], &mut [u8], &mut [u8]) -> Result<T, SecurityError>,
) -> Result<T, SecurityError> {
    let (ctrl, counter) = aux_fields(frame, aux_offset).ok_or(SecurityError::Truncated)?;
    if payload_offset < aux_offset.saturating_add(5)
        || frame.len() < payload_offset.saturating_add(MIC_LEN)
    {
        return Err(SecurityError::Truncated);
    }
    let patched = ctrl.with_level(5);
    let n = nonce(source, counter, patched);
    let (head, rest) = frame.split_at_mut(payload_offset);
    let body_len = rest.len() - MIC_LEN;
    let (body, mic) = rest.split_at_mut(body_len);
    if let Some(c) = head.get_mut(aux_offset) {
        *c = patched.0;
    }
    let result = op(GenericArray::from_slice(&n), head, body, mic);
    if let Some(c) = head.get_mut(aux_offset) {
        *c = ctrl.0;
    }
    result
}

/// Decrypts a secured NWK or APS frame in place.
///
/// `frame` runs from the first byte of the layer's header to the end of its MIC (the last
/// 4 bytes); `aux_offset` is where the auxiliary security header starts and `payload_offset`
/// where the ciphertext starts. `source` is the sender's IEEE address for the nonce. On success
/// the ciphertext is replaced by the plaintext and its length is returned; on failure `frame`
/// is unchanged.
#[inline]
pub fn decrypt_in_place(
    key: &CipherKey,
    frame: &mut [u8],
    aux_offset: usize,
    payload_offset: usize,
    source: Eui64,
) -> Result<usize, SecurityError> {
    with_level5(
        frame,
        aux_offset,
        payload_offset,
        source,
        |nonce, head, ct, mic| {
            open_detached(key, nonce, head, ct, GenericArray::from_slice(mic))?;
            Ok(ct.len())
        },
    )
}

/// Encrypts a NWK or APS frame in place: the layout is the one [`decrypt_in_place`] takes, with
/// the plaintext at `payload_offset` and 4 bytes of room for the MIC at the end of `frame`.
/// The security control byte in the frame is left as it is (Zigbee sends level 0).
pub fn encrypt_in_place(
    key: &CipherKey,
    frame: &mut [u8],
    aux_offset: usize,
    payload_offset: usize,
    source: Eui64,
) -> Result<(), SecurityError> {
    with_level5(
        frame,
        aux_offset,
        payload_offset,
        source,
        |nonce, head, pt, mic| {
            let tag = key
                .ccm
                .encrypt_in_place_detached(nonce, head, pt)
                .map_err(|_| SecurityError::Truncated)?;
            mic.copy_from_slice(&tag);
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2-byte test header; bit 0 of its first byte says "secured".
    struct TwoBytes(u8);

    impl LayerHeader<'_> for TwoBytes {
        fn parse_header(frame: &[u8]) -> Result<(Self, usize), DecodeError> {
            let mut r = Reader::new(frame);
            let b = r.u8()?;
            r.u8()?;
            Ok((TwoBytes(b), 2))
        }
        fn is_secured(&self) -> bool {
            self.0 & 1 != 0
        }
    }

    #[test]
    fn parse_layer_frame_secured_or_not() {
        let secured = [
            0x01, 0x00, // header: secured
            0x10, 0x07, 0x00, 0x00, 0x00, // key-transport key, frame counter 7
            0xc1, 0xc2, // ciphertext
            0xd1, 0xd2, 0xd3, 0xd4, // MIC
        ];
        let f = LayerFrame::<TwoBytes>::parse(&secured).unwrap();
        assert_eq!(f.header_len, 2);
        assert_eq!(
            f.aux,
            Some(AuxSecurityHeader::new(KeyId::KeyTransport, 7, None, None))
        );
        assert_eq!(f.payload_offset, 7);
        assert_eq!(f.payload, &[0xc1, 0xc2]);
        assert_eq!(f.mic, &[0xd1, 0xd2, 0xd3, 0xd4]);

        let plain = [0x00, 0x00, 0xc1, 0xc2];
        let f = LayerFrame::<TwoBytes>::parse(&plain).unwrap();
        assert_eq!((f.aux, f.payload_offset), (None, 2));
        assert_eq!(f.payload, &[0xc1, 0xc2]);
        assert_eq!(f.mic, &[] as &[u8]);

        assert_eq!(
            LayerFrame::<TwoBytes>::parse(&secured[..10]).map(|f| f.payload_offset),
            Err(DecodeError::Truncated {
                offset: 7,
                needed: 1
            })
        );
    }

    #[test]
    fn parse_security_control_bits() {
        // 0x2d: level 5, key id 1 (network), extended nonce.
        let c = SecurityControl(0x2d);
        assert_eq!(c.level(), 5);
        assert_eq!(c.key_id(), KeyId::Network);
        assert_eq!(c.key_id_mode(), 1);
        assert!(c.extended_nonce());
        assert!(c.frame_counter_suppressed());
        assert!(!c.asn_in_nonce());
        assert_eq!(c.mic_len(), 4);
        assert_eq!(c.with_level(0), SecurityControl(0x28));
        assert_eq!(SecurityControl(0xff).with_level(5).0, 0xfd);
        assert_eq!(
            SecurityControl::zigbee(KeyId::Network, true),
            SecurityControl(0x28)
        );
        assert_eq!(
            SecurityControl::zigbee(KeyId::KeyLoad, false),
            SecurityControl(0x18)
        );
        for k in [
            KeyId::Data,
            KeyId::Network,
            KeyId::KeyTransport,
            KeyId::KeyLoad,
        ] {
            assert_eq!(KeyId::from_bits(k.bits()), k);
        }
    }

    #[test]
    fn parse_split_secured() {
        let f = [
            0xaa, 0xbb, // a 2-byte layer header
            0x28, // security control: network key, extended nonce
            0x01, 0x00, 0x00, 0x00, // frame counter 1
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // source
            0x07, // key sequence 7
            0xc1, 0xc2, 0xc3, // ciphertext
            0xd1, 0xd2, 0xd3, 0xd4, // MIC
        ];
        let s = SecuredPayload::split(&f, 2).unwrap();
        assert_eq!(s.aux.control, SecurityControl(0x28));
        assert_eq!(s.aux.frame_counter, 1);
        assert_eq!(s.aux.source, Some(Eui64(0x0102_0304_0506_0708)));
        assert_eq!(s.aux.key_sequence, Some(7));
        assert_eq!(s.payload_offset, 16);
        assert_eq!(s.ciphertext, &[0xc1, 0xc2, 0xc3]);
        assert_eq!(s.mic, &[0xd1, 0xd2, 0xd3, 0xd4]);
        let mut w_buf = [0xffu8; 14];
        let mut w = Writer::new(&mut w_buf);
        s.aux.emit_to(&mut w).unwrap();
        assert_eq!(w.len(), s.aux.encoded_len());
        assert_eq!(&w_buf[..], &f[2..16]);
    }

    #[test]
    fn rejects_secured_without_room_for_the_mic() {
        // Aux header (key-transport key, no extended nonce) and 3 bytes: one short of a MIC.
        let f = [0x10, 0x01, 0x00, 0x00, 0x00, 0xd1, 0xd2, 0xd3];
        assert_eq!(
            SecuredPayload::split(&f, 0),
            Err(DecodeError::Truncated {
                offset: 5,
                needed: 1
            })
        );
        assert!(matches!(
            SecuredPayload::split(&f[..3], 0),
            Err(DecodeError::Truncated { .. })
        ));
    }
}
