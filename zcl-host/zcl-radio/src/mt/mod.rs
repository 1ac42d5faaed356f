//! Texas Instruments Z-Stack Monitor and Test (MT) protocol, as spoken by ZNP coprocessors
//! (CC2531, CC2538, CC2652, CC1352) over a UART.
//!
//! # Framing
//!
//! Each message on the wire is one frame:
//!
//! ```text
//! +------+--------+------+------+-------------------+-----+
//! | 0xFE | length | CMD0 | CMD1 | payload (length)  | FCS |
//! +------+--------+------+------+-------------------+-----+
//! ```
//!
//! The frame starts with the start-of-frame byte 0xFE. `length` counts only the payload and is
//! at most 250. CMD0 packs two things: its top three bits give the message type (0 POLL,
//! 1 SREQ, 2 AREQ, 3 SRSP) and its low five bits the subsystem (0 RPC error, 1 SYS, 2 MAC,
//! 3 NWK, 4 AF, 5 ZDO, 6 SAPI, 7 UTIL, 8 DEBUG, 9 APP, 0x0F APP_CNF, 0x15 ZGP, ...). CMD1 is the
//! command id inside the subsystem. The closing FCS is the XOR of every byte from `length`
//! through the end of the payload, so SYS_PING (an SREQ to SYS, id 1, empty payload) is
//! `FE 00 21 01 20`. Multi-byte payload fields are little-endian.
//!
//! A synchronous request (SREQ) is answered by exactly one synchronous response (SRSP) with the
//! same subsystem and id, and only one SREQ may be outstanding at a time. If the coprocessor
//! cannot handle an SREQ it answers with an SRSP in the RPC error subsystem (id 0) holding an
//! error code and the CMD0/CMD1 of the refused request. Asynchronous requests (AREQ) are
//! never answered; the coprocessor uses them for indications and callbacks.
//!
//! # Pieces
//!
//! - [`frame`]: [`Header`], [`Frame`] with `emit`/`parse`, and the streaming [`Decoder`]
//!   (garbage and bad frames are reported and skipped; chunking never changes the result).
//! - [`commands`]: typed commands; [`Request`] ties an SREQ to its SRSP; [`AnyRequest`],
//!   [`AnyResponse`] and [`Callback`] decode any frame by header.
//! - [`tracker`]: the host's SREQ/SRSP pairing with timeouts and a callback queue.
//! - [`types`]: status codes, device states, capabilities and other wire enums.
//! - [`version`]: telling Z-Stack 1.2, 3.0.x and 3.30+ apart.
//! - [`nv`]: NV item ids for backups and the NIB and key structures in both memory layouts.
//!
//! # Example
//!
//! ```
//! use std::time::{Duration, Instant};
//! use zcl_radio::mt::{commands::sys, tracker::{Event, RequestTracker, typed_response}};
//!
//! let mut host = RequestTracker::new(Duration::from_secs(1));
//! let now = Instant::now();
//! let (id, bytes) = host.start(&sys::Ping {}, now).unwrap();
//! assert_eq!(bytes, [0xFE, 0x00, 0x21, 0x01, 0x20]);
//!
//! // The coprocessor answers with its capabilities.
//! host.receive(&[0xFE, 0x02, 0x61, 0x01, 0x59, 0x06, 0x3D]);
//! let Some(Event::Response { id: got, frame }) = host.poll_event() else { panic!() };
//! assert_eq!(got, id);
//! let rsp = typed_response::<sys::Ping>(&frame).unwrap();
//! assert_eq!(rsp.capabilities.0, 0x0659);
//! ```

pub mod commands;
pub mod frame;
pub mod nv;
pub mod tracker;
pub mod types;
pub mod version;
pub mod wire;

pub use commands::{AnyRequest, AnyResponse, Callback, Command, Request};
pub use frame::{CommandType, Decoder, EncodeError, Frame, FrameError, Header, Subsystem};
pub use wire::DecodeError;

#[cfg(test)]
mod tests;
