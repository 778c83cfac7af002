//! The recall tokens ([`for_each_recall_token`]), indexed by the recall
//! component (`index::recall`), and the recall terms of a query run
//! ([`run_terms`]): characters of runs of word characters (letters, digits,
//! ideographs), folded, at consecutive positions, with a one-position gap
//! between runs. Every occurrence of one of the 1,024 most frequent character
//! pairs (中国, 发展, 建设…) is a token at the position of its first
//! character, and a character is a token of its own only where no such pair
//! covers it: 0.77 tokens a character of news text, against 1.33 for every
//! character and every pair. A substring is the phrase of its pairs and
//! characters ([`run_terms`]), a character term matching the character or
//! either half of a pair ([`char_alternatives`]): exact, whatever jieba made
//! of the text. The common pairs keep queries made of frequent characters
//! fast (like Lucene's common grams); all character pairs would make the
//! vocabulary hundreds of thousands of terms per segment.
//!
//! It owns the table of common pairs and the term keys; the jieba words of
//! the ranked field are `index::analyzer`'s, and how the tokens are stored
//! is the rest of `index::recall`'s.

use crate::normalize::{classify, next_data_line, two_chars};

/// The bundled list of the most frequent character pairs (`src/vocab/common_pairs.txt`).
const COMMON_PAIRS: &str = include_str!("../../vocab/common_pairs.txt");

/// Slots of the open-addressing table of common pairs (a power of two, at
/// least twice the number of pairs).
pub(crate) const PAIR_SLOTS: usize = 4096;

const fn pair_key(a: char, b: char) -> u64 {
    ((a as u64) << 32) | b as u64
}

const fn pair_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize % PAIR_SLOTS
}

/// The open-addressing table of common pairs, built at compile time (a line
/// of the list that is not two characters does not compile).
static PAIR_TABLE: [u64; PAIR_SLOTS] = pair_table(COMMON_PAIRS);

const fn pair_table(list: &str) -> [u64; PAIR_SLOTS] {
    let bytes = list.as_bytes();
    let mut table = [0u64; PAIR_SLOTS];
    let mut at = 0;
    while let Some((start, end)) = next_data_line(bytes, at) {
        let (a, b) = two_chars(bytes, start, end);
        let key = ((a as u64) << 32) | b as u64;
        let mut slot = pair_slot(key);
        while table[slot] != 0 && table[slot] != key {
            slot = (slot + 1) % PAIR_SLOTS;
        }
        table[slot] = key;
        at = end + 1;
    }
    table
}

/// Whether two folded characters make a common pair: the recall index holds
/// such a pair as a token of its own, so that queries containing it intersect
/// one short posting list instead of two long ones (like Lucene's common grams).
pub fn is_common_pair(a: char, b: char) -> bool {
    common_pair_slot(a, b).is_some()
}

/// The slot of a common pair in the bundled table (below 4,096, fixed for a
/// given `common_pairs.txt`): its identity in the recall index.
#[inline]
pub fn common_pair_slot(a: char, b: char) -> Option<u32> {
    let table = &PAIR_TABLE;
    let key = pair_key(a, b);
    let mut slot = pair_slot(key);
    loop {
        match table[slot] {
            0 => return None,
            k if k == key => return Some(slot as u32),
            _ => slot = (slot + 1) % PAIR_SLOTS,
        }
    }
}

/// Term key of one folded character in the recall index: its code point.
#[inline]
pub fn char_key(c: char) -> u32 {
    c as u32
}

/// Term keys of common pairs start past the last code point.
pub const PAIR_KEY_BASE: u32 = 0x11_0000;

/// Calls `emit(term key, position)` for every recall token of `text`: the
/// tokens of the recall component, without building strings, in order of
/// position (at most one a position).
///
/// Every occurrence of a common pair is a token at the position of its first
/// character; a character is a token of its own only where no common pair
/// covers it (45% of the characters of news text), so that a text
/// has 0.77 tokens a character where characters and pairs both made 1.33. The
/// query side finds a character as itself or as either half of a common pair
/// ([`char_alternatives`]).
pub fn for_each_recall_token(text: &str, mut emit: impl FnMut(u32, u32)) {
    let mut position: u32 = 0;
    // the run's last character, not emitted yet, and whether the common pair
    // it ends covers it
    let mut previous: Option<(char, bool)> = None;
    for c in text.chars() {
        let Some((folded, word)) = classify(c) else {
            continue;
        };
        if !word {
            if let Some((before, covered)) = previous.take() {
                if !covered {
                    emit(char_key(before), position - 1);
                }
                // one empty position between runs: phrases never bridge punctuation
                position += 1;
            }
            continue;
        }
        let mut covered = false;
        if let Some((before, before_covered)) = previous {
            if let Some(slot) = common_pair_slot(before, folded) {
                emit(PAIR_KEY_BASE + slot, position - 1);
                covered = true;
            } else if !before_covered {
                emit(char_key(before), position - 1);
            }
        }
        previous = Some((folded, covered));
        position += 1;
    }
    if let Some((before, false)) = previous {
        emit(char_key(before), position - 1);
    }
}

