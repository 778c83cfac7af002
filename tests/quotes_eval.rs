//! Evaluation of speaker and quote extraction against hand-labelled real text.
//!
//! `tests/fixtures/quotes_eval.jsonl` holds 两会 items of 新闻联播 (short CCTV
//! excerpts) and the seed feature, each with gold labels written by reading the
//! text: the speakers (name, role) and, per quote, a characteristic substring of
//! what was said. Hard negatives (大家表示, people only mentioned, narration)
//! carry no labels. The test prints precision/recall and every miss, and fails
//! below speaker precision 0.93, speaker recall 0.85, quote recall 0.80.
//!
//! This set labels a report that gives its content without a speech verb
//! (刘庆峰代表向大家介绍了人工智能在生活中的广泛应用) or a proposal without quotes
//! (她提出了为青少年建立一套系统的心理支持体系的建议) as no quote; the larger
//! attribution set (`tests/eval/attribution/`, the one issue #16's targets are
//! measured on) labels such reports as quotes, so the rules follow it and this
//! set's precision floor allows for the difference.
//!
//! Also here: the seed article checks, and never-panics / byte-range property tests.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use policy_search::extract::quote::extract_quotes;
use policy_search::model::{Quote, Role};
use proptest::prelude::*;
use serde::Deserialize;

#[derive(Deserialize)]
struct GoldSpeaker {
    name: String,
    role: String,
}

#[derive(Deserialize)]
struct GoldQuote {
    speaker: String,
    contains: String,
}

#[derive(Deserialize)]
struct Labelled {
    id: String,
    title: String,
    date: String,
    body: String,
    speakers: Vec<GoldSpeaker>,
    quotes: Vec<GoldQuote>,
}

fn load_fixture() -> Vec<Labelled> {
    common::read_jsonl("tests/fixtures/quotes_eval.jsonl")
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

#[test]
fn labelled_set_precision_and_recall() {
    let articles = load_fixture();
    let gold_quotes: usize = articles.iter().map(|a| a.quotes.len()).sum();
    assert!(
        articles.len() >= 30,
        "the evaluation set needs at least 30 articles"
    );
    assert!(
        gold_quotes >= 100,
        "the evaluation set needs at least 100 quotes"
    );

    let (mut true_pos, mut predicted, mut gold_speakers) = (0, 0, 0);
    let (mut quotes_found, mut roles_right) = (0, 0);
    let mut report = String::new();
    for article in &articles {
        assert!(
            !article.title.is_empty() && !article.date.is_empty(),
            "{}: title and date",
            article.id
        );
        let quotes = extract_quotes(&article.body);
        let found: BTreeSet<&str> = quotes.iter().map(|q| q.speaker.as_str()).collect();
        let gold: BTreeSet<&str> = article.speakers.iter().map(|s| s.name.as_str()).collect();
        predicted += found.len();
        gold_speakers += gold.len();
        true_pos += found.intersection(&gold).count();

        let roles: HashMap<&str, Role> = quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.role))
            .collect();
        for speaker in &article.speakers {
            let expected = Role::parse(&speaker.role);
            if roles.get(speaker.name.as_str()).copied() == expected {
                roles_right += 1;
            } else if let Some(role) = roles.get(speaker.name.as_str()) {
                report += &format!(
                    "  {}: role of {} is {role}, labelled {}\n",
                    article.id, speaker.name, speaker.role
                );
            }
        }
        for name in found.difference(&gold) {
            report += &format!("  {}: spurious speaker {name}\n", article.id);
        }
        for name in gold.difference(&found) {
            report += &format!("  {}: missed speaker {name}\n", article.id);
        }
        for gold_quote in &article.quotes {
            let hit = quotes
                .iter()
                .any(|q| q.speaker == gold_quote.speaker && q.text.contains(&gold_quote.contains));
            if hit {
                quotes_found += 1;
            } else {
                report += &format!(
                    "  {}: missed quote of {}: {}\n",
                    article.id, gold_quote.speaker, gold_quote.contains
                );
            }
        }
    }
    let precision = ratio(true_pos, predicted);
    let recall = ratio(true_pos, gold_speakers);
    let quote_recall = ratio(quotes_found, gold_quotes);
    let role_accuracy = ratio(roles_right, gold_speakers);
    eprintln!(
        "quotes_eval: {} articles, {gold_speakers} gold speakers, {gold_quotes} gold quotes\n\
         speaker precision {precision:.3} ({true_pos}/{predicted}), speaker recall {recall:.3} ({true_pos}/{gold_speakers}), \
         quote recall {quote_recall:.3} ({quotes_found}/{gold_quotes}), role accuracy {role_accuracy:.3}\n{report}",
        articles.len()
    );
    assert!(precision >= 0.93, "speaker precision {precision:.3} < 0.93");
    assert!(recall >= 0.85, "speaker recall {recall:.3} < 0.85");
    assert!(
        quote_recall >= 0.80,
        "quote recall {quote_recall:.3} < 0.80"
    );
}

