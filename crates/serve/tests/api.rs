//! The JSON API through the router: reads, errors, security, review.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use chronicle_store::{SqliteStore, Store};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use common::{config, fixture, Fixture, SCRIPT_TEXT, SCRIPT_TITLE};

const TOKEN: &str = "s3cret";

fn app(f: &Fixture, token: Option<&str>) -> Router {
    chronicle_serve::app(&config(f, token)).expect("app")
}

async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String, Option<String>) {
    let res = app.clone().oneshot(req).await.expect("response");
    let status = res.status();
    let ty = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.into_body().collect().await.expect("body").to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned(), ty)
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (s, body, _) = send(app, Request::get(uri).body(Body::empty()).unwrap()).await;
    (s, serde_json::from_str(&body).unwrap_or(Value::Null))
}

async fn post(
    app: &Router,
    method: &str,
    uri: &str,
    token: Option<&str>,
    body: Value,
) -> (StatusCode, Value) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .header("x-chronicle-user", "alice");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let (s, body, _) = send(app, req.body(Body::from(body.to_string())).unwrap()).await;
    (s, serde_json::from_str(&body).unwrap_or(Value::Null))
}

#[test]
fn openapi_describes_every_route_and_no_other() {
    let doc: Value = serde_json::from_str(chronicle_serve::OPENAPI).expect("openapi.json parses");
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (method, path) in chronicle_serve::ROUTES {
        assert!(
            paths.get(*path).and_then(|p| p.get(*method)).is_some(),
            "{method} {path} is not in openapi.json"
        );
    }
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            assert!(
                chronicle_serve::ROUTES.contains(&(method.as_str(), path.as_str())),
                "openapi.json describes {method} {path}, which the router lacks"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_and_reads_answer() {
    let f = fixture();
    let app = app(&f, None);
    for page in [
        "/",
        "/events",
        "/events/1",
        "/documents/1",
        "/actors/1",
        "/search",
        "/assets/app.js",
        "/assets/app.css",
        "/api/openapi.json",
    ] {
        let (s, _, _) = send(&app, Request::get(page).body(Body::empty()).unwrap()).await;
        assert_eq!(s, StatusCode::OK, "{page}");
    }
    let (s, d) = get(&app, "/api/dashboard?currency=USD&kind=military").await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["counts"]["documents"].as_u64().unwrap() == 3);
    assert!(d["donors"].is_array() && d["aid_by_month"].is_array() && d["network"].is_array());
    let (s, d) = get(&app, "/api/events?type=VISIT&limit=5").await;
    assert_eq!(s, StatusCode::OK);
    assert!(d["total"].as_u64().unwrap() > 0);
    for e in d["events"].as_array().unwrap() {
        assert_eq!(e["type"], "VISIT");
    }
    let id = d["events"][0]["id"].as_i64().unwrap();
    let (s, d) = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(!d["sources"].as_array().unwrap().is_empty());
    assert!(d["sources"][0]["evidence_text"].is_string());
    let (s, d) = get(&app, "/api/search?q=Kyiv").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!d["documents"].as_array().unwrap().is_empty());
    let (s, _) = get(&app, "/api/search?q=%22unbalanced").await;
    assert_eq!(s, StatusCode::OK, "query syntax in user input is quoted");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_gets_json_errors() {
    let f = fixture();
    let app = app(&f, Some(TOKEN));
    for (uri, want) in [
        ("/api/events/999999", StatusCode::NOT_FOUND),
        ("/api/documents/999999", StatusCode::NOT_FOUND),
        ("/api/actors/999999", StatusCode::NOT_FOUND),
        ("/api/events/abc", StatusCode::BAD_REQUEST),
        ("/api/events/-3", StatusCode::BAD_REQUEST),
        ("/api/events?type=PARTY", StatusCode::BAD_REQUEST),
        ("/api/events?since=yesterday", StatusCode::BAD_REQUEST),
        ("/api/events?limit=many", StatusCode::BAD_REQUEST),
        ("/api/events?country=Germany", StatusCode::BAD_REQUEST),
        ("/api/dashboard?currency=GBP", StatusCode::BAD_REQUEST),
        ("/api/search", StatusCode::BAD_REQUEST),
        ("/api/nothing", StatusCode::NOT_FOUND),
    ] {
        let (s, d) = get(&app, uri).await;
        assert_eq!(s, want, "{uri}");
        assert!(d["error"].is_string(), "{uri}: {d}");
    }
    let (s, d) = post(
        &app,
        "POST",
        "/api/events/999999/review",
        Some(TOKEN),
        json!({"decision": "confirm"}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{d}");
    let (s, _) = post(
        &app,
        "POST",
        "/api/events/1/review",
        Some(TOKEN),
        json!({"decision": "maybe"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(
        &app,
        "PATCH",
        "/api/events/1",
        Some(TOKEN),
        json!({"date_start": "soon"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = post(
        &app,
        "PATCH",
        "/api/events/1",
        Some(TOKEN),
        json!({"colour": "red"}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, d) = post(
        &app,
        "POST",
        "/api/events/1/merge",
        Some(TOKEN),
        json!({"other": 999999}),
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{d}");
    // Not JSON.
    let req = Request::post("/api/events/1/review")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {TOKEN}"))
        .body(Body::from("{nope"))
        .unwrap();
    let (s, _, _) = send(&app, req).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_need_the_token() {
    let f = fixture();
    let closed = app(&f, None);
    let (s, d) = post(
        &closed,
        "POST",
        "/api/events/1/review",
        Some("anything"),
        json!({"decision": "confirm"}),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(
        d["error"].as_str().unwrap().contains("CHRONICLE_TOKEN"),
        "{d}"
    );
    let open = app(&f, Some(TOKEN));
    let (s, _) = post(
        &open,
        "POST",
        "/api/events/1/review",
        None,
        json!({"decision": "confirm"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = post(
        &open,
        "POST",
        "/api/events/1/review",
        Some("wrong"),
        json!({"decision": "confirm"}),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let store = SqliteStore::open_read_only(&f.db).unwrap();
    assert_eq!(store.event(1).unwrap().unwrap().review_status, "unreviewed");
}

#[tokio::test(flavor = "multi_thread")]
async fn large_bodies_are_refused() {
    let f = fixture();
    let app = app(&f, Some(TOKEN));
    let big = json!({"decision": "confirm", "pad": "x".repeat(chronicle_serve::BODY_LIMIT + 1)});
    let (s, _) = post(&app, "POST", "/api/events/1/review", Some(TOKEN), big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_articles_is_data_not_html() {
    let f = fixture();
    let app = app(&f, None);
    let (s, d) = get(&app, &format!("/api/documents/{}", f.script_doc)).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["title"], SCRIPT_TITLE);
    assert_eq!(d["text"], SCRIPT_TEXT);
    assert!(!d["highlights"].as_array().unwrap().is_empty());
    // The page is a fixed shell: no article text in it, and a policy that
    // refuses inline scripts.
    let (s, html, ty) = send(
        &app,
        Request::get(format!("/documents/{}", f.script_doc))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert!(ty.unwrap().starts_with("text/html"));
    assert!(!html.contains("pwned") && !html.contains("Biden"));
    let res = app
        .clone()
        .oneshot(Request::get("/documents/1").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let csp = res
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"));
    // The script renders with text nodes only.
    let (_, js, _) = send(
        &app,
        Request::get("/assets/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert!(
        !js.contains(".innerHTML")
            && !js.contains("outerHTML")
            && !js.contains("insertAdjacentHTML")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn review_writes_are_audited_and_survive_reingest() {
    let f = fixture();
    let app = app(&f, Some(TOKEN));
    let (_, d) = get(&app, "/api/events?order=oldest&limit=500").await;
    let events = d["events"].as_array().unwrap().clone();
    let first = events[0]["id"].as_i64().unwrap();
    let second = events[1]["id"].as_i64().unwrap();
    let third = events[2]["id"].as_i64().unwrap();

    let (s, d) = post(
        &app,
        "POST",
        &format!("/api/events/{first}/review"),
        Some(TOKEN),
        json!({"decision": "confirm"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["event"]["review_status"], "confirmed");
    assert_eq!(d["event"]["reviewed"], true);

    let (s, d) = post(
        &app,
        "PATCH",
        &format!("/api/events/{second}"),
        Some(TOKEN),
        json!({"date_start": "2023-09-01", "status": "planned"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["event"]["review_status"], "edited");
    assert_eq!(d["event"]["date_start"], "2023-09-01");
    assert_eq!(d["event"]["status"], "planned");

    let (s, _) = post(
        &app,
        "POST",
        &format!("/api/events/{third}/review"),
        Some(TOKEN),
        json!({"decision": "reject"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    // Rejected events leave the default list, and show with status=rejected.
    let (_, d) = get(&app, "/api/events?limit=500").await;
    assert!(d["events"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["id"] != third));
    let (_, d) = get(&app, "/api/events?status=rejected").await;
    assert_eq!(d["events"][0]["id"], third);

    let (_, d) = get(&app, &format!("/api/events/{first}")).await;
    let audit = d["audit"].as_array().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["actor"], "alice");
    assert_eq!(audit[0]["action"], "confirm");
    assert_eq!(audit[0]["before"]["review_status"], "unreviewed");
    assert_eq!(audit[0]["after"]["review_status"], "confirmed");
    assert!(audit[0]["at"].as_str().unwrap().starts_with("20"));

    // Re-ingesting the same documents changes nothing reviewed.
    {
        let mut store = SqliteStore::open(&f.db).unwrap();
        let ex = chronicle_extract::Extractor::new();
        let meta = chronicle_extract::Meta {
            title: Some(SCRIPT_TITLE.into()),
            ..Default::default()
        };
        let records = ex.extract(SCRIPT_TEXT, &meta);
        let out = store
            .insert_document(&chronicle_store::DocMeta::new("script"), &records)
            .unwrap();
        assert!(out.is_skipped());
        assert_eq!(
            store.event(first).unwrap().unwrap().review_status,
            "confirmed"
        );
        assert_eq!(
            store.event(second).unwrap().unwrap().review_status,
            "edited"
        );
        assert_eq!(
            store.event(third).unwrap().unwrap().review_status,
            "rejected"
        );
    }

    // Merge two events, then split the merged one again by document.
    let (_, d) = get(&app, "/api/events?type=VISIT&order=oldest&limit=500").await;
    let visits: Vec<(i64, i64)> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_i64().unwrap(),
                e["source_count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(visits.len() >= 2, "{visits:?}");
    let (a, b) = (visits[0].0, visits[1].0);
    let (s, d) = post(
        &app,
        "POST",
        &format!("/api/events/{a}/merge"),
        Some(TOKEN),
        json!({"other": b}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, _) = get(&app, &format!("/api/events/{b}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, d) = get(&app, &format!("/api/events/{a}")).await;
    let docs: Vec<i64> = d["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["document_id"].as_i64().unwrap())
        .collect();
    let split_doc = *docs.last().unwrap();
    let (s, d) = post(
        &app,
        "POST",
        &format!("/api/events/{a}/split"),
        Some(TOKEN),
        json!({"document_id": split_doc}),
    )
    .await;
    if docs.iter().any(|&x| x != split_doc) {
        assert_eq!(s, StatusCode::OK, "{d}");
        let new = d["new_event_id"].as_i64().unwrap();
        let (_, n) = get(&app, &format!("/api/events/{new}")).await;
        assert!(n["sources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["document_id"] == split_doc));
    } else {
        assert_eq!(
            s,
            StatusCode::BAD_REQUEST,
            "one document only: nothing to split"
        );
    }

    // Merge two entities; split one document's mentions off again.
    let (_, d) = get(&app, &format!("/api/documents/{}", f.script_doc)).await;
    let ents: Vec<i64> = d["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect();
    assert!(ents.len() >= 2);
    let (s, d) = post(
        &app,
        "POST",
        &format!("/api/entities/{}/merge", ents[0]),
        Some(TOKEN),
        json!({"other": ents[1]}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let (s, _) = get(&app, &format!("/api/actors/{}", ents[1])).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, d) = get(&app, "/api/audit?table=entities").await;
    assert_eq!(d["audit"].as_array().unwrap().len(), 2);

    // An entity of several documents: split off what one of them says.
    let mut shared = None;
    for id in &ents[2..] {
        let (_, a) = get(&app, &format!("/api/actors/{id}")).await;
        if a["entity"]["documents"].as_u64().unwrap_or(0) >= 2 {
            shared = Some((*id, a["entity"]["documents"].as_u64().unwrap()));
            break;
        }
    }
    let (id, docs) = shared.expect("an entity the script document shares with another");
    let (s, d) = post(
        &app,
        "POST",
        &format!("/api/entities/{id}/split"),
        Some(TOKEN),
        json!({"document_id": f.script_doc}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let new = d["new_entity_id"].as_i64().unwrap();
    let (_, a) = get(&app, &format!("/api/actors/{id}")).await;
    assert_eq!(a["entity"]["documents"].as_u64().unwrap(), docs - 1);
    let (_, n) = get(&app, &format!("/api/actors/{new}")).await;
    assert_eq!(n["entity"]["documents"], 1);
    assert!(n["entity"]["mentions"].as_u64().unwrap() >= 1);
    assert_eq!(n["audit"][0]["action"], "split");
    // Splitting again by the same document: nothing of it is left there.
    let (s, _) = post(
        &app,
        "POST",
        &format!("/api/entities/{id}/split"),
        Some(TOKEN),
        json!({"document_id": f.script_doc}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edited_event_keeps_its_fields_when_a_new_report_merges_in() {
    let f = fixture();
    let app = app(&f, Some(TOKEN));
    // The Stoltenberg visit of the second document.
    let (_, d) = get(&app, "/api/events?type=VISIT&actor=Stoltenberg").await;
    let Some(id) = d["events"][0]["id"].as_i64() else {
        panic!("no Stoltenberg visit: {d}");
    };
    let (s, _) = post(
        &app,
        "PATCH",
        &format!("/api/events/{id}"),
        Some(TOKEN),
        json!({"status": "expected"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let mut store = SqliteStore::open(&f.db).unwrap();
    let before = store.event(id).unwrap().unwrap().source_count;
    let ex = chronicle_extract::Extractor::new();
    let text = "NATO chief Jens Stoltenberg visited Kyiv on Thursday and met with Zelensky.\n";
    let meta = chronicle_extract::Meta {
        published: chrono::NaiveDate::from_ymd_opt(2023, 9, 28),
        ..Default::default()
    };
    let records = ex.extract(text, &meta);
    store
        .insert_document(&chronicle_store::DocMeta::new("third"), &records)
        .unwrap();
    let e = store.event(id).unwrap().unwrap();
    assert_eq!(
        e.source_count,
        before + 1,
        "the new report merged into the edited event"
    );
    assert_eq!(e.review_status, "edited");
    assert_eq!(e.status, "expected");
}

#[tokio::test(flavor = "multi_thread")]
async fn search_uses_the_index_beside_the_store_else_sqlite() {
    let f = fixture();
    // No index yet: the store's own full-text index answers.
    let (s, d) = get(&app(&f, None), "/api/search?q=Scholz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["engine"], "sqlite");
    let titles = |d: &Value| -> Vec<String> {
        d["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["title"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(titles(&d), [SCRIPT_TITLE]);

    // Index the stored documents as `chronicle ingest` does.
    {
        let store = SqliteStore::open(&f.db).unwrap();
        let ex = chronicle_extract::Extractor::new();
        let dir = chronicle_search::SearchIndex::dir_for_db(&f.db);
        let mut index = chronicle_search::SearchIndex::open_or_create(&dir).unwrap();
        for id in store.document_ids().unwrap() {
            let d = store.stored_document(id).unwrap().unwrap();
            let meta = chronicle_extract::Meta {
                id: Some(d.record_id.clone()),
                title: d.title.clone(),
                ..chronicle_extract::Meta::default()
            };
            let records = ex.extract(d.text.as_deref().unwrap_or(""), &meta);
            index
                .add(&chronicle_search::IndexDoc::from_records(&records, None))
                .unwrap();
        }
        index.commit().unwrap();
    }
    let app = app(&f, None);
    let (s, d) = get(&app, "/api/search?q=Scholz").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(d["engine"], "index");
    assert_eq!(titles(&d), [SCRIPT_TITLE]);
    let id = d["documents"][0]["id"].as_i64().unwrap();
    let (s, doc) = get(&app, &format!("/api/documents/{id}")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(doc["title"], SCRIPT_TITLE);
    assert!(d["documents"][0]["snippet"]
        .as_str()
        .unwrap()
        .contains("[Scholz]"));
    // The index's query syntax: Ukraine, but not the report naming Scholz.
    let (_, d) = get(&app, "/api/search?q=Ukraine%20-Scholz").await;
    assert_eq!(d["engine"], "index");
    assert!(!titles(&d).is_empty());
    assert!(!titles(&d).contains(&SCRIPT_TITLE.to_string()));
    // What the index cannot parse still gets an answer.
    let (s, _) = get(&app, "/api/search?q=%22unbalanced").await;
    assert_eq!(s, StatusCode::OK);
}
