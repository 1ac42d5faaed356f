//! The simulated EZSP coprocessor: the NCP side of EZSP over the virtual network of
//! [`Network`]. It decodes every host command with `zcl_radio::ezsp`, answers as an EmberZNet
//! NCP does (UG100), and turns network events into callbacks. A command it cannot decode is
//! logged and answered with `invalidCommand`, never guessed at.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use zcl_radio::ezsp::commands::{self as c, callback_frame, response_frame, AnyCommand, Message};
use zcl_radio::ezsp::types::{
    ApsFrame, ApsKeyMetadata, ChildData, ConfigId, CurrentSecurityState, DeviceUpdate, EmberOrSl,
    EmberStatus, Eui64, EzspOrSl, EzspStatus, IncomingMessageType, JoinDecision, JoinMethod,
    KeyStruct, KeyType, MfgTokenId, MulticastTableEntry, NetworkKeyInfo, NetworkParameters,
    NetworkStatus as EzspNetworkStatus, NodeType as EzspNodeType, OutgoingMessageType, ScanType,
    SecurityKeyType, SlStatus, Status, U8OrU16, U8OrU32, ValueId, ZigbeeNetwork,
};
use zcl_radio::ezsp::wire::{LvBytes32, U16Rest};
use zcl_radio::ezsp::{CallbackType, Frame, HeaderFormat, ProtocolVersion};

use super::devices::NodeType;
use super::network::{
    ApsInfo, JoinStatus, MessageKind, Network, NetworkConfig, NetworkEvent, NetworkStatus,
};
use super::state::{ChildEntry, NetworkParams, SecurityParams};

/// The EZSP protocol version the simulator speaks unless told otherwise (EmberZNet 7.4).
pub const DEFAULT_PROTOCOL_VERSION: u8 = 13;

/// The stack version reported for a protocol version (nibbles: 0x7440 = 7.4.4.0).
fn stack_version_for(protocol: u8) -> u16 {
    match protocol {
        ..=8 => 0x6A70,
        9..=10 => 0x6B00,
        11..=12 => 0x7100,
        13 => 0x7440,
        14..=16 => 0x8000,
        _ => 0x8100,
    }
}

/// EmberCurrentSecurityBitmask: a global (well-known) TC link key is in use and the TC has it.
const SECURITY_BITMASK: u16 = 0x0004 | 0x0010;
/// How many key table entries the NCP has (CONFIG_KEY_TABLE_SIZE default).
const KEY_TABLE_SIZE: u16 = 12;

/// The simulated NCP.
pub struct EzspNcp {
    network: Network,
    /// Protocol version the NCP speaks.
    protocol: ProtocolVersion,
    /// Whether `version` has been agreed since the last reset.
    negotiated: bool,
    epoch: Instant,
    config: BTreeMap<u8, u16>,
    values: BTreeMap<u8, Vec<u8>>,
    policies: BTreeMap<u8, u8>,
    endpoints: Vec<c::AddEndpoint>,
    initial_security: Option<c::SetInitialSecurityState>,
    key_table: Vec<Option<(Eui64, [u8; 16])>>,
    multicast: Vec<MulticastTableEntry>,
    mfg_custom_eui64: Option<Eui64>,
    callback_sequence: u8,
    rng: rand::rngs::SmallRng,
    state_path: Option<PathBuf>,
    dirty: bool,
    last_save: Instant,
    log: Box<dyn FnMut(&str) + Send>,
    /// Manufacturing-library mode: whether frames go to the host, and the channel.
    mfglib: Option<(bool, u8)>,
    /// The network heard in mfglib mode (started by the first `mfglibStart`).
    sniffed: Option<super::sniffer::SniffWorld>,
    sniff_options: super::sniffer::WorldOptions,
    /// Frames handled since start, for the log.
    pub frames_handled: u64,
}

impl std::fmt::Debug for EzspNcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EzspNcp")
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

impl EzspNcp {
    /// An NCP speaking `protocol` over `network`; its state is kept in `state_path` if given.
    pub fn new(network: Network, protocol: u8, state_path: Option<PathBuf>) -> Self {
        let mut config = BTreeMap::new();
        for (id, value) in [
            (ConfigId::CONFIG_SECURITY_LEVEL, 5),
            (ConfigId::CONFIG_STACK_PROFILE, 2),
            (ConfigId::CONFIG_KEY_TABLE_SIZE, KEY_TABLE_SIZE),
            (ConfigId::CONFIG_MAX_END_DEVICE_CHILDREN, 32),
            (ConfigId::CONFIG_ADDRESS_TABLE_SIZE, 16),
            (ConfigId::CONFIG_ROUTE_TABLE_SIZE, 16),
            (ConfigId::CONFIG_NEIGHBOR_TABLE_SIZE, 16),
            (ConfigId::CONFIG_SOURCE_ROUTE_TABLE_SIZE, 200),
            (ConfigId::CONFIG_PACKET_BUFFER_COUNT, 255),
            (ConfigId::CONFIG_MULTICAST_TABLE_SIZE, 16),
            (ConfigId::CONFIG_SUPPORTED_NETWORKS, 1),
        ] {
            config.insert(id.0, value);
        }
        Self {
            network,
            protocol: ProtocolVersion(protocol),
            negotiated: false,
            epoch: Instant::now(),
            config,
            values: BTreeMap::new(),
            policies: BTreeMap::new(),
            endpoints: Vec::new(),
            initial_security: None,
            key_table: vec![None; usize::from(KEY_TABLE_SIZE)],
            multicast: vec![MulticastTableEntry::default(); 16],
            mfg_custom_eui64: None,
            callback_sequence: 0,
            rng: rand::SeedableRng::from_os_rng(),
            state_path,
            dirty: false,
            last_save: Instant::now(),
            log: Box::new(|line| eprintln!("zcl-host sim: {line}")),
            mfglib: None,
            sniffed: None,
            sniff_options: super::sniffer::WorldOptions::default(),
            frames_handled: 0,
        }
    }

    /// A fresh NCP on the default virtual network (or the one saved in `state_path`).
    pub fn open(
        protocol: u8,
        state_path: Option<PathBuf>,
    ) -> Result<Self, super::state::StateError> {
        let network = match &state_path {
            Some(path) => Network::load(path)?,
            None => None,
        }
        .unwrap_or_else(|| Network::new(NetworkConfig::default()));
        Ok(Self::new(network, protocol, state_path))
    }

