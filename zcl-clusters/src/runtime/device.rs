//! The device: dispatch of incoming frames to endpoints and servers, the foundation (global)
//! commands answered from the metadata (ZCL 2.5), the Default Response rules and reporting.

use super::endpoint::Endpoint;
use super::io::{Address, ApsIndication, Destination, Outbox, TxInfo, MAX_FRAME};
use super::server::{ClusterServer, Context, Outcome, Peers, Requests, Source};
use super::storage::{Storage, StorageKey};
use super::value::TypedValue;
use super::value::{is_storable, AttrValue};
use super::Status;
use crate::meta::{Access, AttributeMeta};
use zcl_core::foundation::{
    AttributeAccessControl, AttributeRecordOf, AttributeReportingConfigurationRecordOf,
    AttributeStatusRecord, ConfigureReporting, DefaultResponse, DiscoverAttributes,
    DiscoverCommands, DiscoveredAttribute, DiscoveredAttributeExtended, GlobalCommandId as G,
    ReadAttributeStatusRecordOf, ReadAttributes, ReadReportingConfiguration, Record,
    ReportingConfigurationStatusRecordOf, ReportingDirection, ReportingParametersOf,
    WriteAttributeStatusRecord, WriteAttributes,
};
use zcl_core::value::AttributeValue;
use zcl_core::{
    DataType, DecodeError, Direction, Frame, FrameControl, FrameType, Header, Reader, Writer,
};

/// Default limit on the length of a ZCL frame the device sends (header and payload): what fits
/// in one APS frame with APS security and no fragmentation.
pub const DEFAULT_MAX_FRAME: usize = 82;

/// An application rule deciding whether `source` may write an attribute; a refusal gives
/// NOT_AUTHORIZED (ZCL 2.5.3.3). Arguments: source, endpoint, cluster, attribute.
pub type WritePolicy = fn(Source, u8, u16, u16) -> bool;

/// The Scenes cluster, told when scene attributes change.
const SCENES: u16 = crate::clusters::scenes::ID;

/// One reporting configuration (ZCL 2.5.7): direction 0 means this device reports the
/// attribute, direction 1 that it expects reports of it with a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReportConfig {
    /// Endpoint.
    pub endpoint: u8,
    /// Cluster id.
    pub cluster: u16,
    /// Manufacturer code of the configuring frame.
    pub manufacturer: Option<u16>,
    /// Attribute id.
    pub attribute: u16,
    /// 0x00 reported by us, 0x01 expected from the peer.
    pub direction: u8,
    /// Attribute data type.
    pub data_type: DataType,
    /// Minimum reporting interval in seconds.
    pub min_interval: u16,
    /// Maximum reporting interval in seconds (0: no periodic reports).
    pub max_interval: u16,
    /// Reportable change (raw bits in the attribute's type; analog types only).
    pub reportable_change: u64,
    /// Timeout period in seconds (direction 1).
    pub timeout: u16,
    /// Where reports go: the address that configured them.
    pub dst_addr: u16,
    /// Endpoint reports go to.
    pub dst_endpoint: u8,
    last: Option<u64>,
    last_time: u32,
}

#[derive(Clone, Copy)]
enum Reply {
    Global(G),
    Cluster(u8),
    Default(Status),
    Nothing,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WriteMode {
    Normal,
    Undivided,
    NoResponse,
}

/// A Zigbee device: endpoints with cluster servers, and a reporting table of `R` entries.
pub struct Device<'a, const R: usize> {
    endpoints: &'a mut [Endpoint<'a>],
    reports: heapless::Vec<ReportConfig, R>,
    max_frame: usize,
    tsn: u8,
    now: u32,
    write_policy: Option<WritePolicy>,
}

/// The attribute `id` of a server for a frame with manufacturer code `mfr`: standard attributes
/// for standard frames, that manufacturer's attributes for manufacturer-specific ones.
fn attr_meta(
    server: &dyn ClusterServer,
    id: u16,
    mfr: Option<u16>,
) -> Option<&'static AttributeMeta> {
    let meta = server.meta();
    let attrs: &'static [AttributeMeta] = meta.attributes;
    attrs.iter().find(|a| {
        a.id == id
            && (a.manufacturer == mfr || (a.manufacturer.is_none() && meta.manufacturer.is_some()))
    })
}

/// The implemented attribute `id` and its value.
fn lookup<'s>(
    server: &'s dyn ClusterServer,
    id: u16,
    mfr: Option<u16>,
) -> Option<(&'static AttributeMeta, AttrValue<'s>)> {
    let m = attr_meta(server, id, mfr)?;
    Some((m, server.read(m)?))
}

/// A stable fingerprint of a value for change detection.
fn fingerprint(v: &AttrValue<'_>) -> u64 {
    match v {
        AttrValue::Raw(r) => *r,
        AttrValue::Bytes(None) => u64::MAX,
        // FNV-1a: strings are compared by hash to avoid storing them.
        AttrValue::Bytes(Some(s)) => s.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        }),
    }
}

fn malformed(_: DecodeError) -> Status {
    Status::MalformedCommand
}

