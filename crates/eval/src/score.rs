//! Scoring a system's records against gold annotations.
//!
//! [`score`] takes `(gold, records, text)` triples and returns an
//! [`EvalReport`]: per-document and micro-averaged precision, recall and F1
//! for events (strict and relaxed, and per event type), quotes, quote
//! speakers and entities, plus a list of mismatches for debugging. It does
//! no I/O and never panics on malformed input (unknown entity ids,
//! out-of-range offsets, empty lists).
//!
//! # Matching rules
//!
//! Strings are compared folded (see [`mod@fold`]): case, diacritics,
//! apostrophes (curly or straight), periods and other punctuation do not
//! matter, and a leading `the ` is dropped from names.
//!
//! **Actors.** A system actor is an entity id; it stands for the entity's
//! name and the texts of its mentions, and, when the entity is a GPE or
//! NORP, for its `country`. A gold actor is an entity name or alias of the
//! gold file (it then stands for that entity's name and aliases, and for
//! its `country` when that entity is a GPE or NORP), an ISO alpha-3 code
//! (standing for the code and for the names and aliases of the gold GPE
//! and NORP entities of that country), or any other string (standing for
//! itself). `NATO`, `EU` and `UN` also stand for their full names and vice
//! versa. The two match when they share a folded name, or when both
//! resolve to the same country code. Only GPE and NORP entities resolve to
//! a country: a PERSON or ORG whose `country` is GBR is a more specific
//! actor than Britain and does not match gold `GBR` (nor does a gold
//! person match a system country).
//!
//! **Events**, at two levels:
//! - *relaxed*: same type; the system event's evidence spans overlap an
//!   occurrence of the gold `evidence` string in the text (searched folded;
//!   when the gold evidence cannot be found, this condition is dropped);
//!   and some gold actor (source, target or participants together) matches
//!   some system actor. A gold event with no actors at all needs no actor
//!   match.
//! - *strict*: relaxed, and every gold source matched by a system source
//!   and every gold target by a system target (for MEET and CALL, which
//!   have no direction, every gold party — source, target or participant —
//!   by some system party); the same status; when the gold date has a
//!   `start` (`end`), the system `time.start` (`time.end`) equal to it; and
//!   when the gold event has `aid`: the same currency (both absent counts
//!   as the same), the value within 1% (when the gold value is null, each
//!   non-null gold `min`/`max` within 1% of the system's; when the gold
//!   gives no figure at all, the system must give none), and the same
//!   `cumulative`. Aid kind and items are not checked.
//!
//! **Quotes.** A system quote matches a gold quote when, folded, the system
//! text starts with the gold `text_start`, or the two share a prefix of at
//! least 25 characters (a system quote split by its attribution, or
//! diverging late), or the system text contains the gold `text_start`
//! starting at a word boundary. Two scores are kept:
//! - *direct*: the system's `direct: true` quotes against the gold direct
//!   quotes. Gold reported-speech (`direct: false`) quotes count as optional
//!   here: a system that marks reported speech as direct is neither
//!   rewarded nor punished for it, and a system's `direct: false` quotes are
//!   not scored at all (so a direct gold quote the system calls indirect is
//!   a miss).
//! - *all*: every system quote against every gold quote, directness ignored
//!   for matching; the share of matched quotes with the right `direct` flag
//!   is reported as *directness*.
//!
//! **Quote speakers** (on the direct matching): a matched quote has the
//! right speaker when the system speaker entity matches the gold speaker by
//! the actor rules (a null gold speaker needs a null system speaker).
//! *Speaker accuracy* is the share of matched quotes with the right
//! speaker; speaker precision/recall/F1 count a quote as correct only when
//! it is matched and has the right speaker.
//!
//! **Entities.** A system entity matches a gold entity when some folded
//! name of the system entity (its name or a mention text) equals the gold
//! name or an alias; the *typed* score also requires equal types, the
//! *untyped* one does not. On the typed matching, *country accuracy* is the
//! share of matched entities whose `country` equals the gold one (both null
//! counts as equal) and *role title recall* the share of gold role titles
//! found, folded and with `defence` = `defense`, among the matched system
//! entity's role titles.
//!
//! **Optional gold records** (`optional: true`): a system record matched to
//! one is removed from both sides (neither true nor false positive), and
//! an unmatched one is not a false negative. Optional records are matched
//! at the loosest level in every score (relaxed for strict events, name
//! only for typed entities), so a system is never punished for a record
//! the annotator did not demand.
//!
//! **One-to-one.** Each score pairs gold and system records one-to-one with
//! a maximum bipartite matching (augmenting paths), required gold records
//! first, then optional ones; each gold record tries its candidates best
//! first (strict before relaxed, more actors matched, better text match),
//! so a greedy mistake never costs a match.
//!
//! Precision is 1 when the system gives nothing, recall 1 when the gold
//! has nothing, F1 0 when there is no true positive unless both are empty
//! (then 1). Totals are micro-averaged: counts summed over documents.

pub mod fold;
mod report;

use std::collections::HashMap;

use chronicle_records::{EntityType, Event, EventType, Records};

use crate::gold::{is_country_code, GoldDoc, GoldEvent, GoldQuote};
use fold::{find_spans, fold, fold_name, fold_title};

