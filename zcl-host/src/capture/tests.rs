//! Reader and writer tests on files built here field by field.

use super::*;
use zcl_frames::crc::fcs16;

/// A MAC data request command: frame control 0x8863, seq 0xad, PAN 0x8cde, dst 0x0000,
/// src 0xd027, command 0x04.
const MAC: [u8; 10] = [0x63, 0x88, 0xad, 0xde, 0x8c, 0x00, 0x00, 0x27, 0xd0, 0x04];

fn with_crc(mac: &[u8]) -> Vec<u8> {
    let mut v = mac.to_vec();
    v.extend_from_slice(&fcs16(mac).to_le_bytes());
    v
}

fn read_all(bytes: &[u8]) -> Result<Vec<Result<OwnedFrame, String>>, CaptureError> {
    let mut reader = CaptureReader::new(bytes, ReadOptions::default())?;
    let mut out = Vec::new();
    while let Some(item) = reader.next_frame() {
        out.push(item.map(|f| f.to_owned()).map_err(|e| e.to_string()));
    }
    Ok(out)
}

// ---- pcap ----

fn pcap_header(big: bool, nanos: bool, link: u32) -> Vec<u8> {
    let magic: u32 = if nanos { 0xa1b2_3c4d } else { 0xa1b2_c3d4 };
    let mut v = Vec::new();
    let put32 = |v: &mut Vec<u8>, x: u32| {
        v.extend_from_slice(&if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        });
    };
    let put16 = |v: &mut Vec<u8>, x: u16| {
        v.extend_from_slice(&if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        });
    };
    put32(&mut v, magic); // magic
    put16(&mut v, 2); // version major
    put16(&mut v, 4); // version minor
    put32(&mut v, 0); // this zone
    put32(&mut v, 0); // sigfigs
    put32(&mut v, 65535); // snaplen
    put32(&mut v, link); // link type
    v
}

fn pcap_record(big: bool, secs: u32, frac: u32, data: &[u8], original: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for x in [
        secs,
        frac,
        u32::try_from(data.len()).unwrap(),
        u32::try_from(original).unwrap(),
    ] {
        v.extend_from_slice(&if big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        });
    }
    v.extend_from_slice(data);
    v
}

#[test]
fn parse_pcap_both_byte_orders_and_resolutions() {
    for big in [false, true] {
        for nanos in [false, true] {
            let mut file = pcap_header(big, nanos, 195);
            let data = with_crc(&MAC);
            file.extend(pcap_record(big, 1_700_000_000, 123_456, &data, data.len()));
            file.extend(pcap_record(big, 1_700_000_001, 0, &MAC, MAC.len()));
            let frames = read_all(&file).unwrap();
            assert_eq!(frames.len(), 2);
            let first = frames[0].as_ref().unwrap();
            assert_eq!(first.number, 1);
            assert_eq!(first.mac, MAC);
            assert_eq!(first.fcs, Fcs::Valid);
            let frac_ns = if nanos { 123_456 } else { 123_456_000 };
            assert_eq!(first.timestamp_ns, 1_700_000_000_000_000_000 + frac_ns);
            // The second record has no valid FCS: its last two octets are taken off and
            // reported as a bad FCS (the interface has shown a valid CRC).
            let second = frames[1].as_ref().unwrap();
            assert_eq!(second.number, 2);
            assert_eq!(second.mac, MAC[..8]);
            assert!(second.fcs.is_bad());
        }
    }
}

#[test]
fn parse_pcap_snapped_record() {
    let mut file = pcap_header(false, false, 195);
    // 10 octets captured of a 12-octet frame: the FCS is missing, nothing is cut off.
    file.extend(pcap_record(false, 1, 0, &MAC, 12));
    let frames = read_all(&file).unwrap();
    let frame = frames[0].as_ref().unwrap();
    assert_eq!(
        (frame.mac.as_slice(), frame.fcs),
        (MAC.as_slice(), Fcs::Absent)
    );
}

