//! Hand-checked byte vectors for cluster commands whose layout is not a plain list of fixed
//! fields, and vectors produced by zigpy 2.4 (`schema(...).serialize()`, bytes committed here)
//! cross-checked against this library's encoder and decoder.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use zcl_clusters::clusters::{
    color_control, door_lock, ias_zone, level_control, metering, ota, scenes, thermostat,
    weekly_schedule::{Transition, WeeklyTransitions},
};
use zcl_clusters::field::*;
use zcl_clusters::registry::{self, FieldVisitor};
use zcl_clusters::Command;
use zcl_core::value::Value;
use zcl_core::Direction;

/// Encodes into a clean and a dirty buffer (both must give the same bytes) and checks the
/// bytes, then decodes them back to an equal command.
fn check<'a, C: Command<'a> + PartialEq + core::fmt::Debug>(cmd: &C, expected: &'a [u8]) {
    assert_eq!(cmd.encoded_len(), expected.len(), "{}", C::NAME);
    for fill in [0x00u8, 0xff] {
        let mut buf = vec![fill; expected.len() + 4];
        let n = cmd.emit_payload(&mut buf).unwrap();
        assert_eq!(&buf[..n], expected, "{}", C::NAME);
    }
    let back = C::parse_payload(expected).unwrap();
    assert_eq!(&back, cmd, "{}", C::NAME);
}

#[derive(Default)]
struct Names(Vec<String>);

impl FieldVisitor for Names {
    fn value(&mut self, name: &str, value: Value<'_>) {
        self.0.push(format!("{name}={value:?}"));
    }
    fn begin_list(&mut self, name: &str) {
        self.0.push(format!("{name}=["));
    }
    fn end_list(&mut self) {
        self.0.push("]".into());
    }
    fn begin_struct(&mut self, name: &str) {
        self.0.push(format!("{name}={{"));
    }
    fn end_struct(&mut self) {
        self.0.push("}".into());
    }
}

fn decode_names(
    cluster: u16,
    mfr: Option<u16>,
    dir: Direction,
    id: u8,
    payload: &[u8],
) -> Vec<String> {
    let mut v = Names::default();
    registry::decode_command(cluster, mfr, dir, id, payload, &mut v)
        .unwrap()
        .expect("known command");
    v.0
}

#[test]
fn scenes_add_scene_with_extension_field_sets() {
    let sets = [
        scenes::SceneExtensionFieldSet {
            cluster_id: ClusterId(0x0006),
            extension_field_set: OctStr::new(&[0x01]),
        },
        scenes::SceneExtensionFieldSet {
            cluster_id: ClusterId(0x0008),
            extension_field_set: OctStr::new(&[0xfe]),
        },
    ];
    let cmd = scenes::AddScene {
        group_id: 0x0001,
        scene_id: 0x02,
        transition_time: 10,
        scene_name: CharStr::new(b"ab"),
        extension_field_sets: List::new(&sets),
    };
    let bytes = [
        0x01, 0x00, // group id 1
        0x02, // scene id 2
        0x0a, 0x00, // transition time 1.0 s
        0x02, b'a', b'b', // scene name "ab"
        0x06, 0x00, 0x01, 0x01, // On/Off set: length 1, on
        0x08, 0x00, 0x01, 0xfe, // Level Control set: length 1, level 254
    ];
    check(&cmd, &bytes);
    // zigpy 2.4's Scenes add without extension sets: 0100020a00026162
    let no_sets = scenes::AddScene {
        extension_field_sets: List::new(&[]),
        ..cmd
    };
    check(&no_sets, &hex::decode("0100020a00026162").unwrap());
    let names = decode_names(0x0005, None, Direction::ClientToServer, 0x00, &bytes);
    assert_eq!(names[4], "extension_field_sets=[");
    assert_eq!(names[5], "={");
    assert_eq!(names[6], "cluster_id=ClusterId(6)");
    assert_eq!(names[7], "extension_field_set=OctetString(Some([1]))");
}

#[test]
fn scenes_view_scene_response_fields_present_only_on_success() {
    // status 0x8b (not found): only status, group and scene follow
    let bytes = [0x8b, 0x01, 0x00, 0x02];
    let r = scenes::ViewSceneResponse::parse_payload(&bytes).unwrap();
    assert_eq!(r.transition_time, None);
    assert_eq!(r.scene_name, None);
    let mut buf = [0u8; 8];
    assert_eq!(r.emit_payload(&mut buf).unwrap(), 4);
    // status success: transition time, name and extension sets follow
    let ok = [
        0x00, 0x01, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x06, 0x00, 0x01, 0x01,
    ];
    let r = scenes::ViewSceneResponse::parse_payload(&ok).unwrap();
    assert_eq!(r.transition_time, Some(10));
    assert_eq!(r.extension_field_sets.map(|s| s.len()), Some(1));
}

