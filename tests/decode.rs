//! Reading files: `source::walk` over folders and `decode` of real Chinese text
//! in every encoding and format we accept.
//!
//! Fixtures live in `tests/fixtures/decode/`; the encoded ones are generated from
//! `gov_report_2024.utf8.txt` (an excerpt of the 2024 government work report) by
//! `cargo test --test decode -- --ignored regenerate_encoded_fixtures`.
//! Tests on `../shared/corpus/` are ignored (`needs ../shared/corpus`; CI runs them
//! with `--include-ignored`) and fail, naming the folder, when it is absent.
//!
//! One concern at over 600 lines: every format and encoding read, each
//! test on its own fixture.

use std::path::{Path, PathBuf};

use policy_search::decode::{
    content_id, decode_file, decode_text, markdown_to_text, Decoded, TextError,
};
use policy_search::source::{self, Format, SourceFile};
use proptest::prelude::*;

mod common;
use common::corpus;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decode")
        .join(name)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn problem_messages(decoded: &Decoded) -> Vec<String> {
    decoded.problems.iter().map(ToString::to_string).collect()
}

const GOV_REPORT_TITLE: &str = "政府工作报告";
const GOV_REPORT_FIRST_BODY_LINE: &str = "——2024年3月5日在第十四届全国人民代表大会第二次会议上";

// ---------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------

#[test]
#[ignore = "needs ../shared/corpus"]
fn shared_gbk_files_decode_exactly_to_their_utf8_twins() {
    let encodings = corpus("encodings");
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(&encodings.join("manifest.json")))
            .expect("manifest.json is JSON");
    let entries = manifest.as_array().expect("manifest is a list");
    assert_eq!(entries.len(), 20);
    for entry in entries {
        let gbk = encodings.join(entry["file"].as_str().expect("file"));
        let expected = encodings.join(entry["expected_utf8"].as_str().expect("expected_utf8"));
        let bytes = read(&gbk);
        let expected = String::from_utf8(read(&expected)).expect("expected twin is UTF-8");
        let text = decode_text(&bytes).unwrap_or_else(|error| panic!("{}: {error}", gbk.display()));
        assert_eq!(text.encoding, encoding_rs::GB18030, "{}", gbk.display());
        assert!(
            text.text == expected,
            "{} does not decode to its twin",
            gbk.display()
        );

        let decoded = decode_file(&gbk, &bytes);
        assert!(
            decoded.problems.is_empty(),
            "{:?}",
            problem_messages(&decoded)
        );
        assert_eq!(decoded.articles.len(), 1);
        let first_line = expected.lines().next().expect("a first line");
        assert_eq!(decoded.articles[0].title, first_line.trim());
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn shared_gbk_file_with_lost_byte_decodes_to_the_garbled_twin() {
    let encodings = corpus("encodings");
    let bytes = read(&encodings.join("gbk/sogouca_01.txt"));
    let expected =
        String::from_utf8(read(&encodings.join("utf8_expected/sogouca_01.txt"))).expect("UTF-8");
    let text = decode_text(&bytes).expect("decodes");
    assert_eq!(text.text, expected);
    let decoded = decode_file(Path::new("sogouca_01.txt"), &bytes);
    let article = &decoded.articles[0];
    assert_eq!(
        article.title,
        "公安机关销毁１０余万非法枪支　跨国武器走私渐起"
    );
    assert!(article
        .body
        .starts_with("中广网唐山６月１２日消息（记者汤一亮　庄胜春）"));
}

#[test]
fn committed_gbk_fixture_decodes_to_its_utf8_twin() {
    let bytes = read(&fixture("gov_report_2024.gbk.txt"));
    let expected = String::from_utf8(read(&fixture("gov_report_2024.utf8.txt"))).expect("UTF-8");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the GBK fixture must not be UTF-8"
    );
    let text = decode_text(&bytes).expect("decodes");
    assert_eq!(text.encoding, encoding_rs::GB18030);
    assert_eq!(text.text, expected);

    let decoded = decode_file(&fixture("gov_report_2024.gbk.txt"), &bytes);
    assert!(
        decoded.problems.is_empty(),
        "{:?}",
        problem_messages(&decoded)
    );
    let article = &decoded.articles[0];
    assert_eq!(article.title, GOV_REPORT_TITLE);
    assert!(
        article.body.starts_with(GOV_REPORT_FIRST_BODY_LINE),
        "{}",
        article.body
    );
    assert!(article
        .body
        .ends_with("全面建设社会主义现代化国家迈出坚实步伐。"));
    assert_eq!(article.date.as_deref(), Some("2024-03-05"));
    assert_eq!(article.id, content_id(&article.title, &article.body));
}

