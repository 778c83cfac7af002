//! CSV for spreadsheets (UTF-8 with a byte-order mark, every cell quoted
//! where needed): hits, quotes and trends, and the context column of a hit.

use std::io::{self, Write};

use super::{by_name, mark, Style};
use crate::model::{Hit, QuoteHit};
use crate::query::Trend;

/// Characters of text kept on each side of the first match in a CSV's `context`.
pub const CONTEXT_CHARS: usize = 30;

/// Columns of a quote CSV ([`quote_csv`]).
pub const QUOTE_CSV_COLUMNS: [&str; 10] = [
    "date",
    "province",
    "speaker",
    "role",
    "titles",
    "cue",
    "title",
    "passage_id",
    "text",
    "context",
];

/// Columns of a passage CSV ([`hit_csv`]).
pub const HIT_CSV_COLUMNS: [&str; 7] = [
    "date",
    "province",
    "speakers",
    "title",
    "passage_id",
    "text",
    "context",
];

/// The byte-order mark that tells spreadsheet programs a CSV file is UTF-8
/// (without it, Excel reads Chinese as the local code page).
pub const UTF8_BOM: &str = "\u{FEFF}";

/// The start of a CSV file: the byte-order mark and the header row.
pub fn csv_header(out: &mut dyn Write, columns: &[&str]) -> io::Result<()> {
    out.write_all(UTF8_BOM.as_bytes())?;
    csv_row(out, columns)
}

/// One passage as a CSV row of [`HIT_CSV_COLUMNS`]: speakers joined by `、`,
/// the whole passage, and its first match in context (see [`context`]).
pub fn hit_csv(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let speakers = hit.speakers.join("、");
    let provinces = hit.province.join("、");
    let context = context(&hit.text, &hit.highlights);
    csv_row(
        out,
        &[
            hit.date.as_deref().unwrap_or(""),
            &provinces,
            &speakers,
            &hit.title,
            &hit.passage_id,
            &hit.text,
            &context,
        ],
    )
}

/// One quote as a CSV row of [`QUOTE_CSV_COLUMNS`].
pub fn quote_csv(out: &mut dyn Write, quote: &QuoteHit) -> io::Result<()> {
    let titles = quote.titles.join("、");
    let context = context(&quote.text, &quote.highlights);
    csv_row(
        out,
        &[
            quote.date.as_deref().unwrap_or(""),
            quote.province.as_deref().unwrap_or(""),
            &quote.speaker,
            &quote.role,
            &titles,
            &quote.cue,
            &quote.article_title,
            quote.passage_id.as_deref().unwrap_or(&quote.article_id),
            &quote.text,
            &context,
        ],
    )
}

/// The first match of `text` with [`CONTEXT_CHARS`] characters on each side,
/// the matches inside marked `[` `]` and cut ends marked `…`; the start of
/// the text when nothing is highlighted.
pub fn context(text: &str, highlights: &[[usize; 2]]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let Some(first) = highlights.first() else {
        let head: String = chars.iter().take(2 * CONTEXT_CHARS).collect();
        return if chars.len() > 2 * CONTEXT_CHARS {
            format!("{head}…")
        } else {
            head
        };
    };
    let start = first[0].saturating_sub(CONTEXT_CHARS);
    let end = (first[1] + CONTEXT_CHARS).min(chars.len());
    let window: String = chars[start.min(end)..end].iter().collect();
    let inside: Vec<[usize; 2]> = highlights
        .iter()
        .filter(|h| h[0] >= start && h[1] <= end)
        .map(|h| [h[0] - start, h[1] - start])
        .collect();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(&mark(&window, &inside, Style::default()));
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// One CSV row (RFC 4180): a cell holding a comma, a quote or a line break is
/// quoted, its quotes doubled; a cell a spreadsheet would take for a formula
/// (starting with `=`, `+`, `-` or `@`) is prefixed with `'`.
fn csv_row(out: &mut dyn Write, cells: &[&str]) -> io::Result<()> {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let formula = cell.starts_with(['=', '+', '-', '@']);
        let quoted = formula || cell.contains([',', '"', '\n', '\r']);
        if quoted {
            out.write_all(b"\"")?;
        }
        if formula {
            out.write_all(b"'")?;
        }
        if quoted {
            out.write_all(cell.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(cell.as_bytes())?;
        }
    }
    out.write_all(b"\r\n")
}

/// A trend as CSV (UTF-8 with BOM), one row per query and period: `query`,
/// `period`, `passages`, `articles` — the long form a pivot table takes.
pub fn trend_csv(out: &mut dyn Write, trend: &Trend) -> io::Result<()> {
    csv_header(out, &["query", by_name(trend.by), "passages", "articles"])?;
    for series in &trend.series {
        for ((period, passages), articles) in trend
            .periods
            .iter()
            .zip(&series.passages)
            .zip(&series.articles)
        {
            csv_row(
                out,
                &[
                    &series.query,
                    period,
                    &passages.to_string(),
                    &articles.to_string(),
                ],
            )?;
        }
    }
    Ok(())
}
