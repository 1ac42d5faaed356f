//! Subcommands of the `zcl-host` tool. Each module has an `Args` struct (clap) and a `run`
//! function returning the process exit code.

pub mod backup;
pub mod clusters;
pub mod connect;
pub mod decode;
pub mod demo;
pub mod info;
pub mod live;
pub mod network;
pub mod ports;
pub mod sim;
pub mod sniff;

/// A spinner on stderr while something slow runs (hidden for `--json` output; indicatif
/// draws nothing when stderr is not a terminal).
pub fn progress(json: bool, what: &str) -> indicatif::ProgressBar {
    if json {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.set_message(what.to_owned());
    bar.enable_steady_tick(std::time::Duration::from_millis(100));
    bar
}

/// Error type shared by the subcommands' `run` functions.
pub type CliError = Box<dyn std::error::Error + Send + Sync>;

/// The exit code for a failed command, so scripts can tell failures apart:
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | the network answered but the operation failed: a device refused, did not answer, or a read returned errors |
/// | 2 | bad input: unknown names, values out of range, bad options or files |
/// | 3 | the coprocessor: the port cannot be opened, the link failed, no network |
/// | 4 | the database cannot be opened or is corrupt |
pub fn exit_code(e: &(dyn std::error::Error + 'static)) -> u8 {
    use crate::coordinator::{CoordinatorError, DbError, RadioError};
    use crate::radio::transport::TransportError;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(c) = err.downcast_ref::<CoordinatorError>() {
            return match c {
                CoordinatorError::Timeout { .. } | CoordinatorError::Refused { .. } => 1,
                CoordinatorError::Radio(_) => 3,
                CoordinatorError::Db(_) => 4,
                _ => 2,
            };
        }
        if err.downcast_ref::<DbError>().is_some() {
            return 4;
        }
        if err.downcast_ref::<RadioError>().is_some()
            || err.downcast_ref::<TransportError>().is_some()
            || err
                .downcast_ref::<crate::radio::ezsp::HostError>()
                .is_some()
            || err.downcast_ref::<crate::radio::znp::ZnpError>().is_some()
        {
            return 3;
        }
        cur = err.source();
    }
    2
}
