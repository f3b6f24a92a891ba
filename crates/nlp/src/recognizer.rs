//! The named-entity recognizer: lexicons plus rules.
//!
//! Three passes over each sentence:
//!
//! 1. **Lexicon matches** — countries, capitals, demonyms, government
//!    metonyms ("the Kremlin"), international organizations and known
//!    leaders, found by the project gazetteer.
//! 2. **Capitalized spans** — maximal runs of capitalized words, joined
//!    through name-forming connectors ("Kiel Institute *for the* World
//!    Economy") only when the run is headed by an organization, event or
//!    facility word. Honorifics and titles are peeled off the front ("Mr.",
//!    "President"); sentence-initial function words and all-caps headlines
//!    are skipped. Each span is classified by its head word, by what
//!    precedes it, and by the lexicons.
//! 3. **Document pass** — a single capitalized word that repeats part of a
//!    person's name found elsewhere in the document ("Shapps" after "Grant
//!    Shapps") becomes a PERSON mention too.
//!
//! The output is `Doc::ents`: non-overlapping mentions in text order, each
//! with a label, the country it names or implies, and a lexicon key.

use std::collections::{HashMap, HashSet};

use chronicle_lexicon::{CountryForm, LexHit, Lexicon};
use chronicle_text::{Doc, Ent, Label, Span, TokenKind};

use crate::Component;

/// The rule-and-lexicon named-entity recognizer.
pub struct Recognizer {
    lex: &'static Lexicon,
    first_names: HashSet<String>,
    /// Surnames of known leaders: "Biden" alone is a person.
    surnames: HashSet<String>,
    /// The statistical model, whose mentions fill in what the rules miss.
    model: Option<crate::ner::StatisticalNer>,
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Component for Recognizer {
    fn name(&self) -> &'static str {
        "recognizer"
    }

    fn process(&self, doc: &mut Doc) {
        let mut ents = self.recognize(doc);
        join_hyphenated_names(doc, &mut ents);
        let dateline = dateline_end(doc);
        ents.retain(|e| plausible(doc, e) && e.tokens.start >= dateline);
        doc.ents = ents;
    }
}

/// A person's name runs on through a hyphen written without spaces
/// ("Abdel Fattah Al-Sisi", "Tamim bin Hamad Al-Thani") and over a
/// generational suffix ("Vann R. Newkirk II"): a mention that stops short
/// takes the words after it, and any mention they started is dropped.
fn join_hyphenated_names(doc: &Doc, ents: &mut Vec<Ent>) {
    let n = doc.tokens.len();
    let mut absorbed: Vec<usize> = Vec::new();
    for e in ents.iter_mut().filter(|e| e.label == Label::Person) {
        let mut end = e.tokens.end;
        while end + 1 < n
            && doc.token_text(end) == "-"
            && doc.tokens[end].span.start == doc.tokens[end - 1].span.end
            && doc.tokens[end + 1].span.start == doc.tokens[end].span.end
            && doc
                .token_text(end + 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            absorbed.push(end + 1);
            end += 2;
        }
        // ... and over a generational suffix ("Vann R. Newkirk II")
        if end < n
            && matches!(doc.token_text(end), "II" | "III" | "IV" | "Jr." | "Sr.")
            && doc.text()[doc.tokens[end - 1].span.end..doc.tokens[end].span.start] == *" "
        {
            absorbed.push(end);
            end += 1;
        }
        if end != e.tokens.end {
            e.tokens.end = end;
            e.span.end = doc.tokens[end - 1].span.end;
        }
    }
    if !absorbed.is_empty() {
        ents.retain(|e| !absorbed.contains(&e.tokens.start));
    }
}

/// The tokens of a dateline opening the text ("WASHINGTON (AP) —", "(CNN)-",
/// "Hong Kong CNN —" on a line of its own): where and by whom the story
/// was filed, which mentions nothing the story is about. Returns the first
/// token after it (0 when there is none). A dateline is a few capitalized
/// words, commas or a bracketed outlet before a dash, and either brackets
/// an outlet or ends its line, so an opening name set off by dashes ("Volodymyr
/// Zelensky – the Ukrainian president – said") is no dateline.
pub fn dateline_end(doc: &Doc) -> usize {
    const MAX: usize = 8;
    let text = doc.text();
    for k in 0..doc.tokens.len().min(MAX) {
        let w = doc.token_text(k);
        if matches!(w, "—" | "–" | "-" | "--") {
            if k == 0 {
                return 0;
            }
            let bracketed = (0..k).any(|i| doc.token_text(i) == "(");
            let end = doc.tokens[k].span.end;
            let ends_line = text[end..]
                .chars()
                .take_while(|c| *c != '\n')
                .all(char::is_whitespace);
            return if bracketed || ends_line { k + 1 } else { 0 };
        }
        let capital = w.chars().next().is_some_and(|c| c.is_uppercase());
        if !(capital || matches!(w, "(" | ")" | ",")) {
            return 0;
        }
    }
    0
}

