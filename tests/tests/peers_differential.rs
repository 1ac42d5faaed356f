//! Differential agreement with zigpy and zigbee-herdsman.
//!
//! `examples/corpus/peers/{zigpy,herdsman}-{global,cluster}.jsonl` hold frames that each peer
//! built with its own encoder, and what that peer decodes from them (written by
//! `scripts/compare/gen_zigpy.py` and `gen_herdsman.js`; rerun with
//! `scripts/compare/regen_peers.sh`). This test decodes every frame with
//! `zcl_host::render::frame_json` (the code behind `zcl-host decode --json`), turns both sides
//! into the same flat list of leaf values in wire order (header fields first), and compares them
//! field by field.
//!
//! A frame that differs must be listed in `examples/corpus/peers/expected-differences.jsonl`
//! (explained in `docs/peer-differences.md`); a listed frame that agrees fails the test too, so
//! the list stays exact. The test prints the agreement figures; a second test keeps them from
//! falling below what was measured (the 99.5% target is not met: the frames that still
//! differ are the peers' own deviations, see `docs/peer-differences.md`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::Value as Json;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;

/// Agreement every peer must reach (share of its frames whose fields all agree).
/// Agreement measured when the suite was settled (zigpy 2.4.0: 99.04%, zigbee-herdsman 11.1.1:
/// 97.47%), kept as floors so a decoder regression fails.
/// As (peer, frames agreeing at least, frames in the corpus).
const MIN_AGREEMENT: [(&str, usize, usize); 2] = [("zigpy", 3304, 3336), ("herdsman", 3159, 3241)];

/// A value both sides are reduced to.
#[derive(Debug, Clone)]
enum Leaf {
    Int(i128),
    Float(f64),
    Text(String),
    Null,
}

impl PartialEq for Leaf {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Leaf::Int(a), Leaf::Int(b)) => a == b,
            (Leaf::Float(a), Leaf::Float(b)) => a == b || (a - b).abs() <= 1e-9 * a.abs().max(1.0),
            #[allow(clippy::cast_precision_loss)]
            (Leaf::Int(a), Leaf::Float(b)) | (Leaf::Float(b), Leaf::Int(a)) => (*a as f64) == *b,
            (Leaf::Text(a), Leaf::Text(b)) => a.eq_ignore_ascii_case(b),
            (Leaf::Null, Leaf::Null) => true,
            _ => false,
        }
    }
}

impl std::fmt::Display for Leaf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Leaf::Int(v) => write!(f, "{v}"),
            Leaf::Float(v) => write!(f, "{v:?}"),
            Leaf::Text(s) => write!(f, "{s:?}"),
            Leaf::Null => f.write_str("null"),
        }
    }
}

fn scalar(j: &Json) -> Option<Leaf> {
    Some(match j {
        Json::Null => Leaf::Null,
        Json::Bool(b) => Leaf::Int(i128::from(*b)),
        Json::Number(n) => {
            if let Some(u) = n.as_u64() {
                Leaf::Int(i128::from(u))
            } else if let Some(i) = n.as_i64() {
                Leaf::Int(i128::from(i))
            } else {
                Leaf::Float(n.as_f64().unwrap_or(f64::NAN))
            }
        }
        Json::String(s) => Leaf::Text(s.clone()),
        _ => return None,
    })
}

/// Which side a JSON tree comes from: a few renderings differ only in form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Ours,
    Zigpy,
    Herdsman,
}

