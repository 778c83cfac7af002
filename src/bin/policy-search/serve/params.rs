//! Query-string parameters → library request types, the HTTP twin of `cli.rs`.
//!
//! Owns parsing and validating parameters (names, repeats, numbers, limits);
//! what the values mean is the library's business.

use policy_search::model::Role;
use policy_search::query::{
    Filters, Period, QuoteRequest, SearchRequest, Sort, TrendRequest, MAX_QUERY_CHARS,
};

use super::error::ApiError;

/// Most results one API request may ask for.
pub(crate) const API_MAX_LIMIT: usize = 100;
/// Longest speaker name accepted, in characters.
const MAX_NAME_CHARS: usize = 50;
/// Most provinces one request may filter on.
const MAX_PROVINCES: usize = 40;

/// The decoded pairs of one query string, checked against the names an endpoint knows.
pub(crate) struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Fails on a parameter the endpoint does not know (a typo would otherwise
    /// be silently ignored).
    pub(crate) fn new(pairs: Vec<(String, String)>, known: &[&str]) -> Result<Params, ApiError> {
        for (name, _) in &pairs {
            if !known.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "unknown parameter '{}' (known: {})",
                    clip(name),
                    known.join(", ")
                )));
            }
        }
        Ok(Params { pairs })
    }

    /// A parameter given at most once; empty values count as absent (an empty form field).
    fn single(&self, name: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(n, v)| n == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim());
        let first = values.next();
        if values.next().is_some() {
            return Err(ApiError::bad_request(format!(
                "parameter '{name}' is given more than once"
            )));
        }
        Ok(first)
    }

    /// A repeatable parameter whose values may also be comma-separated (`,` or `，`).
    fn list(&self, name: &str) -> Vec<String> {
        self.pairs
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split([',', '，']))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect()
    }

    fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(text) = self.single(name)? else {
            return Ok(default);
        };
        let bad =
            || ApiError::bad_request(format!("{name} must be a whole number from {min} to {max}"));
        let value: usize = text.parse().map_err(|_| bad())?;
        if value < min || value > max {
            return Err(bad());
        }
        Ok(value)
    }

    fn flag(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.single(name)? {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(other) => Err(ApiError::bad_request(format!(
                "{name} must be true or false, not '{}'",
                clip(other)
            ))),
        }
    }

    fn query(&self) -> Result<Option<String>, ApiError> {
        let Some(q) = self.single("q")? else {
            return Ok(None);
        };
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::bad_request(format!(
                "query is longer than {MAX_QUERY_CHARS} characters"
            )));
        }
        Ok(Some(q.to_string()))
    }

    fn provinces(&self) -> Result<Vec<String>, ApiError> {
        let provinces = self.list("province");
        // empty values count too: a URL of thousands of `province=` is refused, not skimmed
        let given = self.pairs.iter().filter(|(n, _)| n == "province").count();
        if provinces.len().max(given) > MAX_PROVINCES {
            return Err(ApiError::bad_request(format!(
                "at most {MAX_PROVINCES} provinces may be given"
            )));
        }
        Ok(provinces)
    }

    fn filters(&self) -> Result<Filters, ApiError> {
        let provinces = self.provinces()?;
        let speaker = self.single("speaker")?;
        if speaker.is_some_and(|s| s.chars().count() > MAX_NAME_CHARS) {
            return Err(ApiError::bad_request(format!(
                "speaker is longer than {MAX_NAME_CHARS} characters"
            )));
        }
        Ok(Filters {
            provinces,
            speaker: speaker.map(str::to_string),
            role: self.role()?,
            from: self.single("from")?.map(str::to_string),
            to: self.single("to")?.map(str::to_string),
        })
    }

    fn role(&self) -> Result<Option<Role>, ApiError> {
        let Some(text) = self.single("role")? else {
            return Ok(None);
        };
        Role::parse(text).map(Some).ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown role '{}' (use 全国人大代表, 全国政协委员 or other)",
                clip(text)
            ))
        })
    }

    fn sort(&self) -> Result<Sort, ApiError> {
        match self.single("sort")? {
            None | Some("relevance") => Ok(Sort::Relevance),
            Some("date") => Ok(Sort::Date),
            Some(other) => Err(ApiError::bad_request(format!(
                "sort must be relevance or date, not '{}'",
                clip(other)
            ))),
        }
    }
}

