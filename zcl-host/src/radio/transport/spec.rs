//! What to open: [`PortSpec`], [`SerialSettings`], [`ReconnectPolicy`].

use super::TransportError;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// Where the coprocessor is: a serial device or a TCP endpoint (a network-attached coordinator
/// such as an SLZB-06, or ser2net).
///
/// Parsed from `/dev/ttyUSB0`, `/dev/pts/3`, `COM3` (serial) or `socket://HOST:PORT` /
/// `tcp://HOST:PORT` (IPv6 hosts in brackets: `socket://[fd00::5]:6638`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PortSpec {
    /// A serial device path or name.
    Serial {
        /// `/dev/ttyUSB0`, `COM3`, ...
        path: String,
    },
    /// A TCP endpoint.
    Tcp {
        /// Host name or IP address (without brackets).
        host: String,
        /// TCP port.
        port: u16,
    },
}

fn invalid(input: &str, reason: impl Into<String>) -> TransportError {
    TransportError::InvalidSpec {
        input: input.to_string(),
        reason: reason.into(),
    }
}

fn parse_port_number(input: &str, text: &str) -> Result<u16, TransportError> {
    if text.is_empty() {
        return Err(invalid(
            input,
            "missing port number (expected socket://HOST:PORT)",
        ));
    }
    match text.parse::<u16>() {
        Ok(0) | Err(_) => Err(invalid(
            input,
            format!("bad port number {text:?} (expected 1-65535)"),
        )),
        Ok(p) => Ok(p),
    }
}

/// Splits `HOST:PORT` or `[V6]:PORT`.
fn split_host_port<'a>(input: &str, rest: &'a str) -> Result<(&'a str, u16), TransportError> {
    if let Some(bracketed) = rest.strip_prefix('[') {
        let Some((host, after)) = bracketed.split_once(']') else {
            return Err(invalid(input, "unclosed '[' in IPv6 address"));
        };
        let Some(port) = after.strip_prefix(':') else {
            return Err(invalid(
                input,
                "missing port number (expected socket://[HOST]:PORT)",
            ));
        };
        return Ok((host, parse_port_number(input, port)?));
    }
    let Some((host, port)) = rest.rsplit_once(':') else {
        return Err(invalid(
            input,
            "missing port number (expected socket://HOST:PORT)",
        ));
    };
    if host.contains(':') {
        return Err(invalid(
            input,
            "IPv6 addresses need brackets: socket://[ADDR]:PORT",
        ));
    }
    Ok((host, parse_port_number(input, port)?))
}

impl FromStr for PortSpec {
    type Err = TransportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let input = s.trim();
        if input.is_empty() {
            return Err(invalid(s, "empty port name"));
        }
        if let Some((scheme, rest)) = input.split_once("://") {
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "socket" && scheme != "tcp" {
                return Err(invalid(
                    input,
                    format!(
                        "unknown scheme {scheme:?} (expected socket://HOST:PORT, tcp://HOST:PORT \
                         or a serial device path)"
                    ),
                ));
            }
            let rest = rest.strip_suffix('/').unwrap_or(rest);
            if rest.contains('/') || rest.contains('?') {
                return Err(invalid(input, "unexpected path after HOST:PORT"));
            }
            let (host, port) = split_host_port(input, rest)?;
            if host.is_empty() {
                return Err(invalid(input, "missing host (expected socket://HOST:PORT)"));
            }
            return Ok(Self::Tcp {
                host: host.to_string(),
                port,
            });
        }
        // A bare `HOST:PORT` is almost certainly a network address missing its scheme.
        if let Some((host, port)) = input.rsplit_once(':') {
            let looks_like_host =
                !host.is_empty() && !host.contains(['/', '\\']) && port.parse::<u16>().is_ok();
            if looks_like_host {
                return Err(invalid(
                    input,
                    format!("for a network coordinator write socket://{input}"),
                ));
            }
        }
        Ok(Self::Serial {
            path: input.to_string(),
        })
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Serial { path } => f.write_str(path),
            Self::Tcp { host, port } if host.contains(':') => write!(f, "socket://[{host}]:{port}"),
            Self::Tcp { host, port } => write!(f, "socket://{host}:{port}"),
        }
    }
}

/// Serial flow control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FlowControl {
    /// None (the usual setting for EZSP sticks at 115200 baud).
    #[default]
    None,
    /// Software flow control (XON/XOFF).
    Software,
    /// Hardware flow control (RTS/CTS).
    Hardware,
}

impl FromStr for FlowControl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "none" | "off" => Ok(Self::None),
            "software" | "xonxoff" | "xon/xoff" | "sw" => Ok(Self::Software),
            "hardware" | "rtscts" | "rts/cts" | "hw" => Ok(Self::Hardware),
            other => Err(format!(
                "unknown flow control {other:?} (expected none, software or hardware)"
            )),
        }
    }
}

impl fmt::Display for FlowControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Software => "software (XON/XOFF)",
            Self::Hardware => "hardware (RTS/CTS)",
        })
    }
}

