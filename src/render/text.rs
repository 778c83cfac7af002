//! Terminal text: hits with their marked matches, facets, quotes, speakers,
//! totals, an ingest report and trends as bars and sparklines. Every field
//! from the data goes through [`super::terminal_safe`].

use std::io::{self, Write};

use super::{by_name, mark, terminal_safe, Style, BOLD, DIM};
use crate::model::{FacetCounts, Hit, IngestReport, QuoteHit, SpeakerSummary, Stats};
use crate::query::{QuoteResults, SearchResults, Trend};

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
    let about = if results.total_exact { "" } else { "about " };
    writeln!(
        out,
        "{}",
        style.paint(
            DIM,
            &format!(
                "{shown} shown of {about}{} matching passages",
                results.total
            )
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
