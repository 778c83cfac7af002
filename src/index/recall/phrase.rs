//! Exact matching of a run of query characters: [`RecallQuery`], the
//! tantivy query of a phrase of recall terms, its weight and its two
//! scorers (one term's list walked lazily, or the precomputed matches of a
//! phrase). It does not open lists (`reader`, `union`) nor make the terms
//! of a run (`tokens`); proximity of several runs is `near`'s.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use tantivy::index::SegmentId;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};

use tantivy::{
    DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, TantivyError, TERMINATED,
};

use super::reader::RecallSegments;
use super::union::TermCursor;

/// The first document from the one asked about (itself if it may) that may
/// still matter to the caller of a walk over the segment (a top-k: that
/// could still enter it; a sampled count: in the sample); a phrase is not
/// checked on the others and does not match them, and its driving list is
/// sought past them (skipping whole blocks) rather than walked.
pub type Gate = Rc<dyn Fn(DocId) -> DocId>;

thread_local! {
    static GATE: RefCell<Option<Gate>> = const { RefCell::new(None) };
}

/// Runs `walk` with `gate` asked, on this thread, before a phrase of several
/// terms is checked on a document of its rarest term: the positions of the
/// other terms are read only for the documents it lets through. Only for a
/// walk over one segment's scorers (made before it or in it: making a
/// scorer finds its first match), whose answers on the
/// documents the gate turns away do not matter (they cannot enter a top-k:
/// a phrase not matched only lowers a score, or lets through a document an
/// exclusion would have removed, whose score is still its own).
pub fn gated<R>(gate: Gate, walk: impl FnOnce() -> R) -> R {
    struct Restore(Option<Gate>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            GATE.with(|gate| *gate.borrow_mut() = previous);
        }
    }
    let _restore = Restore(GATE.with(|current| current.borrow_mut().replace(gate)));
    walk()
}

/// The first document `>= doc` the gate of this thread, if any, lets
/// through: `doc` itself when it does.
fn admitted(doc: DocId) -> DocId {
    GATE.with(|gate| {
        gate.borrow().as_ref().map_or(doc, |gate| {
            let next = gate(doc);
            if next == doc {
                doc
            } else {
                next.max(doc.saturating_add(1))
            }
        })
    })
}

/// Exact match of a phrase of recall terms: `(offset, key)` pairs as made by
/// [`super::tokens::run_terms`]. Scored by the number of occurrences
/// (saturating) and how rare the phrase is in the whole index (not in one
/// segment: a score must not depend on how documents fell into segments).
#[derive(Clone)]
pub struct RecallQuery {
    terms: Vec<(u32, u32)>,
    segments: RecallSegments,
}

impl RecallQuery {
    pub fn new(terms: Vec<(u32, u32)>, segments: RecallSegments) -> RecallQuery {
        RecallQuery { terms, segments }
    }
}

impl fmt::Debug for RecallQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecallQuery({:?})", self.terms)
    }
}

impl Query for RecallQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut weight = RecallWeight {
            terms: Arc::new(self.terms.clone()),
            segments: self.segments.clone(),
            idf: None,
            matches: Mutex::new(HashMap::new()),
        };
        if let (true, Some(searcher)) = (
            enable_scoring.is_scoring_enabled(),
            enable_scoring.searcher(),
        ) {
            // index-wide document frequency: of the term, or of the phrase,
            // whose matches are found once here and kept for the scorers
            let df = if let [(_, key)] = weight.terms.as_slice() {
                index_docs(searcher, &weight.segments, *key)?
            } else {
                let mut all = HashMap::new();
                let mut df = 0;
                for reader in searcher.segment_readers() {
                    let matches = weight.matches(reader)?;
                    df += matches.len() as u64;
                    all.insert(reader.segment_id(), matches);
                }
                weight.matches = Mutex::new(all);
                df
            };
            weight.idf = Some(idf(searcher, df));
        }
        Ok(Box::new(weight))
    }
}

/// Documents of `searcher` (deleted ones too, as in document frequencies).
fn index_size(searcher: &Searcher) -> u64 {
    searcher
        .segment_readers()
        .iter()
        .map(|reader| u64::from(reader.max_doc()))
        .sum()
}

