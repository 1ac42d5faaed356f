//! The simulated ZNP coprocessor: a TI Z-Stack 3.30 coordinator (as on a CC2652) speaking MT
//! over the virtual network of [`Network`], the same network the EZSP front end serves.
//!
//! It behaves as the firmware does where a host can tell: the NV memory holds the network
//! ([`nvram`]: NIB, keys, frame counters, address manager and link key tables) and is where a
//! host reads a backup from and writes a restore to; the network comes up from NV when the host
//! starts commissioning (`APP_CNF_BDB_START_COMMISSIONING` or `ZDO_STARTUP_FROM_APP`), formed
//! anew from the configuration items when NV holds none; `SYS_RESET_REQ` reboots it, applying
//! `STARTUP_OPTION`. Every SREQ gets exactly one SRSP: an RPC error for a subsystem the
//! firmware lacks, a command id it does not know or a payload that does not decode (which is
//! also logged).

pub mod nvram;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rand::{Rng, RngCore};
use zcl_radio::mt::commands::{af, app_cnf, rpc, sys, util, zdo, AnyRequest, Command};
use zcl_radio::mt::frame::{CommandType, Frame, Subsystem};
use zcl_radio::mt::nv::{AddrMgrEntry, ExNvId, Nib, NwkKeyDesc, OsalNvId};
use zcl_radio::mt::types::{
    AddrMode, BdbCommissioningMode, BdbCommissioningStatus, Channels, DeviceState,
    DeviceTypeCapabilities, MacCapabilities, MtCapabilities, ResetReason, RpcErrorCode,
    StartupOptions, StartupState, Status, ZdoStatus,
};
use zcl_radio::mt::wire::{AddrModeAddress, Eui64, List8, RestBytes, ShortBytes};

use self::nvram::{NvKey, ALIGNMENT};
use super::devices::{EndpointInfo, NodeType};
use super::network::{
    ApsInfo, MessageKind, Network, NetworkConfig, NetworkEvent, NetworkStatus, SendError,
};
use super::state::SavedBinding;
use super::state::{NetworkParams, SecurityParams, StateError};
use super::zdo::{cluster as zdo_cluster, ZdoContext, ZdoNode};
use zcl_core::zdp::{
    DescriptorCapability, FrequencyBand, LogicalType, MacCapabilityFlags, NodeDescriptor,
    PowerDescriptor, PowerMode, PowerSourceLevel, PowerSources, Relationship, ServerMask,
};

/// Subsystems the simulated firmware has (`SYS_PING`): SYS, AF, ZDO, UTIL, GP and APP_CNF, as
/// the Z-Stack 3.30 coordinator builds for CC2652 sticks report.
pub const CAPABILITIES: u16 = 0x0659;

/// What `SYS_VERSION` reports: MT transport 2, product 1 (Z-Stack 3.30+), release 2.7.1.
pub const VERSION: sys::VersionResponse = sys::VersionResponse {
    transport_rev: 2,
    product_id: 1,
    major_rel: 2,
    minor_rel: 7,
    maint_rel: 1,
    code_revision: Some(20_230_507),
    bootloader_build_type: Some(0),
    bootloader_revision: Some(0),
};

/// Channels BDB forms on unless the host sets others (`BDB_DEFAULT_PRIMARY_CHANNEL_SET`).
const DEFAULT_PRIMARY_CHANNELS: u32 = 0x0000_0800;
/// AF transmit option: ask for an APS acknowledgement.
const AF_ACK_REQUEST: u8 = 0x10;
/// `RTG_ACTIVE` in the answer to `ZDO_EXT_ROUTE_CHK`.
const ROUTE_ACTIVE: u8 = 1;
/// `RTG_NO_ROUTE`... the status Z-Stack gives for an unknown destination (`RTG_INIT`).
const ROUTE_INIT: u8 = 0;
/// Longest value one NV read answer carries.
const NV_CHUNK: usize = 244;

/// The simulated ZNP.
pub struct ZnpNcp {
    network: Network,
    epoch: Instant,
    state_path: Option<PathBuf>,
    dirty: bool,
    last_save: Instant,
    log: Box<dyn FnMut(&str) + Send>,
    rng: rand::rngs::SmallRng,
    /// NV items the host wrote or deleted since boot; the stack leaves them alone until reboot,
    /// as Z-Stack only reads its NV at start-up.
    host_written: BTreeSet<NvKey>,
    endpoints: Vec<af::Register>,
    /// The coordinator's binding table (ZDO Bind_req to itself).
    bindings: Vec<SavedBinding>,
    /// ZDO clusters whose frames are forwarded as `ZDO_MSG_CB_INCOMING` (0xFFFF: all).
    zdo_forward: BTreeSet<u16>,
    primary_channels: u32,
    secondary_channels: u32,
    /// AREQs due at a time (state changes after formation, permit-join indications, ...).
    scheduled: VecDeque<(Duration, Frame)>,
    /// Sent frames waiting for their outcome: network tag -> (source endpoint, AF TSN).
    sent: BTreeMap<u32, (u8, u8)>,
    next_tag: u32,
    zdp_sequence: u8,
    /// Whether commissioning brought the network up since boot.
    started: bool,
    /// Frames handled since start, for the log.
    pub frames_handled: u64,
    /// Host frames refused as malformed.
    pub malformed: u64,
}

impl std::fmt::Debug for ZnpNcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ZnpNcp")
            .field("started", &self.started)
            .field("frames_handled", &self.frames_handled)
            .finish_non_exhaustive()
    }
}

impl ZnpNcp {
    /// A coprocessor over `network`, its state kept in `state_path` if given. It has just
    /// booted: [`ZnpNcp::reset_indication`] is what it announces.
    pub fn new(network: Network, state_path: Option<PathBuf>) -> Self {
        let mut ncp = Self {
            network,
            epoch: Instant::now(),
            state_path,
            dirty: false,
            last_save: Instant::now(),
            log: Box::new(|line| eprintln!("zcl-host sim: {line}")),
            rng: rand::SeedableRng::from_os_rng(),
            host_written: BTreeSet::new(),
            endpoints: Vec::new(),
            bindings: Vec::new(),
            zdo_forward: BTreeSet::new(),
            primary_channels: DEFAULT_PRIMARY_CHANNELS,
            secondary_channels: 0,
            scheduled: VecDeque::new(),
            sent: BTreeMap::new(),
            next_tag: 1,
            zdp_sequence: 0,
            started: false,
            frames_handled: 0,
            malformed: 0,
        };
        ncp.boot();
        ncp
    }

