//! Re-extraction: replacing what stored documents contributed with the
//! records a newer extractor finds in the same texts.
//!
//! Per document, in one transaction per batch:
//!
//! 1. its sources of unreviewed events are removed, and the unreviewed
//!    events left without a source are deleted; its quotes, mentions,
//!    roles and entity links are removed;
//! 2. the new records are stored with the merging of an ingest, except the
//!    events a source of a reviewed event already stands for (same type,
//!    same evidence span);
//! 3. the document's stored records are replaced, and the entities nothing
//!    refers to any more are deleted.
//!
//! Events a reviewer confirmed, rejected or edited keep their fields,
//! review status and sources (the guard of schema version 4 keeps their
//! fields when new reports merge into them). The entities of the document
//! a reviewer merged or split stay the ones the reviewer made. An
//! unreviewed event that other documents also report keeps the fields it
//! took from the document's earlier records.

use std::collections::HashMap;

use chronicle_records::Records;
use rusqlite::{params, Connection, OptionalExtension};

use crate::error::{Result, StoreError};
use crate::sqlite::{insert_records, pin_key};
use crate::{DocumentHit, InsertStats, SqliteStore};

/// A stored document as re-extraction reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDocument {
    pub id: i64,
    pub record_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: Option<String>,
}

/// What re-extracting one document changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reextracted {
    /// What storing the new records did.
    pub stats: InsertStats,
    /// Unreviewed events deleted because this document was their only
    /// source.
    pub events_removed: usize,
    /// New record events a reviewed event's source already stands for.
    pub events_reviewed: usize,
}

fn db<T>(path: &str, r: rusqlite::Result<T>) -> Result<T> {
    r.map_err(|e| StoreError::from_sqlite(path, e))
}

fn ids(conn: &Connection, sql: &str, doc: i64) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([doc], |r| r.get::<_, i64>(0))?;
    rows.collect()
}

/// Removes the document's contributions (step 1 of the module doc);
/// returns how many events were deleted.
fn remove_contributions(conn: &Connection, doc: i64) -> rusqlite::Result<usize> {
    let touched = ids(
        conn,
        "SELECT DISTINCT s.event_id FROM event_sources s JOIN events e ON e.id = s.event_id
         WHERE s.document_id = ?1 AND e.review_status = 'unreviewed'",
        doc,
    )?;
    let mut removed = 0;
    for ev in touched {
        conn.prepare_cached("DELETE FROM event_sources WHERE event_id = ?1 AND document_id = ?2")?
            .execute(params![ev, doc])?;
        removed += conn
            .prepare_cached(
                "DELETE FROM events WHERE id = ?1
                 AND NOT EXISTS (SELECT 1 FROM event_sources WHERE event_id = ?1)",
            )?
            .execute([ev])?;
    }
    for sql in [
        "DELETE FROM quotes WHERE document_id = ?1",
        "DELETE FROM mentions WHERE document_id = ?1",
        "DELETE FROM roles WHERE document_id = ?1",
        "DELETE FROM document_entities WHERE document_id = ?1",
    ] {
        conn.prepare_cached(sql)?.execute([doc])?;
    }
    Ok(removed)
}

/// Deletes those of `ids` that nothing refers to any more.
fn delete_orphans(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "DELETE FROM entities WHERE id = ?1
         AND NOT EXISTS (SELECT 1 FROM document_entities WHERE entity_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM roles WHERE entity_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM event_actors WHERE entity_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM events WHERE location_id = ?1 OR name_entity_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_id = ?1)
         AND NOT EXISTS (SELECT 1 FROM event_sources WHERE attribution_entity = ?1)",
    )?;
    for id in ids {
        stmt.execute([id])?;
    }
    Ok(())
}

/// A source of a reviewed event that the document keeps.
struct Kept {
    kind: String,
    start: Option<i64>,
    end: Option<i64>,
    record_id: String,
    taken: bool,
}

