//! [`Radio`] for TI Z-Stack 3.30+ coprocessors: a backup is read from NV (NIB, keys, frame
//! counters, address manager and link key tables) and a restore written to NV the way
//! Z-Stack needs it: the state is cleared, a network with the backup's parameters is formed so
//! the firmware creates every item, then the NIB, keys, counters and device tables are
//! overwritten and the coprocessor restarted.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use zcl_radio::mt::commands::{af, app_cnf, sys, util, zdo, Callback, Command};
use zcl_radio::mt::nv::{
    AddrMgrEntry, ExNvId, Nib, NwkKeyDesc, NwkSecMaterialDesc, OsalNvId, TclkDevEntry,
};
use zcl_radio::mt::types::{
    AddrMode, BdbCommissioningMode, Channels, DeviceState, LatencyReq, Status, TransmitOptions,
};
use zcl_radio::mt::version::ZStackRelease;
use zcl_radio::mt::wire::{AddrModeAddress, Eui64, List8, LongBytes};

use super::aps::{
    Destination, EndpointConfig, EnergyReading, FoundNetwork, IncomingAps, OutgoingAps, RadioEvent,
    HA_PROFILE, ZDO_PROFILE,
};
use super::backup::{now_rfc3339, BackupDevice, KeyState, NetworkBackup};
use super::radio::{Radio, RadioError};
use crate::radio::znp::{ZnpError, ZnpHost};

/// Address manager user types (`AddrMgrUserType`).
const ADDRMGR_ASSOC: u8 = 0x01;
const ADDRMGR_SECURITY: u8 = 0x02;
const ADDRMGR_BINDING: u8 = 0x04;
/// An unused address manager entry on Z-Stack 3.30.
const ADDRMGR_EMPTY: AddrMgrEntry = AddrMgrEntry {
    user_type: 0xFF,
    nwk_addr: 0xFFFF,
    ext_addr: Eui64(u64::MAX),
};
/// TCLK entry key attributes: a unique key the trust center verified.
const TCLK_VERIFIED_KEY: u8 = 0x02;
/// TCLK entry key attributes of an unused entry.
const TCLK_DEFAULT_KEY: u8 = 0xFF;
/// `HAS_CONFIGURED_ZSTACK3` holds this once the coordinator is configured.
const ZSTACK_CONFIGURED: u8 = 0x55;
/// `STARTUP_OPTION`: clear the configuration and the network state at the next start.
const CLEAR_CONFIG_AND_STATE: u8 = 0x03;
/// How long forming the temporary network may take.
const FORMATION_TIMEOUT: Duration = Duration::from_secs(30);
/// `ZDO_MSG_CB_REGISTER` cluster id meaning every ZDO cluster.
const ALL_ZDO_CLUSTERS: u16 = 0xFFFF;
/// ZDP Device_annce (reported as `ZDO_END_DEVICE_ANNCE_IND` as well).
const DEVICE_ANNCE: u16 = 0x0013;
/// How long an energy scan may run past its nominal duration.
const SCAN_SLACK: Duration = Duration::from_secs(5);

/// A Z-Stack coprocessor behind the [`Radio`] seam.
#[derive(Debug)]
pub struct ZnpRadio {
    host: ZnpHost,
    next_tsn: u8,
    endpoints: Vec<(u8, u16)>,
    events: VecDeque<RadioEvent>,
}

impl ZnpRadio {
    /// Wraps a connected host.
    pub fn new(host: ZnpHost) -> Self {
        Self {
            host,
            next_tsn: 1,
            endpoints: Vec::new(),
            events: VecDeque::new(),
        }
    }

