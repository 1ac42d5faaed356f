//! Behaviour of each cluster server as the ZCL describes it, checked through the device runtime
//! with exact response frames. Hardware is a recording pin and PWM here; `mock_hal` below uses
//! embedded-hal-mock for the exact pin and PWM calls.

use super::*;
use crate::runtime::{
    Address, ApsIndication, AttrValue, ClusterServer, Destination, Device, Endpoint, FrameQueue,
    MemoryStorage, TxInfo,
};
use core::cell::Cell;
use std::rc::Rc;
use std::vec::Vec;

/// An output pin whose level the test can read.
#[derive(Clone, Default)]
struct Pin(Rc<Cell<Option<bool>>>);

impl embedded_hal::digital::ErrorType for Pin {
    type Error = core::convert::Infallible;
}

impl embedded_hal::digital::OutputPin for Pin {
    fn set_low(&mut self) -> Result<(), Self::Error> {
        self.0.set(Some(false));
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Self::Error> {
        self.0.set(Some(true));
        Ok(())
    }
}

/// A PWM channel with a maximum duty of 1000 whose duty the test can read.
#[derive(Clone, Default)]
struct Pwm(Rc<Cell<u16>>);

impl embedded_hal::pwm::ErrorType for Pwm {
    type Error = core::convert::Infallible;
}

impl embedded_hal::pwm::SetDutyCycle for Pwm {
    fn max_duty_cycle(&self) -> u16 {
        1000
    }
    fn set_duty_cycle(&mut self, duty: u16) -> Result<(), Self::Error> {
        self.0.set(duty);
        Ok(())
    }
}

/// Records identify calls.
#[derive(Clone, Default)]
struct Led(Rc<Cell<LedState>>);

/// Identifying, last effect.
type LedState = (bool, Option<(u8, u8)>);

impl Indicator for Led {
    fn set_identifying(&mut self, on: bool) {
        let (_, e) = self.0.get();
        self.0.set((on, e));
    }
    fn trigger_effect(&mut self, effect: u8, variant: u8) {
        let (on, _) = self.0.get();
        self.0.set((on, Some((effect, variant))));
    }
}

/// Records the last color shown.
#[derive(Clone, Default)]
struct Lamp(Rc<Cell<Option<ColorState>>>);

impl ColorOutput for Lamp {
    fn set_color(&mut self, state: &ColorState) {
        self.0.set(Some(*state));
    }
}

const INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 1,
    stack_version: 2,
    hw_version: 3,
    manufacturer_name: "Acme",
    model_identifier: "L1",
    date_code: "20240101",
    power_source: 0x01,
    sw_build_id: "1.0",
};

struct Light {
    pin: Pin,
    pwm: Pwm,
    led: Led,
    lamp: Lamp,
    basic: BasicServer,
    identify: IdentifyServer<Led>,
    groups: GroupsServer<4>,
    scenes: ScenesServer<4, 24>,
    on_off: OnOffServer<Pin>,
    level: LevelServer<Pwm>,
    color: ColorServer<Lamp>,
    temperature: MeasurementServer,
    ias: IasZoneServer,
    poll: PollControlServer,
}

impl Light {
    fn new() -> Self {
        let (pin, pwm, led, lamp) = (
            Pin::default(),
            Pwm::default(),
            Led::default(),
            Lamp::default(),
        );
        Light {
            basic: BasicServer::new(INFO),
            identify: IdentifyServer::new(led.clone()),
            groups: GroupsServer::new(),
            scenes: ScenesServer::new(),
            on_off: OnOffServer::new(pin.clone()),
            level: LevelServer::new(pwm.clone()),
            color: ColorServer::new(lamp.clone(), 153, 370),
            temperature: temperature(-4000, 12500, 2150),
            ias: IasZoneServer::new(0x0015, 0x1234),
            poll: PollControlServer::new(),
            pin,
            pwm,
            led,
            lamp,
        }
    }
}

/// Builds `$dev`: endpoint 1 is the light (Basic, Identify, Groups, Scenes, On/Off, Level,
/// Color), endpoint 2 a sensor (Temperature, IAS Zone, Poll Control).
macro_rules! device {
    ($l:ident, $dev:ident) => {
        let mut s1: [&mut dyn ClusterServer; 7] = [
            &mut $l.basic,
            &mut $l.identify,
            &mut $l.groups,
            &mut $l.scenes,
            &mut $l.on_off,
            &mut $l.level,
            &mut $l.color,
        ];
        let mut s2: [&mut dyn ClusterServer; 3] = [&mut $l.temperature, &mut $l.ias, &mut $l.poll];
        let mut eps = [
            Endpoint::new(1, 0x0104, 0x0102, 1, &mut s1, &[]),
            Endpoint::new(2, 0x0104, 0x0302, 0, &mut s2, &[]),
        ];
        #[allow(unused_mut)]
        let mut $dev: Device<'_, 4> = Device::new(&mut eps);
    };
}

fn frames(out: &FrameQueue<8>) -> Vec<Vec<u8>> {
    out.iter().map(|(_, f)| f.to_vec()).collect()
}

/// Sends a unicast frame to `ep`/`cluster` and returns the answers.
fn send(dev: &mut Device<'_, 4>, ep: u8, cluster: u16, frame: &[u8]) -> Vec<Vec<u8>> {
    let mut out = FrameQueue::<8>::new();
    dev.handle(
        &ApsIndication {
            src_addr: 0x0000,
            src_endpoint: 1,
            dst: Destination::Endpoint(ep),
            profile: 0x0104,
            cluster,
            payload: frame,
            broadcast: false,
        },
        &mut out,
    );
    frames(&out)
}

/// Sends to a group.
fn send_group(dev: &mut Device<'_, 4>, group: u16, cluster: u16, frame: &[u8]) -> Vec<Vec<u8>> {
    let mut out = FrameQueue::<8>::new();
    dev.handle(
        &ApsIndication {
            src_addr: 0x0000,
            src_endpoint: 1,
            dst: Destination::Group(group),
            profile: 0x0104,
            cluster,
            payload: frame,
            broadcast: false,
        },
        &mut out,
    );
    frames(&out)
}

fn tick(dev: &mut Device<'_, 4>, now: u32) -> Vec<(TxInfo, Vec<u8>)> {
    let mut out = FrameQueue::<8>::new();
    dev.tick(now, &mut out);
    out.iter().map(|(t, f)| (*t, f.to_vec())).collect()
}

fn raw(dev: &Device<'_, 4>, ep: u8, cluster: u16, attr: u16) -> u64 {
    dev.attribute(ep, cluster, attr)
        .and_then(|v| v.raw())
        .unwrap()
}

/// Default Response with success for a cluster command `cmd` with tsn `tsn`.
fn ok(tsn: u8, cmd: u8) -> Vec<Vec<u8>> {
    vec![vec![0x18, tsn, 0x0b, cmd, 0x00]]
}

mod basic_cluster {
    use super::*;

    #[test]
    fn read_device_information() {
        let mut l = Light::new();
        device!(l, dev);
        let r = send(
            &mut dev,
            1,
            0x0000,
            &[
                0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x07, 0x00, 0x05, 0x00,
            ],
        );
        assert_eq!(
            r,
            vec![vec![
                0x18, 0x01, 0x01, 0x00, 0x00, 0x00, 0x20, 0x08, // ZCLVersion 8
                0x04, 0x00, 0x00, 0x42, 0x04, b'A', b'c', b'm', b'e', // ManufacturerName
                0x07, 0x00, 0x00, 0x30, 0x01, // PowerSource mains
                0x05, 0x00, 0x00, 0x42, 0x02, b'L', b'1', // ModelIdentifier
            ]]
        );
    }

