//! Transports: serial ports, pseudo-terminals and TCP links to network-attached coordinators.
