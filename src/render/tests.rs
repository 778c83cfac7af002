//! Tests of rendering: terminal safety, marks, CSV and trends.

use super::*;
use crate::model::{Hit, IngestReport, QuoteHit, SpeakerSummary, Stats};
use crate::query::{QuoteResults, SearchResults};

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
        total_exact: true,
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
