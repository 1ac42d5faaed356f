//! The sniffer's key store: network keys, link keys (global or for a device pair), install
//! codes, the default trust-center link key, keys learned from Transport Key commands, and a
//! short-to-IEEE address map for nonces of frames that do not carry the sender's IEEE address.
//!
//! Every key's AES schedule is expanded once, and a link key's key-transport and key-load keys
//! (05-3474 4.5.3) are derived once when it is added, so decrypting a frame costs no key setup.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use zcl_frames::{Eui64, ShortAddr};

use super::nwk::{AuxSecurityHeader, KeyId};
use super::security::{
    decrypt_in_place, install_code_link_key, key_load_key, key_transport_key, CipherKey,
    InstallCodeError, Key, SecurityError, ZIGBEE_ALLIANCE_09,
};

/// Where a key came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOrigin {
    /// Given by the user (command line or API).
    Configured,
    /// The well-known default trust-center link key "ZigBeeAlliance09".
    DefaultTrustCenter,
    /// Derived from an install code.
    InstallCode,
    /// Read from a key file, at this line (1-based).
    KeyFile(usize),
    /// Learned from a decrypted APS Transport Key command.
    Learned,
}

/// A network key.
#[derive(Debug, Clone)]
pub struct NetworkKey {
    /// Key sequence number, when known.
    pub sequence: Option<u8>,
    /// A label for output.
    pub label: Option<String>,
    /// Where it came from.
    pub origin: KeyOrigin,
    cipher: CipherKey,
}

impl NetworkKey {
    /// The key bytes.
    pub fn key(&self) -> &Key {
        self.cipher.key()
    }
}

/// A link key (trust-center or application), with its derived keys.
#[derive(Debug, Clone)]
pub struct LinkKey {
    /// The two devices that share it; `None` for a global key tried for every pair.
    pub partners: Option<(Eui64, Eui64)>,
    /// A label for output.
    pub label: Option<String>,
    /// Where it came from.
    pub origin: KeyOrigin,
    cipher: CipherKey,
    transport: CipherKey,
    load: CipherKey,
}

impl LinkKey {
    /// The key bytes.
    pub fn key(&self) -> &Key {
        self.cipher.key()
    }
    /// The derived key the key identifier asks for (the link key itself for [`KeyId::Data`]).
    fn for_id(&self, id: KeyId) -> &CipherKey {
        match id {
            KeyId::KeyTransport => &self.transport,
            KeyId::KeyLoad => &self.load,
            KeyId::Data | KeyId::Network => &self.cipher,
        }
    }
    /// Whether this key is for a pair that includes `a` or `b`.
    fn matches(&self, a: Option<Eui64>, b: Option<Eui64>) -> bool {
        match self.partners {
            None => false,
            Some((x, y)) => [a, b].iter().flatten().any(|v| *v == x || *v == y),
        }
    }
}

/// A Green Power device key (shared or individual).
#[derive(Debug, Clone)]
pub struct GpKey {
    /// A label for output.
    pub label: Option<String>,
    /// Where it came from.
    pub origin: KeyOrigin,
    cipher: CipherKey,
}

impl GpKey {
    /// The key bytes.
    pub fn key(&self) -> &Key {
        self.cipher.key()
    }
}

/// Which key decrypted a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsedKey {
    /// Network key or link key.
    pub kind: UsedKeyKind,
    /// Index in [`KeyStore::network_keys`] or [`KeyStore::link_keys`].
    pub index: usize,
    /// The key that was used for CCM* (for a derived key: the derived key).
    pub key: Key,
}

/// Kind of key in [`UsedKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsedKeyKind {
    /// A network key.
    Network,
    /// A link key, used directly or through the derived key the key identifier names.
    Link(KeyId),
}

impl fmt::Display for UsedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            UsedKeyKind::Network => write!(f, "network key #{}", self.index),
            UsedKeyKind::Link(KeyId::KeyTransport) => {
                write!(f, "key-transport key of link key #{}", self.index)
            }
            UsedKeyKind::Link(KeyId::KeyLoad) => {
                write!(f, "key-load key of link key #{}", self.index)
            }
            UsedKeyKind::Link(_) => write!(f, "link key #{}", self.index),
        }
    }
}

