//! Live sniffing against the simulated radios: the EZSP simulator in mfglib mode and the nRF
//! sniffer and Spinel RCP front ends of `zcl-host sim`, each hearing the same kind of virtual
//! network (forming, three devices joining with a Transport Key, then reads and toggles).
//!
//! What is checked: a live capture decodes and decrypts exactly as the same frames written to
//! a file and read back do; Ctrl-C (SIGINT) closes the file cleanly; a radio that goes away
//! mid-capture gives a clear error and a valid file; ZEP out feeds a ZEP listener; and the
//! Wireshark extcap handshake, with the fifo read back by tshark.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use zcl_host::capture::{CaptureReader, FrameSource};

mod common;
use common::{tempdir, Sim};

const BIN: &str = env!("CARGO_BIN_EXE_zcl-host");

/// A sniffer sim: simulated time ten times faster, a traffic round every 500 ms of it.
fn sniffer_sim(radio: &str) -> Sim {
    Sim::start(&[
        "--radio",
        radio,
        "--pty",
        "--sniff-speed",
        "10",
        "--sniff-traffic-ms",
        "500",
    ])
}

fn zcl_host(args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(args);
    c
}

/// Waits for `child` for at most `limit`, killing it after that. Its piped outputs are read
/// meanwhile (so a chatty child never blocks on a full pipe).
fn wait_output(mut child: Child, limit: Duration) -> Output {
    fn drain<R: Read + Send + 'static>(r: Option<R>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut r) = r {
                let _ = r.read_to_end(&mut buf);
            }
            buf
        })
    }
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            let err = stderr.join().unwrap();
            panic!("timed out; stderr: {}", String::from_utf8_lossy(&err));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

fn run(cmd: &mut Command, limit: Duration) -> Output {
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_output(child, limit)
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Every frame of a capture file, failing on a fatal reading error.
fn frames_in(path: &Path) -> u64 {
    let mut r = CaptureReader::open(path).unwrap();
    let mut n = 0;
    while let Some(item) = r.next_frame() {
        let f = item.unwrap();
        // An acknowledgment (3 bytes) up to 127 less the FCS (IEEE 802.15.4-2015 7.2, 11.3).
        assert!((3..=125).contains(&f.mac.len()), "{f:?}");
        n += 1;
    }
    n
}

/// Live capture of 150 frames, then the same frames from the file it wrote.
fn live_equals_file(radio: &str) {
    let sim = sniffer_sim(radio);
    let dir = tempdir(&format!("live-{radio}"));
    let pcap = dir.join("live.pcapng");
    let live = run(
        &mut zcl_host(&[
            "sniff",
            "--radio",
            radio,
            "--port",
            &sim.port,
            "--channel",
            "15",
            "--count",
            "150",
            "--json",
            "--output",
            pcap.to_str().unwrap(),
        ]),
        Duration::from_secs(60),
    );
    assert!(
        live.status.success(),
        "{}",
        String::from_utf8_lossy(&live.stderr)
    );
    let from_file = run(
        &mut zcl_host(&["sniff", "--input", pcap.to_str().unwrap(), "--json"]),
        Duration::from_secs(30),
    );
    assert!(from_file.status.success());
    let live = json_lines(&live.stdout);
    let file = json_lines(&from_file.stdout);
    assert_eq!(live.len(), 150);
    assert_eq!(live, file, "live and file decodes differ");
    // What the comparison covers: radio metadata on every frame, a key learned from the
    // Transport Key, NWK decryption, and ZCL inside.
    for f in &live {
        assert_eq!(f["channel"], 15, "{f}");
        assert!(f["rssi"].is_i64() && f["lqi"].is_u64(), "{f}");
        assert_eq!(f["fcs"], "valid", "{f}");
    }
    let learned: Vec<&Value> = live.iter().filter_map(|f| f.get("learned_key")).collect();
    assert!(
        learned
            .iter()
            .any(|k| k["kind"] == "network" && k["sequence"] == 0),
        "{learned:?}"
    );
    let decrypted = live
        .iter()
        .filter(|f| f["nwk"]["security"]["decrypted"] == true)
        .count();
    assert!(decrypted > 30, "{decrypted} decrypted");
    let commands: Vec<&str> = live
        .iter()
        .filter_map(|f| f["zcl"]["command"].as_str())
        .collect();
    assert!(
        commands.contains(&"read_attributes_response"),
        "{commands:?}"
    );
}

#[test]
fn ezsp_mfglib_live_equals_file() {
    live_equals_file("ezsp");
}

#[test]
fn nrf_live_equals_file() {
    live_equals_file("nrf");
}

#[test]
fn spinel_live_equals_file() {
    live_equals_file("spinel");
}

#[test]
fn live_summary_counts_what_it_heard() {
    let sim = sniffer_sim("ezsp");
    let out = run(
        &mut zcl_host(&[
            "sniff",
            "--radio",
            "ezsp",
            "--port",
            &sim.port,
            "--channel",
            "15",
            "--count",
            "80",
            "--summary",
            "--json",
        ]),
        Duration::from_secs(60),
    );
    assert!(out.status.success());
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["frames"], 80, "{s}");
    assert!(s["nwk_decrypted"].as_u64().unwrap() > 10, "{s}");
}