#[test]
fn ota_query_next_image_with_and_without_hardware_version() {
    let with_hw = ota::QueryNextImageRequest {
        field_control: Map8(0x01),
        manufacturer_code: 0x115f,
        image_type: 0x0102,
        current_file_version: 0x17,
        hardware_version: Some(3),
    };
    // zigpy 2.4: 015f110201170000000300
    check(
        &with_hw,
        &[
            0x01, // field control: hardware version present
            0x5f, 0x11, // manufacturer 0x115F
            0x02, 0x01, // image type 0x0102
            0x17, 0x00, 0x00, 0x00, // file version 0x17
            0x03, 0x00, // hardware version 3
        ],
    );
    assert_eq!(hex::decode("015f110201170000000300").unwrap().len(), 11);
    let without = ota::QueryNextImageRequest {
        field_control: Map8(0x00),
        hardware_version: None,
        ..with_hw
    };
    check(&without, &hex::decode("005f11020117000000").unwrap());
    // A hardware version is not read when the flag is clear (extra bytes are ignored).
    let r =
        ota::QueryNextImageRequest::parse_payload(&hex::decode("005f110201170000000300").unwrap())
            .unwrap();
    assert_eq!(r.hardware_version, None);
}

#[test]
fn ias_zone_status_change_notification() {
    let cmd = ias_zone::ZoneStatusChangeNotification {
        zone_status: ias_zone::IasZoneStatus(0x0021),
        extended_status: Map8(0),
        zone_id: 5,
        delay: 10,
    };
    // zigpy 2.4: 210000050a00 (alarm 1 + battery low, zone 5, delay 2.5 s in quarter seconds)
    check(&cmd, &[0x21, 0x00, 0x00, 0x05, 0x0a, 0x00]);
    assert!(cmd.zone_status.contains(ias_zone::IasZoneStatus::ALARM1));
    let names = decode_names(
        0x0500,
        None,
        Direction::ServerToClient,
        0x00,
        &[0x21, 0x00, 0x00, 0x05, 0x0a, 0x00],
    );
    assert_eq!(
        names,
        [
            "zone_status=Map16(33)",
            "extended_status=Map8(0)",
            "zone_id=Uint8(5)",
            "delay=Uint16(10)"
        ]
    );
}

#[test]
fn door_lock_pin_and_schedule_commands() {
    let set_pin = door_lock::SetPin {
        user_id: 3,
        user_status: door_lock::DoorLockUserStatus::from_raw(1),
        user_type: door_lock::DoorLockUserType::from_raw(0),
        pin: OctStr::new(b"1234"),
    };
    // zigpy 2.4 set_pin_code: 030001000431323334
    check(&set_pin, &hex::decode("030001000431323334").unwrap());
    let sched = door_lock::SetWeekdaySchedule {
        schedule_id: 1,
        user_id: 3,
        days_mask: door_lock::DoorLockDayOfWeek(0x3e),
        start_hour: 8,
        start_minute: 30,
        end_hour: 17,
        end_minute: 0,
    };
    // zigpy 2.4 set_week_day_schedule: 0103003e081e1100 (Monday to Friday, 08:30-17:00)
    check(&sched, &hex::decode("0103003e081e1100").unwrap());
    let get_pin = door_lock::GetPinResponse {
        user_id: 3,
        user_status: door_lock::DoorLockUserStatus::from_raw(1),
        user_type: door_lock::DoorLockUserType::from_raw(0),
        pin: OctStr::new(b"1234"),
    };
    check(
        &get_pin,
        &[0x03, 0x00, 0x01, 0x00, 0x04, b'1', b'2', b'3', b'4'],
    );
}

