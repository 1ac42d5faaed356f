//! Simulated sniffers: a virtual Zigbee network that someone else runs (its own coordinator and
//! the standard devices, forming, joining and talking), heard by a radio in sniffer mode.
//!
//! [`SniffWorld`] is that network: it forms on its channel when created, opens joining, lets the
//! devices join (beacons, association, the APS-encrypted Transport Key of the network key, the
//! NWK-encrypted Device_annce), then generates traffic: every `traffic_ms` of simulated time the
//! coordinator reads an attribute of one device in turn (and toggles the light every fourth
//! round); the devices answer, with MAC and APS acknowledgments. Every frame is a real 802.15.4
//! frame with its FCS, as [`super::network::Network`] puts it on the air.
//!
//! Three radios hear it: the EZSP simulator's manufacturing library ([`super::ezsp`]), and the
//! two front ends served here: the nRF 802.15.4 sniffer's text shell ([`run_nrf`]) and an
//! OpenThread RCP speaking Spinel over HDLC-lite ([`run_spinel`]).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::air::AirFrame;
use super::devices::DeviceKind;
use super::network::{ApsInfo, Network, NetworkConfig};
use super::serve::{run_on, SimError, SimOptions};
use super::state::{NetworkParams, SecurityParams};
use crate::capture::hdlc::{self, HdlcDecoder};
use crate::capture::nrf::{NrfCommand, NrfFrame};
use crate::capture::spinel::{self, RawFrame, SpinelFrame};
use crate::radio::transport::{Transport, TransportError};

/// Home Automation profile id.
const HA_PROFILE: u16 = 0x0104;

/// How the sniffed network behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WorldOptions {
    /// Its channel (11-26).
    pub channel: u8,
    /// Simulated time runs this many times faster than real time.
    pub speed: f64,
    /// Simulated milliseconds between two rounds of coordinator traffic.
    pub traffic_ms: u64,
    /// Seed of the network key and the radio readings.
    pub seed: u64,
}

impl Default for WorldOptions {
    fn default() -> Self {
        WorldOptions {
            channel: 15,
            speed: 1.0,
            traffic_ms: 1000,
            seed: 1,
        }
    }
}

/// One frame heard on the virtual air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorldFrame {
    /// Simulated time it was sent.
    pub at: Duration,
    /// Channel.
    pub channel: u8,
    /// PSDU: MAC frame and FCS.
    pub psdu: Vec<u8>,
    /// RSSI at the sniffer, dBm.
    pub rssi: i8,
    /// LQI at the sniffer.
    pub lqi: u8,
}

type AirQueue = Arc<Mutex<VecDeque<(Duration, u8, Vec<u8>)>>>;

/// The sniffed network and its traffic generator.
pub struct SniffWorld {
    net: Network,
    air: AirQueue,
    epoch: Instant,
    options: WorldOptions,
    next_traffic_ms: u64,
    round: u64,
    tsn: u8,
    rng: SmallRng,
}

impl core::fmt::Debug for SniffWorld {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SniffWorld")
            .field("options", &self.options)
            .field("round", &self.round)
            .finish_non_exhaustive()
    }
}

