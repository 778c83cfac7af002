//! The embedded index → OpenSearch documents ([`documents`]), sent with the
//! bulk API ([`export_to_cluster`]: batches, retries with back-off when the
//! cluster pushes back, failed items reported with their id and reason, the
//! documents of earlier exports that are gone deleted) or written as NDJSON
//! bulk files with the index body ([`export_to_dir`]).
//!
//! The export reads the embedded index's stored documents rather than running
//! the pipeline on files again: the cluster then holds exactly what the
//! embedded index answers from (the same passage ids, provinces, speakers,
//! quotes and near-duplicate keys, read back, not recomputed), an index kept
//! up to date by incremental ingest is exported as it is, and no input file
//! needs to be at hand. Only the jieba words and the grams are computed
//! here, with the embedded index's own analyzer and folding.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::client::Client;
use super::mapping::{self as m, Layout};
use super::Target;
use crate::error::{Error, Result};
use crate::index::documents::{StoredArticle, StoredDocument};
use crate::index::SearchIndex;
use crate::normalize::runs;

/// How an export batches and retries.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Shards and replicas when the export creates the index.
    pub layout: Layout,
    /// Documents per bulk request at most.
    pub batch_docs: usize,
    /// Bytes per bulk request at most (about).
    pub batch_bytes: usize,
    /// Attempts of a bulk request (or of its rejected items) before giving up.
    pub attempts: u32,
    /// The first wait before a retry; doubled at each one, at most 30 s.
    pub first_backoff: Duration,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            layout: Layout::default(),
            batch_docs: 2000,
            batch_bytes: 8 * 1024 * 1024,
            attempts: 8,
            first_backoff: Duration::from_millis(250),
        }
    }
}

/// A document the cluster did not take.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FailedItem {
    /// The document id: a passage id, `ARTICLE#qN` for a quote, `ARTICLE#a` for an article.
    pub id: String,
    pub reason: String,
}

/// What an export did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct ExportSummary {
    pub documents: u64,
    pub articles: u64,
    pub passages: u64,
    pub quotes: u64,
    /// Bytes of original text (passages, quotes and article texts).
    pub text_bytes: u64,
    /// Bytes of NDJSON sent or written.
    pub bulk_bytes: u64,
    pub batches: u64,
    /// Bulk requests or items sent again after the cluster pushed back.
    pub retries: u64,
    pub failed: Vec<FailedItem>,
    /// Documents of earlier exports deleted because the index no longer has them.
    pub deleted: u64,
    pub seconds: f64,
}

/// Progress of an export, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

/// One document for the cluster.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub source: Value,
    pub text_bytes: usize,
    pub kind: &'static str,
}

/// The id of an article's own document.
pub fn article_doc_id(article_id: &str) -> String {
    format!("{article_id}#a")
}

/// The id of a quote's document.
pub fn quote_doc_id(article_id: &str, ordinal: u64) -> String {
    format!("{article_id}#q{ordinal}")
}

