//! Ready cluster servers for the device runtime ([`crate::runtime`]): each keeps its cluster's
//! state, handles its commands as the ZCL describes, runs its timers on ticks, and drives hardware
//! through embedded-hal traits (an `OutputPin` for On/Off, a `SetDutyCycle` PWM for Level
//! Control) or a small callback trait.

pub mod basic;
pub mod color;
pub mod groups;
pub mod ias_zone;
pub mod identify;
pub mod level;
pub mod measurement;
pub mod on_off;
pub mod poll_control;
pub mod scenes;

pub use basic::{BasicInfo, BasicServer};
pub use color::{ColorOutput, ColorServer, ColorState};
pub use groups::GroupsServer;
pub use ias_zone::IasZoneServer;
pub use identify::{IdentifyServer, Indicator};
pub use level::LevelServer;
pub use measurement::{humidity, temperature, MeasurementServer};
pub use on_off::OnOffServer;
pub use poll_control::PollControlServer;
pub use scenes::ScenesServer;

#[cfg(test)]
mod tests;

/// Cluster ids the servers refer to each other by (ZCL chapter 3 and 8).
pub mod ids {
    /// Basic.
    pub const BASIC: u16 = 0x0000;
    /// Identify.
    pub const IDENTIFY: u16 = 0x0003;
    /// Groups.
    pub const GROUPS: u16 = 0x0004;
    /// Scenes.
    pub const SCENES: u16 = 0x0005;
    /// On/Off.
    pub const ON_OFF: u16 = 0x0006;
    /// Level Control.
    pub const LEVEL_CONTROL: u16 = 0x0008;
    /// Poll Control.
    pub const POLL_CONTROL: u16 = 0x0020;
    /// Color Control.
    pub const COLOR_CONTROL: u16 = 0x0300;
    /// Temperature Measurement.
    pub const TEMPERATURE_MEASUREMENT: u16 = 0x0402;
    /// Relative Humidity Measurement.
    pub const RELATIVE_HUMIDITY_MEASUREMENT: u16 = 0x0405;
    /// IAS Zone.
    pub const IAS_ZONE: u16 = 0x0500;
}

/// A linear change of one value over time, computed from elapsed time so that irregular ticks
/// give the same result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Ramp {
    /// Value at the start.
    pub from: i32,
    /// Value at the end.
    pub to: i32,
    /// Start time in milliseconds.
    pub start: u32,
    /// Duration in milliseconds (0: reached at once).
    pub duration: u32,
}

impl Ramp {
    /// A ramp from `from` to `to` over `duration` ms starting at `start`.
    pub const fn new(from: i32, to: i32, start: u32, duration: u32) -> Self {
        Ramp {
            from,
            to,
            start,
            duration,
        }
    }

    /// A ramp at `rate` units per second from `from` to `to`.
    pub fn with_rate(from: i32, to: i32, start: u32, rate: u32) -> Self {
        let duration = from
            .abs_diff(to)
            .saturating_mul(1000)
            .checked_div(rate)
            .unwrap_or(0);
        Ramp::new(from, to, start, duration)
    }

    /// The value at `now`.
    pub fn value(&self, now: u32) -> i32 {
        let elapsed = now.wrapping_sub(self.start);
        if elapsed >= self.duration {
            return self.to;
        }
        // Single precision (an FPU instruction on Cortex-M4F) instead of 64-bit integer
        // division, which would pull a kilobyte of runtime support into small firmware.
        let span = self.to.wrapping_sub(self.from) as f32;
        let step = span * elapsed as f32 / self.duration as f32;
        self.from.wrapping_add(step as i32)
    }

    /// Whether the end is reached at `now`.
    pub fn done(&self, now: u32) -> bool {
        now.wrapping_sub(self.start) >= self.duration
    }

    /// Time left in tenths of a second (for RemainingTime attributes).
    pub fn remaining_ds(&self, now: u32) -> u16 {
        let left = self.duration.saturating_sub(now.wrapping_sub(self.start));
        u16::try_from(left.div_ceil(100)).unwrap_or(u16::MAX)
    }
}

/// Effective options of a Level or Color command (ZCL 3.10.2.2.1.3): the mask selects which bits
/// of the override replace the Options attribute.
pub(crate) fn effective_options(options: u8, mask: Option<u8>, over: Option<u8>) -> u8 {
    match (mask, over) {
        (Some(m), Some(o)) => (options & !m) | (o & m),
        _ => options,
    }
}