impl SniffWorld {
    /// Forms the network now and opens joining.
    #[must_use]
    pub fn new(options: WorldOptions) -> Self {
        let mut rng = SmallRng::seed_from_u64(options.seed);
        let mut net = Network::new(NetworkConfig::default());
        let air: AirQueue = Arc::default();
        let sink = Arc::clone(&air);
        net.set_air_sink(Some(Box::new(move |f: &AirFrame<'_>| {
            if let Ok(mut q) = sink.lock() {
                q.push_back((f.at, f.channel, f.bytes.to_vec()));
            }
        })));
        let key: [u8; 16] = rng.random();
        let params = NetworkParams {
            channel: options.channel,
            ..NetworkParams::default()
        };
        let _ = net.form(params, SecurityParams::new(key));
        let _ = net.permit_join(255, Duration::ZERO);
        SniffWorld {
            net,
            air,
            epoch: Instant::now(),
            options,
            next_traffic_ms: options.traffic_ms.max(1),
            round: 0,
            tsn: 0,
            rng,
        }
    }

    /// The network key (for tests and for telling a user who wants to decrypt without the
    /// Transport Key).
    #[must_use]
    pub fn network_key(&self) -> Option<[u8; 16]> {
        self.net.security().map(|s| s.network_key)
    }

    /// Simulated time now.
    #[must_use]
    pub fn now(&self) -> Duration {
        self.epoch.elapsed().mul_f64(self.options.speed.max(0.0))
    }

    /// Runs the network up to now; returns the frames sent since the last call, oldest first.
    pub fn poll(&mut self) -> Vec<WorldFrame> {
        let now = self.now();
        let now_ms = u64::try_from(now.as_millis()).unwrap_or(u64::MAX);
        while now_ms >= self.next_traffic_ms {
            let at = Duration::from_millis(self.next_traffic_ms);
            self.net.tick(at);
            self.traffic(at);
            self.next_traffic_ms += self.options.traffic_ms.max(1);
        }
        self.net.tick(now);
        let frames: Vec<_> = match self.air.lock() {
            Ok(mut q) => q.drain(..).collect(),
            Err(_) => Vec::new(),
        };
        frames
            .into_iter()
            .map(|(at, channel, psdu)| {
                let rssi: i8 = self.rng.random_range(-85..=-35);
                // LQI rises with the signal, as CC2420-style radios map it.
                let lqi = u8::try_from((i32::from(rssi) + 90) * 255 / 55).unwrap_or(255);
                WorldFrame {
                    at,
                    channel,
                    psdu,
                    rssi,
                    lqi,
                }
            })
            .collect()
    }

    fn traffic(&mut self, at: Duration) {
        let devices: Vec<_> = self
            .net
            .devices()
            .into_iter()
            .filter_map(|d| d.nwk.map(|n| (d.spec.kind, n)))
            .collect();
        if devices.is_empty() {
            return;
        }
        let round = self.round;
        self.round += 1;
        let index = usize::try_from(round % devices.len() as u64).unwrap_or(0);
        let Some(&(kind, nwk)) = devices.get(index) else {
            return;
        };
        let tsn = self.tsn;
        self.tsn = self.tsn.wrapping_add(1);
        let tag = u32::try_from(round & 0xffff_ffff).unwrap_or(0);
        if round % 4 == 3 {
            if let Some(&(_, light)) = devices
                .iter()
                .find(|(k, _)| *k == DeviceKind::DimmableLight)
            {
                // On/Off Toggle (cluster-specific, client to server).
                let _ = self.net.send_unicast(
                    at,
                    light,
                    ApsInfo::new(HA_PROFILE, 0x0006, 1, 1).with_ack(),
                    &[0x01, tsn, 0x02],
                    tag,
                );
                return;
            }
        }
        let (cluster, attribute) = match kind {
            DeviceKind::DimmableLight => (0x0006u16, 0x0000u16),
            DeviceKind::TemperatureHumiditySensor => (0x0402, 0x0000),
            DeviceKind::MeteringPlug => (0x0702, 0x0000),
        };
        let [lo, hi] = attribute.to_le_bytes();
        // Read Attributes (profile-wide, client to server).
        let _ = self.net.send_unicast(
            at,
            nwk,
            ApsInfo::new(HA_PROFILE, cluster, 1, 1).with_ack(),
            &[0x00, tsn, 0x00, lo, hi],
            tag,
        );
    }
}

fn micros32(at: Duration) -> u32 {
    (at.as_micros() & 0xffff_ffff) as u32
}

/// Serves the nRF 802.15.4 sniffer front end until the process is stopped.
///
/// # Errors
/// The pty or listener cannot be created.
pub fn run_nrf(
    options: &SimOptions,
    world: WorldOptions,
    announce: impl FnMut(&str),
) -> Result<(), SimError> {
    let mut air: Option<SniffWorld> = None;
    run_on(options, announce, &mut |transport, _| {
        serve_nrf(transport, &mut air, world)
    })
}

/// The nRF sniffer shell: echoes what the host types, takes `sleep`, `channel N` and
/// `receive`, and prints a `received:` line per frame on its channel while receiving.
fn serve_nrf(
    mut transport: Transport,
    air: &mut Option<SniffWorld>,
    world: WorldOptions,
) -> Result<(), TransportError> {
    let mut buf = vec![0u8; 1024];
    let mut line = Vec::new();
    let mut channel = 11u8;
    let mut receiving = false;
    loop {
        let n = transport.read(&mut buf, Duration::from_millis(10))?;
        let input = buf.get(..n).unwrap_or_default().to_vec();
        if !input.is_empty() {
            transport.write_all(&input)?;
        }
        for b in input {
            if b != b'\r' && b != b'\n' {
                if line.len() < 256 {
                    line.push(b);
                }
                continue;
            }
            let text = String::from_utf8_lossy(&line).into_owned();
            line.clear();
            match NrfCommand::parse(&text) {
                NrfCommand::Sleep => receiving = false,
                NrfCommand::Channel(c) if (11..=26).contains(&c) => channel = c,
                NrfCommand::Channel(c) => {
                    transport.write_all(format!("channel {c}: out of range\r\n").as_bytes())?;
                }
                NrfCommand::Receive => {
                    receiving = true;
                    air.get_or_insert_with(|| SniffWorld::new(world));
                }
                NrfCommand::Other(s) if s.is_empty() => {}
                NrfCommand::Other(s) => {
                    transport.write_all(format!("{s}: command not found\r\n").as_bytes())?;
                }
            }
        }
        if let Some(w) = air.as_mut() {
            let mut out = String::new();
            for f in w.poll() {
                if receiving && f.channel == channel {
                    let line = NrfFrame {
                        psdu: f.psdu,
                        power: i16::from(f.rssi),
                        lqi: f.lqi,
                        time_us: micros32(f.at),
                    };
                    out.push_str(&line.to_line());
                }
            }
            if !out.is_empty() {
                transport.write_all(out.as_bytes())?;
            }
        }
    }
}