/// A key file line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFileError {
    /// Line number (1-based).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for KeyFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "key file line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for KeyFileError {}

/// Parses a hex string with optional `:`, `-` or `_` separators (see
/// [`crate::text::parse_hex`]).
pub fn parse_hex(s: &str) -> Option<Vec<u8>> {
    crate::text::parse_hex(s).ok()
}

/// Parses an IEEE address written most significant byte first (`00:0d:6f:...` or `000d6f...`);
/// see [`Eui64`]'s `FromStr`.
pub fn parse_eui64(s: &str) -> Option<Eui64> {
    s.parse().ok()
}

/// A device pair and the rest of a label.
type PairAndLabel = (Option<(Eui64, Eui64)>, Option<String>);

/// Splits a leading `pair=A,B` off a key file label.
fn split_pair(label: Option<String>) -> Result<PairAndLabel, String> {
    let Some(l) = label else {
        return Ok((None, None));
    };
    let Some(rest) = l.strip_prefix("pair=") else {
        return Ok((None, Some(l)));
    };
    let mut parts = rest.splitn(2, char::is_whitespace);
    let pair = parts.next().unwrap_or("");
    let label = parts
        .next()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    let (a, b) = pair
        .split_once(',')
        .ok_or_else(|| format!("pair wants two IEEE addresses: {pair:?}"))?;
    match (parse_eui64(a), parse_eui64(b)) {
        (Some(a), Some(b)) => Ok((Some((a, b)), label)),
        _ => Err(format!("not two IEEE addresses: {pair:?}")),
    }
}

/// Parses a 16-byte key in hex (colons allowed).
pub fn parse_key(s: &str) -> Option<Key> {
    parse_hex(s).and_then(|v| Key::try_from(v.as_slice()).ok())
}

/// Hashes a short address to itself: the address map is looked up for most secured frames, and
/// short addresses are already well spread.
#[derive(Debug, Default, Clone, Copy)]
struct ShortHasher(u64);

impl Hasher for ShortHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u16(&mut self, v: u16) {
        // Spread the bits over the high ones too (hashbrown uses the top 7 bits as a tag).
        self.0 = u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// The key store. See the module documentation.
#[derive(Debug, Clone)]
pub struct KeyStore {
    network: Vec<NetworkKey>,
    link: Vec<LinkKey>,
    gp: Vec<GpKey>,
    addresses: HashMap<ShortAddr, Eui64, BuildHasherDefault<ShortHasher>>,
    last_network: usize,
    last_link: usize,
}

impl Default for KeyStore {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyStore {
    /// A store with the default trust-center link key "ZigBeeAlliance09".
    pub fn new() -> Self {
        let mut s = Self::empty();
        s.push_link(
            ZIGBEE_ALLIANCE_09,
            None,
            Some("ZigBeeAlliance09".to_owned()),
            KeyOrigin::DefaultTrustCenter,
        );
        s
    }

    /// A store without any key (not even the default trust-center link key).
    pub fn empty() -> Self {
        KeyStore {
            network: Vec::new(),
            link: Vec::new(),
            gp: Vec::new(),
            addresses: HashMap::default(),
            last_network: 0,
            last_link: 0,
        }
    }

    /// The network keys, in the order they were added.
    pub fn network_keys(&self) -> &[NetworkKey] {
        &self.network
    }

    /// The link keys, in the order they were added.
    pub fn link_keys(&self) -> &[LinkKey] {
        &self.link
    }

    /// The Green Power keys, in the order they were added.
    pub fn gp_keys(&self) -> &[GpKey] {
        &self.gp
    }

    /// Adds a Green Power device key (kept once). Returns its index.
    pub fn add_gp_key(&mut self, key: Key, label: Option<String>) -> usize {
        self.push_gp(key, label, KeyOrigin::Configured)
    }

    fn push_gp(&mut self, key: Key, label: Option<String>, origin: KeyOrigin) -> usize {
        if let Some(i) = self.gp.iter().position(|k| *k.key() == key) {
            return i;
        }
        self.gp.push(GpKey {
            label,
            origin,
            cipher: CipherKey::new(key),
        });
        self.gp.len() - 1
    }

