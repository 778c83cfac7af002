//! Speakers' names read short where the article writes them longer:
//! 林郑月 for 林郑月娥, 马特维 for 马特维延科, 达席尔 for 达席尔瓦, 刘奇 for
//! 刘奇葆. A reader that stops at three characters (or at jieba's first
//! word) cuts such names wherever they stand, and a pronoun then resolves to
//! the cut name; the article itself shows the whole one, since the name is
//! never written without the characters that follow it.

use std::ops::Range;

use crate::extract::speaker::{
    ends_with_post, is_forbidden_in_name, ROLE_SUFFIXES, TITLE_SUFFIXES,
};

use super::form::is_han;
use super::gap::{strip_adverbs, CLAUSE_OPENERS};
use super::trigger::Trigger;

/// How far before what a speaker said the name is looked for first, in bytes.
const NEAR_BYTES: usize = 240;

/// Longest name a short one is read out to, in characters.
const MAX_WHOLE_CHARS: usize = 5;

/// Characters that follow a name without being part of it, though jieba
/// may read them into it: the verbs of presenting and going (周强作报告,
/// 佩洛西窜访, 率团, 赴京, 抵达) and the endings of places and bodies (…村,
/// …州, …奖, …报).
const AFTER_NAMES: &str = "作窜访率赴抵村州省市县区奖报社院所部局";

/// `name` as `body` writes it (`name` said what stands at byte `said_at`): longer by the characters that follow it at
/// every place it stands, while each is a character of a name and starts no
/// post, role, cue (`triggers`, by byte range in the body), adverb or
/// adverbial clause, and jieba reads it as part of the name at one of those
/// places or as a word of one character that is no function word at all of
/// them. `None` when the name is whole.
pub(super) fn whole_name(
    body: &str,
    name: &str,
    said_at: usize,
    triggers: &[(Range<usize>, Trigger)],
) -> Option<String> {
    let count = name.chars().count();
    if !(2..=4).contains(&count) || !name.chars().all(is_han) {
        return None;
    }
    // (the cheapest test first: the name where it stands nearest before what
    // it said, `said_at`, mostly right before a cue)
    let mut from = said_at.min(body.len()).saturating_sub(NEAR_BYTES);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    let mut to = said_at.min(body.len());
    while !body.is_char_boundary(to) {
        to -= 1;
    }
    if let Some(at) = body.get(from..to).and_then(|near| near.rfind(name)) {
        let end = from + at + name.len();
        let next = body[end..].chars().next()?;
        if !is_han(next)
            || is_forbidden_in_name(next)
            || AFTER_NAMES.contains(next)
            || !may_continue(body, end, triggers)
        {
            return None;
        }
    }
    let mut whole = name.to_string();
    while whole.chars().count() < MAX_WHOLE_CHARS {
        let Some(next) = common_next(body, &whole, triggers) else {
            break;
        };
        whole.push(next);
    }
    (whole != name).then_some(whole)
}

/// The character that follows `name` wherever `body` has it, when it may
/// continue the name.
fn common_next(body: &str, name: &str, triggers: &[(Range<usize>, Trigger)]) -> Option<char> {
    // (the cheap tests first, at the first place the name stands: most names
    // are followed there by a cue, a function word or punctuation)
    let first = body.find(name)?;
    let next = body[first + name.len()..].chars().next()?;
    if !is_han(next)
        || is_forbidden_in_name(next)
        || AFTER_NAMES.contains(next)
        || !may_continue(body, first + name.len(), triggers)
    {
        return None;
    }
    let mut ends = Vec::new();
    for (at, _) in body.match_indices(name) {
        let end = at + name.len();
        if !body[end..].starts_with(next) || (at != first && !may_continue(body, end, triggers)) {
            return None;
        }
        ends.push((at, end));
    }
    let jieba = crate::segment::jieba();
    let name_chars = name.chars().count();
    let mut inside = false;
    let mut alone = true;
    for &(at, _) in &ends {
        let window: String = body[at..].chars().take(name_chars + 4).collect();
        let mut start = 0;
        // the word that holds the next character
        let holding = jieba.tag(&window, true).into_iter().find(|word| {
            start += word.word.chars().count();
            start > name_chars
        });
        let word = holding?;
        let len = word.word.chars().count();
        let word_start = start - len;
        // a name jieba reads on past the short one (马特维延/科举行)
        inside |= word_start < name_chars && word.tag.starts_with("nr");
        // a noun of one character, or a bound morpheme, as jieba tags 葆 of
        // 刘奇葆, that stands in no word of its own (not 作 of 周强作报告,
        // 新 of 习近平新时代)
        alone &=
            word_start == name_chars && len == 1 && (word.tag.ends_with('g') || word.tag == "n");
    }
    (inside || alone).then_some(next)
}

/// Whether 委托 or 邀请 follows within the first words of `text`, in its
/// clause (受国务院委托, 受中共中央邀请).
fn mandate(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(14)
        .take_while(|&ch| !matches!(ch, '，' | '。' | '；' | '：' | '、'))
        .collect();
    head.contains("委托") || head.contains("邀请")
}

/// Whether the text at byte `end` of `body`, right after a name, starts no
/// post, role, cue (`triggers`, in text order), adverb, adverbial clause or
/// mandate.
fn may_continue(body: &str, end: usize, triggers: &[(Range<usize>, Trigger)]) -> bool {
    let rest = &body[end..];
    let cue = triggers
        .get(triggers.partition_point(|(hit, _)| hit.start < end))
        .is_some_and(|(hit, _)| hit.start == end);
    if cue
        || TITLE_SUFFIXES.iter().any(|t| rest.starts_with(t))
        || ROLE_SUFFIXES.iter().any(|(s, _)| rest.starts_with(s))
        || CLAUSE_OPENERS.iter().any(|o| rest.starts_with(o))
        || strip_adverbs(rest).len() != rest.len()
        // 刘昆受国务院委托: the passive of a mandate
        || (rest.starts_with('受') && mandate(rest))
    {
        return false;
    }
    let head: Vec<char> = rest.chars().take(4).collect();
    !(2..=head.len()).any(|k| ends_with_post(&head[..k].iter().collect::<String>()))
}
