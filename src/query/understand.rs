//! How a query is read: a word typed without spaces that is longer than one
//! word of the index (`湖北新质生产力`, `乡村振兴战略实施`) becomes the words
//! the index's own jieba analyzer makes of it (`index::analyzer`, with the
//! bundled vocabulary), and the string itself is kept as an exact match that
//! ranks first. Chinese readers rarely put spaces between words: taken as
//! one exact substring, such a query finds only the passages that happen to
//! hold it literally.
//!
//! Quoted phrases, alternatives (`A OR B`), exclusions and words that are
//! already a word of the index are left as they are. Owns no ranking: how
//! the words and the exact string are weighed is `build`'s part.

use super::syntax::{Item, ParsedQuery};

/// Fewest characters of a word for it to be read as several words.
const MIN_SPLIT_CHARS: usize = 3;

/// A query as read: its items with the unspaced words split, and the strings
/// that were split (an exact match of one ranks first).
#[derive(Debug, Clone, Default)]
pub(crate) struct Reading {
    pub(crate) parsed: ParsedQuery,
    /// Each split word, as folded text, with the words it was read as.
    pub(crate) split: Vec<(String, Vec<String>)>,
}

impl Reading {
    /// The explain lines of the reading: one per split word.
    pub(crate) fn explain(&self) -> Vec<String> {
        self.split
            .iter()
            .map(|(whole, words)| {
                format!(
                    "read {whole} as words [{}]: passages holding {whole} exactly first, then all of the words (close together higher), then most of them",
                    words.join(" ")
                )
            })
            .collect()
    }
}

/// Reads `parsed`: each unspaced word of [`MIN_SPLIT_CHARS`] characters or
/// more that `is_index_word` does not know is cut by jieba; when that gives
/// two words of two characters or more, it is replaced by them (its single
/// characters left out).
pub(crate) fn read(parsed: ParsedQuery, is_index_word: impl FnMut(&str) -> bool) -> Reading {
    read_with(parsed, is_index_word, jieba_words)
}

/// [`read`], with the words of a run cut by `cut` instead of jieba (the
/// embedded index cuts by its own vocabulary, `vocabulary::vocabulary_words`,
/// without loading jieba's dictionary).
pub(crate) fn read_with(
    parsed: ParsedQuery,
    mut is_index_word: impl FnMut(&str) -> bool,
    mut cut: impl FnMut(&str) -> Vec<String>,
) -> Reading {
    let mut reading = Reading {
        parsed: ParsedQuery {
            include: Vec::with_capacity(parsed.include.len()),
            exclude: parsed.exclude,
        },
        split: Vec::new(),
    };
    for item in parsed.include {
        let words = match &item {
            Item::Text {
                runs,
                phrase: false,
                ..
            } if runs.len() == 1
                && runs[0].chars().count() >= MIN_SPLIT_CHARS
                && !is_index_word(&runs[0]) =>
            {
                content_words(cut(&runs[0]))
            }
            _ => Vec::new(),
        };
        if words.len() < 2 {
            reading.parsed.include.push(item);
            continue;
        }
        if let Item::Text { runs, .. } = &item {
            reading.split.push((runs[0].clone(), words.clone()));
        }
        for word in words {
            reading.parsed.include.push(Item::Text {
                raw: word.clone(),
                runs: vec![word],
                phrase: false,
            });
        }
    }
    reading
}

/// The jieba words of one folded run, in order.
fn jieba_words(run: &str) -> Vec<String> {
    crate::index::analyzer::jieba_tokens(run)
        .into_iter()
        .map(|token| token.text)
        .collect()
}

/// The words of a cut worth searching for: each once, in order, single
/// characters left out.
fn content_words(cut: Vec<String>) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in cut {
        if !words.contains(&word) {
            words.push(word);
        }
    }
    // single characters are left out: a function character would match
    // nearly every passage, and a string cut into one word and single
    // characters (质生产 → 质 生产) is a fragment typed to be found as it is
    words.retain(|w| w.chars().count() > 1);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::query::parse;

    fn words(reading: &Reading) -> Vec<String> {
        reading
            .parsed
            .include
            .iter()
            .map(|item| match item {
                Item::Text { raw, .. } => raw.clone(),
                Item::Any(_) => "OR".into(),
            })
            .collect()
    }

    #[test]
    fn an_unspaced_query_is_read_as_its_jieba_words() {
        let reading = read(parse("乡村振兴战略实施").unwrap(), |_| false);
        assert_eq!(words(&reading), ["乡村", "振兴", "战略", "实施"]);
        assert_eq!(reading.split.len(), 1);
        assert_eq!(reading.split[0].0, "乡村振兴战略实施");
        let reading = read(parse("湖北新质生产力").unwrap(), |_| false);
        assert_eq!(words(&reading), ["湖北", "新质生产力"]);
        // a function character is left out
        let reading = read(parse("推进了改革").unwrap(), |_| false);
        assert_eq!(words(&reading), ["推进", "改革"]);
    }

    #[test]
    fn a_fragment_across_words_stays_exact() {
        // 新质生产力 cut in the middle: one word and a single character
        let parsed = parse("质生产").unwrap();
        let reading = read(parsed.clone(), |_| false);
        assert_eq!(reading.parsed, parsed);
    }

    #[test]
    fn phrases_known_words_and_alternatives_stay_as_typed() {
        let parsed = parse("\"乡村振兴战略实施\" 新质生产力 湖北省委 OR 湖南省委").unwrap();
        let reading = read(parsed.clone(), |word| word == "新质生产力");
        assert_eq!(reading.parsed, parsed);
        assert!(reading.split.is_empty());
        // a word of the index is not cut, even if jieba would cut it
        let reading = read(parse("乡村振兴战略实施").unwrap(), |word| {
            word == "乡村振兴战略实施"
        });
        assert_eq!(words(&reading), ["乡村振兴战略实施"]);
    }
}
