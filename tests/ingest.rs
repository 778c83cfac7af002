//! End-to-end tests of batch indexing (issue 4): idempotence, replacement of
//! changed articles, pruning and removal, bad input, the writer lock, recovery
//! after a killed ingest, and searching while an ingest runs.
//!
//! Each test copies its input into a fresh temp folder and builds its own
//! index there; the binary runs with a scrubbed environment and an explicit
//! `--index`. Input is real text: excerpts of the 2024 and 2025 政府工作报告 and
//! of three 2026 provincial reports (`tests/fixtures/ingest/reports/`), bad
//! files in `tests/fixtures/ingest/bad/`, and for the long runs thousands of
//! small articles built at test time from sentences of the bundled
//! government work reports.
//!
//! One concern at over 600 lines: the batch-indexing command end to end;
//! its tests share their fixtures and helpers.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{repo, Workspace};

const REPORT_2024: &str = "2024_政府工作报告_摘录.txt";
const REPORT_2025: &str = "2025_政府工作报告_摘录.txt";
const PROVINCIAL: &str = "provincial_2026.jsonl";
/// In the 浙江 line of `provincial_2026.jsonl` and nowhere else.
const ZHEJIANG_PHRASE: &str = "\"请予审议，并请省政协委员和其他列席同志提出意见\"";

fn fixtures(name: &str) -> PathBuf {
    repo("tests/fixtures/ingest").join(name)
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

impl Workspace {
    /// A copy of a fixture folder in the workspace.
    fn copy_fixtures(&self, name: &str) -> PathBuf {
        let dir = self.path(name);
        copy_folder(&fixtures(name), &dir);
        dir
    }

    /// The same command for `std::process` (to run in the background).
    fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_policy-search"));
        cmd.env_remove("POLICY_SEARCH_INDEX")
            .env_remove("NO_COLOR")
            .env_remove("RUST_BACKTRACE")
            .env_remove("RUST_LOG")
            .current_dir(self.tmp.path())
            .arg("--index")
            .arg(self.index());
        cmd
    }

    /// Every passage matching `query`, reprints not collapsed.
    fn hits(&self, query: &str) -> Vec<Value> {
        let output = self
            .cmd()
            .args([
                "search",
                query,
                "--json",
                "--limit",
                "1000",
                "--no-collapse",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(output)
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str(line).expect("JSON line"))
            .collect()
    }
}

/// The report's counters, in a fixed order, for compact assertions.
fn counts(report: &Value) -> [u64; 4] {
    [
        "articles_new",
        "articles_updated",
        "articles_unchanged",
        "articles_removed",
    ]
    .map(|key| {
        report[key]
            .as_u64()
            .unwrap_or_else(|| panic!("{key} in {report}"))
    })
}

fn article_ids(hits: &[Value]) -> Vec<&str> {
    hits.iter()
        .map(|h| h["article_id"].as_str().unwrap())
        .collect()
}

// ------------------------------------------------------------------ 1

#[test]
fn ingesting_the_same_folder_twice_changes_nothing() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");

    let first = ws.ingest(&[&input]);
    // two .txt articles and three JSONL lines
    assert_eq!(counts(&first), [5, 0, 0, 0], "{first}");
    assert_eq!(first["problems"], serde_json::json!([]), "{first}");
    let passages = first["passages"].as_u64().unwrap();
    assert!(passages >= 15, "{first}");
    let stats = ws.stats();
    assert_eq!(stats["articles"], 5, "{stats}");
    assert_eq!(stats["passages"], passages, "{stats}");

    let second = ws.ingest(&[&input]);
    assert_eq!(counts(&second), [0, 0, 5, 0], "{second}");
    assert_eq!(second["passages"], 0, "{second}");
    assert_eq!(second["quotes"], 0, "{second}");
    assert_eq!(second["problems"], serde_json::json!([]), "{second}");
    assert_eq!(ws.stats(), stats);

    // naming the files one by one is the same input
    let third = ws.ingest(&[
        &input.join(PROVINCIAL),
        &input.join(REPORT_2024),
        &input.join(REPORT_2025),
    ]);
    assert_eq!(counts(&third), [0, 0, 5, 0], "{third}");
    assert_eq!(ws.stats(), stats);
    assert_eq!(ws.hits("\"国内生产总值超过126万亿元\"").len(), 1);
}

