//! Article body → spans: passages, section headers and credits lines.
//!
//! Invariants (checked by property tests): spans are in order, never overlap,
//! lie on character boundaries, and everything outside them is whitespace —
//! splitting is lossless. A passage is a paragraph, or a run of whole sentences
//! of a long paragraph, of at most about [`MAX_PASSAGE_CHARS`] characters.
//! A short heading line with no sentence end is glued to the paragraph after it.

use std::ops::Range;

use crate::model::{Span, SpanKind};

/// Passages longer than this are cut at sentence ends.
pub const MAX_PASSAGE_CHARS: usize = 400;

/// Lines shorter than this without a sentence end are headings.
const HEADING_MAX_CHARS: usize = 40;

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

/// Splits `body` into spans (see the module docs).
pub fn split(body: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut in_credits = false;
    let mut pending_heading: Option<Range<usize>> = None;
    for line in lines(body) {
        let text = &body[line.clone()];
        if let Some(name) = section_header(text) {
            if let Some(heading) = pending_heading.take() {
                push_passage(body, heading, &mut spans);
            }
            in_credits = false;
            spans.push(Span {
                kind: SpanKind::Section(name.to_string()),
                range: line,
            });
            continue;
        }
        if is_credit_line(text) || (in_credits && looks_like_byline(text)) {
            if let Some(heading) = pending_heading.take() {
                push_passage(body, heading, &mut spans);
            }
            in_credits = true;
            spans.push(Span {
                kind: SpanKind::Credits,
                range: line,
            });
            continue;
        }
        in_credits = false;
        if is_heading(text) {
            if let Some(heading) = pending_heading.take() {
                push_passage(body, heading, &mut spans);
            }
            pending_heading = Some(line);
            continue;
        }
        let range = match pending_heading.take() {
            Some(heading) => heading.start..line.end,
            None => line,
        };
        push_passage(body, range, &mut spans);
    }
    if let Some(heading) = pending_heading.take() {
        push_passage(body, heading, &mut spans);
    }
    spans
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

/// Pushes one passage, cut at sentence ends when it is too long.
fn push_passage(body: &str, range: Range<usize>, spans: &mut Vec<Span>) {
    let text = &body[range.clone()];
    if text.chars().count() <= MAX_PASSAGE_CHARS {
        spans.push(Span {
            kind: SpanKind::Passage,
            range,
        });
        return;
    }
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
        }
        if chunk_chars >= MAX_PASSAGE_CHARS {
            let cut = last_sentence_end
                .filter(|&e| e > chunk_start)
                .or(last_comma.filter(|&e| e > chunk_start))
                .unwrap_or(after);
            spans.push(Span {
                kind: SpanKind::Passage,
                range: chunk_start..cut,
            });
            chunk_start = cut;
            chunk_chars = body[cut..after].chars().count();
            last_sentence_end = None;
            last_comma = None;
        }
    }
    if chunk_start < range.end && !body[chunk_start..range.end].trim().is_empty() {
        spans.push(Span {
            kind: SpanKind::Passage,
            range: chunk_start..range.end,
        });
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

    proptest! {
        #[test]
        fn splitting_is_lossless(body in "[\\PC\n【】。，“”a ]{0,900}") {
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
