//! Any bytes as a ZCL frame: the header parses or not without panicking and re-encodes to the
//! same bytes; a foundation command's records are all read, each must re-encode to its own
//! bytes, and every attribute value in them is walked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zcl_core::foundation::GlobalCommand as C;
use zcl_core::Frame;
use zcl_fuzz::{walk_parameters, walk_records, walk_value};

fuzz_target!(|data: &[u8]| {
    let Ok(frame) = Frame::parse(data) else {
        return;
    };
    let mut buf = vec![0xa5u8; frame.encoded_len()];
    let n = frame.emit(&mut buf).expect("emit frame");
    assert_eq!(&buf[..n], data, "frame re-encodes differently");

    // Cluster-specific frames have a cluster-defined payload; parse every payload as a
    // foundation command too, since the decoders must cope with any bytes.
    let command_id = frame.header.command_id;
    let Ok(cmd) = C::parse(command_id, frame.payload) else {
        return;
    };
    let _ = cmd.name();
    let _ = format!("{cmd:?}");
    let _ = cmd.validate();
    match cmd {
        C::ReadAttributes(v) => walk_records(v.attribute_ids(), |_| {}),
        C::ReadAttributesResponse(v) => walk_records(v.records(), |r| {
            if let Some(value) = &r.value {
                walk_value(value, 0);
            }
        }),
        C::WriteAttributes(v)
        | C::WriteAttributesUndivided(v)
        | C::WriteAttributesNoResponse(v) => walk_records(v.records(), |r| walk_value(&r.value, 0)),
        C::WriteAttributesResponse(v) => walk_records(v.records(), |_| {}),
        C::ConfigureReporting(v) => walk_records(v.records(), |r| walk_parameters(&r.parameters)),
        C::ConfigureReportingResponse(v) => walk_records(v.records(), |_| {}),
        C::ReadReportingConfiguration(v) => walk_records(v.records(), |_| {}),
        C::ReadReportingConfigurationResponse(v) => walk_records(v.records(), |r| {
            if let Some(p) = &r.parameters {
                walk_parameters(p);
            }
        }),
        C::ReportAttributes(v) => walk_records(v.reports(), |r| walk_value(&r.value, 0)),
        C::DiscoverAttributesResponse(v) => walk_records(v.attributes(), |_| {}),
        C::ReadAttributesStructured(v) => walk_records(v.records(), |_| {}),
        C::WriteAttributesStructured(v) => walk_records(v.records(), |r| walk_value(&r.value, 0)),
        C::WriteAttributesStructuredResponse(v) => walk_records(v.records(), |_| {}),
        C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => {
            walk_records(v.command_ids(), |_| {})
        }
        C::DiscoverAttributesExtendedResponse(v) => walk_records(v.attributes(), |_| {}),
        _ => {}
    }
});
