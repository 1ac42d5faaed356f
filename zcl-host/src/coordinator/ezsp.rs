//! [`Radio`] for Silicon Labs EmberZNet coprocessors (EZSP v8-v18). A backup is read from the
//! running stack (network parameters, the network key and its counter, the child table, the
//! link key table); a restore leaves the current network, clears the key table and tokens,
//! sets the frame counters and the initial security state with the backup's key, forms the
//! network with the backup's parameters and puts the children and link keys back. Before
//! v13 keys are read with `getKey`/`getKeyTableEntry`, from v13 with the security manager
//! (`exportKey`, `getNetworkKeyInfo`, `exportLinkKeyByIndex`). The child table can be written
//! from v9 (`setChildData`); a v8 NCP relearns its children when they rejoin.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use zcl_radio::ezsp::commands::{self as c, Message, Parameters};
use zcl_radio::ezsp::types::{
    ApsFrame, ChildData, ConfigId, DeviceUpdate, EmberStatus, Eui64, IncomingMessageType,
    InitialSecurityState, KeyType, NetworkParameters, NetworkStatus, NodeType, OutgoingMessageType,
    ScanType, SecurityKeyType, SecurityManagerContext, SlStatus, U8OrU16, ValueId,
};

use super::aps::{
    Destination, EndpointConfig, EnergyReading, FoundNetwork, IncomingAps, OutgoingAps, RadioEvent,
    BROADCAST_RX_ON_WHEN_IDLE, ZDO_PROFILE,
};
use super::backup::{now_rfc3339, BackupDevice, KeyState, NetworkBackup};
use super::radio::{Radio, RadioError};
use crate::radio::ezsp::EzspHost;

/// The well-known trust-center link key every Zigbee 3.0 device starts with.
const ZIGBEE_ALLIANCE_09: [u8; 16] = *b"ZigBeeAlliance09";
/// `EmberInitialSecurityBitmask`: a global trust-center link key.
const TRUST_CENTER_GLOBAL_LINK_KEY: u16 = 0x0004;
/// Joining devices must get the network key encrypted.
const REQUIRE_ENCRYPTED_KEY: u16 = 0x0800;
/// The preconfigured (trust-center link) key field is set.
const HAVE_PRECONFIGURED_KEY: u16 = 0x0100;
/// The network key field is set.
const HAVE_NETWORK_KEY: u16 = 0x0200;
/// How long the stack may take to come up or go down.
const STACK_TIMEOUT: Duration = Duration::from_secs(10);
/// `EmberApsOption`: retry until acknowledged, discover a route, find the IEEE address.
const APS_OPTIONS_UNICAST: u16 = 0x0040 | 0x0100 | 0x1000;
/// How long a scan may run past its nominal duration.
const SCAN_SLACK: Duration = Duration::from_secs(5);
/// ZDP Device_annce (Zigbee specification 2.4.3.1.11).
const DEVICE_ANNCE: u16 = 0x0013;

/// A Silicon Labs coprocessor behind the [`Radio`] seam.
#[derive(Debug)]
pub struct EzspRadio {
    host: EzspHost,
    next_tag: u16,
    events: VecDeque<RadioEvent>,
}

impl EzspRadio {
    /// Wraps a connected host.
    pub fn new(host: EzspHost) -> Self {
        Self {
            host,
            next_tag: 1,
            events: VecDeque::new(),
        }
    }

    /// A fresh message tag (8 bits before v14, 16 bits from v14).
    fn tag(&mut self) -> u16 {
        let mask = if self.version() >= 14 { 0xFFFF } else { 0x00FF };
        let tag = self.next_tag & mask;
        self.next_tag = self.next_tag.wrapping_add(1) & mask;
        if self.next_tag == 0 {
            self.next_tag = 1;
        }
        tag
    }

