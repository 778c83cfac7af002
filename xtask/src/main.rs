//! `cargo xtask`: the developer tasks of policy-search that are programs of
//! their own rather than tests or criterion benches.
//!
//! - `bench-ingest [CORPUS_DIR] [--quick] [--ingest-only]`: the end-to-end
//!   benchmark (ingest next to bare tantivy + tantivy-jieba, peak memory,
//!   re-ingest, the analyzers, query latency, `rg`); see [`bench_ingest`].
//! - `bench-growth [CORPUS_DIR] [--copies N] [--jobs N] [--keep]`: ingest,
//!   memory, index size and query latency at 1× and 8× the corpus, with
//!   their ratios; see [`bench_growth`].
//! - `bench-serve [--bin PATH] [--index DIR] [--corpus PATH]`: deep pages,
//!   forty abandoned deep searches and the next normal request, and the exit
//!   after SIGTERM; see
//!   [`bench_serve`].
//! - `bench-opensearch URL [YEAR_FILE]`: export throughput and query latency
//!   through an OpenSearch cluster next to the embedded index; see
//!   [`bench_opensearch`].
//! - `bench-export [CORPUS_DIR] [--index DIR] [--query Q]`: peak memory of
//!   `policy-search search 改革 --all --csv` over 新闻联播, every row
//!   counted; see [`bench_export`].
//! - `gen-places [--check]`: writes `src/extract/data/places.tsv` from
//!   `../shared/corpus/admin_divisions`, or checks the committed file; see
//!   [`gen_places`].
//! - `rank-eval [--seed N] [--split dev|test] [--queries N]`: the known-item
//!   evaluation of ranking on 新闻联播 2023–2025; see [`rank_eval`].
//! - `bench-versions --bin LABEL=PATH… [--bare] [--corpus DIR] [--rounds N]`:
//!   builds of several commits ingesting and searching side by side; see
//!   [`bench_versions`].
//!
//! Owns the command line only; it knows nothing of what the tasks measure or
//! generate. The alias in `.cargo/config.toml` runs it in release mode.

