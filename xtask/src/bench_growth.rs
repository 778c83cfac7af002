//! `cargo xtask bench-growth`: what eight times the corpus costs on one
//! machine — ingest MB/s, peak RSS and index size, query latency in-process
//! and over HTTP, the `search` process next to `rg -c -F` — at 1× and at 8×,
//! with the ratio of 8× to 1× of each, measured in the same run.
//!
//! Run: `cargo xtask bench-growth [CORPUS_DIR] [--copies N] [--jobs N] [--keep]`
//! (default corpus `../shared/corpus/xwlb_cctv/`, 8 copies, 2 jobs); needs
//! `cargo build --release` first for the HTTP and process figures.
//!
//! The larger corpus is the corpus's JSONL files copied `N` times under
//! `target/growth/`, each copy in a folder of its own (`r0/`, `r1/` …) and
//! each article's id prefixed with its copy (`r3-xwlb-20240305-01`): every
//! article is new to the index, and every text is there `N` times, which is
//! hard on near-duplicate collapse (a real archive has fewer copies). The
//! copies and both indexes are deleted at the end unless `--keep`.
//!
//! Reuses the parts of [`crate::bench_ingest`]: the ingest child (one
//! process per ingest, so that its `VmHWM` covers one ingest), the 30
//! checked queries, the process and ripgrep timings, the machine and the
//! commit; and the server of [`crate::bench_serve`].

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use policy_search::index::SearchIndex;
use policy_search::query::{Engine, SearchRequest, MAX_OFFSET};
use policy_search::source::{self, SourceFile};

use crate::bench_ingest::child::spawn_child;
use crate::bench_ingest::host::{dir_size, git_commit, machine};
use crate::bench_ingest::procfs::thread_cpu_ns;
use crate::bench_ingest::queries::{query_latency, query_set, request};
use crate::bench_ingest::report::{mb, ms, percentile, verdict};
use crate::bench_ingest::ripgrep::process_latency;
use crate::bench_serve;

const DEFAULT_CORPUS: &str = "../shared/corpus/xwlb_cctv/";
/// Runs of each query over HTTP, after one warm-up run.
const HTTP_RUNS: usize = 5;
/// Runs of a query timed alone (`GROWTH_QUERY`).
const RUNS_ALONE: usize = 50;
/// Runs of each extra query (的, its deep page, a next page with facets).
const EXTRA_RUNS: usize = 10;

/// The goals stated by the issue (#21).
struct Goals {
    /// ingest MB/s at 8× over 1×, at least
    speed_ratio: f64,
    /// peak RSS of an ingest, MB, at most
    rss_mb: f64,
    /// in-process p99 at 8× over 1×, at most
    p99_ratio: f64,
    /// in-process p99 at 1×, ms, at most
    p99_ms: f64,
    /// `rg -c -F` over the `search` process at 8×, at least
    rg_ratio: f64,
}

const GOALS: Goals = Goals {
    speed_ratio: 0.85,
    rss_mb: 500.0,
    p99_ratio: 2.0,
    p99_ms: 10.0,
    rg_ratio: 3.0,
};

pub(crate) struct Options {
    pub(crate) corpus: Option<PathBuf>,
    pub(crate) copies: usize,
    pub(crate) jobs: usize,
    pub(crate) keep: bool,
}

/// The figures of one size of the corpus.
struct Size {
    label: String,
    bytes: u64,
    seconds: f64,
    rss_mb: f64,
    index_mb: f64,
    p50: f64,
    p99: f64,
    /// p99 of the searching thread's CPU time: what other load on the
    /// machine does not change
    cpu_p99: f64,
    extras: Vec<(String, f64)>,
    http_p50: Option<f64>,
    http_p99: Option<f64>,
    process_ms: Option<f64>,
    rg_ms: Option<f64>,
}

impl Size {
    fn mb_per_s(&self) -> f64 {
        mb(self.bytes as f64) / self.seconds
    }
}