pub use report::MismatchList;

/// True positives, false positives and false negatives of one score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Prf {
    /// tp / (tp + fp); 1 when the system gave nothing.
    pub fn precision(&self) -> f64 {
        ratio_or(self.tp, self.tp + self.fp, 1.0)
    }

    /// tp / (tp + fn); 1 when the gold has nothing.
    pub fn recall(&self) -> f64 {
        ratio_or(self.tp, self.tp + self.fn_, 1.0)
    }

    /// Harmonic mean of precision and recall; 1 when both sides are empty.
    pub fn f1(&self) -> f64 {
        if self.tp == 0 {
            return if self.fp == 0 && self.fn_ == 0 {
                1.0
            } else {
                0.0
            };
        }
        let (p, r) = (self.precision(), self.recall());
        2.0 * p * r / (p + r)
    }

    /// Gold records counted (tp + fn).
    pub fn gold(&self) -> usize {
        self.tp + self.fn_
    }

    /// System records counted (tp + fp).
    pub fn system(&self) -> usize {
        self.tp + self.fp
    }

    fn add(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio_or(num: usize, den: usize, empty: f64) -> f64 {
    if den == 0 {
        empty
    } else {
        num as f64 / den as f64
    }
}

/// `hits` out of `total`: an accuracy or a recall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub hits: usize,
    pub total: usize,
}

impl Ratio {
    /// hits / total, or `None` when there is nothing to count.
    pub fn value(&self) -> Option<f64> {
        (self.total > 0).then(|| self.hits as f64 / self.total as f64)
    }

    /// hits / total; 0 when nothing was counted.
    pub fn value_or_zero(&self) -> f64 {
        self.value().unwrap_or(0.0)
    }

    /// Adds another count to this one.
    pub fn add(&mut self, o: &Ratio) {
        self.hits += o.hits;
        self.total += o.total;
    }

    /// Counts one case, a hit or not.
    pub fn count(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }
}

/// Event scores of one event type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeCounts {
    pub strict: Prf,
    pub relaxed: Prf,
}

/// Every count of one document, or summed over documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub events_strict: Prf,
    pub events_relaxed: Prf,
    /// Indexed like [`EventType::ALL`]; see [`Counts::by_type`].
    pub events_by_type: [TypeCounts; 7],
    /// System `direct: true` quotes against gold direct quotes.
    pub quotes_direct: Prf,
    /// All quotes, directness ignored for matching.
    pub quotes_all: Prf,
    /// Among `quotes_all` matches: the `direct` flag agrees.
    pub quote_directness: Ratio,
    /// Direct quotes counted correct only with the right speaker.
    pub quote_speakers: Prf,
    /// Among `quotes_direct` matches: the speaker is right.
    pub speaker_accuracy: Ratio,
    /// Entities, names and types matching.
    pub entities: Prf,
    /// Entities, names matching, any type.
    pub entities_untyped: Prf,
    /// Among typed entity matches: the country agrees.
    pub entity_country: Ratio,
    /// Among typed entity matches: gold role titles found.
    pub role_titles: Ratio,
}

impl Counts {
    /// The event scores of one type.
    pub fn by_type(&self, t: EventType) -> TypeCounts {
        self.events_by_type[type_index(t)]
    }

    fn add(&mut self, o: &Counts) {
        self.events_strict.add(&o.events_strict);
        self.events_relaxed.add(&o.events_relaxed);
        for (a, b) in self.events_by_type.iter_mut().zip(&o.events_by_type) {
            a.strict.add(&b.strict);
            a.relaxed.add(&b.relaxed);
        }
        self.quotes_direct.add(&o.quotes_direct);
        self.quotes_all.add(&o.quotes_all);
        self.quote_directness.add(&o.quote_directness);
        self.quote_speakers.add(&o.quote_speakers);
        self.speaker_accuracy.add(&o.speaker_accuracy);
        self.entities.add(&o.entities);
        self.entities_untyped.add(&o.entities_untyped);
        self.entity_country.add(&o.entity_country);
        self.role_titles.add(&o.role_titles);
    }
}

fn type_index(t: EventType) -> usize {
    EventType::ALL.iter().position(|&x| x == t).unwrap_or(0)
}

/// What kind of disagreement a [`Mismatch`] records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MismatchKind {
    /// A required gold event no system event matches, even relaxed.
    MissedEvent,
    /// A system event matching no gold event, even relaxed.
    SpuriousEvent,
    /// A required gold event matched relaxed but not strict; the detail
    /// says why.
    LooseEvent,
    /// A required direct gold quote the system's direct quotes miss.
    MissedQuote,
    /// A system direct quote matching no gold quote.
    SpuriousQuote,
    /// A matched direct quote with the wrong speaker.
    WrongSpeaker,
    /// A required gold entity no system entity matches by name.
    MissedEntity,
    /// A system entity matching no gold entity by name.
    SpuriousEntity,
    /// A matched entity with another type, country or missing role titles.
    EntityDetail,
    /// A gold evidence string that cannot be found in the text.
    GoldEvidenceNotFound,
}

