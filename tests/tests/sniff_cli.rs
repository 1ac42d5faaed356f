//! `zcl-host sniff` on the demo capture (examples/demo.pcapng), run in process through
//! `zcl_host::cli::sniff::run_to` with the arguments the command line would give.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../zcl-host/examples/support/demo_capture.rs"]
mod demo_capture;

use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::ExitCode;
use zcl_host::capture::{CaptureReader, FrameSource};
use zcl_host::cli::sniff::{run_to, Cc24xxArg, SniffArgs};
use zcl_host::sniff::{dissect, KeyStore};

const NETWORK_KEY: &str = "0123456789abcdeffedcba9876543210";
const MASKED_KEY: &str = "0123************************3210";

fn demo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/demo.pcapng")
}

fn args(input: PathBuf) -> SniffArgs {
    SniffArgs {
        input: Some(input),
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
    }
}

/// Runs the command; returns exit code, standard output and standard error.
fn run(args: &SniffArgs) -> (ExitCode, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run_to(args, &mut out, &mut err).unwrap();
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("zcl-sniff-cli-{}-{name}", std::process::id()))
}

#[test]
fn demo_capture_is_what_gen_demo_writes() {
    let mut fresh = Vec::new();
    let frames = demo_capture::write_demo(&mut fresh).unwrap();
    assert_eq!(frames, 45);
    assert_eq!(fresh, std::fs::read(demo()).unwrap(), "run gen_demo again");
}

#[test]
fn summary_shows_the_learned_key_and_everything_decrypted() {
    let (code, out, _) = run(&SniffArgs {
        summary: true,
        ..args(demo())
    });
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("frames:            45"), "{out}");
    assert!(
        out.contains("NWK secured:       19 (decrypted 19)"),
        "{out}"
    );
    assert!(out.contains("APS secured:       1 (decrypted 1)"), "{out}");
    assert!(out.contains("keys learned:      1"), "{out}");
    assert!(
        out.contains(&format!("network  {MASKED_KEY} (sequence 0) from frame 10")),
        "{out}"
    );
    assert!(!out.contains(NETWORK_KEY));
}

#[test]
fn summary_json_has_the_agreed_keys() {
    let (_, out, _) = run(&SniffArgs {
        summary: true,
        json: true,
        show_keys: true,
        ..args(demo())
    });
    let v: Json = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["frames"], 45);
    assert_eq!(v["nwk_secured"], 19);
    assert_eq!(v["nwk_decrypted"], 19);
    assert_eq!(v["aps_secured"], 1);
    assert_eq!(v["aps_decrypted"], 1);
    for cluster in [
        "0x0002", "0x0004", "0x0005", "0x0013", "0x8002", "0x8004", "0x8005",
    ] {
        assert_eq!(v["zdp_by_cluster"][cluster], 1, "{cluster}");
    }
    assert_eq!(v["zcl_by_cluster"]["0x0104/0x0006"], 3);
    assert_eq!(v["zcl_by_cluster"]["0x0104/0x0008"], 3);
    assert_eq!(v["zcl_by_cluster"]["0x0104/0x0402"], 4);
    let keys = v["keys_learned"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0]["kind"], "network");
    assert_eq!(keys[0]["key"], NETWORK_KEY);
    assert_eq!(keys[0]["frame"], 10);
}

#[test]
fn one_line_per_frame() {
    let (code, out, _) = run(&args(demo()));
    assert_eq!(code, ExitCode::SUCCESS);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 45);
    // Sent before the Transport Key, decrypted thanks to the second pass.
    assert!(lines[0].contains("link_status"), "{}", lines[0]);
    assert!(lines[0].contains("NWK decrypted"), "{}", lines[0]);
    assert!(lines[1].contains("MAC command"), "{}", lines[1]);
    assert!(lines[9].contains("transport_key"), "{}", lines[9]);
    assert!(lines[9].contains(MASKED_KEY), "{}", lines[9]);
    assert!(!out.contains(NETWORK_KEY));
    assert!(lines[11].contains("ZDP device_annce tsn"), "{}", lines[11]);
    assert!(
        lines[14].contains("node_desc_rsp tsn 71 status success"),
        "{}",
        lines[14]
    );
    assert!(
        lines[30].contains("ZCL 0x0104/0x0006 On/Off tsn 74 toggle"),
        "{}",
        lines[30]
    );
    assert!(
        lines[36].contains("Level Control tsn 75 move_to_level"),
        "{}",
        lines[36]
    );
    assert!(lines[30].starts_with("    31 "), "{}", lines[30]);
}

