//! # zcl-host
//!
//! The host-side library behind the `zcl-host` tool: ZCL decoding to text and JSON, the cluster
//! registry listing, and the sniffer (802.15.4 MAC, Zigbee NWK/APS with decryption, captures).

pub mod capture;
pub mod cli;
pub mod sniff;
pub mod walk;
pub mod zcl_json;
pub mod zcl_names;
