//! Requests → tantivy queries → hits with highlight ranges.
//!
//! Query syntax: words separated by spaces (most of them must match, all of
//! them close together rank first), `"exact phrase"` (also `“…”`), `-word` or
//! `-"phrase"` to exclude, `A OR B` for either.
//!
//! Every word or phrase is matched on the recall index (`index::recall`,
//! tokens from `index::tokenize`): a passage matches when it contains the folded string,
//! whatever jieba made of it. Ranking is BM25 over the jieba field, with the
//! query cut into words by the index's own term dictionary — so a search
//! process never loads the jieba dictionary.

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, OwnedValue, TantivyDocument, Value};
use tantivy::{DocAddress, IndexReader, Order, Searcher, Term};

use crate::dedup;
use crate::error::{Error, Result};
use crate::highlight::{self, Needle};
use crate::index::facets::{FacetCounter, Tally};
use crate::index::recall::{RecallNearQuery, RecallQuery, RecallSegments, QUOTE_TERM};
use crate::index::schema::{self, Fields};
use crate::index::SearchIndex;
use crate::model::{FacetCounts, Hit, QuoteHit, Role, SpeakerSummary, Stats};
use crate::normalize::{fold, runs};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// What an article document holds for its passages and quotes.
#[derive(Clone, Debug, Default)]
struct ArticleMeta {
    title: String,
    date: Option<String>,
    source: String,
    url: Option<String>,
}

impl ArticleMeta {
    /// The fields of an article document.
    fn of(doc: &TantivyDocument, f: &Fields) -> ArticleMeta {
        ArticleMeta {
            title: first_text(doc, f.article_title).unwrap_or_default(),
            date: first_text(doc, f.date),
            source: first_text(doc, f.source).unwrap_or_default(),
            url: first_text(doc, f.url),
        }
    }
}

/// Weight of the proximity of a query's words in a passage's score.
const NEAR_BOOST: f32 = 2.0;
/// Characters allowed between a query's words for them to count as close
/// (besides the words themselves): about a clause.
const NEAR_SLACK: u32 = 24;

/// Weight of the article title's BM25 in a passage's score.
const TITLE_BOOST: f32 = 1.5;
/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 1000;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

/// Which documents a text query is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Passages,
    Quotes,
}

/// Filters shared by passage and quote searches.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    pub provinces: Vec<String>,
    pub speaker: Option<String>,
    pub role: Option<Role>,
    /// Inclusive, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A passage search.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    pub sort: Sort,
    pub collapse: bool,
    pub explain: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            filters: Filters::default(),
            limit: 10,
            offset: 0,
            facets: false,
            sort: Sort::Relevance,
            collapse: true,
            explain: false,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    /// Passages matching the query and filters (before collapsing).
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Option<FacetCounts>,
    pub explain: Option<Vec<String>>,
}

/// A quote search.
#[derive(Debug, Clone)]
pub struct QuoteRequest {
    pub query: Option<String>,
    pub filters: Filters,
    pub limit: usize,
    pub offset: usize,
}

/// The answer to a [`QuoteRequest`].
#[derive(Debug, Clone, Default)]
pub struct QuoteResults {
    pub total: usize,
    pub hits: Vec<QuoteHit>,
}

// ---------------------------------------------------------------- parsing

/// One searchable item of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A word or a quoted phrase, as folded runs of word characters.
    Text {
        raw: String,
        runs: Vec<String>,
        phrase: bool,
    },
    /// Alternatives: `A OR B`.
    Any(Vec<Item>),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub include: Vec<Item>,
    pub exclude: Vec<Item>,
}

