//! Hits, quotes, speakers, stats and trends → terminal text, JSON lines or
//! CSV.
//! Knows no tantivy types. Colour only when asked (the binary decides: a TTY
//! and no `NO_COLOR`).

use std::io::{self, Write};

use crate::model::{FacetCounts, Hit, IngestReport, QuoteHit, SpeakerSummary, Stats};
use crate::query::{Period, QuoteResults, SearchResults, Trend};

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

/// `text` with the character ranges marked: colour, or `[` `]` without colour.
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
        out.push(c);
        if let Some(r) = ranges.peek() {
            if i + 1 == r[1] {
                out.push_str(close);
                ranges.next();
            }
        }
    }
    out
}

/// Passage hits for a terminal.
pub fn search_text(out: &mut dyn Write, results: &SearchResults, style: Style) -> io::Result<()> {
    if let Some(lines) = &results.explain {
        writeln!(out, "{}", style.paint(BOLD, "explain"))?;
        for line in lines {
            writeln!(out, "  {line}")?;
        }
        writeln!(out)?;
    }
    for hit in &results.hits {
        hit_text(out, hit, style)?;
    }
    let shown = results.hits.len();
    writeln!(
        out,
        "{}",
        style.paint(
            DIM,
            &format!("{shown} shown of {} matching passages", results.total)
        )
    )?;
    if let Some(facets) = &results.facets {
        facets_text(out, facets, style)?;
    }
    Ok(())
}

/// One passage hit for a terminal.
pub fn hit_text(out: &mut dyn Write, hit: &Hit, style: Style) -> io::Result<()> {
    let mut meta = Vec::new();
    if let Some(date) = &hit.date {
        meta.push(date.clone());
    }
    meta.push(hit.province.clone().unwrap_or_else(|| "—".into()));
    if !hit.speakers.is_empty() {
        meta.push(hit.speakers.join("、"));
    }
    writeln!(
        out,
        "{:>3}. {} {}  {}",
        hit.rank,
        style.paint(DIM, &format!("[{:.2}]", hit.score)),
        style.paint(BOLD, &hit.title),
        meta.join(" · ")
    )?;
    writeln!(
        out,
        "     {}",
        mark(&hit.snippet, &hit.snippet_highlights, style)
    )?;
    let similar = if hit.similar > 0 {
        format!("  (+{} similar)", hit.similar)
    } else {
        String::new()
    };
    writeln!(
        out,
        "     {}",
        style.paint(
            DIM,
            &format!("{} · {}{similar}", hit.passage_id, hit.source)
        )
    )?;
    writeln!(out)
}

/// Facet counts for a terminal.
pub fn facets_text(out: &mut dyn Write, facets: &FacetCounts, style: Style) -> io::Result<()> {
    for (name, values, most) in [
        ("province", &facets.province, 40),
        ("speaker", &facets.speaker, 20),
        ("role", &facets.role, 10),
        ("year", &facets.year, 40),
    ] {
        if values.is_empty() {
            continue;
        }
        let list: Vec<String> = values
            .iter()
            .take(most)
            .map(|(value, count)| format!("{value} {count}"))
            .collect();
        let more = if values.len() > most {
            format!(" … (+{})", values.len() - most)
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}: {}{more}",
            style.paint(BOLD, name),
            list.join(" · ")
        )?;
    }
    Ok(())
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

/// Quotes for a terminal.
pub fn quotes_text(out: &mut dyn Write, results: &QuoteResults, style: Style) -> io::Result<()> {
    for q in &results.hits {
        quote_text(out, q, style)?;
    }
    writeln!(
        out,
        "{}",
        style.paint(
            DIM,
            &format!(
                "{} shown of {} matching quotes",
                results.hits.len(),
                results.total
            )
        )
    )
}

/// One quote for a terminal.
pub fn quote_text(out: &mut dyn Write, q: &QuoteHit, style: Style) -> io::Result<()> {
    let mut who = vec![q.role.clone()];
    who.extend(q.titles.iter().cloned());
    let place = q.province.clone().unwrap_or_else(|| "—".into());
    writeln!(
        out,
        "{:>3}. {} ({}) · {} · {}",
        q.rank,
        style.paint(BOLD, &q.speaker),
        who.join("、"),
        place,
        q.cue
    )?;
    writeln!(out, "     “{}”", mark(&q.text, &q.highlights, style))?;
    writeln!(
        out,
        "     {}",
        style.paint(
            DIM,
            &format!(
                "{} · {} · {} · {}",
                q.article_title,
                q.date.as_deref().unwrap_or("—"),
                q.passage_id.as_deref().unwrap_or(&q.article_id),
                q.source
            )
        )
    )?;
    writeln!(out)
}

/// Speakers for a terminal.
pub fn speakers_text(
    out: &mut dyn Write,
    speakers: &[SpeakerSummary],
    style: Style,
) -> io::Result<()> {
    for s in speakers {
        let provinces = if s.provinces.is_empty() {
            "—".to_string()
        } else {
            s.provinces.join("、")
        };
        write!(
            out,
            "{:>5}  {}  {} · {}",
            s.quotes,
            style.paint(BOLD, &s.speaker),
            s.role,
            provinces,
        )?;
        if s.titles.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, " · {}", s.titles.join("、"))?;
        }
    }
    writeln!(
        out,
        "{}",
        style.paint(DIM, &format!("{} speakers", speakers.len()))
    )
}