    /// Brings the stored network up if the coordinator is not running it yet.
    fn ensure_running(&mut self) -> Result<(), RadioError> {
        let state = self.host.request(&util::GetDeviceInfo {})?.device_state;
        if state == DeviceState::ZbCoord {
            return Ok(());
        }
        if self.read_backup()?.is_none() {
            return Err(RadioError::NoNetwork {
                port: self.port_string(),
            });
        }
        // Z-Stack 3 starts a commissioned network through BDB; it answers "formation
        // failure" for a network it restores, and reports the coordinator up.
        let r = self.host.request(&app_cnf::BdbStartCommissioning {
            mode: BdbCommissioningMode::NWK_FORMATION,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("BDB commissioning: {:?}", r.status)));
        }
        self.wait_coordinator()
    }

    /// Translates an AREQ into an event; those the coordinator does not use give `None`.
    fn translate(&self, frame: &zcl_radio::mt::Frame) -> Result<Option<RadioEvent>, RadioError> {
        let Ok(cb) = self.host.decode_callback(frame) else {
            tracing::debug!(?frame, "AREQ that does not decode, ignored");
            return Ok(None);
        };
        Ok(match cb {
            Callback::AfIncomingMsg(m) => Some(RadioEvent::Message(IncomingAps {
                src_nwk: m.src_addr,
                src_ieee: None,
                profile: self.profile_of(m.dst_endpoint),
                cluster: m.cluster_id,
                src_ep: m.src_endpoint,
                dst_ep: m.dst_endpoint,
                group: (m.group_id != 0).then_some(m.group_id),
                broadcast: m.was_broadcast,
                lqi: m.lqi,
                rssi: None,
                payload: m.data.0,
            })),
            Callback::AfIncomingMsgExt(m) => {
                let (src_nwk, src_ieee) = match m.src {
                    AddrModeAddress::Nwk(n) => (n, None),
                    AddrModeAddress::Ieee(e) => (m.mac_src_addr, Some(e.0)),
                    _ => (m.mac_src_addr, None),
                };
                Some(RadioEvent::Message(IncomingAps {
                    src_nwk,
                    src_ieee,
                    profile: self.profile_of(m.dst_endpoint),
                    cluster: m.cluster_id,
                    src_ep: m.src_endpoint,
                    dst_ep: m.dst_endpoint,
                    group: (m.group_id != 0).then_some(m.group_id),
                    broadcast: m.was_broadcast,
                    lqi: m.lqi,
                    rssi: None,
                    payload: m.data.0,
                }))
            }
            Callback::ZdoMsgCbIncoming(m) if m.cluster_id != DEVICE_ANNCE => {
                let mut payload = Vec::with_capacity(m.data.0.len() + 1);
                payload.push(m.tsn);
                payload.extend_from_slice(&m.data.0);
                Some(RadioEvent::Message(IncomingAps {
                    src_nwk: m.src,
                    src_ieee: None,
                    profile: ZDO_PROFILE,
                    cluster: m.cluster_id,
                    src_ep: 0,
                    dst_ep: 0,
                    group: None,
                    broadcast: m.is_broadcast,
                    lqi: 0,
                    rssi: None,
                    payload,
                }))
            }
            Callback::ZdoEndDeviceAnnceInd(a) => Some(RadioEvent::DeviceAnnounced {
                nwk: a.nwk,
                ieee: a.ieee.0,
                capability: a.capabilities.0,
            }),
            Callback::ZdoTcDevInd(d) => Some(RadioEvent::DeviceJoined {
                nwk: d.src_nwk,
                ieee: d.src_ieee.0,
                parent: d.parent_nwk,
            }),
            Callback::ZdoLeaveInd(l) if !l.rejoin => Some(RadioEvent::DeviceLeft {
                nwk: Some(l.nwk),
                ieee: l.ieee.0,
            }),
            Callback::AfDataConfirm(c) => Some(RadioEvent::Delivery {
                tag: u16::from(c.tsn),
                delivered: c.status == Status::Success,
            }),
            _ => None,
        })
    }

    /// The profile of one of the endpoints `start` registered (Home Automation otherwise).
    fn profile_of(&self, endpoint: u8) -> u16 {
        self.endpoints
            .iter()
            .find(|(e, _)| *e == endpoint)
            .map_or(HA_PROFILE, |(_, p)| *p)
    }

    /// The host underneath.
    pub fn host(&mut self) -> &mut ZnpHost {
        &mut self.host
    }

    fn port_string(&self) -> String {
        self.host.describe().to_owned()
    }

    fn require_3_30(&self, what: &str) -> Result<(), RadioError> {
        if self.host.release() == ZStackRelease::V3_30 {
            Ok(())
        } else {
            Err(RadioError::Unsupported {
                port: self.port_string(),
                what: format!(
                    "{what} on {:?} (only Z-Stack 3.30+ so far)",
                    self.host.release()
                ),
            })
        }
    }

    fn unexpected(&self, what: impl Into<String>) -> RadioError {
        RadioError::Unexpected {
            port: self.port_string(),
            what: what.into(),
        }
    }

    fn read_osal(&mut self, id: OsalNvId) -> Result<Option<Vec<u8>>, RadioError> {
        Ok(self.host.osal_nv_read(id)?)
    }

    /// Every entry of an extended NV table, until the first missing sub id.
    fn read_table(&mut self, item: ExNvId) -> Result<Vec<Vec<u8>>, RadioError> {
        let mut out = Vec::new();
        for sub in 0..=u16::MAX {
            match self.host.nv_read(item, sub)? {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok(out)
    }

    /// Overwrites an extended table: `values` first, `fill` for the rest of its entries.
    fn write_table(
        &mut self,
        item: ExNvId,
        values: &[Vec<u8>],
        fill: &[u8],
    ) -> Result<usize, RadioError> {
        let mut written = 0;
        for sub in 0..=u16::MAX {
            let value = values.get(usize::from(sub)).map_or(fill, Vec::as_slice);
            match self.host.nv_write(item, sub, value, false) {
                Ok(()) => written += 1,
                Err(ZnpError::NvMissing { .. }) => break,
                Err(e) => return Err(e.into()),
            }
        }
        if written < values.len() {
            return Err(self.unexpected(format!(
                "NV table {item:?} has {written} entries, {} needed",
                values.len()
            )));
        }
        Ok(written)
    }

    /// Clears the network state, forms a network with the backup's parameters (so Z-Stack
    /// creates its items) and restarts, as a restore on real sticks needs.
    fn form_temporary(&mut self, b: &NetworkBackup) -> Result<(), RadioError> {
        for id in [
            OsalNvId::HAS_CONFIGURED_ZSTACK1,
            OsalNvId::HAS_CONFIGURED_ZSTACK3,
            OsalNvId::BDBNODEISONANETWORK,
        ] {
            self.host.osal_nv_delete(id)?;
        }
        self.host
            .osal_nv_write(OsalNvId::STARTUP_OPTION, &[CLEAR_CONFIG_AND_STATE], true)?;
        self.host.reset()?;
        let mask = 1u32 << b.channel;
        for (id, value) in [
            (OsalNvId::PANID, b.pan_id.to_le_bytes().to_vec()),
            (
                OsalNvId::APS_USE_EXT_PANID,
                b.extended_pan_id.to_le_bytes().to_vec(),
            ),
            (OsalNvId::PRECFGKEY, b.network_key.key.to_vec()),
            (OsalNvId::PRECFGKEYS_ENABLE, vec![0]),
            (OsalNvId::CHANLIST, mask.to_le_bytes().to_vec()),
        ] {
            self.host.osal_nv_write(id, &value, true)?;
        }
        for (is_primary, channels) in [(true, mask), (false, 0)] {
            let r = self.host.request(&app_cnf::BdbSetChannel {
                is_primary,
                channel: Channels(channels),
            })?;
            if r.status != Status::Success {
                return Err(self.unexpected(format!("BDB set channel: {:?}", r.status)));
            }
        }
        let r = self.host.request(&app_cnf::BdbStartCommissioning {
            mode: BdbCommissioningMode::NWK_FORMATION,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("BDB commissioning: {:?}", r.status)));
        }
        self.wait_coordinator()?;
        self.host.reset()?;
        Ok(())
    }
}

