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

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use tantivy::index::{Segment, SegmentComponent};
use tantivy::indexer::doc_id_mapping::{DocIdMapping, MappingType};
use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, Schema, TantivyDocument, Value};
use tantivy::{
    DocId, DocSet, PluginMergeContext, PluginWriter, PluginWriterContext, Score, SegmentPlugin,
    SegmentReader, TantivyError, TERMINATED,
};

mod format;
mod reader;
mod union;

use super::tokenize::{for_each_recall_token, PAIR_KEY_BASE, PAIR_SLOTS};
use format::{FileWriter, TermPostings};
pub use reader::{Cursor, Postings, RecallSegment, RecallSegments};
pub use union::{AnyCursor, TermCursor};

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

const KEY_BITS: u32 = 22;
const DOC_BITS: u32 = 22;
const POSITION_BITS: u32 = 20;

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

/// Builds the postings of one segment as its documents arrive.
///
/// A document's tokens are appended to a small buffer of recent tokens
/// (`chunk`, half a megabyte that stays in cache); every [`CHUNK_TOKENS`]
/// tokens, at a document boundary, the buffer is sorted by term and each
/// term's documents and positions are appended, already encoded, to that
/// term's postings ([`TermPostings`]). A term is looked up once per chunk
/// and document in which it occurs, and the segment's tokens are never held
/// uncompressed: about 2.5 bytes a token, where a list of every token of the
/// segment sorted when it is written took 12 (4 while gathered, 8 sorted).
struct RecallWriter {
    /// the fields read, with the bit their terms carry
    fields: Vec<(Field, u32)>,
    /// tokens of the documents since the last flush whose key has a place in
    /// the table of terms, as `place | doc | position` ([`dense_key`])
    chunk: Vec<u64>,
    /// the others (characters outside the Basic Multilingual Plane), as
    /// `key | doc | position`
    rare: Vec<u64>,
    /// every term of the segment with its postings, in order of first use
    terms: Vec<(u32, TermPostings)>,
    /// index into `terms` by place in the table of terms; `NO_TERM` when
    /// not met yet
    dense: Vec<u32>,
    /// index into `terms` of the keys without a place in the table
    sparse: HashMap<u32, u32>,
    /// bytes written to the postings in `terms`, about
    /// ([`TermPostings::bytes_for`])
    written: usize,
    /// the radix sort's second buffer
    scratch: Vec<u64>,
    positions: Vec<u32>,
    /// tokens gathered before a flush ([`CHUNK_TOKENS`]; fewer in tests)
    chunk_tokens: usize,
}

/// Tokens gathered before they are sorted into the terms' postings: 512 kB.
const CHUNK_TOKENS: usize = 1 << 16;

const NO_TERM: u32 = u32::MAX;

/// Places of the table of terms: the characters of the Basic Multilingual
/// Plane, then the common pairs, for passage terms and again for quote terms
/// (139,264 places, in order of key).
const DENSE_CHARS: u32 = 0x1_0000;
const DENSE_PAIRS: u32 = PAIR_SLOTS as u32;
const DENSE_HALF: usize = (DENSE_CHARS + DENSE_PAIRS) as usize;
const DENSE_KEYS: usize = 2 * DENSE_HALF;

/// The place of `key` in the table of terms, if it has one.
#[inline]
fn dense_key(key: u32) -> Option<usize> {
    let quote = if key & QUOTE_TERM != 0 { DENSE_HALF } else { 0 };
    let base = key & !QUOTE_TERM;
    let at = if base < DENSE_CHARS {
        base
    } else if (PAIR_KEY_BASE..PAIR_KEY_BASE + DENSE_PAIRS).contains(&base) {
        DENSE_CHARS + (base - PAIR_KEY_BASE)
    } else {
        return None;
    };
    Some(at as usize + quote)
}

