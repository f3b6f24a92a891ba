//! Review writes: confirming, rejecting and editing events, merging and
//! splitting events and entities. Each is one transaction that also writes
//! an `audit` row (who, when, the record before and after).
//!
//! Reviewed records survive later ingests and re-extraction: a document
//! already stored is skipped, and the fields of an event a reviewer
//! confirmed, rejected or edited are guarded by a trigger
//! (`events_review_guard`, schema version 4) that makes the merging of
//! later documents leave them as the reviewer saw or set them (new sources
//! are still attached). The writes here change the review status in the
//! same statement or step out of it first, so the guard lets them through.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde_json::{json, Value};

use crate::error::{Result, StoreError};
use crate::SqliteStore;

/// A review decision on an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Confirm,
    Reject,
    /// Back to unreviewed.
    Reset,
}

impl Decision {
    pub fn parse(s: &str) -> Option<Decision> {
        match s.trim().to_ascii_lowercase().as_str() {
            "confirm" | "confirmed" => Some(Decision::Confirm),
            "reject" | "rejected" => Some(Decision::Reject),
            "reset" | "unreviewed" => Some(Decision::Reset),
            _ => None,
        }
    }
}

/// The fields of an event a reviewer may edit; `None` leaves a field as it
/// is, `Some(None)` clears it (where it may be empty).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventEdit {
    pub kind: Option<String>,
    pub status: Option<String>,
    pub date_start: Option<Option<String>>,
    pub date_end: Option<Option<String>>,
    pub aid_kind: Option<Option<String>>,
    pub value_eur: Option<Option<f64>>,
    pub value_usd: Option<Option<f64>>,
}

/// One line of the audit trail.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub table_name: String,
    pub row_id: i64,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

const EVENT_TYPES: &[&str] = &[
    "VISIT",
    "MEET",
    "CALL",
    "AID_PLEDGE",
    "AID_DELIVERY",
    "AGREEMENT",
    "GATHERING",
];
const STATUSES: &[&str] = &["asserted", "negated", "planned", "expected", "hypothetical"];
const AID_KINDS: &[&str] = &["military", "financial", "humanitarian", "unspecified"];

fn db<T>(path: &str, r: rusqlite::Result<T>) -> Result<T> {
    r.map_err(|e| StoreError::from_sqlite(path, e))
}

fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

