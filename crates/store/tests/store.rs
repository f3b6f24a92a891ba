//! The store end to end: schema migration, idempotent and batched inserts,
//! cross-document merging, reports and error values.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use chronicle_store::{
    AidKind, Currency, DateRange, DocMeta, DonorQuery, EventType, InsertOutcome, Records,
    SqliteStore, Store, StoreError, TimelineQuery,
};
use serde_json::{json, Value};

/// A fresh folder under the system temp folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "chronicle-store-{}-{}-{}",
            std::process::id(),
            name,
            N.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn db(&self) -> PathBuf {
        self.0.join("chronicle.db")
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An entity: (id, type, name, country).
fn ent(id: &str, kind: &str, name: &str, country: Option<&str>) -> Value {
    json!({
        "id": id, "type": kind, "name": name, "country": country,
        "roles": [], "mentions": [{"start": 0, "end": 4, "text": name}]
    })
}

fn time(day: &str, granularity: &str) -> Value {
    json!({"text": "on that day", "start": day, "end": day, "granularity": granularity})
}

fn event(id: &str, kind: &str, source: &[&str], target: &[&str], time: Value) -> Value {
    json!({
        "id": id, "type": kind,
        "plover": {"type": "CONSULT", "mode": "visit"}, "cameo": "042",
        "source": source, "target": target, "participants": [],
        "location": null, "time": time, "status": "asserted", "attribution": null,
        "aid": null, "count": null, "evidence": [{"start": 0, "end": 10}], "confidence": 0.8
    })
}

fn aid_event(
    id: &str,
    source: &str,
    eur: f64,
    currency: &str,
    cumulative: bool,
    day: &str,
) -> Value {
    let mut e = event(id, "AID_PLEDGE", &[source], &["u"], time(day, "day"));
    e["plover"] = json!({"type": "AID", "mode": null});
    e["cameo"] = json!("033");
    e["aid"] = json!({
        "kind": "military",
        "amount": {"value": eur, "currency": currency, "approximate": false,
                   "min": null, "max": null, "text": "some money"},
        "normalized": {"EUR": eur, "USD": eur * 1.1, "rate_date": day},
        "items": ["shells"],
        "cumulative": cumulative
    });
    e
}

fn records(hash: &str, published: &str, entities: Vec<Value>, events: Vec<Value>) -> Records {
    let text = format!("Text of {hash}: the defence secretary travelled to Kyiv with aid.");
    records_text(hash, published, &text, entities, events)
}

fn records_text(
    hash: &str,
    published: &str,
    text: &str,
    entities: Vec<Value>,
    events: Vec<Value>,
) -> Records {
    let v = json!({
        "schema": "chronicle.records/v1",
        "document": {
            "id": hash, "title": format!("Article {hash}"), "source": "The Paper",
            "url": format!("https://example.org/{hash}"), "published": published,
            "language": "en",
            "text": text
        },
        "entities": entities,
        "events": events,
        "quotes": []
    });
    serde_json::from_value(v).unwrap()
}

fn pair(r: Records) -> (DocMeta, Records) {
    (DocMeta::from_records(&r), r)
}

/// Shapps visits Ukraine on `day`, told by document `hash`.
fn shapps_visit(hash: &str, published: &str, name: &str, ukraine: &str, t: Value) -> Records {
    records(
        hash,
        published,
        vec![
            ent("e1", "PERSON", name, Some("GBR")),
            ent("e2", "GPE", ukraine, Some("UKR")),
            ent("e3", "GPE", "Kyiv", Some("UKR")),
        ],
        vec![{
            let mut e = event("v1", "VISIT", &["e1"], &["e2"], t);
            e["location"] = json!("e3");
            e
        }],
    )
}

#[test]
fn a_new_file_gets_the_whole_schema() {
    let dir = TempDir::new("schema");
    let store = SqliteStore::open(dir.db()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        chronicle_store::schema::SCHEMA_VERSION
    );
    let c = store.counts().unwrap();
    assert_eq!(c.documents, 0);
    assert_eq!(c.events, 0);
    drop(store);
    // Reopening does not migrate again.
    let store = SqliteStore::open_existing(dir.db()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        chronicle_store::schema::SCHEMA_VERSION
    );
}

#[test]
fn an_older_file_is_migrated_and_keeps_its_rows() {
    let dir = TempDir::new("migrate");
    {
        let mut conn = rusqlite::Connection::open(dir.db()).unwrap();
        chronicle_store::schema::migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO documents (content_hash, record_id, title, text, records_json)
             VALUES ('h0', 'h0', 'Old news', 'Stoltenberg spoke in Brussels.', '{}')",
            [],
        )
        .unwrap();
    }
    let store = SqliteStore::open(dir.db()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        chronicle_store::schema::SCHEMA_VERSION
    );
    assert_eq!(store.counts().unwrap().documents, 1);
    assert_eq!(store.document_id("h0").unwrap(), Some(1));
    // Version 2's full-text index covers the old rows.
    let hits = store.search("Brussels", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].title.as_deref(), Some("Old news"));
}

