//! Bytes → text → articles.
//!
//! Owns: guessing a file's text encoding (UTF-8 with or without BOM, UTF-16
//! with BOM, GB18030/GBK and the rest via chardetng), rejecting binary, empty
//! and undecodable files, normalising line ends (CRLF → LF), and turning the
//! text into [`Article`]s by format: one article per `.txt`/`.md` file, one per
//! JSONL line, the article text of an HTML page.
//!
//! Does not own: finding the files ([`crate::source`]), splitting articles into
//! passages, or anything about the index. Decoding never panics and never
//! fails as a whole: what could not be read is returned as problems next to
//! the articles that could.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use encoding_rs::Encoding;
use scraper::{ElementRef, Html, Node, Selector};
use serde::{Deserialize, Deserializer};

use crate::error::Error;
use crate::model::Article;
use crate::source::{unsupported_reason, Format};

/// The articles of one file, and what could not be read in it.
#[derive(Debug, Default)]
pub struct Decoded {
    pub articles: Vec<Article>,
    pub problems: Vec<Error>,
}

/// Decodes one file's bytes into articles according to its extension.
pub fn decode_file(path: &Path, bytes: &[u8]) -> Decoded {
    match Format::from_path(path) {
        Some(format) => decode(path, format, bytes),
        None => Decoded::problem(path, None, unsupported_reason(path)),
    }
}

/// Decodes one file's bytes into articles in the given format.
pub fn decode(path: &Path, format: Format, bytes: &[u8]) -> Decoded {
    let text = match decode_text(bytes) {
        Ok(text) => text,
        Err(error) => return Decoded::problem(path, None, error.to_string()),
    };
    match format {
        Format::Text => decode_plain(path, &text.text, false),
        Format::Markdown => decode_plain(path, &text.text, true),
        Format::Jsonl => decode_jsonl(path, &text.text),
        Format::Html => decode_html(path, &text.text),
    }
}

impl Decoded {
    fn problem(path: &Path, line: Option<usize>, reason: impl Into<String>) -> Decoded {
        Decoded {
            articles: Vec::new(),
            problems: vec![Error::bad_input(path, line, reason)],
        }
    }
}

/// The stable content id of an article: `a` + 16 hex digits of
/// xxh3-64 over `title + "\n" + body`.
pub fn content_id(title: &str, body: &str) -> String {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(title.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.as_bytes());
    format!("a{:016x}", hasher.digest())
}

// ---------------------------------------------------------------------------
// Bytes → text
// ---------------------------------------------------------------------------

/// A file's text, with the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a> {
    /// The decoded text, BOM removed, line ends normalised to `\n`.
    pub text: Cow<'a, str>,
    pub encoding: &'static Encoding,
}

/// Why a file's bytes are not text we can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextError {
    /// No bytes, or only whitespace.
    Empty,
    /// NUL bytes, or mostly control / undecodable characters.
    Binary,
    /// Decodes, but too much of it is U+FFFD.
    Undecodable {
        encoding: &'static str,
        invalid: usize,
        chars: usize,
    },
    /// Only a single-byte encoding accepts the bytes, and what it gives is
    /// mostly accented Latin letters and symbols: damaged multi-byte text.
    Garbled { encoding: &'static str },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Empty => f.write_str("empty file"),
            TextError::Binary => f.write_str("binary file"),
            TextError::Undecodable {
                encoding,
                invalid,
                chars,
            } => write!(
                f,
                "undecodable bytes ({invalid} of {chars} characters are not valid {encoding})"
            ),
            TextError::Garbled { encoding } => write!(
                f,
                "undecodable bytes (neither UTF-8 nor GB18030; as {encoding} it is mostly accented letters and symbols)"
            ),
        }
    }
}

impl std::error::Error for TextError {}

/// How many leading bytes (or characters) the binary check looks at.
const SNIFF_LEN: usize = 8 * 1024;
/// How many bytes chardetng sees at most.
const DETECT_LEN: usize = 1024 * 1024;

