//! Our EZSP host against the simulated EZSP coprocessor (`zcl-host sim --radio ezsp`) over a
//! pseudo-terminal and TCP: forming, joining, info, and the link under injected faults.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;
use std::time::{Duration, Instant};

use zcl_host::cli::info::read_info;
use zcl_host::radio::ezsp::{EzspHost, HostOptions};
use zcl_host::radio::transport::{PortSpec, SerialSettings, Transport};
use zcl_host::sim::devices::{LIGHT_IEEE, PLUG_IEEE, SENSOR_IEEE};
use zcl_radio::ezsp::commands as c;
use zcl_radio::ezsp::types::{Eui64, InitialSecurityState, NetworkParameters, SlStatus};

mod common;
use common::Sim;

fn host(sim: &Sim) -> EzspHost {
    EzspHost::connect(sim.transport(), HostOptions::default()).unwrap()
}

fn wait_callback(host: &mut EzspHost, id: u16, within: Duration) -> Vec<u8> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let cb = host
            .next_callback(left)
            .unwrap()
            .unwrap_or_else(|| panic!("no callback 0x{id:04X}"));
        if cb.frame_id == id {
            return cb.params;
        }
    }
}

/// Forms a network on channel 15, PAN 0x1A62, with a fixed network key.
fn form(host: &mut EzspHost) {
    let state = InitialSecurityState {
        bitmask: 0x0004 | 0x0008 | 0x0100 | 0x0200, // TC global link key, require encryption, have preconfigured and network key
        preconfigured_key: *b"ZigBeeAlliance09",
        network_key: [0x11; 16],
        network_key_sequence_number: 0,
        preconfigured_trust_center_eui64: Eui64(0),
    };
    let r = host.request(&c::SetInitialSecurityState { state }).unwrap();
    assert!(r.status.is_success());
    let parameters = NetworkParameters {
        extended_pan_id: Eui64(0xDDDD_DDDD_DDDD_DDDD),
        pan_id: 0x1A62,
        radio_tx_power: 8,
        radio_channel: 15,
        channels: 1 << 15,
        ..NetworkParameters::default()
    };
    let r = host.request(&c::FormNetwork { parameters }).unwrap();
    assert!(r.status.is_success(), "{r:?}");
    let up = wait_callback(host, 0x0019, Duration::from_secs(5));
    let up = <c::StackStatusHandler as c::Parameters>::decode(&up, host.negotiated()).unwrap();
    assert_eq!(up.status.to_sl(), SlStatus::NETWORK_UP);
}

#[test]
fn info_over_pty_then_tcp_finds_the_same_network() {
    let dir = tempdir();
    let state = dir.join("state.json");
    let state = state.to_str().unwrap();
    {
        let sim = Sim::start(&["--pty", "--state", state]);
        let mut host = host(&sim);
        assert_eq!(host.protocol_version(), 13);
        let before = read_info(&mut host, &sim.port).unwrap();
        assert_eq!(before.network_state, "no network");
        assert_eq!(before.channel, None);
        form(&mut host);
        let after = read_info(&mut host, &sim.port).unwrap();
        assert_eq!(after.network_state, "joined");
        assert_eq!(after.channel, Some(15));
        assert_eq!(after.pan_id.as_deref(), Some("0x1A62"));
        assert_eq!(
            after.extended_pan_id.as_deref(),
            Some("dd:dd:dd:dd:dd:dd:dd:dd")
        );
        assert_eq!(after.node_id, "0x0000");
        assert_eq!(after.ieee, "00:12:4b:00:01:ab:cd:ef");
        assert_eq!(after.firmware, "7.4.4.0 build 442");
    }
    // A new simulator process on the same state, over TCP: the network is still there.
    let sim = Sim::start(&["--listen", "127.0.0.1:0", "--state", state]);
    let mut host = host(&sim);
    let info = read_info(&mut host, &sim.port).unwrap();
    assert_eq!(
        (info.network_state.as_str(), info.channel),
        ("joined", Some(15))
    );
    assert_eq!(info.pan_id.as_deref(), Some("0x1A62"));
}

