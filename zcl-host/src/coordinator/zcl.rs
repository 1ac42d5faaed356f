//! ZCL requests as the coordinator builds them: names resolved through the zcl-clusters
//! registry, values written from text, frames encoded with zcl-core.

use zcl_clusters::meta::{AttributeMeta, ClusterMeta, CommandMeta};
use zcl_clusters::registry::{self, FieldVisitor};
use zcl_core::{DataType, Direction, FrameControl, FrameType, Header, Value, Writer};

/// The largest ZCL frame the coordinator builds (an APS payload without fragmentation).
pub const MAX_ZCL_FRAME: usize = 82;

/// A cluster named by id (`0x0006`, `6`) or by name (`on_off`, `"On/Off"`, `level control`).
///
/// # Errors
/// Neither an id nor a cluster the registry knows.
pub fn resolve_cluster(name: &str) -> Result<&'static ClusterMeta, String> {
    if let Ok(id) = crate::text::parse_u16(name) {
        return registry::lookup(id, None)
            .map(|e| e.meta)
            .ok_or_else(|| format!("no cluster 0x{id:04x} in the registry"));
    }
    let want = normalise(name);
    registry::all()
        .iter()
        .find(|e| e.meta.manufacturer.is_none() && normalise(e.meta.name) == want)
        .or_else(|| {
            registry::all()
                .iter()
                .find(|e| normalise(e.meta.name) == want)
        })
        .map(|e| e.meta)
        .ok_or_else(|| format!("unknown cluster {name:?} (see `zcl-host clusters`)"))
}

/// Lower case with spaces, dashes and slashes folded to `_`, so "On/Off", "on-off" and
/// "on_off" match.
fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_owned()
}

/// An attribute of `cluster` named by id or snake_case name.
///
/// # Errors
/// Neither an id nor an attribute of the cluster.
pub fn resolve_attribute(
    cluster: &'static ClusterMeta,
    name: &str,
) -> Result<&'static AttributeMeta, String> {
    let attrs: &'static [AttributeMeta] = cluster.attributes;
    let found = if let Ok(id) = crate::text::parse_u16(name) {
        attrs.iter().find(|a| a.id == id)
    } else {
        let want = normalise(name);
        attrs.iter().find(|a| normalise(a.name()) == want)
    };
    found.ok_or_else(|| format!("{} has no attribute {name:?}", cluster.name))
}

/// A command the cluster's server receives, named by id or snake_case name.
///
/// # Errors
/// Not a client-to-server command of the cluster.
pub fn resolve_command(
    cluster: &'static ClusterMeta,
    name: &str,
) -> Result<&'static CommandMeta, String> {
    let cmds: &'static [CommandMeta] = cluster.commands;
    let server = cmds
        .iter()
        .filter(|c| c.direction == Direction::ClientToServer);
    let found = if let Some(id) = name
        .strip_prefix("0x")
        .and_then(|h| u8::from_str_radix(h, 16).ok())
        .or_else(|| name.parse::<u8>().ok())
    {
        server.clone().find(|c| c.id == id)
    } else {
        let want = normalise(name);
        server.clone().find(|c| normalise(c.name()) == want)
    };
    found.ok_or_else(|| {
        let names: Vec<&str> = server.map(|c| c.name()).collect();
        format!(
            "{} has no command {name:?} (it has: {})",
            cluster.name,
            names.join(", ")
        )
    })
}

fn int(text: &str) -> Result<i128, String> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16)
    } else if let Some(b) = t.strip_prefix("0b") {
        i128::from_str_radix(b, 2)
    } else {
        t.parse::<i128>()
    }
    .map_err(|_| format!("{text:?} is not a number"))?;
    Ok(if neg { -v } else { v })
}

fn ranged<T: TryFrom<i128>>(
    text: &str,
    dt: DataType,
    bits: u32,
    signed: bool,
) -> Result<T, String> {
    let v = int(text)?;
    let (lo, hi) = if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    if v < lo || v > hi {
        return Err(format!(
            "{text} is out of range for {} ({lo}..={hi})",
            dt.name()
        ));
    }
    T::try_from(v).map_err(|_| format!("{text} is out of range for {}", dt.name()))
}

