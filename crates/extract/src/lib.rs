//! From article text to records-v1: the extraction stage of chronicle.
//!
//! [`Extractor::extract`] runs the NLP [`Pipeline`] over the text, then the
//! extraction steps, each reading what the previous ones found:
//!
//! 1. [`entities`]: mentions grouped into entities, with roles and countries;
//! 2. [`times`] and [`money`]: time expressions and amounts;
//! 3. [`quotes`]: direct quotes and reported speech, with speakers;
//! 4. [`events`]: visits, meetings, calls, aid, agreements and gatherings.
//!
//! Nothing here knows any particular article: everything rests on the
//! lexicons, the linguistic layers and general patterns of news English.

mod ctx;
pub mod entities;
pub mod events;
pub mod money;
pub mod predicates;
pub mod quotes;
pub mod syntax;
pub mod times;

use chronicle_nlp::Pipeline;
use chronicle_records::{
    Attribution, Document, Entity, Event, EventType, Evidence, Mention, Plover, Records, Status,
};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub use ctx::Ctx;

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    pub id: Option<String>,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// ISO 3166-1 alpha-3 of the outlet's country (decides a bare `$`).
    pub outlet_country: Option<String>,
}

/// The extractor: an NLP pipeline plus the extraction steps.
pub struct Extractor {
    pipeline: Pipeline,
    /// Parses, after the pipeline, the sentences extraction reads the parse
    /// of (see [`needs_parse`]).
    parser: Option<chronicle_nlp::parser::DependencyParser>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// The standard pipeline: parts of speech and lemmas, named entities
    /// (rules, lexicons and the statistical model), dependency parse.
    pub fn new() -> Self {
        use chronicle_nlp::{parser::DependencyParser, recognizer::Recognizer, tagger::PosTagger};
        Extractor {
            pipeline: Pipeline::new(vec![
                Box::new(PosTagger::new()),
                Box::new(Recognizer::with_model()),
            ]),
            parser: Some(DependencyParser::new()),
        }
    }

    /// The standard extractor with every sentence parsed, for checking
    /// that parsing only some changes nothing.
    pub fn parsing_everything() -> Self {
        use chronicle_nlp::{parser::DependencyParser, recognizer::Recognizer, tagger::PosTagger};
        Extractor {
            pipeline: Pipeline::new(vec![
                Box::new(PosTagger::new()),
                Box::new(Recognizer::with_model()),
                Box::new(DependencyParser::new()),
            ]),
            parser: None,
        }
    }

    /// An extractor over another pipeline (extraction reads whatever
    /// layers it fills; without a parse it falls back on word patterns).
    pub fn with_pipeline(pipeline: Pipeline) -> Self {
        Extractor {
            pipeline,
            parser: None,
        }
    }

    /// Extracts every record from one article.
    pub fn extract(&self, text: &str, meta: &Meta) -> Records {
        let mut doc = self.pipeline.run(text);
        if let Some(p) = &self.parser {
            p.process_where(&mut doc, &needs_parse);
        }
        let ctx = Ctx::new(&doc, meta.published, meta.outlet_country.clone());
        let mut ents = entities::Entities::build(&ctx);
        let times = times::find(&ctx);
        let money = money::find(&ctx);
        let quotes = quotes::find(&ctx, &mut ents, &times);
        let events = events::find(&ctx, &mut ents, &times, &money);

        let id = meta
            .id
            .clone()
            .unwrap_or_else(|| hex::encode(Sha256::digest(text.as_bytes())));
        let mut rec = Records::new(Document {
            id,
            title: meta.title.clone(),
            source: meta.source.clone(),
            url: meta.url.clone(),
            published: meta.published.map(|d| d.to_string()),
            language: "en".into(),
            text: Some(text.to_string()),
        });
        // Entities keep their order of first mention; ids e1, e2, ...
        let mut order: Vec<usize> = (0..ents.list.len()).collect();
        order.sort_by_key(|&i| {
            ents.list[i]
                .mentions
                .first()
                .map(|m| m.start)
                .unwrap_or(usize::MAX)
        });
        let mut id_of = vec![String::new(); ents.list.len()];
        for (n, &i) in order.iter().enumerate() {
            id_of[i] = format!("e{}", n + 1);
            let e = &ents.list[i];
            rec.entities.push(Entity {
                id: id_of[i].clone(),
                kind: e.kind,
                name: e.name.clone(),
                country: e.country.clone(),
                roles: e.roles.iter().map(entities::EntityB::to_role).collect(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let sp = ctx.span(m.clone());
                        Mention {
                            start: sp.start,
                            end: sp.end,
                            text: doc.slice(sp).to_string(),
                        }
                    })
                    .collect(),
            });
        }
        let eid = |i: usize| id_of[i].clone();
        for (n, mut q) in quotes.into_iter().enumerate() {
            q.id = format!("q{}", n + 1);
            q.speaker = q.speaker.and_then(|s| s.parse::<usize>().ok()).map(eid);
            rec.quotes.push(q);
        }
        let mut events = events;
        events.sort_by_key(|e| e.evidence.first().map(|s| s.start).unwrap_or(0));
        for (n, e) in events.into_iter().enumerate() {
            let (plover, cameo) = codes(e.kind, &e);
            rec.events.push(Event {
                id: format!("v{}", n + 1),
                kind: e.kind,
                plover,
                cameo: cameo.into(),
                source: e.source.iter().map(|&i| eid(i)).collect(),
                target: e.target.iter().map(|&i| eid(i)).collect(),
                participants: e.participants.iter().map(|&i| eid(i)).collect(),
                location: e.location.map(eid),
                time: e.time,
                status: e.status,
                attribution: e.attribution.map(|(ent, text)| Attribution {
                    entity: ent.map(eid),
                    text,
                }),
                aid: e.aid,
                count: e.count,
                name: e.name.map(eid),
                evidence: e
                    .evidence
                    .iter()
                    .map(|s| Evidence {
                        start: s.start,
                        end: s.end,
                    })
                    .collect(),
                confidence: (e.confidence * 100.0).round() / 100.0,
            });
        }
        rec
    }
}

