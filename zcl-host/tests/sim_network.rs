//! The virtual Zigbee network (`zcl_host::sim::Network`): joining, ZDO, ZCL, reporting,
//! delivery failures, state, and the air capture read back through the sniffer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zcl_host::capture::{CaptureReader, FrameSource, PcapngWriter, ReadOptions, WriteLinkType};
use zcl_host::sim::air::AirFrame;
use zcl_host::sim::devices::{DeviceKind, DeviceSpec, LIGHT_IEEE, PLUG_IEEE, SENSOR_IEEE};
use zcl_host::sim::network::{
    JoinStatus, NetworkConfig, NetworkError, SendError, APS_OPTION_ACK_REQUEST, MAX_APS_PAYLOAD,
};
use zcl_host::sim::{
    ApsInfo, MessageKind, Network, NetworkEvent, NetworkParams, NetworkStatus, SavedNetwork,
    SecurityParams,
};
use zcl_host::sniff::mac::split_fcs;
use zcl_host::sniff::{dissect, KeyStore};

const NETWORK_KEY: [u8; 16] = [
    0x31, 0x7a, 0x02, 0xc4, 0x55, 0x9e, 0x10, 0xab, 0xcd, 0x21, 0x88, 0x4f, 0x60, 0x07, 0xe9, 0x3b,
];

type Air = Arc<Mutex<Vec<(Duration, Vec<u8>)>>>;

struct Sim {
    net: Network,
    now: Duration,
    events: Vec<NetworkEvent>,
    air: Air,
}

impl Sim {
    fn new(config: NetworkConfig) -> Sim {
        let mut net = Network::new(config);
        let air: Air = Arc::default();
        let a = air.clone();
        net.set_air_sink(Some(Box::new(move |f: &AirFrame<'_>| {
            a.lock().unwrap().push((f.at, f.bytes.to_vec()));
        })));
        Sim {
            net,
            now: Duration::ZERO,
            events: Vec::new(),
            air,
        }
    }

    fn formed(config: NetworkConfig) -> Sim {
        let mut s = Sim::new(config);
        s.net
            .form(NetworkParams::default(), SecurityParams::new(NETWORK_KEY))
            .unwrap();
        s
    }

    /// Three standard devices joined.
    fn joined() -> Sim {
        let mut s = Sim::formed(NetworkConfig::default());
        s.net.permit_join(60, s.now).unwrap();
        s.run(Duration::from_secs(8));
        assert_eq!(s.joined_events().len(), 3, "{:?}", s.events);
        s.events.clear();
        s
    }

    fn run(&mut self, d: Duration) {
        let end = self.now + d;
        while self.now < end {
            self.now += Duration::from_millis(10);
            let e = self.net.tick(self.now);
            self.events.extend(e);
        }
    }

    fn joined_events(&self) -> Vec<(u64, u16)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                NetworkEvent::ChildJoined { ieee, nwk, .. } => Some((*ieee, *nwk)),
                _ => None,
            })
            .collect()
    }

    fn nwk_of(&self, ieee: u64) -> u16 {
        self.net
            .devices()
            .iter()
            .find(|d| d.spec.ieee == ieee)
            .and_then(|d| d.nwk)
            .unwrap()
    }

    /// Incoming messages of `cluster`.
    fn incoming(&self, cluster: u16) -> Vec<(u16, Vec<u8>)> {
        self.events
            .iter()
            .filter_map(|e| match e {
                NetworkEvent::IncomingMessage {
                    aps,
                    src_nwk,
                    payload,
                    ..
                } if aps.cluster == cluster => Some((*src_nwk, payload.clone())),
                _ => None,
            })
            .collect()
    }

    fn zdo(&mut self, dst: u16, cluster: u16, payload: &[u8]) -> Vec<u8> {
        self.net
            .send_unicast(self.now, dst, ApsInfo::new(0, cluster, 0, 0), payload, 1)
            .unwrap();
        self.run(Duration::from_millis(100));
        let r = self.incoming(cluster | 0x8000);
        assert_eq!(r.len(), 1, "{:?}", self.events);
        self.events.clear();
        r[0].1.clone()
    }

    fn zcl(&mut self, dst: u16, cluster: u16, payload: &[u8]) -> Vec<u8> {
        self.net
            .send_unicast(
                self.now,
                dst,
                ApsInfo::new(0x0104, cluster, 1, 1).with_ack(),
                payload,
                7,
            )
            .unwrap();
        self.run(Duration::from_millis(100));
        let sent: Vec<bool> = self
            .events
            .iter()
            .filter_map(|e| match e {
                NetworkEvent::MessageSent { delivered, tag, .. } if *tag == 7 => Some(*delivered),
                _ => None,
            })
            .collect();
        assert_eq!(sent, vec![true]);
        let r = self.incoming(cluster);
        assert_eq!(r.len(), 1, "{:?}", self.events);
        self.events.clear();
        r[0].1.clone()
    }
}