impl ZnpRadio {
    /// Waits for `ZDO_STATE_CHANGE_IND` to report the coordinator up.
    fn wait_coordinator(&mut self) -> Result<(), RadioError> {
        let deadline = Instant::now() + FORMATION_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(frame) = self.host.next_callback(left)? else {
                return Err(self.unexpected("the coordinator did not start within 30 s"));
            };
            if let Ok(ind) = zdo::StateChangeInd::from_frame(&frame) {
                if ind.state == DeviceState::ZbCoord {
                    return Ok(());
                }
            }
        }
    }
}

/// A hashed trust-center link key (Z-Stack 3): the seed rotated by `shift` bytes, XOR the IEEE
/// address (little-endian, twice).
pub fn hashed_link_key(seed: &[u8; 16], ieee: u64, shift: u8) -> [u8; 16] {
    let ieee = ieee.to_le_bytes();
    let mut key = [0u8; 16];
    for (i, k) in key.iter_mut().enumerate() {
        let s = seed
            .get((i + usize::from(shift)) % 16)
            .copied()
            .unwrap_or(0);
        *k = s ^ ieee.get(i % 8).copied().unwrap_or(0);
    }
    key
}

/// The shift that makes `key` the hashed key of `ieee` under `seed`, if any.
pub fn hashed_key_shift(seed: &[u8; 16], ieee: u64, key: &[u8; 16]) -> Option<u8> {
    (0u8..16).find(|s| hashed_link_key(seed, ieee, *s) == *key)
}

