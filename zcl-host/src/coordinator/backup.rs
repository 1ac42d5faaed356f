//! Network backups in the open coordinator backup format ("zigpy/open-coordinator-backup",
//! version 1), the JSON that zigpy, zigpy-cli and Zigbee2MQTT read and write, so a network can
//! move between this tool and theirs.
//!
//! Addresses are written most significant byte first as plain hex (`"00124b0001abcdef"`),
//! keys in wire order; `metadata.internal` and `stack_specific` are kept as they came, so a
//! backup another tool wrote round-trips through ours unchanged. Backup files are created with
//! mode 0600: they hold the network key.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `metadata.format` of an open coordinator backup.
pub const FORMAT: &str = "zigpy/open-coordinator-backup";
/// The format version this module reads and writes.
pub const VERSION: u32 = 1;

/// Why a backup could not be read, written or used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What failed.
        source: std::io::Error,
    },
    /// The JSON does not parse or lacks a field.
    #[error("{path}: not an open coordinator backup: {source}")]
    Json {
        /// The file.
        path: String,
        /// What was wrong.
        source: serde_json::Error,
    },
    /// Another format or version.
    #[error("{path}: format {format:?} version {version}, expected {FORMAT:?} version {VERSION}")]
    Format {
        /// The file.
        path: String,
        /// Its format.
        format: String,
        /// Its version.
        version: u64,
    },
    /// A field holds an impossible value.
    #[error("{field}: {reason}")]
    Invalid {
        /// Which field.
        field: &'static str,
        /// Why.
        reason: String,
    },
}

/// A network key or link key with its counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyState {
    /// The key, in wire order.
    pub key: [u8; 16],
    /// Key sequence number (network keys).
    pub sequence: u8,
    /// Outgoing frame counter.
    pub tx_counter: u32,
    /// Incoming frame counter (link keys).
    pub rx_counter: u32,
}

/// One device the coordinator knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDevice {
    /// IEEE address.
    pub ieee: u64,
    /// Network address, when known.
    pub nwk: Option<u16>,
    /// Whether it is a child of the coordinator.
    pub is_child: bool,
    /// Its unique trust-center link key, when it has one.
    pub link_key: Option<KeyState>,
}

/// What a backup holds: enough to bring the network up on another coordinator.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkBackup {
    /// The coordinator's IEEE address.
    pub coordinator_ieee: u64,
    /// PAN id.
    pub pan_id: u16,
    /// Extended PAN id.
    pub extended_pan_id: u64,
    /// NWK update id.
    pub nwk_update_id: u8,
    /// Security level (5 on every Zigbee 3.0 network).
    pub security_level: u8,
    /// Channel, 11-26.
    pub channel: u8,
    /// Channel mask (bit n = channel n).
    pub channel_mask: u32,
    /// The network key, its sequence number and the coordinator's outgoing frame counter.
    pub network_key: KeyState,
    /// Devices.
    pub devices: Vec<BackupDevice>,
    /// Who wrote it (`metadata.source`).
    pub source: String,
    /// `metadata.internal`, as read (creation time, node, stack metadata).
    pub internal: Map<String, Value>,
    /// `stack_specific`, as read (e.g. Z-Stack's `tclk_seed`, EZSP's `hashed_tclk`).
    pub stack_specific: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct FileKey {
    key: String,
    sequence_number: u8,
    frame_counter: u32,
}

#[derive(Serialize, Deserialize)]
struct FileLinkKey {
    key: String,
    tx_counter: u32,
    rx_counter: u32,
}

#[derive(Serialize, Deserialize)]
struct FileDevice {
    ieee_address: String,
    nwk_address: Option<String>,
    is_child: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    link_key: Option<FileLinkKey>,
}

#[derive(Serialize, Deserialize)]
struct FileMetadata {
    version: u64,
    format: String,
    source: String,
    #[serde(default)]
    internal: Map<String, Value>,
}

#[derive(Serialize, Deserialize)]
struct FileBackup {
    metadata: FileMetadata,
    #[serde(default)]
    stack_specific: Option<Map<String, Value>>,
    coordinator_ieee: String,
    pan_id: String,
    extended_pan_id: String,
    nwk_update_id: u8,
    security_level: u8,
    channel: u8,
    channel_mask: Vec<u8>,
    network_key: FileKey,
    devices: Vec<FileDevice>,
}

