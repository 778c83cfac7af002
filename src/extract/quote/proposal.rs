//! Proposals: what a deputy or member proposes, in quotes (`带来“…”的建议`,
//! `以“…”为内容提出建议`, `“…”是…的提案之一`) or without them
//! (`提出了…的建议`, `提出包括…等多项建议`, `领衔提交关于…的议案`,
//! `提出五点建议：…`).

use crate::extract::speaker::{clause_start, name_ending_at, title_chain, Chars, Person};
use crate::model::Role;

use super::resolve::resolve;
use super::speech::quote_before;
use super::subject::{find_subject, sentence_subject};
use super::{Attribution, Context};

/// Where `提出五点建议` starts, `cue_start` being at 建议: 提出 (了), a count
/// and its measure word right before the noun.
pub(super) fn counted_proposal_verb(c: &Chars, cue_start: usize) -> Option<usize> {
    let mut at = cue_start.checked_sub(1)?;
    if !matches!(c.chars[at], '点' | '条' | '项') {
        return None;
    }
    let count_end = at;
    while at > 0 && "一二三四五六七八九十两几多".contains(c.chars[at - 1]) {
        at -= 1;
    }
    if at == count_end {
        return None;
    }
    ["提出了", "提出", "提了"]
        .iter()
        .find(|v| c.ends_with_at(at, v))
        .map(|v| at - v.chars().count())
}

/// `她提出了为青少年建立一套系统的心理支持体系的建议`, `提出包括…等多项建议`,
/// `领衔提交关于…的议案`: a proposal's content written without quotes between
/// its verb and 的建议 (`cue_start` is at the noun: 建议, 提案, 议案).
pub(super) fn unquoted_proposal_attribution(
    c: &Chars,
    cue_start: usize,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let mut de = cue_start.checked_sub(1)?;
    // …等多项建议, …等三条建议, …等建议: the content ends at 等
    if c.chars[de] != '的' {
        if matches!(c.chars[de], '项' | '条' | '点') {
            while de > 0 && "一二三四五六七八九十两几多".contains(c.chars[de - 1]) {
                de -= 1;
            }
            de = de.checked_sub(1)?;
        }
        if c.chars[de] != '等' {
            return None;
        }
    }
    let lo = clause_start(c, de);
    // the verb nearest before, with at least four characters of content
    let in_clause = (lo..de.checked_sub(4)?).rev().find_map(|at| {
        ["提出了", "带来了", "提交了", "提出", "带来", "提交"]
            .iter()
            .find(|v| c.starts_with_at(at, v))
            .map(|v| (at, at + v.chars().count()))
    });
    let (verb_start, mut from) = match in_clause {
        Some(found) => found,
        // 提出包括建立…方法，抓紧研发…等多项建议: a list of proposals opened
        // by 包括 runs over commas, within its sentence
        None => {
            let sentence = (0..lo)
                .rev()
                .find(|&i| matches!(c.chars[i], '。' | '！' | '？' | '；'))
                .map_or(0, |i| i + 1);
            (sentence..lo).rev().find_map(|at| {
                ["提出包括", "提出了包括"]
                    .iter()
                    .find(|v| c.starts_with_at(at, v))
                    .map(|v| (at, at + v.chars().count() - 2))
            })?
        }
    };
    // 她提出的关于…的建议: what she proposed, on what
    if c.starts_with_at(from, "的关于") {
        from += 1;
    }
    if c.starts_with_at(from, "关于") || c.starts_with_at(from, "包括") {
        from += 2;
    }
    // 斯特金提出的举行…的提案: the proposal named, its content not given
    if c.get(from) == Some('的') {
        return None;
    }
    // (not a title alone: 提出了《…》的建议)
    let titled = c.get(from) == Some('《') && c.get(de - 1) == Some('》');
    if de < from + 4 || titled || (from..de).any(|i| matches!(c.chars[i], '“' | '”')) {
        return None;
    }
    proposal_of_subject(c, verb_start, (from, de), false, context, earlier)
}

/// The proposal `speech` made by the subject that ends before its verb at
/// `verb_start`.
fn proposal_of_subject(
    c: &Chars,
    verb_start: usize,
    speech: (usize, usize),
    quoted: bool,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let (subject, subject_start) = find_subject(c, verb_start, &context.known)
        .or_else(|| sentence_subject(c, verb_start, &context.known))?;
    let people = resolve(c, subject, subject_start, context, earlier)?;
    Some(Attribution {
        people,
        subject_start,
        cue: "建议",
        speech,
        quoted,
    })
}

/// Verbs that carry a proposal in quotes to where it is made.
pub(super) const PROPOSAL_VERBS: &[&str] = &[
    "带来了",
    "带来",
    "提出了",
    "提出",
    "提交了",
    "提交",
    "准备了",
    "把",
    "将",
    "以",
    "递交了",
];

/// `王亚平先后以“提升航天文化影响力”“加强…”为内容提出建议`: `close` is the
/// index of the closing ” of the last quoted proposal.
pub(super) fn quoted_proposal_attribution(
    c: &Chars,
    close: usize,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let last = quote_before(c, close + 1)?;
    // back over the proposals in a row (“…”“…”、“…”) and a 关于
    let mut first = last;
    while let Some(before) = first.0.checked_sub(1).and_then(|open| {
        let mut at = open;
        if matches!(c.get(at.checked_sub(1)?), Some('、' | '和')) {
            at -= 1;
        }
        quote_before(c, at)
    }) {
        first = before;
    }
    let mut verb_end = first.0 - 1;
    if c.ends_with_at(verb_end, "关于") {
        verb_end -= 2;
    }
    let verb = PROPOSAL_VERBS
        .iter()
        .find(|v| c.ends_with_at(verb_end, v))?;
    let verb_start = verb_end - verb.chars().count();
    proposal_of_subject(c, verb_start, (first.0, last.1), true, context, earlier)
}

/// `“……”是全国政协委员、贵州省大数据发展管理局局长景亚萍此次的提案之一`
pub(super) fn proposal_attribution(
    c: &Chars,
    at: usize,
    context: &mut Context,
) -> Option<Attribution> {
    let mut end = at;
    if c.get(end.checked_sub(1)?) == Some('的') {
        end -= 1;
    }
    for time_word in ["此次", "今年", "这次", "本次"] {
        if c.ends_with_at(end, time_word) {
            end -= time_word.chars().count();
            break;
        }
    }
    let lo = clause_start(c, end);
    if c.get(lo) != Some('是') {
        return None;
    }
    let inside = quote_before(c, lo)?;
    let start = name_ending_at(c, lo + 1, end, false)?;
    let chain = title_chain(c, lo + 1, start);
    let person = Person {
        name: c.slice(start, end).to_string(),
        role: chain.role.unwrap_or(Role::Other),
        titles: chain.titles,
        province: chain.province.or(context.section),
    };
    Some(Attribution {
        people: vec![person],
        subject_start: inside.0 - 1,
        cue: "提案",
        speech: inside,
        quoted: true,
    })
}
