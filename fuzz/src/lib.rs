//! Helpers shared by the fuzz targets.

use zcl_core::foundation::{Record, Records, ReportingParameters};
use zcl_core::value::Value;
use zcl_core::Writer;

/// Reads every member of every collection in `v`, however deep, so the lazy decoders run.
pub fn walk_value(v: &Value<'_>, depth: usize) {
    assert!(depth < 64, "nesting not bounded");
    let _ = v.is_non_value();
    let _ = format!("{v:?}");
    if let Some(seq) = v.as_sequence() {
        for item in seq.iter() {
            match item {
                Ok(inner) => walk_value(&inner, depth + 1),
                Err(_) => break,
            }
        }
    }
    if let Some(s) = v.as_structure() {
        for item in s.iter() {
            match item {
                Ok(inner) => walk_value(&inner, depth + 1),
                Err(_) => break,
            }
        }
    }
}

/// Walks reporting parameters' reportable change, if any.
pub fn walk_parameters(p: &ReportingParameters<'_>) {
    if let ReportingParameters::Reported {
        reportable_change: Some(v),
        ..
    } = p
    {
        walk_value(v, 0);
    }
}

/// Reads every record of a list until the end or the first error. Each record that reads must
/// re-encode to exactly the bytes it was read from; `visit` then looks inside it.
pub fn walk_records<'a, R: Record<'a>>(mut it: Records<'a, R>, mut visit: impl FnMut(&R)) {
    loop {
        let before = it.rest();
        match it.next() {
            None | Some(Err(_)) => break,
            Some(Ok(rec)) => {
                let consumed = &before[..before.len() - it.rest().len()];
                let len = rec.encoded_len();
                let mut buf = vec![0xa5u8; len];
                let mut w = Writer::new(&mut buf);
                rec.emit_to(&mut w)
                    .expect("emit record into encoded_len bytes");
                assert_eq!(w.len(), len, "record emit length vs encoded_len");
                assert_eq!(&buf[..], consumed, "record re-encodes differently");
                visit(&rec);
            }
        }
    }
}
