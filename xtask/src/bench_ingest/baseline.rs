//! The baseline: bare tantivy + tantivy-jieba over the passages the pipeline
//! would index (decoded and split by the library, outside any timing), one
//! TEXT field and nothing else; optionally with the pipeline's recall index,
//! to measure what it costs. Also the `__bare-child` subcommand, the baseline
//! alone in its own process for profiling. Does not run the pipeline.

use std::path::{Path, PathBuf};
use std::time::Instant;

use policy_search::index::recall::RecallPlugin;
use policy_search::ingest::IngestOptions;
use policy_search::model::SpanKind;
use policy_search::source::{self, SourceFile};
use tantivy::schema::{Schema, TantivyDocument, TEXT};
use tantivy::tokenizer::{TokenStream, Tokenizer};

use super::host::dir_size;
use super::procfs::cpu_seconds;
use super::{settle, ROUNDS};

/// The text the baseline indexes: the passages of every article of `files`.
pub(crate) struct BaselineText {
    pub(crate) passages: Vec<String>,
    pub(crate) articles: usize,
    pub(crate) body_bytes: usize,
}

/// Decodes and splits `files` as the pipeline does, for the baseline.
pub(crate) fn baseline_text(files: &[SourceFile]) -> BaselineText {
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

/// `__bare-child <input> <index dir> <jobs> [recall]`: the baseline over
/// the passages of `input` (with `recall`, and the recall index), then
/// `seconds=` and `cpu_seconds=` lines.
pub(crate) fn run_child(input: &Path, dir: &Path, jobs: usize, recall: bool) {
    let files: Vec<SourceFile> = source::walk(&[input.to_path_buf()])
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    let passages = baseline_text(&files).passages;
    let run = bare_ingest(&passages, dir.to_path_buf(), jobs, recall);
    println!("seconds={}", run.seconds);
    println!("cpu_seconds={}", run.cpu_seconds);
    println!("docs={}", run.docs);
}

pub(crate) struct BareRun {
    pub(crate) seconds: f64,
    pub(crate) cpu_seconds: f64,
    pub(crate) docs: usize,
    pub(crate) index_bytes: u64,
}

/// Bare tantivy + tantivy-jieba: one TEXT field, `JiebaTokenizer` as "jieba",
/// a writer with `jobs` threads and the pipeline's memory budget; with
/// `recall`, also the pipeline's recall component (`index::recall`) over
/// the same text, to measure what that field costs.
pub(crate) fn bare_ingest(passages: &[String], dir: PathBuf, jobs: usize, recall: bool) -> BareRun {
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
pub(crate) fn recall_field_cost(passages: &[String], work: &Path, jobs: usize) -> (f64, f64) {
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
