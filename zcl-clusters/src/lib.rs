//! # zcl-clusters
//!
//! Typed Zigbee Cluster Library cluster definitions, a registry, and the `no_std` device runtime.
//!
//! Every cluster is declared once with the declaration macro ([`zcl_cluster!`]); from it come
//! typed commands, attribute ids and the static [`ClusterMeta`] that the registry and the device
//! runtime read.
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

#[macro_use]
pub mod macros;
pub mod clusters;
pub mod field;
pub mod manufacturer;
pub mod meta;
#[cfg(feature = "registry")]
pub mod registry;

pub use field::{Attribute, Command, Field};
pub use meta::{Access, AttributeLimits, AttributeMeta, ClusterMeta, CommandMeta, DefaultValue};
pub mod runtime;
pub mod servers;

#[doc(hidden)]
pub use zcl_core as __zcl_core;
