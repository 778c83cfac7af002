//! Query latency in-process: the fixed set of 30 queries, each checked
//! (hits contain the query, respect filters and exclusions) before it is
//! timed, so broken code cannot be timed. Does not start processes (that is
//! [`super::ripgrep`]).

use std::time::Instant;

use policy_search::query::{Engine, Filters, SearchRequest};

use super::procfs::thread_cpu_ns;
use super::report::{ms, percentile, verdict};
use super::GOAL_P99_MS;

/// Runs of each in-process query, after one warm-up run.
pub(super) const QUERY_RUNS: usize = 20;

/// One benchmark query and what its hits must satisfy.
pub(crate) struct BenchQuery {
    class: &'static str,
    query: &'static str,
    filters: Filters,
    facets: bool,
    /// Every hit's text must contain this (folded) string.
    contains: Option<&'static str>,
    /// No hit's text may contain this string.
    excludes: Option<&'static str>,
}

fn q(class: &'static str, query: &'static str) -> BenchQuery {
    BenchQuery {
        class,
        query,
        filters: Filters::default(),
        facets: false,
        contains: None,
        excludes: None,
    }
}

fn province(mut query: BenchQuery, province: &str) -> BenchQuery {
    query.filters.provinces = vec![province.to_string()];
    query
}

fn dates(mut query: BenchQuery, from: &str, to: &str) -> BenchQuery {
    query.filters.from = Some(from.to_string());
    query.filters.to = Some(to.to_string());
    query
}

fn contains(mut query: BenchQuery, text: &'static str) -> BenchQuery {
    query.contains = Some(text);
    query
}

fn excludes(mut query: BenchQuery, text: &'static str) -> BenchQuery {
    query.excludes = Some(text);
    query
}

fn facets(mut query: BenchQuery) -> BenchQuery {
    query.facets = true;
    query
}

/// The fixed set of 30 queries; each is expected to find passages in any
/// year of 新闻联播 from 2023 on (so `--quick` works too).
pub(crate) fn query_set() -> Vec<BenchQuery> {
    vec![
        contains(q("keyword", "新质生产力"), "新质生产力"),
        contains(q("keyword", "乡村振兴"), "乡村振兴"),
        contains(q("keyword", "高质量发展"), "高质量发展"),
        contains(q("keyword", "一带一路"), "一带一路"),
        contains(q("phrase", "\"共同富裕\""), "共同富裕"),
        contains(q("phrase", "\"人类命运共同体\""), "人类命运共同体"),
        contains(q("phrase", "\"全面深化改革\""), "全面深化改革"),
        contains(
            q("phrase", "\"习近平新时代中国特色社会主义思想\""),
            "习近平新时代中国特色社会主义思想",
        ),
        province(q("filtered", "乡村振兴"), "浙江"),
        province(q("filtered", "高质量发展"), "广东"),
        dates(q("filtered", "新质生产力"), "2024-03", "2024-03"),
        dates(province(q("filtered", "粮食"), "黑龙江"), "2023", "2025"),
        contains(q("substring", "质生产"), "质生产"),
        contains(q("substring", "量发"), "量发"),
        contains(q("substring", "化改"), "化改"),
        contains(q("single char", "粮"), "粮"),
        contains(q("single char", "铁"), "铁"),
        contains(q("single char", "茶"), "茶"),
        q("multi-word", "科技 创新 人才"),
        q("multi-word", "乡村 振兴 农民 增收"),
        q("multi-word", "生态 环境 保护 长江"),
        q("OR", "湖北 OR 湖南"),
        q("OR", "碳达峰 OR 碳中和"),
        q("OR", "芯片 OR 半导体"),
        excludes(q("exclusion", "改革 -经济"), "经济"),
        excludes(q("exclusion", "新质生产力 -人工智能"), "人工智能"),
        excludes(q("exclusion", "一带一路 -非洲"), "非洲"),
        facets(q("facets", "新质生产力")),
        facets(province(q("facets", "乡村振兴"), "浙江")),
        facets(q("facets", "改革")),
    ]
}

