//! Sniffer throughput: read, decode and decrypt a synthetic capture of NWK-encrypted ZCL
//! reports held in memory (so the disk is not measured), and the capture reader alone.
//!
//! `cargo bench -p zcl-host --bench sniff`
#![allow(missing_docs)] // criterion_group! generates undocumented items
#![allow(clippy::unwrap_used)] // a failed setup should stop the benchmark loudly

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
#[path = "../examples/support/demo_capture.rs"]
mod demo_capture;

use demo_capture::write_synthetic;
use zcl_host::capture::{CaptureReader, FrameSource, ReadOptions};
use zcl_host::render::summary::{summarize_with, SummaryOptions};
use zcl_host::sniff::KeyStore;

const FRAMES: u64 = 100_000;

fn sniff(c: &mut Criterion) {
    let mut capture = Vec::new();
    let frames = write_synthetic(&mut capture, FRAMES).unwrap();
    let mut group = c.benchmark_group("sniff");
    group.throughput(Throughput::Elements(frames));
    group.sample_size(10);
    group.bench_function("read_frames", |b| {
        b.iter(|| {
            let mut reader =
                CaptureReader::new(capture.as_slice(), ReadOptions::default()).unwrap();
            let mut bytes = 0usize;
            while let Some(frame) = reader.next_frame() {
                bytes += frame.unwrap().mac.len();
            }
            black_box(bytes)
        });
    });
    group.bench_function("summarize_decrypt", |b| {
        b.iter(|| {
            let mut keys = KeyStore::new();
            let summary = summarize_with(
                || CaptureReader::new(capture.as_slice(), ReadOptions::default()),
                &mut keys,
                SummaryOptions::default(),
            )
            .unwrap();
            assert_eq!(summary.nwk_decrypted, frames - 1);
            black_box(summary.frames)
        });
    });
    group.finish();
}

criterion_group!(benches, sniff);
criterion_main!(benches);
