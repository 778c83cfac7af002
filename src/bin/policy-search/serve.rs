//! `policy-search serve`: the HTTP JSON API and the search page.
//!
//! Owns the server: the tokio runtime, the router, request limits, and
//! graceful shutdown. The handlers in [`api`] turn a query string into the
//! same library request the CLI builds and serialize the model types as they
//! are; [`error`] maps failures to status codes; [`page`] serves the static
//! search page. No domain logic lives here.
//!
//! New commits (a second `ingest` while serving) need nothing from here: the
//! engine's reader is built with tantivy's `ReloadPolicy::OnCommitWithDelay`,
//! which watches the index's `meta.json` and reloads within about half a
//! second.
//!
//! Endpoints (all `GET`):
//!
//! ```text
//! /                    the search page (also /app.js, /style.css)
//! /api/search          q, province, speaker, role, from, to, limit, offset, facets, sort, collapse
//! /api/quotes          q, speaker, role, province, from, to, limit, offset
//! /api/speakers        province, role
//! /api/stats
//! /api/articles/{id}
//! ```
//!
//! Errors are `{"error": "message"}` with 400 (bad query or parameter),
//! 404 (unknown article or path), 414 (URL too long) or 500.

mod api;
mod error;
mod page;
mod params;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::Semaphore;

use policy_search::query::SearchBackend;

use error::ApiError;

/// Longest request target (path and query string) accepted, in bytes. A
/// query of `MAX_QUERY_CHARS` Chinese characters percent-encodes to 9,000.
const MAX_URI_BYTES: usize = 16 * 1024;
/// Request bodies are never needed (every endpoint is `GET`).
const MAX_BODY_BYTES: usize = 4 * 1024;

/// Serves `engine` on `addr` until interrupted (Ctrl-C or SIGTERM).
pub fn run(engine: Arc<dyn SearchBackend>, addr: &str) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(engine, addr))
}

async fn serve(engine: Arc<dyn SearchBackend>, addr: &str) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let local: SocketAddr = listener.local_addr()?;
    let app = router(AppState::new(engine));
    eprintln!("listening on http://{local}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("server error")?;
    eprintln!("policy-search: server stopped");
    Ok(())
}

/// The whole application: API, page, limits and headers.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/search", get(api::search))
        .route("/api/quotes", get(api::quotes))
        .route("/api/speakers", get(api::speakers))
        .route("/api/stats", get(api::stats))
        .route("/api/articles/{id}", get(api::article))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limits_and_headers))
}

async fn not_found(request: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such page: {}", request.uri().path()),
    )
}

/// Rejects over-long URLs before any handler runs; marks every response nosniff.
async fn limits_and_headers(request: Request, next: Next) -> Response {
    let uri_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    let mut response = if uri_len > MAX_URI_BYTES {
        ApiError::new(
            StatusCode::URI_TOO_LONG,
            format!("request URL is longer than {MAX_URI_BYTES} bytes"),
        )
        .into_response()
    } else {
        next.run(request).await
    };
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    eprintln!("policy-search: shutting down");
}

/// What every handler shares: the engine and a bound on concurrent index work.
#[derive(Clone)]
pub(crate) struct AppState {
    engine: Arc<dyn SearchBackend>,
    /// Engine calls run on the blocking pool; this bounds how many at once.
    permits: Arc<Semaphore>,
}

impl AppState {
    pub(crate) fn new(engine: Arc<dyn SearchBackend>) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            engine,
            permits: Arc::new(Semaphore::new((cores * 4).max(4))),
        }
    }

    /// Runs one engine call on the blocking pool.
    async fn call<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn SearchBackend) -> policy_search::Result<T> + Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("server is shutting down"))?;
        let engine = Arc::clone(&self.engine);
        let joined = tokio::task::spawn_blocking(move || work(&*engine)).await;
        match joined {
            Ok(result) => result.map_err(ApiError::from),
            Err(error) => Err(ApiError::internal(format!("request failed: {error}"))),
        }
    }
}
