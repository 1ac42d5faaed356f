//! TCP: the reconnecting client for network-attached coordinators, and [`TcpServer`] for the
//! simulator's `--listen`.

use super::{is_timeout, ReaderInner, ReconnectPolicy, Transport, TransportError, WriterInner};
use std::io::{self, Read as _, Write as _};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// Smallest socket timeout (std rejects zero).
const MIN_TIMEOUT: Duration = Duration::from_millis(1);

/// Where to reconnect to.
#[derive(Debug)]
struct Target {
    host: String,
    port: u16,
}

/// State shared by the two halves of one TCP transport.
#[derive(Debug)]
struct Shared {
    name: String,
    target: Option<Target>,
    policy: ReconnectPolicy,
    generation: AtomicU64,
    conn: Mutex<Conn>,
}

#[derive(Debug)]
struct Conn {
    stream: TcpStream,
    generation: u64,
    end: Option<End>,
}

/// Why the transport is finished.
#[derive(Debug, Clone)]
enum End {
    Closed,
    GaveUp {
        attempts: u32,
        elapsed: Duration,
        last_error: String,
    },
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Conn> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn end_error(&self, end: &End) -> TransportError {
        match end {
            End::Closed => TransportError::Closed {
                port: self.name.clone(),
            },
            End::GaveUp {
                attempts,
                elapsed,
                last_error,
            } => TransportError::GaveUp {
                port: self.name.clone(),
                attempts: *attempts,
                elapsed: *elapsed,
                last_error: last_error.clone(),
            },
        }
    }
}

/// One half: its own clone of the current stream, and the generation it belongs to.
#[derive(Debug)]
pub(super) struct TcpHalf {
    shared: Arc<Shared>,
    stream: TcpStream,
    generation: u64,
}

