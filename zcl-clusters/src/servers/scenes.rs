//! Scenes server (ZCL 3.7): add, view, remove, remove all, store, recall, get membership,
//! enhanced add and view, copy scene; extension field sets come from and go to the other servers
//! of the endpoint (On/Off, Level Control, Color Control). Names are not stored (NameSupport 0).

use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Cursor, Outcome, Peers, Status};
use zcl_core::{EncodeError, Writer};

/// One scene: its extension field sets as sent on the wire (cluster id, length, values)*.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Scene<const E: usize> {
    /// Group id (0: no group).
    pub group: u16,
    /// Scene id.
    pub id: u8,
    /// Transition time in tenths of a second.
    pub transition_ds: u32,
    /// Extension field sets.
    pub extensions: heapless::Vec<u8, E>,
}

/// The Scenes cluster server with room for `N` scenes of up to `E` bytes of extension fields.
#[derive(Debug, Clone, Default)]
pub struct ScenesServer<const N: usize, const E: usize = 24> {
    scenes: heapless::Vec<Scene<E>, N>,
    current_scene: u8,
    current_group: u16,
    scene_valid: bool,
}

/// Walks extension field sets: (cluster, data) pairs.
fn extension_sets(bytes: &[u8]) -> impl Iterator<Item = Option<(u16, &[u8])>> {
    let mut r = Cursor::new(bytes);
    core::iter::from_fn(move || {
        if r.is_empty() {
            return None;
        }
        let item = (|| {
            let cluster = r.u16()?;
            let len = r.u8()?;
            Some((cluster, r.take(len.into())?))
        })();
        if item.is_none() {
            r = Cursor::new(&[]);
        }
        Some(item)
    })
}

impl<const N: usize, const E: usize> ScenesServer<N, E> {
    /// An empty scene table.
    pub const fn new() -> Self {
        ScenesServer {
            scenes: heapless::Vec::new(),
            current_scene: 0,
            current_group: 0,
            scene_valid: false,
        }
    }

    /// The scene table.
    pub fn scenes(&self) -> &[Scene<E>] {
        &self.scenes
    }

    fn find(&self, group: u16, id: u8) -> Option<usize> {
        self.scenes
            .iter()
            .position(|s| s.group == group && s.id == id)
    }

    fn upsert(&mut self, scene: Scene<E>) -> Status {
        match self.find(scene.group, scene.id) {
            Some(i) => {
                if let Some(s) = self.scenes.get_mut(i) {
                    *s = scene;
                }
                Status::Success
            }
            None => match self.scenes.push(scene) {
                Ok(()) => Status::Success,
                Err(_) => Status::InsufficientSpace,
            },
        }
    }

    fn capacity(&self) -> u8 {
        u8::try_from(N - self.scenes.len())
            .unwrap_or(0xfe)
            .min(0xfe)
    }

    /// The extension field sets of the endpoint's current state.
    fn capture(peers: &mut Peers<'_, '_>) -> Result<heapless::Vec<u8, E>, Status> {
        let mut ext = heapless::Vec::new();
        for p in peers.iter_mut() {
            let mut tmp = [0u8; 32];
            let mut w = Writer::new(&mut tmp);
            if p.store_scene(&mut w).is_err() || w.is_empty() {
                continue;
            }
            let id = p.meta().id.to_le_bytes();
            let len = u8::try_from(w.len()).unwrap_or(0);
            let full = |_| Status::InsufficientSpace;
            ext.extend_from_slice(&id).map_err(full)?;
            ext.push(len).map_err(|_| Status::InsufficientSpace)?;
            ext.extend_from_slice(w.written()).map_err(full)?;
        }
        Ok(ext)
    }

    fn recall(
        &mut self,
        i: usize,
        peers: &mut Peers<'_, '_>,
        transition_ds: Option<u16>,
        now: u32,
    ) {
        let Some(scene) = self.scenes.get(i) else {
            return;
        };
        let tt = transition_ds.unwrap_or(u16::try_from(scene.transition_ds).unwrap_or(u16::MAX));
        for (cluster, data) in extension_sets(&scene.extensions).flatten() {
            if let Some(p) = peers.get(cluster) {
                p.recall_scene(data, tt, now);
            }
        }
        self.current_scene = scene.id;
        self.current_group = scene.group;
        self.scene_valid = true;
    }