pub(crate) fn main(root: &Path, options: Options) -> anyhow::Result<()> {
    let corpus = options
        .corpus
        .clone()
        .unwrap_or_else(|| root.join(DEFAULT_CORPUS));
    let files = jsonl_files(&corpus)?;
    let work = root.join("target/growth");
    std::fs::create_dir_all(&work)?;
    let replicated = work.join(format!("x{}", options.copies));
    println!("# policy-search growth bench");
    println!("machine: {}", machine());
    println!("commit:  {}", git_commit(root));
    println!(
        "corpus:  {} ({} files) and {} copies of it with distinct article ids; {} jobs",
        corpus.display(),
        files.len(),
        options.copies,
        options.jobs
    );
    let started = Instant::now();
    replicate(&files, &replicated, options.copies)?;
    println!(
        "replicated into {} in {:.1} s",
        replicated.display(),
        started.elapsed().as_secs_f64()
    );

    let mut sizes = Vec::new();
    for (label, input) in [
        ("1×".to_string(), corpus.clone()),
        (format!("{}×", options.copies), replicated.clone()),
    ] {
        let index_dir = work.join(format!("index-{}", label.trim_end_matches('×')));
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir)?;
        }
        sizes.push(measure(root, &label, &input, &index_dir, options.jobs)?);
        if !options.keep {
            std::fs::remove_dir_all(&index_dir)?;
        }
    }
    if !options.keep {
        std::fs::remove_dir_all(&replicated)?;
    }
    summary(&sizes);
    Ok(())
}

/// The `.jsonl` files of `corpus`; an error when there are none (only JSONL
/// articles carry an id that a copy can change).
fn jsonl_files(corpus: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let files: Vec<SourceFile> = source::walk(&[corpus.to_path_buf()])
        .filter_map(Result::ok)
        .filter(|f| f.path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    if files.is_empty() {
        bail!("no .jsonl files in {}", corpus.display());
    }
    Ok(files)
}

/// Writes `copies` copies of `files` into `into/r0` … `into/rN`, each
/// article's `id` prefixed with `rK-`. Kept when already complete.
fn replicate(files: &[SourceFile], into: &Path, copies: usize) -> anyhow::Result<()> {
    let done = into.join("complete");
    if done.exists() {
        return Ok(());
    }
    for copy in 0..copies {
        let folder = into.join(format!("r{copy}"));
        std::fs::create_dir_all(&folder)?;
        for file in files {
            let name = file.path.file_name().context("a file name")?;
            let input = std::fs::File::open(&file.path)
                .with_context(|| format!("open {}", file.path.display()))?;
            let mut out = BufWriter::new(std::fs::File::create(folder.join(name))?);
            for line in BufReader::new(input).lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let mut article: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&line)
                        .with_context(|| format!("a JSON object in {}", file.path.display()))?;
                let Some(serde_json::Value::String(id)) = article.get("id") else {
                    bail!("{}: an article without an id", file.path.display());
                };
                let id = format!("r{copy}-{id}");
                article.insert("id".into(), serde_json::Value::String(id));
                serde_json::to_writer(&mut out, &article)?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
        }
    }
    std::fs::write(done, b"")?;
    Ok(())
}

fn measure(
    root: &Path,
    label: &str,
    input: &Path,
    index_dir: &Path,
    jobs: usize,
) -> anyhow::Result<Size> {
    println!("\n## {label}: ingest of {}", input.display());
    let bytes = dir_size(input);
    let run = spawn_child(input, index_dir, jobs);
    assert!(
        run.report.passages > 0,
        "the ingest of {} found no passages",
        input.display()
    );
    let index_mb = mb(dir_size(index_dir) as f64);
    let rss_mb = run.vm_hwm_kb as f64 / 1024.0;
    println!(
        "{:.1} MB in {:.1} s: {:.2} MB/s; peak RSS {rss_mb:.0} MB; index {index_mb:.0} MB; {} passages",
        mb(bytes as f64),
        run.seconds,
        mb(bytes as f64) / run.seconds,
        run.report.passages
    );

    let engine = Engine::new(SearchIndex::open(index_dir)?)?;
    let latencies = query_latency(&engine, &query_set());
    let extras = extra_queries(&engine)?;

    let (http_p50, http_p99) = match http_latency(root, index_dir) {
        Ok(times) => (
            Some(percentile(&times, 50.0)),
            Some(percentile(&times, 99.0)),
        ),
        Err(error) => {
            println!("HTTP skipped: {error:#}");
            (None, None)
        }
    };
    let files: Vec<SourceFile> = source::walk(&[input.to_path_buf()])
        .filter_map(Result::ok)
        .collect();
    let process = process_latency(root, index_dir, &files);
    let (process_ms, rg_ms) = process.medians();
    Ok(Size {
        label: label.to_string(),
        bytes,
        seconds: run.seconds,
        rss_mb,
        index_mb,
        p50: percentile(&latencies.all, 50.0),
        p99: percentile(&latencies.all, 99.0),
        cpu_p99: percentile(&latencies.cpu, 99.0),
        extras,
        http_p50,
        http_p99,
        process_ms,
        rg_ms,
    })
}