/// Decodes bytes to text: BOM first (UTF-8, UTF-16 LE/BE), then valid UTF-8,
/// then (almost valid UTF-8 aside) chardetng's guess — GBK is read as GB18030.
pub fn decode_text(bytes: &[u8]) -> Result<Text<'_>, TextError> {
    if bytes.is_empty() {
        return Err(TextError::Empty);
    }
    let (text, encoding, had_errors) = match Encoding::for_bom(bytes) {
        Some((encoding, bom_len)) => {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if looks_binary(text.chars().take(SNIFF_LEN)) {
                return Err(TextError::Binary);
            }
            (text, encoding, had_errors)
        }
        None => {
            let sniff = &bytes[..bytes.len().min(SNIFF_LEN)];
            if looks_binary(sniff.iter().map(|&byte| char::from(byte))) {
                return Err(TextError::Binary);
            }
            decode_without_bom(bytes)
        }
    };
    if text.trim().is_empty() {
        return Err(TextError::Empty);
    }
    check_replacements(&text, encoding, had_errors)?;
    check_mojibake(&text, encoding)?;
    Ok(Text {
        text: normalize_line_ends(text),
        encoding,
    })
}

fn decode_without_bom(bytes: &[u8]) -> (Cow<'_, str>, &'static Encoding, bool) {
    // encoding_rs validates UTF-8 several times faster than `str::from_utf8`
    // on Chinese text, and borrows the bytes when they are valid
    if let (text @ Cow::Borrowed(_), false) = encoding_rs::UTF_8.decode_without_bom_handling(bytes)
    {
        return (text, encoding_rs::UTF_8, false);
    }
    // UTF-8 damaged in a few places (a truncated last character, a stray
    // byte) stays UTF-8; other encodings fail on nearly every character.
    let invalid = bytes
        .utf8_chunks()
        .filter(|chunk| !chunk.invalid().is_empty())
        .count();
    if invalid <= 1 + bytes.len() / 1000 {
        return (String::from_utf8_lossy(bytes), encoding_rs::UTF_8, true);
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&bytes[..bytes.len().min(DETECT_LEN)], true);
    let mut encoding = detector.guess(None, false);
    if encoding == encoding_rs::GBK {
        encoding = encoding_rs::GB18030;
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    (text, encoding, had_errors)
}

/// Chinese text damaged beyond GB18030 or UTF-8 (lost bytes shift every
/// character) is accepted by some single-byte encoding, which turns it into
/// Latin-1 letters and symbols (þ¸®¹¤…). More than a third of the non-ASCII
/// characters in U+0080–U+02FF, from a single-byte guess, is such mojibake.
fn check_mojibake(text: &str, encoding: &'static Encoding) -> Result<(), TextError> {
    if !encoding.is_single_byte() {
        return Ok(());
    }
    let (mut non_ascii, mut latin) = (0usize, 0usize);
    for c in text.chars().take(64 * 1024) {
        if c.is_ascii() {
            continue;
        }
        non_ascii += 1;
        if ('\u{80}'..='\u{2FF}').contains(&c) {
            latin += 1;
        }
    }
    if non_ascii >= 16 && latin * 3 > non_ascii {
        return Err(TextError::Garbled {
            encoding: encoding.name(),
        });
    }
    Ok(())
}

/// NUL, or more than 10% control characters other than tab, line ends, form
/// feed and escape, or more than 30% U+FFFD.
fn looks_binary(chars: impl Iterator<Item = char>) -> bool {
    let (mut total, mut control, mut replacement) = (0usize, 0usize, 0usize);
    for c in chars {
        total += 1;
        match c {
            '\0' => return true,
            '\t' | '\n' | '\r' | '\x0c' | '\x1b' => {}
            '\u{fffd}' => replacement += 1,
            c if c.is_control() && (c as u32) < 0x80 => control += 1,
            _ => {}
        }
    }
    control * 10 > total || replacement * 10 > total * 3
}

/// More than 2% U+FFFD (and more than a couple) means the guess was wrong or
/// the file is damaged beyond use. When the decoder met no invalid bytes, the
/// U+FFFD were in the file already: only its start is checked (garbage written
/// by an earlier lossy conversion), so clean text costs no full extra pass.
fn check_replacements(
    text: &str,
    encoding: &'static Encoding,
    had_errors: bool,
) -> Result<(), TextError> {
    let limit = if had_errors {
        usize::MAX
    } else {
        16 * SNIFF_LEN
    };
    let (mut chars, mut invalid) = (0usize, 0usize);
    for c in text.chars().take(limit) {
        chars += 1;
        invalid += usize::from(c == '\u{fffd}');
    }
    if invalid > 2 && invalid * 50 > chars {
        return Err(TextError::Undecodable {
            encoding: encoding.name(),
            invalid,
            chars,
        });
    }
    Ok(())
}

fn normalize_line_ends(text: Cow<'_, str>) -> Cow<'_, str> {
    if !text.contains('\r') {
        return text;
    }
    Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
}

fn normalize_line_ends_owned(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

// ---------------------------------------------------------------------------
// .txt / .md
// ---------------------------------------------------------------------------

/// How many non-empty lines at the top of a plain file are searched for a date.
const DATE_LINES: usize = 3;

fn decode_plain(path: &Path, text: &str, markdown: bool) -> Decoded {
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
    let date = date_from_file_name(path).or_else(|| date_from_lines(from_title));
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

/// Whitespace and zero-width characters (U+200B… and a stray BOM).
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

fn trim_invisible(text: &str) -> &str {
    text.trim_matches(is_invisible)
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_invisible)
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

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_ascii_whitespace() || c == '\u{a0}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Markdown → plain text: heading marks removed, `[text](url)` → `text`,
/// inline HTML (`<p>…<br></p>`) turned into one line per paragraph.
pub fn markdown_to_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line = strip_heading_marks(line);
        let line = strip_links(line);
        if !line.contains('<') && !line.contains('&') {
            out.push_str(&line);
            continue;
        }
        let html = inline_html_to_lines(&line);
        let pieces = html
            .split('\n')
            .map(str::trim)
            .filter(|piece| !piece.is_empty());
        for (i, piece) in pieces.enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(piece);
        }
    }
    out
}

fn strip_heading_marks(line: &str) -> &str {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if (1..=6).contains(&hashes) {
        let rest = &line[hashes..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            return rest.trim();
        }
    }
    line
}

/// `[text](target)` → `text`; anything else unchanged.
fn strip_links(line: &str) -> Cow<'_, str> {
    if !line.contains("](") {
        return Cow::Borrowed(line);
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find("](") else {
            break;
        };
        let after_paren = &after_open[close + 2..];
        let Some(end) = after_paren.find(')') else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&after_open[..close]);
        rest = &after_paren[end + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Tags removed, `<br>` / `</p>` / `</div>` / `</li>` → newline, entities decoded.
fn inline_html_to_lines(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(gt) if is_tag => {
                let name = after[..gt]
                    .trim_start_matches('/')
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                if matches!(
                    name.as_str(),
                    "br" | "p" | "div" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) {
                    out.push('\n');
                }
                rest = &after[gt + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    let c = match name {
        "nbsp" => ' ',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "mdash" => '—',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            return char::from_u32(code).filter(|c| *c != '\0');
        }
    };
    Some(c)
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A `YYYYMMDD` or `YYYY-MM-DD` in the file name, as `YYYY-MM-DD`.
pub fn date_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?.as_bytes();
    let digit = |i: usize| name.get(i).is_some_and(u8::is_ascii_digit);
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(name.get(range)?).ok()?.parse().ok()
    };
    for start in 0..name.len() {
        if !digit(start) || (start > 0 && digit(start - 1)) {
            continue;
        }
        let run = (start..name.len()).take_while(|&i| digit(i)).count();
        let parts = if run == 8 {
            (
                number(start..start + 4),
                number(start + 4..start + 6),
                number(start + 6..start + 8),
            )
        } else if run == 4
            && name.get(start + 4) == Some(&b'-')
            && name.get(start + 7) == Some(&b'-')
            && (5..7).chain(8..10).all(|i| digit(start + i))
            && !digit(start + 10)
        {
            (
                number(start..start + 4),
                number(start + 5..start + 7),
                number(start + 8..start + 10),
            )
        } else {
            continue;
        };
        if let (Some(year), Some(month), Some(day)) = parts {
            if let Some(date) = format_date(year, month, day) {
                return Some(date);
            }
        }
    }
    None
}

/// The one `YYYY年M月D日` date in the first few non-empty lines, if exactly one
/// distinct date appears there.
pub fn date_from_lines(text: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for line in text.lines().filter(|line| !is_blank(line)).take(DATE_LINES) {
        for date in chinese_dates(line) {
            match &found {
                Some(previous) if *previous != date => return None,
                _ => found = Some(date),
            }
        }
    }
    found
}

/// Every `YYYY年M月D日` in a line (ASCII or full-width digits).
fn chinese_dates(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut dates = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c != '年' || i < 4 {
            continue;
        }
        if i.checked_sub(5)
            .and_then(|k| chars.get(k))
            .copied()
            .and_then(digit_value)
            .is_some()
        {
            continue;
        }
        let Some(year) = read_number(&chars[i - 4..i], 4) else {
            continue;
        };
        let mut j = i + 1;
        let Some((month, next)) = read_number_until(&chars, j, '月') else {
            continue;
        };
        j = next;
        let Some((day, _)) = read_number_until(&chars, j, '日') else {
            continue;
        };
        if let Some(date) = format_date(year, month, day) {
            dates.push(date);
        }
    }
    dates
}

/// Reads 1–2 digits from `start` followed by `end`; returns the number and the
/// index after `end`.
fn read_number_until(chars: &[char], start: usize, end: char) -> Option<(u32, usize)> {
    let digits = chars[start.min(chars.len())..]
        .iter()
        .take_while(|c| digit_value(**c).is_some())
        .count();
    if !(1..=2).contains(&digits) || chars.get(start + digits) != Some(&end) {
        return None;
    }
    Some((
        read_number(&chars[start..start + digits], digits)?,
        start + digits + 1,
    ))
}

fn read_number(chars: &[char], len: usize) -> Option<u32> {
    if chars.len() != len {
        return None;
    }
    chars
        .iter()
        .try_fold(0u32, |n, c| Some(n * 10 + digit_value(*c)?))
}

fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn format_date(year: u32, month: u32, day: u32) -> Option<String> {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return None,
    };
    if !(1000..=2999).contains(&year) || day == 0 || day > days {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// A record's date as `YYYY-MM-DD`; `YYYY` and `YYYY-MM` are kept as such (a
/// prefix of the full form, so they sort with it). Accepts `-`, `/`, `.`,
/// `年月日` separators, `YYYYMMDD`, and a time after the date. `None` when the
/// text is not a date.
pub fn normalize_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let mut groups: Vec<&str> = Vec::with_capacity(3);
    let mut rest = raw;
    while groups.len() < 3 {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            break;
        }
        groups.push(&rest[..digits]);
        rest = &rest[digits..];
        let Some(separator) = rest.chars().next() else {
            break;
        };
        if !matches!(separator, '-' | '/' | '.' | '年' | '月') {
            break;
        }
        rest = &rest[separator.len_utf8()..];
    }
    let tail = rest.trim_start_matches('日');
    let clean_end = tail.is_empty() || tail.starts_with(['T', ' ', 't']);
    if !clean_end {
        return None;
    }
    let number = |s: &str| s.parse::<u32>().ok();
    match groups.as_slice() {
        [ymd] if ymd.len() == 8 => {
            format_date(number(&ymd[..4])?, number(&ymd[4..6])?, number(&ymd[6..])?)
        }
        [year] if year.len() == 4 => {
            let year = number(year)?;
            (1000..=2999).contains(&year).then(|| format!("{year:04}"))
        }
        [year, month] if year.len() == 4 && month.len() <= 2 => {
            let (year, month) = (number(year)?, number(month)?);
            format_date(year, month, 1).map(|_| format!("{year:04}-{month:02}"))
        }
        [year, month, day] if year.len() == 4 && month.len() <= 2 && day.len() <= 2 => {
            format_date(number(year)?, number(month)?, number(day)?)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// .jsonl
// ---------------------------------------------------------------------------

/// One JSONL record. Unknown fields (`source`, `category`, …) are skipped.
#[derive(Deserialize)]
struct Record {
    title: String,
    body: String,
    #[serde(default, deserialize_with = "string_or_integer")]
    id: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    province: Option<String>,
}

fn string_or_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string or an integer")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Self::Value, E> {
            Ok(Some(value))
        }
        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Self::Value, E> {
            Ok(Some(value.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Visitor)
}

fn decode_jsonl(path: &Path, text: &str) -> Decoded {
    let source = path.display().to_string();
    let mut decoded = Decoded::default();
    for (index, line) in text.split('\n').enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = match serde_json::from_str(line) {
            Ok(record) => record,
            Err(error) => {
                decoded
                    .problems
                    .push(Error::bad_input(path, Some(number), json_reason(&error)));
                continue;
            }
        };
        if record.body.trim().is_empty() {
            decoded
                .problems
                .push(Error::bad_input(path, Some(number), "empty body"));
            continue;
        }
        let title = normalize_line_ends_owned(record.title);
        let body = normalize_line_ends_owned(record.body);
        let date = match record.date.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                let date = normalize_date(raw);
                if date.is_none() {
                    let reason = format!("unrecognised date {raw:?} (ignored)");
                    decoded
                        .problems
                        .push(Error::bad_input(path, Some(number), reason));
                }
                date
            }
        };
        let id = match record.id.filter(|id| !id.trim().is_empty()) {
            Some(id) => id,
            None => content_id(&title, &body),
        };
        decoded.articles.push(Article {
            id,
            title,
            body,
            date,
            source: source.clone(),
            line: Some(number),
            url: non_empty(record.url),
            province: non_empty(record.province),
        });
    }
    decoded
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

/// serde_json's message without its "at line 1 column N" (always line 1 here),
/// with the column kept.
fn json_reason(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message.as_str(),
    };
    let kind = match error.classify() {
        serde_json::error::Category::Data => "bad record",
        _ => "invalid JSON",
    };
    format!("{kind}: {message} (column {})", error.column())
}

