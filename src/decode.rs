//! Bytes → text → articles.

use std::path::Path;

use crate::error::Error;
use crate::model::Article;

/// The articles of one file, and what could not be read in it.
#[derive(Debug, Default)]
pub struct Decoded {
    pub articles: Vec<Article>,
    pub problems: Vec<Error>,
}

/// Decodes one file's bytes into articles according to its extension.
pub fn decode_file(_path: &Path, _bytes: &[u8]) -> Decoded {
    Decoded::default()
}
