//! Reading the recall component of a segment: the memory-mapped file
//! checked on open ([`RecallSegment`]), the posting list of one term
//! ([`Postings`]) and its cursor ([`Cursor`]), which skips whole blocks on
//! seek; and the components of a searcher's segments, opened once
//! ([`RecallSegments`]). The byte layout is `format`'s; merging the lists of
//! one character is `union`'s; queries are `phrase`'s and `near`'s.
//!
//! One concern at about 600 lines: the segment, its postings and their
//! cursor share the checks of one file format (checksums, skip entries,
//! varints within bounds) and are read together on every query.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tantivy::directory::error::OpenReadError;
use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader, TERMINATED};

#[cfg(test)]
use super::format::TermPostings;
use super::format::{
    get_varint, layout, read_u32, read_u64, table_checksum, BLOCK, CHECKSUM_VERSION, MAGIC,
    READ_VERSIONS, SKIP_LEN, VERSION,
};
use super::{component, damaged, EXTENSION};

/// The recall component of one segment, memory-mapped.
///
/// Opening it checks the footer and the term table (and, from version 3,
/// the table's checksum); the postings of a term are checked (checksum and
/// skip entries) the first time they are read, once per term and process.
/// A file that fails either is a data-corruption error naming it.
#[derive(Clone)]
pub struct RecallSegment {
    data: OwnedBytes,
    /// the file's name in the index folder, for errors
    name: Arc<str>,
    max_doc: DocId,
    version: u32,
    table_at: usize,
    entry_len: usize,
    terms: usize,
    /// one bit per term: its postings were checked
    checked: Arc<[AtomicU64]>,
}

impl RecallSegment {
    pub fn open(reader: &SegmentReader) -> tantivy::Result<RecallSegment> {
        let name = file_name(reader.segment_id());
        let data = reader
            .open_read(component())
            .map_err(|e| match e {
                OpenReadError::IoError { io_error, .. } => {
                    damaged(&name, crate::error::open_read_reason(&io_error))
                }
                other => tantivy::TantivyError::from(other),
            })?
            .read_bytes()
            .map_err(|e| damaged(&name, format!("cannot read the file: {e}")))?;
        RecallSegment::from_bytes(data, &name, reader.max_doc())
            .map_err(|reason| damaged(&name, reason))
    }

    /// The component in `data` (the file without tantivy's footer) of a
    /// segment of `max_doc` documents, its footer and term table checked;
    /// `name` is the file's, for errors. Err holds why the file is damaged.
    pub(super) fn from_bytes(
        data: OwnedBytes,
        name: &str,
        max_doc: DocId,
    ) -> Result<RecallSegment, String> {
        let len = data.len();
        let tail = |back: usize| len.checked_sub(back).and_then(|at| read_u32(&data, at));
        let (Some(magic), Some(version)) = (tail(4), tail(8)) else {
            return Err(format!("file too short ({len} bytes)"));
        };
        if magic != MAGIC {
            return Err("not a recall index file (wrong magic number)".to_string());
        }
        if !READ_VERSIONS.contains(&version) {
            return Err(if version > VERSION {
                format!("file version {version} was written by a newer policy-search (this one reads up to {VERSION})")
            } else {
                format!("unknown file version {version}")
            });
        }
        let (footer_len, entry_len) = layout(version);
        let Some(footer) = len.checked_sub(footer_len) else {
            return Err(format!("file too short ({len} bytes)"));
        };
        let inconsistent = || "inconsistent term table".to_string();
        let terms = read_u32(&data, footer).ok_or_else(inconsistent)? as usize;
        let table_at = read_u64(&data, footer + 4).ok_or_else(inconsistent)?;
        let table_at = usize::try_from(table_at).map_err(|_| inconsistent())?;
        let table_end = terms
            .checked_mul(entry_len)
            .and_then(|bytes| bytes.checked_add(table_at));
        if table_end != Some(footer) {
            return Err(inconsistent());
        }
        if version >= CHECKSUM_VERSION {
            let stored = read_u32(&data, footer + 12).ok_or_else(inconsistent)?;
            let computed = table_checksum(&data[table_at..footer], terms as u32, table_at as u64);
            if stored != computed {
                return Err("checksum mismatch in the term table".to_string());
            }
        }
        // every term's sections in order and inside the file, keys increasing,
        // as many skip entries as blocks: what `postings` relies on to slice
        let mut previous_key = None;
        let mut previous_end = 0;
        for i in 0..terms {
            let at = table_at + i * entry_len;
            let entry = |offset: usize| read_u64(&data, at + offset);
            let (Some(key), Some(docs)) = (read_u32(&data, at), read_u32(&data, at + 4)) else {
                return Err(inconsistent());
            };
            let (Some(skips), Some(doc_bytes), Some(positions), Some(end)) =
                (entry(8), entry(16), entry(24), entry(32))
            else {
                return Err(inconsistent());
            };
            let ordered = skips == previous_end
                && skips <= doc_bytes
                && doc_bytes <= positions
                && positions <= end
                && end <= table_at as u64
                && docs > 0
                && doc_bytes - skips == (docs as u64).div_ceil(BLOCK as u64) * SKIP_LEN as u64
                && previous_key.is_none_or(|k| k < key);
            if !ordered {
                return Err(format!("inconsistent term table (entry {i})"));
            }
            previous_key = Some(key);
            previous_end = end;
        }
        // the postings fill the file up to the table: no byte outside a checksum
        if previous_end != table_at as u64 {
            return Err(inconsistent());
        }
        let checked = (0..terms.div_ceil(64)).map(|_| AtomicU64::new(0)).collect();
        Ok(RecallSegment {
            data,
            name: name.into(),
            max_doc,
            version,
            table_at,
            entry_len,
            terms,
            checked,
        })
    }

