//! [`OpenSearchBackend`]: the [`SearchBackend`] answered by an OpenSearch
//! index that `export` filled. The same query syntax (parsed by
//! `query::parse`) becomes the query DSL:
//!
//! - a word: each of its folded runs a `match_phrase` on the 1–2-gram field
//!   (an exact substring, as the recall index finds it), required, plus a
//!   `match` of its jieba words on the words field for BM25; a quoted phrase
//!   of several runs one `match_phrase` of the runs joined by a space (they
//!   follow each other, as the field holds a passage's runs); an unspaced
//!   query read as words first, as the embedded index reads it;
//! - several words: `minimum_should_match` as the embedded index requires
//!   them (all of one or two, all but a third of more); `A OR B` a nested
//!   `should`; `-word` a `must_not` of its runs;
//! - proximity and title boosts: a sloppy phrase of the query's words, and
//!   its words on the lead passage's title;
//! - filters: `term`s on province, speaker, role, a `range` on the day;
//! - facets: `terms` aggregations; reprints: `collapse` on the
//!   near-duplicate key (versions of one text merged on the page as
//!   `dedup` does).
//!
//! Highlights and snippets are computed here on the returned text
//! (`highlight`), so they are the exact character ranges the embedded
//! index gives.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::client::Client;
use super::dsl::{exact_of, filter_clauses, needles, strict_needles, text_query, Kind};
use super::mapping as m;
use super::Target;
use crate::dedup;
use crate::error::{Error, Result};
use crate::highlight;
use crate::model::{FacetCounts, Hit, QuoteHit, Role, SpeakerSummary, Stats};
use crate::query::{
    hit_path, item_lead, parse, read_query, ArticleView, Filters, PassageView, Period,
    PeriodCounts, QuoteRequest, QuoteResults, Reading, SearchBackend, SearchRequest, SearchResults,
    Sort, Trend, TrendRequest, MAX_LIMIT,
};

/// Buckets asked of a `terms` aggregation: every value of a facet for an
/// index of millions of passages (OpenSearch's bucket limit is 65,535 a request).
const FACET_BUCKETS: usize = 10_000;
/// Largest window of hits OpenSearch pages through (`index.max_result_window`).
const MAX_WINDOW: usize = 10_000;
/// (period, article) buckets asked per page of a trend's composite aggregation.
const TREND_PAGE: usize = 5_000;
/// Tries of a search that failed on a shard or with a server error.
const SEARCH_ATTEMPTS: u32 = 5;
/// Search answered by one index of an OpenSearch cluster.
#[derive(Debug, Clone)]
pub struct OpenSearchBackend {
    client: Client,
    index: String,
}

impl OpenSearchBackend {
    /// Connects to the index of `target`: a clear error naming the URL when
    /// the cluster cannot be reached or has no such index.
    pub fn connect(target: &Target) -> Result<OpenSearchBackend> {
        let client = Client::new(&target.base);
        let path = format!("/{}", target.index);
        let reply = client.send("HEAD", &path, None)?;
        match reply.status {
            200 => Ok(OpenSearchBackend {
                client,
                index: target.index.clone(),
            }),
            404 => Err(client.error(
                &path,
                format!(
                    "no index '{}' (run `policy-search export --opensearch {}` first)",
                    target.index, target.base
                ),
            )),
            _ => Err(client.error(&path, reply.reason())),
        }
    }

    /// Reads a query as the embedded index does (`query::understand`): an
    /// unspaced string that is no word of the index becomes its words, each
    /// looked up among the words field's terms.
    fn read(&self, query: &str) -> Result<Reading> {
        Ok(read_query(parse(query)?, |word| self.is_index_word(word)))
    }

    /// Whether `word` is a term of the words field (the jieba words, as
    /// the embedded index's term dictionary has them); a failed request
    /// counts as no (the search that follows reports the failure).
    fn is_index_word(&self, word: &str) -> bool {
        let body = json!({
            "size": 0,
            "terminate_after": 1,
            "track_total_hits": 1,
            "query": { "term": { (m::WORDS): word } }
        });
        self.run(&body)
            .map(|answer| total_of(&answer) > 0)
            .unwrap_or(false)
    }