/// Every commit records the fingerprint of the rules that annotated the
/// index; an index annotated by another build is named in a warning, since
/// its articles are annotated again as they are read.
#[test]
fn an_index_annotated_by_other_rules_is_named_at_ingest() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    ws.ingest(&[&input]);
    let meta_path = ws.index().join("meta.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&meta_path).unwrap()).unwrap();
    let mut payload: Value =
        serde_json::from_str(meta["payload"].as_str().expect("a payload")).unwrap();
    let rules = payload["rules"]
        .as_str()
        .expect("the rules recorded")
        .to_string();
    assert_eq!(rules.len(), 16, "{payload}");
    // the same build: no warning
    ws.cmd()
        .args(["ingest", input.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("other rules").not());
    payload["rules"] = Value::from("0000000000000000");
    meta["payload"] = Value::from(payload.to_string());
    std::fs::write(&meta_path, meta.to_string()).unwrap();
    ws.cmd()
        .args(["ingest", input.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "annotated with other rules (0000000000000000, now {rules})"
        )));
}

// ------------------------------------------------------------------ 2

#[test]
fn changed_txt_and_jsonl_line_replace_their_old_passages() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    ws.ingest(&[&input]);
    assert_eq!(article_ids(&ws.hits(ZHEJIANG_PHRASE)), ["pgwr-2026-浙江省"]);
    let old_2024 = ws.hits("\"国内生产总值超过126万亿元\"");
    assert_eq!(old_2024.len(), 1);
    let old_2024_id = old_2024[0]["article_id"].as_str().unwrap().to_string();

    // a .txt article gains a paragraph: its content id changes
    let txt = input.join(REPORT_2024);
    let mut text = std::fs::read_to_string(&txt).unwrap();
    text.push_str("各位代表！新时代新征程充满光荣和梦想。让我们更加紧密地团结在以习近平同志为核心的党中央周围，砥砺前行、实干笃行，为以中国式现代化全面推进强国建设、民族复兴伟业而不懈奋斗！\n");
    std::fs::write(&txt, text).unwrap();
    // a JSONL line keeps its id and gets a new body
    let jsonl = input.join(PROVINCIAL);
    let lines: Vec<String> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|line| {
            let mut record: Value = serde_json::from_str(line).unwrap();
            if record["id"] == "pgwr-2026-浙江省" {
                record["body"] = Value::from(
                    "今年是“十五五”开局之年。做好今年政府工作，要坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，加快构建新发展格局，着力推动高质量发展。\n坚持创新深化改革攻坚开放提升，大力实施“315”科技创新体系建设工程，加快建设高水平创新型省份。",
                );
            }
            record.to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();

    let report = ws.ingest(&[&input]);
    // new 2024 version, updated 浙江, unchanged 2025 + 湖北 + 四川, old 2024 version removed
    assert_eq!(counts(&report), [1, 1, 3, 1], "{report}");

    assert!(
        ws.hits(ZHEJIANG_PHRASE).is_empty(),
        "old 浙江 body still found"
    );
    assert_eq!(
        article_ids(&ws.hits("\"315\"")),
        ["pgwr-2026-浙江省"],
        "new 浙江 body not found once"
    );
    let new_2024 = ws.hits("\"砥砺前行、实干笃行\"");
    assert_eq!(new_2024.len(), 1);
    // an unchanged paragraph of the changed .txt: once, in the new version only
    let kept = ws.hits("\"国内生产总值超过126万亿元\"");
    assert_eq!(kept.len(), 1, "{kept:#?}");
    assert_eq!(kept[0]["article_id"], new_2024[0]["article_id"]);
    assert_ne!(kept[0]["article_id"], old_2024_id.as_str());

    // no duplicates: the same counts as a clean index of the changed folder
    let clean = Workspace::new();
    clean.ingest(&[&input]);
    assert_eq!(ws.stats(), clean.stats());
    assert_eq!(ws.stats()["articles"], 5);
}

