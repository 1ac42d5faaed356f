//! The transport error type.

use std::io;
use std::time::Duration;

/// Why a transport operation failed. Every variant names the port or address it is about.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TransportError {
    /// The port string could not be parsed.
    #[error("invalid port {input:?}: {reason}")]
    InvalidSpec {
        /// The string as given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The serial device does not exist.
    #[error("no such serial port {path}")]
    NotFound {
        /// The device path or name.
        path: String,
    },
    /// The serial device exists but is open elsewhere (exclusive lock held).
    #[error("serial port {path} is busy (is another program using it?)")]
    Busy {
        /// The device path or name.
        path: String,
    },
    /// The serial device may not be opened by this user.
    #[error("permission denied opening serial port {path} (on Linux, is the user in the dialout group?)")]
    PermissionDenied {
        /// The device path or name.
        path: String,
    },
    /// The serial device could not be opened or configured for another reason.
    #[error("cannot open serial port {path}: {reason}")]
    Open {
        /// The device path or name.
        path: String,
        /// serialport's description of the failure.
        reason: String,
    },
    /// The first TCP connection could not be established.
    #[error("{address}: could not connect: {source}")]
    Connect {
        /// `socket://HOST:PORT`.
        address: String,
        /// The last connect error.
        #[source]
        source: io::Error,
    },
    /// A listening socket could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address as given.
        address: String,
        /// The bind error.
        #[source]
        source: io::Error,
    },
    /// A pseudo-terminal pair could not be created.
    #[error("cannot create a pseudo-terminal: {source}")]
    Pty {
        /// The system error.
        #[source]
        source: io::Error,
    },
    /// A read, write or control operation failed.
    #[error("{port}: {op} failed: {source}")]
    Io {
        /// The port or address.
        port: String,
        /// The operation (`"read"`, `"write"`, `"set DTR"`, ...).
        op: &'static str,
        /// The system error.
        #[source]
        source: io::Error,
    },
    /// The other side closed the connection (end of file) and the transport does not reconnect.
    #[error("{port}: closed by the other side")]
    Closed {
        /// The port or address.
        port: String,
    },
    /// The TCP connection was lost and a new one is up. Nothing was read (or, from a write,
    /// nothing was sent); the protocol above must reset its link (ASH: send RST) because the
    /// coordinator side may have restarted. Reported once per half per reconnection; compare
    /// `generation` with the last one handled to reset only once.
    #[error("{port}: connection lost and re-established (connection #{generation}); the link must be reset")]
    Reconnected {
        /// `socket://HOST:PORT`.
        port: String,
        /// The new connection's generation (the first connection is 0).
        generation: u64,
    },
    /// Reconnection was given up (attempts or deadline exhausted). Final for this transport.
    #[error("{port}: could not reconnect after {attempts} attempts over {:.1} s: {last_error}", .elapsed.as_secs_f64())]
    GaveUp {
        /// `socket://HOST:PORT`.
        port: String,
        /// Connection attempts made.
        attempts: u32,
        /// Time from the loss of the connection to giving up.
        elapsed: Duration,
        /// The last attempt's error.
        last_error: String,
    },
}

impl TransportError {
    /// Whether trying again (the same call, or reopening the port) may succeed: timeouts, resets,
    /// a busy port, a refused connection, a completed reconnection. Not for a missing port, bad
    /// input, a permission problem or a transport that gave up.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Busy { .. } | Self::Closed { .. } | Self::Reconnected { .. } => true,
            Self::Connect { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::ConnectionRefused
                    | io::ErrorKind::TimedOut
                    | io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::Interrupted
                    | io::ErrorKind::HostUnreachable
                    | io::ErrorKind::NetworkUnreachable
            ),
            Self::Io { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::TimedOut
                    | io::ErrorKind::WouldBlock
                    | io::ErrorKind::Interrupted
                    | io::ErrorKind::ConnectionReset
                    | io::ErrorKind::ConnectionAborted
                    | io::ErrorKind::BrokenPipe
            ),
            Self::InvalidSpec { .. }
            | Self::NotFound { .. }
            | Self::PermissionDenied { .. }
            | Self::Open { .. }
            | Self::Bind { .. }
            | Self::Pty { .. }
            | Self::GaveUp { .. } => false,
        }
    }

    pub(crate) fn io(port: &str, op: &'static str, source: io::Error) -> Self {
        Self::Io {
            port: port.to_string(),
            op,
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gave_up_message_names_address_attempts_and_time() {
        let e = TransportError::GaveUp {
            port: "socket://10.0.0.5:6638".into(),
            attempts: 12,
            elapsed: Duration::from_millis(30_100),
            last_error: "connection refused".into(),
        };
        assert_eq!(
            e.to_string(),
            "socket://10.0.0.5:6638: could not reconnect after 12 attempts over 30.1 s: connection refused"
        );
        assert!(!e.is_retryable());
    }

    #[test]
    fn retryable_classification() {
        assert!(!TransportError::NotFound {
            path: "/dev/ttyUSB9".into()
        }
        .is_retryable());
        assert!(TransportError::Reconnected {
            port: "x".into(),
            generation: 1
        }
        .is_retryable());
        let timeout = TransportError::io("p", "write", io::ErrorKind::TimedOut.into());
        assert!(timeout.is_retryable());
        let other = TransportError::io("p", "read", io::Error::other("EIO"));
        assert!(!other.is_retryable());
    }
}