    /// Translates a callback into an event; callbacks the coordinator does not use give
    /// `None`.
    fn translate(&self, frame_id: u16, params: &[u8]) -> Result<Option<RadioEvent>, RadioError> {
        let v = self.host.negotiated();
        let bad =
            |what: &str, e: zcl_radio::ezsp::DecodeError| self.unexpected(format!("{what}: {e}"));
        if frame_id == <c::IncomingMessageHandler as Message>::ID {
            let m = <c::IncomingMessageHandler as Parameters>::decode(params, v)
                .map_err(|e| bad("incomingMessageHandler", e))?;
            let t = m.message_type;
            if t == IncomingMessageType::INCOMING_MULTICAST_LOOPBACK
                || t == IncomingMessageType::INCOMING_BROADCAST_LOOPBACK
                || t == IncomingMessageType::INCOMING_MANY_TO_ONE_ROUTE_REQUEST
            {
                return Ok(None);
            }
            let a = &m.aps_frame;
            if a.profile_id == ZDO_PROFILE && a.cluster_id == DEVICE_ANNCE {
                // TSN, NWK address, IEEE address, capability.
                if let [_, n0, n1, rest @ ..] = m.message.as_slice() {
                    if let (Some(ieee), Some(&capability)) = (rest.get(..8), rest.get(8)) {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(ieee);
                        return Ok(Some(RadioEvent::DeviceAnnounced {
                            nwk: u16::from_le_bytes([*n0, *n1]),
                            ieee: u64::from_le_bytes(b),
                            capability,
                        }));
                    }
                }
            }
            let eui = m.eui64.get();
            return Ok(Some(RadioEvent::Message(IncomingAps {
                src_nwk: m.sender,
                src_ieee: (v.at_least(14) && eui != 0).then_some(eui),
                profile: a.profile_id,
                cluster: a.cluster_id,
                src_ep: a.source_endpoint,
                dst_ep: a.destination_endpoint,
                group: (t == IncomingMessageType::INCOMING_MULTICAST).then_some(a.group_id),
                broadcast: t == IncomingMessageType::INCOMING_BROADCAST,
                lqi: m.lqi,
                rssi: Some(m.rssi),
                payload: m.message,
            })));
        }
        if frame_id == <c::TrustCenterJoinHandler as Message>::ID {
            let j = <c::TrustCenterJoinHandler as Parameters>::decode(params, v)
                .map_err(|e| bad("trustCenterJoinHandler", e))?;
            let ieee = j.new_node_eui64.get();
            return Ok(Some(if j.status == DeviceUpdate::DEVICE_LEFT {
                RadioEvent::DeviceLeft {
                    nwk: Some(j.new_node_id),
                    ieee,
                }
            } else {
                RadioEvent::DeviceJoined {
                    nwk: j.new_node_id,
                    ieee,
                    parent: j.parent_of_new_node_id,
                }
            }));
        }
        if frame_id == <c::MessageSentHandler as Message>::ID {
            let m = <c::MessageSentHandler as Parameters>::decode(params, v)
                .map_err(|e| bad("messageSentHandler", e))?;
            return Ok(Some(RadioEvent::Delivery {
                tag: m.message_tag.0,
                delivered: m.status.is_success(),
            }));
        }
        Ok(None)
    }

