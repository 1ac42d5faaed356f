//! Counting what a capture holds: frames, NWK and APS security, ZDP and ZCL frames, keys learned.
//!
//! [`summarize`] makes two passes over a file so that frames sent before the Transport Key that
//! reveals their key decrypt too: the first pass dissects every frame (learning keys as it
//! goes) and counts the frames that decoded completely; the second pass dissects again, with
//! every key now known, only the frames that stayed encrypted in the first. Memory stays
//! bounded by the number of such frames (one `u64` each).

use crate::capture::{CaptureError, CaptureReader, Frame, FrameSource, ReadOptions};
use crate::sniff::{dissect, Dissection, KeyStore, LearnedKey, LearnedKeyKind, NetworkKind};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::Path;

/// Most per-frame problem messages a summary keeps (the count is always exact).
const MAX_PROBLEMS_KEPT: usize = 20;

/// A key learned from a Transport Key command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLearned {
    /// Number of the frame that carried it.
    pub frame: u64,
    /// The key and its kind.
    pub key: LearnedKey,
}

impl KeyLearned {
    /// Kind as a short name: `network`, `tc_link`, `app_link`.
    #[must_use]
    pub fn kind_name(&self) -> &'static str {
        match self.key.kind {
            LearnedKeyKind::Network { .. } => "network",
            LearnedKeyKind::TrustCenterLink => "tc_link",
            LearnedKeyKind::ApplicationLink => "app_link",
        }
    }

    /// The key in hex, or masked (first and last two octets shown) unless `show`.
    #[must_use]
    pub fn key_string(&self, show: bool) -> String {
        mask_key(&self.key.key, show)
    }

    /// JSON object: kind, key (masked unless `show`), frame, sequence for network keys.
    #[must_use]
    pub fn to_json(&self, show: bool) -> Json {
        let mut v = json!({
            "kind": self.kind_name(),
            "key": self.key_string(show),
            "frame": self.frame,
        });
        if let (LearnedKeyKind::Network { sequence }, Some(obj)) =
            (self.key.kind, v.as_object_mut())
        {
            obj.insert("sequence".into(), json!(sequence));
        }
        v
    }
}

/// A key in hex; unless `show`, only its first and last two octets, the rest as `*`.
#[must_use]
pub fn mask_key(key: &[u8; 16], show: bool) -> String {
    let full = hex::encode(key);
    if show {
        return full;
    }
    let mut s = String::with_capacity(32);
    for (i, c) in full.chars().enumerate() {
        s.push(if (4..28).contains(&i) { '*' } else { c });
    }
    s
}

/// What a capture holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Records read (802.15.4 frames and records that could not be read as one).
    pub frames: u64,
    /// Records that gave no 802.15.4 frame (see `problems`).
    pub capture_problems: u64,
    /// The first few per-record problem messages.
    pub problems: Vec<String>,
    /// Frames whose FCS (or radio verdict) says they are corrupt; not decoded further.
    pub bad_fcs: u64,
    /// Frames whose last two octets were taken as a TI CC24xx metadata trailer.
    pub cc24xx_trailer: u64,
    /// Frames with a layer that failed to parse.
    pub decode_errors: u64,
    /// Zigbee NWK frames.
    pub nwk_frames: u64,
    /// NWK frames with NWK security.
    pub nwk_secured: u64,
    /// NWK-secured frames decrypted.
    pub nwk_decrypted: u64,
    /// APS frames with APS security.
    pub aps_secured: u64,
    /// APS-secured frames decrypted.
    pub aps_decrypted: u64,
    /// ZDP frames by cluster id.
    pub zdp_by_cluster: BTreeMap<u16, u64>,
    /// ZCL frames by (profile, cluster).
    pub zcl_by_cluster: BTreeMap<(u16, u16), u64>,
    /// Keys learned, in the order of the frames that carried them.
    pub keys_learned: Vec<KeyLearned>,
    /// The fatal error that ended reading early, if any.
    pub stopped: Option<String>,
}