/// Last checks on a mention, whatever found it: a person's name holds no
/// preposition and does not open with an ordinal ("For First Time Since",
/// "First Edition" are headline words); time zones and "TV" are no
/// organizations or places.
fn plausible(doc: &Doc, e: &Ent) -> bool {
    let words: Vec<&str> = e.tokens.clone().map(|t| doc.token_text(t)).collect();
    match e.label {
        Label::Person => {
            let preposition = words.iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "for" | "since" | "with" | "from" | "to" | "by" | "than" | "about" | "into"
                )
            });
            let ordinal = words.first().is_some_and(|w| {
                matches!(
                    *w,
                    "First" | "Second" | "Third" | "Fourth" | "Last" | "Next"
                )
            });
            // "Luhansk People('s Republic)": a collective noun ends no name
            let collective = words.last().is_some_and(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "people"
                        | "peoples"
                        | "republic"
                        | "republics"
                        | "forces"
                        | "officials"
                        | "states"
                        | "members"
                        | "leaders"
                        | "diplomats"
                        | "ministers"
                        | "nations"
                        | "authorities"
                        | "troops"
                )
            });
            // "Biden, Jr.": a generational suffix alone is nobody
            let suffix = words.len() == 1
                && matches!(
                    words[0],
                    "Jr." | "Jr" | "Sr." | "Sr" | "II" | "III" | "IV" | "Jnr" | "Snr"
                );
            !preposition && !ordinal && !collective && !suffix
        }
        Label::Org | Label::Gpe | Label::Loc => {
            let zone = words.len() == 1
                && matches!(
                    words[0],
                    "BST"
                        | "GMT"
                        | "UTC"
                        | "CET"
                        | "CEST"
                        | "EST"
                        | "EDT"
                        | "PST"
                        | "PDT"
                        | "MSK"
                        | "TV"
                );
            // A lone adjective no lexicon knows ("Greater", "Western"),
            // when the tagger has run before the recognizer.
            let adjective = words.len() == 1
                && e.label != Label::Org
                && e.country.is_none()
                && doc
                    .morph
                    .get(e.tokens.start)
                    .is_some_and(|m| matches!(m.xpos, "JJ" | "JJR" | "JJS"));
            // "to Greater Russia": a lone modifier of a name the run missed
            let modifier = words.len() == 1
                && e.country.is_none()
                && matches!(
                    words[0],
                    "Greater" | "Western" | "Eastern" | "Northern" | "Southern" | "Central"
                );
            !zone && !adjective && !modifier
        }
        _ => true,
    }
}

/// Words that start a sentence without starting a name.
const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "according",
    "across",
    "after",
    "against",
    "all",
    "also",
    "although",
    "amid",
    "among",
    "an",
    "and",
    "another",
    "any",
    "are",
    "as",
    "asked",
    "at",
    "because",
    "before",
    "being",
    "both",
    "but",
    "by",
    "can",
    "despite",
    "during",
    "each",
    "earlier",
    "either",
    "even",
    "every",
    "few",
    "following",
    "for",
    "from",
    "had",
    "has",
    "have",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "including",
    "instead",
    "is",
    "it",
    "its",
    "joint",
    "last",
    "later",
    "many",
    "meanwhile",
    "more",
    "most",
    "much",
    "my",
    "neither",
    "never",
    "news",
    "next",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "over",
    "read",
    "some",
    "since",
    "so",
    "still",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "thus",
    "to",
    "today",
    "under",
    "unlike",
    "until",
    "upon",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "yet",
    "you",
    "your",
    "photo",
    "video",
    "watch",
    "see",
    "speaking",
    "asked",
];

const HONORIFICS: &[&str] = &[
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Sir",
    "Dame",
    "Lord",
    "Lady",
    "Prof.",
    "Gen.",
    "Lt.",
    "Col.",
    "Maj.",
    "Capt.",
    "Adm.",
    "Sgt.",
    "Sen.",
    "Rep.",
    "Gov.",
    "Rev.",
    "Pope",
    "Sheikh",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "General",
    "Admiral",
    "Colonel",
    "Major",
    "Captain",
    "Lieutenant",
    "Commander",
    "Chancellor",
    "President",
    "Premier",
    "Senator",
    "Governor",
    "Mayor",
    "Ambassador",
    "Judge",
    "Justice",
    "Minister",
    "Secretary",
    "Speaker",
];

