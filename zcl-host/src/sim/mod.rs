//! Simulated coprocessors: a virtual Zigbee network (a coordinator and simulated devices built on
//! zcl-clusters' device runtime) behind real coprocessor byte protocols.
pub mod air;
pub mod devices;
pub mod faults;
pub mod state;
pub(crate) mod zdo;
