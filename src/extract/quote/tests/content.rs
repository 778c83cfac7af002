//! Reported content without a speech verb: an appraisal with its degree
//! (充分肯定, 高度赞赏) gives what was said; a vague count of what was told
//! (介绍了当地的一些做法) names a topic only.

use super::*;

#[test]
fn appraisal_with_its_degree() {
    // xwlb-20130307-05
    assert_said(
        "中共中央政治局常委、国务院副总理张德江分别参加香港代表团、澳门代表团审议。会上，代表们纷纷谈看法、提建议，张德江听得十分认真。他充分肯定香港、澳门回归祖国以来，“一国两制”成功实践所取得的巨大成就。",
        &[("张德江", "香港、澳门回归祖国以来，“一国两制”成功实践")],
    );
    assert_said(
        "塞尔维亚总统尼科利奇高度赞赏中国发展对全球增长的巨大引领作用。",
        &[("尼科利奇", "中国发展对全球增长的巨大引领作用。")],
    );
    // a resolution appraises for nobody; 肯定 without its degree is no cue
    assert_said(
        "决议指出，会议充分肯定国务院过去一年的工作，同意报告提出的主要任务。",
        &[],
    );
    assert_said("全国人大代表张伟肯定会参加这次会议。", &[]);
}

#[test]
fn vague_count_of_what_was_told_is_a_topic() {
    // xwlb-20210310-11
    assert_said(
        "如何巩固脱贫攻坚成果？来自贵州的胡国珍委员也介绍了当地的一些做法。",
        &[],
    );
    // what was told, told
    assert_said(
        "全国政协委员王阶介绍了中医在抗疫中发挥的独特作用。",
        &[("王阶", "中医在抗疫中发挥的独特作用。")],
    );
}
