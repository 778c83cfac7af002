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
//! headings. A 条 is one passage with its paragraphs and items as long as it
//! stays within [`MAX_PASSAGE_CHARS`]; a longer 条 is cut at paragraph and
//! item boundaries, and a piece that starts with an item carries the 条's lead
//! sentence (…并遵守下列规定：) as its [`Span::lead`]. Inside a 条, numbered
//! lines are its items, never headings. A `【湖北】` section or a credits line
//! ends the structure above it.

use std::ops::Range;

use crate::model::{Span, SpanKind};

/// Passages longer than this are cut at sentence ends.
pub const MAX_PASSAGE_CHARS: usize = 400;

/// Lines shorter than this without a sentence end are headings.
const HEADING_MAX_CHARS: usize = 40;

/// A heading in a path is cut to this many characters (and `…`).
const LABEL_MAX_CHARS: usize = 40;

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

/// The rank of a 条 among headings: below 编/章/节, above nothing — a 条's
/// numbered lines are its items.
const ARTICLE_RANK: u8 = 40;

/// A structural heading recognised at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Heading {
    /// Lower ranks contain higher ones: 编 10, 分编 15, 章 20, 节 30, 条 40,
    /// 一、 50, （一） 60, 1. 70, （1） 80; a markdown heading without a
    /// number ranks by its depth (`##` 20, `###` 30, deeper 35).
    rank: u8,
    /// The text kept in the path: `第五章 安全保障`, `第三十九条`,
    /// `（一）大力推进现代化产业体系建设，加快发展新质生产力。`.
    label: String,
    /// `## …` lines (and bare 编/章/节 lines) are headings only; a numbered
    /// part whose line goes on after its first sentence is a passage too.
    heading_only: bool,
    /// A markdown `# …` title line: clears the path, does not enter it.
    title: bool,
}

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
            // chapter heading and its first 条): no passage
            splitter.push_span(SpanKind::Heading, line);
            continue;
        }
        let in_article = !splitter.article.is_empty();
        if let Some(heading) = structural_heading(text, in_article) {
            splitter.flush();
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
            Some(heading) => heading.start..line.end,
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

fn is_heading(line: &str) -> bool {
    line.chars().count() <= HEADING_MAX_CHARS
        && !ends_sentence(line)
        && !line.ends_with(['：', ':', '，', ',', '、'])
}

fn ends_sentence(line: &str) -> bool {
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
        let after = abs + c.len_utf8();
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '…') {
            // keep closing quotes with their sentence
            let mut end = after;
            while let Some(&(j, next)) = chars.peek() {
                if matches!(next, '”' | '’' | '」' | '）' | ')' | '…') {
                    end = range.start + j + next.len_utf8();
                    chars.next();
                    chunk_chars += 1;
                } else {
                    break;
                }
            }
            last_sentence_end = Some(end);
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
fn is_space(c: char) -> bool {
    c.is_whitespace()
}

fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '零'
            | '〇'
            | '两'
    )
}

fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The numeral at the start of `text` (Chinese or Arabic, not mixed) and the rest.
fn numeral(text: &str) -> Option<(&str, &str)> {
    let first = text.chars().next()?;
    let class: fn(char) -> bool = if is_chinese_numeral(first) {
        is_chinese_numeral
    } else if is_arabic_digit(first) {
        is_arabic_digit
    } else {
        return None;
    };
    let end = text.find(|c: char| !class(c)).unwrap_or(text.len());
    Some((&text[..end], &text[end..]))
}

/// `第三十九条 …` → (`第三十九条`, rest); also `第十七条之一`, 编/分编/章/节.
/// Returns the label's length in bytes and the division (`条`, `章`…).
fn legal_division(text: &str) -> Option<(usize, &'static str)> {
    let after_di = text.strip_prefix('第')?;
    let (_, rest) = numeral(after_di)?;
    let (division, rest) = ["分编", "编", "章", "节", "条"]
        .iter()
        .find_map(|d| rest.strip_prefix(d).map(|r| (*d, r)))?;
    let mut rest = rest;
    if division == "条" {
        // 第十七条之一
        if let Some(after) = rest.strip_prefix('之') {
            if let Some((_, r)) = numeral(after) {
                rest = r;
            }
        }
    }
    let label_len = text.len() - rest.len();
    Some((label_len, division))
}

