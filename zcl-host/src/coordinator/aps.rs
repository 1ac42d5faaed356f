//! What travels across the [`Radio`](super::Radio) seam once a network runs: APS frames out
//! and in, joins and leaves, scan results. Both coprocessor families are translated to these
//! types, so the coordinator logic above never sees EZSP or MT.

/// The Zigbee Device Profile (endpoint 0, profile 0x0000).
pub const ZDO_PROFILE: u16 = 0x0000;
/// Zigbee Home Automation (Zigbee 3.0 devices use it too).
pub const HA_PROFILE: u16 = 0x0104;
/// The endpoint the coordinator's own application uses.
pub const COORDINATOR_ENDPOINT: u8 = 1;
/// All devices whose receiver is on when idle (Zigbee specification 3.6.5, table 3-69).
pub const BROADCAST_RX_ON_WHEN_IDLE: u16 = 0xFFFD;
/// All routers and the coordinator.
pub const BROADCAST_ROUTERS: u16 = 0xFFFC;
/// Every device, sleepy end devices included.
pub const BROADCAST_ALL: u16 = 0xFFFF;

/// Where an APS frame goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// One node, by network address.
    Unicast(u16),
    /// A broadcast address (0xFFFC, 0xFFFD, 0xFFFF).
    Broadcast(u16),
    /// A group (APS multicast).
    Group(u16),
}

/// An APS data request: the addressing of one frame the coordinator sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutgoingAps {
    /// Destination.
    pub dst: Destination,
    /// Profile id (0x0000 for ZDP).
    pub profile: u16,
    /// Cluster id.
    pub cluster: u16,
    /// Source endpoint on the coordinator.
    pub src_ep: u8,
    /// Destination endpoint (ignored for groups).
    pub dst_ep: u8,
    /// Maximum hops (0: the stack's default).
    pub radius: u8,
}

impl OutgoingAps {
    /// A ZDP request (endpoint 0 to endpoint 0) for `cluster`.
    pub fn zdp(dst: Destination, cluster: u16) -> Self {
        Self {
            dst,
            profile: ZDO_PROFILE,
            cluster,
            src_ep: 0,
            dst_ep: 0,
            radius: 0,
        }
    }

    /// A Home Automation frame from the coordinator's endpoint.
    pub fn ha(dst: Destination, dst_ep: u8, cluster: u16) -> Self {
        Self {
            dst,
            profile: HA_PROFILE,
            cluster,
            src_ep: COORDINATOR_ENDPOINT,
            dst_ep,
            radius: 0,
        }
    }
}

/// An APS frame the coprocessor received for the coordinator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomingAps {
    /// Sender's network address.
    pub src_nwk: u16,
    /// Sender's IEEE address, when the coprocessor reports it.
    pub src_ieee: Option<u64>,
    /// Profile id.
    pub profile: u16,
    /// Cluster id.
    pub cluster: u16,
    /// Sender's endpoint.
    pub src_ep: u8,
    /// Endpoint it was sent to.
    pub dst_ep: u8,
    /// The group it was sent to, for multicasts.
    pub group: Option<u16>,
    /// Whether it was broadcast.
    pub broadcast: bool,
    /// Link quality of the last hop.
    pub lqi: u8,
    /// Signal strength of the last hop (dBm), when the coprocessor reports it.
    pub rssi: Option<i8>,
    /// The ZDP or ZCL frame.
    pub payload: Vec<u8>,
}

/// Something the coprocessor reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RadioEvent {
    /// An APS frame arrived.
    Message(IncomingAps),
    /// A device was let in by the trust center (it has yet to announce itself).
    DeviceJoined {
        /// Its network address.
        nwk: u16,
        /// Its IEEE address.
        ieee: u64,
        /// The router it joined through.
        parent: u16,
    },
    /// A device announced itself (Device_annce, Zigbee specification 2.4.3.1.11): after a
    /// join, a rejoin or an address change.
    DeviceAnnounced {
        /// Its network address.
        nwk: u16,
        /// Its IEEE address.
        ieee: u64,
        /// Its MAC capability flags (bit 1: a router; bit 3: receiver on when idle).
        capability: u8,
    },
    /// A device left the network.
    DeviceLeft {
        /// The network address it had, when known.
        nwk: Option<u16>,
        /// Its IEEE address.
        ieee: u64,
    },
    /// The outcome of a frame sent with [`Radio::send`](super::Radio::send) (for broadcasts
    /// and multicasts: that it went out).
    Delivery {
        /// The tag `send` returned.
        tag: u16,
        /// Whether the destination acknowledged it.
        delivered: bool,
    },
}

