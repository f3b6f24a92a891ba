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

/// Days either side of the publication date that an undated event is taken
/// to fall in.
pub const UNDATED_WINDOW: i64 = 30;

// ---------------------------------------------------------------- names

/// Folds the common Latin diacritics to ASCII ("Sébastien" → "Sebastien"),
/// curly apostrophes to straight ones; other characters are kept.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let r = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
            'ç' | 'ć' | 'č' => "c",
            'Ç' | 'Ć' | 'Č' => "C",
            'ď' | 'đ' => "d",
            'Ď' | 'Đ' => "D",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
            'ğ' => "g",
            'Ğ' => "G",
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
            'ł' | 'ľ' | 'ĺ' => "l",
            'Ł' | 'Ľ' | 'Ĺ' => "L",
            'ñ' | 'ń' | 'ň' => "n",
            'Ñ' | 'Ń' | 'Ň' => "N",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => "O",
            'ř' | 'ŕ' => "r",
            'Ř' | 'Ŕ' => "R",
            'ś' | 'š' | 'ş' | 'ș' => "s",
            'Ś' | 'Š' | 'Ş' | 'Ș' => "S",
            'ß' => "ss",
            'ť' | 'ţ' | 'ț' => "t",
            'Ť' | 'Ţ' | 'Ț' => "T",
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => "U",
            'ý' | 'ÿ' => "y",
            'Ý' | 'Ÿ' => "Y",
            'ź' | 'ż' | 'ž' => "z",
            'Ź' | 'Ż' | 'Ž' => "Z",
            '\u{2018}' | '\u{2019}' | '`' => "'",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(r);
    }
    out
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
}

impl DateSpan {
    /// The span of an event: its resolved time, else a window of
    /// ±[`UNDATED_WINDOW`] days around the publication date, else `None`.
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
                });
            }
        }
        let (p, _) = published.and_then(parse_date)?;
        Some(DateSpan {
            start: p - UNDATED_WINDOW,
            end: p + UNDATED_WINDOW,
            day: false,
        })
    }

    /// Days between the spans; 0 when they overlap.
    pub fn gap(&self, other: &DateSpan) -> i64 {
        (self.start.max(other.start) - self.end.min(other.end)).max(0)
    }

    /// The span of a stored event, from its date columns: its start, end
    /// and granularity when it has a start, else the window around its
    /// sort date (the publication date of its first report).
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
/// month dates and the window of an undated event.
pub const SHORT_SPAN: i64 = 62;

/// Dates are compatible when either is unknown, when the spans overlap, or
/// when both are single days at most [`DAY_SLACK`] days apart.
pub fn dates_compatible(a: Option<&DateSpan>, b: Option<&DateSpan>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            let gap = a.gap(b);
            gap == 0 || (a.day && b.day && gap <= DAY_SLACK)
        }
        _ => true,
    }
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

fn interval(v: Option<f64>, lo: Option<f64>, hi: Option<f64>) -> Option<(f64, f64)> {
    match (v, lo, hi) {
        (Some(v), _, _) => Some((v, v)),
        (None, Some(lo), Some(hi)) => Some((lo.min(hi), lo.max(hi))),
        (None, Some(lo), None) => Some((lo, f64::INFINITY)),
        (None, None, Some(hi)) => Some((0.0, hi)),
        _ => None,
    }
}

fn intervals_close(a: (f64, f64), b: (f64, f64)) -> bool {
    let t = 1.0 + AMOUNT_TOLERANCE;
    a.0 <= b.1 * t && b.0 <= a.1 * t
}

/// Amounts are compatible when either is unknown or when they agree within
/// [`AMOUNT_TOLERANCE`] (ranges: overlap within it). Raw values are compared
/// when the currencies are equal, else the normalized USD figures.
pub fn amounts_compatible(a: &AidView, b: &AidView) -> bool {
    if let (Some(ca), Some(cb)) = (&a.currency, &b.currency) {
        if ca == cb {
            if let (Some(ia), Some(ib)) = (
                interval(a.value, a.min, a.max),
                interval(b.value, b.min, b.max),
            ) {
                return intervals_close(ia, ib);
            }
        }
    }
    match (
        interval(a.usd, a.usd_min, a.usd_max),
        interval(b.usd, b.usd_min, b.usd_max),
    ) {
        (Some(ia), Some(ib)) => intervals_close(ia, ib),
        _ => true,
    }
}

