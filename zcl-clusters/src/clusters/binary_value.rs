//! Binary Value (Basic) (cluster 0x0011).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Binary Value (Basic) (0x0011).
    cluster 0x0011 "Binary Value (Basic)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Active_text.
        0x0004 ACTIVE_TEXT "active_text": CharString [R W] optional;
        /// Description.
        0x001c DESCRIPTION "description": CharString [R W] optional;
        /// Inactive_text.
        0x002e INACTIVE_TEXT "inactive_text": CharString [R W] optional;
        /// Minimum_off_time.
        0x0042 MINIMUM_OFF_TIME "minimum_off_time": Uint32 [R W] optional;
        /// Minimum_on_time.
        0x0043 MINIMUM_ON_TIME "minimum_on_time": Uint32 [R W] optional;
        /// Out_of_service.
        0x0051 OUT_OF_SERVICE "out_of_service": Bool [R W] mandatory;
        /// Present_value.
        0x0055 PRESENT_VALUE "present_value": Bool [R W] mandatory;
        /// Reliability.
        0x0067 RELIABILITY "reliability": Enum8 [R W] optional;
        /// Relinquish_default.
        0x0068 RELINQUISH_DEFAULT "relinquish_default": Bool [R W] optional;
        /// Status_flags.
        0x006f STATUS_FLAGS "status_flags": Map8 [R] mandatory;
        /// Application_type.
        0x0100 APPLICATION_TYPE "application_type": Uint32 [R] optional;
    }
    received {
    }
    generated {
    }
}
