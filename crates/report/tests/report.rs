//! Reports and exports over a small store filled from records-v1 JSON:
//! ranking order, running totals kept apart, merged events counted once,
//! CSV headers, JSON Lines that re-parse as records-v1, a stable GDELT
//! column count, PLOVER fields.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chronicle_report::export::{self, GDELT_COLUMNS};
use chronicle_report::{
    actor, donors, render, timeline, visits, DonorsOptions, ExportDb, ExportFilter, ExportFormat,
    ExportOptions, Format, ReportError, TimelineOptions,
};
use chronicle_store::{
    AidKind, Currency, DateRange, DocMeta, EventType, Records, SqliteStore, Store,
};
use serde_json::{json, Value};

/// A fresh folder under the system temp folder, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "chronicle-report-{}-{}-{}",
            std::process::id(),
            name,
            N.fetch_add(1, Ordering::SeqCst)
        ));
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

fn ent(id: &str, kind: &str, name: &str, country: Option<&str>) -> Value {
    json!({
        "id": id, "type": kind, "name": name, "country": country,
        "roles": [], "mentions": [{"start": 0, "end": 4, "text": name}]
    })
}

fn time(day: &str) -> Value {
    json!({"text": "on that day", "start": day, "end": day, "granularity": "day"})
}

fn event(id: &str, kind: &str, source: &[&str], target: &[&str], day: &str) -> Value {
    json!({
        "id": id, "type": kind,
        "plover": {"type": "CONSULT", "mode": "visit"}, "cameo": "042",
        "source": source, "target": target, "participants": [],
        "location": null, "time": time(day), "status": "asserted", "attribution": null,
        "aid": null, "count": null, "evidence": [{"start": 0, "end": 10}], "confidence": 0.8
    })
}

fn aid(id: &str, kind: &str, eur: f64, cumulative: bool, day: &str) -> Value {
    aid_typed(id, "AID_PLEDGE", kind, eur, cumulative, day)
}

fn aid_typed(id: &str, ty: &str, kind: &str, eur: f64, cumulative: bool, day: &str) -> Value {
    let mut e = event(id, ty, &["d"], &["u"], day);
    e["plover"] =
        json!({"type": "AID", "mode": if ty == "AID_PLEDGE" { Some("intent") } else { None }});
    e["cameo"] = json!(if ty == "AID_PLEDGE" { "033" } else { "070" });
    e["aid"] = json!({
        "kind": kind,
        "amount": {"value": eur, "currency": "EUR", "approximate": false,
                   "min": null, "max": null, "text": "some money"},
        "normalized": {"EUR": eur, "USD": eur * 1.1, "rate_date": day},
        "items": ["shells"],
        "cumulative": cumulative
    });
    e
}

fn records(
    hash: &str,
    published: &str,
    outlet: &str,
    entities: Vec<Value>,
    events: Vec<Value>,
    quotes: Vec<Value>,
) -> Records {
    let v = json!({
        "schema": "chronicle.records/v1",
        "document": {
            "id": hash, "title": format!("Article {hash}"), "source": outlet,
            "url": format!("https://example.org/{hash}"), "published": published,
            "language": "en",
            "text": format!("Text of {hash}: ministers pledged aid and travelled.")
        },
        "entities": entities,
        "events": events,
        "quotes": quotes
    });
    serde_json::from_value(v).unwrap()
}

fn uk() -> Vec<Value> {
    vec![
        ent("d", "GPE", "United Kingdom", Some("GBR")),
        ent("u", "GPE", "Ukraine", Some("UKR")),
    ]
}

