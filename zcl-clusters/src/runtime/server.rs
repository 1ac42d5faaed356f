//! The cluster server interface, the context a server works in, and a generic attribute store.

use super::io::{Address, Outbox, TxInfo, MAX_FRAME};
use super::value::AttrValue;
use super::Status;
use crate::field::Command;
use crate::meta::{AttributeMeta, ClusterMeta};
use zcl_core::{Direction, EncodeError, FrameControl, FrameType, Writer};

/// What a cluster-specific command handler asks the runtime to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Outcome {
    /// Answer with a Default Response carrying this status, subject to the Default Response rules
    /// (ZCL 2.5.12.2): errors always (unicast only), success unless disabled.
    Status(Status),
    /// Answer with this cluster-specific command (server to client); its payload is what the
    /// handler wrote into [`Context::response`]. No Default Response follows.
    Response(u8),
    /// The command's effect-on-receipt says no answer at all.
    NoResponse,
}

/// A cluster server on an endpoint: attribute access, commands and time.
///
/// The runtime does every generic check (attribute exists, access rights, data type, range from
/// the metadata) before calling `write`; `write` is also how the application and other servers on
/// the endpoint change a server's state, so it applies side effects (a pin, a PWM duty).
pub trait ClusterServer {
    /// Static metadata of the cluster (id, manufacturer, attributes, commands).
    fn meta(&self) -> &'static ClusterMeta;

    /// The current value of an attribute, `None` when this server does not implement it (an
    /// optional attribute), which gives UNSUPPORTED_ATTRIBUTE.
    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>>;

    /// Sets an attribute. Checks beyond type, access and range (e.g. cross-attribute rules)
    /// return an error status and change nothing.
    ///
    /// # Errors
    /// The ZCL status to report, e.g. [`Status::InvalidValue`].
    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status>;

    /// Checks a write without doing it (used by Write Attributes Undivided, ZCL 2.5.4).
    ///
    /// # Errors
    /// The status the write would fail with.
    fn check_write(&self, _attr: &AttributeMeta, _value: AttrValue<'_>) -> Result<(), Status> {
        Ok(())
    }

    /// Handles a cluster-specific command sent client to server.
    fn command(&mut self, _cx: &mut Context<'_, '_>, _command_id: u8, _payload: &[u8]) -> Outcome {
        Outcome::Status(Status::UnsupClusterCommand)
    }

    /// Whether the server implements a command listed in its metadata (Discover Commands).
    fn supports_command(&self, _command_id: u8, _direction: Direction) -> bool {
        true
    }

    /// Advances time-driven behaviour (transitions, countdowns) to `cx.now`.
    fn tick(&mut self, _cx: &mut Context<'_, '_>) {}

    /// Whether the endpoint is a member of `group` (only the Groups server answers).
    fn in_group(&self, _group: u16) -> bool {
        false
    }

    /// Whether the attribute is kept in non-volatile storage.
    fn persistent(&self, _attr: u16) -> bool {
        false
    }

    /// Called once after persistent attributes were restored (start-up behaviour).
    fn start_up(&mut self) {}

    /// Returns every attribute to its factory default (Basic cluster, Reset to Factory Defaults).
    fn reset(&mut self) {}

    /// Writes this cluster's scene extension field set (attribute values without cluster id and
    /// length, ZCL 3.7.2.4.2); writes nothing for clusters without scene attributes.
    ///
    /// # Errors
    /// When the writer is full.
    fn store_scene(&self, _w: &mut Writer<'_>) -> Result<(), EncodeError> {
        Ok(())
    }

    /// Applies a scene extension field set, with a transition in tenths of a second.
    fn recall_scene(&mut self, _data: &[u8], _transition_ds: u16, _now: u32) {}

    /// The On/Off cluster of the endpoint was switched by a command (Level Control moves to
    /// OnLevel, ZCL 3.10.2.1.1).
    fn on_off_changed(&mut self, _on: bool, _now: u32) {}

    /// The On/Off cluster of the endpoint is to switch off (Off, or Toggle while on). Level
    /// Control with an off transition time dims to the minimum first and returns `true`; it then
    /// switches On/Off off itself and restores CurrentLevel (ZCL 3.10.2.1.1).
    fn dim_off(&mut self, _now: u32) -> bool {
        false
    }

    /// Forgets everything kept for `group` (Scenes: its scenes; called by Groups when the
    /// endpoint leaves the group).
    fn remove_group(&mut self, _group: u16) {}

    /// Attributes that are part of scenes (On/Off, Level, Color) changed on this endpoint, by a
    /// command or write (`by_command`) or as time passed; the Scenes server clears SceneValid
    /// (ZCL 3.7.2.2.4), except for time-driven changes within a recall's own transition.
    fn scene_changed(&mut self, _now: u32, _by_command: bool) {}

    /// Stores (`store`) or recalls the global scene from the other servers of the endpoint;
    /// only the Scenes server acts (ZCL 3.7.2.4.1, used by On/Off 0x40 and 0x41).
    fn global_scene(&mut self, _peers: &mut Peers<'_, '_>, _store: bool, _now: u32) {}
}