/// The seed article, bundled in `index_data/samples` (a copy of the shared corpus's).
fn seed_article() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("index_data/samples/lianghui_2024_xinzhi_shengchanli.txt");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn seed_article_delegates() {
    let body = seed_article();
    let quotes = extract_quotes(&body);
    let expected: [(&str, Role, &str, &str); 8] = [
        (
            "马新强",
            Role::NpcDeputy,
            "湖北",
            "华工科技将自身发展融入国家战略",
        ),
        (
            "唐冬生",
            Role::CppccMember,
            "广东",
            "新型工业化是发展新质生产力的一种重要途径",
        ),
        (
            "刘汉元",
            Role::NpcDeputy,
            "四川",
            "带头推进全产业链绿色生产",
        ),
        (
            "史浩飞",
            Role::NpcDeputy,
            "重庆",
            "鼓励科技领军企业建立基础研究实验室和基金",
        ),
        (
            "屠红燕",
            Role::NpcDeputy,
            "浙江",
            "必须抢抓人工智能等新质生产力",
        ),
        ("张桥", Role::CppccMember, "江苏", "应加强顶层设计"),
        ("景亚萍", Role::CppccMember, "贵州", "二要发挥西部资源优势"),
        (
            "刘辉",
            Role::NpcDeputy,
            "江西",
            "加强科技创新政策的协调和整合",
        ),
    ];
    for (name, role, province, said) in expected {
        let theirs: Vec<&Quote> = quotes.iter().filter(|q| q.speaker == name).collect();
        assert!(!theirs.is_empty(), "{name} has no quote");
        for q in &theirs {
            assert_eq!(q.role, role, "{name}");
            assert_eq!(q.province.as_deref(), Some(province), "{name}");
        }
        assert!(
            theirs.iter().any(|q| q.text.contains(said)),
            "{name} did not say {said}: {theirs:#?}"
        );
    }
    // Besides the delegates, only the leaders quoted in the editor's note speak
    // (习近平…强调, 李强…提出), as role Other: nobody only mentioned (刘亚菲), nobody
    // from the credits block.
    let names: BTreeSet<&str> = quotes.iter().map(|q| q.speaker.as_str()).collect();
    let mut allowed: BTreeSet<&str> = expected.iter().map(|e| e.0).collect();
    allowed.extend(["习近平", "李强"]);
    assert_eq!(names, allowed);
    for leader in quotes
        .iter()
        .filter(|q| q.speaker == "习近平" || q.speaker == "李强")
    {
        assert_eq!(leader.role, Role::Other, "{}", leader.speaker);
    }
    assert!(quotes
        .iter()
        .any(|q| q.speaker == "李强" && q.text.contains("大力推进现代化产业体系建设")));

    let titled = quotes
        .iter()
        .find(|q| q.speaker == "刘汉元")
        .map(|q| q.titles.clone());
    assert_eq!(
        titled,
        Some(vec![
            "全国工商联副主席".to_string(),
            "通威集团董事局主席".to_string()
        ])
    );
    let proposal = quotes
        .iter()
        .find(|q| q.speaker == "景亚萍" && q.cue == "提案");
    assert_eq!(
        proposal.map(|q| q.text.as_str()),
        Some("抢抓人工智能风口机遇,加快发展新质生产力")
    );
    let continued = quotes
        .iter()
        .find(|q| q.speaker == "刘辉" && q.text.starts_with("加强科技创新政策"));
    assert_eq!(
        continued.map(|q| q.cue.as_str()),
        Some("建议"),
        "其建议 continues 刘辉"
    );
}

fn assert_ranges(body: &str, quotes: &[Quote]) -> Result<(), TestCaseError> {
    for q in quotes {
        prop_assert!(body.is_char_boundary(q.start) && body.is_char_boundary(q.end));
        prop_assert!(q.start <= q.end && q.end <= body.len());
        prop_assert_eq!(&body[q.start..q.end], q.text.as_str());
    }
    Ok(())
}

const PIECES: &[&str] = &[
    "全国人大代表",
    "全国政协委员",
    "、",
    "，",
    "。",
    "：",
    "“",
    "”",
    "【湖北】",
    "【",
    "】",
    "\n",
    "表示",
    "说",
    "认为",
    "建议",
    "告诉",
    "提案",
    "是",
    "此次的",
    "他",
    "她",
    "其",
    "代表",
    "委员",
    "总书记",
    "习近平",
    "张桥",
    "刘",
    "欧阳",
    "·",
    "在参加",
    "代表团审议时",
    "了",
    "的",
    "和",
    "策划：",
    "副市长",
    " ",
    "a",
    "1",
    "日",
    "向大家",
    "地",
    "\u{200b}",
    "🙂",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_on_random_strings(body in "\\PC{0,200}") {
        let quotes = extract_quotes(&body);
        assert_ranges(&body, &quotes)?;
    }

    #[test]
    fn never_panics_on_quote_like_mixtures(parts in proptest::collection::vec(proptest::sample::select(PIECES), 0..80)) {
        let body: String = parts.concat();
        let quotes = extract_quotes(&body);
        assert_ranges(&body, &quotes)?;
    }
}

#[test]
fn ranges_slice_the_labelled_set() {
    for article in load_fixture() {
        for q in extract_quotes(&article.body) {
            assert_eq!(&article.body[q.start..q.end], q.text, "{}", article.id);
        }
    }
}
