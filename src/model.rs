//! Plain data that flows through the pipeline: articles, passages, quotes and
//! search hits. No I/O and no tantivy types live here.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// One article as read from a file: a `.txt`/`.md`/`.html` file or one JSONL line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The JSONL `id` when present, otherwise a stable id derived from the content.
    pub id: String,
    pub title: String,
    /// The article text (without the title line for plain-text files).
    pub body: String,
    /// `YYYY-MM-DD` when known.
    pub date: Option<String>,
    /// The file the article came from (as given on the command line).
    pub source: String,
    /// 1-based line number inside a JSONL file.
    pub line: Option<usize>,
    pub url: Option<String>,
    /// Province stated by the record itself (a JSONL `province` field), short form.
    pub province: Option<String>,
}

/// What a span of the article body is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpanKind {
    /// Searchable text.
    Passage,
    /// A section header such as `【湖北】`; carries the header text without brackets.
    Section(String),
    /// A credits block line (策划/采写/编辑…): kept out of the passages.
    Credits,
    /// A structural heading line on its own (`## 第五章 安全保障`,
    /// `一、2023年工作回顾`): it enters the path of the passages under it and
    /// is not a passage itself. Also a line of zero-width characters alone.
    Heading,
}

/// A piece of the article body, addressed by its byte range. Splitting is
/// lossless: the ranges of all spans plus the whitespace between them cover
/// the whole body in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub kind: SpanKind,
    pub range: Range<usize>,
    /// For a passage: the headings it lies under, outermost first
    /// (`["第五章 安全保障", "第三十九条"]`); empty for other spans.
    pub path: Vec<String>,
    /// For a piece of a long 条 that starts with an item: the byte range of
    /// the 条's lead sentence (…并遵守下列规定：), shown with the piece and
    /// not part of its indexed text.
    pub lead: Option<Range<usize>>,
}

/// A passage ready for the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Passage {
    /// `<article_id>#<ordinal>`.
    pub id: String,
    pub ordinal: u32,
    /// Byte range in the article body: the passage's text is
    /// [`Passage::text`] of it, not a copy.
    pub start: usize,
    pub end: usize,
    pub section: Option<String>,
    /// The headings the passage lies under, outermost first (see [`Span::path`]).
    pub path: Vec<String>,
    /// Byte range in the article body of the lead sentence shown before the
    /// passage (see [`Span::lead`]).
    pub lead: Option<Range<usize>>,
    pub province: Option<String>,
    pub speakers: Vec<String>,
    pub roles: Vec<Role>,
}

impl Passage {
    /// The passage's text in `body`, the body of its article.
    pub fn text<'a>(&self, body: &'a str) -> &'a str {
        &body[self.start..self.end]
    }
}

/// An article as the index takes it: its passages (with section, province,
/// speakers and roles), each passage's near-duplicate key and its quotes.
/// Made by [`crate::annotate::annotate`].
#[derive(Debug, Clone)]
pub struct AnnotatedArticle {
    pub passages: Vec<Passage>,
    /// Each passage's near-duplicate key, in the order of `passages`.
    pub dup_keys: Vec<u64>,
    /// Each quote with the id of the passage it lies in.
    pub quotes: Vec<(Quote, Option<String>)>,
}

