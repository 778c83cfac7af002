//! The recall index: a segment component of our own (a tantivy segment
//! plugin) that holds, for every passage and quote text, each occurrence of a
//! common pair and each folded word character that no common pair covers,
//! with its position — the tokens of [`for_each_recall_token`]. A substring is
//! the phrase of its common pairs and characters, a character term matching
//! the character itself or either half of a common pair ([`TermCursor`]), so
//! every query string that occurs in a text finds it, whatever jieba made of
//! the text.
//!
//! Why not a tantivy text field: tantivy indexes a token by hashing it into
//! the segment's term table and appending to that term's posting list, a
//! scattered write per token; with a character per token this was two thirds
//! of the cost of indexing the jieba field itself. Here the writer appends
//! the tokens of the last few hundred documents to one small buffer, sorts it
//! by term (a radix sort) every 65,536 tokens and appends each term's
//! documents and positions, already encoded, to that term's postings: a term
//! is met once per buffer and document, and the segment's tokens are held
//! compressed (about 2.5 bytes a token). The postings are written in blocks
//! of 128 documents with a skip entry each, so that a phrase query seeks
//! instead of decoding long lists.
//!
//! File layout (`.rcl`, little-endian):
//! ```text
//! per term:  skips  [last doc u32, docs offset u32, positions offset u32] × blocks
//!            docs   [doc delta, frequency] as varints, per document
//!            positions [position delta] as varints, per document
//! table:     [key u32, documents u32, skips offset u64, docs offset u64,
//!             positions offset u64, end u64] × terms, sorted by key
//! footer:    terms u32, table offset u64, version u32, magic u32
//! ```
//! Merges remap document ids the way tantivy stacks segments (deleted
//! documents dropped), so the component stays aligned with the rest of the
//! segment.

use std::fmt;

use tantivy::index::SegmentComponent;
use tantivy::indexer::doc_id_mapping::MappingType;
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{
    DocId, DocSet, PluginMergeContext, PluginWriter, PluginWriterContext, Score, SegmentPlugin,
    SegmentReader, TantivyError, TERMINATED,
};

mod format;
mod phrase;
mod reader;
mod union;
mod writer;

use format::FileWriter;
use phrase::explain_match;
pub use phrase::RecallQuery;
pub use reader::{Cursor, Postings, RecallSegment, RecallSegments};
pub use union::{AnyCursor, TermCursor};
use writer::RecallWriter;

/// File extension of the component.
pub const EXTENSION: &str = "rcl";
/// Name of the schema field of passage texts the component indexes.
pub const FIELD: &str = "body";
/// Name of the schema field of quote texts the component indexes, under
/// their own terms ([`QUOTE_TERM`] set), so that a passage search never
/// meets a quote (and needs no filter on the document kind) and vice versa.
pub const QUOTE_FIELD: &str = "quote_chars";
/// Bit set on the term keys of quote texts (keys are below 2^21 otherwise).
pub const QUOTE_TERM: u32 = 1 << 21;

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_string())
}

fn corrupted(what: &str) -> TantivyError {
    TantivyError::InternalError(format!("recall index: {what}"))
}

// ------------------------------------------------------------------ plugin

/// The segment plugin; register it on every create and open of the index.
#[derive(Debug, Default)]
pub struct RecallPlugin;

