//! Subcommands of the `zcl-host` tool. Each module has an `Args` struct (clap) and a `run`
//! function returning the process exit code.

pub mod backup;
pub mod clusters;
pub mod connect;
pub mod decode;
pub mod info;
pub mod live;
pub mod ports;
pub mod sim;
pub mod sniff;

/// Error type shared by the subcommands' `run` functions.
pub type CliError = Box<dyn std::error::Error + Send + Sync>;
