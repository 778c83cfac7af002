//! Hits, quotes, speakers, stats and trends → terminal text, JSON lines or
//! CSV.
//! Knows no tantivy types. Colour only when asked (the binary decides: a TTY
//! and no `NO_COLOR`).
//!
//! Every field that comes from the data (titles, text, names, paths, reasons)
//! passes through [`terminal_safe`] before it reaches terminal text: an
//! article cannot set the window title, clear the screen or write the
//! clipboard with escape sequences. JSON output keeps the data as it is
//! (serde escapes control characters inside strings).

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::FacetCounts;
use crate::query::Period;

mod csv;
mod text;

pub use csv::*;
pub use text::*;

const BOLD_RED: &str = "\x1b[1;31m";

const DIM: &str = "\x1b[2m";

const BOLD: &str = "\x1b[1m";

const RESET: &str = "\x1b[0m";

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Whether `c` must not reach a terminal raw: C0 controls except newline and
/// tab (ESC among them), DEL, the C1 controls, and the bidirectional
/// overrides and isolates that reorder what is shown.
fn is_unsafe_for_terminal(c: char) -> bool {
    match c {
        '\n' | '\t' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// Pushes `c`, or its escape `\u{…}` when it must not reach a terminal raw.
fn push_safe(out: &mut String, c: char) {
    if is_unsafe_for_terminal(c) {
        out.push_str(&c.escape_unicode().to_string());
    } else {
        out.push(c);
    }
}

/// `text` with every control character a terminal would act on written as a
/// visible escape (`\u{1b}`); borrowed unchanged when there is none.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

/// `text` with the character ranges marked: colour, or `[` `]` without colour;
/// control characters escaped as by [`terminal_safe`].
pub fn mark(text: &str, ranges: &[[usize; 2]], style: Style) -> String {
    let (open, close) = if style.color {
        (BOLD_RED, RESET)
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 8);
    let mut ranges = ranges.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        if let Some(r) = ranges.peek() {
            if i == r[0] {
                out.push_str(open);
            }
        }
        push_safe(&mut out, c);
        if let Some(r) = ranges.peek() {
            if i + 1 == r[1] {
                out.push_str(close);
                ranges.next();
            }
        }
    }
    out
}

/// One JSON object per line.
pub fn json_lines<T: serde::Serialize>(out: &mut dyn Write, items: &[T]) -> io::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, item)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Facets as one JSON object (`{"facets": {...}}`).
pub fn facets_json(out: &mut dyn Write, facets: &FacetCounts, total: usize) -> io::Result<()> {
    let as_object = |values: &[(String, u64)]| -> serde_json::Map<String, serde_json::Value> {
        values
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::from(*v)))
            .collect()
    };
    let value = serde_json::json!({
        "facets": {
            "total": total,
            "province": as_object(&facets.province),
            "speaker": as_object(&facets.speaker),
            "role": as_object(&facets.role),
            "year": as_object(&facets.year),
        }
    });
    serde_json::to_writer(&mut *out, &value)?;
    writeln!(out)
}

/// One JSON object and a line break: a line of a `--json` stream.
pub fn json_line<T: serde::Serialize>(out: &mut dyn Write, item: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, item)?;
    writeln!(out)
}

fn by_name(by: Period) -> &'static str {
    match by {
        Period::Year => "year",
        Period::Month => "month",
    }
}

#[cfg(test)]
mod tests;
