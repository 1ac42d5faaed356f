//! Serial ports through the `serialport` crate.

use super::{
    is_timeout, FlowControl, ReaderInner, SerialSettings, Transport, TransportError, WriterInner,
};
use serialport::SerialPort;
use std::io::{Read as _, Write as _};
use std::time::Duration;

/// How long a write may block (flow control held off, a stuck USB bridge) before it fails.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// One half: its own file descriptor (a clone), so timeouts are per half.
pub(super) struct SerialHalf {
    port: Box<dyn SerialPort>,
    path: String,
}

impl std::fmt::Debug for SerialHalf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialHalf")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn open_error(path: &str, e: &serialport::Error) -> TransportError {
    let path = path.to_string();
    match e.kind() {
        serialport::ErrorKind::Io(std::io::ErrorKind::NotFound) => {
            TransportError::NotFound { path }
        }
        serialport::ErrorKind::Io(std::io::ErrorKind::PermissionDenied) => {
            TransportError::PermissionDenied { path }
        }
        // serialport reports a held TIOCEXCL/flock (and on Windows a missing or busy COM port)
        // as NoDevice.
        serialport::ErrorKind::NoDevice if cfg!(unix) && !std::path::Path::new(&path).exists() => {
            TransportError::NotFound { path }
        }
        serialport::ErrorKind::NoDevice if cfg!(unix) => TransportError::Busy { path },
        _ => TransportError::Open {
            path,
            reason: e.to_string(),
        },
    }
}

pub(super) fn open(path: &str, settings: &SerialSettings) -> Result<Transport, TransportError> {
    if cfg!(unix) && !std::path::Path::new(path).exists() {
        return Err(TransportError::NotFound {
            path: path.to_string(),
        });
    }
    let flow = match settings.flow_control {
        FlowControl::None => serialport::FlowControl::None,
        FlowControl::Software => serialport::FlowControl::Software,
        FlowControl::Hardware => serialport::FlowControl::Hardware,
    };
    // serialport sets raw mode (cfmakeraw) and, on Unix, takes TIOCEXCL plus an exclusive flock.
    let port = serialport::new(path, settings.baud_rate)
        .data_bits(serialport::DataBits::Eight)
        .parity(serialport::Parity::None)
        .stop_bits(serialport::StopBits::One)
        .flow_control(flow)
        .timeout(WRITE_TIMEOUT)
        .open()
        .map_err(|e| open_error(path, &e))?;
    let reader = port.try_clone().map_err(|e| open_error(path, &e))?;
    let description = format!(
        "serial {path} at {} baud, flow control {}",
        settings.baud_rate, settings.flow_control
    );
    Ok(Transport::from_halves(
        ReaderInner::Serial(SerialHalf {
            port: reader,
            path: path.to_string(),
        }),
        WriterInner::Serial(SerialHalf {
            port,
            path: path.to_string(),
        }),
        description,
    ))
}

fn map_serial(path: &str, op: &'static str, e: serialport::Error) -> TransportError {
    TransportError::io(path, op, std::io::Error::from(e))
}

impl SerialHalf {
    pub(super) fn read(
        &mut self,
        buf: &mut [u8],
        timeout: Duration,
    ) -> Result<usize, TransportError> {
        self.port
            .set_timeout(timeout)
            .map_err(|e| map_serial(&self.path, "read", e))?;
        match self.port.read(buf) {
            Ok(0) => Err(TransportError::Closed {
                port: self.path.clone(),
            }),
            Ok(n) => Ok(n),
            Err(e) if is_timeout(&e) => Ok(0),
            Err(e) => Err(TransportError::io(&self.path, "read", e)),
        }
    }

    pub(super) fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        self.port
            .write_all(bytes)
            .and_then(|()| self.port.flush())
            .map_err(|e| TransportError::io(&self.path, "write", e))
    }

    pub(super) fn set_dtr(&mut self, level: bool) -> Result<(), TransportError> {
        self.port
            .write_data_terminal_ready(level)
            .map_err(|e| map_serial(&self.path, "set DTR", e))
    }

    pub(super) fn set_rts(&mut self, level: bool) -> Result<(), TransportError> {
        self.port
            .write_request_to_send(level)
            .map_err(|e| map_serial(&self.path, "set RTS", e))
    }
}
