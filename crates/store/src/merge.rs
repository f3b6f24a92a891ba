//! The merge rules, as small pure functions: when two entities from
//! different documents are one real-world referent, and when two events are
//! one real event.
//!
//! The store applies them at insert time (see the crate documentation); they
//! take plain values so that they can be tested without a database.

use std::collections::BTreeSet;

use chronicle_lexicon::{CountryForm, Lexicon};
use chronicle_records::{AidKind, EntityType, EventType, Granularity, Status, Time};

/// Days of slack between two day-granular dates that still count as the same
/// event ("on Wednesday" in one report, "on Thursday" in another).
pub const DAY_SLACK: i64 = 2;

/// Relative tolerance between two amounts of the same event.
pub const AMOUNT_TOLERANCE: f64 = 0.05;

/// Days between the publication dates of two reports of an undated event
/// (or between one's publication date and the other's resolved date) that
/// still count as the same event: the same or the adjacent day.
pub const PUBLICATION_SLACK: i64 = 1;

// Every compatible pair of dates is within the store's lookup window.
const _: () = assert!(PUBLICATION_SLACK <= DAY_SLACK);

/// The longest resolved date, in days, that is evidence of identity: a day,
/// a few days, a week or a month. A year ("in 2022") or a longer range
/// says nothing about which of several events it is, and never merges.
pub const FINE_SPAN: i64 = 31;

/// The longest resolved date, in days, that an undated report (its
/// publication day as a proxy) can be the same event as: a day or a few
/// days, at most a week.
pub const PROXY_SPAN: i64 = 7;

// ---------------------------------------------------------------- names

/// Folds Latin diacritics to ASCII ("Sébastien" → "Sebastien") and curly
/// or typographic apostrophes to straight ones, as the lexicon does; other
/// characters are kept.
pub fn fold(s: &str) -> String {
    chronicle_lexicon::normalize_apostrophes(&chronicle_lexicon::fold_accents(s)).into_owned()
}

/// The comparison form of a name: folded, lowercase, punctuation dropped
/// (possessive "'s" included), words separated by one space, a leading
/// "the" dropped. "The U.K.'s Ministry of Defence" → "uk ministry of defence".
pub fn normalize_name(s: &str) -> String {
    let folded = fold(s).to_lowercase();
    let folded = folded.replace("'s ", " ");
    let folded = folded.strip_suffix("'s").unwrap_or(&folded).to_string();
    let mut words: Vec<String> = Vec::new();
    for w in folded.split(|c: char| c.is_whitespace() || c == '-' || c == '/') {
        let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
        if !w.is_empty() {
            words.push(w);
        }
    }
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    words.join(" ")
}

/// Words before a person's name that are not part of it.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "dame",
    "lord",
    "lady",
    "prof",
    "professor",
    "gen",
    "general",
    "adm",
    "admiral",
    "col",
    "colonel",
    "lt",
    "maj",
    "capt",
    "sen",
    "senator",
    "rep",
    "president",
    "pres",
    "premier",
    "chancellor",
    "minister",
    "secretary",
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "sheikh",
    "emir",
    "gov",
    "governor",
    "mayor",
    "ambassador",
    "prime",
    "foreign",
    "defense",
    "defence",
];

/// Words after a person's name that are not part of it.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// A person's name split for matching: the words before the surname
/// (given names, after honorifics) and the surname key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// The first given name, if any.
    pub given: Option<String>,
    /// Every word before the surname ("frank walter", "ursula von der").
    pub given_names: Vec<String>,
    pub surname: String,
}

impl PersonName {
    /// Splits a name: honorifics ("Mr.", "President") and suffixes ("Jr.")
    /// dropped, the last word the surname, the words before it given names.
    /// `None` when no word is left.
    pub fn parse(name: &str) -> Option<PersonName> {
        let norm = normalize_name(name);
        let mut words: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
        while words.len() > 1 && HONORIFICS.contains(&words[0]) {
            words.remove(0);
        }
        while words.len() > 1 && SUFFIXES.contains(words.last()?) {
            words.pop();
        }
        let surname = surname_key(words.last()?);
        let given_names: Vec<String> = words[..words.len() - 1]
            .iter()
            .map(|w| w.to_string())
            .collect();
        Some(PersonName {
            given: given_names.first().cloned(),
            given_names,
            surname,
        })
    }

    /// Given names as stored (space-separated), or `None`.
    pub fn given_joined(&self) -> Option<String> {
        if self.given_names.is_empty() {
            None
        } else {
            Some(self.given_names.join(" "))
        }
    }
}

/// A surname in the form transliteration variants share: doubled letters
/// collapsed, a final "iy"/"yi"/"ii" read as "y" and a final "ki" as
/// "ky" ("Zelenskyy", "Zelenskiy", "Zelenski" and "Zelensky" are one key).
pub fn surname_key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut last = None;
    for c in word.chars() {
        if Some(c) != last {
            out.push(c);
        }
        last = Some(c);
    }
    for end in ["iy", "yi", "ii", "ki"] {
        if out.len() > 3 && out.ends_with(end) {
            out.truncate(out.len() - 2);
            if end == "ki" {
                // Polish "-ski" and Russian "-sky" spellings of one name.
                out.push('k');
            }
            out.push('y');
            break;
        }
    }
    out
}

/// The consonant skeleton of a given name, for transliteration variants:
/// "x" read as "ks", "y" as "i", doubled letters collapsed, vowels after the
/// first letter dropped ("Aleksandr", "Alexander" → "alksndr"; "Sergei",
/// "Sergey" → "srg").
pub fn name_skeleton(word: &str) -> String {
    skeleton(word).collect()
}

/// The characters of [`name_skeleton`], without building the string.
fn skeleton(word: &str) -> impl Iterator<Item = char> + '_ {
    let mut last = None;
    word.chars()
        .flat_map(|c| {
            let (first, second) = match c {
                'x' => ('k', Some('s')),
                'y' => ('i', None),
                'w' => ('v', None),
                c => (c, None),
            };
            std::iter::once(first).chain(second)
        })
        .enumerate()
        .filter_map(move |(i, c)| {
            if Some(c) == last {
                return None;
            }
            last = Some(c);
            if i > 0 && "aeiou".contains(c) {
                return None;
            }
            Some(c)
        })
}

/// Two given names are compatible when equal, when one is an initial of
/// the other ("j" and "jens"), or when their skeletons are equal and at
/// least two letters long.
pub fn given_word_compatible(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.chars().count() == 1 {
        return long.starts_with(short);
    }
    // The skeletons are equal and at least two bytes long, compared as
    // they are produced.
    let (mut x, mut y) = (skeleton(a), skeleton(b));
    let mut len = 0;
    loop {
        match (x.next(), y.next()) {
            (None, None) => return len >= 2,
            (Some(p), Some(q)) if p == q => len += p.len_utf8(),
            _ => return false,
        }
    }
}

/// Given names are compatible when one side has none, when the first
/// given names are compatible (an initial allowed), or when some full
/// given word of one equals (or sounds like) some full given word of the
/// other ("Pact Jens" and "Jens", "Frank Walter" and "Walter"); a middle
/// initial matches nothing ("Lyndon B." is not "Boris").
pub fn given_compatible(a: &[String], b: &[String]) -> bool {
    let (Some(fa), Some(fb)) = (a.first(), b.first()) else {
        return true;
    };
    if given_word_compatible(fa, fb) {
        return true;
    }
    let full = |w: &&String| w.chars().count() > 1;
    a.iter()
        .filter(full)
        .any(|x| b.iter().filter(full).any(|y| given_word_compatible(x, y)))
}

/// Countries are compatible when equal or when either is unknown.
pub fn country_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => true,
    }
}

/// An already-stored person the new one may merge into.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonCandidate {
    pub id: i64,
    /// Its given names, space-separated, or `None` for a surname only.
    pub given: Option<String>,
    pub country: Option<String>,
}

