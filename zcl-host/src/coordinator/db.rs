//! The coordinator's state in SQLite: the network, its devices with their endpoints and
//! clusters, an attribute cache with timestamps, bindings, reporting configuration and group
//! memberships.
//!
//! The database runs in WAL mode with foreign keys on; every change is one transaction, so a
//! process killed at any moment leaves the last committed state (a test kills writers with
//! SIGKILL in a loop). The schema version is kept in `PRAGMA user_version` and upgraded by
//! the [`MIGRATIONS`] in order, each in its own transaction.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::render::ieee_string;

/// Schema migrations: entry `n` takes the schema from version `n` to `n + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE network (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        radio TEXT NOT NULL,
        coordinator_ieee TEXT NOT NULL,
        pan_id INTEGER NOT NULL,
        extended_pan_id TEXT NOT NULL,
        channel INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE devices (
        ieee TEXT PRIMARY KEY,
        nwk INTEGER NOT NULL,
        logical_type TEXT,
        manufacturer_code INTEGER,
        rx_on_when_idle INTEGER,
        manufacturer TEXT,
        model TEXT,
        interviewed INTEGER NOT NULL DEFAULT 0,
        joined_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        lqi INTEGER
    );
    CREATE TABLE endpoints (
        ieee TEXT NOT NULL REFERENCES devices(ieee) ON DELETE CASCADE,
        endpoint INTEGER NOT NULL,
        profile INTEGER NOT NULL,
        device_id INTEGER NOT NULL,
        PRIMARY KEY (ieee, endpoint)
    );
    CREATE TABLE clusters (
        ieee TEXT NOT NULL,
        endpoint INTEGER NOT NULL,
        cluster INTEGER NOT NULL,
        server INTEGER NOT NULL,
        PRIMARY KEY (ieee, endpoint, cluster, server),
        FOREIGN KEY (ieee, endpoint) REFERENCES endpoints(ieee, endpoint) ON DELETE CASCADE
    );
    CREATE TABLE attributes (
        ieee TEXT NOT NULL REFERENCES devices(ieee) ON DELETE CASCADE,
        endpoint INTEGER NOT NULL,
        cluster INTEGER NOT NULL,
        attribute INTEGER NOT NULL,
        data_type INTEGER NOT NULL,
        value BLOB NOT NULL,
        value_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (ieee, endpoint, cluster, attribute)
    );
    CREATE TABLE bindings (
        ieee TEXT NOT NULL REFERENCES devices(ieee) ON DELETE CASCADE,
        endpoint INTEGER NOT NULL,
        cluster INTEGER NOT NULL,
        destination TEXT NOT NULL,
        PRIMARY KEY (ieee, endpoint, cluster, destination)
    );
    CREATE TABLE reporting (
        ieee TEXT NOT NULL REFERENCES devices(ieee) ON DELETE CASCADE,
        endpoint INTEGER NOT NULL,
        cluster INTEGER NOT NULL,
        attribute INTEGER NOT NULL,
        min_interval INTEGER NOT NULL,
        max_interval INTEGER NOT NULL,
        reportable_change TEXT,
        PRIMARY KEY (ieee, endpoint, cluster, attribute)
    );
    CREATE TABLE group_members (
        ieee TEXT NOT NULL REFERENCES devices(ieee) ON DELETE CASCADE,
        endpoint INTEGER NOT NULL,
        group_id INTEGER NOT NULL,
        PRIMARY KEY (ieee, endpoint, group_id)
    );",
];

/// Why the database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// SQLite refused (a file that is not a database, a locked or read-only file, ...).
    #[error("database {path}: {source}")]
    Sqlite {
        /// The file.
        path: String,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file was written by a newer version of this tool.
    #[error("database {path}: schema version {found} is newer than this tool knows ({known})")]
    TooNew {
        /// The file.
        path: String,
        /// Version in the file.
        found: u32,
        /// Newest version this tool knows.
        known: u32,
    },
    /// A value in the database does not parse.
    #[error("database {path}: {what}")]
    Corrupt {
        /// The file.
        path: String,
        /// What was wrong.
        what: String,
    },
}