/// The fixture documents:
/// - Britain pledges EUR 150 m (reported by two documents: one merged
///   event) and states a running total of EUR 4.6 bn;
/// - Germany pledges EUR 400 m military and EUR 50 m humanitarian aid and
///   delivers EUR 10 m;
/// - France pledges EUR 200 m financial aid;
/// - Grant Shapps visits Kyiv, Antony Blinken visits Warsaw.
fn docs() -> Vec<Records> {
    let mut uk1_ents = uk();
    let mut shapps = ent("p", "PERSON", "Grant Shapps", Some("GBR"));
    shapps["roles"] = json!([{"title": "defence secretary", "of": "GBR", "qualifier": null,
                               "start": 0, "end": 4}]);
    uk1_ents.push(shapps);
    uk1_ents.push(ent("k", "GPE", "Kyiv", Some("UKR")));
    let mut visit = event("v1", "VISIT", &["p"], &["u"], "2023-09-27");
    visit["location"] = json!("k");
    let quote = json!({
        "id": "q1", "text": "We stand with Ukraine", "start": 0, "end": 10, "direct": true,
        "speaker": "p", "speaker_text": "Mr. Shapps", "cue": "said", "channel": null, "time": null
    });
    let mut blinken = event("v1", "VISIT", &["b"], &["pl"], "2023-10-10");
    blinken["location"] = json!("w");
    vec![
        records(
            "uk1",
            "2023-09-28",
            "The Paper",
            uk1_ents,
            vec![aid("a1", "military", 150e6, false, "2023-09-27"), visit],
            vec![quote],
        ),
        records(
            "uk2",
            "2023-09-30",
            "The Other Paper",
            vec![
                ent("d", "GPE", "Britain", Some("GBR")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![
                aid("a1", "military", 150e6, false, "2023-09-27"),
                aid("a2", "military", 4.6e9, true, "2023-09-30"),
            ],
            vec![],
        ),
        records(
            "de1",
            "2023-10-05",
            "Zeitung",
            vec![
                ent("d", "GPE", "Germany", Some("DEU")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
            ],
            vec![
                aid("a1", "military", 400e6, false, "2023-10-04"),
                aid("a2", "humanitarian", 50e6, false, "2023-10-05"),
                aid_typed("a3", "AID_DELIVERY", "military", 10e6, false, "2023-10-05"),
            ],
            vec![],
        ),
        records(
            "fr1",
            "2023-10-11",
            "Le Journal",
            vec![
                ent("d", "GPE", "France", Some("FRA")),
                ent("u", "GPE", "Ukraine", Some("UKR")),
                ent("b", "PERSON", "Antony Blinken", Some("USA")),
                ent("pl", "GPE", "Poland", Some("POL")),
                ent("w", "GPE", "Warsaw", Some("POL")),
            ],
            vec![aid("a1", "financial", 200e6, false, "2023-10-10"), blinken],
            vec![],
        ),
    ]
}

/// Builds the fixture store in `dir` and returns its path.
fn build(dir: &TempDir) -> PathBuf {
    let path = dir.path("chronicle.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let batch: Vec<(DocMeta, Records)> = docs()
        .into_iter()
        .map(|r| (DocMeta::from_records(&r), r))
        .collect();
    store.insert_batch(&batch).unwrap();
    let c = store.counts().unwrap();
    assert_eq!(c.documents, 4);
    assert_eq!(c.merged_events, 1, "Britain's package is one event");
    path
}

fn open(path: &Path) -> SqliteStore {
    SqliteStore::open_read_only(path).unwrap()
}

fn rendered(r: &dyn chronicle_report::Render, f: Format) -> String {
    let mut out = Vec::new();
    render(r, f, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// Sets an event's review state directly (the store has no review API yet).
fn review(path: &Path, event_id: i64, status: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute(
        "UPDATE events SET review_status = ?1, reviewed = 1 WHERE id = ?2",
        rusqlite::params![status, event_id],
    )
    .unwrap();
}

fn event_id_of(store: &SqliteStore, kind: EventType, donor_country: &str) -> i64 {
    store
        .timeline(&chronicle_store::TimelineQuery {
            kinds: vec![kind],
            country: Some(donor_country.into()),
            ..Default::default()
        })
        .unwrap()
        .iter()
        .find(|e| {
            e.source
                .iter()
                .any(|a| a.country.as_deref() == Some(donor_country))
        })
        .unwrap()
        .id
}

// ------------------------------------------------------------------ donors

#[test]
fn donors_rank_packages_and_keep_running_totals_apart() {
    let dir = TempDir::new("donors");
    let store = open(&build(&dir));
    let r = donors(&store, &DonorsOptions::default()).unwrap();
    let names: Vec<&str> = r.rows.iter().map(|d| d.donor.as_str()).collect();
    // Adding the running total, or counting Britain's package twice, would
    // change the order.
    assert_eq!(names, ["Germany", "France", "United Kingdom"]);
    let de = &r.rows[0];
    assert_eq!(de.packages, 2);
    assert!((de.total - 450e6).abs() < 1.0, "{}", de.total);
    assert_eq!(de.running_total, None);
    let gb = &r.rows[2];
    assert_eq!(gb.rank, 3);
    assert_eq!(gb.packages, 1, "the merged package counts once");
    assert!((gb.total - 150e6).abs() < 1.0, "{}", gb.total);
    assert_eq!(gb.running_total, Some(4.6e9));
    assert_eq!(gb.running_total_date.as_deref(), Some("2023-09-30"));
    assert_eq!(gb.documents, 2);
    assert_eq!(gb.country.as_deref(), Some("GBR"));
    // The largest events' documents, each once.
    let urls: Vec<&str> = gb.sources.iter().filter_map(|s| s.url.as_deref()).collect();
    assert!(urls.contains(&"https://example.org/uk1"), "{urls:?}");
    assert!(urls.contains(&"https://example.org/uk2"), "{urls:?}");

    let table = rendered(&r, Format::Table);
    assert!(table.contains("EUR 450 m"), "{table}");
    assert!(table.contains("EUR 4.6 bn"), "{table}");
    let first = table.lines().next().unwrap();
    assert!(
        first.contains("donor") && first.contains("stated total"),
        "{first}"
    );

    let csv = rendered(&r, Format::Csv);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "rank,donor,entity_id,country,currency,packages,packages_unvalued,total,total_min,total_max,running_total,running_total_date,documents,events,source_urls,reviewed_events"
    );
    let gb_line = csv.lines().find(|l| l.contains("United Kingdom")).unwrap();
    assert!(gb_line.contains(",150000000,"), "{gb_line}");
    assert!(gb_line.contains(",4600000000,"), "{gb_line}");

    let json: Value = serde_json::from_str(&rendered(&r, Format::Json)).unwrap();
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    for key in [
        "rank",
        "donor",
        "country",
        "currency",
        "packages",
        "total",
        "running_total",
        "documents",
        "sources",
    ] {
        assert!(arr[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(arr[2]["running_total"], json!(4.6e9));
}

#[test]
fn donors_filter_by_kind_currency_dates_and_deliveries() {
    let dir = TempDir::new("donor-filters");
    let store = open(&build(&dir));
    let military = donors(
        &store,
        &DonorsOptions {
            kind: Some(AidKind::Military),
            ..DonorsOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = military.rows.iter().map(|d| d.donor.as_str()).collect();
    assert_eq!(names, ["Germany", "United Kingdom"]);
    assert!((military.rows[0].total - 400e6).abs() < 1.0);

    let usd = donors(
        &store,
        &DonorsOptions {
            currency: Currency::USD,
            ..DonorsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(usd.rows[0].currency, "USD");
    assert!(
        (usd.rows[0].total - 495e6).abs() < 1.0,
        "{}",
        usd.rows[0].total
    );
    assert!(rendered(&usd, Format::Table).contains("USD 495 m"));

    let october = donors(
        &store,
        &DonorsOptions {
            range: DateRange::new(Some("2023-10-01"), Some("2023-10")),
            ..DonorsOptions::default()
        },
    )
    .unwrap();
    let names: Vec<&str> = october.rows.iter().map(|d| d.donor.as_str()).collect();
    assert_eq!(names, ["Germany", "France"]);

    let with_deliveries = donors(
        &store,
        &DonorsOptions {
            include_deliveries: true,
            ..DonorsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(with_deliveries.rows[0].packages, 3);
    assert!((with_deliveries.rows[0].total - 460e6).abs() < 1.0);

    let top = donors(
        &store,
        &DonorsOptions {
            limit: Some(1),
            show_sources: true,
            ..DonorsOptions::default()
        },
    )
    .unwrap();
    assert_eq!(top.rows.len(), 1);
    let table = rendered(&top, Format::Table);
    assert!(table.contains("https://example.org/de1"), "{table}");
}

// ------------------------------------------------------------ visits, actor

#[test]
fn visits_list_who_came_when_where_and_sources() {
    let dir = TempDir::new("visits");
    let store = open(&build(&dir));
    let r = visits(&store, "ukr", &DateRange::all()).unwrap();
    assert_eq!(r.rows.len(), 1);
    let v = &r.rows[0];
    assert_eq!(v.source[0].name, "Grant Shapps");
    assert_eq!(v.date.as_deref(), Some("2023-09-27"));
    assert_eq!(v.location.as_ref().unwrap().name, "Kyiv");
    assert_eq!(v.sources[0].url.as_deref(), Some("https://example.org/uk1"));
    let table = rendered(&r, Format::Table);
    assert!(
        table.contains("Grant Shapps") && table.contains("Kyiv"),
        "{table}"
    );

    let pol = visits(&store, "POL", &DateRange::all()).unwrap();
    assert_eq!(pol.rows.len(), 1);
    assert_eq!(pol.rows[0].source[0].name, "Antony Blinken");
    let none = visits(&store, "UKR", &DateRange::new(Some("2023-10-01"), None)).unwrap();
    assert!(none.rows.is_empty());
    assert!(rendered(&none, Format::Table).contains("(none)"));
    let csv = rendered(&pol, Format::Csv);
    assert!(
        csv.starts_with("event_id,date,date_end,type,status,"),
        "{csv}"
    );
    assert!(matches!(
        visits(&store, "Ukraine", &DateRange::all()),
        Err(ReportError::Invalid(_))
    ));
}

#[test]
fn actor_shows_roles_events_and_quotes() {
    let dir = TempDir::new("actor");
    let store = open(&build(&dir));
    let r = actor(&store, "Grant Shapps", &DateRange::all()).unwrap();
    assert_eq!(r.entity.name, "Grant Shapps");
    assert_eq!(r.roles.len(), 1);
    assert_eq!(r.roles[0].title, "defence secretary");
    assert_eq!(r.roles[0].first_seen.as_deref(), Some("2023-09-28"));
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].role, "source");
    assert_eq!(r.events[0].event.kind, "VISIT");
    assert_eq!(r.quotes.len(), 1);
    assert_eq!(r.quotes[0].text, "We stand with Ukraine");

    let table = rendered(&r, Format::Table);
    for needle in [
        "Roles",
        "Events",
        "Quotes",
        "defence secretary",
        "We stand with Ukraine",
    ] {
        assert!(table.contains(needle), "{needle} not in {table}");
    }
    let json: Value = serde_json::from_str(&rendered(&r, Format::Json)).unwrap();
    for key in ["entity", "other_matches", "roles", "events", "quotes"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["events"][0]["type"], "VISIT");
    assert_eq!(json["events"][0]["role"], "source");
    let csv = rendered(&r, Format::Csv);
    assert_eq!(csv.lines().count(), 4, "header, role, event, quote: {csv}");

    // By id, and a name nobody has.
    let by_id = actor(&store, &format!("#{}", r.entity.id), &DateRange::all()).unwrap();
    assert_eq!(by_id.entity.name, "Grant Shapps");
    // A surname alone finds the person through their events.
    let surname = actor(&store, "shapps", &DateRange::all()).unwrap();
    assert_eq!(surname.entity.id, r.entity.id);
    let e = actor(&store, "Nobody Atall", &DateRange::all()).unwrap_err();
    assert!(matches!(e, ReportError::NotFound(_)), "{e}");
    assert!(e.to_string().contains("Nobody Atall"));
}

#[test]
fn timeline_filters_by_type_actor_country_and_dates() {
    let dir = TempDir::new("timeline");
    let store = open(&build(&dir));
    let all = timeline(&store, &TimelineOptions::default()).unwrap();
    // 2 British (package, total), 3 German, 1 French, 2 visits.
    assert_eq!(all.rows.len(), 8);
    let dates: Vec<String> = all.rows.iter().map(|e| e.date.clone().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "by date");

    let visits_only = timeline(
        &store,
        &TimelineOptions {
            kinds: vec![EventType::VISIT],
            ..TimelineOptions::default()
        },
    )
    .unwrap();
    assert_eq!(visits_only.rows.len(), 2);
    let germany = timeline(
        &store,
        &TimelineOptions {
            actor: Some("Germany".into()),
            ..TimelineOptions::default()
        },
    )
    .unwrap();
    assert_eq!(germany.rows.len(), 3);
    let poland = timeline(
        &store,
        &TimelineOptions {
            country: Some("pol".into()),
            ..TimelineOptions::default()
        },
    )
    .unwrap();
    assert_eq!(poland.rows.len(), 1);
    let sept = timeline(
        &store,
        &TimelineOptions {
            range: DateRange::new(None, Some("2023-09")),
            ..TimelineOptions::default()
        },
    )
    .unwrap();
    assert_eq!(sept.rows.len(), 3);
    let table = rendered(&sept, Format::Table);
    assert!(table.contains("EUR 4.6 bn (total)"), "{table}");
    let json: Value = serde_json::from_str(&rendered(&sept, Format::Json)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
    assert!(json[0].get("review_status").is_some());
}

// ------------------------------------------------------------------ export

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn header(path: &Path) -> String {
    read(path).lines().next().unwrap().to_string()
}

#[test]
fn csv_export_writes_every_table_with_review_state() {
    let dir = TempDir::new("csv");
    let db = build(&dir);
    let store = open(&db);
    let de = event_id_of(&store, EventType::AID_PLEDGE, "DEU");
    let fr = event_id_of(&store, EventType::AID_PLEDGE, "FRA");
    drop(store);
    review(&db, de, "confirmed");
    review(&db, fr, "rejected");

    let out = dir.path("csv");
    let x = ExportDb::open(&db).unwrap();
    let s = export::export(&x, ExportFormat::Csv, &out, &ExportOptions::default()).unwrap();
    assert_eq!(s.files.len(), export::CSV_FILES.len());
    assert_eq!(s.events, 7, "the rejected event is left out");
    assert_eq!(s.reviewed, 1);
    assert_eq!(s.documents, 4);
    for (name, cols) in [
        ("documents.csv", export::DOCUMENTS_CSV),
        ("entities.csv", export::ENTITIES_CSV),
        ("events.csv", export::EVENTS_CSV),
        ("event_actors.csv", export::EVENT_ACTORS_CSV),
        ("event_sources.csv", export::EVENT_SOURCES_CSV),
        ("quotes.csv", export::QUOTES_CSV),
    ] {
        assert_eq!(header(&out.join(name)), cols.join(","), "{name}");
    }
    let mut rdr = csv::Reader::from_path(out.join("events.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    let de_row = rows.iter().find(|r| r[0] == de.to_string()).unwrap();
    assert_eq!(&de_row[col("review_status")], "confirmed");
    assert_eq!(&de_row[col("reviewed")], "true");
    assert_eq!(&de_row[col("value_eur")], "400000000");
    assert_eq!(&de_row[col("plover_type")], "AID");
    assert!(rows.iter().all(|r| r[0] != fr.to_string()));
    let merged = rows
        .iter()
        .find(|r| {
            &r[col("source_names")] == "United Kingdom" && &r[col("aid_cumulative")] == "false"
        })
        .unwrap();
    assert_eq!(&merged[col("documents")], "2");
    assert_eq!(&merged[col("review_status")], "unreviewed");
    // The merged event's two reports.
    let sources = read(&out.join("event_sources.csv"));
    assert_eq!(sources.lines().count(), 1 + 8);
    let quotes = read(&out.join("quotes.csv"));
    assert!(quotes.contains("We stand with Ukraine"));

    // The rejected event comes back on request.
    let all = export::export(
        &x,
        ExportFormat::Csv,
        &dir.path("csv-all"),
        &ExportOptions {
            filter: ExportFilter {
                include_rejected: true,
                ..ExportFilter::default()
            },
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(all.events, 8);
    assert!(read(&dir.path("csv-all").join("events.csv")).contains(",rejected"));

    // CSV needs a folder, not a file or standard output.
    std::fs::write(dir.path("a-file"), "x").unwrap();
    assert!(export::export(
        &x,
        ExportFormat::Csv,
        &dir.path("a-file"),
        &ExportOptions::default()
    )
    .is_err());
    assert!(export::export(
        &x,
        ExportFormat::Csv,
        Path::new("-"),
        &ExportOptions::default()
    )
    .is_err());
}

#[test]
fn jsonl_export_reparses_as_records_v1_with_text() {
    let dir = TempDir::new("jsonl");
    let db = build(&dir);
    let x = ExportDb::open(&db).unwrap();
    let out = dir.path("records.jsonl");
    let s = export::export(&x, ExportFormat::Jsonl, &out, &ExportOptions::default()).unwrap();
    assert_eq!(s.files[0].rows, 4);
    let text = read(&out);
    let originals = docs();
    assert_eq!(text.lines().count(), 4);
    for line in text.lines() {
        let r: Records = serde_json::from_str(line).unwrap();
        assert_eq!(r.schema, "chronicle.records/v1");
        let orig = originals
            .iter()
            .find(|o| o.document.id == r.document.id)
            .unwrap();
        assert_eq!(&r, orig, "re-serialized exactly, text included");
        let v: Value = serde_json::from_str(line).unwrap();
        let events = v["store"]["events"].as_array().unwrap();
        assert_eq!(events.len(), orig.events.len());
        assert_eq!(events[0]["review_status"], "unreviewed");
        assert_eq!(events[0]["reviewed"], false);
        assert!(events[0]["event_id"].is_i64());
    }
    assert!(!dir.path("records.jsonl.part").exists());

    // Records only: no added field.
    let out2 = dir.path("plain.jsonl");
    export::export(
        &x,
        ExportFormat::Jsonl,
        &out2,
        &ExportOptions {
            records_only: true,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    for line in read(&out2).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{keys:?}");
        assert!(v.get("store").is_none());
    }

    // --type: only the documents reporting a visit.
    let out3 = dir.path("visits.jsonl");
    let s = export::export(
        &x,
        ExportFormat::Jsonl,
        &out3,
        &ExportOptions {
            filter: ExportFilter {
                kinds: vec![EventType::VISIT],
                ..ExportFilter::default()
            },
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.events, 2);
    assert_eq!(s.documents, 2);
}

#[test]
fn plover_export_has_the_plover_fields() {
    let dir = TempDir::new("plover");
    let db = build(&dir);
    let x = ExportDb::open(&db).unwrap();
    let out = dir.path("events.plover.jsonl");
    let s = export::export(&x, ExportFormat::Plover, &out, &ExportOptions::default()).unwrap();
    assert_eq!(s.events, 8);
    let lines: Vec<Value> = read(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 8);
    for v in &lines {
        for key in [
            "id",
            "date",
            "source",
            "recipient",
            "event",
            "mode",
            "context",
            "quad_code",
            "event_loc",
            "event_text",
            "cite_info",
            "coder",
            "codebook",
            "status",
            "cameo",
            "num_sources",
            "num_articles",
            "reviewed",
            "review_status",
        ] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
        assert!(v["id"].as_str().unwrap().starts_with("chronicle-"));
        assert_eq!(v["date"].as_str().unwrap().len(), 10);
    }
    let merged = lines
        .iter()
        .find(|v| v["num_articles"] == 2)
        .expect("the merged package");
    assert_eq!(merged["event"], json!(["AID"]));
    assert_eq!(merged["mode"], "intent");
    assert_eq!(merged["context"], json!(["military"]));
    assert_eq!(merged["quad_code"], 2);
    assert_eq!(merged["source"][0]["code"], "GBR");
    assert_eq!(merged["recipient"][0]["code"], "UKR");
    assert_eq!(merged["cite_info"].as_array().unwrap().len(), 2);
    assert_eq!(merged["num_sources"], 2);
    let visit = lines
        .iter()
        .find(|v| v["chronicle_type"] == "VISIT" && v["event_loc"]["name"] == "Kyiv")
        .unwrap();
    assert_eq!(visit["event"], json!(["CONSULT"]));
    assert_eq!(visit["mode"], "visit");
    assert_eq!(visit["event_loc"]["cc3"], "UKR");
    assert_eq!(visit["source"][0]["actor_text"], "Grant Shapps");
}

#[test]
fn gdelt_export_keeps_its_column_count() {
    let dir = TempDir::new("gdelt");
    let db = build(&dir);
    let x = ExportDb::open(&db).unwrap();
    let out = dir.path("events.tsv");
    export::export(&x, ExportFormat::Gdelt, &out, &ExportOptions::default()).unwrap();
    let text = read(&out);
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(head, GDELT_COLUMNS);
    assert_eq!(
        GDELT_COLUMNS.len(),
        43,
        "the column count is part of the format"
    );
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 8);
    for r in &rows {
        assert_eq!(r.len(), GDELT_COLUMNS.len());
    }
    let merged = rows.iter().find(|r| r[col("NumArticles")] == "2").unwrap();
    assert_eq!(merged[col("SQLDATE")], "20230927");
    assert_eq!(merged[col("Actor1Name")], "United Kingdom");
    assert_eq!(merged[col("Actor1CountryCode")], "GBR");
    assert_eq!(merged[col("Actor2CountryCode")], "UKR");
    assert_eq!(merged[col("EventCode")], "033");
    assert_eq!(merged[col("EventRootCode")], "03");
    assert_eq!(merged[col("QuadClass")], "1");
    assert_eq!(merged[col("NumMentions")], "2");
    assert_eq!(merged[col("SOURCEURL")], "https://example.org/uk1");
    assert_eq!(merged[col("ReviewStatus")], "unreviewed");
    assert_eq!(merged[col("Reviewed")], "0");
    assert_eq!(merged[col("AidValueEUR")], "150000000");

    // Date filters select events by date.
    let s = export::export(
        &x,
        ExportFormat::Gdelt,
        &dir.path("oct.tsv"),
        &ExportOptions {
            filter: ExportFilter {
                range: DateRange::new(Some("2023-10-01"), None),
                ..ExportFilter::default()
            },
            ..ExportOptions::default()
        },
    )
    .unwrap();
    assert_eq!(s.events, 5);
    assert_eq!(read(&dir.path("oct.tsv")).lines().count(), 6);
}

#[test]
fn a_missing_database_is_a_clear_error() {
    let dir = TempDir::new("missing");
    let e = ExportDb::open(dir.path("nope.db")).err().unwrap();
    assert!(e.to_string().contains("does not exist"), "{e}");
}
