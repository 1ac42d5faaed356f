//! The real captures of `../shared/captures/` (see CAPTURES.md there): every file reads
//! completely, and the sniffer decodes at least what tshark decodes with the same keys.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use zcl_host::capture::{CaptureError, CaptureReader, Fcs, FrameSource, LinkType};

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
                // From an acknowledgment (frame control + sequence number) up to
                // aMaxPhyPacketSize 127 less the 2-byte FCS (IEEE 802.15.4-2015 7.2, 11.3).
                assert!((3..=125).contains(&frame.mac.len()), "{name}: {frame:?}");
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
    let mut lqis = Vec::new();
    while let Some(item) = reader.next_frame() {
        let frame = item.unwrap();
        frames += 1;
        assert_eq!(frame.channel, Some(19));
        // The ZEP sequence numbers run on without a gap from 20191893.
        assert_eq!(frame.sequence, Some(20_191_892 + frames as u32));
        lqis.push(frame.lqi.unwrap());
        assert_eq!(frame.fcs, Fcs::Cc24xx { ok: true });
    }
    assert_eq!(frames, 152);
    // The LQI of each ZEP header: the first frames, the range and the total of all 152.
    assert_eq!(lqis[..8], [151, 229, 229, 151, 147, 226, 229, 151]);
    assert_eq!(
        (lqis.iter().min(), lqis.iter().max()),
        (Some(&137), Some(&233))
    );
    assert_eq!(lqis.iter().map(|&l| u32::from(l)).sum::<u32>(), 30_969);
    assert_eq!(lqis.iter().filter(|&&l| l == 229).count(), 66);
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

// ---- decoding: counts against tshark (CAPTURES.md), keys learned ----

use zcl_host::render::summary::{summarize, Summary, SummaryOptions};
use zcl_host::sniff::{KeyStore, LearnedKeyKind};

fn key(hex_key: &str) -> [u8; 16] {
    hex::decode(hex_key).unwrap().try_into().unwrap()
}

/// Summary of a capture with the default trust-center key plus `network_keys`.
fn summary_with(name: &str, network_keys: &[&str]) -> Summary {
    let mut keys = KeyStore::new();
    for k in network_keys {
        keys.add_network_key(key(k), None, None);
    }
    summarize(&capture(name), &mut keys, SummaryOptions::default()).unwrap()
}

fn learned_network_keys(s: &Summary) -> Vec<String> {
    s.keys_learned
        .iter()
        .filter(|k| matches!(k.key.kind, LearnedKeyKind::Network { .. }))
        .map(|k| hex::encode(k.key.key))
        .collect()
}

/// At least tshark's counts of ZDP frames per cluster and ZCL frames per profile/cluster.
fn assert_at_least(s: &Summary, zdp: &[(u16, u64)], zcl: &[((u16, u16), u64)]) {
    for (cluster, n) in zdp {
        let got = s.zdp_by_cluster.get(cluster).copied().unwrap_or(0);
        assert!(
            got >= *n,
            "ZDP 0x{cluster:04x}: {got} < {n}\n{}",
            s.to_text(true)
        );
    }
    for ((profile, cluster), n) in zcl {
        let got = s
            .zcl_by_cluster
            .get(&(*profile, *cluster))
            .copied()
            .unwrap_or(0);
        assert!(
            got >= *n,
            "ZCL 0x{profile:04x}/0x{cluster:04x}: {got} < {n}"
        );
    }
}

#[test]
fn killerbee_counts_match_tshark() {
    for keys in [&["26546b723b396a727b5d5271517d392f"][..], &[]] {
        // With the key given, or learned from the plaintext Transport Key in frame 151.
        let s = summary_with("killerbee-control4-sample.pcap", keys);
        assert_eq!(s.frames, 407);
        assert_eq!(s.bad_fcs, 30);
        assert!(
            s.nwk_secured >= 194 && s.nwk_decrypted >= 194,
            "{}",
            s.to_text(true)
        );
        assert_eq!(s.nwk_decrypted, s.nwk_secured);
        assert_at_least(
            &s,
            &[(0x0013, 3), (0x0034, 2), (0x0036, 4), (0x8034, 6)],
            &[((0xc25c, 0x0001), 31), ((0xc25d, 0x0001), 24)],
        );
        assert!(s.zcl_frames() >= 55);
        assert!(learned_network_keys(&s).contains(&"26546b723b396a727b5d5271517d392f".into()));
        assert_eq!(s.keys_learned[0].frame, 151);
    }
}

