//! One concern at about 800 lines: the ranked walk of a first page (its
//! bound, the walk, and the matches it meets on the way); the estimated
//! total's sample is in `total`.
//!
//! The first passages of a ranked search without scoring every match: a
//! top-k that skips the documents that cannot enter it, and the number of
//! matches it met on the way, or counted in the sample of the estimated
//! total (`total`).
//!
//! A passage's score is a sum: the BM25 of its jieba words (presence, read
//! from their posting lists), and clauses bounded by constants — 1 for each
//! word's exact match, the tiers' bonuses, the proximity's boost times its
//! weight, the title's and the filters' BM25 at most. [`Ceiling`] holds
//! that bound, made by `build` beside the query. [`top_k`] walks each
//! segment in document order, the way `max-score` does (Turtle and Flood,
//! 1995): once the k-th best score so far is above the constants plus the
//! maxima of the rarer words, a document that holds none of the other words
//! cannot enter, so only those words' lists are walked; a document whose
//! bound (its words' BM25 read exactly) is not above the k-th best score is
//! skipped without asking the query; the others are asked with
//! `seek_danger`, which matches the recall phrases on that one document
//! (`index::recall`), and scored by the query itself. The scores are the
//! query's own and documents are taken in the order tantivy's top-k takes
//! them (score, then address), so the first pages are those of scoring
//! every match, up to which of the passages tied at a page's last score it
//! holds (`tests/prune.rs` compares them on real text).
//!
//! Reprints are scored once: a match whose score key (`index::score_key`)
//! was scored before in the same search takes that score unread
//! (`remembered`), and once the walk's count is no longer exact anyway,
//! the gate turns away before its recall phrases are checked a reprint
//! whose score cannot enter.
//!
//! One concern in one file (about 820 lines): the bound and the walks share
//! the ceiling and the segment's lists.
//!
//! It does not build queries (`build`), count a total past the walk
//! (`total`), nor page, collapse or read documents (`passages`).

use std::cell::{Cell, RefCell};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::rc::Rc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Query, Scorer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, Term, TERMINATED};

use super::lazy::Clause;
use super::remembered::{Keys, Remembered};
use super::total::{Sample, Tally, EXACT_UP_TO};
use crate::cancel;
use crate::error::Result;
use crate::index::recall;

/// The most a passage's score can be, apart from the BM25 of its words.
#[derive(Debug)]
pub(super) struct Ceiling {
    /// constant clauses: exact matches, bonuses, proximity
    constant: Score,
    /// whether `constant` is a sum of whole numbers
    whole: bool,
    /// terms whose BM25 is added, read per document from their lists:
    /// (term, boost, whether term frequencies count)
    words: Vec<(Term, Score, bool)>,
    /// terms whose BM25 is added, bounded by its maximum: (term, boost,
    /// whether term frequencies count)
    capped: Vec<(Term, Score, bool)>,
    /// the passage text's field, whose words are scored by presence
    body: Field,
    /// the documents holding every word, and what only they may add (the
    /// tier's bonus, the proximity)
    tier: Option<(Box<dyn Query>, Score)>,
    /// the number column and the range of the documents kept (the days)
    range: Option<(String, u64, u64)>,
}

impl Ceiling {
    /// Nothing yet, `body` the field of the passages' words.
    pub(super) fn new(body: Field) -> Ceiling {
        Ceiling {
            constant: 0.0,
            whole: true,
            words: Vec::new(),
            capped: Vec::new(),
            body,
            tier: None,
            range: None,
        }
    }

    /// Only documents whose `field` column holds a number in `low..=high`
    /// match: the recall phrases are not checked on the others.
    pub(super) fn range(&mut self, field: &str, low: u64, high: u64) {
        self.range = Some((field.to_string(), low, high));
    }

    /// Whether a document of `reader` is in the range, if any.
    pub(super) fn in_range(
        &self,
        reader: &tantivy::SegmentReader,
    ) -> Result<Rc<dyn Fn(DocId) -> bool>> {
        Ok(match &self.range {
            Some((field, low, high)) => {
                let column = reader.fast_fields().u64(field)?;
                let (low, high) = (*low, *high);
                Rc::new(move |doc| column.values_for_doc(doc).any(|v| low <= v && v <= high))
            }
            None => Rc::new(|_| true),
        })
    }

