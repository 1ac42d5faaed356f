//! The simulated devices: their identities ([`DeviceSpec`]) and their application, which runs on
//! zcl-clusters' device runtime ([`zcl_clusters::runtime::Device`]) with the ready cluster
//! servers; nothing here answers ZCL by hand.
//!
//! # Owning a borrowed runtime
//!
//! The runtime is `no_std` and allocation-free: a `Device<'a>` borrows its endpoints, which borrow
//! their servers, so it cannot live in a struct next to the servers it borrows (that would be
//! self-referential, which safe Rust does not allow), and rebuilding a `Device` for each call
//! would lose its reporting table. Each simulated device therefore runs in a thread of its own
//! whose stack owns the servers, the endpoints and the `Device` for the device's whole life,
//! exactly as on a microcontroller. The network talks to it by synchronous request and reply
//! ([`Runtime`]): one request at a time, answered before the next, so the simulation stays
//! deterministic. Dropping the [`Runtime`] closes the channel and joins the thread, so nothing
//! leaks.

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::JoinHandle;

use serde::{Deserialize, Serialize};
use zcl_clusters::meta::{AttributeMeta, ClusterMeta};
use zcl_clusters::runtime::{
    ApsIndication, AttrValue, ClusterServer, Context, Destination, Device, Endpoint, Outbox,
    Status, Storage, StorageKey, TxInfo, MAX_FRAME, PROFILE_HOME_AUTOMATION,
};
use zcl_clusters::servers::{
    self, BasicInfo, BasicServer, GroupsServer, IdentifyServer, LevelServer, OnOffServer,
    ScenesServer,
};

use crate::sniff::security::{Key, ZIGBEE_ALLIANCE_09};

/// Cluster ids used by the simulated devices.
pub mod clusters {
    /// Basic.
    pub const BASIC: u16 = 0x0000;
    /// Power Configuration.
    pub const POWER_CONFIGURATION: u16 = 0x0001;
    /// Identify.
    pub const IDENTIFY: u16 = 0x0003;
    /// Groups.
    pub const GROUPS: u16 = 0x0004;
    /// Scenes.
    pub const SCENES: u16 = 0x0005;
    /// On/Off.
    pub const ON_OFF: u16 = 0x0006;
    /// Level Control.
    pub const LEVEL_CONTROL: u16 = 0x0008;
    /// OTA Upgrade (client on the light).
    pub const OTA_UPGRADE: u16 = 0x0019;
    /// Temperature Measurement.
    pub const TEMPERATURE: u16 = 0x0402;
    /// Relative Humidity Measurement.
    pub const HUMIDITY: u16 = 0x0405;
    /// Metering.
    pub const METERING: u16 = 0x0702;
    /// Electrical Measurement.
    pub const ELECTRICAL_MEASUREMENT: u16 = 0x0b04;
}

/// Manufacturer code the simulated devices put in their node descriptors.
pub const MANUFACTURER_CODE: u16 = 0x1234;

/// Which simulated product a device is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceKind {
    /// Dimmable light (HA device 0x0101), a router: Basic, Identify, Groups, Scenes, On/Off,
    /// Level Control.
    DimmableLight,
    /// Temperature and humidity sensor (HA device 0x0302), an end device: Basic, Power
    /// Configuration, Identify, Temperature Measurement, Relative Humidity Measurement.
    TemperatureHumiditySensor,
    /// Smart plug with metering (HA device 0x0051), a router: Basic, Identify, Groups, On/Off,
    /// Metering, Electrical Measurement.
    MeteringPlug,
}

/// The Zigbee logical type of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeType {
    /// The coordinator (always the trust center here).
    Coordinator,
    /// A router.
    Router,
    /// An end device whose receiver is on when idle.
    EndDevice,
    /// An end device that sleeps and polls its parent.
    SleepyEndDevice,
}