/// The key at a place of the table of terms ([`dense_key`] undone).
fn key_at_place(place: usize) -> u32 {
    let (flag, at) = if place >= DENSE_HALF {
        (QUOTE_TERM, (place - DENSE_HALF) as u32)
    } else {
        (0, place as u32)
    };
    let base = if at < DENSE_CHARS {
        at
    } else {
        PAIR_KEY_BASE + (at - DENSE_CHARS)
    };
    base | flag
}

fn pack(key: u32, doc: DocId, position: u32) -> u64 {
    (u64::from(key) << (DOC_BITS + POSITION_BITS))
        | (u64::from(doc) << POSITION_BITS)
        | u64::from(position)
}

fn unpack(token: u64) -> (u32, DocId, u32) {
    let key = (token >> (DOC_BITS + POSITION_BITS)) as u32;
    let doc = ((token >> POSITION_BITS) & ((1 << DOC_BITS) - 1)) as DocId;
    let position = (token & ((1 << POSITION_BITS) - 1)) as u32;
    (key, doc, position)
}

/// Orders tokens `place | doc | position` by place, document and position.
///
/// They come in order of document and position, so a stable sort on the
/// place alone orders them completely: two passes of a radix sort (9 bits
/// each, 512 counters that stay in the first-level cache) instead of a
/// comparison sort. Tokens not in the order of arrival are sorted by
/// comparison.
fn sort_by_place(chunk: &mut [u64], scratch: &mut Vec<u64>) {
    const DIGIT: u32 = 9;
    const MASK: u64 = (1 << DIGIT) - 1;
    const SHIFT: u32 = DOC_BITS + POSITION_BITS;
    const _: () = assert!(DENSE_KEYS <= 1 << (2 * DIGIT));
    let mut low = [0u32; 1 << DIGIT];
    let mut high = [0u32; 1 << DIGIT];
    for &token in chunk.iter() {
        low[((token >> SHIFT) & MASK) as usize] += 1;
        high[((token >> (SHIFT + DIGIT)) & MASK) as usize] += 1;
    }
    for counts in [&mut low, &mut high] {
        let mut total = 0;
        for count in counts.iter_mut() {
            let n = *count;
            *count = total;
            total += n;
        }
    }
    scratch.clear();
    scratch.resize(chunk.len(), 0);
    for &token in chunk.iter() {
        let slot = &mut low[((token >> SHIFT) & MASK) as usize];
        scratch[*slot as usize] = token;
        *slot += 1;
    }
    for &token in scratch.iter() {
        let slot = &mut high[((token >> (SHIFT + DIGIT)) & MASK) as usize];
        chunk[*slot as usize] = token;
        *slot += 1;
    }
    if !chunk.is_sorted() {
        chunk.sort_unstable();
    }
}

/// Gathers one token: by its place in the table of terms in `chunk`, by its
/// key in `rare` when it has no place.
#[inline]
fn gather(chunk: &mut Vec<u64>, rare: &mut Vec<u64>, key: u32, doc: DocId, position: u32) {
    match dense_key(key) {
        Some(place) => chunk.push(pack(place as u32, doc, position)),
        None => rare.push(pack(key, doc, position)),
    }
}

impl RecallWriter {
    fn new(fields: Vec<(Field, u32)>) -> RecallWriter {
        RecallWriter {
            fields,
            chunk: Vec::with_capacity(CHUNK_TOKENS + 4096),
            rare: Vec::new(),
            terms: Vec::new(),
            dense: vec![NO_TERM; DENSE_KEYS],
            sparse: HashMap::new(),
            written: 0,
            scratch: Vec::new(),
            positions: Vec::new(),
            chunk_tokens: CHUNK_TOKENS,
        }
    }

    /// Ends a document: its tokens are all gathered.
    fn end_doc(&mut self) {
        if self.chunk.len() + self.rare.len() >= self.chunk_tokens {
            self.flush_chunk();
        }
    }