#[test]
fn utf8_bom_and_utf16_bom_fixtures_decode_to_the_same_article() {
    let expected = String::from_utf8(read(&fixture("gov_report_2024.utf8.txt"))).expect("UTF-8");
    let plain = decode_file(&fixture("gov_report_2024.utf8.txt"), expected.as_bytes());
    let cases = [
        ("gov_report_2024.utf8bom.txt", encoding_rs::UTF_8),
        ("gov_report_2024.utf16le.txt", encoding_rs::UTF_16LE),
        ("gov_report_2024.utf16be.txt", encoding_rs::UTF_16BE),
    ];
    for (name, encoding) in cases {
        let bytes = read(&fixture(name));
        let text = decode_text(&bytes).expect("decodes");
        assert_eq!(text.encoding, encoding, "{name}");
        assert!(!text.text.starts_with('\u{feff}'), "{name}: BOM kept");
        assert!(!text.text.contains('\r'), "{name}: CR kept");
        assert_eq!(text.text, expected, "{name}");

        let decoded = decode_file(&fixture(name), &bytes);
        assert!(
            decoded.problems.is_empty(),
            "{name}: {:?}",
            problem_messages(&decoded)
        );
        let (article, reference) = (&decoded.articles[0], &plain.articles[0]);
        assert_eq!(article.title, GOV_REPORT_TITLE, "{name}");
        assert_eq!(article.body, reference.body, "{name}");
        assert_eq!(article.id, reference.id, "{name}: same text, same id");
    }
}

/// The encoded fixtures are exactly what encoding_rs (GBK) and `encode_utf16`
/// make of the UTF-8 twin, so they cannot drift from it.
#[test]
fn encoded_fixtures_match_their_generator() {
    for (name, bytes) in encoded_fixtures() {
        assert!(
            read(&fixture(name)) == bytes,
            "{name} is stale: regenerate it"
        );
    }
}

#[test]
#[ignore = "writes tests/fixtures/decode/*; run to regenerate the encoded fixtures"]
fn regenerate_encoded_fixtures() {
    for (name, bytes) in encoded_fixtures() {
        std::fs::write(fixture(name), bytes).expect("write fixture");
    }
}

fn encoded_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let text = String::from_utf8(read(&fixture("gov_report_2024.utf8.txt"))).expect("UTF-8");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the excerpt is all GBK");
    let crlf = text.replace('\n', "\r\n");
    let utf16 = |big_endian: bool| -> Vec<u8> {
        std::iter::once('\u{feff}' as u16)
            .chain(crlf.encode_utf16())
            .flat_map(|unit| {
                if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                }
            })
            .collect()
    };
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(crlf.as_bytes());
    vec![
        ("gov_report_2024.gbk.txt", gbk.into_owned()),
        ("gov_report_2024.utf8bom.txt", bom),
        ("gov_report_2024.utf16le.txt", utf16(false)),
        ("gov_report_2024.utf16be.txt", utf16(true)),
    ]
}

#[test]
fn crlf_becomes_lf_in_plain_text() {
    let bytes = "原标题：新质生产力 跃动看中国\r\n\r\n【湖北】\r\n光谷科创大走廊\r\n".as_bytes();
    let decoded = decode_file(Path::new("crlf.txt"), bytes);
    let article = &decoded.articles[0];
    assert_eq!(article.title, "新质生产力 跃动看中国");
    assert_eq!(article.body, "【湖北】\n光谷科创大走廊");
}

