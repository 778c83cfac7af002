//! The on-disk layout of the recall component (`.rcl`): the variable-length
//! integers, the postings of one term as they are encoded
//! ([`TermPostings`]) and the writer of a whole file ([`FileWriter`]). It
//! owns the bytes; what they mean to a query is `reader`'s and `union`'s,
//! and which tokens are written is `writer`'s and `tokens`'.
//!
//! All integers are little-endian. A varint is a `u32` in groups of 7 bits,
//! lowest first, the high bit of a byte set when another follows. A file is:
//! ```text
//! per term, in order of key, back to back from offset 0:
//!   skips      [last doc u32, docs end u32, positions end u32] × blocks
//!              one 12-byte entry per block of BLOCK (128) documents, the
//!              last block possibly shorter; the ends are byte offsets in
//!              the term's docs and positions sections where the next block
//!              starts
//!   docs       [doc delta varint, frequency varint] per document; the delta
//!              of the term's first document is its id, every other one is
//!              from the previous document (across blocks too)
//!   positions  [position delta varint] × frequency, per document; the first
//!              delta of a document is its position
//! table:       [key u32, documents u32, skips offset u64, docs offset u64,
//!               positions offset u64, end u64] × terms (40 bytes each),
//!              sorted by key, offsets absolute; a term's skips start where
//!              the previous term's positions end
//! footer:      terms u32, table offset u64, version u32, magic u32 (20 bytes;
//!              magic 0x5053_5243, the bytes "CRSP")
//! ```
//! A term key is a character's code point, or `PAIR_KEY_BASE` plus the slot
//! of a common pair (`tokens`), with `QUOTE_TERM` set for quote texts.
//! Positions count the characters of a document's texts, with a gap between
//! runs of word characters and between the values of a field.
//!
//! Versions: 2 is written; 1 and 2 are read. They share this byte layout and
//! differ in the tokens: version 1 held every character as a term of its
//! own, version 2 only the characters no common pair covers.

use std::io::Write;

use tantivy::directory::TerminatingWrite;
use tantivy::DocId;

pub(super) const MAGIC: u32 = 0x5053_5243;
/// Version of the file layout written. Version 1 held every character as a
/// token of its own; version 2 only those no common pair covers. A query finds
/// a character through its own term and the pairs it is part of, which is
/// exact on both, so files of either version are read (and merged) alike.
const VERSION: u32 = 2;
pub(super) const READ_VERSIONS: [u32; 2] = [1, 2];
/// Documents per block of a posting list (one skip entry each).
pub(super) const BLOCK: usize = 128;
pub(super) const FOOTER_LEN: usize = 4 + 8 + 4 + 4;
pub(super) const TABLE_ENTRY_LEN: usize = 4 + 4 + 8 * 4;

fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[inline]
pub(super) fn get_varint(data: &[u8], at: &mut usize) -> u32 {
    let mut value = 0u32;
    let mut shift = 0;
    loop {
        // past the end only in a damaged file: read zeros rather than panic
        let byte = data.get(*at).copied().unwrap_or(0);
        *at += 1;
        value |= u32::from(byte & 0x7F).checked_shl(shift).unwrap_or(0);
        if byte < 0x80 {
            return value;
        }
        shift += 7;
    }
}

pub(super) fn read_u32(data: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(data[at..at + 4].try_into().expect("4 bytes"))
}

pub(super) fn read_u64(data: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(data[at..at + 8].try_into().expect("8 bytes"))
}

/// The postings of one term, encoded as documents are added: varint
/// `(doc delta, frequency)` pairs, varint position deltas, and a skip entry
/// per block of [`BLOCK`] documents.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct TermPostings {
    pub(super) docs: u32,
    last_doc: DocId,
    pub(super) skips: Vec<u8>,
    pub(super) doc_bytes: Vec<u8>,
    pub(super) position_bytes: Vec<u8>,
}

