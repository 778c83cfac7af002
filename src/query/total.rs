//! The total of a ranked search: counted exactly while that is cheap, and
//! past [`EXACT_UP_TO`] matches estimated from a sample — the matches of
//! one window of [`WINDOW`] documents in [`SAMPLE_STRIDE`] (or in more, on
//! a larger index), the windows drawn by a hash of their place.
//!
//! The sample is counted by the top-k's own walk (`prune`) wherever that
//! walk meets every match of the drawn windows, and otherwise by a walk of
//! its own ([`total`]): the same windows, the same count, the same estimate.
//!
//! It does not rank (`prune`) nor read documents (`passages`).

use std::rc::Rc;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocId, Searcher, SeekDangerResult, TERMINATED};

use super::prune::Ceiling;
use crate::cancel;
use crate::error::Result;
use crate::index::recall;

/// Matches up to which a total is counted exactly: a search with more
/// (as estimated from a sample) says about how many. Counting is matching,
/// the recall phrases checked on every candidate: on eight copies of the
/// news a count of 28,000 matches took 24 ms, ten times the page.
pub(super) const EXACT_UP_TO: u64 = 2_000;
/// One window in this many at least is counted for the estimate.
const SAMPLE_STRIDE: u64 = 16;
/// Documents in the sample of a larger index, about: the stride grows with
/// the index beyond `SAMPLE_STRIDE × SAMPLE_DOCS` documents, so that an
/// estimate costs the same on any size of index (its precision depends on
/// the matches in the sample, not on the share of the index sampled).
const SAMPLE_DOCS: u64 = 1 << 15;
/// Consecutive documents counted together in the sample: passages of one
/// article and of one day stay together, and where a word is frequent
/// changes slowly along the index (in date order within each file).
const WINDOW: DocId = 32;

/// The windows of an index drawn for the sample.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sample {
    /// one window in this many
    stride: u64,
}

impl Sample {
    /// The sample of the index `searcher` reads.
    pub(super) fn of(searcher: &Searcher) -> Sample {
        let index_docs: u64 = searcher
            .segment_readers()
            .iter()
            .map(|reader| u64::from(reader.max_doc()))
            .sum();
        Sample {
            stride: (index_docs / SAMPLE_DOCS).max(SAMPLE_STRIDE),
        }
    }

    /// Whether window `window` of segment `ord` is drawn: one in `stride`,
    /// by a hash (splitmix64) of the two. Not every n-th: the matches of a
    /// word cluster (an article, a day, a year) and the texts of an index
    /// may repeat at a period.
    fn drawn(self, ord: u32, window: DocId) -> bool {
        let mut x = (u64::from(ord) << 32 | u64::from(window)).wrapping_add(0x9E37_79B9_7F4A_7C15);
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 31;
        x % self.stride == 0
    }

    /// Whether document `doc` of segment `ord` is in the sample.
    pub(super) fn holds(self, ord: u32, doc: DocId) -> bool {
        doc < TERMINATED && self.drawn(ord, doc / WINDOW)
    }

    /// The first document `>= doc` of segment `ord` in the sample (`doc`
    /// itself when it is), or `TERMINATED`.
    pub(super) fn next(self, ord: u32, doc: DocId) -> DocId {
        if doc >= TERMINATED {
            return TERMINATED;
        }
        let mut window = doc / WINDOW;
        if self.drawn(ord, window) {
            return doc;
        }
        loop {
            window = window.saturating_add(1);
            if window >= TERMINATED / WINDOW {
                return TERMINATED;
            }
            if self.drawn(ord, window) {
                return window * WINDOW;
            }
        }
    }

    /// The first document after the window of `doc` (which is drawn).
    pub(super) fn window_end(self, doc: DocId) -> DocId {
        (doc / WINDOW).saturating_add(1).saturating_mul(WINDOW)
    }

    /// The documents of segment `ord` (of `max_doc` documents) in the sample.
    pub(super) fn documents(self, ord: u32, max_doc: DocId) -> u64 {
        let mut sampled = 0;
        let mut window: DocId = 0;
        while window.saturating_mul(WINDOW) < max_doc {
            if self.drawn(ord, window) {
                let start = window * WINDOW;
                sampled += u64::from(start.saturating_add(WINDOW).min(max_doc) - start);
            }
            window += 1;
        }
        sampled
    }
}

/// The live matches counted in the sample of some segments, and their
/// documents.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tally {
    /// live matches in the drawn windows
    counted: u64,
    /// documents in the drawn windows
    sampled: u64,
    /// documents of the segments
    documents: u64,
}

impl Tally {
    /// A segment `ord` of `max_doc` documents, whose drawn windows hold
    /// `counted` live matches.
    pub(super) fn add(&mut self, sample: Sample, ord: u32, max_doc: DocId, counted: u64) {
        self.add_sampled(sample.documents(ord, max_doc), max_doc, counted);
    }

