//! `cargo xtask`: the developer tasks of policy-search that are programs of
//! their own rather than tests or criterion benches.
//!
//! - `bench-ingest [CORPUS_DIR] [--quick] [--ingest-only]`: the end-to-end
//!   benchmark (ingest next to bare tantivy + tantivy-jieba, peak memory,
//!   re-ingest, the analyzers, query latency, `rg`); see [`bench_ingest`].
//! - `bench-export [CORPUS_DIR] [--index DIR] [--query Q]`: peak memory of
//!   `policy-search search 改革 --all --csv` over 新闻联播, every row
//!   counted; see [`bench_export`].
//! - `gen-places [--check]`: writes `src/extract/data/places.tsv` from
//!   `../shared/corpus/admin_divisions`, or checks the committed file; see
//!   [`gen_places`].
//!
//! Owns the command line only; it knows nothing of what the tasks measure or
//! generate. The alias in `.cargo/config.toml` runs it in release mode.

mod bench_export;
mod bench_ingest;
mod gen_places;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Developer tasks of policy-search")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// End-to-end ingest and query benchmark on real text
    ///
    /// Ingest throughput, peak memory and re-ingest next to bare tantivy +
    /// tantivy-jieba; the analyzers; query latency in-process and for the
    /// `policy-search search` process next to `rg -c -F` (needs
    /// `cargo build --release` first, and `rg` on PATH for the comparison).
    BenchIngest {
        /// Corpus folder (default: $POLICY_SEARCH_BENCH_CORPUS, else
        /// ../shared/corpus/xwlb_cctv/)
        corpus: Option<PathBuf>,
        /// Ingest one year file only
        #[arg(long)]
        quick: bool,
        /// Stop after the full/bare ingest rounds (for comparing two builds)
        #[arg(long)]
        ingest_only: bool,
    },
    /// Peak memory of exporting every hit: `search 改革 --all --csv` over 新闻联播
    ///
    /// Needs `cargo build --release` first; the row count is checked against
    /// the total, and the peak against the goal (300 MB).
    BenchExport {
        /// Corpus folder to ingest (default: ../shared/corpus/xwlb_cctv/)
        corpus: Option<PathBuf>,
        /// Use this existing index instead of ingesting the corpus
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// The query exported
        #[arg(long, default_value = "改革")]
        query: String,
    },
    /// Generate src/extract/data/places.tsv from ../shared/corpus/admin_divisions
    GenPlaces {
        /// Write nothing; exit non-zero if the committed file differs
        #[arg(long)]
        check: bool,
        /// The NBS tables (default: ../shared/corpus/admin_divisions beside the workspace)
        #[arg(long, value_name = "DIR")]
        admin_divisions: Option<PathBuf>,
    },
    /// One full ingest in this process, then `key=value` lines (run by bench-ingest)
    #[command(name = bench_ingest::INGEST_CHILD, hide = true)]
    IngestChild {
        input: PathBuf,
        index_dir: PathBuf,
        jobs: usize,
    },
    /// The bare baseline alone in this process, with `recall` also the recall
    /// index, then `seconds=`, `cpu_seconds=` and `docs=` lines
    #[command(name = bench_ingest::BARE_CHILD, hide = true)]
    BareChild {
        input: PathBuf,
        index_dir: PathBuf,
        jobs: usize,
        #[arg(value_parser = ["recall"])]
        recall: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = workspace_root();
    match cli.task {
        Task::BenchIngest {
            corpus,
            quick,
            ingest_only,
        } => bench_ingest::main(&root, corpus, quick, ingest_only),
        Task::BenchExport {
            corpus,
            index,
            query,
        } => match bench_export::main(&root, corpus, index, &query) {
            Ok(true) => return ExitCode::SUCCESS,
            Ok(false) => return ExitCode::FAILURE,
            Err(error) => {
                eprintln!("xtask bench-export: {error:#}");
                return ExitCode::FAILURE;
            }
        },
        Task::GenPlaces {
            check,
            admin_divisions,
        } => match gen_places::main(&root, check, admin_divisions) {
            Ok(true) => return ExitCode::SUCCESS,
            Ok(false) => return ExitCode::FAILURE,
            Err(error) => {
                eprintln!("xtask gen-places: {error:#}");
                return ExitCode::FAILURE;
            }
        },
        Task::IngestChild {
            input,
            index_dir,
            jobs,
        } => bench_ingest::child::run(&input, &index_dir, jobs),
        Task::BareChild {
            input,
            index_dir,
            jobs,
            recall,
        } => bench_ingest::baseline::run_child(&input, &index_dir, jobs, recall.is_some()),
    }
    ExitCode::SUCCESS
}

/// The root of the workspace: the policy-search package, one folder above this one.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