    #[test]
    fn write_location_and_reset_to_factory_defaults() {
        let mut l = Light::new();
        {
            device!(l, dev);
            let r = send(
                &mut dev,
                1,
                0x0000,
                &[0x00, 0x02, 0x02, 0x10, 0x00, 0x42, 0x03, b'h', b'a', b'l'],
            );
            assert_eq!(r, vec![vec![0x18, 0x02, 0x04, 0x00]]);
            // Too long for the 16-byte attribute.
            let mut long = vec![0x00, 0x03, 0x02, 0x10, 0x00, 0x42, 17];
            long.extend_from_slice(&[b'x'; 17]);
            assert_eq!(
                send(&mut dev, 1, 0x0000, &long),
                vec![vec![0x18, 0x03, 0x04, 0x87, 0x10, 0x00]]
            );
            let r = send(&mut dev, 1, 0x0000, &[0x00, 0x04, 0x00, 0x10, 0x00]);
            assert_eq!(
                r,
                vec![vec![
                    0x18, 0x04, 0x01, 0x10, 0x00, 0x00, 0x42, 0x03, b'h', b'a', b'l'
                ]]
            );
            send(&mut dev, 1, 0x0004, &[0x01, 0x05, 0x00, 0x01, 0x00, 0x00]);
            send(&mut dev, 1, 0x0008, &[0x01, 0x06, 0x00, 0x20, 0x00, 0x00]);
            // Reset to Factory Defaults: default response, every cluster back to defaults.
            assert_eq!(
                send(&mut dev, 1, 0x0000, &[0x01, 0x07, 0x00]),
                ok(0x07, 0x00)
            );
            let r = send(&mut dev, 1, 0x0000, &[0x00, 0x08, 0x00, 0x10, 0x00]);
            assert_eq!(
                r,
                vec![vec![0x18, 0x08, 0x01, 0x10, 0x00, 0x00, 0x42, 0x00]]
            );
            assert_eq!(raw(&dev, 1, 0x0008, 0), 254);
        }
        assert!(l.groups.groups().is_empty());
        assert_eq!(l.basic.factory_resets(), 1);
    }
}

mod identify_cluster {
    use super::*;

    #[test]
    fn identify_counts_down_and_query_answers_while_identifying() {
        let mut l = Light::new();
        {
            device!(l, dev);
            // Identify Query while not identifying: no answer at all.
            assert!(send(&mut dev, 1, 0x0003, &[0x01, 0x01, 0x01]).is_empty());
            assert_eq!(
                send(&mut dev, 1, 0x0003, &[0x01, 0x02, 0x00, 0x03, 0x00]),
                ok(0x02, 0x00)
            );
            assert!(l_led(&dev));
            tick(&mut dev, 1_000);
            // Identify Query Response: server->client cluster frame 0x00 with 2 s left.
            assert_eq!(
                send(&mut dev, 1, 0x0003, &[0x01, 0x03, 0x01]),
                vec![vec![0x19, 0x03, 0x00, 0x02, 0x00]]
            );
            tick(&mut dev, 2_999);
            assert_eq!(raw(&dev, 1, 0x0003, 0), 1);
            tick(&mut dev, 3_000);
            assert_eq!(raw(&dev, 1, 0x0003, 0), 0);
            // Writing IdentifyTime starts identifying too.
            send(
                &mut dev,
                1,
                0x0003,
                &[0x10, 0x04, 0x02, 0x00, 0x00, 0x21, 0x0a, 0x00],
            );
            assert_eq!(raw(&dev, 1, 0x0003, 0), 10);
            // Trigger Effect: blink (0x00), variant 0.
            assert_eq!(
                send(&mut dev, 1, 0x0003, &[0x01, 0x05, 0x40, 0x00, 0x00]),
                ok(0x05, 0x40)
            );
            assert_eq!(
                send(&mut dev, 1, 0x0003, &[0x01, 0x06, 0x40, 0x00]),
                vec![vec![0x18, 0x06, 0x0b, 0x40, 0x80]]
            );
        }
        assert_eq!(l.led.0.get(), (true, Some((0x00, 0x00))));
        assert_eq!(l.identify.last_effect(), Some((0, 0)));
    }

    fn l_led(dev: &Device<'_, 4>) -> bool {
        dev.attribute(1, 0x0003, 0).and_then(|v| v.raw()) == Some(3)
    }
}

mod groups_cluster {
    use super::*;

    #[test]
    fn add_view_membership_remove() {
        let mut l = Light::new();
        device!(l, dev);
        // Add Group 0x0001 with name "a": response status, group id.
        let r = send(
            &mut dev,
            1,
            0x0004,
            &[0x01, 0x01, 0x00, 0x01, 0x00, 0x01, b'a'],
        );
        assert_eq!(r, vec![vec![0x19, 0x01, 0x00, 0x00, 0x01, 0x00]]);
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x02, 0x00, 0x01, 0x00, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x02, 0x00, 0x8a, 0x01, 0x00]]); // DUPLICATE_EXISTS
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x03, 0x00, 0x00, 0x00, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x03, 0x00, 0x87, 0x00, 0x00]]); // group 0: INVALID_VALUE
        send(&mut dev, 1, 0x0004, &[0x01, 0x04, 0x00, 0x02, 0x00, 0x00]);
        // View Group: status, id, empty name.
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x05, 0x01, 0x01, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x05, 0x01, 0x00, 0x01, 0x00, 0x00]]);
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x06, 0x01, 0x09, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x06, 0x01, 0x8b, 0x09, 0x00, 0x00]]);
        // Get Group Membership, all: capacity 2, count 2, ids.
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x07, 0x02, 0x00]);
        assert_eq!(
            r,
            vec![vec![0x19, 0x07, 0x02, 0x02, 0x02, 0x01, 0x00, 0x02, 0x00]]
        );
        // Asking for 0x0002 and 0x0009: only 0x0002.
        let r = send(
            &mut dev,
            1,
            0x0004,
            &[0x01, 0x08, 0x02, 0x02, 0x02, 0x00, 0x09, 0x00],
        );
        assert_eq!(r, vec![vec![0x19, 0x08, 0x02, 0x02, 0x01, 0x02, 0x00]]);
        // Remove Group.
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x09, 0x03, 0x01, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x09, 0x03, 0x00, 0x01, 0x00]]);
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x0a, 0x03, 0x01, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x0a, 0x03, 0x8b, 0x01, 0x00]]);
        // Remove All Groups: default response.
        assert_eq!(
            send(&mut dev, 1, 0x0004, &[0x01, 0x0b, 0x04]),
            ok(0x0b, 0x04)
        );
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x0c, 0x02, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x0c, 0x02, 0x04, 0x00]]);
    }

    #[test]
    fn commands_cut_short_are_malformed() {
        let mut l = Light::new();
        device!(l, dev);
        // Add Group without its name field, View Group with half a group id, Get Group
        // Membership announcing two ids but carrying one: MALFORMED_COMMAND (0x80), no change.
        let malformed = |tsn, cmd| vec![vec![0x18, tsn, 0x0b, cmd, 0x80]];
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x01, 0x00, 0x05, 0x00]);
        assert_eq!(r, malformed(0x01, 0x00));
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x02, 0x01, 0x05]);
        assert_eq!(r, malformed(0x02, 0x01));
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x03, 0x02, 0x02, 0x05, 0x00]);
        assert_eq!(r, malformed(0x03, 0x02));
        // The table is still empty: capacity 4, no groups.
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x04, 0x02, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x04, 0x02, 0x04, 0x00]]);
    }

    #[test]
    fn table_full_and_add_if_identifying() {
        let mut l = Light::new();
        device!(l, dev);
        // Add Group If Identifying while not identifying: nothing added.
        assert_eq!(
            send(&mut dev, 1, 0x0004, &[0x01, 0x01, 0x05, 0x07, 0x00, 0x00]),
            ok(0x01, 0x05)
        );
        assert_eq!(
            send(&mut dev, 1, 0x0004, &[0x01, 0x02, 0x02, 0x00]),
            vec![vec![0x19, 0x02, 0x02, 0x04, 0x00]]
        );
        send(&mut dev, 1, 0x0003, &[0x11, 0x03, 0x00, 0x05, 0x00]);
        assert_eq!(
            send(&mut dev, 1, 0x0004, &[0x01, 0x04, 0x05, 0x07, 0x00, 0x00]),
            ok(0x04, 0x05)
        );
        for g in 8..11u8 {
            send(&mut dev, 1, 0x0004, &[0x01, 0x05, 0x00, g, 0x00, 0x00]);
        }
        let r = send(&mut dev, 1, 0x0004, &[0x01, 0x06, 0x00, 0x20, 0x00, 0x00]);
        assert_eq!(r, vec![vec![0x19, 0x06, 0x00, 0x89, 0x20, 0x00]]); // INSUFFICIENT_SPACE
    }

    #[test]
    fn groupcast_reaches_members_without_responses() {
        let mut l = Light::new();
        {
            device!(l, dev);
            send(&mut dev, 1, 0x0004, &[0x01, 0x01, 0x00, 0x05, 0x00, 0x00]);
            // On to group 5: the light turns on, no default response to a groupcast.
            assert!(send_group(&mut dev, 5, 0x0006, &[0x01, 0x02, 0x01]).is_empty());
            assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
            // Add Group sent to the group: done, but not answered.
            assert!(
                send_group(&mut dev, 5, 0x0004, &[0x01, 0x03, 0x00, 0x06, 0x00, 0x00]).is_empty()
            );
            // A group the endpoint is not in reaches nothing.
            assert!(send_group(&mut dev, 9, 0x0006, &[0x01, 0x04, 0x00]).is_empty());
            assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
        }
        assert_eq!(l.groups.groups(), &[5, 6]);
        assert_eq!(l.pin.0.get(), Some(true));
    }
}

