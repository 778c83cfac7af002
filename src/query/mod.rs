//! Requests → tantivy queries → hits with highlight ranges: the [`Engine`]
//! over an embedded tantivy index, and the plain request and response types
//! a caller (the CLI, the HTTP server) hands it and gets back.
//!
//! Every word or phrase is matched on the recall index (`index::recall`,
//! tokens from `index::recall::tokens`): a passage matches when it contains the folded string,
//! whatever jieba made of it. Ranking is BM25 over the jieba field, with the
//! query cut into words by the index's own term dictionary — so a search
//! process never loads the jieba dictionary.
//!
//! - `syntax`: the query language (see [`parse`] for the syntax);
//! - `build`: a parsed query and filters → tantivy queries;
//! - `passages`: passage search, collapse, highlights, explain;
//! - `quotes`: quote search and speakers;
//! - `browse`: one whole article, the totals of the index;
//! - `stored`: what is read back from stored documents.
//!
//! tantivy types stay inside this module: the request and response types
//! here hold none.

mod browse;
mod build;
mod passages;
mod quotes;
mod stored;
mod syntax;

use std::sync::{Arc, Mutex};

use tantivy::{IndexReader, Searcher};

use crate::error::{Error, Result};
use crate::index::recall::RecallSegments;
use crate::index::schema::Fields;
use crate::index::SearchIndex;
use crate::model::{FacetCounts, Hit, QuoteHit, Role};

pub use browse::{ArticleView, PassageView};
pub use build::segment_with_terms;
pub use syntax::{parse, Item, ParsedQuery, MAX_QUERY_CHARS};

/// Most results one request may ask for.
pub const MAX_LIMIT: usize = 1000;

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
