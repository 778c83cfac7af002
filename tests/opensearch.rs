//! The OpenSearch backend against the embedded index, on a real cluster.
//!
//! The tests marked `#[ignore]` need a running cluster and `../shared/corpus`:
//! `.ci/opensearch.sh` starts a two-node cluster (`opensearch/cluster.sh
//! start 2`), runs them with `POLICY_SEARCH_OPENSEARCH=http://127.0.0.1:9250`
//! and stops the nodes. They export a year of 新闻联播 (2024) into an index of
//! 2 shards and 1 replica and check that the cluster answers as the embedded
//! index does: the same matching passages for ~30 queries, the same facet
//! counts, quotes, speakers, totals and articles, and the same answers while
//! a node stops. The tests without a cluster check the errors of an
//! unreachable one.
//!
//! One concern at over 600 lines: the backend compared with the embedded
//! index; its tests share the cluster's helpers.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::{OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use common::{corpus, policy_search, repo, Workspace};
use policy_search::index::SearchIndex;
use policy_search::ingest::{self, IngestOptions};
use policy_search::opensearch::{
    export_to_cluster, Client, ExportOptions, ExportSummary, Layout, OpenSearchBackend, Target,
};
use policy_search::query::{
    Engine, Filters, Period, QuoteRequest, SearchBackend, SearchRequest, TrendRequest, MAX_LIMIT,
};
use predicates::prelude::*;

const NEEDS_CLUSTER: &str =
    "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus";
/// The year of 新闻联播 exported.
const YEAR_FILE: &str = "xwlb_cctv/xwlb_2024.jsonl";
/// The cluster's index of that year.
const YEAR_INDEX: &str = "ps-test-xwlb-2024";
/// Most hits OpenSearch pages through.
const WINDOW: usize = 10_000;

fn cluster_url() -> String {
    std::env::var("POLICY_SEARCH_OPENSEARCH").unwrap_or_else(|_| {
        panic!(
            "POLICY_SEARCH_OPENSEARCH is not set: start a cluster with `opensearch/cluster.sh start 2` \
             and set POLICY_SEARCH_OPENSEARCH=http://127.0.0.1:9250 (or run .ci/opensearch.sh)"
        )
    })
}

/// An embedded index of `paths` in a folder that lives as long as the tests.
fn build_index(paths: &[PathBuf]) -> (SearchIndex, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = SearchIndex::open_or_create(&dir.path().join("index")).expect("index");
    let report = ingest::ingest(&index, paths, &IngestOptions::default(), &|_| {}).expect("ingest");
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    (index, dir)
}

/// The first `lines` items of a year of news, as a JSONL file in `dir`.
fn news_sample(dir: &std::path::Path, lines: usize) -> PathBuf {
    let text = std::fs::read_to_string(corpus("xwlb_cctv/xwlb_2013.jsonl")).expect("read corpus");
    let sample: Vec<&str> = text.lines().take(lines).collect();
    let path = dir.join("xwlb_2013_sample.jsonl");
    std::fs::write(&path, sample.join("\n") + "\n").expect("write sample");
    path
}

fn delete_index(client: &Client, name: &str) {
    client
        .send("DELETE", &format!("/{name}"), None)
        .expect("cluster answers");
}

/// The cluster's index `name`, deleted if it exists, and a client of the cluster.
fn fresh_index(name: &str) -> (Target, Client) {
    let target = Target::parse(&cluster_url(), Some(name)).expect("URL");
    let client = Client::new(&target.base);
    delete_index(&client, &target.index);
    (target, client)
}

struct Year {
    engine: Engine,
    cluster: OpenSearchBackend,
    target: Target,
    summary: ExportSummary,
    _dir: tempfile::TempDir,
}

/// The cluster as every test but one shares it: the test that stops a node
/// takes it alone ([`cluster_alone`]), so that no other test's requests meet
/// a node leaving (a refresh then answers 503 until the shards fail over).
static CLUSTER: RwLock<()> = RwLock::new(());