/// Stats for a terminal.
pub fn stats_text(out: &mut dyn Write, stats: &Stats) -> io::Result<()> {
    writeln!(out, "articles  {}", stats.articles)?;
    writeln!(out, "passages  {}", stats.passages)?;
    writeln!(out, "quotes    {}", stats.quotes)?;
    writeln!(out, "speakers  {}", stats.speakers)?;
    writeln!(out, "passages per province:")?;
    for (province, count) in &stats.passages_per_province {
        writeln!(out, "  {province:<4}\t{count}")?;
    }
    Ok(())
}

/// The ingest summary for a terminal (stderr).
pub fn report_text(out: &mut dyn Write, report: &IngestReport) -> io::Result<()> {
    let mb = report.bytes_read as f64 / 1e6;
    writeln!(
        out,
        "files read {} (skipped {}), {:.1} MB in {:.1} s ({:.1} MB/s)",
        report.files_read,
        report.files_skipped,
        mb,
        report.seconds,
        if report.seconds > 0.0 {
            mb / report.seconds
        } else {
            0.0
        }
    )?;
    writeln!(
        out,
        "articles: {} new, {} updated, {} unchanged, {} removed; {} passages, {} quotes indexed",
        report.articles_new,
        report.articles_updated,
        report.articles_unchanged,
        report.articles_removed,
        report.passages,
        report.quotes
    )?;
    if !report.problems.is_empty() {
        writeln!(out, "{} problems:", report.problems.len())?;
        for problem in &report.problems {
            writeln!(out, "  {problem}")?;
        }
    }
    Ok(())
}

/// The byte-order mark that tells spreadsheet programs a CSV file is UTF-8
/// (without it, Excel reads Chinese as the local code page).
pub const UTF8_BOM: &str = "\u{FEFF}";

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

/// Characters of text kept on each side of the first match in a CSV's `context`.
pub const CONTEXT_CHARS: usize = 30;

/// The start of a CSV file: the byte-order mark and the header row.
pub fn csv_header(out: &mut dyn Write, columns: &[&str]) -> io::Result<()> {
    out.write_all(UTF8_BOM.as_bytes())?;
    csv_row(out, columns)
}

/// One passage as a CSV row of [`HIT_CSV_COLUMNS`]: speakers joined by `、`,
/// the whole passage, and its first match in context (see [`context`]).
pub fn hit_csv(out: &mut dyn Write, hit: &Hit) -> io::Result<()> {
    let speakers = hit.speakers.join("、");
    let context = context(&hit.text, &hit.highlights);
    csv_row(
        out,
        &[
            hit.date.as_deref().unwrap_or(""),
            hit.province.as_deref().unwrap_or(""),
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

/// One JSON object and a line break: a line of a `--json` stream.
pub fn json_line<T: serde::Serialize>(out: &mut dyn Write, item: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, item)?;
    writeln!(out)
}

/// Characters of the longest bar of a trend on a terminal.
const TREND_BAR: usize = 30;

/// A trend for a terminal: per query, a sparkline and its totals, then one
/// row per period with its passages, articles and a bar (scaled to the
/// query's busiest period).
pub fn trend_text(out: &mut dyn Write, trend: &Trend, style: Style) -> io::Result<()> {
    if trend.periods.is_empty() {
        for series in &trend.series {
            writeln!(
                out,
                "{}  no dated passages",
                style.paint(BOLD, &series.query)
            )?;
        }
        return Ok(());
    }
    let label_width = trend.periods.iter().map(String::len).max().unwrap_or(4);
    for (i, series) in trend.series.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let articles: u64 = series.articles.iter().sum();
        let mut summary = format!("{} passages in {articles} articles", series.total);
        if series.undated > 0 {
            summary.push_str(&format!(" ({} undated)", series.undated));
        }
        writeln!(
            out,
            "{}  {}  {}",
            style.paint(BOLD, &series.query),
            sparkline(&series.passages),
            style.paint(DIM, &summary)
        )?;
        writeln!(
            out,
            "{}",
            style.paint(
                DIM,
                &format!("  {:<label_width$}  passages  articles", by_name(trend.by))
            )
        )?;
        let most = series.passages.iter().copied().max().unwrap_or(0);
        for ((period, passages), articles) in trend
            .periods
            .iter()
            .zip(&series.passages)
            .zip(&series.articles)
        {
            let row = format!(
                "  {period:<label_width$}  {passages:>8}  {articles:>8}  {}",
                bar(*passages, most, TREND_BAR)
            );
            writeln!(out, "{}", row.trim_end())?;
        }
    }
    Ok(())
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

fn by_name(by: Period) -> &'static str {
    match by {
        Period::Year => "year",
        Period::Month => "month",
    }
}

/// `value` as a bar of up to `width` characters, in eighths of a character.
fn bar(value: u64, most: u64, width: usize) -> String {
    const EIGHTHS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];
    if value == 0 || most == 0 {
        return String::new();
    }
    let eighths = ((value as f64 / most as f64) * (width * 8) as f64).round() as usize;
    let eighths = eighths.max(1);
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(EIGHTHS[eighths % 8 - 1]);
    }
    out
}

/// One character a value, `▁` to `█`, scaled to the largest; a space for 0.
fn sparkline(values: &[u64]) -> String {
    const LEVELS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let most = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(|&v| {
            if v == 0 || most == 0 {
                ' '
            } else {
                let level = ((v as f64 / most as f64) * 7.0).round() as usize;
                LEVELS[level.min(7)]
            }
        })
        .collect()
}
