//! The one owner of the OpenSearch document ↔ index mapping: field names,
//! the analysis settings and the mapping (what `index::schema` is for the
//! embedded index).
//!
//! One index holds three kinds of documents, told apart by [`KIND`] as in the
//! embedded index: an article document (title, date, source, url and the
//! text between its passages, for the article view and the totals), one
//! document per passage and one per quote. One index rather than one per
//! kind: passages and quotes share their filters (province, speaker, role,
//! day) and their article, a removed article is one delete-by-query, and the
//! export keeps one set of shards and one mapping in step.
//!
//! Text is indexed twice, both prepared by policy-search so that the cluster
//! needs no plugin of ours (only `analysis-common`'s `ngram` tokenizer):
//! - [`WORDS`]: the jieba words of the embedded index's ranked field
//!   (`index::analyzer`), joined by spaces, analysed by `whitespace`: the
//!   cluster ranks by BM25 on exactly our segmentation;
//! - [`GRAMS`]: the folded runs of word characters (`normalize::runs`)
//!   joined by a space, cut into every 1- and 2-character gram: a
//!   `match_phrase` of a folded run finds it wherever it occurs in a run, as
//!   the recall index does (the space keeps a run from bridging punctuation).

use serde_json::{json, Value};

/// The fields both indexes have, by the embedded index's names: a passage,
/// quote or article document means the same in either.
pub use crate::index::schema::{
    ARTICLE_ID, CUE, DATE, DAY, DUP, END, KIND, KIND_ARTICLE, KIND_PASSAGE, KIND_QUOTE, LEAD,
    ORDINAL, PASSAGE_ID, PATH, PROVINCE, ROLE, SECTION, SOURCE, SPEAKER, START, TITLE, TITLES, URL,
};

/// The original text: a passage's, a quote's, or an article's text between its passages.
pub const TEXT: &str = "text";
/// jieba words, space-separated (whitespace analyser).
pub const WORDS: &str = "words";
/// Folded runs, space-separated (1–2-gram analyser).
pub const GRAMS: &str = "grams";
/// The title's jieba words, on an article's lead passage only (as in the embedded index).
pub const TITLE_WORDS: &str = "title_words";
/// The year of `day`, for the year facet.
pub const YEAR: &str = "year";
/// Which export wrote the document: an export deletes the documents of earlier ones it did not rewrite.
pub const EXPORT_RUN: &str = "export_run";

/// The analyser of [`GRAMS`].
pub const GRAM_ANALYZER: &str = "ps_grams";

/// Shards and replicas of a new index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub shards: u32,
    pub replicas: u32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            shards: 1,
            replicas: 1,
        }
    }
}

/// The body of `PUT /INDEX`: settings (shards, replicas, the gram analyser) and the mapping.
pub fn index_body(layout: Layout) -> Value {
    let keyword = || json!({ "type": "keyword" });
    let stored_only = || json!({ "type": "keyword", "index": false, "doc_values": false });
    let text_only = || json!({ "type": "text", "index": false });
    json!({
        "settings": {
            "number_of_shards": layout.shards,
            "number_of_replicas": layout.replicas,
            "analysis": {
                "tokenizer": {
                    "ps_gram_1_2": { "type": "ngram", "min_gram": 1, "max_gram": 2 }
                },
                "analyzer": {
                    GRAM_ANALYZER: { "type": "custom", "tokenizer": "ps_gram_1_2" }
                }
            }
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                KIND: keyword(),
                ARTICLE_ID: keyword(),
                PASSAGE_ID: keyword(),
                TEXT: text_only(),
                WORDS: { "type": "text", "analyzer": "whitespace", "norms": true },
                GRAMS: { "type": "text", "analyzer": GRAM_ANALYZER },
                TITLE: text_only(),
                TITLE_WORDS: { "type": "text", "analyzer": "whitespace" },
                DATE: { "type": "date", "format": "yyyy-MM-dd||strict_date_optional_time", "ignore_malformed": true },
                DAY: { "type": "integer" },
                YEAR: keyword(),
                SOURCE: stored_only(),
                URL: stored_only(),
                PROVINCE: keyword(),
                SECTION: keyword(),
                PATH: stored_only(),
                LEAD: text_only(),
                SPEAKER: keyword(),
                ROLE: keyword(),
                TITLES: keyword(),
                CUE: keyword(),
                ORDINAL: { "type": "integer" },
                START: { "type": "long", "index": false },
                END: { "type": "long", "index": false },
                DUP: keyword(),
                EXPORT_RUN: keyword()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_names_every_field_once_and_strictly() {
        let body = index_body(Layout {
            shards: 2,
            replicas: 1,
        });
        assert_eq!(body["settings"]["number_of_shards"], 2);
        assert_eq!(body["mappings"]["dynamic"], "strict");
        let properties = body["mappings"]["properties"].as_object().unwrap();
        assert_eq!(properties.len(), 26);
        assert_eq!(properties[GRAMS]["analyzer"], GRAM_ANALYZER);
        assert_eq!(properties[WORDS]["analyzer"], "whitespace");
    }
}
