//! What a search reads back from stored documents: the title, date, source
//! and url that passages and quotes take from their article document, and
//! typed reads of stored values. Builds no query of its own but the lookup
//! of article documents by id.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::schema::{Field, OwnedValue, TantivyDocument, Value};
use tantivy::Searcher;

use super::build::{kind_query, term_query};
use super::Engine;
use crate::error::Result;
use crate::index::schema::{self, Fields};

/// What an article document holds for its passages and quotes.
#[derive(Clone, Debug, Default)]
pub(super) struct ArticleMeta {
    pub(super) title: String,
    pub(super) date: Option<String>,
    pub(super) source: String,
    pub(super) url: Option<String>,
}

impl ArticleMeta {
    /// The fields of an article document.
    pub(super) fn of(doc: &TantivyDocument, f: &Fields) -> ArticleMeta {
        ArticleMeta {
            title: first_text(doc, f.article_title).unwrap_or_default(),
            date: first_text(doc, f.date),
            source: first_text(doc, f.source).unwrap_or_default(),
            url: first_text(doc, f.url),
        }
    }
}

impl Engine {
    /// Title, date, source and url of articles, read from their article
    /// documents: passages and quotes do not repeat them.
    pub(super) fn article_meta(
        &self,
        searcher: &Searcher,
        ids: impl Iterator<Item = String>,
    ) -> Result<HashMap<String, ArticleMeta>> {
        let f = self.fields();
        let mut ids: Vec<String> = ids.collect();
        ids.sort();
        ids.dedup();
        let mut articles = HashMap::with_capacity(ids.len());
        if ids.is_empty() {
            return Ok(articles);
        }
        let any: Vec<(Occur, Box<dyn Query>)> = ids
            .iter()
            .map(|id| (Occur::Should, term_query(f.article_id, id)))
            .collect();
        let query = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(BooleanQuery::new(any)) as Box<dyn Query>,
            ),
            (Occur::Must, kind_query(f, schema::KIND_ARTICLE)),
        ]);
        for address in searcher.search(&query, &tantivy::collector::DocSetCollector)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(id) = first_text(&doc, f.article_id) else {
                continue;
            };
            articles.insert(id, ArticleMeta::of(&doc, f));
        }
        Ok(articles)
    }
}

/// The first text value of `field`.
pub(super) fn first_text(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// Every text value of `field`.
pub(super) fn all_texts(doc: &TantivyDocument, field: Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// The first number of `field`.
pub(super) fn first_u64(doc: &TantivyDocument, field: Field) -> Option<u64> {
    doc.get_first(field)
        .and_then(|v| match OwnedValue::from(v) {
            OwnedValue::U64(n) => Some(n),
            _ => None,
        })
}
