//! A temperature sensor (Zigbee Home Automation device 0x0302) on endpoint 1 with Basic,
//! Identify and Temperature Measurement servers that reports its readings.
//!
//! With no radio or sensor under QEMU, the firmware feeds itself a scripted sequence of incoming
//! frames and readings (read attributes, configure reporting, readings below and above the
//! reportable change, the minimum and maximum intervals, read reporting configuration, a
//! read-only write, malformed frames, stop reporting), checks every frame byte for byte, and
//! exits through semihosting: 0 when all matched, else the number of the failed step (101 on a
//! panic).
#![no_std]
#![no_main]

use cortex_m as _;
use cortex_m_rt::entry;
use zcl_clusters::runtime::{
    ApsIndication, AttrValue, ClusterServer, Destination, Device, Endpoint, FrameQueue,
    PROFILE_HOME_AUTOMATION,
};
use zcl_clusters::servers::{temperature, BasicInfo, BasicServer, IdentifyServer};

const INFO: BasicInfo = BasicInfo {
    zcl_version: 8,
    application_version: 1,
    stack_version: 0,
    hw_version: 1,
    manufacturer_name: "zcl-rs",
    model_identifier: "zcl-sensor",
    date_code: "20240601",
    power_source: 0x03,
    sw_build_id: "0.1.0",
};

const TEMPERATURE: u16 = 0x0402;

fn fail(step: i32) -> ! {
    semihosting::process::exit(step)
}

struct Script<'d, 'a> {
    dev: &'d mut Device<'a, 4>,
    out: FrameQueue<4>,
    step: i32,
}

impl Script<'_, '_> {
    /// Checks the frames produced since the last step.
    fn expect(&mut self, frames: &[&[u8]]) {
        self.step += 1;
        if self.out.len() != frames.len() {
            fail(self.step);
        }
        for (i, want) in frames.iter().enumerate() {
            match self.out.get(i) {
                Some((tx, got)) if got == *want && tx.cluster == TEMPERATURE => {}
                _ => fail(self.step),
            }
        }
        self.out.clear();
    }

    fn send(&mut self, frame: &[u8]) {
        let ind = ApsIndication {
            src_addr: 0x0000,
            src_endpoint: 1,
            dst: Destination::Endpoint(1),
            profile: PROFILE_HOME_AUTOMATION,
            cluster: TEMPERATURE,
            payload: frame,
            broadcast: false,
        };
        self.dev.handle(&ind, &mut self.out);
    }

    /// A new reading from the (simulated) sensor at time `now`, in 0.01 °C.
    fn reading(&mut self, now: u32, centi_celsius: i16) {
        self.dev.tick(now, &mut self.out);
        let v = AttrValue::Raw(u64::from(centi_celsius as u16));
        if self
            .dev
            .set_attribute(1, TEMPERATURE, 0x0000, v, &mut self.out)
            .is_err()
        {
            fail(100);
        }
    }

    fn tick(&mut self, now: u32) {
        self.dev.tick(now, &mut self.out);
    }
}

