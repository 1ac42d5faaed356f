//! The options every command that talks to a coprocessor takes, and opening the radio they
//! name.

use super::CliError;
use crate::coordinator::ezsp::EzspRadio;
use crate::coordinator::znp::ZnpRadio;
use crate::coordinator::Radio;
use crate::radio::ezsp::{EzspHost, HostOptions};
use crate::radio::transport::{FlowControl, PortSpec, SerialSettings, Transport};
use crate::radio::znp::{ZnpHost, ZnpOptions};

/// Coprocessor family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RadioKind {
    /// Silicon Labs EmberZNet (EZSP over ASH).
    Ezsp,
    /// TI Z-Stack (MT), a ZNP coprocessor.
    Znp,
}

/// Which coprocessor, where.
#[derive(Debug, Clone, clap::Args)]
pub struct RadioArgs {
    /// Coprocessor family.
    #[arg(long, value_enum, default_value = "ezsp")]
    pub radio: RadioKind,
    /// Serial port (`/dev/ttyUSB0`) or `socket://HOST:PORT`.
    #[arg(long)]
    pub port: String,
    /// Baud rate.
    #[arg(long, default_value_t = 115_200)]
    pub baudrate: u32,
    /// Flow control: none, software (XON/XOFF) or hardware (RTS/CTS).
    #[arg(long, default_value = "none")]
    pub flow_control: String,
}

impl RadioArgs {
    /// Opens the port.
    ///
    /// # Errors
    /// A port spec or flow control that does not parse; the port cannot be opened.
    pub fn transport(&self) -> Result<Transport, CliError> {
        let spec: PortSpec = self.port.parse()?;
        let flow_control: FlowControl = self.flow_control.parse()?;
        let settings = SerialSettings {
            baud_rate: self.baudrate,
            flow_control,
        };
        Ok(Transport::open(&spec, &settings)?)
    }

    /// Connects to the coprocessor behind the [`Radio`] seam.
    ///
    /// # Errors
    /// As [`RadioArgs::transport`]; the coprocessor does not answer.
    pub fn open_radio(&self) -> Result<Box<dyn Radio>, CliError> {
        match self.radio {
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
