//! The one orchestrator of the write side:
//! source → decode → split → extract → index, returning a report.
//!
//! Incremental and idempotent: an article whose id and content hash are
//! already in the index is skipped before it is split or segmented; a changed
//! article replaces all its documents (delete-by-id and add in one commit); an
//! article that disappeared from a file that was read again is deleted.
//! Work is parallel (rayon, `jobs` threads, plus tantivy's indexing threads),
//! memory is bounded (articles are prepared in windows and the writer has a
//! fixed budget) and the index is committed every [`IngestOptions::commit_bytes`]
//! bytes of text, so a crash loses at most the last batch.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::decode;
use crate::error::{Error, Result};
use crate::extract::province::{infer_province, normalize_province, section_province};
use crate::extract::quote::extract_quotes;
use crate::index::schema::SCHEMA_VERSION;
use crate::index::{dup_key, ArticleState, SearchIndex};
use crate::model::{Article, Passage, Quote, SpanKind};
use crate::source;
use crate::split::split;

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Worker threads for preparing articles and for tantivy's indexing.
    pub jobs: usize,
    /// Delete articles whose source files no longer exist.
    pub prune: bool,
    /// Commit after this many bytes of new article text.
    pub commit_bytes: usize,
    /// tantivy's indexing memory budget, in bytes, for all threads.
    pub memory_budget: usize,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jobs: std::thread::available_parallelism().map_or(2, |n| n.get()),
            prune: false,
            commit_bytes: 48 << 20,
            memory_budget: 192 << 20,
        }
    }
}

/// One input that could not be (fully) read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

impl From<&Error> for Problem {
    fn from(error: &Error) -> Problem {
        match error {
            Error::BadInput { path, line, reason } => Problem {
                path: path.display().to_string(),
                line: *line,
                reason: reason.clone(),
            },
            Error::Io { path, source } => Problem {
                path: path.display().to_string(),
                line: None,
                reason: source.to_string(),
            },
            other => Problem {
                path: String::new(),
                line: None,
                reason: other.to_string(),
            },
        }
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub files_read: usize,
    /// Files that gave no article at all because of a problem.
    pub files_skipped: usize,
    pub articles_new: usize,
    pub articles_updated: usize,
    pub articles_unchanged: usize,
    pub articles_removed: usize,
    pub passages: usize,
    pub quotes: usize,
    pub bytes_read: u64,
    pub commits: usize,
    pub seconds: f64,
    pub problems: Vec<Problem>,
}

/// Progress, reported after every file and every window of articles.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub files_done: usize,
    pub files_total: usize,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub articles: usize,
}

/// Articles prepared per parallel window: bounds memory whatever the file size.
const WINDOW: usize = 512;

/// An article ready for the index.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub passages: Vec<Passage>,
    /// Each passage's near-duplicate key ([`crate::index::dup_key`]).
    pub dup_keys: Vec<u64>,
    /// Each quote with the id of the passage it lies in.
    pub quotes: Vec<(Quote, Option<String>)>,
}

/// Splits an article into passages, assigns provinces, extracts quotes,
/// attaches speakers to passages and computes their near-duplicate keys. Pure;
/// ingest runs it on all cores, ahead of tantivy's indexing threads (which
/// segment the passages with jieba).
pub fn prepare(article: &Article) -> Prepared {
    let body = &article.body;
    let record_province = article.province.as_deref().and_then(normalize_province);
    let mut passages: Vec<Passage> = Vec::new();
    let mut section: Option<String> = None;
    let mut section_prov: Option<&'static str> = None;
    for span in split(body) {
        match span.kind {
            SpanKind::Section(name) => {
                section_prov = section_province(&name);
                section = Some(name);
            }
            SpanKind::Credits => {
                section = None;
                section_prov = None;
            }
            SpanKind::Passage => {
                let text = &body[span.range.clone()];
                let province = section_prov
                    .or_else(|| infer_province(text))
                    .or(record_province)
                    .map(str::to_string);
                let ordinal = passages.len() as u32 + 1;
                passages.push(Passage {
                    id: format!("{}#{ordinal}", article.id),
                    ordinal,
                    start: span.range.start,
                    end: span.range.end,
                    section: section.clone(),
                    province,
                    speakers: Vec::new(),
                    roles: Vec::new(),
                });
            }
        }
    }
    let mut quotes = Vec::new();
    for mut quote in extract_quotes(body) {
        let at = passages
            .iter()
            .position(|p| quote.start >= p.start && quote.start < p.end);
        let passage_id = at.map(|i| passages[i].id.clone());
        if let Some(i) = at {
            let passage = &mut passages[i];
            let name = crate::normalize::fold(&quote.speaker);
            if !passage.speakers.contains(&name) {
                passage.speakers.push(name);
            }
            if !passage.roles.contains(&quote.role) {
                passage.roles.push(quote.role);
            }
            if quote.province.is_none() {
                quote.province = passage.province.clone();
            }
        }
        quotes.push((quote, passage_id));
    }
    for passage in &mut passages {
        passage.roles.sort();
    }
    let dup_keys = passages.iter().map(|p| dup_key(p.text(body))).collect();
    Prepared {
        passages,
        dup_keys,
        quotes,
    }
}

