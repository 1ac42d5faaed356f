//! The coordinator logic, written once above the [`Radio`] seam: ZDP and ZCL requests matched
//! to their answers by transaction sequence number, with timeouts and retries; the interview
//! of new devices; attribute reads, writes, commands, reporting, bindings, groups and leaves;
//! and the bookkeeping of everything received in the [`Database`].
//!
//! Frames that arrive while a request waits for its answer are not lost: they are absorbed
//! (the database learns joins, announces, leaves and reports) and queued as [`Event`]s that
//! [`Coordinator::poll`] hands out next.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value as Json;
use zcl_clusters::meta::{AttributeMeta, ClusterMeta, CommandMeta};
use zcl_core::foundation::{
    AttributeRecord, AttributeReportingConfigurationRecord, ConfigureReportingRepr,
    ConfigureReportingResponse, DefaultResponse, GlobalCommandId, ReadAttributesRepr,
    ReadAttributesResponse, ReportAttributes, ReportingParameters, WriteAttributesRepr,
    WriteAttributesResponse,
};
use zcl_core::zdp::{
    ActiveEpRsp, BindDestination, BindReq, LeaveFlags, LogicalType, MgmtLeaveReq, NodeDescRsp,
    NwkAddrOfInterestReq, SimpleDescReq, SimpleDescRsp, StatusRsp, ZdpStatus,
};
use zcl_core::{Direction, Frame, FrameType, Reader, Status, Value};

use super::aps::{
    Destination, EndpointConfig, IncomingAps, OutgoingAps, RadioEvent, COORDINATOR_ENDPOINT,
};
use super::db::{unix_now, AttributeRow, Database, DbError, DeviceRow, EndpointRow, NetworkRow};
use super::radio::{Radio, RadioError};
use super::zcl::{build_frame, check_limits, encode_value_text};
use crate::render::{frame_json, ieee_string, value_json};

/// ZDP cluster ids of the requests the coordinator sends (Zigbee specification 2.4.3);
/// responses have bit 15 set.
mod zdp {
    pub const NODE_DESC: u16 = 0x0002;
    pub const SIMPLE_DESC: u16 = 0x0004;
    pub const ACTIVE_EP: u16 = 0x0005;
    pub const BIND: u16 = 0x0021;
    pub const UNBIND: u16 = 0x0022;
    pub const MGMT_LEAVE: u16 = 0x0034;
    pub const MGMT_PERMIT_JOINING: u16 = 0x0036;
    pub const MGMT_NWK_UPDATE: u16 = 0x0038;
    pub const RESPONSE: u16 = 0x8000;
}

/// Basic cluster attributes the interview reads (ZCL 3.2.2.2).
const BASIC: u16 = 0x0000;
const BASIC_MANUFACTURER_NAME: u16 = 0x0004;
const BASIC_MODEL_IDENTIFIER: u16 = 0x0005;
/// Groups cluster commands (ZCL 3.6.2.3): add group, remove group.
const GROUPS: u16 = 0x0004;
const GROUPS_ADD: u8 = 0x00;
const GROUPS_REMOVE: u8 = 0x03;

/// How long a group command waits to be confirmed as sent.
const GROUP_SEND_WAIT: Duration = Duration::from_secs(1);

/// Why a coordinator operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CoordinatorError {
    /// The radio failed.
    #[error(transparent)]
    Radio(#[from] RadioError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
    /// No answer came.
    #[error("{what} to {device}: no answer within {timeout:?} ({attempts} attempts)")]
    Timeout {
        /// The request.
        what: String,
        /// The device.
        device: String,
        /// Per attempt.
        timeout: Duration,
        /// Attempts made.
        attempts: u8,
    },
    /// The device answered with a failure status.
    #[error("{what} to {device}: {status}")]
    Refused {
        /// The request.
        what: String,
        /// The device.
        device: String,
        /// The status it gave.
        status: String,
    },
    /// The device is not in the database.
    #[error("no device {0} in the database (run `zcl-host devices`, or let it join)")]
    UnknownDevice(String),
    /// A request could not be built, or an answer makes no sense.
    #[error("{0}")]
    Invalid(String),
}

/// How requests are retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestOptions {
    /// How long to wait for each attempt's answer.
    pub timeout: Duration,
    /// How long to wait for a sleepy end device (it answers when it next polls its parent).
    pub sleepy_timeout: Duration,
    /// Attempts after the first.
    pub retries: u8,
}

impl Default for RequestOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(3),
            sleepy_timeout: Duration::from_secs(15),
            retries: 2,
        }
    }
}

/// Something that happened in the network, as `zcl-host listen` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// The trust center let a device in.
    Joined {
        /// IEEE address.
        ieee: String,
        /// Network address.
        nwk: u16,
        /// Router it joined through.
        parent: u16,
    },
    /// A device announced itself.
    Announced {
        /// IEEE address.
        ieee: String,
        /// Network address.
        nwk: u16,
    },
    /// A device left.
    Left {
        /// IEEE address.
        ieee: String,
    },
    /// A ZCL frame arrived.
    Zcl {
        /// Sender's IEEE address, when known.
        ieee: Option<String>,
        /// Sender's network address.
        nwk: u16,
        /// Sender's endpoint.
        endpoint: u8,
        /// Cluster.
        cluster: u16,
        /// Group it was sent to.
        group: Option<u16>,
        /// Link quality.
        lqi: u8,
        /// The frame decoded as `zcl-host decode --json` shows it.
        frame: Json,
    },
    /// A ZDP frame arrived that no request was waiting for.
    Zdp {
        /// Sender's network address.
        nwk: u16,
        /// ZDP cluster.
        cluster: u16,
        /// The payload.
        hex: String,
    },
    /// The interview of a device finished.
    Interviewed {
        /// IEEE address.
        ieee: String,
        /// Model identifier.
        model: Option<String>,
    },
}

impl Event {
    /// One line of text.
    pub fn text(&self) -> String {
        match self {
            Event::Joined { ieee, nwk, parent } => {
                format!("joined     {ieee} 0x{nwk:04x} (through 0x{parent:04x})")
            }
            Event::Announced { ieee, nwk } => format!("announced  {ieee} 0x{nwk:04x}"),
            Event::Left { ieee } => format!("left       {ieee}"),
            Event::Zcl {
                ieee,
                nwk,
                endpoint,
                cluster,
                frame,
                ..
            } => {
                let who = ieee.clone().unwrap_or_else(|| format!("0x{nwk:04x}"));
                let name = frame.get("command").and_then(Json::as_str).unwrap_or("?");
                let body = frame
                    .get("payload")
                    .map(Json::to_string)
                    .unwrap_or_default();
                format!("zcl        {who} ep {endpoint} cluster 0x{cluster:04x} {name} {body}")
            }
            Event::Zdp { nwk, cluster, hex } => {
                format!("zdp        0x{nwk:04x} cluster 0x{cluster:04x} {hex}")
            }
            Event::Interviewed { ieee, model } => format!(
                "interviewed {ieee} {}",
                model.as_deref().unwrap_or("(no model)")
            ),
        }
    }
}

/// The answer to a ZCL request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZclReply {
    /// Frame type of the answer.
    pub frame_type: FrameType,
    /// Command id of the answer.
    pub command_id: u8,
    /// The answer's payload (after the header).
    pub payload: Vec<u8>,
}

