//! Clauses that only add to a score, asked about one document at a time:
//! [`LazyQuery`] sums (or takes the first of) the scores of its clauses
//! that match the document the rest of the query stands on, and looks at no
//! other. tantivy's union of optional clauses fills windows of 4,096
//! documents from every clause, so a proximity or an exact-string bonus was
//! evaluated on every document near a match, not only on the matches asked
//! about; a top-k that skips documents (`prune`) would still pay for them.
//!
//! It matches every document (score 0 where no clause does), so it belongs
//! beside a required clause, never alone. The score is the one tantivy's
//! union gives: the clauses' scores added from 0 in clause order (the sum),
//! or the largest of them (a disjunction max without tie breaker: the first
//! that matches, of constant scores in decreasing order), and 0 added where
//! none matches changes no sum.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

use crate::index::recall::{resume, seek_one};

/// How the scores of the matching clauses combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Combine {
    Sum,
    /// the score of the first clause that matches, the others not asked:
    /// the largest, for clauses whose scores are constants in decreasing
    /// order (the orders of a proximity)
    First,
}

/// Optional clauses scored lazily (see the module).
pub(super) struct LazyQuery {
    clauses: Vec<Box<dyn Query>>,
    combine: Combine,
}

impl LazyQuery {
    pub(super) fn new(clauses: Vec<Box<dyn Query>>, combine: Combine) -> LazyQuery {
        LazyQuery { clauses, combine }
    }
}

impl Clone for LazyQuery {
    fn clone(&self) -> LazyQuery {
        LazyQuery {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
            combine: self.combine,
        }
    }
}

impl fmt::Debug for LazyQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lazy{:?}({:?})", self.combine, self.clauses)
    }
}

impl Query for LazyQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = if enable_scoring.is_scoring_enabled() {
            self.clauses
                .iter()
                .map(|clause| clause.weight(enable_scoring))
                .collect::<tantivy::Result<_>>()?
        } else {
            // unscored, it matches every document and adds nothing
            Vec::new()
        };
        Ok(Box::new(LazyWeight {
            weights,
            combine: self.combine,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct LazyWeight {
    weights: Vec<Box<dyn Weight>>,
    combine: Combine,
}

impl Weight for LazyWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // asked even about its first document: a scorer may start on a
        // lower bound of its first match (`RecallNearQuery`)
        let clauses = clauses_of(&self.weights, reader, boost, false)?;
        Ok(Box::new(LazyScorer {
            clauses,
            combine: self.combine,
            doc: 0,
            max_doc: reader.max_doc(),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        scorer.seek(doc);
        Ok(Explanation::new("optional clauses", scorer.score()))
    }
}

/// One clause's scorer, where it stands: on a match (`valid`) or, after a
/// failed `seek_danger`, on a lower bound of its next match.
pub(super) struct Clause {
    pub(super) scorer: Box<dyn Scorer>,
    pub(super) at: DocId,
    pub(super) valid: bool,
}

/// The scorers of `weights` in `reader` that match anything, as clauses
/// standing on their first document (a match if `valid`).
fn clauses_of(
    weights: &[Box<dyn Weight>],
    reader: &SegmentReader,
    boost: Score,
    valid: bool,
) -> tantivy::Result<Vec<Clause>> {
    let mut clauses = Vec::with_capacity(weights.len());
    for weight in weights {
        let scorer = weight.scorer(reader, boost)?;
        let at = scorer.doc();
        if at != TERMINATED {
            clauses.push(Clause { scorer, at, valid });
        }
    }
    Ok(clauses)
}

impl Clause {
    /// Whether the clause matches `doc` (asked in increasing order).
    pub(super) fn matches(&mut self, doc: DocId) -> bool {
        let scorer = &mut self.scorer;
        let asked = seek_one(&mut self.at, &mut self.valid, doc, |doc| {
            match scorer.seek_danger(doc) {
                SeekDangerResult::Found => Ok(()),
                SeekDangerResult::SeekLowerBound(next) => Err(next),
            }
        });
        asked == SeekDangerResult::Found
    }

    /// The first match `>= doc`, the scorer standing on it.
    pub(super) fn first_from(&mut self, doc: DocId) -> DocId {
        if self.valid {
            if self.at < doc {
                self.at = self.scorer.seek(doc);
            }
            return self.at;
        }
        let mut doc = doc.max(self.at);
        while doc < TERMINATED && !self.matches(doc) {
            doc = self.at;
        }
        doc.min(TERMINATED)
    }
}

struct LazyScorer {
    clauses: Vec<Clause>,
    combine: Combine,
    doc: DocId,
    max_doc: DocId,
}

impl DocSet for LazyScorer {
    fn advance(&mut self) -> DocId {
        self.seek(self.doc.saturating_add(1))
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.doc = if target >= self.max_doc {
            TERMINATED
        } else {
            target.max(self.doc)
        };
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.max_doc
    }
}

impl Scorer for LazyScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        for clause in &mut self.clauses {
            if clause.matches(doc) {
                let value = clause.scorer.score();
                match self.combine {
                    Combine::Sum => score += value,
                    Combine::First => return value,
                }
            }
        }
        score
    }
}

/// Documents matching at least `needed` of its clauses (most of a query's
/// words), scored by the sum of the matching clauses' scores in clause
/// order. Unlike tantivy's (a heap of the clauses, walked one match at a
/// time), it asks the clauses about one document with `seek_danger`, so
/// that a top-k that skips documents (`prune`) pays only for those it asks
/// about.
pub(super) struct AtLeastQuery {
    clauses: Vec<Box<dyn Query>>,
    needed: usize,
}

impl AtLeastQuery {
    pub(super) fn new(clauses: Vec<Box<dyn Query>>, needed: usize) -> AtLeastQuery {
        AtLeastQuery { clauses, needed }
    }
}

impl Clone for AtLeastQuery {
    fn clone(&self) -> AtLeastQuery {
        AtLeastQuery {
            clauses: self.clauses.iter().map(|q| q.box_clone()).collect(),
            needed: self.needed,
        }
    }
}

impl fmt::Debug for AtLeastQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AtLeast({}, {:?})", self.needed, self.clauses)
    }
}

