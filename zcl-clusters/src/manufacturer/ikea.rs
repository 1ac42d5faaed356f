//! IKEA of Sweden (manufacturer code 0x117C) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' IKEA definitions
//! (cluster ids, attribute ids and types, remote button commands); facts only.

/// Cluster 0xFC7C, present on IKEA devices; no attributes or commands are known.
pub mod ikea_unknown {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// IKEA private cluster 0xFC7C (contents unknown).
        cluster 0xfc7c mfr 0x117c "IKEA Private";
        enums {}
        bitmaps {}
        structs {}
        attributes {}
        received {}
        generated {}
    }
}

/// STARKVIND air purifier (0xFC7D).
pub mod air_purifier {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// IKEA air purifier (0xFC7D).
        cluster 0xfc7d mfr 0x117c "IKEA Air Purifier";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Minutes the filter has run.
            0x0000 FILTER_RUN_TIME "filter_run_time": Uint32 [R W] optional;
            /// Whether the filter must be replaced.
            0x0001 REPLACE_FILTER "replace_filter": Uint8 [R W] optional;
            /// Filter life time in minutes.
            0x0002 FILTER_LIFE_TIME "filter_life_time": Uint32 [R W] optional;
            /// Control panel light on.
            0x0003 CONTROL_PANEL_LIGHT "control_panel_light": Bool [R W] optional;
            /// PM2.5 in µg/m³.
            0x0004 PARTICULATE_MATTER_25_MEASUREMENT "particulate_matter_25_measurement": Uint16 [R W P] optional;
            /// Child lock.
            0x0005 CHILD_LOCK "child_lock": Bool [R W] optional;
            /// Fan mode (0 off, 1 auto, 10-50 speed steps).
            0x0006 FAN_MODE "fan_mode": Uint8 [R W] optional;
            /// Fan speed.
            0x0007 FAN_SPEED "fan_speed": Uint8 [R W P] optional;
            /// Minutes the device has run.
            0x0008 DEVICE_RUN_TIME "device_run_time": Uint32 [R W] optional;
        }
        received {}
        generated {}
    }
}

/// VINDSTYRKA VOC index (0xFC7E).
pub mod voc_index {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// IKEA VOC index measurement (0xFC7E).
        cluster 0xfc7e mfr 0x117c "IKEA VOC Index Measurement";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// VOC index.
            0x0000 MEASURED_VALUE "measured_value": Single [R P] mandatory;
            /// Smallest VOC index.
            0x0001 MEASURED_MIN_VALUE "measured_min_value": Single [R] mandatory;
            /// Largest VOC index.
            0x0002 MEASURED_MAX_VALUE "measured_max_value": Single [R] mandatory;
        }
        received {}
        generated {}
    }
}

/// Button events of newer IKEA remotes (0xFC80).
pub mod remote_buttons {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// IKEA remote button events (0xFC80).
        cluster 0xfc80 mfr 0x117c "IKEA Remote Buttons";
        enums {}
        bitmaps {}
        structs {}
        attributes {}
        received {
            /// Button action 1 (initial press).
            0x01 Action1 "action1" optional { data: u8 }
            /// Button action 2 (long press).
            0x02 Action2 "action2" optional { data: u8 }
            /// Button action 3 (short release).
            0x03 Action3 "action3" optional { data: u8 }
            /// Button action 4 (long release).
            0x04 Action4 "action4" optional { data: u8 }
            /// Button action 6 (double press).
            0x06 Action6 "action6" optional { data: u8 }
        }
        generated {}
    }
}

/// Smart plug settings (0xFC85).
pub mod smart_plug {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// IKEA smart plug settings (0xFC85).
        cluster 0xfc85 mfr 0x117c "IKEA Smart Plug";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Child lock.
            0x0000 CHILD_LOCK "child_lock": Bool [R W] optional;
            /// Status LED on.
            0x0001 LED_ENABLE "led_enable": Bool [R W] optional;
        }
        received {}
        generated {}
    }
}
