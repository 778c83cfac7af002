//! Dates: in file names, in the first lines of a text, and in records.
//!
//! Owns: `YYYYMMDD` / `YYYY-MM-DD` (or a year alone) in a file name, the one `YYYY年M月D日` at
//! the top of a text or, further down its header, a dateline
//! (`——二〇二六年一月二十七日在…会议上`) or a page's date line (`时间：2026-02-10`,
//! `2026-02-09 09:45:30`), a record's or an HTML page's date in any of the common
//! spellings, and checking that a date exists. Every date comes out as
//! `YYYY-MM-DD` (or `YYYY-MM`, `YYYY` when that is all a record or a file
//! name gives).
//!
//! Does not own: where in a file the date is looked for — the format modules
//! decide that.

use std::path::Path;

use super::is_blank;

/// How many non-empty lines at the top of a plain file are searched for any
/// date (`…2024年3月5日…`).
const DATE_LINES: usize = 3;

/// How many non-empty lines of a text's header are searched for a dateline or
/// a page's date line, forms that name the text's own date wherever they are.
const HEADER_LINES: usize = 16;

/// Labels of a page's date line (`时间：2026-02-10`).
const DATE_LABELS: &[&str] = &[
    "发布时间",
    "发布日期",
    "发稿时间",
    "更新时间",
    "时间",
    "日期",
];

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

/// The year a file name states on its own (`2014_政府工作报告.txt`,
/// `report-2024.md`): the one run of four digits between 1900 and 2099 set
/// apart by the name's start or end or by `_ - . ` or a space, as `YYYY`.
/// The date of a plain file whose name and text give nothing finer.
pub fn year_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let separator = |c: Option<char>| c.is_none_or(|c| matches!(c, '_' | '-' | '.' | ' ' | '　'));
    let mut years = Vec::new();
    for (at, c) in name.char_indices() {
        if !c.is_ascii_digit() || name[..at].ends_with(|p: char| p.is_ascii_digit()) {
            continue;
        }
        let run = name[at..]
            .find(|d: char| !d.is_ascii_digit())
            .map_or(&name[at..], |end| &name[at..at + end]);
        let before = name[..at].chars().next_back();
        let after = name[at + run.len()..].chars().next();
        if run.len() == 4 && separator(before) && separator(after) {
            if let Ok(year) = run.parse::<u32>() {
                if (1900..=2099).contains(&year) {
                    years.push(year);
                }
            }
        }
    }
    match years.as_slice() {
        [year] => Some(format!("{year:04}")),
        _ => None,
    }
}

/// The date of a text from its first lines: the one `YYYY年M月D日` date in
/// the first few non-empty lines, if exactly one distinct date appears there;
/// else, in the header below, the date of a dateline (the day a report was
/// delivered: `——2026年1月28日在…`, numerals Chinese or Arabic), else the one
/// date of the page's date lines (`时间：2026-02-10`, or the date alone on a
/// line). A date told in the text itself (`2月3日，…会议在…`) is none of these.
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
    found.or_else(|| header_date(text))
}

/// The dateline's date, else the one date of the page's date lines, in the
/// first [`HEADER_LINES`] non-empty lines.
fn header_date(text: &str) -> Option<String> {
    let mut page: Option<String> = None;
    let mut pages_agree = true;
    for line in text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(HEADER_LINES)
    {
        if let Some(date) = dateline_date(line) {
            return Some(date);
        }
        if let Some(date) = page_date(line) {
            match &page {
                Some(previous) if *previous != date => pages_agree = false,
                _ => page = Some(date),
            }
        }
    }
    page.filter(|_| pages_agree)
}

/// `——2026年1月28日在云南省第十四届人民代表大会第五次会议上`: a line opening
/// with a dash or a bracket whose date is followed by 在.
fn dateline_date(line: &str) -> Option<String> {
    let rest = line.trim_start_matches(['—', '－', '-', '（', '(']);
    if rest.len() == line.len() {
        return None;
    }
    let (date, after) = numeral_date(rest)?;
    after.starts_with('在').then_some(date)
}

/// `YYYY年M月D日` at the start of `text`, in Arabic (ASCII or full-width) or
/// Chinese numerals (`二〇二六年一月二十七日`), and the text after it.
fn numeral_date(text: &str) -> Option<(String, &str)> {
    let (year_text, rest) = text.split_once('年')?;
    let (month_text, rest) = rest.split_once('月')?;
    let (day_text, rest) = rest.split_once('日')?;
    let year = if year_text.chars().count() == 4 {
        year_text.chars().try_fold(0u32, |n, c| {
            Some(n * 10 + digit_value(c).or_else(|| chinese_digit(c))?)
        })?
    } else {
        return None;
    };
    let date = format_date(year, small_number(month_text)?, small_number(day_text)?)?;
    Some((date, rest))
}

