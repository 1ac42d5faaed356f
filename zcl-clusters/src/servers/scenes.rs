//! Scenes server (ZCL 3.7): add, view, remove, remove all, store, recall, get membership,
//! enhanced add and view, copy scene; extension field sets come from and go to the other servers
//! of the endpoint (On/Off, Level Control, Color Control). Names are not stored (NameSupport 0).

use crate::clusters::scenes::attr_id::{
    CURRENT_GROUP, CURRENT_SCENE, SCENE_COUNT, SCENE_NAME_SUPPORT, SCENE_VALID,
};
use crate::clusters::scenes::{
    AddScene, CopyScene, EnhancedAddScene, EnhancedViewScene, GetSceneMembership,
    GetSceneMembershipResponse, RecallScene, RemoveAllScenes, RemoveScene, SceneExtensionFieldSet,
    ScenesCopyMode, StoreScene, ViewScene,
};
use crate::field::{Command, Field};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Peers, Status};
use zcl_core::{Reader, Writer};

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
    /// The running transition of the last recall (start, length in ms, whether a tick at or
    /// after its end was seen): the changes it makes keep the scene valid.
    settle: Option<(u32, u32, bool)>,
}

/// Walks extension field sets: (cluster, data) pairs.
impl<const N: usize, const E: usize> ScenesServer<N, E> {
    /// An empty scene table.
    pub const fn new() -> Self {
        ScenesServer {
            scenes: heapless::Vec::new(),
            current_scene: 0,
            current_group: 0,
            scene_valid: false,
            settle: None,
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
        // Stored extension field sets (ZCL 3.7.2.4.2.1) came whole from Add Scene or a capture.
        let mut r = Reader::new(&scene.extensions);
        while let Some(set) = SceneExtensionFieldSet::read(&mut r) {
            if let Some(p) = peers.get(set.cluster_id.0) {
                p.recall_scene(set.extension_field_set.bytes(), tt, now);
            }
        }
        self.current_scene = scene.id;
        self.current_group = scene.group;
        self.scene_valid = true;
        let ms = u32::from(tt) * 100;
        self.settle = (ms > 0).then_some((now, ms, false));
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
            self.settle = None;
        }
        s
    }

    /// Add Scene after group and scene id: transition time, name, extension field sets.
    /// Add Scene and Enhanced Add Scene: the name is not stored.
    fn add(&mut self, c: &AddScene<'_>, enhanced: bool) -> Status {
        let ext = c.extension_field_sets.wire_bytes().unwrap_or(&[]);
        let Ok(extensions) = heapless::Vec::from_slice(ext) else {
            return Status::InsufficientSpace;
        };
        let tt = u32::from(c.transition_time);
        // Add Scene gives seconds, Enhanced Add Scene tenths of a second (3.7.2.4.2, 3.7.2.4.9).
        let transition_ds = if enhanced { tt } else { tt * 10 };
        self.upsert(Scene {
            group: c.group_id,
            id: c.scene_id,
            transition_ds,
            extensions,
        })
    }