mod bench_export;
mod bench_growth;
mod bench_ingest;
mod bench_opensearch;
mod bench_serve;
mod bench_versions;
mod gen_places;
mod rank_eval;

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
    /// Ingest, peak memory, index size and queries at 1× and 8× the corpus
    ///
    /// The corpus's JSONL files copied N times with distinct article ids
    /// (under target/growth/, deleted at the end unless --keep); needs
    /// `cargo build --release` first for the HTTP and process figures.
    BenchGrowth {
        /// Corpus folder of JSONL files (default: ../shared/corpus/xwlb_cctv/)
        corpus: Option<PathBuf>,
        /// Copies of the corpus in the larger run
        #[arg(long, default_value_t = 8)]
        copies: usize,
        /// Ingest jobs
        #[arg(long, default_value_t = 2)]
        jobs: usize,
        /// Keep the copies and the indexes
        #[arg(long)]
        keep: bool,
    },
    /// Builds of several commits side by side: ingest, re-ingest, size, search
    ///
    /// Each build ingests the corpus with two jobs in turn (order rotated
    /// every round, a `sync` before each); then re-ingest, index size and
    /// the `search` process for ten queries on each build's index.
    BenchVersions {
        /// A release build of policy-search, as LABEL=PATH (repeat)
        #[arg(long = "bin", value_name = "LABEL=PATH", required = true)]
        bins: Vec<String>,
        /// Also the bare tantivy + tantivy-jieba core of bench-ingest, in turn
        #[arg(long)]
        bare: bool,
        /// Corpus folder (default: ../shared/corpus/xwlb_cctv/)
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// Ingests per build
        #[arg(long, default_value_t = 4)]
        rounds: usize,
    },
    /// Forty abandoned deep searches, then a normal one; exit after SIGTERM
    ///
    /// Needs `cargo build --release` first (or `--bin`), and the shared
    /// corpus unless `--index` names an index.
    BenchServe {
        /// The policy-search binary (default: target/release/policy-search)
        #[arg(long, value_name = "PATH")]
        bin: Option<PathBuf>,
        /// An index to serve (default: `--corpus` indexed into a temp folder)
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// File or folder to index (default: ../shared/corpus/xwlb_cctv/xwlb_2024.jsonl)
        #[arg(long, value_name = "PATH")]
        corpus: Option<PathBuf>,
    },
    /// Export throughput and query latency through OpenSearch, the embedded index as baseline
    ///
    /// Needs a running cluster: `opensearch/cluster.sh start 2`.
    BenchOpensearch {
        /// The cluster, e.g. http://127.0.0.1:9250
        url: String,
        /// One year of 新闻联播 (default: ../shared/corpus/xwlb_cctv/xwlb_2024.jsonl)
        year: Option<PathBuf>,
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
    /// Known-item evaluation of passage ranking on 新闻联播 2023–2025
    ///
    /// Random sentences of random passages; 3 and 2 of their content words
    /// as the query, spaced and unspaced; MRR@10 and Success@10 of the
    /// passage holding the sentence. Prints the seed.
    RankEval {
        /// Seed of the draw (default: from the clock, printed)
        #[arg(long)]
        seed: Option<u64>,
        /// Which half of the passages to draw from: tune on dev, report test
        #[arg(long, value_enum, default_value = "dev")]
        split: rank_eval::Split,
        /// Queries per row
        #[arg(long, default_value_t = 400)]
        queries: usize,
        /// Print the first N queries per row whose passage is not in the top 10
        #[arg(long, default_value_t = 0)]
        show_misses: usize,
        /// Index folder (default: target/rank-eval/index, built when missing)
        #[arg(long, value_name = "DIR")]
        index: Option<PathBuf>,
        /// Folder of the xwlb_YYYY.jsonl files (default: ../shared/corpus/xwlb_cctv)
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
    },
    /// The queries of bench-growth alone, on an existing index (to profile them)
    #[command(name = "__growth-queries", hide = true)]
    GrowthQueries { index_dir: PathBuf },
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
        Task::BenchServe { bin, index, corpus } => {
            if let Err(error) = bench_serve::main(&root, bin, index, corpus) {
                eprintln!("xtask bench-serve: {error:#}");
                return ExitCode::FAILURE;
            }
        }
        Task::BenchVersions {
            bins,
            bare,
            corpus,
            rounds,
        } => {
            if let Err(error) = bench_versions::main(&root, bins, bare, corpus, rounds) {
                eprintln!("xtask bench-versions: {error:#}");
                return ExitCode::FAILURE;
            }
        }
        Task::BenchOpensearch { url, year } => {
            if let Err(error) = bench_opensearch::main(&root, &url, year) {
                eprintln!("xtask bench-opensearch: {error:#}");
                return ExitCode::FAILURE;
            }
        }
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
        Task::GrowthQueries { index_dir } => {
            if let Err(error) = bench_growth::queries_only(&index_dir) {
                eprintln!("xtask __growth-queries: {error:#}");
                return ExitCode::FAILURE;
            }
        }
        Task::BenchGrowth {
            corpus,
            copies,
            jobs,
            keep,
        } => {
            let options = bench_growth::Options {
                corpus,
                copies,
                jobs,
                keep,
            };
            if let Err(error) = bench_growth::main(&root, options) {
                eprintln!("xtask bench-growth: {error:#}");
                return ExitCode::FAILURE;
            }
        }
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
        Task::RankEval {
            seed,
            split,
            queries,
            show_misses,
            index,
            corpus,
        } => {
            let options = rank_eval::Options {
                index,
                corpus,
                seed,
                split,
                queries,
                show_misses,
            };
            if let Err(error) = rank_eval::main(&root, options) {
                eprintln!("xtask rank-eval: {error:#}");
                return ExitCode::FAILURE;
            }
        }
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
