//! SmartThings (manufacturer code 0x110A) clusters.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' SmartThings definitions
//! (`manuSpecificSamsungAccelerometer` 0xFC02, `manuSpecificSmartThingsArrivalSensor` 0xFC05:
//! ids and types); facts only.

/// Accelerometer of the multi sensor (0xFC02).
pub mod accelerometer {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// SmartThings accelerometer (0xFC02).
        cluster 0xfc02 mfr 0x110a "SmartThings Accelerometer";
        enums {}
        bitmaps {}
        structs {}
        attributes {
            /// Multiplier of the motion threshold.
            0x0000 MOTION_THRESHOLD_MULTIPLIER "motion_threshold_multiplier": Uint8 [R W] optional;
            /// Motion threshold.
            0x0002 MOTION_THRESHOLD "motion_threshold": Uint16 [R W] optional;
            /// Bit 0: moving.
            0x0010 ACCELERATION "acceleration": Map8 [R P] optional;
            /// X axis.
            0x0012 X_AXIS "x_axis": Int16 [R P] optional;
            /// Y axis.
            0x0013 Y_AXIS "y_axis": Int16 [R P] optional;
            /// Z axis.
            0x0014 Z_AXIS "z_axis": Int16 [R P] optional;
        }
        received {}
        generated {}
    }
}

/// Arrival sensor presence beacons (0xFC05).
pub mod arrival_sensor {
    #[allow(unused_imports)]
    use crate::field::*;
    zcl_cluster! {
        /// SmartThings arrival sensor (0xFC05).
        cluster 0xfc05 mfr 0x110a "SmartThings Arrival Sensor";
        enums {}
        bitmaps {}
        structs {}
        attributes {}
        received {}
        generated {
            /// Presence beacon.
            0x01 ArrivalSensorNotify "arrival_sensor_notify" mandatory {}
        }
    }
}
