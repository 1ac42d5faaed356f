//! End-to-end test of `zcl-host decode --json`: a corpus of frames built with zcl-core's
//! encoders (every data type, every foundation command) goes through the binary, and every
//! decoded field must equal what the encoder was given.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use serde_json::{json, Value as Json};
use std::io::Write;
use std::process::{Command, Stdio};
use zcl_core::foundation::*;
use zcl_core::value::{Date, SequenceBuilder, StructureBuilder, TimeOfDay, Value};
use zcl_core::{DataType, Direction, FrameType, Header, Status};

fn frame(command_id: u8, dir: Direction, tsn: u8, payload: &[u8]) -> Vec<u8> {
    let h = Header::new(FrameType::Global, dir, tsn, command_id);
    let mut buf = vec![0xA5u8; h.encoded_len() + payload.len()];
    let n = h.emit(&mut buf).unwrap();
    buf[n..].copy_from_slice(payload);
    buf
}

fn emit(f: impl FnOnce(&mut [u8]) -> Result<usize, zcl_core::EncodeError>) -> Vec<u8> {
    let mut buf = vec![0xFFu8; 512];
    let n = f(&mut buf).unwrap();
    buf.truncate(n);
    buf
}

fn run_decode(lines: &str, extra: &[&str]) -> (Vec<Json>, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .arg("decode")
        .arg("--json")
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let objs = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (objs, out.status.success())
}

fn jsonl(frames: &[(u16, Vec<u8>)]) -> String {
    frames
        .iter()
        .map(|(c, b)| {
            format!(
                "{{\"cluster\": {c}, \"hex\": \"{}\", \"note\": \"ignored\"}}\n",
                hex::encode(b)
            )
        })
        .collect()
}

