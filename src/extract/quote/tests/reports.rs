//! Reports to a session summed up or presented (the work reports and the
//! explanations of draft laws read at the NPC's plenary meetings): a speaker
//! named before a summing-up verb and a colon, a document that speaks for
//! whoever presented it, a 他 after the name of the one who spoke.

use super::*;

#[test]
fn summary_after_a_colon() {
    // xwlb-20220308-01
    assert_said(
        "最高人民法院院长周强在最高人民法院工作报告中指出，2021年，最高人民法院深入贯彻习近平法治思想。\n在报告中，周强从六个方面总结2021年主要工作：一是坚决维护国家安全和社会稳定；二是积极服务经济社会高质量发展。",
        &[("周强", "2021年，"), ("周强", "一是坚决维护国家安全和社会稳定；")],
    );
    // xwlb-20260309-01: the verb right before the colon
    assert_said(
        "受全国人大常委会委托，赵乐际委员长向大会报告全国人大常委会工作。\n赵乐际在报告中对今后一年的任务进行部署：推动宪法全面贯彻实施，完善宪法相关法律制度。",
        &[("赵乐际", "推动宪法全面贯彻实施，完善宪法相关法律制度。")],
    );
    // nobody named; a colon too far from the verb
    assert_said(
        "会议对今后一年的工作进行部署：一是加强宪法实施和监督。",
        &[],
    );
    assert_said(
        "最高人民法院院长周强回顾了过去一年的工作。一是坚决维护国家安全和社会稳定。",
        &[],
    );
}

#[test]
fn document_speaks_for_its_presenter() {
    // xwlb-20210305-01
    assert_said(
        "受全国人大常委会委托，全国人大常委会副委员长王晨分别作关于全国人民代表大会组织法修正草案的说明、关于全国人民代表大会议事规则修正草案的说明。\n关于全国人大组织法修正草案的说明指出，全国人大组织法是关于全国人大及其常委会组织制度和工作制度的基本法律。",
        &[("王晨", "全国人大组织法是关于全国人大及其常委会组织制度和工作制度的基本法律。")],
    );
    // a resolution; a report the text names no presenter of
    assert_said(
        "会议经表决，通过了关于政府工作报告的决议。决议指出，会议充分肯定国务院过去一年的工作。",
        &[],
    );
    assert_said(
        "会议审议了全国人大常委会工作报告。\n报告指出，常委会工作还有一些差距和不足。",
        &[],
    );
}

#[test]
fn pronoun_after_a_name_the_article_writes_after_a_post() {
    // xwlb-20180320-01: 栗战书 is too rare a name for jieba; the article
    // writes it after 委员长 and it opens the sentence before 他表示
    let speech = "栗战书随后也发表了讲话。他表示完全赞成、坚决拥护习近平主席的重要讲话。他说，习近平同志全票当选为中华人民共和国主席。";
    assert_said(
        &format!("闭幕会由大会执行主席、十三届全国人大常委会委员长栗战书主持。\n习近平指出，中国共产党领导是中国特色社会主义最本质的特征。\n{speech}"),
        &[
            ("习近平", "中国共产党领导"),
            ("栗战书", "完全赞成、坚决拥护"),
            ("栗战书", "习近平同志全票当选"),
        ],
    );
    // a name written after no post stays unresolved, not given to 栗战书
    let unposted = format!("习近平指出，中国共产党领导是中国特色社会主义最本质的特征。\n{speech}");
    assert!(speakers(&unposted).iter().all(|(name, _)| name != "栗战书"));
}
