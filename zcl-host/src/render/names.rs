//! Names and typed fields from the cluster registry for the JSON of a ZCL frame.
//!
//! [`annotate`] adds to the object [`super::frame::frame_json`] builds: `cluster_name`; for a
//! cluster-specific command known to the registry, `command` (its name) and `fields` (typed named
//! fields: lists become arrays, structures objects); and `name` on every attribute record of a
//! known attribute. Xiaomi's packed attributes (Basic 0xFF01/0x00F7, Aqara 0xFCC0/0x00F7) get a
//! decoded `xiaomi_tlv` list. A command or attribute the registry does not know keeps its raw
//! form.

use super::value::value_json;
use serde_json::{json, Map, Value as Json};
use zcl_clusters::manufacturer::xiaomi;
use zcl_clusters::meta::ValueNames;
use zcl_clusters::registry::{self, FieldVisitor};
use zcl_core::value::Value;
use zcl_core::Direction;

/// Builds JSON from the registry's field visitor: values become members of the current object,
/// list elements entries of the current array.
#[derive(Debug, Default)]
pub struct JsonFields {
    stack: Vec<(String, Json)>,
    root: Map<String, Json>,
}

impl JsonFields {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The fields collected so far, as a JSON object.
    pub fn finish(mut self) -> Json {
        while !self.stack.is_empty() {
            self.close();
        }
        Json::Object(self.root)
    }

    fn put(&mut self, name: &str, v: Json) {
        match self.stack.last_mut() {
            Some((_, Json::Array(a))) => a.push(v),
            Some((_, Json::Object(o))) => {
                o.insert(name.to_string(), v);
            }
            Some(_) => {}
            None => {
                self.root.insert(name.to_string(), v);
            }
        }
    }

    fn close(&mut self) {
        if let Some((name, v)) = self.stack.pop() {
            self.put(&name, v);
        }
    }
}

impl FieldVisitor for JsonFields {
    fn value(&mut self, name: &str, value: Value<'_>) {
        self.put(name, value_json(&value));
    }
    fn begin_list(&mut self, name: &str) {
        self.stack.push((name.to_string(), Json::Array(Vec::new())));
    }
    fn end_list(&mut self) {
        self.close();
    }
    fn begin_struct(&mut self, name: &str) {
        self.stack
            .push((name.to_string(), Json::Object(Map::new())));
    }
    fn end_struct(&mut self) {
        self.close();
    }
}

/// Decodes a cluster-specific command's payload by name: `Some((name, fields))` when the
/// registry knows the command, `Some((name, {"error": ..}))` when it knows it but the payload
/// does not decode, `None` when unknown.
pub fn command_fields(
    cluster: u16,
    manufacturer: Option<u16>,
    direction: Direction,
    command_id: u8,
    payload: &[u8],
) -> Option<(&'static str, Json)> {
    let mut v = JsonFields::new();
    match registry::decode_command(
        cluster,
        manufacturer,
        direction,
        command_id,
        payload,
        &mut v,
    ) {
        Ok(Some(meta)) => Some((meta.name, v.finish())),
        Ok(None) => None,
        Err(e) => {
            let name = registry::lookup(cluster, manufacturer)
                .and_then(|e| e.meta.command(command_id, direction))
                .map(|c| c.name)?;
            Some((name, json!({ "error": e.to_string() })))
        }
    }
}

/// Replaces the raw bytes of each scene extension field set (Scenes Add Scene, View Scene
/// Response and their enhanced forms) by the attribute values the set's cluster defines for
/// its scene table (ZCL 3.7.2.4.2). A set of a cluster without a known table, or whose bytes
/// do not fit it, keeps its raw `extension_field_set`.
fn decode_extension_field_sets(fields: &mut Json) {
    let Some(sets) = fields
        .get_mut("extension_field_sets")
        .and_then(Json::as_array_mut)
    else {
        return;
    };
    for set in sets {
        let Some(o) = set.as_object_mut() else {
            continue;
        };
        let cluster = o
            .get("cluster_id")
            .and_then(Json::as_u64)
            .and_then(|c| u16::try_from(c).ok());
        let bytes = o
            .get("extension_field_set")
            .and_then(Json::as_str)
            .and_then(|h| hex::decode(h).ok());
        let (Some(cluster), Some(bytes)) = (cluster, bytes) else {
            continue;
        };
        let table = zcl_clusters::clusters::scenes::extension_fields(cluster);
        if table.is_empty() {
            continue;
        }
        let mut r = zcl_core::Reader::new(&bytes);
        let mut values = Map::new();
        let mut fits = true;
        for (name, data_type) in table {
            if r.is_empty() {
                break;
            }
            match Value::parse(*data_type, &mut r) {
                Ok(v) => {
                    values.insert((*name).to_string(), value_json(&v));
                }
                Err(_) => {
                    fits = false;
                    break;
                }
            }
        }
        if fits && r.is_empty() {
            o.remove("extension_field_set");
            o.extend(values);
        }
    }
}

