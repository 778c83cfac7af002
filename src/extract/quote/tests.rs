//! One concern at about 600 lines: tables of sentences and the quotes they
//! give; the tables of one phenomenon each are in `tests/`.
//!
//! Table-driven tests of quote extraction: sentences of the corpus (the item
//! named above each) and the forms of attribution they show.

use super::*;

fn speakers(body: &str) -> Vec<(String, String)> {
    extract_quotes(body)
        .into_iter()
        .map(|q| (q.speaker, q.text))
        .collect()
}

/// Asserts that `body` gives exactly the quotes `expected`, in text order:
/// each a speaker and how what was said begins.
fn assert_said(body: &str, expected: &[(&str, &str)]) {
    let found = speakers(body);
    let matches = found.len() == expected.len()
        && found
            .iter()
            .zip(expected)
            .all(|((name, text), (want_name, begins))| {
                name == want_name && text.starts_with(begins)
            });
    assert!(matches, "{found:?}, expected {expected:?}");
}

/// The speakers of every quote `body` gives, in text order.
fn speaker_names(body: &str) -> Vec<String> {
    speakers(body).into_iter().map(|(name, _)| name).collect()
}

/// Asserts that `body` gives quotes, and all of them to `name`.
fn assert_only_speaker(body: &str, name: &str) {
    let found = speaker_names(body);
    assert!(
        !found.is_empty() && found.iter().all(|n| n == name),
        "{body}: {found:?}"
    );
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
fn topic_reports_that_give_their_content() {
    // xwlb-20200521-09, xwlb-20201120-11
    let body = "来自中国中医科学院的首席研究员王阶介绍了中医在抗疫中发挥的独特作用。\n荣民控股集团董事长史贵禄分享了集团在陕北地区帮扶的三个特困乡如何实现脱贫的做法。";
    let got: Vec<(String, String)> = speakers(body);
    assert_eq!(got[0].0, "王阶");
    assert_eq!(got[0].1, "中医在抗疫中发挥的独特作用。");
    assert_eq!(got[1].0, "史贵禄");
    // a topic only is no statement, and a document's 要求 is nobody's
    assert!(speakers("王晓晖围绕全会通过的《准则》，介绍了情况。").is_empty());
    let body = "他看到了一份新近出台的《意见》，要求施工总承包单位一次性代缴项目工伤保险费用。";
    assert!(speakers(&format!("全国政协委员李蓝。{body}")).is_empty());
}

#[test]
fn names_after_posts_of_foreign_and_older_forms() {
    let cases = [
        // xwlb-20210627-15: 对华 names a post, it addresses nobody
        ("马来西亚民主进步党主席、总理对华事务特使张庆信表示，期待两国两党延续兄弟情谊。", "张庆信"),
        // xwlb-20260524-11: one character before the dot, right after a post
        ("非洲疾控中心主任让·卡塞亚当天表示，目前非洲有两国出现疫情。", "让·卡塞亚"),
        // xwlb-20130308-10: a hyphen for the dot
        ("全国人大常委会副委员长司马义-铁力瓦尔地在新疆代表团听取意见时说，开启了新疆发展的新篇章。", "司马义-铁力瓦尔地"),
        // xwlb-20221024-07: a surname and two characters after a post
        ("中央政法委秘书长陈一新表示，党的二十大报告首次单独把法治建设作为专章论述。", "陈一新"),
    ];
    for (body, name) in cases {
        let got: Vec<String> = speakers(body).into_iter().map(|(n, _)| n).collect();
        assert!(!got.is_empty(), "{body}");
        assert!(got.iter().all(|n| n == name), "{body}: {got:?}");
    }
    // 对他来说: no speech verb
    assert!(speakers("旷明义是项目经理，对他来说最担心的就是农民工的工伤问题。").is_empty());
}

#[test]
fn lists_and_groups_of_named_people() {
    let cases: [(&str, &[&str]); 5] = [
        // xwlb-20260427-12 whole: a person named after the list, as the object of its verb
        (
            "以色列两位前总理贝内特和拉皮德26日宣布组建名为“团结”的联合政党，寻求在今年10月的议会选举中击败现任总理内塔尼亚胡的阵营。两位前总理表示，以色列需要改变方向。",
            &["贝内特", "拉皮德"],
        ),
        // xwlb-20180527-11: 一致 and a name with 在 inside
        (
            "报道说，金正恩和文在寅一致认为，双方应互相信任、体谅和共同努力，保证尽快履行《板门店宣言》。",
            &["金正恩", "文在寅"],
        ),
        // xwlb-20180313-13
        (
            "面对中国制造如何转型升级这个问题，戴继双、梁稳根、孙丕恕等几位全国人大代表则认为，既要在改革中不断创新，增强内生动力。",
            &["戴继双", "梁稳根", "孙丕恕"],
        ),
        // xwlb-20260427-12: a counted group named by a post
        (
            "以色列两位前总理贝内特和拉皮德26日宣布组建名为“团结”的联合政党。两位前总理表示，以色列需要改变方向。",
            &["贝内特", "拉皮德"],
        ),
        // xwlb-20140317-03: two names after one post, then bare
        (
            "张德江会见由美国国会众议院“美中工作小组”共同主席波斯坦尼和拉森率领的代表团。\n波斯坦尼和拉森表示，愿继续为增进美中两国人民友谊贡献力量。",
            &["波斯坦尼", "拉森"],
        ),
    ];
    for (body, names) in cases {
        let got: Vec<String> = speakers(body).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, names.to_vec(), "{body}");
    }
}