impl MismatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MismatchKind::MissedEvent => "missed event",
            MismatchKind::SpuriousEvent => "spurious event",
            MismatchKind::LooseEvent => "relaxed only",
            MismatchKind::MissedQuote => "missed quote",
            MismatchKind::SpuriousQuote => "spurious quote",
            MismatchKind::WrongSpeaker => "wrong speaker",
            MismatchKind::MissedEntity => "missed entity",
            MismatchKind::SpuriousEntity => "spurious entity",
            MismatchKind::EntityDetail => "entity detail",
            MismatchKind::GoldEvidenceNotFound => "gold evidence not found",
        }
    }
}

/// One disagreement between gold and system, described for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub kind: MismatchKind,
    pub detail: String,
}

/// The scores of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocReport {
    pub id: String,
    pub counts: Counts,
    pub mismatches: Vec<Mismatch>,
}

/// Scores over a set of documents: per document, and micro-averaged totals.
///
/// `Display` prints a table (per event type, totals, per document);
/// [`EvalReport::to_json_line`] gives the figures as one line of JSON and
/// [`EvalReport::mismatches`] lists the disagreements per document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalReport {
    pub docs: Vec<DocReport>,
    pub totals: Counts,
}

/// Scores each `(gold, system records, document text)` triple and sums the
/// counts. The text is the one the system's offsets point into.
pub fn score(pairs: &[(GoldDoc, Records, String)]) -> EvalReport {
    let docs: Vec<DocReport> = pairs.iter().map(|(g, r, t)| score_doc(g, r, t)).collect();
    let mut totals = Counts::default();
    for d in &docs {
        totals.add(&d.counts);
    }
    EvalReport { docs, totals }
}

/// Scores one document.
pub fn score_doc(gold: &GoldDoc, sys: &Records, text: &str) -> DocReport {
    let cx = Ctx::new(gold, sys, text);
    let mut counts = Counts::default();
    let mut mismatches = Vec::new();
    cx.score_events(&mut counts, &mut mismatches);
    cx.score_quotes(&mut counts, &mut mismatches);
    cx.score_entities(&mut counts, &mut mismatches);
    mismatches.sort_by_key(|m| m.kind);
    DocReport {
        id: gold.id.clone(),
        counts,
        mismatches,
    }
}

// ---------------------------------------------------------------------------
// Actors

const SHORT_NAMES: [(&str, &str); 3] = [
    ("nato", "north atlantic treaty organization"),
    ("eu", "european union"),
    ("un", "united nations"),
];

/// What a system entity id stands for.
#[derive(Debug, Default)]
struct SysActor {
    names: Vec<String>,
    country: Option<String>,
    label: String,
}

/// What a gold actor string stands for.
#[derive(Debug, Default)]
struct GoldActor {
    names: Vec<String>,
    country: Option<String>,
}

fn push_name(names: &mut Vec<String>, s: &str) {
    let f = fold_name(s);
    if !f.is_empty() && !names.contains(&f) {
        names.push(f);
    }
}

fn expand_short_names(names: &mut Vec<String>) {
    for (short, long) in SHORT_NAMES {
        if names.iter().any(|n| n == short) {
            push_name(names, long);
        } else if names.iter().any(|n| n == long) {
            push_name(names, short);
        }
    }
}

fn is_place(k: EntityType) -> bool {
    matches!(k, EntityType::GPE | EntityType::NORP)
}

fn gold_actor(gold: &GoldDoc, s: &str) -> GoldActor {
    let mut a = GoldActor::default();
    push_name(&mut a.names, s);
    if let Some(e) = gold.entity(s) {
        push_name(&mut a.names, &e.name);
        for al in &e.aliases {
            push_name(&mut a.names, al);
        }
        if is_place(e.kind) {
            a.country = e.country.as_deref().map(str::to_ascii_uppercase);
        }
    } else if is_country_code(s) {
        a.country = Some(s.to_string());
        for e in &gold.entities {
            if is_place(e.kind) && e.country.as_deref() == Some(s) {
                push_name(&mut a.names, &e.name);
                for al in &e.aliases {
                    push_name(&mut a.names, al);
                }
            }
        }
    }
    expand_short_names(&mut a.names);
    a
}

fn sys_actor(sys: &Records, id: &str) -> SysActor {
    let mut a = SysActor::default();
    match sys.entity(id) {
        Some(e) => {
            push_name(&mut a.names, &e.name);
            for m in &e.mentions {
                push_name(&mut a.names, &m.text);
            }
            if is_place(e.kind) {
                a.country = e.country.as_deref().map(str::to_ascii_uppercase);
            }
            a.label = e.name.clone();
        }
        None => {
            // Not an entity id: take it as a name (robust to raw strings).
            push_name(&mut a.names, id);
            a.label = id.to_string();
        }
    }
    a
}

fn actor_matches(g: &GoldActor, s: &SysActor) -> bool {
    g.names.iter().any(|n| s.names.contains(n))
        || matches!((&g.country, &s.country), (Some(a), Some(b)) if a == b)
}

// ---------------------------------------------------------------------------
// One-to-one matching

/// A one-to-one pairing of gold records (left) with system records (right).
struct Matching {
    gold_to_sys: Vec<Option<usize>>,
    sys_to_gold: Vec<Option<usize>>,
}

