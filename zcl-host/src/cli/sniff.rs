//! `zcl-host sniff`: decode (and decrypt) a Zigbee capture file.
//!
//! Keys: the default trust-center link key "ZigBeeAlliance09" (unless `--no-default-keys`),
//! `--key` (tried as network key and as link key), `--install-code` (with or without its CRC),
//! `--key-file`, and every key learned from a Transport Key command. The file is read twice so
//! that frames sent before the Transport Key that reveals their key decrypt too.
//!
//! Output: one line per frame (default), one JSON object per frame (`--json`), or counts
//! (`--summary`, with `--json` one object). `--output` writes the frames to a pcapng file,
//! with `--decrypted` with decrypted payloads and security headers removed.

use super::CliError;
use crate::capture::{
    CaptureReader, Cc24xxMode, FrameSource, PcapngWriter, ReadOptions, WriteLinkType,
};
use crate::render::sniff::{print_frame, print_problem, print_summary, Style};
use crate::render::summary::{dissect_counted, summarize, Summary, SummaryOptions};
use crate::sniff::{dissect, plain_frame, KeyStore};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use zcl_frames::crc::x25;

/// Arguments of `zcl-host sniff`.
#[derive(Debug, clap::Args)]
pub struct SniffArgs {
    /// Capture file: pcap or pcapng, link type 195, 230, 283, or ZEP over UDP (or --radio for a
    /// live capture).
    #[arg(long, short = 'i', value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// A 16-byte key in hex (colons allowed), tried as network key and as link key.
    #[arg(long = "key", value_name = "HEX")]
    pub keys: Vec<String>,
    /// An install code in hex, with or without its CRC; its link key is tried.
    #[arg(long = "install-code", value_name = "HEX")]
    pub install_codes: Vec<String>,
    /// A key file: one key per line (`network KEY`, `link KEY`, `install CODE`, or `KEY`).
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// Do not try the default trust-center link key "ZigBeeAlliance09".
    #[arg(long)]
    pub no_default_keys: bool,
    /// Print keys in full (they are masked otherwise).
    #[arg(long)]
    pub show_keys: bool,
    /// One JSON object per frame (with --summary: one object with the counts).
    #[arg(long)]
    pub json: bool,
    /// Print counts instead of frames.
    #[arg(long)]
    pub summary: bool,
    /// Write the frames to this pcapng file (link type 195; 283, TAP, for a live capture).
    #[arg(long, value_name = "FILE.pcapng")]
    pub output: Option<PathBuf>,
    /// With --output: write decrypted payloads, security headers and MICs removed.
    #[arg(long, requires = "output")]
    pub decrypted: bool,
    /// Whether link type 195 frames end with a TI CC24xx metadata trailer instead of an FCS.
    #[arg(long, value_enum, default_value = "auto")]
    pub cc24xx: Cc24xxArg,
    /// With --summary: print the decoding throughput (frames per second) on stderr.
    #[arg(long, requires = "summary")]
    pub bench: bool,
}

/// Values of `--cc24xx`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Cc24xxArg {
    /// Detect per frame.
    Auto,
    /// Always a CC24xx trailer.
    Always,
    /// Always an FCS.
    Never,
}

impl From<Cc24xxArg> for Cc24xxMode {
    fn from(a: Cc24xxArg) -> Self {
        match a {
            Cc24xxArg::Auto => Cc24xxMode::Auto,
            Cc24xxArg::Always => Cc24xxMode::Always,
            Cc24xxArg::Never => Cc24xxMode::Never,
        }
    }
}

impl SniffArgs {
    /// How frames and the summary are printed (`--json`, `--show-keys`).
    pub fn style(&self) -> Style {
        Style {
            json: self.json,
            show_keys: self.show_keys,
        }
    }
}

/// Builds the key store the arguments ask for.
///
/// # Errors
/// A key or install code that is not valid hex of the right length, an unreadable key file.
pub fn key_store(args: &SniffArgs) -> Result<KeyStore, CliError> {
    let mut keys = if args.no_default_keys {
        KeyStore::empty()
    } else {
        KeyStore::new()
    };
    for k in &args.keys {
        let key = crate::sniff::keys::parse_key(k)
            .ok_or_else(|| format!("--key {k}: expected 16 bytes in hex"))?;
        keys.add_network_key(key, None, None);
        keys.add_link_key(key, None, None);
    }
    for code in &args.install_codes {
        let mut bytes = crate::sniff::keys::parse_hex(code)
            .ok_or_else(|| format!("--install-code {code}: not hex"))?;
        // Install codes are 6, 8, 12 or 16 bytes followed by their CRC; add it if missing.
        if matches!(bytes.len(), 6 | 8 | 12 | 16) {
            let crc = x25(&bytes);
            bytes.extend_from_slice(&crc.to_le_bytes());
        }
        keys.add_install_code(&bytes, None)
            .map_err(|e| format!("--install-code {code}: {e}"))?;
    }
    if let Some(path) = &args.key_file {
        keys.load_key_file(path)?;
    }
    Ok(keys)
}