/// A simulated device's fixed identity: what it is, its IEEE address and the trust-center link
/// key it was built with (the default "ZigBeeAlliance09", or an install-code key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceSpec {
    /// The product.
    pub kind: DeviceKind,
    /// IEEE address.
    #[serde(with = "super::state::hex_u64")]
    pub ieee: u64,
    /// The preconfigured trust-center link key.
    #[serde(with = "super::state::hex_key")]
    pub link_key: Key,
}

impl DeviceSpec {
    /// A device of `kind` at `ieee` with the default trust-center link key.
    pub fn new(kind: DeviceKind, ieee: u64) -> Self {
        DeviceSpec {
            kind,
            ieee,
            link_key: ZIGBEE_ALLIANCE_09,
        }
    }

    /// The same device preconfigured with another link key (an install-code key, or a wrong
    /// one).
    #[must_use]
    pub fn with_link_key(mut self, key: Key) -> Self {
        self.link_key = key;
        self
    }

    /// The three standard devices of the simulated network: light, sensor, plug.
    pub fn standard() -> Vec<DeviceSpec> {
        vec![
            DeviceSpec::new(DeviceKind::DimmableLight, LIGHT_IEEE),
            DeviceSpec::new(DeviceKind::TemperatureHumiditySensor, SENSOR_IEEE),
            DeviceSpec::new(DeviceKind::MeteringPlug, PLUG_IEEE),
        ]
    }

    /// Its logical type.
    pub fn node_type(&self) -> NodeType {
        match self.kind {
            DeviceKind::DimmableLight | DeviceKind::MeteringPlug => NodeType::Router,
            DeviceKind::TemperatureHumiditySensor => NodeType::EndDevice,
        }
    }

    /// MAC capability information of its association request (802.15.4 7.3.1.2): routers are
    /// FFDs on mains with the receiver on; the sensor is a battery end device that keeps its
    /// receiver on. Every device asks for an address.
    pub fn capability(&self) -> u8 {
        match self.node_type() {
            NodeType::Router | NodeType::Coordinator => 0x8e,
            NodeType::EndDevice => 0x88,
            NodeType::SleepyEndDevice => 0x80,
        }
    }

    /// Whether its receiver is on when idle (it gets 0xfffd broadcasts).
    pub fn rx_on_when_idle(&self) -> bool {
        self.capability() & 0x08 != 0
    }

    /// Manufacturer name in its Basic cluster.
    pub fn manufacturer(&self) -> &'static str {
        basic_info(self.kind).manufacturer_name
    }

    /// Model identifier in its Basic cluster.
    pub fn model(&self) -> &'static str {
        basic_info(self.kind).model_identifier
    }

    /// Whether it is mains powered.
    pub fn mains_powered(&self) -> bool {
        self.capability() & 0x04 != 0
    }

    /// Signal strength (dBm) and link quality the coordinator sees from it.
    pub fn link(&self) -> (i8, u8) {
        match self.kind {
            DeviceKind::DimmableLight => (-48, 232),
            DeviceKind::TemperatureHumiditySensor => (-67, 188),
            DeviceKind::MeteringPlug => (-55, 212),
        }
    }
}

/// IEEE address of the standard light.
pub const LIGHT_IEEE: u64 = 0x0017_8801_0a1b_2c01;
/// IEEE address of the standard sensor.
pub const SENSOR_IEEE: u64 = 0x0015_8d00_045e_6f02;
/// IEEE address of the standard plug.
pub const PLUG_IEEE: u64 = 0x000d_6f00_1a2b_3c03;

const LIGHT_INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 3,
    stack_version: 2,
    hw_version: 1,
    manufacturer_name: "zcl-rs",
    model_identifier: "SIM-LIGHT-DIM",
    date_code: "20240601",
    power_source: 0x01,
    sw_build_id: "1.2.0",
};

