//! Legrand (manufacturer code 0x1021) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' Legrand definitions
//! (`manuSpecificLegrandDevices` 0xFC01, `...Devices2` 0xFC40, `...Devices3` 0xFC41: ids, types
//! and command ids); facts only.

/// Device settings (0xFC01).
pub mod devices {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Legrand device settings (0xFC01).
        cluster 0xfc01 mfr 0x1021 "Legrand Devices";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Device mode (switch, dimmer, pilot wire, ...).
            0x0000 DEVICE_MODE "device_mode": Data16 [R W] optional;
            /// LED on when the load is off (find in the dark).
            0x0001 LED_IN_DARK "led_in_dark": Bool [R W] optional;
            /// LED on when the load is on.
            0x0002 LED_IF_ON "led_if_on": Bool [R W] optional;
        }
        received {}
        generated {}
    }
}

/// Pilot wire heating control (0xFC40).
pub mod pilot_wire {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Legrand pilot wire (0xFC40).
        cluster 0xfc40 mfr 0x1021 "Legrand Pilot Wire";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Pilot wire mode (comfort, eco, frost protection, off, ...).
            0x0000 PILOT_WIRE_MODE "pilot_wire_mode": Enum8 [R] optional;
        }
        received {
            /// Sets the pilot wire mode (opaque block).
            0x00 Command0<'a> "command0" optional { data: Rest<'a> }
        }
        generated {}
    }
}

/// Private commands (0xFC41).
pub mod devices3 {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Legrand private commands (0xFC41).
        cluster 0xfc41 mfr 0x1021 "Legrand Devices 3";
        enums {}
        bitmaps {}
        structs {}
        attributes {}
        received {
            /// Opaque command.
            0x00 Command0<'a> "command0" optional { data: Rest<'a> }
        }
        generated {}
    }
}
