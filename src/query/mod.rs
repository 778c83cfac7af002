//! Requests → tantivy queries → hits with highlight ranges: the [`Engine`]
//! over an embedded tantivy index, and the plain request and response types
//! a caller (the CLI, the HTTP server) hands it and gets back.
//!
//! Every word or phrase is matched on the recall index (`index::recall`,
//! tokens from `index::recall::tokens`): a passage matches when it contains the folded string,
//! whatever jieba made of it. Ranking is BM25 over the jieba field, with the
//! query cut into words by the index's own term dictionary; passages holding
//! every word of a query come before those holding most of them. A word
//! typed without spaces that is no word of the index is read as the words
//! of the index it is likeliest made of (`understand`, `build`): a search
//! process does not load the jieba dictionary.
//!
//! - `syntax`: the query language (see [`parse`] for the syntax);
//! - `understand`: how a query is read: unspaced words cut into words;
//! - `vocabulary`: the index's words: known or not, a run cut into them;
//! - `build`: a parsed query and filters → tantivy queries;
//! - `exact`: phrases of several runs kept to their exact matches;
//! - `export`: every hit of a search, streamed, and counts without hits;
//! - `passages`: passage search, collapse, highlights, explain;
//! - `quotes`: quote search and speakers;
//! - `browse`: one whole article, the totals of the index;
//! - `cache`: the facet counts of recent searches, for their next page;
//! - `prune`: the first passages of a ranked search, skipping what cannot rank;
//! - `total`: a search's number of matches, counted or estimated;
//! - `stored`: what is read back from stored documents;
//! - `trend`: matching passages and articles per year or month.
//!
//! What a caller asks of a search backend is the [`SearchBackend`] trait;
//! [`Engine`], the embedded tantivy index, is one. tantivy types stay inside
//! this module: the request and response types hold none, so that another
//! backend (OpenSearch) can answer the same requests.

mod browse;
mod build;
mod cache;
mod exact;
mod export;
mod lazy;
mod passages;
mod prune;
mod quotes;
mod remembered;
mod stored;
mod syntax;
mod total;
mod trend;
mod understand;
mod vocabulary;

use std::sync::{Arc, Mutex};

use tantivy::{IndexReader, Searcher};

use crate::error::{Error, Result};
use crate::index::recall::RecallSegments;
use crate::index::schema::Fields;
use crate::index::SearchIndex;
use crate::model::{FacetCounts, Hit, QuoteHit, Role, SpeakerSummary, Stats};

pub use browse::{ArticleView, PassageView};
pub(crate) use build::{date_bound, Target};
pub use export::BATCH as EXPORT_BATCH;
pub(crate) use passages::{hit_path, item_lead};
pub use syntax::{parse, Item, ParsedQuery, MAX_QUERY_CHARS};
pub(crate) use trend::PeriodCounts;
pub use trend::{Period, Trend, TrendRequest, TrendSeries, MAX_TREND_QUERIES};
pub(crate) use understand::{read as read_query, Reading};
pub use vocabulary::segment_with_terms;

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 1000;

/// Deepest offset a request may ask for: a deeper page is refused (narrow
/// the query or its dates instead). Keeps the work of one request bounded:
/// ranking, collapsing and paging cost grows with `offset + limit`.
pub const MAX_OFFSET: usize = 10_000;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
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

impl Filters {
    /// The short names of the provinces asked for; an error naming the
    /// first one that is no province.
    pub fn short_provinces(&self) -> Result<Vec<&'static str>> {
        self.provinces
            .iter()
            .map(|province| {
                crate::extract::province::normalize_province(province).ok_or_else(|| {
                    Error::Argument(format!(
                        "unknown province '{province}' (use a name such as 湖北 or 内蒙古)"
                    ))
                })
            })
            .collect()
    }
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
    /// Count the matches exactly, however many: otherwise a ranked search
    /// whose matches are too many to count cheaply estimates their number
    /// (`SearchResults::total_exact` false).
    pub count: bool,
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
            count: false,
        }
    }
}

/// The answer to a [`SearchRequest`].
#[derive(Debug, Clone)]
pub struct SearchResults {
    /// Passages matching the query and filters (before collapsing):
    /// counted, or estimated when `total_exact` is false.
    pub total: usize,
    /// Whether `total` was counted (always, with `SearchRequest::count`,
    /// facets, or matches few enough to count cheaply).
    pub total_exact: bool,
    pub hits: Vec<Hit>,
    pub facets: Option<FacetCounts>,
    pub explain: Option<Vec<String>>,
}

