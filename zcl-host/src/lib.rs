//! # zcl-host
//!
//! The host-side library behind the `zcl-host` tool: ZCL decoding to text and JSON, the sniffer,
//! and (later) the coprocessor protocols.
