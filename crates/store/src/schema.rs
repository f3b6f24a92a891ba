//! The schema and its migrations.
//!
//! `PRAGMA user_version` holds how many entries of [`MIGRATIONS`] a database
//! has had applied. Opening runs the missing ones in order, each in its own
//! transaction together with the version bump (the step to version 3 also
//! computes the columns it adds, in Rust); a database whose version is
//! higher than `MIGRATIONS.len()` was written by a newer program and is
//! refused. Migrations are only ever appended, never edited.

use rusqlite::{params, Connection};

use crate::merge::DateSpan;

/// Version 1: documents, entities, mentions, roles, events and their
/// sources, quotes.
const V1: &str = r#"
CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    content_hash  TEXT NOT NULL UNIQUE,
    record_id     TEXT NOT NULL,
    title         TEXT,
    url           TEXT,
    outlet        TEXT,
    published     TEXT,
    language      TEXT NOT NULL DEFAULT 'en',
    path          TEXT,
    text          TEXT,
    records_json  TEXT NOT NULL,
    ingested_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX documents_published ON documents(published);

CREATE TABLE entities (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    name     TEXT NOT NULL,
    country  TEXT,
    key      TEXT NOT NULL,
    given    TEXT
);
CREATE INDEX entities_key ON entities(key);
CREATE INDEX entities_country ON entities(country);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);

CREATE TABLE entity_aliases (
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias       TEXT NOT NULL,
    alias_norm  TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias_norm)
);
CREATE INDEX entity_aliases_norm ON entity_aliases(alias_norm);

CREATE TABLE document_entities (
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    local_id     TEXT NOT NULL,
    entity_id    INTEGER NOT NULL REFERENCES entities(id),
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    country      TEXT,
    PRIMARY KEY (document_id, local_id)
);
CREATE INDEX document_entities_entity ON document_entities(entity_id);

CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id    INTEGER NOT NULL REFERENCES entities(id),
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX mentions_document ON mentions(document_id);

CREATE TABLE roles (
    id           INTEGER PRIMARY KEY,
    entity_id    INTEGER NOT NULL REFERENCES entities(id),
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    of           TEXT,
    qualifier    TEXT,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL
);
CREATE INDEX roles_entity ON roles(entity_id);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    type             TEXT NOT NULL,
    status           TEXT NOT NULL,
    plover_type      TEXT,
    plover_mode      TEXT,
    cameo            TEXT,
    date_start       TEXT,
    date_end         TEXT,
    granularity      TEXT,
    date_text        TEXT,
    sort_date        TEXT,
    location_id      INTEGER REFERENCES entities(id),
    name_entity_id   INTEGER REFERENCES entities(id),
    aid_kind         TEXT,
    currency         TEXT,
    value            REAL,
    min              REAL,
    max              REAL,
    approximate      INTEGER,
    cumulative       INTEGER,
    value_eur        REAL,
    value_usd        REAL,
    min_eur          REAL,
    max_eur          REAL,
    min_usd          REAL,
    max_usd          REAL,
    rate_date        TEXT,
    items_json       TEXT,
    count_value      REAL,
    count_of         TEXT,
    confidence       REAL NOT NULL DEFAULT 0
);
CREATE INDEX events_type_date ON events(type, sort_date);
CREATE INDEX events_sort_date ON events(sort_date);

CREATE TABLE event_actors (
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id  INTEGER NOT NULL REFERENCES entities(id),
    role       TEXT NOT NULL CHECK (role IN ('source', 'target', 'participant')),
    PRIMARY KEY (event_id, entity_id, role)
);
CREATE INDEX event_actors_entity ON event_actors(entity_id, role);

CREATE TABLE event_sources (
    id                  INTEGER PRIMARY KEY,
    event_id            INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id         INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    record_event_id     TEXT NOT NULL,
    status              TEXT NOT NULL,
    confidence          REAL NOT NULL,
    evidence_start      INTEGER,
    evidence_end        INTEGER,
    evidence_text       TEXT,
    attribution_text    TEXT,
    attribution_entity  INTEGER REFERENCES entities(id),
    record_json         TEXT NOT NULL,
    UNIQUE (document_id, record_event_id)
);
CREATE INDEX event_sources_event ON event_sources(event_id);

CREATE TABLE quotes (
    id               INTEGER PRIMARY KEY,
    document_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    record_quote_id  TEXT NOT NULL,
    speaker_id       INTEGER REFERENCES entities(id),
    speaker_text     TEXT,
    text             TEXT NOT NULL,
    start            INTEGER NOT NULL,
    end              INTEGER NOT NULL,
    direct           INTEGER NOT NULL,
    cue              TEXT,
    channel          TEXT,
    time_text        TEXT,
    time_start       TEXT,
    time_end         TEXT,
    UNIQUE (document_id, record_quote_id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
"#;

/// Version 2: review state and audit trail for the web UI, and full-text
/// search over documents.
const V2: &str = r#"
ALTER TABLE events ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN review_status TEXT NOT NULL DEFAULT 'unreviewed'
    CHECK (review_status IN ('unreviewed', 'confirmed', 'rejected', 'edited'));
CREATE INDEX events_review ON events(review_status);

CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    table_name   TEXT NOT NULL,
    row_id       INTEGER NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    note         TEXT
);
CREATE INDEX audit_row ON audit(table_name, row_id);

CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id'
);
INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text FROM documents;
"#;

