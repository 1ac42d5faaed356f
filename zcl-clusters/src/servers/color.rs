//! Color Control server (ZCL 5.2): hue and saturation (normal and enhanced), CIE xy, color
//! temperature within the lamp's physical limits, move/step/stop, and the color loop; every
//! change of the output goes to a [`ColorOutput`].

use super::{effective_options, ids, Ramp};
use crate::clusters::color_control::attr_id::{
    COLOR_CONTROL_COLOR_CAPABILITIES, COLOR_CONTROL_COLOR_LOOP_ACTIVE,
    COLOR_CONTROL_COLOR_LOOP_DIRECTION, COLOR_CONTROL_COLOR_LOOP_START_ENHANCED_HUE,
    COLOR_CONTROL_COLOR_LOOP_STORED_ENHANCED_HUE, COLOR_CONTROL_COLOR_LOOP_TIME,
    COLOR_CONTROL_COLOR_MODE, COLOR_CONTROL_COLOR_TEMPERATURE,
    COLOR_CONTROL_COLOR_TEMP_PHYSICAL_MAX, COLOR_CONTROL_COLOR_TEMP_PHYSICAL_MIN,
    COLOR_CONTROL_CURRENT_HUE, COLOR_CONTROL_CURRENT_SATURATION, COLOR_CONTROL_CURRENT_X,
    COLOR_CONTROL_CURRENT_Y, COLOR_CONTROL_ENHANCED_COLOR_MODE, COLOR_CONTROL_ENHANCED_CURRENT_HUE,
    COLOR_CONTROL_OPTIONS, COLOR_CONTROL_REMAINING_TIME, START_UP_COLOR_TEMPERATURE_MIREDS,
};
use crate::clusters::color_control::{
    ColorLoopSet, ColorLoopUpdateFlags, EnhancedMoveHue, EnhancedMoveToHue,
    EnhancedMoveToHueAndSaturation, EnhancedStepHue, MoveColor, MoveColorTemperature, MoveHue,
    MoveSaturation, MoveToColor, MoveToColorTemperature, MoveToHue, MoveToHueAndSaturation,
    MoveToSaturation, StepColor, StepColorTemperature, StepHue, StepSaturation, StopMoveStep,
};
use crate::field::{Command, Map8};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Status};
use zcl_core::{EncodeError, Reader, Writer};

/// The color a lamp should show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ColorState {
    /// ColorMode: 0 hue/saturation, 1 xy, 2 color temperature.
    pub mode: u8,
    /// EnhancedCurrentHue (0-65535 for a full turn).
    pub enhanced_hue: u16,
    /// CurrentSaturation (0-254).
    pub saturation: u8,
    /// CurrentX (0-0xfeff, x * 65536).
    pub x: u16,
    /// CurrentY.
    pub y: u16,
    /// ColorTemperatureMireds.
    pub mireds: u16,
}

/// Receives the color whenever it changes.
pub trait ColorOutput {
    /// Shows `state`.
    fn set_color(&mut self, state: &ColorState);
}

impl ColorOutput for () {
    fn set_color(&mut self, _state: &ColorState) {}
}

/// Largest CurrentX / CurrentY (ZCL 5.2.2.2.1.4).
const XY_MAX: i32 = 0xfeff;
const SAT_MAX: i32 = 254;
/// Options bit 0: execute while off (ZCL 5.2.2.2.1.13).
const EXECUTE_IF_OFF: u8 = 0x01;

#[derive(Debug, Clone, Copy, Default)]
struct Ramps {
    hue: Option<Ramp>,
    sat: Option<Ramp>,
    x: Option<Ramp>,
    y: Option<Ramp>,
    ct: Option<Ramp>,
}