#[test]
fn three_devices_join_and_the_default_key_decrypts_the_air() {
    let mut s = Sim::formed(NetworkConfig::default());
    assert_eq!(s.net.status(), NetworkStatus::Joined);
    s.run(Duration::from_millis(50));
    assert_eq!(s.events, vec![NetworkEvent::NetworkUp]);
    s.net.permit_join(60, s.now).unwrap();
    s.run(Duration::from_secs(8));
    let joined = s.joined_events();
    assert_eq!(
        joined.iter().map(|j| j.0).collect::<Vec<_>>(),
        vec![LIGHT_IEEE, SENSOR_IEEE, PLUG_IEEE]
    );
    let tc: Vec<_> = s
        .events
        .iter()
        .filter(|e| {
            matches!(
                e,
                NetworkEvent::TrustCenterJoin {
                    status: JoinStatus::UnsecuredJoin,
                    parent: 0,
                    ..
                }
            )
        })
        .collect();
    assert_eq!(tc.len(), 3);
    // Device announcements came in as broadcasts.
    let annce: Vec<_> = s
        .events
        .iter()
        .filter(|e| {
            matches!(e, NetworkEvent::IncomingMessage { kind: MessageKind::Broadcast, aps, .. } if aps.cluster == 0x0013)
        })
        .collect();
    assert_eq!(annce.len(), 3);
    let children = s.net.children();
    assert_eq!(children.len(), 3);
    assert!(children.iter().all(|c| c.authorized));
    for (ieee, nwk) in &joined {
        assert_eq!(s.nwk_of(*ieee), *nwk);
        assert!(*nwk != 0 && *nwk < 0xfff8);
    }
    // The sniffer with only "ZigBeeAlliance09" learns the network key and decrypts everything.
    let air = s.air.lock().unwrap().clone();
    assert!(air.len() > 20, "{}", air.len());
    let mut keys = KeyStore::new();
    let mut secured = 0;
    for (_, f) in &air {
        let (raw, _) = split_fcs(f).unwrap();
        assert!(zcl_host::sniff::mac::fcs_ok(f));
        let d = dissect(raw, &mut keys);
        assert!(d.error().is_none(), "{d:?}");
        assert!(!d.undecrypted(), "{d:?}");
        if d.nwk_security.is_some() {
            secured += 1;
        }
    }
    assert!(secured >= 3);
    assert_eq!(keys.network_keys()[0].key(), &NETWORK_KEY);
    // Time-ordered.
    assert!(air.windows(2).all(|w| w[0].0 <= w[1].0));
}

