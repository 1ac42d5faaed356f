//! JSON form of one ZCL value, the building block of [`super::frame`] and [`super::names`].
//!
//! Values map to JSON as follows: integers, bitmaps, enums, floats and ids are numbers (a NaN
//! float is `null`); booleans are `true`/`false` (`null` for the non-value 0xff, the raw number
//! for other bytes); character strings are strings (invalid UTF-8 replaced); octet strings,
//! `dataN` values (in wire order) and security keys are lowercase hex strings; IEEE addresses
//! are `"xx:xx:xx:xx:xx:xx:xx:xx"` (most significant byte first, [`zcl_frames::Eui64`]'s form);
//! time of day is `"hh:mm:ss.cc"`, dates `{"year", "month", "day", "day_of_week"}` (null for a
//! byte of 0xff, "not given"); string and collection non-values are `null`; arrays, sets and
//! bags are lists of element values and a structure is a list of `{"type", "value"}` members.

use serde_json::{json, Map, Value as Json};
use std::fmt::Write as _;
use zcl_core::value::Value;
use zcl_frames::Eui64;

/// Lowercase hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// An IEEE address held as a number, in the one text form [`Eui64`] prints:
/// `"xx:xx:xx:xx:xx:xx:xx:xx"`, most significant byte first.
pub fn ieee_string(addr: u64) -> String {
    Eui64(addr).to_string()
}

fn le_hex(v: u64, width: usize) -> Json {
    let bytes = v.to_le_bytes();
    Json::String(hex_lower(bytes.get(..width).unwrap_or(&bytes)))
}

fn float_json(v: f64) -> Json {
    serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number)
}

fn opt_str(s: Option<&[u8]>) -> Json {
    match s {
        Some(b) => Json::String(String::from_utf8_lossy(b).into_owned()),
        None => Json::Null,
    }
}

fn opt_hex(s: Option<&[u8]>) -> Json {
    match s {
        Some(b) => Json::String(hex_lower(b)),
        None => Json::Null,
    }
}

/// JSON for one ZCL value (see the module documentation for the mapping). Collection elements
/// that fail to decode become `{"error": "..."}` entries.
pub fn value_json(v: &Value<'_>) -> Json {
    match v {
        Value::NoData | Value::Unknown => Json::Null,
        Value::Data8(x) => le_hex(u64::from(*x), 1),
        Value::Data16(x) => le_hex(u64::from(*x), 2),
        Value::Data24(x) => le_hex(u64::from(*x), 3),
        Value::Data32(x) => le_hex(u64::from(*x), 4),
        Value::Data40(x) => le_hex(*x, 5),
        Value::Data48(x) => le_hex(*x, 6),
        Value::Data56(x) => le_hex(*x, 7),
        Value::Data64(x) => le_hex(*x, 8),
        Value::Bool(b) => match b {
            0 => Json::Bool(false),
            1 => Json::Bool(true),
            0xff => Json::Null,
            other => json!(other),
        },
        Value::Map8(x) | Value::Uint8(x) | Value::Enum8(x) => json!(x),
        Value::Map16(x) | Value::Uint16(x) | Value::Enum16(x) => json!(x),
        Value::ClusterId(x) | Value::AttributeId(x) => json!(x),
        Value::Map24(x) | Value::Map32(x) | Value::Uint24(x) | Value::Uint32(x) => json!(x),
        Value::UtcTime(x) | Value::BacnetOid(x) => json!(x),
        Value::Map40(x)
        | Value::Map48(x)
        | Value::Map56(x)
        | Value::Map64(x)
        | Value::Uint40(x)
        | Value::Uint48(x)
        | Value::Uint56(x)
        | Value::Uint64(x) => json!(x),
        Value::Int8(x) => json!(x),
        Value::Int16(x) => json!(x),
        Value::Int24(x) | Value::Int32(x) => json!(x),
        Value::Int40(x) | Value::Int48(x) | Value::Int56(x) | Value::Int64(x) => json!(x),
        Value::Semi(_) => v.as_f64().map_or(Json::Null, float_json),
        Value::Single(x) => float_json(f64::from(*x)),
        Value::Double(x) => float_json(*x),
        Value::OctetString(s) | Value::LongOctetString(s) => opt_hex(*s),
        Value::CharString(s) | Value::LongCharString(s) => opt_str(*s),
        Value::SecurityKey(k) => Json::String(hex_lower(k)),
        Value::IeeeAddress(a) => Json::String(ieee_string(*a)),
        Value::TimeOfDay(t) => Json::String(format!(
            "{:02}:{:02}:{:02}.{:02}",
            t.hours, t.minutes, t.seconds, t.hundredths
        )),
        Value::Date(d) => {
            // ZCL 2.6.2.18: each byte 0xff means "not given" (null here).
            let part = |b: u8, base: u32| (b != 0xff).then(|| u32::from(b) + base);
            json!({
                "year": part(d.year_since_1900, 1900),
                "month": part(d.month, 0),
                "day": part(d.day_of_month, 0),
                "day_of_week": part(d.day_of_week, 0),
            })
        }
        Value::Array(s) | Value::Set(s) | Value::Bag(s) => {
            if s.count().is_none() {
                return Json::Null;
            }
            Json::Array(
                s.iter()
                    .map(|e| match e {
                        Ok(e) => value_json(&e),
                        Err(err) => json!({ "error": err.to_string() }),
                    })
                    .collect(),
            )
        }
        Value::Structure(s) => {
            if s.count().is_none() {
                return Json::Null;
            }
            Json::Array(
                s.iter()
                    .map(|m| match m {
                        Ok(m) => json!({ "type": m.data_type().to_u8(), "value": value_json(&m) }),
                        Err(err) => json!({ "error": err.to_string() }),
                    })
                    .collect(),
            )
        }
        #[allow(unreachable_patterns)]
        _ => Json::Null,
    }
}

/// Inserts `"type"` and `"value"` for a typed value into a record object.
pub(crate) fn put_typed(obj: &mut Map<String, Json>, v: &Value<'_>) {
    obj.insert("type".into(), json!(v.data_type().to_u8()));
    obj.insert("value".into(), value_json(v));
}
