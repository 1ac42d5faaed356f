//! Binary Output (BACnet Regular) (cluster 0x060a).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Binary Output (BACnet Regular) (0x060a).
    cluster 0x060a "Binary Output (BACnet Regular)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Change_of_state_count.
        0x000f CHANGE_OF_STATE_COUNT "change_of_state_count": Uint32 [R W P] optional;
        /// Change_of_state_time.
        0x0010 CHANGE_OF_STATE_TIME "change_of_state_time": OctetString [R W P] optional;
        /// Device_type.
        0x001f DEVICE_TYPE "device_type": CharString [R W P] optional;
        /// Elapsed_active_time.
        0x0021 ELAPSED_ACTIVE_TIME "elapsed_active_time": Uint32 [R W P] optional;
        /// Feed_back_value.
        0x0028 FEED_BACK_VALUE "feed_back_value": Enum8 [R W P] optional;
        /// Object_id.
        0x004b OBJECT_ID "object_id": Uint32 [R W P] optional;
        /// Object_name.
        0x004d OBJECT_NAME "object_name": CharString [R W P] optional;
        /// Object_type.
        0x004f OBJECT_TYPE "object_type": Enum16 [R W P] optional;
        /// Time_of_at_reset.
        0x0072 TIME_OF_AT_RESET "time_of_at_reset": OctetString [R W P] optional;
        /// Time_of_sc_reset.
        0x0073 TIME_OF_SC_RESET "time_of_sc_reset": OctetString [R W P] optional;
        /// Profile_name.
        0x00a8 PROFILE_NAME "profile_name": CharString [R W P] optional;
    }
    received {
    }
    generated {
    }
}
