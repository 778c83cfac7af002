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

/// Passage hits for a terminal.
pub fn search_text(out: &mut dyn Write, results: &SearchResults, style: Style) -> io::Result<()> {
    if let Some(lines) = &results.explain {
        writeln!(out, "{}", style.paint(BOLD, "explain"))?;
        for line in lines {
            writeln!(out, "  {}", terminal_safe(line))?;
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
    meta.push(if hit.province.is_empty() {
        "—".into()
    } else {
        hit.province.join("、")
    });
    if !hit.speakers.is_empty() {
        meta.push(hit.speakers.join("、"));
    }
    writeln!(
        out,
        "{:>3}. {} {}  {}",
        hit.rank,
        style.paint(DIM, &format!("[{:.2}]", hit.score)),
        style.paint(BOLD, &terminal_safe(&hit.title)),
        terminal_safe(&meta.join(" · "))
    )?;
    if !hit.path.is_empty() {
        writeln!(out, "     {}", terminal_safe(&hit.path.join(" › ")))?;
    }
    if let Some(lead) = &hit.lead {
        writeln!(
            out,
            "     {}",
            style.paint(DIM, &terminal_safe(&one_line(lead)))
        )?;
    }
    writeln!(
        out,
        "     {}",
        mark(&one_line(&hit.snippet), &hit.snippet_highlights, style)
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
            &terminal_safe(&format!("{} · {}{similar}", hit.passage_id, hit.source))
        )
    )?;
    writeln!(out)
}

/// `text` on one line: each control character (the paragraph breaks inside
/// a law's 条) becomes a space, so character offsets stay valid.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
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
            terminal_safe(&list.join(" · "))
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
        "{:>3}. {} {}",
        q.rank,
        style.paint(BOLD, &terminal_safe(&q.speaker)),
        terminal_safe(&format!("({}) · {place} · {}", who.join("、"), q.cue))
    )?;
    writeln!(out, "     “{}”", mark(&q.text, &q.highlights, style))?;
    writeln!(
        out,
        "     {}",
        style.paint(
            DIM,
            &terminal_safe(&format!(
                "{} · {} · {} · {}",
                q.article_title,
                q.date.as_deref().unwrap_or("—"),
                q.passage_id.as_deref().unwrap_or(&q.article_id),
                q.source
            ))
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
            "{:>5}  {}  {}",
            s.quotes,
            style.paint(BOLD, &terminal_safe(&s.speaker)),
            terminal_safe(&format!("{} · {provinces}", s.role)),
        )?;
        if s.titles.is_empty() {
            writeln!(out)?;
        } else {
            writeln!(out, " · {}", terminal_safe(&s.titles.join("、")))?;
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
        writeln!(out, "  {:<4}\t{count}", terminal_safe(province))?;
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
    let duplicates = if report.articles_duplicate > 0 {
        format!(", {} identical copies skipped", report.articles_duplicate)
    } else {
        String::new()
    };
    writeln!(
        out,
        "articles: {} new, {} updated, {} unchanged, {} removed{duplicates}; {} passages, {} quotes indexed",
        report.articles_new,
        report.articles_updated,
        report.articles_unchanged,
        report.articles_removed,
        report.passages,
        report.quotes
    )?;
    if report.interrupted {
        writeln!(
            out,
            "interrupted: everything above is committed; {} files were not read or not wholly added (run the same ingest again to finish)",
            report.files_not_read
        )?;
    }
    if !report.problems.is_empty() {
        writeln!(out, "{} problems:", report.problems.len())?;
        for problem in &report.problems {
            writeln!(out, "  {}", terminal_safe(&problem.to_string()))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The attacks of issue 22: set the window title (OSC 0), write the
    /// clipboard (OSC 52), clear the screen (CSI 2J), a C1 CSI, and a
    /// right-to-left override that reorders what is shown.
    const HOSTILE: &str =
        "两会\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\u{9b}31m\u{202e}代表\r";

    fn no_raw_controls(text: &str) {
        for c in text.chars() {
            assert!(!is_unsafe_for_terminal(c), "raw {c:?} in {text:?}");
        }
    }

    #[test]
    fn control_characters_are_escaped_and_chinese_text_kept() {
        let safe = terminal_safe(HOSTILE);
        assert_eq!(
            safe,
            "两会\\u{1b}]0;pwned\\u{7}\\u{1b}]52;c;cm0gLXJmIH4=\\u{7}\\u{1b}[2J\\u{9b}31m\\u{202e}代表\\u{d}"
        );
        assert!(safe.chars().all(|c| !is_unsafe_for_terminal(c)));
        let plain = "全国人大代表、华工科技董事长马新强表示：\n\t要持续打造新质生产力。";
        assert!(matches!(terminal_safe(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn marked_text_escapes_controls_and_keeps_highlight_positions() {
        // 新质生产力 is characters 3..8 of the text, after the escape
        let text = "\u{1b}[2J新质生产力跃动";
        let marked = mark(text, &[[4, 9]], Style { color: false });
        assert_eq!(marked, "\\u{1b}[2J[新质生产力]跃动");
    }

    #[test]
    fn every_terminal_renderer_escapes_fields_from_the_data() {
        let hit = Hit {
            rank: 1,
            score: 1.0,
            passage_id: HOSTILE.into(),
            article_id: HOSTILE.into(),
            title: HOSTILE.into(),
            date: Some(HOSTILE.into()),
            source: HOSTILE.into(),
            url: Some(HOSTILE.into()),
            province: vec![HOSTILE.into()],
            section: Some(HOSTILE.into()),
            path: vec![HOSTILE.into()],
            lead: Some(HOSTILE.into()),
            speakers: vec![HOSTILE.into()],
            text: HOSTILE.into(),
            snippet: HOSTILE.into(),
            highlights: vec![],
            snippet_highlights: vec![[0, 2]],
            similar: 0,
        };
        let results = SearchResults {
            total: 1,
            hits: vec![hit],
            facets: Some(FacetCounts {
                province: vec![(HOSTILE.into(), 1)],
                speaker: vec![(HOSTILE.into(), 1)],
                ..FacetCounts::default()
            }),
            explain: Some(vec![HOSTILE.into()]),
        };
        for style in [Style { color: false }, Style { color: true }] {
            let mut out = Vec::new();
            search_text(&mut out, &results, style).expect("render");
            let text = String::from_utf8(out).expect("UTF-8");
            assert!(text.contains("\\u{1b}]52;"), "{text}");
            for line in text.lines() {
                no_colour_but_ours(line, style);
            }
        }
    }

    /// Without colour no ESC at all; with colour only our SGR sequences.
    fn no_colour_but_ours(line: &str, style: Style) {
        let mut rest = line.to_string();
        if style.color {
            for ours in [BOLD_RED, DIM, BOLD, RESET] {
                rest = rest.replace(ours, "");
            }
        }
        no_raw_controls(&rest);
    }

    #[test]
    fn quotes_speakers_stats_and_reports_escape_fields_from_the_data() {
        let quote = QuoteHit {
            rank: 1,
            score: 1.0,
            speaker: HOSTILE.into(),
            role: HOSTILE.into(),
            titles: vec![HOSTILE.into()],
            province: Some(HOSTILE.into()),
            text: HOSTILE.into(),
            cue: HOSTILE.into(),
            roster: None,
            article_id: HOSTILE.into(),
            article_title: HOSTILE.into(),
            passage_id: None,
            date: Some(HOSTILE.into()),
            source: HOSTILE.into(),
            url: Some(HOSTILE.into()),
            highlights: vec![],
        };
        let speaker = SpeakerSummary {
            speaker: HOSTILE.into(),
            role: HOSTILE.into(),
            titles: vec![HOSTILE.into()],
            provinces: vec![HOSTILE.into()],
            quotes: 1,
            roster: None,
        };
        let stats = Stats {
            passages_per_province: vec![(HOSTILE.into(), 3)],
            ..Stats::default()
        };
        let report = IngestReport {
            problems: vec![crate::model::Problem {
                path: HOSTILE.into(),
                line: Some(1),
                reason: HOSTILE.into(),
            }],
            ..IngestReport::default()
        };
        let mut out = Vec::new();
        let results = QuoteResults {
            total: 1,
            hits: vec![quote],
        };
        quotes_text(&mut out, &results, Style::default()).expect("quotes");
        speakers_text(&mut out, &[speaker], Style::default()).expect("speakers");
        stats_text(&mut out, &stats).expect("stats");
        report_text(&mut out, &report).expect("report");
        let text = String::from_utf8(out).expect("UTF-8");
        // 10 fields of the quote, 4 of the speaker, 1 of stats, 2 of the report
        assert_eq!(text.matches("\\u{1b}]0;pwned").count(), 17, "{text}");
        no_raw_controls(&text);
    }
}