/// A query's character term at the start of its run: in a text, the
/// character may end a common pair whose first character precedes the run.
pub const OPEN_BEFORE: u32 = 1 << 23;
/// A query's character term at the end of its run: in a text, the character
/// may begin a common pair whose second character follows the run.
pub const OPEN_AFTER: u32 = 1 << 24;

/// The recall terms of one folded run as a query sees them: `(offset, term
/// key)`. Common pairs first, greedy from the left; a character left over is
/// the pair it ends when that pair is common (the terms of a phrase may
/// overlap), else a character term. Inside the run, the characters on either
/// side of such a character make no common pair with it, so a text holds it
/// as a token of its own: its term is exact. At either end of the run, the
/// text may pair it with a character outside the run: the term carries
/// [`OPEN_BEFORE`] / [`OPEN_AFTER`], and the recall query widens it to the
/// pairs it may be half of ([`char_alternatives`]).
pub fn run_terms(run: &str) -> Vec<(u32, u32)> {
    let chars: Vec<char> = run.chars().collect();
    let mut terms = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() {
            if let Some(slot) = common_pair_slot(chars[i], chars[i + 1]) {
                terms.push((i as u32, PAIR_KEY_BASE + slot));
                i += 2;
                continue;
            }
        }
        let ended = i
            .checked_sub(1)
            .and_then(|before| Some((before, common_pair_slot(chars[before], chars[i])?)));
        match ended {
            Some((before, slot)) => terms.push((before as u32, PAIR_KEY_BASE + slot)),
            None => {
                let mut key = char_key(chars[i]);
                if i == 0 {
                    key |= OPEN_BEFORE;
                }
                if i + 1 == chars.len() {
                    key |= OPEN_AFTER;
                }
                terms.push((i as u32, key));
            }
        }
        i += 1;
    }
    terms
}

/// The recall terms of a phrase of several runs (a quoted query with
/// punctuation or spaces inside, `"绿色生产,助力"`): the terms of each run,
/// each run after the first shifted past the one empty position that
/// [`for_each_recall_token`] leaves between runs. A text matches it exactly
/// when the runs follow each other with only punctuation or spaces between —
/// what `highlight::find` marks. A character beside an inner gap can pair
/// with nothing across it, so only the phrase's two outer ends stay open.
pub fn phrase_terms(runs: &[String]) -> Vec<(u32, u32)> {
    let mut terms = Vec::new();
    let mut start: u32 = 0;
    for (i, run) in runs.iter().enumerate() {
        for (offset, mut key) in run_terms(run) {
            if i > 0 {
                key &= !OPEN_BEFORE;
            }
            if i + 1 < runs.len() {
                key &= !OPEN_AFTER;
            }
            terms.push((start + offset, key));
        }
        start += run.chars().count() as u32 + 1;
    }
    terms
}

/// The recall terms of a run as a reader sees them, for `--explain`: a common
/// pair as its two characters, a character term with `…` on the side where a
/// text may pair it with a character outside the run (新质生产力 →
/// `…新 质 生产 力…`).
pub fn describe_run_terms(run: &str) -> String {
    let described: Vec<String> = run_terms(run)
        .into_iter()
        .map(|(_, key)| {
            let base = key & !(OPEN_BEFORE | OPEN_AFTER);
            match base.checked_sub(PAIR_KEY_BASE).and_then(pair_chars) {
                Some((a, b)) => [a, b].iter().collect(),
                None => {
                    let c: String = char::from_u32(base).into_iter().collect();
                    let before = if key & OPEN_BEFORE != 0 { "…" } else { "" };
                    let after = if key & OPEN_AFTER != 0 { "…" } else { "" };
                    format!("{before}{c}{after}")
                }
            }
        })
        .collect();
    described.join(" ")
}

/// The two characters of the common pair in `slot`, if there is one.
pub fn pair_chars(slot: u32) -> Option<(char, char)> {
    let key = *PAIR_TABLE.get(slot as usize)?;
    if key == 0 {
        return None;
    }
    Some((
        char::from_u32((key >> 32) as u32)?,
        char::from_u32(key as u32)?,
    ))
}