const ORG_HEADS: &[&str] = &[
    "Institute",
    "Ministry",
    "Party",
    "Council",
    "Committee",
    "Agency",
    "Bank",
    "Fund",
    "Office",
    "Organization",
    "Organisation",
    "Union",
    "Association",
    "Company",
    "Corporation",
    "Corp.",
    "Inc.",
    "Ltd",
    "Ltd.",
    "Group",
    "Commission",
    "Parliament",
    "Assembly",
    "Department",
    "Army",
    "Navy",
    "Forces",
    "Force",
    "Guard",
    "Service",
    "Services",
    "University",
    "College",
    "School",
    "Center",
    "Centre",
    "Foundation",
    "Authority",
    "Court",
    "Senate",
    "House",
    "Congress",
    "Duma",
    "Rada",
    "Cabinet",
    "Government",
    "Administration",
    "Directorate",
    "Bureau",
    "Command",
    "Alliance",
    "Coalition",
    "Network",
    "Post",
    "Times",
    "News",
    "Press",
    "Media",
    "Television",
    "TV",
    "Radio",
    "Club",
    "Federation",
    "Board",
    "Secretariat",
    "Mission",
    "Corps",
    "Brigade",
    "Battalion",
    "Regiment",
    "Division",
    "Staff",
    "Trust",
    "Programme",
    "Program",
    "Institution",
    "Inspectorate",
    "Prosecutor",
    "Tribunal",
    "Police",
    "Intelligence",
    "Embassy",
    "Consulate",
    "Journal",
    "Gazette",
    "Herald",
    "Tribune",
    "Telegraph",
    "Guardian",
    "Reuters",
    "Ukrinform",
    "Interfax",
    "Pravda",
    "Airlines",
    "Industries",
    "Systems",
    "Technologies",
    "Holdings",
    "Energy",
    "Oil",
    "Gas",
    "Motors",
    "Dynamics",
    "Rheinmetall",
    "Unit",
    "Centre",
    "Observatory",
    "Society",
    "Movement",
    "Front",
    "Bloc",
    "Caucus",
    "Delegation",
    "Chamber",
    "Cartel",
    "Consortium",
    "Partnership",
    "Facility",
    "Initiative",
    // news media: "the Sunday Times", "the Washington Post", "Berliner Zeitung"
    "Times",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Gazette",
    "Telegraph",
    "Zeitung",
    "Welle",
];

/// Heads of newspaper names that a weekday may start ("the Sunday Times").
const MEDIA_HEADS: &[&str] = &[
    "Times",
    "Telegraph",
    "Post",
    "Express",
    "Mirror",
    "Herald",
    "Tribune",
    "Observer",
];

const EVENT_HEADS: &[&str] = &[
    "Forum",
    "Summit",
    "Conference",
    "Games",
    "Olympics",
    "War",
    "Festival",
    "Expo",
    "Dialogue",
    "Talks",
    "Meeting",
    "Congress",
    "Convention",
    "Symposium",
    "Ceremony",
    "Day",
    "Week",
    "Championship",
    "Cup",
    "Parade",
    "Exercise",
    "Exercises",
    "Offensive",
    "Operation",
    "Revolution",
    "Crisis",
    "Format",
];

const FAC_HEADS: &[&str] = &[
    "Airport",
    "Bridge",
    "Plant",
    "Station",
    "Palace",
    "Square",
    "Street",
    "Building",
    "Tower",
    "Base",
    "Port",
    "Stadium",
    "Cathedral",
    "Church",
    "Hospital",
    "Dam",
    "Pipeline",
    "Prison",
    "Kremlin",
    "Hotel",
    "Hall",
    "Avenue",
];

const LOC_HEADS: &[&str] = &[
    "Sea",
    "Ocean",
    "River",
    "Mountains",
    "Valley",
    "Region",
    "Peninsula",
    "Island",
    "Islands",
    "Gulf",
    "Bay",
    "Lake",
    "Strait",
    "Desert",
    "Coast",
    "Basin",
    "Oblast",
    "Province",
    "District",
    "Territory",
    "Territories",
];

/// Places that are not countries but that news names often.
const REGIONS: &[(&str, Label)] = &[
    ("Europe", Label::Loc),
    ("Asia", Label::Loc),
    ("Africa", Label::Loc),
    ("Latin America", Label::Loc),
    ("South America", Label::Loc),
    ("North America", Label::Loc),
    ("Middle East", Label::Loc),
    ("the Middle East", Label::Loc),
    ("Balkans", Label::Loc),
    ("Baltics", Label::Loc),
    ("Scandinavia", Label::Loc),
    ("Caucasus", Label::Loc),
    ("Central Asia", Label::Loc),
    ("Eastern Europe", Label::Loc),
    ("Western Europe", Label::Loc),
    ("Central Europe", Label::Loc),
    ("Indo-Pacific", Label::Loc),
    ("Arctic", Label::Loc),
    ("Sahel", Label::Loc),
    ("Donbas", Label::Loc),
    ("Donbass", Label::Loc),
];

/// Name-forming words allowed inside a capitalized run that is headed by
/// an organization, event or facility word.
const CONNECTORS: &[&str] = &[
    "of", "for", "the", "and", "on", "de", "du", "des", "la", "le", "&",
];
/// Particles inside personal names.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "van", "von", "der", "den", "bin", "al", "el", "ibn", "di", "le", "la",
];

