//! The query language: what a user types → a [`ParsedQuery`] of items to
//! include and exclude. Pure: it knows nothing of the index (turning items
//! into tantivy queries is `build`'s part).
//!
//! The syntax is given on [`parse`]. Every word or phrase is kept as folded
//! runs of word characters (`normalize::runs`).

use crate::error::{Error, Result};
use crate::highlight::Needle;
use crate::normalize::runs;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// One searchable item of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A word or a quoted phrase, as folded runs of word characters.
    Text {
        raw: String,
        runs: Vec<String>,
        phrase: bool,
    },
    /// Alternatives: `A OR B`.
    Any(Vec<Item>),
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedQuery {
    pub include: Vec<Item>,
    pub exclude: Vec<Item>,
}

/// Parses the query syntax: words separated by spaces (most of them must
/// match, all of them close together rank first), `"exact phrase"` (also
/// `“…”`), `-word` or `-"phrase"` to exclude, `A OR B` for either.
pub fn parse(query: &str) -> Result<ParsedQuery> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::Query(format!(
            "query is longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    // tokens: (negated, text, quoted)
    let mut tokens: Vec<(bool, String, bool)> = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        // '-', the minus sign U+2212 and the full-width hyphen-minus all exclude
        let mut negated = false;
        if matches!(c, '-' | '\u{2212}' | '\u{FF0D}') {
            chars.next();
            negated = true;
        }
        match chars.peek() {
            Some(&open @ ('"' | '“' | '「')) => {
                chars.next();
                let close = match open {
                    '“' => '”',
                    '「' => '」',
                    _ => '"',
                };
                // a straight quote typed on a Chinese keyboard may be closed
                // by ”, unless a straight quote follows: then the ” inside is
                // part of a pasted phrase ("想争夺霸权”")
                let curly_closes = close == '"' && !chars.clone().any(|c| c == '"');
                let mut text = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == close || (curly_closes && c == '”') {
                        closed = true;
                        break;
                    }
                    text.push(c);
                }
                if !closed {
                    return Err(Error::Query(format!("unclosed quote {open}…")));
                }
                tokens.push((negated, text, true));
            }
            _ => {
                let mut text = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    text.push(c);
                    chars.next();
                }
                if text.is_empty() {
                    if negated {
                        return Err(Error::Query("'-' must be followed by a word".into()));
                    }
                    continue;
                }
                tokens.push((negated, text, false));
            }
        }
    }

    let mut parsed = ParsedQuery::default();
    let mut pending_or = false;
    for (i, (negated, text, quoted)) in tokens.iter().enumerate() {
        if !quoted && !negated && text == "OR" {
            if i == 0 || i + 1 == tokens.len() || pending_or {
                return Err(Error::Query("OR needs a word on each side".into()));
            }
            pending_or = true;
            continue;
        }
        let item_runs = runs(text);
        if item_runs.is_empty() {
            if *quoted {
                return Err(Error::Query(format!(
                    "\"{text}\" has no letters, digits or characters to search for"
                )));
            }
            continue;
        }
        let item = Item::Text {
            raw: text.clone(),
            runs: item_runs,
            phrase: *quoted,
        };
        if *negated {
            if pending_or {
                return Err(Error::Query("OR cannot join an excluded word".into()));
            }
            parsed.exclude.push(item);
            continue;
        }
        if pending_or {
            pending_or = false;
            match parsed.include.pop() {
                Some(Item::Any(mut alternatives)) => {
                    alternatives.push(item);
                    parsed.include.push(Item::Any(alternatives));
                }
                Some(previous) => parsed.include.push(Item::Any(vec![previous, item])),
                None => return Err(Error::Query("OR needs a word on each side".into())),
            }
            continue;
        }
        parsed.include.push(item);
    }
    if pending_or {
        return Err(Error::Query("OR needs a word on each side".into()));
    }
    if parsed.include.is_empty() {
        return Err(Error::Query(if parsed.exclude.is_empty() {
            "empty query: give a word or \"a phrase\" to search for".into()
        } else {
            "a query needs at least one word to search for, not only exclusions".into()
        }));
    }
    Ok(parsed)
}

impl Item {
    /// Every text item inside (the alternatives of an `Any`).
    pub(super) fn texts(&self) -> Vec<&Item> {
        match self {
            Item::Text { .. } => vec![self],
            Item::Any(items) => items.iter().flat_map(Item::texts).collect(),
        }
    }

    pub(super) fn needle(&self) -> Option<Needle> {
        match self {
            Item::Text { runs, .. } => Some(Needle::new(runs)),
            Item::Any(_) => None,
        }
    }
}

/// An item as the user wrote it, alternatives joined by ` OR `.
pub(super) fn item_label(item: &Item) -> String {
    match item {
        Item::Text { raw, .. } => raw.clone(),
        Item::Any(items) => items
            .iter()
            .map(item_label)
            .collect::<Vec<_>>()
            .join(" OR "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_phrases_exclusions_and_or() {
        let parsed = parse("新质生产力 \"高质量 发展\" -房地产 湖北 OR 湖南").unwrap();
        assert_eq!(parsed.include.len(), 3);
        assert_eq!(parsed.exclude.len(), 1);
        assert!(matches!(&parsed.include[2], Item::Any(items) if items.len() == 2));
        match &parsed.include[1] {
            Item::Text { runs, phrase, .. } => {
                assert!(*phrase);
                assert_eq!(runs, &vec!["高质量".to_string(), "发展".to_string()]);
            }
            other => panic!("{other:?}"),
        }
    }

    fn phrases(query: &str) -> Vec<(String, bool)> {
        parse(query)
            .unwrap()
            .include
            .into_iter()
            .map(|item| match item {
                Item::Text { runs, phrase, .. } => (runs.concat(), phrase),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_straight_quote_closes_at_the_next_straight_quote_else_at_a_curly_one() {
        // text pasted with its Chinese quotation marks, inside straight quotes
        assert_eq!(phrases("\"想争夺霸权”\""), [("想争夺霸权".into(), true)]);
        assert_eq!(
            phrases("\"他说：“要发展”\" 湖北"),
            [("他说要发展".into(), true), ("湖北".into(), false)]
        );
        // a straight quote closed by ” as a Chinese keyboard types it
        assert_eq!(
            phrases("\"新质生产力” 湖北"),
            [("新质生产力".into(), true), ("湖北".into(), false)]
        );
        assert_eq!(phrases("“新质生产力”"), [("新质生产力".into(), true)]);
    }

    #[test]
    fn bad_queries_are_errors_not_panics() {
        for bad in [
            "",
            "   ",
            "\"未闭合",
            "-排除",
            "OR 湖北",
            "湖北 OR",
            "\"，。\"",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