/// The role of a quoted speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 全国人大代表 (also provincial 人大代表 when stated as such).
    #[serde(rename = "全国人大代表")]
    NpcDeputy,
    /// 全国政协委员.
    #[serde(rename = "全国政协委员")]
    CppccMember,
    /// Officials, experts, workers, anybody else.
    #[serde(rename = "other")]
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::NpcDeputy => "全国人大代表",
            Role::CppccMember => "全国政协委员",
            Role::Other => "other",
        }
    }

    /// Parses the CLI/API spelling; accepts the Chinese names and a few aliases.
    pub fn parse(s: &str) -> Option<Role> {
        match s.trim() {
            "全国人大代表" | "人大代表" | "代表" | "npc" => Some(Role::NpcDeputy),
            "全国政协委员" | "政协委员" | "委员" | "cppcc" => Some(Role::CppccMember),
            "other" | "其他" => Some(Role::Other),
            _ => None,
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statement attributed to a named speaker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The person's name (2–4 Chinese characters, or a name with `·`).
    pub speaker: String,
    pub role: Role,
    /// The title chain before the name, role excluded
    /// (全国工商联副主席, 通威集团董事局主席).
    pub titles: Vec<String>,
    /// Province or delegation when the text states it (江苏代表团 → 江苏, or a 【省份】 section).
    pub province: Option<String>,
    /// What was said, as written (without the surrounding “ ” marks).
    pub text: String,
    /// The cue verb (表示, 说, 建议, 认为…); `“”` for a bare direct quote, `提案` for a proposal.
    pub cue: String,
    /// Byte range of `text` in the article body.
    pub start: usize,
    pub end: usize,
    /// The deputy of the 14th NPC roster the speaker is, when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterFacts>,
}

/// What the 14th NPC roster says of a deputy a speaker was linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFacts {
    /// The delegation (代表团) as the roster writes it: 北京市, 解放军和武警部队.
    pub delegation: String,
    pub party: Option<String>,
    pub post: Option<String>,
}

/// A ranked passage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub score: f32,
    pub passage_id: String,
    pub article_id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub province: Option<String>,
    pub section: Option<String>,
    /// The headings the passage lies under, outermost first, and for a law's
    /// 条 the item (`（三）`) its first match lies in:
    /// `["第五章 安全保障", "第三十九条", "（三）"]`.
    pub path: Vec<String>,
    /// The 条's lead sentence when the passage is a piece of a long 条.
    pub lead: Option<String>,
    pub speakers: Vec<String>,
    /// The whole passage.
    pub text: String,
    /// The best window of the passage around the matches.
    pub snippet: String,
    /// Character ranges `[start, end)` of the matches in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// Character ranges of the matches in `snippet`.
    pub snippet_highlights: Vec<[usize; 2]>,
    /// Passages with the same text collapsed into this one.
    pub similar: usize,
}

/// A ranked quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteHit {
    pub rank: usize,
    pub score: f32,
    pub speaker: String,
    pub role: String,
    pub titles: Vec<String>,
    pub province: Option<String>,
    pub text: String,
    pub cue: String,
    /// The deputy of the 14th NPC roster the speaker was linked to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterFacts>,
    pub article_id: String,
    pub article_title: String,
    pub passage_id: Option<String>,
    pub date: Option<String>,
    pub source: String,
    pub url: Option<String>,
    /// Character ranges of the matches in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// Counts of matching passages per facet value, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FacetCounts {
    pub province: Vec<(String, u64)>,
    pub speaker: Vec<(String, u64)>,
    pub role: Vec<(String, u64)>,
    pub year: Vec<(String, u64)>,
}

/// One speaker with everything the index knows of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpeakerSummary {
    pub speaker: String,
    pub role: String,
    pub titles: Vec<String>,
    pub provinces: Vec<String>,
    pub quotes: usize,
    /// The deputy of the 14th NPC roster the speaker was linked to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterFacts>,
}

/// Totals of an index.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub articles: u64,
    pub passages: u64,
    pub quotes: u64,
    pub speakers: u64,
    pub passages_per_province: Vec<(String, u64)>,
}

/// One input that could not be (fully) read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub line: Option<usize>,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path, self.reason),
            None => write!(f, "{}: {}", self.path, self.reason),
        }
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    pub files_read: usize,
    /// Files that gave no article at all because of a problem.
    pub files_skipped: usize,
    pub articles_new: usize,
    pub articles_updated: usize,
    pub articles_unchanged: usize,
    pub articles_removed: usize,
    /// Articles skipped because an article with the same id and the same
    /// content was already read in this run (an identical copy of a file).
    pub articles_duplicate: usize,
    pub passages: usize,
    pub quotes: usize,
    pub bytes_read: u64,
    pub commits: usize,
    pub seconds: f64,
    /// Stopped by SIGINT/SIGTERM: what was read before is committed.
    pub interrupted: bool,
    /// Files not read (or not wholly added) because the ingest was interrupted.
    pub files_not_read: usize,
    pub problems: Vec<Problem>,
}
