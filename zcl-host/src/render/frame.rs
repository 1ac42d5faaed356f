//! JSON and one-line text form of decoded ZCL frames, as `zcl-host decode` prints them; the
//! same objects are the `zcl` layer of `zcl-host sniff --json`.
//!
//! Values inside follow [`super::value`]; names and typed fields of cluster commands and
//! attributes come from the registry through [`super::names::annotate`]. The short success form
//! of Write Attributes Response, Configure Reporting Response and Write Attributes Structured
//! Response (one SUCCESS byte) is `{"status": 0}`.

use serde_json::{json, Map, Value as Json};
use std::fmt::Write as _;
use zcl_core::foundation::GlobalCommandId;
use zcl_core::value::Value;
use zcl_core::{Frame, FrameType};

use super::value::{hex_lower, put_typed, value_json};

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
    // Names and typed fields from the cluster registry (helper "clusters", see names.rs).
    super::names::annotate(&mut o, cluster, parsed.payload);
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
