//! The query syntax (`query::parse`, read as `query::understand` reads it)
//! as OpenSearch's query DSL: text items as phrases on the 1–2-gram field
//! (exact substrings) ranked by BM25 on the jieba words field, the boosts of
//! proximity, title and an exact unspaced string, exclusions, and the filters.
//! Builds JSON only; [`super::backend`] sends it.

use serde_json::{json, Value};

use super::mapping as m;
use crate::error::Result;
use crate::highlight::Needle;
use crate::normalize::fold;
/// Which documents a text query is for: the embedded index's own kinds
/// (here `Kind`, as `Target` names the cluster).
pub(super) use crate::query::Target as Kind;
use crate::query::{Filters, Item, ParsedQuery, Reading};

/// Weight of an exact match of an unspaced query that was read as words.
const EXACT_BOOST: f64 = 100.0;
/// Weight of the proximity of a query's words.
const NEAR_BOOST: f64 = 2.0;
/// Words allowed between a query's words for them to count as close.
const NEAR_SLOP: u32 = 12;
/// Weight of the title's words.
const TITLE_BOOST: f64 = 1.5;

/// The runs of every text item (alternatives included), for highlights.
pub(super) fn needles(items: &[Item]) -> Vec<Needle> {
    let mut needles = Vec::new();
    for item in items {
        match item {
            Item::Text { runs, .. } => needles.push(Needle::new(runs)),
            Item::Any(items) => needles.extend(self::needles(items)),
        }
    }
    needles
}

/// Phrases of several runs, whose literal text a hit must contain (the
/// cluster matches them run by run, as the embedded index does).
pub(super) fn strict_needles(parsed: &ParsedQuery) -> Vec<Needle> {
    parsed
        .include
        .iter()
        .filter_map(|item| match item {
            Item::Text {
                runs, phrase: true, ..
            } if runs.len() > 1 => Some(Needle::new(runs)),
            _ => None,
        })
        .collect()
}

/// The jieba words of a folded run, as the export indexed them.
fn words_of(run: &str) -> Vec<String> {
    crate::index::analyzer::jieba_tokens(run)
        .into_iter()
        .map(|t| t.text)
        .collect()
}

/// An item as a required exact match: each run a phrase on the gram field.
fn recall_query(item: &Item) -> Value {
    match item {
        Item::Any(items) => {
            let alternatives: Vec<Value> = items.iter().map(recall_query).collect();
            json!({ "bool": { "should": alternatives, "minimum_should_match": 1 } })
        }
        // a quoted phrase of several runs: the runs one after the other,
        // as the grams field holds a passage's runs joined by one space (the
        // punctuation between them is checked on the text of each hit)
        Item::Text {
            runs, phrase: true, ..
        } if runs.len() > 1 => json!({ "match_phrase": { (m::GRAMS): runs.join(" ") } }),
        Item::Text { runs, .. } => {
            let phrases: Vec<Value> = runs
                .iter()
                .map(|run| json!({ "match_phrase": { (m::GRAMS): run } }))
                .collect();
            json!({ "bool": { "must": phrases } })
        }
    }
}

/// An item as a query: its exact match, ranked by BM25 on its jieba words (passages).
fn item_query(item: &Item, kind: Kind, words: &mut Vec<String>) -> Value {
    match item {
        Item::Any(items) => {
            let mut ignored = Vec::new();
            let alternatives: Vec<Value> = items
                .iter()
                .map(|item| item_query(item, kind, &mut ignored))
                .collect();
            json!({ "bool": { "should": alternatives, "minimum_should_match": 1 } })
        }
        Item::Text { runs, .. } => {
            let recall = recall_query(item);
            if kind == Kind::Quotes {
                return recall;
            }
            let pieces: Vec<String> = runs.iter().flat_map(|run| words_of(run)).collect();
            words.extend(pieces.iter().cloned());
            if pieces.is_empty() {
                return recall;
            }
            json!({ "bool": {
                "must": [{ "constant_score": { "filter": recall, "boost": 1.0 } }],
                "should": [{ "match": { (m::WORDS): pieces.join(" ") } }]
            } })
        }
    }
}

