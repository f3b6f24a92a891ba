//! Mapping CoNLL types onto chronicle's OntoNotes-style labels, with the
//! lexicons:
//!
//! | CoNLL | condition (lexicon lookup of the mention's text) | chronicle |
//! |---|---|---|
//! | PER  | always | PERSON |
//! | LOC  | a country name or code, or a capital city | GPE (with the country) |
//! | LOC  | a seat of government ("Kremlin", "White House") | ORG (with the country) |
//! | LOC  | anything else (regions, rivers, other cities) | LOC |
//! | ORG  | always (international organizations carry their short name as key) | ORG |
//! | MISC | a demonym ("French", "Britons") | NORP (with the country) |
//! | MISC | last word an event head ("War", "Cup", "Olympics", "Summit", ...) | EVENT |
//! | MISC | anything else | none (the mention is dropped) |
//!
//! A country found by name in an ORG or PER mention is not used: "Bank of
//! England" stays ORG.
//!
//! The lexicon holds capitals but no other cities, so a non-capital city
//! tagged LOC maps to LOC, not GPE.

use chronicle_lexicon::{CountryForm, Lexicon};
use chronicle_text::Label;

use crate::tags::{Entity, EntityType};

/// A mention mapped onto chronicle's labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub label: Label,
    /// ISO alpha-3 of the country the mention names or implies.
    pub country: Option<String>,
    /// Canonical key from the lexicon (an organization's short name).
    pub key: Option<String>,
}

const EVENT_HEADS: &[&str] = &[
    "War",
    "Cup",
    "Games",
    "Olympics",
    "Championship",
    "Championships",
    "Open",
    "Summit",
    "Conference",
    "Tour",
    "Grand",
    "Prix",
    "Festival",
    "Revolution",
    "Crisis",
    "Election",
    "Elections",
    "Series",
    "Trophy",
    "League",
    "Forum",
    "Talks",
    "Accord",
    "Accords",
];

/// Maps a tagged mention over `tokens` onto chronicle's label set (see the
/// module table); `None` for MISC mentions that are neither nationalities
/// nor events.
pub fn to_chronicle(tokens: &[&str], ent: &Entity) -> Option<Mapped> {
    let lex = Lexicon::get();
    let end = ent.end.min(tokens.len());
    let start = ent.start.min(end);
    let text = tokens[start..end].join(" ");
    let country = lex.country(&text);
    let with = |label, country: Option<&str>| Mapped {
        label,
        country: country.map(str::to_string),
        key: None,
    };
    Some(match ent.label {
        EntityType::Per => with(Label::Person, None),
        EntityType::Loc => match country {
            Some(c) => match c.form {
                CountryForm::Name | CountryForm::Code | CountryForm::Capital => {
                    with(Label::Gpe, Some(c.iso3))
                }
                CountryForm::Metonym => with(Label::Org, Some(c.iso3)),
                CountryForm::Demonym | CountryForm::DemonymPlural => {
                    with(Label::Norp, Some(c.iso3))
                }
            },
            None => with(Label::Loc, None),
        },
        EntityType::Org => Mapped {
            label: Label::Org,
            country: None,
            key: lex.org(&text).map(|o| o.short.clone()),
        },
        EntityType::Misc => match country {
            Some(c) if matches!(c.form, CountryForm::Demonym | CountryForm::DemonymPlural) => {
                with(Label::Norp, Some(c.iso3))
            }
            _ => {
                let last = tokens[start..end].last().copied().unwrap_or("");
                if EVENT_HEADS.contains(&last) {
                    with(Label::Event, None)
                } else {
                    return None;
                }
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(tokens: &[&str], s: usize, e: usize, l: EntityType) -> Option<Mapped> {
        to_chronicle(
            tokens,
            &Entity {
                start: s,
                end: e,
                label: l,
            },
        )
    }

    #[test]
    fn mapping_table() {
        let t = [
            "French", "troops", "left", "Paris", "for", "the", "Rhine", "after", "NATO", "talks",
            "with", "Emmanuel", "Macron", "before", "the", "World", "Cup", "in", "France",
        ];
        assert_eq!(map(&t, 0, 1, EntityType::Misc).unwrap().label, Label::Norp);
        assert_eq!(
            map(&t, 0, 1, EntityType::Misc).unwrap().country.as_deref(),
            Some("FRA")
        );
        let paris = map(&t, 3, 4, EntityType::Loc).unwrap();
        assert_eq!(
            (paris.label, paris.country.as_deref()),
            (Label::Gpe, Some("FRA"))
        );
        assert_eq!(map(&t, 6, 7, EntityType::Loc).unwrap().label, Label::Loc);
        let nato = map(&t, 8, 9, EntityType::Org).unwrap();
        assert_eq!(
            (nato.label, nato.key.as_deref()),
            (Label::Org, Some("NATO"))
        );
        assert_eq!(
            map(&t, 11, 13, EntityType::Per).unwrap().label,
            Label::Person
        );
        assert_eq!(
            map(&t, 15, 17, EntityType::Misc).unwrap().label,
            Label::Event
        );
        assert_eq!(map(&t, 18, 19, EntityType::Loc).unwrap().label, Label::Gpe);
        assert_eq!(map(&t, 1, 2, EntityType::Misc), None);
    }
}
