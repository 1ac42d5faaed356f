//! # zcl-core
//!
//! A `no_std`, zero-copy codec for the Zigbee Cluster Library (ZCL, Zigbee document 07-5123,
//! revision 8) and the Zigbee Device Profile (ZDP, Zigbee specification 05-3474 section 2.4).
//!
//! * Decoding borrows from the input: [`Frame::parse`] gives a header and a payload slice,
//!   [`value::Value`] borrows strings and walks collections lazily, foundation command views
//!   iterate their records lazily and yield a `Result` per record.
//! * Encoding writes into a caller's `&mut [u8]` and returns the number of bytes written; every
//!   encoder has an `encoded_len()` and never panics, too small a buffer is
//!   [`EncodeError::BufferTooSmall`].
//! * Every code read from the wire that this crate does not know is kept (`Unknown(..)`) and
//!   written back unchanged; reserved bits round-trip too.
//!
//! Invariant: no decoder in this crate panics on any input, and the crate contains no `unsafe`.
//!
//! ```
//! use zcl_core::{Frame, FrameType};
//! // Read Attributes (0x00) for attribute 0x0005 of the Basic cluster.
//! let bytes = [0x00, 0x2a, 0x00, 0x05, 0x00];
//! let frame = Frame::parse(&bytes).unwrap();
//! assert_eq!(frame.header.frame_control.frame_type(), FrameType::Global);
//! assert_eq!(frame.header.tsn, 0x2a);
//! assert_eq!(frame.payload, &[0x05, 0x00]);
//! ```
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod codec;
pub mod error;
pub mod foundation;
pub mod header;
pub mod status;
pub mod types;
pub mod value;
pub mod zdp;

pub use codec::{Reader, Writer};
pub use error::{DecodeError, EncodeError};
pub use header::{Direction, Frame, FrameControl, FrameType, Header};
pub use status::Status;
pub use types::DataType;
pub use value::Value;
