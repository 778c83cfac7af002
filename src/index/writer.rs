//! Our writer in front of tantivy's: the one place that turns an annotated
//! article into documents (an article document, one per passage, one per
//! quote), deletes an article's documents, and commits with the payload that
//! records the layout and vocabulary. Callers above `index` never see a
//! tantivy type.

use tantivy::schema::TantivyDocument;
use tantivy::Term;

use super::schema::{self, Fields};
use super::score_key::score_key;
use super::{article_skeleton, day_number};
use crate::error::Result;
use crate::model::{AnnotatedArticle, Article};
use crate::normalize::fold;

/// Writes articles into a [`super::SearchIndex`]; made by
/// [`super::SearchIndex::writer`]. Holds the index's writer lock.
pub struct IndexWriter {
    inner: tantivy::IndexWriter,
    fields: Fields,
    payload: String,
}

impl IndexWriter {
    pub(crate) fn new(inner: tantivy::IndexWriter, fields: Fields, payload: String) -> Self {
        IndexWriter {
            inner,
            fields,
            payload,
        }
    }

    /// Deletes every document (article, passages, quotes) of an article.
    pub fn delete_article(&self, article_id: &str) {
        self.inner
            .delete_term(Term::from_field_text(self.fields.article_id, article_id));
    }

    /// Adds an article with its passages and quotes.
    pub fn add_article(
        &self,
        article: &Article,
        hash: u64,
        annotated: &AnnotatedArticle,
    ) -> Result<()> {
        let f = &self.fields;
        let day = day_number(article.date.as_deref());

        let mut doc = TantivyDocument::default();
        doc.add_text(f.kind, schema::KIND_ARTICLE);
        doc.add_text(f.article_id, &article.id);
        doc.add_text(f.source, &article.source);
        doc.add_text(f.state_id, &article.id);
        doc.add_text(f.state_source, &article.source);
        doc.add_text(f.article_title, &article.title);
        // the body without its passages, which are stored on their own
        // documents: the article view puts them back (`article_body`)
        let ranges: Vec<(usize, usize)> = annotated
            .passages
            .iter()
            .map(|p| (p.start, p.end))
            .collect();
        doc.add_text(f.text, article_skeleton(&article.body, &ranges));
        add_date(&mut doc, f, article.date.as_deref(), day);
        if let Some(url) = &article.url {
            doc.add_text(f.url, url);
        }
        if let Some(province) = &annotated.province {
            doc.add_text(f.province, province);
        }
        if let Some(line) = article.line {
            doc.add_u64(f.line, line as u64);
        }
        doc.add_u64(f.hash, hash);
        self.inner.add_document(doc)?;

        for (passage, dup) in annotated.passages.iter().zip(&annotated.dup_keys) {
            let text = passage.text(&article.body);
            let mut doc = TantivyDocument::with_capacity(doc_bytes(text, article));
            doc.add_text(f.kind, schema::KIND_PASSAGE);
            doc.add_text(f.article_id, &article.id);
            doc.add_text(f.passage_id, &passage.id);
            let lead = passage.ordinal == 1;
            if lead {
                // the title boost goes to the lead passage: indexing the title on
                // every passage would cost an eighth of the body's postings
                doc.add_text(f.title, &article.title);
            }
            // segmented by jieba and indexed by the recall component in
            // tantivy's indexing threads, and stored, as the text of this one
            // field: the document holds the passage once
            doc.add_text(f.body, text);
            // title, date, source and url are the article document's
            doc.add_u64(f.day, day);
            if let Some(section) = &passage.section {
                doc.add_text(f.section, section);
            }
            for heading in &passage.path {
                doc.add_text(f.path, heading);
            }
            if let Some(lead) = passage.lead.clone().and_then(|r| article.body.get(r)) {
                doc.add_text(f.lead, lead);
            }
            for province in &passage.provinces {
                doc.add_text(f.province, province);
            }
            for speaker in &passage.speakers {
                doc.add_text(f.speaker, speaker);
            }
            for role in &passage.roles {
                doc.add_text(f.role, role.as_str());
            }
            doc.add_u64(f.ordinal, u64::from(passage.ordinal));
            doc.add_u64(f.start, passage.start as u64);
            doc.add_u64(f.end, passage.end as u64);
            doc.add_u64(f.dup, *dup);
            // what its score reads: the fields above that a search scores
            let key = score_key(
                text,
                lead.then_some(article.title.as_str()),
                passage.provinces.iter().map(String::as_str),
                passage.speakers.iter().map(String::as_str),
                passage.roles.iter().map(|role| role.as_str()),
            );
            doc.add_u64(f.score_key, key);
            self.inner.add_document(doc)?;
        }

        for (ordinal, (quote, passage_id)) in annotated.quotes.iter().enumerate() {
            let mut doc = TantivyDocument::with_capacity(doc_bytes(&quote.text, article));
            doc.add_text(f.kind, schema::KIND_QUOTE);
            doc.add_text(f.article_id, &article.id);
            if let Some(passage_id) = passage_id {
                doc.add_text(f.passage_id, passage_id);
            }
            // quotes are matched and ranked on the recall index only: their
            // words are already in the passage's jieba field
            // indexed by the recall component, and stored
            doc.add_text(f.quote_chars, &quote.text);
            // title, date, source and url are the article document's
            doc.add_u64(f.day, day);
            let speaker = fold(&quote.speaker);
            doc.add_text(f.speaker, &speaker);
            doc.add_text(f.role, quote.role.as_str());
            for title in &quote.titles {
                doc.add_text(f.titles, title);
            }
            doc.add_text(f.cue, &quote.cue);
            // a plain struct of strings: serialising it cannot fail
            if let Some(Ok(roster)) = quote.roster.as_ref().map(serde_json::to_string) {
                doc.add_text(f.roster, roster);
            }
            if let Some(province) = &quote.province {
                doc.add_text(f.province, province);
            }
            doc.add_u64(f.ordinal, ordinal as u64);
            doc.add_u64(f.start, quote.start as u64);
            doc.add_u64(f.end, quote.end as u64);
            self.inner.add_document(doc)?;
        }
        Ok(())
    }

    /// Makes everything added and deleted since the last commit durable and
    /// visible, recording the layout and vocabulary in the commit's payload.
    pub fn commit(&mut self) -> Result<()> {
        let mut prepared = self.inner.prepare_commit()?;
        prepared.set_payload(&self.payload);
        prepared.commit()?;
        Ok(())
    }

    /// Merges the segments `ids` into one and waits for it.
    pub(crate) fn merge(&mut self, ids: &[tantivy::index::SegmentId]) -> Result<()> {
        self.inner.merge(ids).wait()?;
        Ok(())
    }

    /// Waits for the merges in flight and releases the writer lock.
    pub fn wait_merging_threads(self) -> Result<()> {
        Ok(self.inner.wait_merging_threads()?)
    }
}

/// Room for the values of a passage or quote document whose text is `text`:
/// the text, the ids and a dozen short values, so that the document's buffer
/// is allocated once.
fn doc_bytes(text: &str, article: &Article) -> usize {
    text.len() + article.title.len() + 2 * article.id.len() + 256
}

fn add_date(doc: &mut TantivyDocument, f: &Fields, date: Option<&str>, day: u64) {
    if let Some(date) = date {
        doc.add_text(f.date, date);
    }
    doc.add_u64(f.day, day);
}
