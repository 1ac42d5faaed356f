//! Zigbee Direct Configuration (cluster 0x003d).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Zigbee Direct Configuration (0x003d).
    cluster 0x003d "Zigbee Direct Configuration";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Interface_state.
        0x0000 INTERFACE_STATE "interface_state": Map8 [R] mandatory;
        /// Anonymous_join_timeout.
        0x0001 ANONYMOUS_JOIN_TIMEOUT "anonymous_join_timeout": Uint24 [R] mandatory;
    }
    received {
        /// Configure interface (command 0x00).
        0x00 ConfigureInterface "configure_interface" optional { interface_state: Map8 }
        /// Configure anonymous join timeout (command 0x01).
        0x01 ConfigureAnonymousJoinTimeout "configure_anonymous_join_timeout" optional { anonymous_join_timeout: U24 }
    }
    generated {
        /// Configure interface rsp (command 0x00).
        0x00 ConfigureInterfaceResponse "configure_interface_rsp" optional { status: Enum8, interface_state: Map8 }
    }
}