#[test]
fn zbtk_zep_counts_match_tshark() {
    let s = summary_with("zbtk-trace-zep.pcap", &["52f0fe8052ebb35907daa243c95a2ff4"]);
    assert_eq!(s.frames, 152);
    assert!(
        s.nwk_secured >= 53 && s.nwk_decrypted >= 53,
        "{}",
        s.to_text(true)
    );
    assert_at_least(
        &s,
        &[],
        &[
            ((0x0104, 0x0201), 4),
            ((0x0104, 0x0402), 1),
            ((0x0104, 0x0405), 2),
            ((0x0104, 0x0b05), 11),
        ],
    );
    // Without the key the NWK headers still decode and the payloads are reported encrypted.
    let s = summary_with("zbtk-trace-zep.pcap", &[]);
    assert_eq!((s.nwk_secured, s.nwk_decrypted), (53, 0));
}

/// The Silicon Labs traces with only the default trust-center key: every NWK frame decrypts
/// and every key CAPTURES.md lists is learned.
#[test]
fn silabs_traces_decrypt_with_default_key_only() {
    let traces: [(&str, &[&str], usize, usize); 5] = [
        (
            "silabs-joining-well-known-key.pcapng",
            &["aad957ed18bb9410e3babdd01b683294"],
            0,
            0,
        ),
        (
            "silabs-nwk-key-update.pcapng",
            &[
                "c316f44d7bed3903da10f8dd64c589a6",
                "fa7d761abbe036588d89fe6ff593525b",
            ],
            1,
            0,
        ),
        (
            "silabs-tc-unique-link-key.pcapng",
            &["ac6029c0e5dce647c9dcdb7af70d01a1"],
            1,
            0,
        ),
        (
            "silabs-unsecured-rejoining.pcapng",
            &[
                "f3747fefcc890f9096a2e887aaf10088",
                "1d49316b249b767bc0b6fbd12dadab59",
            ],
            0,
            0,
        ),
        (
            "silabs-app-link-key.pcapng",
            &["321f5c2bfecd923ad71839c7b4e02f3d"],
            0,
            1,
        ),
    ];
    for (name, network_keys, tc_links, app_links) in traces {
        let s = summary_with(name, &[]);
        assert!(s.nwk_secured > 0, "{name}");
        assert_eq!(
            s.nwk_decrypted,
            s.nwk_secured,
            "{name}\n{}",
            s.to_text(true)
        );
        assert_eq!(
            s.aps_decrypted,
            s.aps_secured,
            "{name}\n{}",
            s.to_text(true)
        );
        assert_eq!(learned_network_keys(&s), *network_keys, "{name}");
        let count =
            |kind: LearnedKeyKind| s.keys_learned.iter().filter(|k| k.key.kind == kind).count();
        assert!(count(LearnedKeyKind::TrustCenterLink) >= tc_links, "{name}");
        assert!(
            count(LearnedKeyKind::ApplicationLink) >= app_links,
            "{name}"
        );
        // Every trace is a join: at least tshark's ZDP counts of the well-known-key trace.
        assert_at_least(
            &s,
            &[(0x0002, 2), (0x0013, 7), (0x0036, 9), (0x8002, 2)],
            &[],
        );
    }
    // tshark's exact table for the well-known-key trace.
    let s = summary_with("silabs-joining-well-known-key.pcapng", &[]);
    assert_eq!((s.nwk_secured, s.nwk_decrypted), (66, 66));
    assert_at_least(
        &s,
        &[(0x0002, 2), (0x0013, 7), (0x0036, 10), (0x8002, 2)],
        &[],
    );
}

