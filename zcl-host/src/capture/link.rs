//! Link types and getting the 802.15.4 frame out of one captured packet.

use super::bytes::Endian;
use super::zep::{self, ZepPacket};
use super::{Cc24xxMode, Fcs, FrameProblem, Interface, ReadOptions};
use zcl_frames::crc::{fcs16, fcs32};

/// Link types of pcap/pcapng (the tcpdump.org LINKTYPE_ registry) this reader knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LinkType {
    /// 1: Ethernet, searched for ZEP over UDP.
    Ethernet,
    /// 101: raw IPv4 or IPv6, searched for ZEP.
    Raw,
    /// 113: Linux cooked capture, searched for ZEP.
    LinuxSll,
    /// 195: IEEE 802.15.4 frames with FCS (or a TI CC24xx metadata trailer in its place).
    Ieee802154WithFcs,
    /// 228: raw IPv4, searched for ZEP.
    Ipv4,
    /// 229: raw IPv6, searched for ZEP.
    Ipv6,
    /// 230: IEEE 802.15.4 frames without FCS.
    Ieee802154NoFcs,
    /// 283: IEEE 802.15.4 frames behind an IEEE 802.15.4 TAP header.
    Ieee802154Tap,
    /// Any other link type, kept as read.
    Unknown(u16),
}

impl LinkType {
    /// The link type of a registry number.
    #[must_use]
    pub fn from_u16(value: u16) -> Self {
        match value {
            1 => LinkType::Ethernet,
            101 => LinkType::Raw,
            113 => LinkType::LinuxSll,
            195 => LinkType::Ieee802154WithFcs,
            228 => LinkType::Ipv4,
            229 => LinkType::Ipv6,
            230 => LinkType::Ieee802154NoFcs,
            283 => LinkType::Ieee802154Tap,
            other => LinkType::Unknown(other),
        }
    }

    /// The registry number.
    #[must_use]
    pub fn to_u16(self) -> u16 {
        match self {
            LinkType::Ethernet => 1,
            LinkType::Raw => 101,
            LinkType::LinuxSll => 113,
            LinkType::Ieee802154WithFcs => 195,
            LinkType::Ipv4 => 228,
            LinkType::Ipv6 => 229,
            LinkType::Ieee802154NoFcs => 230,
            LinkType::Ieee802154Tap => 283,
            LinkType::Unknown(other) => other,
        }
    }

    /// Whether this reader can find 802.15.4 frames in packets of this link type.
    #[must_use]
    pub fn is_supported(self) -> bool {
        !matches!(self, LinkType::Unknown(_))
    }
}

/// The parts of an IEEE 802.15.4 TAP header this reader uses.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TapInfo {
    /// Length of the FCS after the frame: 0, 2 or 4 octets.
    pub fcs_len: u8,
    /// Channel number (channel assignment TLV).
    pub channel: Option<u16>,
    /// Channel page (channel assignment TLV).
    pub page: Option<u8>,
    /// Received signal strength in dBm (RSS TLV).
    pub rss_dbm: Option<f32>,
    /// Link quality indication (LQI TLV).
    pub lqi: Option<u8>,
    /// Start-of-frame timestamp in nanoseconds (SOF timestamp TLV).
    pub sof_timestamp_ns: Option<u64>,
}

