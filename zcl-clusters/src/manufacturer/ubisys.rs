//! ubisys (manufacturer code 0x10F2) clusters.
//!
//! Source: ubisys' public technical reference manuals (device setup and dimmer setup clusters)
//! and zigbee-herdsman-converters' ubisys definitions (ids and types); facts only.

/// Device setup: input configuration and actions (0xFC00).
pub mod device_setup {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// ubisys device setup (0xFC00).
        cluster 0xfc00 mfr 0x10f2 "ubisys Device Setup";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// One configuration byte per physical input.
            0x0000 INPUT_CONFIGURATIONS "input_configurations": Array [R W] mandatory;
            /// Input actions: what each input transition sends.
            0x0001 INPUT_ACTIONS "input_actions": Array [R W] mandatory;
            /// One configuration per output.
            0x0010 OUTPUT_CONFIGURATIONS "output_configurations": Array [R W] optional;
            /// Endpoints of the outputs.
            0x0011 OUTPUT_ENDPOINTS "output_endpoints": Map16 [R] optional;
        }
        received {}
        generated {}
    }
}

/// Dimmer setup (0xFC01).
pub mod dimmer_setup {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// ubisys dimmer setup (0xFC01).
        cluster 0xfc01 mfr 0x10f2 "ubisys Dimmer Setup";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Dimming methods the hardware supports.
            0x0000 CAPABILITIES "capabilities": Map8 [R] mandatory;
            /// Detected load and status bits.
            0x0001 STATUS "status": Map8 [R] mandatory;
            /// Dimming method in use (automatic, leading edge, trailing edge).
            0x0002 MODE "mode": Map8 [R W] mandatory;
        }
        received {}
        generated {}
    }
}
