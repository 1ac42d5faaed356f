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
//! Commands bellows (zigpy's EZSP radio library, 1.2.x) sends, in order (read from its
//! `ezsp/__init__.py`, `ezsp/v*/__init__.py` and `zigbee/application.py`):
//!
//! | flow | commands |
//! |------|----------|
//! | connect | `version` (legacy header, desired 4), `version` (extended, the NCP's version), `customFrame` (XNCP `GET_SUPPORTED_FEATURES` probe), `getValue(VERSION_INFO)` and `getMfgToken` (board info) |
//! | start-up config | `getConfigurationValue` / `setConfigurationValue` per config id, `getValue` / `setValue`, `setPolicy` per policy, `addEndpoint`, `networkState`, `networkInit`, `setConcentrator`, `setSourceRouteDiscoveryMode`, `setManufacturerCode`, `setRadioPower`, `getEui64`, `getNodeId`, `readCounters` / `readAndClearCounters`, `permitJoining`, `nop`, `echo` |
//! | `info` (`load_network_info`) | `getNetworkParameters`, `getNodeId`, `getEui64`, `getConfigurationValue(KEY_TABLE_SIZE ...)`, `exportKey` + `getNetworkKeyInfo` (v13+; `getKey` before), `exportKey` (TC link key), `getCurrentSecurityState`, `customFrame` (flow control, chip info) |
//! | `form` (`form_network` -> `write_network_info`) | `leaveNetwork`, `tokenFactoryReset` + `clearKeyTable` (v13+), `getEui64`, `getTokenData` / `setTokenData` (frame counters, NWK update id), `setInitialSecurityState`, `importLinkKey` (v13+; `addOrUpdateKeyTableEntry` before), `setChildData`, `formNetwork`, then `stackStatusHandler(NETWORK_UP)` |
//! | `backup` (`load_devices=True`) | the `info` reads, then `exportLinkKeyByIndex` per key table index (v13+; `getKeyTableEntry` before), `getChildData` per child, `getAddressTableInfo` (v14+; `getAddressTableRemoteEui64`/`NodeId` before) per address table entry, `customFrame` route table reads or `getRouteTableEntry` |
//! | joins / messaging | `importTransientKey` (v13+; `addTransientLinkKey` before), `setExtendedTimeout` / `replaceAddressTableEntry`, `findKeyTableEntry` / `eraseKeyTableEntry`, `removeDevice`, `sendUnicast` / `sendBroadcast` / `sendMulticast`, `setSourceRoute`, `startScan`, `mfglibStart` / `mfglibSetChannel` / `mfglibEnd` |
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