fn split<'s, 'a>(
    servers: &'s mut [&'a mut dyn ClusterServer],
    i: usize,
) -> Option<(&'s mut (dyn ClusterServer + 'a), Peers<'s, 'a>)> {
    let (before, rest) = servers.split_at_mut_checked(i)?;
    let (cur, after) = rest.split_first_mut()?;
    Some((&mut **cur, Peers { before, after }))
}

/// Writes a frame header and payload into the outbox (inlined into its one caller, where it
/// now costs less than the call).
fn send(out: &mut dyn Outbox, tx: TxInfo, header: &Header, payload: &[u8], limit: usize) {
    let Some(buf) = out.buffer() else { return };
    let end = buf.len().min(limit);
    let mut w = Writer::new(buf.get_mut(..end).unwrap_or(&mut []));
    if header.emit_to(&mut w).is_ok() && w.bytes(payload).is_ok() {
        let len = w.len();
        out.commit(tx, len);
    }
}

impl<'a, const R: usize> Device<'a, R> {
    /// A device with these endpoints, the default frame limit, time 0.
    pub fn new(endpoints: &'a mut [Endpoint<'a>]) -> Self {
        Device {
            endpoints,
            reports: heapless::Vec::new(),
            max_frame: DEFAULT_MAX_FRAME,
            tsn: 0,
            now: 0,
            write_policy: None,
        }
    }

    /// Sets the largest ZCL frame the device sends (at most [`MAX_FRAME`]).
    pub fn set_max_frame(&mut self, len: usize) {
        self.max_frame = len.min(MAX_FRAME);
    }

    /// Sets the rule that decides NOT_AUTHORIZED for writes.
    pub fn set_write_policy(&mut self, policy: Option<WritePolicy>) {
        self.write_policy = policy;
    }

    /// Current time in milliseconds.
    pub fn now(&self) -> u32 {
        self.now
    }

    /// The endpoints.
    pub fn endpoints(&self) -> &[Endpoint<'a>] {
        self.endpoints
    }

    /// The reporting configurations.
    pub fn report_configs(&self) -> &[ReportConfig] {
        &self.reports
    }

    /// The standard server for `cluster` on `endpoint`.
    pub fn server(&mut self, endpoint: u8, cluster: u16) -> Option<&mut (dyn ClusterServer + 'a)> {
        let ep = self.endpoints.iter_mut().find(|e| e.id == endpoint)?;
        ep.servers
            .iter_mut()
            .find(|s| s.meta().id == cluster && s.meta().manufacturer.is_none())
            .map(|s| &mut **s)
    }

    /// Reads an attribute of a standard server.
    pub fn attribute(&self, endpoint: u8, cluster: u16, attr: u16) -> Option<AttrValue<'_>> {
        let ep = self.endpoints.iter().find(|e| e.id == endpoint)?;
        let s = ep
            .servers
            .iter()
            .find(|s| s.meta().id == cluster && s.meta().manufacturer.is_none())?;
        lookup(&**s, attr, None).map(|(_, v)| v)
    }

    /// Sets an attribute from the application (a new sensor reading) and sends any report the
    /// change makes due.
    ///
    /// # Errors
    /// [`Status::UnsupportedCluster`], [`Status::UnsupportedAttribute`], or the server's refusal.
    pub fn set_attribute(
        &mut self,
        endpoint: u8,
        cluster: u16,
        attr: u16,
        value: AttrValue<'_>,
        out: &mut dyn Outbox,
    ) -> Result<(), Status> {
        let now = self.now;
        let ep = self
            .endpoints
            .iter_mut()
            .find(|e| e.id == endpoint)
            .ok_or(Status::UnsupportedCluster)?;
        let before = scene_state(ep.servers);
        let s = ep
            .servers
            .iter_mut()
            .find(|s| s.meta().id == cluster && s.meta().manufacturer.is_none())
            .ok_or(Status::UnsupportedCluster)?;
        let m = attr_meta(&**s, attr, None).ok_or(Status::UnsupportedAttribute)?;
        s.write(m, value)?;
        if scene_state(ep.servers) != before {
            scene_changed(ep.servers, now, true);
        }
        self.poll_reports(out);
        Ok(())
    }

    /// Restores persistent attributes from storage, then runs every server's start-up
    /// behaviour (e.g. StartUpOnOff).
    pub fn restore(&mut self, storage: &mut dyn Storage) {
        for ep in self.endpoints.iter_mut() {
            let endpoint = ep.id;
            for s in ep.servers.iter_mut() {
                let meta = s.meta();
                for a in meta.attributes {
                    if !s.persistent(a.id) {
                        continue;
                    }
                    let key = StorageKey {
                        endpoint,
                        cluster: meta.id,
                        manufacturer: meta.manufacturer,
                        attribute: a.id,
                    };
                    let mut buf = [0u8; 64];
                    let Some(n) = storage.load(key, &mut buf) else {
                        continue;
                    };
                    let mut r = Reader::new(buf.get(..n).unwrap_or(&[]));
                    if let Some(v) = TypedValue::read(a.data_type, &mut r) {
                        // A stored value the server now refuses is left at its default.
                        let _ = s.write(a, v.value);
                    }
                }
                s.start_up();
            }
        }
    }

    /// Saves every persistent attribute to storage.
    pub fn save(&mut self, storage: &mut dyn Storage) {
        for ep in self.endpoints.iter() {
            for s in ep.servers.iter() {
                let meta = s.meta();
                for a in meta.attributes {
                    if !s.persistent(a.id) {
                        continue;
                    }
                    let Some(v) = s.read(a) else { continue };
                    let mut buf = [0u8; 64];
                    let mut w = Writer::new(&mut buf);
                    if v.emit_to(a.data_type, &mut w).is_ok() {
                        let key = StorageKey {
                            endpoint: ep.id,
                            cluster: meta.id,
                            manufacturer: meta.manufacturer,
                            attribute: a.id,
                        };
                        storage.save(key, w.written());
                    }
                }
            }
        }
    }

    /// Handles one incoming frame: answers go into `out` (zero or more frames).
    pub fn handle(&mut self, ind: &ApsIndication<'_>, out: &mut dyn Outbox) {
        // A frame too short for a header cannot be answered (no sequence number to echo).
        let Some(frame) = Frame::read(ind.payload) else {
            return;
        };
        let mut requests = Requests::default();
        for i in 0..self.endpoints.len() {
            let Some(ep) = self.endpoints.get(i) else {
                break;
            };
            let selected = match ind.dst {
                Destination::Endpoint(0xff) => ep.has_server(ind.cluster),
                Destination::Endpoint(e) => e == ep.id,
                Destination::Group(g) => ep.servers.iter().any(|s| s.in_group(g)),
            };
            if selected && (ind.profile == ep.profile || ind.profile == 0xffff) {
                requests.factory_reset |= self.handle_on(i, ind, &frame, out).factory_reset;
            }
        }
        if requests.factory_reset {
            self.factory_reset();
        }
        self.poll_reports(out);
    }

    /// Advances time to `now` (milliseconds, wrapping): runs server timers and reporting.
    pub fn tick(&mut self, now: u32, out: &mut dyn Outbox) {
        self.now = now;
        let mut reset = false;
        for ep in self.endpoints.iter_mut() {
            let scenes_before = scene_state(ep.servers);
            for i in 0..ep.servers.len() {
                let Some((server, peers)) = split(ep.servers, i) else {
                    break;
                };
                let mut cx = Context {
                    now,
                    endpoint: ep.id,
                    profile: ep.profile,
                    source: None,
                    group: None,
                    unicast: false,
                    manufacturer: None,
                    peers,
                    response: Writer::new(&mut []),
                    requests: Requests::default(),
                    out: &mut *out,
                    tsn: &mut self.tsn,
                    max_payload: self.max_frame,
                };
                server.tick(&mut cx);
                reset |= cx.requests.factory_reset;
            }
            if scene_state(ep.servers) != scenes_before {
                scene_changed(ep.servers, now, false);
            }
        }
        if reset {
            self.factory_reset();
        }
        self.poll_reports(out);
    }

    fn factory_reset(&mut self) {
        for ep in self.endpoints.iter_mut() {
            for s in ep.servers.iter_mut() {
                s.reset();
            }
        }
    }

    fn handle_on(
        &mut self,
        ep_idx: usize,
        ind: &ApsIndication<'_>,
        frame: &Frame<'_>,
        out: &mut dyn Outbox,
    ) -> Requests {
        let h = frame.header;
        let fc = h.frame_control;
        let mut requests = Requests::default();
        // Only servers live here; frames for a client role and reserved frame types are not ours.
        if fc.direction() != Direction::ClientToServer
            || matches!(fc.frame_type(), FrameType::Reserved(_))
        {
            return requests;
        }
        let global = fc.frame_type() == FrameType::Global;
        let mfr = h.manufacturer;
        let unicast = ind.is_unicast();
        let header_len = h.encoded_len();
        let limit = self.max_frame.min(MAX_FRAME).saturating_sub(header_len);
        let mut scratch = [0u8; MAX_FRAME];
        let now = self.now;
        let policy = self.write_policy;
        let source = Source {
            addr: ind.src_addr,
            endpoint: ind.src_endpoint,
        };
        let Some(ep) = self.endpoints.get_mut(ep_idx) else {
            return requests;
        };
        let endpoint = ep.id;
        let profile = ep.profile;
        let scenes_before = scene_state(ep.servers);
        let mut w = Writer::new(scratch.get_mut(..limit).unwrap_or(&mut []));
        let (reply, len) = match find_server(ep, ind.cluster, mfr, global) {
            Err(s) => (Reply::Default(s), 0),
            Ok(i) => {
                let Some((server, peers)) = split(ep.servers, i) else {
                    return requests;
                };
                if global {
                    let r = global_command(
                        server,
                        &mut self.reports,
                        GlobalArgs {
                            endpoint,
                            cluster: ind.cluster,
                            mfr,
                            command: h.command_id,
                            source,
                            policy,
                            now,
                        },
                        frame.payload,
                        &mut w,
                    );
                    match r {
                        Ok(r) => (r, w.len()),
                        Err(s) => (Reply::Default(s), 0),
                    }
                } else {
                    let mut cx = Context {
                        now,
                        endpoint,
                        profile,
                        source: Some(source),
                        group: match ind.dst {
                            Destination::Group(g) => Some(g),
                            Destination::Endpoint(_) => None,
                        },
                        unicast,
                        manufacturer: mfr,
                        peers,
                        response: w,
                        requests: Requests::default(),
                        out: &mut *out,
                        tsn: &mut self.tsn,
                        max_payload: self.max_frame,
                    };
                    let outcome = server.command(&mut cx, h.command_id, frame.payload);
                    requests = cx.requests;
                    let len = cx.response.len();
                    let reply = match outcome {
                        Outcome::Status(Status::UnsupClusterCommand) if mfr.is_some() => {
                            Reply::Default(Status::UnsupManufClusterCommand)
                        }
                        Outcome::Status(s) => Reply::Default(s),
                        Outcome::Response(c) => Reply::Cluster(c),
                        Outcome::NoResponse => Reply::Nothing,
                    };
                    (reply, len)
                }
            }
        };
        // A recall through the Scenes cluster itself keeps the scene valid.
        if ind.cluster != SCENES && scene_state(ep.servers) != scenes_before {
            scene_changed(ep.servers, now, true);
        }
        if requests.store_global_scene || requests.recall_global_scene {
            global_scene(ep.servers, requests, now);
        }
        let payload = scratch.get(..len).unwrap_or(&[]);
        let tx = TxInfo {
            dst_addr: Address::Short(ind.src_addr),
            dst_endpoint: ind.src_endpoint,
            src_endpoint: endpoint,
            profile,
            cluster: ind.cluster,
        };
        // One way out for every answer: its frame type, command id and payload.
        let default;
        let (frame_type, command_id, payload) = match reply {
            Reply::Global(c) => (FrameType::Global, c.to_u8(), payload),
            Reply::Cluster(c) => (FrameType::Cluster, c, payload),
            // ZCL 2.5.12.2: only for unicasts, never to a Default Response, for success only
            // when the sender did not disable it.
            Reply::Default(status) => {
                let is_default_response = global && h.command_id == G::DefaultResponse.to_u8();
                if !unicast
                    || is_default_response
                    || (status == Status::Success && fc.disable_default_response())
                {
                    return requests;
                }
                default = DefaultResponse {
                    command_id: h.command_id,
                    status,
                }
                .to_bytes();
                (FrameType::Global, G::DefaultResponse.to_u8(), &default[..])
            }
            Reply::Nothing => return requests,
        };
        let header = Header {
            frame_control: FrameControl::new(
                frame_type,
                mfr.is_some(),
                Direction::ServerToClient,
                true,
            ),
            manufacturer: mfr,
            tsn: h.tsn,
            command_id,
        };
        send(out, tx, &header, payload, self.max_frame);
        requests
    }

    /// Sends every report that is due (ZCL 2.5.7, 2.5.11): reports of one cluster to one
    /// destination share a frame as far as the frame limit allows.
    pub fn poll_reports(&mut self, out: &mut dyn Outbox) {
        let now = self.now;
        // Each pass sends at least one frame or stops, so this ends.
        for _ in 0..=R {
            let endpoints = &*self.endpoints;
            let due = |e: &ReportConfig| {
                read_endpoint(endpoints, e).filter(|(m, v)| is_due(e, m.data_type, v, now))
            };
            let Some(first) = self.reports.iter().position(|e| due(e).is_some()) else {
                return;
            };
            let Some(key) = self.reports.get(first).copied() else {
                return;
            };
            let Some(buf) = out.buffer() else { return };
            let end = buf.len().min(self.max_frame);
            let mut w = Writer::new(buf.get_mut(..end).unwrap_or(&mut []));
            let header = Header {
                frame_control: FrameControl::new(
                    FrameType::Global,
                    key.manufacturer.is_some(),
                    Direction::ServerToClient,
                    true,
                ),
                manufacturer: key.manufacturer,
                tsn: self.tsn,
                command_id: G::ReportAttributes.to_u8(),
            };
            if header.emit_to(&mut w).is_err() {
                return;
            }
            let mut sent = 0;
            // Entries before the first are not due; the others are read once each.
            for e in self.reports.iter_mut().skip(first) {
                let same = e.endpoint == key.endpoint
                    && e.cluster == key.cluster
                    && e.manufacturer == key.manufacturer
                    && e.dst_addr == key.dst_addr
                    && e.dst_endpoint == key.dst_endpoint;
                if !same {
                    continue;
                }
                let Some((m, v)) = due(e) else {
                    continue;
                };
                let report = AttributeRecordOf {
                    attribute_id: e.attribute,
                    value: TypedValue {
                        data_type: m.data_type,
                        value: v,
                    },
                };
                if w.remaining() < report.encoded_len() {
                    continue;
                }
                if report.emit_to(&mut w).is_ok() {
                    e.last = Some(fingerprint(&v));
                    sent += 1;
                }
                // Cannot encode: do not retry before the next interval.
                e.last_time = now;
            }
            if sent == 0 {
                if let Some(e) = self.reports.get_mut(first) {
                    e.last_time = now;
                }
                continue;
            }
            let len = w.len();
            self.tsn = self.tsn.wrapping_add(1);
            out.commit(
                TxInfo {
                    dst_addr: Address::Short(key.dst_addr),
                    dst_endpoint: key.dst_endpoint,
                    src_endpoint: key.endpoint,
                    profile: self
                        .endpoints
                        .iter()
                        .find(|ep| ep.id == key.endpoint)
                        .map_or(0x0104, |ep| ep.profile),
                    cluster: key.cluster,
                },
                len,
            );
        }
    }
}