/// Version 3: indexes for the lookups of merging at insert time.
///
/// - `span_start`/`span_end`: the days an event's stored dates cover (what
///   [`DateSpan::of_stored`] reads from `date_start`, `date_end`,
///   `granularity` and `sort_date`), written with them; NULL when it has no
///   date, and taken to mean "unknown" by the lookups (such an event is
///   always a candidate). The step fills them for the stored events
///   ([`fill_spans`]); the trigger clears them when an update changes the
///   dates without them, so a stale span never hides a candidate.
/// - `events_type_span` finds the events of a type whose span starts in a
///   window, `events_type_long_span` those longer than
///   [`crate::merge::SHORT_SPAN`] days by their end.
/// - `entities_person` covers the surname-key lookup of people, which
///   groups the candidates by given name and country.
/// - `events_name` finds the events of a named event (GATHERING).
const V3: &str = r#"
ALTER TABLE events ADD COLUMN span_start INTEGER;
ALTER TABLE events ADD COLUMN span_end INTEGER;
CREATE INDEX events_type_span ON events(type, span_start, span_end);
CREATE INDEX events_type_long_span ON events(type, span_end, span_start)
    WHERE span_end - span_start > 62;
CREATE INDEX events_name ON events(name_entity_id, type);
CREATE INDEX entities_person ON entities(key, kind, given, country);
CREATE TRIGGER events_span_stale
AFTER UPDATE OF date_start, date_end, granularity, sort_date ON events
WHEN NEW.span_start IS OLD.span_start AND NEW.span_end IS OLD.span_end
 AND (NEW.date_start IS NOT OLD.date_start OR NEW.date_end IS NOT OLD.date_end
      OR NEW.granularity IS NOT OLD.granularity OR NEW.sort_date IS NOT OLD.sort_date)
BEGIN
    UPDATE events SET span_start = NULL, span_end = NULL WHERE id = NEW.id;
END;
"#;

/// Version 4: the guard of reviewed events. An event a reviewer confirmed,
/// rejected or edited keeps the fields they saw or set: an update of those
/// fields that leaves its review status as it is (the merging of a later
/// report, a re-extraction) is skipped, while its new sources and actors
/// are still attached. The review writes step out of the status first
/// (`crate::review`), so that their own changes go through. Files written
/// before this version could already hold the trigger (earlier builds
/// created it on the first review write), hence `IF EXISTS`.
///
/// `documents_record` finds a document by its records id (what the search
/// index calls it).
const V4: &str = r#"
CREATE INDEX IF NOT EXISTS documents_record ON documents(record_id);
DROP TRIGGER IF EXISTS events_review_guard;
CREATE TRIGGER events_review_guard
BEFORE UPDATE OF type, status, plover_type, plover_mode, cameo, date_start, date_end,
                 granularity, date_text, sort_date, location_id, name_entity_id, aid_kind,
                 currency, value, min, max, approximate, cumulative, value_eur, value_usd,
                 min_eur, max_eur, min_usd, max_usd, rate_date, items_json, count_value,
                 count_of, confidence ON events
WHEN OLD.review_status != 'unreviewed' AND NEW.review_status = OLD.review_status
BEGIN
    SELECT RAISE(IGNORE);
END;
"#;

/// Version 5: `events_type_value` finds the aid events of a type by their
/// amount in USD, for the lookup of a package's restatements
/// ([`crate::merge::restatement_match`]), which looks across a year.
const V5: &str = r#"
CREATE INDEX IF NOT EXISTS events_type_value ON events(type, value_usd)
    WHERE value_usd IS NOT NULL;
"#;

/// The migrations, in order; a database at version `n` has had the first
/// `n` applied.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database's `user_version`.
pub fn version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Applies migrations until the database is at `target` (at most
/// [`SCHEMA_VERSION`]); each step is one transaction with its version bump.
/// The step to version 3 also computes the new span columns of the stored
/// events.
pub fn migrate_to(conn: &mut Connection, target: i64) -> rusqlite::Result<()> {
    let target = target.min(SCHEMA_VERSION);
    let mut current = version(conn)?;
    while current < target {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[current as usize])?;
        if current + 1 == 3 {
            fill_spans(&tx)?;
        }
        tx.pragma_update(None, "user_version", current + 1)?;
        tx.commit()?;
        current += 1;
    }
    Ok(())
}

/// Computes `span_start`/`span_end` of every stored event (part of the step
/// to version 3; the store writes them with the dates from then on).
fn fill_spans(conn: &Connection) -> rusqlite::Result<()> {
    let mut read =
        conn.prepare("SELECT id, date_start, date_end, granularity, sort_date FROM events")?;
    let rows = read
        .query_map([], |r| {
            let span = DateSpan::of_stored(
                r.get::<_, Option<String>>(1)?.as_deref(),
                r.get::<_, Option<String>>(2)?.as_deref(),
                r.get::<_, Option<String>>(3)?.as_deref(),
                r.get::<_, Option<String>>(4)?.as_deref(),
            );
            Ok((r.get::<_, i64>(0)?, span))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut write =
        conn.prepare("UPDATE events SET span_start = ?2, span_end = ?3 WHERE id = ?1")?;
    for (id, span) in rows {
        if let Some(s) = span {
            write.execute(params![id, s.start, s.end])?;
        }
    }
    Ok(())
}
