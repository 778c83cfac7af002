//! Where a statement ends and the reporter resumes: a sentence that points
//! back at what was said (这一表态…, 这番话…), one that tells who attended,
//! the words of a sentence that the next speaker opens; and reports that
//! only name what was briefed (…有关情况, …等), or a city in a sub-heading.

use super::*;

/// The one quote of `body`, its speaker and text.
fn only_quote(body: &str) -> (String, String) {
    let found = speakers(body);
    assert_eq!(found.len(), 1, "{body}: {found:?}");
    found.into_iter().next().unwrap_or_default()
}

#[test]
fn a_sentence_pointing_back_at_the_statement_is_the_reporters() {
    for (body, speaker, ends) in [
        // xwlb-20130227-14
        (
            "美国联邦储备委员会主席伯南克26号在国会参议院作证时表示，美联储支持继续执行每个月850亿美元的资产购买计划，以给美国经济提供“重要支持”。这一表态消除了投资者对美联储可能提前结束量化宽松政策的担忧，纽约三大股指26号强势反弹。",
            "伯南克",
            "提供“重要支持”。",
        ),
        // xwlb-20150721-15
        (
            "不过，伊朗伊斯兰革命卫队总司令贾法里当天公开表示不接受安理会决议。这一表态被认为与决议对伊朗弹道导弹设限有关。",
            "贾法里",
            "不接受安理会决议。",
        ),
        // xwlb-20210205-06: who attended is the scene, not the speech
        (
            "日前，中央人民政府驻澳门特区联络办公室举行了2021年新春酒会。澳门中联办主任傅自应表示，希望澳门社会各界认真贯彻习近平主席视察澳门系列重要讲话精神，抓住发展新机遇，实现澳门更好发展。全国政协副主席何厚铧、澳门特区行政长官贺一诚，以及澳门特区政府主要官员等出席酒会。",
            "傅自应",
            "实现澳门更好发展。",
        ),
    ] {
        let (name, text) = only_quote(body);
        assert_eq!(name, speaker, "{body}");
        assert!(text.ends_with(ends), "{text}");
    }
}

#[test]
fn a_speakers_own_attendance_is_still_the_speech() {
    // xwlb-20190125-06
    let body = "毛雷尔表示，瑞方尊重中国的历史文化、道路制度。我期待赴华出席第二届“一带一路”国际合作高峰论坛。瑞方愿同中方加强各领域务实合作，实现互利共赢。";
    let (name, text) = only_quote(body);
    assert_eq!(name, "毛雷尔");
    assert!(text.ends_with("实现互利共赢。"), "{text}");
    // xwlb-20210424-01: who attended, after what was announced
    let body =
        "张又侠主持仪式，许其亮宣布舰艇入列和舰艇名、舷号。丁薛祥、刘鹤，以及李作成出席仪式。";
    let found = speakers(body);
    assert!(
        found.iter().all(|(_, text)| !text.contains("出席仪式")),
        "{found:?}"
    );
}

#[test]
fn the_sentence_the_next_speaker_opens_is_not_the_last_ones() {
    // xwlb-20200527-10
    let body = "这一年来，杨昌芹牵头建立了赤水竹编非物质文化遗产产学研基地，解决了不少贫困人口在家就业的问题。她建议，政府要更好发挥平台作用，帮助引入市场资源和资金。今年两会，杨昌芹就带来了“传统产业和乡村振兴融合发展”的建议。";
    let found = speakers(body);
    assert!(!found.is_empty(), "{found:?}");
    assert!(
        found.iter().all(|(_, text)| !text.ends_with("今年两会，")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(name, text)| name == "杨昌芹" && text.ends_with("帮助引入市场资源和资金。")),
        "{found:?}"
    );
}

#[test]
fn a_briefing_named_by_its_stock_ending_or_a_list_is_no_statement() {
    for body in [
        // xwlb-20221019-02
        "公安部党委委员、副部长，移民局局长许甘露介绍了公安机关在维护社会安全稳定方面的相关情况。",
        // xwlb-20171023-02
        "今天下午3点，十九大新闻中心举行了第六场记者招待会，环境保护部党组书记、部长李干杰介绍了践行绿色发展理念，建设美丽中国有关情况。",
        // xwlb-20180702-03
        "全国人大常委会秘书长杨振武汇报了常委会第四次会议议程草案、日程安排意见等。",
    ] {
        assert!(speakers(body).is_empty(), "{body}: {:?}", speakers(body));
    }
}

#[test]
fn a_city_in_a_sub_heading_is_no_speaker() {
    // xwlb-20211101-08
    let body = "宁波：精雕细琢 高标准建设文明城市\n浙江宁波的天一广场是当地的核心商圈，每天交通繁忙，人流如织，但是，这里的路面干净整洁，街道的设施完善舒适。";
    assert!(speakers(body).is_empty(), "{:?}", speakers(body));
}

/// The text outside quotes keeps what lies at depth 0 only, drops the marks,
/// and closes no more quotes than were opened (an unmatched ” is dropped).
#[test]
fn outside_quotes_keeps_the_reporters_text() {
    use crate::extract::quote::speech::outside_quotes;
    assert_eq!(
        outside_quotes("他说：“我们要“实干”。”记者了解到"),
        "他说：记者了解到"
    );
    assert_eq!(outside_quotes("”报道“采访"), "报道");
    assert_eq!(outside_quotes("没有引号"), "没有引号");
    assert_eq!(outside_quotes(""), "");
}

/// 他/她 is the reporter speaking of someone, not 其他, 他们, 他人 or 她国.
#[test]
fn third_person_reads_the_neighbours() {
    use crate::extract::quote::speech::third_person;
    assert!(third_person("他指出"));
    assert!(third_person("会上，她表示"));
    assert!(!third_person("其他代表"));
    assert!(!third_person("他们认为"));
    assert!(!third_person("吉他和他人"));
    assert!(third_person("吉他和他"));
    assert!(!third_person(""));
}