// ---------------------------------------------------------------------------
// .html / .htm
// ---------------------------------------------------------------------------

/// Elements whose text is never article text.
const CHROME: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "noscript", "template", "form",
    "button", "select", "iframe", "svg",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "figcaption",
    "main",
    "hr",
];

/// Deeper nesting than this is not a real page: html5ever's tree building is
/// quadratic in the depth, so such a file is reported instead of parsed.
const MAX_HTML_DEPTH: usize = 2000;

fn decode_html(path: &Path, text: &str) -> Decoded {
    if html_nesting_depth(text) > MAX_HTML_DEPTH {
        let reason = format!("HTML nested too deeply (over {MAX_HTML_DEPTH} levels)");
        return Decoded::problem(path, None, reason);
    }
    let document = Html::parse_document(text);
    let heading = first_match(&document, "h1").filter(|h1| !element_text(*h1).is_empty());
    let title = match heading {
        Some(h1) => clean_title(&element_text(h1)),
        None => first_match(&document, "title")
            .map(|title| clean_title(&element_text(title)))
            .unwrap_or_default(),
    };
    let container = main_content(&document);
    let body = block_text(container, heading);
    if body.is_empty() {
        return Decoded::problem(path, None, "no article text found");
    }
    let date = date_from_file_name(path).or_else(|| html_date(&document));
    let article = Article {
        id: content_id(&title, &body),
        title,
        body,
        date,
        source: path.display().to_string(),
        line: None,
        url: html_url(&document),
        province: None,
    };
    Decoded {
        articles: vec![article],
        problems: Vec::new(),
    }
}

