//! Tests of splitting: sections, credits, long paragraphs, laws and reports,
//! heading spellings, and the lossless-split property.

use super::*;
use proptest::prelude::*;

const SEED_TAIL: &str = "【江西】\n企业的创新密码“45154”\n近日，记者走进昌河飞机工业(集团)有限责任公司。\n全国人大代表刘辉认为，科技正为千行百业赋能。\n策划:江萌\n执行策划:陈凌墨 苏争\n南都记者 向雪妮 余毅菁\n编辑:肖苔\n";

#[test]
fn sections_headings_and_credits() {
    let spans = split(SEED_TAIL);
    let kinds: Vec<_> = spans.iter().map(|s| s.kind.clone()).collect();
    assert_eq!(
        kinds,
        vec![
            SpanKind::Section("江西".into()),
            SpanKind::Passage,
            SpanKind::Passage,
            SpanKind::Credits,
            SpanKind::Credits,
            SpanKind::Credits,
            SpanKind::Credits,
        ]
    );
    assert!(SEED_TAIL[spans[1].range.clone()].starts_with("企业的创新密码"));
    assert!(SEED_TAIL[spans[1].range.clone()].ends_with("有限责任公司。"));
}

#[test]
fn long_paragraph_is_cut_at_sentence_ends() {
    let sentence = "加快发展新质生产力，扎实推进高质量发展，着力构建现代化产业体系。";
    let body = sentence.repeat(40);
    let spans = split(&body);
    assert!(spans.len() > 1);
    for span in &spans {
        let text = &body[span.range.clone()];
        assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
        assert!(text.ends_with('。'), "{text}");
    }
}

/// 《北京市自动驾驶汽车条例》, the end of 第三十八条 to the start of 第六章.
const LAW: &str = "## 第五章 安全保障\n\n第三十八条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业应当依法落实网络安全等级保护制度。\n\n第三十九条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业，应当建立健全数据安全管理制度，依法履行数据安全保护义务，并遵守下列规定：\n\n（一）收集的数据应当与车辆行驶和交通安全有关；\n\n（二）评估数据安全风险，分类分级保护有关数据；\n\n（三）处理个人信息应当遵守个人信息保护法的有关规定；\n\n自动驾驶汽车数据跨境传输活动按照国家有关规定执行。\n\n## 第六章\u{3000}法律责任\n\n第四十一条 违反本条例规定的行为，法律、行政法规已有法律责任规定的，从其规定。\n";

fn passages(body: &str) -> Vec<(&str, Vec<String>, Option<&str>)> {
    split(body)
        .into_iter()
        .filter(|s| s.kind == SpanKind::Passage)
        .map(|s| {
            let lead = s.lead.map(|r| &body[r]);
            (&body[s.range], s.path, lead)
        })
        .collect()
}

#[test]
fn a_law_article_is_one_passage_with_its_items_under_its_chapter() {
    let spans = split(LAW);
    assert_eq!(spans[0].kind, SpanKind::Heading);
    let passages = passages(LAW);
    let paths: Vec<_> = passages.iter().map(|(_, p, _)| p.join(" › ")).collect();
    assert_eq!(
        paths,
        [
            "第五章 安全保障 › 第三十八条",
            "第五章 安全保障 › 第三十九条",
            "第六章 法律责任 › 第四十一条",
        ]
    );
    let (text, _, lead) = &passages[1];
    assert!(text.starts_with("第三十九条 "), "{text}");
    assert!(text.ends_with("按照国家有关规定执行。"), "{text}");
    assert_eq!(*lead, None);
    let at = text.find("个人信息").unwrap_or(0);
    assert_eq!(item_at(text, at), Some("（三）"));
    assert_eq!(item_at(text, 0), None);
    assert_eq!(
        lead_of_item(text, at),
        Some("第三十九条 自动驾驶汽车生产、车联网软件提供、通信运营等相关企业，应当建立健全数据安全管理制度，依法履行数据安全保护义务，并遵守下列规定：")
    );
    let last = text.rfind("跨境").unwrap_or(0);
    assert_eq!(
        item_at(text, last),
        None,
        "the 款 after the items is no item"
    );
}

