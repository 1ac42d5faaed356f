//! The `no_std` device runtime: endpoints holding cluster servers, generic handling of the
//! foundation (global) commands from the cluster metadata, the reporting engine, and command
//! dispatch. Input is an [`ApsIndication`] and the time in milliseconds; output is frames written
//! into an [`Outbox`]. Capacities are const generics; nothing allocates.
//!
//! ```
//! use zcl_clusters::runtime::{ApsIndication, Destination, Device, Endpoint, FrameQueue};
//! # use zcl_clusters::runtime::{AttributeStore, ClusterServer};
//! # use zcl_clusters::meta::{Access, AttributeLimits, AttributeMeta, ClusterMeta, DefaultValue};
//! # use zcl_core::DataType;
//! # static META: ClusterMeta = ClusterMeta { id: 0x0402, manufacturer: None, name: "Temperature Measurement",
//! #   attributes: &[AttributeMeta { id: 0, name: "measured_value", data_type: DataType::Int16,
//! #   access: Access::READ.union(Access::REPORT), mandatory: true, manufacturer: None,
//! #   limits: Some(&AttributeLimits::new(Some(DefaultValue::Int(2150)), None, None)) }],
//! #   commands: &[] };
//! let mut temperature = AttributeStore::<4>::new(&META);
//! let mut servers: [&mut dyn ClusterServer; 1] = [&mut temperature];
//! let mut endpoints = [Endpoint::new(1, 0x0104, 0x0302, 0, &mut servers, &[])];
//! let mut device: Device<'_, 4> = Device::new(&mut endpoints);
//! let mut out = FrameQueue::<2>::new();
//! // Read Attributes of measured value (0x0000), transaction 7.
//! device.handle(&ApsIndication { src_addr: 0, src_endpoint: 1, dst: Destination::Endpoint(1),
//!     profile: 0x0104, cluster: 0x0402, payload: &[0x00, 0x07, 0x00, 0x00, 0x00], broadcast: false }, &mut out);
//! let (_, frame) = out.get(0).unwrap();
//! assert_eq!(frame, &[0x18, 0x07, 0x01, 0x00, 0x00, 0x00, 0x29, 0x66, 0x08]);
//! ```

mod device;
mod endpoint;
mod io;
mod server;

mod storage;
pub mod value;

pub use device::{Device, ReportConfig, WritePolicy, DEFAULT_MAX_FRAME};
pub use endpoint::{Endpoint, PROFILE_HOME_AUTOMATION};
pub use io::{Address, ApsIndication, Destination, FrameQueue, Outbox, TxInfo, MAX_FRAME};
pub use server::{AttributeStore, ClusterServer, Context, Outcome, Peers, Requests, Source};
pub use storage::{MemoryStorage, Storage, StorageKey};
pub use value::AttrValue;
pub use zcl_core::Status;

/// Removes element `i` by moving the last one into its place. Unlike `swap_remove` this never
/// calls `memmove`, which would add 1.5 KB to a small firmware.
pub(crate) fn remove_at<T, const N: usize>(v: &mut heapless::Vec<T, N>, i: usize) {
    if let Some(last) = v.pop() {
        if let Some(slot) = v.get_mut(i) {
            // Through a stack copy: a direct element-to-element move is lowered to memmove.
            *slot = core::hint::black_box(last);
        }
    }
}

#[cfg(test)]
mod tests;
