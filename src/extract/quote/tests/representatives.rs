//! The verb 代表 and representatives of countries: a person who speaks on
//! behalf of a government, a people or a leader (普京代表俄罗斯政府和人民,
//! 代表习近平总书记向…表示) is no NPC deputy, and the leader spoken for is not
//! the speaker; a country before 代表 (乌克兰代表则指责) is whom its
//! representative speaks for, no person. Deputies written with the suffix
//! keep their role.

use super::*;

#[test]
fn speaking_on_behalf_of_a_body_or_a_leader_is_no_deputys_role() {
    for (body, name) in [
        // xwlb-20130422-02
        (
            "国家主席习近平应约同俄罗斯总统普京通电话。\n普京代表俄罗斯政府和人民，再次对中国四川芦山发生强烈地震致以深切慰问。他表示，值此困难时刻，俄罗斯人民坚定同中国人民站在一起。",
            "普京",
        ),
        // xwlb-20150603-02
        (
            "李克强代表习近平总书记向奋战在救援一线的部队、武警官兵和工作人员表示感谢。他说，当前救援任务很艰巨，需要大家全力投入，连续作战。",
            "李克强",
        ),
        // xwlb-20150930-07
        (
            "俞正声代表党中央、国务院，代表习近平总书记向自治区各族干部表示崇高的敬意和亲切的问候。他说，自治区成立60年来，各项事业取得了举世瞩目的成就。",
            "俞正声",
        ),
    ] {
        assert_only_speaker(body, name);
        assert!(
            extract_quotes(body)
                .iter()
                .all(|q| q.role != Role::NpcDeputy),
            "{body}"
        );
    }
}

#[test]
fn a_countrys_representative_is_no_person() {
    // xwlb-20220222-13
    let body = "联合国安理会21日召开紧急公开会议，俄罗斯代表表示，俄罗斯对外交解决乌克兰问题仍持开放态度。乌克兰代表则指责俄罗斯承认两地独立非法。";
    assert_eq!(speaker_names(body), Vec::<String>::new());
}

#[test]
fn deputies_named_with_the_suffix_keep_their_role() {
    for body in [
        "赵振香代表说，要把乡村振兴落到实处。",
        "孙景南代表在政府工作报告审议时表示，要加强职业教育。",
        "来自湖南农村的向平华代表表示，要加强农村教育。",
    ] {
        let quotes = extract_quotes(body);
        assert!(
            !quotes.is_empty() && quotes.iter().all(|q| q.role == Role::NpcDeputy),
            "{body}: {quotes:?}"
        );
    }
}

#[test]
fn a_congress_by_its_ordinal_is_no_person() {
    // xwlb-20221004-07: a series named after the congress's delegates
    let body = "今天的《二十大代表风采》，带您认识河南省辉县市裴寨村党支部书记裴春亮。\n裴春亮是河南省辉县市裴寨村党支部书记。他表示，要更加做实做好本职工作。";
    assert_only_speaker(body, "裴春亮");
}