impl TapInfo {
    /// Parses the TAP header at the start of `packet`; returns it and the octets after it
    /// (the 802.15.4 frame and its FCS, if any).
    ///
    /// Header: version 0, reserved 0, total header length (2, little-endian), then TLVs of type
    /// (2), length (2) and a value padded to 4 octets. Without an FCS type TLV the frame is taken
    /// to carry no FCS, as Wireshark does.
    ///
    /// # Errors
    /// [`FrameProblem::BadTap`] or [`FrameProblem::TooShort`].
    pub fn parse(packet: &[u8]) -> Result<(TapInfo, &[u8]), FrameProblem> {
        let le = Endian::Little;
        if packet.len() < 4 {
            return Err(FrameProblem::TooShort {
                what: "TAP header",
                needed: 4,
                available: packet.len(),
            });
        }
        if packet.first() != Some(&0) {
            return Err(FrameProblem::BadTap("version is not 0"));
        }
        let header_len = usize::from(le.u16(packet, 2).unwrap_or(0));
        if header_len < 4 || !header_len.is_multiple_of(4) {
            return Err(FrameProblem::BadTap(
                "header length is not a multiple of 4 above 0",
            ));
        }
        let tlvs = packet.get(4..header_len).ok_or(FrameProblem::TooShort {
            what: "TAP header",
            needed: header_len,
            available: packet.len(),
        })?;
        let mut info = TapInfo::default();
        let mut offset = 0;
        while offset < tlvs.len() {
            let (Some(kind), Some(len)) = (le.u16(tlvs, offset), le.u16(tlvs, offset + 2)) else {
                return Err(FrameProblem::BadTap(
                    "TLV header runs past the header length",
                ));
            };
            let len = usize::from(len);
            let value = tlvs
                .get(offset + 4..offset + 4 + len)
                .ok_or(FrameProblem::BadTap("TLV runs past the header length"))?;
            match (kind, len) {
                (0, 1) => {
                    info.fcs_len = match value.first() {
                        Some(0) => 0,
                        Some(1) => 2,
                        Some(2) => 4,
                        _ => return Err(FrameProblem::BadTap("unknown FCS type")),
                    }
                }
                (1, 4) => {
                    info.rss_dbm = value
                        .try_into()
                        .ok()
                        .map(|b: [u8; 4]| f32::from_le_bytes(b));
                }
                (3, 3) => {
                    info.channel = le.u16(value, 0);
                    info.page = value.get(2).copied();
                }
                (5, 8) => info.sof_timestamp_ns = le.u64(value, 0),
                (10, 1) => info.lqi = value.first().copied(),
                _ => {}
            }
            // Values are padded to a multiple of 4 octets.
            offset += 4 + len.div_ceil(4) * 4;
        }
        Ok((info, packet.get(header_len..).unwrap_or_default()))
    }
}

/// An 802.15.4 frame found in one packet, with what the encapsulation said about it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Decapsulated<'a> {
    pub(crate) mac: &'a [u8],
    pub(crate) fcs: Fcs,
    pub(crate) channel: Option<u16>,
    pub(crate) rssi: Option<i8>,
    pub(crate) lqi: Option<u8>,
    pub(crate) sequence: Option<u32>,
    pub(crate) radio_timestamp_ns: Option<u64>,
}

impl<'a> Decapsulated<'a> {
    fn plain(mac: &'a [u8], fcs: Fcs) -> Self {
        Decapsulated {
            mac,
            fcs,
            channel: None,
            rssi: None,
            lqi: None,
            sequence: None,
            radio_timestamp_ns: None,
        }
    }
}

/// Finds the 802.15.4 frame in `data`, a packet of `interface`'s link type. `snapped` says the
/// capture cut the packet short (so a trailer is missing).
pub(crate) fn decapsulate<'a>(
    interface: &mut Interface,
    data: &'a [u8],
    snapped: bool,
    options: &ReadOptions,
) -> Result<Decapsulated<'a>, FrameProblem> {
    match interface.link_type {
        LinkType::Ieee802154NoFcs => Ok(Decapsulated::plain(data, Fcs::Absent)),
        LinkType::Ieee802154WithFcs => {
            if snapped {
                return Ok(Decapsulated::plain(data, Fcs::Absent));
            }
            with_trailer(interface, data, options.cc24xx)
        }
        LinkType::Ieee802154Tap => {
            let (info, rest) = TapInfo::parse(data)?;
            let mut out = if snapped {
                Decapsulated::plain(rest, Fcs::Absent)
            } else {
                with_fcs(rest, info.fcs_len)?
            };
            out.channel = info.channel;
            out.lqi = info.lqi;
            out.rssi = info.rss_dbm.map(dbm_to_i8);
            out.radio_timestamp_ns = info.sof_timestamp_ns;
            Ok(out)
        }
        LinkType::Ethernet => zep_frame(zep::ip_of_ethernet(data)?, options),
        LinkType::LinuxSll => zep_frame(zep::ip_of_linux_sll(data)?, options),
        LinkType::Raw | LinkType::Ipv4 | LinkType::Ipv6 => zep_frame(data, options),
        LinkType::Unknown(code) => Err(FrameProblem::UnsupportedLinkType(code)),
    }
}

/// Rounds a dBm figure into an `i8`, saturating.
fn dbm_to_i8(dbm: f32) -> i8 {
    let rounded = dbm.round().clamp(-128.0, 127.0);
    // In range after the clamp; NaN becomes 0.
    #[allow(clippy::cast_possible_truncation)]
    let value = rounded as i8;
    value
}

fn too_short(what: &'static str, needed: usize, available: usize) -> FrameProblem {
    FrameProblem::TooShort {
        what,
        needed,
        available,
    }
}