#[test]
fn thermostat_weekly_schedule_transitions_follow_the_mode() {
    // Heat and cool (mode 0x03): time, heat setpoint, cool setpoint per transition.
    let both = [
        Transition {
            transition_time: 360,
            heat_set_point: Some(2000),
            cool_set_point: Some(2600),
        },
        Transition {
            transition_time: 1320,
            heat_set_point: Some(1800),
            cool_set_point: Some(2800),
        },
    ];
    let cmd = thermostat::SetWeeklySchedule {
        number_of_transitions_for_sequence: 2,
        day_of_week_for_sequence: thermostat::DayOfWeek(0x3e),
        mode_for_sequence: thermostat::ModeForSequence(0x03),
        transitions: WeeklyTransitions::new(&both),
    };
    let bytes = [
        0x02, // 2 transitions
        0x3e, // Monday to Friday
        0x03, // heat and cool setpoints
        0x68, 0x01, 0xd0, 0x07, 0x28, 0x0a, // 06:00, heat 20.00, cool 26.00
        0x28, 0x05, 0x08, 0x07, 0xf0, 0x0a, // 22:00, heat 18.00, cool 28.00
    ];
    check(&cmd, &bytes);
    // Heat only (mode 0x01), as a Get Weekly Schedule Response (Current Weekly Schedule).
    let heat = [Transition {
        transition_time: 420,
        heat_set_point: Some(2100),
        cool_set_point: None,
    }];
    let rsp = thermostat::CurrentWeeklySchedule {
        number_of_transitions_for_sequence: 1,
        day_of_week_for_sequence: thermostat::DayOfWeek(0x41),
        mode_for_sequence: thermostat::ModeForSequence(0x01),
        transitions: WeeklyTransitions::new(&heat),
    };
    check(&rsp, &[0x01, 0x41, 0x01, 0xa4, 0x01, 0x34, 0x08]);
    let names = decode_names(0x0201, None, Direction::ClientToServer, 0x01, &bytes);
    assert_eq!(
        &names[3..8],
        [
            "transitions=[",
            "={",
            "transition_time=Uint16(360)",
            "heat_set_point=Int16(2000)",
            "cool_set_point=Int16(2600)"
        ]
    );
    // A count larger than the payload is an error, not a panic.
    assert!(matches!(
        thermostat::SetWeeklySchedule::parse_payload(&bytes[..10]),
        Err(zcl_core::DecodeError::Truncated { .. })
    ));
}

#[test]
fn metering_get_profile_response_intervals_counted_by_a_field() {
    let intervals = [U24(0x000102), U24(0x000304)];
    let cmd = metering::GetProfileResponse {
        end_time: UtcTime(0x2a00_0000),
        status: metering::AmiGetProfileStatus::from_raw(0),
        profile_interval_period: metering::AmiIntervalPeriod::from_raw(1),
        number_of_periods_delivered: 2,
        intervals: List::new(&intervals),
    };
    // zigpy 2.4: 0000002a000102020100040300 — the same bytes
    check(&cmd, &hex::decode("0000002a000102020100040300").unwrap());
}

#[test]
fn color_control_enhanced_move_to_hue_and_color_loop_set() {
    let hue = color_control::EnhancedMoveToHue {
        enhanced_hue: 0x8000,
        direction: color_control::HueDirection::from_raw(0),
        transition_time: 20,
        options_mask: None,
        options_override: None,
    };
    // zigpy 2.4: 0080001400
    check(&hue, &hex::decode("0080001400").unwrap());
    let with_options = color_control::EnhancedMoveToHue {
        options_mask: Some(Map8(1)),
        options_override: Some(Map8(1)),
        ..hue
    };
    check(&with_options, &[0x00, 0x80, 0x00, 0x14, 0x00, 0x01, 0x01]);
    let the_loop = color_control::ColorLoopSet {
        update_flags: color_control::ColorLoopUpdateFlags(0x0f),
        action: color_control::ColorLoopAction::from_raw(1),
        direction: color_control::ColorLoopDirection::from_raw(1),
        time: 30,
        start_hue: 0x1000,
        options_mask: None,
        options_override: None,
    };
    // zigpy 2.4: 0f01011e000010
    check(&the_loop, &hex::decode("0f01011e000010").unwrap());
}

#[test]
fn level_control_move_to_level_optional_trailing_options() {
    let short = level_control::MoveToLevel {
        level: 0x80,
        transition_time: 10,
        option_mask: None,
        option_override: None,
    };
    // zigpy 2.4: 800a00 and 800a000101
    check(&short, &hex::decode("800a00").unwrap());
    let long = level_control::MoveToLevel {
        option_mask: Some(Map8(1)),
        option_override: Some(Map8(1)),
        ..short
    };
    check(&long, &hex::decode("800a000101").unwrap());
}

