//! Groups server (ZCL 3.6): a table of up to `N` group ids (names are not stored,
//! NameSupport is 0).

use super::ids;
use crate::clusters::groups::attr_id::GROUP_NAME_SUPPORT;
use crate::clusters::groups::{
    AddGroup, AddGroupIfIdentifying, AddGroupResponse, GetGroupMembership,
    GetGroupMembershipResponse, RemoveAllGroups, RemoveGroup, RemoveGroupResponse, ViewGroup,
    ViewGroupResponse,
};
use crate::field::{CharStr, Command, Enum8, Field};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Status};

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
        // The group a command names. Add Group If Identifying carries the fields of Add Group,
        // Remove Group those of View Group (ZCL 3.6.2.3); names are not stored.
        let group_id = match command_id {
            AddGroup::ID | AddGroupIfIdentifying::ID => {
                AddGroup::read_payload(payload).map(|c| c.group_id)
            }
            ViewGroup::ID | RemoveGroup::ID => ViewGroup::read_payload(payload).map(|c| c.group_id),
            _ => Some(0),
        };
        let Some(group_id) = group_id else {
            return Outcome::Status(Status::MalformedCommand);
        };
        // Responses are sent only to unicast commands (ZCL 3.6.2.3).
        let (ok, response) = match command_id {
            // Add Group: the name is not stored.
            AddGroup::ID => {
                let status = Enum8(self.add(group_id).to_u8());
                let response = AddGroupResponse { status, group_id };
                (response.emit(&mut cx.response), AddGroupResponse::ID)
            }
            // View Group: the name is always empty.
            ViewGroup::ID => {
                let status = if self.groups.contains(&group_id) {
                    Status::Success
                } else {
                    Status::NotFound
                };
                let response = ViewGroupResponse {
                    status: Enum8(status.to_u8()),
                    group_id,
                    group_name: CharStr::new(&[]),
                };
                (response.emit(&mut cx.response), ViewGroupResponse::ID)
            }
            // Get Group Membership: an empty list asks for every group.
            GetGroupMembership::ID => {
                let Some(request) = GetGroupMembership::read_payload(payload) else {
                    return Outcome::Status(Status::MalformedCommand);
                };
                let asked = request.group_list;
                let wanted = |g: &&u16| asked.is_empty() || asked.read_each().any(|x| x == **g);
                let listed = self.groups.iter().filter(wanted).count();
                // With a non-empty list and no match the command is not answered (3.6.2.3.4).
                if !asked.is_empty() && listed == 0 {
                    return Outcome::NoResponse;
                }
                let w = &mut cx.response;
                let ok = (|| {
                    w.u8(self.capacity())?;
                    w.u8(u8::try_from(listed).unwrap_or(u8::MAX))?;
                    self.groups
                        .iter()
                        .filter(wanted)
                        .try_for_each(|g| w.u16(*g))
                })();
                (ok, GetGroupMembershipResponse::ID)
            }
            // Remove Group: scenes of that group go too.
            RemoveGroup::ID => {
                let status = match self.groups.iter().position(|x| *x == group_id) {
                    Some(i) => {
                        crate::runtime::remove_at(&mut self.groups, i);
                        if let Some(scenes) = cx.peers.get(ids::SCENES) {
                            scenes.remove_group(group_id);
                        }
                        Status::Success
                    }
                    None => Status::NotFound,
                };
                let response = RemoveGroupResponse {
                    status: Enum8(status.to_u8()),
                    group_id,
                };
                (response.emit(&mut cx.response), RemoveGroupResponse::ID)
            }
            RemoveAllGroups::ID => {
                for g in self.groups.iter() {
                    if let Some(scenes) = cx.peers.get(ids::SCENES) {
                        scenes.remove_group(*g);
                    }
                }
                self.groups.clear();
                return Outcome::Status(Status::Success);
            }
            // Add Group If Identifying: no response command, a Default Response at most.
            AddGroupIfIdentifying::ID => {
                let identifying = cx.peers.read_raw(ids::IDENTIFY, 0).is_some_and(|t| t > 0);
                if identifying {
                    let s = self.add(group_id);
                    if s != Status::DuplicateExists {
                        return Outcome::Status(s);
                    }
                }
                return Outcome::Status(Status::Success);
            }
            _ => return Outcome::Status(Status::UnsupClusterCommand),
        };
        match ok {
            _ if !cx.unicast => Outcome::NoResponse,
            Ok(()) => Outcome::Response(response),
            Err(_) => Outcome::Status(Status::InsufficientSpace),
        }
    }

    fn reset(&mut self) {
        self.groups.clear();
    }
}
