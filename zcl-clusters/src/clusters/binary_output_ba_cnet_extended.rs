//! Binary Output (BACnet Extended) (cluster 0x060b).
//!
//! Definitions of ids, names and types as zigpy 2.4 defines them (facts read by tools/peer_facts.py into tools/peer_facts.json).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Binary Output (BACnet Extended) (0x060b).
    cluster 0x060b "Binary Output (BACnet Extended)";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Acked_transitions.
        0x0000 ACKED_TRANSITIONS "acked_transitions": Map8 [R W P] optional;
        /// Notification_class.
        0x0011 NOTIFICATION_CLASS "notification_class": Uint16 [R W P] optional;
        /// Event_enable.
        0x0023 EVENT_ENABLE "event_enable": Map8 [R W P] optional;
        /// Event_state.
        0x0024 EVENT_STATE "event_state": Enum8 [R W P] optional;
        /// Notify_type.
        0x0048 NOTIFY_TYPE "notify_type": Enum8 [R W P] optional;
        /// Time_delay.
        0x0071 TIME_DELAY "time_delay": Uint8 [R W P] optional;
    }
    received {
    }
    generated {
    }
}
