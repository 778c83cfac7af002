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
use policy_search::query::{Engine, SearchRequest};

use common::{corpus, repo};

/// The bundled samples, indexed once for the tests of this file (they only
/// read it): the folder of the index and an engine on it.
fn samples() -> &'static (PathBuf, Engine) {
    static SAMPLES: OnceLock<(tempfile::TempDir, (PathBuf, Engine))> = OnceLock::new();
    let (_, samples) = SAMPLES.get_or_init(|| {
        let tmp = tempfile::Builder::new()
            .prefix("research-samples-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("temp dir");
        let dir = tmp.path().join("index");
        let index = SearchIndex::open_or_create(&dir).expect("index");
        let report = ingest::ingest(
            &index,
            &[repo("index_data/samples")],
            &IngestOptions::default(),
            &|_| {},
        )
        .expect("ingest the samples");
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert!(report.articles_new >= 10, "{report:?}");
        (tmp, (dir, Engine::new(index).expect("engine")))
    });
    samples
}

fn samples_engine() -> &'static Engine {
    &samples().1
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
                // every match counted, not estimated
                count: true,
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

/// A facet's values and counts.
type Facet = [(String, u64)];

fn as_map(values: &Facet) -> BTreeMap<String, u64> {
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
        let facet_values: [(&str, &Facet, Vec<&str>); 3] = [
            (
                "province",
                &facets.province,
                hits.iter()
                    .flat_map(|h| h.province.iter().map(String::as_str))
                    .collect(),
            ),
            (
                "speaker",
                &facets.speaker,
                hits.iter()
                    .flat_map(|h| h.speakers.iter().map(String::as_str))
                    .collect(),
            ),
            (
                "year",
                &facets.year,
                hits.iter()
                    .filter_map(|h| h.date.as_deref().and_then(|d| d.get(..4)))
                    .collect(),
            ),
        ];
        for (name, facet, values) in facet_values {
            assert_eq!(
                as_map(facet),
                tally(values.into_iter()),
                "{phrase}: {name} facet"
            );
        }
    }
    // and one phrase whose words occur apart in some passage but never
    // together with only punctuation between them
    let (total, hits) = paged_hits(engine, "\"创新，推动\"");
    assert!(paged_hits(engine, "创新 推动").0 > 0);
    assert_eq!((total, hits.len()), (0, 0));
}

/// `policy-search <args>` on the samples index: its stdout.
fn run(args: &[&str]) -> Vec<u8> {
    common::policy_search(&samples().0)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

/// `search -n 0 --facets --json`: the counts only, one JSON object.
fn counted_total(query: &str) -> u64 {
    let lines = common::json_lines(&run(&["search", query, "-n", "0", "--facets", "--json"]));
    assert_eq!(lines.len(), 1, "counts only: {lines:?}");
    lines[0]["facets"]["total"]
        .as_u64()
        .expect("facets.total is a number")
}

/// Rows of a CSV read by Python's csv module (the reader spreadsheet-minded
/// researchers use), as JSON: the BOM must be taken as an encoding mark.
fn python_csv_rows(csv: &[u8]) -> Vec<Vec<String>> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let script = "import csv, json, sys\n\
                  text = sys.stdin.buffer.read().decode('utf-8-sig')\n\
                  rows = list(csv.reader(text.splitlines(keepends=True)))\n\
                  sys.stdout.write(json.dumps(rows, ensure_ascii=False))\n";
    let mut child = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("this test reads the CSV with python3's csv module: {e}"));
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(csv)
        .expect("write the CSV to python3");
    let output = child.wait_with_output().expect("python3 runs");
    assert!(output.status.success(), "python3 could not read the CSV");
    serde_json::from_slice(&output.stdout).expect("python3 prints the rows as JSON")
}

