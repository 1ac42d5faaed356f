//! Host and NCP links back to back over a simulated wire, with synthetic time.

use std::time::{Duration, Instant};

use super::*;

/// A tiny deterministic generator for faults (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn chance(&mut self, per_million: u64) -> bool {
        self.next() % 1_000_000 < per_million
    }
}

/// Two links and the wire between them. Faults apply to whole frames (drop) and bytes (flip).
struct Wire {
    host: Ash,
    ncp: Ash,
    now: Instant,
    rng: Rng,
    drop_per_million: u64,
    corrupt_per_million: u64,
    host_rx: Vec<Vec<u8>>,
    ncp_rx: Vec<Vec<u8>>,
    host_events: Vec<AshEvent>,
    ncp_events: Vec<AshEvent>,
}

impl Wire {
    fn new(host: AshConfig, ncp: AshConfig) -> Self {
        Self {
            host: Ash::new(host),
            ncp: Ash::new(ncp),
            now: Instant::now(),
            rng: Rng(0x1234_5678_9abc_def1),
            drop_per_million: 0,
            corrupt_per_million: 0,
            host_rx: Vec::new(),
            ncp_rx: Vec::new(),
            host_events: Vec::new(),
            ncp_events: Vec::new(),
        }
    }

    fn damage(&mut self, mut bytes: Vec<u8>) -> Option<Vec<u8>> {
        if self.rng.chance(self.drop_per_million) {
            return None;
        }
        for b in bytes.iter_mut() {
            if self.rng.chance(self.corrupt_per_million) {
                *b ^= 1 << (self.rng.next() % 8);
            }
        }
        Some(bytes)
    }

    /// Moves bytes both ways until both sides are quiet, then advances time by `step`.
    fn step(&mut self, step: Duration) {
        for _ in 0..100 {
            let mut moved = false;
            while let Some(bytes) = self.host.poll_transmit(self.now) {
                moved = true;
                if let Some(bytes) = self.damage(bytes) {
                    self.ncp.feed(&bytes, self.now);
                }
            }
            while let Some(bytes) = self.ncp.poll_transmit(self.now) {
                moved = true;
                if let Some(bytes) = self.damage(bytes) {
                    self.host.feed(&bytes, self.now);
                }
            }
            while let Some(event) = self.host.poll_event() {
                match event {
                    AshEvent::Data(d) => self.host_rx.push(d),
                    e => self.host_events.push(e),
                }
            }
            while let Some(event) = self.ncp.poll_event() {
                match event {
                    AshEvent::Data(d) => self.ncp_rx.push(d),
                    e => self.ncp_events.push(e),
                }
            }
            if !moved {
                break;
            }
        }
        self.now += step;
        for link in [&mut self.host, &mut self.ncp] {
            if link.poll_timeout().is_some_and(|t| t <= self.now) {
                link.handle_timeout(self.now);
            }
        }
    }

    fn connect(&mut self) {
        self.host.start_reset(self.now);
        self.step(Duration::from_millis(1));
        assert!(self.host.is_connected() && self.ncp.is_connected());
        assert_eq!(
            self.host_events,
            vec![AshEvent::Connected {
                code: ResetCode::SOFTWARE,
                version: 2
            }]
        );
        assert_eq!(self.ncp_events, vec![AshEvent::ResetRequested]);
        self.host_events.clear();
        self.ncp_events.clear();
    }
}

fn payload(i: u32) -> Vec<u8> {
    // Include reserved bytes so stuffing is exercised.
    let mut p = i.to_le_bytes().to_vec();
    p.extend_from_slice(&[0x7E, 0x7D, 0x11, 0x13, 0x18, 0x1A, (i % 251) as u8]);
    p
}

#[test]
fn reset_handshake_bytes() {
    let mut host = Ash::new(AshConfig::host());
    let now = Instant::now();
    host.start_reset(now);
    let mut wire = Vec::new();
    while let Some(b) = host.poll_transmit(now) {
        wire.extend(b);
    }
    assert_eq!(wire, [0x1A, 0xC0, 0x38, 0xBC, 0x7E]);
    let mut ncp = Ash::new(AshConfig::ncp());
    ncp.feed(&wire, now);
    assert_eq!(ncp.poll_event(), Some(AshEvent::ResetRequested));
    assert_eq!(
        ncp.poll_transmit(now),
        Some(vec![0xC1, 0x02, 0x0B, 0x0A, 0x52, 0x7E])
    );
}