    /// How the network heard in manufacturing-library (sniffer) mode behaves.
    pub fn set_sniff_options(&mut self, options: super::sniffer::WorldOptions) {
        self.sniff_options = options;
    }

    /// Replaces the log sink (default: standard error).
    pub fn set_log(&mut self, log: Box<dyn FnMut(&str) + Send>) {
        self.log = log;
    }

    /// The virtual network.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The virtual network, mutably (air sink, ...).
    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    fn now(&self) -> Duration {
        self.epoch.elapsed()
    }

    /// The NCP rebooted (RST from the host, or an injected reset): the stack is down until
    /// `networkInit`, the version must be negotiated again, RAM-only settings are lost.
    pub fn reboot(&mut self) {
        self.save_now();
        self.network.reboot_coordinator();
        self.negotiated = false;
        self.endpoints.clear();
        self.policies.clear();
        self.initial_security = None;
    }

    /// Entry `index` of the address table: the routers in the network (end devices are in the
    /// child table instead), as the trust center learnt them when they joined.
    fn address_table_entry(&self, index: u8) -> Option<(u16, u64)> {
        self.network
            .devices()
            .iter()
            .filter(|d| d.spec.node_type() == NodeType::Router)
            .filter_map(|d| d.nwk.map(|n| (n, d.spec.ieee)))
            .nth(usize::from(index))
    }

    /// Saves the state file now if anything changed.
    pub fn save_now(&mut self) {
        if let Some(path) = &self.state_path {
            if let Err(e) = self.network.store(path) {
                (self.log)(&format!("cannot save state to {}: {e}", path.display()));
            }
        }
        self.dirty = false;
        self.last_save = Instant::now();
    }

    fn ok(&self) -> EmberOrSl {
        Status::success(self.protocol)
    }

    fn ember(&self, status: EmberStatus) -> EmberOrSl {
        Status::Legacy(status).for_version(self.protocol)
    }

    fn ezsp_ok(&self) -> EzspOrSl {
        Status::success(self.protocol)
    }

    /// Handles one EZSP frame from the host; returns the frames to send back.
    pub fn handle_frame(&mut self, bytes: &[u8]) -> Vec<Vec<u8>> {
        self.frames_handled += 1;
        let format = HeaderFormat::detect(bytes);
        let frame = match Frame::parse(bytes, format) {
            Ok(frame) => frame,
            Err(e) => {
                (self.log)(&format!(
                    "malformed EZSP frame from host ({e}): {}",
                    hex::encode(bytes)
                ));
                return Vec::new();
            }
        };
        if frame.header.control.is_response() {
            (self.log)(&format!(
                "host sent a frame with the response bit set: {}",
                hex::encode(bytes)
            ));
            return Vec::new();
        }
        // Before negotiation only the legacy `version` command is understood.
        if frame.header.frame_id == c::Version::ID {
            return self.version(&frame);
        }
        if !self.negotiated || format == HeaderFormat::Legacy {
            (self.log)(&format!(
                "EZSP frame 0x{:04X} before version negotiation or in legacy format: rejected",
                frame.header.frame_id
            ));
            return vec![self.invalid(&frame, EzspStatus::ERROR_VERSION_NOT_SET)];
        }
        let v = self.protocol;
        let command = match AnyCommand::from_frame(&frame, v) {
            Ok(command) => command,
            Err(e) => {
                (self.log)(&format!(
                    "malformed EZSP {} (0x{:04X}) from host: {e}",
                    c::name_in(frame.header.frame_id, v).unwrap_or("command"),
                    frame.header.frame_id
                ));
                return vec![self.invalid(&frame, EzspStatus::ERROR_INVALID_VALUE)];
            }
        };
        let mut out = Vec::new();
        let answer = self.dispatch(command, &frame, &mut out);
        match answer {
            Some(bytes) => out.insert(0, bytes),
            None => {
                (self.log)(&format!(
                    "EZSP {} (0x{:04X}) is not implemented by the simulator",
                    c::name_in(frame.header.frame_id, v).unwrap_or("unknown frame"),
                    frame.header.frame_id
                ));
                out.insert(0, self.invalid(&frame, EzspStatus::ERROR_INVALID_FRAME_ID));
            }
        }
        if self.dirty && self.last_save.elapsed() > Duration::from_millis(200) {
            self.save_now();
        }
        out
    }

    fn invalid(&self, frame: &Frame, status: EzspStatus) -> Vec<u8> {
        let response = c::InvalidCommandResponse {
            status: Status::Legacy(status).for_version(self.protocol),
        };
        response_frame(&response, frame.header, self.protocol)
    }

    fn version(&mut self, frame: &Frame) -> Vec<Vec<u8>> {
        let desired = frame.parameters.first().copied().unwrap_or(0);
        if frame.parameters.len() != 1 {
            (self.log)("malformed version command");
            return Vec::new();
        }
        let ours = self.protocol.0;
        let response = c::VersionResponse {
            protocol_version: ours,
            stack_type: 2,
            stack_version: stack_version_for(ours),
        };
        // Agreed when the host asks for exactly our version (UG100 §3.1).
        self.negotiated = desired == ours;
        vec![response_frame(
            &response,
            frame.header,
            ProtocolVersion(desired.max(4)),
        )]
    }

    fn callback<M: Message + c::Parameters>(&mut self, callback: &M) -> Vec<u8> {
        let sequence = self.callback_sequence;
        self.callback_sequence = self.callback_sequence.wrapping_add(1);
        callback_frame(callback, sequence, CallbackType::Async, self.protocol)
    }

    fn eui64(&self) -> Eui64 {
        Eui64(self.network.coordinator_ieee())
    }

    fn joined(&self) -> bool {
        self.network.status() == NetworkStatus::Joined
    }

    fn stack_status(&mut self, status: EmberStatus) -> Vec<u8> {
        let cb = c::StackStatusHandler {
            status: self.ember(status),
        };
        self.callback(&cb)
    }

    fn network_parameters(&self) -> NetworkParameters {
        let mut p = NetworkParameters::default();
        if let Some(params) = self.network.params() {
            p.extended_pan_id = Eui64(params.extended_pan_id);
            p.pan_id = params.pan_id;
            p.radio_tx_power = self.network.tx_power() as u8;
            p.radio_channel = params.channel;
            p.join_method = JoinMethod::USE_MAC_ASSOCIATION;
            p.nwk_manager_id = 0x0000;
            p.nwk_update_id = params.nwk_update_id;
            p.channels = params.channel_mask;
        }
        p
    }

