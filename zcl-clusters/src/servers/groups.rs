//! Groups server (ZCL 3.6): a table of up to `N` group ids (names are not stored,
//! NameSupport is 0).

use super::ids;
use crate::clusters::groups::attr_id::GROUP_NAME_SUPPORT;
use crate::clusters::groups::{
    AddGroup, AddGroupIfIdentifying, AddGroupResponse, GetGroupMembership,
    GetGroupMembershipResponse, RemoveAllGroups, RemoveGroup, RemoveGroupResponse, ViewGroup,
    ViewGroupResponse,
};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Cursor, Outcome, Status};
use zcl_core::Writer;

/// The Groups cluster server with room for `N` groups.
#[derive(Debug, Clone, Default)]
pub struct GroupsServer<const N: usize> {
    groups: heapless::Vec<u16, N>,
}

impl<const N: usize> GroupsServer<N> {
    /// An empty group table.
    pub const fn new() -> Self {
        GroupsServer {
            groups: heapless::Vec::new(),
        }
    }

    /// The groups the endpoint is a member of.
    pub fn groups(&self) -> &[u16] {
        &self.groups
    }

    fn add(&mut self, group: u16) -> Status {
        // 0x0000 and 0xfff8-0xffff are not group ids (ZCL 3.6.2.3.2).
        if group == 0 || group > 0xfff7 {
            Status::InvalidValue
        } else if self.groups.contains(&group) {
            Status::DuplicateExists
        } else if self.groups.push(group).is_err() {
            Status::InsufficientSpace
        } else {
            Status::Success
        }
    }

    /// Capacity field of Get Group Membership Response: 0xfe means "at least one more".
    fn capacity(&self) -> u8 {
        u8::try_from(N - self.groups.len())
            .unwrap_or(0xfe)
            .min(0xfe)
    }
}

fn respond(w: &mut Writer<'_>, status: Status, group: u16) -> Result<(), zcl_core::EncodeError> {
    w.u8(status.to_u8())?;
    w.u16(group)
}

impl<const N: usize> ClusterServer for GroupsServer<N> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::groups::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        // NameSupport: bit 7 clear, names not supported.
        (attr.id == GROUP_NAME_SUPPORT).then_some(AttrValue::Raw(0))
    }

    fn write(&mut self, _attr: &AttributeMeta, _value: AttrValue<'_>) -> Result<(), Status> {
        Err(Status::ReadOnly)
    }

    fn in_group(&self, group: u16) -> bool {
        self.groups.contains(&group)
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        let mut r = Cursor::new(payload);
        let w = &mut cx.response;
        // Responses are sent only to unicast commands (ZCL 3.6.2.3).
        let answer = |ok: Result<(), zcl_core::EncodeError>, cmd: u8, unicast: bool| match ok {
            _ if !unicast => Outcome::NoResponse,
            Ok(()) => Outcome::Response(cmd),
            Err(_) => Outcome::Status(Status::InsufficientSpace),
        };
        let malformed = Outcome::Status(Status::MalformedCommand);
        match command_id {
            // Add Group: group id, name (ignored).
            AddGroup::ID => {
                let Some(g) = r.u16() else { return malformed };
                let s = self.add(g);
                answer(respond(w, s, g), AddGroupResponse::ID, cx.unicast)
            }
            // View Group: name is always empty.
            ViewGroup::ID => {
                let Some(g) = r.u16() else { return malformed };
                let s = if self.groups.contains(&g) {
                    Status::Success
                } else {
                    Status::NotFound
                };
                let ok = respond(w, s, g).and_then(|()| w.u8(0));
                answer(ok, ViewGroupResponse::ID, cx.unicast)
            }
            // Get Group Membership: count, ids; empty list asks for every group.
            GetGroupMembership::ID => {
                let Some(count) = r.u8() else {
                    return malformed;
                };
                let mut asked = Cursor::new(r.rest());
                if asked.remaining() < usize::from(count) * 2 {
                    return malformed;
                }
                let wanted = |g: &u16| {
                    let mut a = asked;
                    count == 0 || (0..count).any(|_| a.u16().is_some_and(|x| x == *g))
                };
                let listed = self.groups.iter().filter(|g| wanted(g)).count();
                let ok = (|| {
                    w.u8(self.capacity())?;
                    w.u8(u8::try_from(listed).unwrap_or(u8::MAX))?;
                    for g in self.groups.iter().filter(|g| wanted(g)) {
                        w.u16(*g)?;
                    }
                    Ok(())
                })();
                let _ = asked.take_rest();
                // With a non-empty list and no match the command is not answered (3.6.2.3.4).
                if count > 0 && listed == 0 {
                    return Outcome::NoResponse;
                }
                answer(ok, GetGroupMembershipResponse::ID, cx.unicast)
            }
            // Remove Group: scenes of that group go too.
            RemoveGroup::ID => {
                let Some(g) = r.u16() else { return malformed };
                let s = match self.groups.iter().position(|x| *x == g) {
                    Some(i) => {
                        crate::runtime::remove_at(&mut self.groups, i);
                        if let Some(scenes) = cx.peers.get(ids::SCENES) {
                            scenes.remove_group(g);
                        }
                        Status::Success
                    }
                    None => Status::NotFound,
                };
                answer(respond(w, s, g), RemoveGroupResponse::ID, cx.unicast)
            }
            // Remove All Groups.
            RemoveAllGroups::ID => {
                for g in self.groups.iter() {
                    if let Some(scenes) = cx.peers.get(ids::SCENES) {
                        scenes.remove_group(*g);
                    }
                }
                self.groups.clear();
                Outcome::Status(Status::Success)
            }
            // Add Group If Identifying.
            AddGroupIfIdentifying::ID => {
                let Some(g) = r.u16() else { return malformed };
                let identifying = cx.peers.read_raw(ids::IDENTIFY, 0).is_some_and(|t| t > 0);
                if identifying {
                    let s = self.add(g);
                    if s != Status::DuplicateExists {
                        return Outcome::Status(s);
                    }
                }
                Outcome::Status(Status::Success)
            }
            _ => Outcome::Status(Status::UnsupClusterCommand),
        }
    }

    fn reset(&mut self) {
        self.groups.clear();
    }
}
