//! [`SqliteStore`]: the [`Store`] on one SQLite file.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::LazyLock;
use std::time::Duration;

use chronicle_records::{Aid, Entity, EntityType, Event, Granularity, Records, Status};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Row};

use crate::error::{Result, StoreError};
use crate::merge::{self, AidView, DateSpan, EventView, PersonCandidate};
use crate::schema::{self, SCHEMA_VERSION};
use crate::{
    ActorRef, AidSummary, Counts, Currency, DateRange, DocMeta, DocumentHit, DonorQuery, DonorRow,
    EntityRow, EventSource, EventSummary, EventType, InsertOutcome, InsertStats, QuoteRow, RoleRow,
    Store, TimelineQuery,
};

/// Longest evidence sentence text kept per source, in bytes.
const MAX_EVIDENCE: usize = 4000;

/// Prepared statements kept per connection.
const STATEMENT_CACHE: usize = 64;

/// The page cache per connection, in KiB (the default is 2 MiB).
const PAGE_CACHE_KIB: i64 = 64 * 1024;

/// The WAL size, in pages, at which a writing connection checkpoints (the
/// default is 1000).
const WAL_CHECKPOINT_PAGES: i64 = 8192;

/// The store on one SQLite file (or in memory, for tests).
pub struct SqliteStore {
    pub(crate) conn: Connection,
    pub(crate) path: String,
    read_only: bool,
}

trait Db<T> {
    fn db(self, path: &str) -> Result<T>;
}

impl<T> Db<T> for rusqlite::Result<T> {
    fn db(self, path: &str) -> Result<T> {
        self.map_err(|e| StoreError::from_sqlite(path, e))
    }
}

impl SqliteStore {
    /// Opens the database at `path` for reading and writing, creating it
    /// (but not its folder) when missing, and migrates it to this build's
    /// schema.
    pub fn open(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let p = path.as_ref();
        let shown = p.display().to_string();
        if let Some(dir) = p.parent() {
            if !dir.as_os_str().is_empty() && !dir.is_dir() {
                return Err(StoreError::Open {
                    path: shown,
                    reason: format!("folder {} does not exist", dir.display()),
                });
            }
        }
        if p.is_dir() {
            return Err(StoreError::Open {
                path: shown,
                reason: "it is a folder".into(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(p, flags).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        SqliteStore::setup(conn, shown, false)
    }

    /// Opens an existing database for reading and writing; a missing file is
    /// [`StoreError::NotFound`].
    pub fn open_existing(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let p = path.as_ref();
        if !p.is_file() {
            return Err(StoreError::NotFound {
                path: p.display().to_string(),
            });
        }
        SqliteStore::open(p)
    }

    /// Opens an existing database read-only (reports). It must be at this
    /// build's schema version: an older one needs a writable open first.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<SqliteStore> {
        let p = path.as_ref();
        let shown = p.display().to_string();
        if !p.is_file() {
            return Err(StoreError::NotFound { path: shown });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(p, flags).map_err(|e| StoreError::Open {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        SqliteStore::setup(conn, shown, true)
    }

    /// A fresh database in memory.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().db(":memory:")?;
        SqliteStore::setup(conn, ":memory:".into(), false)
    }

    fn setup(mut conn: Connection, path: String, read_only: bool) -> Result<SqliteStore> {
        conn.busy_timeout(Duration::from_secs(5)).db(&path)?;
        let found = schema::version(&conn).db(&path)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path,
                found,
                known: SCHEMA_VERSION,
            });
        }
        let file_read_only = conn.is_readonly(rusqlite::MAIN_DB).db(&path)?;
        if read_only || file_read_only {
            if found < SCHEMA_VERSION {
                return Err(StoreError::ReadOnly {
                    path,
                    what: format!(
                        "schema version {found} needs migrating to {SCHEMA_VERSION}, which needs write access"
                    ),
                });
            }
            if !read_only {
                return Err(StoreError::ReadOnly {
                    path,
                    what: "the file cannot be written".into(),
                });
            }
        } else {
            // WAL: readers never block the writer, a crash loses only the
            // uncommitted transaction. In memory the mode stays "memory".
            let _mode: String = conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
                .db(&path)?;
            conn.pragma_update(None, "synchronous", "NORMAL")
                .db(&path)?;
            // Fewer, larger checkpoints: a page that every batch touches
            // (index pages, the full-text index) is copied back to the file
            // once per checkpoint, not once per batch.
            conn.pragma_update(None, "wal_autocheckpoint", WAL_CHECKPOINT_PAGES)
                .db(&path)?;
            schema::migrate_to(&mut conn, SCHEMA_VERSION).db(&path)?;
        }
        conn.pragma_update(None, "foreign_keys", "ON").db(&path)?;
        // Inserting runs a few dozen distinct statements per document: keep
        // them all prepared, and enough pages in memory that merging does
        // not read the indexes back from the file for every document.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)
            .db(&path)?;

        Ok(SqliteStore {
            conn,
            path,
            read_only,
        })
    }

    /// The path it was opened with.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The database's schema version.
    pub fn schema_version(&self) -> Result<i64> {
        schema::version(&self.conn).db(&self.path)
    }

    pub(crate) fn writable(&self) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly {
                path: self.path.clone(),
                what: "opened read-only".into(),
            });
        }
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }
}

// ------------------------------------------------------------------ insert

/// Stores one document inside an open transaction.
fn insert_one(
    conn: &Connection,
    path: &str,
    meta: &DocMeta,
    rec: &Records,
) -> Result<InsertOutcome> {
    let hash = meta.content_hash.trim();
    if hash.is_empty() {
        return Err(StoreError::Invalid("empty content hash".into()));
    }
    if let Some(id) = find_document(conn, hash).db(path)? {
        return Ok(InsertOutcome::Skipped { document_id: id });
    }
    let doc = &rec.document;
    let text: Option<&str> = doc.text.as_deref().or(meta.text.as_deref());
    let published = meta.published.as_deref().or(doc.published.as_deref());
    let outlet = meta.outlet.as_deref().or(doc.source.as_deref());
    let mut stripped = rec.clone();
    stripped.document.text = None;
    let records_json = serde_json::to_string(&stripped)?;
    conn.prepare_cached(
        "INSERT INTO documents (content_hash, record_id, title, url, outlet, published, language,
                                path, text, records_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            hash,
            doc.id,
            doc.title,
            doc.url,
            outlet,
            published,
            doc.language,
            meta.path,
            text,
            records_json
        ])
    })
    .db(path)?;
    let doc_id = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO documents_fts (rowid, title, text) VALUES (?1, ?2, ?3)")
        .and_then(|mut stmt| stmt.execute(params![doc_id, doc.title, text]))
        .db(path)?;
    let stats = insert_records(conn, path, doc_id, text, published, rec, &HashMap::new())?;
    Ok(InsertOutcome::Inserted(stats))
}

/// The key under which re-extraction pins an entity of a document to the
/// stored entity a reviewer made it (see `crate::reextract`).
pub(crate) fn pin_key(kind: &str, name: &str) -> String {
    format!("{kind}|{}", name.trim().to_lowercase())
}