/// Every document of `index` as it goes to the cluster, stamped with `run`.
pub fn documents(
    index: &SearchIndex,
    run: &str,
    mut emit: impl FnMut(Document) -> Result<()>,
) -> Result<()> {
    let mut articles: std::collections::HashMap<String, StoredArticle> =
        std::collections::HashMap::new();
    index.for_each_document(|doc| {
        let document = match doc {
            StoredDocument::Article(article) => {
                let mut source = common(
                    m::KIND_ARTICLE,
                    &article.id,
                    Some(&article),
                    article.day,
                    run,
                );
                put(&mut source, m::TEXT, &article.skeleton);
                put_opt(&mut source, m::PROVINCE, article.province.as_deref());
                let document = Document {
                    id: article_doc_id(&article.id),
                    text_bytes: article.skeleton.len(),
                    source: Value::Object(source),
                    kind: m::KIND_ARTICLE,
                };
                // passages and quotes need the title, date, source and url
                let meta = StoredArticle {
                    skeleton: String::new(),
                    ..article
                };
                articles.insert(meta.id.clone(), meta);
                document
            }
            StoredDocument::Passage(passage) => {
                let article = articles.get(&passage.article_id);
                let mut source = common(
                    m::KIND_PASSAGE,
                    &passage.article_id,
                    article,
                    passage.day,
                    run,
                );
                put(&mut source, m::PASSAGE_ID, &passage.passage_id);
                put(&mut source, m::TEXT, &passage.text);
                put(&mut source, m::WORDS, &jieba_words(&passage.text));
                put(&mut source, m::GRAMS, &runs(&passage.text).join(" "));
                if passage.ordinal == 1 {
                    if let Some(article) = article {
                        put(&mut source, m::TITLE_WORDS, &jieba_words(&article.title));
                    }
                }
                put_opt(&mut source, m::SECTION, passage.section.as_deref());
                if !passage.path.is_empty() {
                    source.insert(m::PATH.into(), json!(passage.path));
                }
                put_opt(&mut source, m::LEAD, passage.lead.as_deref());
                source.insert(m::PROVINCE.into(), json!(passage.provinces));
                source.insert(m::SPEAKER.into(), json!(passage.speakers));
                source.insert(m::ROLE.into(), json!(passage.roles));
                source.insert(m::ORDINAL.into(), json!(passage.ordinal));
                source.insert(m::START.into(), json!(passage.start));
                source.insert(m::END.into(), json!(passage.end));
                put(&mut source, m::DUP, &passage.dup.to_string());
                Document {
                    id: passage.passage_id.clone(),
                    text_bytes: passage.text.len(),
                    source: Value::Object(source),
                    kind: m::KIND_PASSAGE,
                }
            }
            StoredDocument::Quote(quote) => {
                let article = articles.get(&quote.article_id);
                let mut source = common(m::KIND_QUOTE, &quote.article_id, article, quote.day, run);
                put_opt(&mut source, m::PASSAGE_ID, quote.passage_id.as_deref());
                put(&mut source, m::TEXT, &quote.text);
                put(&mut source, m::GRAMS, &runs(&quote.text).join(" "));
                put(&mut source, m::SPEAKER, &quote.speaker);
                put(&mut source, m::ROLE, &quote.role);
                source.insert(m::TITLES.into(), json!(quote.titles));
                put(&mut source, m::CUE, &quote.cue);
                put_opt(&mut source, m::PROVINCE, quote.province.as_deref());
                source.insert(m::ORDINAL.into(), json!(quote.ordinal));
                source.insert(m::START.into(), json!(quote.start));
                source.insert(m::END.into(), json!(quote.end));
                Document {
                    id: quote_doc_id(&quote.article_id, quote.ordinal),
                    text_bytes: quote.text.len(),
                    source: Value::Object(source),
                    kind: m::KIND_QUOTE,
                }
            }
        };
        emit(document)
    })
}

/// The fields every kind has: kind, article id, the article's title, date,
/// source and url, the day and year, the export run.
fn common(
    kind: &str,
    article_id: &str,
    article: Option<&StoredArticle>,
    day: u64,
    run: &str,
) -> Map<String, Value> {
    let mut source = Map::new();
    put(&mut source, m::KIND, kind);
    put(&mut source, m::ARTICLE_ID, article_id);
    if let Some(article) = article {
        put(&mut source, m::TITLE, &article.title);
        put_opt(&mut source, m::DATE, article.date.as_deref());
        put(&mut source, m::SOURCE, &article.source);
        put_opt(&mut source, m::URL, article.url.as_deref());
    }
    source.insert(m::DAY.into(), json!(day));
    if day > 0 {
        put(&mut source, m::YEAR, &(day / 10_000).to_string());
    }
    put(&mut source, m::EXPORT_RUN, run);
    source
}

fn put(source: &mut Map<String, Value>, field: &str, value: &str) {
    source.insert(field.into(), Value::String(value.to_string()));
}

fn put_opt(source: &mut Map<String, Value>, field: &str, value: Option<&str>) {
    if let Some(value) = value {
        put(source, field, value);
    }
}

/// The jieba words of `text` as the embedded index's ranked field has them, space-separated.
pub fn jieba_words(text: &str) -> String {
    let tokens = crate::index::analyzer::jieba_tokens(text);
    let mut words = String::with_capacity(text.len() + tokens.len());
    for token in tokens {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(&token.text);
    }
    words
}

/// A new export's stamp: the time it started, in hexadecimal nanoseconds.
fn new_run() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{nanos:x}")
}

/// The two lines of one document in a bulk request.
fn bulk_lines(document: &Document) -> Result<String> {
    let action = json!({ "index": { "_id": document.id } });
    Ok(format!(
        "{}\n{}\n",
        serde_json::to_string(&action)?,
        serde_json::to_string(&document.source)?
    ))
}