    /// What only documents matching `query` may add: at most `score`.
    pub(super) fn tier(&mut self, query: Box<dyn Query>, score: Score) {
        self.tier = Some((query, score));
    }

    /// A clause adding at most `score`, to documents of the tier when there is one.
    pub(super) fn add_in_tier(&mut self, score: Score) {
        match &mut self.tier {
            Some((_, bonus)) => *bonus += score,
            None => self.add(score),
        }
    }

    /// A clause adding at most `score`.
    pub(super) fn add(&mut self, score: Score) {
        self.constant += score;
        self.whole &= score.fract() == 0.0;
    }

    /// A term scored by BM25 times `boost`, with frequencies or by its
    /// presence (`Basic`), read per document.
    pub(super) fn word(&mut self, term: Term, boost: Score, freqs: bool) {
        self.words.push((term, boost, freqs));
    }

    /// A term scored by BM25 times `boost`, with frequencies or not.
    pub(super) fn capped(&mut self, term: Term, boost: Score, freqs: bool) {
        self.capped.push((term, boost, freqs));
    }

    /// The number of distinct fields of the capped terms (the scoring
    /// filters': one clause each).
    fn filter_fields(&self) -> usize {
        let mut fields: Vec<Field> = self
            .capped
            .iter()
            .map(|(term, _, _)| term.field())
            .collect();
        fields.sort_unstable();
        fields.dedup();
        fields.len()
    }

    /// The constant part, the capped terms at their maxima.
    fn constant(&self, searcher: &Searcher) -> Result<Score> {
        let mut total = self.constant;
        for (term, boost, freqs) in &self.capped {
            total += Scored::new(searcher, term, *boost, *freqs)?.most;
        }
        Ok(total)
    }
}

/// A term's BM25 weight, times its boost, and the most it adds.
#[derive(Clone)]
struct Scored {
    weight: Bm25Weight,
    boost: Score,
    freqs: bool,
    most: Score,
}

impl Scored {
    fn new(searcher: &Searcher, term: &Term, boost: Score, freqs: bool) -> Result<Scored> {
        let weight = Bm25Weight::for_terms(searcher, std::slice::from_ref(term))?;
        let most = boost
            * if freqs {
                weight.max_score()
            } else {
                presence_max(&weight)
            };
        Ok(Scored {
            weight,
            boost,
            freqs,
            most,
        })
    }
}

/// The largest presence score (term frequency 1) of any field length.
fn presence_max(weight: &Bm25Weight) -> Score {
    (0..=u8::MAX)
        .map(|id| weight.score(id, 1))
        .fold(0.0, Score::max)
}

/// How a bound is compared with the threshold.
#[derive(Debug, Clone, Copy)]
struct Margin {
    /// whether every part of a score is a whole number (constant scores
    /// of 1 and 100): their sums are exact in any order
    whole: bool,
}

impl Margin {
    /// Whether a document bounded by `bound` can no longer enter above
    /// `threshold`: with a margin for the rounding of sums added in
    /// another order than the query adds them (at most a few units in the
    /// last place of each of a score's few dozen parts).
    fn cannot_enter(self, bound: Score, threshold: Option<Score>) -> bool {
        let margin = if self.whole { 0.0 } else { bound.abs() * 1e-5 };
        threshold.is_some_and(|t| bound + margin <= t)
    }
}

/// What a walk knows of the number of matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Met {
    /// every match was met on the way: their number
    Every(usize),
    /// the matches of the sample of the estimated total, all met on the way
    Sampled(Tally),
    /// neither
    Unknown,
}

/// The first passages of a search, and what its walk knows of the number
/// of its matches.
pub(super) type Ranked = (Vec<(Score, DocAddress)>, Met);

