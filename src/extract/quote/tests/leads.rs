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
    // xwlb-20190517-04: 批示指出 opening the sentence after the one that
    // says who gave it
    assert_said(
        "2019年全国医改工作电视电话会议5月17日在京召开。中共中央政治局常委、国务院总理李克强作出重要批示。批示指出，过去一年，围绕提高基本医疗卫生服务水平，各地区各部门做了大量工作。",
        &[("李克强", "过去一年")],
    );
    // xwlb-20140419-02: after a comma, and the quotation the instruction
    // holds (修志问道 is no name and a cue)
    assert_said(
        "第五次全国地方志工作会议4月19日在京召开。中共中央政治局常委、国务院总理李克强作出重要批示，批示指出：“地方志是传承中华文明、发掘历史智慧的重要载体。修志问道，以启未来。”",
        &[("李克强", "地方志是传承")],
    );
    // an instruction cited inside someone's speech is no subject of its own
    // (xwlb-20210414-03): 指示要求 is not a second statement of the
    // speaker's (the instruction itself may be its giver's)
    let found = speaker_names(
        "栗战书指出，党的十八大以来，习近平总书记多次实地考察黄河，作出重要指示要求，为推动黄河流域生态保护和高质量发展提供了指引和遵循。黄河保护立法要贯彻习近平生态文明思想，把习近平总书记指示要求和党中央决策部署充分体现到法律条文中。",
    );
    assert_eq!(
        found.iter().filter(|n| *n == "栗战书").count(),
        1,
        "{found:?}"
    );
}

#[test]
fn a_speech_made_at_a_place_or_an_occasion() {
    // xwlb-20150128-14: 在…上 and the speech made there
    assert_said(
        "波兰总统科莫罗夫斯基在当天的纪念活动上发表讲话说，奥斯威辛集中营是对人类本性和尊严的极大摧残，忘记历史就是对历史的背叛。",
        &[("科莫罗夫斯基", "奥斯威辛集中营")],
    );
    // xwlb-20121206-03: 在 and a place with no closing 上, a written speech
    assert_said(
        "温家宝在机场发表书面讲话说，多年来，在两国元首的亲自关注和推动下，在双方的共同努力下，中俄全面战略协作伙伴关系一直保持着积极发展的良好势头。",
        &[("温家宝", "多年来")],
    );
    // a date, then the place (xwlb-20220104-16)
    assert_said(
        "伊朗总统莱希3日在德黑兰发表讲话说，必须对参与暗杀伊朗高级将领苏莱马尼的美国前总统特朗普、前国务卿蓬佩奥等人进行公平审判，让他们受到惩罚。",
        &[("莱希", "必须对参与")],
    );
    // what stands between 在 and the speech is no place when it says to
    // whom or on what (对…, 就…): the reading stays as it was
    assert!(
        speaker_names("他的同事在会议上对记者发表讲话和回答问题时说，会议取得了成果。").is_empty()
    );
}
