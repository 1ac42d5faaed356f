//! On/Off server (ZCL 3.8): on, off, toggle, off with effect, on with recall global scene, on
//! with timed off, and start-up behaviour; the state drives an embedded-hal `OutputPin`.

use crate::field::Command;
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Status};
use embedded_hal::digital::OutputPin;
use zcl_core::{EncodeError, Writer};

use crate::clusters::on_off::attr_id::{
    GLOBAL_SCENE_CONTROL, OFF_WAIT_TIME, ON_OFF, ON_TIME, START_UP_ON_OFF,
};
use crate::clusters::on_off::{
    Off, OffWithEffect, On, OnOffControl, OnWithRecallGlobalScene, OnWithTimedOff, Toggle,
};

/// The On/Off cluster server driving an output pin (high = on).
#[derive(Debug)]
pub struct OnOffServer<P> {
    pin: P,
    on: bool,
    global_scene_control: bool,
    on_time: u16,
    off_wait_time: u16,
    start_up_on_off: u8,
    last_effect: Option<(u8, u8)>,
    /// The state before Off With Effect, which the global scene stores after the command.
    before_effect: Option<bool>,
    /// Time of the last 1/10 s timer step.
    timer: Option<u32>,
    /// Level Control is dimming to the minimum before switching off (ZCL 3.10.2.1.1).
    dimming: bool,
}

impl<P: OutputPin> OnOffServer<P> {
    /// A server that starts off; StartUpOnOff is "previous" (0xff).
    pub fn new(pin: P) -> Self {
        let mut s = OnOffServer {
            pin,
            on: false,
            global_scene_control: true,
            on_time: 0,
            off_wait_time: 0,
            start_up_on_off: 0xff,
            last_effect: None,
            before_effect: None,
            timer: None,
            dimming: false,
        };
        s.apply();
        s
    }

    /// Whether the output is on.
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// The pin.
    pub fn pin(&self) -> &P {
        &self.pin
    }

    /// The effect of the last Off With Effect (effect id, variant).
    pub fn last_effect(&self) -> Option<(u8, u8)> {
        self.last_effect
    }

    fn apply(&mut self) {
        // A pin error cannot be reported over the air; the attribute still tells the state.
        let _ = if self.on {
            self.pin.set_high()
        } else {
            self.pin.set_low()
        };
    }

    /// Sets the state and the pin.
    pub fn set(&mut self, on: bool) {
        self.on = on;
        self.dimming = false;
        self.apply();
    }

    fn turn_on(&mut self, now: u32) {
        // ZCL 3.8.2.3.2: On clears OffWaitTime when OnTime is 0.
        if self.on_time == 0 {
            self.off_wait_time = 0;
        }
        self.global_scene_control = true;
        self.set(true);
        self.timer.get_or_insert(now);
    }

    fn turn_off(&mut self) {
        self.on_time = 0;
        self.set(false);
    }

    /// Off and Toggle to off: with Level Control the light dims out first, staying on until
    /// Level Control switches it off.
    fn switch_off(&mut self, cx: &mut Context<'_, '_>) {
        if self.on && !self.dimming {
            if let Some(level) = cx.peers.get(super::ids::LEVEL_CONTROL) {
                if level.dim_off(cx.now) {
                    self.on_time = 0;
                    self.dimming = true;
                    return;
                }
            }
        }
        self.turn_off();
    }

    /// On, and not dimming out.
    fn lit(&self) -> bool {
        self.on && !self.dimming
    }
}