/// Flattens `j` into leaves (objects in key order, arrays in order; empty containers give
/// nothing). Tagged forms (`{"bytes"}`, `{"bigint"}`, `{"eui64"}`, our `{"value", "name"}`
/// enum names) become one leaf.
fn flatten(j: &Json, side: Side, path: &str, out: &mut Vec<(String, Leaf)>) {
    match j {
        Json::Object(o) => {
            if let Some(v) = o.get("bytes").filter(|_| o.len() == 1) {
                return out.push((path.into(), scalar(v).unwrap_or(Leaf::Null)));
            }
            if let Some(Json::String(s)) = o.get("bigint").filter(|_| o.len() == 1) {
                return out.push((
                    path.into(),
                    s.parse().map_or(Leaf::Text(s.clone()), Leaf::Int),
                ));
            }
            if let Some(v) = o.get("eui64").filter(|_| o.len() == 1) {
                return out.push((path.into(), scalar(v).unwrap_or(Leaf::Null)));
            }
            if side == Side::Ours
                && o.len() == 2
                && o.contains_key("value")
                && o.get("name").is_some_and(Json::is_string)
            {
                return flatten(&o["value"], side, path, out);
            }
            if side == Side::Zigpy && o.contains_key("years_since_1900") {
                // zigpy's Date: the year counts from 1900 (ZCL 2.6.2.18).
                for (k, v) in o {
                    let v = match (k.as_str(), v.as_u64()) {
                        ("years_since_1900", Some(y)) => Json::from(y + 1900),
                        _ => v.clone(),
                    };
                    flatten(&v, side, &format!("{path}.{k}"), out);
                }
                return;
            }
            let nodata = o.get("type").and_then(Json::as_u64) == Some(0);
            for (k, v) in o {
                if side == Side::Ours
                    && !path.is_empty()
                    && matches!(k.as_str(), "name" | "xiaomi_tlv")
                {
                    continue;
                }
                // A nodata value (type 0x00) has no bytes; the peers print nothing for it.
                if nodata && k == "value" && v.is_null() {
                    continue;
                }
                flatten(v, side, &format!("{path}.{k}"), out);
            }
        }
        Json::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                flatten(v, side, &format!("{path}[{i}]"), out);
            }
        }
        Json::String(s) if side != Side::Ours && (s == "NaN" || s == "inf" || s == "-inf") => {
            // A NaN or infinite float: JSON has neither, zcl-host prints null.
            out.push((path.into(), Leaf::Null));
        }
        Json::String(s) if side == Side::Herdsman && s.len() == 18 && s.starts_with("0x") => {
            // herdsman's IEEE address "0x0011..." (most significant byte first).
            let hex = s.get(2..).unwrap_or_default();
            let mut t = String::new();
            for (i, c) in hex.chars().enumerate() {
                if i > 0 && i % 2 == 0 {
                    t.push(':');
                }
                t.push(c);
            }
            out.push((path.into(), Leaf::Text(t)));
        }
        Json::String(s) if side == Side::Ours && is_time_of_day(s) => {
            // "hh:mm:ss.cc": the peers give the four bytes as numbers.
            for (i, part) in s.split([':', '.']).enumerate() {
                let v = part.parse().map_or(Leaf::Null, Leaf::Int);
                out.push((format!("{path}#{i}"), v));
            }
        }
        other => out.push((path.into(), scalar(other).unwrap_or(Leaf::Null))),
    }
}