#[test]
fn first_data_frame_and_its_ack() {
    let mut wire = Wire::new(AshConfig::host(), AshConfig::ncp());
    wire.connect();
    wire.host.send(&[0x00, 0x00, 0x00, 0x04]).unwrap();
    let bytes = wire.host.poll_transmit(wire.now).unwrap();
    assert_eq!(bytes, [0x00, 0x42, 0x21, 0xA8, 0x50, 0xED, 0x2C, 0x7E]);
    wire.ncp.feed(&bytes, wire.now);
    assert_eq!(
        wire.ncp.poll_event(),
        Some(AshEvent::Data(vec![0, 0, 0, 4]))
    );
    // Nothing to piggy-back on: a plain ACK with ackNum 1.
    assert_eq!(
        wire.ncp.poll_transmit(wire.now),
        Some(vec![0x81, 0x60, 0x59, 0x7E])
    );
}

fn exchange(window: u8, drop: u64, corrupt: u64, frames: u32) -> Wire {
    let host = AshConfig {
        window,
        ..AshConfig::host()
    };
    let ncp = AshConfig {
        window,
        ..AshConfig::ncp()
    };
    let mut wire = Wire::new(host, ncp);
    wire.connect();
    wire.drop_per_million = drop;
    wire.corrupt_per_million = corrupt;
    let mut sent = 0;
    for _ in 0..200_000 {
        // Keep a few frames queued each way.
        while sent < frames && wire.host.pending() < 8 {
            wire.host.send(&payload(sent)).unwrap();
            wire.ncp.send(&payload(sent + 1_000_000)).unwrap();
            sent += 1;
        }
        wire.step(Duration::from_millis(20));
        if sent == frames && wire.host.pending() == 0 && wire.ncp.pending() == 0 {
            break;
        }
    }
    assert!(wire.host_events.is_empty(), "{:?}", wire.host_events);
    assert!(wire.ncp_events.is_empty(), "{:?}", wire.ncp_events);
    let expected_at_ncp: Vec<_> = (0..frames).map(payload).collect();
    let expected_at_host: Vec<_> = (0..frames).map(|i| payload(i + 1_000_000)).collect();
    assert_eq!(
        wire.ncp_rx, expected_at_ncp,
        "NCP received every frame once, in order"
    );
    assert_eq!(
        wire.host_rx, expected_at_host,
        "host received every frame once, in order"
    );
    wire
}

#[test]
fn clean_link_window_1_and_7() {
    for window in [1, 7] {
        let wire = exchange(window, 0, 0, 1000);
        assert_eq!(wire.host.counters().retransmissions, 0);
        assert_eq!(wire.host.counters().data_sent, 1000);
        assert_eq!(wire.ncp.counters().data_delivered, 1000);
    }
}

#[test]
fn lossy_link_delivers_everything_once_in_order() {
    for window in [1, 3, 7] {
        // 2% of frames lost, 0.5% of bytes damaged.
        let wire = exchange(window, 20_000, 5_000, 1000);
        let (h, n) = (wire.host.counters(), wire.ncp.counters());
        assert!(
            h.retransmissions > 0 && n.retransmissions > 0,
            "{h:?} {n:?}"
        );
        assert!(h.crc_errors + n.crc_errors + h.framing_errors + n.framing_errors > 0);
        assert!(h.duplicates + n.duplicates > 0 || h.naks_sent + n.naks_sent > 0);
    }
}

