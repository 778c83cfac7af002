//! The first pages of a ranked search skip the matches that cannot enter
//! them (`query::prune`): they must be the first pages of scoring every
//! match, passage for passage and score for score. Random queries of every
//! kind — words, quoted phrases, several words, OR, exclusions, single
//! characters, province and date filters — are drawn from real passages
//! with a printed seed (`PRUNE_SEED=N` draws again from N), on an index of
//! many segments with a third of its articles removed.
//!
//! Corpus: `../shared/corpus/xwlb_cctv/xwlb_2024.jsonl` (ignored without
//! it: `needs ../shared/corpus`), and the bundled samples.

use std::path::PathBuf;

mod common;
use common::{annotated_passages, corpus, index_of_many_segments, repo, seed, Rng};

use policy_search::index::SearchIndex;
use policy_search::normalize::{fold_char, is_word_char};
use policy_search::query::{Engine, Filters, SearchRequest};

const PROVINCES: [&str; 8] = [
    "北京",
    "湖北",
    "江苏",
    "广东",
    "浙江",
    "四川",
    "上海",
    "黑龙江",
];

/// A run of `len` word characters of some passage of `texts`.
fn run(rng: &mut Rng, texts: &[String], len: usize) -> String {
    loop {
        let chars: Vec<char> = texts[rng.below(texts.len())].chars().collect();
        if chars.len() < len {
            continue;
        }
        let start = rng.below(chars.len() - len + 1);
        let run: String = chars[start..start + len]
            .iter()
            .map(|&c| fold_char(c))
            .collect();
        if run.chars().all(is_word_char) {
            return run;
        }
    }
}

/// One random request: its query and filters.
fn draw(rng: &mut Rng, texts: &[String]) -> SearchRequest {
    let word = |rng: &mut Rng| {
        let len = 2 + rng.below(3);
        run(rng, texts, len)
    };
    let query = match rng.below(8) {
        0 | 1 => word(rng),
        2 => {
            let len = 2 + rng.below(5);
            format!("\"{}\"", run(rng, texts, len))
        }
        3 => format!("{} {}", word(rng), word(rng)),
        4 => format!("{} {} {}", word(rng), word(rng), word(rng)),
        5 => format!("{} OR {}", word(rng), word(rng)),
        6 => format!("{} -{}", word(rng), word(rng)),
        _ => run(rng, texts, 1),
    };
    let mut filters = Filters::default();
    match rng.below(5) {
        0 => filters.provinces = vec![PROVINCES[rng.below(PROVINCES.len())].to_string()],
        1 => {
            let month = 1 + rng.below(6);
            filters.from = Some(format!("2024-{month:02}"));
            filters.to = Some(format!("2024-{:02}", month + rng.below(4)));
        }
        _ => {}
    }
    SearchRequest {
        query,
        filters,
        collapse: false,
        ..SearchRequest::default()
    }
}

/// Ingests `paths` into many segments, removes every third article, and
/// compares the pruned first passages with those of scoring every match
/// for `queries` random requests at several depths.
fn first_pages_are_those_of_every_match(paths: &[PathBuf], queries: usize) {
    let (dir, index, report) = index_of_many_segments(paths);
    assert!(report.passages > 0);
    // the passages' texts, to draw queries from, and their articles
    let (texts, mut articles): (Vec<String>, Vec<String>) = annotated_passages(paths)
        .into_iter()
        .map(|(_, article, text)| (text, article))
        .unzip();
    assert_eq!(texts.len(), report.passages);
    articles.dedup();
    let removed: Vec<String> = articles.into_iter().step_by(3).collect();
    policy_search::ingest::remove(&index, &removed).unwrap();
    let engine = Engine::new(SearchIndex::open(dir.path()).unwrap()).unwrap();
    let segments = index.segment_count().unwrap();
    assert!(segments >= 2, "expected several segments, got {segments}");

    let mut rng = Rng(seed("PRUNE_SEED"));
    let (mut compared, mut skipped_some, mut estimated) = (0usize, 0usize, 0usize);
    for _ in 0..queries {
        let request = draw(&mut rng, &texts);
        for k in [10, 30, 200] {
            compared += 1;
            if same_first(&engine, &request, k) == k {
                skipped_some += 1;
            }
        }
        // the page itself, and its total: counted or estimated
        let page = engine.search(&request).unwrap();
        let counted = engine
            .search(&SearchRequest {
                count: true,
                ..request.clone()
            })
            .unwrap();
        assert!(counted.total_exact);
        assert_eq!(page.hits.len(), counted.hits.len());
        if page.total_exact {
            assert_eq!(page.total, counted.total, "{:?}", request.query);
        }
        if same_estimate(&engine, &request) {
            estimated += 1;
        }
    }
    println!(
        "{compared} first pages compared over {segments} segments ({skipped_some} with more matches than the page, {estimated} totals estimated)"
    );
    assert!(skipped_some > 0, "no query had more matches than its page");
}

