//! The index's jieba field as a vocabulary: whether a word is one of its
//! words, and a run of query characters cut into its words (the likeliest
//! ones by their passage counts for a word typed without spaces, the fewest
//! for the ranking words of a run). Looks words up in the term dictionaries
//! only; how a query is read is `understand`'s, how it is ranked `build`'s.

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Whether `word` (folded) is a word of the index's jieba field.
pub(super) fn is_index_word(searcher: &Searcher, field: Field, word: &str) -> bool {
    let term = Term::from_field_text(field, word);
    searcher.segment_readers().iter().any(|segment| {
        segment
            .inverted_index(field)
            .ok()
            .and_then(|inverted| inverted.get_term_info(&term).ok().flatten())
            .is_some()
    })
}

/// Cuts a folded run into the words of the index's jieba field the way jieba
/// cuts text with its dictionary: the likeliest sequence of words, each as
/// likely as the share of passages that hold it (a unigram model, with the
/// index's counts for jieba's dictionary), so that a query typed without
/// spaces is read without loading jieba (about 0.12 s in a search process).
/// A character the index does not hold is a word of its own, unlikely; a
/// longer string it does not hold is no word. Runs over 64 characters are
/// not cut (empty).
pub(super) fn vocabulary_words(searcher: &Searcher, field: Field, run: &str) -> Vec<String> {
    const MAX_WORD: usize = 8;
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    if n == 0 || n > 64 {
        return Vec::new();
    }
    let docs: u64 = searcher
        .segment_readers()
        .iter()
        .map(|segment| u64::from(segment.max_doc()))
        .sum();
    let total = (docs.max(1) as f64).ln();
    let unknown = 0.5f64.ln() - total;
    // best[end] = (log-likelihood of chars[..end], start of its last word)
    let mut best: Vec<(f64, usize)> = vec![(f64::NEG_INFINITY, 0); n + 1];
    best[0] = (0.0, 0);
    for end in 1..=n {
        for start in end.saturating_sub(MAX_WORD)..end {
            if best[start].0 == f64::NEG_INFINITY {
                continue;
            }
            let word: String = chars[start..end].iter().collect();
            let df = searcher
                .doc_freq(&Term::from_field_text(field, &word))
                .unwrap_or(0);
            let likelihood = if df > 0 {
                (df as f64).ln() - total
            } else if end - start == 1 {
                unknown
            } else {
                continue;
            };
            let candidate = best[start].0 + likelihood;
            if candidate > best[end].0 {
                best[end] = (candidate, start);
            }
        }
    }
    let mut words = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = best[end].1;
        words.push(chars[start..end].iter().collect());
        end = start;
    }
    words.reverse();
    words
}

/// Cuts a folded run into the fewest pieces that are words of the index's
/// jieba field (single characters otherwise); returns the pieces that exist.
pub fn segment_with_terms(searcher: &Searcher, field: Field, run: &str) -> Vec<String> {
    const MAX_WORD: usize = 8;
    let chars: Vec<char> = run.chars().collect();
    let n = chars.len();
    if n == 0 || n > 64 {
        return Vec::new();
    }
    let mut cache: HashMap<String, bool> = HashMap::new();
    let mut exists = |word: &str| -> bool {
        if let Some(&known) = cache.get(word) {
            return known;
        }
        let term = Term::from_field_text(field, word);
        let found = searcher.segment_readers().iter().any(|segment| {
            segment
                .inverted_index(field)
                .ok()
                .and_then(|inverted| inverted.get_term_info(&term).ok().flatten())
                .is_some()
        });
        cache.insert(word.to_string(), found);
        found
    };
    // best[i] = (pieces, known words) for chars[..i]; fewer pieces, then more known words
    let mut best: Vec<(usize, usize, usize)> = vec![(usize::MAX, 0, 0); n + 1];
    best[0] = (0, 0, 0);
    for end in 1..=n {
        for start in end.saturating_sub(MAX_WORD)..end {
            if best[start].0 == usize::MAX {
                continue;
            }
            let word: String = chars[start..end].iter().collect();
            let known = exists(&word);
            if end - start > 1 && !known {
                continue;
            }
            let candidate = (best[start].0 + 1, best[start].1 + usize::from(known), start);
            let current = best[end];
            if candidate.0 < current.0 || (candidate.0 == current.0 && candidate.1 > current.1) {
                best[end] = candidate;
            }
        }
    }
    let mut pieces = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = best[end].2;
        let word: String = chars[start..end].iter().collect();
        if exists(&word) {
            pieces.push(word);
        }
        end = start;
    }
    pieces.reverse();
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_cut_into_the_likeliest_words_of_the_index() {
        let (index, _) = crate::index::seed_index(
            "【湖北】\n全国人大代表、华工科技董事长马新强表示，要持续打造新质生产力。",
        );
        let searcher = index.reader().unwrap().searcher();
        let body = index.fields.body;
        let cut = |run: &str| vocabulary_words(&searcher, body, run);
        assert_eq!(cut("持续打造新质生产力"), ["持续", "打造", "新质生产力"]);
        // a character the index lacks is a word of its own
        assert_eq!(cut("打造吗"), ["打造", "吗"]);
        // a string the index lacks, cut into its characters
        assert_eq!(cut("茶叶"), ["茶", "叶"]);
        assert!(cut("").is_empty());
    }
}