#[test]
fn a_newer_file_is_refused() {
    let dir = TempDir::new("newer");
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    match SqliteStore::open(dir.db()) {
        Err(StoreError::TooNew {
            found: 99,
            known: chronicle_store::schema::SCHEMA_VERSION,
            ..
        }) => {}
        other => panic!("expected TooNew, got {:?}", other.err()),
    }
}

#[test]
fn reinserting_a_document_is_a_no_op() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let r = shapps_visit(
        "d1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    let first = store
        .insert_document(&DocMeta::from_records(&r), &r)
        .unwrap();
    let InsertOutcome::Inserted(stats) = first else {
        panic!("first insert skipped")
    };
    assert_eq!(stats.events_new, 1);
    assert_eq!(stats.entities_new, 3);
    let before = store.counts().unwrap();
    let second = store
        .insert_document(&DocMeta::from_records(&r), &r)
        .unwrap();
    assert_eq!(
        second,
        InsertOutcome::Skipped {
            document_id: stats.document_id
        }
    );
    assert_eq!(store.counts().unwrap(), before);
}

#[test]
fn a_batch_commits_in_one_transaction() {
    let dir = TempDir::new("batch");
    let mut store = SqliteStore::open(dir.db()).unwrap();
    let docs = vec![
        pair(shapps_visit(
            "b1",
            "2023-09-28",
            "Grant Shapps",
            "Ukraine",
            time("2023-09-27", "day"),
        )),
        pair(shapps_visit(
            "b2",
            "2023-03-02",
            "Grant Shapps",
            "Ukraine",
            time("2023-03-01", "day"),
        )),
        pair(shapps_visit(
            "b1",
            "2023-09-28",
            "Grant Shapps",
            "Ukraine",
            time("2023-09-27", "day"),
        )),
    ];
    let out = store.insert_batch(&docs).unwrap();
    assert_eq!(out.len(), 3);
    assert!(!out[0].is_skipped() && !out[1].is_skipped());
    assert!(
        out[2].is_skipped(),
        "a hash repeated inside the batch is skipped"
    );
    assert_eq!(out[2].document_id(), out[0].document_id());
    drop(store);
    // Committed: another connection sees it.
    let store = SqliteStore::open_read_only(dir.db()).unwrap();
    let c = store.counts().unwrap();
    assert_eq!(c.documents, 2);
    assert_eq!(c.events, 2, "visits months apart stay two events");
}