/// Parses the query syntax (see the module docs).
pub fn parse(query: &str) -> Result<ParsedQuery> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::Query(format!(
            "query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    // tokens: (negated, text, quoted)
    let mut tokens: Vec<(bool, String, bool)> = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        // '-', the minus sign U+2212 and the full-width hyphen-minus all exclude
        let mut negated = false;
        if matches!(c, '-' | '\u{2212}' | '\u{FF0D}') {
            chars.next();
            negated = true;
        }
        match chars.peek() {
            Some(&open @ ('"' | '“' | '「')) => {
                chars.next();
                let close = match open {
                    '“' => '”',
                    '「' => '」',
                    _ => '"',
                };
                let mut text = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == close || (close == '"' && c == '”') {
                        closed = true;
                        break;
                    }
                    text.push(c);
                }
                if !closed {
                    return Err(Error::Query(format!("unclosed quote {open}…")));
                }
                tokens.push((negated, text, true));
            }
            _ => {
                let mut text = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    text.push(c);
                    chars.next();
                }
                if text.is_empty() {
                    if negated {
                        return Err(Error::Query("'-' must be followed by a word".into()));
                    }
                    continue;
                }
                tokens.push((negated, text, false));
            }
        }
    }

    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    for (i, (negated, text, quoted)) in tokens.iter().enumerate() {
        if !quoted && !negated && text == "OR" {
            if i == 0 || i + 1 == tokens.len() || pending_or {
                return Err(Error::Query("OR needs a word on each side".into()));
            }
            pending_or = true;
            continue;
        }
        let item_runs = runs(text);
        if item_runs.is_empty() {
            if *quoted {
                return Err(Error::Query(format!(
                    "\"{text}\" has no letters, digits or characters to search for"
                )));
            }
            continue;
        }
        let item = Item::Text {
            raw: text.clone(),
            runs: item_runs,
            phrase: *quoted,
        };
        if *negated {
            if pending_or {
                return Err(Error::Query("OR cannot join an excluded word".into()));
            }
            parsed.exclude.push(item);
            continue;
        }
        if pending_or {
            pending_or = false;
            match parsed.include.pop() {
                Some(Item::Any(mut alternatives)) => {
                    alternatives.push(item);
                    parsed.include.push(Item::Any(alternatives));
                }
                Some(previous) => parsed.include.push(Item::Any(vec![previous, item])),
                None => return Err(Error::Query("OR needs a word on each side".into())),
            }
            continue;
        }
        parsed.include.push(item);
    }
    if pending_or {
        return Err(Error::Query("OR needs a word on each side".into()));
    }
    if parsed.include.is_empty() {
        return Err(Error::Query(if parsed.exclude.is_empty() {
            "empty query: give a word or \"a phrase\" to search for".into()
        } else {
            "a query needs at least one word to search for, not only exclusions".into()
        }));
    }
    Ok(parsed)
}

impl Item {
    /// Every text item inside (the alternatives of an `Any`).
    fn texts(&self) -> Vec<&Item> {
        match self {
            Item::Text { .. } => vec![self],
            Item::Any(items) => items.iter().flat_map(Item::texts).collect(),
        }
    }

    fn needle(&self) -> Option<Needle> {
        match self {
            Item::Text { runs, .. } => Some(Needle::new(runs)),
            Item::Any(_) => None,
        }
    }
}

// ---------------------------------------------------------------- engine

/// A searcher over one index; cheap to clone, reloads after commits.
#[derive(Clone)]
pub struct Engine {
    index: SearchIndex,
    reader: IndexReader,
    /// the recall components of the last searcher's segments
    recall: Arc<Mutex<RecallSegments>>,
}

impl Engine {
    pub fn new(index: SearchIndex) -> Result<Engine> {
        let reader = index.reader()?;
        Ok(Engine {
            index,
            reader,
            recall: Arc::default(),
        })
    }

    /// The recall components of `searcher`'s segments.
    fn recall_segments(&self, searcher: &Searcher) -> Result<RecallSegments> {
        let mut cached = self.recall.lock().unwrap_or_else(|e| e.into_inner());
        *cached = RecallSegments::refresh(&cached, searcher)?;
        Ok(cached.clone())
    }

    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// Picks up the latest commit now (the reader also does so by itself shortly after one).
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    fn fields(&self) -> &Fields {
        &self.index.fields
    }

    /// Ranked passages.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        check_paging(request.limit, request.offset)?;
        let parsed = parse(&request.query)?;
        let searcher = self.reader.searcher();
        let f = self.fields();
        let mut explain = request.explain.then(Vec::new);
        let text_query = self.text_query(&searcher, &parsed, Target::Passages, explain.as_mut())?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        if parsed.include.is_empty() {
            // otherwise every match is a passage: only passages have passage
            // recall terms, and the kind filter would be seeked for each hit
            clauses.push((Occur::Must, kind_query(f, schema::KIND_PASSAGE)));
        }
        clauses.extend(self.filter_clauses(&request.filters)?);
        let query = BooleanQuery::new(clauses);

