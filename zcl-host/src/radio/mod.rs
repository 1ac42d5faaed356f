//! The I/O side of the serial link to radio coprocessors: transports (serial ports,
//! pseudo-terminals, `socket://HOST:PORT`) and the host runtimes that drive the sans-IO protocol
//! cores of [`zcl_radio`] over them.

pub mod ash_driver;
pub mod ezsp;
pub mod ports;
pub mod transport;
pub mod znp;
