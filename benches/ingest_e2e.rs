//! End-to-end benchmark on real text: ingest throughput, peak memory and
//! re-ingest of the whole corpus, next to a bare tantivy + tantivy-jieba
//! baseline over the same passages; the cost of the two analyzers; query
//! latency in-process and for the `policy-search search` process, next to
//! `rg -c -F`.
//!
//! Run: `cargo bench --bench ingest_e2e -- [CORPUS_DIR] [--quick]`
//! (default corpus `../shared/corpus/xwlb_cctv/`, or env
//! `POLICY_SEARCH_BENCH_CORPUS`; `--quick` ingests one year file only;
//! `--ingest-only` stops after the full/bare ingest rounds, for comparing
//! two builds).
//! The end-to-end query figures need `target/release/policy-search`
//! (`cargo build --release`) and, for the comparison, `rg` on `PATH`.
//!
//! Every full ingest runs in a child process (this binary re-executed with a
//! hidden subcommand) so that its peak RSS (`VmHWM`) covers exactly one ingest.
//! Wall time is what the goals are stated in; CPU seconds are printed next to
//! it because the machine may be shared, and full and bare ingest alternate
//! five times per number of jobs, the median ratio standing, each run
//! started after a `sync` so that no run pays for the writeback of another.
//! Results are asserted (passages found, every query answered, filters and
//! exclusions respected) so a broken build cannot be timed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use policy_search::annotate::annotate as prepare;
use policy_search::index::analyzer::{jieba_tokens, JiebaAnalyzer};
use policy_search::index::recall::RecallPlugin;
use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::model::IngestReport;
use policy_search::model::{Article, SpanKind};
use policy_search::query::{Engine, Filters, SearchRequest};
use policy_search::source::{self, SourceFile};
use tantivy::schema::{Schema, TantivyDocument, TEXT};
use tantivy::tokenizer::{TokenStream, Tokenizer};

const DEFAULT_CORPUS: &str = "../shared/corpus/xwlb_cctv/";
const CORPUS_ENV: &str = "POLICY_SEARCH_BENCH_CORPUS";
/// Hidden subcommand: `__ingest-child <corpus> <index dir> <jobs>`.
const CHILD: &str = "__ingest-child";
/// Hidden subcommand: `__bare-child <corpus> <index dir> <jobs> [recall]`,
/// the baseline alone (for profiling it next to the child).
const BARE_CHILD: &str = "__bare-child";
/// Runs of each in-process query, after one warm-up run.
const QUERY_RUNS: usize = 20;
/// Rounds of full and bare ingest per number of jobs; the median ratio is reported.
const ROUNDS: usize = 5;

/// Runs of each end-to-end command, after two warm-up runs.
const PROCESS_RUNS: usize = 30;

