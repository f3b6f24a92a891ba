//! Gold annotation files (`spec/gold-format.md`): their types, loading, and
//! a conversion of a gold file into records.
//!
//! A gold file describes one article by names, not offsets: entities with
//! aliases, events whose actors are entity names, ISO 3166-1 alpha-3 codes
//! or organization short names, and quotes identified by their first words.
//! Fields the scorer does not use are still read (annotators' `note`s,
//! `stated_conversion`, ...) and unknown fields are ignored, so the format
//! can grow without breaking older scorers. Enumerated values (entity and
//! event types, statuses, aid kinds, granularities) are parsed strictly: a
//! misspelt type is an error naming the file, not a silently unmatched
//! record.
//!
//! [`GoldDoc::to_records`] turns a gold file back into records-v1, locating
//! mentions, evidence and quotes in the text: a "system" that is exactly
//! right, used to check the scorer end to end.

use std::path::Path;

use anyhow::{bail, Context, Result};
use chronicle_records as rec;
use chronicle_records::{AidKind, EntityType, EventType, Granularity, Records, Status};
use serde::{Deserialize, Serialize};

use crate::score::fold::{find_spans, fold_name};

/// One annotated article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// The article id; the file is `<id>.json`, its text `<id>.txt`.
    pub id: String,
    /// ISO date of publication.
    #[serde(default)]
    pub published: Option<String>,
    /// ISO 3166-1 alpha-3 code of the outlet's country.
    #[serde(default)]
    pub outlet_country: Option<String>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub roles: Vec<GoldRole>,
    /// Accepted but not demanded: finding it is neither rewarded nor punished.
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldRole {
    pub title: String,
    #[serde(default)]
    pub of: Option<String>,
    #[serde(default)]
    pub qualifier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldEvent {
    #[serde(rename = "type")]
    pub kind: EventType,
    /// Actors: entity names, ISO alpha-3 codes or organization short names.
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub target: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub date: Option<GoldDate>,
    #[serde(default = "asserted")]
    pub status: Status,
    #[serde(default)]
    pub attribution: Option<GoldAttribution>,
    #[serde(default)]
    pub aid: Option<GoldAid>,
    #[serde(default)]
    pub count: Option<GoldCount>,
    /// The named event (GATHERING), as written; not necessarily an entity.
    #[serde(default)]
    pub name: Option<String>,
    /// A verbatim snippet of the text the event rests on.
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn asserted() -> Status {
    Status::Asserted
}

/// `date`: null `start`/`end` mean the text gives no resolvable date.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GoldDate {
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub granularity: Option<Granularity>,
}

/// `attribution` is written either as the attributing name alone or as
/// `{"entity": ..., "text": ...}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum GoldAttribution {
    Name(String),
    Full {
        #[serde(default)]
        entity: Option<String>,
        #[serde(default)]
        text: Option<String>,
    },
}

impl GoldAttribution {
    /// The attributing entity's name, if given.
    pub fn entity(&self) -> Option<&str> {
        match self {
            GoldAttribution::Name(n) => Some(n),
            GoldAttribution::Full { entity, .. } => entity.as_deref(),
        }
    }