#[test]
fn utf8_truncated_mid_character_stays_utf8() {
    let mut bytes = "政府工作报告\n各位代表：现在，我代表国务院，向大会报告政府工作。"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(&"国".as_bytes()[..2]);
    let text = decode_text(&bytes).expect("decodes");
    assert_eq!(text.encoding, encoding_rs::UTF_8);
    assert_eq!(
        text.text,
        "政府工作报告\n各位代表：现在，我代表国务院，向大会报告政府工作。\u{fffd}"
    );
}

#[test]
fn empty_and_whitespace_only_files_are_reported() {
    let utf16_blank: &[u8] = b"\xFF\xFE \x00\n\x00";
    for bytes in [
        &b""[..],
        b"  \n\t\r\n",
        "\u{3000}\n".as_bytes(),
        utf16_blank,
    ] {
        let decoded = decode_file(Path::new("data/blank.txt"), bytes);
        assert!(decoded.articles.is_empty());
        assert_eq!(
            problem_messages(&decoded),
            ["data/blank.txt: empty file"],
            "{bytes:?}"
        );
    }
    assert_eq!(decode_text(b""), Err(TextError::Empty));
}

#[test]
fn binary_files_are_reported() {
    let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    let controls: Vec<u8> = (0..200u8)
        .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
        .collect();
    for (name, bytes) in [("image.txt", &png[..]), ("controls.jsonl", &controls[..])] {
        let decoded = decode_file(Path::new(name), bytes);
        assert!(decoded.articles.is_empty(), "{name}");
        assert_eq!(problem_messages(&decoded), [format!("{name}: binary file")]);
    }
}

#[test]
fn mostly_invalid_text_is_undecodable() {
    // UTF-16LE with a lone surrogate after every fourth character.
    let mut bytes = vec![0xFF, 0xFE];
    for (i, c) in "政府工作报告各位代表现在我代表国务院向大会报告政府工作"
        .encode_utf16()
        .enumerate()
    {
        bytes.extend_from_slice(&c.to_le_bytes());
        if i % 4 == 0 {
            bytes.extend_from_slice(&0xD800u16.to_le_bytes());
        }
    }
    let decoded = decode_file(Path::new("broken.txt"), &bytes);
    assert!(decoded.articles.is_empty());
    assert_eq!(
        problem_messages(&decoded),
        ["broken.txt: undecodable bytes (7 of 34 characters are not valid UTF-16LE)"]
    );
}

// ---------------------------------------------------------------------------
// .txt / .md
// ---------------------------------------------------------------------------

#[test]
fn seed_title_loses_yuan_biaoti_and_gets_no_guessed_date() {
    let path = fixture("seed_excerpt.txt");
    let decoded = decode_file(&path, &read(&path));
    assert!(decoded.problems.is_empty());
    let article = &decoded.articles[0];
    assert_eq!(
        article.title,
        "2024全国两会特别策划 | 新质生产力 跃动看中国"
    );
    assert!(article
        .body
        .starts_with("【编者按】\n高质量发展是新时代的硬道理"));
    assert!(article.body.ends_with("加快发展新质生产力。"));
    // 2024年1月31日 is on the fifth line, too far down to be the article's date.
    assert_eq!(article.date, None);
    assert_eq!(article.source, path.display().to_string());
    assert_eq!(article.line, None);
}

#[test]
fn full_width_colon_yuan_biaoti_is_stripped() {
    let bytes = "\n\n原标题：政府工作报告\n各位代表：\n".as_bytes();
    let decoded = decode_file(Path::new("x.txt"), bytes);
    assert_eq!(decoded.articles[0].title, "政府工作报告");
    assert_eq!(decoded.articles[0].body, "各位代表：");
}

