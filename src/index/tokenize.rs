//! The two analyzers of policy-search.
//!
//! * `ps_jieba`: jieba's precise mode (with HMM for unknown words) over folded
//!   text, without a few function characters (的, 和, 在…) — the word-level
//!   field that drives BM25 ranking.
//! * `ps_grams`: the recall field. At every character of a run of word
//!   characters it indexes that character and the next one (the last
//!   character of a run stands alone), at consecutive positions, with a
//!   one-position gap between runs. A substring of two or more characters is
//!   the phrase of its own pairs; a single character is a prefix of the token
//!   at its position. Both are exact, and neither expands to thousands of
//!   terms at query time.
//!
//! Both share the process-wide jieba instance; cloning an analyzer is free and
//! the dictionary is loaded only when text is actually segmented, so a search
//! process that registers the analyzers never pays for it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalize::{fold, fold_char, is_ignorable, is_word_char};

pub const JIEBA: &str = "ps_jieba";
pub const GRAMS: &str = "ps_grams";

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
        let folded = fold(text);
        let same_offsets = folded.len() == text.len();
        // When folding changed byte lengths (full-width letters), map folded
        // character offsets back to original byte offsets.
        let original_offsets: Vec<usize> = if same_offsets {
            Vec::new()
        } else {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        };
        let cut = crate::segment::jieba().cut(&folded, true);
        let mut words = Vec::with_capacity(cut.len());
        for (position, word) in cut.into_iter().enumerate() {
            if !word.word.chars().any(is_word_char) || is_stop_word(word.word) {
                continue;
            }
            let (from, to) = if same_offsets {
                (word.byte_start, word.byte_end)
            } else {
                (original_offsets[word.start], original_offsets[word.end])
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
        token.text.extend(
            self.folded[start..end]
                .chars()
                .filter(|c| !is_ignorable(*c)),
        );
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

/// Function characters too frequent to help ranking (about one word in eight
/// of news text). They stay findable through the recall field.
const STOP_WORDS: &[&str] = &[
    "的", "和", "在", "等", "了", "为", "是", "将", "对", "以", "与", "中", "个", "上", "也", "及",
    "并", "从", "由", "被", "把", "之", "其", "而", "或", "向", "于", "就", "都", "着", "地", "得",
];

fn is_stop_word(word: &str) -> bool {
    word.len() <= 3 && STOP_WORDS.contains(&word)
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

/// Character-pair analyzer of the recall field.
#[derive(Clone, Default)]
pub struct GramAnalyzer;

impl Tokenizer for GramAnalyzer {
    type TokenStream<'a> = GramStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> GramStream<'a> {
        GramStream {
            chars: text.char_indices(),
            run: Vec::with_capacity(64),
            pair: 0,
            position: 0,
            token: Token::default(),
        }
    }
}

/// The recall field's tokens of one text (see the module docs); the token is
/// reused, no allocation per pair.
pub struct GramStream<'a> {
    chars: std::str::CharIndices<'a>,
    /// folded characters of the current run with their byte ranges
    run: Vec<(char, usize, usize)>,
    /// next pair of the current run to emit
    pair: usize,
    position: usize,
    token: Token,
}

impl GramStream<'_> {
    /// Reads the next run of word characters; false at the end of the text.
    fn next_run(&mut self) -> bool {
        if !self.run.is_empty() {
            // one empty position between runs: phrases never bridge punctuation
            self.position += 1;
        }
        self.run.clear();
        self.pair = 0;
        for (i, c) in self.chars.by_ref() {
            if is_ignorable(c) {
                continue;
            }
            let folded = fold_char(c);
            if is_word_char(folded) {
                self.run.push((folded, i, i + c.len_utf8()));
            } else if !self.run.is_empty() {
                return true;
            }
        }
        !self.run.is_empty()
    }
}

impl TokenStream for GramStream<'_> {
    fn advance(&mut self) -> bool {
        if self.pair >= self.run.len() && !self.next_run() {
            return false;
        }
        let first = self.pair;
        let last = (first + 1).min(self.run.len() - 1);
        let token = &mut self.token;
        token.text.clear();
        token.text.push(self.run[first].0);
        if last > first {
            token.text.push(self.run[last].0);
        }
        token.offset_from = self.run[first].1;
        token.offset_to = self.run[last].2;
        token.position = self.position;
        token.position_length = 1;
        self.position += 1;
        self.pair += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Cuts `text` into the recall field's tokens (see the module docs).
pub fn gram_tokens(text: &str) -> Vec<Token> {
    collect(GramAnalyzer.token_stream(text))
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
    fn grams_are_overlapping_pairs_with_gaps_between_runs() {
        let tokens = gram_tokens("新质生产力，高质量");
        assert_eq!(
            texts(&tokens),
            vec![
                ("新质".into(), 0),
                ("质生".into(), 1),
                ("生产".into(), 2),
                ("产力".into(), 3),
                ("力".into(), 4),
                ("高质".into(), 6),
                ("质量".into(), 7),
                ("量".into(), 8)
            ]
        );
        assert_eq!(
            &"新质生产力，高质量"[tokens[4].offset_from..tokens[4].offset_to],
            "力"
        );
    }

    #[test]
    fn grams_fold_traditional_and_width() {
        let tokens = gram_tokens("新質ＡＩ");
        assert_eq!(
            texts(&tokens),
            vec![
                ("新质".into(), 0),
                ("质a".into(), 1),
                ("ai".into(), 2),
                ("i".into(), 3)
            ]
        );
    }
}