impl ZclReply {
    /// The status of a Default Response, if that is what came.
    pub fn default_response_status(&self) -> Option<Status> {
        (self.frame_type == FrameType::Global
            && self.command_id == GlobalCommandId::DefaultResponse.to_u8())
        .then(|| DefaultResponse::parse(&self.payload).ok().map(|d| d.status))
        .flatten()
    }
}

/// One attribute's outcome of a read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadResult {
    /// Attribute id.
    pub attribute: u16,
    /// Its name in the registry.
    pub name: Option<&'static str>,
    /// ZCL status name.
    pub status: String,
    /// The value (as `decode --json` shows values), when read.
    pub value: Option<Json>,
    /// The name of an enum value, where the definition names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_name: Option<Json>,
    /// The names of a bitmap's set bits, where the definition names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_flags: Option<Json>,
}

/// A device to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    /// IEEE address.
    pub ieee: u64,
    /// Network address.
    pub nwk: u16,
    /// Whether it sleeps (answers slowly).
    pub sleepy: bool,
}

impl Target {
    fn name(&self) -> String {
        format!("{} (0x{:04x})", ieee_string(self.ieee), self.nwk)
    }
}

/// Where a binding points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindTarget {
    /// A device's endpoint (the coordinator's, for reports to this tool).
    Device {
        /// IEEE address.
        ieee: u64,
        /// Endpoint.
        endpoint: u8,
    },
    /// A group.
    Group(u16),
}

impl BindTarget {
    fn text(&self) -> String {
        match self {
            BindTarget::Device { ieee, endpoint } => format!("{}/{endpoint}", ieee_string(*ieee)),
            BindTarget::Group(g) => format!("group 0x{g:04x}"),
        }
    }
}

/// The coordinator: a radio, a database and the requests in flight.
pub struct Coordinator {
    radio: Box<dyn Radio>,
    db: Database,
    tsn: u8,
    events: VecDeque<Event>,
    /// Sleepy devices whose interview failed: retried when they are next heard from.
    pending_interviews: BTreeSet<u64>,
    /// The coordinator's own IEEE address.
    ieee: u64,
    /// Request timeouts and retries.
    pub options: RequestOptions,
}

impl std::fmt::Debug for Coordinator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coordinator")
            .field("port", &self.radio.port())
            .field("ieee", &ieee_string(self.ieee))
            .finish_non_exhaustive()
    }
}

/// What a waiter does with an event.
enum Claim<T> {
    /// This is the answer.
    Done(T),
    /// The request failed for good (a delivery failure: try again).
    Failed,
    /// Not for this waiter.
    Pass,
}

impl Coordinator {
    /// Starts the network on `radio` (endpoints registered, stack up) and records it in `db`.
    ///
    /// # Errors
    /// No network on the radio; link or database failures.
    pub fn start(mut radio: Box<dyn Radio>, db: Database) -> Result<Self, CoordinatorError> {
        radio.start(&[EndpointConfig::coordinator()])?;
        let ieee = radio.ieee()?;
        if let Some(b) = radio.read_backup()? {
            db.set_network(&NetworkRow {
                radio: radio.family().to_owned(),
                coordinator_ieee: b.coordinator_ieee,
                pan_id: b.pan_id,
                extended_pan_id: b.extended_pan_id,
                channel: b.channel,
            })?;
        }
        Ok(Self {
            radio,
            db,
            tsn: 0,
            events: VecDeque::new(),
            pending_interviews: BTreeSet::new(),
            ieee,
            options: RequestOptions::default(),
        })
    }

    /// The database.
    pub fn db(&self) -> &Database {
        &self.db
    }

    /// The radio.
    pub fn radio(&mut self) -> &mut dyn Radio {
        self.radio.as_mut()
    }

    /// The coordinator's IEEE address.
    pub fn ieee(&self) -> u64 {
        self.ieee
    }

    fn next_tsn(&mut self) -> u8 {
        self.tsn = self.tsn.wrapping_add(1);
        self.tsn
    }

    /// Finds a device by IEEE address (`00:11:..`, 16 hex digits) or network address
    /// (`0x1234`) in the database.
    ///
    /// # Errors
    /// Not in the database.
    pub fn target(&self, device: &str) -> Result<Target, CoordinatorError> {
        let row = if let Some(ieee) = super::db::parse_ieee(device) {
            self.db.device(ieee)?
        } else if let Some(nwk) = device
            .strip_prefix("0x")
            .and_then(|h| u16::from_str_radix(h, 16).ok())
        {
            self.db.device_by_nwk(nwk)?
        } else {
            None
        };
        let row = row.ok_or_else(|| CoordinatorError::UnknownDevice(device.to_owned()))?;
        Ok(Self::target_of(&row))
    }

    fn target_of(row: &DeviceRow) -> Target {
        Target {
            ieee: row.ieee,
            nwk: row.nwk,
            sleepy: row.rx_on_when_idle == Some(false),
        }
    }

    /// The next event, waiting at most `timeout`.
    ///
    /// # Errors
    /// Link or database failures.
    pub fn poll(&mut self, timeout: Duration) -> Result<Option<Event>, CoordinatorError> {
        if let Some(e) = self.events.pop_front() {
            return Ok(Some(e));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(raw) = self.radio.next_event(left)? else {
                return Ok(None);
            };
            if let Some(e) = self.absorb(raw)? {
                self.retry_pending_interview(&e)?;
                return Ok(Some(e));
            }
            if left.is_zero() {
                return Ok(None);
            }
        }
    }

    /// An interview that failed on a sleepy device is tried again once it is heard from.
    fn retry_pending_interview(&mut self, e: &Event) -> Result<(), CoordinatorError> {
        let nwk = match e {
            Event::Zcl { nwk, .. } | Event::Announced { nwk, .. } => *nwk,
            _ => return Ok(()),
        };
        let Some(row) = self.db.device_by_nwk(nwk)? else {
            return Ok(());
        };
        if self.pending_interviews.remove(&row.ieee) {
            match self.interview(row.ieee) {
                Ok(done) => self.events.push_back(Event::Interviewed {
                    ieee: ieee_string(done.ieee),
                    model: done.model,
                }),
                Err(e) => {
                    tracing::info!("interview of {} failed again: {e}", ieee_string(row.ieee));
                    self.pending_interviews.insert(row.ieee);
                }
            }
        }
        Ok(())
    }

    /// Updates the database from a radio event and turns it into an [`Event`].
    fn absorb(&mut self, raw: RadioEvent) -> Result<Option<Event>, CoordinatorError> {
        Ok(match raw {
            RadioEvent::DeviceJoined { nwk, ieee, parent } => {
                self.db.upsert_device(ieee, nwk)?;
                Some(Event::Joined {
                    ieee: ieee_string(ieee),
                    nwk,
                    parent,
                })
            }
            RadioEvent::DeviceAnnounced { nwk, ieee, .. } => {
                self.db.upsert_device(ieee, nwk)?;
                Some(Event::Announced {
                    ieee: ieee_string(ieee),
                    nwk,
                })
            }
            RadioEvent::DeviceLeft { ieee, .. } => {
                self.db.remove_device(ieee)?;
                self.pending_interviews.remove(&ieee);
                Some(Event::Left {
                    ieee: ieee_string(ieee),
                })
            }
            RadioEvent::Delivery { .. } => None,
            RadioEvent::Message(m) if m.profile == super::aps::ZDO_PROFILE => Some(Event::Zdp {
                nwk: m.src_nwk,
                cluster: m.cluster,
                hex: hex::encode(&m.payload),
            }),
            RadioEvent::Message(m) => {
                self.db.seen(m.src_nwk, m.lqi)?;
                let row = self.db.device_by_nwk(m.src_nwk)?;
                if let Some(row) = &row {
                    self.cache_report(row.ieee, m.src_ep, m.cluster, &m.payload)?;
                }
                Some(Event::Zcl {
                    ieee: m.src_ieee.or(row.map(|r| r.ieee)).map(ieee_string),
                    nwk: m.src_nwk,
                    endpoint: m.src_ep,
                    cluster: m.cluster,
                    group: m.group,
                    lqi: m.lqi,
                    frame: frame_json(m.cluster, &m.payload),
                })
            }
        })
    }