/// Writes the wire form (without the type id) of `text` read as a value of `dt`: integers in
/// decimal or `0x` hex, booleans as `true`/`false`/`on`/`off`/`1`/`0`, floats, character
/// strings as text, octet strings and security keys as hex, IEEE addresses as
/// `00:11:..`.
///
/// # Errors
/// The text is not a value of the type, is out of range, or the type cannot be written from
/// text (collections, structures).
pub fn encode_value_text(dt: DataType, text: &str) -> Result<Vec<u8>, String> {
    let hex_bytes = |t: &str| crate::text::parse_hex(t);
    let owned: Vec<u8>;
    let v = match dt {
        DataType::Bool => Value::Bool(match text.trim().to_ascii_lowercase().as_str() {
            "true" | "on" | "1" | "yes" => 1,
            "false" | "off" | "0" | "no" => 0,
            _ => return Err(format!("{text:?} is not a boolean (true/false)")),
        }),
        DataType::Data8 => Value::Data8(ranged(text, dt, 8, false)?),
        DataType::Data16 => Value::Data16(ranged(text, dt, 16, false)?),
        DataType::Data24 => Value::Data24(ranged(text, dt, 24, false)?),
        DataType::Data32 => Value::Data32(ranged(text, dt, 32, false)?),
        DataType::Map8 => Value::Map8(ranged(text, dt, 8, false)?),
        DataType::Map16 => Value::Map16(ranged(text, dt, 16, false)?),
        DataType::Map24 => Value::Map24(ranged(text, dt, 24, false)?),
        DataType::Map32 => Value::Map32(ranged(text, dt, 32, false)?),
        DataType::Uint8 => Value::Uint8(ranged(text, dt, 8, false)?),
        DataType::Uint16 => Value::Uint16(ranged(text, dt, 16, false)?),
        DataType::Uint24 => Value::Uint24(ranged(text, dt, 24, false)?),
        DataType::Uint32 => Value::Uint32(ranged(text, dt, 32, false)?),
        DataType::Uint40 => Value::Uint40(ranged(text, dt, 40, false)?),
        DataType::Uint48 => Value::Uint48(ranged(text, dt, 48, false)?),
        DataType::Uint56 => Value::Uint56(ranged(text, dt, 56, false)?),
        DataType::Uint64 => Value::Uint64(ranged(text, dt, 64, false)?),
        DataType::Int8 => Value::Int8(ranged(text, dt, 8, true)?),
        DataType::Int16 => Value::Int16(ranged(text, dt, 16, true)?),
        DataType::Int24 => Value::Int24(ranged(text, dt, 24, true)?),
        DataType::Int32 => Value::Int32(ranged(text, dt, 32, true)?),
        DataType::Int40 => Value::Int40(ranged(text, dt, 40, true)?),
        DataType::Int48 => Value::Int48(ranged(text, dt, 48, true)?),
        DataType::Int56 => Value::Int56(ranged(text, dt, 56, true)?),
        DataType::Int64 => Value::Int64(ranged(text, dt, 64, true)?),
        DataType::Enum8 => Value::Enum8(ranged(text, dt, 8, false)?),
        DataType::Enum16 => Value::Enum16(ranged(text, dt, 16, false)?),
        DataType::ClusterId => Value::ClusterId(ranged(text, dt, 16, false)?),
        DataType::AttributeId => Value::AttributeId(ranged(text, dt, 16, false)?),
        DataType::UtcTime => Value::UtcTime(ranged(text, dt, 32, false)?),
        DataType::BacnetOid => Value::BacnetOid(ranged(text, dt, 32, false)?),
        DataType::Single => Value::Single(
            text.trim()
                .parse()
                .map_err(|_| format!("{text:?} is not a number"))?,
        ),
        DataType::Double => Value::Double(
            text.trim()
                .parse()
                .map_err(|_| format!("{text:?} is not a number"))?,
        ),
        DataType::CharString => Value::CharString(Some(text.as_bytes())),
        DataType::LongCharString => Value::LongCharString(Some(text.as_bytes())),
        DataType::OctetString => {
            owned = hex_bytes(text)?;
            Value::OctetString(Some(&owned))
        }
        DataType::LongOctetString => {
            owned = hex_bytes(text)?;
            Value::LongOctetString(Some(&owned))
        }
        DataType::IeeeAddress => Value::IeeeAddress(
            super::db::parse_ieee(text)
                .ok_or_else(|| format!("{text:?} is not an IEEE address"))?,
        ),
        DataType::SecurityKey => {
            let b = hex_bytes(text)?;
            Value::SecurityKey(
                b.try_into()
                    .map_err(|_| format!("{text:?} is not a 16-byte key"))?,
            )
        }
        other => {
            return Err(format!(
                "values of type {} cannot be written from text",
                other.name()
            ))
        }
    };
    let mut buf = vec![0u8; 260];
    let n = v.emit(&mut buf).map_err(|e| format!("{e}"))?;
    buf.truncate(n);
    Ok(buf)
}

