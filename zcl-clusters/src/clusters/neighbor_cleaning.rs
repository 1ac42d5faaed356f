//! Neighbor Cleaning (cluster 0x0023).
//!
//! Definitions written by hand in tools/extra_clusters.py (ids, names, types as zigbee-herdsman 11 and the ZCL define them).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Neighbor Cleaning (0x0023).
    cluster 0x0023 "Neighbor Cleaning";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Neighbor_cleaning_timeout.
        0x0000 NEIGHBOR_CLEANING_TIMEOUT "neighbor_cleaning_timeout": Uint16 [R W] mandatory def(Int(30));
    }
    received {
        /// Purge entries (command 0x00).
        0x00 PurgeEntries "purge_entries" mandatory {  }
    }
    generated {
    }
}