const SENSOR_INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 2,
    stack_version: 2,
    hw_version: 1,
    manufacturer_name: "zcl-rs",
    model_identifier: "SIM-TH-SENSOR",
    date_code: "20240415",
    power_source: 0x03,
    sw_build_id: "0.9.4",
};

const PLUG_INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 5,
    stack_version: 2,
    hw_version: 2,
    manufacturer_name: "zcl-rs",
    model_identifier: "SIM-PLUG-METER",
    date_code: "20240510",
    power_source: 0x01,
    sw_build_id: "2.0.1",
};

fn basic_info(kind: DeviceKind) -> BasicInfo {
    match kind {
        DeviceKind::DimmableLight => LIGHT_INFO,
        DeviceKind::TemperatureHumiditySensor => SENSOR_INFO,
        DeviceKind::MeteringPlug => PLUG_INFO,
    }
}

/// A relay/LED that is not there: the On/Off server's output pin.
struct NoPin;

impl embedded_hal::digital::ErrorType for NoPin {
    type Error = core::convert::Infallible;
}

impl embedded_hal::digital::OutputPin for NoPin {
    fn set_low(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// A dimmer that is not there: the Level Control server's PWM (1000 steps).
struct NoPwm;

impl embedded_hal::pwm::ErrorType for NoPwm {
    type Error = core::convert::Infallible;
}

impl embedded_hal::pwm::SetDutyCycle for NoPwm {
    fn max_duty_cycle(&self) -> u16 {
        1000
    }
    fn set_duty_cycle(&mut self, _duty: u16) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// A server holding fixed values for a few attributes of a cluster (Power Configuration);
/// the application changes them through `Device::set_attribute`.
struct Values {
    meta: &'static ClusterMeta,
    values: Vec<(u16, u64)>,
}

impl ClusterServer for Values {
    fn meta(&self) -> &'static ClusterMeta {
        self.meta
    }
    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        self.values
            .iter()
            .find(|(id, _)| *id == attr.id)
            .map(|(_, v)| AttrValue::Raw(*v))
    }
    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidDataType)?;
        let slot = self
            .values
            .iter_mut()
            .find(|(id, _)| *id == attr.id)
            .ok_or(Status::UnsupportedAttribute)?;
        slot.1 = v;
        Ok(())
    }
}

/// Metering server (ZCL 10.4) of the plug: electricity in kWh shown with 3 decimals, so
/// CurrentSummationDelivered counts Wh and InstantaneousDemand W. The load draws power while
/// the On/Off server of the endpoint is on; the summation integrates it.
struct Meter {
    summation_wh: u64,
    demand_w: u32,
    /// Energy not yet counted, in W·ms.
    remainder_wms: u64,
    last: Option<u32>,
}

/// W·ms in one Wh.
const WMS_PER_WH: u64 = 3_600_000;

impl ClusterServer for Meter {
    fn meta(&self) -> &'static ClusterMeta {
        &zcl_clusters::clusters::metering::META
    }
    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            0x0000 => self.summation_wh,
            0x0200 => 0,    // status: no alarms
            0x0300 => 0,    // unit of measure: kWh
            0x0301 => 1,    // multiplier
            0x0302 => 1000, // divisor
            0x0303 => 0x2b, // summation formatting: 5 digits left, 3 right
            0x0304 => 0x2b, // demand formatting
            0x0306 => 0,    // metering device type: electric
            0x0400 => self.demand_w.into(),
            _ => return None,
        }))
    }
    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidDataType)?;
        match attr.id {
            0x0000 => self.summation_wh = v,
            _ => return Err(Status::ReadOnly),
        }
        Ok(())
    }
    fn persistent(&self, attr: u16) -> bool {
        attr == 0x0000
    }
    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        let on = cx.peers.read_raw(clusters::ON_OFF, 0x0000).unwrap_or(0) != 0;
        let elapsed = self.last.map_or(0, |l| cx.now.wrapping_sub(l));
        self.last = Some(cx.now);
        self.remainder_wms = self
            .remainder_wms
            .saturating_add(u64::from(self.demand_w).saturating_mul(u64::from(elapsed)));
        self.summation_wh = self
            .summation_wh
            .saturating_add(self.remainder_wms / WMS_PER_WH);
        self.remainder_wms %= WMS_PER_WH;
        // A load of about 60 W that wanders by a few watts every ten seconds.
        self.demand_w = if on { 58 + (cx.now / 10_000) % 5 } else { 0 };
    }
}