/// Where the recall index holds occurrences of character `c`, as `(term key,
/// shift)`: its own term (shift 0); with `before`, every common pair it ends
/// (shift 1: the pair's position is the one before the character's); with
/// `after`, every common pair it begins (shift 0).
pub fn char_alternatives(c: char, before: bool, after: bool) -> Vec<(u32, u32)> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static BY_CHAR: OnceLock<HashMap<char, Vec<(u32, u32)>>> = OnceLock::new();
    let by_char = BY_CHAR.get_or_init(|| {
        let mut by_char: HashMap<char, Vec<(u32, u32)>> = HashMap::new();
        for slot in 0..PAIR_SLOTS as u32 {
            if let Some((a, b)) = pair_chars(slot) {
                by_char
                    .entry(a)
                    .or_default()
                    .push((PAIR_KEY_BASE + slot, 0));
                by_char
                    .entry(b)
                    .or_default()
                    .push((PAIR_KEY_BASE + slot, 1));
            }
        }
        by_char
    });
    let mut alternatives = vec![(char_key(c), 0)];
    alternatives.extend(
        by_char
            .get(&c)
            .into_iter()
            .flatten()
            .filter(|&&(_, shift)| if shift == 1 { before } else { after })
            .copied(),
    );
    alternatives
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::normalize::{fold_char, is_ignorable, is_word_char};

    /// The recall tokens of `text` as `(term, position)`, a term being the
    /// character or the common pair (see [`for_each_recall_token`]).
    fn recall_tokens(text: &str) -> Vec<(String, u32)> {
        let mut tokens = Vec::new();
        for_each_recall_token(text, |key, position| {
            let term = match key.checked_sub(PAIR_KEY_BASE) {
                Some(slot) => {
                    let (a, b) = pair_chars(slot).expect("a pair's slot");
                    [a, b].iter().collect()
                }
                None => char::from_u32(key).expect("a character").to_string(),
            };
            tokens.push((term, position));
        });
        tokens
    }

    /// The folded word characters of `text` at their recall positions.
    fn positioned_chars(text: &str) -> Vec<(char, u32)> {
        let mut chars = Vec::new();
        let mut position = 0;
        let mut in_run = false;
        for c in text.chars().filter(|c| !is_ignorable(*c)).map(fold_char) {
            if is_word_char(c) {
                chars.push((c, position));
                position += 1;
                in_run = true;
            } else if in_run {
                position += 1;
                in_run = false;
            }
        }
        chars
    }

    #[test]
    fn recall_tokens_are_common_pairs_and_the_characters_no_pair_covers() {
        assert!(is_common_pair('生', '产'));
        assert!(!is_common_pair('质', '生'));
        assert!(!is_common_pair('产', '力'));
        let got = recall_tokens("新质生产力，高质量");
        let mut expected: Vec<(String, u32)> = Vec::new();
        let chars = positioned_chars("新质生产力，高质量");
        for (i, &(c, position)) in chars.iter().enumerate() {
            let next = chars.get(i + 1).filter(|&&(_, p)| p == position + 1);
            let before = i
                .checked_sub(1)
                .map(|j| chars[j])
                .filter(|&(_, p)| p + 1 == position);
            if let Some(&(d, _)) = next {
                if is_common_pair(c, d) {
                    expected.push(([c, d].iter().collect(), position));
                    continue;
                }
            }
            if !before.is_some_and(|(b, _)| is_common_pair(b, c)) {
                expected.push((c.to_string(), position));
            }
        }
        assert_eq!(got, expected);
        // 生产 stands for 生 and 产; 质 and 力 are their own tokens; the gap
        // after the comma is position 5
        assert!(got.contains(&("生产".into(), 2)), "{got:?}");
        assert!(got.contains(&("质".into(), 1)), "{got:?}");
        assert!(got.contains(&("力".into(), 4)), "{got:?}");
        assert!(!got.iter().any(|(t, _)| t == "生" || t == "产"), "{got:?}");
        assert!(got.iter().all(|&(_, p)| p != 5), "{got:?}");
    }

    #[test]
    fn recall_tokens_fold_traditional_width_and_skip_zero_width() {
        let got = recall_tokens("新質\u{200B}ＡＩ");
        // 新质 may be a common pair; the letters are not
        let chars: String = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(chars, "新质ai");
        assert_eq!(got.last(), Some(&("i".into(), 3)));
    }

    proptest::proptest! {
        /// Every character of a text is found where the query side looks for
        /// it: its own token, or a common pair it begins or ends.
        #[test]
        fn every_character_is_found_through_its_alternatives(
            text in "[新质生产力发展國家中国社会主义经济建设ＡＢab12，。\u{200B} 的和]{0,40}",
        ) {
            let tokens: std::collections::HashSet<(u32, u32)> = {
                let mut tokens = std::collections::HashSet::new();
                for_each_recall_token(&text, |key, position| {
                    tokens.insert((key, position));
                });
                tokens
            };
            for (c, position) in positioned_chars(&text) {
                let found = char_alternatives(c, true, true).iter().any(|&(key, shift)| {
                    position.checked_sub(shift).is_some_and(|p| tokens.contains(&(key, p)))
                });
                proptest::prop_assert!(found, "{c} at {position} in {text:?}: {tokens:?}");
            }
            // and nothing else: each token is a character or a pair of the text
            let chars: std::collections::HashMap<u32, char> =
                positioned_chars(&text).into_iter().map(|(c, p)| (p, c)).collect();
            for &(key, position) in &tokens {
                match key.checked_sub(PAIR_KEY_BASE) {
                    Some(slot) => {
                        let (a, b) = pair_chars(slot).unwrap();
                        proptest::prop_assert_eq!(chars.get(&position), Some(&a));
                        proptest::prop_assert_eq!(chars.get(&(position + 1)), Some(&b));
                    }
                    None => proptest::prop_assert_eq!(chars.get(&position).map(|&c| c as u32), Some(key)),
                }
            }
        }
    }

    #[test]
    fn query_runs_use_the_terms_of_the_index() {
        for run in [
            "新质生产力",
            "高质量发展",
            "质生产",
            "粮",
            "中国特色社会主义",
        ] {
            let chars: Vec<char> = run.chars().collect();
            let terms = run_terms(run);
            let mut covered = vec![false; chars.len()];
            for &(offset, key) in &terms {
                let offset = offset as usize;
                match (key & !(OPEN_BEFORE | OPEN_AFTER)).checked_sub(PAIR_KEY_BASE) {
                    // a pair of the run, which the index holds wherever it occurs
                    Some(slot) => {
                        assert_eq!(pair_chars(slot), Some((chars[offset], chars[offset + 1])));
                        covered[offset] = true;
                        covered[offset + 1] = true;
                    }
                    None => {
                        assert_eq!(key & !(OPEN_BEFORE | OPEN_AFTER), char_key(chars[offset]));
                        // open at the ends of the run only
                        assert_eq!(key & OPEN_BEFORE != 0, offset == 0, "{run}: {terms:?}");
                        assert_eq!(
                            key & OPEN_AFTER != 0,
                            offset + 1 == chars.len(),
                            "{run}: {terms:?}"
                        );
                        covered[offset] = true;
                    }
                }
            }
            assert!(covered.iter().all(|&c| c), "{run}: {terms:?}");
        }
        // a character next to a common pair is that pair, not a character term
        let pair = PAIR_KEY_BASE + common_pair_slot('生', '产').unwrap();
        assert_eq!(
            run_terms("质生产"),
            vec![(0, char_key('质') | OPEN_BEFORE), (1, pair)]
        );
    }

    #[test]
    fn a_phrase_of_runs_is_one_phrase_across_the_gap_between_runs() {
        let runs = ["绿色生产".to_string(), "助".to_string(), "力".to_string()];
        let terms = phrase_terms(&runs);
        // each run starts past the one before and its one empty position in
        // the text's positions (绿色生产 at 0‥3, a gap at 4, 助 at 5, 力 at 7)
        let pair = |a, b| PAIR_KEY_BASE + common_pair_slot(a, b).expect("a common pair");
        // only the phrase's outer ends stay open: no pair crosses a gap
        let expected = vec![
            (0, pair('绿', '色')),
            (2, pair('生', '产')),
            (5, char_key('助')),
            (7, char_key('力') | OPEN_AFTER),
        ];
        assert_eq!(terms, expected);
        assert_eq!(phrase_terms(&runs[..1]), run_terms("绿色生产"));
    }

    #[test]
    fn run_terms_are_described_as_characters_and_pairs() {
        assert!(is_common_pair('生', '产'));
        assert!(!is_common_pair('质', '生'));
        assert!(!is_common_pair('产', '力'));
        assert!(
            describe_run_terms("质生产力").starts_with("…质 生产 "),
            "{}",
            describe_run_terms("质生产力")
        );
        assert_eq!(describe_run_terms("粮"), "…粮…");
        assert_eq!(describe_run_terms("生产"), "生产");
    }

    #[test]
    fn the_common_pair_table_holds_every_listed_pair() {
        let listed: Vec<(char, char)> = COMMON_PAIRS
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .map(|line| {
                let mut chars = line.chars();
                (chars.next().unwrap(), chars.next().unwrap())
            })
            .collect();
        assert_eq!(listed.len(), 1024);
        assert_eq!(PAIR_TABLE.iter().filter(|&&key| key != 0).count(), 1024);
        assert!(listed.iter().all(|&(a, b)| is_common_pair(a, b)));
        assert!(!is_common_pair('湖', '武'));
    }
}