/// Stores the entities, events and quotes of the records of stored document
/// `doc_id` (inside an open transaction), merging them with the stored
/// ones. An entity whose [`pin_key`] is in `pinned` is taken to be that
/// stored entity rather than resolved.
pub(crate) fn insert_records(
    conn: &Connection,
    path: &str,
    doc_id: i64,
    text: Option<&str>,
    published: Option<&str>,
    rec: &Records,
    pinned: &HashMap<String, i64>,
) -> Result<InsertStats> {
    let mut stats = InsertStats {
        document_id: doc_id,
        ..InsertStats::default()
    };

    // Entities.
    let mut local: HashMap<&str, i64> = HashMap::new();
    for ent in &rec.entities {
        let pin = if pinned.is_empty() {
            None
        } else {
            pinned.get(&pin_key(ent.kind.as_str(), &ent.name)).copied()
        };
        let (id, merged) = match pin {
            Some(id) => (id, true),
            None => resolve_entity(conn, ent).db(path)?,
        };
        if merged {
            stats.entities_merged += 1;
        } else {
            stats.entities_new += 1;
        }
        local.insert(ent.id.as_str(), id);
        conn.prepare_cached(
            "INSERT OR IGNORE INTO document_entities (document_id, local_id, entity_id, kind, name, country)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .and_then(|mut stmt| {
            stmt.execute(params![doc_id, ent.id, id, ent.kind.as_str(), ent.name, ent.country])
        })
        .db(path)?;
        add_alias(conn, id, &ent.name).db(path)?;
        let mut stmt = conn
            .prepare_cached(
                "INSERT INTO mentions (document_id, entity_id, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .db(path)?;
        for m in &ent.mentions {
            stmt.execute(params![doc_id, id, m.start as i64, m.end as i64, m.text])
                .db(path)?;
        }
        let mut stmt = conn
            .prepare_cached(
                "INSERT INTO roles (entity_id, document_id, title, of, qualifier, start, end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .db(path)?;
        for r in &ent.roles {
            stmt.execute(params![
                id,
                doc_id,
                r.title,
                r.of,
                r.qualifier,
                r.start as i64,
                r.end as i64
            ])
            .db(path)?;
        }
    }

    // Events.
    for ev in &rec.events {
        let mut map = |ids: &[String]| -> BTreeSet<i64> {
            let mut out = BTreeSet::new();
            for i in ids {
                match local.get(i.as_str()) {
                    Some(&id) => {
                        out.insert(id);
                    }
                    None => stats.dangling_refs += 1,
                }
            }
            out
        };
        let source = map(&ev.source);
        let target = map(&ev.target);
        let participants = map(&ev.participants);
        let location = ev.location.as_deref().and_then(|l| local.get(l).copied());
        let name = ev.name.as_deref().and_then(|l| local.get(l).copied());
        let view = EventView {
            kind: ev.kind,
            status: ev.status,
            source,
            target,
            participants,
            location,
            name,
            date: DateSpan::of_event(ev.time.as_ref(), published),
            aid: ev.aid.as_ref().map(aid_view),
        };
        let fields = StoredEvent::from_record(ev, &view, published);
        let ev_span = (
            ev.evidence.iter().map(|e| e.start).min(),
            ev.evidence.iter().map(|e| e.end).max(),
        );
        // The name is stored as given; matching reads only a name that
        // tells which gathering it is.
        let mut view = view;
        let name_text = ev
            .name
            .as_deref()
            .and_then(|l| rec.entities.iter().find(|e| e.id == l))
            .map(|e| e.name.as_str());
        if !name_text.is_some_and(merge::distinctive_event_name) {
            view.name = None;
        }
        // A year the text gives with the name ("the 2023 G7 Summit") says
        // which of a recurring gathering's meetings it is: an undated
        // mention is matched within that year, and a record whose own date
        // is in another year (a date from elsewhere in the sentence) does
        // not say which one it is, and is not merged.
        let mut consistent = true;
        if let (Some(_), Some(text)) = (view.name, text) {
            let (lo, hi) = (ev_span.0.unwrap_or(0), ev_span.1.unwrap_or(usize::MAX));
            let year = ev
                .name
                .as_deref()
                .and_then(|l| rec.entities.iter().find(|e| e.id == l))
                .into_iter()
                .flat_map(|e| &e.mentions)
                .filter(|m| m.start >= lo && m.end <= hi)
                .find_map(|m| merge::year_of_mention(text, m.start, m.end));
            if let Some(y) = year {
                let span = merge::year_span(y);
                match view.date {
                    Some(d) if !d.proxy => consistent = d.gap(&span) == 0,
                    _ => view.date = Some(span),
                }
            }
        }
        let (ev_start, ev_end) = ev_span;
        let evidence_text = match (text, ev_start, ev_end) {
            (Some(t), Some(s), Some(e)) if e > s && e - s <= MAX_EVIDENCE => {
                t.get(s..e).map(str::to_string)
            }
            _ => None,
        };
        // The same event told by another document, else a package told
        // again (`restated`: whether this record is the earlier report).
        let mut restated: Option<bool> = None;
        let chosen = if consistent {
            match find_matching_event(conn, doc_id, &view).db(path)? {
                Some(id) => Some(id),
                None => {
                    let report = merge::Report {
                        published: published.and_then(merge::parse_date).map(|(d, _)| d),
                        evidence: evidence_text.as_deref(),
                    };
                    let found = find_restated_event(conn, doc_id, &view, report, fields.value_usd)
                        .db(path)?;
                    restated = found.map(|(_, earlier)| earlier);
                    found.map(|(id, _)| id)
                }
            }
        } else {
            None
        };
        let merged = chosen.is_some();
        let event_id = match chosen {
            Some(id) => {
                let mut current = StoredEvent::load(conn, id).db(path)?;
                match restated {
                    // The package is the earlier report's: its date, and
                    // what else the later one adds.
                    Some(true) => {
                        current.take_dates(&fields);
                        current.absorb_facts(&fields);
                    }
                    Some(false) => current.absorb_facts(&fields),
                    None => current.absorb(&fields),
                }
                current.store(conn, Some(id)).db(path)?;
                stats.events_merged += 1;
                if restated.is_some() {
                    stats.restatements += 1;
                }
                id
            }
            None => {
                stats.events_new += 1;
                fields.store(conn, None).db(path)?
            }
        };
        // The parties of a symmetric event (MEET, CALL, ...) keep the role
        // the first report gave them: only new parties are added.
        let present: BTreeSet<i64> = if merged && merge::symmetric(view.kind) {
            let mut stmt = conn
                .prepare_cached("SELECT entity_id FROM event_actors WHERE event_id = ?1")
                .db(path)?;
            let rows = stmt
                .query_map([event_id], |r| r.get::<_, i64>(0))
                .db(path)?;
            rows.collect::<rusqlite::Result<_>>().db(path)?
        } else {
            BTreeSet::new()
        };
        let mut stmt = conn
            .prepare_cached(
                "INSERT OR IGNORE INTO event_actors (event_id, entity_id, role) VALUES (?1, ?2, ?3)",
            )
            .db(path)?;
        if restated.is_some() {
            // A package told again keeps the donors every report names
            // ("President Biden and G7 leaders committed" against "the G7
            // committed": the G7); a reviewed event keeps its own.
            conn.prepare_cached(
                "DELETE FROM event_actors WHERE event_id = ?1 AND role = 'source'
                   AND entity_id NOT IN (SELECT value FROM json_each(?2))
                   AND (SELECT review_status FROM events WHERE id = ?1) = 'unreviewed'",
            )
            .and_then(|mut stmt| {
                let donors = serde_json::to_string(&view.source).unwrap_or_default();
                stmt.execute(params![event_id, donors])
            })
            .db(path)?;
        } else {
            for (set, role) in [
                (&view.source, "source"),
                (&view.target, "target"),
                (&view.participants, "participant"),
            ] {
                for id in set.difference(&present) {
                    stmt.execute(params![event_id, id, role]).db(path)?;
                }
            }
        }
        let attribution_entity = ev
            .attribution
            .as_ref()
            .and_then(|a| a.entity.as_deref())
            .and_then(|l| local.get(l).copied());
        let record_json = serde_json::to_string(ev)?;
        conn.prepare_cached(
            "INSERT OR IGNORE INTO event_sources (event_id, document_id, record_event_id, status, confidence,
                 evidence_start, evidence_end, evidence_text, attribution_text, attribution_entity, record_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .and_then(|mut stmt| {
            stmt.execute(params![
                event_id,
                doc_id,
                ev.id,
                ev.status.as_str(),
                ev.confidence,
                ev_start.map(|v| v as i64),
                ev_end.map(|v| v as i64),
                evidence_text,
                ev.attribution.as_ref().map(|a| a.text.as_str()),
                attribution_entity,
                record_json
            ])
        })
        .db(path)?;
    }

    // Quotes.
    let mut stmt = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO quotes (document_id, record_quote_id, speaker_id, speaker_text, text, start,
                 end, direct, cue, channel, time_text, time_start, time_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )
        .db(path)?;
    for q in &rec.quotes {
        let speaker = q.speaker.as_deref().and_then(|l| local.get(l).copied());
        stmt.execute(params![
            doc_id,
            q.id,
            speaker,
            q.speaker_text,
            q.text,
            q.start as i64,
            q.end as i64,
            q.direct,
            q.cue,
            q.channel,
            q.time.as_ref().map(|t| t.text.as_str()),
            q.time.as_ref().and_then(|t| t.start.as_deref()),
            q.time.as_ref().and_then(|t| t.end.as_deref()),
        ])
        .db(path)?;
        stats.quotes += 1;
    }
    Ok(stats)
}

fn find_document(conn: &Connection, hash: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT id FROM documents WHERE content_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()
}

fn add_alias(conn: &Connection, id: i64, alias: &str) -> rusqlite::Result<()> {
    let norm = merge::normalize_name(alias);
    if norm.is_empty() {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO entity_aliases (entity_id, alias, alias_norm) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![id, alias, norm])?;
    Ok(())
}

/// The canonical entity a record entity is, creating it when new; `true`
/// when it was stored before.
fn resolve_entity(conn: &Connection, ent: &Entity) -> rusqlite::Result<(i64, bool)> {
    let key = merge::entity_key(ent.kind, &ent.name, ent.country.as_deref());
    let country = key.country.as_deref();
    let found: Option<i64> = if let Some(person) = &key.person {
        // People stored under one surname key with the same given names and
        // country are alike to `choose_person`: two of them tie wherever
        // either would be chosen. So each such group is read as one row
        // (its count from the covering index `entities_person`) and passed
        // as at most two candidates: a common surname ("Biden", stored
        // again for every ambiguous bare mention) costs one index range,
        // not thousands of candidates, and the choice is the same.
        let mut stmt = conn.prepare_cached(
            "SELECT MIN(id), given, country, COUNT(*) FROM entities
             WHERE key = ?1 AND kind = 'PERSON' GROUP BY given, country",
        )?;
        let mut cands = Vec::new();
        let mut rows = stmt.query([&key.key])?;
        while let Some(r) = rows.next()? {
            let cand = PersonCandidate {
                id: r.get(0)?,
                given: r.get(1)?,
                country: r.get(2)?,
            };
            if r.get::<_, i64>(3)? > 1 {
                cands.push(cand.clone());
            }
            cands.push(cand);
        }
        cands.sort_by_key(|c| c.id);
        merge::choose_person(person, country, &cands)
    } else {
        let mut stmt =
            conn.prepare_cached("SELECT id, country FROM entities WHERE key = ?1 ORDER BY id")?;
        let mut cands = stmt
            .query_map([&key.key], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if cands.is_empty() && ent.kind == EntityType::ORG {
            let mut stmt = conn.prepare_cached(
                "SELECT e.id, e.country FROM entity_aliases a JOIN entities e ON e.id = a.entity_id
                 WHERE a.alias_norm = ?1 AND e.kind = 'ORG' ORDER BY e.id",
            )?;
            cands = stmt
                .query_map([merge::normalize_name(&ent.name)], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
        }
        let exact = cands
            .iter()
            .find(|(_, c)| country.is_some() && c.as_deref() == country);
        exact
            .or_else(|| {
                cands
                    .iter()
                    .find(|(_, c)| merge::country_compatible(country, c.as_deref()))
            })
            .map(|(id, _)| *id)
    };
    match found {
        Some(id) => {
            if let Some(person) = &key.person {
                // A fuller name ("Grant Shapps" after "Mr. Shapps") replaces
                // a surname-only one.
                if let Some(given) = person.given_joined() {
                    conn.prepare_cached(
                        "UPDATE entities SET given = ?2, name = ?3 WHERE id = ?1 AND given IS NULL",
                    )?
                    .execute(params![id, given, ent.name])?;
                }
            }
            if country.is_some() {
                conn.prepare_cached(
                    "UPDATE entities SET country = ?2 WHERE id = ?1 AND country IS NULL",
                )?
                .execute(params![id, country])?;
            }
            Ok((id, true))
        }
        None => {
            let name = key.canonical_name.as_deref().unwrap_or(&ent.name);
            conn.prepare_cached(
                "INSERT INTO entities (kind, name, country, key, given) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                ent.kind.as_str(),
                name,
                country,
                key.key,
                key.person.as_ref().and_then(|p| p.given_joined())
            ])?;
            let id = conn.last_insert_rowid();
            if name != ent.name {
                add_alias(conn, id, name)?;
            }
            Ok((id, false))
        }
    }
}

fn aid_view(a: &Aid) -> AidView {
    let amount = a.amount.as_ref();
    let norm = a.normalized.as_ref();
    AidView {
        kind: a.kind,
        cumulative: a.cumulative,
        currency: amount.and_then(|m| m.currency.clone()),
        value: amount.and_then(|m| m.value),
        min: amount.and_then(|m| m.min),
        max: amount.and_then(|m| m.max),
        usd: norm.and_then(|n| n.usd),
        usd_min: norm.and_then(|n| n.min.as_ref()).map(|m| m.usd),
        usd_max: norm.and_then(|n| n.max.as_ref()).map(|m| m.usd),
    }
}

fn granularity_str(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Week => "week",
        Granularity::Month => "month",
        Granularity::Year => "year",
        Granularity::Unknown => "unknown",
    }
}

fn granularity_rank(g: Option<&str>) -> u8 {
    match g {
        Some("day") => 0,
        Some("week") => 1,
        Some("month") => 2,
        Some("year") => 3,
        _ => 4,
    }
}

fn status_parse(s: &str) -> Status {
    match s {
        "negated" => Status::Negated,
        "planned" => Status::Planned,
        "expected" => Status::Expected,
        "hypothetical" => Status::Hypothetical,
        _ => Status::Asserted,
    }
}

fn aid_kind_parse(s: &str) -> chronicle_records::AidKind {
    use chronicle_records::AidKind;
    match s {
        "military" => AidKind::Military,
        "financial" => AidKind::Financial,
        "humanitarian" => AidKind::Humanitarian,
        _ => AidKind::Unspecified,
    }
}

/// The stored columns of a canonical event (actors, review state and the
/// merge's date span apart), as [`STORED_EVENT_COLUMNS`] lists them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoredEvent {
    pub kind: String,
    pub status: String,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    pub cameo: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub granularity: Option<String>,
    pub date_text: Option<String>,
    pub sort_date: Option<String>,
    pub location_id: Option<i64>,
    pub name_entity_id: Option<i64>,
    pub aid_kind: Option<String>,
    pub currency: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub approximate: Option<bool>,
    pub cumulative: Option<bool>,
    pub value_eur: Option<f64>,
    pub value_usd: Option<f64>,
    pub min_eur: Option<f64>,
    pub max_eur: Option<f64>,
    pub min_usd: Option<f64>,
    pub max_usd: Option<f64>,
    pub rate_date: Option<String>,
    pub items: Vec<String>,
    pub count_value: Option<f64>,
    pub count_of: Option<String>,
    pub confidence: f64,
}

/// The `events` columns [`StoredEvent::from_row_at`] reads, in order.
pub const STORED_EVENT_COLUMNS: &str = "type, status, plover_type, plover_mode, cameo, date_start, date_end, granularity,
    date_text, sort_date, location_id, name_entity_id, aid_kind, currency, value, min, max, approximate,
    cumulative, value_eur, value_usd, min_eur, max_eur, min_usd, max_usd, rate_date, items_json,
    count_value, count_of, confidence";

impl StoredEvent {
    fn from_record(ev: &Event, view: &EventView, published: Option<&str>) -> StoredEvent {
        let time = ev.time.as_ref();
        let date_start = time.and_then(|t| t.start.clone());
        let aid = ev.aid.as_ref();
        let amount = aid.and_then(|a| a.amount.as_ref());
        let norm = aid.and_then(|a| a.normalized.as_ref());
        StoredEvent {
            kind: ev.kind.as_str().into(),
            status: ev.status.as_str().into(),
            plover_type: Some(ev.plover.kind.clone()).filter(|s| !s.is_empty()),
            plover_mode: ev.plover.mode.clone(),
            cameo: Some(ev.cameo.clone()).filter(|s| !s.is_empty()),
            sort_date: date_start.clone().or_else(|| published.map(str::to_string)),
            date_end: time
                .and_then(|t| t.end.clone())
                .or_else(|| date_start.clone()),
            date_start,
            granularity: time.map(|t| granularity_str(t.granularity).to_string()),
            date_text: time.map(|t| t.text.clone()),
            location_id: view.location,
            name_entity_id: view.name,
            aid_kind: aid.map(|a| a.kind.as_str().to_string()),
            currency: amount.and_then(|m| m.currency.clone()),
            value: amount.and_then(|m| m.value),
            min: amount.and_then(|m| m.min),
            max: amount.and_then(|m| m.max),
            approximate: amount.map(|m| m.approximate),
            cumulative: aid.map(|a| a.cumulative),
            value_eur: norm.and_then(|n| n.eur),
            value_usd: norm.and_then(|n| n.usd),
            min_eur: norm.and_then(|n| n.min.as_ref()).map(|m| m.eur),
            max_eur: norm.and_then(|n| n.max.as_ref()).map(|m| m.eur),
            min_usd: norm.and_then(|n| n.min.as_ref()).map(|m| m.usd),
            max_usd: norm.and_then(|n| n.max.as_ref()).map(|m| m.usd),
            rate_date: norm.and_then(|n| n.rate_date.clone()),
            items: aid.map(|a| a.items.clone()).unwrap_or_default(),
            count_value: ev.count.as_ref().map(|c| c.value),
            count_of: ev.count.as_ref().map(|c| c.of.clone()),
            confidence: ev.confidence,
        }
    }

    fn has_amount(&self) -> bool {
        self.value.is_some() || self.min.is_some() || self.max.is_some()
    }

    /// Takes what another report of the same event adds: a firmer status,
    /// a finer date, a location, an amount, items, a count.
    fn absorb(&mut self, other: &StoredEvent) {
        self.absorb_dates(other);
        self.absorb_facts(other);
    }

    /// Takes a finer date from another report of the same event.
    fn absorb_dates(&mut self, other: &StoredEvent) {
        let has_date = self.date_start.is_some();
        if other.date_start.is_some()
            && (!has_date
                || granularity_rank(other.granularity.as_deref())
                    < granularity_rank(self.granularity.as_deref()))
        {
            self.date_start = other.date_start.clone();
            self.date_end = other.date_end.clone();
            self.granularity = other.granularity.clone();
            self.date_text = other.date_text.clone();
            self.sort_date = other.sort_date.clone();
        } else if self.date_start.is_none() && self.sort_date.is_none() {
            self.sort_date = other.sort_date.clone();
        }
        if self.date_text.is_none() {
            self.date_text = other.date_text.clone();
        }
    }

    /// Takes the other report's date whole: the earlier report of a package
    /// told again dates it (undated, the day it was published).
    fn take_dates(&mut self, other: &StoredEvent) {
        self.date_start = other.date_start.clone();
        self.date_end = other.date_end.clone();
        self.granularity = other.granularity.clone();
        self.date_text = other.date_text.clone();
        self.sort_date = other.sort_date.clone();
    }

    /// Takes what another report adds beside the date: a firmer status, a
    /// location, an amount, items, a count.
    fn absorb_facts(&mut self, other: &StoredEvent) {
        if self.status != "asserted" && other.status == "asserted" {
            self.status = other.status.clone();
        }
        self.location_id = self.location_id.or(other.location_id);
        self.name_entity_id = self.name_entity_id.or(other.name_entity_id);
        self.plover_type = self
            .plover_type
            .take()
            .or_else(|| other.plover_type.clone());
        self.plover_mode = self
            .plover_mode
            .take()
            .or_else(|| other.plover_mode.clone());
        self.cameo = self.cameo.take().or_else(|| other.cameo.clone());
        if self.aid_kind.as_deref().is_none_or(|k| k == "unspecified") && other.aid_kind.is_some() {
            self.aid_kind = other.aid_kind.clone();
        }
        self.cumulative = self.cumulative.or(other.cumulative);
        // A point value beats a range; a range beats nothing.
        let take_amount = (!self.has_amount() && other.has_amount())
            || (self.value.is_none() && other.value.is_some());
        if take_amount {
            self.currency = other.currency.clone();
            self.value = other.value;
            self.min = other.min;
            self.max = other.max;
            self.approximate = other.approximate;
            self.value_eur = other.value_eur;
            self.value_usd = other.value_usd;
            self.min_eur = other.min_eur;
            self.max_eur = other.max_eur;
            self.min_usd = other.min_usd;
            self.max_usd = other.max_usd;
            self.rate_date = other.rate_date.clone();
        }
        for item in &other.items {
            if !self.items.iter().any(|i| i.eq_ignore_ascii_case(item)) {
                self.items.push(item.clone());
            }
        }
        if self.count_value.is_none() {
            self.count_value = other.count_value;
            self.count_of = other.count_of.clone();
        }
        self.confidence = self.confidence.max(other.confidence);
    }

    fn from_row(r: &Row<'_>) -> rusqlite::Result<StoredEvent> {
        StoredEvent::from_row_at(r, 0)
    }

    /// Reads the [`STORED_EVENT_COLUMNS`] of a row, starting at column `at`.
    pub fn from_row_at(r: &Row<'_>, at: usize) -> rusqlite::Result<StoredEvent> {
        let items: Option<String> = r.get(at + 26)?;
        Ok(StoredEvent {
            kind: r.get(at)?,
            status: r.get(at + 1)?,
            plover_type: r.get(at + 2)?,
            plover_mode: r.get(at + 3)?,
            cameo: r.get(at + 4)?,
            date_start: r.get(at + 5)?,
            date_end: r.get(at + 6)?,
            granularity: r.get(at + 7)?,
            date_text: r.get(at + 8)?,
            sort_date: r.get(at + 9)?,
            location_id: r.get(at + 10)?,
            name_entity_id: r.get(at + 11)?,
            aid_kind: r.get(at + 12)?,
            currency: r.get(at + 13)?,
            value: r.get(at + 14)?,
            min: r.get(at + 15)?,
            max: r.get(at + 16)?,
            approximate: r.get(at + 17)?,
            cumulative: r.get(at + 18)?,
            value_eur: r.get(at + 19)?,
            value_usd: r.get(at + 20)?,
            min_eur: r.get(at + 21)?,
            max_eur: r.get(at + 22)?,
            min_usd: r.get(at + 23)?,
            max_usd: r.get(at + 24)?,
            rate_date: r.get(at + 25)?,
            items: items
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default(),
            count_value: r.get(at + 27)?,
            count_of: r.get(at + 28)?,
            confidence: r.get(at + 29)?,
        })
    }

    fn load(conn: &Connection, id: i64) -> rusqlite::Result<StoredEvent> {
        static SQL: LazyLock<String> =
            LazyLock::new(|| format!("SELECT {STORED_EVENT_COLUMNS} FROM events WHERE id = ?1"));
        conn.prepare_cached(&SQL)?
            .query_row([id], StoredEvent::from_row)
    }

    /// The days the stored dates cover (see [`DateSpan::of_stored`]).
    fn date_span(&self) -> Option<DateSpan> {
        DateSpan::of_stored(
            self.date_start.as_deref(),
            self.date_end.as_deref(),
            self.granularity.as_deref(),
            self.sort_date.as_deref(),
        )
    }

    /// The event's summary without its actors (`source`, `target` and
    /// `participants` empty): the stored fields, the aid block, and what
    /// the caller read beside them.
    pub(crate) fn summary(
        self,
        id: i64,
        review_status: String,
        location: Option<ActorRef>,
        source_count: usize,
    ) -> EventSummary {
        let aid = self.aid_kind.as_ref().map(|k| AidSummary {
            kind: k.clone(),
            cumulative: self.cumulative.unwrap_or(false),
            currency: self.currency.clone(),
            value: self.value,
            min: self.min,
            max: self.max,
            value_eur: self.value_eur,
            value_usd: self.value_usd,
            items: self.items.clone(),
        });
        EventSummary {
            id,
            kind: EventType::parse(&self.kind).unwrap_or(EventType::MEET),
            status: self.status,
            date_start: self.date_start,
            date_end: self.date_end,
            granularity: self.granularity,
            sort_date: self.sort_date,
            location,
            source: Vec::new(),
            target: Vec::new(),
            participants: Vec::new(),
            aid,
            source_count,
            review_status,
        }
    }

    /// Writes the fields: a new row when `id` is `None`, else an update.
    fn store(&self, conn: &Connection, id: Option<i64>) -> rusqlite::Result<i64> {
        let items = if self.items.is_empty() && self.aid_kind.is_none() {
            None
        } else {
            serde_json::to_string(&self.items).ok()
        };
        let span = self.date_span();
        let values = params![
            self.kind,
            self.status,
            self.plover_type,
            self.plover_mode,
            self.cameo,
            self.date_start,
            self.date_end,
            self.granularity,
            self.date_text,
            self.sort_date,
            self.location_id,
            self.name_entity_id,
            self.aid_kind,
            self.currency,
            self.value,
            self.min,
            self.max,
            self.approximate,
            self.cumulative,
            self.value_eur,
            self.value_usd,
            self.min_eur,
            self.max_eur,
            self.min_usd,
            self.max_usd,
            self.rate_date,
            items,
            self.count_value,
            self.count_of,
            self.confidence,
            span.map(|s| s.start),
            span.map(|s| s.end),
        ];
        // The span columns are written with the dates they derive from.
        static INSERT: LazyLock<String> = LazyLock::new(|| {
            let marks: Vec<String> = (1..=32).map(|i| format!("?{i}")).collect();
            format!(
                "INSERT INTO events ({STORED_EVENT_COLUMNS}, span_start, span_end) VALUES ({})",
                marks.join(", ")
            )
        });
        static UPDATE: LazyLock<String> = LazyLock::new(|| {
            let sets: Vec<String> = STORED_EVENT_COLUMNS
                .split(',')
                .chain(["span_start", "span_end"])
                .enumerate()
                .map(|(i, c)| format!("{} = ?{}", c.trim(), i + 1))
                .collect();
            format!("UPDATE events SET {} WHERE id = ?33", sets.join(", "))
        });
        match id {
            None => {
                conn.prepare_cached(&INSERT)?.execute(values)?;
                Ok(conn.last_insert_rowid())
            }
            Some(id) => {
                let mut all: Vec<&dyn rusqlite::ToSql> = values.to_vec();
                all.push(&id);
                conn.prepare_cached(&UPDATE)?.execute(&all[..])?;
                Ok(id)
            }
        }
    }

    /// The merge view of a stored event, with its actors.
    fn view(&self, conn: &Connection, id: i64) -> rusqlite::Result<EventView> {
        let mut source = BTreeSet::new();
        let mut target = BTreeSet::new();
        let mut participants = BTreeSet::new();
        let mut stmt =
            conn.prepare_cached("SELECT entity_id, role FROM event_actors WHERE event_id = ?1")?;
        let rows = stmt.query_map([id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (e, role) = row?;
            match role.as_str() {
                "source" => source.insert(e),
                "target" => target.insert(e),
                _ => participants.insert(e),
            };
        }
        let date = self.date_span();
        let aid = self.aid_kind.as_deref().map(|k| AidView {
            kind: aid_kind_parse(k),
            cumulative: self.cumulative.unwrap_or(false),
            currency: self.currency.clone(),
            value: self.value,
            min: self.min,
            max: self.max,
            usd: self.value_usd,
            usd_min: self.min_usd,
            usd_max: self.max_usd,
        });
        // As for a new record, only a distinctive name is read.
        let name = match self.name_entity_id {
            Some(n) => {
                let text: Option<String> = conn
                    .prepare_cached("SELECT name FROM entities WHERE id = ?1")?
                    .query_row([n], |r| r.get(0))
                    .optional()?;
                Some(n).filter(|_| text.as_deref().is_some_and(merge::distinctive_event_name))
            }
            None => None,
        };
        Ok(EventView {
            kind: EventType::parse(&self.kind).unwrap_or(EventType::MEET),
            status: status_parse(&self.status),
            source,
            target,
            participants,
            location: self.location_id,
            name,
            date,
            aid,
        })
    }
}

/// The stored events of type ?1 whose span reaches into the days ?4..=?3
/// (?2 is ?4 minus [`merge::SHORT_SPAN`]) and that WHO holds for: those
/// whose short span starts in the window (`events_type_span`), the long
/// spans that reach into it (`events_type_long_span`; the 62 is
/// `merge::SHORT_SPAN` written out as in the index's condition, so that the
/// index is used) and those without a known span.
const EVENT_WINDOW: &str = "
    SELECT e.id FROM events e
    WHERE e.type = ?1 AND e.span_start BETWEEN ?2 AND ?3 AND e.span_end >= ?4 AND WHO
    UNION
    SELECT e.id FROM events e
    WHERE e.type = ?1 AND e.span_end - e.span_start > 62 AND e.span_end >= ?4
      AND e.span_start <= ?3 AND WHO
    UNION
    SELECT e.id FROM events e WHERE e.type = ?1 AND e.span_start IS NULL AND WHO";

/// The stored event a new record event is, if any: same type, sharing an
/// actor (or the named event), not yet reported by this document, matching
/// by [`merge::events_match`]; the closest in date wins, then the oldest.
/// An event with no date at all (none resolved, no publication date) never
/// matches, so it is not looked up.
fn find_matching_event(
    conn: &Connection,
    doc_id: i64,
    view: &EventView,
) -> rusqlite::Result<Option<i64>> {
    let Some(date) = view.date else {
        return Ok(None);
    };
    // A stored event whose dates are further away than DAY_SLACK days
    // cannot match (`merge::dates_compatible`): look only in the window,
    // through the span indexes, so the lookup does not grow with the store.
    static BY_ACTOR: LazyLock<String> = LazyLock::new(|| {
        EVENT_WINDOW.replace(
            "WHO",
            "EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.entity_id = ?5)",
        )
    });
    static BY_NAME: LazyLock<String> =
        LazyLock::new(|| EVENT_WINDOW.replace("WHO", "e.name_entity_id = ?5"));
    let lo = date.start - merge::DAY_SLACK;
    let hi = date.end + merge::DAY_SLACK;
    let first = lo - merge::SHORT_SPAN;
    let kind = view.kind.as_str();
    let mut cands: BTreeSet<i64> = BTreeSet::new();
    let mut stmt = conn.prepare_cached(&BY_ACTOR)?;
    for actor in view.all_actors() {
        for id in stmt.query_map(params![kind, first, hi, lo, actor], |r| r.get::<_, i64>(0))? {
            cands.insert(id?);
        }
    }
    if let Some(name) = view.name {
        let mut stmt = conn.prepare_cached(&BY_NAME)?;
        for id in stmt.query_map(params![kind, first, hi, lo, name], |r| r.get::<_, i64>(0))? {
            cands.insert(id?);
        }
    }
    let mut best: Option<(i64, i64)> = None;
    let mut own = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM event_sources WHERE event_id = ?1 AND document_id = ?2)",
    )?;
    for id in cands {
        if own.query_row(params![id, doc_id], |r| r.get::<_, bool>(0))? {
            continue;
        }
        let stored = StoredEvent::load(conn, id)?.view(conn, id)?;
        if merge::events_match(&stored, view) {
            let d = merge::match_distance(&stored, view);
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, id));
            }
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// The stored aid events of type ?1 with a USD amount in ?2..=?3 and the
/// donor ?4 (through the `events_type_value` index).
const RESTATED_LOOKUP: &str = "SELECT e.id FROM events e
     WHERE e.type = ?1 AND e.value_usd BETWEEN ?2 AND ?3
       AND EXISTS (SELECT 1 FROM event_actors a
                   WHERE a.event_id = e.id AND a.role = 'source' AND a.entity_id = ?4)";