/// The network row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkRow {
    /// Coprocessor family.
    pub radio: String,
    /// Coordinator IEEE address.
    pub coordinator_ieee: u64,
    /// PAN id.
    pub pan_id: u16,
    /// Extended PAN id.
    pub extended_pan_id: u64,
    /// Channel.
    pub channel: u8,
}

/// One device as the database knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceRow {
    /// IEEE address.
    #[serde(serialize_with = "ser_ieee")]
    pub ieee: u64,
    /// Network address.
    pub nwk: u16,
    /// Coordinator, router or end device (after the interview).
    pub logical_type: Option<String>,
    /// Manufacturer code from the node descriptor.
    pub manufacturer_code: Option<u16>,
    /// Whether its receiver is on when idle (false: a sleepy end device).
    pub rx_on_when_idle: Option<bool>,
    /// Basic cluster manufacturer name.
    pub manufacturer: Option<String>,
    /// Basic cluster model identifier.
    pub model: Option<String>,
    /// Whether the interview finished.
    pub interviewed: bool,
    /// When it joined (Unix seconds).
    pub joined_at: i64,
    /// When it was last heard from (Unix seconds).
    pub last_seen: i64,
    /// Link quality of the last frame heard.
    pub lqi: Option<u8>,
    /// Endpoints (after the interview).
    pub endpoints: Vec<EndpointRow>,
}

/// One endpoint of a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointRow {
    /// Endpoint number.
    pub endpoint: u8,
    /// Profile id.
    pub profile: u16,
    /// Device id.
    pub device_id: u16,
    /// Server clusters.
    pub input_clusters: Vec<u16>,
    /// Client clusters.
    pub output_clusters: Vec<u16>,
}

/// A reporting configuration: (endpoint, cluster, attribute, min interval, max interval).
pub type ReportingRow = (u8, u16, u16, u16, u16);

/// A cached attribute value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttributeRow {
    /// Endpoint.
    pub endpoint: u8,
    /// Cluster.
    pub cluster: u16,
    /// Attribute id.
    pub attribute: u16,
    /// ZCL data type.
    pub data_type: u8,
    /// Value as on the wire.
    pub value: Vec<u8>,
    /// Value as `decode --json` shows it.
    pub value_json: String,
    /// When it was read or reported (Unix seconds).
    pub updated_at: i64,
}

fn ser_ieee<S: serde::Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&ieee_string(*v))
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Parses an IEEE address written as `ieee_string` writes it (or as 16 hex digits); see
/// [`zcl_frames::Eui64`]'s `FromStr`.
pub fn parse_ieee(s: &str) -> Option<u64> {
    s.parse::<zcl_frames::Eui64>().ok().map(|e| e.0)
}

/// The coordinator database.
#[derive(Debug)]
pub struct Database {
    conn: Connection,
    path: String,
}

