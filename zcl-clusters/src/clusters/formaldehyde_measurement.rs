//! Formaldehyde Concentration Measurement (cluster 0x042b).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Formaldehyde Concentration Measurement (0x042b).
    cluster 0x042b "Formaldehyde Concentration Measurement";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Measured_value.
        0x0000 MEASURED_VALUE "measured_value": Single [R P] mandatory;
        /// Min_measured_value.
        0x0001 MIN_MEASURED_VALUE "min_measured_value": Single [R] mandatory;
        /// Max_measured_value.
        0x0002 MAX_MEASURED_VALUE "max_measured_value": Single [R] mandatory;
        /// Tolerance.
        0x0003 TOLERANCE "tolerance": Single [R] optional;
    }
    received {
    }
    generated {
    }
}
