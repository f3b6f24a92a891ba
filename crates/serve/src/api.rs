//! The routes: pages, assets, the JSON API and the review endpoints.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, MethodRouter};
use axum::{Json, Router};
use chronicle_report::{DonorsOptions, DonorsReport};
use chronicle_store::listing::EventFilter;
use chronicle_store::review::{Decision, EventEdit};
use chronicle_store::{AidKind, Currency, DateRange, Store};
use serde_json::{json, Value};

use crate::{assets, json as j, ApiError, AppState, BODY_LIMIT};

type Shared = Arc<AppState>;
type ApiResult = Result<Response, ApiError>;

/// Every route of the router: method and path (axum syntax, which is the
/// OpenAPI one). The router is built from this table; a test checks that
/// the OpenAPI description names each.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/"),
    ("get", "/events"),
    ("get", "/events/{id}"),
    ("get", "/documents/{id}"),
    ("get", "/actors/{id}"),
    ("get", "/search"),
    ("get", "/assets/app.js"),
    ("get", "/assets/app.css"),
    ("get", "/api/openapi.json"),
    ("get", "/api/dashboard"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("patch", "/api/events/{id}"),
    ("post", "/api/events/{id}/review"),
    ("post", "/api/events/{id}/merge"),
    ("post", "/api/events/{id}/split"),
    ("get", "/api/documents/{id}"),
    ("get", "/api/actors/{id}"),
    ("post", "/api/entities/{id}/merge"),
    ("post", "/api/entities/{id}/split"),
    ("get", "/api/search"),
    ("get", "/api/audit"),
];

fn handler(method: &str, path: &str) -> MethodRouter<Shared> {
    match (method, path) {
        ("get", "/") => get(|| async { assets::page("dashboard") }),
        ("get", "/events") => get(|| async { assets::page("events") }),
        ("get", "/events/{id}") => get(|| async { assets::page("event") }),
        ("get", "/documents/{id}") => get(|| async { assets::page("document") }),
        ("get", "/actors/{id}") => get(|| async { assets::page("actor") }),
        ("get", "/search") => get(|| async { assets::page("search") }),
        ("get", "/assets/app.js") => get(|| async { assets::asset("app.js") }),
        ("get", "/assets/app.css") => get(|| async { assets::asset("app.css") }),
        ("get", "/api/openapi.json") => get(|| async { assets::asset("openapi.json") }),
        ("get", "/api/dashboard") => get(dashboard),
        ("get", "/api/events") => get(list_events),
        ("get", "/api/events/{id}") => get(event),
        ("patch", "/api/events/{id}") => patch(edit_event),
        ("post", "/api/events/{id}/review") => post(review_event),
        ("post", "/api/events/{id}/merge") => post(merge_events),
        ("post", "/api/events/{id}/split") => post(split_event),
        ("get", "/api/documents/{id}") => get(document),
        ("get", "/api/actors/{id}") => get(actor),
        ("post", "/api/entities/{id}/merge") => post(merge_entities),
        ("post", "/api/entities/{id}/split") => post(split_entity),
        ("get", "/api/search") => get(search),
        ("get", "/api/audit") => get(audit),
        _ => get(|| async { ApiError::not_found("no such route") }),
    }
}

/// Computes the default dashboard in the background (when a runtime is
/// running), so that the first visitor does not wait for it.
pub fn warm(state: &Shared) {
    if let Ok(rt) = tokio::runtime::Handle::try_current() {
        let state = state.clone();
        rt.spawn(async move {
            let _ = dashboard(State(state), Ok(Query(HashMap::new()))).await;
        });
    }
}

pub fn router(state: Shared) -> Router {
    let mut by_path: Vec<(&str, MethodRouter<Shared>)> = Vec::new();
    for (method, path) in ROUTES {
        let h = handler(method, path);
        match by_path.iter_mut().find(|(p, _)| p == path) {
            Some((_, mr)) => *mr = std::mem::take(mr).merge(h),
            None => by_path.push((path, h)),
        }
    }
    let mut r = Router::new();
    for (path, mr) in by_path {
        r = r.route(path, mr);
    }
    r.fallback(fallback)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

async fn fallback(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(format!("no such endpoint: {}", uri.path())).into_response()
    } else {
        (StatusCode::NOT_FOUND, assets::page("notfound")).into_response()
    }
}

fn ok(v: Value) -> ApiResult {
    Ok(json_response(v.to_string()))
}

