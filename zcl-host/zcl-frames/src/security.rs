//! Zigbee security primitives (05-3474 section 4.5 and annex B): AES-CCM* with a 4-byte MIC as
//! NWK and APS use it, the Matyas-Meyer-Oseas hash (AES-MMO, B.6), HMAC-MMO and the key-transport /
//! key-load key derivation (4.5.3), and install codes (CRC and link key).
//!
//! The CCM* nonce (4.5.2.2) is the sender's IEEE address, then the frame counter, then the
//! security control byte. Every multi-byte nonce field is in the same little-endian order as on
//! the air (checked against the Silicon Labs captures in the tests). The security level bits of
//! the control byte are sent as 0; both the nonce and the authenticated header use level 5
//! (ENC-MIC-32) instead, which [`decrypt_in_place`] and [`encrypt_in_place`] patch in and restore.

use aes::cipher::BlockEncrypt;
use aes::Aes128;
use ccm::aead::generic_array::GenericArray;
use ccm::aead::AeadInPlace;
use ccm::consts::{U13, U4};
use ccm::KeyInit;
use core::fmt;

use crate::addr::Eui64;
use crate::secured::{SecurityControl, MIC_LEN};

/// The NWK/APS layout functions live with that layout in [`crate::secured`].
pub use crate::secured::{decrypt_in_place, encrypt_in_place};

/// A 128-bit key.
pub type Key = [u8; 16];

/// The well-known default trust-center link key "ZigBeeAlliance09" (05-3474 4.6.3.2.2).
pub const ZIGBEE_ALLIANCE_09: Key = *b"ZigBeeAlliance09";

pub(crate) type Ccm32 = ccm::Ccm<Aes128, U4, U13>;

/// Why a secured frame could not be decrypted or encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecurityError {
    /// The frame is too short for its auxiliary header and MIC.
    Truncated,
    /// The MIC did not match: wrong key, wrong nonce, or a corrupted frame.
    MicMismatch,
    /// No key is known for this frame (or none matched).
    NoKey,
    /// The sender's IEEE address (needed for the nonce) is not in the frame and not known.
    UnknownSource,
    /// The encrypted part is longer than 128 bytes (no 2.4 GHz 802.15.4 frame is) and the
    /// crate was built without the `alloc` feature.
    TooLong,
}

impl fmt::Display for SecurityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SecurityError::Truncated => "secured frame truncated",
            SecurityError::MicMismatch => "MIC mismatch",
            SecurityError::NoKey => "no key decrypts the frame",
            SecurityError::UnknownSource => "source IEEE address for the nonce unknown",
            SecurityError::TooLong => "encrypted payload too long to decrypt without a heap",
        })
    }
}

impl core::error::Error for SecurityError {}

/// A key with its AES key schedule expanded once, ready for CCM*.
#[derive(Clone)]
pub struct CipherKey {
    key: Key,
    pub(crate) ccm: Ccm32,
}

impl fmt::Debug for CipherKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CipherKey({})", crate::Hex(&self.key))
    }
}

impl CipherKey {
    /// Expands `key`.
    pub fn new(key: Key) -> Self {
        CipherKey {
            key,
            ccm: Ccm32::new(GenericArray::from_slice(&key)),
        }
    }
    /// The raw key.
    pub fn key(&self) -> &Key {
        &self.key
    }
}

/// The CCM* nonce (05-3474 4.5.2.2): source IEEE address, frame counter, security control (all
/// little-endian, as on the air).
#[inline]
pub fn nonce(source: Eui64, frame_counter: u32, control: SecurityControl) -> [u8; 13] {
    let mut n = [0u8; 13];
    let (a, rest) = n.split_at_mut(8);
    a.copy_from_slice(&source.to_le_bytes());
    let (b, c) = rest.split_at_mut(4);
    b.copy_from_slice(&frame_counter.to_le_bytes());
    if let Some(x) = c.first_mut() {
        *x = control.0;
    }
    n
}

/// Largest ciphertext decrypted through the stack scratch buffer (longer ones use the heap).
const SCRATCH: usize = 128;

