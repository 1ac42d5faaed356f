//! Generated captures: the demo capture (a device joining and talking, every layer present) and
//! synthetic captures of any size for benchmarks. Frames are built with the frame layers'
//! encoders (`zcl_frames`, through `zcl_host::sniff`) and encrypted with their AES-CCM*, so
//! decoding them checks both directions.
//!
//! A fixture generator, not library code: the `gen_demo` and `gen_synthetic` examples, the sniff
//! benchmark and the tests that check `examples/demo.pcapng` is current include this file with
//! `#[path = ...] mod demo_capture;`. Each uses part of it, hence the `dead_code` allowance.
//!
//! The demo network: coordinator and trust center 0x0000 (IEEE 00:12:4b:00:01:ab:cd:ef), PAN
//! 0x1a62 on channel 15, network key [`DEMO_NETWORK_KEY`], default trust-center link key
//! "ZigBeeAlliance09". A dimmable light with a temperature sensor (IEEE
//! 00:15:8d:00:04:a1:b2:c3) joins, gets short address 0x5f3a, is interviewed (node descriptor,
//! active endpoints, simple descriptor) and exchanges ZCL frames (temperature reports, On/Off
//! toggle, Move to Level), all NWK-encrypted.

#![allow(dead_code)]

use std::io::Write;
use zcl_core::Writer;
use zcl_host::capture::{CaptureError, PcapngWriter, WriteLinkType};
use zcl_host::sniff::aps::{ApsCommand, ApsHeader, DeliveryMode, KeyType, TransportedKey};
use zcl_host::sniff::mac::{
    Address, MacCommand, MacFrameControl, MacFrameType, MacHeader, ZigbeeBeacon,
};
use zcl_host::sniff::nwk::{AuxSecurityHeader, KeyId, NwkFrameType, NwkHeader};
use zcl_host::sniff::security::{
    encrypt_in_place, key_transport_key, CipherKey, Key, ZIGBEE_ALLIANCE_09,
};
use zcl_host::sniff::{Eui64, PanId, ShortAddr};

/// Network key of the demo and synthetic captures.
pub const DEMO_NETWORK_KEY: Key = [
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10,
];
/// PAN id of the demo network.
pub const DEMO_PAN: u16 = 0x1a62;
/// Channel of the demo network.
pub const DEMO_CHANNEL: u8 = 15;
/// Extended PAN id of the demo network.
pub const DEMO_EXTENDED_PAN: u64 = 0xdd00_1a62_dd00_1a62;
/// IEEE address of the coordinator (trust center).
pub const COORDINATOR_IEEE: u64 = 0x0012_4b00_01ab_cdef;
/// IEEE address of the joining light.
pub const LIGHT_IEEE: u64 = 0x0015_8d00_04a1_b2c3;
/// Short address the light gets.
pub const LIGHT_SHORT: u16 = 0x5f3a;
/// Capture start: 2024-03-01 12:00:00 UTC, in nanoseconds.
const START_NS: u64 = 1_709_294_400_000_000_000;

/// One node's counters.
#[derive(Debug, Clone)]
struct Node {
    short: u16,
    ieee: u64,
    mac_seq: u8,
    nwk_seq: u8,
    nwk_counter: u32,
    aps_counter: u8,
    tsn: u8,
}

impl Node {
    fn new(short: u16, ieee: u64, seed: u8, nwk_counter: u32) -> Self {
        Node {
            short,
            ieee,
            mac_seq: seed,
            nwk_seq: seed.wrapping_mul(3),
            nwk_counter,
            aps_counter: seed.wrapping_add(40),
            tsn: seed.wrapping_add(7),
        }
    }
    fn next_mac_seq(&mut self) -> u8 {
        let s = self.mac_seq;
        self.mac_seq = self.mac_seq.wrapping_add(1);
        s
    }
    fn next_nwk_seq(&mut self) -> u8 {
        let s = self.nwk_seq;
        self.nwk_seq = self.nwk_seq.wrapping_add(1);
        s
    }
    fn next_counter(&mut self) -> u32 {
        let c = self.nwk_counter;
        self.nwk_counter = self.nwk_counter.wrapping_add(1);
        c
    }
    fn next_aps(&mut self) -> u8 {
        let c = self.aps_counter;
        self.aps_counter = self.aps_counter.wrapping_add(1);
        c
    }
    fn next_tsn(&mut self) -> u8 {
        let t = self.tsn;
        self.tsn = self.tsn.wrapping_add(1);
        t
    }
}

