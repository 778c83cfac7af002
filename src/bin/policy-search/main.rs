//! The `policy-search` command: dispatch and exit codes. One concern at
//! about 600 lines: each command's arm turns its arguments into one library
//! call and its output; the arguments are `cli`'s, the HTTP server `serve`'s.
//!
//! Exit codes: 0 success; 1 error; 2 `ingest` finished but some input was
//! skipped (each reported on stderr with its path and reason); 130 `ingest`
//! stopped by SIGINT/SIGTERM (what it read is committed, the summary says
//! what it did not read).

mod cli;
mod export;
mod serve;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use clap::Parser;

use cli::{Cli, Command};
use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions, Progress};
use policy_search::query::{
    Engine, Filters, QuoteRequest, SearchBackend, SearchRequest, TrendRequest,
};
use policy_search::render::{self, Style};

/// Exit code when ingest skipped some input.
const EXIT_SKIPPED: u8 = 2;
/// Exit code when ingest was stopped by a signal (128 + SIGINT, as shells do).
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse_from(cli::protect_exclusions(std::env::args_os()));
    let dir = index_dir(&cli);
    match run_catching_panics(cli) {
        Ok(code) => code,
        Err(mut error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            // damaged files are named relative to the index folder
            if let Some(error) = error.downcast_mut::<policy_search::Error>() {
                error.locate_in(&dir);
            }
            // paths and reasons in an error may come from the data
            eprintln!(
                "policy-search: {}",
                render::terminal_safe(&format!("{error:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// The index folder the command works on.
fn index_dir(cli: &Cli) -> PathBuf {
    cli.index
        .clone()
        .or_else(|| std::env::var_os("POLICY_SEARCH_INDEX").map(PathBuf::from))
        .unwrap_or_else(default_index_dir)
}

/// [`run`], a panic of the main thread turned into an error (exit code 1,
/// not 101): tantivy panics on some damaged files that its checksums would
/// have caught, which only `check` reads whole.
fn run_catching_panics(cli: Cli) -> anyhow::Result<ExitCode> {
    let message: Arc<Mutex<Option<String>>> = Arc::default();
    let default_hook = std::panic::take_hook();
    let hook_message = Arc::clone(&message);
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("main") {
            return default_hook(info);
        }
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        *hook_message.lock().unwrap_or_else(|e| e.into_inner()) =
            Some(format!("{payload}{location}"));
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli))) {
        Ok(result) => result,
        Err(_) => {
            let message = message.lock().unwrap_or_else(|e| e.into_inner()).take();
            anyhow::bail!(
                "internal error: {}; the index may be damaged: `policy-search check` verifies it",
                // a worker thread's panic was printed where it happened
                message.unwrap_or_else(|| "a worker thread panicked (above)".to_string())
            )
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
            let index = if args.force {
                SearchIndex::start_over(&dir)?
            } else {
                SearchIndex::open_or_create(&dir)?
            };
            if let Some(warning) = index.dictionary_warning() {
                eprintln!("policy-search: warning: {warning}");
            }
            if let Some(warning) = index.rules_warning() {
                eprintln!("policy-search: warning: {warning}");
            }
            let mut options = IngestOptions::default();
            if let Some(jobs) = args.jobs {
                let most = ingest::max_jobs();
                if jobs > most {
                    eprintln!(
                        "policy-search: --jobs {jobs} is more than the {most} cores; using {most}"
                    );
                }
                options.jobs = jobs.clamp(1, most);
            }
            if let Some(mb) = args.memory {
                options.memory_budget = mb.saturating_mul(1 << 20);
            }
            options.prune = args.prune;
            stop_on_signal(&options.stop);
            let report = run_ingest(&index, &args.paths, &options)?;
            if args.json {
                serde_json::to_writer(&mut out, &report)?;
                writeln!(out)?;
            }
            render::report_text(&mut io::stderr(), &report)?;
            if report.interrupted {
                ExitCode::from(EXIT_INTERRUPTED)
            } else if report.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_SKIPPED)
            }
        }
        Command::Search(args) => {
            let request = SearchRequest {
                query: args.query.join(" "),
                filters: args.filter.filters(),
                limit: args.limit,
                offset: args.offset,
                facets: args.facets,
                sort: args.sort.into(),
                collapse: !args.no_collapse,
                explain: args.explain,
                count: args.count,
            };
            if args.all || args.limit == 0 {
                if args.cluster.backend.is_some() {
                    anyhow::bail!("--all and -n 0 read the embedded index: drop --backend");
                }
                let engine = open_engine(explicit)?;
                return export_search(&engine, &request, &args, &mut out, style);
            }
            let engine = open_backend(explicit, args.cluster.backend.as_deref())?;
            let results = engine.search(&request)?;
            if args.csv {
                render::csv_header(&mut out, &render::HIT_CSV_COLUMNS)?;
                for hit in &results.hits {
                    render::hit_csv(&mut out, hit)?;
                }
            } else if args.json {
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
            let query = args.query.join(" ");
            let request = QuoteRequest {
                query: (!query.trim().is_empty()).then_some(query),
                filters: args.filter.filters(),
                limit: args.limit,
                offset: args.offset,
            };
            if args.all || args.limit == 0 {
                if args.cluster.backend.is_some() {
                    anyhow::bail!("--all and -n 0 read the embedded index: drop --backend");
                }
                let engine = open_engine(explicit)?;
                return export_quotes(&engine, &request, &args, &mut out, style);
            }
            let engine = open_backend(explicit, args.cluster.backend.as_deref())?;
            let results = engine.quotes(&request)?;
            if args.csv {
                render::csv_header(&mut out, &render::QUOTE_CSV_COLUMNS)?;
                for quote in &results.hits {
                    render::quote_csv(&mut out, quote)?;
                }
            } else if args.json {
                render::json_lines(&mut out, &results.hits)?;
            } else {
                render::quotes_text(&mut out, &results, style)?;
            }
            ExitCode::SUCCESS
        }
        Command::Trend(args) => {
            let engine = open_backend(explicit, args.cluster.backend.as_deref())?;
            let request = TrendRequest {
                queries: args.queries,
                by: args.by.into(),
                filters: args.filter.filters(),
            };
            let trend = engine.trend(&request)?;
            if args.csv {
                render::trend_csv(&mut out, &trend)?;
            } else if args.json {
                render::json_line(&mut out, &trend)?;
            } else {
                render::trend_text(&mut out, &trend, style)?;
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
            // the recall files' checksums: a damaged one is an error, not a count
            engine.index().check_recall()?;
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
            // an id given twice is one article to remove
            let mut seen = std::collections::HashSet::new();
            let ids: Vec<String> = args
                .ids
                .into_iter()
                .filter(|id| seen.insert(id.clone()))
                .collect();
            let missing = ingest::remove(&index, &ids)?;
            for id in &missing {
                eprintln!("policy-search: no article with id {id}");
            }
            eprintln!("removed {} articles", ids.len() - missing.len());
            if missing.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Check => {
            let dir = explicit.unwrap_or_else(default_index_dir);
            let report = SearchIndex::open(&dir)?.check()?;
            for damaged in &report.damaged {
                writeln!(
                    out,
                    "damaged: {}: {}",
                    damaged.path.display(),
                    damaged.reason
                )?;
            }
            if report.is_intact() {
                writeln!(
                    out,
                    "ok: {} segments, {} files intact (checksums verified, recall postings decoded)",
                    report.segments, report.files
                )?;
            }
            out.flush()?;
            if !report.is_intact() {
                anyhow::bail!(
                    "damaged index: {} of the {} files of {} are damaged; ingest the sources into a new index folder",
                    report.damaged.len(),
                    report.files,
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Command::Serve(args) => {
            let engine =
                std::sync::Arc::from(open_backend(explicit, args.cluster.backend.as_deref())?);
            drop(out);
            let options = serve::ServeOptions {
                addr: args.addr,
                allow_hosts: args.allow_host,
                deadline: std::time::Duration::from_secs_f64(args.deadline),
            };
            serve::run(engine, &options)?;
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

/// `search --all` (or `-n 0`): every matching passage streamed as text, JSON
/// lines or CSV, then the facets when asked; `-n 0 --facets`: the counts only.
fn export_search(
    engine: &Engine,
    request: &SearchRequest,
    args: &cli::SearchArgs,
    out: &mut dyn Write,
    style: Style,
) -> anyhow::Result<ExitCode> {
    if args.facets && args.csv {
        anyhow::bail!("a CSV has no place for facets: use -n 0 --facets for the counts");
    }
    if args.limit == 0 && args.facets && !args.all {
        let counts = engine.count(request)?;
        if let Some(facets) = &counts.facets {
            if args.json {
                render::facets_json(out, facets, counts.total)?;
            } else {
                writeln!(out, "{} matching passages", counts.total)?;
                render::facets_text(out, facets, style)?;
            }
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.csv {
        render::csv_header(out, &render::HIT_CSV_COLUMNS)?;
    }
    let written = engine.export_passages(request, &mut |hit| {
        if args.csv {
            render::hit_csv(out, &hit)?;
        } else if args.json {
            render::json_line(out, &hit)?;
        } else {
            render::hit_text(out, &hit, style)?;
        }
        Ok(())
    })?;
    if args.facets {
        let counts = engine.count(request)?;
        if let Some(facets) = &counts.facets {
            if args.json {
                render::facets_json(out, facets, counts.total)?;
            } else {
                writeln!(out, "{written} matching passages")?;
                render::facets_text(out, facets, style)?;
            }
        }
    } else if !args.csv && !args.json {
        writeln!(out, "{written} matching passages")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `quotes --all` (or `-n 0`): every matching quote streamed as text, JSON lines or CSV.
fn export_quotes(
    engine: &Engine,
    request: &QuoteRequest,
    args: &cli::QuotesArgs,
    out: &mut dyn Write,
    style: Style,
) -> anyhow::Result<ExitCode> {
    if args.csv {
        render::csv_header(out, &render::QUOTE_CSV_COLUMNS)?;
    }
    let written = engine.export_quotes(request, &mut |quote| {
        if args.csv {
            render::quote_csv(out, &quote)?;
        } else if args.json {
            render::json_line(out, &quote)?;
        } else {
            render::quote_text(out, &quote, style)?;
        }
        Ok(())
    })?;
    if !args.csv && !args.json {
        writeln!(out, "{written} matching quotes")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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

/// The default index: `index_data/index` of a checkout (see
/// [`checkout_data_dir`]), else `policy-search/index` in the platform's data
/// folder ([`platform_data_dir`]) — where an installed binary keeps it.
fn default_index_dir() -> PathBuf {
    if let Some(checkout) = checkout_data_dir() {
        return checkout.join("index");
    }
    match platform_data_dir() {
        Some(data) => data.join("policy-search").join("index"),
        None => Path::new("index_data").join("index"),
    }
}

/// `index_data/` of a checkout: the current folder's, or that of the
/// checkout this binary was built in when it runs from there (`cargo run`,
/// `target/…`). An installed binary (`cargo install --path .`) runs from
/// elsewhere and gets `None`.
fn checkout_data_dir() -> Option<PathBuf> {
    let local = Path::new("index_data");
    if local.is_dir() {
        return Some(local.to_path_buf());
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().ok()?;
    let data = built.join("index_data");
    (exe.starts_with(built) && data.is_dir()).then_some(data)
}

/// The platform's folder for a user's application data: `$XDG_DATA_HOME`
/// (when absolute) or `~/.local/share` on Linux and other Unix systems,
/// `~/Library/Application Support` on macOS, `%LOCALAPPDATA%` on Windows.
fn platform_data_dir() -> Option<PathBuf> {
    let env_dir = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|dir| dir.is_absolute())
    };
    if cfg!(windows) {
        return env_dir("LOCALAPPDATA").or_else(|| env_dir("APPDATA"));
    }
    let home = env_dir("HOME");
    if cfg!(target_os = "macos") {
        return home.map(|home| home.join("Library").join("Application Support"));
    }
    env_dir("XDG_DATA_HOME").or_else(|| home.map(|home| home.join(".local").join("share")))
}

/// The bundled samples the default index is built from: those of a checkout,
/// else those of the checkout the binary was built from, if it is still there.
fn samples_dir() -> Option<PathBuf> {
    checkout_data_dir()
        .map(|data| data.join("samples"))
        .or_else(|| {
            Some(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("index_data")
                    .join("samples"),
            )
        })
        .filter(|samples| samples.is_dir())
}

/// Opens the index for reading. The default index is built from the bundled
/// samples the first time it is needed.
fn open_engine(explicit: Option<PathBuf>) -> anyhow::Result<Engine> {
    let dir = match explicit {
        Some(dir) => dir,
        None => {
            let dir = default_index_dir();
            if !dir.join("meta.json").exists() {
                let Some(samples) = samples_dir() else {
                    anyhow::bail!(
                        "no index yet in {}: run `policy-search ingest PATH` first",
                        dir.display()
                    );
                };
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

/// The first SIGINT/SIGTERM cancels `stop` (ingest commits what it has and
/// prints its summary); a second one quits at once.
fn stop_on_signal(stop: &policy_search::cancel::CancelToken) {
    let stop = stop.clone();
    let watcher = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
            else {
                return;
            };
            runtime.block_on(async {
                let Some(mut signals) = Signals::new() else {
                    return;
                };
                signals.next().await;
                stop.cancel();
                eprintln!(
                    "\npolicy-search: stopping: committing what was read (press Ctrl-C again to quit at once)"
                );
                signals.next().await;
                eprintln!("policy-search: quit; the last commit is kept");
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            });
        });
    if let Err(error) = watcher {
        eprintln!("policy-search: warning: Ctrl-C will not stop ingest cleanly: {error}");
    }
}

/// SIGINT and SIGTERM as one stream.
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    fn new() -> Option<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            Some(Signals {
                interrupt: signal(SignalKind::interrupt()).ok()?,
                terminate: signal(SignalKind::terminate()).ok()?,
            })
        }
        #[cfg(not(unix))]
        Some(Signals {})
    }

    async fn next(&mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {},
            _ = self.terminate.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
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