    /// Attribute reports and read responses go to the attribute cache.
    fn cache_report(
        &self,
        ieee: u64,
        endpoint: u8,
        cluster: u16,
        frame: &[u8],
    ) -> Result<(), CoordinatorError> {
        let Ok(f) = Frame::parse(frame) else {
            return Ok(());
        };
        if f.header.frame_control.frame_type() != FrameType::Global
            || f.header.command_id != GlobalCommandId::ReportAttributes.to_u8()
        {
            return Ok(());
        }
        let Ok(report) = ReportAttributes::parse(f.payload) else {
            return Ok(());
        };
        for rec in report.reports().flatten() {
            self.cache_value(ieee, endpoint, cluster, rec.attribute_id, &rec.value)?;
        }
        Ok(())
    }

    fn cache_value(
        &self,
        ieee: u64,
        endpoint: u8,
        cluster: u16,
        attribute: u16,
        value: &Value<'_>,
    ) -> Result<(), CoordinatorError> {
        let mut wire = vec![0u8; 512];
        let n = value.emit(&mut wire).unwrap_or(0);
        wire.truncate(n);
        self.db.store_attribute(
            ieee,
            &AttributeRow {
                endpoint,
                cluster,
                attribute,
                data_type: value.data_type().to_u8(),
                value: wire,
                value_json: value_json(value).to_string(),
                updated_at: unix_now(),
            },
        )?;
        Ok(())
    }

