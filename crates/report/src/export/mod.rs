//! Exports of a store: CSV per record type, JSON Lines of records-v1,
//! PLOVER JSON Lines and a GDELT-style event TSV. The crate documentation
//! lists every column and field.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chronicle_records::Records;
use serde::Serialize;

use crate::error::{ReportError, Result};
use crate::output::raw_num;
use chronicle_store::export as db;
use db::{EntityRef, EventRow, ExportDb, ExportFilter};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A folder of CSV files, one per record type.
    Csv,
    /// One records-v1 object per stored document, one per line.
    Jsonl,
    /// One PLOVER event object per merged event, one per line.
    Plover,
    /// One GDELT-style tab-separated line per merged event, after a header.
    Gdelt,
}

impl ExportFormat {
    /// `csv`, `jsonl`, `plover` or `gdelt`.
    pub fn parse(s: &str) -> Option<ExportFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Some(ExportFormat::Csv),
            "jsonl" => Some(ExportFormat::Jsonl),
            "plover" => Some(ExportFormat::Plover),
            "gdelt" => Some(ExportFormat::Gdelt),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Plover => "plover",
            ExportFormat::Gdelt => "gdelt",
        }
    }
}

/// How an export selects and writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportOptions {
    pub filter: ExportFilter,
    /// JSON Lines: write the records-v1 objects alone, without the added
    /// `store` block (review state and canonical event ids).
    pub records_only: bool,
}

/// One file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    /// The path, or `-` for standard output.
    pub path: String,
    /// Data lines written (without a header).
    pub rows: usize,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub files: Vec<ExportedFile>,
    /// Canonical events exported.
    pub events: usize,
    /// Of those, the ones a reviewer has looked at (`reviewed = 1`).
    pub reviewed: usize,
    pub documents: usize,
}

/// The coder name written into PLOVER records.
pub const CODER: &str = concat!("chronicle ", env!("CARGO_PKG_VERSION"));

/// Exports the store behind `db` to `out` (a folder for CSV; a file, or
/// `-` for standard output, for the others).
pub fn export(
    db: &ExportDb,
    format: ExportFormat,
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportSummary> {
    let f = &opts.filter;
    let events = db.events(f)?;
    let mut summary = ExportSummary {
        events: events.len(),
        reviewed: events.iter().filter(|e| e.reviewed).count(),
        ..ExportSummary::default()
    };
    match format {
        ExportFormat::Csv => {
            if out.as_os_str() == "-" {
                return Err(ReportError::Invalid(
                    "--format csv writes a folder of files: give --out DIR".into(),
                ));
            }
            let docs = db.documents(f, &events)?;
            summary.documents = docs.len();
            summary.files = write_csv_dir(db, f, &events, &docs, out)?;
        }
        ExportFormat::Jsonl => {
            let docs = db.documents(f, &events)?;
            summary.documents = docs.len();
            let n = with_output(out, |w| write_jsonl(db, &docs, opts.records_only, w))?;
            summary.files.push(n);
        }
        ExportFormat::Plover => {
            summary.documents = documents_of(&events);
            let n = with_output(out, |w| write_plover(&events, w))?;
            summary.files.push(n);
        }
        ExportFormat::Gdelt => {
            summary.documents = documents_of(&events);
            let n = with_output(out, |w| write_gdelt(&events, w))?;
            summary.files.push(n);
        }
    }
    Ok(summary)
}

fn documents_of(events: &[EventRow]) -> usize {
    events
        .iter()
        .flat_map(|e| e.sources.iter().map(|s| s.document_id))
        .collect::<BTreeSet<_>>()
        .len()
}

/// Runs `write` on standard output (`-`) or on a file written beside its
/// final path and renamed into place, so a failed export leaves no half file.
fn with_output(
    out: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<usize>,
) -> Result<ExportedFile> {
    if out.as_os_str() == "-" {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        let rows = write(&mut lock)?;
        lock.flush()
            .map_err(|e| ReportError::io("standard output", e))?;
        return Ok(ExportedFile {
            path: "-".into(),
            rows,
        });
    }
    let shown = out.display().to_string();
    if out.is_dir() {
        return Err(ReportError::Invalid(format!(
            "--out {shown} is a folder: give a file name"
        )));
    }
    let mut part = out.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let file = std::fs::File::create(&part).map_err(|e| ReportError::io(&shown, e))?;
    let mut w = std::io::BufWriter::new(file);
    let result = write(&mut w).and_then(|rows| {
        w.flush().map_err(|e| ReportError::io(&shown, e))?;
        Ok(rows)
    });
    drop(w);
    match result {
        Ok(rows) => {
            std::fs::rename(&part, out).map_err(|e| ReportError::io(&shown, e))?;
            Ok(ExportedFile { path: shown, rows })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&part);
            Err(e)
        }
    }
}

