//! Passage search: the ranked passages of a query, their reprints and
//! versions collapsed (`dedup`; the stored key is read here), the exact
//! phrases checked, highlight ranges and a snippet, and the explain lines.

use std::collections::{HashMap, HashSet};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Order, Searcher};

use super::build::{kind_query, Target};
use super::prune::{self, Ceiling, Met};
use super::stored::{all_texts, first_text, ArticleMeta};
use super::syntax::{item_label, Item, ParsedQuery};
use super::total;
use super::{cache, check_paging, Engine, SearchRequest, SearchResults, Sort};
use crate::cancel;
use crate::dedup;
use crate::error::Result;
use crate::highlight::{self, Needle};
use crate::index::facets::{FacetCounter, Tally};
use crate::index::schema::{self, Fields};
use crate::model::Hit;

/// Fewest ranked passages a collapsed page starts from. A text reprinted by
/// many papers (a Xinhua report, a State Council notice) fills a short list
/// with its copies, and a page that comes up short runs the whole search
/// again for four times as many; on eight copies of the news corpus every
/// first page did (`cargo xtask bench-growth`). A longer list costs a few
/// column reads per passage and no more evaluation.
const COLLAPSE_FETCH: usize = 200;

/// Ranked passages of a query of several words that are read again to see
/// whether one sentence holds every word (and those tied with the last).
pub(super) const SENTENCE_DEPTH: usize = 30;
/// Score added to a passage among the first [`SENTENCE_DEPTH`] in which one
/// sentence holds every word of the query: a reader recalls a passage by
/// words of one of its sentences, and the proximity window (`build`) both
/// misses a long sentence and spans two short ones. Below the tiers (100):
/// it orders passages within one (`cargo xtask rank-eval --split dev`, seeds
/// 20–22: MRR@10 of 2 words 0.493 → 0.513 on average, 3 words 0.798 → 0.811).
const SENTENCE_BONUS: f32 = 8.0;

impl Engine {
    /// Ranked passages.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        check_paging(request.limit, request.offset)?;
        let searcher = self.reader.searcher();
        let f = self.fields();
        let reading = self.read_passage_query(&searcher, &request.query)?;
        let parsed = &reading.parsed;
        let exact: Vec<String> = reading
            .split
            .iter()
            .map(|(whole, _)| whole.clone())
            .collect();
        let mut explain = request.explain.then(|| reading.explain());
        let (query, ceiling) =
            self.ranked_query(&searcher, parsed, &exact, request, explain.as_mut())?;

