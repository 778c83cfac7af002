//! Speakers: who a cue verb belongs to — the person's name, role and title chain.
//!
//! Owns name recognition (2–4 character Chinese names checked against a shipped
//! surname list, names with `·`, jieba's name tags for doubtful spans), the title
//! chain before a name (全国人大代表、全国工商联副主席、通威集团董事局主席刘汉元),
//! the suffix forms (乔红委员, 孙景南代表, 习近平总书记) and the province a speaker is
//! stated to come from. It does not decide what was said: that is [`super::quote`].
//!
//! Everything works on `Chars`, a paragraph indexed by character, so that the
//! backward scans in Chinese text never cut a UTF-8 sequence.

use crate::model::Role;

use self::name::{is_han, plain_name_chars, title_before};

mod country;
mod name;
mod title;

#[doc(hidden)]
pub(crate) use self::country::is_body_name;
pub use self::name::forget_names;
pub(crate) use self::name::{
    boundary_before, has_surname, is_forbidden_in_name, is_transliteration, jieba_says_name,
    name_ending_at, name_starting_at, posted_name_ending_at, reads_as_name_of,
};
pub(crate) use self::title::{ends_with_post, title_chain, RULERS};

/// A paragraph indexed by character, with the byte offset of every character.
pub(crate) struct Chars<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// `offsets[i]` is the byte offset of `chars[i]`; one extra entry holds `text.len()`.
    pub offsets: Vec<usize>,
}

impl<'a> Chars<'a> {
    pub fn new(text: &'a str) -> Self {
        // counted first (a fast pass over the bytes), so that neither vector
        // grows: a paragraph with Latin letters or digits has more characters
        // than a third of its bytes
        let count = text.chars().count();
        let mut chars = Vec::with_capacity(count);
        let mut offsets = Vec::with_capacity(count + 1);
        for (i, ch) in text.char_indices() {
            chars.push(ch);
            offsets.push(i);
        }
        offsets.push(text.len());
        Chars {
            text,
            chars,
            offsets,
        }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The text of the characters `from..to`.
    pub fn slice(&self, from: usize, to: usize) -> &'a str {
        let to = to.min(self.len());
        let from = from.min(to);
        &self.text[self.offsets[from]..self.offsets[to]]
    }

    /// The character index of a byte offset that lies on a character boundary.
    pub fn char_index(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }

    /// Whether the characters before `at` end with `pat`.
    pub fn ends_with_at(&self, at: usize, pat: &str) -> bool {
        self.slice(0, at).ends_with(pat)
    }

    /// Whether the characters from `at` start with `pat`.
    pub fn starts_with_at(&self, at: usize, pat: &str) -> bool {
        self.slice(at, self.len()).starts_with(pat)
    }

    pub fn get(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }
}

/// A named person as the text introduces them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Person {
    pub name: String,
    pub role: Role,
    pub titles: Vec<String>,
    pub province: Option<&'static str>,
}

/// Punctuation that ends a clause: a name chain never crosses it.
pub(crate) fn is_clause_break(ch: char) -> bool {
    matches!(
        ch,
        '，' | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '“'
            | '”'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\n'
            | '…'
    )
}

/// Characters that may stand right before a name.
fn is_name_boundary(ch: char) -> bool {
    is_clause_break(ch)
        || matches!(
            ch,
            '、' | '（'
                | '）'
                | '('
                | ')'
                | '【'
                | '】'
                | '《'
                | '》'
                | '—'
                | ' '
                | '\t'
                | '\u{3000}'
                | '的'
                | '和'
                | '与'
                | '及'
        )
}

/// The start of the clause that contains character `at`.
pub(crate) fn clause_start(c: &Chars, at: usize) -> usize {
    (0..at.min(c.len()))
        .rev()
        .find(|&i| is_clause_break(c.chars[i]))
        .map_or(0, |i| i + 1)
}