/// Splits off and checks an FCS of `fcs_len` octets (0, 2 or 4).
fn with_fcs(data: &[u8], fcs_len: u8) -> Result<Decapsulated<'_>, FrameProblem> {
    let fcs_len = usize::from(fcs_len);
    let split = data.len().checked_sub(fcs_len).ok_or(too_short(
        "802.15.4 frame with FCS",
        fcs_len,
        data.len(),
    ))?;
    let (mac, trailer) = data.split_at(split);
    let fcs = match trailer {
        [] => Fcs::Absent,
        [a, b] => {
            let found = u32::from(u16::from_le_bytes([*a, *b]));
            let computed = u32::from(fcs16(mac));
            if found == computed {
                Fcs::Valid
            } else {
                Fcs::Invalid { computed, found }
            }
        }
        [a, b, c, d] => {
            let found = u32::from_le_bytes([*a, *b, *c, *d]);
            let computed = fcs32(mac);
            if found == computed {
                Fcs::Valid
            } else {
                Fcs::Invalid { computed, found }
            }
        }
        _ => Fcs::Absent,
    };
    Ok(Decapsulated::plain(mac, fcs))
}

/// Splits off the last two octets of a link type 195 frame: an FCS, or a TI CC24xx metadata
/// trailer (RSSI as a signed octet, then bit 7 = FCS ok and bits 0-6 = LQI/correlation).
fn with_trailer<'a>(
    interface: &mut Interface,
    data: &'a [u8],
    mode: Cc24xxMode,
) -> Result<Decapsulated<'a>, FrameProblem> {
    let split =
        data.len()
            .checked_sub(2)
            .ok_or(too_short("802.15.4 frame with FCS", 2, data.len()))?;
    let (mac, trailer) = data.split_at(split);
    let [first, second] = *trailer else {
        return Err(too_short("802.15.4 frame with FCS", 2, data.len()));
    };
    let cc24xx = |mac| Decapsulated {
        rssi: Some(i8::from_le_bytes([first])),
        lqi: Some(second & 0x7f),
        ..Decapsulated::plain(
            mac,
            Fcs::Cc24xx {
                ok: second & 0x80 != 0,
            },
        )
    };
    match mode {
        Cc24xxMode::Always => return Ok(cc24xx(mac)),
        Cc24xxMode::Never => return with_fcs(data, 2),
        Cc24xxMode::Auto => {}
    }
    let found = u16::from_le_bytes([first, second]);
    let computed = fcs16(mac);
    if found == computed {
        interface.crc_seen += 1;
        return Ok(Decapsulated::plain(mac, Fcs::Valid));
    }
    // A CRC mismatch is a trailer when the interface has so far shown more trailers than
    // valid CRCs (or nothing yet and the FCS-ok flag fits); on an interface of valid CRCs it
    // is a corrupt frame.
    let trailer_interface = interface.cc24xx_seen > interface.crc_seen
        || (interface.cc24xx_seen == 0 && interface.crc_seen == 0 && second & 0x80 != 0);
    if trailer_interface {
        interface.cc24xx_seen += 1;
        return Ok(cc24xx(mac));
    }
    Ok(Decapsulated::plain(
        mac,
        Fcs::Invalid {
            computed: u32::from(computed),
            found: u32::from(found),
        },
    ))
}

