//! `.txt` and `.md` files → one article each.
//!
//! Owns: finding the title line past page chrome saved from a browser, the
//! file name as title when the text opens with a salutation, cleaning titles
//! (`原标题：`), and the body under the title.
//!
//! Does not own: turning Markdown into plain text ([`super::markdown`]) or
//! reading dates ([`super::date`]).

use std::path::Path;

use crate::model::Article;

use super::date::{date_from_file_name, date_from_lines, year_from_file_name};
use super::encoding::TextError;
use super::markdown::markdown_to_text;
use super::{collapse_whitespace, content_id, is_blank, trim_invisible, Decoded};

pub(super) fn decode_plain(path: &Path, text: &str, markdown: bool) -> Decoded {
    let converted;
    let text = if markdown {
        converted = markdown_to_text(text);
        converted.as_str()
    } else {
        text
    };
    let Some((start, title_line, rest)) = title_line(text) else {
        return Decoded::problem(path, None, TextError::Empty.to_string());
    };
    let from_title = &text[start..];
    // A salutation (各位代表：) is where the text starts, not its title: the
    // file name (1954_政府工作报告.txt) is the better title then.
    let (title, rest) = match file_stem_title(path).filter(|_| is_salutation(title_line)) {
        Some(stem) => (stem, from_title),
        None => (clean_title(title_line), rest),
    };
    let body = trim_blank_lines(rest);
    if body.is_empty() {
        return Decoded::problem(path, None, "no text after the title line");
    }
    let date = date_from_file_name(path)
        .or_else(|| date_from_lines(from_title))
        .or_else(|| year_from_file_name(path));
    let article = Article {
        id: content_id(&title, body),
        title,
        body: body.to_string(),
        date,
        source: path.display().to_string(),
        line: None,
        url: None,
        province: None,
    };
    Decoded {
        articles: vec![article],
        problems: Vec::new(),
    }
}

/// Lines of web-page chrome that precede the title in texts saved from a
/// browser (gov_work_reports_provincial_2026/txt: 下载 打印 全屏 收藏 【字号：…】).
const CHROME_LINES: &[&str] = &[
    "下载",
    "打印",
    "全屏",
    "收藏",
    "分享",
    "分享:",
    "分享：",
    "【字号：",
    "【字号:",
    "字号：",
    "加大",
    "还原",
    "减小",
    "】",
    "首页",
    ">",
    "关闭",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "打印本页",
];

fn is_chrome_line(line: &str) -> bool {
    let line = trim_invisible(line);
    CHROME_LINES.contains(&line)
        || ["当前位置", "您的位置", "【字号"]
            .iter()
            .any(|p| line.starts_with(p))
}

/// How far down a title is looked for past page chrome.
const TITLE_SEARCH_LINES: usize = 30;

/// The title line's byte offset, the line, and the text after it: the first
/// non-blank line past a leading block of page chrome (and the short
/// breadcrumb items inside it).
fn title_line(text: &str) -> Option<(usize, &str, &str)> {
    let mut offset = 0;
    let mut in_chrome = false;
    for _ in 0..TITLE_SEARCH_LINES {
        let Some((start, line, after)) = first_line(&text[offset..]) else {
            break;
        };
        let line_start = offset + start;
        offset = text.len() - after.len();
        if is_chrome_line(line) {
            in_chrome = true;
            continue;
        }
        if in_chrome && trim_invisible(line).chars().count() <= 4 {
            continue;
        }
        return Some((line_start, line, after));
    }
    first_line(text)
}

/// `各位代表：`, `同志们！`: a short line ending in a colon or exclamation mark.
fn is_salutation(line: &str) -> bool {
    let line = trim_invisible(line);
    line.chars().count() <= 8 && line.ends_with(['：', ':', '！', '!'])
}

/// The file name without extension, `_` as spaces: `1954 政府工作报告`.
fn file_stem_title(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let title = collapse_whitespace(&stem.replace('_', " "));
    (!title.is_empty()).then_some(title)
}

/// The first non-blank line's byte offset, the line, and the text after it.
fn first_line(text: &str) -> Option<(usize, &str, &str)> {
    let mut rest = text;
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        if !is_blank(line) {
            return Some((text.len() - rest.len(), line, after));
        }
        rest = after;
    }
    None
}

/// Removes leading blank lines and trailing whitespace.
fn trim_blank_lines(text: &str) -> &str {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        if !is_blank(line) {
            break;
        }
        start += line.len();
    }
    text[start..].trim_end()
}

/// Trims the title and strips a leading `原标题:` / `原标题：`.
pub fn clean_title(line: &str) -> String {
    let title = trim_invisible(line);
    let title = title
        .strip_prefix("原标题:")
        .or_else(|| title.strip_prefix("原标题："))
        .unwrap_or(title);
    collapse_whitespace(trim_invisible(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_yuan_biaoti() {
        assert_eq!(
            clean_title("原标题:2024全国两会特别策划 | 新质生产力"),
            "2024全国两会特别策划 | 新质生产力"
        );
        assert_eq!(
            clean_title("  原标题：新质生产力 跃动看中国 "),
            "新质生产力 跃动看中国"
        );
        assert_eq!(
            clean_title("新质生产力　跃动看中国"),
            "新质生产力　跃动看中国"
        );
    }
}
