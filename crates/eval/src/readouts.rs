//! White House readouts: is the call or meeting a title names found from the
//! body alone?
//!
//! `../shared/data/whitehouse/docs.jsonl` holds briefing-room documents;
//! about a thousand are readouts titled "Readout of {X}['s] {Call|Meeting}
//! with {Y}". The title states an event the body must describe, so it is a
//! free gold record: this module parses the title into a kind and two
//! parties, runs the extractor on the body (never the title; published date
//! = `date`) and checks that the event is among the records.
//!
//! # Titles
//!
//! A usable title starts with "Readout of", or "Readout from|by AUTHOR
//! on|of" (the spokesperson who wrote it), then X, an optional possessive, optional modifiers
//! ("Bilateral", "Phone", "Video", "Virtual", ...), a kind noun and "with"
//! Y. "Call", "Phone Call", "Video Call", "Teleconference",
//! "Videoconference" and a "Virtual Meeting" are calls (CALL, talks by
//! telephone or video); "Meeting" is MEET. Y is split at "and" and commas
//! into parties, after cutting a trailing topic ("on the Build Back Better
//! Act", "regarding ...", "to discuss ..."). A party's name words are the last run of capitalized
//! words left once its "of COUNTRY" phrase, countries, organizations,
//! determiners, honorifics, suffixes (Jr., II) and title phrases (the
//! lexicon's, longest first; the last is the party's title) are set aside ("Prime Minister Kishida Fumio of Japan" →
//! kishida fumio, country JPN). A party
//! is **named** when name words remain, **titled** when only a title (and a
//! country or organization: "the Prime Minister of Japan", "NATO Secretary
//! General"; for X, a bare title such as "the Vice President") is left, a
//! **country** when Y is just a country. Titles are skipped, each with a
//! counted reason, when they are no readout of a call or meeting with
//! someone, when the kind is unclear ("Conversation", "Call and Meeting"),
//! when a party is a group ("Congressional Leaders", "Allies and Partners",
//! "CEOs") or when X or Y names nobody identifiable.
//!
//! # Found
//!
//! A readout is found when some event of the title's kind, not negated, has
//! among its source, target and participant entities one matching X and a
//! *different* one matching any party of Y. An entity matches
//! - a named party when one of its forms (its name or a mention;
//!   lowercased, possessive and "Jr." dropped) contains the party's last
//!   name word ("Biden" in "Joseph R. Biden, Jr."), or the form's last word
//!   is one of the party's name words ("Kishida" for "Kishida Fumio");
//! - a titled party when one of its roles has that title (and, when the
//!   party has one, that country or organization as `of`), or, for a party
//!   with a country, when the entity is a person or organization of that
//!   country (`country`), or, for an organization, when the entity is the
//!   organization itself;
//! - a country party when the entity's `country` is that country.
//!
//! The main figure requires the title's kind (a "Call" found as MEET is a
//! miss). A lenient figure counts CALL and MEET alike, so the two can be
//! told apart: type confusions versus parties not found.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use anyhow::{bail, Context, Result};
use chronicle_lexicon::{canonical_title, CountryForm, Lexicon};
use chronicle_records::{Entity, EntityType, EventType, Records, Status};
use serde_json::json;

use crate::score::Ratio;

/// The kind of contact a title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Call,
    Meeting,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Call => "call",
            Kind::Meeting => "meeting",
        }
    }

    /// The event type the kind must be found as.
    pub fn event_type(self) -> EventType {
        match self {
            Kind::Call => EventType::CALL,
            Kind::Meeting => EventType::MEET,
        }
    }
}

/// A party of a title: who it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub text: String,
    /// Lowercased name words, in order.
    pub names: Vec<String>,
    /// Canonical title, when the party has one.
    pub title: Option<String>,
    /// ISO alpha-3 of the "of COUNTRY" phrase or a demonym.
    pub country: Option<String>,
    /// Short name of an organization the party names.
    pub org: Option<String>,
}

