//! Spans that read as a surname and a given name but are no person, and
//! names that their first two characters would cut short: a character said
//! twice (殷殷嘱托), an adverb of transliteration characters (热切), a
//! country's army or media (乌军, 巴媒), a message that speaks (贺词); a
//! foreign name of four or more characters (马克迪希) read whole, and a name
//! the article writes after a post read as the name reader reads it there
//! (韩正, not 韩正在).

use super::*;

#[test]
fn words_that_read_as_names_are_no_speakers() {
    for (body, not_a_name) in [
        // xwlb-20170920-13
        (
            "广西各族人民牢记习近平总书记殷殷嘱托，践行“三大定位”新使命，落实“五个扎实”新要求。",
            "殷殷",
        ),
        // xwlb-20151019-02
        (
            "包括英国官员和民众在内的各界人士热切期待习主席的来访，并预祝此次访问取得成功。",
            "热切",
        ),
        ("巴媒称以军袭击加沙和约旦河西岸多地。", "巴媒"),
        ("乌军称，俄军在多个方向发起进攻。", "乌军"),
        // xwlb-20121130-03
        (
            "李克强代表中共中央致贺词。贺词说，九三学社具有爱国、民主、科学的优良传统。",
            "贺词",
        ),
    ] {
        let found = speaker_names(body);
        assert!(!found.iter().any(|n| n == not_a_name), "{body}: {found:?}");
    }
    // the roster's 冉冉 is a person
    assert_said(
        "全国人大代表冉冉表示，要让乡村振兴的成果惠及更多群众。",
        &[("冉冉", "要让乡村振兴")],
    );
}

#[test]
fn names_are_read_whole() {
    // xwlb-20120716-15
    assert_said(
        "15号，叙利亚外交部新闻发言人马克迪希就12号发生在哈马地区的暴力事件进行了说明。他强调，该地区发生的不是针对普通民众的屠杀。",
        &[("马克迪希", "该地区发生的")],
    );
    // xwlb-20240402-11
    assert_said(
        "叙利亚外长梅克达德当天前往伊朗驻叙使馆。他指出，美国打着人道援助的旗号。",
        &[("梅克达德", "美国打着")],
    );
    // xwlb-20130609-03: a state, not a name, after the verb 代表
    assert_said(
        "美国加州州长布朗代表加利福尼亚州人民欢迎习近平主席到访。他表示，中美元首会晤选择在加州举行，是加州的荣幸。",
        &[("布朗", "中美元首会晤")],
    );
    // xwlb-20181010-04: the sentence opens with the name and 在
    assert_said(
        "中共中央政治局常委、国务院副总理韩正在四川调研。韩正在天府新区规划厅仔细观看规划沙盘。他指出，城市规划建设要贯彻新发展理念。",
        &[("韩正", "城市规划建设")],
    );
}

#[test]
fn a_clause_opening_with_a_body_is_no_person_for_a_pronoun() {
    // xwlb-20130118-02: 他 is 习近平, not 党中央, which the article writes
    // after 代表 (党 is a surname too)
    let body = "习近平主持大会。温家宝代表党中央、国务院在大会上讲话。\n习近平在主持大会时指出，党中央、国务院隆重奖励在我国科学技术事业发展中作出杰出贡献的科技工作者。他希望广大科技工作者以获奖者为榜样，继续发扬优良传统。";
    assert_only_speaker(body, "习近平");
}

#[test]
fn a_word_ending_in_the_cue_is_no_cue() {
    // the 2026 provincial report of 湖北 (the bundled samples): 职称, not 称
    assert_said(
        "突出“谁创新谁受益”的鲜明导向，探索推进职务科技成果赋权改革、高校职称分类评聘改革、国有无形资产管理改革。",
        &[],
    );
    // 称 after a name still says
    assert_said(
        "俄罗斯总统普京称，俄方愿同中方加强合作。",
        &[("普京", "俄方愿同中方")],
    );
}

#[test]
fn a_word_of_manner_after_a_post_is_no_name() {
    use crate::extract::speaker::{mentions, Chars};
    // xwlb-20201111-06, xwlb-20200520-09
    for body in [
        "常委会任命的全国人大专门委员会副主任委员依法进行宪法宣誓。",
        "尊重人大代表主体地位，支持、保障人大代表依法履职。",
    ] {
        let c = Chars::new(body);
        let found = mentions(&c, 0, c.len());
        assert!(found.iter().all(|(_, p)| p.name != "依法"), "{body}");
    }
}