#[test]
fn a_failing_batch_stores_nothing() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let good = shapps_visit(
        "g1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    let bad = shapps_visit(
        "g2",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    let docs = vec![pair(good), (DocMeta::new("  "), bad)];
    assert!(matches!(
        store.insert_batch(&docs),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.counts().unwrap().documents, 0);
    assert_eq!(store.counts().unwrap().entities, 0);
}

#[test]
fn two_reports_of_one_visit_become_one_event_with_two_sources() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = shapps_visit(
        "m1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    // Another outlet a day later: a surname-only name and "this week"
    // instead of the day.
    let mut week = time("2023-09-25", "week");
    week["end"] = json!("2023-10-01");
    let b = shapps_visit("m2", "2023-09-29", "Mr. Shapps", "Ukraine", week);
    store.insert_batch(&[pair(a), pair(b)]).unwrap();
    let c = store.counts().unwrap();
    assert_eq!(c.events, 1);
    assert_eq!(c.merged_events, 1);
    assert_eq!(c.sources, 2);
    assert_eq!(c.documents, 2);
    let ev = store.timeline(&TimelineQuery::default()).unwrap();
    assert_eq!(ev.len(), 1);
    let ev = &ev[0];
    assert_eq!(ev.kind, EventType::VISIT);
    assert_eq!(ev.source_count, 2);
    assert_eq!(ev.source.len(), 1);
    assert_eq!(ev.source[0].name, "Grant Shapps");
    assert_eq!(ev.target[0].name, "Ukraine");
    assert_eq!(ev.location.as_ref().unwrap().name, "Kyiv");
    // The day-granular date wins over the week.
    assert_eq!(ev.date_start.as_deref(), Some("2023-09-27"));
    assert_eq!(ev.granularity.as_deref(), Some("day"));
    let sources = store.event_sources(ev.id).unwrap();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].evidence_text.as_deref(), Some("Text of m1"));
    assert!(sources[1].record_json.contains("\"VISIT\""));
    // Both documents' Shapps are one entity.
    let shapps = store.find_entities("Mr. Shapps").unwrap();
    assert_eq!(shapps.len(), 1);
    assert_eq!(shapps[0].documents, 2);
    // Visits to Ukraine.
    let visits = store.visits_to("UKR", &DateRange::all()).unwrap();
    assert_eq!(visits.len(), 1);
    assert!(store
        .visits_to("FRA", &DateRange::all())
        .unwrap()
        .is_empty());
    let since = DateRange::new(Some("2023-10-01"), None);
    assert!(store.visits_to("UKR", &since).unwrap().is_empty());
}

#[test]
fn visits_on_different_dates_stay_apart() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let a = shapps_visit(
        "x1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    let b = shapps_visit(
        "x2",
        "2023-10-20",
        "Grant Shapps",
        "Ukraine",
        time("2023-10-19", "day"),
    );
    store
        .insert_document(&DocMeta::from_records(&a), &a)
        .unwrap();
    store
        .insert_document(&DocMeta::from_records(&b), &b)
        .unwrap();
    let c = store.counts().unwrap();
    assert_eq!(c.events, 2);
    assert_eq!(c.merged_events, 0);
    assert_eq!(c.entities, 3, "the people and places still merge");
}

fn donors_docs() -> Vec<(DocMeta, Records)> {
    let ents = |donor: (&str, &str, &str)| {
        vec![
            ent("d", "GPE", donor.0, Some(donor.1)),
            ent("u", "GPE", "Ukraine", Some("UKR")),
            ent("p", "PERSON", donor.2, Some(donor.1)),
        ]
    };
    vec![
        // France's package, reported twice (the second rounds the amount).
        pair(records(
            "f1",
            "2023-09-28",
            ents(("France", "FRA", "Sébastien Lecornu")),
            vec![aid_event("a1", "d", 100e6, "EUR", false, "2023-09-28")],
        )),
        pair(records(
            "f2",
            "2023-09-29",
            ents(("French", "FRA", "Sebastien Lecornu")),
            vec![aid_event("a1", "d", 102e6, "EUR", false, "2023-09-28")],
        )),
        // Britain: one package and a running total in one document.
        pair(records(
            "g1",
            "2023-09-28",
            ents(("Britain", "GBR", "Grant Shapps")),
            vec![
                aid_event("a1", "d", 50e6, "GBP", false, "2023-09-27"),
                aid_event("a2", "d", 5e9, "GBP", true, "2023-09-28"),
            ],
        )),
        // The same running total, reported again: merges with the total,
        // never with the package.
        pair(records(
            "g2",
            "2023-09-30",
            ents(("United Kingdom", "GBR", "Grant Shapps")),
            vec![aid_event("a1", "d", 5e9, "GBP", true, "2023-09-28")],
        )),
    ]
}

