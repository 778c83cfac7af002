//! Quotes: who said what, with the cue verb.
//!
//! [`extract_quotes`] reads an article body paragraph by paragraph. An
//! Aho-Corasick automaton finds cue verbs (表示, 说, 建议, 认为, 指出, 强调…), the
//! `：“` of an interview line and 提案; paragraphs without any are skipped, which
//! keeps extraction fast on large corpora. For each cue the subject is read
//! backwards: an optional adverbial gap (在参加浙江代表团审议时, 也, 向大家,
//! 颇有感触地), then a name with its title chain ([`super::speaker`]), a list of
//! names (张工、袁桐利和杨茂荣), or a pronoun (他/她/其) that refers back to the
//! last person introduced. What was said is the direct quote in “…” (after or
//! before the attribution) or the indirect speech after the cue, up to the next
//! speaker or a narration marker.
//!
//! Precision first: a cue whose subject is not a named person (大家表示,
//! 代表们认为, 相关负责人表示) or that only names a topic (介绍了…, 回答了记者的提问)
//! yields nothing, and the credits block (策划/采写/编辑…) is never read.
//!
//! Invariant: for every quote, `&body[start..end] == text`.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::province::section_province;
use crate::extract::roster::link_quotes;
use crate::extract::speaker::{
    boundary_before, clause_start, ends_with_post, has_surname, is_clause_break,
    is_transliteration, jieba_says_name, mentions, name_ending_at, person_suffix_end, title_chain,
    Chars, Person, ROLE_SUFFIXES, TITLE_SUFFIXES,
};
use crate::model::{Quote, Role, SpanKind};
use crate::split::split;

/// What an automaton match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    /// A speech verb; `loose` verbs may run straight into the clause (他说歼-20…),
    /// the others need `，`/`：` after them.
    Cue { verb: &'static str, loose: bool },
    /// `告诉大家，…`: the verb takes an object before the speech.
    Tell,
    /// `名字：“…”`.
    ColonQuote,
    /// `“…”是…景亚萍此次的提案之一`.
    Proposal,
    /// `向总书记汇报了村里的产业发展情况`, `关心的是…`: what follows, to the
    /// end of the sentence, is what was said.
    Content { verb: &'static str },
    /// `围绕推进新型工业化向总书记作了汇报`: the topic after 围绕 is what was said.
    Report,
    /// `X带来“…”的建议`, `X提出了关于“…”的建议`, `X把“…”的建议带到全国两会`,
    /// `X以“…”“…”为内容提出建议`: the proposal is the quote.
    QuotedProposal,
}

const TRIGGERS: &[(&str, Trigger)] = &[
    (
        "表示",
        Trigger::Cue {
            verb: "表示",
            loose: false,
        },
    ),
    (
        "说",
        Trigger::Cue {
            verb: "说",
            loose: true,
        },
    ),
    (
        "说道",
        Trigger::Cue {
            verb: "说",
            loose: false,
        },
    ),
    (
        "介绍说",
        Trigger::Cue {
            verb: "介绍",
            loose: false,
        },
    ),
    (
        "解释说",
        Trigger::Cue {
            verb: "解释",
            loose: false,
        },
    ),
    (
        "认为",
        Trigger::Cue {
            verb: "认为",
            loose: true,
        },
    ),
    (
        "建议",
        Trigger::Cue {
            verb: "建议",
            loose: true,
        },
    ),
    (
        "指出",
        Trigger::Cue {
            verb: "指出",
            loose: false,
        },
    ),
    (
        "强调",
        Trigger::Cue {
            verb: "强调",
            loose: false,
        },
    ),
    (
        "提出",
        Trigger::Cue {
            verb: "提出",
            loose: false,
        },
    ),
    (
        "介绍",
        Trigger::Cue {
            verb: "介绍",
            loose: false,
        },
    ),
    (
        "呼吁",
        Trigger::Cue {
            verb: "呼吁",
            loose: false,
        },
    ),
    (
        "透露",
        Trigger::Cue {
            verb: "透露",
            loose: false,
        },
    ),
    (
        "坦言",
        Trigger::Cue {
            verb: "坦言",
            loose: false,
        },
    ),
    (
        "直言",
        Trigger::Cue {
            verb: "直言",
            loose: false,
        },
    ),
    (
        "报告",
        Trigger::Cue {
            verb: "报告",
            loose: false,
        },
    ),
    (
        "汇报",
        Trigger::Cue {
            verb: "汇报",
            loose: false,
        },
    ),
    (
        "希望",
        Trigger::Cue {
            verb: "希望",
            loose: true,
        },
    ),
    (
        "称",
        Trigger::Cue {
            verb: "称",
            loose: true,
        },
    ),
    (
        "宣布",
        Trigger::Cue {
            verb: "宣布",
            loose: false,
        },
    ),
    (
        "相信",
        Trigger::Cue {
            verb: "相信",
            loose: true,
        },
    ),
    (
        "指责",
        Trigger::Cue {
            verb: "指责",
            loose: true,
        },
    ),
    (
        "警告",
        Trigger::Cue {
            verb: "警告",
            loose: false,
        },
    ),
    (
        "警告说",
        Trigger::Cue {
            verb: "警告",
            loose: false,
        },
    ),
    (
        "回应",
        Trigger::Cue {
            verb: "回应",
            loose: false,
        },
    ),
    (
        "谈到",
        Trigger::Cue {
            verb: "谈到",
            loose: false,
        },
    ),
    (
        "重申",
        Trigger::Cue {
            verb: "重申",
            loose: false,
        },
    ),
    (
        "要求",
        Trigger::Cue {
            verb: "要求",
            loose: true,
        },
    ),
    (
        "叮嘱",
        Trigger::Cue {
            verb: "叮嘱",
            loose: true,
        },
    ),
    (
        "嘱托",
        Trigger::Cue {
            verb: "嘱托",
            loose: false,
        },
    ),
    (
        "勉励",
        Trigger::Cue {
            verb: "勉励",
            loose: true,
        },
    ),
    (
        "问道",
        Trigger::Cue {
            verb: "问",
            loose: false,
        },
    ),
    (
        "提问说",
        Trigger::Cue {
            verb: "问",
            loose: false,
        },
    ),
    (
        "回忆说",
        Trigger::Cue {
            verb: "回忆",
            loose: false,
        },
    ),
    (
        "补充说",
        Trigger::Cue {
            verb: "补充",
            loose: false,
        },
    ),
    (
        "感慨",
        Trigger::Cue {
            verb: "感慨",
            loose: false,
        },
    ),
    (
        "期待",
        Trigger::Cue {
            verb: "期待",
            loose: true,
        },
    ),
    ("汇报了", Trigger::Content { verb: "汇报" }),
    ("关心的是", Trigger::Content { verb: "关心" }),
    ("关注的是", Trigger::Content { verb: "关注" }),
    ("谈的是", Trigger::Content { verb: "谈" }),
    ("聚焦的是", Trigger::Content { verb: "聚焦" }),
    ("作了汇报", Trigger::Report),
    ("作汇报", Trigger::Report),
    (
        "提出建议",
        Trigger::Cue {
            verb: "建议",
            loose: false,
        },
    ),
    (
        "提出了建议",
        Trigger::Cue {
            verb: "建议",
            loose: false,
        },
    ),
    ("”的建议", Trigger::QuotedProposal),
    ("”的提案", Trigger::QuotedProposal),
    ("”的议案", Trigger::QuotedProposal),
    ("”为内容", Trigger::QuotedProposal),
    ("告诉", Trigger::Tell),
    ("：“", Trigger::ColonQuote),
    ("提案", Trigger::Proposal),
];

fn automaton() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(TRIGGERS.iter().map(|(pattern, _)| pattern))
            .unwrap_or_else(|_| unreachable!("the trigger patterns are fixed and valid"))
    })
}

/// Every quote attributed to a named speaker in `body`, in text order, with
/// speakers linked to the 14th NPC roster ([`super::roster`]) where the
/// article allows it. Without the article's date only its text decides; see
/// [`extract_quotes_dated`].
pub fn extract_quotes(body: &str) -> Vec<Quote> {
    extract_quotes_dated(body, None)
}

