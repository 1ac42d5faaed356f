//! # zcl-frames
//!
//! The IEEE 802.15.4 and Zigbee frame layers, `no_std` and without an allocator: MAC frames
//! ([`mac`], IEEE 802.15.4-2015 clause 7), NWK frames and commands ([`nwk`], Zigbee 05-3474
//! 3.3-3.4), APS frames and commands ([`aps`], 2.2), Green Power ([`gp`], 14-0563), inter-PAN
//! and touchlink ([`interpan`]), the auxiliary security header and the secured-payload layout
//! shared by NWK and APS ([`secured`], 4.5.1), AES-CCM*, AES-MMO and key derivation
//! ([`security`], 4.5 and annex B), the CRCs of the link layers ([`crc`]), typed addresses
//! ([`addr`]) and whole-frame builders ([`build`]).
//!
//! The codecs follow the project's codec rules: parsing borrows from the input and returns a
//! `Result` for any byte string (no panic), encoders write into a caller's buffer and report a
//! too-small buffer as an error, unknown codes and reserved bits are kept.
//!
//! The key store, the dissector that runs a frame through every layer, and the capture file
//! formats need `std` and live in `zcl-host` (`zcl_host::sniff`, `zcl_host::capture`).
//!
//! ```
//! use zcl_frames::mac::MacFrame;
//! use zcl_frames::addr::PanId;
//! // A Zigbee beacon (802.15.4 beacon with the Zigbee beacon payload), FCS removed.
//! let frame = [
//!     0x00, 0x80, 0x81, 0x2f, 0xf7, 0x00, 0x00, 0xff, 0xcf, 0x00, 0x00, 0x00, 0x22, 0x84, 0x3c,
//!     0x73, 0x84, 0x61, 0xc2, 0x8f, 0x1e, 0x55, 0xff, 0xff, 0xff, 0x00,
//! ];
//! let mac = MacFrame::parse(&frame).unwrap();
//! assert_eq!(mac.header.src_pan, Some(PanId(0xf72f)));
//! let zigbee = mac.beacon().unwrap().unwrap().zigbee().unwrap().unwrap();
//! assert_eq!(zigbee.extended_pan_id.to_string(), "55:1e:8f:c2:61:84:73:3c");
//! ```
//!
//! Features: `alloc` lets decryption of payloads longer than 128 bytes (longer than any
//! 2.4 GHz 802.15.4 frame can carry) use the heap; without it they fail with
//! [`security::SecurityError::TooLong`].

#![cfg_attr(not(test), no_std)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(any(test, feature = "alloc"))]
extern crate alloc;

/// One-bit accessors of a newtype over an integer field (`self.0`): `name: bit;` with its doc
/// comment becomes `pub fn name(self) -> bool`, true when that bit is set.
macro_rules! flag_bits {
    ($($(#[$doc:meta])* $name:ident: $bit:literal;)*) => {
        $(
            $(#[$doc])*
            #[must_use]
            pub fn $name(self) -> bool {
                self.0 & (1 << $bit) != 0
            }
        )*
    };
}

pub mod addr;
pub mod aps;
pub mod build;
pub mod crc;
pub mod gp;
pub mod interpan;
pub mod mac;
pub mod nwk;
pub mod secured;
pub mod security;

pub use addr::{Eui64, PanId, ParseEui64Error, ShortAddr};
pub use secured::{
    AuxSecurityHeader, KeyId, LayerFrame, LayerHeader, SecuredPayload, SecurityControl, MIC_LEN,
};

/// Bytes as lowercase hex without separators, written through `core::fmt` (no allocation).
pub(crate) struct Hex<'a>(pub &'a [u8]);

impl core::fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}
