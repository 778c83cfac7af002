//! The one owner of the document ↔ index mapping: field names
//! and the analyzers registered on every create *and* open (the recall
//! component, `recall.rs`, is registered next to them in `index::SearchIndex`).
//!
//! One tantivy index holds three kinds of documents, told apart by `kind`:
//! an `article` document (bookkeeping for incremental ingest and the whole
//! body for display), one `passage` document per passage, one `quote`
//! document per extracted quote. All three carry `article_id`, so deleting an
//! article is a single delete-by-term.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

use super::analyzer::{JiebaAnalyzer, JIEBA};

/// Version of the document layout; articles indexed with another version are re-indexed.
pub const SCHEMA_VERSION: u64 = 11;

pub const KIND_ARTICLE: &str = "article";
pub const KIND_PASSAGE: &str = "passage";
pub const KIND_QUOTE: &str = "quote";

/// Handles to every field of the schema.
#[derive(Clone, Debug)]
pub struct Fields {
    pub kind: Field,
    pub article_id: Field,
    pub passage_id: Field,
    pub source: Field,
    /// the article id, as a column on article documents only
    pub state_id: Field,
    /// the source file, as a column on article documents only
    pub state_source: Field,
    /// the article title, indexed on the lead passage only; not stored
    pub title: Field,
    /// the article title, stored on the article document (passages and
    /// quotes are given it at search time, as their date, source and url)
    pub article_title: Field,
    /// the passage text, indexed as jieba's words (frequencies only) and by
    /// the recall component (`recall.rs`), and stored.
    pub body: Field,
    /// a quote's text, indexed by the recall component under quote terms,
    /// and stored.
    pub quote_chars: Field,
    /// an article's stored text: its body without its passages
    /// ([`super::article_skeleton`]).
    pub text: Field,
    pub date: Field,
    /// `YYYYMMDD` as a number, 0 when unknown.
    pub day: Field,
    pub url: Field,
    pub province: Field,
    pub section: Field,
    pub speaker: Field,
    pub role: Field,
    pub titles: Field,
    pub cue: Field,
    pub ordinal: Field,
    pub start: Field,
    pub end: Field,
    pub line: Field,
    /// article content hash, for incremental ingest
    pub hash: Field,
    /// hash of the folded passage text, for collapsing duplicates
    pub dup: Field,
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: f("kind")?,
            article_id: f("article_id")?,
            passage_id: f("passage_id")?,
            source: f("source")?,
            state_id: f("state_id")?,
            state_source: f("state_source")?,
            title: f("title")?,
            article_title: f("article_title")?,
            body: f("body")?,
            quote_chars: f("quote_chars")?,
            text: f("text")?,
            date: f("date")?,
            day: f("day")?,
            url: f("url")?,
            province: f("province")?,
            section: f("section")?,
            speaker: f("speaker")?,
            role: f("role")?,
            titles: f("titles")?,
            cue: f("cue")?,
            ordinal: f("ordinal")?,
            start: f("start")?,
            end: f("end")?,
            line: f("line")?,
            hash: f("hash")?,
            dup: f("dup")?,
        })
    }
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    let mut builder = Schema::builder();
    // frequencies without positions: exact phrases and the proximity of a
    // query's words are read from the character positions of the recall
    // component, which keeps them anyway
    let jieba_indexing = TextFieldIndexing::default()
        .set_tokenizer(JIEBA)
        .set_index_option(IndexRecordOption::WithFreqs);
    builder.add_text_field("kind", STRING);
    builder.add_text_field("article_id", STRING | STORED);
    builder.add_text_field("passage_id", STORED);
    builder.add_text_field("source", STORED);
    // columns of the article documents alone, read by incremental ingest:
    // a column value on every passage and quote would cost for nothing
    builder.add_text_field("state_id", FAST);
    builder.add_text_field("state_source", FAST);
    builder.add_text_field(
        "title",
        TextOptions::default().set_indexing_options(jieba_indexing.clone()),
    );
    builder.add_text_field("article_title", STORED);
    // also read by the recall component (`recall.rs`); stored, so that a
    // passage document holds its text once
    builder.add_text_field(
        super::recall::FIELD,
        TextOptions::default()
            .set_indexing_options(jieba_indexing)
            .set_stored(),
    );
    // indexed by the recall component only; stored
    builder.add_text_field(
        super::recall::QUOTE_FIELD,
        TextOptions::default().set_stored(),
    );
    builder.add_text_field("text", STORED);
    builder.add_text_field("date", STORED);
    builder.add_u64_field(
        "day",
        NumericOptions::default()
            .set_fast()
            .set_indexed()
            .set_stored(),
    );
    builder.add_text_field("url", STORED);
    builder.add_text_field("province", STRING | STORED | FAST);
    builder.add_text_field("section", STORED);
    builder.add_text_field("speaker", STRING | STORED | FAST);
    builder.add_text_field("role", STRING | STORED | FAST);
    builder.add_text_field("titles", STORED);
    builder.add_text_field("cue", STORED);
    builder.add_u64_field("ordinal", STORED);
    builder.add_u64_field("start", STORED);
    builder.add_u64_field("end", STORED);
    builder.add_u64_field("line", STORED);
    builder.add_u64_field("hash", STORED | FAST);
    builder.add_u64_field("dup", FAST);
    builder.build()
}

/// Registers the analyzers; call on every index created or opened.
pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(JIEBA, TextAnalyzer::from(JiebaAnalyzer));
}