/// Elements that never have an end tag, or whose end tag may be left out.
const UNCLOSED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody", "tfoot",
    "colgroup", "optgroup",
];

/// A quick upper estimate of the element nesting depth, from the tags alone.
fn html_nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = text;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .bytes()
            .take_while(u8::is_ascii_alphanumeric)
            .count();
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        if UNCLOSED.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|gt| rest[..gt].ends_with('/'));
        if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    deepest
}

fn first_match<'a>(document: &'a Html, selector: &str) -> Option<ElementRef<'a>> {
    let selector = Selector::parse(selector).ok()?;
    document.select(&selector).next()
}

/// `<article>`, else `<main>` / `[role=main]`, else the element whose `<p>`
/// children hold the most text, else `<body>`.
fn main_content(document: &Html) -> ElementRef<'_> {
    for selector in ["article", "main, [role=main]"] {
        if let Some(element) =
            first_match(document, selector).filter(|e| !block_text(*e, None).is_empty())
        {
            return element;
        }
    }
    if let Ok(paragraphs) = Selector::parse("p") {
        let mut text_by_parent = HashMap::new();
        let mut order = Vec::new();
        for paragraph in document.select(&paragraphs) {
            let Some(parent) = paragraph.parent().and_then(ElementRef::wrap) else {
                continue;
            };
            let len: usize = paragraph.text().map(|t| t.trim().len()).sum();
            let entry = text_by_parent.entry(parent.id()).or_insert_with(|| {
                order.push(parent);
                0
            });
            *entry += len;
        }
        let best = order
            .iter()
            .copied()
            .max_by_key(|parent| text_by_parent.get(&parent.id()).copied().unwrap_or(0));
        if let Some(best) = best {
            return best;
        }
    }
    first_match(document, "body").unwrap_or_else(|| document.root_element())
}