#[test]
fn json_per_frame_has_the_layers() {
    let (_, out, _) = run(&SniffArgs {
        json: true,
        ..args(demo())
    });
    let frames: Vec<Json> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(frames.len(), 45);
    assert_eq!(frames[1]["mac"]["command"], "beacon_request");
    assert_eq!(frames[4]["mac"]["type"], "ack");
    let transport = &frames[9];
    assert_eq!(transport["aps"]["command"], "transport_key");
    assert_eq!(transport["aps"]["security"]["decrypted"], true);
    assert_eq!(transport["learned_key"]["key"], MASKED_KEY);
    let annce = &frames[11];
    assert_eq!(annce["nwk"]["security"]["decrypted"], true);
    assert_eq!(annce["nwk"]["src"], "0x5f3a");
    assert_eq!(annce["zdp"]["cluster"], "0x0013");
    assert_eq!(annce["zdp"]["name"], "device_annce");
    assert_eq!(frames[14]["zdp"]["status"], "success");
    let toggle = &frames[30];
    assert_eq!(toggle["aps"]["cluster"], "0x0006");
    assert_eq!(toggle["zcl"]["command"], "toggle", "{toggle}");
    assert_eq!(toggle["zcl"]["cluster_name"], "On/Off");
    assert_eq!(toggle["zcl"]["profile"], 0x0104);
    let report = &frames[24];
    assert_eq!(report["zcl"]["command"], "report_attributes");
    assert_eq!(report["zcl"]["payload"]["records"][0]["value"], 2150);
    assert!(toggle.get("zdp").is_none());
    for f in &frames {
        assert_eq!(f["fcs"], "valid");
    }
}

#[test]
fn json_zdp_fields_are_structured() {
    let (_, out, _) = run(&SniffArgs {
        json: true,
        ..args(demo())
    });
    let frames: Vec<Json> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let zdp = |name: &str| {
        frames
            .iter()
            .find(|f| f["zdp"]["name"] == name)
            .map(|f| f["zdp"]["fields"].clone())
            .unwrap()
    };
    let annce = zdp("device_annce");
    assert_eq!(annce["ieee_addr"], "00:15:8d:00:04:a1:b2:c3", "{annce}");
    assert_eq!(annce["nwk_addr"], "0x5f3a");
    assert_eq!(annce["capability"], 0x8e);
    let rsp = zdp("simple_desc_rsp");
    assert_eq!(rsp["status"], "success", "{rsp}");
    assert_eq!(rsp["nwk_addr_of_interest"], "0x5f3a");
    let d = &rsp["simple_descriptor"];
    assert_eq!(d["endpoint"], 1);
    assert_eq!(d["profile_id"], 260);
    assert_eq!(d["device_id"], 0x0101);
    assert_eq!(
        d["input_clusters"],
        serde_json::json!([0, 3, 4, 5, 6, 8, 1026])
    );
    assert_eq!(d["output_clusters"], serde_json::json!([25]));
    let node = zdp("node_desc_rsp");
    assert_eq!(node["node_descriptor"]["logical_type"], "router", "{node}");
    assert_eq!(node["node_descriptor"]["manufacturer_code"], 0x115f);
    assert_eq!(zdp("active_ep_rsp")["endpoints"], serde_json::json!([1]));
}