/// The best `k` (score, address) of `query` (the first `k` of scoring every
/// match, in that order: score descending, then address), and the number
/// of matches when every one was met on the way (none skipped unseen); with
/// `sampled`, otherwise the matches of the estimated total's sample (the
/// walk lets every document of the drawn windows through, and meets every
/// match there).
pub(super) fn top_k(
    searcher: &Searcher,
    query: &dyn Query,
    ceiling: &Ceiling,
    k: usize,
    sampled: bool,
) -> Result<Ranked> {
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let tier = match &ceiling.tier {
        Some((query, _)) => Some(query.weight(EnableScoring::disabled_from_searcher(searcher))?),
        None => None,
    };
    let constant = ceiling.constant(searcher)?;
    let margin = Margin {
        whole: ceiling.whole && ceiling.words.is_empty() && ceiling.capped.is_empty(),
    };
    let words: Vec<Scored> = ceiling
        .words
        .iter()
        .map(|(term, boost, freqs)| Scored::new(searcher, term, *boost, *freqs))
        .collect::<Result<_>>()?;
    // the field of the words read from their lists (the title's)
    let title_field = ceiling
        .words
        .iter()
        .find(|(term, _, freqs)| *freqs || term.field() != ceiling.body)
        .map(|(term, _, _)| term.field());
    let mut top = Top::new(k);
    // the scores of this search by score key: a reprint is scored once
    let remembered = Remembered::for_filters(ceiling.filter_fields());
    let mut met = Some(0usize);
    let sample = sampled.then(|| Sample::of(searcher));
    let mut tally = Tally::default();
    // the drawn documents of each segment, and the sample of the whole index
    let drawn: Vec<u64> = match sample {
        Some(sample) => searcher
            .segment_readers()
            .iter()
            .enumerate()
            .map(|(ord, reader)| sample.documents(ord as u32, reader.max_doc()))
            .collect(),
        None => Vec::new(),
    };
    let mut whole = Tally::default();
    for (reader, drawn) in searcher.segment_readers().iter().zip(&drawn) {
        whole.add_sampled(*drawn, reader.max_doc(), 0);
    }
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        cancel::checkpoint()?;
        // the body's words: their BM25 at each length, all held (presence
        // scores depend on the passage's length alone); the others (the
        // title's, on lead passages only) read from their lists
        let mut lengths: Option<(FieldNormReader, [Score; 256])> = None;
        let mut lists: Vec<WordList> = Vec::new();
        // the same lists again, read by the gate
        let mut gate_lists: Vec<WordList> = Vec::new();
        for ((term, _, freqs), scored) in ceiling.words.iter().zip(&words) {
            let field = term.field();
            if !freqs && field == ceiling.body {
                let (_, table) = match &mut lengths {
                    Some(lengths) => lengths,
                    None => lengths.insert((reader.get_fieldnorms_reader(field)?, [0.0; 256])),
                };
                for (id, entry) in table.iter_mut().enumerate() {
                    *entry += scored.boost * scored.weight.score(id as u8, 1);
                }
                continue;
            }
            if let Some(list) = WordList::open(reader, term, *freqs, scored)? {
                lists.push(list);
            }
            if let Some(list) = WordList::open(reader, term, *freqs, scored)? {
                gate_lists.push(list);
            }
        }
        let segment = Segment {
            ord: ord as u32,
            alive: reader.alive_bitset(),
            lengths,
        };
        let tier = match (&tier, ceiling.tier.as_ref()) {
            (Some(weight), Some((_, bonus))) => {
                let scorer = weight.scorer(reader, 1.0)?;
                let at = scorer.doc();
                Some((
                    Clause {
                        scorer,
                        at,
                        valid: true,
                    },
                    *bonus,
                ))
            }
            _ => None,
        };
        // the recall phrases are checked only where a passage could enter
        let seen = Rc::new(Cell::new(top.threshold()));
        let title_lengths = match title_field {
            Some(field) => Some(reader.get_fieldnorms_reader(field)?),
            None => None,
        };
        let bonus = tier.as_ref().map_or(0.0, |(_, bonus)| *bonus);
        let gate = gate(
            segment.lengths.clone(),
            title_lengths,
            gate_lists,
            constant + bonus,
            margin,
            seen.clone(),
        );
        let turned = Rc::new(Cell::new(false));
        let keys = match &remembered {
            Some(remembered) => remembered.segment(reader),
            None => Keys::none(),
        };
        // whether the walk's count is no longer exact anyway (a segment
        // before passed over matches, or the gate turned some away): only
        // then may the gate turn away what it knows only by a remembered
        // score, which would otherwise make an exact total estimated
        let inexact = met.is_none();
        // the bound turns a phrase away only where the total is estimated
        // anyway: while every match was met and the sample counted so far
        // leaves the estimate at `EXACT_UP_TO` or under, the total may be
        // counted by a second pass, which would check every phrase the gate
        // saved, in every segment
        let may_turn = inexact || sample.is_none() || tally.estimated_within(&whole);
        let range = ceiling.in_range(reader)?;
        let counting = sample.map(|sample| Counting {
            sample,
            ord: ord as u32,
            max_doc: reader.max_doc(),
            counted: 0,
            asked: (TERMINATED, TERMINATED),
            before: tally,
            whole,
        });
        let gate = {
            let turned = turned.clone();
            let keys = keys.clone();
            let seen = seen.clone();
            Rc::new(move |doc: DocId| {
                if !range(doc) {
                    // no match of the query: nothing is skipped unseen
                    return doc + 1;
                }
                let mut admitted = if may_turn { gate(doc) } else { doc };
                if admitted == doc && (inexact || turned.get()) {
                    // a reprint of a passage scored below the threshold
                    let threshold = seen.get();
                    if keys
                        .score_of(doc)
                        .is_some_and(|score| cannot_enter_at(score, threshold))
                    {
                        admitted = doc + 1;
                    }
                }
                if admitted != doc {
                    turned.set(true);
                }
                if sample.is_some_and(|sample| sample.holds(ord as u32, doc)) {
                    // in the sample every match is met (and the segment's
                    // total is still not exact, as without the sample)
                    return doc;
                }
                admitted
            }) as recall::Gate
        };
        // the query's scorer is made under the gate too: making it finds
        // its first match, which in a segment without one is a walk of the
        // whole list of a phrase's rarest term
        let (walked, counting) = recall::gated(gate, || -> Result<_> {
            let scorer = weight.scorer(reader, 1.0)?;
            let mut counting = counting;
            let walked = walk(
                scorer,
                lists,
                tier,
                constant,
                margin,
                &segment,
                &mut top,
                &seen,
                met,
                counting.as_mut(),
                &keys,
            );
            Ok((walked, counting))
        })?;
        met = match (met, walked) {
            (Some(met), Some(walked)) if !turned.get() => Some(met + walked),
            _ => None,
        };
        if let Some(counting) = counting {
            tally.add_sampled(drawn[ord], counting.max_doc, counting.counted);
        }
    }
    let met = match (met, sample) {
        (Some(met), _) => Met::Every(met),
        (None, Some(_)) => Met::Sampled(tally),
        (None, None) => Met::Unknown,
    };
    Ok((top.into_sorted(), met))
}