/// The stored package a new aid record tells again, if any
/// ([`merge::restatement_match`]), looked up by amount (the
/// `events_type_value` index, a window wide enough for the same figure
/// converted at another day's rate) and donor, not yet reported by this
/// document; the closest in date wins, then the oldest. Also says whether
/// the new record is the earlier report (its document published before
/// every stored report of the package), whose date the event then takes.
fn find_restated_event(
    conn: &Connection,
    doc_id: i64,
    view: &EventView,
    report: merge::Report<'_>,
    usd: Option<f64>,
) -> rusqlite::Result<Option<(i64, bool)>> {
    let (Some(usd), Some(_)) = (usd, view.date) else {
        return Ok(None);
    };
    if !matches!(view.kind, EventType::AID_PLEDGE | EventType::AID_DELIVERY)
        || view.aid.as_ref().is_none_or(|a| a.cumulative)
        || view.target.is_empty()
        || usd <= 0.0
    {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(RESTATED_LOOKUP)?;
    let mut cands: BTreeSet<i64> = BTreeSet::new();
    for donor in &view.source {
        let rows = stmt.query_map(
            params![view.kind.as_str(), usd / 1.25, usd * 1.25, donor],
            |r| r.get::<_, i64>(0),
        )?;
        for id in rows {
            cands.insert(id?);
        }
    }
    let mut reports = conn.prepare_cached(
        "SELECT d.published, s.evidence_text, s.document_id FROM event_sources s
         JOIN documents d ON d.id = s.document_id WHERE s.event_id = ?1",
    )?;
    let mut is_state = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM entities WHERE id = ?1 AND key LIKE 'country:%')",
    )?;
    let new = [report];
    let mut best: Option<(i64, i64, bool)> = None;
    for id in cands {
        let rows: Vec<(Option<String>, Option<String>, i64)> = reports
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if rows.iter().any(|r| r.2 == doc_id) {
            continue;
        }
        let told: Vec<merge::Report> = rows
            .iter()
            .map(|(p, e, _)| merge::Report {
                published: p.as_deref().and_then(merge::parse_date).map(|(d, _)| d),
                evidence: e.as_deref(),
            })
            .collect();
        let stored = StoredEvent::load(conn, id)?.view(conn, id)?;
        let mut states = BTreeSet::new();
        for e in stored.source.intersection(&view.source) {
            if is_state.query_row([e], |r| r.get::<_, bool>(0))? {
                states.insert(*e);
            }
        }
        if merge::restatement_match(&stored, &told, view, &new, &states) {
            let first = told.iter().filter_map(|r| r.published).min();
            let earlier = matches!((report.published, first), (Some(n), Some(f)) if n < f);
            let d = merge::match_distance(&stored, view);
            if best.is_none_or(|(bd, _, _)| d < bd) {
                best = Some((d, id, earlier));
            }
        }
    }
    Ok(best.map(|(_, id, earlier)| (id, earlier)))
}