        let needles: Vec<Needle> = parsed
            .include
            .iter()
            .flat_map(|item| item.texts())
            .filter_map(Item::needle)
            .collect();
        let groups = sentence_groups(parsed, request.sort);
        let wanted = request.offset + request.limit;
        let mut fetch = if request.collapse {
            (wanted * 3 + 10).max(COLLAPSE_FETCH)
        } else {
            wanted
        };
        if !groups.is_empty() {
            // every page reorders the same first passages
            fetch = fetch.max(SENTENCE_DEPTH);
            if let Some(lines) = explain.as_mut() {
                lines.push(format!(
                    "sentence: among the first {SENTENCE_DEPTH}, passages with every word in one sentence (+{SENTENCE_BONUS})"
                ));
            }
        }
        // one pass for the count, the facets and the first page; the facets
        // of the previous page of this search are not counted again
        let generation = searcher.generation().generation_id();
        let facet_key = cache::FacetKey {
            query: request.query.clone(),
            filters: format!("{:?}", request.filters),
        };
        let cached = request
            .facets
            .then(|| self.cached_facets(generation, &facet_key))
            .flatten();
        let facet_collector = (request.facets && cached.is_none()).then_some(FacetCounter);
        let (total, total_exact, mut ranked, facets) = match (&ceiling, request.sort) {
            (Some(ceiling), _) => {
                // the facets (and the exact total) over every match, unscored
                let counted = match facet_collector {
                    Some(collector) => {
                        let (total, tally) = searcher.search(&query, &(Count, collector))?;
                        Some((total, Some(tally.into_counts())))
                    }
                    None => None,
                };
                // the walk counts the estimate's sample too, unless the
                // total is counted anyway
                let sampled = counted.is_none() && !request.count;
                let (ranked, met) =
                    prune::top_k(&searcher, &query, ceiling, fetch.max(1), sampled)?;
                let (total, exact, facets) = match (counted, met) {
                    (Some((total, facets)), _) => (total, true, facets),
                    // every match was met on the way
                    (None, Met::Every(met)) => (met, true, None),
                    (None, Met::Sampled(tally)) => match tally.estimate() {
                        Some(estimate) => (estimate, false, None),
                        // few enough, as the sample says: counted
                        None => {
                            let (total, exact) = total::total(&searcher, &query, ceiling, true)?;
                            (total, exact, None)
                        }
                    },
                    (None, Met::Unknown) => {
                        let (total, exact) =
                            total::total(&searcher, &query, ceiling, request.count)?;
                        (total, exact, None)
                    }
                };
                (total, exact, ranked, facets)
            }
            (None, Sort::Relevance) => {
                let (total, ranked, facets) = searcher.search(
                    &query,
                    &(
                        Count,
                        TopDocs::with_limit(fetch.max(1)).order_by_score(),
                        facet_collector,
                    ),
                )?;
                (total, true, ranked, facets.map(Tally::into_counts))
            }
            (None, Sort::Date) => {
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
                (total, true, ranked, facets.map(Tally::into_counts))
            }
        };
        let (total, total_exact, facets) = match (facets, cached) {
            (Some(facets), _) => {
                let counted = cache::Counted {
                    total,
                    facets: facets.clone(),
                };
                self.keep_facets(generation, facet_key, counted);
                (total, true, Some(facets))
            }
            // the next page of a search counted with its facets
            (None, Some(counted)) => (counted.total, true, Some(counted.facets)),
            (None, None) => (total, total_exact, None),
        };
        let mut dup_columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let mut day_columns: HashMap<u32, tantivy::columnar::Column<u64>> = HashMap::new();
        let mut docs: HashMap<DocAddress, TantivyDocument> = HashMap::new();
        sentence_rerank(&searcher, f, &groups, &mut ranked, &mut docs)?;
        let mut shingles: HashMap<DocAddress, Vec<u64>> = HashMap::new();
        let mut kept: Vec<(f32, DocAddress, usize)>;
        loop {
            let exhausted = ranked.len() < fetch;
            kept = if request.collapse {
                dedup::collapse(
                    &ranked,
                    wanted,
                    &mut shingles,
                    |address| {
                        // the caller may have given up (HTTP deadline, client gone)
                        cancel::checkpoint()?;
                        column_value(&searcher, &mut dup_columns, schema::DUP, address)
                            .map(|dup| dup.unwrap_or(u64::from(address.doc_id)))
                    },
                    |address| {
                        column_value(&searcher, &mut day_columns, schema::DAY, address)
                            .map(Option::unwrap_or_default)
                    },
                    |address| {
                        let doc = match docs.entry(address) {
                            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(searcher.doc(address)?)
                            }
                        };
                        Ok(dedup::pair_shingles(
                            &first_text(doc, f.body).unwrap_or_default(),
                        ))
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
            cancel::checkpoint()?;
            ranked = match &ceiling {
                Some(ceiling) => prune::top_k(&searcher, &query, ceiling, fetch, false)?.0,
                None => self.ranked(&searcher, &query, fetch, request.sort)?,
            };
            sentence_rerank(&searcher, f, &groups, &mut ranked, &mut docs)?;
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
            page.push((score, similar, doc, text));
        }
        let articles = self.article_meta(
            &searcher,
            page.iter()
                .filter_map(|(_, _, doc, _)| first_text(doc, f.article_id)),
        )?;
        let mut hits = Vec::new();
        for (score, similar, doc, text) in page {
            let article_id = first_text(&doc, f.article_id).unwrap_or_default();
            let article = articles.get(&article_id).cloned().unwrap_or_default();
            if let Some(lines) = explain.as_mut() {
                lines.push(explain_hit(hits.len() + 1, &article.title, &text, parsed));
            }
            let rank = request.offset + hits.len() + 1;
            let mut hit = passage_hit(&doc, f, article, text, &needles, rank, score);
            hit.similar = similar;
            hits.push(hit);
        }
        Ok(SearchResults {
            total,
            total_exact,
            hits,
            facets,
            explain,
        })
    }

    /// The query of a passage search, and the ceiling of its scores when
    /// its first pages may skip matches (a ranked search of words, `prune`;
    /// the others rank every match).
    fn ranked_query(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        exact: &[String],
        request: &SearchRequest,
        explain: Option<&mut Vec<String>>,
    ) -> Result<(Box<dyn Query>, Option<Ceiling>)> {
        let f = self.fields();
        let mut ceiling = Ceiling::new(f.body);
        let text_query = self.text_query(
            searcher,
            parsed,
            exact,
            Target::Passages,
            explain,
            Some(&mut ceiling),
        )?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        if parsed.include.is_empty() {
            // otherwise every match is a passage: only passages have passage
            // recall terms, and the kind filter would be seeked for each hit
            clauses.push((Occur::Must, kind_query(f, schema::KIND_PASSAGE)));
        }
        let (filters, days) = self.filter_clauses_within(&request.filters, &mut ceiling)?;
        clauses.extend(filters);
        let query = self.in_days(Box::new(BooleanQuery::new(clauses)), days, &mut ceiling);
        let prunable = request.sort == Sort::Relevance && !parsed.include.is_empty();
        Ok((query, prunable.then_some(ceiling)))
    }

    /// The first `k` passages of a ranked search as (score, passage id),
    /// before the sentence bonus and the collapse: those [`Engine::search`]
    /// starts from (skipping the matches that cannot enter them), or with
    /// `every_match` those of scoring every match. For the test that
    /// compares the two (`tests/prune.rs`), not for callers.
    #[doc(hidden)]
    pub fn first_passages(
        &self,
        request: &SearchRequest,
        k: usize,
        every_match: bool,
    ) -> Result<Vec<(f32, String)>> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let reading = self.read_passage_query(&searcher, &request.query)?;
        let exact: Vec<String> = reading.split.iter().map(|(w, _)| w.clone()).collect();
        let (query, ceiling) =
            self.ranked_query(&searcher, &reading.parsed, &exact, request, None)?;
        let ranked = match ceiling.filter(|_| !every_match) {
            Some(ceiling) => prune::top_k(&searcher, &query, &ceiling, k.max(1), false)?.0,
            None => self.ranked(&searcher, &query, k, request.sort)?,
        };
        let mut first = Vec::with_capacity(ranked.len());
        for (score, address) in ranked {
            let doc: TantivyDocument = searcher.doc(address)?;
            first.push((score, first_text(&doc, f.passage_id).unwrap_or_default()));
        }
        Ok(first)
    }

