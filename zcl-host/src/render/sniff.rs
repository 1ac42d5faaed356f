//! What `zcl-host sniff` prints for each frame: one line (`frame_line`), or one JSON object
//! (`frame_json`) with a member per decoded layer (MAC, NWK, APS, ZDP with named fields, ZCL
//! as [`super::frame`] renders it, Green Power, touchlink), which keys decrypted which layer,
//! and learned keys masked unless asked for. IEEE addresses print as [`zcl_frames::Eui64`]
//! does, short addresses and PAN ids as `0x1234`.

use serde_json::{json, Map, Value as Json};
use std::io::Write;
use zcl_core::zdp::{ZdpCluster, ZdpFrame};

use super::summary::{mask_key, Summary};
use crate::capture::{CaptureError, Fcs, Frame};
use crate::sniff::mac::{Address, MacFrame};
use crate::sniff::{Dissection, KeyStore, UsedKey, UsedKeyKind};

/// How frames and summaries are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// One JSON object per frame (and for the summary) instead of text.
    pub json: bool,
    /// Print keys in full instead of masked.
    pub show_keys: bool,
}

/// Prints a frame that could not be read: its JSON object or its line.
///
/// # Errors
/// I/O errors of `out`.
pub fn print_problem(e: &CaptureError, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        writeln!(out, "{}", json!({ "error": e.to_string() }))
    } else {
        writeln!(out, "{e}")
    }
}

/// Prints a frame: its JSON object (`--json`) or its line (keys masked unless `--show-keys`);
/// `t0` is the capture time of the first frame.
///
/// # Errors
/// I/O errors of `out`.
pub fn print_frame(
    frame: &Frame<'_>,
    d: &Dissection,
    keys: &KeyStore,
    style: Style,
    t0: u64,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if style.json {
        writeln!(out, "{}", frame_json(frame, d, keys, style.show_keys))
    } else {
        let mut line = frame_line(frame, d, t0);
        if let (Some(k), false) = (&d.learned, style.show_keys) {
            line = line.replace(&hex::encode(k.key), &mask_key(&k.key, false));
        }
        writeln!(out, "{line}")
    }
}

/// Prints a capture's summary: one JSON object (`--json`) or its text.
///
/// # Errors
/// I/O errors of `out`.
pub fn print_summary(summary: &Summary, style: Style, out: &mut dyn Write) -> std::io::Result<()> {
    if style.json {
        writeln!(out, "{}", summary.to_json(style.show_keys))
    } else {
        write!(out, "{}", summary.to_text(style.show_keys))
    }
}

/// `"0x1234"` for a short address, `"xx:xx:..."` for an extended one, `null` for none.
fn address_json(a: Address) -> Json {
    match a {
        Address::None => Json::Null,
        Address::Short(s) => json!(s.to_string()),
        Address::Extended(e) => json!(e.to_string()),
    }
}

fn mac_json(m: &MacFrame<'_>) -> Json {
    let h = &m.header;
    let mut o = Map::new();
    o.insert("type".into(), json!(m.frame_type().name()));
    o.insert("sequence".into(), json!(h.sequence));
    o.insert("dst_pan".into(), json!(h.dst_pan.map(|p| p.to_string())));
    o.insert("dst".into(), address_json(h.dst));
    o.insert("src_pan".into(), json!(h.src_pan.map(|p| p.to_string())));
    o.insert("src".into(), address_json(h.src));
    o.insert("ack_request".into(), json!(h.frame_control.ack_request()));
    o.insert("security".into(), json!(h.security.is_some()));
    if let Some(c) = m.command() {
        match c {
            Ok(c) => o.insert("command".into(), json!(c.name())),
            Err(e) => o.insert("error".into(), json!(e.to_string())),
        };
    }
    if let Some(Ok(b)) = m.beacon() {
        o.insert(
            "beacon".into(),
            json!({
                "association_permit": b.association_permit(),
                "pan_coordinator": b.pan_coordinator(),
            }),
        );
    }
    Json::Object(o)
}

fn security_json(s: &Result<UsedKey, crate::sniff::SecurityError>, show: bool) -> Json {
    match s {
        Ok(k) => json!({
            "decrypted": true,
            "key": k.to_string(),
            "key_kind": match k.kind {
                UsedKeyKind::Network => "network",
                UsedKeyKind::Link(_) => "link",
            },
            "key_hex": mask_key(&k.key, show),
        }),
        Err(e) => json!({ "decrypted": false, "error": e.to_string() }),
    }
}