/// Whether report `e` of a value `v` of type `ty` is due at `now`.
fn is_due(e: &ReportConfig, ty: DataType, v: &AttrValue<'_>, now: u32) -> bool {
    if e.direction != 0 {
        return false;
    }
    let elapsed = now.wrapping_sub(e.last_time);
    let min_ok = elapsed >= u32::from(e.min_interval) * 1000;
    let periodic = e.max_interval != 0 && elapsed >= u32::from(e.max_interval) * 1000;
    let changed = match e.last {
        None => true,
        Some(last) => match v {
            AttrValue::Raw(_) => v.changed_by(&AttrValue::Raw(last), ty, e.reportable_change),
            AttrValue::Bytes(_) => fingerprint(v) != last,
        },
    };
    periodic || (changed && min_ok)
}

/// The attribute of a reporting configuration and its value.
fn read_endpoint<'s>(
    endpoints: &'s [Endpoint<'_>],
    e: &ReportConfig,
) -> Option<(&'static AttributeMeta, AttrValue<'s>)> {
    let (endpoint, cluster, mfr, attr) = (e.endpoint, e.cluster, e.manufacturer, e.attribute);
    let ep = endpoints.iter().find(|e| e.id == endpoint)?;
    let s = ep.servers.iter().find(|s| {
        let m = s.meta();
        m.id == cluster && (m.manufacturer.is_none() || m.manufacturer == mfr)
    })?;
    lookup(&**s, attr, mfr)
}