fn json_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

fn id_of(p: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    match p {
        Ok(Path(id)) if id > 0 => Ok(id),
        Ok(Path(id)) => Err(ApiError::bad_request(format!("bad id {id}"))),
        Err(e) => Err(ApiError::bad_request(format!("bad id: {}", e.body_text()))),
    }
}

fn params(q: Result<Query<HashMap<String, String>>, QueryRejection>) -> Result<Params, ApiError> {
    match q {
        Ok(Query(m)) => Ok(Params(m)),
        Err(e) => Err(ApiError::bad_request(e.body_text())),
    }
}

fn body(b: Result<Json<Value>, JsonRejection>) -> Result<serde_json::Map<String, Value>, ApiError> {
    match b {
        Ok(Json(Value::Object(m))) => Ok(m),
        Ok(_) => Err(ApiError::bad_request("the body must be a JSON object")),
        Err(e) => Err(ApiError::new(e.status(), e.body_text())),
    }
}

/// Query parameters, with checks.
struct Params(HashMap<String, String>);

impl Params {
    fn str(&self, k: &str) -> Option<&str> {
        self.0.get(k).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn date(&self, k: &str) -> Result<Option<String>, ApiError> {
        match self.str(k) {
            None => Ok(None),
            Some(d) if is_date(d) => Ok(Some(d.to_string())),
            Some(d) => Err(ApiError::bad_request(format!(
                "{k}: {d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
            ))),
        }
    }

    fn num(&self, k: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.str(k) {
            None => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(ApiError::bad_request(format!(
                    "{k}: {v:?} is not a number from 0 to {max}"
                ))),
            },
        }
    }

    fn currency(&self) -> Result<Currency, ApiError> {
        match self
            .str("currency")
            .map(|c| c.to_ascii_uppercase())
            .as_deref()
        {
            None | Some("EUR") => Ok(Currency::EUR),
            Some("USD") => Ok(Currency::USD),
            Some(c) => Err(ApiError::bad_request(format!(
                "currency: {c:?} is not EUR or USD"
            ))),
        }
    }

