//! ASH: the Asynchronous Serial Host link layer between a host and a Silicon Labs EmberZNet
//! network coprocessor (NCP), as described in Silicon Labs UG101.
//!
//! # Frames
//!
//! Every frame is a control byte, a data field, a CRC and a flag:
//!
//! | control | frame | data |
//! |---|---|---|
//! | `0 fff r aaa` | DATA: frame number `fff`, retransmission bit `r`, ack number `aaa` | the upper-layer (EZSP) frame, xored with a pseudo-random sequence |
//! | `1 0 0 x n aaa` | ACK: every frame before `aaa` received; `n` = not ready | none |
//! | `1 0 1 x n aaa` | NAK: resend from `aaa` | none |
//! | `0xC0` | RST: the host asks for a reset | none |
//! | `0xC1` | RSTACK: the NCP has reset | version 2, reset code |
//! | `0xC2` | ERROR: the NCP stopped | version 2, error code |
//!
//! The CRC is CRC-CCITT (polynomial 0x1021, initial 0xFFFF) over the control byte and data as
//! sent, high byte first. The randomising sequence comes from an 8-bit shift register seeded
//! with 0x42 that feeds back 0xB8 whenever a 1 is shifted out; it keeps long runs of equal
//! bytes (and reserved bytes) out of DATA frames. Then six byte values are reserved on the
//! wire: the flag 0x7E ends a frame, 0x7D escapes the next byte (sent xor 0x20), 0x11 and 0x13
//! are XON and XOFF, 0x18 (SUBSTITUTE) marks the frame in progress as damaged, and 0x1A
//! (CANCEL) throws it away. Each of them inside a frame is sent as 0x7D and the byte xor 0x20.
//! [`Frame`] and [`Decoder`] implement this part, statelessly.
//!
//! # The link
//!
//! [`Ash`] is the state machine, for either end ([`Role`]). It never touches a port or a clock:
//! the caller feeds it what was read ([`Ash::feed`]), writes what it returns from
//! [`Ash::poll_transmit`], calls [`Ash::handle_timeout`] when [`Ash::poll_timeout`] says so,
//! and takes [`AshEvent`]s from [`Ash::poll_event`].
//!
//! - **Reset.** The link starts down. A host sends CANCEL and RST and waits up to
//!   `rstack_timeout` for RSTACK, retrying `reset_attempts` times before it fails with
//!   [`AshError::ResetFailed`]. The NCP answers RST with RSTACK and its reset reason. An RSTACK
//!   the host did not ask for, or an ERROR frame, means the NCP lost its state: the host reports
//!   [`AshEvent::NcpReset`] / [`AshEvent::NcpError`] and the layer above must reset and start
//!   over (EZSP: negotiate the version again).
//! - **Sequencing.** DATA frames carry a frame number (mod 8) and acknowledge the peer's frames
//!   with their ack number; ACK frames acknowledge alone when there is nothing to send. At most
//!   `window` (1-7) frames are unacknowledged at once. A peer that is not ready (nRdy) gets
//!   nothing new until it says otherwise.
//! - **Errors.** A damaged or out-of-sequence DATA frame makes the receiver send one NAK and
//!   enter the reject condition: further DATA is dropped until the expected frame comes, which
//!   keeps one loss from causing a burst of NAKs. A retransmission of a frame already delivered
//!   is acknowledged again but not delivered twice.
//! - **Retransmission.** A NAK, or the ack timer expiring, sends every unacknowledged frame
//!   again with the reTx bit set. The ack timer adapts to the link: each acknowledged first
//!   transmission moves it to 7/8 of its value plus 1/2 the time the ack took, within
//!   `ack_timeout_min`..`ack_timeout_max`; a timeout doubles it. After `max_ack_timeouts`
//!   consecutive timeouts the link fails ([`AshError::AckTimeouts`]; an NCP sends ERROR 0x51,
//!   "exceeded maximum ack timeout count").
//!
//! [`Counters`] count every frame, error, retransmission and reset.

mod frame;
mod link;

pub use frame::{
    Decoder, Frame, FrameError, ResetCode, StreamCounters, ASH_VERSION, CANCEL, ESCAPE, ESCAPE_XOR,
    FLAG, MAX_DATA, SUBSTITUTE, XOFF, XON,
};
pub use link::{Ash, AshConfig, AshError, AshEvent, Counters, Role};

#[cfg(test)]
mod tests;