    /// Checks or decrypts a secured Green Power frame in place with each GP key (see
    /// [`super::gp::decrypt_in_place`]). Returns the body length and the key's index.
    pub fn decrypt_gp(
        &self,
        frame: &mut [u8],
        ieee: Option<Eui64>,
    ) -> Result<(usize, usize), SecurityError> {
        for (i, k) in self.gp.iter().enumerate() {
            match super::gp::decrypt_in_place(&k.cipher, frame, ieee) {
                Ok(n) => return Ok((n, i)),
                Err(SecurityError::MicMismatch) => {}
                Err(e) => return Err(e),
            }
        }
        Err(SecurityError::NoKey)
    }

    /// Adds a network key (a key already present is kept once; a newly known sequence number is
    /// recorded). Returns its index.
    pub fn add_network_key(
        &mut self,
        key: Key,
        sequence: Option<u8>,
        label: Option<String>,
    ) -> usize {
        self.push_network(key, sequence, label, KeyOrigin::Configured)
    }

    fn push_network(
        &mut self,
        key: Key,
        sequence: Option<u8>,
        label: Option<String>,
        origin: KeyOrigin,
    ) -> usize {
        if let Some(i) = self.network.iter().position(|k| *k.key() == key) {
            if let Some(k) = self.network.get_mut(i) {
                if k.sequence.is_none() {
                    k.sequence = sequence;
                }
                if k.label.is_none() {
                    k.label = label;
                }
            }
            return i;
        }
        self.network.push(NetworkKey {
            sequence,
            label,
            origin,
            cipher: CipherKey::new(key),
        });
        self.network.len() - 1
    }

    /// Adds a link key, global (`partners` `None`) or for a pair of IEEE addresses. Returns its
    /// index (an identical key for the same pair is kept once).
    pub fn add_link_key(
        &mut self,
        key: Key,
        partners: Option<(Eui64, Eui64)>,
        label: Option<String>,
    ) -> usize {
        self.push_link(key, partners, label, KeyOrigin::Configured)
    }

    fn push_link(
        &mut self,
        key: Key,
        partners: Option<(Eui64, Eui64)>,
        label: Option<String>,
        origin: KeyOrigin,
    ) -> usize {
        let same_pair = |p: Option<(Eui64, Eui64)>| match (p, partners) {
            (None, None) => true,
            (Some((a, b)), Some((c, d))) => (a == c && b == d) || (a == d && b == c),
            _ => false,
        };
        if let Some(i) = self
            .link
            .iter()
            .position(|k| *k.key() == key && same_pair(k.partners))
        {
            return i;
        }
        self.link.push(LinkKey {
            partners,
            label,
            origin,
            cipher: CipherKey::new(key),
            transport: CipherKey::new(key_transport_key(&key)),
            load: CipherKey::new(key_load_key(&key)),
        });
        self.link.len() - 1
    }

    /// Adds the link key derived from an install code with its CRC, for the device `device`
    /// (paired with any trust center) or global when `None`.
    pub fn add_install_code(
        &mut self,
        code_with_crc: &[u8],
        label: Option<String>,
    ) -> Result<usize, InstallCodeError> {
        let key = install_code_link_key(code_with_crc)?;
        Ok(self.push_link(key, None, label, KeyOrigin::InstallCode))
    }

    /// Removes the default trust-center link key "ZigBeeAlliance09" (when it was added by
    /// [`KeyStore::new`]).
    pub fn remove_default_tc_key(&mut self) {
        self.link
            .retain(|k| k.origin != KeyOrigin::DefaultTrustCenter);
        self.last_link = 0;
    }

    /// Records a key learned from a Transport Key command. Returns whether it was new.
    pub fn learn(&mut self, learned: &LearnedKey) -> bool {
        match learned.kind {
            LearnedKeyKind::Network { sequence } => {
                let before = self.network.len();
                self.push_network(learned.key, Some(sequence), None, KeyOrigin::Learned);
                self.network.len() != before
            }
            LearnedKeyKind::TrustCenterLink | LearnedKeyKind::ApplicationLink => {
                let before = self.link.len();
                self.push_link(
                    learned.key,
                    Some(learned.partners),
                    None,
                    KeyOrigin::Learned,
                );
                self.link.len() != before
            }
        }
    }