/// The text under `root`, one line per block element, chrome elements and the
/// `skip` element (the title heading) left out. Iterative: deep trees cannot
/// overflow the stack.
fn block_text(root: ElementRef<'_>, skip: Option<ElementRef<'_>>) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let text = collapse_whitespace(line.trim());
        if !text.is_empty() {
            lines.push(text);
        }
        line.clear();
    };
    let root_id = root.id();
    let mut current = root.first_child();
    while let Some(node) = current {
        let mut descend = false;
        match node.value() {
            Node::Text(text) => line.push_str(text),
            Node::Element(element) => {
                let name = element.name();
                let skipped =
                    CHROME.contains(&name) || skip.is_some_and(|skip| skip.id() == node.id());
                if !skipped {
                    if BLOCKS.contains(&name) {
                        flush(&mut line, &mut lines);
                    }
                    descend = true;
                }
            }
            _ => {}
        }
        if descend {
            if let Some(child) = node.first_child() {
                current = Some(child);
                continue;
            }
            if let Node::Element(element) = node.value() {
                if BLOCKS.contains(&element.name()) {
                    flush(&mut line, &mut lines);
                }
            }
        }
        // Next sibling, or climb up closing blocks until there is one.
        let mut at = node;
        current = None;
        loop {
            if let Some(sibling) = at.next_sibling() {
                current = Some(sibling);
                break;
            }
            let Some(parent) = at.parent() else {
                break;
            };
            if parent.id() == root_id {
                break;
            }
            if let Node::Element(element) = parent.value() {
                if BLOCKS.contains(&element.name()) {
                    flush(&mut line, &mut lines);
                }
            }
            at = parent;
        }
    }
    flush(&mut line, &mut lines);
    lines.join("\n")
}

