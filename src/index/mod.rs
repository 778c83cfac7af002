//! Opening, creating and writing the tantivy index. tantivy types stay in
//! this module and in `query`; the rest of the crate sees [`SearchIndex`].
//!
//! Opening is careful with what it finds on disk: a folder with segment
//! files but no `meta.json` is a damaged index ([`Error::MissingMeta`]), not
//! an empty one, and ingest does not start a new index over it unless told
//! to ([`SearchIndex::start_over`]); readers take no lock where nothing can
//! write (`directory`); [`SearchIndex::check`] verifies every file.

pub mod analyzer;
mod check;
mod directory;
pub mod documents;
pub mod facets;
pub mod recall;
pub mod schema;
pub mod score_key;
pub mod writer;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::collector::DocSetCollector;
use tantivy::merge_policy::LogMergePolicy;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

use crate::error::{Error, Result};
pub use check::{CheckReport, DamagedFile};
use directory::IndexDirectory;
use recall::RecallPlugin;
use schema::Fields;
pub use writer::IndexWriter;

/// An open policy-search index.
#[derive(Clone)]
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    dir: Option<PathBuf>,
}

/// What the index knows of one article, for incremental ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleState {
    pub hash: u64,
    pub source: String,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it (and the folder) when missing;
    /// [`Error::MissingMeta`] when the folder holds segment files without
    /// the `meta.json` that lists them.
    pub fn open_or_create(dir: &Path) -> Result<SearchIndex> {
        std::fs::create_dir_all(dir).map_err(|source| Error::io(dir, source))?;
        let directory = open_directory(dir)?;
        let exists = Index::exists(&directory).map_err(tantivy::TantivyError::from)?;
        let index = if exists {
            // checked against this layout in `wrap`
            Index::open(directory)?
        } else {
            refuse_orphans(dir)?;
            Index::builder()
                .schema(schema::build_schema())
                .settings(index_settings())
                .register_plugin(Arc::new(RecallPlugin))
                .open_or_create(directory)?
        };
        Self::wrap(index, Some(dir.to_path_buf()))
    }

    /// A new index in `dir` over a damaged one ([`Error::MissingMeta`]):
    /// deletes the segment files that no `meta.json` lists any more (and
    /// tantivy's list of managed files), then creates the index. What
    /// `ingest --force` does; an index that opens is opened as it is.
    pub fn start_over(dir: &Path) -> Result<SearchIndex> {
        if !dir.join(META_FILE).exists() {
            for file in segment_files(dir)?
                .into_iter()
                .chain([dir.join(MANAGED_FILE)])
            {
                match std::fs::remove_file(&file) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(Error::io(file, e));
                    }
                    _ => {}
                }
            }
        }
        Self::open_or_create(dir)
    }

    /// Opens an existing index; a clear error when there is none, or when
    /// its `meta.json` is missing.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        if !dir.join(META_FILE).exists() {
            refuse_orphans(dir)?;
            return Err(Error::NoIndex(dir.to_path_buf()));
        }
        let index = Index::open(open_directory(dir)?).map_err(|e| Error::from(e).in_index(dir))?;
        Self::wrap(index, Some(dir.to_path_buf()))
    }

    /// A throw-away index in memory (tests, doctests, benches).
    pub fn in_ram() -> Result<SearchIndex> {
        let index = Index::builder()
            .schema(schema::build_schema())
            .settings(index_settings())
            .register_plugin(Arc::new(RecallPlugin))
            .create_in_ram()?;
        Self::wrap(index, None)
    }

    fn wrap(mut index: Index, dir: Option<PathBuf>) -> Result<SearchIndex> {
        let recall_persisted = index
            .load_metas()?
            .persisted_custom_extensions
            .iter()
            .any(|extension| extension == recall::EXTENSION);
        if !recall_persisted || index.schema() != schema::build_schema() {
            return Err(Error::OldIndex(dir.unwrap_or_default()));
        }
        if index.custom_plugins().is_empty() {
            index.register_plugin(Arc::new(RecallPlugin));
        }
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(SearchIndex { index, fields, dir })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Number of searchable segments.
    pub fn segment_count(&self) -> Result<usize> {
        Ok(self.index.searchable_segment_ids()?.len())
    }

    /// Merges every segment into one, dropping deleted documents for good.
    pub fn merge_segments(&self) -> Result<()> {
        let ids = self.index.searchable_segment_ids()?;
        if ids.len() < 2 {
            return Ok(());
        }
        let mut writer = self.writer(1, 0)?;
        writer.merge(&ids)?;
        writer.wait_merging_threads()?;
        Ok(())
    }

    /// A writer with `threads` indexing threads sharing `memory_budget` bytes
    /// (at least [`MIN_MEMORY_PER_THREAD`] a thread, at most
    /// [`MAX_MEMORY_PER_THREAD`]), merging segments by [`merge_policy`].
    /// Fails at once with [`Error::Locked`] when another writer holds the index.
    pub fn writer(&self, threads: usize, memory_budget: usize) -> Result<IndexWriter> {
        let threads = threads.clamp(1, MAX_WRITER_THREADS);
        let budget = memory_budget.clamp(
            threads * MIN_MEMORY_PER_THREAD,
            threads * MAX_MEMORY_PER_THREAD,
        );
        let options = tantivy::indexer::IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(budget / threads)
            // one merge at a time: what a merge reads is bounded once
            .num_merge_threads(1)
            .build();
        match self.index.writer_with_options(options) {
            Ok(inner) => {
                inner.set_merge_policy(Box::new(BoundedMergePolicy {
                    inner: merge_policy(),
                    dir: self.dir.clone(),
                    max_bytes: (budget as u64 / 2).max(MIN_MERGE_BYTES),
                }));
                Ok(IndexWriter::new(inner, self.fields.clone(), self.payload()))
            }
            Err(tantivy::TantivyError::LockFailure(
                tantivy::directory::error::LockError::LockBusy,
                _,
            )) => Err(Error::Locked(
                self.dir
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("<memory>")),
            )),
            Err(e) => Err(self.located(e)),
        }
    }

    pub fn reader(&self) -> Result<IndexReader> {
        self.index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|e| self.located(e))
    }

    /// A tantivy error as ours, located in this index's folder.
    fn located(&self, error: tantivy::TantivyError) -> Error {
        match &self.dir {
            Some(dir) => Error::from(error).in_index(dir),
            None => Error::from(error),
        }
    }

    /// Every article in the index with its content hash and source file.
    pub fn article_states(&self) -> Result<HashMap<String, ArticleState>> {
        let reader = self.reader()?;
        let searcher = reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.kind, schema::KIND_ARTICLE),
            IndexRecordOption::Basic,
        );
        let docs = searcher.search(&query, &DocSetCollector)?;
        let mut by_segment: HashMap<u32, Vec<u32>> = HashMap::new();
        for address in docs {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push(address.doc_id);
        }
        let mut states = HashMap::new();
        for (segment_ord, doc_ids) in by_segment {
            let segment = searcher.segment_reader(segment_ord);
            let fast = segment.fast_fields();
            let ids = fast.str(schema::STATE_ID)?;
            let sources = fast.str(schema::STATE_SOURCE)?;
            let hashes = fast.u64(schema::HASH)?;
            let (Some(ids), Some(sources)) = (ids, sources) else {
                continue;
            };
            // resolve term ordinals in sorted batches: one pass over each dictionary
            let mut rows: Vec<(u64, Option<u64>, u64)> = Vec::with_capacity(doc_ids.len());
            for doc in doc_ids {
                let Some(id_ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                let source_ord = sources.term_ords(doc).next();
                rows.push((id_ord, source_ord, hashes.first(doc).unwrap_or(0)));
            }
            let id_names = resolve(&ids, rows.iter().map(|r| r.0))?;
            let source_names = resolve(&sources, rows.iter().filter_map(|r| r.1))?;
            for (id_ord, source_ord, hash) in rows {
                let (Some(id), source) = (
                    id_names.get(&id_ord),
                    source_ord.and_then(|o| source_names.get(&o)),
                ) else {
                    continue;
                };
                states.insert(
                    id.clone(),
                    ArticleState {
                        hash,
                        source: source.cloned().unwrap_or_default(),
                    },
                );
            }
        }
        Ok(states)
    }

    /// What every commit records: the layout, vocabulary and annotation
    /// rules that built the index.
    pub fn payload(&self) -> String {
        serde_json::json!({
            "schema": schema::SCHEMA_VERSION,
            "vocabulary": format!("{:016x}", crate::vocab::fingerprint()),
            "rules": crate::annotate::RULES_FINGERPRINT,
        })
        .to_string()
    }

    /// For ingest: a warning when the index was annotated with other rules
    /// (another build of policy-search split or attributed differently, or
    /// recorded none): articles read again are annotated again.
    pub fn rules_warning(&self) -> Option<String> {
        let payload = self.index.load_metas().ok()?.payload?;
        let value: serde_json::Value = serde_json::from_str(&payload).ok()?;
        let recorded = value.get("rules").and_then(serde_json::Value::as_str);
        let current = crate::annotate::RULES_FINGERPRINT;
        (recorded != Some(current)).then(|| {
            format!(
                "index was annotated with other rules ({}, now {current}): articles read again are split and annotated again",
                recorded.unwrap_or("not recorded")
            )
        })
    }

    /// The `(schema, vocabulary)` recorded by the last commit, if any.
    fn recorded(&self) -> Option<(u64, String)> {
        let payload = self.index.load_metas().ok()?.payload?;
        let value: serde_json::Value = serde_json::from_str(&payload).ok()?;
        Some((
            value.get("schema")?.as_u64()?,
            value.get("vocabulary")?.as_str()?.to_string(),
        ))
    }

    /// For readers: a warning when the index was built with another layout.
    pub fn compatibility_warning(&self) -> Option<String> {
        let (schema, _) = self.recorded()?;
        (schema != schema::SCHEMA_VERSION).then(|| {
            format!(
                "index was built with layout {schema}, this policy-search uses {}; run `policy-search ingest` again to re-index",
                schema::SCHEMA_VERSION
            )
        })
    }

    /// For ingest: a warning when the index was built with another dictionary
    /// (its articles are then re-indexed as they are read again).
    pub fn dictionary_warning(&self) -> Option<String> {
        let (_, vocabulary) = self.recorded()?;
        let current = format!("{:016x}", crate::vocab::fingerprint());
        (vocabulary != current).then(|| {
            format!(
                "index was built with a different dictionary ({vocabulary}, now {current}): articles read again are re-segmented"
            )
        })
    }
}

