//! The roster of the 14th National People's Congress, and linking speakers to it.
//!
//! Owns the shipped roster (`data/npc14_deputies.tsv`, CC BY-SA 4.0, see
//! `data/NOTICE`): reading it, with bad lines reported by line and reason
//! rather than fatal, and deciding whether a quoted speaker is one of its
//! deputies. Does not own finding speakers ([`super::speaker`]) or quotes
//! ([`super::quote`]).
//!
//! Linking is cautious: a name of the roster is a deputy only where the
//! article allows it. The article must fall in the 14th NPC's term (March
//! 2023 to March 2028) when its date is known; a speaker the article calls a
//! 全国政协委员, or presents with a foreign title, is not linked; a speaker
//! the article does not call a deputy is linked only in 两会 coverage and
//! only when the titles the article gives agree with the roster's post. Two
//! deputies with one name are told apart by the province the article gives
//! or by the post; when they cannot be, neither is linked: two people are
//! never merged into one.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::extract::province::{normalize_province, PROVINCES};
use crate::extract::speaker::ends_with_post;
use crate::model::{Problem, Quote, Role, RosterFacts};

/// Where the shipped roster comes from, as its problems name it.
pub const ROSTER_PATH: &str = "src/extract/data/npc14_deputies.tsv";

/// The delegation of the People's Liberation Army and the People's Armed Police.
const ARMY: &str = "解放军和武警部队";

/// One deputy of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deputy {
    /// The delegation as the roster writes it (北京市, 解放军和武警部队).
    pub delegation: String,
    /// The delegation's province in short form; `None` for the army.
    pub province: Option<&'static str>,
    pub name: String,
    pub party: Option<String>,
    pub post: Option<String>,
}

impl Deputy {
    /// What a linked quote or speaker carries.
    pub fn facts(&self) -> RosterFacts {
        RosterFacts {
            delegation: self.delegation.clone(),
            party: self.party.clone(),
            post: self.post.clone(),
        }
    }
}

/// The deputies, looked up by name.
#[derive(Debug, Default)]
pub struct Roster {
    deputies: Vec<Deputy>,
    by_name: FxHashMap<String, Vec<usize>>,
}

impl Roster {
    /// Reads a roster: `#` comment lines, a header line starting with
    /// `代表团`, then `delegation \t name \t party \t post` lines. A line that
    /// cannot be a deputy is left out and reported with its reason.
    pub fn parse(text: &str, path: &str) -> (Roster, Vec<Problem>) {
        let mut roster = Roster::default();
        let mut problems = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("代表团\t") {
                continue;
            }
            match parse_line(line) {
                Ok(deputy) => {
                    // a change of the list (补选) may list a deputy again
                    let same = roster.named(&deputy.name).iter().any(|d| {
                        d.province == deputy.province
                            && match (&d.post, &deputy.post) {
                                (Some(a), Some(b)) => a == b || agree(a, b),
                                _ => false,
                            }
                    });
                    if same {
                        problems.push(problem(path, line_no, "the same deputy a second time"));
                        continue;
                    }
                    roster
                        .by_name
                        .entry(deputy.name.clone())
                        .or_default()
                        .push(roster.deputies.len());
                    roster.deputies.push(deputy);
                }
                Err(reason) => problems.push(problem(path, line_no, &reason)),
            }
        }
        (roster, problems)
    }

    /// The deputies called `name` (several where namesakes sit in the NPC).
    pub fn named(&self, name: &str) -> Vec<&Deputy> {
        self.by_name
            .get(name)
            .map(|ids| ids.iter().map(|&i| &self.deputies[i]).collect())
            .unwrap_or_default()
    }

    /// The names of the deputies, each once.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.keys().map(String::as_str)
    }

    /// Whether some deputy is called `name`.
    pub fn has_name(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    pub fn len(&self) -> usize {
        self.deputies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.deputies.is_empty()
    }
}

fn problem(path: &str, line: usize, reason: &str) -> Problem {
    Problem {
        path: path.to_string(),
        line: Some(line),
        reason: reason.to_string(),
    }
}

