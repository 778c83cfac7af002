//! policy-search: full-text search for Chinese policy reporting — ranked
//! passages with exact highlights, province / speaker / role / year facets,
//! and the quotes of named delegates.
//!
//! Data flows one way:
//!
//! ```text
//! files → source → decode → split → extract → index → query → render → CLI / HTTP
//!         (paths)  (bytes→   (passages) (provinces,  (tantivy:   (hits,     (terminal,
//!                  articles)            speakers,    jieba +     highlights) JSON)
//!                                       quotes)      recall pairs)
//! ```
//!
//! The whole flow in memory:
//!
//! ```
//! use policy_search::index::SearchIndex;
//! use policy_search::model::Article;
//! use policy_search::query::{Engine, SearchRequest};
//!
//! let index = SearchIndex::in_ram()?;
//! let article = Article {
//!     id: "seed".into(),
//!     title: "新质生产力 跃动看中国".into(),
//!     body: "【湖北】\n全国人大代表、华工科技董事长马新强表示，要持续打造新质生产力。".into(),
//!     date: Some("2024-03-05".into()),
//!     source: "seed.txt".into(),
//!     line: None,
//!     url: None,
//!     province: None,
//! };
//! let annotated = policy_search::annotate::annotate(&article);
//! let mut writer = index.writer(1, 20_000_000)?;
//! writer.add_article(&article, 1, &annotated)?;
//! writer.commit()?;
//!
//! let engine = Engine::new(index)?;
//! let results = engine.search(&SearchRequest { query: "质生产".into(), ..Default::default() })?;
//! let hit = &results.hits[0];
//! assert_eq!(hit.province.as_deref(), Some("湖北"));
//! assert_eq!(hit.speakers, vec!["马新强".to_string()]);
//! assert_eq!(hit.highlights.len(), 1);
//! # Ok::<(), policy_search::Error>(())
//! ```

pub mod annotate;
pub mod cancel;
pub mod decode;
pub mod dedup;
pub mod error;
pub mod extract;
pub mod highlight;
pub mod index;
pub mod ingest;
pub mod model;
pub mod normalize;
pub mod query;
pub mod render;
pub mod segment;
pub mod source;
pub mod split;
pub mod vocab;

pub use error::{Error, Result};