/// Electrical Measurement server (ZCL 4.9) of the plug: RMS voltage (V), current (mA) and
/// active power (W) of phase A, power taken from the Metering server of the endpoint.
struct PowerMonitor {
    power_w: u16,
    voltage_v: u16,
    current_ma: u16,
}

impl ClusterServer for PowerMonitor {
    fn meta(&self) -> &'static ClusterMeta {
        &zcl_clusters::clusters::electrical_measurement::META
    }
    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            0x0000 => 0x0000_0009, // measurement type: active AC, phase A
            0x0505 => self.voltage_v.into(),
            0x0508 => self.current_ma.into(),
            0x050b => self.power_w.into(),
            0x0600 | 0x0601 | 0x0602 | 0x0604 | 0x0605 => 1,
            0x0603 => 1000,
            _ => return None,
        }))
    }
    fn write(&mut self, _attr: &AttributeMeta, _value: AttrValue<'_>) -> Result<(), Status> {
        Err(Status::ReadOnly)
    }
    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        let power = cx
            .peers
            .read_raw(clusters::METERING, 0x0400)
            .unwrap_or(0)
            .min(0x7fff);
        self.power_w = u16::try_from(power).unwrap_or(0);
        // Mains wanders between 229 and 232 V.
        self.voltage_v = 229 + u16::try_from((cx.now / 7_000) % 4).unwrap_or(0);
        let ma = u32::from(self.power_w) * 1000 / u32::from(self.voltage_v.max(1));
        self.current_ma = u16::try_from(ma).unwrap_or(u16::MAX);
    }
}

/// Persistent attribute values of a device: (endpoint, cluster, attribute) to the attribute's
/// wire encoding.
pub type StoredAttributes = BTreeMap<(u8, u16, u16), Vec<u8>>;

/// The runtime's storage hook over [`StoredAttributes`].
struct MapStorage(StoredAttributes);

impl Storage for MapStorage {
    fn load(&mut self, key: StorageKey, buf: &mut [u8]) -> Option<usize> {
        if key.manufacturer.is_some() {
            return None;
        }
        let v = self.0.get(&(key.endpoint, key.cluster, key.attribute))?;
        buf.get_mut(..v.len())?.copy_from_slice(v);
        Some(v.len())
    }
    fn save(&mut self, key: StorageKey, value: &[u8]) {
        if key.manufacturer.is_none() {
            self.0
                .insert((key.endpoint, key.cluster, key.attribute), value.to_vec());
        }
    }
}

/// One frame the application sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutFrame {
    pub tx: TxInfo,
    pub payload: Vec<u8>,
}

/// An [`Outbox`] that collects frames into a vector.
struct VecOutbox {
    buf: [u8; MAX_FRAME],
    frames: Vec<OutFrame>,
}

impl VecOutbox {
    fn new() -> Self {
        VecOutbox {
            buf: [0; MAX_FRAME],
            frames: Vec::new(),
        }
    }
}

impl Outbox for VecOutbox {
    fn buffer(&mut self) -> Option<&mut [u8]> {
        Some(&mut self.buf)
    }
    fn commit(&mut self, tx: TxInfo, len: usize) {
        self.frames.push(OutFrame {
            tx,
            payload: self.buf.get(..len).unwrap_or_default().to_vec(),
        });
    }
}