    /// A coprocessor on the default virtual network, or the one saved in `state_path`.
    ///
    /// # Errors
    /// The state file exists but cannot be read.
    pub fn open(state_path: Option<PathBuf>) -> Result<Self, StateError> {
        let network = match &state_path {
            Some(path) => Network::load(path)?,
            None => None,
        }
        .unwrap_or_else(|| Network::new(NetworkConfig::default()));
        Ok(Self::new(network, state_path))
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

    /// The `SYS_RESET_IND` a freshly booted coprocessor sends.
    pub fn reset_indication(&self, reason: ResetReason) -> Frame {
        let ind = sys::ResetInd {
            reason,
            transport_rev: VERSION.transport_rev,
            product_id: VERSION.product_id,
            major_rel: VERSION.major_rel,
            minor_rel: VERSION.minor_rel,
            maint_rel: VERSION.maint_rel,
        };
        frame_of(&ind)
    }

    /// Reboots (a `SYS_RESET_REQ`, or an injected reset): RAM state is lost, `STARTUP_OPTION`
    /// is applied, the network is reloaded from NV and stays down until commissioning starts.
    /// Returns the `SYS_RESET_IND` to send.
    pub fn reboot(&mut self, reason: ResetReason) -> Frame {
        self.save_now();
        self.network.reboot_coordinator();
        self.boot();
        self.reset_indication(reason)
    }

    fn boot(&mut self) {
        // Z-Stack recreates missing items at start-up (a deleted EXTADDR comes back as the
        // chip's own address); items that exist are kept.
        let mut seed = [0u8; 16];
        self.rng.fill_bytes(&mut seed);
        nvram::create_defaults(&mut self.network, seed);
        let options = nvram::get_u8(&self.network, OsalNvId::STARTUP_OPTION).unwrap_or(0);
        let options = StartupOptions(options);
        if options.contains(StartupOptions::CLEAR_STATE) {
            nvram::clear_network_state(
                &mut self.network,
                options.contains(StartupOptions::CLEAR_NWK_FRAME_COUNTER),
            );
        }
        if options.contains(StartupOptions::CLEAR_CONFIG) {
            nvram::clear_config(&mut self.network);
        }
        if options.0 != 0 {
            nvram::set(
                &mut self.network,
                NvKey::osal(OsalNvId::STARTUP_OPTION),
                vec![0],
            );
        }
        self.load_network_from_nv();
        self.host_written.clear();
        self.endpoints.clear();
        self.zdo_forward.clear();
        self.primary_channels = DEFAULT_PRIMARY_CHANNELS;
        self.secondary_channels = 0;
        self.scheduled.clear();
        self.sent.clear();
        self.started = false;
        self.dirty = true;
    }

    /// Makes the network model match what NV says: the same network kept (devices stay), a
    /// different one configured (devices forget the old one), or none.
    fn load_network_from_nv(&mut self) {
        let wanted = self.network_in_nv();
        let current = self
            .network
            .params()
            .copied()
            .zip(self.network.security().copied());
        match (wanted, current) {
            (Some((params, security)), Some((p, s)))
                if p.pan_id == params.pan_id
                    && p.extended_pan_id == params.extended_pan_id
                    && p.channel == params.channel
                    && s.network_key == security.network_key =>
            {
                // The same network: keep it and its devices; counters never go back.
                if security.nwk_frame_counter > s.nwk_frame_counter {
                    self.reconfigure(params, security);
                }
            }
            (Some((params, security)), _) => self.reconfigure(params, security),
            (None, Some(_)) => self.drop_network(),
            (None, None) => {}
        }
    }

    /// Replaces the configured network (down, as after a reboot).
    fn reconfigure(&mut self, params: NetworkParams, security: SecurityParams) {
        self.drop_network();
        if let Err(e) = self.network.form(params, security) {
            (self.log)(&format!("NV holds a network the simulator cannot use: {e}"));
            return;
        }
        let saved = self.network.save();
        let mut fresh = Network::from_saved(saved);
        fresh.take_air_from(&mut self.network);
        self.network = fresh;
        (self.log)(&format!(
            "network from NV: PAN 0x{:04x}, channel {}, extended PAN {:016x}",
            params.pan_id, params.channel, params.extended_pan_id
        ));
    }

    fn drop_network(&mut self) {
        if self.network.status() != NetworkStatus::Joined && self.network.params().is_some() {
            let _ = self.network.resume();
        }
        if self.network.status() == NetworkStatus::Joined {
            let _ = self.network.leave();
        }
        while self.network.poll_event().is_some() {}
    }

    /// The network NV describes, if the coordinator is commissioned.
    fn network_in_nv(&self) -> Option<(NetworkParams, SecurityParams)> {
        if nvram::get_u8(&self.network, OsalNvId::BDBNODEISONANETWORK) != Some(1) {
            return None;
        }
        let nib = nvram::nib(&self.network)?;
        if nib.nwk_key_loaded == 0
            || !(11..=26).contains(&nib.nwk_logical_channel)
            || nib.nwk_pan_id >= 0xFFFE
        {
            return None;
        }
        let key = nvram::active_key(&self.network)?;
        let params = NetworkParams {
            pan_id: nib.nwk_pan_id,
            extended_pan_id: nib.extended_pan_id.0,
            channel: nib.nwk_logical_channel,
            tx_power_dbm: self.network.tx_power(),
            nwk_update_id: nib.nwk_update_id,
            channel_mask: nib.channel_list,
        };
        let mut security = SecurityParams::new(key.key);
        security.key_sequence = key.key_seq_num;
        security.security_level = nib.security_level;
        security.nwk_frame_counter =
            nvram::frame_counter(&self.network, nib.extended_pan_id.0).unwrap_or(0);
        Some((params, security))
    }

    /// Saves the state file now.
    pub fn save_now(&mut self) {
        self.sync_nv();
        if let Some(path) = &self.state_path {
            if let Err(e) = self.network.store(path) {
                (self.log)(&format!("cannot save state to {}: {e}", path.display()));
            }
        }
        self.dirty = false;
        self.last_save = Instant::now();
    }

    /// Writes what the running stack keeps in NV (the outgoing frame counter) unless the host
    /// wrote it since boot.
    fn sync_nv(&mut self) {
        if !self.started {
            return;
        }
        let Some((params, security)) = self
            .network
            .params()
            .copied()
            .zip(self.network.security().copied())
        else {
            return;
        };
        let host_wrote = (0..nvram::NWK_SEC_MATERIAL_ENTRIES).any(|sub| {
            self.host_written
                .contains(&NvKey::table(ExNvId::NWK_SEC_MATERIAL_TABLE, sub))
        });
        if !host_wrote {
            let stored = nvram::frame_counter(&self.network, params.extended_pan_id);
            if stored != Some(security.nwk_frame_counter) {
                nvram::set_frame_counter(
                    &mut self.network,
                    params.extended_pan_id,
                    security.nwk_frame_counter,
                );
            }
        }
    }

    /// A channel change the network made (Mgmt_NWK_Update_req) goes to the NIB in NV, where
    /// Z-Stack keeps the channel and NWK update id across restarts.
    fn sync_nib_channel(&mut self) {
        let Some(params) = self.network.params().copied() else {
            return;
        };
        let Some(mut nib) = nvram::nib(&self.network) else {
            return;
        };
        if nib.nwk_logical_channel == params.channel && nib.nwk_update_id == params.nwk_update_id {
            return;
        }
        if nib.nwk_pan_id != params.pan_id {
            return; // not the running network's NIB (a host is rewriting NV)
        }
        nib.nwk_logical_channel = params.channel;
        nib.nwk_update_id = params.nwk_update_id;
        nib.channel_list = params.channel_mask;
        nvram::set(
            &mut self.network,
            NvKey::osal(OsalNvId::NIB),
            nib.emit(nvram::ALIGNMENT),
        );
    }

    fn malformed(&mut self, frame: &Frame, why: &str) {
        self.malformed += 1;
        (self.log)(&format!(
            "malformed MT frame from host ({why}): {}",
            hex::encode(frame.to_bytes())
        ));
    }

    /// Handles one MT frame from the host; returns the frames to send back (the SRSP first).
    pub fn handle_frame(&mut self, frame: &Frame) -> Vec<Frame> {
        self.frames_handled += 1;
        match frame.header.kind() {
            CommandType::Sreq => {}
            CommandType::Areq => {
                if frame.header == sys::ResetReq::header() {
                    return match sys::ResetReq::from_frame(frame) {
                        Ok(_) => vec![self.reboot(ResetReason::External)],
                        Err(e) => {
                            self.malformed(frame, &e.to_string());
                            Vec::new()
                        }
                    };
                }
                (self.log)(&format!("ignoring AREQ {:?} from host", frame.header));
                return Vec::new();
            }
            _ => {
                self.malformed(frame, "a host sends only SREQ and AREQ frames");
                return Vec::new();
            }
        }
        let supported = match frame.header.subsystem() {
            Subsystem::Sys => MtCapabilities::SYS,
            Subsystem::Af => MtCapabilities::AF,
            Subsystem::Zdo => MtCapabilities::ZDO,
            Subsystem::Util => MtCapabilities::UTIL,
            Subsystem::AppCnf => MtCapabilities::APP_CNF,
            Subsystem::Zgp => MtCapabilities::GP,
            _ => MtCapabilities(0),
        };
        if !MtCapabilities(CAPABILITIES).contains(supported) || supported.0 == 0 {
            return vec![rpc_error(frame, RpcErrorCode::InvalidSubsystem)];
        }
        let request = match AnyRequest::from_frame(frame) {
            Ok(AnyRequest::Unknown { .. }) => {
                (self.log)(&format!(
                    "unknown command {:?} from host, answered with an RPC error",
                    frame.header
                ));
                return vec![rpc_error(frame, RpcErrorCode::InvalidCommandId)];
            }
            Ok(request) => request,
            Err(e) => {
                self.malformed(frame, &e.to_string());
                return vec![rpc_error(frame, RpcErrorCode::InvalidParameter)];
            }
        };
        let mut out = Vec::new();
        let response = self.answer(request, &mut out);
        let mut frames = vec![response];
        frames.append(&mut out);
        frames
    }

    /// Answers one request; AREQs that follow at once go to `after`.
    #[allow(clippy::too_many_lines)] // one arm per command, in the order of the MT spec
    fn answer(&mut self, request: AnyRequest, after: &mut Vec<Frame>) -> Frame {
        use AnyRequest as R;
        match request {
            R::SysPing(_) => frame_of(&sys::PingResponse {
                capabilities: MtCapabilities(CAPABILITIES),
            }),
            R::SysVersion(_) => frame_of(&VERSION),
            R::SysGetExtAddr(_) => frame_of(&sys::GetExtAddrResponse {
                ext_addr: Eui64(self.coordinator_ieee()),
            }),
            R::SysSetExtAddr(r) => {
                let key = NvKey::osal(OsalNvId::EXTADDR);
                nvram::set(&mut self.network, key, r.ext_addr.0.to_le_bytes().to_vec());
                self.host_written.insert(key);
                frame_of(&sys::SetExtAddrResponse {
                    status: Status::Success,
                })
            }
            R::SysSetTxPower(r) => {
                self.network.set_tx_power(r.tx_power);
                self.dirty = true;
                // Z-Stack 3.30 answers with a status.
                frame_of(&sys::SetTxPowerResponse { status_or_power: 0 })
            }
            R::SysOsalNvItemInit(r) => {
                let key = NvKey::osal_raw(r.id);
                let status = if nvram::get(&self.network, key).is_some() {
                    Status::Success
                } else {
                    let mut value = r.init_value.0;
                    value.resize(usize::from(r.item_len), 0);
                    self.nv_write(key, value);
                    Status::NvItemUninit
                };
                frame_of(&sys::OsalNvItemInitResponse { status })
            }
            R::SysOsalNvLength(r) => frame_of(&sys::OsalNvLengthResponse {
                item_len: self.nv_len(NvKey::osal_raw(r.id)).try_into().unwrap_or(0),
            }),
            R::SysOsalNvRead(r) => {
                let (status, value) = self.nv_read(NvKey::osal_raw(r.id), usize::from(r.offset));
                frame_of(&sys::OsalNvReadResponse {
                    status,
                    value: ShortBytes(value),
                })
            }
            R::SysOsalNvReadExt(r) => {
                let (status, value) = self.nv_read(NvKey::osal_raw(r.id), usize::from(r.offset));
                frame_of(&sys::OsalNvReadExtResponse {
                    status,
                    value: ShortBytes(value),
                })
            }
            R::SysOsalNvWrite(r) => {
                let status =
                    self.nv_write_at(NvKey::osal_raw(r.id), usize::from(r.offset), &r.value.0);
                frame_of(&sys::OsalNvWriteResponse { status })
            }
            R::SysOsalNvWriteExt(r) => {
                let status =
                    self.nv_write_at(NvKey::osal_raw(r.id), usize::from(r.offset), &r.value.0);
                frame_of(&sys::OsalNvWriteExtResponse { status })
            }
            R::SysOsalNvDelete(r) => {
                let key = NvKey::osal_raw(r.id);
                let status = match nvram::get(&self.network, key).map(<[u8]>::len) {
                    None => Status::NvItemUninit,
                    Some(len) if len != usize::from(r.item_len) => Status::NvOperFailed,
                    Some(_) => {
                        self.nv_delete(key);
                        Status::Success
                    }
                };
                frame_of(&sys::OsalNvDeleteResponse { status })
            }
            R::SysNvCreate(r) => {
                let key = nv_key(r.sys_id.into(), r.item_id, r.sub_id);
                let status = match nvram::get(&self.network, key) {
                    Some(v) if v.len() as u64 == u64::from(r.length) => Status::Success,
                    Some(_) => Status::Failure,
                    None if r.length == 0 || r.length > 0xFFFF => Status::InvalidParameter,
                    None => {
                        self.nv_write(key, vec![0; usize::try_from(r.length).unwrap_or(0)]);
                        Status::Success
                    }
                };
                frame_of(&sys::NvCreateResponse { status })
            }
            R::SysNvDelete(r) => {
                let key = nv_key(r.sys_id.into(), r.item_id, r.sub_id);
                let status = if nvram::get(&self.network, key).is_some() {
                    self.nv_delete(key);
                    Status::Success
                } else {
                    Status::NvOperFailed
                };
                frame_of(&sys::NvDeleteResponse { status })
            }
            R::SysNvLength(r) => frame_of(&sys::NvLengthResponse {
                length: u32::try_from(self.nv_len(nv_key(r.sys_id.into(), r.item_id, r.sub_id)))
                    .unwrap_or(0),
            }),
            R::SysNvRead(r) => {
                let key = nv_key(r.sys_id.into(), r.item_id, r.sub_id);
                let (status, mut value) = self.nv_read(key, usize::from(r.offset));
                value.truncate(usize::from(r.length));
                frame_of(&sys::NvReadResponse {
                    status,
                    value: ShortBytes(value),
                })
            }
            R::SysNvWrite(r) => {
                let key = nv_key(r.sys_id.into(), r.item_id, r.sub_id);
                let status = self.nv_write_at(key, usize::from(r.offset), &r.value.0);
                frame_of(&sys::NvWriteResponse { status })
            }
            R::SysNvUpdate(r) => {
                let key = nv_key(r.sys_id.into(), r.item_id, r.sub_id);
                let status = if r.value.0.is_empty() {
                    Status::InvalidParameter
                } else {
                    self.nv_write(key, r.value.0);
                    Status::Success
                };
                frame_of(&sys::NvUpdateResponse { status })
            }
            R::SysResetReq(_) => {
                // An AREQ; handled before decoding as a request.
                rpc_error_for(sys::ResetReq::header(), RpcErrorCode::InvalidCommandId)
            }
            R::AfRegister(r) => {
                let status =
                    if self.endpoints.iter().any(|e| e.endpoint == r.endpoint) || r.endpoint == 0 {
                        Status::ApsDuplicateEntry
                    } else {
                        self.endpoints.push(r);
                        Status::Success
                    };
                frame_of(&af::RegisterResponse { status })
            }
            R::AfDataRequest(r) => {
                let status = self.af_send(
                    AddrModeAddress::Nwk(r.dst_addr),
                    r.dst_endpoint,
                    r.src_endpoint,
                    r.cluster_id,
                    r.tsn,
                    r.options.0,
                    r.radius,
                    &r.data.0,
                    after,
                );
                frame_of(&af::DataRequestResponse { status })
            }
            R::AfDataRequestExt(r) => {
                let status = self.af_send(
                    r.dst,
                    r.dst_endpoint,
                    r.src_endpoint,
                    r.cluster_id,
                    r.tsn,
                    r.options.0,
                    r.radius,
                    &r.data.0,
                    after,
                );
                frame_of(&af::DataRequestExtResponse { status })
            }
            R::AfDataRequestSrcRtg(r) => {
                // Routes are not simulated: the frame goes straight to the destination.
                let status = self.af_send(
                    AddrModeAddress::Nwk(r.dst_addr),
                    r.dst_endpoint,
                    r.src_endpoint,
                    r.cluster_id,
                    r.tsn,
                    r.options.0,
                    r.radius,
                    &r.data.0,
                    after,
                );
                frame_of(&af::DataRequestSrcRtgResponse { status })
            }
            R::ZdoMsgCallbackRegister(r) => {
                self.zdo_forward.insert(r.cluster_id);
                frame_of(&zdo::MsgCallbackRegisterResponse {
                    status: Status::Success,
                })
            }
            R::ZdoStartupFromApp(_) => {
                let state = match self.start() {
                    Start::Formed => StartupState::NewNetworkState,
                    Start::Restored | Start::AlreadyUp => StartupState::RestoredNetworkState,
                    Start::Failed => StartupState::NotStarted,
                };
                frame_of(&zdo::StartupFromAppResponse { state })
            }
            R::ZdoMgmtPermitJoinReq(r) => {
                let status = self.permit_join(r, after);
                frame_of(&zdo::MgmtPermitJoinReqResponse { status })
            }
            R::ZdoNwkDiscoveryReq(r) => {
                let status = if self.is_up() {
                    let found = self.network.active_scan(r.scan_channels.0);
                    if !found.is_empty() {
                        let beacons = found
                            .iter()
                            .map(|n| zdo::Beacon {
                                src: 0x0000,
                                pan_id: n.pan_id,
                                channel: n.channel,
                                permit_joining: u8::from(n.permit_joining),
                                router_capacity: 1,
                                device_capacity: 1,
                                protocol_version: 2,
                                stack_profile: n.stack_profile,
                                lqi: n.lqi,
                                depth: 0,
                                update_id: n.nwk_update_id,
                                extended_pan_id: Eui64(n.extended_pan_id),
                            })
                            .collect();
                        after.push(frame_of(&zdo::BeaconNotifyInd {
                            beacons: List8(beacons),
                        }));
                    }
                    after.push(frame_of(&zdo::NwkDiscoveryCnf {
                        status: Status::Success,
                    }));
                    Status::Success
                } else {
                    Status::NwkInvalidRequest
                };
                frame_of(&zdo::NwkDiscoveryReqResponse { status })
            }
            R::ZdoMgmtNwkUpdateReq(r) => {
                let status = self.nwk_update(&r, after);
                frame_of(&zdo::MgmtNwkUpdateReqResponse { status })
            }
            R::ZdoExtRouteChk(r) => {
                let known = self.network.devices().iter().any(|d| d.nwk == Some(r.dst));
                frame_of(&zdo::ExtRouteChkResponse {
                    status: if known { ROUTE_ACTIVE } else { ROUTE_INIT },
                })
            }
            R::ZdoExtRouteDisc(_) => frame_of(&zdo::ExtRouteDiscResponse {
                status: self.up_status(),
            }),
            R::ZdoExtNwkInfo(_) => {
                let (pan_id, ext_pan_id, channel) = self
                    .network
                    .params()
                    .map_or((0xFFFE, 0, 0), |p| (p.pan_id, p.extended_pan_id, p.channel));
                frame_of(&zdo::ExtNwkInfoResponse {
                    short_addr: if self.is_up() { 0x0000 } else { 0xFFFE },
                    dev_state: self.device_state(),
                    pan_id,
                    parent_addr: 0x0000,
                    ext_pan_id: Eui64(ext_pan_id),
                    parent_ext_addr: Eui64(0),
                    channel,
                })
            }
            R::ZdoNwkAddrReq(_)
            | R::ZdoIeeeAddrReq(_)
            | R::ZdoNodeDescReq(_)
            | R::ZdoSimpleDescReq(_)
            | R::ZdoActiveEpReq(_)
            | R::ZdoBindReq(_)
            | R::ZdoUnbindReq(_)
            | R::ZdoMgmtLqiReq(_)
            | R::ZdoMgmtRtgReq(_)
            | R::ZdoMgmtBindReq(_)
            | R::ZdoMgmtLeaveReq(_) => {
                // These are sent as ZDP frames through AF_DATA_REQUEST_EXT to endpoint 0 by
                // the hosts this simulator serves; the MT shortcut commands are refused so
                // nobody mistakes a partial emulation for the real one.
                (self.log)(&format!(
                    "{} is not simulated; send the ZDP frame with AF_DATA_REQUEST_EXT",
                    request.name()
                ));
                rpc_error_for(request.header(), RpcErrorCode::InvalidCommandId)
            }
            R::UtilGetDeviceInfo(_) => {
                let associated: Vec<u16> = self
                    .network
                    .children()
                    .iter()
                    .filter(|c| c.authorized)
                    .map(|c| c.nwk)
                    .collect();
                frame_of(&util::GetDeviceInfoResponse {
                    status: Status::Success,
                    ieee: Eui64(self.coordinator_ieee()),
                    nwk: if self.is_up() { 0x0000 } else { 0xFFFE },
                    device_type: DeviceTypeCapabilities(0x07),
                    device_state: self.device_state(),
                    associated_devices: List8(associated),
                })
            }
            R::UtilGetNvInfo(_) => {
                let key = nvram::get(&self.network, NvKey::osal(OsalNvId::PRECFGKEY))
                    .and_then(|k| <[u8; 16]>::try_from(k).ok())
                    .unwrap_or([0; 16]);
                let nib = nvram::nib(&self.network).unwrap_or_else(nvram::blank_nib);
                frame_of(&util::GetNvInfoResponse {
                    status: Status::Success,
                    ieee: Eui64(self.coordinator_ieee()),
                    scan_channels: nib.channel_list,
                    pan_id: nib.nwk_pan_id,
                    security_level: nib.security_level,
                    pre_config_key: key,
                })
            }
            R::UtilLedControl(_) => frame_of(&util::LedControlResponse {
                status: Status::Success,
            }),
            R::UtilAssocFindDevice(r) => frame_of(&util::AssocFindDeviceResponse {
                device: RestBytes(self.associated_device(r.index)),
            }),
            R::UtilLoopback(r) => frame_of(&util::LoopbackResponse { data: r.data }),
            R::AppCnfSetNwkFrameCounter(r) => {
                let status = match self.network.params().copied() {
                    Some(p) => {
                        nvram::set_frame_counter(
                            &mut self.network,
                            p.extended_pan_id,
                            r.frame_counter,
                        );
                        self.load_network_from_nv();
                        Status::Success
                    }
                    None => Status::Failure,
                };
                frame_of(&app_cnf::SetNwkFrameCounterResponse { status })
            }
            R::AppCnfBdbStartCommissioning(r) => {
                let wants_formation = r.mode.contains(BdbCommissioningMode::NWK_FORMATION);
                let status = Status::Success;
                if wants_formation {
                    let outcome = self.start();
                    let final_status = match outcome {
                        Start::Formed => BdbCommissioningStatus::Success,
                        Start::Restored | Start::AlreadyUp => {
                            BdbCommissioningStatus::FormationFailure
                        }
                        Start::Failed => BdbCommissioningStatus::NoNetwork,
                    };
                    self.schedule_bdb(final_status, r.mode, 60);
                } else {
                    if r.mode.contains(BdbCommissioningMode::NWK_STEERING) && self.is_up() {
                        let now = self.now();
                        let _ = self.network.permit_join(180, now);
                    }
                    self.schedule_bdb(BdbCommissioningStatus::Success, r.mode, 5);
                }
                frame_of(&app_cnf::BdbStartCommissioningResponse { status })
            }
            R::AppCnfBdbSetChannel(r) => {
                if r.is_primary {
                    self.primary_channels = r.channel.0;
                } else {
                    self.secondary_channels = r.channel.0;
                }
                frame_of(&app_cnf::BdbSetChannelResponse {
                    status: Status::Success,
                })
            }
            R::AppCnfBdbAddInstallCode(r) => {
                let status = self.add_install_code(&r);
                frame_of(&app_cnf::BdbAddInstallCodeResponse { status })
            }
            R::AppCnfBdbSetJoinUsesInstallCodeKey(_) => {
                frame_of(&app_cnf::BdbSetJoinUsesInstallCodeKeyResponse {
                    status: Status::Success,
                })
            }
            R::AppCnfBdbSetTcRequireKeyExchange(_) => {
                frame_of(&app_cnf::BdbSetTcRequireKeyExchangeResponse {
                    status: Status::Success,
                })
            }
            other => {
                (self.log)(&format!("{} is not simulated", other.name()));
                rpc_error_for(other.header(), RpcErrorCode::InvalidCommandId)
            }
        }
    }

    fn coordinator_ieee(&self) -> u64 {
        nvram::get(&self.network, NvKey::osal(OsalNvId::EXTADDR))
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map_or(self.network.coordinator_ieee(), u64::from_le_bytes)
    }

    fn is_up(&self) -> bool {
        self.started && self.network.status() == NetworkStatus::Joined
    }

    fn up_status(&self) -> Status {
        if self.is_up() {
            Status::Success
        } else {
            Status::NwkInvalidRequest
        }
    }

    fn device_state(&self) -> DeviceState {
        if self.is_up() {
            DeviceState::ZbCoord
        } else {
            DeviceState::Hold
        }
    }

    // ----- NV -----

    fn nv_len(&mut self, key: NvKey) -> usize {
        self.sync_nv();
        nvram::get(&self.network, key).map_or(0, <[u8]>::len)
    }

    fn nv_read(&mut self, key: NvKey, offset: usize) -> (Status, Vec<u8>) {
        self.sync_nv();
        match nvram::get(&self.network, key) {
            None => (Status::NvOperFailed, Vec::new()),
            Some(value) if offset > value.len() => (Status::InvalidParameter, Vec::new()),
            Some(value) => {
                let rest = value.get(offset..).unwrap_or_default();
                (
                    Status::Success,
                    rest.get(..NV_CHUNK.min(rest.len()))
                        .unwrap_or(rest)
                        .to_vec(),
                )
            }
        }
    }

    fn nv_write(&mut self, key: NvKey, value: Vec<u8>) {
        nvram::set(&mut self.network, key, value);
        self.host_written.insert(key);
        self.dirty = true;
    }

    fn nv_write_at(&mut self, key: NvKey, offset: usize, data: &[u8]) -> Status {
        let Some(mut value) = nvram::get(&self.network, key).map(<[u8]>::to_vec) else {
            return Status::NvItemUninit;
        };
        let Some(slot) = value.get_mut(offset..offset.saturating_add(data.len())) else {
            return Status::NvOperFailed;
        };
        slot.copy_from_slice(data);
        self.nv_write(key, value);
        Status::Success
    }

    fn nv_delete(&mut self, key: NvKey) {
        nvram::delete(&mut self.network, key);
        self.host_written.insert(key);
        self.dirty = true;
    }

    /// `associated_devices_t` of child `index`, as the aligned 36-byte structure (an unused
    /// slot: short address 0xFFFE, the rest zero).
    fn associated_device(&self, index: u8) -> Vec<u8> {
        let mut out = vec![0u8; 36];
        let child = self
            .network
            .children()
            .iter()
            .filter(|c| c.authorized)
            .nth(usize::from(index));
        let (nwk, relation) = match child {
            Some(c) => (
                c.nwk,
                if matches!(c.node_type, NodeType::Router) {
                    2 // CHILD_FFD
                } else {
                    1 // CHILD_RFD
                },
            ),
            None => (0xFFFE, 0xFF),
        };
        if let Some(slot) = out.get_mut(0..2) {
            slot.copy_from_slice(&nwk.to_le_bytes());
        }
        if let Some(slot) = out.get_mut(2..4) {
            slot.copy_from_slice(&u16::from(index).to_le_bytes());
        }
        if let Some(slot) = out.get_mut(4) {
            *slot = relation;
        }
        out
    }

    // ----- commissioning -----

    /// Brings the network up: the one NV holds, or a new one formed from the configuration
    /// items. The ZDO state changes follow as AREQs.
    fn start(&mut self) -> Start {
        if self.is_up() {
            self.schedule_state(DeviceState::ZbCoord, 20);
            return Start::AlreadyUp;
        }
        let outcome = if self.network.params().is_some() {
            match self.network.resume() {
                Ok(()) => Start::Restored,
                Err(e) => {
                    (self.log)(&format!("cannot resume the network: {e}"));
                    Start::Failed
                }
            }
        } else {
            self.form()
        };
        if matches!(outcome, Start::Formed | Start::Restored) {
            self.started = true;
            self.dirty = true;
            self.schedule_state(DeviceState::CoordStarting, 10);
            self.schedule_state(DeviceState::ZbCoord, 40);
        }
        outcome
    }

    /// Forms a network as BDB does: a channel of the primary set (the quietest), the PAN id
    /// and extended PAN id from NV (random or the IEEE address when unset), the pre-configured
    /// key; then writes the NIB, keys and frame counter to NV.
    fn form(&mut self) -> Start {
        let mask = if self.primary_channels != 0 {
            self.primary_channels
        } else {
            self.secondary_channels
        };
        let Some(channel) = self
            .network
            .energy_scan(mask)
            .into_iter()
            .min_by_key(|(_, energy)| *energy)
            .map(|(c, _)| c)
        else {
            (self.log)(&format!("formation: no channel in mask 0x{mask:08x}"));
            return Start::Failed;
        };
        let pan_id = nvram::get(&self.network, NvKey::osal(OsalNvId::PANID))
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map(u16::from_le_bytes)
            .filter(|p| *p < 0xFFF8)
            .unwrap_or_else(|| self.rng.random_range(0x0001..0xFFF7));
        let ieee = self.coordinator_ieee();
        let extended_pan_id = nvram::get(&self.network, NvKey::osal(OsalNvId::APS_USE_EXT_PANID))
            .and_then(|b| <[u8; 8]>::try_from(b).ok())
            .map(u64::from_le_bytes)
            .filter(|e| *e != 0)
            .unwrap_or(ieee);
        let key = nvram::get(&self.network, NvKey::osal(OsalNvId::PRECFGKEY))
            .and_then(|b| <[u8; 16]>::try_from(b).ok())
            .unwrap_or_else(|| {
                let mut k = [0u8; 16];
                self.rng.fill_bytes(&mut k);
                k
            });
        let params = NetworkParams {
            pan_id,
            extended_pan_id,
            channel,
            tx_power_dbm: self.network.tx_power(),
            nwk_update_id: 0,
            channel_mask: mask,
        };
        let mut security = SecurityParams::new(key);
        security.nwk_frame_counter =
            nvram::frame_counter(&self.network, extended_pan_id).unwrap_or(0);
        self.drop_network();
        if let Err(e) = self.network.form(params, security) {
            (self.log)(&format!("formation failed: {e}"));
            return Start::Failed;
        }
        // What Z-Stack writes when formation completes.
        let mut nib = nvram::nib(&self.network).unwrap_or_else(nvram::blank_nib);
        apply_network(&mut nib, &params, security.security_level);
        nvram::set(
            &mut self.network,
            NvKey::osal(OsalNvId::NIB),
            nib.emit(ALIGNMENT),
        );
        let desc = NwkKeyDesc {
            key_seq_num: 0,
            key,
        };
        for id in [OsalNvId::NWK_ACTIVE_KEY_INFO, OsalNvId::NWK_ALTERN_KEY_INFO] {
            nvram::set(&mut self.network, NvKey::osal(id), desc.emit());
        }
        nvram::set(
            &mut self.network,
            NvKey::osal(OsalNvId::EXTENDED_PAN_ID),
            extended_pan_id.to_le_bytes().to_vec(),
        );
        nvram::set(
            &mut self.network,
            NvKey::osal(OsalNvId::BDBNODEISONANETWORK),
            vec![1],
        );
        nvram::set_frame_counter(
            &mut self.network,
            extended_pan_id,
            security.nwk_frame_counter,
        );
        (self.log)(&format!(
            "formed network: PAN 0x{pan_id:04x}, channel {channel}, extended PAN {extended_pan_id:016x}"
        ));
        Start::Formed
    }

    fn schedule_state(&mut self, state: DeviceState, after_ms: u64) {
        let at = self.now() + Duration::from_millis(after_ms);
        self.scheduled
            .push_back((at, frame_of(&zdo::StateChangeInd { state })));
    }

    fn schedule_bdb(
        &mut self,
        status: BdbCommissioningStatus,
        mode: BdbCommissioningMode,
        ms: u64,
    ) {
        let at = self.now() + Duration::from_millis(ms);
        self.scheduled.push_back((
            self.now(),
            frame_of(&app_cnf::BdbCommissioningNotification {
                status: BdbCommissioningStatus::InProgress,
                mode,
                remaining_modes: mode,
            }),
        ));
        self.scheduled.push_back((
            at,
            frame_of(&app_cnf::BdbCommissioningNotification {
                status,
                mode,
                remaining_modes: BdbCommissioningMode(0),
            }),
        ));
    }

    fn permit_join(&mut self, r: zdo::MgmtPermitJoinReq, after: &mut Vec<Frame>) -> Status {
        if !self.is_up() {
            return Status::NwkInvalidRequest;
        }
        let to_us = r.dst == 0x0000 || r.addr_mode == AddrMode::Broadcast || r.dst >= 0xFFFC;
        if to_us {
            let now = self.now();
            if self.network.permit_join(r.duration, now).is_err() {
                return Status::Failure;
            }
            after.push(frame_of(&zdo::MgmtPermitJoinRsp {
                src: 0x0000,
                status: ZdoStatus::Success,
            }));
            after.push(frame_of(&zdo::PermitJoinInd {
                duration: r.duration,
            }));
        }
        if r.dst != 0x0000 {
            // The request also goes on the air (to the router asked, or to all routers).
            let tsn = self.next_zdp_sequence();
            let payload = [tsn, r.duration, r.tc_significance];
            let aps = ApsInfo::new(0x0000, 0x0036, 0, 0);
            let now = self.now();
            let tag = self.tag();
            let sent = if r.dst >= 0xFFF8 {
                self.network
                    .send_broadcast(now, r.dst, 0, aps, &payload, tag)
            } else {
                self.network.send_unicast(now, r.dst, aps, &payload, tag)
            };
            if let Err(e) = sent {
                (self.log)(&format!("permit join to 0x{:04x} not sent: {e}", r.dst));
            }
        }
        Status::Success
    }

    fn nwk_update(&mut self, r: &zdo::MgmtNwkUpdateReq, after: &mut Vec<Frame>) -> Status {
        if !self.is_up() {
            return Status::NwkInvalidRequest;
        }
        if r.dst != 0x0000 {
            (self.log)("Mgmt_NWK_Update_req to other devices is not simulated");
            return Status::InvalidParameter;
        }
        match r.scan_duration {
            0..=5 => {
                let (channels, energy) = self.energy_scan(r.channels.0);
                after.push(frame_of(&zdo::MgmtNwkUpdateNotify {
                    src: 0x0000,
                    status: ZdoStatus::Success,
                    scanned_channels: Channels(channels),
                    total_transmissions: 0,
                    transmission_failures: 0,
                    energy_values: List8(energy),
                }));
                Status::Success
            }
            _ => {
                (self.log)("channel changes are not simulated");
                Status::InvalidParameter
            }
        }
    }

    fn add_install_code(&mut self, r: &app_cnf::BdbAddInstallCode) -> Status {
        let key = match r.install_code_format {
            // Format 1: the install code with its CRC; 2: the derived key itself.
            1 => match crate::sniff::security::install_code_link_key(&r.install_code.0) {
                Ok(key) => key,
                Err(e) => {
                    (self.log)(&format!("install code refused: {e}"));
                    return Status::InvalidParameter;
                }
            },
            2 => match <[u8; 16]>::try_from(r.install_code.0.as_slice()) {
                Ok(key) => key,
                Err(_) => return Status::InvalidParameter,
            },
            _ => return Status::InvalidParameter,
        };
        match self.network.add_transient_key(r.ieee.0, key) {
            Ok(()) => Status::Success,
            Err(_) => Status::NwkInvalidRequest,
        }
    }

    fn next_zdp_sequence(&mut self) -> u8 {
        self.zdp_sequence = self.zdp_sequence.wrapping_add(1);
        self.zdp_sequence
    }

    fn tag(&mut self) -> u32 {
        let tag = self.next_tag;
        self.next_tag = self.next_tag.wrapping_add(1).max(1);
        tag
    }

    /// Sends an AF frame; the SRSP status says whether it was queued, `AF_DATA_CONFIRM`
    /// follows with the outcome (not for ZDP frames, as on Z-Stack).
    #[allow(clippy::too_many_arguments)] // the fields of AF_DATA_REQUEST
    fn af_send(
        &mut self,
        dst: AddrModeAddress,
        dst_ep: u8,
        src_ep: u8,
        cluster: u16,
        tsn: u8,
        options: u8,
        radius: u8,
        data: &[u8],
        after: &mut Vec<Frame>,
    ) -> Status {
        if !self.is_up() {
            return Status::NwkInvalidRequest;
        }
        let profile = if src_ep == 0 {
            0x0000
        } else {
            match self.endpoints.iter().find(|e| e.endpoint == src_ep) {
                Some(e) => e.profile_id,
                None => return Status::InvalidParameter,
            }
        };
        let mut aps = ApsInfo::new(profile, cluster, src_ep, dst_ep);
        if options & AF_ACK_REQUEST != 0 {
            aps = aps.with_ack();
        }
        let now = self.now();
        let tag = self.tag();
        let nwk = match dst {
            AddrModeAddress::Nwk(n) => Some(n),
            AddrModeAddress::Ieee(ieee) => {
                if ieee.0 == self.coordinator_ieee() {
                    Some(0x0000)
                } else {
                    self.network
                        .devices()
                        .iter()
                        .find(|d| d.spec.ieee == ieee.0)
                        .and_then(|d| d.nwk)
                        .or(Some(0xFFFE))
                }
            }
            _ => None,
        };
        if nwk == Some(0x0000) {
            return self.loopback(src_ep, dst_ep, cluster, tsn, data, after);
        }
        let sent = match (dst, nwk) {
            (_, Some(0xFFFE)) => {
                if dst_ep != 0 {
                    after.push(frame_of(&af::DataConfirm {
                        status: Status::NwkNoRoute,
                        endpoint: src_ep,
                        tsn,
                    }));
                }
                return Status::Success;
            }
            (_, Some(n)) if n >= 0xFFF8 => self
                .network
                .send_broadcast(now, n, radius, aps, data, tag)
                .map(|_| ()),
            (_, Some(n)) => self
                .network
                .send_unicast(now, n, aps, data, tag)
                .map(|_| ()),
            (AddrModeAddress::Broadcast(b), None) => self
                .network
                .send_broadcast(now, b, radius, aps, data, tag)
                .map(|_| ()),
            (AddrModeAddress::Group(g), None) => {
                aps.group = g;
                self.network
                    .send_multicast(now, g, radius, aps, data, tag)
                    .map(|_| ())
            }
            _ => return Status::InvalidParameter,
        };
        match sent {
            Ok(()) => {
                if dst_ep != 0 || profile != 0 {
                    self.sent.insert(tag, (src_ep, tsn));
                }
                Status::Success
            }
            Err(SendError::PayloadTooLong { .. }) => Status::InvalidParameter,
            Err(SendError::NetworkDown) => Status::NwkInvalidRequest,
            Err(e) => {
                (self.log)(&format!("AF frame not sent: {e}"));
                Status::Failure
            }
        }
    }

    /// A frame to the coordinator itself: delivered to the registered endpoint.
    fn loopback(
        &mut self,
        src_ep: u8,
        dst_ep: u8,
        cluster: u16,
        tsn: u8,
        data: &[u8],
        after: &mut Vec<Frame>,
    ) -> Status {
        if dst_ep == 0 {
            self.zdo_to_self(cluster, data, after);
            return Status::Success;
        }
        if dst_ep != 0 {
            after.push(frame_of(&af::DataConfirm {
                status: Status::Success,
                endpoint: src_ep,
                tsn,
            }));
        }
        if self.endpoints.iter().any(|e| e.endpoint == dst_ep) {
            after.push(frame_of(&af::IncomingMsg {
                group_id: 0,
                cluster_id: cluster,
                src_addr: 0x0000,
                src_endpoint: src_ep,
                dst_endpoint: dst_ep,
                was_broadcast: false,
                lqi: 0xFF,
                security_use: false,
                timestamp: self.timestamp(),
                tsn,
                data: ShortBytes(data.to_vec()),
                mac_src_addr: 0x0000,
                msg_result_radius: 0,
            }));
        }
        Status::Success
    }

    /// A ZDP frame the host addressed to the coordinator itself: requests are answered by the
    /// coordinator's ZDO server, responses (a host answering a loopback request) are handed
    /// back; both arrive as `ZDO_MSG_CB_INCOMING` from 0x0000, as on Z-Stack.
    fn zdo_to_self(&mut self, cluster: u16, data: &[u8], after: &mut Vec<Frame>) {
        let Some((&tsn, body)) = data.split_first() else {
            return;
        };
        if cluster >= 0x8000 || cluster == zdo_cluster::DEVICE_ANNCE {
            self.forward_zdo(0x0000, false, cluster, tsn, body, after);
            return;
        }
        let answer = match cluster {
            zdo_cluster::MGMT_NWK_UPDATE => self.nwk_update_to_self(tsn, body, after),
            zdo_cluster::MGMT_PERMIT_JOINING => {
                let duration = body.first().copied().unwrap_or(0);
                let now = self.now();
                let status = match self.network.permit_join(duration, now) {
                    Ok(()) => 0x00,
                    Err(_) => 0x84, // NOT_SUPPORTED: no network
                };
                after.push(frame_of(&zdo::MgmtPermitJoinRsp {
                    src: 0x0000,
                    status: ZdoStatus::from(status),
                }));
                Some((0x8036, vec![tsn, status]))
            }
            _ => {
                let node = self.coordinator_node();
                let endpoints: Vec<EndpointInfo> = self
                    .endpoints
                    .iter()
                    .map(|e| EndpointInfo {
                        id: e.endpoint,
                        profile: e.profile_id,
                        device_id: e.device_id,
                        device_version: e.device_version,
                        servers: e.input_clusters.0.clone(),
                        clients: e.output_clusters.0.clone(),
                    })
                    .collect();
                let epid = self.network.params().map_or(0, |p| p.extended_pan_id);
                let neighbours: Vec<_> = self
                    .network
                    .children()
                    .iter()
                    .filter(|c| c.authorized)
                    .map(|c| {
                        super::zdo::neighbour(
                            epid,
                            c.ieee,
                            c.nwk,
                            c.node_type,
                            Relationship::Child,
                            0xC8,
                        )
                    })
                    .collect();
                let mut cx = ZdoContext {
                    node,
                    nwk: 0x0000,
                    endpoints: &endpoints,
                    neighbours: &neighbours,
                    routes: &[],
                    bindings: &mut self.bindings,
                    broadcast: false,
                };
                super::zdo::handle(&mut cx, cluster, data).0
            }
        };
        if let Some((rsp_cluster, payload)) = answer {
            if let Some((&rsp_tsn, rsp_body)) = payload.split_first() {
                self.forward_zdo(0x0000, false, rsp_cluster, rsp_tsn, rsp_body, after);
            }
        }
    }

    /// Mgmt_NWK_Update_req to the coordinator: an energy scan gives Mgmt_NWK_Update_notify.
    fn nwk_update_to_self(
        &mut self,
        tsn: u8,
        body: &[u8],
        after: &mut Vec<Frame>,
    ) -> Option<(u16, Vec<u8>)> {
        let channels = u32::from_le_bytes(*body.first_chunk::<4>()?);
        let duration = *body.get(4)?;
        if duration > 5 {
            (self.log)("Mgmt_NWK_Update_req: channel changes are not simulated");
            return Some((0x8038, vec![tsn, 0x84]));
        }
        let (scanned, energy) = self.energy_scan(channels);
        let mut payload = vec![tsn, 0x00];
        payload.extend_from_slice(&scanned.to_le_bytes());
        payload.extend_from_slice(&[0, 0, 0, 0]);
        payload.push(u8::try_from(energy.len()).unwrap_or(u8::MAX));
        payload.extend_from_slice(&energy);
        after.push(frame_of(&zdo::MgmtNwkUpdateNotify {
            src: 0x0000,
            status: ZdoStatus::Success,
            scanned_channels: Channels(scanned),
            total_transmissions: 0,
            transmission_failures: 0,
            energy_values: List8(energy),
        }));
        Some((0x8038, payload))
    }

    /// Scans `mask`: the channels scanned and the energy on each, as ZDP reports it (0x00
    /// quiet to 0xFF busy).
    fn energy_scan(&self, mask: u32) -> (u32, Vec<u8>) {
        let scan = self.network.energy_scan(mask);
        let channels = scan
            .iter()
            .fold(0u32, |m, (c, _)| m | (1u32 << u32::from(*c)));
        let energy = scan
            .iter()
            .map(|(_, rssi)| {
                u8::try_from((i16::from(*rssi) + 100).clamp(0, 85) * 3).unwrap_or(u8::MAX)
            })
            .collect();
        (channels, energy)
    }

    fn forward_zdo(
        &self,
        src: u16,
        broadcast: bool,
        cluster: u16,
        tsn: u8,
        body: &[u8],
        after: &mut Vec<Frame>,
    ) {
        if self.zdo_forward.contains(&0xFFFF) || self.zdo_forward.contains(&cluster) {
            after.push(frame_of(&zdo::MsgCbIncoming {
                src,
                is_broadcast: broadcast,
                cluster_id: cluster,
                security_use: 0,
                tsn,
                mac_dst: if broadcast { 0xFFFD } else { 0x0000 },
                data: RestBytes(body.to_vec()),
            }));
        }
    }

    /// The coordinator's ZDO identity: a mains-powered coordinator and trust center with TI's
    /// manufacturer code.
    fn coordinator_node(&self) -> ZdoNode {
        ZdoNode {
            ieee: self.coordinator_ieee(),
            node_descriptor: NodeDescriptor {
                logical_type: LogicalType::Coordinator,
                complex_descriptor_available: false,
                user_descriptor_available: false,
                reserved: 0,
                aps_flags: 0,
                frequency_band: FrequencyBand::from_bits_retain(0x08),
                mac_capability_flags: MacCapabilityFlags::from_bits_retain(0x8F),
                manufacturer_code: 0x0000,
                maximum_buffer_size: 80,
                maximum_incoming_transfer_size: 160,
                // Primary trust center, network manager; stack compliance revision 22.
                server_mask: ServerMask::from_bits_retain(0x2C41),
                maximum_outgoing_transfer_size: 160,
                descriptor_capability: DescriptorCapability::from_bits_retain(0),
            },
            power_descriptor: PowerDescriptor {
                current_power_mode: PowerMode::Synchronized,
                available_power_sources: PowerSources::from_bits_retain(0x01),
                current_power_source: PowerSources::from_bits_retain(0x01),
                current_power_source_level: PowerSourceLevel::Percent100,
            },
            rx_on_when_idle: true,
        }
    }

    fn timestamp(&self) -> u32 {
        u32::try_from(self.now().as_millis()).unwrap_or(u32::MAX)
    }

    /// Runs the network; returns the AREQs that are due (indications, incoming frames,
    /// confirms).
    pub fn tick(&mut self) -> Vec<Frame> {
        let now = self.now();
        let mut out = Vec::new();
        while self.scheduled.front().is_some_and(|(at, _)| *at <= now) {
            if let Some((_, frame)) = self.scheduled.pop_front() {
                out.push(frame);
            }
        }
        let events = self.network.tick(now);
        for event in events {
            self.dirty = true;
            self.event(event, &mut out);
        }
        self.sync_nib_channel();
        if self.dirty && self.last_save.elapsed() > Duration::from_secs(2) {
            self.save_now();
        }
        out
    }

    fn event(&mut self, event: NetworkEvent, out: &mut Vec<Frame>) {
        if !self.started {
            return;
        }
        match event {
            NetworkEvent::NetworkUp | NetworkEvent::NetworkDown => {}
            NetworkEvent::TrustCenterJoin {
                ieee,
                nwk,
                status,
                parent,
            } => {
                if status == super::network::JoinStatus::DeviceLeft {
                    return;
                }
                out.push(frame_of(&zdo::TcDevInd {
                    src_nwk: nwk,
                    src_ieee: Eui64(ieee),
                    parent_nwk: parent,
                }));
            }
            NetworkEvent::ChildJoined {
                ieee,
                nwk,
                node_type,
            } => {
                // Every device here associated with the coordinator (a star), so each is in
                // its associated device list, routers (CHILD_FFD) as well as end devices.
                let _ = node_type;
                let assoc = nvram::ADDRMGR_ASSOC;
                nvram::put_addrmgr(
                    &mut self.network,
                    AddrMgrEntry {
                        user_type: assoc,
                        nwk_addr: nwk,
                        ext_addr: Eui64(ieee),
                    },
                );
            }
            NetworkEvent::DeviceLeft { ieee, nwk } => {
                nvram::remove_addrmgr(&mut self.network, ieee);
                out.push(frame_of(&zdo::LeaveInd {
                    nwk,
                    ieee: Eui64(ieee),
                    request: false,
                    remove: false,
                    rejoin: false,
                }));
            }
            NetworkEvent::IncomingMessage {
                kind,
                aps,
                src_nwk,
                lqi,
                payload,
                ..
            } => self.incoming(kind, aps, src_nwk, lqi, payload, out),
            NetworkEvent::MessageSent {
                tag,
                delivered,
                aps,
                ..
            } => {
                if let Some((endpoint, tsn)) = self.sent.remove(&tag) {
                    let status = if delivered {
                        Status::Success
                    } else if aps.ack_requested() {
                        Status::ApsNoAck
                    } else {
                        Status::MacNoAck
                    };
                    out.push(frame_of(&af::DataConfirm {
                        status,
                        endpoint,
                        tsn,
                    }));
                }
            }
        }
    }

    fn incoming(
        &mut self,
        kind: MessageKind,
        aps: ApsInfo,
        src_nwk: u16,
        lqi: u8,
        payload: Vec<u8>,
        out: &mut Vec<Frame>,
    ) {
        let broadcast = kind != MessageKind::Unicast;
        if aps.profile == 0x0000 && aps.dst_ep == 0 {
            let Some((&tsn, data)) = payload.split_first() else {
                return;
            };
            if aps.cluster == 0x0013 {
                // Device_annce: NWK address, IEEE address, capabilities.
                if let (Some(nwk), Some(ieee), Some(cap)) = (
                    data.first_chunk::<2>(),
                    data.get(2..10).and_then(|b| <[u8; 8]>::try_from(b).ok()),
                    data.get(10),
                ) {
                    out.push(frame_of(&zdo::EndDeviceAnnceInd {
                        src: src_nwk,
                        nwk: u16::from_le_bytes(*nwk),
                        ieee: Eui64(u64::from_le_bytes(ieee)),
                        capabilities: MacCapabilities(*cap),
                    }));
                }
            }
            if aps.cluster == 0x8036 {
                out.push(frame_of(&zdo::MgmtPermitJoinRsp {
                    src: src_nwk,
                    status: ZdoStatus::from(data.first().copied().unwrap_or(0)),
                }));
            }
            self.forward_zdo(src_nwk, broadcast, aps.cluster, tsn, data, out);
            return;
        }
        let dst_ep = if kind == MessageKind::Multicast {
            self.endpoints.first().map_or(1, |e| e.endpoint)
        } else {
            aps.dst_ep
        };
        if !self.endpoints.iter().any(|e| e.endpoint == dst_ep) {
            return;
        }
        let data = ShortBytes(payload);
        out.push(frame_of(&af::IncomingMsg {
            group_id: if kind == MessageKind::Multicast {
                aps.group
            } else {
                0
            },
            cluster_id: aps.cluster,
            src_addr: src_nwk,
            src_endpoint: aps.src_ep,
            dst_endpoint: dst_ep,
            was_broadcast: broadcast,
            lqi,
            security_use: false,
            timestamp: self.timestamp(),
            tsn: aps.sequence,
            data,
            mac_src_addr: src_nwk,
            msg_result_radius: 0,
        }));
    }
}

/// How starting the network went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Formed,
    Restored,
    AlreadyUp,
    Failed,
}

