//! Article body → spans: passages, section headers, structural headings and
//! credits lines, each passage with its heading path.
//!
//! Invariants (checked by property tests): spans are in order, never overlap,
//! lie on character boundaries, and everything outside them is whitespace —
//! splitting is lossless. A passage is a paragraph, or a run of whole sentences
//! of a long paragraph, of at most about [`MAX_PASSAGE_CHARS`] characters.
//! A short heading line with no sentence end is glued to the paragraph after it.
//!
//! The structure of legal and official texts is kept as a heading path per
//! passage: a law's 编/分编/章/节 (`## 第五章 安全保障`) and 条 (`第三十九条 …`),
//! a report's numbered parts (`一、` `（一）` `1.` `（1）`) and markdown
//! headings; in a report whose parts are titled without numbers
//! (`2026年重点工作` above its `（一）`…), those titles too. A 条 is one passage with its paragraphs and items as long as it
//! stays within [`MAX_PASSAGE_CHARS`]; a longer 条 is cut at paragraph and
//! item boundaries, and a piece that starts with an item carries the 条's lead
//! sentence (…并遵守下列规定：) as its [`Span::lead`]. Inside a 条, numbered
//! lines are its items, never headings. A `【湖北】` section or a credits line
//! ends the structure above it.

use std::ops::Range;

use crate::model::{Span, SpanKind};

mod heading;

pub use heading::{is_article_heading, item_at, item_label, item_of_match, lead_of_item};
use heading::{shorten, structural_heading, Heading, ARTICLE_RANK};

/// Passages longer than this are cut at sentence ends.
pub const MAX_PASSAGE_CHARS: usize = 400;

/// Lines shorter than this without a sentence end are headings.
pub(super) const HEADING_MAX_CHARS: usize = 40;

/// The rank of a report's part titled without a number: above `一、` (50),
/// below a law's divisions, which a body with such parts does not have.
const UNNUMBERED_PART_RANK: u8 = 45;

/// Ranks of numbered headings and legal divisions (编 10 … （1） 80).
const NUMBERED_RANK_LAST: u8 = 80;

/// A part's title is followed by a paragraph at least this long.
const PART_OPENING_MIN_CHARS: usize = 100;

/// A lead sentence longer than this is reduced to its last sentence.
const LEAD_MAX_CHARS: usize = 120;

/// Labels that open a credits line (策划：江萌).
const CREDIT_LABELS: &[&str] = &[
    "策划",
    "执行策划",
    "统筹",
    "采写",
    "记者",
    "编辑",
    "责任编辑",
    "责编",
    "审核",
    "校对",
    "监制",
    "制作",
    "海报制作",
    "视频制作",
    "摄影",
    "摄像",
    "出品",
    "总策划",
    "主编",
    "终审",
    "二审",
    "一审",
    "文字",
    "设计",
    "美编",
    "作者",
    "通讯员",
    "来源",
];

/// The open structure while a body is read.
struct Splitter<'a> {
    body: &'a str,
    spans: Vec<Span>,
    /// (rank, label) of the headings in force, outermost first.
    stack: Vec<(u8, String)>,
    /// Line ranges of the 条 being read (its first line opens with 第X条).
    article: Vec<Range<usize>>,
    /// A short generic heading line waiting to be glued to the next paragraph.
    pending_heading: Option<Range<usize>>,
    /// The last line was a 编/章/节 or markdown heading alone: one short
    /// line after it continues it.
    after_heading: bool,
    /// Whether the body is a report whose parts may have no numbers
    /// ([`unnumbered_parts_possible`]); read once, when first asked.
    outlined: Option<bool>,
    /// A numbered heading (一、 （一） 1. …) or a legal division was met.
    numbered_seen: bool,
}