    /// Sorts the gathered tokens by term, document and position and appends
    /// them to their terms' postings. Called at document boundaries only, so
    /// that a document is never added twice to one term.
    fn flush_chunk(&mut self) {
        let mut chunk = std::mem::take(&mut self.chunk);
        sort_by_place(&mut chunk, &mut self.scratch);
        self.add_sorted(&chunk, true);
        chunk.clear();
        self.chunk = chunk;

        let mut rare = std::mem::take(&mut self.rare);
        rare.sort_unstable();
        self.add_sorted(&rare, false);
        rare.clear();
        self.rare = rare;
    }

    /// Adds sorted tokens to their terms' postings; `placed` when their top
    /// bits are places of the table of terms rather than keys.
    fn add_sorted(&mut self, tokens: &[u64], placed: bool) {
        let mut positions = std::mem::take(&mut self.positions);
        let mut at = 0;
        while at < tokens.len() {
            // the tokens of one term in one document
            let group = tokens[at] >> POSITION_BITS;
            positions.clear();
            let mut previous = None;
            while at < tokens.len() && tokens[at] >> POSITION_BITS == group {
                let position = (tokens[at] & ((1 << POSITION_BITS) - 1)) as u32;
                // a token twice is one occurrence
                if previous.replace(position) != Some(position) {
                    positions.push(position);
                }
                at += 1;
            }
            let (top, doc, _) = unpack(group << POSITION_BITS);
            let slot = if placed {
                &mut self.dense[top as usize]
            } else {
                self.sparse.entry(top).or_insert(NO_TERM)
            };
            if *slot == NO_TERM {
                *slot = self.terms.len() as u32;
                let key = if placed {
                    key_at_place(top as usize)
                } else {
                    top
                };
                self.terms.push((key, TermPostings::default()));
            }
            let term = *slot as usize;
            self.terms[term].1.add_doc(doc, &positions);
            self.written += TermPostings::bytes_for(positions.len());
        }
        self.positions = positions;
    }
}

impl PluginWriter for RecallWriter {
    fn add_document(
        &mut self,
        doc_id: DocId,
        doc: &dyn ErasedDocument,
        _schema: &Schema,
    ) -> tantivy::Result<()> {
        let Some(doc) = doc.as_any().downcast_ref::<TantivyDocument>() else {
            return Err(corrupted("documents must be TantivyDocument"));
        };
        if u64::from(doc_id) >= 1 << DOC_BITS {
            return Err(corrupted("too many documents in one segment"));
        }
        let mut offset: u32 = 0;
        let values = self
            .fields
            .iter()
            .flat_map(|&(field, flag)| doc.get_all(field).map(move |value| (value, flag)));
        let (chunk, rare) = (&mut self.chunk, &mut self.rare);
        for (value, flag) in values {
            let Some(text) = value.as_str() else {
                continue;
            };
            let mut last = offset;
            let mut overflow = false;
            for_each_recall_token(text, |key, position| {
                let key = key | flag;
                let position = offset + position;
                if position >= 1 << POSITION_BITS {
                    overflow = true;
                    return;
                }
                debug_assert!(key < 1 << KEY_BITS);
                last = last.max(position + 1);
                gather(chunk, rare, key, doc_id, position);
            });
            if overflow {
                return Err(corrupted(&format!(
                    "a text of document {doc_id} is longer than {} characters",
                    1u32 << POSITION_BITS
                )));
            }
            // values of one field never form a phrase together
            offset = last + 1;
        }
        self.end_doc();
        Ok(())
    }