/// The Color Control cluster server.
#[derive(Debug, Clone)]
pub struct ColorServer<C> {
    output: C,
    state: ColorState,
    enhanced_mode: u8,
    options: u8,
    loop_active: bool,
    loop_direction: u8,
    loop_time: u16,
    loop_start_hue: u16,
    loop_stored_hue: u16,
    loop_started: u32,
    physical_min: u16,
    physical_max: u16,
    start_up_mireds: u16,
    ramps: Ramps,
    now: u32,
}

/// Hue target for a direction (0 shortest, 1 longest, 2 up, 3 down), unwrapped so that a ramp
/// from `from` goes the right way (ZCL 5.2.2.3.2).
fn hue_target(from: u16, to: u16, direction: u8) -> i32 {
    let up = i32::from(to.wrapping_sub(from));
    let down = if up == 0 { 0 } else { up - 0x1_0000 };
    let from = i32::from(from);
    match direction {
        0 if up <= 0x8000 => from + up,
        0 => from + down,
        1 if up > 0x8000 => from + up,
        1 => from + down,
        2 => from + up,
        _ => from + down,
    }
}

impl<C: ColorOutput> ColorServer<C> {
    /// A server whose lamp supports color temperatures from `physical_min` to `physical_max`
    /// mireds; it starts in xy mode at the specification's default point.
    pub fn new(output: C, physical_min: u16, physical_max: u16) -> Self {
        let mut s = ColorServer {
            output,
            state: ColorState {
                mode: 1,
                enhanced_hue: 0,
                saturation: 0,
                x: 0x616b,
                y: 0x607d,
                mireds: 250u16.clamp(physical_min, physical_max),
            },
            enhanced_mode: 1,
            options: 0,
            loop_active: false,
            loop_direction: 0,
            loop_time: 0x19,
            loop_start_hue: 0x2300,
            loop_stored_hue: 0,
            loop_started: 0,
            physical_min,
            physical_max,
            start_up_mireds: 0xffff,
            ramps: Ramps::default(),
            now: 0,
        };
        s.output.set_color(&s.state);
        s
    }

    /// The color shown.
    pub fn state(&self) -> &ColorState {
        &self.state
    }

    /// The output.
    pub fn output(&self) -> &C {
        &self.output
    }

    /// Whether the color loop runs.
    pub fn loop_active(&self) -> bool {
        self.loop_active
    }

    fn set_mode(&mut self, mode: u8, enhanced: bool) {
        self.state.mode = mode;
        self.enhanced_mode = if enhanced { 3 } else { mode };
    }

    fn remaining(&self) -> u16 {
        let r = &self.ramps;
        [r.hue, r.sat, r.x, r.y, r.ct]
            .iter()
            .flatten()
            .map(|r| r.remaining_ds(self.now))
            .max()
            .unwrap_or(0)
    }

    /// Recomputes the state from the running ramps and the color loop.
    fn update(&mut self, now: u32) {
        self.now = now;
        let before = self.state;
        let r = &mut self.ramps;
        let step = |ramp: &mut Option<Ramp>, lo: i32, hi: i32| -> Option<i32> {
            let v = ramp.as_ref()?.value(now);
            if ramp.as_ref().is_some_and(|x| x.done(now)) {
                *ramp = None;
            }
            Some(v.clamp(lo, hi))
        };
        if let Some(h) = step(&mut r.hue, i32::MIN, i32::MAX) {
            self.state.enhanced_hue = h.rem_euclid(0x1_0000) as u16;
        }
        if let Some(v) = step(&mut r.sat, 0, SAT_MAX) {
            self.state.saturation = v as u8;
        }
        if let Some(v) = step(&mut r.x, 0, XY_MAX) {
            self.state.x = v as u16;
        }
        if let Some(v) = step(&mut r.y, 0, XY_MAX) {
            self.state.y = v as u16;
        }
        let (lo, hi) = (i32::from(self.physical_min), i32::from(self.physical_max));
        if let Some(v) = step(&mut r.ct, lo, hi) {
            self.state.mireds = v as u16;
        }
        if self.loop_active && self.loop_time > 0 {
            // One full turn of the hue in ColorLoopTime seconds.
            let elapsed = u64::from(now.wrapping_sub(self.loop_started));
            let turn = u64::from(self.loop_time) * 1000;
            let delta = ((elapsed % turn) * 0x1_0000 / turn) as u16;
            self.state.enhanced_hue = if self.loop_direction == 1 {
                self.loop_start_hue.wrapping_add(delta)
            } else {
                self.loop_start_hue.wrapping_sub(delta)
            };
        }
        if self.state != before {
            self.output.set_color(&self.state);
        }
    }

