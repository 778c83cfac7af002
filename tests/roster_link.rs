//! Speakers linked to the 14th NPC roster, end to end: `quotes --json` and
//! `speakers --json` carry the deputy's roster facts, a deputy the article
//! names without role or province gets both, and a namesake with another post
//! is not linked. The articles are short excerpts of 新闻联播 items of 2026.

mod common;

use common::Workspace;
use serde_json::{json, Value};

/// xwlb-20260224-10 and xwlb-20260309-06, shortened.
fn articles() -> String {
    let fu = json!({
        "id": "xwlb-20260224-10",
        "title": "【代表委员履职故事】傅国涛：培养更多高技能人才",
        "date": "2026-02-24",
        "body": "央视网消息（新闻联播）：《代表委员履职故事》今天（2月24日）带您认识一位扎根车间生产一线、持续关注技能人才培养的全国人大代表——傅国涛。\n傅国涛是中国船舶集团首席技师，工作36年，他从一名普通车工干起，逐渐成长为车间技术骨干。\n今年全国两会，傅国涛准备提出深化职业院校建设、多元化培养技能人才的建议，通过多方努力，共同培养高技能人才。\n傅国涛说，技能人才培养要从娃娃抓起。"
    });
    let liu = json!({
        "id": "xwlb-20260309-06",
        "title": "“部长通道”再次开启",
        "date": "2026-03-09",
        "body": "全国人大四次会议“部长通道”今天（3月9日）再次开启，来自交通运输部、农业农村部、国家体育总局的3位负责人接受集体采访，回应社会关切的热点问题。\n交通运输部部长刘伟介绍，我国综合交通运输体系建设取得突破性进展，交通强国建设迈出坚实步伐。"
    });
    format!("{fu}\n{liu}\n")
}

fn run(ws: &Workspace, args: &[&str]) -> Vec<Value> {
    common::json_output(ws.cmd(), args)
}

#[test]
fn quotes_and_speakers_carry_the_roster() {
    let ws = Workspace::new();
    let file = ws.path("xwlb.jsonl");
    std::fs::write(&file, articles()).expect("write the articles");
    ws.ingest(&[&file]);

    let quotes = run(&ws, &["quotes"]);
    let fu: Vec<&Value> = quotes.iter().filter(|q| q["speaker"] == "傅国涛").collect();
    assert!(!fu.is_empty(), "{quotes:?}");
    for quote in &fu {
        assert_eq!(quote["role"], "全国人大代表", "{quote}");
        assert_eq!(quote["province"], "重庆", "{quote}");
        assert_eq!(quote["roster"]["delegation"], "重庆市", "{quote}");
    }
    let liu = quotes
        .iter()
        .find(|q| q["speaker"] == "刘伟")
        .expect("a quote of 刘伟");
    assert!(liu.get("roster").is_none(), "{liu}");
    assert_eq!(liu["role"], "other", "{liu}");

    let speakers = run(&ws, &["speakers"]);
    let fu = speakers
        .iter()
        .find(|s| s["speaker"] == "傅国涛")
        .expect("傅国涛 among the speakers");
    assert_eq!(fu["roster"]["delegation"], "重庆市", "{fu}");
    assert_eq!(fu["role"], "全国人大代表", "{fu}");
    let liu = speakers
        .iter()
        .find(|s| s["speaker"] == "刘伟")
        .expect("刘伟 among the speakers");
    assert!(liu.get("roster").is_none(), "{liu}");
}
