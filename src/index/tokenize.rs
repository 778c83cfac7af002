//! The two analyzers of policy-search.
//!
//! * `ps_jieba`: jieba's precise mode (with HMM for unknown words) over folded
//!   text — the word-level field that drives BM25 ranking.
//! * `ps_grams`: the recall field. Each run of word characters is cut into
//!   *non-overlapping* character pairs at even offsets (a trailing single
//!   character stays alone), at consecutive positions, with a one-position gap
//!   between runs. Half as many tokens as overlapping bigrams, yet every
//!   substring of a run can be found: it starts either at an even offset
//!   (pairs from its start) or at an odd one (a pair *ending* with its first
//!   character, then pairs). `query` builds both alignments.
//!
//! Both share the process-wide jieba instance; cloning an analyzer is free and
//! the dictionary is loaded only when text is actually segmented, so a search
//! process that registers the analyzers never pays for it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::normalize::{fold, fold_char, is_ignorable, is_word_char};

pub const JIEBA: &str = "ps_jieba";
pub const GRAMS: &str = "ps_grams";

/// Tokens collected eagerly; both analyzers produce a vector.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    index: usize,
}

impl VecTokenStream {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream { tokens, index: 0 }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.index - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.index - 1]
    }
}

/// Word-level analyzer over the shared jieba dictionary.
#[derive(Clone, Default)]
pub struct JiebaAnalyzer;

impl Tokenizer for JiebaAnalyzer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(jieba_tokens(text))
    }
}

/// Segments `text` (folded) into word tokens with byte offsets into `text`.
pub fn jieba_tokens(text: &str) -> Vec<Token> {
    let folded = fold(text);
    let same_offsets = folded.len() == text.len();
    // When folding changed byte lengths (full-width letters), map folded char
    // offsets back to original byte offsets.
    let original_offsets: Vec<usize> = if same_offsets {
        Vec::new()
    } else {
        text.char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect()
    };
    let words = crate::segment::jieba().cut(&folded, true);
    let mut tokens = Vec::with_capacity(words.len());
    for (position, word) in words.into_iter().enumerate() {
        if !word.word.chars().any(is_word_char) {
            continue;
        }
        let text: String = word.word.chars().filter(|c| !is_ignorable(*c)).collect();
        let (offset_from, offset_to) = if same_offsets {
            (word.byte_start, word.byte_end)
        } else {
            (original_offsets[word.start], original_offsets[word.end])
        };
        tokens.push(Token {
            offset_from,
            offset_to,
            position,
            text,
            position_length: 1,
        });
    }
    tokens
}

/// Character-pair analyzer of the recall field.
#[derive(Clone, Default)]
pub struct GramAnalyzer;

impl Tokenizer for GramAnalyzer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(gram_tokens(text))
    }
}

/// Cuts `text` into the recall field's tokens (see the module docs).
pub fn gram_tokens(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut position = 0usize;
    // (folded char, byte start, byte end) of the current run
    let mut run: Vec<(char, usize, usize)> = Vec::with_capacity(64);
    let mut flush = |run: &mut Vec<(char, usize, usize)>, position: &mut usize| {
        if run.is_empty() {
            return;
        }
        for pair in run.chunks(2) {
            let mut text = String::with_capacity(8);
            text.push(pair[0].0);
            if let Some(second) = pair.get(1) {
                text.push(second.0);
            }
            tokens.push(Token {
                offset_from: pair[0].1,
                offset_to: pair[pair.len() - 1].2,
                position: *position,
                text,
                position_length: 1,
            });
            *position += 1;
        }
        // one empty position between runs: phrases never bridge punctuation
        *position += 1;
        run.clear();
    };
    for (i, c) in text.char_indices() {
        if is_ignorable(c) {
            continue;
        }
        let folded = fold_char(c);
        if is_word_char(folded) {
            run.push((folded, i, i + c.len_utf8()));
        } else {
            flush(&mut run, &mut position);
        }
    }
    flush(&mut run, &mut position);
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
    fn grams_are_pairs_with_gaps_between_runs() {
        let tokens = gram_tokens("新质生产力，高质量");
        assert_eq!(
            texts(&tokens),
            vec![
                ("新质".into(), 0),
                ("生产".into(), 1),
                ("力".into(), 2),
                ("高质".into(), 4),
                ("量".into(), 5)
            ]
        );
        assert_eq!(
            &"新质生产力，高质量"[tokens[2].offset_from..tokens[2].offset_to],
            "力"
        );
    }

    #[test]
    fn grams_fold_traditional_and_width() {
        let tokens = gram_tokens("新質ＡＩ");
        assert_eq!(texts(&tokens), vec![("新质".into(), 0), ("ai".into(), 1)]);
    }
}
