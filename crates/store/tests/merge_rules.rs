//! The event merge rules through the insert path: what several documents'
//! reports become in the store (one event with several sources, or events
//! kept apart).

use chronicle_store::{Records, SqliteStore, Store, TimelineQuery};
use serde_json::{json, Value};

/// An entity: (id, type, name, country).
fn ent(id: &str, kind: &str, name: &str, country: Option<&str>) -> Value {
    json!({
        "id": id, "type": kind, "name": name, "country": country,
        "roles": [], "mentions": [{"start": 0, "end": 4, "text": name}]
    })
}

fn day(d: &str) -> Value {
    json!({"text": "on that day", "start": d, "end": d, "granularity": "day"})
}

fn year(y: &str) -> Value {
    json!({"text": "that year", "start": y, "end": y, "granularity": "year"})
}

fn event(kind: &str, source: &[&str], target: &[&str], time: Value) -> Value {
    json!({
        "id": "v1", "type": kind,
        "plover": {"type": "CONSULT", "mode": null}, "cameo": "040",
        "source": source, "target": target, "participants": [],
        "location": null, "time": time, "status": "asserted", "attribution": null,
        "aid": null, "count": null, "evidence": [{"start": 0, "end": 10}], "confidence": 0.8
    })
}

/// One document: its hash, publication date (or none), entities and events.
fn doc(hash: &str, published: Option<&str>, entities: Vec<Value>, events: Vec<Value>) -> Records {
    serde_json::from_value(json!({
        "schema": "chronicle.records/v1",
        "document": {
            "id": hash, "title": format!("Article {hash}"), "source": "The Paper",
            "url": format!("https://example.org/{hash}"), "published": published,
            "language": "en", "text": format!("Text of {hash}: who met whom, and when.")
        },
        "entities": entities,
        "events": events,
        "quotes": []
    }))
    .unwrap()
}

fn store_all(docs: Vec<Records>) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    for r in docs {
        store
            .insert_document(&chronicle_store::DocMeta::from_records(&r), &r)
            .unwrap();
    }
    store
}

/// Source counts of the stored events, by event id.
fn source_counts(store: &SqliteStore) -> Vec<usize> {
    store
        .timeline(&TimelineQuery::default())
        .unwrap()
        .iter()
        .map(|e| e.source_count)
        .collect()
}

fn leaders() -> Vec<Value> {
    vec![
        ent("b", "PERSON", "Joe Biden", Some("USA")),
        ent("n", "PERSON", "Benjamin Netanyahu", Some("ISR")),
    ]
}

#[test]
fn later_talks_told_without_a_date_stay_apart_from_the_meeting() {
    let meeting = doc(
        "m1",
        Some("2023-10-18"),
        leaders(),
        vec![event("MEET", &["b"], &["n"], day("2023-10-18"))],
    );
    // The same day's report of the meeting, undated: the same meeting.
    let same_day = doc(
        "m2",
        Some("2023-10-18"),
        leaders(),
        vec![event("MEET", &["n"], &["b"], Value::Null)],
    );
    // A meeting of theirs the next day is another one.
    let next_day = doc(
        "m6",
        Some("2023-10-19"),
        leaders(),
        vec![event("MEET", &["b"], &["n"], day("2023-10-19"))],
    );
    // Readouts of later talks ("The President and Prime Minister discussed
    // ..."), undated, days and weeks later.
    let later = |hash: &str, published: &str| {
        doc(
            hash,
            Some(published),
            leaders(),
            vec![event("MEET", &["b"], &["n"], Value::Null)],
        )
    };
    // A call between them the day of the meeting is another event.
    let call = doc(
        "c1",
        Some("2023-10-18"),
        leaders(),
        vec![event("CALL", &["b"], &["n"], day("2023-10-18"))],
    );
    let store = store_all(vec![
        meeting,
        same_day,
        next_day,
        later("m3", "2023-10-22"),
        later("m4", "2023-10-29"),
        later("m5", "2023-11-09"),
        call,
    ]);
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.merged_events, c.sources), (6, 1, 7));
    let mut counts = source_counts(&store);
    counts.sort_unstable();
    assert_eq!(counts, vec![1, 1, 1, 1, 1, 2]);
}

