//! The virtual Zigbee network: a coordinator and trust center with the simulated devices of
//! [`super::devices`], exchanging real 802.15.4/NWK/APS frames (encrypted with AES-CCM*) on a
//! virtual air. Sans-IO and deterministic: a front end (an EZSP or ZNP coprocessor simulator)
//! calls the API with explicit time (`now` since start) and collects [`NetworkEvent`]s from
//! [`Network::tick`].
//!
//! Topology: a star. Every device is one hop from the coordinator, and frames go directly
//! between the nodes they are addressed to (no relaying of broadcasts, no route discovery).
//!
//! Joining (while permit join is open, one device at a time): beacon request, beacon,
//! association request and response, the trust center's APS Transport Key of the network key
//! (APS-encrypted with the key-transport key of the device's link key: its transient
//! install-code key, its own link key, or the global trust-center link key), the device's
//! decryption of it with the sniffer ([`crate::sniff::dissect()`]: a device built with a
//! different key cannot read it and never joins), then its NWK-encrypted Device_annce.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;
use std::time::Duration;
use zcl_frames::Eui64;
use zcl_frames::{PanId, ShortAddr};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use zcl_clusters::runtime::{Address as TxAddress, Destination};

use super::air::{self, AirLog, AirSink, ApsSeal, FrameError, NwkSeal, Sequences};
use super::devices::{clusters, DeviceKind, DeviceSpec, Indication, NodeType, OutFrame, Runtime};
use super::state::{
    ChildEntry, DeviceKey, FormedNetwork, NetworkParams, SavedAttribute, SavedBinding, SavedDevice,
    SavedMembership, SavedNetwork, SecurityParams, StateError, FRAME_COUNTER_MARGIN, STATE_VERSION,
};
use super::zdo::{self, ZdoContext, ZdoEffect, ZdoNode};
use crate::sniff::aps::{
    ApsCommand, ApsFrameControl, ApsFrameType, ApsHeader, DeliveryMode, KeyType, TransportedKey,
};
use crate::sniff::dissect;
use crate::sniff::keys::{KeyStore, LearnedKeyKind};
use crate::sniff::mac::{
    split_fcs, Address, CapabilityInfo, MacCommand, MacFrameType, MacHeader, ZigbeeBeacon,
};
use crate::sniff::nwk::{KeyId, NwkFrameType, NwkHeader};
use crate::sniff::security::{key_transport_key, CipherKey, Key};

/// IEEE address of the coordinator unless configured otherwise.
pub const DEFAULT_COORDINATOR_IEEE: u64 = 0x0012_4b00_01ab_cdef;

/// Largest APS payload of an unfragmented, NWK-secured frame (82 bytes).
pub const MAX_APS_PAYLOAD: usize = 82;

/// [`ApsInfo::options`] bit: the APS frame asks for an APS acknowledgment (the APS frame
/// control's ack request bit).
pub const APS_OPTION_ACK_REQUEST: u16 = 0x0040;
/// [`ApsInfo::options`] bit: the APS frame was APS-secured (frame control security bit).
pub const APS_OPTION_SECURITY: u16 = 0x0020;

/// How long the simulated devices' runtimes advance per tick (ms).
const DEVICE_TICK_MS: u64 = 100;
/// How often the sensor's readings drift (ms).
const DRIFT_MS: u64 = 30_000;
/// How long after a channel-change broadcast the network switches (ms): the broadcast's
/// delivery time, shortened from the specification's nwkNetworkBroadcastDeliveryTime (9 s)
/// so tests stay quick.
const CHANNEL_CHANGE_DELAY_MS: u64 = 500;
/// How long the trust center waits for a joiner's Device_annce (ms).
const AUTH_TIMEOUT_MS: u64 = 3_000;
/// How long a unicast waits for its APS acknowledgment (ms).
const APS_ACK_TIMEOUT_MS: u64 = 1_500;
/// When a unicast to an address nobody answers fails without APS ack (ms).
const NO_ROUTE_MS: u64 = 1_200;

/// Who the network is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkConfig {
    /// The coordinator's IEEE address.
    pub coordinator_ieee: u64,
    /// The simulated devices (they join in this order).
    pub devices: Vec<DeviceSpec>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            coordinator_ieee: DEFAULT_COORDINATOR_IEEE,
            devices: DeviceSpec::standard(),
        }
    }
}

/// Whether the coordinator is in a network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkStatus {
    /// No network (never formed, left, or saved but not yet resumed).
    NoNetwork,
    /// Up: formed or resumed.
    Joined,
}

/// How an APS frame was addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// To one node.
    Unicast,
    /// To a broadcast address (0xfffc-0xffff).
    Broadcast,
    /// To a group (APS group delivery, NWK broadcast to 0xfffd).
    Multicast,
}

/// The APS fields of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ApsInfo {
    /// Application profile (0x0000 ZDP, 0x0104 Home Automation).
    pub profile: u16,
    /// Cluster id.
    pub cluster: u16,
    /// Source endpoint.
    pub src_ep: u8,
    /// Destination endpoint (unused for multicast).
    pub dst_ep: u8,
    /// Option bits: [`APS_OPTION_ACK_REQUEST`], [`APS_OPTION_SECURITY`].
    pub options: u16,
    /// Group id (multicast only).
    pub group: u16,
    /// APS counter (set by the network for sent frames; the received one for incoming frames).
    pub sequence: u8,
}

impl ApsInfo {
    /// APS fields for `profile`/`cluster` from `src_ep` to `dst_ep`, no options.
    pub fn new(profile: u16, cluster: u16, src_ep: u8, dst_ep: u8) -> Self {
        ApsInfo {
            profile,
            cluster,
            src_ep,
            dst_ep,
            ..ApsInfo::default()
        }
    }

    /// The same, asking for an APS acknowledgment.
    #[must_use]
    pub fn with_ack(mut self) -> Self {
        self.options |= APS_OPTION_ACK_REQUEST;
        self
    }

    /// Whether an APS acknowledgment is asked for.
    pub fn ack_requested(&self) -> bool {
        self.options & APS_OPTION_ACK_REQUEST != 0
    }
}

/// Status of a trust-center join notification (the APS Update Device statuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinStatus {
    /// A device associated and is getting the network key.
    UnsecuredJoin,
    /// A device rejoined with the network key.
    SecuredRejoin,
    /// A device left or failed authentication.
    DeviceLeft,
}

/// A network found by an active scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeighbourNetwork {
    /// PAN id.
    pub pan_id: u16,
    /// Extended PAN id.
    pub extended_pan_id: u64,
    /// Channel.
    pub channel: u8,
    /// Whether it permits joining.
    pub permit_joining: bool,
    /// Stack profile (2 = Zigbee PRO).
    pub stack_profile: u8,
    /// NWK update id.
    pub nwk_update_id: u8,
    /// Link quality of its beacon.
    pub lqi: u8,
    /// Signal strength of its beacon (dBm).
    pub rssi: i8,
}

/// What happened in the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetworkEvent {
    /// The network is up (after [`Network::form`] or [`Network::resume`]).
    NetworkUp,
    /// The network is down (after [`Network::leave`]).
    NetworkDown,
    /// A device finished joining (its Device_annce arrived).
    ChildJoined {
        /// IEEE address.
        ieee: u64,
        /// Network address.
        nwk: u16,
        /// Logical type.
        node_type: NodeType,
    },
    /// The trust center saw a device join or leave.
    TrustCenterJoin {
        /// IEEE address.
        ieee: u64,
        /// Network address.
        nwk: u16,
        /// What happened.
        status: JoinStatus,
        /// The parent it joined through (always the coordinator, 0x0000).
        parent: u16,
    },
    /// A device left the network (Mgmt_Leave, or failed authentication).
    DeviceLeft {
        /// IEEE address.
        ieee: u64,
        /// Network address it had.
        nwk: u16,
    },
    /// An APS data frame for the coordinator (ZDP or ZCL).
    IncomingMessage {
        /// How it was addressed.
        kind: MessageKind,
        /// Its APS fields.
        aps: ApsInfo,
        /// Sender's network address.
        src_nwk: u16,
        /// Sender's IEEE address, when known.
        src_ieee: Option<u64>,
        /// Link quality.
        lqi: u8,
        /// Signal strength (dBm).
        rssi: i8,
        /// The ZDP or ZCL frame.
        payload: Vec<u8>,
    },
    /// The outcome of a frame sent with `send_*`.
    MessageSent {
        /// The caller's tag.
        tag: u32,
        /// How it was addressed.
        kind: MessageKind,
        /// Destination: network address, broadcast address or group.
        dst: u16,
        /// Its APS fields (with the APS counter used).
        aps: ApsInfo,
        /// Whether it was delivered (APS ack, or MAC ack without APS ack; broadcasts: sent).
        delivered: bool,
        /// The payload sent.
        payload: Vec<u8>,
    },
}