fn event_snapshot(conn: &Connection, id: i64) -> rusqlite::Result<Option<Value>> {
    let row = conn
        .query_row(
            "SELECT type, status, date_start, date_end, sort_date, aid_kind, currency, value,
                    value_eur, value_usd, reviewed, review_status, location_id
             FROM events WHERE id = ?1",
            [id],
            |r| {
                Ok(json!({
                    "type": r.get::<_, String>(0)?,
                    "status": r.get::<_, String>(1)?,
                    "date_start": r.get::<_, Option<String>>(2)?,
                    "date_end": r.get::<_, Option<String>>(3)?,
                    "sort_date": r.get::<_, Option<String>>(4)?,
                    "aid_kind": r.get::<_, Option<String>>(5)?,
                    "currency": r.get::<_, Option<String>>(6)?,
                    "value": r.get::<_, Option<f64>>(7)?,
                    "value_eur": r.get::<_, Option<f64>>(8)?,
                    "value_usd": r.get::<_, Option<f64>>(9)?,
                    "reviewed": r.get::<_, i64>(10)? != 0,
                    "review_status": r.get::<_, String>(11)?,
                    "location_id": r.get::<_, Option<i64>>(12)?,
                }))
            },
        )
        .optional()?;
    let Some(mut v) = row else { return Ok(None) };
    let mut stmt = conn.prepare_cached(
        "SELECT role, entity_id FROM event_actors WHERE event_id = ?1 ORDER BY role, entity_id",
    )?;
    let actors = stmt
        .query_map([id], |r| {
            Ok(json!([r.get::<_, String>(0)?, r.get::<_, i64>(1)?]))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt =
        conn.prepare_cached("SELECT id FROM event_sources WHERE event_id = ?1 ORDER BY id")?;
    let sources = stmt
        .query_map([id], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    v["actors"] = json!(actors);
    v["sources"] = json!(sources);
    Ok(Some(v))
}

fn entity_snapshot(conn: &Connection, id: i64) -> rusqlite::Result<Option<Value>> {
    conn.query_row(
        "SELECT kind, name, country, key, given,
                (SELECT COUNT(*) FROM mentions WHERE entity_id = ?1),
                (SELECT COUNT(*) FROM event_actors WHERE entity_id = ?1)
         FROM entities WHERE id = ?1",
        [id],
        |r| {
            Ok(json!({
                "kind": r.get::<_, String>(0)?,
                "name": r.get::<_, String>(1)?,
                "country": r.get::<_, Option<String>>(2)?,
                "key": r.get::<_, String>(3)?,
                "given": r.get::<_, Option<String>>(4)?,
                "mentions": r.get::<_, i64>(5)?,
                "event_roles": r.get::<_, i64>(6)?,
            }))
        },
    )
    .optional()
}

#[allow(clippy::too_many_arguments)]
fn audit(
    tx: &Transaction<'_>,
    who: &str,
    action: &str,
    table: &str,
    row: i64,
    before: Option<&Value>,
    after: Option<&Value>,
    note: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO audit (actor, action, table_name, row_id, before_json, after_json, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            who,
            action,
            table,
            row,
            before.map(Value::to_string),
            after.map(Value::to_string),
            note
        ],
    )?;
    Ok(())
}

/// The columns of a table other than `id`.
/// How many rows of `table` tie `owner_col = id` to `document_id`, and
/// how many to other documents (what a split by document would move and
/// leave).
fn document_share(
    conn: &Connection,
    table: &str,
    owner_col: &str,
    id: i64,
    document_id: i64,
) -> rusqlite::Result<(i64, i64)> {
    conn.query_row(
        &format!(
            "SELECT COALESCE(SUM(document_id = ?2), 0), COALESCE(SUM(document_id != ?2), 0)
             FROM {table} WHERE {owner_col} = ?1"
        ),
        params![id, document_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

fn columns_but_id(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let cols = stmt
        .query_map([], |r| r.get::<_, String>(1))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(cols.into_iter().filter(|c| c != "id").collect())
}

/// The `SET` assignments of an edit (placeholders from ?2 on; ?1 is the
/// event's id) and their values, each value checked.
fn edit_assignments(edit: &EventEdit) -> Result<(Vec<String>, Vec<rusqlite::types::Value>)> {
    let mut sets: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut set = |col: &str, v: rusqlite::types::Value| {
        args.push(v);
        // ?1 is the event's id.
        sets.push(format!("{col} = ?{}", args.len() + 1));
    };
    if let Some(k) = &edit.kind {
        let k = k.trim().to_ascii_uppercase();
        if !EVENT_TYPES.contains(&k.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown event type {k:?} (one of {})",
                EVENT_TYPES.join(", ")
            )));
        }
        set("type", k.into());
    }
    if let Some(s) = &edit.status {
        let s = s.trim().to_ascii_lowercase();
        if !STATUSES.contains(&s.as_str()) {
            return Err(StoreError::Invalid(format!(
                "unknown status {s:?} (one of {})",
                STATUSES.join(", ")
            )));
        }
        set("status", s.into());
    }
    for (col, v) in [
        ("date_start", &edit.date_start),
        ("date_end", &edit.date_end),
    ] {
        if let Some(v) = v {
            let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty());
            if let Some(d) = v {
                if !valid_date(d) {
                    return Err(StoreError::Invalid(format!(
                        "{col}: {d:?} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                    )));
                }
            }
            set(col, v.map(str::to_string).into());
            if col == "date_start" {
                if let Some(d) = v {
                    set("sort_date", d.to_string().into());
                    let g = match d.len() {
                        4 => "year",
                        7 => "month",
                        _ => "day",
                    };
                    set("granularity", g.to_string().into());
                }
            }
        }
    }
    if let Some(k) = &edit.aid_kind {
        let k = k.as_deref().map(|s| s.trim().to_ascii_lowercase());
        if let Some(k) = k.as_deref().filter(|k| !k.is_empty()) {
            if !AID_KINDS.contains(&k) {
                return Err(StoreError::Invalid(format!(
                    "unknown aid kind {k:?} (one of {})",
                    AID_KINDS.join(", ")
                )));
            }
        }
        set("aid_kind", k.filter(|k| !k.is_empty()).into());
    }
    for (col, v) in [("value_eur", edit.value_eur), ("value_usd", edit.value_usd)] {
        if let Some(v) = v {
            if v.is_some_and(|x| !x.is_finite() || x < 0.0) {
                return Err(StoreError::Invalid(format!(
                    "{col} must be a non-negative number"
                )));
            }
            set(col, v.into());
        }
    }
    if sets.is_empty() {
        return Err(StoreError::Invalid("nothing to edit".into()));
    }
    Ok((sets, args))
}

/// One review write in progress: its transaction, the file's path (for
/// error messages) and the reviewer. Each step maps SQLite errors the
/// store's way; [`Review::record`] writes one changed row's audit line.
struct Review<'a> {
    tx: Transaction<'a>,
    path: String,
    who: String,
}

impl Review<'_> {
    fn run<T>(&self, r: rusqlite::Result<T>) -> Result<T> {
        db(&self.path, r)
    }

    fn execute(&self, sql: &str, params: impl rusqlite::Params) -> Result<usize> {
        self.run(self.tx.execute(sql, params))
    }

    fn batch(&self, sql: &str) -> Result<()> {
        self.run(self.tx.execute_batch(sql))
    }

    fn event(&self, id: i64) -> Result<Option<Value>> {
        self.run(event_snapshot(&self.tx, id))
    }

    fn entity(&self, id: i64) -> Result<Option<Value>> {
        self.run(entity_snapshot(&self.tx, id))
    }

    /// The rows of `table` tying `owner_col = id` to `document_id`, and to
    /// other documents ([`document_share`]).
    fn share(&self, table: &str, owner_col: &str, id: i64, document_id: i64) -> Result<(i64, i64)> {
        self.run(document_share(&self.tx, table, owner_col, id, document_id))
    }

    /// The audit line of one row: `before` and `after` its snapshots
    /// (`None`: the row did not exist before, or no longer does).
    fn record(
        &self,
        action: &str,
        table: &str,
        row: i64,
        before: Option<&Value>,
        after: Option<&Value>,
        note: Option<&str>,
    ) -> Result<()> {
        self.run(audit(
            &self.tx, &self.who, action, table, row, before, after, note,
        ))
    }

    /// The audit lines of the two rows a merge or a split changes, with
    /// one note: each `(row, before, after)`.
    fn record_two(
        &self,
        action: &str,
        table: &str,
        rows: [(i64, Option<&Value>, Option<&Value>); 2],
        note: &str,
    ) -> Result<()> {
        for (row, before, after) in rows {
            self.record(action, table, row, before, after, Some(note))?;
        }
        Ok(())
    }

    fn commit(self) -> Result<()> {
        db(&self.path, self.tx.commit())
    }
}

impl SqliteStore {
    fn begin_review(&mut self, who: &str) -> Result<Review<'_>> {
        self.writable()?;
        let path = self.path.clone();
        let tx = db(&path, self.conn.transaction())?;
        Ok(Review {
            tx,
            path,
            who: who.to_string(),
        })
    }

    fn not_found(what: &str, id: i64) -> StoreError {
        StoreError::Invalid(format!("no {what} with id {id}"))
    }

    /// Confirms, rejects or resets an event. Returns `false` when there is
    /// no such event.
    pub fn review_event(&mut self, id: i64, decision: Decision, who: &str) -> Result<bool> {
        let r = self.begin_review(who)?;
        let Some(before) = r.event(id)? else {
            return Ok(false);
        };
        let (reviewed, status, action) = match decision {
            Decision::Confirm => (1, "confirmed", "confirm"),
            Decision::Reject => (1, "rejected", "reject"),
            Decision::Reset => (0, "unreviewed", "reset"),
        };
        r.execute(
            "UPDATE events SET reviewed = ?2, review_status = ?3 WHERE id = ?1",
            params![id, reviewed, status],
        )?;
        let after = r.event(id)?;
        r.record(action, "events", id, Some(&before), after.as_ref(), None)?;
        r.commit()?;
        Ok(true)
    }

    /// Edits an event's fields; it becomes reviewed with status `edited`.
    /// Returns `false` when there is no such event; a bad value is
    /// [`StoreError::Invalid`].
    pub fn edit_event(&mut self, id: i64, edit: &EventEdit, who: &str) -> Result<bool> {
        let (sets, args) = edit_assignments(edit)?;
        let r = self.begin_review(who)?;
        let Some(before) = r.event(id)? else {
            return Ok(false);
        };
        // Out of `edited` first, so that the guard lets this edit through.
        r.execute(
            "UPDATE events SET review_status = 'unreviewed' WHERE id = ?1",
            [id],
        )?;
        let mut all: Vec<rusqlite::types::Value> = vec![id.into()];
        all.extend(args);
        r.execute(
            &format!(
                "UPDATE events SET {}, reviewed = 1, review_status = 'edited' WHERE id = ?1",
                sets.join(", ")
            ),
            rusqlite::params_from_iter(all),
        )?;
        let after = r.event(id)?;
        r.record("edit", "events", id, Some(&before), after.as_ref(), None)?;
        r.commit()?;
        Ok(true)
    }

    /// Merges event `other` into event `keep`: its sources and actors move
    /// over, `other` is deleted, `keep` becomes reviewed (`edited`).
    pub fn merge_events(&mut self, keep: i64, other: i64, who: &str) -> Result<()> {
        if keep == other {
            return Err(StoreError::Invalid(
                "cannot merge an event with itself".into(),
            ));
        }
        let r = self.begin_review(who)?;
        let before_keep = r
            .event(keep)?
            .ok_or_else(|| Self::not_found("event", keep))?;
        let before_other = r
            .event(other)?
            .ok_or_else(|| Self::not_found("event", other))?;
        r.batch(&format!(
            "UPDATE event_sources SET event_id = {keep} WHERE event_id = {other};
             UPDATE OR IGNORE event_actors SET event_id = {keep} WHERE event_id = {other};
             DELETE FROM event_actors WHERE event_id = {other};
             DELETE FROM events WHERE id = {other};
             UPDATE events SET review_status = 'unreviewed' WHERE id = {keep};
             UPDATE events SET reviewed = 1, review_status = 'edited' WHERE id = {keep};"
        ))?;
        let after = r.event(keep)?;
        let note = format!("event {other} merged into {keep}");
        r.record_two(
            "merge",
            "events",
            [
                (keep, Some(&before_keep), after.as_ref()),
                (other, Some(&before_other), None),
            ],
            &note,
        )?;
        r.commit()
    }

    /// Splits off the sources of one document from an event into a new
    /// event with the same fields and actors; returns the new event's id.
    pub fn split_event(&mut self, id: i64, document_id: i64, who: &str) -> Result<i64> {
        let r = self.begin_review(who)?;
        let before = r.event(id)?.ok_or_else(|| Self::not_found("event", id))?;
        let (mine, others) = r.share("event_sources", "event_id", id, document_id)?;
        if mine == 0 {
            return Err(StoreError::Invalid(format!(
                "event {id} has no source in document {document_id}"
            )));
        }
        if others == 0 {
            return Err(StoreError::Invalid(format!(
                "event {id} has sources in document {document_id} only: nothing to split"
            )));
        }
        let cols = r.run(columns_but_id(&r.tx, "events"))?.join(", ");
        r.execute(
            &format!("INSERT INTO events ({cols}) SELECT {cols} FROM events WHERE id = ?1"),
            [id],
        )?;
        let new = r.tx.last_insert_rowid();
        r.batch(&format!(
            "INSERT INTO event_actors (event_id, entity_id, role)
                 SELECT {new}, entity_id, role FROM event_actors WHERE event_id = {id};
             UPDATE event_sources SET event_id = {new} WHERE event_id = {id} AND document_id = {document_id};
             UPDATE events SET review_status = 'unreviewed' WHERE id IN ({id}, {new});
             UPDATE events SET reviewed = 1, review_status = 'edited' WHERE id IN ({id}, {new});"
        ))?;
        let after = r.event(id)?;
        let after_new = r.event(new)?;
        let note = format!("sources of document {document_id} split from event {id} into {new}");
        r.record_two(
            "split",
            "events",
            [
                (id, Some(&before), after.as_ref()),
                (new, None, after_new.as_ref()),
            ],
            &note,
        )?;
        r.commit()?;
        Ok(new)
    }

    /// Merges entity `other` into entity `keep`: every mention, role,
    /// quote, event role and alias moves over and `other` is deleted.
    pub fn merge_entities(&mut self, keep: i64, other: i64, who: &str) -> Result<()> {
        if keep == other {
            return Err(StoreError::Invalid(
                "cannot merge an entity with itself".into(),
            ));
        }
        let r = self.begin_review(who)?;
        let before_keep = r
            .entity(keep)?
            .ok_or_else(|| Self::not_found("entity", keep))?;
        let before_other = r
            .entity(other)?
            .ok_or_else(|| Self::not_found("entity", other))?;
        r.batch(&format!(
            "UPDATE document_entities SET entity_id = {keep} WHERE entity_id = {other};
             UPDATE mentions SET entity_id = {keep} WHERE entity_id = {other};
             UPDATE roles SET entity_id = {keep} WHERE entity_id = {other};
             UPDATE quotes SET speaker_id = {keep} WHERE speaker_id = {other};
             UPDATE event_sources SET attribution_entity = {keep} WHERE attribution_entity = {other};
             UPDATE events SET location_id = {keep} WHERE location_id = {other};
             UPDATE events SET name_entity_id = {keep} WHERE name_entity_id = {other};
             UPDATE OR IGNORE event_actors SET entity_id = {keep} WHERE entity_id = {other};
             DELETE FROM event_actors WHERE entity_id = {other};
             UPDATE OR IGNORE entity_aliases SET entity_id = {keep} WHERE entity_id = {other};
             DELETE FROM entity_aliases WHERE entity_id = {other};
             DELETE FROM entities WHERE id = {other};"
        ))?;
        let after = r.entity(keep)?;
        let note = format!("entity {other} merged into {keep}");
        r.record_two(
            "merge",
            "entities",
            [
                (keep, Some(&before_keep), after.as_ref()),
                (other, Some(&before_other), None),
            ],
            &note,
        )?;
        r.commit()
    }

    /// Splits off what one document says of an entity (its mentions,
    /// roles and quotes there, and its roles in events only that document
    /// reports) into a new entity with the same name; returns its id.
    pub fn split_entity(&mut self, id: i64, document_id: i64, who: &str) -> Result<i64> {
        let r = self.begin_review(who)?;
        let before = r.entity(id)?.ok_or_else(|| Self::not_found("entity", id))?;
        let (mine, others) = r.share("document_entities", "entity_id", id, document_id)?;
        if mine == 0 {
            return Err(StoreError::Invalid(format!(
                "entity {id} is not in document {document_id}"
            )));
        }
        if others == 0 {
            return Err(StoreError::Invalid(format!(
                "entity {id} is in document {document_id} only: nothing to split"
            )));
        }
        r.execute(
            "INSERT INTO entities (kind, name, country, key, given)
             SELECT kind, name, country, key, given FROM entities WHERE id = ?1",
            [id],
        )?;
        let new = r.tx.last_insert_rowid();
        let d = document_id;
        r.batch(&format!(
            "UPDATE document_entities SET entity_id = {new} WHERE entity_id = {id} AND document_id = {d};
             UPDATE mentions SET entity_id = {new} WHERE entity_id = {id} AND document_id = {d};
             UPDATE roles SET entity_id = {new} WHERE entity_id = {id} AND document_id = {d};
             UPDATE quotes SET speaker_id = {new} WHERE speaker_id = {id} AND document_id = {d};
             UPDATE event_sources SET attribution_entity = {new}
                 WHERE attribution_entity = {id} AND document_id = {d};
             UPDATE event_actors SET entity_id = {new} WHERE entity_id = {id} AND event_id IN
                 (SELECT event_id FROM event_sources GROUP BY event_id
                  HAVING SUM(document_id = {d}) > 0 AND SUM(document_id != {d}) = 0);
             UPDATE events SET location_id = {new} WHERE location_id = {id} AND id IN
                 (SELECT event_id FROM event_sources GROUP BY event_id
                  HAVING SUM(document_id = {d}) > 0 AND SUM(document_id != {d}) = 0);"
        ))?;
        let after = r.entity(id)?;
        let after_new = r.entity(new)?;
        let note = format!("document {d}'s mentions split from entity {id} into {new}");
        r.record_two(
            "split",
            "entities",
            [
                (id, Some(&before), after.as_ref()),
                (new, None, after_new.as_ref()),
            ],
            &note,
        )?;
        r.commit()?;
        Ok(new)
    }

    /// The audit trail of one row (`table` "events" or "entities"), or the
    /// latest changes of all when `row` is `None`; newest first.
    pub fn audit_trail(
        &self,
        table: Option<&str>,
        row: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRow>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare_cached(
                "SELECT id, at, actor, action, table_name, row_id, before_json, after_json, note
                 FROM audit WHERE (?1 IS NULL OR table_name = ?1) AND (?2 IS NULL OR row_id = ?2)
                 ORDER BY id DESC LIMIT ?3",
            ),
        )?;
        db(
            &self.path,
            stmt.query_map(params![table, row, limit as i64], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    table_name: r.get(4)?,
                    row_id: r.get(5)?,
                    before: r.get(6)?,
                    after: r.get(7)?,
                    note: r.get(8)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )
    }
}