#[test]
fn silabs_install_code_trace() {
    // 05-3474 install code with its CRC gives link key 66b6900981e1ee3ca4206b6b861c02bb.
    let code = hex::decode("83FED3407A939723A5C639B26916D505C3B5").unwrap();
    let mut keys = KeyStore::new();
    keys.add_install_code(&code, None).unwrap();
    assert!(keys
        .link_keys()
        .iter()
        .any(|k| hex::encode(k.key()) == "66b6900981e1ee3ca4206b6b861c02bb"));
    let s = summarize(
        &capture("silabs-joining-install-code.pcapng"),
        &mut keys,
        SummaryOptions::default(),
    )
    .unwrap();
    assert_eq!(
        (s.nwk_secured, s.nwk_decrypted),
        (91, 91),
        "{}",
        s.to_text(true)
    );
    assert_eq!(s.aps_decrypted, s.aps_secured);
    assert_at_least(
        &s,
        &[(0x0002, 2), (0x0013, 7), (0x0036, 11), (0x8002, 2)],
        &[],
    );
    assert_eq!(
        learned_network_keys(&s),
        ["ab3615ae5219501568d74ef25c1e6da5"]
    );
    // Without the install code nothing decrypts.
    let s = summary_with("silabs-joining-install-code.pcapng", &[]);
    assert_eq!(s.nwk_decrypted, 0);
}

#[test]
fn two_passes_decrypt_frames_before_the_transport_key() {
    // Frames 1-4 of the well-known-key trace are sent before the Transport Key (frame 12).
    let mut keys = KeyStore::new();
    let one = summarize(
        &capture("silabs-joining-well-known-key.pcapng"),
        &mut keys,
        SummaryOptions {
            single_pass: true,
            ..SummaryOptions::default()
        },
    )
    .unwrap();
    assert!(one.nwk_decrypted < one.nwk_secured);
    let two = summary_with("silabs-joining-well-known-key.pcapng", &[]);
    assert_eq!(two.nwk_decrypted, two.nwk_secured);
}

#[test]
fn cc24xx_capture_decodes_headers_and_says_encrypted() {
    let s = summary_with("zleaks-smartthings-plug-cc24xx.pcapng", &[]);
    assert_eq!(s.frames, 947);
    assert_eq!(s.cc24xx_trailer, 947);
    assert!(s.nwk_frames > 800, "{}", s.to_text(false));
    assert_eq!(s.nwk_decrypted, 0);
    assert_eq!(s.nwk_secured, s.nwk_frames);
    assert!(s.to_text(false).contains("CC24xx"));
}

#[test]
fn wrong_keys_decrypt_nothing_and_say_so() {
    let mut keys = KeyStore::empty();
    keys.add_network_key([0x11; 16], None, None);
    keys.add_link_key([0x22; 16], None, None);
    for name in [
        "silabs-joining-well-known-key.pcapng",
        "zbtk-trace-zep.pcap",
    ] {
        let s = summarize(&capture(name), &mut keys, SummaryOptions::default()).unwrap();
        assert!(s.nwk_secured > 0);
        assert_eq!((s.nwk_decrypted, s.aps_decrypted), (0, 0), "{name}");
        assert!(s.keys_learned.is_empty());
        assert_eq!(s.zdp_frames() + s.zcl_frames(), 0);
    }
}

// ---- hostile input: cut and damaged copies of the real captures never panic ----

fn summarize_bytes(bytes: &[u8]) -> Result<Summary, zcl_host::capture::CaptureError> {
    let mut keys = KeyStore::new();
    zcl_host::render::summary::summarize_with(
        || CaptureReader::new(bytes, zcl_host::capture::ReadOptions::default()),
        &mut keys,
        SummaryOptions::default(),
    )
}

#[test]
fn truncated_captures_report_where_they_stop() {
    for name in [
        "killerbee-control4-sample.pcap",
        "zbtk-trace-zep.pcap",
        "silabs-joining-well-known-key.pcapng",
        "zleaks-smartthings-plug-cc24xx.pcapng",
    ] {
        let bytes = std::fs::read(capture(name)).unwrap();
        for cut in [bytes.len() / 3, bytes.len() / 2 + 1, bytes.len() - 1] {
            let s = summarize_bytes(&bytes[..cut]).unwrap();
            let stopped = s.stopped.expect("a cut file says it is truncated");
            assert!(stopped.contains("truncated"), "{name}: {stopped}");
            assert!(s.frames > 0);
        }
        // Cut inside the file header.
        assert!(matches!(
            summarize_bytes(&bytes[..3]),
            Err(CaptureError::Truncated {
                offset: 0,
                what: "file magic",
                needed: 1
            })
        ));
    }
}

