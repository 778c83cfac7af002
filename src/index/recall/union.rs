//! Where one query term occurs in one segment, as one list in document
//! order ([`TermCursor`]): a common pair's list, or a character's own list
//! merged with those of the common pairs it may begin or end
//! ([`AnyCursor`]), their positions shifted to the character's. It does not
//! decode the file (`reader`) nor match phrases (`phrase`, `near`).

use tantivy::{DocId, TERMINATED};

use super::reader::{Cursor, RecallSegment};
use super::tokens::{char_alternatives, OPEN_AFTER, OPEN_BEFORE, PAIR_KEY_BASE};
use super::QUOTE_TERM;

/// Where one query term occurs in one segment, in document order.
pub enum TermCursor {
    /// one posting list: a common pair, or a character inside its run (or
    /// one that no pair of this segment may cover)
    One(Cursor),
    /// a character at an end of its run: its own list and those of the
    /// common pairs it may begin or end there ([`char_alternatives`]), merged
    Any(AnyCursor),
}

impl TermCursor {
    /// The term `key` (a common pair, or a character that may carry
    /// [`OPEN_BEFORE`] / [`OPEN_AFTER`]; either may carry [`QUOTE_TERM`]) in
    /// `segment`; `None` when no text of the segment has it, an error when
    /// its lists are damaged.
    pub fn open(segment: &RecallSegment, key: u32) -> tantivy::Result<Option<TermCursor>> {
        let flag = key & QUOTE_TERM;
        let (before, after) = (key & OPEN_BEFORE != 0, key & OPEN_AFTER != 0);
        let base = key & !(QUOTE_TERM | OPEN_BEFORE | OPEN_AFTER);
        if base >= PAIR_KEY_BASE {
            return Ok(segment
                .postings(base | flag)?
                .map(|p| TermCursor::One(p.cursor())));
        }
        let Some(c) = char::from_u32(base) else {
            return Ok(None);
        };
        let mut parts: Vec<(Cursor, u32)> = Vec::new();
        for (key, shift) in char_alternatives(c, before, after) {
            if let Some(postings) = segment.postings(key | flag)? {
                parts.push((postings.cursor(), shift));
            }
        }
        Ok(match parts.len() {
            0 => None,
            1 if parts[0].1 == 0 => parts.pop().map(|(cursor, _)| TermCursor::One(cursor)),
            _ => Some(TermCursor::Any(AnyCursor::new(parts))),
        })
    }