#[entry]
fn main() -> ! {
    let mut basic = BasicServer::new(INFO);
    let mut identify = IdentifyServer::new(());
    let mut temp = temperature(-4000, 12500, 2150);
    let mut servers: [&mut dyn ClusterServer; 3] = [&mut basic, &mut identify, &mut temp];
    let mut endpoints = [Endpoint::new(
        1,
        PROFILE_HOME_AUTOMATION,
        0x0302,
        0,
        &mut servers,
        &[],
    )];
    let mut dev: Device<'_, 4> = Device::new(&mut endpoints);
    let mut s = Script {
        dev: &mut dev,
        out: FrameQueue::new(),
        step: 0,
    };

    // 1. Read MeasuredValue, MinMeasuredValue, MaxMeasuredValue and an unsupported id.
    s.send(&[
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x10, 0x00,
    ]);
    s.expect(&[&[
        0x18, 0x01, 0x01, // read attributes response, tsn 1
        0x00, 0x00, 0x00, 0x29, 0x66, 0x08, // 21.50 °C
        0x01, 0x00, 0x00, 0x29, 0x60, 0xf0, // -40.00 °C
        0x02, 0x00, 0x00, 0x29, 0xd4, 0x30, // 125.00 °C
        0x10, 0x00, 0x86, // UNSUPPORTED_ATTRIBUTE
    ]]);

    // 2. Configure Reporting: MeasuredValue, int16, min 5 s, max 60 s, change 0.20 °C.
    s.send(&[
        0x00, 0x02, 0x06, 0x00, 0x00, 0x00, 0x29, 0x05, 0x00, 0x3c, 0x00, 0x14, 0x00,
    ]);
    s.expect(&[&[0x18, 0x02, 0x07, 0x00]]);

    // 3. The first report after the minimum interval.
    s.tick(4_999);
    s.expect(&[]);
    s.tick(5_000);
    s.expect(&[&[0x18, 0x00, 0x0a, 0x00, 0x00, 0x29, 0x66, 0x08]]);

    // 4. +0.10 °C is below the reportable change; +0.30 °C is above it but within the minimum
    //    interval, so it waits until 10 s.
    s.reading(6_000, 2160);
    s.expect(&[]);
    s.reading(7_000, 2180);
    s.expect(&[]);
    s.tick(10_000);
    s.expect(&[&[0x18, 0x01, 0x0a, 0x00, 0x00, 0x29, 0x84, 0x08]]);

    // 5. No change for the maximum interval: a periodic report at 70 s.
    s.tick(69_999);
    s.expect(&[]);
    s.tick(70_000);
    s.expect(&[&[0x18, 0x02, 0x0a, 0x00, 0x00, 0x29, 0x84, 0x08]]);

    // 6. Read Reporting Configuration.
    s.send(&[0x00, 0x03, 0x08, 0x00, 0x00, 0x00]);
    s.expect(&[&[
        0x18, 0x03, 0x09, 0x00, 0x00, 0x00, 0x00, 0x29, 0x05, 0x00, 0x3c, 0x00, 0x14, 0x00,
    ]]);

    // 7. MeasuredValue is read-only; MinMeasuredValue reporting is not allowed.
    s.send(&[0x00, 0x04, 0x02, 0x00, 0x00, 0x29, 0x00, 0x00]);
    s.expect(&[&[0x18, 0x04, 0x04, 0x88, 0x00, 0x00]]);
    s.send(&[
        0x00, 0x05, 0x06, 0x00, 0x01, 0x00, 0x29, 0x05, 0x00, 0x3c, 0x00, 0x14, 0x00,
    ]);
    s.expect(&[&[0x18, 0x05, 0x07, 0x8c, 0x00, 0x01, 0x00]]);

    // 8. Malformed: a truncated Configure Reporting record, a one-byte frame, an unknown
    //    global command.
    s.send(&[0x00, 0x06, 0x06, 0x00, 0x00, 0x00, 0x29, 0x05]);
    s.expect(&[&[0x18, 0x06, 0x0b, 0x06, 0x80]]);
    s.send(&[0x00]);
    s.expect(&[]);
    s.send(&[0x00, 0x07, 0x40]);
    s.expect(&[&[0x18, 0x07, 0x0b, 0x40, 0x82]]);

    // 9. Maximum interval 0xffff stops reporting: a large change is not reported.
    s.send(&[
        0x00, 0x08, 0x06, 0x00, 0x00, 0x00, 0x29, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00,
    ]);
    s.expect(&[&[0x18, 0x08, 0x07, 0x00]]);
    s.reading(200_000, 3000);
    s.expect(&[]);

    semihosting::process::exit(0)
}

extern "C" {
    fn DefaultHandler();
}

/// The device-specific part of the vector table: 32 interrupts, all to cortex-m-rt's default
/// handler.
#[link_section = ".vector_table.interrupts"]
#[no_mangle]
pub static __INTERRUPTS: [unsafe extern "C" fn(); 32] = [DefaultHandler; 32];

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    semihosting::process::exit(101)
}