/// Maximum bipartite matching by augmenting paths. `edges[g]` lists the
/// system records gold record `g` may pair with, with a preference score;
/// required gold records are placed first, so the matching maximizes them
/// before the optional ones.
fn max_matching(n_sys: usize, edges: &[Vec<(usize, i64)>], required: &[bool]) -> Matching {
    let adj: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| {
            let mut e: Vec<(usize, i64)> = e.iter().copied().filter(|&(s, _)| s < n_sys).collect();
            e.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            e.into_iter().map(|(s, _)| s).collect()
        })
        .collect();
    let mut m = Matching {
        gold_to_sys: vec![None; edges.len()],
        sys_to_gold: vec![None; n_sys],
    };
    let order = (0..edges.len())
        .filter(|&g| required.get(g).copied().unwrap_or(true))
        .chain((0..edges.len()).filter(|&g| !required.get(g).copied().unwrap_or(true)));
    for g in order {
        let mut seen = vec![false; n_sys];
        augment(g, &adj, &mut m, &mut seen);
    }
    m
}

fn augment(g: usize, adj: &[Vec<usize>], m: &mut Matching, seen: &mut [bool]) -> bool {
    for &s in &adj[g] {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let free = match m.sys_to_gold[s] {
            None => true,
            Some(other) => augment(other, adj, m, seen),
        };
        if free {
            m.sys_to_gold[s] = Some(g);
            m.gold_to_sys[g] = Some(s);
            return true;
        }
    }
    false
}

/// tp/fp/fn of a matching: pairs with optional gold are dropped from both
/// sides. `sys_in` says which system records take part.
fn prf_of(m: &Matching, required: &[bool], sys_in: impl Fn(usize) -> bool) -> Prf {
    let mut p = Prf::default();
    for (g, s) in m.gold_to_sys.iter().enumerate() {
        match (required[g], s) {
            (true, Some(_)) => p.tp += 1,
            (true, None) => p.fn_ += 1,
            (false, _) => {}
        }
    }
    for (s, g) in m.sys_to_gold.iter().enumerate() {
        if sys_in(s) && g.is_none() {
            p.fp += 1;
        }
    }
    p
}

// ---------------------------------------------------------------------------
// Per-document context

struct Ctx<'a> {
    gold: &'a GoldDoc,
    sys: &'a Records,
    text: &'a str,
    sys_actors: HashMap<&'a str, SysActor>,
    gold_actors: HashMap<&'a str, GoldActor>,
}

/// How a gold event and a system event compare.
struct EventCmp {
    relaxed: bool,
    strict: bool,
    /// Why the pair is not strict (when relaxed).
    reasons: Vec<String>,
    score: i64,
}

impl<'a> Ctx<'a> {
    fn new(gold: &'a GoldDoc, sys: &'a Records, text: &'a str) -> Self {
        let mut sys_actors = HashMap::new();
        let ids = sys
            .events
            .iter()
            .flat_map(|e| e.source.iter().chain(&e.target).chain(&e.participants))
            .chain(sys.quotes.iter().filter_map(|q| q.speaker.as_ref()));
        for id in ids {
            sys_actors
                .entry(id.as_str())
                .or_insert_with(|| sys_actor(sys, id));
        }
        let mut gold_actors = HashMap::new();
        let names = gold
            .events
            .iter()
            .flat_map(|e| e.source.iter().chain(&e.target).chain(&e.participants))
            .chain(gold.quotes.iter().filter_map(|q| q.speaker.as_ref()));
        for n in names {
            gold_actors
                .entry(n.as_str())
                .or_insert_with(|| gold_actor(gold, n));
        }
        Ctx {
            gold,
            sys,
            text,
            sys_actors,
            gold_actors,
        }
    }

    fn matches(&self, gold: &str, sys: &str) -> bool {
        match (self.gold_actors.get(gold), self.sys_actors.get(sys)) {
            (Some(g), Some(s)) => actor_matches(g, s),
            _ => false,
        }
    }

    fn any_match(&self, gold: &str, sys: &[&String]) -> bool {
        sys.iter().any(|s| self.matches(gold, s))
    }

    fn label(&self, id: &str) -> String {
        self.sys_actors
            .get(id)
            .map_or_else(|| id.to_string(), |a| a.label.clone())
    }

    /// The text of `start..end`, on one line, cut to about 90 characters.
    fn snippet(&self, start: usize, end: usize) -> String {
        let s = self.text.get(start..end.max(start)).unwrap_or("");
        shorten(s)
    }

    // -- events ------------------------------------------------------------

