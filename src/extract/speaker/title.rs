//! Title chains: what the words before a name say about the person — role
//! (全国人大代表, 全国政协委员), titles (organisation + post) and the province
//! (来自湖南…, 湖南代表).

use std::sync::LazyLock;

use memchr::memmem;

use crate::extract::province::{normalize_province, PROVINCES};
use crate::model::Role;

use super::Chars;

/// Words that end a title directly followed by a name (副市长张桥, 董事长马新强).
pub(super) const TITLE_ENDINGS: &[&str] = &[
    "代表",
    "委员",
    "主席",
    "书记",
    "总理",
    "部长",
    "院士",
    "主任",
    "董事长",
    "总经理",
    "经理",
    "总裁",
    "总监",
    "教授",
    "专家",
    "常委",
    "首席",
    "律师",
    "老师",
    "支书",
    "大使",
    "发言人",
    "负责人",
    "创始人",
    "带头人",
    "传承人",
    "总师",
    "工人",
    "农民",
    "医生",
    "护士",
    "干部",
    "工匠",
    "能手",
    "学者",
    "作家",
    "艺术家",
    "企业家",
    "导演",
    "冠军",
    "政委",
    "司令",
    "校友",
    "村民",
    "党员",
    "学家",
    "科学家",
    "总书记",
    "国务委员",
    "主持人",
    "总编",
    "主编",
    "编辑",
    // posts of foreign officials (俄罗斯总统普京, 伊朗外长扎里夫 end in 长)
    "总统",
    "首相",
    "国王",
    "总干事",
    "助理",
    "特使",
    "领导人",
    "国务卿",
    "领袖",
    "秘书",
    // 缅甸国务资政昂山素季, 新加坡内阁资政
    "资政",
    // someone introduced as another's relative (刘养顺妻子杨秋娥)
    "妻子",
    "丈夫",
    "老伴",
];

/// Monarchs' and rulers' titles, written before the name as posts are
/// (日本天皇德仁, 文莱苏丹哈桑纳尔, 马来西亚最高元首阿卜杜拉): title endings here, and
/// posts of quote extraction's resolver.
pub(crate) const RULERS: &[&str] = &["天皇", "女王", "苏丹", "元首", "王储", "亲王", "埃米尔"];

/// Every title ending: [`TITLE_ENDINGS`] and [`RULERS`].
pub(crate) fn title_endings() -> impl Iterator<Item = &'static str> {
    TITLE_ENDINGS.iter().chain(RULERS).copied()
}

/// Single characters that end most remaining titles (局长, 工程师, 研究员, 院士, 检察官…).
pub(super) const TITLE_LAST_CHARS: &[char] = &['长', '师', '员', '士', '官', '手'];

/// What the words before a name say about the person.
#[derive(Debug, Default)]
pub(crate) struct Chain {
    pub role: Option<Role>,
    pub titles: Vec<String>,
    pub province: Option<&'static str>,
}

/// A province named at the start of `text` (来自湖南湘西… → 湖南).
pub(super) fn province_prefix(text: &str) -> Option<&'static str> {
    PROVINCES.iter().copied().find(|p| text.starts_with(p))
}

pub(super) fn role_of_item(item: &str) -> Option<Role> {
    if item.contains("政协委员") {
        return Some(Role::CppccMember);
    }
    if item.contains("人大代表") {
        return Some(Role::NpcDeputy);
    }
    // 代表 alone or after a place or people (湖南代表, 土族代表); 群众代表,
    // 青年代表, 无党派人士代表 are not deputies.
    let group = item.strip_suffix("代表")?;
    let not_deputies = [
        "群众", "青年", "学生", "职工", "员工", "企业", "人士", "基层", "劳模", "家长", "居民",
        "村民", "农民", "工人", "妇女", "儿童", "师生", "网友", "嘉宾", "各界", "党派", "官兵",
        "干部", "专家", "工会", "社会", "行业", "商界",
    ];
    // 保安族代表, 柯尔克孜族代表: a people of any length; 上班族 is none
    let people = group.ends_with('族')
        && group.chars().count() <= 5
        && !["上班族", "打工族", "家族"]
            .iter()
            .any(|w| group.ends_with(w));
    ((group.chars().count() <= 2 || people) && !not_deputies.iter().any(|w| group.ends_with(w)))
        .then_some(Role::NpcDeputy)
}

/// Longest allowed title, in characters.
pub(super) const MAX_TITLE_CHARS: usize = 25;

