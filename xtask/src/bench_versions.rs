//! `cargo xtask bench-versions`: builds of policy-search side by side, as a
//! user runs them, to tell whether a change moved a figure beyond the noise
//! (issue 19 asks it of the restructuring).
//!
//! Each `--bin LABEL=PATH` (a release build of some commit) ingests the
//! corpus into a fresh index with `--jobs 2`, a `sync` before each run, the
//! builds taken in turn and their order rotated every round; with `--bare`
//! the bare tantivy + tantivy-jieba core of `bench-ingest` takes its turn
//! too, on the same corpus. Then, on each build's last index: a re-ingest of
//! the unchanged corpus, the index size, and the `search` process for ten
//! queries, nine times each. Wall time is the clock around the child; CPU
//! time is the children's time the kernel adds to this process
//! (`/proc/self/stat`); peak memory is the child's `VmHWM`, read while it
//! runs. Every figure is of the whole process, start-up and dictionaries
//! included, the bare core's reading of its passages too (`bench-ingest`
//! times that core from after both). Prints each run, then a markdown table
//! of medians and ranges.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::bench_ingest::host::{dir_size, git_commit, machine};
use crate::bench_ingest::procfs::children_cpu_seconds;

/// The queries of the `search` process: words, unspaced words, a phrase,
/// the most frequent character, a role.
const QUERIES: [&str; 10] = [
    "新质生产力",
    "乡村振兴",
    "科技 创新 人才",
    "加快发展新质生产力",
    "\"高质量发展\"",
    "的",
    "全国人大代表",
    "粮食安全",
    "人工智能",
    "一带一路",
];

struct Run {
    wall: f64,
    cpu: f64,
    peak_kb: u64,
}

pub(crate) fn main(
    root: &Path,
    bins: Vec<String>,
    bare: bool,
    corpus: Option<PathBuf>,
    rounds: usize,
) -> anyhow::Result<()> {
    let corpus = corpus.unwrap_or_else(|| root.join("../shared/corpus/xwlb_cctv"));
    if !corpus.exists() {
        bail!("needs the shared corpus: {}", corpus.display());
    }
    let mut versions: Vec<(String, PathBuf)> = Vec::new();
    for bin in &bins {
        let (label, path) = bin
            .split_once('=')
            .with_context(|| format!("--bin {bin}: expected LABEL=PATH"))?;
        if !Path::new(path).is_file() {
            bail!("--bin {label}: no file at {path}");
        }
        versions.push((label.to_string(), PathBuf::from(path)));
    }
    if versions.is_empty() {
        bail!("give at least one --bin LABEL=PATH");
    }
    let mut labels: Vec<String> = versions.iter().map(|(l, _)| l.clone()).collect();
    if bare {
        labels.push("bare".to_string());
    }
    println!("machine={}", machine());
    println!("commit={}", git_commit(root));
    println!("corpus={}", corpus.display());
    let temp = tempfile::tempdir()?;
    let mut runs: Vec<Vec<Run>> = labels.iter().map(|_| Vec::new()).collect();
    for round in 0..rounds {
        for turn in 0..labels.len() {
            let which = (turn + round) % labels.len();
            let index = temp.path().join(&labels[which]);
            if index.exists() {
                std::fs::remove_dir_all(&index)?;
            }
            sync();
            let run = match versions.get(which) {
                Some((_, bin)) => time(&mut ingest(bin, &index, &corpus))?,
                None => time(
                    Command::new(std::env::current_exe()?)
                        .arg(crate::bench_ingest::BARE_CHILD)
                        .arg(&corpus)
                        .arg(&index)
                        .arg("2"),
                )?,
            };
            println!(
                "round={} version={} wall_s={:.2} cpu_s={:.2} peak_mb={}",
                round + 1,
                labels[which],
                run.wall,
                run.cpu,
                run.peak_kb / 1024
            );
            runs[which].push(run);
        }
    }
    println!();
    println!("| | {} |", labels.join(" | "));
    println!("|---|{}", "---|".repeat(labels.len()));
    let row = |name: &str, f: &dyn Fn(&Run) -> f64, unit: &str, digits: usize| {
        let cells: Vec<String> = runs
            .iter()
            .map(|r| {
                let mut v: Vec<f64> = r.iter().map(f).collect();
                v.sort_by(f64::total_cmp);
                format!(
                    "{:.digits$}{unit} ({:.digits$}–{:.digits$})",
                    median(&v),
                    v.first().copied().unwrap_or(0.0),
                    v.last().copied().unwrap_or(0.0)
                )
            })
            .collect();
        println!(
            "| {name}, median (range) of {rounds} | {} |",
            cells.join(" | ")
        );
    };
    row("ingest wall", &|r: &Run| r.wall, " s", 2);
    row("ingest CPU", &|r: &Run| r.cpu, " s", 2);
    row("peak RSS", &|r: &Run| r.peak_kb as f64 / 1024.0, " MB", 0);
    let mut reingest = Vec::new();
    let mut sizes = Vec::new();
    let mut queries = Vec::new();
    for (label, bin) in &versions {
        let index = temp.path().join(label);
        let run = time(&mut ingest(bin, &index, &corpus))?;
        reingest.push(format!("{:.2} s", run.wall));
        sizes.push(format!("{:.1} MB", dir_size(&index) as f64 / 1e6));
        let mut medians = Vec::new();
        for query in QUERIES {
            let mut times = Vec::new();
            for _ in 0..9 {
                let started = Instant::now();
                let status = Command::new(bin)
                    .arg("--index")
                    .arg(&index)
                    .args(["search", query, "-n", "10"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()?;
                if !status.success() {
                    bail!("{label}: search {query} failed");
                }
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            medians.push(median(&times));
        }
        println!(
            "search_ms version={label} {}",
            QUERIES
                .iter()
                .zip(&medians)
                .map(|(q, m)| format!("{q}={m:.1}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        medians.sort_by(f64::total_cmp);
        queries.push(format!(
            "{:.1} ms ({:.1}–{:.1})",
            median(&medians),
            medians[0],
            medians[medians.len() - 1]
        ));
    }
    let others = if bare { " | " } else { "" };
    println!(
        "| re-ingest of the unchanged corpus | {}{others}|",
        reingest.join(" | ")
    );
    println!("| index size | {}{others}|", sizes.join(" | "));
    println!(
        "| `search` process, median of the ten queries' medians of 9 (range) | {}{others}|",
        queries.join(" | ")
    );
    Ok(())
}

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Runs `command` to its end: wall time, the CPU time it added to this
/// process's children, its peak resident memory.
fn time(command: &mut Command) -> anyhow::Result<Run> {
    let cpu = children_cpu_seconds();
    let started = Instant::now();
    let mut child: Child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("start the build")?;
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Ok(status) = std::fs::read_to_string(&status_file) {
            if let Some(kb) = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.split_whitespace().next())
                .and_then(|kb| kb.parse::<u64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let wall = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!("{command:?} failed: {status}");
    }
    Ok(Run {
        wall,
        cpu: children_cpu_seconds() - cpu,
        peak_kb,
    })
}

/// `bin --index index ingest corpus --jobs 2`.
fn ingest(bin: &Path, index: &Path, corpus: &Path) -> Command {
    let mut command = Command::new(bin);
    command
        .arg("--index")
        .arg(index)
        .arg("ingest")
        .arg(corpus)
        .args(["--jobs", "2"]);
    command
}

fn sync() {
    let _ = Command::new("sync").status();
}
