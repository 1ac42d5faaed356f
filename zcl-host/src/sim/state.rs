//! What a simulated coprocessor keeps across power cycles ([`SavedNetwork`], JSON), and the file
//! helpers that load it and save it atomically.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::devices::{DeviceSpec, NodeType};
use crate::sniff::security::{Key, ZIGBEE_ALLIANCE_09};

/// Version of the state file format.
pub const STATE_VERSION: u32 = 1;

/// How far ahead of the last used value outgoing frame counters are saved, so that frames sent
/// after a save and before a power loss never get a counter again after the restart.
pub const FRAME_COUNTER_MARGIN: u32 = 0x1000;

/// The network parameters a coprocessor holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkParams {
    /// PAN id (0x0000-0xfffe).
    #[serde(with = "hex_u16")]
    pub pan_id: u16,
    /// Extended PAN id.
    #[serde(with = "hex_u64")]
    pub extended_pan_id: u64,
    /// Logical channel, 11-26.
    pub channel: u8,
    /// Radio transmit power in dBm.
    pub tx_power_dbm: i8,
    /// NWK update id (incremented on channel or PAN id changes).
    pub nwk_update_id: u8,
    /// Channels the network may use (bit n for channel n).
    #[serde(with = "hex_u32")]
    pub channel_mask: u32,
}

impl Default for NetworkParams {
    fn default() -> Self {
        NetworkParams {
            pan_id: 0x1a62,
            extended_pan_id: 0xdd00_1a62_dd00_1a62,
            channel: 15,
            tx_power_dbm: 8,
            nwk_update_id: 0,
            channel_mask: ALL_CHANNELS,
        }
    }
}

/// Channels 11 to 26.
pub const ALL_CHANNELS: u32 = 0x07ff_f800;

/// Security material of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityParams {
    /// The network key.
    #[serde(with = "hex_key")]
    pub network_key: Key,
    /// Its key sequence number.
    pub key_sequence: u8,
    /// Outgoing NWK frame counter (the next value to use).
    pub nwk_frame_counter: u32,
    /// The trust-center link key (global, for devices without a key of their own).
    #[serde(with = "hex_key")]
    pub tc_link_key: Key,
    /// Outgoing APS frame counter of the trust center (the next value to use).
    pub aps_frame_counter: u32,
    /// Security level (5: ENC-MIC-32, the only one Zigbee PRO uses).
    pub security_level: u8,
    /// Stack profile (2: Zigbee PRO).
    pub stack_profile: u8,
    /// The trust center derives each device's link key from `tc_link_key` as a seed
    /// (EmberZNet's hashed link keys): devices without a key of their own still join with
    /// the well-known "ZigBeeAlliance09", so the Transport Key goes out under that.
    #[serde(default)]
    pub hashed_tc_link_keys: bool,
}

impl SecurityParams {
    /// Security with `network_key`, sequence 0, counters at 0, the default trust-center link
    /// key "ZigBeeAlliance09".
    pub fn new(network_key: Key) -> Self {
        SecurityParams {
            network_key,
            key_sequence: 0,
            nwk_frame_counter: 0,
            tc_link_key: ZIGBEE_ALLIANCE_09,
            aps_frame_counter: 0,
            security_level: 5,
            stack_profile: 2,
            hashed_tc_link_keys: false,
        }
    }
}

/// A key for one device (a link key or an install-code derived transient key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceKey {
    /// The device's IEEE address.
    #[serde(with = "hex_u64")]
    pub ieee: u64,
    /// The key.
    #[serde(with = "hex_key")]
    pub key: Key,
}

/// A device the trust center let in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildEntry {
    /// IEEE address.
    #[serde(with = "hex_u64")]
    pub ieee: u64,
    /// Network address.
    #[serde(with = "hex_u16")]
    pub nwk: u16,
    /// Logical type.
    pub node_type: NodeType,
    /// Whether it got the network key and announced itself.
    pub authorized: bool,
    /// The highest NWK frame counter received from it.
    pub incoming_frame_counter: Option<u32>,
}

/// The coordinator's side of a formed network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormedNetwork {
    /// Parameters.
    pub params: NetworkParams,
    /// Keys and counters (counters saved [`FRAME_COUNTER_MARGIN`] ahead).
    pub security: SecurityParams,
    /// Per-device link keys.
    #[serde(default)]
    pub link_keys: Vec<DeviceKey>,
    /// Transient keys (from install codes) for devices that have not joined yet.
    #[serde(default)]
    pub transient_keys: Vec<DeviceKey>,
    /// The devices in the network, in child table order.
    #[serde(default)]
    pub children: Vec<ChildEntry>,
}