/// Checks an attribute's value against the specification's range, where it gives one.
///
/// # Errors
/// The value is outside the range.
pub fn check_limits(attr: &AttributeMeta, wire: &[u8]) -> Result<(), String> {
    let mut r = zcl_core::Reader::new(wire);
    let Ok(v) = Value::parse(attr.data_type, &mut r) else {
        return Ok(());
    };
    if attr.data_type.class() != zcl_core::types::TypeClass::Analog {
        return Ok(());
    }
    let Some(x) = v.as_i64() else {
        return Ok(());
    };
    if let Some(min) = attr.min() {
        if x < min {
            return Err(format!("{} must be at least {min}", attr.name()));
        }
    }
    if let Some(max) = attr.max() {
        if x > max {
            return Err(format!("{} must be at most {max}", attr.name()));
        }
    }
    Ok(())
}

/// One field of a command as the registry's decoder describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandField {
    /// snake_case name.
    pub name: String,
    /// Its data type.
    pub data_type: DataType,
}

/// Learns the fields of a command by decoding an all-zero payload with the registry's
/// decoder: every scalar field shows up with its type, strings as empty. Commands with lists
/// or structures cannot be built from `name=value` arguments (`None`).
pub fn command_fields(cluster: &ClusterMeta, command: &CommandMeta) -> Option<Vec<CommandField>> {
    struct Probe {
        fields: Vec<CommandField>,
        nested: bool,
    }
    impl FieldVisitor for Probe {
        fn value(&mut self, name: &str, value: Value<'_>) {
            if name != "trailing" {
                self.fields.push(CommandField {
                    name: name.to_owned(),
                    data_type: value.data_type(),
                });
            }
        }
        fn begin_list(&mut self, _: &str) {
            self.nested = true;
        }
        fn end_list(&mut self) {}
        fn begin_struct(&mut self, _: &str) {
            self.nested = true;
        }
        fn end_struct(&mut self) {}
    }
    let zeros = [0u8; 64];
    let mut p = Probe {
        fields: Vec::new(),
        nested: false,
    };
    let r = registry::decode_command(
        cluster.id,
        cluster.manufacturer,
        command.direction,
        command.id,
        &zeros,
        &mut p,
    );
    match r {
        Ok(Some(_)) if !p.nested => Some(p.fields),
        _ => None,
    }
}

/// Builds a command payload from `name=value` arguments (fields left out are 0 or empty,
/// except that a trailing run of omitted fields is left off, as optional fields at the end of
/// a command are).
///
/// # Errors
/// An argument names no field, a value does not parse, or the command has lists.
pub fn command_payload(
    cluster: &ClusterMeta,
    command: &CommandMeta,
    args: &[String],
) -> Result<Vec<u8>, String> {
    let fields = command_fields(cluster, command).ok_or_else(|| {
        format!(
            "{}.{} has list or structure fields; give the payload with --payload HEX",
            cluster.name,
            command.name()
        )
    })?;
    let mut given: Vec<Option<&str>> = vec![None; fields.len()];
    for a in args {
        let (k, v) = a
            .split_once('=')
            .ok_or_else(|| format!("argument {a:?} is not name=value"))?;
        let want = normalise(k);
        let i = fields
            .iter()
            .position(|f| normalise(&f.name) == want)
            .ok_or_else(|| {
                let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
                format!(
                    "{} has no field {k:?} (fields: {})",
                    command.name(),
                    names.join(", ")
                )
            })?;
        if let Some(slot) = given.get_mut(i) {
            *slot = Some(v);
        }
    }
    let last = given.iter().rposition(Option::is_some);
    let mut out = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        if last.is_none_or(|l| i > l) {
            // Required fields must still be present: the command's fixed part is everything
            // the decoder needs, so fill them with zero unless they are optional extras.
            if !is_optional_tail(&fields, i, command) {
                out.extend(encode_value_text(f.data_type, default_text(f.data_type))?);
            }
            continue;
        }
        let text = given
            .get(i)
            .copied()
            .flatten()
            .unwrap_or(default_text(f.data_type));
        out.extend(encode_value_text(f.data_type, text).map_err(|e| format!("{}: {e}", f.name))?);
    }
    Ok(out)
}

/// Fields at the end of a command that later ZCL revisions added (options mask and override
/// of Level Control and Color Control, ZCL 3.10.2.3 and 5.2.2.3) may be left off.
fn is_optional_tail(fields: &[CommandField], i: usize, _command: &CommandMeta) -> bool {
    fields
        .get(i..)
        .is_some_and(|rest| rest.iter().all(|f| f.name.starts_with("options")))
}

fn default_text(dt: DataType) -> &'static str {
    match dt {
        DataType::CharString | DataType::LongCharString => "",
        DataType::OctetString | DataType::LongOctetString => "",
        DataType::Single | DataType::Double => "0",
        DataType::IeeeAddress => "0000000000000000",
        DataType::SecurityKey => "00000000000000000000000000000000",
        DataType::Bool => "false",
        _ => "0",
    }
}