/// Aid records are compatible when both are running totals or both are
/// packages, the kinds agree (or one is unspecified) and the amounts are
/// compatible.
pub fn aid_compatible(a: Option<&AidView>, b: Option<&AidView>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => {
            a.cumulative == b.cumulative
                && (a.kind == b.kind
                    || a.kind == AidKind::Unspecified
                    || b.kind == AidKind::Unspecified)
                && amounts_compatible(a, b)
        }
        // One record has no aid block: nothing to contradict, unless the
        // other is a running total (a total is never a reported act).
        (Some(x), None) | (None, Some(x)) => !x.cumulative,
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
    /// The named event (GATHERING), as a canonical entity.
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

fn set_agrees(a: &BTreeSet<i64>, b: &BTreeSet<i64>) -> bool {
    a.is_empty() || b.is_empty() || a == b
}

/// Actor sets match by canonical entity. Symmetric types (MEET, CALL,
/// AGREEMENT, GATHERING): the sets of all parties are equal and not empty
/// (a GATHERING also matches by its named event). Directed types (VISIT,
/// AID_*): sources equal or one side empty, targets likewise, and at least
/// one of the two is given by both.
pub fn actors_compatible(a: &EventView, b: &EventView) -> bool {
    if symmetric(a.kind) {
        if a.kind == EventType::GATHERING {
            if let (Some(x), Some(y)) = (a.name, b.name) {
                return x == y;
            }
        }
        let (x, y) = (a.all_actors(), b.all_actors());
        return !x.is_empty() && x == y;
    }
    let both_source = !a.source.is_empty() && !b.source.is_empty();
    let both_target = !a.target.is_empty() && !b.target.is_empty();
    set_agrees(&a.source, &b.source)
        && set_agrees(&a.target, &b.target)
        && (both_source || both_target)
}

/// Locations agree when equal or when either is unknown.
pub fn locations_compatible(a: Option<i64>, b: Option<i64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Two events are one real event: same type, compatible status, actors,
/// location, dates and aid.
pub fn events_match(a: &EventView, b: &EventView) -> bool {
    a.kind == b.kind
        && status_compatible(a.status, b.status)
        && actors_compatible(a, b)
        && locations_compatible(a.location, b.location)
        && dates_compatible(a.date.as_ref(), b.date.as_ref())
        && aid_compatible(a.aid.as_ref(), b.aid.as_ref())
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
        let d = |x: &str| {
            DateSpan::of_event(
                Some(&Time {
                    text: String::new(),
                    start: Some(x.into()),
                    end: None,
                    granularity: Granularity::Day,
                }),
                None,
            )
        };
        assert!(dates_compatible(
            d("2023-09-27").as_ref(),
            d("2023-09-28").as_ref()
        ));
        assert!(!dates_compatible(
            d("2023-09-01").as_ref(),
            d("2023-09-28").as_ref()
        ));
        assert!(dates_compatible(None, d("2023-09-28").as_ref()));
        let undated = DateSpan::of_event(None, Some("2023-09-28"));
        assert!(dates_compatible(undated.as_ref(), d("2023-09-10").as_ref()));
        assert!(!dates_compatible(
            undated.as_ref(),
            d("2022-09-10").as_ref()
        ));
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
        assert!(aid_compatible(
            Some(&aid(false, None)),
            Some(&aid(false, Some(120e6)))
        ));
        assert!(!aid_compatible(
            Some(&aid(true, Some(100e6))),
            Some(&aid(false, Some(100e6)))
        ));
        let mut range = aid(true, None);
        range.min = Some(3e9);
        range.max = Some(9e9);
        assert!(amounts_compatible(&range, &aid(true, Some(5e9))));
        assert!(!amounts_compatible(&range, &aid(true, Some(1e9))));
    }

    #[test]
    fn events_match_by_actors_and_dates() {
        let a = visit(&[1], &[2], Some(("2023-09-27", Granularity::Day)));
        let b = visit(&[1], &[2], Some(("2023-09-28", Granularity::Day)));
        let c = visit(&[1], &[2], Some(("2023-11-15", Granularity::Day)));
        let d = visit(&[3], &[2], Some(("2023-09-27", Granularity::Day)));
        let e = visit(&[1], &[], None);
        assert!(events_match(&a, &b));
        assert!(!events_match(&a, &c));
        assert!(!events_match(&a, &d));
        assert!(events_match(&a, &e));
        assert!(!events_match(
            &visit(&[], &[2], None),
            &visit(&[1], &[], None)
        ));
        let mut m1 = visit(&[1], &[2], None);
        m1.kind = EventType::MEET;
        let mut m2 = visit(&[2], &[], None);
        m2.kind = EventType::MEET;
        m2.participants = set(&[1]);
        assert!(events_match(&m1, &m2));
        let mut n = a.clone();
        n.status = Status::Negated;
        assert!(!events_match(&a, &n));
    }
}
