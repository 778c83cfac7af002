//! A parsed query and filters → tantivy queries: each word or phrase a
//! required match on the recall index plus BM25 on its jieba words, the
//! proximity and title boosts, exclusions, and the province, speaker, role
//! and date filters. Runs no search (except looking words up in the term
//! dictionary) and reads no document: that is `passages` and `quotes`.

use std::ops::Bound;

use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::exact::ExactPhraseQuery;
use super::lazy::{AtLeastQuery, Combine, InRangeQuery, LazyQuery};
use super::prune::Ceiling;
use super::syntax::{item_label, parse, Item, ParsedQuery};
use super::understand::{self, Reading};
use super::vocabulary::{is_index_word, segment_with_terms, vocabulary_words};
use super::{Engine, Filters};
use crate::error::{Error, Result};
use crate::highlight::Needle;
use crate::index::recall::tokens::run_terms;
use crate::index::recall::{RecallNearQuery, RecallQuery, RecallSegments, QUOTE_TERM};
use crate::index::schema::Fields;
use crate::normalize::fold;

/// Weight of the proximity of a query's words in a passage's score (in the
/// order typed; in another order a little less, [`NEAR_OTHER_ORDER`]).
const NEAR_BOOST: f32 = 4.0;
/// Share of [`NEAR_BOOST`] earned by a query's words close together in the
/// reverse of the order typed (Chinese word order varies: 企业创新 / 创新企业).
const NEAR_OTHER_ORDER: f32 = 0.5;
/// Characters allowed between a query's words for them to count as close
/// (besides the words themselves): a sentence or two of news text (24, a
/// clause, missed words of one sentence: 0.03 less MRR@10 on the dev half;
/// 80 rather than 40 since one sentence holding every word earns a bonus of
/// its own, `passages`).
const NEAR_SLACK: u32 = 80;

/// Weight of the article title's BM25 in a passage's score, given to
/// passages that hold every word of the query themselves.
const TITLE_BOOST: f32 = 0.5;

/// Score added to a passage holding every word of the query: above any
/// passage missing one (BM25, proximity and title of a few words stay far
/// below it), so that "most words must match" only fills the list after them.
const ALL_WORDS_BONUS: f32 = 100.0;
/// Score added to a passage holding an unspaced word exactly as typed
/// (`understand`): first, before those holding its words apart.
const EXACT_BONUS: f32 = 100.0;

/// Clauses of a boolean query.
pub(super) type Clauses = Vec<(Occur, Box<dyn Query>)>;

/// Which documents a text query is for (also the OpenSearch backend's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Passages,
    Quotes,
}

impl Engine {
    /// How a passage search (and its export) reads `query`: an unspaced word
    /// the index does not know is cut by the index's own vocabulary.
    pub(super) fn read_passage_query(&self, searcher: &Searcher, query: &str) -> Result<Reading> {
        let field = self.fields().body;
        Ok(understand::read_with(
            parse(query)?,
            |word| is_index_word(searcher, field, word),
            |run| vocabulary_words(searcher, field, run),
        ))
    }

