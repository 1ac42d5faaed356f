//! Schneider Electric (manufacturer code 0x105E) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' Schneider definitions
//! (`manuSpecificSchneiderLightSwitchConfiguration` 0xFF17 and
//! `manuSpecificSchneiderFanSwitchConfiguration` 0xFC04: ids and types); facts only.

/// Wiser light switch configuration (0xFF17).
pub mod light_switch_configuration {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Schneider light switch configuration (0xFF17).
        cluster 0xff17 mfr 0x105e "Schneider Light Switch Configuration";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Indicator LED behaviour.
            0x0000 LED_INDICATION "led_indication": Enum8 [R W] optional;
            /// What the rocker does.
            0x0001 SWITCH_ACTIONS "switch_actions": Enum8 [R W] optional;
            /// Scene recalled by the up key.
            0x0010 UP_SCENE_ID "up_scene_id": Uint8 [R W] optional;
            /// Group of the up key's scene.
            0x0011 UP_GROUP_ID "up_group_id": Uint16 [R W] optional;
            /// Scene recalled by the down key.
            0x0020 DOWN_SCENE_ID "down_scene_id": Uint8 [R W] optional;
            /// Group of the down key's scene.
            0x0021 DOWN_GROUP_ID "down_group_id": Uint16 [R W] optional;
        }
        received {}
        generated {}
    }
}

/// Fan switch configuration (0xFC04).
pub mod fan_switch_configuration {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Schneider fan switch configuration (0xFC04).
        cluster 0xfc04 mfr 0x105e "Schneider Fan Switch Configuration";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Indicator LED behaviour.
            0x0002 LED_INDICATION "led_indication": Uint8 [R W] optional;
            /// Indicator LED orientation.
            0x0060 LED_ORIENTATION "led_orientation": Uint8 [R W] optional;
        }
        received {}
        generated {}
    }
}