/// Runs `zcl-host sniff`, printing to standard output and error.
///
/// # Errors
/// Bad arguments, an unreadable capture or key file, an unwritable output.
pub fn run(args: &SniffArgs) -> Result<ExitCode, CliError> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let code = run_to(args, &mut out, &mut std::io::stderr())?;
    out.flush()?;
    Ok(code)
}

/// Runs `zcl-host sniff` with its output going to `out` and its notes (throughput, the error
/// that ended reading early) to `err`. The exit code is 1 when reading stopped early.
///
/// # Errors
/// Bad arguments, an unreadable capture or key file, an unwritable output.
pub fn run_to(
    args: &SniffArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let input = args
        .input
        .as_ref()
        .ok_or("give a capture file (--input FILE) or a radio to sniff live (--radio ...)")?;
    let mut keys = key_store(args)?;
    let read = ReadOptions {
        cc24xx: args.cc24xx.into(),
        ..ReadOptions::default()
    };
    if args.summary && args.output.is_none() {
        let start = Instant::now();
        let summary = summarize(
            input,
            &mut keys,
            SummaryOptions {
                read,
                single_pass: false,
            },
        )?;
        let elapsed = start.elapsed();
        print_summary(&summary, args.style(), out)?;
        if args.bench {
            let secs = elapsed.as_secs_f64();
            let frames = summary.frames as f64;
            write!(
                err,
                "{} frames in {secs:.3} s wall: {:.0} frames/s",
                summary.frames,
                frames / secs.max(1e-9)
            )?;
            match cpu_seconds() {
                Some(cpu) => writeln!(
                    err,
                    "; {cpu:.3} s on CPU: {:.0} frames/s per core",
                    frames / cpu.max(1e-9)
                ),
                None => writeln!(err),
            }?;
        }
        return Ok(exit_code(&summary));
    }
    // First pass: learn keys and addresses.
    let mut reader = CaptureReader::open_with(input, read)?;
    while let Some(item) = reader.next_frame() {
        if let Ok(frame) = item {
            if !frame.fcs.is_bad() {
                dissect(frame.mac, &mut keys);
            }
        }
    }
    // Second pass: decode and print.
    let mut reader = CaptureReader::open_with(input, read)?;
    let mut writer = match &args.output {
        Some(path) => Some(PcapngWriter::new(
            BufWriter::new(File::create(path).map_err(|e| format!("{}: {e}", path.display()))?),
            WriteLinkType::WithFcs,
        )?),
        None => None,
    };
    let mut summary = Summary::default();
    let mut first_time = None;
    while let Some(item) = reader.next_frame() {
        let frame = match item {
            Ok(frame) => frame,
            Err(e) if summary.read_error(&e) => break,
            Err(e) => {
                if !args.summary {
                    print_problem(&e, args.json, out)?;
                }
                continue;
            }
        };
        let t0 = *first_time.get_or_insert(frame.timestamp_ns);
        let bad = frame.fcs.is_bad();
        let d = dissect_counted(&frame, &mut keys, &mut summary);
        if let Some(w) = writer.as_mut() {
            if args.decrypted && !bad {
                w.write_frame(frame.timestamp_ns, &plain_frame(&d))?;
            } else {
                w.write_frame(frame.timestamp_ns, frame.mac)?;
            }
        }
        if args.summary {
            continue;
        }
        print_frame(&frame, &d, &keys, args.style(), t0, out)?;
    }
    summary.cc24xx_trailer = reader.cc24xx_frames();
    if let Some(w) = writer {
        w.finish()?.flush()?;
    }
    if args.summary {
        print_summary(&summary, args.style(), out)?;
    } else {
        out.flush()?;
        if summary.cc24xx_trailer > 0 {
            writeln!(
                err,
                "zcl-host: note: {} frames end with a TI CC24xx metadata trailer (RSSI, FCS-ok \
                 flag, LQI) instead of an FCS",
                summary.cc24xx_trailer
            )?;
        }
        if let Some(e) = &summary.stopped {
            writeln!(err, "zcl-host: {e}")?;
        }
    }
    Ok(exit_code(&summary))
}

/// CPU time of this (single-threaded) process so far, from Linux's /proc/self/schedstat (whose
/// first field is nanoseconds on CPU); wall time overstates the cost on a busy machine.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns as f64 / 1e9)
}

fn exit_code(summary: &Summary) -> ExitCode {
    if summary.stopped.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
