//! The `policy-search` command: dispatch and exit codes.
//!
//! Exit codes: 0 success; 1 error; 2 `ingest` finished but some input was
//! skipped (each reported on stderr with its path and reason).

mod cli;
mod export;
mod serve;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{Cli, Command};
use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions, Progress};
use policy_search::query::{Engine, Filters, QuoteRequest, SearchBackend, SearchRequest};
use policy_search::render::{self, Style};

/// Exit code when ingest skipped some input.
const EXIT_SKIPPED: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse_from(cli::protect_exclusions(std::env::args_os()));
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("policy-search: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let explicit = cli
        .index
        .clone()
        .or_else(|| std::env::var_os("POLICY_SEARCH_INDEX").map(PathBuf::from));
    let style = Style {
        color: io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match cli.command {
        Command::Ingest(args) => {
            if let Some(dict) = &args.dict {
                policy_search::vocab::load_user_dictionary(dict)?;
            }
            let dir = explicit.unwrap_or_else(default_index_dir);
            let index = SearchIndex::open_or_create(&dir)?;
            if let Some(warning) = index.dictionary_warning() {
                eprintln!("policy-search: warning: {warning}");
            }
            let mut options = IngestOptions::default();
            if let Some(jobs) = args.jobs {
                options.jobs = jobs.max(1);
            }
            options.prune = args.prune;
            let report = run_ingest(&index, &args.paths, &options)?;
            if args.json {
                serde_json::to_writer(&mut out, &report)?;
                writeln!(out)?;
            }
            render::report_text(&mut io::stderr(), &report)?;
            if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_SKIPPED)
            }
        }
        Command::Search(args) => {
            let engine = open_backend(explicit, args.backend.as_deref())?;
            let request = SearchRequest {
                query: args.query.join(" "),
                filters: args.filter.filters(),
                limit: args.limit,
                offset: args.offset,
                facets: args.facets,
                sort: args.sort.into(),
                collapse: !args.no_collapse,
                explain: args.explain,
            };
            let results = engine.search(&request)?;
            if args.json {
                render::json_lines(&mut out, &results.hits)?;
                if let Some(facets) = &results.facets {
                    render::facets_json(&mut out, facets, results.total)?;
                }
            } else {
                render::search_text(&mut out, &results, style)?;
            }
            ExitCode::SUCCESS
        }
        Command::Quotes(args) => {
            let engine = open_backend(explicit, args.backend.as_deref())?;
            let query = args.query.join(" ");
            let request = QuoteRequest {
                query: (!query.trim().is_empty()).then_some(query),
                filters: args.filter.filters(),
                limit: args.limit,
                offset: args.offset,
            };
            let results = engine.quotes(&request)?;
            if args.json {
                render::json_lines(&mut out, &results.hits)?;
            } else {
                render::quotes_text(&mut out, &results, style)?;
            }
            ExitCode::SUCCESS
        }
        Command::Speakers(args) => {
            let engine = open_engine(explicit)?;
            let filters = Filters {
                provinces: args.province,
                role: args.role,
                ..Filters::default()
            };
            let speakers = engine.speakers(&filters)?;
            if args.json {
                render::json_lines(&mut out, &speakers)?;
            } else {
                render::speakers_text(&mut out, &speakers, style)?;
            }
            ExitCode::SUCCESS
        }
        Command::Stats(args) => {
            let engine = open_engine(explicit)?;
            let stats = engine.stats()?;
            if args.json {
                serde_json::to_writer(&mut out, &stats)?;
                writeln!(out)?;
            } else {
                render::stats_text(&mut out, &stats)?;
            }
            ExitCode::SUCCESS
        }
        Command::Remove(args) => {
            let dir = explicit.unwrap_or_else(default_index_dir);
            let index = SearchIndex::open(&dir)?;
            let missing = ingest::remove(&index, &args.ids)?;
            for id in &missing {
                eprintln!("policy-search: no article with id {id}");
            }
            eprintln!("removed {} articles", args.ids.len() - missing.len());
            if missing.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Serve(args) => {
            let engine = open_backend(explicit, args.backend.as_deref())?;
            drop(out);
            serve::run(engine.into(), &args.addr)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Export(args) => {
            let dir = explicit.unwrap_or_else(default_index_dir);
            let index = SearchIndex::open(&dir)?;
            export::run(&index, &args, &mut out)?
        }
    };
    out.flush()?;
    Ok(code)
}

/// The embedded index, or the OpenSearch index `backend` names.
fn open_backend(
    explicit: Option<PathBuf>,
    backend: Option<&str>,
) -> anyhow::Result<Box<dyn SearchBackend>> {
    match backend {
        Some(url) => {
            let target = policy_search::opensearch::Target::parse(url, None)?;
            Ok(Box::new(
                policy_search::opensearch::OpenSearchBackend::connect(&target)?,
            ))
        }
        None => Ok(Box::new(open_engine(explicit)?)),
    }
}

/// `index_data/index` under the current folder when it has `index_data/`,
/// else next to the package that built this binary.
fn default_index_dir() -> PathBuf {
    data_dir().join("index")
}

fn data_dir() -> PathBuf {
    let local = Path::new("index_data");
    if local.is_dir() {
        return local.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("index_data")
}

/// Opens the index for reading. The default index is built from the bundled
/// samples the first time it is needed.
fn open_engine(explicit: Option<PathBuf>) -> anyhow::Result<Engine> {
    let dir = match explicit {
        Some(dir) => dir,
        None => {
            let dir = default_index_dir();
            if !dir.join("meta.json").exists() {
                let samples = data_dir().join("samples");
                eprintln!(
                    "policy-search: no index yet; building the default index from {} …",
                    samples.display()
                );
                let index = SearchIndex::open_or_create(&dir)?;
                let report = run_ingest(&index, &[samples], &IngestOptions::default())?;
                render::report_text(&mut io::stderr(), &report)?;
            }
            dir
        }
    };
    let index = SearchIndex::open(&dir)?;
    if let Some(warning) = index.compatibility_warning() {
        eprintln!("policy-search: warning: {warning}");
    }
    Engine::new(index).with_context(|| format!("cannot read the index in {}", dir.display()))
}

fn run_ingest(
    index: &SearchIndex,
    paths: &[PathBuf],
    options: &IngestOptions,
) -> anyhow::Result<policy_search::model::IngestReport> {
    let bar = progress_bar();
    let on_progress = |p: &Progress| {
        if let Some(bar) = &bar {
            bar.set_length(p.bytes_total);
            bar.set_position(p.bytes_done);
            bar.set_message(format!(
                "{}/{} files, {} articles",
                p.files_done, p.files_total, p.articles
            ));
        }
    };
    let report = ingest::ingest(index, paths, options, &on_progress)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(report)
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
    )
    .ok()?;
    bar.set_style(style);
    Some(bar)
}