    /// The whole text part of a query: includes (most must match) and
    /// excludes; for passages also the ranking tiers: the strings in `exact`
    /// (unspaced words read as several, `understand`) held as typed, then
    /// every word held, then most of them. What its score can be at most
    /// goes into `ceiling` (passages only).
    pub(super) fn text_query(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        exact: &[String],
        target: Target,
        mut explain: Option<&mut Vec<String>>,
        mut ceiling: Option<&mut Ceiling>,
    ) -> Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut all_pieces: Vec<String> = Vec::new();
        for item in &parsed.include {
            let (lines, bound) = (explain.as_deref_mut(), ceiling.as_deref_mut());
            let (query, pieces) = self.item_query(searcher, item, target, lines, bound)?;
            all_pieces.extend(pieces);
            clauses.push((Occur::Should, query));
        }
        let words = clauses.len();
        let required = if words <= 1 { 1 } else { words - words / 3 };
        let include: Box<dyn Query> = if words == 1 {
            let one = BooleanQuery::with_minimum_required_clauses(clauses, required);
            Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(one))]))
        } else if required < words {
            // most of the words, each asked about one document at a time
            let clauses = clauses.into_iter().map(|(_, query)| query).collect();
            Box::new(AtLeastQuery::new(clauses, required))
        } else {
            Box::new(BooleanQuery::with_minimum_required_clauses(
                clauses, required,
            ))
        };
        let mut outer: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, include)];
        if target == Target::Passages {
            let segments = self.recall_segments(searcher)?;
            let mut optional = Vec::new();
            self.passage_tiers(
                searcher,
                parsed,
                exact,
                &all_pieces,
                &segments,
                &mut optional,
                explain.as_deref_mut(),
                ceiling,
            )?;
            if !optional.is_empty() {
                // they only add to the score: asked about the matches alone
                let optional = LazyQuery::new(optional, Combine::Sum);
                outer.push((Occur::Should, Box::new(optional)));
            }
        }
        for item in &parsed.exclude {
            let (query, _) = self.item_query(searcher, item, target, None, None)?;
            outer.push((Occur::MustNot, query));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!("exclude: {}", item_label(item)));
            }
        }
        Ok(Box::new(BooleanQuery::new(outer)))
    }

    /// The ranking clauses of a passage search, added to `optional` (each
    /// only adds to the score, with at most what it adds in `ceiling`): the
    /// exact strings, every word held (with the title boost), proximity in
    /// any order.
    #[allow(clippy::too_many_arguments)]
    fn passage_tiers(
        &self,
        searcher: &Searcher,
        parsed: &ParsedQuery,
        exact: &[String],
        all_pieces: &[String],
        segments: &RecallSegments,
        optional: &mut Vec<Box<dyn Query>>,
        mut explain: Option<&mut Vec<String>>,
        mut ceiling: Option<&mut Ceiling>,
    ) -> Result<()> {
        let f = self.fields();
        let words = parsed.include.len();
        for string in exact {
            let query = ConstScoreQuery::new(
                recall_query(run_terms(string), Target::Passages, segments),
                EXACT_BONUS,
            );
            optional.push(Box::new(query));
            if let Some(ceiling) = ceiling.as_deref_mut() {
                ceiling.add(EXACT_BONUS);
            }
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!("exact: {string} as typed (+{EXACT_BONUS})"));
            }
        }
        // every word held: the recall match of each item, all required (a
        // clause of its own only where most of the words are enough to match)
        let most_suffice = words - words / 3 < words;
        let mut title_for: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if most_suffice {
            let every: Vec<(Occur, Box<dyn Query>)> = parsed
                .include
                .iter()
                .map(|item| (Occur::Must, item_recall(item, segments)))
                .collect();
            let bonus = ALL_WORDS_BONUS;
            let every = BooleanQuery::new(every);
            if let Some(ceiling) = ceiling.as_deref_mut() {
                // only passages holding every word earn it
                ceiling.tier(Box::new(every.clone()), bonus);
            }
            title_for.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(every), bonus)),
            ));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!(
                    "all words: passages holding every word first (+{bonus}), then those holding most"
                ));
            }
        }
        if !all_pieces.is_empty() {
            // title matches weigh more: BM25 of the words in the article title,
            // which is indexed on the article's lead passage; only for a
            // passage that holds the words itself
            let titles: Vec<(Occur, Box<dyn Query>)> = all_pieces
                .iter()
                .map(|piece| {
                    let term = Term::from_field_text(f.title, piece);
                    if let Some(ceiling) = ceiling.as_deref_mut() {
                        ceiling.word(term.clone(), TITLE_BOOST, true);
                    }
                    let query: Box<dyn Query> =
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs));
                    (Occur::Should, query)
                })
                .collect();
            let boost = TITLE_BOOST;
            let boosted = BoostQuery::new(Box::new(BooleanQuery::new(titles)), boost);
            title_for.push((Occur::Should, Box::new(boosted)));
            if let Some(lines) = explain.as_deref_mut() {
                lines.push(format!(
                    "title: [{}] in the article title, on its lead passage when it holds every word itself (boost {boost})",
                    all_pieces.join(" ")
                ));
            }
        }
        if !title_for.is_empty() {
            optional.push(Box::new(BooleanQuery::new(title_for)));
        }

        // proximity: all words close together, on the character positions of
        // the recall index; in the order typed, or for a little less reversed
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
        if words > 1 && phrases.len() > 1 {
            let span: u32 = phrases.iter().map(|(_, len)| len).sum();
            let window = span + NEAR_SLACK;
            let labels: Vec<&str> = runs.iter().map(|run| String::as_str(run)).collect();
            let mut orders: Vec<Box<dyn Query>> = Vec::new();
            for (n, order) in orders_of(phrases.len()).into_iter().enumerate() {
                let ordered: Vec<(Vec<(u32, u32)>, u32)> =
                    order.iter().map(|&i| phrases[i].clone()).collect();
                let near = RecallNearQuery::new(ordered, window, segments.clone());
                let boost = if n == 0 {
                    NEAR_BOOST
                } else {
                    NEAR_BOOST * NEAR_OTHER_ORDER
                };
                if let Some(ceiling) = ceiling.as_deref_mut().filter(|_| n == 0) {
                    // every order has the same weight: the typed one's boost
                    // is the largest; the runs close together are every
                    // word held, unless a word is one of several
                    let most = boost * near.idf(searcher)?;
                    if parsed
                        .include
                        .iter()
                        .all(|item| matches!(item, Item::Text { .. }))
                    {
                        ceiling.add_in_tier(most);
                    } else {
                        ceiling.add(most);
                    }
                }
                orders.push(Box::new(BoostQuery::new(Box::new(near), boost)));
            }
            // the best order (a disjunction max without tie breaker): each
            // order scores a constant, the typed one the most, so the first
            // order that matches is the best and the others are not asked
            optional.push(Box::new(LazyQuery::new(orders, Combine::First)));
            if let Some(lines) = explain {
                lines.push(format!(
                    "proximity: {} within {window} characters, in this order (boost {NEAR_BOOST}) or reversed ({})",
                    labels.join(" "),
                    NEAR_BOOST * NEAR_OTHER_ORDER
                ));
            }
        }
        Ok(())
    }

    /// One item: recall match (required) + BM25 on its jieba pieces (what
    /// they add at most into `ceiling`).
    fn item_query(
        &self,
        searcher: &Searcher,
        item: &Item,
        target: Target,
        mut explain: Option<&mut Vec<String>>,
        mut ceiling: Option<&mut Ceiling>,
    ) -> Result<(Box<dyn Query>, Vec<String>)> {
        let f = self.fields();
        match item {
            Item::Any(items) => {
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    let (lines, bound) = (explain.as_deref_mut(), ceiling.as_deref_mut());
                    let (query, _) = self.item_query(searcher, item, target, lines, bound)?;
                    alternatives.push((Occur::Should, query));
                }
                Ok((Box::new(BooleanQuery::new(alternatives)), Vec::new()))
            }
            Item::Text { raw, runs, phrase } => {
                let mut recall: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                let mut rank: Vec<Box<dyn Query>> = Vec::new();
                let mut pieces = Vec::new();
                let segments = self.recall_segments(searcher)?;
                for terms in recall_terms(runs, *phrase) {
                    recall.push((Occur::Must, recall_query(terms, target, &segments)));
                }
                for run in runs {
                    let run_pieces = segment_with_terms(searcher, f.body, run);
                    for piece in &run_pieces {
                        // BM25 of the word's presence (its rarity and the
                        // passage's length), not of how often it is repeated:
                        // repetition favoured long passages over the short one
                        // that says it (`xtask rank-eval`)
                        let body = Term::from_field_text(f.body, piece);
                        if let Some(ceiling) = ceiling.as_deref_mut() {
                            ceiling.word(body.clone(), 1.0, false);
                        }
                        rank.push(Box::new(TermQuery::new(body, IndexRecordOption::Basic)));
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
                let mut recall: Box<dyn Query> = Box::new(BooleanQuery::new(recall));
                if *phrase && runs.len() > 1 {
                    let field = match target {
                        Target::Passages => f.body,
                        Target::Quotes => f.quote_chars,
                    };
                    recall = Box::new(ExactPhraseQuery::new(recall, field, Needle::new(runs)));
                }
                if target == Target::Quotes {
                    // quotes have no jieba field: rank by the recall phrase itself
                    return Ok((recall, pieces));
                }
                let recall = ConstScoreQuery::new(recall, 1.0);
                if let Some(ceiling) = ceiling {
                    ceiling.add(1.0);
                }
                let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                    vec![(Occur::Must, Box::new(recall))];
                if !rank.is_empty() {
                    // BM25 of the words, asked about the matches alone
                    let rank = LazyQuery::new(rank, Combine::Sum);
                    clauses.push((Occur::Should, Box::new(rank)));
                }
                Ok((Box::new(BooleanQuery::new(clauses)), pieces))
            }
        }
    }

    pub(super) fn filter_clauses(&self, filters: &Filters) -> Result<Vec<(Occur, Box<dyn Query>)>> {
        let f = self.fields();
        let (mut clauses, days) = self.filter_clauses_within(filters, &mut Ceiling::new(f.body))?;
        if let Some((from, to)) = days {
            let lower = Bound::Included(Term::from_field_u64(f.day, from));
            let upper = Bound::Included(Term::from_field_u64(f.day, to));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lower, upper))));
        }
        Ok(clauses)
    }

    /// The filter clauses but the dates, with what they add to a score at
    /// most into `ceiling`, and the first and last day asked for.
    pub(super) fn filter_clauses_within(
        &self,
        filters: &Filters,
        ceiling: &mut Ceiling,
    ) -> Result<(Clauses, Option<(u64, u64)>)> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut filter_term = |field: Field, text: &str| {
            ceiling.capped(Term::from_field_text(field, text), 1.0, false);
            term_query(field, text)
        };
        if !filters.provinces.is_empty() {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for short in filters.short_provinces()? {
                any.push((Occur::Should, filter_term(f.province, short)));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(speaker) = filters
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            clauses.push((Occur::Must, filter_term(f.speaker, &fold(speaker))));
        }
        if let Some(role) = filters.role {
            clauses.push((Occur::Must, filter_term(f.role, role.as_str())));
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
        let days =
            (from.is_some() || to.is_some()).then(|| (from.unwrap_or(0), to.unwrap_or(u64::MAX)));
        Ok((clauses, days))
    }

    /// `query` kept to the days `days` (the first and last), with the
    /// constant score of a range filter (1) added, and into `ceiling`.
    pub(super) fn in_days(
        &self,
        query: Box<dyn Query>,
        days: Option<(u64, u64)>,
        ceiling: &mut Ceiling,
    ) -> Box<dyn Query> {
        match days {
            Some((from, to)) => {
                ceiling.add(1.0);
                ceiling.range(crate::index::schema::DAY, from, to);
                Box::new(InRangeQuery::new(
                    query,
                    crate::index::schema::DAY,
                    from,
                    to,
                ))
            }
            None => query,
        }
    }
}