impl PersonCandidate {
    fn given_names(&self) -> Vec<String> {
        self.given
            .as_deref()
            .map(|g| {
                g.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Chooses the stored person a new person (already known to share the
/// surname key) is. A candidate qualifies with a compatible given name
/// ([`given_compatible`]) and a compatible country, except that an
/// identical first given name needs no country agreement (the extractor's
/// affiliations are noisy; two namesakes in one corpus are rarer). Among
/// qualifying candidates an identical first given name, then a known equal
/// country, rank first; a tie (a bare "Mr. Biden" with two Bidens stored)
/// is a new person.
pub fn choose_person(
    name: &PersonName,
    country: Option<&str>,
    candidates: &[PersonCandidate],
) -> Option<i64> {
    let same_first =
        |given: &[String]| name.given.is_some() && name.given.as_ref() == given.first();
    let compatible: Vec<(&PersonCandidate, Vec<String>)> = candidates
        .iter()
        .map(|c| (c, c.given_names()))
        .filter(|(c, given)| {
            same_first(given)
                || (country_compatible(country, c.country.as_deref())
                    && given_compatible(&name.given_names, given))
        })
        .collect();
    if compatible.len() <= 1 {
        return compatible.first().map(|(c, _)| c.id);
    }
    let score = |(c, given): &(&PersonCandidate, Vec<String>)| {
        let mut s = 0;
        if same_first(given) {
            s += 2;
        }
        if country.is_some() && c.country.as_deref() == country {
            s += 1;
        }
        s
    };
    let best = compatible.iter().map(score).max().unwrap_or(0);
    let top: Vec<&(&PersonCandidate, Vec<String>)> =
        compatible.iter().filter(|c| score(c) == best).collect();
    if top.len() == 1 {
        Some(top[0].0.id)
    } else {
        None
    }
}

/// How an entity is looked up across documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityKey {
    /// The merge key: `country:GBR`, `org:nato`, `person:shapps`,
    /// `place:UKR:kyiv`, `gpe:…`, `loc:…`, `event:…`.
    pub key: String,
    /// The name the canonical entity should carry, when the key implies one
    /// (a country's common name, an organization's short name).
    pub canonical_name: Option<String>,
    /// The country implied by the key (for a country), else the record's.
    pub country: Option<String>,
    /// For people: the parsed name.
    pub person: Option<PersonName>,
}

/// The merge key of an entity.
///
/// - GPE/NORP naming a country (a country name, code, demonym or metonym in
///   the lexicon, or any NORP with a country): `country:ISO3`, named by the
///   lexicon's common name. A capital or other city stays a place of its
///   country: `place:ISO3:name`.
/// - ORG: a known organization by its short name (`org:nato` for "Nato",
///   "NATO" and "North Atlantic Treaty Organization"), else its normalized
///   name; the store also looks it up among recorded aliases.
/// - PERSON: `person:` + surname key; the given name and country decide
///   among candidates ([`choose_person`]).
/// - anything else: kind + normalized name (+ country for places).
pub fn entity_key(kind: EntityType, name: &str, country: Option<&str>) -> EntityKey {
    let lex = Lexicon::get();
    let country = country
        .map(|c| c.trim().to_ascii_uppercase())
        .filter(|c| !c.is_empty());
    let norm = normalize_name(name);
    let plain = |key: String| EntityKey {
        key,
        canonical_name: None,
        country: country.clone(),
        person: None,
    };
    match kind {
        EntityType::GPE | EntityType::NORP => {
            let hit = lex.country(name.trim()).or_else(|| {
                // "UKRAINE" in a headline: try "Ukraine".
                let t = name.trim();
                if t.len() > 3 && t.chars().all(|c| !c.is_lowercase()) {
                    lex.country(&title_case(t))
                } else {
                    None
                }
            });
            let iso = match (hit, &country) {
                (Some(h), Some(c)) if h.iso3 == c.as_str() && h.form != CountryForm::Capital => {
                    Some(c.clone())
                }
                (Some(h), None) if h.form != CountryForm::Capital => Some(h.iso3.to_string()),
                (_, Some(c)) if kind == EntityType::NORP => Some(c.clone()),
                _ => None,
            };
            match iso {
                Some(iso) => EntityKey {
                    key: format!("country:{iso}"),
                    canonical_name: lex.country_info(&iso).map(|c| c.name.clone()),
                    country: Some(iso),
                    person: None,
                },
                None => {
                    let c = country
                        .clone()
                        .or_else(|| hit.map(|h| h.iso3.to_string()))
                        .unwrap_or_else(|| "-".into());
                    // A capital's spellings ("Kiev", "Kyiv") are one place,
                    // named as the lexicon names it, when the country has
                    // one capital.
                    let capital = hit
                        .filter(|h| h.form == CountryForm::Capital && h.iso3 == c.as_str())
                        .and_then(|h| lex.country_info(h.iso3))
                        .filter(|info| info.capitals.len() == 1)
                        .map(|info| info.capitals[0].clone());
                    let (norm, canonical_name) = match capital {
                        Some(cap) => (normalize_name(&cap), Some(cap)),
                        None => (norm, None),
                    };
                    EntityKey {
                        key: format!("place:{c}:{norm}"),
                        canonical_name,
                        country: if c == "-" { None } else { Some(c) },
                        person: None,
                    }
                }
            }
        }
        EntityType::ORG => match lex.org(name.trim()) {
            Some(org) => EntityKey {
                key: format!("org:{}", normalize_name(&org.short)),
                canonical_name: Some(org.short.clone()),
                country: country.clone(),
                person: None,
            },
            None => plain(format!("org:{norm}")),
        },
        EntityType::PERSON => match PersonName::parse(name) {
            Some(p) => EntityKey {
                key: format!("person:{}", p.surname),
                canonical_name: None,
                country: country.clone(),
                person: Some(p),
            },
            None => plain(format!("person:{norm}")),
        },
        EntityType::LOC | EntityType::FAC => {
            let c = country.clone().unwrap_or_else(|| "-".into());
            plain(format!("{}:{c}:{norm}", kind.as_str().to_ascii_lowercase()))
        }
        EntityType::EVENT | EntityType::PRODUCT => {
            plain(format!("{}:{norm}", kind.as_str().to_ascii_lowercase()))
        }
    }
}

fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

// ---------------------------------------------------------------- dates

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The inverse of [`days_from_civil`], as `YYYY-MM-DD`.
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(
        if m == 12 { y + 1 } else { y },
        if m == 12 { 1 } else { m + 1 },
        1,
    ) - days_from_civil(y, m, 1)
}

/// Parses an ISO date, full (`2023-09-27`) or partial (`2023-09`, `2023`),
/// to the first and last day it covers. A time part after `T` is ignored.
pub fn parse_date(s: &str) -> Option<(i64, i64)> {
    let s = s.trim();
    let s = s.split('T').next()?;
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str| -> Option<i64> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 4 {
            None
        } else {
            p.parse().ok()
        }
    };
    match parts.as_slice() {
        [y] => {
            let y = num(y)?;
            Some((days_from_civil(y, 1, 1), days_from_civil(y, 12, 31)))
        }
        [y, m] => {
            let (y, m) = (num(y)?, num(m)?);
            if !(1..=12).contains(&m) {
                return None;
            }
            let first = days_from_civil(y, m, 1);
            Some((first, first + days_in_month(y, m) - 1))
        }
        [y, m, d] => {
            let (y, m, d) = (num(y)?, num(m)?, num(d)?);
            if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
                return None;
            }
            let day = days_from_civil(y, m, d);
            Some((day, day))
        }
        _ => None,
    }
}

/// The days an event is known to fall in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub start: i64,
    pub end: i64,
    /// Both ends are single days the text gave (granularity `day`).
    pub day: bool,
    /// The text gave no date: the span is the publication day, standing in
    /// for the event's date (weak evidence, see [`dates_compatible`]).
    pub proxy: bool,
}

impl DateSpan {
    /// The span of an event: its resolved time, else its publication day
    /// as a proxy (`proxy` set), else `None`.
    pub fn of_event(time: Option<&Time>, published: Option<&str>) -> Option<DateSpan> {
        if let Some(t) = time {
            if let Some((s, e0)) = t.start.as_deref().and_then(parse_date) {
                let e = t
                    .end
                    .as_deref()
                    .and_then(parse_date)
                    .map(|(_, e)| e)
                    .unwrap_or(e0)
                    .max(s);
                return Some(DateSpan {
                    start: s,
                    end: e,
                    day: t.granularity == Granularity::Day && s == e,
                    proxy: false,
                });
            }
        }
        let (p, _) = published.and_then(parse_date)?;
        Some(DateSpan {
            start: p,
            end: p,
            day: false,
            proxy: true,
        })
    }