mod on_off_cluster {
    use super::*;

    #[test]
    fn on_off_toggle_drive_the_pin() {
        let mut l = Light::new();
        let pin = l.pin.clone();
        device!(l, dev);
        assert_eq!(pin.0.get(), Some(false));
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x01, 0x01]),
            ok(0x01, 0x01)
        );
        assert_eq!(pin.0.get(), Some(true));
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x02, 0x02]),
            ok(0x02, 0x02)
        );
        assert_eq!(pin.0.get(), Some(false));
        // Default response disabled: success is not answered.
        assert!(send(&mut dev, 1, 0x0006, &[0x11, 0x03, 0x02]).is_empty());
        assert_eq!(pin.0.get(), Some(true));
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x04, 0x00]),
            ok(0x04, 0x00)
        );
        assert_eq!(pin.0.get(), Some(false));
        // Unknown command id.
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x05, 0x03]),
            vec![vec![0x18, 0x05, 0x0b, 0x03, 0x81]]
        );
        // OnOff is read-only over the air.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0006,
                &[0x00, 0x06, 0x02, 0x00, 0x00, 0x10, 0x01]
            ),
            vec![vec![0x18, 0x06, 0x04, 0x88, 0x00, 0x00]]
        );
    }

    #[test]
    fn on_with_timed_off_counts_on_time_then_off_wait_time() {
        let mut l = Light::new();
        let pin = l.pin.clone();
        device!(l, dev);
        // On With Timed Off: control 0, on time 1.0 s, off wait 0.5 s.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0006,
                &[0x01, 0x01, 0x42, 0x00, 0x0a, 0x00, 0x05, 0x00]
            ),
            ok(0x01, 0x42)
        );
        assert_eq!(pin.0.get(), Some(true));
        tick(&mut dev, 500);
        assert_eq!(raw(&dev, 1, 0x0006, 0x4001), 5);
        tick(&mut dev, 1_000);
        assert_eq!(pin.0.get(), Some(false));
        assert_eq!(raw(&dev, 1, 0x0006, 0x4001), 0);
        // Off wait time was cleared when on time ran out.
        assert_eq!(raw(&dev, 1, 0x0006, 0x4002), 0);
        // Accept only when on: ignored while off.
        send(
            &mut dev,
            1,
            0x0006,
            &[0x01, 0x02, 0x42, 0x01, 0x0a, 0x00, 0x05, 0x00],
        );
        assert_eq!(pin.0.get(), Some(false));
        // Malformed: fields missing.
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x03, 0x42, 0x00]),
            vec![vec![0x18, 0x03, 0x0b, 0x42, 0x80]]
        );
    }

    #[test]
    fn off_with_effect_and_on_with_recall_global_scene() {
        let mut l = Light::new();
        {
            device!(l, dev);
            send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
            send(&mut dev, 1, 0x0008, &[0x11, 0x02, 0x00, 0x40, 0x00, 0x00]);
            // Off With Effect: dying light (0x01), variant 0: stores the global scene.
            assert_eq!(
                send(&mut dev, 1, 0x0006, &[0x01, 0x03, 0x40, 0x01, 0x00]),
                ok(0x03, 0x40)
            );
            assert_eq!(raw(&dev, 1, 0x0006, 0), 0);
            assert_eq!(raw(&dev, 1, 0x0006, 0x4000), 0);
            send(
                &mut dev,
                1,
                0x0008,
                &[0x11, 0x04, 0x00, 0xc8, 0x00, 0x00, 0x01, 0x01],
            );
            assert_eq!(raw(&dev, 1, 0x0008, 0), 200);
            // On With Recall Global Scene: on, level back to 0x40.
            assert_eq!(
                send(&mut dev, 1, 0x0006, &[0x01, 0x05, 0x41]),
                ok(0x05, 0x41)
            );
            assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
            assert_eq!(raw(&dev, 1, 0x0008, 0), 0x40);
            assert_eq!(raw(&dev, 1, 0x0006, 0x4000), 1);
        }
        assert_eq!(l.on_off.last_effect(), Some((1, 0)));
        assert_eq!(l.scenes.scenes()[0].group, 0);
    }

    #[test]
    fn start_up_on_off_from_storage() {
        let mut flash = MemoryStorage::<8>::new();
        {
            let mut l = Light::new();
            device!(l, dev);
            send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
            // StartUpOnOff = toggle (0x02).
            assert_eq!(
                send(
                    &mut dev,
                    1,
                    0x0006,
                    &[0x00, 0x02, 0x02, 0x03, 0x40, 0x30, 0x02]
                ),
                vec![vec![0x18, 0x02, 0x04, 0x00]]
            );
            assert_eq!(
                send(
                    &mut dev,
                    1,
                    0x0006,
                    &[0x00, 0x03, 0x02, 0x03, 0x40, 0x30, 0x07]
                ),
                vec![vec![0x18, 0x03, 0x04, 0x87, 0x03, 0x40]]
            );
            dev.save(&mut flash);
        }
        let mut l = Light::new();
        let pin = l.pin.clone();
        device!(l, dev);
        dev.restore(&mut flash);
        // Was on, toggle at start: off.
        assert_eq!(raw(&dev, 1, 0x0006, 0), 0);
        assert_eq!(pin.0.get(), Some(false));
        assert_eq!(raw(&dev, 1, 0x0006, 0x4003), 2);
    }
}

mod level_cluster {
    use super::*;