/// Splits `body` into spans (see the module docs).
pub fn split(body: &str) -> Vec<Span> {
    let mut splitter = Splitter {
        body,
        spans: Vec::new(),
        stack: Vec::new(),
        article: Vec::new(),
        pending_heading: None,
        after_heading: false,
        outlined: None,
        numbered_seen: false,
    };
    let mut in_credits = false;
    for line in lines(body) {
        let text = &body[line.clone()];
        if let Some(name) = section_header(text) {
            splitter.flush();
            splitter.stack.clear();
            in_credits = false;
            splitter.push_span(SpanKind::Section(name.to_string()), line);
            splitter.after_heading = false;
            continue;
        }
        if is_credit_line(text) || (in_credits && looks_like_byline(text)) {
            splitter.flush();
            splitter.stack.clear();
            in_credits = true;
            splitter.push_span(SpanKind::Credits, line);
            splitter.after_heading = false;
            continue;
        }
        in_credits = false;
        if !text.chars().any(is_visible) {
            // zero-width characters alone (a stray U+200B line between a
            // chapter heading and its first 条): no passage. Inside a 条 or
            // after a short line that may start a paragraph, the line lies
            // in the passage that follows and has no span of its own (spans
            // stay in the order of the text)
            if splitter.pending_heading.is_none() && splitter.article.is_empty() {
                splitter.push_span(SpanKind::Heading, line);
            }
            continue;
        }
        let in_article = !splitter.article.is_empty();
        if let Some(heading) = structural_heading(text, in_article) {
            splitter.flush();
            splitter.numbered_seen |= !heading.title && heading.rank <= NUMBERED_RANK_LAST;
            splitter.enter(&heading);
            if heading.rank == ARTICLE_RANK && !heading.title {
                splitter.article.push(line);
            } else if heading.heading_only {
                splitter.push_span(SpanKind::Heading, line);
                // a law's divisions wrap; a report's numbered parts do not
                splitter.after_heading = !heading.title && heading.rank < ARTICLE_RANK;
                continue;
            } else {
                splitter.push_passage(line, None);
            }
            splitter.after_heading = false;
            continue;
        }
        if in_article {
            splitter.article.push(line);
            continue;
        }
        if splitter.after_heading && is_heading(text) {
            splitter.continue_heading(text);
            splitter.push_span(SpanKind::Heading, line);
            splitter.after_heading = false;
            continue;
        }
        splitter.after_heading = false;
        if is_heading(text) {
            if let Some(heading) = splitter.pending_heading.take() {
                splitter.push_passage(heading, None);
            }
            splitter.pending_heading = Some(line);
            continue;
        }
        let range = match splitter.pending_heading.take() {
            Some(heading) => {
                splitter.enter_unnumbered_part(heading.clone(), line.clone());
                heading.start..line.end
            }
            None => line,
        };
        splitter.push_passage(range, None);
    }
    splitter.flush();
    splitter.spans
}