#[test]
fn rejects_pcap_bad_headers() {
    assert!(matches!(read_all(&[]), Err(CaptureError::Empty)));
    assert!(matches!(
        read_all(b"GIF89a.."),
        Err(CaptureError::BadMagic([0x47, 0x49, 0x46, 0x38]))
    ));
    assert!(matches!(
        read_all(&[0xd4, 0xc3]),
        Err(CaptureError::Truncated { offset: 0, .. })
    ));
    let header = pcap_header(false, false, 195);
    assert!(matches!(
        read_all(&header[..20]),
        Err(CaptureError::Truncated { needed: 4, .. })
    ));
    // IEEE 802.11 (105)
    let e = read_all(&pcap_header(false, false, 105)).unwrap_err();
    assert!(matches!(e, CaptureError::UnsupportedLinkType(105)));
    assert!(e.to_string().contains("link type 105 is not supported"));
    // version 3.0
    let mut header = pcap_header(false, false, 195);
    header[4] = 3;
    assert!(matches!(
        read_all(&header),
        Err(CaptureError::UnsupportedVersion { major: 3, .. })
    ));
}

#[test]
fn rejects_pcap_truncated_record() {
    let mut file = pcap_header(false, false, 230);
    file.extend(pcap_record(false, 1, 0, &MAC, MAC.len()));
    file.extend(pcap_record(false, 2, 0, &MAC, MAC.len()));
    // Cut in the second record's data, then in its header.
    for (cut, what) in [(3, "pcap record"), (14, "pcap record header")] {
        let frames = read_all(&file[..file.len() - cut]).unwrap();
        assert_eq!(frames.len(), 2);
        let first = frames[0].as_ref().unwrap();
        assert_eq!(
            (first.number, first.timestamp_ns, first.mac.as_slice()),
            (1, 1_000_000_000, &MAC[..])
        );
        let e = frames[1].as_ref().unwrap_err();
        assert!(e.contains("truncated") && e.contains(what), "{e}");
        assert!(e.contains("offset 50"), "{e}");
    }
}

#[test]
fn rejects_pcap_huge_record() {
    let mut file = pcap_header(false, false, 230);
    let mut record = pcap_record(false, 1, 0, &MAC, MAC.len());
    record[8..12].copy_from_slice(&0x7fff_ffffu32.to_le_bytes());
    file.extend(record);
    let frames = read_all(&file).unwrap();
    assert!(frames[0].as_ref().unwrap_err().contains("more than"));
}

#[test]
fn reports_non_zep_packets_and_goes_on() {
    let mut file = pcap_header(false, false, 1);
    // An ARP frame: Ethernet with type 0x0806.
    let mut arp = vec![0xff; 12];
    arp.extend_from_slice(&[0x08, 0x06, 0, 1]);
    file.extend(pcap_record(false, 1, 0, &arp, arp.len()));
    file.extend(pcap_record(false, 2, 0, &[0x01], 1));
    let frames = read_all(&file).unwrap();
    assert_eq!(frames.len(), 2);
    assert_eq!(
        frames[0].as_ref().unwrap_err(),
        "frame 1: not a ZEP packet: Ethernet frame is not IP"
    );
    assert!(frames[1]
        .as_ref()
        .unwrap_err()
        .starts_with("frame 2: Ethernet header is truncated"));
}

// ---- pcapng ----

/// Builds pcapng blocks in one byte order.
struct Ng {
    big: bool,
    bytes: Vec<u8>,
}