    /// The total of a ranked search as a walk of its own counts it
    /// (exactly, or estimated from its sample past 2,000 matches), for a
    /// search whose first pages skip matches; `None` for the others. For
    /// the test that compares it with the total the search itself gives
    /// (`tests/prune.rs`), not for callers.
    #[doc(hidden)]
    pub fn total_of_its_own(&self, request: &SearchRequest) -> Result<Option<(usize, bool)>> {
        let searcher = self.reader.searcher();
        let reading = self.read_passage_query(&searcher, &request.query)?;
        let exact: Vec<String> = reading.split.iter().map(|(w, _)| w.clone()).collect();
        let (query, ceiling) =
            self.ranked_query(&searcher, &reading.parsed, &exact, request, None)?;
        match ceiling {
            Some(ceiling) => Ok(Some(total::total(
                &searcher,
                &query,
                &ceiling,
                request.count,
            )?)),
            None => Ok(None),
        }
    }

    fn cached_facets(&self, generation: u64, key: &cache::FacetKey) -> Option<cache::Counted> {
        let mut cache = self.facets.lock().unwrap_or_else(|e| e.into_inner());
        cache.get(generation, key)
    }

    fn keep_facets(&self, generation: u64, key: cache::FacetKey, counts: cache::Counted) {
        let mut cache = self.facets.lock().unwrap_or_else(|e| e.into_inner());
        cache.put(generation, key, counts);
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
}

/// Per word of a query of several words ranked by relevance, its needles
/// (one, or its alternatives), for [`sentence_rerank`]; none otherwise.
pub(super) fn sentence_groups(parsed: &ParsedQuery, sort: Sort) -> Vec<Vec<Needle>> {
    if parsed.include.len() < 2 || sort != Sort::Relevance {
        return Vec::new();
    }
    parsed
        .include
        .iter()
        .map(|item| item.texts().into_iter().filter_map(Item::needle).collect())
        .collect()
}

/// Adds [`SENTENCE_BONUS`] to the first [`SENTENCE_DEPTH`] passages of
/// `ranked` (and those tied with the last of them) in which one sentence
/// holds a match of every group, and orders them again; the documents read
/// are kept in `docs` for the page. Nothing to do without groups.
pub(super) fn sentence_rerank(
    searcher: &Searcher,
    f: &Fields,
    groups: &[Vec<Needle>],
    ranked: &mut [(f32, DocAddress)],
    docs: &mut HashMap<DocAddress, TantivyDocument>,
) -> Result<()> {
    if groups.is_empty() || ranked.is_empty() {
        return Ok(());
    }
    let last = ranked[ranked.len().min(SENTENCE_DEPTH) - 1].0;
    let depth = ranked.partition_point(|&(score, _)| score >= last);
    for (score, address) in &mut ranked[..depth] {
        let doc = match docs.entry(*address) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(searcher.doc(*address)?),
        };
        let text = first_text(doc, f.body).unwrap_or_default();
        if highlight::one_sentence_holds(&text, groups) {
            *score += SENTENCE_BONUS;
        }
    }
    // stable: ties keep the engine's order (score, then address)
    ranked[..depth].sort_by(|a, b| b.0.total_cmp(&a.0));
    Ok(())
}

