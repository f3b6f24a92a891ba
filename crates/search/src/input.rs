//! What the caller hands the index: one [`IndexDoc`] per article, built by
//! hand or from records-v1 with [`IndexDoc::from_records`].

use chronicle_records::{Entity, EntityType, Records};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One article and everything extracted from it, ready for indexing.
///
/// The index holds one entry for the article itself, one per quote and one
/// per event; all of them carry `doc_id`, so adding the same `doc_id` again
/// replaces every one of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexDoc {
    /// The document id (records-v1 `document.id`).
    pub doc_id: String,
    /// The headline.
    pub title: Option<String>,
    /// Publication date; events and quotes without a date of their own are
    /// filed under it.
    pub published: Option<NaiveDate>,
    /// Outlet name (records-v1 `document.source`).
    pub outlet: Option<String>,
    /// The article text.
    pub text: String,
    /// Who the article names: entity names, country codes, short names.
    /// Matched by the actor filter for document entries.
    pub actors: Vec<String>,
    /// The document's events, one index entry each.
    pub events: Vec<IndexEvent>,
    /// The document's quotes, one index entry each, in records order.
    pub quotes: Vec<IndexQuote>,
}

/// One event of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexEvent {
    /// The event id within its document ("v1").
    pub id: String,
    /// The records-v1 event type ("AID_PLEDGE").
    pub kind: String,
    /// The records-v1 status ("asserted", "negated", ...).
    pub status: String,
    /// Names and codes of the source, target and participants ("GBR",
    /// "Grant Shapps", "Shapps"); case, accents and dots are folded when
    /// indexed.
    pub actors: Vec<String>,
    /// When the event happened (its time's start); `None` falls back to the
    /// document's publication date.
    pub date: Option<NaiveDate>,
    /// The evidence sentence(s), the searchable text of the event.
    pub evidence: String,
}

/// One quote of a document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IndexQuote {
    /// The quote id within its document ("q1").
    pub id: String,
    /// The speaker's name, or the attributing words when no entity is known.
    pub speaker: Option<String>,
    /// Names and codes of the speaker (name, surname, country).
    pub actors: Vec<String>,
    /// When it was said; `None` falls back to the publication date.
    pub date: Option<NaiveDate>,
    /// The quoted words.
    pub text: String,
}

impl IndexDoc {
    /// Builds the index input from one document's records.
    ///
    /// `text` is the document text the evidence offsets point into; `None`
    /// takes `records.document.text` (absent with `--no-text`, in which case
    /// the article and evidence texts are empty). Entity ids are resolved to
    /// names and codes: every actor contributes its name, its country (the
    /// ISO code of a place or nationality, a person's or organization's
    /// affiliation), the organizations or countries its titles belong to,
    /// acronym mentions ("NATO", "U.K.") and, for persons, the surname.
    pub fn from_records(records: &Records, text: Option<&str>) -> IndexDoc {
        let doc = &records.document;
        let text = text.or(doc.text.as_deref()).unwrap_or("");
        let published = doc.published.as_deref().and_then(parse_date);

        let mut actors = Vec::new();
        for e in &records.entities {
            push_entity_keys(&mut actors, e);
        }

        let events = records
            .events
            .iter()
            .map(|ev| {
                let mut keys = Vec::new();
                for id in ev.source.iter().chain(&ev.target).chain(&ev.participants) {
                    if let Some(e) = records.entity(id) {
                        push_entity_keys(&mut keys, e);
                    }
                }
                let evidence = ev
                    .evidence
                    .iter()
                    .filter_map(|s| text.get(s.start..s.end))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" … ");
                IndexEvent {
                    id: ev.id.clone(),
                    kind: ev.kind.as_str().to_string(),
                    status: ev.status.as_str().to_string(),
                    actors: keys,
                    date: ev
                        .time
                        .as_ref()
                        .and_then(|t| t.start.as_deref())
                        .and_then(parse_date),
                    evidence,
                }
            })
            .collect();

        let quotes = records
            .quotes
            .iter()
            .map(|q| {
                let entity = q.speaker.as_deref().and_then(|id| records.entity(id));
                let mut keys = Vec::new();
                if let Some(e) = entity {
                    push_entity_keys(&mut keys, e);
                }
                let speaker = entity
                    .map(|e| e.name.clone())
                    .or_else(|| q.speaker_text.clone());
                IndexQuote {
                    id: q.id.clone(),
                    speaker,
                    actors: keys,
                    date: q
                        .time
                        .as_ref()
                        .and_then(|t| t.start.as_deref())
                        .and_then(parse_date),
                    text: q.text.clone(),
                }
            })
            .collect();

        IndexDoc {
            doc_id: doc.id.clone(),
            title: doc.title.clone(),
            published,
            outlet: doc.source.clone(),
            text: text.to_string(),
            actors,
            events,
            quotes,
        }
    }
}

/// Parses an ISO date as records-v1 writes them: `2023-09-28`, a datetime
/// starting with one, `2023-09` (the 1st) or `2023` (January 1st).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let day = s.get(..10).unwrap_or(s);
    if let Ok(d) = NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d") {
        return Some(d);
    }
    if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::from_ymd_opt(s.parse().ok()?, 1, 1);
    }
    None
}