    /// A segment of `max_doc` documents, `sampled` of them in the drawn
    /// windows, which hold `counted` live matches.
    pub(super) fn add_sampled(&mut self, sampled: u64, max_doc: DocId, counted: u64) {
        self.counted += counted;
        self.sampled += sampled;
        self.documents += u64::from(max_doc);
    }

    /// Whether the estimate of a whole index whose sample is `whole` (its
    /// documents and drawn documents, every segment added) is past
    /// [`EXACT_UP_TO`] once these matches are counted, whatever the matches
    /// of its other segments: the total will be estimated.
    pub(super) fn estimated_within(&self, whole: &Tally) -> bool {
        Tally {
            counted: self.counted,
            ..*whole
        }
        .estimate()
        .is_some()
    }

    /// The estimated total, when the sample says it is past [`EXACT_UP_TO`]
    /// (to two significant digits).
    pub(super) fn estimate(&self) -> Option<usize> {
        if self.sampled == 0 {
            return None;
        }
        let estimate = self.counted as f64 * self.documents as f64 / self.sampled as f64;
        (estimate > EXACT_UP_TO as f64).then(|| round_estimate(estimate))
    }
}

/// The number of documents `query` matches: counted, or estimated (false)
/// from the sample when it says there are more than [`EXACT_UP_TO`] and
/// `exact` is false.
pub(super) fn total(
    searcher: &Searcher,
    query: &dyn Query,
    ceiling: &Ceiling,
    exact: bool,
) -> Result<(usize, bool)> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    if !exact {
        let sample = Sample::of(searcher);
        let mut tally = Tally::default();
        for (ord, reader) in searcher.segment_readers().iter().enumerate() {
            cancel::checkpoint()?;
            let ord = ord as u32;
            let max_doc = reader.max_doc();
            let in_range = ceiling.in_range(reader)?;
            let alive = reader.alive_bitset();
            // one walk of the segment, asked one document at a time
            // (`seek_danger`) in the drawn windows alone: the recall phrases
            // are turned away outside them (a phrase's rarest term is walked
            // past the others), and a query that can answer for one document
            // (most of the words, a conjunction) does not walk on to its
            // next match, which is mostly in a window not drawn
            let gate = Rc::new(move |doc: DocId| {
                if !sample.holds(ord, doc) {
                    // the driving list is sought to the next drawn window
                    sample.next(ord, doc)
                } else if in_range(doc) {
                    doc
                } else {
                    doc + 1
                }
            });
            let counted = recall::gated(gate as recall::Gate, || -> Result<u64> {
                let mut counted = 0;
                let mut scorer = weight.scorer(reader, 1.0)?;
                // targets increase strictly, as `seek_danger` wants
                let mut target = sample.next(ord, scorer.doc());
                while target < max_doc {
                    match scorer.seek_danger(target) {
                        SeekDangerResult::Found => {
                            if alive.is_none_or(|alive| alive.is_alive(target)) {
                                counted += 1;
                            }
                            target = sample.next(ord, target + 1);
                        }
                        SeekDangerResult::SeekLowerBound(next) => target = sample.next(ord, next),
                    }
                }
                Ok(counted)
            })?;
            tally.add(sample, ord, max_doc, counted);
        }
        if let Some(estimate) = tally.estimate() {
            return Ok((estimate, false));
        }
    }
    let mut count = 0usize;
    for reader in searcher.segment_readers() {
        cancel::checkpoint()?;
        let in_range = ceiling.in_range(reader)?;
        let gate = Rc::new(move |doc| if in_range(doc) { doc } else { doc + 1 });
        count += recall::gated(gate, || weight.count(reader))? as usize;
    }
    Ok((count, true))
}

/// An estimate to two significant digits (`6,288.4` → 6,300): it is not
/// a count, and should not look like one.
fn round_estimate(estimate: f64) -> usize {
    if estimate < 100.0 {
        return estimate.round() as usize;
    }
    let unit = 10f64.powi(estimate.log10().floor() as i32 - 1);
    ((estimate / unit).round() * unit) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_matches_make_the_total_estimated_only_past_the_exact_limit() {
        // one document in 16 drawn: the estimate is 16 times the counted
        let mut whole = Tally::default();
        whole.add_sampled(1_000, 16_000, 0);
        let mut so_far = Tally::default();
        so_far.add_sampled(100, 1_600, 125);
        // 125 × 16 = 2,000: not past the limit, whatever comes after may
        // still leave it there
        assert!(!so_far.estimated_within(&whole));
        assert_eq!(
            Tally {
                counted: 125,
                ..whole
            }
            .estimate(),
            None
        );
        so_far.add_sampled(0, 0, 1);
        // 126 × 16 = 2,016: past it, and more matches only raise it
        assert!(so_far.estimated_within(&whole));
        assert_eq!(
            Tally {
                counted: 126,
                ..whole
            }
            .estimate(),
            Some(2_000)
        );
        // an index without documents drawn is never estimated
        assert!(!so_far.estimated_within(&Tally::default()));
    }
}