#[test]
fn garbage_frames_in_real_captures_never_panic() {
    // Flip bytes all over the well-known-key trace (link type 230: no FCS protects frames).
    let bytes = std::fs::read(capture("silabs-joining-well-known-key.pcapng")).unwrap();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for round in 0..40 {
        let mut damaged = bytes.clone();
        for _ in 0..(round * 8 + 1) {
            // xorshift: deterministic positions and values
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let at = (state % damaged.len() as u64) as usize;
            damaged[at] = (state >> 32) as u8;
        }
        match summarize_bytes(&damaged) {
            Ok(s) => assert!(s.frames <= 186 + 1),
            // Damage to the file's own structure (here: the section header block's length)
            // is refused when the file is opened; frames never make it fail.
            Err(e) => assert!(
                matches!(
                    e,
                    CaptureError::TooLarge { .. }
                        | CaptureError::Truncated { .. }
                        | CaptureError::Malformed { .. }
                        | CaptureError::BadMagic(_)
                        | CaptureError::UnsupportedVersion { .. }
                ),
                "{e}"
            ),
        }
    }
}

#[test]
fn sniff_command_notes_the_cc24xx_trailer() {
    use zcl_host::cli::sniff::{run_to, Cc24xxArg, SniffArgs};
    let args = SniffArgs {
        input: Some(capture("zleaks-smartthings-plug-cc24xx.pcapng")),
        keys: Vec::new(),
        install_codes: Vec::new(),
        key_file: None,
        no_default_keys: false,
        show_keys: false,
        json: false,
        summary: false,
        output: None,
        decrypted: false,
        cc24xx: Cc24xxArg::Auto,
        bench: false,
    };
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_to(&args, &mut out, &mut err).unwrap();
    let out = String::from_utf8(out).unwrap();
    let err = String::from_utf8(err).unwrap();
    assert_eq!(out.lines().count(), 947);
    assert!(
        err.contains("947 frames end with a TI CC24xx metadata trailer"),
        "{err}"
    );
    // RSSI and LQI come from the trailer; NWK payloads stay encrypted without a key.
    let first = out.lines().next().unwrap();
    assert!(first.contains("dBm lqi"), "{first}");
    assert!(out.contains("encrypted"), "{}", &out[..400]);
    // Forcing "no trailer" turns the trailers into bad FCSs.
    let (mut out, mut err) = (Vec::new(), Vec::new());
    run_to(
        &SniffArgs {
            cc24xx: Cc24xxArg::Never,
            summary: true,
            ..args
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("bad FCS:"), "{out}");
    assert!(!out.contains("CC24xx"), "{out}");
}

#[test]
fn decrypted_export_of_a_real_trace_needs_no_keys() {
    use zcl_host::cli::sniff::{run_to, Cc24xxArg, SniffArgs};
    let output =
        std::env::temp_dir().join(format!("zcl-captures-{}-plain.pcapng", std::process::id()));
    let args = SniffArgs {
        input: Some(capture("silabs-app-link-key.pcapng")),
        keys: Vec::new(),
        install_codes: Vec::new(),
        key_file: None,
        no_default_keys: false,
        show_keys: false,
        json: false,
        summary: true,
        output: Some(output.clone()),
        decrypted: true,
        cc24xx: Cc24xxArg::Auto,
        bench: false,
    };
    run_to(&args, &mut Vec::new(), &mut Vec::new()).unwrap();
    let mut keys = KeyStore::empty();
    let s = summarize(&output, &mut keys, SummaryOptions::default()).unwrap();
    std::fs::remove_file(&output).unwrap();
    assert_eq!(s.frames, 185);
    // Security headers and MICs are gone: nothing is secured, everything decodes.
    assert_eq!((s.nwk_secured, s.aps_secured, s.decode_errors), (0, 0, 0));
    assert_eq!(s.zdp_frames(), 21);
    // The Transport Key commands are readable in the clear: their keys are learned keylessly.
    assert_eq!(
        learned_network_keys(&s),
        ["321f5c2bfecd923ad71839c7b4e02f3d"]
    );
}