#[test]
fn devices_join_while_joining_is_permitted() {
    let sim = Sim::start(&["--pty"]);
    let mut host = host(&sim);
    form(&mut host);
    let r = host.request(&c::PermitJoining { duration: 60 }).unwrap();
    assert!(r.status.is_success());
    let mut joined = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while joined.len() < 3 && Instant::now() < deadline {
        let Some(cb) = host.next_callback(Duration::from_secs(1)).unwrap() else {
            continue;
        };
        if cb.frame_id == 0x0024 {
            let tc =
                <c::TrustCenterJoinHandler as c::Parameters>::decode(&cb.params, host.negotiated())
                    .unwrap();
            joined.push(tc.new_node_eui64.get());
        }
    }
    joined.sort_unstable();
    let mut expected = vec![LIGHT_IEEE, SENSOR_IEEE, PLUG_IEEE];
    expected.sort_unstable();
    assert_eq!(
        joined, expected,
        "the three simulated devices joined through the trust center"
    );
}

/// Echo round trips numbered by sequence: every one must come back once, with its own payload.
fn round_trips(host: &mut EzspHost, count: u32) {
    for i in 0..count {
        let data = i.to_le_bytes().repeat(4);
        let r = host.request(&c::Echo { data: data.clone() }).unwrap();
        assert_eq!(
            r.echo, data,
            "round trip {i} answered with another one's payload"
        );
    }
}

fn round_trips_count() -> u32 {
    std::env::var("ZCL_EZSP_ROUND_TRIPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

#[test]
fn round_trips_survive_corruption_and_drops() {
    let sim = Sim::start(&[
        "--pty",
        "--corrupt",
        "0.01",
        "--drop",
        "0.01",
        "--seed",
        "7",
    ]);
    let mut host = host(&sim);
    let count = round_trips_count();
    round_trips(&mut host, count);
    let link = host.link_counters();
    let counters = host.counters();
    eprintln!("{count} round trips with 1% of frames damaged and 1% lost: {counters:?} {link:?}");
    assert_eq!(counters.commands, u64::from(count));
    assert!(
        link.retransmissions > 0,
        "faults were injected and recovered from: {link:?}"
    );
}

#[test]
fn ncp_resets_mid_stream_are_recovered() {
    let sim = Sim::start(&["--pty", "--reset-after", "250"]);
    let mut host = host(&sim);
    round_trips(&mut host, 1000);
    let counters = host.counters();
    eprintln!("1000 round trips with an NCP reset every 250 frames: {counters:?}");
    assert!(counters.recoveries >= 3, "{counters:?}");
    assert_eq!(counters.commands, 1000);
}

#[test]
fn tcp_disconnect_is_recovered() {
    use std::net::TcpListener;
    // A relay between host and simulator that we can cut.
    let sim = Sim::start(&["--listen", "127.0.0.1:0"]);
    let upstream = sim.port.trim_start_matches("socket://").to_owned();
    let relay = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay_addr = relay.local_addr().unwrap();
    let (cut_tx, cut_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let mut first = true;
        for client in relay.incoming() {
            let client = client.unwrap();
            let server = std::net::TcpStream::connect(&upstream).unwrap();
            let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut c3, mut s3) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || std::io::copy(&mut { c2 }, &mut { s2 }));
            std::thread::spawn(move || std::io::copy(&mut s3, &mut c3));
            if first {
                first = false;
                let _ = cut_rx.recv();
                let _ = client.shutdown(std::net::Shutdown::Both);
                let _ = server.shutdown(std::net::Shutdown::Both);
            }
        }
    });
    let spec: PortSpec = format!("socket://{relay_addr}").parse().unwrap();
    let transport = Transport::open(&spec, &SerialSettings::default()).unwrap();
    let mut host = EzspHost::connect(transport, HostOptions::default()).unwrap();
    round_trips(&mut host, 100);
    cut_tx.send(()).unwrap();
    round_trips(&mut host, 100);
    let counters = host.counters();
    assert!(counters.recoveries >= 1, "{counters:?}");
    assert_eq!(counters.commands, 200);
}

fn tempdir() -> std::path::PathBuf {
    common::tempdir("zcl-ezsp-sim")
}