/// 1–31 in Arabic digits or Chinese numerals (`七`, `十二`, `二十七`).
fn small_number(text: &str) -> Option<u32> {
    let chars: Vec<char> = text.chars().collect();
    if (1..=2).contains(&chars.len()) && chars.iter().all(|c| digit_value(*c).is_some()) {
        return read_number(&chars, chars.len());
    }
    match chars.as_slice() {
        ['十'] => Some(10),
        [one] => chinese_digit(*one).filter(|&n| n > 0),
        ['十', one] => Some(10 + chinese_digit(*one)?),
        [tens, '十'] => Some(10 * chinese_digit(*tens)?),
        [tens, '十', one] => Some(10 * chinese_digit(*tens)? + chinese_digit(*one)?),
        _ => None,
    }
}

fn chinese_digit(c: char) -> Option<u32> {
    "〇一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .or_else(|| matches!(c, '零' | '○' | 'Ｏ').then_some(0))
        .map(|n| n as u32)
}

/// A page's date line: a label (`时间：`, `发布时间：`) then a date, or a date
/// in digits and dashes (and a time) alone on the line — not `2024年1月31日`
/// alone, which may be the date a text tells or is signed with.
fn page_date(line: &str) -> Option<String> {
    let labelled = DATE_LABELS
        .iter()
        .find_map(|label| line.strip_prefix(label))
        .map(|rest| rest.trim_start_matches([':', '：', ' ']));
    let value = match labelled {
        Some(value) => value,
        None if !line.contains(['年', '月', '日']) => line,
        None => return None,
    };
    // a full date, not a year or a month alone
    normalize_date(value).filter(|date| date.len() == "2026-01-27".len())
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn years_stated_alone_in_file_names() {
        let cases = [
            ("txt/2014_政府工作报告.txt", Some("2014")),
            ("report-2024.md", Some("2024")),
            ("2026_上海市_政府工作报告.txt", Some("2026")),
            ("xwlb_2012.jsonl", Some("2012")),
            ("id_12345.txt", None),
            ("0800_notes.txt", None),
            ("2014_2015_对比.txt", None),
            ("v2024a.txt", None),
        ];
        for (name, expected) in cases {
            assert_eq!(
                year_from_file_name(Path::new(name)).as_deref(),
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
    fn datelines_and_page_date_lines_further_down_the_header() {
        // the day a report was delivered, in Chinese numerals, before the
        // page's own date
        let gansu = "2026年甘肃省政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n来源：甘肃日报\n时间：2026-02-10\n各位代表：";
        assert_eq!(date_from_lines(gansu).as_deref(), Some("2026-01-27"));
        let yunnan = "2026年政府工作报告\n来源：云南日报\n2026-02-03 09:02:33\n【字体：\n大\n中\n小\n】\n——2026年1月28日在云南省第十四届人民代表大会第五次会议上\n省长　王予波";
        assert_eq!(date_from_lines(yunnan).as_deref(), Some("2026-01-28"));
        // a page's date alone on its line, under its label
        let ningxia = "2026年宁夏回族自治区政府工作报告\n发布时间：\n2026-02-09 09:45:30\n来源：\n宁夏日报客户端\n各位代表：\n2月3日，宁夏回族自治区第十三届人民代表大会第四次会议在银川开幕。";
        assert_eq!(date_from_lines(ningxia).as_deref(), Some("2026-02-09"));
        // two page dates that disagree, a year alone, a date told in the text:
        // no date
        let two = "标题\n来源：某报\n时间：2026-02-10\n更新时间：2026-02-11\n正文";
        assert_eq!(date_from_lines(two), None);
        let year = "标题\n来源：某报\n摘要\n日期：2026";
        assert_eq!(date_from_lines(year), None);
        let told = "标题\n导语\n正文\n——这是2024年1月31日发生的事。";
        assert_eq!(date_from_lines(told), None);
        assert_eq!(small_number("二十七"), Some(27));
        assert_eq!(small_number("十"), Some(10));
        assert_eq!(small_number("三十一"), Some(31));
        assert_eq!(small_number("十三"), Some(13));
        assert_eq!(small_number("〇"), None);
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
}