impl Database {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    ///
    /// # Errors
    /// The file is not an SQLite database, cannot be opened or was written by a newer tool.
    pub fn open(path: &Path) -> Result<Self, DbError> {
        let name = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| DbError::Sqlite {
            path: name.clone(),
            source,
        })?;
        Self::setup(conn, name)
    }

    /// A database in memory (for commands run without `--database`).
    ///
    /// # Errors
    /// SQLite could not create it.
    pub fn in_memory() -> Result<Self, DbError> {
        let conn = Connection::open_in_memory().map_err(|source| DbError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        Self::setup(conn, ":memory:".into())
    }

    fn setup(mut conn: Connection, path: String) -> Result<Self, DbError> {
        let err = |source| DbError::Sqlite {
            path: path.clone(),
            source,
        };
        // Another process (a `listen` running beside a `read`) may hold the write lock.
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(err)?;
        // journal_mode answers with a row; the first statement also reveals a file that is
        // not a database.
        let _mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(err)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")
            .map_err(err)?;
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        let known = u32::try_from(MIGRATIONS.len()).unwrap_or(u32::MAX);
        if version > known {
            return Err(DbError::TooNew {
                path,
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction().map_err(err)?;
            tx.execute_batch(sql).map_err(err)?;
            tx.pragma_update(
                None,
                "user_version",
                u32::try_from(i + 1).unwrap_or(u32::MAX),
            )
            .map_err(err)?;
            tx.commit().map_err(err)?;
        }
        Ok(Self { conn, path })
    }

    fn err(&self, source: rusqlite::Error) -> DbError {
        DbError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// The schema version in the file.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn schema_version(&self) -> Result<u32, DbError> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Runs SQLite's integrity check; `Ok(())` when the file is sound.
    ///
    /// # Errors
    /// [`DbError::Corrupt`] with SQLite's findings.
    pub fn check(&self) -> Result<(), DbError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(DbError::Corrupt {
                path: self.path.clone(),
                what: result,
            })
        }
    }

    /// Records the network the coordinator runs.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn set_network(&self, n: &NetworkRow) -> Result<(), DbError> {
        self.conn
            .execute(
                "INSERT INTO network (id, radio, coordinator_ieee, pan_id, extended_pan_id,
                 channel, updated_at) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET radio = ?1, coordinator_ieee = ?2, pan_id = ?3,
                 extended_pan_id = ?4, channel = ?5, updated_at = ?6",
                params![
                    n.radio,
                    ieee_string(n.coordinator_ieee),
                    n.pan_id,
                    format!("{:016x}", n.extended_pan_id),
                    n.channel,
                    unix_now()
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The network recorded last.
    ///
    /// # Errors
    /// SQLite errors; values that do not parse.
    pub fn network(&self) -> Result<Option<NetworkRow>, DbError> {
        let row = self
            .conn
            .query_row(
                "SELECT radio, coordinator_ieee, pan_id, extended_pan_id, channel FROM network",
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, u16>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, u8>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((radio, ieee, pan_id, epid, channel)) = row else {
            return Ok(None);
        };
        Ok(Some(NetworkRow {
            radio,
            coordinator_ieee: self.ieee(&ieee)?,
            pan_id,
            extended_pan_id: u64::from_str_radix(&epid, 16)
                .map_err(|_| self.corrupt(format!("extended PAN id {epid:?}")))?,
            channel,
        }))
    }

    fn corrupt(&self, what: String) -> DbError {
        DbError::Corrupt {
            path: self.path.clone(),
            what,
        }
    }

    fn ieee(&self, s: &str) -> Result<u64, DbError> {
        parse_ieee(s).ok_or_else(|| self.corrupt(format!("IEEE address {s:?}")))
    }

    /// Records a device that joined or announced itself (a new address replaces the old).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn upsert_device(&self, ieee: u64, nwk: u16) -> Result<(), DbError> {
        let now = unix_now();
        self.conn
            .execute(
                "INSERT INTO devices (ieee, nwk, joined_at, last_seen) VALUES (?1, ?2, ?3, ?3)
                 ON CONFLICT(ieee) DO UPDATE SET nwk = ?2, last_seen = ?3",
                params![ieee_string(ieee), nwk, now],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Notes that a device was heard from.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn seen(&self, nwk: u16, lqi: u8) -> Result<(), DbError> {
        self.conn
            .execute(
                "UPDATE devices SET last_seen = ?1, lqi = ?2 WHERE nwk = ?3",
                params![unix_now(), lqi, nwk],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Forgets a device and everything about it.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn remove_device(&self, ieee: u64) -> Result<bool, DbError> {
        let n = self
            .conn
            .execute(
                "DELETE FROM devices WHERE ieee = ?1",
                params![ieee_string(ieee)],
            )
            .map_err(|e| self.err(e))?;
        Ok(n > 0)
    }

    /// Stores what an interview found, in one transaction.
    ///
    /// # Errors
    /// SQLite errors.
    #[allow(clippy::too_many_arguments)] // the interview's findings, one column each
    pub fn store_interview(
        &mut self,
        ieee: u64,
        logical_type: &str,
        manufacturer_code: u16,
        rx_on_when_idle: bool,
        endpoints: &[EndpointRow],
        manufacturer: Option<&str>,
        model: Option<&str>,
    ) -> Result<(), DbError> {
        let path = self.path.clone();
        let err = |source| DbError::Sqlite {
            path: path.clone(),
            source,
        };
        let id = ieee_string(ieee);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute(
            "UPDATE devices SET logical_type = ?2, manufacturer_code = ?3, rx_on_when_idle = ?4,
             manufacturer = ?5, model = ?6, interviewed = 1 WHERE ieee = ?1",
            params![
                id,
                logical_type,
                manufacturer_code,
                rx_on_when_idle,
                manufacturer,
                model
            ],
        )
        .map_err(err)?;
        tx.execute("DELETE FROM endpoints WHERE ieee = ?1", params![id])
            .map_err(err)?;
        for e in endpoints {
            tx.execute(
                "INSERT INTO endpoints (ieee, endpoint, profile, device_id) VALUES (?1, ?2, ?3, ?4)",
                params![id, e.endpoint, e.profile, e.device_id],
            )
            .map_err(err)?;
            for (clusters, server) in [(&e.input_clusters, true), (&e.output_clusters, false)] {
                for c in clusters {
                    tx.execute(
                        "INSERT OR IGNORE INTO clusters (ieee, endpoint, cluster, server)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![id, e.endpoint, c, server],
                    )
                    .map_err(err)?;
                }
            }
        }
        tx.commit().map_err(err)
    }

    /// Caches an attribute value (read or reported).
    ///
    /// # Errors
    /// SQLite errors; a device the database does not know.
    pub fn store_attribute(&self, ieee: u64, a: &AttributeRow) -> Result<(), DbError> {
        self.conn
            .execute(
                "INSERT INTO attributes (ieee, endpoint, cluster, attribute, data_type, value,
                 value_json, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT(ieee, endpoint, cluster, attribute) DO UPDATE SET data_type = ?5,
                 value = ?6, value_json = ?7, updated_at = ?8",
                params![
                    ieee_string(ieee),
                    a.endpoint,
                    a.cluster,
                    a.attribute,
                    a.data_type,
                    a.value,
                    a.value_json,
                    a.updated_at
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The cached attributes of a device.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn attributes(&self, ieee: u64) -> Result<Vec<AttributeRow>, DbError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT endpoint, cluster, attribute, data_type, value, value_json, updated_at
                 FROM attributes WHERE ieee = ?1 ORDER BY endpoint, cluster, attribute",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![ieee_string(ieee)], |r| {
                Ok(AttributeRow {
                    endpoint: r.get(0)?,
                    cluster: r.get(1)?,
                    attribute: r.get(2)?,
                    data_type: r.get(3)?,
                    value: r.get(4)?,
                    value_json: r.get(5)?,
                    updated_at: r.get(6)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Records a binding made (`destination`: an IEEE address and endpoint, or a group).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn set_binding(
        &self,
        ieee: u64,
        endpoint: u8,
        cluster: u16,
        destination: &str,
        bound: bool,
    ) -> Result<(), DbError> {
        let sql = if bound {
            "INSERT OR IGNORE INTO bindings (ieee, endpoint, cluster, destination)
             VALUES (?1, ?2, ?3, ?4)"
        } else {
            "DELETE FROM bindings WHERE ieee = ?1 AND endpoint = ?2 AND cluster = ?3
             AND destination = ?4"
        };
        self.conn
            .execute(
                sql,
                params![ieee_string(ieee), endpoint, cluster, destination],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The bindings recorded for a device: (endpoint, cluster, destination).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn bindings(&self, ieee: u64) -> Result<Vec<(u8, u16, String)>, DbError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT endpoint, cluster, destination FROM bindings WHERE ieee = ?1
                 ORDER BY endpoint, cluster, destination",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![ieee_string(ieee)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Records a reporting configuration the device accepted.
    ///
    /// # Errors
    /// SQLite errors.
    #[allow(clippy::too_many_arguments)] // one column each
    pub fn set_reporting(
        &self,
        ieee: u64,
        endpoint: u8,
        cluster: u16,
        attribute: u16,
        min_interval: u16,
        max_interval: u16,
        reportable_change: Option<&str>,
    ) -> Result<(), DbError> {
        self.conn
            .execute(
                "INSERT INTO reporting (ieee, endpoint, cluster, attribute, min_interval,
                 max_interval, reportable_change) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(ieee, endpoint, cluster, attribute) DO UPDATE SET
                 min_interval = ?5, max_interval = ?6, reportable_change = ?7",
                params![
                    ieee_string(ieee),
                    endpoint,
                    cluster,
                    attribute,
                    min_interval,
                    max_interval,
                    reportable_change
                ],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// The reporting configurations recorded for a device:
    /// (endpoint, cluster, attribute, min, max).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn reporting(&self, ieee: u64) -> Result<Vec<ReportingRow>, DbError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT endpoint, cluster, attribute, min_interval, max_interval FROM reporting
                 WHERE ieee = ?1 ORDER BY endpoint, cluster, attribute",
            )
            .map_err(|e| self.err(e))?;
        let rows = st
            .query_map(params![ieee_string(ieee)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Records a group membership added or removed.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn set_group(
        &self,
        ieee: u64,
        endpoint: u8,
        group: u16,
        member: bool,
    ) -> Result<(), DbError> {
        let sql = if member {
            "INSERT OR IGNORE INTO group_members (ieee, endpoint, group_id) VALUES (?1, ?2, ?3)"
        } else {
            "DELETE FROM group_members WHERE ieee = ?1 AND endpoint = ?2 AND group_id = ?3"
        };
        self.conn
            .execute(sql, params![ieee_string(ieee), endpoint, group])
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Group memberships: (IEEE address, endpoint, group).
    ///
    /// # Errors
    /// SQLite errors; addresses that do not parse.
    pub fn groups(&self) -> Result<Vec<(u64, u8, u16)>, DbError> {
        let mut st = self
            .conn
            .prepare("SELECT ieee, endpoint, group_id FROM group_members ORDER BY group_id, ieee")
            .map_err(|e| self.err(e))?;
        let rows: Vec<(String, u8, u16)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter()
            .map(|(i, e, g)| Ok((self.ieee(&i)?, e, g)))
            .collect()
    }

    /// Every device with its endpoints, by IEEE address.
    ///
    /// # Errors
    /// SQLite errors; values that do not parse.
    pub fn devices(&self) -> Result<Vec<DeviceRow>, DbError> {
        let mut st = self
            .conn
            .prepare(
                "SELECT ieee, nwk, logical_type, manufacturer_code, rx_on_when_idle, manufacturer,
                 model, interviewed, joined_at, last_seen, lqi FROM devices ORDER BY ieee",
            )
            .map_err(|e| self.err(e))?;
        type Raw = (
            String,
            u16,
            Option<String>,
            Option<u16>,
            Option<bool>,
            Option<String>,
            Option<String>,
            bool,
            i64,
            i64,
            Option<u8>,
        );
        let raw: Vec<Raw> = st
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            })
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        raw.into_iter()
            .map(|r| {
                let ieee = self.ieee(&r.0)?;
                Ok(DeviceRow {
                    ieee,
                    nwk: r.1,
                    logical_type: r.2,
                    manufacturer_code: r.3,
                    rx_on_when_idle: r.4,
                    manufacturer: r.5,
                    model: r.6,
                    interviewed: r.7,
                    joined_at: r.8,
                    last_seen: r.9,
                    lqi: r.10,
                    endpoints: self.endpoints(ieee)?,
                })
            })
            .collect()
    }

    fn endpoints(&self, ieee: u64) -> Result<Vec<EndpointRow>, DbError> {
        let id = ieee_string(ieee);
        let mut st = self
            .conn
            .prepare(
                "SELECT endpoint, profile, device_id FROM endpoints WHERE ieee = ?1
                 ORDER BY endpoint",
            )
            .map_err(|e| self.err(e))?;
        let eps: Vec<(u8, u16, u16)> = st
            .query_map(params![id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(|e| self.err(e))?
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let mut cl = self
            .conn
            .prepare(
                "SELECT cluster, server FROM clusters WHERE ieee = ?1 AND endpoint = ?2
                 ORDER BY cluster",
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for (endpoint, profile, device_id) in eps {
            let clusters: Vec<(u16, bool)> = cl
                .query_map(params![id, endpoint], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(|e| self.err(e))?
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            out.push(EndpointRow {
                endpoint,
                profile,
                device_id,
                input_clusters: clusters.iter().filter(|c| c.1).map(|c| c.0).collect(),
                output_clusters: clusters.iter().filter(|c| !c.1).map(|c| c.0).collect(),
            });
        }
        Ok(out)
    }

    /// The device with this IEEE address.
    ///
    /// # Errors
    /// As [`Database::devices`].
    pub fn device(&self, ieee: u64) -> Result<Option<DeviceRow>, DbError> {
        Ok(self.devices()?.into_iter().find(|d| d.ieee == ieee))
    }

    /// The device with this network address.
    ///
    /// # Errors
    /// As [`Database::devices`].
    pub fn device_by_nwk(&self, nwk: u16) -> Result<Option<DeviceRow>, DbError> {
        Ok(self.devices()?.into_iter().find(|d| d.nwk == nwk))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_created_and_devices_round_trip() {
        let mut db = Database::in_memory().unwrap();
        assert_eq!(db.schema_version().unwrap(), 1);
        db.upsert_device(0x0011_2233_4455_6677, 0x1234).unwrap();
        db.upsert_device(0x0011_2233_4455_6677, 0x4321).unwrap();
        let ep = EndpointRow {
            endpoint: 1,
            profile: 0x0104,
            device_id: 0x0101,
            input_clusters: vec![0x0000, 0x0006],
            output_clusters: vec![0x0019],
        };
        db.store_interview(
            0x0011_2233_4455_6677,
            "router",
            0x1234,
            true,
            std::slice::from_ref(&ep),
            Some("ACME"),
            Some("L1"),
        )
        .unwrap();
        let d = db.device(0x0011_2233_4455_6677).unwrap().unwrap();
        assert_eq!(d.nwk, 0x4321);
        assert_eq!(d.model.as_deref(), Some("L1"));
        assert!(d.interviewed);
        assert_eq!(d.endpoints, vec![ep]);
        assert_eq!(db.device_by_nwk(0x4321).unwrap().unwrap().ieee, d.ieee);
        // Removing the device removes its endpoints and clusters (foreign keys cascade).
        assert!(db.remove_device(d.ieee).unwrap());
        assert!(db.devices().unwrap().is_empty());
        let n: u32 = db
            .conn
            .query_row("SELECT COUNT(*) FROM clusters", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
        let dir = std::env::temp_dir().join(format!("zcl-db-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not-a-db.sqlite");
        std::fs::write(
            &path,
            b"this is not an SQLite file, it is plain text\n".repeat(100),
        )
        .unwrap();
        let err = Database::open(&path).unwrap_err();
        assert!(matches!(err, DbError::Sqlite { .. }), "{err}");
        assert!(err.to_string().contains("not a database"), "{err}");
        assert!(std::fs::read(&path).unwrap().starts_with(b"this is not"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = std::env::temp_dir().join(format!("zcl-db-new-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("new.sqlite");
        {
            let c = Connection::open(&path).unwrap();
            c.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = Database::open(&path).unwrap_err();
        assert!(
            matches!(
                err,
                DbError::TooNew {
                    found: 99,
                    known: 1,
                    ..
                }
            ),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn ieee_text_round_trips() {
        let v = 0x00124b0012345678;
        assert_eq!(parse_ieee(&ieee_string(v)), Some(v));
        assert_eq!(parse_ieee("00124b0012345678"), Some(v));
        assert_eq!(parse_ieee("00:12"), None);
    }
}