    /// Reads keys from text, one per line: `[network|link|install|gp] HEX [label]`. `#` starts a
    /// comment. A link key's label may start with `pair=IEEE,IEEE` (IEEE addresses in hex, most
    /// significant byte first, colons allowed) to bind the key to that device pair. HEX may use colons. A 16-byte key without a kind is tried both as a network key
    /// and as a global link key; 8, 10, 14 or 18 bytes are an install code with its CRC.
    /// Returns how many keys were added.
    pub fn load_key_text(&mut self, text: &str) -> Result<usize, KeyFileError> {
        let mut added = 0;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let mut parts = line.splitn(2, char::is_whitespace);
            let first = parts.next().unwrap_or("");
            let rest = parts.next().unwrap_or("").trim();
            let kind = first.to_ascii_lowercase();
            let (kind, hex_str, label) = match kind.as_str() {
                "network" | "nwk" | "link" | "tc" | "install" | "installcode" | "install-code"
                | "gp" | "greenpower" => {
                    let mut p = rest.splitn(2, char::is_whitespace);
                    (
                        Some(kind),
                        p.next().unwrap_or(""),
                        p.next().map(str::trim).unwrap_or(""),
                    )
                }
                _ => (None, first, rest),
            };
            let label = (!label.is_empty()).then(|| label.to_owned());
            let err = |reason: String| KeyFileError {
                line: line_no,
                reason,
            };
            let bytes = parse_hex(hex_str).ok_or_else(|| err(format!("not hex: {hex_str:?}")))?;
            let origin = KeyOrigin::KeyFile(line_no);
            match kind.as_deref() {
                Some("install" | "installcode" | "install-code") => {
                    let key = install_code_link_key(&bytes).map_err(|e| err(e.to_string()))?;
                    self.push_link(key, None, label, origin);
                }
                Some(k) => {
                    let key = Key::try_from(bytes.as_slice())
                        .map_err(|_| err(format!("a key has 16 bytes, not {}", bytes.len())))?;
                    if k == "network" || k == "nwk" {
                        self.push_network(key, None, label, origin);
                    } else if k == "gp" || k == "greenpower" {
                        self.push_gp(key, label, origin);
                    } else {
                        let (partners, label) = split_pair(label).map_err(err)?;
                        self.push_link(key, partners, label, origin);
                    }
                }
                None => match bytes.len() {
                    16 => {
                        let key =
                            Key::try_from(bytes.as_slice()).map_err(|_| err(String::new()))?;
                        self.push_network(key, None, label.clone(), origin.clone());
                        self.push_link(key, None, label, origin);
                    }
                    8 | 10 | 14 | 18 => {
                        let key = install_code_link_key(&bytes).map_err(|e| err(e.to_string()))?;
                        self.push_link(key, None, label, origin);
                    }
                    n => {
                        return Err(err(format!(
                            "{n} bytes is neither a key nor an install code"
                        )))
                    }
                },
            }
            added += 1;
        }
        Ok(added)
    }

    /// Reads a key file (see [`KeyStore::load_key_text`]).
    pub fn load_key_file(&mut self, path: &Path) -> Result<usize, KeyFileError> {
        let text = std::fs::read_to_string(path).map_err(|e| KeyFileError {
            line: 0,
            reason: format!("{}: {e}", path.display()),
        })?;
        self.load_key_text(&text)
    }

    /// Records that a short address belongs to an IEEE address (for nonces of frames without the
    /// extended source).
    pub fn note_address(&mut self, short: ShortAddr, ieee: Eui64) {
        if !short.is_broadcast() {
            self.addresses.insert(short, ieee);
        }
    }

    /// The IEEE address last seen for a short address.
    pub fn ieee_of(&self, short: ShortAddr) -> Option<Eui64> {
        self.addresses.get(&short).copied()
    }