/// The other servers on the endpoint of the server being called.
pub struct Peers<'c, 'a> {
    pub(crate) before: &'c mut [&'a mut dyn ClusterServer],
    pub(crate) after: &'c mut [&'a mut dyn ClusterServer],
}

impl<'a> Peers<'_, 'a> {
    /// No peers.
    pub fn none() -> Peers<'static, 'a> {
        Peers {
            before: &mut [],
            after: &mut [],
        }
    }

    /// The standard server for `cluster` on this endpoint.
    pub fn get(&mut self, cluster: u16) -> Option<&mut (dyn ClusterServer + 'a)> {
        self.before
            .iter_mut()
            .chain(self.after.iter_mut())
            .find(|s| s.meta().id == cluster && s.meta().manufacturer.is_none())
            .map(|s| &mut **s)
    }

    /// Iterates over every peer.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut (dyn ClusterServer + 'a)> {
        self.before
            .iter_mut()
            .chain(self.after.iter_mut())
            .map(|s| &mut **s)
    }

    /// Reads a fixed-size attribute of a peer as raw bits.
    pub fn read_raw(&mut self, cluster: u16, attr: u16) -> Option<u64> {
        let s = self.get(cluster)?;
        let m = s.meta().attribute(attr, None)?;
        s.read(m)?.raw()
    }

    /// Sets an attribute of a peer (no access check: this is the device itself).
    ///
    /// # Errors
    /// [`Status::UnsupportedCluster`] or [`Status::UnsupportedAttribute`] when missing, or the
    /// peer's own refusal.
    pub fn write(&mut self, cluster: u16, attr: u16, value: AttrValue<'_>) -> Result<(), Status> {
        let s = self.get(cluster).ok_or(Status::UnsupportedCluster)?;
        let m = s
            .meta()
            .attribute(attr, None)
            .ok_or(Status::UnsupportedAttribute)?;
        s.write(m, value)
    }

    /// Whether the endpoint is a member of `group`.
    pub fn in_group(&mut self, group: u16) -> bool {
        self.iter_mut().any(|s| s.in_group(group))
    }
}

/// Who sent the frame being handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Source {
    /// Network address.
    pub addr: u16,
    /// Endpoint.
    pub endpoint: u8,
}

/// Requests a server makes of the whole device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Requests {
    /// Reset every cluster to factory defaults (Basic 0x00).
    pub factory_reset: bool,
    /// Store the global scene (group 0, scene 0) on this endpoint (On/Off 0x40).
    pub store_global_scene: bool,
    /// Recall the global scene on this endpoint (On/Off 0x41).
    pub recall_global_scene: bool,
}

/// What a server sees while handling a command or a tick.
pub struct Context<'c, 'a> {
    /// Current time in milliseconds (wrapping).
    pub now: u32,
    /// The endpoint the server lives on.
    pub endpoint: u8,
    /// Application profile of the endpoint.
    pub profile: u16,
    /// The sender, for commands.
    pub source: Option<Source>,
    /// Group the command was sent to, for groupcasts.
    pub group: Option<u16>,
    /// Whether the command reached this device alone (cluster responses such as Add Group
    /// Response are sent only then).
    pub unicast: bool,
    /// Manufacturer code of the command frame.
    pub manufacturer: Option<u16>,
    /// Other servers on the endpoint.
    pub peers: Peers<'c, 'a>,
    /// The payload of a cluster-specific response (see [`Outcome::Response`]).
    pub response: Writer<'c>,
    /// Device-wide requests.
    pub requests: Requests,
    pub(crate) out: &'c mut dyn Outbox,
    pub(crate) tsn: &'c mut u8,
    pub(crate) max_payload: usize,
}

impl Context<'_, '_> {
    /// Sends a cluster-specific command generated by this server (server to client), e.g. a
    /// Zone Status Change Notification; returns the transaction sequence number used.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`] when the outbox is full or the payload too long.
    pub fn send(
        &mut self,
        dst_addr: Address,
        dst_endpoint: u8,
        cluster: u16,
        command_id: u8,
        payload: &[u8],
    ) -> Result<u8, EncodeError> {
        let tsn = *self.tsn;
        *self.tsn = tsn.wrapping_add(1);
        let tx = TxInfo {
            dst_addr,
            dst_endpoint,
            src_endpoint: self.endpoint,
            profile: self.profile,
            cluster,
        };
        let fc = FrameControl::new(FrameType::Cluster, false, Direction::ServerToClient, false);
        let limit = self.max_payload;
        let buf = self.out.buffer().ok_or(EncodeError::BufferTooSmall {
            needed: payload.len() + 3,
            available: 0,
        })?;
        let end = buf.len().min(limit);
        let mut w = Writer::new(buf.get_mut(..end).unwrap_or(&mut []));
        w.u8(fc.0)?;
        w.u8(tsn)?;
        w.u8(command_id)?;
        w.bytes(payload)?;
        let len = w.len();
        self.out.commit(tx, len);
        Ok(tsn)
    }

