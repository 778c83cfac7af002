//! `cargo xtask bench-opensearch URL [YEAR_FILE]`: export throughput and
//! query latency through the OpenSearch backend, with the embedded index as
//! the baseline in the same run, on one year of 新闻联播.
//!
//! 1. ingest the year into a temporary embedded index (the baseline of
//!    throughput: documents/s and MB/s of text of our own ingest);
//! 2. export it to NDJSON files (our side of an export alone) and to the
//!    cluster (`bench-xwlb`, 2 shards, 1 replica): documents/s, MB/s of text;
//! 3. the same queries, each run 10 times, through both backends: p50 and
//!    p95 latency and their ratio.
//!
//! Needs a running cluster (`opensearch/cluster.sh start 2`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions};
use policy_search::opensearch::{
    export_to_cluster, export_to_dir, Client, ExportOptions, ExportSummary, Layout,
    OpenSearchBackend, Target,
};
use policy_search::query::{Engine, SearchBackend, SearchRequest};

use crate::bench_ingest::host::{git_commit, machine};

const INDEX: &str = "bench-xwlb";
const RUNS: usize = 10;
const QUERIES: &[&str] = &[
    "新质生产力",
    "乡村振兴",
    "人工智能 产业",
    "\"全国人大代表\"",
    "质生产",
    "茶",
    "新質生產力",
    "两会 -代表",
    "湖北 OR 湖南",
    "科技 创新 人才",
    "发展",
    "碳达峰 碳中和",
];

pub(crate) fn main(root: &Path, url: &str, year: Option<PathBuf>) -> anyhow::Result<()> {
    let year = year.unwrap_or_else(|| root.join("../shared/corpus/xwlb_cctv/xwlb_2024.jsonl"));
    anyhow::ensure!(year.exists(), "{} not found", year.display());
    println!("machine: {}", machine());
    println!("commit:  {}", git_commit(root));
    println!("input:   {}", year.display());

    let tmp = tempfile::tempdir()?;
    let index = SearchIndex::open_or_create(&tmp.path().join("index"))?;
    let started = Instant::now();
    let report = ingest::ingest(
        &index,
        std::slice::from_ref(&year),
        &IngestOptions::default(),
        &|_| {},
    )?;
    let ingest_seconds = started.elapsed().as_secs_f64();
    let text_mb = report.bytes_read as f64 / 1e6;
    let documents = index.document_count()?;
    println!(
        "\n| step | documents/s | MB/s of text | seconds |\n|---|---|---|---|\n| embedded ingest (baseline: {} articles, {documents} documents, {text_mb:.1} MB read) | {:.0} | {:.2} | {:.1} |",
        report.articles_new,
        documents as f64 / ingest_seconds,
        text_mb / ingest_seconds,
        ingest_seconds
    );
    let options = ExportOptions {
        layout: Layout {
            shards: 2,
            replicas: 1,
        },
        ..ExportOptions::default()
    };
    let row = |name: &str, s: &ExportSummary| {
        println!(
            "| {name} ({:.1} MB of text, {} batches, {} retries) | {:.0} | {:.2} | {:.1} |",
            s.text_bytes as f64 / 1e6,
            s.batches,
            s.retries,
            s.documents as f64 / s.seconds,
            s.text_bytes as f64 / 1e6 / s.seconds,
            s.seconds
        );
    };
    let files = export_to_dir(&index, &tmp.path().join("bulk"), &options, |_| {})?;
    row("export to NDJSON files", &files);
    let target = Target::parse(url, Some(INDEX))?;
    let client = Client::new(&target.base);
    client.send("DELETE", &format!("/{INDEX}"), None)?;
    let cluster = export_to_cluster(&index, &target, &options, |_| {})
        .with_context(|| format!("export to {}", target.url()))?;
    anyhow::ensure!(cluster.failed.is_empty(), "{:?}", cluster.failed);
    row("export to the cluster (2 shards, 1 replica)", &cluster);

    let engine = Engine::new(index)?;
    let remote = OpenSearchBackend::connect(&target)?;
    let backends: [(&str, &dyn SearchBackend); 2] =
        [("embedded", &engine), ("opensearch", &remote)];
    let mut latencies: Vec<Vec<f64>> = vec![Vec::new(); 2];
    for query in QUERIES {
        let request = SearchRequest {
            query: query.to_string(),
            facets: true,
            ..SearchRequest::default()
        };
        for (i, (_, backend)) in backends.iter().enumerate() {
            backend.search(&request)?; // warm
            for _ in 0..RUNS {
                let started = Instant::now();
                let results = backend.search(&request)?;
                latencies[i].push(started.elapsed().as_secs_f64() * 1000.0);
                anyhow::ensure!(results.total > 0, "{query}: no hit");
            }
        }
    }
    println!(
        "\n{} queries × {RUNS} runs (10 hits, facets, collapse), latency in ms:\n| backend | p50 | p95 | p50 / embedded |\n|---|---|---|---|",
        QUERIES.len()
    );
    let mut base = 0.0;
    for (i, (name, _)) in backends.iter().enumerate() {
        let sorted = &mut latencies[i];
        sorted.sort_by(f64::total_cmp);
        let p50 = percentile(sorted, 0.50);
        let p95 = percentile(sorted, 0.95);
        if i == 0 {
            base = p50;
        }
        println!(
            "| {name} | {p50:.2} | {p95:.2} | {:.1}× |",
            p50 / base.max(1e-9)
        );
    }
    client.send("DELETE", &format!("/{INDEX}"), None)?;
    Ok(())
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}
