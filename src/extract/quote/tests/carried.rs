//! Statements that go on past the clause of their cue: a paragraph with no
//! cue in the speaker's own voice after a paragraph the statement ran to
//! the end of; a subject after a conjunction (但马克龙也提出, 但他同时表示); what the sides
//! of a meeting agreed on together (双方一致同意).

use super::*;

#[test]
fn a_paragraph_in_the_speakers_voice_goes_on_with_the_statement() {
    // xwlb-20160523-01
    let body = "陈锡文介绍说，当年在总结提升小岗村的改革经验基础上，逐步形成了我国农业基本经营制度。\n目前，全国有大约三分之一的土地已经流转。在2.3亿户承包土地的农户中，6600多万户或多或少地流转了土地。深化农村土地制度改革，不能搞强迫命令，必须要遵循底线。";
    let found = speakers(body);
    assert!(
        found
            .iter()
            .any(|(name, text)| name == "陈锡文"
                && text.contains("全国有大约三分之一的土地已经流转")),
        "{found:?}"
    );
}

#[test]
fn a_paragraph_about_someone_new_does_not() {
    // xwlb-20171121-14 (its first sentence)
    let body = "她表示，德国现在最需要稳定，组建少数派政府不利于政局稳定。总理默克尔20号表示，组建少数派政府不利于政局稳定，与其如此，不如重新举行大选。\n目前，德国总统施泰因迈尔仍希望各政党参与到组阁谈判中来，不能轻易推回给选民。";
    let found = speakers(body);
    assert!(
        found.iter().all(|(_, text)| !text.contains("施泰因迈尔")),
        "{found:?}"
    );
}

#[test]
fn a_subject_after_a_conjunction_speaks() {
    // xwlb-20180430-11
    let body = "29日，马克龙还与伊朗总统鲁哈尼通话。但马克龙也提出，希望就2025年后伊朗核活动的监督、伊朗弹道导弹计划以及地区内主要危机等三个议题开展讨论。";
    let found = speakers(body);
    assert!(
        found
            .iter()
            .any(|(name, text)| name == "马克龙" && text.contains("希望就2025年后")),
        "{found:?}"
    );
    // xwlb-20141219-17: a pronoun after the conjunction
    let body = "美国总统奥巴马18号签署一项法案，授权对俄罗斯追加制裁，但他同时表示不会立即实施。";
    assert_said(body, &[("奥巴马", "不会立即实施")]);
}

#[test]
fn what_the_sides_agreed_on_is_said_by_both() {
    // xwlb-20140618-04
    let body = "欢迎仪式后，国务院总理李克强与英国首相卡梅伦在伦敦唐宁街10号举行中英总理年度会晤。双方一致同意以中英建立全面战略伙伴关系10周年为契机，推动中英两国关系再上新台阶。";
    let mut found = speaker_names(body);
    found.sort();
    assert_eq!(found, ["卡梅伦", "李克强"], "{body}");
}

#[test]
fn advice_to_the_people_spoken_to_is_speech() {
    // xwlb-20160527-02: 总书记 after the article named him
    let body = "前几天，习近平总书记来到黑龙江考察调研。\n听了大家的做法和想法，总书记鼓励大家，林区经济转型发展会有暂时的困难，党委和政府一定会关心。";
    assert_said(body, &[("习近平", "林区经济转型发展会有暂时的困难")]);
    // xwlb-20200707-03: encouraging firms, not people spoken to
    let body = "李克强鼓励企业扩大生产，推动产业扶贫，多为农民工提供岗位。";
    assert!(speakers(body).is_empty(), "{:?}", speakers(body));
}

#[test]
fn a_relative_is_named_after_the_person_they_belong_to() {
    // xwlb-20160215-01
    let body = "施全友的妻子孔铭英：“工作队来了，改我们这些路啊，改厨房啊改厕所啊，像我们都是各方面都是搞得好好的。”";
    assert_said(body, &[("孔铭英", "工作队来了")]);
}
