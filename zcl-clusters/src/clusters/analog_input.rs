//! Analog Input (Basic) (cluster 0x000c).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Analog Input (Basic) (0x000c).
    cluster 0x000c "Analog Input (Basic)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Description.
        0x001c DESCRIPTION "description": CharString [R W] optional;
        /// Max_present_value.
        0x0041 MAX_PRESENT_VALUE "max_present_value": Single [R W] optional;
        /// Min_present_value.
        0x0045 MIN_PRESENT_VALUE "min_present_value": Single [R W] optional;
        /// Out_of_service.
        0x0051 OUT_OF_SERVICE "out_of_service": Bool [R W] mandatory;
        /// Present_value.
        0x0055 PRESENT_VALUE "present_value": Single [R W P] mandatory;
        /// Reliability.
        0x0067 RELIABILITY "reliability": Enum8 [R W] optional;
        /// Resolution.
        0x006a RESOLUTION "resolution": Single [R W] optional;
        /// Status_flags.
        0x006f STATUS_FLAGS "status_flags": Map8 [R P] mandatory;
        /// Engineering_units.
        0x0075 ENGINEERING_UNITS "engineering_units": Enum16 [R W] optional;
        /// Application_type.
        0x0100 APPLICATION_TYPE "application_type": Uint32 [R] optional;
    }
    received {
    }
    generated {
    }
}
