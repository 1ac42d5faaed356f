//! A dimmable light (Zigbee Home Automation device 0x0101) on endpoint 1 with Basic, Identify,
//! Groups, Scenes, On/Off and Level Control servers.
//!
//! With no radio under QEMU, the firmware feeds itself a scripted sequence of incoming frames
//! (read attributes, toggle, move to level with a transition, configure reporting, store and
//! recall a scene, a groupcast, malformed frames), checks every answer byte for byte and the LED
//! and PWM state after each step, and exits through semihosting: 0 when all matched, else the
//! number of the failed step (101 on a panic).
#![no_std]
#![no_main]

use core::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use cortex_m as _;
use cortex_m_rt::entry;
use zcl_clusters::runtime::{
    ApsIndication, ClusterServer, Destination, Device, Endpoint, Outbox, TxInfo,
    PROFILE_HOME_AUTOMATION,
};
use zcl_clusters::servers::{
    BasicInfo, BasicServer, GroupsServer, IdentifyServer, LevelServer, OnOffServer, ScenesServer,
};

/// The LED output (what a GPIO output register would hold).
static LED: AtomicBool = AtomicBool::new(false);
/// The PWM compare register, 0..=1000.
static DUTY: AtomicU16 = AtomicU16::new(0);

/// The LED pin: an embedded-hal `OutputPin`.
struct Led;

impl embedded_hal::digital::ErrorType for Led {
    type Error = core::convert::Infallible;
}

impl embedded_hal::digital::OutputPin for Led {
    fn set_low(&mut self) -> Result<(), Self::Error> {
        LED.store(false, Ordering::Relaxed);
        Ok(())
    }
    fn set_high(&mut self) -> Result<(), Self::Error> {
        LED.store(true, Ordering::Relaxed);
        Ok(())
    }
}

/// The dimmer: an embedded-hal `SetDutyCycle` PWM channel with 1000 steps.
struct Dimmer;

impl embedded_hal::pwm::ErrorType for Dimmer {
    type Error = core::convert::Infallible;
}

impl embedded_hal::pwm::SetDutyCycle for Dimmer {
    fn max_duty_cycle(&self) -> u16 {
        1000
    }
    fn set_duty_cycle(&mut self, duty: u16) -> Result<(), Self::Error> {
        DUTY.store(duty, Ordering::Relaxed);
        Ok(())
    }
}

const INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 1,
    stack_version: 0,
    hw_version: 1,
    manufacturer_name: "zcl-rs",
    model_identifier: "zcl-light",
    date_code: "20240601",
    power_source: 0x01,
    sw_build_id: "0.1.0",
};

const BASIC: u16 = 0x0000;
const GROUPS: u16 = 0x0004;
const SCENES: u16 = 0x0005;
const ON_OFF: u16 = 0x0006;
const LEVEL: u16 = 0x0008;

fn fail(step: i32) -> ! {
    semihosting::process::exit(step)
}

/// What the radio would transmit during one step: at most two frames (an answer and a report)
/// of up to 64 bytes each. A real firmware hands each frame to its radio on `commit`; this one
/// keeps them for `Script::expect`, in less flash and RAM than a general `FrameQueue`.
struct Sent {
    frames: [[u8; 64]; 2],
    lens: [usize; 2],
    endpoints: [u8; 2],
    n: usize,
    /// A frame came while both slots were full.
    overflow: bool,
}

impl Outbox for Sent {
    fn buffer(&mut self) -> Option<&mut [u8]> {
        let buf = self.frames.get_mut(self.n).map(|b| &mut b[..]);
        self.overflow |= buf.is_none();
        buf
    }

    fn commit(&mut self, tx: TxInfo, len: usize) {
        if let (Some(l), Some(e)) = (self.lens.get_mut(self.n), self.endpoints.get_mut(self.n)) {
            *l = len;
            *e = tx.dst_endpoint;
            self.n += 1;
        }
    }
}

const EMPTY: Sent = Sent {
    frames: [[0; 64]; 2],
    lens: [0; 2],
    endpoints: [0; 2],
    n: 0,
    overflow: false,
};

struct Script<'d, 'a> {
    dev: &'d mut Device<'a, 4>,
    out: Sent,
    step: i32,
}

impl Script<'_, '_> {
    /// Checks the frames produced since the last step, then the LED and the duty.
    fn expect(&mut self, frames: &[&[u8]], led: bool, duty: u16) {
        self.step += 1;
        let out = &self.out;
        if out.overflow || out.n != frames.len() {
            fail(self.step);
        }
        for (i, want) in frames.iter().enumerate() {
            let got = out
                .frames
                .get(i)
                .zip(out.lens.get(i))
                .and_then(|(f, l)| f.get(..*l));
            if got != Some(*want) || out.endpoints.get(i) != Some(&1) {
                fail(self.step);
            }
        }
        if LED.load(Ordering::Relaxed) != led || DUTY.load(Ordering::Relaxed) != duty {
            fail(self.step);
        }
        self.out.n = 0;
    }

    fn send(&mut self, dst: Destination, cluster: u16, frame: &[u8]) {
        let ind = ApsIndication {
            src_addr: 0x0000,
            src_endpoint: 1,
            dst,
            profile: PROFILE_HOME_AUTOMATION,
            cluster,
            payload: frame,
            broadcast: false,
        };
        self.dev.handle(&ind, &mut self.out);
    }

    fn unicast(&mut self, cluster: u16, frame: &[u8]) {
        self.send(Destination::Endpoint(1), cluster, frame);
    }

    fn tick(&mut self, now: u32) {
        self.dev.tick(now, &mut self.out);
    }
}