/// Builds frames into a reused buffer and writes them.
struct Builder<W: Write> {
    out: PcapngWriter<W>,
    time_ns: u64,
    buf: Vec<u8>,
    nwk_key: CipherKey,
    transport_key: CipherKey,
    /// Whether unicast frames are followed by a MAC acknowledgment.
    acks: bool,
}

fn encode_err(e: zcl_core::EncodeError) -> CaptureError {
    CaptureError::Io(std::io::Error::other(format!("building a frame: {e:?}")))
}

fn security_err(e: zcl_host::sniff::SecurityError) -> CaptureError {
    CaptureError::Io(std::io::Error::other(format!("encrypting a frame: {e}")))
}

impl<W: Write> Builder<W> {
    fn new(out: W) -> Result<Self, CaptureError> {
        Ok(Builder {
            out: PcapngWriter::new(out, WriteLinkType::WithFcs)?,
            time_ns: START_NS,
            buf: Vec::with_capacity(128),
            nwk_key: CipherKey::new(DEMO_NETWORK_KEY),
            transport_key: CipherKey::new(key_transport_key(&ZIGBEE_ALLIANCE_09)),
            acks: true,
        })
    }

    /// Advances the clock by `ms` milliseconds.
    fn wait_ms(&mut self, ms: u64) {
        self.time_ns += ms * 1_000_000;
    }

    /// Writes a MAC frame of `header` and `payload`; with `ack`, the acknowledgment 1 ms later.
    fn mac(&mut self, header: &MacHeader, payload: &[u8], ack: bool) -> Result<(), CaptureError> {
        let mut head = [0u8; 32];
        let n = header.emit(&mut head).map_err(encode_err)?;
        self.buf.clear();
        self.buf
            .extend_from_slice(head.get(..n).unwrap_or_default());
        self.buf.extend_from_slice(payload);
        self.out.write_frame(self.time_ns, &self.buf)?;
        if ack {
            self.wait_ms(1);
            // Acknowledgment: frame control 0x0002 (no addresses), the acknowledged sequence.
            let seq = header.sequence.unwrap_or(0);
            self.out.write_frame(self.time_ns, &[0x02, 0x00, seq])?;
        }
        self.wait_ms(2);
        Ok(())
    }

    /// A NWK frame from `from` (MAC source) to MAC destination `mac_dst`, NWK destination
    /// `nwk_dst`, NWK-secured with the network key unless `secured` is false.
    #[allow(clippy::too_many_arguments)]
    fn nwk(
        &mut self,
        from: &mut Node,
        mac_dst: u16,
        nwk_dst: u16,
        nwk_src: u16,
        frame_type: NwkFrameType,
        radius: u8,
        payload: &[u8],
        secured: bool,
    ) -> Result<(), CaptureError> {
        let mut frame = [0u8; 127];
        let mut w = Writer::new(&mut frame);
        let header = NwkHeader::new(
            frame_type,
            ShortAddr(nwk_dst),
            ShortAddr(nwk_src),
            radius,
            from.next_nwk_seq(),
        )
        .with_flags(secured);
        header.emit_to(&mut w).map_err(encode_err)?;
        let aux_offset = w.len();
        if secured {
            AuxSecurityHeader::new(
                KeyId::Network,
                from.next_counter(),
                Some(Eui64(from.ieee)),
                Some(0),
            )
            .emit_to(&mut w)
            .map_err(encode_err)?;
        }
        let payload_offset = w.len();
        w.bytes(payload).map_err(encode_err)?;
        if secured {
            w.bytes(&[0; 4]).map_err(encode_err)?;
        }
        let len = w.len();
        let nwk = frame.get_mut(..len).unwrap_or_default();
        if secured {
            encrypt_in_place(
                &self.nwk_key,
                nwk,
                aux_offset,
                payload_offset,
                Eui64(from.ieee),
            )
            .map_err(security_err)?;
        }
        let nwk = nwk.to_vec();
        let ack = mac_dst != 0xffff && self.acks;
        let header = MacHeader::data(
            from.next_mac_seq(),
            PanId(DEMO_PAN),
            Address::Short(ShortAddr(mac_dst)),
            Address::Short(ShortAddr(from.short)),
            ack,
        );
        self.mac(&header, &nwk, ack)
    }