// ------------------------------------------------------------------ read

/// The columns [`entity_row`] reads, of `entities` aliased `e`: the
/// entity, its mention count (aliased `n`, to order by) and its number of
/// documents.
pub(crate) const ENTITY_ROW_COLUMNS: &str = "e.id, e.kind, e.name, e.country, e.key,
    (SELECT COUNT(*) FROM mentions m WHERE m.entity_id = e.id) AS n,
    (SELECT COUNT(DISTINCT document_id) FROM document_entities de WHERE de.entity_id = e.id)";

/// An entity row selected with [`ENTITY_ROW_COLUMNS`].
pub(crate) fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        name: r.get(2)?,
        country: r.get(3)?,
        key: r.get(4)?,
        mentions: r.get::<_, i64>(5)? as usize,
        documents: r.get::<_, i64>(6)? as usize,
    })
}

pub(crate) fn actor_ref(r: &Row<'_>, at: usize) -> rusqlite::Result<ActorRef> {
    Ok(ActorRef {
        id: r.get(at)?,
        kind: r.get(at + 1)?,
        name: r.get(at + 2)?,
        country: r.get(at + 3)?,
    })
}

fn entity_ref(conn: &Connection, id: i64) -> rusqlite::Result<Option<ActorRef>> {
    conn.query_row(
        "SELECT id, kind, name, country FROM entities WHERE id = ?1",
        [id],
        |r| actor_ref(r, 0),
    )
    .optional()
}

