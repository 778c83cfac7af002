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

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::province::section_province;
use crate::extract::speaker::{
    clause_start, has_surname, is_clause_break, jieba_says_name, mentions, name_ending_at,
    title_chain, Chars, Person, ROLE_SUFFIXES, TITLE_SUFFIXES,
};
use crate::model::{Quote, Role};

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

/// Labels that open the credits block at the end of a feature.
const CREDIT_LABELS: &[&str] = &[
    "策划",
    "执行策划",
    "统筹",
    "采写",
    "编辑",
    "审核",
    "海报制作",
    "记者",
    "摄影",
    "责任编辑",
    "校对",
    "监制",
    "出品",
    "设计",
    "视频",
    "制作",
    "主编",
    "文字",
    "通讯员",
];

/// Characters of the longest label a credit line may start with (a label of
/// [`CREDIT_LABELS`], or one of at most this many characters ending in one).
const CREDIT_LABEL_CHARS: usize = 6;

fn is_credit_line(line: &str) -> bool {
    // the colon ends a label of a few characters: a paragraph is given up
    // after them rather than searched to its end for a colon
    let line = line.trim_start();
    let mut chars = 0;
    let mut label_chars = 0;
    let mut colon = None;
    for (at, c) in line.char_indices() {
        if c == '：' || c == ':' {
            colon = Some(at);
            break;
        }
        chars += 1;
        if !c.is_whitespace() {
            label_chars = chars;
            if label_chars > CREDIT_LABEL_CHARS {
                return false;
            }
        }
    }
    let Some(colon) = colon else {
        return false;
    };
    let label = line[..colon].trim();
    CREDIT_LABELS
        .iter()
        .any(|l| label == *l || (label.ends_with(l) && label_chars <= CREDIT_LABEL_CHARS))
}

/// `【湖北】` on its own line → `湖北`.
fn section_header(line: &str) -> Option<&str> {
    line.strip_prefix('【')?.strip_suffix('】')
}

