//! # zcl-radio
//!
//! Sans-IO protocol cores for the serial link to Zigbee radio coprocessors. Nothing here opens a
//! port, spawns a thread or reads a clock: bytes and instants go in, frames, events and bytes to
//! write come out. The I/O runtime (serial ports, TCP, pseudo-terminals) and the simulated
//! coprocessors live in `zcl-host`, which drives these cores.
//!
//! - [`ash`]: Silicon Labs Asynchronous Serial Host protocol (UG101), host and NCP roles.
//! - [`ezsp`]: EmberZNet Serial Protocol frames, version negotiation and typed commands (UG100).
//! - [`mt`]: TI Z-Stack Monitor and Test (MT) framing, typed ZNP commands and request tracking.

pub mod ash;
pub mod ezsp;
pub mod mt;