fn hex_u64(field: &'static str, text: &str) -> Result<u64, BackupError> {
    let clean: String = text.chars().filter(|c| *c != ':').collect();
    if clean.len() != 16 {
        return Err(BackupError::Invalid {
            field,
            reason: format!("{text:?} is not 8 bytes of hex"),
        });
    }
    u64::from_str_radix(&clean, 16).map_err(|e| BackupError::Invalid {
        field,
        reason: format!("{text:?}: {e}"),
    })
}

fn hex_u16(field: &'static str, text: &str) -> Result<u16, BackupError> {
    if text.len() != 4 {
        return Err(BackupError::Invalid {
            field,
            reason: format!("{text:?} is not 2 bytes of hex"),
        });
    }
    u16::from_str_radix(text, 16).map_err(|e| BackupError::Invalid {
        field,
        reason: format!("{text:?}: {e}"),
    })
}

fn hex_key(field: &'static str, text: &str) -> Result<[u8; 16], BackupError> {
    let clean: String = text.chars().filter(|c| *c != ':').collect();
    let bytes = hex::decode(&clean).map_err(|e| BackupError::Invalid {
        field,
        reason: format!("{e}"),
    })?;
    <[u8; 16]>::try_from(bytes.as_slice()).map_err(|_| BackupError::Invalid {
        field,
        reason: format!("{} bytes, a key has 16", bytes.len()),
    })
}

