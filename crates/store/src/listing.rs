//! Read queries for the web UI: filtered, paged event lists, one document
//! with its highlights, one entity, the dashboard's aggregates.

use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};

use crate::error::{Result, StoreError};
use std::collections::HashMap;

use crate::sqlite::{actor_ref, entity_row, ENTITY_ROW_COLUMNS};
use crate::{
    ActorRef, Currency, EntityRow, EventSummary, SqliteStore, StoredEvent, STORED_EVENT_COLUMNS,
};

fn db<T>(path: &str, r: rusqlite::Result<T>) -> Result<T> {
    r.map_err(|e| StoreError::from_sqlite(path, e))
}

/// Filters for [`SqliteStore::list_events`]; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Event types (VISIT, MEET, ...); empty: all.
    pub kinds: Vec<String>,
    /// An actor: a canonical entity id, or a name matched case-insensitively
    /// as a substring of an actor's name.
    pub actor: Option<String>,
    /// An ISO3 code: events with an actor or location of that country.
    pub country: Option<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// A review status; without it rejected events are left out.
    pub review_status: Option<String>,
    /// Words that some source's evidence sentence contains.
    pub text: Option<String>,
    /// Newest first (default: oldest first).
    pub newest_first: bool,
    pub limit: usize,
    pub offset: usize,
}

/// A stored document with its text.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRow {
    pub id: i64,
    pub title: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub path: Option<String>,
    pub text: String,
}

/// A highlighted span of a document: an entity mention, an event's
/// evidence or a quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// "mention", "event" or "quote".
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    /// The canonical entity, event or quote id.
    pub target: i64,
    /// Entity name and kind, event type and review status, or speaker.
    pub label: String,
    pub detail: Option<String>,
}

/// A quote with its offsets in its document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocQuote {
    pub id: i64,
    pub speaker_id: Option<i64>,
    pub speaker: Option<String>,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub direct: bool,
}

/// One edge of the who-met-whom network: two entities sharing MEET, CALL
/// or VISIT events.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingEdge {
    pub a: i64,
    pub a_name: String,
    pub b: i64,
    pub b_name: String,
    pub events: usize,
}

/// Aid committed in one month.
#[derive(Debug, Clone, PartialEq)]
pub struct AidMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub pledged: f64,
    pub delivered: f64,
}

