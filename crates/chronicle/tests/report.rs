//! `chronicle report` and `chronicle export` end to end, over a store the
//! test fills through the store's API.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chronicle_report::store::{DocMeta, Records, SqliteStore, Store};
use serde_json::{json, Value};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_chronicle"))
}

/// A fresh folder for one test, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!(
            "chronicle-cli-report-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn ent(id: &str, kind: &str, name: &str, country: &str) -> Value {
    json!({"id": id, "type": kind, "name": name, "country": country, "roles": [],
           "mentions": [{"start": 0, "end": 4, "text": name}]})
}

fn event(id: &str, kind: &str, source: &str, target: &str, day: &str) -> Value {
    json!({
        "id": id, "type": kind, "plover": {"type": "CONSULT", "mode": "visit"}, "cameo": "042",
        "source": [source], "target": [target], "participants": [], "location": null,
        "time": {"text": "that day", "start": day, "end": day, "granularity": "day"},
        "status": "asserted", "attribution": null, "aid": null, "count": null,
        "evidence": [{"start": 0, "end": 10}], "confidence": 0.8
    })
}

fn pledge(id: &str, eur: f64, cumulative: bool, day: &str) -> Value {
    let mut e = event(id, "AID_PLEDGE", "d", "u", day);
    e["plover"] = json!({"type": "AID", "mode": "intent"});
    e["cameo"] = json!("033");
    e["aid"] = json!({
        "kind": "military",
        "amount": {"value": eur, "currency": "EUR", "approximate": false,
                   "min": null, "max": null, "text": "money"},
        "normalized": {"EUR": eur, "USD": eur * 1.1, "rate_date": day},
        "items": [], "cumulative": cumulative
    });
    e
}

fn records(hash: &str, published: &str, entities: Vec<Value>, events: Vec<Value>) -> Records {
    serde_json::from_value(json!({
        "schema": "chronicle.records/v1",
        "document": {"id": hash, "title": format!("Article {hash}"), "source": "The Paper",
                     "url": format!("https://example.org/{hash}"), "published": published,
                     "language": "en", "text": format!("Text of {hash}.")},
        "entities": entities, "events": events, "quotes": []
    }))
    .unwrap()
}

/// Britain's package reported twice (one merged event) plus its running
/// total; Germany's larger package; Shapps visiting Ukraine.
fn build(dir: &TempDir) -> PathBuf {
    let gb = |name: &str| {
        vec![
            ent("d", "GPE", name, "GBR"),
            ent("u", "GPE", "Ukraine", "UKR"),
            ent("p", "PERSON", "Grant Shapps", "GBR"),
        ]
    };
    let docs = vec![
        records(
            "a",
            "2023-09-28",
            gb("United Kingdom"),
            vec![
                pledge("a1", 300e6, false, "2023-09-27"),
                event("v1", "VISIT", "p", "u", "2023-09-27"),
            ],
        ),
        records(
            "b",
            "2023-09-29",
            gb("Britain"),
            vec![
                pledge("a1", 300e6, false, "2023-09-27"),
                pledge("a2", 4.6e9, true, "2023-09-29"),
            ],
        ),
        records(
            "c",
            "2023-10-02",
            vec![
                ent("d", "GPE", "Germany", "DEU"),
                ent("u", "GPE", "Ukraine", "UKR"),
            ],
            vec![pledge("a1", 400e6, false, "2023-10-01")],
        ),
    ];
    let path = dir.path("chronicle.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let batch: Vec<(DocMeta, Records)> = docs
        .into_iter()
        .map(|r| (DocMeta::from_records(&r), r))
        .collect();
    store.insert_batch(&batch).unwrap();
    assert_eq!(store.counts().unwrap().merged_events, 1);
    path
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("binary runs")
}

fn ok(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "failed: {err}");
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Non-zero exit, one line on stderr naming the problem, nothing on stdout.
fn refused(o: &Output, needle: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "expected failure; stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(o.stdout.is_empty());
}

#[test]
fn report_donors_in_every_format() {
    let dir = TempDir::new("donors");
    let db = build(&dir);
    let db = db.to_str().unwrap();
    let table = ok(&run(&["report", "donors", "--db", db, "--sources"]));
    let germany = table.find("Germany").unwrap();
    let uk = table.find("United Kingdom").unwrap();
    assert!(
        germany < uk,
        "Germany's 400 m ranks above Britain's 300 m:\n{table}"
    );
    assert!(table.contains("EUR 300 m"), "counted once:\n{table}");
    assert!(table.contains("EUR 4.6 bn"), "{table}");
    assert!(table.contains("https://example.org/b"), "{table}");

    let csv = ok(&run(&["report", "donors", "--db", db, "--format", "csv"]));
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("rank,donor,entity_id,country,"));
    assert_eq!(lines.count(), 2);

    let json: Value = serde_json::from_str(&ok(&run(&[
        "report",
        "donors",
        "--db",
        db,
        "--format",
        "json",
        "--currency",
        "USD",
    ])))
    .unwrap();
    assert_eq!(json[0]["donor"], "Germany");
    assert_eq!(json[1]["running_total"], json!(4.6e9 * 1.1));
    assert_eq!(json[1]["packages"], 1);
    assert_eq!(json[1]["documents"], 2);

    let none = ok(&run(&[
        "report",
        "donors",
        "--db",
        db,
        "--kind",
        "humanitarian",
        "--format",
        "json",
    ]));
    assert_eq!(serde_json::from_str::<Value>(&none).unwrap(), json!([]));
}

