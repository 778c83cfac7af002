//! Search quality: the policy vocabulary (bundled and `--dict`), and the
//! collapse of republished passages and of versions of one law.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{policy_search, repo, search_lines};

fn seed() -> PathBuf {
    repo("index_data/samples/lianghui_2024_xinzhi_shengchanli.txt")
}

fn explain(index: &Path, query: &str) -> String {
    let output = policy_search(index)
        .args(["search", query, "--explain", "-n", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

/// Ingests `input` (a file or a folder) into a new index in `dir`; returns the index.
fn ingest_into(dir: &Path, input: &Path) -> PathBuf {
    let index = dir.join("index");
    policy_search(&index)
        .arg("ingest")
        .arg(input)
        .assert()
        .success();
    index
}

fn hits(index: &Path, args: &[&str]) -> Vec<Value> {
    search_lines(policy_search(index), args)
}

#[test]
fn bundled_policy_terms_are_ranked_as_units() {
    let tokens =
        policy_search::index::analyzer::jieba_tokens("加快发展新质生产力，推进东数西算工程");
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    assert!(words.contains(&"新质生产力"), "{words:?}");
    assert!(words.contains(&"东数西算"), "{words:?}");
}

#[test]
fn user_dictionary_makes_a_word_a_unit_and_a_change_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let index = ingest_into(dir.path(), &seed());
    // without the user dictionary, 科技兴赣 is ranked by its pieces
    let before = explain(&index, "科技兴赣");
    assert!(!before.contains("ranked by words [科技兴赣]"), "{before}");

    let dict = dir.path().join("words.txt");
    std::fs::write(&dict, "# provincial slogans\n科技兴赣 20000 n\n").unwrap();
    let output = policy_search(&index)
        .args(["ingest", "--json", "--dict"])
        .arg(&dict)
        .arg(seed())
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("different dictionary"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        report["articles_updated"], 1,
        "re-segmented with the new words"
    );
    let after = explain(&index, "科技兴赣");
    assert!(after.contains("ranked by words [科技兴赣]"), "{after}");
    // the match itself never depended on the dictionary
    assert_eq!(hits(&index, &["科技兴赣"]).len(), 1);
}

#[test]
fn a_bad_user_dictionary_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let dict = dir.path().join("bad.txt");
    std::fs::write(&dict, "新质生产力 lots\n").unwrap();
    let output = policy_search(&dir.path().join("index"))
        .args(["ingest", "--dict"])
        .arg(&dict)
        .arg(seed())
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.txt:1") && stderr.contains("not a number"),
        "{stderr}"
    );
}

#[test]
fn republished_passages_collapse_into_one_hit_with_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let text = std::fs::read_to_string(seed()).unwrap();
    std::fs::write(corpus.join("original.txt"), &text).unwrap();
    // the same feature republished under another headline, with full-width commas
    let (_, body) = text.split_once('\n').unwrap();
    let republished = format!("转载：新质生产力 跃动看中国\n{}", body.replace(',', "，"));
    std::fs::write(corpus.join("republished.txt"), republished).unwrap();
    let index = ingest_into(dir.path(), &corpus);

    let all = hits(&index, &["马新强", "--no-collapse"]);
    assert_eq!(all.len(), 2, "both copies without collapsing");
    let collapsed = hits(&index, &["马新强"]);
    assert_eq!(collapsed.len(), 1);
    assert_eq!(collapsed[0]["similar"], 1);
    assert!(collapsed[0]["text"].as_str().unwrap().contains("马新强"));
}

#[test]
fn versions_of_one_law_collapse_but_its_different_articles_do_not() {
    // two versions (2020 and 2022) of one judicial interpretation: the 2022
    // one drops 或者农村居民人均纯收入 from several articles
    let dir = tempfile::tempdir().unwrap();
    let index = ingest_into(dir.path(), &repo("tests/fixtures/law_versions.jsonl"));
    let text = |hit: &Value| hit["text"].as_str().unwrap().to_string();

    let all = hits(&index, &["残疾赔偿金", "--no-collapse", "-n", "50"]);
    let versions = all
        .iter()
        .filter(|h| text(h).starts_with("第十二条"))
        .count();
    assert_eq!(
        versions, 2,
        "both versions of article 12 without collapsing"
    );

    let collapsed = hits(&index, &["残疾赔偿金", "-n", "50"]);
    let twelfth: Vec<&Value> = collapsed
        .iter()
        .filter(|h| text(h).starts_with("第十二条"))
        .collect();
    assert_eq!(twelfth.len(), 1, "one hit for article 12: {collapsed:?}");
    assert_eq!(twelfth[0]["similar"], 1);

    // articles 12 and 15 share their wording but are different articles
    let shared = hits(&index, &["城镇居民人均可支配收入", "-n", "50"]);
    assert!(shared.iter().any(|h| text(h).starts_with("第十二条")));
    assert!(shared.iter().any(|h| text(h).starts_with("第十五条")));
}

#[test]
fn words_close_together_rank_first() {
    // the same words, as many times, in passages of the same length: only
    // their distance differs (湖北 … 武汉 adjacent, or a clause apart)
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let far =
        "湖北加快建设现代化产业体系，着力提升产业链供应链韧性和安全水平，武汉不断增强发展新动能。";
    let near =
        "湖北武汉加快建设现代化产业体系，着力提升产业链供应链韧性和安全水平，不断增强发展新动能。";
    // the far passage is indexed first, so that a tie would put it first
    std::fs::write(corpus.join("a.txt"), format!("产业动态\n{far}\n")).unwrap();
    std::fs::write(corpus.join("b.txt"), format!("产业动态\n{near}\n")).unwrap();
    let index = ingest_into(dir.path(), &corpus);
    let words: Vec<String> = policy_search::index::analyzer::jieba_tokens(near)
        .into_iter()
        .map(|t| t.text)
        .collect();
    assert!(
        words.iter().any(|w| w == "湖北") && words.iter().any(|w| w == "武汉"),
        "{words:?}"
    );

    let found = hits(&index, &["湖北 武汉", "--no-collapse"]);
    let texts: Vec<&str> = found.iter().map(|h| h["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec![near, far]);
    // in the other order the words are not in order: no proximity either way
    let reversed = hits(&index, &["武汉 湖北", "--no-collapse"]);
    assert_eq!(reversed.len(), 2);
    assert!(explain(&index, "湖北 武汉").contains("proximity: 湖北 武汉"));
}