pub(crate) struct Latencies {
    /// (class, sorted latencies in ms)
    pub(crate) by_class: Vec<(&'static str, Vec<f64>)>,
    pub(crate) all: Vec<f64>,
    /// CPU ms of the searching thread per run, sorted
    pub(crate) cpu: Vec<f64>,
    /// (query, median ms, total matches)
    pub(crate) slowest: Vec<(String, f64, usize)>,
}

/// The search request of a benchmark query (first page of 10).
pub(crate) fn request(query: &BenchQuery) -> SearchRequest {
    SearchRequest {
        query: query.query.to_string(),
        filters: query.filters.clone(),
        facets: query.facets,
        ..SearchRequest::default()
    }
}

/// Runs one query and checks its hits; returns the number of matches.
fn checked_search(engine: &Engine, query: &BenchQuery) -> usize {
    let results = engine
        .search(&request(query))
        .unwrap_or_else(|e| panic!("query {:?} failed: {e}", query.query));
    let label = query.query;
    assert!(
        !results.hits.is_empty() && results.total > 0,
        "query {label:?} ({}) found nothing: broken code would be timed",
        query.class
    );
    for hit in &results.hits {
        let text = policy_search::normalize::fold(&hit.text);
        if let Some(needle) = query.contains {
            assert!(
                text.contains(needle),
                "query {label:?}: hit without {needle:?}: {}",
                hit.text
            );
        }
        if let Some(excluded) = query.excludes {
            assert!(
                !text.contains(excluded),
                "query {label:?}: hit with excluded {excluded:?}"
            );
        }
        if let Some(wanted) = query.filters.provinces.first() {
            assert!(
                hit.province.contains(wanted),
                "query {label:?}: province {:?}",
                hit.province
            );
        }
        if let (Some(from), Some(to)) = (&query.filters.from, &query.filters.to) {
            let date = hit.date.as_deref().unwrap_or("");
            assert!(
                date >= from.as_str() && date.get(..to.len()).is_some_and(|d| d <= to.as_str()),
                "query {label:?}: date {date} outside {from}..{to}"
            );
        }
    }
    if query.facets {
        let facets = results.facets.as_ref().expect("facets asked for");
        assert!(!facets.year.is_empty(), "query {label:?}: no year facet");
    }
    results.total
}

pub(crate) fn query_latency(engine: &Engine, queries: &[BenchQuery]) -> Latencies {
    println!(
        "## query latency in-process ({} queries × {QUERY_RUNS} runs, warm, Engine::search, limit 10)",
        queries.len()
    );
    let mut by_class: Vec<(&'static str, Vec<f64>)> = Vec::new();
    let mut all = Vec::new();
    let mut cpu_all = Vec::new();
    let mut per_query = Vec::new();
    for query in queries {
        let total = checked_search(engine, query);
        let mut times = Vec::with_capacity(QUERY_RUNS);
        for _ in 0..QUERY_RUNS {
            let cpu = thread_cpu_ns();
            let started = Instant::now();
            let results = engine.search(&request(query)).expect("search");
            times.push(ms(started.elapsed()));
            cpu_all.push((thread_cpu_ns() - cpu) as f64 / 1e6);
            assert_eq!(
                results.total, total,
                "query {:?}: unstable total",
                query.query
            );
        }
        all.extend_from_slice(&times);
        match by_class.iter_mut().find(|(class, _)| *class == query.class) {
            Some((_, class_times)) => class_times.extend_from_slice(&times),
            None => by_class.push((query.class, times.clone())),
        }
        times.sort_by(f64::total_cmp);
        per_query.push((query.query.to_string(), percentile(&times, 50.0), total));
    }
    for (_, times) in &mut by_class {
        times.sort_by(f64::total_cmp);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{:<13} {:>9} {:>9} {:>9}",
        "class", "p50 ms", "p99 ms", "max ms"
    );
    for (class, times) in by_class
        .iter()
        .chain(std::iter::once(&("overall", all.clone())))
    {
        println!(
            "{class:<13} {:>9.2} {:>9.2} {:>9.2}",
            percentile(times, 50.0),
            percentile(times, 99.0),
            times.last().copied().unwrap_or(0.0)
        );
    }
    per_query.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("slowest queries (median ms, matching passages):");
    for (query, median, total) in per_query.iter().take(5) {
        println!("  {median:>8.2}  {total:>8}  {query}");
    }
    cpu_all.sort_by(f64::total_cmp);
    println!(
        "CPU time of the searching thread (unaffected by other load): p50 {:.2} ms, p99 {:.2} ms",
        percentile(&cpu_all, 50.0),
        percentile(&cpu_all, 99.0)
    );
    let p99 = percentile(&all, 99.0);
    println!(
        "overall p99 {p99:.2} ms (goal ≤ {GOAL_P99_MS} ms) {}",
        verdict(p99 <= GOAL_P99_MS)
    );
    Latencies {
        by_class,
        all,
        cpu: cpu_all,
        slowest: per_query,
    }
}
