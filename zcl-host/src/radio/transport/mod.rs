//! Transports: serial ports, pseudo-terminals and TCP links to network-attached coordinators,
//! plus an in-memory pipe for tests. Blocking std I/O, made for a reader thread plus a writer.
//!
//! - [`Transport::open`] opens a [`PortSpec`]: a serial device (raw mode, exclusive, the baud
//!   rate and flow control of [`SerialSettings`]) or `socket://HOST:PORT` (TCP_NODELAY, automatic
//!   reconnection per [`ReconnectPolicy`]).
//! - [`PtyPair::open`] (Unix) gives the simulator the master side of a pseudo-terminal and the
//!   slave path a host opens; [`TcpServer`] accepts hosts over TCP one at a time.
//! - [`pipe`] gives two connected in-memory ends.
//!
//! Everything is a [`Transport`], which reads with a timeout ([`ByteRead`]), writes
//! ([`ByteWrite`]), and [`split`](Transport::split)s into a [`TransportReader`] for a reader
//! thread and a [`TransportWriter`] for the thread that owns the protocol.
//!
//! ## Reconnection (TCP)
//!
//! When a TCP connection ends (EOF) or fails, the half that notices reconnects (with backoff;
//! the other half waits for it) and then returns [`TransportError::Reconnected`] once; the other
//! half returns it on its next call. Nothing is lost silently: a read that reports it read
//! nothing, a write that reports it sent nothing. The protocol above must reset its link (ASH:
//! RST) because the coordinator may have restarted; [`Transport::generation`] counts connections
//! so a runtime can reset once per reconnection. When reconnection gives up,
//! [`TransportError::GaveUp`] is returned from then on.

mod error;
mod pipe;
#[cfg(unix)]
mod pty;
mod serial;
mod spec;
mod tcp;

pub use error::TransportError;
pub use pipe::pipe;
#[cfg(unix)]
pub use pty::PtyPair;
pub use spec::{FlowControl, PortSpec, ReconnectPolicy, SerialSettings};
pub use tcp::TcpServer;

use std::sync::Arc;
use std::time::Duration;

/// Reading with a timeout: the interface the layers above use (also implemented by the halves).
pub trait ByteRead {
    /// Reads what is available into `buf`, waiting up to `timeout` for the first byte.
    /// Returns `Ok(0)` when nothing came in time (or `buf` is empty); end of stream is an error
    /// ([`TransportError::Closed`], or a reconnection for TCP), never `Ok(0)`.
    fn read(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize, TransportError>;
}

/// Writing: the interface the layers above use (also implemented by the halves).
pub trait ByteWrite {
    /// Writes all of `bytes` (blocking, with a transport-specific timeout).
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError>;
}

/// An open transport: a serial port, a TCP connection, a pty master or an in-memory pipe end.
#[derive(Debug)]
pub struct Transport {
    reader: TransportReader,
    writer: TransportWriter,
}

/// The reading half of a [`Transport`] (for a reader thread).
#[derive(Debug)]
pub struct TransportReader {
    inner: ReaderInner,
    description: Arc<str>,
}

/// The writing half of a [`Transport`], which also drives DTR and RTS.
#[derive(Debug)]
pub struct TransportWriter {
    inner: WriterInner,
    description: Arc<str>,
}

#[derive(Debug)]
enum ReaderInner {
    Serial(serial::SerialHalf),
    Tcp(tcp::TcpHalf),
    Pipe(pipe::PipeReader),
    #[cfg(unix)]
    Pty(pty::PtyHalf),
}

#[derive(Debug)]
enum WriterInner {
    Serial(serial::SerialHalf),
    Tcp(tcp::TcpHalf),
    Pipe(pipe::PipeWriter),
    #[cfg(unix)]
    Pty(pty::PtyHalf),
}

impl Transport {
    /// Opens `spec` with the default [`ReconnectPolicy`] (for TCP).
    ///
    /// Serial: raw mode, 8N1, exclusive access, `settings`' baud rate and flow control; errors
    /// [`TransportError::NotFound`], [`TransportError::Busy`], [`TransportError::PermissionDenied`],
    /// [`TransportError::Open`]. TCP: one connection attempt ([`TransportError::Connect`] if it
    /// fails); reconnection applies once connected.
    pub fn open(spec: &PortSpec, settings: &SerialSettings) -> Result<Self, TransportError> {
        Self::open_with(spec, settings, &ReconnectPolicy::default())
    }

    /// Opens `spec` with an explicit reconnection policy (ignored for serial ports).
    pub fn open_with(
        spec: &PortSpec,
        settings: &SerialSettings,
        policy: &ReconnectPolicy,
    ) -> Result<Self, TransportError> {
        match spec {
            PortSpec::Serial { path } => serial::open(path, settings),
            PortSpec::Tcp { host, port } => tcp::connect(host, *port, policy),
        }
    }

