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
//!   (`pair_shingles`) have a Jaccard similarity of at least
//!   `NEAR_DUPLICATE_SIMILARITY`, both having at least
//!   `NEAR_DUPLICATE_MIN_PAIRS` pairs (`near_duplicates`).
//!
//! Collapsing (`collapse`) walks a ranked list and keeps one hit per text,
//! at the rank of its best passage but showing its newest (the current
//! version of a law, this year's edition of a recurring text), counting the
//! other copies on it. Reprints are found on the whole list (one number per
//! passage, a hash set); versions only among the first hits (at most
//! `VERSION_WINDOW`), on passages whose text the page loads anyway: the work
//! of a deep page grows with its offset.
//!
//! Pure functions over text and numbers: reading the stored key of a passage
//! and its text from the index is `query`'s part.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::Hash;

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

/// The distinct pairs of consecutive word characters of `text`, folded, sorted.
pub(crate) fn pair_shingles(text: &str) -> Vec<u64> {
    let chars: Vec<char> = crate::normalize::word_chars(text).collect();
    let mut pairs: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0] as u32) << 32) | u64::from(w[1] as u32))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// Fewest distinct character pairs a passage needs to be compared as a version
/// of another (shorter passages collapse only when identical).
pub(crate) const NEAR_DUPLICATE_MIN_PAIRS: usize = 20;
/// Jaccard similarity of the pair sets from which two passages are versions of
/// one text (an amended article of a law shares about nine pairs in ten).
pub(crate) const NEAR_DUPLICATE_SIMILARITY: f64 = 0.8;

