//! ZEP, the Zigbee Encapsulation Protocol (UDP port 17754), and the Ethernet/IP/UDP layers a
//! capture of it is wrapped in.
//!
//! ZEP v1 header (16 octets): "EX", version 1, channel, device id (2), CRC/LQI mode, LQI,
//! 7 reserved octets, length. ZEP v2 data header (32 octets): "EX", version 2, type 1, channel,
//! device id (2), CRC/LQI mode, LQI, NTP timestamp (8), sequence (4), 10 reserved octets, length.
//! ZEP v2 acknowledgement (8 octets): "EX", version 2, type 2, sequence (4). All big-endian.
//! The length counts the 802.15.4 frame including its last two octets, which are the FCS in CRC
//! mode and a TI CC24xx-style metadata trailer (RSSI, FCS-ok flag and LQI) in LQI mode.

use super::bytes::{be16, be32};
use super::FrameProblem;

/// The UDP port assigned to ZEP.
pub const ZEP_PORT: u16 = 17754;

/// Seconds from the NTP epoch (1900) to the Unix epoch (1970).
const NTP_UNIX_OFFSET: u64 = 2_208_988_800;

/// A decoded ZEP data header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZepHeader {
    /// Protocol version, 1 or 2.
    pub version: u8,
    /// Radio channel.
    pub channel: u8,
    /// Id of the capturing device.
    pub device_id: u16,
    /// CRC mode: the frame ends with its FCS. Otherwise (LQI mode) it ends with a metadata
    /// trailer.
    pub crc_mode: bool,
    /// Link quality indication.
    pub lqi: u8,
    /// Radio timestamp, nanoseconds since the Unix epoch (v2 only).
    pub timestamp_ns: Option<u64>,
    /// Sequence number (v2 only).
    pub sequence: Option<u32>,
}

/// What a ZEP packet carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZepPacket<'a> {
    /// A data packet: the header and the 802.15.4 frame with its 2-octet trailer.
    Data(ZepHeader, &'a [u8]),
    /// A v2 acknowledgement with its sequence number.
    Ack(u32),
}

/// Parses a ZEP packet (the UDP payload).
///
/// # Errors
/// [`FrameProblem::BadZep`] for a wrong preamble, version or type, [`FrameProblem::TooShort`]
/// for a cut header or frame.
pub fn parse_zep(data: &[u8]) -> Result<ZepPacket<'_>, FrameProblem> {
    if data.get(..2) != Some(b"EX".as_slice()) {
        return Err(FrameProblem::BadZep("preamble is not \"EX\""));
    }
    let too_short = |needed| FrameProblem::TooShort {
        what: "ZEP header",
        needed,
        available: data.len(),
    };
    let version = *data.get(2).ok_or(too_short(3))?;
    let (header_len, header) = match version {
        1 => {
            if data.len() < 16 {
                return Err(too_short(16));
            }
            (
                16,
                ZepHeader {
                    version,
                    channel: data.get(3).copied().unwrap_or(0),
                    device_id: be16(data, 4).unwrap_or(0),
                    crc_mode: data.get(6).copied().unwrap_or(0) != 0,
                    lqi: data.get(7).copied().unwrap_or(0),
                    timestamp_ns: None,
                    sequence: None,
                },
            )
        }
        2 => match data.get(3).copied() {
            Some(1) => {
                if data.len() < 32 {
                    return Err(too_short(32));
                }
                let secs = u64::from(be32(data, 9).unwrap_or(0));
                let frac = u64::from(be32(data, 13).unwrap_or(0));
                let timestamp_ns = secs
                    .checked_sub(NTP_UNIX_OFFSET)
                    .and_then(|s| s.checked_mul(1_000_000_000))
                    .and_then(|ns| ns.checked_add((frac * 1_000_000_000) >> 32));
                (
                    32,
                    ZepHeader {
                        version,
                        channel: data.get(4).copied().unwrap_or(0),
                        device_id: be16(data, 5).unwrap_or(0),
                        crc_mode: data.get(7).copied().unwrap_or(0) != 0,
                        lqi: data.get(8).copied().unwrap_or(0),
                        timestamp_ns,
                        sequence: be32(data, 17),
                    },
                )
            }
            Some(2) => {
                let sequence = be32(data, 4).ok_or(too_short(8))?;
                return Ok(ZepPacket::Ack(sequence));
            }
            Some(_) => return Err(FrameProblem::BadZep("unknown ZEP v2 packet type")),
            None => return Err(too_short(4)),
        },
        _ => return Err(FrameProblem::BadZep("unknown ZEP version")),
    };
    let length = usize::from(data.get(header_len - 1).copied().unwrap_or(0) & 0x7f);
    let frame = data
        .get(header_len..header_len + length)
        .ok_or(FrameProblem::TooShort {
            what: "ZEP frame",
            needed: header_len + length,
            available: data.len(),
        })?;
    Ok(ZepPacket::Data(header, frame))
}