/// 《北京市专利保护和促进条例》第十一条: 507 characters, seven items.
const LONG_ARTICLE: &str = "第十一条 市专利管理部门处理专利侵权纠纷，认定专利侵权行为成立并作出处理决定的，应当按照下列规定采取措施制止侵权行为：\n\n（一）侵权人制造专利侵权产品的，责令其立即停止制造行为、销毁制造侵权产品的专用设备、模具等生产工具，并不得销售、使用尚未售出的侵权产品或者以其他形式将其投放市场；\n\n（二）侵权人未经专利权人许可使用专利方法的，责令其立即停止使用行为、销毁实施专利方法的专用设备、模具等生产工具，并不得销售、使用尚未售出的依照专利方法所直接获得的侵权产品或者以其他形式将其投放市场；\n\n（三）侵权人销售专利侵权产品或者依照专利方法直接获得的侵权产品的，责令其立即停止销售行为，并不得使用尚未售出的侵权产品或者以其他形式将其投放市场；\n\n（四）侵权人许诺销售专利侵权产品或者依照专利方法直接获得的侵权产品的，责令其立即停止许诺销售侵权产品的行为、消除影响，并不得进行任何实际销售行为；\n\n（五）侵权人进口专利侵权产品或者依照专利方法直接获得的侵权产品，已经进入本市的，责令其不得销售、使用该侵权产品或者以其他形式将其投放市场；\n\n（六）侵权人以生产经营为目的使用专利侵权产品的，责令其立即停止使用行为；\n\n（七）制止侵权行为的其他必要措施。";

#[test]
fn a_long_article_is_cut_at_items_each_piece_with_the_lead() {
    let passages = passages(LONG_ARTICLE);
    assert_eq!(passages.len(), 2, "{passages:?}");
    let (first, first_path, first_lead) = &passages[0];
    let (second, second_path, second_lead) = &passages[1];
    assert!(first.starts_with("第十一条 ") && first.ends_with("任何实际销售行为；"));
    assert!(second.starts_with("（五）") && second.ends_with("其他必要措施。"));
    assert_eq!(first_path, &["第十一条"]);
    assert_eq!(second_path, &["第十一条"]);
    assert_eq!(*first_lead, None, "the first piece holds its lead");
    assert_eq!(
        *second_lead,
        Some("第十一条 市专利管理部门处理专利侵权纠纷，认定专利侵权行为成立并作出处理决定的，应当按照下列规定采取措施制止侵权行为：")
    );
    for (text, _, _) in &passages {
        assert!(text.chars().count() <= MAX_PASSAGE_CHARS);
    }
}

/// 2024年政府工作报告: a part, its opening paragraph, a numbered part
/// whose first sentence is its heading, and a paragraph under it.
const REPORT: &str = "各位代表：\n\n三、2024年政府工作任务\n\n\n党中央对今年工作作出了全面部署，我们要深入贯彻落实。\n\n（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用，以科技创新推动产业创新。\n\n推动产业链供应链优化升级。保持工业经济平稳运行。\n\n（二）深入实施科教兴国战略，强化高质量发展的基础支撑。\n\n加强高质量教育体系建设。\n";

#[test]
fn report_parts_make_the_path() {
    let passages = passages(REPORT);
    let rows: Vec<(&str, String)> = passages
        .iter()
        .map(|(text, path, _)| (*text, path.join(" › ")))
        .collect();
    assert_eq!(
        rows,
        [
            ("各位代表：", String::new()),
            (
                "党中央对今年工作作出了全面部署，我们要深入贯彻落实。",
                "三、2024年政府工作任务".to_string()
            ),
            (
                "（一）大力推进现代化产业体系建设，加快发展新质生产力。充分发挥创新主导作用，以科技创新推动产业创新。",
                "三、2024年政府工作任务 › （一）大力推进现代化产业体系建设，加快发展新质生产力。".to_string()
            ),
            (
                "推动产业链供应链优化升级。保持工业经济平稳运行。",
                "三、2024年政府工作任务 › （一）大力推进现代化产业体系建设，加快发展新质生产力。".to_string()
            ),
            (
                "加强高质量教育体系建设。",
                "三、2024年政府工作任务 › （二）深入实施科教兴国战略，强化高质量发展的基础支撑。".to_string()
            ),
        ]
    );
    let kinds: Vec<_> = split(REPORT).into_iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == SpanKind::Heading).count(),
        2,
        "三、 and the one-sentence （二） are headings only"
    );
}