impl SqliteStore {
    /// Events matching `filter`, and how many match in all.
    pub fn list_events(&self, f: &EventFilter) -> Result<(Vec<EventSummary>, usize)> {
        let mut args: Vec<Value> = Vec::new();
        let mut sql = String::from(" FROM events e WHERE 1 = 1");
        match &f.review_status {
            Some(s) => {
                args.push(s.clone().into());
                sql.push_str(&format!(" AND e.review_status = ?{}", args.len()));
            }
            None => sql.push_str(" AND e.review_status != 'rejected'"),
        }
        if !f.kinds.is_empty() {
            let mut marks = Vec::new();
            for k in &f.kinds {
                args.push(k.to_ascii_uppercase().into());
                marks.push(format!("?{}", args.len()));
            }
            sql.push_str(&format!(" AND e.type IN ({})", marks.join(", ")));
        }
        if let Some(c) = f.country.as_deref().filter(|c| !c.trim().is_empty()) {
            args.push(c.trim().to_ascii_uppercase().into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (EXISTS (SELECT 1 FROM event_actors a JOIN entities t ON t.id = a.entity_id
                              WHERE a.event_id = e.id AND t.country = ?{n})
                       OR EXISTS (SELECT 1 FROM entities l WHERE l.id = e.location_id AND l.country = ?{n}))"
            ));
        }
        if let Some(a) = f.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
            if let Ok(id) = a.parse::<i64>() {
                args.push(id.into());
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM event_actors a WHERE a.event_id = e.id AND a.entity_id = ?{})",
                    args.len()
                ));
            } else {
                args.push(format!("%{}%", like_escape(a)).into());
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM event_actors a JOIN entities t ON t.id = a.entity_id
                                 WHERE a.event_id = e.id AND (t.name LIKE ?{n} ESCAPE '\\' OR t.country = upper(?{m})))",
                    n = args.len(),
                    m = args.len() + 1
                ));
                args.push(a.to_string().into());
            }
        }
        if let Some(s) = f.since.as_deref().filter(|s| !s.is_empty()) {
            args.push(s.to_string().into());
            sql.push_str(&format!(" AND e.sort_date >= ?{}", args.len()));
        }
        if let Some(u) = f.until.as_deref().filter(|s| !s.is_empty()) {
            args.push(format!("{u}\u{10ffff}").into());
            sql.push_str(&format!(" AND e.sort_date <= ?{}", args.len()));
        }
        if let Some(t) = f.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            for word in t.split_whitespace().take(8) {
                args.push(format!("%{}%", like_escape(word)).into());
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM event_sources s WHERE s.event_id = e.id
                                 AND s.evidence_text LIKE ?{} ESCAPE '\\')",
                    args.len()
                ));
            }
        }
        let total: i64 = db(
            &self.path,
            self.conn.query_row(
                &format!("SELECT COUNT(*){sql}"),
                rusqlite::params_from_iter(args.iter()),
                |r| r.get(0),
            ),
        )?;
        // Undated events last either way (NULL sorts first in SQLite).
        let order = if f.newest_first {
            "e.sort_date DESC, e.id DESC"
        } else {
            "e.sort_date IS NULL, e.sort_date, e.id"
        };
        let page = format!(
            "SELECT e.id{sql} ORDER BY {order} LIMIT {} OFFSET {}",
            f.limit.max(1),
            f.offset
        );
        let mut stmt = db(&self.path, self.conn.prepare(&page))?;
        let ids = db(
            &self.path,
            stmt.query_map(rusqlite::params_from_iter(args.iter()), |r| {
                r.get::<_, i64>(0)
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<i64>>>()),
        )?;
        Ok((self.summaries_of(&ids)?, total as usize))
    }

    /// The summaries of many events in a few queries, in the order of `ids`
    /// (ids not stored are left out).
    pub fn summaries_of(&self, ids: &[i64]) -> Result<Vec<EventSummary>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut stmt = db(
            &self.path,
            self.conn.prepare(&format!(
                "SELECT {STORED_EVENT_COLUMNS}, e.review_status, e.id,
                        (SELECT COUNT(DISTINCT s.document_id) FROM event_sources s WHERE s.event_id = e.id),
                        l.id, l.kind, l.name, l.country
                 FROM events e LEFT JOIN entities l ON l.id = e.location_id
                 WHERE e.id IN ({list})"
            )),
        )?;
        let rows = db(
            &self.path,
            stmt.query_map([], |r| {
                let location = match r.get::<_, Option<i64>>(33)? {
                    Some(_) => Some(actor_ref(r, 33)?),
                    None => None,
                };
                Ok(StoredEvent::from_row_at(r, 0)?.summary(
                    r.get(31)?,
                    r.get(30)?,
                    location,
                    r.get::<_, i64>(32)? as usize,
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )?;
        let mut by_id: HashMap<i64, EventSummary> = rows.into_iter().map(|e| (e.id, e)).collect();
        let mut stmt = db(
            &self.path,
            self.conn.prepare(&format!(
                "SELECT a.event_id, a.role, n.id, n.kind, n.name, n.country FROM event_actors a
                 JOIN entities n ON n.id = a.entity_id WHERE a.event_id IN ({list})
                 ORDER BY a.event_id, n.id"
            )),
        )?;
        let actors = db(
            &self.path,
            stmt.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    ActorRef {
                        id: r.get(2)?,
                        kind: r.get(3)?,
                        name: r.get(4)?,
                        country: r.get(5)?,
                    },
                ))
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )?;
        for (event, role, a) in actors {
            if let Some(e) = by_id.get_mut(&event) {
                match role.as_str() {
                    "source" => e.source.push(a),
                    "target" => e.target.push(a),
                    _ => e.participants.push(a),
                }
            }
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    /// A cheap fingerprint of the store's content: it changes when
    /// documents are added, events added or removed, or a review is made.
    pub fn fingerprint(&self) -> Result<String> {
        db(
            &self.path,
            self.conn.query_row(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM documents) || ':' ||
                        (SELECT COUNT(*) FROM events) || ':' ||
                        (SELECT COALESCE(MAX(id), 0) FROM events) || ':' ||
                        (SELECT COALESCE(MAX(id), 0) FROM audit)",
                [],
                |r| r.get(0),
            ),
        )
    }

    /// One stored document with its text.
    pub fn document(&self, id: i64) -> Result<Option<DocumentRow>> {
        db(
            &self.path,
            self.conn
                .query_row(
                    "SELECT id, title, url, outlet, published, path, COALESCE(text, '')
                     FROM documents WHERE id = ?1",
                    [id],
                    |r| {
                        Ok(DocumentRow {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            url: r.get(2)?,
                            outlet: r.get(3)?,
                            published: r.get(4)?,
                            path: r.get(5)?,
                            text: r.get(6)?,
                        })
                    },
                )
                .optional(),
        )
    }

    /// The spans to highlight in a document: entity mentions, event
    /// evidence sentences, quotes; by start offset.
    pub fn document_highlights(&self, id: i64) -> Result<Vec<Highlight>> {
        // mentions and event evidence: start, end, target, label, detail
        let spans = |kind: &'static str, sql: &str| -> Result<Vec<Highlight>> {
            let mut stmt = db(&self.path, self.conn.prepare_cached(sql))?;
            db(
                &self.path,
                stmt.query_map([id], |r| {
                    Ok(Highlight {
                        kind,
                        start: r.get::<_, i64>(0)? as usize,
                        end: r.get::<_, i64>(1)? as usize,
                        target: r.get(2)?,
                        label: r.get(3)?,
                        detail: r.get(4)?,
                    })
                })
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
            )
        };
        let mut out = spans(
            "mention",
            "SELECT m.start, m.end, m.entity_id, n.name, n.kind FROM mentions m
             JOIN entities n ON n.id = m.entity_id WHERE m.document_id = ?1",
        )?;
        out.extend(spans(
            "event",
            "SELECT s.evidence_start, s.evidence_end, e.id, e.type, e.review_status
             FROM event_sources s JOIN events e ON e.id = s.event_id
             WHERE s.document_id = ?1 AND s.evidence_start IS NOT NULL AND s.evidence_end IS NOT NULL",
        )?);
        for q in self.document_quotes(id)? {
            out.push(Highlight {
                kind: "quote",
                start: q.start,
                end: q.end,
                target: q.id,
                label: q.speaker.unwrap_or_default(),
                detail: q.speaker_id.map(|s| s.to_string()),
            });
        }
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        Ok(out)
    }

    /// The quotes of a document, by offset.
    pub fn document_quotes(&self, id: i64) -> Result<Vec<DocQuote>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare_cached(
                "SELECT q.id, q.speaker_id, COALESCE(n.name, q.speaker_text), q.text, q.start, q.end, q.direct
                 FROM quotes q LEFT JOIN entities n ON n.id = q.speaker_id
                 WHERE q.document_id = ?1 ORDER BY q.start",
            ),
        )?;
        db(
            &self.path,
            stmt.query_map([id], |r| {
                Ok(DocQuote {
                    id: r.get(0)?,
                    speaker_id: r.get(1)?,
                    speaker: r.get(2)?,
                    text: r.get(3)?,
                    start: r.get::<_, i64>(4)? as usize,
                    end: r.get::<_, i64>(5)? as usize,
                    direct: r.get(6)?,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )
    }

    /// The canonical events a document reports.
    pub fn document_events(&self, id: i64) -> Result<Vec<EventSummary>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare_cached(
                "SELECT DISTINCT event_id FROM event_sources WHERE document_id = ?1 ORDER BY event_id",
            ),
        )?;
        let ids = db(
            &self.path,
            stmt.query_map([id], |r| r.get::<_, i64>(0))
                .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )?;
        self.summaries_of(&ids)
    }

    /// One canonical entity with its mention and document counts.
    pub fn entity(&self, id: i64) -> Result<Option<EntityRow>> {
        db(
            &self.path,
            self.conn
                .query_row(
                    &format!("SELECT {ENTITY_ROW_COLUMNS} FROM entities e WHERE e.id = ?1"),
                    [id],
                    entity_row,
                )
                .optional(),
        )
    }

    /// Entities whose name contains `text` (case-insensitive), most
    /// mentioned first.
    pub fn entities_named(&self, text: &str, limit: usize) -> Result<Vec<EntityRow>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare_cached(&format!(
                "SELECT {ENTITY_ROW_COLUMNS}
                 FROM entities e WHERE e.name LIKE ?1 ESCAPE '\\'
                 ORDER BY n DESC, e.id LIMIT ?2"
            )),
        )?;
        db(
            &self.path,
            stmt.query_map(
                params![format!("%{}%", like_escape(text.trim())), limit as i64],
                entity_row,
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )
    }

    /// The pairs of entities that most often share a MEET, CALL or VISIT
    /// event (people, countries and organizations; rejected events left
    /// out), most events first.
    pub fn meeting_network(&self, limit: usize) -> Result<Vec<MeetingEdge>> {
        let mut stmt = db(
            &self.path,
            self.conn.prepare_cached(
                "SELECT a.entity_id, na.name, b.entity_id, nb.name, COUNT(DISTINCT e.id) AS n
                 FROM events e
                 JOIN event_actors a ON a.event_id = e.id
                 JOIN event_actors b ON b.event_id = e.id AND b.entity_id > a.entity_id
                 JOIN entities na ON na.id = a.entity_id
                 JOIN entities nb ON nb.id = b.entity_id
                 WHERE e.type IN ('MEET', 'CALL', 'VISIT') AND e.review_status != 'rejected'
                 GROUP BY a.entity_id, b.entity_id
                 ORDER BY n DESC, a.entity_id, b.entity_id LIMIT ?1",
            ),
        )?;
        db(
            &self.path,
            stmt.query_map([limit as i64], |r| {
                Ok(MeetingEdge {
                    a: r.get(0)?,
                    a_name: r.get(1)?,
                    b: r.get(2)?,
                    b_name: r.get(3)?,
                    events: r.get::<_, i64>(4)? as usize,
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )
    }

    /// Aid pledged and delivered per month (packages only: stated running
    /// totals are not added; rejected, negated and hypothetical events left
    /// out), optionally of one kind.
    pub fn aid_by_month(&self, currency: Currency, kind: Option<&str>) -> Result<Vec<AidMonth>> {
        let v = match currency {
            Currency::EUR => "value_eur",
            Currency::USD => "value_usd",
        };
        let sql = format!(
            "SELECT substr(sort_date, 1, 7) AS m,
                    SUM(CASE WHEN type = 'AID_PLEDGE' THEN {v} ELSE 0 END),
                    SUM(CASE WHEN type = 'AID_DELIVERY' THEN {v} ELSE 0 END)
             FROM events
             WHERE type IN ('AID_PLEDGE', 'AID_DELIVERY') AND {v} IS NOT NULL
               AND COALESCE(cumulative, 0) = 0 AND sort_date IS NOT NULL
               AND status NOT IN ('negated', 'hypothetical') AND review_status != 'rejected'
               AND (?1 IS NULL OR aid_kind = ?1)
             GROUP BY m ORDER BY m"
        );
        let mut stmt = db(&self.path, self.conn.prepare_cached(&sql))?;
        db(
            &self.path,
            stmt.query_map([kind], |r| {
                Ok(AidMonth {
                    month: r.get(0)?,
                    pledged: r.get::<_, Option<f64>>(1)?.unwrap_or(0.0),
                    delivered: r.get::<_, Option<f64>>(2)?.unwrap_or(0.0),
                })
            })
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>()),
        )
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
pub(crate) fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