/// BM25's inverse document frequency of `df` documents in the whole index.
pub(super) fn idf(searcher: &Searcher, df: u64) -> Score {
    let n = index_size(searcher).max(1) as f32;
    let df = df as f32;
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Documents holding the recall term `key`, over every segment of `searcher`.
pub(super) fn index_docs(
    searcher: &Searcher,
    segments: &RecallSegments,
    key: u32,
) -> tantivy::Result<u64> {
    let mut docs = 0;
    for reader in searcher.segment_readers() {
        if let Some(cursor) = TermCursor::open(&segments.get(reader)?, key)? {
            docs += u64::from(cursor.len());
        }
    }
    Ok(docs)
}

struct RecallWeight {
    terms: Arc<Vec<(u32, u32)>>,
    segments: RecallSegments,
    /// the index-wide weight, when scoring
    idf: Option<Score>,
    /// a phrase's matches per segment, found when the weight was made
    matches: Mutex<HashMap<SegmentId, Vec<(DocId, u32)>>>,
}

impl RecallWeight {
    /// The phrase's cursors in one segment, or `None` when a term is
    /// missing from it (nothing matches).
    fn phrase(&self, reader: &SegmentReader) -> tantivy::Result<Option<Phrase>> {
        let segment = self.segments.get(reader)?;
        let mut cursors: Vec<(u32, TermCursor)> = Vec::with_capacity(self.terms.len());
        for &(offset, key) in self.terms.iter() {
            match TermCursor::open(&segment, key)? {
                Some(cursor) => cursors.push((offset, cursor)),
                None => return Ok(None),
            }
        }
        Ok(Some(Phrase::new(cursors)))
    }

    /// Matching documents of one segment with their number of occurrences.
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Vec<(DocId, u32)>> {
        if self.terms.is_empty() {
            return Ok(Vec::new());
        }
        let found = self
            .matches
            .lock()
            .ok()
            .and_then(|mut found| found.remove(&reader.segment_id()));
        if let Some(found) = found {
            return Ok(found);
        }
        let Some(mut phrase) = self.phrase(reader)? else {
            return Ok(Vec::new());
        };
        let mut matches = Vec::new();
        let mut target = 0;
        loop {
            let (doc, freq) = phrase.next_match(target);
            if doc == TERMINATED {
                return Ok(matches);
            }
            matches.push((doc, freq));
            target = doc + 1;
        }
    }
}

/// The cursors of a phrase's terms in one segment, each with its offset in
/// the phrase, ordered for matching: the rarest term drives; the merged
/// lists of a string's end characters (`TermCursor::Any`, long unions of
/// pairs) come last and are sought only when the other terms already agree
/// on a start.
struct Phrase {
    cursors: Vec<(u32, TermCursor)>,
    starts: Vec<u32>,
    other: Vec<u32>,
}

/// Whether a phrase holds at one document.
enum Check {
    /// it does, this many times
    Found(u32),
    /// it does not: no match before this document
    Beyond(DocId),
}

impl Phrase {
    fn new(mut cursors: Vec<(u32, TermCursor)>) -> Phrase {
        cursors.sort_by_key(|(_, cursor)| (matches!(cursor, TermCursor::Any(_)), cursor.len()));
        Phrase {
            cursors,
            starts: Vec::new(),
            other: Vec::new(),
        }
    }

    /// Documents of the driving term: the cost of walking the phrase.
    fn len(&self) -> u32 {
        self.cursors.first().map_or(0, |(_, cursor)| cursor.len())
    }

    /// The first matching document `>= target` and its occurrences, or
    /// `TERMINATED`.
    fn next_match(&mut self, target: DocId) -> (DocId, u32) {
        let mut doc = match self.cursors.first_mut() {
            Some((_, cursor)) => cursor.seek(target),
            None => return (TERMINATED, 0),
        };
        while doc != TERMINATED {
            match self.check(doc) {
                Check::Found(freq) => return (doc, freq),
                Check::Beyond(next) => doc = self.cursors[0].1.seek(next),
            }
        }
        (TERMINATED, 0)
    }

    /// Whether the phrase holds at `doc` (every cursor sought to it, none
    /// past it: the driving one is on it or before it).
    fn check(&mut self, doc: DocId) -> Check {
        if let [(_, single)] = self.cursors.as_mut_slice() {
            let found = single.seek(doc);
            return if found == doc {
                Check::Found(single.freq())
            } else {
                Check::Beyond(found)
            };
        }
        let found = self.cursors[0].1.seek(doc);
        if found != doc {
            return Check::Beyond(found);
        }
        let next = admitted(doc);
        if next != doc {
            return Check::Beyond(next);
        }
        self.starts.clear();
        for i in 0..self.cursors.len() {
            let (offset, cursor) = &mut self.cursors[i];
            let found = cursor.seek(doc);
            if found != doc {
                return Check::Beyond(found);
            }
            // phrase starts that every term so far agrees on
            if i == 0 {
                cursor.positions(&mut self.starts);
                self.starts.retain_mut(|p| match p.checked_sub(*offset) {
                    Some(start) => {
                        *p = start;
                        true
                    }
                    None => false,
                });
            } else {
                self.other.clear();
                cursor.positions(&mut self.other);
                let (other, offset) = (&self.other, *offset);
                self.starts
                    .retain(|start| other.binary_search(&(*start + offset)).is_ok());
            }
            if self.starts.is_empty() {
                return Check::Beyond(doc + 1);
            }
        }
        Check::Found(self.starts.len() as u32)
    }
}

impl Weight for RecallWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scoring = self.idf.is_some();
        let weight = self.idf.map_or(1.0, |idf| boost * idf);
        if let [(_, key)] = self.terms.as_slice() {
            // one term: walk its list lazily, skipping blocks on seek
            let Some(cursor) = TermCursor::open(&self.segments.get(reader)?, *key)? else {
                return Ok(Box::new(EmptyScorer));
            };
            let docs = cursor.len();
            return Ok(Box::new(TermScorer {
                cursor,
                docs,
                weight,
                scoring,
            }));
        }
        if scoring {
            return Ok(Box::new(RecallScorer {
                matches: self.matches(reader)?,
                at: 0,
                weight,
                scoring,
            }));
        }
        // unscored (a constant score around it, a count): matched one
        // document at a time, on the documents the rest of the query asks about
        let Some(phrase) = self.phrase(reader)? else {
            return Ok(Box::new(EmptyScorer));
        };
        let mut scorer = PhraseScorer {
            phrase,
            doc: 0,
            valid: true,
        };
        scorer.doc = scorer.phrase.next_match(0).0;
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_match(self.scorer(reader, 1.0)?, doc, "recall phrase", &self.terms)
    }
}