    /// Days between the spans; 0 when they overlap.
    pub fn gap(&self, other: &DateSpan) -> i64 {
        (self.start.max(other.start) - self.end.min(other.end)).max(0)
    }

    /// Days the span covers (1 for a single day).
    pub fn days(&self) -> i64 {
        self.end - self.start + 1
    }

    /// The span of a stored event, from its date columns: its start, end
    /// and granularity when it has a start, else its sort date (the
    /// publication date of its first report) as a proxy.
    pub fn of_stored(
        date_start: Option<&str>,
        date_end: Option<&str>,
        granularity: Option<&str>,
        sort_date: Option<&str>,
    ) -> Option<DateSpan> {
        match date_start {
            Some(s) => {
                let time = Time {
                    text: String::new(),
                    start: Some(s.to_string()),
                    end: date_end.map(str::to_string),
                    granularity: match granularity {
                        Some("day") => Granularity::Day,
                        Some("week") => Granularity::Week,
                        Some("month") => Granularity::Month,
                        Some("year") => Granularity::Year,
                        _ => Granularity::Unknown,
                    },
                };
                DateSpan::of_event(Some(&time), None)
            }
            None => DateSpan::of_event(None, sort_date),
        }
    }
}

/// The longest span (end minus start, in days) that the store's
/// `events_type_span` lookups find by their start; longer ones are found
/// through the partial index `events_type_long_span`. Covers day, week and
/// month dates.
pub const SHORT_SPAN: i64 = 62;

/// Dates are evidence that two reports are one event:
///
/// - both resolved: each at most [`FINE_SPAN`] days long (a year-granular
///   date never merges), and the spans overlap or are single days at most
///   [`DAY_SLACK`] days apart;
/// - one undated (its publication day as a proxy), the other resolved: the
///   resolved span is at most [`PROXY_SPAN`] days long and within
///   [`PUBLICATION_SLACK`] days of the publication day;
/// - both undated: published the same or the adjacent day
///   ([`PUBLICATION_SLACK`]);
/// - no date at all (no resolved date, no publication date): never.
///
/// Every compatible pair is at most [`DAY_SLACK`] days apart, which the
/// store's candidate lookup relies on.
pub fn dates_compatible(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    dates_agree(a, b, FINE_SPAN)
}

/// Dates of two mentions of one named event (a GATHERING whose name both
/// records give): as [`dates_compatible`], except that a resolved date of
/// any length counts at its own granularity ("the 2022 summit" is the one
/// in June 2022), so that only overlapping dates merge: a year-granular
/// mention never absorbs into another year, and the meetings of a
/// recurring forum on other days stay apart.
pub fn named_dates_compatible(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    dates_agree(a, b, i64::MAX)
}

fn dates_agree(a: Option<&DateSpan>, b: Option<&DateSpan>, longest: i64) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let gap = a.gap(b);
    match (a.proxy, b.proxy) {
        (true, true) => gap <= PUBLICATION_SLACK,
        (true, false) | (false, true) => {
            let resolved = if a.proxy { b } else { a };
            resolved.days() <= PROXY_SPAN && gap <= PUBLICATION_SLACK
        }
        (false, false) => {
            a.days() <= longest
                && b.days() <= longest
                && (gap == 0 || (a.day && b.day && gap <= DAY_SLACK))
        }
    }
}

fn day_level(d: Option<&DateSpan>) -> bool {
    d.is_some_and(|d| d.day || d.proxy)
}

/// Day-level dates, for types whose same parties often act again within a
/// month (AGREEMENT): each date is a single resolved day or an undated
/// report's publication day, and [`dates_compatible`] holds.
pub fn day_dates_compatible(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    day_level(a) && day_level(b) && dates_compatible(a, b)
}

/// The same day, for meetings and calls: the same two leaders often talk
/// on consecutive days (a bilateral meeting the day before a summit, a
/// second call the next afternoon). Each date is a single resolved day or
/// an undated report's publication day, and the days are equal.
pub fn same_day_dates_compatible(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    day_level(a) && day_level(b) && a.zip(b).is_some_and(|(a, b)| a.gap(b) == 0)
}

// ---------------------------------------------------------------- amounts

/// What the merge rules need of an aid record.
#[derive(Debug, Clone, PartialEq)]
pub struct AidView {
    pub kind: AidKind,
    pub cumulative: bool,
    pub currency: Option<String>,
    pub value: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub usd: Option<f64>,
    pub usd_min: Option<f64>,
    pub usd_max: Option<f64>,
}

/// The amount as an interval. An open-ended range ("more than $1 billion",
/// "up to $1 billion") is taken at its stated bound: merging compares what
/// the texts state, not what they leave open.
fn interval(v: Option<f64>, lo: Option<f64>, hi: Option<f64>) -> Option<(f64, f64)> {
    match (v, lo, hi) {
        (Some(v), _, _) => Some((v, v)),
        (None, Some(lo), Some(hi)) => Some((lo.min(hi), lo.max(hi))),
        (None, Some(x), None) | (None, None, Some(x)) => Some((x, x)),
        _ => None,
    }
}

/// The intervals overlap once each is widened by the relative `tolerance`.
fn intervals_close(a: (f64, f64), b: (f64, f64), tolerance: f64) -> bool {
    let t = 1.0 + tolerance;
    a.0 <= b.1 * t && b.0 <= a.1 * t
}

impl AidView {
    /// The record states an amount (a value or a range bound, raw or in
    /// USD).
    pub fn has_amount(&self) -> bool {
        interval(self.value, self.min, self.max).is_some()
            || interval(self.usd, self.usd_min, self.usd_max).is_some()
    }
}

/// Amounts agree within [`AMOUNT_TOLERANCE`] (ranges: overlap within it).
/// Raw values are compared when the currencies are equal, else the
/// normalized USD figures. An amount missing on either side, or not
/// comparable (no common currency, no USD figure), never agrees.
pub fn amounts_compatible(a: &AidView, b: &AidView) -> bool {
    if let (Some(ca), Some(cb)) = (&a.currency, &b.currency) {
        if ca == cb {
            if let (Some(ia), Some(ib)) = (
                interval(a.value, a.min, a.max),
                interval(b.value, b.min, b.max),
            ) {
                return intervals_close(ia, ib, AMOUNT_TOLERANCE);
            }
        }
    }
    match (
        interval(a.usd, a.usd_min, a.usd_max),
        interval(b.usd, b.usd_min, b.usd_max),
    ) {
        (Some(ia), Some(ib)) => intervals_close(ia, ib, AMOUNT_TOLERANCE),
        _ => false,
    }
}

/// Aid records are one act when both state an amount and the amounts
/// agree, both are running totals or both are packages (a running total
/// never merges with a package it contains), and the kinds agree (or one is
/// unspecified). Aid without an amount ("support for Ukraine") never
/// merges: nothing tells one such pledge from another. Two records without
/// an aid block (events of other types) are compatible.
pub fn aid_compatible(a: Option<&AidView>, b: Option<&AidView>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.cumulative == b.cumulative
                && (a.kind == b.kind
                    || a.kind == AidKind::Unspecified
                    || b.kind == AidKind::Unspecified)
                && a.has_amount()
                && b.has_amount()
                && amounts_compatible(a, b)
        }
        (Some(_), None) | (None, Some(_)) => false,
        (None, None) => true,
    }
}

// ---------------------------------------------------------------- events

/// Statuses that can describe the same real event: asserted, planned and
/// expected freely; negated only with negated, hypothetical only with
/// hypothetical.
pub fn status_compatible(a: Status, b: Status) -> bool {
    let class = |s: Status| match s {
        Status::Asserted | Status::Planned | Status::Expected => 0,
        Status::Negated => 1,
        Status::Hypothetical => 2,
    };
    class(a) == class(b)
}

