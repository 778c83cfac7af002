//! The analyzer of policy-search's ranked field, `ps_jieba`: jieba's
//! precise mode (with HMM for unknown words) over folded text, without a few
//! function characters (的, 和, 在…) — the word-level field that drives BM25
//! ranking. The recall tokens, which find any substring, are
//! `index::recall::tokens`'.
//!
//! The analyzer shares the process-wide jieba instance; cloning one is free
//! and the dictionary is loaded only when text is actually segmented, so a
//! search process that registers the analyzer never pays for it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalize::{fold_char, is_ignorable, is_word_char, t2s, UNIFIED_FIRST, UNIFIED_LAST};

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
            // an ideograph, nearly every character: folded only when traditional
            let f = if (UNIFIED_FIRST..=UNIFIED_LAST).contains(&(c as u32)) {
                let f = t2s(c);
                if f == c {
                    continue;
                }
                Some(f)
            } else if is_ignorable(c) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token]) -> Vec<(String, usize)> {
        tokens
            .iter()
            .map(|t| (t.text.clone(), t.position))
            .collect()
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
