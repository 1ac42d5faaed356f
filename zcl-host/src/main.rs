//! The `zcl-host` command-line tool.
fn main() {}