/// CCM* decryption of `ct` in place, authenticating `aad` with `tag`. ccm zeroes its buffer when
/// the MIC fails, so it works on a copy and leaves `ct` as it was on failure (the next key can
/// be tried): a stack copy up to 128 bytes, a heap copy beyond with the `alloc` feature.
#[inline]
pub(crate) fn open_detached(
    key: &CipherKey,
    nonce: &GenericArray<u8, U13>,
    aad: &[u8],
    ct: &mut [u8],
    tag: &GenericArray<u8, U4>,
) -> Result<(), SecurityError> {
    let r = if ct.len() <= SCRATCH {
        let mut scratch = [0u8; SCRATCH];
        let s = scratch
            .get_mut(..ct.len())
            .ok_or(SecurityError::Truncated)?;
        s.copy_from_slice(ct);
        let r = key.ccm.decrypt_in_place_detached(nonce, aad, s, tag);
        if r.is_ok() {
            ct.copy_from_slice(s);
        }
        r
    } else {
        #[cfg(any(test, feature = "alloc"))]
        {
            let mut s = alloc::vec::Vec::from(&*ct);
            let r = key.ccm.decrypt_in_place_detached(nonce, aad, &mut s, tag);
            if r.is_ok() {
                ct.copy_from_slice(&s);
            }
            r
        }
        #[cfg(not(any(test, feature = "alloc")))]
        return Err(SecurityError::TooLong);
    };
    r.map_err(|_| SecurityError::MicMismatch)
}

/// Cuts `frame` into `a || m` and the 4-byte MIC (or the room for it); `a` is `aad_len` bytes.
fn split_mic(frame: &mut [u8], aad_len: usize) -> Result<(&mut [u8], &mut [u8]), SecurityError> {
    let body_end = frame
        .len()
        .checked_sub(MIC_LEN)
        .filter(|e| *e >= aad_len)
        .ok_or(SecurityError::Truncated)?;
    Ok(frame.split_at_mut(body_end))
}

/// Opens a CCM* frame laid out as `a || m || MIC-32` with a caller-built nonce (used for Green
/// Power frames). With `encrypted`, `m` (from `aad_len`) is decrypted in place and its length
/// returned; otherwise `a || m` is only authenticated. On failure `frame` is unchanged.
pub fn ccm_open_in_place(
    key: &CipherKey,
    nonce: &[u8; 13],
    frame: &mut [u8],
    aad_len: usize,
    encrypted: bool,
) -> Result<usize, SecurityError> {
    let (body, mic) = split_mic(frame, aad_len)?;
    let tag = GenericArray::from_slice(mic);
    let n = GenericArray::from_slice(nonce);
    if !encrypted {
        return key
            .ccm
            .decrypt_in_place_detached(n, body, &mut [], tag)
            .map(|()| body.len() - aad_len)
            .map_err(|_| SecurityError::MicMismatch);
    }
    let (a, m) = body.split_at_mut(aad_len);
    open_detached(key, n, a, m, tag)?;
    Ok(m.len())
}

/// Seals a frame laid out as `a || m || room for MIC-32` (the inverse of [`ccm_open_in_place`]).
pub fn ccm_seal_in_place(
    key: &CipherKey,
    nonce: &[u8; 13],
    frame: &mut [u8],
    aad_len: usize,
    encrypt: bool,
) -> Result<(), SecurityError> {
    let (body, mic) = split_mic(frame, aad_len)?;
    let n = GenericArray::from_slice(nonce);
    let tag = if encrypt {
        let (a, m) = body.split_at_mut(aad_len);
        key.ccm.encrypt_in_place_detached(n, a, m)
    } else {
        key.ccm.encrypt_in_place_detached(n, body, &mut [])
    }
    .map_err(|_| SecurityError::Truncated)?;
    mic.copy_from_slice(&tag);
    Ok(())
}

/// One block of the Matyas-Meyer-Oseas compression: E(h, m) xor m.
fn mmo_block(h: &mut [u8; 16], m: &[u8; 16]) {
    let cipher = Aes128::new(GenericArray::from_slice(h));
    let mut b = GenericArray::clone_from_slice(m);
    cipher.encrypt_block(&mut b);
    for ((o, x), y) in h.iter_mut().zip(b.iter()).zip(m.iter()) {
        *o = x ^ y;
    }
}

/// The AES-MMO hash (05-3474 B.6) computed over data given in pieces.
#[derive(Clone)]
struct Mmo {
    h: [u8; 16],
    block: [u8; 16],
    fill: usize,
    len: u64,
}

impl Mmo {
    fn new() -> Self {
        Mmo {
            h: [0; 16],
            block: [0; 16],
            fill: 0,
            len: 0,
        }
    }