/// What an article document stores of its body: the text between its
/// passages (section headings, credits, blank lines), the passages' byte
/// `ranges` (in order, not overlapping) cut out.
pub fn article_skeleton(body: &str, ranges: &[(usize, usize)]) -> String {
    let mut skeleton = String::with_capacity(body.len() / 8);
    let mut at = 0;
    for &(start, end) in ranges {
        skeleton.push_str(&body[at..start]);
        at = end;
    }
    skeleton.push_str(&body[at..]);
    skeleton
}

/// The body of an article from its [`article_skeleton`] and its passages,
/// given as `(start, end, text)` in order; `None` when they do not fit
/// together (a damaged index).
pub fn article_body(skeleton: &str, passages: &[(usize, usize, &str)]) -> Option<String> {
    let total = skeleton.len() + passages.iter().map(|p| p.2.len()).sum::<usize>();
    let mut body = String::with_capacity(total);
    let mut taken = 0;
    for &(start, end, text) in passages {
        let gap = start.checked_sub(body.len())?;
        body.push_str(skeleton.get(taken..taken + gap)?);
        taken += gap;
        if end.checked_sub(start)? != text.len() {
            return None;
        }
        body.push_str(text);
    }
    body.push_str(skeleton.get(taken..)?);
    Some(body)
}