fn load_summary(conn: &Connection, id: i64) -> rusqlite::Result<Option<EventSummary>> {
    let row = conn
        .query_row(
            &format!("SELECT {STORED_EVENT_COLUMNS}, review_status FROM events WHERE id = ?1"),
            [id],
            |r| Ok((StoredEvent::from_row(r)?, r.get::<_, String>(30)?)),
        )
        .optional()?;
    let Some((f, review_status)) = row else {
        return Ok(None);
    };
    let mut source = Vec::new();
    let mut target = Vec::new();
    let mut participants = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT a.role, e.id, e.kind, e.name, e.country FROM event_actors a
         JOIN entities e ON e.id = a.entity_id WHERE a.event_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, actor_ref(r, 1)?)))?;
    for row in rows {
        let (role, a) = row?;
        match role.as_str() {
            "source" => source.push(a),
            "target" => target.push(a),
            _ => participants.push(a),
        }
    }
    let source_count: i64 = conn.query_row(
        "SELECT COUNT(DISTINCT document_id) FROM event_sources WHERE event_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let location = match f.location_id {
        Some(l) => entity_ref(conn, l)?,
        None => None,
    };
    Ok(Some(EventSummary {
        source,
        target,
        participants,
        ..f.summary(id, review_status, location, source_count as usize)
    }))
}