fn element_text(element: ElementRef<'_>) -> String {
    collapse_whitespace(element.text().collect::<String>().trim())
}

fn html_date(document: &Html) -> Option<String> {
    let candidates = [
        ("meta[property='article:published_time']", "content"),
        ("meta[name=pubdate]", "content"),
        ("meta[name=publishdate]", "content"),
        ("meta[name=date]", "content"),
        ("time[datetime]", "datetime"),
    ];
    candidates.iter().find_map(|(selector, attr)| {
        let value = first_match(document, selector)?.attr(attr)?;
        normalize_date(value).filter(|date| date.len() == 10)
    })
}

fn html_url(document: &Html) -> Option<String> {
    ["link[rel=canonical]", "meta[property='og:url']"]
        .iter()
        .find_map(|selector| {
            let element = first_match(document, selector)?;
            element.attr("href").or_else(|| element.attr("content"))
        })
        .map(|url| url.trim().to_string())
        .filter(|url| !url.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_id_is_stable_and_hashes_title_newline_body() {
        let id = content_id("政府工作报告", "各位代表：");
        assert_eq!(id.len(), 17);
        assert!(id.starts_with('a'));
        let expected = xxhash_rust::xxh3::xxh3_64("政府工作报告\n各位代表：".as_bytes());
        assert_eq!(id, format!("a{expected:016x}"));
        assert_ne!(id, content_id("政府工作报告\n", "各位代表："));
    }

    #[test]
    fn dates_from_file_names() {
        let cases = [
            ("xwlb_cctv_markdown/20240305.md", Some("2024-03-05")),
            ("report-2024-03-05.txt", Some("2024-03-05")),
            ("2024_政府工作报告.txt", None),
            ("20241305.md", None),
            ("id_120240305.md", None),
        ];
        for (name, expected) in cases {
            assert_eq!(
                date_from_file_name(Path::new(name)).as_deref(),
                expected,
                "{name}"
            );
        }
    }

    #[test]
    fn dates_from_first_lines_only_when_unambiguous() {
        let report = "政府工作报告\n\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　李强";
        assert_eq!(date_from_lines(report).as_deref(), Some("2024-03-05"));
        let full_width = "标题\n２０１２年６月１２日消息";
        assert_eq!(date_from_lines(full_width).as_deref(), Some("2012-06-12"));
        let two = "标题\n2024年1月31日与2023年9月7日";
        assert_eq!(date_from_lines(two), None);
        let late = "标题\n一\n二\n2024年1月31日";
        assert_eq!(date_from_lines(late), None);
    }

    #[test]
    fn record_dates_normalised() {
        let cases = [
            ("2024-03-05", Some("2024-03-05")),
            ("2024/3/5", Some("2024-03-05")),
            ("20240305", Some("2024-03-05")),
            ("2024年3月5日", Some("2024-03-05")),
            ("2024-03-05T19:00:00+08:00", Some("2024-03-05")),
            ("2012-06", Some("2012-06")),
            ("2025", Some("2025")),
            ("2024-02-30", None),
            ("yesterday", None),
            ("2024-03-05x", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_date(raw).as_deref(), expected, "{raw}");
        }
    }

    #[test]
    fn markdown_inline_html_becomes_lines() {
        let md = "### 标题\n<p><strong>央视网消息</strong>（新闻联播）：第一段。</p><p>第二段&nbsp;A&amp;B。 <br></p>\n[查看原文](https://tv.cctv.com/x.shtml)\n";
        assert_eq!(
            markdown_to_text(md),
            "标题\n央视网消息（新闻联播）：第一段。\n第二段 A&B。\n查看原文\n"
        );
    }

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

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let text = decode_text("标题\r\n正文\r第二行".as_bytes());
        assert_eq!(
            text.map(|t| t.text.into_owned()),
            Ok("标题\n正文\n第二行".to_string())
        );
    }
}
