//! `chronicle serve` and `chronicle reextract` on the built binary, over a
//! small store `chronicle ingest` builds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use chronicle_search::{Query, SearchIndex};
use chronicle_store::review::{Decision, EventEdit};
use chronicle_store::{SqliteStore, Store, TimelineQuery};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/seed.txt")
}

const SECOND: &str = "NATO Secretary General Jens Stoltenberg visited Kyiv on Thursday, \
where he met with President Volodymyr Zelensky, officials said. Germany pledged \
400 million euros in military aid to Ukraine, the German defence ministry said.\n";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A store built by `chronicle ingest` from the seed article and a short
/// second report.
fn small_store(dir: &Path) -> PathBuf {
    let second = dir.join("second.txt");
    std::fs::write(&second, SECOND).unwrap();
    let db = dir.join("news.db");
    let o = bin()
        .arg("ingest")
        .arg(seed())
        .arg(&second)
        .arg("--db")
        .arg(&db)
        .args(["--published", "2023-09-28", "--quiet"])
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "ingest failed: {}", stderr(&o));
    db
}

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET `path` on `addr`: (status code, body).
fn http_get(addr: &str, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("response");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let status = raw
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serve_answers_on_a_loopback_port() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    let mut child = bin()
        .arg("serve")
        .arg("--db")
        .arg(&db)
        .args(["--addr", "127.0.0.1:0"])
        .env_remove("CHRONICLE_TOKEN")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let err = child.stderr.take().unwrap();
    let server = Server(child);
    // "chronicle: serving DB on http://127.0.0.1:PORT/ (read-only: ...)"
    let mut line = String::new();
    BufReader::new(err).read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    assert!(line.contains("read-only"), "{line}");

    let (status, body) = http_get(&addr, "/api/openapi.json");
    assert_eq!(status, 200, "{body}");
    let doc: serde_json::Value = serde_json::from_str(&body).expect("OpenAPI JSON");
    assert!(doc["paths"]["/api/events"].is_object());
    let (status, body) = http_get(&addr, "/");
    assert_eq!(status, 200);
    assert!(
        body.contains("<html") || body.contains("<!doctype"),
        "{body}"
    );
    let (status, body) = http_get(&addr, "/api/dashboard");
    assert_eq!(status, 200);
    let d: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(d["counts"]["documents"], 2);
    let (status, body) = http_get(&addr, "/api/search?q=defence");
    assert_eq!(status, 200);
    let d: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(d["engine"], "index", "ingest wrote the search index");
    assert_eq!(d["documents"].as_array().unwrap().len(), 1);
    drop(server);
}

#[test]
fn serve_refuses_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nothing.db");
    let o = bin()
        .arg("serve")
        .arg("--db")
        .arg(&missing)
        .args(["--addr", "127.0.0.1:0"])
        .output()
        .expect("binary runs");
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("nothing.db") && err.contains("does not exist"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!missing.exists(), "no file is created");
}

/// Every event as (type, source actors, date, EUR value, review status,
/// source count), sorted.
fn events(db: &Path) -> Vec<String> {
    let store = SqliteStore::open(db).unwrap();
    let mut ids: Vec<i64> = store
        .timeline(&TimelineQuery::default())
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    ids.sort();
    let mut out: Vec<String> = ids
        .into_iter()
        .map(|id| {
            let e = store.event(id).unwrap().unwrap();
            let mut actors: Vec<i64> = e.source.iter().map(|a| a.id).collect();
            actors.sort();
            format!(
                "{} {:?} {:?} {:?} {} {}",
                e.kind.as_str(),
                actors,
                e.date_start,
                e.aid.as_ref().and_then(|a| a.value_eur),
                e.review_status,
                e.source_count
            )
        })
        .collect();
    out.sort();
    out
}

fn reextract(db: &Path) {
    let o = bin()
        .arg("reextract")
        .arg("--db")
        .arg(db)
        .arg("--quiet")
        .output()
        .expect("binary runs");
    assert!(o.status.success(), "reextract failed: {}", stderr(&o));
}

#[test]
fn reextract_keeps_reviewed_events_and_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let db = small_store(dir.path());
    let (confirmed, edited) = {
        let mut store = SqliteStore::open(&db).unwrap();
        let all = store.timeline(&TimelineQuery::default()).unwrap();
        let pledge = all
            .iter()
            .find(|e| e.kind.as_str() == "AID_PLEDGE")
            .expect("a pledge")
            .id;
        let other = all
            .iter()
            .find(|e| e.id != pledge)
            .expect("another event")
            .id;
        assert!(store
            .review_event(pledge, Decision::Confirm, "ana")
            .unwrap());
        let edit = EventEdit {
            date_start: Some(Some("2023-09-20".into())),
            ..EventEdit::default()
        };
        assert!(store.edit_event(other, &edit, "ben").unwrap());
        (
            store.event(pledge).unwrap().unwrap(),
            store.event(other).unwrap().unwrap(),
        )
    };
    let before = events(&db);
    let trail = SqliteStore::open(&db)
        .unwrap()
        .audit_trail(None, None, 100)
        .unwrap();

    reextract(&db);
    let once = events(&db);
    assert_eq!(once, before, "the same extractor finds the same events");
    reextract(&db);
    assert_eq!(events(&db), once, "re-extracting twice is stable");

    let store = SqliteStore::open(&db).unwrap();
    assert_eq!(store.event(confirmed.id).unwrap().unwrap(), confirmed);
    assert_eq!(store.event(edited.id).unwrap().unwrap(), edited);
    assert_eq!(store.audit_trail(None, None, 100).unwrap(), trail);
    assert_eq!(store.counts().unwrap().documents, 2);
    // The search index holds each document once.
    let index = SearchIndex::open(SearchIndex::dir_for_db(&db)).unwrap();
    let hits = index
        .search(&Query {
            kind: Some(chronicle_search::Kind::Document),
            ..Query::new("defence")
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
}