    /// An APS data frame (ZDP or ZCL) from `from` to `to`, one hop, NWK-secured.
    #[allow(clippy::too_many_arguments)]
    fn aps_data(
        &mut self,
        from: &mut Node,
        to: u16,
        profile: u16,
        cluster: u16,
        endpoints: (u8, u8),
        payload: &[u8],
    ) -> Result<(), CaptureError> {
        let delivery = if to >= 0xfff8 {
            DeliveryMode::Broadcast
        } else {
            DeliveryMode::Unicast
        };
        let header = ApsHeader::data(
            delivery,
            endpoints.1,
            cluster,
            profile,
            endpoints.0,
            from.next_aps(),
        );
        let mut aps = [0u8; 120];
        let n = header.emit(&mut aps).map_err(encode_err)?;
        let mut frame = aps.get(..n).unwrap_or_default().to_vec();
        frame.extend_from_slice(payload);
        let mac_dst = if to >= 0xfff8 { 0xffff } else { to };
        let src = from.short;
        self.nwk(from, mac_dst, to, src, NwkFrameType::Data, 30, &frame, true)
    }

    /// The trust center's APS Transport Key of the network key to `to`, APS-secured with the
    /// key-transport key of the default trust-center link key, NWK-unsecured (the joiner does
    /// not have the network key yet).
    fn transport_key(&mut self, tc: &mut Node, to: &Node) -> Result<(), CaptureError> {
        let mut frame = [0u8; 127];
        let mut w = Writer::new(&mut frame);
        ApsHeader::command(tc.next_aps(), true)
            .emit_to(&mut w)
            .map_err(encode_err)?;
        let aux_offset = w.len();
        // APS security uses its own frame counter; the trust center's outgoing one.
        AuxSecurityHeader::new(KeyId::KeyTransport, 0x0000_0100, Some(Eui64(tc.ieee)), None)
            .emit_to(&mut w)
            .map_err(encode_err)?;
        let payload_offset = w.len();
        let mut cmd = [0u8; 64];
        let n = ApsCommand::TransportKey {
            key_type: KeyType::StandardNetworkKey,
            key: DEMO_NETWORK_KEY,
            fields: TransportedKey::Network {
                sequence: 0,
                dst: Eui64(to.ieee),
                src: Eui64(tc.ieee),
            },
        }
        .emit(&mut cmd)
        .map_err(encode_err)?;
        w.bytes(cmd.get(..n).unwrap_or_default())
            .map_err(encode_err)?;
        w.bytes(&[0; 4]).map_err(encode_err)?;
        let len = w.len();
        let aps = frame.get_mut(..len).unwrap_or_default();
        encrypt_in_place(
            &self.transport_key,
            aps,
            aux_offset,
            payload_offset,
            Eui64(tc.ieee),
        )
        .map_err(security_err)?;
        let aps = aps.to_vec();
        let src = tc.short;
        self.nwk(
            tc,
            to.short,
            to.short,
            src,
            NwkFrameType::Data,
            30,
            &aps,
            false,
        )
    }
}

/// A ZCL frame: frame control, transaction sequence number, command id, payload.
fn zcl(frame_control: u8, tsn: u8, command: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![frame_control, tsn, command];
    v.extend_from_slice(payload);
    v
}

/// Frame control of a global command from server to client, default response disabled.
const ZCL_GLOBAL_FROM_SERVER: u8 = 0x18;
/// Frame control of a cluster-specific command from client to server.
const ZCL_SPECIFIC_TO_SERVER: u8 = 0x01;
/// Frame control of a global command from server to client (default response).
const ZCL_GLOBAL_RESPONSE: u8 = 0x08;
/// Home Automation profile.
const HA: u16 = 0x0104;