#[test]
fn search_all_csv_has_every_passage_and_reads_back_with_chinese_intact() {
    for query in ["新质生产力", "\"发展，推动\"", "改革 -开放"] {
        let csv = run(&["search", query, "--all", "--csv"]);
        assert!(
            csv.starts_with("\u{FEFF}".as_bytes()),
            "{query}: a UTF-8 BOM first"
        );
        let rows = python_csv_rows(&csv);
        let (header, rows) = rows.split_first().expect("a header row");
        assert_eq!(header, &policy_search::render::HIT_CSV_COLUMNS);
        let total = counted_total(query);
        assert!(total > 0, "{query}");
        assert_eq!(rows.len() as u64, total, "{query}: rows against the total");

        // the same passages, text for text, as the JSON lines export
        let json = common::json_lines(&run(&["search", query, "--all", "--json"]));
        assert_eq!(json.len(), rows.len(), "{query}");
        for (row, hit) in rows.iter().zip(&json) {
            assert_eq!(row.len(), 7, "{query}: {row:?}");
            assert_eq!(Some(row[4].as_str()), hit["passage_id"].as_str());
            let text = hit["text"].as_str().expect("text");
            // a cell a spreadsheet would take for a formula starts with '
            let cell = row[5]
                .strip_prefix('\'')
                .filter(|_| !text.starts_with('\''));
            assert_eq!(cell.unwrap_or(&row[5]), text, "{query}");
            assert!(
                row[6].contains('['),
                "{query}: the match marked in context: {}",
                row[6]
            );
        }
    }
    // a passage of the seed, with its speaker and province, Chinese intact
    let csv = run(&[
        "search",
        "\"新型工业化是发展新质生产力的一种重要途径\"",
        "--all",
        "--csv",
    ]);
    let rows = python_csv_rows(&csv);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][1], "广东");
    assert_eq!(rows[1][2], "唐冬生");
    assert!(
        rows[1][3].contains("新质生产力 跃动看中国"),
        "{:?}",
        rows[1]
    );
    assert!(
        rows[1][6].contains("[新型工业化是发展新质生产力的一种重要途径]"),
        "{:?}",
        rows[1]
    );
}

#[test]
fn limit_zero_streams_every_passage_and_with_facets_counts_only() {
    // a character nearly every passage holds: 665 of the samples' passages,
    // more than the HTTP API's cap of 100 a page (the page cap of 1,000 is
    // passed over 新闻联播 by `cargo xtask bench-export`)
    let query = "的";
    let total = counted_total(query);
    assert!(total > 100, "{query}: {total}");
    let lines = common::json_lines(&run(&["search", query, "-n", "0", "--json"]));
    assert_eq!(lines.len() as u64, total);
    let mut ids: Vec<&str> = lines
        .iter()
        .map(|hit| hit["passage_id"].as_str().expect("passage_id"))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len() as u64, total, "every passage once");
    // the paged search still refuses a page above the cap
    common::policy_search(&samples().0)
        .args(["search", query, "-n", "5000"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "limit must be between 1 and 1000",
        ));
}

#[test]
fn quotes_all_exports_every_quote() {
    let csv = run(&["quotes", "--all", "--csv"]);
    let rows = python_csv_rows(&csv);
    let json = common::json_lines(&run(&["quotes", "--all", "--json"]));
    let stats: serde_json::Value =
        serde_json::from_slice(&run(&["stats", "--json"])).expect("stats JSON");
    assert_eq!(json.len() as u64, stats["quotes"].as_u64().expect("quotes"));
    assert_eq!(rows.len(), json.len() + 1);
    assert!(rows.iter().any(|row| row[2] == "马新强"), "{rows:?}");
}

/// The one JSON value `args` print on `ws`'s index (`--json` among them).
fn json_of(ws: &common::Workspace, args: &[&str]) -> serde_json::Value {
    let output = ws
        .cmd()
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})"))
}

/// The March items (两会 season) of 新闻联播 2022–2024, a real slice small
/// enough for a debug build, indexed in a temp folder.
fn xwlb_march_index() -> common::Workspace {
    let ws = common::Workspace::new();
    let mut slice = String::new();
    for year in 2022..=2024 {
        let path = corpus(&format!("xwlb_cctv/xwlb_{year}.jsonl"));
        let text = std::fs::read_to_string(&path).expect("read the 新闻联播 file");
        let march = format!("\"date\": \"{year}-03-");
        for line in text.lines().filter(|line| line.contains(&march)) {
            slice.push_str(line);
            slice.push('\n');
        }
    }
    let file = ws.path("xwlb_march_2022_2024.jsonl");
    std::fs::write(&file, slice).expect("write the slice");
    let report = ws.ingest(&[file]);
    assert!(
        report["articles_new"].as_u64().unwrap_or(0) > 1000,
        "{report}"
    );
    ws
}