/// Decoded entries of a Xiaomi TLV byte string.
pub fn xiaomi_tlv_json(bytes: &[u8]) -> Json {
    Json::Array(
        xiaomi::Tlv::new(bytes)
            .iter()
            .map(|e| match e {
                Ok(e) => json!({
                    "tag": e.tag,
                    "tag_name": e.tag_name(),
                    "type": e.value.data_type().to_u8(),
                    "value": value_json(&e.value),
                }),
                Err(err) => json!({ "error": err.to_string() }),
            })
            .collect(),
    )
}

fn is_xiaomi_tlv(cluster: u16, attribute: u64) -> bool {
    matches!(
        (cluster, attribute),
        (0x0000, 0xff01 | 0x00f7) | (0xfcc0, 0x00f7)
    )
}

/// Adds registry names (and decoded fields of cluster commands) to a frame's JSON object.
/// `payload` is the frame's payload (after the header).
pub fn annotate(obj: &mut Map<String, Json>, cluster: u16, payload: &[u8]) {
    let manufacturer = obj
        .get("manufacturer")
        .and_then(Json::as_u64)
        .and_then(|m| u16::try_from(m).ok());
    let entry = registry::lookup(cluster, manufacturer);
    obj.insert(
        "cluster_name".into(),
        entry.map_or(Json::Null, |e| json!(e.meta.name)),
    );
    if entry.is_none() {
        return;
    }
    if obj.get("frame_type").and_then(Json::as_str) == Some("cluster") {
        let direction = match obj.get("direction").and_then(Json::as_str) {
            Some("server_to_client") => Direction::ServerToClient,
            _ => Direction::ClientToServer,
        };
        let id = obj
            .get("command_id")
            .and_then(Json::as_u64)
            .and_then(|c| u8::try_from(c).ok());
        if let Some((name, mut fields)) =
            id.and_then(|id| command_fields(cluster, manufacturer, direction, id, payload))
        {
            if cluster == 0x0005 && manufacturer.is_none() {
                decode_extension_field_sets(&mut fields);
            }
            obj.insert("command".into(), json!(name));
            obj.insert("fields".into(), fields);
        }
        return;
    }
    // Foundation commands: name every attribute record the registry knows.
    let obj_command_id = obj
        .get("command_id")
        .and_then(Json::as_u64)
        .and_then(|c| u8::try_from(c).ok());
    let records = obj
        .get_mut("payload")
        .and_then(|p| p.get_mut("records"))
        .and_then(Json::as_array_mut);
    for rec in records.into_iter().flatten() {
        let Some(o) = rec.as_object_mut() else {
            continue;
        };
        let Some(id) = o.get("attribute").and_then(Json::as_u64) else {
            continue;
        };
        if let Some(a) = u16::try_from(id)
            .ok()
            .and_then(|id| registry::attribute(cluster, manufacturer, id))
        {
            o.insert("name".into(), json!(a.name));
            if let Some(names) = registry::attribute_values(cluster, manufacturer, a.id) {
                name_value(o, names);
            }
        }
        if is_xiaomi_tlv(cluster, id) {
            if let Some(bytes) = xiaomi_bytes(obj_command_id, payload, id) {
                o.insert("xiaomi_tlv".into(), xiaomi_tlv_json(bytes));
            }
        }
    }
}