/// `2024`, `2024-03`, `2024-03-05` → the first (or last) day number.
pub(crate) fn date_bound(date: &str, upper: bool) -> Result<u64> {
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
    // a lower bound starts at day 0 of month 0: articles dated by their
    // year or month only are indexed there (`index::day_number`)
    let month = month.unwrap_or(if upper { 12 } else { 0 });
    let day = day.unwrap_or(if upper { 31 } else { 0 });
    Ok(year * 10_000 + month * 100 + day)
}

pub(super) fn kind_query(f: &Fields, kind: &str) -> Box<dyn Query> {
    term_query(f.kind, kind)
}

pub(super) fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// The recall phrases an item's text must all contain: each run on its own
/// for a word, the whole phrase for a quoted phrase of several runs, so that
/// `"绿色生产,助力"` is matched exactly in the index and every count agrees
/// with the hits.
fn recall_terms(runs: &[String], phrase: bool) -> Vec<Vec<(u32, u32)>> {
    if phrase && runs.len() > 1 {
        return vec![crate::index::recall::tokens::phrase_terms(runs)];
    }
    runs.iter()
        .map(|run| crate::index::recall::tokens::run_terms(run))
        .collect()
}

/// Exact substring match of recall terms (a run's or a phrase's, see
/// `index::recall`): the phrase of its characters, where a common pair
/// stands for its two characters; or the one term.
fn recall_query(
    mut terms: Vec<(u32, u32)>,
    target: Target,
    segments: &RecallSegments,
) -> Box<dyn Query> {
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

/// The recall match of one item (every run of a text; any alternative).
fn item_recall(item: &Item, segments: &RecallSegments) -> Box<dyn Query> {
    match item {
        Item::Text { runs, .. } => Box::new(BooleanQuery::new(
            runs.iter()
                .map(|run| {
                    (
                        Occur::Must,
                        recall_query(run_terms(run), Target::Passages, segments),
                    )
                })
                .collect(),
        )),
        Item::Any(items) => Box::new(BooleanQuery::new(
            items
                .iter()
                .map(|item| (Occur::Should, item_recall(item, segments)))
                .collect(),
        )),
    }
}

/// The orders in which `n` words are looked for close together, the typed
/// one first, then the reverse (each order is one more pass over the
/// positions of the matching passages: every order of three words made
/// three-word queries ten times slower for no gain on the evaluation).
fn orders_of(n: usize) -> Vec<Vec<usize>> {
    let typed: Vec<usize> = (0..n).collect();
    let reversed: Vec<usize> = typed.iter().rev().copied().collect();
    if n < 2 {
        return vec![typed];
    }
    vec![typed, reversed]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_order_first_then_the_reverse() {
        assert_eq!(orders_of(1), vec![vec![0]]);
        assert_eq!(orders_of(2), vec![vec![0, 1], vec![1, 0]]);
        assert_eq!(orders_of(3), vec![vec![0, 1, 2], vec![2, 1, 0]]);
    }

    #[test]
    fn date_bounds() {
        assert_eq!(date_bound("2024", false).unwrap(), 20240000);
        assert_eq!(date_bound("2024-03", true).unwrap(), 20240331);
        assert_eq!(date_bound("2024-03-05", false).unwrap(), 20240305);
        assert!(date_bound("2024-13", false).is_err());
        assert!(date_bound("yesterday", false).is_err());
    }
}