impl Splitter<'_> {
    /// Ends the 条 being read and a pending heading line.
    fn flush(&mut self) {
        if let Some(heading) = self.pending_heading.take() {
            self.push_passage(heading, None);
        }
        if !self.article.is_empty() {
            let lines = std::mem::take(&mut self.article);
            self.push_article(&lines);
        }
    }

    /// Puts `heading` on the path: it replaces the headings of its rank and
    /// below; a 条 replaces only the 条 before it (a 条 under `一、总则` of
    /// a judicial interpretation stays under it).
    fn enter(&mut self, heading: &Heading) {
        if self.stack.last().is_some_and(|(r, _)| *r == ARTICLE_RANK) {
            self.stack.pop();
        }
        if heading.title {
            self.stack.clear();
            return;
        }
        if heading.rank != ARTICLE_RANK {
            while self.stack.last().is_some_and(|(r, _)| *r >= heading.rank) {
                self.stack.pop();
            }
        }
        self.stack.push((heading.rank, heading.label.clone()));
    }

    /// A short line right after a heading line: the rest of a heading
    /// wrapped after a comma (`## 第五章 …主席、副主席，乡长、` +
    /// `副乡长，镇长、副镇长的选举、罢免和补选`), or else a heading without a
    /// number under it (`第三章 业主自治管理` + `业主`).
    fn continue_heading(&mut self, line: &str) {
        let Some((rank, label)) = self.stack.last_mut() else {
            return;
        };
        if label.ends_with(['、', '，', ',']) {
            let joined = format!("{label}{line}");
            *label = shorten(&joined);
        } else {
            let sub = (*rank + 1, shorten(line));
            self.stack.push(sub);
        }
    }

    /// A short line glued to the paragraph after it is the title of a part
    /// without a number (`2026年重点工作`, `“十四五”时期工作回顾`) when the
    /// body is a report with numbered parts under such titles: no numbered
    /// heading met yet, or the path already opens with such a part; a
    /// paragraph of at least [`PART_OPENING_MIN_CHARS`] after it; and the
    /// line reads as a title (see [`reads_as_part_title`]). It opens the path
    /// above `一、`. A sub-heading inside a numbered part (1957's
    /// `关于教育改革问题` under `二、`) stays out of the path.
    fn enter_unnumbered_part(&mut self, heading: Range<usize>, paragraph: Range<usize>) {
        let title = &self.body[heading];
        let opens_a_part = match self.stack.first() {
            None => !self.numbered_seen,
            Some((rank, _)) => *rank == UNNUMBERED_PART_RANK,
        };
        if !opens_a_part
            || self.body[paragraph].chars().count() < PART_OPENING_MIN_CHARS
            || !reads_as_part_title(title)
        {
            return;
        }
        let body = self.body;
        if !*self
            .outlined
            .get_or_insert_with(|| unnumbered_parts_possible(body))
        {
            return;
        }
        self.enter(&Heading {
            rank: UNNUMBERED_PART_RANK,
            label: shorten(title),
            heading_only: false,
            title: false,
        });
    }

    fn path(&self) -> Vec<String> {
        self.stack.iter().map(|(_, label)| label.clone()).collect()
    }

    fn push_span(&mut self, kind: SpanKind, range: Range<usize>) {
        self.spans.push(Span {
            kind,
            range,
            path: Vec::new(),
            lead: None,
        });
    }

    /// Pushes one passage under the current path, cut at sentence ends when
    /// it is too long.
    fn push_passage(&mut self, range: Range<usize>, lead: Option<Range<usize>>) {
        if fits(&self.body[range.clone()]) {
            // most passages: no cutting, no list of pieces
            let path = self.path();
            self.spans.push(Span {
                kind: SpanKind::Passage,
                range,
                path,
                lead,
            });
            return;
        }
        let path = self.path();
        for piece in cut_at_sentences(self.body, range) {
            self.spans.push(Span {
                kind: SpanKind::Passage,
                range: piece,
                path: path.clone(),
                lead: lead.clone(),
            });
        }
    }

    /// A 条 (its lines): one passage when it fits, otherwise pieces of whole
    /// paragraphs and items; a piece that starts with an item under a lead
    /// sentence (…下列规定：) outside the piece carries that lead.
    fn push_article(&mut self, lines: &[Range<usize>]) {
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return;
        };
        let whole = first.start..last.end;
        if fits(&self.body[whole.clone()]) {
            self.push_passage(whole, None);
            return;
        }
        // each line's lead: the last line before it ending with a colon, while
        // the lines after that line are items
        let mut leads: Vec<Option<Range<usize>>> = Vec::with_capacity(lines.len());
        let mut lead: Option<Range<usize>> = None;
        for line in lines {
            let text = &self.body[line.clone()];
            if item_label(text).is_some() {
                leads.push(lead.clone());
                continue;
            }
            leads.push(None);
            lead = text
                .ends_with(['：', ':'])
                .then(|| lead_sentence(self.body, line.clone()));
        }
        let mut piece: Option<(Range<usize>, usize, Option<Range<usize>>)> = None;
        for (line, lead) in lines.iter().zip(leads) {
            let chars = self.body[line.clone()].chars().count();
            if let Some((range, count, piece_lead)) = piece.take() {
                // the blank line between paragraphs: ASCII whitespace, a byte a character
                let joined = count + (line.start - range.end) + chars;
                if joined <= MAX_PASSAGE_CHARS {
                    piece = Some((range.start..line.end, joined, piece_lead));
                    continue;
                }
                self.push_passage(range, piece_lead);
            }
            piece = Some((line.clone(), chars, lead));
        }
        if let Some((range, _, piece_lead)) = piece {
            self.push_passage(range, piece_lead);
        }
    }
}

/// The lead sentence of a line ending with a colon: the whole line, or its
/// last sentence when the line is long.
fn lead_sentence(body: &str, line: Range<usize>) -> Range<usize> {
    let text = &body[line.clone()];
    if text.chars().count() <= LEAD_MAX_CHARS {
        return line;
    }
    let inner = &text[..text.len() - text.chars().next_back().map_or(0, char::len_utf8)];
    match inner.rfind(['。', '；', '！', '？']) {
        Some(at) => {
            let after = at + inner[at..].chars().next().map_or(0, char::len_utf8);
            line.start + after..line.end
        }
        None => line,
    }
}

/// Non-blank lines of `body`, trimmed, as byte ranges.
fn lines(body: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    body.split_inclusive('\n').filter_map(move |raw| {
        let line_start = start;
        start += raw.len();
        let trimmed_start = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return None;
        }
        let s = line_start + trimmed_start;
        Some(s..s + trimmed.len())
    })
}

/// `【湖北】` → `湖北`: a short bracketed line on its own.
pub fn section_header(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('【')?.strip_suffix('】')?;
    let chars = inner.chars().count();
    if chars == 0 || chars > 16 || inner.contains(['【', '】']) {
        return None;
    }
    Some(inner.trim())
}

fn is_credit_line(line: &str) -> bool {
    CREDIT_LABELS.iter().any(|label| {
        line.strip_prefix(label)
            .is_some_and(|rest| rest.starts_with([':', '：', '|', '丨']))
    }) && line.chars().count() <= 80
}