/// tantivy's list of an index's segments, written at each commit.
const META_FILE: &str = "meta.json";
/// tantivy's list of the files it wrote, for garbage collection.
const MANAGED_FILE: &str = ".managed.json";

fn open_directory(dir: &Path) -> Result<IndexDirectory> {
    IndexDirectory::open(dir).map_err(|e| Error::from(tantivy::TantivyError::from(e)))
}

/// The files of `dir` named as tantivy names segment files: 32 hex digits
/// (the segment's id), a dot, an extension.
fn segment_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let Some((id, _extension)) = name.to_str().and_then(|name| name.split_once('.')) else {
            continue;
        };
        if id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// [`Error::MissingMeta`] when `dir` (which has no `meta.json`) holds
/// segment files.
fn refuse_orphans(dir: &Path) -> Result<()> {
    let orphans = segment_files(dir)?.len();
    if orphans > 0 {
        return Err(Error::MissingMeta {
            dir: dir.to_path_buf(),
            segment_files: orphans,
        });
    }
    Ok(())
}

/// Most indexing threads of one writer.
pub const MAX_WRITER_THREADS: usize = 8;
/// Least indexing memory a writer gives each of its threads (tantivy refuses
/// less than 15 MB).
pub const MIN_MEMORY_PER_THREAD: usize = 20_000_000;
/// Most indexing memory one thread can use: tantivy addresses a thread's
/// arena with 32 bits.
pub const MAX_MEMORY_PER_THREAD: usize = 4_000_000_000;

