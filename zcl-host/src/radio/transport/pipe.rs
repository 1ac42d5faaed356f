//! An in-memory duplex pipe for tests of the layers above.

use super::{ReaderInner, Transport, TransportError, WriterInner};
use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::Duration;

const NAME: &str = "in-memory pipe";

/// Receives chunks; keeps the rest of a chunk that did not fit the caller's buffer.
#[derive(Debug)]
pub(super) struct PipeReader {
    rx: Receiver<Vec<u8>>,
    pending: VecDeque<u8>,
}

/// Sends chunks.
#[derive(Debug)]
pub(super) struct PipeWriter {
    tx: Sender<Vec<u8>>,
}

/// Two connected in-memory ends: bytes written to one are read from the other. When one end
/// (both its halves) is dropped, the other's reads return [`TransportError::Closed`] once the
/// data already sent is drained, and its writes fail with it too.
pub fn pipe() -> (Transport, Transport) {
    let (tx_ab, rx_ab) = mpsc::channel();
    let (tx_ba, rx_ba) = mpsc::channel();
    let end = |rx, tx| {
        Transport::from_halves(
            ReaderInner::Pipe(PipeReader {
                rx,
                pending: VecDeque::new(),
            }),
            WriterInner::Pipe(PipeWriter { tx }),
            NAME.to_string(),
        )
    };
    (end(rx_ba, tx_ab), end(rx_ab, tx_ba))
}

fn closed() -> TransportError {
    TransportError::Closed {
        port: NAME.to_string(),
    }
}

impl PipeReader {
    fn drain_into(&mut self, buf: &mut [u8]) -> usize {
        let n = buf.len().min(self.pending.len());
        for (dst, src) in buf.iter_mut().zip(self.pending.drain(..n)) {
            *dst = src;
        }
        n
    }

    pub(super) fn read(
        &mut self,
        buf: &mut [u8],
        timeout: Duration,
    ) -> Result<usize, TransportError> {
        if self.pending.is_empty() {
            match self.rx.recv_timeout(timeout) {
                Ok(chunk) => self.pending.extend(chunk),
                Err(RecvTimeoutError::Timeout) => return Ok(0),
                Err(RecvTimeoutError::Disconnected) => return Err(closed()),
            }
        }
        // Take whatever else is already queued, as a serial read would.
        while self.pending.len() < buf.len() {
            match self.rx.try_recv() {
                Ok(chunk) => self.pending.extend(chunk),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => break,
            }
        }
        Ok(self.drain_into(buf))
    }
}

impl PipeWriter {
    pub(super) fn write_all(&mut self, bytes: &[u8]) -> Result<(), TransportError> {
        self.tx.send(bytes.to_vec()).map_err(|_| closed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_millis(200);

    #[test]
    fn pipe_carries_bytes_both_ways_and_splits_reads() {
        let (mut a, mut b) = pipe();
        a.write_all(&[1, 2, 3]).unwrap();
        a.write_all(&[4]).unwrap();
        let mut buf = [0u8; 2];
        assert_eq!(b.read(&mut buf, T).unwrap(), 2);
        assert_eq!(buf, [1, 2]);
        let mut buf = [0u8; 8];
        assert_eq!(b.read(&mut buf, T).unwrap(), 2);
        assert_eq!(&buf[..2], &[3, 4]);
        b.write_all(b"xy").unwrap();
        assert_eq!(a.read(&mut buf, T).unwrap(), 2);
        assert_eq!(&buf[..2], b"xy");
    }

    #[test]
    fn pipe_timeout_is_zero_and_drop_is_closed() {
        let (a, mut b) = pipe();
        let mut buf = [0u8; 4];
        assert_eq!(b.read(&mut buf, Duration::from_millis(10)).unwrap(), 0);
        let (_ar, mut aw) = a.split();
        aw.write_all(&[9]).unwrap();
        drop(aw);
        assert_eq!(b.read(&mut buf, T).unwrap(), 1);
        assert!(matches!(
            b.read(&mut buf, T),
            Err(TransportError::Closed { .. })
        ));
    }
}