/// Report Attributes (0x0a) of one attribute: id, type, value.
fn report(tsn: u8, attribute: u16, data_type: u8, value: &[u8]) -> Vec<u8> {
    let mut p = attribute.to_le_bytes().to_vec();
    p.push(data_type);
    p.extend_from_slice(value);
    zcl(ZCL_GLOBAL_FROM_SERVER, tsn, 0x0a, &p)
}

/// Writes the demo capture: join, interview and ZCL traffic. Returns the number of frames.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_demo<W: Write>(out: W) -> Result<u64, CaptureError> {
    let mut b = Builder::new(out)?;
    let mut coord = Node::new(0x0000, COORDINATOR_IEEE, 0x40, 0x0000_3a10);
    let mut light = Node::new(LIGHT_SHORT, LIGHT_IEEE, 0x90, 0);

    // The coordinator's periodic link status (NWK command 0x08, encrypted): sent before the
    // join, so it decrypts only because the sniffer reads the file twice.
    b.nwk(
        &mut coord,
        0xffff,
        0xfffc,
        0x0000,
        NwkFrameType::Command,
        1,
        &[0x08, 0x60],
        true,
    )?;
    b.wait_ms(1500);

    // Join: beacon request (broadcast, no source), beacon.
    let beacon_request = MacHeader::build(
        MacFrameType::MacCommand,
        light.next_mac_seq(),
        PanId(0xffff),
        Address::Short(ShortAddr(0xffff)),
        Address::None,
        false,
    );
    b.mac(&beacon_request, &[0x07], false)?;
    let mut beacon = [0u8; 15];
    let n = ZigbeeBeacon {
        protocol_id: 0,
        stack_profile: 2,
        protocol_version: 2,
        // router capacity (bit 2), depth 0, end device capacity (bit 7)
        capacity: 0x84,
        extended_pan_id: Eui64(DEMO_EXTENDED_PAN),
        tx_offset: 0xff_ffff,
        update_id: 0,
    }
    .emit(&mut beacon)
    .map_err(encode_err)?;
    // superframe: beacon order 15, superframe order 15, final CAP slot 15, PAN coordinator,
    // association permit; no GTS; no pending addresses
    let mut payload = vec![0xff, 0xcf, 0x00, 0x00];
    payload.extend_from_slice(beacon.get(..n).unwrap_or_default());
    let beacon_header = MacHeader::build(
        MacFrameType::Beacon,
        coord.next_mac_seq(),
        PanId(DEMO_PAN),
        Address::None,
        Address::Short(ShortAddr(0x0000)),
        false,
    );
    b.mac(&beacon_header, &payload, false)?;
    b.wait_ms(120);

    // Association request: to the coordinator, from the light's IEEE address and PAN 0xffff
    // (no PAN id compression); capability: FFD, mains, receiver on, allocate address.
    let mut assoc = MacHeader::build(
        MacFrameType::MacCommand,
        light.next_mac_seq(),
        PanId(DEMO_PAN),
        Address::Short(ShortAddr(0x0000)),
        Address::Extended(Eui64(LIGHT_IEEE)),
        true,
    );
    assoc.frame_control = MacFrameControl(assoc.frame_control.0 & !(1 << 6));
    assoc.src_pan = Some(PanId(0xffff));
    let mut cmd = [0u8; 8];
    let n = MacCommand::AssociationRequest {
        capability: zcl_host::sniff::mac::CapabilityInfo(0x8e),
    }
    .emit(&mut cmd)
    .map_err(encode_err)?;
    b.mac(&assoc, cmd.get(..n).unwrap_or_default(), true)?;
    b.wait_ms(480);
    // Data request from the light, then the association response (short address 0x5f3a).
    let mut poll = MacHeader::build(
        MacFrameType::MacCommand,
        light.next_mac_seq(),
        PanId(DEMO_PAN),
        Address::Short(ShortAddr(0x0000)),
        Address::Extended(Eui64(LIGHT_IEEE)),
        true,
    );
    poll.frame_control = MacFrameControl(poll.frame_control.0 & !(1 << 6));
    poll.src_pan = Some(PanId(0xffff));
    b.mac(&poll, &[0x04], true)?;
    let response = MacHeader::build(
        MacFrameType::MacCommand,
        coord.next_mac_seq(),
        PanId(DEMO_PAN),
        Address::Extended(Eui64(LIGHT_IEEE)),
        Address::Extended(Eui64(COORDINATOR_IEEE)),
        true,
    );
    let n = MacCommand::AssociationResponse {
        short_address: ShortAddr(LIGHT_SHORT),
        status: 0,
    }
    .emit(&mut cmd)
    .map_err(encode_err)?;
    b.mac(&response, cmd.get(..n).unwrap_or_default(), true)?;
    b.wait_ms(25);

    // Transport Key of the network key, then the light announces itself.
    b.transport_key(&mut coord, &light)?;
    b.wait_ms(40);
    let tsn = light.next_tsn();
    // Device_annce: TSN, NWK address, IEEE address, capability.
    let mut annce = vec![tsn];
    annce.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    annce.extend_from_slice(&LIGHT_IEEE.to_le_bytes());
    annce.push(0x8e);
    b.aps_data(&mut light, 0xfffd, 0x0000, 0x0013, (0, 0), &annce)?;
    b.wait_ms(300);

    // Interview: Node_Desc_req/rsp.
    let tsn = coord.next_tsn();
    let mut req = vec![tsn];
    req.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    b.aps_data(&mut coord, LIGHT_SHORT, 0, 0x0002, (0, 0), &req)?;
    b.wait_ms(15);
    // Node_Desc_rsp: TSN, SUCCESS, NWK address, node descriptor: router, 2.4 GHz, capability
    // 0x8e, manufacturer 0x115f, max buffer 82, max incoming 82, server mask 0x2c00, max
    // outgoing 82, descriptor capability 0.
    let mut rsp = vec![tsn, 0x00];
    rsp.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    rsp.extend_from_slice(&[
        0x01, 0x40, 0x8e, 0x5f, 0x11, 0x52, 0x52, 0x00, 0x00, 0x2c, 0x52, 0x00, 0x00,
    ]);
    b.aps_data(&mut light, 0x0000, 0, 0x8002, (0, 0), &rsp)?;
    b.wait_ms(60);

    // Active_EP_req/rsp: one endpoint, 1.
    let tsn = coord.next_tsn();
    let mut req = vec![tsn];
    req.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    b.aps_data(&mut coord, LIGHT_SHORT, 0, 0x0005, (0, 0), &req)?;
    b.wait_ms(15);
    let mut rsp = vec![tsn, 0x00];
    rsp.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    rsp.extend_from_slice(&[0x01, 0x01]);
    b.aps_data(&mut light, 0x0000, 0, 0x8005, (0, 0), &rsp)?;
    b.wait_ms(60);

    // Simple_Desc_req/rsp for endpoint 1: HA dimmable light (0x0101) with Basic, Identify,
    // Groups, Scenes, On/Off, Level Control and Temperature Measurement servers, OTA client.
    let tsn = coord.next_tsn();
    let mut req = vec![tsn];
    req.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    req.push(0x01);
    b.aps_data(&mut coord, LIGHT_SHORT, 0, 0x0004, (0, 0), &req)?;
    b.wait_ms(15);
    let mut desc = vec![0x01];
    desc.extend_from_slice(&HA.to_le_bytes());
    desc.extend_from_slice(&0x0101u16.to_le_bytes());
    desc.push(0x01);
    let inputs: [u16; 7] = [0x0000, 0x0003, 0x0004, 0x0005, 0x0006, 0x0008, 0x0402];
    desc.push(7);
    for c in inputs {
        desc.extend_from_slice(&c.to_le_bytes());
    }
    desc.push(1);
    desc.extend_from_slice(&0x0019u16.to_le_bytes());
    let mut rsp = vec![tsn, 0x00];
    rsp.extend_from_slice(&LIGHT_SHORT.to_le_bytes());
    rsp.push(u8::try_from(desc.len()).unwrap_or(0));
    rsp.extend_from_slice(&desc);
    b.aps_data(&mut light, 0x0000, 0, 0x8004, (0, 0), &rsp)?;
    b.wait_ms(900);

    // ZCL: temperature reports (21.50, 21.62, 21.75 degrees C).
    for centi in [2150i16, 2162, 2175] {
        let tsn = light.next_tsn();
        let frame = report(tsn, 0x0000, 0x29, &centi.to_le_bytes());
        b.aps_data(&mut light, 0x0000, HA, 0x0402, (1, 1), &frame)?;
        b.wait_ms(10_000);
    }
    // On/Off toggle from the coordinator, default response, then the On/Off report.
    let tsn = coord.next_tsn();
    b.aps_data(
        &mut coord,
        LIGHT_SHORT,
        HA,
        0x0006,
        (1, 1),
        &zcl(ZCL_SPECIFIC_TO_SERVER, tsn, 0x02, &[]),
    )?;
    b.wait_ms(20);
    b.aps_data(
        &mut light,
        0x0000,
        HA,
        0x0006,
        (1, 1),
        &zcl(ZCL_GLOBAL_RESPONSE, tsn, 0x0b, &[0x02, 0x00]),
    )?;
    b.wait_ms(30);
    let tsn = light.next_tsn();
    b.aps_data(
        &mut light,
        0x0000,
        HA,
        0x0006,
        (1, 1),
        &report(tsn, 0x0000, 0x10, &[0x01]),
    )?;
    b.wait_ms(2000);
    // Move to Level: level 128 over 1 s, default response, level report.
    let tsn = coord.next_tsn();
    b.aps_data(
        &mut coord,
        LIGHT_SHORT,
        HA,
        0x0008,
        (1, 1),
        &zcl(ZCL_SPECIFIC_TO_SERVER, tsn, 0x00, &[0x80, 0x0a, 0x00]),
    )?;
    b.wait_ms(20);
    b.aps_data(
        &mut light,
        0x0000,
        HA,
        0x0008,
        (1, 1),
        &zcl(ZCL_GLOBAL_RESPONSE, tsn, 0x0b, &[0x00, 0x00]),
    )?;
    b.wait_ms(1000);
    let tsn = light.next_tsn();
    b.aps_data(
        &mut light,
        0x0000,
        HA,
        0x0008,
        (1, 1),
        &report(tsn, 0x0000, 0x20, &[0x80]),
    )?;
    b.wait_ms(5000);
    // One more temperature report and link status.
    let tsn = light.next_tsn();
    b.aps_data(
        &mut light,
        0x0000,
        HA,
        0x0402,
        (1, 1),
        &report(tsn, 0x0000, 0x29, &2181i16.to_le_bytes()),
    )?;
    b.nwk(
        &mut coord,
        0xffff,
        0xfffc,
        0x0000,
        NwkFrameType::Command,
        1,
        &[0x08, 0x61, 0x3a, 0x5f, 0x77],
        true,
    )?;
    let frames = b.out.frames();
    b.out.finish()?;
    Ok(frames)
}