impl Ng {
    fn new(big: bool) -> Self {
        Ng {
            big,
            bytes: Vec::new(),
        }
    }
    fn u16(&self, x: u16) -> [u8; 2] {
        if self.big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        }
    }
    fn u32(&self, x: u32) -> [u8; 4] {
        if self.big {
            x.to_be_bytes()
        } else {
            x.to_le_bytes()
        }
    }
    fn block(&mut self, kind: u32, body: &[u8]) {
        let mut body = body.to_vec();
        while !body.len().is_multiple_of(4) {
            body.push(0);
        }
        let total = u32::try_from(body.len() + 12).unwrap();
        let t = self.u32(kind);
        let l = self.u32(total);
        self.bytes.extend_from_slice(&t);
        self.bytes.extend_from_slice(&l);
        self.bytes.extend_from_slice(&body);
        self.bytes.extend_from_slice(&l);
    }
    fn shb(&mut self) {
        let mut body = self.u32(0x1A2B_3C4D).to_vec(); // byte-order magic
        body.extend_from_slice(&self.u16(1)); // major
        body.extend_from_slice(&self.u16(0)); // minor
        body.extend_from_slice(&[0xff; 8]); // section length: unknown
        self.block(0x0A0D_0D0A, &body);
    }
    fn idb(&mut self, link: u16, tsresol: Option<u8>) {
        let mut body = self.u16(link).to_vec(); // link type
        body.extend_from_slice(&self.u16(0)); // reserved
        body.extend_from_slice(&self.u32(0)); // snaplen
        if let Some(r) = tsresol {
            body.extend_from_slice(&self.u16(9)); // if_tsresol
            body.extend_from_slice(&self.u16(1));
            body.extend_from_slice(&[r, 0, 0, 0]);
        }
        body.extend_from_slice(&self.u16(0)); // opt_endofopt
        body.extend_from_slice(&self.u16(0));
        self.block(1, &body);
    }
    fn epb(&mut self, interface: u32, ticks: u64, data: &[u8]) {
        let mut body = self.u32(interface).to_vec();
        body.extend_from_slice(&self.u32((ticks >> 32) as u32)); // timestamp high
        body.extend_from_slice(&self.u32(ticks as u32)); // timestamp low
        let len = u32::try_from(data.len()).unwrap();
        body.extend_from_slice(&self.u32(len)); // captured length
        body.extend_from_slice(&self.u32(len)); // original length
        body.extend_from_slice(data);
        self.block(6, &body);
    }
}

#[test]
fn parse_pcapng_sections_interfaces_and_blocks() {
    for big in [false, true] {
        let mut ng = Ng::new(big);
        ng.shb();
        ng.idb(230, None); // interface 0: microseconds
        ng.block(0x0000_0BAD, &[1, 2, 3, 4, 5]); // custom block: skipped
        ng.idb(195, Some(9)); // interface 1: nanoseconds
        ng.idb(230, Some(0x80 | 10)); // interface 2: 2^-10 s
        ng.epb(0, 1_500_000, &MAC); // 1.5 s
        ng.epb(1, 2_000_000_001, &with_crc(&MAC));
        ng.epb(2, 3 * 1024, &MAC);
        // Simple packet block: original length, then data (interface 0).
        let mut spb = ng.u32(10).to_vec();
        spb.extend_from_slice(&MAC);
        ng.block(3, &spb);
        // Obsolete packet block: interface (2), drops (2), timestamp, lengths, data.
        let mut opb = ng.u16(1).to_vec();
        opb.extend_from_slice(&ng.u16(0));
        opb.extend_from_slice(&ng.u32(0));
        opb.extend_from_slice(&ng.u32(7));
        opb.extend_from_slice(&ng.u32(12));
        opb.extend_from_slice(&ng.u32(12));
        opb.extend_from_slice(&with_crc(&MAC));
        ng.block(2, &opb);
        // Interface statistics block: skipped.
        ng.block(5, &[0; 12]);
        let frames = read_all(&ng.bytes).unwrap();
        let frames: Vec<_> = frames.into_iter().map(Result::unwrap).collect();
        assert_eq!(frames.len(), 5);
        for (i, f) in frames.iter().enumerate() {
            assert_eq!(f.number, i as u64 + 1);
            assert_eq!(f.mac, MAC);
        }
        assert_eq!(frames[0].timestamp_ns, 1_500_000_000);
        assert_eq!((frames[0].interface, frames[0].fcs), (0, Fcs::Absent));
        assert_eq!(frames[1].timestamp_ns, 2_000_000_001);
        assert_eq!((frames[1].interface, frames[1].fcs), (1, Fcs::Valid));
        assert_eq!(frames[2].timestamp_ns, 3_000_000_000);
        assert_eq!(frames[3].interface, 0);
        assert_eq!((frames[4].interface, frames[4].timestamp_ns), (1, 7));
    }
}

#[test]
fn parse_pcapng_second_section_other_byte_order() {
    let mut first = Ng::new(false);
    first.shb();
    first.idb(195, None);
    first.epb(0, 1, &with_crc(&MAC));
    let mut second = Ng::new(true);
    second.shb();
    second.idb(230, None);
    second.epb(0, 2, &MAC);
    let mut file = first.bytes;
    file.extend(second.bytes);
    let mut reader = CaptureReader::new(file.as_slice(), ReadOptions::default()).unwrap();
    let a = reader.next_frame().unwrap().unwrap().to_owned();
    let b = reader.next_frame().unwrap().unwrap().to_owned();
    assert!(reader.next_frame().is_none());
    assert_eq!((a.fcs, a.timestamp_ns), (Fcs::Valid, 1000));
    assert_eq!((b.fcs, b.timestamp_ns, b.number), (Fcs::Absent, 2000, 2));
    assert_eq!(
        reader.link_types(),
        [LinkType::Ieee802154WithFcs, LinkType::Ieee802154NoFcs]
    );
}

