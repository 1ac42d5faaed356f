//! Host-side request tracker: pairs each SREQ with its SRSP, times requests out and routes
//! AREQs to a callback queue. Sans-IO: bytes and [`Instant`]s in, bytes and events out.
//!
//! MT allows one outstanding SREQ at a time, so the tracker holds at most one. An SRSP is
//! paired with it only when subsystem and command id match; an RPC error pairs only when the
//! header it names is the pending request's. Anything else is reported as
//! [`Event::Unexpected`] and never completes the pending request, so a late answer to a timed
//! out request cannot be taken for the answer to a different one. (MT frames carry no
//! sequence number: a late SRSP for a timed-out request *with the same header* as the next one
//! cannot be told apart; hosts should re-synchronise, e.g. with `SYS_PING`, after a timeout.)

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use super::commands::{rpc::RpcError, Command, Request};
use super::frame::{CommandType, Decoder, EncodeError, Frame, FrameError, Header};
use super::types::RpcErrorCode;
use super::wire::DecodeError;

/// Identifies one request started on a [`RequestTracker`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// No SRSP arrived before the deadline.
    #[error("no response to {request} within {timeout:?}")]
    Timeout {
        /// Header of the request.
        request: Header,
        /// Timeout that applied.
        timeout: Duration,
    },
    /// The coprocessor refused the request with an RPC error.
    #[error("coprocessor refused {request}: {code:?}")]
    Rpc {
        /// Header of the request.
        request: Header,
        /// Error code.
        code: RpcErrorCode,
    },
    /// The tracker was reset (for example after the coprocessor reset) while the request was
    /// pending.
    #[error("request {request} abandoned by a reset")]
    Abandoned {
        /// Header of the request.
        request: Header,
    },
}

impl RequestError {
    /// Whether sending the request again may succeed: a timeout or reset may; an RPC error
    /// (unsupported subsystem or command, bad parameter or length) will not.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Abandoned { .. } => true,
            Self::Rpc { .. } => false,
        }
    }
}

/// Errors starting a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrackerError {
    /// An SREQ is already outstanding.
    #[error("request {pending:?} ({header}) is still outstanding")]
    Busy {
        /// The outstanding request.
        pending: RequestId,
        /// Its header.
        header: Header,
    },
    /// The frame is not an SREQ (use [`RequestTracker::send_areq`] for AREQs).
    #[error("{header} is not an SREQ")]
    NotSreq {
        /// Header of the frame.
        header: Header,
    },
    /// The frame is not an AREQ.
    #[error("{header} is not an AREQ")]
    NotAreq {
        /// Header of the frame.
        header: Header,
    },
    /// The request could not be encoded.
    #[error(transparent)]
    Encode(#[from] EncodeError),
}

/// What the tracker reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The SRSP for a request.
    Response {
        /// Request answered.
        id: RequestId,
        /// The SRSP frame (decode with [`Request::Response`] or [`typed_response`]).
        frame: Frame,
    },
    /// A request failed.
    Failed {
        /// Request that failed.
        id: RequestId,
        /// Why.
        error: RequestError,
    },
    /// An AREQ from the coprocessor (decode with [`super::commands::Callback`]).
    Callback(Frame),
    /// An SRSP (or RPC error) that does not answer the pending request, or arrived with none
    /// pending. It is dropped.
    Unexpected(Frame),
    /// A framing error on the link (the decoder has resynchronised).
    Framing(FrameError),
}

#[derive(Debug, Clone)]
struct Pending {
    id: RequestId,
    header: Header,
    deadline: Instant,
    timeout: Duration,
}

/// Pairs SREQs with SRSPs; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct RequestTracker {
    decoder: Decoder,
    pending: Option<Pending>,
    events: VecDeque<Event>,
    next_id: u64,
    default_timeout: Duration,
}

impl RequestTracker {
    /// A tracker whose requests time out after `default_timeout`.
    #[must_use]
    pub fn new(default_timeout: Duration) -> Self {
        Self {
            decoder: Decoder::new(),
            pending: None,
            events: VecDeque::new(),
            next_id: 0,
            default_timeout,
        }
    }