/// The new records less the events a kept source of a reviewed event
/// stands for; record ids a kept source already uses get a suffix.
fn without_reviewed(
    conn: &Connection,
    doc: i64,
    rec: &Records,
) -> rusqlite::Result<(Records, usize)> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.type, s.evidence_start, s.evidence_end, s.record_event_id
         FROM event_sources s JOIN events e ON e.id = s.event_id
         WHERE s.document_id = ?1 AND e.review_status != 'unreviewed'",
    )?;
    let mut kept: Vec<Kept> = stmt
        .query_map([doc], |r| {
            Ok(Kept {
                kind: r.get(0)?,
                start: r.get(1)?,
                end: r.get(2)?,
                record_id: r.get(3)?,
                taken: false,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    if kept.is_empty() {
        return Ok((rec.clone(), 0));
    }
    let mut out = rec.clone();
    out.events.clear();
    let mut skipped = 0;
    for ev in &rec.events {
        let start = ev.evidence.iter().map(|e| e.start as i64).min();
        let end = ev.evidence.iter().map(|e| e.end as i64).max();
        let same =
            |k: &Kept| !k.taken && k.kind == ev.kind.as_str() && k.start == start && k.end == end;
        // The one with the same record id first, else any.
        let hit = kept
            .iter()
            .position(|k| same(k) && k.record_id == ev.id)
            .or_else(|| kept.iter().position(same));
        if let Some(i) = hit {
            kept[i].taken = true;
            skipped += 1;
            continue;
        }
        let mut ev = ev.clone();
        while kept.iter().any(|k| k.record_id == ev.id) {
            ev.id.push_str("-r");
        }
        out.events.push(ev);
    }
    Ok((out, skipped))
}

impl SqliteStore {
    /// The ids of the stored documents, in the order they were stored.
    pub fn document_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare("SELECT id FROM documents ORDER BY id"),
        )?;
        db(
            &self.path,
            stmt.query_map([], |r| r.get::<_, i64>(0))
                .and_then(|rows| rows.collect()),
        )
    }

    /// A stored document's text and metadata; `None` when there is none
    /// with that id.
    pub fn stored_document(&self, id: i64) -> Result<Option<StoredDocument>> {
        db(
            &self.path,
            self.conn
                .prepare_cached(
                    "SELECT id, record_id, title, url, outlet, published, text
                     FROM documents WHERE id = ?1",
                )
                .and_then(|mut stmt| {
                    stmt.query_row([id], |r| {
                        Ok(StoredDocument {
                            id: r.get(0)?,
                            record_id: r.get(1)?,
                            title: r.get(2)?,
                            url: r.get(3)?,
                            outlet: r.get(4)?,
                            published: r.get(5)?,
                            text: r.get(6)?,
                        })
                    })
                    .optional()
                }),
        )
    }

    /// The stored document whose records id is `record_id` (the id the
    /// search index gives), the first stored when there are several.
    pub fn document_by_record_id(&self, record_id: &str) -> Result<Option<DocumentHit>> {
        db(
            &self.path,
            self.conn
                .prepare_cached(
                    "SELECT id, title, url, published FROM documents
                     WHERE record_id = ?1 ORDER BY id LIMIT 1",
                )
                .and_then(|mut stmt| {
                    stmt.query_row([record_id], |r| {
                        Ok(DocumentHit {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            url: r.get(2)?,
                            published: r.get(3)?,
                            snippet: String::new(),
                        })
                    })
                    .optional()
                }),
        )
    }

    /// Replaces what each document (by id) contributed with new records,
    /// all in one transaction (see the module doc). A missing document is
    /// [`StoreError::Invalid`], and nothing is changed.
    pub fn replace_records(&mut self, docs: &[(i64, Records)]) -> Result<Vec<Reextracted>> {
        self.writable()?;
        let path = self.path.clone();
        let tx = db(&path, self.conn.transaction())?;
        let mut out = Vec::with_capacity(docs.len());
        for (doc, rec) in docs {
            let doc = *doc;
            let row: Option<(Option<String>, Option<String>)> = db(
                &path,
                tx.prepare_cached("SELECT text, published FROM documents WHERE id = ?1")
                    .and_then(|mut s| {
                        s.query_row([doc], |r| Ok((r.get(0)?, r.get(1)?)))
                            .optional()
                    }),
            )?;
            let Some((text, published)) = row else {
                return Err(StoreError::Invalid(format!("no document with id {doc}")));
            };
            let old_entities = db(
                &path,
                ids(
                    &tx,
                    "SELECT entity_id FROM document_entities WHERE document_id = ?1
                     UNION SELECT entity_id FROM mentions WHERE document_id = ?1",
                    doc,
                ),
            )?;
            // The document's entities a reviewer merged or split.
            let pinned: HashMap<String, i64> = {
                let mut stmt = db(
                    &path,
                    tx.prepare_cached(
                        "SELECT d.kind, d.name, d.entity_id FROM document_entities d
                         WHERE d.document_id = ?1 AND EXISTS
                           (SELECT 1 FROM audit a WHERE a.table_name = 'entities' AND a.row_id = d.entity_id)",
                    ),
                )?;
                let rows = db(
                    &path,
                    stmt.query_map([doc], |r| {
                        Ok((
                            pin_key(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?),
                            r.get::<_, i64>(2)?,
                        ))
                    })
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
                )?;
                rows.into_iter().collect()
            };
            let events_removed = db(&path, remove_contributions(&tx, doc))?;
            let (fresh, events_reviewed) = db(&path, without_reviewed(&tx, doc, rec))?;
            let stats = insert_records(
                &tx,
                &path,
                doc,
                text.as_deref(),
                published.as_deref(),
                &fresh,
                &pinned,
            )?;
            let mut stripped = rec.clone();
            stripped.document.text = None;
            let records_json = serde_json::to_string(&stripped)?;
            db(
                &path,
                tx.execute(
                    "UPDATE documents SET records_json = ?2 WHERE id = ?1",
                    params![doc, records_json],
                ),
            )?;
            db(&path, delete_orphans(&tx, &old_entities))?;
            out.push(Reextracted {
                stats,
                events_removed,
                events_reviewed,
            });
        }
        db(&path, tx.commit())?;
        Ok(out)
    }
}