#[test]
fn a_running_total_never_merges_with_a_package() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.insert_batch(&donors_docs()).unwrap();
    let c = store.counts().unwrap();
    // France's package, Britain's package, Britain's total.
    assert_eq!(c.events, 3);
    assert_eq!(c.merged_events, 2);
    let aid = store
        .timeline(&TimelineQuery {
            kinds: vec![EventType::AID_PLEDGE],
            country: Some("GBR".into()),
            ..TimelineQuery::default()
        })
        .unwrap();
    assert_eq!(aid.len(), 2);
    let total = aid
        .iter()
        .find(|e| e.aid.as_ref().unwrap().cumulative)
        .unwrap();
    assert_eq!(total.source_count, 2);
    let package = aid
        .iter()
        .find(|e| !e.aid.as_ref().unwrap().cumulative)
        .unwrap();
    assert_eq!(package.source_count, 1);
}

#[test]
fn donors_count_each_merged_event_once() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    store.insert_batch(&donors_docs()).unwrap();
    let rows = store.donors(&DonorQuery::default()).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].donor, "France");
    assert_eq!(rows[0].packages, 1);
    assert!(
        (rows[0].packages_total - 100e6).abs() < 1.0,
        "{}",
        rows[0].packages_total
    );
    assert_eq!(rows[0].running_total, None);
    assert_eq!(rows[1].donor, "United Kingdom");
    assert_eq!(rows[1].packages, 1);
    assert!((rows[1].packages_total - 50e6).abs() < 1.0);
    assert_eq!(rows[1].running_total, Some(5e9));
    assert_eq!(rows[1].events.len(), 2);

    let usd = store
        .donors(&DonorQuery {
            currency: Currency::USD,
            ..DonorQuery::default()
        })
        .unwrap();
    assert!((usd[0].packages_total - 110e6).abs() < 1.0);

    let by_country = store
        .donors(&DonorQuery {
            by_country: true,
            ..DonorQuery::default()
        })
        .unwrap();
    assert_eq!(by_country[0].country.as_deref(), Some("FRA"));
    assert_eq!(by_country[0].donor, "France");

    let none = store
        .donors(&DonorQuery {
            kind: Some(AidKind::Humanitarian),
            ..DonorQuery::default()
        })
        .unwrap();
    assert!(none.is_empty());
    let later = store
        .donors(&DonorQuery {
            range: DateRange::new(Some("2023-09-28"), Some("2023-12-31")),
            ..DonorQuery::default()
        })
        .unwrap();
    let uk = later.iter().find(|r| r.donor == "United Kingdom").unwrap();
    assert_eq!(
        uk.packages, 0,
        "the package of the 27th is before the range"
    );
    assert_eq!(uk.running_total, Some(5e9));
}

#[test]
fn people_merge_across_spellings_and_countries_separate_them() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let docs = donors_docs();
    store.insert_batch(&docs).unwrap();
    // "Sébastien Lecornu" and "Sebastien Lecornu" are one person.
    let lecornu = store.find_entities("Sebastien Lecornu").unwrap();
    assert_eq!(lecornu.len(), 1);
    assert_eq!(lecornu[0].documents, 2);
    // "France" and "French" are one country entity.
    let fra = store.find_entities("FRA").unwrap();
    assert_eq!(fra[0].key, "country:FRA");
    assert_eq!(fra[0].documents, 2);
}