#[test]
fn page_chrome_before_the_title_is_skipped() {
    let text = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年上海市政府工作报告\n——2026年2月3日在上海市第十六届人民代表大会第四次会议上\n各位代表：\n";
    let decoded = decode_file(Path::new("2026_上海市_政府工作报告.txt"), text.as_bytes());
    let article = &decoded.articles[0];
    assert_eq!(article.title, "2026年上海市政府工作报告");
    assert!(article.body.starts_with("——2026年2月3日"));
    assert_eq!(article.date.as_deref(), Some("2026-02-03"));

    let breadcrumb = "您的位置:\n首页\n>\n云南要闻\n云南要闻\n2026年政府工作报告\n来源：云南日报\n";
    let decoded = decode_file(Path::new("yn.txt"), breadcrumb.as_bytes());
    assert_eq!(decoded.articles[0].title, "2026年政府工作报告");
}

#[test]
fn chrome_only_text_falls_back_to_the_first_line() {
    let decoded = decode_file(Path::new("x.txt"), "下载\n打印\n".as_bytes());
    assert_eq!(decoded.articles[0].title, "下载");
    assert_eq!(decoded.articles[0].body, "打印");
}

#[test]
fn salutation_first_line_takes_the_file_name_as_title() {
    let text = "\u{200b}\n各位代表：\n\n　　我代表国务院向第一届全国人民代表大会第五次会议，提出关于一九五八年度国民经济计划的报告。\n";
    let decoded = decode_file(Path::new("txt/1958_政府工作报告.txt"), text.as_bytes());
    let article = &decoded.articles[0];
    assert_eq!(article.title, "1958 政府工作报告");
    assert!(
        article.body.starts_with("各位代表：\n\n　　我代表国务院"),
        "{}",
        article.body
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn shared_provincial_reports_get_real_titles_and_dates() {
    let dir = corpus("gov_work_reports_provincial_2026/txt");
    let mut reports = 0;
    for item in source::walk(&[dir]) {
        let file = item.expect("a txt file");
        let decoded = decode_file(&file.path, &source::read(&file).expect("readable"));
        let article = &decoded.articles[0];
        assert!(
            article.title.contains("政府工作报告"),
            "{}: {}",
            file.path.display(),
            article.title
        );
        // the 2026 provincial sessions met in January and February: the date
        // of the report's dateline, or of the page that carried it
        let date = article.date.as_deref().unwrap_or("none");
        assert!(
            date.starts_with("2026-01-") || date.starts_with("2026-02-"),
            "{}: date {date}",
            file.path.display()
        );
        reports += 1;
    }
    assert!(reports >= 30, "{reports} reports");
}

#[test]
fn title_without_body_is_reported() {
    let decoded = decode_file(Path::new("only_title.txt"), "政府工作报告\n\n".as_bytes());
    assert!(decoded.articles.is_empty());
    assert_eq!(
        problem_messages(&decoded),
        ["only_title.txt: no text after the title line"]
    );
}

#[test]
fn markdown_heading_and_inline_html_become_plain_text() {
    let md = "# 《新闻联播》 (20240305)\n\n## 详细新闻\n\n### 李强作政府工作报告\n\n<p><strong>央视网消息</strong>（新闻联播）：十四届全国人大二次会议5日上午在人民大会堂开幕。</p><p>国务院总理李强作政府工作报告。 <br></p>\n\n[查看原文](https://tv.cctv.com/2024/03/05/VIDE.shtml)\n";
    let decoded = decode_file(Path::new("xwlb/20240305.md"), md.as_bytes());
    assert!(decoded.problems.is_empty());
    let article = &decoded.articles[0];
    assert_eq!(article.title, "《新闻联播》 (20240305)");
    assert_eq!(article.date.as_deref(), Some("2024-03-05"));
    assert_eq!(
        article.body,
        "详细新闻\n\n李强作政府工作报告\n\n央视网消息（新闻联播）：十四届全国人大二次会议5日上午在人民大会堂开幕。\n国务院总理李强作政府工作报告。\n\n查看原文"
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn shared_xwlb_markdown_has_no_html_left() {
    let path = corpus("xwlb_cctv_markdown/20230301.md");
    let decoded = decode_file(&path, &read(&path));
    assert!(decoded.problems.is_empty());
    let article = &decoded.articles[0];
    assert_eq!(article.title, "《新闻联播》 (20230301)");
    assert_eq!(article.date.as_deref(), Some("2023-03-01"));
    assert!(article.body.starts_with("新闻摘要\n\n本期节目主要内容："));
    assert!(article
        .body
        .lines()
        .any(|line| line == "中共中央政治局常委蔡奇、丁薛祥出席。"));
    for markup in ["<p>", "</p>", "<br>", "<strong>", "&nbsp;", "\n#"] {
        assert!(!article.body.contains(markup), "{markup} left in the body");
    }
}

#[test]
fn markdown_to_text_keeps_a_lone_less_than() {
    assert_eq!(markdown_to_text("增速 <5% 与 a<b\n"), "增速 <5% 与 a<b\n");
}

// ---------------------------------------------------------------------------
// .jsonl
// ---------------------------------------------------------------------------

#[test]
fn jsonl_keeps_good_lines_and_names_bad_ones() {
    let path = fixture("mixed.jsonl");
    let decoded = decode_file(&path, &read(&path));
    let shown = path.display().to_string();

    let ids: Vec<&str> = decoded.articles.iter().map(|a| a.id.as_str()).collect();
    let lines: Vec<Option<usize>> = decoded.articles.iter().map(|a| a.line).collect();
    assert_eq!(lines, [Some(1), Some(3), Some(8)]);
    assert_eq!(ids[0], "gwr-2024");
    assert_eq!(ids[2], "1954");

    let first = &decoded.articles[0];
    assert_eq!(first.title, "2024年中华人民共和国国务院政府工作报告");
    assert_eq!(first.date.as_deref(), Some("2024-03-05"));
    assert_eq!(
        first.source, shown,
        "the file, not the record's source field"
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://zh.wikisource.org/wiki/2024年国务院政府工作报告")
    );
    assert_eq!(first.province, None);
    assert_eq!(
        first.body,
        "各位代表：\n\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。"
    );

    let shanghai = &decoded.articles[1];
    assert_eq!(shanghai.id, content_id(&shanghai.title, &shanghai.body));
    assert_eq!(shanghai.province.as_deref(), Some("上海市"));
    assert_eq!(decoded.articles[2].date.as_deref(), Some("1954"));

    let problems = problem_messages(&decoded);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(
        problems[0].starts_with(&format!(
            "{shown}:2: invalid JSON: EOF while parsing an object"
        )),
        "{}",
        problems[0]
    );
    assert_eq!(
        problems[1],
        format!("{shown}:5: bad record: missing field `body` (column 42)")
    );
    assert!(
        problems[2].starts_with(&format!("{shown}:6: bad record: invalid type: sequence")),
        "{}",
        problems[2]
    );
    assert_eq!(problems[3], format!("{shown}:7: empty body"));
}

#[test]
fn jsonl_with_bom_crlf_and_unrecognised_date() {
    let jsonl = "\u{feff}{\"title\":\"甲\",\"body\":\"第一行\\r\\n第二行\",\"date\":\"去年\"}\r\n\r\n{\"title\":\"乙\",\"body\":\"正文\"}\r\n";
    let decoded = decode_file(Path::new("a.jsonl"), jsonl.as_bytes());
    assert_eq!(decoded.articles.len(), 2);
    assert_eq!(decoded.articles[0].body, "第一行\n第二行");
    assert_eq!(decoded.articles[0].date, None);
    assert_eq!(decoded.articles[1].line, Some(3));
    assert_eq!(
        problem_messages(&decoded),
        ["a.jsonl:1: unrecognised date \"去年\" (ignored)"]
    );
}

#[test]
fn jsonl_single_50_mb_line() {
    let paragraph = "新质生产力是创新起主导作用，摆脱传统经济增长方式、生产力发展路径。\\n";
    let repeats = 50 * 1024 * 1024 / paragraph.len() + 1;
    let body = paragraph.repeat(repeats);
    let line = format!("{{\"id\":\"big\",\"title\":\"大\",\"body\":\"{body}\"}}\n");
    assert!(line.len() > 50 * 1024 * 1024);
    let decoded = decode_file(Path::new("big.jsonl"), line.as_bytes());
    assert!(decoded.problems.is_empty());
    assert_eq!(decoded.articles.len(), 1);
    let expected_len = body.len() - repeats; // each `\\n` escape becomes one byte
    assert_eq!(decoded.articles[0].body.len(), expected_len);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn shared_xwlb_2024_jsonl_decodes_without_problems() {
    let path = corpus("xwlb_cctv/xwlb_2024.jsonl");
    let bytes = read(&path);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let decoded = decode_file(&path, &bytes);
    assert_eq!(problem_messages(&decoded), Vec::<String>::new());
    assert_eq!(decoded.articles.len(), lines);
    let first = &decoded.articles[0];
    assert_eq!(first.id, "xwlb-20240101-01");
    assert_eq!(first.date.as_deref(), Some("2024-01-01"));
    assert!(first.title.contains("中朝友好年"));
}

// ---------------------------------------------------------------------------
// .html
// ---------------------------------------------------------------------------

#[test]
fn html_article_text_without_page_chrome() {
    let path = fixture("gov_report_page.html");
    let decoded = decode_file(&path, &read(&path));
    assert!(
        decoded.problems.is_empty(),
        "{:?}",
        problem_messages(&decoded)
    );
    let article = &decoded.articles[0];
    assert_eq!(
        article.title,
        "政府工作报告 ——2024年3月5日在第十四届全国人民代表大会第二次会议上"
    );
    assert_eq!(
        article.body,
        "国务院总理\u{3000}李强\n\
         各位代表：\n\
         现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n\
         一、2023年工作回顾\n\
         过去一年，是全面贯彻党的二十大精神的开局之年，是本届政府依法履职的第一年。\n\
         面对异常复杂的国际环境和艰巨繁重的改革发展稳定任务，以习近平同志为核心的党中央团结带领全国各族人民，顶住外部压力、克服内部困难。"
    );
    assert_eq!(article.date.as_deref(), Some("2024-03-12"));
    assert_eq!(
        article.url.as_deref(),
        Some("https://www.gov.cn/gongbao/2024/issue_11246/202403/content_6941846.html")
    );
}

#[test]
fn html_without_article_uses_the_densest_paragraphs() {
    let html = "<html><head><title>原标题：国务院常务会议</title></head><body>\
        <div id=menu><p>首页</p><p>要闻</p></div>\
        <div id=text><p>国务院总理李强主持召开国务院常务会议。</p><p>会议研究部署加快发展新质生产力。</p></div>\
        <footer><p>版权所有</p></footer></body></html>";
    let decoded = decode_file(Path::new("page.htm"), html.as_bytes());
    let article = &decoded.articles[0];
    assert_eq!(article.title, "国务院常务会议");
    assert_eq!(
        article.body,
        "国务院总理李强主持召开国务院常务会议。\n会议研究部署加快发展新质生产力。"
    );
}

#[test]
fn html_without_text_is_reported() {
    let decoded = decode_file(
        Path::new("empty.html"),
        b"<html><body><nav>menu</nav><script>x()</script></body></html>",
    );
    assert!(decoded.articles.is_empty());
    assert_eq!(
        problem_messages(&decoded),
        ["empty.html: no article text found"]
    );
}

#[test]
fn deeply_nested_html_is_parsed_without_recursion() {
    let html = format!("{}<p>正文</p>", "<div><span>".repeat(900));
    let decoded = decode_file(Path::new("deep.html"), html.as_bytes());
    assert_eq!(decoded.articles.len(), 1);
    assert_eq!(decoded.articles[0].body, "正文");
}

#[test]
fn absurdly_nested_html_is_reported_not_parsed() {
    let html = format!("{}<p>正文</p>", "<div>".repeat(1_000_000));
    let decoded = decode_file(Path::new("deep.html"), html.as_bytes());
    assert!(decoded.articles.is_empty());
    assert_eq!(
        problem_messages(&decoded),
        ["deep.html: HTML nested too deeply (over 2000 levels)"]
    );
}

#[test]
fn unknown_extension_is_a_problem() {
    let decoded = decode_file(Path::new("news.gb18030.dat"), b"abc");
    assert_eq!(
        problem_messages(&decoded),
        ["news.gb18030.dat: unsupported file type (.dat)"]
    );
}

// ---------------------------------------------------------------------------
// source::walk
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn walk_sorts_skips_and_reports_loops() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |name: &str| {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "政府工作报告\n各位代表：").expect("write");
    };
    write("b/2024.TXT");
    write("a/20240305.md");
    write("a/page.htm");
    write("c.jsonl");
    write("notes.xyz");
    write(".hidden.txt");
    write(".git/config.txt");
    std::os::unix::fs::symlink(root, root.join("b/loop")).expect("symlink");

    let items: Vec<_> = source::walk(&[root.to_path_buf()]).collect();
    let shown: Vec<String> = items
        .iter()
        .map(|item| match item {
            Ok(file) => format!(
                "{:?} {}",
                file.format,
                file.path.strip_prefix(root).expect("under root").display()
            ),
            Err(error) => error
                .to_string()
                .replace(&root.display().to_string(), "ROOT"),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Markdown a/20240305.md".to_string(),
            "Html a/page.htm".to_string(),
            "Text b/2024.TXT".to_string(),
            "ROOT/b/loop: symlink loop (points back to ROOT)".to_string(),
            "Jsonl c.jsonl".to_string(),
            "ROOT/notes.xyz: unsupported file type (.xyz)".to_string(),
        ]
    );

    let file = items[0].as_ref().expect("a file");
    assert_eq!(
        source::read(file).expect("readable"),
        "政府工作报告\n各位代表：".as_bytes()
    );
}

#[test]
fn walk_reports_missing_paths_and_unsupported_named_files_and_goes_on() {
    let dir = tempfile::tempdir().expect("temp dir");
    let named = dir.path().join("report.pdf");
    std::fs::write(&named, b"%PDF").expect("write");
    let good = fixture("seed_excerpt.txt");
    let missing = dir.path().join("missing");
    let items: Vec<_> = source::walk(&[missing.clone(), named.clone(), good.clone()]).collect();
    assert_eq!(items.len(), 3);
    let first = items[0].as_ref().map(|_| ()).expect_err("missing path");
    assert!(
        first
            .to_string()
            .starts_with(&format!("{}: ", missing.display())),
        "{first}"
    );
    let second = items[1].as_ref().map(|_| ()).expect_err("unsupported");
    assert_eq!(
        second.to_string(),
        format!("{}: unsupported file type (.pdf)", named.display())
    );
    assert_eq!(
        items[2].as_ref().ok(),
        Some(&SourceFile {
            path: good,
            format: Format::Text
        })
    );
}

#[test]
fn read_names_the_file_on_error() {
    let file = SourceFile {
        path: PathBuf::from("/nonexistent/a.txt"),
        format: Format::Text,
    };
    let error = source::read(&file).expect_err("missing");
    assert!(
        error.to_string().starts_with("/nonexistent/a.txt: "),
        "{error}"
    );
}

// ---------------------------------------------------------------------------
// Never panics
// ---------------------------------------------------------------------------

const EXTENSIONS: [&str; 6] = ["txt", "md", "jsonl", "html", "htm", "dat"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decode_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048), ext in 0..EXTENSIONS.len()) {
        let path = PathBuf::from(format!("random.{}", EXTENSIONS[ext]));
        let decoded = decode_file(&path, &bytes);
        prop_assert!(!decoded.articles.is_empty() || !decoded.problems.is_empty());
    }

    #[test]
    fn decode_never_panics_on_text_like_input(
        text in "[\\PC\n\r\t<>/&#;\\[\\]()\"{}:,年月日0-9０-９原标题：:]{0,400}",
        ext in 0..EXTENSIONS.len(),
    ) {
        let path = PathBuf::from(format!("20240305-{}.{}", ext, EXTENSIONS[ext]));
        let _ = decode_file(&path, text.as_bytes());
        let _ = markdown_to_text(&text);
    }

    #[test]
    fn jsonl_records_round_trip(title in "\\PC{0,20}", body in "\\PC{1,80}") {
        prop_assume!(!body.trim().is_empty());
        prop_assume!(!title.contains('\u{fffd}') && !body.contains('\u{fffd}'));
        let line = serde_json::json!({"title": title, "body": body}).to_string();
        let decoded = decode_file(Path::new("p.jsonl"), line.as_bytes());
        prop_assert_eq!(decoded.problems.len(), 0);
        prop_assert_eq!(&decoded.articles[0].title, &title);
        prop_assert_eq!(&decoded.articles[0].id, &content_id(&title, &body));
    }
}

// ---------------------------------------------------------------------------
// Throughput (run in release):
// cargo test --release --test decode -- --ignored --nocapture decode_throughput
// ---------------------------------------------------------------------------

#[test]
#[ignore = "measurement on ../shared/corpus; run in release with --nocapture"]
fn decode_throughput_xwlb_2024_jsonl() {
    let path = corpus("xwlb_cctv/xwlb_2024.jsonl");
    let bytes = read(&path);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count();
    let rounds = 10;
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let start = std::time::Instant::now();
        let decoded = decode_file(&path, &bytes);
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(decoded.articles.len(), lines);
        assert!(decoded.problems.is_empty());
        best = best.min(seconds);
    }
    let megabytes = bytes.len() as f64 / 1e6;
    println!(
        "decode {}: {megabytes:.1} MB, {lines} articles, best of {rounds}: {:.1} ms = {:.0} MB/s",
        path.display(),
        best * 1e3,
        megabytes / best
    );
}

