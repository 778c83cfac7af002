//! The structure of legal and official texts as [`super::split`] reads it:
//! structural headings at the start of a line (a law's 编/分编/章/节 and 条,
//! a report's numbered parts `一、` `（一）` `1.` `（1）`, markdown headings)
//! with their rank and the label a heading path keeps, and the items of a
//! 条 (`（三）`) with their lead sentence. Owns no spans: `split` keeps the
//! open path while it reads a body.

use super::{ends_sentence, is_space, HEADING_MAX_CHARS};

/// A heading in a path is cut to this many characters (and `…`).
const LABEL_MAX_CHARS: usize = 40;

/// The rank of a 条 among headings: below 编/章/节, above nothing — a 条's
/// numbered lines are its items.
pub(super) const ARTICLE_RANK: u8 = 40;

/// A structural heading recognised at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Heading {
    /// Lower ranks contain higher ones: 编 10, 分编 15, 章 20, 节 30, 条 40,
    /// 一、 50, （一） 60, 1. 70, （1） 80; a markdown heading without a
    /// number ranks by its depth (`##` 20, `###` 30, deeper 35).
    pub(super) rank: u8,
    /// The text kept in the path: `第五章 安全保障`, `第三十九条`,
    /// `（一）大力推进现代化产业体系建设，加快发展新质生产力。`.
    pub(super) label: String,
    /// `## …` lines (and bare 编/章/节 lines) are headings only; a numbered
    /// part whose line goes on after its first sentence is a passage too.
    pub(super) heading_only: bool,
    /// A markdown `# …` title line: clears the path, does not enter it.
    pub(super) title: bool,
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
pub(super) fn structural_heading(line: &str, in_article: bool) -> Option<Heading> {
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

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

/// The line up to and with its first sentence end.
pub(super) fn first_sentence(text: &str) -> &str {
    match text.find(['。', '！', '？', '；']) {
        Some(at) => &text[..at + '。'.len_utf8()],
        None => text,
    }
}

/// A heading for a path: at most [`LABEL_MAX_CHARS`] characters, then `…`.
pub(super) fn shorten(text: &str) -> String {
    match text.char_indices().nth(LABEL_MAX_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}