    /// Answers one decoded command; `None` when the simulator does not implement it.
    #[allow(clippy::too_many_lines)]
    fn dispatch(
        &mut self,
        command: AnyCommand,
        frame: &Frame,
        out: &mut Vec<Vec<u8>>,
    ) -> Option<Vec<u8>> {
        let v = self.protocol;
        let h = frame.header;
        macro_rules! reply {
            ($r:expr) => {
                Some(response_frame(&$r, h, v))
            };
        }
        match command {
            AnyCommand::Version(_) => None,
            AnyCommand::Nop(_) => reply!(c::NopResponse {}),
            AnyCommand::Echo(e) => reply!(c::EchoResponse { echo: e.data }),
            AnyCommand::NoCallbacks(_) | AnyCommand::Callback(_) => None,
            AnyCommand::GetConfigurationValue(g) => match self.config.get(&g.config_id.0) {
                Some(&value) => reply!(c::GetConfigurationValueResponse {
                    status: self.ezsp_ok(),
                    value
                }),
                None => reply!(c::GetConfigurationValueResponse {
                    status: Status::Legacy(EzspStatus::ERROR_INVALID_ID).for_version(v),
                    value: 0
                }),
            },
            AnyCommand::SetConfigurationValue(s) => {
                let status = if self.joined() {
                    Status::Legacy(EzspStatus::ERROR_INVALID_CALL).for_version(v)
                } else {
                    self.config.insert(s.config_id.0, s.value);
                    self.ezsp_ok()
                };
                reply!(c::SetConfigurationValueResponse { status })
            }
            AnyCommand::AddEndpoint(e) => {
                self.endpoints.retain(|x| x.endpoint != e.endpoint);
                self.endpoints.push(e);
                reply!(c::AddEndpointResponse {
                    status: self.ezsp_ok()
                })
            }
            AnyCommand::SetPolicy(p) => {
                self.policies.insert(p.policy_id.0, p.decision_id.0);
                reply!(c::SetPolicyResponse {
                    status: self.ezsp_ok()
                })
            }
            AnyCommand::GetPolicy(p) => {
                let decision = self.policies.get(&p.policy_id.0).copied().unwrap_or(0);
                reply!(c::GetPolicyResponse {
                    status: self.ezsp_ok(),
                    decision_id: zcl_radio::ezsp::types::DecisionId(decision)
                })
            }
            AnyCommand::GetValue(g) => {
                let value = match g.value_id {
                    ValueId::VALUE_VERSION_INFO => {
                        let sv = stack_version_for(v.0);
                        let mut b = 442u16.to_le_bytes().to_vec();
                        b.extend_from_slice(&[
                            (sv >> 12) as u8,
                            ((sv >> 8) & 0xF) as u8,
                            ((sv >> 4) & 0xF) as u8,
                            (sv & 0xF) as u8,
                            0xAA, // type: GA release
                        ]);
                        Some(b)
                    }
                    ValueId::VALUE_FREE_BUFFERS => Some(vec![240]),
                    ValueId::VALUE_NODE_SHORT_ID => Some(0u16.to_le_bytes().to_vec()),
                    ValueId::VALUE_NWK_FRAME_COUNTER => Some(
                        self.network
                            .security()
                            .map_or(0, |s| s.nwk_frame_counter)
                            .to_le_bytes()
                            .to_vec(),
                    ),
                    ValueId::VALUE_APS_FRAME_COUNTER => Some(
                        self.network
                            .security()
                            .map_or(0, |s| s.aps_frame_counter)
                            .to_le_bytes()
                            .to_vec(),
                    ),
                    id => self.values.get(&id.0).cloned(),
                };
                match value {
                    Some(value) => reply!(c::GetValueResponse {
                        status: self.ezsp_ok(),
                        value
                    }),
                    None => reply!(c::GetValueResponse {
                        status: Status::Legacy(EzspStatus::ERROR_INVALID_ID).for_version(v),
                        value: Vec::new()
                    }),
                }
            }
            AnyCommand::SetValue(s) => {
                self.values.insert(s.value_id.0, s.value);
                reply!(c::SetValueResponse {
                    status: self.ezsp_ok()
                })
            }
            AnyCommand::GetMfgToken(t) => {
                let data = match t.token_id {
                    MfgTokenId::MFG_STRING => pad(b"zcl-rs", 16),
                    MfgTokenId::MFG_BOARD_NAME => pad(b"EZSP simulator", 16),
                    MfgTokenId::MFG_MANUF_ID => 0x1234u16.to_le_bytes().to_vec(),
                    MfgTokenId::MFG_CUSTOM_EUI_64 => self
                        .mfg_custom_eui64
                        .unwrap_or(Eui64::UNASSIGNED)
                        .to_le_bytes()
                        .to_vec(),
                    _ => Vec::new(),
                };
                reply!(c::GetMfgTokenResponse { token_data: data })
            }
            AnyCommand::SetMfgToken(t) => {
                let status =
                    if t.token_id == MfgTokenId::MFG_CUSTOM_EUI_64 && t.token_data.len() == 8 {
                        let mut eui = [0u8; 8];
                        eui.copy_from_slice(&t.token_data);
                        self.mfg_custom_eui64 = Some(Eui64::from_le_bytes(eui));
                        self.ok()
                    } else {
                        self.ember(EmberStatus::INVALID_CALL)
                    };
                reply!(c::SetMfgTokenResponse { status })
            }
            AnyCommand::CustomFrame(_) => {
                // No XNCP extensions: a stock NCP answers custom frames with an error.
                reply!(c::CustomFrameResponse {
                    status: self.ember(EmberStatus::INVALID_CALL),
                    reply: Vec::new()
                })
            }
            AnyCommand::GetXncpInfo(_) => reply!(c::GetXncpInfoResponse {
                status: self.ember(EmberStatus::INVALID_CALL),
                manufacturer_id: 0,
                version_number: 0
            }),
            AnyCommand::GetEui64(_) => reply!(c::GetEui64Response {
                eui64: self.eui64()
            }),
            AnyCommand::GetNodeId(_) => {
                reply!(c::GetNodeIdResponse {
                    node_id: if self.joined() { 0x0000 } else { 0xFFFE }
                })
            }
            AnyCommand::GetLibraryStatus(_) => reply!(c::GetLibraryStatusResponse { status: 0x01 }),
            AnyCommand::ReadCounters(_) | AnyCommand::ReadAndClearCounters(_) => {
                let values = U16Rest(vec![0; 41]);
                if matches!(command_id(frame), 0x0065) {
                    reply!(c::ReadAndClearCountersResponse { values })
                } else {
                    reply!(c::ReadCountersResponse { values })
                }
            }
            AnyCommand::SetManufacturerCode(_) => {
                reply!(c::SetManufacturerCodeResponse {
                    status: SlStatus::OK
                })
            }
            AnyCommand::SetRadioPower(p) => {
                self.network.set_tx_power(p.power);
                self.dirty = true;
                reply!(c::SetRadioPowerResponse { status: self.ok() })
            }
            AnyCommand::GetRandomNumber(_) => {
                let value = rand::Rng::random::<u16>(&mut self.rng);
                reply!(c::GetRandomNumberResponse {
                    status: self.ok(),
                    value
                })
            }
            AnyCommand::GetTokenCount(_) => reply!(c::GetTokenCountResponse { count: U8OrU32(0) }),
            AnyCommand::GetTokenData(t) => {
                let key = token_key(t.token, t.index);
                match self.network.token(key) {
                    Some(data) => {
                        let value = LvBytes32(data.to_vec());
                        reply!(c::GetTokenDataResponse {
                            status: self.ok(),
                            value
                        })
                    }
                    None => reply!(c::GetTokenDataResponse {
                        status: self.ember(EmberStatus::NOT_FOUND),
                        value: LvBytes32(Vec::new())
                    }),
                }
            }
            AnyCommand::SetTokenData(t) => {
                let key = token_key(t.token, t.index);
                let status = if self.network.token(key).is_some() {
                    self.network.set_token(key, t.token_data.0);
                    self.dirty = true;
                    self.ok()
                } else {
                    self.ember(EmberStatus::NOT_FOUND)
                };
                reply!(c::SetTokenDataResponse { status })
            }
            AnyCommand::TokenFactoryReset(_) => {
                for slot in &mut self.key_table {
                    *slot = None;
                }
                reply!(c::TokenFactoryResetResponse {})
            }
            AnyCommand::NetworkInit(_) => {
                if self.joined() {
                    reply!(c::NetworkInitResponse {
                        status: self.ember(EmberStatus::INVALID_CALL)
                    })
                } else {
                    match self.network.resume() {
                        Ok(()) => {
                            let up = self.stack_status(EmberStatus::NETWORK_UP);
                            out.push(up);
                            reply!(c::NetworkInitResponse { status: self.ok() })
                        }
                        Err(_) => reply!(c::NetworkInitResponse {
                            status: self.ember(EmberStatus::NOT_JOINED)
                        }),
                    }
                }
            }
            AnyCommand::NetworkState(_) => {
                let status = if self.joined() {
                    EzspNetworkStatus::JOINED_NETWORK
                } else {
                    EzspNetworkStatus::NO_NETWORK
                };
                reply!(c::NetworkStateResponse { status })
            }
            AnyCommand::StartScan(s) => {
                let status = self.start_scan(s, out);
                reply!(c::StartScanResponse { status })
            }
            AnyCommand::StopScan(_) => reply!(c::StopScanResponse { status: self.ok() }),
            AnyCommand::FormNetwork(f) => {
                let status = self.form(&f.parameters, out);
                reply!(c::FormNetworkResponse { status })
            }
            AnyCommand::LeaveNetwork(_) => {
                if self.network.leave().is_ok() {
                    self.dirty = true;
                    let down = self.stack_status(EmberStatus::NETWORK_DOWN);
                    out.push(down);
                    reply!(c::LeaveNetworkResponse { status: self.ok() })
                } else {
                    reply!(c::LeaveNetworkResponse {
                        status: self.ember(EmberStatus::INVALID_CALL)
                    })
                }
            }
            AnyCommand::PermitJoining(p) => {
                let status = match self.network.permit_join(p.duration, self.now()) {
                    Ok(()) => self.ok(),
                    Err(_) => self.ember(EmberStatus::INVALID_CALL),
                };
                reply!(c::PermitJoiningResponse { status })
            }
            AnyCommand::GetNetworkParameters(_) => {
                if self.joined() {
                    reply!(c::GetNetworkParametersResponse {
                        status: self.ok(),
                        node_type: EzspNodeType::COORDINATOR,
                        parameters: self.network_parameters()
                    })
                } else {
                    reply!(c::GetNetworkParametersResponse {
                        status: self.ember(EmberStatus::NOT_JOINED),
                        node_type: EzspNodeType::UNKNOWN_DEVICE,
                        parameters: NetworkParameters::default()
                    })
                }
            }
            AnyCommand::GetParentChildParameters(_) => {
                reply!(c::GetParentChildParametersResponse {
                    child_count: u8::try_from(self.network.children().len()).unwrap_or(u8::MAX),
                    parent_eui64: Eui64(0),
                    parent_node_id: 0xFFFF
                })
            }
            AnyCommand::GetChildData(g) => {
                match self.network.children().get(usize::from(g.index)) {
                    Some(child) => {
                        let child_data = ChildData {
                            eui64: Eui64(child.ieee),
                            node_type: ezsp_node_type(child.node_type),
                            id: child.nwk,
                            phy: 0,
                            power: 0,
                            timeout: 8,
                            timeout_remaining: 0,
                        };
                        reply!(c::GetChildDataResponse {
                            status: self.ok(),
                            child_data
                        })
                    }
                    None => reply!(c::GetChildDataResponse {
                        status: self.ember(EmberStatus::NOT_JOINED),
                        child_data: ChildData::default()
                    }),
                }
            }
            AnyCommand::SetChildData(d) => {
                let child = ChildEntry {
                    ieee: d.child_data.eui64.get(),
                    nwk: d.child_data.id,
                    node_type: match d.child_data.node_type {
                        EzspNodeType::ROUTER => NodeType::Router,
                        EzspNodeType::SLEEPY_END_DEVICE => NodeType::SleepyEndDevice,
                        _ => NodeType::EndDevice,
                    },
                    authorized: true,
                    incoming_frame_counter: None,
                };
                let status = match self.network.set_child(usize::from(d.index), child) {
                    Ok(()) => {
                        self.dirty = true;
                        self.ok()
                    }
                    Err(_) => self.ember(EmberStatus::INVALID_CALL),
                };
                reply!(c::SetChildDataResponse { status })
            }
            AnyCommand::SetConcentrator(_) => {
                reply!(c::SetConcentratorResponse { status: self.ok() })
            }
            AnyCommand::SetSourceRouteDiscoveryMode(_) => {
                reply!(c::SetSourceRouteDiscoveryModeResponse { remaining_time: 0 })
            }
            AnyCommand::SetSourceRoute(_) => {
                reply!(c::SetSourceRouteResponse { status: self.ok() })
            }
            AnyCommand::SetExtendedTimeout(_) => reply!(c::SetExtendedTimeoutResponse {
                status: SlStatus::OK
            }),
            AnyCommand::GetExtendedTimeout(_) => {
                reply!(c::GetExtendedTimeoutResponse {
                    extended_timeout: false,
                    status: SlStatus::OK
                })
            }
            AnyCommand::LookupNodeIdByEui64(l) => {
                let ieee = l.eui64.get();
                let node = self
                    .network
                    .children()
                    .iter()
                    .find(|c| c.ieee == ieee)
                    .map(|c| c.nwk);
                reply!(c::LookupNodeIdByEui64Response {
                    status: if node.is_some() {
                        SlStatus::OK
                    } else {
                        SlStatus::NOT_FOUND
                    },
                    node_id: node.unwrap_or(0xFFFF)
                })
            }
            AnyCommand::LookupEui64ByNodeId(l) => {
                let found = if l.node_id == 0 && self.joined() {
                    Some(self.eui64())
                } else {
                    self.network
                        .children()
                        .iter()
                        .find(|c| c.nwk == l.node_id)
                        .map(|c| Eui64(c.ieee))
                };
                match found {
                    Some(eui64) => reply!(c::LookupEui64ByNodeIdResponse {
                        status: self.ok(),
                        eui64
                    }),
                    None => reply!(c::LookupEui64ByNodeIdResponse {
                        status: self.ember(EmberStatus::ERR_FATAL),
                        eui64: Eui64::UNASSIGNED
                    }),
                }
            }
            AnyCommand::GetAddressTableRemoteEui64(g) => {
                let eui64 = self
                    .address_table_entry(g.address_table_index)
                    .map_or(Eui64(0), |(_, ieee)| Eui64(ieee));
                reply!(c::GetAddressTableRemoteEui64Response { eui64 })
            }
            AnyCommand::GetAddressTableRemoteNodeId(g) => {
                // 0xFFFF: the entry is unused (UG100).
                let node_id = self
                    .address_table_entry(g.address_table_index)
                    .map_or(0xFFFF, |(nwk, _)| nwk);
                reply!(c::GetAddressTableRemoteNodeIdResponse { node_id })
            }
            AnyCommand::GetAddressTableInfo(g) => match self.address_table_entry(g.index) {
                Some((nwk, ieee)) => reply!(c::GetAddressTableInfoResponse {
                    status: SlStatus::OK,
                    nwk,
                    eui64: Eui64(ieee)
                }),
                None => reply!(c::GetAddressTableInfoResponse {
                    status: SlStatus::NOT_FOUND,
                    nwk: 0xFFFF,
                    eui64: Eui64(0)
                }),
            },
            AnyCommand::SendUnicast(s) => {
                let aps = aps_info(&s.aps_frame);
                let tag = u32::from(s.message_tag.0);
                let result = if s.message_type == OutgoingMessageType::OUTGOING_DIRECT {
                    self.network.send_unicast(
                        self.now(),
                        s.index_or_destination,
                        aps,
                        &s.message,
                        tag,
                    )
                } else {
                    Err(super::network::SendError::InvalidDestination(
                        s.index_or_destination,
                    ))
                };
                let (status, sequence) = self.send_result(result);
                reply!(c::SendUnicastResponse { status, sequence })
            }
            AnyCommand::SendBroadcast(s) => {
                let aps = aps_info(&s.aps_frame);
                let tag = u32::from(s.message_tag.0);
                let result = self.network.send_broadcast(
                    self.now(),
                    s.destination,
                    s.radius,
                    aps,
                    &s.message,
                    tag,
                );
                let (status, sequence) = self.send_result(result);
                reply!(c::SendBroadcastResponse { status, sequence })
            }
            AnyCommand::SendMulticast(s) => {
                let aps = aps_info(&s.aps_frame);
                let tag = u32::from(s.message_tag.0);
                let result = self.network.send_multicast(
                    self.now(),
                    s.aps_frame.group_id,
                    s.hops,
                    aps,
                    &s.message,
                    tag,
                );
                let (status, sequence) = self.send_result(result);
                reply!(c::SendMulticastResponse { status, sequence })
            }
            AnyCommand::SetInitialSecurityState(s) => {
                self.initial_security = Some(s);
                reply!(c::SetInitialSecurityStateResponse { status: self.ok() })
            }
            AnyCommand::GetCurrentSecurityState(_) => {
                if self.joined() {
                    reply!(c::GetCurrentSecurityStateResponse {
                        status: self.ok(),
                        state: CurrentSecurityState {
                            bitmask: SECURITY_BITMASK,
                            trust_center_long_address: self.eui64()
                        }
                    })
                } else {
                    reply!(c::GetCurrentSecurityStateResponse {
                        status: self.ember(EmberStatus::NOT_JOINED),
                        state: CurrentSecurityState::default()
                    })
                }
            }
            AnyCommand::FindKeyTableEntry(f) => {
                let index = self
                    .key_table
                    .iter()
                    .position(|e| e.is_some_and(|(eui, _)| eui == f.address))
                    .and_then(|i| u8::try_from(i).ok())
                    .unwrap_or(0xFF);
                reply!(c::FindKeyTableEntryResponse { index })
            }
            AnyCommand::EraseKeyTableEntry(e) => {
                let status = match self.key_table.get_mut(usize::from(e.index)) {
                    Some(slot) => {
                        *slot = None;
                        self.ok()
                    }
                    None => self.ember(EmberStatus::BAD_ARGUMENT),
                };
                reply!(c::EraseKeyTableEntryResponse { status })
            }
            AnyCommand::ClearKeyTable(_) => {
                for slot in &mut self.key_table {
                    *slot = None;
                }
                reply!(c::ClearKeyTableResponse { status: self.ok() })
            }
            AnyCommand::AddTransientLinkKey(t) => {
                let status = match self
                    .network
                    .add_transient_key(t.partner.get(), t.transient_key)
                {
                    Ok(()) => EmberStatus::SUCCESS,
                    Err(_) => EmberStatus::INVALID_CALL,
                };
                reply!(c::AddTransientLinkKeyResponse { status })
            }
            AnyCommand::ImportTransientKey(t) => {
                let status = match self
                    .network
                    .add_transient_key(t.eui64.get(), t.plaintext_key)
                {
                    Ok(()) => SlStatus::OK,
                    Err(_) => SlStatus::INVALID_STATE,
                };
                reply!(c::ImportTransientKeyResponse { status })
            }
            AnyCommand::RemoveDevice(_) => reply!(c::RemoveDeviceResponse { status: self.ok() }),
            AnyCommand::GetNetworkKeyInfo(_) => {
                let info = match self.network.security() {
                    Some(s) if self.joined() => NetworkKeyInfo {
                        network_key_set: true,
                        alternate_network_key_set: false,
                        network_key_sequence_number: s.key_sequence,
                        alt_network_key_sequence_number: 0,
                        network_key_frame_counter: s.nwk_frame_counter,
                    },
                    _ => NetworkKeyInfo::default(),
                };
                reply!(c::GetNetworkKeyInfoResponse {
                    status: SlStatus::OK,
                    network_key_info: info
                })
            }
            AnyCommand::ExportKey(e) => {
                let key = match (e.context.core_key_type, self.network.security()) {
                    (SecurityKeyType::NETWORK, Some(s)) => Some(s.network_key),
                    (SecurityKeyType::TC_LINK, Some(s)) => Some(s.tc_link_key),
                    _ => None,
                };
                let response = match key {
                    Some(key) => c::ExportKeyResponse {
                        status: SlStatus::OK,
                        key,
                        context: e.context,
                    },
                    None => c::ExportKeyResponse {
                        status: SlStatus::NOT_FOUND,
                        key: [0; 16],
                        context: e.context,
                    },
                };
                reply!(response)
            }
            AnyCommand::ImportKey(i) => reply!(c::ImportKeyResponse {
                status: SlStatus::OK,
                context: i.context
            }),
            AnyCommand::ExportLinkKeyByIndex(x) => {
                let entry = self.key_table.get(usize::from(x.index)).copied().flatten();
                let mut r = c::ExportLinkKeyByIndexResponse::default();
                r.context.core_key_type = SecurityKeyType::APP_LINK;
                r.context.key_index = x.index;
                match entry {
                    Some((eui, key)) => {
                        r.status = SlStatus::OK;
                        r.eui64 = eui;
                        r.context.eui64 = eui;
                        r.plaintext_key = key;
                        r.key_data = ApsKeyMetadata {
                            bitmask: 0,
                            outgoing_frame_counter: 0,
                            incoming_frame_counter: 0,
                            ttl_in_seconds: 0,
                        };
                    }
                    None => r.status = SlStatus::NOT_FOUND,
                }
                reply!(r)
            }
            AnyCommand::ImportLinkKey(i) => {
                let status = match self.key_table.get_mut(usize::from(i.index)) {
                    Some(slot) => {
                        *slot = Some((i.address, i.key));
                        SlStatus::OK
                    }
                    None => SlStatus::INVALID_INDEX,
                };
                reply!(c::ImportLinkKeyResponse { status })
            }
            AnyCommand::GetKey(g) => {
                // Before v13 (UG100 getKey): the current network key or the TC link key.
                let found = match (g.key_type, self.network.security()) {
                    (KeyType::CURRENT_NETWORK_KEY, Some(s)) => {
                        Some((s.network_key, s.nwk_frame_counter, s.key_sequence, Eui64(0)))
                    }
                    (KeyType::TRUST_CENTER_LINK_KEY, Some(s)) => {
                        Some((s.tc_link_key, s.aps_frame_counter, 0, self.eui64()))
                    }
                    _ => None,
                };
                match found {
                    Some((key, counter, sequence, partner)) => reply!(c::GetKeyResponse {
                        status: EmberStatus::SUCCESS,
                        key_struct: KeyStruct {
                            // Has sequence number, outgoing frame counter, partner EUI64.
                            bitmask: 0x0001 | 0x0002 | 0x0008,
                            key_type: g.key_type,
                            key,
                            outgoing_frame_counter: counter,
                            incoming_frame_counter: 0,
                            sequence_number: sequence,
                            partner_eui64: partner,
                        }
                    }),
                    None => reply!(c::GetKeyResponse {
                        status: EmberStatus::NOT_FOUND,
                        key_struct: KeyStruct::default()
                    }),
                }
            }
            AnyCommand::GetKeyTableEntry(g) => {
                match self.key_table.get(usize::from(g.index)).copied().flatten() {
                    Some((partner, key)) => reply!(c::GetKeyTableEntryResponse {
                        status: EmberStatus::SUCCESS,
                        key_struct: KeyStruct {
                            bitmask: 0x0008,
                            key_type: KeyType::APPLICATION_LINK_KEY,
                            key,
                            outgoing_frame_counter: 0,
                            incoming_frame_counter: 0,
                            sequence_number: 0,
                            partner_eui64: partner,
                        }
                    }),
                    None => reply!(c::GetKeyTableEntryResponse {
                        status: EmberStatus::TABLE_ENTRY_ERASED,
                        key_struct: KeyStruct::default()
                    }),
                }
            }
            AnyCommand::AddOrUpdateKeyTableEntry(a) => {
                let slot = self
                    .key_table
                    .iter()
                    .position(|e| e.is_some_and(|(eui, _)| eui == a.address))
                    .or_else(|| self.key_table.iter().position(Option::is_none));
                let status = match slot.and_then(|i| self.key_table.get_mut(i)) {
                    Some(entry) => {
                        *entry = Some((a.address, a.key_data));
                        EmberStatus::SUCCESS
                    }
                    None => EmberStatus::TABLE_FULL,
                };
                reply!(c::AddOrUpdateKeyTableEntryResponse { status })
            }
            AnyCommand::GetMulticastTableEntry(g) => match self.multicast.get(usize::from(g.index))
            {
                Some(entry) => reply!(c::GetMulticastTableEntryResponse {
                    status: self.ok(),
                    value: entry.clone()
                }),
                None => reply!(c::GetMulticastTableEntryResponse {
                    status: self.ember(EmberStatus::INDEX_OUT_OF_RANGE),
                    value: MulticastTableEntry::default()
                }),
            },
            AnyCommand::SetMulticastTableEntry(m) => {
                let status = match self.multicast.get_mut(usize::from(m.index)) {
                    Some(slot) => {
                        *slot = m.value;
                        self.ok()
                    }
                    None => self.ember(EmberStatus::INDEX_OUT_OF_RANGE),
                };
                reply!(c::SetMulticastTableEntryResponse { status })
            }
            AnyCommand::GpSinkTableClearAll(_) => reply!(c::GpSinkTableClearAllResponse {}),
            AnyCommand::ReplaceAddressTableEntry(r) => {
                // The address table is not modelled: every entry reads as unused.
                let _ = r;
                reply!(c::ReplaceAddressTableEntryResponse {
                    status: self.ok(),
                    old_eui64: Eui64(0),
                    old_id: 0xFFFF,
                    old_extended_timeout: false
                })
            }
            AnyCommand::MfglibStart(m) => {
                // The radio listens on channel 11 until told otherwise; the network it hears
                // starts with the first start.
                self.mfglib = Some((m.rx_callback, 11));
                let options = self.sniff_options;
                self.sniffed
                    .get_or_insert_with(|| super::sniffer::SniffWorld::new(options));
                reply!(c::MfglibStartResponse { status: self.ok() })
            }
            AnyCommand::MfglibEnd(_) => {
                self.mfglib = None;
                reply!(c::MfglibEndResponse { status: self.ok() })
            }
            AnyCommand::MfglibSetChannel(m) => {
                let status = match self.mfglib.as_mut() {
                    Some((_, channel)) if (11..=26).contains(&m.channel) => {
                        *channel = m.channel;
                        self.ok()
                    }
                    Some(_) => self.ember(EmberStatus::PHY_INVALID_CHANNEL),
                    None => self.ember(EmberStatus::INVALID_CALL),
                };
                reply!(c::MfglibSetChannelResponse { status })
            }
            _ => None,
        }
    }