    fn serialize(
        mut self: Box<Self>,
        segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(corrupted("sorted indexes are not supported"));
        }
        self.flush_chunk();
        let mut terms = std::mem::take(&mut self.terms);
        drop(self);
        terms.sort_unstable_by_key(|(key, _)| *key);
        let mut out = FileWriter::new(segment.open_write(component())?);
        for (key, mut postings) in terms {
            out.write_term(key, &mut postings)?;
        }
        out.finish()
    }

    fn mem_usage(&self) -> usize {
        // postings grow by doubling: half as much again as was written to them
        (self.chunk.capacity() + self.rare.capacity() + self.scratch.capacity())
            * std::mem::size_of::<u64>()
            + self.dense.capacity() * std::mem::size_of::<u32>()
            + self.terms.capacity() * std::mem::size_of::<(u32, TermPostings)>()
            + self.written * 3 / 2
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

// ------------------------------------------------------------------ query

/// Exact match of a phrase of recall terms: `(offset, key)` pairs as made by
/// [`super::tokenize::run_terms`]. Scored by the number of occurrences
/// (saturating) and how rare the phrase is in the segment.
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
        Ok(Box::new(RecallWeight {
            terms: Arc::new(self.terms.clone()),
            segments: self.segments.clone(),
            scoring: enable_scoring.is_scoring_enabled(),
        }))
    }
}

struct RecallWeight {
    terms: Arc<Vec<(u32, u32)>>,
    segments: RecallSegments,
    scoring: bool,
}

impl RecallWeight {
    /// Matching documents of one segment with their number of occurrences.
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Vec<(DocId, u32)>> {
        if self.terms.is_empty() {
            return Ok(Vec::new());
        }
        let segment = self.segments.get(reader)?;
        let mut cursors: Vec<(u32, TermCursor)> = Vec::with_capacity(self.terms.len());
        for &(offset, key) in self.terms.iter() {
            match TermCursor::open(&segment, key) {
                Some(cursor) => cursors.push((offset, cursor)),
                None => return Ok(Vec::new()),
            }
        }
        // the rarest term drives
        cursors.sort_by_key(|(_, cursor)| cursor.len());
        let mut matches = Vec::new();
        let single = cursors.len() == 1;
        let (mut starts, mut other) = (Vec::new(), Vec::new());
        let mut doc = cursors[0].1.doc();
        'docs: while doc != TERMINATED {
            for i in 1..cursors.len() {
                let found = cursors[i].1.seek(doc);
                if found != doc {
                    if found == TERMINATED {
                        break 'docs;
                    }
                    doc = cursors[0].1.seek(found);
                    continue 'docs;
                }
            }
            if single {
                matches.push((doc, cursors[0].1.freq()));
            } else {
                // phrase starts that every term agrees on
                starts.clear();
                let (offset, cursor) = &mut cursors[0];
                cursor.positions(&mut starts);
                starts.retain_mut(|p| match p.checked_sub(*offset) {
                    Some(start) => {
                        *p = start;
                        true
                    }
                    None => false,
                });
                for (offset, cursor) in cursors.iter_mut().skip(1) {
                    other.clear();
                    cursor.positions(&mut other);
                    starts.retain(|start| other.binary_search(&(*start + *offset)).is_ok());
                    if starts.is_empty() {
                        break;
                    }
                }
                if !starts.is_empty() {
                    matches.push((doc, starts.len() as u32));
                }
            }
            doc = cursors[0].1.advance();
        }
        Ok(matches)
    }
}