/// Words after which a title starts afresh: a chain element holding one of
/// them is a clause (茶话会由…, 栏目将播出对…, 战略工程是时任…, 在…时), and only
/// the words after the last one can be a title.
pub(super) const TITLE_CUT_WORDS: &[&str] = &[
    "是", "由", "将", "对", "在", "向", "被", "把", "据", "请", "时", "给", "让", "从", "以外",
    "之外", "以及", "对此", "此外", "同时", "其中", "随后", "当天", "会上", "据悉", "另外", "此前",
    "目前", "今天", "日前", "近日",
];

/// Narration verbs: a chain element holding one is a clause about someone
/// (李强来到…, …致信联合国安理会和…, …采访了…), never a title, and is dropped.
pub(super) const CLAUSE_VERBS: &[&str] = &[
    "来到", "致信", "致电", "致函", "会见", "会晤", "会谈", "出席", "采访", "访问", "举行", "发表",
    "接受", "参加", "考察", "看望", "视察", "慰问", "听取", "召开", "宣布", "签署", "通话", "表示",
    "指出", "强调", "针对", "围绕", "陪同", "带领", "率领", "前往", "抵达", "遍布", "播出", "回答",
    "撰文", "发文", "自觉", "调研", "走进", "来自", "作为", "担任", "成为", "获得",
];

/// A chain element as a real title (organisation + post), or `None` when it is
/// a bare post (主席, 总书记), a clause, a programme (《高端访谈》) or too long.
pub(super) fn clean_title(item: &str) -> Option<String> {
    if item.contains(['《', '》', '“', '”', '"', '—']) {
        return None;
    }
    let tags = crate::segment::jieba().tag(item, false);
    if tags.iter().any(|t| CLAUSE_VERBS.contains(&t.word)) {
        return None;
    }
    let cut = tags
        .iter()
        .rposition(|t| TITLE_CUT_WORDS.contains(&t.word))
        .map_or(0, |i| i + 1);
    let tags = &tags[cut..];
    // 匈牙利总理欧尔班和斯洛伐克总理: a post and a name before the conjunction
    // (中央和国家机关工委书记, 欧盟外交与安全政策高级代表 stay whole).
    let mut from = 0;
    for (i, t) in tags.iter().enumerate() {
        if !matches!(t.word, "和" | "与" | "及" | "同") {
            continue;
        }
        let left: String = tags[from..i].iter().map(|t| t.word).collect();
        let has_inner_post = (1..left.chars().count()).any(|end| {
            let head: String = left.chars().take(end).collect();
            ends_with_post(&head)
        });
        if has_inner_post && !ends_with_post(&left) {
            from = i + 1;
        }
    }
    let title: String = tags[from..].iter().map(|t| t.word).collect();
    let count = title.chars().count();
    if count > MAX_TITLE_CHARS || !ends_with_post(&title) {
        return None;
    }
    // The organisation: at least two characters before the post word
    // (国务委员 and 国家主席 stay, 副总理 and 总书记 go).
    let post = title_endings()
        .filter(|p| title.ends_with(p))
        .map(|p| p.chars().count())
        .min()
        .unwrap_or(1);
    if count < post + 2 {
        return None;
    }
    Some(title)
}

pub(crate) fn ends_with_post(text: &str) -> bool {
    title_endings().any(|t| text.ends_with(t))
        || text
            .chars()
            .last()
            .is_some_and(|ch| TITLE_LAST_CHARS.contains(&ch))
        || [
            "组长",
            "成员",
            "主任",
            "会长",
            "总裁",
            "外长",
            "首相",
            "国王",
            "总统",
            "议长",
            "总督",
            "秘书",
            "亲王",
            "王储",
            "女王",
            "元首",
            "特使",
            "特首",
            "领导人",
        ]
        .iter()
        .any(|t| text.ends_with(t))
}