#[test]
fn actor_quotes_and_roles_are_listed_by_date() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut r = shapps_visit(
        "q1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    r.entities[0].roles.push(chronicle_records::Role {
        title: "defense secretary".into(),
        of: Some("GBR".into()),
        qualifier: Some("new".into()),
        start: 0,
        end: 4,
    });
    r.quotes.push(chronicle_records::Quote {
        id: "q1".into(),
        text: "I am committed".into(),
        start: 0,
        end: 4,
        direct: true,
        speaker: Some("e1".into()),
        speaker_text: Some("Mr. Shapps".into()),
        cue: Some("said".into()),
        channel: Some("a statement".into()),
        time: None,
    });
    store
        .insert_document(&DocMeta::from_records(&r), &r)
        .unwrap();
    let id = store.find_entities("Grant Shapps").unwrap()[0].id;
    let quotes = store.actor_quotes(id, &DateRange::all()).unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].date.as_deref(), Some("2023-09-28"));
    assert_eq!(quotes[0].speaker.as_ref().unwrap().name, "Grant Shapps");
    let roles = store.actor_roles(id).unwrap();
    assert_eq!(roles[0].title, "defense secretary");
    assert_eq!(roles[0].of.as_deref(), Some("GBR"));
    assert_eq!(store.actor_events(id, &DateRange::all()).unwrap().len(), 1);
    assert!(store
        .actor_quotes(id, &DateRange::new(None, Some("2023-01-01")))
        .unwrap()
        .is_empty());
}

#[test]
fn read_only_and_missing_databases_are_errors() {
    let dir = TempDir::new("ro");
    assert!(matches!(
        SqliteStore::open_existing(dir.db()),
        Err(StoreError::NotFound { .. })
    ));
    assert!(matches!(
        SqliteStore::open_read_only(dir.db()),
        Err(StoreError::NotFound { .. })
    ));
    let missing_folder = dir.0.join("no/such/folder/x.db");
    let e = SqliteStore::open(&missing_folder).err().unwrap();
    assert!(matches!(e, StoreError::Open { .. }));
    assert!(e.to_string().contains("does not exist"), "{e}");

    SqliteStore::open(dir.db()).unwrap();
    let mut ro = SqliteStore::open_read_only(dir.db()).unwrap();
    let r = shapps_visit(
        "r1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    let e = ro
        .insert_document(&DocMeta::from_records(&r), &r)
        .err()
        .unwrap();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e:?}");
    assert!(e.to_string().contains("read-only"));
    assert_eq!(ro.counts().unwrap().documents, 0);

    // A file that is not a database.
    let junk = dir.0.join("junk.db");
    std::fs::write(&junk, vec![b'x'; 4096]).unwrap();
    assert!(matches!(
        SqliteStore::open(&junk),
        Err(StoreError::NotADatabase { .. })
    ));
}

#[test]
fn search_finds_documents_and_bad_queries_are_errors() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let r = shapps_visit(
        "s1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    store
        .insert_document(&DocMeta::from_records(&r), &r)
        .unwrap();
    let hits = store.search("Kyiv", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[Kyiv]"), "{}", hits[0].snippet);
    assert!(matches!(
        store.search("\"unclosed", 10),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn a_meeting_told_both_ways_is_one_event_with_stable_roles() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let meet = |hash: &str, src: &str, tgt: &str| {
        records(
            hash,
            "2023-09-28",
            vec![
                ent("a", "PERSON", "Jens Stoltenberg", None),
                ent("b", "PERSON", "Volodymyr Zelenskyy", Some("UKR")),
            ],
            vec![event(
                "m1",
                "MEET",
                &[src],
                &[tgt],
                time("2023-09-28", "day"),
            )],
        )
    };
    store
        .insert_batch(&[pair(meet("k1", "a", "b")), pair(meet("k2", "b", "a"))])
        .unwrap();
    let events = store.timeline(&TimelineQuery::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].source_count, 2);
    assert_eq!(events[0].source.len(), 1);
    assert_eq!(events[0].target.len(), 1);
    assert_eq!(events[0].source[0].name, "Jens Stoltenberg");
}

/// The days an event's span columns hold, by a raw read.
fn spans(db: &std::path::Path) -> Vec<(Option<i64>, Option<i64>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT span_start, span_end FROM events ORDER BY id")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    rows
}

#[test]
fn a_version_2_file_gets_the_spans_of_its_events_and_still_merges() {
    let dir = TempDir::new("spans");
    {
        let mut store = SqliteStore::open(dir.db()).unwrap();
        let a = shapps_visit(
            "s1",
            "2023-09-28",
            "Grant Shapps",
            "Ukraine",
            time("2023-09-27", "day"),
        );
        store.insert_batch(&[pair(a)]).unwrap();
    }
    // Take the file back to version 2: what version 3 added is gone.
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_span_stale;
             DROP INDEX events_type_span; DROP INDEX events_type_long_span;
             DROP INDEX events_name; DROP INDEX entities_person;
             ALTER TABLE events DROP COLUMN span_start;
             ALTER TABLE events DROP COLUMN span_end;
             PRAGMA user_version = 2;",
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(dir.db()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        chronicle_store::schema::SCHEMA_VERSION
    );
    let day = chronicle_store::merge::parse_date("2023-09-27").unwrap().0;
    assert_eq!(spans(&dir.db()), vec![(Some(day), Some(day))]);
    // A second report of the visit finds the migrated event.
    let b = shapps_visit(
        "s2",
        "2023-09-29",
        "Mr. Shapps",
        "Ukraine",
        time("2023-09-28", "day"),
    );
    store.insert_batch(&[pair(b)]).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.sources, c.merged_events), (1, 2, 1));
}