impl Weight for RecallWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        // inverse document frequency within the segment
        let n = reader.max_doc().max(1) as f32;
        let idf = |df: f32| (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        if let [(_, key)] = self.terms.as_slice() {
            // one term: walk its list lazily, skipping blocks on seek
            let Some(cursor) = TermCursor::open(&self.segments.get(reader)?, *key) else {
                return Ok(Box::new(EmptyScorer));
            };
            let docs = cursor.len();
            return Ok(Box::new(TermScorer {
                cursor,
                docs,
                weight: if self.scoring {
                    boost * idf(docs as f32)
                } else {
                    1.0
                },
                scoring: self.scoring,
            }));
        }
        let matches = self.matches(reader)?;
        let idf = idf(matches.len() as f32);
        Ok(Box::new(RecallScorer {
            matches,
            at: 0,
            weight: if self.scoring { boost * idf } else { 1.0 },
            scoring: self.scoring,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        explain_match(self.scorer(reader, 1.0)?, doc, "recall phrase", &self.terms)
    }
}

/// The score `scorer` gives `doc`, as an explanation, or an error when it
/// does not match `query`.
fn explain_match(
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

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn postings_gathered_by_chunks_are_those_of_all_tokens_sorted(
            docs in proptest::collection::vec(
                proptest::collection::vec((0u32..4, 0u32..(1 << 21), any::<bool>(), 0u32..1500), 0..40),
                0..30),
            chunk_tokens in 1usize..200,
        ) {
            // tokens as a segment writer gets them: by document, then position
            // (steps of 0 to 1,499: the same token twice is one occurrence), of
            // BMP characters, common pairs and characters of other planes, of
            // passages and of quotes
            let mut writer = RecallWriter::new(Vec::new());
            writer.chunk_tokens = chunk_tokens;
            let mut all = Vec::new();
            for (doc, keys) in docs.iter().enumerate() {
                let mut position = 0;
                for &(kind, value, quote, step) in keys {
                    let base = match kind {
                        0 => PAIR_KEY_BASE + value % DENSE_PAIRS,
                        1 => 0x1_0000 + value % 0x10_0000,
                        _ => value % DENSE_CHARS,
                    };
                    let key = if quote { base | QUOTE_TERM } else { base };
                    position += step;
                    gather(&mut writer.chunk, &mut writer.rare, key, doc as u32, position);
                    all.push(pack(key, doc as u32, position));
                }
                writer.end_doc();
            }
            writer.flush_chunk();
            let mut got = std::mem::take(&mut writer.terms);
            got.sort_unstable_by_key(|(key, _)| *key);

            all.sort_unstable();
            all.dedup();
            let mut expected: Vec<(u32, TermPostings)> = Vec::new();
            let mut at = 0;
            while at < all.len() {
                let (key, doc, _) = unpack(all[at]);
                let mut positions = Vec::new();
                while at < all.len() && unpack(all[at]).0 == key && unpack(all[at]).1 == doc {
                    positions.push(unpack(all[at]).2);
                    at += 1;
                }
                if expected.last().map(|(k, _)| *k) != Some(key) {
                    expected.push((key, TermPostings::default()));
                }
                if let Some((_, postings)) = expected.last_mut() {
                    postings.add_doc(doc, &positions);
                }
            }
            prop_assert_eq!(&got, &expected);
            let written: usize = got.iter().map(|(_, p)| p.skips.len() + p.doc_bytes.len() + p.position_bytes.len()).sum();
            prop_assert!(written <= writer.written, "{} > {}", written, writer.written);
        }
    }

    #[test]
    fn the_dense_table_keeps_the_order_of_keys() {
        let keys = [
            0u32,
            'a' as u32,
            '新' as u32,
            0xFFFF,
            PAIR_KEY_BASE,
            PAIR_KEY_BASE + DENSE_PAIRS - 1,
            QUOTE_TERM,
            '新' as u32 | QUOTE_TERM,
            PAIR_KEY_BASE | QUOTE_TERM,
            (PAIR_KEY_BASE + DENSE_PAIRS - 1) | QUOTE_TERM,
        ];
        let places: Vec<usize> = keys.iter().map(|&k| dense_key(k).unwrap()).collect();
        assert!(places.windows(2).all(|w| w[0] < w[1]), "{places:?}");
        assert_eq!(*places.last().unwrap(), DENSE_KEYS - 1);
        for (&key, &place) in keys.iter().zip(&places) {
            assert_eq!(key_at_place(place), key);
        }
        // a character of another plane has no place
        assert_eq!(dense_key(0x2_0000), None);
        assert_eq!(dense_key(0x2_0000 | QUOTE_TERM), None);
    }
}