    fn copy(&mut self, all: bool, from: (u16, u8), to: (u16, u8)) -> Status {
        if !all {
            return match self
                .find(from.0, from.1)
                .and_then(|i| self.scenes.get(i))
                .cloned()
            {
                Some(src) => self.upsert(Scene {
                    group: to.0,
                    id: to.1,
                    ..src
                }),
                None => Status::NotFound,
            };
        }
        for i in 0..self.scenes.len() {
            let Some(src) = self.scenes.get(i).filter(|x| x.group == from.0).cloned() else {
                continue;
            };
            let s = self.upsert(Scene { group: to.0, ..src });
            if s != Status::Success {
                return s;
            }
        }
        Status::Success
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
            SCENE_COUNT => self.scenes.len() as u64,
            CURRENT_SCENE => self.current_scene.into(),
            CURRENT_GROUP => self.current_group.into(),
            SCENE_VALID => self.scene_valid.into(),
            SCENE_NAME_SUPPORT => 0,
            _ => return None,
        }))
    }

    fn write(&mut self, _attr: &AttributeMeta, _value: AttrValue<'_>) -> Result<(), Status> {
        Err(Status::ReadOnly)
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        let malformed = Outcome::Status(Status::MalformedCommand);
        let mut add = None;
        let mut recall_tt = None;
        let mut copy = None;
        // Every command names a group, all but Remove All Scenes and Get Scene Membership a
        // scene. Enhanced Add Scene and Enhanced View Scene carry the fields of Add Scene and
        // View Scene (ZCL 3.7.2.4.9, 3.7.2.4.10).
        let parsed = match command_id {
            AddScene::ID | EnhancedAddScene::ID => AddScene::read_payload(payload).map(|c| {
                add = Some(c);
                (c.group_id, c.scene_id)
            }),
            // These four carry the same two fields (ZCL 3.7.2.4.3-3.7.2.4.5, 3.7.2.4.10).
            ViewScene::ID | EnhancedViewScene::ID | RemoveScene::ID | StoreScene::ID => {
                ViewScene::read_payload(payload).map(|c| (c.group_id, c.scene_id))
            }
            RecallScene::ID => RecallScene::read_payload(payload).map(|c| {
                recall_tt = c.transition_time;
                (c.group_id, c.scene_id)
            }),
            // Both carry only the group (ZCL 3.7.2.4.6, 3.7.2.4.8).
            RemoveAllScenes::ID | GetSceneMembership::ID => {
                RemoveAllScenes::read_payload(payload).map(|c| (c.group_id, 0))
            }
            CopyScene::ID => CopyScene::read_payload(payload).map(|c| {
                copy = Some(c);
                (c.group_id_from, c.scene_id_from)
            }),
            _ => return Outcome::Status(Status::UnsupClusterCommand),
        };
        let Some((g, id)) = parsed else {
            return malformed;
        };
        let has_id = !matches!(command_id, RemoveAllScenes::ID | GetSceneMembership::ID);
        let mut status = if group_ok(&mut cx.peers, g) {
            Status::Success
        } else {
            Status::InvalidField
        };
        let found = self.find(g, id);
        // View Scene answers with the scene after the common fields.
        let mut view = None;
        match command_id {
            // Add Scene / Enhanced Add Scene.
            AddScene::ID | EnhancedAddScene::ID => {
                if let (Some(c), Status::Success) = (add, status) {
                    status = self.add(&c, command_id == EnhancedAddScene::ID);
                }
            }
            // View Scene / Enhanced View Scene.
            ViewScene::ID | EnhancedViewScene::ID => match found {
                _ if status != Status::Success => {}
                Some(i) => view = Some(i),
                None => status = Status::NotFound,
            },
            // Remove Scene.
            RemoveScene::ID => match found {
                _ if status != Status::Success => {}
                Some(i) => crate::runtime::remove_at(&mut self.scenes, i),
                None => status = Status::NotFound,
            },
            // Remove All Scenes.
            RemoveAllScenes::ID if status == Status::Success => self.remove_group(g),
            // Store Scene.
            StoreScene::ID if status == Status::Success => {
                status = self.store(g, id, &mut cx.peers)
            }
            RemoveAllScenes::ID | StoreScene::ID => {}
            // Recall Scene: optional transition time in tenths (0xffff: the scene's own).
            RecallScene::ID => {
                let tt = recall_tt.filter(|t| *t != 0xffff);
                return Outcome::Status(match found {
                    _ if status != Status::Success => status,
                    Some(i) => {
                        self.recall(i, &mut cx.peers, tt, cx.now);
                        Status::Success
                    }
                    None => Status::NotFound,
                });
            }
            // Get Scene Membership: status, capacity, group, then count and ids on success.
            GetSceneMembership::ID => {
                if !cx.unicast {
                    return Outcome::NoResponse;
                }
                let w = &mut cx.response;
                let mut ok = w.u8(status.to_u8()).is_ok()
                    && w.u8(self.capacity()).is_ok()
                    && w.u16(g).is_ok();
                if status == Status::Success {
                    let count = self.scenes.iter().filter(|s| s.group == g).count();
                    ok &= w.u8(u8::try_from(count).unwrap_or(u8::MAX)).is_ok();
                    for s in self.scenes.iter().filter(|s| s.group == g) {
                        ok &= w.u8(s.id).is_ok();
                    }
                }
                return if ok {
                    Outcome::Response(GetSceneMembershipResponse::ID)
                } else {
                    Outcome::Status(Status::InsufficientSpace)
                };
            }
            // Copy Scene: mode bit 0 copies every scene of the group.
            CopyScene::ID => {
                let Some(c) = copy else { return malformed };
                if !group_ok(&mut cx.peers, c.group_id_to) {
                    status = Status::InvalidField;
                } else if status == Status::Success {
                    let all = c.mode.contains(ScenesCopyMode::COPY_ALL_SCENES);
                    status = self.copy(all, (g, id), (c.group_id_to, c.scene_id_to));
                }
            }
            _ => return Outcome::Status(Status::UnsupClusterCommand),
        }
        // Scene responses go only to unicast commands (ZCL 3.7.2.4).
        if !cx.unicast {
            return Outcome::NoResponse;
        }
        let w = &mut cx.response;
        let mut ok = w.u8(status.to_u8()).is_ok() && w.u16(g).is_ok();
        if has_id {
            ok &= w.u8(id).is_ok();
        }
        if let Some(scene) = view.and_then(|i| self.scenes.get(i)) {
            // View Scene gives seconds, Enhanced View Scene tenths.
            let tt = if command_id == EnhancedViewScene::ID {
                scene.transition_ds
            } else {
                scene.transition_ds / 10
            };
            ok &= w.u16(u16::try_from(tt).unwrap_or(u16::MAX)).is_ok()
                && w.u8(0).is_ok()
                && w.bytes(&scene.extensions).is_ok();
        }
        if ok {
            Outcome::Response(command_id)
        } else {
            Outcome::Status(Status::InsufficientSpace)
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

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        // The recall's transition ends: its last step may still come in this tick (the other
        // servers tick after this one), so the window closes one tick later.
        self.settle = match self.settle {
            Some((start, ms, false)) => Some((start, ms, cx.now.wrapping_sub(start) >= ms)),
            _ => None,
        };
    }

    fn scene_changed(&mut self, _now: u32, by_command: bool) {
        // ZCL 3.7.2.2.4: a change of a scene attribute makes the current scene invalid, except
        // the recall's own transition running on ticks.
        if by_command || self.settle.is_none() {
            self.scene_valid = false;
            self.settle = None;
        }
    }

    fn reset(&mut self) {
        self.settle = None;
        self.scenes.clear();
        self.current_scene = 0;
        self.current_group = 0;
        self.scene_valid = false;
    }
}