/// [`extract_quotes`] of an article dated `date` (`YYYY-MM-DD`): outside the
/// 14th NPC's term no speaker is linked to its roster.
pub fn extract_quotes_dated(body: &str, date: Option<&str>) -> Vec<Quote> {
    let mut quotes = find_quotes(body);
    link_quotes(&mut quotes, body, date);
    quotes
}

/// The quotes of `body`, before roster linking.
fn find_quotes(body: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut leader: Option<Option<String>> = None;
    let mut context = Context {
        body,
        section: None,
        previous_speaker: None,
        recent: Vec::new(),
        known: introduced_names(body),
        leader: &mut leader,
    };
    for paragraph in paragraphs(body) {
        let (range, section) = match paragraph {
            Paragraph::Section(section) => {
                context.section = section;
                context.previous_speaker = None;
                continue;
            }
            Paragraph::Text(range) => (range, context.section),
            Paragraph::Heading(range) => {
                if let Some((person, quote)) = heading_quote(body, range.clone(), &context) {
                    context.previous_speaker = Some(person.clone());
                    if !context.known.iter().any(|k| k.name == person.name) {
                        context.known.push(person);
                    }
                    quotes.push(quote);
                    continue;
                }
                (range, context.section)
            }
        };
        let line = &body[range.clone()];
        if automaton().find(line).is_none() {
            continue;
        }
        context.section = section;
        let found = paragraph_quotes(line, range.start, &mut context);
        if let Some((person, _)) = found.last() {
            context.previous_speaker = Some(person.clone());
        }
        for (person, _) in &found {
            if !context.known.iter().any(|k| k.name == person.name) {
                context.known.push(person.clone());
            }
            context.recent.retain(|p| p.name != person.name);
            context.recent.push(person.clone());
        }
        quotes.extend(found.into_iter().map(|(_, quote)| quote));
    }
    // a speaker is often quoted several times: the body is searched once per
    // name, and a role or province one quote gives holds for the others
    let mut stated: Vec<(String, Option<Role>)> = quotes
        .iter()
        .filter(|q| q.role != Role::Other)
        .map(|q| (q.speaker.clone(), Some(q.role)))
        .collect();
    let provinces: Vec<(String, String)> = quotes
        .iter()
        .filter_map(|q| Some((q.speaker.clone(), q.province.clone()?)))
        .collect();
    for quote in quotes.iter_mut().filter(|q| q.province.is_none()) {
        quote.province = provinces
            .iter()
            .find(|(name, _)| *name == quote.speaker)
            .map(|(_, province)| province.clone());
    }
    for quote in quotes.iter_mut().filter(|q| q.role == Role::Other) {
        let role = match stated.iter().find(|(name, _)| *name == quote.speaker) {
            Some(&(_, role)) => role,
            None => {
                let role = stated_role(body, &quote.speaker);
                stated.push((quote.speaker.clone(), role));
                role
            }
        };
        quote.role = role.unwrap_or(Role::Other);
    }
    quotes.sort_by_key(|q| (q.start, q.end));
    quotes
}

/// The role the article gives `name` elsewhere (全国人大代表赵振香…, 段明龙委员).
fn stated_role(body: &str, name: &str) -> Option<Role> {
    let stated = |prefix: &str, suffix: &str| {
        body.contains(&format!("{prefix}{name}"))
            || body
                .match_indices(&format!("{name}{suffix}"))
                .any(|(at, found)| {
                    // 赵振香代表， / 段明龙委员表示 — but not 习近平代表党中央.
                    body[at + found.len()..].chars().next().is_none_or(|ch| {
                        is_clause_break(ch) || "、表说认建指强提介呼告透在是也还则".contains(ch)
                    })
                })
    };
    if stated("全国政协委员", "委员") {
        return Some(Role::CppccMember);
    }
    if stated("全国人大代表", "代表") {
        return Some(Role::NpcDeputy);
    }
    None
}

/// What a paragraph needs from the rest of the article.
struct Context<'a> {
    body: &'a str,
    section: Option<&'static str>,
    /// The last person quoted, in this paragraph or one before it.
    previous_speaker: Option<Person>,
    /// The people quoted so far, the most recent last, each once.
    recent: Vec<Person>,
    /// The people the article has named so far: speakers found, and names
    /// written after a post anywhere in it ([`introduced_names`]).
    known: Vec<Person>,
    /// The person called 总书记 in this article, looked up on first use.
    leader: &'a mut Option<Option<String>>,
}

impl Context<'_> {
    fn leader(&mut self) -> Option<String> {
        if self.leader.is_none() {
            *self.leader = Some(find_leader(self.body));
        }
        self.leader.clone().flatten()
    }
}

/// The name written before 总书记 in the article (习近平总书记 → 习近平).
fn find_leader(body: &str) -> Option<String> {
    body.match_indices("总书记").find_map(|(at, _)| {
        let before: String = body[..at]
            .chars()
            .rev()
            .take(3)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let c = Chars::new(&before);
        (0..c.len().saturating_sub(1)).find_map(|start| {
            let name = c.slice(start, c.len());
            (has_surname(name) && jieba_says_name(name)).then(|| name.to_string())
        })
    })
}

/// The first three-character name with `surname` in `body` (习近平 for 习主席).
fn name_with_surname(body: &str, surname: char) -> Option<String> {
    body.match_indices(surname).find_map(|(at, _)| {
        let name: String = body[at..].chars().take(3).collect();
        (name.chars().count() == 3 && jieba_says_name(&name)).then_some(name)
    })
}

/// Who a cue belongs to.
enum Subject {
    People(Vec<Person>),
    /// 他/她/其: the last person introduced.
    Pronoun,
    /// A bare 总书记.
    Leader,
    /// 习主席: the person of the article with this surname.
    Surname(char),
    /// 两位代表, 他们: the people named just before, `count` of them when
    /// the text says how many, with the role the group word gives.
    Group {
        count: Option<usize>,
        role: Option<Role>,
    },
}

/// `两位代表`, `三位委员`, `他们`, `两人` as a subject.
fn group_word(text: &str) -> Option<Subject> {
    if ["他们", "她们", "他俩", "她俩"].contains(&text) {
        return Some(Subject::Group {
            count: None,
            role: None,
        });
    }
    let mut chars = text.chars();
    let count = match chars.next()? {
        '两' | '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        _ => return None,
    };
    let rest = chars.as_str();
    let noun = rest
        .strip_prefix('位')
        .or_else(|| rest.strip_prefix('名'))
        .or_else(|| (rest == "人").then_some(""))?;
    let role = match noun {
        "代表" | "人大代表" | "全国人大代表" => Some(Role::NpcDeputy),
        "委员" | "政协委员" | "全国政协委员" => Some(Role::CppccMember),
        "" | "专家" | "嘉宾" | "企业家" | "院士" | "负责人" => None,
        _ => return None,
    };
    Some(Subject::Group {
        count: Some(count),
        role,
    })
}

/// One attribution found in a paragraph, before its speech is cut to length.
struct Attribution {
    people: Vec<Person>,
    /// Character index where the subject clause starts.
    subject_start: usize,
    cue: &'static str,
    /// Character range of what was said.
    speech: (usize, usize),
    /// The speech is a “…” quote with fixed ends.
    quoted: bool,
}