    fn from_halves(reader: ReaderInner, writer: WriterInner, description: String) -> Self {
        let description: Arc<str> = description.into();
        Self {
            reader: TransportReader {
                inner: reader,
                description: Arc::clone(&description),
            },
            writer: TransportWriter {
                inner: writer,
                description,
            },
        }
    }

    /// Reads with a timeout; see [`ByteRead::read`]. An unsplit transport reports each TCP
    /// reconnection once, from whichever of `read` and `write_all` notices it first.
    pub fn read(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize, TransportError> {
        let result = self.reader.read(buf, timeout);
        if let (Err(TransportError::Reconnected { .. }), WriterInner::Tcp(t)) =
            (&result, &mut self.writer.inner)
        {
            t.catch_up();
        }
        result
    }

    /// Writes all bytes; see [`ByteWrite::write_all`].
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        let result = self.writer.write_all(bytes);
        if let (Err(TransportError::Reconnected { .. }), ReaderInner::Tcp(t)) =
            (&result, &mut self.reader.inner)
        {
            t.catch_up();
        }
        result
    }

    /// Sets DTR (serial ports only; a no-op elsewhere).
    pub fn set_dtr(&mut self, level: bool) -> Result<(), TransportError> {
        self.writer.set_dtr(level)
    }

    /// Sets RTS (serial ports only; a no-op elsewhere).
    pub fn set_rts(&mut self, level: bool) -> Result<(), TransportError> {
        self.writer.set_rts(level)
    }

    /// One line for logs: `serial /dev/ttyUSB0 at 115200 baud, flow control none`,
    /// `socket://10.0.0.5:6638`, `pty master (slave /dev/pts/3)`, `in-memory pipe`.
    pub fn describe(&self) -> &str {
        &self.reader.description
    }

    /// The connection generation: 0 for the first connection, +1 per TCP reconnection (always 0
    /// for other transports).
    pub fn generation(&self) -> u64 {
        self.reader.generation()
    }

    /// Splits into a reader (for a reader thread) and a writer. Both stay tied to the same
    /// port: a pty's slave keep-alive and a TCP connection's reconnection state are shared.
    pub fn split(self) -> (TransportReader, TransportWriter) {
        (self.reader, self.writer)
    }
}

impl TransportReader {
    /// Reads with a timeout; see [`ByteRead::read`].
    pub fn read(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize, TransportError> {
        if buf.is_empty() {
            return Ok(0);
        }
        match &mut self.inner {
            ReaderInner::Serial(s) => s.read(buf, timeout),
            ReaderInner::Tcp(t) => t.read(buf, timeout),
            ReaderInner::Pipe(p) => p.read(buf, timeout),
            #[cfg(unix)]
            ReaderInner::Pty(p) => p.read(buf, timeout),
        }
    }

    /// See [`Transport::describe`].
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// See [`Transport::generation`].
    pub fn generation(&self) -> u64 {
        match &self.inner {
            ReaderInner::Tcp(t) => t.generation(),
            _ => 0,
        }
    }
}

impl TransportWriter {
    /// Writes all bytes; see [`ByteWrite::write_all`].
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        if bytes.is_empty() {
            return Ok(());
        }
        match &mut self.inner {
            WriterInner::Serial(s) => s.write_all(bytes),
            WriterInner::Tcp(t) => t.write_all(bytes),
            WriterInner::Pipe(p) => p.write_all(bytes),
            #[cfg(unix)]
            WriterInner::Pty(p) => p.write_all(bytes),
        }
    }

    /// Sets DTR (serial ports only; a no-op elsewhere).
    pub fn set_dtr(&mut self, level: bool) -> Result<(), TransportError> {
        match &mut self.inner {
            WriterInner::Serial(s) => s.set_dtr(level),
            _ => Ok(()),
        }
    }

    /// Sets RTS (serial ports only; a no-op elsewhere). With hardware flow control the driver
    /// may own RTS.
    pub fn set_rts(&mut self, level: bool) -> Result<(), TransportError> {
        match &mut self.inner {
            WriterInner::Serial(s) => s.set_rts(level),
            _ => Ok(()),
        }
    }

    /// See [`Transport::describe`].
    pub fn describe(&self) -> &str {
        &self.description
    }

    /// See [`Transport::generation`].
    pub fn generation(&self) -> u64 {
        match &self.inner {
            WriterInner::Tcp(t) => t.generation(),
            _ => 0,
        }
    }
}

impl ByteRead for Transport {
    fn read(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize, TransportError> {
        Transport::read(self, buf, timeout)
    }
}

impl ByteWrite for Transport {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        Transport::write_all(self, bytes)
    }
}

impl ByteRead for TransportReader {
    fn read(&mut self, buf: &mut [u8], timeout: Duration) -> Result<usize, TransportError> {
        TransportReader::read(self, buf, timeout)
    }
}

impl ByteWrite for TransportWriter {
    fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        TransportWriter::write_all(self, bytes)
    }
}

/// Treats "nothing yet" kinds as a timeout.
fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut
            | std::io::ErrorKind::WouldBlock
            | std::io::ErrorKind::Interrupted
    )
}
