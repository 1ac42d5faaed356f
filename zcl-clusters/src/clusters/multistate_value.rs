//! Multistate Value (Basic) (cluster 0x0014).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Multistate Value (Basic) (0x0014).
    cluster 0x0014 "Multistate Value (Basic)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// State_text.
        0x000e STATE_TEXT "state_text": Array [R W] optional;
        /// Description.
        0x001c DESCRIPTION "description": CharString [R W] optional;
        /// Number_of_states.
        0x004a NUMBER_OF_STATES "number_of_states": Uint16 [R W] mandatory;
        /// Out_of_service.
        0x0051 OUT_OF_SERVICE "out_of_service": Bool [R W] mandatory;
        /// Present_value.
        0x0055 PRESENT_VALUE "present_value": Uint16 [R W] mandatory;
        /// Reliability.
        0x0067 RELIABILITY "reliability": Enum8 [R W] optional;
        /// Relinquish_default.
        0x0068 RELINQUISH_DEFAULT "relinquish_default": Uint16 [R W] optional;
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