    /// Decrypts a NWK frame in place with the network keys: first the ones whose sequence number
    /// matches, the key that worked last first. See [`decrypt_in_place`] for the layout. The nonce
    /// source is the auxiliary header's, or `source` when the header has none.
    pub fn decrypt_nwk(
        &mut self,
        frame: &mut [u8],
        aux_offset: usize,
        payload_offset: usize,
        aux: &AuxSecurityHeader,
        source: Option<Eui64>,
    ) -> Result<(usize, UsedKey), SecurityError> {
        let src = aux.source.or(source).ok_or(SecurityError::UnknownSource)?;
        if self.network.is_empty() {
            return Err(SecurityError::NoKey);
        }
        let seq = aux.key_sequence;
        let last = self.last_network;
        let order =
            core::iter::once(last)
                .chain((0..self.network.len()).filter(|&i| {
                    i != last && self.network.get(i).is_some_and(|k| k.sequence == seq)
                }))
                .chain((0..self.network.len()).filter(|&i| {
                    i != last && self.network.get(i).is_some_and(|k| k.sequence != seq)
                }));
        let mut hit = None;
        for i in order {
            let Some(k) = self.network.get(i) else {
                continue;
            };
            match decrypt_in_place(&k.cipher, frame, aux_offset, payload_offset, src) {
                Ok(n) => {
                    hit = Some((n, i, *k.key()));
                    break;
                }
                Err(SecurityError::MicMismatch) => {}
                Err(e) => return Err(e),
            }
        }
        let (n, i, key) = hit.ok_or(SecurityError::NoKey)?;
        self.last_network = i;
        Ok((
            n,
            UsedKey {
                kind: UsedKeyKind::Network,
                index: i,
                key,
            },
        ))
    }

    /// Decrypts an APS frame in place with the link keys (or the network keys when the key
    /// identifier says so), using the derived key the key identifier names. Keys for a pair
    /// that includes `src_ieee` or `dst_ieee` are tried first, then the key that worked last,
    /// then the rest.
    pub fn decrypt_aps(
        &mut self,
        frame: &mut [u8],
        aux_offset: usize,
        payload_offset: usize,
        aux: &AuxSecurityHeader,
        src_ieee: Option<Eui64>,
        dst_ieee: Option<Eui64>,
    ) -> Result<(usize, UsedKey), SecurityError> {
        let id = aux.key_id();
        if id == KeyId::Network {
            return self.decrypt_nwk(frame, aux_offset, payload_offset, aux, src_ieee);
        }
        let src = aux
            .source
            .or(src_ieee)
            .ok_or(SecurityError::UnknownSource)?;
        if self.link.is_empty() {
            return Err(SecurityError::NoKey);
        }
        let last = self.last_link;
        let n = self.link.len();
        let pair = |i: &usize| {
            self.link
                .get(*i)
                .is_some_and(|k| k.matches(Some(src), dst_ieee))
        };
        let order = (0..n)
            .filter(pair)
            .chain(core::iter::once(last).filter(|i| !pair(i)))
            .chain((0..n).filter(|i| *i != last && !pair(i)));
        let mut hit = None;
        for i in order {
            let Some(k) = self.link.get(i) else {
                continue;
            };
            let c = k.for_id(id);
            match decrypt_in_place(c, frame, aux_offset, payload_offset, src) {
                Ok(len) => {
                    hit = Some((len, i, *c.key()));
                    break;
                }
                Err(SecurityError::MicMismatch) => {}
                Err(e) => return Err(e),
            }
        }
        let (len, i, key) = hit.ok_or(SecurityError::NoKey)?;
        self.last_link = i;
        Ok((
            len,
            UsedKey {
                kind: UsedKeyKind::Link(id),
                index: i,
                key,
            },
        ))
    }
}

/// A key carried by a decrypted Transport Key command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LearnedKey {
    /// What kind of key.
    pub kind: LearnedKeyKind,
    /// The key.
    pub key: Key,
    /// For network and trust-center link keys: (destination, source) of the command; for an
    /// application link key: (receiver of the command, partner).
    pub partners: (Eui64, Eui64),
}