/// Serial line settings (always 8 data bits, no parity, 1 stop bit). Ignored for TCP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerialSettings {
    /// Baud rate; default 115200.
    pub baud_rate: u32,
    /// Flow control; default none.
    pub flow_control: FlowControl,
}

impl Default for SerialSettings {
    fn default() -> Self {
        Self {
            baud_rate: 115_200,
            flow_control: FlowControl::None,
        }
    }
}

/// How a TCP transport reconnects after its connection ends or fails.
///
/// Delays start at `initial_delay` and double up to `max_delay`. Reconnection gives up after
/// `max_attempts` attempts or once `give_up_after` has passed since the connection was lost,
/// whichever comes first (`None` = no such limit; with both `None` it never gives up).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconnectPolicy {
    /// Whether to reconnect at all; when false a lost connection is [`TransportError::Closed`]
    /// or [`TransportError::Io`].
    pub enabled: bool,
    /// Delay before the first attempt (default 100 ms).
    pub initial_delay: Duration,
    /// Upper bound of the doubling delay (default 5 s).
    pub max_delay: Duration,
    /// Give up after this many attempts (default: no limit).
    pub max_attempts: Option<u32>,
    /// Give up once this much time has passed since the loss (default 30 s).
    pub give_up_after: Option<Duration>,
    /// Timeout of each connect attempt (default 5 s, cut to the time left before giving up).
    pub connect_timeout: Duration,
    /// Timeout of a blocked write (default 5 s); a timed-out write counts as a lost connection.
    pub write_timeout: Duration,
}

impl Default for ReconnectPolicy {
    fn default() -> Self {
        Self {
            enabled: true,
            initial_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            max_attempts: None,
            give_up_after: Some(Duration::from_secs(30)),
            connect_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(5),
        }
    }
}

impl ReconnectPolicy {
    /// A policy that never reconnects.
    pub fn never() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16) -> PortSpec {
        PortSpec::Tcp {
            host: host.into(),
            port,
        }
    }

    #[test]
    fn parse_serial_paths() {
        for p in [
            "/dev/ttyUSB0",
            "/dev/pts/3",
            "COM3",
            "/dev/serial/by-id/usb-ITead_Sonoff:x-if00",
        ] {
            assert_eq!(
                p.parse::<PortSpec>().unwrap(),
                PortSpec::Serial { path: p.into() },
                "{p}"
            );
        }
    }

    #[test]
    fn parse_socket_and_tcp() {
        assert_eq!(
            "socket://10.0.0.5:6638".parse::<PortSpec>().unwrap(),
            tcp("10.0.0.5", 6638)
        );
        assert_eq!(
            "tcp://slzb-06.local:6638".parse::<PortSpec>().unwrap(),
            tcp("slzb-06.local", 6638)
        );
        assert_eq!("SOCKET://h:1/".parse::<PortSpec>().unwrap(), tcp("h", 1));
        assert_eq!(
            "socket://[fd00::5]:6638".parse::<PortSpec>().unwrap(),
            tcp("fd00::5", 6638)
        );
    }

    #[test]
    fn display_roundtrips() {
        for s in [
            "socket://10.0.0.5:6638",
            "socket://[fd00::5]:6638",
            "/dev/ttyACM0",
        ] {
            assert_eq!(s.parse::<PortSpec>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_specs() {
        let cases = [
            ("", "empty"),
            ("socket://10.0.0.5", "missing port"),
            ("socket://10.0.0.5:", "missing port"),
            ("socket://:6638", "missing host"),
            ("socket://h:0", "bad port number"),
            ("socket://h:70000", "bad port number"),
            ("socket://h:66x", "bad port number"),
            ("socket://fd00::5:6638", "brackets"),
            ("socket://[fd00::5:6638", "unclosed"),
            ("socket://h:1/path", "unexpected path"),
            ("rfc2217://h:1", "unknown scheme"),
            ("10.0.0.5:6638", "socket://10.0.0.5:6638"),
        ];
        for (input, needle) in cases {
            let e = input.parse::<PortSpec>().unwrap_err();
            assert!(
                matches!(e, TransportError::InvalidSpec { .. }),
                "{input}: {e:?}"
            );
            assert!(e.to_string().contains(needle), "{input}: {e}");
        }
    }

    #[test]
    fn parse_flow_control() {
        assert_eq!(
            "rtscts".parse::<FlowControl>().unwrap(),
            FlowControl::Hardware
        );
        assert_eq!(
            "Software".parse::<FlowControl>().unwrap(),
            FlowControl::Software
        );
        assert_eq!("none".parse::<FlowControl>().unwrap(), FlowControl::None);
        assert_eq!(
            "maybe".parse::<FlowControl>(),
            Err("unknown flow control \"maybe\" (expected none, software or hardware)".to_owned())
        );
        assert_eq!(SerialSettings::default().baud_rate, 115_200);
    }
}