/// Checks that a total estimated from the sample counted by the walk of
/// the first page is the one a walk of its own estimates (the same
/// windows, the same matches counted); whether it was estimated.
fn same_estimate(engine: &Engine, request: &SearchRequest) -> bool {
    let page = engine.search(request).unwrap();
    if page.total_exact {
        return false;
    }
    let own = engine.total_of_its_own(request).unwrap();
    assert_eq!(
        own,
        Some((page.total, false)),
        "{:?} with {:?}: the estimated totals differ",
        request.query,
        request.filters
    );
    true
}

/// Checks that the pruned first `k` passages of `request` are those of
/// scoring every match; returns how many there are.
fn same_first(engine: &Engine, request: &SearchRequest, k: usize) -> usize {
    let every = engine.first_passages(request, k, true).unwrap();
    let pruned = engine.first_passages(request, k, false).unwrap();
    if pruned != every {
        // passages tied with the last one kept may be any of the passages of
        // that score: the scores must be the same, those above the tie the
        // same passages, and each tied passage one that scoring every match
        // gives that score
        let all = engine.first_passages(request, 100_000, true).unwrap();
        same_up_to_ties(&pruned, &every, &all).unwrap_or_else(|why| {
            panic!(
                "{:?} with {:?}, first {k}: {why}\n pruned: {pruned:?}\n every match: {every:?}",
                request.query, request.filters
            )
        });
    }
    every.len()
}