    fn compare_event(&self, g: &GoldEvent, spans: &[(usize, usize)], s: &Event) -> EventCmp {
        let mut c = EventCmp {
            relaxed: false,
            strict: false,
            reasons: Vec::new(),
            score: 0,
        };
        if g.kind != s.kind {
            return c;
        }
        let overlaps = s
            .evidence
            .iter()
            .any(|e| spans.iter().any(|&(a, b)| e.start < b && a < e.end));
        if !spans.is_empty() && !overlaps {
            return c;
        }
        let g_all: Vec<&String> = g
            .source
            .iter()
            .chain(&g.target)
            .chain(&g.participants)
            .collect();
        let s_all: Vec<&String> = s
            .source
            .iter()
            .chain(&s.target)
            .chain(&s.participants)
            .collect();
        let matched = g_all.iter().filter(|a| self.any_match(a, &s_all)).count();
        if !g_all.is_empty() && matched == 0 {
            return c;
        }
        c.relaxed = true;
        c.score = 10 * matched as i64 + i64::from(overlaps);

        // Strict.
        if matches!(g.kind, EventType::MEET | EventType::CALL) {
            for a in &g_all {
                if !self.any_match(a, &s_all) {
                    c.reasons.push(format!("party {a} not matched"));
                }
            }
        } else {
            let s_src: Vec<&String> = s.source.iter().collect();
            let s_tgt: Vec<&String> = s.target.iter().collect();
            for a in &g.source {
                if !self.any_match(a, &s_src) {
                    c.reasons.push(format!("source {a} not matched"));
                }
            }
            for a in &g.target {
                if !self.any_match(a, &s_tgt) {
                    c.reasons.push(format!("target {a} not matched"));
                }
            }
        }
        if g.status != s.status {
            c.reasons.push(format!(
                "status {} (system {})",
                g.status.as_str(),
                s.status.as_str()
            ));
        }
        if let Some(d) = &g.date {
            let st = s.time.as_ref().and_then(|t| t.start.as_deref());
            let en = s.time.as_ref().and_then(|t| t.end.as_deref());
            let bad_start = d.start.as_deref().is_some_and(|x| Some(x) != st);
            let bad_end = d.end.as_deref().is_some_and(|x| Some(x) != en);
            if bad_start || bad_end {
                c.reasons.push(format!(
                    "date {}..{} (system {}..{})",
                    d.start.as_deref().unwrap_or("?"),
                    d.end.as_deref().unwrap_or("?"),
                    st.unwrap_or("null"),
                    en.unwrap_or("null")
                ));
            }
        }
        if let Some(ga) = &g.aid {
            let sa = s.aid.as_ref();
            let amount = sa.and_then(|a| a.amount.as_ref());
            let cur = amount.and_then(|a| a.currency.as_deref());
            if ga.currency.as_deref().map(str::to_ascii_uppercase)
                != cur.map(str::to_ascii_uppercase)
            {
                c.reasons.push(format!(
                    "currency {} (system {})",
                    ga.currency.as_deref().unwrap_or("null"),
                    cur.unwrap_or("null")
                ));
            }
            let (sv, smin, smax) = amount.map_or((None, None, None), |a| (a.value, a.min, a.max));
            let ok = if let Some(v) = ga.value {
                close(sv, v)
            } else if ga.min.is_some() || ga.max.is_some() {
                ga.min.is_none_or(|m| close(smin, m)) && ga.max.is_none_or(|m| close(smax, m))
            } else {
                sv.is_none() && smin.is_none() && smax.is_none()
            };
            if !ok {
                c.reasons.push(format!(
                    "amount {} (system {})",
                    show_amount(ga.value, ga.min, ga.max),
                    show_amount(sv, smin, smax)
                ));
            }
            let scum = sa.is_some_and(|a| a.cumulative);
            if ga.cumulative != scum {
                c.reasons
                    .push(format!("cumulative {} (system {scum})", ga.cumulative));
            }
        }
        c.strict = c.reasons.is_empty();
        if c.strict {
            c.score += 1000;
        }
        c
    }

    fn describe_gold_event(&self, g: &GoldEvent) -> String {
        let date = g
            .date
            .as_ref()
            .and_then(|d| d.start.as_deref())
            .map(|d| format!(" {d}"))
            .unwrap_or_default();
        format!(
            "{} src=[{}] tgt=[{}] with=[{}] {}{} \"{}\"",
            g.kind.as_str(),
            g.source.join(", "),
            g.target.join(", "),
            g.participants.join(", "),
            g.status.as_str(),
            date,
            shorten(&g.evidence)
        )
    }