#[test]
fn a_quote_on_both_sides_of_its_attribution() {
    // the form of xwlb-20140421-13 (there with a net name, 网友封青羊儿,
    // which the name rules do not take)
    let body = "“不变的是味道，家的味道。”全国政协委员刘世锦说，“这就是紧贴着土地的生活，却如此打动人心。”";
    let got: Vec<(String, String)> = speakers(body);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].1, "不变的是味道，家的味道。");
    assert!(got.iter().all(|(name, _)| name == "刘世锦"));
    assert!(got[1].1.starts_with("这就是紧贴着土地的生活"));
    // xwlb-20130527-16: a name in quotes before the title is no statement
    let body =
        "“叙利亚反对派和革命力量全国联盟”委员萨菲在伊斯坦布尔表示，“全国联盟”将不会参加会议。";
    assert!(speakers(body)
        .iter()
        .all(|(_, text)| !text.starts_with("叙利亚")));
}

#[test]
fn a_quote_standing_alone_after_a_sentence_about_its_speaker() {
    let body = "全国人大代表张伟对此深有感触。“我们要把乡村建设好。这是我们的责任。”";
    assert_eq!(
        speakers(body),
        vec![(
            "张伟".to_string(),
            "我们要把乡村建设好。这是我们的责任。".to_string()
        )]
    );
    // taken once when 他说 follows it; a term in quotes is no statement
    let body = "全国人大代表张伟在小组会上发言。“我们要把乡村建设好，这是我们的责任。”他说。";
    assert_eq!(speakers(body).len(), 1);
    assert!(speakers("会议指出。“十四五”规划纲要已经实施。").is_empty());
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
fn spans_split_made_give_the_same_quotes_and_foreign_spans_no_panic() {
    let body = "【四川】\n全国人大代表、全国工商联副主席、通威集团董事局主席刘汉元表示，要带头推进全产业链绿色生产。\n\
                “华工科技将自身发展融入国家战略。”全国人大代表、华工科技董事长马新强表示。";
    let spans = split(body);
    assert_eq!(
        extract_quotes_in_spans(body, &spans, None),
        extract_quotes(body)
    );
    assert_eq!(extract_quotes(body).len(), 2);
    // spans of a longer text: out of range or inside a character, skipped
    let other = format!("{body}{body}");
    let foreign = split(&other);
    let quotes = extract_quotes_in_spans(body, &foreign, None);
    assert!(quotes
        .iter()
        .all(|q| body.get(q.start..q.end) == Some(q.text.as_str())));
}

#[test]
fn announcements_minority_names_manners_and_names_jieba_splits() {
    // xwlb-20150714-10: 宣布 with its content right after it, for a list
    // whose second post holds a 和
    let body = "北京时间今晚7点，伊朗外长扎里夫和欧盟外交和安全政策高级代表莫盖里尼发表联合声明，宣布伊核谈判达成全面协议。";
    let found = speakers(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        (found[0].0.as_str(), found[1].0.as_str()),
        ("扎里夫", "莫盖里尼")
    );
    // xwlb-20200521-09: a Yi name after 来自…的, before 委员
    let body = "聚力打赢脱贫攻坚战是硬任务，来自四川大凉山的达久木甲委员说，今年群众将不落一人进入全面小康。";
    assert_eq!(speakers(body)[0].0, "达久木甲");
    // but not words of the dictionary in that place
    let body = "来自基层的民营企业代表说，减税降费效果很好。";
    assert!(speakers(body).is_empty());
    // xwlb-20121230-02: a manner in 的, then the person spoken to
    let body =
        "离开顾家台村时，习近平满怀期待的对村支书顾叔军说，希望早日听到乡亲们脱贫致富的好消息。";
    assert_eq!(
        speakers(body)[0],
        (
            "习近平".to_string(),
            "希望早日听到乡亲们脱贫致富的好消息。".to_string()
        )
    );
    // xwlb-20221024-07: 孙业/礼/解读了 is 孙业礼
    let body = "中央宣传部副部长孙业礼解读了党的二十大报告中的理论创新部分，他说，报告展开论述的“两个结合”深化了认识。";
    assert_eq!(speakers(body)[0].0, "孙业礼");
}

#[test]
fn lists_closed_by_a_bare_等_and_each_name_with_its_own_role() {
    // xwlb 2026: 等 with no group word after the names
    let body = "英国前首席内阁大臣、英中协会会长利丁顿等表示，此行目睹中国更大发展成就，一个繁荣稳定的中国符合各方利益。";
    assert_eq!(speakers(body)[0].0, "利丁顿");
    // xwlb 2023: countries and kinds of people before 等 are no speakers
    let body = "对于俄方的这一举动，北约、德国、英国、美国等表示谴责。";
    assert!(speakers(body).is_empty());
    // each name of a list keeps the role written before it
    let body = "全国人大代表、湖南省农科院院长张伟和全国政协委员、四川大学教授李红都认为，乡村振兴要靠人才。";
    assert_eq!(
        roles(body),
        vec![
            ("张伟".to_string(), Role::NpcDeputy),
            ("李红".to_string(), Role::CppccMember)
        ]
    );
}

#[test]
fn a_wish_or_appeal_right_after_its_verb_keeps_the_verb() {
    // xwlb-20170607-16
    let body = "阿富汗总统加尼在开幕讲话中还向塔利班喊话，希望他们加入和谈。";
    assert_eq!(
        speakers(body),
        vec![("加尼".to_string(), "希望他们加入和谈。".to_string())]
    );
}

#[test]
fn a_reported_speech_goes_on_in_a_paragraph_of_instructions() {
    // xwlb-20260415-02: 双方要… carries on 习近平强调… of the paragraph before
    let body = "习近平强调，党的领导是社会主义的最本质特征和最大优势。双方要保持高度的战略清醒和强大的战略定力，坚持改革不改向、变革不变色。\n\
                双方要充分发挥党际渠道的特殊作用，密切高层交往，巩固政治互信。\n\
                会见前，习近平为苏林举行欢迎仪式。";
    let found = speakers(body);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[1].0, "习近平");
    assert!(found[1].1.starts_with("双方要充分发挥党际渠道的特殊作用"));
    // narration after the speech ends the run
    assert!(found.iter().all(|(_, text)| !text.contains("欢迎仪式")));
}