fn is_cap_word(tok: &str, kind: TokenKind) -> bool {
    if kind != TokenKind::Word {
        return false;
    }
    let mut chars = tok.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => true,
        // al-Assad, bin Salman: lowercase particle joined to a capitalized name
        Some(c) if c.is_lowercase() => tok.split_once('-').is_some_and(|(a, b)| {
            NAME_PARTICLES.contains(&a) && b.chars().next().is_some_and(char::is_uppercase)
        }),
        _ => false,
    }
}

/// Calendar words and the like: capitalized, but never names.
fn is_months_or_days(tok: &str) -> bool {
    chronicle_text::WEEKDAYS.contains(&tok)
        || chronicle_text::MONTHS.contains(&tok)
        || matches!(tok, "Jun." | "Jul." | "I" | "OK" | "Christmas" | "Easter")
}

impl Recognizer {
    pub fn new() -> Self {
        let lex = Lexicon::get();
        let mut first_names = HashSet::new();
        let mut surnames = HashSet::new();
        for l in lex.leaders() {
            let words: Vec<&str> = l.name.split_whitespace().collect();
            if let Some(first) = words.first() {
                if first.chars().count() > 2 {
                    first_names.insert(first.to_string());
                }
            }
            if let Some(last) = words.last().filter(|_| words.len() >= 2) {
                if last.chars().count() > 3 && last.chars().next().is_some_and(char::is_uppercase) {
                    surnames.insert(last.to_string());
                }
            }
        }
        Recognizer {
            lex,
            first_names,
            surnames,
            model: None,
        }
    }

    fn recognize(&self, doc: &Doc) -> Vec<Ent> {
        let mut ents: Vec<Ent> = Vec::new();
        let lowercase_words: HashSet<String> = doc
            .tokens
            .iter()
            .map(|t| doc.slice(t.span))
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .map(str::to_string)
            .collect();
        for s in 0..doc.sentences.len() {
            let range = doc.sentences[s].clone();
            self.sentence(doc, range, &lowercase_words, &mut ents);
        }
        self.document_pass(doc, &mut ents);
        if let Some(model) = &self.model {
            // The model's mentions where the rules found nothing: places,
            // people and organizations no lexicon lists.
            let mut taken = vec![false; doc.tokens.len()];
            for e in &ents {
                for t in e.tokens.clone() {
                    taken[t] = true;
                }
            }
            // Capitalized words seen inside a sentence, not at its start.
            let mut mid_caps: HashSet<&str> = HashSet::new();
            let mut sent_first: HashSet<usize> = HashSet::new();
            for r in &doc.sentences {
                let first = r.clone().find(|&t| doc.tokens[t].kind == TokenKind::Word);
                sent_first.extend(first);
                for t in r.clone() {
                    if Some(t) != first && is_cap_word(doc.token_text(t), doc.tokens[t].kind) {
                        mid_caps.insert(doc.token_text(t));
                    }
                }
            }
            for mut m in model.mentions(doc) {
                if !m.tokens.clone().all(|t| !taken[t]) {
                    continue;
                }
                // A lone sentence-initial word ("Alright", "Tell") that the
                // document never capitalizes elsewhere and no lexicon knows
                // is no name.
                if m.tokens.len() == 1 && m.country.is_none() && m.key.is_none() {
                    let t = m.tokens.start;
                    if sent_first.contains(&t) && !mid_caps.contains(doc.token_text(t)) {
                        continue;
                    }
                }
                // Unknown places in news are mostly towns and regions with a
                // government (GPE); the rules already know seas and
                // continents. The model's organizations and other names
                // are noisier than the rules' and are not taken.
                match m.label {
                    Label::Loc => {
                        let last = doc.token_text(m.tokens.end - 1);
                        if !LOC_HEADS.contains(&last) {
                            m.label = Label::Gpe;
                        }
                    }
                    Label::Person | Label::Gpe => {}
                    _ => continue,
                }
                ents.push(m);
            }
        }
        ents.sort_by_key(|e| e.tokens.start);
        short_org_forms(doc, &mut ents);
        ents
    }

    /// Rules and lexicons, with the statistical model filling in the
    /// mentions they miss.
    pub fn with_model() -> Self {
        Recognizer {
            model: Some(crate::ner::StatisticalNer::new()),
            ..Self::new()
        }
    }

