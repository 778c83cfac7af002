//! Reading the index without a query: one whole article put back together
//! from its documents, and the totals of the index with its facets.

use tantivy::collector::Count;
use tantivy::query::{Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument};
use tantivy::{DocAddress, Searcher, Term};

use super::build::kind_query;
use super::stored::{all_texts, first_text, first_u64, ArticleMeta};
use super::Engine;
use crate::error::{Error, Result};
use crate::index::facets::FacetCounter;
use crate::index::schema;
use crate::model::{FacetCounts, Stats};

/// The whole article as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ArticleView {
    pub article_id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: String,
    pub url: Option<String>,
    pub province: Option<String>,
    pub body: String,
    pub passages: Vec<PassageView>,
}

/// A passage of an [`ArticleView`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PassageView {
    pub passage_id: String,
    pub province: Option<String>,
    pub section: Option<String>,
    /// The headings the passage lies under, outermost first.
    pub path: Vec<String>,
    pub speakers: Vec<String>,
    pub text: String,
}

impl Engine {
    /// Totals of the index.
    pub fn stats(&self) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let count = |kind: &str| searcher.search(&*kind_query(f, kind), &Count);
        let passages_query = kind_query(f, schema::KIND_PASSAGE);
        let facets = facet_counts(&searcher, &*passages_query)?;
        let quote_facets = facet_counts(&searcher, &*kind_query(f, schema::KIND_QUOTE))?;
        Ok(Stats {
            articles: count(schema::KIND_ARTICLE)? as u64,
            passages: count(schema::KIND_PASSAGE)? as u64,
            quotes: count(schema::KIND_QUOTE)? as u64,
            speakers: quote_facets.speaker.len() as u64,
            passages_per_province: facets.province,
        })
    }

    /// One whole article: `(title, date, source, url, body, passages)`.
    pub fn article(&self, article_id: &str) -> Result<ArticleView> {
        let searcher = self.reader.searcher();
        let f = self.fields();
        let query = TermQuery::new(
            Term::from_field_text(f.article_id, article_id),
            IndexRecordOption::Basic,
        );
        let mut addresses: Vec<DocAddress> = searcher
            .search(&query, &tantivy::collector::DocSetCollector)?
            .into_iter()
            .collect();
        addresses.sort();
        let mut view: Option<ArticleView> = None;
        let mut passages = Vec::new();
        let mut ranges = Vec::new();
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let ordinal = first_u64(&doc, f.ordinal).unwrap_or(0);
            if first_text(&doc, f.passage_id).is_some() && first_text(&doc, f.cue).is_none() {
                let start = first_u64(&doc, f.start).unwrap_or(0) as usize;
                let end = first_u64(&doc, f.end).unwrap_or(0) as usize;
                ranges.push((ordinal, start, end));
                passages.push((
                    ordinal,
                    PassageView {
                        passage_id: first_text(&doc, f.passage_id).unwrap_or_default(),
                        province: first_text(&doc, f.province),
                        section: first_text(&doc, f.section),
                        path: all_texts(&doc, f.path),
                        speakers: all_texts(&doc, f.speaker),
                        text: first_text(&doc, f.body).unwrap_or_default(),
                    },
                ));
            } else if first_u64(&doc, f.hash).is_some() {
                let meta = ArticleMeta::of(&doc, f);
                view = Some(ArticleView {
                    article_id: article_id.to_string(),
                    title: meta.title,
                    date: meta.date,
                    source: meta.source,
                    url: meta.url,
                    province: first_text(&doc, f.province),
                    body: first_text(&doc, f.text).unwrap_or_default(),
                    passages: Vec::new(),
                });
            }
        }
        let mut view = view.ok_or_else(|| Error::NotFound(article_id.to_string()))?;
        passages.sort_by_key(|(ordinal, _)| *ordinal);
        ranges.sort_by_key(|&(ordinal, _, _)| ordinal);
        view.passages = passages.into_iter().map(|(_, p)| p).collect();
        let pieces: Vec<(usize, usize, &str)> = ranges
            .iter()
            .zip(&view.passages)
            .map(|(&(_, start, end), p)| (start, end, p.text.as_str()))
            .collect();
        view.body = crate::index::article_body(&view.body, &pieces).ok_or_else(|| {
            Error::Index(tantivy::TantivyError::InternalError(format!(
                "article {article_id}: its passages do not fit its stored text"
            )))
        })?;
        Ok(view)
    }
}

fn facet_counts(searcher: &Searcher, query: &dyn Query) -> Result<FacetCounts> {
    Ok(searcher.search(query, &FacetCounter)?.into_counts())
}