fn cluster_shared() -> RwLockReadGuard<'static, ()> {
    CLUSTER
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn cluster_alone() -> RwLockWriteGuard<'static, ()> {
    CLUSTER
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The year of news in both backends, exported once for all tests.
fn year() -> &'static Year {
    static YEAR: OnceLock<Year> = OnceLock::new();
    YEAR.get_or_init(|| {
        let target = Target::parse(&cluster_url(), Some(YEAR_INDEX)).expect("URL");
        let (index, dir) = build_index(&[corpus(YEAR_FILE)]);
        delete_index(&Client::new(&target.base), YEAR_INDEX);
        let options = ExportOptions {
            layout: Layout {
                shards: 2,
                replicas: 1,
            },
            ..ExportOptions::default()
        };
        let summary = export_to_cluster(&index, &target, &options, |_| {}).expect("export");
        eprintln!(
            "exported {} documents ({} passages, {} quotes) in {:.1} s: {:.0} documents/s, {:.2} MB/s of text",
            summary.documents,
            summary.passages,
            summary.quotes,
            summary.seconds,
            summary.documents as f64 / summary.seconds,
            summary.text_bytes as f64 / 1e6 / summary.seconds
        );
        assert!(summary.failed.is_empty(), "{:?}", summary.failed);
        let cluster = OpenSearchBackend::connect(&target).expect("connect");
        Year {
            engine: Engine::new(index).expect("engine"),
            cluster,
            target,
            summary,
            _dir: dir,
        }
    })
}

/// A query of the comparison and whether its hit set must be identical
/// (every query here: matching is exact substring matching in both).
struct Case {
    query: &'static str,
    filters: Filters,
}

fn case(query: &'static str) -> Case {
    Case {
        query,
        filters: Filters::default(),
    }
}

fn filtered(query: &'static str, filters: Filters) -> Case {
    Case { query, filters }
}

/// ~30 queries: keywords, phrases, single characters, cross-word substrings,
/// traditional characters, filters, exclusions, OR.
fn cases() -> Vec<Case> {
    let province = |p: &str| Filters {
        provinces: vec![p.to_string()],
        ..Filters::default()
    };
    vec![
        // keywords
        case("新质生产力"),
        case("乡村振兴"),
        case("人工智能"),
        case("一带一路"),
        case("碳达峰"),
        case("粮食安全"),
        // several words (two of three required)
        case("乡村 振兴 农业"),
        case("科技 创新 人才"),
        // phrases, one and several runs
        case("\"全国人大代表\""),
        case("\"政府工作报告\""),
        case("\"今年以来，我国\""),
        // single characters
        case("茶"),
        case("桥"),
        case("鲸"),
        // substrings across jieba's words
        case("质生产"),
        case("量发"),
        case("村振"),
        // traditional characters
        case("新質生產力"),
        case("習近平 兩會"),
        // Latin letters and digits
        case("AI"),
        case("5G"),
        // filters
        filtered("发展", province("湖北")),
        filtered("经济", province("广东省")),
        filtered(
            "代表",
            Filters {
                role: Some(policy_search::model::Role::NpcDeputy),
                ..Filters::default()
            },
        ),
        filtered(
            "两会",
            Filters {
                from: Some("2024-03".into()),
                to: Some("2024-03-10".into()),
                ..Filters::default()
            },
        ),
        // exclusions and OR
        case("两会 -代表"),
        case("创新 -\"科技创新\""),
        case("湖北 OR 湖南"),
        case("芯片 OR 半导体 OR 集成电路"),
        case("冰雪 OR 滑雪 -哈尔滨"),
    ]
}

/// Every matching passage id (paging through all of them), and the total.
fn all_hits(
    backend: &dyn SearchBackend,
    query: &str,
    filters: &Filters,
) -> (usize, BTreeSet<String>) {
    let mut ids = BTreeSet::new();
    let mut offset = 0;
    loop {
        let request = SearchRequest {
            query: query.into(),
            filters: filters.clone(),
            limit: MAX_LIMIT,
            offset,
            collapse: false,
            // the cluster counts every match: so must the embedded index
            count: true,
            ..SearchRequest::default()
        };
        let results = backend
            .search(&request)
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let page = results.hits.len();
        ids.extend(results.hits.into_iter().map(|h| h.passage_id));
        offset += MAX_LIMIT;
        if offset >= results.total.min(WINDOW) || page == 0 {
            return (results.total, ids);
        }
    }
}

