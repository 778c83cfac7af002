//! Tests of provinces: names, the gazetteer, article and passage provinces, and their throughput on real text.

use super::*;

use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

#[test]
fn normalizes_all_34_full_and_short_names() {
    for (short, full) in PROVINCES.iter().zip(FULL_NAMES.iter()) {
        assert_eq!(normalize_province(short), Some(*short), "{short}");
        assert_eq!(normalize_province(full), Some(*short), "{full}");
        assert_eq!(normalize_province(&format!(" {full}\n")), Some(*short));
    }
    assert_eq!(normalize_province("香港特区"), Some("香港"));
}

#[test]
fn normalize_rejects_non_provinces() {
    for name in [
        "",
        "中国",
        "全国",
        "中央",
        "湖",
        "湖北省武汉市",
        "湖北人",
        "内蒙",
        "武汉",
        "广西壮族自治区人民政府",
        "北京大学",
    ] {
        assert_eq!(normalize_province(name), None, "{name}");
    }
}

/// A path inside `../shared/corpus`; panics, naming the folder, when it is
/// missing. The tests that call it are `#[ignore = "needs ../shared/corpus"]`.
fn shared_corpus(relative: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let path = root.join(relative);
    assert!(
        path.exists(),
        "{} not found: this test needs the shared corpus in {}",
        path.display(),
        root.display()
    );
    path
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn full_names_match_provinces_csv() {
    let path = shared_corpus("admin_divisions/provinces.csv");
    let text = fs::read_to_string(&path).expect("read provinces.csv");
    let names: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(1).unwrap_or_default().trim_matches('"'))
        .collect();
    assert_eq!(names.len(), 31);
    for name in names {
        assert!(FULL_NAMES.contains(&name), "{name}");
    }
}

#[test]
fn section_headers() {
    let cases = [
        ("【湖北】", Some("湖北")),
        ("湖北", Some("湖北")),
        (" 【重庆】 ", Some("重庆")),
        ("【广西壮族自治区】", Some("广西")),
        ("【编者按】", None),
        ("【字号：大 中 小】", None),
    ];
    for (header, expected) in cases {
        assert_eq!(section_province(header), expected, "{header}");
    }
}

