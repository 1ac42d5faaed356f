//! Level Control server (ZCL 3.10): move to level, move, step, stop and their with-on/off
//! variants, transitions run on ticks, Options with mask and override, OnLevel and start-up
//! level; the level drives an embedded-hal `SetDutyCycle` PWM.

use super::{effective_options, ids, Ramp};
use crate::field::Command;
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Peers, Status};
use embedded_hal::pwm::SetDutyCycle;
use zcl_core::{EncodeError, Writer};

use crate::clusters::level_control::attr_id::{
    CURRENT_LEVEL, DEFAULT_MOVE_RATE, LEVEL_CONTROL_REMAINING_TIME as REMAINING_TIME,
    OFF_TRANSITION_TIME, ON_LEVEL, ON_OFF_TRANSITION_TIME, ON_TRANSITION_TIME, OPTIONS,
    START_UP_CURRENT_LEVEL,
};
use crate::clusters::level_control::{
    Move, MoveToLevel, MoveToLevelWithOnOff, Step, Stop, StopWithOnOff,
};

/// Options bit 0: execute commands while the On/Off attribute is off (ZCL 3.10.2.2.8).
const EXECUTE_IF_OFF: u8 = 0x01;

/// Lowest and highest level (ZCL 3.10.2.2.1: 0x01-0xfe for lighting).
pub const MIN_LEVEL: u8 = 1;
/// Highest level.
pub const MAX_LEVEL: u8 = 254;

/// The Level Control cluster server driving a PWM output (duty = level / 254).
#[derive(Debug)]
pub struct LevelServer<D> {
    pwm: D,
    level: u8,
    options: u8,
    on_off_transition_time: u16,
    on_level: u8,
    on_transition_time: u16,
    off_transition_time: u16,
    default_move_rate: u8,
    start_up_current_level: u8,
    ramp: Option<Ramp>,
    /// Turn On/Off off when the running transition ends (with-on/off variants reaching the
    /// minimum).
    off_at_end: bool,
    /// Set by a transition that must switch On/Off at the next tick.
    pending_on_off: Option<bool>,
    /// The level before an On/Off Off dimmed to the minimum, restored once off.
    restore: Option<u8>,
    /// Time of the last command or tick, for RemainingTime.
    now: u32,
}

impl<D: SetDutyCycle> LevelServer<D> {
    /// A server at level 254 (full on) with the specification's defaults.
    pub fn new(pwm: D) -> Self {
        let mut s = LevelServer {
            pwm,
            level: MAX_LEVEL,
            options: 0,
            on_off_transition_time: 0,
            on_level: 0xff,
            on_transition_time: 0xffff,
            off_transition_time: 0xffff,
            default_move_rate: 0xff,
            start_up_current_level: 0xff,
            ramp: None,
            off_at_end: false,
            pending_on_off: None,
            restore: None,
            now: 0,
        };
        s.apply();
        s
    }

    /// The current level.
    pub fn level(&self) -> u8 {
        self.level
    }

    /// The PWM output.
    pub fn pwm(&self) -> &D {
        &self.pwm
    }

    /// Whether a transition is running.
    pub fn is_moving(&self) -> bool {
        self.ramp.is_some()
    }

    fn apply(&mut self) {
        // A PWM error cannot be reported over the air; the attribute still tells the level.
        let _ = self
            .pwm
            .set_duty_cycle_fraction(u16::from(self.level), u16::from(MAX_LEVEL));
    }

    fn set_level(&mut self, level: u8) {
        if level != self.level {
            self.level = level;
            self.apply();
        }
    }

    fn start(&mut self, target: u8, duration_ms: u32, now: u32) {
        let target = target.clamp(MIN_LEVEL, MAX_LEVEL);
        let ramp = Ramp::new(self.level.into(), target.into(), now, duration_ms);
        if ramp.done(now) {
            self.set_level(target);
            self.ramp = None;
            if self.off_at_end {
                self.off_at_end = false;
                self.pending_on_off = Some(false);
            }
        } else {
            self.ramp = Some(ramp);
        }
    }

    fn transition_ms(&self, tenths: u16) -> u32 {
        // 0xffff: use OnOffTransitionTime (ZCL 3.10.2.3.1.2).
        let t = if tenths == 0xffff {
            self.on_off_transition_time
        } else {
            tenths
        };
        u32::from(t) * 100
    }

    fn rate(&self, rate: u8) -> u32 {
        match rate {
            // 0xff: use DefaultMoveRate; with none, move as fast as possible.
            0xff if self.default_move_rate != 0xff && self.default_move_rate != 0 => {
                self.default_move_rate.into()
            }
            0xff => 0,
            r => r.into(),
        }
    }