impl Summary {
    /// Counts one dissected frame.
    pub fn add(&mut self, d: &Dissection) {
        if d.error().is_some() {
            self.decode_errors += 1;
        }
        if d.kind == NetworkKind::Zigbee && matches!(d.nwk, Some(Ok(_))) {
            self.nwk_frames += 1;
        }
        match &d.nwk_security {
            Some(Ok(_)) => {
                self.nwk_secured += 1;
                self.nwk_decrypted += 1;
            }
            Some(Err(_)) => self.nwk_secured += 1,
            None => {}
        }
        match &d.aps_security {
            Some(Ok(_)) => {
                self.aps_secured += 1;
                self.aps_decrypted += 1;
            }
            Some(Err(_)) => self.aps_secured += 1,
            None => {}
        }
        if let Some(app) = d.app() {
            if app.is_zdp() {
                *self.zdp_by_cluster.entry(app.cluster).or_default() += 1;
            } else {
                *self
                    .zcl_by_cluster
                    .entry((app.profile, app.cluster))
                    .or_default() += 1;
            }
        }
    }

    /// Notes a key learned from frame `frame`, once per key and kind.
    pub fn learned(&mut self, frame: u64, key: LearnedKey) {
        if !self
            .keys_learned
            .iter()
            .any(|k| k.key.key == key.key && k.key.kind == key.kind)
        {
            self.keys_learned.push(KeyLearned { frame, key });
        }
    }

    /// Counts a capture record that could not be read. Returns `true` when the error ends the
    /// capture (it is then in [`Summary::stopped`]); otherwise it is one more frame and one more
    /// problem.
    pub fn read_error(&mut self, e: &CaptureError) -> bool {
        if e.is_fatal() {
            self.stopped = Some(e.to_string());
            true
        } else {
            self.frames += 1;
            self.problem(e.to_string());
            false
        }
    }

    /// Notes a record that gave no frame.
    pub fn problem(&mut self, message: String) {
        self.capture_problems += 1;
        if self.problems.len() < MAX_PROBLEMS_KEPT {
            self.problems.push(message);
        }
    }

    /// Total ZDP frames.
    #[must_use]
    pub fn zdp_frames(&self) -> u64 {
        self.zdp_by_cluster.values().sum()
    }

    /// Total ZCL frames.
    #[must_use]
    pub fn zcl_frames(&self) -> u64 {
        self.zcl_by_cluster.values().sum()
    }

    /// The `--summary --json` object.
    #[must_use]
    pub fn to_json(&self, show_keys: bool) -> Json {
        let zdp: serde_json::Map<String, Json> = self
            .zdp_by_cluster
            .iter()
            .map(|(c, n)| (format!("0x{c:04x}"), json!(n)))
            .collect();
        let zcl: serde_json::Map<String, Json> = self
            .zcl_by_cluster
            .iter()
            .map(|((p, c), n)| (format!("0x{p:04x}/0x{c:04x}"), json!(n)))
            .collect();
        json!({
            "frames": self.frames,
            "capture_problems": self.capture_problems,
            "bad_fcs": self.bad_fcs,
            "cc24xx_trailer": self.cc24xx_trailer,
            "decode_errors": self.decode_errors,
            "nwk_frames": self.nwk_frames,
            "nwk_secured": self.nwk_secured,
            "nwk_decrypted": self.nwk_decrypted,
            "aps_secured": self.aps_secured,
            "aps_decrypted": self.aps_decrypted,
            "zdp_frames": self.zdp_frames(),
            "zdp_by_cluster": zdp,
            "zcl_frames": self.zcl_frames(),
            "zcl_by_cluster": zcl,
            "keys_learned": self.keys_learned.iter().map(|k| k.to_json(show_keys)).collect::<Vec<_>>(),
            "problems": self.problems,
            "stopped": self.stopped,
        })
    }

    /// The `--summary` text.
    #[must_use]
    pub fn to_text(&self, show_keys: bool) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "frames:            {}", self.frames);
        if self.capture_problems > 0 {
            let _ = writeln!(s, "unreadable:        {}", self.capture_problems);
            for p in &self.problems {
                let _ = writeln!(s, "  {p}");
            }
        }
        if self.bad_fcs > 0 {
            let _ = writeln!(s, "bad FCS:           {}", self.bad_fcs);
        }
        if self.cc24xx_trailer > 0 {
            let _ = writeln!(
                s,
                "CC24xx trailer:    {} frames end with TI CC24xx metadata (RSSI, FCS ok, LQI), not an FCS",
                self.cc24xx_trailer
            );
        }
        if self.decode_errors > 0 {
            let _ = writeln!(s, "decode errors:     {}", self.decode_errors);
        }
        let _ = writeln!(s, "NWK frames:        {}", self.nwk_frames);
        let _ = writeln!(
            s,
            "NWK secured:       {} (decrypted {})",
            self.nwk_secured, self.nwk_decrypted
        );
        let _ = writeln!(
            s,
            "APS secured:       {} (decrypted {})",
            self.aps_secured, self.aps_decrypted
        );
        let _ = writeln!(s, "ZDP frames:        {}", self.zdp_frames());
        for (c, n) in &self.zdp_by_cluster {
            let _ = writeln!(s, "  0x{c:04x} {:<24} {n}", zdp_name(*c));
        }
        let _ = writeln!(s, "ZCL frames:        {}", self.zcl_frames());
        for ((p, c), n) in &self.zcl_by_cluster {
            let _ = writeln!(s, "  0x{p:04x}/0x{c:04x} {n}");
        }
        let _ = writeln!(s, "keys learned:      {}", self.keys_learned.len());
        for k in &self.keys_learned {
            let seq = match k.key.kind {
                LearnedKeyKind::Network { sequence } => format!(" (sequence {sequence})"),
                _ => String::new(),
            };
            let _ = writeln!(
                s,
                "  {:<8} {}{seq} from frame {}",
                k.kind_name(),
                k.key_string(show_keys),
                k.frame
            );
        }
        if let Some(e) = &self.stopped {
            let _ = writeln!(s, "stopped early:     {e}");
        }
        s
    }
}

