//! # zcl-host
//!
//! The host-side library behind the `zcl-host` tool: ZCL decoding to text and JSON, the cluster
//! registry listing, the sniffer (802.15.4 MAC, Zigbee NWK/APS with decryption, captures), the
//! serial link to radio coprocessors ([`radio`], over the sans-IO cores of `zcl-radio`) and the
//! simulated coprocessors ([`sim`]).

pub mod capture;
pub mod cli;
pub mod coordinator;
pub mod radio;
pub mod sim;
pub mod sniff;
pub mod walk;
pub mod zcl_json;
pub mod zcl_names;
