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