fn apply_network(nib: &mut Nib, params: &NetworkParams, security_level: u8) {
    nib.nwk_dev_address = 0x0000;
    nib.nwk_logical_channel = params.channel;
    nib.nwk_pan_id = params.pan_id;
    nib.extended_pan_id = Eui64(params.extended_pan_id);
    nib.channel_list = params.channel_mask;
    nib.nwk_update_id = params.nwk_update_id;
    nib.nwk_state = 8; // NWK_ROUTER: a coordinator that is up
    nib.nwk_key_loaded = 1;
    nib.security_level = security_level;
    nib.nwk_coord_address = 0x0000;
    nib.nwk_manager_addr = 0x0000;
}

fn nv_key(sys_id: u8, item_id: u16, sub_id: u16) -> NvKey {
    NvKey {
        sys_id,
        item_id,
        sub_id,
    }
}

/// A command as a frame. Our own commands always fit, so an encoding failure (a bug) is
/// logged and becomes an empty frame of the same header.
fn frame_of<C: Command>(command: &C) -> Frame {
    command.to_frame().unwrap_or_else(|e| {
        eprintln!("zcl-host sim: cannot encode {}: {e}", C::NAME);
        Frame::empty(C::header())
    })
}

fn rpc_error(frame: &Frame, code: RpcErrorCode) -> Frame {
    rpc_error_for(frame.header, code)
}

fn rpc_error_for(request: zcl_radio::mt::Header, code: RpcErrorCode) -> Frame {
    frame_of(&rpc::RpcError {
        error_code: code,
        request,
    })
}

#[cfg(test)]
mod tests;