    #[test]
    fn unknown_and_truncated_commands_change_nothing() {
        let mut l = Light::new();
        device!(l, dev);
        // Move to Closest Frequency (0x08) is not implemented: UNSUP_CLUSTER_COMMAND (0x81)
        // and the level stays at the maximum.
        let r = send(&mut dev, 1, 0x0008, &[0x01, 0x01, 0x08, 0x20, 0x00]);
        assert_eq!(r, vec![vec![0x18, 0x01, 0x0b, 0x08, 0x81]]);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 254);
        // Move to Level with the transition time cut short, Step with only its mode: MALFORMED.
        let r = send(&mut dev, 1, 0x0008, &[0x01, 0x02, 0x04, 0x20, 0x00]);
        assert_eq!(r, vec![vec![0x18, 0x02, 0x0b, 0x04, 0x80]]);
        let r = send(&mut dev, 1, 0x0008, &[0x01, 0x03, 0x02, 0x00]);
        assert_eq!(r, vec![vec![0x18, 0x03, 0x0b, 0x02, 0x80]]);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 254);
    }

    #[test]
    fn move_to_level_runs_its_transition_on_ticks() {
        let mut l = Light::new();
        let pwm = l.pwm.clone();
        device!(l, dev);
        send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
        assert_eq!(pwm.0.get(), 1000);
        // Move to Level 0x7f over 1.0 s.
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x02, 0x00, 0x7f, 0x0a, 0x00]),
            ok(0x02, 0x00)
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0x0001), 10); // RemainingTime
        tick(&mut dev, 500);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 191); // half way from 254 to 127
        assert_eq!(pwm.0.get(), 751); // 191 / 254 of 1000
        assert_eq!(raw(&dev, 1, 0x0008, 0x0001), 5);
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x7f);
        assert_eq!(pwm.0.get(), 500);
        // Step down 0x20 at once, then Move up at 100/s, Stop after 0.5 s.
        send(
            &mut dev,
            1,
            0x0008,
            &[0x11, 0x03, 0x02, 0x01, 0x20, 0x00, 0x00],
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x5f);
        send(&mut dev, 1, 0x0008, &[0x11, 0x04, 0x01, 0x00, 0x64]);
        tick(&mut dev, 1_500);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x5f + 50);
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x05, 0x03]),
            ok(0x05, 0x03)
        );
        tick(&mut dev, 3_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x5f + 50);
        // Move down to the minimum at 255/s... rate 0xff uses DefaultMoveRate (none: at once).
        send(&mut dev, 1, 0x0008, &[0x11, 0x06, 0x01, 0x01, 0xff]);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 1);
    }

    #[test]
    fn options_decide_what_runs_while_off() {
        let mut l = Light::new();
        device!(l, dev);
        // Off: Move to Level is ignored without ExecuteIfOff (still success).
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x01, 0x00, 0x10, 0x00, 0x00]),
            ok(0x01, 0x00)
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0), 254);
        // With mask 0x01 and override 0x01 it runs.
        send(
            &mut dev,
            1,
            0x0008,
            &[0x11, 0x02, 0x00, 0x10, 0x00, 0x00, 0x01, 0x01],
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x10);
        // Options attribute with ExecuteIfOff; an override of 0 under the mask wins over it.
        send(
            &mut dev,
            1,
            0x0008,
            &[0x10, 0x03, 0x02, 0x0f, 0x00, 0x18, 0x01],
        );
        send(
            &mut dev,
            1,
            0x0008,
            &[0x11, 0x04, 0x00, 0x20, 0x00, 0x00, 0x01, 0x00],
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x10);
        send(&mut dev, 1, 0x0008, &[0x11, 0x05, 0x00, 0x20, 0x00, 0x00]);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x20);
        // OnLevel and the other writable attributes.
        let r = send(
            &mut dev,
            1,
            0x0008,
            &[
                0x00, 0x06, 0x02, 0x11, 0x00, 0x20, 0x80, 0x10, 0x00, 0x21, 0x05, 0x00,
            ],
        );
        assert_eq!(r, vec![vec![0x18, 0x06, 0x04, 0x00]]);
        let r = send(
            &mut dev,
            1,
            0x0008,
            &[0x00, 0x07, 0x00, 0x11, 0x00, 0x10, 0x00],
        );
        assert_eq!(
            r,
            vec![vec![
                0x18, 0x07, 0x01, 0x11, 0x00, 0x00, 0x20, 0x80, 0x10, 0x00, 0x00, 0x21, 0x05, 0x00
            ]]
        );
        // Malformed.
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x08, 0x00, 0x20]),
            vec![vec![0x18, 0x08, 0x0b, 0x00, 0x80]]
        );
    }

    #[test]
    fn with_on_off_variants_switch_the_light() {
        let mut l = Light::new();
        let pin = l.pin.clone();
        device!(l, dev);
        // Move to Level With On/Off up from off: turns on at once.
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x01, 0x04, 0x80, 0x0a, 0x00]),
            ok(0x01, 0x04)
        );
        assert_eq!(pin.0.get(), Some(true));
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x80);
        // Step With On/Off down to the minimum over 0.5 s: off when it gets there.
        send(
            &mut dev,
            1,
            0x0008,
            &[0x11, 0x02, 0x06, 0x01, 0xff, 0x05, 0x00],
        );
        tick(&mut dev, 1_200);
        assert_eq!(pin.0.get(), Some(true));
        tick(&mut dev, 1_500);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 1);
        assert_eq!(pin.0.get(), Some(false));
        // Move With On/Off up: on, moving at 254/s.
        send(&mut dev, 1, 0x0008, &[0x11, 0x03, 0x05, 0x00, 0xfe]);
        assert_eq!(pin.0.get(), Some(true));
        tick(&mut dev, 2_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 128);
        // Stop With On/Off.
        assert_eq!(
            send(&mut dev, 1, 0x0008, &[0x01, 0x04, 0x07]),
            ok(0x04, 0x07)
        );
        tick(&mut dev, 3_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 128);
    }

    #[test]
    fn on_goes_to_on_level_over_on_transition_time() {
        let mut l = Light::new();
        let pwm = l.pwm.clone();
        device!(l, dev);
        // OnLevel 0x40, OnTransitionTime 1.0 s.
        let w = [
            0x00, 0x01, 0x02, 0x11, 0x00, 0x20, 0x40, 0x12, 0x00, 0x21, 0x0a, 0x00,
        ];
        assert_eq!(
            send(&mut dev, 1, 0x0008, &w),
            vec![vec![0x18, 0x01, 0x04, 0x00]]
        );
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x02, 0x01]),
            ok(0x02, 0x01)
        );
        assert_eq!(raw(&dev, 1, 0x0008, 0), 1);
        tick(&mut dev, 500);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 32);
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x40);
        assert_eq!(pwm.0.get(), 251); // 64 / 254 of 1000
                                      // Off leaves the level; On again with OnLevel undefined returns to it.
        send(&mut dev, 1, 0x0006, &[0x11, 0x03, 0x00]);
        send(
            &mut dev,
            1,
            0x0008,
            &[0x10, 0x04, 0x02, 0x11, 0x00, 0x20, 0xff],
        );
        send(&mut dev, 1, 0x0006, &[0x11, 0x05, 0x01]);
        tick(&mut dev, 2_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x40);
    }

    #[test]
    fn off_dims_to_the_minimum_then_switches_off_and_restores_the_level() {
        let mut l = Light::new();
        let (pin, pwm) = (l.pin.clone(), l.pwm.clone());
        device!(l, dev);
        // OffTransitionTime (0x0013, uint16) 1.0 s.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0008,
                &[0x00, 0x01, 0x02, 0x13, 0x00, 0x21, 0x0a, 0x00]
            ),
            vec![vec![0x18, 0x01, 0x04, 0x00]]
        );
        // On, then Move to Level 0x80 at once.
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x02, 0x01]),
            ok(0x02, 0x01)
        );
        send(&mut dev, 1, 0x0008, &[0x11, 0x03, 0x00, 0x80, 0x00, 0x00]);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        // Off: still on, dimming from 128 to 1 over 1 s.
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x04, 0x00]),
            ok(0x04, 0x00)
        );
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
        assert_eq!(raw(&dev, 1, 0x0008, 0x0001), 10); // RemainingTime
        tick(&mut dev, 500);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 65); // 128 - 63.5, truncated toward 128
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 255));
        assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
        // At the minimum: off, and CurrentLevel back to the stored 128.
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0006, 0), 0);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 128);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(false), 503));
        // On (OnOffTransitionTime 0): back at 128 at once.
        send(&mut dev, 1, 0x0006, &[0x11, 0x05, 0x01]);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        // Toggle to off dims the same way; On half way returns to the level before the Off.
        tick(&mut dev, 2_000);
        assert_eq!(
            send(&mut dev, 1, 0x0006, &[0x01, 0x06, 0x02]),
            ok(0x06, 0x02)
        );
        tick(&mut dev, 2_500);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 255));
        send(&mut dev, 1, 0x0006, &[0x11, 0x07, 0x01]);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        tick(&mut dev, 3_500);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
        // Toggle half way through a second dim-out turns it back on too.
        send(&mut dev, 1, 0x0006, &[0x11, 0x08, 0x02]);
        tick(&mut dev, 4_000);
        assert_eq!(pwm.0.get(), 255);
        send(&mut dev, 1, 0x0006, &[0x11, 0x09, 0x02]);
        tick(&mut dev, 5_000);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        // OffTransitionTime 0: off at once, the level kept.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0008,
                &[0x00, 0x0a, 0x02, 0x13, 0x00, 0x21, 0x00, 0x00]
            ),
            vec![vec![0x18, 0x0a, 0x04, 0x00]]
        );
        send(&mut dev, 1, 0x0006, &[0x11, 0x0b, 0x00]);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(false), 503));
        assert_eq!(raw(&dev, 1, 0x0008, 0), 128);
    }

    #[test]
    fn off_uses_on_off_transition_time_without_off_transition_time() {
        let mut l = Light::new();
        let (pin, pwm) = (l.pin.clone(), l.pwm.clone());
        device!(l, dev);
        // OffTransitionTime stays 0xffff; OnOffTransitionTime (0x0010) 0.4 s.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0008,
                &[0x00, 0x01, 0x02, 0x10, 0x00, 0x21, 0x04, 0x00]
            ),
            vec![vec![0x18, 0x01, 0x04, 0x00]]
        );
        send(&mut dev, 1, 0x0006, &[0x11, 0x02, 0x01]);
        tick(&mut dev, 400);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 1000));
        send(&mut dev, 1, 0x0006, &[0x11, 0x03, 0x00]);
        tick(&mut dev, 600);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 128); // 254 - 126.5, truncated
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(true), 503));
        tick(&mut dev, 800);
        assert_eq!((pin.0.get(), pwm.0.get()), (Some(false), 1000));
    }

    #[test]
    fn start_up_current_level() {
        let mut flash = MemoryStorage::<8>::new();
        {
            let mut l = Light::new();
            device!(l, dev);
            send(
                &mut dev,
                1,
                0x0008,
                &[0x10, 0x01, 0x02, 0x00, 0x40, 0x20, 0x30],
            );
            send(
                &mut dev,
                1,
                0x0008,
                &[0x11, 0x02, 0x00, 0x40, 0x00, 0x00, 0x01, 0x01],
            );
            dev.save(&mut flash);
        }
        let mut l = Light::new();
        let pwm = l.pwm.clone();
        device!(l, dev);
        dev.restore(&mut flash);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x30);
        assert_eq!(pwm.0.get(), 188); // 48 / 254 of 1000
    }
}