#[test]
fn keys_from_options_and_files() {
    // Without the default key the Transport Key stays encrypted and nothing else decrypts.
    let (_, out, _) = run(&SniffArgs {
        summary: true,
        no_default_keys: true,
        ..args(demo())
    });
    assert!(out.contains("NWK secured:       19 (decrypted 0)"), "{out}");
    assert!(out.contains("keys learned:      0"), "{out}");
    // The network key given: NWK decrypts, the APS-secured Transport Key does not.
    let (_, out, _) = run(&SniffArgs {
        summary: true,
        no_default_keys: true,
        keys: vec!["01:23:45:67:89:ab:cd:ef:fe:dc:ba:98:76:54:32:10".into()],
        ..args(demo())
    });
    assert!(
        out.contains("NWK secured:       19 (decrypted 19)"),
        "{out}"
    );
    assert!(out.contains("APS secured:       1 (decrypted 0)"), "{out}");
    // The same from a key file.
    let key_file = temp_path("keys.txt");
    std::fs::write(
        &key_file,
        format!("# demo\nnetwork {NETWORK_KEY} demo network\n"),
    )
    .unwrap();
    let (_, out, _) = run(&SniffArgs {
        summary: true,
        no_default_keys: true,
        key_file: Some(key_file.clone()),
        ..args(demo())
    });
    std::fs::remove_file(&key_file).unwrap();
    assert!(
        out.contains("NWK secured:       19 (decrypted 19)"),
        "{out}"
    );
}

#[test]
fn output_with_decrypted_payloads_reads_back_without_keys() {
    let path = temp_path("plain.pcapng");
    let (code, _, _) = run(&SniffArgs {
        summary: true,
        output: Some(path.clone()),
        decrypted: true,
        ..args(demo())
    });
    assert_eq!(code, ExitCode::SUCCESS);
    let mut reader = CaptureReader::open(&path).unwrap();
    let mut keys = KeyStore::empty();
    let (mut frames, mut zcl, mut secured) = (0, 0, 0);
    while let Some(frame) = reader.next_frame() {
        let frame = frame.unwrap();
        frames += 1;
        let d = dissect(frame.mac, &mut keys);
        secured += u32::from(d.nwk_security.is_some() || d.aps_security.is_some());
        if d.app().is_some_and(|a| !a.is_zdp()) {
            zcl += 1;
        }
    }
    std::fs::remove_file(&path).unwrap();
    assert_eq!((frames, zcl, secured), (45, 10, 0));
}

#[test]
fn problems_are_reported() {
    // A missing file.
    let mut out = Vec::new();
    let e = run_to(
        &args(PathBuf::from("/nonexistent/x.pcap")),
        &mut out,
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("No such file"), "{e}");
    // A bad key.
    let e = run_to(
        &SniffArgs {
            keys: vec!["1234".into()],
            ..args(demo())
        },
        &mut out,
        &mut Vec::new(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("16 bytes"), "{e}");
    // A truncated copy: frames up to the cut, then the reason, exit code 1.
    let bytes = std::fs::read(demo()).unwrap();
    let cut = temp_path("cut.pcapng");
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let (code, out, err) = run(&args(cut.clone()));
    assert_eq!(code, ExitCode::from(1));
    assert_eq!(out.lines().count(), 44);
    assert!(err.contains("truncated"), "{err}");
    let (code, out, _) = run(&SniffArgs {
        summary: true,
        ..args(cut.clone())
    });
    std::fs::remove_file(&cut).unwrap();
    assert_eq!(code, ExitCode::from(1));
    assert!(out.contains("stopped early"), "{out}");
    // Not a capture.
    let junk = temp_path("junk.pcap");
    std::fs::write(&junk, b"this is not a capture file").unwrap();
    let e = run_to(&args(junk.clone()), &mut Vec::new(), &mut Vec::new()).unwrap_err();
    std::fs::remove_file(&junk).unwrap();
    assert!(e.to_string().contains("not a pcap or pcapng file"), "{e}");
}
