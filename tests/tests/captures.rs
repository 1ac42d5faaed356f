//! The real captures of `../shared/captures/` (see CAPTURES.md there): every file reads
//! completely, and the sniffer decodes at least what tshark decodes with the same keys.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use zcl_host::capture::{CaptureReader, Fcs, FrameSource, LinkType};

/// The shared captures folder: where `ZCL_CAPTURES` points, else `shared/captures` beside the
/// workspace (`$CARGO_MANIFEST_DIR/../../shared/captures`) or beside a folder further up.
fn captures_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("ZCL_CAPTURES") {
        return PathBuf::from(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/captures"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| manifest.join("../../shared/captures"))
}

fn capture(name: &str) -> PathBuf {
    let path = captures_dir().join(name);
    assert!(
        path.exists(),
        "capture {} not found; set ZCL_CAPTURES to the shared captures folder",
        path.display()
    );
    path
}

/// Reads every frame of a capture: (frames, frames with problems, FCS outcomes).
fn read_all(name: &str) -> (u64, u64, Vec<Fcs>, Vec<LinkType>, u64) {
    let mut reader = CaptureReader::open(capture(name)).unwrap();
    let mut frames = 0;
    let mut problems = 0;
    let mut fcs = Vec::new();
    while let Some(item) = reader.next_frame() {
        match item {
            Ok(frame) => {
                frames += 1;
                assert_eq!(frame.number, frames + problems);
                assert!(!frame.mac.is_empty());
                fcs.push(frame.fcs);
            }
            Err(e) => {
                assert!(!e.is_fatal(), "{name}: {e}");
                problems += 1;
            }
        }
    }
    (
        frames,
        problems,
        fcs,
        reader.link_types(),
        reader.cc24xx_frames(),
    )
}

#[test]
fn reads_killerbee_pcap_with_fcs() {
    let (frames, problems, fcs, links, cc) = read_all("killerbee-control4-sample.pcap");
    assert_eq!((frames, problems), (407, 0));
    assert_eq!(links, [LinkType::Ieee802154WithFcs]);
    // tshark flags 30 frames of this capture with a bad FCS; all others are valid.
    let bad = fcs
        .iter()
        .filter(|f| matches!(f, Fcs::Invalid { .. }))
        .count();
    assert_eq!(bad, 30);
    assert_eq!(fcs.iter().filter(|f| **f == Fcs::Valid).count(), 407 - 30);
    assert_eq!(cc, 0);
}

#[test]
fn reads_zbtk_zep() {
    let mut reader = CaptureReader::open(capture("zbtk-trace-zep.pcap")).unwrap();
    let mut frames = 0;
    while let Some(item) = reader.next_frame() {
        let frame = item.unwrap();
        frames += 1;
        assert_eq!(frame.channel, Some(19));
        assert!(frame.lqi.is_some());
        assert!(frame.sequence.is_some());
        assert_eq!(frame.fcs, Fcs::Cc24xx { ok: true });
    }
    assert_eq!(frames, 152);
    assert_eq!(reader.link_types(), [LinkType::Ethernet]);
}

#[test]
fn reads_silabs_pcapng_without_fcs() {
    for (name, count) in [
        ("silabs-joining-well-known-key.pcapng", 186),
        ("silabs-joining-install-code.pcapng", 179),
        ("silabs-nwk-key-update.pcapng", 155),
        ("silabs-tc-unique-link-key.pcapng", 142),
        ("silabs-unsecured-rejoining.pcapng", 202),
        ("silabs-app-link-key.pcapng", 185),
    ] {
        let (frames, problems, fcs, links, _) = read_all(name);
        assert_eq!((frames, problems), (count, 0), "{name}");
        assert_eq!(links, [LinkType::Ieee802154NoFcs]);
        assert!(fcs.iter().all(|f| *f == Fcs::Absent));
    }
}

#[test]
fn detects_cc24xx_trailer() {
    let (frames, problems, fcs, links, cc) = read_all("zleaks-smartthings-plug-cc24xx.pcapng");
    assert_eq!((frames, problems), (947, 0));
    assert_eq!(links, [LinkType::Ieee802154WithFcs]);
    assert!(
        fcs.iter().all(|f| matches!(f, Fcs::Cc24xx { .. })),
        "{fcs:?}"
    );
    assert_eq!(cc, 947);
}