fn io_err(e: std::io::Error) -> ReportError {
    ReportError::io("the export", e)
}

// -------------------------------------------------------------------- jsonl

/// The `store` block added to each JSON line: what the store knows about
/// the document's records.
#[derive(Debug, Clone, Serialize)]
struct StoreBlock {
    document_id: i64,
    events: Vec<StoredEvent>,
}

#[derive(Debug, Clone, Serialize)]
struct StoredEvent {
    /// The record event id in this document ("v1").
    id: String,
    /// The canonical (merged) event it is a source of.
    event_id: i64,
    reviewed: bool,
    review_status: String,
}

#[derive(Serialize)]
struct JsonLine<'a> {
    #[serde(flatten)]
    records: &'a Records,
    #[serde(skip_serializing_if = "Option::is_none")]
    store: Option<StoreBlock>,
}

/// Writes one records-v1 object per document (with its text when stored).
pub fn write_jsonl(
    db: &ExportDb,
    docs: &[db::DocumentRow],
    records_only: bool,
    w: &mut dyn Write,
) -> Result<usize> {
    for d in docs {
        let mut records: Records = serde_json::from_str(&d.records_json)?;
        if d.text.is_some() {
            records.document.text = d.text.clone();
        }
        let store = if records_only {
            None
        } else {
            Some(StoreBlock {
                document_id: d.id,
                events: db
                    .review_of(d.id)?
                    .into_iter()
                    .map(|(id, event_id, reviewed, review_status)| StoredEvent {
                        id,
                        event_id,
                        reviewed,
                        review_status,
                    })
                    .collect(),
            })
        };
        serde_json::to_writer(
            &mut *w,
            &JsonLine {
                records: &records,
                store,
            },
        )?;
        w.write_all(b"\n").map_err(io_err)?;
    }
    Ok(docs.len())
}

// ---------------------------------------------------------------------- csv

/// The files of a CSV export, in the order they are written.
pub const CSV_FILES: &[&str] = &[
    "documents.csv",
    "entities.csv",
    "events.csv",
    "event_actors.csv",
    "event_sources.csv",
    "quotes.csv",
];

pub const DOCUMENTS_CSV: &[&str] = &[
    "document_id",
    "content_hash",
    "record_id",
    "title",
    "url",
    "outlet",
    "published",
    "language",
    "path",
    "has_text",
    "ingested_at",
];

pub const ENTITIES_CSV: &[&str] = &[
    "entity_id",
    "kind",
    "name",
    "country",
    "key",
    "aliases",
    "mentions",
    "documents",
];

pub const EVENTS_CSV: &[&str] = &[
    "event_id",
    "type",
    "status",
    "plover_type",
    "plover_mode",
    "cameo",
    "date",
    "date_start",
    "date_end",
    "granularity",
    "date_text",
    "location_id",
    "location_name",
    "location_country",
    "source_ids",
    "source_names",
    "target_ids",
    "target_names",
    "participant_ids",
    "participant_names",
    "aid_kind",
    "aid_cumulative",
    "currency",
    "value",
    "min",
    "max",
    "approximate",
    "value_eur",
    "value_usd",
    "min_eur",
    "max_eur",
    "min_usd",
    "max_usd",
    "rate_date",
    "items",
    "count_value",
    "count_of",
    "confidence",
    "documents",
    "reviewed",
    "review_status",
];

pub const EVENT_ACTORS_CSV: &[&str] = &[
    "event_id",
    "role",
    "entity_id",
    "kind",
    "name",
    "country",
    "reviewed",
    "review_status",
];

