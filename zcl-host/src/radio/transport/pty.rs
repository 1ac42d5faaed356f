//! Pseudo-terminal pairs for the simulators (Unix).
//!
//! On Linux, reading the master while no process has the slave open fails with `EIO`, and a
//! host that closes the slave makes the master report hang-up until someone reopens it. We keep
//! our own slave descriptor open for the pair's lifetime, so the master stays usable while
//! hosts come and go: reads simply time out while no host is connected.
//!
//! A host that opens the slave with `serialport` sets `TIOCEXCL`, and clears it on close; if
//! the host is killed instead, the flag would stay set on the still-open terminal and lock out
//! every later non-root open. So the master's reader clears `TIOCEXCL` (through our slave
//! descriptor) at most every [`NXCL_INTERVAL`]. Exclusive access between hosts is still enforced
//! by the `flock` that `serialport` takes, which the kernel drops when a process dies.

use super::{ReaderInner, Transport, TransportError, WriterInner};
use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::OwnedFd;
use rustix::fs::{Mode, OFlags};
use rustix::pty::OpenptFlags;
use rustix::termios::{OptionalActions, QueueSelector};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often the reader clears a stale `TIOCEXCL` on the slave.
const NXCL_INTERVAL: Duration = Duration::from_millis(250);

/// How long a write to the master may wait for room (a host that does not read).
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// A pseudo-terminal pair: the simulator keeps the master, a host opens the slave path.
#[derive(Debug)]
pub struct PtyPair;

#[derive(Debug)]
struct PtyShared {
    master: OwnedFd,
    slave: OwnedFd,
    slave_path: String,
}

/// One half of the master side (both share the descriptors).
#[derive(Debug)]
pub(super) struct PtyHalf {
    shared: Arc<PtyShared>,
    last_nxcl: Option<Instant>,
}

fn pty_err(e: rustix::io::Errno) -> TransportError {
    TransportError::Pty { source: e.into() }
}

impl PtyPair {
    /// Creates a pair and returns the master side as a [`Transport`] and the slave's path
    /// (`/dev/pts/N`) for the host to open, e.g. with `serialport::new(path, 115200).open()`.
    ///
    /// The slave is in raw mode. Bytes the simulator writes while no host is connected wait in
    /// the terminal's buffer and reach the next host (ASH hosts discard such bytes before their
    /// RST). The pair lives as long as either half of the transport.
    pub fn open() -> Result<(Transport, String), TransportError> {
        let master =
            rustix::pty::openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC)
                .map_err(pty_err)?;
        rustix::pty::grantpt(&master).map_err(pty_err)?;
        rustix::pty::unlockpt(&master).map_err(pty_err)?;
        let name = rustix::pty::ptsname(&master, Vec::new()).map_err(pty_err)?;
        let slave_path = name.to_string_lossy().into_owned();
        let slave = rustix::fs::open(
            name.as_c_str(),
            OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )
        .map_err(pty_err)?;
        let mut termios = rustix::termios::tcgetattr(&slave).map_err(pty_err)?;
        termios.make_raw();
        rustix::termios::tcsetattr(&slave, OptionalActions::Now, &termios).map_err(pty_err)?;
        rustix::termios::tcflush(&slave, QueueSelector::IOFlush).map_err(pty_err)?;
        // Non-blocking master: reads and writes wait in poll with a timeout instead.
        let flags = rustix::fs::fcntl_getfl(&master).map_err(pty_err)?;
        rustix::fs::fcntl_setfl(&master, flags | OFlags::NONBLOCK).map_err(pty_err)?;
        let shared = Arc::new(PtyShared {
            master,
            slave,
            slave_path: slave_path.clone(),
        });
        let half = |shared: &Arc<PtyShared>| PtyHalf {
            shared: Arc::clone(shared),
            last_nxcl: None,
        };
        let transport = Transport::from_halves(
            ReaderInner::Pty(half(&shared)),
            WriterInner::Pty(half(&shared)),
            format!("pty master (slave {slave_path})"),
        );
        Ok((transport, slave_path))
    }
}

/// Waits until `fd` is ready for `events` or `timeout` passes; true when ready.
fn wait(fd: &OwnedFd, events: PollFlags, timeout: Duration) -> rustix::io::Result<bool> {
    let ts = Timespec::try_from(timeout).unwrap_or(Timespec {
        tv_sec: i64::MAX,
        tv_nsec: 0,
    });
    let mut fds = [PollFd::new(fd, events)];
    match rustix::event::poll(&mut fds, Some(&ts)) {
        Ok(n) => Ok(n > 0),
        Err(rustix::io::Errno::INTR) => Ok(false),
        Err(e) => Err(e),
    }
}

impl PtyHalf {
    fn io(&self, op: &'static str, e: rustix::io::Errno) -> TransportError {
        TransportError::io(
            &format!("pty master (slave {})", self.shared.slave_path),
            op,
            e.into(),
        )
    }

    fn clear_stale_exclusive(&mut self) {
        let due = self.last_nxcl.is_none_or(|t| t.elapsed() >= NXCL_INTERVAL);
        if due {
            let _ = rustix::termios::ioctl_tiocnxcl(&self.shared.slave);
            self.last_nxcl = Some(Instant::now());
        }
    }

    pub(super) fn read(
        &mut self,
        buf: &mut [u8],
        timeout: Duration,
    ) -> Result<usize, TransportError> {
        self.clear_stale_exclusive();
        let master = &self.shared.master;
        let ready = wait(master, PollFlags::IN, timeout).map_err(|e| self.io("read", e))?;
        if !ready {
            return Ok(0);
        }
        match rustix::io::read(master, buf) {
            Ok(n) => Ok(n),
            Err(rustix::io::Errno::AGAIN | rustix::io::Errno::INTR) => Ok(0),
            // Only without a slave open; we hold one, so treat it as "no data yet".
            Err(rustix::io::Errno::IO) => Ok(0),
            Err(e) => Err(self.io("read", e)),
        }
    }

    pub(super) fn write_all(&mut self, mut bytes: &[u8]) -> Result<(), TransportError> {
        let deadline = Instant::now() + WRITE_TIMEOUT;
        while !bytes.is_empty() {
            match rustix::io::write(&self.shared.master, bytes) {
                Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
                Err(rustix::io::Errno::AGAIN | rustix::io::Errno::INTR) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(self.io("write", rustix::io::Errno::TIMEDOUT));
                    }
                    wait(&self.shared.master, PollFlags::OUT, left)
                        .map_err(|e| self.io("write", e))?;
                }
                Err(e) => return Err(self.io("write", e)),
            }
        }
        Ok(())
    }
}
