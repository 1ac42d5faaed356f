//! JSON form of decoded ZCL frames, as `zcl-host decode --json` prints them.
//!
//! The same objects appear as the `zcl` layer of `zcl-host sniff --json`. Values map to JSON as
//! follows: integers, bitmaps, enums, floats and ids are numbers (a NaN float is `null`); booleans
//! are `true`/`false` (`null` for the non-value 0xff, the raw number for other bytes); character
//! strings are strings (invalid UTF-8 replaced); octet strings, `dataN` values (in wire order) and
//! security keys are lowercase hex strings; IEEE addresses are `"xx:xx:xx:xx:xx:xx:xx:xx"` (most
//! significant byte first); time of day is `"hh:mm:ss.cc"`, dates `{"year", "month", "day", "day_of_week"}` (null for a
//! byte of 0xff, "not given"); string and
//! collection non-values are `null`; arrays, sets and bags are lists of element values and a
//! structure is a list of `{"type", "value"}` members. The short success form of Write
//! Attributes Response, Configure Reporting Response and Write Attributes Structured Response
//! (one SUCCESS byte) is `{"status": 0}`.

use serde_json::{json, Map, Value as Json};
use std::fmt::Write as _;
use zcl_core::foundation::GlobalCommandId;
use zcl_core::value::Value;
use zcl_core::{Frame, FrameType};

