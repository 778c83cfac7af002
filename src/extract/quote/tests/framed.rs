//! Names written between a post and the words that end a subject, whatever
//! their characters; gestures and cues inside a speech; lists of proposals;
//! a name or term in quotation marks between the subject and the cue
//! (在“纽伦堡教训”论坛致辞时强调).

use super::*;

#[test]
fn a_name_framed_by_a_post_and_the_cue() {
    // xwlb 2022-10-25: a Japanese name, and a Mongolian one jieba cuts in two
    assert_said(
        "日本自民党总裁、首相岸田文雄表示，谨对阁下再次当选致以衷心祝贺。",
        &[("岸田文雄", "谨对阁下")],
    );
    assert_said(
        "蒙古人民党主席、政府总理奥云额尔登表示，相信在您领导下，中国共产党将胜利实现宏伟目标。",
        &[("奥云额尔登", "相信在您领导下")],
    );
    // xwlb 2020-02-13: transliteration characters but one
    assert_said(
        "委内瑞拉统一社会主义党第一副主席卡韦略表示，整个国际社会都见证了中国共产党的果断行动。",
        &[("卡韦略", "整个国际社会")],
    );
}

#[test]
fn what_follows_a_framed_name_is_no_part_of_it() {
    // a time word, an adverb or a place after the post is no name
    for body in [
        "美国总统特朗普本月表示，将继续推进相关谈判。",
        "美国总统特朗普已表示，将继续推进相关谈判。",
    ] {
        let names = speaker_names(body);
        assert!(names.iter().all(|n| n == "特朗普"), "{body}: {names:?}");
    }
    // xwlb 2013-12-16: a body after a post speaks for nobody
    assert!(
        speaker_names("全国人大常委会委员长会议建议，常委会第六次会议审议多部法律草案。")
            .is_empty()
    );
}

#[test]
fn a_list_of_posted_names_closed_by_a_kind_of_people() {
    // xwlb 2020-04-08: each name after its post, then 等 and who they are
    let body = "此外，斯里兰卡中国友好协会主席古纳提拉克、泰国为泰党领导人纳丽妮、智利基督教民主党主席查因、阿尔巴尼亚争取一体化社会运动党主席克吕埃马齐等政党政要也在来电来函中表示，各国政党应发挥政治引领作用。";
    assert_eq!(
        speaker_names(body),
        vec!["古纳提拉克", "纳丽妮", "查因", "克吕埃马齐"]
    );
}

#[test]
fn a_gesture_after_表示_and_a_cue_inside_a_speech() {
    // xwlb 2019-09-27: condolences with their manner are no statement
    assert!(speaker_names(
        "同日，国务院总理李克强就希拉克前总统逝世向法国总理菲利普致唁电，表示沉痛的哀悼和诚挚的慰问。"
    )
    .is_empty());
}

#[test]
fn cues_of_a_stance_in_print_and_without_a_comma() {
    // xwlb 2016-08-03: 刊文指出, 批评说
    assert_said(
        "韩国前外长宋旻淳近日在韩国《中央日报》网站上刊文指出，部署“萨德”的第一个牺牲对象就是朝鲜半岛。",
        &[("宋旻淳", "部署")],
    );
    assert_said(
        "韩国前统一部长官丁世铉表示，这显示了外交政策的失败。丁世铉说，只针对朝鲜的说法不过是自欺欺人。他批评说，部署“萨德”既刺激了朝鲜。",
        &[("丁世铉", "这显示了"), ("丁世铉", "只针对朝鲜"), ("丁世铉", "部署")],
    );
}

#[test]
fn proposals_listed_over_commas_after_包括() {
    // xwlb 2020-05-26
    let body = "今年两会期间，孙铁英关注的仍然是如何应对重大急性传染病疫情，提出包括建立规范的重大急性传染病诊断方法，抓紧研发传染病接诊、核酸检测和护理机器人等多项建议。";
    assert_eq!(speaker_names(body), vec!["孙铁英"]);
    assert!(speakers(body)[0].1.starts_with("建立规范的"));
}

#[test]
fn a_name_in_quotation_marks_between_subject_and_cue_is_a_word() {
    for (body, speaker, begins) in [
        // xwlb-20201121-14
        (
            "俄罗斯总统普京在“纽伦堡教训”论坛致辞时强调，苏联人民抵御了纳粹的进攻。",
            "普京",
            "苏联人民",
        ),
        // xwlb-20130612-23
        (
            "土耳其总理埃尔多安11号在其所在政党“正义与发展党”的会议上说，加济公园内的大规模示威已经影响到全国。",
            "埃尔多安",
            "加济公园",
        ),
        // xwlb-20160603-01
        (
            "中共中央总书记、国家主席、中央军委主席习近平3日上午在参观国家“十二五”科技创新成就展时强调，在全党全国特别是科技界树立创新意识。",
            "习近平",
            "在全党全国",
        ),
    ] {
        assert_said(body, &[(speaker, begins)]);
    }
    // a quotation that opens the clause is speech, not a name in it
    let body = "“要把乡村建设好”张伟代表说，这是他的责任。";
    assert!(
        !speakers(body)
            .iter()
            .any(|(_, text)| text.starts_with("要把乡村")),
        "{:?}",
        speakers(body)
    );
}

#[test]
fn a_verb_inside_a_frame_of_what_the_speaker_was_doing_is_no_cue() {
    // 在…介绍…时提出: the statement is the cue's after 时, once, whole
    // (the seed article, and xwlb 2012-11-11, 2022-12-08)
    assert_said(
        "3月5日，国务院总理李强在政府工作报告中介绍今年政府工作任务时提出，大力推进现代化产业体系建设，加快发展新质生产力。",
        &[("李强", "大力推进")],
    );
    assert_said(
        "刘振亚在介绍特高压输电技术时表示，目前我国是世界上唯一一个能够掌握和使用特高压技术的国家。",
        &[("刘振亚", "目前我国")],
    );
    assert_said(
        "李克强在应询介绍中国经济和疫情防控相关情况时指出，中国实现稳就业稳物价、稳住了宏观经济大盘。",
        &[("李克强", "中国实现")],
    );
    // no frame: 介绍 is the cue
    assert_said(
        "全国政协委员景亚萍介绍贵州今年将加快发展数字经济，推动传统产业转型。",
        &[("景亚萍", "贵州今年")],
    );
}
