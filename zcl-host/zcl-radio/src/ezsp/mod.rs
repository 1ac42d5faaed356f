//! EZSP: the EmberZNet Serial Protocol (Silicon Labs UG100).
//!
//! Sans-IO codec for the frames a host exchanges with an EmberZNet network coprocessor (NCP)
//! over ASH ([`crate::ash`]), usable in both roles:
//!
//! - host: [`commands::command_frame`] (or [`commands::legacy_version_frame`] for the first
//!   `version`) builds a command; [`frame::Frame::parse`] and [`commands::decode_response`] /
//!   [`commands::Callback::from_frame`] decode what comes back;
//! - NCP (simulator): [`commands::AnyCommand::from_frame`] decodes any command;
//!   [`commands::response_frame`] and [`commands::callback_frame`] encode the answers.
//!
//! Every encode and decode takes the negotiated [`ProtocolVersion`]; layouts cover v8 to v18
//! (newer versions use the newest layout).
//!
//! Commands bellows (zigpy's EZSP radio library) sends, in order:
//!
//! | flow | commands |
//! |------|----------|
//! | connect / `info` | `version` (legacy header, desired 4), `version` (extended, negotiated), `getValue(VERSION_INFO)`, `getMfgToken(STRING, BOARD_NAME, CUSTOM_VERSION...)`, `customFrame` (XNCP probe), `getTokenCount`/`getTokenInfo` (NVM3 probing), `setConfigurationValue`..., `setPolicy`..., `setValue`, `getEui64`, `networkInit`, `networkState`, `getNetworkParameters`, `getNodeId`, `getCurrentSecurityState`, `exportKey` / `getNetworkKeyInfo` (v13+; `getKey` before), `getConfigurationValue(KEY_TABLE_SIZE)`, `exportLinkKeyByIndex`... (v13+; `getKeyTableEntry` before) |
//! | `form` | `leaveNetwork`, `setInitialSecurityState`, `setValue(STACK_TOKEN_WRITING)`, `formNetwork`, awaiting `stackStatusHandler(NETWORK_UP)`, `setValue`, `getNetworkParameters`, `clearKeyTable`, `importLinkKey` / `importTransientKey`, `setChildData`, `setTokenData` / `setMfgToken` (node data / IEEE address) |
//! | `backup` | the `info` reads, then `getChildData` per index, `getRouteTableEntry`..., `exportLinkKeyByIndex` per key table index |
//! | start-up | `setConcentrator`, `setSourceRouteDiscoveryMode`, `setManufacturerCode`, `setRadioPower`, `addEndpoint`, `readCounters` / `readAndClearCounters`, `permitJoining`, `setExtendedTimeout`, `findKeyTableEntry` / `eraseKeyTableEntry`, `nop`, `echo`, `noCallbacks`/`callback` |
//!
//! Layout changes handled: v9 token commands and `setChildData`; v10 `EmberChildData` gains
//! `timeout_remaining`; v12 security manager commands (`exportKey`, `importKey`,
//! `exportLinkKeyByIndex`/`ByEui`, `importLinkKey`, `importTransientKey`); v13 drops `getKey`,
//! `getKeyTableEntry` and `addTransientLinkKey`, widens the derived key type and adds
//! `getNetworkKeyInfo`, `tokenFactoryReset`; v14 `sl_status_t` everywhere, status-first
//! security responses, new `sendUnicast`/`sendBroadcast`/`sendMulticast`,
//! `incomingMessageHandler` and `messageSentHandler` layouts, `leaveNetwork` options,
//! `getAddressTableInfo` replacing `getAddressTableRemoteEui64` (same id 0x005E); v18 32-bit
//! token count.

pub mod commands;
pub mod frame;
pub mod types;
pub mod version;
pub mod wire;

#[cfg(test)]
mod tests;

pub use commands::{
    command_frame, decode_response, legacy_version_frame, name_of, response_frame, AnyCommand,
    AnyResponse, Callback, Command, Message, Parameters,
};
pub use frame::{CallbackType, Frame, FrameControl, Header, HeaderFormat, SleepMode};
pub use version::ProtocolVersion;
pub use wire::DecodeError;