/// Adds `value_name` / `value_flags` to `o` (which holds `value`) when the attribute of
/// `cluster` names its values (see [`name_value`]).
pub fn name_attribute_value(
    o: &mut Map<String, Json>,
    cluster: u16,
    manufacturer: Option<u16>,
    attribute: u16,
) {
    if let Some(names) = zcl_clusters::registry::attribute_values(cluster, manufacturer, attribute)
    {
        name_value(o, names);
    }
}

/// Adds the names of a record's value from its attribute's enum or bitmap: `value_name` for an
/// enum code the definition names (`"previous"`), `value_flags` with the names of the set bits
/// of a bitmap (`["alarm1", "battery"]`). Names are the definition's, in snake case.
fn name_value(o: &mut Map<String, Json>, names: &ValueNames) {
    let Some(v) = o.get("value").and_then(Json::as_u64) else {
        return;
    };
    match names {
        ValueNames::Enum(_) => {
            if let Some(n) = names.name(v) {
                o.insert("value_name".into(), json!(snake_case(n)));
            }
        }
        ValueNames::Bitmap(_) => {
            let flags: Vec<Json> = names
                .flags(v)
                .map(|n| json!(n.to_ascii_lowercase()))
                .collect();
            o.insert("value_flags".into(), Json::Array(flags));
        }
    }
}

/// `CamelCase` to `snake_case` (enum variant names as JSON values).
fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The raw bytes of a string attribute `attribute` in a Report Attributes or Read Attributes
/// Response payload (JSON keeps character strings as text, which may not hold the bytes).
fn string_bytes<'a>(v: &Value<'a>) -> Option<&'a [u8]> {
    match *v {
        Value::CharString(Some(b)) | Value::OctetString(Some(b)) => Some(b),
        _ => None,
    }
}