/// Adds the names and codes an entity can be found by, without duplicates.
fn push_entity_keys(keys: &mut Vec<String>, e: &Entity) {
    let mut push = |k: &str| {
        let k = k.trim();
        if !k.is_empty() && !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    };
    push(&e.name);
    if let Some(c) = &e.country {
        push(c);
    }
    for r in &e.roles {
        if let Some(of) = &r.of {
            push(of);
        }
    }
    for m in &e.mentions {
        if is_short_name(&m.text) {
            push(&m.text);
        }
    }
    if e.kind == EntityType::PERSON {
        let words: Vec<&str> = e.name.split_whitespace().collect();
        if words.len() > 1 {
            push(words[words.len() - 1]);
        }
    }
}

/// An acronym or short form: "NATO", "EU", "U.K.".
fn is_short_name(s: &str) -> bool {
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2
        && s.chars().count() <= 12
        && s.chars().all(|c| c.is_uppercase() || c == '.' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_records::{
        Document, Event, EventType, Evidence, Granularity, Mention, Plover, Quote, Role, Status,
        Time,
    };

    fn entity(id: &str, kind: EntityType, name: &str, country: Option<&str>) -> Entity {
        Entity {
            id: id.into(),
            kind,
            name: name.into(),
            country: country.map(str::to_string),
            roles: Vec::new(),
            mentions: Vec::new(),
        }
    }

    fn sample() -> Records {
        let text =
            "Britain pledged air defense systems to Ukraine. \"We stand with Kyiv,\" Shapps said.";
        let mut r = Records::new(Document {
            id: "d1".into(),
            title: Some("UK pledges air defense".into()),
            source: Some("Example News".into()),
            url: None,
            published: Some("2023-09-28".into()),
            language: "en".into(),
            text: Some(text.into()),
        });
        let mut gbr = entity("e1", EntityType::GPE, "Britain", Some("GBR"));
        gbr.mentions.push(Mention {
            start: 0,
            end: 7,
            text: "Britain".into(),
        });
        gbr.mentions.push(Mention {
            start: 0,
            end: 4,
            text: "U.K.".into(),
        });
        let ukr = entity("e2", EntityType::GPE, "Ukraine", Some("UKR"));
        let mut shapps = entity("e3", EntityType::PERSON, "Grant Shapps", Some("GBR"));
        shapps.roles.push(Role {
            title: "defense secretary".into(),
            of: Some("GBR".into()),
            qualifier: None,
            start: 0,
            end: 0,
        });
        r.entities = vec![gbr, ukr, shapps];
        r.events.push(Event {
            id: "v1".into(),
            kind: EventType::AID_PLEDGE,
            plover: Plover {
                kind: "AID".into(),
                mode: None,
            },
            cameo: "033".into(),
            source: vec!["e1".into()],
            target: vec!["e2".into()],
            participants: vec![],
            location: None,
            time: None,
            status: Status::Asserted,
            attribution: None,
            aid: None,
            count: None,
            name: None,
            evidence: vec![Evidence { start: 0, end: 47 }],
            confidence: 0.9,
        });
        r.quotes.push(Quote {
            id: "q1".into(),
            text: "We stand with Kyiv,".into(),
            start: 49,
            end: 68,
            direct: true,
            speaker: Some("e3".into()),
            speaker_text: Some("Shapps".into()),
            cue: Some("said".into()),
            channel: None,
            time: Some(Time {
                text: "on Wednesday".into(),
                start: Some("2023-09-27".into()),
                end: Some("2023-09-27".into()),
                granularity: Granularity::Day,
            }),
        });
        r
    }

    #[test]
    fn from_records_resolves_entities_and_evidence() {
        let d = IndexDoc::from_records(&sample(), None);
        assert_eq!(d.doc_id, "d1");
        assert_eq!(d.outlet.as_deref(), Some("Example News"));
        assert_eq!(d.published, NaiveDate::from_ymd_opt(2023, 9, 28));
        let ev = &d.events[0];
        assert_eq!(ev.kind, "AID_PLEDGE");
        assert_eq!(ev.status, "asserted");
        assert_eq!(
            ev.evidence,
            "Britain pledged air defense systems to Ukraine."
        );
        assert_eq!(ev.actors, ["Britain", "GBR", "U.K.", "Ukraine", "UKR"]);
        assert_eq!(ev.date, None);
        let q = &d.quotes[0];
        assert_eq!(q.speaker.as_deref(), Some("Grant Shapps"));
        assert_eq!(q.actors, ["Grant Shapps", "GBR", "Shapps"]);
        assert_eq!(q.date, NaiveDate::from_ymd_opt(2023, 9, 27));
        assert!(d.actors.iter().any(|a| a == "UKR"));
    }

    #[test]
    fn from_records_without_text_has_empty_evidence() {
        let mut r = sample();
        r.document.text = None;
        let d = IndexDoc::from_records(&r, None);
        assert_eq!(d.text, "");
        assert_eq!(d.events[0].evidence, "");
        // Offsets out of range of a supplied text are skipped, not a panic.
        let d = IndexDoc::from_records(&r, Some("short"));
        assert_eq!(d.events[0].evidence, "");
    }

    #[test]
    fn dates_parse_leniently() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("2023-09-28"), d(2023, 9, 28));
        assert_eq!(parse_date("2023-09-28T10:00:00Z"), d(2023, 9, 28));
        assert_eq!(parse_date("2023-09"), d(2023, 9, 1));
        assert_eq!(parse_date("2023"), d(2023, 1, 1));
        assert_eq!(parse_date("last week"), None);
        assert_eq!(parse_date(""), None);
    }
}