#[test]
fn device_with_a_wrong_link_key_does_not_join() {
    let config = NetworkConfig {
        devices: vec![
            DeviceSpec::new(DeviceKind::DimmableLight, LIGHT_IEEE).with_link_key([0x55; 16]),
            DeviceSpec::new(DeviceKind::TemperatureHumiditySensor, SENSOR_IEEE),
        ],
        ..NetworkConfig::default()
    };
    let mut s = Sim::formed(config);
    s.net.permit_join(30, s.now).unwrap();
    s.run(Duration::from_secs(10));
    assert_eq!(
        s.joined_events().iter().map(|j| j.0).collect::<Vec<_>>(),
        vec![SENSOR_IEEE]
    );
    assert!(s.events.iter().any(|e| matches!(
        e,
        NetworkEvent::TrustCenterJoin {
            ieee: LIGHT_IEEE,
            status: JoinStatus::DeviceLeft,
            ..
        }
    )));
    assert_eq!(s.net.children().len(), 1);
    assert_eq!(s.net.children()[0].ieee, SENSOR_IEEE);
    assert_eq!(s.net.devices()[0].nwk, None);
}

#[test]
fn install_code_key_lets_a_device_join() {
    let key = [
        0x66, 0xb6, 0x90, 0x09, 0x81, 0xe1, 0xee, 0x3c, 0xa4, 0x20, 0x6b, 0x6b, 0x86, 0x1c, 0x02,
        0xbb,
    ];
    let config = NetworkConfig {
        devices: vec![DeviceSpec::new(DeviceKind::MeteringPlug, PLUG_IEEE).with_link_key(key)],
        ..NetworkConfig::default()
    };
    let mut s = Sim::formed(config);
    s.net.add_transient_key(PLUG_IEEE, key).unwrap();
    s.net.permit_join(30, s.now).unwrap();
    s.run(Duration::from_secs(3));
    assert_eq!(s.joined_events().len(), 1);
    assert!(s.net.transient_keys().is_empty());
    assert_eq!(s.net.link_keys()[0].key, key);
    assert_eq!(s.net.link_keys()[0].ieee, PLUG_IEEE);
}

#[test]
fn zdo_descriptors_of_the_light() {
    let mut s = Sim::joined();
    let light = s.nwk_of(LIGHT_IEEE);
    let [lo, hi] = light.to_le_bytes();
    // Node_Desc_rsp: TSN, SUCCESS, address, descriptor (router, capability 0x8e).
    let r = s.zdo(light, 0x0002, &[0x21, lo, hi]);
    assert_eq!(&r[..4], &[0x21, 0x00, lo, hi]);
    assert_eq!(r[4] & 0x07, 1, "router");
    assert_eq!(r[6], 0x8e);
    assert_eq!(u16::from_le_bytes([r[7], r[8]]), 0x1234);
    // Active_EP_rsp: one endpoint, 1.
    let r = s.zdo(light, 0x0005, &[0x22, lo, hi]);
    assert_eq!(r, vec![0x22, 0x00, lo, hi, 0x01, 0x01]);
    // Simple_Desc_rsp of endpoint 1: HA, device 0x0101, servers 0,3,4,5,6,8, client 0x19.
    let r = s.zdo(light, 0x0004, &[0x23, lo, hi, 0x01]);
    let mut desc = vec![0x01, 0x04, 0x01, 0x01, 0x01, 0x01, 6];
    for c in [0u16, 3, 4, 5, 6, 8] {
        desc.extend_from_slice(&c.to_le_bytes());
    }
    desc.extend_from_slice(&[1, 0x19, 0x00]);
    let mut expected = vec![0x23, 0x00, lo, hi, desc.len() as u8];
    expected.extend_from_slice(&desc);
    assert_eq!(r, expected);
    // Simple descriptor of a missing endpoint: NOT_ACTIVE (0x83).
    let r = s.zdo(light, 0x0004, &[0x24, lo, hi, 0x07]);
    assert_eq!(&r[..4], &[0x24, 0x83, lo, hi]);
}

