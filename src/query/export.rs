//! Every hit of a search, not a page: passages ([`Engine::export_passages`])
//! and quotes ([`Engine::export_quotes`]) handed one by one to the caller,
//! which writes them out (CSV or JSON lines, `render`); and the counts of a
//! search without its hits ([`Engine::count`]).
//!
//! Memory stays flat whatever the number of hits: the matches are gathered
//! as (sort key, address) pairs, 16 bytes each, ordered, and their documents
//! read and handed on in batches of [`BATCH`]. Every matching passage is
//! exported (reprints are not collapsed), so the number of rows is the
//! search's `total`. The page cap ([`super::MAX_LIMIT`]) is the paged
//! search's and the HTTP API's, not this.

use std::cmp::Reverse;
use std::collections::HashMap;

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use super::build::Target;
use super::passages::{passage_hit, sentence_groups, sentence_rerank, SENTENCE_DEPTH};
use super::quotes::quote_hit;
use super::stored::first_text;
use super::syntax::{Item, ParsedQuery};
use super::{Engine, Filters, QuoteRequest, SearchRequest, SearchResults, Sort};
use crate::error::{Error, Result};
use crate::highlight::Needle;
use crate::index::facets::{FacetCounter, Tally};
use crate::index::schema;
use crate::model::{Hit, QuoteHit};

/// Documents read and handed on at a time.
pub const BATCH: usize = 256;

impl Engine {
    /// The total and (when asked) the facet counts of a passage search,
    /// without reading any hit: `search -n 0 --facets`.
    pub fn count(&self, request: &SearchRequest) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let (query, _, _) = self.passage_query(&searcher, &request.query, &request.filters)?;
        let facet_collector = request.facets.then_some(FacetCounter);
        let (total, facets) = searcher.search(&query, &(Count, facet_collector))?;
        Ok(SearchResults {
            total,
            total_exact: true,
            hits: Vec::new(),
            facets: facets.map(Tally::into_counts),
            explain: None,
        })
    }

    /// Hands every passage matching `request` to `each`, in the request's
    /// order (relevance or newest first), uncollapsed; `limit`, `offset`,
    /// `facets`, `collapse` and `explain` are not used. Returns the number
    /// of passages handed on. Stops at the first error of `each` (a write).
    pub fn export_passages(
        &self,
        request: &SearchRequest,
        each: &mut dyn FnMut(Hit) -> std::io::Result<()>,
    ) -> Result<usize> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let (query, needles, parsed) =
            self.passage_query(&searcher, &request.query, &request.filters)?;
        let mut addresses = ordered_matches(&searcher, &query, request.sort, false)?;
        // the first passages in the order a search shows them
        let groups = sentence_groups(&parsed, request.sort);
        if let Some(&(last, _)) = addresses.get(SENTENCE_DEPTH.min(addresses.len()).wrapping_sub(1))
        {
            let depth = addresses.partition_point(|&(score, _)| score.0 >= last.0);
            let mut first: Vec<(Score, DocAddress)> = addresses[..depth]
                .iter()
                .map(|&(score, address)| (score.0, address))
                .collect();
            sentence_rerank(&searcher, f, &groups, &mut first, &mut HashMap::new())?;
            for (slot, (score, address)) in addresses.iter_mut().zip(first) {
                *slot = (SortScore(score), address);
            }
        }
        let mut rank = 0;
        for batch in addresses.chunks(BATCH) {
            let mut docs = Vec::with_capacity(batch.len());
            for &(_, address) in batch {
                let doc: TantivyDocument = searcher.doc(address)?;
                docs.push((address, doc));
            }
            let articles = self.article_meta(
                &searcher,
                docs.iter()
                    .filter_map(|(_, doc)| first_text(doc, f.article_id)),
            )?;
            for (&(score, _), (_, doc)) in batch.iter().zip(docs) {
                rank += 1;
                let text = first_text(&doc, f.body).unwrap_or_default();
                let article_id = first_text(&doc, f.article_id).unwrap_or_default();
                let article = articles.get(&article_id).cloned().unwrap_or_default();
                each(passage_hit(&doc, f, article, text, &needles, rank, score.0))
                    .map_err(output_error)?;
            }
        }
        Ok(rank)
    }

    /// Hands every quote matching `request` to `each`: ranked with a query,
    /// in date order (oldest first) without; `limit` and `offset` are not
    /// used. Returns the number of quotes handed on.
    pub fn export_quotes(
        &self,
        request: &QuoteRequest,
        each: &mut dyn FnMut(QuoteHit) -> std::io::Result<()>,
    ) -> Result<usize> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let (query, needles, ranked_by_text) = self.quote_query(&searcher, request)?;
        let (sort, oldest_first) = if ranked_by_text {
            (Sort::Relevance, false)
        } else {
            (Sort::Date, true)
        };
        let addresses = ordered_matches(&searcher, &query, sort, oldest_first)?;
        let mut rank = 0;
        for batch in addresses.chunks(BATCH) {
            let mut docs = Vec::with_capacity(batch.len());
            for &(_, address) in batch {
                let doc: TantivyDocument = searcher.doc(address)?;
                docs.push(doc);
            }
            let articles = self.article_meta(
                &searcher,
                docs.iter().filter_map(|doc| first_text(doc, f.article_id)),
            )?;
            for (&(score, _), doc) in batch.iter().zip(docs) {
                rank += 1;
                each(quote_hit(&doc, f, &articles, rank, score.0, &needles))
                    .map_err(output_error)?;
            }
        }
        Ok(rank)
    }

    /// The query of a passage search (text and filters, as
    /// [`Engine::search`] makes it), the needles to highlight and the query as read.
    pub(super) fn passage_query(
        &self,
        searcher: &Searcher,
        query: &str,
        filters: &Filters,
    ) -> Result<(BooleanQuery, Vec<Needle>, ParsedQuery)> {
        // read as a search reads it: an unspaced query as its words
        let reading = self.read_passage_query(searcher, query)?;
        let exact: Vec<String> = reading
            .split
            .iter()
            .map(|(whole, _)| whole.clone())
            .collect();
        let parsed = &reading.parsed;
        let text_query = self.text_query(searcher, parsed, &exact, Target::Passages, None, None)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        clauses.extend(self.filter_clauses(filters)?);
        let needles = needles_of(&parsed.include);
        Ok((BooleanQuery::new(clauses), needles, reading.parsed))
    }
}

