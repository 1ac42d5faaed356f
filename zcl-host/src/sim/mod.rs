//! Simulated coprocessors: a virtual Zigbee network (a coordinator and simulated devices built on
//! zcl-clusters' device runtime) behind real coprocessor byte protocols.
pub mod air;
pub mod devices;
pub mod faults;
pub mod network;
pub mod state;
pub(crate) mod zdo;

pub use network::{
    ApsInfo, DeviceInfo, JoinStatus, MessageKind, NeighbourNetwork, Network, NetworkConfig,
    NetworkError, NetworkEvent, NetworkStatus, SendError,
};
pub use state::{NetworkParams, SavedNetwork, SecurityParams};
pub mod ezsp;
pub mod serve;
pub mod sniffer;
pub mod znp;