/// The in-process queries of [`measure`] on an existing index: the 30 and
/// the extra ones (`xtask __growth-queries DIR`, to profile them alone).
pub(crate) fn queries_only(index_dir: &Path) -> anyhow::Result<()> {
    let engine = Engine::new(SearchIndex::open(index_dir)?)?;
    if let Ok(query) = std::env::var("GROWTH_QUERY") {
        // one query alone, repeated (to profile it)
        let mut request = SearchRequest {
            query,
            ..SearchRequest::default()
        };
        // `GROWTH_FROM` alone: that day, month or year
        request.filters.from = std::env::var("GROWTH_FROM").ok();
        request.filters.to = std::env::var("GROWTH_TO")
            .ok()
            .or_else(|| request.filters.from.clone());
        let mut times = Vec::new();
        // under valgrind (to count instructions) the thread's CPU clock is
        // not read: the vDSO it is read through is not mapped there
        let clock = !under_valgrind();
        let cpu = clock.then(thread_cpu_ns);
        for _ in 0..RUNS_ALONE {
            let started = Instant::now();
            engine.search(&request)?;
            times.push(ms(started.elapsed()));
        }
        // the thread's CPU time is counted at each switch and tick: exact
        // over many runs, not for one
        let cpu_ms = cpu.map(|cpu| (thread_cpu_ns() - cpu) as f64 / 1e6 / RUNS_ALONE as f64);
        times.sort_by(f64::total_cmp);
        let cpu_ms = cpu_ms.map_or("no".to_string(), |cpu_ms| format!("{cpu_ms:.2}"));
        println!(
            "{:.2} ms median of {RUNS_ALONE}, {cpu_ms} ms CPU on average: {}",
            percentile(&times, 50.0),
            request.query
        );
        return Ok(());
    }
    let latencies = query_latency(&engine, &query_set());
    println!(
        "in-process p50 {:.2} ms, p99 {:.2} ms",
        percentile(&latencies.all, 50.0),
        percentile(&latencies.all, 99.0)
    );
    for (query, median, total) in &latencies.slowest {
        println!("  {median:>8.2}  {total:>8}  {query}");
    }
    extra_queries(&engine)?;
    Ok(())
}

/// Whether this process runs under valgrind (its preloaded library is
/// named in `LD_PRELOAD`).
fn under_valgrind() -> bool {
    std::env::var_os("LD_PRELOAD")
        .is_some_and(|preload| preload.to_string_lossy().contains("vgpreload"))
}

/// The single frequent character 的 (first page, and its deepest page,
/// collapsed) and the second page of a search with facets (counted for the
/// first): median ms of each, the answers checked.
fn extra_queries(engine: &Engine) -> anyhow::Result<Vec<(String, f64)>> {
    let de = |offset: usize, facets: bool| SearchRequest {
        query: "的".into(),
        offset,
        facets,
        ..SearchRequest::default()
    };
    let cases = [
        ("的, first page".to_string(), de(0, false)),
        (format!("的, offset {MAX_OFFSET}"), de(MAX_OFFSET, false)),
        (
            "改革 with facets, page 2".to_string(),
            SearchRequest {
                query: "改革".into(),
                offset: 10,
                facets: true,
                ..SearchRequest::default()
            },
        ),
    ];
    println!("## single character, deep page, next page with facets (median of {EXTRA_RUNS})");
    let mut rows = Vec::new();
    for (label, request) in cases {
        // the page before, with its facets, as the search page asks it
        let mut first = request.clone();
        first.offset = 0;
        engine.search(&first)?;
        let mut times = Vec::with_capacity(EXTRA_RUNS);
        for _ in 0..EXTRA_RUNS {
            let started = Instant::now();
            let results = engine.search(&request)?;
            times.push(ms(started.elapsed()));
            assert_eq!(results.hits.len(), 10, "{label}: not a full page");
            assert_eq!(results.hits[0].rank, request.offset + 1, "{label}");
            let needle = request.query.as_str();
            assert!(
                results.hits.iter().all(|h| h.text.contains(needle)),
                "{label}: a hit without {needle}"
            );
            assert_eq!(results.facets.is_some(), request.facets, "{label}");
        }
        times.sort_by(f64::total_cmp);
        let median = percentile(&times, 50.0);
        println!("  {median:>8.2}  {label}");
        rows.push((label, median));
    }
    Ok(rows)
}

