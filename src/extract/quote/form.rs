//! The forms of attribution, one function each: a cue verb with its speech,
//! a proposal in quotes, a sub-heading, reported content, a report on a topic,
//! an interview line (名字：“…”), “…”是…的提案 and a report summed up before a
//! colon.

use std::ops::Range;

use crate::extract::speaker::{
    clause_start, is_clause_break, name_ending_at, title_chain, titled_name_ending_at, Chars,
    Person, ROLE_SUFFIXES, TITLE_SUFFIXES,
};
use crate::model::{Quote, Role};

use super::gap::strip_adverbs;
use super::proposal::{counted_proposal_verb, unquoted_proposal_attribution};
use super::resolve::{document_subject, opening_subject_before, resolve};
use super::speech::{closes_sentence, quote_after, quote_before, sentence_end, trim_speech};
use super::subject::{
    clause_opening_subject, find_subject, full_name, known_ending_at, named_subject,
    sentence_subject, Subject,
};
use super::trigger::{summary_colon, Trigger, TRIGGERS};
use super::{Attribution, Context};

/// Cue verbs that are part of what was said when the words follow them
/// directly (希望他们加入和谈, 呼吁国家重视…): a wish or an appeal.
const WISHES: &[&str] = &["希望", "呼吁", "期待"];

/// What 表示 is followed by when it is a gesture, not speech.
pub(super) const GESTURES: &[&str] = &[
    "感谢", "祝贺", "欢迎", "慰问", "哀悼", "同情", "关切", "赞赏", "遗憾", "不满", "抗议", "反对",
    "支持", "谢意", "敬意", "问候", "赞同", "认可", "理解", "震惊", "担忧", "愤慨", "谴责",
];

/// `表示沉痛的哀悼和诚挚的慰问`, `表示最深切的哀悼`: a clause after 表示 that
/// only names a gesture, with its manner before it (…的哀悼), is no speech.
fn gesture_named(clause: &str) -> bool {
    let clause = clause.trim_end_matches(['。', '！']);
    GESTURES.iter().any(|g| {
        clause.strip_suffix(g).is_some_and(|before| {
            before.ends_with('的')
                && before.chars().count() <= 12
                && !before.contains(['愿', '将', '要'])
        })
    })
}

pub(super) fn is_han(ch: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&ch)
}

/// The cues that are not loose but may open speech with no punctuation after
/// them ([`follow_ok`]): 表示完全赞成…, 强调要…, 提出要….
pub(super) const COMMA_FREE: &[&str] = &["表示", "宣布", "指出", "强调", "提出", "介绍"];

