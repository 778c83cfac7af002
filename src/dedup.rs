//! Near-duplicate passages: the key ingest stores with each passage, and how a
//! search collapses the copies of one text into a single hit.
//!
//! The same report reaches a corpus many times: reprinted word for word by
//! other papers, or republished with edits (another version of a law, a
//! speech revised for print). Here two passages are
//!
//! - **reprints** when their folded word characters are the same
//!   ([`dup_key`], stored with each passage at ingest: punctuation, spaces,
//!   traditional characters and full-width forms make no difference);
//! - **versions** of one text when their sets of consecutive character pairs
//!   are close (compared by `query` as it collapses a page of hits).
//!
//! Pure functions over text: reading the stored key of a passage from the
//! index is `query`'s part.

use crate::normalize::classify;

/// Hash of a passage's folded word characters: equal for reprinted passages.
pub fn dup_key(text: &str) -> u64 {
    // the folded word characters (`normalize::word_chars`), copied a run at a
    // time: most characters fold to themselves
    let mut folded = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, c) in text.char_indices() {
        // an ignorable character is not a word character: dropped
        let (f, word) = classify(c).unwrap_or((c, false));
        if f == c && word {
            continue;
        }
        folded.push_str(&text[copied..at]);
        copied = at + c.len_utf8();
        if word {
            folded.push(f);
        }
    }
    folded.push_str(&text[copied..]);
    xxhash_rust::xxh3::xxh3_64(folded.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_duplicate_key_hashes_the_folded_word_characters(
            text in "[新质生產力發展ＡＢab12，。！ 　\u{200B}的和]{0,40}",
        ) {
            let folded: String = crate::normalize::word_chars(&text).collect();
            prop_assert_eq!(dup_key(&text), xxhash_rust::xxh3::xxh3_64(folded.as_bytes()));
        }
    }
}