/// Whether two passages are versions of one text (see the constants above).
pub(crate) fn near_duplicates(a: &[u64], b: &[u64]) -> bool {
    if a.len() < NEAR_DUPLICATE_MIN_PAIRS || b.len() < NEAR_DUPLICATE_MIN_PAIRS {
        return false;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // cannot reach the bar even if every pair of the smaller set were shared
    if (small.len() as f64) < NEAR_DUPLICATE_SIMILARITY * large.len() as f64 {
        return false;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - shared;
    shared as f64 >= NEAR_DUPLICATE_SIMILARITY * union as f64
}

/// Most hits of a ranked list compared as versions of one another: past
/// them only reprints (one stored key, a hash set) collapse, so that the
/// cost of a deep page grows with its offset, not with its square.
pub(crate) const VERSION_WINDOW: usize = 100;

/// Collapses a ranked list of `(score, passage)` into `(score, passage,
/// copies)`: one hit per text at the rank of its best passage, showing the
/// newest of its passages (by `day`; the best ranked of a day), with the
/// number of the others, reprints or versions.
///
/// `key` gives a passage's [`dup_key`]; `day` its date as `YYYYMMDD`;
/// `load` its `pair_shingles`, asked for only while fewer than `wanted`
/// and [`VERSION_WINDOW`] hits are kept (past them only reprints are
/// counted) and remembered in `shingles`, which the caller keeps from one
/// call to the next over a longer list.
pub(crate) fn collapse<P, E>(
    ranked: &[(f32, P)],
    wanted: usize,
    shingles: &mut HashMap<P, Vec<u64>>,
    mut key: impl FnMut(P) -> Result<u64, E>,
    mut day: impl FnMut(P) -> Result<u64, E>,
    mut load: impl FnMut(P) -> Result<Vec<u64>, E>,
) -> Result<Vec<(f32, P, usize)>, E>
where
    P: Copy + Eq + Hash,
{
    let compared = wanted.min(VERSION_WINDOW);
    let mut kept: Vec<(f32, P, usize)> = Vec::new();
    // per kept hit: its first passage (whose pairs stand for the text) and
    // the day of the passage shown
    let mut groups: Vec<(P, u64)> = Vec::new();
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for &(score, passage) in ranked {
        // the same text reprinted: one key
        let key = key(passage)?;
        let at = match seen.get(&key) {
            Some(&at) => Some(at),
            // an edited version (another version of a law, a report
            // republished with changes): close sets of character pairs.
            // Checked while the first hits fill; past them, only identical
            // reprints are counted.
            None if kept.len() < compared => {
                if let Entry::Vacant(entry) = shingles.entry(passage) {
                    entry.insert(load(passage)?);
                }
                let own = &shingles[&passage];
                let version_of = groups
                    .iter()
                    .position(|(first, _)| near_duplicates(&shingles[first], own));
                if let Some(at) = version_of {
                    seen.insert(key, at);
                }
                version_of
            }
            None => None,
        };
        let day = day(passage)?;
        match at {
            Some(at) => {
                kept[at].2 += 1;
                if day > groups[at].1 {
                    kept[at].1 = passage;
                    groups[at].1 = day;
                }
            }
            None => {
                seen.insert(key, kept.len());
                kept.push((score, passage, 0));
                groups.push((passage, day));
            }
        }
    }
    Ok(kept)
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

    const LAW: &str = "第十二条 国家鼓励和支持企业加大研发投入，推动关键核心技术攻关，促进科技成果转化和产业化，培育发展新质生产力。";
    const AMENDED: &str = "第十二条 国家鼓励和支持企业加大研发投入，推动关键核心技术攻关，促进科技成果转化和产业化，加快发展新质生产力。";
    const OTHER: &str = "全国人大代表、华工科技董事长马新强表示，要坚持以科技创新引领产业创新，持续打造新质生产力。";

    #[test]
    fn a_reprint_has_the_same_key_and_an_edit_does_not() {
        let reprint = "第十二条　國家鼓勵和支持企業加大研發投入、推動關鍵核心技術攻關；促進科技成果轉化和產業化，培育發展新質生產力";
        assert_eq!(dup_key(LAW), dup_key(reprint));
        assert_ne!(dup_key(LAW), dup_key(AMENDED));
    }

    #[test]
    fn an_amended_article_is_a_version_and_another_text_is_not() {
        let law = pair_shingles(LAW);
        assert!(law.len() >= NEAR_DUPLICATE_MIN_PAIRS);
        assert!(near_duplicates(&law, &pair_shingles(AMENDED)));
        assert!(!near_duplicates(&law, &pair_shingles(OTHER)));
        // too short to be compared, even when identical
        let short = pair_shingles("新质生产力");
        assert!(!near_duplicates(&short, &short));
    }

    #[test]
    fn collapse_counts_reprints_and_versions_on_the_first_copy() {
        let texts = [LAW, OTHER, LAW, AMENDED];
        let ranked: Vec<(f32, usize)> = (0..texts.len()).map(|i| (4.0 - i as f32, i)).collect();
        let mut shingles = HashMap::new();
        let mut loaded = Vec::new();
        let kept = collapse(
            &ranked,
            10,
            &mut shingles,
            |i| Ok::<u64, ()>(dup_key(texts[i])),
            |_| Ok(20240305),
            |i| {
                loaded.push(i);
                Ok(pair_shingles(texts[i]))
            },
        )
        .unwrap();
        assert_eq!(kept, vec![(4.0, 0, 2), (3.0, 1, 0)]);
        // the reprint is told by its key alone
        assert_eq!(loaded, vec![0, 1, 3]);
    }

    #[test]
    fn past_the_page_only_reprints_collapse() {
        let texts = [OTHER, LAW, AMENDED, LAW];
        let ranked: Vec<(f32, usize)> = (0..texts.len()).map(|i| (1.0, i)).collect();
        let mut shingles = HashMap::new();
        let kept = collapse(
            &ranked,
            1,
            &mut shingles,
            |i| Ok::<u64, ()>(dup_key(texts[i])),
            |_| Ok(20240305),
            |i| Ok(pair_shingles(texts[i])),
        )
        .unwrap();
        assert_eq!(kept, vec![(1.0, 0, 0), (1.0, 1, 1), (1.0, 2, 0)]);
        assert_eq!(shingles.len(), 1);
    }

    #[test]
    fn the_newest_version_is_shown_at_the_rank_of_the_best() {
        // the amended article (2024) ranks below the older one (2020)
        let texts = [LAW, OTHER, AMENDED, LAW];
        let days = [20200101, 20230101, 20240101, 20190101];
        let ranked: Vec<(f32, usize)> = (0..texts.len()).map(|i| (4.0 - i as f32, i)).collect();
        let kept = collapse(
            &ranked,
            10,
            &mut HashMap::new(),
            |i| Ok::<u64, ()>(dup_key(texts[i])),
            |i| Ok(days[i]),
            |i| Ok(pair_shingles(texts[i])),
        )
        .unwrap();
        assert_eq!(kept, vec![(4.0, 2, 2), (3.0, 1, 0)]);
    }

    #[test]
    fn past_the_version_window_reprints_still_collapse() {
        // distinct texts fill the window, then a reprint and a version of one
        let mut texts: Vec<String> = (0..VERSION_WINDOW as u32)
            .map(|i| {
                (0..40)
                    .filter_map(|k| char::from_u32(0x4E00 + i * 64 + k))
                    .collect()
            })
            .collect();
        texts.extend([LAW.to_string(), LAW.to_string(), AMENDED.to_string()]);
        let ranked: Vec<(f32, usize)> = (0..texts.len()).map(|i| (1.0, i)).collect();
        let mut loaded = 0;
        let kept = collapse(
            &ranked,
            10_000,
            &mut HashMap::new(),
            |i| Ok::<u64, ()>(dup_key(&texts[i])),
            |_| Ok(0),
            |i| {
                loaded += 1;
                Ok(pair_shingles(&texts[i]))
            },
        )
        .unwrap();
        assert_eq!(loaded, VERSION_WINDOW);
        assert_eq!(kept.len(), VERSION_WINDOW + 2);
        assert_eq!(kept[VERSION_WINDOW], (1.0, VERSION_WINDOW, 1));
    }
}