/// The score `scorer` gives `doc`, as an explanation, or an error when it
/// does not match `query`.
pub(super) fn explain_match(
    mut scorer: Box<dyn Scorer>,
    doc: DocId,
    what: &'static str,
    query: &dyn fmt::Debug,
) -> tantivy::Result<Explanation> {
    if scorer.seek(doc) != doc {
        return Err(TantivyError::InvalidArgument(format!(
            "document {doc} does not match {query:?}"
        )));
    }
    Ok(Explanation::new(what, scorer.score()))
}

/// One term's posting list as a scorer.
struct TermScorer {
    cursor: TermCursor,
    docs: u32,
    weight: Score,
    scoring: bool,
}

impl DocSet for TermScorer {
    fn advance(&mut self) -> DocId {
        self.cursor.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.cursor.seek(target)
    }

    fn doc(&self) -> DocId {
        self.cursor.doc()
    }

    fn size_hint(&self) -> u32 {
        self.docs
    }
}

impl Scorer for TermScorer {
    fn score(&mut self) -> Score {
        if !self.scoring {
            return 1.0;
        }
        let freq = self.cursor.freq() as f32;
        self.weight * freq * 2.2 / (freq + 1.2)
    }
}

/// The precomputed matches of one segment as a scorer.
struct RecallScorer {
    matches: Vec<(DocId, u32)>,
    at: usize,
    weight: Score,
    scoring: bool,
}

