//! The bench's summary: the markdown table for docs/PERFORMANCE.md and the
//! README, and the small formatting helpers every section prints with
//! (verdicts against the goals, MB, ms, percentiles). Measures nothing.

use std::path::Path;
use std::time::Duration;

use super::analyzers::TokenizerCost;
use super::child::ChildRun;
use super::queries::{Latencies, QUERY_RUNS};
use super::ripgrep::ProcessLatency;
use super::{IngestRun, GOAL_P99_MS, GOAL_PROCESS_MS, GOAL_RATIO, GOAL_REINGEST, GOAL_RSS_MB};

pub(crate) struct SummaryInput<'a> {
    pub(crate) machine: &'a str,
    pub(crate) commit: &'a str,
    pub(crate) input: &'a Path,
    pub(crate) input_bytes: u64,
    pub(crate) runs: &'a [IngestRun],
    /// seconds of the bare core without and with the recall index
    pub(crate) recall_cost: (f64, f64),
    pub(crate) again: &'a ChildRun,
    pub(crate) speedup: f64,
    pub(crate) tokenizers: &'a [TokenizerCost],
    pub(crate) latencies: &'a Latencies,
    pub(crate) process: &'a ProcessLatency,
}

pub(crate) fn summary(s: SummaryInput) {
    let input_mb = mb(s.input_bytes as f64);
    println!();
    println!("## summary (markdown, for the README)");
    println!();
    println!(
        "`cargo xtask bench-ingest` on {} ({input_mb:.0} MB), commit {}, {}.",
        s.input.display(),
        s.commit,
        s.machine
    );
    println!();
    println!("| measure | result | goal |");
    println!("|---|---|---|");
    for run in s.runs {
        let full = &run.full;
        println!(
            "| ingest, {} job(s) | {:.2} MB/s, {:.0} passages/s ({:.0} s) | |",
            run.jobs,
            input_mb / full.seconds,
            full.report.passages as f64 / full.seconds,
            full.seconds
        );
        println!(
            "| bare tantivy + tantivy-jieba, {} thread(s) | {:.2} MB/s ({:.0} s) | |",
            run.jobs,
            input_mb / run.bare.seconds,
            run.bare.seconds
        );
        println!(
            "| full / bare, {} job(s) | {:.2} | ≥ {GOAL_RATIO} {} |",
            run.jobs,
            run.ratio(),
            verdict(run.ratio() >= GOAL_RATIO)
        );
        println!(
            "| peak RSS, {} job(s) | {:.0} MB | ≤ {GOAL_RSS_MB:.0} MB {} |",
            run.jobs,
            run.full.vm_hwm_kb as f64 / 1024.0,
            verdict(run.full.vm_hwm_kb as f64 / 1024.0 <= GOAL_RSS_MB)
        );
    }
    if let Some(run) = s.runs.last() {
        println!(
            "| index size / input | {:.2} ({:.0} MB; bare {:.0} MB) | |",
            run.full_index as f64 / s.input_bytes as f64,
            mb(run.full_index as f64),
            mb(run.bare.index_bytes as f64)
        );
    }
    let (off, on) = s.recall_cost;
    println!(
        "| recall index's cost on the bare core, {} thread(s) | +{:.0}% ({off:.1} s → {on:.1} s) | |",
        s.runs.last().map_or(1, |r| r.jobs),
        100.0 * (on / off - 1.0)
    );
    println!(
        "| re-ingest, unchanged | {:.2} s, {:.0}× faster | ≥ {GOAL_REINGEST:.0}× {} |",
        s.again.seconds,
        s.speedup,
        verdict(s.speedup >= GOAL_REINGEST)
    );
    for cost in s.tokenizers {
        println!(
            "| analyzer {} alone, 1 thread | {:.2} s, {} tokens | |",
            cost.name, cost.seconds, cost.tokens
        );
    }
    let l = s.latencies;
    println!(
        "| query in-process, overall (30 queries × {QUERY_RUNS}) | p50 {:.2} ms, p99 {:.2} ms | p99 ≤ {GOAL_P99_MS:.0} ms {} |",
        percentile(&l.all, 50.0),
        percentile(&l.all, 99.0),
        verdict(percentile(&l.all, 99.0) <= GOAL_P99_MS)
    );
    println!(
        "| query in-process, CPU time of the search thread | p50 {:.2} ms, p99 {:.2} ms | |",
        percentile(&l.cpu, 50.0),
        percentile(&l.cpu, 99.0)
    );
    for (class, times) in &l.by_class {
        println!(
            "| query in-process, {class} | p50 {:.2} ms, p99 {:.2} ms | |",
            percentile(times, 50.0),
            percentile(times, 99.0)
        );
    }
    if let Some((query, median, total)) = l.slowest.first() {
        println!("| slowest query | `{query}`: {median:.2} ms median, {total} passages | |");
    }
    match &s.process.skipped {
        Some(message) => println!("| `policy-search search` process | {message} | |"),
        None => {
            let (ps, rg) = s.process.medians();
            if let Some(ps) = ps {
                println!(
                    "| `policy-search search` process, median | {ps:.1} ms | ≤ {GOAL_PROCESS_MS:.0} ms {} |",
                    verdict(ps <= GOAL_PROCESS_MS)
                );
            }
            match (ps, rg) {
                (Some(ps), Some(rg)) => println!(
                    "| `rg -c -F` over the corpus, median | {rg:.1} ms ({:.1}× policy-search) | slower than policy-search {} |",
                    rg / ps,
                    verdict(ps < rg)
                ),
                _ => println!("| `rg -c -F` | not measured (rg not on PATH) | |"),
            }
        }
    }
}

pub(crate) fn verdict(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗ MISSED"
    }
}

pub(crate) fn mb(bytes: f64) -> f64 {
    bytes / 1e6
}

pub(crate) fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Nearest-rank percentile of sorted values.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