    fn aid_kind(&self) -> Result<Option<AidKind>, ApiError> {
        match self.str("kind").map(|c| c.to_ascii_lowercase()).as_deref() {
            None | Some("all") => Ok(None),
            Some("military") => Ok(Some(AidKind::Military)),
            Some("financial") => Ok(Some(AidKind::Financial)),
            Some("humanitarian") => Ok(Some(AidKind::Humanitarian)),
            Some("unspecified") => Ok(Some(AidKind::Unspecified)),
            Some(k) => Err(ApiError::bad_request(format!(
                "kind: {k:?} is not military, financial, humanitarian or unspecified"
            ))),
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

const EVENT_TYPES: &[&str] = &[
    "VISIT",
    "MEET",
    "CALL",
    "AID_PLEDGE",
    "AID_DELIVERY",
    "AGREEMENT",
    "GATHERING",
];
const REVIEW_STATUSES: &[&str] = &["unreviewed", "confirmed", "rejected", "edited"];

// ------------------------------------------------------------------ reads

async fn dashboard(
    State(state): State<Shared>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let currency = p.currency()?;
    let kind = p.aid_kind()?;
    let key = format!("dashboard:{currency:?}:{kind:?}");
    let body = state
        .cached(key, move |s| {
            let report: DonorsReport = chronicle_report::donors(
                s,
                &DonorsOptions {
                    currency,
                    kind,
                    limit: Some(15),
                    ..DonorsOptions::default()
                },
            )
            .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
            let months = s.aid_by_month(currency, kind.map(|k| k.as_str()))?;
            let latest = |kinds: &[&str]| {
                s.list_events(&EventFilter {
                    kinds: kinds.iter().map(|k| k.to_string()).collect(),
                    newest_first: true,
                    limit: 10,
                    ..EventFilter::default()
                })
                .map(|(es, _)| j::events(&es))
            };
            let visits = latest(&["VISIT"])?;
            let meetings = latest(&["MEET", "CALL"])?;
            let edges = s.meeting_network(40)?;
            let counts = s.counts()?;
            let review: serde_json::Map<String, Value> = s
                .review_counts()?
                .into_iter()
                .map(|(k, n)| (k, json!(n)))
                .collect();
            Ok(json!({
                "currency": format!("{currency:?}"),
                "kind": kind.map(|k| k.as_str()),
                "counts": {
                    "documents": counts.documents, "entities": counts.entities,
                    "events": counts.events, "quotes": counts.quotes,
                },
                "review": review,
                "donors": serde_json::to_value(&report.rows).unwrap_or(Value::Null),
                "donors_hidden": report.hidden,
                "aid_by_month": months.iter().map(|m| json!({
                    "month": m.month, "pledged": m.pledged, "delivered": m.delivered,
                })).collect::<Vec<_>>(),
                "latest_visits": visits,
                "latest_meetings": meetings,
                "network": edges.iter().map(j::edge).collect::<Vec<_>>(),
            })
            .to_string())
        })
        .await?;
    Ok(json_response(body.as_ref().clone()))
}

fn event_filter(p: &Params) -> Result<EventFilter, ApiError> {
    let mut kinds = Vec::new();
    if let Some(t) = p.str("type") {
        for k in t.split(',').map(|k| k.trim().to_ascii_uppercase()) {
            if k.is_empty() {
                continue;
            }
            if !EVENT_TYPES.contains(&k.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "type: {k:?} is not one of {}",
                    EVENT_TYPES.join(", ")
                )));
            }
            kinds.push(k);
        }
    }
    let review_status = match p.str("status").map(|s| s.to_ascii_lowercase()) {
        None => None,
        Some(s) if REVIEW_STATUSES.contains(&s.as_str()) => Some(s),
        Some(s) => {
            return Err(ApiError::bad_request(format!(
                "status: {s:?} is not one of {}",
                REVIEW_STATUSES.join(", ")
            )))
        }
    };
    let country = p.str("country").map(str::to_string);
    if let Some(c) = &country {
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ApiError::bad_request(format!(
                "country: {c:?} is not an ISO 3166-1 alpha-3 code"
            )));
        }
    }
    let newest_first = match p.str("order") {
        None | Some("newest") => true,
        Some("oldest") => false,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "order: {o:?} is not newest or oldest"
            )))
        }
    };
    Ok(EventFilter {
        kinds,
        actor: p.str("actor").map(str::to_string),
        country,
        since: p.date("since")?,
        until: p.date("until")?,
        review_status,
        text: p.str("q").map(str::to_string),
        newest_first,
        limit: p.num("limit", 50, 500)?.max(1),
        offset: p.num("offset", 0, 10_000_000)?,
    })
}

async fn list_events(
    State(state): State<Shared>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let f = event_filter(&params(q)?)?;
    let key = format!("events:{f:?}");
    let body = state
        .cached(key, move |s| {
            let (es, total) = s.list_events(&f)?;
            Ok(json!({
                "total": total, "offset": f.offset, "limit": f.limit, "events": j::events(&es),
            })
            .to_string())
        })
        .await?;
    Ok(json_response(body.as_ref().clone()))
}

async fn event(State(state): State<Shared>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let id = id_of(id)?;
    let v = state
        .read(move |s| {
            let Some(e) = s.event(id)? else {
                return Err(ApiError::not_found(format!("no event with id {id}")));
            };
            let sources = s.event_sources(id)?;
            let audit = s.audit_trail(Some("events"), Some(id), 50)?;
            Ok(json!({
                "event": j::event(&e),
                "sources": sources.iter().map(j::source).collect::<Vec<_>>(),
                "audit": audit.iter().map(j::audit).collect::<Vec<_>>(),
            }))
        })
        .await?;
    ok(v)
}

async fn document(State(state): State<Shared>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let id = id_of(id)?;
    let v = state
        .read(move |s| {
            let Some(d) = s.document(id)? else {
                return Err(ApiError::not_found(format!("no document with id {id}")));
            };
            let highlights = s.document_highlights(id)?;
            let quotes = s.document_quotes(id)?;
            let events = s.document_events(id)?;
            let mut ents: Vec<(i64, String, String, usize)> = Vec::new();
            for h in highlights.iter().filter(|h| h.kind == "mention") {
                match ents.iter_mut().find(|e| e.0 == h.target) {
                    Some(e) => e.3 += 1,
                    None => ents.push((
                        h.target,
                        h.label.clone(),
                        h.detail.clone().unwrap_or_default(),
                        1,
                    )),
                }
            }
            let mut doc = j::document(&d, &highlights, &quotes);
            doc["events"] = j::events(&events);
            doc["entities"] = ents
                .iter()
                .map(|(id, name, kind, n)| json!({"id": id, "name": name, "kind": kind, "mentions": n}))
                .collect();
            Ok(doc)
        })
        .await?;
    ok(v)
}