    fn store(&mut self, group: u16, id: u8, peers: &mut Peers<'_, '_>) -> Status {
        let ext = match Self::capture(peers) {
            Ok(e) => e,
            Err(s) => return s,
        };
        let transition_ds = self
            .find(group, id)
            .and_then(|i| self.scenes.get(i))
            .map_or(0, |s| s.transition_ds);
        let s = self.upsert(Scene {
            group,
            id,
            transition_ds,
            extensions: ext,
        });
        if s == Status::Success {
            self.current_scene = id;
            self.current_group = group;
            self.scene_valid = true;
        }
        s
    }

    fn add(
        &mut self,
        r: &mut Cursor<'_>,
        enhanced: bool,
        peers: &mut Peers<'_, '_>,
    ) -> Result<(u16, u8, Status), Status> {
        let group = r.u16().ok_or(Status::MalformedCommand)?;
        let id = r.u8().ok_or(Status::MalformedCommand)?;
        let tt = r.u16().ok_or(Status::MalformedCommand)?;
        let name_len = r.u8().ok_or(Status::MalformedCommand)?;
        r.take(usize::from(name_len) % 0xff)
            .ok_or(Status::MalformedCommand)?;
        let ext = r.take_rest();
        for set in extension_sets(ext) {
            set.ok_or(Status::MalformedCommand)?;
        }
        if group != 0 && !peers.in_group(group) {
            return Ok((group, id, Status::InvalidField));
        }
        let Ok(extensions) = heapless::Vec::from_slice(ext) else {
            return Ok((group, id, Status::InsufficientSpace));
        };
        // Add Scene gives seconds, Enhanced Add Scene tenths of a second (3.7.2.4.2, 3.7.2.4.9).
        let transition_ds = if enhanced {
            u32::from(tt)
        } else {
            u32::from(tt) * 10
        };
        let s = self.upsert(Scene {
            group,
            id,
            transition_ds,
            extensions,
        });
        Ok((group, id, s))
    }
}

fn group_ok(peers: &mut Peers<'_, '_>, group: u16) -> bool {
    group == 0 || peers.in_group(group)
}