#[test]
fn every_data_type_decodes_to_the_encoded_value() {
    let mut arr_buf = [0u8; 64];
    let mut arr = SequenceBuilder::new(&mut arr_buf, DataType::Uint16);
    for v in [1u16, 2, 0xffff] {
        arr.push(&Value::Uint16(v)).unwrap();
    }
    let array = arr.finish();
    let mut set_buf = [0u8; 64];
    let mut set = SequenceBuilder::new(&mut set_buf, DataType::Enum8);
    set.push(&Value::Enum8(4)).unwrap();
    let set = set.finish();
    let mut bag_buf = [0u8; 64];
    let mut bag = SequenceBuilder::new(&mut bag_buf, DataType::CharString);
    bag.push(&Value::CharString(Some(b"a"))).unwrap();
    bag.push(&Value::CharString(Some(b"bc"))).unwrap();
    let bag = bag.finish();
    let mut st_buf = [0u8; 64];
    let mut st = StructureBuilder::new(&mut st_buf);
    st.push(&Value::Uint8(7)).unwrap();
    st.push(&Value::CharString(Some(b"x"))).unwrap();
    st.push(&Value::Array(array)).unwrap();
    let structure = st.finish();
    let key: [u8; 16] = *b"ZigBeeAlliance09";

    let cases: Vec<(Value<'_>, Json)> = vec![
        (Value::NoData, Json::Null),
        (Value::Data8(0xab), json!("ab")),
        (Value::Data16(0x1234), json!("3412")),
        (Value::Data24(0x12_3456), json!("563412")),
        (Value::Data32(0x1234_5678), json!("78563412")),
        (Value::Data40(0x01_0203_0405), json!("0504030201")),
        (Value::Data48(0x0102_0304_0506), json!("060504030201")),
        (Value::Data56(0x01_0203_0405_0607), json!("07060504030201")),
        (
            Value::Data64(0x0102_0304_0506_0708),
            json!("0807060504030201"),
        ),
        (Value::Bool(1), json!(true)),
        (Value::Bool(0), json!(false)),
        (Value::Bool(0xff), Json::Null),
        (Value::Map8(0x81), json!(0x81)),
        (Value::Map16(0x8001), json!(0x8001)),
        (Value::Map24(0x80_0001), json!(0x80_0001)),
        (Value::Map32(0x8000_0001), json!(0x8000_0001u32)),
        (Value::Map40(0x80_0000_0001), json!(0x80_0000_0001u64)),
        (Value::Map48(0x8000_0000_0001), json!(0x8000_0000_0001u64)),
        (
            Value::Map56(0x80_0000_0000_0001),
            json!(0x80_0000_0000_0001u64),
        ),
        (
            Value::Map64(0x8000_0000_0000_0001),
            json!(0x8000_0000_0000_0001u64),
        ),
        (Value::Uint8(200), json!(200)),
        (Value::Uint16(65_000), json!(65_000)),
        (Value::Uint24(0xff_fffe), json!(0xff_fffe)),
        (Value::Uint32(4_000_000_000), json!(4_000_000_000u32)),
        (Value::Uint40(0xff_ffff_fffe), json!(0xff_ffff_fffeu64)),
        (Value::Uint48(0xffff_ffff_fffe), json!(0xffff_ffff_fffeu64)),
        (
            Value::Uint56(0xff_ffff_ffff_fffe),
            json!(0xff_ffff_ffff_fffeu64),
        ),
        (Value::Uint64(u64::MAX - 1), json!(u64::MAX - 1)),
        (Value::Int8(-5), json!(-5)),
        (Value::Int16(-30_000), json!(-30_000)),
        (Value::Int24(-8_388_607), json!(-8_388_607)),
        (Value::Int32(-2_000_000_000), json!(-2_000_000_000)),
        (Value::Int40(-549_755_813_887), json!(-549_755_813_887i64)),
        (
            Value::Int48(-140_737_488_355_327),
            json!(-140_737_488_355_327i64),
        ),
        (
            Value::Int56(-36_028_797_018_963_967),
            json!(-36_028_797_018_963_967i64),
        ),
        (Value::Int64(i64::MIN + 1), json!(i64::MIN + 1)),
        (Value::Enum8(3), json!(3)),
        (Value::Enum16(0x1234), json!(0x1234)),
        (Value::Semi(0x3c00), json!(1.0)),
        (Value::Single(1.5), json!(1.5)),
        (Value::Single(f32::NAN), Json::Null),
        (Value::Double(-2.25), json!(-2.25)),
        (Value::OctetString(Some(&[1, 2, 0xff])), json!("0102ff")),
        (Value::OctetString(None), Json::Null),
        (Value::CharString(Some(b"hello")), json!("hello")),
        (Value::LongOctetString(Some(&[0xde, 0xad])), json!("dead")),
        (
            Value::LongCharString(Some(b"long string")),
            json!("long string"),
        ),
        (Value::Array(array), json!([1, 2, 65535])),
        (Value::Set(set), json!([4])),
        (Value::Bag(bag), json!(["a", "bc"])),
        (
            Value::Structure(structure),
            json!([
                {"type": 0x20, "value": 7},
                {"type": 0x42, "value": "x"},
                {"type": 0x48, "value": [1, 2, 65535]}
            ]),
        ),
        (
            Value::TimeOfDay(TimeOfDay {
                hours: 13,
                minutes: 45,
                seconds: 30,
                hundredths: 25,
            }),
            json!("13:45:30.25"),
        ),
        (
            Value::Date(Date {
                year_since_1900: 124,
                month: 5,
                day_of_month: 17,
                day_of_week: 5,
            }),
            json!({"year": 2024, "month": 5, "day": 17, "day_of_week": 5}),
        ),
        (Value::UtcTime(700_000_000), json!(700_000_000)),
        (Value::ClusterId(0x0300), json!(0x0300)),
        (Value::AttributeId(0x4001), json!(0x4001)),
        (Value::BacnetOid(0x00c0_0001), json!(0x00c0_0001)),
        (
            Value::IeeeAddress(0x0012_4b00_0102_0304),
            json!("00:12:4b:00:01:02:03:04"),
        ),
        (Value::SecurityKey(key), json!(hex::encode(key))),
        (Value::Unknown, Json::Null),
    ];
    // Every ZCL data type appears at least once.
    for t in DataType::ALL {
        assert!(
            cases.iter().any(|(v, _)| v.data_type() == *t),
            "no case for {t:?}"
        );
    }
    let frames: Vec<(u16, Vec<u8>)> = cases
        .iter()
        .enumerate()
        .map(|(i, (v, _))| {
            let rec = AttributeRecord {
                attribute_id: 0x4000 + i as u16,
                value: *v,
            };
            let payload = emit(|b| ReportAttributesRepr { reports: [rec] }.emit(b));
            (
                0x0b05,
                frame(0x0a, Direction::ServerToClient, i as u8, &payload),
            )
        })
        .collect();
    let (out, ok) = run_decode(&jsonl(&frames), &[]);
    assert!(ok, "decode failed: {out:?}");
    assert_eq!(out.len(), cases.len());
    for (i, ((v, expected), obj)) in cases.iter().zip(&out).enumerate() {
        assert_eq!(obj["command"], "report_attributes", "{obj}");
        assert_eq!(obj["tsn"], i, "{obj}");
        assert_eq!(obj["cluster"], 0x0b05);
        let rec = &obj["payload"]["records"][0];
        assert_eq!(rec["attribute"], 0x4000 + i, "{obj}");
        assert_eq!(rec["type"], v.data_type().to_u8(), "{obj}");
        assert_eq!(&rec["value"], expected, "value of {v:?}: {obj}");
    }
}

