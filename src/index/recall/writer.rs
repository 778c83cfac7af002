//! Writing the recall component of a new segment: [`RecallWriter`] gathers
//! each document's recall tokens (`tokens`) packed in one `u64` with their
//! document and position, sorts them by term every few hundred documents (a
//! radix sort over the places of a table of terms) and appends them, encoded,
//! to each term's postings; on serialize it writes the file through
//! `format`. Merging segments is the plugin's (`mod.rs`); the byte layout is
//! `format`'s.

use std::any::Any;
use std::collections::HashMap;

use tantivy::index::Segment;
use tantivy::indexer::doc_id_mapping::DocIdMapping;
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, Schema, TantivyDocument, Value};
use tantivy::{DocId, PluginWriter};

use super::format::{FileWriter, TermPostings};
use super::tokens::{for_each_recall_token, PAIR_KEY_BASE, PAIR_SLOTS};
use super::{component, corrupted, QUOTE_TERM};

const KEY_BITS: u32 = 22;
const DOC_BITS: u32 = 22;
const POSITION_BITS: u32 = 20;

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
pub(super) struct RecallWriter {
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
    pub(super) fn new(fields: Vec<(Field, u32)>) -> RecallWriter {
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