    /// The version of the file's layout.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Number of terms.
    pub fn terms(&self) -> usize {
        self.terms
    }

    fn entry_at(&self, i: usize) -> usize {
        self.table_at + i * self.entry_len
    }

    fn key_at(&self, i: usize) -> u32 {
        // inside the table, checked on open
        read_u32(&self.data, self.entry_at(i)).unwrap_or_default()
    }

    /// The term keys, in order.
    pub fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.terms).map(|i| self.key_at(i))
    }

    /// The postings of one term, `None` when no text of the segment has it;
    /// an error when they are damaged.
    pub fn postings(&self, key: u32) -> tantivy::Result<Option<Postings>> {
        let (mut low, mut high) = (0, self.terms);
        while low < high {
            let mid = (low + high) / 2;
            match self.key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    return self
                        .postings_at(mid)
                        .map(Some)
                        .map_err(|reason| damaged(&self.name, reason));
                }
            }
        }
        Ok(None)
    }

    /// The postings of the `i`th term, checked the first time.
    fn postings_at(&self, i: usize) -> Result<Postings, String> {
        let at = self.entry_at(i);
        // inside the table, and the offsets in order inside the file: checked on open
        let docs = read_u32(&self.data, at + 4).unwrap_or_default();
        let offset = |i: usize| read_u64(&self.data, at + 8 + 8 * i).unwrap_or_default() as usize;
        let (skips, doc_bytes, positions, end) = (offset(0), offset(1), offset(2), offset(3));
        let postings = Postings {
            docs,
            max_doc: self.max_doc,
            skips: self.data.slice(skips..doc_bytes),
            doc_bytes: self.data.slice(doc_bytes..positions),
            position_bytes: self.data.slice(positions..end),
        };
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        if self.checked[word].load(Ordering::Relaxed) & bit != 0 {
            return Ok(postings);
        }
        if self.version >= CHECKSUM_VERSION {
            let stored = read_u32(&self.data, at + 40).unwrap_or_default();
            if crc32fast::hash(&self.data[skips..end]) != stored {
                return Err(format!(
                    "checksum mismatch in the postings of term {:#x} (bytes {skips}..{end})",
                    self.key_at(i)
                ));
            }
        }
        postings.check_skips().map_err(|reason| {
            format!(
                "postings of term {:#x} (bytes {skips}..{end}): {reason}",
                self.key_at(i)
            )
        })?;
        self.checked[word].fetch_or(bit, Ordering::Relaxed);
        Ok(postings)
    }

    /// Checks every term's checksum (from version 3) and skip entries, what
    /// a query checks of the terms it reads; an error names the file.
    pub fn verify_checksums(&self) -> tantivy::Result<()> {
        for i in 0..self.terms {
            self.postings_at(i)
                .map_err(|reason| damaged(&self.name, reason))?;
        }
        Ok(())
    }

    /// Checks the whole file: every term's checksum and skip entries, and
    /// every document and position decoded (ids increasing and below the
    /// segment's document count, each section read to its end). What
    /// `policy-search check` runs; a query checks only the terms it reads.
    pub fn verify(&self) -> Result<(), String> {
        for i in 0..self.terms {
            let postings = self.postings_at(i)?;
            postings
                .verify()
                .map_err(|reason| format!("postings of term {:#x}: {reason}", self.key_at(i)))?;
        }
        Ok(())
    }
}

