//! Read-only access to the store's tables for exports.
//!
//! The [`crate::Store`] trait answers report queries; an export
//! needs every row of every table (documents with their records JSON,
//! entities, event sources, quotes) and the event columns the trait's
//! summaries leave out (PLOVER type and mode, CAMEO code, `reviewed`). This
//! module reads them straight from the SQLite file, opened read-only, after
//! [`SqliteStore::open_read_only`] has checked the file and its schema
//! version.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags, Row};

use crate::error::{Result, StoreError};
use crate::{
    schema, ActorRef, DateRange, EventType, SqliteStore, StoredEvent, STORED_EVENT_COLUMNS,
};

/// Which events (and through them which documents) an export takes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExportFilter {
    /// On the event's date (its start, else its first report's
    /// publication); documents on their publication date.
    pub range: DateRange,
    /// Only these event types (empty: all). With types given, only the
    /// documents reporting a selected event are exported.
    pub kinds: Vec<EventType>,
    /// Keep events a reviewer rejected (left out by default, as in reports).
    pub include_rejected: bool,
}

impl ExportFilter {
    fn is_everything(&self) -> bool {
        self.range.since.is_none() && self.range.until.is_none() && self.kinds.is_empty()
    }
}

/// A canonical entity: the store's [`ActorRef`].
pub type EntityRef = ActorRef;

/// One document's report of an event, with the document's citation.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    pub id: i64,
    pub event_id: i64,
    pub document_id: i64,
    pub record_event_id: String,
    pub status: String,
    pub confidence: f64,
    pub evidence_start: Option<i64>,
    pub evidence_end: Option<i64>,
    pub evidence_text: Option<String>,
    pub attribution_text: Option<String>,
    pub attribution_entity: Option<i64>,
    pub content_hash: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: String,
}

/// A canonical event with every stored column, its actors and sources.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub id: i64,
    /// The stored columns (type, status, codes, dates, aid, count, ...).
    pub stored: StoredEvent,
    /// The event's place (`stored.location_id` resolved).
    pub location: Option<EntityRef>,
    pub reviewed: bool,
    pub review_status: String,
    pub source: Vec<EntityRef>,
    pub target: Vec<EntityRef>,
    pub participants: Vec<EntityRef>,
    pub sources: Vec<SourceRow>,
}

impl EventRow {
    /// The event's date: its start, else the first report's publication.
    pub fn date(&self) -> Option<&str> {
        self.stored
            .date_start
            .as_deref()
            .or(self.stored.sort_date.as_deref())
    }

    /// Distinct documents reporting it.
    pub fn documents(&self) -> usize {
        self.sources
            .iter()
            .map(|s| s.document_id)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// Distinct outlets reporting it (a document without one counts alone).
    pub fn outlets(&self) -> usize {
        self.sources
            .iter()
            .map(|s| {
                s.outlet
                    .clone()
                    .unwrap_or_else(|| format!("\u{0}{}", s.document_id))
            })
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// A stored document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    pub id: i64,
    pub content_hash: String,
    pub record_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub language: String,
    pub path: Option<String>,
    pub text: Option<String>,
    pub records_json: String,
    pub ingested_at: String,
}

/// A canonical entity with its aliases and counts.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityRow {
    pub id: i64,
    pub kind: String,
    pub name: String,
    pub country: Option<String>,
    pub key: String,
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub documents: usize,
}

/// A stored quote.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteRow {
    pub id: i64,
    pub document_id: i64,
    pub record_quote_id: String,
    pub speaker: Option<EntityRef>,
    pub speaker_text: Option<String>,
    pub text: String,
    pub start: i64,
    pub end: i64,
    pub direct: bool,
    pub cue: Option<String>,
    pub channel: Option<String>,
    pub time_text: Option<String>,
    pub time_start: Option<String>,
    pub time_end: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

/// The store's file, open read-only for an export.
pub struct ExportDb {
    conn: Connection,
    path: String,
}

impl ExportDb {
    /// Opens the database at `path` read-only. The store checks it first
    /// (missing file, not a database, schema version), so errors read the
    /// same as the reports'.
    pub fn open(path: impl AsRef<Path>) -> Result<ExportDb> {
        let p = path.as_ref();
        let store = SqliteStore::open_read_only(p)?;
        let version = store.schema_version()?;
        drop(store);
        let shown = p.display().to_string();
        if version != schema::SCHEMA_VERSION {
            return Err(StoreError::Invalid(format!(
                "database {shown} has schema version {version}, this export reads {}",
                schema::SCHEMA_VERSION
            )));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(p, flags)
            .map_err(|e| StoreError::from_sqlite(&shown, e))?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| StoreError::from_sqlite(&shown, e))?;
        Ok(ExportDb { conn, path: shown })
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(&self.path, e)
    }