    /// The attribution as the text words it (or the name when only that is given).
    pub fn text(&self) -> Option<&str> {
        match self {
            GoldAttribution::Name(n) => Some(n),
            GoldAttribution::Full { text, entity } => text.as_deref().or(entity.as_deref()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldAid {
    #[serde(default = "unspecified")]
    pub kind: AidKind,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub value: Option<f64>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub approximate: Option<bool>,
    #[serde(default)]
    pub cumulative: bool,
    #[serde(default)]
    pub items: Vec<String>,
    /// The amount as the text words it.
    #[serde(default)]
    pub text: Option<String>,
    /// A conversion the text states ("$61bn (£49bn)").
    #[serde(default)]
    pub stated_conversion: Option<GoldStatedAmount>,
}

fn unspecified() -> AidKind {
    AidKind::Unspecified
}

impl GoldAid {
    /// Whether the gold gives any figure (value, min or max).
    pub fn has_amount(&self) -> bool {
        self.value.is_some() || self.min.is_some() || self.max.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldStatedAmount {
    pub currency: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldCount {
    pub value: f64,
    pub of: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldQuote {
    /// The speaker's entity name (or code), null when the text names none.
    #[serde(default)]
    pub speaker: Option<String>,
    #[serde(default = "yes")]
    pub direct: bool,
    /// The first words of the quoted text, enough to be unique.
    pub text_start: String,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub date: Option<GoldDate>,
    #[serde(default)]
    pub optional: bool,
    #[serde(default)]
    pub note: Option<String>,
}

fn yes() -> bool {
    true
}

/// Reads one gold file; errors name the file.
pub fn load_gold_file(path: &Path) -> Result<GoldDoc> {
    let raw = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read gold file {}", path.display()))?;
    serde_json::from_str(&raw).with_context(|| format!("invalid gold file {}", path.display()))
}

/// Reads every `*.json` file directly in `dir` (subfolders such as
/// `texts/` are skipped), sorted by document id. Two files with the same
/// id are an error.
pub fn load_gold_dir(dir: &Path) -> Result<Vec<GoldDoc>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read gold folder {}", dir.display()))?;
    let mut docs = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read gold folder {}", dir.display()))?;
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "json") {
            docs.push(load_gold_file(&path)?);
        }
    }
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(w) = docs.windows(2).find(|w| w[0].id == w[1].id) {
        bail!(
            "two gold files in {} have the id {}",
            dir.display(),
            w[0].id
        );
    }
    Ok(docs)
}

/// Reads the text of document `id` from `texts_dir/<id>.txt`.
pub fn load_text(texts_dir: &Path, id: &str) -> Result<String> {
    let path = texts_dir.join(format!("{id}.txt"));
    std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the text of {id} at {}", path.display()))
}

/// [`load_gold_dir`] and, for each document, its text from `texts_dir`.
pub fn load_gold_with_texts(gold_dir: &Path, texts_dir: &Path) -> Result<Vec<(GoldDoc, String)>> {
    load_gold_dir(gold_dir)?
        .into_iter()
        .map(|d| {
            let text = load_text(texts_dir, &d.id)?;
            Ok((d, text))
        })
        .collect()
}

/// Whether `s` is written as an ISO 3166-1 alpha-3 code (`UKR`).
pub fn is_country_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

impl GoldDoc {
    /// The gold entity a name (or alias) refers to, compared folded; an exact
    /// name match wins over an alias match.
    pub fn entity(&self, name: &str) -> Option<&GoldEntity> {
        let f = fold_name(name);
        if f.is_empty() {
            return None;
        }
        self.entities
            .iter()
            .find(|e| fold_name(&e.name) == f)
            .or_else(|| {
                self.entities
                    .iter()
                    .find(|e| e.aliases.iter().any(|a| fold_name(a) == f))
            })
    }

    /// This gold file as records-v1: what a perfect extractor would emit.
    ///
    /// Entities keep their order (ids `e1`, `e2`, ...), with every
    /// occurrence of their name and aliases in `text` as mentions. An actor
    /// or speaker that is no gold entity becomes an extra entity: a country
    /// code becomes the gold GPE (else NORP) of that country, or a new GPE
    /// named by the code; any other name a new ORG. A location, event name
    /// or attribution that is no gold entity is left null. Event evidence, quote
    /// offsets and mentions are located by folded search; what is not
    /// found gets no evidence / offsets 0. Gold dates become times; aid
    /// becomes an amount when the gold gives a currency or a figure.
    pub fn to_records(&self, text: &str) -> Records {
        let mut records = Records::new(rec::Document {
            id: self.id.clone(),
            title: None,
            source: None,
            url: None,
            published: self.published.clone(),
            language: "en".to_string(),
            text: Some(text.to_string()),
        });
        for (i, g) in self.entities.iter().enumerate() {
            let mut mentions = Vec::new();
            for n in std::iter::once(&g.name).chain(&g.aliases) {
                for (start, end) in find_spans(text, n) {
                    if !mentions.iter().any(|m: &rec::Mention| m.start == start) {
                        mentions.push(rec::Mention {
                            start,
                            end,
                            text: text[start..end].to_string(),
                        });
                    }
                }
            }
            mentions.sort_by_key(|m| m.start);
            records.entities.push(rec::Entity {
                id: format!("e{}", i + 1),
                kind: g.kind,
                name: g.name.clone(),
                country: g.country.clone(),
                roles: g
                    .roles
                    .iter()
                    .map(|r| rec::Role {
                        title: r.title.clone(),
                        of: r.of.clone(),
                        qualifier: r.qualifier.clone(),
                        start: 0,
                        end: 0,
                    })
                    .collect(),
                mentions,
            });
        }
        for (i, g) in self.events.iter().enumerate() {
            let mut ids = |names: &[String]| -> Vec<String> {
                names
                    .iter()
                    .map(|n| self.actor_id(&mut records, n))
                    .collect()
            };
            let source = ids(&g.source);
            let target = ids(&g.target);
            let participants = ids(&g.participants);
            let location = g.location.as_deref().and_then(|n| self.entity_id(n));
            let name = g.name.as_deref().and_then(|n| self.entity_id(n));
            let attribution = g.attribution.as_ref().map(|a| rec::Attribution {
                entity: a.entity().and_then(|n| self.entity_id(n)),
                text: a.text().unwrap_or_default().to_string(),
            });
            let evidence = find_spans(text, &g.evidence)
                .into_iter()
                .take(1)
                .map(|(start, end)| rec::Evidence { start, end })
                .collect();
            records.events.push(rec::Event {
                id: format!("v{}", i + 1),
                kind: g.kind,
                plover: rec::Plover {
                    kind: String::new(),
                    mode: None,
                },
                cameo: String::new(),
                source,
                target,
                participants,
                location,
                time: g.date.as_ref().map(gold_time),
                status: g.status,
                attribution,
                aid: g.aid.as_ref().map(gold_aid),
                count: g.count.as_ref().map(|c| rec::Count {
                    value: c.value,
                    of: c.of.clone(),
                }),
                name,
                evidence,
                confidence: 1.0,
            });
        }
        for (i, q) in self.quotes.iter().enumerate() {
            let (start, end) = find_spans(text, &q.text_start)
                .first()
                .copied()
                .unwrap_or((0, 0));
            let speaker = q.speaker.as_deref().map(|n| self.actor_id(&mut records, n));
            records.quotes.push(rec::Quote {
                id: format!("q{}", i + 1),
                text: q.text_start.clone(),
                start,
                end,
                direct: q.direct,
                speaker,
                speaker_text: q.speaker.clone(),
                cue: None,
                channel: q.channel.clone(),
                time: q.date.as_ref().map(gold_time),
            });
        }
        records
    }

    /// The records id of the gold entity named `name`, if any.
    fn entity_id(&self, name: &str) -> Option<String> {
        let g = self.entity(name)?;
        let i = self.entities.iter().position(|e| std::ptr::eq(e, g))?;
        Some(format!("e{}", i + 1))
    }

    /// The records id standing for the gold actor `name`, creating an entity
    /// in `records` when no gold entity fits.
    fn actor_id(&self, records: &mut Records, name: &str) -> String {
        if let Some(id) = self.entity_id(name) {
            return id;
        }
        if is_country_code(name) {
            let of_country = |k: EntityType| {
                self.entities
                    .iter()
                    .position(|e| e.kind == k && e.country.as_deref() == Some(name))
            };
            if let Some(i) = of_country(EntityType::GPE).or_else(|| of_country(EntityType::NORP)) {
                return format!("e{}", i + 1);
            }
        }
        if let Some(e) = records.entities.iter().find(|e| e.name == name) {
            return e.id.clone();
        }
        let code = is_country_code(name);
        let id = format!("e{}", records.entities.len() + 1);
        records.entities.push(rec::Entity {
            id: id.clone(),
            kind: if code {
                EntityType::GPE
            } else {
                EntityType::ORG
            },
            name: name.to_string(),
            country: code.then(|| name.to_string()),
            roles: Vec::new(),
            mentions: Vec::new(),
        });
        id
    }
}

fn gold_time(d: &GoldDate) -> rec::Time {
    rec::Time {
        text: d.text.clone().unwrap_or_default(),
        start: d.start.clone(),
        end: d.end.clone(),
        granularity: d.granularity.unwrap_or(Granularity::Unknown),
    }
}

fn gold_aid(a: &GoldAid) -> rec::Aid {
    let amount = (a.currency.is_some() || a.has_amount()).then(|| rec::Amount {
        value: a.value,
        currency: a.currency.clone(),
        approximate: a.approximate.unwrap_or(false),
        min: a.min,
        max: a.max,
        text: a.text.clone().unwrap_or_default(),
        stated: a.stated_conversion.as_ref().map(|s| rec::StatedAmount {
            value: s.value,
            currency: s.currency.clone(),
            text: String::new(),
        }),
    });
    rec::Aid {
        kind: a.kind,
        amount,
        normalized: None,
        items: a.items.clone(),
        cumulative: a.cumulative,
    }
}