fn parse_line(line: &str) -> Result<Deputy, String> {
    let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [delegation, name, party, post] = fields.as_slice() else {
        return Err(format!("{} fields, expected 4", fields.len()));
    };
    let chars = name.chars().count();
    if !(2..=20).contains(&chars)
        || !name
            .chars()
            .all(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch) || ch == '·')
    {
        return Err(format!("{name:?} is no person's name"));
    }
    let army = delegation.contains("解放军");
    let province = normalize_province(delegation);
    if province.is_none() && !army {
        return Err(format!("unknown delegation {delegation:?}"));
    }
    let optional = |text: &str| (!text.is_empty()).then(|| text.replace('無', "无"));
    Ok(Deputy {
        delegation: if army {
            ARMY.to_string()
        } else {
            delegation.to_string()
        },
        province,
        name: name.to_string(),
        party: optional(party),
        post: optional(post),
    })
}

/// The shipped roster and the problems of its lines.
fn shipped() -> &'static (Roster, Vec<Problem>) {
    static SHIPPED: OnceLock<(Roster, Vec<Problem>)> = OnceLock::new();
    SHIPPED.get_or_init(|| Roster::parse(include_str!("data/npc14_deputies.tsv"), ROSTER_PATH))
}

/// The shipped roster of the 14th NPC.
pub fn roster() -> &'static Roster {
    &shipped().0
}

/// The lines of the shipped roster that were left out, with their reasons.
pub fn roster_problems() -> &'static [Problem] {
    &shipped().1
}

/// Words of an article that make it 两会 coverage, where a deputy may be
/// named without being called one.
const LIANGHUI_WORDS: &[&str] = &[
    "人大代表",
    "两会",
    "人代会",
    "全国人大会议",
    "代表团审议",
    "代表通道",
    "议案",
];

/// Countries whose name in a title makes its holder no deputy (美国国务卿…).
const FOREIGN: &[&str] = &[
    "美国",
    "俄罗斯",
    "日本",
    "英国",
    "法国",
    "德国",
    "韩国",
    "朝鲜",
    "印度",
    "伊朗",
    "以色列",
    "巴基斯坦",
    "越南",
    "老挝",
    "柬埔寨",
    "泰国",
    "缅甸",
    "新加坡",
    "马来西亚",
    "印度尼西亚",
    "菲律宾",
    "澳大利亚",
    "新西兰",
    "加拿大",
    "巴西",
    "阿根廷",
    "墨西哥",
    "南非",
    "埃及",
    "意大利",
    "西班牙",
    "葡萄牙",
    "荷兰",
    "比利时",
    "瑞士",
    "瑞典",
    "挪威",
    "芬兰",
    "丹麦",
    "波兰",
    "乌克兰",
    "土耳其",
    "沙特",
    "蒙古",
    "哈萨克斯坦",
    "欧盟",
    "联合国",
    "外国",
    "国际",
];

/// Whether an article dated `date` (`YYYY-MM-DD`) falls in the 14th NPC's term.
fn in_term(date: &str) -> bool {
    ("2023-03".."2028-03-32").contains(&date)
}

/// Links the speakers of an article's quotes to the roster: a linked quote
/// carries the deputy's [`RosterFacts`], takes the role 全国人大代表 where
/// the article gives the speaker no other capacity, and the delegation's
/// province where it names none. `date` is the article's (`YYYY-MM-DD`).
pub fn link_quotes(quotes: &mut [Quote], body: &str, date: Option<&str>) {
    if date.is_some_and(|d| !in_term(d)) {
        return;
    }
    let roster = roster();
    // looked up only when a speaker's name is in the roster
    let lianghui = std::cell::OnceCell::new();
    let lianghui = || *lianghui.get_or_init(|| LIANGHUI_WORDS.iter().any(|w| body.contains(w)));
    for quote in quotes.iter_mut() {
        let Some(deputy) = link(roster, quote, &lianghui) else {
            continue;
        };
        quote.roster = Some(deputy.facts());
        // a leader or an official speaks in that capacity, not as a deputy
        if quote.role == Role::Other
            && quote.titles.is_empty()
            && !presented_with_post(body, &quote.speaker)
        {
            quote.role = Role::NpcDeputy;
        }
        if quote.role == Role::NpcDeputy && quote.province.is_none() {
            quote.province = deputy.province.map(str::to_string);
        }
    }
}

/// Posts written right after a name (习近平总书记, 李强总理).
const POST_SUFFIXES: &[&str] = &["总书记", "主席", "总理", "委员长", "副总理", "部长", "书记"];