// ------------------------------------------------------------------ 3

#[test]
fn prune_drops_the_articles_of_deleted_files() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    ws.ingest(&[&input]);
    let phrase = "\"稳\"的态势巩固延续";
    assert_eq!(ws.hits(phrase).len(), 1);
    let passages_before = ws.stats()["passages"].as_u64().unwrap();

    std::fs::remove_file(input.join(REPORT_2025)).unwrap();
    // without --prune the article of a vanished file stays
    let kept = ws.ingest(&[&input]);
    assert_eq!(counts(&kept), [0, 0, 4, 0], "{kept}");
    assert_eq!(ws.hits(phrase).len(), 1);

    let pruned = ws.ingest(&[&input, &PathBuf::from("--prune")]);
    assert_eq!(counts(&pruned), [0, 0, 4, 1], "{pruned}");
    assert!(ws.hits(phrase).is_empty());
    let stats = ws.stats();
    assert_eq!(stats["articles"], 4, "{stats}");
    assert!(stats["passages"].as_u64().unwrap() < passages_before);

    // the same as a clean index of what is left
    let clean = Workspace::new();
    clean.ingest(&[&input]);
    assert_eq!(stats, clean.stats());
}

#[test]
fn remove_deletes_one_article_by_id() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    ws.ingest(&[&input]);
    let hubei = ws.hits("湖北");
    assert!(article_ids(&hubei).contains(&"pgwr-2026-湖北省"));

    ws.cmd()
        .args(["remove", "pgwr-2026-湖北省"])
        .assert()
        .success()
        .stderr(predicate::str::contains("removed 1 articles"));
    assert!(!article_ids(&ws.hits("湖北")).contains(&"pgwr-2026-湖北省"));
    assert_eq!(ws.stats()["articles"], 4);
    // the other JSONL lines of the same file stay
    assert_eq!(article_ids(&ws.hits(ZHEJIANG_PHRASE)), ["pgwr-2026-浙江省"]);

    // an unknown id is an error naming it; nothing else is touched
    ws.cmd()
        .args(["remove", "pgwr-2026-湖北省"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no article with id pgwr-2026-湖北省",
        ));
    assert_eq!(ws.stats()["articles"], 4);

    // a new ingest of the unchanged file brings it back
    let report = ws.ingest(&[&input]);
    assert_eq!(counts(&report), [1, 0, 4, 0], "{report}");
}

// ------------------------------------------------------------------ 4