/// A ZEP v2 data packet (the UDP payload) in CRC mode: `frame` is the 802.15.4 frame with its
/// FCS (at most 127 octets; longer frames are cut). The timestamp is NTP (seconds since 1900 and
/// a binary fraction).
#[must_use]
pub fn emit_zep_v2(header: &ZepHeader, frame: &[u8]) -> Vec<u8> {
    let frame = frame.get(..127).unwrap_or(frame);
    let mut out = Vec::with_capacity(32 + frame.len());
    out.extend_from_slice(b"EX");
    out.push(2); // version
    out.push(1); // type: data
    out.push(header.channel);
    out.extend_from_slice(&header.device_id.to_be_bytes());
    out.push(u8::from(header.crc_mode));
    out.push(header.lqi);
    let ns = header.timestamp_ns.unwrap_or(0);
    let secs = ns / 1_000_000_000 + NTP_UNIX_OFFSET;
    let frac = ((ns % 1_000_000_000) << 32) / 1_000_000_000;
    out.extend_from_slice(&u32::try_from(secs).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(&u32::try_from(frac).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(&header.sequence.unwrap_or(0).to_be_bytes());
    out.extend_from_slice(&[0; 10]);
    out.push(u8::try_from(frame.len()).unwrap_or(127));
    out.extend_from_slice(frame);
    out
}

/// The UDP payload of an IPv4 or IPv6 packet if it is UDP to or from `port`.
///
/// # Errors
/// [`FrameProblem::NotZep`] for other traffic, [`FrameProblem::TooShort`] for cut headers.
pub fn udp_payload_of_ip(packet: &[u8], port: u16) -> Result<&[u8], FrameProblem> {
    let too_short = |what, needed| FrameProblem::TooShort {
        what,
        needed,
        available: packet.len(),
    };
    let version = packet.first().ok_or(too_short("IP header", 1))? >> 4;
    let udp = match version {
        4 => {
            let ihl = usize::from(packet.first().copied().unwrap_or(0) & 0x0f) * 4;
            if ihl < 20 {
                return Err(FrameProblem::NotZep("IPv4 header length below 20"));
            }
            if packet.len() < ihl {
                return Err(too_short("IPv4 header", ihl));
            }
            let flags_fragment = be16(packet, 6).unwrap_or(0);
            if flags_fragment & 0x3fff != 0 {
                return Err(FrameProblem::NotZep("IPv4 fragment"));
            }
            if packet.get(9) != Some(&17) {
                return Err(FrameProblem::NotZep("IP packet is not UDP"));
            }
            // Ethernet pads short packets: the IP total length says where the packet ends.
            let total = usize::from(be16(packet, 2).unwrap_or(0)).clamp(ihl, packet.len());
            packet.get(ihl..total).unwrap_or_default()
        }
        6 => {
            if packet.len() < 40 {
                return Err(too_short("IPv6 header", 40));
            }
            if packet.get(6) != Some(&17) {
                return Err(FrameProblem::NotZep("IPv6 packet is not UDP"));
            }
            let end = (40 + usize::from(be16(packet, 4).unwrap_or(0))).min(packet.len());
            packet.get(40..end).unwrap_or_default()
        }
        _ => return Err(FrameProblem::NotZep("not an IP packet")),
    };
    if udp.len() < 8 {
        return Err(too_short("UDP header", 8));
    }
    let source = be16(udp, 0).unwrap_or(0);
    let destination = be16(udp, 2).unwrap_or(0);
    if source != port && destination != port {
        return Err(FrameProblem::NotZep("UDP packet to another port"));
    }
    let end = usize::from(be16(udp, 4).unwrap_or(0)).clamp(8, udp.len());
    Ok(udp.get(8..end).unwrap_or_default())
}

/// The IP packet inside an Ethernet II frame (VLAN tags skipped).
///
/// # Errors
/// [`FrameProblem::NotZep`] for non-IP frames, [`FrameProblem::TooShort`] for cut headers.
pub fn ip_of_ethernet(frame: &[u8]) -> Result<&[u8], FrameProblem> {
    let mut offset = 12;
    loop {
        let ethertype = be16(frame, offset).ok_or(FrameProblem::TooShort {
            what: "Ethernet header",
            needed: offset + 2,
            available: frame.len(),
        })?;
        match ethertype {
            // 802.1Q and 802.1ad tags: 4 octets each.
            0x8100 | 0x88a8 => offset += 4,
            0x0800 | 0x86dd => return Ok(frame.get(offset + 2..).unwrap_or_default()),
            _ => return Err(FrameProblem::NotZep("Ethernet frame is not IP")),
        }
    }
}

/// The IP packet inside a Linux cooked capture (SLL) packet.
///
/// # Errors
/// [`FrameProblem::NotZep`] for non-IP packets, [`FrameProblem::TooShort`] for cut headers.
pub fn ip_of_linux_sll(packet: &[u8]) -> Result<&[u8], FrameProblem> {
    match be16(packet, 14) {
        Some(0x0800 | 0x86dd) => Ok(packet.get(16..).unwrap_or_default()),
        Some(_) => Err(FrameProblem::NotZep("Linux cooked packet is not IP")),
        None => Err(FrameProblem::TooShort {
            what: "Linux cooked header",
            needed: 16,
            available: packet.len(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emit_zep_v2_roundtrips() {
        let header = ZepHeader {
            version: 2,
            channel: 15,
            device_id: 0x1234,
            crc_mode: true,
            lqi: 200,
            timestamp_ns: Some(1_700_000_000_500_000_000),
            sequence: Some(7),
        };
        let frame = [0x02, 0x00, 0x2a, 0xe0, 0x3b];
        let bytes = emit_zep_v2(&header, &frame);
        assert_eq!(
            &bytes[..9],
            &[
                b'E', b'X', // preamble
                2,    // version
                1,    // type: data
                15,   // channel
                0x12, 0x34, // device id
                1,    // CRC mode
                200,  // LQI
            ]
        );
        assert_eq!(bytes[31], 5); // length
        match parse_zep(&bytes).unwrap() {
            ZepPacket::Data(h, f) => {
                assert_eq!(f, frame);
                assert_eq!(h.channel, 15);
                assert_eq!(h.sequence, Some(7));
                assert!(h.crc_mode);
                // NTP fractions are 2^-32 s: within a nanosecond.
                let ts = h.timestamp_ns.unwrap();
                assert!(ts.abs_diff(1_700_000_000_500_000_000) <= 1, "{ts}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Frame 1 of the zbtk trace: Ethernet, IPv4, UDP 17754 -> 17754, ZEP v2 data.
    fn zbtk_frame_1() -> Vec<u8> {
        hex::decode(concat!(
            "ffffffffffff001fee00295e08004500", // Ethernet: broadcast, IPv4; IP version 4 ...
            "00481a9600008011201000000000ffff", // ... total 72, UDP, 0.0.0.0 -> 255.255.255.255
            "ffff455a455a003400004558020113ff", // UDP 17754 -> 17754 len 52; "EX" v2 data ch 19
            "fe0097d84fae18f0ab2e1701341a9500", // device 0xfffe, LQI mode, LQI 151, NTP, seq
            "0000000000000000000c6388adde8c",   // reserved, length 12; MAC frame ...
            "000027d004f2ea",                   // ... and CC24xx trailer
        ))
        .unwrap()
    }

    #[test]
    fn parse_zbtk_zep_v2_data() {
        let frame = zbtk_frame_1();
        let ip = ip_of_ethernet(&frame).unwrap();
        let udp = udp_payload_of_ip(ip, ZEP_PORT).unwrap();
        assert_eq!(udp.len(), 44);
        let ZepPacket::Data(header, mac) = parse_zep(udp).unwrap() else {
            panic!("not data");
        };
        assert_eq!(header.version, 2);
        assert_eq!(header.channel, 19);
        assert_eq!(header.device_id, 0xfffe);
        assert!(!header.crc_mode);
        assert_eq!(header.lqi, 151);
        assert_eq!(header.sequence, Some(20_191_893));
        // NTP 0xd84fae18 = 2015-01-01 11:29:28 UTC, fraction 0xf0ab2e17 = .940112...
        assert_eq!(header.timestamp_ns.unwrap() / 1_000_000, 1_420_111_768_940);
        // frame control 0x8863, seq 0xad, PAN 0x8cde, dst 0x0000, src 0xd027, data request,
        // trailer RSSI 0xf2 (-14), FCS ok | LQI 0x6a
        assert_eq!(mac, hex::decode("6388adde8c000027d004f2ea").unwrap());
    }

    #[test]
    fn parse_zep_v1() {
        // "EX", v1, channel 11, device 0x1234, CRC mode, LQI 0xff, 7 reserved, length 5
        let mut zep =
            hex::decode("455801 0b 1234 01 ff 00000000000000 05".replace(' ', "")).unwrap();
        zep.extend_from_slice(&[0x02, 0x00, 0x07, 0xaa, 0xbb]);
        let ZepPacket::Data(header, mac) = parse_zep(&zep).unwrap() else {
            panic!("not data");
        };
        assert_eq!(header.version, 1);
        assert_eq!(header.channel, 11);
        assert_eq!(header.device_id, 0x1234);
        assert!(header.crc_mode);
        assert_eq!(header.timestamp_ns, None);
        assert_eq!(mac, [0x02, 0x00, 0x07, 0xaa, 0xbb]);
    }

    #[test]
    fn parse_zep_ack() {
        // "EX", v2, type 2 (ack), sequence 0x01020304
        let zep = [0x45, 0x58, 0x02, 0x02, 0x01, 0x02, 0x03, 0x04];
        assert_eq!(parse_zep(&zep), Ok(ZepPacket::Ack(0x0102_0304)));
    }

    #[test]
    fn rejects_bad_zep() {
        assert_eq!(
            parse_zep(b"XX\x02\x01"),
            Err(FrameProblem::BadZep("preamble is not \"EX\""))
        );
        assert_eq!(
            parse_zep(b"EX\x03"),
            Err(FrameProblem::BadZep("unknown ZEP version"))
        );
        assert!(matches!(
            parse_zep(b"EX\x02\x01\x0b"),
            Err(FrameProblem::TooShort { needed: 32, .. })
        ));
        // length byte says 20 but only 2 octets follow
        let mut zep = vec![0x45, 0x58, 0x01, 11, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 20];
        zep.extend_from_slice(&[1, 2]);
        assert!(matches!(
            parse_zep(&zep),
            Err(FrameProblem::TooShort {
                what: "ZEP frame",
                ..
            })
        ));
    }

    #[test]
    fn rejects_other_traffic() {
        let mut frame = zbtk_frame_1();
        // UDP destination and source port 53
        frame[34..38].copy_from_slice(&[0, 53, 0, 53]);
        let ip = ip_of_ethernet(&frame).unwrap();
        assert_eq!(
            udp_payload_of_ip(ip, ZEP_PORT),
            Err(FrameProblem::NotZep("UDP packet to another port"))
        );
        // ARP
        frame[12..14].copy_from_slice(&[0x08, 0x06]);
        assert_eq!(
            ip_of_ethernet(&frame),
            Err(FrameProblem::NotZep("Ethernet frame is not IP"))
        );
        assert_eq!(
            ip_of_ethernet(&frame[..10]),
            Err(FrameProblem::TooShort {
                what: "Ethernet header",
                needed: 14,
                available: 10
            })
        );
        assert_eq!(
            udp_payload_of_ip(&[0x45, 0, 0], ZEP_PORT),
            Err(FrameProblem::TooShort {
                what: "IPv4 header",
                needed: 20,
                available: 3
            })
        );
        assert_eq!(
            udp_payload_of_ip(&[], ZEP_PORT),
            Err(FrameProblem::TooShort {
                what: "IP header",
                needed: 1,
                available: 0
            })
        );
    }
}