/// The item number a line of a 条 or a report opens with, and its rank:
/// `一、` 50, `（一）` 60, `1.` `1、` 70, `（1）` 80.
fn outline_number(text: &str) -> Option<(&str, u8)> {
    if let Some(inner) = text.strip_prefix(['（', '(']) {
        let (num, rest) = numeral(inner)?;
        let rest = rest.strip_prefix(['）', ')'])?;
        let rank = if num.starts_with(is_chinese_numeral) {
            60
        } else {
            80
        };
        let len = text.len() - rest.len();
        return Some((&text[..len], rank));
    }
    let (num, rest) = numeral(text)?;
    if num.starts_with(is_chinese_numeral) {
        let rest = rest.strip_prefix('、')?;
        return Some((&text[..text.len() - rest.len()], 50));
    }
    // 1. 1． 1、 — not 2.5
    let rest = rest.strip_prefix(['.', '．', '、'])?;
    if rest.is_empty() || rest.starts_with(|c: char| is_arabic_digit(c) || c == '%') {
        return None;
    }
    Some((&text[..text.len() - rest.len()], 70))
}

/// The item label a line of a 条 opens with: `（三）`, `三、`, `3.`.
pub fn item_label(line: &str) -> Option<&str> {
    outline_number(line).map(|(label, _)| label)
}

/// The item of a 条 that the byte offset `at` of `passage` lies in: the label
/// of the line (paragraph) holding `at`, when that line opens with an item
/// number.
pub fn item_at(passage: &str, at: usize) -> Option<&str> {
    let mut at = at.min(passage.len());
    while !passage.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = passage[..at].rfind('\n').map_or(0, |i| i + 1);
    item_label(passage[line_start..].trim_start())
}

/// Whether a heading of a path is a law's 条 (`第三十九条`, `第十七条之一`).
pub fn is_article_heading(heading: &str) -> bool {
    legal_division(heading).is_some_and(|(len, division)| division == "条" && len == heading.len())
}

/// The item a match at byte `at` of a passage lies in, when the passage's
/// `path` ends in a 条: `（三）` for a match in 第三十九条's item (三).
pub fn item_of_match<'a>(path: &[String], passage: &'a str, at: usize) -> Option<&'a str> {
    path.last()
        .filter(|heading| is_article_heading(heading))
        .and_then(|_| item_at(passage, at))
}

/// The lead sentence (…并遵守下列规定：) of the item a match at byte `at` of
/// a passage lies in, when the lead is in the same passage: the last line
/// before the item's that is no item and ends with a colon.
pub fn lead_of_item(passage: &str, at: usize) -> Option<&str> {
    let mut at = at.min(passage.len());
    while !passage.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = passage[..at].rfind('\n').map_or(0, |i| i + 1);
    item_label(passage[line_start..].trim_start())?;
    passage[..line_start]
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .rev()
        .find(|line| item_label(line).is_none())
        .filter(|line| line.ends_with(['：', ':']))
}

/// A structural heading at the start of `line`; inside a 条 (`in_article`)
/// numbered lines are items of the 条, not headings.
fn structural_heading(line: &str, in_article: bool) -> Option<Heading> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let markdown = hashes > 0 && line[hashes..].starts_with(is_space);
    let text = if markdown {
        line[hashes..].trim_start()
    } else {
        line
    };
    if markdown && text.is_empty() {
        return None;
    }
    if let Some((label_len, division)) = legal_division(text) {
        let rest = &text[label_len..];
        if division == "条" {
            // 第三十九条 text…: a space (or the line's end) after the number,
            // not 第二十六条规定的…
            if !(rest.is_empty() || rest.starts_with(is_space)) {
                return None;
            }
            return Some(Heading {
                rank: ARTICLE_RANK,
                label: text[..label_len].to_string(),
                heading_only: false,
                title: false,
            });
        }
        let short = text.chars().count() <= HEADING_MAX_CHARS && !ends_sentence(text);
        if markdown || short {
            let rank = match division {
                "编" => 10,
                "分编" => 15,
                "章" => 20,
                _ => 30,
            };
            return Some(Heading {
                rank,
                label: division_label(&text[..label_len], rest),
                heading_only: true,
                title: false,
            });
        }
        return None;
    }
    if let Some((_, rank)) = outline_number(text) {
        if in_article && !markdown {
            return None;
        }
        let one_sentence = first_sentence(text).len() == text.len();
        return Some(Heading {
            rank,
            label: shorten(first_sentence(text)),
            heading_only: markdown || (one_sentence && text.chars().count() <= HEADING_MAX_CHARS),
            title: false,
        });
    }
    if markdown {
        // `## 序言` ranks with `## 第一章`, `### …` with `### 第一节`
        return Some(Heading {
            rank: match hashes {
                1 | 2 => 20,
                3 => 30,
                _ => 35,
            },
            label: shorten(text),
            heading_only: true,
            title: hashes == 1,
        });
    }
    None
}

