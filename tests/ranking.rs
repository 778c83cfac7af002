//! Ranking invariants, untimed (the figures of ranking quality are
//! `cargo xtask rank-eval`'s): queries typed without spaces are read as
//! their words; passages holding an unspaced query exactly come first, then
//! those holding every word, then those holding most; no hit holds none of
//! the words; deep pages answer, and deeper ones are refused with a clear
//! error; a score does not depend on how documents fell into segments.
//!
//! Index: the bundled samples (government work reports, the 两会 feature);
//! the deep-paging test needs `../shared/corpus/xwlb_cctv/xwlb_2024.jsonl`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use policy_search::index::SearchIndex;
use policy_search::ingest::{ingest, IngestOptions};
use policy_search::normalize::fold;
use policy_search::query::{Engine, SearchRequest, MAX_OFFSET};

fn engine_over(inputs: &[PathBuf]) -> (Engine, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::open_or_create(dir.path()).unwrap();
    ingest(&index, inputs, &IngestOptions::default(), &|_| {}).unwrap();
    let engine = Engine::new(SearchIndex::open(dir.path()).unwrap()).unwrap();
    (engine, dir)
}

fn samples() -> (Engine, tempfile::TempDir) {
    engine_over(&[Path::new(env!("CARGO_MANIFEST_DIR")).join("index_data/samples")])
}

fn search(engine: &Engine, query: &str, collapse: bool) -> policy_search::query::SearchResults {
    engine
        .search(&SearchRequest {
            query: query.into(),
            limit: 100,
            collapse,
            explain: true,
            ..SearchRequest::default()
        })
        .unwrap()
}

/// 2 when the text holds `whole` as typed, 1 when it holds every word, else 0.
fn tier(text: &str, whole: &str, words: &[&str]) -> u8 {
    let text = fold(text);
    if !whole.is_empty() && text.contains(whole) {
        2
    } else if words.iter().all(|w| text.contains(w)) {
        1
    } else {
        0
    }
}

/// Hits come in tiers (exact, every word, most words), and each holds a word.
fn assert_tiers(results: &policy_search::query::SearchResults, whole: &str, words: &[&str]) {
    assert!(!results.hits.is_empty(), "{whole} {words:?}: no hit");
    let tiers: Vec<u8> = results
        .hits
        .iter()
        .map(|hit| tier(&hit.text, whole, words))
        .collect();
    assert!(
        tiers.windows(2).all(|w| w[0] >= w[1]),
        "{whole} {words:?}: tiers out of order {tiers:?}"
    );
    for hit in &results.hits {
        let text = fold(&hit.text);
        assert!(
            words.iter().any(|w| text.contains(w)),
            "{whole} {words:?}: {} holds none of the words",
            hit.passage_id
        );
    }
}

#[test]
fn an_unspaced_query_finds_the_exact_string_first_then_its_words() {
    let (engine, _dir) = samples();
    // typed together, these are in few passages as such or in none
    for (query, words) in [
        ("湖北新质生产力", vec!["湖北", "新质生产力"]),
        ("科技创新产业升级", vec!["科技", "创新", "产业", "升级"]),
        ("粮食安全农业现代化", vec!["粮食安全", "农业", "现代化"]),
    ] {
        let exact = search(&engine, &format!("\"{query}\""), false);
        let results = search(&engine, query, false);
        let explain = results.explain.clone().unwrap_or_default();
        assert!(
            explain
                .iter()
                .any(|line| line
                    .starts_with(&format!("read {query} as words [{}]", words.join(" ")))),
            "{query}: {explain:#?}"
        );
        assert!(
            results.total > exact.total,
            "{query}: {} passages, {} exactly",
            results.total,
            exact.total
        );
        assert_tiers(&results, query, &words);
        // the exact passages are the first ones
        let first: HashSet<&str> = results
            .hits
            .iter()
            .take(exact.hits.len())
            .map(|hit| hit.passage_id.as_str())
            .collect();
        let exact_ids: HashSet<&str> = exact.hits.iter().map(|h| h.passage_id.as_str()).collect();
        assert_eq!(first, exact_ids, "{query}");
    }
}

#[test]
fn passages_holding_every_word_rank_before_those_missing_one() {
    let (engine, _dir) = samples();
    for words in [
        vec!["就业", "高校毕业生", "稳定"],
        vec!["生态", "保护", "长江"],
        vec!["养老", "服务", "农村"],
    ] {
        let query = words.join(" ");
        let results = search(&engine, &query, false);
        assert_tiers(&results, "", &words);
        // most of the words suffice: some hits miss one
        assert!(
            results
                .hits
                .iter()
                .any(|hit| tier(&hit.text, "", &words) == 0),
            "{query}: every hit holds every word"
        );
        // the words in another order find the same passages
        let reversed: Vec<&str> = words.iter().rev().copied().collect();
        let other = search(&engine, &reversed.join(" "), false);
        assert_eq!(other.total, results.total, "{query}");
    }
}

#[test]
fn a_quoted_string_stays_exact() {
    let (engine, _dir) = samples();
    let results = search(&engine, "\"湖北新质生产力\"", false);
    for hit in &results.hits {
        assert!(fold(&hit.text).contains("湖北新质生产力"));
    }
    let explain = results.explain.unwrap_or_default();
    assert!(!explain.iter().any(|line| line.starts_with("read ")));
}

