//! The analyzers of policy-search and the recall tokens.
//!
//! * `ps_jieba`: jieba's precise mode (with HMM for unknown words) over folded
//!   text, without a few function characters (的, 和, 在…) — the word-level
//!   field that drives BM25 ranking.
//! * recall tokens ([`for_each_recall_token`]), indexed by the recall
//!   component (`index::recall`): characters of runs of word characters
//!   (letters, digits, ideographs), folded, at consecutive positions, with a
//!   one-position gap between runs. Every occurrence of one of the 1,024 most
//!   frequent character pairs (中国, 发展, 建设…) is a token at the position
//!   of its first character, and a character is a token of its own only where
//!   no such pair covers it: 0.77 tokens a character of news text, against 1.33
//!   for every character and every pair. A substring is the phrase of its
//!   pairs and characters ([`run_terms`]), a character term matching the
//!   character or either half of a pair ([`char_alternatives`]): exact,
//!   whatever jieba made of the text. The common pairs keep queries made of
//!   frequent characters fast (like Lucene's common grams); all character
//!   pairs would make the vocabulary hundreds of thousands of terms per
//!   segment.
//!
//! The analyzers share the process-wide jieba instance; cloning one is free
//! and the dictionary is loaded only when text is actually segmented, so a
//! search process that registers the analyzers never pays for it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalize::{
    classify, fold_char, is_ignorable, is_word_char, next_data_line, t2s, two_chars, UNIFIED_FIRST,
    UNIFIED_LAST,
};

pub const JIEBA: &str = "ps_jieba";

/// Word-level analyzer over the shared jieba dictionary.
#[derive(Clone, Default)]
pub struct JiebaAnalyzer;

impl Tokenizer for JiebaAnalyzer {
    type TokenStream<'a> = JiebaStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JiebaStream {
        JiebaStream::new(text)
    }
}

/// jieba words of one text; the token is reused, no allocation per word.
pub struct JiebaStream {
    folded: String,
    /// (folded byte range, original byte range, position) of each word
    words: Vec<(usize, usize, usize, usize, usize)>,
    next: usize,
    token: Token,
}

