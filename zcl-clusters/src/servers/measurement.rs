//! Temperature Measurement (ZCL 4.4) and Relative Humidity Measurement (ZCL 4.7) servers, the
//! sensor side: the generic attribute store, with the application writing new readings through
//! [`crate::runtime::Device::set_attribute`] so that reporting sees them.

use crate::clusters::relative_humidity_measurement::attr_id::{
    RELATIVE_HUMIDITY_MAX_MEASURED_VALUE, RELATIVE_HUMIDITY_MEASURED_VALUE,
    RELATIVE_HUMIDITY_MIN_MEASURED_VALUE,
};
use crate::clusters::temperature_measurement::attr_id::{
    TEMP_MAX_MEASURED_VALUE, TEMP_MEASURED_VALUE, TEMP_MIN_MEASURED_VALUE,
};
use crate::runtime::{AttrValue, AttributeStore};

/// A measurement server: MeasuredValue, MinMeasuredValue, MaxMeasuredValue, Tolerance.
pub type MeasurementServer = AttributeStore<4>;

/// A Temperature Measurement server (values in 0.01 °C; 0x8000 means no reading).
pub fn temperature(min: i16, max: i16, value: i16) -> MeasurementServer {
    let mut s = AttributeStore::new(&crate::clusters::temperature_measurement::META);
    // The store holds the four attributes, so these do not fail.
    let _ = s.set(TEMP_MEASURED_VALUE, AttrValue::Raw(u64::from(value as u16)));
    let _ = s.set(
        TEMP_MIN_MEASURED_VALUE,
        AttrValue::Raw(u64::from(min as u16)),
    );
    let _ = s.set(
        TEMP_MAX_MEASURED_VALUE,
        AttrValue::Raw(u64::from(max as u16)),
    );
    s
}

/// A Relative Humidity Measurement server (values in 0.01 %; 0xffff means no reading).
pub fn humidity(min: u16, max: u16, value: u16) -> MeasurementServer {
    let mut s = AttributeStore::new(&crate::clusters::relative_humidity_measurement::META);
    let _ = s.set(
        RELATIVE_HUMIDITY_MEASURED_VALUE,
        AttrValue::Raw(value.into()),
    );
    let _ = s.set(
        RELATIVE_HUMIDITY_MIN_MEASURED_VALUE,
        AttrValue::Raw(min.into()),
    );
    let _ = s.set(
        RELATIVE_HUMIDITY_MAX_MEASURED_VALUE,
        AttrValue::Raw(max.into()),
    );
    s
}
