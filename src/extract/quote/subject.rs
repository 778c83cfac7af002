//! One concern at about 650 lines: every reader here answers "who does this
//! cue belong to", read backwards from it.
//!
//! Who a cue belongs to, read backwards from the cue: names with their title
//! chain, lists of names, pronouns, 总书记, group words (两位代表, 他们), and the
//! subject an earlier clause of the sentence opens with.

use crate::extract::speaker::{
    boundary_before, clause_start, ends_with_post, has_surname, is_body_name, is_clause_break,
    jieba_says_name, name_ending_at, on_behalf_of, person_suffix_end, posted_name_ending_at,
    title_chain, Chars, Person, ROLE_SUFFIXES, TITLE_SUFFIXES,
};
use crate::model::Role;

use super::gap::{gap_ok, group_gap, temporal_gap};
use super::trigger::{SAYING, TRIGGERS};

/// Who a cue belongs to.
pub(super) enum Subject {
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
    /// 双方, 三国领导人: the sides of a meeting or a call the sentence
    /// before tells (普京与托卡耶夫通电话，双方表示…), `count` of them when
    /// the text says how many.
    Parties {
        count: Option<usize>,
    },
}

/// What 两国/三国 is followed by when it names the people who met or spoke
/// together: their post shared (两国领导人, 三国外长).
const SIDES: &[&str] = &["领导人", "元首", "首脑", "总统", "总理", "外长", "防长"];