mod scenes_cluster {
    use super::*;

    #[test]
    fn add_scene_to_a_group_not_joined_stores_nothing() {
        let mut l = Light::new();
        device!(l, dev);
        // Add Scene for group 9, which the endpoint is not in: INVALID_FIELD (0x85).
        let add = [0x01, 0x01, 0x00, 0x09, 0x00, 0x02, 0x00, 0x00, 0x00];
        assert_eq!(
            send(&mut dev, 1, 0x0005, &add),
            vec![vec![0x19, 0x01, 0x00, 0x85, 0x09, 0x00, 0x02]]
        );
        assert_eq!(raw(&dev, 1, 0x0005, 0x0000), 0); // SceneCount
                                                     // An extension field set cut short: MALFORMED_COMMAND, nothing stored either.
        let add = [
            0x01, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x06, 0x00, 0x02, 0x01,
        ];
        assert_eq!(
            send(&mut dev, 1, 0x0005, &add),
            vec![vec![0x18, 0x02, 0x0b, 0x00, 0x80]]
        );
        assert_eq!(raw(&dev, 1, 0x0005, 0x0000), 0);
    }

    #[test]
    fn add_view_store_recall_remove() {
        let mut l = Light::new();
        device!(l, dev);
        send(&mut dev, 1, 0x0004, &[0x11, 0x01, 0x00, 0x01, 0x00, 0x00]);
        // Add Scene: group 1, scene 2, 3 s, no name, On/Off on and Level 0x20.
        let add = [
            0x01, 0x02, 0x00, 0x01, 0x00, 0x02, 0x03, 0x00, 0x00, 0x06, 0x00, 0x01,
            0x01, // On/Off set
            0x08, 0x00, 0x01, 0x20,
        ]; // Level set
        assert_eq!(
            send(&mut dev, 1, 0x0005, &add),
            vec![vec![0x19, 0x02, 0x00, 0x00, 0x01, 0x00, 0x02]]
        );
        // View Scene: status, group, scene, transition time, name, extension sets.
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x03, 0x01, 0x01, 0x00, 0x02]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x03, 0x01, 0x00, 0x01, 0x00, 0x02, 0x03, 0x00, 0x00, 0x06, 0x00, 0x01, 0x01,
                0x08, 0x00, 0x01, 0x20
            ]]
        );
        // Group not joined: INVALID_FIELD; unknown scene: NOT_FOUND.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x04, 0x01, 0x09, 0x00, 0x02]),
            vec![vec![0x19, 0x04, 0x01, 0x85, 0x09, 0x00, 0x02]]
        );
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x05, 0x01, 0x01, 0x00, 0x07]),
            vec![vec![0x19, 0x05, 0x01, 0x8b, 0x01, 0x00, 0x07]]
        );
        // Recall Scene: light on, level moves to 0x20 over 3 s.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x06, 0x05, 0x01, 0x00, 0x02]),
            ok(0x06, 0x05)
        );
        assert_eq!(raw(&dev, 1, 0x0006, 0), 1);
        tick(&mut dev, 3_000);
        assert_eq!(raw(&dev, 1, 0x0008, 0), 0x20);
        assert_eq!(raw(&dev, 1, 0x0005, 0x0001), 2); // CurrentScene
        assert_eq!(raw(&dev, 1, 0x0005, 0x0003), 1); // SceneValid
                                                     // Store Scene 3 from the current state (color included).
        send(&mut dev, 1, 0x0008, &[0x11, 0x07, 0x00, 0x99, 0x00, 0x00]);
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x08, 0x04, 0x01, 0x00, 0x03]),
            vec![vec![0x19, 0x08, 0x04, 0x00, 0x01, 0x00, 0x03]]
        );
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x09, 0x01, 0x01, 0x00, 0x03]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x09, 0x01, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00, 0x06, 0x00, 0x01,
                0x01, // On/Off on
                0x08, 0x00, 0x01, 0x99, // Level
                0x00, 0x03, 0x0d, 0x6b, 0x61, 0x7d, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x19, 0x00,
                0xfa, 0x00
            ]]
        );
        // Get Scene Membership: status, capacity 2, group, count 2, ids.
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x0a, 0x06, 0x01, 0x00]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x0a, 0x06, 0x00, 0x02, 0x01, 0x00, 0x02, 0x02, 0x03
            ]]
        );
        // Remove Scene 2, then again: NOT_FOUND.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x0b, 0x02, 0x01, 0x00, 0x02]),
            vec![vec![0x19, 0x0b, 0x02, 0x00, 0x01, 0x00, 0x02]]
        );
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x0c, 0x02, 0x01, 0x00, 0x02]),
            vec![vec![0x19, 0x0c, 0x02, 0x8b, 0x01, 0x00, 0x02]]
        );
        // Remove All Scenes of group 1.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x0d, 0x03, 0x01, 0x00]),
            vec![vec![0x19, 0x0d, 0x03, 0x00, 0x01, 0x00]]
        );
        assert_eq!(raw(&dev, 1, 0x0005, 0x0000), 0);
        // Recall of a removed scene: NOT_FOUND default response.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x0e, 0x05, 0x01, 0x00, 0x03]),
            vec![vec![0x18, 0x0e, 0x0b, 0x05, 0x8b]]
        );
    }

    #[test]
    fn scene_valid_clears_when_a_scene_attribute_changes() {
        let mut l = Light::new();
        let pwm = l.pwm.clone();
        device!(l, dev);
        let valid = |dev: &Device<'_, 4>| raw(dev, 1, 0x0005, 0x0003);
        // On, Level 0x80, Store Scene 1 of group 0.
        send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
        send(&mut dev, 1, 0x0008, &[0x11, 0x02, 0x00, 0x80, 0x00, 0x00]);
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x01, 0x03, 0x04, 0x00, 0x00, 0x01]),
            vec![vec![0x19, 0x03, 0x04, 0x00, 0x00, 0x00, 0x01]]
        );
        // Read Attributes SceneValid (0x0003): bool TRUE.
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x00, 0x04, 0x00, 0x03, 0x00]),
            vec![vec![0x18, 0x04, 0x01, 0x03, 0x00, 0x00, 0x10, 0x01]]
        );
        // A write of a non-scene attribute (OnLevel) keeps it valid.
        send(
            &mut dev,
            1,
            0x0008,
            &[0x10, 0x05, 0x02, 0x11, 0x00, 0x20, 0x40],
        );
        assert_eq!(valid(&dev), 1);
        // A level command changes CurrentLevel: no longer valid.
        send(&mut dev, 1, 0x0008, &[0x11, 0x06, 0x00, 0x40, 0x00, 0x00]);
        assert_eq!(
            send(&mut dev, 1, 0x0005, &[0x00, 0x07, 0x00, 0x03, 0x00]),
            vec![vec![0x18, 0x07, 0x01, 0x03, 0x00, 0x00, 0x10, 0x00]]
        );
        // Recall Scene 1 over 1.0 s: valid, also while its transition runs on ticks and at
        // its end.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0005,
                &[0x01, 0x08, 0x05, 0x00, 0x00, 0x01, 0x0a, 0x00]
            ),
            ok(0x08, 0x05)
        );
        assert_eq!(valid(&dev), 1);
        tick(&mut dev, 500);
        assert_eq!((valid(&dev), pwm.0.get()), (1, 377)); // level 96 on the way to 128
        tick(&mut dev, 1_200);
        assert_eq!((valid(&dev), pwm.0.get()), (1, 503));
        tick(&mut dev, 1_300);
        assert_eq!(valid(&dev), 1);
        // Off through On/Off: not valid.
        send(&mut dev, 1, 0x0006, &[0x11, 0x09, 0x00]);
        assert_eq!(valid(&dev), 0);
        // Recalled at once, then a Move over 1 s: the level changes on ticks, not valid.
        send(
            &mut dev,
            1,
            0x0005,
            &[0x11, 0x0a, 0x05, 0x00, 0x00, 0x01, 0x00, 0x00],
        );
        assert_eq!((valid(&dev), raw(&dev, 1, 0x0006, 0)), (1, 1));
        send(&mut dev, 1, 0x0008, &[0x11, 0x0b, 0x00, 0xfe, 0x0a, 0x00]);
        assert_eq!(valid(&dev), 1);
        tick(&mut dev, 1_800);
        assert_eq!(valid(&dev), 0);
        // Store again, then the application sets the level: not valid.
        send(&mut dev, 1, 0x0005, &[0x11, 0x0c, 0x04, 0x00, 0x00, 0x01]);
        assert_eq!(valid(&dev), 1);
        let mut out = FrameQueue::<2>::new();
        dev.set_attribute(1, 0x0008, 0x0000, AttrValue::Raw(0x10), &mut out)
            .unwrap();
        assert_eq!(valid(&dev), 0);
    }

    #[test]
    fn enhanced_add_view_and_copy_scene() {
        let mut l = Light::new();
        device!(l, dev);
        send(&mut dev, 1, 0x0004, &[0x11, 0x01, 0x00, 0x01, 0x00, 0x00]);
        send(&mut dev, 1, 0x0004, &[0x11, 0x02, 0x00, 0x02, 0x00, 0x00]);
        // Enhanced Add Scene: transition 1.5 s in tenths.
        let add = [
            0x01, 0x03, 0x40, 0x01, 0x00, 0x05, 0x0f, 0x00, 0x00, 0x08, 0x00, 0x01, 0x50,
        ];
        assert_eq!(
            send(&mut dev, 1, 0x0005, &add),
            vec![vec![0x19, 0x03, 0x40, 0x00, 0x01, 0x00, 0x05]]
        );
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x04, 0x41, 0x01, 0x00, 0x05]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x04, 0x41, 0x00, 0x01, 0x00, 0x05, 0x0f, 0x00, 0x00, 0x08, 0x00, 0x01, 0x50
            ]]
        );
        // View Scene gives whole seconds.
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x05, 0x01, 0x01, 0x00, 0x05]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x05, 0x01, 0x00, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x08, 0x00, 0x01, 0x50
            ]]
        );
        // Copy Scene 1/5 to 2/6.
        let r = send(
            &mut dev,
            1,
            0x0005,
            &[0x01, 0x06, 0x42, 0x00, 0x01, 0x00, 0x05, 0x02, 0x00, 0x06],
        );
        assert_eq!(r, vec![vec![0x19, 0x06, 0x42, 0x00, 0x01, 0x00, 0x05]]);
        let r = send(&mut dev, 1, 0x0005, &[0x01, 0x07, 0x41, 0x02, 0x00, 0x06]);
        assert_eq!(
            r,
            vec![vec![
                0x19, 0x07, 0x41, 0x00, 0x02, 0x00, 0x06, 0x0f, 0x00, 0x00, 0x08, 0x00, 0x01, 0x50
            ]]
        );
        // Copy all scenes of group 1 to group 3, which is not joined: INVALID_FIELD.
        let r = send(
            &mut dev,
            1,
            0x0005,
            &[0x01, 0x08, 0x42, 0x01, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00],
        );
        assert_eq!(r, vec![vec![0x19, 0x08, 0x42, 0x85, 0x01, 0x00, 0x00]]);
        // Removing group 2 removes its scenes.
        send(&mut dev, 1, 0x0004, &[0x11, 0x09, 0x03, 0x02, 0x00]);
        assert_eq!(raw(&dev, 1, 0x0005, 0x0000), 1);
        // A malformed extension set.
        let bad = [
            0x01, 0x0a, 0x00, 0x01, 0x00, 0x07, 0x00, 0x00, 0x00, 0x08, 0x00, 0x02, 0x50,
        ];
        assert_eq!(
            send(&mut dev, 1, 0x0005, &bad),
            vec![vec![0x18, 0x0a, 0x0b, 0x00, 0x80]]
        );
    }
}