#[test]
fn infers_the_province_of_real_passages() {
    let cases: &[(&str, Option<&str>)] = &[
        // seed/lianghui_2024_xinzhi_shengchanli.txt
        ("走进四川天府新区科学城兴隆湖畔，国家超级计算成都中心坐落于此，“最强大脑”以最高运算速度达10亿亿次/秒的超级计算机正在昼夜“转动”。", Some("四川")),
        ("当前，苏州正加快构建“1030”产业体系，3年力争形成电子信息、高端装备、先进材料、新能源4个万亿级主导产业，规上工业总产值达5万亿元，推动GDP迈上3万亿元台阶。", Some("江苏")),
        ("3月1日，在贵阳市花溪区孟关汽配城一家店铺里，汽车零配件销售员打开“亿象汽配城APP”，一分钟轻松完成报价、交易、发货等操作。", Some("贵州")),
        ("近年来，围绕打造“中小企业能办大事”创新示范区，广州开发区创新政策、务实服务，持续优化营商环境，激励广大中小企业坚持科技自立自强、参与粤港澳大湾区建设，当地中小企业的高质量发展之路越走越稳。", Some("广东")),
        ("“把科技的命脉牢牢掌握在自己手中”……2022年6月28日，习近平总书记来到武汉华工科技公司考察，掷地有声的话语让华工激光精密系统事业群总经理助理刘亚菲记忆犹新。", Some("湖北")),
        ("龙年伊始，重庆长安汽车两江工厂二厂区的总装车间一片火热。", Some("重庆")),
        ("2016年G20杭州峰会是万事利丝绸发展史上浓墨重彩的转折，万事利为峰会设计了8360款文创精品，受到世界瞩目。", Some("浙江")),
        ("以昌飞公司为代表，近年来，江西坚持以科技创新引领产业升级，实施科技兴赣六大行动。", Some("江西")),
        // xwlb_cctv
        ("央视网消息（新闻联播）：多国人士高度关注即将召开的中国两会，期待中国为全球发展贡献更多动力。", None),
        ("央视网消息（新闻联播）：十四届全国人大二次会议将于3月5日上午9时在北京人民大会堂开幕，国务院总理李强将作政府工作报告。", None),
        ("央视网消息（新闻联播）：大江南北，活力无限，祖国各地，日新月异。", None),
        ("央视网消息（新闻联播）：本台今天（3月4日）播发央视快评《高举旗帜 真抓实干 团结奋进——热烈祝贺十四届全国人大二次会议、全国政协十四届二次会议开幕》。", None),
        ("近日，中宣部命名第九批全国学雷锋活动示范点和岗位学雷锋标兵各50个，主要来自企业、农村、机关、学校、社区、医院、部队等基层一线。", None),
        ("在浙江安吉县余村，村民依托绿水青山发展乡村旅游。", Some("浙江")),
        ("新疆阿克苏地区温宿县，果农正忙着采摘苹果。", Some("新疆")),
        ("海南藏族自治州共和县，光伏电站板下种草、板间牧羊。", Some("青海")),
        // gov_work_reports_provincial_2026
        ("坚持把高质量发展作为新时代的硬道理，完整准确全面贯彻新发展理念，统筹推进长治久安，经济社会发展大同小异。", None),
        // two provinces with equal evidence
        ("湖北和湖南两省携手推进长江中游城市群建设。", None),
        ("从北京到上海，高铁只需4个多小时。", None),
        // a name shared by several provinces
        ("朝阳区", None),
        ("鼓楼区人民法院", None),
        ("沿海城市的老城区更新改造", None),
        ("三江源区域生态保护", None),
    ];
    for (text, expected) in cases {
        assert_eq!(
            infer_province(text),
            *expected,
            "{text}\n{:?}",
            province_mentions(text)
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn infers_every_provincial_report() {
    let path =
        shared_corpus("gov_work_reports_provincial_2026/provincial_gov_work_reports_2026.jsonl");
    let text = fs::read_to_string(path).expect("read the provincial reports");
    let mut wrong = Vec::new();
    for line in text.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let (Some(body), Some(province)) = (doc["body"].as_str(), doc["province"].as_str()) else {
            continue;
        };
        let expected = normalize_province(province);
        if infer_province(body) != expected {
            wrong.push((province.to_string(), province_mentions(body)));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// One scan of a body gives each passage and the article what scans of
/// their own text give, on every article of a year of 新闻联播 and of the
/// provincial reports (whose heads name their issuer).
#[test]
#[ignore = "needs ../shared/corpus"]
fn one_scan_of_the_body_answers_as_scans_of_each_passage() {
    let mut articles = 0;
    let mut passages = 0;
    let mut with_province = 0;
    for file in [
        "xwlb_cctv/xwlb_2019.jsonl",
        "gov_work_reports_provincial_2026/provincial_gov_work_reports_2026.jsonl",
    ] {
        let text = fs::read_to_string(shared_corpus(file)).expect("read the corpus file");
        for line in text.lines() {
            let doc: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
            let (Some(body), title) = (doc["body"].as_str(), doc["title"].as_str().unwrap_or(""))
            else {
                continue;
            };
            articles += 1;
            let places = Places::scan(body);
            let article = article_province(None, title, file, body);
            assert_eq!(
                article_province_of(None, title, file, &places),
                article,
                "{title}"
            );
            with_province += usize::from(article.is_some());
            for span in crate::split::split(body) {
                if span.kind != crate::model::SpanKind::Passage {
                    continue;
                }
                passages += 1;
                assert_eq!(
                    places.passage_provinces(span.range.clone()),
                    passage_provinces(&body[span.range.clone()]),
                    "{}",
                    &body[span.range]
                );
            }
        }
    }
    println!("{articles} articles ({with_province} with a province), {passages} passages");
    assert!(articles > 1_000 && passages > 10_000 && with_province > 100);
}

#[test]
fn names_of_organisations_and_national_meetings_are_no_evidence() {
    let cases: &[(&str, &[&str])] = &[
        // xwlb_cctv 2025
        ("中共中央政治局常委、中央书记处书记蔡奇3日在北京会见来华出席2025年上海合作组织峰会的吉尔吉斯斯坦总统。", &[]),
        ("全国人大常委会委员长赵乐际19日在北京会见斯洛伐克国民议会议长莱希。", &[]),
        ("国务院副总理丁薛祥26日在北京同俄罗斯副总理诺瓦克共同主持中俄能源合作委员会第二十二次会议。", &[]),
        ("这个秋天，北京市精心打造了“多彩公园”“金秋画廊”“斑斓森林”三大类赏秋体验场景。", &["北京"]),
        ("2025陆家嘴论坛今天（6月18日）在上海举行。", &["上海"]),
        ("在上合组织天津峰会上，习近平总书记表示，欢迎各方使用北斗卫星导航系统。", &["天津"]),
    ];
    for (text, expected) in cases {
        assert_eq!(passage_provinces(text), *expected, "{text}");
    }
}

#[test]
fn mentions_are_scored_and_sorted() {
    let text = "湖北省武汉市江夏区和北京";
    assert_eq!(province_mentions(text), vec![("湖北", 7), ("北京", 4)]);
    assert_eq!(infer_province(text), Some("湖北"));
}

#[test]
fn every_line_of_places_tsv_is_well_formed() {
    for line in PLACES_TSV.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "{line}");
        assert!(fields[1] == "-" || PROVINCES.contains(&fields[1]), "{line}");
        assert!(["P", "C", "A", "-"].contains(&fields[2]), "{line}");
    }
    assert_eq!(
        gazetteer().places.len(),
        PLACES_TSV.lines().filter(|l| !l.starts_with('#')).count()
    );
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,200}") {
        let _ = infer_province(&text);
        let _ = province_mentions(&text);
        let _ = section_province(&text);
        let _ = normalize_province(&text);
    }

    #[test]
    fn never_panics_on_place_like_text(text in "[湖北省武汉市区县域朝阳海南藏族自治州重庆祝]{0,40}") {
        let _ = infer_province(&text);
    }
}

/// Throughput on real text; run with `cargo test --release --lib province -- --ignored --nocapture`.
#[test]
#[ignore = "measurement on ../shared/corpus; run in release with --nocapture"]
fn measure_throughput() {
    let text = fs::read_to_string(shared_corpus("xwlb_cctv/xwlb_2024.jsonl"))
        .expect("read xwlb_2024.jsonl");
    let start = std::time::Instant::now();
    let _ = infer_province("预热");
    println!(
        "gazetteer built in {:?}, {} names, {} bytes",
        start.elapsed(),
        gazetteer().places.len(),
        gazetteer().names.heap_bytes()
    );
    let start = std::time::Instant::now();
    let mut found = 0usize;
    for line in text.lines() {
        found += usize::from(infer_province(line).is_some());
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "infer_province: {:.1} MB in {secs:.3}s = {:.0} MB/s ({found} lines with a province)",
        text.len() as f64 / 1e6,
        text.len() as f64 / 1e6 / secs
    );
    assert!(found > 0);
}
