//! What may stand between a speaker and the cue verb: adverbs, dates,
//! adverbial clauses (在参加浙江代表团审议时), an addressee (向大家), a clause of
//! what the speaker did (听了大家发言后), a group after a list of names (等几位代表).

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::extract::speaker::is_clause_break;

use super::subject::MAX_QUOTED_TERM;

/// Adverbs allowed between a speaker and the cue (也, 还, 则…), longest first.
pub(super) const ADVERBS: &[&str] = &[
    "进一步",
    "再次",
    // a manner of saying (鲜明提出, 郑重宣布, 深刻指出)
    "鲜明",
    "郑重",
    "庄重",
    "庄严",
    "严正",
    "深刻",
    "多次",
    "公开",
    "专门",
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
    "在现场",
    "在会上",
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
    // 在韩国《中央日报》网站上刊文指出
    "刊文",
    "致辞",
    "发言",
    "讲话",
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
    // 致电或致函表示, 联名致函表示: a statement sent in writing
    "致电或致函",
    "致函",
    "致电",
    "致信",
    "在信中",
    "第一个",
    "这样",
    "如是",
    "这么",
    "一致",
    "纷纷",
    "共同",
    "联名",
    // 领衔提交: heading a proposal signed by several
    "领衔",
];

/// Openers of an adverbial clause that ends in 时/上/中/后 (在参加浙江代表团审议时).
pub(super) const CLAUSE_OPENERS: &[&str] = &[
    "在", "参加", "出席", "接受", "谈到", "谈及", "回顾", "面对", "针对", "结合", "看望", "考察",
    // 同列席代表座谈时, 与外方代表会谈时: a meeting
    "同", "与",
];
pub(super) const CLAUSE_CLOSERS: &[char] = &['时', '上', '中', '后'];

/// `gap` without the adverbs it starts with. Asked of every gap a cue may
/// have (dozens per cue), so only the adverbs that start with the gap's
/// first character are tried, in the order of [`ADVERBS`].
pub(super) fn strip_adverbs(mut gap: &str) -> &str {
    let by_first = adverbs_by_first();
    while let Some(adverbs) = gap.chars().next().and_then(|first| by_first.get(&first)) {
        match adverbs.iter().find_map(|adverb| gap.strip_prefix(adverb)) {
            Some(rest) => gap = rest,
            None => break,
        }
    }
    gap
}

/// [`ADVERBS`] by their first character, each list in the order of [`ADVERBS`].
fn adverbs_by_first() -> &'static FxHashMap<char, Vec<&'static str>> {
    static BY_FIRST: OnceLock<FxHashMap<char, Vec<&'static str>>> = OnceLock::new();
    BY_FIRST.get_or_init(|| {
        let mut by_first: FxHashMap<char, Vec<&'static str>> = FxHashMap::default();
        for adverb in ADVERBS {
            if let Some(first) = adverb.chars().next() {
                by_first.entry(first).or_default().push(adverb);
            }
        }
        by_first
    })
}

/// The characters an accepted gap may start with (those of [`ADVERBS`] and
/// [`CLAUSE_OPENERS`], 一…就, 以…名义, 代表…, 从…方面, an addressee) and
/// end with (地, those of [`STANCES`]), each set built once.
fn gap_ends() -> &'static (FxHashSet<char>, FxHashSet<char>) {
    static ENDS: OnceLock<(FxHashSet<char>, FxHashSet<char>)> = OnceLock::new();
    ENDS.get_or_init(|| {
        let firsts = ADVERBS
            .iter()
            .chain(CLAUSE_OPENERS)
            .filter_map(|word| word.chars().next())
            .chain("一以代从向对给跟".chars())
            .collect();
        let lasts = STANCES
            .iter()
            .filter_map(|word| word.chars().next_back())
            .chain(['地'])
            .collect();
        (firsts, lasts)
    })
}