#[test]
fn zcl_on_off_and_level_with_transition() {
    let mut s = Sim::joined();
    let light = s.nwk_of(LIGHT_IEEE);
    // Read On/Off: off.
    let r = s.zcl(light, 0x0006, &[0x00, 0x10, 0x00, 0x00, 0x00]);
    assert_eq!(r[1..], [0x10, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00]);
    // Toggle: Default Response SUCCESS, now on.
    let r = s.zcl(light, 0x0006, &[0x01, 0x11, 0x02]);
    assert_eq!(r[1..], [0x11, 0x0b, 0x02, 0x00]);
    assert_eq!(s.net.device_attribute(LIGHT_IEEE, 1, 0x0006, 0), Some(1));
    let r = s.zcl(light, 0x0006, &[0x00, 0x12, 0x00, 0x00, 0x00]);
    assert_eq!(r[1..], [0x12, 0x01, 0x00, 0x00, 0x00, 0x10, 0x01]);
    // Move to Level 200 over 2 s.
    let start = s.net.device_attribute(LIGHT_IEEE, 1, 0x0008, 0).unwrap();
    let r = s.zcl(light, 0x0008, &[0x01, 0x13, 0x00, 200, 20, 0]);
    assert_eq!(r[1..], [0x13, 0x0b, 0x00, 0x00]);
    s.run(Duration::from_millis(900));
    let mid = s.net.device_attribute(LIGHT_IEEE, 1, 0x0008, 0).unwrap();
    assert!(mid != start && mid != 200, "start {start} mid {mid}");
    s.run(Duration::from_millis(1500));
    assert_eq!(s.net.device_attribute(LIGHT_IEEE, 1, 0x0008, 0), Some(200));
    let r = s.zcl(light, 0x0008, &[0x00, 0x14, 0x00, 0x00, 0x00]);
    assert_eq!(r[1..], [0x14, 0x01, 0x00, 0x00, 0x00, 0x20, 200]);
}

#[test]
fn sensor_reports_after_configure_reporting() {
    let mut s = Sim::joined();
    let sensor = s.nwk_of(SENSOR_IEEE);
    // Configure Reporting: temperature, int16, min 1 s, max 60 s, change 0.10 degrees.
    let r = s.zcl(
        sensor,
        0x0402,
        &[
            0x00, 0x30, 0x06, 0x00, 0x00, 0x00, 0x29, 0x01, 0x00, 0x3c, 0x00, 0x0a, 0x00,
        ],
    );
    assert_eq!(r[1..], [0x30, 0x07, 0x00]);
    s.run(Duration::from_secs(130));
    let reports = s.incoming(0x0402);
    assert!(reports.len() >= 2, "{reports:?}");
    for (src, p) in &reports {
        assert_eq!(*src, sensor);
        assert_eq!(p[2], 0x0a, "Report Attributes");
        assert_eq!(&p[3..6], &[0x00, 0x00, 0x29]);
        let t = i16::from_le_bytes([p[6], p[7]]);
        assert!((1500..=3000).contains(&t), "{t}");
    }
    // The device's value is what was last reported or has drifted since: in the same range.
    let now = s.net.device_attribute(SENSOR_IEEE, 1, 0x0402, 0).unwrap();
    assert!((1500..=3000).contains(&now), "{now}");
}

#[test]
fn unicast_to_a_missing_address_is_not_delivered() {
    let mut s = Sim::joined();
    let seq = s
        .net
        .send_unicast(
            s.now,
            0x4321,
            ApsInfo::new(0x0104, 6, 1, 1),
            &[0x01, 0x01, 0x02],
            99,
        )
        .unwrap();
    s.run(Duration::from_millis(500));
    assert!(s.events.is_empty(), "{:?}", s.events);
    s.run(Duration::from_secs(1));
    assert_eq!(
        s.events,
        vec![NetworkEvent::MessageSent {
            tag: 99,
            kind: MessageKind::Unicast,
            dst: 0x4321,
            aps: ApsInfo {
                sequence: seq,
                ..ApsInfo::new(0x0104, 6, 1, 1)
            },
            delivered: false,
            payload: vec![0x01, 0x01, 0x02],
        }]
    );
    // With an APS ack request too.
    s.events.clear();
    s.net
        .send_unicast(
            s.now,
            0x4321,
            ApsInfo::new(0x0104, 6, 1, 1).with_ack(),
            &[0x01, 0x02, 0x02],
            100,
        )
        .unwrap();
    s.run(Duration::from_secs(2));
    assert!(matches!(
        s.events.as_slice(),
        [NetworkEvent::MessageSent { tag: 100, delivered: false, aps, .. }] if aps.options & APS_OPTION_ACK_REQUEST != 0
    ));
    assert!(matches!(
        s.net
            .send_unicast(s.now, 0xffff, ApsInfo::default(), &[], 1),
        Err(SendError::InvalidDestination(0xffff))
    ));
    assert!(matches!(
        s.net
            .send_unicast(s.now, 0x1234, ApsInfo::default(), &[0; 90], 1),
        Err(SendError::PayloadTooLong {
            len: 90,
            max: MAX_APS_PAYLOAD
        })
    ));
}

