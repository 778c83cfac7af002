//! The JSON API handlers.
//!
//! Each handler decodes the query string (see `params`), makes the same
//! library call as the CLI on the blocking pool, and serializes the model
//! types unchanged, so field names match `policy-search … --json`. Errors
//! become status codes in `error`, not here.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use policy_search::model::{FacetCounts, Hit, QuoteHit, SpeakerSummary, Stats};
use policy_search::query::{ArticleView, Trend};

use super::error::ApiError;
use super::params::{self, Params};
use super::AppState;

/// Longest article id accepted, in bytes.
const MAX_ID_BYTES: usize = 200;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

fn decode(pairs: Pairs, known: &[&str]) -> Result<Params, ApiError> {
    let Query(pairs) = pairs.map_err(|rejection| ApiError::bad_request(rejection.body_text()))?;
    Params::new(pairs, known)
}

/// `GET /api/search`.
#[derive(Debug, Serialize)]
pub(crate) struct SearchResponse {
    pub total: usize,
    /// false when `total` is an estimate (ask `count=true` for the count)
    pub total_exact: bool,
    pub hits: Vec<Hit>,
    pub facets: Option<FacetCounts>,
}

pub(crate) async fn search(
    State(app): State<AppState>,
    pairs: Pairs,
) -> Result<Response, ApiError> {
    let request = params::search_request(&decode(pairs, params::SEARCH_PARAMS)?)?;
    let results = app.call(move |engine| engine.search(&request)).await?;
    Ok(json(SearchResponse {
        total: results.total,
        total_exact: results.total_exact,
        hits: results.hits,
        facets: results.facets,
    }))
}

/// `GET /api/quotes`.
#[derive(Debug, Serialize)]
pub(crate) struct QuotesResponse {
    pub total: usize,
    pub hits: Vec<QuoteHit>,
}

pub(crate) async fn quotes(
    State(app): State<AppState>,
    pairs: Pairs,
) -> Result<Response, ApiError> {
    let request = params::quote_request(&decode(pairs, params::QUOTE_PARAMS)?)?;
    let results = app.call(move |engine| engine.quotes(&request)).await?;
    Ok(json(QuotesResponse {
        total: results.total,
        hits: results.hits,
    }))
}

/// `GET /api/trend`: the [`Trend`] as `policy-search trend --json` prints it.
pub(crate) async fn trend(State(app): State<AppState>, pairs: Pairs) -> Result<Response, ApiError> {
    let request = params::trend_request(&decode(pairs, params::TREND_PARAMS)?)?;
    let trend: Trend = app.call(move |engine| engine.trend(&request)).await?;
    Ok(json(trend))
}

/// `GET /api/speakers`.
#[derive(Debug, Serialize)]
pub(crate) struct SpeakersResponse {
    pub speakers: Vec<SpeakerSummary>,
}

pub(crate) async fn speakers(
    State(app): State<AppState>,
    pairs: Pairs,
) -> Result<Response, ApiError> {
    let filters = params::speaker_filters(&decode(pairs, params::SPEAKER_PARAMS)?)?;
    let speakers = app.call(move |engine| engine.speakers(&filters)).await?;
    Ok(json(SpeakersResponse { speakers }))
}

/// `GET /api/stats`.
pub(crate) async fn stats(State(app): State<AppState>, pairs: Pairs) -> Result<Response, ApiError> {
    decode(pairs, &[])?;
    let stats: Stats = app.call(|engine| engine.stats()).await?;
    Ok(json(stats))
}

/// `GET /api/articles/{id}`.
pub(crate) async fn article(
    State(app): State<AppState>,
    Path(id): Path<String>,
    pairs: Pairs,
) -> Result<Response, ApiError> {
    decode(pairs, &[])?;
    if id.is_empty() || id.len() > MAX_ID_BYTES {
        return Err(ApiError::bad_request(format!(
            "article id must be 1 to {MAX_ID_BYTES} bytes"
        )));
    }
    let view: ArticleView = app.call(move |engine| engine.article(&id)).await?;
    Ok(json(view))
}

/// A JSON body that is never cached: the index changes under it.
fn json<T: Serialize>(body: T) -> Response {
    let mut response = Json(body).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