/// Whether a passage scored exactly `score` cannot enter above
/// `threshold`: documents come in address order, so one tied with the
/// k-th does not enter.
fn cannot_enter_at(score: Score, threshold: Option<Score>) -> bool {
    threshold.is_some_and(|t| score <= t)
}

/// The live matches a walk meets in the drawn windows of its segment, for
/// the estimated total.
struct Counting {
    sample: Sample,
    ord: u32,
    max_doc: DocId,
    counted: u64,
    /// the last document asked about by [`Counting::next`] and its answer
    /// (a window in dozens is drawn: each answer is dozens of hashes)
    asked: (DocId, DocId),
    /// the sample counted in the segments walked before
    before: Tally,
    /// the sample of the whole index, nothing counted
    whole: Tally,
}

impl Counting {
    /// Whether the total is estimated whatever the matches not met yet
    /// (see [`Tally::estimated_within`]).
    fn estimated(&self) -> bool {
        let mut so_far = self.before;
        so_far.add_sampled(0, 0, self.counted);
        so_far.estimated_within(&self.whole)
    }

    /// Whether `doc` is a document of the segment in the sample.
    fn holds(&self, doc: DocId) -> bool {
        doc < self.max_doc && self.sample.holds(self.ord, doc)
    }

    /// The first document `>= doc` of the segment in the sample, or
    /// `TERMINATED`.
    fn next(&mut self, doc: DocId) -> DocId {
        let (from, next) = self.asked;
        if from <= doc && doc <= next {
            // no window between them is drawn
            return next;
        }
        let mut next = self.sample.next(self.ord, doc);
        if next >= self.max_doc {
            next = TERMINATED;
        }
        self.asked = (doc, next);
        next
    }

    /// The end of the window of `doc` (in the sample) in the segment.
    fn window_end(&self, doc: DocId) -> DocId {
        self.sample.window_end(doc).min(self.max_doc)
    }

    /// A match met by the walk: counted when it is in the sample.
    fn met(&mut self, doc: DocId, segment: &Segment) {
        if self.holds(doc) && segment.alive.is_none_or(|alive| alive.is_alive(doc)) {
            self.counted += 1;
        }
    }