/// An endpoint's simple descriptor, read from the runtime when the device starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointInfo {
    /// Endpoint number.
    pub id: u8,
    /// Application profile.
    pub profile: u16,
    /// Application device id.
    pub device_id: u16,
    /// Device version.
    pub device_version: u8,
    /// Server (input) clusters.
    pub servers: Vec<u16>,
    /// Client (output) clusters.
    pub clients: Vec<u16>,
}

/// An incoming APS data indication for the runtime, owned.
#[derive(Debug, Clone)]
pub(crate) struct Indication {
    pub src_addr: u16,
    pub src_endpoint: u8,
    pub dst: Destination,
    pub profile: u16,
    pub cluster: u16,
    pub payload: Vec<u8>,
    pub broadcast: bool,
}

enum Request {
    Handle(Indication),
    Tick(u32),
    Set {
        endpoint: u8,
        cluster: u16,
        attribute: u16,
        raw: u64,
    },
    Get {
        endpoint: u8,
        cluster: u16,
        attribute: u16,
    },
    Save,
}

enum Reply {
    Started(Vec<EndpointInfo>),
    Frames(Vec<OutFrame>),
    Value(Option<u64>),
    Saved(StoredAttributes),
}

/// A handle on a device application running in its own thread (see the module docs).
pub(crate) struct Runtime {
    requests: Option<Sender<Request>>,
    replies: Receiver<Reply>,
    thread: Option<JoinHandle<()>>,
    endpoints: Vec<EndpointInfo>,
}