/// Writes a ZCL frame: header (client to server, default response asked for unless
/// `disable_default_response`) and payload.
///
/// # Errors
/// The frame does not fit [`MAX_ZCL_FRAME`].
pub fn build_frame(
    frame_type: FrameType,
    manufacturer: Option<u16>,
    tsn: u8,
    command_id: u8,
    disable_default_response: bool,
    payload: &[u8],
) -> Result<Vec<u8>, String> {
    let header = Header {
        frame_control: FrameControl::new(
            frame_type,
            manufacturer.is_some(),
            Direction::ClientToServer,
            disable_default_response,
        ),
        manufacturer,
        tsn,
        command_id,
    };
    let mut buf = vec![0u8; MAX_ZCL_FRAME];
    let mut w = Writer::new(&mut buf);
    header.emit_to(&mut w).map_err(|e| format!("{e}"))?;
    w.bytes(payload)
        .map_err(|_| format!("the frame is longer than {MAX_ZCL_FRAME} bytes"))?;
    let n = w.len();
    buf.truncate(n);
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_attributes_and_commands_resolve_by_name_and_id() {
        let c = resolve_cluster("on_off").unwrap();
        assert_eq!(c.id, 0x0006);
        assert_eq!(resolve_cluster("On/Off").unwrap().id, 6);
        assert_eq!(resolve_cluster("0x0008").unwrap().name, "Level Control");
        assert_eq!(resolve_cluster("level control").unwrap().id, 8);
        assert_eq!(
            resolve_cluster("no_such_cluster").map(|c| c.id),
            Err("unknown cluster \"no_such_cluster\" (see `zcl-host clusters`)".to_owned())
        );
        assert_eq!(resolve_attribute(c, "on_off").unwrap().id, 0x0000);
        assert_eq!(resolve_command(c, "toggle").unwrap().id, 0x02);
        let e = resolve_command(c, "dim").unwrap_err();
        assert!(e.contains("toggle"), "{e}");
    }

    #[test]
    fn values_from_text_are_encoded_little_endian_and_range_checked() {
        assert_eq!(
            encode_value_text(DataType::Uint16, "0x1234").unwrap(),
            [0x34, 0x12]
        );
        assert_eq!(encode_value_text(DataType::Int8, "-2").unwrap(), [0xfe]);
        assert_eq!(encode_value_text(DataType::Bool, "on").unwrap(), [0x01]);
        assert_eq!(
            encode_value_text(DataType::CharString, "hi").unwrap(),
            [0x02, b'h', b'i']
        );
        assert_eq!(
            encode_value_text(DataType::OctetString, "0102").unwrap(),
            [0x02, 0x01, 0x02]
        );
        let e = encode_value_text(DataType::Uint8, "256").unwrap_err();
        assert!(e.contains("out of range"), "{e}");
        assert_eq!(
            encode_value_text(DataType::Int8, "-129"),
            Err("-129 is out of range for int8 (-128..=127)".to_owned())
        );
        assert_eq!(
            encode_value_text(DataType::Uint8, "ten"),
            Err("\"ten\" is not a number".to_owned())
        );
        assert_eq!(
            encode_value_text(DataType::Array, "1"),
            Err("values of type array cannot be written from text".to_owned())
        );
    }

    #[test]
    fn command_payloads_are_built_from_named_fields() {
        let level = resolve_cluster("level_control").unwrap();
        let m = resolve_command(level, "move_to_level_with_on_off").unwrap();
        // Level 200, transition 10 (tenths of a second); no options.
        let p = command_payload(
            level,
            m,
            &["level=200".to_owned(), "transition_time=10".to_owned()],
        )
        .unwrap();
        assert_eq!(p, [200, 10, 0]);
        let on_off = resolve_cluster("on_off").unwrap();
        let t = resolve_command(on_off, "toggle").unwrap();
        assert!(command_payload(on_off, t, &[]).unwrap().is_empty());
        let e = command_payload(level, m, &["brightness=3".to_owned()]).unwrap_err();
        assert!(e.contains("no field"), "{e}");
        let e = command_payload(level, m, &["level=300".to_owned()]).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
    }

    #[test]
    fn frames_carry_the_header_the_zcl_defines() {
        // Read Attributes, TSN 7, attribute 0x0000.
        let f = build_frame(FrameType::Global, None, 7, 0x00, false, &[0x00, 0x00]).unwrap();
        assert_eq!(f, [0x00, 0x07, 0x00, 0x00, 0x00]);
        // Toggle, cluster specific, default response disabled.
        let f = build_frame(FrameType::Cluster, None, 9, 0x02, true, &[]).unwrap();
        assert_eq!(f, [0x11, 0x09, 0x02]);
        // Manufacturer specific: the code follows the frame control.
        let f = build_frame(FrameType::Global, Some(0x115F), 1, 0x00, false, &[]).unwrap();
        assert_eq!(f, [0x04, 0x5F, 0x11, 0x01, 0x00]);
    }
}
