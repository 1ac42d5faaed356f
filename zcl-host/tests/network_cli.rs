//! Every network command of `zcl-host` end to end against both simulated coprocessors over a
//! pseudo-terminal: form, permit (joins recorded and interviewed), devices, read, write,
//! command, configure-reporting with reports arriving in listen, bind, unbind, groups,
//! energy-scan, network-scan, leave; and bad input everywhere giving a clear error with a
//! meaningful exit code.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Sim;
use zcl_host::render::ieee_string;
use zcl_host::sim::devices::{LIGHT_IEEE, PLUG_IEEE, SENSOR_IEEE};

struct Net<'a> {
    radio: &'a str,
    port: String,
    db: String,
}

impl Net<'_> {
    fn raw(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .args([
                "--radio",
                self.radio,
                "--port",
                &self.port,
                "--database",
                &self.db,
            ])
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.raw(args);
        assert!(
            out.status.success(),
            "{args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn fails(&self, args: &[&str], code: i32, needle: &str) {
        let out = self.raw(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err:?} lacks {needle:?}");
    }

    fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.push("--json");
        serde_json::from_str(self.ok(&a).trim()).unwrap()
    }
}

fn devices(db: &Path) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["devices", "--json", "--database"])
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn every_command_works_against(radio: &str) {
    let sim = Sim::start(&["--radio", radio, "--pty"]);
    let dir = common::tempdir(&format!("zcl-net-{radio}"));
    let db = dir.join("network.db");
    let net = Net {
        radio,
        port: sim.port.clone(),
        db: db.to_str().unwrap().to_owned(),
    };
    let light = ieee_string(LIGHT_IEEE);
    let sensor = ieee_string(SENSOR_IEEE);
    let plug = ieee_string(PLUG_IEEE);

    // Form, then let the three devices join: each is recorded and interviewed.
    let form = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args([
            "form",
            "--channel",
            "20",
            "--radio",
            radio,
            "--port",
            &sim.port,
        ])
        .output()
        .unwrap();
    assert!(
        form.status.success(),
        "{}",
        String::from_utf8_lossy(&form.stderr)
    );
    let out = net.ok(&["permit", "-t", "8"]);
    assert!(out.contains("3 devices joined"), "{out}");
    let list = devices(&db);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3, "{list:?}");
    let by = |ieee: &str| list.iter().find(|d| d["ieee"] == ieee).unwrap().clone();
    let l = by(&light);
    assert_eq!(l["model"], "SIM-LIGHT-DIM");
    assert_eq!(l["logical_type"], "router");
    assert_eq!(l["interviewed"], true);
    let servers = l["endpoints"][0]["input_clusters"]
        .as_array()
        .unwrap()
        .clone();
    assert!(
        servers.contains(&6.into()) && servers.contains(&8.into()),
        "{servers:?}"
    );
    let s = by(&sensor);
    assert_eq!(s["logical_type"], "end_device");
    // The simulated sensor is a battery end device that keeps its receiver on.
    assert_eq!(s["rx_on_when_idle"], true);
    assert_eq!(by(&plug)["model"], "SIM-PLUG-METER");

    // A fresh interview gives the same picture.
    let again = net.json(&["interview", &plug]);
    assert_eq!(again["model"], "SIM-PLUG-METER");
    assert_eq!(again["endpoints"][0]["endpoint"], 1);

    // Read, toggle, read again: the value follows.
    let before = net.json(&["read", &light, "on_off", "on_off"]);
    let was = before["value"].as_bool().unwrap();
    let reply = net.json(&["command", &light, "on_off", "toggle"]);
    assert_eq!(reply["reply"]["command"], "default_response", "{reply}");
    let after = net.json(&["read", &light, "on_off", "on_off"]);
    assert_eq!(after["value"].as_bool(), Some(!was));
    // Dim through named fields; the level reads back.
    net.ok(&[
        "command",
        &light,
        "level_control",
        "move_to_level_with_on_off",
        "level=77",
        "transition_time=0",
    ]);
    let level = net.json(&["read", &light, "level_control", "current_level"]);
    assert_eq!(level["value"], 77);
    // Enum values read with their names from the definitions (StartUpOnOff 0xFF: previous).
    let startup = net.json(&["read", &light, "on_off", "start_up_on_off"]);
    assert_eq!(startup["value"], 255, "{startup}");
    assert_eq!(startup["value_name"], "previous", "{startup}");
    // Write an attribute and read it back: a number, then a character string.
    net.ok(&["write", &light, "basic", "location_description", "kitchen"]);
    let loc = net.json(&["read", &light, "basic", "location_description"]);
    assert_eq!(loc["value"], "kitchen");
    net.ok(&["write", &light, "basic", "physical_environment", "3"]);
    let env = net.json(&["read", &light, "basic", "physical_environment"]);
    assert_eq!(env["value"], 3);

    // Reports: configured (and bound to the coordinator), then seen by listen.
    net.ok(&[
        "configure-reporting",
        &sensor,
        "temperature_measurement",
        "temp_measured_value",
        "--min",
        "1",
        "--max",
        "2",
    ]);
    let out = net.ok(&["listen", "--duration", "6", "--json"]);
    let reports: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|e: &serde_json::Value| {
            e["event"] == "zcl"
                && e["ieee"] == sensor
                && e["frame"]["command"] == "report_attributes"
        })
        .collect();
    assert!(reports.len() >= 2, "{out}");
    assert_eq!(
        reports[0]["frame"]["payload"]["records"][0]["name"],
        "temp_measured_value"
    );

    // Bindings and groups.
    net.ok(&["bind", &light, "on_off", "--group", "0x0010"]);
    net.ok(&["unbind", &light, "on_off", "--group", "0x0010"]);
    net.ok(&["groups", "add", &light, "0x0010", "--name", "kitchen"]);
    let groups = net.ok(&["groups", "list"]);
    assert!(
        groups.contains(&format!("0x0010  {light} ep 1")),
        "{groups}"
    );
    net.ok(&["command", "group:0x0010", "on_off", "off"]);
    let off = net.json(&["read", &light, "on_off", "on_off"]);
    assert_eq!(
        off["value"], false,
        "the group command switched the light off"
    );
    net.ok(&["groups", "remove", &light, "0x0010"]);
    assert!(!net.ok(&["groups", "list"]).contains("0x0010"));

    // Energy scan: one reading per channel asked for.
    let scan = net.json(&["energy-scan", "--channels", "11-14,20"]);
    let channels: Vec<u64> = scan
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["channel"].as_u64().unwrap())
        .collect();
    assert_eq!(channels, [11, 12, 13, 14, 20]);
    // Network scan: the two neighbouring networks the simulation puts on channels 20 and 25
    // (ours does not answer its own beacon request).
    let found = net.json(&["network-scan", "--channels", "11-26"]);
    let mut pans: Vec<u64> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["pan_id"].as_u64().unwrap())
        .collect();
    pans.sort_unstable();
    assert_eq!(pans, [0x4e2b, 0x7731], "{found}");
    let only_20 = net.json(&["network-scan", "--channels", "20"]);
    assert_eq!(only_20.as_array().unwrap().len(), 1, "{only_20}");

    // Channel change: the network moves, the coordinator reports it, the light follows.
    let moved = net.json(&["change-channel", "25"]);
    assert_eq!(moved["channel"], 25);
    let info = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["info", "--json", "--radio", radio, "--port", &sim.port])
        .output()
        .unwrap();
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["channel"], 25, "{info}");
    let on = net.json(&["read", &light, "on_off", "on_off"]);
    assert!(
        on["value"].is_boolean(),
        "the light answers on the new channel: {on}"
    );

    // Joining through one router: the light answers the unicast Mgmt_Permit_Joining_req.
    let out = net.ok(&["permit", "-t", "1", "--through", &light]);
    assert!(
        out.contains(&format!("joining permitted through {light} for 1 s")),
        "{out}"
    );
    net.fails(
        &["permit", "-t", "1", "--through", "0x7777"],
        2,
        "no device",
    );

    // Install codes: a good one is handed to the coprocessor, a bad CRC refused up front.
    net.ok(&[
        "permit",
        "-t",
        "1",
        "--install-code",
        "00:11:22:33:44:55:66:77:83FED3407A939723A5C639B26916D505C3B5",
    ]);
    net.fails(
        &[
            "permit",
            "--install-code",
            "0011223344556677:83FED3407A939723A5C639B26916D505C3B6",
        ],
        2,
        "CRC",
    );

    // Bad input: each refused with a clear message before anything is sent.
    net.fails(
        &["read", &light, "no_such_cluster", "x"],
        2,
        "unknown cluster",
    );
    net.fails(&["read", &light, "on_off", "brightness"], 2, "no attribute");
    net.fails(
        &["write", &light, "level_control", "on_level", "300"],
        2,
        "out of range",
    );
    net.fails(&["command", &light, "on_off", "dim"], 2, "no command");
    net.fails(
        &["read", "00:00:00:00:00:00:00:99", "on_off", "on_off"],
        2,
        "no device",
    );

    // Leave: the plug goes and the database forgets it.
    net.ok(&["leave", &plug]);
    let list = devices(&db);
    assert_eq!(list.as_array().unwrap().len(), 2);

    // A device that never answers: the request times out with the device named.
    {
        let db = zcl_host::coordinator::Database::open(&db).unwrap();
        db.upsert_device(0x0011_2233_4455_6677, 0x7777).unwrap();
    }
    let out = net.raw(&[
        "read",
        "00:11:22:33:44:55:66:77",
        "on_off",
        "on_off",
        "--timeout",
        "0.5",
        "--retries",
        "1",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(1 | 3)), "{err}");
    assert!(
        err.contains("0x7777") || err.contains("00:11:22:33:44:55:66:77"),
        "{err}"
    );
    // Nothing was lost meanwhile.
    assert_eq!(devices(&db).as_array().unwrap().len(), 3);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_command_works_against_the_ezsp_simulator() {
    every_command_works_against("ezsp");
}

