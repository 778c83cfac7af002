//! policy-search on an OpenSearch cluster: the embedded index exported into
//! an OpenSearch index ([`export`]), and that index answering the same
//! requests as the embedded one ([`OpenSearchBackend`], a
//! [`crate::query::SearchBackend`]).
//!
//! The layer above `query`: it reads the embedded index through
//! `index::documents` and uses the query syntax, the request and answer
//! types, the jieba analyzer, folding, highlights and near-duplicate
//! collapse of the layers below; nothing below names it.
//!
//! - `client`: a blocking JSON client of the REST API (errors name the URL);
//! - `mapping`: the one owner of field names, analysis and mapping;
//! - `export`: documents, bulk export with retries, NDJSON files;
//! - `dsl`: the query syntax as the query DSL (text, boosts, filters);
//! - `backend`: requests sent, hits, facets, quotes, trends and articles back.

mod backend;
mod client;
mod dsl;
pub mod export;
pub mod mapping;

pub use backend::OpenSearchBackend;
pub use client::{Client, Reply};
pub use export::{
    export_to_cluster, export_to_dir, ExportOptions, ExportProgress, ExportSummary, FailedItem,
};
pub use mapping::Layout;

use crate::error::{Error, Result};

/// The index name when a URL names none.
pub const DEFAULT_INDEX: &str = "policy-search";

/// A cluster and one of its indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// `http://host:port` (or `https://…`), without a trailing slash.
    pub base: String,
    pub index: String,
}

impl Target {
    /// Parses `opensearch://HOST:PORT/INDEX` (plain HTTP), or an `http://` /
    /// `https://` URL with the index as its path; `index` overrides the path,
    /// and [`DEFAULT_INDEX`] is used when neither names one.
    pub fn parse(url: &str, index: Option<&str>) -> Result<Target> {
        let bad = |reason: &str| {
            Error::Argument(format!(
                "bad OpenSearch URL '{url}': {reason} (use opensearch://HOST:PORT/INDEX or http://HOST:PORT)"
            ))
        };
        let (scheme, rest) = if let Some(rest) = url.strip_prefix("opensearch://") {
            ("http", rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            ("http", rest)
        } else if let Some(rest) = url.strip_prefix("https://") {
            ("https", rest)
        } else {
            return Err(bad("unknown scheme"));
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let path = path.trim_matches('/');
        let name = index
            .or((!path.is_empty()).then_some(path))
            .unwrap_or(DEFAULT_INDEX);
        check_index_name(name).map_err(|reason| bad(&reason))?;
        Ok(Target {
            base: format!("{scheme}://{host}"),
            index: name.to_string(),
        })
    }

    /// `opensearch://HOST:PORT/INDEX` or the `https://` URL with the index.
    pub fn url(&self) -> String {
        match self.base.strip_prefix("http://") {
            Some(host) => format!("opensearch://{host}/{}", self.index),
            None => format!("{}/{}", self.base, self.index),
        }
    }
}

/// OpenSearch's rules for an index name: lowercase, no path or wildcard characters.
fn check_index_name(name: &str) -> std::result::Result<(), String> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.+".contains(c);
    if name.is_empty() || name.len() > 255 {
        return Err("an index name has 1 to 255 characters".into());
    }
    if !name.chars().all(allowed) || name.starts_with(['-', '_', '+', '.']) {
        return Err(format!(
            "index name '{name}' must be lowercase letters, digits, - _ . + (not first)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_from_urls() {
        let t = Target::parse("opensearch://127.0.0.1:9250/xwlb", None).unwrap();
        assert_eq!(t.base, "http://127.0.0.1:9250");
        assert_eq!(t.index, "xwlb");
        assert_eq!(t.url(), "opensearch://127.0.0.1:9250/xwlb");
        let t = Target::parse("http://localhost:9200/", Some("news")).unwrap();
        assert_eq!(
            (t.base.as_str(), t.index.as_str()),
            ("http://localhost:9200", "news")
        );
        let t = Target::parse("https://search.example:443", None).unwrap();
        assert_eq!(t.index, DEFAULT_INDEX);
        for bad in [
            "127.0.0.1:9200",
            "opensearch:///x",
            "http://h:1/Upper",
            "http://h:1/a*b",
        ] {
            assert!(Target::parse(bad, None).is_err(), "{bad}");
        }
    }
}
