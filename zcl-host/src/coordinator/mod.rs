//! The coordinator side of the host: what runs above a radio coprocessor, written once for
//! every family. [`radio::Radio`] is the seam (implemented for EmberZNet in [`ezsp`] and Z-Stack
//! in [`znp`]); network
//! backups use the open coordinator backup format ([`backup`]).

pub mod aps;
pub mod backup;
pub mod controller;
pub mod db;
pub mod ezsp;
pub mod install_code;
pub mod radio;
pub mod zcl;
pub mod znp;

pub use aps::{
    Destination, EndpointConfig, EnergyReading, FoundNetwork, IncomingAps, OutgoingAps, RadioEvent,
};
pub use backup::{BackupDevice, BackupError, KeyState, NetworkBackup};
pub use controller::{BindTarget, Coordinator, CoordinatorError, Event, RequestOptions, Target};
pub use db::{Database, DbError};
pub use radio::{Radio, RadioError};