/// A simulated device's own memory of the network it joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMembership {
    /// Its network address.
    #[serde(with = "hex_u16")]
    pub nwk: u16,
    /// PAN id.
    #[serde(with = "hex_u16")]
    pub pan_id: u16,
    /// Extended PAN id.
    #[serde(with = "hex_u64")]
    pub extended_pan_id: u64,
    /// Channel.
    pub channel: u8,
    /// The network key it received.
    #[serde(with = "hex_key")]
    pub network_key: Key,
    /// Its key sequence number.
    pub key_sequence: u8,
    /// Its outgoing NWK frame counter (saved [`FRAME_COUNTER_MARGIN`] ahead).
    pub nwk_frame_counter: u32,
    /// The highest NWK frame counter it received from the coordinator.
    pub incoming_frame_counter: Option<u32>,
}

/// One persistent attribute value of a device application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAttribute {
    /// Endpoint.
    pub endpoint: u8,
    /// Cluster id.
    #[serde(with = "hex_u16")]
    pub cluster: u16,
    /// Attribute id.
    #[serde(with = "hex_u16")]
    pub attribute: u16,
    /// The attribute's wire encoding (without type id).
    #[serde(with = "hex_bytes")]
    pub value: Vec<u8>,
}

/// A binding a device keeps (from ZDO Bind_req).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedBinding {
    /// Source endpoint.
    pub src_endpoint: u8,
    /// Cluster id.
    #[serde(with = "hex_u16")]
    pub cluster: u16,
    /// Destination group, for a group binding.
    #[serde(default)]
    pub group: Option<u16>,
    /// Destination IEEE address, for a unicast binding.
    #[serde(default, with = "opt_hex_u64")]
    pub dst_ieee: Option<u64>,
    /// Destination endpoint, for a unicast binding.
    #[serde(default)]
    pub dst_endpoint: u8,
}

/// One simulated device: what it is and what it remembers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedDevice {
    /// Identity.
    pub spec: DeviceSpec,
    /// The network it is in.
    pub membership: Option<SavedMembership>,
    /// Persistent attribute values (on/off, level, metering summation, ...).
    #[serde(default)]
    pub attributes: Vec<SavedAttribute>,
    /// Its binding table.
    #[serde(default)]
    pub bindings: Vec<SavedBinding>,
}

/// Everything the simulated coprocessor and its devices keep across power cycles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedNetwork {
    /// Format version ([`STATE_VERSION`]).
    pub version: u32,
    /// The coordinator's IEEE address.
    #[serde(with = "hex_u64")]
    pub coordinator_ieee: u64,
    /// Radio transmit power in dBm (kept without a network too).
    pub tx_power_dbm: i8,
    /// The formed network, if any.
    pub network: Option<FormedNetwork>,
    /// The simulated devices.
    pub devices: Vec<SavedDevice>,
    /// Opaque values front ends keep for the coprocessor (NCP tokens, NV items), by id.
    #[serde(default, with = "hex_map")]
    pub tokens: BTreeMap<u32, Vec<u8>>,
}

/// Why a state file could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StateError {
    /// Reading, writing or renaming failed.
    #[error("{action} state file {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// Which file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid state.
    #[error("state file {path}: {source}")]
    Json {
        /// Which file.
        path: PathBuf,
        /// The JSON error (with line and column).
        source: serde_json::Error,
    },
    /// The file was written by another format version.
    #[error("state file {path}: version {found}, this simulator reads version {STATE_VERSION}")]
    Version {
        /// Which file.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
}

impl SavedNetwork {
    /// Reads a state file; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    /// I/O errors, invalid JSON, another format version.
    pub fn load(path: &Path) -> Result<Option<SavedNetwork>, StateError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(StateError::Io {
                    action: "reading",
                    path: path.to_owned(),
                    source,
                })
            }
        };
        let state: SavedNetwork =
            serde_json::from_str(&text).map_err(|source| StateError::Json {
                path: path.to_owned(),
                source,
            })?;
        if state.version != STATE_VERSION {
            return Err(StateError::Version {
                path: path.to_owned(),
                found: state.version,
            });
        }
        Ok(Some(state))
    }

    /// Writes the state to `path` atomically: into a temporary file beside it, flushed to disk,
    /// then renamed over `path`, so a crash leaves the old or the new state, never half of one.
    ///
    /// # Errors
    /// I/O errors.
    pub fn store(&self, path: &Path) -> Result<(), StateError> {
        let io = |action: &'static str, p: &Path| {
            let p = p.to_owned();
            move |source| StateError::Io {
                action,
                path: p,
                source,
            }
        };
        let text = serde_json::to_string_pretty(self).map_err(|source| StateError::Json {
            path: path.to_owned(),
            source,
        })?;
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let mut f = std::fs::File::create(&tmp).map_err(io("creating", &tmp))?;
        f.write_all(text.as_bytes()).map_err(io("writing", &tmp))?;
        f.write_all(b"\n").map_err(io("writing", &tmp))?;
        f.sync_all().map_err(io("syncing", &tmp))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(io("renaming into", path))
    }
}

fn parse_hex_digits(s: &str) -> Option<Vec<u8>> {
    let s = s.strip_prefix("0x").unwrap_or(s);
    let clean: String = s.chars().filter(|c| *c != ':' && *c != '-').collect();
    hex::decode(clean).ok()
}