/// Types whose actors are interchangeable parties (who is "source" is a
/// matter of phrasing).
pub fn symmetric(kind: EventType) -> bool {
    matches!(
        kind,
        EventType::MEET | EventType::CALL | EventType::AGREEMENT | EventType::GATHERING
    )
}

/// An event reduced to what the merge rules compare; actors are canonical
/// entity ids.
#[derive(Debug, Clone, PartialEq)]
pub struct EventView {
    pub kind: EventType,
    pub status: Status,
    pub source: BTreeSet<i64>,
    pub target: BTreeSet<i64>,
    pub participants: BTreeSet<i64>,
    pub location: Option<i64>,
    /// The named event (GATHERING), as a canonical entity; the store leaves
    /// out a name that is not [`distinctive_event_name`].
    pub name: Option<i64>,
    pub date: Option<DateSpan>,
    pub aid: Option<AidView>,
}

impl EventView {
    pub fn all_actors(&self) -> BTreeSet<i64> {
        self.source
            .iter()
            .chain(&self.target)
            .chain(&self.participants)
            .copied()
            .collect()
    }
}

/// Words of a gathering's name that do not tell one gathering from another:
/// the kind of gathering, its rank, edition or host ("White House"), words
/// that describe many ("strategic", "bilateral"), function words.
const GENERIC_EVENT_WORDS: &[&str] = &[
    "a",
    "and",
    "annual",
    "at",
    "bilateral",
    "conference",
    "conferences",
    "convening",
    "convention",
    "dialogue",
    "dialogues",
    "eighth",
    "expo",
    "exposition",
    "fifth",
    "first",
    "forum",
    "forums",
    "fourth",
    "gathering",
    "global",
    "high",
    "house",
    "in",
    "inaugural",
    "international",
    "leader",
    "leaders",
    "level",
    "meeting",
    "meetings",
    "minister",
    "ministerial",
    "ministers",
    "next",
    "ninth",
    "of",
    "on",
    "retreat",
    "roundtable",
    "second",
    "session",
    "sessions",
    "seventh",
    "sixth",
    "special",
    "strategic",
    "summit",
    "summits",
    "symposium",
    "talks",
    "tenth",
    "the",
    "third",
    "to",
    "trilateral",
    "virtual",
    "white",
    "workshop",
    "world",
];

/// Whether a gathering's name tells which gathering it is: some word of it
/// is more than the kind of gathering, its edition or a year ("NATO
/// Summit", "Summit of the Americas", "Major Economies Forum" are names;
/// "Summit", "the Leaders' Summit", "the 2023 Forum", "the White House
/// Summit", "the Strategic Dialogue" are not). A name that
/// is not distinctive is no evidence, and the gathering merges as an
/// unnamed one.
pub fn distinctive_event_name(name: &str) -> bool {
    normalize_name(name).split(' ').any(|w| {
        !w.is_empty()
            && !GENERIC_EVENT_WORDS.contains(&w)
            && !w.bytes().all(|b| b.is_ascii_digit())
            && !is_ordinal(w)
    })
}