/// Lowercase hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// `"xx:xx:..."`, most significant byte first, as IEEE addresses are usually written.
pub fn ieee_string(addr: u64) -> String {
    let b = addr.to_be_bytes();
    let mut s = String::with_capacity(23);
    for (i, byte) in b.iter().enumerate() {
        if i > 0 {
            s.push(':');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

fn le_hex(v: u64, width: usize) -> Json {
    let bytes = v.to_le_bytes();
    Json::String(hex_lower(bytes.get(..width).unwrap_or(&bytes)))
}

fn float_json(v: f64) -> Json {
    serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number)
}

fn opt_str(s: Option<&[u8]>) -> Json {
    match s {
        Some(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        None => Json::Null,
    }
}

fn opt_hex(s: Option<&[u8]>) -> Json {
    match s {
        Some(b) => Json::String(hex_lower(b)),
        None => Json::Null,
    }
}

/// JSON for one ZCL value (see the module documentation for the mapping). Collection elements
/// that fail to decode become `{"error": "..."}` entries.
pub fn value_json(v: &Value<'_>) -> Json {
    match v {
        Value::NoData | Value::Unknown => Json::Null,
        Value::Data8(x) => le_hex(u64::from(*x), 1),
        Value::Data16(x) => le_hex(u64::from(*x), 2),
        Value::Data24(x) => le_hex(u64::from(*x), 3),
        Value::Data32(x) => le_hex(u64::from(*x), 4),
        Value::Data40(x) => le_hex(*x, 5),
        Value::Data48(x) => le_hex(*x, 6),
        Value::Data56(x) => le_hex(*x, 7),
        Value::Data64(x) => le_hex(*x, 8),
        Value::Bool(b) => match b {
            0 => Json::Bool(false),
            1 => Json::Bool(true),
            0xff => Json::Null,
            other => json!(other),
        },
        Value::Map8(x) | Value::Uint8(x) | Value::Enum8(x) => json!(x),
        Value::Map16(x) | Value::Uint16(x) | Value::Enum16(x) => json!(x),
        Value::ClusterId(x) | Value::AttributeId(x) => json!(x),
        Value::Map24(x) | Value::Map32(x) | Value::Uint24(x) | Value::Uint32(x) => json!(x),
        Value::UtcTime(x) | Value::BacnetOid(x) => json!(x),
        Value::Map40(x)
        | Value::Map48(x)
        | Value::Map56(x)
        | Value::Map64(x)
        | Value::Uint40(x)
        | Value::Uint48(x)
        | Value::Uint56(x)
        | Value::Uint64(x) => json!(x),
        Value::Int8(x) => json!(x),
        Value::Int16(x) => json!(x),
        Value::Int24(x) | Value::Int32(x) => json!(x),
        Value::Int40(x) | Value::Int48(x) | Value::Int56(x) | Value::Int64(x) => json!(x),
        Value::Semi(_) => v.as_f64().map_or(Json::Null, float_json),
        Value::Single(x) => float_json(f64::from(*x)),
        Value::Double(x) => float_json(*x),
        Value::OctetString(s) | Value::LongOctetString(s) => opt_hex(*s),
        Value::CharString(s) | Value::LongCharString(s) => opt_str(*s),
        Value::SecurityKey(k) => Json::String(hex_lower(k)),
        Value::IeeeAddress(a) => Json::String(ieee_string(*a)),
        Value::TimeOfDay(t) => Json::String(format!(
            "{:02}:{:02}:{:02}.{:02}",
            t.hours, t.minutes, t.seconds, t.hundredths
        )),
        Value::Date(d) => {
            // ZCL 2.6.2.18: each byte 0xff means "not given" (null here).
            let part = |b: u8, base: u32| (b != 0xff).then(|| u32::from(b) + base);
            json!({
                "year": part(d.year_since_1900, 1900),
                "month": part(d.month, 0),
                "day": part(d.day_of_month, 0),
                "day_of_week": part(d.day_of_week, 0),
            })
        }
        Value::Array(s) | Value::Set(s) | Value::Bag(s) => {
            if s.count().is_none() {
                return Json::Null;
            }
            Json::Array(
                s.iter()
                    .map(|e| match e {
                        Ok(e) => value_json(&e),
                        Err(err) => json!({ "error": err.to_string() }),
                    })
                    .collect(),
            )
        }
        Value::Structure(s) => {
            if s.count().is_none() {
                return Json::Null;
            }
            Json::Array(
                s.iter()
                    .map(|m| match m {
                        Ok(m) => json!({ "type": m.data_type().to_u8(), "value": value_json(&m) }),
                        Err(err) => json!({ "error": err.to_string() }),
                    })
                    .collect(),
            )
        }
        #[allow(unreachable_patterns)]
        _ => Json::Null,
    }
}

/// Inserts `"type"` and `"value"` for a typed value into a record object.
fn put_typed(obj: &mut Map<String, Json>, v: &Value<'_>) {
    obj.insert("type".into(), json!(v.data_type().to_u8()));
    obj.insert("value".into(), value_json(v));
}

fn err_json(e: &zcl_core::DecodeError, base: usize) -> String {
    e.shifted(base).to_string()
}

/// Collects a lazy record iterator into JSON objects. The first record that fails ends the
/// list and becomes the frame's error (with its offset counted from the start of the frame).
fn records<'a, R>(
    iter: impl Iterator<Item = Result<R, zcl_core::DecodeError>>,
    base: usize,
    mut f: impl FnMut(&R) -> Json,
) -> Result<Json, String>
where
    R: 'a,
{
    let mut out = Vec::new();
    for r in iter {
        match r {
            Ok(r) => out.push(f(&r)),
            Err(e) => return Err(err_json(&e, base)),
        }
    }
    Ok(Json::Array(out))
}

fn selector_json(s: &zcl_core::foundation::Selector) -> Json {
    json!({ "indicator": s.indicator(), "indexes": s.indexes() })
}

fn attribute_record(id: u16, v: &Value<'_>) -> Json {
    let mut o = Map::new();
    o.insert("attribute".into(), json!(id));
    put_typed(&mut o, v);
    Json::Object(o)
}

fn reporting_params(o: &mut Map<String, Json>, p: &zcl_core::foundation::ReportingParameters<'_>) {
    use zcl_core::foundation::ReportingParameters as P;
    match p {
        P::Reported {
            data_type,
            minimum_reporting_interval,
            maximum_reporting_interval,
            reportable_change,
        } => {
            o.insert("type".into(), json!(data_type.to_u8()));
            o.insert("min_interval".into(), json!(minimum_reporting_interval));
            o.insert("max_interval".into(), json!(maximum_reporting_interval));
            if let Some(c) = reportable_change {
                o.insert("reportable_change".into(), value_json(c));
            }
        }
        P::Received { timeout_period } => {
            o.insert("timeout".into(), json!(timeout_period));
        }
    }
}

/// JSON payload of a foundation command; `base` is the payload's offset in the frame.
fn global_payload(command_id: u8, payload: &[u8], base: usize) -> Result<Json, String> {
    use zcl_core::foundation::GlobalCommand as C;
    let cmd = C::parse(command_id, payload).map_err(|e| err_json(&e, base))?;
    Ok(match cmd {
        C::ReadAttributes(v) => {
            json!({ "attributes": records(v.attribute_ids(), base, |id| json!(id))? })
        }
        C::ReadAttributesResponse(v) => json!({ "records": records(v.records(), base, |r| {
            let mut o = Map::new();
            o.insert("attribute".into(), json!(r.attribute_id));
            o.insert("status".into(), json!(r.status.to_u8()));
            if let Some(val) = &r.value {
                put_typed(&mut o, val);
            }
            Json::Object(o)
        })? }),
        C::WriteAttributes(v)
        | C::WriteAttributesUndivided(v)
        | C::WriteAttributesNoResponse(v) => {
            json!({ "records": records(v.records(), base, |r| attribute_record(r.attribute_id, &r.value))? })
        }
        C::WriteAttributesResponse(v) if v.is_short_form() => json!({ "status": 0 }),
        C::WriteAttributesResponse(v) => json!({ "records": records(v.records(), base, |r| {
            json!({ "status": r.status.to_u8(), "attribute": r.attribute_id })
        })? }),
        C::ConfigureReporting(v) => json!({ "records": records(v.records(), base, |r| {
            let mut o = Map::new();
            o.insert("direction".into(), json!(r.parameters.direction().to_u8()));
            o.insert("attribute".into(), json!(r.attribute_id));
            reporting_params(&mut o, &r.parameters);
            Json::Object(o)
        })? }),
        C::ConfigureReportingResponse(v) if v.is_short_form() => json!({ "status": 0 }),
        C::ConfigureReportingResponse(v) => json!({ "records": records(v.records(), base, |r| {
            json!({ "status": r.status.to_u8(), "direction": r.direction.to_u8(), "attribute": r.attribute_id })
        })? }),
        C::ReadReportingConfiguration(v) => json!({ "records": records(v.records(), base, |r| {
            json!({ "direction": r.direction.to_u8(), "attribute": r.attribute_id })
        })? }),
        C::ReadReportingConfigurationResponse(v) => {
            json!({ "records": records(v.records(), base, |r| {
            let mut o = Map::new();
            o.insert("status".into(), json!(r.status.to_u8()));
            o.insert("direction".into(), json!(r.direction.to_u8()));
            o.insert("attribute".into(), json!(r.attribute_id));
            if let Some(p) = &r.parameters {
                reporting_params(&mut o, p);
            }
            Json::Object(o)
        })? })
        }
        C::ReportAttributes(v) => {
            json!({ "records": records(v.reports(), base, |r| attribute_record(r.attribute_id, &r.value))? })
        }
        C::DefaultResponse(d) => json!({ "command_id": d.command_id, "status": d.status.to_u8() }),
        C::DiscoverAttributes(d) | C::DiscoverAttributesExtended(d) => json!({
            "start_attribute": d.start_attribute_id,
            "max_count": d.max_attribute_ids,
        }),
        C::DiscoverAttributesResponse(v) => json!({
            "complete": v.is_complete(),
            "records": records(v.attributes(), base, |r| json!({ "attribute": r.attribute_id, "type": r.data_type.to_u8() }))?,
        }),
        C::DiscoverAttributesExtendedResponse(v) => json!({
            "complete": v.is_complete(),
            "records": records(v.attributes(), base, |r| json!({
                "attribute": r.attribute_id,
                "type": r.data_type.to_u8(),
                "access": r.access_control.0,
            }))?,
        }),
        C::ReadAttributesStructured(v) => json!({ "records": records(v.records(), base, |r| {
            json!({ "attribute": r.attribute_id, "selector": selector_json(&r.selector) })
        })? }),
        C::WriteAttributesStructured(v) => json!({ "records": records(v.records(), base, |r| {
            let mut o = Map::new();
            o.insert("attribute".into(), json!(r.attribute_id));
            o.insert("selector".into(), selector_json(&r.selector));
            put_typed(&mut o, &r.value);
            Json::Object(o)
        })? }),
        C::WriteAttributesStructuredResponse(v) if v.is_short_form() => json!({ "status": 0 }),
        C::WriteAttributesStructuredResponse(v) => {
            json!({ "records": records(v.records(), base, |r| {
            json!({ "status": r.status.to_u8(), "attribute": r.attribute_id, "selector": selector_json(&r.selector) })
        })? })
        }
        C::DiscoverCommandsReceived(d) | C::DiscoverCommandsGenerated(d) => json!({
            "start_command": d.start_command_id,
            "max_count": d.max_command_ids,
        }),
        C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => json!({
            "complete": v.is_complete(),
            "commands": records(v.command_ids(), base, |c| json!(c))?,
        }),
        C::Unknown { payload, .. } => json!({ "raw": hex_lower(payload) }),
        #[allow(unreachable_patterns)]
        _ => json!({ "raw": hex_lower(payload) }),
    })
}

/// The JSON object for one ZCL frame of `cluster`: header fields, the command name and the
/// decoded payload, or `{"error": "<what and at which byte>"}` when it does not decode.
pub fn frame_json(cluster: u16, frame: &[u8]) -> Json {
    let parsed = match Frame::parse(frame) {
        Ok(f) => f,
        Err(e) => return json!({ "cluster": cluster, "error": e.to_string() }),
    };
    let h = parsed.header;
    let fc = h.frame_control;
    let mut o = Map::new();
    o.insert("cluster".into(), json!(cluster));
    o.insert(
        "frame_type".into(),
        json!(match fc.frame_type() {
            FrameType::Global => "global",
            FrameType::Cluster => "cluster",
            FrameType::Reserved(_) => "reserved",
        }),
    );
    o.insert("manufacturer".into(), json!(h.manufacturer));
    o.insert("direction".into(), json!(fc.direction().name()));
    o.insert(
        "disable_default_response".into(),
        json!(fc.disable_default_response()),
    );
    o.insert("tsn".into(), json!(h.tsn));
    o.insert("command_id".into(), json!(h.command_id));
    let base = parsed.payload_offset();
    let payload = match fc.frame_type() {
        FrameType::Global => {
            o.insert(
                "command".into(),
                json!(GlobalCommandId::from_u8(h.command_id).name()),
            );
            global_payload(h.command_id, parsed.payload, base)
        }
        _ => {
            o.insert("command".into(), Json::Null);
            Ok(json!({ "raw": hex_lower(parsed.payload) }))
        }
    };
    match payload {
        Ok(p) => {
            o.insert("payload".into(), p);
        }
        Err(e) => {
            o.insert("error".into(), json!(e));
        }
    }
    // Names and typed fields from the cluster registry (helper "clusters", see zcl_names.rs).
    crate::zcl_names::annotate(&mut o, cluster, parsed.payload);
    Json::Object(o)
}

/// A one-line readable form of a ZCL frame (what `zcl-host decode` prints without `--json`).
pub fn frame_text(cluster: u16, frame: &[u8]) -> String {
    let j = frame_json(cluster, frame);
    let mut s = format!("cluster 0x{cluster:04x}");
    if let Some(name) = j.get("cluster_name").and_then(Json::as_str) {
        let _ = write!(s, " ({name})");
    }
    if let Some(tsn) = j.get("tsn") {
        let dir = j.get("direction").and_then(Json::as_str).unwrap_or("?");
        let _ = write!(s, " tsn {tsn} {dir}");
        if let Some(m) = j.get("manufacturer").and_then(Json::as_u64) {
            let _ = write!(s, " manufacturer 0x{m:04x}");
        }
        match j.get("command").and_then(Json::as_str) {
            Some(name) => {
                let _ = write!(s, " {name}");
            }
            None => {
                let id = j.get("command_id").and_then(Json::as_u64).unwrap_or(0);
                let _ = write!(s, " cluster command 0x{id:02x}");
            }
        }
    }
    // Named fields of a cluster command say more than its raw payload.
    match (j.get("fields"), j.get("payload")) {
        (Some(f), _) => {
            let _ = write!(s, " {f}");
        }
        (None, Some(p)) => {
            let _ = write!(s, " {p}");
        }
        (None, None) => {}
    }
    if let Some(e) = j.get("error").and_then(Json::as_str) {
        let _ = write!(s, " error: {e}");
    }
    s
}
