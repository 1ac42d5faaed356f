//! `zcl-host decode`: decode ZCL frames given as hex arguments or as JSON lines.

use super::CliError;
use crate::render;
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `zcl-host decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {
    /// ZCL frames as hex strings (spaces, colons and a leading 0x are ignored). Without any,
    /// frames are read as JSON lines from `--input` or standard input.
    pub frames: Vec<String>,
    /// Cluster id of the frames given as arguments (decimal or 0x-prefixed hex).
    #[arg(long, default_value = "0", value_parser = parse_u16)]
    pub cluster: u16,
    /// Read JSON lines (`{"cluster": <id>, "hex": "<frame>"}`) from this file instead of stdin.
    #[arg(long)]
    pub input: Option<std::path::PathBuf>,
    /// Print one JSON object per frame instead of text.
    #[arg(long)]
    pub json: bool,
    /// Measure decoding speed on the input frames instead of printing them.
    #[arg(long)]
    pub bench: bool,
    /// Passes over the frames for `--bench` (default: enough for about one second).
    #[arg(long)]
    pub rounds: Option<u64>,
}

pub use crate::text::{parse_hex, parse_u16};

/// One input item: a cluster and frame bytes, or why the input line was unusable.
type Item = Result<(u16, Vec<u8>), String>;

/// Reads one JSON input line into a cluster id and the frame bytes.
pub fn parse_json_line(line: &str) -> Item {
    let v: serde_json::Value =
        serde_json::from_str(line).map_err(|e| format!("input line is not JSON: {e}"))?;
    let cluster = match v.get("cluster") {
        Some(serde_json::Value::Number(n)) => n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| format!("cluster {n} is not a 16-bit id"))?,
        Some(serde_json::Value::String(s)) => parse_u16(s)?,
        Some(_) => return Err("\"cluster\" must be a number or a string".into()),
        None => return Err("input line has no \"cluster\"".into()),
    };
    let hex = v
        .get("hex")
        .and_then(serde_json::Value::as_str)
        .ok_or("input line has no \"hex\" string")?;
    Ok((cluster, parse_hex(hex)?))
}

fn read_items(args: &DecodeArgs) -> Result<Vec<Item>, CliError> {
    if !args.frames.is_empty() {
        return Ok(args
            .frames
            .iter()
            .map(|h| parse_hex(h).map(|b| (args.cluster, b)))
            .collect());
    }
    let reader: Box<dyn BufRead> = match &args.input {
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
        )),
        None => Box::new(std::io::stdin().lock()),
    };
    let mut items = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        items.push(parse_json_line(&line));
    }
    Ok(items)
}

/// Runs `zcl-host decode`.
pub fn run(args: &DecodeArgs) -> Result<ExitCode, CliError> {
    let items = read_items(args)?;
    if args.bench {
        return bench(&items, args.rounds);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = false;
    for item in &items {
        match item {
            Ok((cluster, bytes)) => {
                let obj = render::frame_json(*cluster, bytes);
                failed |= obj.get("error").is_some();
                if args.json {
                    writeln!(out, "{obj}")?;
                } else {
                    writeln!(out, "{}", render::frame_text(*cluster, bytes))?;
                }
            }
            Err(e) => {
                failed = true;
                if args.json {
                    writeln!(out, "{}", serde_json::json!({ "error": e }))?;
                } else {
                    writeln!(out, "error: {e}")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn bench(items: &[Item], rounds: Option<u64>) -> Result<ExitCode, CliError> {
    let frames: Vec<(u16, &[u8])> = items
        .iter()
        .filter_map(|i| i.as_ref().ok().map(|(c, b)| (*c, b.as_slice())))
        .collect();
    if frames.is_empty() {
        return Err("no frames to measure".into());
    }
    // Calibrate so the default run takes about one second.
    let rounds = match rounds {
        Some(r) => r.max(1),
        None => {
            let start = Instant::now();
            let mut n = 0u64;
            while start.elapsed().as_millis() < 100 {
                std::hint::black_box(walk_all(&frames));
                n += 1;
            }
            (n * 10).max(1)
        }
    };
    let start = Instant::now();
    let cpu_start = cpu_time::ThreadTime::now();
    let mut checksum = 0u64;
    for _ in 0..rounds {
        checksum = checksum.wrapping_add(walk_all(&frames));
    }
    let cpu = cpu_start.elapsed().as_secs_f64();
    let secs = start.elapsed().as_secs_f64();
    let total = rounds.saturating_mul(frames.len() as u64);
    // CPU time of this thread is the fair figure on a shared machine; wall time is printed too.
    let fps = total as f64 / cpu;
    println!(
        "decoded {total} frames ({} distinct, {rounds} rounds): {:.0} frames per CPU-second, {:.1} ns/frame (CPU {cpu:.3} s, wall {secs:.3} s, checksum {checksum:x})",
        frames.len(),
        fps,
        1e9 / fps
    );
    Ok(ExitCode::SUCCESS)
}

fn walk_all(frames: &[(u16, &[u8])]) -> u64 {
    let mut acc = 0u64;
    for (_, bytes) in frames {
        acc = acc.wrapping_add(crate::walk::walk_frame(std::hint::black_box(bytes)));
    }
    acc
}
