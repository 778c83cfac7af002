//! The full pipeline in a process of its own: the parent's side
//! ([`spawn_child`]: run `xtask __ingest-child`, parse its `key=value` lines) and
//! the child's ([`run`]: warm up, one ingest, print the figures). A process
//! per ingest, so that its peak RSS covers exactly one ingest. Does not time
//! the baseline (that is [`super::baseline`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use policy_search::annotate::annotate as prepare;
use policy_search::index::analyzer::jieba_tokens;
use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::model::Article;
use policy_search::model::IngestReport;

use super::procfs::{cpu_seconds, vm_hwm_kb};
use super::INGEST_CHILD;

/// What a child reports for one ingest.
pub(crate) struct ChildRun {
    pub(crate) seconds: f64,
    pub(crate) cpu_seconds: f64,
    pub(crate) vm_hwm_kb: u64,
    pub(crate) report: IngestReport,
}

pub(crate) fn spawn_child(input: &Path, index_dir: &Path, jobs: usize) -> ChildRun {
    let exe = std::env::current_exe().expect("current exe");
    let output = Command::new(exe)
        .arg(INGEST_CHILD)
        .arg(input)
        .arg(index_dir)
        .arg(jobs.to_string())
        .stderr(Stdio::inherit())
        .output()
        .expect("run the ingest child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "ingest child failed: {stdout}");
    let values: BTreeMap<&str, &str> = stdout
        .lines()
        .filter_map(|line| line.split_once('='))
        .collect();
    let number = |key: &str| -> f64 {
        values
            .get(key)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("ingest child did not report {key}: {stdout}"))
    };
    let count = |key: &str| number(key) as usize;
    let problems: Vec<policy_search::model::Problem> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("problem="))
        .map(|reason| policy_search::model::Problem {
            path: String::new(),
            line: None,
            reason: reason.to_string(),
        })
        .collect();
    ChildRun {
        seconds: number("seconds"),
        cpu_seconds: number("cpu_seconds"),
        vm_hwm_kb: number("vm_hwm_kb") as u64,
        report: IngestReport {
            files_read: count("files_read"),
            articles_new: count("articles_new"),
            articles_updated: count("articles_updated"),
            articles_unchanged: count("articles_unchanged"),
            passages: count("passages"),
            quotes: count("quotes"),
            bytes_read: number("bytes_read") as u64,
            commits: count("commits"),
            problems,
            ..IngestReport::default()
        },
    }
}

/// `__ingest-child <input> <index dir> <jobs>`: one ingest, then `key=value` lines.
pub(crate) fn run(input: &Path, dir: &Path, jobs: usize) {
    // Load the jieba dictionary and the extractors' tables before the clock
    // starts (the baseline's dictionary is loaded before its clock too).
    let warm = Instant::now();
    let sample = Article {
        id: "warm-up".into(),
        title: "全国两会".into(),
        body: "【湖北】全国人大代表、湖北省省长王忠林说：“要加快发展新质生产力。”".into(),
        date: Some("2024-03-05".into()),
        source: String::new(),
        line: None,
        url: None,
        province: None,
    };
    let _ = jieba_tokens(&sample.body);
    let _ = prepare(&sample);
    // jieba's part-of-speech model, which the name checks load on the first
    // word it must guess a tag for (about 200 M instructions)
    let _ = policy_search::segment::jieba().tag("甪翾翽说", true);
    let warm = warm.elapsed().as_secs_f64();

    let index = SearchIndex::open_or_create(dir).expect("open the index");
    let options = IngestOptions {
        jobs,
        ..IngestOptions::default()
    };
    let cpu = cpu_seconds();
    let started = Instant::now();
    let report = ingest(&index, &[input.to_path_buf()], &options, &|_| {}).expect("ingest");
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!("warm_up_seconds={warm}");
    println!("seconds={seconds}");
    println!("cpu_seconds={cpu}");
    println!("vm_hwm_kb={}", vm_hwm_kb());
    println!("files_read={}", report.files_read);
    println!("articles_new={}", report.articles_new);
    println!("articles_updated={}", report.articles_updated);
    println!("articles_unchanged={}", report.articles_unchanged);
    println!("passages={}", report.passages);
    println!("quotes={}", report.quotes);
    println!("bytes_read={}", report.bytes_read);
    println!("commits={}", report.commits);
    for problem in &report.problems {
        println!("problem={}", problem.to_string().replace('\n', " "));
    }
}