/// The JSON object of one frame (`--json`).
#[must_use]
pub fn frame_json(frame: &Frame<'_>, d: &Dissection, _keys: &KeyStore, show: bool) -> Json {
    let mut o = Map::new();
    o.insert("frame".into(), json!(frame.number));
    o.insert(
        "time".into(),
        json!(frame.timestamp_ns as f64 / 1_000_000_000.0),
    );
    if let Some(c) = frame.channel {
        o.insert("channel".into(), json!(c));
    }
    if let Some(r) = frame.rssi {
        o.insert("rssi".into(), json!(r));
    }
    if let Some(l) = frame.lqi {
        o.insert("lqi".into(), json!(l));
    }
    o.insert("fcs".into(), json!(fcs_name(frame.fcs)));
    o.insert("length".into(), json!(frame.mac.len()));
    match (&d.mac, d.mac()) {
        (Ok(_), Some(m)) => {
            o.insert("mac".into(), mac_json(&m));
        }
        (Err(e), _) => {
            o.insert("error".into(), json!(format!("MAC: {e}")));
        }
        _ => {}
    }
    if let Some(Err(e)) = &d.nwk {
        o.insert("error".into(), json!(format!("NWK: {e}")));
    }
    if let Some(n) = d.nwk() {
        let h = &n.header;
        let mut nj = Map::new();
        nj.insert("type".into(), json!(h.frame_control.frame_type().name()));
        nj.insert("src".into(), json!(h.src.to_string()));
        nj.insert("dst".into(), json!(h.dst.to_string()));
        nj.insert("radius".into(), json!(h.radius));
        nj.insert("sequence".into(), json!(h.sequence));
        if let Some(i) = h.src_ieee {
            nj.insert("src_ieee".into(), json!(i.to_string()));
        }
        if let Some(i) = h.dst_ieee {
            nj.insert("dst_ieee".into(), json!(i.to_string()));
        }
        if let Some(a) = n.aux {
            nj.insert("frame_counter".into(), json!(a.frame_counter));
            if let Some(s) = a.source {
                nj.insert("security_source".into(), json!(s.to_string()));
            }
            if let Some(s) = a.key_sequence {
                nj.insert("key_sequence".into(), json!(s));
            }
        }
        if let Some(s) = &d.nwk_security {
            nj.insert("security".into(), security_json(s, show));
        }
        if let Some(c) = d.nwk_command() {
            match c {
                Ok(c) => nj.insert("command".into(), json!(c.name())),
                Err(e) => nj.insert("error".into(), json!(e.to_string())),
            };
        }
        o.insert("nwk".into(), Json::Object(nj));
    } else if let Some(g) = d.gp() {
        o.insert("gp".into(), json!(g.to_string()));
    }
    if let Some(Err(e)) = &d.aps {
        o.insert("error".into(), json!(format!("APS: {e}")));
    }
    if let Some(a) = d.aps() {
        let h = &a.header;
        let fc = h.frame_control;
        let mut aj = Map::new();
        aj.insert("type".into(), json!(fc.frame_type().name()));
        aj.insert("delivery".into(), json!(fc.delivery_mode().name()));
        if let Some(v) = h.dst_endpoint {
            aj.insert("dst_endpoint".into(), json!(v));
        }
        if let Some(v) = h.group {
            aj.insert("group".into(), json!(format!("0x{v:04x}")));
        }
        if let Some(v) = h.cluster {
            aj.insert("cluster".into(), json!(format!("0x{v:04x}")));
        }
        if let Some(v) = h.profile {
            aj.insert("profile".into(), json!(format!("0x{v:04x}")));
        }
        if let Some(v) = h.src_endpoint {
            aj.insert("src_endpoint".into(), json!(v));
        }
        if let Some(v) = h.counter {
            aj.insert("counter".into(), json!(v));
        }
        if let Some(s) = &d.aps_security {
            aj.insert("security".into(), security_json(s, show));
        }
        if let Some(c) = d.aps_command() {
            match c {
                Ok(c) => {
                    aj.insert("command".into(), json!(c.name()));
                    aj.insert("detail".into(), json!(c.to_string()));
                }
                Err(e) => {
                    aj.insert("error".into(), json!(e.to_string()));
                }
            }
        }
        o.insert("aps".into(), Json::Object(aj));
    }
    if let Some(k) = &d.learned {
        let learned = crate::render::summary::KeyLearned {
            frame: frame.number,
            key: *k,
        };
        o.insert("learned_key".into(), learned.to_json(show));
    }
    if let Some(app) = d.app() {
        if app.is_zdp() {
            o.insert("zdp".into(), zdp_json(app.cluster, app.payload));
        } else {
            o.insert(
                "zcl".into(),
                zcl_json(app.profile, app.cluster, app.payload),
            );
        }
    }
    Json::Object(o)
}