// Goals stated by the issue.
const GOAL_RATIO: f64 = 0.6;
const GOAL_RSS_MB: f64 = 500.0;
const GOAL_REINGEST: f64 = 10.0;
const GOAL_P99_MS: f64 = 10.0;
const GOAL_PROCESS_MS: f64 = 20.0;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(CHILD) {
        child(&args[1..]);
        return;
    }
    if args.first().map(String::as_str) == Some(BARE_CHILD) {
        bare_child(&args[1..]);
        return;
    }
    let mut quick = false;
    let mut ingest_only = false;
    let mut corpus: Option<PathBuf> = None;
    for arg in &args {
        match arg.as_str() {
            "--quick" => quick = true,
            "--ingest-only" => ingest_only = true,
            // cargo bench passes --bench; ignore any other flag
            flag if flag.starts_with('-') => {}
            path => corpus = Some(PathBuf::from(path)),
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = corpus
        .or_else(|| std::env::var_os(CORPUS_ENV).map(PathBuf::from))
        .unwrap_or_else(|| root.join(DEFAULT_CORPUS));
    run(root, &corpus, quick, ingest_only);
}

// ------------------------------------------------------------------ parent

fn run(root: &Path, corpus: &Path, quick: bool, ingest_only: bool) {
    let machine = machine();
    let commit = git_commit(root);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("# policy-search ingest_e2e bench");
    println!("machine: {machine}");
    println!("commit:  {commit}");

    let mut files: Vec<SourceFile> = source::walk(&[corpus.to_path_buf()])
        .filter_map(|entry| match entry {
            Ok(file) => Some(file),
            Err(error) => {
                eprintln!("skipping: {error}");
                None
            }
        })
        .collect();
    assert!(
        !files.is_empty(),
        "no readable files in {} (give a corpus folder or set {CORPUS_ENV})",
        corpus.display()
    );
    if quick {
        let at = files
            .iter()
            .position(|f| f.path.to_string_lossy().contains("2024"))
            .unwrap_or(0);
        files = vec![files.swap_remove(at)];
    }
    // what the ingest is given: the folder, or the one year file
    let input: PathBuf = if quick {
        files[0].path.clone()
    } else {
        corpus.to_path_buf()
    };
    let input_bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
        .sum();

    // The baseline's passages: decode + split, outside any timing (this also
    // brings the files into the page cache for every run below).
    let started = Instant::now();
    let BaselineText {
        passages,
        articles,
        body_bytes,
    } = baseline_text(&files);
    let passage_bytes: usize = passages.iter().map(String::len).sum();
    let passage_chars: usize = passages.iter().map(|p| p.chars().count()).sum();
    assert!(
        !passages.is_empty(),
        "decode + split found no passages in {}",
        input.display()
    );
    println!(
        "corpus:  {} ({} files, {:.1} MB; {articles} articles, {:.1} MB of body text, {} passages, {:.1} MB)",
        input.display(),
        files.len(),
        mb(input_bytes as f64),
        mb(body_bytes as f64),
        passages.len(),
        mb(passage_bytes as f64),
    );
    println!(
        "(decode + split for the baseline: {:.1} s, not timed below)",
        started.elapsed().as_secs_f64()
    );
    println!();

    let work = tempfile::Builder::new()
        .prefix("ps-bench-")
        .tempdir()
        .expect("temp dir");
    let jobs_list: Vec<usize> = if cores > 1 { vec![1, cores] } else { vec![1] };

    // ---- ingest: full pipeline (child process) and bare baseline, interleaved
    println!(
        "## ingest ({:.1} MB input, {} passages)",
        mb(input_bytes as f64),
        passages.len()
    );
    let mut runs: Vec<IngestRun> = Vec::new();
    for &jobs in &jobs_list {
        // full and bare alternate, ROUNDS times: the median ratio stands
        let mut rounds: Vec<IngestRun> = Vec::new();
        for round in 0..ROUNDS {
            let dir = work.path().join(format!("full-{jobs}-{round}"));
            settle();
            let full = spawn_child(&input, &dir, jobs);
            check_first_ingest(&full, passages.len());
            let full_index = dir_size(&dir);
            let bare_dir = work.path().join(format!("bare-{jobs}-{round}"));
            settle();
            let bare = bare_ingest(&passages, bare_dir.clone(), jobs, false);
            std::fs::remove_dir_all(&bare_dir).ok();
            rounds.push(IngestRun {
                jobs,
                dir,
                full,
                full_index,
                bare,
            });
        }
        rounds.sort_by(|a, b| a.ratio().total_cmp(&b.ratio()));
        let ratios: Vec<String> = rounds.iter().map(|r| format!("{:.2}", r.ratio())).collect();
        let run = rounds.swap_remove(rounds.len() / 2);
        for other in &rounds {
            std::fs::remove_dir_all(&other.dir).ok();
        }
        println!(
            "{} job(s), full/bare over {ROUNDS} rounds: {} (the median round below)",
            jobs,
            ratios.join(", ")
        );
        run.print(input_bytes, body_bytes);
        runs.push(run);
    }
    if ingest_only {
        return;
    }
    let all_cores = runs.last().expect("at least one run");
    let all_dir = all_cores.dir.clone();

    // ---- the recall index's cost: the bare core with and without it
    let recall_cost = recall_field_cost(&passages, work.path(), all_cores.jobs);

    // ---- re-ingest of the unchanged corpus into the same index
    settle();
    let again = spawn_child(&input, &all_dir, all_cores.jobs);
    assert_eq!(
        (
            again.report.articles_new,
            again.report.articles_updated,
            again.report.passages
        ),
        (0, 0, 0),
        "re-ingest of an unchanged corpus indexed something"
    );
    assert!(
        again.report.articles_unchanged > 0,
        "re-ingest saw no article"
    );
    let speedup = all_cores.full.seconds / again.seconds;
    println!(
        "re-ingest (unchanged, {} jobs): {:.2} s ({:.2} CPU s), {} articles unchanged; speed-up {:.1}× (goal ≥ {GOAL_REINGEST}×) {}",
        all_cores.jobs,
        again.seconds,
        again.cpu_seconds,
        again.report.articles_unchanged,
        speedup,
        verdict(speedup >= GOAL_REINGEST),
    );
    println!();

    // ---- the two analyzers alone
    let tokenizers = tokenize_costs(&passages, passage_bytes, passage_chars);
    println!();

    // ---- query latency
    let index = SearchIndex::open(&all_dir).expect("open the bench index");
    let engine = Engine::new(index).expect("engine");
    let queries = query_set();
    let latencies = query_latency(&engine, &queries);
    println!();
    let process = process_latency(root, &all_dir, &files);
    drop(passages);

    summary(SummaryInput {
        machine: &machine,
        commit: &commit,
        input: &input,
        input_bytes,
        runs: &runs,
        recall_cost,
        again: &again,
        speedup,
        tokenizers: &tokenizers,
        latencies: &latencies,
        process: &process,
    });
}

/// One row of the ingest table: the pipeline and the baseline at `jobs` threads.
struct IngestRun {
    jobs: usize,
    /// the pipeline's index
    dir: PathBuf,
    full: ChildRun,
    full_index: u64,
    bare: BareRun,
}

impl IngestRun {
    fn ratio(&self) -> f64 {
        self.bare.seconds / self.full.seconds
    }

    fn print(&self, input_bytes: u64, body_bytes: usize) {
        let full = &self.full;
        println!(
            "full pipeline, {} job(s): {:.1} s ({:.1} CPU s) → {:.2} MB/s, {:.0} passages/s; {} articles, {} passages, {} quotes, {} commits; peak RSS {:.0} MB; index {:.0} MB = {:.2}× input, {:.2}× body text",
            self.jobs,
            full.seconds,
            full.cpu_seconds,
            mb(input_bytes as f64) / full.seconds,
            full.report.passages as f64 / full.seconds,
            full.report.articles_new,
            full.report.passages,
            full.report.quotes,
            full.report.commits,
            full.vm_hwm_kb as f64 / 1024.0,
            mb(self.full_index as f64),
            self.full_index as f64 / input_bytes as f64,
            self.full_index as f64 / body_bytes as f64,
        );
        println!(
            "bare tantivy+jieba, {} thread(s): {:.1} s ({:.1} CPU s) → {:.2} MB/s, {:.0} passages/s; index {:.0} MB",
            self.jobs,
            self.bare.seconds,
            self.bare.cpu_seconds,
            mb(input_bytes as f64) / self.bare.seconds,
            self.bare.docs as f64 / self.bare.seconds,
            mb(self.bare.index_bytes as f64),
        );
        println!(
            "full/bare speed, {} job(s): {:.2} (goal ≥ {GOAL_RATIO}) {}; by CPU seconds {:.2}; peak RSS {} (goal ≤ {GOAL_RSS_MB} MB)",
            self.jobs,
            self.ratio(),
            verdict(self.ratio() >= GOAL_RATIO),
            self.bare.cpu_seconds / full.cpu_seconds,
            verdict((full.vm_hwm_kb as f64 / 1024.0) <= GOAL_RSS_MB),
        );
        println!();
    }
}

fn check_first_ingest(run: &ChildRun, split_passages: usize) {
    let report = &run.report;
    assert!(report.passages > 0, "the ingest indexed no passage");
    assert_eq!(
        report.articles_unchanged, 0,
        "first ingest into a fresh index"
    );
    // duplicate article ids are kept once, so a few passages may be missing
    assert!(
        report.passages * 10 >= split_passages * 9 && report.passages <= split_passages,
        "ingest indexed {} passages, split finds {split_passages}",
        report.passages
    );
    if !report.problems.is_empty() {
        eprintln!(
            "note: the ingest reported {} problem(s), e.g. {}",
            report.problems.len(),
            report.problems[0]
        );
    }
}

/// The text the baseline indexes: the passages of every article of `files`.
struct BaselineText {
    passages: Vec<String>,
    articles: usize,
    body_bytes: usize,
}

/// Decodes and splits `files` as the pipeline does, for the baseline.
fn baseline_text(files: &[SourceFile]) -> BaselineText {
    let mut text = BaselineText {
        passages: Vec::new(),
        articles: 0,
        body_bytes: 0,
    };
    for file in files {
        let bytes = source::read(file).unwrap_or_else(|e| panic!("{e}"));
        let decoded = policy_search::decode::decode(&file.path, file.format, &bytes);
        for article in &decoded.articles {
            text.articles += 1;
            text.body_bytes += article.body.len();
            for span in policy_search::split::split(&article.body) {
                if span.kind == SpanKind::Passage {
                    text.passages.push(article.body[span.range].to_string());
                }
            }
        }
    }
    text
}

/// Writes the dirty pages of earlier runs (hundreds of megabytes of index
/// files, and the discards of removed ones) before a timed run starts, so
/// that the kernel does not write them back in the middle of the next one,
/// on one of its two cores.
fn settle() {
    let _ = Command::new("sync").status();
}

// ------------------------------------------------------------ child process

/// What a child reports for one ingest.
struct ChildRun {
    seconds: f64,
    cpu_seconds: f64,
    vm_hwm_kb: u64,
    report: IngestReport,
}

fn spawn_child(input: &Path, index_dir: &Path, jobs: usize) -> ChildRun {
    let exe = std::env::current_exe().expect("current exe");
    let output = Command::new(exe)
        .arg(CHILD)
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
fn child(args: &[String]) {
    let [input, dir, jobs] = args else {
        panic!("usage: {CHILD} <input> <index dir> <jobs>");
    };
    let jobs: usize = jobs.parse().expect("jobs");
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

    let index = SearchIndex::open_or_create(Path::new(dir)).expect("open the index");
    let options = IngestOptions {
        jobs,
        ..IngestOptions::default()
    };
    let cpu = cpu_seconds();
    let started = Instant::now();
    let report = ingest(&index, &[PathBuf::from(input)], &options, &|_| {}).expect("ingest");
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

/// `__bare-child <input> <index dir> <jobs> [recall]`: the baseline over
/// the passages of `input` (with `recall`, and the recall index), then
/// `seconds=` and `cpu_seconds=` lines.
fn bare_child(args: &[String]) {
    let (input, dir, jobs, recall) = match args {
        [input, dir, jobs] => (input, dir, jobs, false),
        [input, dir, jobs, flag] if flag == "recall" => (input, dir, jobs, true),
        _ => panic!("usage: {BARE_CHILD} <input> <index dir> <jobs> [recall]"),
    };
    let jobs: usize = jobs.parse().expect("jobs");
    let files: Vec<SourceFile> = source::walk(&[PathBuf::from(input)])
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let passages = baseline_text(&files).passages;
    let run = bare_ingest(&passages, PathBuf::from(dir), jobs, recall);
    println!("seconds={}", run.seconds);
    println!("cpu_seconds={}", run.cpu_seconds);
    println!("docs={}", run.docs);
}

/// Peak resident set size of this process, in kB.
fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .unwrap_or(0)
}

/// CPU time of the calling thread so far, in ns (0 when the kernel does not
/// expose schedstat).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

/// User + system CPU time of this process (all threads) so far, in seconds.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name, which is in parentheses
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // USER_HZ is 100 on every Linux we run on
    (ticks(11) + ticks(12)) / 100.0
}

// ------------------------------------------------------------------ baseline

struct BareRun {
    seconds: f64,
    cpu_seconds: f64,
    docs: usize,
    index_bytes: u64,
}

/// Bare tantivy + tantivy-jieba: one TEXT field, `JiebaTokenizer` as "jieba",
/// a writer with `jobs` threads and the pipeline's memory budget; with
/// `recall`, also the pipeline's recall component (`index::recall`) over
/// the same text, to measure what that field costs.
fn bare_ingest(passages: &[String], dir: PathBuf, jobs: usize, recall: bool) -> BareRun {
    std::fs::create_dir_all(&dir).expect("baseline dir");
    let mut builder = Schema::builder();
    let text_options = TEXT.set_indexing_options(
        tantivy::schema::TextFieldIndexing::default()
            .set_tokenizer("jieba")
            .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
    );
    let text = builder.add_text_field("text", text_options);
    // the pipeline's recall component reads this field (tantivy does not index it)
    let chars = recall.then(|| {
        builder.add_text_field(
            policy_search::index::recall::FIELD,
            tantivy::schema::TextOptions::default(),
        )
    });
    let mut index_builder = tantivy::Index::builder().schema(builder.build());
    if recall {
        index_builder = index_builder.register_plugin(std::sync::Arc::new(RecallPlugin));
    }
    let index = index_builder.create_in_dir(&dir).expect("baseline index");
    index
        .tokenizers()
        .register("jieba", tantivy_jieba::JiebaTokenizer::new());
    // load tantivy-jieba's dictionary before the clock starts
    let mut tokenizer = tantivy_jieba::JiebaTokenizer::new();
    let mut stream = tokenizer.token_stream("加快发展新质生产力");
    assert!(stream.advance());

    let budget = IngestOptions::default()
        .memory_budget
        .max(jobs.clamp(1, 8) * 20_000_000);
    let cpu = cpu_seconds();
    let started = Instant::now();
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(jobs, budget)
        .expect("baseline writer");
    for passage in passages {
        let mut doc = TantivyDocument::default();
        doc.add_text(text, passage);
        if let Some(chars) = chars {
            doc.add_text(chars, passage);
        }
        writer.add_document(doc).expect("add");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge");
    let seconds = started.elapsed().as_secs_f64();
    let cpu_seconds = cpu_seconds() - cpu;
    let reader = index.reader().expect("reader");
    let docs = reader.searcher().num_docs() as usize;
    assert_eq!(docs, passages.len(), "baseline lost documents");
    BareRun {
        seconds,
        cpu_seconds,
        docs,
        index_bytes: dir_size(&dir),
    }
}

/// Seconds of the bare core without and with the recall index (median of
/// `ROUNDS` alternating pairs), at `jobs` threads.
fn recall_field_cost(passages: &[String], work: &Path, jobs: usize) -> (f64, f64) {
    let mut pairs: Vec<(f64, f64)> = (0..ROUNDS)
        .map(|round| {
            let dir = work.join(format!("recall-off-{round}"));
            settle();
            let off = bare_ingest(passages, dir.clone(), jobs, false).seconds;
            std::fs::remove_dir_all(&dir).ok();
            let dir = work.join(format!("recall-on-{round}"));
            settle();
            let on = bare_ingest(passages, dir.clone(), jobs, true).seconds;
            std::fs::remove_dir_all(&dir).ok();
            (off, on)
        })
        .collect();
    pairs.sort_by(|a, b| (a.1 / a.0).total_cmp(&(b.1 / b.0)));
    let (off, on) = pairs[pairs.len() / 2];
    println!(
        "## the recall index's cost ({jobs} thread(s), median of {ROUNDS})\nbare core {off:.1} s; bare core + the recall index {on:.1} s: recall adds {:.0}% to the time of indexing the same passages",
        100.0 * (on / off - 1.0)
    );
    println!();
    (off, on)
}

// ---------------------------------------------------------------- analyzers

struct TokenizerCost {
    name: &'static str,
    seconds: f64,
    tokens: usize,
}

/// The analyzers alone, one thread, over every passage: the recall tokens'
/// share of the analysis work.
fn tokenize_costs(passages: &[String], bytes: usize, chars: usize) -> Vec<TokenizerCost> {
    println!(
        "## analyzers alone (1 thread, {:.1} MB of passages)",
        mb(bytes as f64)
    );
    let mut costs = Vec::new();
    let mut time = |name: &'static str, count: &dyn Fn(&str) -> usize| {
        count("预热");
        let started = Instant::now();
        let tokens: usize = passages.iter().map(|p| count(p)).sum();
        let seconds = started.elapsed().as_secs_f64();
        assert!(tokens > 0, "{name} produced no token");
        println!(
            "{name:<28} {:>7.2} MB/s  {:>10} tokens  {:.3} tokens/char",
            mb(bytes as f64) / seconds,
            tokens,
            tokens as f64 / chars as f64
        );
        costs.push(TokenizerCost {
            name,
            seconds,
            tokens,
        });
    };
    // both analyzers as tantivy's indexing threads run them: a token stream
    // walked to its end, no token kept
    time("ps_jieba (token stream)", &|p| {
        let mut stream = JiebaAnalyzer.token_stream(p);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        n
    });
    time("recall tokens", &|p| {
        let mut n = 0;
        policy_search::index::recall::tokens::for_each_recall_token(p, |_, _| n += 1);
        n
    });
    time("tantivy-jieba (baseline)", &|p| {
        let mut tokenizer = tantivy_jieba::JiebaTokenizer::new();
        let mut stream = tokenizer.token_stream(p);
        let mut n = 0;
        while stream.advance() {
            n += 1;
        }
        n
    });
    let jieba = costs[0].seconds;
    let chars = costs[1].seconds;
    println!(
        "recall tokens' share of body analysis: {:.0}% (recall {:.2} s of jieba+recall {:.2} s)",
        100.0 * chars / (jieba + chars),
        chars,
        jieba + chars
    );
    costs
}

// ------------------------------------------------------------------ queries

/// One benchmark query and what its hits must satisfy.
struct BenchQuery {
    class: &'static str,
    query: &'static str,
    filters: Filters,
    facets: bool,
    /// Every hit's text must contain this (folded) string.
    contains: Option<&'static str>,
    /// No hit's text may contain this string.
    excludes: Option<&'static str>,
}

fn q(class: &'static str, query: &'static str) -> BenchQuery {
    BenchQuery {
        class,
        query,
        filters: Filters::default(),
        facets: false,
        contains: None,
        excludes: None,
    }
}

fn province(mut query: BenchQuery, province: &str) -> BenchQuery {
    query.filters.provinces = vec![province.to_string()];
    query
}

fn dates(mut query: BenchQuery, from: &str, to: &str) -> BenchQuery {
    query.filters.from = Some(from.to_string());
    query.filters.to = Some(to.to_string());
    query
}

fn contains(mut query: BenchQuery, text: &'static str) -> BenchQuery {
    query.contains = Some(text);
    query
}

fn excludes(mut query: BenchQuery, text: &'static str) -> BenchQuery {
    query.excludes = Some(text);
    query
}

fn facets(mut query: BenchQuery) -> BenchQuery {
    query.facets = true;
    query
}

/// The fixed set of 30 queries; each is expected to find passages in any
/// year of 新闻联播 from 2023 on (so `--quick` works too).
fn query_set() -> Vec<BenchQuery> {
    vec![
        contains(q("keyword", "新质生产力"), "新质生产力"),
        contains(q("keyword", "乡村振兴"), "乡村振兴"),
        contains(q("keyword", "高质量发展"), "高质量发展"),
        contains(q("keyword", "一带一路"), "一带一路"),
        contains(q("phrase", "\"共同富裕\""), "共同富裕"),
        contains(q("phrase", "\"人类命运共同体\""), "人类命运共同体"),
        contains(q("phrase", "\"全面深化改革\""), "全面深化改革"),
        contains(
            q("phrase", "\"习近平新时代中国特色社会主义思想\""),
            "习近平新时代中国特色社会主义思想",
        ),
        province(q("filtered", "乡村振兴"), "浙江"),
        province(q("filtered", "高质量发展"), "广东"),
        dates(q("filtered", "新质生产力"), "2024-03", "2024-03"),
        dates(province(q("filtered", "粮食"), "黑龙江"), "2023", "2025"),
        contains(q("substring", "质生产"), "质生产"),
        contains(q("substring", "量发"), "量发"),
        contains(q("substring", "化改"), "化改"),
        contains(q("single char", "粮"), "粮"),
        contains(q("single char", "铁"), "铁"),
        contains(q("single char", "茶"), "茶"),
        q("multi-word", "科技 创新 人才"),
        q("multi-word", "乡村 振兴 农民 增收"),
        q("multi-word", "生态 环境 保护 长江"),
        q("OR", "湖北 OR 湖南"),
        q("OR", "碳达峰 OR 碳中和"),
        q("OR", "芯片 OR 半导体"),
        excludes(q("exclusion", "改革 -经济"), "经济"),
        excludes(q("exclusion", "新质生产力 -人工智能"), "人工智能"),
        excludes(q("exclusion", "一带一路 -非洲"), "非洲"),
        facets(q("facets", "新质生产力")),
        facets(province(q("facets", "乡村振兴"), "浙江")),
        facets(q("facets", "改革")),
    ]
}

struct Latencies {
    /// (class, sorted latencies in ms)
    by_class: Vec<(&'static str, Vec<f64>)>,
    all: Vec<f64>,
    /// CPU ms of the searching thread per run, sorted
    cpu: Vec<f64>,
    /// (query, median ms, total matches)
    slowest: Vec<(String, f64, usize)>,
}

fn request(query: &BenchQuery) -> SearchRequest {
    SearchRequest {
        query: query.query.to_string(),
        filters: query.filters.clone(),
        facets: query.facets,
        ..SearchRequest::default()
    }
}

/// Runs one query and checks its hits; returns the number of matches.
fn checked_search(engine: &Engine, query: &BenchQuery) -> usize {
    let results = engine
        .search(&request(query))
        .unwrap_or_else(|e| panic!("query {:?} failed: {e}", query.query));
    let label = query.query;
    assert!(
        !results.hits.is_empty() && results.total > 0,
        "query {label:?} ({}) found nothing: broken code would be timed",
        query.class
    );
    for hit in &results.hits {
        let text = policy_search::normalize::fold(&hit.text);
        if let Some(needle) = query.contains {
            assert!(
                text.contains(needle),
                "query {label:?}: hit without {needle:?}: {}",
                hit.text
            );
        }
        if let Some(excluded) = query.excludes {
            assert!(
                !text.contains(excluded),
                "query {label:?}: hit with excluded {excluded:?}"
            );
        }
        if let Some(wanted) = query.filters.provinces.first() {
            assert_eq!(
                hit.province.as_deref(),
                Some(wanted.as_str()),
                "query {label:?}: province"
            );
        }
        if let (Some(from), Some(to)) = (&query.filters.from, &query.filters.to) {
            let date = hit.date.as_deref().unwrap_or("");
            assert!(
                date >= from.as_str() && date.get(..to.len()).is_some_and(|d| d <= to.as_str()),
                "query {label:?}: date {date} outside {from}..{to}"
            );
        }
    }
    if query.facets {
        let facets = results.facets.as_ref().expect("facets asked for");
        assert!(!facets.year.is_empty(), "query {label:?}: no year facet");
    }
    results.total
}

fn query_latency(engine: &Engine, queries: &[BenchQuery]) -> Latencies {
    println!(
        "## query latency in-process ({} queries × {QUERY_RUNS} runs, warm, Engine::search, limit 10)",
        queries.len()
    );
    let mut by_class: Vec<(&'static str, Vec<f64>)> = Vec::new();
    let mut all = Vec::new();
    let mut cpu_all = Vec::new();
    let mut per_query = Vec::new();
    for query in queries {
        let total = checked_search(engine, query);
        let mut times = Vec::with_capacity(QUERY_RUNS);
        for _ in 0..QUERY_RUNS {
            let cpu = thread_cpu_ns();
            let started = Instant::now();
            let results = engine.search(&request(query)).expect("search");
            times.push(ms(started.elapsed()));
            cpu_all.push((thread_cpu_ns() - cpu) as f64 / 1e6);
            assert_eq!(
                results.total, total,
                "query {:?}: unstable total",
                query.query
            );
        }
        all.extend_from_slice(&times);
        match by_class.iter_mut().find(|(class, _)| *class == query.class) {
            Some((_, class_times)) => class_times.extend_from_slice(&times),
            None => by_class.push((query.class, times.clone())),
        }
        times.sort_by(f64::total_cmp);
        per_query.push((query.query.to_string(), percentile(&times, 50.0), total));
    }
    for (_, times) in &mut by_class {
        times.sort_by(f64::total_cmp);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{:<13} {:>9} {:>9} {:>9}",
        "class", "p50 ms", "p99 ms", "max ms"
    );
    for (class, times) in by_class
        .iter()
        .chain(std::iter::once(&("overall", all.clone())))
    {
        println!(
            "{class:<13} {:>9.2} {:>9.2} {:>9.2}",
            percentile(times, 50.0),
            percentile(times, 99.0),
            times.last().copied().unwrap_or(0.0)
        );
    }
    per_query.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("slowest queries (median ms, matching passages):");
    for (query, median, total) in per_query.iter().take(5) {
        println!("  {median:>8.2}  {total:>8}  {query}");
    }
    cpu_all.sort_by(f64::total_cmp);
    println!(
        "CPU time of the searching thread (unaffected by other load): p50 {:.2} ms, p99 {:.2} ms",
        percentile(&cpu_all, 50.0),
        percentile(&cpu_all, 99.0)
    );
    let p99 = percentile(&all, 99.0);
    println!(
        "overall p99 {p99:.2} ms (goal ≤ {GOAL_P99_MS} ms) {}",
        verdict(p99 <= GOAL_P99_MS)
    );
    Latencies {
        by_class,
        all,
        cpu: cpu_all,
        slowest: per_query,
    }
}

// ---------------------------------------------------- end-to-end processes

struct ProcessLatency {
    /// (query, policy-search median ms, rg median ms if measured)
    rows: Vec<(String, f64, Option<f64>)>,
    skipped: Option<String>,
}

impl ProcessLatency {
    fn medians(&self) -> (Option<f64>, Option<f64>) {
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

fn process_latency(root: &Path, index_dir: &Path, files: &[SourceFile]) -> ProcessLatency {
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

// ------------------------------------------------------------------ summary

struct SummaryInput<'a> {
    machine: &'a str,
    commit: &'a str,
    input: &'a Path,
    input_bytes: u64,
    runs: &'a [IngestRun],
    /// seconds of the bare core without and with the recall index
    recall_cost: (f64, f64),
    again: &'a ChildRun,
    speedup: f64,
    tokenizers: &'a [TokenizerCost],
    latencies: &'a Latencies,
    process: &'a ProcessLatency,
}

fn summary(s: SummaryInput) {
    let input_mb = mb(s.input_bytes as f64);
    println!();
    println!("## summary (markdown, for the README)");
    println!();
    println!(
        "`cargo bench --bench ingest_e2e` on {} ({input_mb:.0} MB), commit {}, {}.",
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

// ------------------------------------------------------------------ helpers

fn verdict(ok: bool) -> &'static str {
    if ok {
        "✓"
    } else {
        "✗ MISSED"
    }
}

fn mb(bytes: f64) -> f64 {
    bytes / 1e6
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn dir_size(dir: &Path) -> u64 {
    walk_files(dir)
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, name)| {
            name.trim().to_string()
        });
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or("? GB".to_string(), |kb| {
            format!("{:.1} GB", kb / 1024.0 / 1024.0)
        });
    format!(
        "{cores} cores ({model}), {mem_gb} RAM, {} {}",
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

fn git_commit(root: &Path) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--short", "HEAD"])
        .output();
    let commit = match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => return "unknown (not a git checkout)".to_string(),
    };
    let dirty = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|out| !out.stdout.is_empty());
    if dirty {
        format!("{commit} (with uncommitted changes)")
    } else {
        commit
    }
}