mod color_cluster {
    use super::*;

    #[test]
    fn hue_saturation_and_enhanced_hue() {
        let mut l = Light::new();
        let lamp = l.lamp.clone();
        device!(l, dev);
        send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
        // Move to Hue 0x80, shortest, 1 s.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0300,
                &[0x01, 0x02, 0x00, 0x80, 0x00, 0x0a, 0x00]
            ),
            ok(0x02, 0x00)
        );
        tick(&mut dev, 500);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0x4000);
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x0000), 0x80);
        assert_eq!(raw(&dev, 1, 0x0300, 0x0008), 0); // ColorMode hue/saturation
                                                     // Move to Saturation 200 at once; Step Saturation down 50.
        send(&mut dev, 1, 0x0300, &[0x11, 0x03, 0x03, 0xc8, 0x00, 0x00]);
        send(&mut dev, 1, 0x0300, &[0x11, 0x04, 0x05, 0x03, 0x32, 0x00]);
        assert_eq!(raw(&dev, 1, 0x0300, 0x0001), 150);
        // Enhanced Move to Hue 0x1000 going up (wraps through 0).
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x05, 0x40, 0x00, 0x10, 0x02, 0x0a, 0x00],
        );
        tick(&mut dev, 1_500);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0xc800);
        tick(&mut dev, 2_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0x1000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4001), 3); // EnhancedColorMode
                                                     // Move Hue up 10/s, Stop Move Step after 1 s.
        send(&mut dev, 1, 0x0300, &[0x11, 0x06, 0x01, 0x01, 0x0a]);
        tick(&mut dev, 3_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x0000), 0x10 + 10);
        assert_eq!(
            send(&mut dev, 1, 0x0300, &[0x01, 0x07, 0x47]),
            ok(0x07, 0x47)
        );
        tick(&mut dev, 4_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x0000), 0x10 + 10);
        // Move to Hue and Saturation.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x08, 0x06, 0x20, 0x40, 0x00, 0x00],
        );
        assert_eq!(
            (raw(&dev, 1, 0x0300, 0), raw(&dev, 1, 0x0300, 1)),
            (0x20, 0x40)
        );
        // Step Hue down by 0x30 wraps below 0.
        send(&mut dev, 1, 0x0300, &[0x11, 0x09, 0x02, 0x03, 0x30, 0x00]);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0xf000);
        assert_eq!(lamp.0.get().unwrap().enhanced_hue, 0xf000);
    }

    #[test]
    fn xy_and_color_temperature_within_physical_limits() {
        let mut l = Light::new();
        let lamp = l.lamp.clone();
        device!(l, dev);
        // Off and no ExecuteIfOff: Move to Color does nothing.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x01, 0x07, 0x00, 0x10, 0x00, 0x20, 0x00, 0x00],
        );
        assert_eq!(raw(&dev, 1, 0x0300, 3), 0x616b);
        send(&mut dev, 1, 0x0006, &[0x11, 0x02, 0x01]);
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x03, 0x07, 0x00, 0x10, 0x00, 0x20, 0x00, 0x00],
        );
        assert_eq!(
            (raw(&dev, 1, 0x0300, 3), raw(&dev, 1, 0x0300, 4)),
            (0x1000, 0x2000)
        );
        // Step Color by (+0x100, -0x100).
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x04, 0x09, 0x00, 0x01, 0x00, 0xff, 0x00, 0x00],
        );
        assert_eq!(
            (raw(&dev, 1, 0x0300, 3), raw(&dev, 1, 0x0300, 4)),
            (0x1100, 0x1f00)
        );
        // Move Color: x up at 0x100/s, y still.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x05, 0x08, 0x00, 0x01, 0x00, 0x00],
        );
        tick(&mut dev, 2_000);
        assert_eq!(
            (raw(&dev, 1, 0x0300, 3), raw(&dev, 1, 0x0300, 4)),
            (0x1300, 0x1f00)
        );
        send(&mut dev, 1, 0x0300, &[0x11, 0x06, 0x47]);
        // Move to Color Temperature 500 mireds: limited to the lamp's 370.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x07, 0x0a, 0xf4, 0x01, 0x00, 0x00],
        );
        assert_eq!(raw(&dev, 1, 0x0300, 7), 370);
        assert_eq!(raw(&dev, 1, 0x0300, 8), 2);
        // Step Color Temperature down 100 with minimum 300.
        send(
            &mut dev,
            1,
            0x0300,
            &[
                0x11, 0x08, 0x4c, 0x03, 0x64, 0x00, 0x00, 0x00, 0x2c, 0x01, 0x00, 0x00,
            ],
        );
        assert_eq!(raw(&dev, 1, 0x0300, 7), 300);
        // Move Color Temperature down at 100/s: stops at the physical minimum 153.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x09, 0x4b, 0x03, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00],
        );
        tick(&mut dev, 4_000);
        assert_eq!(raw(&dev, 1, 0x0300, 7), 153);
        assert_eq!(lamp.0.get().unwrap().mireds, 153);
        // Move Hue with rate 0: INVALID_FIELD.
        assert_eq!(
            send(&mut dev, 1, 0x0300, &[0x01, 0x0a, 0x01, 0x01, 0x00]),
            vec![vec![0x18, 0x0a, 0x0b, 0x01, 0x85]]
        );
    }

    #[test]
    fn color_loop() {
        let mut l = Light::new();
        device!(l, dev);
        send(&mut dev, 1, 0x0006, &[0x11, 0x01, 0x01]);
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x02, 0x40, 0x00, 0x05, 0x00, 0x00, 0x00],
        );
        // Color Loop Set: update action+direction+time+start; activate from start hue 0,
        // up, 4 s per turn.
        assert_eq!(
            send(
                &mut dev,
                1,
                0x0300,
                &[0x01, 0x03, 0x44, 0x0f, 0x01, 0x01, 0x04, 0x00, 0x00, 0x00]
            ),
            ok(0x03, 0x44)
        );
        assert_eq!(raw(&dev, 1, 0x0300, 0x4002), 1);
        tick(&mut dev, 1_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0x4000);
        tick(&mut dev, 3_000);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0xc000);
        // Deactivate: back to the stored hue.
        send(
            &mut dev,
            1,
            0x0300,
            &[0x11, 0x04, 0x44, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
        );
        assert_eq!(raw(&dev, 1, 0x0300, 0x4002), 0);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4000), 0x0500);
        assert_eq!(raw(&dev, 1, 0x0300, 0x4006), 0x0500);
    }
}

