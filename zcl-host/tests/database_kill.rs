//! The coordinator database survives its writer being killed at any moment: a child process
//! (this test run again, told by environment variables to be the writer) records devices and attribute values in a loop and prints each
//! one after its commit; it is killed with SIGKILL after a random time, twenty times over. The
//! database must open every time, pass SQLite's integrity check and hold every value the
//! child said was committed.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use zcl_host::coordinator::db::AttributeRow;
use zcl_host::coordinator::Database;

const PATH_VAR: &str = "ZCL_DB_KILL_PATH";
const START_VAR: &str = "ZCL_DB_KILL_START";

/// The writer the test runs as a child: records rows forever, printing each after its commit.
fn write_until_killed(path: &str, start: u64) {
    let db = Database::open(std::path::Path::new(path)).unwrap();
    for i in start.. {
        db.upsert_device(i, u16::try_from(i % 0xFFF0).unwrap())
            .unwrap();
        db.store_attribute(
            i,
            &AttributeRow {
                endpoint: 1,
                cluster: 0x0402,
                attribute: 0x0000,
                data_type: 0x29,
                value: i.to_le_bytes()[..2].to_vec(),
                value_json: i.to_string(),
                updated_at: i64::try_from(i).unwrap(),
            },
        )
        .unwrap();
        // Printed only after both statements committed.
        println!("committed {i}");
    }
}

#[test]
fn database_survives_sigkill_in_a_loop() {
    // Started again by itself as the writer.
    if let (Ok(path), Ok(start)) = (std::env::var(PATH_VAR), std::env::var(START_VAR)) {
        write_until_killed(&path, start.parse().unwrap());
        return;
    }
    let dir = common::tempdir("zcl-db-kill");
    let path = dir.join("kill.db");
    let exe = std::env::current_exe().unwrap();
    let mut committed: Vec<u64> = Vec::new();
    let mut next = 1u64;
    for round in 0..20u64 {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "database_survives_sigkill_in_a_loop",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(PATH_VAR, &path)
            .env(START_VAR, next.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(n) = line.strip_prefix("committed ") {
                    seen.push(n.parse::<u64>().unwrap());
                }
            }
            seen
        });
        // 30-220 ms of writing, different each round.
        let wait = Duration::from_millis(30 + (round * 37) % 190);
        let begun = Instant::now();
        while begun.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let seen = reader.join().unwrap();
        next = seen.last().map_or(next, |l| l + 1) + 1_000_000;
        committed.extend(seen);
        // The database opens and is sound after every kill.
        let db = Database::open(&path).unwrap();
        db.check().unwrap();
    }
    assert!(
        committed.len() > 20,
        "the writer committed {}",
        committed.len()
    );
    let db = Database::open(&path).unwrap();
    db.check().unwrap();
    let devices = db.devices().unwrap();
    let have: std::collections::BTreeSet<u64> = devices.iter().map(|d| d.ieee).collect();
    for i in &committed {
        assert!(have.contains(i), "device {i} was committed but is gone");
    }
    let sample = committed[committed.len() / 2];
    let attrs = db.attributes(sample).unwrap();
    assert_eq!(attrs.len(), 1);
    assert_eq!(attrs[0].value_json, sample.to_string());
    let _ = std::fs::remove_dir_all(dir);
}