#[test]
fn zcl_read_reaches_the_light_and_its_answer_comes_back() {
    use zcl_radio::ezsp::types::{ApsFrame, OutgoingMessageType, U8OrU16};
    let sim = Sim::start(&["--pty"]);
    let mut host = host(&sim);
    form(&mut host);
    host.request(&c::PermitJoining { duration: 60 }).unwrap();
    let v = host.negotiated();
    let deadline = Instant::now() + Duration::from_secs(20);
    // The light is in the network once it announces itself (ZDO Device_annce, cluster
    // 0x0013), after it got the network key.
    let mut light = None;
    while light.is_none() && Instant::now() < deadline {
        let Some(cb) = host.next_callback(Duration::from_secs(1)).unwrap() else {
            continue;
        };
        if cb.frame_id == 0x0045 {
            let m = <c::IncomingMessageHandler as c::Parameters>::decode(&cb.params, v).unwrap();
            // Device_annce: TSN, NWK address, IEEE address, capability.
            if m.aps_frame.cluster_id == 0x0013
                && m.message.get(3..11) == Some(&LIGHT_IEEE.to_le_bytes()[..])
            {
                light = Some(m.sender);
            }
        }
    }
    let light = light.expect("the light joined");
    // ZCL Read Attributes of On/Off (0x0000) on the light's endpoint 1, transaction 0x42.
    let send = c::SendUnicast {
        message_type: OutgoingMessageType::OUTGOING_DIRECT,
        index_or_destination: light,
        aps_frame: ApsFrame {
            profile_id: 0x0104,
            cluster_id: 0x0006,
            source_endpoint: 1,
            destination_endpoint: 1,
            options: 0x0040, // APS retry (ack requested)
            group_id: 0,
            sequence: 0,
        },
        message_tag: U8OrU16(7),
        message: vec![0x00, 0x42, 0x00, 0x00, 0x00],
    };
    let r = host.request(&send).unwrap();
    assert!(r.status.is_success(), "{r:?}");
    let (mut sent, mut answer) = (None, None);
    let deadline = Instant::now() + Duration::from_secs(10);
    while (sent.is_none() || answer.is_none()) && Instant::now() < deadline {
        let Some(cb) = host.next_callback(Duration::from_secs(1)).unwrap() else {
            continue;
        };
        match cb.frame_id {
            0x003F => {
                sent =
                    Some(<c::MessageSentHandler as c::Parameters>::decode(&cb.params, v).unwrap())
            }
            0x0045 => {
                let m =
                    <c::IncomingMessageHandler as c::Parameters>::decode(&cb.params, v).unwrap();
                if m.aps_frame.cluster_id == 0x0006 {
                    answer = Some(m);
                }
            }
            _ => {}
        }
    }
    let sent = sent.expect("messageSentHandler");
    assert!(sent.status.is_success(), "{sent:?}");
    assert_eq!((sent.message_tag.0, sent.index_or_destination), (7, light));
    let answer = answer.expect("incomingMessageHandler with the read response");
    assert_eq!(answer.sender, light);
    // Read Attributes Response (server to client, disable default response), TSN 0x42:
    // attribute 0x0000, status SUCCESS, type boolean (0x10), value off.
    assert_eq!(
        answer.message,
        [0x18, 0x42, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00]
    );
}

