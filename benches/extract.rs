//! Throughput of quote extraction on real text, in MB/s, next to a jieba
//! segmentation baseline over the same bytes so the ratio can be quoted.
//!
//! Text: the March items of `../shared/corpus/xwlb_cctv/xwlb_2024.jsonl` (两会
//! season, dense in quotes); the seed article when the corpus is absent.
//! Name decisions asked of jieba are remembered per thread, so the text is
//! timed twice: `extract_quotes` with them remembered from the rounds before
//! (as late in a long ingest), `extract_quotes_cold` forgetting them before
//! each round (every name met for the first time, as early in an ingest).
//! Run: `cargo bench --bench extract`.

use std::hint::black_box;
use std::path::Path;

use criterion::BatchSize;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use policy_search::extract::quote::extract_quotes;
use policy_search::extract::speaker::forget_names;
use policy_search::segment::jieba;

/// The article bodies to extract from.
fn corpus() -> (Vec<String>, &'static str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `shared/corpus` of the nearest folder above the repository that has one
    let corpus = root
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| root.join("../shared/corpus"));
    let xwlb = corpus.join("xwlb_cctv/xwlb_2024.jsonl");
    if let Ok(text) = std::fs::read_to_string(&xwlb) {
        let bodies: Vec<String> = text
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|item| {
                item["date"]
                    .as_str()
                    .is_some_and(|d| d.starts_with("2024-03"))
            })
            .filter_map(|item| item["body"].as_str().map(str::to_string))
            .collect();
        if !bodies.is_empty() {
            return (bodies, "xwlb_2024 March");
        }
    }
    let seed = [
        root.join("index_data/samples/lianghui_2024_xinzhi_shengchanli.txt"),
        corpus.join("seed/lianghui_2024_xinzhi_shengchanli.txt"),
    ]
    .iter()
    .find_map(|path| std::fs::read_to_string(path).ok())
    .unwrap_or_default();
    (vec![seed], "seed article")
}

/// One timed round over all bodies: a function of its own, so that a
/// profiler can count what it alone costs (`valgrind --tool=callgrind
/// --collect-atstart=no --toggle-collect='*extract_round*'` on the bench
/// binary run with `--test extract_quotes_cold`).
#[inline(never)]
fn extract_round(bodies: &[String]) -> usize {
    bodies
        .iter()
        .map(|body| extract_quotes(black_box(body)).len())
        .sum()
}

fn bench_extract(c: &mut Criterion) {
    let (bodies, label) = corpus();
    let bytes: usize = bodies.iter().map(String::len).sum();
    assert!(bytes > 0, "no text to benchmark");
    // Load the dictionary outside the timed loop and check the code under test works.
    let quotes: usize = bodies.iter().map(|b| extract_quotes(b).len()).sum();
    assert!(
        quotes > 0,
        "extraction found no quotes in {label}: broken code would be timed"
    );
    let tokens: usize = bodies.iter().map(|b| jieba().cut(b, true).len()).sum();
    assert!(tokens > 0);
    eprintln!(
        "extract bench: {label}, {} articles, {:.2} MB, {quotes} quotes; {} ({} cores)",
        bodies.len(),
        bytes as f64 / 1e6,
        std::env::consts::ARCH,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );

    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("extract_quotes", |b| b.iter(|| extract_round(&bodies)));
    group.bench_function("extract_quotes_cold", |b| {
        b.iter_batched(
            forget_names,
            |()| extract_round(&bodies),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("jieba_cut_hmm_baseline", |b| {
        b.iter(|| {
            bodies
                .iter()
                .map(|body| jieba().cut(black_box(body), true).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_extract);
criterion_main!(benches);
