//! Criterion benchmark placeholder, filled in with the decoder corpus.
fn main() {}