/// Why a network operation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// The coordinator is already in a network.
    #[error("already in a network")]
    AlreadyJoined,
    /// The coordinator is not in a network.
    #[error("not in a network")]
    NoNetwork,
    /// No saved network to resume.
    #[error("no saved network to resume")]
    NoSavedNetwork,
    /// Channel outside 11-26.
    #[error("channel {0} is not a 2.4 GHz channel (11-26)")]
    InvalidChannel(u8),
    /// PAN id 0xffff.
    #[error("PAN id 0x{0:04x} is not valid")]
    InvalidPanId(u16),
}

impl NetworkError {
    /// Whether trying again later can succeed (never: these are state errors).
    pub fn is_retryable(&self) -> bool {
        false
    }
}

/// Why a frame could not be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// The network is down.
    #[error("the network is down")]
    NetworkDown,
    /// The payload does not fit into one frame.
    #[error("payload of {len} bytes, at most {max} fit")]
    PayloadTooLong {
        /// Payload length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not an address for this kind of send.
    #[error("0x{0:04x} is not a valid destination here")]
    InvalidDestination(u16),
    /// Building the frame failed.
    #[error(transparent)]
    Frame(#[from] FrameError),
}

impl SendError {
    /// Whether trying again later can succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, SendError::NetworkDown)
    }
}

/// What the network knows about one simulated device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceInfo {
    /// Identity.
    pub spec: DeviceSpec,
    /// Its network address, when joined.
    pub nwk: Option<u16>,
}

/// Joining steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JoinStep {
    BeaconRequest,
    Beacon,
    AssociationRequest,
    AssociationResponse,
    TransportKey,
}

/// An application frame a device sends.
#[derive(Debug, Clone)]
struct AppOut {
    dst: TxAddress,
    dst_ep: u8,
    src_ep: u8,
    profile: u16,
    cluster: u16,
    payload: Vec<u8>,
}

#[derive(Debug, Clone)]
enum Action {
    Join {
        dev: usize,
        step: JoinStep,
    },
    JoinNext,
    AuthTimeout {
        dev: usize,
    },
    Announce {
        dev: usize,
    },
    DeviceRx {
        dev: usize,
        frame: Vec<u8>,
    },
    CoordRx {
        frame: Vec<u8>,
    },
    DeviceSend {
        dev: usize,
        out: AppOut,
    },
    DeviceApsAck {
        dev: usize,
        to: u16,
        header: ApsHeader,
    },
    DeviceLeave {
        dev: usize,
        rejoin: bool,
    },
    Sent(Box<NetworkEvent>),
    AckTimeout {
        dst: u16,
        counter: u8,
    },
    Ticks,
    Drift,
    /// The network moves to `channel` (a Mgmt_NWK_Update_req channel change).
    ChangeChannel {
        channel: u8,
        nwk_update_id: u8,
    },
}

#[derive(Debug, Clone)]
struct PendingAck {
    dst: u16,
    counter: u8,
    tag: u32,
    aps: ApsInfo,
    payload: Vec<u8>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Permit {
    Closed,
    Until(u64),
    Forever,
}

struct SimDevice {
    spec: DeviceSpec,
    runtime: Runtime,
    keys: KeyStore,
    seq: Sequences,
    membership: Option<SavedMembership>,
    bindings: Vec<SavedBinding>,
    /// Permit-join window it last tried to join in.
    tried: Option<u32>,
    /// Address being assigned while joining.
    joining_nwk: Option<u16>,
    rng: SmallRng,
}

impl core::fmt::Debug for SimDevice {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SimDevice")
            .field("spec", &self.spec)
            .field("membership", &self.membership)
            .finish_non_exhaustive()
    }
}