/// Whether `pruned` is a first page as valid as `every`: the same scores,
/// the same passages above the last score, and passages at the last score
/// that `all` (every match, scored) has at that score.
fn same_up_to_ties(
    pruned: &[(f32, String)],
    every: &[(f32, String)],
    all: &[(f32, String)],
) -> Result<(), String> {
    let scores = |page: &[(f32, String)]| page.iter().map(|(s, _)| *s).collect::<Vec<_>>();
    if scores(pruned) != scores(every) {
        return Err("the scores differ".to_string());
    }
    let Some(&(last, _)) = every.last() else {
        return Ok(());
    };
    let above = |page: &[(f32, String)]| {
        let mut ids: Vec<String> = page
            .iter()
            .filter(|(s, _)| *s > last)
            .map(|(_, id)| id.clone())
            .collect();
        ids.sort();
        ids
    };
    if above(pruned) != above(every) {
        return Err("the passages above the last score differ".to_string());
    }
    for (score, id) in pruned.iter().filter(|(s, _)| *s == last) {
        if !all.iter().any(|(s, i)| s == score && i == id) {
            return Err(format!("{id} is not a match of score {score}"));
        }
    }
    Ok(())
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn pruned_first_pages_of_the_news_are_those_of_every_match() {
    first_pages_are_those_of_every_match(&[corpus("xwlb_cctv/xwlb_2024.jsonl")], 300);
}

/// Several frequent words: more passages hold every word than a first page
/// (even one of 200) keeps, so that the walk ends among the passages holding
/// every word (the rest cannot enter once the page is full of them).
#[test]
#[ignore = "needs ../shared/corpus"]
fn pruned_first_pages_of_frequent_words_are_those_of_every_match() {
    let (dir, _index, _report) = index_of_many_segments(&[corpus("xwlb_cctv/xwlb_2024.jsonl")]);
    let engine = Engine::new(SearchIndex::open(dir.path()).unwrap()).unwrap();
    let mut estimated = 0;
    for query in [
        "发展 合作 经济",
        "科技 创新 人才",
        "经济 社会 发展 建设",
        "生态 环境 保护",
        "习近平 会见 总统",
        "人民 群众 生活",
    ] {
        let request = SearchRequest {
            query: query.to_string(),
            collapse: false,
            ..SearchRequest::default()
        };
        for k in [10, 30, 200] {
            assert_eq!(
                same_first(&engine, &request, k),
                k,
                "{query}: too few matches"
            );
        }
        // the walk among the passages holding every word passes over the
        // others, but for those of the sample
        if same_estimate(&engine, &request) {
            estimated += 1;
        }
    }
    assert!(estimated > 0, "no total was estimated");
}

#[test]
fn pruned_first_pages_of_the_samples_are_those_of_every_match() {
    first_pages_are_those_of_every_match(&[repo("index_data/samples")], 60);
}

/// Pages of a query whose matches share few scores (a substring, a frequent
/// character): walked ten at a time, they never repeat a passage and hold
/// those of one page of a hundred, in its order.
fn pages_of_tied_matches_neither_repeat_nor_skip(paths: &[PathBuf], queries: &[&str]) {
    let (dir, _index, _report) = index_of_many_segments(paths);
    let engine = Engine::new(SearchIndex::open(dir.path()).unwrap()).unwrap();
    for query in queries {
        pages_neither_repeat_nor_skip(&engine, query);
    }
}

fn pages_neither_repeat_nor_skip(engine: &Engine, query: &str) {
    let request = |offset: usize, limit: usize| SearchRequest {
        query: query.to_string(),
        limit,
        offset,
        collapse: false,
        ..SearchRequest::default()
    };
    let whole = engine.search(&request(0, 100)).unwrap();
    let ids = |hits: &[policy_search::model::Hit]| {
        hits.iter()
            .map(|h| h.passage_id.clone())
            .collect::<Vec<_>>()
    };
    let expected = ids(&whole.hits);
    assert!(expected.len() > 20, "{query}: too few matches to page");
    let mut paged = Vec::new();
    for offset in (0..expected.len()).step_by(10) {
        paged.extend(ids(&engine.search(&request(offset, 10)).unwrap().hits));
    }
    assert_eq!(
        paged, expected,
        "{query}: pages of ten and one page of 100 differ"
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn pages_of_tied_news_matches_neither_repeat_nor_skip() {
    pages_of_tied_matches_neither_repeat_nor_skip(
        &[corpus("xwlb_cctv/xwlb_2024.jsonl")],
        &["加会见", "会见", "的", "发展 合作"],
    );
}

/// Reprints are scored once per search (`query::remembered`): the news of
/// a year and a copy of it under other article ids, ingested into many
/// segments (every passage twice, its copy in another segment), are asked
/// random queries; every copy must match where its original does, with its
/// score to the bit (their score keys are the same), and the pruned first
/// pages, which take a copy's score from its original's, must be those of
/// scoring every match.
#[test]
#[ignore = "needs ../shared/corpus"]
fn reprints_score_as_their_originals() {
    let original = corpus("xwlb_cctv/xwlb_2024.jsonl");
    let folder = tempfile::tempdir().unwrap();
    let copy = folder.path().join("xwlb_2024_copy.jsonl");
    let mut lines = String::new();
    for line in std::fs::read_to_string(&original).unwrap().lines() {
        if line.trim().is_empty() {
            continue;
        }
        let mut article: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = format!("copy-{}", article["id"].as_str().unwrap());
        article["id"] = serde_json::Value::String(id);
        lines.push_str(&article.to_string());
        lines.push('\n');
    }
    std::fs::write(&copy, lines).unwrap();
    let (dir, index, report) = index_of_many_segments(&[original.clone(), copy]);
    let texts: Vec<String> = annotated_passages(&[original])
        .into_iter()
        .map(|(_, _, text)| text)
        .collect();
    assert_eq!(report.passages, 2 * texts.len());
    let segments = index.segment_count().unwrap();
    assert!(segments >= 2, "expected several segments, got {segments}");
    let engine = Engine::new(SearchIndex::open(dir.path()).unwrap()).unwrap();

    let mut rng = Rng(seed("PRUNE_SEED"));
    let (mut pairs, mut skipped_some) = (0usize, 0usize);
    for _ in 0..60 {
        let request = draw(&mut rng, &texts);
        let all = engine.first_passages(&request, 100_000, true).unwrap();
        let scores: std::collections::HashMap<&str, f32> = all
            .iter()
            .map(|(score, id)| (id.as_str(), *score))
            .collect();
        let copies = all.iter().filter(|(_, id)| id.starts_with("copy-"));
        assert_eq!(2 * copies.clone().count(), all.len(), "{:?}", request.query);
        for (score, id) in copies {
            let original = &id["copy-".len()..];
            let theirs = scores.get(original).copied();
            assert_eq!(
                theirs.map(f32::to_bits),
                Some(score.to_bits()),
                "{:?} with {:?}: {id} scores {score}, {original} {theirs:?}",
                request.query,
                request.filters
            );
            pairs += 1;
        }
        for k in [10, 30, 200] {
            if same_first(&engine, &request, k) == k {
                skipped_some += 1;
            }
        }
    }
    println!("{pairs} copies scored as their originals over {segments} segments");
    assert!(pairs > 0 && skipped_some > 0);
}
