//! Serial port listing with the Zigbee stick each port likely is.
//!
//! [`list_ports`] asks `serialport` (sysfs on Linux without the `udev` feature) and looks each
//! USB port up in a table of known sticks ([`identify`]) keyed by USB VID:PID and the product
//! string. Many sticks share a generic USB-UART bridge (Silicon Labs CP210x `10c4:ea60`, WCH
//! `1a86:55d4`), so the product string decides; without a match the bridge itself is named.
//!
//! Sources for the table: the USB discovery entries of Home Assistant's ZHA, SkyConnect/ZBT-1
//! and ZBT-2 integrations, and the Zigbee2MQTT adapter pages.

use serde::Serialize;
use std::fmt;

/// The protocol family a coprocessor speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RadioFamily {
    /// Silicon Labs EmberZNet: ASH + EZSP.
    Ezsp,
    /// TI Z-Stack: MT (ZNP).
    Znp,
    /// dresden elektronik deCONZ serial protocol.
    Deconz,
    /// Not known from the USB identity alone.
    Unknown,
}

impl RadioFamily {
    /// `ezsp`, `znp`, `deconz`, `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ezsp => "ezsp",
            Self::Znp => "znp",
            Self::Deconz => "deconz",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for RadioFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a port likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StickMatch {
    /// The stick or, for a generic bridge, the bridge chip.
    pub name: &'static str,
    /// The protocol family when the identity tells it.
    pub family: RadioFamily,
    /// True when the match names a Zigbee stick (not just a generic USB-UART bridge or vendor).
    pub specific: bool,
}

/// One table row: VID, PID (`None` = any), lowercase substrings that must all be in the
/// product (or manufacturer) string.
struct Entry {
    vid: u16,
    pid: Option<u16>,
    product: &'static [&'static str],
    name: &'static str,
    family: RadioFamily,
}

const fn e(
    vid: u16,
    pid: Option<u16>,
    product: &'static [&'static str],
    name: &'static str,
    family: RadioFamily,
) -> Entry {
    Entry {
        vid,
        pid,
        product,
        name,
        family,
    }
}

use RadioFamily::{Deconz, Ezsp, Unknown, Znp};

/// Most specific first: product-string rows, then plain VID:PID rows, then vendor rows.
const KNOWN: &[Entry] = &[
    // Silicon Labs CP210x bridge, shared by many sticks.
    e(
        0x10c4,
        Some(0xea60),
        &["skyconnect"],
        "Home Assistant SkyConnect (EFR32MG21)",
        Ezsp,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["connect zbt-1"],
        "Home Assistant Connect ZBT-1 (EFR32MG21)",
        Ezsp,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["sonoff", "plus"],
        "Sonoff ZBDongle-P (TI CC2652P, Z-Stack)",
        Znp,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["slzb-07"],
        "SMLIGHT SLZB-07 (EFR32MG21)",
        Ezsp,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["2652"],
        "CC2652 stick (e.g. slae.sh CC2652RB, Z-Stack)",
        Znp,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["tubeszb"],
        "TubesZB coordinator (EFR32 or CC2652 variant)",
        Unknown,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &["zigate"],
        "ZiGate (ZiGate protocol)",
        Unknown,
    ),
    e(
        0x10c4,
        Some(0xea60),
        &[],
        "Silicon Labs CP210x USB-UART bridge",
        Unknown,
    ),
    e(
        0x10c4,
        Some(0x8a2a),
        &[],
        "Nortek GoControl HUSBZB-1 (EM3581, EZSP)",
        Ezsp,
    ),
    e(
        0x10c4,
        Some(0x8b34),
        &["bv 2010/10"],
        "Bitron Video AV2010/10",
        Unknown,
    ),
    // WCH bridges.
    e(
        0x1a86,
        Some(0x55d4),
        &["sonoff", "plus"],
        "Sonoff ZBDongle-E (EFR32MG21, EZSP)",
        Ezsp,
    ),
    e(
        0x1a86,
        Some(0x55d4),
        &[],
        "WCH CH9102/CH343 USB-UART bridge",
        Unknown,
    ),
    e(
        0x1a86,
        Some(0x7523),
        &["tubeszb"],
        "TubesZB coordinator (CH340)",
        Unknown,
    ),
    e(
        0x1a86,
        Some(0x7523),
        &["zigstar"],
        "ZigStar coordinator (CH340)",
        Unknown,
    ),
    e(
        0x1a86,
        Some(0x7523),
        &[],
        "WCH CH340 USB-UART bridge",
        Unknown,
    ),
    // Texas Instruments.
    e(
        0x0451,
        Some(0x16a8),
        &[],
        "TI CC2531 USB dongle (Z-Stack)",
        Znp,
    ),
    e(
        0x0451,
        Some(0xbef3),
        &[],
        "TI XDS110 debug probe (CC1352/CC2652 LaunchPad)",
        Znp,
    ),
    // dresden elektronik.
    e(
        0x1cf1,
        Some(0x0030),
        &[],
        "dresden elektronik ConBee II",
        Deconz,
    ),
    // FTDI FT-X bridge.
    e(
        0x0403,
        Some(0x6015),
        &["conbee"],
        "dresden elektronik ConBee III",
        Deconz,
    ),
    e(
        0x0403,
        Some(0x6015),
        &["zigate"],
        "ZiGate+ (ZiGate protocol)",
        Unknown,
    ),
    e(
        0x0403,
        Some(0x6015),
        &[],
        "FTDI FT230X/FT231X USB-UART bridge",
        Unknown,
    ),
    // Espressif (the ZBT-2 uses an ESP32-S3 as its USB bridge).
    e(
        0x303a,
        Some(0x4001),
        &["zbt-2"],
        "Home Assistant Connect ZBT-2 (EFR32MG24)",
        Ezsp,
    ),
    e(
        0x303a,
        Some(0x831a),
        &["zbt-2"],
        "Home Assistant Connect ZBT-2 (EFR32MG24)",
        Ezsp,
    ),
    e(
        0x303a,
        None,
        &[],
        "Espressif ESP32 USB device (ESP32-H2/C6 radio or USB bridge)",
        Unknown,
    ),
    // Nordic.
    e(
        0x1915,
        None,
        &[],
        "Nordic Semiconductor nRF52 device (e.g. nRF52840 Dongle: sniffer, RCP or bootloader)",
        Unknown,
    ),
];

