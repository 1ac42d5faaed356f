//! Decoding allocates nothing: the `allocation-counter` crate watches the frame walker (header,
//! foundation command, every record and value, collections included) over the mixed corpus.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

fn corpus() -> Vec<Vec<u8>> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/corpus/zcl-mixed.jsonl"
    ))
    .unwrap();
    text.lines()
        .map(|l| zcl_host::cli::decode::parse_json_line(l).unwrap().1)
        .collect()
}

#[test]
fn walking_the_mixed_corpus_allocates_nothing() {
    let frames = corpus();
    assert!(frames.len() > 20);
    // Control: the counter sees an allocation when there is one.
    let control = allocation_counter::measure(|| {
        std::hint::black_box(Vec::<u8>::with_capacity(16));
    });
    assert_eq!(control.count_total, 1);

    let mut acc = 0u64;
    let info = allocation_counter::measure(|| {
        for _ in 0..100 {
            for f in &frames {
                acc = acc.wrapping_add(zcl_host::walk::walk_frame(std::hint::black_box(f)));
            }
        }
    });
    std::hint::black_box(acc);
    assert_ne!(acc, 0);
    assert_eq!(info.count_total, 0, "decoding allocated: {info:?}");
}