fn paragraph_quotes(line: &str, base: usize, context: &mut Context) -> Vec<(Person, Quote)> {
    let c = Chars::new(line);
    let mut found: Vec<Attribution> = Vec::new();
    let mut consumed_until = 0;
    for hit in automaton().find_iter(line) {
        let trigger = TRIGGERS[hit.pattern().as_usize()].1;
        let cue_start = c.char_index(hit.start());
        let cue_end = c.char_index(hit.end());
        if cue_start < consumed_until {
            continue;
        }
        let attribution = match trigger {
            Trigger::Cue { verb, loose } => {
                cue_attribution(&c, cue_start, cue_end, verb, loose, false, context, &found)
            }
            Trigger::Tell => {
                cue_attribution(&c, cue_start, cue_end, "告诉", false, true, context, &found)
            }
            Trigger::ColonQuote => colon_attribution(&c, cue_start, context),
            Trigger::Proposal => proposal_attribution(&c, cue_start, context),
            Trigger::Content { verb } => {
                content_attribution(&c, cue_start, cue_end, verb, context, &found)
            }
            Trigger::Report => report_attribution(&c, cue_start, context, &found),
            Trigger::QuotedProposal => quoted_proposal_attribution(&c, cue_start, context, &found),
        };
        if let Some(attribution) = attribution {
            if attribution.quoted && attribution.speech.1 > cue_end {
                consumed_until = attribution.speech.1;
            }
            found.push(attribution);
        }
    }
    cut_speeches(&c, &mut found);
    let mut quotes = Vec::new();
    for attribution in found {
        let (from, to) = trim_speech(&c, attribution.speech);
        if to <= from + 1 {
            continue;
        }
        let start = base + c.offsets[from];
        let end = base + c.offsets[to];
        for person in attribution.people {
            let quote = Quote {
                speaker: person.name.clone(),
                role: person.role,
                titles: person.titles.clone(),
                province: person.province.or(context.section).map(str::to_string),
                text: context.body[start..end].to_string(),
                cue: attribution.cue.to_string(),
                start,
                end,
                roster: None,
            };
            quotes.push((person, quote));
        }
    }
    quotes
}

/// Ends indirect speech at the next attribution or at a narration marker.
fn cut_speeches(c: &Chars, found: &mut [Attribution]) {
    let starts: Vec<usize> = found.iter().map(|a| a.subject_start).collect();
    for attribution in found.iter_mut().filter(|a| !a.quoted) {
        let (from, _) = attribution.speech;
        let next_subject = starts
            .iter()
            .copied()
            .filter(|&s| s >= from)
            .min()
            .unwrap_or(c.len());
        let names: Vec<&str> = attribution.people.iter().map(|p| p.name.as_str()).collect();
        attribution.speech.1 = speech_end(c, from, next_subject, &names);
    }
}

/// Sentence starts that hand the floor back to the reporter.
const NARRATION_MARKERS: &[&str] = &[
    "代表们",
    "委员们",
    "大家",
    "记者",
    "据了解",
    "据介绍",
    "此外",
    "另外",
    "会上",
    "在今天的",
    "随后",
    "走进",
    "作为",
    "这让",
];

/// Words that show a sentence is the reporter's, not the speaker's: the
/// reporter's own voice or the effect the speech had.
const NARRATION_WORDS: &[&str] = &[
    "记者",
    "据悉",
    "了解到",
    "报道",
    "采访",
    "答复",
    "引发",
    "反响",
];

/// The end of indirect speech starting at `from`: its first sentence, and the
/// following sentences of the paragraph up to `limit` while they still read as
/// the speaker's (李利建议…。两个月后，人力资源社会保障部给她作了答复… stops at 。).
fn speech_end(c: &Chars, from: usize, limit: usize, speakers: &[&str]) -> usize {
    let mut end = sentence_end(c, from, limit);
    while end < limit {
        let next = end;
        let following = sentence_end(c, next, limit);
        if following == next || narration_sentence(c.slice(next, following), speakers) {
            break;
        }
        end = following;
    }
    end.min(limit)
}

/// Whether a sentence after indirect speech is narration: it opens with a
/// narration marker or a time phrase (两个月后，), or names the speaker or the
/// reporter (她, 记者, 习近平代表中共中央…).
fn narration_sentence(sentence: &str, speakers: &[&str]) -> bool {
    let sentence = sentence.trim_start();
    if NARRATION_MARKERS.iter().any(|m| sentence.starts_with(m)) {
        return true;
    }
    let outside_quotes = outside_quotes(sentence);
    if NARRATION_WORDS.iter().any(|w| outside_quotes.contains(w))
        || speakers.iter().any(|name| outside_quotes.contains(name))
        || third_person(&outside_quotes)
    {
        return true;
    }
    // 两个月后，: a time phrase that moves the story on (过去五年， / 2021年， /
    // “十四五”期间， stay: speakers look back and ahead too).
    let head = sentence
        .split(['，', ',', '：', ':'])
        .next()
        .unwrap_or_default();
    let head_len = head.chars().count();
    if head_len < sentence.chars().count() && head_len <= 6 && head.ends_with('后') {
        return true;
    }
    // 迪迪扎表示，…: someone else takes the floor (a name the subject reader missed).
    head_len < sentence.chars().count()
        && ["表示", "说", "指出", "强调", "认为", "介绍"]
            .iter()
            .any(|cue| head.ends_with(cue))
}

/// Whether the text speaks of someone as 他/她 (not 其他, 他人, 他国, 他们):
/// in a following sentence that is the reporter speaking of the speaker.
fn third_person(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(i, &ch)| {
        matches!(ch, '他' | '她')
            && !(i > 0 && matches!(chars[i - 1], '其' | '吉' | '利'))
            && !chars
                .get(i + 1)
                .is_some_and(|next| matches!(next, '们' | '人' | '国' | '乡' | '方' | '者'))
    })
}