/// `search QUERY -n 0 --facets --json --from F --to T`: the total.
fn total_between(ws: &common::Workspace, query: &str, from: &str, to: &str) -> u64 {
    let output = ws
        .cmd()
        .args([
            "search", query, "-n", "0", "--facets", "--json", "--from", from, "--to", to,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines = common::json_lines(&output);
    lines[0]["facets"]["total"].as_u64().expect("facets.total")
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn trend_by_year_and_month_equals_search_counts_over_each_period() {
    let ws = xwlb_march_index();
    let trend = json_of(
        &ws,
        &["trend", "新质生产力", "共同富裕", "--by", "year", "--json"],
    );
    let periods: Vec<&str> = trend["periods"]
        .as_array()
        .expect("periods")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert_eq!(periods, ["2022", "2023", "2024"]);
    for (series, query) in trend["series"]
        .as_array()
        .expect("series")
        .iter()
        .zip(["新质生产力", "共同富裕"])
    {
        assert_eq!(series["query"], query);
        let mut sum = 0;
        for (i, year) in periods.iter().enumerate() {
            let counted = series["passages"][i].as_u64().expect("a count");
            assert_eq!(
                counted,
                total_between(&ws, query, year, year),
                "{query} in {year}"
            );
            sum += counted;
        }
        assert_eq!(
            series["total"].as_u64(),
            Some(sum),
            "{query}: every item is dated"
        );
        assert_eq!(Some(sum), Some(total_between(&ws, query, "2022", "2024")));
    }
    // 新质生产力 was coined in September 2023: no passage in March 2022 or 2023
    assert_eq!(trend["series"][0]["passages"][0], 0);
    assert_eq!(trend["series"][0]["passages"][1], 0);
    assert!(
        trend["series"][0]["passages"][2].as_u64() > Some(10),
        "{trend}"
    );

    // by month: the articles of a period are those of its exported passages
    let trend = json_of(
        &ws,
        &[
            "trend",
            "共同富裕",
            "--by",
            "month",
            "--json",
            "--from",
            "2023",
            "--to",
            "2024",
        ],
    );
    let periods = trend["periods"].as_array().expect("periods");
    assert_eq!(periods.first().and_then(|p| p.as_str()), Some("2023-03"));
    assert_eq!(periods.last().and_then(|p| p.as_str()), Some("2024-03"));
    for (i, period) in periods.iter().enumerate() {
        let period = period.as_str().expect("a period");
        let passages = trend["series"][0]["passages"][i].as_u64().expect("a count");
        assert_eq!(
            passages,
            total_between(&ws, "共同富裕", period, period),
            "{period}"
        );
        let hits = common::json_lines(
            &ws.cmd()
                .args([
                    "search",
                    "共同富裕",
                    "--all",
                    "--json",
                    "--from",
                    period,
                    "--to",
                    period,
                ])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone(),
        );
        let mut articles: Vec<&str> = hits
            .iter()
            .filter_map(|h| h["article_id"].as_str())
            .collect();
        articles.sort_unstable();
        articles.dedup();
        assert_eq!(
            trend["series"][0]["articles"][i].as_u64(),
            Some(articles.len() as u64),
            "{period}"
        );
    }
}

/// Issue 17: `remove ID ID` reported "removed 2 articles".
#[test]
fn removing_an_id_given_twice_removes_one_article() {
    let ws = common::Workspace::new();
    ws.ingest(&[repo(
        "index_data/samples/lianghui_2024_xinzhi_shengchanli.txt",
    )]);
    let id = "a780b926f4d3c4a8d";
    ws.cmd()
        .args(["remove", id, id])
        .assert()
        .success()
        .stderr(predicates::str::contains("removed 1 articles"));
    assert_eq!(ws.stats()["articles"], 0);
}

/// Issue 17: an installed binary kept its default index in the folder it
/// was built in. Run from outside the checkout, with no `index_data/` in the
/// current folder, it builds the default index under `$XDG_DATA_HOME`.
#[cfg(all(unix, not(target_os = "macos")))]
#[test]
fn an_installed_binary_keeps_its_default_index_in_the_data_folder() {
    let ws = common::Workspace::new();
    let installed = ws.folder("bin").join("policy-search");
    std::fs::copy(assert_cmd::cargo::cargo_bin("policy-search"), &installed)
        .expect("copy the binary out of the checkout");
    let data = ws.folder("xdg-data");
    let output = std::process::Command::new(&installed)
        .args(["search", "新质生产力", "-n", "1"])
        .current_dir(ws.folder("elsewhere"))
        .env_remove("POLICY_SEARCH_INDEX")
        .env("XDG_DATA_HOME", &data)
        .env("HOME", ws.folder("home"))
        .output()
        .expect("run the copied binary");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        data.join("policy-search/index/meta.json").is_file(),
        "the default index is not in $XDG_DATA_HOME/policy-search/index"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("新质生产力"));
    // without XDG_DATA_HOME: ~/.local/share
    let home = ws.folder("home2");
    let output = std::process::Command::new(&installed)
        .args(["stats", "--json"])
        .current_dir(ws.folder("elsewhere"))
        .env_remove("POLICY_SEARCH_INDEX")
        .env_remove("XDG_DATA_HOME")
        .env("HOME", &home)
        .output()
        .expect("run the copied binary");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(home
        .join(".local/share/policy-search/index/meta.json")
        .is_file());
}
