//! Re-extraction: replacing the records of stored documents keeps what
//! reviewers confirmed, rejected or edited, and is stable.

use std::path::Path;

use chronicle_store::review::{Decision, EventEdit};
use chronicle_store::{DocMeta, Records, SqliteStore, Store, TimelineQuery};
use serde_json::{json, Value};

fn ent(id: &str, kind: &str, name: &str, country: Option<&str>) -> Value {
    json!({
        "id": id, "type": kind, "name": name, "country": country,
        "roles": [], "mentions": [{"start": 0, "end": 4, "text": name}]
    })
}

fn time(day: &str) -> Value {
    json!({"text": "on that day", "start": day, "end": day, "granularity": "day"})
}

fn event(id: &str, kind: &str, source: &str, target: &str, day: &str, evidence: usize) -> Value {
    json!({
        "id": id, "type": kind,
        "plover": {"type": "CONSULT", "mode": "visit"}, "cameo": "042",
        "source": [source], "target": [target], "participants": [],
        "location": null, "time": time(day), "status": "asserted", "attribution": null,
        "aid": null, "count": null, "evidence": [{"start": evidence, "end": evidence + 10}],
        "confidence": 0.8
    })
}

fn pledge(id: &str, source: &str, eur: f64, day: &str, evidence: usize) -> Value {
    let mut e = event(id, "AID_PLEDGE", source, "u", day, evidence);
    e["plover"] = json!({"type": "AID", "mode": null});
    e["cameo"] = json!("033");
    e["aid"] = json!({
        "kind": "military",
        "amount": {"value": eur, "currency": "EUR", "approximate": false,
                   "min": null, "max": null, "text": "some money"},
        "normalized": {"EUR": eur, "USD": eur * 1.1, "rate_date": day},
        "items": [],
        "cumulative": false
    });
    e
}

fn records(hash: &str, published: &str, entities: Vec<Value>, events: Vec<Value>) -> Records {
    let v = json!({
        "schema": "chronicle.records/v1",
        "document": {
            "id": hash, "title": format!("Article {hash}"), "source": "The Paper",
            "url": format!("https://example.org/{hash}"), "published": published,
            "language": "en",
            "text": format!("Text of {hash}: the defence secretary travelled to Kyiv with aid, and more words follow.")
        },
        "entities": entities,
        "events": events,
        "quotes": [{"id": "q1", "speaker": "e1", "speaker_text": "he", "text": "We stand with Ukraine",
                    "start": 5, "end": 20, "direct": true, "cue": "said", "channel": null, "time": null}]
    });
    serde_json::from_value(v).unwrap()
}

/// Three documents: two report one visit, one reports a German pledge
/// and a British one. `eur` is the German pledge's amount.
fn corpus(eur: f64) -> Vec<Records> {
    let people = |name: &str| {
        vec![
            ent("e1", "PERSON", name, Some("GBR")),
            ent("u", "GPE", "Ukraine", Some("UKR")),
            ent("d", "GPE", "Germany", Some("DEU")),
            ent("g", "GPE", "Britain", Some("GBR")),
        ]
    };
    vec![
        records(
            "r1",
            "2023-09-28",
            people("Grant Shapps"),
            vec![event("v1", "VISIT", "e1", "u", "2023-09-27", 0)],
        ),
        records(
            "r2",
            "2023-09-29",
            people("Grant Shapps"),
            vec![
                pledge("p1", "d", eur, "2023-09-29", 30),
                pledge("p2", "g", 2e8, "2023-09-29", 50),
            ],
        ),
        records(
            "r3",
            "2023-09-29",
            people("Mr. Shapps"),
            vec![event("v1", "VISIT", "e1", "u", "2023-09-27", 0)],
        ),
    ]
}

/// Every event: type, source actors' names, date, EUR value, review
/// status, the documents reporting it; sorted.
type Row = (String, String, Option<String>, Option<f64>, String, String);

fn snapshot(db: &Path) -> Vec<Row> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT e.type,
                    (SELECT group_concat(n.name, '+') FROM (SELECT x.name FROM event_actors a
                        JOIN entities x ON x.id = a.entity_id WHERE a.event_id = e.id AND a.role = 'source'
                        ORDER BY x.name) n),
                    e.date_start, e.value_eur, e.review_status,
                    (SELECT group_concat(d.record_id, '+') FROM (SELECT d.record_id FROM event_sources s
                        JOIN documents d ON d.id = s.document_id WHERE s.event_id = e.id
                        ORDER BY d.record_id) d)
             FROM events e",
        )
        .unwrap();
    let mut rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    rows.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
    rows
}

