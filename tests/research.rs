//! What a researcher relies on: counts that agree with the hits (issue 17),
//! every hit exported as CSV or JSON lines, and counts per period (`trend`).
//!
//! The index is the bundled samples (31 provincial 2026 reports, the national
//! reports of 2024 and 2025, the seed article), built once by the library;
//! the trend test over 新闻联播 needs `../shared/corpus` and is ignored
//! without it.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions};
use policy_search::model::Hit;
use policy_search::query::{Engine, SearchRequest, MAX_LIMIT};

use common::repo;

/// The bundled samples, indexed once for the tests of this file (they only read it).
fn samples_engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    let (_, engine) = ENGINE.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("research-samples-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temp dir");
        let index = SearchIndex::open_or_create(&tmp.path().join("index")).expect("index");
        let report = ingest::ingest(
            &index,
            &[repo("index_data/samples")],
            &IngestOptions::default(),
            &|_| {},
        )
        .expect("ingest the samples");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(report.articles_new >= 10, "{report:?}");
        (tmp, Engine::new(index).expect("engine"))
    });
    engine
}

/// Every hit of `query`, page by page (no collapsing), and the total of the first page.
fn paged_hits(engine: &Engine, query: &str) -> (usize, Vec<Hit>) {
    let mut hits = Vec::new();
    let mut total = None;
    loop {
        let results = engine
            .search(&SearchRequest {
                query: query.into(),
                limit: 7,
                offset: hits.len(),
                facets: false,
                collapse: false,
                ..SearchRequest::default()
            })
            .expect("search");
        total.get_or_insert(results.total);
        assert_eq!(
            results.total,
            total.unwrap_or_default(),
            "{query}: total changes between pages"
        );
        if results.hits.is_empty() {
            break;
        }
        hits.extend(results.hits);
    }
    (total.unwrap_or_default(), hits)
}

fn tally<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for value in values {
        *counts.entry(value.to_string()).or_default() += 1;
    }
    counts
}

fn as_map(values: &[(String, u64)]) -> BTreeMap<String, u64> {
    values.iter().cloned().collect()
}

/// Issue 17: a quoted phrase with punctuation inside was matched run by run
/// and checked for exactness only on the page shown, so the total, the
/// facets and the pages counted passages holding its words anywhere.
#[test]
fn quoted_phrases_with_punctuation_count_exactly_what_is_paged_through() {
    let engine = samples_engine();
    // the runs of each phrase also occur apart, far more often than together
    for (phrase, words) in [
        ("\"发展，推动\"", "发展 推动"),
        ("\"安全,发展\"", "安全 发展"),
        ("“改革、开放”", "改革 开放"),
        ("\"稳中求进 以进促稳\"", "稳中求进 以进促稳"),
    ] {
        let (total, hits) = paged_hits(engine, phrase);
        assert!(total > 0, "{phrase} matches nothing");
        assert_eq!(
            total,
            hits.len(),
            "{phrase}: total against hits paged through"
        );
        for hit in &hits {
            assert!(
                !hit.highlights.is_empty(),
                "{phrase}: {} does not hold the phrase: {}",
                hit.passage_id,
                hit.text
            );
        }
        let mut ids: Vec<&str> = hits.iter().map(|h| h.passage_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), hits.len(), "{phrase}: a passage on two pages");

        let apart = paged_hits(engine, words).0;
        assert!(
            apart >= total,
            "{words} ({apart}) must match at least what {phrase} ({total}) does"
        );

        let facets = engine
            .search(&SearchRequest {
                query: phrase.into(),
                limit: 1,
                facets: true,
                collapse: false,
                ..SearchRequest::default()
            })
            .expect("search")
            .facets
            .expect("facets asked for");
        assert_eq!(
            as_map(&facets.province),
            tally(hits.iter().filter_map(|h| h.province.as_deref())),
            "{phrase}: province facet"
        );
        assert_eq!(
            as_map(&facets.speaker),
            tally(
                hits.iter()
                    .flat_map(|h| h.speakers.iter().map(String::as_str))
            ),
            "{phrase}: speaker facet"
        );
        assert_eq!(
            as_map(&facets.year),
            tally(
                hits.iter()
                    .filter_map(|h| h.date.as_deref().and_then(|d| d.get(..4)))
            ),
            "{phrase}: year facet"
        );
    }
    // and one phrase whose words occur apart in some passage but never
    // together with only punctuation between them
    let (total, hits) = paged_hits(engine, "\"创新，推动\"");
    assert!(paged_hits(engine, "创新 推动").0 > 0);
    assert_eq!((total, hits.len()), (0, 0));
}

#[allow(dead_code)]
fn corpus(relative: &str) -> PathBuf {
    let path = repo("../shared/corpus").join(relative);
    assert!(
        path.exists(),
        "{} is missing: this test needs ../shared/corpus",
        path.display()
    );
    path
}

#[allow(dead_code)]
const _PAGE: usize = MAX_LIMIT;