#[test]
fn every_foundation_command_decodes_to_the_encoded_fields() {
    let c2s = Direction::ClientToServer;
    let s2c = Direction::ServerToClient;
    let sel = Selector::new(&[2, 1]).unwrap();
    let reported = ReportingParameters::Reported {
        data_type: DataType::Int16,
        minimum_reporting_interval: 10,
        maximum_reporting_interval: 3600,
        reportable_change: Some(Value::Int16(50)),
    };
    let cases: Vec<(u8, Direction, Vec<u8>, &str, Json)> = vec![
        (
            0x00,
            c2s,
            emit(|b| {
                ReadAttributesRepr {
                    attribute_ids: [0x0000u16, 0x4001],
                }
                .emit(b)
            }),
            "read_attributes",
            json!({"attributes": [0, 0x4001]}),
        ),
        (
            0x01,
            s2c,
            emit(|b| {
                ReadAttributesResponseRepr {
                    records: [
                        ReadAttributeStatusRecord {
                            attribute_id: 0,
                            status: Status::Success,
                            value: Some(Value::Bool(1)),
                        },
                        ReadAttributeStatusRecord {
                            attribute_id: 5,
                            status: Status::UnsupportedAttribute,
                            value: None,
                        },
                    ],
                }
                .emit(b)
            }),
            "read_attributes_response",
            json!({"records": [
                {"attribute": 0, "status": 0, "type": 0x10, "value": true},
                {"attribute": 5, "status": 0x86}]}),
        ),
        (
            0x02,
            c2s,
            emit(|b| {
                WriteAttributesRepr {
                    records: [AttributeRecord {
                        attribute_id: 0x0010,
                        value: Value::CharString(Some(b"kitchen")),
                    }],
                }
                .emit(b)
            }),
            "write_attributes",
            json!({"records": [{"attribute": 0x10, "type": 0x42, "value": "kitchen"}]}),
        ),
        (
            0x03,
            c2s,
            emit(|b| {
                WriteAttributesRepr {
                    records: [AttributeRecord {
                        attribute_id: 0x4003,
                        value: Value::Enum8(0xff),
                    }],
                }
                .emit(b)
            }),
            "write_attributes_undivided",
            json!({"records": [{"attribute": 0x4003, "type": 0x30, "value": 255}]}),
        ),
        (
            0x04,
            s2c,
            emit(|b| {
                WriteAttributesResponseRepr::new([WriteAttributeStatusRecord {
                    status: Status::ReadOnly,
                    attribute_id: 0x0000,
                }])
                .emit(b)
            }),
            "write_attributes_response",
            json!({"records": [{"status": 0x88, "attribute": 0}]}),
        ),
        (
            0x04,
            s2c,
            vec![0x00],
            "write_attributes_response",
            json!({"status": 0}),
        ),
        (
            0x05,
            c2s,
            emit(|b| {
                WriteAttributesRepr {
                    records: [AttributeRecord {
                        attribute_id: 0x0011,
                        value: Value::Uint16(300),
                    }],
                }
                .emit(b)
            }),
            "write_attributes_no_response",
            json!({"records": [{"attribute": 0x11, "type": 0x21, "value": 300}]}),
        ),
        (
            0x06,
            c2s,
            emit(|b| {
                ConfigureReportingRepr {
                    records: [
                        AttributeReportingConfigurationRecord {
                            attribute_id: 0,
                            parameters: reported,
                        },
                        AttributeReportingConfigurationRecord {
                            attribute_id: 1,
                            parameters: ReportingParameters::Received {
                                timeout_period: 120,
                            },
                        },
                    ],
                }
                .emit(b)
            }),
            "configure_reporting",
            json!({"records": [
                {"direction": 0, "attribute": 0, "type": 0x29, "min_interval": 10, "max_interval": 3600, "reportable_change": 50},
                {"direction": 1, "attribute": 1, "timeout": 120}]}),
        ),
        (
            0x07,
            s2c,
            emit(|b| {
                ConfigureReportingResponseRepr::new([AttributeStatusRecord {
                    status: Status::UnreportableAttribute,
                    direction: ReportingDirection::Reported,
                    attribute_id: 4,
                }])
                .emit(b)
            }),
            "configure_reporting_response",
            json!({"records": [{"status": 0x8c, "direction": 0, "attribute": 4}]}),
        ),
        (
            0x08,
            c2s,
            emit(|b| {
                ReadReportingConfigurationRepr {
                    records: [ReadReportingConfigurationRecord {
                        direction: ReportingDirection::Reported,
                        attribute_id: 0,
                    }],
                }
                .emit(b)
            }),
            "read_reporting_configuration",
            json!({"records": [{"direction": 0, "attribute": 0}]}),
        ),
        (
            0x09,
            s2c,
            emit(|b| {
                ReadReportingConfigurationResponseRepr {
                    records: [
                        ReportingConfigurationStatusRecord {
                            status: Status::Success,
                            direction: ReportingDirection::Reported,
                            attribute_id: 0,
                            parameters: Some(reported),
                        },
                        ReportingConfigurationStatusRecord {
                            status: Status::UnsupportedAttribute,
                            direction: ReportingDirection::Reported,
                            attribute_id: 9,
                            parameters: None,
                        },
                    ],
                }
                .emit(b)
            }),
            "read_reporting_configuration_response",
            json!({"records": [
                {"status": 0, "direction": 0, "attribute": 0, "type": 0x29, "min_interval": 10, "max_interval": 3600, "reportable_change": 50},
                {"status": 0x86, "direction": 0, "attribute": 9}]}),
        ),
        (
            0x0a,
            s2c,
            emit(|b| {
                ReportAttributesRepr {
                    reports: [AttributeRecord {
                        attribute_id: 0,
                        value: Value::Int16(2150),
                    }],
                }
                .emit(b)
            }),
            "report_attributes",
            json!({"records": [{"attribute": 0, "type": 0x29, "value": 2150}]}),
        ),
        (
            0x0b,
            s2c,
            emit(|b| {
                DefaultResponse {
                    command_id: 0x02,
                    status: Status::UnsupClusterCommand,
                }
                .emit(b)
            }),
            "default_response",
            json!({"command_id": 2, "status": 0x81}),
        ),
        (
            0x0c,
            c2s,
            emit(|b| {
                DiscoverAttributes {
                    start_attribute_id: 0,
                    max_attribute_ids: 16,
                }
                .emit(b)
            }),
            "discover_attributes",
            json!({"start_attribute": 0, "max_count": 16}),
        ),
        (
            0x0d,
            s2c,
            emit(|b| {
                DiscoverAttributesResponseRepr::new(
                    true,
                    [DiscoveredAttribute {
                        attribute_id: 0,
                        data_type: DataType::Bool,
                    }],
                )
                .emit(b)
            }),
            "discover_attributes_response",
            json!({"complete": true, "records": [{"attribute": 0, "type": 0x10}]}),
        ),
        (
            0x0e,
            c2s,
            emit(|b| {
                ReadAttributesStructuredRepr {
                    records: [StructuredAttributeRecord {
                        attribute_id: 0x0100,
                        selector: sel,
                    }],
                }
                .emit(b)
            }),
            "read_attributes_structured",
            json!({"records": [{"attribute": 0x100, "selector": {"indicator": 2, "indexes": [2, 1]}}]}),
        ),
        (
            0x0f,
            c2s,
            emit(|b| {
                WriteAttributesStructuredRepr {
                    records: [WriteAttributeStructuredRecord {
                        attribute_id: 0x0100,
                        selector: sel,
                        value: Value::Uint8(9),
                    }],
                }
                .emit(b)
            }),
            "write_attributes_structured",
            json!({"records": [{"attribute": 0x100, "selector": {"indicator": 2, "indexes": [2, 1]}, "type": 0x20, "value": 9}]}),
        ),
        (
            0x10,
            s2c,
            emit(|b| {
                WriteAttributesStructuredResponseRepr::new([WriteAttributeStructuredStatusRecord {
                    status: Status::InvalidSelector,
                    attribute_id: 0x0100,
                    selector: sel,
                }])
                .emit(b)
            }),
            "write_attributes_structured_response",
            json!({"records": [{"status": 0x8e, "attribute": 0x100, "selector": {"indicator": 2, "indexes": [2, 1]}}]}),
        ),
        (
            0x11,
            c2s,
            emit(|b| {
                DiscoverCommands {
                    start_command_id: 0,
                    max_command_ids: 8,
                }
                .emit(b)
            }),
            "discover_commands_received",
            json!({"start_command": 0, "max_count": 8}),
        ),
        (
            0x12,
            s2c,
            emit(|b| DiscoverCommandsResponseRepr::new(true, [0u8, 1, 2]).emit(b)),
            "discover_commands_received_response",
            json!({"complete": true, "commands": [0, 1, 2]}),
        ),
        (
            0x13,
            c2s,
            emit(|b| {
                DiscoverCommands {
                    start_command_id: 4,
                    max_command_ids: 2,
                }
                .emit(b)
            }),
            "discover_commands_generated",
            json!({"start_command": 4, "max_count": 2}),
        ),
        (
            0x14,
            s2c,
            emit(|b| DiscoverCommandsResponseRepr::new(false, [0x0bu8]).emit(b)),
            "discover_commands_generated_response",
            json!({"complete": false, "commands": [11]}),
        ),
        (
            0x15,
            c2s,
            emit(|b| {
                DiscoverAttributes {
                    start_attribute_id: 0x4000,
                    max_attribute_ids: 4,
                }
                .emit(b)
            }),
            "discover_attributes_extended",
            json!({"start_attribute": 0x4000, "max_count": 4}),
        ),
        (
            0x16,
            s2c,
            emit(|b| {
                DiscoverAttributesExtendedResponseRepr::new(
                    true,
                    [DiscoveredAttributeExtended {
                        attribute_id: 0,
                        data_type: DataType::Bool,
                        access_control: AttributeAccessControl(0x05),
                    }],
                )
                .emit(b)
            }),
            "discover_attributes_extended_response",
            json!({"complete": true, "records": [{"attribute": 0, "type": 0x10, "access": 5}]}),
        ),
    ];
    let frames: Vec<(u16, Vec<u8>)> = cases
        .iter()
        .enumerate()
        .map(|(i, (id, dir, payload, _, _))| (6, frame(*id, *dir, i as u8, payload)))
        .collect();
    let (out, ok) = run_decode(&jsonl(&frames), &[]);
    assert!(ok, "{out:?}");
    let mut seen = std::collections::BTreeSet::new();
    for ((id, dir, _, name, payload), obj) in cases.iter().zip(&out) {
        seen.insert(*id);
        assert_eq!(obj["command_id"], *id, "{obj}");
        assert_eq!(obj["command"], *name, "{obj}");
        assert_eq!(obj["frame_type"], "global");
        assert_eq!(obj["manufacturer"], Json::Null);
        assert_eq!(obj["direction"], dir.name());
        // Attribute records of known attributes also carry the registry's `name` (render/names.rs).
        let mut got = obj["payload"].clone();
        if let Some(records) = got.get_mut("records").and_then(Json::as_array_mut) {
            for r in records.iter_mut().filter_map(Json::as_object_mut) {
                if let Some(n) = r.remove("name") {
                    let expected = match r["attribute"].as_u64() {
                        Some(0x0000) => "on_off",
                        Some(0x4003) => "start_up_on_off",
                        _ => panic!("unexpected name {n}: {obj}"),
                    };
                    assert_eq!(n, expected);
                }
                // StartUpOnOff is a named enum: 0xff is "previous" (ZCL 3.8.2.2.5).
                if let Some(v) = r.remove("value_name") {
                    assert_eq!(
                        (r["attribute"].as_u64(), r["value"].as_u64()),
                        (Some(0x4003), Some(0xff))
                    );
                    assert_eq!(v, "previous");
                }
            }
        }
        assert_eq!(&got, payload, "{name}: {obj}");
    }
    assert_eq!(seen.len(), 23, "all 23 foundation commands are covered");
}

