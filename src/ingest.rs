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
//!
//! Stoppable: when [`IngestOptions::stop`] is cancelled (the binary does so on
//! SIGINT/SIGTERM) the ingest stops after the window of articles in hand,
//! commits what it added, and reports itself interrupted with the number of
//! files it did not finish. A file is known by its [`source::identity`], so a
//! second spelling of its path is neither read twice nor re-indexed, and an
//! identical copy of an article (same id, same content, another file) is
//! counted as a duplicate, not reported as a conflict.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::annotate::annotate;
use crate::cancel::CancelToken;
use crate::decode;
use crate::error::{Error, Result};
use crate::index::schema::SCHEMA_VERSION;
use crate::index::{
    ArticleState, SearchIndex, MAX_MEMORY_PER_THREAD, MAX_WRITER_THREADS, MIN_MEMORY_PER_THREAD,
};
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
    /// Cancelled to stop early; what was added is committed.
    pub stop: CancelToken,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            jobs: max_jobs(),
            prune: false,
            commit_bytes: 48 << 20,
            memory_budget: 192 << 20,
            stop: CancelToken::new(),
        }
    }
}

/// The most worker threads an ingest uses: one per core. More only adds
/// threads (and tantivy indexing threads, each with its own memory) that
/// wait for the same cores.
pub fn max_jobs() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
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

/// The hashes of an article, from one pass over its text: what decides
/// whether it must be re-indexed (its content, where it was read, the schema,
/// the dictionary and the annotation rules), and what it says wherever it was read (two copies of
/// a file have the same content hash and different article hashes).
fn article_hashes(article: &Article) -> (u64, u64) {
    let mut hasher = content_hasher(article);
    let content = hasher.digest();
    hasher.update(article.source.as_bytes());
    hasher.update(&[0]);
    hasher.update(&SCHEMA_VERSION.to_le_bytes());
    hasher.update(&crate::vocab::fingerprint().to_le_bytes());
    hasher.update(crate::annotate::RULES_FINGERPRINT.as_bytes());
    (hasher.digest(), content)
}

fn content_hasher(article: &Article) -> xxhash_rust::xxh3::Xxh3 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for part in [
        article.title.as_str(),
        article.body.as_str(),
        article.date.as_deref().unwrap_or(""),
        article.url.as_deref().unwrap_or(""),
        article.province.as_deref().unwrap_or(""),
    ] {
        hasher.update(part.as_bytes());
        hasher.update(&[0]);
    }
    hasher
}

/// [`Error::Argument`] when `budget` bytes of indexing memory cannot be
/// given to `jobs` indexing threads: less than a thread needs, more than
/// tantivy can use, or more than the machine has available now.
pub fn check_memory(budget: usize, jobs: usize) -> Result<()> {
    const MB: usize = 1 << 20;
    let least = jobs * MIN_MEMORY_PER_THREAD;
    if budget < least {
        return Err(Error::Argument(format!(
            "--memory {} MB is too little for {jobs} jobs: each needs {} MB (give --memory {} or fewer --jobs)",
            budget / MB,
            MIN_MEMORY_PER_THREAD.div_ceil(MB),
            least.div_ceil(MB)
        )));
    }
    let most = jobs * MAX_MEMORY_PER_THREAD;
    if budget > most {
        return Err(Error::Argument(format!(
            "--memory {} MB is more than {jobs} jobs can use ({} MB each)",
            budget / MB,
            MAX_MEMORY_PER_THREAD / MB
        )));
    }
    if let Some(available) = available_memory() {
        if budget > available {
            return Err(Error::Argument(format!(
                "--memory {} MB is more than the {} MB this machine has available",
                budget / MB,
                available / MB
            )));
        }
    }
    Ok(())
}