impl<P: OutputPin> ClusterServer for OnOffServer<P> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::on_off::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(match attr.id {
            ON_OFF => AttrValue::bool(self.on),
            GLOBAL_SCENE_CONTROL => AttrValue::bool(self.global_scene_control),
            ON_TIME => AttrValue::Raw(self.on_time.into()),
            OFF_WAIT_TIME => AttrValue::Raw(self.off_wait_time.into()),
            START_UP_ON_OFF => AttrValue::Raw(self.start_up_on_off.into()),
            _ => return None,
        })
    }

    fn check_write(&self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidValue)?;
        match attr.id {
            // 0 off, 1 on, 2 toggle, 0xff previous (ZCL 3.8.2.2.5).
            START_UP_ON_OFF if !matches!(v, 0..=2 | 0xff) => Err(Status::InvalidValue),
            ON_OFF if v > 1 => Err(Status::InvalidValue),
            _ => Ok(()),
        }
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        self.check_write(attr, value)?;
        let v = value.raw().unwrap_or(0);
        match attr.id {
            ON_OFF => self.set(v == 1),
            GLOBAL_SCENE_CONTROL => self.global_scene_control = v != 0,
            ON_TIME => self.on_time = v as u16,
            OFF_WAIT_TIME => self.off_wait_time = v as u16,
            START_UP_ON_OFF => self.start_up_on_off = v as u8,
            _ => return Err(Status::UnsupportedAttribute),
        }
        Ok(())
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        self.before_effect = None;
        let was_on = self.lit();
        let outcome = self.execute(cx, command_id, payload);
        if self.lit() != was_on {
            if let Some(level) = cx.peers.get(super::ids::LEVEL_CONTROL) {
                level.on_off_changed(self.lit(), cx.now);
            }
        }
        outcome
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        self.tick_timers(cx.now);
    }

    fn persistent(&self, attr: u16) -> bool {
        matches!(attr, ON_OFF | START_UP_ON_OFF)
    }

    fn start_up(&mut self) {
        let on = match self.start_up_on_off {
            0 => false,
            1 => true,
            2 => !self.on,
            _ => self.on,
        };
        self.set(on);
    }

    fn reset(&mut self) {
        self.global_scene_control = true;
        self.on_time = 0;
        self.off_wait_time = 0;
        self.start_up_on_off = 0xff;
        self.timer = None;
        self.set(false);
    }

    fn store_scene(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        w.u8(u8::from(self.before_effect.unwrap_or(self.on)))
    }

    fn recall_scene(&mut self, data: &[u8], _transition_ds: u16, _now: u32) {
        if let Some(b) = data.first() {
            self.set(*b == 1);
        }
    }
}

impl<P: OutputPin> OnOffServer<P> {
    fn execute(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        match command_id {
            Off::ID => self.switch_off(cx),
            On::ID => self.turn_on(cx.now),
            // Toggle while dimming out turns the light back on.
            Toggle::ID => {
                if self.lit() {
                    self.switch_off(cx);
                } else {
                    self.turn_on(cx.now);
                }
            }
            // Off With Effect (3.8.2.3.4): save the global scene first if allowed.
            OffWithEffect::ID => {
                let Some(OffWithEffect {
                    effect_id,
                    effect_variant,
                }) = OffWithEffect::read_payload(payload)
                else {
                    return Outcome::Status(Status::MalformedCommand);
                };
                let (effect, variant) = (effect_id.to_raw(), effect_variant.0);
                if self.global_scene_control {
                    cx.requests.store_global_scene = true;
                    self.before_effect = Some(self.on);
                    self.global_scene_control = false;
                }
                self.last_effect = Some((effect, variant));
                self.turn_off();
            }
            // On With Recall Global Scene (3.8.2.3.5).
            OnWithRecallGlobalScene::ID => {
                if !self.global_scene_control {
                    self.set(true);
                    cx.requests.recall_global_scene = true;
                    self.global_scene_control = true;
                }
            }
            // On With Timed Off (3.8.2.3.6).
            OnWithTimedOff::ID => {
                let Some(OnWithTimedOff {
                    on_off_control,
                    on_time,
                    off_wait_time: off_wait,
                }) = OnWithTimedOff::read_payload(payload)
                else {
                    return Outcome::Status(Status::MalformedCommand);
                };
                if on_off_control.contains(OnOffControl::ACCEPT_ONLY_WHEN_ON) && !self.on {
                    return Outcome::Status(Status::Success);
                }
                if self.off_wait_time > 0 && !self.on {
                    self.off_wait_time = self.off_wait_time.min(off_wait);
                } else {
                    self.on_time = self.on_time.max(on_time);
                    self.off_wait_time = off_wait;
                    self.global_scene_control = true;
                    self.set(true);
                }
                self.timer = Some(cx.now);
            }
            _ => return Outcome::Status(Status::UnsupClusterCommand),
        }
        Outcome::Status(Status::Success)
    }

    /// OnTime / OffWaitTime countdown.
    fn tick_timers(&mut self, now: u32) {
        self.before_effect = None;
        let Some(mut t) = self.timer else { return };
        // OnTime and OffWaitTime count tenths of a second.
        while now.wrapping_sub(t) >= 100 && now.wrapping_sub(t) < u32::MAX / 2 {
            t = t.wrapping_add(100);
            if self.on && self.on_time > 0 && self.on_time != 0xffff {
                self.on_time -= 1;
                if self.on_time == 0 {
                    self.off_wait_time = 0;
                    self.set(false);
                }
            } else if !self.on && self.off_wait_time > 0 && self.off_wait_time != 0xffff {
                self.off_wait_time -= 1;
                if self.off_wait_time == 0 {
                    self.on_time = 0;
                }
            }
        }
        self.timer = if self.on_time > 0 || self.off_wait_time > 0 {
            Some(t)
        } else {
            None
        };
    }
}
