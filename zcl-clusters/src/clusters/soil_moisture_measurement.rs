//! Soil Moisture Measurement (cluster 0x0408).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Soil Moisture Measurement (0x0408).
    cluster 0x0408 "Soil Moisture Measurement";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Measured_value.
        0x0000 MEASURED_VALUE "measured_value": Uint16 [R P] mandatory;
        /// Min_measured_value.
        0x0001 MIN_MEASURED_VALUE "min_measured_value": Uint16 [R] mandatory;
        /// Max_measured_value.
        0x0002 MAX_MEASURED_VALUE "max_measured_value": Uint16 [R] mandatory;
        /// Tolerance.
        0x0003 TOLERANCE "tolerance": Uint16 [R] optional;
    }
    received {
    }
    generated {
    }
}
