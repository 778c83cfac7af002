//! Proximity of the runs of a query of several words: [`RecallNearQuery`]
//! and its scorer, the documents in which the runs occur in order within a
//! window, read from the character positions of the recall component. It
//! does not match a single run exactly (`phrase`) nor open lists (`reader`,
//! `union`).

use std::fmt;

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, TERMINATED};

use super::phrase::{explain_match, idf, index_docs, resume, seek_one};
use super::reader::RecallSegments;
use super::union::TermCursor;

/// Proximity for queries of several words: the documents in which the given
/// phrases (as made by [`super::tokens::run_terms`], each with its length
/// in characters) occur in order, from the start of the first to the end of
/// the last within `window` positions (a run of punctuation counts one).
/// Read from the character positions the recall component keeps anyway, so
/// that the jieba field needs none. Evaluated lazily: a clause that only adds
/// to the score is asked about the documents the rest of the query matched
/// (`seek_danger`); its scorer starts on a lower bound of its first match,
/// not on it, so it is for a caller that asks (`query::lazy`), not for
/// tantivy's unions and intersections.
#[derive(Clone)]
pub struct RecallNearQuery {
    phrases: Vec<(Vec<(u32, u32)>, u32)>,
    window: u32,
    segments: RecallSegments,
}

impl RecallNearQuery {
    pub fn new(
        phrases: Vec<(Vec<(u32, u32)>, u32)>,
        window: u32,
        segments: RecallSegments,
    ) -> RecallNearQuery {
        RecallNearQuery {
            phrases,
            window,
            segments,
        }
    }
}

impl fmt::Debug for RecallNearQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecallNearQuery({:?}, {})", self.phrases, self.window)
    }
}

impl RecallNearQuery {
    /// The score of a document whose runs are close together, before the
    /// boost: how rare the rarest term is in the whole index, not in one
    /// segment (a score must not depend on how documents fell into
    /// segments). The most this query adds to a score, times its boost.
    pub fn idf(&self, searcher: &Searcher) -> tantivy::Result<Score> {
        let mut rarest = u64::MAX;
        for (terms, _) in &self.phrases {
            for &(_, key) in terms {
                rarest = rarest.min(index_docs(searcher, &self.segments, key)?);
            }
        }
        Ok(idf(searcher, rarest.min(u64::from(u32::MAX))))
    }
}

impl Query for RecallNearQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let mut weight = None;
        if let (true, Some(searcher)) = (
            enable_scoring.is_scoring_enabled(),
            enable_scoring.searcher(),
        ) {
            weight = Some(self.idf(searcher)?);
        }
        Ok(Box::new(NearWeight {
            query: self.clone(),
            idf: weight,
        }))
    }
}

struct NearWeight {
    query: RecallNearQuery,
    /// the index-wide weight, when scoring
    idf: Option<Score>,
}