    /// Runs a search. A partial answer is never taken: the cluster is told
    /// to fail rather than skip a shard, and a search that failed on a
    /// shard (a node leaving, its replicas not yet promoted) is asked again
    /// after a moment, a few times.
    fn run(&self, body: &Value) -> Result<Value> {
        let path = format!("/{}/_search?allow_partial_search_results=false", self.index);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let reply = self.client.send("POST", &path, Some(body))?;
            let failed_shards = reply.body["_shards"]["failed"].as_u64().unwrap_or(0);
            if reply.ok() && failed_shards == 0 {
                return Ok(reply.body);
            }
            // a shard whose copy left with its node fails the whole search
            // (`allow_partial_search_results=false`) with the status of its
            // cause: 404 for a shard no longer found there, until the
            // replica is promoted
            let shards_failed = reply.body["error"]["type"] == "search_phase_execution_exception";
            let retry = reply.status >= 500 || failed_shards > 0 || shards_failed;
            if !retry || attempt >= SEARCH_ATTEMPTS {
                let reason = if reply.ok() {
                    format!("{failed_shards} shards failed")
                } else {
                    reply.reason()
                };
                return Err(self.client.error(&path, reason));
            }
            std::thread::sleep(std::time::Duration::from_millis(500 * attempt as u64));
        }
    }
}

fn check_paging(limit: usize, offset: usize) -> Result<()> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::Argument(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset + limit > MAX_WINDOW {
        return Err(Error::Argument(format!(
            "offset + limit must be at most {MAX_WINDOW} on an OpenSearch backend"
        )));
    }
    Ok(())
}

fn text(source: &Value, field: &str) -> String {
    source[field].as_str().unwrap_or_default().to_string()
}

fn opt_text(source: &Value, field: &str) -> Option<String> {
    source[field].as_str().map(str::to_string)
}