    fn sentence(
        &self,
        doc: &Doc,
        range: std::ops::Range<usize>,
        lower: &HashSet<String>,
        out: &mut Vec<Ent>,
    ) {
        let base = range.start;
        let toks: Vec<&str> = range.clone().map(|i| doc.token_text(i)).collect();
        let kinds: Vec<TokenKind> = range.clone().map(|i| doc.tokens[i].kind).collect();
        let n = toks.len();
        // What the lexicons say about each token.
        let mut lex_at: Vec<Option<LexTag>> = vec![None; n];
        let mut title_at = vec![false; n];
        for m in self.lex.gazetteer().find(&toks) {
            let mut best: Option<(Label, Option<String>, Option<String>)> = None;
            for hit in &m.hits {
                let cand = match hit {
                    LexHit::Country(c) => {
                        let label = match c.form {
                            CountryForm::Demonym | CountryForm::DemonymPlural => Label::Norp,
                            CountryForm::Metonym => Label::Org,
                            _ => Label::Gpe,
                        };
                        Some((label, Some(c.iso3.to_string()), None))
                    }
                    LexHit::Org(o) => Some((Label::Org, None, Some(o.short.clone()))),
                    LexHit::Leader(l) => {
                        Some((Label::Person, Some(l.country.clone()), Some(l.name.clone())))
                    }
                    LexHit::Title(_) => {
                        for t in title_at.iter_mut().take(m.end).skip(m.start) {
                            *t = true;
                        }
                        None
                    }
                    LexHit::Currency(_) => None,
                };
                if best.is_none() {
                    best = cand;
                }
            }
            // Lowercase matches ("turkey", "chad") are not names.
            if !is_cap_word(toks[m.start], kinds[m.start])
                && !toks[m.start].chars().next().is_some_and(char::is_uppercase)
            {
                continue;
            }
            if let Some((label, country, key)) = best {
                for slot in lex_at.iter_mut().take(m.end).skip(m.start) {
                    *slot = Some((m.end, label, country.clone(), key.clone()));
                }
                lex_at[m.start] = Some((m.end, label, country, key));
            }
        }
        for (name, label) in REGIONS {
            let parts: Vec<&str> = name.split(' ').collect();
            for i in 0..n.saturating_sub(parts.len() - 1) {
                if toks[i..i + parts.len()] == parts[..] && lex_at[i].is_none() {
                    lex_at[i] = Some((i + parts.len(), *label, None, None));
                }
            }
        }
        let headline = {
            let words: Vec<usize> = (0..n).filter(|&i| kinds[i] == TokenKind::Word).collect();
            let caps = words
                .iter()
                .filter(|&&i| is_cap_word(toks[i], kinds[i]))
                .count();
            words.len() >= 5 && caps * 10 >= words.len() * 7
        };
        let first_word = (0..n).find(|&i| kinds[i] == TokenKind::Word);
        let mut i = 0;
        while i < n {
            let weekday_paper = chronicle_text::WEEKDAYS.contains(&toks[i])
                && i + 1 < n
                && MEDIA_HEADS.contains(&toks[i + 1]);
            if !is_cap_word(toks[i], kinds[i])
                || (is_months_or_days(toks[i]) && !weekday_paper)
                || is_closed_class(toks[i])
            {
                i += 1;
                continue;
            }
            // Maximal capitalized run, with connectors inside.
            let mut j = i + 1;
            let mut last_cap = i;
            while j < n {
                if is_cap_word(toks[j], kinds[j]) && !is_months_or_days(toks[j]) {
                    last_cap = j;
                    j += 1;
                } else if matches!(toks[j], "'s" | "’s")
                    && j + 1 < n
                    && is_cap_word(toks[j + 1], kinds[j + 1])
                    && !HONORIFICS.contains(&toks[j + 1])
                {
                    // "Donor's Conference": a possessive inside a name
                    j += 1;
                } else if matches!(toks[j], "-" | "–")
                    && j + 1 < n
                    && is_cap_word(toks[j + 1], kinds[j + 1])
                    && doc.tokens[base + j].span.start == doc.tokens[base + j - 1].span.end
                    && doc.tokens[base + j + 1].span.start == doc.tokens[base + j].span.end
                {
                    // "High-Level", "Russia-Africa": one hyphenated word
                    j += 1;
                } else if NAME_PARTICLES.contains(&toks[j])
                    && j + 2 < n
                    && matches!(toks[j + 1], "-")
                    && is_cap_word(toks[j + 2], kinds[j + 2])
                {
                    // "Omar al-Bashir": a particle joined by a hyphen
                    j += 2;
                } else if NAME_PARTICLES.contains(&toks[j])
                    && j + 2 < n
                    && NAME_PARTICLES.contains(&toks[j + 1])
                    && is_cap_word(toks[j + 2], kinds[j + 2])
                {
                    // "Ursula von der Leyen", "Maria de la Cruz"
                    j += 2;
                } else if (CONNECTORS.contains(&toks[j]) || NAME_PARTICLES.contains(&toks[j]))
                    && j + 1 < n
                    && !HONORIFICS.contains(&toks[j + 1])
                    && (is_cap_word(toks[j + 1], kinds[j + 1])
                        || (toks[j + 1] == "the"
                            && j + 2 < n
                            && is_cap_word(toks[j + 2], kinds[j + 2])))
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let run_end = last_cap + 1;
            let consumed = self.classify_run(
                doc,
                base,
                &toks,
                &kinds,
                i,
                run_end,
                &lex_at,
                &title_at,
                Some(i) == first_word,
                headline,
                lower,
                out,
            );
            i = consumed.max(i + 1);
        }
    }

    /// Classifies the capitalized run `toks[a..b]` and pushes its mentions;
    /// returns the index after what it consumed.
    #[allow(clippy::too_many_arguments)]
    fn classify_run(
        &self,
        doc: &Doc,
        base: usize,
        toks: &[&str],
        kinds: &[TokenKind],
        a: usize,
        b: usize,
        lex_at: &[Option<LexTag>],
        title_at: &[bool],
        sentence_initial: bool,
        headline: bool,
        lower: &HashSet<String>,
        out: &mut Vec<Ent>,
    ) -> usize {
        let push = |out: &mut Vec<Ent>,
                    s: usize,
                    e: usize,
                    label: Label,
                    country: Option<String>,
                    key: Option<String>| {
            if s >= e {
                return;
            }
            let tokens = base + s..base + e;
            out.push(Ent {
                span: doc.token_range_span(tokens.clone()),
                tokens,
                label,
                country,
                key,
            });
        };
        // The head: the last capitalized word before the first connector.
        let conn = (a..b).find(|&k| {
            !is_cap_word(toks[k], kinds[k]) && !matches!(toks[k], "'s" | "’s" | "-" | "–")
        });
        let head_idx = conn.map(|c| c - 1).unwrap_or(b - 1);
        let head = toks[head_idx];
        let org_like = ORG_HEADS.contains(&head);
        let event_like = EVENT_HEADS.contains(&head);
        let fac_like = FAC_HEADS.contains(&head) && head != "Kremlin";
        let loc_like = LOC_HEADS.contains(&head);
        // "Luhansk People's Republic": a state, recognized or not
        let gpe_like = matches!(
            head,
            "Republic" | "Kingdom" | "Emirate" | "Emirates" | "Principality"
        );
        let whole_lex = lex_at[a].as_ref().filter(|l| l.0 == b);
        if let Some((_, label, country, key)) = whole_lex {
            push(out, a, b, *label, country.clone(), key.clone());
            return b;
        }
        if (org_like || event_like || fac_like || loc_like || gpe_like) && b - a >= 2 && !headline {
            // "U.S. House of Representatives", "Ukrainian Ministry of Defense":
            // the whole run is one name; a country inside gives its country.
            let mut start = a;
            while start < head_idx && (title_at[start] || HONORIFICS.contains(&toks[start])) {
                start += 1;
            }
            if sentence_initial && start == a && is_function_word(toks[a], lower) {
                start += 1;
            }
            while start < head_idx && !is_cap_word(toks[start], kinds[start]) {
                start += 1;
            }
            if start >= head_idx && (org_like || event_like) && sentence_initial && start > a {
                // "News of ...": the head word itself was the sentence opener
                return b;
            }
            // "Russia's Black Sea": a place is not named after its owner
            if loc_like || fac_like {
                if let Some(poss) = (start..head_idx).rfind(|&k| matches!(toks[k], "'s" | "’s")) {
                    let owner_end = poss;
                    if lex_at[start].is_some() && owner_end > start {
                        let (_, l, c, key) =
                            lex_at[start]
                                .clone()
                                .unwrap_or((owner_end, Label::Gpe, None, None));
                        push(out, start, owner_end, l, c, key);
                    }
                    start = poss + 1;
                }
            }
            // ... but not a country the name is for ("Air Force Capability
            // Coalition for Ukraine", "Fund for Ukraine"): that one is helped,
            // the organization is not its.
            let country = (start..b)
                .filter(|&k| k == 0 || !matches!(toks[k - 1], "for" | "to"))
                .find_map(|k| lex_at[k].as_ref().and_then(|l| l.2.clone()));
            let label = if gpe_like {
                Label::Gpe
            } else if org_like {
                Label::Org
            } else if event_like {
                Label::Event
            } else if fac_like {
                Label::Fac
            } else {
                Label::Loc
            };
            // Only connectors at the front are never a name start.
            push(out, start, b, label, country, None);
            return b;
        }
        // Otherwise split the run at lexicon matches, titles and honorifics.
        let mut k = a;
        let mut person_cue = a > 0 && (HONORIFICS.contains(&toks[a - 1]) || title_at[a - 1]);
        while k < b {
            if let Some((end, label, country, key)) = &lex_at[k] {
                let end = (*end).min(b.max(*end));
                push(out, k, end, *label, country.clone(), key.clone());
                k = end;
                continue;
            }
            if title_at[k] || HONORIFICS.contains(&toks[k]) {
                person_cue = true;
                k += 1;
                continue;
            }
            if !is_cap_word(toks[k], kinds[k]) {
                // a title cues only the name right after it
                person_cue = false;
                k += 1;
                continue;
            }
            // A plain-name stretch: up to the next lexicon match or title.
            let mut e = k;
            // ... stopping at "of", "for", "and": "President Biden of Congress"
            // is two names.
            while e < b
                && lex_at[e].is_none()
                && !title_at[e]
                && !HONORIFICS.contains(&toks[e])
                && (!CONNECTORS.contains(&toks[e]) || NAME_PARTICLES.contains(&toks[e]))
                && !matches!(toks[e], "'s" | "’s")
            {
                e += 1;
            }
            while e > k && !is_cap_word(toks[e - 1], kinds[e - 1]) {
                e -= 1;
            }
            let mut s = k;
            if s == a && sentence_initial && !person_cue && is_function_word(toks[s], lower) {
                s += 1;
            }
            // "EU Military Committee", "Ukrainian Ministry of Defense": a
            // country or organization before an organization's head word is
            // part of its name.
            let head = (s..e)
                .find(|&x| !is_cap_word(toks[x], kinds[x]))
                .map(|x| x - 1)
                .unwrap_or(e.saturating_sub(1));
            let head_label = if s < e && ORG_HEADS.contains(&toks[head]) {
                Some(Label::Org)
            } else if s < e && EVENT_HEADS.contains(&toks[head]) {
                Some(Label::Event)
            } else {
                None
            };
            if let (Some(hl), false) = (head_label, headline) {
                let mut start = s;
                let mut country = None;
                if let Some(prev) = out.last() {
                    if prev.tokens.end == base + s
                        && matches!(prev.label, Label::Org | Label::Gpe | Label::Norp)
                    {
                        start = prev.tokens.start - base;
                        country = prev.country.clone();
                        out.pop();
                    }
                }
                push(out, start, e, hl, country, None);
                person_cue = false;
                k = e.max(k + 1);
                continue;
            }
            if s < e && !headline {
                let len = e - s;
                let directional = matches!(
                    toks[s],
                    "East"
                        | "West"
                        | "North"
                        | "South"
                        | "Eastern"
                        | "Western"
                        | "Northern"
                        | "Southern"
                        | "Central"
                        | "Upper"
                        | "Lower"
                );
                // "St. Petersburg", "St Louis": a place named after a saint
                let saint = matches!(toks[s], "St." | "St") && len >= 2;
                // "Die Welt", "Der Spiegel", "Deutsche Welle": German names
                // in English news are publications and companies.
                let german = matches!(toks[s], "Die" | "Der" | "Das" | "Deutsche") && len >= 2;
                let label = if directional && len >= 2 && !person_cue {
                    Some(Label::Loc)
                } else if saint && !person_cue {
                    Some(Label::Gpe)
                } else if german && !person_cue {
                    Some(Label::Org)
                } else if person_cue
                    || self.first_names.contains(toks[s])
                    || ((2..=4).contains(&len) && (s..e).all(|x| looks_like_name_word(toks[x])))
                {
                    Some(Label::Person)
                } else if len == 1 && is_acronym(toks[s]) {
                    Some(Label::Org)
                } else {
                    None
                };
                if let Some(label) = label {
                    push(out, s, e, label, None, None);
                } else if len == 1 {
                    // Left for the document pass: it may repeat a person's
                    // name; after "in", "to", "from" it is otherwise a place.
                    let locative = s > 0
                        && matches!(
                            toks[s - 1],
                            "in" | "to"
                                | "from"
                                | "near"
                                | "outside"
                                | "into"
                                | "across"
                                | "around"
                                | "toward"
                                | "towards"
                        );
                    let key = if locative {
                        UNRESOLVED_PLACE
                    } else {
                        UNRESOLVED
                    };
                    push(out, s, e, Label::Product, None, Some(key.into()));
                }
            }
            person_cue = false;
            k = e.max(k + 1);
        }
        b
    }

    /// Resolves single capitalized words that repeat a person's name, and
    /// drops what stays unresolved.
    fn document_pass(&self, doc: &Doc, ents: &mut Vec<Ent>) {
        let mut name_parts: HashMap<String, usize> = HashMap::new();
        for e in ents.iter() {
            if e.label == Label::Person && e.tokens.len() >= 2 {
                for t in e.tokens.clone() {
                    let w = doc.token_text(t);
                    if is_cap_word(w, doc.tokens[t].kind) {
                        *name_parts.entry(w.to_string()).or_default() += 1;
                    }
                }
            }
        }
        let org_short = org_short_names(doc, ents);
        ents.retain_mut(|e| {
            let place = e.key.as_deref() == Some(UNRESOLVED_PLACE);
            if e.key.as_deref() != Some(UNRESOLVED) && !place {
                return true;
            }
            let w = doc.slice(e.span);
            if org_short.contains(w) {
                e.label = Label::Org;
                e.key = None;
                true
            } else if name_parts.contains_key(w) || self.surnames.contains(w) {
                e.label = Label::Person;
                e.key = None;
                true
            } else if place {
                e.label = Label::Gpe;
                e.key = None;
                true
            } else {
                false
            }
        });
        let _ = Span::default();
    }
}

/// "Wagner" after "the Wagner Group", "Hamas" after ... : a single word
/// that is an organization's name without its head word ("Group",
/// "Party", ...) names that organization, not a person or a place.
fn short_org_forms(doc: &Doc, ents: &mut [Ent]) {
    let short = org_short_names(doc, ents);
    if short.is_empty() {
        return;
    }
    for e in ents.iter_mut() {
        if e.tokens.len() == 1
            && matches!(e.label, Label::Person | Label::Gpe)
            && e.country.is_none()
            && short.contains(doc.token_text(e.tokens.start))
        {
            e.label = Label::Org;
            e.key = None;
        }
    }
}

/// The first words of two-word organization names ending in a head word.
fn org_short_names<'d>(doc: &'d Doc, ents: &[Ent]) -> HashSet<&'d str> {
    let mut short = HashSet::new();
    for e in ents {
        if e.label == Label::Org && e.tokens.len() == 2 {
            let head = doc.token_text(e.tokens.end - 1);
            let first = doc.token_text(e.tokens.start);
            if ORG_HEADS.contains(&head) && first.chars().next().is_some_and(char::is_uppercase) {
                short.insert(first);
            }
        }
    }
    short
}

