//! Nearest Gateway (cluster 0x0024).
//!
//! Definitions written by hand in tools/extra_clusters.py (ids, names, types as zigbee-herdsman 11 and the ZCL define them).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Nearest Gateway (0x0024).
    cluster 0x0024 "Nearest Gateway";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Nearest_gateway.
        0x0000 NEAREST_GATEWAY "nearest_gateway": Uint16 [R W] mandatory def(Int(0));
        /// New_mobile_node.
        0x0001 NEW_MOBILE_NODE "new_mobile_node": Uint16 [R W] mandatory def(Int(0));
    }
    received {
    }
    generated {
    }
}