/// Name of a ZDP cluster, for the summary.
fn zdp_name(cluster: u16) -> &'static str {
    zcl_core::zdp::ZdpCluster::from_u16(cluster).name()
}

/// Options of [`summarize`].
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryOptions {
    /// Capture reading options.
    pub read: ReadOptions,
    /// Make only one pass (frames before the Transport Key of their key stay encrypted).
    pub single_pass: bool,
}

/// Reads the capture at `path` twice (see the module documentation), decrypting with `keys`
/// and adding the keys it learns to them.
///
/// # Errors
/// Errors opening the file or reading its header; a fatal error later is in
/// [`Summary::stopped`] with the counts up to it.
pub fn summarize(
    path: &Path,
    keys: &mut KeyStore,
    options: SummaryOptions,
) -> Result<Summary, CaptureError> {
    summarize_with(
        || CaptureReader::open_with(path, options.read),
        keys,
        options,
    )
}

/// [`summarize`] over readers that `open` gives, one per pass (for captures in memory).
///
/// # Errors
/// Errors of `open`; a fatal error later is in [`Summary::stopped`].
pub fn summarize_with<R: Read>(
    mut open: impl FnMut() -> Result<CaptureReader<R>, CaptureError>,
    keys: &mut KeyStore,
    options: SummaryOptions,
) -> Result<Summary, CaptureError> {
    let mut summary = Summary::default();
    let mut retry: Vec<u64> = Vec::new();
    let mut reader = open()?;
    while let Some(item) = reader.next_frame() {
        let frame = match item {
            Ok(frame) => frame,
            Err(e) if summary.read_error(&e) => break,
            Err(_) => continue,
        };
        summary.frames += 1;
        if frame.fcs.is_bad() {
            summary.bad_fcs += 1;
            continue;
        }
        let d = dissect(frame.mac, keys);
        if let Some(key) = d.learned {
            summary.learned(frame.number, key);
        }
        if d.undecrypted() && !options.single_pass {
            retry.push(frame.number);
        } else {
            summary.add(&d);
        }
    }
    summary.cc24xx_trailer = reader.cc24xx_frames();
    if retry.is_empty() {
        return Ok(summary);
    }
    // Second pass: only the frames that stayed encrypted.
    let mut reader = open()?;
    let mut pending = retry.iter().peekable();
    while let Some(&next) = pending.peek() {
        let Some(item) = reader.next_frame() else {
            break;
        };
        let Ok(frame) = item else { continue };
        if frame.number != *next {
            continue;
        }
        pending.next();
        let d = dissect(frame.mac, keys);
        if let Some(key) = d.learned {
            summary.learned(frame.number, key);
        }
        summary.add(&d);
    }
    summary.keys_learned.sort_by_key(|k| k.frame);
    Ok(summary)
}
/// Dissects one frame and counts it in `summary`. A frame whose FCS is bad is dissected
/// without keys and teaches none (its bytes may be damaged).
pub fn dissect_counted(
    frame: &Frame<'_>,
    keys: &mut KeyStore,
    summary: &mut Summary,
) -> Dissection {
    summary.frames += 1;
    if frame.fcs.is_bad() {
        summary.bad_fcs += 1;
        return dissect(frame.mac, &mut KeyStore::empty());
    }
    let d = dissect(frame.mac, keys);
    if let Some(key) = d.learned {
        summary.learned(frame.number, key);
    }
    summary.add(&d);
    d
}