/// PLOVER type/mode and the closest CAMEO code of an event.
fn codes(kind: EventType, e: &events::EventB) -> (Plover, &'static str) {
    let p = |t: &str, m: Option<&str>| Plover {
        kind: t.into(),
        mode: m.map(Into::into),
    };
    // The predicate's own codes ("hosted": CAMEO 043), except where the
    // type refines them by what the text adds (aid kind, a meeting's place).
    if let Some(row) = e.pred.filter(|r| r.kind == kind) {
        let refined = matches!(kind, EventType::AID_PLEDGE | EventType::AID_DELIVERY)
            || (kind == EventType::MEET && row.plover_mode.is_none());
        if !refined {
            return (
                p(&row.plover_type, row.plover_mode.as_deref()),
                row.cameo.as_str(),
            );
        }
        if kind == EventType::MEET && row.cameo != "040" {
            let (plover, _) = codes_by_type(kind, e);
            return (plover, row.cameo.as_str());
        }
    }
    codes_by_type(kind, e)
}

/// The codes of an event type (records-v1's table), refined by the aid's
/// kind and the meeting's place.
fn codes_by_type(kind: EventType, e: &events::EventB) -> (Plover, &'static str) {
    let p = |t: &str, m: Option<&str>| Plover {
        kind: t.into(),
        mode: m.map(Into::into),
    };
    match kind {
        EventType::VISIT => (p("CONSULT", Some("visit")), "042"),
        EventType::MEET => (
            p(
                "CONSULT",
                Some(if e.location.is_some() {
                    "third-location"
                } else {
                    "bilateral"
                }),
            ),
            "040",
        ),
        EventType::CALL => (p("CONSULT", Some("phone")), "041"),
        EventType::AID_PLEDGE => {
            let code = match e.aid.as_ref().map(|a| a.kind) {
                Some(chronicle_records::AidKind::Financial) => "0331",
                Some(chronicle_records::AidKind::Military) => "0332",
                Some(chronicle_records::AidKind::Humanitarian) => "0333",
                _ => "033",
            };
            (p("AID", Some("intent")), code)
        }
        EventType::AID_DELIVERY => {
            let code = match e.aid.as_ref().map(|a| a.kind) {
                Some(chronicle_records::AidKind::Financial) => "071",
                Some(chronicle_records::AidKind::Military) => "072",
                Some(chronicle_records::AidKind::Humanitarian) => "073",
                _ => "070",
            };
            (p("AID", None), code)
        }
        EventType::AGREEMENT => (p("AGREE", None), "057"),
        EventType::GATHERING => {
            let _ = Status::Asserted;
            (p("CONSULT", Some("multilateral")), "040")
        }
    }
}

/// Whether extraction reads the parse of sentence `s`: only around an
/// event trigger, a speech verb, a quotation mark or a colon does it (the
/// parser is the pipeline's slowest step; most sentences have none).
pub fn needs_parse(doc: &chronicle_text::Doc, s: &std::ops::Range<usize>) -> bool {
    s.clone().any(|i| {
        let t = doc.token_text(i);
        if matches!(t, "“" | "”" | "\"" | "``" | "''" | ":") {
            return true;
        }
        if !t.as_bytes().first().is_some_and(u8::is_ascii_alphabetic) {
            return false;
        }
        if events::is_trigger_form(t) {
            return true;
        }
        if t.bytes().any(|b| b.is_ascii_uppercase()) {
            quotes::is_cue(&t.to_ascii_lowercase())
        } else {
            quotes::is_cue(t)
        }
    })
}

/// Compares two strings as if both were ASCII-lowercased.
pub(crate) fn cmp_ascii_nocase(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}
