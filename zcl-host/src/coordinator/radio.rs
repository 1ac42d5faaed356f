//! The seam between coordinator logic and a coprocessor family.

use super::backup::NetworkBackup;
use crate::radio::ezsp::HostError;
use crate::radio::znp::ZnpError;

/// Why a radio operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RadioError {
    /// The Z-Stack link or a request failed.
    #[error(transparent)]
    Znp(#[from] ZnpError),
    /// The EZSP link or a command failed.
    #[error(transparent)]
    Ezsp(#[from] HostError),
    /// The coprocessor holds no network.
    #[error("{port}: the coprocessor holds no network (form one, or restore a backup)")]
    NoNetwork {
        /// The port.
        port: String,
    },
    /// The coprocessor answered with something this host cannot use.
    #[error("{port}: {what}")]
    Unexpected {
        /// The port.
        port: String,
        /// What was wrong.
        what: String,
    },
    /// The firmware cannot do this.
    #[error("{port}: {what} is not supported by this firmware")]
    Unsupported {
        /// The port.
        port: String,
        /// What was asked.
        what: String,
    },
}

/// A radio coprocessor as the coordinator logic sees it.
pub trait Radio {
    /// The port or address it is on.
    fn port(&self) -> &str;

    /// The coprocessor family (`ezsp`, `znp`).
    fn family(&self) -> &'static str;

    /// The coprocessor's own IEEE address.
    ///
    /// # Errors
    /// Link failures.
    fn ieee(&mut self) -> Result<u64, RadioError>;

    /// Reads the network the coprocessor holds, with its devices and keys: what a backup
    /// saves. `None` when it holds no network.
    ///
    /// # Errors
    /// Link failures; answers that make no sense.
    fn read_backup(&mut self) -> Result<Option<NetworkBackup>, RadioError>;

    /// Starts the network the coprocessor holds (if the stack is not running it yet) and lets
    /// devices join for `seconds` (0 closes, 255 keeps it open), network-wide.
    ///
    /// # Errors
    /// No network; link failures.
    fn permit_join(&mut self, seconds: u8) -> Result<(), RadioError>;

    /// Makes the coprocessor hold `backup`'s network (its previous one is gone): a restore,
    /// or the last step of forming a new network. Counters are written as given; a restore
    /// bumps them first ([`NetworkBackup::with_counters_bumped`]).
    ///
    /// # Errors
    /// Link failures; a backup this firmware cannot hold.
    fn write_backup(&mut self, backup: &NetworkBackup) -> Result<(), RadioError>;
}
