//! `zcl-host sniff`.

use super::CliError;
use std::process::ExitCode;

/// Arguments of `zcl-host sniff`.
#[derive(Debug, clap::Args)]
pub struct SniffArgs {}

/// Runs `zcl-host sniff`.
pub fn run(_args: &SniffArgs) -> Result<ExitCode, CliError> {
    Err("not built yet".into())
}