/// Every quote attributed to a named speaker in `body`, in text order.
pub fn extract_quotes(body: &str) -> Vec<Quote> {
    let mut quotes = Vec::new();
    let mut section: Option<&'static str> = None;
    let mut in_credits = false;
    let mut previous_speaker: Option<Person> = None;
    let mut leader: Option<Option<String>> = None;
    let mut offset = 0;
    for line in body.split('\n') {
        let base = offset;
        offset += line.len() + 1;
        let trimmed = line.trim();
        if let Some(header) = section_header(trimmed) {
            section = section_province(header);
            in_credits = false;
            previous_speaker = None;
            continue;
        }
        if is_credit_line(trimmed) {
            in_credits = true;
        }
        if in_credits || trimmed.is_empty() || automaton().find(line).is_none() {
            continue;
        }
        let mut context = Context {
            body,
            section,
            previous_speaker: previous_speaker.take(),
            leader: &mut leader,
        };
        let found = paragraph_quotes(line, base, &mut context);
        previous_speaker = found.last().map(|(person, _)| person.clone());
        quotes.extend(found.into_iter().map(|(_, quote)| quote));
    }
    // a speaker is often quoted several times: the body is searched once per name
    let mut stated: Vec<(String, Option<Role>)> = Vec::new();
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
    previous_speaker: Option<Person>,
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

/// Who a cue belongs to.
enum Subject {
    People(Vec<Person>),
    /// 他/她/其: the last person introduced.
    Pronoun,
    /// A bare 总书记.
    Leader,
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
    let digits =
        rest.trim_start_matches(|ch: char| ch.is_ascii_digit() || ('０'..='９').contains(&ch));
    if digits.len() != rest.len() {
        rest = digits.strip_prefix('日').unwrap_or(rest);
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
    if verb == "说" && matches!(next, '明' | '法' | '服' | '起' | '到' | '成' | '话' | '出')
    {
        return false;
    }
    if verb == "表示" && matches!(next, '将' | '要' | '会' | '愿') {
        return true;
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
    let (subject, subject_start) = find_subject(c, cue_start)?;
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
fn find_subject(c: &Chars, cue_start: usize) -> Option<(Subject, usize)> {
    let lo = clause_start(c, cue_start);
    for end in (lo..=cue_start).rev() {
        if cue_start - end > 60 {
            break;
        }
        if !gap_ok(c.slice(end, cue_start)) {
            continue;
        }
        if end == lo + 1 && matches!(c.chars[lo], '他' | '她' | '其') {
            return Some((Subject::Pronoun, lo));
        }
        if end == lo + 3 && c.slice(lo, end) == "总书记" {
            return Some((Subject::Leader, lo));
        }
        if let Some(people) = named_subject(c, lo, end) {
            return Some((Subject::People(people), lo));
        }
    }
    None
}

/// One or more named people ending at `end` (with an optional 代表/委员/总书记 suffix).
fn named_subject(c: &Chars, lo: usize, end: usize) -> Option<Vec<Person>> {
    let mut name_end = end;
    let mut suffix_role = None;
    if let Some((suffix, role)) = ROLE_SUFFIXES.iter().find(|(s, _)| c.ends_with_at(end, s)) {
        name_end = end - suffix.chars().count();
        suffix_role = Some(*role);
    } else if let Some(title) = TITLE_SUFFIXES.iter().find(|t| c.ends_with_at(end, t)) {
        let before_title = end - title.chars().count();
        if name_ending_at(c, lo, before_title, false).is_some() {
            name_end = before_title;
        }
    }
    let last = name_ending_at(c, lo, name_end, suffix_role.is_some())?;
    let mut starts = vec![(last, name_end)];
    // 张工、袁桐利和杨茂荣
    let mut first = last;
    while first > lo && matches!(c.chars[first - 1], '、' | '和' | '与' | '及') {
        let Some(start) = name_ending_at(c, lo, first - 1, false) else {
            break;
        };
        starts.push((start, first - 1));
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
    let chain = title_chain(c, clause_lo, first);
    let role = chain.role.or(suffix_role).unwrap_or(Role::Other);
    // A bare post after the name (习近平总书记, 李强总理) names no organisation:
    // it is no title of its own (see `speaker::clean_title`).
    let titles = chain.titles;
    let delegation = delegation_province(c.slice(end, c.len()));
    starts.reverse();
    let mut people: Vec<Person> = Vec::new();
    for (start, stop) in starts {
        let name = c.slice(start, stop).to_string();
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
        Subject::Pronoun => {
            let mentioned = mentions(c, 0, subject_start).pop();
            let spoke = earlier
                .iter()
                .rev()
                .find(|a| a.subject_start < subject_start && a.people.len() == 1)
                .and_then(|a| a.people.first().map(|p| (a.subject_start, p.clone())));
            let person = match (mentioned, spoke) {
                (Some((m_at, m)), Some((s_at, s))) => Some(if m_at > s_at { m } else { s }),
                (Some((_, m)), None) => Some(m),
                (None, Some((_, s))) => Some(s),
                (None, None) if subject_start == 0 => context.previous_speaker.clone(),
                (None, None) => None,
            }?;
            Some(vec![person])
        }
    }
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
    fn a_credit_line_is_found_from_its_first_characters() {
        assert!(CREDIT_LABELS
            .iter()
            .all(|l| l.chars().count() <= CREDIT_LABEL_CHARS));
        // the whole line searched for its colon, as the label is defined
        let reference = |line: &str| {
            let Some((label, _)) = line.split_once(['：', ':']) else {
                return false;
            };
            let label = label.trim();
            CREDIT_LABELS.iter().any(|l| {
                label == *l || (label.ends_with(l) && label.chars().count() <= CREDIT_LABEL_CHARS)
            })
        };
        for line in [
            "策划：张三",
            "责任编辑:李四",
            " 记者 ：王五",
            "本台记者：赵六",
            "新华社北京3月5日电 记者：孙七",
            "执行策划 ： 周八",
            "记者",
            "全国人大代表马新强表示：要加快发展。",
            "文字编辑：吴九",
            "       记者：郑十",
            "",
            "：",
        ] {
            assert_eq!(is_credit_line(line), reference(line), "{line:?}");
        }
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
        let body = "代表们纷纷表示，对于未来，大家充满信心。\n张荣代表介绍了国际合作和人才培养方面的探索。\n全国政协委员周鸿祎、朱征夫、范迪安也分别就加强网络安全等话题回答了记者的提问。\n编辑：肖苔\n审核：魏曦";
        assert!(extract_quotes(body).is_empty());
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