#[test]
fn tuya_datapoints_decode_by_name_through_the_registry() {
    // Tuya data report (no manufacturer code in the header): seq 5, dp 1 bool true,
    // dp 2 value 215, dp 3 enum 1, dp 4 string "ok", dp 5 bitmap 0x01, dp 6 raw 0xabcd.
    let payload = [
        0x05, 0x00, 0x01, 0x01, 0x00, 0x01, 0x01, 0x02, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0xd7,
        0x03, 0x04, 0x00, 0x01, 0x01, 0x04, 0x03, 0x00, 0x02, b'o', b'k', 0x05, 0x05, 0x00, 0x01,
        0x01, 0x06, 0x00, 0x00, 0x02, 0xab, 0xcd,
    ];
    let names = decode_names(0xef00, None, Direction::ServerToClient, 0x02, &payload);
    let joined = names.join(" ");
    assert!(
        joined
            .starts_with("seq=Uint16(5) datapoints=[ ={ dp=Uint8(1) type=Enum8(1) value=Bool(1) }"),
        "{joined}"
    );
    assert!(
        joined.contains("dp=Uint8(2) type=Enum8(2) value=Uint32(215)"),
        "{joined}"
    );
    assert!(
        joined.contains("dp=Uint8(3) type=Enum8(4) value=Enum8(1)"),
        "{joined}"
    );
    assert!(
        joined.contains("dp=Uint8(4) type=Enum8(3) value=CharString(Some([111, 107]))"),
        "{joined}"
    );
    assert!(
        joined.contains("dp=Uint8(5) type=Enum8(5) value=Map8(1)"),
        "{joined}"
    );
    assert!(
        joined.contains("dp=Uint8(6) type=Enum8(0) value=OctetString(Some([171, 205]))"),
        "{joined}"
    );
}

#[test]
fn unknown_commands_and_attributes_of_known_clusters() {
    let mut v = Names::default();
    // On/Off has no command 0x50: not decoded (the caller keeps the payload raw), no error.
    let r = registry::decode_command(
        0x0006,
        None,
        Direction::ClientToServer,
        0x50,
        &[1, 2, 3],
        &mut v,
    );
    assert_eq!(r, Ok(None));
    assert!(v.0.is_empty());
    // Unknown attribute of a known cluster: no metadata, the cluster is still found.
    let e = registry::lookup(0x0006, None).unwrap();
    assert!(e.meta.attribute(0x7777, None).is_none());
    assert_eq!(e.meta.attribute(0x0000, None).unwrap().name, "on_off");
    // Unknown cluster: nothing.
    assert!(registry::lookup(0x7abc, None).is_none());
    // A manufacturer-specific attribute is found only with its manufacturer code.
    let basic = registry::lookup(0x0000, Some(0x115f)).unwrap();
    assert_eq!(
        basic.meta.attribute(0xff01, Some(0x115f)).unwrap().name,
        "xiaomi_tlv_report"
    );
    assert!(basic.meta.attribute(0xff01, None).is_none());
    // Extra bytes after a known command's fields are handed over, not dropped.
    let mut v = Names::default();
    registry::decode_command(
        0x0006,
        None,
        Direction::ClientToServer,
        0x01,
        &[0xaa],
        &mut v,
    )
    .unwrap();
    assert_eq!(v.0, ["trailing=OctetString(Some([170]))"]);
}

#[test]
fn registry_totals_meet_the_targets_and_cover_every_peer_cluster() {
    let (clusters, mfr, attrs, cmds) = registry::totals();
    assert!(mfr >= 15, "{mfr}");
    assert!(attrs >= 1500, "{attrs}");
    assert!(cmds >= 450, "{cmds}");
    assert!(clusters >= 139, "{clusters}");
    for id in PEER_CLUSTER_IDS {
        assert!(
            registry::all().iter().any(|e| e.meta.id == id),
            "peer cluster 0x{id:04x} missing"
        );
    }
    assert_eq!(PEER_CLUSTER_IDS.len(), 139);
}

