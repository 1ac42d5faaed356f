//! `zcl-host demo`: a whole network working, on a fresh machine, with nothing but this tool.
//!
//! It starts the simulated coprocessor on a pseudo-terminal (its virtual air written to a
//! pcapng file), then runs the same commands a user would type, printing each before its
//! output: form a network, let the simulated light, sensor and plug join and interview them,
//! read, toggle and dim the light, configure temperature reporting and watch reports arrive,
//! back the network up, and finally decode and decrypt the captured air with
//! `zcl-host sniff`, the network key learnt from the joins.

use std::io::{BufRead, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};

use super::connect::RadioKind;
use super::CliError;
use crate::render::ieee_string;
use crate::sim::devices::{LIGHT_IEEE, SENSOR_IEEE};

/// Arguments of `zcl-host demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Which simulated coprocessor.
    #[arg(long, value_enum, default_value = "ezsp")]
    pub radio: RadioKind,
    /// Where the database, backup and capture go.
    #[arg(long, default_value = "zcl-demo")]
    pub dir: PathBuf,
    /// Seconds to let devices join.
    #[arg(long, default_value_t = 8)]
    pub join_time: u8,
    /// Seconds to watch reports.
    #[arg(long, default_value_t = 6)]
    pub listen_time: u8,
}

/// The simulator child, stopped when dropped.
struct SimChild(Child);

impl Drop for SimChild {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `zcl-host demo`.
pub fn run(args: &DemoArgs) -> Result<ExitCode, CliError> {
    let exe = std::env::current_exe()?;
    std::fs::create_dir_all(&args.dir).map_err(|e| format!("{}: {e}", args.dir.display()))?;
    let db = args.dir.join("network.db");
    let backup = args.dir.join("backup.json");
    let capture = args.dir.join("air.pcapng");
    for stale in [&db, &backup, &capture] {
        let _ = std::fs::remove_file(stale);
    }
    let radio = match args.radio {
        RadioKind::Ezsp => "ezsp",
        RadioKind::Znp => "znp",
    };
    let mut child = Command::new(&exe)
        .args(["sim", "--radio", radio, "--pty", "--capture"])
        .arg(&capture)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut line)?;
    }
    let sim = SimChild(child);
    let port = line.trim().to_owned();
    if port.is_empty() {
        return Err("the simulator did not start".into());
    }
    say(&format!(
        "simulated {radio} coprocessor on {port}, air captured to {}",
        capture.display()
    ))?;

    let db_s = db.display().to_string();
    let net = ["--radio", radio, "--port", &port, "--database", &db_s];
    let light = ieee_string(LIGHT_IEEE);
    let sensor = ieee_string(SENSOR_IEEE);
    let join = args.join_time.to_string();
    let listen = args.listen_time.to_string();
    let backup_s = backup.display().to_string();
    let steps: Vec<Vec<&str>> = vec![
        vec!["form", "--radio", radio, "--port", &port],
        vec!["permit", "-t", &join],
        vec!["devices", "--database", &db_s],
        vec![
            "read",
            &light,
            "basic",
            "manufacturer_name",
            "model_identifier",
        ],
        vec!["read", &light, "on_off", "on_off"],
        vec!["command", &light, "on_off", "toggle"],
        vec!["read", &light, "on_off", "on_off"],
        vec![
            "command",
            &light,
            "level_control",
            "move_to_level_with_on_off",
            "level=128",
            "transition_time=0",
        ],
        vec!["read", &light, "level_control", "current_level"],
        vec![
            "configure-reporting",
            &sensor,
            "temperature_measurement",
            "temp_measured_value",
            "--min",
            "1",
            "--max",
            "2",
        ],
        vec!["listen", "--duration", &listen],
        vec!["backup", "--radio", radio, "--port", &port, &backup_s],
    ];
    for step in &steps {
        let standalone = matches!(step.first(), Some(&"form" | &"devices" | &"backup"));
        let mut cmd = Command::new(&exe);
        cmd.args(step);
        if !standalone {
            cmd.args(net);
        }
        let shown: Vec<&str> = step
            .iter()
            .copied()
            .chain(if standalone { &[][..] } else { &net[..] }.iter().copied())
            .collect();
        say(&format!("\n$ zcl-host {}", shown.join(" ")))?;
        let status = cmd.status()?;
        if !status.success() {
            return Err(format!("`zcl-host {}` failed ({status})", step.join(" ")).into());
        }
    }
    // Stop the simulator so the capture is complete, then decode it.
    drop(sim);
    let capture_s = capture.display().to_string();
    say(&format!("\n$ zcl-host sniff -i {capture_s} --summary"))?;
    let status = Command::new(&exe)
        .args(["sniff", "-i", &capture_s, "--summary"])
        .status()?;
    if !status.success() {
        return Err(format!("sniffing {capture_s} failed ({status})").into());
    }
    say(&format!(
        "\nall done: database {}, backup {}, capture {} (open it in Wireshark with the \
         network key from the backup)",
        db.display(),
        backup.display(),
        capture.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn say(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    out.flush()?;
    Ok(())
}