/// Whether a non-empty `gap` starts or ends with a character that some
/// accepted gap does: [`gap_ok`] is asked of every gap a cue may have, and
/// this settles most of them at the cost of two characters.
fn may_be_gap(gap: &str) -> bool {
    let (Some(first), Some(last)) = (gap.chars().next(), gap.chars().next_back()) else {
        return true;
    };
    // an adverb; 一…就, 以…名义, 代表…, 从…方面, a date, an adverbial
    // clause's opener, an addressee
    let (firsts, lasts) = gap_ends();
    firsts.contains(&first)
        || first.is_ascii_digit()
        || ('０'..='９').contains(&first)
        // an adverb in 地, a stance (表态, 发表讲话…)
        || lasts.contains(&last)
        // a manner in 地/的, then the addressee
        || (gap.chars().take(7).any(|ch| matches!(ch, '地' | '的'))
            && gap.chars().take(9).any(|ch| matches!(ch, '向' | '对' | '给' | '跟')))
}

/// Whether `gap` may stand between a speaker and the cue verb.
pub(super) fn gap_ok(gap: &str) -> bool {
    if gap.is_empty() {
        return true;
    }
    if !may_be_gap(gap) {
        return false;
    }
    // (the marks “ ” are clause breaks)
    if gap.chars().any(is_clause_break) {
        // 在“纽伦堡教训”论坛致辞时, 在其所在政党“正义与发展党”的会议上: the
        // quotation marks of a name or a term, which the gap is read without
        return gap.contains(['“', '”'])
            && quoted_terms_unmarked(gap).is_some_and(|plain| gap_ok(&plain));
    }
    // 再次就伊朗和美国间的紧张局势表态称, 撰写评论说: a stance taken on a matter
    if let Some(stance) = STANCES.iter().find(|s| gap.ends_with(*s)) {
        let matter = &gap[..gap.len() - stance.len()];
        let stripped = strip_adverbs(matter);
        if stripped.is_empty()
            || (matter
                .find('就')
                .is_some_and(|at| strip_adverbs(&matter[..at]).is_empty())
                || ["对", "针对", "围绕"]
                    .iter()
                    .any(|p| stripped.starts_with(p)))
                && matter.chars().count() <= 24
        {
            return true;
        }
    }
    let mut rest = strip_adverbs(gap);
    // 杨长风一上场就告诉大家: as soon as they did something
    if let Some(after) = rest.strip_prefix('一').and_then(|r| {
        r.char_indices()
            .take(4)
            .find(|&(_, ch)| ch == '就')
            .map(|(i, _)| &r[i + '就'.len_utf8()..])
    }) {
        return tail_ok(strip_adverbs(after));
    }
    // 以她本人的名义及代表各位被针对的同事表示, 代表中共中央…: on whose behalf
    if on_behalf(rest) {
        return true;
    }
    // 从五个方面指出: the angle of the statement
    if rest.starts_with('从')
        && rest.chars().count() <= 12
        && ["方面", "角度", "高度", "层面"]
            .iter()
            .any(|w| rest.ends_with(w))
    {
        return true;
    }
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
    // 20日发表致辞说: a stance after the date
    if STANCES.contains(&rest) {
        return true;
    }
    if attended_then_spoke(rest) {
        return true;
    }
    if CLAUSE_OPENERS.iter().any(|o| rest.starts_with(o)) {
        // 在开班式上发表重要讲话: the speech made there, after the clause
        let closed = rest
            .char_indices()
            .filter(|(_, ch)| CLAUSE_CLOSERS.contains(ch))
            .map(|(i, ch)| &rest[i + ch.len_utf8()..])
            .find(|after| {
                let after = strip_adverbs(after);
                tail_ok(after) || STANCES.contains(&after)
            });
        return closed.is_some() || spoke_at_place(rest);
    }
    tail_ok(rest)
}

/// `gap` without the quotation marks of the names and terms it holds: each
/// “ closed by a ” within [`MAX_QUOTED_TERM`] characters, no clause break
/// between them, no mark left unpaired; `None` otherwise (speech).
fn quoted_terms_unmarked(gap: &str) -> Option<String> {
    let mut plain = String::with_capacity(gap.len());
    let mut rest = gap;
    while let Some(open) = rest.find(['“', '”']) {
        let (before, from) = rest.split_at(open);
        plain.push_str(before);
        let term = from.strip_prefix('“')?;
        let close = term.find('”')?;
        let inner = &term[..close];
        let count = inner.chars().count();
        if count == 0 || count > MAX_QUOTED_TERM || inner.chars().any(is_clause_break) {
            return None;
        }
        plain.push_str(inner);
        rest = &term[close + '”'.len_utf8()..];
    }
    plain.push_str(rest);
    Some(plain)
}

