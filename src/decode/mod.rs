//! Bytes → text → articles.
//!
//! Owns: guessing a file's text encoding (UTF-8 with or without BOM, UTF-16
//! with BOM, GB18030/GBK and the rest via chardetng), rejecting binary, empty
//! and undecodable files, normalising line ends (CRLF → LF), and turning the
//! text into [`Article`]s by format: one article per `.txt`/`.md` file, one per
//! JSONL line, the article text of an HTML page.
//!
//! Does not own: finding the files ([`crate::source`]), splitting articles into
//! passages, or anything about the index. Decoding never panics and never
//! fails as a whole: what could not be read is returned as problems next to
//! the articles that could.
//!
//! One file per step: `encoding` (bytes → text), then one per format —
//! `plain` (`.txt`, and `.md` after `markdown` turned it into plain text),
//! `jsonl`, `html` — and `date` (dates in file names, first lines and
//! records) which they share. This module dispatches on the format and holds
//! what every format uses: [`Decoded`], [`content_id`] and the blank and
//! invisible character rules.

mod date;
mod encoding;
mod html;
mod jsonl;
mod markdown;
mod plain;

use std::path::Path;

use crate::error::Error;
use crate::model::Article;
use crate::source::{unsupported_reason, Format};

pub use date::{date_from_file_name, date_from_lines, normalize_date};
pub use encoding::{decode_text, Text, TextError};
pub use markdown::markdown_to_text;
pub use plain::clean_title;

/// The articles of one file, and what could not be read in it.
#[derive(Debug, Default)]
pub struct Decoded {
    pub articles: Vec<Article>,
    pub problems: Vec<Error>,
}

/// How many first bytes of a file [`is_binary_start`] needs: the binary
/// check reads 8 K characters, up to 4 bytes each, after a BOM.
pub const HEAD_BYTES: usize = 32 * 1024 + 4;

/// Whether a file whose first [`HEAD_BYTES`] bytes (or all, when shorter) are
/// `head` is binary: the judgement [`decode`] makes on the whole file, made
/// before the rest is read.
pub fn is_binary_start(head: &[u8]) -> bool {
    matches!(decode_text(head), Err(TextError::Binary))
}

/// Decodes one file's bytes into articles according to its extension.
pub fn decode_file(path: &Path, bytes: &[u8]) -> Decoded {
    match Format::from_path(path) {
        Some(format) => decode(path, format, bytes),
        None => Decoded::problem(path, None, unsupported_reason(path)),
    }
}

/// Decodes one file's bytes into articles in the given format.
pub fn decode(path: &Path, format: Format, bytes: &[u8]) -> Decoded {
    let text = match decode_text(bytes) {
        Ok(text) => text,
        Err(error) => return Decoded::problem(path, None, error.to_string()),
    };
    match format {
        Format::Text => plain::decode_plain(path, &text.text, false),
        Format::Markdown => plain::decode_plain(path, &text.text, true),
        Format::Jsonl => jsonl::decode_jsonl(path, &text.text),
        Format::Html => html::decode_html(path, &text.text),
    }
}

impl Decoded {
    fn problem(path: &Path, line: Option<usize>, reason: impl Into<String>) -> Decoded {
        Decoded {
            articles: Vec::new(),
            problems: vec![Error::bad_input(path, line, reason)],
        }
    }
}

/// The stable content id of an article: `a` + 16 hex digits of
/// xxh3-64 over `title + "\n" + body`.
pub fn content_id(title: &str, body: &str) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(title.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.as_bytes());
    format!("a{:016x}", hasher.digest())
}

/// Whitespace and zero-width characters (U+200B… and a stray BOM).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn trim_invisible(text: &str) -> &str {
    text.trim_matches(is_invisible)
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_invisible)
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_is_stable_and_hashes_title_newline_body() {
        let id = content_id("政府工作报告", "各位代表：");
        assert_eq!(id.len(), 17);
        assert!(id.starts_with('a'));
        let expected = xxhash_rust::xxh3::xxh3_64("政府工作报告\n各位代表：".as_bytes());
        assert_eq!(id, format!("a{expected:016x}"));
        assert_ne!(id, content_id("政府工作报告\n", "各位代表："));
    }
}
