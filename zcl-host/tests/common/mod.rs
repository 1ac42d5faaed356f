//! What the simulator integration tests share: a simulator process and a scratch directory.

#![allow(dead_code)] // each test file uses its own part

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use zcl_host::radio::transport::{PortSpec, SerialSettings, Transport};

/// A running `zcl-host sim`, killed when dropped.
pub struct Sim {
    child: Child,
    /// What a host opens: the pty path or `socket://HOST:PORT`.
    pub port: String,
}

impl Sim {
    /// Starts `zcl-host sim ARGS` and waits for the port it announces.
    pub fn start(args: &[&str]) -> Sim {
        let mut child = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
            .arg("sim")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the simulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().to_owned();
        // A pty path, or the host:port it listens on.
        assert!(
            port.starts_with("/dev/") || port.contains(':'),
            "the simulator printed its port: {port:?}"
        );
        let port = if args.contains(&"--listen") {
            format!("socket://{port}")
        } else {
            port
        };
        Sim { child, port }
    }

    /// A transport to the simulator.
    pub fn transport(&self) -> Transport {
        let spec: PortSpec = self.port.parse().unwrap();
        Transport::open(&spec, &SerialSettings::default()).unwrap()
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh scratch directory for one test.
pub fn tempdir(prefix: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "{prefix}-{}-{:?}",
        std::process::id(),
        Instant::now()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
