//! The opening sentence of an item about a leader's speech or instruction:
//! the event attended, joined by 并 to the speech made there (出席会议并讲话
//! 指出, 主持座谈会并发表重要讲话强调), and an instruction given in writing
//! (作出重要指示强调, 作出批示指出), both before the cue.

use super::*;

#[test]
fn a_speech_made_at_the_event_attended() {
    // xwlb-20190402-04
    assert_said(
        "全国人大常委会2日召开中小企业促进法执法检查组第一次全体会议。中共中央政治局常委、全国人大常委会委员长栗战书出席会议并讲话指出，习近平总书记多次就民营经济和中小企业发展发表重要讲话、作出重要指示，提出了明确具体的要求。",
        &[("栗战书", "习近平总书记多次")],
    );
    // xwlb-20221207-02
    assert_said(
        "12月2日，中共中央在中南海召开党外人士座谈会。中共中央总书记习近平主持座谈会并发表重要讲话强调，明年是全面贯彻落实中共二十大精神的开局之年。",
        &[("习近平", "明年是全面贯彻")],
    );
    // the event in a place, with a term in quotation marks (xwlb-20211119-01)
    assert_said(
        "中共中央总书记、国家主席、中央军委主席习近平19日在北京出席第三次“一带一路”建设座谈会并发表重要讲话强调，完整、准确、全面贯彻新发展理念。",
        &[("习近平", "完整、准确")],
    );
}

#[test]
fn an_instruction_given_in_writing() {
    // xwlb-20170710-02
    assert_said(
        "中共中央总书记、国家主席、中央军委主席习近平近日对司法体制改革作出重要指示强调，司法体制改革在全面深化改革、全面依法治国中居于重要地位。",
        &[("习近平", "司法体制改革在")],
    );
    // xwlb-20161202-05
    assert_said(
        "中共中央政治局常委、国务院总理李克强作出批示指出，生态文明建设事关经济社会发展全局和人民群众切身利益。",
        &[("李克强", "生态文明建设")],
    );
}

#[test]
fn what_is_no_event_attended() {
    // what was done before 并 is no event of the speaker's: the reading
    // stays as it was (nobody)
    assert!(speaker_names("中国代表团出席会议并讲话指出，各方应当加强合作。").is_empty());
    // two events joined by 并 before the speech: too much to be sure of
    assert!(
        speaker_names("习近平来到村里并察看了大棚并讲话指出，要把乡村振兴抓实抓好。").is_empty()
    );
}

#[test]
fn an_instruction_named_again_speaks_for_whoever_gave_it() {
    // xwlb 2019-05-17: 批示指出 opening the sentence after the one that
    // says who gave it
    assert_said(
        "2019年全国医改工作电视电话会议5月17日在京召开。中共中央政治局常委、国务院总理李克强作出重要批示。批示指出，过去一年，围绕提高基本医疗卫生服务水平，各地区各部门做了大量工作。",
        &[("李克强", "过去一年")],
    );
    // xwlb 2014-04-19: after a comma, and the quotation the instruction
    // holds (修志问道 is no name and a cue)
    assert_said(
        "第五次全国地方志工作会议4月19日在京召开。中共中央政治局常委、国务院总理李克强作出重要批示，批示指出：“地方志是传承中华文明、发掘历史智慧的重要载体。修志问道，以启未来。”",
        &[("李克强", "地方志是传承")],
    );
    // an instruction cited inside someone's speech is no subject of its own
    // (xwlb 2021-04-14): 要求 is not a second statement of the speaker's
    // (the instruction itself is its giver's)
    let found = speaker_names(
        "栗战书指出，党的十八大以来，习近平总书记多次实地考察黄河，作出重要指示要求，把黄河保护好。",
    );
    assert_eq!(
        found.iter().filter(|n| *n == "栗战书").count(),
        1,
        "{found:?}"
    );
}
