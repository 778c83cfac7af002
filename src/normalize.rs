//! Character folding shared by the index and the query side.
//!
//! Folding is strictly one character to one character, so a character index
//! into folded text is a character index into the original text: highlights
//! computed on folded text land on the original characters. It maps
//! traditional to simplified characters, full-width ASCII to half-width,
//! the ideographic space to a space, and ASCII to lower case.
//!
//! Zero-width characters (U+200B…U+200D, U+2060, U+FEFF) are *ignorable*:
//! they neither match nor break a run of word characters.

/// First and last code point of the table of traditional → simplified characters.
const CJK_FIRST: u32 = 0x3400;
const CJK_LAST: u32 = 0x9FFF;
const CJK_LEN: usize = (CJK_LAST - CJK_FIRST + 1) as usize;

/// The bundled table (`src/vocab/t2s.txt`): one line per traditional
/// character of the range, followed by its simplified form, in order of code
/// point; lines starting with `#` are comments.
const T2S_TABLE: &str = include_str!("vocab/t2s.txt");

/// The table's conversions, `(traditional, simplified)` by code point, read
/// at compile time (a malformed or unordered table does not compile).
static T2S_PAIRS: [(u32, u32); count_pairs(T2S_TABLE)] = parse_pairs(T2S_TABLE);

/// A bit per character of the range: is it in [`T2S_PAIRS`]? 3.4 kB that stay
/// in cache while text is folded, where a table of all 27,000 characters
/// would not; folding runs over every character indexed.
static T2S_BITS: [u64; CJK_LEN.div_ceil(64)] = traditional_bits(&T2S_PAIRS);

/// The code point of the UTF-8 sequence at `bytes[at]` and its length.
pub(crate) const fn decode_at(bytes: &[u8], at: usize) -> (u32, usize) {
    const fn cont(bytes: &[u8], at: usize) -> u32 {
        (bytes[at] & 0x3F) as u32
    }
    let b = bytes[at];
    if b < 0x80 {
        (b as u32, 1)
    } else if b < 0xE0 {
        ((((b & 0x1F) as u32) << 6) | cont(bytes, at + 1), 2)
    } else if b < 0xF0 {
        (
            (((b & 0x0F) as u32) << 12) | (cont(bytes, at + 1) << 6) | cont(bytes, at + 2),
            3,
        )
    } else {
        (
            (((b & 0x07) as u32) << 18)
                | (cont(bytes, at + 1) << 12)
                | (cont(bytes, at + 2) << 6)
                | cont(bytes, at + 3),
            4,
        )
    }
}

/// The byte range of the first data line of `bytes` at or after `at` (lines
/// starting with `#` are comments; empty lines are skipped).
pub(crate) const fn next_data_line(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    while at < bytes.len() {
        let start = at;
        while at < bytes.len() && bytes[at] != b'\n' {
            at += 1;
        }
        if at > start && bytes[start] != b'#' {
            return Some((start, at));
        }
        at += 1;
    }
    None
}

/// The two characters of the data line `start..end` of a bundled list (a
/// line of another length does not compile).
pub(crate) const fn two_chars(bytes: &[u8], start: usize, end: usize) -> (u32, u32) {
    let (a, len_a) = decode_at(bytes, start);
    let (b, len_b) = decode_at(bytes, start + len_a);
    assert!(
        start + len_a + len_b == end,
        "a line of a bundled list is not two characters"
    );
    (a, b)
}

const fn count_pairs(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    let mut at = 0;
    while let Some((_, end)) = next_data_line(bytes, at) {
        count += 1;
        at = end + 1;
    }
    count
}

const fn parse_pairs<const N: usize>(text: &str) -> [(u32, u32); N] {
    let bytes = text.as_bytes();
    let mut pairs = [(0u32, 0u32); N];
    let mut n = 0;
    let mut at = 0;
    while let Some((start, end)) = next_data_line(bytes, at) {
        let (from, to) = two_chars(bytes, start, end);
        assert!(
            from >= CJK_FIRST && from <= CJK_LAST,
            "t2s.txt: outside the CJK range"
        );
        assert!(
            n == 0 || pairs[n - 1].0 < from,
            "t2s.txt: not in order of code point"
        );
        pairs[n] = (from, to);
        n += 1;
        at = end + 1;
    }
    pairs
}

const fn traditional_bits<const N: usize>(pairs: &[(u32, u32)]) -> [u64; N] {
    let mut bits = [0u64; N];
    let mut i = 0;
    while i < pairs.len() {
        let at = (pairs[i].0 - CJK_FIRST) as usize;
        bits[at / 64] |= 1 << (at % 64);
        i += 1;
    }
    bits
}

/// The simplified form of `c`, a character of the CJK table's range
/// (converted alone, without context, so that a query and a document
/// convert the same character the same way).
#[inline]
pub(crate) fn t2s(c: char) -> char {
    let i = (c as u32 - CJK_FIRST) as usize;
    if T2S_BITS[i / 64] & (1 << (i % 64)) == 0 {
        return c;
    }
    simplified(c)
}