impl<const N: usize, const E: usize> ClusterServer for ScenesServer<N, E> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::scenes::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            0x0000 => self.scenes.len() as u64,
            0x0001 => self.current_scene.into(),
            0x0002 => self.current_group.into(),
            0x0003 => self.scene_valid.into(),
            0x0004 => 0,
            _ => return None,
        }))
    }

    fn write(&mut self, _attr: &AttributeMeta, _value: AttrValue<'_>) -> Result<(), Status> {
        Err(Status::ReadOnly)
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        let mut r = Cursor::new(payload);
        let unicast = cx.unicast;
        let result: Result<Outcome, Status> = (|| {
            let w = &mut cx.response;
            let enc = |_: EncodeError| Status::InsufficientSpace;
            let head = |w: &mut Writer<'_>, s: Status, g: u16, id: u8| -> Result<(), Status> {
                w.u8(s.to_u8()).map_err(enc)?;
                w.u16(g).map_err(enc)?;
                w.u8(id).map_err(enc)
            };
            Ok(match command_id {
                // Add Scene / Enhanced Add Scene.
                0x00 | 0x40 => {
                    let (g, id, s) = self.add(&mut r, command_id == 0x40, &mut cx.peers)?;
                    head(w, s, g, id)?;
                    Outcome::Response(command_id)
                }
                // View Scene / Enhanced View Scene.
                0x01 | 0x41 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let id = r.u8().ok_or(Status::MalformedCommand)?;
                    let found = self.find(g, id).and_then(|i| self.scenes.get(i));
                    let s = match found {
                        _ if !group_ok(&mut cx.peers, g) => Status::InvalidField,
                        None => Status::NotFound,
                        Some(_) => Status::Success,
                    };
                    head(w, s, g, id)?;
                    if let (Status::Success, Some(scene)) = (s, found) {
                        let tt = if command_id == 0x41 {
                            scene.transition_ds
                        } else {
                            scene.transition_ds / 10
                        };
                        w.u16(u16::try_from(tt).unwrap_or(u16::MAX)).map_err(enc)?;
                        w.u8(0).map_err(enc)?;
                        w.bytes(&scene.extensions).map_err(enc)?;
                    }
                    Outcome::Response(command_id)
                }
                // Remove Scene.
                0x02 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let id = r.u8().ok_or(Status::MalformedCommand)?;
                    let s = if !group_ok(&mut cx.peers, g) {
                        Status::InvalidField
                    } else if let Some(i) = self.find(g, id) {
                        crate::runtime::remove_at(&mut self.scenes, i);
                        Status::Success
                    } else {
                        Status::NotFound
                    };
                    head(w, s, g, id)?;
                    Outcome::Response(0x02)
                }
                // Remove All Scenes.
                0x03 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let s = if group_ok(&mut cx.peers, g) {
                        self.remove_group(g);
                        Status::Success
                    } else {
                        Status::InvalidField
                    };
                    w.u8(s.to_u8()).map_err(enc)?;
                    w.u16(g).map_err(enc)?;
                    Outcome::Response(0x03)
                }
                // Store Scene.
                0x04 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let id = r.u8().ok_or(Status::MalformedCommand)?;
                    let s = if group_ok(&mut cx.peers, g) {
                        self.store(g, id, &mut cx.peers)
                    } else {
                        Status::InvalidField
                    };
                    head(w, s, g, id)?;
                    Outcome::Response(0x04)
                }
                // Recall Scene: optional transition time in tenths (0xffff: the scene's own).
                0x05 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let id = r.u8().ok_or(Status::MalformedCommand)?;
                    let tt = r.u16().filter(|t| *t != 0xffff);
                    match self.find(g, id) {
                        Some(i) if group_ok(&mut cx.peers, g) => {
                            self.recall(i, &mut cx.peers, tt, cx.now);
                            Outcome::Status(Status::Success)
                        }
                        Some(_) => Outcome::Status(Status::InvalidField),
                        None => Outcome::Status(Status::NotFound),
                    }
                }
                // Get Scene Membership.
                0x06 => {
                    let g = r.u16().ok_or(Status::MalformedCommand)?;
                    let ok = group_ok(&mut cx.peers, g);
                    let s = if ok {
                        Status::Success
                    } else {
                        Status::InvalidField
                    };
                    w.u8(s.to_u8()).map_err(enc)?;
                    w.u8(self.capacity()).map_err(enc)?;
                    w.u16(g).map_err(enc)?;
                    if ok {
                        let ids = self.scenes.iter().filter(|s| s.group == g);
                        w.u8(u8::try_from(ids.clone().count()).unwrap_or(u8::MAX))
                            .map_err(enc)?;
                        for s in ids {
                            w.u8(s.id).map_err(enc)?;
                        }
                    }
                    Outcome::Response(0x06)
                }
                // Copy Scene: mode bit 0 copies every scene of the group.
                0x42 => {
                    let mode = r.u8().ok_or(Status::MalformedCommand)?;
                    let g_from = r.u16().ok_or(Status::MalformedCommand)?;
                    let s_from = r.u8().ok_or(Status::MalformedCommand)?;
                    let g_to = r.u16().ok_or(Status::MalformedCommand)?;
                    let s_to = r.u8().ok_or(Status::MalformedCommand)?;
                    let s = if !group_ok(&mut cx.peers, g_from) || !group_ok(&mut cx.peers, g_to) {
                        Status::InvalidField
                    } else if mode & 0x01 != 0 {
                        let mut s = Status::Success;
                        for i in 0..self.scenes.len() {
                            let Some(src) =
                                self.scenes.get(i).filter(|x| x.group == g_from).cloned()
                            else {
                                continue;
                            };
                            s = self.upsert(Scene { group: g_to, ..src });
                            if s != Status::Success {
                                break;
                            }
                        }
                        s
                    } else {
                        match self
                            .find(g_from, s_from)
                            .and_then(|i| self.scenes.get(i))
                            .cloned()
                        {
                            Some(src) => self.upsert(Scene {
                                group: g_to,
                                id: s_to,
                                ..src
                            }),
                            None => Status::NotFound,
                        }
                    };
                    head(w, s, g_from, s_from)?;
                    Outcome::Response(0x42)
                }
                _ => Outcome::Status(Status::UnsupClusterCommand),
            })
        })();
        match result {
            // Scene responses go only to unicast commands (ZCL 3.7.2.4).
            Ok(Outcome::Response(_)) if !unicast => Outcome::NoResponse,
            Ok(o) => o,
            Err(s) => Outcome::Status(s),
        }
    }

    fn remove_group(&mut self, group: u16) {
        // Not retain: table order does not matter, and this keeps memmove out of firmware.
        let mut i = 0;
        while let Some(s) = self.scenes.get(i) {
            if s.group == group {
                crate::runtime::remove_at(&mut self.scenes, i);
            } else {
                i += 1;
            }
        }
    }

    fn global_scene(&mut self, peers: &mut Peers<'_, '_>, store: bool, now: u32) {
        if store {
            let _ = self.store(0, 0, peers);
        } else if let Some(i) = self.find(0, 0) {
            self.recall(i, peers, None, now);
        }
    }

    fn reset(&mut self) {
        self.scenes.clear();
        self.current_scene = 0;
        self.current_group = 0;
        self.scene_valid = false;
    }
}