    /// Adds one byte to the block, compressing the block when it is full.
    fn absorb(&mut self, b: u8) {
        if let Some(x) = self.block.get_mut(self.fill) {
            *x = b;
        }
        self.fill += 1;
        if self.fill == 16 {
            let block = self.block;
            mmo_block(&mut self.h, &block);
            self.fill = 0;
        }
    }

    fn update(&mut self, data: &[u8]) {
        self.len = self.len.wrapping_add(data.len() as u64);
        for &b in data {
            self.absorb(b);
        }
    }

    /// Pads as B.6 step 2 says (a 1 bit, zeros, then the length in bits: 16 bits when it is
    /// below 2^16, otherwise 32 bits followed by 16 zero bits, ending a block) and returns the
    /// hash.
    fn finish(mut self) -> Key {
        let bits = self.len.wrapping_mul(8);
        let (field, field_len) = if bits < (1 << 16) {
            let [a, b] = (bits as u16).to_be_bytes();
            ([a, b, 0, 0, 0, 0], 2)
        } else {
            let [a, b, c, d] = (bits as u32).to_be_bytes();
            ([a, b, c, d, 0, 0], 6)
        };
        self.absorb(0x80);
        while !(self.fill + field_len).is_multiple_of(16) {
            self.absorb(0);
        }
        for &b in field.get(..field_len).unwrap_or(&[]) {
            self.absorb(b);
        }
        self.h
    }
}

/// The AES-MMO hash of `data` (05-3474 B.6, with the padding of B.6 step 2).
pub fn mmo_hash(data: &[u8]) -> Key {
    let mut m = Mmo::new();
    m.update(data);
    m.finish()
}

/// HMAC with the MMO hash (05-3474 B.1.4 with block size 16): for a 16-byte key.
pub fn hmac_mmo(key: &Key, message: &[u8]) -> Key {
    let mut inner = Mmo::new();
    let mut ipad = [0u8; 16];
    for (o, k) in ipad.iter_mut().zip(key.iter()) {
        *o = k ^ 0x36;
    }
    inner.update(&ipad);
    inner.update(message);
    let ih = inner.finish();
    let mut outer = [0u8; 32];
    for (o, k) in outer.iter_mut().zip(key.iter()) {
        *o = k ^ 0x5c;
    }
    if let Some(o) = outer.get_mut(16..) {
        o.copy_from_slice(&ih);
    }
    mmo_hash(&outer)
}

/// The key-transport key of a link key: HMAC-MMO with input byte 0x00 (05-3474 4.5.3).
pub fn key_transport_key(link_key: &Key) -> Key {
    hmac_mmo(link_key, &[0x00])
}

/// The key-load key of a link key: HMAC-MMO with input byte 0x02 (05-3474 4.5.3).
pub fn key_load_key(link_key: &Key) -> Key {
    hmac_mmo(link_key, &[0x02])
}

/// Why an install code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum InstallCodeError {
    /// Not 6, 8, 12 or 16 bytes plus the 2-byte CRC.
    InvalidLength(usize),
    /// The CRC does not match.
    BadCrc {
        /// CRC computed over the code.
        expected: u16,
        /// CRC found after the code (little-endian).
        found: u16,
    },
}

impl fmt::Display for InstallCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstallCodeError::InvalidLength(n) => write!(
                f,
                "install code of {n} bytes (want 6, 8, 12 or 16 bytes plus a 2-byte CRC)"
            ),
            InstallCodeError::BadCrc { expected, found } => write!(
                f,
                "install code CRC {found:04x} does not match {expected:04x}"
            ),
        }
    }
}

impl core::error::Error for InstallCodeError {}

