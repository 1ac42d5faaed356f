//! The options every command that talks to a coprocessor takes, and opening the radio they
//! name.

use std::path::{Path, PathBuf};

use super::CliError;
use crate::coordinator::ezsp::EzspRadio;
use crate::coordinator::znp::ZnpRadio;
use crate::coordinator::Radio;
use crate::radio::ezsp::{EzspHost, HostOptions};
use crate::radio::transport::{FlowControl, PortSpec, SerialSettings, Transport};
use crate::radio::znp::{ZnpHost, ZnpOptions};

/// Coprocessor family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RadioKind {
    /// Silicon Labs EmberZNet (EZSP over ASH).
    Ezsp,
    /// TI Z-Stack (MT), a ZNP coprocessor.
    Znp,
}

/// The configuration file: defaults for the options every radio command takes, so they need
/// not be repeated. Looked for at `--config FILE`, `$ZCL_HOST_CONFIG`, then
/// `$XDG_CONFIG_HOME/zcl-host/config.toml` (`~/.config/zcl-host/config.toml`).
///
/// ```toml
/// radio = "znp"
/// port = "/dev/ttyUSB0"
/// baudrate = 115200
/// flow_control = "none"
/// database = "/var/lib/zcl-host/network.db"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Coprocessor family.
    pub radio: Option<RadioKind>,
    /// Serial port or `socket://HOST:PORT`.
    pub port: Option<String>,
    /// Baud rate.
    pub baudrate: Option<u32>,
    /// Flow control.
    pub flow_control: Option<String>,
    /// Coordinator database.
    pub database: Option<PathBuf>,
}

impl Config {
    /// Reads the configuration file `path` names, or the default one if it exists.
    ///
    /// # Errors
    /// A file named explicitly that cannot be read; a file that is not valid TOML or names
    /// unknown keys.
    pub fn load(path: Option<&Path>) -> Result<Self, CliError> {
        let explicit = path
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("ZCL_HOST_CONFIG").map(PathBuf::from));
        let file = match explicit {
            Some(p) => p,
            None => {
                let base = std::env::var_os("XDG_CONFIG_HOME")
                    .map(PathBuf::from)
                    .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
                match base.map(|b| b.join("zcl-host").join("config.toml")) {
                    Some(p) if p.exists() => p,
                    _ => return Ok(Self::default()),
                }
            }
        };
        let text = std::fs::read_to_string(&file)
            .map_err(|e| format!("config {}: {e}", file.display()))?;
        toml::from_str(&text).map_err(|e| format!("config {}: {e}", file.display()).into())
    }
}

/// Which coprocessor, where.
#[derive(Debug, Clone, clap::Args)]
pub struct RadioArgs {
    /// Coprocessor family [default: ezsp, or the config file's].
    #[arg(long, value_enum)]
    pub radio: Option<RadioKind>,
    /// Serial port (`/dev/ttyUSB0`) or `socket://HOST:PORT` [default: the config file's].
    #[arg(long)]
    pub port: Option<String>,
    /// Baud rate [default: 115200].
    #[arg(long)]
    pub baudrate: Option<u32>,
    /// Flow control: none, software (XON/XOFF) or hardware (RTS/CTS) [default: none].
    #[arg(long)]
    pub flow_control: Option<String>,
    /// Configuration file (TOML) with defaults for these options and `--database`.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl RadioArgs {
    /// The configuration file these arguments name (or the default one).
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn config(&self) -> Result<Config, CliError> {
        Config::load(self.config.as_deref())
    }

    /// The coprocessor family: the option, the config file's, or EZSP.
    ///
    /// # Errors
    /// As [`Config::load`].
    pub fn kind(&self) -> Result<RadioKind, CliError> {
        Ok(match self.radio {
            Some(r) => r,
            None => self.config()?.radio.unwrap_or(RadioKind::Ezsp),
        })
    }

    /// The port: the option or the config file's.
    ///
    /// # Errors
    /// Neither gives one; as [`Config::load`].
    pub fn port_name(&self) -> Result<String, CliError> {
        if let Some(p) = &self.port {
            return Ok(p.clone());
        }
        self.config()?.port.ok_or_else(|| {
            "no port: give --port PATH (or socket://HOST:PORT), or set `port` in the config file"
                .into()
        })
    }

    /// Opens the port.
    ///
    /// # Errors
    /// A port spec or flow control that does not parse; the port cannot be opened.
    pub fn transport(&self) -> Result<Transport, CliError> {
        let config = self.config()?;
        let spec: PortSpec = self.port_name()?.parse()?;
        let flow_control: FlowControl = self
            .flow_control
            .clone()
            .or(config.flow_control)
            .unwrap_or_else(|| "none".into())
            .parse()?;
        let settings = SerialSettings {
            baud_rate: self.baudrate.or(config.baudrate).unwrap_or(115_200),
            flow_control,
        };
        Ok(Transport::open(&spec, &settings)?)
    }

    /// Connects to the coprocessor behind the [`Radio`] seam.
    ///
    /// # Errors
    /// As [`RadioArgs::transport`]; the coprocessor does not answer.
    pub fn open_radio(&self) -> Result<Box<dyn Radio>, CliError> {
        match self.kind()? {
            RadioKind::Znp => {
                let host = ZnpHost::connect(self.transport()?, ZnpOptions::default())?;
                Ok(Box::new(ZnpRadio::new(host)))
            }
            RadioKind::Ezsp => {
                let host = EzspHost::connect(self.transport()?, HostOptions::default())?;
                Ok(Box::new(EzspRadio::new(host)))
            }
        }
    }
}