    /// Move (ZCL 3.10.2.3.2): towards the maximum (mode 0) or minimum at `rate` units per
    /// second; the target and how long it takes.
    fn move_at(&self, mode: u8, rate: u8) -> (u8, u32) {
        let target = if mode == 0 { MAX_LEVEL } else { MIN_LEVEL };
        let distance = u32::from(self.level.abs_diff(target));
        let ms = (distance * 1000).checked_div(self.rate(rate)).unwrap_or(0);
        (target, ms)
    }

    /// Step (ZCL 3.10.2.3.3): up (mode 0) or down by `size`, within the level range.
    fn step_to(&self, mode: u8, size: u8) -> u8 {
        if mode == 0 {
            self.level.saturating_add(size).min(MAX_LEVEL)
        } else {
            self.level.saturating_sub(size).max(MIN_LEVEL)
        }
    }

    fn on_off(peers: &mut Peers<'_, '_>) -> Option<bool> {
        peers.read_raw(ids::ON_OFF, 0).map(|v| v == 1)
    }

    fn run_pending(&mut self, peers: &mut Peers<'_, '_>) {
        if let Some(on) = self.pending_on_off.take() {
            let _ = peers.write(ids::ON_OFF, 0, AttrValue::bool(on));
            if !on {
                if let Some(l) = self.restore.take() {
                    self.set_level(l);
                }
            }
        }
    }
}