    fn hue_ramp(&mut self, target: i32, duration_ms: u32, now: u32, enhanced: bool) {
        self.set_mode(0, enhanced);
        self.ramps.hue = Some(Ramp::new(
            self.state.enhanced_hue.into(),
            target,
            now,
            duration_ms,
        ));
    }

    fn sat_ramp(&mut self, target: i32, duration_ms: u32, now: u32) {
        self.ramps.sat = Some(Ramp::new(
            self.state.saturation.into(),
            target.clamp(0, SAT_MAX),
            now,
            duration_ms,
        ));
    }

    fn ct_bounds(&self, min: u16, max: u16) -> (i32, i32) {
        let lo = if min == 0 {
            self.physical_min
        } else {
            min.max(self.physical_min)
        };
        let hi = if max == 0 {
            self.physical_max
        } else {
            max.min(self.physical_max)
        };
        (lo.into(), hi.into())
    }

    fn execute(
        &mut self,
        cx: &mut Context<'_, '_>,
        command_id: u8,
        payload: &[u8],
    ) -> Option<Outcome> {
        let now = cx.now;
        let ms = |ds: u16| u32::from(ds) * 100;
        let hue = i32::from(self.state.enhanced_hue);
        // Fields of each command; the options mask and override follow where the command has
        // them (not for the enhanced and color loop commands).
        match command_id {
            // Move to Hue: hue (8-bit), direction, transition time.
            MoveToHue::ID => {
                let c = MoveToHue::read_payload(payload)?;
                let (h, dir, tt) = (c.hue, c.direction.to_raw(), c.transition_time);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.hue_ramp(
                    hue_target(self.state.enhanced_hue, u16::from(h) << 8, dir),
                    ms(tt),
                    now,
                    false,
                );
            }
            // Move Hue: mode (0 stop, 1 up, 3 down), rate per second (8-bit hue units).
            MoveHue::ID | EnhancedMoveHue::ID => {
                let (mode, rate) = if command_id == MoveHue::ID {
                    let c = MoveHue::read_payload(payload)?;
                    if !self.may_run(cx, c.options_mask, c.options_override) {
                        return Some(ok());
                    }
                    (c.move_mode.to_raw(), i32::from(c.rate) << 8)
                } else {
                    let c = EnhancedMoveHue::read_payload(payload)?;
                    (c.move_mode.to_raw(), i32::from(c.rate))
                };
                match mode {
                    0 => self.ramps.hue = None,
                    1 | 3 if rate == 0 => return Some(Outcome::Status(Status::InvalidField)),
                    1 | 3 => {
                        // Moves until stopped: a ramp that lasts an hour.
                        let span = rate * 3600 * if mode == 1 { 1 } else { -1 };
                        self.hue_ramp(
                            hue + span,
                            3_600_000,
                            now,
                            command_id == EnhancedMoveHue::ID,
                        );
                    }
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                }
            }
            // Step Hue: mode (1 up, 3 down), size, transition time (8-bit tenths; enhanced 16).
            StepHue::ID | EnhancedStepHue::ID => {
                let (mode, size, tt) = if command_id == StepHue::ID {
                    let c = StepHue::read_payload(payload)?;
                    if !self.may_run(cx, c.options_mask, c.options_override) {
                        return Some(ok());
                    }
                    let size = i32::from(c.step_size) << 8;
                    (c.step_mode.to_raw(), size, u16::from(c.transition_time))
                } else {
                    let c = EnhancedStepHue::read_payload(payload)?;
                    let size = i32::from(c.step_size);
                    (c.step_mode.to_raw(), size, c.transition_time)
                };
                let target = match mode {
                    1 => hue + size,
                    3 => hue - size,
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                };
                self.hue_ramp(target, ms(tt), now, command_id == EnhancedStepHue::ID);
            }
            // Move to Saturation.
            MoveToSaturation::ID => {
                let c = MoveToSaturation::read_payload(payload)?;
                let (s, tt) = (c.saturation, c.transition_time);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.set_mode(0, false);
                self.sat_ramp(s.into(), ms(tt), now);
            }
            // Move Saturation: mode (0 stop, 1 up, 3 down), rate.
            MoveSaturation::ID => {
                let c = MoveSaturation::read_payload(payload)?;
                let (mode, rate) = (c.move_mode.to_raw(), c.rate);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                let from = i32::from(self.state.saturation);
                match mode {
                    0 => self.ramps.sat = None,
                    1 | 3 if rate == 0 => return Some(Outcome::Status(Status::InvalidField)),
                    1 | 3 => {
                        self.set_mode(0, false);
                        let to = if mode == 1 { SAT_MAX } else { 0 };
                        self.ramps.sat = Some(Ramp::with_rate(from, to, now, rate.into()));
                    }
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                }
            }
            // Step Saturation.
            StepSaturation::ID => {
                let c = StepSaturation::read_payload(payload)?;
                let (mode, size, tt) = (
                    c.step_mode.to_raw(),
                    i32::from(c.step_size),
                    c.transition_time,
                );
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                let from = i32::from(self.state.saturation);
                let to = match mode {
                    1 => from + size,
                    3 => from - size,
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                };
                self.set_mode(0, false);
                self.sat_ramp(to, ms(tt.into()), now);
            }
            // Move to Hue and Saturation (normal and enhanced).
            MoveToHueAndSaturation::ID | EnhancedMoveToHueAndSaturation::ID => {
                let (h, s, tt) = if command_id == MoveToHueAndSaturation::ID {
                    let c = MoveToHueAndSaturation::read_payload(payload)?;
                    if !self.may_run(cx, c.options_mask, c.options_override) {
                        return Some(ok());
                    }
                    (u16::from(c.hue) << 8, c.saturation, c.transition_time)
                } else {
                    let c = EnhancedMoveToHueAndSaturation::read_payload(payload)?;
                    (c.enhanced_hue, c.saturation, c.transition_time)
                };
                self.hue_ramp(
                    hue_target(self.state.enhanced_hue, h, 0),
                    ms(tt),
                    now,
                    command_id == EnhancedMoveToHueAndSaturation::ID,
                );
                self.sat_ramp(s.into(), ms(tt), now);
            }
            // Move to Color: x, y, transition time.
            MoveToColor::ID => {
                let c = MoveToColor::read_payload(payload)?;
                let (x, y, tt) = (c.color_x, c.color_y, c.transition_time);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.set_mode(1, false);
                self.ramps.x = Some(Ramp::new(
                    self.state.x.into(),
                    i32::from(x).min(XY_MAX),
                    now,
                    ms(tt),
                ));
                self.ramps.y = Some(Ramp::new(
                    self.state.y.into(),
                    i32::from(y).min(XY_MAX),
                    now,
                    ms(tt),
                ));
            }
            // Move Color: signed rates per second for x and y.
            MoveColor::ID => {
                let c = MoveColor::read_payload(payload)?;
                let (rx, ry) = (c.rate_x, c.rate_y);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.set_mode(1, false);
                let axis = |from: u16, rate: i16| {
                    (rate != 0).then(|| {
                        let to = if rate > 0 { XY_MAX } else { 0 };
                        Ramp::with_rate(from.into(), to, now, u32::from(rate.unsigned_abs()))
                    })
                };
                self.ramps.x = axis(self.state.x, rx);
                self.ramps.y = axis(self.state.y, ry);
            }
            // Step Color: signed steps, transition time.
            StepColor::ID => {
                let c = StepColor::read_payload(payload)?;
                let (sx, sy, tt) = (c.step_x, c.step_y, c.transition_time);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.set_mode(1, false);
                let x = (i32::from(self.state.x) + i32::from(sx)).clamp(0, XY_MAX);
                let y = (i32::from(self.state.y) + i32::from(sy)).clamp(0, XY_MAX);
                self.ramps.x = Some(Ramp::new(self.state.x.into(), x, now, ms(tt)));
                self.ramps.y = Some(Ramp::new(self.state.y.into(), y, now, ms(tt)));
            }
            // Move to Color Temperature: limited to the physical range (5.2.2.3.10).
            MoveToColorTemperature::ID => {
                let c = MoveToColorTemperature::read_payload(payload)?;
                let (m, tt) = (c.color_temperature, c.transition_time);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.set_mode(2, false);
                let (lo, hi) = self.ct_bounds(0, 0);
                self.ramps.ct = Some(Ramp::new(
                    self.state.mireds.into(),
                    i32::from(m).clamp(lo, hi),
                    now,
                    ms(tt),
                ));
            }
            // Enhanced Move to Hue: 16-bit hue, direction, transition time.
            EnhancedMoveToHue::ID => {
                let c = EnhancedMoveToHue::read_payload(payload)?;
                let (h, dir, tt) = (c.enhanced_hue, c.direction.to_raw(), c.transition_time);
                self.hue_ramp(
                    hue_target(self.state.enhanced_hue, h, dir),
                    ms(tt),
                    now,
                    true,
                );
            }
            // Color Loop Set (5.2.2.3.15): update flags, action, direction, time, start hue.
            ColorLoopSet::ID => {
                let c = ColorLoopSet::read_payload(payload)?;
                let (flags, action) = (c.update_flags, c.action.to_raw());
                if flags.contains(ColorLoopUpdateFlags::UPDATE_DIRECTION) {
                    self.loop_direction = c.direction.to_raw();
                }
                if flags.contains(ColorLoopUpdateFlags::UPDATE_TIME) {
                    self.loop_time = c.time;
                }
                if flags.contains(ColorLoopUpdateFlags::UPDATE_START_HUE) {
                    self.loop_start_hue = c.start_hue;
                }
                if flags.contains(ColorLoopUpdateFlags::UPDATE_ACTION) {
                    match action {
                        0 if self.loop_active => {
                            self.loop_active = false;
                            self.state.enhanced_hue = self.loop_stored_hue;
                        }
                        0 => {}
                        1 | 2 => {
                            if !self.loop_active {
                                self.loop_stored_hue = self.state.enhanced_hue;
                            }
                            if action == 2 {
                                self.loop_start_hue = self.state.enhanced_hue;
                            }
                            self.loop_active = true;
                            self.loop_started = now;
                            self.ramps.hue = None;
                            self.set_mode(0, true);
                        }
                        _ => return Some(Outcome::Status(Status::InvalidField)),
                    }
                }
            }
            // Stop Move Step: every running transition stops; the color loop does not.
            StopMoveStep::ID => {
                let c = StopMoveStep::read_payload(payload)?;
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                self.update(now);
                self.ramps = Ramps::default();
            }
            // Move Color Temperature: mode, rate, minimum, maximum.
            MoveColorTemperature::ID => {
                let c = MoveColorTemperature::read_payload(payload)?;
                let (mode, rate) = (c.move_mode.to_raw(), c.rate);
                let (min, max) = (c.color_temperature_minimum, c.color_temperature_maximum);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                let (lo, hi) = self.ct_bounds(min, max);
                match mode {
                    0 => self.ramps.ct = None,
                    1 | 3 if rate == 0 => return Some(Outcome::Status(Status::InvalidField)),
                    1 | 3 => {
                        self.set_mode(2, false);
                        let to = if mode == 1 { hi } else { lo };
                        self.ramps.ct = Some(Ramp::with_rate(
                            self.state.mireds.into(),
                            to,
                            now,
                            rate.into(),
                        ));
                    }
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                }
            }
            // Step Color Temperature: mode, size, transition time, minimum, maximum.
            StepColorTemperature::ID => {
                let c = StepColorTemperature::read_payload(payload)?;
                let (mode, size, tt) = (c.step_mode.to_raw(), c.step_size, c.transition_time);
                let (min, max) = (c.color_temperature_minimum, c.color_temperature_maximum);
                if !self.may_run(cx, c.options_mask, c.options_override) {
                    return Some(ok());
                }
                let (lo, hi) = self.ct_bounds(min, max);
                let from = i32::from(self.state.mireds);
                let to = match mode {
                    1 => from + i32::from(size),
                    3 => from - i32::from(size),
                    _ => return Some(Outcome::Status(Status::InvalidField)),
                };
                self.set_mode(2, false);
                self.ramps.ct = Some(Ramp::new(from, to.clamp(lo, hi), now, ms(tt)));
            }
            _ => return Some(Outcome::Status(Status::UnsupClusterCommand)),
        }
        self.update(now);
        Some(ok())
    }

