//! `cargo xtask bench-export [CORPUS_DIR] [--index DIR] [--query Q]`: the
//! memory of exporting every hit.
//!
//! Ingests the corpus (default `../shared/corpus/xwlb_cctv/`, the whole of
//! 新闻联播) into a temp index, or reuses `--index`, then runs the release
//! binary's `search Q --all --csv` (Q = 改革 by default) as a child process,
//! reading its CSV as it comes and sampling the child's peak resident memory
//! (`VmHWM` of `/proc/PID/status`). The baseline, in the same run, is the
//! same binary answering one page (`search Q -n 10`). Results are asserted:
//! the CSV starts with a BOM and the header, and has one record per matching
//! passage (`search Q -n 0 --facets --json`'s total); the goal is a peak
//! under [`GOAL_MB`] MB. Needs `target/release/policy-search`
//! (`cargo build --release`) and Linux's `/proc`.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions};

use crate::bench_ingest::host::{git_commit, machine};

/// Peak resident memory the export must stay under, in MB.
pub(crate) const GOAL_MB: f64 = 300.0;

/// Runs the bench; `Ok(false)` when an assertion or the goal fails.
pub(crate) fn main(
    root: &Path,
    corpus: Option<PathBuf>,
    index: Option<PathBuf>,
    query: &str,
) -> anyhow::Result<bool> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("release/policy-search");
    if !binary.exists() {
        bail!(
            "{} not found (run `cargo build --release` first)",
            binary.display()
        );
    }
    println!("bench-export · {} · commit {}", machine(), git_commit(root));

    let tmp = tempfile::tempdir().context("temp dir")?;
    let index_dir = match index {
        Some(dir) => dir,
        None => {
            let corpus = corpus.unwrap_or_else(|| root.join("../shared/corpus/xwlb_cctv"));
            if !corpus.exists() {
                bail!(
                    "{} is missing: this bench needs ../shared/corpus",
                    corpus.display()
                );
            }
            let dir = tmp.path().join("index");
            let index = SearchIndex::open_or_create(&dir)?;
            let started = Instant::now();
            let report = ingest::ingest(
                &index,
                std::slice::from_ref(&corpus),
                &IngestOptions::default(),
                &|_| {},
            )?;
            println!(
                "ingested {}: {} articles, {} passages in {:.1} s",
                corpus.display(),
                report.articles_new,
                report.passages,
                started.elapsed().as_secs_f64()
            );
            dir
        }
    };

    let total = search_total(&binary, &index_dir, query)?;
    let page = measure(&binary, &index_dir, &["search", query, "-n", "10"])?;
    let export = measure(&binary, &index_dir, &["search", query, "--all", "--csv"])?;

    let mut ok = true;
    let bom_and_header = export
        .head
        .starts_with("\u{FEFF}date,province,speakers,title,passage_id,text,context");
    if !bom_and_header {
        println!(
            "FAIL the CSV does not start with the BOM and the header: {:?}",
            export.head
        );
        ok = false;
    }
    // the header is a record too
    let rows = export.records.saturating_sub(1);
    println!("search {query}: {total} matching passages");
    println!(
        "  page (-n 10)      peak RSS {:>7.1} MB  {:>6.2} s",
        page.peak_mb, page.seconds
    );
    println!(
        "  --all --csv       peak RSS {:>7.1} MB  {:>6.2} s  {rows} rows, {:.1} MB of CSV",
        export.peak_mb,
        export.seconds,
        export.bytes as f64 / 1e6
    );
    println!(
        "  export / page     peak RSS ×{:.2}",
        export.peak_mb / page.peak_mb.max(0.1)
    );
    if rows != total {
        println!("FAIL {rows} CSV rows, {total} matching passages");
        ok = false;
    }
    if export.peak_mb >= GOAL_MB {
        println!(
            "FAIL peak RSS {:.1} MB, goal < {GOAL_MB} MB",
            export.peak_mb
        );
        ok = false;
    } else {
        println!("goal: peak RSS < {GOAL_MB} MB — met");
    }
    Ok(ok)
}

/// `search QUERY -n 0 --facets --json`: the total.
fn search_total(binary: &Path, index: &Path, query: &str) -> anyhow::Result<u64> {
    let output = Command::new(binary)
        .arg("--index")
        .arg(index)
        .args(["search", query, "-n", "0", "--facets", "--json"])
        .output()
        .context("run policy-search")?;
    if !output.status.success() {
        bail!("search failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    let value: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    value["facets"]["total"]
        .as_u64()
        .context("no facets.total in the counts")
}

/// One run of the binary: its peak memory, time, output size, CSV records.
struct Measured {
    peak_mb: f64,
    seconds: f64,
    bytes: u64,
    records: u64,
    head: String,
}

/// Runs `binary --index INDEX ARGS`, reading its stdout as it comes (CSV
/// records counted, quotes honoured) while a thread samples its `VmHWM`.
fn measure(binary: &Path, index: &Path, args: &[&str]) -> anyhow::Result<Measured> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .arg("--index")
        .arg(index)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("start policy-search")?;
    let pid = child.id();
    let sampler = std::thread::spawn(move || {
        let mut peak = 0u64;
        while let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            let hwm = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse::<u64>().ok());
            match hwm {
                Some(kb) => peak = peak.max(kb),
                None => break, // a zombie: the process has exited
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        peak
    });
    let stdout = child.stdout.take().context("stdout piped")?;
    let mut reader = BufReader::with_capacity(1 << 16, stdout);
    let (mut bytes, mut records, mut in_quotes, mut line_open) = (0u64, 0u64, false, false);
    let mut head = Vec::new();
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        if head.len() < 200 {
            head.extend_from_slice(&chunk[..chunk.len().min(200 - head.len())]);
        }
        for &byte in chunk {
            match byte {
                b'"' => in_quotes = !in_quotes,
                b'\n' if !in_quotes => {
                    records += 1;
                    line_open = false;
                    continue;
                }
                _ => {}
            }
            line_open = true;
        }
        let n = chunk.len();
        bytes += n as u64;
        reader.consume(n);
    }
    if line_open {
        records += 1;
    }
    let mut rest = Vec::new();
    reader.read_to_end(&mut rest)?;
    let status = child.wait()?;
    let seconds = started.elapsed().as_secs_f64();
    let peak_kb = sampler.join().unwrap_or(0);
    if !status.success() {
        bail!("policy-search {} failed", args.join(" "));
    }
    Ok(Measured {
        peak_mb: peak_kb as f64 / 1024.0,
        seconds,
        bytes,
        records,
        head: String::from_utf8_lossy(&head).into_owned(),
    })
}
