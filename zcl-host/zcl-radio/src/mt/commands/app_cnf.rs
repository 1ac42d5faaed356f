//! APP_CNF subsystem: Base Device Behaviour commissioning and trust center policy (Z-Stack 3.x).

use super::mt_command;
use crate::mt::types::{BdbCommissioningMode, BdbCommissioningStatus, Channels};
use crate::mt::wire::{Eui64, RestBytes};

mt_command! {
    /// `APP_CNF_SET_NWK_FRAME_COUNTER`: sets the outgoing NWK frame counter.
    Sreq AppCnf 0xFF "APP_CNF_SET_NWK_FRAME_COUNTER"
    pub struct SetNwkFrameCounter {
        /// New frame counter.
        pub frame_counter: u32,
    }
    => status /// Answer to [`SetNwkFrameCounter`].
    SetNwkFrameCounterResponse
}

mt_command! {
    /// `APP_CNF_BDB_START_COMMISSIONING`: runs BDB commissioning (formation, steering, ...).
    Sreq AppCnf 0x05 "APP_CNF_BDB_START_COMMISSIONING"
    pub struct BdbStartCommissioning {
        /// Modes to run.
        pub mode: BdbCommissioningMode,
    }
    => status /// Answer to [`BdbStartCommissioning`]; progress comes in
    /// [`BdbCommissioningNotification`].
    BdbStartCommissioningResponse
}

mt_command! {
    /// `APP_CNF_BDB_SET_CHANNEL`: sets the primary or secondary channel mask.
    Sreq AppCnf 0x08 "APP_CNF_BDB_SET_CHANNEL"
    pub struct BdbSetChannel {
        /// Primary (true) or secondary mask.
        pub is_primary: bool,
        /// Channel mask.
        pub channel: Channels,
    }
    => status /// Answer to [`BdbSetChannel`].
    BdbSetChannelResponse
}

mt_command! {
    /// `APP_CNF_BDB_ADD_INSTALLCODE`: adds an install code or derived key for a joiner.
    Sreq AppCnf 0x04 "APP_CNF_BDB_ADD_INSTALLCODE"
    pub struct BdbAddInstallCode {
        /// 1 install code with CRC, 2 derived key.
        pub install_code_format: u8,
        /// Joining device.
        pub ieee: Eui64,
        /// Install code (18 bytes) or key (16 bytes).
        pub install_code: RestBytes,
    }
    => status /// Answer to [`BdbAddInstallCode`].
    BdbAddInstallCodeResponse
}

mt_command! {
    /// `APP_CNF_BDB_SET_JOINUSESINSTALLCODEKEY`: requires install codes for joining.
    Sreq AppCnf 0x06 "APP_CNF_BDB_SET_JOINUSESINSTALLCODEKEY"
    pub struct BdbSetJoinUsesInstallCodeKey {
        /// Require install codes.
        pub join_uses_install_code_key: bool,
    }
    => status /// Answer to [`BdbSetJoinUsesInstallCodeKey`].
    BdbSetJoinUsesInstallCodeKeyResponse
}

mt_command! {
    /// `APP_CNF_BDB_SET_TC_REQUIRE_KEY_EXCHANGE`: trust center link key exchange policy.
    Sreq AppCnf 0x09 "APP_CNF_BDB_SET_TC_REQUIRE_KEY_EXCHANGE"
    pub struct BdbSetTcRequireKeyExchange {
        /// Require the exchange.
        pub require_key_exchange: bool,
    }
    => status /// Answer to [`BdbSetTcRequireKeyExchange`].
    BdbSetTcRequireKeyExchangeResponse
}

mt_command! {
    /// `APP_CNF_BDB_COMMISSIONING_NOTIFICATION` (AREQ): BDB progress.
    Areq AppCnf 0x80 "APP_CNF_BDB_COMMISSIONING_NOTIFICATION"
    pub struct BdbCommissioningNotification {
        /// Status of the mode reported.
        pub status: BdbCommissioningStatus,
        /// Mode reported.
        pub mode: BdbCommissioningMode,
        /// Modes still to run.
        pub remaining_modes: BdbCommissioningMode,
    }
}