/// A JSONL file: one good line, then one line of 50 MB — a record whose body
/// string never ends.
fn write_huge_jsonl(path: &Path) {
    use std::io::Write;
    let file = std::fs::File::create(path).unwrap();
    let mut out = std::io::BufWriter::new(file);
    writeln!(
        out,
        r#"{{"id":"huge-1","title":"政府工作报告（摘录五）","date":"2024-03-05","body":"坚定不移推进中国式现代化，坚持高质量发展这个新时代的硬道理。"}}"#
    )
    .unwrap();
    write!(out, r#"{{"id":"huge-2","title":"超长的一行","body":""#).unwrap();
    let sentence = "大力推进现代化产业体系建设，加快发展新质生产力。".as_bytes();
    let mut written = 0;
    while written < 50_000_000 {
        out.write_all(sentence).unwrap();
        written += sentence.len();
    }
    out.flush().unwrap();
}

#[test]
fn every_kind_of_bad_input_is_reported_and_the_rest_indexed() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("bad");
    write_huge_jsonl(&input.join("huge.jsonl"));
    // a symlink loop: bad/loop/up → bad
    std::fs::create_dir(input.join("loop")).unwrap();
    std::os::unix::fs::symlink(&input, input.join("loop").join("up")).unwrap();
    // an unreadable file
    let locked = input.join("locked.txt");
    std::fs::write(
        &locked,
        "政府工作报告\n各位代表：现在，我代表国务院，向大会报告政府工作。\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root (as in CI containers) reads it anyway: then it is simply a good file
    let locked_is_readable = std::fs::read(&locked).is_ok();

    let assert = ws
        .cmd()
        .args(["ingest", "--json"])
        .arg(&input)
        .assert()
        .code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON summary");

    let path = |name: &str| input.join(name).display().to_string();
    let mut expected = vec![
        format!("{}: binary file", path("binary.txt")),
        format!("{}: undecodable bytes", path("undecodable.txt")),
        format!("{}: empty file", path("empty.txt")),
        format!(
            "{}:2: invalid JSON: EOF while parsing",
            path("malformed.jsonl")
        ),
        format!(
            "{}:3: bad record: missing field `body`",
            path("malformed.jsonl")
        ),
        format!("{}:2: invalid JSON: EOF while parsing", path("huge.jsonl")),
        format!("{}: symlink loop", path("loop/up")),
        format!("{}: unsupported file type (.xyz)", path("notes.xyz")),
    ];
    if !locked_is_readable {
        expected.push(format!("{}: Permission denied", path("locked.txt")));
    }
    for line in &expected {
        assert!(stderr.contains(line.as_str()), "{line:?} not in:\n{stderr}");
    }
    // the JSON summary has the same problems, with path and line
    let problems = report["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), expected.len(), "{report:#}");
    assert!(problems
        .iter()
        .any(|p| p["path"] == path("malformed.jsonl") && p["line"] == 2));
    assert!(problems
        .iter()
        .any(|p| p["path"] == path("huge.jsonl") && p["line"] == 2));
    assert!(problems
        .iter()
        .all(|p| p["reason"].as_str().is_some_and(|r| !r.is_empty())));

    // the rest is indexed: good.txt, lines 1 and 4 of malformed.jsonl, line 1 of huge.jsonl
    let good = 4 + usize::from(locked_is_readable);
    assert_eq!(report["articles_new"], good, "{report:#}");
    assert_eq!(ws.stats()["articles"], good);
    assert_eq!(article_ids(&ws.hits("科教兴国")), ["bad-jsonl-4"]);
    assert_eq!(article_ids(&ws.hits("稳中求进")), ["bad-jsonl-1"]);
    assert_eq!(article_ids(&ws.hits("硬道理")), ["huge-1"]);
    assert_eq!(ws.hits("\"第十四届全国人民代表大会第二次会议\"").len(), 1);
    // nothing of the bad files or lines
    assert!(ws.hits("\"大力推进现代化产业体系建设\"").is_empty());
}

// ------------------------------------------------------------------ 5

#[test]
fn a_second_ingest_fails_at_once_while_the_index_is_locked() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    let index = policy_search::index::SearchIndex::open_or_create(&ws.index()).unwrap();
    let writer = index.writer(1, 50_000_000).unwrap();

    // returns while the writer is held (a wait would hit the command's timeout)
    ws.cmd()
        .arg("ingest")
        .arg(&input)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("index is locked"))
        .stderr(predicate::str::contains("panicked").not());
    ws.cmd()
        .args(["remove", "pgwr-2026-湖北省"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("index is locked"));

    drop(writer);
    let report = ws.ingest(&[&input]);
    assert_eq!(counts(&report), [5, 0, 0, 0], "{report}");
}

/// An index folder written by another layout (an older policy-search) is
/// never half-used: ingest and search both say what to do, nothing panics,
/// and the folder is left as it was.
#[test]
fn an_index_of_an_older_layout_is_a_clear_error() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    let dir = ws.index();
    std::fs::create_dir_all(&dir).unwrap();
    let mut builder = tantivy::schema::Schema::builder();
    builder.add_text_field("chars", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(&dir, builder.build()).unwrap();
    let meta = std::fs::read(dir.join("meta.json")).unwrap();

    for args in [
        vec!["ingest", input.to_str().unwrap()],
        vec!["search", "粮"],
    ] {
        ws.cmd()
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("built by an older policy-search"))
            .stderr(predicate::str::contains("panicked").not());
    }
    assert_eq!(std::fs::read(dir.join("meta.json")).unwrap(), meta);
}

/// A damaged recall component (truncated, or its term table overwritten)
/// makes searches fail with a message, never a panic.
#[test]
fn a_damaged_recall_file_is_an_error_not_a_panic() {
    let ws = Workspace::new();
    let input = ws.copy_fixtures("reports");
    ws.ingest(&[&input]);
    let files: Vec<PathBuf> = std::fs::read_dir(ws.index())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rcl"))
        .collect();
    assert!(!files.is_empty());
    let original = std::fs::read(&files[0]).unwrap();
    let mut scrambled = original.clone();
    let len = scrambled.len();
    // the term table sits just before the 20-byte footer
    for byte in &mut scrambled[len.saturating_sub(60)..len - 20] {
        *byte = 0xFF;
    }
    for damaged in [original[..original.len() / 2].to_vec(), scrambled] {
        std::fs::write(&files[0], &damaged).unwrap();
        ws.cmd()
            .args(["search", "粮"])
            .assert()
            .code(1)
            .stderr(predicate::str::contains("damaged index"))
            .stderr(predicate::str::contains(".rcl"))
            .stderr(predicate::str::contains("panicked").not());
    }
}

// ------------------------------------------------------------------ 6, 7

/// Writes `count` one-paragraph JSONL articles built from real sentences of
/// the bundled government work reports: each is exactly one passage.
fn write_many_articles(path: &Path, count: usize) {
    let samples = repo("index_data/samples/gov_work_reports_national_2024_2025.jsonl");
    let mut sentences: Vec<String> = Vec::new();
    for line in std::fs::read_to_string(samples).unwrap().lines() {
        let record: Value = serde_json::from_str(line).unwrap();
        for paragraph in record["body"].as_str().unwrap().lines() {
            for sentence in paragraph.split_inclusive('。') {
                let sentence = sentence.trim();
                let chars = sentence.chars().count();
                if sentence.ends_with('。') && (20..=120).contains(&chars) {
                    sentences.push(sentence.to_string());
                }
            }
        }
    }
    assert!(sentences.len() > 200, "{} sentences", sentences.len());
    let n = sentences.len();
    let mut out = String::new();
    for i in 0..count {
        let record = serde_json::json!({
            "id": format!("many-{i:05}"),
            "title": format!("政府工作报告摘句（第{}则）", i + 1),
            "date": "2025-03-05",
            "body": format!("{}{}", sentences[i % n], sentences[(i * 7 + 3) % n]),
        });
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

const MANY: usize = 2000;

/// A workspace whose index already holds the fixture reports (committed), and
/// a folder of [`MANY`] more articles not yet ingested.
fn committed_index_and_many_articles() -> (Workspace, PathBuf, Value) {
    let ws = Workspace::new();
    let reports = ws.copy_fixtures("reports");
    ws.ingest(&[&reports]);
    let stats = ws.stats();
    let many = ws.path("many");
    std::fs::create_dir(&many).unwrap();
    write_many_articles(&many.join("sentences.jsonl"), MANY);
    (ws, many, stats)
}

#[test]
fn a_killed_ingest_leaves_a_usable_index_and_a_rerun_has_no_duplicates() {
    let (ws, many, before) = committed_index_and_many_articles();
    let mut child = ws
        .std_cmd()
        .arg("ingest")
        .arg(&many)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it soon. Wherever the kill lands — before, during or after the
    // commit, or after the process finished — everything below must hold.
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();

    // the index opens and answers: the committed articles are all there
    let stats = ws.stats();
    let articles = stats["articles"].as_u64().unwrap();
    assert!(
        articles == 5 || articles == 5 + MANY as u64,
        "a partial commit: {stats}"
    );
    assert_eq!(article_ids(&ws.hits(ZHEJIANG_PHRASE)), ["pgwr-2026-浙江省"]);
    // the committed report answers; when the kill came after the batch's
    // commit, its articles (sentences of the same reports) answer too
    let hits = ws.hits("\"国内生产总值超过126万亿元\"");
    let committed: Vec<&str> = article_ids(&hits)
        .into_iter()
        .filter(|id| !id.starts_with("many-"))
        .collect();
    assert_eq!(committed.len(), 1, "{committed:?}");

    // re-running completes, and the index is what one clean run makes
    let report = ws.ingest(&[&many]);
    assert_eq!(
        report["articles_new"].as_u64().unwrap() + report["articles_unchanged"].as_u64().unwrap(),
        MANY as u64,
        "{report}"
    );
    assert_eq!(report["articles_updated"], 0, "{report}");
    assert_eq!(report["articles_removed"], 0, "{report}");
    let after = ws.stats();
    assert_eq!(after["articles"], 5 + MANY as u64, "{after}");
    // every generated article is one passage
    assert_eq!(
        after["passages"].as_u64().unwrap(),
        before["passages"].as_u64().unwrap() + MANY as u64,
        "{after} vs {before}"
    );
    assert_eq!(article_ids(&ws.hits(ZHEJIANG_PHRASE)), ["pgwr-2026-浙江省"]);
    let third = ws.ingest(&[&many]);
    assert_eq!(counts(&third), [0, 0, MANY as u64, 0], "{third}");
}

#[test]
fn search_answers_while_an_ingest_runs() {
    let (ws, many, before) = committed_index_and_many_articles();
    let child = ws
        .std_cmd()
        .args(["ingest", "--json"])
        .arg(&many)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // whether the ingest is still running when these run or not, they must
    // answer from the last commit
    for _ in 0..3 {
        assert_eq!(article_ids(&ws.hits(ZHEJIANG_PHRASE)), ["pgwr-2026-浙江省"]);
        let stats = ws.stats();
        let articles = stats["articles"].as_u64().unwrap();
        assert!(articles == 5 || articles == 5 + MANY as u64, "{stats}");
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{:?}", output.status);
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(counts(&report), [MANY as u64, 0, 0, 0], "{report}");
    let after = ws.stats();
    assert_eq!(after["articles"], 5 + MANY as u64);
    assert_eq!(
        after["passages"].as_u64().unwrap(),
        before["passages"].as_u64().unwrap() + MANY as u64
    );
}

#[test]
fn an_article_reads_back_exactly_as_decoded() {
    // an article document stores only the text between its passages; the
    // article view puts the passages back
    use policy_search::ingest::{ingest, IngestOptions};
    use policy_search::query::Engine;

    let dir = tempfile::tempdir().unwrap();
    let samples = repo("index_data/samples");
    let index =
        policy_search::index::SearchIndex::open_or_create(&dir.path().join("index")).unwrap();
    let options = IngestOptions {
        jobs: 2,
        ..IngestOptions::default()
    };
    let report = ingest(&index, std::slice::from_ref(&samples), &options, &|_| {}).unwrap();
    assert!(report.articles_new >= 3, "{report:?}");
    let engine = Engine::new(index).unwrap();
    let mut checked = 0;
    for file in policy_search::source::walk(&[samples]).flatten() {
        let bytes = policy_search::source::read(&file).unwrap();
        let decoded = policy_search::decode::decode(&file.path, file.format, &bytes);
        for article in decoded.articles {
            let view = engine.article(&article.id).unwrap();
            assert_eq!(view.body, article.body, "{}", article.id);
            assert!(!view.passages.is_empty(), "{}", article.id);
            checked += 1;
        }
    }
    assert_eq!(checked, report.articles_new);
}
