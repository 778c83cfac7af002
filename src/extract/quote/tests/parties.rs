//! The sides of a meeting or a call who speak together: 双方表示 after a
//! sentence that tells who met or called whom, and a counted word for the
//! countries' leaders (三国领导人表示) after their names. Each side gets
//! the statement.

use super::*;

#[test]
fn both_sides_of_a_meeting_or_call_speak() {
    // xwlb-20191230-18: the sides in the sentence of 双方
    let body =
        "俄罗斯总统普京29日与德国总理默克尔通电话，双方表示愿继续支持开展“北溪-2”天然气管道项目。";
    assert_said(
        body,
        &[("普京", "愿继续支持开展"), ("默克尔", "愿继续支持开展")],
    );
    // xwlb-20180717-17: 双方 opens the sentence after the meeting
    let body = "俄罗斯总统普京和美国总统特朗普16日在芬兰举行会晤。双方表示，两人首次正式会晤具有“建设性”，美俄将继续对话。";
    let mut found = speaker_names(body);
    found.sort();
    assert_eq!(found, ["普京", "特朗普"], "{body}");
}

#[test]
fn the_leaders_of_the_countries_named_speak_together() {
    // xwlb-20180430-11
    let body = "德国总理默克尔28日和29日分别与法国总统马克龙和英国首相特雷莎·梅通话，三国领导人表示，伊核协议是抑制伊朗发展核武器的最佳途径。";
    let mut found = speaker_names(body);
    found.sort();
    assert_eq!(found, ["特雷莎·梅", "马克龙", "默克尔"], "{body}");
}

#[test]
fn sides_no_one_names_are_no_speakers() {
    // xwlb-20160614-12: a delegation and officials, no person
    let body = "在澳大利亚访问期间，代表团与新南威尔士州官员和悉尼市长代表、市议员等举行会谈，双方表示愿拓展在文化、教育、农业、旅游等领域的广泛交流和合作。";
    assert!(speakers(body).is_empty(), "{:?}", speakers(body));
    // fewer leaders named than the count
    let body =
        "德国总理默克尔28日发表讲话。三国领导人表示，伊核协议是抑制伊朗发展核武器的最佳途径。";
    assert!(speakers(body).is_empty(), "{:?}", speakers(body));
}

#[test]
fn sides_opening_a_paragraph_are_those_of_the_call_told_before() {
    // xwlb-20210910-02: 双方 opens a paragraph, the call was told in the first
    let body = "国家主席习近平9月10日上午应约同美国总统拜登通电话，就中美关系和双方关心的有关问题进行了坦诚、深入、广泛的战略性沟通和交流。\n习近平指出，中美能否处理好彼此关系，关乎世界前途命运。\n拜登表示，世界正在经历快速变化，美中关系是世界上最重要的双边关系。\n双方一致认为，中美元首就中美关系和重大国际问题深入沟通对引领中美关系正确发展非常重要。";
    assert_said(
        body,
        &[
            ("习近平", "中美能否"),
            ("拜登", "世界正在经历"),
            ("习近平", "中美元首就中美关系"),
            ("拜登", "中美元首就中美关系"),
        ],
    );
    // 两国元首 after a sentence that names no one: the meeting told before
    // (xwlb-20170704-02)
    let body = "当地时间3日晚，刚刚抵达莫斯科的国家主席习近平，在克里姆林宫同俄罗斯总统普京举行会见。\n习近平表示，很高兴再次来俄罗斯进行国事访问。\n普京表示，俄方高度重视俄中关系。\n两国元首就朝鲜半岛局势、叙利亚问题等交换看法。双方一致认为，中俄双方要保持战略协作，劝和促谈。";
    assert_said(
        body,
        &[
            ("习近平", "很高兴再次"),
            ("普京", "俄方高度重视"),
            ("习近平", "中俄双方要保持战略协作"),
            ("普京", "中俄双方要保持战略协作"),
        ],
    );
}

#[test]
fn sides_of_another_story_or_of_a_speaker_are_no_speakers() {
    // a roundup: the call is told in another story, after its own headline
    let body = "普京与马克龙通电话\n俄罗斯总统普京1日与法国总统马克龙通电话。\n欧盟与墨西哥达成协议\n欧盟和墨西哥21日达成一项原则性协议。双方表示，新协议向世界传递了积极信号。";
    assert!(
        speakers(body)
            .iter()
            .all(|(_, text)| !text.contains("新协议向世界")),
        "{:?}",
        speakers(body)
    );
    // xwlb-20190511-11: the sides the speaker speaks of, in their speech
    let body = "日本外相河野太郎10日与俄罗斯外长拉夫罗夫举行会谈。\n河野太郎说，日俄双方未能就和平条约问题化解分歧。但双方都认为需就此展开长期磋商。";
    assert!(
        !speaker_names(body).iter().any(|n| n == "拉夫罗夫"),
        "{:?}",
        speakers(body)
    );
}