/// The start of a name of two to four Han characters that ends at `end` right
/// after a post (主任娘毛先), whatever its characters, for a text that says
/// on its own that a person stands there (a note after it: 娘毛先(藏族)：“…”).
pub(crate) fn titled_name_ending_at(c: &Chars, lo: usize, end: usize) -> Option<usize> {
    [3usize, 2, 4].into_iter().find_map(|len| {
        let start = end.checked_sub(len)?;
        (start > lo && plain_name_chars(c, start, end) && title_before(c, start)).then_some(start)
    })
}

/// Whether 代表/委员 ending before character `after` can be a person's suffix
/// (赵振香代表，段明龙委员表示, 包为民委员给大家) rather than a body (代表团,
/// 委员会) or the verb 代表 with its object (郝明金代表各民主党派, 习近平代表中共中央,
/// 普京代表俄罗斯政府和人民).
pub(crate) fn person_suffix_end(c: &Chars, suffix: &str, after: usize) -> bool {
    let Some(next) = c.get(after) else {
        return true;
    };
    if matches!(next, '团' | '们' | '会' | '长' | '通' | '处') {
        return false;
    }
    suffix != "代表"
        || !("各中党国全政省市县大广本我所该公企学作性人民两参出".contains(next)
            || speaks_for_a_body(c, after))
}

/// Whether the clause after the verb 代表 at `after` names the body a person
/// speaks for: 普京代表俄罗斯政府和人民, 拉马福萨代表南非政府, 洪森代表柬埔寨王国政府.
/// A deputy's suffix is followed by what the deputy does (赵振香代表在政府工作报告
/// 中…, 代表对政府工作报告…), which is no object.
fn speaks_for_a_body(c: &Chars, after: usize) -> bool {
    const DEPUTY_DOES: &str =
        "在说表告认建提呼希介谈坦回指强接向给就对也还是的带今一都又则等透讲把从围针";
    const BODIES: [&str; 7] = ["政府", "人民", "中央", "国务院", "全体", "议会", "王室"];
    if c.get(after).is_none_or(|next| DEPUTY_DOES.contains(next)) {
        return false;
    }
    let end = (after..c.len().min(after + 12))
        .find(|&k| is_clause_break(c.chars[k]))
        .unwrap_or(c.len().min(after + 12));
    let object = c.slice(after, end);
    // 李克强代表习近平总书记向…表示感谢: a leader spoken for, by name and title
    let leader = (2..=4).any(|len| on_behalf_of(c, after, after + len));
    leader || BODIES.iter().any(|body| object.contains(body))
}

/// Whether the name at `start..end` follows the verb 代表 rather than the role:
/// 代表习近平总书记向…表示问候 speaks on a leader's behalf; a deputy is never
/// written 代表 before a name and a leader's title.
pub(crate) fn on_behalf_of(c: &Chars, start: usize, end: usize) -> bool {
    c.ends_with_at(start, "代表")
        && !c.ends_with_at(start, "人大代表")
        && TITLE_SUFFIXES[..4].iter().any(|t| c.starts_with_at(end, t))
}

/// Role suffixes after a name: 乔红委员, 孙景南代表.
/// (常委 after a name is a member of the CPPCC's standing committee, whose
/// plenary speeches are reported 龙新民常委提出，…；印红常委代表九三学社中央
/// 发言建议，…: the standing committees of the Party are written before names)
pub(crate) const ROLE_SUFFIXES: &[(&str, Role)] = &[
    ("代表", Role::NpcDeputy),
    ("委员", Role::CppccMember),
    ("常委", Role::CppccMember),
];

/// Title suffixes after a name that are not roles: 习近平总书记, 李强总理,
/// 王振民教授, 习近平同志, 俞建华大使.
pub(crate) const TITLE_SUFFIXES: &[&str] = &[
    "总书记",
    "委员长",
    "主席",
    "总理",
    "院士",
    "教授",
    "同志",
    "大使",
];