fn top_ids(backend: &dyn SearchBackend, query: &str, filters: &Filters) -> Vec<String> {
    let request = SearchRequest {
        query: query.into(),
        filters: filters.clone(),
        ..SearchRequest::default()
    };
    backend
        .search(&request)
        .unwrap_or_else(|e| panic!("{query}: {e}"))
        .hits
        .into_iter()
        .map(|h| h.passage_id)
        .collect()
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn a_year_exports_every_document_into_two_shards_and_a_replica() {
    let _cluster = cluster_shared();
    let year = year();
    let stats = year.engine.stats().unwrap();
    assert_eq!(year.summary.articles, stats.articles);
    assert_eq!(year.summary.passages, stats.passages);
    assert_eq!(year.summary.quotes, stats.quotes);
    assert!(stats.articles > 5_000, "{stats:?}");
    let client = Client::new(&year.target.base);
    let health = client
        .call(
            "GET",
            &format!("/_cluster/health/{YEAR_INDEX}?wait_for_status=yellow&timeout=60s"),
            None,
        )
        .unwrap();
    assert_eq!(health["active_primary_shards"], 2, "{health}");
    assert_eq!(year.cluster.stats().unwrap(), stats);
    let _ = NEEDS_CLUSTER;
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn thirty_queries_match_the_same_passages_on_both_backends() {
    let _cluster = cluster_shared();
    let year = year();
    let mut report = Vec::new();
    for case in cases() {
        let (total, embedded) = all_hits(&year.engine, case.query, &case.filters);
        let (cluster_total, cluster) = all_hits(&year.cluster, case.query, &case.filters);
        assert!(total > 0, "{}: no hit in the embedded index", case.query);
        assert_eq!(cluster_total, total, "{}: totals differ", case.query);
        let only_embedded: Vec<&String> = embedded.difference(&cluster).take(5).collect();
        let only_cluster: Vec<&String> = cluster.difference(&embedded).take(5).collect();
        assert_eq!(
            embedded, cluster,
            "{}: hit sets differ (only embedded: {only_embedded:?}, only cluster: {only_cluster:?})",
            case.query
        );
        let top_embedded: HashSet<String> = top_ids(&year.engine, case.query, &case.filters)
            .into_iter()
            .collect();
        let top_cluster = top_ids(&year.cluster, case.query, &case.filters);
        let overlap = top_cluster
            .iter()
            .filter(|id| top_embedded.contains(*id))
            .count();
        report.push(format!(
            "{:<24} {:>6} hits, top-10 overlap {overlap}/{}",
            case.query,
            total,
            top_embedded.len()
        ));
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn facet_counts_are_equal() {
    let _cluster = cluster_shared();
    let year = year();
    for query in ["发展", "两会", "\"全国政协委员\"", "湖北 OR 湖南 OR 江西"] {
        let request = SearchRequest {
            query: query.into(),
            facets: true,
            ..SearchRequest::default()
        };
        let embedded = year.engine.search(&request).unwrap();
        let cluster = year.cluster.search(&request).unwrap();
        assert_eq!(cluster.total, embedded.total, "{query}");
        assert_eq!(cluster.facets, embedded.facets, "{query}");
        let facets = embedded.facets.unwrap();
        assert!(
            !facets.year.is_empty() && !facets.province.is_empty(),
            "{query}: {facets:?}"
        );
    }
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn quotes_and_speakers_are_equal() {
    let _cluster = cluster_shared();
    let year = year();
    let embedded = year.engine.speakers(&Filters::default()).unwrap();
    let cluster = year.cluster.speakers(&Filters::default()).unwrap();
    let key = |s: &policy_search::model::SpeakerSummary| {
        let titles: BTreeSet<&String> = s.titles.iter().collect();
        let provinces: BTreeSet<&String> = s.provinces.iter().collect();
        format!(
            "{} {} {} {titles:?} {provinces:?}",
            s.speaker, s.role, s.quotes
        )
    };
    assert_eq!(
        cluster.iter().map(key).collect::<Vec<_>>(),
        embedded.iter().map(key).collect::<Vec<_>>()
    );
    assert!(embedded.len() > 20, "{} speakers", embedded.len());
    for speaker in embedded.iter().take(8) {
        let request = QuoteRequest {
            query: None,
            filters: Filters {
                speaker: Some(speaker.speaker.clone()),
                ..Filters::default()
            },
            limit: MAX_LIMIT,
            offset: 0,
        };
        // every quote of the speaker, paging through them (a multiset: a
        // speaker may say the same words twice in one article)
        let quotes =
            |backend: &dyn SearchBackend| -> Vec<String> {
                let mut all = Vec::new();
                let mut request = request.clone();
                loop {
                    let results = backend.quotes(&request).unwrap();
                    let page = results.hits.len();
                    all.extend(results.hits.into_iter().map(|q| {
                        format!("{} {:?} {} {}", q.article_id, q.passage_id, q.cue, q.text)
                    }));
                    request.offset += MAX_LIMIT;
                    if page == 0 || request.offset >= results.total {
                        break;
                    }
                }
                all.sort();
                all
            };
        let expected = quotes(&year.engine);
        assert_eq!(expected.len(), speaker.quotes);
        assert_eq!(quotes(&year.cluster), expected, "{}", speaker.speaker);
    }
    // quotes found by their words
    let request = QuoteRequest {
        query: Some("创新".into()),
        filters: Filters::default(),
        limit: MAX_LIMIT,
        offset: 0,
    };
    let ids = |backend: &dyn SearchBackend| -> BTreeSet<String> {
        let results = backend.quotes(&request).unwrap();
        results
            .hits
            .into_iter()
            .map(|q| format!("{} {}", q.article_id, q.text))
            .collect()
    };
    assert_eq!(ids(&year.cluster), ids(&year.engine));
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn hits_and_articles_read_back_the_same() {
    let _cluster = cluster_shared();
    let year = year();
    let request = SearchRequest {
        query: "新质生产力".into(),
        limit: 20,
        ..SearchRequest::default()
    };
    let embedded = year.engine.search(&request).unwrap();
    let cluster = year.cluster.search(&request).unwrap();
    let by_id: std::collections::HashMap<&str, &policy_search::model::Hit> = embedded
        .hits
        .iter()
        .map(|h| (h.passage_id.as_str(), h))
        .collect();
    let mut compared = 0;
    for hit in &cluster.hits {
        let Some(other) = by_id.get(hit.passage_id.as_str()) else {
            continue;
        };
        compared += 1;
        // everything but the rank and score: text, highlights, article fields, copies
        assert_eq!(hit.text, other.text);
        assert_eq!(hit.highlights, other.highlights);
        assert_eq!(hit.snippet, other.snippet);
        assert_eq!(
            (
                &hit.title,
                &hit.date,
                &hit.source,
                &hit.url,
                &hit.province,
                &hit.speakers
            ),
            (
                &other.title,
                &other.date,
                &other.source,
                &other.url,
                &other.province,
                &other.speakers
            )
        );
        assert_eq!(hit.similar, other.similar, "{}", hit.passage_id);
        let article = &hit.article_id;
        assert_eq!(
            year.cluster.article(article).unwrap(),
            year.engine.article(article).unwrap()
        );
    }
    assert!(compared >= 5, "only {compared} hits in both top 20s");
    assert!(matches!(
        year.cluster.article("no-such-article"),
        Err(policy_search::Error::NotFound(_))
    ));
}

#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn trends_are_equal() {
    let _cluster = cluster_shared();
    let year = year();
    let queries = [
        "新质生产力",
        "两会",
        "\"全国政协委员\"",
        "湖北 OR 湖南",
        "质生产 -新质",
    ];
    for by in [Period::Year, Period::Month] {
        for filters in [
            Filters::default(),
            Filters {
                provinces: vec!["湖北".into()],
                from: Some("2024-03".into()),
                to: Some("2024-09".into()),
                ..Filters::default()
            },
        ] {
            let request = TrendRequest {
                queries: queries.iter().map(|q| q.to_string()).collect(),
                by,
                filters,
            };
            let embedded = year.engine.trend(&request).unwrap();
            let cluster = year.cluster.trend(&request).unwrap();
            assert_eq!(cluster, embedded, "{by:?} {:?}", request.filters);
            assert!(embedded.series[0].total > 0, "{embedded:?}");
        }
    }
}

/// Laws and work reports: every hit's heading path (and a law item's lead)
/// and every article's passage paths come back from the cluster as the
/// embedded index gives them.
#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn heading_paths_read_back_the_same() {
    let _cluster = cluster_shared();
    let (target, client) = fresh_index("ps-test-paths");
    let (index, _dir) = build_index(&[
        corpus("laws_regulations_lawrefbook/laws_local_chongqing.jsonl"),
        repo("index_data/samples/gov_work_reports_national_2024_2025.jsonl"),
    ]);
    let summary = export_to_cluster(&index, &target, &ExportOptions::default(), |_| {}).unwrap();
    assert!(summary.failed.is_empty(), "{:?}", summary.failed);
    let engine = Engine::new(index).unwrap();
    let cluster = OpenSearchBackend::connect(&target).unwrap();
    let mut with_path = 0;
    let mut with_item = 0;
    for query in ["个人信息", "高质量发展", "安全生产", "\"应当\"", "就业"] {
        let request = SearchRequest {
            query: query.into(),
            limit: 100,
            ..SearchRequest::default()
        };
        let embedded = engine.search(&request).unwrap();
        let by_id: std::collections::HashMap<&str, &policy_search::model::Hit> = embedded
            .hits
            .iter()
            .map(|h| (h.passage_id.as_str(), h))
            .collect();
        for hit in cluster.search(&request).unwrap().hits {
            let Some(other) = by_id.get(hit.passage_id.as_str()) else {
                continue;
            };
            assert_eq!(
                (&hit.path, &hit.lead),
                (&other.path, &other.lead),
                "{query}: {}",
                hit.passage_id
            );
            with_path += usize::from(!hit.path.is_empty());
            with_item += usize::from(hit.path.last().is_some_and(|p| p.starts_with('（')));
            assert_eq!(
                cluster.article(&hit.article_id).unwrap(),
                engine.article(&hit.article_id).unwrap()
            );
        }
    }
    assert!(with_path >= 100, "only {with_path} hits with a path");
    assert!(with_item >= 1, "no hit with a law item in its path");
    delete_index(&client, &target.index);
}

/// `trend --backend` and `serve --backend` answer from the cluster what the
/// embedded index answers.
#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn the_cli_and_the_server_answer_from_the_cluster() {
    let _cluster = cluster_shared();
    let year = year();
    let backend = format!("{}/{}", year.target.base, YEAR_INDEX);
    let ws = Workspace::new();
    let output = policy_search(&ws.index())
        .args(["trend", "新质生产力", "两会", "--by", "month", "--json"])
        .args(["--backend", &backend])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let request = TrendRequest {
        queries: vec!["新质生产力".into(), "两会".into()],
        by: Period::Month,
        filters: Filters::default(),
    };
    let expected = serde_json::to_value(year.engine.trend(&request).unwrap()).unwrap();
    let answered: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answered, expected);

    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("policy-search"))
        .arg("--index")
        .arg(ws.index())
        .args(["serve", "--addr", "127.0.0.1:0", "--backend", &backend])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    let addr = lines
        .find_map(|line| line.ok()?.strip_prefix("listening on ").map(str::to_string))
        .expect("serve prints its address");
    let api = Client::new(&addr);
    let search = api
        .call(
            "GET",
            &format!("/api/search?q={}", percent("新质生产力")),
            None,
        )
        .unwrap();
    let embedded = year
        .engine
        .search(&SearchRequest {
            query: "新质生产力".into(),
            count: true,
            ..SearchRequest::default()
        })
        .unwrap();
    assert_eq!(search["total"].as_u64(), Some(embedded.total as u64));
    let trend = api
        .call(
            "GET",
            &format!(
                "/api/trend?q={}&q={}&by=month",
                percent("新质生产力"),
                percent("两会")
            ),
            None,
        )
        .unwrap();
    assert_eq!(trend, expected);
    let stats = api.call("GET", "/api/stats", None).unwrap();
    assert_eq!(
        stats["passages"].as_u64(),
        Some(year.engine.stats().unwrap().passages)
    );
    let _ = server.kill();
    let _ = server.wait();
}

/// `text` percent-encoded for a query string.
fn percent(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

/// Stops node 2 of the local test cluster while queries run: every answer
/// stays the embedded index's (the replicas of node 2's shards take over).
#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn stopping_a_node_during_queries_leaves_every_answer_correct() {
    let _cluster = cluster_alone();
    let year = year();
    let client = Client::new(&year.target.base);
    let health = client
        .call(
            "GET",
            &format!("/_cluster/health/{YEAR_INDEX}?wait_for_status=green&timeout=120s"),
            None,
        )
        .unwrap();
    assert_eq!(
        health["status"], "green",
        "replicas not allocated: {health}"
    );
    assert_eq!(
        health["number_of_nodes"], 2,
        "this test needs 2 nodes: {health}"
    );
    let queries: Vec<Case> = cases().into_iter().take(12).collect();
    let expected: Vec<(usize, BTreeSet<String>)> = queries
        .iter()
        .map(|c| all_hits(&year.engine, c.query, &c.filters))
        .collect();
    let stop = std::thread::spawn(|| {
        std::thread::sleep(Duration::from_millis(1500));
        let status = std::process::Command::new("bash")
            .arg(repo("opensearch/cluster.sh"))
            .args(["stop-node", "2"])
            .status()
            .expect("run opensearch/cluster.sh");
        assert!(status.success(), "cluster.sh stop-node 2 failed");
    });
    let mut rounds = 0;
    let mut after_stop = 0;
    while after_stop < 2 {
        let stopped = stop.is_finished();
        for (case, expected) in queries.iter().zip(&expected) {
            let answer = all_hits(&year.cluster, case.query, &case.filters);
            assert_eq!(&answer, expected, "{} (round {rounds})", case.query);
        }
        rounds += 1;
        if stopped {
            after_stop += 1;
        }
    }
    stop.join().expect("stopping thread");
    // every primary on the node left again before the other tests go on
    let health = client
        .call(
            "GET",
            "/_cluster/health?wait_for_status=yellow&wait_for_no_initializing_shards=true&timeout=120s",
            None,
        )
        .unwrap();
    assert_eq!(health["number_of_nodes"], 1, "{health}");
    assert_ne!(health["status"], "red", "{health}");
    eprintln!(
        "{rounds} rounds of {} queries, node 2 stopped during them",
        queries.len()
    );
}

/// Re-exporting writes the same documents; an article removed from the
/// embedded index is deleted from the cluster by the next export.
#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn re_export_is_idempotent_and_deletes_removed_articles() {
    let _cluster = cluster_shared();
    let (target, client) = fresh_index("ps-test-reexport");
    let ws = Workspace::new();
    let (index, _dir) = build_index(&[news_sample(ws.tmp.path(), 300)]);
    let options = ExportOptions::default();
    let count = || -> u64 {
        client
            .call("GET", &format!("/{}/_count", target.index), None)
            .unwrap()["count"]
            .as_u64()
            .unwrap()
    };
    let first = export_to_cluster(&index, &target, &options, |_| {}).unwrap();
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    assert_eq!(count(), first.documents);
    let again = export_to_cluster(&index, &target, &options, |_| {}).unwrap();
    assert_eq!((again.documents, again.deleted), (first.documents, 0));
    assert_eq!(count(), first.documents);

    let engine = Engine::new(index.clone()).unwrap();
    let stats = engine.stats().unwrap();
    let some_passage = engine
        .search(&SearchRequest {
            query: "发展".into(),
            ..SearchRequest::default()
        })
        .unwrap()
        .hits
        .remove(0);
    let removed = some_passage.article_id.clone();
    let view = engine.article(&removed).unwrap();
    let missing = ingest::remove(&index, std::slice::from_ref(&removed)).unwrap();
    assert!(missing.is_empty());
    let after = export_to_cluster(&index, &target, &options, |_| {}).unwrap();
    let quotes_removed = stats.quotes - Engine::new(index.clone()).unwrap().stats().unwrap().quotes;
    assert_eq!(
        after.deleted,
        1 + view.passages.len() as u64 + quotes_removed,
        "the article's own document, its passages and its quotes"
    );
    assert_eq!(count(), after.documents);
    let cluster = OpenSearchBackend::connect(&target).unwrap();
    assert!(matches!(
        cluster.article(&removed),
        Err(policy_search::Error::NotFound(_))
    ));
    let (_, hits) = all_hits(&cluster, "发展", &Filters::default());
    assert!(!hits.contains(&some_passage.passage_id));
    delete_index(&client, &target.index);
}