    fn entity_refs(&self) -> Result<BTreeMap<i64, EntityRef>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, name, country FROM entities")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(EntityRef {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    country: r.get(3)?,
                })
            })
            .map_err(|e| self.err(e))?;
        let mut out = BTreeMap::new();
        for r in rows {
            let r = r.map_err(|e| self.err(e))?;
            out.insert(r.id, r);
        }
        Ok(out)
    }

    /// The selected events by date, with actors and sources.
    pub fn events(&self, f: &ExportFilter) -> Result<Vec<EventRow>> {
        let entities = self.entity_refs()?;
        let mut sql = format!(
            "SELECT e.id, {STORED_EVENT_COLUMNS}, e.reviewed, e.review_status FROM events e WHERE 1 = 1"
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if !f.include_rejected {
            sql.push_str(" AND e.review_status != 'rejected'");
        }
        if !f.kinds.is_empty() {
            let mut marks = Vec::new();
            for k in &f.kinds {
                args.push(k.as_str().to_string().into());
                marks.push(format!("?{}", args.len()));
            }
            sql.push_str(&format!(" AND e.type IN ({})", marks.join(", ")));
        }
        if let Some(s) = &f.range.since {
            args.push(s.clone().into());
            sql.push_str(&format!(" AND e.sort_date >= ?{}", args.len()));
        }
        if let Some(u) = &f.range.until {
            args.push(format!("{u}\u{10ffff}").into());
            sql.push_str(&format!(" AND e.sort_date <= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY e.sort_date, e.id");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                event_row(r, &entities)
            })
            .map_err(|e| self.err(e))?;
        let mut events: Vec<EventRow> = Vec::new();
        for r in rows {
            events.push(r.map_err(|e| self.err(e))?);
        }
        let index: BTreeMap<i64, usize> =
            events.iter().enumerate().map(|(i, e)| (e.id, i)).collect();

        let mut stmt = self
            .conn
            .prepare(
                "SELECT event_id, entity_id, role FROM event_actors ORDER BY event_id, entity_id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        for r in rows {
            let (ev, ent, role) = r.map_err(|e| self.err(e))?;
            let (Some(&i), Some(a)) = (index.get(&ev), entities.get(&ent)) else {
                continue;
            };
            let e = &mut events[i];
            match role.as_str() {
                "source" => e.source.push(a.clone()),
                "target" => e.target.push(a.clone()),
                _ => e.participants.push(a.clone()),
            }
        }

        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.id, s.event_id, s.document_id, s.record_event_id, s.status, s.confidence,
                        s.evidence_start, s.evidence_end, s.evidence_text, s.attribution_text,
                        s.attribution_entity, d.content_hash, d.url, d.title, d.outlet, d.published,
                        d.language
                 FROM event_sources s JOIN documents d ON d.id = s.document_id
                 ORDER BY s.event_id, d.published, s.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(SourceRow {
                    id: r.get(0)?,
                    event_id: r.get(1)?,
                    document_id: r.get(2)?,
                    record_event_id: r.get(3)?,
                    status: r.get(4)?,
                    confidence: r.get(5)?,
                    evidence_start: r.get(6)?,
                    evidence_end: r.get(7)?,
                    evidence_text: r.get(8)?,
                    attribution_text: r.get(9)?,
                    attribution_entity: r.get(10)?,
                    content_hash: r.get(11)?,
                    url: r.get(12)?,
                    title: r.get(13)?,
                    outlet: r.get(14)?,
                    published: r.get(15)?,
                    language: r.get(16)?,
                })
            })
            .map_err(|e| self.err(e))?;
        for r in rows {
            let s = r.map_err(|e| self.err(e))?;
            if let Some(&i) = index.get(&s.event_id) {
                events[i].sources.push(s);
            }
        }
        Ok(events)
    }

    /// The documents an export takes: with no filter all of them; else
    /// those reporting a selected event, plus (without a type filter) those
    /// published in the range.
    pub fn documents(&self, f: &ExportFilter, events: &[EventRow]) -> Result<Vec<DocumentRow>> {
        let mut sql = String::from(
            "SELECT id, content_hash, record_id, title, url, outlet, published, language, path,
                    text, records_json, ingested_at
             FROM documents d",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if !f.is_everything() {
            let ids: BTreeSet<i64> = events
                .iter()
                .flat_map(|e| e.sources.iter().map(|s| s.document_id))
                .collect();
            let list = serde_json::to_string(&ids.into_iter().collect::<Vec<_>>())?;
            args.push(list.into());
            let mut cond = String::from("d.id IN (SELECT value FROM json_each(?1))");
            if f.kinds.is_empty() {
                let mut range = String::from("d.published IS NOT NULL");
                if let Some(s) = &f.range.since {
                    args.push(s.clone().into());
                    range.push_str(&format!(" AND d.published >= ?{}", args.len()));
                }
                if let Some(u) = &f.range.until {
                    args.push(format!("{u}\u{10ffff}").into());
                    range.push_str(&format!(" AND d.published <= ?{}", args.len()));
                }
                cond = format!("({cond} OR ({range}))");
            }
            sql.push_str(&format!(" WHERE {cond}"));
        }
        sql.push_str(" ORDER BY d.published, d.id");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(DocumentRow {
                    id: r.get(0)?,
                    content_hash: r.get(1)?,
                    record_id: r.get(2)?,
                    title: r.get(3)?,
                    url: r.get(4)?,
                    outlet: r.get(5)?,
                    published: r.get(6)?,
                    language: r.get(7)?,
                    path: r.get(8)?,
                    text: r.get(9)?,
                    records_json: r.get(10)?,
                    ingested_at: r.get(11)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The review state of every stored record event of a document:
    /// record event id → (canonical event id, reviewed, review status).
    pub fn review_of(&self, document_id: i64) -> Result<Vec<(String, i64, bool, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.record_event_id, e.id, e.reviewed, e.review_status
                 FROM event_sources s JOIN events e ON e.id = s.event_id
                 WHERE s.document_id = ?1 ORDER BY s.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([document_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0, r.get(3)?))
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The entities an export takes: with no filter all; else those of the
    /// exported documents and events.
    pub fn entities(
        &self,
        f: &ExportFilter,
        events: &[EventRow],
        documents: &[DocumentRow],
    ) -> Result<Vec<EntityRow>> {
        let mut sql = String::from(
            "SELECT e.id, e.kind, e.name, e.country, e.key,
                    (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id),
                    (SELECT COUNT(DISTINCT document_id) FROM document_entities de WHERE de.entity_id = e.id),
                    (SELECT json_group_array(alias) FROM
                        (SELECT alias FROM entity_aliases a WHERE a.entity_id = e.id ORDER BY alias))
             FROM entities e",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if !f.is_everything() {
            let mut ids: BTreeSet<i64> = BTreeSet::new();
            for e in events {
                for a in e.source.iter().chain(&e.target).chain(&e.participants) {
                    ids.insert(a.id);
                }
                if let Some(l) = &e.location {
                    ids.insert(l.id);
                }
                if let Some(n) = e.stored.name_entity_id {
                    ids.insert(n);
                }
                for s in &e.sources {
                    if let Some(a) = s.attribution_entity {
                        ids.insert(a);
                    }
                }
            }
            let docs: Vec<i64> = documents.iter().map(|d| d.id).collect();
            args.push(serde_json::to_string(&ids.into_iter().collect::<Vec<_>>())?.into());
            args.push(serde_json::to_string(&docs)?.into());
            sql.push_str(
                " WHERE e.id IN (SELECT value FROM json_each(?1))
                     OR e.id IN (SELECT entity_id FROM document_entities
                                 WHERE document_id IN (SELECT value FROM json_each(?2)))",
            );
        }
        sql.push_str(" ORDER BY e.id");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                let aliases: Option<String> = r.get(7)?;
                Ok(EntityRow {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    country: r.get(3)?,
                    key: r.get(4)?,
                    mentions: r.get::<_, i64>(5)? as usize,
                    documents: r.get::<_, i64>(6)? as usize,
                    aliases: aliases
                        .and_then(|a| serde_json::from_str(&a).ok())
                        .unwrap_or_default(),
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// The quotes of the exported documents.
    pub fn quotes(&self, documents: &[DocumentRow]) -> Result<Vec<QuoteRow>> {
        let entities = self.entity_refs()?;
        let docs: Vec<i64> = documents.iter().map(|d| d.id).collect();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT q.id, q.document_id, q.record_quote_id, q.speaker_id, q.speaker_text, q.text,
                        q.start, q.end, q.direct, q.cue, q.channel, q.time_text, q.time_start,
                        q.time_end, d.published, d.url
                 FROM quotes q JOIN documents d ON d.id = q.document_id
                 WHERE q.document_id IN (SELECT value FROM json_each(?1))
                 ORDER BY COALESCE(q.time_start, d.published), q.id",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([serde_json::to_string(&docs)?], |r| {
                let speaker: Option<i64> = r.get(3)?;
                Ok(QuoteRow {
                    id: r.get(0)?,
                    document_id: r.get(1)?,
                    record_quote_id: r.get(2)?,
                    speaker: speaker.and_then(|s| entities.get(&s).cloned()),
                    speaker_text: r.get(4)?,
                    text: r.get(5)?,
                    start: r.get(6)?,
                    end: r.get(7)?,
                    direct: r.get::<_, i64>(8)? != 0,
                    cue: r.get(9)?,
                    channel: r.get(10)?,
                    time_text: r.get(11)?,
                    time_start: r.get(12)?,
                    time_end: r.get(13)?,
                    published: r.get(14)?,
                    url: r.get(15)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }
}

fn event_row(r: &Row<'_>, entities: &BTreeMap<i64, EntityRef>) -> rusqlite::Result<EventRow> {
    let stored = StoredEvent::from_row_at(r, 1)?;
    Ok(EventRow {
        id: r.get(0)?,
        location: stored.location_id.and_then(|l| entities.get(&l).cloned()),
        stored,
        reviewed: r.get::<_, i64>(31)? != 0,
        review_status: r.get(32)?,
        source: Vec::new(),
        target: Vec::new(),
        participants: Vec::new(),
        sources: Vec::new(),
    })
}
