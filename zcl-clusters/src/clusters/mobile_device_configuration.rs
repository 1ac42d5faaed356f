//! Mobile Device Configuration (cluster 0x0022).
//!
//! Definitions written by hand in tools/extra_clusters.py (ids, names, types as zigbee-herdsman 11 and the ZCL define them).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Mobile Device Configuration (0x0022).
    cluster 0x0022 "Mobile Device Configuration";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Keep_alive_time.
        0x0000 KEEP_ALIVE_TIME "keep_alive_time": Uint16 [R W] mandatory def(Int(15));
        /// Rejoin_timeout.
        0x0001 REJOIN_TIMEOUT "rejoin_timeout": Uint16 [R W] mandatory def(Int(65535));
    }
    received {
    }
    generated {
        /// Keep alive notification (command 0x00).
        0x00 KeepAliveNotification "keep_alive_notification" mandatory { keep_alive_time: u16, rejoin_timeout: u16 }
    }
}