fn xiaomi_bytes(command_id: Option<u8>, payload: &[u8], attribute: u64) -> Option<&[u8]> {
    use zcl_core::foundation::GlobalCommand as C;
    let wanted = u16::try_from(attribute).ok()?;
    match C::parse(command_id?, payload).ok()? {
        C::ReportAttributes(v) => v
            .reports()
            .flatten()
            .find(|r| r.attribute_id == wanted)
            .and_then(|r| string_bytes(&r.value)),
        C::ReadAttributesResponse(v) => v
            .records()
            .flatten()
            .find(|r| r.attribute_id == wanted)
            .and_then(|r| r.value.as_ref().and_then(|v| string_bytes(v))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_values_print_enum_and_bitmap_names() {
        // On/Off Read Attributes Response: StartUpOnOff (0x4003), enum8, 0xff.
        let frame = [
            0x18, 0x01, 0x01, // server to client, tsn 1, read attributes response
            0x03, 0x40, 0x00, 0x30, 0xff, // 0x4003 SUCCESS enum8 0xff
        ];
        let j = crate::render::frame::frame_json(0x0006, &frame);
        let rec = &j["payload"]["records"][0];
        assert_eq!(rec["name"], "start_up_on_off");
        assert_eq!(rec["value"], 255);
        assert_eq!(rec["value_name"], "previous");
        // IAS Zone Report Attributes: ZoneStatus (0x0002), map16, 0x0009 (alarm1, battery), and
        // ZoneState (0x0000) enum8 1 (enrolled).
        let frame = [
            0x18, 0x02, 0x0a, // server to client, tsn 2, report attributes
            0x02, 0x00, 0x19, 0x09, 0x00, // 0x0002 map16 0x0009
            0x00, 0x00, 0x30, 0x01, // 0x0000 enum8 1
        ];
        let j = crate::render::frame::frame_json(0x0500, &frame);
        let recs = &j["payload"]["records"];
        assert_eq!(recs[0]["value_flags"], json!(["alarm1", "battery"]));
        assert_eq!(recs[1]["value_name"], "enrolled");
        // A code the definition does not name gets no name.
        let frame = [0x18, 0x03, 0x0a, 0x03, 0x40, 0x30, 0x07];
        let j = crate::render::frame::frame_json(0x0006, &frame);
        assert!(j["payload"]["records"][0].get("value_name").is_none());
        assert_eq!(snake_case("EmergencyHeating"), "emergency_heating");
    }

    #[test]
    fn fields_of_a_scene_command_nest_lists_and_structures() {
        // Scenes Add Scene: group 1, scene 2, transition 10, name "ab", one extension field set
        // for On/Off (cluster 0x0006) holding one byte (on).
        let payload = [
            0x01, 0x00, 0x02, 0x0a, 0x00, 0x02, b'a', b'b', 0x06, 0x00, 0x01, 0x01,
        ];
        let (name, fields) =
            command_fields(0x0005, None, Direction::ClientToServer, 0x00, &payload).unwrap();
        assert_eq!(name, "add_scene");
        assert_eq!(fields["group_id"], 1);
        assert_eq!(fields["scene_name"], "ab");
        assert_eq!(fields["extension_field_sets"][0]["cluster_id"], 6);
        assert_eq!(
            fields["extension_field_sets"][0]["extension_field_set"],
            "01"
        );
    }

    #[test]
    fn scene_extension_field_sets_are_decoded_per_cluster() {
        // Add Scene (group 1, scene 2, transition 10, no name) with an On/Off set (on) and a
        // Level Control set (level 0x80).
        let frame = [
            0x01, 0x07, 0x00, 0x01, 0x00, 0x02, 0x0a, 0x00,
            0x00, // header, group, scene, tt, ""
            0x06, 0x00, 0x01, 0x01, // On/Off: 1 byte, on
            0x08, 0x00, 0x01, 0x80, // Level Control: 1 byte, level 128
        ];
        let j = crate::render::frame::frame_json(0x0005, &frame);
        let sets = &j["fields"]["extension_field_sets"];
        assert_eq!(sets[0]["on_off"], true);
        assert_eq!(sets[1]["current_level"], 128);
        assert!(sets[0].get("extension_field_set").is_none());
    }

    #[test]
    fn unknown_command_of_a_known_cluster_is_not_named() {
        assert!(command_fields(0x0006, None, Direction::ClientToServer, 0x7f, &[1, 2]).is_none());
    }
}

#[cfg(test)]
mod frame_tests {
    use crate::render::frame::frame_json;

    #[test]
    fn xiaomi_report_gets_names_and_decoded_tlv() {
        let frame = [
            0x1c, 0x5f, 0x11, // frame control (global, mfr specific, to client), Lumi 0x115F
            0x0a, 0x0a, // tsn 10, report attributes
            0x01, 0xff, 0x42, 0x07, // attribute 0xFF01, character string of 7 bytes
            0x01, 0x21, 0xd1, 0x0b, // tag 1, uint16 3025 (battery mV)
            0x03, 0x28, 0x1b, // tag 3, int8 27 (device temperature)
        ];
        let j = frame_json(0x0000, &frame);
        assert_eq!(j["cluster_name"], "Basic");
        let rec = &j["payload"]["records"][0];
        assert_eq!(rec["name"], "xiaomi_tlv_report");
        assert_eq!(rec["xiaomi_tlv"][0]["tag_name"], "battery_voltage_mv");
        assert_eq!(rec["xiaomi_tlv"][0]["value"], 3025);
        assert_eq!(rec["xiaomi_tlv"][1]["value"], 27);
    }

    #[test]
    fn cluster_command_gets_name_and_fields_unknown_stays_raw() {
        // On/Off On With Timed Off: control 1, on time 30, off wait 10.
        let j = frame_json(0x0006, &[0x01, 0x42, 0x42, 0x01, 0x1e, 0x00, 0x0a, 0x00]);
        assert_eq!(j["command"], "on_with_timed_off");
        assert_eq!(j["fields"]["on_time"], 30);
        assert_eq!(j["fields"]["off_wait_time"], 10);
        // Command 0x7f is not defined by On/Off: no name, payload kept raw.
        let j = frame_json(0x0006, &[0x01, 0x01, 0x7f, 0xaa]);
        assert!(j["command"].is_null());
        assert!(j.get("fields").is_none());
        assert_eq!(j["payload"]["raw"], "aa");
        // An unknown attribute of a known cluster keeps its record, without a name.
        let j = frame_json(0x0006, &[0x18, 0x01, 0x0a, 0x34, 0x12, 0x20, 0x05]);
        let rec = &j["payload"]["records"][0];
        assert_eq!(rec["attribute"], 0x1234);
        assert_eq!(rec["value"], 5);
        assert!(rec.get("name").is_none());
    }
}