impl SimDevice {
    fn new(spec: DeviceSpec, saved: Option<&SavedDevice>) -> Self {
        let stored = saved
            .map(|s| {
                s.attributes
                    .iter()
                    .map(|a| ((a.endpoint, a.cluster, a.attribute), a.value.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let mut keys = KeyStore::empty();
        keys.add_link_key(spec.link_key, None, None);
        let membership = saved.and_then(|s| s.membership);
        if let Some(m) = &membership {
            keys.add_network_key(m.network_key, Some(m.key_sequence), None);
        }
        SimDevice {
            spec,
            runtime: Runtime::start(spec.kind, stored),
            keys,
            seq: Sequences::seeded(spec.ieee.rotate_left(17)),
            membership,
            bindings: saved.map(|s| s.bindings.clone()).unwrap_or_default(),
            tried: None,
            joining_nwk: None,
            rng: SmallRng::seed_from_u64(spec.ieee),
        }
    }

    fn nwk(&self) -> Option<u16> {
        self.membership.map(|m| m.nwk).or(self.joining_nwk)
    }

    fn forget(&mut self) {
        self.membership = None;
        self.joining_nwk = None;
        self.keys = KeyStore::empty();
        self.keys.add_link_key(self.spec.link_key, None, None);
    }
}

/// The sender side of a NWK-secured frame.
struct Sender<'a> {
    nwk: u16,
    ieee: u64,
    pan: u16,
    seq: &'a mut Sequences,
    counter: &'a mut u32,
    key: Key,
    key_sequence: u8,
}

fn secured_frame(
    what: &'static str,
    s: Sender<'_>,
    frame_type: NwkFrameType,
    mac_dst: u16,
    nwk_dst: u16,
    radius: u8,
    payload: &[u8],
) -> Result<Vec<u8>, FrameError> {
    let nwk = NwkHeader::new(
        frame_type,
        ShortAddr(nwk_dst),
        ShortAddr(s.nwk),
        radius,
        s.seq.nwk(),
    );
    let mac = MacHeader::data(
        s.seq.mac(),
        PanId(s.pan),
        Address::Short(ShortAddr(mac_dst)),
        Address::Short(ShortAddr(s.nwk)),
        mac_dst != 0xffff,
    );
    let key = CipherKey::new(s.key);
    let counter = *s.counter;
    *s.counter = counter.wrapping_add(1);
    air::nwk_frame_bytes(
        what,
        &mac,
        &nwk,
        Some(NwkSeal {
            key: &key,
            counter,
            source: s.ieee,
            key_sequence: s.key_sequence,
        }),
        payload,
    )
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn ms32(at: u64) -> u32 {
    u32::try_from(at & 0xffff_ffff).unwrap_or(0)
}

/// The virtual network. See the module documentation.
pub struct Network {
    coordinator_ieee: u64,
    tx_power_dbm: i8,
    status: NetworkStatus,
    formed: Option<FormedNetwork>,
    coord_seq: Sequences,
    coord_keys: KeyStore,
    devices: Vec<SimDevice>,
    permit: Permit,
    permit_window: u32,
    joining: Option<usize>,
    queue: BTreeMap<(u64, u64), Action>,
    queue_seq: u64,
    events: VecDeque<NetworkEvent>,
    clock: u64,
    air: AirLog,
    tokens: BTreeMap<u32, Vec<u8>>,
    pending_acks: Vec<PendingAck>,
}

impl core::fmt::Debug for Network {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Network")
            .field("coordinator_ieee", &self.coordinator_ieee)
            .field("status", &self.status)
            .field("formed", &self.formed)
            .field("devices", &self.devices)
            .field("clock", &self.clock)
            .field("air", &self.air)
            .finish_non_exhaustive()
    }
}

impl Network {
    /// A coordinator without a network, and the configured devices (not joined).
    pub fn new(config: NetworkConfig) -> Self {
        let devices = config
            .devices
            .iter()
            .map(|s| SimDevice::new(*s, None))
            .collect();
        Self::with_devices(config.coordinator_ieee, devices)
    }

    fn with_devices(coordinator_ieee: u64, devices: Vec<SimDevice>) -> Self {
        Network {
            coordinator_ieee,
            tx_power_dbm: 8,
            status: NetworkStatus::NoNetwork,
            formed: None,
            coord_seq: Sequences::seeded(coordinator_ieee),
            coord_keys: KeyStore::empty(),
            devices,
            permit: Permit::Closed,
            permit_window: 0,
            joining: None,
            queue: BTreeMap::new(),
            queue_seq: 0,
            events: VecDeque::new(),
            clock: 0,
            air: AirLog::default(),
            tokens: BTreeMap::new(),
            pending_acks: Vec::new(),
        }
    }

    /// Sends every frame put on the air from now on (with FCS) to `sink`; `None` stops.
    pub fn set_air_sink(&mut self, sink: Option<AirSink>) {
        self.air.set_sink(sink);
    }

    /// Frames handed to the air sink so far.
    pub fn air_frames(&self) -> u64 {
        self.air.sent
    }

    // ----- parameters and keys -----

    /// The coordinator's IEEE address.
    pub fn coordinator_ieee(&self) -> u64 {
        self.coordinator_ieee
    }

    /// Whether the network is up.
    pub fn status(&self) -> NetworkStatus {
        self.status
    }

    /// The network parameters (also of a saved network not resumed yet).
    pub fn params(&self) -> Option<&NetworkParams> {
        self.formed.as_ref().map(|f| &f.params)
    }

    /// Keys and outgoing frame counters (the next values to use).
    pub fn security(&self) -> Option<&SecurityParams> {
        self.formed.as_ref().map(|f| &f.security)
    }

    /// Per-device link keys.
    pub fn link_keys(&self) -> &[DeviceKey] {
        self.formed.as_ref().map_or(&[], |f| &f.link_keys)
    }

    /// Transient (install-code) keys of devices that have not joined yet.
    pub fn transient_keys(&self) -> &[DeviceKey] {
        self.formed.as_ref().map_or(&[], |f| &f.transient_keys)
    }

    /// The child table: every device the trust center let in (authorized or still joining).
    pub fn children(&self) -> &[ChildEntry] {
        self.formed.as_ref().map_or(&[], |f| &f.children)
    }

    /// Writes entry `index` of the child table (appended when `index` is past its end), as a
    /// coordinator restored from a backup knows its children before they are heard again.
    ///
    /// # Errors
    /// [`NetworkError::NoNetwork`] without a network.
    pub fn set_child(&mut self, index: usize, child: ChildEntry) -> Result<(), NetworkError> {
        let f = self.formed.as_mut().ok_or(NetworkError::NoNetwork)?;
        f.children.retain(|c| c.ieee != child.ieee);
        match f.children.get_mut(index) {
            Some(slot) => *slot = child,
            None => f.children.push(child),
        }
        Ok(())
    }

    /// The simulated devices.
    pub fn devices(&self) -> Vec<DeviceInfo> {
        self.devices
            .iter()
            .map(|d| DeviceInfo {
                spec: d.spec,
                nwk: d.membership.map(|m| m.nwk),
            })
            .collect()
    }

    /// A fixed-size attribute of a simulated device, as the device sees it (raw bits).
    pub fn device_attribute(
        &self,
        ieee: u64,
        endpoint: u8,
        cluster: u16,
        attribute: u16,
    ) -> Option<u64> {
        self.devices
            .iter()
            .find(|d| d.spec.ieee == ieee)?
            .runtime
            .get(endpoint, cluster, attribute)
    }

    /// Radio transmit power (dBm).
    pub fn tx_power(&self) -> i8 {
        self.tx_power_dbm
    }

    /// Sets the radio transmit power (dBm, clamped to -20..=20); also kept in the parameters.
    pub fn set_tx_power(&mut self, dbm: i8) {
        let dbm = dbm.clamp(-20, 20);
        self.tx_power_dbm = dbm;
        if let Some(f) = self.formed.as_mut() {
            f.params.tx_power_dbm = dbm;
        }
    }

    /// A front end's opaque value (NCP token, NV item).
    pub fn token(&self, id: u32) -> Option<&[u8]> {
        self.tokens.get(&id).map(Vec::as_slice)
    }

    /// Stores a front end's opaque value.
    pub fn set_token(&mut self, id: u32, value: Vec<u8>) {
        self.tokens.insert(id, value);
    }

    /// Removes a front end's opaque value; returns it.
    pub fn remove_token(&mut self, id: u32) -> Option<Vec<u8>> {
        self.tokens.remove(&id)
    }

    /// Every token.
    pub fn tokens(&self) -> &BTreeMap<u32, Vec<u8>> {
        &self.tokens
    }

    /// Adds a transient link key (from an install code) for the device `ieee`; it is used for
    /// that device's Transport Key and becomes its link key when it joins.
    ///
    /// # Errors
    /// [`NetworkError::NoNetwork`] without a network.
    pub fn add_transient_key(&mut self, ieee: u64, key: Key) -> Result<(), NetworkError> {
        let f = self.formed.as_mut().ok_or(NetworkError::NoNetwork)?;
        f.transient_keys.retain(|k| k.ieee != ieee);
        f.transient_keys.push(DeviceKey { ieee, key });
        Ok(())
    }

    /// Removes every transient key.
    pub fn clear_transient_keys(&mut self) {
        if let Some(f) = self.formed.as_mut() {
            f.transient_keys.clear();
        }
    }

    // ----- network management -----

    /// Forms a network with `params` and `security`; [`NetworkEvent::NetworkUp`] follows.
    /// Devices of an earlier network forget it.
    ///
    /// # Errors
    /// Already in a network, a channel outside 11-26, PAN id 0xffff.
    pub fn form(
        &mut self,
        params: NetworkParams,
        security: SecurityParams,
    ) -> Result<(), NetworkError> {
        if self.status == NetworkStatus::Joined {
            return Err(NetworkError::AlreadyJoined);
        }
        if !(11..=26).contains(&params.channel) {
            return Err(NetworkError::InvalidChannel(params.channel));
        }
        if params.pan_id == 0xffff {
            return Err(NetworkError::InvalidPanId(params.pan_id));
        }
        let mut params = params;
        params.tx_power_dbm = self.tx_power_dbm;
        for d in &mut self.devices {
            d.forget();
        }
        self.formed = Some(FormedNetwork {
            params,
            security,
            link_keys: Vec::new(),
            transient_keys: Vec::new(),
            children: Vec::new(),
        });
        self.up();
        Ok(())
    }

    /// Brings a saved network (from [`Network::from_saved`]) up again; joined devices stay in
    /// it. [`NetworkEvent::NetworkUp`] follows.
    ///
    /// # Errors
    /// Already up, or nothing saved.
    pub fn resume(&mut self) -> Result<(), NetworkError> {
        if self.status == NetworkStatus::Joined {
            return Err(NetworkError::AlreadyJoined);
        }
        if self.formed.is_none() {
            return Err(NetworkError::NoSavedNetwork);
        }
        self.up();
        Ok(())
    }

    fn up(&mut self) {
        self.coord_keys = KeyStore::empty();
        if let Some(f) = &self.formed {
            self.coord_keys.add_network_key(
                f.security.network_key,
                Some(f.security.key_sequence),
                None,
            );
        }
        self.status = NetworkStatus::Joined;
        self.queue.clear();
        self.pending_acks.clear();
        self.joining = None;
        self.permit = Permit::Closed;
        self.events.push_back(NetworkEvent::NetworkUp);
        let at = self.clock;
        self.schedule(at + DEVICE_TICK_MS, Action::Ticks);
        self.schedule(at + DRIFT_MS, Action::Drift);
    }

    /// Leaves (forgets) the network; its devices are orphaned and forget it too.
    /// [`NetworkEvent::NetworkDown`] follows.
    ///
    /// # Errors
    /// Not in a network.
    pub fn leave(&mut self) -> Result<(), NetworkError> {
        if self.status != NetworkStatus::Joined {
            return Err(NetworkError::NoNetwork);
        }
        self.status = NetworkStatus::NoNetwork;
        self.formed = None;
        self.queue.clear();
        self.pending_acks.clear();
        self.joining = None;
        self.permit = Permit::Closed;
        for d in &mut self.devices {
            d.forget();
        }
        self.events.push_back(NetworkEvent::NetworkDown);
        Ok(())
    }

    /// Opens joining for `seconds` from `now` (0 closes, 255 keeps it open). Devices that are not
    /// in the network try to join once per opening, one after the other.
    ///
    /// # Errors
    /// Not in a network.
    pub fn permit_join(&mut self, seconds: u8, now: Duration) -> Result<(), NetworkError> {
        if self.status != NetworkStatus::Joined {
            return Err(NetworkError::NoNetwork);
        }
        let at = ms(now).max(self.clock);
        self.permit = match seconds {
            0 => Permit::Closed,
            255 => Permit::Forever,
            s => Permit::Until(at + u64::from(s) * 1000),
        };
        if self.permit != Permit::Closed {
            self.permit_window = self.permit_window.wrapping_add(1);
            self.schedule(at + 300, Action::JoinNext);
        }
        Ok(())
    }

    /// Whether joining is permitted at `now`.
    pub fn permit_join_open(&self, now: Duration) -> bool {
        self.permit_open_at(ms(now))
    }

    fn permit_open_at(&self, at: u64) -> bool {
        self.status == NetworkStatus::Joined
            && match self.permit {
                Permit::Closed => false,
                Permit::Until(t) => at < t,
                Permit::Forever => true,
            }
    }

    /// Energy on each channel of `mask` (bit n = channel n): (channel, RSSI dBm). Fixed values:
    /// quiet channels near -90 dBm, Wi-Fi overlap around channels 17-19 and 22-23.
    pub fn energy_scan(&self, mask: u32) -> Vec<(u8, i8)> {
        const ENERGY: [i8; 16] = [
            -88, -84, -79, -86, -91, -89, -74, -68, -71, -90, -92, -77, -75, -93, -89, -95,
        ];
        (11u8..=26)
            .zip(ENERGY)
            .filter(|(c, _)| mask & (1u32 << c) != 0)
            .collect()
    }

    /// Networks heard on the channels of `mask`: a neighbour's network on channel 20 and one on
    /// channel 25.
    pub fn active_scan(&self, mask: u32) -> Vec<NeighbourNetwork> {
        let neighbours = [
            NeighbourNetwork {
                pan_id: 0x4e2b,
                extended_pan_id: 0x00fe_ed00_4e2b_0001,
                channel: 20,
                permit_joining: false,
                stack_profile: 2,
                nwk_update_id: 0,
                lqi: 96,
                rssi: -78,
            },
            NeighbourNetwork {
                pan_id: 0x7731,
                extended_pan_id: 0x0022_a3ff_fe77_3100,
                channel: 25,
                permit_joining: false,
                stack_profile: 2,
                nwk_update_id: 3,
                lqi: 44,
                rssi: -89,
            },
        ];
        neighbours
            .into_iter()
            .filter(|n| mask & (1u32 << n.channel) != 0)
            .collect()
    }

    // ----- state -----

    /// Everything to keep across a power cycle; outgoing frame counters are saved
    /// [`FRAME_COUNTER_MARGIN`] ahead so a restart never reuses one.
    pub fn save(&self) -> SavedNetwork {
        let network = self.formed.clone().map(|mut f| {
            f.security.nwk_frame_counter = f
                .security
                .nwk_frame_counter
                .saturating_add(FRAME_COUNTER_MARGIN);
            f.security.aps_frame_counter = f
                .security
                .aps_frame_counter
                .saturating_add(FRAME_COUNTER_MARGIN);
            f
        });
        let devices = self
            .devices
            .iter()
            .map(|d| SavedDevice {
                spec: d.spec,
                membership: d.membership.map(|mut m| {
                    m.nwk_frame_counter = m.nwk_frame_counter.saturating_add(FRAME_COUNTER_MARGIN);
                    m
                }),
                attributes: d
                    .runtime
                    .save()
                    .into_iter()
                    .map(|((endpoint, cluster, attribute), value)| SavedAttribute {
                        endpoint,
                        cluster,
                        attribute,
                        value,
                    })
                    .collect(),
                bindings: d.bindings.clone(),
            })
            .collect();
        SavedNetwork {
            version: STATE_VERSION,
            coordinator_ieee: self.coordinator_ieee,
            tx_power_dbm: self.tx_power_dbm,
            network,
            devices,
            tokens: self.tokens.clone(),
        }
    }

    /// The network of a saved state, down until [`Network::resume`].
    pub fn from_saved(saved: SavedNetwork) -> Self {
        let devices = saved
            .devices
            .iter()
            .map(|d| SimDevice::new(d.spec, Some(d)))
            .collect();
        let mut n = Self::with_devices(saved.coordinator_ieee, devices);
        n.tx_power_dbm = saved.tx_power_dbm;
        n.formed = saved.network;
        n.tokens = saved.tokens;
        n
    }

    /// The coordinator restarts (a coprocessor reset): what it kept in RAM is lost and the
    /// network is down until [`Network::resume`], as after [`Network::from_saved`] of its own
    /// saved state. The devices do not notice: they keep running with their bindings,
    /// reporting configuration and attribute values, as real devices do while their
    /// coordinator reboots. The air sink stays connected.
    pub fn reboot_coordinator(&mut self) {
        let saved = self.save();
        let devices = std::mem::take(&mut self.devices);
        let mut n = Self::with_devices(saved.coordinator_ieee, devices);
        n.tx_power_dbm = saved.tx_power_dbm;
        n.formed = saved.network;
        n.tokens = saved.tokens;
        n.air = std::mem::take(&mut self.air);
        *self = n;
    }

    /// Takes over `old`'s air sink (when one network replaces another on the same radio).
    pub fn take_air_from(&mut self, old: &mut Network) {
        self.air = std::mem::take(&mut old.air);
    }

    /// Loads a state file; `Ok(None)` when it does not exist.
    ///
    /// # Errors
    /// See [`SavedNetwork::load`].
    pub fn load(path: &Path) -> Result<Option<Network>, StateError> {
        Ok(SavedNetwork::load(path)?.map(Network::from_saved))
    }

    /// Saves the state to a file atomically (temporary file, then rename).
    ///
    /// # Errors
    /// See [`SavedNetwork::store`].
    pub fn store(&self, path: &Path) -> Result<(), StateError> {
        self.save().store(path)
    }

    // ----- time -----

    fn schedule(&mut self, at: u64, action: Action) {
        self.queue_seq = self.queue_seq.wrapping_add(1);
        self.queue.insert((at, self.queue_seq), action);
    }

    /// Runs the network up to `now`: joining, deliveries, device applications (ticks every
    /// 100 ms), sensor drift (every 30 s). Returns the events, oldest first.
    pub fn tick(&mut self, now: Duration) -> Vec<NetworkEvent> {
        let now = ms(now);
        while let Some(entry) = self.queue.first_entry() {
            let (at, _) = *entry.key();
            if at > now {
                break;
            }
            let action = entry.remove();
            self.clock = self.clock.max(at);
            self.run(self.clock, action);
        }
        self.clock = self.clock.max(now);
        self.air.flush(now);
        self.events.drain(..).collect()
    }

    /// The next queued event without advancing time.
    pub fn poll_event(&mut self) -> Option<NetworkEvent> {
        self.events.pop_front()
    }

    fn run(&mut self, at: u64, action: Action) {
        if self.status != NetworkStatus::Joined {
            return;
        }
        match action {
            Action::Ticks => {
                self.device_ticks(at);
                self.schedule(at + DEVICE_TICK_MS, Action::Ticks);
            }
            Action::Drift => {
                self.drift(at);
                self.schedule(at + DRIFT_MS, Action::Drift);
            }
            Action::ChangeChannel {
                channel,
                nwk_update_id,
            } => {
                if let Some(f) = self.formed.as_mut() {
                    f.params.channel = channel;
                    f.params.nwk_update_id = nwk_update_id;
                    f.params.channel_mask |= 1 << channel;
                }
            }
            Action::JoinNext => self.join_next(at),
            Action::Join { dev, step } => self.join_step(at, dev, step),
            Action::AuthTimeout { dev } => self.auth_timeout(at, dev),
            Action::Announce { dev } => self.announce(at, dev),
            Action::DeviceRx { dev, frame } => self.device_rx(at, dev, &frame),
            Action::CoordRx { frame } => self.coord_rx(at, &frame),
            Action::DeviceSend { dev, out } => self.device_send(at, dev, &out),
            Action::DeviceApsAck { dev, to, header } => {
                let _ = self.device_transmit(at, dev, to, header, &[]);
            }
            Action::DeviceLeave { dev, rejoin } => self.device_leave(at, dev, rejoin),
            Action::Sent(e) => self.events.push_back(*e),
            Action::AckTimeout { dst, counter } => {
                if let Some(i) = self
                    .pending_acks
                    .iter()
                    .position(|p| p.dst == dst && p.counter == counter)
                {
                    let p = self.pending_acks.remove(i);
                    self.events.push_back(NetworkEvent::MessageSent {
                        tag: p.tag,
                        kind: MessageKind::Unicast,
                        dst: p.dst,
                        aps: p.aps,
                        delivered: false,
                        payload: p.payload,
                    });
                }
            }
        }
    }

    fn channel(&self) -> u8 {
        self.formed.as_ref().map_or(11, |f| f.params.channel)
    }

    fn pan(&self) -> u16 {
        self.formed.as_ref().map_or(0xffff, |f| f.params.pan_id)
    }

    fn push_air(&mut self, at: u64, bytes: Vec<u8>) {
        let ch = self.channel();
        self.air.push(at, ch, bytes);
    }

    fn push_ack(&mut self, at: u64, frame: &[u8], pending: bool) {
        if let Some(seq) = frame.get(2) {
            let ack = air::mac_ack(*seq, pending);
            self.push_air(at, ack);
        }
    }

    // ----- joining -----

    fn join_next(&mut self, at: u64) {
        if self.joining.is_some() || !self.permit_open_at(at) {
            return;
        }
        let window = self.permit_window;
        let next = self
            .devices
            .iter()
            .position(|d| d.membership.is_none() && d.tried != Some(window));
        if let Some(i) = next {
            if let Some(d) = self.devices.get_mut(i) {
                d.tried = Some(window);
            }
            self.joining = Some(i);
            self.schedule(
                at,
                Action::Join {
                    dev: i,
                    step: JoinStep::BeaconRequest,
                },
            );
        }
    }

    fn end_join(&mut self, at: u64) {
        self.joining = None;
        self.schedule(at + 200, Action::JoinNext);
    }

    fn allocate_address(&self, ieee: u64) -> u16 {
        let used = |a: u16| {
            self.children().iter().any(|c| c.nwk == a)
                || self.devices.iter().any(|d| d.nwk() == Some(a))
        };
        let folded = ieee ^ (ieee >> 16) ^ (ieee >> 32) ^ (ieee >> 48);
        let mut a = u16::try_from(folded & 0xffff).unwrap_or(1);
        for _ in 0..0x10000 {
            if a != 0 && a < 0xfff8 && !used(a) {
                return a;
            }
            a = a.wrapping_add(0x1d3b);
        }
        1
    }

    fn join_step(&mut self, at: u64, dev: usize, step: JoinStep) {
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        let spec = d.spec;
        let pan = self.formed.as_ref().map_or(0xffff, |f| f.params.pan_id);
        let (epan, update_id) = self.formed.as_ref().map_or((0, 0), |f| {
            (f.params.extended_pan_id, f.params.nwk_update_id)
        });
        match step {
            JoinStep::BeaconRequest => {
                let h = MacHeader::build(
                    MacFrameType::MacCommand,
                    d.seq.mac(),
                    PanId(0xffff),
                    Address::Short(ShortAddr(0xffff)),
                    Address::None,
                    false,
                );
                if let Ok(f) = air::mac_frame_bytes("beacon request", &h, &[0x07]) {
                    self.push_air(at, f);
                }
                self.schedule(
                    at + 4,
                    Action::Join {
                        dev,
                        step: JoinStep::Beacon,
                    },
                );
            }
            JoinStep::Beacon => {
                let permit = self.permit_open_at(at);
                let mut beacon = [0u8; 15];
                let n = ZigbeeBeacon {
                    protocol_id: 0,
                    stack_profile: 2,
                    protocol_version: 2,
                    capacity: 0x84,
                    extended_pan_id: Eui64(epan),
                    tx_offset: 0xff_ffff,
                    update_id,
                }
                .emit(&mut beacon)
                .unwrap_or(0);
                // Superframe: orders 15, final CAP slot 15, PAN coordinator, association permit.
                let mut payload = vec![0xff, if permit { 0xcf } else { 0x4f }, 0x00, 0x00];
                payload.extend_from_slice(beacon.get(..n).unwrap_or_default());
                let h = MacHeader::build(
                    MacFrameType::Beacon,
                    self.coord_seq.mac(),
                    PanId(pan),
                    Address::None,
                    Address::Short(ShortAddr(0x0000)),
                    false,
                );
                if let Ok(f) = air::mac_frame_bytes("beacon", &h, &payload) {
                    self.push_air(at, f);
                }
                if permit {
                    self.schedule(
                        at + 150,
                        Action::Join {
                            dev,
                            step: JoinStep::AssociationRequest,
                        },
                    );
                } else {
                    self.end_join(at);
                }
            }
            JoinStep::AssociationRequest => {
                let h = air::mac_command_from_extended(
                    d.seq.mac(),
                    pan,
                    Address::Short(ShortAddr(0)),
                    spec.ieee,
                );
                let mut cmd = [0u8; 8];
                let n = MacCommand::AssociationRequest {
                    capability: CapabilityInfo(spec.capability()),
                }
                .emit(&mut cmd)
                .unwrap_or(0);
                if let Ok(f) = air::mac_frame_bytes(
                    "association request",
                    &h,
                    cmd.get(..n).unwrap_or_default(),
                ) {
                    self.push_ack(at + 1, &f, false);
                    self.push_air(at, f);
                }
                self.schedule(
                    at + 480,
                    Action::Join {
                        dev,
                        step: JoinStep::AssociationResponse,
                    },
                );
            }
            JoinStep::AssociationResponse => {
                let poll = air::mac_command_from_extended(
                    d.seq.mac(),
                    pan,
                    Address::Short(ShortAddr(0)),
                    spec.ieee,
                );
                if let Ok(f) = air::mac_frame_bytes("data request", &poll, &[0x04]) {
                    self.push_ack(at + 1, &f, true);
                    self.push_air(at, f);
                }
                let nwk = self.allocate_address(spec.ieee);
                let h = MacHeader::build(
                    MacFrameType::MacCommand,
                    self.coord_seq.mac(),
                    PanId(pan),
                    Address::Extended(Eui64(spec.ieee)),
                    Address::Extended(Eui64(self.coordinator_ieee)),
                    true,
                );
                let mut cmd = [0u8; 8];
                let n = MacCommand::AssociationResponse {
                    short_address: ShortAddr(nwk),
                    status: 0,
                }
                .emit(&mut cmd)
                .unwrap_or(0);
                if let Ok(f) = air::mac_frame_bytes(
                    "association response",
                    &h,
                    cmd.get(..n).unwrap_or_default(),
                ) {
                    self.push_ack(at + 4, &f, false);
                    self.push_air(at + 3, f);
                }
                if let Some(d) = self.devices.get_mut(dev) {
                    d.joining_nwk = Some(nwk);
                }
                if let Some(f) = self.formed.as_mut() {
                    f.children.retain(|c| c.ieee != spec.ieee);
                    f.children.push(ChildEntry {
                        ieee: spec.ieee,
                        nwk,
                        node_type: spec.node_type(),
                        authorized: false,
                        incoming_frame_counter: None,
                    });
                }
                self.events.push_back(NetworkEvent::TrustCenterJoin {
                    ieee: spec.ieee,
                    nwk,
                    status: JoinStatus::UnsecuredJoin,
                    parent: 0x0000,
                });
                self.schedule(
                    at + 25,
                    Action::Join {
                        dev,
                        step: JoinStep::TransportKey,
                    },
                );
            }
            JoinStep::TransportKey => {
                if let Err(e) = self.transport_key(at, dev) {
                    let _ = e;
                }
                self.schedule(at + AUTH_TIMEOUT_MS, Action::AuthTimeout { dev });
            }
        }
    }

    /// The trust center's Transport Key of the network key to the joining device `dev`.
    fn transport_key(&mut self, at: u64, dev: usize) -> Result<(), FrameError> {
        let Some(d) = self.devices.get(dev) else {
            return Ok(());
        };
        let ieee = d.spec.ieee;
        let Some(nwk) = d.joining_nwk else {
            return Ok(());
        };
        let coordinator = self.coordinator_ieee;
        let Some(f) = self.formed.as_mut() else {
            return Ok(());
        };
        let link = f
            .transient_keys
            .iter()
            .chain(f.link_keys.iter())
            .find(|k| k.ieee == ieee)
            .map_or(
                if f.security.hashed_tc_link_keys {
                    crate::sniff::security::ZIGBEE_ALLIANCE_09
                } else {
                    f.security.tc_link_key
                },
                |k| k.key,
            );
        let counter = f.security.aps_frame_counter;
        f.security.aps_frame_counter = counter.wrapping_add(1);
        let mut cmd = [0u8; 64];
        let n = ApsCommand::TransportKey {
            key_type: KeyType::StandardNetworkKey,
            key: f.security.network_key,
            fields: TransportedKey::Network {
                sequence: f.security.key_sequence,
                dst: Eui64(ieee),
                src: Eui64(coordinator),
            },
        }
        .emit(&mut cmd)
        .map_err(|e| FrameError::Build {
            what: "transport key",
            source: e.into(),
        })?;
        let pan = f.params.pan_id;
        let transport = CipherKey::new(key_transport_key(&link));
        let aps = air::aps_bytes(
            "transport key",
            &ApsHeader::command(self.coord_seq.aps(), true),
            Some(ApsSeal {
                key_id: KeyId::KeyTransport,
                key: &transport,
                counter,
                source: coordinator,
            }),
            cmd.get(..n).unwrap_or_default(),
        )?;
        let nwk_h = NwkHeader::new(
            NwkFrameType::Data,
            ShortAddr(nwk),
            ShortAddr(0x0000),
            1,
            self.coord_seq.nwk(),
        );
        let mac = MacHeader::data(
            self.coord_seq.mac(),
            PanId(pan),
            Address::Short(ShortAddr(nwk)),
            Address::Short(ShortAddr(0)),
            true,
        );
        let frame = air::nwk_frame_bytes("transport key", &mac, &nwk_h, None, &aps)?;
        self.push_ack(at + 1, &frame, false);
        self.push_air(at, frame.clone());
        self.schedule(at + 2, Action::DeviceRx { dev, frame });
        Ok(())
    }

    fn auth_timeout(&mut self, at: u64, dev: usize) {
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        if d.membership.is_some() {
            return;
        }
        let ieee = d.spec.ieee;
        let nwk = d.joining_nwk.take();
        if let (Some(f), Some(nwk)) = (self.formed.as_mut(), nwk) {
            f.children.retain(|c| c.ieee != ieee);
            self.events.push_back(NetworkEvent::TrustCenterJoin {
                ieee,
                nwk,
                status: JoinStatus::DeviceLeft,
                parent: 0x0000,
            });
        }
        if self.joining == Some(dev) {
            self.end_join(at);
        }
    }

    fn announce(&mut self, at: u64, dev: usize) {
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        let Some(m) = d.membership else {
            return;
        };
        let mut p = vec![d.seq.tsn()];
        p.extend_from_slice(&m.nwk.to_le_bytes());
        p.extend_from_slice(&d.spec.ieee.to_le_bytes());
        p.push(d.spec.capability());
        let out = AppOut {
            dst: TxAddress::Short(0xfffd),
            dst_ep: 0,
            src_ep: 0,
            profile: 0,
            cluster: zdo::cluster::DEVICE_ANNCE,
            payload: p,
        };
        self.device_send(at, dev, &out);
    }

    // ----- device side -----

    /// Puts an APS frame (header + payload) from device `dev` on the air to `nwk_dst`.
    fn device_transmit(
        &mut self,
        at: u64,
        dev: usize,
        nwk_dst: u16,
        header: ApsHeader,
        payload: &[u8],
    ) -> Result<(), FrameError> {
        let pan = self.pan();
        let Some(d) = self.devices.get_mut(dev) else {
            return Ok(());
        };
        let ieee = d.spec.ieee;
        let Some(m) = d.membership.as_mut() else {
            return Ok(());
        };
        let aps = air::aps_bytes("device APS frame", &header, None, payload)?;
        let mac_dst = if nwk_dst >= 0xfff8 { 0xffff } else { nwk_dst };
        let frame = secured_frame(
            "device frame",
            Sender {
                nwk: m.nwk,
                ieee,
                pan,
                seq: &mut d.seq,
                counter: &mut m.nwk_frame_counter,
                key: m.network_key,
                key_sequence: m.key_sequence,
            },
            NwkFrameType::Data,
            mac_dst,
            nwk_dst,
            30,
            &aps,
        )?;
        self.deliver(at, Some(dev), mac_dst, frame);
        Ok(())
    }

    /// Puts `frame` (sent by device `from`, or the coordinator when `None`) on the air and hands
    /// it to the nodes that hear it. Returns whether a unicast was acknowledged.
    fn deliver(&mut self, at: u64, from: Option<usize>, mac_dst: u16, frame: Vec<u8>) -> bool {
        let mut acked = false;
        if mac_dst == 0xffff {
            if from.is_some() {
                self.schedule(
                    at + 2,
                    Action::CoordRx {
                        frame: frame.clone(),
                    },
                );
            }
            let targets: Vec<usize> = (0..self.devices.len())
                .filter(|i| {
                    Some(*i) != from && self.devices.get(*i).is_some_and(|d| d.membership.is_some())
                })
                .collect();
            for dev in targets {
                self.schedule(
                    at + 2,
                    Action::DeviceRx {
                        dev,
                        frame: frame.clone(),
                    },
                );
            }
        } else if mac_dst == 0x0000 && from.is_some() {
            acked = true;
            self.push_ack(at + 1, &frame, false);
            self.schedule(
                at + 2,
                Action::CoordRx {
                    frame: frame.clone(),
                },
            );
        } else if let Some(dev) = self
            .devices
            .iter()
            .position(|d| d.nwk() == Some(mac_dst))
            .filter(|i| Some(*i) != from)
        {
            acked = true;
            self.push_ack(at + 1, &frame, false);
            self.schedule(
                at + 2,
                Action::DeviceRx {
                    dev,
                    frame: frame.clone(),
                },
            );
        }
        self.push_air(at, frame);
        acked
    }

    fn device_send(&mut self, at: u64, dev: usize, out: &AppOut) {
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        let counter = d.seq.aps();
        let (nwk_dst, header) = match out.dst {
            TxAddress::Group(g) => {
                let mut h = ApsHeader::data(
                    DeliveryMode::Group,
                    0,
                    out.cluster,
                    out.profile,
                    out.src_ep,
                    counter,
                );
                h.dst_endpoint = None;
                h.group = Some(g);
                (0xfffd, h)
            }
            TxAddress::Short(n) => {
                let mode = if n >= 0xfff8 {
                    DeliveryMode::Broadcast
                } else {
                    DeliveryMode::Unicast
                };
                (
                    n,
                    ApsHeader::data(
                        mode,
                        out.dst_ep,
                        out.cluster,
                        out.profile,
                        out.src_ep,
                        counter,
                    ),
                )
            }
            TxAddress::Ieee(i) => {
                let n = if i == self.coordinator_ieee {
                    Some(0)
                } else {
                    self.devices
                        .iter()
                        .find(|d| d.spec.ieee == i)
                        .and_then(SimDevice::nwk)
                };
                let Some(n) = n else {
                    return;
                };
                (
                    n,
                    ApsHeader::data(
                        DeliveryMode::Unicast,
                        out.dst_ep,
                        out.cluster,
                        out.profile,
                        out.src_ep,
                        counter,
                    ),
                )
            }
        };
        let _ = self.device_transmit(at, dev, nwk_dst, header, &out.payload);
    }

    fn device_rx(&mut self, at: u64, dev: usize, frame: &[u8]) {
        let coordinator = self.coordinator_ieee;
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        let Some((raw, _)) = split_fcs(frame) else {
            return;
        };
        let dis = dissect(raw, &mut d.keys);
        // Joining: the Transport Key of the network key.
        if d.membership.is_none() {
            let Some(nwk) = d.joining_nwk else {
                return;
            };
            if let Some(l) = dis.learned {
                if let LearnedKeyKind::Network { sequence } = l.kind {
                    if l.partners.0 == Eui64(d.spec.ieee) {
                        let params = self.formed.as_ref().map(|f| f.params).unwrap_or_default();
                        d.membership = Some(SavedMembership {
                            nwk,
                            pan_id: params.pan_id,
                            extended_pan_id: params.extended_pan_id,
                            channel: params.channel,
                            network_key: l.key,
                            key_sequence: sequence,
                            nwk_frame_counter: 0,
                            incoming_frame_counter: None,
                        });
                        d.joining_nwk = None;
                        self.schedule(at + 40, Action::Announce { dev });
                    }
                }
            }
            return;
        }
        if !matches!(dis.nwk_security, Some(Ok(_))) {
            return;
        }
        let Some(nwk) = dis.nwk() else {
            return;
        };
        let my_nwk = d.nwk().unwrap_or(0xfffe);
        let dst = nwk.header.dst.0;
        let src = nwk.header.src.0;
        let addressed = dst == my_nwk
            || dst == 0xffff
            || (dst == 0xfffd && d.spec.rx_on_when_idle())
            || (dst == 0xfffc && d.spec.node_type() == NodeType::Router);
        if !addressed {
            return;
        }
        if let (Some(aux), Some(m)) = (nwk.aux, d.membership.as_mut()) {
            if aux.source == Some(Eui64(coordinator)) {
                if m.incoming_frame_counter
                    .is_some_and(|c| aux.frame_counter <= c)
                {
                    return;
                }
                m.incoming_frame_counter = Some(aux.frame_counter);
            }
        }
        let Some(aps) = dis.aps() else {
            return;
        };
        let h = aps.header;
        let Some(app) = dis.app() else {
            return;
        };
        let broadcast = dst >= 0xfff8;
        if h.frame_control.ack_request() && !broadcast {
            let ack = ApsHeader {
                frame_control: ApsFrameControl::new(
                    ApsFrameType::Ack,
                    DeliveryMode::Unicast,
                    false,
                    false,
                ),
                dst_endpoint: app.src_endpoint,
                group: None,
                cluster: Some(app.cluster),
                profile: Some(app.profile),
                src_endpoint: app.dst_endpoint,
                counter: h.counter,
                extended: None,
            };
            self.schedule(
                at + 5,
                Action::DeviceApsAck {
                    dev,
                    to: src,
                    header: ack,
                },
            );
        }
        let payload = app.payload.to_vec();
        let (profile, cluster) = (app.profile, app.cluster);
        let src_ep = app.src_endpoint.unwrap_or(0);
        let dst_ep = app.dst_endpoint;
        let group = app.group;
        if app.is_zdp() {
            let epan = self.formed.as_ref().map_or(0, |f| f.params.extended_pan_id);
            let Some(d) = self.devices.get_mut(dev) else {
                return;
            };
            let neighbours = [zdo::neighbour(
                epan,
                coordinator,
                0x0000,
                NodeType::Coordinator,
                zcl_core::zdp::Relationship::Parent,
                d.spec.link().1,
            )];
            let routes = [zdo::route(0x0000, 0x0000)];
            let endpoints = d.runtime.endpoints().to_vec();
            let spec = d.spec;
            let mut cx = ZdoContext {
                node: ZdoNode::of_device(&spec),
                nwk: my_nwk,
                endpoints: &endpoints,
                neighbours: &neighbours,
                routes: if spec.node_type() == NodeType::Router {
                    &routes
                } else {
                    &[]
                },
                bindings: &mut d.bindings,
                broadcast,
            };
            let (answer, effect) = zdo::handle(&mut cx, cluster, &payload);
            if let Some((rsp, body)) = answer {
                let out = AppOut {
                    dst: TxAddress::Short(src),
                    dst_ep: 0,
                    src_ep: 0,
                    profile: 0,
                    cluster: rsp,
                    payload: body,
                };
                self.schedule(at + 8, Action::DeviceSend { dev, out });
            }
            if let ZdoEffect::Leave { rejoin } = effect {
                self.schedule(at + 40, Action::DeviceLeave { dev, rejoin });
            }
            return;
        }
        let ind = Indication {
            src_addr: src,
            src_endpoint: src_ep,
            dst: match group {
                Some(g) => Destination::Group(g),
                None => Destination::Endpoint(dst_ep.unwrap_or(0xff)),
            },
            profile,
            cluster,
            payload,
            broadcast: broadcast && group.is_none(),
        };
        let Some(d) = self.devices.get(dev) else {
            return;
        };
        let frames = d.runtime.handle(ind);
        self.schedule_outputs(at + 8, dev, frames);
    }

    fn schedule_outputs(&mut self, at: u64, dev: usize, frames: Vec<OutFrame>) {
        for (i, f) in frames.into_iter().enumerate() {
            let out = AppOut {
                dst: f.tx.dst_addr,
                dst_ep: f.tx.dst_endpoint,
                src_ep: f.tx.src_endpoint,
                profile: f.tx.profile,
                cluster: f.tx.cluster,
                payload: f.payload,
            };
            let delay = u64::try_from(i).unwrap_or(0) * 4;
            self.schedule(at + delay, Action::DeviceSend { dev, out });
        }
    }

    fn device_leave(&mut self, at: u64, dev: usize, rejoin: bool) {
        let pan = self.pan();
        let Some(d) = self.devices.get_mut(dev) else {
            return;
        };
        let ieee = d.spec.ieee;
        let Some(m) = d.membership.as_mut() else {
            return;
        };
        let nwk = m.nwk;
        // NWK Leave command (0x04), options: rejoin bit 5.
        let options = if rejoin { 0x20 } else { 0x00 };
        if let Ok(frame) = secured_frame(
            "leave",
            Sender {
                nwk,
                ieee,
                pan,
                seq: &mut d.seq,
                counter: &mut m.nwk_frame_counter,
                key: m.network_key,
                key_sequence: m.key_sequence,
            },
            NwkFrameType::Command,
            0xffff,
            0xfffd,
            1,
            &[0x04, options],
        ) {
            self.push_air(at, frame);
        }
        if let Some(d) = self.devices.get_mut(dev) {
            d.forget();
            d.tried = if rejoin {
                None
            } else {
                Some(self.permit_window)
            };
        }
        if let Some(f) = self.formed.as_mut() {
            f.children.retain(|c| c.ieee != ieee);
        }
        self.events
            .push_back(NetworkEvent::DeviceLeft { ieee, nwk });
        if rejoin {
            self.schedule(at + 500, Action::JoinNext);
        }
    }

    fn device_ticks(&mut self, at: u64) {
        for dev in 0..self.devices.len() {
            let Some(d) = self.devices.get(dev) else {
                continue;
            };
            if d.membership.is_none() {
                continue;
            }
            let frames = d.runtime.tick(ms32(at));
            self.schedule_outputs(at, dev, frames);
        }
    }

    fn drift(&mut self, at: u64) {
        for dev in 0..self.devices.len() {
            let Some(d) = self.devices.get_mut(dev) else {
                continue;
            };
            if d.membership.is_none() || d.spec.kind != DeviceKind::TemperatureHumiditySensor {
                continue;
            }
            let mut frames = Vec::new();
            if let Some(t) = d.runtime.get(1, clusters::TEMPERATURE, 0) {
                let t = i32::from(u16::try_from(t & 0xffff).unwrap_or(0).cast_signed());
                let t = (t + d.rng.random_range(-25..=25)).clamp(1500, 3000);
                let raw = u64::from(i16::try_from(t).unwrap_or(2150).cast_unsigned());
                frames.extend(d.runtime.set(1, clusters::TEMPERATURE, 0, raw));
            }
            if let Some(h) = d.runtime.get(1, clusters::HUMIDITY, 0) {
                let h = i64::try_from(h).unwrap_or(4500);
                let h = (h + d.rng.random_range(-80..=80)).clamp(2000, 8000);
                frames.extend(d.runtime.set(
                    1,
                    clusters::HUMIDITY,
                    0,
                    u64::try_from(h).unwrap_or(4500),
                ));
            }
            self.schedule_outputs(at, dev, frames);
        }
    }

    // ----- coordinator side -----

    fn coord_rx(&mut self, at: u64, frame: &[u8]) {
        let Some((raw, _)) = split_fcs(frame) else {
            return;
        };
        let dis = dissect(raw, &mut self.coord_keys);
        if !matches!(dis.nwk_security, Some(Ok(_))) {
            return;
        }
        let Some(nwk) = dis.nwk() else {
            return;
        };
        let src = nwk.header.src.0;
        let dst = nwk.header.dst.0;
        if dst != 0x0000 && dst < 0xfffc {
            return;
        }
        let Some(f) = self.formed.as_mut() else {
            return;
        };
        let Some(child) = f.children.iter_mut().find(|c| c.nwk == src) else {
            return;
        };
        if let Some(aux) = nwk.aux {
            if child
                .incoming_frame_counter
                .is_some_and(|c| aux.frame_counter <= c)
            {
                return;
            }
            child.incoming_frame_counter = Some(aux.frame_counter);
        }
        let src_ieee = child.ieee;
        let Some(aps) = dis.aps() else {
            return;
        };
        let h = aps.header;
        if h.frame_control.frame_type() == ApsFrameType::Ack {
            if let Some(i) = self
                .pending_acks
                .iter()
                .position(|p| p.dst == src && Some(p.counter) == h.counter)
            {
                let p = self.pending_acks.remove(i);
                self.events.push_back(NetworkEvent::MessageSent {
                    tag: p.tag,
                    kind: MessageKind::Unicast,
                    dst: p.dst,
                    aps: p.aps,
                    delivered: true,
                    payload: p.payload,
                });
            }
            return;
        }
        let Some(app) = dis.app() else {
            return;
        };
        if app.is_zdp() && app.cluster == zdo::cluster::DEVICE_ANNCE {
            if let Some(c) = f.children.iter_mut().find(|c| c.nwk == src) {
                if !c.authorized {
                    c.authorized = true;
                    let (ieee, node_type) = (c.ieee, c.node_type);
                    // An install-code key becomes the device's link key.
                    if let Some(i) = f.transient_keys.iter().position(|k| k.ieee == ieee) {
                        let k = f.transient_keys.remove(i);
                        f.link_keys.retain(|l| l.ieee != ieee);
                        f.link_keys.push(k);
                    }
                    self.events.push_back(NetworkEvent::ChildJoined {
                        ieee,
                        nwk: src,
                        node_type,
                    });
                    if let Some(dev) = self.joining {
                        if self.devices.get(dev).is_some_and(|d| d.spec.ieee == ieee) {
                            self.end_join(at);
                        }
                    }
                }
            }
        }
        let (rssi, lqi) = self
            .devices
            .iter()
            .find(|d| d.spec.ieee == src_ieee)
            .map_or((-60, 200), |d| d.spec.link());
        let kind = if app.group.is_some() {
            MessageKind::Multicast
        } else if dst >= 0xfff8 {
            MessageKind::Broadcast
        } else {
            MessageKind::Unicast
        };
        self.events.push_back(NetworkEvent::IncomingMessage {
            kind,
            aps: ApsInfo {
                profile: app.profile,
                cluster: app.cluster,
                src_ep: app.src_endpoint.unwrap_or(0),
                dst_ep: app.dst_endpoint.unwrap_or(0),
                options: u16::from(h.frame_control.0 & 0x60),
                group: app.group.unwrap_or(0),
                sequence: h.counter.unwrap_or(0),
            },
            src_nwk: src,
            src_ieee: Some(src_ieee),
            lqi,
            rssi,
            payload: app.payload.to_vec(),
        });
    }

    /// Builds and sends an APS data frame from the coordinator.
    fn coord_send(
        &mut self,
        at: u64,
        nwk_dst: u16,
        radius: u8,
        header: ApsHeader,
        payload: &[u8],
    ) -> Result<bool, SendError> {
        if payload.len() > MAX_APS_PAYLOAD {
            return Err(SendError::PayloadTooLong {
                len: payload.len(),
                max: MAX_APS_PAYLOAD,
            });
        }
        let ieee = self.coordinator_ieee;
        let f = self.formed.as_mut().ok_or(SendError::NetworkDown)?;
        let aps = air::aps_bytes("APS data", &header, None, payload)?;
        let mac_dst = if nwk_dst >= 0xfff8 { 0xffff } else { nwk_dst };
        let frame = secured_frame(
            "coordinator frame",
            Sender {
                nwk: 0x0000,
                ieee,
                pan: f.params.pan_id,
                seq: &mut self.coord_seq,
                counter: &mut f.security.nwk_frame_counter,
                key: f.security.network_key,
                key_sequence: f.security.key_sequence,
            },
            NwkFrameType::Data,
            mac_dst,
            nwk_dst,
            radius.max(1),
            &aps,
        )?;
        Ok(self.deliver(at, None, mac_dst, frame))
    }

    fn check_up(&self) -> Result<(), SendError> {
        if self.status == NetworkStatus::Joined {
            Ok(())
        } else {
            Err(SendError::NetworkDown)
        }
    }

    /// Sends an APS unicast to `dst`. Returns the APS counter used. [`NetworkEvent::MessageSent`]
    /// follows: after the APS ack when [`ApsInfo::ack_requested`] (or `delivered: false` after
    /// 1.5 s), else after the MAC ack (or `delivered: false` after 1.2 s).
    ///
    /// # Errors
    /// Network down, a broadcast or the coordinator's own address, a payload too long.
    pub fn send_unicast(
        &mut self,
        now: Duration,
        dst: u16,
        aps: ApsInfo,
        payload: &[u8],
        tag: u32,
    ) -> Result<u8, SendError> {
        self.check_up()?;
        if dst == 0x0000 || dst >= 0xfff8 {
            return Err(SendError::InvalidDestination(dst));
        }
        let at = ms(now).max(self.clock);
        let counter = self.coord_seq.aps();
        let mut header = ApsHeader::data(
            DeliveryMode::Unicast,
            aps.dst_ep,
            aps.cluster,
            aps.profile,
            aps.src_ep,
            counter,
        );
        header.frame_control.0 |= u8::try_from(aps.options & APS_OPTION_ACK_REQUEST).unwrap_or(0);
        let acked = self.coord_send(at, dst, 30, header, payload)?;
        let info = ApsInfo {
            sequence: counter,
            group: 0,
            ..aps
        };
        if aps.ack_requested() {
            self.pending_acks.push(PendingAck {
                dst,
                counter,
                tag,
                aps: info,
                payload: payload.to_vec(),
            });
            self.schedule(at + APS_ACK_TIMEOUT_MS, Action::AckTimeout { dst, counter });
        } else {
            let delay = if acked { 4 } else { NO_ROUTE_MS };
            let e = NetworkEvent::MessageSent {
                tag,
                kind: MessageKind::Unicast,
                dst,
                aps: info,
                delivered: acked,
                payload: payload.to_vec(),
            };
            self.schedule(at + delay, Action::Sent(Box::new(e)));
        }
        Ok(counter)
    }

    /// Sends an APS broadcast to `dst` (0xffff all, 0xfffd receivers on, 0xfffc routers).
    /// Returns the APS counter; [`NetworkEvent::MessageSent`] follows once it was sent.
    ///
    /// # Errors
    /// Network down, not a broadcast address, a payload too long.
    pub fn send_broadcast(
        &mut self,
        now: Duration,
        dst: u16,
        radius: u8,
        aps: ApsInfo,
        payload: &[u8],
        tag: u32,
    ) -> Result<u8, SendError> {
        self.check_up()?;
        if !(0xfffc..=0xffff).contains(&dst) {
            return Err(SendError::InvalidDestination(dst));
        }
        let at = ms(now).max(self.clock);
        let counter = self.coord_seq.aps();
        let header = ApsHeader::data(
            DeliveryMode::Broadcast,
            aps.dst_ep,
            aps.cluster,
            aps.profile,
            aps.src_ep,
            counter,
        );
        self.coord_send(at, dst, radius, header, payload)?;
        self.watch_channel_change(at, &aps, payload);
        let e = NetworkEvent::MessageSent {
            tag,
            kind: MessageKind::Broadcast,
            dst,
            aps: ApsInfo {
                sequence: counter,
                options: aps.options & !APS_OPTION_ACK_REQUEST,
                ..aps
            },
            delivered: true,
            payload: payload.to_vec(),
        };
        self.schedule(at + 20, Action::Sent(Box::new(e)));
        Ok(counter)
    }

    /// A Mgmt_NWK_Update_req the coordinator broadcasts with scan duration 0xFE moves the
    /// whole network (coordinator included, devices following) to the one channel of its
    /// mask once the broadcast has spread (Zigbee specification 2.4.3.3.9).
    fn watch_channel_change(&mut self, at: u64, aps: &ApsInfo, payload: &[u8]) {
        use zcl_core::zdp::{MgmtNwkUpdateReq, NwkUpdateAction};
        if aps.profile != 0x0000 || aps.cluster != 0x0038 {
            return;
        }
        let Ok(req) = MgmtNwkUpdateReq::parse(payload) else {
            return;
        };
        let NwkUpdateAction::ChannelChange { nwk_update_id } = req.action else {
            return;
        };
        let mask = req.scan_channels.0 & 0x07FF_F800;
        if mask.count_ones() != 1 {
            return;
        }
        let channel = u8::try_from(mask.trailing_zeros()).unwrap_or(0);
        self.schedule(
            at + CHANNEL_CHANGE_DELAY_MS,
            Action::ChangeChannel {
                channel,
                nwk_update_id,
            },
        );
    }

    /// Sends an APS group frame to `group` (NWK broadcast to 0xfffd). Returns the APS counter;
    /// [`NetworkEvent::MessageSent`] follows once it was sent.
    ///
    /// # Errors
    /// Network down, a payload too long.
    pub fn send_multicast(
        &mut self,
        now: Duration,
        group: u16,
        radius: u8,
        aps: ApsInfo,
        payload: &[u8],
        tag: u32,
    ) -> Result<u8, SendError> {
        self.check_up()?;
        let at = ms(now).max(self.clock);
        let counter = self.coord_seq.aps();
        let mut header = ApsHeader::data(
            DeliveryMode::Group,
            0,
            aps.cluster,
            aps.profile,
            aps.src_ep,
            counter,
        );
        header.dst_endpoint = None;
        header.group = Some(group);
        self.coord_send(at, 0xfffd, radius, header, payload)?;
        let e = NetworkEvent::MessageSent {
            tag,
            kind: MessageKind::Multicast,
            dst: group,
            aps: ApsInfo {
                sequence: counter,
                group,
                options: aps.options & !APS_OPTION_ACK_REQUEST,
                ..aps
            },
            delivered: true,
            payload: payload.to_vec(),
        };
        self.schedule(at + 20, Action::Sent(Box::new(e)));
        Ok(counter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_join() -> (Vec<NetworkEvent>, Vec<Vec<u8>>, Network) {
        let mut net = Network::new(NetworkConfig::default());
        let air = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let a = air.clone();
        net.set_air_sink(Some(Box::new(
            move |f: &super::super::air::AirFrame<'_>| {
                a.lock().unwrap().push(f.bytes.to_vec());
            },
        )));
        net.form(NetworkParams::default(), SecurityParams::new([3; 16]))
            .unwrap();
        net.permit_join(254, Duration::ZERO).unwrap();
        let mut events = Vec::new();
        for i in 1..=400 {
            events.extend(net.tick(Duration::from_millis(i * 20)));
        }
        let frames = air.lock().unwrap().clone();
        (events, frames, net)
    }

    #[test]
    fn joining_is_deterministic() {
        let (e1, f1, n1) = run_join();
        let (e2, f2, _) = run_join();
        assert_eq!(e1, e2);
        assert_eq!(f1, f2);
        assert_eq!(n1.children().len(), 3);
        // Counters moved: three Transport Keys, three Device_annce frames received.
        assert_eq!(n1.security().unwrap().aps_frame_counter, 3);
        assert!(n1
            .children()
            .iter()
            .all(|c| c.incoming_frame_counter == Some(0)));
    }

    #[test]
    fn permit_join_closes_and_refuses_without_network() {
        let mut net = Network::new(NetworkConfig::default());
        assert_eq!(
            net.permit_join(10, Duration::ZERO),
            Err(NetworkError::NoNetwork)
        );
        net.form(NetworkParams::default(), SecurityParams::new([3; 16]))
            .unwrap();
        net.permit_join(10, Duration::ZERO).unwrap();
        assert!(net.permit_join_open(Duration::from_secs(9)));
        assert!(!net.permit_join_open(Duration::from_secs(10)));
        net.permit_join(0, Duration::ZERO).unwrap();
        assert!(!net.permit_join_open(Duration::from_secs(1)));
        // Closed at once: nobody joins.
        for i in 1..=100 {
            net.tick(Duration::from_millis(i * 50));
        }
        assert!(net.children().is_empty());
    }

    #[test]
    fn saved_counters_have_a_margin() {
        let (_, _, net) = run_join();
        let s = net.save();
        let live = net.security().unwrap();
        let saved = s.network.unwrap().security;
        assert_eq!(
            saved.nwk_frame_counter,
            live.nwk_frame_counter + FRAME_COUNTER_MARGIN
        );
        let m = s.devices[0].membership.unwrap();
        assert!(m.nwk_frame_counter > FRAME_COUNTER_MARGIN);
    }

    #[test]
    fn addresses_are_unique_and_valid() {
        let (_, _, net) = run_join();
        let mut a: Vec<u16> = net.children().iter().map(|c| c.nwk).collect();
        assert!(a.iter().all(|n| *n != 0 && *n < 0xfff8));
        a.sort_unstable();
        a.dedup();
        assert_eq!(a.len(), 3);
    }
}