    fn describe_sys_event(&self, s: &Event) -> String {
        let names = |ids: &[String]| {
            ids.iter()
                .map(|i| self.label(i))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let date = s
            .time
            .as_ref()
            .and_then(|t| t.start.as_deref())
            .map(|d| format!(" {d}"))
            .unwrap_or_default();
        let ev = s
            .evidence
            .first()
            .map(|e| self.snippet(e.start, e.end))
            .unwrap_or_default();
        format!(
            "{} {} src=[{}] tgt=[{}] with=[{}] {}{} \"{}\"",
            s.id,
            s.kind.as_str(),
            names(&s.source),
            names(&s.target),
            names(&s.participants),
            s.status.as_str(),
            date,
            ev
        )
    }

    fn score_events(&self, counts: &mut Counts, out: &mut Vec<Mismatch>) {
        let gold = &self.gold.events;
        let sys = &self.sys.events;
        let spans: Vec<Vec<(usize, usize)>> = gold
            .iter()
            .map(|g| find_spans(self.text, &g.evidence))
            .collect();
        for (g, sp) in gold.iter().zip(&spans) {
            if sp.is_empty() {
                out.push(Mismatch {
                    kind: MismatchKind::GoldEvidenceNotFound,
                    detail: self.describe_gold_event(g),
                });
            }
        }
        let cmp: Vec<Vec<EventCmp>> = gold
            .iter()
            .zip(&spans)
            .map(|(g, sp)| sys.iter().map(|s| self.compare_event(g, sp, s)).collect())
            .collect();
        let required: Vec<bool> = gold.iter().map(|g| !g.optional).collect();
        let edges = |strict: bool| -> Vec<Vec<(usize, i64)>> {
            cmp.iter()
                .zip(&required)
                .map(|(row, &req)| {
                    row.iter()
                        .enumerate()
                        .filter(|(_, c)| if strict && req { c.strict } else { c.relaxed })
                        .map(|(s, c)| (s, c.score))
                        .collect()
                })
                .collect()
        };
        let relaxed = max_matching(sys.len(), &edges(false), &required);
        let strict = max_matching(sys.len(), &edges(true), &required);
        counts.events_relaxed = prf_of(&relaxed, &required, |_| true);
        counts.events_strict = prf_of(&strict, &required, |_| true);
        for t in EventType::ALL {
            let req_t: Vec<bool> = gold.iter().map(|g| !g.optional && g.kind == t).collect();
            // Pairs never cross types, so restricting both sides to t suffices.
            let of_t = |m: &Matching| prf_of(m, &req_t, |s| sys[s].kind == t);
            let tc = &mut counts.events_by_type[type_index(t)];
            tc.relaxed = of_t(&relaxed);
            tc.strict = of_t(&strict);
        }

        for (gi, g) in gold.iter().enumerate() {
            if g.optional {
                continue;
            }
            match relaxed.gold_to_sys[gi] {
                None => out.push(Mismatch {
                    kind: MismatchKind::MissedEvent,
                    detail: self.describe_gold_event(g),
                }),
                Some(si) if strict.gold_to_sys[gi].is_none() => {
                    // Explain with the best relaxed candidate's reasons.
                    let c = &cmp[gi][si];
                    out.push(Mismatch {
                        kind: MismatchKind::LooseEvent,
                        detail: format!(
                            "{} -- {}; system {}",
                            self.describe_gold_event(g),
                            c.reasons.join("; "),
                            sys[si].id
                        ),
                    });
                }
                Some(_) => {}
            }
        }
        for (si, s) in sys.iter().enumerate() {
            if relaxed.sys_to_gold[si].is_some() {
                continue;
            }
            let near = gold.iter().zip(&spans).find(|(_, sp)| {
                s.evidence
                    .iter()
                    .any(|e| sp.iter().any(|&(a, b)| e.start < b && a < e.end))
            });
            let hint = near
                .map(|(g, _)| {
                    format!(
                        " -- evidence overlaps gold {} src=[{}] tgt=[{}]",
                        g.kind.as_str(),
                        g.source.join(", "),
                        g.target.join(", ")
                    )
                })
                .unwrap_or_default();
            out.push(Mismatch {
                kind: MismatchKind::SpuriousEvent,
                detail: format!("{}{hint}", self.describe_sys_event(s)),
            });
        }
    }

    // -- quotes ------------------------------------------------------------

    fn speaker_ok(&self, g: &GoldQuote, speaker: Option<&str>) -> bool {
        match (g.speaker.as_deref(), speaker) {
            (None, None) => true,
            (Some(gs), Some(ss)) => self.matches(gs, ss),
            _ => false,
        }
    }

    fn score_quotes(&self, counts: &mut Counts, out: &mut Vec<Mismatch>) {
        let gold = &self.gold.quotes;
        let sys = &self.sys.quotes;
        let g_fold: Vec<String> = gold.iter().map(|q| fold(&q.text_start)).collect();
        let s_fold: Vec<String> = sys.iter().map(|q| fold(&q.text)).collect();
        let text_scores: Vec<Vec<i64>> = g_fold
            .iter()
            .map(|g| s_fold.iter().map(|s| quote_text_score(g, s)).collect())
            .collect();
        let speaker_ok: Vec<Vec<bool>> = gold
            .iter()
            .map(|g| {
                sys.iter()
                    .map(|s| self.speaker_ok(g, s.speaker.as_deref()))
                    .collect()
            })
            .collect();
        let edges = |only_direct: bool| -> Vec<Vec<(usize, i64)>> {
            (0..gold.len())
                .map(|g| {
                    (0..sys.len())
                        .filter(|&s| text_scores[g][s] > 0 && (!only_direct || sys[s].direct))
                        .map(|s| (s, 10 * text_scores[g][s] + i64::from(speaker_ok[g][s])))
                        .collect()
                })
                .collect()
        };

        // Direct quotes.
        let req_direct: Vec<bool> = gold.iter().map(|q| q.direct && !q.optional).collect();
        let direct = max_matching(sys.len(), &edges(true), &req_direct);
        counts.quotes_direct = prf_of(&direct, &req_direct, |s| sys[s].direct);
        let mut right = 0;
        for (gi, s) in direct.gold_to_sys.iter().enumerate() {
            if !req_direct[gi] {
                continue;
            }
            match s {
                None => out.push(Mismatch {
                    kind: MismatchKind::MissedQuote,
                    detail: format!(
                        "{}: \"{}\"",
                        gold[gi].speaker.as_deref().unwrap_or("(no speaker)"),
                        shorten(&gold[gi].text_start)
                    ),
                }),
                Some(si) => {
                    let ok = speaker_ok[gi][*si];
                    counts.speaker_accuracy.count(ok);
                    if ok {
                        right += 1;
                    } else {
                        out.push(Mismatch {
                            kind: MismatchKind::WrongSpeaker,
                            detail: format!(
                                "{} \"{}\": gold {}, system {}",
                                sys[*si].id,
                                shorten(&gold[gi].text_start),
                                gold[gi].speaker.as_deref().unwrap_or("null"),
                                sys[*si]
                                    .speaker
                                    .as_deref()
                                    .map_or_else(|| "null".to_string(), |id| self.label(id))
                            ),
                        });
                    }
                }
            }
        }
        let scored = counts.quotes_direct.system();
        counts.quote_speakers = Prf {
            tp: right,
            fp: scored - right,
            fn_: counts.quotes_direct.gold() - right,
        };
        for (si, s) in sys.iter().enumerate() {
            if s.direct && direct.sys_to_gold[si].is_none() {
                out.push(Mismatch {
                    kind: MismatchKind::SpuriousQuote,
                    detail: format!(
                        "{} {}: \"{}\"",
                        s.id,
                        s.speaker
                            .as_deref()
                            .map_or_else(|| "(no speaker)".to_string(), |id| self.label(id)),
                        shorten(&s.text)
                    ),
                });
            }
        }

        // All quotes.
        let req_all: Vec<bool> = gold.iter().map(|q| !q.optional).collect();
        let all = max_matching(sys.len(), &edges(false), &req_all);
        counts.quotes_all = prf_of(&all, &req_all, |_| true);
        for (gi, s) in all.gold_to_sys.iter().enumerate() {
            if let (true, Some(si)) = (req_all[gi], s) {
                counts
                    .quote_directness
                    .count(sys[*si].direct == gold[gi].direct);
            }
        }
    }

    // -- entities ----------------------------------------------------------

    fn score_entities(&self, counts: &mut Counts, out: &mut Vec<Mismatch>) {
        let gold = &self.gold.entities;
        let sys = &self.sys.entities;
        let g_names: Vec<Vec<String>> = gold
            .iter()
            .map(|e| {
                let mut n = Vec::new();
                push_name(&mut n, &e.name);
                for a in &e.aliases {
                    push_name(&mut n, a);
                }
                expand_short_names(&mut n);
                n
            })
            .collect();
        let s_names: Vec<(String, Vec<String>)> = sys
            .iter()
            .map(|e| {
                let mut n = Vec::new();
                push_name(&mut n, &e.name);
                for m in &e.mentions {
                    push_name(&mut n, &m.text);
                }
                (fold_name(&e.name), n)
            })
            .collect();
        // 3: same name; 2: the system name is a gold alias; 1: via mentions.
        let name_score = |g: usize, s: usize| -> i64 {
            let (sname, snames) = &s_names[s];
            if sname.is_empty() && snames.is_empty() {
                0
            } else if g_names[g].first() == Some(sname) {
                3
            } else if g_names[g].contains(sname) {
                2
            } else if g_names[g].iter().any(|n| snames.contains(n)) {
                1
            } else {
                0
            }
        };
        let required: Vec<bool> = gold.iter().map(|e| !e.optional).collect();
        let mut typed = Vec::with_capacity(gold.len());
        let mut untyped = Vec::with_capacity(gold.len());
        for (g, ge) in gold.iter().enumerate() {
            let mut t = Vec::new();
            let mut u = Vec::new();
            for (s, se) in sys.iter().enumerate() {
                let n = name_score(g, s);
                if n == 0 {
                    continue;
                }
                let same = se.kind == ge.kind;
                u.push((s, 10 * n + i64::from(same)));
                if same || ge.optional {
                    t.push((s, n));
                }
            }
            typed.push(t);
            untyped.push(u);
        }
        let typed = max_matching(sys.len(), &typed, &required);
        let untyped = max_matching(sys.len(), &untyped, &required);
        counts.entities = prf_of(&typed, &required, |_| true);
        counts.entities_untyped = prf_of(&untyped, &required, |_| true);

        for (gi, ge) in gold.iter().enumerate() {
            if ge.optional {
                continue;
            }
            let Some(si) = typed.gold_to_sys[gi] else {
                let detail = match untyped.gold_to_sys[gi] {
                    Some(si) => format!(
                        "{} {} -- system {} has type {}",
                        ge.kind.as_str(),
                        ge.name,
                        sys[si].id,
                        sys[si].kind.as_str()
                    ),
                    None => format!("{} {}", ge.kind.as_str(), ge.name),
                };
                out.push(Mismatch {
                    kind: if untyped.gold_to_sys[gi].is_some() {
                        MismatchKind::EntityDetail
                    } else {
                        MismatchKind::MissedEntity
                    },
                    detail,
                });
                continue;
            };
            let se = &sys[si];
            let norm = |c: &Option<String>| c.as_deref().map(str::to_ascii_uppercase);
            let country_ok = norm(&ge.country) == norm(&se.country);
            counts.entity_country.count(country_ok);
            if !country_ok {
                out.push(Mismatch {
                    kind: MismatchKind::EntityDetail,
                    detail: format!(
                        "{} {}: country {} (system {})",
                        ge.kind.as_str(),
                        ge.name,
                        ge.country.as_deref().unwrap_or("null"),
                        se.country.as_deref().unwrap_or("null")
                    ),
                });
            }
            let s_titles: Vec<String> = se.roles.iter().map(|r| fold_title(&r.title)).collect();
            for r in &ge.roles {
                let found = s_titles.contains(&fold_title(&r.title));
                counts.role_titles.count(found);
                if !found {
                    out.push(Mismatch {
                        kind: MismatchKind::EntityDetail,
                        detail: format!(
                            "{} {}: role title \"{}\" not found (system: {})",
                            ge.kind.as_str(),
                            ge.name,
                            r.title,
                            if se.roles.is_empty() {
                                "none".to_string()
                            } else {
                                se.roles
                                    .iter()
                                    .map(|r| format!("\"{}\"", r.title))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            }
                        ),
                    });
                }
            }
        }
        for (si, se) in sys.iter().enumerate() {
            if untyped.sys_to_gold[si].is_none() {
                out.push(Mismatch {
                    kind: MismatchKind::SpuriousEntity,
                    detail: format!("{} {} {}", se.id, se.kind.as_str(), se.name),
                });
            }
        }
    }
}

/// How well a folded system quote text matches a folded gold `text_start`:
/// 3 the system text starts with it, 2 they share a prefix of 25 or more
/// characters, 1 the system text contains it from a word boundary, 0 no
/// match.
fn quote_text_score(gold: &str, sys: &str) -> i64 {
    if gold.is_empty() || sys.is_empty() {
        return 0;
    }
    if sys.starts_with(gold) {
        return 3;
    }
    let common = gold
        .chars()
        .zip(sys.chars())
        .take_while(|(a, b)| a == b)
        .count();
    if common >= 25 {
        return 2;
    }
    let contained = sys
        .match_indices(gold)
        .any(|(i, _)| i == 0 || sys.as_bytes()[i - 1] == b' ');
    i64::from(contained)
}

/// Whether `sys` is within 1% of `gold`.
fn close(sys: Option<f64>, gold: f64) -> bool {
    sys.is_some_and(|s| (s - gold).abs() <= 0.01 * gold.abs() + 1e-9)
}

fn show_amount(v: Option<f64>, min: Option<f64>, max: Option<f64>) -> String {
    match (v, min, max) {
        (Some(v), _, _) => format!("{v}"),
        (None, None, None) => "none".to_string(),
        (None, a, b) => format!(
            "{}..{}",
            a.map_or("?".to_string(), |x| x.to_string()),
            b.map_or("?".to_string(), |x| x.to_string())
        ),
    }
}

/// `s` on one line, cut to about 90 characters.
fn shorten(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 90 {
        one
    } else {
        let cut: String = one.chars().take(87).collect();
        format!("{cut}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_edge_cases() {
        let empty = Prf::default();
        assert_eq!(
            (empty.precision(), empty.recall(), empty.f1()),
            (1.0, 1.0, 1.0)
        );
        let miss = Prf {
            tp: 0,
            fp: 0,
            fn_: 3,
        };
        assert_eq!(
            (miss.precision(), miss.recall(), miss.f1()),
            (1.0, 0.0, 0.0)
        );
        let half = Prf {
            tp: 1,
            fp: 1,
            fn_: 1,
        };
        assert!((half.f1() - 0.5).abs() < 1e-12);
    }

    #[test]
    fn matching_prefers_required_and_finds_augmenting_paths() {
        // gold 0 likes sys 0 best but can also take sys 1; gold 1 only sys 0.
        let edges = vec![vec![(0, 5), (1, 1)], vec![(0, 1)]];
        let m = max_matching(2, &edges, &[true, true]);
        assert_eq!(m.gold_to_sys, vec![Some(1), Some(0)]);
        // An optional gold never takes a system record from a required one.
        let edges = vec![vec![(0, 9)], vec![(0, 1)]];
        let m = max_matching(1, &edges, &[false, true]);
        assert_eq!(m.gold_to_sys, vec![None, Some(0)]);
        // Out-of-range system indices are ignored.
        let m = max_matching(0, &[vec![(3, 1)]], &[true]);
        assert_eq!(m.gold_to_sys, vec![None]);
    }

    #[test]
    fn quote_text_rules() {
        let g = fold("I am committed to maintaining the U.K.");
        assert_eq!(
            quote_text_score(
                &g,
                &fold("I am committed to maintaining the U.K.’s support")
            ),
            3
        );
        // Split quote: the system has only the first run, 25+ characters.
        let g = fold("It will be an important opportunity for Ukrainian companies");
        assert_eq!(
            quote_text_score(&g, &fold("It will be an important opportunity,")),
            2
        );
        assert_eq!(quote_text_score(&g, &fold("It will be")), 0);
        assert_eq!(
            quote_text_score(&fold("candid"), &fold("talks were candid and useful")),
            1
        );
        assert_eq!(
            quote_text_score(&fold("candid"), &fold("a noncandid view")),
            0
        );
        assert_eq!(quote_text_score("", "x"), 0);
    }

    #[test]
    fn amounts_within_one_percent() {
        assert!(close(Some(530_000_000.0), 530_000_000.0));
        assert!(close(Some(535_000_000.0), 530_000_000.0));
        assert!(!close(Some(560_000_000.0), 530_000_000.0));
        assert!(!close(None, 1.0));
        assert!(close(Some(0.0), 0.0));
    }
}