    /// Sends a command of one of the generated cluster types, its cluster and id taken from the
    /// type (see [`Context::send`]).
    ///
    /// # Errors
    /// As [`Context::send`], or the command's own encoding error.
    pub fn send_command<'p, C: Command<'p>>(
        &mut self,
        dst_addr: Address,
        dst_endpoint: u8,
        command: &C,
    ) -> Result<u8, EncodeError> {
        let mut payload = [0u8; MAX_FRAME];
        let n = command.emit_payload(&mut payload)?;
        let payload = payload.get(..n).unwrap_or(&[]);
        self.send(dst_addr, dst_endpoint, C::CLUSTER_ID, C::ID, payload)
    }
}

/// A store of attribute values for a cluster without behaviour (measurement clusters, Basic
/// strings), answered from the metadata: every attribute with a default (or mandatory) is
/// present, starting at its default. Strings written over the air are kept in the store, up to
/// `S` bytes each; a longer one gets INVALID_VALUE (ZCL 2.5.3.3).
#[derive(Debug, Clone)]
pub struct AttributeStore<const N: usize, const S: usize = 16> {
    meta: &'static ClusterMeta,
    values: heapless::Vec<(u16, Stored<S>), N>,
}

/// One stored value: from the metadata or the application, or a string written at run time.
#[derive(Debug, Clone)]
enum Stored<const S: usize> {
    Value(AttrValue<'static>),
    Bytes(heapless::Vec<u8, S>),
}

impl<const S: usize> Stored<S> {
    fn value(&self) -> AttrValue<'_> {
        match self {
            Stored::Value(v) => *v,
            Stored::Bytes(b) => AttrValue::Bytes(Some(b)),
        }
    }
}

impl<const N: usize, const S: usize> AttributeStore<N, S> {
    /// A store holding the attributes of `meta` that have a default or are mandatory (up to `N`).
    pub fn new(meta: &'static ClusterMeta) -> Self {
        let mut s = AttributeStore {
            meta,
            values: heapless::Vec::new(),
        };
        s.reset();
        s
    }

    /// Sets every attribute back to its default.
    pub fn reset(&mut self) {
        self.values.clear();
        for a in self.meta.attributes {
            let v = AttrValue::from_default(a).or(if a.mandatory {
                Some(if super::value::is_string(a.data_type) {
                    AttrValue::Bytes(Some(&[]))
                } else {
                    AttrValue::Raw(0)
                })
            } else {
                None
            });
            if let Some(v) = v {
                if self.values.push((a.id, Stored::Value(v))).is_err() {
                    break;
                }
            }
        }
    }

    fn put(&mut self, id: u16, value: Stored<S>) -> Result<(), Status> {
        if let Some(slot) = self.values.iter_mut().find(|(i, _)| *i == id) {
            slot.1 = value;
            return Ok(());
        }
        self.values
            .push((id, value))
            .map_err(|_| Status::InsufficientSpace)
    }

    /// Sets a value (adds the attribute when absent and there is room).
    ///
    /// # Errors
    /// [`Status::InsufficientSpace`] when full.
    pub fn set(&mut self, id: u16, value: AttrValue<'static>) -> Result<(), Status> {
        self.put(id, Stored::Value(value))
    }

    /// Removes an attribute (makes it unsupported).
    pub fn remove(&mut self, id: u16) {
        if let Some(p) = self.values.iter().position(|(i, _)| *i == id) {
            super::remove_at(&mut self.values, p);
        }
    }

    /// The value of an attribute.
    pub fn get(&self, id: u16) -> Option<AttrValue<'_>> {
        self.values
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.value())
    }

    /// The cluster metadata.
    pub fn meta(&self) -> &'static ClusterMeta {
        self.meta
    }
}

impl<const N: usize, const S: usize> ClusterServer for AttributeStore<N, S> {
    fn meta(&self) -> &'static ClusterMeta {
        self.meta
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        self.get(attr.id)
    }

    fn check_write(&self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        if self.get(attr.id).is_none() {
            return Err(Status::UnsupportedAttribute);
        }
        match value {
            AttrValue::Bytes(Some(b)) if b.len() > S => Err(Status::InvalidValue),
            _ => Ok(()),
        }
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        self.check_write(attr, value)?;
        let stored = match value {
            AttrValue::Raw(v) => Stored::Value(AttrValue::Raw(v)),
            // The invalid (0xff-length) string.
            AttrValue::Bytes(None) => Stored::Value(AttrValue::Bytes(None)),
            // A string from a frame cannot outlive it: copied into the store.
            AttrValue::Bytes(Some(b)) => {
                Stored::Bytes(heapless::Vec::from_slice(b).map_err(|_| Status::InvalidValue)?)
            }
        };
        self.put(attr.id, stored)
    }

    fn reset(&mut self) {
        AttributeStore::reset(self);
    }
}