/// A provincial report whose parts are titled without numbers, the last
/// one with numbered sub-parts (shortened from 2026年甘肃省政府工作报告).
const UNNUMBERED_REPORT: &str = "2026年甘肃省政府工作报告
——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上
各位代表：
我代表省人民政府，向大会报告工作，请予审议。
“十四五”时期工作回顾
“十四五”时期是甘肃发展极不寻常、极不平凡的五年。在迈上全面建设社会主义现代化国家新征程、向第二个百年奋斗目标进军中，我们坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，深入贯彻习近平总书记对甘肃重要讲话重要指示批示精神。
五年来主要做了以下工作。
2026年重点工作
今年是“十五五”开局之年。政府工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大和二十届历次全会精神，完整准确全面贯彻新发展理念，服务和融入新发展格局，着力推动高质量发展。
重点抓好八个方面工作：
（一）放大促消费扩投资政策效应
积极承接用好政策。落实好更加积极的财政政策、适度宽松的货币政策。
（二）加快建设现代化产业体系
一体推进教育科技人才发展。
";

#[test]
fn parts_titled_without_numbers_open_the_path() {
    let rows: Vec<(String, String)> = passages(UNNUMBERED_REPORT)
        .iter()
        .map(|(text, path, _)| (text.chars().take(8).collect(), path.join(" › ")))
        .collect();
    let path_of = |start: &str| {
        rows.iter()
            .find(|(text, _)| text.starts_with(start))
            .map(|(_, path)| path.as_str())
            .unwrap_or_else(|| panic!("no passage {start} in {rows:#?}"))
    };
    // the document's title, its dateline and its opening stay out of the path
    assert_eq!(path_of("——二〇二六"), "");
    assert_eq!(path_of("我代表省人民政"), "");
    assert_eq!(path_of("“十四五”时期"), "“十四五”时期工作回顾");
    assert_eq!(path_of("五年来主要做了"), "“十四五”时期工作回顾");
    assert_eq!(path_of("2026年重点"), "2026年重点工作");
    assert_eq!(path_of("重点抓好八个方"), "2026年重点工作");
    assert_eq!(
        path_of("积极承接用好政"),
        "2026年重点工作 › （一）放大促消费扩投资政策效应"
    );
    assert_eq!(
        path_of("一体推进教育科"),
        "2026年重点工作 › （二）加快建设现代化产业体系"
    );
}

#[test]
fn a_lone_unnumbered_line_or_a_sub_heading_inside_a_part_is_no_part() {
    // one title-like line before the numbered parts: the document's title or
    // a line broken in two, not a part
    let lone = UNNUMBERED_REPORT.replacen("2026年重点工作\n", "", 1);
    let rows = passages(&lone);
    assert!(
        rows.iter()
            .filter(|(text, _, _)| text.starts_with("“十四五”") || text.starts_with("五年来"))
            .all(|(_, path, _)| path.is_empty()),
        "{rows:#?}"
    );
    // a short line glued to its paragraph inside a numbered part (1957's
    // 关于教育改革问题 under 二、) is a sub-heading, not a part above 一、
    let numbered = "各位代表：
一、关于社会主义革命
我国的社会主义革命在一九五六年取得了决定性的胜利。
二、关于社会主义建设
关于教育改革问题
我们的教育事业在过去几年中有了很大的发展，各级学校的学生人数比解放以前增加了很多倍，但是教育工作中还存在着不少问题，需要我们认真研究，逐步加以解决，这里只讲几个主要的问题，供各位代表讨论。
三、关于人民生活
人民生活有了改善。
";
    let rows = passages(numbered);
    let under = rows
        .iter()
        .find(|(text, _, _)| text.starts_with("关于教育"))
        .map(|(_, path, _)| path.join(" › "));
    assert_eq!(under.as_deref(), Some("二、关于社会主义建设"));
}

