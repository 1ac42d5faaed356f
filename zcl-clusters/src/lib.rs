//! # zcl-clusters
//!
//! Typed Zigbee Cluster Library cluster definitions, a registry, and the `no_std` device runtime.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]