/// What went wrong with the stream.
enum Failure {
    Eof,
    Io(&'static str, io::Error),
}

fn configure(stream: &TcpStream, policy: &ReconnectPolicy) -> io::Result<()> {
    stream.set_nodelay(true)?;
    stream.set_write_timeout(Some(policy.write_timeout.max(MIN_TIMEOUT)))?;
    Ok(())
}

/// Resolves and connects, trying each address; the last error if none works.
fn connect_once(host: &str, port: u16, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "host name resolved to no address");
    for addr in (host, port).to_socket_addrs()? {
        match TcpStream::connect_timeout(&addr, timeout.max(MIN_TIMEOUT)) {
            Ok(s) => return Ok(s),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn halves(shared: Arc<Shared>, stream: TcpStream) -> Result<Transport, TransportError> {
    let clone = stream
        .try_clone()
        .map_err(|e| TransportError::io(&shared.name, "clone socket", e))?;
    let reader = TcpHalf {
        shared: Arc::clone(&shared),
        stream: clone,
        generation: 0,
    };
    let writer = TcpHalf {
        shared: Arc::clone(&shared),
        stream,
        generation: 0,
    };
    let description = match &shared.target {
        Some(_) => shared.name.clone(),
        None => format!("TCP client {}", shared.name),
    };
    Ok(Transport::from_halves(
        ReaderInner::Tcp(reader),
        WriterInner::Tcp(writer),
        description,
    ))
}

/// Connects to `socket://host:port` once; reconnects later per `policy`.
pub(super) fn connect(
    host: &str,
    port: u16,
    policy: &ReconnectPolicy,
) -> Result<Transport, TransportError> {
    let name = super::PortSpec::Tcp {
        host: host.to_string(),
        port,
    }
    .to_string();
    let stream = connect_once(host, port, policy.connect_timeout)
        .and_then(|s| configure(&s, policy).map(|()| s))
        .map_err(|source| TransportError::Connect {
            address: name.clone(),
            source,
        })?;
    let clone = stream
        .try_clone()
        .map_err(|e| TransportError::io(&name, "clone socket", e))?;
    let shared = Arc::new(Shared {
        name,
        target: Some(Target {
            host: host.to_string(),
            port,
        }),
        policy: policy.clone(),
        generation: AtomicU64::new(0),
        conn: Mutex::new(Conn {
            stream: clone,
            generation: 0,
            end: None,
        }),
    });
    halves(shared, stream)
}

/// Reconnects with backoff until connected or the policy gives up.
fn reconnect(target: &Target, policy: &ReconnectPolicy) -> Result<TcpStream, End> {
    let start = Instant::now();
    let mut delay = policy.initial_delay;
    let mut attempts: u32 = 0;
    let give_up = |attempts, last_error: String| End::GaveUp {
        attempts,
        elapsed: start.elapsed(),
        last_error,
    };
    let mut last_error = String::from("no attempt made");
    loop {
        let remaining = policy
            .give_up_after
            .map(|limit| limit.saturating_sub(start.elapsed()));
        if remaining.is_some_and(|r| r.is_zero()) {
            return Err(give_up(attempts, last_error));
        }
        let pause = remaining.map_or(delay, |r| delay.min(r));
        std::thread::sleep(pause);
        attempts = attempts.saturating_add(1);
        let timeout = policy
            .give_up_after
            .map(|limit| limit.saturating_sub(start.elapsed()))
            .map_or(policy.connect_timeout, |r| policy.connect_timeout.min(r));
        match connect_once(&target.host, target.port, timeout)
            .and_then(|s| configure(&s, policy).map(|()| s))
        {
            Ok(s) => return Ok(s),
            Err(e) => last_error = e.to_string(),
        }
        if policy.max_attempts.is_some_and(|max| attempts >= max) {
            return Err(give_up(attempts, last_error));
        }
        delay = delay
            .saturating_mul(2)
            .min(policy.max_delay.max(policy.initial_delay));
    }
}

impl TcpHalf {
    pub(super) fn generation(&self) -> u64 {
        self.shared.generation.load(Ordering::Acquire)
    }

    /// Takes over a newer connection made by the other half; `Some(generation)` if it did.
    fn adopt(&mut self, conn: &Conn) -> Result<Option<u64>, TransportError> {
        if conn.generation == self.generation {
            return Ok(None);
        }
        self.stream = conn
            .stream
            .try_clone()
            .map_err(|e| TransportError::io(&self.shared.name, "clone socket", e))?;
        self.generation = conn.generation;
        Ok(Some(conn.generation))
    }

    /// Takes over the current connection without reporting it (the other half of an unsplit
    /// transport already did).
    pub(super) fn catch_up(&mut self) {
        let shared = Arc::clone(&self.shared);
        let conn = shared.lock();
        let _ = self.adopt(&conn);
    }

    fn reconnected(&self, generation: u64) -> TransportError {
        TransportError::Reconnected {
            port: self.shared.name.clone(),
            generation,
        }
    }

    /// Before an operation: fails if the transport ended, reports a reconnection by the other half.
    fn check(&mut self) -> Result<(), TransportError> {
        let shared = Arc::clone(&self.shared);
        let conn = shared.lock();
        if let Some(end) = &conn.end {
            return Err(shared.end_error(end));
        }
        match self.adopt(&conn)? {
            Some(g) => Err(self.reconnected(g)),
            None => Ok(()),
        }
    }

    /// After a failure: reconnects (or ends) and returns the error to report.
    fn fail(&mut self, failure: Failure) -> TransportError {
        let shared = Arc::clone(&self.shared);
        let mut conn = shared.lock();
        if let Some(end) = &conn.end {
            return shared.end_error(end);
        }
        match self.adopt(&conn) {
            Ok(Some(g)) => return self.reconnected(g),
            Ok(None) => {}
            Err(e) => return e,
        }
        let _ = conn.stream.shutdown(Shutdown::Both);
        let target = match (&shared.target, shared.policy.enabled) {
            (Some(target), true) => target,
            _ => {
                conn.end = Some(End::Closed);
                return match failure {
                    Failure::Eof => shared.end_error(&End::Closed),
                    Failure::Io(op, e) => TransportError::io(&shared.name, op, e),
                };
            }
        };
        match reconnect(target, &shared.policy) {
            Ok(stream) => {
                conn.stream = stream;
                conn.generation = conn.generation.saturating_add(1);
                shared.generation.store(conn.generation, Ordering::Release);
                match self.adopt(&conn) {
                    Ok(_) => self.reconnected(conn.generation),
                    Err(e) => e,
                }
            }
            Err(end) => {
                let e = shared.end_error(&end);
                conn.end = Some(end);
                e
            }
        }
    }

    pub(super) fn read(
        &mut self,
        buf: &mut [u8],
        timeout: Duration,
    ) -> Result<usize, TransportError> {
        self.check()?;
        if let Err(e) = self.stream.set_read_timeout(Some(timeout.max(MIN_TIMEOUT))) {
            return Err(self.fail(Failure::Io("read", e)));
        }
        match self.stream.read(buf) {
            Ok(0) => Err(self.fail(Failure::Eof)),
            Ok(n) => Ok(n),
            Err(e) if is_timeout(&e) => Ok(0),
            Err(e) => Err(self.fail(Failure::Io("read", e))),
        }
    }

    pub(super) fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        self.check()?;
        match self.stream.write_all(bytes) {
            Ok(()) => Ok(()),
            Err(e) => Err(self.fail(Failure::Io("write", e))),
        }
    }
}

/// A TCP listener for the simulator side: hands out one client connection at a time.
///
/// [`accept`](Self::accept) returns the next client as a [`Transport`] (no reconnection; when
/// the client disconnects its reads return [`TransportError::Closed`]). Serve it until then and
/// call `accept` again for the next client. Clients that connect meanwhile wait in the listen
/// backlog.
#[derive(Debug)]
pub struct TcpServer {
    listener: TcpListener,
    local: SocketAddr,
}

impl TcpServer {
    /// Binds `addr` (`"127.0.0.1:0"` picks a free port; see [`local_addr`](Self::local_addr)).
    pub fn bind(addr: &str) -> Result<Self, TransportError> {
        let bind_err = |source| TransportError::Bind {
            address: addr.to_string(),
            source,
        };
        let listener = TcpListener::bind(addr).map_err(bind_err)?;
        let local = listener.local_addr().map_err(bind_err)?;
        listener.set_nonblocking(true).map_err(bind_err)?;
        Ok(Self { listener, local })
    }

    /// The address actually bound (with the real port when bound to port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local
    }

    /// Waits up to `timeout` (`None` = forever) for a client; `Ok(None)` on timeout.
    /// Returns the client's transport and address.
    pub fn accept(
        &self,
        timeout: Option<Duration>,
    ) -> Result<Option<(Transport, SocketAddr)>, TransportError> {
        let deadline = timeout.map(|t| Instant::now() + t);
        let name = format!("tcp://{}", self.local);
        loop {
            match self.listener.accept() {
                Ok((stream, peer)) => {
                    let policy = ReconnectPolicy::never();
                    stream
                        .set_nonblocking(false)
                        .and_then(|()| configure(&stream, &policy))
                        .map_err(|e| TransportError::io(&name, "accept", e))?;
                    let clone = stream
                        .try_clone()
                        .map_err(|e| TransportError::io(&name, "accept", e))?;
                    let shared = Arc::new(Shared {
                        name: peer.to_string(),
                        target: None,
                        policy,
                        generation: AtomicU64::new(0),
                        conn: Mutex::new(Conn {
                            stream: clone,
                            generation: 0,
                            end: None,
                        }),
                    });
                    return halves(shared, stream).map(|t| Some((t, peer)));
                }
                Err(e) if is_timeout(&e) || e.kind() == io::ErrorKind::ConnectionAborted => {
                    let now = Instant::now();
                    if deadline.is_some_and(|d| now >= d) {
                        return Ok(None);
                    }
                    let nap = deadline.map_or(Duration::from_millis(20), |d| {
                        (d - now).min(Duration::from_millis(20))
                    });
                    std::thread::sleep(nap);
                }
                Err(e) => return Err(TransportError::io(&name, "accept", e)),
            }
        }
    }
}