    fn send_result(&mut self, result: Result<u8, super::network::SendError>) -> (EmberOrSl, u8) {
        match result {
            Ok(sequence) => {
                self.dirty = true;
                (self.ok(), sequence)
            }
            Err(super::network::SendError::NetworkDown) => {
                (self.ember(EmberStatus::NETWORK_DOWN), 0)
            }
            Err(super::network::SendError::PayloadTooLong { .. }) => {
                (self.ember(EmberStatus::MESSAGE_TOO_LONG), 0)
            }
            Err(_) => (self.ember(EmberStatus::INVALID_CALL), 0),
        }
    }

    fn form(&mut self, p: &NetworkParameters, out: &mut Vec<Vec<u8>>) -> EmberOrSl {
        if self.joined() {
            return self.ember(EmberStatus::INVALID_CALL);
        }
        let Some(initial) = self.initial_security.clone() else {
            (self.log)("formNetwork before setInitialSecurityState");
            return self.ember(EmberStatus::INVALID_CALL);
        };
        let params = NetworkParams {
            pan_id: p.pan_id,
            extended_pan_id: p.extended_pan_id.get(),
            channel: p.radio_channel,
            tx_power_dbm: p.radio_tx_power as i8,
            nwk_update_id: p.nwk_update_id,
            channel_mask: if p.channels == 0 {
                1 << p.radio_channel
            } else {
                p.channels
            },
        };
        let mut security = SecurityParams::new(initial.state.network_key);
        security.key_sequence = initial.state.network_key_sequence_number;
        security.tc_link_key = initial.state.preconfigured_key;
        // EMBER_TRUST_CENTER_USES_HASHED_LINK_KEY (0x0084), as bellows forms networks.
        security.hashed_tc_link_keys = initial.state.bitmask & 0x0084 == 0x0084;
        if let Some(fc) = self
            .values
            .get(&ValueId::VALUE_NWK_FRAME_COUNTER.0)
            .and_then(|b| b.first_chunk::<4>())
        {
            security.nwk_frame_counter = u32::from_le_bytes(*fc);
        }
        if let Some(fc) = self
            .values
            .get(&ValueId::VALUE_APS_FRAME_COUNTER.0)
            .and_then(|b| b.first_chunk::<4>())
        {
            security.aps_frame_counter = u32::from_le_bytes(*fc);
        }
        match self.network.form(params, security) {
            Ok(()) => {
                self.save_now();
                let up = self.stack_status(EmberStatus::NETWORK_UP);
                out.push(up);
                self.ok()
            }
            Err(e) => {
                (self.log)(&format!("formNetwork refused: {e}"));
                self.ember(EmberStatus::BAD_ARGUMENT)
            }
        }
    }