/// Segments of one size class merged at a time; tantivy's default is 8.
pub const MERGE_FAN_IN: usize = 16;

/// The settings of a new index: the document store's blocks compressed in
/// the indexing thread that fills them. tantivy's default, a compressing
/// thread per segment writer handed each 16 kB block through a channel,
/// cost two context switches a block (55,000 in an ingest of the bundled
/// 127 MB of news, 14,000 without it) and the indexing threads' caches
/// with them, for no parallelism on a machine whose cores index already.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compress_dedicated_thread: false,
        ..tantivy::IndexSettings::default()
    }
}

/// How ingest merges segments: tantivy's logarithmic policy, merging
/// [`MERGE_FAN_IN`] segments of a size class at a time instead of 8.
///
/// Each indexing thread cuts a segment when its share of the memory budget
/// fills and at every commit, so a first ingest of the 127 MB news corpus on
/// two threads writes ten segments of about 65,000 documents. With 8 at a time tantivy merged them all into one while ingest
/// went on: the whole index written twice, a third more CPU time and 230 MB
/// more memory, in the middle of the batch. Sixteen leaves a bulk ingest as
/// it was written (queries stay well inside their goal on ten segments, see
/// the README's Performance section) and still merges the small segments that
/// many daily batches leave behind.
pub fn merge_policy() -> LogMergePolicy {
    let mut policy = LogMergePolicy::default();
    policy.set_min_num_segments(MERGE_FAN_IN);
    policy
}

/// Least bytes of segments one merge may read, whatever the budget.
const MIN_MERGE_BYTES: u64 = 16 << 20;

/// [`merge_policy`]'s merges, each cut into merges of at most `max_bytes`
/// of segment files (half the writer's memory budget): what a merge reads
/// stays in memory while it runs (tantivy reads segments through memory
/// maps, and every page read counts in the process's resident memory), so
/// a merge bounded by the budget keeps an ingest's peak memory to the
/// budget whatever the size of the index. Without it, an ingest of eight
/// times the 122 MB news corpus merged sixteen segments of 45 MB at once
/// and peaked at 1.3 GB, 0.9 GB of it the merged segments (`cargo xtask
/// bench-growth`). The price is more segments in a large index: segments
/// over `max_bytes` are left as they are.
///
/// An index in memory (no folder) merges as [`merge_policy`] says.
#[derive(Debug)]
struct BoundedMergePolicy {
    inner: LogMergePolicy,
    dir: Option<PathBuf>,
    max_bytes: u64,
}