/// Checks an install code with its CRC (the last 2 bytes, least significant first) and derives
/// the link key: the MMO hash of the whole code including the CRC.
pub fn install_code_link_key(code_with_crc: &[u8]) -> Result<Key, InstallCodeError> {
    let n = code_with_crc.len();
    if !matches!(n, 8 | 10 | 14 | 18) {
        return Err(InstallCodeError::InvalidLength(n));
    }
    let (code, crc) = code_with_crc.split_at(n - 2);
    let found = u16::from_le_bytes([
        crc.first().copied().unwrap_or(0),
        crc.get(1).copied().unwrap_or(0),
    ]);
    let expected = crate::crc::x25(code);
    if expected != found {
        return Err(InstallCodeError::BadCrc { expected, found });
    }
    Ok(mmo_hash(code_with_crc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn key_transport_key_of_zigbee_alliance_09() {
        assert_eq!(
            key_transport_key(&ZIGBEE_ALLIANCE_09).to_vec(),
            h("4bab0f173e1434a2d572e1c1ef478782")
        );
    }

    #[test]
    fn install_code_gives_link_key() {
        let code = h("83FED3407A939723A5C639B26916D505C3B5");
        // The CRC bytes as printed ("C3B5") are the CRC in transmission order, least
        // significant byte first: the X-25 CRC is 0xb5c3.
        assert_eq!(crate::crc::x25(code.get(..16).unwrap()), 0xb5c3);
        assert_eq!(
            install_code_link_key(&code).unwrap().to_vec(),
            h("66B6900981E1EE3CA4206B6B861C02BB")
        );
    }

    #[test]
    fn rejects_install_code_with_bad_crc_or_length() {
        let mut code = h("83FED3407A939723A5C639B26916D505C3B5");
        code[17] ^= 1;
        assert!(matches!(
            install_code_link_key(&code),
            Err(InstallCodeError::BadCrc { .. })
        ));
        assert_eq!(
            install_code_link_key(&code[..5]),
            Err(InstallCodeError::InvalidLength(5))
        );
    }

    #[test]
    fn mmo_hash_of_empty_and_long_input() {
        // One block: 0x80 then zeros then length 0.
        let mut block = [0u8; 16];
        block[0] = 0x80;
        let mut expect = [0u8; 16];
        mmo_block(&mut expect, &block);
        assert_eq!(mmo_hash(&[]), expect);
        // 15 bytes: padding 0x80 fits, but the length field does not -> two blocks.
        let data = [0x11u8; 15];
        let mut b1 = [0x11u8; 16];
        b1[15] = 0x80;
        let mut b2 = [0u8; 16];
        b2[14..].copy_from_slice(&(15u16 * 8).to_be_bytes());
        let mut e = [0u8; 16];
        mmo_block(&mut e, &b1);
        mmo_block(&mut e, &b2);
        assert_eq!(mmo_hash(&data), e);
        // Long input (>= 2^16 bits) takes the 32-bit length form and must not panic.
        let big = vec![0u8; 9000];
        assert_ne!(mmo_hash(&big), mmo_hash(&big[..8999]));
    }

    #[test]
    fn encrypt_decrypt_roundtrip_and_tamper() {
        let key = CipherKey::new([7u8; 16]);
        // header (3 bytes), aux (control, counter 4, source 8), payload 5, MIC 4.
        let mut frame = vec![0x08, 0x02, 0x00, 0x28, 1, 0, 0, 0];
        frame.extend_from_slice(&0x1122334455667788u64.to_le_bytes());
        let aux_len = frame.len();
        frame.extend_from_slice(b"hello");
        frame.extend_from_slice(&[0; 4]);
        let plain = frame.clone();
        encrypt_in_place(&key, &mut frame, 3, aux_len, Eui64(0x1122334455667788)).unwrap();
        assert_ne!(frame[aux_len..aux_len + 5], plain[aux_len..aux_len + 5]);
        assert_eq!(frame[3], 0x28, "control byte restored");
        let enc = frame.clone();
        // wrong key: unchanged, error
        let wrong = CipherKey::new([8u8; 16]);
        assert_eq!(
            decrypt_in_place(&wrong, &mut frame, 3, aux_len, Eui64(0x1122334455667788)),
            Err(SecurityError::MicMismatch)
        );
        assert_eq!(frame, enc);
        assert_eq!(
            decrypt_in_place(&key, &mut frame, 3, aux_len, Eui64(0x1122334455667788)),
            Ok(5)
        );
        assert_eq!(&frame[aux_len..aux_len + 5], b"hello");
        // cross-check with the ccm crate directly (level 5 patched into header and nonce)
        let mut a = plain[..aux_len].to_vec();
        a[3] = 0x2d;
        let mut m = b"hello".to_vec();
        let n = nonce(Eui64(0x1122334455667788), 1, SecurityControl(0x2d));
        let tag = key
            .ccm
            .encrypt_in_place_detached(GenericArray::from_slice(&n), &a, &mut m)
            .unwrap();
        assert_eq!(&enc[aux_len..aux_len + 5], &m[..]);
        assert_eq!(&enc[aux_len + 5..], tag.as_slice());
    }

    proptest::proptest! {
        #[test]
        fn any_offsets_never_panic(mut frame in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64),
                                   aux in proptest::prelude::any::<usize>(),
                                   payload in proptest::prelude::any::<usize>(),
                                   small in 0usize..70, small2 in 0usize..70) {
            let k = CipherKey::new([9; 16]);
            let copy = frame.clone();
            for (a, p) in [(aux, payload), (small, small2), (small, payload), (aux, small2)] {
                if decrypt_in_place(&k, &mut frame, a, p, Eui64(1)).is_err() {
                    proptest::prop_assert_eq!(&frame, &copy);
                }
                let _ = encrypt_in_place(&k, &mut frame.clone(), a, p, Eui64(1));
                let _ = ccm_open_in_place(&k, &[0; 13], &mut frame.clone(), a % 80, true);
                let _ = ccm_seal_in_place(&k, &[0; 13], &mut frame.clone(), p % 80, false);
            }
        }

        #[test]
        fn roundtrip_random_frames(key in proptest::prelude::any::<[u8; 16]>(),
                                   src in proptest::prelude::any::<u64>(),
                                   counter in proptest::prelude::any::<u32>(),
                                   header in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..20),
                                   payload in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            let k = CipherKey::new(key);
            let mut frame = header.clone();
            let aux = frame.len();
            frame.push(0x28);
            frame.extend_from_slice(&counter.to_le_bytes());
            let po = frame.len();
            frame.extend_from_slice(&payload);
            frame.extend_from_slice(&[0; 4]);
            encrypt_in_place(&k, &mut frame, aux, po, Eui64(src)).unwrap();
            let n = decrypt_in_place(&k, &mut frame, aux, po, Eui64(src)).unwrap();
            proptest::prop_assert_eq!(&frame[po..po + n], &payload[..]);
            proptest::prop_assert_eq!(&frame[..aux], &header[..]);
        }
    }

    #[test]
    fn rejects_truncated_secured_frames() {
        let key = CipherKey::new([7u8; 16]);
        let mut f = [0u8; 20];
        assert_eq!(
            decrypt_in_place(&key, &mut f, usize::MAX, usize::MAX, Eui64(0)),
            Err(SecurityError::Truncated)
        );
        assert_eq!(
            encrypt_in_place(&key, &mut f, 0, usize::MAX, Eui64(0)),
            Err(SecurityError::Truncated)
        );
        let mut f = [0u8; 6];
        assert_eq!(
            decrypt_in_place(&key, &mut f, 0, 5, Eui64(0)),
            Err(SecurityError::Truncated)
        );
        assert_eq!(
            decrypt_in_place(&key, &mut f, 3, 5, Eui64(0)),
            Err(SecurityError::Truncated)
        );
        let mut big = vec![0u8; 400];
        assert_eq!(
            decrypt_in_place(&key, &mut big, 0, 5, Eui64(0)),
            Err(SecurityError::MicMismatch)
        );
    }
}