        let needles: Vec<Needle> = parsed
            .include
            .iter()
            .flat_map(|item| item.texts())
            .filter_map(Item::needle)
            .collect();
        // items whose literal text the hit must contain (multi-run phrases are
        // matched run by run in the index; this check makes them exact)
        let strict: Vec<Needle> = parsed
            .include
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    runs, phrase: true, ..
                } if runs.len() > 1 => Some(Needle::new(runs)),
                _ => None,
            })
            .collect();

        let wanted = request.offset + request.limit;
        let mut fetch = if request.collapse {
            wanted * 3 + 10
        } else {
            wanted
        };
        // one pass for the count, the facets and the first page
        let facet_collector = request.facets.then_some(FacetCounter);
        let (total, mut ranked, facets) = match request.sort {
            Sort::Relevance => searcher.search(
                &query,
                &(
                    Count,
                    TopDocs::with_limit(fetch.max(1)).order_by_score(),
                    facet_collector,
                ),
            )?,
            Sort::Date => {
                let (total, by_day, facets) = searcher.search(
                    &query,
                    &(
                        Count,
                        TopDocs::with_limit(fetch.max(1))
                            .order_by_fast_field::<u64>(schema::DAY, Order::Desc),
                        facet_collector,
                    ),
                )?;
                let ranked = by_day.into_iter().map(|(_, a)| (0.0, a)).collect();
                (total, ranked, facets)
            }
        };
        let facets = facets.map(Tally::into_counts);
        let mut dup_columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let mut docs: HashMap<DocAddress, TantivyDocument> = HashMap::new();
        let mut shingles: HashMap<DocAddress, Vec<u64>> = HashMap::new();
        let mut kept: Vec<(f32, DocAddress, usize)>;
        loop {
            let exhausted = ranked.len() < fetch;
            kept = if request.collapse {
                dedup::collapse(
                    &ranked,
                    wanted,
                    &mut shingles,
                    |address| dup_value(&searcher, &mut dup_columns, address),
                    |address| {
                        let doc: TantivyDocument = searcher.doc(address)?;
                        let shingles =
                            dedup::pair_shingles(&first_text(&doc, f.body).unwrap_or_default());
                        docs.insert(address, doc);
                        Ok(shingles)
                    },
                )?
            } else {
                ranked
                    .iter()
                    .map(|&(score, address)| (score, address, 0))
                    .collect()
            };
            if kept.len() >= wanted || exhausted || fetch >= 100_000 {
                break;
            }
            fetch *= 4;
            ranked = self.ranked(&searcher, &query, fetch, request.sort)?;
        }

        let mut page = Vec::new();
        for (score, address, similar) in kept.into_iter().skip(request.offset) {
            if page.len() == request.limit {
                break;
            }
            let doc: TantivyDocument = match docs.remove(&address) {
                Some(doc) => doc,
                None => searcher.doc(address)?,
            };
            let text = first_text(&doc, f.body).unwrap_or_default();
            if !strict.is_empty()
                && strict
                    .iter()
                    .any(|n| highlight::find(&text, std::slice::from_ref(n)).is_empty())
            {
                continue;
            }
            page.push((score, similar, doc, text));
        }
        let articles = self.article_meta(
            &searcher,
            page.iter()
                .filter_map(|(_, _, doc, _)| first_text(doc, f.article_id)),
        )?;
        let mut hits = Vec::new();
        for (score, similar, doc, text) in page {
            let highlights = highlight::find(&text, &needles);
            let (snippet, snippet_highlights) = highlight::snippet(&text, &highlights);
            let article_id = first_text(&doc, f.article_id).unwrap_or_default();
            let article = articles.get(&article_id).cloned().unwrap_or_default();
            if let Some(lines) = explain.as_mut() {
                lines.push(explain_hit(hits.len() + 1, &article.title, &text, &parsed));
            }
            hits.push(Hit {
                rank: request.offset + hits.len() + 1,
                score,
                passage_id: first_text(&doc, f.passage_id).unwrap_or_default(),
                article_id,
                title: article.title,
                date: article.date,
                source: article.source,
                url: article.url,
                province: first_text(&doc, f.province),
                section: first_text(&doc, f.section),
                speakers: all_texts(&doc, f.speaker),
                text,
                snippet,
                highlights,
                snippet_highlights,
                similar,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
            explain,
        })
    }

    /// Title, date, source and url of articles, read from their article
    /// documents: passages and quotes do not repeat them.
    fn article_meta(
        &self,
        searcher: &Searcher,
        ids: impl Iterator<Item = String>,
    ) -> Result<HashMap<String, ArticleMeta>> {
        let f = self.fields();
        let mut ids: Vec<String> = ids.collect();
        ids.sort();
        ids.dedup();
        let mut articles = HashMap::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(articles);
        }
        let any: Vec<(Occur, Box<dyn Query>)> = ids
            .iter()
            .map(|id| (Occur::Should, term_query(f.article_id, id)))
            .collect();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
            ),
            (Occur::Must, kind_query(f, schema::KIND_ARTICLE)),
        ]);
        for address in searcher.search(&query, &tantivy::collector::DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(id) = first_text(&doc, f.article_id) else {
                continue;
            };
            articles.insert(id, ArticleMeta::of(&doc, f));
        }
        Ok(articles)
    }

    fn ranked(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        limit: usize,
        sort: Sort,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let limit = limit.max(1);
        Ok(match sort {
            Sort::Relevance => {
                searcher.search(query, &TopDocs::with_limit(limit).order_by_score())?
            }
            Sort::Date => searcher
                .search(
                    query,
                    &TopDocs::with_limit(limit)
                        .order_by_fast_field::<u64>(schema::DAY, Order::Desc),
                )?
                .into_iter()
                .map(|(_, address)| (0.0, address))
                .collect(),
        })
    }

    /// Ranked quotes, or all quotes in article order without a query.
    pub fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults> {
        check_paging(request.limit, request.offset)?;
        let searcher = self.reader.searcher();
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, kind_query(f, schema::KIND_QUOTE))];
        let mut needles = Vec::new();
        let query_text = request
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        if let Some(text) = query_text {
            let parsed = parse(text)?;
            needles = parsed
                .include
                .iter()
                .flat_map(|item| item.texts())
                .filter_map(Item::needle)
                .collect();
            clauses.push((
                Occur::Must,
                self.text_query(&searcher, &parsed, Target::Quotes, None)?,
            ));
        }
        clauses.extend(self.filter_clauses(&request.filters)?);
        let query = BooleanQuery::new(clauses);
        let collector = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (total, ranked): (usize, Vec<(f32, DocAddress)>) = if query_text.is_some() {
            searcher.search(&query, &(Count, collector.order_by_score()))?
        } else {
            let (total, mut all): (usize, Vec<(Option<u64>, DocAddress)>) = searcher.search(
                &query,
                &(
                    Count,
                    TopDocs::with_limit(request.offset + request.limit.max(1))
                        .order_by_fast_field::<u64>(schema::DAY, Order::Asc),
                ),
            )?;
            all.sort_by_key(|(day, address)| (*day, address.segment_ord, address.doc_id));
            let ranked = all
                .into_iter()
                .skip(request.offset)
                .map(|(_, address)| (0.0, address))
                .collect();
            (total, ranked)
        };
        let mut page = Vec::with_capacity(ranked.len());
        for (score, address) in ranked.into_iter().take(request.limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            page.push((score, doc));
        }
        let articles = self.article_meta(
            &searcher,
            page.iter()
                .filter_map(|(_, doc)| first_text(doc, f.article_id)),
        )?;
        let mut hits = Vec::with_capacity(page.len());
        for (score, doc) in page {
            let text = first_text(&doc, f.quote_chars).unwrap_or_default();
            let highlights = highlight::find(&text, &needles);
            let article_id = first_text(&doc, f.article_id).unwrap_or_default();
            let article = articles.get(&article_id).cloned().unwrap_or_default();
            hits.push(QuoteHit {
                rank: request.offset + hits.len() + 1,
                score,
                speaker: first_text(&doc, f.speaker).unwrap_or_default(),
                role: first_text(&doc, f.role).unwrap_or_default(),
                titles: all_texts(&doc, f.titles),
                province: first_text(&doc, f.province),
                text,
                cue: first_text(&doc, f.cue).unwrap_or_default(),
                article_id,
                article_title: article.title,
                passage_id: first_text(&doc, f.passage_id),
                date: article.date,
                source: article.source,
                url: article.url,
                highlights,
            });
        }
        Ok(QuoteResults { total, hits })
    }

    /// Every speaker with role, titles, provinces and number of quotes, most quoted first.
    pub fn speakers(&self, filters: &Filters) -> Result<Vec<SpeakerSummary>> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, kind_query(f, schema::KIND_QUOTE))];
        clauses.extend(self.filter_clauses(filters)?);
        let query = BooleanQuery::new(clauses);
        let docs = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut addresses: Vec<DocAddress> = docs.into_iter().collect();
        addresses.sort();
        struct Acc {
            roles: HashMap<String, usize>,
            titles: Vec<String>,
            provinces: Vec<String>,
            quotes: usize,
        }
        let mut by_name: HashMap<String, Acc> = HashMap::new();
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(name) = first_text(&doc, f.speaker) else {
                continue;
            };
            let acc = by_name.entry(name).or_insert_with(|| Acc {
                roles: HashMap::new(),
                titles: Vec::new(),
                provinces: Vec::new(),
                quotes: 0,
            });
            acc.quotes += 1;
            if let Some(role) = first_text(&doc, f.role) {
                *acc.roles.entry(role).or_default() += 1;
            }
            for title in all_texts(&doc, f.titles) {
                if !acc.titles.contains(&title) {
                    acc.titles.push(title);
                }
            }
            if let Some(province) = first_text(&doc, f.province) {
                if !acc.provinces.contains(&province) {
                    acc.provinces.push(province);
                }
            }
        }
        let mut speakers: Vec<SpeakerSummary> = by_name
            .into_iter()
            .map(|(speaker, acc)| {
                let role = acc
                    .roles
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(role, _)| role)
                    .unwrap_or_else(|| Role::Other.as_str().to_string());
                SpeakerSummary {
                    speaker,
                    role,
                    titles: acc.titles,
                    provinces: acc.provinces,
                    quotes: acc.quotes,
                }
            })
            .collect();
        speakers.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then_with(|| a.speaker.cmp(&b.speaker))
        });
        Ok(speakers)
    }

    /// Totals of the index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let count = |kind: &str| searcher.search(&*kind_query(f, kind), &Count);
        let passages_query = kind_query(f, schema::KIND_PASSAGE);
        let facets = facet_counts(&searcher, &*passages_query)?;
        let quote_facets = facet_counts(&searcher, &*kind_query(f, schema::KIND_QUOTE))?;
        Ok(Stats {
            articles: count(schema::KIND_ARTICLE)? as u64,
            passages: count(schema::KIND_PASSAGE)? as u64,
            quotes: count(schema::KIND_QUOTE)? as u64,
            speakers: quote_facets.speaker.len() as u64,
            passages_per_province: facets.province,
        })
    }

    /// One whole article: `(title, date, source, url, body, passages)`.
    pub fn article(&self, article_id: &str) -> Result<ArticleView> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let query = TermQuery::new(
            Term::from_field_text(f.article_id, article_id),
            IndexRecordOption::Basic,
        );
        let mut addresses: Vec<DocAddress> = searcher
            .search(&query, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        let mut view: Option<ArticleView> = None;
        let mut passages = Vec::new();
        let mut ranges = Vec::new();
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let ordinal = first_u64(&doc, f.ordinal).unwrap_or(0);
            if first_text(&doc, f.passage_id).is_some() && first_text(&doc, f.cue).is_none() {
                let start = first_u64(&doc, f.start).unwrap_or(0) as usize;
                let end = first_u64(&doc, f.end).unwrap_or(0) as usize;
                ranges.push((ordinal, start, end));
                passages.push((
                    ordinal,
                    PassageView {
                        passage_id: first_text(&doc, f.passage_id).unwrap_or_default(),
                        province: first_text(&doc, f.province),
                        section: first_text(&doc, f.section),
                        speakers: all_texts(&doc, f.speaker),
                        text: first_text(&doc, f.body).unwrap_or_default(),
                    },
                ));
            } else if first_u64(&doc, f.hash).is_some() {
                let meta = ArticleMeta::of(&doc, f);
                view = Some(ArticleView {
                    article_id: article_id.to_string(),
                    title: meta.title,
                    date: meta.date,
                    source: meta.source,
                    url: meta.url,
                    province: first_text(&doc, f.province),
                    body: first_text(&doc, f.text).unwrap_or_default(),
                    passages: Vec::new(),
                });
            }
        }
        let mut view = view.ok_or_else(|| Error::NotFound(article_id.to_string()))?;
        passages.sort_by_key(|(ordinal, _)| *ordinal);
        ranges.sort_by_key(|&(ordinal, _, _)| ordinal);
        view.passages = passages.into_iter().map(|(_, p)| p).collect();
        let pieces: Vec<(usize, usize, &str)> = ranges
            .iter()
            .zip(&view.passages)
            .map(|(&(_, start, end), p)| (start, end, p.text.as_str()))
            .collect();
        view.body = crate::index::article_body(&view.body, &pieces).ok_or_else(|| {
            Error::Index(tantivy::TantivyError::InternalError(format!(
                "article {article_id}: its passages do not fit its stored text"
            )))
        })?;
        Ok(view)
    }

    // ------------------------------------------------------------ building

    /// The whole text part of a query: includes (most must match) and excludes.
    fn text_query(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        target: Target,
        mut explain: Option<&mut Vec<String>>,
    ) -> Result<Box<dyn Query>> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut all_pieces: Vec<String> = Vec::new();
        for item in &parsed.include {
            let (query, pieces) =
                self.item_query(searcher, item, target, explain.as_deref_mut())?;
            all_pieces.extend(pieces);
            clauses.push((Occur::Should, query));
        }
        let words = clauses.len();
        let required = if words <= 1 { 1 } else { words - words / 3 };
        let mut include = BooleanQuery::with_minimum_required_clauses(clauses, required);
        if words == 1 {
            include = BooleanQuery::new(vec![(Occur::Must, Box::new(include))]);
        }
        let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(include))];
        // proximity: all words in order, close together, on the character
        // positions of the recall index
        let runs: Vec<&String> = parsed
            .include
            .iter()
            .filter_map(|item| match item {
                Item::Text { runs, .. } => Some(runs),
                Item::Any(_) => None,
            })
            .flatten()
            .collect();
        let phrases: Vec<(Vec<(u32, u32)>, u32)> = runs
            .iter()
            .map(|run| {
                let terms = crate::index::recall::tokens::run_terms(run);
                (terms, run.chars().count() as u32)
            })
            .filter(|(terms, _)| !terms.is_empty())
            .collect();
        if target == Target::Passages && words > 1 && phrases.len() > 1 {
            let span: u32 = phrases.iter().map(|(_, len)| len).sum();
            let window = span + NEAR_SLACK;
            let labels: Vec<&str> = runs.iter().map(|run| String::as_str(run)).collect();
            let segments = self.recall_segments(searcher)?;
            let near = RecallNearQuery::new(phrases, window, segments);
            outer.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(near), NEAR_BOOST)),
            ));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!(
                    "proximity: {} in order within {window} characters (boost {NEAR_BOOST})",
                    labels.join(" ")
                ));
            }
        }
        if target == Target::Passages && !all_pieces.is_empty() {
            // title matches weigh more: BM25 of the words in the article title,
            // which is indexed on the article's lead passage
            let titles: Vec<(Occur, Box<dyn Query>)> = all_pieces
                .iter()
                .map(|piece| {
                    let term = Term::from_field_text(f.title, piece);
                    let query: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Should, query)
                })
                .collect();
            let boosted = BoostQuery::new(Box::new(BooleanQuery::new(titles)), TITLE_BOOST);
            outer.push((Occur::Should, Box::new(boosted)));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!(
                    "title: [{}] in the article title, on its lead passage (boost {TITLE_BOOST})",
                    all_pieces.join(" ")
                ));
            }
        }
        for item in &parsed.exclude {
            let (query, _) = self.item_query(searcher, item, target, None)?;
            outer.push((Occur::MustNot, query));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!("exclude: {}", item_label(item)));
            }
        }
        Ok(Box::new(BooleanQuery::new(outer)))
    }

    /// One item: recall match (required) + BM25 on its jieba pieces.
    fn item_query(
        &self,
        searcher: &Searcher,
        item: &Item,
        target: Target,
        mut explain: Option<&mut Vec<String>>,
    ) -> Result<(Box<dyn Query>, Vec<String>)> {
        let f = self.fields();
        match item {
            Item::Any(items) => {
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    let (query, _) =
                        self.item_query(searcher, item, target, explain.as_deref_mut())?;
                    alternatives.push((Occur::Should, query));
                }
                Ok((Box::new(BooleanQuery::new(alternatives)), Vec::new()))
            }
            Item::Text { raw, runs, phrase } => {
                let mut recall: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut rank: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut pieces = Vec::new();
                let segments = self.recall_segments(searcher)?;
                for run in runs {
                    recall.push((Occur::Must, recall_query(run, target, &segments)));
                    let run_pieces = segment_with_terms(searcher, f.body, run);
                    for piece in &run_pieces {
                        let body = Term::from_field_text(f.body, piece);
                        rank.push((
                            Occur::Should,
                            Box::new(TermQuery::new(body, IndexRecordOption::WithFreqs)),
                        ));
                    }
                    pieces.extend(run_pieces);
                }
                if let Some(lines) = explain {
                    // the recall terms of each run: its common pairs and its other
                    // characters, `…` where a text may pair one with a character
                    // outside the run
                    let terms: Vec<String> = runs
                        .iter()
                        .map(|run| crate::index::recall::tokens::describe_run_terms(run))
                        .collect();
                    lines.push(format!(
                        "{} {raw}: recall on [{}]; ranked by words [{}]",
                        if *phrase { "phrase" } else { "word" },
                        terms.join(" | "),
                        pieces.join(" "),
                    ));
                }
                let recall = BooleanQuery::new(recall);
                if target == Target::Quotes {
                    // quotes have no jieba field: rank by the recall phrase itself
                    return Ok((Box::new(recall), pieces));
                }
                let recall = ConstScoreQuery::new(Box::new(recall), 1.0);
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Must, Box::new(recall))];
                clauses.extend(rank);
                Ok((Box::new(BooleanQuery::new(clauses)), pieces))
            }
        }
    }

    fn filter_clauses(&self, filters: &Filters) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if !filters.provinces.is_empty() {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for province in &filters.provinces {
                let short =
                    crate::extract::province::normalize_province(province).ok_or_else(|| {
                        Error::Argument(format!(
                            "unknown province '{province}' (use a name such as 湖北 or 内蒙古)"
                        ))
                    })?;
                any.push((Occur::Should, term_query(f.province, short)));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(speaker) = filters
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            clauses.push((Occur::Must, term_query(f.speaker, &fold(speaker))));
        }
        if let Some(role) = filters.role {
            clauses.push((Occur::Must, term_query(f.role, role.as_str())));
        }
        let from = filters
            .from
            .as_deref()
            .map(|d| date_bound(d, false))
            .transpose()?;
        let to = filters
            .to
            .as_deref()
            .map(|d| date_bound(d, true))
            .transpose()?;
        if from.is_some() || to.is_some() {
            let lower = from.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_u64(f.day, d))
            });
            let upper = to.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_u64(f.day, d))
            });
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(clauses)
    }
}