impl core::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Runtime")
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// Starts the application of `kind` with persistent attributes `stored`.
    pub(crate) fn start(kind: DeviceKind, stored: StoredAttributes) -> Runtime {
        let (req_tx, req_rx) = channel();
        let (rep_tx, rep_rx) = channel();
        let thread = std::thread::Builder::new()
            .name(format!("sim-{kind:?}"))
            .spawn(move || run(kind, MapStorage(stored), &req_rx, &rep_tx))
            .ok();
        let mut rt = Runtime {
            requests: Some(req_tx),
            replies: rep_rx,
            thread,
            endpoints: Vec::new(),
        };
        if rt.thread.is_some() {
            if let Ok(Reply::Started(eps)) = rt.replies.recv() {
                rt.endpoints = eps;
            }
        }
        rt
    }

    fn call(&self, req: Request) -> Option<Reply> {
        self.requests.as_ref()?.send(req).ok()?;
        self.replies.recv().ok()
    }

    fn frames(&self, req: Request) -> Vec<OutFrame> {
        match self.call(req) {
            Some(Reply::Frames(f)) => f,
            _ => Vec::new(),
        }
    }

    /// The endpoints (simple descriptors).
    pub(crate) fn endpoints(&self) -> &[EndpointInfo] {
        &self.endpoints
    }

    /// Hands a ZCL frame to the application; returns what it sends.
    pub(crate) fn handle(&self, ind: Indication) -> Vec<OutFrame> {
        self.frames(Request::Handle(ind))
    }

    /// Advances the application's clock (milliseconds, wrapping).
    pub(crate) fn tick(&self, now_ms: u32) -> Vec<OutFrame> {
        self.frames(Request::Tick(now_ms))
    }

    /// Sets an attribute as the application (a new reading); returns reports it caused.
    pub(crate) fn set(
        &self,
        endpoint: u8,
        cluster: u16,
        attribute: u16,
        raw: u64,
    ) -> Vec<OutFrame> {
        self.frames(Request::Set {
            endpoint,
            cluster,
            attribute,
            raw,
        })
    }

    /// Reads a fixed-size attribute as raw bits.
    pub(crate) fn get(&self, endpoint: u8, cluster: u16, attribute: u16) -> Option<u64> {
        match self.call(Request::Get {
            endpoint,
            cluster,
            attribute,
        }) {
            Some(Reply::Value(v)) => v,
            _ => None,
        }
    }

    /// The persistent attributes now.
    pub(crate) fn save(&self) -> StoredAttributes {
        match self.call(Request::Save) {
            Some(Reply::Saved(s)) => s,
            _ => StoredAttributes::new(),
        }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        // Closing the request channel ends the thread's loop.
        self.requests = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(kind: DeviceKind, mut storage: MapStorage, rx: &Receiver<Request>, tx: &Sender<Reply>) {
    let info = basic_info(kind);
    match kind {
        DeviceKind::DimmableLight => {
            let mut basic = BasicServer::new(info);
            let mut identify = IdentifyServer::new(());
            let mut groups = GroupsServer::<8>::new();
            let mut scenes = ScenesServer::<8, 16>::new();
            let mut on_off = OnOffServer::new(NoPin);
            let mut level = LevelServer::new(NoPwm);
            let mut servers: [&mut dyn ClusterServer; 6] = [
                &mut basic,
                &mut identify,
                &mut groups,
                &mut scenes,
                &mut on_off,
                &mut level,
            ];
            let mut endpoints = [Endpoint::new(
                1,
                PROFILE_HOME_AUTOMATION,
                0x0101,
                1,
                &mut servers,
                &[clusters::OTA_UPGRADE],
            )];
            let mut device: Device<'_, 8> = Device::new(&mut endpoints);
            serve(&mut device, &mut storage, rx, tx);
        }
        DeviceKind::TemperatureHumiditySensor => {
            let mut basic = BasicServer::new(info);
            let mut power = Values {
                meta: &zcl_clusters::clusters::power_configuration::META,
                // 3.0 V, 100 % (the percentage counts half percents).
                values: vec![(0x0020, 30), (0x0021, 200)],
            };
            let mut identify = IdentifyServer::new(());
            let mut temperature = servers::temperature(-4000, 8500, 2150);
            let mut humidity = servers::humidity(0, 10_000, 4500);
            let mut servers: [&mut dyn ClusterServer; 5] = [
                &mut basic,
                &mut power,
                &mut identify,
                &mut temperature,
                &mut humidity,
            ];
            let mut endpoints = [Endpoint::new(
                1,
                PROFILE_HOME_AUTOMATION,
                0x0302,
                1,
                &mut servers,
                &[clusters::OTA_UPGRADE],
            )];
            let mut device: Device<'_, 8> = Device::new(&mut endpoints);
            serve(&mut device, &mut storage, rx, tx);
        }
        DeviceKind::MeteringPlug => {
            let mut basic = BasicServer::new(info);
            let mut identify = IdentifyServer::new(());
            let mut groups = GroupsServer::<8>::new();
            let mut on_off = OnOffServer::new(NoPin);
            let mut meter = Meter {
                summation_wh: 12_345,
                demand_w: 0,
                remainder_wms: 0,
                last: None,
            };
            let mut monitor = PowerMonitor {
                power_w: 0,
                voltage_v: 230,
                current_ma: 0,
            };
            let mut servers: [&mut dyn ClusterServer; 6] = [
                &mut basic,
                &mut identify,
                &mut groups,
                &mut on_off,
                &mut meter,
                &mut monitor,
            ];
            let mut endpoints = [Endpoint::new(
                1,
                PROFILE_HOME_AUTOMATION,
                0x0051,
                1,
                &mut servers,
                &[clusters::OTA_UPGRADE],
            )];
            let mut device: Device<'_, 8> = Device::new(&mut endpoints);
            serve(&mut device, &mut storage, rx, tx);
        }
    }
}

/// The device thread's loop: one reply per request until the channel closes.
fn serve<const R: usize>(
    device: &mut Device<'_, R>,
    storage: &mut MapStorage,
    rx: &Receiver<Request>,
    tx: &Sender<Reply>,
) {
    device.restore(storage);
    let info = device
        .endpoints()
        .iter()
        .map(|e| EndpointInfo {
            id: e.id,
            profile: e.profile,
            device_id: e.device_id,
            device_version: e.device_version,
            servers: e.server_clusters().collect(),
            clients: e.client_clusters.to_vec(),
        })
        .collect();
    if tx.send(Reply::Started(info)).is_err() {
        return;
    }
    while let Ok(req) = rx.recv() {
        let reply = match req {
            Request::Handle(ind) => {
                let mut out = VecOutbox::new();
                device.handle(
                    &ApsIndication {
                        src_addr: ind.src_addr,
                        src_endpoint: ind.src_endpoint,
                        dst: ind.dst,
                        profile: ind.profile,
                        cluster: ind.cluster,
                        payload: &ind.payload,
                        broadcast: ind.broadcast,
                    },
                    &mut out,
                );
                Reply::Frames(out.frames)
            }
            Request::Tick(now) => {
                let mut out = VecOutbox::new();
                device.tick(now, &mut out);
                Reply::Frames(out.frames)
            }
            Request::Set {
                endpoint,
                cluster,
                attribute,
                raw,
            } => {
                let mut out = VecOutbox::new();
                // A reading the server refuses is dropped, as a sensor driver would.
                let _ = device.set_attribute(
                    endpoint,
                    cluster,
                    attribute,
                    AttrValue::Raw(raw),
                    &mut out,
                );
                Reply::Frames(out.frames)
            }
            Request::Get {
                endpoint,
                cluster,
                attribute,
            } => Reply::Value(
                device
                    .attribute(endpoint, cluster, attribute)
                    .and_then(|v| v.raw()),
            ),
            Request::Save => {
                device.save(storage);
                Reply::Saved(storage.0.clone())
            }
        };
        if tx.send(reply).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cluster: u16, payload: &[u8]) -> Indication {
        Indication {
            src_addr: 0,
            src_endpoint: 1,
            dst: Destination::Endpoint(1),
            profile: PROFILE_HOME_AUTOMATION,
            cluster,
            payload: payload.to_vec(),
            broadcast: false,
        }
    }

    #[test]
    fn light_runtime_answers_and_persists() {
        let rt = Runtime::start(DeviceKind::DimmableLight, StoredAttributes::new());
        assert_eq!(rt.endpoints().len(), 1);
        assert_eq!(rt.endpoints()[0].servers, vec![0, 3, 4, 5, 6, 8]);
        // Toggle: Default Response success.
        let out = rt.handle(read(clusters::ON_OFF, &[0x01, 0x02, 0x02]));
        assert_eq!(out[0].payload, vec![0x18, 0x02, 0x0b, 0x02, 0x00]);
        assert_eq!(rt.get(1, clusters::ON_OFF, 0), Some(1));
        let saved = rt.save();
        assert_eq!(saved.get(&(1, clusters::ON_OFF, 0)), Some(&vec![1]));
        drop(rt);
        let rt = Runtime::start(DeviceKind::DimmableLight, saved);
        assert_eq!(rt.get(1, clusters::ON_OFF, 0), Some(1), "restored on");
    }

    #[test]
    fn plug_meters_while_on() {
        let rt = Runtime::start(DeviceKind::MeteringPlug, StoredAttributes::new());
        rt.handle(read(clusters::ON_OFF, &[0x01, 0x01, 0x01]));
        rt.tick(0);
        rt.tick(1_000);
        assert_eq!(rt.get(1, clusters::METERING, 0x0400), Some(58));
        rt.tick(3_600_000);
        let wh = rt.get(1, clusters::METERING, 0x0000).unwrap();
        assert!(wh > 12_345 + 50, "{wh}");
        let p = rt.get(1, clusters::ELECTRICAL_MEASUREMENT, 0x050b).unwrap();
        assert!((58..=62).contains(&p), "{p}");
        assert!(rt.get(1, clusters::ELECTRICAL_MEASUREMENT, 0x0508).unwrap() > 200);
    }
}