fn is_time_of_day(s: &str) -> bool {
    let parts: Vec<&str> = s.split([':', '.']).collect();
    parts.len() == 4
        && s.matches(':').count() == 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Our side: header fields, then the payload (foundation) or the named fields (cluster
/// command). A cluster command we do not decode is a difference by itself.
fn ours(cluster: u16, frame: &[u8]) -> Result<Vec<(String, Leaf)>, String> {
    let j = zcl_host::render::frame_json(cluster, frame);
    if let Some(e) = j.get("error") {
        return Err(format!("zcl-host error: {e}"));
    }
    let mut out = Vec::new();
    let ft = match j["frame_type"].as_str() {
        Some("global") => 0,
        Some("cluster") => 1,
        _ => 2,
    };
    out.push(("frame_type".into(), Leaf::Int(ft)));
    out.push((
        "manufacturer".into(),
        scalar(&j["manufacturer"]).unwrap_or(Leaf::Null),
    ));
    let dir = i128::from(j["direction"].as_str() == Some("server_to_client"));
    out.push(("direction".into(), Leaf::Int(dir)));
    for k in ["disable_default_response", "tsn", "command_id"] {
        out.push((k.into(), scalar(&j[k]).unwrap_or(Leaf::Null)));
    }
    if ft == 0 {
        flatten(&j["payload"], Side::Ours, "", &mut out);
    } else {
        match j.get("fields") {
            Some(f) => flatten(f, Side::Ours, "", &mut out),
            None => return Err("zcl-host leaves the command raw".into()),
        }
    }
    Ok(out)
}

fn theirs(peer: Side, rec: &Json) -> Vec<(String, Leaf)> {
    let p = &rec["peer"];
    let mut out = Vec::new();
    for k in [
        "frame_type",
        "manufacturer",
        "direction",
        "disable_default_response",
        "tsn",
        "command_id",
    ] {
        out.push((k.into(), scalar(&p["header"][k]).unwrap_or(Leaf::Null)));
    }
    let payload = normalise_peer(peer, rec);
    flatten(&payload, peer, "", &mut out);
    if let Some(t) = p.get("trailing") {
        out.push(("trailing".into(), scalar(t).unwrap_or(Leaf::Null)));
    }
    out
}

/// Rewrites of a peer's payload that only change its form (documented in
/// docs/peer-differences.md, "Normalisation").
fn normalise_peer(peer: Side, rec: &Json) -> Json {
    let mut payload = rec["peer"]["payload"].clone();
    rewrite(peer, &mut payload);
    payload
}

/// Walks a peer's JSON and rewrites the forms listed in docs/peer-differences.md.
fn rewrite(peer: Side, j: &mut Json) {
    match j {
        Json::Object(o) => {
            if let Some(sel) = o.get_mut("selector") {
                // Selector (ZCL 2.5.15.1): zcl-host prints the indicator byte and the indexes.
                let indexes = sel
                    .get("indexes")
                    .cloned()
                    .unwrap_or(Json::Array(Vec::new()));
                let n = indexes.as_array().map_or(0, Vec::len) as u64;
                let indicator = match peer {
                    // zigpy splits the byte into depth (low nibble) and operation (high nibble).
                    Side::Zigpy => {
                        sel["depth"].as_u64().unwrap_or(0) | (sel["op"].as_u64().unwrap_or(0) << 4)
                    }
                    // herdsman gives the indexes, or an indicator type without indexes.
                    _ => n + sel.get("indicatorType").and_then(Json::as_u64).unwrap_or(0),
                };
                *sel = serde_json::json!({ "indicator": indicator, "indexes": indexes });
            }
            if peer == Side::Herdsman && o.contains_key("dp") && o.contains_key("datatype") {
                // A Tuya datapoint: herdsman keeps the value bytes, zcl-host types them.
                let t = o["datatype"].as_u64().unwrap_or(0);
                let b = o["data"]["bytes"]
                    .as_str()
                    .and_then(|h| hex::decode(h).ok())
                    .unwrap_or_default();
                let be = || b.iter().fold(0u64, |a, x| (a << 8) | u64::from(*x));
                let value = match (t, b.len()) {
                    (1 | 2 | 4 | 5, 1 | 2 | 4) => Json::from(be()),
                    (3, _) => Json::from(String::from_utf8_lossy(&b).into_owned()),
                    _ => o["data"].clone(),
                };
                *j = serde_json::json!({ "dp": o["dp"], "type": t, "value": value });
                return;
            }
            if peer == Side::Zigpy
                && o.contains_key("number_of_alerts")
                && o.contains_key("alert_structure_type")
            {
                // Alerts count (Appliance Events and Alert): zigpy splits the byte into the
                // number of alerts (low nibble) and the type of alert (high nibble).
                let byte = o["number_of_alerts"].as_u64().unwrap_or(0)
                    | (o["alert_structure_type"].as_u64().unwrap_or(0) << 4);
                let mut m = serde_json::Map::new();
                for (k, v) in std::mem::take(o) {
                    match k.as_str() {
                        "number_of_alerts" => {
                            m.insert("alerts_count".into(), Json::from(byte));
                        }
                        "alert_structure_type" => {}
                        _ => {
                            m.insert(k, v);
                        }
                    }
                }
                *o = m;
            }
            if o.contains_key("clstId") && o.contains_key("extField") {
                // A scene extension field set: cluster first, then its values (the length is
                // implied).
                *j = serde_json::json!({ "clstId": o["clstId"], "extField": o["extField"] });
                return;
            }
            for v in o.values_mut() {
                rewrite(peer, v);
            }
        }
        Json::Array(a) => {
            for v in a {
                rewrite(peer, v);
            }
        }
        _ => {}
    }
}

/// Compares leaf lists; the first difference, described.
/// herdsman reads `dataN` values as numbers; zcl-host prints their bytes in wire order.
fn data_bytes_match(ours: &Leaf, theirs: &Leaf) -> bool {
    match (ours, theirs) {
        (Leaf::Text(h), Leaf::Int(n)) if !h.is_empty() && h.len() <= 16 && h.len() % 2 == 0 => {
            hex::decode(h).is_ok_and(|b| {
                b.iter()
                    .rev()
                    .fold(0i128, |acc, x| (acc << 8) | i128::from(*x))
                    == *n
            })
        }
        _ => false,
    }
}

/// herdsman turns a field holding its type's non-value (all ones, or the most negative value of
/// a signed type) into NaN; zcl-host keeps the number (ZCL 2.6.2: a non-value is a value).
fn non_value_match(ours: &Leaf, theirs: &Leaf) -> bool {
    const NON_VALUES: [i128; 10] = [
        0xff,
        0xffff,
        0xff_ffff,
        0xffff_ffff,
        0xffff_ffff_ffff,
        0xffff_ffff_ffff_ffff,
        -0x80,
        -0x8000,
        -0x80_0000,
        -0x8000_0000,
    ];
    matches!((ours, theirs), (Leaf::Int(n), Leaf::Null) if NON_VALUES.contains(n))
}

/// One side prints bytes as a hex string, the other as a list of byte values (or nothing for
/// an empty list): how many leaves each side uses when they hold the same bytes.
fn byte_run(ours: &[(String, Leaf)], theirs: &[(String, Leaf)]) -> Option<(usize, usize)> {
    fn run(hex: &Leaf, list: &[(String, Leaf)]) -> Option<usize> {
        let Leaf::Text(h) = hex else { return None };
        let bytes = hex::decode(h).ok()?;
        let base = |p: &str| p.rsplit_once('[').map(|(b, _)| b.to_string());
        let first = list.first().and_then(|(p, _)| base(p));
        let n = bytes.len();
        let all = list.get(..n)?;
        let same_list = all.iter().all(|(p, _)| base(p) == first && first.is_some());
        let same_bytes = all
            .iter()
            .zip(&bytes)
            .all(|((_, l), b)| *l == Leaf::Int(i128::from(*b)));
        (same_list && same_bytes).then_some(n)
    }
    if let Some(n) = theirs.first().and_then(|t| run(&t.1, ours)) {
        return Some((n, 1));
    }
    if let Some(n) = ours.first().and_then(|o| run(&o.1, theirs)) {
        return Some((1, n));
    }
    None
}

/// A count field that one side prints and the other folds into the list it counts.
fn is_count(path: &str) -> bool {
    let last = path
        .rsplit(['.', '['])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    last.contains("count")
        || last.starts_with("number_of")
        || last.starts_with("num_")
        || last.starts_with("numof")
        || last == "len"
        || last == "data_size"
        || last == "payloadsize"
        || last == "neighbors"
}

/// A string one side types as octets (hex) and the other as characters, with the same bytes.
fn text_bytes_match(a: &Leaf, b: &Leaf) -> bool {
    match (a, b) {
        (Leaf::Text(x), Leaf::Text(y)) => {
            hex::decode(x).is_ok_and(|bytes| bytes == y.as_bytes())
                || hex::decode(y).is_ok_and(|bytes| bytes == x.as_bytes())
        }
        _ => false,
    }
}

fn leaves_match(a: &Leaf, b: &Leaf) -> bool {
    a == b || data_bytes_match(a, b) || non_value_match(a, b) || text_bytes_match(a, b)
}

fn compare(ours: &[(String, Leaf)], theirs: &[(String, Leaf)]) -> Result<(), String> {
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (ours.get(i), theirs.get(j)) {
        if leaves_match(&a.1, &b.1) {
            i += 1;
            j += 1;
        } else if let Some((di, dj)) = byte_run(&ours[i..], &theirs[j..]) {
            i += di;
            j += dj;
        } else if is_count(&a.0) && !is_count(&b.0) {
            i += 1;
        } else if is_count(&b.0) && !is_count(&a.0) {
            j += 1;
        } else {
            return Err(format!(
                "field {i}: ours {} = {}, peer {} = {}",
                a.0, a.1, b.0, b.1
            ));
        }
    }
    // Trailing count fields of empty lists.
    let empty = |l: &Leaf| matches!(l, Leaf::Text(t) if t.is_empty());
    let rest_ours = ours
        .iter()
        .skip(i)
        .filter(|(p, l)| !is_count(p) && !empty(l))
        .count();
    let rest_theirs = theirs
        .iter()
        .skip(j)
        .filter(|(p, l)| !is_count(p) && !empty(l))
        .count();
    if rest_ours + rest_theirs > 0 {
        let extra = |v: &[(String, Leaf)]| {
            v.iter()
                .skip(i.min(j))
                .take(3)
                .fold(String::new(), |mut s, (p, l)| {
                    let _ = write!(s, " {p}={l}");
                    s
                })
        };
        return Err(format!(
            "ours has {} fields, peer {}; extra:{}{}",
            ours.len(),
            theirs.len(),
            extra(ours),
            extra(theirs)
        ));
    }
    Ok(())
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/corpus/peers")
}

/// Expected differences: (peer, frame id) -> (whose, reason).
fn expected() -> HashMap<(String, String), (String, String)> {
    let text = std::fs::read_to_string(corpus_dir().join("expected-differences.jsonl"))
        .expect("expected-differences.jsonl");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Json = serde_json::from_str(l).expect("expected-differences line");
            (
                (
                    v["peer"].as_str().unwrap().to_string(),
                    v["id"].as_str().unwrap().to_string(),
                ),
                (
                    v["whose"].as_str().unwrap().to_string(),
                    v["reason"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

#[derive(Default, Debug)]
struct Tally {
    frames: usize,
    agree: usize,
    /// Listed differences, by whose decoding is at fault ("peer", "ours", "unverified").
    listed: BTreeMap<String, usize>,
}

/// Per (peer, kind) tallies, and what does not match the expected-difference list.
struct Report {
    tallies: BTreeMap<(String, String), Tally>,
    unexplained: Vec<String>,
    stale: Vec<String>,
    unused: Vec<String>,
}

fn run() -> Report {
    let expected = expected();
    let mut used = std::collections::HashSet::new();
    let mut unexplained = Vec::new();
    let mut stale = Vec::new();
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for (peer, side) in [("zigpy", Side::Zigpy), ("herdsman", Side::Herdsman)] {
        for kind in ["global", "cluster"] {
            let path = corpus_dir().join(format!("{peer}-{kind}.jsonl"));
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            let tally = tallies.entry((peer.into(), kind.into())).or_default();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let rec: Json = serde_json::from_str(line).unwrap();
                let id = rec["id"].as_str().unwrap().to_string();
                let cluster = u16::try_from(rec["cluster"].as_u64().unwrap()).unwrap();
                let bytes = hex::decode(rec["hex"].as_str().unwrap()).unwrap();
                tally.frames += 1;
                let key = (peer.to_string(), id.clone());
                let outcome = if let Some(e) = rec.get("peer_error") {
                    Err(format!("{peer} cannot decode its own frame: {e}"))
                } else {
                    ours(cluster, &bytes).and_then(|o| compare(&o, &theirs(side, &rec)))
                };
                match (outcome, expected.get(&key)) {
                    (Ok(()), None) => tally.agree += 1,
                    (Ok(()), Some(_)) => stale.push(format!("{peer} {id}")),
                    (Err(_), Some((whose, _))) => {
                        used.insert(key);
                        *tally.listed.entry(whose.clone()).or_default() += 1;
                    }
                    (Err(e), None) => unexplained.push(format!(
                        "{peer} {id} cluster 0x{cluster:04x} {}: {e}",
                        rec["hex"].as_str().unwrap()
                    )),
                }
            }
        }
    }
    let unused = expected
        .keys()
        .filter(|k| !used.contains(*k))
        .map(|(p, i)| format!("{p} {i}"))
        .collect();
    Report {
        tallies,
        unexplained,
        stale,
        unused,
    }
}

/// (frames, agreeing) per peer, printing the figures.
fn figures(r: &Report) -> BTreeMap<String, (usize, usize)> {
    println!("agreement with the peers (frames each peer built with its own encoder):");
    let mut per_peer: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for ((peer, kind), t) in &r.tallies {
        #[allow(clippy::cast_precision_loss)]
        let pct = 100.0 * t.agree as f64 / t.frames.max(1) as f64;
        println!(
            "  {peer:8} {kind:7}: {:5} frames, {:5} agree ({pct:.2}%), listed differences {:?}",
            t.frames, t.agree, t.listed
        );
        let e = per_peer.entry(peer.clone()).or_default();
        e.0 += t.frames;
        e.1 += t.agree;
    }
    for (peer, (frames, agree)) in &per_peer {
        #[allow(clippy::cast_precision_loss)]
        let share = *agree as f64 / (*frames).max(1) as f64;
        println!(
            "  {peer:8} overall: {agree}/{frames} = {:.2}%",
            100.0 * share
        );
    }
    per_peer
}

/// Every difference from a peer is listed (with whose decoding is at fault and why), and
/// every listed difference still occurs.
#[test]
fn every_difference_from_the_peers_is_listed() {
    let r = run();
    figures(&r);
    for u in &r.unexplained {
        println!("UNEXPLAINED {u}");
    }
    assert!(
        r.unexplained.is_empty(),
        "{} unexplained differences (first: {:?})",
        r.unexplained.len(),
        r.unexplained.first()
    );
    assert!(r.stale.is_empty(), "listed but agreeing now: {:?}", r.stale);
    assert!(
        r.unused.is_empty(),
        "listed frames not in the corpus: {:?}",
        r.unused
    );
}

/// Every listed difference is the peer's (a frame the peer builds or reads against the
/// specification, with the section in the reason): none is left for zcl-host to fix.
#[test]
fn every_listed_difference_is_the_peers() {
    let ours: Vec<String> = expected()
        .into_iter()
        .filter(|(_, (whose, _))| whose != "peer")
        .map(|((p, id), (whose, _))| format!("{p} {id} ({whose})"))
        .collect();
    assert!(ours.is_empty(), "differences not yet settled: {ours:?}");
}

/// Agreement with each peer stays at or above the figures measured when the suite was settled.
#[test]
fn agreement_does_not_fall_below_the_measured_figures() {
    let r = run();
    let figures = figures(&r);
    assert_eq!(
        figures.len(),
        MIN_AGREEMENT.len(),
        "peers in the corpus: {:?}",
        figures.keys()
    );
    for (peer, (frames, agree)) in figures {
        let &(_, floor, corpus) = MIN_AGREEMENT
            .iter()
            .find(|(name, _, _)| peer.starts_with(name))
            .unwrap_or_else(|| panic!("no floor for peer {peer}"));
        assert_eq!(
            frames, corpus,
            "{peer}: the corpus changed; settle the figures again"
        );
        assert!(
            agree >= floor,
            "{peer}: {agree} of {frames} frames agree, fewer than {floor}"
        );
    }
}