/// The passages a query finds, each with its score, sorted by passage.
fn scored(engine: &Engine, query: &str) -> Vec<(String, String)> {
    let results = engine
        .search(&SearchRequest {
            query: query.into(),
            limit: 1000,
            collapse: false,
            ..SearchRequest::default()
        })
        .unwrap();
    let mut found: Vec<(String, String)> = results
        .hits
        .iter()
        .map(|hit| (hit.passage_id.clone(), format!("{:.4}", hit.score)))
        .collect();
    found.sort();
    found
}

/// The documents of each segment of an index.
fn segment_sizes(index: &SearchIndex) -> Vec<u32> {
    let searcher = index.reader().unwrap().searcher();
    let mut sizes: Vec<u32> = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.max_doc())
        .collect();
    sizes.sort_unstable();
    sizes
}

#[test]
fn scores_do_not_depend_on_how_documents_fell_into_segments() {
    // the samples in one ingest, and file by file: other segments
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("index_data/samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 2,
        "{} holds too few files",
        samples.display()
    );
    let whole_dir = tempfile::tempdir().unwrap();
    let whole = SearchIndex::open_or_create(whole_dir.path()).unwrap();
    ingest(&whole, &[samples], &IngestOptions::default(), &|_| {}).unwrap();
    let parts_dir = tempfile::tempdir().unwrap();
    let parts = SearchIndex::open_or_create(parts_dir.path()).unwrap();
    for file in files.iter().rev() {
        ingest(
            &parts,
            std::slice::from_ref(file),
            &IngestOptions::default(),
            &|_| {},
        )
        .unwrap();
    }
    let (whole, parts) = (
        SearchIndex::open(whole_dir.path()).unwrap(),
        SearchIndex::open(parts_dir.path()).unwrap(),
    );
    assert_ne!(segment_sizes(&whole), segment_sizes(&parts));
    let whole = Engine::new(whole).unwrap();
    let parts = Engine::new(parts).unwrap();
    // a word, words apart (proximity, in either order), an unspaced string
    // (read as words) and a quoted phrase
    for query in [
        "新质生产力",
        "科技 创新 产业",
        "产业 创新",
        "发展新质生产力",
        "\"新质生产力\"",
    ] {
        let found = scored(&whole, query);
        assert!(!found.is_empty(), "{query}");
        let other = scored(&parts, query);
        let differ: Vec<_> = found
            .iter()
            .zip(&other)
            .filter(|(a, b)| a != b)
            .take(5)
            .collect();
        assert!(
            found.len() == other.len() && differ.is_empty(),
            "{query}: {} and {} hits; first differences {differ:?}",
            found.len(),
            other.len()
        );
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_deep_page_of_a_frequent_character_answers_and_a_deeper_one_is_refused() {
    let xwlb =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/xwlb_cctv/xwlb_2024.jsonl");
    assert!(
        xwlb.is_file(),
        "{} is missing: this test needs the shared corpus",
        xwlb.display()
    );
    let (engine, _dir) = engine_over(&[xwlb]);
    for collapse in [true, false] {
        let page = |offset: usize, limit: usize| {
            engine
                .search(&SearchRequest {
                    query: "的".into(),
                    offset,
                    limit,
                    collapse,
                    ..SearchRequest::default()
                })
                .unwrap()
        };
        let deep = page(MAX_OFFSET, 10);
        assert_eq!(deep.hits.len(), 10, "collapse {collapse}");
        assert_eq!(deep.hits[0].rank, MAX_OFFSET + 1);
        for hit in &deep.hits {
            assert!(hit.text.contains('的'), "{}", hit.passage_id);
        }
        // the same hits as the end of a page starting earlier
        let earlier = page(MAX_OFFSET - 10, 20);
        let tail: Vec<&str> = earlier.hits[10..]
            .iter()
            .map(|h| h.passage_id.as_str())
            .collect();
        let ids: Vec<&str> = deep.hits.iter().map(|h| h.passage_id.as_str()).collect();
        assert_eq!(ids, tail, "collapse {collapse}");
        let refused = engine
            .search(&SearchRequest {
                query: "的".into(),
                offset: MAX_OFFSET + 1,
                collapse,
                ..SearchRequest::default()
            })
            .unwrap_err();
        assert!(
            refused
                .to_string()
                .contains(&format!("at most {MAX_OFFSET}")),
            "{refused}"
        );
    }
}

#[test]
fn an_export_lists_the_first_passages_in_the_order_a_search_shows_them() {
    let (engine, _dir) = samples();
    // several words: the first passages are ordered again by whether one
    // sentence holds every word
    for query in ["科技 创新 产业", "生态 保护", "乡村振兴战略实施"] {
        let request = SearchRequest {
            query: query.into(),
            limit: 40,
            collapse: false,
            ..SearchRequest::default()
        };
        let shown: Vec<(String, String)> = engine
            .search(&request)
            .unwrap()
            .hits
            .iter()
            .map(|hit| (hit.passage_id.clone(), format!("{:.3}", hit.score)))
            .collect();
        assert!(shown.len() > 10, "{query}: {} hits", shown.len());
        let mut exported = Vec::new();
        engine
            .export_passages(&request, &mut |hit| {
                exported.push((hit.passage_id, format!("{:.3}", hit.score)));
                Ok(())
            })
            .unwrap();
        assert_eq!(exported[..shown.len()], shown[..], "{query}");
    }
}
