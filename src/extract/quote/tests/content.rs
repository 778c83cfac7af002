//! Reported content without a speech verb: an appraisal with its degree
//! (充分肯定, 高度赞赏) gives what was said; a vague count of what was told
//! (介绍了当地的一些做法) names a topic only.

use super::*;

#[test]
fn appraisal_with_its_degree() {
    // xwlb-20130307-05
    let body = "中共中央政治局常委、国务院副总理张德江分别参加香港代表团、澳门代表团审议。会上，代表们纷纷谈看法、提建议，张德江听得十分认真。他充分肯定香港、澳门回归祖国以来，“一国两制”成功实践所取得的巨大成就。";
    let found = speakers(body);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "张德江");
    assert!(found[0].1.contains("“一国两制”成功实践所取得的巨大成就"));
    // a resolution appraises for nobody
    assert!(
        speakers("决议指出，会议高度评价过去五年我国经济社会发展取得的历史性成就。").is_empty()
    );
}

#[test]
fn vague_count_of_what_was_told_is_a_topic() {
    // xwlb-20210310-11
    assert!(
        speakers("如何巩固脱贫攻坚成果？来自贵州的胡国珍委员也介绍了当地的一些做法。").is_empty()
    );
    // what was told, told
    let told = speakers("全国政协委员王阶介绍了中医在抗疫中发挥的独特作用。");
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0].0, "王阶");
}