const UNRESOLVED: &str = "\u{0}unresolved";
const UNRESOLVED_PLACE: &str = "\u{0}unresolved-place";

/// What the lexicons say about a token: the end of the phrase it starts
/// or belongs to, its label, country and lexicon key.
type LexTag = (usize, Label, Option<String>, Option<String>);

/// Function words that never start a name, wherever they are capitalized
/// ("If Putin ...", after a quote or a colon).
fn is_closed_class(w: &str) -> bool {
    matches!(
        w,
        "If" | "But"
            | "And"
            | "Or"
            | "When"
            | "While"
            | "As"
            | "After"
            | "Before"
            | "Although"
            | "Because"
            | "One"
            | "Two"
            | "Three"
            | "Four"
            | "Five"
            | "Six"
            | "Seven"
            | "Eight"
            | "Nine"
            | "Ten"
            | "Several"
            | "Few"
            | "Dozens"
            | "Hundreds"
            | "Thousands"
            | "Millions"
            | "Neither"
            | "Either"
            | "Among"
            | "Amid"
            | "Following"
            | "Without"
            | "Unlike"
            | "Like"
            | "Since"
            | "Though"
            | "Despite"
            | "Meanwhile"
            | "However"
            | "Yet"
            | "So"
            | "Then"
            | "Once"
            | "Unless"
            | "Whether"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "His"
            | "Her"
            | "Its"
            | "Their"
            | "Our"
            | "My"
            | "Your"
            | "In"
            | "On"
            | "At"
            | "For"
            | "With"
            | "From"
            | "By"
            | "Of"
            | "To"
            | "During"
            | "Under"
            | "Over"
            | "About"
            | "According"
            | "Asked"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "There"
            | "Here"
            | "Now"
            | "Still"
            | "Also"
            | "Even"
            | "Many"
            | "Some"
            | "Most"
            | "All"
            | "Both"
            | "Each"
            | "Every"
            | "No"
            | "Not"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Which"
            | "Where"
    )
}