async fn actor(State(state): State<Shared>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let id = id_of(id)?;
    let v = state
        .read(move |s| {
            let Some(e) = s.entity(id)? else {
                return Err(ApiError::not_found(format!("no entity with id {id}")));
            };
            let roles = s.actor_roles(id)?;
            let events = s.actor_events(id, &DateRange::all())?;
            let quotes = s.actor_quotes(id, &DateRange::all())?;
            let audit = s.audit_trail(Some("entities"), Some(id), 50)?;
            Ok(json!({
                "entity": j::entity(&e),
                "roles": roles.iter().map(j::role).collect::<Vec<_>>(),
                "events": j::events(&events),
                "quotes": quotes.iter().map(j::quote).collect::<Vec<_>>(),
                "audit": audit.iter().map(j::audit).collect::<Vec<_>>(),
            }))
        })
        .await?;
    ok(v)
}

async fn search(
    State(state): State<Shared>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let Some(text) = p.str("q").map(str::to_string) else {
        return Err(ApiError::bad_request("q: a query is needed"));
    };
    if text.len() > 500 {
        return Err(ApiError::bad_request("q: at most 500 bytes"));
    }
    let limit = p.num("limit", 20, 200)?.max(1);
    let searcher = state.clone();
    let v = state
        .read(move |s| {
            // The search index when there is one, else the store's FTS5
            // index, with the words as strings: no query syntax errors from
            // user input.
            let (engine, docs) = match searcher.search_documents(&text, limit) {
                Some(hits) => {
                    let mut docs = Vec::with_capacity(hits.len());
                    for (record_id, snippet) in hits {
                        if let Some(mut d) = s.document_by_record_id(&record_id)? {
                            if !docs
                                .iter()
                                .any(|x: &chronicle_store::DocumentHit| x.id == d.id)
                            {
                                d.snippet = snippet;
                                docs.push(d);
                            }
                        }
                    }
                    ("index", docs)
                }
                None => {
                    let fts = text
                        .split_whitespace()
                        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                        .collect::<Vec<_>>()
                        .join(" ");
                    ("sqlite", s.search(&fts, limit)?)
                }
            };
            let entities = s.entities_named(&text, limit)?;
            let (events, total) = s.list_events(&EventFilter {
                text: Some(text.clone()),
                newest_first: true,
                limit,
                ..EventFilter::default()
            })?;
            Ok(json!({
                "query": text,
                "engine": engine,
                "documents": docs.iter().map(|d| json!({
                    "id": d.id, "title": d.title, "url": d.url,
                    "published": d.published, "snippet": d.snippet,
                })).collect::<Vec<_>>(),
                "entities": entities.iter().map(j::entity).collect::<Vec<_>>(),
                "events": j::events(&events),
                "events_total": total,
            }))
        })
        .await?;
    ok(v)
}

async fn audit(
    State(state): State<Shared>,
    q: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> ApiResult {
    let p = params(q)?;
    let table = match p.str("table") {
        None => None,
        Some(t @ ("events" | "entities")) => Some(t.to_string()),
        Some(t) => {
            return Err(ApiError::bad_request(format!(
                "table: {t:?} is not events or entities"
            )))
        }
    };
    let row = match p.str("row") {
        None => None,
        Some(r) => Some(
            r.parse::<i64>()
                .map_err(|_| ApiError::bad_request(format!("row: {r:?} is not an id")))?,
        ),
    };
    let limit = p.num("limit", 100, 1000)?.max(1);
    let v = state
        .read(move |s| {
            let rows = s.audit_trail(table.as_deref(), row, limit)?;
            Ok(json!({ "audit": rows.iter().map(j::audit).collect::<Vec<_>>() }))
        })
        .await?;
    ok(v)
}

// ------------------------------------------------------------------ writes

/// The reviewer making a write: the bearer token must match; the name is
/// `X-Chronicle-User` or the configured user.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(token) = &state.token else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "writes are disabled: the server has no token (set CHRONICLE_TOKEN and restart)",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writes need an Authorization: Bearer TOKEN header",
        ));
    };
    if !same(given.as_bytes(), token.as_bytes()) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong token"));
    }
    let user = headers
        .get("x-chronicle-user")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|u| !u.is_empty() && u.len() <= 64 && !u.chars().any(char::is_control))
        .map(str::to_string)
        .unwrap_or_else(|| state.user.clone());
    Ok(user)
}

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn field_id(m: &serde_json::Map<String, Value>, k: &str) -> Result<i64, ApiError> {
    m.get(k)
        .and_then(Value::as_i64)
        .filter(|&v| v > 0)
        .ok_or_else(|| ApiError::bad_request(format!("{k}: an id (a positive integer) is needed")))
}

