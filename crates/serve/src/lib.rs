//! chronicle's web UI and JSON API: one job, serving a store over HTTP.
//!
//! [`app`] builds the axum router over a store file: HTML pages (a
//! dashboard, the event list, event, document, actor and search pages;
//! static shells with embedded JavaScript that render the JSON API with
//! text nodes only, so article text is never read as markup), the JSON API
//! behind them (described by `GET /api/openapi.json`) and the review
//! endpoints (confirm, reject, edit, merge, split), which write the store
//! and its `audit` table.
//!
//! Writes need `Authorization: Bearer TOKEN` matching the configured token
//! (`CHRONICLE_TOKEN`); with no token configured every write is refused.
//! The reviewer recorded in the audit trail is the `X-Chronicle-User`
//! header, else the configured user (`CHRONICLE_USER`, default
//! "reviewer"). Request bodies are limited to [`BODY_LIMIT`] bytes.
//!
//! Assets (`assets/`) are embedded in the binary; no front-end build step.

mod api;
mod assets;
mod json;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Router;
use chronicle_search::SearchIndex;
use chronicle_store::SqliteStore;

pub use api::ROUTES;
pub use assets::OPENAPI;

/// The largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How the server is set up.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store file (must exist).
    pub db: PathBuf,
    /// The bearer token writes need; `None` refuses every write.
    pub token: Option<String>,
    /// The reviewer recorded when a request names none.
    pub user: String,
    /// Read connections (default: the number of CPUs, at most 16).
    pub readers: usize,
}

impl Config {
    /// A configuration for `db` with the token and user from the
    /// environment (`CHRONICLE_TOKEN`, `CHRONICLE_USER`).
    pub fn from_env(db: PathBuf) -> Config {
        let token = std::env::var("CHRONICLE_TOKEN")
            .ok()
            .filter(|t| !t.trim().is_empty());
        let user = std::env::var("CHRONICLE_USER")
            .ok()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "reviewer".into());
        Config {
            db,
            token,
            user,
            readers: default_readers(),
        }
    }
}

fn default_readers() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(4)
        .clamp(2, 16)
}

/// The shared state of the handlers: a pool of read connections, one
/// write connection, the token and a cache of dashboard answers.
pub struct AppState {
    readers: Vec<Mutex<SqliteStore>>,
    next: AtomicUsize,
    writer: Mutex<SqliteStore>,
    token: Option<String>,
    user: String,
    /// Bumped by every write; cached answers of older generations are stale.
    generation: AtomicU64,
    cache: Mutex<HashMap<String, Cached>>,
    /// One computation of each cached answer at a time (no thundering
    /// herd): a lock per key being computed.
    computing: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// The search index beside the store (`<db>.search`), when there is
    /// one; the search page falls back to the store's full-text index.
    index: Option<Mutex<SearchIndex>>,
}

/// A cached answer: valid while the generation is the same and the store's
/// fingerprint (checked at most once per [`FINGERPRINT_TTL`]) too, so that
/// a concurrent `chronicle ingest` shows within that time.
struct Cached {
    generation: u64,
    fingerprint: String,
    checked: Instant,
    body: Arc<String>,
}

/// How long a cached answer is served before the store is asked whether
/// it changed.
const FINGERPRINT_TTL: Duration = Duration::from_secs(1);

/// At most this many cached answers (then the cache starts afresh)...
const CACHE_ENTRIES: usize = 128;
/// ...of at most this many bytes each.
const CACHE_BODY_MAX: usize = 256 * 1024;

/// An error answer: a status and a one-line message, sent as
/// `{"error": "..."}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
        }
    }
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }
}

impl From<chronicle_store::StoreError> for ApiError {
    fn from(e: chronicle_store::StoreError) -> ApiError {
        match e {
            chronicle_store::StoreError::Invalid(m) => ApiError::bad_request(m),
            chronicle_store::StoreError::Busy { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, e.to_string())
            }
            other => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            serde_json::json!({ "error": self.message }).to_string(),
        )
            .into_response()
    }
}

