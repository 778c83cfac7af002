//! End-to-end query latency: the `policy-search search` process (the release
//! binary, built beforehand) next to `rg -c -F` over the same raw files, the
//! median of many runs each. Skipped with a message when the binary is
//! missing; the ripgrep column when `rg` is not on `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use policy_search::source::SourceFile;

use super::host::walk_files;
use super::report::{ms, percentile, verdict};
use super::GOAL_PROCESS_MS;

/// Runs of each end-to-end command, after two warm-up runs.
const PROCESS_RUNS: usize = 30;

pub(crate) struct ProcessLatency {
    /// (query, policy-search median ms, rg median ms if measured)
    pub(crate) rows: Vec<(String, f64, Option<f64>)>,
    pub(crate) skipped: Option<String>,
}

impl ProcessLatency {
    pub(crate) fn medians(&self) -> (Option<f64>, Option<f64>) {
        let mut ps: Vec<f64> = self.rows.iter().map(|r| r.1).collect();
        let mut rg: Vec<f64> = self.rows.iter().filter_map(|r| r.2).collect();
        ps.sort_by(f64::total_cmp);
        rg.sort_by(f64::total_cmp);
        let median = |v: &[f64]| (!v.is_empty()).then(|| percentile(v, 50.0));
        (median(&ps), median(&rg))
    }
}

/// Wall time of one process, from spawn to exit with all its output read;
/// its stdout, and its stderr when it failed.
fn time_process(command: &mut Command) -> (f64, String, Result<(), String>) {
    let started = Instant::now();
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|child| child.wait_with_output());
    let elapsed = ms(started.elapsed());
    match output {
        Ok(output) => {
            let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
            let status = if output.status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{}: {}",
                    output.status,
                    String::from_utf8_lossy(&output.stderr).trim()
                ))
            };
            (elapsed, stdout, status)
        }
        Err(error) => (elapsed, String::new(), Err(error.to_string())),
    }
}

fn median_of(runs: usize, mut once: impl FnMut() -> f64) -> f64 {
    once();
    once();
    let mut times: Vec<f64> = (0..runs).map(|_| once()).collect();
    times.sort_by(f64::total_cmp);
    percentile(&times, 50.0)
}

pub(crate) fn process_latency(
    root: &Path,
    index_dir: &Path,
    files: &[SourceFile],
) -> ProcessLatency {
    println!("## end-to-end: `policy-search search` process vs `rg -c -F` (median of {PROCESS_RUNS} runs)");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("release/policy-search");
    if !binary.exists() {
        let message = format!(
            "skipped: {} not found (run `cargo build --release` first)",
            binary.display()
        );
        println!("{message}");
        return ProcessLatency {
            rows: Vec::new(),
            skipped: Some(message),
        };
    }
    if is_older_than_sources(&binary, &root.join("src")) {
        println!(
            "warning: {} is older than src/ — rebuild with `cargo build --release` for current figures",
            binary.display()
        );
    }
    let rg = Command::new("rg")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !rg {
        println!("rg not found on PATH: the comparison with ripgrep is skipped (apt-get install ripgrep)");
    }
    let corpus_files: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    println!(
        "{:<14} {:>18} {:>14} {:>10}",
        "query", "policy-search ms", "rg -c -F ms", "rg / ps"
    );
    let mut rows = Vec::new();
    for word in ["新质生产力", "质生产", "粮", "乡村振兴"] {
        let ps = median_of(PROCESS_RUNS, || {
            let (time, out, status) = time_process(
                Command::new(&binary)
                    .arg("--index")
                    .arg(index_dir)
                    .arg("search")
                    .arg(word)
                    .env("NO_COLOR", "1"),
            );
            if let Err(error) = status {
                panic!(
                    "`policy-search search {word}` failed ({error}); is {} built from the same sources as this bench? (`cargo build --release`)",
                    binary.display()
                );
            }
            assert!(
                out.contains(word),
                "`policy-search search {word}` found nothing"
            );
            time
        });
        let rg_ms = rg.then(|| {
            median_of(PROCESS_RUNS, || {
                let (time, out, status) = time_process(
                    Command::new("rg")
                        .arg("-c")
                        .arg("-F")
                        .arg(word)
                        .args(&corpus_files),
                );
                assert!(
                    status.is_ok() && !out.is_empty(),
                    "`rg -c -F {word}` found nothing"
                );
                time
            })
        });
        println!(
            "{word:<14} {ps:>18.1} {:>14} {:>10}",
            rg_ms.map_or("-".into(), |t| format!("{t:.1}")),
            rg_ms.map_or("-".into(), |t| format!("{:.1}×", t / ps)),
        );
        rows.push((word.to_string(), ps, rg_ms));
    }
    let result = ProcessLatency {
        rows,
        skipped: None,
    };
    let (ps, rg) = result.medians();
    if let Some(ps) = ps {
        println!(
            "median policy-search {ps:.1} ms (goal ≤ {GOAL_PROCESS_MS} ms) {}{}",
            verdict(ps <= GOAL_PROCESS_MS),
            rg.map_or(String::new(), |rg| format!(
                "; rg {rg:.1} ms; faster than rg: {}",
                verdict(ps < rg)
            ))
        );
    }
    result
}

fn is_older_than_sources(binary: &Path, src: &Path) -> bool {
    let Ok(built) = std::fs::metadata(binary).and_then(|m| m.modified()) else {
        return false;
    };
    walk_files(src)
        .into_iter()
        .filter_map(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .any(|modified| modified > built)
}
