//! ASH: the Asynchronous Serial Host link layer (Silicon Labs UG101).