/// The conversion of a traditional character (out of line: folding stays
/// small enough to inline, and simplified text never comes here).
#[cold]
fn simplified(c: char) -> char {
    match T2S_PAIRS.binary_search_by_key(&(c as u32), |&(from, _)| from) {
        Ok(at) => char::from_u32(T2S_PAIRS[at].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Folds one character (see the module docs).
#[inline]
pub fn fold_char(c: char) -> char {
    let code = c as u32;
    if code < 0x80 {
        return c.to_ascii_lowercase();
    }
    match code {
        0xFF01..=0xFF5E => {
            let ascii = char::from_u32(code - 0xFEE0).unwrap_or(c);
            ascii.to_ascii_lowercase()
        }
        0x3000 => ' ',
        CJK_FIRST..=CJK_LAST => t2s(c),
        _ => c,
    }
}

/// What matching makes of one character at once: `None` for an ignorable
/// character ([`is_ignorable`]), else the folded character ([`fold_char`])
/// and whether it is a word character ([`is_word_char`]). The ideographs of
/// the unified block, nearly every character of Chinese text, take one range
/// check and one bit of the conversion table.
///
/// The ideographs' test is inlined into every caller (the recall tokens,
/// the near-duplicate key), the rest is one call out of line.
#[inline(always)]
pub fn classify(c: char) -> Option<(char, bool)> {
    if (UNIFIED_FIRST..=UNIFIED_LAST).contains(&(c as u32)) {
        return Some((t2s(c), true));
    }
    classify_other(c)
}

/// [`classify`] of a character outside the unified ideographs.
#[inline(never)]
fn classify_other(c: char) -> Option<(char, bool)> {
    if is_ignorable(c) {
        return None;
    }
    let folded = fold_char(c);
    Some((folded, is_word_char(folded)))
}

/// The block of CJK unified ideographs, inside the conversion table's range.
pub(crate) const UNIFIED_FIRST: u32 = 0x4E00;
pub(crate) const UNIFIED_LAST: u32 = 0x9FFF;

/// Folds a whole string, character by character.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Characters that are skipped entirely when matching.
#[inline]
pub fn is_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Characters that make up searchable runs: letters, digits and ideographs.
/// Everything else (punctuation, spaces, symbols) separates runs.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0x4E00..=0x9FFF => true,
        // the punctuation of Chinese text (general punctuation, CJK symbols,
        // full-width forms), met at every clause: no letter or digit among
        // them, and Unicode's table lookup is slow for them
        0x2000..=0x206F | 0x3000..=0x3004 | 0x3008..=0x3020 | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 => {
            false
        }
        _ => c.is_alphanumeric(),
    }
}

/// The word characters of `text`, folded, without the separators between
/// runs: what two texts must share to count as the same text.
pub fn word_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars().map(fold_char).filter(|c| is_word_char(*c))
}

/// The searchable runs of `text`, folded: each run is a maximal sequence of word
/// characters, ignorable characters dropped. Used by the query side to turn a
/// phrase into the runs the index knows.
pub fn runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_ignorable(c) {
            continue;
        }
        let f = fold_char(c);
        if is_word_char(f) {
            current.push(f);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_fullwidth_and_case() {
        assert_eq!(fold("新質生產力"), "新质生产力");
        assert_eq!(fold("馬新強"), "马新强");
        assert_eq!(fold("ＡＩ＋Ｇ２０"), "ai+g20");
        assert_eq!(fold("两会　开幕"), "两会 开幕");
    }

    #[test]
    fn word_characters_are_unicode_letters_and_digits() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn t2s_table_is_fast2s() {
        // the bundled table is generated from fast2s: it must still say the
        // same for every character of the range, one character converted alone
        for code in CJK_FIRST..=CJK_LAST {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let converted = fast2s::convert(c.encode_utf8(&mut buf));
            let mut chars = converted.chars();
            let expected = match (chars.next(), chars.next()) {
                (Some(s), None) => s,
                _ => c,
            };
            assert_eq!(t2s(c), expected, "{c} (U+{code:04X})");
        }
    }

    #[test]
    fn classify_is_fold_and_word_char() {
        // every character of the Basic Multilingual Plane and a few beyond;
        // the ideographs' fast path included
        for code in (0..0x1_0000).chain(0x2_0000..0x2_0100) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let expected = (!is_ignorable(c)).then(|| (fold_char(c), is_word_char(fold_char(c))));
            assert_eq!(classify(c), expected, "U+{code:04X}");
        }
    }

    #[test]
    fn folding_keeps_character_count() {
        let text = "“把科技的命脉牢牢掌握在自己手中”……２０２２年6月28日,習近平";
        assert_eq!(fold(text).chars().count(), text.chars().count());
    }

    #[test]
    fn runs_split_on_punctuation_and_skip_zero_width() {
        assert_eq!(
            runs("新质\u{200B}生产力，高质量 发展"),
            vec!["新质生产力", "高质量", "发展"]
        );
    }
}