/// Memory the kernel says is available for new work (`MemAvailable`), in
/// bytes; `None` where there is no `/proc/meminfo`.
fn available_memory() -> Option<usize> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb: usize = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemAvailable:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// Ingests `paths` (files and folders) into `index`.
///
/// [`Error::Argument`] before anything is read when the memory budget
/// cannot be given ([`check_memory`]).
pub fn ingest(
    index: &SearchIndex,
    paths: &[PathBuf],
    options: &IngestOptions,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Result<IngestReport> {
    let started = Instant::now();
    let jobs = options.jobs.clamp(1, max_jobs().min(MAX_WRITER_THREADS));
    check_memory(options.memory_budget, jobs)?;
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
    // each file once, by its identity: `a/x.txt` given twice, or also as
    // `a/../a/x.txt` or through a symlink, is read once
    let mut files = Vec::new();
    let mut identities = HashSet::new();
    for entry in source::walk(paths) {
        match entry {
            Ok(file) => {
                let identity = source::identity(&file.path);
                if identities.insert(identity.clone()) {
                    files.push((file, identity));
                }
            }
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
            .map(|(f, _)| std::fs::metadata(&f.path).map_or(0, |m| m.len()))
            .sum(),
        ..Progress::default()
    };
    progress(&state);

    // hash of an id → content hash of the first article read with that id:
    // 16 bytes an article rather than its id, for a run over millions of
    // articles (two ids of one 64-bit hash are unheard of at that scale)
    let mut seen_ids: HashMap<u64, u64> = HashMap::new();
    let mut uncommitted = 0usize;
    let mut sources_read: HashSet<String> = HashSet::new();
    let mut finished = 0usize;
    // the bytes of the file being read, one buffer for every file
    let mut bytes = Vec::new();
    'files: for (file, identity) in &files {
        if options.stop.is_cancelled() {
            break;
        }
        let read = source::read_checked(
            file,
            decode::HEAD_BYTES,
            |head| decode::is_binary_start(head).then(|| "binary file".to_string()),
            &mut bytes,
        );
        if let Err(error) = read {
            report.files_skipped += 1;
            report.problems.push(Problem::from(&error));
            finished += 1;
            continue;
        }
        report.files_read += 1;
        report.bytes_read += bytes.len() as u64;
        let decoded = decode::decode(&file.path, file.format, &bytes);
        if decoded.articles.is_empty() && !decoded.problems.is_empty() {
            report.files_skipped += 1;
        }
        report
            .problems
            .extend(decoded.problems.iter().map(Problem::from));
        let source_name = display(identity);
        sources_read.insert(source_name.clone());

        // decide per article: unchanged, duplicate, new or updated
        let mut todo: Vec<(Article, u64, bool)> = Vec::new();
        for mut article in decoded.articles {
            article.source = source_name.clone();
            let (hash, content) = article_hashes(&article);
            let id_key = id_key(&article.id);
            if let Some(&first) = seen_ids.get(&id_key) {
                if first == content {
                    report.articles_duplicate += 1;
                } else {
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
            seen_ids.insert(id_key, content);
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
                if !seen_ids.contains_key(&id_key(id)) {
                    writer.delete_article(id);
                    report.articles_removed += 1;
                }
            }
        }

        for window in todo.chunks(WINDOW) {
            if options.stop.is_cancelled() {
                // this file's later articles are not added: a re-run adds them
                break 'files;
            }
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
        finished += 1;
        state.files_done += 1;
        state.bytes_done += std::fs::metadata(&file.path).map_or(0, |m| m.len());
        progress(&state);
    }
    if finished < files.len() {
        report.interrupted = true;
        report.files_not_read = files.len() - finished;
    }

    if options.prune && !report.interrupted {
        for (source_name, ids) in &ids_by_source {
            if sources_read.contains(*source_name) || Path::new(source_name).exists() {
                continue;
            }
            for id in ids {
                if !seen_ids.contains_key(&id_key(id)) {
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

/// The key of an article id in the ids read by one ingest.
fn id_key(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memory_budget_that_cannot_be_given_is_refused_before_anything_is_read() {
        let error = check_memory(30 << 20, 2).unwrap_err().to_string();
        assert!(
            error.contains("too little for 2 jobs") && error.contains("--memory 39"),
            "{error}"
        );
        let error = check_memory(3 * MAX_MEMORY_PER_THREAD, 2)
            .unwrap_err()
            .to_string();
        assert!(error.contains("more than 2 jobs can use"), "{error}");
        assert!(check_memory(2 * MIN_MEMORY_PER_THREAD, 2).is_ok());

        let index = SearchIndex::in_ram().unwrap();
        let options = IngestOptions {
            jobs: 1,
            memory_budget: 1 << 20,
            ..IngestOptions::default()
        };
        let error = ingest(&index, &[PathBuf::from("missing")], &options, &|_| {}).unwrap_err();
        assert!(matches!(error, Error::Argument(_)), "{error}");
    }
}