/// Whether a row's name is a generic bridge or vendor rather than a Zigbee stick.
fn is_generic(entry: &Entry) -> bool {
    entry.pid.is_none() || entry.name.contains("USB-UART bridge")
}

/// Looks up a USB identity in the table of known sticks. `product` and `manufacturer` are the
/// USB strings (either may be absent); matching on them is case-insensitive.
pub fn identify(
    vid: u16,
    pid: u16,
    product: Option<&str>,
    manufacturer: Option<&str>,
) -> Option<StickMatch> {
    let text = format!(
        "{} {}",
        product.unwrap_or_default(),
        manufacturer.unwrap_or_default()
    )
    .to_lowercase();
    KNOWN
        .iter()
        .find(|row| {
            row.vid == vid
                && row.pid.is_none_or(|p| p == pid)
                && row.product.iter().all(|needle| text.contains(needle))
        })
        .map(|row| StickMatch {
            name: row.name,
            family: row.family,
            specific: !is_generic(row),
        })
}

/// USB details of a port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsbDetails {
    /// Vendor id.
    pub vid: u16,
    /// Product id.
    pub pid: u16,
    /// Manufacturer string.
    pub manufacturer: Option<String>,
    /// Product string.
    pub product: Option<String>,
    /// Serial number string.
    pub serial_number: Option<String>,
}

/// One serial port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortInfo {
    /// Device path (`/dev/ttyUSB0`, `COM3`).
    pub path: String,
    /// `usb`, `pci`, `bluetooth` or `unknown`.
    pub kind: &'static str,
    /// USB details when it is a USB port.
    pub usb: Option<UsbDetails>,
    /// The likely stick, from [`identify`].
    pub stick: Option<StickMatch>,
}

