//! The sniffer: the key store ([`keys`]) and [`dissect()`], which runs a raw MAC frame through
//! every layer, decrypting with the key store.
//!
//! The frame layers themselves are the `no_std` crate `zcl-frames`, re-exported here under
//! their usual names: IEEE 802.15.4 MAC ([`mac`]), Zigbee NWK ([`nwk`]), APS ([`aps`]), Green
//! Power ([`gp`]) and inter-PAN ([`interpan`]) frames, the shared auxiliary security header
//! ([`secured`]), AES-CCM* and key derivation ([`security`]), CRCs ([`crc`]), typed addresses
//! ([`addr`]) and frame builders ([`build`]). They follow the project's codec style: parsing
//! borrows from the input and returns `Result` (never panics on any input), encoders write into
//! a caller's buffer.
//!
//! # Using it
//!
//! * Build a [`KeyStore`] ([`KeyStore::new`] holds the default trust-center link key
//!   "ZigBeeAlliance09"; add network keys, link keys, install codes, Green Power keys, or a key
//!   file with [`KeyStore::load_key_file`]).
//! * Call [`dissect()`] on every MAC frame *without FCS* (check it first with [`mac::fcs_ok`]).
//!   Keys carried by Transport Key commands are learned on the way ([`Dissection::learned`]);
//!   running a capture twice decrypts frames sent before the key was learned too.
//! * Read the layers from the [`Dissection`]: [`Dissection::mac`], [`Dissection::nwk`],
//!   [`Dissection::nwk_command`], [`Dissection::aps`], [`Dissection::aps_command`],
//!   [`Dissection::app`] (ZDP or ZCL payload with profile, cluster, endpoints),
//!   [`Dissection::gp`], [`Dissection::touchlink`]; which key decrypted what is in
//!   `nwk_security`, `aps_security`, `tunnel_security`, `gp_security`; parse errors are in `mac`,
//!   `nwk`, `aps` as values.
//! * Build frames with [`build`] (headers, payloads, encryption) and [`mac::MacHeader::emit`],
//!   [`nwk::NwkHeader::emit`], [`aps::ApsHeader::emit`], the command `emit`s.
//!
//! ```
//! use zcl_host::sniff::{dissect, Eui64, KeyStore};
//! // A Zigbee beacon (802.15.4 beacon with the Zigbee beacon payload).
//! let frame = hex::decode("0080812ff70000ffcf00000022843c738461c28f1e55ffffff00").unwrap();
//! let mut keys = KeyStore::new();
//! let d = dissect(&frame, &mut keys);
//! let beacon = d.mac().unwrap().beacon().unwrap().unwrap();
//! let zigbee = beacon.zigbee().unwrap().unwrap();
//! assert_eq!(zigbee.extended_pan_id, Eui64(0x551e_8fc2_6184_733c));
//! assert!(beacon.association_permit());
//! ```
//!
//! Building a secured frame with [`build`] and dissecting it again:
//!
//! ```
//! use zcl_host::sniff::build::{aps_frame, mac_nwk_frame, Seal};
//! use zcl_host::sniff::{dissect, Address, AuxSecurityHeader, CipherKey, Eui64, KeyId, KeyStore};
//! use zcl_host::sniff::{MacHeader, NwkHeader, PanId, ShortAddr};
//! use zcl_host::sniff::aps::{ApsHeader, DeliveryMode};
//! use zcl_host::sniff::nwk::NwkFrameType;
//!
//! let net_key = [0x11u8; 16];
//! // APS data: On/Off "toggle" from endpoint 1 to endpoint 1 (ZCL: frame control 0x01, seq 5, cmd 0x02).
//! let mut aps = [0u8; 64];
//! let aps_len = aps_frame(
//!     &mut aps,
//!     &ApsHeader::data(DeliveryMode::Unicast, 1, 0x0006, 0x0104, 1, 7),
//!     None,
//!     &[0x01, 0x05, 0x02],
//! ).unwrap();
//! let sender = Eui64(0x0011_2233_4455_6677);
//! let mac = MacHeader::data(1, PanId(0x1a62), Address::Short(ShortAddr(0x1234)), Address::Short(ShortAddr(0)), true);
//! let nwk = NwkHeader::new(NwkFrameType::Data, ShortAddr(0x1234), ShortAddr(0x0000), 30, 9);
//! let key = CipherKey::new(net_key);
//! let seal = Seal { aux: AuxSecurityHeader::new(KeyId::Network, 100, Some(sender), Some(0)), key: &key, source: sender };
//! let mut frame = [0u8; 127];
//! let n = mac_nwk_frame(&mut frame, &mac, &nwk, Some(&seal), &aps[..aps_len]).unwrap();
//!
//! let mut keys = KeyStore::new();
//! keys.add_network_key(net_key, Some(0), None);
//! let d = dissect(&frame[..n], &mut keys);
//! assert!(matches!(d.nwk_security, Some(Ok(_))));
//! let app = d.app().unwrap();
//! assert_eq!((app.profile, app.cluster, app.payload), (0x0104, 0x0006, &[0x01, 0x05, 0x02][..]));
//! ```

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod dissect;
pub mod keys;

pub use zcl_frames::{addr, aps, build, crc, gp, interpan, mac, nwk, secured, security};

pub use addr::{Eui64, PanId, ShortAddr};
pub use aps::{ApsCommand, ApsFrame, ApsHeader};
pub use dissect::{dissect, plain_frame, AppPayload, Dissection, NetworkKind, Span};
pub use gp::GpFrame;
pub use keys::{KeyStore, LearnedKey, LearnedKeyKind, UsedKey, UsedKeyKind};
pub use mac::{Address, MacFrame, MacHeader};
pub use nwk::{AuxSecurityHeader, KeyId, NwkCommand, NwkFrame, NwkHeader};
pub use security::{CipherKey, Key, SecurityError};