/// The content hash that decides whether an article must be re-indexed.
pub fn article_hash(article: &Article) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        article.title.as_str(),
        article.body.as_str(),
        article.date.as_deref().unwrap_or(""),
        article.url.as_deref().unwrap_or(""),
        article.province.as_deref().unwrap_or(""),
        article.source.as_str(),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher.update(&SCHEMA_VERSION.to_le_bytes());
    hasher.update(&crate::vocab::fingerprint().to_le_bytes());
    hasher.digest()
}

/// Ingests `paths` (files and folders) into `index`.
pub fn ingest(
    index: &SearchIndex,
    paths: &[PathBuf],
    options: &IngestOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<IngestReport> {
    let started = Instant::now();
    let jobs = options.jobs.max(1);
    let mut writer = index.writer(jobs, options.memory_budget)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Argument(format!("cannot start {jobs} worker threads: {e}")))?;

    let states = index.article_states()?;
    let mut ids_by_source: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, state) in &states {
        ids_by_source
            .entry(state.source.as_str())
            .or_default()
            .push(id.as_str());
    }

    let mut report = IngestReport::default();
    let mut files = Vec::new();
    for entry in source::walk(paths) {
        match entry {
            Ok(file) => files.push(file),
            Err(error) => {
                report.files_skipped += 1;
                report.problems.push(Problem::from(&error));
            }
        }
    }
    let mut state = Progress {
        files_total: files.len(),
        bytes_total: files
            .iter()
            .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
            .sum(),
        ..Progress::default()
    };
    progress(&state);

    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    let mut uncommitted = 0usize;
    let mut sources_read: HashSet<String> = HashSet::new();
    for file in &files {
        let bytes = match source::read(file) {
            Ok(bytes) => bytes,
            Err(error) => {
                report.files_skipped += 1;
                report.problems.push(Problem::from(&error));
                continue;
            }
        };
        report.files_read += 1;
        report.bytes_read += bytes.len() as u64;
        let decoded = decode::decode(&file.path, file.format, &bytes);
        drop(bytes);
        if decoded.articles.is_empty() && !decoded.problems.is_empty() {
            report.files_skipped += 1;
        }
        report
            .problems
            .extend(decoded.problems.iter().map(Problem::from));
        let source_name = display(&file.path);
        sources_read.insert(source_name.clone());

        // decide per article: unchanged, duplicate, new or updated
        let mut todo: Vec<(Article, u64, bool)> = Vec::new();
        for mut article in decoded.articles {
            article.source = source_name.clone();
            let hash = article_hash(&article);
            if let Some(&first) = seen_ids.get(&article.id) {
                if first != hash {
                    report.problems.push(Problem {
                        path: source_name.clone(),
                        line: article.line,
                        reason: format!(
                            "duplicate article id '{}' with different content (kept the first)",
                            article.id
                        ),
                    });
                }
                continue;
            }
            seen_ids.insert(article.id.clone(), hash);
            match states.get(&article.id) {
                Some(ArticleState { hash: old, .. }) if *old == hash => {
                    report.articles_unchanged += 1;
                }
                Some(_) => todo.push((article, hash, true)),
                None => todo.push((article, hash, false)),
            }
        }

        // articles this file had before and has no more
        if let Some(old_ids) = ids_by_source.get(source_name.as_str()) {
            for id in old_ids {
                if !seen_ids.contains_key(*id) {
                    index.delete_article(&writer, id);
                    report.articles_removed += 1;
                }
            }
        }

        for window in todo.chunks(WINDOW) {
            let prepared: Vec<Prepared> =
                pool.install(|| window.par_iter().map(|(a, _, _)| prepare(a)).collect());
            for ((article, hash, existed), prepared) in window.iter().zip(prepared) {
                if *existed {
                    index.delete_article(&writer, &article.id);
                    report.articles_updated += 1;
                } else {
                    report.articles_new += 1;
                }
                report.passages += prepared.passages.len();
                report.quotes += prepared.quotes.len();
                index.add_article(&writer, article, *hash, &prepared)?;
                uncommitted += article.body.len();
            }
            state.articles += window.len();
            progress(&state);
            if uncommitted >= options.commit_bytes {
                commit(index, &mut writer)?;
                report.commits += 1;
                uncommitted = 0;
            }
        }
        state.files_done += 1;
        state.bytes_done += std::fs::metadata(&file.path).map_or(0, |m| m.len());
        progress(&state);
    }

    if options.prune {
        for (source_name, ids) in &ids_by_source {
            if sources_read.contains(*source_name) || Path::new(source_name).exists() {
                continue;
            }
            for id in ids {
                if !seen_ids.contains_key(*id) {
                    index.delete_article(&writer, id);
                    report.articles_removed += 1;
                }
            }
        }
    }

    let changed = report.articles_new + report.articles_updated + report.articles_removed;
    if changed > 0 || report.commits > 0 {
        commit(index, &mut writer)?;
        report.commits += 1;
        writer.wait_merging_threads().map_err(Error::Index)?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

fn commit(index: &SearchIndex, writer: &mut tantivy::IndexWriter) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&index.payload());
    prepared.commit()?;
    Ok(())
}

/// Deletes articles by id; returns the ids that were not in the index.
pub fn remove(index: &SearchIndex, ids: &[String]) -> Result<Vec<String>> {
    let mut writer = index.writer(1, 0)?;
    let states = index.article_states()?;
    let mut missing = Vec::new();
    for id in ids {
        if states.contains_key(id) {
            index.delete_article(&writer, id);
        } else {
            missing.push(id.clone());
        }
    }
    commit(index, &mut writer)?;
    writer.wait_merging_threads().map_err(Error::Index)?;
    Ok(missing)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
