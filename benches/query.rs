//! Query latency (criterion) on a real index: a keyword, a phrase, a substring
//! across word boundaries, a single character, three words, queries typed
//! without spaces, a deep page, a filtered query and facets.
//!
//! Index: `index_data/samples/` plus, when present, the first
//! [`XWLB_BYTES`] of `../shared/corpus/xwlb_cctv/xwlb_2024.jsonl` (whole
//! JSONL lines, January–March: 两会 season), built in a temp dir with the
//! library's `ingest` — a few seconds of setup. Every query is checked to
//! return passages before it is timed.
//! Run: `cargo bench --bench query`.

use std::hint::black_box;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::query::{Engine, Filters, SearchRequest};

/// How much of the 2024 新闻联播 file goes into the bench index.
const XWLB_BYTES: usize = 2_500_000;

struct Fixture {
    engine: Engine,
    // keeps the index folder alive
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::Builder::new()
        .prefix("ps-query-bench-")
        .tempdir()
        .expect("temp dir");
    let mut inputs: Vec<PathBuf> = vec![root.join("index_data/samples")];
    let xwlb = root.join("../shared/corpus/xwlb_cctv/xwlb_2024.jsonl");
    let mut label = String::from("index_data/samples");
    if let Ok(text) = std::fs::read_to_string(&xwlb) {
        let mut subset = String::new();
        for line in text.lines() {
            if subset.len() + line.len() > XWLB_BYTES {
                break;
            }
            subset.push_str(line);
            subset.push('\n');
        }
        let path = dir.path().join("xwlb_2024_subset.jsonl");
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(subset.as_bytes()))
            .expect("write the corpus subset");
        label.push_str(&format!(
            " + first {:.1} MB of xwlb_2024.jsonl",
            subset.len() as f64 / 1e6
        ));
        inputs.push(path);
    }
    let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("create index");
    let started = Instant::now();
    let report = ingest(&index, &inputs, &IngestOptions::default(), &|_| {}).expect("ingest");
    assert!(report.passages > 0, "the bench index has no passage");
    eprintln!(
        "query bench index: {label}; {} articles, {} passages, {} quotes, built in {:.1} s; {} cores",
        report.articles_new,
        report.passages,
        report.quotes,
        started.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
    );
    Fixture {
        engine: Engine::new(index).expect("engine"),
        _dir: dir,
    }
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_string(),
        ..SearchRequest::default()
    }
}

fn bench_queries(c: &mut Criterion) {
    let fixture = fixture();
    let engine = &fixture.engine;
    let cases: Vec<(&str, SearchRequest, Option<&str>)> = vec![
        (
            "keyword 新质生产力",
            request("新质生产力"),
            Some("新质生产力"),
        ),
        (
            "phrase \"高质量发展\"",
            request("\"高质量发展\""),
            Some("高质量发展"),
        ),
        ("substring 质生产", request("质生产"), Some("质生产")),
        ("single char 粮", request("粮"), Some("粮")),
        (
            "filtered 高质量发展 2024",
            SearchRequest {
                filters: Filters {
                    from: Some("2024".into()),
                    to: Some("2024".into()),
                    ..Filters::default()
                },
                ..request("高质量发展")
            },
            Some("高质量发展"),
        ),
        (
            "three words 科技 创新 企业",
            request("科技 创新 企业"),
            None,
        ),
        ("unspaced 湖北新质生产力", request("湖北新质生产力"), None),
        (
            "unspaced 乡村振兴战略实施",
            request("乡村振兴战略实施"),
            None,
        ),
        (
            "deep page 的 offset 1000",
            SearchRequest {
                offset: 1000,
                ..request("的")
            },
            Some("的"),
        ),
        (
            "facets 新质生产力",
            SearchRequest {
                facets: true,
                ..request("新质生产力")
            },
            None,
        ),
    ];
    // check every query works before timing it
    for (name, request, needle) in &cases {
        let results = engine
            .search(request)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !results.hits.is_empty(),
            "{name}: no result — broken code would be timed"
        );
        if let Some(needle) = needle {
            for hit in &results.hits {
                let text = policy_search::normalize::fold(&hit.text);
                assert!(text.contains(needle), "{name}: hit without {needle}");
            }
        }
        if request.facets {
            let facets = results.facets.as_ref().expect("facets");
            assert!(!facets.year.is_empty(), "{name}: no year facet");
        }
        eprintln!("{name}: {} passages", results.total);
    }

    let mut group = c.benchmark_group("query");
    for (name, request, _) in &cases {
        group.bench_function(*name, |b| {
            b.iter(|| {
                let results = engine.search(black_box(request)).expect("search");
                assert!(!results.hits.is_empty());
                results.total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_queries);
criterion_main!(benches);
