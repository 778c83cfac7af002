//! The heading paths of laws and reports (issue 23), checked on the corpus:
//! every law's passages after its 第一条 lie under a 条, the 条 of a random
//! draw of passages is the nearest 第X条 above them in the text, and every
//! passage of a national government work report after its first numbered part
//! lies under that part, and nearly every passage of a provincial report lies
//! under a part, numbered or titled without a number.
//!
//! The checks read the text with their own line scanning, not with `split`'s
//! recognisers, so a wrong path cannot agree with itself. The last tests run
//! the binary: the 个人信息 hit of the issue shows 第三十九条 and its item in
//! the terminal and in JSON, and a report hit shows its part.

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use serde_json::Value;

mod common;
use common::{corpus, search_lines, Workspace};

use policy_search::decode::decode_file;
use policy_search::model::{Article, Span, SpanKind};
use policy_search::split::split;

fn articles(path: &Path) -> Vec<Article> {
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let decoded = decode_file(path, &bytes);
    assert!(
        decoded.problems.is_empty(),
        "{}: {:?}",
        path.display(),
        decoded.problems
    );
    decoded.articles
}

/// `laws_national.jsonl` and every `laws_local_*.jsonl`.
fn law_files() -> Vec<PathBuf> {
    let folder = corpus("laws_regulations_lawrefbook");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name == "laws_national.jsonl"
                || (name.starts_with("laws_local_") && name.ends_with(".jsonl"))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 8, "laws_national and 7 local files expected");
    files
}

const NUMERALS: &str = "一二三四五六七八九十百千零〇两0123456789０１２３４５６７８９";

/// `第三十九条 …` at the start of a line → `第三十九条` (also `第十七条之一`):
/// the 条 number followed by a space, as the texts write an article's start.
fn article_number(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('第')?;
    let digits = rest.len() - rest.trim_start_matches(|c| NUMERALS.contains(c)).len();
    if digits == 0 {
        return None;
    }
    let mut after = rest[digits..].strip_prefix('条')?;
    if let Some(sub) = after.strip_prefix('之') {
        let n = sub.len() - sub.trim_start_matches(|c| NUMERALS.contains(c)).len();
        if n > 0 {
            after = &sub[n..];
        }
    }
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(&line[..line.len() - after.len()])
}

/// The nearest 第X条 at the start of a line at or before byte `at`.
fn nearest_article(body: &str, at: usize) -> Option<&str> {
    let mut found = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if offset > at {
            break;
        }
        if let Some(number) = article_number(line.trim()) {
            found = Some(number);
        }
        offset += line.len();
    }
    found
}