#[test]
fn rejects_pcapng_problems() {
    // Packet of an undescribed interface: a per-frame problem, reading goes on.
    let mut ng = Ng::new(false);
    ng.shb();
    ng.idb(230, None);
    ng.epb(3, 0, &MAC);
    ng.epb(0, 0, &MAC);
    let frames = read_all(&ng.bytes).unwrap();
    assert_eq!(
        frames[0].as_ref().unwrap_err(),
        "frame 1: interface 3 is not described by an interface description block"
    );
    let second = frames[1].as_ref().unwrap();
    assert_eq!((second.number, second.mac.as_slice()), (2, &MAC[..]));

    // Unsupported link type on an interface: per frame.
    let mut ng = Ng::new(false);
    ng.shb();
    ng.idb(105, None);
    ng.epb(0, 0, &MAC);
    let frames = read_all(&ng.bytes).unwrap();
    assert!(frames[0].as_ref().unwrap_err().contains("link type 105"));

    // Trailing length differs: fatal.
    let mut ng = Ng::new(false);
    ng.shb();
    ng.idb(230, None);
    ng.epb(0, 0, &MAC);
    let len = ng.bytes.len();
    ng.bytes[len - 1] = 0x7f;
    let frames = read_all(&ng.bytes).unwrap();
    assert_eq!(frames.len(), 1);
    assert!(frames[0]
        .as_ref()
        .unwrap_err()
        .contains("trailing block length"));

    // Captured length larger than the block.
    let mut ng = Ng::new(false);
    ng.shb();
    ng.idb(230, None);
    let mut epb = ng.u32(0).to_vec();
    epb.extend_from_slice(&[0; 8]);
    epb.extend_from_slice(&ng.u32(200));
    epb.extend_from_slice(&ng.u32(200));
    epb.extend_from_slice(&MAC);
    ng.block(6, &epb);
    ng.epb(0, 0, &MAC);
    let frames = read_all(&ng.bytes).unwrap();
    assert!(frames[0]
        .as_ref()
        .unwrap_err()
        .contains("enhanced packet block is truncated"));
    let second = frames[1].as_ref().unwrap();
    assert_eq!((second.number, second.mac.as_slice()), (2, &MAC[..]));

    // Truncated mid-block.
    let mut ng = Ng::new(false);
    ng.shb();
    ng.idb(230, None);
    ng.epb(0, 0, &MAC);
    let frames = read_all(&ng.bytes[..ng.bytes.len() - 5]).unwrap();
    assert!(frames[0].as_ref().unwrap_err().contains("file truncated"));

    // Bad byte-order magic, block length not a multiple of 4, huge block, version 2.
    let mut ng = Ng::new(false);
    ng.shb();
    let mut bad = ng.bytes.clone();
    bad[8] = 0x00;
    assert!(matches!(
        read_all(&bad),
        Err(CaptureError::Malformed { .. })
    ));
    let mut bad = ng.bytes.clone();
    bad[4] = 27;
    assert!(matches!(
        read_all(&bad),
        Err(CaptureError::Malformed { .. })
    ));
    let mut bad = ng.bytes.clone();
    bad[4..8].copy_from_slice(&0x4000_0000u32.to_le_bytes());
    assert!(matches!(read_all(&bad), Err(CaptureError::TooLarge { .. })));
    let mut bad = ng.bytes.clone();
    bad[12] = 2;
    assert!(matches!(
        read_all(&bad),
        Err(CaptureError::UnsupportedVersion { major: 2, .. })
    ));
    assert!(matches!(
        read_all(&ng.bytes[..10]),
        Err(CaptureError::Truncated { .. })
    ));
}

// ---- writer ----