/// Every person introduced in `c[lo..hi]` with where their name starts, in
/// text order: role or title followed by a name, or a name followed by 代表/委员.
pub(crate) fn mentions(c: &Chars, lo: usize, hi: usize) -> Vec<(usize, Person)> {
    let mut found: Vec<(usize, Person)> = Vec::new();
    let hi = hi.min(c.len());
    let mut i = lo;
    while i < hi {
        // Suffix form: a name ends at i and 代表/委员 follow.
        for (suffix, role) in ROLE_SUFFIXES {
            if !c.starts_with_at(i, suffix) || !person_suffix_end(c, suffix, i + 2) {
                continue;
            }
            let clause = clause_start(c, i);
            // 乌克兰代表则指责: a country's representative, no person
            if let Some(start) = name_ending_at(c, clause.max(lo), i, true)
                .filter(|&start| !is_body_name(c.slice(start, i)))
            {
                let chain = title_chain(c, clause, start);
                found.push((
                    start,
                    Person {
                        name: c.slice(start, i).to_string(),
                        role: chain.role.unwrap_or(*role),
                        titles: chain.titles,
                        province: chain.province,
                    },
                ));
            }
        }
        // Prefix form: a title ends at i and a name follows.
        if i > lo && title_before(c, i) && c.get(i).is_some_and(is_han) {
            if let Some(end) = name_starting_at(c, i, hi).filter(|&end| !on_behalf_of(c, i, end)) {
                let clause = clause_start(c, i);
                let chain = title_chain(c, clause, i);
                let suffix_role = ROLE_SUFFIXES
                    .iter()
                    .find(|(s, _)| c.starts_with_at(end, s))
                    .map(|(_, r)| *r);
                let role = chain.role.or(suffix_role).unwrap_or(Role::Other);
                let mut start = i;
                let mut end = end;
                loop {
                    let name = c.slice(start, end).to_string();
                    if !found.iter().any(|(s, p)| *s == start && p.name == name) {
                        found.push((
                            start,
                            Person {
                                name,
                                role,
                                titles: chain.titles.clone(),
                                province: chain.province,
                            },
                        ));
                    }
                    // 全国人大代表张伟和李红, 前总理贝内特和拉皮德: the names of a
                    // list share the title (a foreign name after a foreign one)
                    let foreign = (start..end).all(|k| is_transliteration(c.chars[k]));
                    let listed = c
                        .get(end)
                        .filter(|ch| matches!(ch, '、' | '和' | '与' | '及'))
                        .and_then(|_| {
                            let run = (end + 1..hi.min(end + 7))
                                .take_while(|&k| is_transliteration(c.chars[k]))
                                .count();
                            if foreign && run >= 2 {
                                Some(end + 1 + run)
                            } else {
                                name_starting_at(c, end + 1, hi)
                            }
                        });
                    match listed {
                        Some(next) => {
                            start = end + 1;
                            end = next;
                        }
                        None => break,
                    }
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    found.sort_by_key(|(s, _)| *s);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_verb_代表_is_no_role_suffix() {
        // xwlb-20240207-01: 郝明金 speaks for the parties; he is no deputy there.
        let text = "郝明金代表各民主党派中央、全国工商联和无党派人士致辞。他表示，";
        let c = Chars::new(text);
        assert!(mentions(&c, 0, c.len()).is_empty());
        let text = "全国政协委员敖虎山致力于自动体外除颤器的推广。刘世锦委员给大家介绍";
        let c = Chars::new(text);
        let found: Vec<(String, Role)> = mentions(&c, 0, c.len())
            .into_iter()
            .map(|(_, p)| (p.name, p.role))
            .collect();
        assert_eq!(found[1], ("刘世锦".to_string(), Role::CppccMember));
    }

    #[test]
    fn mentions_find_prefix_and_suffix_forms() {
        let text =
            "全国政协委员敖虎山致力于自动体外除颤器的推广。来自宁夏的马恒燕代表是一名小学校长";
        let c = Chars::new(text);
        let names: Vec<String> = mentions(&c, 0, c.len())
            .into_iter()
            .map(|(_, p)| p.name)
            .collect();
        assert_eq!(names, vec!["敖虎山", "马恒燕"]);
    }
}