    /// Documents of the lists (a document in two lists of a character counts
    /// twice): the cost of walking them.
    pub fn len(&self) -> u32 {
        match self {
            TermCursor::One(cursor) => cursor.len(),
            TermCursor::Any(any) => any.docs,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn doc(&self) -> DocId {
        match self {
            TermCursor::One(cursor) => cursor.doc(),
            TermCursor::Any(any) => any.doc,
        }
    }

    pub fn advance(&mut self) -> DocId {
        match self {
            TermCursor::One(cursor) => cursor.advance(),
            TermCursor::Any(any) => any.advance(),
        }
    }

    /// First document `>= target`.
    pub fn seek(&mut self, target: DocId) -> DocId {
        match self {
            TermCursor::One(cursor) => cursor.seek(target),
            TermCursor::Any(any) => any.seek(target),
        }
    }

    /// Occurrences in the current document.
    pub fn freq(&mut self) -> u32 {
        match self {
            TermCursor::One(cursor) => cursor.freq(),
            TermCursor::Any(any) => any.freq(),
        }
    }

    /// Appends the positions of the current document to `out`, in order.
    pub fn positions(&mut self, out: &mut Vec<u32>) {
        match self {
            TermCursor::One(cursor) => cursor.positions(out),
            TermCursor::Any(any) => any.positions(out),
        }
    }
}

/// The lists of one character merged: the documents of any, the positions
/// of all (a pair's shifted to the character's own), without repeats.
pub struct AnyCursor {
    parts: Vec<(Cursor, u32)>,
    doc: DocId,
    docs: u32,
    scratch: Vec<u32>,
}

impl AnyCursor {
    fn new(parts: Vec<(Cursor, u32)>) -> AnyCursor {
        let doc = parts
            .iter()
            .map(|(cursor, _)| cursor.doc())
            .min()
            .unwrap_or(TERMINATED);
        let docs = parts
            .iter()
            .map(|(cursor, _)| cursor.len())
            .fold(0u32, u32::saturating_add);
        AnyCursor {
            parts,
            doc,
            docs,
            scratch: Vec::new(),
        }
    }

    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let current = self.doc;
        let mut next = TERMINATED;
        for (cursor, _) in &mut self.parts {
            let doc = if cursor.doc() == current {
                cursor.advance()
            } else {
                cursor.doc()
            };
            next = next.min(doc);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (cursor, _) in &mut self.parts {
            next = next.min(cursor.seek(target));
        }
        self.doc = next;
        next
    }

    fn positions(&mut self, out: &mut Vec<u32>) {
        if self.doc == TERMINATED {
            return;
        }
        let start = out.len();
        for (cursor, shift) in &mut self.parts {
            if cursor.doc() == self.doc {
                let from = out.len();
                cursor.positions(out);
                for position in &mut out[from..] {
                    *position += *shift;
                }
            }
        }
        // a character that ends one common pair and begins the next is in both
        out[start..].sort_unstable();
        let mut kept = start;
        for i in start..out.len() {
            if kept == start || out[i] != out[kept - 1] {
                out[kept] = out[i];
                kept += 1;
            }
        }
        out.truncate(kept);
    }

    fn freq(&mut self) -> u32 {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        self.positions(&mut scratch);
        let freq = scratch.len() as u32;
        self.scratch = scratch;
        freq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    use crate::index::recall::format::TermPostings;
    use crate::index::recall::reader::Postings;

    /// A posting list in memory, as the file holds it.
    fn postings_of(docs: &std::collections::BTreeMap<DocId, Vec<u32>>) -> Postings {
        let mut term = TermPostings::default();
        for (&doc, positions) in docs {
            term.add_doc(doc, positions);
        }
        term.close_block();
        Postings::from_term(term)
    }

    proptest! {
        #[test]
        fn a_character_s_lists_merge_into_its_documents_and_positions(
            lists in proptest::collection::vec(
                (proptest::collection::btree_map(0u32..600, proptest::collection::btree_set(0u32..50, 1..5), 1..300), 0u32..2),
                1..6),
            seeks in proptest::collection::vec(0u32..700, 0..20),
        ) {
            let lists: Vec<(std::collections::BTreeMap<DocId, Vec<u32>>, u32)> = lists
                .into_iter()
                .map(|(docs, shift)| (docs.into_iter().map(|(d, p)| (d, p.into_iter().collect())).collect(), shift))
                .collect();
            let mut expected: std::collections::BTreeMap<DocId, std::collections::BTreeSet<u32>> = Default::default();
            for (docs, shift) in &lists {
                for (doc, positions) in docs {
                    expected.entry(*doc).or_default().extend(positions.iter().map(|p| p + shift));
                }
            }
            let open = || {
                AnyCursor::new(lists.iter().map(|(docs, shift)| (postings_of(docs).cursor(), *shift)).collect())
            };
            // walked
            let mut any = open();
            let mut got = Vec::new();
            while any.doc != TERMINATED {
                let mut positions = Vec::new();
                any.positions(&mut positions);
                prop_assert_eq!(any.freq() as usize, positions.len());
                got.push((any.doc, positions));
                any.advance();
            }
            let want: Vec<(DocId, Vec<u32>)> = expected.iter().map(|(d, p)| (*d, p.iter().copied().collect())).collect();
            prop_assert_eq!(&got, &want);
            // sought
            let mut any = open();
            let mut seeks = seeks;
            seeks.sort_unstable();
            for target in seeks {
                let doc = any.seek(target);
                let next = expected.range(target..).next().map_or(TERMINATED, |(d, _)| *d);
                prop_assert_eq!(doc, next);
            }
        }
    }
}