fn fcs_name(fcs: Fcs) -> &'static str {
    match fcs {
        Fcs::Absent => "absent",
        Fcs::Valid => "valid",
        Fcs::Invalid { .. } => "bad",
        Fcs::Cc24xx { ok: true } => "cc24xx_ok",
        Fcs::Cc24xx { ok: false } => "cc24xx_bad",
    }
}

/// The `zdp` object of a frame: cluster id and name, TSN, status of a response, the decoded
/// fields (an object by field name), or the decoding error.
fn zdp_json(cluster: u16, payload: &[u8]) -> Json {
    let mut o = Map::new();
    o.insert("cluster".into(), json!(format!("0x{cluster:04x}")));
    o.insert("name".into(), json!(ZdpCluster::from_u16(cluster).name()));
    match ZdpFrame::parse(cluster, payload) {
        Ok(f) => {
            o.insert("tsn".into(), json!(f.tsn()));
            if let Some(s) = f.status() {
                o.insert("status".into(), json!(s.to_string()));
            }
            // The command's fields by name (zcl-core's serde shape: IEEE addresses as
            // "xx:..:xx", NWK addresses as "0x1234" like the `nwk` object). Serializing these
            // types cannot fail, but an error would still be shown rather than lost.
            let fields = serde_json::to_value(f).unwrap_or_else(|e| json!(e.to_string()));
            o.insert("fields".into(), fields);
        }
        Err(e) => {
            o.insert("tsn".into(), json!(payload.first()));
            o.insert("error".into(), json!(e.to_string()));
        }
    }
    o.insert("payload".into(), json!(hex::encode(payload)));
    Json::Object(o)
}

/// The `zcl` object of a frame, shaped as `zcl-host decode --json` prints it (with names from
/// the cluster registry), plus the profile.
fn zcl_json(profile: u16, cluster: u16, payload: &[u8]) -> Json {
    let mut v = crate::render::frame_json(cluster, payload);
    if let Some(o) = v.as_object_mut() {
        o.insert("profile".into(), json!(profile));
    }
    v
}

/// The one-line text of a frame.
#[must_use]
pub fn frame_line(frame: &Frame<'_>, d: &Dissection, t0: u64) -> String {
    let t = frame.timestamp_ns.saturating_sub(t0) as f64 / 1e9;
    let mut s = format!("{:>6} {t:>11.6}", frame.number);
    if let Some(c) = frame.channel {
        s.push_str(&format!(" ch{c}"));
    }
    if let Some(r) = frame.rssi {
        s.push_str(&format!(" {r}dBm"));
    }
    if let Some(l) = frame.lqi {
        s.push_str(&format!(" lqi{l}"));
    }
    if frame.fcs.is_bad() {
        s.push_str(" [bad FCS]");
    }
    let mut text = d.to_string();
    // The dissection ends with the size of the application payload; we decode it instead.
    if let Some(app) = d.app() {
        if let Some(i) = text.rfind(" | ZDP ").or_else(|| text.rfind(" | ZCL ")) {
            text.truncate(i);
        }
        text.push_str(" | ");
        if app.is_zdp() {
            text.push_str(&zdp_text(app.cluster, app.payload));
        } else {
            text.push_str(&zcl_text(app.profile, app.cluster, app.payload));
        }
    }
    if let (Some(Ok(k)), true) = (&d.nwk_security, d.nwk().is_some()) {
        text.push_str(&format!(" [NWK decrypted: {k}]"));
    }
    if let Some(Ok(k)) = &d.aps_security {
        text.push_str(&format!(" [APS decrypted: {k}]"));
    }
    s.push(' ');
    s.push_str(&text);
    s
}

fn zcl_text(profile: u16, cluster: u16, payload: &[u8]) -> String {
    let j = zcl_json(profile, cluster, payload);
    let mut s = format!("ZCL 0x{profile:04x}/0x{cluster:04x}");
    if let Some(name) = j.get("cluster_name").and_then(Json::as_str) {
        s.push_str(&format!(" {name}"));
    }
    if let Some(tsn) = j.get("tsn") {
        s.push_str(&format!(" tsn {tsn}"));
    }
    if let Some(m) = j.get("manufacturer").and_then(Json::as_u64) {
        s.push_str(&format!(" manufacturer 0x{m:04x}"));
    }
    match (j.get("command").and_then(Json::as_str), j.get("command_id")) {
        (Some(name), _) => s.push_str(&format!(" {name}")),
        (None, Some(id)) => s.push_str(&format!(" command {id}")),
        (None, None) => {}
    }
    match (j.get("fields"), j.get("payload")) {
        (Some(Json::Object(f)), _) if f.is_empty() => {}
        (Some(f), _) => s.push_str(&format!(" {f}")),
        (None, Some(Json::Object(p))) if p.get("raw").is_some_and(|r| r == "") => {}
        (None, Some(p)) => s.push_str(&format!(" {p}")),
        (None, None) => {}
    }
    if let Some(e) = j.get("error").and_then(Json::as_str) {
        s.push_str(&format!(" error: {e}"));
    }
    s
}