/// Byte offset of the first line opening with 第一条.
fn first_article(body: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        if article_number(line.trim()) == Some("第一条") {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

fn ends_in_article(span: &Span) -> bool {
    span.path
        .last()
        .and_then(|label| article_number(label))
        .is_some()
}

fn passages(spans: &[Span]) -> impl Iterator<Item = &Span> {
    spans.iter().filter(|s| s.kind == SpanKind::Passage)
}

fn shown(text: &str) -> String {
    text.chars().take(60).collect::<String>().replace('\n', "⏎")
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn laws_passages_after_the_first_article_lie_under_an_article() {
    let mut total = 0usize;
    let mut under = 0usize;
    let mut exceptions = Vec::new();
    for file in law_files() {
        let (mut file_total, mut file_under) = (0usize, 0usize);
        for article in articles(&file) {
            let Some(first) = first_article(&article.body) else {
                continue;
            };
            let spans = split(&article.body);
            for span in passages(&spans).filter(|s| s.range.start >= first) {
                file_total += 1;
                if ends_in_article(span) {
                    file_under += 1;
                } else {
                    exceptions.push(format!(
                        "{} 《{}》 {:?}: {}",
                        file.file_name().unwrap_or_default().to_string_lossy(),
                        article.title,
                        span.path,
                        shown(&article.body[span.range.clone()])
                    ));
                }
            }
        }
        println!(
            "{}: {file_under} of {file_total} passages after 第一条 under a 条",
            file.display()
        );
        total += file_total;
        under += file_under;
    }
    let share = under as f64 / total.max(1) as f64;
    println!(
        "all law files: {under} of {total} ({:.2} %) under a 条; {} exceptions:",
        share * 100.0,
        exceptions.len()
    );
    for exception in exceptions.iter().take(60) {
        println!("  {exception}");
    }
    assert!(total > 100_000, "only {total} passages after 第一条");
    assert!(share >= 0.98, "{:.2} % under a 条", share * 100.0);
}

/// xorshift64*: a reproducible draw from a printed seed.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n as u64) as usize
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_drawn_passage_lies_under_the_nearest_article_above_it() {
    let seed = common::seed("STRUCTURE_SEED");
    // every law, and each passage under a 条 as (law, start, path)
    let mut laws: Vec<Article> = Vec::new();
    let mut candidates: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for file in law_files() {
        for article in articles(&file) {
            for span in passages(&split(&article.body)).filter(|s| ends_in_article(s)) {
                candidates.push((laws.len(), span.range.start, span.path.clone()));
            }
            laws.push(article);
        }
    }
    assert!(
        candidates.len() > 100_000,
        "{} candidates",
        candidates.len()
    );
    let mut draw = Draw(seed);
    for _ in 0..50 {
        let (law, start, path) = &candidates[draw.below(candidates.len())];
        let (title, body) = (&laws[*law].title, &laws[*law].body);
        let nearest = nearest_article(body, *start);
        println!(
            "《{title}》 {path:?} · nearest above: {nearest:?} · {}",
            shown(&body[*start..])
        );
        assert_eq!(
            path.last().map(String::as_str),
            nearest,
            "《{title}》 at byte {start}: {}",
            shown(&body[*start..])
        );
    }
}

/// A top-level part of a report: 一、 … at the start of a line.
fn part_line(line: &str) -> bool {
    let numeral_end = line.len()
        - line
            .trim_start_matches(|c| "一二三四五六七八九十".contains(c))
            .len();
    numeral_end > 0 && line[numeral_end..].starts_with('、')
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn report_passages_after_the_first_part_lie_under_their_part() {
    let folder = corpus("gov_work_reports_national/txt");
    let mut checked = 0usize;
    for year in 2014..=2025 {
        let path = folder.join(format!("{year}_政府工作报告.txt"));
        if !path.exists() {
            println!("{year}: no report in the corpus");
            continue;
        }
        let articles = articles(&path);
        let [report] = articles.as_slice() else {
            panic!("{}: one article expected", path.display());
        };
        let body = &report.body;
        // the part lines and their offsets, read line by line
        let mut parts: Vec<(usize, &str)> = Vec::new();
        let mut offset = 0;
        for line in body.split_inclusive('\n') {
            let trimmed = line.trim();
            if part_line(trimmed) {
                parts.push((offset + line.find(trimmed).unwrap_or(0), trimmed));
            }
            offset += line.len();
        }
        let Some(&(first_part, _)) = parts.first() else {
            panic!("{year}: no numbered part");
        };
        let spans = split(body);
        let mut year_checked = 0;
        for span in passages(&spans).filter(|s| s.range.start >= first_part) {
            let (_, part) = parts
                .iter()
                .rev()
                .find(|(at, _)| *at <= span.range.start)
                .copied()
                .unwrap_or_default();
            let head = span.path.first().map(String::as_str).unwrap_or("");
            assert!(
                !head.is_empty() && part.starts_with(head.trim_end_matches('…')),
                "{year}: passage {} has path {:?}, lies under {part}",
                shown(&body[span.range.clone()]),
                span.path
            );
            year_checked += 1;
        }
        println!(
            "{year}: {} parts, {year_checked} passages under their part",
            parts.len()
        );
        checked += year_checked;
    }
    assert!(checked > 1000, "only {checked} passages checked");
}

/// `laws_local_beijing.jsonl` indexed by one process, searched by others.
#[test]
#[ignore = "needs ../shared/corpus"]
fn issue_23_the_personal_information_hit_cites_article_39_item_3() {
    let laws = corpus("laws_regulations_lawrefbook/laws_local_beijing.jsonl");
    let ws = Workspace::new();
    ws.ingest(&[&laws]);
    // the path is what is checked here, not the rank (23rd of 100 now that
    // a word's repetitions no longer raise a passage)
    let hits = search_lines(ws.cmd(), &["个人信息", "--limit", "50"]);
    let hit = hits
        .iter()
        .find(|h| h["title"] == "北京市自动驾驶汽车条例")
        .unwrap_or_else(|| panic!("no hit in 北京市自动驾驶汽车条例 among {hits:#?}"));
    assert_eq!(
        hit["path"],
        serde_json::json!(["第五章 安全保障", "第三十九条", "（三）"])
    );
    let text = hit["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("第三十九条 ") && text.contains("（三）处理个人信息"),
        "the 条 is one passage with its items: {text}"
    );
    ws.cmd()
        .env("NO_COLOR", "1")
        .args(["search", "个人信息", "--limit", "50"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "北京市自动驾驶汽车条例  2024-12-31 · 北京\n     第五章 安全保障 › 第三十九条 › （三）\n",
        ));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn a_report_hit_lies_under_its_part() {
    let report = corpus("gov_work_reports_national/txt/2024_政府工作报告.txt");
    let ws = Workspace::new();
    ws.ingest(&[&report]);
    let hits: Vec<Value> = search_lines(ws.cmd(), &["新质生产力", "--limit", "20"]);
    assert!(!hits.is_empty());
    let paths: Vec<Vec<&str>> = hits
        .iter()
        .map(|h| {
            h["path"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        })
        .collect();
    assert!(
        paths.contains(&vec![
            "三、2024年政府工作任务",
            "（一）大力推进现代化产业体系建设，加快发展新质生产力。"
        ]),
        "{paths:#?}"
    );
}

/// Nothing a reader sees: whitespace and the zero-width characters a line of
/// its own may hold.
fn invisible(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
    })
}

/// Every file of the corpus policy-search reads (every folder, every
/// format and encoding): each article's spans lie in order, on character
/// boundaries, with nothing visible between them, and annotating it
/// (split, provinces, quotes, keys) does not panic. Long speeches and
/// reports reach the passage cut in every way real text can.
#[test]
#[ignore = "needs ../shared/corpus"]
fn every_text_of_the_corpus_splits_losslessly_and_annotates() {
    use rayon::prelude::*;
    let root = corpus("");
    let files: Vec<_> = policy_search::source::walk(std::slice::from_ref(&root))
        .filter_map(Result::ok)
        .collect();
    assert!(
        files.len() > 200,
        "{} files under {}",
        files.len(),
        root.display()
    );
    let articles: usize = files
        .par_iter()
        .map(|file| {
            let bytes = policy_search::source::read(file).unwrap_or_else(|e| panic!("{e}"));
            let decoded = decode_file(&file.path, &bytes);
            for article in &decoded.articles {
                let body = &article.body;
                let mut last = 0;
                for span in split(body) {
                    let at = format!("{} article {}", file.path.display(), article.id);
                    assert!(span.range.start >= last, "{at}: spans out of order");
                    assert!(
                        body.is_char_boundary(span.range.start)
                            && body.is_char_boundary(span.range.end),
                        "{at}: a span off a character boundary"
                    );
                    assert!(
                        invisible(&body[last..span.range.start]),
                        "{at}: {:?} lost before {:?}",
                        shown(&body[last..span.range.start]),
                        shown(&body[span.range.clone()])
                    );
                    last = span.range.end;
                }
                assert!(
                    invisible(&body[last..]),
                    "{}: text lost at the end",
                    article.id
                );
                let annotated = policy_search::annotate::annotate(article);
                assert_eq!(annotated.passages.len(), annotated.dup_keys.len());
            }
            decoded.articles.len()
        })
        .sum();
    println!(
        "{} files, {articles} articles split and annotated",
        files.len()
    );
    assert!(articles > 70_000, "{articles} articles");
}

/// The share of a provincial report's passages, from its opening address
/// (`各位代表：`) to its closing one (the last `各位代表！`), that lie under a
/// part: numbered (`一、`, `（一）`) or titled without a number
/// (`2026年重点工作`). Only the few lines before the first part have none.
#[test]
#[ignore = "needs ../shared/corpus"]
fn provincial_report_passages_lie_under_their_parts() {
    let folder = corpus("gov_work_reports_provincial_2026/txt");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "{} reports", files.len());
    let mut low = Vec::new();
    let mut checked = 0;
    for path in &files {
        let articles = articles(path);
        let [report] = articles.as_slice() else {
            panic!("{}: one article expected", path.display());
        };
        let body = &report.body;
        let (Some(opening), Some(closing)) = (body.find("各位代表："), body.rfind("各位代表！"))
        else {
            println!("{}: no opening or closing address", path.display());
            continue;
        };
        let spans = split(body);
        let inside: Vec<&Span> = passages(&spans)
            .filter(|s| s.range.start > opening && s.range.start < closing)
            .collect();
        let under = inside.iter().filter(|s| !s.path.is_empty()).count();
        let share = under as f64 / inside.len().max(1) as f64;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        println!(
            "{}: {under} of {} passages under a part ({share:.2})",
            name.as_deref().unwrap_or("?"),
            inside.len()
        );
        if share < 0.9 {
            low.push((name, share));
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} reports have both addresses");
    assert!(
        low.is_empty(),
        "reports with passages outside their parts: {low:?}"
    );
}
