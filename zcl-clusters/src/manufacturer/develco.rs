//! Develco / frient (manufacturer code 0x1015) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' Develco definitions
//! (`manuSpecificDevelcoAirQuality` 0xFC03: ids and types); facts only.

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// frient air quality (VOC) measurement (0xFC03, Develco 0x1015).
    cluster 0xfc03 mfr 0x1015 "Develco Air Quality";
    enums {}
    bitmaps {}
    structs {}
    attributes {
        /// VOC in ppb.
        0x0000 MEASURED_VALUE "measured_value": Uint16 [R P] mandatory;
        /// Smallest measurable value.
        0x0001 MIN_MEASURED_VALUE "min_measured_value": Uint16 [R] mandatory;
        /// Largest measurable value.
        0x0002 MAX_MEASURED_VALUE "max_measured_value": Uint16 [R] mandatory;
        /// Resolution.
        0x0003 RESOLUTION "resolution": Uint16 [R] optional;
    }
    received {}
    generated {}
}
