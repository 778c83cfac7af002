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

use crate::annotate::annotate;
use crate::decode;
use crate::error::{Error, Result};
use crate::index::schema::SCHEMA_VERSION;
use crate::index::{ArticleState, SearchIndex};
use crate::model::{AnnotatedArticle, Article, IngestReport, Problem};
use crate::source;

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
                    writer.delete_article(id);
                    report.articles_removed += 1;
                }
            }
        }

        for window in todo.chunks(WINDOW) {
            let annotated: Vec<AnnotatedArticle> =
                pool.install(|| window.par_iter().map(|(a, _, _)| annotate(a)).collect());
            for ((article, hash, existed), annotated) in window.iter().zip(annotated) {
                if *existed {
                    writer.delete_article(&article.id);
                    report.articles_updated += 1;
                } else {
                    report.articles_new += 1;
                }
                report.passages += annotated.passages.len();
                report.quotes += annotated.quotes.len();
                writer.add_article(article, *hash, &annotated)?;
                uncommitted += article.body.len();
            }
            state.articles += window.len();
            progress(&state);
            if uncommitted >= options.commit_bytes {
                writer.commit()?;
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
                    writer.delete_article(id);
                    report.articles_removed += 1;
                }
            }
        }
    }

    let changed = report.articles_new + report.articles_updated + report.articles_removed;
    if changed > 0 || report.commits > 0 {
        writer.commit()?;
        report.commits += 1;
        writer.wait_merging_threads()?;
    }
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Deletes articles by id; returns the ids that were not in the index.
pub fn remove(index: &SearchIndex, ids: &[String]) -> Result<Vec<String>> {
    let mut writer = index.writer(1, 0)?;
    let states = index.article_states()?;
    let mut missing = Vec::new();
    for id in ids {
        if states.contains_key(id) {
            writer.delete_article(id);
        } else {
            missing.push(id.clone());
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(missing)
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