/// Appends the date-range filter on `events.sort_date` (aliased `e`).
fn push_range(sql: &mut String, args: &mut Vec<rusqlite::types::Value>, range: &DateRange) {
    if let Some(s) = &range.since {
        args.push(s.clone().into());
        sql.push_str(&format!(" AND e.sort_date >= ?{}", args.len()));
    }
    if let Some(u) = &range.until {
        // A full date bound includes the whole day of a datetime.
        args.push(format!("{u}\u{10ffff}").into());
        sql.push_str(&format!(" AND e.sort_date <= ?{}", args.len()));
    }
}

impl SqliteStore {
    fn summaries(&self, ids: Vec<i64>) -> Result<Vec<EventSummary>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(s) = load_summary(&self.conn, id).db(&self.path)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn ids(&self, sql: &str, args: Vec<rusqlite::types::Value>) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare(sql).db(&self.path)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, i64>(0))
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }

    fn count(&self, sql: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(sql, [], |r| r.get(0)).db(&self.path)?;
        Ok(n as usize)
    }

    /// How many events carry each review status.
    pub fn review_counts(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT review_status, COUNT(*) FROM events GROUP BY review_status ORDER BY 1")
            .db(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
            })
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }
}

impl Store for SqliteStore {
    fn insert_document(&mut self, meta: &DocMeta, records: &Records) -> Result<InsertOutcome> {
        self.writable()?;
        let tx = self.conn.transaction().db(&self.path)?;
        let out = insert_one(&tx, &self.path, meta, records)?;
        tx.commit().db(&self.path)?;
        Ok(out)
    }

    fn insert_batch(&mut self, docs: &[(DocMeta, Records)]) -> Result<Vec<InsertOutcome>> {
        self.writable()?;
        // Dropping the transaction on an error rolls it back: all or nothing.
        let tx = self.conn.transaction().db(&self.path)?;
        let mut out = Vec::with_capacity(docs.len());
        for (meta, rec) in docs {
            out.push(insert_one(&tx, &self.path, meta, rec)?);
        }
        tx.commit().db(&self.path)?;
        Ok(out)
    }

    fn document_id(&self, content_hash: &str) -> Result<Option<i64>> {
        find_document(&self.conn, content_hash.trim()).db(&self.path)
    }