/// Whether the text after a cue lets it introduce speech.
pub(super) fn follow_ok(c: &Chars, cue_end: usize, verb: &str, loose: bool) -> bool {
    let Some(next) = c.get(cue_end) else {
        return false;
    };
    if matches!(next, '了' | '过' | '着' | '的' | '得' | '是' | '者' | '人') {
        return false;
    }
    // 对他来说, 比如说, 可以说: 说 of a set phrase, no speech verb
    if verb == "说"
        && ["来", "如", "以", "该", "是", "句话"]
            .iter()
            .any(|w| c.ends_with_at(cue_end - 1, w))
    {
        return false;
    }
    if matches!(next, '，' | '：' | ',' | ':' | '“' | '。') {
        return true;
    }
    if verb == "称" && "赞为号作得职心谓之道颂".contains(next) {
        return false;
    }
    // 高校职称分类评聘改革, 简称, 堪称: 称 ends a word with the character
    // before it and says nothing
    if verb == "称"
        && cue_end >= 2
        && c.get(cue_end - 2)
            .is_some_and(|before| "职名简俗统堪号并总人昵又通尊美爱合对匀相".contains(before))
    {
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
    // 表示完全赞成政府工作报告, 宣布伊核谈判达成全面协议: speech without a
    // comma, but not a bare gesture (表示感谢。, 表示欢迎，).
    // (总书记从五个方面指出我国发展具有的战略性“有利条件”: so do 指出 and 强调)
    // (她介绍民建中央今年将…: so does 介绍, which else names a topic)
    if matches!(verb, "表示" | "宣布" | "指出" | "强调" | "介绍") && is_han(next) {
        let rest = c.slice(cue_end, (cue_end + 8).min(c.len()));
        // (表示诚挚问候和热烈祝贺: a gesture after a word of manner)
        let plain = [
            "诚挚", "热烈", "衷心", "深切", "崇高", "亲切", "由衷", "高度", "强烈",
        ]
        .iter()
        .find_map(|manner| rest.strip_prefix(manner))
        .unwrap_or(rest);
        let gesture = GESTURES.iter().any(|g| plain.starts_with(g));
        let clause_len = (cue_end..c.len())
            .take_while(|&i| !is_clause_break(c.chars[i]))
            .count();
        return !gesture
            && !gesture_named(c.slice(cue_end, cue_end + clause_len))
            && !frames_a_later_cue(c, cue_end - verb.chars().count(), cue_end, clause_len)
            && clause_len >= 6;
    }
    loose
}

/// `李强在政府工作报告中介绍今年政府工作任务时提出，…`, `在介绍当前经济形势时表示`:
/// a verb inside a frame 在…时 (or 在…后) names what the speaker was doing;
/// the statement is the cue's after 时, in the same clause.
fn frames_a_later_cue(c: &Chars, cue_start: usize, cue_end: usize, clause_len: usize) -> bool {
    if !c
        .slice(clause_start(c, cue_start), cue_start)
        .contains('在')
    {
        return false;
    }
    let after = c.slice(cue_end, cue_end + clause_len);
    after
        .char_indices()
        .filter(|&(_, ch)| ch == '时' || ch == '后')
        .any(|(i, ch)| {
            let rest = strip_adverbs(&after[i + ch.len_utf8()..]);
            TRIGGERS.iter().any(|(key, trigger)| {
                matches!(trigger, Trigger::Cue { .. }) && rest.starts_with(key)
            })
        })
}

#[allow(clippy::too_many_arguments)]
pub(super) fn cue_attribution(
    c: &Chars,
    cue_start: usize,
    cue_end: usize,
    verb: &'static str,
    loose: bool,
    tell: bool,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    if verb == "建议" && cue_start > 0 && matches!(c.get(cue_start - 1), Some('的' | '项' | '等'))
    {
        if let Some(proposal) = unquoted_proposal_attribution(c, cue_start, context, earlier) {
            return Some(proposal);
        }
    }
    // 对今后工作提出五点建议：…: the subject stands before 提出
    let subject_end = if verb == "建议" {
        counted_proposal_verb(c, cue_start).unwrap_or(cue_start)
    } else {
        cue_start
    };
    let mut speech_start = cue_end;
    if tell {
        // 告诉大家， / 告诉总书记，: an object of at most six characters, then
        // a comma; or 。 after “……”张伟告诉记者。
        let comma = (cue_end..(cue_end + 7).min(c.len()))
            .find(|&i| matches!(c.chars[i], '，' | '：' | ',' | '。'))?;
        if comma == cue_end {
            return None;
        }
        // 勉励大家， / 叮嘱他，: advice is speech only when given to people
        // (not 鼓励企业创新，)
        let object = c.slice(cue_end, comma);
        if verb != "告诉"
            && !(object.ends_with('们') || matches!(object, "大家" | "他" | "她" | "我"))
        {
            return None;
        }
        speech_start = comma;
    } else if !follow_ok(c, cue_end, verb, loose) {
        return None;
    }
    // 吴振山代表有关…的建议，国办就转到了…: a cue after 的 and before a
    // comma is a noun, the object of what follows, not a verb
    if cue_start > 0
        && c.get(cue_start - 1) == Some('的')
        && matches!(c.get(cue_end), Some('，' | ','))
    {
        return None;
    }
    let (subject, subject_start) = match find_subject(c, subject_end, &context.known) {
        Some(found) => found,
        None => {
            let (subject, start) = sentence_subject(c, subject_end, &context.known)
                .or_else(|| document_subject(c, subject_end, context))?;
            // 奥云额尔登表示，相信…: a cue inside the speech of a subject the
            // sentence opens with is that speech's, not a statement again
            // (in the same sentence: the speech may end at its 。)
            if earlier.iter().any(|a| {
                !a.quoted
                    && a.subject_start >= start
                    && a.speech.0 <= cue_start
                    && sentence_end(c, a.speech.0, c.len()) > cue_start
            }) {
                return None;
            }
            (subject, start)
        }
    };
    let people = resolve(c, subject, subject_start, context, earlier)?;
    if matches!(c.get(speech_start), Some('，' | '：' | ',' | ':')) {
        speech_start += 1;
    } else if WISHES.contains(&verb) && c.get(speech_start).is_some_and(is_han) {
        // 希望他们加入和谈: the wish is what was said, verb and all
        speech_start = cue_start;
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

/// `扎哈罗娃：美在乌生物实验室是冰山一角` as a sub-heading: the speaker's
/// statement in short, over the paragraph that reports it.
pub(super) fn heading_quote(c: &Chars, base: usize, context: &Context) -> Option<(Person, Quote)> {
    let body = context.body;
    let colon = (0..c.len().min(9)).find(|&i| matches!(c.chars[i], '：' | ':'))?;
    if colon < 2 || c.get(colon + 1) == Some('“') {
        return None;
    }
    // 习近平总书记：发展是第一要务…: the name with a post after it
    let name_end = TITLE_SUFFIXES
        .iter()
        .find(|t| c.ends_with_at(colon, t))
        .map_or(colon, |t| colon - t.chars().count());
    let known_here =
        known_ending_at(c, 0, name_end, &context.known).is_some_and(|(start, _)| start == 0);
    // 宁波：精雕细琢…: a city's sub-heading, unless the article has
    // introduced a person of that name
    let named = known_here
        || (name_ending_at(c, 0, name_end, false) == Some(0)
            && !crate::extract::province::is_place_name(c.slice(0, name_end)));
    if !named {
        return None;
    }
    let (from, to) = trim_speech(c, (colon + 1, c.len()));
    if to < from + MIN_CONTENT_CHARS {
        return None;
    }
    let name = full_name(c.slice(0, name_end), &context.known);
    let known = context.known.iter().find(|k| k.name == name);
    let person = Person {
        name: name.clone(),
        role: known.map_or(Role::Other, |k| k.role),
        titles: known.map(|k| k.titles.clone()).unwrap_or_default(),
        province: known.and_then(|k| k.province).or(context.section),
    };
    let start = base + c.offsets[from];
    let end = base + c.offsets[to];
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
pub(super) const MIN_CONTENT_CHARS: usize = 6;

/// Nouns that name what a report was about without giving it: a sentence
/// that ends in one (分享了…的故事。, 讲述了…的最新进展。, 提出了…的建议。)
/// names a topic, not a statement.
const TOPIC_NOUNS: &[&str] = &[
    "故事", "见闻", "感受", "探索", "进展", "建议", "提案", "议案", "体会", "心得", "经历", "话题",
    "问题",
];

/// The stock words that name a briefing without giving it.
const BRIEFINGS: &[&str] = &[
    "情况",
    "工作情况",
    "有关情况",
    "相关情况",
    "基本情况",
    "具体情况",
    "总体情况",
    "进展情况",
    "有关工作情况",
    "相关工作情况",
];

/// Endings of the name of a briefing, the stock 有关/相关 before 情况 (…方面的
/// 相关情况); what a briefing was about, told (村里的产业发展情况), is not one.
const BRIEFING_ENDINGS: &[&str] = &["有关情况", "相关情况", "等情况"];

/// Whether reported content is only its topic: its first clause ends in a
/// topic noun (what follows is someone else's, or the reporter's).
fn topic_only(content: &str) -> bool {
    let first = content
        .split(['，', ',', '；', '：', '。', '！', '？', '!', '?'])
        .next()
        .unwrap_or_default();
    if TOPIC_NOUNS.iter().any(|noun| first.ends_with(noun)) {
        return true;
    }
    // 先后发言，介绍了工作情况，谈了意见和建议: a briefing named by the
    // stock words for it, not what it said (汇报了村里的产业发展情况 says it)
    if BRIEFINGS.contains(&first) {
        return true;
    }
    // 汇报了常委会第四次会议议程草案、日程安排意见等。: items listed, not told
    if first_sentence(content).ends_with('等') {
        return true;
    }
    // 介绍了当地的一些做法, 带来了不少利好消息: a vague count of what was
    // told names it without telling it (not 他们学校在…方面的尝试和做法)
    let vague = ["一些", "不少", "许多", "很多", "几点"]
        .iter()
        .filter_map(|count| first.rfind(count).map(|at| &first[at + count.len()..]))
        .next();
    vague.is_some_and(|rest| rest.chars().count() <= 6 && !rest.contains('的'))
}

/// The text up to the first end of a sentence or a colon.
fn first_sentence(content: &str) -> &str {
    content
        .split(['；', '：', ':', '。', '！', '？', '!', '?'])
        .next()
        .unwrap_or_default()
}

/// Whether reported content is the name of a briefing, however long
/// (介绍了践行绿色发展理念，建设美丽中国有关情况。): its stock ending names it.
/// What was told may follow it (吴玉良介绍了…有关情况。此次修订《条例》…).
fn names_a_briefing(content: &str) -> bool {
    let sentence = first_sentence(content);
    BRIEFING_ENDINGS.iter().any(|e| sentence.ends_with(e))
}

/// `张晓宏向总书记汇报了他们学校在…方面的尝试和做法。`
pub(super) fn content_attribution(
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
    if end < cue_end + MIN_CONTENT_CHARS || topic_only(c.slice(cue_end, end)) {
        return None;
    }
    // the briefing named, and nothing of it told in its paragraph
    if names_a_briefing(c.slice(cue_end, end)) && c.slice(end, c.len()).trim().is_empty() {
        return None;
    }
    let (subject, subject_start) = match find_subject(c, cue_start, &context.known) {
        Some(found) => found,
        None => {
            let (subject, start) = sentence_subject(c, cue_start, &context.known)?;
            // …布鲁姆表示，…的问题，提出了中国的智慧: inside someone's speech
            if earlier
                .iter()
                .any(|a| a.subject_start >= start && a.speech.0 < cue_start)
            {
                return None;
            }
            (subject, start)
        }
    };
    let people = resolve(c, subject, subject_start, context, earlier)?;
    // what was reported runs on like indirect speech (吴玉良介绍了《条例》有关
    // 情况。此次修订《条例》以党章为根本遵循…), cut where speech is cut
    Some(Attribution {
        people,
        subject_start,
        cue: verb,
        speech: (cue_end, c.len()),
        quoted: false,
    })
}

/// `周强从六个方面总结2021年主要工作：一是…`, `张军回顾了2025年工作：…`,
/// `赵乐际在报告中对今后一年的任务进行部署：…`: the clause that sums up a
/// report opens with its speaker, and what the report says follows the
/// colon. `总结，…` right after the verb is a cue like 指出.
pub(super) fn summary_attribution(
    c: &Chars,
    cue: Range<usize>,
    verb: &'static str,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let Range {
        start: cue_start,
        end: cue_end,
    } = cue;
    if matches!(c.get(cue_end), Some('，' | ',' | '“' | '。')) {
        return (verb == "总结")
            .then(|| cue_attribution(c, cue_start, cue_end, verb, false, false, context, earlier))
            .flatten();
    }
    let colon = cue_end + summary_colon(c.slice(cue_end, c.len()))?;
    if c.get(colon + 1).is_none_or(is_clause_break)
        || sentence_end(c, colon + 1, c.len()) < colon + 1 + MIN_CONTENT_CHARS
    {
        return None;
    }
    let from = clause_start(c, cue_start);
    let subject = clause_opening_subject(c, from, cue_start, &context.known)?;
    if matches!(&subject, Subject::People(people) if people.len() != 1)
        || matches!(subject, Subject::Group { .. } | Subject::Parties { .. })
    {
        return None;
    }
    let people = resolve(c, subject, from, context, earlier)?;
    Some(Attribution {
        people,
        subject_start: from,
        cue: verb,
        speech: (colon + 1, c.len()),
        quoted: false,
    })
}

/// `史志军围绕推进新型工业化向总书记作了汇报`, `围绕着加强草原生态建设，郭艳玲向习近平总书记作了汇报`.
pub(super) fn report_attribution(
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
        let people = named_subject(c, clause, around, false, &context.known)?;
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
        speech: (around, topic_end),
        quoted: true,
    })
}

/// Fewest characters of a quote standing alone after a sentence about its speaker.
pub(super) const MIN_ALONE_QUOTE_CHARS: usize = 10;

/// `全国人大代表张伟对此深有感触。“我们要把乡村建设好。”`: a quote that is
/// a whole sentence, right after a sentence that opens with one person and
/// quotes nobody, is that person's (`open` is the index of its “).
pub(super) fn next_quote_attribution(
    c: &Chars,
    open: usize,
    context: &mut Context,
    earlier: &[Attribution],
) -> Option<Attribution> {
    let inside = quote_after(c, open)?;
    if inside.1 < inside.0 + MIN_ALONE_QUOTE_CHARS || !closes_sentence(c, inside) {
        return None;
    }
    // the sentence before: from the 。 before it
    let sentence_start = (0..open.saturating_sub(1))
        .rev()
        .find(|&i| matches!(c.chars[i], '。' | '！' | '？' | '!' | '?'))
        .map_or(0, |i| i + 1);
    if earlier.iter().any(|a| a.speech.1 > sentence_start) {
        return None;
    }
    let (from, person) = opening_subject_before(c, open, context)?;
    if from < sentence_start {
        return None;
    }
    Some(Attribution {
        people: vec![person],
        subject_start: from,
        cue: "“”",
        speech: inside,
        quoted: true,
    })
}

/// `马新强：“……”`
pub(super) fn colon_attribution(
    c: &Chars,
    colon: usize,
    context: &mut Context,
) -> Option<Attribution> {
    // 李小亭 ：“: a space slipped in before the colon
    let mut end = colon;
    while end > 0 && matches!(c.get(end - 1), Some(' ' | '\u{3000}')) {
        end -= 1;
    }
    let lo = clause_start(c, end);
    // 娘毛先(藏族)：“: a note on the person (people, sex, age) in brackets
    // between the name and the colon (not 央视网消息(新闻联播)：“)
    let (name_end, noted) = match c.get(end.checked_sub(1)?) {
        Some(')' | '）') => {
            let open = (end.saturating_sub(8).max(lo)..end - 1)
                .rev()
                .find(|&i| matches!(c.chars[i], '(' | '（'))?;
            let note = c.slice(open + 1, end - 1);
            let on_person = note.ends_with(['族', '岁']) || matches!(note, "女" | "男");
            if !on_person {
                return None;
            }
            (open, true)
        }
        _ => (end, false),
    };
    // 刘德华代表：“…”: the role after the name
    let (name_end, suffix_role) = match ROLE_SUFFIXES
        .iter()
        .find(|(suffix, _)| !noted && c.ends_with_at(name_end, suffix))
    {
        Some(&(suffix, role)) => (name_end - suffix.chars().count(), Some(role)),
        None => (name_end, None),
    };
    // the note says a person stands there: a name after a post whatever its
    // characters (主任娘毛先(藏族))
    let start = name_ending_at(c, lo, name_end, suffix_role.is_some()).or_else(|| {
        noted
            .then(|| titled_name_ending_at(c, lo, name_end))
            .flatten()
    });
    let Some(start) = start else {
        return stance_colon_attribution(c, lo, end, colon, context);
    };
    let chain = title_chain(c, lo, start);
    let person = Person {
        name: c.slice(start, name_end).to_string(),
        role: chain.role.or(suffix_role).unwrap_or(Role::Other),
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

/// Most characters of what a speaker does between the name and `：“`.
const MAX_STANCE_CHARS: usize = 6;

/// `刘德华感慨万千：“……”`, `他对此深有体会：“……”`: a clause that opens
/// with one named person and says briefly how they feel or speak, then the
/// quote (not 刘德华的话让代表们深受鼓舞：“…”, whose quote is another's).
fn stance_colon_attribution(
    c: &Chars,
    lo: usize,
    end: usize,
    colon: usize,
    context: &mut Context,
) -> Option<Attribution> {
    let Some(Subject::People(people)) = clause_opening_subject(c, lo, end, &context.known) else {
        return None;
    };
    let [person] = people.as_slice() else {
        return None;
    };
    let clause = c.slice(lo, end);
    let name_at = clause.find(person.name.as_str())?;
    let stance = &clause[name_at + person.name.len()..];
    if stance.is_empty()
        || stance.chars().count() > MAX_STANCE_CHARS
        || stance.contains(['让', '使', '令', '的', '被', '把'])
    {
        return None;
    }
    let inside = quote_after(c, colon + 1)?;
    Some(Attribution {
        people,
        subject_start: lo,
        cue: "“”",
        speech: inside,
        quoted: true,
    })
}