/// A failed write of an exported hit (a closed pipe, a full disk).
fn output_error(source: std::io::Error) -> Error {
    Error::Io {
        path: "output".into(),
        source,
    }
}

fn needles_of(include: &[Item]) -> Vec<Needle> {
    include
        .iter()
        .flat_map(|item| item.texts())
        .filter_map(Item::needle)
        .collect()
}

/// A score that sorts (scores are never NaN, but a total order is needed).
#[derive(Debug, Clone, Copy, PartialEq)]
struct SortScore(Score);

/// Every match of `query` as (score, address), ordered by score (highest
/// first) or by day (newest first, or oldest first), ties in index order.
fn ordered_matches(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    oldest_first: bool,
) -> Result<Vec<(SortScore, DocAddress)>> {
    let scoring = sort == Sort::Relevance;
    let mut matches = searcher.search(query, &AllMatches { scoring })?;
    match sort {
        Sort::Relevance => {
            matches.sort_by(|a, b| b.0 .0.total_cmp(&a.0 .0).then_with(|| a.1.cmp(&b.1)))
        }
        Sort::Date => {
            // the day is the sort key; the score column carries nothing
            let mut keyed: Vec<(u64, DocAddress)> = Vec::with_capacity(matches.len());
            let mut columns: Vec<Option<Column<u64>>> = Vec::new();
            for segment in searcher.segment_readers() {
                columns.push(segment.fast_fields().u64(schema::DAY).ok());
            }
            for (_, address) in &matches {
                let day = columns
                    .get(address.segment_ord as usize)
                    .and_then(Option::as_ref)
                    .and_then(|column| column.first(address.doc_id))
                    .unwrap_or(0);
                keyed.push((day, *address));
            }
            drop(matches);
            if oldest_first {
                keyed.sort_unstable();
            } else {
                keyed.sort_unstable_by_key(|&(day, address)| (Reverse(day), address));
            }
            matches = keyed
                .into_iter()
                .map(|(_, address)| (SortScore(0.0), address))
                .collect();
        }
    }
    Ok(matches)
}

/// Collects every match with its score (or 0 without scoring).
struct AllMatches {
    scoring: bool,
}

struct SegmentMatches {
    segment_ord: SegmentOrdinal,
    matches: Vec<(SortScore, DocAddress)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(SortScore, DocAddress)>;
    type Child = SegmentMatches;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches {
            segment_ord,
            matches: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.scoring
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(SortScore, DocAddress)>>,
    ) -> tantivy::Result<Vec<(SortScore, DocAddress)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(SortScore, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches
            .push((SortScore(score), DocAddress::new(self.segment_ord, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.matches
    }
}
