//! Article → annotated article: the one pure step between reading an
//! article and indexing it.
//!
//! Owns: walking the spans [`crate::split`] made, giving each passage its
//! section, heading path and provinces (the article's, then those it names),
//! running quote extraction and attaching each quote's
//! speaker and role to the passage it lies in, and computing each passage's
//! near-duplicate key ([`crate::dedup`]). Does not own: the rules of any of
//! those steps (they live in `split`, `extract` and `dedup`), or the index.

use crate::dedup::dup_key;
use crate::extract::province::{article_province_of, section_province, Places};
use crate::extract::quote::extract_quotes_in_spans;
use crate::model::{AnnotatedArticle, Article, Passage, Quote, SpanKind};
use crate::normalize::fold;
use crate::split::split;

/// The fingerprint of the rules this build splits and annotates with (the
/// sources of `split`, `extract`, `annotate`, `dedup` and the folding,
/// hashed by the build script): mixed into every article's hash and recorded
/// at every commit, so that an upgrade which changes them annotates articles
/// read again instead of keeping what the old rules made of them.
pub const RULES_FINGERPRINT: &str = env!("POLICY_SEARCH_RULES");

/// Splits an article into passages, assigns provinces, extracts quotes,
/// attaches speakers to passages and computes their near-duplicate keys. Pure;
/// ingest runs it on all cores, ahead of tantivy's indexing threads (which
/// segment the passages with jieba).
pub fn annotate(article: &Article) -> AnnotatedArticle {
    let body = &article.body;
    // the body's place names, scanned once for the article and its passages
    let places = Places::scan(body);
    let article_prov = article_province_of(
        article.province.as_deref(),
        &article.title,
        &article.source,
        &places,
    );
    let mut passages: Vec<Passage> = Vec::new();
    // each passage's province from its context (its section's, else the
    // article's), apart from the provinces it names
    let mut contexts: Vec<Option<&'static str>> = Vec::new();
    let mut section: Option<String> = None;
    let mut section_prov: Option<&'static str> = None;
    // split once: the paragraphs of quote extraction, then the passages here
    let spans = split(body);
    let found = extract_quotes_in_spans(body, &spans, article.date.as_deref());
    for span in spans {
        match span.kind {
            SpanKind::Section(name) => {
                section_prov = section_province(&name);
                section = Some(name);
            }
            SpanKind::Credits => {
                section = None;
                section_prov = None;
            }
            SpanKind::Heading => {}
            SpanKind::Passage => {
                // the section's province, or else the article's, first; then
                // every other province the passage names
                let mut provinces: Vec<String> = Vec::new();
                for province in section_prov
                    .or(article_prov)
                    .into_iter()
                    .chain(places.passage_provinces(span.range.clone()))
                {
                    if !provinces.iter().any(|p| p == province) {
                        provinces.push(province.to_string());
                    }
                }
                contexts.push(section_prov.or(article_prov));
                let ordinal = passages.len() as u32 + 1;
                passages.push(Passage {
                    id: format!("{}#{ordinal}", article.id),
                    ordinal,
                    start: span.range.start,
                    end: span.range.end,
                    section: section.clone(),
                    path: span.path,
                    lead: span.lead,
                    provinces,
                    speakers: Vec::new(),
                    roles: Vec::new(),
                });
            }
        }
    }
    let mut quotes: Vec<(Quote, Option<String>)> = Vec::new();
    for mut quote in found {
        let at = passages
            .iter()
            .position(|p| quote.start >= p.start && quote.start < p.end);
        let passage_id = at.map(|i| passages[i].id.clone());
        if let Some(i) = at {
            let passage = &mut passages[i];
            let name = fold(&quote.speaker);
            if !passage.speakers.contains(&name) {
                passage.speakers.push(name);
            }
            if !passage.roles.contains(&quote.role) {
                passage.roles.push(quote.role);
            }
            if quote.province.is_none() {
                // the context's province, else the first one named where
                // the speaker is introduced: in the passage before the
                // quote, after the passage's previous quote; not a place the
                // quote itself or another speaker's words name (a minister
                // announcing measures for 台湾 is no deputy of 台湾)
                let intro_from = quotes
                    .iter()
                    .rev()
                    .map(|(q, _)| q.end)
                    .find(|&end| end > passage.start && end <= quote.start)
                    .unwrap_or(passage.start);
                quote.province = contexts[i]
                    .or_else(|| {
                        places
                            .passage_provinces(intro_from..quote.start)
                            .first()
                            .copied()
                    })
                    .map(str::to_string);
            }
        }
        quotes.push((quote, passage_id));
    }
    for passage in &mut passages {
        passage.roles.sort();
    }
    let dup_keys = passages.iter().map(|p| dup_key(p.text(body))).collect();
    AnnotatedArticle {
        province: article_prov.map(str::to_string),
        passages,
        dup_keys,
        quotes,
    }
}