impl SegmentPlugin for RecallPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        let schema = ctx.segment.schema();
        let fields = [(FIELD, 0), (QUOTE_FIELD, QUOTE_TERM)]
            .into_iter()
            .filter_map(|(name, flag)| Some((schema.get_field(name).ok()?, flag)))
            .collect();
        Ok(Box::new(RecallWriter::new(fields)))
    }

    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(corrupted("sorted indexes are not supported"));
        }
        let sources: Vec<RecallSegment> = ctx
            .readers
            .iter()
            .map(RecallSegment::open)
            .collect::<tantivy::Result<_>>()?;
        // tantivy stacks the source segments in order, without deleted documents
        let mut maps: Vec<Vec<DocId>> = Vec::with_capacity(ctx.readers.len());
        let mut next: DocId = 0;
        for reader in ctx.readers {
            let map = (0..reader.max_doc())
                .map(|doc| {
                    if reader.is_deleted(doc) {
                        TERMINATED
                    } else {
                        next += 1;
                        next - 1
                    }
                })
                .collect();
            maps.push(map);
        }
        let mut keys: Vec<u32> = sources.iter().flat_map(RecallSegment::keys).collect();
        keys.sort_unstable();
        keys.dedup();

        let write = ctx.target_segment.open_write(component())?;
        let mut out = FileWriter::new(write);
        let mut positions = Vec::new();
        for key in keys {
            out.start_term(key);
            for (source, map) in sources.iter().zip(&maps) {
                let Some(postings) = source.postings(key) else {
                    continue;
                };
                let mut cursor = postings.cursor();
                while cursor.doc() != TERMINATED {
                    let doc = map[cursor.doc() as usize];
                    if doc != TERMINATED {
                        positions.clear();
                        cursor.positions(&mut positions);
                        out.add_doc(doc, &positions);
                    }
                    cursor.advance();
                }
            }
            out.end_term()?;
        }
        out.finish()
    }
}

// ------------------------------------------------------------------ query

/// Proximity for queries of several words: the documents in which the given
/// phrases (as made by [`super::tokenize::run_terms`], each with its length
/// in characters) occur in order, from the start of the first to the end of
/// the last within `window` positions (a run of punctuation counts one).
/// Read from the character positions the recall component keeps anyway, so
/// that the jieba field needs none. Evaluated lazily: a clause that only adds
/// to the score is asked about the documents the rest of the query matched.
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

impl Query for RecallNearQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(NearWeight {
            query: self.clone(),
            scoring: enable_scoring.is_scoring_enabled(),
        }))
    }
}

struct NearWeight {
    query: RecallNearQuery,
    scoring: bool,
}

impl Weight for NearWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let q = &self.query;
        if q.phrases.is_empty() || q.phrases.iter().any(|(terms, _)| terms.is_empty()) {
            return Ok(Box::new(EmptyScorer));
        }
        let segment = q.segments.get(reader)?;
        let mut rarest = u32::MAX;
        let mut phrases = Vec::with_capacity(q.phrases.len());
        for (terms, len) in &q.phrases {
            let mut cursors = Vec::with_capacity(terms.len());
            for &(offset, key) in terms {
                let Some(cursor) = TermCursor::open(&segment, key) else {
                    return Ok(Box::new(EmptyScorer));
                };
                rarest = rarest.min(cursor.len());
                cursors.push((offset, cursor));
            }
            phrases.push((cursors, *len));
        }
        let n = reader.max_doc().max(1) as f32;
        let df = rarest as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        let mut scorer = NearScorer {
            phrases,
            window: q.window,
            doc: 0,
            freq: 0,
            weight: if self.scoring { boost * idf } else { 1.0 },
            scoring: self.scoring,
            starts: Vec::new(),
            scratch: Vec::new(),
        };
        scorer.find(0);
        Ok(Box::new(scorer))
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
    /// chains found in the current document
    freq: u32,
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
                        return TERMINATED;
                    }
                    if found > doc {
                        doc = found;
                        continue 'documents;
                    }
                }
            }
            let chains = self.chains();
            if chains > 0 {
                self.doc = doc;
                self.freq = chains;
                return doc;
            }
            doc += 1;
        }
    }

    /// The number of starts of the first phrase from which every next phrase
    /// follows in order within the window (all cursors on one document).
    fn chains(&mut self) -> u32 {
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
                return 0;
            }
        }
        let mut chains = 0;
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
                chains += 1;
            }
        }
        chains
    }
}

impl DocSet for NearScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.find(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.find(target)
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
        let freq = self.freq as f32;
        self.weight * freq * 2.2 / (freq + 1.2)
    }
}
