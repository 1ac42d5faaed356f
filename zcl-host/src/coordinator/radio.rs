//! The seam between coordinator logic and a coprocessor family.

use std::time::Duration;

use super::aps::{EndpointConfig, EnergyReading, FoundNetwork, OutgoingAps, RadioEvent};
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

    /// Brings the network the coprocessor holds up (if the stack is not running it yet),
    /// registers the application's endpoints and asks for every incoming frame and join to be
    /// reported. Call it once before [`Radio::send`] and [`Radio::next_event`].
    ///
    /// # Errors
    /// No network; link failures.
    fn start(&mut self, endpoints: &[EndpointConfig]) -> Result<(), RadioError>;

    /// Sends one APS frame; returns a tag that a later [`RadioEvent::Delivery`] carries for a
    /// unicast.
    ///
    /// # Errors
    /// The coprocessor refused it (no network, no route, busy); link failures.
    fn send(&mut self, aps: &OutgoingAps, payload: &[u8]) -> Result<u16, RadioError>;

    /// The next thing the coprocessor reports, waiting at most `timeout`.
    ///
    /// # Errors
    /// Link failures.
    fn next_event(&mut self, timeout: Duration) -> Result<Option<RadioEvent>, RadioError>;

    /// Measures the energy on each channel of `channels` (bit n: channel n) for
    /// `2^duration + 1` superframes each.
    ///
    /// # Errors
    /// The coprocessor refused the scan; link failures.
    fn energy_scan(
        &mut self,
        channels: u32,
        duration: u8,
    ) -> Result<Vec<EnergyReading>, RadioError>;

    /// Sends beacon requests on each channel of `channels` and lists the networks that
    /// answered.
    ///
    /// # Errors
    /// The coprocessor refused the scan; link failures.
    fn network_scan(
        &mut self,
        channels: u32,
        duration: u8,
    ) -> Result<Vec<FoundNetwork>, RadioError>;

    /// Lets the device `ieee` join with `key`, the link key derived from its install code
    /// (until it has joined or the coprocessor restarts).
    ///
    /// # Errors
    /// The coprocessor refused the key; link failures.
    fn add_install_code_key(&mut self, ieee: u64, key: &[u8; 16]) -> Result<(), RadioError>;

    /// Restarts the coprocessor; with `factory`, it forgets its network, keys and devices
    /// first (back it up before).
    ///
    /// # Errors
    /// Link failures.
    fn reset(&mut self, factory: bool) -> Result<(), RadioError>;
}