/// The text of a ZDP frame: its one-line form and fields, or why it does not decode.
fn zdp_text(cluster: u16, payload: &[u8]) -> String {
    match ZdpFrame::parse(cluster, payload) {
        Ok(f) => format!("ZDP {f}"),
        Err(e) => format!(
            "ZDP 0x{cluster:04x} {} error: {e}",
            ZdpCluster::from_u16(cluster).name()
        ),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn zdp_fields_of_a_bind_req_to_a_group() {
        let payload = [
            0x01, // TSN
            0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01, // SrcAddress 0x0102030405060708
            0x01, // SrcEndp
            0x06, 0x00, // ClusterID 0x0006
            0x01, // DstAddrMode: group
            0x34, 0x12, // DstAddress 0x1234
        ];
        let j = zdp_json(0x0021, &payload);
        assert_eq!(j["name"], "bind_req");
        assert_eq!(
            j["fields"],
            json!({
                "tsn": 1,
                "src_address": "01:02:03:04:05:06:07:08",
                "src_endp": 1,
                "cluster_id": 6,
                "destination": {"group": "0x1234"},
            })
        );
    }

    #[test]
    fn zdp_fields_of_an_ieee_addr_rsp_with_associated_devices() {
        let payload = [
            0x05, // TSN
            0x00, // Status: SUCCESS
            0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, // IEEEAddrRemoteDev
            0x00, 0x00, // NWKAddrRemoteDev 0x0000
            0x02, // NumAssocDev
            0x00, // StartIndex
            0x34, 0x12, 0x78, 0x56, // NWKAddrAssocDevList: 0x1234, 0x5678
        ];
        let j = zdp_json(0x8001, &payload);
        let f = &j["fields"];
        assert_eq!(f["status"], "success");
        assert_eq!(f["ieee_addr_remote_dev"], "11:22:33:44:55:66:77:88");
        assert_eq!(f["nwk_addr_remote_dev"], "0x0000");
        assert_eq!(f["associated"]["start_index"], 0);
        assert_eq!(f["associated"]["devices"], json!(["0x1234", "0x5678"]));
        assert!(f.get("trailing").is_none(), "{f}");
    }

    #[test]
    fn zdp_fields_of_a_mgmt_lqi_rsp() {
        let payload = [
            0x07, // TSN
            0x00, // Status: SUCCESS
            0x01, // NeighborTableEntries
            0x00, // StartIndex
            0x01, // NeighborTableListCount
            0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, // Extended PAN Id
            0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xaa, // Extended address
            0x9a, 0x3b, // Network address 0x3b9a
            0x25, // device type 1 (router), RxOnWhenIdle 1, relationship 2 (sibling)
            0x02, // permit joining 2 (unknown)
            0x01, // depth
            0xc8, // LQI
        ];
        let j = zdp_json(0x8031, &payload);
        let f = &j["fields"];
        assert_eq!(f["status"], "success", "{f}");
        let page = &f["page"];
        assert_eq!(page["total_entries"], 1, "{f}");
        let n = &page["entries"][0];
        assert_eq!(n["extended_pan_id"], "dd:dd:dd:dd:dd:dd:dd:dd");
        assert_eq!(n["extended_address"], "aa:00:00:00:00:00:00:01");
        assert_eq!(n["network_address"], "0x3b9a");
        assert_eq!(n["device_type"], "router");
        assert_eq!(n["rx_on_when_idle"], "on");
        assert_eq!(n["relationship"], "sibling");
        assert_eq!(n["permit_joining"], "unknown");
        assert_eq!(n["lqi"], 200);
    }

    #[test]
    fn zdp_fields_keep_unknown_codes_and_trailing_bytes() {
        // Node_Desc_req for 0x1234 with one byte more than the command defines.
        let j = zdp_json(0x0002, &[0x09, 0x34, 0x12, 0xaa]);
        assert_eq!(
            j["fields"],
            json!({"tsn": 9, "nwk_addr_of_interest": "0x1234", "trailing": "aa"})
        );
        // A status outside the ZDP table is its number.
        let j = zdp_json(0x8021, &[0x0a, 0xc3]);
        assert_eq!(j["fields"], json!({"tsn": 10, "status": 0xc3}));
        // A cluster this crate does not decode: TSN and the rest as hex.
        let j = zdp_json(0x0077, &[0x0b, 0x01, 0x02]);
        assert_eq!(
            j["fields"],
            json!({"cluster": 0x0077, "tsn": 11, "payload": "0102"})
        );
    }
}