impl DocSet for RecallScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc() >= target {
            return self.doc();
        }
        // gallop: seeks mostly move a short way
        let mut step = 1;
        let mut low = self.at;
        let mut high = self.at + 1;
        while high < self.matches.len() && self.matches[high].0 < target {
            low = high;
            step *= 2;
            high = (high + step).min(self.matches.len());
        }
        let high = high.min(self.matches.len());
        self.at = low + self.matches[low..high].partition_point(|&(doc, _)| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.matches
            .get(self.at)
            .map_or(TERMINATED, |&(doc, _)| doc)
    }

    fn size_hint(&self) -> u32 {
        (self.matches.len() - self.at.min(self.matches.len())) as u32
    }
}

impl Scorer for RecallScorer {
    fn score(&mut self) -> Score {
        if !self.scoring {
            return 1.0;
        }
        let freq = self.matches.get(self.at).map_or(0, |&(_, freq)| freq) as f32;
        self.weight * freq * 2.2 / (freq + 1.2)
    }
}

/// `seek_danger` of a scorer asked about one document at a time, standing
/// on `doc` (a match when `valid`, otherwise a lower bound of its next
/// one): what it knows is answered without looking, the rest by `check`
/// (`Ok`: `target` matches; `Err(next)`: no match before `next`), and the
/// scorer moves to the answer.
pub fn seek_one(
    doc: &mut DocId,
    valid: &mut bool,
    target: DocId,
    check: impl FnOnce(DocId) -> Result<(), DocId>,
) -> SeekDangerResult {
    if target >= TERMINATED {
        (*doc, *valid) = (TERMINATED, true);
        return SeekDangerResult::SeekLowerBound(TERMINATED);
    }
    if *doc > target {
        // nothing between the last answer and its bound
        return SeekDangerResult::SeekLowerBound(*doc);
    }
    if *doc == target && *valid {
        return SeekDangerResult::Found;
    }
    match check(target) {
        Ok(()) => {
            (*doc, *valid) = (target, true);
            SeekDangerResult::Found
        }
        Err(next) => {
            (*doc, *valid) = (next, false);
            SeekDangerResult::SeekLowerBound(next)
        }
    }
}

/// Where a scorer asked about one document at a time (see [`seek_one`])
/// looks for its next match: `None` when it stands on the answer already,
/// otherwise the first document to look at — after its match for `advance`
/// (`target` `None`), from `target` or its lower bound for `seek`.
pub fn resume(doc: DocId, valid: bool, target: Option<DocId>) -> Option<DocId> {
    match target {
        None if doc >= TERMINATED => None,
        None => Some(if valid { doc + 1 } else { doc }),
        Some(target) if valid && doc >= target => None,
        Some(target) => Some(target.max(doc)),
    }
}

/// A phrase matched lazily, one document at a time (unscored): `seek` walks
/// to the next match, `seek_danger` checks the one document asked about.
struct PhraseScorer {
    phrase: Phrase,
    /// the current match, or after a failed `seek_danger` a lower bound of
    /// the next one
    doc: DocId,
    /// whether `doc` is a match (false after a failed `seek_danger`)
    valid: bool,
}

impl PhraseScorer {
    /// On to the next match (`None`) or the first `>= target`.
    fn walk(&mut self, target: Option<DocId>) -> DocId {
        if let Some(from) = resume(self.doc, self.valid, target) {
            (self.doc, self.valid) = (self.phrase.next_match(from).0, true);
        }
        self.doc
    }
}

impl DocSet for PhraseScorer {
    fn advance(&mut self) -> DocId {
        self.walk(None)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.walk(Some(target))
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let phrase = &mut self.phrase;
        seek_one(
            &mut self.doc,
            &mut self.valid,
            target,
            |target| match phrase.check(target) {
                Check::Found(_) => Ok(()),
                Check::Beyond(next) => Err(next),
            },
        )
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.phrase.len()
    }
}

impl Scorer for PhraseScorer {
    fn score(&mut self) -> Score {
        1.0
    }
}