/// Serves the Spinel RCP front end until the process is stopped.
///
/// # Errors
/// The pty or listener cannot be created.
pub fn run_spinel(
    options: &SimOptions,
    world: WorldOptions,
    announce: impl FnMut(&str),
) -> Result<(), SimError> {
    let mut air: Option<SniffWorld> = None;
    run_on(options, announce, &mut |transport, _| {
        serve_spinel(transport, &mut air, world)
    })
}

/// What a Spinel RCP keeps between commands.
#[derive(Debug, Clone, Copy)]
struct RcpState {
    phy_enabled: bool,
    channel: u8,
    promiscuous: u8,
    raw_stream: bool,
}

impl Default for RcpState {
    fn default() -> Self {
        RcpState {
            phy_enabled: false,
            channel: 11,
            promiscuous: 0,
            raw_stream: false,
        }
    }
}

fn status_frame(tid: u8, status: u32) -> Vec<u8> {
    let mut v = Vec::with_capacity(2);
    spinel::push_packed(&mut v, status);
    spinel::property_frame(tid, spinel::CMD_PROP_VALUE_IS, spinel::PROP_LAST_STATUS, &v)
}

/// The answer of an RCP to one host frame.
fn rcp_answer(state: &mut RcpState, frame: &SpinelFrame<'_>) -> Vec<u8> {
    let tid = frame.header.tid();
    match frame.command {
        spinel::CMD_NOOP => status_frame(tid, spinel::STATUS_OK),
        spinel::CMD_RESET => {
            *state = RcpState::default();
            status_frame(0, spinel::STATUS_RESET_POWER_ON)
        }
        spinel::CMD_PROP_VALUE_GET => {
            let Ok((prop, _)) = frame.property() else {
                return status_frame(tid, spinel::STATUS_PARSE_ERROR);
            };
            let value: Vec<u8> = match prop {
                spinel::PROP_PROTOCOL_VERSION => {
                    let mut v = Vec::new();
                    spinel::push_packed(&mut v, spinel::PROTOCOL_MAJOR);
                    spinel::push_packed(&mut v, 3);
                    v
                }
                spinel::PROP_NCP_VERSION => b"OPENTHREAD/zcl-host-sim; RCP; simulated\0".to_vec(),
                spinel::PROP_INTERFACE_TYPE => vec![3],
                spinel::PROP_HWADDR => 0x00f4_ce36_0000_0001u64.to_be_bytes().to_vec(),
                spinel::PROP_PHY_ENABLED => vec![u8::from(state.phy_enabled)],
                spinel::PROP_PHY_CHAN => vec![state.channel],
                spinel::PROP_MAC_PROMISCUOUS_MODE => vec![state.promiscuous],
                spinel::PROP_MAC_RAW_STREAM_ENABLED => vec![u8::from(state.raw_stream)],
                _ => return status_frame(tid, spinel::STATUS_PROP_NOT_FOUND),
            };
            spinel::property_frame(tid, spinel::CMD_PROP_VALUE_IS, prop, &value)
        }
        spinel::CMD_PROP_VALUE_SET => {
            let Ok((prop, value)) = frame.property() else {
                return status_frame(tid, spinel::STATUS_PARSE_ERROR);
            };
            let Some(&v) = value.first() else {
                return status_frame(tid, spinel::STATUS_PARSE_ERROR);
            };
            match prop {
                spinel::PROP_PHY_ENABLED if v <= 1 => state.phy_enabled = v == 1,
                spinel::PROP_PHY_CHAN if (11..=26).contains(&v) => state.channel = v,
                spinel::PROP_MAC_PROMISCUOUS_MODE if v <= 2 => state.promiscuous = v,
                spinel::PROP_MAC_RAW_STREAM_ENABLED if v <= 1 => state.raw_stream = v == 1,
                spinel::PROP_PHY_ENABLED
                | spinel::PROP_PHY_CHAN
                | spinel::PROP_MAC_PROMISCUOUS_MODE
                | spinel::PROP_MAC_RAW_STREAM_ENABLED => {
                    return status_frame(tid, spinel::STATUS_INVALID_ARGUMENT)
                }
                _ => return status_frame(tid, spinel::STATUS_PROP_NOT_FOUND),
            }
            spinel::property_frame(tid, spinel::CMD_PROP_VALUE_IS, prop, &[v])
        }
        _ => status_frame(tid, spinel::STATUS_INVALID_COMMAND),
    }
}