#[test]
fn an_event_whose_dates_were_edited_is_still_found() {
    let dir = TempDir::new("stale");
    let mut store = SqliteStore::open(dir.db()).unwrap();
    let a = shapps_visit(
        "d1",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    store.insert_batch(&[pair(a)]).unwrap();
    // Someone else corrects the date without knowing of the span columns:
    // the span is cleared, so the event stays a candidate.
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute(
            "UPDATE events SET date_start = '2023-11-05', date_end = '2023-11-05',
                               sort_date = '2023-11-05'",
            [],
        )
        .unwrap();
    }
    assert_eq!(spans(&dir.db()), vec![(None, None)]);
    let b = shapps_visit(
        "d2",
        "2023-11-06",
        "Grant Shapps",
        "Ukraine",
        time("2023-11-05", "day"),
    );
    store.insert_batch(&[pair(b)]).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.sources), (1, 2));
    // The merge wrote the span again.
    let day = chronicle_store::merge::parse_date("2023-11-05").unwrap().0;
    assert_eq!(spans(&dir.db()), vec![(Some(day), Some(day))]);
}

#[test]
fn a_day_inside_a_long_span_merges_with_it() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    // "The 2023 summit" first (a span longer than the short-span lookup
    // covers), then the day; a named gathering's year counts at its own
    // granularity.
    let summit = |hash: &str, published: &str, t: Value| {
        let mut e = event("g1", "GATHERING", &["e1"], &[], t);
        e["name"] = json!("e2");
        pair(records(
            hash,
            published,
            vec![
                ent("e1", "GPE", "Lithuania", Some("LTU")),
                ent("e2", "EVENT", "NATO Summit", None),
            ],
            vec![e],
        ))
    };
    let mut year = time("2023", "year");
    year["end"] = json!("2023");
    store
        .insert_batch(&[
            summit("y1", "2023-12-30", year.clone()),
            summit("y2", "2023-07-12", time("2023-07-11", "day")),
        ])
        .unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.sources), (1, 2));
    let ev = store.timeline(&TimelineQuery::default()).unwrap();
    assert_eq!(ev[0].date_start.as_deref(), Some("2023-07-11"));
    // A visit "in 2023" says nothing about which visit it is.
    let a = shapps_visit("y3", "2023-12-30", "Grant Shapps", "Ukraine", year);
    let b = shapps_visit(
        "y4",
        "2023-09-28",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    store.insert_batch(&[pair(a), pair(b)]).unwrap();
    assert_eq!(store.counts().unwrap().events, 3);
}

