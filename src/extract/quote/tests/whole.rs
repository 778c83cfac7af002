//! Names read whole where the article writes them longer (林郑月娥,
//! 马特维延科, 刘奇葆), and no longer than they are (刘昆 before 受…委托,
//! 万里 before 同志); monarchs after their titles, with regnal numbers; a
//! pronoun opening a paragraph after one about its person; briefings named
//! by their stock words; the people spoken to, described at length.

use super::*;

#[test]
fn names_read_short_are_read_whole() {
    for (body, name) in [
        // xwlb-20190808-10
        (
            "香港特区行政长官林郑月娥到达天水围区。在行程中，林郑月娥与多位区内居民交谈。她说，会在下一份《施政报告》中提出更多改善民生的措施。",
            "林郑月娥",
        ),
        // xwlb-20170828-02: jieba tags 葆 as a bound morpheme
        (
            "中共中央政治局委员、中宣部部长刘奇葆在会上传达了习近平的重要指示并讲话。他表示，塞罕坝林场建设实践是生动体现。",
            "刘奇葆",
        ),
        // xwlb-20160911-13
        (
            "俄罗斯联邦委员会主席马特维延科在中央电视台接受采访时表示，习近平主席和普京总统近两年来进行了八次会晤。马特维延科对央视采用世界先进的电视技术表示赞赏。她认为中俄双方互办媒体交流年，有力地拓展了两国媒体的合作。",
            "马特维延科",
        ),
    ] {
        assert_only_speaker(body, name);
    }
}

#[test]
fn what_follows_a_name_is_no_part_of_it() {
    for (body, name) in [
        // xwlb-20181224-04: 受…委托, the passive of a mandate
        (
            "会议听取了财政部部长刘昆受国务院委托作的关于财政医疗卫生资金分配和使用情况的报告。报告指出，2013年至2017年，全国财政医疗卫生累计支出59502亿元。",
            "刘昆",
        ),
        // xwlb-20150715-05: 同志 after the name
        (
            "第七届全国人民代表大会常务委员会委员长万里同志，因病医治无效逝世。\n1988年4月，在七届全国人大一次会议上，万里同志当选全国人大常委会委员长。同月任全国人大常委会党组书记。他强调要根据党在社会主义初级阶段的基本路线，认真履行宪法和法律赋予的职责。",
            "万里",
        ),
    ] {
        assert_only_speaker(body, name);
    }
}

#[test]
fn monarchs_after_their_titles() {
    // xwlb-20191003-12
    let body = "日本天皇德仁表示，值此中华人民共和国国庆佳节，我谨致以由衷祝贺。\n文莱苏丹哈桑纳尔表示，文莱和中国友好交往源远流长。\n马来西亚最高元首阿卜杜拉表示，希望马中两国继续深化友好关系。\n摩洛哥国王穆罕默德六世表示，中国在各领域都取得辉煌成就。\n丹麦王国女王玛格丽特二世表示，丹中两国关系长期保持强劲稳定发展。\n罗马尼亚总统约翰尼斯表示，相信罗中两国全面友好合作伙伴关系将不断取得新发展。";
    let found = speaker_names(body);
    for name in [
        "德仁",
        "哈桑纳尔",
        "阿卜杜拉",
        "穆罕默德六世",
        "玛格丽特二世",
        "约翰尼斯",
    ] {
        assert!(found.iter().any(|n| n == name), "{name}: {found:?}");
    }
    // a country is no ruler's name (苏丹 the title, 苏丹 the country)
    assert_said("苏丹外长表示，苏方愿同中方加强合作。", &[]);
}

#[test]
fn a_pronoun_opening_a_paragraph_is_the_person_the_one_before_is_about() {
    // xwlb-20191228-02: 栗战书 written with his post after the name
    let body = "会议还表决通过了其他任免案。\n在会议完成有关表决事项后，栗战书作了讲话。\n他强调，全国人大常委会紧紧围绕党和国家大局履职尽责。\n闭幕会后，栗战书委员长主持专题讲座。";
    assert_said(body, &[("栗战书", "全国人大常委会紧紧围绕")]);
    // after a paragraph that quotes someone, that speaker goes on
    let body = "张德江表示，要深入学习贯彻宪法。\n会议表决通过了其他任免案。\n他强调，全国人大常委会紧紧围绕党和国家大局履职尽责。";
    let found = speaker_names(body);
    assert!(found.iter().all(|n| n == "张德江"), "{found:?}");
}

#[test]
fn a_briefing_named_by_its_stock_words_is_no_quote() {
    // xwlb-20200822-01
    assert_said(
        "安徽省委书记李锦斌、推动长三角一体化发展领导小组副组长何立峰先后发言，结合各自实际、从不同角度介绍了工作情况，谈了意见和建议。",
        &[],
    );
    // a report of what the village did says it
    assert_said(
        "全国人大代表、赤峰市小庙子村党总支书记赵会杰向习近平总书记汇报了村里的产业发展情况。",
        &[("赵会杰", "村里的产业发展情况")],
    );
}

#[test]
fn the_people_spoken_to_described_at_length() {
    // xwlb-20130209-02, xwlb-20131028-03
    assert_said(
        "习近平对北京市和施工单位的负责同志说，发展公共交通是现代城市发展的方向。",
        &[("习近平", "发展公共交通")],
    );
    assert_said(
        "李克强对随行的德国青年代表说，青年是中德关系的未来。",
        &[("李克强", "青年是中德关系的未来")],
    );
    // a matter, not people, after 对
    assert_said("张伟对北京市和施工单位的安全问题说明了情况。", &[]);
}