impl<D: SetDutyCycle> ClusterServer for LevelServer<D> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::level_control::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            CURRENT_LEVEL => self.level.into(),
            REMAINING_TIME => self.ramp.map_or(0, |r| r.remaining_ds(self.now)).into(),
            OPTIONS => self.options.into(),
            ON_OFF_TRANSITION_TIME => self.on_off_transition_time.into(),
            ON_LEVEL => self.on_level.into(),
            ON_TRANSITION_TIME => self.on_transition_time.into(),
            OFF_TRANSITION_TIME => self.off_transition_time.into(),
            DEFAULT_MOVE_RATE => self.default_move_rate.into(),
            START_UP_CURRENT_LEVEL => self.start_up_current_level.into(),
            _ => return None,
        }))
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidValue)?;
        match attr.id {
            CURRENT_LEVEL => {
                self.ramp = None;
                self.set_level((v as u8).clamp(MIN_LEVEL, MAX_LEVEL));
            }
            OPTIONS => self.options = v as u8,
            ON_OFF_TRANSITION_TIME => self.on_off_transition_time = v as u16,
            ON_LEVEL => self.on_level = v as u8,
            ON_TRANSITION_TIME => self.on_transition_time = v as u16,
            OFF_TRANSITION_TIME => self.off_transition_time = v as u16,
            DEFAULT_MOVE_RATE => self.default_move_rate = v as u8,
            START_UP_CURRENT_LEVEL => self.start_up_current_level = v as u8,
            _ => return Err(Status::UnsupportedAttribute),
        }
        Ok(())
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        // Ids 0x04-0x07 are the with-on/off forms of 0x00-0x03 (ZCL 3.10.2.4); they ignore the
        // Options fields.
        let with_on_off = command_id >= MoveToLevelWithOnOff::ID;
        let now = cx.now;
        self.now = now;
        if command_id > StopWithOnOff::ID {
            return Outcome::Status(Status::UnsupClusterCommand);
        }
        let parsed: Option<()> = (|| {
            // What each command asks for: the level to go to (none: stop), how long the
            // transition takes, and the options mask and override.
            let (target, duration, mask, over) = match command_id & 0x03 {
                // The with-on/off forms carry the fields of their base commands (ZCL 3.10.2.4).
                MoveToLevel::ID => {
                    let c = MoveToLevel::read_payload(payload)?;
                    let ms = self.transition_ms(c.transition_time);
                    (Some(c.level), ms, c.option_mask, c.option_override)
                }
                Move::ID => {
                    let c = Move::read_payload(payload)?;
                    let (target, ms) = self.move_at(c.move_mode.to_raw(), c.rate);
                    (Some(target), ms, c.option_mask, c.option_override)
                }
                Step::ID => {
                    let c = Step::read_payload(payload)?;
                    let target = self.step_to(c.step_mode.to_raw(), c.step_size);
                    let ms = self.transition_ms(c.transition_time);
                    (Some(target), ms, c.option_mask, c.option_override)
                }
                _ => {
                    let c = Stop::read_payload(payload)?;
                    (None, 0, c.option_mask, c.option_override)
                }
            };
            let (mask, over) = if with_on_off {
                (None, None)
            } else {
                (mask, over)
            };
            let options = effective_options(self.options, mask.map(|m| m.0), over.map(|o| o.0));
            let on = Self::on_off(&mut cx.peers).unwrap_or(true);
            // Without "execute if off", commands other than the with-on/off ones do nothing
            // while the device is off (ZCL 3.10.2.2.8.1).
            if !with_on_off && !on && options & EXECUTE_IF_OFF == 0 {
                return Some(());
            }
            match target {
                None => self.ramp = None,
                Some(t) => {
                    self.off_at_end = false;
                    // A level command ends an Off's dimming: the light stays on from here.
                    if self.restore.take().is_some() {
                        self.pending_on_off = Some(true);
                    }
                    if with_on_off {
                        let up = t > self.level
                            || (command_id == MoveToLevelWithOnOff::ID && t > MIN_LEVEL);
                        if up && !on {
                            self.pending_on_off = Some(true);
                        }
                        // Reaching the minimum with a with-on/off command turns the light off.
                        if t <= MIN_LEVEL {
                            self.off_at_end = true;
                        }
                    }
                    self.start(t, duration, now);
                }
            }
            Some(())
        })();
        if parsed.is_none() {
            return Outcome::Status(Status::MalformedCommand);
        }
        if command_id > StopWithOnOff::ID {
            return Outcome::Status(Status::UnsupClusterCommand);
        }
        self.run_pending(&mut cx.peers);
        Outcome::Status(Status::Success)
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        self.now = cx.now;
        if let Some(ramp) = self.ramp {
            let v = ramp.value(cx.now).clamp(MIN_LEVEL.into(), MAX_LEVEL.into());
            self.set_level(u8::try_from(v).unwrap_or(MAX_LEVEL));
            if ramp.done(cx.now) {
                self.ramp = None;
                if self.off_at_end {
                    self.off_at_end = false;
                    self.pending_on_off = Some(false);
                }
            }
        }
        self.run_pending(&mut cx.peers);
    }

    fn on_off_changed(&mut self, on: bool, now: u32) {
        self.now = now;
        if !on {
            return;
        }
        // ZCL 3.10.2.1.1: switched on, the level goes from the minimum to OnLevel (or back to
        // where it was) over OnTransitionTime (or OnOffTransitionTime).
        // Switched on while dimming out: "previous" is the level before the Off.
        let previous = self.restore.take().unwrap_or(self.level);
        let target = if self.on_level == 0xff {
            previous
        } else {
            self.on_level
        };
        let tenths = if self.on_transition_time == 0xffff {
            self.on_off_transition_time
        } else {
            self.on_transition_time
        };
        if tenths > 0 {
            self.set_level(MIN_LEVEL);
        }
        self.off_at_end = false;
        self.start(target, u32::from(tenths) * 100, now);
    }

    fn dim_off(&mut self, now: u32) -> bool {
        self.now = now;
        // ZCL 3.10.2.1.1: down to the minimum over OffTransitionTime (0xffff: the
        // OnOffTransitionTime), then off, then back to the stored level.
        let tenths = if self.off_transition_time == 0xffff {
            self.on_off_transition_time
        } else {
            self.off_transition_time
        };
        if tenths == 0 || self.level <= MIN_LEVEL {
            return false;
        }
        self.restore = Some(self.level);
        self.off_at_end = true;
        self.start(MIN_LEVEL, u32::from(tenths) * 100, now);
        true
    }

    fn persistent(&self, attr: u16) -> bool {
        matches!(attr, CURRENT_LEVEL | START_UP_CURRENT_LEVEL)
    }

    fn start_up(&mut self) {
        // StartUpCurrentLevel: 0 minimum, 0xff previous, else that level (ZCL 3.10.2.2.14).
        match self.start_up_current_level {
            0 => self.set_level(MIN_LEVEL),
            0xff => self.apply(),
            l => self.set_level(l.clamp(MIN_LEVEL, MAX_LEVEL)),
        }
    }

    fn reset(&mut self) {
        self.ramp = None;
        self.restore = None;
        self.options = 0;
        self.on_off_transition_time = 0;
        self.on_level = 0xff;
        self.on_transition_time = 0xffff;
        self.off_transition_time = 0xffff;
        self.default_move_rate = 0xff;
        self.start_up_current_level = 0xff;
        self.set_level(MAX_LEVEL);
    }

    fn store_scene(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(self.level)
    }

    fn recall_scene(&mut self, data: &[u8], transition_ds: u16, now: u32) {
        if let Some(l) = data.first() {
            self.off_at_end = false;
            self.restore = None;
            self.start(*l, u32::from(transition_ds) * 100, now);
        }
    }
}