impl Weight for NearWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let q = &self.query;
        if q.phrases.is_empty() || q.phrases.iter().any(|(terms, _)| terms.is_empty()) {
            return Ok(Box::new(EmptyScorer));
        }
        let segment = q.segments.get(reader)?;
        let mut phrases = Vec::with_capacity(q.phrases.len());
        for (terms, len) in &q.phrases {
            let mut cursors = Vec::with_capacity(terms.len());
            for &(offset, key) in terms {
                let Some(cursor) = TermCursor::open(&segment, key)? else {
                    return Ok(Box::new(EmptyScorer));
                };
                cursors.push((offset, cursor));
            }
            phrases.push((cursors, *len));
        }
        // not walked to its first chain: it is asked about documents
        // (`seek_danger`), and walking to a chain of rare closeness could
        // cross the whole segment; `doc` is a lower bound until then
        Ok(Box::new(NearScorer {
            phrases,
            window: q.window,
            doc: 0,
            valid: false,
            weight: self.idf.map_or(1.0, |idf| boost * idf),
            scoring: self.idf.is_some(),
            starts: Vec::new(),
            scratch: Vec::new(),
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_match(
            self.scorer(reader, 1.0)?,
            doc,
            "recall proximity",
            &self.query,
        )
    }
}

/// Each phrase's cursors (term offset in the phrase, cursor) and length.
struct NearScorer {
    phrases: Vec<(Vec<(u32, TermCursor)>, u32)>,
    window: u32,
    doc: DocId,
    /// whether `doc` is a match (false after a failed `seek_danger`: a
    /// lower bound of the next one)
    valid: bool,
    weight: Score,
    scoring: bool,
    /// per phrase, its start positions in the current document
    starts: Vec<Vec<u32>>,
    scratch: Vec<u32>,
}

impl NearScorer {
    /// Moves to the first document `>= target` with a chain; returns it.
    fn find(&mut self, target: DocId) -> DocId {
        let mut doc = target;
        'documents: loop {
            for (cursors, _) in &mut self.phrases {
                for (_, cursor) in cursors.iter_mut() {
                    let found = cursor.seek(doc);
                    if found == TERMINATED {
                        self.doc = TERMINATED;
                        self.valid = true;
                        return TERMINATED;
                    }
                    if found > doc {
                        doc = found;
                        continue 'documents;
                    }
                }
            }
            if self.chained() {
                self.doc = doc;
                self.valid = true;
                return doc;
            }
            doc += 1;
        }
    }

    /// Whether from some start of the first phrase every next phrase follows
    /// in order within the window (all cursors on one document).
    fn chained(&mut self) -> bool {
        self.starts.resize_with(self.phrases.len(), Vec::new);
        for ((cursors, _), starts) in self.phrases.iter_mut().zip(self.starts.iter_mut()) {
            starts.clear();
            let (first_offset, first) = &mut cursors[0];
            first.positions(starts);
            let first_offset = *first_offset;
            starts.retain_mut(|p| match p.checked_sub(first_offset) {
                Some(start) => {
                    *p = start;
                    true
                }
                None => false,
            });
            for (offset, cursor) in cursors.iter_mut().skip(1) {
                self.scratch.clear();
                cursor.positions(&mut self.scratch);
                let other = &self.scratch;
                starts.retain(|start| other.binary_search(&(*start + *offset)).is_ok());
            }
            if starts.is_empty() {
                return false;
            }
        }
        for &start in &self.starts[0] {
            let mut end = start + self.phrases[0].1;
            let mut ok = true;
            for (i, starts) in self.starts.iter().enumerate().skip(1) {
                let at = starts.partition_point(|&s| s < end);
                match starts.get(at) {
                    Some(&next) => end = next + self.phrases[i].1,
                    None => {
                        ok = false;
                        break;
                    }
                }
                if end - start > self.window {
                    ok = false;
                    break;
                }
            }
            if ok && end - start <= self.window {
                return true;
            }
        }
        false
    }
}

impl DocSet for NearScorer {
    fn advance(&mut self) -> DocId {
        match resume(self.doc, self.valid, None) {
            Some(from) => self.find(from),
            None => self.doc,
        }
    }

    fn seek(&mut self, target: DocId) -> DocId {
        match resume(self.doc, self.valid, Some(target)) {
            Some(from) => self.find(from),
            None => self.doc,
        }
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        // only `target` is looked at: a clause that adds to the score is
        // asked about the documents the rest of the query matched
        let (mut doc, mut valid) = (self.doc, self.valid);
        let result = seek_one(&mut doc, &mut valid, target, |target| {
            for (cursors, _) in &mut self.phrases {
                for (_, cursor) in cursors.iter_mut() {
                    let found = cursor.seek(target);
                    if found != target {
                        return Err(found);
                    }
                }
            }
            if self.chained() {
                Ok(())
            } else {
                Err(target + 1)
            }
        });
        (self.doc, self.valid) = (doc, valid);
        result
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.phrases
            .iter()
            .flat_map(|(cursors, _)| cursors.iter())
            .map(|(_, cursor)| cursor.len())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for NearScorer {
    fn score(&mut self) -> Score {
        if !self.scoring {
            return 1.0;
        }
        // a passage has its words close together or not: more such places
        // earn nothing more (they favoured long passages repeating the
        // words over the short one a reader remembers, `xtask rank-eval`)
        self.weight
    }
}