pub(crate) const SEARCH_PARAMS: &[&str] = &[
    "q", "province", "speaker", "role", "from", "to", "limit", "offset", "facets", "sort",
    "collapse", "count",
];

/// `/api/search` parameters → a [`SearchRequest`].
pub(crate) fn search_request(params: &Params) -> Result<SearchRequest, ApiError> {
    let query = params.query()?.ok_or_else(|| {
        ApiError::bad_request("missing parameter 'q': give a word or \"a phrase\" to search for")
    })?;
    Ok(SearchRequest {
        query,
        filters: params.filters()?,
        limit: page_limit(params, 10)?,
        offset: params.number("offset", 0, 0, 10_000)?,
        facets: params.flag("facets", false)?,
        sort: params.sort()?,
        collapse: params.flag("collapse", true)?,
        explain: false,
        count: params.flag("count", false)?,
    })
}

pub(crate) const QUOTE_PARAMS: &[&str] = &[
    "q", "province", "speaker", "role", "from", "to", "limit", "offset",
];

/// `/api/quotes` parameters → a [`QuoteRequest`].
pub(crate) fn quote_request(params: &Params) -> Result<QuoteRequest, ApiError> {
    Ok(QuoteRequest {
        query: params.query()?,
        filters: params.filters()?,
        limit: page_limit(params, 20)?,
        offset: params.number("offset", 0, 0, 10_000)?,
    })
}

pub(crate) const TREND_PARAMS: &[&str] = &["q", "by", "province", "speaker", "role", "from", "to"];

/// Most queries one `/api/trend` request may compare (the page's chart shows five).
pub(crate) const API_MAX_TREND_QUERIES: usize = 5;

/// `/api/trend` parameters → a [`TrendRequest`]: `q` once per query (not
/// split on commas, which a phrase may hold), `by` year or month.
pub(crate) fn trend_request(params: &Params) -> Result<TrendRequest, ApiError> {
    let queries: Vec<String> = params
        .pairs
        .iter()
        .filter(|(name, value)| name == "q" && !value.trim().is_empty())
        .map(|(_, value)| value.trim().to_string())
        .collect();
    if queries.is_empty() {
        return Err(ApiError::bad_request(
            "missing parameter 'q': give one q per word or \"phrase\" to count",
        ));
    }
    if queries.len() > API_MAX_TREND_QUERIES {
        return Err(ApiError::bad_request(format!(
            "at most {API_MAX_TREND_QUERIES} queries (q) may be compared"
        )));
    }
    if let Some(long) = queries.iter().find(|q| q.chars().count() > MAX_QUERY_CHARS) {
        return Err(ApiError::bad_request(format!(
            "query '{}' is longer than {MAX_QUERY_CHARS} characters",
            clip(long)
        )));
    }
    let by = match params.single("by")? {
        None => Period::Year,
        Some(text) => Period::parse(text).ok_or_else(|| {
            ApiError::bad_request(format!("by must be year or month, not '{}'", clip(text)))
        })?,
    };
    Ok(TrendRequest {
        queries,
        by,
        filters: params.filters()?,
    })
}

pub(crate) const SPEAKER_PARAMS: &[&str] = &["province", "role"];

/// `/api/speakers` parameters → the filters `Engine::speakers` takes.
pub(crate) fn speaker_filters(params: &Params) -> Result<Filters, ApiError> {
    Ok(Filters {
        provinces: params.provinces()?,
        role: params.role()?,
        ..Filters::default()
    })
}

/// The `limit` of a page: at most [`API_MAX_LIMIT`] results a request. The
/// error says how to get more: page on with `offset`, or export every hit
/// from the command line.
fn page_limit(params: &Params, default: usize) -> Result<usize, ApiError> {
    params
        .number("limit", default, 1, API_MAX_LIMIT)
        .map_err(|error| {
            ApiError::bad_request(format!(
                "{}: the API answers in pages (page on with offset); \
                 `policy-search search QUERY --all --csv` exports every hit",
                error.message()
            ))
        })
}

/// A user-supplied value shortened for an error message.
fn clip(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let head: String = text.chars().take(MAX).collect();
    format!("{head}…")
}