#[test]
fn headings_are_recognised_in_their_spellings() {
    let label = |line: &str| structural_heading(line, false).map(|h| h.label);
    assert_eq!(label("## 第一章 总 则").as_deref(), Some("第一章 总则"));
    assert_eq!(
        label("## 第六章\t法律责任").as_deref(),
        Some("第六章 法律责任")
    );
    assert_eq!(
        label("### 第二节\u{2002}\u{2002}夫妻关系").as_deref(),
        Some("第二节 夫妻关系")
    );
    assert_eq!(label("第五章法律责任").as_deref(), Some("第五章 法律责任"));
    assert_eq!(label("第3章 附则").as_deref(), Some("第3章 附则"));
    assert_eq!(
        label("第十七条之一 已满七十五周岁的人故意犯罪的，可以从轻或者减轻处罚。").as_deref(),
        Some("第十七条之一")
    );
    assert_eq!(
        label("第12条　本办法自发布之日起施行。").as_deref(),
        Some("第12条")
    );
    assert_eq!(label("第二十六条规定的安全评估"), None);
    assert_eq!(label("2.5"), None);
    assert_eq!(
        label("1.法徽图案高55mm。").as_deref(),
        Some("1.法徽图案高55mm。")
    );
    assert!(
        structural_heading("（三）处理个人信息应当遵守个人信息保护法的有关规定；", true).is_none()
    );
    assert_eq!(item_label("（三）处理个人信息"), Some("（三）"));
    assert_eq!(item_label("三、附则"), Some("三、"));
}

#[test]
fn a_wrapped_chapter_heading_is_joined_and_a_zero_width_line_is_no_passage() {
    // 《北京市乡、民族乡、镇人民代表大会组织条例》 wraps its 第五章 after a comma
    let body = "## 第五章 乡、民族乡、镇人民代表大会主席、副主席，乡长、\n\n副乡长，镇长、副镇长的选举、罢免和补选\n\n\u{200B}\n\n第三十条 乡、民族乡、镇的人民代表大会选举本级人民代表大会主席、副主席。\n";
    let spans = split(body);
    let kinds: Vec<_> = spans.iter().map(|s| s.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            SpanKind::Heading,
            SpanKind::Heading,
            SpanKind::Heading,
            SpanKind::Passage
        ]
    );
    assert_eq!(
        spans[3].path,
        [
            "第五章 乡、民族乡、镇人民代表大会主席、副主席，乡长、副乡长，镇长、副镇长的选举…",
            "第三十条"
        ]
    );
}

#[test]
fn a_sentence_whose_closing_quotes_reach_the_passage_size_is_cut_after_them() {
    // the closing marks after 。 count towards the piece: whichever of them
    // reaches the size, the cut falls after the last, never inside
    for closing in ["”", "”）", "’”", "」）”"] {
        for filler in MAX_PASSAGE_CHARS - 6..MAX_PASSAGE_CHARS {
            let body = format!(
                "{}。{closing}{}",
                "字".repeat(filler),
                "后来的话。".repeat(40)
            );
            let spans = split(&body);
            let texts: Vec<&str> = spans.iter().map(|s| &body[s.range.clone()]).collect();
            assert!(texts.len() > 1, "{filler}");
            assert!(
                texts[0].ends_with(closing),
                "{filler} {closing}: {}",
                texts[0]
            );
            assert_eq!(texts.concat(), body.replace('\n', ""));
        }
    }
}

/// Pieces of news and legal text: runs of ideographs, sentence ends with
/// their closing marks, commas, line ends, section and article headings.
fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[\\p{Han}]{1,80}",
        2 => prop::sample::select(vec!["。", "！", "？", "；", "…", "。”", "！”", "？’”", "。」", "；）", "…”"]).prop_map(String::from),
        2 => prop::sample::select(vec!["，", "、", "：“", "“"]).prop_map(String::from),
        1 => prop::sample::select(vec!["\n", "\n\n", "\n【湖北】\n", "\n第三条\u{3000}", "\n（一）", "\n一、", "\n## 第二章 总则\n", "\n\u{200B}\n"]).prop_map(String::from),
    ]
}

/// The spans of `body` in order, on character boundaries, with nothing
/// visible between them: the split loses no text.
fn check_lossless(body: &str) -> Result<(), TestCaseError> {
    let mut last = 0;
    for span in split(body) {
        prop_assert!(span.range.start >= last);
        prop_assert!(body.is_char_boundary(span.range.start));
        prop_assert!(body.is_char_boundary(span.range.end));
        prop_assert!(!body[last..span.range.start].chars().any(is_visible));
        last = span.range.end;
    }
    prop_assert!(!body[last..].chars().any(is_visible));
    Ok(())
}

proptest! {
    #[test]
    fn long_passages_of_real_shapes_split_losslessly(pieces in prop::collection::vec(text_piece(), 0..160)) {
        check_lossless(&pieces.concat())?;
    }

    #[test]
    fn splitting_is_lossless(body in "[\\PC\n【】。，“”a 第一二三条章（）、#：]{0,900}") {
        check_lossless(&body)?;
    }
}
