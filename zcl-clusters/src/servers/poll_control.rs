//! Poll Control server (ZCL 3.16): periodic Check-in to the client, fast polling on a Check-in
//! Response, long and short poll interval commands.

use crate::clusters::poll_control::attr_id::{
    CHECK_IN_INTERVAL, FAST_POLL_TIMEOUT, LONG_POLL_INTERVAL, SHORT_POLL_INTERVAL,
};
use crate::clusters::poll_control::{
    CheckIn, CheckInResponse, FastPollStop, SetLongPollInterval, SetShortPollInterval,
};
use crate::field::Command;
use crate::meta::{AttributeMeta, ClusterMeta};
use crate::runtime::{Address, AttrValue, ClusterServer, Context, Outcome, Status};

/// The Poll Control cluster server of a sleepy end device. Intervals are in quarter seconds.
#[derive(Debug, Clone)]
pub struct PollControlServer {
    check_in_interval: u32,
    long_poll_interval: u32,
    short_poll_interval: u16,
    fast_poll_timeout: u16,
    /// Where Check-in commands go (the bound client).
    pub client: (Address, u8),
    last_check_in: u32,
    started: bool,
    /// Fast polling ends at this time (ms), when active.
    fast_until: Option<u32>,
    now: u32,
}

impl Default for PollControlServer {
    fn default() -> Self {
        Self::new()
    }
}

const fn quarters_ms(q: u32) -> u32 {
    q.saturating_mul(250)
}

impl PollControlServer {
    /// A server with the specification's defaults: check-in every hour, long poll 5 s, short
    /// poll 0.5 s, fast poll timeout 10 s; check-ins go to the coordinator, endpoint 1.
    pub fn new() -> Self {
        PollControlServer {
            check_in_interval: 0x3840,
            long_poll_interval: 0x14,
            short_poll_interval: 0x02,
            fast_poll_timeout: 0x28,
            client: (Address::Short(0x0000), 1),
            last_check_in: 0,
            started: false,
            fast_until: None,
            now: 0,
        }
    }

    /// Whether the device should poll at the short interval now.
    pub fn is_fast_polling(&self) -> bool {
        self.fast_until.is_some()
    }

    /// The poll interval to use now, in quarter seconds.
    pub fn poll_interval(&self) -> u32 {
        if self.is_fast_polling() {
            self.short_poll_interval.into()
        } else {
            self.long_poll_interval
        }
    }
}

impl ClusterServer for PollControlServer {
    fn meta(&self) -> &'static ClusterMeta {
        &crate::clusters::poll_control::META
    }

    fn read(&self, attr: &AttributeMeta) -> Option<AttrValue<'_>> {
        Some(AttrValue::Raw(match attr.id {
            CHECK_IN_INTERVAL => self.check_in_interval.into(),
            LONG_POLL_INTERVAL => self.long_poll_interval.into(),
            SHORT_POLL_INTERVAL => self.short_poll_interval.into(),
            FAST_POLL_TIMEOUT => self.fast_poll_timeout.into(),
            _ => return None,
        }))
    }

    fn check_write(&self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        let v = value.raw().ok_or(Status::InvalidValue)?;
        match attr.id {
            // A check-in interval shorter than the long poll interval is refused (3.16.2.2.1).
            CHECK_IN_INTERVAL if v != 0 && v < u64::from(self.long_poll_interval) => {
                Err(Status::InvalidValue)
            }
            FAST_POLL_TIMEOUT if v == 0 => Err(Status::InvalidValue),
            _ => Ok(()),
        }
    }

    fn write(&mut self, attr: &AttributeMeta, value: AttrValue<'_>) -> Result<(), Status> {
        self.check_write(attr, value)?;
        let v = value.raw().unwrap_or(0);
        match attr.id {
            CHECK_IN_INTERVAL => self.check_in_interval = v as u32,
            LONG_POLL_INTERVAL => self.long_poll_interval = v as u32,
            SHORT_POLL_INTERVAL => self.short_poll_interval = v as u16,
            FAST_POLL_TIMEOUT => self.fast_poll_timeout = v as u16,
            _ => return Err(Status::UnsupportedAttribute),
        }
        Ok(())
    }

    fn command(&mut self, cx: &mut Context<'_, '_>, command_id: u8, payload: &[u8]) -> Outcome {
        self.now = cx.now;
        let malformed = Outcome::Status(Status::MalformedCommand);
        match command_id {
            // Check-in Response: start fast polling for the given timeout (0: the attribute's).
            CheckInResponse::ID => {
                let Some(c) = CheckInResponse::read_payload(payload) else {
                    return malformed;
                };
                let (start, timeout) = (c.start_fast_polling, c.fast_poll_timeout);
                if start {
                    let t = if timeout == 0 {
                        self.fast_poll_timeout
                    } else {
                        timeout
                    };
                    self.fast_until = Some(cx.now.wrapping_add(quarters_ms(t.into())));
                }
                // The spec has no answer for a check-in response unless it is an error.
                Outcome::NoResponse
            }
            FastPollStop::ID => {
                self.fast_until = None;
                Outcome::Status(Status::Success)
            }
            // Set Long Poll Interval: at least the short poll interval, at most the check-in.
            SetLongPollInterval::ID => {
                let Some(c) = SetLongPollInterval::read_payload(payload) else {
                    return malformed;
                };
                let v = c.new_long_poll_interval;
                if v < 4
                    || v < u32::from(self.short_poll_interval)
                    || (self.check_in_interval != 0 && v > self.check_in_interval)
                {
                    return Outcome::Status(Status::InvalidValue);
                }
                self.long_poll_interval = v;
                Outcome::Status(Status::Success)
            }
            // Set Short Poll Interval: at most the long poll interval.
            SetShortPollInterval::ID => {
                let Some(c) = SetShortPollInterval::read_payload(payload) else {
                    return malformed;
                };
                let v = c.new_short_poll_interval;
                if v == 0 || u32::from(v) > self.long_poll_interval {
                    return Outcome::Status(Status::InvalidValue);
                }
                self.short_poll_interval = v;
                Outcome::Status(Status::Success)
            }
            _ => Outcome::Status(Status::UnsupClusterCommand),
        }
    }

    fn tick(&mut self, cx: &mut Context<'_, '_>) {
        self.now = cx.now;
        if !self.started {
            self.started = true;
            self.last_check_in = cx.now;
        }
        if let Some(until) = self.fast_until {
            if cx.now.wrapping_sub(until) < u32::MAX / 2 {
                self.fast_until = None;
            }
        }
        if self.check_in_interval != 0
            && cx.now.wrapping_sub(self.last_check_in) >= quarters_ms(self.check_in_interval)
        {
            let (addr, ep) = self.client;
            if cx.send_command(addr, ep, &CheckIn {}).is_ok() {
                self.last_check_in = cx.now;
            }
        }
    }

    fn reset(&mut self) {
        let client = self.client;
        *self = PollControlServer {
            client,
            ..PollControlServer::new()
        };
    }
}
