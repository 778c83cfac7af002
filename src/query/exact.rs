//! Exact phrases of several runs (`"绿色生产,助力"`): the recall index
//! finds their runs one empty position apart, but a position the index
//! leaves empty between runs and a position holding one character look the
//! same to a phrase of terms, so `发展中推动` is a candidate of `"发展，推动"`.
//! [`ExactPhraseQuery`] keeps, inside the query, only the candidates whose
//! stored text holds the runs with nothing but punctuation or spaces between
//! them (what `highlight::find` marks): the total, the facet counts and the
//! pages all count exact matches. Candidates are few (the runs must already
//! stand at the right distance), so their texts are read once per search.
//!
//! It owns this filter only; the recall terms are `index::recall`'s and
//! where the filter is used is `build`'s.

use std::fmt;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, TantivyDocument, Value};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

use crate::highlight::{self, Needle};

/// Blocks of the document store kept decompressed while checking one
/// segment's candidates (they come in document order).
const STORE_CACHE_BLOCKS: usize = 8;

/// `inner`'s matches whose stored `field` text holds `needle` exactly.
pub(super) struct ExactPhraseQuery {
    inner: Box<dyn Query>,
    field: Field,
    needle: Needle,
}

impl ExactPhraseQuery {
    pub(super) fn new(inner: Box<dyn Query>, field: Field, needle: Needle) -> ExactPhraseQuery {
        ExactPhraseQuery {
            inner,
            field,
            needle,
        }
    }
}

impl Clone for ExactPhraseQuery {
    fn clone(&self) -> ExactPhraseQuery {
        ExactPhraseQuery {
            inner: self.inner.box_clone(),
            field: self.field,
            needle: self.needle.clone(),
        }
    }
}

impl fmt::Debug for ExactPhraseQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ExactPhrase({:?}, {:?})", self.needle.runs, self.inner)
    }
}

impl Query for ExactPhraseQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExactWeight {
            inner: self.inner.weight(enable_scoring)?,
            field: self.field,
            needle: self.needle.clone(),
        }))
    }
}

struct ExactWeight {
    inner: Box<dyn Weight>,
    field: Field,
    needle: Needle,
}

impl Weight for ExactWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut candidates = self.inner.scorer(reader, boost)?;
        let store = reader.get_store_reader(STORE_CACHE_BLOCKS)?;
        let mut matches = Vec::new();
        let mut doc = candidates.doc();
        while doc != TERMINATED {
            let stored: TantivyDocument = store.get(doc)?;
            let exact = stored.get_all(self.field).any(|value| {
                value.as_str().is_some_and(|text| {
                    !highlight::find(text, std::slice::from_ref(&self.needle)).is_empty()
                })
            });
            if exact {
                matches.push((doc, candidates.score()));
            }
            doc = candidates.advance();
        }
        Ok(Box::new(MatchScorer { matches, at: 0 }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the exact phrase {:?}",
                self.needle.runs
            )));
        }
        Ok(Explanation::new("exact phrase", scorer.score()))
    }
}

/// Precomputed matches of one segment, in document order, with their scores.
struct MatchScorer {
    matches: Vec<(DocId, Score)>,
    at: usize,
}

impl DocSet for MatchScorer {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.matches[self.at.min(self.matches.len())..];
        self.at += rest.partition_point(|&(doc, _)| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.matches
            .get(self.at)
            .map_or(TERMINATED, |&(doc, _)| doc)
    }

    fn size_hint(&self) -> u32 {
        self.matches.len().saturating_sub(self.at) as u32
    }
}

impl Scorer for MatchScorer {
    fn score(&mut self) -> Score {
        self.matches.get(self.at).map_or(0.0, |&(_, score)| score)
    }
}
