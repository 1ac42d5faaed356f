//! Pulse Width Modulation (cluster 0x001c).
//!
//! Definitions written by hand in tools/extra_clusters.py (ids, names, types as zigbee-herdsman 11 and the ZCL define them).

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Pulse Width Modulation (0x001c).
    cluster 0x001c "Pulse Width Modulation";
    enums {
    }
    bitmaps {
    }
    structs {
    }
    attributes {
        /// Current_level.
        0x0000 CURRENT_LEVEL "current_level": Uint8 [R P] mandatory def(Int(255));
        /// Remaining_time.
        0x0001 REMAINING_TIME "remaining_time": Uint16 [R] optional def(Int(0));
        /// Min_level.
        0x0002 MIN_LEVEL "min_level": Uint8 [R] mandatory def(Int(0));
        /// Max_level.
        0x0003 MAX_LEVEL "max_level": Uint8 [R] mandatory def(Int(100));
        /// Current_frequency.
        0x0004 CURRENT_FREQUENCY "current_frequency": Uint16 [R P] mandatory def(Int(0));
        /// Min_frequency.
        0x0005 MIN_FREQUENCY "min_frequency": Uint16 [R] mandatory def(Int(0));
        /// Max_frequency.
        0x0006 MAX_FREQUENCY "max_frequency": Uint16 [R] mandatory def(Int(0));
        /// Options.
        0x000f OPTIONS "options": Map8 [R W] optional def(Int(0));
        /// On_off_transition_time.
        0x0010 ON_OFF_TRANSITION_TIME "on_off_transition_time": Uint16 [R W] optional def(Int(0));
        /// On_level.
        0x0011 ON_LEVEL "on_level": Uint8 [R W] optional def(Int(255));
        /// On_transition_time.
        0x0012 ON_TRANSITION_TIME "on_transition_time": Uint16 [R W] optional def(Int(65535));
        /// Off_transition_time.
        0x0013 OFF_TRANSITION_TIME "off_transition_time": Uint16 [R W] optional def(Int(65535));
        /// Default_move_rate.
        0x0014 DEFAULT_MOVE_RATE "default_move_rate": Uint8 [R W] optional;
        /// Start_up_current_level.
        0x4000 START_UP_CURRENT_LEVEL "start_up_current_level": Uint8 [R W] optional;
    }
    received {
        /// Move to level (command 0x00).
        0x00 MoveToLevel "move_to_level" mandatory { level: u8, transition_time: u16, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Move (command 0x01).
        0x01 Move "move" mandatory { move_mode: Enum8, rate: u8, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Step (command 0x02).
        0x02 Step "step" mandatory { step_mode: Enum8, step_size: u8, transition_time: u16, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Stop (command 0x03).
        0x03 Stop "stop" mandatory { options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Move to level with on off (command 0x04).
        0x04 MoveToLevelWithOnOff "move_to_level_with_on_off" mandatory { level: u8, transition_time: u16, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Move with on off (command 0x05).
        0x05 MoveWithOnOff "move_with_on_off" mandatory { move_mode: Enum8, rate: u8, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Step with on off (command 0x06).
        0x06 StepWithOnOff "step_with_on_off" mandatory { step_mode: Enum8, step_size: u8, transition_time: u16, options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Stop with on off (command 0x07).
        0x07 StopWithOnOff "stop_with_on_off" mandatory { options_mask: Map8 [opt], options_override: Map8 [opt] }
        /// Move to closest frequency (command 0x08).
        0x08 MoveToClosestFrequency "move_to_closest_frequency" mandatory { frequency: u16 }
    }
    generated {
    }
}