#[test]
fn retransmission_sets_retx_and_duplicate_is_not_delivered_twice() {
    let mut wire = Wire::new(AshConfig::host(), AshConfig::ncp());
    wire.connect();
    wire.host.send(&[1, 2, 3]).unwrap();
    let first = wire.host.poll_transmit(wire.now).unwrap();
    wire.ncp.feed(&first, wire.now);
    assert_eq!(wire.ncp.poll_event(), Some(AshEvent::Data(vec![1, 2, 3])));
    // The NCP's ACK is lost; the host's timer fires and it resends with reTx.
    // The lost ACK: control 0x81 (ackNum 1), CRC 0x6059, flag.
    assert_eq!(
        wire.ncp.poll_transmit(wire.now),
        Some(vec![0x81, 0x60, 0x59, 0x7e])
    );
    let due = wire.host.poll_timeout().unwrap();
    assert_eq!(due - wire.now, Duration::from_millis(1600));
    wire.host.handle_timeout(due);
    let again = wire.host.poll_transmit(due).unwrap();
    let decoded = Decoder::new().feed(&again);
    assert!(matches!(
        decoded[0],
        Ok(Frame::Data {
            frm_num: 0,
            re_tx: true,
            ..
        })
    ));
    assert_eq!(
        wire.host.ack_timeout(),
        Duration::from_millis(3200),
        "doubled, capped"
    );
    wire.ncp.feed(&again, due);
    assert_eq!(wire.ncp.poll_event(), None, "not delivered twice");
    assert_eq!(wire.ncp.counters().duplicates, 1);
    let ack = wire.ncp.poll_transmit(due).unwrap();
    assert_eq!(
        ack,
        Frame::Ack {
            ack_num: 1,
            n_rdy: false,
            reserved: false
        }
        .emit()
    );
    wire.host.feed(&ack, due);
    assert_eq!(wire.host.pending(), 0);
    assert_eq!(wire.host.poll_timeout(), None);
}

#[test]
fn crc_error_gets_one_nak_and_reject_condition() {
    let mut wire = Wire::new(
        AshConfig {
            window: 3,
            ..AshConfig::host()
        },
        AshConfig::ncp(),
    );
    wire.connect();
    for i in 0..3u8 {
        wire.host.send(&[i]).unwrap();
    }
    let frames: Vec<_> = std::iter::from_fn(|| wire.host.poll_transmit(wire.now)).collect();
    assert_eq!(frames.len(), 3);
    let mut bad = frames[0].clone();
    bad[1] ^= 0x01;
    wire.ncp.feed(&bad, wire.now);
    wire.ncp.feed(&frames[1], wire.now);
    wire.ncp.feed(&frames[2], wire.now);
    assert_eq!(wire.ncp.counters().crc_errors, 1);
    assert_eq!(
        wire.ncp.counters().naks_sent,
        1,
        "one NAK per reject condition"
    );
    assert_eq!(wire.ncp.poll_event(), None);
    let nak = wire.ncp.poll_transmit(wire.now).unwrap();
    assert_eq!(
        nak,
        Frame::Nak {
            ack_num: 0,
            n_rdy: false,
            reserved: false
        }
        .emit()
    );
    wire.host.feed(&nak, wire.now);
    let resent: Vec<_> = std::iter::from_fn(|| wire.host.poll_transmit(wire.now)).collect();
    assert_eq!(resent.len(), 3);
    for bytes in &resent {
        wire.ncp.feed(bytes, wire.now);
    }
    let got: Vec<_> = std::iter::from_fn(|| wire.ncp.poll_event()).collect();
    assert_eq!(
        got,
        vec![
            AshEvent::Data(vec![0]),
            AshEvent::Data(vec![1]),
            AshEvent::Data(vec![2])
        ]
    );
}

#[test]
fn unsolicited_rstack_and_error_are_reported() {
    let mut wire = Wire::new(AshConfig::host(), AshConfig::ncp());
    wire.connect();
    wire.host.feed(
        &Frame::RstAck {
            version: 2,
            code: ResetCode::POWER_ON,
        }
        .emit(),
        wire.now,
    );
    assert_eq!(
        wire.host.poll_event(),
        Some(AshEvent::NcpReset {
            code: ResetCode::POWER_ON
        })
    );
    assert!(!wire.host.is_connected());
    assert_eq!(wire.host.send(&[1]), Err(AshError::NotConnected));
    wire.connect();
    wire.host.feed(
        &Frame::Error {
            version: 2,
            code: ResetCode(0x51),
        }
        .emit(),
        wire.now,
    );
    assert_eq!(
        wire.host.poll_event(),
        Some(AshEvent::NcpError {
            code: ResetCode(0x51)
        })
    );
}

#[test]
fn link_fails_after_four_ack_timeouts() {
    let mut host = Ash::new(AshConfig::host());
    let mut ncp = Ash::new(AshConfig::ncp());
    let mut now = Instant::now();
    host.start_reset(now);
    while let Some(b) = host.poll_transmit(now) {
        ncp.feed(&b, now);
    }
    while let Some(b) = ncp.poll_transmit(now) {
        host.feed(&b, now);
    }
    assert!(matches!(
        host.poll_event(),
        Some(AshEvent::Connected { .. })
    ));
    host.send(&[9]).unwrap();
    let mut timeouts = 0;
    while host.is_connected() {
        while host.poll_transmit(now).is_some() {} // everything is lost
        now = host.poll_timeout().unwrap();
        host.handle_timeout(now);
        timeouts += 1;
        assert!(timeouts <= 4);
    }
    assert_eq!(timeouts, 4);
    assert_eq!(
        host.poll_event(),
        Some(AshEvent::Failed(AshError::AckTimeouts(4)))
    );
    assert_eq!(host.counters().retransmissions, 3);
}