/// The text part of a query: includes (most must match), boosts, excludes;
/// `exact` the unspaced strings read as words, an exact match of which ranks
/// first.
pub(super) fn text_query(parsed: &ParsedQuery, exact: &[String], kind: Kind) -> Value {
    let mut words = Vec::new();
    let includes: Vec<Value> = parsed
        .include
        .iter()
        .map(|item| item_query(item, kind, &mut words))
        .collect();
    let n = includes.len();
    let required = if n <= 1 { 1 } else { n - n / 3 };
    let mut should = Vec::new();
    if kind == Kind::Passages && !words.is_empty() {
        let text_items = parsed
            .include
            .iter()
            .filter(|item| matches!(item, Item::Text { .. }))
            .count();
        if n > 1 && text_items > 1 {
            should.push(json!({ "match_phrase": { (m::WORDS): {
                "query": words.join(" "), "slop": NEAR_SLOP, "boost": NEAR_BOOST
            } } }));
        }
        should.push(json!({ "match": { (m::TITLE_WORDS): {
            "query": words.join(" "), "boost": TITLE_BOOST
        } } }));
    }
    for whole in exact {
        should.push(
            json!({ "match_phrase": { (m::GRAMS): { "query": whole, "boost": EXACT_BOOST } } }),
        );
    }
    let excludes: Vec<Value> = parsed.exclude.iter().map(recall_query).collect();
    json!({ "bool": {
        "must": [{ "bool": { "should": includes, "minimum_should_match": required } }],
        "should": should,
        "must_not": excludes
    } })
}

/// The filters as `filter` clauses, with the kind of document.
pub(super) fn filter_clauses(filters: &Filters, kind: &str) -> Result<Vec<Value>> {
    let mut clauses = vec![json!({ "term": { (m::KIND): kind } })];
    if !filters.provinces.is_empty() {
        let provinces = filters.short_provinces()?;
        clauses.push(json!({ "terms": { (m::PROVINCE): provinces } }));
    }
    if let Some(speaker) = filters
        .speaker
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        clauses.push(json!({ "term": { (m::SPEAKER): fold(speaker) } }));
    }
    if let Some(role) = filters.role {
        clauses.push(json!({ "term": { (m::ROLE): role.as_str() } }));
    }
    let from = filters
        .from
        .as_deref()
        .map(|d| crate::query::date_bound(d, false))
        .transpose()?;
    let to = filters
        .to
        .as_deref()
        .map(|d| crate::query::date_bound(d, true))
        .transpose()?;
    if from.is_some() || to.is_some() {
        let mut range = serde_json::Map::new();
        if let Some(from) = from {
            range.insert("gte".into(), json!(from));
        }
        if let Some(to) = to {
            range.insert("lte".into(), json!(to));
        }
        clauses.push(json!({ "range": { (m::DAY): range } }));
    }
    Ok(clauses)
}

/// The unspaced strings a reading split into words.
pub(super) fn exact_of(reading: &Reading) -> Vec<String> {
    reading
        .split
        .iter()
        .map(|(whole, _)| whole.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::Role;
    use crate::query::parse;

    #[test]
    fn words_and_phrases_become_gram_phrases_with_jieba_ranking() {
        let parsed = parse("新质生产力 \"高质量 发展\" -房地产 湖北 OR 湖南").unwrap();
        let query = text_query(&parsed, &[], Kind::Passages);
        let text = query.to_string();
        // three includes, two of them required
        assert_eq!(query["bool"]["must"][0]["bool"]["minimum_should_match"], 2);
        // a phrase of two runs: the runs one after the other
        assert!(
            text.contains(r#"{"match_phrase":{"grams":"高质量 发展"}}"#),
            "{text}"
        );
        assert!(
            text.contains(r#"{"match_phrase":{"grams":"新质生产力"}}"#),
            "{text}"
        );
        assert!(
            text.contains(r#"{"match":{"words":"新质生产力"}}"#),
            "{text}"
        );
        assert_eq!(
            query["bool"]["must_not"][0],
            json!({ "bool": { "must": [{ "match_phrase": { "grams": "房地产" } }] } })
        );
        let quotes = text_query(&parsed, &[], Kind::Quotes).to_string();
        assert!(!quotes.contains("\"words\""), "{quotes}");
    }

    #[test]
    fn filters_name_the_folded_speaker_and_the_day_range() {
        let filters = Filters {
            provinces: vec!["湖北省".into()],
            speaker: Some("馬新強".into()),
            role: Some(Role::NpcDeputy),
            from: Some("2024-03".into()),
            to: Some("2024".into()),
        };
        let clauses = filter_clauses(&filters, m::KIND_PASSAGE).unwrap();
        assert_eq!(clauses[1], json!({ "terms": { "province": ["湖北"] } }));
        assert_eq!(clauses[2], json!({ "term": { "speaker": "马新强" } }));
        assert_eq!(
            clauses[4],
            // a month's lower bound takes in the articles dated by that month only
            json!({ "range": { "day": { "gte": 20240300, "lte": 20241231 } } })
        );
        let unknown = Filters {
            provinces: vec!["火星".into()],
            ..Filters::default()
        };
        assert!(filter_clauses(&unknown, m::KIND_PASSAGE).is_err());
    }
}
