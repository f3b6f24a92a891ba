//! The store's read structs as JSON values.

use chronicle_store::listing::{DocQuote, DocumentRow, Highlight, MeetingEdge};
use chronicle_store::review::AuditRow;
use chronicle_store::{ActorRef, EntityRow, EventSource, EventSummary, QuoteRow, RoleRow};
use serde_json::{json, Value};

pub fn actor(a: &ActorRef) -> Value {
    json!({ "id": a.id, "kind": a.kind, "name": a.name, "country": a.country })
}

pub fn event(e: &EventSummary) -> Value {
    json!({
        "id": e.id,
        "type": e.kind.as_str(),
        "status": e.status,
        "date_start": e.date_start,
        "date_end": e.date_end,
        "granularity": e.granularity,
        "sort_date": e.sort_date,
        "location": e.location.as_ref().map(actor),
        "source": e.source.iter().map(actor).collect::<Vec<_>>(),
        "target": e.target.iter().map(actor).collect::<Vec<_>>(),
        "participants": e.participants.iter().map(actor).collect::<Vec<_>>(),
        "aid": e.aid.as_ref().map(|a| json!({
            "kind": a.kind, "cumulative": a.cumulative, "currency": a.currency,
            "value": a.value, "min": a.min, "max": a.max,
            "value_eur": a.value_eur, "value_usd": a.value_usd, "items": a.items,
        })),
        "source_count": e.source_count,
        "review_status": e.review_status,
        "reviewed": e.review_status != "unreviewed",
    })
}

pub fn events(es: &[EventSummary]) -> Value {
    Value::Array(es.iter().map(event).collect())
}

pub fn source(s: &EventSource) -> Value {
    json!({
        "document_id": s.document_id,
        "title": s.title,
        "url": s.url,
        "outlet": s.outlet,
        "published": s.published,
        "record_event_id": s.record_event_id,
        "status": s.status,
        "evidence_start": s.evidence_start,
        "evidence_end": s.evidence_end,
        "evidence_text": s.evidence_text,
        "attribution": s.attribution,
    })
}

pub fn entity(e: &EntityRow) -> Value {
    json!({
        "id": e.id, "kind": e.kind, "name": e.name, "country": e.country,
        "mentions": e.mentions, "documents": e.documents,
    })
}

pub fn quote(q: &QuoteRow) -> Value {
    json!({
        "id": q.id,
        "document_id": q.document_id,
        "speaker": q.speaker.as_ref().map(actor),
        "speaker_text": q.speaker_text,
        "text": q.text,
        "direct": q.direct,
        "cue": q.cue,
        "channel": q.channel,
        "date": q.date,
        "title": q.title,
    })
}

pub fn role(r: &RoleRow) -> Value {
    json!({
        "title": r.title, "of": r.of, "qualifier": r.qualifier,
        "document_id": r.document_id, "published": r.published,
    })
}

pub fn audit(a: &AuditRow) -> Value {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|t| serde_json::from_str::<Value>(t).ok())
            .unwrap_or(Value::Null)
    };
    json!({
        "id": a.id, "at": a.at, "actor": a.actor, "action": a.action,
        "table": a.table_name, "row_id": a.row_id,
        "before": parse(&a.before), "after": parse(&a.after), "note": a.note,
    })
}

pub fn edge(e: &MeetingEdge) -> Value {
    json!({ "a": e.a, "a_name": e.a_name, "b": e.b, "b_name": e.b_name, "events": e.events })
}

/// UTF-8 byte offset → UTF-16 code unit offset (what JavaScript strings
/// index by), for offsets on character boundaries.
pub struct Utf16Map {
    /// (byte offset, utf-16 offset) of every character start, plus the end.
    starts: Vec<(usize, usize)>,
}

impl Utf16Map {
    pub fn new(text: &str) -> Utf16Map {
        let mut starts = Vec::with_capacity(text.len() + 1);
        let mut u = 0;
        for (b, c) in text.char_indices() {
            starts.push((b, u));
            u += c.len_utf16();
        }
        starts.push((text.len(), u));
        Utf16Map { starts }
    }

    pub fn get(&self, byte: usize) -> Option<usize> {
        self.starts
            .binary_search_by_key(&byte, |&(b, _)| b)
            .ok()
            .map(|i| self.starts[i].1)
    }
}

/// A document with its text and highlights (offsets in UTF-16 code units;
/// spans off the text or off character boundaries are dropped).
pub fn document(d: &DocumentRow, highlights: &[Highlight], quotes: &[DocQuote]) -> Value {
    let map = Utf16Map::new(&d.text);
    let hs: Vec<Value> = highlights
        .iter()
        .filter(|h| h.start < h.end)
        .filter_map(|h| {
            let s = map.get(h.start)?;
            let e = map.get(h.end)?;
            Some(json!({
                "kind": h.kind, "start": s, "end": e, "target": h.target,
                "label": h.label, "detail": h.detail,
            }))
        })
        .collect();
    let qs: Vec<Value> = quotes
        .iter()
        .map(|q| {
            json!({
                "id": q.id, "speaker_id": q.speaker_id, "speaker": q.speaker,
                "text": q.text, "direct": q.direct,
            })
        })
        .collect();
    json!({
        "id": d.id,
        "title": d.title,
        "url": d.url,
        "outlet": d.outlet,
        "published": d.published,
        "text": d.text,
        "highlights": hs,
        "quotes": qs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let m = Utf16Map::new("a€😀b");
        assert_eq!(m.get(0), Some(0));
        assert_eq!(m.get(1), Some(1));
        assert_eq!(m.get(4), Some(2));
        assert_eq!(m.get(8), Some(4));
        assert_eq!(m.get(9), Some(5));
        assert_eq!(m.get(2), None);
    }
}