/// After a credits line: `南都记者 向雪妮 余毅菁`, short lines without sentence punctuation.
fn looks_like_byline(line: &str) -> bool {
    line.chars().count() <= 40
        && !line.contains(['。', '，', ',', '！', '？', '；'])
        && (line.contains("记者") || line.contains(' ') || line.contains(['：', ':']))
}

/// Whether `body` may have parts titled without numbers: it has numbered
/// parts (at least two lines opening with `一、` or `（一）`), no law's
/// divisions or 条 (a law's short lines are its title and dates), and at
/// least two such titles (a short line reading as a title, then a paragraph
/// of [`PART_OPENING_MIN_CHARS`]) before its first numbered heading: a lone
/// one is the title of the document or a line broken in two.
fn unnumbered_parts_possible(body: &str) -> bool {
    let mut numbered = 0;
    let mut titles = 0;
    let mut previous_titles = false;
    for line in lines(body) {
        let text = &body[line];
        match structural_heading(text, false) {
            Some(h) if h.rank <= ARTICLE_RANK && !h.title => return false,
            Some(h) if h.rank == 50 || h.rank == 60 => numbered += 1,
            _ if numbered == 0 => {
                if previous_titles && text.chars().count() >= PART_OPENING_MIN_CHARS {
                    titles += 1;
                }
                previous_titles = is_heading(text) && reads_as_part_title(text);
                continue;
            }
            _ => {}
        }
        previous_titles = false;
    }
    numbered >= 2 && titles >= 2
}

/// A short line that reads as a part's title, not a dateline (`——二〇二六年…`),
/// a byline with spaces, a bracketed or numbered line, a label ending in a
/// colon, or a word of a page's menu (`下载`, `打印`).
fn reads_as_part_title(line: &str) -> bool {
    line.chars().count() >= 4
        && line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        && !line.starts_with(['—', '-', '【', '[', '（', '(', '<', '>', '·', '*'])
        && !line.contains(|c: char| is_space(c) || matches!(c, '：' | ':' | '|' | '丨'))
}

fn is_heading(line: &str) -> bool {
    line.chars().count() <= HEADING_MAX_CHARS
        && !ends_sentence(line)
        && !line.ends_with(['：', ':', '，', ',', '、'])
}

pub(super) fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['”', '’', '」', '）', ')', '"']);
    trimmed.ends_with(['。', '！', '？', '!', '?', '…', '；', ';', '.'])
}

/// Cuts a passage's range at sentence ends (or commas) when it is longer than
/// [`MAX_PASSAGE_CHARS`].
fn cut_at_sentences(body: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let text = &body[range.clone()];
    if fits(text) {
        return vec![range];
    }
    let mut pieces = Vec::new();
    let mut chunk_start = range.start;
    let mut chunk_chars = 0usize;
    let mut last_sentence_end: Option<usize> = None;
    let mut last_comma: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let abs = range.start + i;
        chunk_chars += 1;
        // the end of the characters read so far
        let mut after = abs + c.len_utf8();
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…') {
            // keep closing quotes with their sentence
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '」' | '）' | ')' | '…') {
                    after = range.start + j + next.len_utf8();
                    chars.next();
                    chunk_chars += 1;
                } else {
                    break;
                }
            }
            last_sentence_end = Some(after);
        } else if matches!(c, '，' | ',' | '、') {
            last_comma = Some(after);
        } else if c == '\n' {
            // a paragraph end inside a 条 is a sentence end
            last_sentence_end = Some(abs);
        }
        if chunk_chars >= MAX_PASSAGE_CHARS {
            let cut = last_sentence_end
                .filter(|&e| e > chunk_start)
                .or(last_comma.filter(|&e| e > chunk_start))
                .unwrap_or(after);
            let piece = trim_range(body, chunk_start..cut);
            if !piece.is_empty() {
                pieces.push(piece);
            }
            chunk_start = cut;
            chunk_chars = body[cut..after].chars().count();
            last_sentence_end = None;
            last_comma = None;
        }
    }
    let rest = trim_range(body, chunk_start..range.end);
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// Whether `text` is within [`MAX_PASSAGE_CHARS`] (no count when its bytes are).
fn fits(text: &str) -> bool {
    text.len() <= MAX_PASSAGE_CHARS || text.chars().count() <= MAX_PASSAGE_CHARS
}

/// `range` without the whitespace at its ends.
fn trim_range(body: &str, range: Range<usize>) -> Range<usize> {
    let text = &body[range.clone()];
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

/// Whitespace as law texts write it between 第X章 and its name: spaces,
/// U+3000, U+2002, no-break spaces and tabs.
pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Not whitespace and not a zero-width or byte-order mark character.
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests;