impl Party {
    fn is_named(&self) -> bool {
        !self.names.is_empty()
    }
}

/// A parsed readout title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub kind: Kind,
    pub x: Party,
    pub y: Vec<Party>,
}

impl Party {
    /// "names/title/country/org" in brief.
    pub fn describe(&self) -> String {
        let mut v = Vec::new();
        if !self.names.is_empty() {
            v.push(self.names.join(" "));
        }
        if let Some(t) = &self.title {
            v.push(format!("[{t}]"));
        }
        if let Some(c) = &self.country {
            v.push(c.clone());
        }
        if let Some(o) = &self.org {
            v.push(o.clone());
        }
        v.join(" ")
    }
}

impl Title {
    /// "KIND: X -> Y1 | Y2" in brief.
    pub fn describe(&self) -> String {
        let ys: Vec<String> = self.y.iter().map(Party::describe).collect();
        format!(
            "{}: {} -> {}",
            self.kind.as_str(),
            self.x.describe(),
            ys.join(" | ")
        )
    }
}

const MODIFIERS: &[&str] = &[
    "bilateral",
    "trilateral",
    "introductory",
    "secure",
    "virtual",
    "phone",
    "telephone",
    "video",
    "working",
    "private",
    "separate",
    "joint",
    "first",
    "second",
    "follow-up",
    "courtesy",
    "brief",
    "initial",
    "official",
    "productive",
];

const DETERMINERS: &[&str] = &[
    "the",
    "a",
    "an",
    "his",
    "her",
    "their",
    "mr",
    "mrs",
    "ms",
    "dr",
    "majesty",
    "excellency",
    "highness",
    "royal",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "former",
    "incoming",
    "newly",
    "elected",
    "new",
    "acting",
    "of",
    "and",
    "for",
    "to",
    "on",
    "in",
    "at",
    "apnsa",
    "h.e",
    "he",
    "hrh",
];

/// Lowercase particles inside names: "Mohammed bin Salman".
const PARTICLES: &[&str] = &[
    "bin", "bint", "al", "el", "de", "da", "di", "del", "der", "van", "von", "la", "le", "du",
    "dos", "ibn", "abu",
];

/// Words that make a party a group, not one identifiable counterpart.
const GROUP_WORDS: &[&str] = &[
    "leaders",
    "members",
    "officials",
    "governors",
    "mayors",
    "ceos",
    "executives",
    "advocates",
    "partners",
    "allies",
    "counterparts",
    "delegation",
    "delegations",
    "group",
    "caucus",
    "council",
    "committee",
    "community",
    "organizations",
    "stakeholders",
    "experts",
    "representatives",
    "senators",
    "students",
    "workers",
    "families",
    "survivors",
    "faith",
    "unions",
    "union",
    "association",
    "coalition",
    "team",
    "cabinet",
    "ministers",
    "presidents",
    "chiefs",
    "heads",
    "secretaries",
    "ambassadors",
    "lawmakers",
    "legislators",
    "congress",
    "congressional",
    "democrats",
    "republicans",
    "bipartisan",
    "businesses",
    "companies",
    "industry",
    "labor",
    "activists",
    "youth",
    "tribal",
    "nations",
    "countries",
    "states",
    "counterpart",
    "others",
    "people",
    "families",
    "americans",
    "administration",
    "house",
    "senate",
    "g7",
    "g20",
    "quad",
    "dreamers",
    "journalists",
    "survivors",
    "negotiators",
    "principals",
    "leadership",
    "office",
    "advisors",
    "advisers",
    "envoys",
];