mod measurement_clusters {
    use super::*;

    #[test]
    fn temperature_reads_and_reports_new_readings() {
        let mut l = Light::new();
        device!(l, dev);
        let r = send(
            &mut dev,
            2,
            0x0402,
            &[0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00],
        );
        assert_eq!(
            r,
            vec![vec![
                0x18, 0x01, 0x01, 0x00, 0x00, 0x00, 0x29, 0x66, 0x08, // 21.50 °C
                0x01, 0x00, 0x00, 0x29, 0x60, 0xf0, // -40.00 °C
                0x02, 0x00, 0x00, 0x29, 0xd4, 0x30
            ]]
        ); // 125.00 °C
           // Report on a change of 0.50 °C, min 1 s, max 60 s.
        let r = send(
            &mut dev,
            2,
            0x0402,
            &[
                0x00, 0x02, 0x06, 0x00, 0x00, 0x00, 0x29, 0x01, 0x00, 0x3c, 0x00, 0x32, 0x00,
            ],
        );
        assert_eq!(r, vec![vec![0x18, 0x02, 0x07, 0x00]]);
        let t = tick(&mut dev, 1_000);
        assert_eq!(t[0].1, vec![0x18, 0x00, 0x0a, 0x00, 0x00, 0x29, 0x66, 0x08]);
        assert_eq!((t[0].0.src_endpoint, t[0].0.cluster), (2, 0x0402));
        let mut out = FrameQueue::<8>::new();
        dev.set_attribute(2, 0x0402, 0, AttrValue::Raw(2190), &mut out)
            .unwrap();
        dev.tick(3_000, &mut out);
        assert!(out.is_empty());
        dev.set_attribute(2, 0x0402, 0, AttrValue::Raw(2200), &mut out)
            .unwrap();
        assert_eq!(
            frames(&out),
            vec![vec![0x18, 0x01, 0x0a, 0x00, 0x00, 0x29, 0x98, 0x08]]
        );
    }

    #[test]
    fn humidity_server() {
        let h = humidity(0, 10000, 4550);
        let m = h.meta().attribute(0, None).unwrap();
        assert_eq!(h.read(m), Some(AttrValue::Raw(4550)));
        assert_eq!(h.meta().id, ids::RELATIVE_HUMIDITY_MEASUREMENT);
    }
}

mod ias_zone_cluster {
    use super::*;

    #[test]
    fn enroll_and_notify() {
        let mut l = Light::new();
        device!(l, dev);
        // The CIE writes its IEEE address: the zone asks to enroll on the next tick.
        let w = [
            0x00, 0x01, 0x02, 0x10, 0x00, 0xf0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
        ];
        assert_eq!(
            send(&mut dev, 2, 0x0500, &w),
            vec![vec![0x18, 0x01, 0x04, 0x00]]
        );
        let t = tick(&mut dev, 100);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].0.dst_addr, Address::Ieee(0x1122_3344_5566_7788));
        assert_eq!(
            (t[0].0.src_endpoint, t[0].0.dst_endpoint, t[0].0.cluster),
            (2, 1, 0x0500)
        );
        // Zone Enroll Request: zone type 0x0015, manufacturer 0x1234.
        assert_eq!(t[0].1, vec![0x09, 0x00, 0x01, 0x15, 0x00, 0x34, 0x12]);
        // Zone Enroll Response: success, zone id 7.
        assert_eq!(
            send(&mut dev, 2, 0x0500, &[0x01, 0x02, 0x00, 0x00, 0x07]),
            ok(0x02, 0x00)
        );
        assert_eq!(raw(&dev, 2, 0x0500, 0x0000), 1);
        assert_eq!(raw(&dev, 2, 0x0500, 0x0011), 7);
        // Alarm 1: Zone Status Change Notification.
        let mut out = FrameQueue::<8>::new();
        dev.set_attribute(2, 0x0500, 0x0002, AttrValue::Raw(0x0001), &mut out)
            .unwrap();
        let t = tick(&mut dev, 200);
        assert_eq!(
            t[0].1,
            vec![0x09, 0x01, 0x00, 0x01, 0x00, 0x00, 0x07, 0x00, 0x00]
        );
        // ZoneStatus is read-only over the air.
        let r = send(
            &mut dev,
            2,
            0x0500,
            &[0x00, 0x03, 0x02, 0x02, 0x00, 0x19, 0x00, 0x00],
        );
        assert_eq!(r, vec![vec![0x18, 0x03, 0x04, 0x88, 0x02, 0x00]]);
    }
}

mod poll_control_cluster {
    use super::*;

    #[test]
    fn check_in_and_fast_polling() {
        let mut l = Light::new();
        {
            device!(l, dev);
            // Check-in interval 8 quarter seconds (2 s): long poll 20 is longer, refused.
            let r = send(
                &mut dev,
                2,
                0x0020,
                &[0x00, 0x01, 0x02, 0x00, 0x00, 0x23, 0x08, 0x00, 0x00, 0x00],
            );
            assert_eq!(r, vec![vec![0x18, 0x01, 0x04, 0x87, 0x00, 0x00]]);
            // Set Long Poll Interval 4 (1 s), then check-in every 8.
            assert_eq!(
                send(
                    &mut dev,
                    2,
                    0x0020,
                    &[0x01, 0x02, 0x02, 0x04, 0x00, 0x00, 0x00]
                ),
                ok(0x02, 0x02)
            );
            assert_eq!(
                send(
                    &mut dev,
                    2,
                    0x0020,
                    &[0x00, 0x03, 0x02, 0x00, 0x00, 0x23, 0x08, 0x00, 0x00, 0x00]
                ),
                vec![vec![0x18, 0x03, 0x04, 0x00]]
            );
            // Short poll interval above the long one: INVALID_VALUE.
            assert_eq!(
                send(&mut dev, 2, 0x0020, &[0x01, 0x04, 0x03, 0x05, 0x00]),
                vec![vec![0x18, 0x04, 0x0b, 0x03, 0x87]]
            );
            assert!(tick(&mut dev, 0).is_empty());
            assert!(tick(&mut dev, 1_999).is_empty());
            let t = tick(&mut dev, 2_000);
            assert_eq!(t.len(), 1);
            assert_eq!(
                (t[0].0.dst_addr, t[0].0.cluster),
                (Address::Short(0), 0x0020)
            );
            assert_eq!(t[0].1, vec![0x09, 0x00, 0x00]); // Check-in
                                                        // Check-in Response: start fast polling for 4 quarter seconds. No answer.
            assert!(send(&mut dev, 2, 0x0020, &[0x01, 0x00, 0x00, 0x01, 0x04, 0x00]).is_empty());
        }
        assert!(l.poll.is_fast_polling());
        assert_eq!(l.poll.poll_interval(), 2);
        {
            device!(l, dev);
            tick(&mut dev, 3_000);
        }
        assert!(!l.poll.is_fast_polling());
    }
}

/// The pin and PWM calls, exactly, with embedded-hal-mock.
mod mock_hal {
    use super::*;
    use embedded_hal_mock::eh1::digital::{Mock as PinMock, State, Transaction as PinT};
    use embedded_hal_mock::eh1::pwm::{Mock as PwmMock, Transaction as PwmT};