#[test]
fn broadcast_and_group_reach_the_devices() {
    let mut s = Sim::joined();
    let light = s.nwk_of(LIGHT_IEEE);
    // Add Group 0x0042 on the light (Groups cluster, command 0x00, name "").
    let r = s.zcl(light, 0x0004, &[0x01, 0x40, 0x00, 0x42, 0x00, 0x00]);
    assert_eq!(r[1..], [0x40, 0x00, 0x00, 0x42, 0x00]);
    // Group "on" (On/Off command 0x01).
    s.net
        .send_multicast(
            s.now,
            0x0042,
            30,
            ApsInfo::new(0x0104, 6, 1, 0),
            &[0x01, 0x41, 0x01],
            5,
        )
        .unwrap();
    s.run(Duration::from_millis(200));
    assert_eq!(s.net.device_attribute(LIGHT_IEEE, 1, 6, 0), Some(1));
    assert!(s.events.iter().any(|e| matches!(
        e,
        NetworkEvent::MessageSent {
            tag: 5,
            kind: MessageKind::Multicast,
            dst: 0x0042,
            delivered: true,
            ..
        }
    )));
    // Broadcast Match_Desc_req for On/Off servers: the light and the plug answer.
    s.events.clear();
    s.net
        .send_broadcast(
            s.now,
            0xfffd,
            30,
            ApsInfo::new(0, 0x0006, 0, 0),
            &[0x50, 0xfd, 0xff, 0x04, 0x01, 0x01, 0x06, 0x00, 0x00],
            6,
        )
        .unwrap();
    s.run(Duration::from_millis(200));
    let mut answers: Vec<u16> = s.incoming(0x8006).iter().map(|r| r.0).collect();
    answers.sort_unstable();
    let mut expected = vec![light, s.nwk_of(PLUG_IEEE)];
    expected.sort_unstable();
    assert_eq!(answers, expected);
}

