//! `policy-search serve`: the HTTP JSON API and the search page.
//!
//! Owns the server: the tokio runtime, the connection loop and its timeouts,
//! the router, request limits, the Host check, the deadline and cancellation
//! of each request's work, and shutdown. The handlers in [`api`] turn a query
//! string into the same library request the CLI builds and serialize the
//! model types as they are; [`error`] maps failures to status codes; [`page`]
//! serves the static search page; [`host`] decides which Host names are
//! served; [`openapi`] describes the API. No domain logic lives here.
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
//! /api/trend           q (once per query, up to 5), by (year|month), province, speaker, role, from, to
//! /api/speakers        province, role
//! /api/stats
//! /api/articles/{id}
//! /api/openapi.json    this list as an OpenAPI 3.0 description
//! ```
//!
//! Errors are `{"error": "message"}` with 400 (bad query or parameter),
//! 403 (a Host name not served), 404 (unknown article or path), 414 (URL too
//! long), 503 (deadline passed or shutting down) or 500.
//!
//! What a client cannot do: hold a connection without sending a request
//! header ([`HEADER_TIMEOUT`], also between keep-alive requests), keep the
//! engine busy past the deadline or after it went away (the work is
//! cancelled at the engine's next checkpoint, and a request keeps its
//! concurrency permit until its work really stops), or keep the server up
//! after SIGTERM/SIGINT (running work is cancelled, connections get
//! [`SHUTDOWN_GRACE`] to finish, and work that still runs is abandoned).

mod api;
mod error;
mod host;
mod openapi;
mod page;
mod params;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

use policy_search::cancel::{self, CancelToken};
use policy_search::query::SearchBackend;

use error::ApiError;
use host::AllowedHosts;

/// Longest request target (path and query string) accepted, in bytes: just
/// under the 64 KB the `http` crate parses at all. Five trend words of
/// `MAX_QUERY_CHARS` Chinese characters and 40 provinces percent-encode to
/// about 53 KB, so a parameter that is merely too long still gets a 400 that
/// names it; only a URL beyond any valid one gets a 414.
const MAX_URI_BYTES: usize = 60 * 1024;
/// Request bodies are never needed (every endpoint is `GET`).
const MAX_BODY_BYTES: usize = 4 * 1024;
/// A connection must send a whole request header within this time of opening
/// or of its previous answer (keep-alive), else it is closed.
pub(crate) const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// After SIGTERM/SIGINT, open connections get this long to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);
/// After the grace, engine work that has not reached a checkpoint is waited
/// for this long, then abandoned with the process.
const ABANDON_AFTER: Duration = Duration::from_secs(1);

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; port 0 picks a free port.
    pub addr: String,
    /// Host names served besides IP literals and `localhost`.
    pub allow_hosts: Vec<String>,
    /// Longest a request's work may run before it is stopped with 503.
    pub deadline: Duration,
}

/// Serves `engine` (the embedded index, or an OpenSearch index) until
/// interrupted (Ctrl-C or SIGTERM).
pub fn run(engine: Arc<dyn SearchBackend>, options: &ServeOptions) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let served = runtime.block_on(serve(engine, options));
    // dropping the runtime would wait for every blocking task: engine work
    // that has not reached a checkpoint yet is abandoned instead
    runtime.shutdown_timeout(ABANDON_AFTER);
    served?;
    eprintln!("policy-search: server stopped");
    Ok(())
}

async fn serve(engine: Arc<dyn SearchBackend>, options: &ServeOptions) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&options.addr)
        .await
        .with_context(|| format!("cannot listen on {}", options.addr))?;
    let local: SocketAddr = listener.local_addr()?;
    let hosts = AllowedHosts::new(&options.allow_hosts)?;
    let state = AppState::new(engine, options.deadline);
    let app = router(state.clone(), hosts);
    eprintln!("listening on http://{local}");

    let (closing, closed) = watch::channel(false);
    let mut connections = JoinSet::new();
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(connection(stream, app.clone(), closed.clone()));
                }
                Err(error) => {
                    // out of file descriptors and the like: wait, do not spin
                    eprintln!("policy-search: cannot accept a connection: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    state.shutdown.cancel();
    let _ = closing.send(true);
    let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        eprintln!(
            "policy-search: {} connections still open after {} s, closing them",
            connections.len(),
            SHUTDOWN_GRACE.as_secs()
        );
        connections.abort_all();
    }
    Ok(())
}

