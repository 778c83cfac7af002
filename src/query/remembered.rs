//! Scores remembered per score key within one ranked walk (`prune`): a
//! passage whose key ([`crate::index::score_key`]) was scored before in the
//! same search has that score, so its exact matches, proximity and title are
//! not read again. What grows with an archive's reprints (news repeated,
//! the same texts in copies of an archive) is the number of passages above
//! a first page's threshold: each text above it is scored once.
//!
//! A remembered score is the one scoring the passage gives, to the bit: its
//! parts are read from what the key covers and from the whole index's
//! statistics, and added in an order fixed by the query — except where
//! tantivy intersects several scored clauses in the order of their lists'
//! lengths in each segment, which a query has only with two scoring filters
//! or more ([`Remembered::for_filters`]: then nothing is remembered).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentReader};

use crate::index::schema;

/// The scores of one search by score key.
#[derive(Default)]
pub(super) struct Remembered {
    scores: RefCell<HashMap<u64, Score, BuildHasherDefault<KeyHasher>>>,
}

impl Remembered {
    /// A memory for a search whose scoring filters read `filter_fields`
    /// distinct fields: `None` when its scores may depend on how passages
    /// fell into segments (two or more: three scored clauses or more
    /// intersected, see the module).
    pub(super) fn for_filters(filter_fields: usize) -> Option<Rc<Remembered>> {
        (filter_fields <= 1).then(|| Rc::new(Remembered::default()))
    }

    /// The keys of `reader`'s passages, read through this memory (none
    /// when the segment has no key column: nothing is remembered there).
    pub(super) fn segment(self: &Rc<Self>, reader: &SegmentReader) -> Keys {
        Keys {
            column: reader.fast_fields().u64(schema::SCORE_KEY).ok(),
            remembered: Some(self.clone()),
        }
    }
}

/// One segment's score keys and the search's memory.
#[derive(Clone, Default)]
pub(super) struct Keys {
    column: Option<Column<u64>>,
    remembered: Option<Rc<Remembered>>,
}

impl Keys {
    /// Nothing remembered (a search whose scores may differ between copies).
    pub(super) fn none() -> Keys {
        Keys::default()
    }

    /// The score key of `doc`, if it has one and scores are remembered.
    pub(super) fn key(&self, doc: DocId) -> Option<u64> {
        self.remembered.as_ref()?;
        self.column.as_ref()?.first(doc)
    }

    /// The score remembered for `key`.
    pub(super) fn score(&self, key: u64) -> Option<Score> {
        let remembered = self.remembered.as_ref()?;
        remembered.scores.borrow().get(&key).copied()
    }

    /// The score remembered for `doc`'s key.
    pub(super) fn score_of(&self, doc: DocId) -> Option<Score> {
        self.score(self.key(doc)?)
    }

    /// Remembers `score` for `key`.
    pub(super) fn remember(&self, key: u64, score: Score) {
        if let Some(remembered) = &self.remembered {
            remembered.scores.borrow_mut().insert(key, score);
        }
    }
}

/// The keys are xxh3 hashes already: their bits are the table's hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_remembers_its_score_and_only_when_asked_to() {
        let remembered = Remembered::for_filters(1).unwrap();
        let keys = Keys {
            column: None,
            remembered: Some(remembered),
        };
        assert_eq!(keys.score(7), None);
        keys.remember(7, 2.5);
        assert_eq!(keys.score(7), Some(2.5));
        assert_eq!(keys.score(8), None);
        // without a column no document has a key
        assert_eq!(keys.key(0), None);
        assert!(Remembered::for_filters(2).is_none());
        let none = Keys::none();
        none.remember(7, 1.0);
        assert_eq!(none.score(7), None);
    }
}