#[test]
#[ignore = "measurement on ../shared/corpus; run in release with --nocapture"]
fn decode_throughput_whole_shared_corpus() {
    let (mut bytes_total, mut articles, mut problems, mut seconds) = (0usize, 0usize, 0usize, 0f64);
    for item in source::walk(&[corpus("")]) {
        let Ok(file) = item else {
            continue; // csv/json/dat files of the corpus are not ours to read
        };
        let bytes = source::read(&file).expect("readable");
        let start = std::time::Instant::now();
        let decoded = decode_file(&file.path, &bytes);
        seconds += start.elapsed().as_secs_f64();
        for problem in &decoded.problems {
            println!("problem: {problem}");
        }
        bytes_total += bytes.len();
        articles += decoded.articles.len();
        problems += decoded.problems.len();
    }
    let megabytes = bytes_total as f64 / 1e6;
    println!(
        "decode shared/corpus: {megabytes:.1} MB, {articles} articles, {problems} problems, {:.0} ms = {:.0} MB/s",
        seconds * 1e3,
        megabytes / seconds
    );
    assert_eq!(problems, 0);
}

/// A national report's text has no date in it; its file name's year is its
/// date, unless the text gives a day (`——2024年3月5日在…`) of that year.
#[test]
#[ignore = "needs ../shared/corpus"]
fn national_reports_are_dated_at_least_by_the_year_of_their_file_name() {
    let dir = corpus("gov_work_reports_national/txt");
    let mut reports = 0;
    for item in source::walk(&[dir]) {
        let file = item.expect("a txt file");
        let name = file.path.file_name().unwrap_or_default().to_string_lossy();
        let year = name.get(..4).unwrap_or_default().to_string();
        let decoded = decode_file(&file.path, &source::read(&file).expect("readable"));
        let date = decoded.articles[0].date.as_deref().unwrap_or("none");
        assert!(date.starts_with(&year), "{name}: date {date}");
        reports += 1;
    }
    assert!(reports >= 50, "{reports} reports");
}