/// The name of a segment's recall file in the index folder.
fn file_name(segment: SegmentId) -> String {
    format!("{}.{EXTENSION}", segment.uuid_string())
}

impl RecallSegment {
    /// The component in `bytes` (a recall file's content, without tantivy's
    /// footer) of a segment of `max_doc` documents, its footer and term
    /// table checked; Err holds why it is damaged. For tools and the fuzz
    /// targets: a searcher opens its segments with [`RecallSegment::open`].
    pub fn from_content(bytes: Vec<u8>, max_doc: DocId) -> Result<RecallSegment, String> {
        RecallSegment::from_bytes(OwnedBytes::new(bytes), "<bytes>", max_doc)
    }
}

/// Opens the recall file in `bytes` (its content without tantivy's footer)
/// of a segment of `max_doc` documents and checks it whole
/// ([`RecallSegment::verify`]); Err holds why it is damaged. A damaged file
/// is an error, never a panic, whatever its bytes.
pub fn verify_bytes(bytes: Vec<u8>, max_doc: DocId) -> Result<(), String> {
    RecallSegment::from_content(bytes, max_doc)?.verify()
}

/// The posting list of one term in one segment (shares the mapped file).
#[derive(Clone)]
pub struct Postings {
    docs: u32,
    /// documents of the segment: a decoded id at or past it ends the list
    max_doc: DocId,
    skips: OwnedBytes,
    doc_bytes: OwnedBytes,
    position_bytes: OwnedBytes,
}