async fn review_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let m = body(b)?;
    let decision = m
        .get("decision")
        .and_then(Value::as_str)
        .and_then(Decision::parse)
        .ok_or_else(|| ApiError::bad_request("decision: confirm, reject or reset"))?;
    let found = state
        .write(move |s| Ok(s.review_event(id, decision, &who)?))
        .await?;
    if !found {
        return Err(ApiError::not_found(format!("no event with id {id}")));
    }
    updated_event(&state, id).await
}

async fn updated_event(state: &Shared, id: i64) -> ApiResult {
    let v = state
        .read(move |s| {
            let e = s
                .event(id)?
                .ok_or_else(|| ApiError::not_found(format!("no event with id {id}")))?;
            Ok(json!({ "event": j::event(&e) }))
        })
        .await?;
    ok(v)
}

fn opt_str(v: &Value, k: &str) -> Result<Option<String>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        _ => Err(ApiError::bad_request(format!("{k}: a string or null"))),
    }
}

fn opt_num(v: &Value, k: &str) -> Result<Option<f64>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        _ => Err(ApiError::bad_request(format!("{k}: a number or null"))),
    }
}

async fn edit_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let m = body(b)?;
    let mut edit = EventEdit::default();
    for (k, v) in &m {
        match k.as_str() {
            "type" => edit.kind = opt_str(v, k)?,
            "status" => edit.status = opt_str(v, k)?,
            "date_start" => edit.date_start = Some(opt_str(v, k)?),
            "date_end" => edit.date_end = Some(opt_str(v, k)?),
            "aid_kind" => edit.aid_kind = Some(opt_str(v, k)?),
            "value_eur" => edit.value_eur = Some(opt_num(v, k)?),
            "value_usd" => edit.value_usd = Some(opt_num(v, k)?),
            other => {
                return Err(ApiError::bad_request(format!(
                    "{other}: not an editable field (type, status, date_start, date_end, aid_kind, value_eur, value_usd)"
                )))
            }
        }
    }
    let found = state
        .write(move |s| Ok(s.edit_event(id, &edit, &who)?))
        .await?;
    if !found {
        return Err(ApiError::not_found(format!("no event with id {id}")));
    }
    updated_event(&state, id).await
}

async fn merge_events(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let other = field_id(&body(b)?, "other")?;
    state
        .write(move |s| Ok(s.merge_events(id, other, &who)?))
        .await
        .map_err(missing_is_404)?;
    updated_event(&state, id).await
}

async fn split_event(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let doc = field_id(&body(b)?, "document_id")?;
    let new = state
        .write(move |s| Ok(s.split_event(id, doc, &who)?))
        .await
        .map_err(missing_is_404)?;
    ok(json!({ "event_id": id, "new_event_id": new }))
}

async fn merge_entities(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let other = field_id(&body(b)?, "other")?;
    state
        .write(move |s| Ok(s.merge_entities(id, other, &who)?))
        .await
        .map_err(missing_is_404)?;
    ok(json!({ "entity_id": id, "merged": other }))
}

async fn split_entity(
    State(state): State<Shared>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    b: Result<Json<Value>, JsonRejection>,
) -> ApiResult {
    let who = authorize(&state, &headers)?;
    let id = id_of(id)?;
    let doc = field_id(&body(b)?, "document_id")?;
    let new = state
        .write(move |s| Ok(s.split_entity(id, doc, &who)?))
        .await
        .map_err(missing_is_404)?;
    ok(json!({ "entity_id": id, "new_entity_id": new }))
}

/// "no event with id N" from the store is a 404, not a 400.
fn missing_is_404(e: ApiError) -> ApiError {
    if e.status == StatusCode::BAD_REQUEST
        && e.message.starts_with("no ")
        && e.message.contains(" with id ")
    {
        ApiError::not_found(e.message)
    } else {
        e
    }
}
