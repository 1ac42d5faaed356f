//! UTIL subsystem: device information, LEDs, association table.

use super::mt_command;
use crate::mt::types::{DeviceState, DeviceTypeCapabilities, LedMode, Status};
use crate::mt::wire::{Eui64, Key, List8, RestBytes};

mt_command! {
    /// `UTIL_GET_DEVICE_INFO`: addresses, device type and state.
    Sreq Util 0x00 "UTIL_GET_DEVICE_INFO"
    pub struct GetDeviceInfo {}
    => /// Answer to [`GetDeviceInfo`].
    pub struct GetDeviceInfoResponse {
        /// Result.
        pub status: Status,
        /// IEEE address.
        pub ieee: Eui64,
        /// Short address.
        pub nwk: u16,
        /// Device types the firmware supports.
        pub device_type: DeviceTypeCapabilities,
        /// Current device state.
        pub device_state: DeviceState,
        /// Short addresses of associated devices.
        pub associated_devices: List8<u16>,
    }
}

mt_command! {
    /// `UTIL_GET_NV_INFO`: a block of NV parameters.
    Sreq Util 0x01 "UTIL_GET_NV_INFO"
    pub struct GetNvInfo {}
    => /// Answer to [`GetNvInfo`].
    pub struct GetNvInfoResponse {
        /// Result bit mask (a set bit marks a failed item).
        pub status: Status,
        /// IEEE address.
        pub ieee: Eui64,
        /// Scan channel mask; Z-Stack sends it most significant byte first.
        pub scan_channels: u32,
        /// PAN id.
        pub pan_id: u16,
        /// Security level.
        pub security_level: u8,
        /// Pre-configured network key.
        pub pre_config_key: Key,
    }
}

mt_command! {
    /// `UTIL_LOOPBACK`: the coprocessor sends the payload straight back in the SRSP; a link
    /// test.
    Sreq Util 0x10 "UTIL_LOOPBACK"
    pub struct Loopback {
        /// The bytes to send back.
        pub data: RestBytes,
    }
    => /// Answer to [`Loopback`]: the bytes, echoed.
    pub struct LoopbackResponse {
        /// As sent.
        pub data: RestBytes,
    }
}

mt_command! {
    /// `UTIL_LED_CONTROL`: sets an LED (not supported by every firmware build).
    Sreq Util 0x0A "UTIL_LED_CONTROL"
    pub struct LedControl {
        /// LED number; 0xFF for all.
        pub led: u8,
        /// Mode.
        pub mode: LedMode,
    }
    => status /// Answer to [`LedControl`].
    LedControlResponse
}

mt_command! {
    /// `UTIL_ASSOC_FIND_DEVICE`: the n-th associated device, as the firmware's in-memory
    /// structure. Its length (28 bytes packed on CC2531/8051, 36 bytes aligned on ARM) tells
    /// whether NV structures are aligned; see [`crate::mt::nv::StructAlignment`].
    Sreq Util 0x49 "UTIL_ASSOC_FIND_DEVICE"
    pub struct AssocFindDevice {
        /// Index of the active entry.
        pub index: u8,
    }
    => /// Answer to [`AssocFindDevice`].
    pub struct AssocFindDeviceResponse {
        /// Raw `associated_devices_t`.
        pub device: RestBytes,
    }
}
