//! # zcl-host
//!
//! The host-side library behind the `zcl-host` tool: ZCL decoding to text and JSON ([`render`]),
//! the cluster registry listing, the sniffer ([`sniff`]: dissection and decryption over the
//! `no_std` frame layers of `zcl-frames`; [`capture`]: capture files and live sniffer radios),
//! the serial link to radio coprocessors ([`radio`], over the sans-IO cores of `zcl-radio`), the
//! coordinator ([`coordinator`]) and the simulated coprocessors ([`sim`]). `ARCHITECTURE.md` at
//! the top of the repository says which module may use which.

pub mod capture;
pub mod cli;
pub mod coordinator;
pub mod radio;
pub mod render;
pub mod sim;
pub mod sniff;
pub mod text;
pub mod walk;