/// The whole article as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleView {
    pub article_id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub province: Option<String>,
    pub body: String,
    pub passages: Vec<PassageView>,
}

/// A passage of an [`ArticleView`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PassageView {
    pub passage_id: String,
    pub province: Option<String>,
    pub section: Option<String>,
    pub speakers: Vec<String>,
    pub text: String,
}

fn check_paging(limit: usize, offset: usize) -> Result<()> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::Argument(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset > 100_000 {
        return Err(Error::Argument("offset must be at most 100000".into()));
    }
    Ok(())
}

/// `2024`, `2024-03`, `2024-03-05` → the first (or last) day number.
fn date_bound(date: &str, upper: bool) -> Result<u64> {
    let digits: String = date.chars().filter(char::is_ascii_digit).collect();
    let bad = || {
        Error::Argument(format!(
            "bad date '{date}' (use YYYY, YYYY-MM or YYYY-MM-DD)"
        ))
    };
    let (year, month, day) = match digits.len() {
        4 => (digits.parse::<u64>().map_err(|_| bad())?, None, None),
        6 => (
            digits[..4].parse().map_err(|_| bad())?,
            Some(digits[4..].parse::<u64>().map_err(|_| bad())?),
            None,
        ),
        8 => (
            digits[..4].parse().map_err(|_| bad())?,
            Some(digits[4..6].parse::<u64>().map_err(|_| bad())?),
            Some(digits[6..].parse::<u64>().map_err(|_| bad())?),
        ),
        _ => return Err(bad()),
    };
    if month.is_some_and(|m| !(1..=12).contains(&m)) || day.is_some_and(|d| !(1..=31).contains(&d))
    {
        return Err(bad());
    }
    let month = month.unwrap_or(if upper { 12 } else { 1 });
    let day = day.unwrap_or(if upper { 31 } else { 1 });
    Ok(year * 10_000 + month * 100 + day)
}

