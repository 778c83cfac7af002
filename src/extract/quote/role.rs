//! The role an article states for a speaker anywhere in it (全国人大代表赵振香…,
//! 段明龙委员, 刘长乐、冯骥才五位全国政协委员), for a quote whose own
//! attribution gives none.

use memchr::memmem;

use crate::extract::speaker::is_clause_break;
use crate::model::Role;

/// The role the article gives `name` elsewhere (全国人大代表赵振香…, 段明龙委员),
/// 全国政协委员 before 全国人大代表; the body is searched once for the name.
pub(super) fn stated_role(body: &str, name: &str) -> Option<Role> {
    if name.is_empty() {
        // every character boundary, as `str::match_indices` gives an empty name
        let boundaries = body.char_indices().map(|(at, _)| at);
        return role_at(body, name, boundaries.chain(std::iter::once(body.len())));
    }
    // a SIMD search of the body's bytes (not overlapping, as `match_indices`;
    // a match of whole UTF-8 starts at a character)
    role_at(
        body,
        name,
        memmem::find_iter(body.as_bytes(), name.as_bytes()),
    )
}

/// [`stated_role`] of the mentions of `name` starting at the byte offsets `mentions`.
fn role_at(body: &str, name: &str, mentions: impl Iterator<Item = usize>) -> Option<Role> {
    let mut deputy = false;
    for at in mentions {
        let (before, after) = (&body[..at], &body[at + name.len()..]);
        // 赵振香代表， / 段明龙委员表示 — but not 习近平代表党中央.
        let suffixed = |suffix: &str| {
            after.strip_prefix(suffix).is_some_and(|rest| {
                rest.chars().next().is_none_or(|ch| {
                    is_clause_break(ch) || "、表说认建指强提介呼告透在是也还则".contains(ch)
                })
            })
        };
        // 刘长乐、冯骥才、苏士澍、成龙、海霞五位全国政协委员: a list and its count
        let counted = counted_group_role(after);
        if before.ends_with("全国政协委员")
            || suffixed("委员")
            || counted == Some(Role::CppccMember)
        {
            return Some(Role::CppccMember);
        }
        deputy |= before.ends_with("全国人大代表")
            || suffixed("代表")
            || counted == Some(Role::NpcDeputy);
    }
    deputy.then_some(Role::NpcDeputy)
}

/// The role a count gives a list of names the text after a name goes on
/// with (、冯骥才、苏士澍五位全国政协委员, 等五位全国人大代表).
fn counted_group_role(after: &str) -> Option<Role> {
    let list: String = after
        .chars()
        .take_while(|&ch| !is_clause_break(ch) || ch == '、')
        .take(40)
        .collect();
    let at = list.find('位')?;
    let count = list[..at].chars().next_back()?;
    // only names between (not 肖捷、农业部长韩长赋…以及刘长乐等五位…)
    let names = &list[..at - count.len_utf8()];
    let only_names = names
        .split(['、', '和', '等'])
        .all(|name| name.chars().count() <= 4);
    if !"两二三四五六七八九十几".contains(count) || !only_names {
        return None;
    }
    let group = &list[at + '位'.len_utf8()..];
    if group.starts_with("全国政协委员") || group.starts_with("政协委员") {
        Some(Role::CppccMember)
    } else if group.starts_with("全国人大代表") || group.starts_with("人大代表") {
        Some(Role::NpcDeputy)
    } else {
        None
    }
}