impl Query for AtLeastQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|clause| clause.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(AtLeastWeight {
            weights,
            needed: self.needed,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct AtLeastWeight {
    weights: Vec<Box<dyn Weight>>,
    needed: usize,
}

impl Weight for AtLeastWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let clauses = clauses_of(&self.weights, reader, boost, true)?;
        // the rarest clauses are asked first: a document missing them is
        // given up before the others are asked
        let mut order: Vec<usize> = (0..clauses.len()).collect();
        order.sort_by_key(|&i| clauses[i].scorer.cost());
        let mut scorer = AtLeastScorer {
            order,
            clauses,
            needed: self.needed.max(1),
            doc: 0,
            valid: false,
            positions: Vec::new(),
        };
        scorer.seek(0);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} matches fewer than {} clauses",
                self.needed
            )));
        }
        Ok(Explanation::new("most clauses", scorer.score()))
    }
}

struct AtLeastScorer {
    clauses: Vec<Clause>,
    /// the clauses in the order they are asked, rarest first (their scores
    /// are added in clause order)
    order: Vec<usize>,
    needed: usize,
    /// the current match, or a lower bound of the next one (not `valid`)
    doc: DocId,
    valid: bool,
    positions: Vec<DocId>,
}

impl AtLeastScorer {
    /// Whether `doc` matches enough clauses; `Err(next)`: no match before `next`.
    fn check(&mut self, doc: DocId) -> std::result::Result<(), DocId> {
        self.positions.clear();
        let mut found = 0;
        let mut left = self.clauses.len();
        for &i in &self.order {
            let clause = &mut self.clauses[i];
            left -= 1;
            if clause.matches(doc) {
                found += 1;
                self.positions.push(doc + 1);
            } else {
                self.positions.push(clause.at);
                if found + left < self.needed {
                    // too few left to match: the others may match from `doc` on
                    for &j in self.order.iter().rev().take(left) {
                        self.positions.push(self.clauses[j].at.max(doc));
                    }
                    break;
                }
            }
        }
        if found >= self.needed {
            return Ok(());
        }
        // the next document where enough clauses may match
        if self.positions.len() < self.needed {
            return Err(TERMINATED);
        }
        self.positions.sort_unstable();
        Err(self.positions[self.needed - 1].max(doc + 1))
    }
}