#[test]
fn a_surname_and_two_characters_opening_a_clause_before_a_role_suffix() {
    // jieba reads 胜利, 一天, 进行 as words, not as given names
    for (body, name) in [
        // xwlb-20121110-03
        (
            "吴胜利代表说，要认真学习贯彻十八大精神，毫不动摇坚持党对军队绝对领导。",
            "吴胜利",
        ),
        // xwlb-20151107-07
        (
            "徐一天常委提出，要加强创新文化建设，加强社会主义核心价值观宣传教育，从传统文化中汲取营养；",
            "徐一天",
        ),
        // xwlb-20180308-07
        (
            "陈进行委员指出，建设中国特色现代企业制度，推进国有企业公司治理现代化。",
            "陈进行",
        ),
    ] {
        assert_eq!(speaker_names(body), [name], "{body}");
    }
    // a country, a preposition and its object: no name
    for body in [
        // xwlb-20220222-13
        "联合国安理会21日召开紧急公开会议，俄罗斯代表表示，俄罗斯对外交解决乌克兰问题仍持开放态度。",
        // xwlb-20171117-01
        "习近平亲切会见全国道德模范代表，向全体代表表示热烈的祝贺，勉励他们再接再厉。",
    ] {
        let names = speaker_names(body);
        assert!(
            !names.iter().any(|n| n.contains("俄罗斯") || n.contains("全体")),
            "{body}: {names:?}"
        );
    }
}

#[test]
fn a_compound_surname_and_two_characters_opening_a_clause_before_a_role_suffix() {
    // xwlb-20151107-07
    let body = "王钦敏常委代表民革中央发言，就提升“一带一路”建设金融保障能力提出建议；欧阳明高常委代表民盟中央发言提出，谋划高等教育合理布局，推动教育资源均衡发展；李谠常委代表民建中央发言建议，落实精准扶贫。";
    let names = speaker_names(body);
    assert!(names.iter().any(|n| n == "欧阳明高"), "{names:?}");
    // a company whose name opens with a compound surname: 电气 is a word
    let names = speaker_names("东方电气代表表示，将加快推进重大技术装备研制。");
    assert!(!names.iter().any(|n| n.starts_with("东方")), "{names:?}");
}

#[test]
fn names_after_foreign_posts_in_da_chen_and_dai_biao() {
    // xwlb-20190215-01: 贸易代表 is a post; both are then named bare
    let body = "国家主席习近平15日在人民大会堂会见美国贸易代表莱特希泽和财政部长姆努钦。\n莱特希泽和姆努钦转达特朗普总统对习近平主席的亲切问候和良好祝愿。他们表示，美中贸易关系非常重要。";
    assert_said(
        body,
        &[("莱特希泽", "美中贸易关系"), ("姆努钦", "美中贸易关系")],
    );
    // xwlb-20180502-07: a minister whose post ends in 大臣
    let body = "摩洛哥外交与国际合作大臣布里达1日宣布，摩洛哥与伊朗断绝外交关系。布里达说，摩洛哥有关部门已经掌握了确切的证据。";
    assert_said(body, &[("布里达", "摩洛哥有关部门")]);
    // xwlb-20150506-04: 高级代表, named bare paragraphs later
    let body = "国务院总理李克强6日下午在中南海紫光阁会见欧盟委员会副主席、欧盟外交与安全政策高级代表莫盖里尼。\n李克强指出，中国正以改革开放推动经济稳定增长。\n莫盖里尼说，欧方愿同中方以建交40周年为契机，拓展经济合作。";
    assert_said(
        body,
        &[("李克强", "中国正以改革开放"), ("莫盖里尼", "欧方愿同中方")],
    );
}

#[test]
fn a_country_and_the_word_after_it_are_no_name() {
    // xwlb-20150407-14: 韩 is a surname, 韩国均 no name
    assert!(
        speaker_names("中国和韩国均希望日本能够正视历史，以切实行动改善与邻国关系。").is_empty()
    );
    // xwlb-20211208-16: a headline 伊朗核问题… had been read as 伊朗核, the
    // person a later 他 stood for
    assert_said(
        "伊朗核问题相关方会谈将于9日重启\n伊朗副外长兼伊核问题首席谈判代表巴盖里7日说，伊朗核问题全面协议相关方会谈将于9日继续举行。他表示，伊朗就解除对伊制裁提出了建设性提议。",
        &[("巴盖里", "伊朗核问题全面"), ("巴盖里", "伊朗就解除")],
    );
    // xwlb-20141222-15: 美国和古巴已宣布 inside the speech is nobody's cue
    assert_said(
        "美国总统奥巴马21号表示，鉴于美国和古巴已宣布开启关系正常化进程，美国需重新评估对古巴的政策。",
        &[("奥巴马", "鉴于美国")],
    );
    // a surname and 国 and a given name that is none of those words
    assert_said(
        "国民党前主席韩国瑜表示，两岸应当加强交流合作。",
        &[("韩国瑜", "两岸应当")],
    );
}
