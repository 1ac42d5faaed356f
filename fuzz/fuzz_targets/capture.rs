//! Any bytes as a capture file (pcap or pcapng, any link type): the readers never panic, every
//! frame they give goes through the sniffer's dissector (with the default key store, so
//! decryption is attempted), and reading through a reader that returns a few bytes at a time
//! gives exactly the same frames and errors as reading the whole input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Read;
use zcl_host::render::summary::Summary;
use zcl_host::capture::{CaptureReader, FrameSource, ReadOptions};
use zcl_host::sniff::{dissect, KeyStore};

/// Hands out at most `step` bytes per read.
struct Trickle<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        let (head, rest) = self.data.split_at(n);
        buf[..n].copy_from_slice(head);
        self.data = rest;
        Ok(n)
    }
}

/// Every frame (as `Debug` text) and error message of a stream, and its summary counts.
fn read_all<R: Read>(reader: R) -> (Vec<String>, Summary) {
    let mut out = Vec::new();
    let mut summary = Summary::default();
    let mut keys = KeyStore::new();
    let mut reader = match CaptureReader::new(reader, ReadOptions::default()) {
        Ok(r) => r,
        Err(e) => return (vec![e.to_string()], summary),
    };
    while let Some(item) = reader.next_frame() {
        match item {
            Ok(frame) => {
                out.push(format!("{frame:?}"));
                let d = dissect(frame.mac, &mut keys);
                let _ = d.to_string();
                summary.add(&d);
            }
            Err(e) => out.push(e.to_string()),
        }
    }
    (out, summary)
}

fuzz_target!(|data: &[u8]| {
    let whole = read_all(data);
    let step = usize::from(data.first().copied().unwrap_or(1) % 7) + 1;
    let trickled = read_all(Trickle { data, step });
    assert_eq!(whole, trickled, "reading in pieces of {step} bytes differs");
});