/// Finds the ZEP packet in an IP packet and the 802.15.4 frame in it.
fn zep_frame<'a>(ip: &'a [u8], options: &ReadOptions) -> Result<Decapsulated<'a>, FrameProblem> {
    let udp = zep::udp_payload_of_ip(ip, options.zep_port)?;
    let (header, frame) = match zep::parse_zep(udp)? {
        ZepPacket::Data(header, frame) => (header, frame),
        ZepPacket::Ack(sequence) => return Err(FrameProblem::ZepAck(sequence)),
    };
    let mut out = if header.crc_mode {
        with_fcs(frame, 2)?
    } else {
        let split = frame
            .len()
            .checked_sub(2)
            .ok_or(too_short("ZEP frame", 2, frame.len()))?;
        let (mac, trailer) = frame.split_at(split);
        let mut out = Decapsulated::plain(
            mac,
            Fcs::Cc24xx {
                ok: trailer.get(1).is_some_and(|b| b & 0x80 != 0),
            },
        );
        out.rssi = trailer.first().map(|&b| i8::from_le_bytes([b]));
        out
    };
    out.channel = Some(u16::from(header.channel));
    out.lqi = Some(header.lqi);
    out.sequence = header.sequence;
    out.radio_timestamp_ns = header.timestamp_ns;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iface(link: u16) -> Interface {
        Interface::new(LinkType::from_u16(link))
    }

    /// A MAC data request command (frame control 0x8863, seq 0xad, PAN 0x8cde, dst 0x0000,
    /// src 0xd027, command 0x04).
    const MAC: [u8; 10] = [0x63, 0x88, 0xad, 0xde, 0x8c, 0x00, 0x00, 0x27, 0xd0, 0x04];

    fn with_crc(mac: &[u8]) -> Vec<u8> {
        let mut v = mac.to_vec();
        v.extend_from_slice(&fcs16(mac).to_le_bytes());
        v
    }

    #[test]
    fn link_type_roundtrip() {
        for code in [1, 101, 113, 195, 228, 229, 230, 283, 105, 0] {
            assert_eq!(LinkType::from_u16(code).to_u16(), code);
        }
        assert!(!LinkType::from_u16(105).is_supported());
        assert!(LinkType::from_u16(283).is_supported());
    }

    #[test]
    fn parse_195_valid_fcs() {
        let data = with_crc(&MAC);
        let mut i = iface(195);
        let d = decapsulate(&mut i, &data, false, &ReadOptions::default()).unwrap();
        assert_eq!(d.mac, MAC);
        assert_eq!(d.fcs, Fcs::Valid);
        assert_eq!(i.crc_seen, 1);
    }

    #[test]
    fn parse_195_bad_fcs() {
        let mut data = with_crc(&MAC);
        let mut i = iface(195);
        decapsulate(&mut i, &data, false, &ReadOptions::default()).unwrap();
        // A corrupt frame after a valid one is a bad FCS whatever its last octet.
        let crc = fcs16(&MAC);
        data[9] ^= 0x01;
        for last in [0x00, 0xff] {
            data[11] = last;
            let d = decapsulate(&mut i, &data, false, &ReadOptions::default()).unwrap();
            let found = u32::from(crc & 0xff) | (u32::from(last) << 8);
            assert_eq!(
                d.fcs,
                Fcs::Invalid {
                    computed: u32::from(fcs16(&data[..10])),
                    found
                }
            );
        }
        let d = decapsulate(
            &mut i,
            &data,
            false,
            &ReadOptions {
                cc24xx: Cc24xxMode::Never,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        assert!(d.fcs.is_bad());
    }

    #[test]
    fn parse_195_cc24xx_trailer() {
        let mut data = MAC.to_vec();
        // RSSI -14 dBm, FCS ok, correlation 106
        data.extend_from_slice(&[0xf2, 0xea]);
        let mut i = iface(195);
        let d = decapsulate(&mut i, &data, false, &ReadOptions::default()).unwrap();
        assert_eq!(d.mac, MAC);
        assert_eq!(d.fcs, Fcs::Cc24xx { ok: true });
        assert_eq!(d.rssi, Some(-14));
        assert_eq!(d.lqi, Some(106));
        // Once the interface is known to carry trailers, a trailer with FCS-ok clear is a
        // CC24xx "FCS bad", not a CRC mismatch.
        data[11] = 0x6a;
        let d = decapsulate(&mut i, &data, false, &ReadOptions::default()).unwrap();
        assert_eq!(d.fcs, Fcs::Cc24xx { ok: false });
        assert!(d.fcs.is_bad());
        // Forced
        let framed = with_crc(&MAC);
        let d = decapsulate(
            &mut iface(195),
            &framed,
            false,
            &ReadOptions {
                cc24xx: Cc24xxMode::Always,
                ..ReadOptions::default()
            },
        )
        .unwrap();
        assert!(matches!(d.fcs, Fcs::Cc24xx { .. }));
    }

    #[test]
    fn parse_230_and_snapped() {
        let mut i = iface(230);
        let d = decapsulate(&mut i, &MAC, false, &ReadOptions::default()).unwrap();
        assert_eq!((d.mac, d.fcs), (MAC.as_slice(), Fcs::Absent));
        let mut i = iface(195);
        let d = decapsulate(&mut i, &MAC, true, &ReadOptions::default()).unwrap();
        assert_eq!((d.mac, d.fcs), (MAC.as_slice(), Fcs::Absent));
    }

    #[test]
    fn rejects_short_195() {
        let mut i = iface(195);
        assert!(matches!(
            decapsulate(&mut i, &[0x02], false, &ReadOptions::default()),
            Err(FrameProblem::TooShort { .. })
        ));
    }

    fn tap_packet(tlvs: &[(u16, &[u8])], frame: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        for (kind, value) in tlvs {
            body.extend_from_slice(&kind.to_le_bytes());
            body.extend_from_slice(&u16::try_from(value.len()).unwrap().to_le_bytes());
            body.extend_from_slice(value);
            while !body.len().is_multiple_of(4) {
                body.push(0);
            }
        }
        let mut packet = vec![0, 0];
        packet.extend_from_slice(&u16::try_from(body.len() + 4).unwrap().to_le_bytes());
        packet.extend_from_slice(&body);
        packet.extend_from_slice(frame);
        packet
    }

    #[test]
    fn parse_tap() {
        let packet = tap_packet(
            &[
                (0, &[1]),                      // FCS type: 16-bit CRC
                (1, &(-57.4f32).to_le_bytes()), // RSS
                (3, &[15, 0, 0]),               // channel 15, page 0
                (10, &[200]),                   // LQI
                (5, &123_456_789u64.to_le_bytes()),
                (99, &[1, 2, 3, 4, 5]), // unknown TLV, skipped
            ],
            &with_crc(&MAC),
        );
        let mut i = iface(283);
        let d = decapsulate(&mut i, &packet, false, &ReadOptions::default()).unwrap();
        assert_eq!(d.mac, MAC);
        assert_eq!(d.fcs, Fcs::Valid);
        assert_eq!(d.channel, Some(15));
        assert_eq!(d.rssi, Some(-57));
        assert_eq!(d.lqi, Some(200));
        assert_eq!(d.radio_timestamp_ns, Some(123_456_789));
        // No FCS, said or by default
        let packet = tap_packet(&[], &MAC);
        let d = decapsulate(&mut i, &packet, false, &ReadOptions::default()).unwrap();
        assert_eq!((d.mac, d.fcs), (MAC.as_slice(), Fcs::Absent));
        let packet = tap_packet(&[(0, &[0])], &MAC);
        let d = decapsulate(&mut i, &packet, false, &ReadOptions::default()).unwrap();
        assert_eq!((d.mac, d.fcs), (MAC.as_slice(), Fcs::Absent));
        // 32-bit FCS
        let mut frame = MAC.to_vec();
        frame.extend_from_slice(&fcs32(&MAC).to_le_bytes());
        let packet = tap_packet(&[(0, &[2])], &frame);
        let d = decapsulate(&mut i, &packet, false, &ReadOptions::default()).unwrap();
        assert_eq!((d.mac, d.fcs), (MAC.as_slice(), Fcs::Valid));
    }

    #[test]
    fn rejects_bad_tap() {
        let mut i = iface(283);
        let opts = ReadOptions::default();
        assert!(matches!(
            decapsulate(&mut i, &[0, 0], false, &opts),
            Err(FrameProblem::TooShort {
                what: "TAP header",
                needed: 4,
                available: 2
            })
        ));
        // version 1
        assert!(matches!(
            decapsulate(&mut i, &[1, 0, 4, 0], false, &opts),
            Err(FrameProblem::BadTap("version is not 0"))
        ));
        // header length 6
        assert!(matches!(
            decapsulate(&mut i, &[0, 0, 6, 0, 0, 0], false, &opts),
            Err(FrameProblem::BadTap(
                "header length is not a multiple of 4 above 0"
            ))
        ));
        // header length past the packet
        assert!(matches!(
            decapsulate(&mut i, &[0, 0, 64, 0], false, &opts),
            Err(FrameProblem::TooShort {
                what: "TAP header",
                needed: 64,
                available: 4
            })
        ));
        // TLV longer than the header
        assert!(matches!(
            decapsulate(&mut i, &[0, 0, 8, 0, 1, 0, 9, 0], false, &opts),
            Err(FrameProblem::BadTap("TLV runs past the header length"))
        ));
        // FCS type 7
        let packet = tap_packet(&[(0, &[7])], &MAC);
        assert_eq!(
            decapsulate(&mut i, &packet, false, &opts),
            Err(FrameProblem::BadTap("unknown FCS type"))
        );
    }

    #[test]
    fn rejects_unknown_link_type() {
        let mut i = iface(105);
        assert_eq!(
            decapsulate(&mut i, &MAC, false, &ReadOptions::default()),
            Err(FrameProblem::UnsupportedLinkType(105))
        );
    }
}