fn roles(body: &str) -> Vec<(String, Role)> {
    extract_quotes(body)
        .into_iter()
        .map(|q| (q.speaker, q.role))
        .collect()
}

fn names(body: &str) -> Vec<String> {
    extract_quotes(body)
        .into_iter()
        .map(|q| q.speaker)
        .collect()
}

#[test]
fn groups_writing_together_and_their_adverbs() {
    // xwlb-20200320-18: a statement sent together (联名致函)
    assert_eq!(
        names("东帝汶重建全国大会党主席夏纳纳和总书记黎发芳联名致函表示，中国党和政府领导的这场人类历史上规模最大的抗疫行动，是将人民放在首位。"),
        ["夏纳纳", "黎发芳"]
    );
    // xwlb-20150323-11: after a list, 均 is "both", no part of a name
    assert_eq!(
        names("谷垣和井上均表示，去年两国最高领导人会晤为两国关系改善打下基础。"),
        ["谷垣", "井上"]
    );
    // xwlb-20220301-12: 双方 is no person
    assert!(names("此轮谈判进行了约5个小时，双方均表示，将各自返回国内进行磋商。").is_empty());
}

#[test]
fn names_end_where_words_do_and_follow_posts() {
    // xwlb-20190824-12: 谭惠珠|发言时, 王振民教授
    let body = "全国人大常委会香港基本法委员会副主任谭惠珠发言时表示，邓小平先生曾经说过，切不要以为香港的事情全由香港人来管。\n清华大学港澳研究中心主任王振民教授表示，香港绝大多数民众内心深处赞同、满意现在的“一国两制”。";
    assert_eq!(names(body), ["谭惠珠", "王振民"]);
    // xwlb-20170608-05: the name after the post, not the country the clause
    // opens with; 总编辑 is a post
    let body = "“今日哈萨克斯坦”通讯社社长、总编辑库瓦托夫说，习主席的署名文章从战略高度对两国全面战略伙伴关系进行全面论述。\n对此，哈萨克斯坦世界经济政治研究所专家努尔沙表示备受鼓舞。他说，以“未来能源”为主题的阿斯塔纳世博会符合环境友好的理念。";
    assert_eq!(names(body), ["库瓦托夫", "努尔沙"]);
}