    fn counts(&self) -> Result<Counts> {
        Ok(Counts {
            documents: self.count("SELECT COUNT(*) FROM documents")?,
            entities: self.count("SELECT COUNT(*) FROM entities")?,
            events: self.count("SELECT COUNT(*) FROM events")?,
            merged_events: self.count(
                "SELECT COUNT(*) FROM (SELECT event_id FROM event_sources GROUP BY event_id
                 HAVING COUNT(DISTINCT document_id) > 1)",
            )?,
            sources: self.count("SELECT COUNT(*) FROM event_sources")?,
            quotes: self.count("SELECT COUNT(*) FROM quotes")?,
            mentions: self.count("SELECT COUNT(*) FROM mentions")?,
        })
    }

    fn donors(&self, q: &DonorQuery) -> Result<Vec<DonorRow>> {
        let (v, lo, hi) = match q.currency {
            Currency::EUR => ("value_eur", "min_eur", "max_eur"),
            Currency::USD => ("value_usd", "min_usd", "max_usd"),
        };
        let types = if q.include_deliveries {
            "('AID_PLEDGE', 'AID_DELIVERY')"
        } else {
            "('AID_PLEDGE')"
        };
        let mut sql = format!(
            "SELECT e.id, n.id, n.name, n.country, COALESCE(e.cumulative, 0), e.{v}, e.{lo}, e.{hi}, e.sort_date
             FROM events e
             JOIN event_actors a ON a.event_id = e.id AND a.role = 'source'
             JOIN entities n ON n.id = a.entity_id
             WHERE e.type IN {types} AND e.status NOT IN ('negated', 'hypothetical')
               AND e.review_status != 'rejected'"
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(k) = q.kind {
            args.push(k.as_str().to_string().into());
            sql.push_str(&format!(" AND e.aid_kind = ?{}", args.len()));
        }
        push_range(&mut sql, &mut args, &q.range);
        sql.push_str(" ORDER BY e.id, n.id");
        type RowT = (
            i64,
            i64,
            String,
            Option<String>,
            bool,
            Option<f64>,
            Option<f64>,
            Option<f64>,
            Option<String>,
        );
        let mut stmt = self.conn.prepare(&sql).db(&self.path)?;
        let rows: Vec<RowT> = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })
            .db(&self.path)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .db(&self.path)?;

        let mut order: Vec<String> = Vec::new();
        let mut acc: HashMap<String, DonorRow> = HashMap::new();
        for (event, ent, name, country, cumulative, value, min, max, date) in rows {
            let (group, label, entity_id) = match (&country, q.by_country) {
                (Some(c), true) => (format!("c:{c}"), c.clone(), None),
                _ => (format!("e:{ent}"), name.clone(), Some(ent)),
            };
            let row = acc.entry(group.clone()).or_insert_with(|| {
                order.push(group.clone());
                DonorRow {
                    donor: label,
                    entity_id,
                    country: country.clone(),
                    packages_total: 0.0,
                    packages_min: 0.0,
                    packages_max: 0.0,
                    packages: 0,
                    packages_unvalued: 0,
                    running_total: None,
                    running_total_date: None,
                    events: Vec::new(),
                }
            });
            // Each event once per donor, even when two of its sources
            // fall in one group.
            if row.events.contains(&event) {
                continue;
            }
            row.events.push(event);
            if cumulative {
                let amount = value.or(max).or(min);
                if let Some(a) = amount {
                    let newer = match (&row.running_total_date, &date) {
                        (None, _) => true,
                        (Some(old), Some(new)) => {
                            new > old || (new == old && Some(a) > row.running_total)
                        }
                        (Some(_), None) => false,
                    };
                    if row.running_total.is_none() || newer {
                        row.running_total = Some(a);
                        row.running_total_date = date.clone();
                    }
                }
            } else {
                row.packages += 1;
                match (value, min, max) {
                    (Some(x), _, _) => {
                        row.packages_total += x;
                        row.packages_min += x;
                        row.packages_max += x;
                    }
                    (None, lo, hi) if lo.is_some() || hi.is_some() => {
                        row.packages_unvalued += 1;
                        row.packages_min += lo.unwrap_or(0.0);
                        row.packages_max += hi.or(lo).unwrap_or(0.0);
                    }
                    _ => row.packages_unvalued += 1,
                }
            }
        }
        let mut out: Vec<DonorRow> = order.into_iter().filter_map(|g| acc.remove(&g)).collect();
        if q.by_country {
            for row in &mut out {
                if row.entity_id.is_none() {
                    if let Some(c) = &row.country {
                        let found: Option<(i64, String)> = self
                            .conn
                            .query_row(
                                "SELECT id, name FROM entities WHERE key = ?1 ORDER BY id LIMIT 1",
                                [format!("country:{c}")],
                                |r| Ok((r.get(0)?, r.get(1)?)),
                            )
                            .optional()
                            .db(&self.path)?;
                        if let Some((id, name)) = found {
                            row.entity_id = Some(id);
                            row.donor = name;
                        }
                    }
                }
            }
        }
        out.sort_by(|a, b| {
            b.packages_total
                .total_cmp(&a.packages_total)
                .then(
                    b.running_total
                        .unwrap_or(0.0)
                        .total_cmp(&a.running_total.unwrap_or(0.0)),
                )
                .then(a.donor.cmp(&b.donor))
        });
        Ok(out)
    }

    fn visits_to(&self, country: &str, range: &DateRange) -> Result<Vec<EventSummary>> {
        let mut args: Vec<rusqlite::types::Value> =
            vec![country.trim().to_ascii_uppercase().into()];
        let mut sql = String::from(
            "SELECT e.id FROM events e
             WHERE e.type = 'VISIT' AND e.review_status != 'rejected'
               AND (EXISTS (SELECT 1 FROM event_actors a JOIN entities t ON t.id = a.entity_id
                            WHERE a.event_id = e.id AND a.role = 'target' AND t.country = ?1)
                    OR EXISTS (SELECT 1 FROM entities l WHERE l.id = e.location_id AND l.country = ?1))",
        );
        push_range(&mut sql, &mut args, range);
        sql.push_str(" ORDER BY e.sort_date, e.id");
        let ids = self.ids(&sql, args)?;
        self.summaries(ids)
    }

    fn timeline(&self, q: &TimelineQuery) -> Result<Vec<EventSummary>> {
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut sql = String::from("SELECT e.id FROM events e WHERE e.review_status != 'rejected'");
        if !q.kinds.is_empty() {
            let mut marks = Vec::new();
            for k in &q.kinds {
                args.push(k.as_str().to_string().into());
                marks.push(format!("?{}", args.len()));
            }
            sql.push_str(&format!(" AND e.type IN ({})", marks.join(", ")));
        }
        if let Some(c) = &q.country {
            args.push(c.trim().to_ascii_uppercase().into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (EXISTS (SELECT 1 FROM event_actors a JOIN entities t ON t.id = a.entity_id
                              WHERE a.event_id = e.id AND t.country = ?{n})
                       OR EXISTS (SELECT 1 FROM entities l WHERE l.id = e.location_id AND l.country = ?{n}))"
            ));
        }
        if let Some(actor) = q.actor {
            args.push(actor.into());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.entity_id = ?{})",
                args.len()
            ));
        }
        push_range(&mut sql, &mut args, &q.range);
        sql.push_str(" ORDER BY e.sort_date, e.id");
        if let Some(limit) = q.limit {
            sql.push_str(&format!(" LIMIT {limit}"));
        }
        let ids = self.ids(&sql, args)?;
        self.summaries(ids)
    }

    fn actor_quotes(&self, entity_id: i64, range: &DateRange) -> Result<Vec<QuoteRow>> {
        let mut args: Vec<rusqlite::types::Value> = vec![entity_id.into()];
        let mut sql = String::from(
            "SELECT q.id, q.document_id, q.speaker_text, q.text, q.direct, q.cue, q.channel,
                    COALESCE(q.time_start, d.published) AS sort_date, d.title
             FROM quotes q JOIN documents d ON d.id = q.document_id
             WHERE q.speaker_id = ?1",
        );
        if let Some(s) = &range.since {
            args.push(s.clone().into());
            sql.push_str(&format!(
                " AND COALESCE(q.time_start, d.published) >= ?{}",
                args.len()
            ));
        }
        if let Some(u) = &range.until {
            args.push(format!("{u}\u{10ffff}").into());
            sql.push_str(&format!(
                " AND COALESCE(q.time_start, d.published) <= ?{}",
                args.len()
            ));
        }
        sql.push_str(" ORDER BY sort_date, q.id");
        let speaker = entity_ref(&self.conn, entity_id).db(&self.path)?;
        let mut stmt = self.conn.prepare(&sql).db(&self.path)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok(QuoteRow {
                    id: r.get(0)?,
                    document_id: r.get(1)?,
                    speaker: speaker.clone(),
                    speaker_text: r.get(2)?,
                    text: r.get(3)?,
                    direct: r.get(4)?,
                    cue: r.get(5)?,
                    channel: r.get(6)?,
                    date: r.get(7)?,
                    title: r.get(8)?,
                })
            })
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }

    fn actor_roles(&self, entity_id: i64) -> Result<Vec<RoleRow>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT r.entity_id, r.title, r.of, r.qualifier, r.document_id, d.published
                 FROM roles r JOIN documents d ON d.id = r.document_id
                 WHERE r.entity_id = ?1 ORDER BY d.published, r.id",
            )
            .db(&self.path)?;
        let rows = stmt
            .query_map([entity_id], |r| {
                Ok(RoleRow {
                    entity_id: r.get(0)?,
                    title: r.get(1)?,
                    of: r.get(2)?,
                    qualifier: r.get(3)?,
                    document_id: r.get(4)?,
                    published: r.get(5)?,
                })
            })
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }

    fn event(&self, event_id: i64) -> Result<Option<EventSummary>> {
        load_summary(&self.conn, event_id).db(&self.path)
    }

    fn event_sources(&self, event_id: i64) -> Result<Vec<EventSource>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT s.document_id, d.title, d.url, d.outlet, d.published, s.record_event_id, s.status,
                        s.evidence_start, s.evidence_end, s.evidence_text, s.attribution_text, s.record_json
                 FROM event_sources s JOIN documents d ON d.id = s.document_id
                 WHERE s.event_id = ?1 ORDER BY d.published, s.id",
            )
            .db(&self.path)?;
        let rows = stmt
            .query_map([event_id], |r| {
                Ok(EventSource {
                    document_id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    outlet: r.get(3)?,
                    published: r.get(4)?,
                    record_event_id: r.get(5)?,
                    status: r.get(6)?,
                    evidence_start: r.get::<_, Option<i64>>(7)?.map(|v| v as usize),
                    evidence_end: r.get::<_, Option<i64>>(8)?.map(|v| v as usize),
                    evidence_text: r.get(9)?,
                    attribution: r.get(10)?,
                    record_json: r.get(11)?,
                })
            })
            .db(&self.path)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)
    }

    fn find_entities(&self, name: &str) -> Result<Vec<EntityRow>> {
        let norm = merge::normalize_name(name);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ENTITY_ROW_COLUMNS}
                 FROM entities e
                 WHERE e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_norm = ?1)
                    OR e.name = ?2 COLLATE NOCASE OR e.country = ?3
                 ORDER BY n DESC, e.id"
            ))
            .db(&self.path)?;
        let code = if name.trim().len() == 3 && name.trim().bytes().all(|b| b.is_ascii_alphabetic())
        {
            Some(name.trim().to_ascii_uppercase())
        } else {
            None
        };
        let rows = stmt
            .query_map(params![norm, name.trim(), code], entity_row)
            .db(&self.path)?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>().db(&self.path)?;
        // A country code query finds the country first, not its cities.
        if code.is_some() {
            out.sort_by_key(|e| !e.key.starts_with("country:"));
        }
        Ok(out)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<DocumentHit>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.id, d.title, d.url, d.published,
                        snippet(documents_fts, 1, '[', ']', '…', 12)
                 FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
                 WHERE documents_fts MATCH ?1 ORDER BY rank LIMIT ?2",
            )
            .db(&self.path)?;
        let rows = stmt
            .query_map(params![query, limit as i64], |r| {
                Ok(DocumentHit {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    url: r.get(2)?,
                    published: r.get(3)?,
                    snippet: r.get::<_, Option<String>>(4)?.unwrap_or_default(),
                })
            })
            .map_err(|e| StoreError::Invalid(format!("search query {query:?}: {e}")))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| StoreError::Invalid(format!("search query {query:?}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_records::Document;

    fn doc(hash: &str, text_len: usize) -> (DocMeta, Records) {
        let r = Records::new(Document {
            id: hash.into(),
            title: Some("t".into()),
            source: None,
            url: None,
            published: Some("2023-09-28".into()),
            language: "en".into(),
            text: Some("word ".repeat(text_len / 5)),
        });
        (DocMeta::from_records(&r), r)
    }

    #[test]
    fn a_full_disk_rolls_the_batch_back() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store
            .insert_document(&doc("small", 10).0, &doc("small", 10).1)
            .unwrap();
        let pages: i64 = store
            .conn()
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        // Cap the database a few pages above its size: the batch cannot fit.
        store
            .conn()
            .query_row(&format!("PRAGMA max_page_count = {}", pages + 4), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
        let batch: Vec<_> = (0..20).map(|i| doc(&format!("big{i}"), 20_000)).collect();
        let e = store.insert_batch(&batch).err().unwrap();
        assert!(matches!(e, StoreError::DiskFull { .. }), "{e:?}");
        assert!(e.to_string().contains("disk full"));
        assert_eq!(store.counts().unwrap().documents, 1);
        // The store still works for what fits.
        store
            .insert_document(&doc("tiny", 10).0, &doc("tiny", 10).1)
            .unwrap();
        assert_eq!(store.counts().unwrap().documents, 2);
    }

    #[test]
    fn the_long_span_lookup_uses_the_partial_index() {
        // The threshold is written out in the index and in the lookup.
        let cond = format!("span_end - span_start > {}", merge::SHORT_SPAN);
        assert!(schema::MIGRATIONS[2].contains(&cond));
        assert!(EVENT_WINDOW.contains(&format!("e.{}", cond.replace(" - ", " - e."))));
        let store = SqliteStore::open_in_memory().unwrap();
        let sql = EVENT_WINDOW.replace("WHO", "e.name_entity_id = ?5");
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap()
            .query_map(params!["VISIT", 0, 10, 62, 1], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("events_type_long_span"), "{plan}");
        assert!(plan.contains("events_type_span"), "{plan}");
        assert!(!plan.contains("SCAN e"), "{plan}");
    }

    #[test]
    fn the_restatement_lookup_uses_the_amount_index() {
        let store = SqliteStore::open_in_memory().unwrap();
        let plan: Vec<String> = store
            .conn()
            .prepare(&format!("EXPLAIN QUERY PLAN {RESTATED_LOOKUP}"))
            .unwrap()
            .query_map(params!["AID_PLEDGE", 1e9, 2e9, 1], |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let plan = plan.join("\n");
        assert!(plan.contains("events_type_value"), "{plan}");
        assert!(!plan.contains("SCAN e"), "{plan}");
    }

    #[test]
    fn event_fields_absorb_finer_dates_and_amounts() {
        let mut a = StoredEvent {
            kind: "AID_PLEDGE".into(),
            status: "planned".into(),
            date_start: Some("2023-09-25".into()),
            granularity: Some("week".into()),
            aid_kind: Some("unspecified".into()),
            min: Some(3e9),
            max: Some(9e9),
            ..StoredEvent::default()
        };
        let b = StoredEvent {
            kind: "AID_PLEDGE".into(),
            status: "asserted".into(),
            date_start: Some("2023-09-27".into()),
            granularity: Some("day".into()),
            aid_kind: Some("military".into()),
            value: Some(5e9),
            items: vec!["tanks".into()],
            confidence: 0.9,
            ..StoredEvent::default()
        };
        a.absorb(&b);
        assert_eq!(a.status, "asserted");
        assert_eq!(a.date_start.as_deref(), Some("2023-09-27"));
        assert_eq!(a.aid_kind.as_deref(), Some("military"));
        assert_eq!(a.value, Some(5e9));
        assert_eq!(a.items, vec!["tanks".to_string()]);
        assert_eq!(a.confidence, 0.9);
    }
}