/// A passage's value in a number column: its stored reprint key
/// ([`schema::DUP`], [`dedup::dup_key`]) or its day ([`schema::DAY`]), each
/// segment's column opened once.
fn column_value(
    searcher: &Searcher,
    columns: &mut HashMap<u32, tantivy::columnar::Column<u64>>,
    name: &str,
    address: DocAddress,
) -> Result<Option<u64>> {
    let column = match columns.entry(address.segment_ord) {
        std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
        std::collections::hash_map::Entry::Vacant(e) => {
            let segment = searcher.segment_reader(address.segment_ord);
            e.insert(segment.fast_fields().u64(name)?)
        }
    };
    Ok(column.first(address.doc_id))
}

/// A hit's heading path, and for a law's 条 the item its first match in an
/// item lies in.
pub(crate) fn hit_path(
    mut path: Vec<String>,
    text: &str,
    highlights: &[[usize; 2]],
) -> Vec<String> {
    let item =
        match_offsets(text, highlights).find_map(|at| crate::split::item_of_match(&path, text, at));
    if let Some(item) = item {
        path.push(item.to_string());
    }
    path
}

/// For a match in an item of a 条, the 条's lead sentence in the passage,
/// when the snippet does not show it.
pub(crate) fn item_lead(text: &str, highlights: &[[usize; 2]], snippet: &str) -> Option<String> {
    match_offsets(text, highlights)
        .find_map(|at| crate::split::lead_of_item(text, at))
        .filter(|lead| !snippet.contains(lead))
        .map(str::to_string)
}

/// The byte offsets in `text` of the matches' first characters.
fn match_offsets<'a>(
    text: &'a str,
    highlights: &'a [[usize; 2]],
) -> impl Iterator<Item = usize> + 'a {
    let mut chars = text.char_indices().enumerate();
    highlights
        .iter()
        .filter_map(move |[start, _]| chars.find(|(i, _)| i == start).map(|(_, (at, _))| at))
}

/// The explain line of one hit: which items its text and its title contain.
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

/// A passage document as a hit: its stored fields, its article's title,
/// date, source and url, the matches of `needles` in `text` (its stored
/// text) with the best snippet, and its heading path; `similar` is 0.
pub(super) fn passage_hit(
    doc: &TantivyDocument,
    f: &Fields,
    article: ArticleMeta,
    text: String,
    needles: &[Needle],
    rank: usize,
    score: f32,
) -> Hit {
    let highlights = highlight::find(&text, needles);
    let (snippet, snippet_highlights) = highlight::snippet(&text, &highlights);
    Hit {
        rank,
        score,
        passage_id: first_text(doc, f.passage_id).unwrap_or_default(),
        article_id: first_text(doc, f.article_id).unwrap_or_default(),
        title: article.title,
        date: article.date,
        source: article.source,
        url: article.url,
        province: all_texts(doc, f.province),
        section: first_text(doc, f.section),
        path: hit_path(all_texts(doc, f.path), &text, &highlights),
        lead: first_text(doc, f.lead).or_else(|| item_lead(&text, &highlights, &snippet)),
        speakers: all_texts(doc, f.speaker),
        text,
        snippet,
        highlights,
        snippet_highlights,
        similar: 0,
    }
}