#[test]
fn save_and_restore_keep_the_network_and_raise_counters() {
    let mut s = Sim::joined();
    let light = s.nwk_of(LIGHT_IEEE);
    s.zcl(light, 0x0006, &[0x01, 0x11, 0x01]); // on
    s.net.set_token(0x0100, vec![1, 2, 3]);
    let before = s.net.security().copied().unwrap();
    let saved = s.net.save();
    // Through the JSON file.
    let dir = std::env::temp_dir().join(format!("zcl-sim-net-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("net.json");
    s.net.store(&path).unwrap();
    let loaded = SavedNetwork::load(&path).unwrap().unwrap();
    assert_eq!(loaded, saved);
    std::fs::remove_dir_all(&dir).unwrap();
    drop(s);

    let mut net = Network::from_saved(loaded);
    assert_eq!(net.status(), NetworkStatus::NoNetwork);
    net.resume().unwrap();
    assert_eq!(net.status(), NetworkStatus::Joined);
    let after = net.security().copied().unwrap();
    assert_eq!(after.network_key, NETWORK_KEY);
    assert_eq!(after.tc_link_key, before.tc_link_key);
    assert!(after.nwk_frame_counter > before.nwk_frame_counter);
    assert!(after.aps_frame_counter > before.aps_frame_counter);
    assert_eq!(net.params(), Some(&NetworkParams::default()));
    assert_eq!(net.children().len(), 3);
    assert_eq!(net.token(0x0100), Some(&[1u8, 2, 3][..]));
    assert_eq!(
        net.device_attribute(LIGHT_IEEE, 1, 6, 0),
        Some(1),
        "on/off persisted"
    );
    // The restored network still talks: read On/Off of the light.
    let mut s = Sim {
        net,
        now: Duration::from_secs(100),
        events: Vec::new(),
        air: Arc::default(),
    };
    let a = s.air.clone();
    s.net.set_air_sink(Some(Box::new(move |f: &AirFrame<'_>| {
        a.lock().unwrap().push((f.at, f.bytes.to_vec()));
    })));
    let r = s.zcl(light, 0x0006, &[0x00, 0x15, 0x00, 0x00, 0x00]);
    assert_eq!(r[1..], [0x15, 0x01, 0x00, 0x00, 0x00, 0x10, 0x01]);
    // A second save only raises the counters.
    let again = s.net.save();
    let c = again.network.unwrap().security;
    assert!(c.nwk_frame_counter > saved.network.as_ref().unwrap().security.nwk_frame_counter);
}

#[test]
fn air_written_to_pcapng_decrypts_through_the_sniffer() {
    let mut s = Sim::joined();
    let light = s.nwk_of(LIGHT_IEEE);
    s.zcl(light, 0x0006, &[0x01, 0x60, 0x02]);
    s.run(Duration::from_secs(1));
    let air = s.air.lock().unwrap().clone();
    let mut w = PcapngWriter::new(Vec::new(), WriteLinkType::WithFcs).unwrap();
    for (at, f) in &air {
        let (raw, _) = split_fcs(f).unwrap();
        w.write_frame(1_700_000_000_000_000_000 + at.as_nanos() as u64, raw)
            .unwrap();
    }
    let bytes = w.finish().unwrap();
    let mut r = CaptureReader::new(std::io::Cursor::new(bytes), ReadOptions::default()).unwrap();
    let mut keys = KeyStore::new();
    let (mut n, mut zcl) = (0, 0);
    while let Some(f) = r.next_frame() {
        let f = f.unwrap();
        assert!(!f.fcs.is_bad());
        let d = dissect(f.mac, &mut keys);
        assert!(!d.undecrypted(), "frame {}: {d}", f.number);
        if d.app().is_some_and(|a| a.profile == 0x0104) {
            zcl += 1;
        }
        n += 1;
    }
    assert_eq!(n, air.len());
    assert!(zcl >= 2, "toggle and its default response");
}

#[test]
fn leave_and_errors() {
    let mut s = Sim::joined();
    assert!(matches!(
        s.net
            .form(NetworkParams::default(), SecurityParams::new(NETWORK_KEY)),
        Err(NetworkError::AlreadyJoined)
    ));
    s.net.leave().unwrap();
    s.run(Duration::from_millis(20));
    assert_eq!(s.events, vec![NetworkEvent::NetworkDown]);
    assert!(s.net.devices().iter().all(|d| d.nwk.is_none()));
    assert!(matches!(
        s.net
            .send_unicast(s.now, 0x1234, ApsInfo::default(), &[], 1),
        Err(SendError::NetworkDown)
    ));
    assert!(matches!(s.net.resume(), Err(NetworkError::NoSavedNetwork)));
    let bad = NetworkParams {
        channel: 27,
        ..NetworkParams::default()
    };
    assert!(matches!(
        s.net.form(bad, SecurityParams::new(NETWORK_KEY)),
        Err(NetworkError::InvalidChannel(27))
    ));
    // Scans are fixed and plausible.
    let e = s.net.energy_scan(0x07ff_f800);
    assert_eq!(e.len(), 16);
    assert!(e
        .iter()
        .all(|(c, r)| (11..=26).contains(c) && (-100..=-50).contains(r)));
    assert_eq!(s.net.energy_scan(1 << 15), vec![(15, -91)]);
    let n = s.net.active_scan(0x07ff_f800);
    assert_eq!(n.len(), 2);
    assert!(s.net.active_scan(1 << 11).is_empty());
}