/// A fingerprint of the scene state of an endpoint: every server's scene extension fields.
fn scene_state(servers: &[&mut dyn ClusterServer]) -> u64 {
    // One buffer for all: only the bytes each server writes are hashed.
    let mut buf = [0u8; 32];
    servers.iter().fold(0, |h, s| {
        let mut w = Writer::new(&mut buf);
        let _ = s.store_scene(&mut w);
        h.rotate_left(5) ^ fingerprint(&AttrValue::Bytes(Some(w.written())))
    })
}

/// Tells the Scenes server of an endpoint that scene attributes changed.
fn scene_changed(servers: &mut [&mut dyn ClusterServer], now: u32, by_command: bool) {
    if let Some(s) = servers.iter_mut().find(|s| s.meta().id == SCENES) {
        s.scene_changed(now, by_command);
    }
}

/// Lets the Scenes server of an endpoint store or recall the global scene.
fn global_scene(servers: &mut [&mut dyn ClusterServer], requests: Requests, now: u32) {
    let Some(i) = servers.iter().position(|s| s.meta().id == SCENES) else {
        return;
    };
    if let Some((scenes, mut peers)) = split(servers, i) {
        if requests.store_global_scene {
            scenes.global_scene(&mut peers, true, now);
        }
        if requests.recall_global_scene {
            scenes.global_scene(&mut peers, false, now);
        }
    }
}