    /// Waits for scan callbacks until `scanCompleteHandler`, keeping other events for later.
    fn run_scan(
        &mut self,
        scan_type: ScanType,
        channels: u32,
        duration: u8,
        mut on: impl FnMut(u16, &[u8]),
    ) -> Result<(), RadioError> {
        let r = self.host.request(&c::StartScan {
            scan_type,
            channel_mask: channels,
            duration,
        })?;
        if !r.status.is_success() {
            return Err(self.unexpected(format!("startScan: {:?}", r.status)));
        }
        // 15.36 ms * (2^duration + 1) per channel.
        let per_channel = Duration::from_micros(15_360 * ((1u64 << duration.min(14)) + 1));
        let deadline = Instant::now() + per_channel * channels.count_ones() + SCAN_SLACK;
        let v = self.host.negotiated();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(cb) = self.host.next_callback(left)? else {
                break;
            };
            if cb.frame_id == <c::ScanCompleteHandler as Message>::ID {
                let done = <c::ScanCompleteHandler as Parameters>::decode(&cb.params, v)
                    .map_err(|e| self.unexpected(format!("scanCompleteHandler: {e}")))?;
                if !done.status.is_success() {
                    return Err(self.unexpected(format!(
                        "scan failed on channel {}: {:?}",
                        done.channel, done.status
                    )));
                }
                return Ok(());
            }
            if cb.frame_id == <c::EnergyScanResultHandler as Message>::ID
                || cb.frame_id == <c::NetworkFoundHandler as Message>::ID
            {
                on(cb.frame_id, &cb.params);
            } else if let Some(e) = self.translate(cb.frame_id, &cb.params)? {
                self.events.push_back(e);
            }
        }
        Err(self.unexpected("the scan did not complete"))
    }

    /// The host underneath.
    pub fn host(&mut self) -> &mut EzspHost {
        &mut self.host
    }

    fn unexpected(&self, what: impl Into<String>) -> RadioError {
        RadioError::Unexpected {
            port: self.host.describe().to_owned(),
            what: what.into(),
        }
    }

    fn version(&self) -> u8 {
        self.host.protocol_version()
    }

    /// Waits for `stackStatusHandler` to report `want`.
    fn wait_stack(&mut self, want: SlStatus) -> Result<bool, RadioError> {
        let deadline = Instant::now() + STACK_TIMEOUT;
        let v = self.host.negotiated();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(cb) = self.host.next_callback(left)? else {
                break;
            };
            if cb.frame_id == <c::StackStatusHandler as Message>::ID {
                let s = <c::StackStatusHandler as Parameters>::decode(&cb.params, v)
                    .map_err(|e| self.unexpected(format!("stackStatusHandler: {e}")))?;
                if s.status.to_sl() == want {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Brings the stored network up if the stack is down; `false` when there is none.
    fn ensure_running(&mut self) -> Result<bool, RadioError> {
        let state = self.host.request(&c::NetworkState {})?;
        if state.status == NetworkStatus::JOINED_NETWORK {
            return Ok(true);
        }
        let init = self.host.request(&c::NetworkInit { bitmask: 0x0001 })?;
        if !init.status.is_success() {
            return Ok(false);
        }
        self.wait_stack(SlStatus::NETWORK_UP)
    }

    fn config(&mut self, id: ConfigId) -> Result<u16, RadioError> {
        let r = self
            .host
            .request(&c::GetConfigurationValue { config_id: id })?;
        if !r.status.is_success() {
            return Err(self.unexpected(format!("getConfigurationValue {id:?}: {:?}", r.status)));
        }
        Ok(r.value)
    }

    fn network_key(&mut self) -> Result<KeyState, RadioError> {
        if self.version() < 13 {
            let r = self.host.request(&c::GetKey {
                key_type: KeyType::CURRENT_NETWORK_KEY,
            })?;
            if r.status != EmberStatus::SUCCESS {
                return Err(self.unexpected(format!("getKey(network): {:?}", r.status)));
            }
            return Ok(KeyState {
                key: r.key_struct.key,
                sequence: r.key_struct.sequence_number,
                tx_counter: r.key_struct.outgoing_frame_counter,
                rx_counter: 0,
            });
        }
        let exported = self.host.request(&c::ExportKey {
            context: SecurityManagerContext {
                core_key_type: SecurityKeyType::NETWORK,
                ..SecurityManagerContext::default()
            },
        })?;
        if exported.status != SlStatus::OK {
            return Err(self.unexpected(format!("exportKey(network): {:?}", exported.status)));
        }
        let info = self.host.request(&c::GetNetworkKeyInfo {})?;
        if info.status != SlStatus::OK || !info.network_key_info.network_key_set {
            return Err(self.unexpected("getNetworkKeyInfo: no network key"));
        }
        Ok(KeyState {
            key: exported.key,
            sequence: info.network_key_info.network_key_sequence_number,
            tx_counter: info.network_key_info.network_key_frame_counter,
            rx_counter: 0,
        })
    }

    fn link_keys(&mut self) -> Result<Vec<(u64, KeyState)>, RadioError> {
        let size = self.config(ConfigId::CONFIG_KEY_TABLE_SIZE)?;
        let mut keys = Vec::new();
        for index in 0..u8::try_from(size).unwrap_or(u8::MAX) {
            if self.version() < 13 {
                let r = self.host.request(&c::GetKeyTableEntry { index })?;
                if r.status == EmberStatus::SUCCESS {
                    let k = r.key_struct;
                    keys.push((
                        k.partner_eui64.get(),
                        KeyState {
                            key: k.key,
                            sequence: k.sequence_number,
                            tx_counter: k.outgoing_frame_counter,
                            rx_counter: k.incoming_frame_counter,
                        },
                    ));
                }
            } else {
                let r = self.host.request(&c::ExportLinkKeyByIndex { index })?;
                if r.status == SlStatus::OK {
                    let eui = if self.version() >= 14 {
                        r.context.eui64
                    } else {
                        r.eui64
                    };
                    keys.push((
                        eui.get(),
                        KeyState {
                            key: r.plaintext_key,
                            sequence: 0,
                            tx_counter: r.key_data.outgoing_frame_counter,
                            rx_counter: r.key_data.incoming_frame_counter,
                        },
                    ));
                }
            }
        }
        Ok(keys)
    }
}

impl Radio for EzspRadio {
    fn port(&self) -> &str {
        self.host.describe()
    }

    fn family(&self) -> &'static str {
        "ezsp"
    }

    fn ieee(&mut self) -> Result<u64, RadioError> {
        Ok(self.host.request(&c::GetEui64 {})?.eui64.get())
    }

    fn read_backup(&mut self) -> Result<Option<NetworkBackup>, RadioError> {
        if !self.ensure_running()? {
            return Ok(None);
        }
        let params = self.host.request(&c::GetNetworkParameters {})?;
        if !params.status.is_success() {
            return Ok(None);
        }
        let p = params.parameters;
        let ieee = self.host.request(&c::GetEui64 {})?.eui64.get();
        let nwk = self.host.request(&c::GetNodeId {})?.node_id;
        let security_level = u8::try_from(self.config(ConfigId::CONFIG_SECURITY_LEVEL)?)
            .map_err(|_| self.unexpected("security level out of range"))?;
        let network_key = self.network_key()?;
        let max_children = self.config(ConfigId::CONFIG_MAX_END_DEVICE_CHILDREN)?;
        let mut devices: Vec<BackupDevice> = Vec::new();
        for index in 0..u8::try_from(max_children).unwrap_or(u8::MAX) {
            let r = self.host.request(&c::GetChildData { index })?;
            if !r.status.is_success() {
                continue;
            }
            devices.push(BackupDevice {
                ieee: r.child_data.eui64.get(),
                nwk: Some(r.child_data.id),
                is_child: true,
                link_key: None,
            });
        }
        for (partner, key) in self.link_keys()? {
            match devices.iter_mut().find(|d| d.ieee == partner) {
                Some(d) => d.link_key = Some(key),
                None => devices.push(BackupDevice {
                    ieee: partner,
                    nwk: None,
                    is_child: false,
                    link_key: Some(key),
                }),
            }
        }
        let version = self.host.version();
        let mut internal = Map::new();
        internal.insert("creation_time".into(), Value::String(now_rfc3339()));
        internal.insert(
            "node".into(),
            json!({
                "ieee": format!("{ieee:016x}"),
                "nwk": format!("{nwk:04x}"),
                "type": "coordinator",
                "manufacturer": "Silicon Labs",
                "version": version.map(|v| v.stack_version_string()),
            }),
        );
        internal.insert("ezspVersion".into(), json!(self.version()));
        Ok(Some(NetworkBackup {
            coordinator_ieee: ieee,
            pan_id: p.pan_id,
            extended_pan_id: p.extended_pan_id.get(),
            nwk_update_id: p.nwk_update_id,
            security_level,
            channel: p.radio_channel,
            channel_mask: if p.channels == 0 {
                1 << p.radio_channel
            } else {
                p.channels
            },
            network_key,
            devices,
            source: format!("zcl-host@{}", env!("CARGO_PKG_VERSION")),
            internal,
            stack_specific: Map::new(),
        }))
    }

    fn permit_join(&mut self, seconds: u8) -> Result<(), RadioError> {
        if !self.ensure_running()? {
            return Err(RadioError::NoNetwork {
                port: self.host.describe().to_owned(),
            });
        }
        let r = self.host.request(&c::PermitJoining { duration: seconds })?;
        if !r.status.is_success() {
            return Err(self.unexpected(format!("permitJoining: {:?}", r.status)));
        }
        Ok(())
    }

    fn start(&mut self, endpoints: &[EndpointConfig]) -> Result<(), RadioError> {
        // Endpoints are registered before the stack starts (UG100: addEndpoint is refused
        // once the network is up, so it goes first after the reset `connect` did).
        for e in endpoints {
            let r = self.host.request(&c::AddEndpoint {
                endpoint: e.endpoint,
                profile_id: e.profile,
                device_id: e.device_id,
                device_version: 0,
                input_clusters: e.input_clusters.clone(),
                output_clusters: e.output_clusters.clone(),
            })?;
            if !r.status.is_success() {
                tracing::debug!(endpoint = e.endpoint, status = ?r.status, "addEndpoint refused");
            }
        }
        if !self.ensure_running()? {
            return Err(RadioError::NoNetwork {
                port: self.host.describe().to_owned(),
            });
        }
        Ok(())
    }

    fn send(&mut self, aps: &OutgoingAps, payload: &[u8]) -> Result<u16, RadioError> {
        let tag = self.tag();
        let mut frame = ApsFrame {
            profile_id: aps.profile,
            cluster_id: aps.cluster,
            source_endpoint: aps.src_ep,
            destination_endpoint: aps.dst_ep,
            options: 0,
            group_id: 0,
            sequence: 0,
        };
        let (what, status) = match aps.dst {
            Destination::Unicast(nwk) => {
                frame.options = APS_OPTIONS_UNICAST;
                let r = self.host.request(&c::SendUnicast {
                    message_type: OutgoingMessageType::OUTGOING_DIRECT,
                    index_or_destination: nwk,
                    aps_frame: frame,
                    message_tag: U8OrU16(tag),
                    message: payload.to_vec(),
                })?;
                ("sendUnicast", r.status)
            }
            Destination::Broadcast(addr) => {
                let r = self.host.request(&c::SendBroadcast {
                    alias: 0,
                    destination: addr,
                    nwk_sequence: 0,
                    aps_frame: frame,
                    radius: if aps.radius == 0 { 30 } else { aps.radius },
                    message_tag: U8OrU16(tag),
                    message: payload.to_vec(),
                })?;
                ("sendBroadcast", r.status)
            }
            Destination::Group(group) => {
                frame.group_id = group;
                let r = self.host.request(&c::SendMulticast {
                    aps_frame: frame,
                    // UG100: 0 hops means the stack's maximum; say it outright.
                    hops: if aps.radius == 0 { 30 } else { aps.radius },
                    nonmember_radius: 3,
                    broadcast_addr: BROADCAST_RX_ON_WHEN_IDLE,
                    alias: 0,
                    nwk_sequence: 0,
                    message_tag: U8OrU16(tag),
                    message: payload.to_vec(),
                })?;
                ("sendMulticast", r.status)
            }
        };
        if !status.is_success() {
            return Err(self.unexpected(format!("{what} to {:?}: {status:?}", aps.dst)));
        }
        Ok(tag)
    }

    fn next_event(&mut self, timeout: Duration) -> Result<Option<RadioEvent>, RadioError> {
        if let Some(e) = self.events.pop_front() {
            return Ok(Some(e));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(cb) = self.host.next_callback(left)? else {
                return Ok(None);
            };
            if let Some(e) = self.translate(cb.frame_id, &cb.params)? {
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
        let v = self.host.negotiated();
        let mut found = Vec::new();
        let mut bad = None;
        self.run_scan(ScanType::ENERGY_SCAN, channels, duration, |_, params| {
            match <c::EnergyScanResultHandler as Parameters>::decode(params, v) {
                Ok(r) => found.push(EnergyReading::from_rssi(r.channel, r.max_rssi_value)),
                Err(e) => bad = Some(e),
            }
        })?;
        if let Some(e) = bad {
            return Err(self.unexpected(format!("energyScanResultHandler: {e}")));
        }
        found.sort_by_key(|r| r.channel);
        Ok(found)
    }

    fn network_scan(
        &mut self,
        channels: u32,
        duration: u8,
    ) -> Result<Vec<FoundNetwork>, RadioError> {
        let v = self.host.negotiated();
        let mut found = Vec::new();
        let mut bad = None;
        self.run_scan(ScanType::ACTIVE_SCAN, channels, duration, |_, params| {
            match <c::NetworkFoundHandler as Parameters>::decode(params, v) {
                Ok(r) => found.push(FoundNetwork {
                    channel: r.network_found.channel,
                    pan_id: r.network_found.pan_id,
                    extended_pan_id: r.network_found.extended_pan_id.get(),
                    permit_joining: r.network_found.allowing_join,
                    stack_profile: r.network_found.stack_profile,
                    nwk_update_id: r.network_found.nwk_update_id,
                    lqi: r.last_hop_lqi,
                    rssi: Some(r.last_hop_rssi),
                }),
                Err(e) => bad = Some(e),
            }
        })?;
        if let Some(e) = bad {
            return Err(self.unexpected(format!("networkFoundHandler: {e}")));
        }
        Ok(found)
    }

    fn reset(&mut self, factory: bool) -> Result<(), RadioError> {
        // `EzspHost::connect` already reset the NCP (ASH RST, UG101 section 3): the soft
        // reset happened when this radio was opened.
        if factory {
            // leaveNetwork needs the stack up: bring the stored network up to leave it.
            if self.ensure_running()? {
                let r = self.host.request(&c::LeaveNetwork { options: 0 })?;
                if r.status.is_success() && !self.wait_stack(SlStatus::NETWORK_DOWN)? {
                    return Err(self.unexpected("the stack did not go down after leaveNetwork"));
                }
            }
            self.host.request(&c::ClearKeyTable {})?;
            if self.version() >= 13 {
                self.host.request(&c::TokenFactoryReset {
                    exclude_outgoing_fc: false,
                    exclude_boot_counter: false,
                })?;
            }
        }
        Ok(())
    }

    fn add_install_code_key(&mut self, ieee: u64, key: &[u8; 16]) -> Result<(), RadioError> {
        let eui64 = Eui64(ieee);
        if self.version() >= 13 {
            let r = self.host.request(&c::ImportTransientKey {
                eui64,
                plaintext_key: *key,
                flags: 0,
            })?;
            if r.status != SlStatus::OK {
                return Err(self.unexpected(format!("importTransientKey: {:?}", r.status)));
            }
        } else {
            let r = self.host.request(&c::AddTransientLinkKey {
                partner: eui64,
                transient_key: *key,
            })?;
            if r.status != EmberStatus::SUCCESS {
                return Err(self.unexpected(format!("addTransientLinkKey: {:?}", r.status)));
            }
        }
        Ok(())
    }

    fn write_backup(&mut self, b: &NetworkBackup) -> Result<(), RadioError> {
        let ieee = self.host.request(&c::GetEui64 {})?.eui64.get();
        if ieee != b.coordinator_ieee {
            return Err(RadioError::Unsupported {
                port: self.host.describe().to_owned(),
                what: format!(
                    "restoring a backup of coordinator {:016x} onto {ieee:016x} (writing the \
                     IEEE address)",
                    b.coordinator_ieee
                ),
            });
        }
        // Leave whatever network runs now and forget its keys.
        if self.ensure_running()? {
            let options = 0;
            let r = self.host.request(&c::LeaveNetwork { options })?;
            if r.status.is_success() && !self.wait_stack(SlStatus::NETWORK_DOWN)? {
                return Err(self.unexpected("the stack did not go down after leaveNetwork"));
            }
        }
        self.host.request(&c::ClearKeyTable {})?;
        if self.version() >= 13 {
            self.host.request(&c::TokenFactoryReset {
                exclude_outgoing_fc: false,
                exclude_boot_counter: false,
            })?;
        }
        for (id, value) in [
            (ValueId::VALUE_NWK_FRAME_COUNTER, b.network_key.tx_counter),
            (ValueId::VALUE_APS_FRAME_COUNTER, 0),
        ] {
            let r = self.host.request(&c::SetValue {
                value_id: id,
                value: value.to_le_bytes().to_vec(),
            })?;
            if !r.status.is_success() {
                return Err(self.unexpected(format!("setValue {id:?}: {:?}", r.status)));
            }
        }
        let state = InitialSecurityState {
            bitmask: TRUST_CENTER_GLOBAL_LINK_KEY
                | REQUIRE_ENCRYPTED_KEY
                | HAVE_PRECONFIGURED_KEY
                | HAVE_NETWORK_KEY,
            preconfigured_key: ZIGBEE_ALLIANCE_09,
            network_key: b.network_key.key,
            network_key_sequence_number: b.network_key.sequence,
            preconfigured_trust_center_eui64: Eui64(0),
        };
        let r = self.host.request(&c::SetInitialSecurityState { state })?;
        if !r.status.is_success() {
            return Err(self.unexpected(format!("setInitialSecurityState: {:?}", r.status)));
        }
        let keyed: Vec<&BackupDevice> = b.devices.iter().filter(|d| d.link_key.is_some()).collect();
        for (index, d) in keyed.iter().enumerate() {
            let Some(k) = d.link_key else { continue };
            let index = u8::try_from(index).map_err(|_| self.unexpected("too many link keys"))?;
            if self.version() >= 12 {
                let r = self.host.request(&c::ImportLinkKey {
                    index,
                    address: Eui64(d.ieee),
                    key: k.key,
                })?;
                if r.status != SlStatus::OK {
                    return Err(self.unexpected(format!("importLinkKey: {:?}", r.status)));
                }
            } else {
                let r = self.host.request(&c::AddOrUpdateKeyTableEntry {
                    address: Eui64(d.ieee),
                    link_key: true,
                    key_data: k.key,
                })?;
                if r.status != EmberStatus::SUCCESS {
                    return Err(
                        self.unexpected(format!("addOrUpdateKeyTableEntry: {:?}", r.status))
                    );
                }
            }
        }
        let parameters = NetworkParameters {
            extended_pan_id: Eui64(b.extended_pan_id),
            pan_id: b.pan_id,
            radio_tx_power: 8,
            radio_channel: b.channel,
            channels: b.channel_mask,
            nwk_update_id: b.nwk_update_id,
            ..NetworkParameters::default()
        };
        let r = self.host.request(&c::FormNetwork { parameters })?;
        if !r.status.is_success() {
            return Err(self.unexpected(format!("formNetwork: {:?}", r.status)));
        }
        if !self.wait_stack(SlStatus::NETWORK_UP)? {
            return Err(self.unexpected("the network did not come up after formNetwork"));
        }
        if self.version() >= 9 {
            let children = b.devices.iter().filter(|d| d.is_child && d.nwk.is_some());
            for (index, d) in children.enumerate() {
                let index =
                    u8::try_from(index).map_err(|_| self.unexpected("too many children"))?;
                let r = self.host.request(&c::SetChildData {
                    index,
                    child_data: ChildData {
                        eui64: Eui64(d.ieee),
                        node_type: NodeType::END_DEVICE,
                        id: d.nwk.unwrap_or(0xFFFE),
                        phy: 0,
                        power: 0,
                        timeout: 0,
                        timeout_remaining: 0,
                    },
                })?;
                if !r.status.is_success() {
                    return Err(self.unexpected(format!("setChildData: {:?}", r.status)));
                }
            }
        }
        Ok(())
    }
}