/// `第一章`, `\u{3000}总 则` → `第一章 总则`: one space after the number and
/// none between the name's characters.
fn division_label(number: &str, name: &str) -> String {
    let mut label = String::with_capacity(number.len() + name.len());
    label.push_str(number);
    let name = name.trim();
    if name.is_empty() {
        return label;
    }
    label.push(' ');
    let mut space = false;
    let mut prev: Option<char> = None;
    for c in name.chars() {
        if is_space(c) {
            space = true;
            continue;
        }
        if space && prev.is_some_and(|p| !is_cjk(p) || !is_cjk(c)) {
            label.push(' ');
        }
        space = false;
        label.push(c);
        prev = Some(c);
    }
    label
}

/// Not whitespace and not a zero-width or byte-order mark character.
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

/// The line up to and with its first sentence end.
fn first_sentence(text: &str) -> &str {
    match text.find(['。', '！', '？', '；']) {
        Some(at) => &text[..at + '。'.len_utf8()],
        None => text,
    }
}

/// A heading for a path: at most [`LABEL_MAX_CHARS`] characters, then `…`.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(LABEL_MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEED_TAIL: &str = "【江西】\n企业的创新密码“45154”\n近日，记者走进昌河飞机工业(集团)有限责任公司。\n全国人大代表刘辉认为，科技正为千行百业赋能。\n策划:江萌\n执行策划:陈凌墨 苏争\n南都记者 向雪妮 余毅菁\n编辑:肖苔\n";

    #[test]
    fn sections_headings_and_credits() {
        let spans = split(SEED_TAIL);
        let kinds: Vec<_> = spans.iter().map(|s| s.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                SpanKind::Section("江西".into()),
                SpanKind::Passage,
                SpanKind::Passage,
                SpanKind::Credits,
                SpanKind::Credits,
                SpanKind::Credits,
                SpanKind::Credits,
            ]
        );
        assert!(SEED_TAIL[spans[1].range.clone()].starts_with("企业的创新密码"));
        assert!(SEED_TAIL[spans[1].range.clone()].ends_with("有限责任公司。"));
    }

    #[test]
    fn long_paragraph_is_cut_at_sentence_ends() {
        let sentence = "加快发展新质生产力，扎实推进高质量发展，着力构建现代化产业体系。";
        let body = sentence.repeat(40);
        let spans = split(&body);
        assert!(spans.len() > 1);
        for span in &spans {
            let text = &body[span.range.clone()];
            assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
            assert!(text.ends_with('。'), "{text}");
        }
    }

    /// 《北京市自动驾驶汽车条例》, the end of 第三十八条 to the start of 第六章.
    const LAW: &str = "## 第五章 安全保障\n\n第三十八条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业应当依法落实网络安全等级保护制度。\n\n第三十九条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业，应当建立健全数据安全管理制度，依法履行数据安全保护义务，并遵守下列规定：\n\n（一）收集的数据应当与车辆行驶和交通安全有关；\n\n（二）评估数据安全风险，分类分级保护有关数据；\n\n（三）处理个人信息应当遵守个人信息保护法的有关规定；\n\n自动驾驶汽车数据跨境传输活动按照国家有关规定执行。\n\n## 第六章\u{3000}法律责任\n\n第四十一条 违反本条例规定的行为，法律、行政法规已有法律责任规定的，从其规定。\n";

    fn passages(body: &str) -> Vec<(&str, Vec<String>, Option<&str>)> {
        split(body)
            .into_iter()
            .filter(|s| s.kind == SpanKind::Passage)
            .map(|s| {
                let lead = s.lead.map(|r| &body[r]);
                (&body[s.range], s.path, lead)
            })
            .collect()
    }

    #[test]
    fn a_law_article_is_one_passage_with_its_items_under_its_chapter() {
        let spans = split(LAW);
        assert_eq!(spans[0].kind, SpanKind::Heading);
        let passages = passages(LAW);
        let paths: Vec<_> = passages.iter().map(|(_, p, _)| p.join(" › ")).collect();
        assert_eq!(
            paths,
            [
                "第五章 安全保障 › 第三十八条",
                "第五章 安全保障 › 第三十九条",
                "第六章 法律责任 › 第四十一条",
            ]
        );
        let (text, _, lead) = &passages[1];
        assert!(text.starts_with("第三十九条 "), "{text}");
        assert!(text.ends_with("按照国家有关规定执行。"), "{text}");
        assert_eq!(*lead, None);
        let at = text.find("个人信息").unwrap_or(0);
        assert_eq!(item_at(text, at), Some("（三）"));
        assert_eq!(item_at(text, 0), None);
        assert_eq!(
            lead_of_item(text, at),
            Some("第三十九条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业，应当建立健全数据安全管理制度，依法履行数据安全保护义务，并遵守下列规定：")
        );
        let last = text.rfind("跨境").unwrap_or(0);
        assert_eq!(
            item_at(text, last),
            None,
            "the 款 after the items is no item"
        );
    }

    /// 《北京市专利保护和促进条例》第十一条: 507 characters, seven items.
    const LONG_ARTICLE: &str = "第十一条 市专利管理部门处理专利侵权纠纷，认定专利侵权行为成立并作出处理决定的，应当按照下列规定采取措施制止侵权行为：\n\n（一）侵权人制造专利侵权产品的，责令其立即停止制造行为、销毁制造侵权产品的专用设备、模具等生产工具，并不得销售、使用尚未售出的侵权产品或者以其他形式将其投放市场；\n\n（二）侵权人未经专利权人许可使用专利方法的，责令其立即停止使用行为、销毁实施专利方法的专用设备、模具等生产工具，并不得销售、使用尚未售出的依照专利方法所直接获得的侵权产品或者以其他形式将其投放市场；\n\n（三）侵权人销售专利侵权产品或者依照专利方法直接获得的侵权产品的，责令其立即停止销售行为，并不得使用尚未售出的侵权产品或者以其他形式将其投放市场；\n\n（四）侵权人许诺销售专利侵权产品或者依照专利方法直接获得的侵权产品的，责令其立即停止许诺销售侵权产品的行为、消除影响，并不得进行任何实际销售行为；\n\n（五）侵权人进口专利侵权产品或者依照专利方法直接获得的侵权产品，已经进入本市的，责令其不得销售、使用该侵权产品或者以其他形式将其投放市场；\n\n（六）侵权人以生产经营为目的使用专利侵权产品的，责令其立即停止使用行为；\n\n（七）制止侵权行为的其他必要措施。";

    #[test]
    fn a_long_article_is_cut_at_items_each_piece_with_the_lead() {
        let passages = passages(LONG_ARTICLE);
        assert_eq!(passages.len(), 2, "{passages:?}");
        let (first, first_path, first_lead) = &passages[0];
        let (second, second_path, second_lead) = &passages[1];
        assert!(first.starts_with("第十一条 ") && first.ends_with("任何实际销售行为；"));
        assert!(second.starts_with("（五）") && second.ends_with("其他必要措施。"));
        assert_eq!(first_path, &["第十一条"]);
        assert_eq!(second_path, &["第十一条"]);
        assert_eq!(*first_lead, None, "the first piece holds its lead");
        assert_eq!(
            *second_lead,
            Some("第十一条 市专利管理部门处理专利侵权纠纷，认定专利侵权行为成立并作出处理决定的，应当按照下列规定采取措施制止侵权行为：")
        );
        for (text, _, _) in &passages {
            assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
        }
    }

    /// 2024年政府工作报告: a part, its opening paragraph, a numbered part
    /// whose first sentence is its heading, and a paragraph under it.
    const REPORT: &str = "各位代表：\n\n三、2024年政府工作任务\n\n\n党中央对今年工作作出了全面部署，我们要深入贯彻落实。\n\n（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用，以科技创新推动产业创新。\n\n推动产业链供应链优化升级。保持工业经济平稳运行。\n\n（二）深入实施科教兴国战略，强化高质量发展的基础支撑。\n\n加强高质量教育体系建设。\n";

    #[test]
    fn report_parts_make_the_path() {
        let passages = passages(REPORT);
        let rows: Vec<(&str, String)> = passages
            .iter()
            .map(|(text, path, _)| (*text, path.join(" › ")))
            .collect();
        assert_eq!(
            rows,
            [
                ("各位代表：", String::new()),
                (
                    "党中央对今年工作作出了全面部署，我们要深入贯彻落实。",
                    "三、2024年政府工作任务".to_string()
                ),
                (
                    "（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用，以科技创新推动产业创新。",
                    "三、2024年政府工作任务 › （一）大力推进现代化产业体系建设，加快发展新质生产力。".to_string()
                ),
                (
                    "推动产业链供应链优化升级。保持工业经济平稳运行。",
                    "三、2024年政府工作任务 › （一）大力推进现代化产业体系建设，加快发展新质生产力。".to_string()
                ),
                (
                    "加强高质量教育体系建设。",
                    "三、2024年政府工作任务 › （二）深入实施科教兴国战略，强化高质量发展的基础支撑。".to_string()
                ),
            ]
        );
        let kinds: Vec<_> = split(REPORT).into_iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == SpanKind::Heading).count(),
            2,
            "三、 and the one-sentence （二） are headings only"
        );
    }

    #[test]
    fn headings_are_recognised_in_their_spellings() {
        let label = |line: &str| structural_heading(line, false).map(|h| h.label);
        assert_eq!(label("## 第一章 总 则").as_deref(), Some("第一章 总则"));
        assert_eq!(
            label("## 第六章\t法律责任").as_deref(),
            Some("第六章 法律责任")
        );
        assert_eq!(
            label("### 第二节\u{2002}\u{2002}夫妻关系").as_deref(),
            Some("第二节 夫妻关系")
        );
        assert_eq!(label("第五章法律责任").as_deref(), Some("第五章 法律责任"));
        assert_eq!(label("第3章 附则").as_deref(), Some("第3章 附则"));
        assert_eq!(
            label("第十七条之一 已满七十五周岁的人故意犯罪的，可以从轻或者减轻处罚。").as_deref(),
            Some("第十七条之一")
        );
        assert_eq!(
            label("第12条　本办法自发布之日起施行。").as_deref(),
            Some("第12条")
        );
        assert_eq!(label("第二十六条规定的安全评估"), None);
        assert_eq!(label("2.5"), None);
        assert_eq!(
            label("1.法徽图案高55mm。").as_deref(),
            Some("1.法徽图案高55mm。")
        );
        assert!(
            structural_heading("（三）处理个人信息应当遵守个人信息保护法的有关规定；", true)
                .is_none()
        );
        assert_eq!(item_label("（三）处理个人信息"), Some("（三）"));
        assert_eq!(item_label("三、附则"), Some("三、"));
    }

    #[test]
    fn a_wrapped_chapter_heading_is_joined_and_a_zero_width_line_is_no_passage() {
        // 《北京市乡、民族乡、镇人民代表大会组织条例》 wraps its 第五章 after a comma
        let body = "## 第五章 乡、民族乡、镇人民代表大会主席、副主席，乡长、\n\n副乡长，镇长、副镇长的选举、罢免和补选\n\n\u{200B}\n\n第三十条 乡、民族乡、镇的人民代表大会选举本级人民代表大会主席、副主席。\n";
        let spans = split(body);
        let kinds: Vec<_> = spans.iter().map(|s| s.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                SpanKind::Heading,
                SpanKind::Heading,
                SpanKind::Heading,
                SpanKind::Passage
            ]
        );
        assert_eq!(
            spans[3].path,
            [
                "第五章 乡、民族乡、镇人民代表大会主席、副主席，乡长、副乡长，镇长、副镇长的选举…",
                "第三十条"
            ]
        );
    }

    proptest! {
        #[test]
        fn splitting_is_lossless(body in "[\\PC\n【】。，“”a 第一二三条章（）、#：]{0,900}") {
            let spans = split(&body);
            let mut last = 0;
            for span in &spans {
                prop_assert!(span.range.start >= last);
                prop_assert!(body.is_char_boundary(span.range.start));
                prop_assert!(body.is_char_boundary(span.range.end));
                prop_assert!(body[last..span.range.start].trim().is_empty());
                last = span.range.end;
            }
            prop_assert!(body[last..].trim().is_empty());
        }
    }
}