#[test]
fn header_fields_and_manufacturer_code() {
    // frame control 0x1d: cluster-specific, manufacturer specific, server->client, no default response
    let (out, ok) = run_decode(
        "{\"cluster\": \"0xfcc0\", \"hex\": \"1d5f11070aaabb\"}\n",
        &[],
    );
    assert!(ok);
    let o = &out[0];
    assert_eq!(o["cluster"], 0xfcc0);
    assert_eq!(o["frame_type"], "cluster");
    assert_eq!(o["manufacturer"], 0x115f);
    assert_eq!(o["direction"], "server_to_client");
    assert_eq!(o["disable_default_response"], true);
    assert_eq!(o["tsn"], 7);
    assert_eq!(o["command_id"], 0x0a);
}

#[test]
fn malformed_frames_give_errors_with_offsets_and_the_run_goes_on() {
    let input = concat!(
        "{\"cluster\": 6, \"hex\": \"18\"}\n", // header cut after frame control
        "{\"cluster\": 6, \"hex\": \"18010a00002901\"}\n", // int16 value cut after one byte
        "{\"cluster\": 6, \"hex\": \"18010a0000ab00\"}\n", // unknown data type 0xab
        "not json\n",
        "{\"cluster\": 6, \"hex\": \"18020b0200\"}\n", // a good default response
    );
    let (out, ok) = run_decode(input, &[]);
    assert!(!ok, "exit status must be non-zero when a line failed");
    assert_eq!(out.len(), 5);
    assert_eq!(
        out[0]["error"],
        "truncated at byte 1: 1 more byte(s) needed"
    );
    assert_eq!(
        out[1]["error"],
        "truncated at byte 6: 1 more byte(s) needed"
    );
    assert_eq!(out[2]["error"], "unknown data type 0xab at byte 5");
    assert!(out[3]["error"].as_str().unwrap().contains("not JSON"));
    assert_eq!(out[4]["payload"], json!({"command_id": 2, "status": 0}));
}

#[test]
fn hex_arguments_with_cluster_option_and_text_output() {
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["decode", "--cluster", "0x0402", "18050a0000299808"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("cluster 0x0402 (Temperature Measurement)"),
        "{text}"
    );
    assert!(text.contains("report_attributes"), "{text}");
    assert!(text.contains("2200"), "{text}");
    assert!(text.contains("temp_measured_value"), "{text}");
}

#[test]
fn cluster_command_text_shows_named_fields() {
    // Move to Level with On/Off: level 0x80, transition time 10 (tenths of a second).
    let out = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["decode", "--cluster", "8", "010104800a00"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(Level Control)"), "{text}");
    assert!(text.contains("move_to_level_with_on_off"), "{text}");
    assert!(text.contains("\"level\":128"), "{text}");
    assert!(text.contains("\"transition_time\":10"), "{text}");
}

#[test]
fn bench_mode_reports_a_rate() {
    let input = "{\"cluster\": 6, \"hex\": \"18020b0200\"}\n";
    let mut child = Command::new(env!("CARGO_BIN_EXE_zcl-host"))
        .args(["decode", "--bench", "--rounds", "10"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("decoded 10 frames"), "{text}");
    assert!(text.contains("frames per CPU-second"), "{text}");
}