/// Whether the article presents `name` with a post somewhere (国务院总理李强,
/// 赵乐际委员长): a post other than 代表/委员.
fn presented_with_post(body: &str, name: &str) -> bool {
    body.match_indices(name).any(|(at, _)| {
        let before: String = body[..at]
            .chars()
            .rev()
            .take(12)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let after = &body[at + name.len()..];
        (ends_with_post(&before) && !before.ends_with("代表") && !before.ends_with("委员"))
            || POST_SUFFIXES.iter().any(|post| after.starts_with(post))
    })
}

/// The one deputy `quote`'s speaker is, if the article lets us say so.
fn link<'r>(roster: &'r Roster, quote: &Quote, lianghui: &dyn Fn() -> bool) -> Option<&'r Deputy> {
    let candidates = roster.named(&quote.speaker);
    if candidates.is_empty() || quote.role == Role::CppccMember {
        return None;
    }
    if quote
        .titles
        .iter()
        .any(|title| FOREIGN.iter().any(|country| title.contains(country)))
    {
        return None;
    }
    let stated = quote.role == Role::NpcDeputy;
    if !stated && !lianghui() {
        return None;
    }
    // the province the article gives tells namesakes apart
    let candidates: Vec<&Deputy> = match quote.province.as_deref() {
        Some(province) => candidates
            .into_iter()
            .filter(|d| d.province == Some(province) || d.province.is_none())
            .collect(),
        None => candidates,
    };
    // a title the article gives must agree with the roster's post
    let agreeing: Vec<&Deputy> = candidates
        .iter()
        .copied()
        .filter(|d| {
            quote
                .titles
                .iter()
                .any(|title| d.post.as_deref().is_some_and(|post| agree(title, post)))
        })
        .collect();
    match (candidates.as_slice(), agreeing.as_slice()) {
        (_, [one]) => Some(one),
        ([one], []) if quote.titles.is_empty() => Some(one),
        // a deputy the article calls one, with a title the roster words otherwise
        ([one], []) if stated => Some(one),
        _ => None,
    }
}

/// Two-character words too common in posts to tell two posts apart.
const GENERIC: &[&str] = &[
    "全国", "中国", "人民", "人大", "代表", "委员", "主任", "主席", "书记", "部长", "董事", "事长",
    "经理", "总经", "党委", "党组", "中共", "副主", "公司", "有限", "集团", "常委", "省委", "市委",
    "县委", "政府", "大学", "学院", "教授", "校长", "院长", "局长", "主任", "研究", "中心", "协会",
    "会长", "成员", "支部", "村党", "员会", "委会",
];

