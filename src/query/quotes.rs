//! Quote search and the speakers of quotes: ranked quotes on the recall
//! index's quote terms (or every quote in date order without a query), and
//! each speaker's role, titles, provinces and number of quotes.

use std::collections::HashMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::TantivyDocument;
use tantivy::{DocAddress, Order};

use super::build::{kind_query, Target};
use super::stored::{all_texts, first_text, ArticleMeta};
use super::syntax::{parse, Item};
use super::{check_paging, Engine, Filters, QuoteRequest, QuoteResults};
use crate::error::Result;
use crate::highlight;
use crate::index::schema;
use crate::model::{QuoteHit, Role, RosterFacts, SpeakerSummary};

impl Engine {
    /// The query of a quote search (its text, if any, and the filters), the
    /// needles to highlight, and whether it has a text to rank by.
    pub(super) fn quote_query(
        &self,
        searcher: &tantivy::Searcher,
        request: &QuoteRequest,
    ) -> Result<(BooleanQuery, Vec<highlight::Needle>, bool)> {
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, kind_query(f, schema::KIND_QUOTE))];
        let mut needles = Vec::new();
        let query_text = request
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty());
        if let Some(text) = query_text {
            let parsed = parse(text)?;
            needles = parsed
                .include
                .iter()
                .flat_map(|item| item.texts())
                .filter_map(Item::needle)
                .collect();
            clauses.push((
                Occur::Must,
                self.text_query(searcher, &parsed, &[], Target::Quotes, None, None)?,
            ));
        }
        clauses.extend(self.filter_clauses(&request.filters)?);
        Ok((BooleanQuery::new(clauses), needles, query_text.is_some()))
    }

    /// Ranked quotes, or all quotes in article order without a query.
    pub fn quotes(&self, request: &QuoteRequest) -> Result<QuoteResults> {
        check_paging(request.limit, request.offset)?;
        let searcher = self.reader.searcher();
        let f = self.fields();
        let (query, needles, ranked_by_text) = self.quote_query(&searcher, request)?;
        let collector = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
        let (total, ranked): (usize, Vec<(f32, DocAddress)>) = if ranked_by_text {
            searcher.search(&query, &(Count, collector.order_by_score()))?
        } else {
            let (total, mut all): (usize, Vec<(Option<u64>, DocAddress)>) = searcher.search(
                &query,
                &(
                    Count,
                    TopDocs::with_limit(request.offset + request.limit.max(1))
                        .order_by_fast_field::<u64>(schema::DAY, Order::Asc),
                ),
            )?;
            all.sort_by_key(|(day, address)| (*day, address.segment_ord, address.doc_id));
            let ranked = all
                .into_iter()
                .skip(request.offset)
                .map(|(_, address)| (0.0, address))
                .collect();
            (total, ranked)
        };
        let mut page = Vec::with_capacity(ranked.len());
        for (score, address) in ranked.into_iter().take(request.limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            page.push((score, doc));
        }
        let articles = self.article_meta(
            &searcher,
            page.iter()
                .filter_map(|(_, doc)| first_text(doc, f.article_id)),
        )?;
        let mut hits = Vec::with_capacity(page.len());
        for (score, doc) in page {
            let rank = request.offset + hits.len() + 1;
            hits.push(quote_hit(&doc, f, &articles, rank, score, &needles));
        }
        Ok(QuoteResults { total, hits })
    }

    /// Every speaker with role, titles, provinces and number of quotes, most quoted first.
    pub fn speakers(&self, filters: &Filters) -> Result<Vec<SpeakerSummary>> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, kind_query(f, schema::KIND_QUOTE))];
        clauses.extend(self.filter_clauses(filters)?);
        let query = BooleanQuery::new(clauses);
        let docs = searcher.search(&query, &tantivy::collector::DocSetCollector)?;
        let mut addresses: Vec<DocAddress> = docs.into_iter().collect();
        addresses.sort();
        struct Acc {
            roles: HashMap<String, usize>,
            titles: Vec<String>,
            provinces: Vec<String>,
            quotes: usize,
            /// the roster facts of the quotes linked, each once
            rosters: Vec<RosterFacts>,
        }
        let mut by_name: HashMap<String, Acc> = HashMap::new();
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(name) = first_text(&doc, f.speaker) else {
                continue;
            };
            let acc = by_name.entry(name).or_insert_with(|| Acc {
                roles: HashMap::new(),
                titles: Vec::new(),
                provinces: Vec::new(),
                quotes: 0,
                rosters: Vec::new(),
            });
            if let Some(roster) = roster_facts(&doc, f.roster) {
                if !acc.rosters.contains(&roster) {
                    acc.rosters.push(roster);
                }
            }
            acc.quotes += 1;
            if let Some(role) = first_text(&doc, f.role) {
                *acc.roles.entry(role).or_default() += 1;
            }
            for title in all_texts(&doc, f.titles) {
                if !acc.titles.contains(&title) {
                    acc.titles.push(title);
                }
            }
            if let Some(province) = first_text(&doc, f.province) {
                if !acc.provinces.contains(&province) {
                    acc.provinces.push(province);
                }
            }
        }
        let mut speakers: Vec<SpeakerSummary> = by_name
            .into_iter()
            .map(|(speaker, acc)| {
                let role = acc
                    .roles
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(role, _)| role)
                    .unwrap_or_else(|| Role::Other.as_str().to_string());
                SpeakerSummary {
                    speaker,
                    role,
                    titles: acc.titles,
                    provinces: acc.provinces,
                    quotes: acc.quotes,
                    // two deputies of one name are never merged into one
                    roster: match acc.rosters.as_slice() {
                        [one] => Some(one.clone()),
                        _ => None,
                    },
                }
            })
            .collect();
        speakers.sort_by(|a, b| {
            b.quotes
                .cmp(&a.quotes)
                .then_with(|| a.speaker.cmp(&b.speaker))
        });
        Ok(speakers)
    }
}

/// The roster facts stored with a linked quote.
pub(super) fn roster_facts(
    doc: &TantivyDocument,
    field: tantivy::schema::Field,
) -> Option<RosterFacts> {
    serde_json::from_str(&first_text(doc, field)?).ok()
}

/// A quote document as a hit: its stored fields, its article's title, date,
/// source and url, and the matches of `needles` in its text.
pub(super) fn quote_hit(
    doc: &TantivyDocument,
    f: &schema::Fields,
    articles: &HashMap<String, ArticleMeta>,
    rank: usize,
    score: f32,
    needles: &[highlight::Needle],
) -> QuoteHit {
    let text = first_text(doc, f.quote_chars).unwrap_or_default();
    let highlights = highlight::find(&text, needles);
    let article_id = first_text(doc, f.article_id).unwrap_or_default();
    let article = articles.get(&article_id).cloned().unwrap_or_default();
    QuoteHit {
        rank,
        score,
        speaker: first_text(doc, f.speaker).unwrap_or_default(),
        role: first_text(doc, f.role).unwrap_or_default(),
        titles: all_texts(doc, f.titles),
        province: first_text(doc, f.province),
        text,
        cue: first_text(doc, f.cue).unwrap_or_default(),
        roster: roster_facts(doc, f.roster),
        article_id,
        article_title: article.title,
        passage_id: first_text(doc, f.passage_id),
        date: article.date,
        source: article.source,
        url: article.url,
        highlights,
    }
}
