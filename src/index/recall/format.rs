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
//!               positions offset u64, end u64, checksum u32] × terms (44
//!              bytes each), sorted by key, offsets absolute; a term's skips
//!              start where the previous term's positions end; the checksum
//!              is the CRC-32 of the term's bytes, skips to end
//! footer:      terms u32, table offset u64, table checksum u32, version u32,
//!              magic u32 (24 bytes; magic 0x5053_5243, the bytes "CRSP");
//!              the table checksum is the CRC-32 of the table followed by the
//!              footer's first 12 bytes
//! ```
//! A term key is a character's code point, or `PAIR_KEY_BASE` plus the slot
//! of a common pair (`tokens`), with `QUOTE_TERM` set for quote texts.
//! Positions count the characters of a document's texts, with a gap between
//! runs of word characters and between the values of a field.
//!
//! Versions: 3 is written; 1, 2 and 3 are read. Version 3 added the
//! checksums: a reader checks the table's when it opens the file and a
//! term's the first time it reads the term's postings, so that a damaged
//! file is an error, never a wrong answer. Versions 1 and 2 have neither
//! (table entries of 40 bytes, a footer of 20: terms, table offset,
//! version, magic) and are read without them; `policy-search check` still
//! finds their damage through tantivy's checksum of the whole file, and a
//! new ingest writes version 3. Versions 1 and 2 differ in the tokens:
//! version 1 held every character as a term of its own, version 2 only the
//! characters no common pair covers.
//!
//! The version and magic are the last 8 bytes of every version, so a reader
//! knows the footer's length before reading it. Every read of the layout is
//! bounds-checked (`reader`): a file whose bytes do not fit the layout is a
//! data-corruption error naming the file.

use std::io::Write;

use tantivy::directory::TerminatingWrite;
use tantivy::DocId;

pub(super) const MAGIC: u32 = 0x5053_5243;
/// Version of the file layout written: 3, with checksums. Version 1 held
/// every character as a token of its own; version 2 only those no common
/// pair covers. A query finds a character through its own term and the pairs
/// it is part of, which is exact on both, so files of every version are read
/// (and merged) alike.
pub(super) const VERSION: u32 = 3;
/// The first version with checksums.
pub(super) const CHECKSUM_VERSION: u32 = 3;
pub(super) const READ_VERSIONS: [u32; 3] = [1, 2, 3];
/// Documents per block of a posting list (one skip entry each).
pub(super) const BLOCK: usize = 128;
/// Bytes of a skip entry: last doc, docs end, positions end.
pub(super) const SKIP_LEN: usize = 12;

/// The lengths of the footer and of a table entry in a file of `version`.
pub(super) fn layout(version: u32) -> (usize, usize) {
    if version >= CHECKSUM_VERSION {
        (4 + 8 + 4 + 4 + 4, 4 + 4 + 8 * 4 + 4)
    } else {
        (4 + 8 + 4 + 4, 4 + 4 + 8 * 4)
    }
}

/// The checksum of the term table: CRC-32 of the table and of the footer's
/// term count and table offset.
pub(super) fn table_checksum(table: &[u8], terms: u32, table_at: u64) -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(table);
    hasher.update(&terms.to_le_bytes());
    hasher.update(&table_at.to_le_bytes());
    hasher.finalize()
}

fn put_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

#[inline]
pub(super) fn get_varint(data: &[u8], at: &mut usize) -> u32 {
    // one byte: the frequencies, and the document deltas of a frequent term
    if let Some(&byte) = data.get(*at) {
        if byte < 0x80 {
            *at += 1;
            return u32::from(byte);
        }
    }
    get_long_varint(data, at)
}

fn get_long_varint(data: &[u8], at: &mut usize) -> u32 {
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

/// The little-endian `u32` at `at`; `None` past the end of `data`.
pub(super) fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// The little-endian `u64` at `at`; `None` past the end of `data`.
pub(super) fn read_u64(data: &[u8], at: usize) -> Option<u64> {
    let bytes = data.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(bytes.try_into().ok()?))
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
        let mut checksum = crc32fast::Hasher::new();
        for bytes in [
            &postings.skips,
            &postings.doc_bytes,
            &postings.position_bytes,
        ] {
            self.write.write_all(bytes)?;
            checksum.update(bytes);
        }
        self.written = end;
        self.table.extend_from_slice(&key.to_le_bytes());
        self.table.extend_from_slice(&postings.docs.to_le_bytes());
        for offset in [skips_at, docs_at, positions_at, end] {
            self.table.extend_from_slice(&offset.to_le_bytes());
        }
        self.table
            .extend_from_slice(&checksum.finalize().to_le_bytes());
        self.terms += 1;
        Ok(())
    }

    pub(super) fn finish(mut self) -> tantivy::Result<()> {
        let table_at = self.written;
        self.write.write_all(&self.table)?;
        self.write.write_all(&self.terms.to_le_bytes())?;
        self.write.write_all(&table_at.to_le_bytes())?;
        let checksum = table_checksum(&self.table, self.terms, table_at);
        self.write.write_all(&checksum.to_le_bytes())?;
        self.write.write_all(&VERSION.to_le_bytes())?;
        self.write.write_all(&MAGIC.to_le_bytes())?;
        self.write.terminate()?;
        Ok(())
    }
}