impl Default for SearchResults {
    fn default() -> Self {
        SearchResults {
            total: 0,
            total_exact: true,
            hits: Vec::new(),
            facets: None,
            explain: None,
        }
    }
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

/// What the CLI and the HTTP server ask of a search backend: passages,
/// quotes, speakers, the totals of the index with its facets, and one whole
/// article. Requests and answers are plain data, free of any backend's types.
pub trait SearchBackend: Send + Sync {
    /// Ranked passages (with facet counts when the request asks for them).
    fn search(&self, request: &SearchRequest) -> Result<SearchResults>;
    /// Ranked quotes, or all quotes in article order without a query.
    fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults>;
    /// Every speaker with role, titles, provinces and number of quotes, most quoted first.
    fn speakers(&self, filters: &Filters) -> Result<Vec<SpeakerSummary>>;
    /// Totals of the index.
    fn stats(&self) -> Result<Stats>;
    /// One whole article with its passages.
    fn article(&self, article_id: &str) -> Result<ArticleView>;
    /// Matching passages and articles per period for each query.
    fn trend(&self, request: &TrendRequest) -> Result<Trend>;
}

/// The embedded tantivy index as a backend: the methods of the same names.
impl SearchBackend for Engine {
    fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        Engine::search(self, request)
    }

    fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults> {
        Engine::quotes(self, request)
    }

    fn speakers(&self, filters: &Filters) -> Result<Vec<SpeakerSummary>> {
        Engine::speakers(self, filters)
    }

    fn stats(&self) -> Result<Stats> {
        Engine::stats(self)
    }

    fn article(&self, article_id: &str) -> Result<ArticleView> {
        Engine::article(self, article_id)
    }

    fn trend(&self, request: &TrendRequest) -> Result<Trend> {
        Engine::trend(self, request)
    }
}

/// A searcher over one index; cheap to clone, reloads after commits.
#[derive(Clone)]
pub struct Engine {
    index: SearchIndex,
    reader: IndexReader,
    /// the recall components of the last searcher's segments
    recall: Arc<Mutex<RecallSegments>>,
    /// facet counts of recent searches, for their next page
    facets: Arc<Mutex<cache::FacetCache>>,
}

impl Engine {
    pub fn new(index: SearchIndex) -> Result<Engine> {
        let reader = index.reader()?;
        Ok(Engine {
            index,
            reader,
            recall: Arc::default(),
            facets: Arc::default(),
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
}

fn check_paging(limit: usize, offset: usize) -> Result<()> {
    if limit == 0 || limit > MAX_LIMIT {
        return Err(Error::Argument(format!(
            "limit must be between 1 and {MAX_LIMIT}"
        )));
    }
    if offset > MAX_OFFSET {
        return Err(Error::Argument(format!(
            "offset must be at most {MAX_OFFSET} (narrow the query, or its dates, to reach later results)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Engine {
        let (index, _) = crate::index::seed_index(
            "【湖北】\n全国人大代表、华工科技董事长马新强表示，要持续打造新质生产力。",
        );
        Engine::new(index).unwrap()
    }

    #[test]
    fn the_engine_answers_as_a_backend_what_it_answers_itself() {
        let engine = engine();
        let backend: &dyn SearchBackend = &engine;
        let request = SearchRequest {
            query: "新质生产力".into(),
            facets: true,
            ..SearchRequest::default()
        };
        let results = backend.search(&request).unwrap();
        assert_eq!(results.hits.len(), 1);
        assert_eq!(
            format!("{results:?}"),
            format!("{:?}", engine.search(&request).unwrap())
        );
        let quotes = QuoteRequest {
            query: None,
            filters: Filters::default(),
            limit: 10,
            offset: 0,
        };
        assert_eq!(
            format!("{:?}", backend.quotes(&quotes).unwrap()),
            format!("{:?}", engine.quotes(&quotes).unwrap())
        );
        assert_eq!(
            backend.speakers(&Filters::default()).unwrap(),
            engine.speakers(&Filters::default()).unwrap()
        );
        assert_eq!(backend.stats().unwrap(), engine.stats().unwrap());
        assert_eq!(backend.stats().unwrap().articles, 1);
        assert_eq!(
            backend.article("seed").unwrap(),
            engine.article("seed").unwrap()
        );
    }
}