impl JiebaStream {
    fn new(text: &str) -> JiebaStream {
        // fold, dropping zero-width characters (as the recall tokens do), and
        // note whether that moved any byte offset
        // (most characters fold to themselves: the runs between the others
        // are copied whole)
        let mut folded = String::with_capacity(text.len());
        let mut shifted = false;
        let mut copied = 0;
        for (at, c) in text.char_indices() {
            let f = if is_ignorable(c) {
                None
            } else {
                Some(fold_for_jieba(c))
            };
            if f == Some(c) {
                continue;
            }
            folded.push_str(&text[copied..at]);
            copied = at + c.len_utf8();
            match f {
                Some(f) => {
                    shifted |= f.len_utf8() != c.len_utf8();
                    folded.push(f);
                }
                None => shifted = true,
            }
        }
        folded.push_str(&text[copied..]);
        let cut = crate::segment::jieba().cut(&folded, true);
        let mut words = Vec::with_capacity(cut.len());
        // when offsets moved (a zero-width or full-width letter or digit: 65 of
        // 25,429 passages of a year of 新闻联播), walk the original characters
        // alongside the words for their byte offsets
        let mut original = text.char_indices().filter(|&(_, c)| !is_ignorable(c));
        let mut walked = 0;
        for (position, word) in cut.into_iter().enumerate() {
            if !word.word.chars().any(is_word_char) || is_stop_word(word.word) {
                continue;
            }
            let (from, to) = if shifted {
                if word.start > walked {
                    original.nth(word.start - walked - 1);
                }
                let mut from = text.len();
                let mut to = text.len();
                for (i, (at, c)) in original.by_ref().take(word.end - word.start).enumerate() {
                    if i == 0 {
                        from = at;
                    }
                    to = at + c.len_utf8();
                }
                walked = word.end;
                (from, to)
            } else {
                (word.byte_start, word.byte_end)
            };
            words.push((word.byte_start, word.byte_end, from, to, position));
        }
        JiebaStream {
            folded,
            words,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for JiebaStream {
    fn advance(&mut self) -> bool {
        let Some(&(start, end, from, to, position)) = self.words.get(self.next) else {
            return false;
        };
        self.next += 1;
        let token = &mut self.token;
        token.text.clear();
        token.text.push_str(&self.folded[start..end]);
        token.offset_from = from;
        token.offset_to = to;
        token.position = position;
        token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// How the jieba analyzer folds a character: as [`fold_char`], except for
/// the full-width punctuation and the ideographic space, which jieba takes as
/// separators in either form (，：；！？（）…) and which never make a token of
/// ours. Kept as written, they leave the byte offsets of the folded text
/// those of the original in nearly every passage, and the offsets of words
/// need no walk over the original text. Full-width letters, digits and the
/// symbols jieba keeps inside words (＋＃＆．＿％－) are folded.
#[inline]
fn fold_for_jieba(c: char) -> char {
    match c as u32 {
        // nearly every character of Chinese text: one bit of the table
        UNIFIED_FIRST..=UNIFIED_LAST => t2s(c),
        0x3000 => c,
        0xFF01..=0xFF5E => {
            let f = fold_char(c);
            if f.is_ascii_alphanumeric() || matches!(f, '+' | '#' | '&' | '.' | '_' | '%' | '-') {
                f
            } else {
                c
            }
        }
        _ => fold_char(c),
    }
}

/// Function characters too frequent to help ranking (about one word in eight
/// of news text). They stay findable through the recall index.
const STOP_CHARS: &[char] = &[
    '的', '和', '在', '等', '了', '为', '是', '将', '对', '以', '与', '中', '个', '上', '也', '及',
    '并', '从', '由', '被', '把', '之', '其', '而', '或', '向', '于', '就', '都', '着', '地', '得',
];

fn is_stop_word(word: &str) -> bool {
    debug_assert!(STOP_CHARS.iter().all(|c| c.len_utf8() == 3));
    // every stop character is three bytes of UTF-8: most words are ruled out
    // by their length
    word.len() == 3 && word.chars().next().is_some_and(|c| STOP_CHARS.contains(&c))
}

/// Segments `text` (folded) into word tokens with byte offsets into `text`.
pub fn jieba_tokens(text: &str) -> Vec<Token> {
    collect(JiebaStream::new(text))
}

fn collect(mut stream: impl TokenStream) -> Vec<Token> {
    let mut tokens = Vec::new();
    while stream.advance() {
        tokens.push(stream.token().clone());
    }
    tokens
}

/// The bundled list of the most frequent character pairs (`src/vocab/common_pairs.txt`).
const COMMON_PAIRS: &str = include_str!("../vocab/common_pairs.txt");

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

    fn texts(tokens: &[Token]) -> Vec<(String, usize)> {
        tokens
            .iter()
            .map(|t| (t.text.clone(), t.position))
            .collect()
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

    #[test]
    fn jieba_words_keep_policy_terms_whole_and_skip_function_characters() {
        let words = texts(&jieba_tokens("加快发展新质生产力，推进東數西算工程的建设"));
        assert!(words.iter().any(|(w, _)| w == "新质生产力"), "{words:?}");
        assert!(words.iter().any(|(w, _)| w == "东数西算"), "{words:?}");
        assert!(
            !words.iter().any(|(w, _)| w == "的" || w == "，"),
            "{words:?}"
        );
        // a skipped word keeps its position: 建设 is two places after 工程
        let at = |word: &str| words.iter().find(|(w, _)| w == word).map(|&(_, p)| p);
        assert_eq!(at("建设"), at("工程").map(|p| p + 2), "{words:?}");
    }

    proptest::proptest! {
        #[test]
        fn jieba_words_are_those_of_the_fully_folded_text(
            text in "[新质生产力發展國家ＡＢab12，。！？（）：＋+＃．　 “”的]{0,40}",
        ) {
            // punctuation kept full-width for jieba changes no word nor position
            let folded = crate::normalize::fold(&text);
            proptest::prop_assert_eq!(texts(&jieba_tokens(&text)), texts(&jieba_tokens(&folded)));
        }

        #[test]
        fn jieba_token_offsets_land_on_the_original_text_of_the_word(
            text in "[新质生产力發展國家ＡＢab12，。“”\u{200B}\u{FEFF} 的和]{0,40}",
        ) {
            let mut last_end = 0;
            for token in jieba_tokens(&text) {
                proptest::prop_assert!(text.is_char_boundary(token.offset_from));
                proptest::prop_assert!(text.is_char_boundary(token.offset_to));
                proptest::prop_assert!(token.offset_from >= last_end, "{token:?}");
                last_end = token.offset_to;
                let original: String = text[token.offset_from..token.offset_to]
                    .chars()
                    .filter(|&c| !is_ignorable(c))
                    .map(fold_char)
                    .collect();
                proptest::prop_assert_eq!(&original, &token.text);
            }
        }
    }
}