/// `以…名义`, `代表…`, or both joined by 及/和, of at most 24 characters.
fn on_behalf(gap: &str) -> bool {
    if gap.chars().count() > 24 {
        return false;
    }
    let mut rest = gap;
    if let Some(after) = rest.strip_prefix('以') {
        let Some(at) = after.find("名义") else {
            return false;
        };
        rest = &after[at + "名义".len()..];
        rest = rest
            .strip_prefix('及')
            .or_else(|| rest.strip_prefix('和'))
            .unwrap_or(rest);
        if rest.is_empty() {
            return true;
        }
    }
    // 代表团, 代表们 are no verb
    rest.strip_prefix("代表")
        .is_some_and(|r| !r.is_empty() && !r.starts_with(['团', '们', '性', '作']))
}

/// `在北京出席第三次“一带一路”建设座谈会并发表重要讲话`, `出席开幕式并讲话`:
/// the event a leader attended, presided or visited, joined by 并 to the
/// speech made there, the way a news item's opening sentence reports a
/// speech before summing it up. The event opens with its verb (or 在 and a
/// place, then the verb) and is at most [`MAX_EVENT_CHARS`] characters,
/// with no other 并 in it.
fn attended_then_spoke(rest: &str) -> bool {
    let Some(at) = rest.rfind('并') else {
        return false;
    };
    let (event, speech) = (&rest[..at], &rest[at + '并'.len_utf8()..]);
    if !(SPEECHES_MADE.contains(&speech) || STANCES.contains(&speech)) {
        return false;
    }
    let event = match event.strip_prefix('在') {
        // 在北京出席, 在人民大会堂会见: a place of at most six characters
        Some(place) => match place
            .char_indices()
            .take(7)
            .find(|&(i, _)| ATTENDED.iter().any(|v| place[i..].starts_with(v)))
        {
            Some((i, _)) => &place[i..],
            None => return false,
        },
        None => event,
    };
    ATTENDED.iter().any(|v| event.starts_with(v))
        && event.chars().count() <= MAX_EVENT_CHARS
        && !event.contains('并')
}

/// `在机场发表书面讲话`, `在德黑兰发表讲话`: 在 and a place of at most
/// [`MAX_PLACE_CHARS`] characters, then the speech made there.
fn spoke_at_place(rest: &str) -> bool {
    let Some(place_and_speech) = rest.strip_prefix('在') else {
        return false;
    };
    STANCES.iter().any(|stance| {
        place_and_speech.strip_suffix(stance).is_some_and(|place| {
            let count = place.chars().count();
            (1..=MAX_PLACE_CHARS).contains(&count) && !place.contains(['并', '对', '向', '就'])
        })
    })
}

/// Most characters of the place between 在 and the speech made there.
const MAX_PLACE_CHARS: usize = 12;

/// Most characters of the event before 并 and the speech made there.
const MAX_EVENT_CHARS: usize = 40;

/// Verbs of an event a speaker attended before speaking at it.
const ATTENDED: &[&str] = &[
    "出席", "主持", "参加", "视察", "考察", "会见", "接见", "看望", "慰问", "调研", "走访", "来到",
];

/// The speech made at an event, after 并 (出席开幕式并讲话).
const SPEECHES_MADE: &[&str] = &["讲话", "致辞", "作重要讲话", "作讲话", "发表重要致辞"];

/// What a speaker does on a matter before the cue (表态称, 发表讲话说).
const STANCES: &[&str] = &[
    "表态",
    "发表讲话",
    "发表谈话",
    "发表声明",
    "发表联合声明",
    "发表重要讲话",
    "发表致辞",
    "发表演讲",
    "发表电视讲话",
    "发表评论",
    "发表看法",
    "撰写评论",
    "发表视频讲话",
    "发表书面讲话",
    "发表公开讲话",
    "发表全国讲话",
    "发表新年讲话",
    "发表新年致辞",
    "发表重要演讲",
    "发表主旨演讲",
    // 近日作出重要指示强调, 对…作出批示指出: an instruction given in writing
    "作出重要指示",
    "作出指示",
    "作出重要批示",
    "作出批示",
];

