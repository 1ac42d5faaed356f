//! Retail Tunnel (cluster 0x0617).
//!
//! Definitions written by hand in tools/extra_clusters.py (ids, names, types as zigbee-herdsman 11 and the ZCL define them).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Retail Tunnel (0x0617).
    cluster 0x0617 "Retail Tunnel";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Manufacturer_code.
        0x0000 MANUFACTURER_CODE "manufacturer_code": Uint16 [R] mandatory;
        /// Ms_profile.
        0x0001 MS_PROFILE "ms_profile": Uint16 [R] mandatory;
    }
    received {
        /// Transfer apdu (command 0x00).
        0x00 TransferApdu<'a> "transfer_apdu" mandatory { apdu: OctStr<'a> }
    }
    generated {
    }
}