/// The text of `sentence` outside “…” quotes.
fn outside_quotes(sentence: &str) -> String {
    let mut depth = 0i32;
    let mut out = String::with_capacity(sentence.len());
    for ch in sentence.chars() {
        match ch {
            '“' => depth += 1,
            '”' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// The index after the sentence that contains `from` (after its 。！？), or `limit`.
fn sentence_end(c: &Chars, from: usize, limit: usize) -> usize {
    let mut depth = 0i32;
    for i in from..limit.min(c.len()) {
        match c.chars[i] {
            '“' => depth += 1,
            '”' => depth = (depth - 1).max(0),
            '。' | '！' | '？' | '!' | '?' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    limit.min(c.len())
}

/// Drops surrounding spaces from a character range.
fn trim_speech(c: &Chars, (mut from, mut to): (usize, usize)) -> (usize, usize) {
    while from < to && c.chars[from].is_whitespace() {
        from += 1;
    }
    while to > from && c.chars[to - 1].is_whitespace() {
        to -= 1;
    }
    (from, to)
}

/// The “…” quote that closes right before character `at` (skipping one `，`);
/// returns the range inside the marks.
fn quote_before(c: &Chars, at: usize) -> Option<(usize, usize)> {
    let mut close = at.checked_sub(1)?;
    if matches!(c.get(close), Some('，' | ',')) {
        close = close.checked_sub(1)?;
    }
    if c.get(close) != Some('”') {
        return None;
    }
    let mut depth = 0;
    for i in (0..close).rev() {
        match c.chars[i] {
            '”' => depth += 1,
            '“' if depth == 0 => return Some((i + 1, close)),
            '“' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The “…” quote that opens at character `open`; returns the range inside the marks.
fn quote_after(c: &Chars, open: usize) -> Option<(usize, usize)> {
    if c.get(open) != Some('“') {
        return None;
    }
    let mut depth = 0;
    for i in open + 1..c.len() {
        match c.chars[i] {
            '“' => depth += 1,
            '”' if depth == 0 => return Some((open + 1, i)),
            '”' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Whether the “…” quote with inside range `inside` is the whole utterance
/// (`说：“……。”`), not a term at the start of indirect speech (`说，“十三五”期间…`).
fn closes_sentence(c: &Chars, (_, close): (usize, usize)) -> bool {
    let before_close = close.checked_sub(1).and_then(|i| c.get(i));
    let after_close = c.get(close + 1);
    matches!(before_close, Some('。' | '！' | '？' | '!' | '?' | '…'))
        || matches!(
            after_close,
            None | Some('。' | '！' | '？' | '!' | '?' | '\r')
        )
}

/// Adverbs allowed between a speaker and the cue (也, 还, 则…), longest first.
const ADVERBS: &[&str] = &[
    "进一步",
    "再次",
    "同样",
    "一再",
    "更是",
    "一直",
    "随即",
    "当即",
    "首先",
    "此前",
    "今天",
    "当天",
    "日前",
    "近日",
    "会上",
    "现场",
    "还",
    "也",
    "则",
    "都",
    "就",
    "又",
    "更",
    "曾",
    "均",
    "亦",
    "便",
    "分别",
    "直接",
    "明确",
    "坦率地",
    "动情地",
    "撰文",
    "发文",
    "致辞",
    "发言",
    "上午",
    "下午",
    "晚间",
    "晚些时候",
    "早些时候",
    "最后",
    "特别",
    "先后",
    "同时",
    "随后",
    "首先",
    "并",
    "还曾",
    "准备",
    "打算",
    "还将",
    "将",
    "曾经",
    "反复",
    "深情地",
    "谆谆",
    "回信",
    "写信",
    "在信中",
];

/// Openers of an adverbial clause that ends in 时/上/中/后 (在参加浙江代表团审议时).
const CLAUSE_OPENERS: &[&str] = &[
    "在", "参加", "出席", "接受", "谈到", "谈及", "回顾", "面对", "针对", "结合", "看望", "考察",
];
const CLAUSE_CLOSERS: &[char] = &['时', '上', '中', '后'];

fn strip_adverbs(mut gap: &str) -> &str {
    'outer: loop {
        for adverb in ADVERBS {
            if let Some(rest) = gap.strip_prefix(adverb) {
                gap = rest;
                continue 'outer;
            }
        }
        return gap;
    }
}

/// Whether `gap` may stand between a speaker and the cue verb.
fn gap_ok(gap: &str) -> bool {
    if gap.is_empty() {
        return true;
    }
    if gap
        .chars()
        .any(|ch| is_clause_break(ch) || ch == '“' || ch == '”')
    {
        return false;
    }
    let mut rest = strip_adverbs(gap);
    // 5日参加云南代表团审议时
    let is_digit = |ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch);
    // 10月31号
    let digits = rest.trim_start_matches(is_digit);
    let digits = match digits.strip_prefix('月') {
        Some(day) if digits.len() != rest.len() => day.trim_start_matches(is_digit),
        _ => digits,
    };
    if digits.len() != rest.len() {
        // 5日, 13号 and what may follow the date (下午, 也)
        rest = strip_adverbs(
            digits
                .strip_prefix('日')
                .or_else(|| digits.strip_prefix('号'))
                .unwrap_or(rest),
        );
    }
    if CLAUSE_OPENERS.iter().any(|o| rest.starts_with(o)) {
        let closed = rest
            .char_indices()
            .filter(|(_, ch)| CLAUSE_CLOSERS.contains(ch))
            .map(|(i, ch)| &rest[i + ch.len_utf8()..])
            .find(|after| tail_ok(strip_adverbs(after)));
        return closed.is_some();
    }
    tail_ok(rest)
}

/// The end of a gap: nothing, 向大家 / 对记者, or an adverb in 地.
fn tail_ok(tail: &str) -> bool {
    let count = tail.chars().count();
    tail.is_empty()
        || (["向", "对", "给", "跟"].iter().any(|p| tail.starts_with(p)) && count <= 8)
        || (tail.ends_with('地') && count <= 7)
}

/// What 表示 is followed by when it is a gesture, not speech.
const GESTURES: &[&str] = &[
    "感谢", "祝贺", "欢迎", "慰问", "哀悼", "同情", "关切", "赞赏", "遗憾", "不满", "抗议", "反对",
    "支持", "谢意", "敬意", "问候", "赞同", "认可", "理解", "震惊", "担忧", "愤慨", "谴责",
];

fn is_han(ch: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&ch)
}

/// Whether the text after a cue lets it introduce speech.
fn follow_ok(c: &Chars, cue_end: usize, verb: &str, loose: bool) -> bool {
    let Some(next) = c.get(cue_end) else {
        return false;
    };
    if matches!(next, '了' | '过' | '着' | '的' | '得' | '是' | '者' | '人') {
        return false;
    }
    if matches!(next, '，' | '：' | ',' | ':' | '“' | '。') {
        return true;
    }
    if verb == "称" && "赞为号作得职心谓之道颂".contains(next) {
        return false;
    }
    if verb == "说" && matches!(next, '明' | '法' | '服' | '起' | '到' | '成' | '话' | '出')
    {
        return false;
    }
    if verb == "表示" && matches!(next, '将' | '要' | '会' | '愿') {
        return true;
    }
    // 总书记提出要…, 强调要…: the speech is an instruction
    if matches!(next, '要' | '必') && matches!(verb, "提出" | "强调" | "指出" | "表示") {
        return true;
    }
    // 表示完全赞成政府工作报告: speech without a comma, but not a bare
    // gesture (表示感谢。, 表示欢迎，).
    if verb == "表示" && is_han(next) {
        let rest = c.slice(cue_end, (cue_end + 8).min(c.len()));
        let gesture = GESTURES.iter().any(|g| rest.starts_with(g));
        let clause_len = (cue_end..c.len())
            .take_while(|&i| !is_clause_break(c.chars[i]))
            .count();
        return !gesture && clause_len >= 6;
    }
    loose
}

#[allow(clippy::too_many_arguments)]
fn cue_attribution(
    c: &Chars,
    cue_start: usize,
    cue_end: usize,
    verb: &'static str,
    loose: bool,
    tell: bool,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let mut speech_start = cue_end;
    if tell {
        // 告诉大家， / 告诉总书记，: an object of at most six characters, then a comma.
        let comma = (cue_end..(cue_end + 7).min(c.len()))
            .find(|&i| matches!(c.chars[i], '，' | '：' | ','))?;
        if comma == cue_end {
            return None;
        }
        speech_start = comma;
    } else if !follow_ok(c, cue_end, verb, loose) {
        return None;
    }
    let (subject, subject_start) = find_subject(c, cue_start, &context.known)
        .or_else(|| sentence_subject(c, cue_start, &context.known))?;
    let people = resolve(c, subject, subject_start, context, earlier)?;
    if matches!(c.get(speech_start), Some('，' | '：' | ',' | ':')) {
        speech_start += 1;
    }
    if let Some(inside) = quote_after(c, speech_start).filter(|&inside| closes_sentence(c, inside))
    {
        return Some(Attribution {
            people,
            subject_start,
            cue: verb,
            speech: inside,
            quoted: true,
        });
    }
    if matches!(c.get(speech_start), Some('。') | None) {
        // “……”全国人大代表、华工科技董事长马新强表示。
        let inside = quote_before(c, subject_start)?;
        return Some(Attribution {
            people,
            subject_start: inside.0 - 1,
            cue: verb,
            speech: inside,
            quoted: true,
        });
    }
    Some(Attribution {
        people,
        subject_start,
        cue: verb,
        speech: (speech_start, c.len()),
        quoted: false,
    })
}

/// Verbs that carry a proposal in quotes to where it is made.
const PROPOSAL_VERBS: &[&str] = &[
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
fn quoted_proposal_attribution(
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
    let (subject, subject_start) = find_subject(c, verb_start, &context.known)
        .or_else(|| sentence_subject(c, verb_start, &context.known))?;
    let people = resolve(c, subject, subject_start, context, earlier)?;
    Some(Attribution {
        people,
        subject_start,
        cue: "建议",
        speech: (first.0, last.1),
        quoted: true,
    })
}

/// `扎哈罗娃：美在乌生物实验室是冰山一角` as a sub-heading: the speaker's
/// statement in short, over the paragraph that reports it.
fn heading_quote(body: &str, range: Range<usize>, context: &Context) -> Option<(Person, Quote)> {
    let line = &body[range.clone()];
    let c = Chars::new(line);
    let colon = (0..c.len().min(9)).find(|&i| matches!(c.chars[i], '：' | ':'))?;
    if colon < 2 || c.get(colon + 1) == Some('“') {
        return None;
    }
    let named = name_ending_at(&c, 0, colon, false) == Some(0)
        || known_ending_at(&c, 0, colon, &context.known).is_some_and(|(start, _)| start == 0);
    if !named {
        return None;
    }
    let (from, to) = trim_speech(&c, (colon + 1, c.len()));
    if to < from + MIN_CONTENT_CHARS {
        return None;
    }
    let name = full_name(c.slice(0, colon), &context.known);
    let known = context.known.iter().find(|k| k.name == name);
    let person = Person {
        name: name.clone(),
        role: known.map_or(Role::Other, |k| k.role),
        titles: known.map(|k| k.titles.clone()).unwrap_or_default(),
        province: known.and_then(|k| k.province).or(context.section),
    };
    let start = range.start + c.offsets[from];
    let end = range.start + c.offsets[to];
    let quote = Quote {
        speaker: name,
        role: person.role,
        titles: person.titles.clone(),
        province: person.province.map(str::to_string),
        text: body[start..end].to_string(),
        cue: "：".to_string(),
        start,
        end,
        roster: None,
    };
    Some((person, quote))
}

/// Fewest characters of content that make a statement rather than a topic word.
const MIN_CONTENT_CHARS: usize = 6;

/// `张晓宏向总书记汇报了他们学校在…方面的尝试和做法。`
fn content_attribution(
    c: &Chars,
    cue_start: usize,
    cue_end: usize,
    verb: &'static str,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    if c.get(cue_end)
        .is_none_or(|ch| is_clause_break(ch) && ch != '“')
    {
        return None;
    }
    let end = sentence_end(c, cue_end, c.len());
    if end < cue_end + MIN_CONTENT_CHARS {
        return None;
    }
    let (subject, subject_start) = find_subject(c, cue_start, &context.known)
        .or_else(|| sentence_subject(c, cue_start, &context.known))?;
    let people = resolve(c, subject, subject_start, context, earlier)?;
    Some(Attribution {
        people,
        subject_start,
        cue: verb,
        speech: (cue_end, end),
        quoted: true,
    })
}

/// `史志军围绕推进新型工业化向总书记作了汇报`, `围绕着加强草原生态建设，郭艳玲向习近平总书记作了汇报`.
fn report_attribution(
    c: &Chars,
    cue_start: usize,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let sentence = (0..cue_start)
        .rev()
        .find(|&i| matches!(c.chars[i], '。' | '！' | '？' | '!' | '?'))
        .map_or(0, |i| i + 1);
    let around = (sentence..cue_start.saturating_sub(1))
        .rev()
        .find(|&i| c.starts_with_at(i, "围绕"))?;
    let mut topic_start = around + 2;
    if c.get(topic_start) == Some('着') {
        topic_start += 1;
    }
    // the topic runs to the clause's end, or to 向 before the cue
    let topic_end = (topic_start..cue_start)
        .find(|&i| is_clause_break(c.chars[i]) || c.chars[i] == '向')
        .unwrap_or(cue_start);
    if topic_end < topic_start + 4 {
        return None;
    }
    let clause = clause_start(c, around);
    let (subject, subject_start) = if clause < around && !c.slice(clause, around).is_empty() {
        // 史志军围绕…: the name right before 围绕
        let people = named_subject(c, clause, around, &context.known)?;
        (Subject::People(people), clause)
    } else {
        find_subject(c, cue_start, &context.known)
            .or_else(|| sentence_subject(c, cue_start, &context.known))?
    };
    let people = resolve(c, subject, subject_start, context, earlier)?;
    Some(Attribution {
        people,
        subject_start: subject_start.min(around),
        cue: "汇报",
        speech: (topic_start, topic_end),
        quoted: true,
    })
}

/// `马新强：“……”`
fn colon_attribution(c: &Chars, colon: usize, context: &mut Context) -> Option<Attribution> {
    let lo = clause_start(c, colon);
    let start = name_ending_at(c, lo, colon, false)?;
    let chain = title_chain(c, lo, start);
    let person = Person {
        name: c.slice(start, colon).to_string(),
        role: chain.role.unwrap_or(Role::Other),
        titles: chain.titles,
        province: chain.province.or(context.section),
    };
    let inside = quote_after(c, colon + 1)?;
    Some(Attribution {
        people: vec![person],
        subject_start: lo,
        cue: "“”",
        speech: inside,
        quoted: true,
    })
}

/// `“……”是全国政协委员、贵州省大数据发展管理局局长景亚萍此次的提案之一`
fn proposal_attribution(c: &Chars, at: usize, context: &mut Context) -> Option<Attribution> {
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

/// Reads the subject of the cue at `cue_start` backwards; returns it and the
/// index where its clause starts.
fn find_subject(c: &Chars, cue_start: usize, known: &[Person]) -> Option<(Subject, usize)> {
    let lo = clause_start(c, cue_start);
    for end in (lo..=cue_start).rev() {
        if cue_start - end > 60 {
            break;
        }
        let gap = c.slice(end, cue_start);
        let plain = gap_ok(gap) || group_gap(gap);
        if !plain && !temporal_gap(gap) {
            continue;
        }
        if end == lo + 1 && matches!(c.chars[lo], '他' | '她' | '其') {
            return Some((Subject::Pronoun, lo));
        }
        if end == lo + 3 && c.slice(lo, end) == "总书记" {
            return Some((Subject::Leader, lo));
        }
        // 习主席, 李总理: a surname and a leader's post
        if end == lo + 3
            && ["主席", "总理"].contains(&c.slice(lo + 1, end))
            && has_surname(c.slice(lo, lo + 2))
        {
            return Some((Subject::Surname(c.chars[lo]), lo));
        }
        if let Some(group) = group_word(c.slice(lo, end)) {
            return Some((group, lo));
        }
        if let Some(mut people) = named_subject(c, lo, end, known) {
            // 陈虹、郭锐和王建清等几位…代表: the group gives the role
            if !gap_ok(gap) && group_gap(gap) {
                let role = if gap.contains("委员") {
                    Some(Role::CppccMember)
                } else if gap.contains("代表") {
                    Some(Role::NpcDeputy)
                } else {
                    None
                };
                for person in people.iter_mut().filter(|p| p.role == Role::Other) {
                    person.role = role.unwrap_or(Role::Other);
                }
            }
            // behind a clause of what they did (…听了大家发言后强调) only a
            // name that is surely one: no 习近平出 of 习近平出席…时
            if plain || people.iter().all(|p| surely_named(&p.name, known)) {
                return Some((Subject::People(people), lo));
            }
        }
    }
    None
}

/// A name the article knows, or one of three or more characters jieba takes
/// for a name as a whole (jieba's two-character "names" include 白宫, 养老, 祝贺).
fn surely_named(name: &str, known: &[Person]) -> bool {
    known.iter().any(|k| k.name == name) || (name.chars().count() >= 3 && jieba_says_name(name))
}

/// Whether the words before a name make it the one spoken to: 对村支书顾叔军说,
/// 向李总理提问说 (a preposition and at most a short title before the name).
fn addressed(before_name: &str) -> bool {
    let chars: Vec<char> = before_name.chars().collect();
    let Some(at) = (chars.len().saturating_sub(9)..chars.len())
        .rev()
        .find(|&i| matches!(chars[i], '对' | '向' | '跟' | '给'))
    else {
        return false;
    };
    let title: String = chars[at + 1..].iter().collect();
    title.is_empty() || ends_with_post(&title)
}

/// 张德江作了发言，表示完全赞同…: a cue that opens a clause of its own
/// speaks for the person its sentence is about, named at the start of an
/// earlier clause of the sentence.
fn sentence_subject(c: &Chars, cue_start: usize, known: &[Person]) -> Option<(Subject, usize)> {
    let lo = clause_start(c, cue_start);
    if lo == 0 || !matches!(c.get(lo - 1), Some('，' | ',')) || !gap_ok(c.slice(lo, cue_start)) {
        return None;
    }
    let sentence = (0..lo)
        .rev()
        .find(|&i| matches!(c.chars[i], '。' | '！' | '？' | '!' | '?' | '；'))
        .map_or(0, |i| i + 1);
    let mut clause = sentence;
    while clause < lo {
        let clause_end = (clause..lo)
            .find(|&i| is_clause_break(c.chars[i]))
            .unwrap_or(lo);
        if let Some(subject) = clause_opening_subject(c, clause, clause_end, known) {
            return Some((subject, clause));
        }
        clause = clause_end + 1;
    }
    None
}

/// The person a clause opens with: 他/她, 总书记, or a name (with its title chain).
fn clause_opening_subject(c: &Chars, from: usize, to: usize, known: &[Person]) -> Option<Subject> {
    if to <= from + 1 {
        return None;
    }
    if matches!(c.chars[from], '他' | '她')
        && !c
            .get(from + 1)
            .is_some_and(|ch| "们人国乡方者".contains(ch))
    {
        return Some(Subject::Pronoun);
    }
    if c.starts_with_at(from, "总书记") {
        return Some(Subject::Leader);
    }
    let last = to.min(from + 30);
    let first_end = (from + 2..=last).find(|&end| named_subject(c, from, end, known).is_some())?;
    // the longest name from there that is a word of its own: 张德 is no name
    // where 张德江 is, 张军参 none in 张军参加
    // and the most people: 巴赫、联合国秘书长古特雷斯分别致辞
    let words = word_ends(c.slice(from, to));
    let mut best: Option<Vec<Person>> = None;
    for end in first_end..=last {
        if !words.contains(&(end - from)) {
            continue;
        }
        let Some(people) = named_subject(c, from, end, known) else {
            continue;
        };
        let named = people.iter().all(|person| {
            let start = end.saturating_sub(person.name.chars().count());
            ends_with_post(c.slice(from, start)) || surely_named(&person.name, known)
        });
        let better = best.as_ref().is_none_or(|b| {
            people.len() > b.len() || (people.len() == b.len() && end <= first_end + 4)
        });
        if named && better {
            best = Some(people);
        }
    }
    best.map(Subject::People)
}

/// The character offsets where jieba's words of `text` end.
fn word_ends(text: &str) -> Vec<usize> {
    let mut at = 0;
    crate::segment::jieba()
        .cut(text, true)
        .iter()
        .map(|word| {
            at += word.word.chars().count();
            at
        })
        .collect()
}

/// `他听了大家发言后强调`: a subject, what it did, then 后/时 and the cue.
fn temporal_gap(gap: &str) -> bool {
    gap.chars().count() <= 20
        && !gap
            .chars()
            .any(|ch| is_clause_break(ch) || ch == '“' || ch == '”')
        && gap
            .char_indices()
            .filter(|&(_, ch)| ch == '后' || ch == '时')
            .any(|(i, ch)| tail_ok(strip_adverbs(&gap[i + ch.len_utf8()..])))
}

/// `陈虹、郭锐和王建清等几位来自产业一线的代表则表示`: after a list of names,
/// 等 and the group they form, then the usual adverbs.
fn group_gap(gap: &str) -> bool {
    let Some(rest) = gap.strip_prefix('等') else {
        return false;
    };
    if rest.chars().count() > 20 || rest.chars().any(|ch| is_clause_break(ch) || ch == '“') {
        return false;
    }
    [
        "代表",
        "委员",
        "人",
        "专家",
        "学者",
        "企业家",
        "负责人",
        "同志",
    ]
    .iter()
    .filter_map(|group| rest.rfind(group).map(|at| &rest[at + group.len()..]))
    .any(gap_ok)
}

/// A name the article has named before ending at `end`, with a name boundary
/// before it.
fn known_ending_at(c: &Chars, lo: usize, end: usize, known: &[Person]) -> Option<(usize, Person)> {
    known
        .iter()
        .filter_map(|person| {
            // 楚比兴 for 托马斯·楚比兴 named before
            let tail = person.name.rsplit('·').next().unwrap_or(&person.name);
            [person.name.as_str(), tail]
                .into_iter()
                .find(|name| name.chars().count() >= 2 && c.ends_with_at(end, name))
                .map(|name| (end - name.chars().count(), person))
        })
        .filter(|&(start, _)| start >= lo && boundary_before(c, lo, start))
        .min_by_key(|&(start, _)| start)
        .map(|(start, person)| (start, person.clone()))
}

/// `name` as the article first wrote it: 托马斯·楚比兴 for a later 楚比兴.
fn full_name(name: &str, known: &[Person]) -> String {
    known
        .iter()
        .find(|k| k.name.contains('·') && k.name.rsplit('·').next() == Some(name))
        .map_or_else(|| name.to_string(), |k| k.name.clone())
}

/// The start of a name ending at `end`: one the rules recognise, or one the
/// article has named before.
fn name_start(c: &Chars, lo: usize, end: usize, strong: bool, known: &[Person]) -> Option<usize> {
    name_ending_at(c, lo, end, strong)
        .or_else(|| known_ending_at(c, lo, end, known).map(|(s, _)| s))
}

/// One or more named people ending at `end` (with an optional 代表/委员/总书记 suffix).
fn named_subject(c: &Chars, lo: usize, end: usize, known: &[Person]) -> Option<Vec<Person>> {
    let mut name_end = end;
    let mut suffix_role = None;
    if let Some((suffix, role)) = ROLE_SUFFIXES
        .iter()
        .find(|(s, _)| c.ends_with_at(end, s) && person_suffix_end(s, c.get(end)))
    {
        name_end = end - suffix.chars().count();
        suffix_role = Some(*role);
    } else if let Some(title) = TITLE_SUFFIXES.iter().find(|t| c.ends_with_at(end, t)) {
        let before_title = end - title.chars().count();
        if name_start(c, lo, before_title, false, known).is_some() {
            name_end = before_title;
        }
    }
    let last = name_start(c, lo, name_end, suffix_role.is_some(), known)?;
    let mut starts = vec![(last, name_end)];
    // 张工、袁桐利和杨茂荣
    let mut first = last;
    while first > lo {
        // 国际奥委会主席巴赫、联合国秘书长古特雷斯: each may have a post of its own
        let Some(separator) = (first.saturating_sub(16).max(lo)..first)
            .rev()
            .find(|&i| matches!(c.chars[i], '、' | '和' | '与' | '及'))
        else {
            break;
        };
        let between = c.slice(separator + 1, first);
        if !between.is_empty() && (!ends_with_post(between) || between.contains(is_clause_break)) {
            break;
        }
        let Some(start) = name_start(c, lo, separator, false, known) else {
            break;
        };
        starts.push((start, separator));
        first = start;
    }
    // 雷军，董明珠，吴光辉认为: a clause that is only a name continues the list.
    let mut clause_lo = lo;
    while first == clause_lo && clause_lo >= 2 && matches!(c.chars[clause_lo - 1], '，' | ',') {
        let before = clause_start(c, clause_lo - 1);
        let Some(start) = name_ending_at(c, before, clause_lo - 1, false) else {
            break;
        };
        if start != before && title_chain(c, before, start).role.is_none() {
            break;
        }
        starts.push((start, clause_lo - 1));
        first = start;
        clause_lo = before;
    }
    if addressed(c.slice(clause_lo, first)) {
        return None;
    }
    let chain = title_chain(c, clause_lo, first);
    let role = chain.role.or(suffix_role).unwrap_or(Role::Other);
    // A bare post after the name (习近平总书记, 李强总理) names no organisation:
    // it is no title of its own (see `speaker::clean_title`).
    let titles = chain.titles;
    let delegation = delegation_province(c.slice(end, c.len()));
    starts.reverse();
    let mut people: Vec<Person> = Vec::new();
    for (start, stop) in starts {
        let name = full_name(c.slice(start, stop), known);
        if people.iter().any(|p| p.name == name) {
            continue;
        }
        people.push(Person {
            name,
            role,
            titles: titles.clone(),
            province: chain.province.or(delegation),
        });
    }
    Some(people)
}

/// `在参加浙江代表团审议时` → 浙江 (only when the delegation is named right after the subject).
fn delegation_province(after_subject: &str) -> Option<&'static str> {
    let clause_end = after_subject
        .find(|ch: char| is_clause_break(ch))
        .unwrap_or(after_subject.len());
    let clause = &after_subject[..clause_end];
    let at = clause.find("代表团")?;
    let before = &clause[..at];
    let start = before.rfind("参加").map(|i| i + "参加".len())?;
    crate::extract::province::normalize_province(&before[start..])
}

fn resolve(
    c: &Chars,
    subject: Subject,
    subject_start: usize,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Vec<Person>> {
    match subject {
        Subject::People(people) => Some(people),
        Subject::Leader => {
            let name = context.leader()?;
            Some(vec![Person {
                name,
                role: Role::Other,
                titles: Vec::new(),
                province: None,
            }])
        }
        Subject::Surname(surname) => {
            let name = name_with_surname(context.body, surname)?;
            Some(vec![Person {
                name,
                role: Role::Other,
                titles: Vec::new(),
                province: None,
            }])
        }
        Subject::Group { count, role } => {
            // the people named in the paragraph before the group, then those
            // quoted before it, the most recent last
            let mut people: Vec<Person> = context.recent.clone();
            for attribution in earlier.iter().filter(|a| a.subject_start < subject_start) {
                for person in &attribution.people {
                    people.retain(|p| p.name != person.name);
                    people.push(person.clone());
                }
            }
            for (_, person) in mentions(c, 0, subject_start) {
                people.retain(|p| p.name != person.name);
                people.push(person);
            }
            let members = match count {
                Some(n) if people.len() >= n => people.split_off(people.len() - n),
                // 他们: the people of the last statement made by several, or
                // of the clause before that opens with several names
                None => earlier
                    .iter()
                    .rev()
                    .find(|a| a.subject_start < subject_start)
                    .filter(|a| a.people.len() >= 2)
                    .map(|a| a.people.clone())
                    .or_else(|| group_before(c, subject_start, context))?,
                _ => return None,
            };
            Some(
                members
                    .into_iter()
                    .map(|mut person| {
                        if person.role == Role::Other {
                            person.role = role.unwrap_or(Role::Other);
                        }
                        person
                    })
                    .collect(),
            )
        }
        Subject::Pronoun => {
            let mentioned = mentions(c, 0, subject_start).pop();
            let spoke = earlier
                .iter()
                .rev()
                .find(|a| a.subject_start < subject_start && a.people.len() == 1)
                .and_then(|a| a.people.first().map(|p| (a.subject_start, p.clone())));
            // the person an earlier clause of the paragraph opens with
            // (习近平欢迎福斯特校长访华…。他强调)
            let opened = opening_subject_before(c, subject_start, context);
            let candidates = [mentioned, spoke, opened];
            let latest = candidates.into_iter().flatten().max_by_key(|(at, _)| *at);
            let person = match latest {
                Some((_, person)) => Some(person),
                // across sentences and paragraphs: the last person quoted,
                // when nobody else has been introduced since
                None if subject_start == 0
                    || !introduces_someone(c.slice(0, subject_start), &context.known) =>
                {
                    context.previous_speaker.clone()
                }
                None => None,
            }?;
            Some(vec![person])
        }
    }
}

/// The person the nearest clause before `at` in the paragraph opens with,
/// and where that clause starts; a 他/她 there is followed further back.
fn opening_subject_before(c: &Chars, at: usize, context: &mut Context) -> Option<(usize, Person)> {
    let mut end = at;
    // a paragraph's clauses, latest first, at most a dozen
    for _ in 0..12 {
        if end == 0 {
            return None;
        }
        let from = clause_start(c, end - 1);
        match clause_opening_subject(c, from, end - 1, &context.known) {
            Some(Subject::People(people)) if people.len() == 1 => {
                return people.into_iter().next().map(|p| (from, p));
            }
            Some(Subject::Leader) => {
                let name = context.leader()?;
                return Some((
                    from,
                    Person {
                        name,
                        role: Role::Other,
                        titles: Vec::new(),
                        province: None,
                    },
                ));
            }
            Some(_) => return None,
            None => end = from,
        }
    }
    None
}

/// The people the nearest clause before `at` opens with, when they are
/// several (巴赫、古特雷斯分别致辞。他们表示…).
fn group_before(c: &Chars, at: usize, context: &Context) -> Option<Vec<Person>> {
    let mut end = at;
    for _ in 0..6 {
        if end == 0 {
            return None;
        }
        let from = clause_start(c, end - 1);
        // 他们代表国际贵宾…。他们表示: the same group again
        if c.starts_with_at(from, "他们") || c.starts_with_at(from, "她们") {
            end = from;
            continue;
        }
        match clause_opening_subject(c, from, end - 1, &context.known) {
            Some(Subject::People(people)) if people.len() >= 2 => return Some(people),
            Some(_) => return None,
            None => end = from,
        }
    }
    None
}

/// Whether `text` may introduce a person the rules did not recognise: a
/// post or title word, or a name the article knows.
fn introduces_someone(text: &str, known: &[Person]) -> bool {
    known.iter().any(|person| text.contains(&person.name))
        || POSTS.iter().any(|post| text.contains(post))
        || text.contains("代表")
        || text.contains("委员")
}

/// Posts after which a name is written (俄罗斯总统普京, 世卫组织总干事谭德塞).
const POSTS: &[&str] = &[
    "总统",
    "总理",
    "首相",
    "外长",
    "部长",
    "防长",
    "主席",
    "国王",
    "总干事",
    "秘书长",
    "发言人",
    "议长",
    "大使",
    "特使",
    "国务卿",
    "领导人",
    "专家",
    "教授",
    "总裁",
    "董事长",
    "主任",
    "团长",
    "院长",
    "局长",
    "署长",
    "行长",
    "会长",
    "市长",
    "州长",
    "执行官",
    "学者",
    "研究员",
    "分析师",
    "议员",
    "负责人",
    "书记",
    "记者",
    "校长",
];

fn posts() -> &'static AhoCorasick {
    static POSTS_AC: OnceLock<AhoCorasick> = OnceLock::new();
    POSTS_AC.get_or_init(|| {
        AhoCorasick::new(POSTS).unwrap_or_else(|_| unreachable!("the posts are fixed and valid"))
    })
}

/// Transliterated names written right after a post anywhere in `body`
/// (伊朗外长扎里夫): later the article names them bare (扎里夫表示).
fn introduced_names(body: &str) -> Vec<Person> {
    let mut names: Vec<Person> = Vec::new();
    for hit in posts().find_iter(body) {
        let run: String = body[hit.end()..]
            .chars()
            .take_while(|&ch| is_transliteration(ch) || ch == '·')
            .take(16)
            .collect();
        let run = run.trim_end_matches('·').to_string();
        let len = run.chars().count();
        if !(2..=15).contains(&len) || run.starts_with('·') || names.iter().any(|p| p.name == run)
        {
            continue;
        }
        names.push(Person {
            name: run,
            role: Role::Other,
            titles: Vec::new(),
            province: None,
        });
    }
    names
}

/// A piece of the body as quote extraction reads it.
enum Paragraph {
    /// A `【…】` section header: the province it names, if any.
    Section(Option<&'static str>),
    /// A paragraph, with the pieces split cut from it joined again.
    Text(Range<usize>),
    /// A short heading line over the paragraph below it.
    Heading(Range<usize>),
}

/// The lines of the passages [`split`] makes, and its section headers; the
/// credits block is left out.
fn paragraphs(body: &str) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    for span in split(body) {
        match span.kind {
            SpanKind::Section(name) => out.push(Paragraph::Section(section_province(&name))),
            SpanKind::Credits => {}
            // a structural heading (一、…, 第五章 …) is a heading over what follows
            SpanKind::Heading => {
                let line = &body[span.range.clone()];
                let start = span.range.start + (line.len() - line.trim_start().len());
                let end = span.range.start + line.trim_end().len();
                if start < end {
                    out.push(Paragraph::Heading(start..end));
                }
            }
            SpanKind::Passage => {
                let mut start = span.range.start;
                for line in body[span.range.clone()].split_inclusive('\n') {
                    let end = start + line.trim_end().len();
                    let range = start + (line.len() - line.trim_start().len())..end;
                    start += line.len();
                    if range.is_empty() {
                        continue;
                    }
                    // a long paragraph split cut into passages is one paragraph here
                    if let Some(Paragraph::Text(previous)) = out.last_mut() {
                        if !body[previous.end..range.start].contains('\n') {
                            previous.end = range.end;
                            continue;
                        }
                    }
                    // split glues a heading to the paragraph below it
                    if range.end < span.range.end && range.start == span.range.start {
                        out.push(Paragraph::Heading(range));
                    } else {
                        out.push(Paragraph::Text(range));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speakers(body: &str) -> Vec<(String, String)> {
        extract_quotes(body)
            .into_iter()
            .map(|q| (q.speaker, q.text))
            .collect()
    }

    #[test]
    fn indirect_speech_with_title_chain() {
        let body = "【四川】\n全国人大代表、全国工商联副主席、通威集团董事局主席刘汉元表示，要带头推进全产业链绿色生产。";
        let quotes = extract_quotes(body);
        assert_eq!(quotes.len(), 1);
        let q = &quotes[0];
        assert_eq!(q.speaker, "刘汉元");
        assert_eq!(q.role, Role::NpcDeputy);
        assert_eq!(q.titles, vec!["全国工商联副主席", "通威集团董事局主席"]);
        assert_eq!(q.province.as_deref(), Some("四川"));
        assert_eq!(q.cue, "表示");
        assert_eq!(q.text, "要带头推进全产业链绿色生产。");
        assert_eq!(&body[q.start..q.end], q.text);
    }

    #[test]
    fn quote_before_attribution() {
        let body = "“华工科技将自身发展融入国家战略。”全国人大代表、华工科技董事长马新强表示。";
        let quotes = extract_quotes(body);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].speaker, "马新强");
        assert_eq!(quotes[0].text, "华工科技将自身发展融入国家战略。");
    }

    #[test]
    fn official_with_adverbial_gap_and_delegation() {
        let body =
            "中共中央政治局委员、上海市委书记李强在参加上海代表团审议时说，完全赞成政府工作报告。";
        let quotes = extract_quotes(body);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].speaker, "李强");
        assert_eq!(quotes[0].role, Role::Other);
        assert_eq!(quotes[0].province.as_deref(), Some("上海"));
    }

    #[test]
    fn pronoun_continues_the_last_person() {
        let body = "全国政协委员敖虎山致力于自动体外除颤器的推广。他说，三年多来，深圳已经配置了5000多台除颤器。";
        assert_eq!(
            speakers(body),
            vec![(
                "敖虎山".to_string(),
                "三年多来，深圳已经配置了5000多台除颤器。".to_string()
            )]
        );
    }

    #[test]
    fn suffix_role_forms() {
        let quotes = extract_quotes("刘世锦委员表示，发展民营经济既要靠政策又要靠法治。查艳代表说，目前，贵州已经率先建立了山地紧急医学救援体系。");
        let got: Vec<(&str, Role)> = quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.role))
            .collect();
        assert_eq!(
            got,
            vec![("刘世锦", Role::CppccMember), ("查艳", Role::NpcDeputy)]
        );
    }

    #[test]
    fn groups_topics_and_credits_are_not_quotes() {
        let body = "代表们纷纷表示，对于未来，大家充满信心。\n全国政协委员周鸿祎、朱征夫、范迪安也分别就加强网络安全等话题回答了记者的提问。\n编辑：肖苔\n审核：魏曦";
        assert!(extract_quotes(body).is_empty());
    }

    #[test]
    fn a_group_is_its_members() {
        // xwlb-20220205-02
        let body = "国际奥委会主席巴赫、联合国秘书长古特雷斯分别致辞。他们代表国际贵宾衷心感谢习近平主席的盛情款待，祝贺北京冬奥会开幕式圆满成功。他们表示，我们永远不会忘记昨晚杰出非凡、精彩神奇的北京冬奥会开幕式。";
        let got: Vec<(String, String)> = speakers(body);
        let said = "我们永远不会忘记昨晚杰出非凡、精彩神奇的北京冬奥会开幕式。";
        assert_eq!(
            got,
            vec![
                ("巴赫".to_string(), said.to_string()),
                ("古特雷斯".to_string(), said.to_string())
            ]
        );
    }

    #[test]
    fn proposal_in_quotes() {
        let body = "“抢抓人工智能风口机遇，加快发展新质生产力”是全国政协委员、贵州省大数据发展管理局局长景亚萍此次的提案之一，她认为传统产业要深度转型升级。";
        let quotes = extract_quotes(body);
        let got: Vec<(&str, &str)> = quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.cue.as_str()))
            .collect();
        assert_eq!(got, vec![("景亚萍", "提案"), ("景亚萍", "认为")]);
        assert_eq!(quotes[0].role, Role::CppccMember);
    }

    #[test]
    fn name_list_shares_the_quote() {
        let body = "来自京津冀地区的三位全国人大代表张工、袁桐利和杨茂荣介绍，目前京津冀已经初步形成一小时交通圈。";
        let names: Vec<String> = extract_quotes(body)
            .into_iter()
            .map(|q| q.speaker)
            .collect();
        assert_eq!(names, vec!["张工", "袁桐利", "杨茂荣"]);
    }

    #[test]
    fn indirect_speech_stops_before_narration() {
        // xwlb-20240227-08: the reporter's next sentence speaks of 她.
        let body = "2023年全国两会上，李利建议加强少数民族地区群众就业培训，提高民族手工艺者就业技能。两个月后，人力资源社会保障部给她作了答复，综合几位代表的建议，把对少数民族地区群众劳动力技能培训摆在首要位置。";
        assert_eq!(
            speakers(body),
            vec![(
                "李利".to_string(),
                "加强少数民族地区群众就业培训，提高民族手工艺者就业技能。".to_string()
            )]
        );
        // xwlb-20240322-02: the effect of the speech is narration.
        let body = "习近平总书记强调，湖南要在推动中部地区崛起和长江经济带发展中奋勇争先。总书记的重要讲话在湖南广大干部群众中引发热烈反响。";
        assert_eq!(
            speakers(body)[0].1,
            "湖南要在推动中部地区崛起和长江经济带发展中奋勇争先。"
        );
        // xwlb-20241109-07: the host's reply is a new speaker's.
        let body = "李希表示，中方愿同南方深化立法机构交往，推动全球治理朝着更加公正合理的方向发展。迪迪扎表示，愿用好两国立法机构定期交流机制。";
        assert_eq!(
            speakers(body)[0].1,
            "中方愿同南方深化立法机构交往，推动全球治理朝着更加公正合理的方向发展。"
        );
        // xwlb-20180305-08: speech that looks back (过去五年，) continues.
        let body = "中共中央政治局委员孙春兰在参加吉林代表团审议时说，完全赞成政府工作报告。过去五年，经济社会发展取得历史性成就。";
        assert!(speakers(body)[0].1.ends_with("取得历史性成就。"));
    }

    #[test]
    fn verb_after_a_dotted_name_is_not_part_of_it() {
        // xwlb-20190812-14
        let body = "美国哈佛大学肯尼迪政府管理学院经济学教授杰弗里·弗兰克尔撰文指出，美国财政部突然决定将中国列为“汇率操纵国”，是美方肆意践踏既定规范的又一个例证。";
        let quotes = extract_quotes(body);
        assert_eq!(quotes.len(), 1);
        assert_eq!(quotes[0].speaker, "杰弗里·弗兰克尔");
        assert_eq!(quotes[0].role, Role::Other);
    }

    #[test]
    fn gaps() {
        assert!(gap_ok(""));
        assert!(gap_ok("在参加浙江代表团审议时"));
        assert!(gap_ok("5日参加云南代表团审议时"));
        assert!(gap_ok("也深有体会地"));
        assert!(gap_ok("向大家"));
        assert!(!gap_ok("分享了来自教育一线的观察"));
    }
}