/// The server that handles a frame for `cluster` with manufacturer code `mfr` (ZCL 2.5.12.4).
fn find_server(
    ep: &Endpoint<'_>,
    cluster: u16,
    mfr: Option<u16>,
    global: bool,
) -> Result<usize, Status> {
    let servers = &*ep.servers;
    if let Some(i) = servers
        .iter()
        .position(|s| s.meta().id == cluster && s.meta().manufacturer == mfr)
    {
        return Ok(i);
    }
    let any = servers.iter().position(|s| s.meta().id == cluster);
    match (any, mfr) {
        (None, _) => Err(Status::UnsupportedCluster),
        (Some(i), None) => Ok(i),
        (Some(i), Some(m)) => {
            let s = servers.get(i).ok_or(Status::UnsupportedCluster)?;
            let has_attrs = s
                .meta()
                .attributes
                .iter()
                .any(|a| a.manufacturer == Some(m));
            if global && has_attrs && s.meta().manufacturer.is_none() {
                Ok(i)
            } else if global {
                Err(Status::UnsupManufGeneralCommand)
            } else {
                Err(Status::UnsupManufClusterCommand)
            }
        }
    }
}

#[derive(Clone, Copy)]
struct GlobalArgs {
    endpoint: u8,
    cluster: u16,
    mfr: Option<u16>,
    command: u8,
    source: Source,
    policy: Option<WritePolicy>,
    now: u32,
}