/// The title chain between the clause start `lo` and the name at `name_start`.
pub(crate) fn title_chain(c: &Chars, lo: usize, name_start: usize) -> Chain {
    let mut chain = Chain::default();
    let mut segment = c.slice(lo, name_start);
    // (a finder built once: `str::find` builds a searcher for each chain)
    static FROM: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new("来自"));
    if let Some(pos) = FROM.find(segment.as_bytes()) {
        chain.province = province_prefix(&segment[pos + "来自".len()..]);
    }
    if let Some(pos) = segment.rfind('的') {
        segment = &segment[pos + '的'.len_utf8()..];
    }
    for item in segment.split('、') {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(role) = role_of_item(item) {
            chain.role.get_or_insert(role);
            let rest = [
                "全国人大代表",
                "全国政协委员",
                "人大代表",
                "政协委员",
                "代表",
            ]
            .iter()
            .fold(item.to_string(), |acc, role_word| {
                acc.replace(role_word, "")
            });
            let rest = rest.trim_end_matches('省');
            if chain.province.is_none() {
                chain.province = normalize_province(rest);
            }
            continue;
        }
        if let Some(title) = clean_title(item) {
            if !chain.titles.contains(&title) {
                chain.titles.push(title);
            }
        }
    }
    // 全国政协委员，中国工程院院士卢春房: the role stands alone in the clause
    // before, or before a space in a caption (全国人大代表 黄南州人民医院…主任娘毛先).
    if chain.role.is_none()
        && lo >= 1
        && matches!(c.get(lo - 1), Some('，' | ',' | ' ' | '\u{3000}'))
    {
        let before = c.slice(lo.saturating_sub(13), lo - 1);
        if before.ends_with("全国政协委员") {
            chain.role = Some(Role::CppccMember);
        } else if before.ends_with("全国人大代表") {
            chain.role = Some(Role::NpcDeputy);
        }
    }
    chain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_chain_splits_roles_and_titles() {
        let text = "全国人大代表、全国工商联副主席、通威集团董事局主席刘汉元";
        let c = Chars::new(text);
        let start = c.len() - 3;
        let chain = title_chain(&c, 0, start);
        assert_eq!(chain.role, Some(Role::NpcDeputy));
        assert_eq!(chain.titles, vec!["全国工商联副主席", "通威集团董事局主席"]);
    }

    #[test]
    fn chain_reads_the_province_of_来自() {
        let text = "来自湖南湘西自治州古丈县的全国人大代表龙献文";
        let c = Chars::new(text);
        let chain = title_chain(&c, 0, c.len() - 3);
        assert_eq!(chain.province, Some("湖南"));
        assert_eq!(chain.role, Some(Role::NpcDeputy));
    }

    #[test]
    fn titles_are_organisation_and_post_not_clauses() {
        // Chain elements met in xwlb_2024 (茶话会, 《高端访谈》, 习近平…, 欧尔班/菲佐).
        let cases = [
            ("茶话会由中共中央政治局常委", Some("中共中央政治局常委")),
            ("总台央视新闻频道《高端访谈》栏目将播出对马来西亚总理", None),
            ("战略工程是时任福州市委书记", Some("时任福州市委书记")),
            ("匈牙利总理欧尔班和斯洛伐克总理", Some("斯洛伐克总理")),
            ("对此伊朗外交部发言人", Some("伊朗外交部发言人")),
            (
                "伊朗常驻联合国代表伊拉瓦尼致信联合国安理会和联合国秘书长",
                None,
            ),
            ("李强来到大凰山社区长", None),
            ("主席", None),
            ("总书记", None),
            ("副总理", None),
            ("国务委员", Some("国务委员")),
            ("中共中央总书记", Some("中共中央总书记")),
            ("中央和国家机关工委书记", Some("中央和国家机关工委书记")),
            (
                "欧盟外交与安全政策高级代表",
                Some("欧盟外交与安全政策高级代表"),
            ),
            (
                "第五次全国经济普查领导小组组长",
                Some("第五次全国经济普查领导小组组长"),
            ),
            ("香港经民联主席", Some("香港经民联主席")),
        ];
        for (item, expected) in cases {
            assert_eq!(clean_title(item).as_deref(), expected, "{item}");
        }
    }

    #[test]
    fn group_representatives_are_not_deputies() {
        assert_eq!(role_of_item("无党派人士代表"), None);
        assert_eq!(role_of_item("群众代表"), None);
        // xwlb-20190309-01: 保安族代表董彩云
        assert_eq!(role_of_item("保安族代表"), Some(Role::NpcDeputy));
        assert_eq!(role_of_item("柯尔克孜族代表"), Some(Role::NpcDeputy));
        assert_eq!(role_of_item("上班族代表"), None);
        assert_eq!(role_of_item("土族代表"), Some(Role::NpcDeputy));
        assert_eq!(role_of_item("全国人大代表"), Some(Role::NpcDeputy));
    }
}
