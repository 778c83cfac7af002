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
pub const SCHEMA_VERSION: u64 = 14;

pub const KIND_ARTICLE: &str = "article";
pub const KIND_PASSAGE: &str = "passage";
pub const KIND_QUOTE: &str = "quote";

// The name of every field: the rest of the crate names a field through these
// (or holds its handle in [`Fields`]), never by a string of its own. What each
// field holds is documented on [`Fields`].
pub const KIND: &str = "kind";
pub const ARTICLE_ID: &str = "article_id";
pub const PASSAGE_ID: &str = "passage_id";
pub const SOURCE: &str = "source";
pub const STATE_ID: &str = "state_id";
pub const STATE_SOURCE: &str = "state_source";
pub const TITLE: &str = "title";
pub const ARTICLE_TITLE: &str = "article_title";
/// Also indexed by the recall component, which names it `recall::FIELD`.
pub const BODY: &str = "body";
/// Indexed by the recall component only, which names it `recall::QUOTE_FIELD`.
pub const QUOTE_CHARS: &str = "quote_chars";
pub const TEXT: &str = "text";
pub const DATE: &str = "date";
pub const DAY: &str = "day";
pub const URL: &str = "url";
pub const PROVINCE: &str = "province";
pub const SECTION: &str = "section";
pub const PATH: &str = "path";
pub const LEAD: &str = "lead";
pub const SPEAKER: &str = "speaker";
pub const ROLE: &str = "role";
pub const TITLES: &str = "titles";
pub const CUE: &str = "cue";
/// A linked quote's 14th NPC roster facts, as JSON.
pub const ROSTER: &str = "roster";
pub const ORDINAL: &str = "ordinal";
pub const START: &str = "start";
pub const END: &str = "end";
pub const LINE: &str = "line";
pub const HASH: &str = "hash";
pub const DUP: &str = "dup";
pub const SCORE_KEY: &str = "score_key";

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
    /// short province names: the article's on an article document, every
    /// province of a passage (multi-valued), a quote's on a quote document
    pub province: Field,
    pub section: Field,
    /// a passage's heading path, one value per heading, outermost first
    pub path: Field,
    /// the lead sentence shown before a piece of a long 条; stored, not indexed
    pub lead: Field,
    pub speaker: Field,
    pub role: Field,
    pub titles: Field,
    pub cue: Field,
    pub roster: Field,
    pub ordinal: Field,
    pub start: Field,
    pub end: Field,
    pub line: Field,
    /// article content hash, for incremental ingest
    pub hash: Field,
    /// hash of the folded passage text, for collapsing duplicates
    pub dup: Field,
    /// hash of everything a passage's score reads (`score_key`), for
    /// scoring reprints once per search
    pub score_key: Field,
}

impl Fields {
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            kind: f(KIND)?,
            article_id: f(ARTICLE_ID)?,
            passage_id: f(PASSAGE_ID)?,
            source: f(SOURCE)?,
            state_id: f(STATE_ID)?,
            state_source: f(STATE_SOURCE)?,
            title: f(TITLE)?,
            article_title: f(ARTICLE_TITLE)?,
            body: f(BODY)?,
            quote_chars: f(QUOTE_CHARS)?,
            text: f(TEXT)?,
            date: f(DATE)?,
            day: f(DAY)?,
            url: f(URL)?,
            province: f(PROVINCE)?,
            section: f(SECTION)?,
            path: f(PATH)?,
            lead: f(LEAD)?,
            speaker: f(SPEAKER)?,
            role: f(ROLE)?,
            titles: f(TITLES)?,
            cue: f(CUE)?,
            roster: f(ROSTER)?,
            ordinal: f(ORDINAL)?,
            start: f(START)?,
            end: f(END)?,
            line: f(LINE)?,
            hash: f(HASH)?,
            dup: f(DUP)?,
            score_key: f(SCORE_KEY)?,
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
    builder.add_text_field(KIND, STRING);
    builder.add_text_field(ARTICLE_ID, STRING | STORED);
    builder.add_text_field(PASSAGE_ID, STORED);
    builder.add_text_field(SOURCE, STORED);
    // columns of the article documents alone, read by incremental ingest:
    // a column value on every passage and quote would cost for nothing
    builder.add_text_field(STATE_ID, FAST);
    builder.add_text_field(STATE_SOURCE, FAST);
    builder.add_text_field(
        TITLE,
        TextOptions::default().set_indexing_options(jieba_indexing.clone()),
    );
    builder.add_text_field(ARTICLE_TITLE, STORED);
    // also read by the recall component (`recall.rs`); stored, so that a
    // passage document holds its text once
    builder.add_text_field(
        BODY,
        TextOptions::default()
            .set_indexing_options(jieba_indexing)
            .set_stored(),
    );
    // indexed by the recall component only; stored
    builder.add_text_field(QUOTE_CHARS, TextOptions::default().set_stored());
    builder.add_text_field(TEXT, STORED);
    builder.add_text_field(DATE, STORED);
    builder.add_u64_field(
        DAY,
        NumericOptions::default()
            .set_fast()
            .set_indexed()
            .set_stored(),
    );
    builder.add_text_field(URL, STORED);
    builder.add_text_field(PROVINCE, STRING | STORED | FAST);
    builder.add_text_field(SECTION, STORED);
    builder.add_text_field(PATH, STORED);
    builder.add_text_field(LEAD, STORED);
    builder.add_text_field(SPEAKER, STRING | STORED | FAST);
    builder.add_text_field(ROLE, STRING | STORED | FAST);
    builder.add_text_field(TITLES, STORED);
    builder.add_text_field(CUE, STORED);
    builder.add_text_field(ROSTER, STORED);
    builder.add_u64_field(ORDINAL, STORED);
    builder.add_u64_field(START, STORED);
    builder.add_u64_field(END, STORED);
    builder.add_u64_field(LINE, STORED);
    builder.add_u64_field(HASH, STORED | FAST);
    builder.add_u64_field(DUP, FAST);
    builder.add_u64_field(SCORE_KEY, FAST);
    builder.build()
}

/// Registers the analyzers; call on every index created or opened.
pub fn register_analyzers(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(JIEBA, TextAnalyzer::from(JiebaAnalyzer));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recall_component_indexes_the_fields_named_here() {
        assert_eq!(super::super::recall::FIELD, BODY);
        assert_eq!(super::super::recall::QUOTE_FIELD, QUOTE_CHARS);
    }

    #[test]
    fn every_field_has_a_handle() {
        let schema = build_schema();
        assert!(Fields::new(&schema).is_ok());
        let names = [
            KIND,
            ARTICLE_ID,
            PASSAGE_ID,
            SOURCE,
            STATE_ID,
            STATE_SOURCE,
            TITLE,
            ARTICLE_TITLE,
            BODY,
            QUOTE_CHARS,
            TEXT,
            DATE,
            DAY,
            URL,
            PROVINCE,
            SECTION,
            PATH,
            LEAD,
            SPEAKER,
            ROLE,
            TITLES,
            CUE,
            ROSTER,
            ORDINAL,
            START,
            END,
            LINE,
            HASH,
            DUP,
            SCORE_KEY,
        ];
        assert_eq!(schema.fields().count(), names.len());
        for name in names {
            assert!(
                schema.get_field(name).is_ok(),
                "{name} is not in the schema"
            );
        }
    }
}