/// Whether an article's title and the roster's post share a telling word
/// (华工科技董事长 and 华工科技产业股份有限公司董事长 share 华工).
fn agree(title: &str, post: &str) -> bool {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(2).any(|pair| {
        let word: String = pair.iter().collect();
        !GENERIC.contains(&word.as_str())
            && !PROVINCES.iter().any(|p| p.contains(word.as_str()))
            && post.contains(&word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_roster_reads_without_problems() {
        let roster = roster();
        // three deputies elected later (补选) are listed twice
        let twice: Vec<String> = roster_problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            twice,
            vec![
                format!("{ROSTER_PATH}:2956: the same deputy a second time"),
                format!("{ROSTER_PATH}:2957: the same deputy a second time"),
                format!("{ROSTER_PATH}:2958: the same deputy a second time"),
            ]
        );
        assert_eq!(roster.len(), 2970);
        assert_eq!(
            roster.named("拉琼").len(),
            2,
            "namesakes of one delegation stay two"
        );
        let wang_yi = roster.named("王毅");
        assert_eq!(wang_yi.len(), 2);
        assert!(wang_yi.iter().any(|d| d.province == Some("广西")));
        let army = roster
            .named("张振中")
            .into_iter()
            .next()
            .map(|d| (d.delegation.clone(), d.province));
        assert_eq!(army, Some((ARMY.to_string(), None)));
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let text = "代表团\t姓名\t政党\t职务\n北京市\t马一德\t致公党\t教授\n北京市\t马旭\n火星\t张三\t\t\n北京市\tABC\t\t\n北京市\t马一德\t致公党\t教授\n上海\t金力\t中共\t复旦大学校长\n";
        let (roster, problems) = Roster::parse(text, "r.tsv");
        assert_eq!(roster.len(), 2);
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            lines,
            vec![
                "r.tsv:3: 2 fields, expected 4",
                "r.tsv:4: unknown delegation \"火星\"",
                "r.tsv:5: \"ABC\" is no person's name",
                "r.tsv:6: the same deputy a second time",
            ]
        );
        assert_eq!(roster.named("金力")[0].province, Some("上海"));
    }

    use crate::extract::quote::extract_quotes_dated;

    /// xwlb-20260224-10: the deputy is introduced after a dash, and the
    /// article never names his delegation.
    const FU_GUOTAO: &str = "央视网消息（新闻联播）：《代表委员履职故事》今天（2月24日）带您认识一位扎根车间生产一线、持续关注技能人才培养的全国人大代表——傅国涛。\n傅国涛是中国船舶集团首席技师，工作36年，他从一名普通车工干起，逐渐成长为车间技术骨干。\n当选全国人大代表以来，傅国涛的建议都是围绕加快产教融合、培养青年技能人才等方面。今年全国两会，傅国涛准备提出深化职业院校建设、多元化培养技能人才的建议，通过多方努力，共同培养高技能人才。\n傅国涛说，技能人才培养要从娃娃抓起。";

    #[test]
    fn a_deputy_named_without_role_or_province_gets_both() {
        let quotes = extract_quotes_dated(FU_GUOTAO, Some("2026-02-24"));
        let fu = quotes
            .iter()
            .find(|q| q.speaker == "傅国涛")
            .expect("a quote of 傅国涛");
        assert_eq!(fu.role, Role::NpcDeputy);
        assert_eq!(fu.province.as_deref(), Some("重庆"));
        assert_eq!(
            fu.roster.as_ref().map(|r| r.delegation.as_str()),
            Some("重庆市")
        );
        // the roster is the 14th NPC's: an article of 2019 is not linked
        let quotes = extract_quotes_dated(FU_GUOTAO, Some("2019-03-05"));
        assert!(quotes
            .iter()
            .all(|q| q.roster.is_none() && q.province.is_none()));
    }

    #[test]
    fn a_namesake_with_another_post_is_not_linked() {
        // xwlb-20260309-06: two deputies are called 刘伟 (北京, 云南); the
        // minister of transport of the 部长通道 is neither of them by post
        let body = "全国人大四次会议“部长通道”今天（3月9日）再次开启，来自交通运输部、农业农村部、国家体育总局的3位负责人接受集体采访，回应社会关切的热点问题。\n交通运输部部长刘伟介绍，我国综合交通运输体系建设取得突破性进展，交通强国建设迈出坚实步伐。";
        let quotes = extract_quotes_dated(body, Some("2026-03-09"));
        let liu = quotes.iter().find(|q| q.speaker == "刘伟").expect("刘伟");
        assert_eq!(liu.roster, None);
        assert_eq!(liu.role, Role::Other);
        assert_eq!(liu.province, None);
    }

    #[test]
    fn namesakes_are_told_apart_by_post_and_a_leader_keeps_his_role() {
        // xwlb-20260306-03: of the two deputies 李强 (江苏, 云南) the premier is 云南's
        let body = "中共中央政治局常委、国务院总理李强参加河南代表团审议。他说，过去一年河南深入贯彻习近平总书记重要指示精神和党中央决策部署，主要指标增速位居前列，向新向优趋势明显。";
        let quotes = extract_quotes_dated(body, Some("2026-03-06"));
        let li = quotes.iter().find(|q| q.speaker == "李强").expect("李强");
        assert_eq!(
            li.roster.as_ref().map(|r| r.delegation.as_str()),
            Some("云南省")
        );
        assert_eq!(li.role, Role::Other);
        assert_eq!(li.province, None);
    }

    #[test]
    fn posts_agree_on_a_telling_word() {
        assert!(agree("华工科技董事长", "华工科技产业股份有限公司董事长"));
        assert!(!agree("中国科学院院长", "复旦大学校长"));
        // a province is no telling word: 拉琼 and 拉琼 of 西藏 are two deputies
        assert!(!agree(
            "西藏大学理学院生命科学系教授",
            "西藏藏缘青稞科技有限公司车间主任"
        ));
    }
}