/// The 30 queries through `policy-search serve` (the release binary), each
/// over a fresh connection: sorted ms of every run.
fn http_latency(root: &Path, index_dir: &Path) -> anyhow::Result<Vec<f64>> {
    let binary = root.join("target/release/policy-search");
    if !binary.is_file() {
        bail!("{} not found (cargo build --release)", binary.display());
    }
    let (mut server, addr) = bench_serve::start(&binary, index_dir)?;
    let mut times = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for query in query_set() {
            let target = api_target(&request(&query));
            bench_serve::timed(&addr, &target)?;
            for _ in 0..HTTP_RUNS {
                times.push(bench_serve::timed(&addr, &target)? * 1e3);
            }
        }
        Ok(())
    })();
    let _ = server.kill();
    let _ = server.wait();
    result?;
    times.sort_by(f64::total_cmp);
    println!(
        "## HTTP /api/search ({} queries × {HTTP_RUNS}): p50 {:.2} ms, p99 {:.2} ms",
        query_set().len(),
        percentile(&times, 50.0),
        percentile(&times, 99.0)
    );
    Ok(times)
}

/// The `/api/search` request of a search request.
fn api_target(request: &SearchRequest) -> String {
    let mut target = format!("/api/search?q={}", encode(&request.query));
    for province in &request.filters.provinces {
        target.push_str(&format!("&province={}", encode(province)));
    }
    for (name, value) in [("from", &request.filters.from), ("to", &request.filters.to)] {
        if let Some(value) = value {
            target.push_str(&format!("&{name}={}", encode(value)));
        }
    }
    if request.facets {
        target.push_str("&facets=true");
    }
    target
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn summary(sizes: &[Size]) {
    let [one, many] = sizes else { return };
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    let optional = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
    let optional_ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(a), Some(b)) => format!("{:.2}", ratio(a, b)),
        _ => "-".into(),
    };
    println!("\n## summary");
    println!(
        "| | {} | {} | {} / {} |",
        one.label, many.label, many.label, one.label
    );
    println!("|---|---|---|---|");
    let row = |name: &str, a: f64, b: f64| {
        println!("| {name} | {a:.1} | {b:.1} | {:.2} |", ratio(b, a));
    };
    row("corpus MB", mb(one.bytes as f64), mb(many.bytes as f64));
    row("ingest MB/s", one.mb_per_s(), many.mb_per_s());
    row("peak RSS of the ingest, MB", one.rss_mb, many.rss_mb);
    row("index MB", one.index_mb, many.index_mb);
    row("in-process p50 ms (30 queries)", one.p50, many.p50);
    row("in-process p99 ms (30 queries)", one.p99, many.p99);
    row("in-process p99, CPU ms", one.cpu_p99, many.cpu_p99);
    for ((label, a), (_, b)) in one.extras.iter().zip(&many.extras) {
        row(&format!("{label}, median ms"), *a, *b);
    }
    let optional_row = |name: &str, a: Option<f64>, b: Option<f64>| {
        println!(
            "| {name} | {} | {} | {} |",
            optional(a),
            optional(b),
            optional_ratio(b, a)
        );
    };
    optional_row("HTTP p50 ms", one.http_p50, many.http_p50);
    optional_row("HTTP p99 ms", one.http_p99, many.http_p99);
    optional_row(
        "`search` process, median ms",
        one.process_ms,
        many.process_ms,
    );
    optional_row("`rg -c -F`, median ms", one.rg_ms, many.rg_ms);

    println!("\n## goals (issue 21)");
    let speed = ratio(many.mb_per_s(), one.mb_per_s());
    println!(
        "ingest MB/s at {} is {speed:.2} of 1× (goal ≥ {}) {}",
        many.label,
        GOALS.speed_ratio,
        verdict(speed >= GOALS.speed_ratio)
    );
    for size in sizes {
        println!(
            "peak RSS at {}: {:.0} MB (goal ≤ {}) {}",
            size.label,
            size.rss_mb,
            GOALS.rss_mb,
            verdict(size.rss_mb <= GOALS.rss_mb)
        );
    }
    let p99 = ratio(many.p99, one.p99);
    println!(
        "in-process p99 at {} is {p99:.2}× 1× (goal ≤ {}) {}; at 1× {:.2} ms (goal ≤ {}) {}",
        many.label,
        GOALS.p99_ratio,
        verdict(p99 <= GOALS.p99_ratio),
        one.p99,
        GOALS.p99_ms,
        verdict(one.p99 <= GOALS.p99_ms)
    );
    if let (Some(ps), Some(rg)) = (many.process_ms, many.rg_ms) {
        let faster = rg / ps;
        println!(
            "`search` process at {} is {faster:.1}× faster than rg (goal ≥ {}) {}",
            many.label,
            GOALS.rg_ratio,
            verdict(faster >= GOALS.rg_ratio)
        );
    }
}