pub const EVENT_SOURCES_CSV: &[&str] = &[
    "source_id",
    "event_id",
    "document_id",
    "record_event_id",
    "status",
    "confidence",
    "evidence_start",
    "evidence_end",
    "evidence_text",
    "attribution_text",
    "attribution_entity_id",
    "url",
    "title",
    "outlet",
    "published",
    "reviewed",
    "review_status",
];

pub const QUOTES_CSV: &[&str] = &[
    "quote_id",
    "document_id",
    "record_quote_id",
    "speaker_id",
    "speaker_name",
    "speaker_text",
    "text",
    "start",
    "end",
    "direct",
    "cue",
    "channel",
    "time_text",
    "time_start",
    "time_end",
    "published",
    "url",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn join_ids(v: &[EntityRef]) -> String {
    v.iter()
        .map(|a| a.id.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

fn join_names(v: &[EntityRef]) -> String {
    v.iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

fn write_table(
    dir: &Path,
    name: &str,
    headers: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<ExportedFile> {
    let path = dir.join(name);
    with_output(&path, |w| {
        let mut c = csv::Writer::from_writer(w);
        c.write_record(headers)?;
        let mut n = 0;
        for r in rows {
            debug_assert_eq!(r.len(), headers.len(), "{name}");
            c.write_record(&r)?;
            n += 1;
        }
        c.flush().map_err(io_err)?;
        Ok(n)
    })
}

/// Writes the CSV files of [`CSV_FILES`] into `dir` (created if missing).
pub fn write_csv_dir(
    db: &ExportDb,
    f: &ExportFilter,
    events: &[EventRow],
    docs: &[db::DocumentRow],
    dir: &Path,
) -> Result<Vec<ExportedFile>> {
    let shown = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(ReportError::Invalid(format!(
            "--out {shown} is a file: --format csv writes a folder"
        )));
    }
    std::fs::create_dir_all(dir).map_err(|e| ReportError::io(&shown, e))?;
    let entities = db.entities(f, events, docs)?;
    let quotes = db.quotes(docs)?;
    let mut files = Vec::new();
    files.push(write_table(
        dir,
        "documents.csv",
        DOCUMENTS_CSV,
        docs.iter().map(|d| {
            vec![
                d.id.to_string(),
                d.content_hash.clone(),
                d.record_id.clone(),
                opt(&d.title),
                opt(&d.url),
                opt(&d.outlet),
                opt(&d.published),
                d.language.clone(),
                opt(&d.path),
                d.text.is_some().to_string(),
                d.ingested_at.clone(),
            ]
        }),
    )?);
    files.push(write_table(
        dir,
        "entities.csv",
        ENTITIES_CSV,
        entities.iter().map(|e| {
            vec![
                e.id.to_string(),
                e.kind.clone(),
                e.name.clone(),
                opt(&e.country),
                e.key.clone(),
                e.aliases.join("; "),
                e.mentions.to_string(),
                e.documents.to_string(),
            ]
        }),
    )?);
    files.push(write_table(
        dir,
        "events.csv",
        EVENTS_CSV,
        events.iter().map(|e| {
            vec![
                e.id.to_string(),
                e.stored.kind.clone(),
                e.stored.status.clone(),
                opt(&e.stored.plover_type),
                opt(&e.stored.plover_mode),
                opt(&e.stored.cameo),
                e.date().unwrap_or_default().to_string(),
                opt(&e.stored.date_start),
                opt(&e.stored.date_end),
                opt(&e.stored.granularity),
                opt(&e.stored.date_text),
                opt(&e.location.as_ref().map(|l| l.id)),
                opt(&e.location.as_ref().map(|l| l.name.clone())),
                opt(&e.location.as_ref().and_then(|l| l.country.clone())),
                join_ids(&e.source),
                join_names(&e.source),
                join_ids(&e.target),
                join_names(&e.target),
                join_ids(&e.participants),
                join_names(&e.participants),
                opt(&e.stored.aid_kind),
                opt(&e.stored.cumulative),
                opt(&e.stored.currency),
                raw_num(e.stored.value),
                raw_num(e.stored.min),
                raw_num(e.stored.max),
                opt(&e.stored.approximate),
                raw_num(e.stored.value_eur),
                raw_num(e.stored.value_usd),
                raw_num(e.stored.min_eur),
                raw_num(e.stored.max_eur),
                raw_num(e.stored.min_usd),
                raw_num(e.stored.max_usd),
                opt(&e.stored.rate_date),
                e.stored.items.join("; "),
                raw_num(e.stored.count_value),
                opt(&e.stored.count_of),
                e.stored.confidence.to_string(),
                e.documents().to_string(),
                e.reviewed.to_string(),
                e.review_status.clone(),
            ]
        }),
    )?);
    files.push(write_table(
        dir,
        "event_actors.csv",
        EVENT_ACTORS_CSV,
        events.iter().flat_map(|e| {
            let roles = [
                ("source", &e.source),
                ("target", &e.target),
                ("participant", &e.participants),
            ];
            roles
                .into_iter()
                .flat_map(|(role, list)| {
                    list.iter().map(move |a| {
                        vec![
                            e.id.to_string(),
                            role.to_string(),
                            a.id.to_string(),
                            a.kind.clone(),
                            a.name.clone(),
                            opt(&a.country),
                            e.reviewed.to_string(),
                            e.review_status.clone(),
                        ]
                    })
                })
                .collect::<Vec<_>>()
        }),
    )?);
    files.push(write_table(
        dir,
        "event_sources.csv",
        EVENT_SOURCES_CSV,
        events.iter().flat_map(|e| {
            e.sources.iter().map(|s| {
                vec![
                    s.id.to_string(),
                    s.event_id.to_string(),
                    s.document_id.to_string(),
                    s.record_event_id.clone(),
                    s.status.clone(),
                    s.confidence.to_string(),
                    opt(&s.evidence_start),
                    opt(&s.evidence_end),
                    opt(&s.evidence_text),
                    opt(&s.attribution_text),
                    opt(&s.attribution_entity),
                    opt(&s.url),
                    opt(&s.title),
                    opt(&s.outlet),
                    opt(&s.published),
                    e.reviewed.to_string(),
                    e.review_status.clone(),
                ]
            })
        }),
    )?);
    files.push(write_table(
        dir,
        "quotes.csv",
        QUOTES_CSV,
        quotes.iter().map(|q| {
            vec![
                q.id.to_string(),
                q.document_id.to_string(),
                q.record_quote_id.clone(),
                opt(&q.speaker.as_ref().map(|s| s.id)),
                opt(&q.speaker.as_ref().map(|s| s.name.clone())),
                opt(&q.speaker_text),
                q.text.clone(),
                q.start.to_string(),
                q.end.to_string(),
                q.direct.to_string(),
                opt(&q.cue),
                opt(&q.channel),
                opt(&q.time_text),
                opt(&q.time_start),
                opt(&q.time_end),
                opt(&q.published),
                opt(&q.url),
            ]
        }),
    )?);
    Ok(files)
}

// ------------------------------------------------------------------- plover

/// A PLOVER actor object.
#[derive(Debug, Clone, Serialize)]
pub struct PloverActor {
    /// Top-level actor code: the ISO 3166-1 alpha-3 country.
    pub code: Option<String>,
    /// The text naming the actor (the canonical name).
    pub actor_text: String,
    /// chronicle's canonical entity id, as `chronicle:entity:ID`.
    pub identifier_id: String,
    /// The canonical name.
    pub identifier_text: String,
    /// Extension: the entity type (PERSON, ORG, GPE, ...).
    pub actor_type: String,
}

impl From<&EntityRef> for PloverActor {
    fn from(a: &EntityRef) -> PloverActor {
        PloverActor {
            code: a.country.clone(),
            actor_text: a.name.clone(),
            identifier_id: format!("chronicle:entity:{}", a.id),
            identifier_text: a.name.clone(),
            actor_type: a.kind.clone(),
        }
    }
}

/// A PLOVER location object (geonames field names).
#[derive(Debug, Clone, Serialize)]
pub struct PloverLocation {
    pub name: String,
    /// ISO 3166-1 alpha-3.
    pub cc3: Option<String>,
    /// Extension: chronicle's canonical entity id.
    pub identifier_id: String,
}

/// A PLOVER citation object: one per document reporting the event.
#[derive(Debug, Clone, Serialize)]
pub struct PloverCite {
    pub corpus: String,
    /// The document's content hash (its records-v1 document id).
    pub citation: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub publication: Option<String>,
    pub language: String,
    /// Extensions: the publication date, the store's document id and the
    /// event's id in that document's records.
    pub published: Option<String>,
    pub document_id: i64,
    pub record_event_id: String,
}

/// Extension: the aid block.
#[derive(Debug, Clone, Serialize)]
pub struct PloverAid {
    pub kind: Option<String>,
    pub cumulative: bool,
    pub currency: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub value_eur: Option<f64>,
    pub value_usd: Option<f64>,
    pub min_eur: Option<f64>,
    pub max_eur: Option<f64>,
    pub min_usd: Option<f64>,
    pub max_usd: Option<f64>,
    pub rate_date: Option<String>,
    pub items: Vec<String>,
}

/// One merged event as a PLOVER record.
#[derive(Debug, Clone, Serialize)]
pub struct PloverEvent {
    /// `chronicle-ID`, ID the store's canonical event id.
    pub id: String,
    /// YYYY-MM-DD: the event's date, else its first report's publication.
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enddate: Option<String>,
    pub source: Vec<PloverActor>,
    pub recipient: Vec<PloverActor>,
    /// The PLOVER category (one).
    pub event: Vec<String>,
    pub mode: Option<String>,
    pub context: Vec<String>,
    pub quad_code: Option<u8>,
    pub event_loc: Option<PloverLocation>,
    /// The evidence sentence of each report.
    pub event_text: Vec<String>,
    pub cite_info: Vec<PloverCite>,
    pub coder: String,
    pub codebook: String,
    // chronicle extensions
    pub participants: Vec<PloverActor>,
    pub chronicle_type: String,
    pub status: String,
    pub cameo: Option<String>,
    pub aid: Option<PloverAid>,
    pub confidence: f64,
    /// Distinct outlets and documents reporting the event.
    pub num_sources: usize,
    pub num_articles: usize,
    pub reviewed: bool,
    pub review_status: String,
}

/// PLOVER's quad category of a PLOVER event type: 1 verbal cooperation,
/// 2 material cooperation, 3 verbal conflict, 4 material conflict.
pub fn plover_quad(event: &str) -> Option<u8> {
    match event {
        "AGREE" | "CONSULT" | "SUPPORT" | "CONCEDE" => Some(1),
        "COOPERATE" | "AID" | "RETREAT" | "INVESTIGATE" => Some(2),
        "DEMAND" | "ACCUSE" | "DISAPPROVE" | "REJECT" | "THREATEN" | "SANCTION" => Some(3),
        "PROTEST" | "CRIME" | "MOBILIZE" | "COERCE" | "ASSAULT" | "FIGHT" => Some(4),
        _ => None,
    }
}

fn iso_day(d: Option<&str>) -> Option<String> {
    d.map(|s| s.chars().take(10).collect())
}

/// The PLOVER record of a merged event.
pub fn plover_event(e: &EventRow) -> PloverEvent {
    let event: Vec<String> = e.stored.plover_type.iter().cloned().collect();
    let context = match e.stored.aid_kind.as_deref() {
        Some("military") => vec!["military".to_string()],
        Some("financial") => vec!["economic".to_string()],
        Some("humanitarian") => vec!["humanitarian".to_string()],
        _ => Vec::new(),
    };
    let mut event_text = Vec::new();
    for s in &e.sources {
        if let Some(t) = &s.evidence_text {
            if !event_text.contains(t) {
                event_text.push(t.clone());
            }
        }
    }
    let date = iso_day(e.date());
    PloverEvent {
        id: format!("chronicle-{}", e.id),
        enddate: iso_day(e.stored.date_end.as_deref()).filter(|d| Some(d) != date.as_ref()),
        date,
        source: e.source.iter().map(PloverActor::from).collect(),
        recipient: e.target.iter().map(PloverActor::from).collect(),
        quad_code: e.stored.plover_type.as_deref().and_then(plover_quad),
        event,
        mode: e.stored.plover_mode.clone(),
        context,
        event_loc: e.location.as_ref().map(|l| PloverLocation {
            name: l.name.clone(),
            cc3: l.country.clone(),
            identifier_id: format!("chronicle:entity:{}", l.id),
        }),
        event_text,
        cite_info: e
            .sources
            .iter()
            .map(|s| PloverCite {
                corpus: "chronicle".into(),
                citation: s.content_hash.clone(),
                url: s.url.clone(),
                title: s.title.clone(),
                publication: s.outlet.clone(),
                language: s.language.clone(),
                published: s.published.clone(),
                document_id: s.document_id,
                record_event_id: s.record_event_id.clone(),
            })
            .collect(),
        coder: CODER.into(),
        codebook: chronicle_records::SCHEMA.into(),
        participants: e.participants.iter().map(PloverActor::from).collect(),
        chronicle_type: e.stored.kind.clone(),
        status: e.stored.status.clone(),
        cameo: e.stored.cameo.clone(),
        aid: e.stored.aid_kind.as_ref().map(|k| PloverAid {
            kind: Some(k.clone()),
            cumulative: e.stored.cumulative.unwrap_or(false),
            currency: e.stored.currency.clone(),
            value: e.stored.value,
            min: e.stored.min,
            max: e.stored.max,
            value_eur: e.stored.value_eur,
            value_usd: e.stored.value_usd,
            min_eur: e.stored.min_eur,
            max_eur: e.stored.max_eur,
            min_usd: e.stored.min_usd,
            max_usd: e.stored.max_usd,
            rate_date: e.stored.rate_date.clone(),
            items: e.stored.items.clone(),
        }),
        confidence: e.stored.confidence,
        num_sources: e.outlets(),
        num_articles: e.documents(),
        reviewed: e.reviewed,
        review_status: e.review_status.clone(),
    }
}

/// Writes one PLOVER object per merged event, one per line.
pub fn write_plover(events: &[EventRow], w: &mut dyn Write) -> Result<usize> {
    for e in events {
        serde_json::to_writer(&mut *w, &plover_event(e))?;
        w.write_all(b"\n").map_err(io_err)?;
    }
    Ok(events.len())
}

// -------------------------------------------------------------------- gdelt

/// The columns of the GDELT-style export: GDELT 1.0/2.0 event columns
/// chronicle can fill, then chronicle's own.
pub const GDELT_COLUMNS: &[&str] = &[
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "SOURCEURL",
    "ChronicleType",
    "Status",
    "PloverType",
    "PloverMode",
    "DateEnd",
    "SourceActors",
    "TargetActors",
    "Participants",
    "AidKind",
    "AidCumulative",
    "AidCurrency",
    "AidValue",
    "AidValueEUR",
    "AidValueUSD",
    "AidMinEUR",
    "AidMaxEUR",
    "AidMinUSD",
    "AidMaxUSD",
    "Confidence",
    "Reviewed",
    "ReviewStatus",
    "SourceURLs",
];

/// GDELT's QuadClass of a CAMEO code: 1 verbal cooperation (01–05),
/// 2 material cooperation (06–09), 3 verbal conflict (10–14), 4 material
/// conflict (15–20).
pub fn cameo_quad(cameo: &str) -> Option<u8> {
    let root: u8 = cameo.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=9 => Some(2),
        10..=14 => Some(3),
        15..=20 => Some(4),
        _ => None,
    }
}

/// A TSV field: tabs and line breaks become spaces (GDELT files are not
/// quoted).
fn tsv(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// GDELT's date fields from an ISO date: SQLDATE, MonthYear, Year and
/// FractionDate (year + day of year / 365, as GDELT computes it).
fn gdelt_dates(d: Option<&str>) -> [String; 4] {
    let Some(d) = d else {
        return Default::default();
    };
    let y: Option<u32> = d.get(..4).and_then(|s| s.parse().ok());
    let m: Option<u32> = d.get(5..7).and_then(|s| s.parse().ok());
    let day: Option<u32> = d.get(8..10).and_then(|s| s.parse().ok());
    match (y, m, day) {
        (Some(y), Some(m), Some(dd)) => {
            let frac = y as f64 + (((m - 1) * 30 + dd) as f64 / 365.0);
            [
                format!("{y:04}{m:02}{dd:02}"),
                format!("{y:04}{m:02}"),
                format!("{y:04}"),
                format!("{frac:.4}"),
            ]
        }
        (Some(y), Some(m), None) => [
            String::new(),
            format!("{y:04}{m:02}"),
            format!("{y:04}"),
            String::new(),
        ],
        (Some(y), None, _) => [
            String::new(),
            String::new(),
            format!("{y:04}"),
            String::new(),
        ],
        _ => Default::default(),
    }
}

/// The GDELT-style row of a merged event ([`GDELT_COLUMNS`] long). Actor1 is
/// the first source actor; Actor2 the first target, else the first
/// participant; all of them are listed in the chronicle columns.
pub fn gdelt_row(e: &EventRow) -> Vec<String> {
    let a1 = e.source.first();
    let a2 = e.target.first().or_else(|| e.participants.first());
    let cameo = e.stored.cameo.clone().unwrap_or_default();
    let [sqldate, month_year, year, fraction] = gdelt_dates(e.date());
    let urls: Vec<&str> = e.sources.iter().filter_map(|s| s.url.as_deref()).collect();
    let row = vec![
        e.id.to_string(),
        sqldate,
        month_year,
        year,
        fraction,
        opt(&a1.and_then(|a| a.country.clone())),
        opt(&a1.map(|a| a.name.clone())),
        opt(&a1.and_then(|a| a.country.clone())),
        opt(&a2.and_then(|a| a.country.clone())),
        opt(&a2.map(|a| a.name.clone())),
        opt(&a2.and_then(|a| a.country.clone())),
        cameo.clone(),
        cameo.get(..3).unwrap_or(&cameo).to_string(),
        cameo.get(..2).unwrap_or(&cameo).to_string(),
        opt(&cameo_quad(&cameo)),
        e.sources.len().to_string(),
        e.outlets().to_string(),
        e.documents().to_string(),
        opt(&e.location.as_ref().map(|l| l.name.clone())),
        opt(&e.location.as_ref().and_then(|l| l.country.clone())),
        urls.first().map(|u| u.to_string()).unwrap_or_default(),
        e.stored.kind.clone(),
        e.stored.status.clone(),
        opt(&e.stored.plover_type),
        opt(&e.stored.plover_mode),
        iso_day(e.stored.date_end.as_deref()).unwrap_or_default(),
        join_names(&e.source),
        join_names(&e.target),
        join_names(&e.participants),
        opt(&e.stored.aid_kind),
        opt(&e.stored.cumulative.map(|c| c as u8)),
        opt(&e.stored.currency),
        raw_num(e.stored.value),
        raw_num(e.stored.value_eur),
        raw_num(e.stored.value_usd),
        raw_num(e.stored.min_eur),
        raw_num(e.stored.max_eur),
        raw_num(e.stored.min_usd),
        raw_num(e.stored.max_usd),
        e.stored.confidence.to_string(),
        (e.reviewed as u8).to_string(),
        e.review_status.clone(),
        urls.join(" "),
    ];
    row.iter().map(|c| tsv(c)).collect()
}

/// Writes the header and one tab-separated line per merged event.
pub fn write_gdelt(events: &[EventRow], w: &mut dyn Write) -> Result<usize> {
    let io = io_err;
    writeln!(w, "{}", GDELT_COLUMNS.join("\t")).map_err(io)?;
    for e in events {
        let row = gdelt_row(e);
        debug_assert_eq!(row.len(), GDELT_COLUMNS.len());
        writeln!(w, "{}", row.join("\t")).map_err(io)?;
    }
    Ok(events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quad_classes_follow_gdelt_and_plover() {
        assert_eq!(cameo_quad("042"), Some(1));
        assert_eq!(cameo_quad("033"), Some(1));
        assert_eq!(cameo_quad("070"), Some(2));
        assert_eq!(cameo_quad("190"), Some(4));
        assert_eq!(cameo_quad(""), None);
        assert_eq!(plover_quad("AID"), Some(2));
        assert_eq!(plover_quad("CONSULT"), Some(1));
        assert_eq!(plover_quad("AGREE"), Some(1));
    }

    #[test]
    fn gdelt_dates_from_partial_dates() {
        assert_eq!(gdelt_dates(Some("2023-09-27"))[0], "20230927");
        assert_eq!(gdelt_dates(Some("2023-09-27"))[1], "202309");
        assert_eq!(gdelt_dates(Some("2023-09"))[0], "");
        assert_eq!(gdelt_dates(Some("2023-09"))[1], "202309");
        assert_eq!(gdelt_dates(None)[2], "");
    }

    #[test]
    fn tsv_fields_never_break_lines() {
        assert_eq!(tsv("a\tb\nc"), "a b c");
    }
}