    /// The first match of `asked` in `from..end`, asked one document at a
    /// time (the walk between them is not the query's own).
    fn first_before(asked: &mut Clause, from: DocId, end: DocId) -> Option<DocId> {
        let mut doc = from;
        while doc < end {
            if asked.matches(doc) {
                return Some(doc);
            }
            doc = asked.at.max(doc + 1);
        }
        None
    }

    /// Counts the matches of `asked` in the drawn windows from `from` on,
    /// the walk of the segment being over.
    fn rest(&mut self, asked: &mut Clause, from: DocId, segment: &Segment) {
        let mut doc = self.next(from);
        while doc < TERMINATED {
            let end = self.window_end(doc);
            doc = match Counting::first_before(asked, doc, end) {
                Some(found) => {
                    self.met(found, segment);
                    found + 1
                }
                None => asked.at.max(end),
            };
            doc = self.next(doc);
        }
    }
}

/// One word's list in a segment, its field's lengths and its weight.
struct WordList {
    postings: SegmentPostings,
    /// the last document asked about by [`WordList::bound`]
    asked: DocId,
    fieldnorms: FieldNormReader,
    scored: Scored,
}

impl WordList {
    /// The list of `term` in `reader`, if it has one.
    fn open(
        reader: &tantivy::SegmentReader,
        term: &Term,
        freqs: bool,
        scored: &Scored,
    ) -> Result<Option<WordList>> {
        let option = if freqs {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::Basic
        };
        let field = term.field();
        let postings = reader
            .inverted_index(field)?
            .read_postings(term, option)
            .map_err(tantivy::TantivyError::from)?;
        Ok(match postings {
            Some(postings) => Some(WordList {
                postings,
                asked: 0,
                fieldnorms: reader.get_fieldnorms_reader(field)?,
                scored: scored.clone(),
            }),
            None => None,
        })
    }

    /// What it adds to `doc` at most: its BM25 there when its list can
    /// still say (it was not sought past `doc` before), its maximum
    /// otherwise.
    fn bound(&mut self, doc: DocId) -> Score {
        if doc < self.asked {
            return self.scored.most;
        }
        self.asked = doc;
        let mut at = self.postings.doc();
        if at < doc {
            at = self.postings.seek(doc);
        }
        if at == doc {
            self.score(doc)
        } else {
            0.0
        }
    }

    /// Its BM25 in the document its list stands on.
    fn score(&self, doc: DocId) -> Score {
        let freq = if self.scored.freqs {
            self.postings.term_freq()
        } else {
            1
        };
        let fieldnorm = self.fieldnorms.fieldnorm_id(doc);
        self.scored.boost * self.scored.weight.score(fieldnorm, freq)
    }
}

struct Segment<'a> {
    ord: u32,
    alive: Option<&'a tantivy::fastfield::AliveBitSet>,
    /// the body's lengths and what its words add at each, all held
    lengths: Option<(FieldNormReader, [Score; 256])>,
}

impl Segment<'_> {
    /// What the body's words add at most to `doc`, or to any document.
    fn words(&self, doc: Option<DocId>) -> Score {
        let Some((fieldnorms, table)) = &self.lengths else {
            return 0.0;
        };
        match doc {
            Some(doc) => table[fieldnorms.fieldnorm_id(doc) as usize],
            None => table.iter().copied().fold(0.0, Score::max),
        }
    }
}

/// What a passage of a segment may score at most, read without the
/// phrases' lists: `most` (the constants and the tier's bonus), the body's
/// words by its length (`lengths`), and when it has a title (lead passages
/// only, `title_lengths`) the title's words read from their `lists`; as a
/// gate for the recall phrases, against the threshold `seen`. Lead passages
/// are a sixth of the news's passages: at their maxima, the title's words
/// let every one of them through.
fn gate(
    lengths: Option<(FieldNormReader, [Score; 256])>,
    title_lengths: Option<FieldNormReader>,
    lists: Vec<WordList>,
    most: Score,
    margin: Margin,
    seen: Rc<Cell<Option<Score>>>,
) -> recall::Gate {
    let lists = RefCell::new(lists);
    Rc::new(move |doc| {
        let mut bound = most;
        if let Some((fieldnorms, table)) = &lengths {
            bound += table[fieldnorms.fieldnorm_id(doc) as usize];
        }
        let titled = title_lengths
            .as_ref()
            .is_some_and(|fieldnorms| fieldnorms.fieldnorm_id(doc) != 0);
        if titled {
            // the lists are asked in document order (a gate is asked about
            // the documents of a walk); one asked about an earlier document
            // says its maximum
            for list in lists.borrow_mut().iter_mut() {
                bound += list.bound(doc);
            }
        }
        let threshold = seen.get();
        if margin.cannot_enter(bound, threshold) {
            doc + 1
        } else {
            doc
        }
    })
}