    fn start_scan(&mut self, s: c::StartScan, out: &mut Vec<Vec<u8>>) -> EmberOrSl {
        match s.scan_type {
            ScanType::ENERGY_SCAN => {
                for (channel, max_rssi_value) in self.network.energy_scan(s.channel_mask) {
                    let cb = c::EnergyScanResultHandler {
                        channel,
                        max_rssi_value,
                    };
                    out.push(self.callback(&cb));
                }
            }
            ScanType::ACTIVE_SCAN => {
                for n in self.network.active_scan(s.channel_mask) {
                    let cb = c::NetworkFoundHandler {
                        network_found: ZigbeeNetwork {
                            channel: n.channel,
                            pan_id: n.pan_id,
                            extended_pan_id: Eui64(n.extended_pan_id),
                            allowing_join: n.permit_joining,
                            stack_profile: n.stack_profile,
                            nwk_update_id: n.nwk_update_id,
                        },
                        last_hop_lqi: n.lqi,
                        last_hop_rssi: n.rssi,
                    };
                    out.push(self.callback(&cb));
                }
            }
            _ => return self.ember(EmberStatus::BAD_ARGUMENT),
        }
        let done = c::ScanCompleteHandler {
            channel: 0,
            status: self.ok(),
        };
        out.push(self.callback(&done));
        self.ok()
    }

