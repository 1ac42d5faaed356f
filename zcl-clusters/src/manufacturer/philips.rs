//! Philips Hue (Signify, manufacturer code 0x100B) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' Philips definitions
//! (`manuSpecificPhilips`, `manuSpecificPhilips2`, `manuSpecificPhilips3`: ids, field lists and
//! types); facts only. The meaning of the opaque blocks is not public.

/// Hue remote button events (0xFC00).
pub mod hue_button {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Hue remote button events (0xFC00, Signify 0x100B).
        cluster 0xfc00 mfr 0x100b "Hue Button Events";
        enums {
            /// Kind of button press.
            PressType: enum8 { Press = 0, Hold = 1, ShortRelease = 2, LongRelease = 3 }
        }
        bitmaps {}
        structs {}
        attributes {
            /// Device configuration bits.
            0x0031 CONFIG "config": Map16 [R W] optional;
        }
        received {}
        generated {
            /// A button was pressed, held or released.
            0x00 HueNotification "hue_notification" mandatory {
                button: u8, unknown1: U24, press_type: PressType, unknown2: u8, duration: u8,
                unknown3: u8 [opt]
            }
        }
    }
}

/// Hue light state and effects (0xFC03).
pub mod hue_effects {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Hue light state and effects (0xFC03, Signify 0x100B).
        cluster 0xfc03 mfr 0x100b "Hue Effects";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Packed light state (on/off, brightness, color, effect), opaque.
            0x0002 STATE "state": OctetString [R W] optional;
        }
        received {
            /// Sets the state of a gradient or multi-color light (opaque block).
            0x00 MultiColor<'a> "multi_color" optional { data: Rest<'a> }
        }
        generated {}
    }
}

/// Hue entertainment and configuration commands (0xFC01).
pub mod hue_entertainment {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// Hue entertainment commands (0xFC01, Signify 0x100B).
        cluster 0xfc01 mfr 0x100b "Hue Entertainment";
        enums {}
        bitmaps {}
        structs {}
        attributes {}
        received {
            /// Opaque command 1.
            0x01 Command1<'a> "command1" optional { data: Rest<'a> }
            /// Opaque command 2.
            0x02 Command2<'a> "command2" optional { data: Rest<'a> }
            /// Opaque command 3.
            0x03 Command3<'a> "command3" optional { data: Rest<'a> }
            /// Opaque command 4.
            0x04 Command4<'a> "command4" optional { data: Rest<'a> }
            /// Opaque command 7.
            0x07 Command7<'a> "command7" optional { data: Rest<'a> }
        }
        generated {}
    }
}