    /// Waits for the event `claim` accepts; everything else is absorbed and queued.
    fn wait_for<T>(
        &mut self,
        timeout: Duration,
        mut claim: impl FnMut(&RadioEvent) -> Claim<T>,
    ) -> Result<Option<T>, CoordinatorError> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(None);
            }
            let Some(raw) = self.radio.next_event(left)? else {
                return Ok(None);
            };
            match claim(&raw) {
                Claim::Done(t) => {
                    // The answer still counts as a frame heard from the device (last seen,
                    // cached values); it is the caller's, not an event.
                    self.absorb(raw)?;
                    return Ok(Some(t));
                }
                Claim::Failed => return Ok(None),
                Claim::Pass => {
                    if let Some(e) = self.absorb(raw)? {
                        self.events.push_back(e);
                    }
                }
            }
        }
    }

    /// The request loop ZDP and ZCL share: for each attempt a fresh TSN, the frame `build`
    /// makes for it sent with `aps`, then the answer `answer` recognises for that TSN; a
    /// delivery failure of the attempt's frame ends its wait early.
    fn request<T>(
        &mut self,
        target: Target,
        what: &str,
        aps: OutgoingAps,
        build: impl Fn(u8) -> Result<Vec<u8>, CoordinatorError>,
        answer: impl Fn(u8, &IncomingAps) -> Option<T>,
    ) -> Result<T, CoordinatorError> {
        let timeout = self.timeout_for(target);
        let attempts = self.options.retries.saturating_add(1);
        for attempt in 0..attempts {
            let tsn = self.next_tsn();
            let frame = build(tsn)?;
            let tag = match self.radio.send(&aps, &frame) {
                Ok(tag) => tag,
                Err(e) if attempt + 1 < attempts => {
                    tracing::debug!("{what}: send failed ({e}), retrying");
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            let got = self.wait_for(timeout, |e| match e {
                RadioEvent::Message(m) if m.src_nwk == target.nwk => {
                    answer(tsn, m).map_or(Claim::Pass, Claim::Done)
                }
                RadioEvent::Delivery {
                    tag: t,
                    delivered: false,
                } if *t == tag => Claim::Failed,
                _ => Claim::Pass,
            })?;
            if let Some(t) = got {
                return Ok(t);
            }
            tracing::debug!(
                "{what} to {}: attempt {} unanswered",
                target.name(),
                attempt + 1
            );
        }
        Err(CoordinatorError::Timeout {
            what: what.to_owned(),
            device: target.name(),
            timeout,
            attempts,
        })
    }

    /// Sends a ZDP request (`build` writes it for a TSN) and returns the response payload
    /// (TSN included).
    ///
    /// # Errors
    /// No answer after the retries; link failures.
    pub fn zdp_request(
        &mut self,
        target: Target,
        cluster: u16,
        what: &str,
        build: impl Fn(u8) -> Vec<u8>,
    ) -> Result<Vec<u8>, CoordinatorError> {
        let aps = OutgoingAps::zdp(Destination::Unicast(target.nwk), cluster);
        let want = cluster | zdp::RESPONSE;
        self.request(
            target,
            what,
            aps,
            |tsn| Ok(build(tsn)),
            |tsn, m| {
                (m.profile == super::aps::ZDO_PROFILE
                    && m.cluster == want
                    && m.payload.first() == Some(&tsn))
                .then(|| m.payload.clone())
            },
        )
    }

    fn timeout_for(&self, target: Target) -> Duration {
        if target.sleepy {
            self.options.sleepy_timeout
        } else {
            self.options.timeout
        }
    }

    /// Sends a ZCL frame to `endpoint` and waits for the answer with the same TSN (a
    /// specific response or a Default Response).
    ///
    /// # Errors
    /// No answer after the retries; link failures.
    #[allow(clippy::too_many_arguments)] // the fields of one ZCL request
    pub fn zcl_request(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: u16,
        frame_type: FrameType,
        manufacturer: Option<u16>,
        command_id: u8,
        payload: &[u8],
        what: &str,
    ) -> Result<ZclReply, CoordinatorError> {
        let aps = OutgoingAps::ha(Destination::Unicast(target.nwk), endpoint, cluster);
        self.request(
            target,
            what,
            aps,
            |tsn| {
                build_frame(frame_type, manufacturer, tsn, command_id, false, payload)
                    .map_err(CoordinatorError::Invalid)
            },
            |tsn, m| {
                if m.profile == super::aps::ZDO_PROFILE || m.cluster != cluster {
                    return None;
                }
                let f = Frame::parse(&m.payload).ok()?;
                (f.header.tsn == tsn
                    && f.header.frame_control.direction() == Direction::ServerToClient)
                    .then(|| ZclReply {
                        frame_type: f.header.frame_control.frame_type(),
                        command_id: f.header.command_id,
                        payload: f.payload.to_vec(),
                    })
            },
        )
    }

    /// A foundation command whose answer must not be a failing Default Response.
    #[allow(clippy::too_many_arguments)] // the fields of one ZCL request
    fn global_request(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: u16,
        manufacturer: Option<u16>,
        command: GlobalCommandId,
        payload: &[u8],
        what: &str,
    ) -> Result<ZclReply, CoordinatorError> {
        let reply = self.zcl_request(
            target,
            endpoint,
            cluster,
            FrameType::Global,
            manufacturer,
            command.to_u8(),
            payload,
            what,
        )?;
        Self::expect_success(&reply, what, target)?;
        Ok(reply)
    }

    /// Fails with the first status record that is not SUCCESS.
    fn expect_records(
        statuses: impl IntoIterator<Item = Status>,
        what: &str,
        target: Target,
    ) -> Result<(), CoordinatorError> {
        match statuses.into_iter().find(|s| *s != Status::Success) {
            None => Ok(()),
            Some(s) => Err(CoordinatorError::Refused {
                what: what.to_owned(),
                device: target.name(),
                status: format!("{s:?}"),
            }),
        }
    }

    /// Fails with the status of a Default Response that is not SUCCESS.
    fn expect_success(
        reply: &ZclReply,
        what: &str,
        target: Target,
    ) -> Result<(), CoordinatorError> {
        match reply.default_response_status() {
            Some(Status::Success) | None => Ok(()),
            Some(s) => Err(CoordinatorError::Refused {
                what: what.to_owned(),
                device: target.name(),
                status: format!("{s:?}"),
            }),
        }
    }

    /// Interviews a device: node descriptor, active endpoints, each simple descriptor, and the
    /// Basic cluster's manufacturer name and model identifier. The result is stored.
    ///
    /// # Errors
    /// The device does not answer; it answers with a failure.
    pub fn interview(&mut self, ieee: u64) -> Result<DeviceRow, CoordinatorError> {
        let row = self
            .db
            .device(ieee)?
            .ok_or_else(|| CoordinatorError::UnknownDevice(ieee_string(ieee)))?;
        let target = Self::target_of(&row);
        let nwk = target.nwk;
        let refused = |what: &str, s: ZdpStatus| CoordinatorError::Refused {
            what: what.to_owned(),
            device: target.name(),
            status: format!("{s:?}"),
        };
        let bad = |what: &str, e: zcl_core::DecodeError| {
            CoordinatorError::Invalid(format!("{what} from {}: {e}", target.name()))
        };
        let nwk_req = move |tsn: u8| {
            let mut b = [0u8; 3];
            let n = NwkAddrOfInterestReq {
                tsn,
                nwk_addr_of_interest: nwk,
                trailing: &[],
            }
            .emit(&mut b)
            .unwrap_or(0);
            b.get(..n).unwrap_or_default().to_vec()
        };

        let p = self.zdp_request(target, zdp::NODE_DESC, "Node_Desc_req", nwk_req)?;
        let node = NodeDescRsp::parse(&p).map_err(|e| bad("Node_Desc_rsp", e))?;
        let Some(desc) = node
            .node_descriptor
            .filter(|_| node.status == ZdpStatus::Success)
        else {
            return Err(refused("Node_Desc_req", node.status));
        };
        let logical_type = match desc.logical_type {
            LogicalType::Coordinator => "coordinator",
            LogicalType::Router => "router",
            LogicalType::EndDevice => "end_device",
            _ => "unknown",
        };
        // MAC capability bit 3: receiver on when idle.
        let rx_on = desc.mac_capability_flags.bits() & 0x08 != 0;
        let target = Target {
            sleepy: !rx_on,
            ..target
        };

        let p = self.zdp_request(target, zdp::ACTIVE_EP, "Active_EP_req", nwk_req)?;
        let active = ActiveEpRsp::parse(&p).map_err(|e| bad("Active_EP_rsp", e))?;
        if active.status != ZdpStatus::Success {
            return Err(refused("Active_EP_req", active.status));
        }
        let endpoint_ids = active.endpoints.to_vec();
        let mut endpoints = Vec::new();
        for ep in endpoint_ids {
            let p = self.zdp_request(target, zdp::SIMPLE_DESC, "Simple_Desc_req", |tsn| {
                let mut b = [0u8; 4];
                let n = SimpleDescReq {
                    tsn,
                    nwk_addr_of_interest: nwk,
                    endpoint: ep,
                    trailing: &[],
                }
                .emit(&mut b)
                .unwrap_or(0);
                b.get(..n).unwrap_or_default().to_vec()
            })?;
            let simple = SimpleDescRsp::parse(&p).map_err(|e| bad("Simple_Desc_rsp", e))?;
            let Some(d) = simple
                .simple_descriptor
                .filter(|_| simple.status == ZdpStatus::Success)
            else {
                return Err(refused("Simple_Desc_req", simple.status));
            };
            endpoints.push(EndpointRow {
                endpoint: d.endpoint,
                profile: d.profile_id,
                device_id: d.device_id,
                input_clusters: d.input_clusters.iter().collect(),
                output_clusters: d.output_clusters.iter().collect(),
            });
        }

        let (mut manufacturer, mut model) = (None, None);
        if let Some(ep) = endpoints.iter().find(|e| e.input_clusters.contains(&BASIC)) {
            let ep = ep.endpoint;
            let results = self.read_raw(
                target,
                ep,
                BASIC,
                None,
                &[BASIC_MANUFACTURER_NAME, BASIC_MODEL_IDENTIFIER],
            )?;
            for (id, value) in results {
                let text = value.and_then(|v| v.as_str().map(str::to_owned));
                match id {
                    BASIC_MANUFACTURER_NAME => manufacturer = text,
                    BASIC_MODEL_IDENTIFIER => model = text,
                    _ => {}
                }
            }
        }
        self.db.store_interview(
            ieee,
            logical_type,
            desc.manufacturer_code,
            rx_on,
            &endpoints,
            manufacturer.as_deref(),
            model.as_deref(),
        )?;
        self.db
            .device(ieee)?
            .ok_or_else(|| CoordinatorError::UnknownDevice(ieee_string(ieee)))
    }

    /// Reads attributes and caches what came; returns (id, value as JSON) per attribute,
    /// `None` for those the device refused.
    fn read_raw(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: u16,
        manufacturer: Option<u16>,
        ids: &[u16],
    ) -> Result<Vec<(u16, Option<Json>)>, CoordinatorError> {
        Ok(self
            .read_attributes(target, endpoint, cluster, manufacturer, ids)?
            .into_iter()
            .map(|r| (r.attribute, r.value))
            .collect())
    }

    /// Reads attributes (ZCL 2.5.1) and caches the values read.
    ///
    /// # Errors
    /// No answer; an answer that is not a Read Attributes Response.
    pub fn read_attributes(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: u16,
        manufacturer: Option<u16>,
        ids: &[u16],
    ) -> Result<Vec<ReadResult>, CoordinatorError> {
        let repr = ReadAttributesRepr { attribute_ids: ids };
        let mut payload = vec![0u8; repr.encoded_len()];
        repr.emit(&mut payload)
            .map_err(|e| CoordinatorError::Invalid(e.to_string()))?;
        let what = "Read Attributes";
        let reply = self.global_request(
            target,
            endpoint,
            cluster,
            manufacturer,
            GlobalCommandId::ReadAttributes,
            &payload,
            what,
        )?;
        if reply.command_id != GlobalCommandId::ReadAttributesResponse.to_u8() {
            return Err(CoordinatorError::Invalid(format!(
                "{what}: {} answered with command 0x{:02x}",
                target.name(),
                reply.command_id
            )));
        }
        let rsp = ReadAttributesResponse::parse(&reply.payload)
            .map_err(|e| CoordinatorError::Invalid(format!("Read Attributes Response: {e}")))?;
        let mut out = Vec::new();
        for rec in rsp.records() {
            let rec = rec
                .map_err(|e| CoordinatorError::Invalid(format!("Read Attributes Response: {e}")))?;
            if let Some(v) = &rec.value {
                self.cache_value(target.ieee, endpoint, cluster, rec.attribute_id, v)?;
            }
            let value = rec.value.as_ref().map(value_json);
            let mut named = serde_json::Map::new();
            if let Some(v) = &value {
                named.insert("value".into(), v.clone());
                crate::render::names::name_attribute_value(
                    &mut named,
                    cluster,
                    manufacturer,
                    rec.attribute_id,
                );
            }
            out.push(ReadResult {
                attribute: rec.attribute_id,
                name: zcl_clusters::registry::attribute(cluster, manufacturer, rec.attribute_id)
                    .map(AttributeMeta::name),
                status: format!("{:?}", rec.status),
                value,
                value_name: named.remove("value_name"),
                value_flags: named.remove("value_flags"),
            });
        }
        Ok(out)
    }

    /// Writes one attribute (ZCL 2.5.3) from text.
    ///
    /// # Errors
    /// The value does not parse or is out of range; the device refuses or does not answer.
    pub fn write_attribute(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: &ClusterMeta,
        attr: &AttributeMeta,
        text: &str,
    ) -> Result<(), CoordinatorError> {
        let wire = encode_value_text(attr.data_type, text)
            .map_err(|e| CoordinatorError::Invalid(format!("{}: {e}", attr.name())))?;
        check_limits(attr, &wire).map_err(CoordinatorError::Invalid)?;
        let mut r = Reader::new(&wire);
        let value = Value::parse(attr.data_type, &mut r)
            .map_err(|e| CoordinatorError::Invalid(e.to_string()))?;
        let records = [AttributeRecord {
            attribute_id: attr.id,
            value,
        }];
        let repr = WriteAttributesRepr {
            records: &records[..],
        };
        let mut payload = vec![0u8; repr.encoded_len()];
        repr.emit(&mut payload)
            .map_err(|e| CoordinatorError::Invalid(e.to_string()))?;
        let what = "Write Attributes";
        let reply = self.global_request(
            target,
            endpoint,
            cluster.id,
            attr.manufacturer.or(cluster.manufacturer),
            GlobalCommandId::WriteAttributes,
            &payload,
            what,
        )?;
        let rsp = WriteAttributesResponse::parse(&reply.payload)
            .map_err(|e| CoordinatorError::Invalid(format!("Write Attributes Response: {e}")))?;
        Self::expect_records(
            rsp.records().flatten().map(|r| r.status),
            &format!("writing {}", attr.name()),
            target,
        )?;
        self.cache_value(target.ieee, endpoint, cluster.id, attr.id, &value)?;
        Ok(())
    }

    /// Sends a cluster command and returns the answer (a specific response, or the Default
    /// Response, which must be SUCCESS).
    ///
    /// # Errors
    /// The device refuses or does not answer.
    pub fn command(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: &ClusterMeta,
        command: &CommandMeta,
        payload: &[u8],
    ) -> Result<ZclReply, CoordinatorError> {
        let what = command.name();
        let reply = self.zcl_request(
            target,
            endpoint,
            cluster.id,
            FrameType::Cluster,
            cluster.manufacturer,
            command.id,
            payload,
            what,
        )?;
        Self::expect_success(&reply, what, target)?;
        Ok(reply)
    }

    /// Sends a cluster command to a group (APS multicast, no answer expected: ZCL 2.5.12.2
    /// forbids Default Responses to multicasts, so it is sent with them disabled).
    ///
    /// # Errors
    /// The coprocessor refused it.
    pub fn group_command(
        &mut self,
        group: u16,
        cluster: &ClusterMeta,
        command: &CommandMeta,
        payload: &[u8],
    ) -> Result<(), CoordinatorError> {
        let tsn = self.next_tsn();
        let frame = build_frame(
            FrameType::Cluster,
            cluster.manufacturer,
            tsn,
            command.id,
            true,
            payload,
        )
        .map_err(CoordinatorError::Invalid)?;
        let aps = OutgoingAps::ha(Destination::Group(group), 0xFF, cluster.id);
        let tag = self.radio.send(&aps, &frame)?;
        // Wait until it is on the air: a coprocessor reset right after (the next command's
        // connect) would otherwise lose it. Not every firmware confirms multicasts.
        self.wait_for(GROUP_SEND_WAIT, |e| match e {
            RadioEvent::Delivery { tag: t, .. } if *t == tag => Claim::Done(()),
            _ => Claim::Pass,
        })?;
        Ok(())
    }

    /// Configures reporting of one attribute (ZCL 2.5.7) and records it.
    ///
    /// # Errors
    /// The change does not parse; the device refuses or does not answer.
    #[allow(clippy::too_many_arguments)] // the fields of one reporting configuration
    pub fn configure_reporting(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: &ClusterMeta,
        attr: &AttributeMeta,
        min_interval: u16,
        max_interval: u16,
        change: Option<&str>,
    ) -> Result<(), CoordinatorError> {
        let analog = attr.data_type.is_analog();
        let change_wire = match (analog, change) {
            (true, Some(c)) => encode_value_text(attr.data_type, c)
                .map_err(|e| CoordinatorError::Invalid(format!("reportable change: {e}")))?,
            (true, None) => encode_value_text(attr.data_type, "1")
                .map_err(|e| CoordinatorError::Invalid(format!("reportable change: {e}")))?,
            (false, _) => Vec::new(),
        };
        let mut r = Reader::new(&change_wire);
        let reportable_change = if analog {
            Some(
                Value::parse(attr.data_type, &mut r)
                    .map_err(|e| CoordinatorError::Invalid(e.to_string()))?,
            )
        } else {
            None
        };
        let records = [AttributeReportingConfigurationRecord {
            attribute_id: attr.id,
            parameters: ReportingParameters::Reported {
                data_type: attr.data_type,
                minimum_reporting_interval: min_interval,
                maximum_reporting_interval: max_interval,
                reportable_change,
            },
        }];
        let repr = ConfigureReportingRepr {
            records: &records[..],
        };
        let mut payload = vec![0u8; repr.encoded_len()];
        repr.emit(&mut payload)
            .map_err(|e| CoordinatorError::Invalid(e.to_string()))?;
        let what = "Configure Reporting";
        let reply = self.global_request(
            target,
            endpoint,
            cluster.id,
            attr.manufacturer.or(cluster.manufacturer),
            GlobalCommandId::ConfigureReporting,
            &payload,
            what,
        )?;
        let rsp = ConfigureReportingResponse::parse(&reply.payload)
            .map_err(|e| CoordinatorError::Invalid(format!("Configure Reporting Response: {e}")))?;
        Self::expect_records(
            rsp.records().flatten().map(|r| r.status),
            &format!("reporting of {}", attr.name()),
            target,
        )?;
        self.db.set_reporting(
            target.ieee,
            endpoint,
            cluster.id,
            attr.id,
            min_interval,
            max_interval,
            change,
        )?;
        Ok(())
    }

    /// Binds (or unbinds) a cluster of a device's endpoint to a destination with ZDP
    /// Bind_req / Unbind_req (Zigbee specification 2.4.3.2.2-3), sent to the device itself.
    ///
    /// # Errors
    /// The device refuses or does not answer.
    pub fn bind(
        &mut self,
        target: Target,
        endpoint: u8,
        cluster: u16,
        dst: BindTarget,
        unbind: bool,
    ) -> Result<(), CoordinatorError> {
        let destination = match dst {
            BindTarget::Device { ieee, endpoint } => BindDestination::Extended {
                address: ieee,
                endpoint,
            },
            BindTarget::Group(g) => BindDestination::Group(g),
        };
        let (zcluster, what) = if unbind {
            (zdp::UNBIND, "Unbind_req")
        } else {
            (zdp::BIND, "Bind_req")
        };
        let src = target.ieee;
        let p = self.zdp_request(target, zcluster, what, |tsn| {
            let req = BindReq {
                tsn,
                src_address: src,
                src_endp: endpoint,
                cluster_id: cluster,
                destination,
                trailing: &[],
            };
            let mut b = vec![0u8; req.encoded_len()];
            let n = req.emit(&mut b).unwrap_or(0);
            b.truncate(n);
            b
        })?;
        let rsp = StatusRsp::parse(&p)
            .map_err(|e| CoordinatorError::Invalid(format!("{what} response: {e}")))?;
        if rsp.status != ZdpStatus::Success {
            return Err(CoordinatorError::Refused {
                what: what.to_owned(),
                device: target.name(),
                status: format!("{:?}", rsp.status),
            });
        }
        self.db
            .set_binding(target.ieee, endpoint, cluster, &dst.text(), !unbind)?;
        Ok(())
    }

    /// Adds (or removes) a device's endpoint to a group with the Groups cluster
    /// (ZCL 3.6.2.3.2 Add Group, 3.6.2.3.5 Remove Group).
    ///
    /// # Errors
    /// The device refuses or does not answer.
    pub fn group(
        &mut self,
        target: Target,
        endpoint: u8,
        group: u16,
        name: &str,
        remove: bool,
    ) -> Result<(), CoordinatorError> {
        let mut payload = group.to_le_bytes().to_vec();
        let (command, what) = if remove {
            (GROUPS_REMOVE, "remove_group")
        } else {
            let name = encode_value_text(zcl_core::DataType::CharString, name)
                .map_err(CoordinatorError::Invalid)?;
            payload.extend(name);
            (GROUPS_ADD, "add_group")
        };
        let reply = self.zcl_request(
            target,
            endpoint,
            GROUPS,
            FrameType::Cluster,
            None,
            command,
            &payload,
            what,
        )?;
        Self::expect_success(&reply, what, target)?;
        // Add/Remove Group Response: status (u8), group id (u16).
        if let Some(&s) = reply.payload.first() {
            let status = Status::from_u8(s);
            let already = !remove && status == Status::DuplicateExists;
            if status != Status::Success && !already {
                return Err(CoordinatorError::Refused {
                    what: what.to_owned(),
                    device: target.name(),
                    status: format!("{status:?}"),
                });
            }
        }
        self.db.set_group(target.ieee, endpoint, group, !remove)?;
        Ok(())
    }

    /// Asks a device to leave the network (ZDP Mgmt_Leave_req, 2.4.3.3.5) and forgets it.
    ///
    /// # Errors
    /// The device refuses or does not answer.
    pub fn leave(&mut self, target: Target, rejoin: bool) -> Result<(), CoordinatorError> {
        let ieee = target.ieee;
        let flags = if rejoin {
            LeaveFlags::REJOIN
        } else {
            LeaveFlags::empty()
        };
        let p = self.zdp_request(target, zdp::MGMT_LEAVE, "Mgmt_Leave_req", |tsn| {
            let req = MgmtLeaveReq {
                tsn,
                device_address: ieee,
                flags,
                trailing: &[],
            };
            let mut b = vec![0u8; req.encoded_len()];
            let n = req.emit(&mut b).unwrap_or(0);
            b.truncate(n);
            b
        })?;
        let rsp = StatusRsp::parse(&p)
            .map_err(|e| CoordinatorError::Invalid(format!("Mgmt_Leave_rsp: {e}")))?;
        if rsp.status != ZdpStatus::Success {
            return Err(CoordinatorError::Refused {
                what: "Mgmt_Leave_req".into(),
                device: target.name(),
                status: format!("{:?}", rsp.status),
            });
        }
        if !rejoin {
            self.db.remove_device(ieee)?;
        }
        Ok(())
    }

    /// Lets devices join for `seconds`, interviewing each one that announces itself, and
    /// hands every event to `on_event` as it happens.
    ///
    /// # Errors
    /// Link or database failures (a failed interview is reported as an event-free log line
    /// and queued for a sleepy device).
    pub fn permit(
        &mut self,
        seconds: u8,
        interview: bool,
        on_event: impl FnMut(&Event),
    ) -> Result<Vec<u64>, CoordinatorError> {
        self.radio.permit_join(seconds)?;
        self.collect_joins(seconds, interview, on_event)
    }

    /// As [`Coordinator::permit`], but joining is opened through one router only
    /// ([`Coordinator::permit_through`]).
    ///
    /// # Errors
    /// The router refuses or does not answer; link or database failures.
    pub fn permit_via(
        &mut self,
        router: Target,
        seconds: u8,
        interview: bool,
        on_event: impl FnMut(&Event),
    ) -> Result<Vec<u64>, CoordinatorError> {
        self.permit_through(router, seconds)?;
        self.collect_joins(seconds, interview, on_event)
    }

    /// Waits `seconds`, handing every event to `on_event` and interviewing the devices that
    /// announce themselves.
    fn collect_joins(
        &mut self,
        seconds: u8,
        interview: bool,
        mut on_event: impl FnMut(&Event),
    ) -> Result<Vec<u64>, CoordinatorError> {
        let deadline = Instant::now() + Duration::from_secs(u64::from(seconds));
        let mut joined = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let Some(e) = self.poll(left)? else {
                break;
            };
            on_event(&e);
            if let Event::Announced { ieee, .. } = &e {
                let Some(ieee) = super::db::parse_ieee(ieee) else {
                    continue;
                };
                if !joined.contains(&ieee) {
                    joined.push(ieee);
                }
                if interview {
                    match self.interview(ieee) {
                        Ok(row) => on_event(&Event::Interviewed {
                            ieee: ieee_string(ieee),
                            model: row.model,
                        }),
                        Err(err) => {
                            tracing::warn!("interview of {}: {err}", ieee_string(ieee));
                            self.pending_interviews.insert(ieee);
                        }
                    }
                }
            }
        }
        Ok(joined)
    }

    /// Moves the network to `channel`: a Mgmt_NWK_Update_req with scan duration 0xFE and the
    /// next NWK update id, broadcast to every device whose receiver is on (Zigbee
    /// specification 2.4.3.3.9); the coordinator follows its own broadcast. Waits until the
    /// coprocessor reports the new channel.
    ///
    /// # Errors
    /// No network; the coprocessor did not move within `timeout`.
    pub fn change_channel(
        &mut self,
        channel: u8,
        timeout: Duration,
    ) -> Result<u8, CoordinatorError> {
        use zcl_core::zdp::{ChannelMask, MgmtNwkUpdateReq, NwkUpdateAction};
        if !(11..=26).contains(&channel) {
            return Err(CoordinatorError::Invalid(format!(
                "channel {channel}: channels are 11-26"
            )));
        }
        let before = self
            .radio
            .read_backup()?
            .ok_or_else(|| CoordinatorError::Invalid("the coprocessor holds no network".into()))?;
        if before.channel == channel {
            return Ok(before.nwk_update_id);
        }
        let update_id = before.nwk_update_id.wrapping_add(1);
        let tsn = self.next_tsn();
        let req = MgmtNwkUpdateReq {
            tsn,
            scan_channels: ChannelMask(1 << channel),
            action: NwkUpdateAction::ChannelChange {
                nwk_update_id: update_id,
            },
            trailing: &[],
        };
        let mut payload = [0u8; 8];
        let n = req
            .emit(&mut payload)
            .map_err(|e| CoordinatorError::Invalid(e.to_string()))?;
        let aps = OutgoingAps::zdp(
            Destination::Broadcast(super::aps::BROADCAST_RX_ON_WHEN_IDLE),
            zdp::MGMT_NWK_UPDATE,
        );
        self.radio
            .send(&aps, payload.get(..n).unwrap_or_default())?;
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            // Keep receiving meanwhile, then look again.
            let _ = self.wait_for(Duration::from_millis(250), |_| Claim::<()>::Pass)?;
            if let Some(now) = self.radio.read_backup()? {
                if now.channel == channel {
                    if let Some(mut n) = self.db.network()? {
                        n.channel = channel;
                        self.db.set_network(&n)?;
                    }
                    return Ok(now.nwk_update_id);
                }
            }
        }
        Err(CoordinatorError::Timeout {
            what: format!("moving to channel {channel}"),
            device: "the coordinator".into(),
            timeout,
            attempts: 1,
        })
    }

    /// Lets devices join through one router only: a unicast Mgmt_Permit_Joining_req
    /// (Zigbee specification 2.4.3.3.7) with trust-center significance, answered by the router;
    /// the coordinator's own joining stays as it is.
    ///
    /// # Errors
    /// The router refuses or does not answer.
    pub fn permit_through(&mut self, target: Target, seconds: u8) -> Result<(), CoordinatorError> {
        use zcl_core::zdp::MgmtPermitJoiningReq;
        let what = "Mgmt_Permit_Joining_req";
        let p = self.zdp_request(target, zdp::MGMT_PERMIT_JOINING, what, |tsn| {
            let req = MgmtPermitJoiningReq {
                tsn,
                permit_duration: seconds,
                tc_significance: 1,
                trailing: &[],
            };
            let mut b = [0u8; 3];
            let n = req.emit(&mut b).unwrap_or(0);
            b.get(..n).unwrap_or_default().to_vec()
        })?;
        let rsp = StatusRsp::parse(&p)
            .map_err(|e| CoordinatorError::Invalid(format!("Mgmt_Permit_Joining_rsp: {e}")))?;
        if rsp.status != ZdpStatus::Success {
            return Err(CoordinatorError::Refused {
                what: what.to_owned(),
                device: target.name(),
                status: format!("{:?}", rsp.status),
            });
        }
        Ok(())
    }

    /// Sleepy devices whose interview waits for them to be heard from.
    pub fn pending_interviews(&self) -> impl Iterator<Item = u64> + '_ {
        self.pending_interviews.iter().copied()
    }

    /// The endpoint of a device that serves `cluster`, from its interview; the lowest
    /// endpoint otherwise (or 1 for a device never interviewed).
    ///
    /// # Errors
    /// Database failures.
    pub fn endpoint_for(&self, target: Target, cluster: u16) -> Result<u8, CoordinatorError> {
        let Some(row) = self.db.device(target.ieee)? else {
            return Ok(1);
        };
        Ok(row
            .endpoints
            .iter()
            .find(|e| e.input_clusters.contains(&cluster))
            .or(row.endpoints.first())
            .map_or(1, |e| e.endpoint))
    }

    /// The coordinator as a bind destination (its application endpoint).
    pub fn as_bind_target(&self) -> BindTarget {
        BindTarget::Device {
            ieee: self.ieee,
            endpoint: COORDINATOR_ENDPOINT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coordinator::backup::NetworkBackup;
    use crate::coordinator::{EnergyReading, FoundNetwork, IncomingAps};
    use std::cell::Cell;
    use std::rc::Rc;

    const DEVICE: u64 = 0x0015_8d00_045e_6f02;
    const NWK: u16 = 0x1234;

    /// A radio whose answers a test scripts: every frame sent is recorded and `answer` gives
    /// the events that follow it; `next_event` hands out queued events without waiting.
    struct ScriptedRadio {
        events: VecDeque<RadioEvent>,
        sent: Vec<(OutgoingAps, Vec<u8>)>,
        answer: Answer,
        tag: u16,
    }

    /// What a scripted radio does with each frame sent.
    type Answer = Box<dyn FnMut(&OutgoingAps, &[u8]) -> Vec<RadioEvent>>;

    impl Radio for ScriptedRadio {
        fn port(&self) -> &str {
            "scripted"
        }
        fn family(&self) -> &'static str {
            "test"
        }
        fn ieee(&mut self) -> Result<u64, RadioError> {
            Ok(0x0012_4b00_0000_0001)
        }
        fn read_backup(&mut self) -> Result<Option<NetworkBackup>, RadioError> {
            Ok(None)
        }
        fn permit_join(&mut self, _: u8) -> Result<(), RadioError> {
            Ok(())
        }
        fn write_backup(&mut self, _: &NetworkBackup) -> Result<(), RadioError> {
            Ok(())
        }
        fn start(&mut self, _: &[EndpointConfig]) -> Result<(), RadioError> {
            Ok(())
        }
        fn send(&mut self, aps: &OutgoingAps, payload: &[u8]) -> Result<u16, RadioError> {
            self.sent.push((*aps, payload.to_vec()));
            let more = (self.answer)(aps, payload);
            self.events.extend(more);
            self.tag += 1;
            Ok(self.tag)
        }
        fn next_event(&mut self, _: Duration) -> Result<Option<RadioEvent>, RadioError> {
            Ok(self.events.pop_front())
        }
        fn energy_scan(&mut self, _: u32, _: u8) -> Result<Vec<EnergyReading>, RadioError> {
            Ok(Vec::new())
        }
        fn network_scan(&mut self, _: u32, _: u8) -> Result<Vec<FoundNetwork>, RadioError> {
            Ok(Vec::new())
        }
        fn add_install_code_key(&mut self, _: u64, _: &[u8; 16]) -> Result<(), RadioError> {
            Ok(())
        }
        fn reset(&mut self, _: bool) -> Result<(), RadioError> {
            Ok(())
        }
    }

    fn message(profile: u16, cluster: u16, src_ep: u8, payload: Vec<u8>) -> RadioEvent {
        RadioEvent::Message(IncomingAps {
            src_nwk: NWK,
            src_ieee: None,
            profile,
            cluster,
            src_ep,
            dst_ep: if profile == 0 { 0 } else { 1 },
            group: None,
            broadcast: false,
            lqi: 200,
            rssi: Some(-50),
            payload,
        })
    }

    /// A sleepy temperature sensor's answers (Zigbee specification 2.4.4.2, ZCL 2.5.2).
    fn sensor_answers(aps: &OutgoingAps, p: &[u8]) -> Vec<RadioEvent> {
        let tsn = p.first().copied().unwrap_or(0);
        let [n0, n1] = NWK.to_le_bytes();
        match (aps.profile, aps.cluster) {
            // Node_Desc_rsp: status SUCCESS; end device (logical type 2), 2.4 GHz band (0x40),
            // MAC capability 0x80 (receiver off when idle), manufacturer 0x1234, buffer 80,
            // transfer sizes 160, server mask 0, descriptor capability 0.
            (0, 0x0002) => vec![message(
                0,
                0x8002,
                0,
                vec![
                    tsn, 0x00, n0, n1, 0x02, 0x40, 0x80, 0x34, 0x12, 80, 160, 0, 0, 0, 160, 0, 0,
                ],
            )],
            // Active_EP_rsp: SUCCESS, one endpoint (1).
            (0, 0x0005) => vec![message(0, 0x8005, 0, vec![tsn, 0x00, n0, n1, 1, 1])],
            // Simple_Desc_rsp: endpoint 1, HA profile 0x0104, device 0x0302, version 0, servers
            // Basic and Temperature Measurement, no clients (length 12).
            (0, 0x0004) => vec![message(
                0,
                0x8004,
                0,
                vec![
                    tsn, 0x00, n0, n1, 12, 1, 0x04, 0x01, 0x02, 0x03, 0x00, 2, 0x00, 0x00, 0x02,
                    0x04, 0,
                ],
            )],
            // Read Attributes Response of Basic: manufacturer "zcl" (0x0004) and model "TH"
            // (0x0005), both character strings (0x42). ZCL header: server to client, default
            // response disabled (0x18), the request's TSN, command 0x01.
            (0x0104, 0x0000) => {
                let tsn = p.get(1).copied().unwrap_or(0);
                vec![message(
                    0x0104,
                    0x0000,
                    1,
                    vec![
                        0x18, tsn, 0x01, 0x04, 0x00, 0x00, 0x42, 3, b'z', b'c', b'l', 0x05, 0x00,
                        0x00, 0x42, 2, b'T', b'H',
                    ],
                )]
            }
            _ => Vec::new(),
        }
    }

    fn coordinator(answer: Answer) -> Coordinator {
        let radio = ScriptedRadio {
            events: VecDeque::new(),
            sent: Vec::new(),
            answer,
            tag: 0,
        };
        let mut c = Coordinator::start(Box::new(radio), Database::in_memory().unwrap()).unwrap();
        c.options = RequestOptions {
            timeout: Duration::from_millis(20),
            sleepy_timeout: Duration::from_millis(20),
            retries: 1,
        };
        c.db.upsert_device(DEVICE, NWK).unwrap();
        c
    }

    #[test]
    fn answers_are_matched_by_tsn_and_everything_else_becomes_an_event() {
        let mut c = coordinator(Box::new(|aps, p| {
            let tsn = p.get(1).copied().unwrap_or(0);
            // A report from the device, an answer with a stale TSN, then the real answer:
            // on_off (0x0000, boolean 0x10) true.
            vec![
                message(
                    0x0104,
                    0x0006,
                    1,
                    vec![0x18, 0x40, 0x0a, 0x00, 0x00, 0x10, 0x00],
                ),
                message(
                    0x0104,
                    aps.cluster,
                    1,
                    vec![
                        0x18,
                        tsn.wrapping_sub(1),
                        0x01,
                        0x00,
                        0x00,
                        0x00,
                        0x10,
                        0x00,
                    ],
                ),
                message(
                    0x0104,
                    aps.cluster,
                    1,
                    vec![0x18, tsn, 0x01, 0x00, 0x00, 0x00, 0x10, 0x01],
                ),
            ]
        }));
        let target = c.target("0x1234").unwrap();
        let r = c
            .read_attributes(target, 1, 0x0006, None, &[0x0000])
            .unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].value, Some(Json::Bool(true)), "{r:?}");
        // The report and the stale answer were not lost: they are the next events.
        let first = c.poll(Duration::ZERO).unwrap().unwrap();
        let Event::Zcl { frame, cluster, .. } = first else {
            panic!("{first:?}");
        };
        assert_eq!(cluster, 0x0006);
        assert_eq!(frame["command"], "report_attributes");
        assert!(matches!(
            c.poll(Duration::ZERO).unwrap(),
            Some(Event::Zcl { .. })
        ));
        assert_eq!(c.poll(Duration::ZERO).unwrap(), None);
        // The report went to the attribute cache.
        let cached = c.db.attributes(DEVICE).unwrap();
        assert_eq!(cached.len(), 1);
        assert_eq!(
            cached[0].value_json, "true",
            "the read (true) is newer than the report"
        );
    }

    #[test]
    fn a_request_nobody_answers_fails_after_its_retries_with_the_device_named() {
        let mut c = coordinator(Box::new(|_, _| Vec::new()));
        let target = c.target("0x1234").unwrap();
        let e = c
            .read_attributes(target, 1, 0x0006, None, &[0x0000])
            .unwrap_err();
        assert!(
            matches!(e, CoordinatorError::Timeout { attempts: 2, .. }),
            "{e}"
        );
        assert!(e.to_string().contains("00:15:8d:00:04:5e:6f:02"), "{e}");
    }

    #[test]
    fn a_sleepy_device_that_missed_its_interview_is_interviewed_when_heard_from() {
        let awake = Rc::new(Cell::new(false));
        let flag = awake.clone();
        let mut c = coordinator(Box::new(move |aps, p| {
            if flag.get() {
                sensor_answers(aps, p)
            } else {
                Vec::new()
            }
        }));
        // It announces itself, then dozes off before answering anything.
        let announced = RadioEvent::DeviceAnnounced {
            nwk: NWK,
            ieee: DEVICE,
            capability: 0x80,
        };
        let e = c.absorb(announced).unwrap().unwrap();
        assert!(matches!(e, Event::Announced { .. }));
        c.events.push_back(e);
        let mut seen = Vec::new();
        let joined = c.permit(1, true, |e| seen.push(e.clone())).unwrap();
        assert_eq!(joined, vec![DEVICE]);
        assert_eq!(c.pending_interviews().collect::<Vec<_>>(), vec![DEVICE]);
        assert!(!c.db.device(DEVICE).unwrap().unwrap().interviewed);
        // It wakes and reports; the interview runs then.
        awake.set(true);
        let report = message(
            0x0104,
            0x0402,
            1,
            vec![0x18, 0x01, 0x0a, 0x00, 0x00, 0x29, 0x66, 0x08],
        );
        c.events.clear();
        let e = c.absorb(report).unwrap().unwrap();
        c.retry_pending_interview(&e).unwrap();
        assert_eq!(c.pending_interviews().count(), 0);
        let row = c.db.device(DEVICE).unwrap().unwrap();
        assert!(row.interviewed);
        assert_eq!(row.logical_type.as_deref(), Some("end_device"));
        assert_eq!(row.rx_on_when_idle, Some(false));
        assert_eq!(row.model.as_deref(), Some("TH"));
        assert_eq!(row.endpoints[0].input_clusters, vec![0x0000, 0x0402]);
        assert!(matches!(
            c.poll(Duration::ZERO).unwrap(),
            Some(Event::Interviewed { model: Some(m), .. }) if m == "TH"
        ));
    }
}