    /// Advances the virtual network; returns callbacks for what happened.
    pub fn tick(&mut self) -> Vec<Vec<u8>> {
        let now = self.now();
        let events = self.network.tick(now);
        let mut out = Vec::new();
        if !self.negotiated {
            return out;
        }
        if let Some(world) = self.sniffed.as_mut() {
            let heard = world.poll();
            if let Some((true, channel)) = self.mfglib {
                for f in heard.into_iter().filter(|f| f.channel == channel) {
                    let cb = c::MfglibRxHandler {
                        link_quality: f.lqi,
                        rssi: f.rssi,
                        packet_contents: f.psdu,
                    };
                    out.push(self.callback(&cb));
                }
            }
        }
        for event in events {
            self.dirty = true;
            match event {
                NetworkEvent::NetworkUp | NetworkEvent::NetworkDown => {}
                NetworkEvent::TrustCenterJoin {
                    ieee,
                    nwk,
                    status,
                    parent,
                } => {
                    let cb = c::TrustCenterJoinHandler {
                        new_node_id: nwk,
                        new_node_eui64: Eui64(ieee),
                        status: match status {
                            JoinStatus::UnsecuredJoin => {
                                DeviceUpdate::STANDARD_SECURITY_UNSECURED_JOIN
                            }
                            JoinStatus::SecuredRejoin => {
                                DeviceUpdate::STANDARD_SECURITY_SECURED_REJOIN
                            }
                            JoinStatus::DeviceLeft => DeviceUpdate::DEVICE_LEFT,
                        },
                        policy_decision: if status == JoinStatus::DeviceLeft {
                            JoinDecision::NO_ACTION
                        } else {
                            JoinDecision::USE_PRECONFIGURED_KEY
                        },
                        parent_of_new_node_id: parent,
                    };
                    out.push(self.callback(&cb));
                }
                NetworkEvent::ChildJoined {
                    ieee,
                    nwk,
                    node_type,
                } => {
                    let index = self
                        .network
                        .children()
                        .iter()
                        .position(|c| c.ieee == ieee)
                        .unwrap_or(0);
                    let cb = c::ChildJoinHandler {
                        index: u8::try_from(index).unwrap_or(0),
                        joining: true,
                        child_id: nwk,
                        child_eui64: Eui64(ieee),
                        child_type: ezsp_node_type(node_type),
                    };
                    out.push(self.callback(&cb));
                }
                NetworkEvent::DeviceLeft { ieee, nwk } => {
                    let cb = c::TrustCenterJoinHandler {
                        new_node_id: nwk,
                        new_node_eui64: Eui64(ieee),
                        status: DeviceUpdate::DEVICE_LEFT,
                        policy_decision: JoinDecision::NO_ACTION,
                        parent_of_new_node_id: 0,
                    };
                    out.push(self.callback(&cb));
                }
                NetworkEvent::IncomingMessage {
                    kind,
                    aps,
                    src_nwk,
                    src_ieee,
                    lqi,
                    rssi,
                    payload,
                } => {
                    let cb = c::IncomingMessageHandler {
                        message_type: match kind {
                            MessageKind::Unicast => IncomingMessageType::INCOMING_UNICAST,
                            MessageKind::Broadcast => IncomingMessageType::INCOMING_BROADCAST,
                            MessageKind::Multicast => IncomingMessageType::INCOMING_MULTICAST,
                        },
                        aps_frame: ezsp_aps(&aps),
                        lqi,
                        rssi,
                        sender: src_nwk,
                        eui64: Eui64(src_ieee.unwrap_or(0)),
                        binding_index: 0xFF,
                        address_index: 0xFF,
                        timestamp: u32::try_from(now.as_millis()).unwrap_or(u32::MAX),
                        message: payload,
                    };
                    out.push(self.callback(&cb));
                }
                NetworkEvent::MessageSent {
                    tag,
                    kind,
                    dst,
                    aps,
                    delivered,
                    payload,
                } => {
                    let cb = c::MessageSentHandler {
                        status: if delivered {
                            self.ok()
                        } else {
                            self.ember(EmberStatus::DELIVERY_FAILED)
                        },
                        message_type: match kind {
                            MessageKind::Unicast => OutgoingMessageType::OUTGOING_DIRECT,
                            MessageKind::Broadcast => OutgoingMessageType::OUTGOING_BROADCAST,
                            MessageKind::Multicast => OutgoingMessageType::OUTGOING_MULTICAST,
                        },
                        index_or_destination: dst,
                        aps_frame: ezsp_aps(&aps),
                        message_tag: U8OrU16(u16::try_from(tag).unwrap_or(u16::MAX)),
                        message: payload,
                    };
                    out.push(self.callback(&cb));
                }
            }
        }
        if self.dirty && self.last_save.elapsed() > Duration::from_secs(2) {
            self.save_now();
        }
        out
    }
}

