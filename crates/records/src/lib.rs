//! The `chronicle.records/v1` output contract as Rust types.
//!
//! Every tool that emits or reads chronicle's records (the `extract`
//! command, the evaluator, the store, the API) goes through these types, so
//! the JSON shape is defined in one place. Field names and meanings follow
//! the records-v1 specification; fields may be added, never renamed.

use serde::{Deserialize, Serialize};

/// The schema identifier written into every document's records.
pub const SCHEMA: &str = "chronicle.records/v1";

/// All records extracted from one document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Records {
    pub schema: String,
    pub document: Document,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub quotes: Vec<Quote>,
}

impl Records {
    pub fn new(document: Document) -> Self {
        Records {
            schema: SCHEMA.to_string(),
            document,
            entities: Vec::new(),
            events: Vec::new(),
            quotes: Vec::new(),
        }
    }

    /// The entity with id `id`, if any.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id == id)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// sha256 of the text, or the id the input gave.
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// ISO date of publication.
    pub published: Option<String>,
    pub language: String,
    /// The text the offsets point into; omitted with `--no-text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum EntityType {
    PERSON,
    ORG,
    GPE,
    LOC,
    NORP,
    EVENT,
    FAC,
    PRODUCT,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::PERSON => "PERSON",
            EntityType::ORG => "ORG",
            EntityType::GPE => "GPE",
            EntityType::LOC => "LOC",
            EntityType::NORP => "NORP",
            EntityType::EVENT => "EVENT",
            EntityType::FAC => "FAC",
            EntityType::PRODUCT => "PRODUCT",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The fullest proper form found in the document.
    pub name: String,
    /// ISO 3166-1 alpha-3 affiliation, or the place itself.
    pub country: Option<String>,
    pub roles: Vec<Role>,
    pub mentions: Vec<Mention>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Role {
    pub title: String,
    /// Country code or organization short name the title belongs to.
    pub of: Option<String>,
    pub qualifier: Option<String>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[allow(non_camel_case_types)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub enum EventType {
    VISIT,
    MEET,
    CALL,
    AID_PLEDGE,
    AID_DELIVERY,
    AGREEMENT,
    GATHERING,
}

impl EventType {
    pub const ALL: [EventType; 7] = [
        EventType::VISIT,
        EventType::MEET,
        EventType::CALL,
        EventType::AID_PLEDGE,
        EventType::AID_DELIVERY,
        EventType::AGREEMENT,
        EventType::GATHERING,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::VISIT => "VISIT",
            EventType::MEET => "MEET",
            EventType::CALL => "CALL",
            EventType::AID_PLEDGE => "AID_PLEDGE",
            EventType::AID_DELIVERY => "AID_DELIVERY",
            EventType::AGREEMENT => "AGREEMENT",
            EventType::GATHERING => "GATHERING",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Asserted,
    Negated,
    Planned,
    Expected,
    Hypothetical,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Asserted => "asserted",
            Status::Negated => "negated",
            Status::Planned => "planned",
            Status::Expected => "expected",
            Status::Hypothetical => "hypothetical",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plover {
    #[serde(rename = "type")]
    pub kind: String,
    pub mode: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Year,
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Time {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub granularity: Granularity,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Attribution {
    pub entity: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AidKind {
    Military,
    Financial,
    Humanitarian,
    Unspecified,
}

impl AidKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AidKind::Military => "military",
            AidKind::Financial => "financial",
            AidKind::Humanitarian => "humanitarian",
            AidKind::Unspecified => "unspecified",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Amount {
    pub value: Option<f64>,
    pub currency: Option<String>,
    pub approximate: bool,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub text: String,
    /// A conversion the text itself states ("or about $560 million").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<StatedAmount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatedAmount {
    pub value: f64,
    pub currency: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Normalized {
    #[serde(rename = "EUR")]
    pub eur: Option<f64>,
    #[serde(rename = "USD")]
    pub usd: Option<f64>,
    pub rate_date: Option<String>,
    /// Ranges are normalized too: EUR/USD bounds for a vague amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<MoneyPair>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<MoneyPair>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MoneyPair {
    #[serde(rename = "EUR")]
    pub eur: f64,
    #[serde(rename = "USD")]
    pub usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Aid {
    pub kind: AidKind,
    pub amount: Option<Amount>,
    pub normalized: Option<Normalized>,
    pub items: Vec<String>,
    pub cumulative: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Count {
    pub value: f64,
    pub of: String,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EventType,
    pub plover: Plover,
    pub cameo: String,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub participants: Vec<String>,
    pub location: Option<String>,
    pub time: Option<Time>,
    pub status: Status,
    pub attribution: Option<Attribution>,
    pub aid: Option<Aid>,
    pub count: Option<Count>,
    /// The named event (for GATHERING): an entity id, if the text names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub evidence: Vec<Evidence>,
    pub confidence: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Quote {
    pub id: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub direct: bool,
    pub speaker: Option<String>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub channel: Option<String>,
    pub time: Option<Time>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_type_round_trips_through_json() {
        for t in EventType::ALL {
            let j = serde_json::to_string(&t).unwrap();
            assert_eq!(j, format!("\"{}\"", t.as_str()));
            assert_eq!(EventType::parse(t.as_str()), Some(t));
        }
        assert_eq!(
            serde_json::to_string(&Status::Negated).unwrap(),
            "\"negated\""
        );
        assert_eq!(
            serde_json::to_string(&Granularity::Week).unwrap(),
            "\"week\""
        );
    }

    #[test]
    fn document_text_is_omitted_when_absent() {
        let d = Document {
            id: "x".into(),
            title: None,
            source: None,
            url: None,
            published: None,
            language: "en".into(),
            text: None,
        };
        let j = serde_json::to_value(&d).unwrap();
        assert!(j.get("text").is_none());
        assert!(j.get("title").unwrap().is_null());
    }
}
