//! Analog Output (BACnet Regular) (cluster 0x0604).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Analog Output (BACnet Regular) (0x0604).
    cluster 0x0604 "Analog Output (BACnet Regular)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Cov_increment.
        0x0016 COV_INCREMENT "cov_increment": Single [R W P] optional;
        /// Device_type.
        0x001f DEVICE_TYPE "device_type": CharString [R W P] optional;
        /// Object_id.
        0x004b OBJECT_ID "object_id": Uint32 [R W P] optional;
        /// Object_name.
        0x004d OBJECT_NAME "object_name": CharString [R W P] optional;
        /// Object_type.
        0x004f OBJECT_TYPE "object_type": Enum16 [R W P] optional;
        /// Profile_name.
        0x00a8 PROFILE_NAME "profile_name": CharString [R W P] optional;
    }
    received {
    }
    generated {
    }
}