fn seed_of(b: &NetworkBackup) -> Option<[u8; 16]> {
    let text = b.stack_specific.get("zstack")?.get("tclk_seed")?.as_str()?;
    <[u8; 16]>::try_from(hex::decode(text).ok()?.as_slice()).ok()
}

impl Radio for ZnpRadio {
    fn port(&self) -> &str {
        self.host.describe()
    }

    fn family(&self) -> &'static str {
        "znp"
    }

    fn ieee(&mut self) -> Result<u64, RadioError> {
        Ok(self.host.request(&sys::GetExtAddr {})?.ext_addr.0)
    }

    fn read_backup(&mut self) -> Result<Option<NetworkBackup>, RadioError> {
        self.require_3_30("reading a backup")?;
        let align = self.host.alignment();
        let commissioned = self.read_osal(OsalNvId::BDBNODEISONANETWORK)?;
        let Some(nib) = self.read_osal(OsalNvId::NIB)? else {
            return Ok(None);
        };
        let nib = Nib::parse(&nib, align).map_err(|e| self.unexpected(format!("NIB: {e}")))?;
        if commissioned.as_deref() != Some(&[1])
            || nib.nwk_key_loaded == 0
            || !(11..=26).contains(&nib.nwk_logical_channel)
        {
            return Ok(None);
        }
        let ieee = self
            .read_osal(OsalNvId::EXTADDR)?
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map(u64::from_le_bytes)
            .ok_or_else(|| self.unexpected("EXTADDR is missing"))?;
        let key = self
            .read_osal(OsalNvId::NWK_ACTIVE_KEY_INFO)?
            .ok_or_else(|| self.unexpected("NWK_ACTIVE_KEY_INFO is missing"))?;
        let key = NwkKeyDesc::parse(&key).map_err(|e| self.unexpected(format!("key: {e}")))?;
        let epid = nib.extended_pan_id.0;
        let mut counter = None;
        let mut global = None;
        for entry in self.read_table(ExNvId::NWK_SEC_MATERIAL_TABLE)? {
            if let Ok(e) = NwkSecMaterialDesc::parse(&entry, align) {
                if e.extended_pan_id.0 == epid {
                    counter = Some(e.frame_counter);
                } else if e.extended_pan_id.0 == u64::MAX {
                    global = Some(e.frame_counter);
                }
            }
        }
        let tx_counter = counter
            .or(global)
            .ok_or_else(|| self.unexpected("no frame counter for this network"))?;
        let seed = self
            .read_osal(OsalNvId::TCLK_SEED)?
            .and_then(|s| <[u8; 16]>::try_from(s.as_slice()).ok());
        let mut devices: Vec<BackupDevice> = Vec::new();
        for entry in self.read_table(ExNvId::ADDRMGR)? {
            let Ok(e) = AddrMgrEntry::parse(&entry, align) else {
                continue;
            };
            if e.ext_addr.0 == 0
                || e.ext_addr.0 == u64::MAX
                || e.user_type == 0x00
                || e.user_type & ADDRMGR_BINDING != 0 && e.user_type & ADDRMGR_ASSOC == 0
            {
                continue;
            }
            devices.push(BackupDevice {
                ieee: e.ext_addr.0,
                nwk: (e.nwk_addr < 0xFFF8).then_some(e.nwk_addr),
                is_child: e.user_type & ADDRMGR_ASSOC != 0,
                link_key: None,
            });
        }
        if let Some(seed) = seed {
            for entry in self.read_table(ExNvId::TCLK_TABLE)? {
                let Ok(e) = TclkDevEntry::parse(&entry, align) else {
                    continue;
                };
                if e.ext_addr.0 == 0 {
                    continue;
                }
                if let Some(d) = devices.iter_mut().find(|d| d.ieee == e.ext_addr.0) {
                    d.link_key = Some(KeyState {
                        key: hashed_link_key(&seed, e.ext_addr.0, e.seed_shift_ic_index),
                        sequence: 0,
                        tx_counter: e.tx_frame_counter,
                        rx_counter: e.rx_frame_counter,
                    });
                }
            }
        }
        let version = self.host.version();
        let mut internal = Map::new();
        internal.insert("creation_time".into(), Value::String(now_rfc3339()));
        internal.insert(
            "node".into(),
            json!({
                "ieee": format!("{ieee:016x}"),
                "nwk": format!("{:04x}", nib.nwk_dev_address),
                "type": "coordinator",
                "manufacturer": "Texas Instruments",
                "version": version.and_then(|v| v.code_revision).map(|r| format!("Z-Stack {r}")),
            }),
        );
        if let Some(v) = version {
            internal.insert(
                "zstack".into(),
                json!({
                    "TransportRev": v.transport_rev, "ProductId": v.product_id,
                    "MajorRel": v.major_rel, "MinorRel": v.minor_rel, "MaintRel": v.maint_rel,
                    "CodeRevision": v.code_revision,
                }),
            );
        }
        let mut stack_specific = Map::new();
        if let Some(seed) = seed {
            stack_specific.insert("zstack".into(), json!({ "tclk_seed": hex::encode(seed) }));
        }
        Ok(Some(NetworkBackup {
            coordinator_ieee: ieee,
            pan_id: nib.nwk_pan_id,
            extended_pan_id: epid,
            nwk_update_id: nib.nwk_update_id,
            security_level: nib.security_level,
            channel: nib.nwk_logical_channel,
            channel_mask: nib.channel_list,
            network_key: KeyState {
                key: key.key,
                sequence: key.key_seq_num,
                tx_counter,
                rx_counter: 0,
            },
            devices,
            source: format!("zcl-host@{}", env!("CARGO_PKG_VERSION")),
            internal,
            stack_specific,
        }))
    }

    fn permit_join(&mut self, seconds: u8) -> Result<(), RadioError> {
        self.ensure_running()?;
        let r = self.host.request(&zdo::MgmtPermitJoinReq {
            addr_mode: AddrMode::Broadcast,
            dst: 0xFFFC,
            duration: seconds,
            tc_significance: 0,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("permit join: {:?}", r.status)));
        }
        Ok(())
    }

    fn start(&mut self, endpoints: &[EndpointConfig]) -> Result<(), RadioError> {
        self.ensure_running()?;
        for e in endpoints {
            let r = self.host.request(&af::Register {
                endpoint: e.endpoint,
                profile_id: e.profile,
                device_id: e.device_id,
                device_version: 0,
                latency_req: LatencyReq::None,
                input_clusters: List8(e.input_clusters.clone()),
                output_clusters: List8(e.output_clusters.clone()),
            })?;
            // Registering an endpoint twice (a second `start`) is harmless.
            if r.status != Status::Success && r.status != Status::ApsDuplicateEntry {
                return Err(self.unexpected(format!(
                    "AF_REGISTER endpoint {}: {:?}",
                    e.endpoint, r.status
                )));
            }
            self.endpoints.retain(|(n, _)| *n != e.endpoint);
            self.endpoints.push((e.endpoint, e.profile));
        }
        let r = self.host.request(&zdo::MsgCallbackRegister {
            cluster_id: ALL_ZDO_CLUSTERS,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("ZDO_MSG_CB_REGISTER: {:?}", r.status)));
        }
        Ok(())
    }

    fn send(&mut self, aps: &OutgoingAps, payload: &[u8]) -> Result<u16, RadioError> {
        let tsn = self.next_tsn;
        self.next_tsn = self.next_tsn.wrapping_add(1).max(1);
        let (dst, options) = match aps.dst {
            // ZDP frames get no AF_DATA_CONFIRM and no APS acknowledgement request.
            Destination::Unicast(n) if aps.dst_ep == 0 => {
                (AddrModeAddress::Nwk(n), TransmitOptions(0))
            }
            Destination::Unicast(n) => (AddrModeAddress::Nwk(n), TransmitOptions::ACK_REQUEST),
            Destination::Broadcast(b) => (AddrModeAddress::Broadcast(b), TransmitOptions(0)),
            Destination::Group(g) => (AddrModeAddress::Group(g), TransmitOptions(0)),
        };
        let r = self.host.request(&af::DataRequestExt {
            dst,
            dst_endpoint: aps.dst_ep,
            dst_pan_id: 0x0000,
            src_endpoint: aps.src_ep,
            cluster_id: aps.cluster,
            tsn,
            options,
            radius: if aps.radius == 0 { 30 } else { aps.radius },
            data: LongBytes(payload.to_vec()),
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!(
                "AF_DATA_REQUEST_EXT to {:?}: {:?}",
                aps.dst, r.status
            )));
        }
        Ok(u16::from(tsn))
    }

    fn next_event(&mut self, timeout: Duration) -> Result<Option<RadioEvent>, RadioError> {
        if let Some(e) = self.events.pop_front() {
            return Ok(Some(e));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(frame) = self.host.next_callback(left)? else {
                return Ok(None);
            };
            if let Some(e) = self.translate(&frame)? {
                return Ok(Some(e));
            }
            if left.is_zero() {
                return Ok(None);
            }
        }
    }

    fn energy_scan(
        &mut self,
        channels: u32,
        duration: u8,
    ) -> Result<Vec<EnergyReading>, RadioError> {
        // The coordinator's own Mgmt_NWK_Update_req with a scan duration measures energy and
        // answers with ZDO_MGMT_NWK_UPDATE_NOTIFY.
        let r = self.host.request(&zdo::MgmtNwkUpdateReq {
            dst: 0x0000,
            dst_addr_mode: AddrMode::Nwk,
            channels: Channels(channels),
            scan_duration: duration.min(5),
            scan_count: 1,
            nwk_manager_addr: 0x0000,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("energy scan: {:?}", r.status)));
        }
        let per_channel = Duration::from_micros(15_360 * ((1u64 << duration.min(5)) + 1));
        let deadline = Instant::now() + per_channel * channels.count_ones() + SCAN_SLACK;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(frame) = self.host.next_callback(left)? else {
                break;
            };
            if let Ok(n) = zdo::MgmtNwkUpdateNotify::from_frame(&frame) {
                let scanned = (11..=26u8).filter(|c| n.scanned_channels.0 & (1 << c) != 0);
                return Ok(scanned
                    .zip(n.energy_values.0.iter())
                    .map(|(c, e)| EnergyReading::from_energy(c, *e))
                    .collect());
            }
            if let Some(e) = self.translate(&frame)? {
                self.events.push_back(e);
            }
        }
        Err(self.unexpected("the energy scan did not complete"))
    }

    fn network_scan(
        &mut self,
        channels: u32,
        duration: u8,
    ) -> Result<Vec<FoundNetwork>, RadioError> {
        let r = self.host.request(&zdo::NwkDiscoveryReq {
            scan_channels: Channels(channels),
            scan_duration: duration,
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("network discovery: {:?}", r.status)));
        }
        let per_channel = Duration::from_micros(15_360 * ((1u64 << duration.min(14)) + 1));
        let deadline = Instant::now() + per_channel * channels.count_ones() + SCAN_SLACK;
        let mut found = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(frame) = self.host.next_callback(left)? else {
                break;
            };
            if let Ok(ind) = zdo::BeaconNotifyInd::from_frame(&frame) {
                found.extend(ind.beacons.0.iter().map(|b| FoundNetwork {
                    channel: b.channel,
                    pan_id: b.pan_id,
                    extended_pan_id: b.extended_pan_id.0,
                    permit_joining: b.permit_joining != 0,
                    stack_profile: b.stack_profile,
                    nwk_update_id: b.update_id,
                    lqi: b.lqi,
                    rssi: None,
                }));
            } else if let Ok(done) = zdo::NwkDiscoveryCnf::from_frame(&frame) {
                if done.status != Status::Success {
                    return Err(self.unexpected(format!("network discovery: {:?}", done.status)));
                }
                return Ok(found);
            } else if let Some(e) = self.translate(&frame)? {
                self.events.push_back(e);
            }
        }
        Err(self.unexpected("the network discovery did not complete"))
    }

    fn reset(&mut self, factory: bool) -> Result<(), RadioError> {
        if factory {
            self.host
                .osal_nv_write(OsalNvId::STARTUP_OPTION, &[CLEAR_CONFIG_AND_STATE], true)?;
        }
        self.host.reset()?;
        Ok(())
    }

    fn add_install_code_key(&mut self, ieee: u64, key: &[u8; 16]) -> Result<(), RadioError> {
        // Format 2: the derived key itself (format 1 would be the code with its CRC).
        let r = self.host.request(&app_cnf::BdbAddInstallCode {
            install_code_format: 2,
            ieee: Eui64(ieee),
            install_code: zcl_radio::mt::wire::RestBytes(key.to_vec()),
        })?;
        if r.status != Status::Success {
            return Err(self.unexpected(format!("BDB add install code: {:?}", r.status)));
        }
        Ok(())
    }

    fn write_backup(&mut self, b: &NetworkBackup) -> Result<(), RadioError> {
        self.require_3_30("restoring a backup")?;
        let align = self.host.alignment();
        self.form_temporary(b)?;
        let nib = self
            .read_osal(OsalNvId::NIB)?
            .ok_or_else(|| self.unexpected("no NIB after formation"))?;
        let mut nib = Nib::parse(&nib, align).map_err(|e| self.unexpected(format!("NIB: {e}")))?;
        nib.nwk_dev_address = 0x0000;
        nib.nwk_pan_id = b.pan_id;
        nib.extended_pan_id = Eui64(b.extended_pan_id);
        nib.nwk_update_id = b.nwk_update_id;
        nib.nwk_logical_channel = b.channel;
        nib.channel_list = if b.channel_mask == 0 {
            1 << b.channel
        } else {
            b.channel_mask
        };
        nib.security_level = b.security_level;
        nib.nwk_manager_addr = 0x0000;
        nib.nwk_coord_address = 0x0000;
        let key = NwkKeyDesc {
            key_seq_num: b.network_key.sequence,
            key: b.network_key.key,
        };
        let mut items: Vec<(OsalNvId, Vec<u8>)> = vec![
            (OsalNvId::NIB, nib.emit(align)),
            (
                OsalNvId::APS_USE_EXT_PANID,
                b.extended_pan_id.to_le_bytes().to_vec(),
            ),
            (
                OsalNvId::EXTENDED_PAN_ID,
                b.extended_pan_id.to_le_bytes().to_vec(),
            ),
            (OsalNvId::PRECFGKEY, b.network_key.key.to_vec()),
            (OsalNvId::CHANLIST, nib.channel_list.to_le_bytes().to_vec()),
            (OsalNvId::EXTADDR, b.coordinator_ieee.to_le_bytes().to_vec()),
            (OsalNvId::LOGICAL_TYPE, vec![0]),
            (OsalNvId::NWK_ACTIVE_KEY_INFO, key.emit()),
            (OsalNvId::NWK_ALTERN_KEY_INFO, key.emit()),
        ];
        let seed = seed_of(b);
        if let Some(seed) = seed {
            items.push((OsalNvId::TCLK_SEED, seed.to_vec()));
        }
        for (id, value) in items {
            self.host.osal_nv_write(id, &value, true)?;
        }
        let counter = NwkSecMaterialDesc {
            frame_counter: b.network_key.tx_counter,
            extended_pan_id: Eui64(b.extended_pan_id),
        };
        self.write_table(
            ExNvId::NWK_SEC_MATERIAL_TABLE,
            &[counter.emit(align)],
            &NwkSecMaterialDesc::default().emit(align),
        )?;
        // Devices: address manager entries; unique keys that derive from the seed go to the
        // TCLK table (others cannot be stored this way yet and are reported).
        let mut addr = Vec::new();
        let mut tclk = Vec::new();
        let mut unstored = Vec::new();
        for d in &b.devices {
            let mut user_type = 0;
            if d.is_child {
                user_type |= ADDRMGR_ASSOC;
            }
            if let Some(k) = d.link_key {
                match seed.and_then(|s| hashed_key_shift(&s, d.ieee, &k.key)) {
                    Some(shift) => {
                        user_type |= ADDRMGR_SECURITY;
                        tclk.push(
                            TclkDevEntry {
                                tx_frame_counter: k.tx_counter,
                                rx_frame_counter: k.rx_counter,
                                ext_addr: Eui64(d.ieee),
                                key_attributes: TCLK_VERIFIED_KEY,
                                key_type: 0,
                                seed_shift_ic_index: shift,
                            }
                            .emit(align),
                        );
                    }
                    None => unstored.push(d.ieee),
                }
            }
            if user_type == 0 {
                // A known device that is neither child nor keyed: kept as a plain entry.
                user_type = ADDRMGR_SECURITY;
            }
            addr.push(
                AddrMgrEntry {
                    user_type,
                    nwk_addr: d.nwk.unwrap_or(0xFFFE),
                    ext_addr: Eui64(d.ieee),
                }
                .emit(align),
            );
        }
        self.write_table(ExNvId::ADDRMGR, &addr, &ADDRMGR_EMPTY.emit(align))?;
        let empty_tclk = TclkDevEntry {
            key_attributes: TCLK_DEFAULT_KEY,
            ..TclkDevEntry::default()
        };
        self.write_table(ExNvId::TCLK_TABLE, &tclk, &empty_tclk.emit(align))?;
        self.host
            .osal_nv_write(OsalNvId::HAS_CONFIGURED_ZSTACK3, &[ZSTACK_CONFIGURED], true)?;
        self.host.reset()?;
        if !unstored.is_empty() {
            return Err(self.unexpected(format!(
                "network restored, but {} unique link keys that do not derive from the TCLK \
                 seed were not stored (devices: {})",
                unstored.len(),
                unstored
                    .iter()
                    .map(|i| format!("{i:016x}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_keys_match_zigpy_znp() {
        // zigpy-znp's compute_key(00:12:4b:00:01:ab:cd:ef, seed 00..0f, shift 3).
        let seed: [u8; 16] = core::array::from_fn(|i| i as u8);
        let key = hashed_link_key(&seed, 0x0012_4b00_01ab_cdef, 3);
        assert_eq!(hex::encode(key), "ecc9ae0707431b0ae4c1a60f0f4b1302");
        assert_eq!(
            hashed_key_shift(&seed, 0x0012_4b00_01ab_cdef, &key),
            Some(3)
        );
        assert_eq!(hashed_key_shift(&seed, 0x0012_4b00_01ab_cdee, &key), None);
    }
}