/// A coprocessor endpoint the coordinator's application registers (simple descriptor fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointConfig {
    /// Endpoint number.
    pub endpoint: u8,
    /// Profile id.
    pub profile: u16,
    /// Device id.
    pub device_id: u16,
    /// Server clusters.
    pub input_clusters: Vec<u16>,
    /// Client clusters.
    pub output_clusters: Vec<u16>,
}

impl EndpointConfig {
    /// The coordinator's Home Automation endpoint: a configuration tool (device 0x0005) that
    /// binds to and receives reports from every cluster the simulated and common devices have.
    pub fn coordinator() -> Self {
        Self {
            endpoint: COORDINATOR_ENDPOINT,
            profile: HA_PROFILE,
            device_id: 0x0005,
            input_clusters: vec![0x0000, 0x0003],
            output_clusters: vec![
                0x0000, 0x0001, 0x0003, 0x0004, 0x0005, 0x0006, 0x0008, 0x0019, 0x0300, 0x0402,
                0x0405, 0x0406, 0x0500, 0x0702, 0x0b04,
            ],
        }
    }
}

/// The energy found on one channel by an energy scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct EnergyReading {
    /// Channel (11-26).
    pub channel: u8,
    /// Energy on a 0-255 scale (as ZDP Mgmt_NWK_Update_notify reports it).
    pub energy: u8,
    /// The strongest signal heard (dBm).
    pub max_rssi: i8,
}

impl EnergyReading {
    /// From a maximum RSSI (dBm): -100 dBm and below is 0, -15 dBm and above 255, linear
    /// between (the scale Z-Stack's energy detection uses).
    pub fn from_rssi(channel: u8, max_rssi: i8) -> Self {
        let scaled = (i16::from(max_rssi) + 100).clamp(0, 85) * 3;
        Self {
            channel,
            energy: u8::try_from(scaled).unwrap_or(u8::MAX),
            max_rssi,
        }
    }

    /// From an energy byte (the inverse of [`EnergyReading::from_rssi`]).
    pub fn from_energy(channel: u8, energy: u8) -> Self {
        let rssi = i16::from(energy) / 3 - 100;
        Self {
            channel,
            energy,
            max_rssi: i8::try_from(rssi).unwrap_or(i8::MIN),
        }
    }
}

/// A network found by an active scan (from its beacons).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct FoundNetwork {
    /// Channel.
    pub channel: u8,
    /// PAN id.
    pub pan_id: u16,
    /// Extended PAN id.
    pub extended_pan_id: u64,
    /// Whether it lets devices join now.
    pub permit_joining: bool,
    /// Stack profile (2: Zigbee PRO).
    pub stack_profile: u8,
    /// Network update id.
    pub nwk_update_id: u8,
    /// Link quality of the beacon.
    pub lqi: u8,
    /// Signal strength of the beacon (dBm), when known.
    pub rssi: Option<i8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn energy_scale_matches_z_stack_ends_and_round_trips() {
        assert_eq!(EnergyReading::from_rssi(11, -100).energy, 0);
        assert_eq!(EnergyReading::from_rssi(11, -120).energy, 0);
        assert_eq!(EnergyReading::from_rssi(11, -15).energy, 255);
        assert_eq!(EnergyReading::from_rssi(11, -60).energy, 120);
        let back = EnergyReading::from_energy(15, 120);
        assert_eq!(back.max_rssi, -60);
        assert_eq!(EnergyReading::from_energy(15, 255).max_rssi, -15);
    }
}