/// Writes a synthetic capture of `frames` frames: the demo network's Transport Key first, then
/// NWK-encrypted ZCL attribute reports (temperature) from 64 devices to the coordinator, with
/// increasing sequence numbers and frame counters (no MAC acknowledgments, so every frame but
/// the first is NWK-encrypted).
///
/// # Errors
/// I/O errors of `out`.
pub fn write_synthetic<W: Write>(out: W, frames: u64) -> Result<u64, CaptureError> {
    let mut b = Builder::new(out)?;
    b.acks = false;
    let mut coord = Node::new(0x0000, COORDINATOR_IEEE, 1, 0x10);
    let mut devices: Vec<Node> = (0u16..64)
        .map(|i| {
            let short = 0x1000 + i * 0x0101;
            Node::new(
                short,
                LIGHT_IEEE + u64::from(i),
                i as u8,
                u32::from(i) * 1000,
            )
        })
        .collect();
    let first = devices.first().cloned();
    if let Some(first) = first {
        b.transport_key(&mut coord, &first)?;
    }
    let mut i = 0usize;
    while b.out.frames() < frames {
        let Some(device) = devices.get_mut(i % 64) else {
            break;
        };
        let tsn = device.next_tsn();
        let value = 1800i16 + i16::try_from(i % 700).unwrap_or(0);
        let frame = report(tsn, 0x0000, 0x29, &value.to_le_bytes());
        b.aps_data(device, 0x0000, HA, 0x0402, (1, 1), &frame)?;
        i += 1;
    }
    let frames = b.out.frames();
    b.out.finish()?;
    Ok(frames)
}