fn is_function_word(w: &str, lower: &HashSet<String>) -> bool {
    let l = w.to_lowercase();
    FUNCTION_WORDS.contains(&l.as_str()) || lower.contains(&l)
}

fn looks_like_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !w.chars().any(|c| c.is_ascii_digit())
        && !(w.len() > 1 && w.chars().all(|c| c.is_uppercase() || !c.is_alphabetic()))
}

fn is_acronym(w: &str) -> bool {
    // All-caps words that are not organizations.
    const NOT_ORGS: &[&str] = &[
        "ASAP", "CEO", "CFO", "GDP", "TV", "PM", "AM", "OK", "FAQ", "PDF", "USD", "EUR", "GBP",
        "UAH", "RUB", "II", "III", "IV", "VIP", "AI", "ID", "IT", "LGBT", "LGBTQ", "COVID", "HQ",
        "MP", "MPS", "MEP", "MEPS", "FM", "PR", "CCTV", "DIY", "ETA", "FYI", "NB", "PS", "RIP",
        "SMS", "URL", "VS", "WWII", "WWI",
    ];
    if NOT_ORGS.contains(&w.trim_end_matches('s')) || NOT_ORGS.contains(&w) {
        return false;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();

    (2..=6).contains(&letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-' || c.is_ascii_digit())
}