#[test]
fn a_bare_summit_is_no_name_and_a_named_one_keeps_to_its_year() {
    let summit = |hash: &str, published: &str, name: &str, who: (&str, &str), t: Value| {
        let mut e = event("GATHERING", &["p"], &[], t);
        e["name"] = json!("g");
        doc(
            hash,
            Some(published),
            vec![
                ent("p", "GPE", who.0, Some(who.1)),
                ent("g", "EVENT", name, None),
            ],
            vec![e],
        )
    };
    let store = store_all(vec![
        // Two different summits the extraction named only "Summit".
        summit(
            "s1",
            "2023-01-10",
            "Summit",
            ("Mexico", "MEX"),
            day("2023-01-10"),
        ),
        summit(
            "s2",
            "2023-01-10",
            "Summit",
            ("Mexico", "MEX"),
            day("2023-01-10"),
        ),
        // One named summit, reported twice, and the same name a year later
        // and in another year's year-granular mention.
        summit(
            "g1",
            "2021-06-13",
            "G7 Summit",
            ("Britain", "GBR"),
            day("2021-06-12"),
        ),
        summit(
            "g2",
            "2021-06-13",
            "G7 Summit",
            ("Britain", "GBR"),
            Value::Null,
        ),
        summit(
            "g3",
            "2022-05-01",
            "G7 Summit",
            ("Germany", "DEU"),
            day("2022-06-26"),
        ),
        summit(
            "g4",
            "2022-03-01",
            "G7 Summit",
            ("Germany", "DEU"),
            year("2022"),
        ),
        summit(
            "g5",
            "2023-03-01",
            "G7 Summit",
            ("Japan", "JPN"),
            year("2021"),
        ),
    ]);
    let c = store.counts().unwrap();
    // "Summit" twice, apart; the 2021 summit with its next-day report; the
    // 2022 summit with the "in 2022" mention; "in 2021" (a year-granular
    // mention) with the 2021 summit.
    assert_eq!((c.events, c.sources), (4, 7));
    let mut counts = source_counts(&store);
    counts.sort_unstable();
    assert_eq!(counts, vec![1, 1, 2, 3]);
}

#[test]
fn aid_merges_only_by_equal_stated_amounts() {
    let pledge = |hash: &str, published: &str, amount: Option<f64>, cumulative: bool| {
        let mut e = event("AID_PLEDGE", &["d"], &["u"], day("2023-09-27"));
        e["plover"] = json!({"type": "AID", "mode": null});
        e["aid"] = json!({
            "kind": "military",
            "amount": amount.map(|v| json!({"value": v, "currency": "USD",
                "approximate": false, "min": null, "max": null, "text": "money"})),
            "normalized": amount.map(|v| json!({"EUR": v * 0.9, "USD": v,
                "rate_date": "2023-09-27"})),
            "items": [],
            "cumulative": cumulative
        });
        doc(
            hash,
            Some(published),
            vec![
                ent("d", "GPE", "United States", Some("USA")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![e],
        )
    };
    let store = store_all(vec![
        // "Support for Ukraine", twice, without an amount: two records.
        pledge("a1", "2023-09-27", None, false),
        pledge("a2", "2023-09-27", None, false),
        // One package, reported twice.
        pledge("a3", "2023-09-27", Some(325e6), false),
        pledge("a4", "2023-09-28", Some(325e6), false),
        // A running total of the same figure: never the package.
        pledge("a5", "2023-09-27", Some(325e6), true),
    ]);
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.merged_events, c.sources), (4, 1, 5));
}

#[test]
fn an_event_with_no_date_at_all_never_merges() {
    let undated = |hash: &str| {
        doc(
            hash,
            None,
            leaders(),
            vec![event("MEET", &["b"], &["n"], Value::Null)],
        )
    };
    let store = store_all(vec![undated("u1"), undated("u2")]);
    assert_eq!(store.counts().unwrap().events, 2);
}

#[test]
fn a_year_written_with_the_name_picks_the_meeting_of_that_year() {
    // A document whose text names "the 2023 G7 Summit", with the event's
    // time taken from elsewhere in the sentence ("in 2021") or missing.
    let mention = |hash: &str, published: &str, t: Value| {
        let text = "Supported by G7 leaders in Carbis Bay in 2021 and reaffirmed at the 2023 G7 Summit in Hiroshima.";
        let start = text.find("G7 Summit").unwrap();
        let mut e = event("GATHERING", &[], &[], t);
        e["name"] = json!("g");
        e["evidence"] = json!([{"start": 0, "end": text.len()}]);
        let r: Value = json!({
            "schema": "chronicle.records/v1",
            "document": {
                "id": hash, "title": "t", "source": "The Paper", "url": null,
                "published": published, "language": "en", "text": text
            },
            "entities": [{
                "id": "g", "type": "EVENT", "name": "G7 Summit", "country": null, "roles": [],
                "mentions": [{"start": start, "end": start + 9, "text": "G7 Summit"}]
            }],
            "events": [e],
            "quotes": []
        });
        serde_json::from_value::<Records>(r).unwrap()
    };
    let summit = |hash: &str, d: &str| {
        let mut e = event("GATHERING", &[], &[], day(d));
        e["name"] = json!("g");
        doc(
            hash,
            Some(d),
            vec![ent("g", "EVENT", "G7 Summit", None)],
            vec![e],
        )
    };
    let store = store_all(vec![
        summit("s21", "2021-06-12"),
        summit("s23", "2023-05-20"),
        // "In 2021" contradicts "the 2023 G7 Summit": not merged anywhere.
        mention("m1", "2024-01-16", year("2021")),
        // Undated: matched within 2023, with the 2023 summit.
        mention("m2", "2024-01-17", Value::Null),
    ]);
    let c = store.counts().unwrap();
    assert_eq!((c.events, c.merged_events, c.sources), (3, 1, 4));
    let merged: Vec<_> = store
        .timeline(&TimelineQuery::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.source_count == 2)
        .collect();
    assert_eq!(merged[0].date_start.as_deref(), Some("2023-05-20"));
}