impl AtLeastScorer {
    /// On to the next match (`None`) or the first `>= target`.
    fn walk(&mut self, target: Option<DocId>) -> DocId {
        let Some(mut candidate) = resume(self.doc, self.valid, target) else {
            return self.doc;
        };
        while candidate < TERMINATED {
            match self.check(candidate) {
                Ok(()) => break,
                Err(next) => candidate = next,
            }
        }
        (self.doc, self.valid) = (candidate.min(TERMINATED), true);
        self.doc
    }
}

impl DocSet for AtLeastScorer {
    fn advance(&mut self) -> DocId {
        self.walk(None)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.walk(Some(target))
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let (mut doc, mut valid) = (self.doc, self.valid);
        let result = seek_one(&mut doc, &mut valid, target, |target| self.check(target));
        (self.doc, self.valid) = (doc, valid);
        result
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.clauses
            .iter()
            .map(|c| c.scorer.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for AtLeastScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        for clause in &mut self.clauses {
            if clause.at == doc && clause.valid {
                score += clause.scorer.score();
            }
        }
        score
    }
}

/// The matches of `inner` whose `field` column holds a number in
/// `low..=high`, scored one more (as with tantivy's range query on a fast
/// field beside it). The column is read for the matches of `inner` alone:
/// tantivy's range query scans the column for its own matches, up to
/// 100,000 documents at a time, so that a narrow range (one month of twenty
/// years) asked about the scattered matches of a top-k or a sampled count
/// scanned the index over and over.
pub(super) struct InRangeQuery {
    inner: Box<dyn Query>,
    field: String,
    low: u64,
    high: u64,
}

impl InRangeQuery {
    pub(super) fn new(inner: Box<dyn Query>, field: &str, low: u64, high: u64) -> InRangeQuery {
        InRangeQuery {
            inner,
            field: field.to_string(),
            low,
            high,
        }
    }
}

impl Clone for InRangeQuery {
    fn clone(&self) -> InRangeQuery {
        InRangeQuery {
            inner: self.inner.box_clone(),
            field: self.field.clone(),
            low: self.low,
            high: self.high,
        }
    }
}

impl fmt::Debug for InRangeQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "InRange({}, {}..={}, {:?})",
            self.field, self.low, self.high, self.inner
        )
    }
}

impl Query for InRangeQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(InRangeWeight {
            inner: self.inner.weight(enable_scoring)?,
            field: self.field.clone(),
            low: self.low,
            high: self.high,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a tantivy::Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct InRangeWeight {
    inner: Box<dyn Weight>,
    field: String,
    low: u64,
    high: u64,
}

impl Weight for InRangeWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let column = reader.fast_fields().u64(&self.field)?;
        if column.max_value() < self.low || column.min_value() > self.high {
            // no value of this segment in the range
            return Ok(Box::new(tantivy::query::EmptyScorer));
        }
        let mut scorer = InRangeScorer {
            inner: self.inner.scorer(reader, boost)?,
            column,
            low: self.low,
            high: self.high,
            boost,
        };
        let first = scorer.inner.doc();
        scorer.settle(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match or is not in {}..={}",
                self.low, self.high
            )));
        }
        Ok(Explanation::new("in range", scorer.score()))
    }
}

struct InRangeScorer {
    inner: Box<dyn Scorer>,
    column: tantivy::columnar::Column<u64>,
    low: u64,
    high: u64,
    boost: Score,
}

impl InRangeScorer {
    fn holds(&self, doc: DocId) -> bool {
        self.column
            .values_for_doc(doc)
            .any(|value| self.low <= value && value <= self.high)
    }

    /// From `doc`, the inner scorer's match, on to the first in range.
    fn settle(&mut self, mut doc: DocId) -> DocId {
        while doc < TERMINATED && !self.holds(doc) {
            doc = self.inner.advance();
        }
        doc
    }
}

impl DocSet for InRangeScorer {
    fn advance(&mut self) -> DocId {
        let doc = self.inner.advance();
        self.settle(doc)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.inner.seek(target);
        self.settle(doc)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        match self.inner.seek_danger(target) {
            SeekDangerResult::Found if self.holds(target) => SeekDangerResult::Found,
            // the inner scorer is on `target`: its next match is after it
            SeekDangerResult::Found => SeekDangerResult::SeekLowerBound(target + 1),
            other => other,
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for InRangeScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.boost
    }
}