fn global_command<const R: usize>(
    server: &mut dyn ClusterServer,
    reports: &mut heapless::Vec<ReportConfig, R>,
    a: GlobalArgs,
    payload: &[u8],
    w: &mut Writer<'_>,
) -> Result<Reply, Status> {
    // The view of the command's payload (zcl-core's foundation views), picked by id; only the
    // commands a server answers are parsed.
    let command = G::from_u8(a.command);
    match command {
        G::ReadAttributes => read_attributes(
            server,
            a.mfr,
            ReadAttributes::parse(payload).map_err(malformed)?,
            w,
        ),
        // One call for each pair or triple of variants (firmware size).
        G::WriteAttributes | G::WriteAttributesUndivided | G::WriteAttributesNoResponse => {
            let mode = match command {
                G::WriteAttributesUndivided => WriteMode::Undivided,
                G::WriteAttributesNoResponse => WriteMode::NoResponse,
                _ => WriteMode::Normal,
            };
            write_attributes(server, &a, payload, w, mode)
        }
        G::ConfigureReporting => configure_reporting(
            server,
            reports,
            &a,
            ConfigureReporting::parse(payload).map_err(malformed)?,
            w,
        ),
        G::ReadReportingConfiguration => read_reporting_configuration(
            server,
            reports,
            &a,
            ReadReportingConfiguration::parse(payload).map_err(malformed)?,
            w,
        ),
        G::DiscoverAttributes | G::DiscoverAttributesExtended => {
            let extended = command == G::DiscoverAttributesExtended;
            discover_attributes(server, a.mfr, payload, w, extended)
        }
        G::DiscoverCommandsReceived | G::DiscoverCommandsGenerated => {
            let direction = if command == G::DiscoverCommandsReceived {
                Direction::ClientToServer
            } else {
                Direction::ServerToClient
            };
            discover_commands(server, a.mfr, payload, w, direction)
        }
        // Never answered: a Default Response to a Default Response is forbidden (ZCL 2.5.12.2).
        G::DefaultResponse => Ok(Reply::Nothing),
        _ if a.mfr.is_some() => Err(Status::UnsupManufGeneralCommand),
        _ => Err(Status::UnsupGeneralCommand),
    }
}

/// Writes `record` when it fits whole; `false` when it does not (the frame limit is reached).
fn put<'a, T: Record<'a>>(w: &mut Writer<'_>, record: &T) -> bool {
    w.remaining() >= record.encoded_len() && record.emit_to(w).is_ok()
}

/// Read Attributes (ZCL 2.5.1, 2.5.2): one record per id, UNSUPPORTED_ATTRIBUTE for ids not
/// implemented; records that would pass the frame limit are left out whole.
fn read_attributes(
    server: &dyn ClusterServer,
    mfr: Option<u16>,
    request: ReadAttributes<'_>,
    w: &mut Writer<'_>,
) -> Result<Reply, Status> {
    // One pass: a read changes nothing, so a record that does not read is MALFORMED_COMMAND
    // (and the answer begun is dropped) wherever it is found; once the frame is full the
    // remaining records are only read.
    let mut full = false;
    for id in request.attribute_ids().read_each() {
        let id = id.ok_or(Status::MalformedCommand)?;
        if full {
            continue;
        }
        let record = match lookup(server, id, mfr) {
            Some((m, value)) if m.access.contains(Access::READ) => {
                ReadAttributeStatusRecordOf::success(
                    id,
                    TypedValue {
                        data_type: m.data_type,
                        value,
                    },
                )
            }
            Some(_) => ReadAttributeStatusRecordOf::failure(id, Status::WriteOnly),
            None => ReadAttributeStatusRecordOf::failure(id, Status::UnsupportedAttribute),
        };
        full = !put(w, &record);
    }
    Ok(Reply::Global(G::ReadAttributesResponse))
}

/// The checks of ZCL 2.5.3.3 for one write record.
fn check_write(
    server: &dyn ClusterServer,
    a: &GlobalArgs,
    id: u16,
    ty: DataType,
    v: AttrValue<'_>,
) -> Result<&'static AttributeMeta, Status> {
    let m = attr_meta(server, id, a.mfr)
        .filter(|m| server.read(m).is_some())
        .ok_or(Status::UnsupportedAttribute)?;
    if ty != m.data_type {
        return Err(Status::InvalidDataType);
    }
    if !m.access.contains(Access::WRITE) {
        return Err(Status::ReadOnly);
    }
    if let Some(p) = a.policy {
        if !p(a.source, a.endpoint, a.cluster, id) {
            return Err(Status::NotAuthorized);
        }
    }
    if !v.in_range(m) {
        return Err(Status::InvalidValue);
    }
    server.check_write(m, v)?;
    Ok(m)
}

/// Write Attributes, Undivided and No Response (ZCL 2.5.3-2.5.6).
fn write_attributes(
    server: &mut dyn ClusterServer,
    a: &GlobalArgs,
    payload: &[u8],
    w: &mut Writer<'_>,
    mode: WriteMode,
) -> Result<Reply, Status> {
    let request = WriteAttributes::parse(payload).map_err(malformed)?;
    let mut failed = false;
    let fail = |w: &mut Writer<'_>, failed: &mut bool, status, attribute_id| {
        *failed = true;
        put(
            w,
            &WriteAttributeStatusRecord {
                status,
                attribute_id,
            },
        );
    };
    // The passes over the records run through one loop (one copy of the record parser):
    // the first only reads them all, so a malformed frame changes nothing; the second checks
    // and writes each record (Undivided: checks only); Undivided has a third that writes them
    // all when none failed.
    let undivided = mode == WriteMode::Undivided;
    let mut pass = 0;
    loop {
        for r in request.records_of::<TypedValue<'_>>().read_each() {
            let r = r.ok_or(Status::MalformedCommand)?;
            if pass == 0 {
                continue;
            }
            let (id, v) = (r.attribute_id, r.value);
            match check_write(server, a, id, v.data_type, v.value) {
                // Checked in the second pass already.
                Err(_) if pass == 2 => {}
                Err(s) => fail(w, &mut failed, s, id),
                // A failure here is the server's and is reported.
                Ok(m) if pass == 2 || !undivided => {
                    if let Err(s) = server.write(m, v.value) {
                        fail(w, &mut failed, s, id);
                    }
                }
                Ok(_) => {}
            }
        }
        pass += 1;
        if pass == 3 || (pass == 2 && (!undivided || failed)) {
            break;
        }
    }
    if !failed {
        w.u8(Status::Success.to_u8()).map_err(|_| Status::Failure)?;
    }
    Ok(match mode {
        WriteMode::NoResponse => Reply::Nothing,
        _ => Reply::Global(G::WriteAttributesResponse),
    })
}

