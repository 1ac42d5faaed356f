//! `zcl-host decode`.

use super::CliError;
use std::process::ExitCode;

/// Arguments of `zcl-host decode`.
#[derive(Debug, clap::Args)]
pub struct DecodeArgs {}

/// Runs `zcl-host decode`.
pub fn run(_args: &DecodeArgs) -> Result<ExitCode, CliError> {
    Err("not built yet".into())
}
