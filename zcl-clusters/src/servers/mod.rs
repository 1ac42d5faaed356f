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

/// Cluster ids the servers refer to each other by (ZCL chapter 3 and 8), from the cluster
/// definitions.
pub mod ids {
    /// Basic.
    pub const BASIC: u16 = crate::clusters::basic::ID;
    /// Identify.
    pub const IDENTIFY: u16 = crate::clusters::identify::ID;
    /// Groups.
    pub const GROUPS: u16 = crate::clusters::groups::ID;
    /// Scenes.
    pub const SCENES: u16 = crate::clusters::scenes::ID;
    /// On/Off.
    pub const ON_OFF: u16 = crate::clusters::on_off::ID;
    /// Level Control.
    pub const LEVEL_CONTROL: u16 = crate::clusters::level_control::ID;
    /// Poll Control.
    pub const POLL_CONTROL: u16 = crate::clusters::poll_control::ID;
    /// Color Control.
    pub const COLOR_CONTROL: u16 = crate::clusters::color_control::ID;
    /// Temperature Measurement.
    pub const TEMPERATURE_MEASUREMENT: u16 = crate::clusters::temperature_measurement::ID;
    /// Relative Humidity Measurement.
    pub const RELATIVE_HUMIDITY_MEASUREMENT: u16 =
        crate::clusters::relative_humidity_measurement::ID;
    /// IAS Zone.
    pub const IAS_ZONE: u16 = crate::clusters::ias_zone::ID;
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