#[entry]
fn main() -> ! {
    let mut basic = BasicServer::new(INFO);
    let mut identify = IdentifyServer::new(());
    let mut groups = GroupsServer::<4>::new();
    let mut scenes = ScenesServer::<4, 16>::new();
    let mut on_off = OnOffServer::new(Led);
    let mut level = LevelServer::new(Dimmer);
    let mut servers: [&mut dyn ClusterServer; 6] = [
        &mut basic,
        &mut identify,
        &mut groups,
        &mut scenes,
        &mut on_off,
        &mut level,
    ];
    let mut endpoints = [Endpoint::new(
        1,
        PROFILE_HOME_AUTOMATION,
        0x0101,
        1,
        &mut servers,
        &[],
    )];
    let mut dev: Device<'_, 4> = Device::new(&mut endpoints);
    let mut s = Script {
        dev: &mut dev,
        out: EMPTY,
        step: 0,
    };

    // 1. Read Attributes ZCLVersion and ModelIdentifier of Basic.
    s.unicast(BASIC, &[0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x00]);
    s.expect(
        &[&[
            0x18, 0x01, 0x01, // response, server to client, tsn 1
            0x00, 0x00, 0x00, 0x20, 0x08, // ZCLVersion: uint8 8
            0x05, 0x00, 0x00, 0x42, 0x09, b'z', b'c', b'l', b'-', b'l', b'i', b'g', b'h', b't',
        ]],
        false,
        1000,
    );

    // 2. Toggle: Default Response success, the LED turns on.
    s.unicast(ON_OFF, &[0x01, 0x02, 0x02]);
    s.expect(&[&[0x18, 0x02, 0x0b, 0x02, 0x00]], true, 1000);

    // 3. Move to Level 0x80 over 1.0 s: half way after 0.5 s, there after 1 s.
    s.unicast(LEVEL, &[0x01, 0x03, 0x00, 0x80, 0x0a, 0x00]);
    s.expect(&[&[0x18, 0x03, 0x0b, 0x00, 0x00]], true, 1000);
    s.tick(500);
    s.expect(&[], true, 751); // level 191 of 254
    s.tick(1_000);
    s.expect(&[], true, 503); // level 128

    // 4. Configure Reporting of OnOff (min 0, max 10 s): response, then the first report.
    s.unicast(
        ON_OFF,
        &[
            0x00, 0x04, 0x06, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x0a, 0x00,
        ],
    );
    s.expect(
        &[
            &[0x18, 0x04, 0x07, 0x00],
            &[0x18, 0x00, 0x0a, 0x00, 0x00, 0x10, 0x01],
        ],
        true,
        503,
    );

    // 5. Store Scene 1 of group 0.
    s.unicast(SCENES, &[0x01, 0x05, 0x04, 0x00, 0x00, 0x01]);
    s.expect(&[&[0x19, 0x05, 0x04, 0x00, 0x00, 0x00, 0x01]], true, 503);

    // 6. Move to Level With On/Off 0x20 at once, then Toggle off (a report follows).
    s.unicast(LEVEL, &[0x01, 0x06, 0x04, 0x20, 0x00, 0x00]);
    s.expect(&[&[0x18, 0x06, 0x0b, 0x04, 0x00]], true, 125);
    s.unicast(ON_OFF, &[0x01, 0x07, 0x02]);
    s.expect(
        &[
            &[0x18, 0x07, 0x0b, 0x02, 0x00],
            &[0x18, 0x01, 0x0a, 0x00, 0x00, 0x10, 0x00],
        ],
        false,
        125,
    );

    // 7. Recall Scene 1: on again at level 0x80.
    s.unicast(SCENES, &[0x01, 0x08, 0x05, 0x00, 0x00, 0x01]);
    s.expect(
        &[
            &[0x18, 0x08, 0x0b, 0x05, 0x00],
            &[0x18, 0x02, 0x0a, 0x00, 0x00, 0x10, 0x01],
        ],
        true,
        503,
    );

    // 8. Malformed frames: odd Read Attributes payload, no header, unknown command.
    s.unicast(ON_OFF, &[0x00, 0x09, 0x00, 0x00]);
    s.expect(&[&[0x18, 0x09, 0x0b, 0x00, 0x80]], true, 503);
    s.unicast(ON_OFF, &[0x01]);
    s.expect(&[], true, 503);
    s.unicast(ON_OFF, &[0x01, 0x0a, 0x07]);
    s.expect(&[&[0x18, 0x0a, 0x0b, 0x07, 0x81]], true, 503);

    // 9. Join group 5, then Off sent to the group: no answer to a groupcast, LED off, report.
    s.unicast(GROUPS, &[0x01, 0x0b, 0x00, 0x05, 0x00, 0x00]);
    s.expect(&[&[0x19, 0x0b, 0x00, 0x00, 0x05, 0x00]], true, 503);
    s.send(Destination::Group(5), ON_OFF, &[0x01, 0x0c, 0x00]);
    s.expect(&[&[0x18, 0x03, 0x0a, 0x00, 0x00, 0x10, 0x00]], false, 503);

    // 10. No change for the maximum interval (10 s): a periodic report.
    s.tick(10_999);
    s.expect(&[], false, 503);
    s.tick(11_000);
    s.expect(&[&[0x18, 0x04, 0x0a, 0x00, 0x00, 0x10, 0x00]], false, 503);

    semihosting::process::exit(0)
}

extern "C" {
    fn DefaultHandler();
}

/// The device-specific part of the vector table: 32 interrupts (the micro:bit's nRF51 has 32,
/// the MPS2 AN386 uses fewer), all to cortex-m-rt's default handler.
#[link_section = ".vector_table.interrupts"]
#[no_mangle]
pub static __INTERRUPTS: [unsafe extern "C" fn(); 32] = [DefaultHandler; 32];

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    semihosting::process::exit(101)
}
