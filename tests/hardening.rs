//! Hostile input and an unlucky user (issue 22): each test reproduces one
//! defect found by trying to break policy-search, against the real binary.
//!
//! `cargo test --test hardening`.

mod common;

use std::path::Path;

use common::Workspace;
use serde_json::Value;

/// The seed article's sentence quoting a delegate, so that the article has a
/// speaker and a quote.
const QUOTED: &str = "“作为光电子行业的国家队,华工科技将自身发展融入国家战略,通过机制变革促进产品创新、技术创新,\
通过创新生态培育、人才队伍建设、创新平台打造等多方面入手,持续打造新质生产力。”全国人大代表、华工科技董事长马新强表示。";

/// Escape sequences an article could carry to a terminal: set the window
/// title (OSC 0), write the clipboard (OSC 52), clear the screen (CSI 2J),
/// a C1 CSI, and a right-to-left override.
const ATTACK: &str = "\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\u{9b}31m\u{202e}";

fn write_jsonl(path: &Path, records: &[Value]) {
    let lines: Vec<String> = records.iter().map(Value::to_string).collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write JSONL");
}

fn assert_no_raw_controls(what: &str, text: &str) {
    for c in text.chars() {
        let raw = matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        assert!(!raw, "{what}: raw {c:?} reaches the terminal in:\n{text}");
    }
}

#[test]
fn issue_22_control_characters_never_reach_the_terminal_and_json_keeps_them() {
    let ws = Workspace::new();
    let input = ws.folder("in");
    let title = format!("新质生产力{ATTACK}跃动看中国");
    let quoted = QUOTED.replacen("国家队,", &format!("国家队,{ATTACK}"), 1);
    let body = format!("【湖北】\n世界光谷攀“高”向“新”{ATTACK}\n{quoted}");
    write_jsonl(
        &input.join("hostile.jsonl"),
        &[serde_json::json!({
            "id": format!("seed{ATTACK}"),
            "title": title,
            "date": "2024-03-05",
            "source": format!("极目新闻{ATTACK}"),
            "body": body,
        })],
    );
    ws.ingest(&[&input]);

    let runs: [&[&str]; 5] = [
        &["search", "新质生产力", "--facets", "--explain"],
        &["quotes", "新质生产力"],
        &["quotes"],
        &["speakers"],
        &["stats"],
    ];
    for args in runs {
        let output = ws.cmd().args(args).assert().success().get_output().clone();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains("\\u{1b}]52;") || args[0] == "speakers" || args[0] == "stats",
            "{args:?}: the escape is shown as text:\n{stdout}"
        );
        assert_no_raw_controls(&format!("{args:?}"), &stdout);
        assert_no_raw_controls(
            &format!("{args:?} stderr"),
            &String::from_utf8_lossy(&output.stderr),
        );
    }

    // JSON keeps the data as it is
    let hits = common::search_lines(ws.cmd(), &["新质生产力"]);
    assert_eq!(hits[0]["title"], title.as_str());
    assert_eq!(hits[0]["article_id"], format!("seed{ATTACK}").as_str());
    assert!(
        hits[0]["text"].as_str().is_some_and(|t| t.contains(ATTACK)),
        "{hits:?}"
    );
}