/// Writes the index body (`index.json`: settings and mapping, for `PUT
/// /INDEX`) and the documents as NDJSON bulk files (`bulk-00001.ndjson`…,
/// for `POST /INDEX/_bulk`) into `dir`.
pub fn export_to_dir(
    index: &SearchIndex,
    dir: &Path,
    options: &ExportOptions,
    progress: impl FnMut(ExportProgress),
) -> Result<ExportSummary> {
    let started = Instant::now();
    let io = |path: &Path, source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let body_path = dir.join("index.json");
    let body = serde_json::to_string_pretty(&m::index_body(options.layout))?;
    std::fs::write(&body_path, body + "\n").map_err(|e| io(&body_path, e))?;
    let mut summary = ExportSummary::default();
    in_batches(
        index,
        &new_run(),
        options,
        &mut summary,
        progress,
        |batch, summary| {
            summary.batches += 1;
            let path = dir.join(format!("bulk-{:05}.ndjson", summary.batches));
            let body: String = batch.iter().map(|(_, lines)| lines.as_str()).collect();
            std::fs::write(&path, body.as_bytes()).map_err(|e| io(&path, e))?;
            summary.bulk_bytes += body.len() as u64;
            Ok(())
        },
    )?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Every document of `index`, written by export `run`, as bulk lines (id,
/// lines) in batches of at most `options.batch_docs` documents or about
/// `options.batch_bytes` bytes, each handed to `send`; counted into
/// `summary`, with progress after each document.
fn in_batches(
    index: &SearchIndex,
    run: &str,
    options: &ExportOptions,
    summary: &mut ExportSummary,
    mut progress: impl FnMut(ExportProgress),
    mut send: impl FnMut(Vec<(String, String)>, &mut ExportSummary) -> Result<()>,
) -> Result<()> {
    let total = index.document_count()?;
    let mut batch: Vec<(String, String)> = Vec::new();
    let mut batch_bytes = 0;
    documents(index, run, |document| {
        count(summary, &document);
        let lines = bulk_lines(&document)?;
        batch_bytes += lines.len();
        batch.push((document.id, lines));
        if batch.len() >= options.batch_docs || batch_bytes >= options.batch_bytes {
            send(std::mem::take(&mut batch), summary)?;
            batch_bytes = 0;
        }
        progress(ExportProgress {
            done: summary.documents,
            total,
        });
        Ok(())
    })?;
    if !batch.is_empty() {
        send(batch, summary)?;
    }
    Ok(())
}

fn count(summary: &mut ExportSummary, document: &Document) {
    summary.documents += 1;
    summary.text_bytes += document.text_bytes as u64;
    match document.kind {
        m::KIND_ARTICLE => summary.articles += 1,
        m::KIND_PASSAGE => summary.passages += 1,
        _ => summary.quotes += 1,
    }
}

/// Sends every document of `index` to the cluster index of `target`
/// (created with `options.layout` when missing), then deletes the documents
/// earlier exports wrote that the index no longer has (removed articles,
/// passages and quotes) — only when every document was taken, so that a
/// failed export never deletes. Re-exporting is idempotent: document ids are
/// passage ids (quotes `ARTICLE#qN`, articles `ARTICLE#a`).
pub fn export_to_cluster(
    index: &SearchIndex,
    target: &Target,
    options: &ExportOptions,
    progress: impl FnMut(ExportProgress),
) -> Result<ExportSummary> {
    let started = Instant::now();
    let client = Client::new(&target.base);
    ensure_index(&client, &target.index, options.layout)?;
    let run = new_run();
    let mut summary = ExportSummary::default();
    let bulk = Bulk {
        client: &client,
        path: format!("/{}/_bulk", target.index),
        options,
    };
    in_batches(
        index,
        &run,
        options,
        &mut summary,
        progress,
        |batch, summary| bulk.send(batch, summary),
    )?;
    let refresh = format!("/{}/_refresh", target.index);
    client.call("POST", &refresh, None)?;
    if summary.failed.is_empty() {
        summary.deleted = delete_stale(&client, &target.index, &run, &bulk, &mut summary)?;
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

/// Deletes every document not written by export `run` (searched for and
/// deleted with the bulk API: `_delete_by_query` belongs to the reindex
/// module, which a minimal distribution lacks); how many.
fn delete_stale(
    client: &Client,
    index: &str,
    run: &str,
    bulk: &Bulk,
    summary: &mut ExportSummary,
) -> Result<u64> {
    const PAGE: usize = 5000;
    let query = json!({
        "size": PAGE,
        "_source": false,
        "query": { "bool": { "must_not": { "term": { (m::EXPORT_RUN): run } } } }
    });
    let search = format!("/{index}/_search");
    let refresh = format!("/{index}/_refresh");
    let mut deleted = 0;
    loop {
        let answer = client.call("POST", &search, Some(&query))?;
        let ids: Vec<String> = answer["hits"]["hits"]
            .as_array()
            .map(|hits| {
                hits.iter()
                    .filter_map(|hit| hit["_id"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if ids.is_empty() {
            return Ok(deleted);
        }
        let mut batch = Vec::with_capacity(ids.len());
        for id in ids {
            let action = json!({ "delete": { "_id": id } });
            batch.push((id, format!("{}\n", serde_json::to_string(&action)?)));
        }
        let failed_before = summary.failed.len();
        let count = batch.len() as u64;
        bulk.send(batch, summary)?;
        if summary.failed.len() > failed_before {
            return Ok(deleted);
        }
        deleted += count;
        client.call("POST", &refresh, None)?;
    }
}

/// Creates the index with our settings and mapping unless it exists.
fn ensure_index(client: &Client, index: &str, layout: Layout) -> Result<()> {
    let path = format!("/{index}");
    let reply = client.send("HEAD", &path, None)?;
    match reply.status {
        // an index of an earlier version gains the fields added since; a
        // field it has is left as it is (a document it cannot take is then
        // reported as a rejected item)
        200 => add_missing_fields(client, index, layout),
        404 => {
            let reply = client.send("PUT", &path, Some(&m::index_body(layout)))?;
            let raced = reply.body["error"]["type"] == "resource_already_exists_exception";
            if reply.ok() || raced {
                Ok(())
            } else {
                Err(client.error(
                    &path,
                    format!("cannot create the index: {}", reply.reason()),
                ))
            }
        }
        _ => Err(client.error(&path, reply.reason())),
    }
}

/// Adds to the mapping of an existing index the fields of this version's
/// mapping it lacks.
fn add_missing_fields(client: &Client, index: &str, layout: Layout) -> Result<()> {
    let path = format!("/{index}/_mapping");
    let current = client.call("GET", &path, None)?;
    // keyed by the concrete index (an alias names another)
    let existing = current
        .as_object()
        .and_then(|indexes| indexes.values().next())
        .map(|mapping| mapping["mappings"]["properties"].clone())
        .unwrap_or_default();
    let body = m::index_body(layout);
    let mut missing = Map::new();
    if let Some(properties) = body["mappings"]["properties"].as_object() {
        for (field, mapping) in properties {
            if existing.get(field).is_none() {
                missing.insert(field.clone(), mapping.clone());
            }
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let reply = client.send("PUT", &path, Some(&json!({ "properties": missing })))?;
    if reply.ok() {
        Ok(())
    } else {
        Err(client.error(
            &path,
            format!("cannot add the fields of this version: {}", reply.reason()),
        ))
    }
}

/// Bulk requests to one index.
struct Bulk<'a> {
    client: &'a Client,
    path: String,
    options: &'a ExportOptions,
}

impl Bulk<'_> {
    /// Sends `(id, lines)` documents; items the cluster pushes back (429) are
    /// sent again after a back-off, other rejected items go to `failed`.
    fn send(&self, mut pending: Vec<(String, String)>, summary: &mut ExportSummary) -> Result<()> {
        let mut backoff = self.options.first_backoff;
        let mut attempt = 0;
        while !pending.is_empty() {
            attempt += 1;
            let body: String = pending.iter().map(|(_, lines)| lines.as_str()).collect();
            summary.bulk_bytes += body.len() as u64;
            summary.batches += 1;
            let reply =
                match self
                    .client
                    .send_raw("POST", &self.path, Some(&body), "application/x-ndjson")
                {
                    Ok(reply) => reply,
                    // a node restarting or a dropped connection: try again, then give up
                    Err(error) if attempt < self.options.attempts => {
                        let _ = error;
                        summary.retries += 1;
                        std::thread::sleep(backoff);
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                        continue;
                    }
                    Err(error) => return Err(error),
                };
            if matches!(reply.status, 429 | 502 | 503 | 504) {
                if attempt >= self.options.attempts {
                    return Err(self.client.error(
                        &self.path,
                        format!("still refused after {attempt} attempts: {}", reply.reason()),
                    ));
                }
                summary.retries += 1;
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(30));
                continue;
            }
            if !reply.ok() {
                return Err(self.client.error(&self.path, reply.reason()));
            }
            let items = reply.body["items"].as_array().cloned().unwrap_or_default();
            if items.len() != pending.len() {
                return Err(self.client.error(
                    &self.path,
                    format!(
                        "the bulk answer has {} items for {} documents",
                        items.len(),
                        pending.len()
                    ),
                ));
            }
            let mut again = Vec::new();
            for ((id, lines), item) in pending.into_iter().zip(items) {
                let result = item
                    .get("index")
                    .or_else(|| item.get("delete"))
                    .unwrap_or(&Value::Null);
                let status = result["status"].as_u64().unwrap_or(0);
                // a document to delete that is gone already (404) is deleted
                if (200..300).contains(&status) || (status == 404 && item.get("delete").is_some()) {
                    continue;
                }
                if status == 429 && attempt < self.options.attempts {
                    again.push((id, lines));
                    continue;
                }
                let error = &result["error"];
                let reason = match (error["type"].as_str(), error["reason"].as_str()) {
                    (Some(kind), Some(reason)) => format!("{kind}: {reason}"),
                    _ => format!("HTTP {status}: {error}"),
                };
                summary.failed.push(FailedItem { id, reason });
            }
            if !again.is_empty() {
                summary.retries += 1;
                std::thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(30));
            }
            pending = again;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