/// Documents the cluster rejects are reported with their id and the
/// cluster's reason, and the export then deletes nothing.
#[test]
#[ignore = "needs a running OpenSearch cluster (opensearch/cluster.sh start 2) and ../shared/corpus"]
fn rejected_documents_are_reported_with_their_id_and_reason() {
    let _cluster = cluster_shared();
    let (target, client) = fresh_index("ps-test-rejects");
    // the index exists already with a mapping that takes no quote: `cue` a number
    let mut body = policy_search::opensearch::mapping::index_body(Layout::default());
    body["mappings"]["properties"]["cue"] = serde_json::json!({ "type": "integer" });
    client
        .call("PUT", &format!("/{}", target.index), Some(&body))
        .unwrap();
    let ws = Workspace::new();
    let sample = news_sample(ws.tmp.path(), 300);
    let (index, _dir) = build_index(std::slice::from_ref(&sample));
    let quotes = Engine::new(index.clone()).unwrap().stats().unwrap().quotes;
    assert!(quotes > 0);
    let summary = export_to_cluster(&index, &target, &ExportOptions::default(), |_| {}).unwrap();
    assert_eq!(summary.failed.len() as u64, quotes);
    for item in &summary.failed {
        assert!(item.id.contains("#q"), "{item:?}");
        assert!(item.reason.contains("mapper_parsing_exception"), "{item:?}");
    }
    assert_eq!(summary.deleted, 0);
    // the CLI reports them and exits with 2
    policy_search(&ws.index())
        .arg("ingest")
        .arg(&sample)
        .assert()
        .success();
    policy_search(&ws.index())
        .args([
            "export",
            "--opensearch",
            &cluster_url(),
            "--opensearch-index",
            &target.index,
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("documents were rejected"))
        .stderr(predicate::str::contains("#q0: mapper_parsing_exception"));
    delete_index(&client, &target.index);
}

/// A port on loopback that nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[test]
fn an_unreachable_cluster_is_a_clear_error_naming_the_url() {
    let ws = Workspace::new();
    let port = closed_port();
    for command in [vec!["search", "新质生产力"], vec!["quotes", "创新"]] {
        let url = format!("opensearch://127.0.0.1:{port}/news");
        policy_search(&ws.index())
            .args(&command)
            .args(["--backend", &url])
            .assert()
            .failure()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "http://127.0.0.1:{port}/news"
            )))
            .stderr(predicate::str::contains("connection refused"))
            .stderr(predicate::str::contains("panicked").not());
    }
    policy_search(&ws.index())
        .args([
            "search",
            "发展",
            "--backend",
            "opensearch://127.0.0.1:9250/UPPER",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad OpenSearch URL"));
}

#[test]
fn export_to_an_unreachable_cluster_fails_naming_the_url() {
    let ws = Workspace::new();
    let seed = repo("../shared/corpus/seed");
    if !seed.exists() {
        panic!(
            "{} is missing: this test needs ../shared/corpus",
            seed.display()
        );
    }
    policy_search(&ws.index())
        .arg("ingest")
        .arg(&seed)
        .assert()
        .success();
    let port = closed_port();
    policy_search(&ws.index())
        .args([
            "export",
            "--opensearch",
            &format!("http://127.0.0.1:{port}"),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "http://127.0.0.1:{port}/policy-search: connection refused"
        )));
    // and into files: the index body and NDJSON bulk files
    let out = ws.path("bulk");
    policy_search(&ws.index())
        .args(["export", "--to"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("exported"));
    let body: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).unwrap()).unwrap();
    assert_eq!(
        body["mappings"]["properties"]["grams"]["analyzer"],
        "ps_grams"
    );
    let bulk = std::fs::read_to_string(out.join("bulk-00001.ndjson")).unwrap();
    let lines: Vec<serde_json::Value> = bulk
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines[0]["index"]["_id"],
        lines[1]["article_id"].as_str().unwrap().to_string() + "#a"
    );
    assert!(lines
        .iter()
        .any(|l| l["kind"] == "passage" && l["grams"].as_str().is_some()));
}