/// Words that end a description of the people spoken to.
const ADDRESSEES: &[&str] = &[
    "同志",
    "负责人",
    "人员",
    "们",
    "代表",
    "青年",
    "大家",
    "记者",
    "群众",
    "干部",
    "学生",
    "工人",
    "职工",
    "村民",
    "居民",
    "官兵",
    "员工",
    "老人",
];

/// The end of a gap: nothing, 向大家 / 对记者, or an adverb in 地.
pub(super) fn tail_ok(tail: &str) -> bool {
    let count = tail.chars().count();
    let addressed = ["向", "对", "给", "跟"].iter().any(|p| tail.starts_with(p));
    tail.is_empty()
        || (addressed && count <= 8)
        // 对随行的地方和部门负责同志说, 对簇拥在身边的年轻科研人员表示: the
        // people spoken to, described at length
        || (addressed && count <= 20 && ADDRESSEES.iter().any(|w| tail.ends_with(w)))
        || (tail.ends_with('地') && count <= 7)
        // 满怀期待地对村支书顾叔军 (地 often written 的): a manner, then the addressee
        || tail
            .char_indices()
            .take(7)
            .filter(|&(_, ch)| ch == '地' || ch == '的')
            .any(|(at, ch)| {
                let rest = &tail[at + ch.len_utf8()..];
                at > 0
                    && ["向", "对", "给", "跟"].iter().any(|p| rest.starts_with(p))
                    && rest.chars().count() <= 8
            })
}

/// `他听了大家发言后强调`: a subject, what it did, then 后/时 and the cue.
pub(super) fn temporal_gap(gap: &str) -> bool {
    if !gap.contains(['后', '时']) {
        return false;
    }
    // (the marks “ ” are clause breaks)
    if gap.chars().any(is_clause_break) {
        // 在“纽伦堡教训”论坛致辞时: read without the marks of a name
        return gap.contains(['“', '”'])
            && quoted_terms_unmarked(gap).is_some_and(|plain| temporal_gap(&plain));
    }
    gap.chars().count() <= 20
        && gap
            .char_indices()
            .filter(|&(_, ch)| ch == '后' || ch == '时')
            .any(|(i, ch)| tail_ok(strip_adverbs(&gap[i + ch.len_utf8()..])))
}

/// `陈虹、郭锐和王建清等几位来自产业一线的代表则表示`: after a list of names,
/// 等 and the group they form, then the usual adverbs.
pub(super) fn group_gap(gap: &str) -> bool {
    // 等几位来自产业一线的代表, or 两位代表 / 三名委员 right after the names
    let rest = match gap.strip_prefix('等') {
        Some(rest) => rest,
        None => {
            let mut chars = gap.chars();
            let counted = chars
                .next()
                .is_some_and(|ch| "两二三四五六七八几".contains(ch))
                && matches!(chars.next(), Some('位' | '名'));
            if !counted {
                return false;
            }
            gap
        }
    };
    if rest.chars().count() > 20 || rest.chars().any(|ch| is_clause_break(ch) || ch == '“') {
        return false;
    }
    // 李红、王明等认为: 等 and no group word
    if gap.starts_with('等') && gap_ok(rest) {
        return true;
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
        // 等政党政要也在来电来函中表示, 等各界人士: the people of a list by kind
        "政要",
        "人士",
        "官员",
        "嘉宾",
    ]
    .iter()
    .filter_map(|group| rest.rfind(group).map(|at| &rest[at + group.len()..]))
    .any(gap_ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps() {
        assert!(gap_ok(""));
        assert!(gap_ok("在参加浙江代表团审议时"));
        assert!(gap_ok("5日参加云南代表团审议时"));
        assert!(gap_ok("也深有体会地"));
        assert!(gap_ok("向大家"));
        assert!(!gap_ok("分享了来自教育一线的观察"));
        // a name in quotation marks is read as the name
        assert!(gap_ok("在“纽伦堡”论坛上"));
        assert!(temporal_gap("当天在接见俄罗斯“胜利志愿者”成员时"));
        // a mark left open, or a term too long to be a name: speech
        assert!(!gap_ok("在“纽伦堡论坛上"));
        assert!(!gap_ok("在“坚持和发展新时代中国特色社会主义”论坛上"));
    }
}
