//! Helpers shared by the integration tests: a temp workspace holding one
//! index, and the `policy-search` binary run against it with a scrubbed
//! environment, and the shared corpus. Each test crate uses a subset of them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

/// A path inside the repository.
pub fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A path inside `../shared/corpus` (the folder next to the repository);
/// panics, naming the folder, when it is missing, so a test that needs it
/// never passes without it. Such a test is `#[ignore = "needs ../shared/corpus"]`:
/// `cargo test` without the corpus is green and lists it as ignored, and CI
/// runs it with `--include-ignored`.
pub fn corpus(relative: &str) -> PathBuf {
    let root = repo("../shared/corpus");
    let path = root.join(relative);
    assert!(
        path.exists(),
        "{} not found: this test needs the shared corpus in {}",
        path.display(),
        root.display()
    );
    path
}

/// Reads a `serve` process's stderr on a thread of its own until it closes
/// (so that the server never blocks on a full pipe), keeping every line in
/// the log returned; the receiver gets the address of its
/// `listening on http://ADDR` line.
pub fn drain_server_log(
    stderr: std::process::ChildStderr,
) -> (Arc<Mutex<String>>, mpsc::Receiver<String>) {
    let log = Arc::new(Mutex::new(String::new()));
    let sink = Arc::clone(&log);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if let Some(addr) = line.strip_prefix("listening on http://") {
                let _ = tx.send(addr.trim().to_string());
            }
            let mut log = sink.lock().unwrap_or_else(|e| e.into_inner());
            log.push_str(&line);
            log.push('\n');
        }
    });
    (log, rx)
}

/// `policy-search --index <index>` with a scrubbed environment.
pub fn policy_search(index: &Path) -> Command {
    let mut cmd = Command::cargo_bin("policy-search").expect("binary built");
    cmd.env_remove("POLICY_SEARCH_INDEX")
        .env_remove("NO_COLOR")
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LOG")
        .arg("--index")
        .arg(index)
        .timeout(Duration::from_secs(300));
    cmd
}

/// One JSON value per line of `stdout`.
pub fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect()
}

/// `<args> --json` with `cmd`, expecting success: one value per line.
pub fn json_output(mut cmd: Command, args: &[&str]) -> Vec<Value> {
    let output = cmd
        .args(args)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    json_lines(&output)
}

/// `search <args> --json` with `cmd`, expecting success: one value per line.
pub fn search_lines(mut cmd: Command, args: &[&str]) -> Vec<Value> {
    cmd.arg("search");
    json_output(cmd, args)
}

/// The records of a JSON-lines file of the repository (`relative` to it),
/// blank lines skipped; panics naming the file and line of a bad record.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(relative: &str) -> Vec<T> {
    let path = repo(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

/// A temp folder holding one index (`<tmp>/index`) and any input files.
pub struct Workspace {
    pub tmp: TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace {
            tmp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn index(&self) -> PathBuf {
        self.tmp.path().join("index")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// A new folder for input files.
    pub fn folder(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        std::fs::create_dir_all(&dir).expect("create input folder");
        dir
    }

    /// `policy-search --index <tmp>/index`, scrubbed environment, run in the temp folder.
    pub fn cmd(&self) -> Command {
        let mut cmd = policy_search(&self.index());
        cmd.current_dir(self.tmp.path());
        cmd
    }

    /// `ingest --json <args>` expecting exit 0 and no panic: the summary.
    pub fn ingest<P: AsRef<std::ffi::OsStr>>(&self, args: &[P]) -> Value {
        let output = self
            .cmd()
            .args(["ingest", "--json"])
            .args(args)
            .assert()
            .success()
            .stderr(predicate::str::contains("panicked").not())
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).expect("ingest --json prints one JSON object")
    }

    /// `stats --json`.
    pub fn stats(&self) -> Value {
        let output = self
            .cmd()
            .args(["stats", "--json"])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&output).expect("stats --json prints one JSON object")
    }
}

/// A small deterministic generator (xorshift64*), so that a draw is fixed
/// by its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The seed of a random draw: the environment variable `variable`, or the
/// clock's nanoseconds; printed with how to draw again.
pub fn seed(variable: &str) -> u64 {
    let clock = || {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
        since.map_or(1, |d| d.as_nanos() as u64) | 1
    };
    let seed = std::env::var(variable)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(clock);
    println!("seed {seed} ({variable}={seed} repeats this draw)");
    seed
}

/// An index of `paths` in a fresh folder, ingested by two jobs committing
/// eight times whatever the size of the input: eight segments or more (a
/// commit each megabyte left the 0.6 MB of samples in one commit, and one
/// segment when one thread took every document), fewer than a merge takes.
pub fn index_of_many_segments(
    paths: &[PathBuf],
) -> (
    TempDir,
    policy_search::index::SearchIndex,
    policy_search::model::IngestReport,
) {
    let dir = tempfile::tempdir().unwrap();
    let index = policy_search::index::SearchIndex::open_or_create(dir.path()).unwrap();
    let bytes: u64 = policy_search::source::walk(paths)
        .map(|file| std::fs::metadata(file.unwrap().path).unwrap().len())
        .sum();
    let options = policy_search::ingest::IngestOptions {
        jobs: 2,
        commit_bytes: (bytes / 8).max(1 << 14) as usize,
        ..policy_search::ingest::IngestOptions::default()
    };
    let report = policy_search::ingest::ingest(&index, paths, &options, &|_| {}).unwrap();
    (dir, index, report)
}

/// Every passage of `paths` as ingest makes it: (passage id, article id,
/// text), in order.
pub fn annotated_passages(paths: &[PathBuf]) -> Vec<(String, String, String)> {
    let mut passages = Vec::new();
    for file in policy_search::source::walk(paths) {
        let file = file.unwrap();
        let bytes = policy_search::source::read(&file).unwrap();
        let decoded = policy_search::decode::decode(&file.path, file.format, &bytes);
        for article in &decoded.articles {
            for passage in policy_search::annotate::annotate(article).passages {
                let text = passage.text(&article.body).to_string();
                passages.push((passage.id.clone(), article.id.clone(), text));
            }
        }
    }
    passages
}