fn is_ordinal(w: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|suf| {
        w.strip_suffix(suf)
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The year a mention of a named gathering states, in the name ("G7 Summit
/// 2023") or just before it ("the 2023 G7 Summit"): `start..end` is the
/// mention in `text`.
pub fn year_of_mention(text: &str, start: usize, end: usize) -> Option<i64> {
    let year = |w: &str| -> Option<i64> {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            w.parse().ok().filter(|y| (1900..=2100).contains(y))
        } else {
            None
        }
    };
    let mention = text.get(start..end)?;
    if let Some(y) = mention.split_whitespace().find_map(year) {
        return Some(y);
    }
    text.get(..start)?
        .split_whitespace()
        .next_back()
        .and_then(year)
}

/// The span of a whole year.
pub fn year_span(year: i64) -> DateSpan {
    DateSpan {
        start: days_from_civil(year, 1, 1),
        end: days_from_civil(year, 12, 31),
        day: false,
        proxy: false,
    }
}

/// Actor sets match by canonical entity.
///
/// - Symmetric types (MEET, CALL, AGREEMENT, GATHERING): the sets of all
///   parties are equal and hold at least two (one party alone, "the
///   President met with ...", meets, calls, signs and attends many times
///   a day). A named GATHERING matches by its name instead: both records
///   name the same event (one name and no name never match). The store
///   passes only distinctive names ([`distinctive_event_name`]).
/// - Directed types (VISIT, AID_*): both give the source and the sources
///   are equal (the visitor, the donor is what the event is); targets are
///   equal or one side is empty. When either date is only a publication
///   day (`strict`), the targets must be given and equal too.
pub fn actors_compatible(a: &EventView, b: &EventView) -> bool {
    let strict = a.date.is_some_and(|d| d.proxy) || b.date.is_some_and(|d| d.proxy);
    if symmetric(a.kind) {
        if a.kind == EventType::GATHERING && (a.name.is_some() || b.name.is_some()) {
            return a.name == b.name;
        }
        let (x, y) = (a.all_actors(), b.all_actors());
        return x.len() >= 2 && x == y;
    }
    let targets = if strict {
        !a.target.is_empty() && a.target == b.target
    } else {
        a.target.is_empty() || b.target.is_empty() || a.target == b.target
    };
    !a.source.is_empty() && a.source == b.source && targets
}

/// Locations agree when equal or when either is unknown.
pub fn locations_compatible(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Two events are one real event: same type (a MEET never merges with a
/// CALL), compatible status, actors, location, dates ([`dates_compatible`];
/// MEET and CALL: [`same_day_dates_compatible`]; AGREEMENT:
/// [`day_dates_compatible`]; a named GATHERING: [`named_dates_compatible`])
/// and aid ([`aid_compatible`]).
pub fn events_match(a: &EventView, b: &EventView) -> bool {
    let (x, y) = (a.date.as_ref(), b.date.as_ref());
    let dates = match a.kind {
        EventType::MEET | EventType::CALL => same_day_dates_compatible(x, y),
        EventType::AGREEMENT => day_dates_compatible(x, y),
        EventType::GATHERING if a.name.is_some() && a.name == b.name => {
            named_dates_compatible(x, y)
        }
        _ => dates_compatible(x, y),
    };
    a.kind == b.kind
        && status_compatible(a.status, b.status)
        && actors_compatible(a, b)
        && locations_compatible(a.location, b.location)
        && dates
        && aid_compatible(a.aid.as_ref(), b.aid.as_ref())
        // An aid event without an aid block states no amount either.
        && (!matches!(a.kind, EventType::AID_PLEDGE | EventType::AID_DELIVERY)
            || (a.aid.is_some() && b.aid.is_some()))
}

// ---------------------------------------------------------------- restatements

/// The longest time, in days, between a package's report and a later
/// document's restatement of it that merging looks across.
pub const RESTATEMENT_WINDOW: i64 = 366;

/// Relative tolerance between the amounts of a package and its
/// restatement: the same figure in the same currency.
pub const RESTATED_AMOUNT_TOLERANCE: f64 = 0.01;

/// The longest time, in days, between two reports of one distinctive
/// amount ([`distinctive_amount`]) that are one package without other
/// evidence: a package passes, is signed and is told of within weeks.
pub const DISTINCT_AMOUNT_WINDOW: i64 = 62;

/// Share of distinct words two evidence sentences have in common
/// (intersection over union) to be one sentence told again.
pub const RESTATED_WORDS: f64 = 0.8;

/// One document's report of an aid event, as the restatement rule reads
/// it: the document's publication day (days since the epoch, see
/// [`parse_date`]) and the evidence sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Report<'a> {
    pub published: Option<i64>,
    pub evidence: Option<&'a str>,
}

/// A report whose own text dates the event well before the report was
/// published ("Last June, the G7 committed $50 billion", in January): it
/// tells again what was announced then.
pub fn back_reference(date: Option<&DateSpan>, published: Option<i64>) -> bool {
    match (date, published) {
        (Some(d), Some(p)) => !d.proxy && d.end < p - PUBLICATION_SLACK,
        _ => false,
    }
}

fn words(s: &str) -> BTreeSet<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Two evidence sentences are one sentence told again: at least
/// [`RESTATED_WORDS`] of their distinct words are shared, and each has at
/// least six (a short phrase is no sentence to recognize).
pub fn same_sentence(a: &str, b: &str) -> bool {
    let (x, y) = (words(a), words(b));
    if x.len() < 6 || y.len() < 6 {
        return false;
    }
    let shared = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    shared / union >= RESTATED_WORDS
}

/// An amount with at least two significant digits whose last is neither
/// 0 nor 5 ($61 billion, $2.72 million, $344 million): unlike the round
/// amounts packages often share ($1 billion, $325 million), two reports of
/// it by one donor to one recipient within weeks are one package.
pub fn distinctive_amount(v: f64) -> bool {
    if !(v.is_finite() && v > 0.0) {
        return false;
    }
    let sci = format!("{v:.6e}");
    let mantissa = sci.split('e').next().unwrap_or("");
    let digits: String = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .trim_end_matches('0')
        .to_string();
    digits.len() >= 2 && !digits.ends_with('5')
}

/// The same amount in the same currency, within
/// [`RESTATED_AMOUNT_TOLERANCE`].
fn same_stated_amount(a: &AidView, b: &AidView) -> bool {
    let (Some(ca), Some(cb)) = (&a.currency, &b.currency) else {
        return false;
    };
    let (Some(ia), Some(ib)) = (
        interval(a.value, a.min, a.max),
        interval(b.value, b.min, b.max),
    ) else {
        return false;
    };
    ca == cb && intervals_close(ia, ib, RESTATED_AMOUNT_TOLERANCE)
}

/// A later document tells of a package again: an aid event of the same
/// type and compatible status, both packages (no running total), kinds
/// agreeing (or one unspecified), the same stated amount and currency
/// ([`RESTATED_AMOUNT_TOLERANCE`]), the same recipients (given on both
/// sides), donors of which one side names all the other's ("President
/// Biden and G7 leaders committed" against "the G7 committed"), a
/// compatible location, and within [`RESTATEMENT_WINDOW`] days; and one of:
///
/// - a back-reference ([`back_reference`]) on either side whose date
///   overlaps the other's ("Last June ..." against a report of June);
/// - the same evidence sentence told again ([`same_sentence`]), unless both
///   sides resolve their own dates and these do not overlap (the same
///   wording of "Today we announce $1 billion" on two days is two
///   packages);
/// - a [`distinctive_amount`] within [`DISTINCT_AMOUNT_WINDOW`] days, with
///   the same proviso on dates ("the House passed $61 billion for
///   Ukraine", "Biden signed the $61 billion package").
///
/// Donors agree when one side names all the other's, or both name the same
/// state (`states`: the ids of the stored entities that are countries), so
/// that "the House passed" and "Biden signed" are both the United States'.
/// `ra` and `rb` are every document's report of each side. Round amounts
/// recur (many packages of $1 billion), so neither a round amount nor the
/// donor alone is evidence.
pub fn restatement_match(
    a: &EventView,
    ra: &[Report],
    b: &EventView,
    rb: &[Report],
    states: &BTreeSet<i64>,
) -> bool {
    if a.kind != b.kind
        || !matches!(a.kind, EventType::AID_PLEDGE | EventType::AID_DELIVERY)
        || !status_compatible(a.status, b.status)
        || !locations_compatible(a.location, b.location)
    {
        return false;
    }
    let (Some(xa), Some(xb)) = (&a.aid, &b.aid) else {
        return false;
    };
    let aid = !xa.cumulative
        && !xb.cumulative
        && (xa.kind == xb.kind
            || xa.kind == AidKind::Unspecified
            || xb.kind == AidKind::Unspecified)
        && same_stated_amount(xa, xb);
    let donors = !a.source.is_empty()
        && !b.source.is_empty()
        && (a.source.is_subset(&b.source)
            || b.source.is_subset(&a.source)
            || a.source.intersection(&b.source).any(|e| states.contains(e)));
    let recipients = !a.target.is_empty() && a.target == b.target;
    if !(aid && donors && recipients) {
        return false;
    }
    let (Some(da), Some(db)) = (a.date, b.date) else {
        return false;
    };
    let gap = da.gap(&db);
    if gap > RESTATEMENT_WINDOW {
        return false;
    }
    let first = |r: &[Report]| r.iter().filter_map(|r| r.published).min();
    if gap == 0 && (back_reference(Some(&da), first(ra)) || back_reference(Some(&db), first(rb))) {
        return true;
    }
    if !da.proxy && !db.proxy && gap > 0 {
        return false;
    }
    let point = |x: &AidView| interval(x.value, x.min, x.max).filter(|(lo, hi)| lo == hi);
    if gap <= DISTINCT_AMOUNT_WINDOW && point(xa).is_some_and(|(v, _)| distinctive_amount(v)) {
        return true;
    }
    ra.iter().filter_map(|r| r.evidence).any(|x| {
        rb.iter()
            .filter_map(|r| r.evidence)
            .any(|y| same_sentence(x, y))
    })
}

/// How far apart two matching events are, to pick the closest candidate:
/// the gap in days between their dates (0 when unknown).
pub fn match_distance(a: &EventView, b: &EventView) -> i64 {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.gap(y),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[i64]) -> BTreeSet<i64> {
        v.iter().copied().collect()
    }

    fn visit(src: &[i64], tgt: &[i64], date: Option<(&str, Granularity)>) -> EventView {
        EventView {
            kind: EventType::VISIT,
            status: Status::Asserted,
            source: set(src),
            target: set(tgt),
            participants: set(&[]),
            location: None,
            name: None,
            date: date.and_then(|(d, g)| {
                DateSpan::of_event(
                    Some(&Time {
                        text: String::new(),
                        start: Some(d.into()),
                        end: Some(d.into()),
                        granularity: g,
                    }),
                    None,
                )
            }),
            aid: None,
        }
    }

    fn aid(cumulative: bool, usd: Option<f64>) -> AidView {
        AidView {
            kind: AidKind::Military,
            cumulative,
            currency: Some("USD".into()),
            value: usd,
            min: None,
            max: None,
            usd,
            usd_min: None,
            usd_max: None,
        }
    }

    fn time(start: &str, end: &str, g: Granularity) -> Time {
        Time {
            text: String::new(),
            start: Some(start.into()),
            end: Some(end.into()),
            granularity: g,
        }
    }

    fn day(d: &str) -> Option<DateSpan> {
        DateSpan::of_event(Some(&time(d, d, Granularity::Day)), None)
    }

    fn span(start: &str, end: &str, g: Granularity) -> Option<DateSpan> {
        DateSpan::of_event(Some(&time(start, end, g)), None)
    }

    fn undated(published: &str) -> Option<DateSpan> {
        DateSpan::of_event(None, Some(published))
    }

    fn ev(kind: EventType, src: &[i64], tgt: &[i64], date: Option<DateSpan>) -> EventView {
        EventView {
            kind,
            status: Status::Asserted,
            source: set(src),
            target: set(tgt),
            participants: set(&[]),
            location: None,
            name: None,
            date,
            aid: None,
        }
    }

    #[test]
    fn names_normalize() {
        assert_eq!(
            normalize_name("The U.K.'s Ministry of Defence"),
            "uk ministry of defence"
        );
        assert_eq!(normalize_name("Sébastien  Lecornu"), "sebastien lecornu");
        assert_eq!(normalize_name("Zelensky’s office"), "zelensky office");
    }

    #[test]
    fn person_names_parse_and_compare() {
        let p = PersonName::parse("Mr. Volodymyr Zelenskyy").unwrap();
        assert_eq!(p.given.as_deref(), Some("volodymyr"));
        assert_eq!(p.surname, "zelensky");
        assert_eq!(PersonName::parse("Zelenskiy").unwrap().surname, "zelensky");
        assert_eq!(PersonName::parse("Zełenski").unwrap().surname, "zelensky");
        assert!(given_word_compatible("wolodymyr", "volodymyr"));
        let s = PersonName::parse("Mr. Shapps").unwrap();
        assert_eq!(s.given, None);
        let g = |s: &str| PersonName::parse(s).unwrap().given_names;
        assert!(given_compatible(
            &g("J. Stoltenberg"),
            &g("Jens Stoltenberg")
        ));
        assert!(given_compatible(
            &g("Pact Jens Stoltenberg"),
            &g("Jens Stoltenberg")
        ));
        assert!(given_compatible(&g("Sergei Lavrov"), &g("Sergey Lavrov")));
        assert!(given_compatible(
            &g("Aleksandr Lukashenko"),
            &g("Alexander Lukashenko")
        ));
        assert!(given_compatible(
            &g("Linda Thomas-Greenfield"),
            &g("Thomas-Greenfield")
        ));
        assert!(!given_compatible(&g("Joe Biden"), &g("Jill Biden")));
        assert!(!given_compatible(
            &g("Boris Johnson"),
            &g("Lyndon B. Johnson")
        ));
        assert!(given_compatible(&[], &g("Jill Biden")));
    }

    #[test]
    fn choose_person_prefers_exact_and_refuses_ambiguity() {
        let cands = vec![
            PersonCandidate {
                id: 1,
                given: Some("joe".into()),
                country: Some("USA".into()),
            },
            PersonCandidate {
                id: 2,
                given: Some("jill".into()),
                country: Some("USA".into()),
            },
        ];
        let joe = PersonName::parse("Joe Biden").unwrap();
        assert_eq!(choose_person(&joe, Some("USA"), &cands), Some(1));
        let bare = PersonName::parse("Mr. Biden").unwrap();
        assert_eq!(choose_person(&bare, Some("USA"), &cands), None);
        let j = PersonName::parse("J. Biden").unwrap();
        assert_eq!(choose_person(&j, None, &cands), None);
        // The same full name merges despite a different (noisy) country;
        // an initial needs the country to agree.
        let other = PersonName::parse("Joe Biden").unwrap();
        assert_eq!(choose_person(&other, Some("GBR"), &cands), Some(1));
        let initial = PersonName::parse("J. Biden").unwrap();
        assert_eq!(choose_person(&initial, Some("GBR"), &cands[..1]), None);
        assert_eq!(choose_person(&bare, None, &cands[..1]), Some(1));
    }

    #[test]
    fn countries_key_by_iso_and_cities_stay_places() {
        let a = entity_key(EntityType::GPE, "Britain", Some("GBR"));
        let b = entity_key(EntityType::NORP, "British", Some("GBR"));
        let c = entity_key(EntityType::GPE, "the U.K.", None);
        assert_eq!(a.key, "country:GBR");
        assert_eq!(a.key, b.key);
        assert_eq!(a.key, c.key);
        let kyiv = entity_key(EntityType::GPE, "Kyiv", Some("UKR"));
        assert_eq!(kyiv.key, "place:UKR:kyiv");
        let kiev = entity_key(EntityType::GPE, "Kiev", Some("UKR"));
        assert_eq!(kiev.key, kyiv.key);
        assert_eq!(kiev.canonical_name.as_deref(), Some("Kyiv"));
        assert_eq!(
            entity_key(EntityType::GPE, "UKRAINE", None).key,
            "country:UKR"
        );
        let nato = entity_key(EntityType::ORG, "North Atlantic Treaty Organization", None);
        assert_eq!(nato.key, entity_key(EntityType::ORG, "NATO", None).key);
    }

    #[test]
    fn dates_parse_and_compare() {
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), "2024-02-29");
        let (s, e) = parse_date("2023-09").unwrap();
        assert_eq!(civil_from_days(s), "2023-09-01");
        assert_eq!(civil_from_days(e), "2023-09-30");
        assert!(parse_date("2023-02-30").is_none());
        assert!(parse_date("soon").is_none());
        assert!(dates_compatible(
            day("2023-09-27").as_ref(),
            day("2023-09-28").as_ref()
        ));
        assert!(!dates_compatible(
            day("2023-09-01").as_ref(),
            day("2023-09-28").as_ref()
        ));
        // A month holds a day in it; a week overlapping it too.
        assert!(dates_compatible(
            span("2023-09", "2023-09", Granularity::Month).as_ref(),
            day("2023-09-28").as_ref()
        ));
        // No date at all is no evidence.
        assert!(!dates_compatible(None, day("2023-09-28").as_ref()));
        assert!(!dates_compatible(None, None));
        // The stored form of an undated event is its publication day.
        assert_eq!(
            DateSpan::of_stored(None, None, None, Some("2023-09-28")),
            undated("2023-09-28")
        );
        assert!(undated("2023-09-28").unwrap().proxy);
        assert!(!day("2023-09-28").unwrap().proxy);
    }

    #[test]
    fn an_undated_report_merges_only_on_its_publication_day_or_the_next() {
        let p = undated("2023-10-20");
        // Two undated reports: the same or the adjacent publication day.
        assert!(dates_compatible(p.as_ref(), undated("2023-10-20").as_ref()));
        assert!(dates_compatible(p.as_ref(), undated("2023-10-21").as_ref()));
        assert!(!dates_compatible(
            p.as_ref(),
            undated("2023-10-22").as_ref()
        ));
        assert!(!dates_compatible(
            p.as_ref(),
            undated("2023-11-10").as_ref()
        ));
        // An undated report and a dated one: the date within a day of the
        // publication day, and short.
        assert!(dates_compatible(p.as_ref(), day("2023-10-19").as_ref()));
        assert!(!dates_compatible(p.as_ref(), day("2023-10-18").as_ref()));
        assert!(!dates_compatible(p.as_ref(), day("2023-09-28").as_ref()));
        assert!(!dates_compatible(
            p.as_ref(),
            span("2023-10", "2023-10", Granularity::Month).as_ref()
        ));
        assert!(dates_compatible(
            p.as_ref(),
            span("2023-10-19", "2023-10-21", Granularity::Day).as_ref()
        ));
    }

    #[test]
    fn a_year_or_a_long_range_is_no_evidence() {
        let year = span("2022", "2022", Granularity::Year);
        assert!(!dates_compatible(year.as_ref(), day("2022-06-26").as_ref()));
        assert!(!dates_compatible(year.as_ref(), year.as_ref()));
        assert!(!dates_compatible(
            year.as_ref(),
            undated("2022-06-26").as_ref()
        ));
        let quarter = span("2022-04", "2022-06", Granularity::Month);
        assert!(!dates_compatible(
            quarter.as_ref(),
            day("2022-05-02").as_ref()
        ));
    }

    #[test]
    fn a_later_call_told_as_a_meeting_stays_apart_from_the_visit_meeting() {
        // A meeting on a dated day, then readouts of later talks between the
        // same two leaders ("The President and Prime Minister discussed
        // ..."), undated and published days or weeks later.
        let mut met = ev(EventType::MEET, &[1], &[2], day("2023-10-18"));
        met.location = Some(9);
        let later = ev(EventType::MEET, &[1], &[2], undated("2023-10-22"));
        let much_later = ev(EventType::MEET, &[2], &[1], undated("2023-11-09"));
        assert!(!events_match(&met, &later));
        assert!(!events_match(&met, &much_later));
        assert!(!events_match(&later, &much_later));
        // The same day's report of the meeting itself merges, told either
        // way round; a meeting of theirs the next day is another one.
        let same_day = ev(EventType::MEET, &[2], &[1], undated("2023-10-18"));
        assert!(events_match(&met, &same_day));
        let next_day = ev(EventType::MEET, &[2], &[1], undated("2023-10-19"));
        assert!(!events_match(&met, &next_day));
        assert!(!events_match(
            &met,
            &ev(EventType::MEET, &[1], &[2], day("2023-10-19"))
        ));
        // A week or a month is not a day.
        let week = span("2023-10-16", "2023-10-22", Granularity::Week);
        assert!(!events_match(&met, &ev(EventType::MEET, &[1], &[2], week)));
        // Two calls of the same leaders on consecutive days: two calls.
        let call1 = ev(EventType::CALL, &[1], &[2], day("2023-10-22"));
        let call2 = ev(EventType::CALL, &[1], &[2], undated("2023-10-23"));
        assert!(!events_match(&call1, &call2));
        // A MEET never merges with a CALL, even between the same parties
        // on the same day.
        let call = ev(EventType::CALL, &[1], &[2], day("2023-10-18"));
        assert!(!events_match(&met, &call));
        assert!(!events_match(&call, &met));
        // One party alone meets many people a day.
        let alone = ev(EventType::MEET, &[1], &[], day("2023-10-18"));
        assert!(!events_match(&alone, &alone.clone()));
        // Another party on the same day is another meeting.
        let other = ev(EventType::MEET, &[1], &[3], day("2023-10-18"));
        assert!(!events_match(&met, &other));
    }

    #[test]
    fn agreements_need_two_parties_and_day_level_dates() {
        // One signatory (a memorandum signed by the President), a month
        // apart or the same day: never one agreement.
        let memo = ev(EventType::AGREEMENT, &[1], &[], undated("2025-03-01"));
        let memo2 = ev(EventType::AGREEMENT, &[1], &[], undated("2025-03-31"));
        let memo3 = ev(EventType::AGREEMENT, &[1], &[], undated("2025-03-01"));
        assert!(!events_match(&memo, &memo2));
        assert!(!events_match(&memo, &memo3));
        // Two parties, the same day: one agreement.
        let signed = ev(EventType::AGREEMENT, &[1], &[2], day("2023-08-18"));
        let told = ev(EventType::AGREEMENT, &[2], &[1], undated("2023-08-18"));
        assert!(events_match(&signed, &told));
        assert!(events_match(
            &signed,
            &ev(EventType::AGREEMENT, &[1, 2], &[], day("2023-08-19"))
        ));
        // A month- or week-level date is not a day.
        let month = ev(
            EventType::AGREEMENT,
            &[1],
            &[2],
            span("2023-08", "2023-08", Granularity::Month),
        );
        assert!(!events_match(&signed, &month));
        let week = ev(
            EventType::AGREEMENT,
            &[1],
            &[2],
            span("2023-08-14", "2023-08-20", Granularity::Week),
        );
        assert!(!events_match(&signed, &week));
        // Two agreements of the same parties a few days apart.
        assert!(!events_match(
            &signed,
            &ev(EventType::AGREEMENT, &[1], &[2], day("2023-08-25"))
        ));
    }

    #[test]
    fn named_gatherings_merge_by_name_and_overlapping_dates_only() {
        let named = |name: i64, date: Option<DateSpan>| {
            let mut g = ev(EventType::GATHERING, &[1], &[], date);
            g.name = Some(name);
            g
        };
        let summit = named(10, span("2021-06-11", "2021-06-13", Granularity::Day));
        // A report of one of its days, or undated on its last day.
        assert!(events_match(&summit, &named(10, day("2021-06-12"))));
        assert!(events_match(&summit, &named(10, undated("2021-06-13"))));
        // The same name a year later ("the G-7 Summit in June" written in
        // 2022), or a year-granular mention: never the 2021 summit.
        let next = named(10, span("2022-06", "2022-06", Granularity::Month));
        assert!(!events_match(&summit, &next));
        let year = named(10, span("2022", "2022", Granularity::Year));
        assert!(!events_match(&summit, &year));
        // "The 2021 summit": the same name, its own year.
        let same_year = named(10, span("2021", "2021", Granularity::Year));
        assert!(events_match(&summit, &same_year));
        assert!(!events_match(&summit, &named(10, undated("2022-06-12"))));
        // A recurring forum: its meetings on other dates stay apart.
        let forum = named(11, day("2009-04-27"));
        assert!(!events_match(&forum, &named(11, day("2009-05-25"))));
        assert!(!events_match(
            &forum,
            &named(11, span("2009-05", "2009-05", Granularity::Month))
        ));
        // Another name (another summit of the same parties), or a name
        // against none: not one gathering.
        assert!(!events_match(&summit, &named(12, day("2021-06-12"))));
        let unnamed = ev(EventType::GATHERING, &[1], &[], day("2021-06-12"));
        assert!(!events_match(&summit, &unnamed));
        assert!(!events_match(&unnamed, &summit));
        // Unnamed gatherings: the same two or more parties, compatible
        // dates; one party alone attends many gatherings.
        assert!(!events_match(
            &unnamed,
            &ev(EventType::GATHERING, &[1], &[], day("2021-06-13"))
        ));
        let two = ev(EventType::GATHERING, &[1, 2], &[], day("2021-06-12"));
        assert!(!events_match(&unnamed, &two));
        assert!(events_match(
            &two,
            &ev(EventType::GATHERING, &[2], &[1], day("2021-06-13"))
        ));
    }

    #[test]
    fn a_year_before_or_in_a_gatherings_name_is_read() {
        let t = "reaffirmed at the 2023 G7 Summit in Hiroshima.";
        let s = t.find("G7").unwrap();
        assert_eq!(year_of_mention(t, s, s + "G7 Summit".len()), Some(2023));
        let t = "at the G7 Summit 2021 (Carbis Bay)";
        let s = t.find("G7").unwrap();
        assert_eq!(
            year_of_mention(t, s, s + "G7 Summit 2021".len()),
            Some(2021)
        );
        let t = "on 12 June at the G7 Summit";
        let s = t.find("G7").unwrap();
        assert_eq!(year_of_mention(t, s, t.len()), None);
        let t = "some 2000 delegates at the Summit";
        let s = t.find("Summit").unwrap();
        assert_eq!(year_of_mention(t, s, t.len()), None);
        let y = year_span(2023);
        assert_eq!(civil_from_days(y.start), "2023-01-01");
        assert_eq!(civil_from_days(y.end), "2023-12-31");
    }

    #[test]
    fn a_bare_kind_of_gathering_is_no_name() {
        for generic in [
            "Summit",
            "the Summit",
            "Leaders’ Summit",
            "Forum",
            "Dialogue",
            "the 2023 Summit",
            "First Ministerial Meeting",
            "10th Session",
            "White House Summit",
            "Strategic Dialogue",
            "Expo",
        ] {
            assert!(!distinctive_event_name(generic), "{generic}");
        }
        for name in [
            "NATO Summit",
            "Summit of the Americas",
            "Major Economies Forum",
            "G7 Summit",
            "U.S.-ASEAN Special Summit",
            "East Asia Summit",
            "Cities Summit of the Americas",
        ] {
            assert!(distinctive_event_name(name), "{name}");
        }
    }

    #[test]
    fn aid_without_an_amount_never_merges() {
        let pledge = |a: Option<AidView>, date| {
            let mut e = ev(EventType::AID_PLEDGE, &[1], &[2], date);
            e.aid = a;
            e
        };
        // Two "support for Ukraine" sentences: no amount, no merge.
        let vague = pledge(Some(aid(false, None)), day("2023-09-27"));
        assert!(!events_match(&vague, &vague.clone()));
        let stated = pledge(Some(aid(false, Some(325e6))), day("2023-09-27"));
        assert!(!events_match(&vague, &stated));
        assert!(!events_match(
            &pledge(None, day("2023-09-27")),
            &pledge(None, day("2023-09-27"))
        ));
        // The same amount the same day: one pledge.
        assert!(events_match(
            &stated,
            &pledge(Some(aid(false, Some(325e6))), undated("2023-09-28"))
        ));
        // A running total never merges with a package of the same figure.
        assert!(!events_match(
            &stated,
            &pledge(Some(aid(true, Some(325e6))), day("2023-09-27"))
        ));
        // Undated aid needs the same recipient too.
        let mut no_target = pledge(Some(aid(false, Some(325e6))), undated("2023-09-27"));
        no_target.target.clear();
        assert!(!events_match(&stated, &no_target));
    }

    #[test]
    fn amounts_and_totals() {
        assert!(aid_compatible(
            Some(&aid(false, Some(100e6))),
            Some(&aid(false, Some(104e6)))
        ));
        assert!(!aid_compatible(
            Some(&aid(false, Some(100e6))),
            Some(&aid(false, Some(120e6)))
        ));
        assert!(!aid_compatible(
            Some(&aid(false, None)),
            Some(&aid(false, Some(120e6)))
        ));
        assert!(!aid_compatible(Some(&aid(false, None)), None));
        assert!(aid_compatible(None, None));
        assert!(!aid_compatible(
            Some(&aid(true, Some(100e6))),
            Some(&aid(false, Some(100e6)))
        ));
        let mut range = aid(true, None);
        range.min = Some(3e9);
        range.max = Some(9e9);
        assert!(amounts_compatible(&range, &aid(true, Some(5e9))));
        assert!(!amounts_compatible(&range, &aid(true, Some(1e9))));
        // "More than $1 billion" is compared at $1 billion.
        let mut more = aid(false, None);
        more.min = Some(1e9);
        assert!(more.has_amount());
        assert!(amounts_compatible(&more, &aid(false, Some(1e9))));
        assert!(!amounts_compatible(&more, &aid(false, Some(5e9))));
    }

    #[test]
    fn events_match_by_actors_and_dates() {
        let a = visit(&[1], &[2], Some(("2023-09-27", Granularity::Day)));
        let b = visit(&[1], &[2], Some(("2023-09-28", Granularity::Day)));
        let c = visit(&[1], &[2], Some(("2023-11-15", Granularity::Day)));
        let d = visit(&[3], &[2], Some(("2023-09-27", Granularity::Day)));
        let e = visit(&[1], &[], Some(("2023-09-27", Granularity::Day)));
        assert!(events_match(&a, &b));
        assert!(!events_match(&a, &c));
        assert!(!events_match(&a, &d));
        assert!(events_match(&a, &e));
        // No date at all: never.
        assert!(!events_match(&a, &visit(&[1], &[2], None)));
        // A visit needs its visitor on both sides.
        assert!(!events_match(
            &visit(&[], &[2], Some(("2023-09-27", Granularity::Day))),
            &a
        ));
        // Undated: the visitor and the visited both given and equal.
        let mut u = visit(&[1], &[], None);
        u.date = undated("2023-09-27");
        assert!(!events_match(&a, &u));
        u.target = set(&[2]);
        assert!(events_match(&a, &u));
        let m1 = ev(EventType::MEET, &[1], &[2], day("2023-09-27"));
        let mut m2 = ev(EventType::MEET, &[2], &[], day("2023-09-27"));
        m2.participants = set(&[1]);
        assert!(events_match(&m1, &m2));
        let mut n = a.clone();
        n.status = Status::Negated;
        assert!(!events_match(&a, &n));
    }

    fn pledge(src: &[i64], usd: f64, date: Option<DateSpan>) -> EventView {
        let mut e = ev(EventType::AID_PLEDGE, src, &[2], date);
        e.aid = Some(aid(false, Some(usd)));
        e
    }

    #[allow(non_upper_case_globals)]
    static none: BTreeSet<i64> = BTreeSet::new();

    fn report<'a>(published: &str, evidence: &'a str) -> Report<'a> {
        Report {
            published: parse_date(published).map(|(d, _)| d),
            evidence: Some(evidence),
        }
    }

    #[test]
    fn a_back_reference_restates_the_package_it_points_at() {
        let announced = pledge(&[7], 50e9, undated("2024-06-14"));
        let told = [report(
            "2024-06-14",
            "G7 leaders announced a plan to provide Ukraine with $50 billion.",
        )];
        // Seven months later: "Last June, President Biden and G7 leaders
        // committed to issue $50 billion in loans."
        let later = pledge(
            &[1, 7],
            50e9,
            span("2024-06-01", "2024-06-30", Granularity::Month),
        );
        let retold = [report(
            "2025-01-10",
            "Last June, President Biden and G7 leaders committed to issue $50 billion in loans.",
        )];
        assert!(back_reference(later.date.as_ref(), retold[0].published));
        assert!(restatement_match(&announced, &told, &later, &retold, &none));
        assert!(restatement_match(&later, &retold, &announced, &told, &none));
        // The same back-reference, pointing at another month: no.
        let elsewhere = pledge(
            &[1, 7],
            50e9,
            span("2024-03-01", "2024-03-31", Granularity::Month),
        );
        assert!(!restatement_match(
            &announced, &told, &elsewhere, &retold, &none
        ));
        // Another amount, another recipient, a running total, disjoint
        // donors: no.
        assert!(!restatement_match(
            &announced,
            &told,
            &pledge(&[1, 7], 51e9, later.date),
            &retold,
            &none
        ));
        let mut other_recipient = later.clone();
        other_recipient.target = set(&[3]);
        assert!(!restatement_match(
            &announced,
            &told,
            &other_recipient,
            &retold,
            &none
        ));
        let mut total = later.clone();
        total.aid = Some(aid(true, Some(50e9)));
        assert!(!restatement_match(
            &announced, &told, &total, &retold, &none
        ));
        assert!(!restatement_match(
            &announced,
            &told,
            &pledge(&[1], 50e9, later.date),
            &retold,
            &none
        ));
    }

    #[test]
    fn a_sentence_told_again_restates_an_undated_package() {
        let s = "Saudi Arabia announced it intends to invest $600 billion in the U.S. over the next four years.";
        let a = pledge(&[5], 600e9, undated("2025-04-23"));
        let b = pledge(&[5], 600e9, undated("2025-05-30"));
        assert!(restatement_match(
            &a,
            &[report("2025-04-23", s)],
            &b,
            &[report("2025-05-30", s)],
            &none
        ));
        // Another sentence with the same amount: two packages.
        assert!(!restatement_match(
            &a,
            &[report("2025-04-23", s)],
            &b,
            &[report(
                "2025-05-30",
                "The kingdom pledged $600 billion more for ports and rail lines across the region."
            )],
            &none
        ));
        // Over a year apart: no.
        let c = pledge(&[5], 600e9, undated("2026-06-30"));
        assert!(!restatement_match(
            &a,
            &[report("2025-04-23", s)],
            &c,
            &[report("2026-06-30", s)],
            &none
        ));
    }

    #[test]
    fn one_wording_on_two_days_is_two_packages() {
        let s = "Today, the Department of Defense announced $1 billion in security assistance for Ukraine.";
        let a = pledge(&[1], 1e9, day("2023-03-03"));
        let b = pledge(&[1], 1e9, day("2023-05-09"));
        assert!(!restatement_match(
            &a,
            &[report("2023-03-03", s)],
            &b,
            &[report("2023-05-09", s)],
            &none
        ));
        assert!(same_sentence(s, s));
        assert!(!same_sentence("$1 billion", "$1 billion"));
    }

    #[test]
    fn a_distinctive_amount_told_within_weeks_is_one_package() {
        assert!(distinctive_amount(61e9));
        assert!(distinctive_amount(2.72e6));
        assert!(distinctive_amount(344e6));
        assert!(!distinctive_amount(1e9));
        assert!(!distinctive_amount(325e6));
        assert!(!distinctive_amount(50e9));
        assert!(!distinctive_amount(0.0));
        // "The House passed $61 billion for Ukraine" (the United States and
        // the House), "Biden signed the $61 billion package" (the United
        // States and Biden), four days apart.
        let us = BTreeSet::from([1]);
        let house = pledge(&[1, 8], 61e9, undated("2024-04-20"));
        let signed = pledge(&[1, 9], 61e9, day("2024-04-24"));
        let (rh, rs) = (
            [report(
                "2024-04-20",
                "The House passed $61 billion in aid for Ukraine.",
            )],
            [report(
                "2024-04-25",
                "Biden signed the $61 billion package on Wednesday.",
            )],
        );
        assert!(restatement_match(&house, &rh, &signed, &rs, &us));
        // Without a shared state, the donors (House, Biden) differ.
        assert!(!restatement_match(&house, &rh, &signed, &rs, &none));
        // Months apart, or a round amount: no.
        let autumn = pledge(&[1, 9], 61e9, undated("2024-09-20"));
        let ra = [report(
            "2024-09-20",
            "Congress approved $61 billion for Ukraine.",
        )];
        assert!(!restatement_match(&house, &rh, &autumn, &ra, &us));
        let round = pledge(&[1, 8], 60e9, undated("2024-04-20"));
        let round2 = pledge(&[1, 9], 60e9, day("2024-04-24"));
        assert!(!restatement_match(&round, &rh, &round2, &rs, &us));
    }
}