#[test]
fn the_leader_named_by_post_is_the_pronoun_after_it() {
    // xwlb-20160314-02
    let body = "中共中央总书记、国家主席、中央军委主席习近平出席会议时强调，全面实施创新驱动发展战略。\n昨天下午会议刚结束，习主席就来到部分基层部队和科研一线的代表中间，了解他们的学习工作情况，勉励他们立足本职岗位，勇于创新。\n“创新”无疑是这次习主席重要讲话中的关键词。他强调，要下大气力抓理论创新、抓科技创新。";
    let quotes = extract_quotes(body);
    assert!(quotes.iter().all(|q| q.speaker == "习近平"), "{quotes:?}");
    assert!(quotes
        .iter()
        .any(|q| q.text.starts_with("他们立足本职岗位")));
    assert!(quotes
        .iter()
        .any(|q| q.text.starts_with("要下大气力抓理论创新")));
}

#[test]
fn they_are_a_long_list_or_the_list_of_the_paragraph_before() {
    // xwlb-20170313-02: ten names with their posts
    let body = "在民主和谐的气氛中，民革中央主席万鄂湘、民盟中央主席张宝文、民建中央主席陈昌智、民进中央主席严隽琪、农工党中央主席陈竺、致公党中央主席万钢、九三学社中央主席韩启德、台盟中央主席林文漪、全国工商联主席王钦敏和无党派人士代表林毅夫等先后发言。他们一致认为，增选全国政协领导成员的人选，考虑周全，适应新形势新任务的要求，表示拥护和赞成。";
    assert_eq!(
        names(body),
        [
            "万鄂湘",
            "张宝文",
            "陈昌智",
            "严隽琪",
            "陈竺",
            "万钢",
            "韩启德",
            "林文漪",
            "王钦敏",
            "林毅夫"
        ]
    );
    // xwlb-20180903-01: names after posts in clauses of their own, and 他们
    // opening the next paragraph
    let body = "中非合作论坛共同主席国南非总统拉马福萨，非洲联盟轮值主席卢旺达总统卡加梅，峰会特邀嘉宾、联合国秘书长古特雷斯，非洲联盟委员会主席法基先后致辞。\n他们表示，非中传统友谊深厚，友好合作成果丰硕。";
    assert_eq!(names(body), ["拉马福萨", "卡加梅", "古特雷斯", "法基"]);
    // xwlb-20210329-01: a gesture after a word of manner is no statement
    assert!(
        names("习近平亲切会见参加大会的受表彰、受嘉奖代表，向他们表示诚挚问候和热烈祝贺。")
            .is_empty()
    );
}

#[test]
fn tibetan_names_comrades_and_manners_of_saying() {
    // xwlb-20160309-02: two Tibetan given names, the first of them 向巴
    assert_eq!(
        names("全国人大常委会副委员长向巴平措在参加西藏代表团审议时说，“十三五”时期是西藏加快发展的重要机遇期。"),
        ["向巴平措"]
    );
    // xwlb-20220325-03: 同志 after the name, 在现场 before the verb
    assert_eq!(
        names("习近平同志在现场说：“今天是木兰溪下游防洪工程开工的一天，我们来这里参加劳动。”"),
        ["习近平"]
    );
    // xwlb-20190301-03: a manner of saying (鲜明提出)
    let body = "2013年3月11日，习主席在出席十二届全国人大一次会议解放军代表团全体会议时鲜明提出：“建设一支听党指挥、能打胜仗、作风优良的人民军队，是党在新形势下的强军目标。”\n中共中央总书记习近平出席。";
    assert_eq!(names(body), ["习近平"]);
    // the lead of an item is no speaker with a note in brackets
    assert!(
        names("央视网消息(新闻联播)：“说句心里话，我也有家。家中的老妈妈，已是满头白发。”")
            .is_empty()
    );
}