fn norm(s: &str) -> String {
    let s = s
        .replace(['’', '‘'], "'")
        .replace(['\u{2060}', '\u{200b}', '\u{a0}'], " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn low_key(w: &str) -> String {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    let w = w.strip_suffix("'s").unwrap_or(w);
    let w = w.strip_suffix('\'').unwrap_or(w);
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Parses a readout title into kind and parties, or says why not.
pub fn parse_title(title: &str) -> std::result::Result<Title, &'static str> {
    let t = norm(title);
    let rest = if let Some(r) = t.strip_prefix("Readout of ") {
        r.to_string()
    } else if let Some(r) = t
        .strip_prefix("Readout from ")
        .or_else(|| t.strip_prefix("Readout by "))
    {
        // "Readout from NSC Spokesperson Emily Horne on National Security
        // Advisor Jake Sullivan's Call with ...": the readout's author first.
        match r.split_once(" on ").or_else(|| r.split_once(" of ")) {
            Some((_, r)) => r.to_string(),
            None => r.to_string(),
        }
    } else {
        return Err("not 'Readout of'");
    };
    let words: Vec<&str> = rest.split(' ').collect();
    let Some(wi) = words.iter().position(|w| w.eq_ignore_ascii_case("with")) else {
        return Err("no 'with'");
    };
    // The kind noun(s) just before "with".
    let mut k = wi;
    let mut kind_words: Vec<String> = Vec::new();
    while k > 0 {
        let w = low_key(words[k - 1]);
        let is_kind = matches!(
            w.as_str(),
            "call"
                | "calls"
                | "meeting"
                | "meetings"
                | "teleconference"
                | "videoconference"
                | "conference"
                | "conversation"
                | "conversations"
                | "and"
        );
        if is_kind && !(w == "and" && kind_words.is_empty()) {
            kind_words.insert(0, w);
            k -= 1;
        } else {
            break;
        }
    }
    if kind_words.is_empty() {
        return Err("not a call or meeting with someone");
    }
    let mut mods: Vec<String> = Vec::new();
    while k > 0 && MODIFIERS.contains(&low_key(words[k - 1]).as_str()) {
        mods.insert(0, low_key(words[k - 1]));
        k -= 1;
    }
    let has = |w: &str| kind_words.iter().any(|k| k == w);
    let call = has("call") || has("calls") || has("teleconference") || has("videoconference");
    let meeting = has("meeting") || has("meetings");
    let unclear = has("conversation")
        || has("conversations")
        || (call && meeting)
        || (has("conference") && !mods.iter().any(|m| m == "video"));
    let kind = if unclear {
        return Err("kind unclear (conversation, call and meeting)");
    } else if call
        || has("conference")
        || (meeting
            && mods
                .iter()
                .any(|m| matches!(m.as_str(), "virtual" | "video" | "phone" | "telephone")))
    {
        Kind::Call
    } else {
        Kind::Meeting
    };
    if k == 0 {
        return Err("no first party");
    }
    let x_text = words[..k].join(" ");
    let x_text = x_text
        .strip_suffix("'s")
        .or_else(|| x_text.strip_suffix('\''))
        .unwrap_or(&x_text)
        .to_string();
    let y_text = words[wi + 1..].join(" ");
    let x = parse_party(&x_text).ok_or("first party is a group or institution")?;
    if !(x.is_named() || x.title.is_some()) {
        return Err("first party names nobody");
    }
    // The topic that may follow Y: "... on the Build Back Better Act".
    let y_words: Vec<&str> = y_text.split(' ').collect();
    let y_end = y_words
        .iter()
        .position(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "on" | "regarding"
                    | "about"
                    | "to"
                    | "following"
                    | "ahead"
                    | "in"
                    | "during"
                    | "after"
                    | "who"
                    | "at"
            )
        })
        .unwrap_or(y_words.len());
    let parts = split_parties(&y_words[..y_end].join(" "));
    let single = parts.len() == 1;
    let mut y = Vec::new();
    for part in parts {
        let Some(p) = parse_party(&part) else {
            return Err("second party is a group or institution");
        };
        // A bare title ("Crown Prince" in "Crown Prince and Prime Minister
        // Mohammed bin Salman") is a fragment of the next party. When Y was
        // split, a part without a title must be a full name of two words or
        // more ("Northern Ireland" in "the United Kingdom of Great Britain
        // and Northern Ireland" is no party); a bare country is a party
        // only as the whole of Y.
        let titled = p.title.is_some() && (p.is_named() || p.country.is_some() || p.org.is_some());
        let keep = if single {
            titled || p.is_named() || p.country.is_some() || p.org.is_some()
        } else {
            titled || p.names.len() >= 2
        };
        if keep {
            y.push(p);
        }
    }
    if y.is_empty() {
        return Err("second party names nobody");
    }
    Ok(Title { kind, x, y })
}

