//! Reading the recall component of a segment: the memory-mapped file
//! checked on open ([`RecallSegment`]), the posting list of one term
//! ([`Postings`]) and its cursor ([`Cursor`]), which skips whole blocks on
//! seek; and the components of a searcher's segments, opened once
//! ([`RecallSegments`]). The byte layout is `format`'s; merging the lists of
//! one character is `union`'s; queries are `phrase`'s and `near`'s.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::directory::OwnedBytes;
use tantivy::index::SegmentId;
use tantivy::{DocId, Searcher, SegmentReader, TERMINATED};

#[cfg(test)]
use super::format::TermPostings;
use super::format::{
    get_varint, read_u32, read_u64, BLOCK, FOOTER_LEN, MAGIC, READ_VERSIONS, TABLE_ENTRY_LEN,
};
use super::{component, corrupted};

/// The recall component of one segment, memory-mapped.
#[derive(Clone)]
pub struct RecallSegment {
    data: OwnedBytes,
    table_at: usize,
    terms: usize,
}

impl RecallSegment {
    pub fn open(reader: &SegmentReader) -> tantivy::Result<RecallSegment> {
        let data = reader
            .open_read(component())
            .map_err(|e| corrupted(&format!("cannot open the component: {e}")))?
            .read_bytes()?;
        let len = data.len();
        if len < FOOTER_LEN {
            return Err(corrupted("file too short"));
        }
        let footer = len - FOOTER_LEN;
        let terms = read_u32(&data, footer) as usize;
        let table_at = read_u64(&data, footer + 4) as usize;
        if read_u32(&data, footer + 16) != MAGIC
            || !READ_VERSIONS.contains(&read_u32(&data, footer + 12))
        {
            return Err(corrupted("unknown file format"));
        }
        if table_at + terms * TABLE_ENTRY_LEN != footer {
            return Err(corrupted("inconsistent term table"));
        }
        // every term's sections in order and inside the file, keys increasing:
        // what `postings` relies on to slice without checking
        let mut previous_key = None;
        let mut previous_end = 0;
        for i in 0..terms {
            let at = table_at + i * TABLE_ENTRY_LEN;
            let key = read_u32(&data, at);
            let offsets: Vec<u64> = (0..4).map(|j| read_u64(&data, at + 8 + 8 * j)).collect();
            let ordered = offsets[0] == previous_end
                && offsets.windows(2).all(|w| w[0] <= w[1])
                && offsets[3] <= table_at as u64
                && (offsets[1] - offsets[0]).is_multiple_of(12)
                && previous_key.is_none_or(|k| k < key);
            if !ordered {
                return Err(corrupted("inconsistent term table"));
            }
            previous_key = Some(key);
            previous_end = offsets[3];
        }
        Ok(RecallSegment {
            data,
            table_at,
            terms,
        })
    }

    fn key_at(&self, i: usize) -> u32 {
        read_u32(&self.data, self.table_at + i * TABLE_ENTRY_LEN)
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.terms).map(|i| self.key_at(i))
    }

    /// The postings of one term, `None` when no text of the segment has it.
    pub fn postings(&self, key: u32) -> Option<Postings> {
        let (mut low, mut high) = (0, self.terms);
        while low < high {
            let mid = (low + high) / 2;
            match self.key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let at = self.table_at + mid * TABLE_ENTRY_LEN;
                    let docs = read_u32(&self.data, at + 4);
                    let offset = |i: usize| read_u64(&self.data, at + 8 + 8 * i) as usize;
                    return Some(Postings {
                        docs,
                        skips: self.data.slice(offset(0)..offset(1)),
                        doc_bytes: self.data.slice(offset(1)..offset(2)),
                        position_bytes: self.data.slice(offset(2)..offset(3)),
                    });
                }
            }
        }
        None
    }
}

/// The posting list of one term in one segment (shares the mapped file).
#[derive(Clone)]
pub struct Postings {
    docs: u32,
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
        self.skips.len() / 12
    }

    /// (last doc, docs end, positions end) of block `i`.
    fn skip(&self, i: usize) -> (DocId, usize, usize) {
        let at = i * 12;
        (
            read_u32(&self.skips, at),
            read_u32(&self.skips, at + 4) as usize,
            read_u32(&self.skips, at + 8) as usize,
        )
    }

    pub fn cursor(self) -> Cursor {
        let mut cursor = Cursor {
            postings: self,
            block: 0,
            left_in_block: 0,
            doc_at: 0,
            position_at: 0,
            doc: 0,
            freq: 0,
            unskipped: 0,
        };
        cursor.enter_block(0);
        cursor.advance();
        cursor
    }
}

/// Iterates a posting list in document order, skipping whole blocks on seek.
pub struct Cursor {
    postings: Postings,
    block: usize,
    left_in_block: usize,
    /// next byte of the docs stream
    doc_at: usize,
    /// positions of the documents decoded so far in this block end here
    position_at: usize,
    doc: DocId,
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
        self.left_in_block = BLOCK.min(docs - block * BLOCK);
        self.doc_at = doc_at;
        self.position_at = position_at;
        self.unskipped = 0;
        self.freq = 0;
        // the first delta of a block is relative to the previous block's last doc
        self.doc = base;
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
                self.doc = TERMINATED;
                return TERMINATED;
            }
            self.enter_block(self.block + 1);
        }
        let bytes: &[u8] = &self.postings.doc_bytes;
        let delta = get_varint(bytes, &mut self.doc_at);
        // the previous document's positions are now behind
        self.unskipped += self.freq;
        self.freq = get_varint(bytes, &mut self.doc_at);
        self.doc += delta;
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
        let (last, _, _) = self.postings.skip(self.block.min(blocks - 1));
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
                self.doc = TERMINATED;
                return TERMINATED;
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
        }
        self.position_at = at;
        self.unskipped = 0;
        let mut position = 0;
        for _ in 0..self.freq {
            position += get_varint(bytes, &mut at);
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
            skips: OwnedBytes::new(term.skips),
            doc_bytes: OwnedBytes::new(term.doc_bytes),
            position_bytes: OwnedBytes::new(term.position_bytes),
        }
    }
}