#[test]
fn info_command_works_with_faults_injected() {
    let dir = tempdir();
    let state = dir.join("state.json");
    let state = state.to_str().unwrap();
    {
        let sim = Sim::start(&["--pty", "--state", state]);
        form(&mut host(&sim));
    }
    for endpoint in [&["--pty"][..], &["--listen", "127.0.0.1:0"][..]] {
        let mut args = endpoint.to_vec();
        args.extend([
            "--state",
            state,
            "--corrupt",
            "0.05",
            "--drop",
            "0.05",
            "--reset-after",
            "9",
        ]);
        let sim = Sim::start(&args);
        for _ in 0..2 {
            let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
                .args(["info", "--radio", "ezsp", "--port", &sim.port, "--json"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            // Read after the last recovery, so the stack was resumed: joined.
            assert_eq!(info["network_state"], "joined", "{info}");
            assert_eq!(info["pan_id"], "0x1A62");
            assert_eq!(info["channel"], 15);
        }
    }
}

#[test]
fn backup_restore_backup_gives_the_same_network_on_v8_v13_v18() {
    use zcl_host::coordinator::ezsp::EzspRadio;
    use zcl_host::coordinator::{NetworkBackup, Radio};
    let dir = tempdir();
    for version in ["8", "13", "18"] {
        let file = dir.join(format!("backup-v{version}.json"));
        let original = {
            let sim = Sim::start(&["--pty", "--ezsp-version", version]);
            let mut h = host(&sim);
            form(&mut h);
            let r = h.request(&c::PermitJoining { duration: 60 }).unwrap();
            assert!(r.status.is_success());
            let mut joined = 0;
            while joined < 3 {
                let cb = h
                    .next_callback(Duration::from_secs(10))
                    .unwrap()
                    .expect("devices join");
                joined += usize::from(cb.frame_id == 0x0024);
            }
            let mut radio = EzspRadio::new(h);
            let b = radio.read_backup().unwrap().expect("a network");
            assert_eq!((b.pan_id, b.channel), (0x1A62, 15), "v{version}");
            assert_eq!(b.network_key.key, [0x11; 16], "v{version}");
            assert_eq!(b.devices.len(), 3, "v{version}: {:?}", b.devices);
            // Each child has a unicast network address (05-3474 3.6.1: 0x0001-0xfff7).
            assert!(
                b.devices
                    .iter()
                    .all(|d| d.is_child && d.nwk.is_some_and(|n| (0x0001..=0xfff7).contains(&n))),
                "v{version}: {:?}",
                b.devices
            );
            b.write(&file).unwrap();
            b
        };
        let sim = Sim::start(&["--pty", "--ezsp-version", version]);
        let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(["restore", "--radio", "ezsp", "--port", &sim.port])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut radio = EzspRadio::new(host(&sim));
        let restored = radio.read_backup().unwrap().expect("the restored network");
        assert!(
            restored.network_key.tx_counter >= original.network_key.tx_counter + 10_000,
            "v{version}: the restore raised the frame counter"
        );
        let same = |b: &NetworkBackup| {
            let mut b = b.clone();
            b.network_key.tx_counter = 0;
            b.internal.clear();
            b.devices.sort_by_key(|d| d.ieee);
            b
        };
        let mut expected = same(&original);
        if version == "8" {
            // setChildData exists from v9: a v8 NCP relearns its children when they rejoin.
            expected.devices.clear();
        }
        assert_eq!(same(&restored), expected, "v{version}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn form_command_forms_and_refuses_to_replace_a_network_unforced() {
    let sim = Sim::start(&["--radio", "ezsp", "--pty"]);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .args(["--radio", "ezsp", "--port", &sim.port])
            .output()
            .unwrap()
    };
    let out = run(&["form", "--channel", "20", "--pan-id", "0x2B2B"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["info", "--json"]);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (info["pan_id"].as_str(), info["channel"].as_u64()),
        (Some("0x2B2B"), Some(20))
    );
    let out = run(&["form", "--pan-id", "0x3C3C"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already holds a network"));
    let out = run(&["form", "--pan-id", "0x3C3C", "--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["info", "--json"]);
    let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(info["pan_id"], "0x3C3C");
    let out = run(&["form", "--pan-id", "0xFFFF"]);
    assert_eq!(out.status.code(), Some(2), "clap refuses a reserved PAN id");
}

#[test]
fn permit_command_lets_the_simulated_devices_join_and_backup_lists_them() {
    let sim = Sim::start(&["--radio", "ezsp", "--pty"]);
    let dir = common::tempdir("zcl-permit-ezsp");
    let file = dir.join("net.json");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .args(["--radio", "ezsp", "--port", &sim.port])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // Nothing to open before a network exists.
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["permit", "--radio", "ezsp", "--port", &sim.port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no network"));
    run(&["form"]);
    assert!(run(&["permit", "-t", "60", "--no-wait"]).contains("joining permitted for 60 s"));
    // The three devices join one after the other within a few seconds. No host connects
    // meanwhile: an EZSP host resets the NCP on connecting, which closes joining.
    std::thread::sleep(Duration::from_secs(6));
    run(&["backup", file.to_str().unwrap()]);
    let devices = zcl_host::coordinator::NetworkBackup::read(&file)
        .unwrap()
        .devices;
    let mut ieees: Vec<u64> = devices.iter().map(|d| d.ieee).collect();
    ieees.sort_unstable();
    use zcl_host::sim::devices::{LIGHT_IEEE, PLUG_IEEE, SENSOR_IEEE};
    let mut expected = vec![LIGHT_IEEE, SENSOR_IEEE, PLUG_IEEE];
    expected.sort_unstable();
    assert_eq!(ieees, expected);
    let _ = std::fs::remove_dir_all(dir);
}