fn split_parties(s: &str) -> Vec<String> {
    let s = s.replace(", and ", ", ").replace(" and ", ", ");
    s.split(", ")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Country names, demonyms and codes name a party's country; capitals
/// ("Santiago" Peña) and metonyms ("White House") do not.
fn country_form_ok(f: CountryForm) -> bool {
    matches!(
        f,
        CountryForm::Name | CountryForm::Demonym | CountryForm::DemonymPlural | CountryForm::Code
    )
}

/// Finds a country in `words[i..]` (longest first, up to six words).
fn country_at(words: &[&str], i: usize) -> Option<(String, usize)> {
    let lex = Lexicon::get();
    for n in (1..=6.min(words.len() - i)).rev() {
        let phrase = words[i..i + n]
            .join(" ")
            .trim_end_matches([',', '.', ';', ':'])
            .to_string();
        if let Some(h) = lex.country(&phrase).filter(|h| country_form_ok(h.form)) {
            return Some((h.iso3.to_string(), n));
        }
    }
    None
}

/// A party from its title text; `None` for a group.
pub fn parse_party(s: &str) -> Option<Party> {
    let lex = Lexicon::get();
    let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
    // A group when the head of the phrase (before "of", "on", "from", ...)
    // is a group noun: "Congressional Leaders", "Leaders of ...".
    let head_end = words
        .iter()
        .position(|w| {
            matches!(
                *w,
                "of" | "on" | "from" | "to" | "for" | "in" | "who" | "at" | "about"
            )
        })
        .unwrap_or(words.len());
    if words[..head_end]
        .last()
        .is_some_and(|w| GROUP_WORDS.contains(&low_key(w).as_str()))
    {
        return None;
    }
    let mut country = None;
    let mut org = None;
    let mut keep = vec![true; words.len()];
    // "of COUNTRY" phrases: "of the Republic of Korea", "of Japan".
    let mut i = 0;
    while i < words.len() {
        if words[i] == "of" {
            let mut j = i + 1;
            // Skip "the Kingdom of", "the Republic of" to reach the name.
            let mut found = None;
            while j < words.len() && found.is_none() {
                found = country_at(&words, j).map(|(c, n)| (c, j + n));
                if found.is_none() {
                    j += 1;
                }
                if j > i + 4 {
                    break;
                }
            }
            if let Some((c, end)) = found {
                country = country.or(Some(c));
                for kk in keep.iter_mut().take(end).skip(i) {
                    *kk = false;
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    for (i, w) in words.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        let bare = w.trim_end_matches([',', '.', ';', ':']);
        let bare = bare
            .strip_suffix("'s")
            .or_else(|| bare.strip_suffix('\''))
            .unwrap_or(bare);
        if let Some(o) = lex.org(bare) {
            org = org.or(Some(o.short.clone()));
            keep[i] = false;
        } else if bare.chars().next().is_some_and(char::is_uppercase) {
            if let Some(h) = lex.country(bare).filter(|h| country_form_ok(h.form)) {
                country = country.or(Some(h.iso3.to_string()));
                keep[i] = false;
            }
        }
    }
    // Title phrases, longest first ("Prime Minister", "National Security
    // Advisor", "Secretary of State"); the last one is the party's title.
    let mut is_title = vec![false; words.len()];
    let mut title: Option<String> = None;
    let mut i = 0;
    while i < words.len() {
        let mut step = 1;
        if keep[i] && words[i].chars().next().is_some_and(char::is_uppercase) {
            for n in (1..=5.min(words.len() - i)).rev() {
                if !keep[i..i + n].iter().all(|&k| k) {
                    continue;
                }
                let phrase = words[i..i + n].join(" ");
                let phrase = phrase.trim_end_matches([',', '.', ';', ':']);
                let phrase = phrase
                    .strip_suffix("'s")
                    .or_else(|| phrase.strip_suffix('\''))
                    .unwrap_or(phrase);
                if let Some(h) = lex.title(phrase) {
                    title = Some(h.title.to_string());
                    is_title[i..i + n].iter_mut().for_each(|t| *t = true);
                    step = n;
                    break;
                }
            }
        }
        i += step;
    }
    // Name words: the last run of capitalized words that are no title,
    // determiner or honorific; lowercase particles ("bin", "de") and
    // suffixes ("Jr.") do not break a run.
    let mut names: Vec<String> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let k = low_key(w);
        let upper = w.chars().next().is_some_and(char::is_uppercase);
        let particle = !upper && PARTICLES.contains(&k.as_str());
        let suffix = matches!(k.as_str(), "jr" | "sr" | "ii" | "iii" | "iv");
        if keep[i] && (particle || suffix) {
            continue;
        }
        if !keep[i] || k.is_empty() || !upper || is_title[i] || DETERMINERS.contains(&k.as_str()) {
            if !run.is_empty() {
                names = std::mem::take(&mut run);
            }
            continue;
        }
        run.push(k);
    }
    if !run.is_empty() {
        names = run;
    }
    Some(Party {
        text: s.to_string(),
        names,
        title,
        country,
        org,
    })
}

/// Lowercased words of an entity form, possessive and "Jr." dropped.
fn form_words(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(low_key)
        .filter(|k| !k.is_empty())
        .collect();
    while v
        .last()
        .is_some_and(|k| matches!(k.as_str(), "jr" | "sr" | "ii" | "iii"))
    {
        v.pop();
    }
    v
}

/// Does entity `e` match party `p` (see the module doc)?
pub fn entity_matches(e: &Entity, p: &Party) -> bool {
    let forms =
        || std::iter::once(e.name.as_str()).chain(e.mentions.iter().map(|m| m.text.as_str()));
    if p.is_named() {
        let last = p.names.last().expect("named");
        return forms().any(|f| {
            let w = form_words(f);
            w.iter().any(|x| x == last)
                || w.last().is_some_and(|l| l.len() > 1 && p.names.contains(l))
        });
    }
    if let Some(t) = &p.title {
        let of_ok = |of: &Option<String>| match (&p.country, &p.org, of) {
            (None, None, _) => true,
            (Some(c), _, Some(o)) if c == o => true,
            (_, Some(g), Some(o)) if g == o => true,
            _ => false,
        };
        if e.roles
            .iter()
            .any(|r| canonical_title(&r.title) == *t && of_ok(&r.of))
        {
            return true;
        }
        if p.country.is_none() && p.org.is_none() {
            // A bare title ("the Vice President") named as such.
            return forms().any(|f| canonical_title(f) == *t);
        }
    }
    if let Some(c) = &p.country {
        if p.title.is_some() {
            if matches!(e.kind, EntityType::PERSON | EntityType::ORG)
                && e.country.as_deref() == Some(c)
            {
                return true;
            }
        } else if e.country.as_deref() == Some(c) {
            return true;
        }
    }
    if let Some(o) = &p.org {
        let lex = Lexicon::get();
        if forms().any(|f| lex.org(f).is_some_and(|x| x.short == *o)) {
            return true;
        }
    }
    false
}

/// How a readout fared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Found,
    /// Missed, with its category.
    Missed(String),
}

/// Judges the records of one readout body against its title.
pub fn judge(t: &Title, rec: &Records) -> (Outcome, bool) {
    let want = t.kind.event_type();
    let both = |types: &[EventType]| -> bool {
        rec.events.iter().any(|ev| {
            if !types.contains(&ev.kind) || ev.status == Status::Negated {
                return false;
            }
            let ids: Vec<&String> = ev
                .source
                .iter()
                .chain(&ev.target)
                .chain(&ev.participants)
                .collect();
            let ents: Vec<&Entity> = ids.iter().filter_map(|id| rec.entity(id)).collect();
            ents.iter().enumerate().any(|(i, a)| {
                entity_matches(a, &t.x)
                    && ents.iter().enumerate().any(|(j, b)| {
                        i != j && a.id != b.id && t.y.iter().any(|p| entity_matches(b, p))
                    })
            })
        })
    };
    let lenient = both(&[EventType::CALL, EventType::MEET]);
    if both(&[want]) {
        return (Outcome::Found, true);
    }
    let kinds: Vec<EventType> = rec
        .events
        .iter()
        .filter(|e| e.status != Status::Negated)
        .map(|e| e.kind)
        .collect();
    let x_ent = rec.entities.iter().any(|e| entity_matches(e, &t.x));
    let y_ent = rec
        .entities
        .iter()
        .any(|e| t.y.iter().any(|p| entity_matches(e, p)));
    let cat = if kinds.is_empty() {
        "no event extracted".to_string()
    } else if !kinds.contains(&want) {
        let other = if both(&[EventType::CALL, EventType::MEET, EventType::VISIT]) {
            let mut ks: Vec<&str> = kinds
                .iter()
                .filter(|k| matches!(k, EventType::CALL | EventType::MEET | EventType::VISIT))
                .map(|k| k.as_str())
                .collect();
            ks.sort();
            ks.dedup();
            format!(
                "type: found as {} instead of {}",
                ks.join("/"),
                want.as_str()
            )
        } else {
            let mut ks: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            ks.sort();
            ks.dedup();
            format!("no {} event (only {})", want.as_str(), ks.join(", "))
        };
        other
    } else {
        let in_event = |f: &dyn Fn(&Entity) -> bool| {
            rec.events.iter().filter(|e| e.kind == want).any(|ev| {
                ev.source
                    .iter()
                    .chain(&ev.target)
                    .chain(&ev.participants)
                    .filter_map(|id| rec.entity(id))
                    .any(f)
            })
        };
        let x_in = in_event(&|e| entity_matches(e, &t.x));
        let y_in = in_event(&|e| t.y.iter().any(|p| entity_matches(e, p)));
        let side = |in_ev: bool, has_ent: bool, name: &str| -> Option<String> {
            if in_ev {
                None
            } else if has_ent {
                Some(format!("{name} not a party of the event"))
            } else {
                Some(format!("{name} not among the entities"))
            }
        };
        match (side(x_in, x_ent, "X"), side(y_in, y_ent, "Y")) {
            (Some(a), Some(b)) => format!("{} event: {a}; {b}", want.as_str()),
            (Some(a), None) | (None, Some(a)) => format!("{} event: {a}", want.as_str()),
            (None, None) => format!(
                "{} event: X and Y in different events or one entity",
                want.as_str()
            ),
        }
    };
    (Outcome::Missed(cat), lenient)
}

/// One listed miss.
#[derive(Debug, Clone)]
pub struct Miss {
    pub id: String,
    pub title: String,
    pub category: String,
    /// The parsed parties, for reading the listing.
    pub parties: String,
}

/// The figures of a readout run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Documents whose title starts with "Readout".
    pub readouts: usize,
    pub overall: Ratio,
    pub call: Ratio,
    pub meeting: Ratio,
    /// CALL and MEET alike.
    pub lenient: Ratio,
    /// Skipped titles by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Every skipped title with its reason.
    pub skipped_titles: Vec<(String, String)>,
    pub misses: Vec<Miss>,
}

impl Report {
    pub fn used(&self) -> usize {
        self.overall.total
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// Miss counts by category, most frequent first.
    pub fn miss_categories(&self) -> Vec<(String, usize)> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for x in &self.misses {
            *m.entry(x.category.as_str()).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// The first `n` misses, one per line, then the first `n` skipped
    /// titles.
    pub fn miss_listing(&self, n: usize) -> String {
        let mut s = String::new();
        for m in self.misses.iter().take(n) {
            s.push_str(&format!(
                "miss\t{}\t{}\t{}\t{}\n",
                m.category, m.id, m.title, m.parties
            ));
        }
        for (reason, title) in self.skipped_titles.iter().take(n) {
            s.push_str(&format!("skipped\t{reason}\t{title}\n"));
        }
        s
    }

    pub fn to_json_line(&self) -> String {
        let r = |x: f64| (x * 10000.0).round() / 10000.0;
        json!({
            "eval": "readouts",
            "readouts": self.readouts,
            "used": self.used(),
            "skipped": self.skipped_total(),
            "recall": r(self.overall.value_or_zero()),
            "found": self.overall.hits,
            "recall_call": r(self.call.value_or_zero()),
            "n_call": self.call.total,
            "recall_meeting": r(self.meeting.value_or_zero()),
            "n_meeting": self.meeting.total,
            "recall_call_or_meet": r(self.lenient.value_or_zero()),
        })
        .to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "White House readouts: {} titled 'Readout', {} used, {} skipped",
            self.readouts,
            self.used(),
            self.skipped_total()
        )?;
        let mut sk: Vec<(&String, &usize)> = self.skipped.iter().collect();
        sk.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, n) in sk {
            writeln!(f, "    skipped {n:>5}  {reason}")?;
        }
        let line = |f: &mut fmt::Formatter<'_>, name: &str, r: Ratio| {
            writeln!(
                f,
                "  recall {:<22} {:.3}  ({}/{})",
                name,
                r.value_or_zero(),
                r.hits,
                r.total
            )
        };
        line(f, "overall", self.overall)?;
        line(f, "calls (CALL)", self.call)?;
        line(f, "meetings (MEET)", self.meeting)?;
        line(f, "CALL or MEET, any", self.lenient)?;
        let cats = self.miss_categories();
        if !cats.is_empty() {
            writeln!(f, "  misses by category:")?;
            for (c, n) in cats {
                writeln!(f, "    {n:>5}  {c}")?;
            }
        }
        Ok(())
    }
}