fn command_id(frame: &Frame) -> u16 {
    frame.header.frame_id
}

/// NVM3 tokens are kept in the network's token store under one key per (token, index).
fn token_key(token: u32, index: u32) -> u32 {
    token ^ (index << 24)
}

fn pad(text: &[u8], len: usize) -> Vec<u8> {
    let mut v = text.to_vec();
    v.resize(len.max(text.len()), 0xFF);
    v
}

fn ezsp_node_type(t: NodeType) -> EzspNodeType {
    match t {
        NodeType::Coordinator => EzspNodeType::COORDINATOR,
        NodeType::Router => EzspNodeType::ROUTER,
        NodeType::EndDevice => EzspNodeType::END_DEVICE,
        NodeType::SleepyEndDevice => EzspNodeType::SLEEPY_END_DEVICE,
    }
}

fn aps_info(a: &ApsFrame) -> ApsInfo {
    ApsInfo {
        profile: a.profile_id,
        cluster: a.cluster_id,
        src_ep: a.source_endpoint,
        dst_ep: a.destination_endpoint,
        options: a.options,
        group: a.group_id,
        sequence: a.sequence,
    }
}

fn ezsp_aps(a: &ApsInfo) -> ApsFrame {
    ApsFrame {
        profile_id: a.profile,
        cluster_id: a.cluster,
        source_endpoint: a.src_ep,
        destination_endpoint: a.dst_ep,
        options: a.options,
        group_id: a.group,
        sequence: a.sequence,
    }
}
