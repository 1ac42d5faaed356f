//! Size measurement: a firmware that decodes and encodes On/Off and Level Control commands and
//! reads their attribute metadata, and nothing else from the cluster library. Measure with
//! `llvm-size` (see README in the report); `--features more-clusters` adds three more clusters,
//! `--features registry` links the whole registry.
#![no_std]
#![no_main]

use core::hint::black_box;
use cortex_m_rt::entry;
#[cfg(not(feature = "baseline"))]
use zcl_clusters::clusters::{level_control, on_off};
#[cfg(not(feature = "baseline"))]
use zcl_clusters::Command;
use zcl_core::Frame;

/// Handles one cluster-specific frame of On/Off or Level Control; returns the bytes written to
/// `out` (a re-encoded command, standing in for a response) or 0.
#[cfg(feature = "baseline")]
fn handle(_cluster: u16, frame: &[u8], _out: &mut [u8]) -> usize {
    Frame::parse(frame).map_or(0, |f| f.payload.len())
}

#[cfg(feature = "baseline")]
fn attribute_type(_cluster: u16, _attribute: u16) -> u8 {
    0
}

#[cfg(not(feature = "baseline"))]
fn handle(cluster: u16, frame: &[u8], out: &mut [u8]) -> usize {
    let Ok(f) = Frame::parse(frame) else { return 0 };
    let id = f.header.command_id;
    let p = f.payload;
    let r = match (cluster, id) {
        (on_off::ID, 0x42) => on_off::OnWithTimedOff::parse_payload(p).and_then(|c| {
            c.emit_payload(out)
                .map_err(|_| zcl_core::DecodeError::InvalidLength { offset: 0 })
        }),
        (on_off::ID, 0x40) => {
            on_off::OffWithEffect::parse_payload(p).map(|c| usize::from(c.effect_id.to_raw()))
        }
        (level_control::ID, 0x04) => level_control::MoveToLevelWithOnOff::parse_payload(p)
            .and_then(|c| {
                c.emit_payload(out)
                    .map_err(|_| zcl_core::DecodeError::InvalidLength { offset: 0 })
            }),
        (level_control::ID, 0x01) => {
            level_control::Move::parse_payload(p).map(|c| usize::from(c.rate))
        }
        #[cfg(feature = "more-clusters")]
        (zcl_clusters::clusters::color_control::ID, 0x40) => {
            zcl_clusters::clusters::color_control::EnhancedMoveToHue::parse_payload(p)
                .map(|c| usize::from(c.enhanced_hue))
        }
        #[cfg(feature = "more-clusters")]
        (zcl_clusters::clusters::thermostat::ID, 0x01) => {
            zcl_clusters::clusters::thermostat::SetWeeklySchedule::parse_payload(p)
                .map(|c| c.transitions.len())
        }
        #[cfg(feature = "more-clusters")]
        (zcl_clusters::clusters::metering::ID, 0x00) => {
            zcl_clusters::clusters::metering::GetProfileResponse::parse_payload(p)
                .map(|c| c.intervals.len())
        }
        _ => Ok(0),
    };
    r.unwrap_or(0)
}

/// The attribute metadata a firmware's attribute store would read.
#[cfg(not(feature = "baseline"))]
fn attribute_type(cluster: u16, attribute: u16) -> u8 {
    let meta = match cluster {
        on_off::ID => &on_off::META,
        level_control::ID => &level_control::META,
        _ => return 0,
    };
    meta.attribute(attribute, None)
        .map_or(0, |a| a.data_type.to_u8())
}

#[cfg(feature = "registry")]
fn registry_lookup(cluster: u16) -> usize {
    zcl_clusters::registry::lookup(cluster, None).map_or(0, |e| e.meta.attributes.len())
}
#[cfg(not(feature = "registry"))]
fn registry_lookup(_cluster: u16) -> usize {
    0
}

#[entry]
fn main() -> ! {
    // On With Timed Off and Move To Level With On/Off frames; black_box keeps the optimiser from
    // evaluating everything at build time.
    let frames: [(u16, &[u8]); 2] = [
        (0x0006, &[0x01, 0x01, 0x42, 0x00, 0x1e, 0x00, 0x0a, 0x00]),
        (0x0008, &[0x01, 0x02, 0x04, 0x80, 0x0a, 0x00]),
    ];
    let mut out = [0u8; 16];
    let mut acc = 0usize;
    loop {
        for (cluster, frame) in black_box(frames) {
            acc = acc.wrapping_add(handle(cluster, frame, &mut out));
            acc = acc.wrapping_add(usize::from(attribute_type(cluster, black_box(0))));
            acc = acc.wrapping_add(registry_lookup(cluster));
        }
        black_box(acc);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        cortex_m::asm::nop();
    }
}