    #[test]
    fn on_off_sets_the_pin() {
        let pin = PinMock::new(&[
            PinT::set(State::Low),  // new: off
            PinT::set(State::High), // On
            PinT::set(State::Low),  // Toggle
            PinT::set(State::High), // scene recall of "on"
        ]);
        let mut check = pin.clone();
        let mut s = OnOffServer::new(pin);
        {
            let mut servers: [&mut dyn ClusterServer; 1] = [&mut s];
            let mut eps = [Endpoint::new(1, 0x0104, 0x0100, 0, &mut servers, &[])];
            let mut dev: Device<'_, 1> = Device::new(&mut eps);
            let mut out = FrameQueue::<2>::new();
            for f in [[0x11, 0x01, 0x01], [0x11, 0x02, 0x02]] {
                dev.handle(
                    &ApsIndication {
                        src_addr: 0,
                        src_endpoint: 1,
                        dst: Destination::Endpoint(1),
                        profile: 0x0104,
                        cluster: 0x0006,
                        payload: &f,
                        broadcast: false,
                    },
                    &mut out,
                );
            }
            assert!(out.is_empty());
        }
        s.recall_scene(&[0x01], 0, 0);
        check.done();
    }

    #[test]
    fn level_sets_the_duty_cycle() {
        let pwm = PwmMock::new(&[
            PwmT::max_duty_cycle(254),
            PwmT::set_duty_cycle(254), // new: full
            PwmT::max_duty_cycle(254),
            PwmT::set_duty_cycle(191), // half way at 0.5 s
            PwmT::max_duty_cycle(254),
            PwmT::set_duty_cycle(127), // the end
        ]);
        let mut check = pwm.clone();
        let mut s = LevelServer::new(pwm);
        {
            let mut servers: [&mut dyn ClusterServer; 1] = [&mut s];
            let mut eps = [Endpoint::new(1, 0x0104, 0x0100, 0, &mut servers, &[])];
            let mut dev: Device<'_, 1> = Device::new(&mut eps);
            let mut out = FrameQueue::<2>::new();
            let f = [0x11, 0x01, 0x00, 0x7f, 0x0a, 0x00];
            dev.handle(
                &ApsIndication {
                    src_addr: 0,
                    src_endpoint: 1,
                    dst: Destination::Endpoint(1),
                    profile: 0x0104,
                    cluster: 0x0008,
                    payload: &f,
                    broadcast: false,
                },
                &mut out,
            );
            dev.tick(500, &mut out);
            dev.tick(700 - 200, &mut out); // same time again: no call
            dev.tick(1_000, &mut out);
            dev.tick(1_100, &mut out);
        }
        check.done();
    }
}

/// Every remaining cluster command once with the Default Response enabled: the exact answer and
/// the state it leaves.
mod every_command {
    use super::*;

    #[test]
    fn level_commands_answer_success() {
        let mut l = Light::new();
        device!(l, dev);
        send(&mut dev, 1, 0x0006, &[0x11, 0x00, 0x01]);
        let cases: [(&[u8], u8); 4] = [
            (&[0x01, 0x01, 0x01, 0x01, 0x0a], 0xfd), // Move down at 10/s (one tick later)
            (&[0x01, 0x02, 0x02, 0x01, 0x0d, 0x00, 0x00], 0xf0), // Step down 13
            (&[0x01, 0x03, 0x05, 0x00, 0x0a], 0xf1), // Move With On/Off up at 10/s
            (&[0x01, 0x04, 0x06, 0x00, 0x05, 0x00, 0x00], 0xf6), // Step With On/Off up 5
        ];
        let mut now = 0;
        for (frame, level) in cases {
            let cmd = frame[2];
            assert_eq!(send(&mut dev, 1, 0x0008, frame), ok(frame[1], cmd));
            now += 100;
            tick(&mut dev, now);
            send(&mut dev, 1, 0x0008, &[0x11, 0x00, 0x03]);
            assert_eq!(
                raw(&dev, 1, 0x0008, 0),
                u64::from(level),
                "command {cmd:#04x}"
            );
        }
    }

    #[test]
    fn color_commands_answer_success() {
        let mut l = Light::new();
        let lamp = l.lamp.clone();
        device!(l, dev);
        send(&mut dev, 1, 0x0006, &[0x11, 0x00, 0x01]);
        // (frame, attribute, value after the command and 1 s of ticks)
        let cases: [(&[u8], u16, u64); 15] = [
            (&[0x01, 0x01, 0x01, 0x01, 0x10], 0x0000, 0x10), // Move Hue up 16/s
            (&[0x01, 0x02, 0x02, 0x01, 0x10, 0x00], 0x0000, 0x20), // Step Hue up 16
            (&[0x01, 0x03, 0x03, 0x64, 0x00, 0x00], 0x0001, 100), // Move to Saturation
            (&[0x01, 0x04, 0x04, 0x01, 0x0a], 0x0001, 110),  // Move Saturation up 10/s
            (&[0x01, 0x05, 0x05, 0x03, 0x0a, 0x00], 0x0001, 100), // Step Saturation down 10
            (&[0x01, 0x06, 0x06, 0x30, 0x50, 0x00, 0x00], 0x0001, 0x50), // Move to Hue and Sat
            (
                &[0x01, 0x07, 0x07, 0x00, 0x20, 0x00, 0x30, 0x00, 0x00],
                0x0003,
                0x2000,
            ), // Move to Color
            (&[0x01, 0x08, 0x08, 0x00, 0x01, 0x00, 0x00], 0x0003, 0x2100), // Move Color x +256/s
            (
                &[0x01, 0x09, 0x09, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00],
                0x0004,
                0x3100,
            ), // Step Color
            (&[0x01, 0x0a, 0x0a, 0xc8, 0x00, 0x00, 0x00], 0x0007, 200), // Move to Color Temperature
            (
                &[0x01, 0x0b, 0x4b, 0x01, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00],
                0x0007,
                210,
            ), // Move Color Temp up
            (
                &[
                    0x01, 0x0c, 0x4c, 0x03, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                ],
                0x0007,
                200,
            ), // Step Color Temp
            (&[0x01, 0x0d, 0x41, 0x01, 0x00, 0x01], 0x4000, 0x0100), // Enhanced Move Hue up 256/s
            (
                &[0x01, 0x0e, 0x42, 0x01, 0x00, 0x01, 0x00, 0x00],
                0x4000,
                0x0200,
            ), // Enhanced Step Hue
            (
                &[0x01, 0x0f, 0x43, 0x00, 0x80, 0x20, 0x00, 0x00],
                0x4000,
                0x8000,
            ), // Enhanced to Hue+Sat
        ];
        let mut now = 0;
        for (frame, attr, value) in cases {
            // Stop whatever runs, so each case starts still.
            send(&mut dev, 1, 0x0300, &[0x11, 0x00, 0x47]);
            if frame[2] == 0x41 {
                send(
                    &mut dev,
                    1,
                    0x0300,
                    &[0x11, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00],
                );
            }
            assert_eq!(send(&mut dev, 1, 0x0300, frame), ok(frame[1], frame[2]));
            now += 1_000;
            tick(&mut dev, now);
            assert_eq!(
                raw(&dev, 1, 0x0300, attr),
                value,
                "command {:#04x}",
                frame[2]
            );
        }
        assert_eq!(lamp.0.get().unwrap().saturation, 0x20);
    }

    #[test]
    fn ias_zone_and_poll_control_commands() {
        let mut l = Light::new();
        device!(l, dev);
        assert_eq!(
            send(&mut dev, 2, 0x0500, &[0x01, 0x01, 0x01]),
            ok(0x01, 0x01)
        );
        assert_eq!(
            send(&mut dev, 2, 0x0500, &[0x01, 0x02, 0x02, 0x05, 0x01]),
            ok(0x02, 0x02)
        );
        assert_eq!(
            send(&mut dev, 2, 0x0500, &[0x01, 0x03, 0x07]),
            vec![vec![0x18, 0x03, 0x0b, 0x07, 0x81]]
        );
        assert_eq!(
            send(&mut dev, 2, 0x0020, &[0x01, 0x04, 0x01]),
            ok(0x04, 0x01)
        );
        assert_eq!(
            send(&mut dev, 2, 0x0020, &[0x01, 0x05, 0x03, 0x01, 0x00]),
            ok(0x05, 0x03)
        );
        assert_eq!(raw(&dev, 2, 0x0020, 0x0002), 1);
        assert_eq!(
            send(
                &mut dev,
                2,
                0x0020,
                &[0x01, 0x06, 0x02, 0x01, 0x00, 0x00, 0x00]
            ),
            vec![vec![0x18, 0x06, 0x0b, 0x02, 0x87]]
        );
    }
}