impl NetworkBackup {
    /// Parses a backup from its JSON text; `path` names it in errors.
    ///
    /// # Errors
    /// Not JSON, another format or version, impossible values (a channel outside 11-26, a
    /// PAN id of 0xFFFF, keys that are not 16 bytes).
    pub fn from_json(text: &str, path: &str) -> Result<Self, BackupError> {
        let file: FileBackup = serde_json::from_str(text).map_err(|source| BackupError::Json {
            path: path.to_owned(),
            source,
        })?;
        if file.metadata.format != FORMAT || file.metadata.version != u64::from(VERSION) {
            return Err(BackupError::Format {
                path: path.to_owned(),
                format: file.metadata.format,
                version: file.metadata.version,
            });
        }
        if !(11..=26).contains(&file.channel) {
            return Err(BackupError::Invalid {
                field: "channel",
                reason: format!("{} is not a 2.4 GHz channel (11-26)", file.channel),
            });
        }
        let pan_id = hex_u16("pan_id", &file.pan_id)?;
        if pan_id == 0xFFFF {
            return Err(BackupError::Invalid {
                field: "pan_id",
                reason: "0xFFFF is not a PAN id".into(),
            });
        }
        let mut channel_mask = 0u32;
        for c in file.channel_mask {
            if !(11..=26).contains(&c) {
                return Err(BackupError::Invalid {
                    field: "channel_mask",
                    reason: format!("{c} is not a 2.4 GHz channel"),
                });
            }
            channel_mask |= 1 << c;
        }
        let devices = file
            .devices
            .into_iter()
            .map(|d| {
                Ok(BackupDevice {
                    ieee: hex_u64("devices[].ieee_address", &d.ieee_address)?,
                    nwk: d
                        .nwk_address
                        .as_deref()
                        .map(|n| hex_u16("devices[].nwk_address", n))
                        .transpose()?,
                    is_child: d.is_child,
                    link_key: d
                        .link_key
                        .map(|k| {
                            Ok::<_, BackupError>(KeyState {
                                key: hex_key("devices[].link_key.key", &k.key)?,
                                sequence: 0,
                                tx_counter: k.tx_counter,
                                rx_counter: k.rx_counter,
                            })
                        })
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, BackupError>>()?;
        Ok(Self {
            coordinator_ieee: hex_u64("coordinator_ieee", &file.coordinator_ieee)?,
            pan_id,
            extended_pan_id: hex_u64("extended_pan_id", &file.extended_pan_id)?,
            nwk_update_id: file.nwk_update_id,
            security_level: file.security_level,
            channel: file.channel,
            channel_mask,
            network_key: KeyState {
                key: hex_key("network_key.key", &file.network_key.key)?,
                sequence: file.network_key.sequence_number,
                tx_counter: file.network_key.frame_counter,
                rx_counter: 0,
            },
            devices,
            source: file.metadata.source,
            internal: file.metadata.internal,
            stack_specific: file.stack_specific.unwrap_or_default(),
        })
    }

    /// The backup as pretty-printed JSON; devices sorted by IEEE address, as zigpy writes them.
    ///
    /// # Errors
    /// Never in practice (serialising plain data).
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut devices: Vec<&BackupDevice> = self.devices.iter().collect();
        devices.sort_by_key(|d| d.ieee);
        let file = FileBackup {
            metadata: FileMetadata {
                version: u64::from(VERSION),
                format: FORMAT.into(),
                source: self.source.clone(),
                internal: self.internal.clone(),
            },
            stack_specific: Some(self.stack_specific.clone()),
            coordinator_ieee: format!("{:016x}", self.coordinator_ieee),
            pan_id: format!("{:04x}", self.pan_id),
            extended_pan_id: format!("{:016x}", self.extended_pan_id),
            nwk_update_id: self.nwk_update_id,
            security_level: self.security_level,
            channel: self.channel,
            channel_mask: (11u8..=26)
                .filter(|c| self.channel_mask & (1 << c) != 0)
                .collect(),
            network_key: FileKey {
                key: hex::encode(self.network_key.key),
                sequence_number: self.network_key.sequence,
                frame_counter: self.network_key.tx_counter,
            },
            devices: devices
                .into_iter()
                .map(|d| FileDevice {
                    ieee_address: format!("{:016x}", d.ieee),
                    nwk_address: d.nwk.map(|n| format!("{n:04x}")),
                    is_child: d.is_child,
                    link_key: d.link_key.map(|k| FileLinkKey {
                        key: hex::encode(k.key),
                        tx_counter: k.tx_counter,
                        rx_counter: k.rx_counter,
                    }),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&file).map(|s| s + "\n")
    }

    /// Reads a backup file.
    ///
    /// # Errors
    /// As [`NetworkBackup::from_json`], and I/O errors.
    pub fn read(path: &Path) -> Result<Self, BackupError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BackupError::Io {
            path: name.clone(),
            source,
        })?;
        Self::from_json(&text, &name)
    }

    /// Writes the backup to `path`, readable by its owner only (mode 0600), replacing the file
    /// atomically.
    ///
    /// # Errors
    /// I/O errors.
    pub fn write(&self, path: &Path) -> Result<(), BackupError> {
        let name = path.display().to_string();
        let io = |source| BackupError::Io {
            path: name.clone(),
            source,
        };
        let json = self.to_json().map_err(|e| BackupError::Io {
            path: name.clone(),
            source: std::io::Error::other(e),
        })?;
        let tmp = path.with_extension("tmp-backup");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(io)?;
        file.write_all(json.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// The same backup with every outgoing frame counter raised by `increment`, as a restore
    /// needs: the devices saw counters up to the backup's, and frames with older counters are
    /// dropped as replays.
    #[must_use]
    pub fn with_counters_bumped(&self, increment: u32) -> Self {
        let mut b = self.clone();
        b.network_key.tx_counter = b.network_key.tx_counter.saturating_add(increment);
        for d in &mut b.devices {
            if let Some(k) = d.link_key.as_mut() {
                k.tx_counter = k.tx_counter.saturating_add(increment);
            }
        }
        b
    }

    /// A copy for printing: keys replaced by `"<hidden>"`-equivalent zeros unless `show_keys`.
    #[must_use]
    pub fn redacted(&self, show_keys: bool) -> Self {
        if show_keys {
            return self.clone();
        }
        let mut b = self.clone();
        b.network_key.key = [0; 16];
        for d in &mut b.devices {
            if let Some(k) = d.link_key.as_mut() {
                k.key = [0; 16];
            }
        }
        b.stack_specific = Map::new();
        b
    }
}

/// The current time in RFC 3339 (UTC), for `metadata.internal.creation_time`.
pub fn now_rfc3339() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A backup as zigpy-znp 1.1.1 wrote it from our simulator (keys shortened to the test's).
    const ZIGPY_ZNP: &str = r#"{
        "metadata": {"version": 1, "format": "zigpy/open-coordinator-backup",
            "source": "zigpy-znp@1.1.1",
            "internal": {"creation_time": "2026-12-03T13:08:03.741260+00:00",
                "node": {"ieee": "00124b0001abcdef", "nwk": "0000", "type": "coordinator"},
                "zstack": {"ProductId": 1}}},
        "stack_specific": {"zstack": {"tclk_seed": "bc3d4e81dc5e22ca9ddee9fdd404113e"}},
        "coordinator_ieee": "00124b0001abcdef",
        "pan_id": "7f3a",
        "extended_pan_id": "392be8691334db39",
        "nwk_update_id": 0,
        "security_level": 5,
        "channel": 25,
        "channel_mask": [25],
        "network_key": {"key": "2ed2e94a614695d6a13c69dd1598338e", "sequence_number": 0,
            "frame_counter": 36887},
        "devices": [{"ieee_address": "00158d00045e6f02", "nwk_address": "e649", "is_child": true},
            {"ieee_address": "001788010a1b2c01", "nwk_address": null, "is_child": false,
             "link_key": {"key": "000102030405060708090a0b0c0d0e0f", "tx_counter": 4,
                          "rx_counter": 9}}]
    }"#;

    #[test]
    fn reads_what_zigpy_writes_and_writes_it_back_equal() {
        let b = NetworkBackup::from_json(ZIGPY_ZNP, "t").unwrap();
        assert_eq!(b.coordinator_ieee, 0x0012_4b00_01ab_cdef);
        assert_eq!((b.pan_id, b.channel, b.channel_mask), (0x7F3A, 25, 1 << 25));
        assert_eq!(b.extended_pan_id, 0x392b_e869_1334_db39);
        assert_eq!(b.network_key.key[0], 0x2E);
        assert_eq!(b.network_key.tx_counter, 36887);
        assert_eq!(b.devices[0].nwk, Some(0xE649));
        assert_eq!(b.devices[1].link_key.unwrap().rx_counter, 9);
        assert_eq!(
            b.stack_specific["zstack"]["tclk_seed"],
            "bc3d4e81dc5e22ca9ddee9fdd404113e"
        );
        let again = NetworkBackup::from_json(&b.to_json().unwrap(), "t").unwrap();
        assert_eq!(again, b);
        let value: Value = serde_json::from_str(&b.to_json().unwrap()).unwrap();
        let original: Value = serde_json::from_str(ZIGPY_ZNP).unwrap();
        assert_eq!(value, original, "nothing lost or renamed");
    }

    #[test]
    fn refuses_other_formats_and_impossible_values() {
        let other = ZIGPY_ZNP.replace("zigpy/open-coordinator-backup", "z2m/backup");
        assert!(matches!(
            NetworkBackup::from_json(&other, "f"),
            Err(BackupError::Format { .. })
        ));
        let channel = ZIGPY_ZNP.replace("\"channel\": 25", "\"channel\": 27");
        assert!(matches!(
            NetworkBackup::from_json(&channel, "f"),
            Err(BackupError::Invalid {
                field: "channel",
                ..
            })
        ));
        let key = ZIGPY_ZNP.replace("2ed2e94a614695d6a13c69dd1598338e", "2ed2");
        let e = NetworkBackup::from_json(&key, "f").unwrap_err().to_string();
        assert!(
            e.contains("network_key.key") && e.contains("2 bytes"),
            "{e}"
        );
        assert!(matches!(
            NetworkBackup::from_json("{}", "f"),
            Err(BackupError::Json { .. })
        ));
    }

    #[test]
    fn restore_bumps_counters_and_printing_hides_keys() {
        let b = NetworkBackup::from_json(ZIGPY_ZNP, "t").unwrap();
        let bumped = b.with_counters_bumped(10_000);
        assert_eq!(bumped.network_key.tx_counter, 46_887);
        assert_eq!(bumped.devices[1].link_key.unwrap().tx_counter, 10_004);
        let shown = b.redacted(false).to_json().unwrap();
        assert!(!shown.contains("2ed2e94a"), "{shown}");
        assert!(!shown.contains("bc3d4e81"), "{shown}");
        assert!(b.redacted(true).to_json().unwrap().contains("2ed2e94a"));
    }

    #[cfg(unix)]
    #[test]
    fn backup_files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let b = NetworkBackup::from_json(ZIGPY_ZNP, "t").unwrap();
        let path = std::env::temp_dir().join(format!("zcl-backup-{}.json", std::process::id()));
        b.write(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(NetworkBackup::read(&path).unwrap(), b);
        std::fs::remove_file(&path).unwrap();
    }
}
