//! Sonoff / eWeLink (Shenzhen CoolKit, manufacturer code 0x1286) cluster 0xFC11.
//!
//! Source: observed traffic as documented by zigbee-herdsman-converters' eWeLink/Sonoff
//! definitions (`customClusterEwelink` attribute ids and types); facts only.

#[allow(unused_imports)]
use crate::field::*;

zcl_cluster! {
    /// Sonoff device settings (0xFC11, CoolKit 0x1286).
    cluster 0xfc11 mfr 0x1286 "Sonoff";
    enums {}
    bitmaps {}
    structs {}
    attributes {
        /// Child lock.
        0x0000 CHILD_LOCK "child_lock": Bool [R W] optional;
        /// Network LED on.
        0x0001 NETWORK_LED "network_led": Bool [R W] optional;
        /// Backlight on.
        0x0002 BACK_LIGHT "back_light": Bool [R W] optional;
        /// Comfort range: highest temperature (0.01 °C).
        0x0003 COMFORT_TEMPERATURE_MAX "comfort_temperature_max": Int16 [R W] optional;
        /// Comfort range: lowest temperature (0.01 °C).
        0x0004 COMFORT_TEMPERATURE_MIN "comfort_temperature_min": Int16 [R W] optional;
        /// Comfort range: lowest humidity (0.01 %).
        0x0005 COMFORT_HUMIDITY_MIN "comfort_humidity_min": Uint16 [R W] optional;
        /// Comfort range: highest humidity (0.01 %).
        0x0006 COMFORT_HUMIDITY_MAX "comfort_humidity_max": Uint16 [R W] optional;
        /// Temperature display unit.
        0x0007 TEMPERATURE_UNITS "temperature_units": Uint16 [R W] optional;
        /// Fault code.
        0x0010 FAULT_CODE "fault_code": Int32 [R] optional;
        /// Radio transmit power.
        0x0012 RADIO_POWER "radio_power": Int16 [R W] optional;
        /// Delayed power-on enabled.
        0x0014 DELAYED_POWER_ON_STATE "delayed_power_on_state": Bool [R W] optional;
        /// Delayed power-on time (0.5 s).
        0x0015 DELAYED_POWER_ON_TIME "delayed_power_on_time": Uint16 [R W] optional;
        /// External trigger mode.
        0x0016 EXTERNAL_TRIGGER_MODE "external_trigger_mode": Uint8 [R W] optional;
        /// Relay detached from the button.
        0x0017 DETACH_RELAY_MODE "detach_relay_mode": Bool [R W] optional;
        /// Device work mode.
        0x0018 DEVICE_WORK_MODE "device_work_mode": Uint8 [R W] optional;
        /// Relays detached from their buttons (one bit each).
        0x0019 DETACH_RELAY_MODE2 "detach_relay_mode2": Map8 [R W] optional;
        /// Calibration action.
        0x001d SET_CALIBRATION_ACTION "set_calibration_action": CharString [R W] optional;
        /// Calibration status.
        0x001e CALIBRATION_STATUS "calibration_status": Uint8 [R] optional;
        /// Transition time.
        0x001f TRANSITION_TIME "transition_time": Uint32 [R W] optional;
        /// Calibration progress (%).
        0x0020 CALIBRATION_PROGRESS "calibration_progress": Uint8 [R] optional;
        /// Power supply mode.
        0x0024 POWER_SUPPLY_MODE "power_supply_mode": Enum8 [R W] optional;
        /// Temperature calibration offset (0.01 °C).
        0x2003 TEMPERATURE_CALIBRATION "temperature_calibration": Int16 [R W] optional;
        /// Humidity calibration offset (0.01 %).
        0x2004 HUMIDITY_CALIBRATION "humidity_calibration": Int16 [R W] optional;
        /// Minimum brightness threshold (dimmers).
        0x4001 MIN_BRIGHTNESS_THRESHOLD "min_brightness_threshold": Uint8 [R W] optional;
        /// Maximum brightness threshold (dimmers).
        0x4002 MAX_BRIGHTNESS_THRESHOLD "max_brightness_threshold": Uint8 [R W] optional;
        /// Irrigation duration of the current run (s).
        0x5006 REAL_TIME_IRRIGATION_DURATION "real_time_irrigation_duration": Uint32 [R] optional;
        /// Irrigation volume of the current run.
        0x5007 REAL_TIME_IRRIGATION_VOLUME "real_time_irrigation_volume": Uint32 [R] optional;
        /// Valve abnormal state.
        0x500c VALVE_ABNORMAL_STATE "valve_abnormal_state": Uint8 [R] optional;
        /// Timeout to close the valve when water is lacking.
        0x5011 LACK_WATER_CLOSE_VALVE_TIMEOUT "lack_water_close_valve_timeout": Uint16 [R W] optional;
        /// AC current (mA).
        0x7004 AC_CURRENT_CURRENT_VALUE "ac_current_current_value": Uint32 [R] optional;
        /// AC voltage (mV).
        0x7005 AC_CURRENT_VOLTAGE_VALUE "ac_current_voltage_value": Uint32 [R] optional;
        /// AC power (mW).
        0x7006 AC_CURRENT_POWER_VALUE "ac_current_power_value": Uint32 [R] optional;
    }
    received {}
    generated {}
}
