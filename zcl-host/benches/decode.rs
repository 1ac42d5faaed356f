//! Decode benchmark: the mixed corpus `examples/corpus/zcl-mixed.jsonl` (read attributes
//! responses of many types, reports, configure reporting, default responses, cluster commands),
//! every frame parsed and every record and value walked.
//!
//! `cargo bench -p zcl-host --bench decode`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn corpus() -> Vec<Vec<u8>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/corpus/zcl-mixed.jsonl"
    );
    let text = std::fs::read_to_string(path).expect("corpus file");
    text.lines()
        .map(|l| {
            let (_, bytes) = zcl_host::cli::decode::parse_json_line(l).expect("corpus line");
            bytes
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let frames = corpus();
    let mut g = c.benchmark_group("zcl_decode");
    g.throughput(Throughput::Elements(frames.len() as u64));
    g.bench_function("mixed_corpus_walk_all", |b| {
        b.iter(|| {
            let mut acc = 0u64;
            for f in &frames {
                acc = acc.wrapping_add(zcl_host::walk::walk_frame(black_box(f)));
            }
            acc
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
