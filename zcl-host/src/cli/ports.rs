//! `zcl-host ports`: lists serial ports with their USB identity and the Zigbee stick each one
//! likely is.

use super::CliError;
use crate::radio::ports::{list_ports, PortInfo};
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

/// Arguments of `zcl-host ports`.
#[derive(Debug, clap::Args)]
pub struct PortsArgs {
    /// Print JSON (`{"ports": [...]}`) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Runs `zcl-host ports`.
pub fn run(args: &PortsArgs) -> Result<ExitCode, CliError> {
    let ports = list_ports().map_err(|e| format!("cannot list serial ports: {e}"))?;
    let out = std::io::stdout();
    let mut out = out.lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "ports": ports }))?;
        writeln!(out)?;
    } else {
        out.write_all(ports_text(&ports).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The text listing: one block per port, or `no serial ports found`.
pub fn ports_text(ports: &[PortInfo]) -> String {
    if ports.is_empty() {
        return "no serial ports found\n".to_string();
    }
    let mut s = String::new();
    for p in ports {
        let _ = write!(s, "{}", p.path);
        match &p.usb {
            Some(u) => {
                let _ = write!(s, "  usb {:04x}:{:04x}", u.vid, u.pid);
                for (label, v) in [
                    ("manufacturer", &u.manufacturer),
                    ("product", &u.product),
                    ("serial", &u.serial_number),
                ] {
                    if let Some(v) = v {
                        let _ = write!(s, "  {label} {v:?}");
                    }
                }
            }
            None => {
                let _ = write!(s, "  {}", p.kind);
            }
        }
        s.push('\n');
        if let Some(m) = &p.stick {
            let hedge = if m.specific { "likely" } else { "bridge" };
            let _ = writeln!(s, "    {hedge}: {} (radio: {})", m.name, m.family);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::radio::ports::{identify, UsbDetails};

    #[test]
    fn emit_no_ports() {
        assert_eq!(ports_text(&[]), "no serial ports found\n");
    }

    #[test]
    fn emit_usb_port_with_stick() {
        let port = PortInfo {
            path: "/dev/ttyUSB0".into(),
            kind: "usb",
            usb: Some(UsbDetails {
                vid: 0x1a86,
                pid: 0x55d4,
                manufacturer: Some("ITEAD".into()),
                product: Some("SONOFF Zigbee 3.0 USB Dongle Plus V2".into()),
                serial_number: Some("20220712151417".into()),
            }),
            stick: identify(
                0x1a86,
                0x55d4,
                Some("SONOFF Zigbee 3.0 USB Dongle Plus V2"),
                None,
            ),
        };
        let text = ports_text(&[port]);
        assert!(
            text.starts_with("/dev/ttyUSB0  usb 1a86:55d4  manufacturer \"ITEAD\""),
            "{text}"
        );
        assert!(
            text.contains("likely: Sonoff ZBDongle-E (EFR32MG21, EZSP) (radio: ezsp)"),
            "{text}"
        );
    }
}