    /// Whether an SREQ is outstanding.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.pending.is_some()
    }

    /// The outstanding request and its header, if any.
    #[must_use]
    pub fn pending(&self) -> Option<(RequestId, Header)> {
        self.pending.as_ref().map(|p| (p.id, p.header))
    }

    /// Starts a typed request with the default timeout; returns its id and the bytes to write.
    ///
    /// # Errors
    /// [`TrackerError::Busy`] while another SREQ is outstanding; encoding errors.
    pub fn start<R: Request>(
        &mut self,
        request: &R,
        now: Instant,
    ) -> Result<(RequestId, Vec<u8>), TrackerError> {
        let frame = request.to_frame()?;
        self.start_frame(&frame, now, self.default_timeout)
    }

    /// Starts an SREQ given as a frame, with an explicit timeout.
    ///
    /// # Errors
    /// [`TrackerError::Busy`] or [`TrackerError::NotSreq`].
    pub fn start_frame(
        &mut self,
        frame: &Frame,
        now: Instant,
        timeout: Duration,
    ) -> Result<(RequestId, Vec<u8>), TrackerError> {
        if frame.header.kind() != CommandType::Sreq {
            return Err(TrackerError::NotSreq {
                header: frame.header,
            });
        }
        if let Some(p) = &self.pending {
            return Err(TrackerError::Busy {
                pending: p.id,
                header: p.header,
            });
        }
        let id = RequestId(self.next_id);
        self.next_id += 1;
        self.pending = Some(Pending {
            id,
            header: frame.header,
            deadline: now.checked_add(timeout).unwrap_or(now),
            timeout,
        });
        Ok((id, frame.to_bytes()))
    }

    /// Encodes an AREQ to the coprocessor (such as `SYS_RESET_REQ`); nothing is tracked.
    ///
    /// # Errors
    /// [`TrackerError::NotAreq`] or encoding errors.
    pub fn send_areq<C: Command>(&mut self, command: &C) -> Result<Vec<u8>, TrackerError> {
        let frame = command.to_frame()?;
        if frame.header.kind() != CommandType::Areq {
            return Err(TrackerError::NotAreq {
                header: frame.header,
            });
        }
        Ok(frame.to_bytes())
    }

    /// Feeds bytes read from the link; events become available through
    /// [`RequestTracker::poll_event`].
    pub fn receive(&mut self, bytes: &[u8]) {
        for item in self.decoder.feed(bytes) {
            match item {
                Ok(frame) => self.handle_frame(frame),
                Err(e) => self.events.push_back(Event::Framing(e)),
            }
        }
    }

    /// Gives up on a partial frame after the line went quiet (see
    /// [`Decoder::expire_partial`]).
    pub fn expire_partial(&mut self) {
        for item in self.decoder.expire_partial() {
            match item {
                Ok(frame) => self.handle_frame(frame),
                Err(e) => self.events.push_back(Event::Framing(e)),
            }
        }
    }

    /// Handles one decoded frame.
    pub fn handle_frame(&mut self, frame: Frame) {
        match frame.header.kind() {
            CommandType::Srsp => self.handle_srsp(frame),
            CommandType::Areq => self.events.push_back(Event::Callback(frame)),
            _ => self.events.push_back(Event::Unexpected(frame)),
        }
    }

    fn handle_srsp(&mut self, frame: Frame) {
        let Some(pending) = &self.pending else {
            self.events.push_back(Event::Unexpected(frame));
            return;
        };
        if frame.header == RpcError::header() {
            match RpcError::from_payload(frame.payload()) {
                Ok(err) if err.request == pending.header => {
                    let (id, request) = (pending.id, pending.header);
                    self.pending = None;
                    self.events.push_back(Event::Failed {
                        id,
                        error: RequestError::Rpc {
                            request,
                            code: err.error_code,
                        },
                    });
                }
                _ => self.events.push_back(Event::Unexpected(frame)),
            }
            return;
        }
        if frame.header == pending.header.with_kind(CommandType::Srsp) {
            let id = pending.id;
            self.pending = None;
            self.events.push_back(Event::Response { id, frame });
        } else {
            self.events.push_back(Event::Unexpected(frame));
        }
    }

    /// When [`RequestTracker::handle_timeout`] should next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.pending.as_ref().map(|p| p.deadline)
    }

    /// Fails the pending request if its deadline has passed at `now`.
    pub fn handle_timeout(&mut self, now: Instant) {
        if let Some(p) = &self.pending {
            if now >= p.deadline {
                let (id, request, timeout) = (p.id, p.header, p.timeout);
                self.pending = None;
                self.events.push_back(Event::Failed {
                    id,
                    error: RequestError::Timeout { request, timeout },
                });
            }
        }
    }

    /// Abandons the pending request (reported as [`RequestError::Abandoned`]) and drops any
    /// partial frame, e.g. after the port was reopened.
    pub fn reset(&mut self) {
        self.decoder.reset();
        if let Some(p) = self.pending.take() {
            self.events.push_back(Event::Failed {
                id: p.id,
                error: RequestError::Abandoned { request: p.header },
            });
        }
    }

    /// The next event, oldest first.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }
}

/// Decodes the SRSP of an [`Event::Response`] as the response type of `R`.
///
/// # Errors
/// [`DecodeError::WrongHeader`] or a payload error.
pub fn typed_response<R: Request>(frame: &Frame) -> Result<R::Response, DecodeError> {
    R::Response::from_frame(frame)
}