/// Lists the serial ports of this machine, sorted by path.
pub fn list_ports() -> Result<Vec<PortInfo>, serialport::Error> {
    let mut ports: Vec<PortInfo> = serialport::available_ports()?
        .into_iter()
        .map(|p| {
            let (kind, usb) = match p.port_type {
                serialport::SerialPortType::UsbPort(u) => (
                    "usb",
                    Some(UsbDetails {
                        vid: u.vid,
                        pid: u.pid,
                        manufacturer: u.manufacturer,
                        product: u.product,
                        serial_number: u.serial_number,
                    }),
                ),
                serialport::SerialPortType::PciPort => ("pci", None),
                serialport::SerialPortType::BluetoothPort => ("bluetooth", None),
                serialport::SerialPortType::Unknown => ("unknown", None),
            };
            let stick = usb.as_ref().and_then(|u| {
                identify(
                    u.vid,
                    u.pid,
                    u.product.as_deref(),
                    u.manufacturer.as_deref(),
                )
            });
            PortInfo {
                path: p.port_name,
                kind,
                usb,
                stick,
            }
        })
        .collect();
    ports.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(vid: u16, pid: u16, product: &str) -> Option<(&'static str, RadioFamily, bool)> {
        identify(vid, pid, Some(product), None).map(|m| (m.name, m.family, m.specific))
    }

    #[test]
    fn identify_cp210x_by_product_string() {
        let (n, f, s) = name(0x10c4, 0xea60, "SkyConnect v1.0").unwrap();
        assert!(n.contains("SkyConnect") && f == Ezsp && s);
        let (n, f, _) = name(0x10c4, 0xea60, "Home Assistant Connect ZBT-1").unwrap();
        assert!(n.contains("ZBT-1") && f == Ezsp);
        let (n, f, _) = name(0x10c4, 0xea60, "Sonoff Zigbee 3.0 USB Dongle Plus").unwrap();
        assert!(n.contains("ZBDongle-P") && f == Znp);
        let (n, f, s) = name(0x10c4, 0xea60, "CP2102N USB to UART Bridge Controller").unwrap();
        assert!(n.contains("CP210x") && f == Unknown && !s);
    }

    #[test]
    fn identify_wch_sonoff_e_versus_plain_bridge() {
        let (n, f, s) = name(0x1a86, 0x55d4, "SONOFF Zigbee 3.0 USB Dongle Plus V2").unwrap();
        assert!(n.contains("ZBDongle-E") && f == Ezsp && s);
        let (n, f, s) = name(0x1a86, 0x55d4, "USB Single Serial").unwrap();
        assert!(n.contains("CH9102") && f == Unknown && !s);
        assert!(name(0x1a86, 0x7523, "USB Serial")
            .unwrap()
            .0
            .contains("CH340"));
    }

    #[test]
    fn identify_fixed_ids_and_vendor_rows() {
        assert_eq!(identify(0x0451, 0x16a8, None, None).unwrap().family, Znp);
        assert!(identify(0x0451, 0xbef3, None, None)
            .unwrap()
            .name
            .contains("XDS110"));
        assert_eq!(identify(0x1cf1, 0x0030, None, None).unwrap().family, Deconz);
        assert_eq!(identify(0x10c4, 0x8a2a, None, None).unwrap().family, Ezsp);
        let (n, f, _) = name(0x0403, 0x6015, "ConBee III").unwrap();
        assert!(n.contains("ConBee III") && f == Deconz);
        assert!(name(0x0403, 0x6015, "FT230X Basic UART")
            .unwrap()
            .0
            .contains("FTDI"));
        assert_eq!(name(0x303a, 0x4001, "ZBT-2").unwrap().1, Ezsp);
        let esp = identify(0x303a, 0x1001, Some("USB JTAG/serial debug unit"), None).unwrap();
        assert!(esp.name.contains("Espressif") && !esp.specific);
        assert!(identify(0x1915, 0x520f, None, None)
            .unwrap()
            .name
            .contains("Nordic"));
    }

    #[test]
    fn identify_matches_manufacturer_too_and_ignores_case() {
        let m = identify(
            0x10c4,
            0xea60,
            Some("USB Dongle Plus"),
            Some("ITEAD SONOFF"),
        )
        .unwrap();
        assert_eq!(m.family, Znp);
    }

    #[test]
    fn identify_unknown_ids_give_none() {
        assert_eq!(identify(0x1234, 0x5678, Some("Zigbee"), None), None);
        assert_eq!(identify(0x10c4, 0x0001, None, None), None);
    }

    #[test]
    fn table_rows_for_one_id_end_with_the_catch_all() {
        // A product-specific row after a catch-all row of the same VID:PID would never match.
        for (i, row) in KNOWN.iter().enumerate() {
            if row.product.is_empty() {
                for later in KNOWN.iter().skip(i + 1) {
                    let shadowed =
                        later.vid == row.vid && row.pid.is_none_or(|p| Some(p) == later.pid);
                    assert!(!shadowed, "{} is shadowed by {}", later.name, row.name);
                }
            }
        }
    }
}
