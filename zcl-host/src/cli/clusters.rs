//! `zcl-host clusters`.

use super::CliError;
use std::process::ExitCode;

/// Arguments of `zcl-host clusters`.
#[derive(Debug, clap::Args)]
pub struct ClustersArgs {}

/// Runs `zcl-host clusters`.
pub fn run(_args: &ClustersArgs) -> Result<ExitCode, CliError> {
    Err("not built yet".into())
}