impl Postings {
    pub fn len(&self) -> u32 {
        self.docs
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    fn blocks(&self) -> usize {
        self.skips.len() / SKIP_LEN
    }

    /// (last doc, docs end, positions end) of block `i` (zeros past the
    /// last block).
    fn skip(&self, i: usize) -> (DocId, usize, usize) {
        let at = i * SKIP_LEN;
        let value = |offset: usize| read_u32(&self.skips, at + offset).unwrap_or_default();
        (value(0), value(4) as usize, value(8) as usize)
    }

    /// The skip entries agree with the sections: each block's last document
    /// past the previous block's and inside the segment, its ends in order
    /// and inside the sections, the last block's at their ends.
    fn check_skips(&self) -> Result<(), String> {
        let blocks = self.blocks();
        if blocks != (self.docs as usize).div_ceil(BLOCK) {
            return Err(format!("{blocks} skip entries for {} documents", self.docs));
        }
        let (mut previous_last, mut previous_docs_end, mut previous_positions_end) = (None, 0, 0);
        for i in 0..blocks {
            let (last, docs_end, positions_end) = self.skip(i);
            if last >= self.max_doc {
                return Err(format!(
                    "document {last} past the segment's {} documents",
                    self.max_doc
                ));
            }
            if previous_last.is_some_and(|previous| last <= previous)
                || docs_end < previous_docs_end
                || positions_end < previous_positions_end
                || docs_end > self.doc_bytes.len()
                || positions_end > self.position_bytes.len()
            {
                return Err(format!("skip entry {i} out of order"));
            }
            (previous_last, previous_docs_end, previous_positions_end) =
                (Some(last), docs_end, positions_end);
        }
        if previous_docs_end != self.doc_bytes.len()
            || previous_positions_end != self.position_bytes.len()
        {
            return Err("the last skip entry does not end the postings".to_string());
        }
        Ok(())
    }

    /// Decodes the whole list: document ids increasing and inside the
    /// segment, at least one position each and positions not decreasing,
    /// each block's bytes ending where its skip entry says.
    fn verify(&self) -> Result<(), String> {
        self.check_skips()?;
        let docs = self.docs as usize;
        let (mut doc_at, mut position_at) = (0, 0);
        let mut doc: DocId = 0;
        for block in 0..self.blocks() {
            let (last, docs_end, positions_end) = self.skip(block);
            for i in 0..BLOCK.min(docs - block * BLOCK) {
                let delta = varint_within(&self.doc_bytes, &mut doc_at, docs_end)?;
                let freq = varint_within(&self.doc_bytes, &mut doc_at, docs_end)?;
                if delta == 0 && (block > 0 || i > 0) {
                    return Err(format!("document {doc} listed twice"));
                }
                doc = doc
                    .checked_add(delta)
                    .filter(|&doc| doc < self.max_doc)
                    .ok_or_else(|| {
                        format!("a document past the segment's {} documents", self.max_doc)
                    })?;
                if freq == 0 {
                    return Err(format!("document {doc} without positions"));
                }
                let mut position: u32 = 0;
                for _ in 0..freq {
                    let delta =
                        varint_within(&self.position_bytes, &mut position_at, positions_end)?;
                    position = position
                        .checked_add(delta)
                        .ok_or_else(|| format!("a position of document {doc} overflows"))?;
                }
            }
            if doc != last {
                return Err(format!(
                    "block {block} ends with document {doc}, its skip entry says {last}"
                ));
            }
            if doc_at != docs_end || position_at != positions_end {
                return Err(format!(
                    "block {block} does not end where its skip entry says"
                ));
            }
        }
        Ok(())
    }

    pub fn cursor(self) -> Cursor {
        let mut cursor = Cursor {
            postings: self,
            block: 0,
            left_in_block: 0,
            doc_at: 0,
            position_at: 0,
            doc: 0,
            first: true,
            freq: 0,
            unskipped: 0,
        };
        cursor.enter_block(0);
        cursor.advance();
        cursor
    }
}

/// The varint at `at`, which must end at or before `end`.
fn varint_within(data: &[u8], at: &mut usize, end: usize) -> Result<u32, String> {
    let value = get_varint(data, at);
    if *at > end {
        return Err(format!("a number runs past its block's end at byte {end}"));
    }
    Ok(value)
}

/// Iterates a posting list in document order, skipping whole blocks on seek.
///
/// The skip entries were checked when the list was read (and its bytes
/// against their checksum, from version 3); decoding is still bounded, so
/// that bytes no checksum covers (versions 1 and 2) never panic: a document
/// id out of order or past the segment ends the list.
pub struct Cursor {
    postings: Postings,
    block: usize,
    left_in_block: usize,
    /// next byte of the docs stream
    doc_at: usize,
    /// positions of the documents decoded so far in this block end here
    position_at: usize,
    doc: DocId,
    /// the next document is the list's first (its delta may be 0)
    first: bool,
    freq: u32,
    /// positions not yet skipped in the positions stream (of the documents
    /// passed since `position_at`), so that only documents whose positions are
    /// read pay for scanning past their predecessors'
    unskipped: u32,
}

impl Cursor {
    fn enter_block(&mut self, block: usize) {
        self.block = block;
        let blocks = self.postings.blocks();
        if block >= blocks {
            self.left_in_block = 0;
            return;
        }
        let (base, doc_at, position_at) = if block == 0 {
            (0, 0, 0)
        } else {
            self.postings.skip(block - 1)
        };
        let docs = self.postings.docs as usize;
        self.left_in_block = BLOCK.min(docs.saturating_sub(block * BLOCK));
        self.doc_at = doc_at;
        self.position_at = position_at;
        self.unskipped = 0;
        self.freq = 0;
        // the first delta of a block is relative to the previous block's last doc
        self.doc = base;
        self.first = block == 0;
    }

    /// Ends the list (its bytes do not hold what the layout says).
    fn stop(&mut self) -> DocId {
        self.block = self.postings.blocks();
        self.left_in_block = 0;
        self.freq = 0;
        self.doc = TERMINATED;
        TERMINATED
    }

