//! Every document of the index read back as plain data, in one sequential
//! pass over each segment's document store: articles (their stored title,
//! date, source, url and skeleton), passages (text, section, province,
//! speakers, roles and near-duplicate key) and quotes. For copying an index
//! into another engine (`opensearch::export`); a search reads documents
//! through `query`.
//!
//! tantivy types stay here: callers get [`StoredDocument`]s.

use tantivy::schema::{OwnedValue, TantivyDocument, Value};

use super::schema::{self, Fields};
use super::SearchIndex;
use crate::error::Result;

/// An article document: what the index keeps of an article besides its
/// passages and quotes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    /// `YYYYMMDD`, 0 when unknown.
    pub day: u64,
    pub source: String,
    pub url: Option<String>,
    pub province: Option<String>,
    /// The body without its passages ([`super::article_skeleton`]).
    pub skeleton: String,
}

/// A passage document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPassage {
    pub article_id: String,
    pub passage_id: String,
    pub ordinal: u64,
    /// Byte range of the passage in the article body.
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub day: u64,
    pub section: Option<String>,
    /// The headings the passage lies under, outermost first.
    pub path: Vec<String>,
    /// The 条's lead sentence when the passage is a piece of a long 条.
    pub lead: Option<String>,
    /// The article's province first, then those the passage names.
    pub provinces: Vec<String>,
    pub speakers: Vec<String>,
    pub roles: Vec<String>,
    /// The near-duplicate key (`dedup::dup_key`).
    pub dup: u64,
}

/// A quote document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredQuote {
    pub article_id: String,
    pub passage_id: Option<String>,
    /// The quote's place among its article's quotes.
    pub ordinal: u64,
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub day: u64,
    pub speaker: String,
    pub role: String,
    pub titles: Vec<String>,
    pub cue: String,
    pub province: Option<String>,
}

/// One document of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoredDocument {
    Article(StoredArticle),
    Passage(StoredPassage),
    Quote(StoredQuote),
}

impl SearchIndex {
    /// Number of live documents (articles, passages and quotes).
    pub fn document_count(&self) -> Result<u64> {
        Ok(self.reader()?.searcher().num_docs())
    }

    /// Calls `visit` with every live document: all article documents first,
    /// then the passages and quotes, each in the order of the store.
    pub fn for_each_document(
        &self,
        mut visit: impl FnMut(StoredDocument) -> Result<()>,
    ) -> Result<()> {
        let reader = self.reader()?;
        let searcher = reader.searcher();
        let f = &self.fields;
        for articles in [true, false] {
            for segment in searcher.segment_readers() {
                let store = segment
                    .get_store_reader(4)
                    .map_err(tantivy::TantivyError::from)?;
                let dup = segment.fast_fields().u64(schema::DUP).ok();
                for doc_id in 0..segment.max_doc() {
                    if segment.is_deleted(doc_id) {
                        continue;
                    }
                    let doc: TantivyDocument = store.get(doc_id)?;
                    let is_article = first_u64(&doc, f.hash).is_some();
                    if is_article != articles {
                        continue;
                    }
                    let dup_key = dup.as_ref().and_then(|column| column.first(doc_id));
                    visit(read(&doc, f, dup_key))?;
                }
            }
        }
        Ok(())
    }
}

fn read(doc: &TantivyDocument, f: &Fields, dup: Option<u64>) -> StoredDocument {
    let article_id = first_text(doc, f.article_id).unwrap_or_default();
    let day = first_u64(doc, f.day).unwrap_or(0);
    if first_u64(doc, f.hash).is_some() {
        return StoredDocument::Article(StoredArticle {
            id: article_id,
            title: first_text(doc, f.article_title).unwrap_or_default(),
            date: first_text(doc, f.date),
            day,
            source: first_text(doc, f.source).unwrap_or_default(),
            url: first_text(doc, f.url),
            province: first_text(doc, f.province),
            skeleton: first_text(doc, f.text).unwrap_or_default(),
        });
    }
    let ordinal = first_u64(doc, f.ordinal).unwrap_or(0);
    let start = first_u64(doc, f.start).unwrap_or(0);
    let end = first_u64(doc, f.end).unwrap_or(0);
    if let Some(cue) = first_text(doc, f.cue) {
        return StoredDocument::Quote(StoredQuote {
            article_id,
            passage_id: first_text(doc, f.passage_id),
            ordinal,
            start,
            end,
            text: first_text(doc, f.quote_chars).unwrap_or_default(),
            day,
            speaker: first_text(doc, f.speaker).unwrap_or_default(),
            role: first_text(doc, f.role).unwrap_or_default(),
            titles: all_texts(doc, f.titles),
            cue,
            province: first_text(doc, f.province),
        });
    }
    StoredDocument::Passage(StoredPassage {
        article_id,
        passage_id: first_text(doc, f.passage_id).unwrap_or_default(),
        ordinal,
        start,
        end,
        text: first_text(doc, f.body).unwrap_or_default(),
        day,
        section: first_text(doc, f.section),
        path: all_texts(doc, f.path),
        lead: first_text(doc, f.lead),
        provinces: all_texts(doc, f.province),
        speakers: all_texts(doc, f.speaker),
        roles: all_texts(doc, f.role),
        dup: dup.unwrap_or(0),
    })
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn all_texts(doc: &TantivyDocument, field: tantivy::schema::Field) -> Vec<String> {
    doc.get_all(field)
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn first_u64(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<u64> {
    doc.get_first(field)
        .and_then(|v| match OwnedValue::from(v) {
            OwnedValue::U64(n) => Some(n),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_document_comes_back_with_its_stored_values() {
        let (index, article) = crate::index::seed_index("【湖北】\n全国人大代表、华工科技董事长马新强表示：“要持续打造新质生产力。”\n\n政府工作报告提出，加快发展新质生产力。");
        let annotated = crate::annotate::annotate(&article);

        let mut seen = Vec::new();
        index
            .for_each_document(|doc| {
                seen.push(doc);
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len() as u64, index.document_count().unwrap());
        let StoredDocument::Article(stored) = &seen[0] else {
            panic!("articles come first: {seen:?}");
        };
        assert_eq!(stored.title, article.title);
        assert_eq!(stored.day, 20240305);
        let passages: Vec<&StoredPassage> = seen
            .iter()
            .filter_map(|d| match d {
                StoredDocument::Passage(p) => Some(p),
                _ => None,
            })
            .collect();
        assert_eq!(passages.len(), annotated.passages.len());
        for (stored, passage) in passages.iter().zip(&annotated.passages) {
            assert_eq!(stored.passage_id, passage.id);
            assert_eq!(stored.text, passage.text(&article.body));
            assert_eq!(stored.dup, crate::dedup::dup_key(&stored.text));
        }
        assert_eq!(passages[0].provinces, vec!["湖北".to_string()]);
        assert_eq!(passages[0].speakers, vec!["马新强".to_string()]);
        let quotes: Vec<&StoredQuote> = seen
            .iter()
            .filter_map(|d| match d {
                StoredDocument::Quote(q) => Some(q),
                _ => None,
            })
            .collect();
        assert_eq!(quotes.len(), annotated.quotes.len());
        assert!(quotes.iter().any(|q| q.speaker == "马新强"), "{quotes:?}");
    }
}
