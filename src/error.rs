//! The library's error type. The binary wraps it in `anyhow` and prints it with `{:#}`.

use std::path::PathBuf;

/// Everything that can go wrong in policy-search.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file (or one line of it) that could not be turned into articles.
    #[error("{}: {reason}", location(path, *line))]
    BadInput {
        path: PathBuf,
        line: Option<usize>,
        reason: String,
    },
    #[error("invalid query: {0}")]
    Query(String),
    #[error("invalid argument: {0}")]
    Argument(String),
    #[error("index is locked: another policy-search ingest is writing to {0}")]
    Locked(PathBuf),
    #[error("no index at {0} (run `policy-search ingest PATH` first)")]
    NoIndex(PathBuf),
    #[error("the index at {0} was built by an older policy-search; remove that folder and run `policy-search ingest` again")]
    OldIndex(PathBuf),
    #[error("article not found: {0}")]
    NotFound(String),
    #[error("index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("query syntax: {0}")]
    QueryParse(#[from] tantivy::query::QueryParserError),
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    /// A search cluster (OpenSearch) that cannot be reached or refuses a request.
    #[error("{url}: {reason}")]
    Remote { url: String, reason: String },
}

fn location(path: &std::path::Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

impl Error {
    pub fn bad_input(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        reason: impl Into<String>,
    ) -> Self {
        Error::BadInput {
            path: path.into(),
            line,
            reason: reason.into(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