/// Kind of a learned key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LearnedKeyKind {
    /// A network key with its sequence number.
    Network {
        /// Key sequence number.
        sequence: u8,
    },
    /// A trust-center link key.
    TrustCenterLink,
    /// An application link key.
    ApplicationLink,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_key_file_lines() {
        let mut ks = KeyStore::empty();
        let text = "# keys\n\
            network aa:d9:57:ed:18:bb:94:10:e3:ba:bd:d0:1b:68:32:94 home net\n\
            5A:69:67:42:65:65:41:6C:6C:69:61:6E:63:65:30:39\n\
            install 83FED3407A939723A5C639B26916D505C3B5 bulb\n\
            gp 000102030405060708090a0b0c0d0e0f # switch\n\
            \n";
        assert_eq!(ks.load_key_text(text).unwrap(), 4);
        assert_eq!(ks.gp_keys().len(), 1);
        assert_eq!(ks.network_keys().len(), 2);
        assert_eq!(ks.network_keys()[0].label.as_deref(), Some("home net"));
        assert_eq!(ks.link_keys().len(), 2);
        assert_eq!(
            ks.link_keys()[1].key().to_vec(),
            hex::decode("66B6900981E1EE3CA4206B6B861C02BB").unwrap()
        );
        assert_eq!(ks.link_keys()[1].label.as_deref(), Some("bulb"));
        assert_eq!(ks.link_keys()[1].origin, KeyOrigin::KeyFile(4));
    }

    #[test]
    fn parse_key_file_pairs() {
        let mut ks = KeyStore::empty();
        ks.load_key_text(
            "link 000102030405060708090a0b0c0d0e0f pair=50:32:5f:ff:fe:e7:67:cb,50325ffffee76772 unique\n\
             link 0f0e0d0c0b0a09080706050403020100\n",
        )
        .unwrap();
        assert_eq!(
            ks.link_keys()[0].partners,
            Some((Eui64(0x5032_5fff_fee7_67cb), Eui64(0x5032_5fff_fee7_6772)))
        );
        assert_eq!(ks.link_keys()[0].label.as_deref(), Some("unique"));
        assert_eq!(ks.link_keys()[1].partners, None);
        assert_eq!(
            ks.load_key_text("link 000102030405060708090a0b0c0d0e0f pair=01,02"),
            Err(KeyFileError {
                line: 1,
                reason: "not two IEEE addresses: \"01,02\"".to_owned()
            })
        );
        assert_eq!(
            parse_eui64("00:0d:6f:00:00:00:00:01"),
            Some(Eui64(0x000d_6f00_0000_0001))
        );
    }

    #[test]
    fn rejects_bad_key_file_lines() {
        let mut ks = KeyStore::empty();
        assert_eq!(ks.load_key_text("zz\n").unwrap_err().line, 1);
        assert_eq!(ks.load_key_text("\nnetwork 0102\n").unwrap_err().line, 2);
        assert!(ks
            .load_key_text("install 83FED3407A939723A5C639B26916D505C3B6")
            .unwrap_err()
            .reason
            .contains("CRC"));
        assert_eq!(ks.load_key_text("01020304050607").unwrap_err().line, 1);
    }

    #[test]
    fn default_store_has_tc_key_and_removes_it() {
        let mut ks = KeyStore::new();
        assert_eq!(ks.link_keys().len(), 1);
        assert_eq!(*ks.link_keys()[0].key(), ZIGBEE_ALLIANCE_09);
        assert_eq!(
            ks.link_keys()[0].transport.key().to_vec(),
            hex::decode("4bab0f173e1434a2d572e1c1ef478782").unwrap()
        );
        ks.remove_default_tc_key();
        assert!(ks.link_keys().is_empty());
    }

    #[test]
    fn learning_dedups_keys() {
        let mut ks = KeyStore::empty();
        let l = LearnedKey {
            kind: LearnedKeyKind::Network { sequence: 3 },
            key: [1; 16],
            partners: (Eui64(1), Eui64(2)),
        };
        assert!(ks.learn(&l));
        assert!(!ks.learn(&l));
        assert_eq!(ks.network_keys()[0].sequence, Some(3));
        let t = LearnedKey {
            kind: LearnedKeyKind::TrustCenterLink,
            key: [2; 16],
            partners: (Eui64(1), Eui64(2)),
        };
        assert!(ks.learn(&t));
        assert!(!ks.learn(&LearnedKey {
            partners: (Eui64(2), Eui64(1)),
            ..t
        }));
        assert_eq!(ks.link_keys()[0].origin, KeyOrigin::Learned);
    }
}
