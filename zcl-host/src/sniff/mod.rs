//! The sniffer's frame layers and security: IEEE 802.15.4 MAC ([`mac`]), Zigbee NWK ([`nwk`]),
//! APS ([`aps`]), Green Power ([`gp`]) and inter-PAN ([`interpan`]) frames, AES-CCM* and key
//! derivation ([`security`]), the key store ([`keys`]), and [`dissect`], which runs a raw MAC
//! frame through every layer, decrypting with the key store.
//!
//! The frame codecs follow the project's codec style: parsing borrows from the input and
//! returns `Result` (never panics on any input), encoders write into a caller's buffer.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod aps;
pub mod build;
pub mod dissect;
pub mod gp;
pub mod interpan;
pub mod keys;
pub mod mac;
pub mod nwk;
pub mod security;

pub use aps::{ApsCommand, ApsFrame, ApsHeader};
pub use dissect::{dissect, AppPayload, Dissection, NetworkKind, Span};
pub use gp::GpFrame;
pub use keys::{KeyStore, LearnedKey, LearnedKeyKind, UsedKey, UsedKeyKind};
pub use mac::{Address, MacFrame, MacHeader};
pub use nwk::{AuxSecurityHeader, KeyId, NwkCommand, NwkFrame, NwkHeader};
pub use security::{CipherKey, Key, SecurityError};