#[cfg(test)]
mod capture_tests {
    use super::*;

    /// silabs-joining-well-known-key.pcapng frame 22 (APS device announce, NWK-secured): checks the nonce byte order against a real frame.
    #[test]
    fn decrypts_real_nwk_frame() {
        let mac = hex::decode(
            "4188aa2ff7ffff3d4f0812fdff3d4f1ec4cb67e7feff5f32502800200a00cb67e7feff5f325000b72589b117f814b500f7c0ac17cf6ac2762761c3237f821b",
        )
        .unwrap();
        let key: Key = hex::decode("aad957ed18bb9410e3babdd01b683294")
            .unwrap()
            .try_into()
            .unwrap();
        let mut nwk = mac[9..].to_vec();
        let n = decrypt_in_place(
            &CipherKey::new(key),
            &mut nwk,
            16,
            30,
            Eui64(0x5032_5fff_fee7_67cb),
        )
        .unwrap();
        // APS data, broadcast: ZDP Device_annce (cluster 0x0013) from 0x4f3d.
        assert_eq!(
            hex::encode(&nwk[30..30 + n]),
            "0800130000000077823d4fcb67e7feff5f32508e"
        );
        // The nonce with the address in big-endian order would not decrypt it.
        let mut again = mac[9..].to_vec();
        assert_eq!(
            decrypt_in_place(
                &CipherKey::new(key),
                &mut again,
                16,
                30,
                Eui64(0xcb67_e7fe_ff5f_3250)
            ),
            Err(SecurityError::MicMismatch)
        );
    }
}