/// One segment's documents into `top` (see the module); the number of
/// its live matches, when it met every one. `before`: the matches of the
/// segments walked before, when every one was met (the walk passes over
/// matches only once the total is past [`EXACT_UP_TO`], and estimated
/// anyway: under it, counting the matches passed over again costs more
/// than walking them).
#[allow(clippy::too_many_arguments)]
fn walk(
    scorer: Box<dyn Scorer>,
    mut lists: Vec<WordList>,
    tier: Option<(Clause, Score)>,
    constant: Score,
    margin: Margin,
    segment: &Segment,
    top: &mut Top,
    seen: &Cell<Option<Score>>,
    before: Option<usize>,
    mut counting: Option<&mut Counting>,
    keys: &Keys,
) -> Option<usize> {
    let at = scorer.doc();
    let mut asked = Clause {
        scorer,
        at,
        valid: true,
    };
    let (mut tier, bonus) = match tier {
        Some((tier, bonus)) => (Some(tier), bonus),
        None => (None, 0.0),
    };
    // the most any passage of this segment can score
    let most = constant
        + segment.words(None)
        + lists.iter().map(|list| list.scored.most).sum::<Score>()
        + bonus;
    let mut candidate = at;
    let mut met = 0;
    // whether matches were passed over unseen (outside the tier)
    let mut passed = false;
    loop {
        let threshold = top.threshold();
        if margin.cannot_enter(most, threshold) {
            // the rest is not looked at, but for the sample's windows
            let mut next = if passed {
                candidate
            } else {
                asked.first_from(candidate)
            };
            // while every match was met and the estimate may still be
            // `EXACT_UP_TO` or under, the total may be counted by a second
            // pass over every segment: the rest of this one is counted here
            // instead, once
            while !passed
                && next < TERMINATED
                && before.is_some()
                && counting
                    .as_deref()
                    .is_some_and(|counting| !counting.estimated())
            {
                if segment.alive.is_none_or(|alive| alive.is_alive(next)) {
                    met += 1;
                }
                if let Some(counting) = counting.as_deref_mut() {
                    counting.met(next, segment);
                }
                next = asked.first_from(next + 1);
            }
            if let Some(counting) = counting {
                counting.rest(&mut asked, next, segment);
            }
            return (!passed && next >= TERMINATED).then_some(met);
        }
        let doc = match tier.as_mut() {
            // only a document holding every word can still enter: the
            // tier's documents are walked, and the query asked about them
            // (and every document of the sample's windows)
            Some(tier)
                if margin.cannot_enter(most - bonus, threshold)
                    && before.is_none_or(|before| before + met > EXACT_UP_TO as usize) =>
            {
                passed = true;
                match counting.as_deref_mut() {
                    None => next_in(tier, &mut asked, candidate, TERMINATED),
                    Some(counting) if candidate >= counting.max_doc || asked.at >= TERMINATED => {
                        // matches were passed over
                        return None;
                    }
                    Some(counting) if counting.holds(candidate) => {
                        let end = counting.window_end(candidate);
                        match Counting::first_before(&mut asked, candidate, end) {
                            Some(doc) => doc,
                            None => {
                                candidate = asked.at.max(end);
                                continue;
                            }
                        }
                    }
                    Some(counting) => {
                        // the tier's, up to the next window of the sample
                        let limit = counting.next(candidate).min(counting.max_doc);
                        let doc = next_in(tier, &mut asked, candidate, limit);
                        if doc >= limit {
                            candidate = limit;
                            continue;
                        }
                        doc
                    }
                }
            }
            _ => asked.first_from(candidate),
        };
        if doc >= TERMINATED {
            return (!passed).then_some(met);
        }
        candidate = doc + 1;
        if segment.alive.is_none_or(|alive| alive.is_alive(doc)) {
            met += 1;
        }
        if let Some(counting) = counting.as_deref_mut() {
            counting.met(doc, segment);
        }
        // its bound: the body's words by its length, the title's read (read
        // before its score key: most matches of a frequent word stop here,
        // and a remembered score is never above the bound)
        let mut bound = None;
        if threshold.is_some() {
            let mut most = constant + segment.words(Some(doc));
            for list in &mut lists {
                let mut at = list.postings.doc();
                if at < doc {
                    at = list.postings.seek(doc);
                }
                if at == doc {
                    most += list.score(doc);
                }
            }
            if margin.cannot_enter(most + bonus, threshold) {
                continue;
            }
            bound = Some(most);
        }
        let key = keys.key(doc);
        if let Some(score) = key.and_then(|key| keys.score(key)) {
            // a reprint of a passage scored before: its score, unread
            if !cannot_enter_at(score, threshold) && segment.alive.is_none_or(|a| a.is_alive(doc)) {
                top.push(score, DocAddress::new(segment.ord, doc));
                seen.set(top.threshold());
            }
            continue;
        }
        // the bonus of holding every word, when it is needed
        if bound.is_some_and(|bound| margin.cannot_enter(bound, threshold))
            && tier.as_mut().is_some_and(|tier| !tier.matches(doc))
        {
            continue;
        }
        if let (Some(score), Some(key)) = (keep(&mut asked, doc, segment, top), key) {
            keys.remember(key, score);
        }
        seen.set(top.threshold());
    }
}

