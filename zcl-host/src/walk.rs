//! Walks every record and value of a ZCL frame without building anything: what the decode
//! benchmark measures, and a strict validity check.

use zcl_core::foundation::{GlobalCommand as C, ReportingParameters};
use zcl_core::value::Value;
use zcl_core::{Frame, FrameType};

/// Folds a value (and every element of a collection) into `acc`.
#[inline]
fn fold_value(v: &Value<'_>, acc: u64) -> u64 {
    let mut acc = acc.wrapping_add(1);
    match v {
        Value::Array(s) | Value::Set(s) | Value::Bag(s) => {
            for e in s.iter() {
                acc = match e {
                    Ok(e) => fold_value(&e, acc),
                    Err(_) => acc ^ 0xdead,
                };
            }
        }
        Value::Structure(s) => {
            for m in s.iter() {
                acc = match m {
                    Ok(m) => fold_value(&m, acc),
                    Err(_) => acc ^ 0xdead,
                };
            }
        }
        other => {
            // The value is fully decoded; hand it to the optimiser as observed so the work
            // cannot be skipped, without spending time converting it.
            std::hint::black_box(other);
        }
    }
    acc
}

#[inline]
fn mix<T>(r: Result<T, zcl_core::DecodeError>, acc: u64, f: impl FnOnce(T, u64) -> u64) -> u64 {
    match r {
        Ok(t) => f(t, acc),
        Err(e) => acc ^ (e.offset() as u64),
    }
}

/// Decodes a ZCL frame, walks every record and every value of a foundation command (and the
/// payload bytes of a cluster command), and returns a checksum of what it saw.
pub fn walk_frame(bytes: &[u8]) -> u64 {
    let Ok(frame) = Frame::parse(bytes) else {
        return 1;
    };
    let h = frame.header;
    let mut acc = u64::from(h.tsn) ^ (u64::from(h.command_id) << 8);
    if frame.header.frame_control.frame_type() != FrameType::Global {
        return acc.wrapping_add(frame.payload.len() as u64);
    }
    let Ok(cmd) = C::parse(h.command_id, frame.payload) else {
        return acc ^ 2;
    };
    match cmd {
        C::ReadAttributes(v) => {
            for r in v.attribute_ids() {
                acc = mix(r, acc, |id, a| a.wrapping_add(u64::from(id)));
            }
        }
        C::ReadAttributesResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    let a = a.wrapping_add(u64::from(r.attribute_id));
                    match &r.value {
                        Some(v) => fold_value(v, a),
                        None => a.wrapping_add(u64::from(r.status.to_u8())),
                    }
                });
            }
        }
        C::WriteAttributes(v)
        | C::WriteAttributesUndivided(v)
        | C::WriteAttributesNoResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    fold_value(&r.value, a.wrapping_add(u64::from(r.attribute_id)))
                });
            }
        }
        C::ReportAttributes(v) => {
            for r in v.reports() {
                acc = mix(r, acc, |r, a| {
                    fold_value(&r.value, a.wrapping_add(u64::from(r.attribute_id)))
                });
            }
        }
        C::WriteAttributesResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    a.wrapping_add(u64::from(r.status.to_u8()) + u64::from(r.attribute_id))
                });
            }
        }
        C::ConfigureReporting(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    params(&r.parameters, a.wrapping_add(u64::from(r.attribute_id)))
                });
            }
        }
        C::ConfigureReportingResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    a.wrapping_add(u64::from(r.status.to_u8()) + u64::from(r.attribute_id))
                });
            }
        }
        C::ReadReportingConfiguration(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| a.wrapping_add(u64::from(r.attribute_id)));
            }
        }
        C::ReadReportingConfigurationResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| match &r.parameters {
                    Some(p) => params(p, a.wrapping_add(u64::from(r.attribute_id))),
                    None => a.wrapping_add(u64::from(r.status.to_u8())),
                });
            }
        }
        C::DefaultResponse(d) => {
            acc = acc.wrapping_add(u64::from(d.command_id) + u64::from(d.status.to_u8()))
        }
        C::DiscoverAttributes(d) | C::DiscoverAttributesExtended(d) => {
            acc =
                acc.wrapping_add(u64::from(d.start_attribute_id) + u64::from(d.max_attribute_ids));
        }
        C::DiscoverAttributesResponse(v) => {
            for r in v.attributes() {
                acc = mix(r, acc, |r, a| a.wrapping_add(u64::from(r.attribute_id)));
            }
        }
        C::DiscoverAttributesExtendedResponse(v) => {
            for r in v.attributes() {
                acc = mix(r, acc, |r, a| {
                    a.wrapping_add(u64::from(r.attribute_id) + u64::from(r.access_control.0))
                });
            }
        }
        C::ReadAttributesStructured(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    a.wrapping_add(u64::from(r.attribute_id) + r.selector.indexes().len() as u64)
                });
            }
        }
        C::WriteAttributesStructured(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| {
                    fold_value(&r.value, a.wrapping_add(u64::from(r.attribute_id)))
                });
            }
        }
        C::WriteAttributesStructuredResponse(v) => {
            for r in v.records() {
                acc = mix(r, acc, |r, a| a.wrapping_add(u64::from(r.attribute_id)));
            }
        }
        C::DiscoverCommandsReceived(d) | C::DiscoverCommandsGenerated(d) => {
            acc = acc.wrapping_add(u64::from(d.start_command_id));
        }
        C::DiscoverCommandsReceivedResponse(v) | C::DiscoverCommandsGeneratedResponse(v) => {
            for r in v.command_ids() {
                acc = mix(r, acc, |c, a| a.wrapping_add(u64::from(c)));
            }
        }
        C::Unknown { payload, .. } => acc = acc.wrapping_add(payload.len() as u64),
        #[allow(unreachable_patterns)]
        _ => {}
    }
    acc
}

#[inline]
fn params(p: &ReportingParameters<'_>, acc: u64) -> u64 {
    match p {
        ReportingParameters::Reported {
            minimum_reporting_interval,
            maximum_reporting_interval,
            reportable_change,
            ..
        } => {
            let a = acc.wrapping_add(
                u64::from(*minimum_reporting_interval) + u64::from(*maximum_reporting_interval),
            );
            match reportable_change {
                Some(c) => fold_value(c, a),
                None => a,
            }
        }
        ReportingParameters::Received { timeout_period } => {
            acc.wrapping_add(u64::from(*timeout_period))
        }
    }
}