#[test]
fn hopping_visits_the_network_channel() {
    let sim = sniffer_sim("spinel");
    let out = run(
        &mut zcl_host(&[
            "sniff",
            "--radio",
            "spinel",
            "--port",
            &sim.port,
            "--channel",
            "13",
            "--hop",
            "150",
            "--duration",
            "5s",
            "--json",
        ]),
        Duration::from_secs(60),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let frames = json_lines(&out.stdout);
    // The network is on 15: heard while the radio dwells there (every 2.4 s), and only there.
    // Its frames decode: each is a MAC frame (no "error" at that layer).
    assert!(frames.iter().any(|f| f["mac"].is_object()), "{frames:?}");
    assert!(frames.iter().all(|f| f["channel"] == 15), "{frames:?}");
}

/// Waits until `path` holds at least `frames` frames.
fn wait_frames(path: &Path, frames: u64) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if path.exists() && CaptureReader::open(path).is_ok() {
            let mut r = CaptureReader::open(path).unwrap();
            let mut n = 0;
            while let Some(Ok(_)) = r.next_frame() {
                n += 1;
            }
            if n >= frames {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} never got {frames} frames", path.display());
}

#[test]
fn sigint_closes_the_file_cleanly() {
    let sim = sniffer_sim("spinel");
    let dir = tempdir("live-sigint");
    let pcap = dir.join("live.pcapng");
    let child = zcl_host(&[
        "sniff",
        "--radio",
        "spinel",
        "--port",
        &sim.port,
        "--channel",
        "15",
        "--output",
        pcap.to_str().unwrap(),
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    wait_frames(&pcap, 10);
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = wait_output(child, Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("frames in"), "{stderr}");
    assert!(frames_in(&pcap) >= 10);
    // The text output ended on a whole line.
    assert!(out.stdout.ends_with(b"\n"));
}

#[test]
fn unplugged_radio_gives_an_error_and_a_valid_file() {
    let sim = sniffer_sim("nrf");
    let dir = tempdir("live-unplug");
    let pcap = dir.join("live.pcapng");
    let child = zcl_host(&[
        "sniff",
        "--radio",
        "nrf",
        "--port",
        &sim.port,
        "--channel",
        "15",
        "--output",
        pcap.to_str().unwrap(),
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    wait_frames(&pcap, 10);
    drop(sim); // the "stick" goes away: the simulator and its pty end
    let out = wait_output(child, Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("capture stopped"), "{stderr}");
    assert!(stderr.contains("complete up to the error"), "{stderr}");
    assert!(frames_in(&pcap) >= 10);
}

#[test]
fn zep_out_feeds_a_zep_listener() {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let listen = format!("127.0.0.1:{port}");
    let listener = zcl_host(&[
        "sniff", "--radio", "zep", "--listen", &listen, "--json", "--count", "60",
    ])
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let sim = sniffer_sim("nrf");
    let sender = run(
        &mut zcl_host(&[
            "sniff",
            "--radio",
            "nrf",
            "--port",
            &sim.port,
            "--channel",
            "15",
            "--count",
            "60",
            "--json",
            "--zep-out",
            &port.to_string(),
        ]),
        Duration::from_secs(60),
    );
    assert!(sender.status.success());
    let received = wait_output(listener, Duration::from_secs(30));
    assert!(received.status.success());
    let sent = json_lines(&sender.stdout);
    let got = json_lines(&received.stdout);
    assert_eq!(got.len(), 60);
    for (s, g) in sent.iter().zip(&got) {
        for layer in ["mac", "nwk", "aps", "zcl", "zdp", "channel", "lqi", "fcs"] {
            assert_eq!(s.get(layer), g.get(layer), "{layer}: {s} / {g}");
        }
    }
}

/// Runs `zcl-host ARGS` as Wireshark runs an extcap binary (no subcommand).
fn extcap(args: &[&str]) -> String {
    let out = run(&mut zcl_host(args), Duration::from_secs(20));
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn extcap_handshake_as_wireshark_does_it() {
    let interfaces = extcap(&["--extcap-interfaces", "--extcap-version=4.0"]);
    assert!(interfaces.starts_with("extcap {version="), "{interfaces}");
    for name in ["zcl-ezsp", "zcl-nrf", "zcl-spinel", "zcl-zep"] {
        assert!(
            interfaces.contains(&format!("interface {{value={name}}}{{display=")),
            "{interfaces}"
        );
    }
    let dlts = extcap(&["--extcap-dlts", "--extcap-interface", "zcl-nrf"]);
    assert_eq!(
        dlts.trim(),
        "dlt {number=283}{name=IEEE802_15_4_TAP}{display=IEEE 802.15.4 TAP}"
    );
    let config = extcap(&["--extcap-config", "--extcap-interface", "zcl-nrf"]);
    assert!(config.contains("arg {number=0}{call=--port}"), "{config}");
    assert!(
        config.contains("arg {number=1}{call=--channel}"),
        "{config}"
    );
    assert!(
        config.contains("value {arg=1}{value=15}{display=15}{default=false}"),
        "{config}"
    );
    let zep = extcap(&["--extcap-config", "--extcap-interface", "zcl-zep"]);
    assert!(zep.contains("{call=--listen}"), "{zep}");
    // Also as a subcommand.
    assert_eq!(
        extcap(&["sniff", "--extcap-dlts", "--extcap-interface", "zcl-ezsp"]),
        dlts
    );
    let bad = run(
        &mut zcl_host(&["--extcap-dlts", "--extcap-interface", "nope"]),
        Duration::from_secs(10),
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown extcap interface"));
}

#[test]
fn extcap_capture_into_a_fifo_read_by_tshark() {
    if Command::new("tshark").arg("--version").output().is_err() {
        println!("skipped: tshark is not installed (scripts/test.sh installs it)");
        return;
    }
    let sim = sniffer_sim("nrf");
    let dir = tempdir("live-extcap");
    let fifo = dir.join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // Wireshark: --capture, the interface, the fifo, then the configured arguments.
    let capture = zcl_host(&[
        "--capture",
        "--extcap-interface",
        "zcl-nrf",
        "--fifo",
        fifo.to_str().unwrap(),
        "--port",
        &sim.port,
        "--channel",
        "15",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // tshark reads the fifo as Wireshark does, with the default trust-center link key so it
    // decrypts the Transport Key and learns the network key from it.
    let tshark = run(
        Command::new("tshark")
            .args(["-r", fifo.to_str().unwrap(), "-c", "120"])
            .args([
                "-o",
                r#"uat:zigbee_pc_keys:"5A6967426565416C6C69616E63653039","Normal","tc""#,
            ])
            .args([
                "-T",
                "fields",
                "-E",
                "separator=|",
                "-e",
                "wpan-tap.ch_num",
                "-e",
                "wpan-tap.lqi",
                "-e",
                "wpan.fcs_ok",
                "-e",
                "_ws.col.Protocol",
                "-e",
                "_ws.col.Info",
            ]),
        Duration::from_secs(60),
    );
    let text = String::from_utf8_lossy(&tshark.stdout).into_owned();
    assert!(
        tshark.status.success(),
        "tshark: {}",
        String::from_utf8_lossy(&tshark.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 120, "{text}");
    for l in &lines {
        let fields: Vec<&str> = l.split('|').collect();
        assert_eq!(fields[0], "15", "{l}");
        assert_eq!(fields[2], "1", "FCS not ok: {l}");
    }
    // ZCL decoded by Wireshark: the NWK layer was decrypted with the key it learned.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("ZCL: Read Attributes Response")),
        "no ZCL frame decrypted by tshark: {text}"
    );
    // tshark closed the fifo: the extcap ends by itself.
    let out = wait_output(capture, Duration::from_secs(20));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
}