/// Configure Reporting (ZCL 2.5.7, 2.5.8).
fn configure_reporting<const R: usize>(
    server: &dyn ClusterServer,
    reports: &mut heapless::Vec<ReportConfig, R>,
    a: &GlobalArgs,
    request: ConfigureReporting<'_>,
    w: &mut Writer<'_>,
) -> Result<Reply, Status> {
    // Two passes through one loop (one copy of the record parser): the first only reads every
    // record, so a malformed frame changes nothing; the second applies them.
    let mut failed = false;
    let mut apply = false;
    loop {
        for c in request.records_of::<TypedValue<'_>>().read_each() {
            let c = c.ok_or(Status::MalformedCommand)?;
            if !apply {
                continue;
            }
            if let Err(status) = apply_config(server, reports, a, &c) {
                failed = true;
                put(
                    w,
                    &AttributeStatusRecord {
                        status,
                        direction: c.direction(),
                        attribute_id: c.attribute_id,
                    },
                );
            }
        }
        if apply {
            break;
        }
        apply = true;
    }
    if !failed {
        w.u8(Status::Success.to_u8()).map_err(|_| Status::Failure)?;
    }
    Ok(Reply::Global(G::ConfigureReportingResponse))
}

fn apply_config<const R: usize>(
    server: &dyn ClusterServer,
    reports: &mut heapless::Vec<ReportConfig, R>,
    a: &GlobalArgs,
    c: &AttributeReportingConfigurationRecordOf<TypedValue<'_>>,
) -> Result<(), Status> {
    let id = c.attribute_id;
    let direction = c.direction().to_u8();
    let (m, _) = lookup(server, id, a.mfr).ok_or(Status::UnsupportedAttribute)?;
    let pos = config_index(reports, a, id, direction);
    let mut entry = ReportConfig {
        endpoint: a.endpoint,
        cluster: a.cluster,
        manufacturer: a.mfr,
        attribute: id,
        direction,
        data_type: m.data_type,
        min_interval: 0,
        max_interval: 0,
        reportable_change: 0,
        timeout: 0,
        dst_addr: a.source.addr,
        dst_endpoint: a.source.endpoint,
        last: None,
        last_time: a.now,
    };
    match c.parameters {
        ReportingParametersOf::Received { timeout_period } => entry.timeout = timeout_period,
        ReportingParametersOf::Reported {
            data_type,
            minimum_reporting_interval: min,
            maximum_reporting_interval: max,
            reportable_change,
        } => {
            if !m.access.contains(Access::REPORT) {
                return Err(Status::UnreportableAttribute);
            }
            if data_type != m.data_type || !is_storable(data_type) {
                return Err(Status::InvalidDataType);
            }
            // 0xffff: stop reporting and forget the configuration (ZCL 2.5.7.1.6).
            if max == 0xffff {
                if let Some(p) = pos {
                    super::remove_at(reports, p);
                }
                return Ok(());
            }
            if max != 0 && min > max {
                return Err(Status::InvalidValue);
            }
            entry.min_interval = min;
            entry.max_interval = max;
            entry.reportable_change = reportable_change.and_then(|c| c.value.raw()).unwrap_or(0);
        }
    }
    match pos.and_then(|p| reports.get_mut(p)) {
        Some(e) => *e = entry,
        None => reports.push(entry).map_err(|_| Status::InsufficientSpace)?,
    }
    Ok(())
}

/// The index of the reporting configuration of attribute `id` in `direction` for the
/// endpoint, cluster and manufacturer of `a`.
// Out of line: Configure Reporting and Read Reporting Configuration share it (firmware size).
#[inline(never)]
fn config_index(reports: &[ReportConfig], a: &GlobalArgs, id: u16, direction: u8) -> Option<usize> {
    reports.iter().position(|e| {
        e.endpoint == a.endpoint
            && e.cluster == a.cluster
            && e.manufacturer == a.mfr
            && e.attribute == id
            && e.direction == direction
    })
}