/// The first document in `from..limit` where both `tier` and `asked`
/// match, both standing on it: the leapfrog of a conjunction; otherwise
/// `limit` or more (`TERMINATED` when either has no match left). Short of
/// `TERMINATED`, `asked` is asked one document at a time, never walked
/// past `limit`.
fn next_in(tier: &mut Clause, asked: &mut Clause, from: DocId, limit: DocId) -> DocId {
    let mut from = from;
    loop {
        let doc = tier.first_from(from);
        if doc >= limit {
            return doc;
        }
        let matched = if limit < TERMINATED {
            if asked.matches(doc) {
                doc
            } else {
                asked.at.max(doc + 1)
            }
        } else {
            asked.first_from(doc)
        };
        if matched == doc || matched >= TERMINATED {
            return matched;
        }
        from = matched;
    }
}

/// Keeps the match the query stands on (`doc`) unless it is deleted; its
/// score when it was scored.
fn keep(asked: &mut Clause, doc: DocId, segment: &Segment, top: &mut Top) -> Option<Score> {
    if segment.alive.is_some_and(|alive| alive.is_deleted(doc)) {
        return None;
    }
    let score = asked.scorer.score();
    top.push(score, DocAddress::new(segment.ord, doc));
    Some(score)
}

/// A kept document: higher score first, then lower address.
#[derive(Debug, Clone, Copy)]
struct Kept {
    score: Score,
    address: DocAddress,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    /// Greater is better.
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.address.cmp(&self.address))
    }
}

/// The best `k` documents so far; documents arrive in address order, so a
/// document tied with the k-th does not enter (the earlier one wins ties).
struct Top {
    k: usize,
    heap: BinaryHeap<Reverse<Kept>>,
}

impl Top {
    fn new(k: usize) -> Top {
        Top {
            k,
            heap: BinaryHeap::with_capacity(k.min(4096)),
        }
    }

    /// The score a document must exceed to enter, once `k` are kept.
    fn threshold(&self) -> Option<Score> {
        if self.heap.len() < self.k {
            return None;
        }
        self.heap.peek().map(|Reverse(kept)| kept.score)
    }

    fn push(&mut self, score: Score, address: DocAddress) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push(Reverse(Kept { score, address }));
        } else if self.threshold().is_some_and(|t| score > t) {
            if let Some(mut worst) = self.heap.peek_mut() {
                *worst = Reverse(Kept { score, address });
            }
        }
    }

    fn into_sorted(self) -> Vec<(Score, DocAddress)> {
        let mut kept: Vec<Kept> = self.heap.into_iter().map(|Reverse(k)| k).collect();
        kept.sort_by(|a, b| b.cmp(a));
        kept.into_iter().map(|k| (k.score, k.address)).collect()
    }
}