#[test]
fn report_visits_actor_and_timeline() {
    let dir = TempDir::new("others");
    let db = build(&dir);
    let db = db.to_str().unwrap();
    let visits: Value = serde_json::from_str(&ok(&run(&[
        "report", "visits", "--to", "UKR", "--db", db, "--format", "json",
    ])))
    .unwrap();
    assert_eq!(visits.as_array().unwrap().len(), 1);
    assert_eq!(visits[0]["source"][0]["name"], "Grant Shapps");
    assert_eq!(visits[0]["sources"][0]["url"], "https://example.org/a");

    let actor = ok(&run(&["report", "actor", "Grant Shapps", "--db", db]));
    assert!(
        actor.contains("Grant Shapps") && actor.contains("VISIT"),
        "{actor}"
    );
    refused(
        &run(&["report", "actor", "Nobody Known", "--db", db]),
        "Nobody Known",
    );

    let csv = ok(&run(&[
        "report",
        "timeline",
        "--db",
        db,
        "--type",
        "aid_pledge",
        "--format",
        "csv",
        "--since",
        "2023-09-28",
    ]));
    assert_eq!(csv.lines().count(), 1 + 2, "{csv}");
    let all = ok(&run(&[
        "report", "timeline", "--db", db, "--actor", "Germany",
    ]));
    assert!(
        all.contains("AID_PLEDGE") && all.contains("Germany"),
        "{all}"
    );
    refused(
        &run(&["report", "timeline", "--db", db, "--type", "PARTY"]),
        "PARTY",
    );
    refused(
        &run(&["report", "timeline", "--db", db, "--since", "28/09/2023"]),
        "--since",
    );
}

#[test]
fn export_every_format() {
    let dir = TempDir::new("export");
    let db = build(&dir);
    let db = db.to_str().unwrap();
    let out = dir.path("csv");
    let o = run(&[
        "export",
        "--db",
        db,
        "--format",
        "csv",
        "--out",
        out.to_str().unwrap(),
    ]);
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stderr).contains("exported 4 events"));
    for f in [
        "documents.csv",
        "entities.csv",
        "events.csv",
        "event_actors.csv",
        "event_sources.csv",
        "quotes.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    let events = std::fs::read_to_string(out.join("events.csv")).unwrap();
    assert!(events
        .lines()
        .next()
        .unwrap()
        .ends_with("reviewed,review_status"));

    let jsonl = dir.path("records.jsonl");
    ok(&run(&[
        "export",
        "--db",
        db,
        "--format",
        "jsonl",
        "--out",
        jsonl.to_str().unwrap(),
    ]));
    let text = std::fs::read_to_string(&jsonl).unwrap();
    assert_eq!(text.lines().count(), 3);
    for line in text.lines() {
        let r: Records = serde_json::from_str(line).unwrap();
        assert!(r.document.text.is_some());
    }

    let plover = ok(&run(&[
        "export", "--db", db, "--format", "plover", "--out", "-",
    ]));
    let lines: Vec<Value> = plover
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(lines
        .iter()
        .all(|v| v["event"].is_array() && v["review_status"].is_string()));

    let tsv = dir.path("events.tsv");
    ok(&run(&[
        "export",
        "--db",
        db,
        "--format",
        "gdelt",
        "--out",
        tsv.to_str().unwrap(),
        "--type",
        "VISIT",
    ]));
    let text = std::fs::read_to_string(&tsv).unwrap();
    let widths: Vec<usize> = text.lines().map(|l| l.split('\t').count()).collect();
    assert_eq!(widths.len(), 2);
    assert_eq!(widths[0], widths[1]);
    assert!(text
        .lines()
        .next()
        .unwrap()
        .starts_with("GLOBALEVENTID\tSQLDATE\t"));
}

#[test]
fn a_missing_database_is_refused() {
    let dir = TempDir::new("missing");
    let db = dir.path("nope.db");
    let db = db.to_str().unwrap();
    refused(&run(&["report", "donors", "--db", db]), "does not exist");
    refused(
        &run(&["report", "visits", "--to", "UKR", "--db", db]),
        "does not exist",
    );
    refused(
        &run(&["export", "--db", db, "--format", "jsonl", "--out", "-"]),
        "does not exist",
    );
    assert!(!Path::new(db).exists(), "a read-only open creates nothing");
}