/// Serde as a hex string, most significant byte first ("00124b0001abcdef").
pub(crate) mod hex_u64 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{v:016x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        let s = String::deserialize(d)?;
        let b = super::parse_hex_digits(&s).ok_or_else(|| D::Error::custom("not hex"))?;
        let a = <[u8; 8]>::try_from(b.as_slice())
            .map_err(|_| D::Error::custom("expected 8 bytes of hex"))?;
        Ok(u64::from_be_bytes(a))
    }
}

/// Serde of an optional u64 as a hex string.
pub(crate) mod opt_hex_u64 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => super::hex_u64::serialize(v, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
        #[derive(Deserialize)]
        struct W(#[serde(with = "super::hex_u64")] u64);
        Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
    }
}

/// Serde of a u16 as "0x1a62".
pub(crate) mod hex_u16 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u16, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{v:04x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
        let s = String::deserialize(d)?;
        u16::from_str_radix(s.trim_start_matches("0x"), 16).map_err(D::Error::custom)
    }
}

/// Serde of a u32 as "0x07fff800".
pub(crate) mod hex_u32 {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{v:08x}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let s = String::deserialize(d)?;
        u32::from_str_radix(s.trim_start_matches("0x"), 16).map_err(D::Error::custom)
    }
}

/// Serde of a 16-byte key as 32 hex digits.
pub(crate) mod hex_key {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8; 16], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 16], D::Error> {
        let s = String::deserialize(d)?;
        let b = super::parse_hex_digits(&s).ok_or_else(|| D::Error::custom("not hex"))?;
        <[u8; 16]>::try_from(b.as_slice()).map_err(|_| D::Error::custom("expected a 16-byte key"))
    }
}

/// Serde of bytes as hex.
pub(crate) mod hex_bytes {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_hex_digits(&s).ok_or_else(|| D::Error::custom("not hex"))
    }
}

/// Serde of a token map with hex values.
pub(crate) mod hex_map {
    use serde::{de::Error, Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(v: &BTreeMap<u32, Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        let m: BTreeMap<u32, String> = v.iter().map(|(k, b)| (*k, hex::encode(b))).collect();
        m.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<BTreeMap<u32, Vec<u8>>, D::Error> {
        let m = BTreeMap::<u32, String>::deserialize(d)?;
        m.into_iter()
            .map(|(k, v)| {
                super::parse_hex_digits(&v)
                    .map(|b| (k, b))
                    .ok_or_else(|| D::Error::custom("token value not hex"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::devices::DeviceKind;

    fn sample() -> SavedNetwork {
        let mut tokens = BTreeMap::new();
        tokens.insert(0x0100, vec![1, 2, 3]);
        SavedNetwork {
            version: STATE_VERSION,
            coordinator_ieee: 0x0012_4b00_01ab_cdef,
            tx_power_dbm: 8,
            network: Some(FormedNetwork {
                params: NetworkParams::default(),
                security: SecurityParams::new([7; 16]),
                link_keys: vec![],
                transient_keys: vec![DeviceKey {
                    ieee: 1,
                    key: [9; 16],
                }],
                children: vec![ChildEntry {
                    ieee: 2,
                    nwk: 0x1234,
                    node_type: NodeType::Router,
                    authorized: true,
                    incoming_frame_counter: Some(5),
                }],
            }),
            devices: vec![SavedDevice {
                spec: DeviceSpec::new(DeviceKind::DimmableLight, 2),
                membership: None,
                attributes: vec![SavedAttribute {
                    endpoint: 1,
                    cluster: 6,
                    attribute: 0,
                    value: vec![1],
                }],
                bindings: vec![SavedBinding {
                    src_endpoint: 1,
                    cluster: 6,
                    group: None,
                    dst_ieee: Some(3),
                    dst_endpoint: 1,
                }],
            }],
            tokens,
        }
    }

    #[test]
    fn roundtrip_state_json_and_file() {
        let s = sample();
        let text = serde_json::to_string(&s).unwrap();
        assert!(text.contains("\"coordinator_ieee\":\"00124b0001abcdef\""));
        assert!(text.contains("\"pan_id\":\"0x1a62\""));
        assert_eq!(serde_json::from_str::<SavedNetwork>(&text).unwrap(), s);
        let dir = std::env::temp_dir().join(format!("zcl-sim-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        assert!(SavedNetwork::load(&path).unwrap().is_none());
        s.store(&path).unwrap();
        assert_eq!(SavedNetwork::load(&path).unwrap(), Some(s));
        assert!(!dir.join("state.json.tmp").exists());
        std::fs::write(&path, "{").unwrap();
        assert!(matches!(
            SavedNetwork::load(&path),
            Err(StateError::Json { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rejects_other_version() {
        let mut s = sample();
        s.version = 99;
        let dir = std::env::temp_dir().join(format!("zcl-sim-ver-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        s.store(&path).unwrap();
        assert!(matches!(
            SavedNetwork::load(&path),
            Err(StateError::Version { found: 99, .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