/// Serves one connection (HTTP/1.1 with keep-alive) until the client closes
/// it, a header does not arrive in time, or the server shuts down.
async fn connection(stream: tokio::net::TcpStream, app: Router, mut closed: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT)
        .keep_alive(true);
    let served = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => return,
        _ = closed.wait_for(|closed| *closed) => {}
    }
    // finish the request in flight, then close
    served.as_mut().graceful_shutdown();
    let _ = served.await;
}

/// The whole application: API, page, limits and headers.
pub(crate) fn router(state: AppState, hosts: AllowedHosts) -> Router {
    Router::new()
        .route("/", get(page::index))
        .route("/app.js", get(page::script))
        .route("/style.css", get(page::style))
        .route("/api/search", get(api::search))
        .route("/api/quotes", get(api::quotes))
        .route("/api/trend", get(api::trend))
        .route("/api/speakers", get(api::speakers))
        .route("/api/stats", get(api::stats))
        .route("/api/articles/{id}", get(api::article))
        .route("/api/openapi.json", get(openapi::document))
        .fallback(not_found)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn(limits_and_headers))
        .layer(middleware::from_fn_with_state(hosts, host::check))
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

/// What every handler shares: the engine, a bound on concurrent index work,
/// the deadline of a request, and the token that cancels all work at shutdown.
#[derive(Clone)]
pub(crate) struct AppState {
    engine: Arc<dyn SearchBackend>,
    /// Engine calls run on the blocking pool; this bounds how many at once.
    /// A call keeps its permit until its work stops, not until its client goes.
    permits: Arc<Semaphore>,
    deadline: Duration,
    shutdown: CancelToken,
}

impl AppState {
    pub(crate) fn new(engine: Arc<dyn SearchBackend>, deadline: Duration) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        AppState {
            engine,
            permits: Arc::new(Semaphore::new((cores * 4).max(4))),
            deadline,
            shutdown: CancelToken::new(),
        }
    }

    /// Runs one engine call on the blocking pool, within the deadline.
    ///
    /// The work is cancelled (it stops at the engine's next checkpoint) when
    /// the deadline passes, when this future is dropped because the client
    /// went away, and when the server shuts down.
    async fn call<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn SearchBackend) -> policy_search::Result<T> + Send + 'static,
    {
        let token = CancelToken::child_of(&self.shutdown);
        let _cancel_when_dropped = token.cancel_on_drop();
        let deadline = tokio::time::Instant::now() + self.deadline;
        let permit = match tokio::time::timeout_at(
            deadline,
            Arc::clone(&self.permits).acquire_owned(),
        )
        .await
        {
            Ok(Ok(permit)) => permit,
            Ok(Err(_)) => return Err(ApiError::unavailable("server is shutting down")),
            Err(_) => return Err(self.too_slow("waited for other requests")),
        };
        if token.is_cancelled() {
            return Err(ApiError::unavailable("server is shutting down"));
        }
        let engine = Arc::clone(&self.engine);
        let worker = token.clone();
        let joined = tokio::time::timeout_at(
            deadline,
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                cancel::scope(&worker, || work(engine.as_ref()))
            }),
        )
        .await;
        match joined {
            Err(_) => {
                token.cancel();
                Err(self.too_slow("ran"))
            }
            Ok(Ok(Err(policy_search::Error::Cancelled))) => {
                Err(ApiError::unavailable("server is shutting down"))
            }
            Ok(Ok(result)) => result.map_err(ApiError::from),
            Ok(Err(error)) => {
                eprintln!("policy-search: request failed: {error}");
                Err(ApiError::internal("internal error"))
            }
        }
    }

    fn too_slow(&self, what: &str) -> ApiError {
        ApiError::unavailable(format!(
            "the request {what} longer than {} s and was stopped; narrow the query or ask for an earlier page",
            self.deadline.as_secs_f64()
        ))
    }
}
