//! Identify server (ZCL 3.5): identify with a countdown in seconds, identify query, trigger
//! effect; the indication goes to an [`Indicator`].

use crate::field::{Command, Field};
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{AttrValue, ClusterServer, Context, Outcome, Status};

use crate::clusters::identify::attr_id::IDENTIFY_TIME;
use crate::clusters::identify::{Identify, IdentifyQuery, IdentifyQueryResponse, TriggerEffect};

/// What shows that the device identifies itself (a LED, a buzzer).
pub trait Indicator {
    /// Starts or stops identifying.
    fn set_identifying(&mut self, on: bool);
    /// Runs an effect (ZCL 3.5.2.3.3: 0x00 blink, 0x01 breathe, 0x02 okay, 0x0b channel change,
    /// 0xfe finish effect, 0xff stop effect) with its variant.
    fn trigger_effect(&mut self, effect: u8, variant: u8);
}

/// An indicator that does nothing.
impl Indicator for () {
    fn set_identifying(&mut self, _on: bool) {}
    fn trigger_effect(&mut self, _effect: u8, _variant: u8) {}
}

/// The Identify cluster server.
#[derive(Debug)]
pub struct IdentifyServer<I> {
    indicator: I,
    identify_time: u16,
    /// Time the current second of the countdown started.
    since: u32,
    now: u32,
    last_effect: Option<(u8, u8)>,
}

impl<I: Indicator> IdentifyServer<I> {
    /// A server that is not identifying.
    pub fn new(indicator: I) -> Self {
        IdentifyServer {
            indicator,
            identify_time: 0,
            since: 0,
            now: 0,
            last_effect: None,
        }
    }

    /// Seconds left to identify.
    pub fn identify_time(&self) -> u16 {
        self.identify_time
    }

    /// The last effect triggered (effect, variant).
    pub fn last_effect(&self) -> Option<(u8, u8)> {
        self.last_effect
    }

    /// The indicator.
    pub fn indicator(&self) -> &I {
        &self.indicator
    }

    fn start(&mut self, seconds: u16) {
        let was = self.identify_time > 0;
        self.identify_time = seconds;
        self.since = self.now;
        if was != (seconds > 0) {
            self.indicator.set_identifying(seconds > 0);
        }
    }
}

impl<I: Indicator> ClusterServer for IdentifyServer<I> {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::identify::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        (attr.id == IDENTIFY_TIME).then_some(AttrValue::Raw(self.identify_time.into()))
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        match (attr.id, value) {
            (IDENTIFY_TIME, AttrValue::Raw(v)) => {
                self.start(v as u16);
                Ok(())
            }
            _ => Err(Status::UnsupportedAttribute),
        }
    }

    fn supports_command(&self, id: u8, _direction: zcl_core::Direction) -> bool {
        matches!(id, Identify::ID | IdentifyQuery::ID | TriggerEffect::ID)
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        self.now = cx.now;
        match command_id {
            Identify::ID => match Identify::read_payload(payload) {
                Some(c) => self.start(c.identify_time),
                None => return Outcome::Status(Status::MalformedCommand),
            },
            // Identify Query: answered only while identifying (ZCL 3.5.2.3.2).
            IdentifyQuery::ID => {
                if self.identify_time == 0 {
                    return Outcome::NoResponse;
                }
                let response = IdentifyQueryResponse {
                    timeout: self.identify_time,
                };
                if response.emit(&mut cx.response).is_err() {
                    return Outcome::Status(Status::Failure);
                }
                return Outcome::Response(IdentifyQueryResponse::ID);
            }
            TriggerEffect::ID => {
                let Some(c) = TriggerEffect::read_payload(payload) else {
                    return Outcome::Status(Status::MalformedCommand);
                };
                let (effect, variant) = (c.effect_id.to_raw(), c.effect_variant.to_raw());
                self.last_effect = Some((effect, variant));
                self.indicator.trigger_effect(effect, variant);
            }
            _ => return Outcome::Status(Status::UnsupClusterCommand),
        }
        Outcome::Status(Status::Success)
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        self.now = cx.now;
        while self.identify_time > 0 && cx.now.wrapping_sub(self.since) >= 1000 {
            self.since = self.since.wrapping_add(1000);
            self.identify_time -= 1;
            if self.identify_time == 0 {
                self.indicator.set_identifying(false);
            }
        }
    }

    fn reset(&mut self) {
        self.start(0);
    }
}