/// Read Reporting Configuration (ZCL 2.5.9, 2.5.10).
fn read_reporting_configuration<const R: usize>(
    server: &dyn ClusterServer,
    reports: &heapless::Vec<ReportConfig, R>,
    a: &GlobalArgs,
    request: ReadReportingConfiguration<'_>,
    w: &mut Writer<'_>,
) -> Result<Reply, Status> {
    // One pass, as in Read Attributes.
    let mut full = false;
    for rec in request.records().read_each() {
        let rec = rec.ok_or(Status::MalformedCommand)?;
        if full {
            continue;
        }
        let (direction, id) = (rec.direction, rec.attribute_id);
        let found = lookup(server, id, a.mfr).map(|(m, _)| m);
        let entry = config_index(reports, a, id, direction.to_u8()).and_then(|i| reports.get(i));
        let status = match (found, entry) {
            (None, _) => Err(Status::UnsupportedAttribute),
            (Some(m), _)
                if direction == ReportingDirection::Reported
                    && !m.access.contains(Access::REPORT) =>
            {
                Err(Status::UnreportableAttribute)
            }
            (Some(_), None) => Err(Status::NotFound),
            (Some(_), Some(e)) => Ok(e),
        };
        let parameters = match status {
            Err(_) => None,
            Ok(e) if direction == ReportingDirection::Reported => {
                let ty = e.data_type;
                Some(ReportingParametersOf::Reported {
                    data_type: ty,
                    minimum_reporting_interval: e.min_interval,
                    maximum_reporting_interval: e.max_interval,
                    reportable_change: ty.is_analog().then_some(TypedValue {
                        data_type: ty,
                        value: AttrValue::Raw(e.reportable_change),
                    }),
                })
            }
            Ok(e) => Some(ReportingParametersOf::Received {
                timeout_period: e.timeout,
            }),
        };
        let record = ReportingConfigurationStatusRecordOf {
            status: status.err().unwrap_or(Status::Success),
            direction,
            attribute_id: id,
            parameters,
        };
        full = !put(w, &record);
    }
    Ok(Reply::Global(G::ReadReportingConfigurationResponse))
}

/// Discover Attributes and Discover Attributes Extended (ZCL 2.5.13-2.5.16, 2.5.23-2.5.24).
fn discover_attributes(
    server: &dyn ClusterServer,
    mfr: Option<u16>,
    payload: &[u8],
    w: &mut Writer<'_>,
    extended: bool,
) -> Result<Reply, Status> {
    let request = DiscoverAttributes::read(payload).ok_or(Status::MalformedCommand)?;
    let start = request.start_attribute_id;
    let meta = server.meta();
    let record = if extended { 4 } else { 3 };
    let room = w.remaining().saturating_sub(1) / record;
    let take = usize::from(request.max_attribute_ids).min(room);
    // Two passes through one loop (one copy of the filter): the first counts the candidates
    // for the "discovery complete" byte, the second writes the first `take` of them.
    let mut write = false;
    loop {
        let mut n = 0;
        for a in meta.attributes {
            let candidate = a.id >= start
                && (a.manufacturer == mfr
                    || (a.manufacturer.is_none() && meta.manufacturer.is_some()))
                && server.read(a).is_some();
            if !candidate {
                continue;
            }
            if !write {
                n += 1;
                continue;
            }
            if n == take {
                break;
            }
            n += 1;
            if extended {
                let mut bits = 0u8;
                if a.access.contains(Access::READ) {
                    bits |= AttributeAccessControl::READABLE;
                }
                if a.access.contains(Access::WRITE) {
                    bits |= AttributeAccessControl::WRITEABLE;
                }
                if a.access.contains(Access::REPORT) {
                    bits |= AttributeAccessControl::REPORTABLE;
                }
                put(
                    w,
                    &DiscoveredAttributeExtended {
                        attribute_id: a.id,
                        data_type: a.data_type,
                        access_control: AttributeAccessControl(bits),
                    },
                );
            } else {
                put(
                    w,
                    &DiscoveredAttribute {
                        attribute_id: a.id,
                        data_type: a.data_type,
                    },
                );
            }
        }
        if write {
            break;
        }
        w.u8(u8::from(n <= take)).map_err(|_| Status::Failure)?;
        write = true;
    }
    Ok(Reply::Global(if extended {
        G::DiscoverAttributesExtendedResponse
    } else {
        G::DiscoverAttributesResponse
    }))
}

/// Discover Commands Received and Generated (ZCL 2.5.19-2.5.22).
fn discover_commands(
    server: &dyn ClusterServer,
    mfr: Option<u16>,
    payload: &[u8],
    w: &mut Writer<'_>,
    direction: Direction,
) -> Result<Reply, Status> {
    let request = DiscoverCommands::read(payload).ok_or(Status::MalformedCommand)?;
    let start = request.start_command_id;
    let meta = server.meta();
    // A standard cluster has no manufacturer-specific commands in its metadata.
    let listed = mfr.is_none() || meta.manufacturer.is_some();
    let take = usize::from(request.max_command_ids).min(w.remaining().saturating_sub(1));
    // Two passes through one loop, as in Discover Attributes.
    let mut write = false;
    loop {
        let mut n = 0;
        for c in meta.commands {
            let candidate = listed
                && c.direction == direction
                && c.id >= start
                && server.supports_command(c.id, direction);
            if !candidate {
                continue;
            }
            if !write {
                n += 1;
                continue;
            }
            if n == take {
                break;
            }
            n += 1;
            put(w, &c.id);
        }
        if write {
            break;
        }
        w.u8(u8::from(n <= take)).map_err(|_| Status::Failure)?;
        write = true;
    }
    Ok(Reply::Global(match direction {
        Direction::ClientToServer => G::DiscoverCommandsReceivedResponse,
        Direction::ServerToClient => G::DiscoverCommandsGeneratedResponse,
    }))
}