#[test]
fn every_command_works_against_the_znp_simulator() {
    every_command_works_against("znp");
}

#[test]
fn a_corrupt_database_and_a_missing_port_give_clear_errors() {
    let dir = common::tempdir("zcl-net-bad");
    let db = dir.join("corrupt.db");
    let garbage = b"definitely not SQLite\n".repeat(300);
    std::fs::write(&db, &garbage).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["devices", "--database"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a database"));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the file is left alone"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args([
            "read",
            "--port",
            "/dev/does-not-exist",
            "0x1234",
            "on_off",
            "on_off",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/dev/does-not-exist"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_config_file_supplies_radio_port_and_database() {
    let sim = Sim::start(&["--radio", "znp", "--pty"]);
    let dir = common::tempdir("zcl-net-config");
    let config = dir.join("config.toml");
    let db = dir.join("net.db");
    std::fs::write(
        &config,
        format!(
            "radio = \"znp\"\nport = \"{}\"\ndatabase = \"{}\"\n",
            sim.port,
            db.display()
        ),
    )
    .unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args(args)
            .arg("--config")
            .arg(&config)
            .output()
            .unwrap()
    };
    let out = run(&["form"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["permit", "-t", "6", "--no-interview"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&["devices"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("3 devices") && text.contains("znp coordinator"),
        "{text}"
    );
    std::fs::write(&config, "radio = \"znp\"\nbogus = 1\n").unwrap();
    let out = run(&["devices"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bogus"));
    let _ = std::fs::remove_dir_all(dir);
}

/// `zcl-host demo` runs start to finish on both simulators, and the capture it writes
/// decrypts completely with the key the sniffer learns from the joins.
#[test]
fn demo_runs_on_both_simulators_and_its_capture_decrypts() {
    for radio in ["ezsp", "znp"] {
        let dir = common::tempdir(&format!("zcl-demo-{radio}"));
        let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .args([
                "demo",
                "--radio",
                radio,
                "--join-time",
                "6",
                "--listen-time",
                "4",
            ])
            .arg("--dir")
            .arg(&dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("3 devices joined"), "{text}");
        assert!(text.contains("current_level (0x0000) = 128"), "{text}");
        assert!(text.contains("report_attributes"), "{text}");
        let backup = zcl_host::coordinator::NetworkBackup::read(&dir.join("backup.json")).unwrap();
        assert_eq!(backup.devices.len(), 3);
        // Every secured NWK frame of the capture decrypts.
        let line = text
            .lines()
            .find(|l| l.starts_with("NWK secured:"))
            .unwrap_or_else(|| panic!("{text}"));
        let nums: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(
            nums.len() == 2 && nums[0] > 20 && nums[0] == nums[1],
            "{line}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// Without `--channel`, `form` takes the quietest preferred channel by an energy scan and a PAN
/// id no neighbour uses; `reset --factory` erases the network and `reset` keeps it.
#[test]
fn form_picks_a_quiet_channel_and_reset_erases_only_when_asked() {
    let sim = Sim::start(&["--radio", "ezsp", "--pty"]);
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
    let formed: serde_json::Value = serde_json::from_str(&run(&["form", "--json"])).unwrap();
    assert_eq!(
        formed["metadata"]["format"], "zigpy/open-coordinator-backup",
        "{formed}"
    );
    // Keys stay hidden in output unless asked for.
    assert_eq!(
        formed["network_key"]["key"],
        "00000000000000000000000000000000"
    );
    let info: serde_json::Value = serde_json::from_str(&run(&["info", "--json"])).unwrap();
    assert_eq!(
        formed["pan_id"].as_str().unwrap().to_ascii_uppercase(),
        info["pan_id"].as_str().unwrap()[2..].to_ascii_uppercase()
    );
    // The formed channel is the quietest of the preferred ones by the coprocessor's own scan.
    let scan: serde_json::Value = serde_json::from_str(&run(&[
        "energy-scan",
        "--channels",
        "11,15,20,25",
        "--json",
    ]))
    .unwrap();
    let quietest = scan
        .as_array()
        .unwrap()
        .iter()
        .min_by_key(|r| r["energy"].as_u64().unwrap())
        .unwrap()["channel"]
        .clone();
    assert_eq!(info["channel"], quietest, "{info} {scan}");
    let pan = info["pan_id"].as_str().unwrap().to_owned();
    assert!(pan != "0x4E2B" && pan != "0x7731", "{pan} is a neighbour's");
    run(&["reset"]);
    let info: serde_json::Value = serde_json::from_str(&run(&["info", "--json"])).unwrap();
    assert_eq!(
        info["pan_id"],
        pan.as_str(),
        "a soft reset keeps the network"
    );
    run(&["reset", "--factory"]);
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args([
            "permit",
            "--no-wait",
            "--radio",
            "ezsp",
            "--port",
            &sim.port,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no network"));
}
