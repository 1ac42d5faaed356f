//! Our ZNP host against the simulated Z-Stack coprocessor (`zcl-host sim --radio znp`) over a
//! pseudo-terminal and TCP: formation through BDB, info, device joins, and SREQ/SRSP pairing
//! under injected faults.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;
use std::time::Duration;

use zcl_host::cli::info::read_znp_info;
use zcl_host::radio::znp::{ZnpError, ZnpHost, ZnpOptions};
use zcl_radio::mt::commands::{app_cnf, sys, util, zdo, Command as _};
use zcl_radio::mt::nv::OsalNvId;
use zcl_radio::mt::types::{
    AddrMode, BdbCommissioningMode, BdbCommissioningStatus, Channels, DeviceState, Status,
};
use zcl_radio::mt::wire::{LongBytes, RestBytes};

mod common;
use common::Sim;

fn host(sim: &Sim, options: ZnpOptions) -> ZnpHost {
    ZnpHost::connect(sim.transport(), options).unwrap()
}

fn nv_write(host: &mut ZnpHost, id: OsalNvId, value: &[u8]) {
    let len = host
        .request(&sys::OsalNvLength { id: id.0 })
        .unwrap()
        .item_len;
    assert_eq!(
        usize::from(len),
        value.len(),
        "item {id:?} has the stored length"
    );
    let r = host
        .request(&sys::OsalNvWriteExt {
            id: id.0,
            offset: 0,
            value: LongBytes(value.to_vec()),
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
}

/// Configures PAN 0x1A62, extended PAN id DD..DD, key 11..11 on channel 15 and forms through
/// BDB, as zigbee-herdsman does; waits until the coordinator is up.
fn form(host: &mut ZnpHost) {
    nv_write(host, OsalNvId::PANID, &0x1A62u16.to_le_bytes());
    nv_write(host, OsalNvId::APS_USE_EXT_PANID, &[0xDD; 8]);
    nv_write(host, OsalNvId::PRECFGKEY, &[0x11; 16]);
    for (is_primary, mask) in [(true, 1u32 << 15), (false, 0)] {
        let r = host
            .request(&app_cnf::BdbSetChannel {
                is_primary,
                channel: Channels(mask),
            })
            .unwrap();
        assert_eq!(r.status, Status::Success);
    }
    let r = host
        .request(&app_cnf::BdbStartCommissioning {
            mode: BdbCommissioningMode::NWK_FORMATION,
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let mut up = false;
    let mut done = None;
    while !(up && done.is_some()) {
        let frame = host
            .next_callback(Duration::from_secs(5))
            .unwrap()
            .expect("formation callbacks");
        if let Ok(ind) = zdo::StateChangeInd::from_frame(&frame) {
            up |= ind.state == DeviceState::ZbCoord;
        }
        if let Ok(n) = app_cnf::BdbCommissioningNotification::from_frame(&frame) {
            if n.remaining_modes.0 == 0 {
                done = Some(n.status);
            }
        }
    }
    assert_eq!(done, Some(BdbCommissioningStatus::Success));
}

#[test]
fn formation_then_info_over_pty_then_tcp_with_faults() {
    let dir = common::tempdir("zcl-znp-sim");
    let state = dir.join("state.json");
    let state = state.to_str().unwrap();
    {
        let sim = Sim::start(&["--radio", "znp", "--pty", "--state", state]);
        let mut host = host(&sim, ZnpOptions::default());
        let before = read_znp_info(&mut host, &sim.port).unwrap();
        assert_eq!(before.network_state, "no network");
        assert_eq!(before.firmware, "Z-Stack 3.30+ 20230507");
        form(&mut host);
        let info = read_znp_info(&mut host, &sim.port).unwrap();
        assert_eq!(info.network_state, "joined");
        assert_eq!(info.device_state.as_deref(), Some("coordinator"));
        assert_eq!(info.channel, Some(15));
        assert_eq!(info.pan_id.as_deref(), Some("0x1A62"));
        assert_eq!(
            info.extended_pan_id.as_deref(),
            Some("dd:dd:dd:dd:dd:dd:dd:dd")
        );
        assert_eq!(info.ieee, "00:12:4b:00:01:ab:cd:ef");
        // A soft reset keeps the network in NV; the stack waits to be started again.
        let ind = host.reset().unwrap();
        assert_eq!(ind.product_id, 1);
        let after = read_znp_info(&mut host, &sim.port).unwrap();
        assert_eq!(after.network_state, "formed (stack not started)");
        assert_eq!(after.pan_id, info.pan_id);
    }
    // The same state over TCP, through the binary, with damaged and lost frames and resets.
    let sim = Sim::start(&[
        "--radio",
        "znp",
        "--listen",
        "127.0.0.1:0",
        "--state",
        state,
        "--corrupt",
        "0.03",
        "--drop",
        "0.03",
        "--reset-after",
        "40",
        "--seed",
        "5",
    ]);
    for _ in 0..3 {
        let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(["info", "--radio", "znp", "--port", &sim.port, "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let info: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(info["radio"], "znp", "{info}");
        assert_eq!(
            info["network_state"], "formed (stack not started)",
            "{info}"
        );
        assert_eq!(info["pan_id"], "0x1A62");
        assert_eq!(info["channel"], 15);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn devices_join_and_their_frames_arrive_as_af_and_zdo_callbacks() {
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let mut host = host(&sim, ZnpOptions::default());
    form(&mut host);
    for (endpoint, profile) in [(1u8, 0x0104u16), (2, 0x0104)] {
        let r = host
            .request(&zcl_radio::mt::commands::af::Register {
                endpoint,
                profile_id: profile,
                device_id: 0x0005,
                device_version: 0,
                latency_req: zcl_radio::mt::types::LatencyReq::None,
                input_clusters: zcl_radio::mt::wire::List8(vec![0x0000]),
                output_clusters: zcl_radio::mt::wire::List8(vec![0x0006]),
            })
            .unwrap();
        assert_eq!(r.status, Status::Success);
    }
    let r = host
        .request(&zdo::MsgCallbackRegister { cluster_id: 0xFFFF })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let r = host
        .request(&zdo::MgmtPermitJoinReq {
            addr_mode: AddrMode::Broadcast,
            dst: 0xFFFC,
            duration: 30,
            tc_significance: 0,
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let mut tc_joins = Vec::new();
    let mut announces = Vec::new();
    while announces.len() < 3 {
        let Some(frame) = host.next_callback(Duration::from_secs(10)).unwrap() else {
            panic!("only {} of 3 devices announced themselves", announces.len());
        };
        if let Ok(j) = zdo::TcDevInd::from_frame(&frame) {
            tc_joins.push(j.src_ieee.0);
        }
        if let Ok(a) = zdo::EndDeviceAnnceInd::from_frame(&frame) {
            announces.push((a.ieee.0, a.nwk));
        }
    }
    tc_joins.sort_unstable();
    let mut ieees: Vec<u64> = announces.iter().map(|a| a.0).collect();
    ieees.sort_unstable();
    assert_eq!(
        tc_joins, ieees,
        "each announced device joined through the trust center"
    );
    // The light answers a ZDO Node_Desc_req sent as a ZDP frame through AF.
    let light = zcl_host::sim::devices::LIGHT_IEEE;
    let (_, light_nwk) = *announces.iter().find(|a| a.0 == light).unwrap();
    let r = host
        .request(&zcl_radio::mt::commands::af::DataRequestExt {
            dst: zcl_radio::mt::wire::AddrModeAddress::Nwk(light_nwk),
            dst_endpoint: 0,
            dst_pan_id: 0,
            src_endpoint: 0,
            cluster_id: 0x0002,
            tsn: 0x42,
            options: zcl_radio::mt::types::TransmitOptions(0),
            radius: 30,
            data: LongBytes(vec![0x42, light_nwk as u8, (light_nwk >> 8) as u8]),
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let rsp = loop {
        let frame = host
            .next_callback(Duration::from_secs(5))
            .unwrap()
            .expect("Node_Desc_rsp");
        if let Ok(m) = zdo::MsgCbIncoming::from_frame(&frame) {
            if m.cluster_id == 0x8002 {
                break m;
            }
        }
    };
    assert_eq!((rsp.src, rsp.tsn), (light_nwk, 0x42));
    // status SUCCESS, NWK address of interest, then the descriptor (logical type router).
    assert_eq!(rsp.data.0[0], 0x00);
    assert_eq!(
        u16::from_le_bytes([rsp.data.0[1], rsp.data.0[2]]),
        light_nwk
    );
    assert_eq!(rsp.data.0[3] & 0x07, 0x01);
    // A ZCL Read Attributes of the light's On/Off attribute comes back as AF_INCOMING_MSG,
    // after an AF_DATA_CONFIRM for our TSN.
    let r = host
        .request(&zcl_radio::mt::commands::af::DataRequestExt {
            dst: zcl_radio::mt::wire::AddrModeAddress::Nwk(light_nwk),
            dst_endpoint: 1,
            dst_pan_id: 0,
            src_endpoint: 1,
            cluster_id: 0x0006,
            tsn: 0x77,
            options: zcl_radio::mt::types::TransmitOptions(0x10),
            radius: 30,
            data: LongBytes(vec![0x00, 0x09, 0x00, 0x00, 0x00]),
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let (mut confirmed, mut answer) = (false, None);
    while answer.is_none() {
        let frame = host
            .next_callback(Duration::from_secs(5))
            .unwrap()
            .expect("confirm and answer");
        if let Ok(c) = zcl_radio::mt::commands::af::DataConfirm::from_frame(&frame) {
            assert_eq!((c.status, c.endpoint, c.tsn), (Status::Success, 1, 0x77));
            confirmed = true;
        }
        if let Ok(m) = zcl_radio::mt::commands::af::IncomingMsg::from_frame(&frame) {
            if m.cluster_id == 0x0006 {
                answer = Some(m);
            }
        }
    }
    let m = answer.unwrap();
    assert!(confirmed, "AF_DATA_CONFIRM came before the answer");
    assert_eq!(
        (m.src_addr, m.src_endpoint, m.dst_endpoint),
        (light_nwk, 1, 1)
    );
    // ZCL: server-to-client, TSN 0x09, Read Attributes Response, attribute 0x0000, SUCCESS,
    // boolean, off.
    assert_eq!(m.data.0, [0x18, 0x09, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00]);
}

fn loopbacks(host: &mut ZnpHost, count: u32) -> (u32, u32, u32) {
    let (mut answered, mut timeouts, mut wrong) = (0, 0, 0);
    for i in 0..count {
        let data = [&i.to_le_bytes()[..], b"pairing-check"].concat();
        match host.request(&util::Loopback {
            data: RestBytes(data.clone()),
        }) {
            Ok(r) if r.data.0 == data => answered += 1,
            Ok(_) => wrong += 1,
            Err(ZnpError::Timeout { .. }) => timeouts += 1,
            Err(e) => panic!("request {i}: {e}"),
        }
    }
    (answered, timeouts, wrong)
}

#[test]
fn ten_thousand_round_trips_under_corruption_pair_correctly() {
    let sim = Sim::start(&[
        "--radio",
        "znp",
        "--pty",
        "--corrupt",
        "0.01",
        "--seed",
        "3",
    ]);
    let options = ZnpOptions {
        request_timeout: Duration::from_millis(200),
        retries_on_timeout: 0,
        ..ZnpOptions::default()
    };
    let mut host = host(&sim, options);
    let (answered, timeouts, wrong) = loopbacks(&mut host, 10_000);
    let counters = host.counters();
    eprintln!(
        "10,000 SREQ/SRSP at 1% corruption: {answered} answered, {timeouts} timed out, \
         {wrong} wrongly paired; {} framing errors seen",
        counters.framing_errors
    );
    assert_eq!(answered + timeouts, 10_000);
    assert_eq!(wrong, 0, "never another request's answer");
    assert!(timeouts > 0, "the corruption was felt");
    assert!(answered > 9_500, "only damaged exchanges fail: {answered}");
}

#[test]
fn retries_and_resets_leave_no_request_unanswered() {
    let sim = Sim::start(&[
        "--radio",
        "znp",
        "--pty",
        "--corrupt",
        "0.01",
        "--drop",
        "0.01",
        "--reset-after",
        "100",
        "--seed",
        "9",
    ]);
    let options = ZnpOptions {
        request_timeout: Duration::from_millis(300),
        retries_on_timeout: 3,
        ..ZnpOptions::default()
    };
    let mut host = host(&sim, options);
    let (answered, timeouts, wrong) = loopbacks(&mut host, 1_000);
    let counters = host.counters();
    eprintln!("1,000 round trips, 1% damaged, 1% lost, reset every 100 frames: {counters:?}");
    assert_eq!((answered, timeouts, wrong), (1_000, 0, 0));
    assert!(counters.resets >= 9, "the coprocessor reset: {counters:?}");
    assert!(
        counters.retried > 0,
        "lost frames were retried: {counters:?}"
    );
}

#[test]
fn a_stick_waiting_in_its_bootloader_is_started_with_the_skip_byte() {
    let sim = Sim::start(&["--radio", "znp", "--pty", "--bootloader"]);
    // Without the skip the bootloader ignores every ping.
    let patient = ZnpOptions {
        skip_bootloader: false,
        connect_timeout: Duration::from_millis(1500),
        ..ZnpOptions::default()
    };
    match ZnpHost::connect(sim.transport(), patient) {
        Err(ZnpError::NoAnswer { waited, .. }) => assert!(waited >= Duration::from_millis(1500)),
        other => panic!("expected no answer, got {other:?}"),
    }
    let host = host(&sim, ZnpOptions::default());
    assert!(
        host.counters().timeouts >= 1,
        "the first ping went unanswered"
    );
    assert_eq!(
        host.counters().resets,
        1,
        "the application announced its start"
    );
    assert_eq!(host.version().unwrap().product_id, 1);
}

#[test]
fn nv_items_written_through_the_host_read_back() {
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let mut host = host(&sim, ZnpOptions::default());
    assert_eq!(
        host.alignment(),
        zcl_radio::mt::nv::StructAlignment::Aligned
    );
    let id = OsalNvId(0x0F10);
    assert_eq!(host.osal_nv_read(id).unwrap(), None);
    assert!(matches!(
        host.osal_nv_write(id, &[1, 2, 3], false),
        Err(ZnpError::NvMissing { .. })
    ));
    // 300 bytes: more than one MT frame, so created, then written in two pieces.
    let long: Vec<u8> = (0..300u16).map(|i| (i % 251) as u8).collect();
    host.osal_nv_write(id, &long, true).unwrap();
    assert_eq!(host.osal_nv_read(id).unwrap().as_deref(), Some(&long[..]));
    assert!(matches!(
        host.osal_nv_write(id, &[1, 2, 3], false),
        Err(ZnpError::NvLength {
            stored: 300,
            given: 3,
            ..
        })
    ));
    host.osal_nv_write(id, &[1, 2, 3], true).unwrap();
    assert_eq!(host.osal_nv_read(id).unwrap(), Some(vec![1, 2, 3]));
    assert!(host.osal_nv_delete(id).unwrap());
    assert!(!host.osal_nv_delete(id).unwrap());
    // An extended table entry (the TCLK table), then a new entry after the table's end.
    let entry = host
        .nv_read(zcl_radio::mt::nv::ExNvId::TCLK_TABLE, 3)
        .unwrap()
        .unwrap();
    assert_eq!(entry.len(), 20);
    let mut changed = entry.clone();
    changed[8..16].copy_from_slice(&0x0011_2233_4455_6677u64.to_le_bytes());
    host.nv_write(zcl_radio::mt::nv::ExNvId::TCLK_TABLE, 3, &changed, false)
        .unwrap();
    assert_eq!(
        host.nv_read(zcl_radio::mt::nv::ExNvId::TCLK_TABLE, 3)
            .unwrap(),
        Some(changed)
    );
    assert!(matches!(
        host.nv_write(zcl_radio::mt::nv::ExNvId::TCLK_TABLE, 999, &entry, false),
        Err(ZnpError::NvMissing { .. })
    ));
}

fn permit_and_wait_for_devices(host: &mut ZnpHost) {
    let r = host
        .request(&zdo::MgmtPermitJoinReq {
            addr_mode: AddrMode::Broadcast,
            dst: 0xFFFC,
            duration: 30,
            tc_significance: 0,
        })
        .unwrap();
    assert_eq!(r.status, Status::Success);
    let mut announced = 0;
    while announced < 3 {
        let frame = host
            .next_callback(Duration::from_secs(10))
            .unwrap()
            .expect("devices announce themselves");
        if zdo::EndDeviceAnnceInd::from_frame(&frame).is_ok() {
            announced += 1;
        }
    }
}

#[test]
fn backup_restore_backup_gives_the_same_network() {
    use zcl_host::coordinator::znp::ZnpRadio;
    use zcl_host::coordinator::{NetworkBackup, Radio};
    let dir = common::tempdir("zcl-znp-backup");
    let file = dir.join("backup.json");
    let original = {
        let sim = Sim::start(&["--radio", "znp", "--pty"]);
        let mut h = host(&sim, ZnpOptions::default());
        form(&mut h);
        permit_and_wait_for_devices(&mut h);
        let mut radio = ZnpRadio::new(h);
        let b = radio.read_backup().unwrap().expect("a network");
        assert_eq!((b.pan_id, b.channel), (0x1A62, 15));
        assert_eq!(b.extended_pan_id, 0xDDDD_DDDD_DDDD_DDDD);
        assert_eq!(b.network_key.key, [0x11; 16]);
        assert_eq!(b.coordinator_ieee, 0x0012_4b00_01ab_cdef);
        let mut ieees: Vec<u64> = b.devices.iter().map(|d| d.ieee).collect();
        ieees.sort_unstable();
        use zcl_host::sim::devices::{LIGHT_IEEE, PLUG_IEEE, SENSOR_IEEE};
        let mut expected = vec![LIGHT_IEEE, SENSOR_IEEE, PLUG_IEEE];
        expected.sort_unstable();
        assert_eq!(ieees, expected);
        // Each child has a unicast network address (05-3474 3.6.1: 0x0001-0xfff7).
        assert!(
            b.devices
                .iter()
                .all(|d| d.is_child && d.nwk.is_some_and(|n| (0x0001..=0xfff7).contains(&n))),
            "{:?}",
            b.devices
        );
        assert!(b.stack_specific["zstack"]["tclk_seed"].is_string());
        b.write(&file).unwrap();
        b
    };
    // A fresh coprocessor (no state) takes the backup through the binary.
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["restore", "--radio", "znp", "--port", &sim.port])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut radio = ZnpRadio::new(host(&sim, ZnpOptions::default()));
    let restored = radio.read_backup().unwrap().expect("the restored network");
    assert_eq!(
        restored.network_key.tx_counter,
        original.network_key.tx_counter + 10_000,
        "the restore raised the frame counter"
    );
    let same = |b: &NetworkBackup| {
        let mut b = b.clone();
        b.network_key.tx_counter = 0;
        b.internal.clear();
        b.devices.sort_by_key(|d| d.ieee);
        b
    };
    assert_eq!(same(&restored), same(&original));
    // The restored coordinator runs the network: BDB start finds it in NV.
    let h = radio.host();
    let r = h.request(&zdo::StartupFromApp { start_delay: 0 }).unwrap();
    assert_eq!(
        r.state,
        zcl_radio::mt::types::StartupState::RestoredNetworkState
    );
    let info = read_znp_info(h, &sim.port).unwrap();
    assert_eq!(info.pan_id.as_deref(), Some("0x1A62"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_backups_and_missing_ports_give_clear_errors() {
    let dir = common::tempdir("zcl-znp-bad");
    let file = dir.join("bad.json");
    std::fs::write(
        &file,
        r#"{"metadata": {"version": 2, "format": "x", "source": "y"}}"#,
    )
    .unwrap();
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["restore", "--radio", "znp", "--port", &sim.port])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("not an open coordinator backup"),
        "{err}"
    );
    // A coprocessor with no network has nothing to back up.
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["backup", "--radio", "znp", "--port", &sim.port])
        .arg(dir.join("out.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no network"));
    assert!(!dir.join("out.json").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["backup", "--radio", "znp", "--port", "/dev/does-not-exist"])
        .arg(dir.join("out.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("/dev/does-not-exist"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn form_command_forms_and_refuses_to_replace_a_network_unforced() {
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .args(["--radio", "znp", "--port", &sim.port])
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
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let dir = common::tempdir("zcl-permit-znp");
    let file = dir.join("net.json");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .args(["--radio", "znp", "--port", &sim.port])
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
        .args(["permit", "--radio", "znp", "--port", &sim.port])
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
