//! The coordinator side of the host: what runs above a radio coprocessor, written once for
//! every family. [`radio::Radio`] is the seam (implemented for EmberZNet in [`ezsp`] and Z-Stack
//! in [`znp`]); network
//! backups use the open coordinator backup format ([`backup`]).

pub mod backup;
pub mod ezsp;
pub mod radio;
pub mod znp;

pub use backup::{BackupDevice, BackupError, KeyState, NetworkBackup};
pub use radio::{Radio, RadioError};