impl TermPostings {
    /// Adds one document (ids increasing) with its positions (increasing).
    pub(super) fn add_doc(&mut self, doc: DocId, positions: &[u32]) {
        if self.docs > 0 && (self.docs as usize).is_multiple_of(BLOCK) {
            // close the previous block: its last document and where the next starts
            self.close_block();
        }
        let delta = if self.docs == 0 {
            doc
        } else {
            doc - self.last_doc
        };
        put_varint(&mut self.doc_bytes, delta);
        put_varint(&mut self.doc_bytes, positions.len() as u32);
        let mut previous = 0;
        for &position in positions {
            put_varint(&mut self.position_bytes, position - previous);
            previous = position;
        }
        self.last_doc = doc;
        self.docs += 1;
    }

    /// The bytes [`TermPostings::add_doc`] takes for a document of
    /// `positions` positions, for the memory budget: an upper bound while
    /// position deltas take at most two bytes, the document delta three and
    /// the frequency one (a skip entry every [`BLOCK`] documents is a byte a
    /// document).
    pub(super) fn bytes_for(positions: usize) -> usize {
        2 * positions + 4 + 1
    }

    pub(super) fn close_block(&mut self) {
        self.skips.extend_from_slice(&self.last_doc.to_le_bytes());
        self.skips
            .extend_from_slice(&(self.doc_bytes.len() as u32).to_le_bytes());
        self.skips
            .extend_from_slice(&(self.position_bytes.len() as u32).to_le_bytes());
    }

    fn clear(&mut self) {
        self.docs = 0;
        self.last_doc = 0;
        self.skips.clear();
        self.doc_bytes.clear();
        self.position_bytes.clear();
    }
}

/// Writes the component file term by term; only the term table (and, when
/// merging, the current term) is held in memory.
pub(super) struct FileWriter<W: Write + TerminatingWrite> {
    write: W,
    written: u64,
    table: Vec<u8>,
    terms: u32,
    key: u32,
    current: TermPostings,
}

impl<W: Write + TerminatingWrite> FileWriter<W> {
    pub(super) fn new(write: W) -> Self {
        FileWriter {
            write,
            written: 0,
            table: Vec::new(),
            terms: 0,
            key: 0,
            current: TermPostings::default(),
        }
    }

    pub(super) fn start_term(&mut self, key: u32) {
        self.key = key;
        self.current.clear();
    }

    /// Adds one document (ids increasing) with its positions (increasing).
    pub(super) fn add_doc(&mut self, doc: DocId, positions: &[u32]) {
        self.current.add_doc(doc, positions);
    }

    pub(super) fn end_term(&mut self) -> tantivy::Result<()> {
        let mut current = std::mem::take(&mut self.current);
        let written = self.write_term(self.key, &mut current);
        current.clear();
        self.current = current;
        written
    }

    /// Writes the postings of term `key` (keys in increasing order).
    pub(super) fn write_term(
        &mut self,
        key: u32,
        postings: &mut TermPostings,
    ) -> tantivy::Result<()> {
        if postings.docs == 0 {
            return Ok(());
        }
        // the last block's entry
        postings.close_block();
        let skips_at = self.written;
        let docs_at = skips_at + postings.skips.len() as u64;
        let positions_at = docs_at + postings.doc_bytes.len() as u64;
        let end = positions_at + postings.position_bytes.len() as u64;
        self.write.write_all(&postings.skips)?;
        self.write.write_all(&postings.doc_bytes)?;
        self.write.write_all(&postings.position_bytes)?;
        self.written = end;
        self.table.extend_from_slice(&key.to_le_bytes());
        self.table.extend_from_slice(&postings.docs.to_le_bytes());
        for offset in [skips_at, docs_at, positions_at, end] {
            self.table.extend_from_slice(&offset.to_le_bytes());
        }
        self.terms += 1;
        Ok(())
    }

    pub(super) fn finish(mut self) -> tantivy::Result<()> {
        let table_at = self.written;
        self.write.write_all(&self.table)?;
        self.write.write_all(&self.terms.to_le_bytes())?;
        self.write.write_all(&table_at.to_le_bytes())?;
        self.write.write_all(&VERSION.to_le_bytes())?;
        self.write.write_all(&MAGIC.to_le_bytes())?;
        self.write.terminate()?;
        Ok(())
    }
}