impl AppState {
    /// Opens the store (migrating it if needed) and the read pool.
    pub fn open(config: &Config) -> Result<AppState, String> {
        let writer = SqliteStore::open_existing(&config.db).map_err(|e| e.to_string())?;
        let mut readers = Vec::new();
        for _ in 0..config.readers.max(1) {
            readers.push(Mutex::new(
                SqliteStore::open_read_only(&config.db).map_err(|e| e.to_string())?,
            ));
        }
        let dir = SearchIndex::dir_for_db(&config.db);
        let index = if dir.is_dir() {
            SearchIndex::open(&dir).ok().map(Mutex::new)
        } else {
            None
        };
        Ok(AppState {
            index,
            readers,
            next: AtomicUsize::new(0),
            writer: Mutex::new(writer),
            token: config.token.clone(),
            user: config.user.clone(),
            generation: AtomicU64::new(0),
            cache: Mutex::new(HashMap::new()),
            computing: Mutex::new(HashMap::new()),
        })
    }

    /// The documents the search index finds for `text`, best first, as
    /// (records id, snippet with the matching words in brackets); `None`
    /// when there is no index or it cannot answer (a query syntax error).
    fn search_documents(&self, text: &str, limit: usize) -> Option<Vec<(String, String)>> {
        let index = self
            .index
            .as_ref()?
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        // Ingests write the index while the server runs.
        index.reload().ok()?;
        let query = chronicle_search::Query {
            kind: Some(chronicle_search::Kind::Document),
            limit,
            ..chronicle_search::Query::new(text)
        };
        let hits = index.search(&query).ok()?;
        Some(
            hits.into_iter()
                .map(|h| (h.doc_id, h.snippet.marked("[", "]")))
                .collect(),
        )
    }

    /// Runs `f` on a free read connection, on the blocking pool.
    async fn read<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let n = state.readers.len();
            let start = state.next.fetch_add(1, Ordering::Relaxed);
            for i in 0..n {
                if let Ok(guard) = state.readers[(start + i) % n].try_lock() {
                    return f(&guard);
                }
            }
            let guard = state.readers[start % n]
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            f(&guard)
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    }

    /// Runs `f` on the write connection, on the blocking pool, and marks
    /// cached answers stale.
    async fn write<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut SqliteStore) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = state.writer.lock().unwrap_or_else(|p| p.into_inner());
            let out = f(&mut guard);
            state.generation.fetch_add(1, Ordering::SeqCst);
            out
        })
        .await
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    }

    /// The answer cached under `key`, else `compute`'s (one computation at
    /// a time; the others wait and take its answer). Used for the
    /// dashboard and event lists, which a UI asks for again and again.
    async fn cached<F>(self: &Arc<Self>, key: String, compute: F) -> Result<Arc<String>, ApiError>
    where
        F: Fn(&SqliteStore) -> Result<String, ApiError> + Send + Sync + 'static,
    {
        if let Some(hit) = self.fresh(&key, None) {
            return Ok(hit);
        }
        let fingerprint = self.read(|s| Ok(s.fingerprint()?)).await?;
        if let Some(hit) = self.fresh(&key, Some(&fingerprint)) {
            return Ok(hit);
        }
        let lock = self
            .computing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(key.clone())
            .or_default()
            .clone();
        let _one = lock.lock().await;
        if let Some(hit) = self.fresh(&key, Some(&fingerprint)) {
            return Ok(hit);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let compute = Arc::new(compute);
        let (fingerprint, body) = self
            .read(move |s| Ok((s.fingerprint()?, compute(s)?)))
            .await?;
        let body = Arc::new(body);
        self.computing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&key);
        if body.len() > CACHE_BODY_MAX {
            return Ok(body);
        }
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(
            key,
            Cached {
                generation,
                fingerprint,
                checked: Instant::now(),
                body: body.clone(),
            },
        );
        Ok(body)
    }

    /// The cached answer if still valid: same generation, and checked
    /// recently or with the same `fingerprint`.
    fn fresh(&self, key: &str, fingerprint: Option<&str>) -> Option<Arc<String>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        let c = cache.get_mut(key)?;
        if c.generation != generation {
            return None;
        }
        match fingerprint {
            None if c.checked.elapsed() < FINGERPRINT_TTL => Some(c.body.clone()),
            Some(f) if f == c.fingerprint => {
                c.checked = Instant::now();
                Some(c.body.clone())
            }
            _ => None,
        }
    }
}

/// The router over an opened state. Inside a tokio runtime it also starts
/// computing the default dashboard in the background.
pub fn router(state: Arc<AppState>) -> Router {
    api::warm(&state);
    api::router(state)
}

/// Opens the store and builds the router.
pub fn app(config: &Config) -> Result<Router, String> {
    Ok(router(Arc::new(AppState::open(config)?)))
}

/// Serves `router` on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