#[test]
fn joint_statements_ambassadors_artists_and_said_with_a_complement() {
    // xwlb-20140317-16
    assert_eq!(
        names("欧洲理事会主席范龙佩和欧盟委员会主席巴罗佐发表联合声明说，此次公投是违法的，结果不会得到承认。"),
        ["范龙佩", "巴罗佐"]
    );
    // xwlb-20180324-10
    assert_eq!(
        names("中国常驻联合国日内瓦办事处和瑞士其他国际组织代表俞建华大使表示，合作共赢本属联合国的初心。"),
        ["俞建华"]
    );
    // xwlb-20170305-02
    assert_eq!(
        names("曲凤宏委员第五个发言，他说到，因病致贫返贫是脱贫攻坚中亟待系统解决的难题。"),
        ["曲凤宏"]
    );
    // xwlb-20150310-07
    assert_eq!(
        names("全国政协委员著名评书表演艺术家刘兰芳认为，继承传统文化，除了坚守外，还必须创新。"),
        ["刘兰芳"]
    );
}

#[test]
fn pointing_out_without_a_comma() {
    // xwlb-20220309-01: 指出 and what it points out, no comma between
    let body = "连续三天，习近平总书记来到代表委员身边。\n在看望农业界、社会福利和社会保障界委员时，总书记从五个方面指出我国发展具有的战略性“有利条件”。";
    let quotes = extract_quotes(body);
    assert_eq!(quotes.len(), 1, "{quotes:?}");
    assert_eq!(quotes[0].speaker, "习近平");
    assert!(quotes[0].text.starts_with("我国发展具有的战略性"));
    // but no short object (指出问题)
    assert!(names("全国人大代表张伟在会上指出问题。").is_empty());
}

#[test]
fn a_list_with_a_count_gives_its_names_a_role() {
    // xwlb-20170307-09: the count's role for the names of the list only
    let body = "两会今天举行了四场记者会，邀请财政部长肖捷以及刘长乐等五位全国政协委员回答中外记者的提问。\n在回答企业减税降费的问题时，肖捷表示，今年将再减轻企业税负3500亿元左右。\n全国政协记者会上，刘长乐、冯骥才、苏士澍、成龙、海霞五位全国政协委员就坚定文化自信等问题回应媒体关切。在回答如何让青少年传承中华优秀传统文化时，冯骥才表示，要不断地用新方式激起大家的热爱。";
    assert_eq!(
        roles(body),
        [
            ("肖捷".to_string(), Role::Other),
            ("冯骥才".to_string(), Role::CppccMember)
        ]
    );
}

#[test]
fn supreme_leaders_speeches_and_a_surname_that_is_a_preposition() {
    // xwlb-20220321-16: 领袖 is a post; 发表致辞说 after a date
    let body = "在伊朗传统新年到来之际，伊朗最高领袖哈梅内伊20日发表致辞说，过去一年的经历表明伊朗对抗美国的道路是正确的。他还表示，伊朗将在新的一年里大力发展生产。";
    assert_eq!(names(body), ["哈梅内伊", "哈梅内伊"]);
    // xwlb-20170302-05: 向 as a surname before 代表
    let body = "来自湖南农村的向平华代表，这次特地带上让村里大幅增收的红薯淀粉。他说，会上要结合发展实践，为农业供给侧结构性改革建言献策。";
    assert_eq!(roles(body), [("向平华".to_string(), Role::NpcDeputy)]);
}

#[test]
fn press_secretaries_and_speeches_made_before_the_cue() {
    // xwlb-20181108-14: 新闻秘书 is a post
    assert_eq!(
        names(
            "俄罗斯总统新闻秘书佩斯科夫7日表示，美国中期选举的结果并不会对俄美关系产生负面影响。"
        ),
        ["佩斯科夫"]
    );
    // xwlb-20200723-08, xwlb-20160406-14: a speech made, then the cue
    assert_eq!(
        names("中共中央政治局常委、国务院总理李克强发表重要讲话强调，各级政府要深入学习贯彻重要讲话精神。"),
        ["李克强"]
    );
    assert_eq!(
        names("中共中央政治局常委、中央书记处书记刘云山在座谈会上讲话强调，习近平总书记重要指示深刻阐明了学习教育的重要意义。"),
        ["刘云山"]
    );
}

