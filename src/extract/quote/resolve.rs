//! One concern at about 650 lines: every reader here turns a subject into
//! the people it stands for.
//!
//! Turns a subject into people: a pronoun, a group or 总书记 resolved to the
//! persons the article named before; and the names introduced after posts.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

use crate::extract::roster::roster;
use crate::extract::speaker::{
    clause_start, ends_with_post, has_surname, is_clause_break, is_transliteration, mentions,
    reads_as_name_of, Chars, Person, RULERS, TITLE_SUFFIXES,
};
use crate::model::Role;

use super::subject::{clause_opening_subject, surname_post_at, Subject};
use super::{name_with_surname, Attribution, Context};

pub(super) fn resolve(
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
            // (named in the paragraph before, quoted or not)
            let before = context
                .previous_chars()
                .map(|previous| mentions(previous, 0, previous.len()));
            for (_, person) in before.into_iter().flatten() {
                people.retain(|p| p.name != person.name);
                people.push(person);
            }
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
                // 全国人大代表张伟、李红、王明在代表通道上回答了提问。三位代表表示:
                // the clause before that opens with as many names
                Some(n)
                    if group_before(c, subject_start, context).is_some_and(|g| g.len() == n) =>
                {
                    group_before(c, subject_start, context)?
                }
                // 两位前总理贝内特和拉皮德宣布…，寻求…击败现任总理内塔尼亚胡的阵营。
                // 两位前总理表示: as many names opening a clause of the sentence
                // before, whoever is named after them
                Some(n) if counted_clause_before(c, subject_start, n, context).is_some() => {
                    counted_clause_before(c, subject_start, n, context)?
                }
                Some(n) if people.len() >= n => people.split_off(people.len() - n),
                // 张伟代表…。⏎李红代表…。⏎两位代表都认为: each introduced in a
                // paragraph of their own, further back
                Some(n) => {
                    let mut older = introduced_before(context, role);
                    older.retain(|p| !people.iter().any(|q| q.name == p.name));
                    older.extend(people);
                    if older.len() < n {
                        return None;
                    }
                    older.split_off(older.len() - n)
                }
                // 他们: the people of the last statement made by several, or
                // of the clause before that opens with several names
                None => earlier
                    .iter()
                    .rev()
                    .find(|a| a.subject_start < subject_start)
                    .filter(|a| a.people.len() >= 2)
                    .map(|a| a.people.clone())
                    .or_else(|| group_before(c, subject_start, context))
                    .or_else(|| group_of_previous_paragraph(subject_start, context))?,
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
        Subject::Parties { count } => {
            let parties = parties_before(c, subject_start, context)
                .or_else(|| group_before(c, subject_start, context))
                .or_else(|| {
                    // (not in someone's speech: 河野太郎说，…。但双方都认为)
                    let spoken = earlier.iter().any(|a| a.subject_start < subject_start);
                    (!spoken)
                        .then(|| sides_of_earlier_meeting(c, subject_start, context))
                        .flatten()
                })?;
            match count {
                Some(n) if parties.len() < n => None,
                Some(n) => Some(parties.into_iter().take(n).collect()),
                None => Some(parties),
            }
        }
        Subject::Pronoun => {
            let speaker = earlier
                .iter()
                .rev()
                .find(|a| a.subject_start < subject_start && a.people.len() == 1);
            // (伊兹莫夫说，习主席署名文章…，他坚信: a person mentioned in
            // someone's speech is spoken of; the speaker goes on)
            let mentioned = mentions(c, 0, subject_start)
                .pop()
                .filter(|&(at, _)| speaker.is_none_or(|a| at < a.speech.0));
            let spoke =
                speaker.and_then(|a| a.people.first().map(|p| (a.subject_start, p.clone())));
            // the person an earlier clause of the paragraph opens with
            // (习近平欢迎福斯特校长访华…。他强调)
            // (and so is the leader a clause of it opens with: 习主席署名文章…)
            // (a clause that opens before the other candidates would lose to them)
            let floor = [&mentioned, &spoke]
                .into_iter()
                .flatten()
                .map(|(at, _)| *at)
                .max()
                .unwrap_or(0);
            let opened =
                opening_subject_between(c, floor, subject_start, context).filter(|&(at, _)| {
                    let leader = c.starts_with_at(at, "总书记") || surname_post_at(c, at).is_some();
                    !leader || speaker.is_none_or(|a| at < a.speech.0)
                });
            let candidates = [mentioned, spoke, opened];
            let latest = candidates.into_iter().flatten().max_by_key(|(at, _)| *at);
            // the leader named by post only (这次习主席重要讲话…。他强调) when
            // the paragraph introduces nobody else before the pronoun
            let latest = latest.or_else(|| leader_mentioned(c, subject_start, context));
            let person = match latest {
                Some((_, person)) => Some(person),
                // 栗战书作了讲话。⏎他强调，…: a pronoun opening a paragraph
                // after one that quotes nobody is the person its last
                // clauses open with
                None if subject_start == 0 && !context.previous_quoted => {
                    previous_opening_subject(context).or_else(|| context.previous_speaker.clone())
                }
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

/// The person the last clauses of the paragraph before open with.
fn previous_opening_subject(context: &mut Context) -> Option<Person> {
    let range = context.previous_paragraph.clone()?;
    // taken out of the context while its subject is read, and put back
    let previous = std::mem::take(&mut context.previous_chars);
    let before = previous.get_or_init(|| Chars::new(&context.body[range]));
    let opened = opening_subject_before(before, before.len(), context);
    context.previous_chars = previous;
    opened.map(|(_, person)| person)
}

/// The person the nearest clause before `at` in the paragraph opens with,
/// and where that clause starts; a 他/她 there is followed further back.
pub(super) fn opening_subject_before(
    c: &Chars,
    at: usize,
    context: &mut Context,
) -> Option<(usize, Person)> {
    opening_subject_between(c, 0, at, context)
}

/// [`opening_subject_before`] among the clauses that start at `floor` or
/// later: a caller with a candidate at `floor` already reads no clause
/// before it (reading each clause's subject is the costly part).
fn opening_subject_between(
    c: &Chars,
    floor: usize,
    at: usize,
    context: &mut Context,
) -> Option<(usize, Person)> {
    let mut end = at;
    // a paragraph's clauses, latest first, at most a dozen
    for _ in 0..12 {
        if end == 0 {
            return None;
        }
        let from = clause_start(c, end - 1);
        if from < floor {
            return None;
        }
        let subject = clause_opening_subject(c, from, end - 1, &context.known)
            .or_else(|| posted_name_at(c, from, end - 1, context.body));
        match subject {
            Some(Subject::People(people)) if people.len() == 1 => {
                return people.into_iter().next().map(|p| (from, p));
            }
            Some(Subject::Leader) => return Some((from, leader_person(context.leader()?))),
            Some(Subject::Surname(surname)) => {
                let name = name_with_surname(context.body, surname)?;
                return Some((from, leader_person(name)));
            }
            Some(_) => return None,
            None => end = from,
        }
    }
    None
}

/// `栗战书随后也发表了讲话。他表示…`: a clause that opens with a name the
/// article writes after a post elsewhere (委员长栗战书), though the name is
/// too rare for jieba to tag; three characters tried before two.
fn posted_name_at(c: &Chars, from: usize, to: usize, body: &str) -> Option<Subject> {
    [3, 2].into_iter().find_map(|len| {
        if from + len >= to {
            return None;
        }
        let name = c.slice(from, from + len);
        let posted = has_surname(name)
            // (栗战书记 would be a surname and a post; 万里同志 a name and
            // 同志 after it)
            && c.get(from + len).is_some_and(|ch| !"记长任席理".contains(ch))
            && !TITLE_SUFFIXES.iter().any(|t| c.starts_with_at(from + len - 1, t))
            && body.match_indices(name).any(|(at, _)| {
                // (委员长万里同志: a post before and 同志 after frame a name
                // jieba reads as a word, 万里)
                (ends_with_post(&body[..at])
                    && (read_as_name_at(body, at, name) || titled_after(body, at, name)))
                    || (len == 3 && suffixed_at(body, at, name))
            });
        posted.then(|| Subject::People(vec![leader_person(name.to_string())]))
    })
}

/// `栗战书委员长主持会议`: whether `name` stands at byte `at` of `body`
/// as a word of its own (no Han character before it) with a leader's post
/// or 同志 right after it.
fn suffixed_at(body: &str, at: usize, name: &str) -> bool {
    let alone = body[..at]
        .chars()
        .next_back()
        .is_none_or(|ch| !('\u{4e00}'..='\u{9fff}').contains(&ch));
    alone && titled_after(body, at, name)
}

/// Whether a leader's post or 同志 follows `name` at byte `at` of `body`.
fn titled_after(body: &str, at: usize, name: &str) -> bool {
    let after = &body[at + name.len()..];
    TITLE_SUFFIXES.iter().any(|t| after.starts_with(t))
}

/// Whether the name reader, after the post that ends at byte `at` of
/// `body`, reads `name` there and no longer or shorter name: 副总理韩正在成都
/// gives 韩正, not 韩正在; 委员长万里同志, 万里.
fn read_as_name_at(body: &str, at: usize, name: &str) -> bool {
    let mut end = (at + 3 * 8).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    reads_as_name_of(&Chars::new(&body[at..end]), 0, name.chars().count())
}

fn leader_person(name: String) -> Person {
    Person {
        name,
        role: Role::Other,
        titles: Vec::new(),
        province: None,
    }
}

/// The last 总书记 or 习主席 of the paragraph before `at`, and where it
/// stands (“创新”是这次习主席重要讲话中的关键词。他强调…): the leader
/// the article names so; not when spoken to (向总书记汇报, 给习主席写信).
fn leader_mentioned(c: &Chars, at: usize, context: &mut Context) -> Option<(usize, Person)> {
    let text = c.slice(0, at);
    let secretary = text.rfind("总书记").map(|byte| c.char_index(byte));
    let chairman = text
        .rmatch_indices("主席")
        .map(|(byte, _)| c.char_index(byte))
        .find(|&post| post >= 1 && surname_post_at(c, post - 1).is_some())
        .map(|post| post - 1);
    let mut mention = secretary.max(chairman)?;
    let name = if Some(mention) == secretary {
        let name = context.leader()?;
        // 向习近平总书记汇报: what stands before the name
        if c.ends_with_at(mention, &name) {
            mention -= name.chars().count();
        }
        name
    } else {
        name_with_surname(context.body, c.chars[mention])?
    };
    let before = c.slice(mention.saturating_sub(2), mention);
    if [
        "向", "给", "对", "跟", "同", "与", "和", "为", "让", "请", "陪同",
    ]
    .iter()
    .any(|w| before.ends_with(w))
    {
        return None;
    }
    Some((mention, leader_person(name)))
}

/// The people the nearest clause before `at` opens with, when they are
/// several (巴赫、古特雷斯分别致辞。他们表示…).
pub(super) fn group_before(c: &Chars, at: usize, context: &Context) -> Option<Vec<Person>> {
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

/// The people a clause of the sentence before `at` (or of its own sentence,
/// before it) opens with, when they are exactly `count`: a counted group word
/// (两位前总理表示) stands for the list of as many names its passage opened
/// with, not for whoever that passage named last.
fn counted_clause_before(
    c: &Chars,
    at: usize,
    count: usize,
    context: &Context,
) -> Option<Vec<Person>> {
    let mut sentences = 0;
    let mut end = at;
    // (at most eight clauses back, within two sentences)
    for _ in 0..8 {
        if end == 0 {
            return None;
        }
        if matches!(c.chars[end - 1], '。' | '！' | '？') {
            sentences += 1;
            if sentences > 1 {
                return None;
            }
        }
        let from = clause_start(c, end - 1);
        if let Some(Subject::People(people)) =
            clause_opening_subject(c, from, end - 1, &context.known)
        {
            if people.len() == count {
                return Some(people);
            }
        }
        end = from;
    }
    None
}

/// The sides of the meeting or call that the sentence of `at` tells before
/// it (俄罗斯总统普京21日与哈萨克斯坦总统托卡耶夫…通电话，双方表示), or the
/// sentence before when `at` opens one (…举行会晤。双方表示): the person a
/// clause of it opens with (29日，马克龙还与…) and those it names after a
/// post, in text order, each once; none unless they are several.
fn parties_before(c: &Chars, at: usize, context: &Context) -> Option<Vec<Person>> {
    let sentence_start = |end: usize| {
        (0..end)
            .rev()
            .find(|&i| matches!(c.chars[i], '。' | '！' | '？' | '；'))
            .map_or(0, |i| i + 1)
    };
    let mut from = sentence_start(at);
    let mut to = at;
    if from == at && at > 0 {
        to = at - 1;
        from = sentence_start(to);
    }
    parties_in(c, from, to, context)
}

/// The sides a sentence (`from..to` of `c`) names: the people the article
/// introduced after a post that it names, and the person a clause of it
/// opens with, in text order, each once; none unless they are several.
fn parties_in(c: &Chars, from: usize, to: usize, context: &Context) -> Option<Vec<Person>> {
    // the people the article introduces after a post, where the sentence
    // names them, in text order
    let sentence = c.slice(from, to);
    let mut named: Vec<(usize, &Person)> = context
        .known
        .iter()
        .filter_map(|p| sentence.find(p.name.as_str()).map(|at| (at, p)))
        .collect();
    named.sort_by_key(|&(at, _)| at);
    let mut people: Vec<Person> = named.into_iter().map(|(_, p)| p.clone()).collect();
    // and the person a clause of it opens with, when the article introduced
    // them with no post (马克龙还与伊朗总统鲁哈尼通话)
    // (the first two clauses only: a time or place phrase may come first)
    let mut clause = from;
    for _ in 0..2 {
        if clause >= to {
            break;
        }
        if let Some(Subject::People(opening)) =
            clause_opening_subject(c, clause, to, &context.known)
        {
            for person in opening {
                if !people
                    .iter()
                    .any(|p| p.name.contains(&person.name) || person.name.contains(&p.name))
                {
                    people.insert(0, person);
                }
            }
            break;
        }
        let Some(next) = (clause..to).find(|&i| is_clause_break(c.chars[i])) else {
            break;
        };
        clause = next + 1;
    }
    (people.len() >= 2).then_some(people)
}

/// Words of a sentence that tells who met or called whom.
const MEETINGS: &[&str] = &["会谈", "会见", "会晤", "通电话", "通话"];

/// The sides of the meeting or call an earlier paragraph tells, for 双方 or
/// 两国元首 opening a paragraph (习近平同洪森举行会谈。⏎…⏎双方同意…; 两国
/// 元首就…交换看法。双方一致认为): the sides the paragraph before spoke
/// for when it ended with their statement, else those of the last sentence
/// before that tells a meeting or a call and names several people. Not
/// where the paragraph names someone before the subject.
fn sides_of_earlier_meeting(c: &Chars, at: usize, context: &Context) -> Option<Vec<Person>> {
    if at > 0 {
        let before = c.slice(0, at);
        if context
            .known
            .iter()
            .any(|p| before.contains(p.name.as_str()))
            || !mentions(c, 0, at).is_empty()
        {
            return None;
        }
    }
    if at == 0 {
        if let Some(group) = &context.previous_group {
            return Some(group.clone());
        }
    }
    // the text of the article before the paragraph (`c` is a paragraph of the body)
    let paragraph = (c.text.as_ptr() as usize).checked_sub(context.body.as_ptr() as usize)?;
    let before = context.body.get(..paragraph)?;
    // (back to a line that ends no sentence: the headline of another story
    // of a roundup, 国际联播快讯)
    before
        .lines()
        .rev()
        .take_while(|line| line.contains('。'))
        .flat_map(|line| line.split_inclusive(['。', '！', '？']).rev())
        .filter(|sentence| MEETINGS.iter().any(|m| sentence.contains(m)))
        .take(3)
        .find_map(|sentence| {
            let s = Chars::new(sentence);
            parties_in(&s, 0, s.len(), context)
        })
}

/// The people the paragraphs before the previous one introduce with a role
/// or post (全国人大代表张伟, 李红代表), oldest first, each once; only those
/// of `role` when the group word gives one. Read only for a group word that
/// counts more people than the nearer text names.
fn introduced_before(context: &Context, role: Option<Role>) -> Vec<Person> {
    let Some(previous) = context.previous_paragraph.clone() else {
        return Vec::new();
    };
    let text = &context.body[..previous.start];
    let mut people: Vec<Person> = Vec::new();
    for (_, person) in mentions(&Chars::new(text), 0, text.chars().count()) {
        if role.is_some_and(|role| person.role != role) {
            continue;
        }
        people.retain(|p| p.name != person.name);
        people.push(person);
    }
    people
}

/// 他们 opening a paragraph: the people of the previous paragraph's last
/// statement when several made it, or of its last clause that opens with
/// several names.
fn group_of_previous_paragraph(subject_start: usize, context: &Context) -> Option<Vec<Person>> {
    if subject_start > 0 {
        return None;
    }
    if let Some(group) = &context.previous_group {
        return Some(group.clone());
    }
    let previous = context.previous_chars()?;
    group_before(previous, previous.len(), context)
}

/// Documents a person presents to a meeting, and instructions a leader
/// gives in writing (李克强作出重要批示。批示指出：…), which then speak for
/// them.
const DELIVERED: &[&str] = &["说明", "报告", "批示", "指示"];

/// `关于全国人大组织法修正草案的说明指出，…`, `批示指出：…`: a clause that
/// is a document (the clause before the cue at `cue_start` ends with 说明,
/// 报告, 批示 or 指示) speaks
/// for whoever presented it, when the last sentence before it in the article
/// that presents one names that person before 作 (全国人大常委会副委员长王晨
/// 分别作关于…的说明, 李克强作出重要批示). Not a resolution or a decision,
/// which nobody presents.
pub(super) fn document_subject(
    c: &Chars,
    cue_start: usize,
    context: &Context,
) -> Option<(Subject, usize)> {
    // (most cues reach here with no subject at all: the cheap test first)
    let document = DELIVERED.iter().find(|d| c.ends_with_at(cue_start, d))?;
    let from = clause_start(c, cue_start);
    // an instruction only as the whole subject of its clause (批示指出：),
    // not inside one that names whose it was (…作出重要指示要求, 习近平
    // 总书记的重要指示指出: the speech of someone who cites it)
    if matches!(*document, "批示" | "指示") && from + 2 != cue_start {
        return None;
    }
    // the text of the article before the clause (`c` is a paragraph of the body)
    let paragraph = (c.text.as_ptr() as usize).checked_sub(context.body.as_ptr() as usize)?;
    let before = context.body.get(..paragraph + c.offsets[from])?;
    for (at, _) in before.rmatch_indices(document) {
        let sentence_start = before[..at].rfind(['。', '！', '？', '\n']).map_or(0, |i| {
            i + before[i..].chars().next().map_or(0, char::len_utf8)
        });
        let sentence = &before[sentence_start..at];
        // 作 the verb (作…的说明), not the 作 of 工作
        let Some(made) = sentence
            .rmatch_indices('作')
            .map(|(i, _)| i)
            .find(|&i| !sentence[..i].ends_with(['工', '合', '创', '写', '制', '动']))
        else {
            continue;
        };
        // the last person the sentence names before 作: one the article
        // knows, or one it introduces there with a post
        let presenting = &sentence[..made];
        let known = context
            .known
            .iter()
            .filter_map(|p| presenting.rfind(p.name.as_str()).map(|i| (i, p.clone())));
        let introduced = {
            let c = Chars::new(presenting);
            mentions(&c, 0, c.len())
                .into_iter()
                .map(|(at, p)| (c.offsets[at], p))
                .collect::<Vec<_>>()
        };
        let (_, presenter) = known.chain(introduced).max_by_key(|(i, _)| *i)?;
        return Some((Subject::People(vec![presenter]), from));
    }
    None
}

/// Whether `text` may introduce a person the rules did not recognise: a
/// post or title word, or a name the article knows.
pub(super) fn introduces_someone(text: &str, known: &[Person]) -> bool {
    known.iter().any(|person| text.contains(&person.name))
        || POSTS.iter().chain(RULERS).any(|post| text.contains(post))
        || text.contains("代表")
        || text.contains("委员")
}

/// Posts after which a name is written (俄罗斯总统普京, 世卫组织总干事谭德塞).
pub(super) const POSTS: &[&str] = &[
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
    "领袖",
    "秘书",
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
    // foreign posts that end in 大臣 or 代表 (英国外交大臣约翰逊, 美国贸易代表
    // 莱特希泽, 欧盟外交和安全政策高级代表莫盖里尼); 代表 alone is a deputy
    "大臣",
    "贸易代表",
    "高级代表",
    "特别代表",
    "首席代表",
    "常驻代表",
];

/// Transliterated names written right after a post anywhere in `body`
/// (伊朗外长扎里夫): later the article names them bare (扎里夫表示).
/// `post_ends` are where the posts of [`POSTS`] end in `body`.
pub(super) fn introduced_names(body: &str, post_ends: &[usize]) -> Vec<Person> {
    let mut names: Vec<Person> = Vec::new();
    for &post_end in post_ends {
        // most posts are followed by no transliterated name at all
        let starts_name = body
            .get(post_end..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_transliteration);
        if !starts_name {
            continue;
        }
        let mut at = post_end;
        // 共同主席波斯坦尼和拉森: each name of a list after the post
        loop {
            let run: String = body[at..]
                .chars()
                .take_while(|&ch| is_transliteration(ch) || matches!(ch, '·' | '-'))
                .take(16)
                .collect();
            at += run.len();
            let run = run.trim_end_matches(['·', '-']).to_string();
            let len = run.chars().count();
            if !(2..=15).contains(&len) || run.starts_with(['·', '-']) {
                break;
            }
            if !names.iter().any(|p| p.name == run) {
                names.push(Person {
                    name: run,
                    role: Role::Other,
                    titles: Vec::new(),
                    province: None,
                });
            }
            match body[at..].chars().next() {
                Some(joint @ ('和' | '、' | '与')) => at += joint.len_utf8(),
                _ => break,
            }
        }
    }
    // 如克亚木·麦提赛地代表…如克亚木说: a deputy's dotted name the roster
    // knows, wherever it stands (dots are rare: each is looked at)
    for (dot, _) in body.match_indices('·') {
        let left: Vec<char> = body[..dot]
            .chars()
            .rev()
            .take_while(|&ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
            .take(7)
            .collect();
        let right: Vec<char> = body[dot + '·'.len_utf8()..]
            .chars()
            .take_while(|&ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
            .take(7)
            .collect();
        let found = (2..=left.len()).rev().find_map(|l| {
            let head: String = left[..l].iter().rev().collect();
            // most dots are of foreign names: no deputy's name starts so
            if !roster_heads().contains(head.as_str()) {
                return None;
            }
            (2..=right.len()).rev().find_map(|r| {
                let tail: String = right[..r].iter().collect();
                let name = format!("{head}·{tail}");
                has_roster_name(&name).then_some(name)
            })
        });
        if let Some(name) = found {
            if !names.iter().any(|p| p.name == name) {
                names.push(Person {
                    name,
                    role: Role::Other,
                    titles: Vec::new(),
                    province: None,
                });
            }
        }
    }
    names
}

/// What the dotted names of the roster's deputies have before their first dot.
fn roster_heads() -> &'static FxHashSet<&'static str> {
    static HEADS: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    HEADS.get_or_init(|| {
        roster()
            .names()
            .filter_map(|name| name.split_once('·').map(|(head, _)| head))
            .collect()
    })
}

fn has_roster_name(name: &str) -> bool {
    roster().has_name(name)
}