/// `两位代表`, `三位委员`, `他们`, `两人` as a subject.
pub(super) fn group_word(text: &str) -> Option<Subject> {
    if ["他们", "她们", "他俩", "她俩"].contains(&text) {
        return Some(Subject::Group {
            count: None,
            role: None,
        });
    }
    if text == "双方" {
        return Some(Subject::Parties { count: None });
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
    // 三国领导人表示: the leaders of the countries just named
    if let Some(side) = rest.strip_prefix('国') {
        return SIDES
            .contains(&side)
            .then_some(Subject::Parties { count: Some(count) });
    }
    let noun = rest
        .strip_prefix('位')
        .or_else(|| rest.strip_prefix('名'))
        .or_else(|| (rest == "人").then_some(""))?;
    let role = match noun {
        "代表" | "人大代表" | "全国人大代表" => Some(Role::NpcDeputy),
        "委员" | "政协委员" | "全国政协委员" => Some(Role::CppccMember),
        "" | "专家" | "嘉宾" | "企业家" | "院士" | "负责人" => None,
        // 两位领导人, 两位前总理: a post shared by the people named before
        _ if noun.chars().count() <= 4 && ends_with_post(noun) => None,
        _ => return None,
    };
    Some(Subject::Group {
        count: Some(count),
        role,
    })
}

/// Reads the subject of the cue at `cue_start` backwards; returns it and the
/// index where its clause starts.
pub(super) fn find_subject(
    c: &Chars,
    cue_start: usize,
    known: &[Person],
) -> Option<(Subject, usize)> {
    let lo = clause_start(c, cue_start);
    subject_from(c, lo, cue_start, known)
        .or_else(|| after_time_clause(c, lo, cue_start, known))
        // 但马克龙也提出，希望…: a conjunction before the subject
        .or_else(|| {
            // (the cheap test first: 但/而 then a surname or a pronoun; not
            // 但是, 而且; 而他们却认为: the people just named)
            let conjunction = lo + 3 < cue_start
                && matches!(c.chars[lo], '但' | '而')
                && (has_surname(c.slice(lo + 1, lo + 2)) || matches!(c.chars[lo + 1], '他' | '她'));
            conjunction
                .then(|| subject_from(c, lo + 1, cue_start, known))
                .flatten()
        })
        // 普京在“纽伦堡教训”论坛致辞时强调: the subject before a name or term
        // in quotation marks (not one right before the cue: 向“暴动者”说“不”
        // says something to them)
        .or_else(|| {
            let from = clause_start_past_terms(c, lo);
            (from < lo && lo < cue_start)
                .then(|| subject_from(c, from, cue_start, known))
                .flatten()
        })
}

/// Most characters of a name or term in quotation marks inside a clause.
pub(super) const MAX_QUOTED_TERM: usize = 12;

/// The start of the clause that `lo` (a clause start) would have if the
/// names and terms in quotation marks right before it (在“纽伦堡教训”论坛,
/// 政党“正义与发展党”的会议) were plain words: each “…” of at most
/// [`MAX_QUOTED_TERM`] characters with no clause break in it, inside a
/// clause (text of it before the “); `lo` itself otherwise.
fn clause_start_past_terms(c: &Chars, lo: usize) -> usize {
    let mut from = lo;
    while from >= 3 && c.chars[from - 1] == '”' {
        let close = from - 1;
        let Some(open) = (close.saturating_sub(MAX_QUOTED_TERM + 1)..close)
            .rev()
            .find(|&i| is_clause_break(c.chars[i]))
        else {
            break;
        };
        if c.chars[open] != '“'
            || open + 1 == close
            || open == 0
            || is_clause_break(c.chars[open - 1])
        {
            break;
        }
        from = clause_start(c, open);
    }
    from
}

/// `听取大家发言后栗战书说`, `会见结束时他表示`: a clause of when, ended by
/// 后/时 with no comma, before the subject; only a name that is surely one,
/// a pronoun or 总书记 after it.
fn after_time_clause(
    c: &Chars,
    lo: usize,
    cue_start: usize,
    known: &[Person],
) -> Option<(Subject, usize)> {
    // (the cheap test first: a name, a pronoun or 总书记 right after it)
    let from = (lo + 2..cue_start.min(lo + 16)).find(|&i| {
        matches!(c.chars[i - 1], '后' | '时')
            && c.get(i).is_some_and(|ch| {
                matches!(ch, '他' | '她' | '总') || has_surname(c.slice(i, i + 1))
            })
    })?;
    if (lo..from).any(|i| matches!(c.chars[i], '“' | '”')) {
        return None;
    }
    let (subject, start) = subject_from(c, from, cue_start, known)?;
    match &subject {
        Subject::People(people) if !people.iter().all(|p| surely_named(&p.name, known)) => None,
        Subject::Group { .. } | Subject::Parties { .. } => None,
        _ => Some((subject, start)),
    }
}

/// [`find_subject`] with the subject's clause starting at `lo`.
fn subject_from(
    c: &Chars,
    lo: usize,
    cue_start: usize,
    known: &[Person],
) -> Option<(Subject, usize)> {
    // whether the gap holds a 后/时 yet: only then may it be temporal
    let mut timed = false;
    for end in (lo..=cue_start).rev() {
        if cue_start - end > 60 {
            break;
        }
        let gap = c.slice(end, cue_start);
        timed |= end < cue_start && matches!(c.chars[end], '后' | '时');
        // (a group gap starts with 等 or a count: the cheap test first)
        let grouped = || {
            end < cue_start
                && (c.chars[end] == '等'
                    || matches!(
                        c.chars[end],
                        '两' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '几'
                    ))
                && group_gap(gap)
        };
        let plain = gap_ok(gap) || grouped();
        if !(plain || (timed && temporal_gap(gap))) {
            continue;
        }
        if end == lo + 1 && matches!(c.chars[lo], '他' | '她' | '其') {
            return Some((Subject::Pronoun, lo));
        }
        if end == lo + 3 && c.slice(lo, end) == "总书记" {
            return Some((Subject::Leader, lo));
        }
        if end == lo + 3 {
            if let Some(surname) = surname_post_at(c, lo) {
                return Some((Subject::Surname(surname), lo));
            }
        }
        if let Some(group) = group_word(c.slice(lo, end)) {
            return Some((group, lo));
        }
        // (right before the cue or 等, a name after a post ends there)
        let framed = end == cue_start || c.get(end) == Some('等');
        if let Some(mut people) = named_subject(c, lo, end, framed, known) {
            // 刘德华深有感触地说: a four-character "name" whose first three
            // are a name and whose last starts the gap
            if let [person] = people.as_slice() {
                if person.name.chars().count() == 4 && gap_ok(c.slice(end - 1, cue_start)) {
                    if let Some(shorter) = named_subject(c, lo, end - 1, false, known)
                        .filter(|p| p.len() == 1 && p[0].name.chars().count() == 3)
                    {
                        people = shorter;
                    }
                }
            }
            // 谷垣和井上均表示: after a list, 均 is "both", no part of the
            // last name
            if gap.is_empty() && people.len() >= 2 {
                if let Some(last) = people.last_mut() {
                    if last.name.chars().count() >= 3 {
                        if let Some(name) = last.name.strip_suffix('均') {
                            last.name = name.to_string();
                        }
                    }
                }
            }
            // 陈虹、郭锐和王建清等几位…代表: the group gives the role
            if !gap_ok(gap) && group_gap(gap) {
                // (代表委员 are both: no role)
                let role = if gap.contains("代表委员") {
                    None
                } else if gap.contains("委员") {
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
            // name that is surely one and ends where a word does: no 习近平出
            // of 习近平出席…时, no 谭惠珠发 of 谭惠珠发言时
            if plain
                || (people.iter().all(|p| surely_named(&p.name, known))
                    && word_ends(c.slice(lo, cue_start)).contains(&(end - lo)))
            {
                return Some((Subject::People(people), lo));
            }
        }
    }
    None
}

/// 习主席, 李总理 at character `at`: a surname and a leader's post; the surname.
pub(super) fn surname_post_at(c: &Chars, at: usize) -> Option<char> {
    let surname = c.get(at)?;
    (["主席", "总理"]
        .iter()
        .any(|post| c.starts_with_at(at + 1, post))
        && has_surname(c.slice(at, at + 2)))
    .then_some(surname)
}

/// A name the article knows, or one of three or more characters jieba takes
/// for a name as a whole (jieba's two-character "names" include 白宫, 养老, 祝贺).
pub(super) fn surely_named(name: &str, known: &[Person]) -> bool {
    known.iter().any(|k| k.name == name) || (name.chars().count() >= 3 && jieba_says_name(name))
}

/// Whether the words before a name make it the one spoken to: 对村支书顾叔军说,
/// 向李总理提问说 (a preposition and at most a short title before the name).
pub(super) fn addressed(before_name: &str) -> bool {
    let chars: Vec<char> = before_name.chars().collect();
    let Some(at) = (chars.len().saturating_sub(9)..chars.len())
        .rev()
        .find(|&i| matches!(chars[i], '对' | '向' | '跟' | '给'))
    else {
        return false;
    };
    // 对华事务特使, 对外联络部部长: 对 of an organisation's name
    if chars[at] == '对'
        && chars.get(at + 1).is_some_and(|ch| {
            matches!(
                *ch,
                '华' | '外' | '内' | '台' | '口' | '非' | '美' | '欧' | '日' | '俄' | '韩'
            )
        })
    {
        return false;
    }
    let title: String = chars[at + 1..].iter().collect();
    title.is_empty() || ends_with_post(&title)
}

/// 张德江作了发言，表示完全赞同…: a cue that opens a clause of its own
/// speaks for the person its sentence is about, named at the start of an
/// earlier clause of the sentence.
pub(super) fn sentence_subject(
    c: &Chars,
    cue_start: usize,
    known: &[Person],
) -> Option<(Subject, usize)> {
    let lo = clause_start(c, cue_start);
    if lo == 0 || !matches!(c.get(lo - 1), Some('，' | ',')) || !gap_ok(c.slice(lo, cue_start)) {
        return None;
    }
    // 《意见》，要求…: the clause before is a document's, and so is the cue
    if lo >= 2 && c.get(lo - 2) == Some('》') {
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
pub(super) fn clause_opening_subject(
    c: &Chars,
    from: usize,
    to: usize,
    known: &[Person],
) -> Option<Subject> {
    if to <= from + 1 {
        return None;
    }
    if matches!(c.chars[from], '他' | '她')
        && !c
            .get(from + 1)
            .is_some_and(|ch| matches!(ch, '们' | '人' | '国' | '乡' | '方' | '者'))
    {
        return Some(Subject::Pronoun);
    }
    if c.starts_with_at(from, "总书记") {
        return Some(Subject::Leader);
    }
    if let Some(surname) = surname_post_at(c, from) {
        return Some(Subject::Surname(surname));
    }
    // long title chains (全国人大代表、中国工程院院士、…首席科学家张伟) fit
    let last = to.min(from + 64);
    // a list of names with their posts runs further (民革中央主席万鄂湘、
    // 民盟中央主席张宝文、…和无党派人士代表林毅夫等先后发言)
    let list_last = to.min(from + 200);
    let first_end =
        (from + 2..=last).find(|&end| named_subject(c, from, end, false, known).is_some())?;
    // the longest name from there that is a word of its own: 张德 is no name
    // where 张德江 is, 张军参 none in 张军参加
    // and the most people: 巴赫、联合国秘书长古特雷斯分别致辞
    let words = word_ends(c.slice(from, to));
    let mut best: Option<Vec<Person>> = None;
    for end in first_end..=list_last {
        if end > last && best.as_ref().is_none_or(|b| b.len() < 2) {
            break;
        }
        if !words.contains(&(end - from)) {
            continue;
        }
        let Some(people) = named_subject(c, from, end, false, known) else {
            continue;
        };
        // each name after a post, or surely one; after the first, a name
        // after a list's 、/和 (全国政协委员张伟、李红)
        let text = c.slice(from, end);
        // (the first of a list of three or more names needs no post:
        // 李强、赵乐际、王沪宁、蔡奇就…谈了体会; nor a name a post follows)
        let listed = people.len() >= 3;
        let named = people.iter().enumerate().all(|(k, person)| {
            let at = text.find(person.name.as_str());
            let before = at.map(|at| &text[..at]);
            surely_named(&person.name, known)
                || before.is_some_and(|before| {
                    ends_with_post(before) || (k > 0 && before.ends_with(['、', '和', '与', '及']))
                })
                || at.is_some_and(|at| {
                    let after = &text[at + person.name.len()..];
                    (k == 0 && listed && after.starts_with('、'))
                        // 栗战书委员长向大会报告…: a post right after the name
                        || TITLE_SUFFIXES.iter().any(|t| after.starts_with(t))
                })
        });
        // (扎西多杰 over 扎西: the same name read further)
        let longer = |b: &[Person]| match (b.last(), people.last()) {
            (Some(old), Some(new)) => {
                new.name.len() > old.name.len() && new.name.starts_with(&old.name)
            }
            _ => false,
        };
        // 哈萨克斯坦世界经济政治研究所专家努尔沙: what the clause opens with
        // is an organisation's name when a post and a name follow it
        let behind_post = |b: &[Person]| match (b.last(), people.last()) {
            (Some(old), Some(new)) => text.rfind(new.name.as_str()).is_some_and(|at| {
                let before = &text[..at];
                before.contains(old.name.as_str()) && ends_with_post(before)
            }),
            _ => false,
        };
        let better = best.as_ref().is_none_or(|b| {
            people.len() > b.len()
                || (people.len() == b.len()
                    && (end <= first_end + 4 || longer(b) || behind_post(b)))
        });
        if named && better {
            best = Some(people);
        }
    }
    best.map(Subject::People)
}

/// The character offsets where jieba's words of `text` end.
pub(super) fn word_ends(text: &str) -> Vec<usize> {
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

/// A name the article has named before ending at `end`, with a name boundary
/// before it.
pub(super) fn known_ending_at(
    c: &Chars,
    lo: usize,
    end: usize,
    known: &[Person],
) -> Option<(usize, Person)> {
    // asked at every end a subject may have: most known names hold not even
    // the character before `end`, and are passed over at that cost
    let last = c.get(end.checked_sub(1)?)?;
    known
        .iter()
        // (a walk over the name's few characters: `str::contains` builds a
        // substring searcher for every name asked)
        .filter(|person| person.name.chars().any(|ch| ch == last))
        .filter_map(|person| {
            // 楚比兴 for 托马斯·楚比兴, 如克亚木 for 如克亚木·麦提赛地 named before
            let (head, tail) = name_parts(&person.name);
            [person.name.as_str(), tail, head]
                .into_iter()
                .find(|name| name.chars().count() >= 2 && c.ends_with_at(end, name))
                .map(|name| (end - name.chars().count(), person))
        })
        .filter(|&(start, _)| start >= lo && boundary_before(c, lo, start))
        .min_by_key(|&(start, _)| start)
        .map(|(start, person)| (start, person.clone()))
}

/// `name` as the article first wrote it: 托马斯·楚比兴 for a later 楚比兴.
pub(super) fn full_name(name: &str, known: &[Person]) -> String {
    known
        .iter()
        .find(|k| {
            let (head, tail) = name_parts(&k.name);
            k.name != name && (tail == name || head == name)
        })
        .map_or_else(|| name.to_string(), |k| k.name.clone())
}

/// The parts of a dotted name a later mention may use alone: the last, and
/// the first when it has three characters or more (如克亚木 of 如克亚木·麦提赛地);
/// both are the whole name for a name without a dot.
fn name_parts(name: &str) -> (&str, &str) {
    const DOTS: [char; 3] = ['·', '-', '－'];
    let tail = name.rsplit(DOTS).next().unwrap_or(name);
    let head = name
        .split(DOTS)
        .next()
        .filter(|head| head.chars().count() >= 3)
        .unwrap_or(name);
    (head, tail)
}

/// The start of a name ending at `end`: one the rules recognise, or one the
/// article has named before.
pub(super) fn name_start(
    c: &Chars,
    lo: usize,
    end: usize,
    strong: bool,
    known: &[Person],
) -> Option<usize> {
    name_ending_at(c, lo, end, strong)
        .or_else(|| known_ending_at(c, lo, end, known).map(|(s, _)| s))
}

/// 外长维文表示, 首相岸田文雄表示, 书记德鸟帕、…: a name between a post and
/// the end of a subject, whatever its characters ([`posted_name_ending_at`]),
/// when no part of it is what may stand between a name and its cue: not
/// 普京近日 of 普京近日表示, which is 普京 and a gap.
fn framed_name_start(c: &Chars, lo: usize, end: usize) -> Option<usize> {
    let start = posted_name_ending_at(c, lo, end)?;
    let name = c.slice(start, end);
    let gap_inside = name
        .char_indices()
        .any(|(at, _)| at > 0 && gap_ok(&name[at..]))
        || gap_ok(name);
    // (村支书汇报说: a verb of saying is no name)
    let says = TRIGGERS
        .iter()
        .map(|(pattern, _)| *pattern)
        .chain(SAYING.iter().map(|(pattern, _)| *pattern))
        .any(|pattern| pattern.chars().count() >= 2 && name.contains(pattern));
    (!gap_inside && !says).then_some(start)
}

/// The name of a list before the one starting at `first`, and where it
/// ends: 国际奥委会主席巴赫、联合国秘书长古特雷斯 (each with a post of its own,
/// which may hold a 、 itself), 张伟代表、李红代表和王建国委员 (each with its
/// role), 来自湖南的张伟代表和来自四川的李红代表 (each with where it comes from).
fn list_item_before(
    c: &Chars,
    lo: usize,
    first: usize,
    known: &[Person],
) -> Option<(usize, usize, Option<Role>)> {
    let separators = (first.saturating_sub(28).max(lo)..first)
        .rev()
        .filter(|&i| matches!(c.chars[i], '、' | '和' | '与' | '及'));
    for separator in separators {
        let between = c.slice(separator + 1, first);
        if between.contains(is_clause_break) {
            return None;
        }
        let from_somewhere = between.starts_with("来自") && between.ends_with('的');
        if !between.is_empty() && !ends_with_post(between) && !from_somewhere {
            continue;
        }
        let mut stop = separator;
        // 罗伯特·鲁宾以及迈克尔·布卢门撒尔
        if c.chars[separator] == '及' && separator > lo && c.chars[separator - 1] == '以' {
            stop -= 1;
        }
        let mut role = None;
        if let Some((suffix, suffix_role)) = ROLE_SUFFIXES
            .iter()
            .find(|(s, _)| c.ends_with_at(separator, s))
        {
            stop -= suffix.chars().count();
            role = Some(*suffix_role);
        }
        // (a list's separator closes a name written after a post, whatever its characters)
        let start = name_start(c, lo, stop, role.is_some(), known)
            .or_else(|| framed_name_start(c, lo, stop));
        if let Some(start) = start {
            return Some((start, stop, role));
        }
    }
    None
}

/// One or more named people ending at `end` (with an optional 代表/委员/总书记 suffix).
/// `framed` says the caller's cue or 等 follows `end` right away: a name
/// written after a post then ends there whatever its characters.
pub(super) fn named_subject(
    c: &Chars,
    lo: usize,
    end: usize,
    framed: bool,
    known: &[Person],
) -> Option<Vec<Person>> {
    let mut name_end = end;
    let mut suffix_role = None;
    if let Some((suffix, role)) = ROLE_SUFFIXES
        .iter()
        .find(|(s, _)| c.ends_with_at(end, s) && person_suffix_end(c, s, end))
    {
        name_end = end - suffix.chars().count();
        suffix_role = Some(*role);
    } else if let Some(title) = TITLE_SUFFIXES.iter().find(|t| c.ends_with_at(end, t)) {
        let before_title = end - title.chars().count();
        if name_start(c, lo, before_title, false, known).is_some() {
            name_end = before_title;
        }
    }
    // (a name framed by the cue itself, not by a role after it)
    let framed = framed && name_end == end;
    let last = name_start(c, lo, name_end, suffix_role.is_some(), known)
        .or_else(|| framed.then(|| framed_name_start(c, lo, name_end)).flatten())?;
    // 代表习近平总书记向…表示: the leader is whom the subject speaks for;
    // 乌克兰代表则指责: a country's representative, no person
    if on_behalf_of(c, last, name_end) || is_body_name(c.slice(last, name_end)) {
        return None;
    }
    let mut starts = vec![(last, name_end, suffix_role)];
    // 张工、袁桐利和杨茂荣
    let mut first = last;
    while first > lo {
        let Some(item) = list_item_before(c, lo, first, known) else {
            break;
        };
        starts.push(item);
        let (start, _, _) = item;
        first = start;
    }
    // 雷军，董明珠，吴光辉认为: a clause that is only names continues the
    // list; so does one of a role and names (全国人大代表张伟、李红，全国政协委员
    // 王明、赵强表示), each clause's role for its own names
    // and one of a post and a name (南非总统拉马福萨，非洲联盟轮值主席卢旺达
    // 总统卡加梅，…非洲联盟委员会主席法基先后致辞)
    let mut clause_lo = lo;
    while clause_lo >= 2 && matches!(c.chars[clause_lo - 1], '，' | ',') {
        let own_role = title_chain(c, clause_lo, first).role;
        if first != clause_lo && own_role.is_none() && !ends_with_post(c.slice(clause_lo, first)) {
            break;
        }
        let before = clause_start(c, clause_lo - 1);
        let Some(start) = name_ending_at(c, before, clause_lo - 1, false) else {
            break;
        };
        let mut items = vec![(start, clause_lo - 1, None)];
        let mut item_first = start;
        while item_first > before {
            let Some(item) = list_item_before(c, before, item_first, known) else {
                break;
            };
            item_first = item.0;
            items.push(item);
        }
        let before_role = title_chain(c, before, item_first).role;
        if item_first != before
            && before_role.is_none()
            && !ends_with_post(c.slice(before, item_first))
        {
            break;
        }
        for item in starts.iter_mut().filter(|item| item.0 >= first) {
            item.2 = item.2.or(own_role);
        }
        starts.extend(
            items
                .into_iter()
                .map(|(start, stop, role)| (start, stop, role.or(before_role))),
        );
        first = item_first;
        clause_lo = before;
    }
    if addressed(c.slice(clause_lo, first)) {
        return None;
    }
    let chain = title_chain(c, clause_lo, first);
    let role = chain.role.or(suffix_role);
    // A bare post after the name (习近平总书记, 李强总理) names no organisation:
    // it is no title of its own (see `speaker::clean_title`).
    let titles = chain.titles;
    let delegation = delegation_province(c.slice(end, c.len()));
    starts.reverse();
    // 全国人大代表张伟、全国政协委员李红: a name after a list's separator with a
    // role of its own before it
    for k in 1..starts.len() {
        let (start, _, own_role) = starts[k];
        let previous_stop = starts[k - 1].1;
        if own_role.is_some() || previous_stop >= start {
            continue;
        }
        let separator = (previous_stop..start)
            .find(|&i| matches!(c.chars[i], '、' | '和' | '与' | '及' | '，' | ','));
        if let Some(separator) = separator {
            starts[k].2 = title_chain(c, separator + 1, start).role;
        }
    }
    let mut people: Vec<Person> = Vec::new();
    for (start, stop, own_role) in starts {
        let name = full_name(c.slice(start, stop), known);
        if people.iter().any(|p| p.name == name) {
            continue;
        }
        people.push(Person {
            name,
            role: own_role.or(role).unwrap_or(Role::Other),
            titles: titles.clone(),
            province: chain.province.or(delegation),
        });
    }
    Some(people)
}

/// `在参加浙江代表团审议时` → 浙江 (only when the delegation is named right after the subject).
pub(super) fn delegation_province(after_subject: &str) -> Option<&'static str> {
    let clause_end = after_subject
        .find(|ch: char| is_clause_break(ch))
        .unwrap_or(after_subject.len());
    let clause = &after_subject[..clause_end];
    let at = clause.find("代表团")?;
    let before = &clause[..at];
    let start = before.rfind("参加").map(|i| i + "参加".len())?;
    crate::extract::province::normalize_province(&before[start..])
}