    /// Whether a command may run: while On/Off is off only with "execute if off" in the
    /// effective options (5.2.2.2.1.13), from the command's optional mask and override.
    fn may_run(&self, cx: &mut Context<'_, '_>, mask: Option<Map8>, over: Option<Map8>) -> bool {
        let options = effective_options(self.options, mask.map(|m| m.0), over.map(|o| o.0));
        let on = cx.peers.read_raw(ids::ON_OFF, 0).is_none_or(|v| v == 1);
        on || options & EXECUTE_IF_OFF != 0
    }
}

fn ok() -> Outcome {
    Outcome::Status(Status::Success)
}

impl<C: ColorOutput> ClusterServer for ColorServer<C> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::color_control::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        let s = &self.state;
        Some(AttrValue::Raw(match attr.id {
            COLOR_CONTROL_CURRENT_HUE => u64::from((s.enhanced_hue >> 8).min(254)),
            COLOR_CONTROL_CURRENT_SATURATION => s.saturation.into(),
            COLOR_CONTROL_REMAINING_TIME => self.remaining().into(),
            COLOR_CONTROL_CURRENT_X => s.x.into(),
            COLOR_CONTROL_CURRENT_Y => s.y.into(),
            COLOR_CONTROL_COLOR_TEMPERATURE => s.mireds.into(),
            COLOR_CONTROL_COLOR_MODE => s.mode.into(),
            COLOR_CONTROL_OPTIONS => self.options.into(),
            COLOR_CONTROL_ENHANCED_CURRENT_HUE => s.enhanced_hue.into(),
            COLOR_CONTROL_ENHANCED_COLOR_MODE => self.enhanced_mode.into(),
            COLOR_CONTROL_COLOR_LOOP_ACTIVE => self.loop_active.into(),
            COLOR_CONTROL_COLOR_LOOP_DIRECTION => self.loop_direction.into(),
            COLOR_CONTROL_COLOR_LOOP_TIME => self.loop_time.into(),
            COLOR_CONTROL_COLOR_LOOP_START_ENHANCED_HUE => self.loop_start_hue.into(),
            COLOR_CONTROL_COLOR_LOOP_STORED_ENHANCED_HUE => self.loop_stored_hue.into(),
            // Hue/saturation, enhanced hue, color loop, xy, color temperature.
            COLOR_CONTROL_COLOR_CAPABILITIES => 0x001f,
            COLOR_CONTROL_COLOR_TEMP_PHYSICAL_MIN => self.physical_min.into(),
            COLOR_CONTROL_COLOR_TEMP_PHYSICAL_MAX => self.physical_max.into(),
            START_UP_COLOR_TEMPERATURE_MIREDS => self.start_up_mireds.into(),
            _ => return None,
        }))
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidValue)?;
        match attr.id {
            COLOR_CONTROL_OPTIONS => self.options = v as u8,
            START_UP_COLOR_TEMPERATURE_MIREDS => self.start_up_mireds = v as u16,
            _ => return Err(Status::ReadOnly),
        }
        Ok(())
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        self.update(cx.now);
        self.execute(cx, command_id, payload)
            .unwrap_or(Outcome::Status(Status::MalformedCommand))
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        self.update(cx.now);
    }

    fn persistent(&self, attr: u16) -> bool {
        attr == START_UP_COLOR_TEMPERATURE_MIREDS
    }

    fn start_up(&mut self) {
        // StartUpColorTemperatureMireds: 0xffff keeps the previous value (5.2.2.2.3.9).
        if self.start_up_mireds != 0xffff {
            self.state.mireds = self
                .start_up_mireds
                .clamp(self.physical_min, self.physical_max);
            self.set_mode(2, false);
            self.output.set_color(&self.state);
        }
    }

    fn reset(&mut self) {
        let fresh = ColorServer::new((), self.physical_min, self.physical_max);
        self.state = fresh.state;
        self.enhanced_mode = fresh.enhanced_mode;
        self.options = fresh.options;
        self.loop_active = false;
        self.loop_direction = fresh.loop_direction;
        self.loop_time = fresh.loop_time;
        self.loop_start_hue = fresh.loop_start_hue;
        self.loop_stored_hue = fresh.loop_stored_hue;
        self.start_up_mireds = fresh.start_up_mireds;
        self.ramps = Ramps::default();
        self.output.set_color(&self.state);
    }

    fn store_scene(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        // Extension field set order (ZCL 3.7.2.4.2): x, y, enhanced hue, saturation, loop active,
        // loop direction, loop time, color temperature.
        let s = &self.state;
        w.u16(s.x)?;
        w.u16(s.y)?;
        w.u16(s.enhanced_hue)?;
        w.u8(s.saturation)?;
        w.u8(self.loop_active.into())?;
        w.u8(self.loop_direction)?;
        w.u16(self.loop_time)?;
        w.u16(s.mireds)
    }

    fn recall_scene(&mut self, data: &[u8], transition_ds: u16, now: u32) {
        // The extension field set written by store_scene (a shorter one sets what it holds).
        let mut r = Reader::new(data);
        let ms = u32::from(transition_ds) * 100;
        if let (Ok(x), Ok(y)) = (r.u16(), r.u16()) {
            self.ramps.x = Some(Ramp::new(self.state.x.into(), x.into(), now, ms));
            self.ramps.y = Some(Ramp::new(self.state.y.into(), y.into(), now, ms));
        }
        if let Ok(h) = r.u16() {
            self.ramps.hue = Some(Ramp::new(
                self.state.enhanced_hue.into(),
                hue_target(self.state.enhanced_hue, h, 0),
                now,
                ms,
            ));
        }
        if let Ok(s) = r.u8() {
            self.sat_ramp(s.into(), ms, now);
        }
        if let (Ok(active), Ok(dir), Ok(time)) = (r.u8(), r.u8(), r.u16()) {
            self.loop_direction = dir;
            self.loop_time = time;
            if (active == 1) != self.loop_active {
                self.loop_active = active == 1;
                self.loop_started = now;
            }
        }
        if let Ok(m) = r.u16() {
            self.ramps.ct = Some(Ramp::new(
                self.state.mireds.into(),
                i32::from(m).clamp(self.physical_min.into(), self.physical_max.into()),
                now,
                ms,
            ));
        }
        self.update(now);
    }
}