impl tantivy::merge_policy::MergePolicy for BoundedMergePolicy {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::index::SegmentMeta],
    ) -> Vec<tantivy::merge_policy::MergeCandidate> {
        let candidates = self.inner.compute_merge_candidates(segments);
        let Some(dir) = &self.dir else {
            return candidates;
        };
        let sizes: HashMap<tantivy::index::SegmentId, u64> = segments
            .iter()
            .map(|meta| (meta.id(), segment_bytes(dir, meta)))
            .collect();
        let mut bounded = Vec::new();
        for candidate in candidates {
            let mut ids: Vec<(u64, tantivy::index::SegmentId)> = candidate
                .0
                .iter()
                .map(|id| (sizes.get(id).copied().unwrap_or(u64::MAX), *id))
                .collect();
            ids.sort_unstable();
            bounded.extend(
                group_by_bytes(&ids, self.max_bytes)
                    .into_iter()
                    .map(tantivy::merge_policy::MergeCandidate),
            );
        }
        bounded
    }
}

/// `segments` (smallest first) cut into groups of at least two whose sizes
/// add up to at most `max_bytes`; a segment that fits in no group is left out.
fn group_by_bytes<T: Copy>(segments: &[(u64, T)], max_bytes: u64) -> Vec<Vec<T>> {
    let mut groups = Vec::new();
    let mut group = Vec::new();
    let mut bytes = 0u64;
    for &(size, id) in segments {
        if bytes.saturating_add(size) > max_bytes {
            if group.len() >= 2 {
                groups.push(std::mem::take(&mut group));
            }
            group.clear();
            bytes = 0;
        }
        if size <= max_bytes {
            group.push(id);
            bytes += size;
        }
    }
    if group.len() >= 2 {
        groups.push(group);
    }
    groups
}

/// Bytes of a segment's files on disk (those that exist).
fn segment_bytes(dir: &Path, meta: &tantivy::index::SegmentMeta) -> u64 {
    use tantivy::index::SegmentComponent as C;
    [
        C::Postings,
        C::Positions,
        C::FastFields,
        C::FieldNorms,
        C::Terms,
        C::Store,
        C::Custom(recall::EXTENSION.to_string()),
    ]
    .into_iter()
    .filter_map(|component| std::fs::metadata(dir.join(meta.relative_path(component))).ok())
    .map(|m| m.len())
    .sum()
}

/// The strings of a set of term ordinals of a fast-field dictionary.
fn resolve(
    column: &tantivy::columnar::StrColumn,
    ords: impl Iterator<Item = u64>,
) -> Result<HashMap<u64, String>> {
    let mut ords: Vec<u64> = ords.collect();
    ords.sort_unstable();
    ords.dedup();
    let mut names = Vec::with_capacity(ords.len());
    column
        .dictionary()
        .sorted_ords_to_term_cb(&ords, |bytes| {
            names.push(String::from_utf8_lossy(bytes).into_owned())
        })
        .map_err(tantivy::TantivyError::from)?;
    Ok(ords.into_iter().zip(names).collect())
}

/// `2024-03-05` → 20240305; a date of a month or a year only (`2024-03`,
/// `2024`, as the national reports are dated) → 20240300, 20240000, so that
/// it still counts in its year (and month); 0 when unknown.
pub fn day_number(date: Option<&str>) -> u64 {
    let Some(date) = date else { return 0 };
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let scale = match digits.len() {
        8 => 1,
        6 => 100,
        4 => 10_000,
        _ => return 0,
    };
    digits.parse::<u64>().map_or(0, |n| n * scale)
}

/// An index in memory holding one article, `seed` (新质生产力 跃动看中国, 2024-03-05),
/// whose body is `body`; for the tests of the layers that read an index.
#[cfg(test)]
pub(crate) fn seed_index(body: &str) -> (SearchIndex, crate::model::Article) {
    let index = SearchIndex::in_ram().expect("an index in memory");
    let article = crate::model::Article {
        id: "seed".into(),
        title: "新质生产力 跃动看中国".into(),
        body: body.into(),
        date: Some("2024-03-05".into()),
        source: "seed.txt".into(),
        line: None,
        url: None,
        province: None,
    };
    let annotated = crate::annotate::annotate(&article);
    let mut writer = index.writer(1, 20_000_000).expect("a writer");
    writer
        .add_article(&article, 1, &annotated)
        .expect("the article is added");
    writer.commit().expect("a commit");
    (index, article)
}

#[cfg(test)]
mod tests;