fn texts(source: &Value, field: &str) -> Vec<String> {
    match &source[field] {
        Value::Array(values) => values
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Value::String(one) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn hits_of(answer: &Value) -> Vec<Value> {
    answer["hits"]["hits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn total_of(answer: &Value) -> usize {
    answer["hits"]["total"]["value"].as_u64().unwrap_or(0) as usize
}

/// `terms` aggregation buckets as `(value, count)`, most frequent first then by value.
fn buckets(aggregation: &Value) -> Vec<(String, u64)> {
    let mut values: Vec<(String, u64)> = aggregation["buckets"]
        .as_array()
        .map(|buckets| {
            buckets
                .iter()
                .filter_map(|b| {
                    let key = match &b["key"] {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    Some((key, b["doc_count"].as_u64()?))
                })
                .collect()
        })
        .unwrap_or_default();
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    values
}

fn terms(field: &str) -> Value {
    json!({ "terms": { "field": field, "size": FACET_BUCKETS } })
}

/// Fields never read back: the analysed copies of the text.
fn source_excludes() -> Value {
    json!({ "excludes": [m::WORDS, m::GRAMS, m::TITLE_WORDS, m::EXPORT_RUN] })
}

impl SearchBackend for OpenSearchBackend {
    /// Per query, one composite aggregation over (period of the day,
    /// article), paged: exact counts of passages and of articles per
    /// period, however many there are.
    fn trend(&self, request: &TrendRequest) -> Result<Trend> {
        request.check()?;
        let interval = match request.by {
            Period::Year => 10_000,
            Period::Month => 100,
        };
        let mut counted = Vec::with_capacity(request.queries.len());
        for query in &request.queries {
            let reading = self.read(query)?;
            let mut body = json!({
                "size": 0,
                "track_total_hits": false,
                "query": { "bool": {
                    "must": [text_query(&reading.parsed, &exact_of(&reading), Kind::Passages)],
                    "filter": filter_clauses(&request.filters, m::KIND_PASSAGE)?
                } },
                "aggs": { "pairs": { "composite": {
                    "size": TREND_PAGE,
                    "sources": [
                        { "period": { "histogram": { "field": m::DAY, "interval": interval } } },
                        { "article": { "terms": { "field": m::ARTICLE_ID } } }
                    ]
                } } }
            });
            let mut counts = PeriodCounts::default();
            loop {
                let answer = self.run(&body)?;
                let pairs = &answer["aggregations"]["pairs"];
                let buckets = pairs["buckets"].as_array().cloned().unwrap_or_default();
                for bucket in &buckets {
                    let day = bucket["key"]["period"].as_f64().unwrap_or(0.0).max(0.0) as u64;
                    let passages = bucket["doc_count"].as_u64().unwrap_or(0);
                    match request.by.of_day(day) {
                        Some(key) => {
                            *counts.passages.entry(key).or_default() += passages;
                            *counts.articles.entry(key).or_default() += 1;
                        }
                        None => counts.undated += passages,
                    }
                }
                match pairs.get("after_key") {
                    Some(after) if buckets.len() == TREND_PAGE => {
                        body["aggs"]["pairs"]["composite"]["after"] = after.clone();
                    }
                    _ => break,
                }
            }
            counted.push(counts);
        }
        Ok(request.assemble(counted))
    }

    fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        check_paging(request.limit, request.offset)?;
        let reading = self.read(&request.query)?;
        let parsed = &reading.parsed;
        let query = json!({ "bool": {
            "must": [text_query(parsed, &exact_of(&reading), Kind::Passages)],
            "filter": filter_clauses(&request.filters, m::KIND_PASSAGE)?
        } });
        let needles = needles(&parsed.include);
        let strict = strict_needles(parsed);
        let wanted = request.offset + request.limit;
        let mut body = json!({
            "query": query,
            "track_total_hits": true,
            "_source": source_excludes(),
        });
        if request.sort == Sort::Date {
            body["sort"] = json!([{ (m::DAY): "desc" }, "_score"]);
        }
        if request.facets {
            body["aggs"] = json!({
                "province": terms(m::PROVINCE),
                "speaker": terms(m::SPEAKER),
                "role": terms(m::ROLE),
                "year": terms(m::YEAR),
            });
        }
        // (hit, copies) in rank order
        let (answer, kept): (Value, Vec<(Value, usize)>) = if request.collapse {
            body["collapse"] = json!({
                "field": m::DUP,
                "inner_hits": { "name": "copies", "size": 0, "_source": false }
            });
            let mut fetch = (wanted * 3 + 10).min(MAX_WINDOW);
            loop {
                body["size"] = json!(fetch);
                let answer = self.run(&body)?;
                let groups = hits_of(&answer);
                let exhausted = groups.len() < fetch;
                let kept = merge_versions(groups, wanted);
                if kept.len() >= wanted || exhausted || fetch >= MAX_WINDOW {
                    break (answer, kept);
                }
                fetch = (fetch * 4).min(MAX_WINDOW);
            }
        } else {
            body["size"] = json!(wanted);
            let answer = self.run(&body)?;
            let kept = hits_of(&answer).into_iter().map(|hit| (hit, 0)).collect();
            (answer, kept)
        };
        let mut hits = Vec::new();
        for (hit, similar) in kept.into_iter().skip(request.offset) {
            if hits.len() == request.limit {
                break;
            }
            let source = &hit["_source"];
            let text = text(source, m::TEXT);
            if !strict.is_empty()
                && strict
                    .iter()
                    .any(|n| highlight::find(&text, std::slice::from_ref(n)).is_empty())
            {
                continue;
            }
            let highlights = highlight::find(&text, &needles);
            let (snippet, snippet_highlights) = highlight::snippet(&text, &highlights);
            hits.push(Hit {
                rank: request.offset + hits.len() + 1,
                score: hit["_score"].as_f64().unwrap_or(0.0) as f32,
                passage_id: self::text(source, m::PASSAGE_ID),
                article_id: self::text(source, m::ARTICLE_ID),
                title: self::text(source, m::TITLE),
                date: opt_text(source, m::DATE),
                source: self::text(source, m::SOURCE),
                url: opt_text(source, m::URL),
                province: texts(source, m::PROVINCE),
                section: opt_text(source, m::SECTION),
                path: hit_path(texts(source, m::PATH), &text, &highlights),
                lead: opt_text(source, m::LEAD).or_else(|| item_lead(&text, &highlights, &snippet)),
                speakers: texts(source, m::SPEAKER),
                text,
                snippet,
                highlights,
                snippet_highlights,
                similar,
            });
        }
        let facets = request.facets.then(|| {
            let aggs = &answer["aggregations"];
            let mut year = buckets(&aggs["year"]);
            year.sort();
            FacetCounts {
                province: buckets(&aggs["province"]),
                speaker: buckets(&aggs["speaker"]),
                role: buckets(&aggs["role"]),
                year,
            }
        });
        Ok(SearchResults {
            // track_total_hits: counted exactly, whatever `request.count`
            total: total_of(&answer),
            total_exact: true,
            hits,
            facets,
            explain: request.explain.then(|| {
                let mut lines = vec![format!(
                    "answered by OpenSearch index '{}' at {}",
                    self.index,
                    self.client.base()
                )];
                lines.extend(reading.explain());
                lines
            }),
        })
    }

    fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults> {
        check_paging(request.limit, request.offset)?;
        let filter = filter_clauses(&request.filters, m::KIND_QUOTE)?;
        let query_text = request
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        let mut needles = Vec::new();
        let mut body = json!({
            "from": request.offset,
            "size": request.limit,
            "track_total_hits": true,
            "_source": source_excludes(),
        });
        match query_text {
            Some(text) => {
                let parsed = parse(text)?;
                needles = self::needles(&parsed.include);
                body["query"] = json!({ "bool": {
                    "must": [text_query(&parsed, &[], Kind::Quotes)],
                    "filter": filter
                } });
            }
            None => {
                body["query"] = json!({ "bool": { "filter": filter } });
                body["sort"] = json!([
                    { (m::DAY): "asc" }, { (m::ARTICLE_ID): "asc" }, { (m::ORDINAL): "asc" }
                ]);
            }
        }
        let answer = self.run(&body)?;
        let mut hits = Vec::new();
        for hit in hits_of(&answer) {
            let source = &hit["_source"];
            let text = text(source, m::TEXT);
            let highlights = highlight::find(&text, &needles);
            hits.push(QuoteHit {
                rank: request.offset + hits.len() + 1,
                score: hit["_score"].as_f64().unwrap_or(0.0) as f32,
                speaker: self::text(source, m::SPEAKER),
                role: self::text(source, m::ROLE),
                titles: texts(source, m::TITLES),
                province: opt_text(source, m::PROVINCE),
                text,
                cue: self::text(source, m::CUE),
                // roster facts are not exported yet: the embedded index has them
                roster: None,
                article_id: self::text(source, m::ARTICLE_ID),
                article_title: self::text(source, m::TITLE),
                passage_id: opt_text(source, m::PASSAGE_ID),
                date: opt_text(source, m::DATE),
                source: self::text(source, m::SOURCE),
                url: opt_text(source, m::URL),
                highlights,
            });
        }
        Ok(QuoteResults {
            total: total_of(&answer),
            hits,
        })
    }

    fn speakers(&self, filters: &Filters) -> Result<Vec<SpeakerSummary>> {
        let body = json!({
            "size": 0,
            "query": { "bool": { "filter": filter_clauses(filters, m::KIND_QUOTE)? } },
            "aggs": { "speakers": {
                "terms": { "field": m::SPEAKER, "size": FACET_BUCKETS },
                "aggs": {
                    "role": { "terms": { "field": m::ROLE, "size": 10 } },
                    "titles": { "terms": { "field": m::TITLES, "size": 100 } },
                    "provinces": { "terms": { "field": m::PROVINCE, "size": 100 } }
                }
            } }
        });
        let answer = self.run(&body)?;
        let mut speakers = Vec::new();
        let empty = Vec::new();
        for bucket in answer["aggregations"]["speakers"]["buckets"]
            .as_array()
            .unwrap_or(&empty)
        {
            let keys = |name: &str| -> Vec<String> {
                buckets(&bucket[name]).into_iter().map(|(k, _)| k).collect()
            };
            speakers.push(SpeakerSummary {
                speaker: bucket["key"].as_str().unwrap_or_default().to_string(),
                role: keys("role")
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Role::Other.as_str().to_string()),
                titles: keys("titles"),
                provinces: keys("provinces"),
                quotes: bucket["doc_count"].as_u64().unwrap_or(0) as usize,
                roster: None,
            });
        }
        speakers.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then_with(|| a.speaker.cmp(&b.speaker))
        });
        Ok(speakers)
    }

    fn stats(&self) -> Result<Stats> {
        let body = json!({
            "size": 0,
            "aggs": {
                "kinds": { "terms": { "field": m::KIND, "size": 10 } },
                "passages": {
                    "filter": { "term": { (m::KIND): m::KIND_PASSAGE } },
                    "aggs": { "province": terms(m::PROVINCE) }
                },
                "quotes": {
                    "filter": { "term": { (m::KIND): m::KIND_QUOTE } },
                    "aggs": { "speaker": terms(m::SPEAKER) }
                }
            }
        });
        let answer = self.run(&body)?;
        let aggs = &answer["aggregations"];
        let kinds: HashMap<String, u64> = buckets(&aggs["kinds"]).into_iter().collect();
        let count = |kind: &str| kinds.get(kind).copied().unwrap_or(0);
        Ok(Stats {
            articles: count(m::KIND_ARTICLE),
            passages: count(m::KIND_PASSAGE),
            quotes: count(m::KIND_QUOTE),
            speakers: buckets(&aggs["quotes"]["speaker"]).len() as u64,
            passages_per_province: buckets(&aggs["passages"]["province"]),
        })
    }

    fn article(&self, article_id: &str) -> Result<ArticleView> {
        let body = json!({
            "size": MAX_WINDOW,
            "query": { "bool": { "filter": [
                { "term": { (m::ARTICLE_ID): article_id } },
                { "terms": { (m::KIND): [m::KIND_ARTICLE, m::KIND_PASSAGE] } }
            ] } },
            "sort": [{ (m::ORDINAL): { "order": "asc", "missing": "_first" } }],
            "_source": source_excludes(),
        });
        let answer = self.run(&body)?;
        let mut view: Option<ArticleView> = None;
        let mut passages = Vec::new();
        let mut ranges = Vec::new();
        for hit in hits_of(&answer) {
            let source = &hit["_source"];
            if source[m::KIND] == m::KIND_ARTICLE {
                view = Some(ArticleView {
                    article_id: article_id.to_string(),
                    title: text(source, m::TITLE),
                    date: opt_text(source, m::DATE),
                    source: text(source, m::SOURCE),
                    url: opt_text(source, m::URL),
                    province: opt_text(source, m::PROVINCE),
                    body: text(source, m::TEXT),
                    passages: Vec::new(),
                });
            } else {
                let start = source[m::START].as_u64().unwrap_or(0) as usize;
                let end = source[m::END].as_u64().unwrap_or(0) as usize;
                ranges.push((start, end));
                passages.push(PassageView {
                    passage_id: text(source, m::PASSAGE_ID),
                    province: texts(source, m::PROVINCE),
                    section: opt_text(source, m::SECTION),
                    path: texts(source, m::PATH),
                    speakers: texts(source, m::SPEAKER),
                    text: text(source, m::TEXT),
                });
            }
        }
        let mut view = view.ok_or_else(|| Error::NotFound(article_id.to_string()))?;
        let pieces: Vec<(usize, usize, &str)> = ranges
            .iter()
            .zip(&passages)
            .map(|(&(start, end), p)| (start, end, p.text.as_str()))
            .collect();
        view.body = crate::index::article_body(&view.body, &pieces).ok_or_else(|| {
            self.client.error(
                &format!("/{}", self.index),
                format!("article {article_id}: its passages do not fit its stored text"),
            )
        })?;
        view.passages = passages;
        Ok(view)
    }
}

/// Collapsed groups (one hit per near-duplicate key, `inner_hits.copies`
/// counting the group) → `(hit, copies)`, versions of one text merged while
/// the page fills, as `dedup::collapse` does on the embedded index.
fn merge_versions(groups: Vec<Value>, wanted: usize) -> Vec<(Value, usize)> {
    let mut kept: Vec<(Value, usize, Vec<u64>)> = Vec::new();
    for group in groups {
        let size = group["inner_hits"]["copies"]["hits"]["total"]["value"]
            .as_u64()
            .unwrap_or(1)
            .max(1) as usize;
        if kept.len() >= wanted {
            kept.push((group, size - 1, Vec::new()));
            continue;
        }
        let shingles = dedup::pair_shingles(group["_source"][m::TEXT].as_str().unwrap_or(""));
        let version_of = kept
            .iter()
            .position(|(_, _, other)| dedup::near_duplicates(other, &shingles));
        match version_of {
            Some(at) => kept[at].1 += size,
            None => kept.push((group, size - 1, shingles)),
        }
    }
    kept.into_iter()
        .map(|(hit, copies, _)| (hit, copies))
        .collect()
}