#[test]
fn ncp_sends_error_0x51_after_four_ack_timeouts() {
    let mut ncp = Ash::new(AshConfig::ncp());
    let mut now = Instant::now();
    ncp.feed(&Frame::Rst.emit(), now);
    while ncp.poll_transmit(now).is_some() {}
    ncp.send(&[1]).unwrap();
    let mut last = Vec::new();
    for _ in 0..4 {
        while let Some(b) = ncp.poll_transmit(now) {
            last = b;
        }
        now = ncp.poll_timeout().unwrap();
        ncp.handle_timeout(now);
    }
    let bytes = ncp.poll_transmit(now).unwrap_or(last);
    assert_eq!(
        Decoder::new().feed(&bytes),
        vec![Ok(Frame::Error {
            version: 2,
            code: ResetCode(0x51)
        })]
    );
    assert!(!ncp.is_connected());
}

#[test]
fn reset_retries_then_fails() {
    let mut host = Ash::new(AshConfig::host());
    let mut now = Instant::now();
    host.start_reset(now);
    let mut rst_frames = 0;
    loop {
        while let Some(b) = host.poll_transmit(now) {
            if b == Frame::Rst.emit() {
                rst_frames += 1;
            }
        }
        match host.poll_timeout() {
            Some(t) => {
                assert_eq!(t - now, Duration::from_millis(3200));
                now = t;
                host.handle_timeout(now);
            }
            None => break,
        }
    }
    assert_eq!(rst_frames, 3);
    assert_eq!(
        host.poll_event(),
        Some(AshEvent::Failed(AshError::ResetFailed { attempts: 3 }))
    );
}

#[test]
fn wrong_ash_version_fails() {
    let mut host = Ash::new(AshConfig::host());
    let now = Instant::now();
    host.start_reset(now);
    host.feed(
        &Frame::RstAck {
            version: 3,
            code: ResetCode::SOFTWARE,
        }
        .emit(),
        now,
    );
    assert_eq!(
        host.poll_event(),
        Some(AshEvent::Failed(AshError::UnsupportedVersion(3)))
    );
}

#[test]
fn not_ready_peer_gets_no_new_data() {
    let mut wire = Wire::new(
        AshConfig {
            window: 7,
            ..AshConfig::host()
        },
        AshConfig::ncp(),
    );
    wire.connect();
    wire.host.feed(
        &Frame::Ack {
            ack_num: 0,
            n_rdy: true,
            reserved: false,
        }
        .emit(),
        wire.now,
    );
    wire.host.send(&[1]).unwrap();
    assert_eq!(wire.host.poll_transmit(wire.now), None);
    wire.host.feed(
        &Frame::Ack {
            ack_num: 0,
            n_rdy: false,
            reserved: false,
        }
        .emit(),
        wire.now,
    );
    // DATA frame 0 (control 0x00), one randomised data byte, CRC 0x65a8, flag.
    assert_eq!(
        wire.host.poll_transmit(wire.now),
        Some(vec![0x00, 0x43, 0x65, 0xa8, 0x7e])
    );
}

#[test]
fn data_before_reset_is_ignored() {
    let mut ncp = Ash::new(AshConfig::ncp());
    let now = Instant::now();
    ncp.feed(
        &Frame::Data {
            frm_num: 0,
            re_tx: false,
            ack_num: 0,
            payload: vec![1],
        }
        .emit(),
        now,
    );
    assert_eq!(ncp.poll_event(), None);
    assert_eq!(ncp.poll_transmit(now), None);
}

#[test]
fn ack_timeout_adapts_to_fast_acks() {
    let mut wire = Wire::new(AshConfig::host(), AshConfig::ncp());
    wire.connect();
    for i in 0..20u8 {
        wire.host.send(&[i]).unwrap();
        wire.step(Duration::from_millis(10));
        wire.step(Duration::from_millis(10));
    }
    assert_eq!(
        wire.host.ack_timeout(),
        Duration::from_millis(400),
        "settles at the minimum"
    );
}