fn kind_query(f: &Fields, kind: &str) -> Box<dyn Query> {
    term_query(f.kind, kind)
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// Exact substring match of one folded run on the recall index (see
/// `index::recall`): the phrase of its characters, where a common pair
/// stands for its two characters; or the one term.
fn recall_query(run: &str, target: Target, segments: &RecallSegments) -> Box<dyn Query> {
    let mut terms = crate::index::recall::tokens::run_terms(run);
    if target == Target::Quotes {
        for (_, key) in &mut terms {
            *key |= QUOTE_TERM;
        }
    }
    if terms.is_empty() {
        Box::new(EmptyQuery)
    } else {
        Box::new(RecallQuery::new(terms, segments.clone()))
    }
}

/// Cuts a folded run into the fewest pieces that are words of the index's
/// jieba field (single characters otherwise); returns the pieces that exist.
pub fn segment_with_terms(searcher: &Searcher, field: Field, run: &str) -> Vec<String> {
    const MAX_WORD: usize = 8;
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    if n == 0 || n > 64 {
        return Vec::new();
    }
    let mut cache: HashMap<String, bool> = HashMap::new();
    let mut exists = |word: &str| -> bool {
        if let Some(&known) = cache.get(word) {
            return known;
        }
        let term = Term::from_field_text(field, word);
        let found = searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(field)
                .ok()
                .and_then(|inverted| inverted.get_term_info(&term).ok().flatten())
                .is_some()
        });
        cache.insert(word.to_string(), found);
        found
    };
    // best[i] = (pieces, known words) for chars[..i]; fewer pieces, then more known words
    let mut best: Vec<(usize, usize, usize)> = vec![(usize::MAX, 0, 0); n + 1];
    best[0] = (0, 0, 0);
    for end in 1..=n {
        for start in end.saturating_sub(MAX_WORD)..end {
            if best[start].0 == usize::MAX {
                continue;
            }
            let word: String = chars[start..end].iter().collect();
            let known = exists(&word);
            if end - start > 1 && !known {
                continue;
            }
            let candidate = (best[start].0 + 1, best[start].1 + usize::from(known), start);
            let current = best[end];
            if candidate.0 < current.0 || (candidate.0 == current.0 && candidate.1 > current.1) {
                best[end] = candidate;
            }
        }
    }
    let mut pieces = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = best[end].2;
        let word: String = chars[start..end].iter().collect();
        if exists(&word) {
            pieces.push(word);
        }
        end = start;
    }
    pieces.reverse();
    pieces
}