fn event_id(store: &SqliteStore, kind: &str, source: &str) -> i64 {
    store
        .timeline(&TimelineQuery::default())
        .unwrap()
        .into_iter()
        .find(|e| {
            e.kind.as_str() == kind
                && e.source.iter().any(|a| {
                    store
                        .find_entities(source)
                        .unwrap()
                        .iter()
                        .any(|x| x.id == a.id)
                })
        })
        .unwrap()
        .id
}

fn replace(store: &mut SqliteStore, recs: &[Records]) {
    let docs: Vec<(i64, Records)> = recs
        .iter()
        .map(|r| {
            let id = store
                .document_id(&DocMeta::from_records(r).content_hash)
                .unwrap()
                .unwrap();
            (id, r.clone())
        })
        .collect();
    store.replace_records(&docs).unwrap();
}

#[test]
fn reviewed_events_survive_reextraction_and_reextraction_is_stable() {
    let dir = std::env::temp_dir().join(format!("chronicle-reextract-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("chronicle.db");
    let mut store = SqliteStore::open(&db).unwrap();
    let recs = corpus(1e8);
    let pairs: Vec<(DocMeta, Records)> = recs
        .iter()
        .map(|r| (DocMeta::from_records(r), r.clone()))
        .collect();
    store.insert_batch(&pairs).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.documents, counts.events, counts.sources), (3, 3, 4));

    // Confirm the visit two documents report; edit the German pledge.
    let visit = event_id(&store, "VISIT", "Grant Shapps");
    let german = event_id(&store, "AID_PLEDGE", "Germany");
    assert!(store.review_event(visit, Decision::Confirm, "ana").unwrap());
    let edit = EventEdit {
        value_eur: Some(Some(1.5e8)),
        date_start: Some(Some("2023-09-28".into())),
        ..EventEdit::default()
    };
    assert!(store.edit_event(german, &edit, "ben").unwrap());
    let reviewed = snapshot(&db);
    let trail = store.audit_trail(None, None, 100).unwrap();

    // The same records again: nothing changes but the ids of unreviewed
    // events.
    replace(&mut store, &recs);
    assert_eq!(snapshot(&db), reviewed);
    assert_eq!(store.counts().unwrap(), counts);
    let v = store.event(visit).unwrap().unwrap();
    assert_eq!((v.review_status.as_str(), v.source_count), ("confirmed", 2));
    let g = store.event(german).unwrap().unwrap();
    assert_eq!(g.review_status, "edited");
    assert_eq!(g.aid.as_ref().unwrap().value_eur, Some(1.5e8));
    assert_eq!(g.date_start.as_deref(), Some("2023-09-28"));
    assert_eq!(store.audit_trail(None, None, 100).unwrap(), trail);

    // A newer extractor reads another amount: the edited pledge keeps the
    // reviewer's, the unreviewed British one takes the new one.
    let mut newer = corpus(9e7);
    if let Some(aid) = newer[1].events[1].aid.as_mut() {
        if let Some(n) = aid.normalized.as_mut() {
            n.eur = Some(3e8);
        }
    }
    replace(&mut store, &newer);
    let once = snapshot(&db);
    replace(&mut store, &newer);
    assert_eq!(snapshot(&db), once, "re-extracting twice is stable");
    let g = store.event(german).unwrap().unwrap();
    assert_eq!(g.aid.as_ref().unwrap().value_eur, Some(1.5e8));
    assert_eq!(
        store.event(visit).unwrap().unwrap().review_status,
        "confirmed"
    );
    let british: Vec<Row> = once
        .iter()
        .filter(|r| r.0 == "AID_PLEDGE" && r.4 == "unreviewed")
        .cloned()
        .collect();
    assert_eq!(british.len(), 1, "{once:?}");
    assert_eq!(british[0].3, Some(3e8));
    assert_eq!(store.counts().unwrap().events, 3);
    assert_eq!(store.audit_trail(None, None, 100).unwrap(), trail);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
