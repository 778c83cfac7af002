//! The facet counts of recent searches, with their exact totals, so that
//! the next page of a search (same query, same filters, same index) does not
//! count them again: facets are counted over every match, which on a broad
//! query costs more than the page itself (a page alone skips the matches
//! that cannot enter it, `prune`).
//!
//! Bounded ([`CAPACITY`] searches, the oldest dropped first) and tied to the
//! searcher's generation: a reload after a commit makes every entry stale,
//! and the first lookup after it empties the cache.

use std::collections::VecDeque;

use crate::model::FacetCounts;

/// Searches whose facets are kept.
pub(super) const CAPACITY: usize = 64;

/// What the facets of a search depend on: the query as typed and the
/// filters (not the page, the order or the collapsing, which change only
/// the hits shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FacetKey {
    pub(super) query: String,
    pub(super) filters: String,
}

/// The exact total of a search and its facet counts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Counted {
    pub(super) total: usize,
    pub(super) facets: FacetCounts,
}

#[derive(Debug, Default)]
pub(super) struct FacetCache {
    generation: u64,
    entries: VecDeque<(FacetKey, Counted)>,
}

impl FacetCache {
    /// The counts of `key` on the searcher of `generation`, if kept.
    pub(super) fn get(&mut self, generation: u64, key: &FacetKey) -> Option<Counted> {
        if generation != self.generation {
            self.generation = generation;
            self.entries.clear();
            return None;
        }
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, counts)| counts.clone())
    }

    /// Keeps the counts of `key` on the searcher of `generation`.
    pub(super) fn put(&mut self, generation: u64, key: FacetKey, counts: Counted) {
        if generation != self.generation {
            self.generation = generation;
            self.entries.clear();
        }
        if self.entries.iter().any(|(k, _)| *k == key) {
            return;
        }
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back((key, counts));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(query: &str) -> FacetKey {
        FacetKey {
            query: query.into(),
            filters: String::new(),
        }
    }

    fn counts(n: u64) -> Counted {
        Counted {
            total: n as usize,
            facets: FacetCounts {
                province: vec![("湖北".into(), n)],
                ..FacetCounts::default()
            },
        }
    }

    #[test]
    fn counts_are_kept_per_generation_and_the_oldest_go_first() {
        let mut cache = FacetCache::default();
        cache.put(1, key("新质生产力"), counts(3));
        assert_eq!(cache.get(1, &key("新质生产力")), Some(counts(3)));
        assert_eq!(cache.get(1, &key("乡村振兴")), None);
        // another generation (a reload): nothing kept
        assert_eq!(cache.get(2, &key("新质生产力")), None);
        assert_eq!(cache.get(1, &key("新质生产力")), None);
        for n in 0..=CAPACITY as u64 {
            cache.put(1, key(&n.to_string()), counts(n));
        }
        assert_eq!(cache.entries.len(), CAPACITY);
        assert_eq!(cache.get(1, &key("0")), None);
        assert_eq!(cache.get(1, &key("1")), Some(counts(1)));
    }
}
