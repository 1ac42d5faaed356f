//! [`Radio`] for Silicon Labs EmberZNet coprocessors (EZSP v8-v18). A backup is read from the
//! running stack (network parameters, the network key and its counter, the child table, the
//! link key table); a restore leaves the current network, clears the key table and tokens,
//! sets the frame counters and the initial security state with the backup's key, forms the
//! network with the backup's parameters and puts the children and link keys back. Before
//! v13 keys are read with `getKey`/`getKeyTableEntry`, from v13 with the security manager
//! (`exportKey`, `getNetworkKeyInfo`, `exportLinkKeyByIndex`). The child table can be written
//! from v9 (`setChildData`); a v8 NCP relearns its children when they rejoin.

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};
use zcl_radio::ezsp::commands::{self as c, Message, Parameters};
use zcl_radio::ezsp::types::{
    ChildData, ConfigId, EmberStatus, InitialSecurityState, KeyType, NetworkParameters,
    NetworkStatus, NodeType, SecurityKeyType, SecurityManagerContext, SlStatus, ValueId,
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

/// A Silicon Labs coprocessor behind the [`Radio`] seam.
#[derive(Debug)]
pub struct EzspRadio {
    host: EzspHost,
}

impl EzspRadio {
    /// Wraps a connected host.
    pub fn new(host: EzspHost) -> Self {
        Self { host }
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
                        u64::from_le_bytes(k.partner_eui64),
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
                        u64::from_le_bytes(eui),
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
        Ok(u64::from_le_bytes(
            self.host.request(&c::GetEui64 {})?.eui64,
        ))
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
        let ieee = u64::from_le_bytes(self.host.request(&c::GetEui64 {})?.eui64);
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
                ieee: u64::from_le_bytes(r.child_data.eui64),
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
            extended_pan_id: u64::from_le_bytes(p.extended_pan_id),
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

    fn write_backup(&mut self, b: &NetworkBackup) -> Result<(), RadioError> {
        let ieee = u64::from_le_bytes(self.host.request(&c::GetEui64 {})?.eui64);
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
            preconfigured_trust_center_eui64: [0; 8],
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
                    address: d.ieee.to_le_bytes(),
                    key: k.key,
                })?;
                if r.status != SlStatus::OK {
                    return Err(self.unexpected(format!("importLinkKey: {:?}", r.status)));
                }
            } else {
                let r = self.host.request(&c::AddOrUpdateKeyTableEntry {
                    address: d.ieee.to_le_bytes(),
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
            extended_pan_id: b.extended_pan_id.to_le_bytes(),
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
                        eui64: d.ieee.to_le_bytes(),
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