    pub fn doc(&self) -> DocId {
        self.doc
    }

    pub fn freq(&self) -> u32 {
        self.freq
    }

    /// Documents of the whole list.
    pub fn len(&self) -> u32 {
        self.postings.docs
    }

    pub fn is_empty(&self) -> bool {
        self.postings.docs == 0
    }

    pub fn advance(&mut self) -> DocId {
        if self.left_in_block == 0 {
            if self.block + 1 >= self.postings.blocks() {
                return self.stop();
            }
            self.enter_block(self.block + 1);
        }
        let bytes: &[u8] = &self.postings.doc_bytes;
        let delta = get_varint(bytes, &mut self.doc_at);
        // the previous document's positions are now behind
        self.unskipped = self.unskipped.saturating_add(self.freq);
        self.freq = get_varint(bytes, &mut self.doc_at);
        let doc = self.doc.saturating_add(delta);
        if (delta == 0 && !self.first) || doc >= self.postings.max_doc {
            return self.stop();
        }
        self.first = false;
        self.doc = doc;
        self.left_in_block -= 1;
        self.doc
    }

    /// First document `>= target`.
    pub fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let blocks = self.postings.blocks();
        // the block that holds target, if past the current one
        let (last, _, _) = self.postings.skip(self.block.min(blocks.saturating_sub(1)));
        if target > last {
            let mut low = self.block + 1;
            let mut high = blocks;
            while low < high {
                let mid = (low + high) / 2;
                if self.postings.skip(mid).0 < target {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            if low >= blocks {
                return self.stop();
            }
            self.enter_block(low);
        }
        while self.doc < target {
            if self.advance() == TERMINATED {
                return TERMINATED;
            }
        }
        self.doc
    }

    /// Appends the positions of the current document to `out`.
    pub fn positions(&mut self, out: &mut Vec<u32>) {
        let bytes: &[u8] = &self.postings.position_bytes;
        let mut at = self.position_at;
        for _ in 0..self.unskipped {
            while bytes.get(at).is_some_and(|&byte| byte >= 0x80) {
                at += 1;
            }
            at += 1;
            if at >= bytes.len() {
                break;
            }
        }
        self.position_at = at;
        self.unskipped = 0;
        let mut position: u32 = 0;
        for _ in 0..self.freq {
            if at >= bytes.len() {
                break;
            }
            position = position.wrapping_add(get_varint(bytes, &mut at));
            out.push(position);
        }
    }
}

/// The recall components of a searcher's segments, opened once: opening one
/// maps its file, which costs more than a short query.
#[derive(Clone, Default)]
pub struct RecallSegments(Arc<HashMap<SegmentId, RecallSegment>>);

impl RecallSegments {
    /// The components of `searcher`'s segments, reusing those of `previous`.
    pub fn refresh(previous: &RecallSegments, searcher: &Searcher) -> tantivy::Result<Self> {
        let readers = searcher.segment_readers();
        if readers.len() == previous.0.len()
            && readers
                .iter()
                .all(|reader| previous.0.contains_key(&reader.segment_id()))
        {
            return Ok(previous.clone());
        }
        let mut map = HashMap::with_capacity(readers.len());
        for reader in readers {
            let id = reader.segment_id();
            let segment = match previous.0.get(&id) {
                Some(segment) => segment.clone(),
                None => RecallSegment::open(reader)?,
            };
            map.insert(id, segment);
        }
        Ok(RecallSegments(Arc::new(map)))
    }

    pub(super) fn get(&self, reader: &SegmentReader) -> tantivy::Result<RecallSegment> {
        match self.0.get(&reader.segment_id()) {
            Some(segment) => Ok(segment.clone()),
            None => RecallSegment::open(reader),
        }
    }
}

#[cfg(test)]
impl Postings {
    /// A posting list in memory, as the file holds it (its last block closed).
    pub(super) fn from_term(term: TermPostings) -> Postings {
        Postings {
            docs: term.docs,
            max_doc: TERMINATED,
            skips: OwnedBytes::new(term.skips),
            doc_bytes: OwnedBytes::new(term.doc_bytes),
            position_bytes: OwnedBytes::new(term.position_bytes),
        }
    }
}

#[cfg(test)]
mod tests;
