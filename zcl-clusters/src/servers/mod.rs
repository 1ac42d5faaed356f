//! Ready cluster servers for the device runtime.