#[test]
fn roundtrip_writer_both_link_types() {
    for link in [
        WriteLinkType::WithFcs,
        WriteLinkType::NoFcs,
        WriteLinkType::Tap,
    ] {
        let mut w = PcapngWriter::new(Vec::new(), link).unwrap();
        w.write_frame(1_700_000_000_123_456_789, &MAC).unwrap();
        w.write_frame(1_700_000_001_000_000_000, &MAC[..9]).unwrap();
        assert_eq!(w.frames(), 2);
        let bytes = w.finish().unwrap();
        assert!(bytes.len().is_multiple_of(4));
        let frames: Vec<_> = read_all(&bytes)
            .unwrap()
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(frames.len(), 2);
        assert_eq!(frames[0].mac, MAC);
        assert_eq!(frames[0].timestamp_ns, 1_700_000_000_123_456_789);
        assert_eq!(frames[1].mac, MAC[..9]);
        let expected = match link {
            WriteLinkType::WithFcs | WriteLinkType::Tap => Fcs::Valid,
            WriteLinkType::NoFcs => Fcs::Absent,
        };
        assert_eq!(frames[1].fcs, expected);
    }
}

#[test]
fn emit_tap_header_and_read_it_back() {
    let meta = RadioMeta {
        channel: Some(15),
        rssi: Some(-60),
        lqi: Some(200),
    };
    assert_eq!(
        tap_header(&meta),
        [
            0, 0, 36, 0, // version 0, reserved, header length 36
            0, 0, 1, 0, 1, 0, 0, 0, // FCS type TLV: 16-bit FCS, padded
            1, 0, 4, 0, 0x00, 0x00, 0x70, 0xc2, // RSS TLV: -60.0 dBm (f32)
            3, 0, 3, 0, 15, 0, 0, 0, // channel TLV: channel 15, page 0, padded
            10, 0, 1, 0, 200, 0, 0, 0, // LQI TLV: 200, padded
        ][..]
    );
    let mut w = PcapngWriter::new(Vec::new(), WriteLinkType::Tap).unwrap();
    w.write_frame_meta(5, &MAC, &meta).unwrap();
    let bytes = w.finish().unwrap();
    let frames: Vec<_> = read_all(&bytes)
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(frames[0].mac, MAC);
    assert_eq!(frames[0].channel, Some(15));
    assert_eq!(frames[0].rssi, Some(-60));
    assert_eq!(frames[0].lqi, Some(200));
    assert_eq!(frames[0].fcs, Fcs::Valid);
}

#[test]
fn emit_writer_blocks() {
    let mut w = PcapngWriter::new(Vec::new(), WriteLinkType::NoFcs).unwrap();
    w.write_frame(0x0000_0001_0000_0002, &[0x02, 0x00, 0x07])
        .unwrap();
    let bytes = w.finish().unwrap();
    let epb = &bytes[bytes.len() - 36..];
    assert_eq!(
        epb,
        [
            6, 0, 0, 0, // block type: enhanced packet
            36, 0, 0, 0, // total length
            0, 0, 0, 0, // interface 0
            1, 0, 0, 0, // timestamp high
            2, 0, 0, 0, // timestamp low
            3, 0, 0, 0, // captured length
            3, 0, 0, 0, // original length
            0x02, 0x00, 0x07, 0, // ack frame, padded
            36, 0, 0, 0, // total length
        ]
    );
}

proptest::proptest! {
    #[test]
    fn readers_never_panic(data in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        let _ = read_all(&data);
    }

    #[test]
    fn readers_never_panic_on_damaged_files(
        flips in proptest::collection::vec((0usize..200, proptest::num::u8::ANY), 1..8),
        cut in 0usize..220,
        pcapng in proptest::bool::ANY,
    ) {
        let mut file = if pcapng {
            let mut ng = Ng::new(false);
            ng.shb();
            ng.idb(195, Some(9));
            ng.idb(283, None);
            ng.epb(0, 5, &with_crc(&MAC));
            ng.epb(1, 6, &[0, 0, 4, 0, 0x63, 0x88, 0xad]);
            ng.bytes
        } else {
            let mut file = pcap_header(false, false, 1);
            file.extend(pcap_record(false, 1, 0, &[0x45; 60], 60));
            file
        };
        for (at, value) in flips {
            if let Some(b) = file.get_mut(at) {
                *b = value;
            }
        }
        file.truncate(cut.max(1));
        let _ = read_all(&file);
    }
}