#[test]
fn namesakes_stored_many_times_still_tie_and_a_full_name_still_wins() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let person = |hash: &str, name: &str| {
        pair(records(
            hash,
            "2023-09-28",
            vec![ent("e1", "PERSON", name, Some("USA"))],
            vec![],
        ))
    };
    store
        .insert_batch(&[
            person("b1", "Joe Biden"),
            person("b2", "Hunter Biden"),
            // Two Bidens stored: a bare one is ambiguous, a new person each
            // time, and the bare ones stay ambiguous among themselves.
            person("b3", "Mr. Biden"),
            person("b4", "Mr. Biden"),
            person("b5", "Biden"),
            person("b6", "Joe Biden"),
        ])
        .unwrap();
    let outcomes: Vec<_> = [
        person("b7", "Joe Biden"),
        person("b8", "Mr. Biden"),
        person("b9", "Hunter Biden"),
    ]
    .into_iter()
    .map(|(m, r)| store.insert_document(&m, &r).unwrap())
    .collect();
    let merged: Vec<usize> = outcomes
        .iter()
        .map(|o| match o {
            InsertOutcome::Inserted(s) => s.entities_merged,
            InsertOutcome::Skipped { .. } => panic!("skipped"),
        })
        .collect();
    assert_eq!(merged, vec![1, 0, 1]);
    // Joe, Hunter and four bare Bidens.
    assert_eq!(store.counts().unwrap().entities, 6);
    let joe = store.find_entities("Joe Biden").unwrap();
    let joe = joe.iter().find(|e| e.name == "Joe Biden").unwrap();
    assert_eq!(joe.documents, 3);
}

#[test]
fn a_version_3_file_migrates_to_4_and_guards_reviewed_events() {
    use chronicle_store::review::{Decision, EventEdit};
    let dir = TempDir::new("v3");
    {
        let mut store = SqliteStore::open(dir.db()).unwrap();
        let a = shapps_visit(
            "g1",
            "2023-09-28",
            "Grant Shapps",
            "Ukraine",
            time("2023-09", "month"),
        );
        store.insert_batch(&[pair(a)]).unwrap();
    }
    // Take the file back to version 3: no guard.
    {
        let conn = rusqlite::Connection::open(dir.db()).unwrap();
        conn.execute_batch(
            "DROP TRIGGER events_review_guard;
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let mut store = SqliteStore::open(dir.db()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        chronicle_store::schema::SCHEMA_VERSION
    );
    let triggers: i64 = rusqlite::Connection::open(dir.db())
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'events_review_guard'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(triggers, 1);
    // The reviewer confirms the month-level visit; a later report with the
    // day attaches as a source and leaves the confirmed fields alone.
    let id = store.timeline(&TimelineQuery::default()).unwrap()[0].id;
    assert!(store.review_event(id, Decision::Confirm, "ana").unwrap());
    let b = shapps_visit(
        "g2",
        "2023-09-29",
        "Mr. Shapps",
        "Ukraine",
        time("2023-09-27", "day"),
    );
    store.insert_batch(&[pair(b)]).unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.sources), (1, 2));
    let ev = store.event(id).unwrap().unwrap();
    assert_eq!(ev.date_start.as_deref(), Some("2023-09"));
    assert_eq!(ev.review_status, "confirmed");
    // The reviewer's own edit goes through the guard, and stays.
    let edit = EventEdit {
        date_start: Some(Some("2023-09-26".into())),
        ..EventEdit::default()
    };
    assert!(store.edit_event(id, &edit, "ana").unwrap());
    let c = shapps_visit(
        "g3",
        "2023-09-30",
        "Grant Shapps",
        "Ukraine",
        time("2023-09-26", "day"),
    );
    store.insert_batch(&[pair(c)]).unwrap();
    let ev = store.event(id).unwrap().unwrap();
    assert_eq!(ev.date_start.as_deref(), Some("2023-09-26"));
    assert_eq!(ev.review_status, "edited");
    assert_eq!(store.counts().unwrap().sources, 3);
    let trail = store.audit_trail(Some("events"), Some(id), 10).unwrap();
    let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["edit", "confirm"]);
}

/// A USD pledge to Ukraine ("u") by `source`, `time` as given, its evidence
/// the whole of `text`.
fn usd_pledge(source: &[&str], usd: f64, time: Value, text: &str) -> Value {
    let mut e = event("a1", "AID_PLEDGE", source, &["u"], time);
    e["plover"] = json!({"type": "AID", "mode": null});
    e["cameo"] = json!("033");
    e["evidence"] = json!([{"start": 0, "end": text.len()}]);
    e["aid"] = json!({
        "kind": "financial",
        "amount": {"value": usd, "currency": "USD", "approximate": false,
                   "min": null, "max": null, "text": "$50 billion"},
        "normalized": {"EUR": usd * 0.92, "USD": usd, "rate_date": "2024-06-14"},
        "items": [],
        "cumulative": false
    });
    e
}