/// The RCP loop: HDLC-lite frames from the host are answered; while the PHY is on and
/// promiscuous mode is set, every frame on its channel goes to the host as an unsolicited
/// `PROP_STREAM_RAW` with RSSI, channel, LQI and timestamp.
fn serve_spinel(
    mut transport: Transport,
    air: &mut Option<SniffWorld>,
    world: WorldOptions,
) -> Result<(), TransportError> {
    let mut buf = vec![0u8; 2048];
    let mut decoder = HdlcDecoder::new();
    let mut state = RcpState::default();
    // An RCP announces its (re)start.
    transport.write_all(&hdlc::encode(&status_frame(
        0,
        spinel::STATUS_RESET_POWER_ON,
    )))?;
    loop {
        let n = transport.read(&mut buf, Duration::from_millis(10))?;
        let mut out = Vec::new();
        for item in decoder.feed(buf.get(..n).unwrap_or_default()) {
            let payload = match item {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("zcl-host sim: HDLC error from host: {e}");
                    continue;
                }
            };
            match SpinelFrame::parse(&payload) {
                Ok(f) => out.extend(hdlc::encode(&rcp_answer(&mut state, &f))),
                Err(e) => eprintln!("zcl-host sim: malformed Spinel frame from host: {e}"),
            }
        }
        if state.phy_enabled && state.promiscuous > 0 {
            air.get_or_insert_with(|| SniffWorld::new(world));
        }
        if let Some(w) = air.as_mut() {
            for f in w.poll() {
                if !(state.phy_enabled && state.promiscuous > 0 && f.channel == state.channel) {
                    continue;
                }
                let raw = RawFrame {
                    psdu: &f.psdu,
                    rssi: Some(f.rssi),
                    noise_floor: Some(-128),
                    flags: Some(0),
                    channel: Some(f.channel),
                    lqi: Some(f.lqi),
                    timestamp_us: Some(u64::try_from(f.at.as_micros()).unwrap_or(u64::MAX)),
                    receive_error: Some(0),
                };
                let frame = spinel::property_frame(
                    0,
                    spinel::CMD_PROP_VALUE_IS,
                    spinel::PROP_STREAM_RAW,
                    &raw.to_bytes(),
                );
                out.extend(hdlc::encode(&frame));
            }
        }
        if !out.is_empty() {
            transport.write_all(&out)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sniff::mac::fcs_ok;

    #[test]
    fn world_joins_and_talks() {
        let mut w = SniffWorld::new(WorldOptions {
            speed: 1000.0,
            ..WorldOptions::default()
        });
        // Drive simulated time by hand: 30 s.
        w.epoch = Instant::now() - Duration::from_millis(30);
        let frames = w.poll();
        assert!(frames.len() > 40, "{}", frames.len());
        assert!(frames.iter().all(|f| f.channel == 15 && fcs_ok(&f.psdu)));
        let mut keys = crate::sniff::KeyStore::new();
        let mut decrypted = 0;
        let mut learned = 0;
        for f in &frames {
            let mac = &f.psdu[..f.psdu.len() - 2];
            let d = crate::sniff::dissect(mac, &mut keys);
            learned += usize::from(d.learned.is_some());
            decrypted += usize::from(matches!(d.nwk_security, Some(Ok(_))));
        }
        assert!(learned >= 1);
        assert!(decrypted > 20, "{decrypted}");
    }

    #[test]
    fn rcp_answers_sets_and_gets() {
        let mut s = RcpState::default();
        let set =
            spinel::property_frame(2, spinel::CMD_PROP_VALUE_SET, spinel::PROP_PHY_CHAN, &[20]);
        let answer = rcp_answer(&mut s, &SpinelFrame::parse(&set).unwrap());
        assert_eq!(
            answer,
            spinel::property_frame(2, spinel::CMD_PROP_VALUE_IS, spinel::PROP_PHY_CHAN, &[20])
        );
        assert_eq!(s.channel, 20);
        let bad =
            spinel::property_frame(3, spinel::CMD_PROP_VALUE_SET, spinel::PROP_PHY_CHAN, &[5]);
        assert_eq!(
            rcp_answer(&mut s, &SpinelFrame::parse(&bad).unwrap()),
            status_frame(3, spinel::STATUS_INVALID_ARGUMENT)
        );
        let unknown = spinel::property_frame(4, spinel::CMD_PROP_VALUE_GET, 0x1234, &[]);
        assert_eq!(
            rcp_answer(&mut s, &SpinelFrame::parse(&unknown).unwrap()),
            status_frame(4, spinel::STATUS_PROP_NOT_FOUND)
        );
    }
}