/// The cluster ids zigpy 2.4 and zigbee-herdsman 11 define (shared/zcl-spec/peer-cluster-ids.json).
const PEER_CLUSTER_IDS: [u16; 139] = [
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009, 0x000a, 0x000b,
    0x000c, 0x000d, 0x000e, 0x000f, 0x0010, 0x0011, 0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0019,
    0x001a, 0x001b, 0x001c, 0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x003d, 0x0100, 0x0101,
    0x0102, 0x0103, 0x0200, 0x0201, 0x0202, 0x0203, 0x0204, 0x0300, 0x0301, 0x0400, 0x0401, 0x0402,
    0x0403, 0x0404, 0x0405, 0x0406, 0x0407, 0x0408, 0x0409, 0x040a, 0x040b, 0x040c, 0x040d, 0x040e,
    0x040f, 0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417, 0x0418, 0x0419, 0x041a,
    0x041b, 0x041c, 0x041d, 0x041e, 0x041f, 0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426,
    0x0427, 0x0428, 0x0429, 0x042a, 0x042b, 0x0500, 0x0501, 0x0502, 0x0600, 0x0601, 0x0602, 0x0603,
    0x0604, 0x0605, 0x0606, 0x0607, 0x0608, 0x0609, 0x060a, 0x060b, 0x060c, 0x060d, 0x060e, 0x060f,
    0x0610, 0x0611, 0x0612, 0x0613, 0x0614, 0x0615, 0x0617, 0x0700, 0x0701, 0x0702, 0x0703, 0x0704,
    0x0705, 0x0706, 0x0707, 0x0708, 0x0709, 0x070a, 0x0800, 0x0900, 0x0904, 0x0905, 0x0b00, 0x0b01,
    0x0b02, 0x0b03, 0x0b04, 0x0b05, 0x1000, 0xef00, 0xfc57,
];

#[test]
fn manufacturer_specific_ids_in_standard_clusters_are_the_vendors() {
    let mut v = Names::default();
    // On/Off command 0x01 with a manufacturer code is a vendor command, not "on".
    assert_eq!(
        registry::decode_command(
            0x0006,
            Some(0x117c),
            Direction::ClientToServer,
            0x01,
            &[],
            &mut v
        ),
        Ok(None)
    );
    // Attribute 0x0000 of On/Off with a manufacturer code is not on_off; Xiaomi's 0xFF01 in
    // Basic is found with Lumi's code and not without it.
    assert!(registry::attribute(0x0006, Some(0x117c), 0x0000).is_none());
    assert_eq!(
        registry::attribute(0x0006, None, 0x0000).unwrap().name,
        "on_off"
    );
    assert_eq!(
        registry::attribute(0x0000, Some(0x115f), 0xff01)
            .unwrap()
            .name,
        "xiaomi_tlv_report"
    );
    assert!(registry::attribute(0x0000, None, 0xff01).is_none());
    // A vendor cluster's attributes match with its code.
    assert_eq!(
        registry::attribute(0xfcc0, Some(0x115f), 0x00f7)
            .unwrap()
            .name,
        "tlv_state"
    );
}

#[test]
fn ota_responses_carry_fields_by_status_and_payload_type() {
    // Image Block Response, SUCCESS: a 3-byte block at offset 0x40.
    let ok = [
        0x00, // status SUCCESS
        0x5f, 0x11, // manufacturer 0x115F
        0x02, 0x01, // image type 0x0102
        0x17, 0x00, 0x00, 0x00, // file version
        0x40, 0x00, 0x00, 0x00, // file offset 0x40
        0x03, // data size 3
        0xaa, 0xbb, 0xcc, // data
    ];
    let r = ota::ImageBlockResponse::parse_payload(&ok).unwrap();
    assert_eq!(r.file_offset, Some(0x40));
    assert_eq!(
        r.image_data.iter().map(Result::unwrap).collect::<Vec<_>>(),
        [0xaa, 0xbb, 0xcc]
    );
    assert_eq!(r.current_time, None);
    check(&r, &ok);
    // WAIT_FOR_DATA (0x97): current time, request time, minimum block period.
    let wait = [
        0x97, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0xe8, 0x03,
    ];
    let r = ota::ImageBlockResponse::parse_payload(&wait).unwrap();
    assert_eq!(r.manufacturer_code, None);
    assert!(r.image_data.is_empty());
    assert_eq!(r.request_time, Some(UtcTime(0x20)));
    assert_eq!(r.minimum_block_period, Some(1000));
    check(&r, &wait);
    // ABORT (0x95): the status alone.
    check(
        &ota::ImageBlockResponse::parse_payload(&[0x95]).unwrap(),
        &[0x95],
    );
    // Image Notify with payload type 1: jitter and manufacturer code only.
    let n = ota::ImageNotify::parse_payload(&[0x01, 0x64, 0x5f, 0x11]).unwrap();
    assert_eq!(
        (n.query_jitter, n.manufacturer_code, n.image_type),
        (100, Some(0x115f), None)
    );
    check(&n, &[0x01, 0x64, 0x5f, 0x11]);
    // Query Next Image Response NO_IMAGE_AVAILABLE (0x98): the status alone.
    let q = ota::QueryNextImageResponse::parse_payload(&[0x98]).unwrap();
    assert_eq!(q.image_size, None);
}