fn facet_counts(searcher: &Searcher, query: &dyn Query) -> Result<FacetCounts> {
    Ok(searcher.search(query, &FacetCounter)?.into_counts())
}

fn dup_value(
    searcher: &Searcher,
    columns: &mut HashMap<u32, tantivy::columnar::Column<u64>>,
    address: DocAddress,
) -> Result<u64> {
    let column = match columns.entry(address.segment_ord) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            let segment = searcher.segment_reader(address.segment_ord);
            e.insert(segment.fast_fields().u64(schema::DUP)?)
        }
    };
    Ok(column
        .first(address.doc_id)
        .unwrap_or(u64::from(address.doc_id)))
}

fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn all_texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn first_u64(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field)
        .and_then(|v| match OwnedValue::from(v) {
            OwnedValue::U64(n) => Some(n),
            _ => None,
        })
}

fn item_label(item: &Item) -> String {
    match item {
        Item::Text { raw, .. } => raw.clone(),
        Item::Any(items) => items
            .iter()
            .map(item_label)
            .collect::<Vec<_>>()
            .join(" OR "),
    }
}

fn explain_hit(rank: usize, title: &str, text: &str, parsed: &ParsedQuery) -> String {
    let mut in_text = Vec::new();
    let mut in_title = Vec::new();
    let mut seen = HashSet::new();
    for item in parsed.include.iter().flat_map(|i| i.texts()) {
        let Some(needle) = item.needle() else {
            continue;
        };
        let label = item_label(item);
        if !seen.insert(label.clone()) {
            continue;
        }
        if !highlight::find(text, std::slice::from_ref(&needle)).is_empty() {
            in_text.push(label.clone());
        }
        if !highlight::find(title, std::slice::from_ref(&needle)).is_empty() {
            in_title.push(label);
        }
    }
    format!(
        "#{rank}: text matches [{}], title matches [{}]",
        in_text.join(" "),
        in_title.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_phrases_exclusions_and_or() {
        let parsed = parse("新质生产力 \"高质量 发展\" -房地产 湖北 OR 湖南").unwrap();
        assert_eq!(parsed.include.len(), 3);
        assert_eq!(parsed.exclude.len(), 1);
        assert!(matches!(&parsed.include[2], Item::Any(items) if items.len() == 2));
        match &parsed.include[1] {
            Item::Text { runs, phrase, .. } => {
                assert!(*phrase);
                assert_eq!(runs, &vec!["高质量".to_string(), "发展".to_string()]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        for bad in [
            "",
            "   ",
            "\"未闭合",
            "-排除",
            "OR 湖北",
            "湖北 OR",
            "\"，。\"",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn date_bounds() {
        assert_eq!(date_bound("2024", false).unwrap(), 20240101);
        assert_eq!(date_bound("2024-03", true).unwrap(), 20240331);
        assert_eq!(date_bound("2024-03-05", false).unwrap(), 20240305);
        assert!(date_bound("2024-13", false).is_err());
        assert!(date_bound("yesterday", false).is_err());
    }
}