#[test]
fn captions_with_a_note_or_a_space_and_unquoted_proposals() {
    // xwlb-20160310-04: the role before a space, a name after a post that
    // only the note (藏族) shows to be one
    let body = "全国人大代表 黄南州人民医院妇产科主任娘毛先(藏族)：“我说现在的新农合，老百姓医疗本都有，在家分娩的没有。”";
    assert_eq!(roles(body), [("娘毛先".to_string(), Role::NpcDeputy)]);
    // xwlb-20160315-06: a space before the colon
    assert_eq!(
        names("全国人大代表、河北大学副校长李小亭 ：“近几年两高对错案的纠正，反映出两高纠错的勇气和决心。”"),
        ["李小亭"]
    );
    // xwlb-20260309-05: 提出了…的建议 without quotes
    let body = "全国人大代表黄花春一直关心青少年的心理健康问题，她提出了为青少年建立一套系统的心理支持体系的建议。";
    let quotes = extract_quotes(body);
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].speaker, "黄花春");
    assert!(quotes[0]
        .text
        .starts_with("为青少年建立一套系统的心理支持体系"));
    // xwlb-20170314-08: …的建议， is a noun, the object of what follows
    assert!(
        names("吴振山代表有关增强民营经济发展新动能的建议，国办就转到了国家发展改革委。")
            .is_empty()
    );
}

/// Sentences of the corpus (items named) and the speakers of their quotes:
/// the forms of attribution of the sixth round (issue 16).
#[test]
fn forms_of_the_sixth_round() {
    let cases: &[(&str, &[&str])] = &[
        // xwlb-20180303-01: 提出五点建议：…
        ("十二届全国政协主席俞正声作报告。俞正声对今后工作提出五点建议：深入学习贯彻习近平新时代中国特色社会主义思想；切实加强自身建设。", &["俞正声"]),
        // xwlb-20180313-02: 指示
        ("会上，习近平总书记还指示，形成风清气正的政治生态，要抓住“关键少数”，形成“头雁效应”。", &["习近平"]),
        // xwlb-20180319-15: 坦言 with no comma
        ("新的国家机构改革首次组建了生态环境部，走上“部长通道”，首任部长李干杰坦言压力大，责任重，未来三年，将多措并举，打好蓝天保卫战。", &["李干杰"]),
        // xwlb-20200525-01: a post after the name, then 他指出
        ("受全国人大常委会委托，栗战书委员长向大会报告全国人大常委会工作。他指出，新冠肺炎疫情发生以来，全国人大常委会坚决贯彻党中央决策部署。", &["栗战书"]),
        // xwlb-20190228-06: 同…座谈时强调
        ("中共中央政治局常委、全国人大常委会委员长栗战书同列席十三届全国人大常委会第九次会议的全国人大代表座谈时强调，要认真履行宪法法律赋予的职责。", &["栗战书"]),
        // xwlb-20220308-09: 领衔提交关于…的议案
        ("全国人大代表杨蓉是一位社区民警，她领衔提交关于制定《中华人民共和国家庭教育促进法》的议案，相关法律已从今年开始正式实施。", &["杨蓉"]),
        // xwlb-20170608-05: a leader spoken of in a speech is not its 他
        ("哈萨克斯坦首任总统基金会专家伊兹莫夫说，习主席署名文章全面总结了建交25年来哈中关系实现的跨越式发展，他坚信，借着“一带一路”的东风，两国关系必将飞向更加美好的未来。", &["伊兹莫夫"]),
        // xwlb-20221026-01: a list of names with no post, then 他们
        ("李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希就深刻领会和贯彻落实党的二十大精神谈了体会。他们表示，党的二十大高举中国特色社会主义伟大旗帜。", &["李强", "赵乐际", "王沪宁", "蔡奇", "丁薛祥", "李希"]),
    ];
    for (body, expected) in cases {
        let mut found: Vec<String> = extract_quotes(body)
            .into_iter()
            .map(|q| q.speaker)
            .collect();
        found.dedup();
        assert_eq!(&found, expected, "{body}");
    }
}

mod carried;
mod content;
mod framed;
mod leads;
mod names;
mod narration;
mod parties;
mod reports;
mod representatives;
mod standing;
mod whole;
