//! # zcl-clusters
//!
//! Typed Zigbee Cluster Library cluster definitions, a registry, and the `no_std` device runtime.
//!
//! Every cluster is declared once with the declaration macro; from it come typed commands, attribute
//! ids and the static [`ClusterMeta`] that the registry and the device runtime read.
#![cfg_attr(not(any(test, feature = "std")), no_std)]
#![forbid(unsafe_code)]

pub mod meta;

pub use meta::{Access, AttributeMeta, ClusterMeta, CommandMeta, DefaultValue};
pub mod runtime;
pub mod servers;
