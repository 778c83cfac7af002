//! The one shared jieba dictionary, loaded once per process and only when a
//! component really segments text (ingest, extraction, a query typed without
//! spaces: `query::understand`).

use std::sync::OnceLock;

use jieba_rs::Jieba;

static JIEBA: OnceLock<Jieba> = OnceLock::new();

/// The process-wide jieba instance with the bundled policy vocabulary.
pub fn jieba() -> &'static Jieba {
    JIEBA.get_or_init(|| {
        let mut jieba = Jieba::new();
        crate::vocab::add_policy_terms(&mut jieba);
        jieba
    })
}