/// The G7's package announced in June, and told again in January ("Last
/// June, President Biden and G7 leaders committed ...").
fn g7_loans() -> [(DocMeta, Records); 2] {
    let first = "G7 leaders announced a plan to provide Ukraine with $50 billion in new financing.";
    let again = "Last June, President Biden and G7 leaders committed to issue $50 billion in loans for Ukraine.";
    [
        pair(records_text(
            "june",
            "2024-06-14",
            first,
            vec![
                ent("g", "ORG", "G7", None),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![usd_pledge(&["g"], 50e9, Value::Null, first)],
        )),
        pair(records_text(
            "january",
            "2025-01-10",
            again,
            vec![
                ent("g", "ORG", "G7", None),
                ent("b", "PERSON", "Joe Biden", Some("USA")),
                ent("us", "GPE", "United States", Some("USA")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![usd_pledge(
                &["g", "b", "us"],
                50e9,
                json!({"text": "Last June", "start": "2024-06-01", "end": "2024-06-30",
                       "granularity": "month"}),
                again,
            )],
        )),
    ]
}

#[test]
fn a_package_told_again_later_is_counted_once_in_either_order() {
    for reversed in [false, true] {
        let mut docs = g7_loans().to_vec();
        if reversed {
            docs.reverse();
        }
        let mut store = SqliteStore::open_in_memory().unwrap();
        for d in docs {
            let out = store.insert_batch(&[d]).unwrap();
            assert_eq!(out.len(), 1);
        }
        let c = store.counts().unwrap();
        assert_eq!((c.events, c.merged_events), (1, 1), "reversed: {reversed}");
        let ev = store
            .timeline(&TimelineQuery::default())
            .unwrap()
            .pop()
            .unwrap();
        assert_eq!(ev.source_count, 2);
        // Dated by the announcement, not by the later mention.
        assert_eq!(ev.sort_date.as_deref(), Some("2024-06-14"), "{ev:?}");
        assert_eq!(ev.date_start, None, "{ev:?}");
        // The donors both reports name: the G7, not the United States.
        let names: Vec<&str> = ev.source.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["G7"], "reversed: {reversed}");
        let rows = store
            .donors(&DonorQuery {
                currency: Currency::USD,
                by_country: true,
                ..DonorQuery::default()
            })
            .unwrap();
        assert_eq!(rows.len(), 1, "{rows:?}");
        assert_eq!(rows[0].donor, "G7");
        assert_eq!(rows[0].packages, 1);
        assert!((rows[0].packages_total - 50e9).abs() < 1.0);
    }
}

#[test]
fn a_sentence_told_again_is_one_package_and_a_new_one_is_not() {
    let told = "Saudi Arabia announced it intends to invest $600 billion in Ukraine over the next four years.";
    let other =
        "Saudi Arabia pledged another $600 billion for Ukraine's ports and railways on Friday.";
    let doc = |hash: &str, published: &str, text: &str| {
        pair(records_text(
            hash,
            published,
            text,
            vec![
                ent("s", "GPE", "Saudi Arabia", Some("SAU")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![usd_pledge(&["s"], 600e9, Value::Null, text)],
        ))
    };
    let mut store = SqliteStore::open_in_memory().unwrap();
    store
        .insert_batch(&[
            doc("s1", "2025-04-23", told),
            doc("s2", "2025-05-06", told),
            doc("s3", "2025-05-30", told),
            doc("s4", "2025-06-20", other),
        ])
        .unwrap();
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.merged_events), (2, 1));
    let rows = store
        .donors(&DonorQuery {
            currency: Currency::USD,
            ..DonorQuery::default()
        })
        .unwrap();
    assert_eq!(rows[0].packages, 2);
    assert!((rows[0].packages_total - 1200e9).abs() < 1.0);
}