/// One document of the White House file.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct WhDoc {
    pub id: String,
    pub date: Option<String>,
    pub title: String,
    pub text: String,
}

/// Reads the readouts (titles starting with "Readout") of a docs.jsonl.
pub fn load_readouts(path: &Path) -> Result<Vec<WhDoc>> {
    let data = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the White House documents", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let d: WhDoc = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not a document", path.display(), i + 1))?;
        if d.title.trim_start().starts_with("Readout") {
            out.push(d);
        }
    }
    if out.is_empty() {
        bail!("{}: no document titled 'Readout ...'", path.display());
    }
    Ok(out)
}

/// Runs the extractor over every usable readout of `path` and scores it.
pub fn evaluate_file(path: &Path) -> Result<Report> {
    let docs = load_readouts(path)?;
    let ex = chronicle_extract::Extractor::new();
    let mut rep = Report {
        readouts: docs.len(),
        ..Default::default()
    };
    for d in &docs {
        let t = match parse_title(&d.title) {
            Ok(t) => t,
            Err(reason) => {
                *rep.skipped.entry(reason.to_string()).or_default() += 1;
                rep.skipped_titles
                    .push((reason.to_string(), d.title.clone()));
                continue;
            }
        };
        let published = d
            .date
            .as_deref()
            .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let meta = chronicle_extract::Meta {
            id: Some(d.id.clone()),
            published,
            source: Some("The White House".into()),
            outlet_country: Some("USA".into()),
            ..Default::default()
        };
        let rec = ex.extract(&d.text, &meta);
        let (outcome, lenient) = judge(&t, &rec);
        let found = outcome == Outcome::Found;
        rep.overall.count(found);
        rep.lenient.count(lenient);
        match t.kind {
            Kind::Call => rep.call.count(found),
            Kind::Meeting => rep.meeting.count(found),
        }
        if let Outcome::Missed(cat) = outcome {
            rep.misses.push(Miss {
                id: d.id.clone(),
                title: d.title.clone(),
                category: cat,
                parties: t.describe(),
            });
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_parse_into_kind_and_parties() {
        let t = parse_title(
            "Readout of President Joe Biden’s Call with Chancellor Olaf Scholz of Germany",
        )
        .unwrap();
        assert_eq!(t.kind, Kind::Call);
        assert_eq!(t.x.names, ["joe", "biden"]);
        assert_eq!(t.y.len(), 1);
        assert_eq!(t.y[0].names, ["olaf", "scholz"]);
        assert_eq!(t.y[0].country.as_deref(), Some("DEU"));

        let t = parse_title("Readout of President Joseph R. Biden, Jr. Call with President Emmanuel Macron of France").unwrap();
        assert_eq!(t.kind, Kind::Call);
        assert_eq!(t.x.names.last().map(String::as_str), Some("biden"));

        let t = parse_title("Readout of President Biden’s Meeting with Prime Minister Kishida Fumio of Japan and President Yoon Suk Yeol of the Republic of Korea").unwrap();
        assert_eq!(t.kind, Kind::Meeting);
        assert_eq!(t.y.len(), 2);
        assert_eq!(t.y[1].country.as_deref(), Some("KOR"));

        let t = parse_title("Readout of President Joe Biden’s Call with Crown Prince and Prime Minister Mohammed bin Salman of the Kingdom of Saudi Arabia").unwrap();
        assert_eq!(t.y.len(), 1);
        assert_eq!(t.y[0].names.last().map(String::as_str), Some("salman"));

        let t = parse_title("Readout of National Security Advisor Jake Sullivan’s Call with NATO Secretary General Jens Stoltenberg").unwrap();
        assert_eq!(t.x.names, ["jake", "sullivan"]);
        assert_eq!(t.y[0].org.as_deref(), Some("NATO"));

        let t = parse_title(
            "Readout of the Vice President’s Video Call with President Lopez Obrador of Mexico",
        );
        assert_eq!(t.map(|t| t.kind), Ok(Kind::Call));

        let t = parse_title("Readout from NSC Spokesperson Emily Horne on National Security Advisor Jake Sullivan’s Call with Afghan National Security Advisor Hamdullah Mohib").unwrap();
        assert_eq!(t.x.names, ["jake", "sullivan"]);
        assert_eq!(t.y[0].names, ["hamdullah", "mohib"]);
        assert_eq!(t.y[0].country.as_deref(), Some("AFG"));
        let t = parse_title("Readout of National Security Advisor Jake Sullivan’s Call with National Security Advisor Kim Sung-han of the Republic of Korea").unwrap();
        assert_eq!(t.y[0].names, ["kim", "sung-han"]);
        let t = parse_title("Readout of National Security Advisor Jake Sullivan’s Meeting with President Santiago Peña of Paraguay").unwrap();
        assert_eq!(t.y[0].names, ["santiago", "peña"]);
        let t = parse_title("Readout of the President’s Calls with Senator Murray and Senator Kaine on the Build Back Better Act").unwrap();
        assert_eq!(t.x.title.as_deref(), Some("president"));
        assert_eq!(
            t.y.iter().map(|p| p.names.join(" ")).collect::<Vec<_>>(),
            ["murray", "kaine"]
        );
        let t = parse_title("Readout of Vice President Kamala Harris’s Meeting with Prime Minister Boris Johnson of the United Kingdom of Great Britain and Northern Ireland").unwrap();
        assert_eq!(t.y.len(), 1, "{:?}", t.y);
        assert_eq!(
            parse_title(
                "Readout of Oval Office Meeting with Senators Capito, Barrasso, and Wicker"
            ),
            Err("first party is a group or institution")
        );
        assert_eq!(
            parse_title("Readout of President Biden’s Meeting with Congressional Leaders"),
            Err("second party is a group or institution")
        );
        assert_eq!(
            parse_title("Readout of the Inaugural Meeting of the White House Competition Council"),
            Err("no 'with'")
        );
    }
}
