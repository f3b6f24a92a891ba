//! Events: visits, meetings, calls, aid pledges and deliveries,
//! agreements and gatherings, with their actors, place, time, status,
//! attribution and aid details.
//!
//! Each sentence is read as a row of *actor chunks* — entity mentions,
//! descriptions of people ("the British and French defense ministers"),
//! coordinated lists and pronouns — around *trigger* words. A trigger's
//! subject and objects come from the dependency parse when there is one
//! ([`crate::syntax`]): the chunk at its subject (given or inherited), and
//! the chunks at its dependents, by the preposition that introduces them
//! ("to", "with", "in", "for", "by"). Where the parse names no actor the
//! word order decides: the subject is the nearest acting chunk before the
//! trigger in its clause (mentions that only describe someone, such as the
//! country in "Britain’s defense secretary", are skipped) and the objects
//! are the chunks after it; a parse whose subject is a noun that names no
//! actor ("a group of leaders who travelled") leaves the subject empty
//! rather than guessing.
//! Events of the same act found in several sentences are merged, and a
//! meeting held in a country the visitor does not belong to implies a
//! visit (guidelines §2).

use std::collections::HashSet;

use chronicle_lexicon::TitleClass;
use chronicle_records::{Aid, AidKind, Count, EntityType, EventType, Granularity, Status, Time};
use chronicle_text::{Label, Span, TokenKind};

use crate::ctx::Ctx;
use crate::entities::Entities;
use crate::money::{self, MoneyExpr};
use crate::predicates::{self, Predicate};
use crate::quotes;
use crate::times::{self, TimeExpr};

#[derive(Debug, Clone)]
pub struct EventB {
    pub kind: EventType,
    pub source: Vec<usize>,
    pub target: Vec<usize>,
    pub participants: Vec<usize>,
    pub location: Option<usize>,
    pub time: Option<Time>,
    pub status: Status,
    pub attribution: Option<(Option<usize>, String)>,
    pub aid: Option<Aid>,
    pub count: Option<Count>,
    pub name: Option<usize>,
    pub evidence: Vec<Span>,
    pub confidence: f64,
    /// Found directly in the text (not derived from another event).
    pub explicit: bool,
    /// For an unnamed gathering, the noun that names it ("summit").
    pub head: Option<String>,
    /// The trigger's row in the predicate lexicon, when it has one.
    pub pred: Option<&'static Predicate>,
}

impl EventB {
    fn new(kind: EventType, evidence: Span) -> Self {
        EventB {
            kind,
            source: vec![],
            target: vec![],
            participants: vec![],
            location: None,
            time: None,
            status: Status::Asserted,
            attribution: None,
            aid: None,
            count: None,
            name: None,
            evidence: vec![evidence],
            confidence: 0.7,
            explicit: true,
            head: None,
            pred: None,
        }
    }

    fn parties(&self) -> Vec<usize> {
        let mut p: Vec<usize> = self
            .source
            .iter()
            .chain(&self.target)
            .chain(&self.participants)
            .copied()
            .collect();
        p.sort_unstable();
        p.dedup();
        p
    }
}

/// A run of tokens naming one or more actors.
#[derive(Debug, Clone)]
struct Chunk {
    start: usize,
    end: usize,
    actors: Vec<usize>,
    /// Describes something else; does not act.
    modifier: bool,
    /// A city or other place: a location rather than an actor.
    place: bool,
}

/// The index of the chunk covering token `t` (chunks are in text order and
/// do not overlap).
fn chunk_index(chunks: &[Chunk], t: usize) -> Option<usize> {
    let after = chunks.partition_point(|c| c.start <= t);
    after.checked_sub(1).filter(|&i| t < chunks[i].end)
}

/// The part of sentence `r` within [`REACH`] tokens of token `k`.
fn window(r: &std::ops::Range<usize>, k: usize) -> std::ops::Range<usize> {
    r.start.max(k.saturating_sub(REACH))..r.end.min(k + REACH)
}

/// How far around a trigger anything about it is read, in tokens (longer
/// than any clause of real news; bounds the work on run-on text).
const REACH: usize = 80;

/// How far from a trigger its arguments are looked for, in tokens.
const WINDOW: usize = 48;

const BOUNDARY: &[&str] = &[";", "“", "”", "\"", "—", "–", "(", ")", ":"];
const CLAUSE_WORDS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "while", "whereas", "but", "although", "because",
    "after", "before", "when", "as",
];

const MILITARY: &[&str] = &[
    "military",
    "weapons",
    "weapon",
    "arms",
    "ammunition",
    "munitions",
    "tanks",
    "tank",
    "missiles",
    "missile",
    "artillery",
    "howitzers",
    "drones",
    "drone",
    "air",
    "defense",
    "defence",
    "security",
    "rockets",
    "shells",
    "rounds",
    "jets",
    "aircraft",
    "f-16",
    "f-16s",
    "himars",
    "patriot",
    "vehicles",
    "launchers",
    "cannons",
    "guns",
    "rifles",
    "armored",
    "armoured",
    "lethal",
    "equipment",
    "systems",
];
const FINANCIAL: &[&str] = &[
    "financial",
    "loan",
    "loans",
    "budget",
    "grant",
    "grants",
    "economic",
    "funding",
    "funds",
    "credit",
    "macro-financial",
    "reconstruction",
    "budgetary",
    "cash",
];
const HUMANITARIAN: &[&str] = &[
    "humanitarian",
    "food",
    "medical",
    "medicine",
    "medicines",
    "shelter",
    "relief",
    "grain",
    "generators",
    "refugees",
    "winterization",
    "hospitals",
];
const AID_NOUNS: &[&str] = &[
    "aid",
    "assistance",
    "support",
    "package",
    "funding",
    "weapons",
    "arms",
    "ammunition",
    "equipment",
    "loan",
    "grant",
    "donation",
    "supplies",
    "tanks",
    "missiles",
    "systems",
    "money",
    "help",
    "contribution",
    "tranche",
];

pub fn find(
    ctx: &Ctx,
    ents: &mut Entities,
    all_times: &[TimeExpr],
    all_money: &[MoneyExpr],
) -> Vec<EventB> {
    let mut events = Vec::new();
    let mut last_person: Option<usize> = None;
    for s in 0..ctx.doc.sentences.len() {
        let r = ctx.doc.sentences[s].clone();
        let chunks = chunks(ctx, ents, r.clone(), &mut last_person);
        let sent_span = ctx.doc.sentence_span(s);
        // Only this sentence's times and amounts: every step below looks
        // within the sentence, and this keeps long documents linear.
        let times = within(all_times, r.start, r.end, |t| (t.start, t.end));
        let money = within(all_money, r.start, r.end, |m| (m.start, m.end));
        let first_event = events.len();
        // Headlines of other stories ("Other Topics of Interest Ukraine
        // FM Visits Serbia For First Time ...") are page furniture; the
        // article's own headline comes first and is kept.
        let furniture = if s > 0 {
            headline_runs(ctx, r.clone())
        } else {
            Vec::new()
        };
        let mut k = r.start;
        while k < r.end {
            if ctx.in_quote[k] || furniture.iter().any(|h| h.contains(&k)) {
                k += 1;
                continue;
            }
            if let Some((kind, tlen)) = trigger(ctx, k) {
                // Everything about one trigger is read within its clause's
                // reach: a run-on "sentence" (a flattened table, a list
                // without full stops) costs linear time, not quadratic.
                let near = window(&r, k);
                let mut found = build(
                    ctx,
                    ents,
                    &chunks,
                    times,
                    money,
                    kind,
                    k,
                    k + tlen,
                    sent_span,
                    near,
                );
                events.append(&mut found);
                k += tlen;
            } else {
                k += 1;
            }
        }
        noun_aid(
            ctx,
            ents,
            &chunks,
            times,
            money,
            r.clone(),
            sent_span,
            first_event,
            &mut events,
        );
        gatherings(ctx, ents, &chunks, times, r.clone(), sent_span, &mut events);
    }
    finish(ctx, ents, events)
}

/// For a definite gathering noun with no convener of its own ("the 2019
/// conference", "the event"): the source of the document's first gathering
/// with a source (the series it belongs to) and the times of all its
/// gatherings so far.
fn series_source(
    ctx: &Ctx,
    ents: &Entities,
    events: &[EventB],
    k: usize,
) -> Option<(Vec<usize>, Vec<Option<Time>>)> {
    let mut p = k.checked_sub(1)?;
    // "the 2019 conference"
    if ctx.kind(p) == TokenKind::Number && ctx.tok(p).len() == 4 {
        p = p.checked_sub(1)?;
    }
    if !matches!(ctx.low(p), "the" | "this" | "that") {
        return None;
    }
    let series: Vec<&EventB> = events
        .iter()
        .filter(|e| e.kind == EventType::GATHERING && !e.source.is_empty() && e.name.is_none())
        .collect();
    let g = series.first()?;
    let _ = ents;
    Some((
        g.source.clone(),
        series.iter().map(|e| e.time.clone()).collect(),
    ))
}

/// Runs of words set in headline case inside sentence `r`: six words or
/// more, every one capitalized, small words included ("Ukraine FM Visits
/// Serbia For First Time Since Russian Invasion").
fn headline_runs(ctx: &Ctx, r: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let upper = |k: usize| {
        ctx.kind(k) == TokenKind::Word && ctx.tok(k).chars().next().is_some_and(char::is_uppercase)
    };
    let small = |k: usize| {
        matches!(
            ctx.low(k),
            "for" | "of" | "in" | "to" | "with" | "on" | "at" | "since" | "after" | "and" | "from"
        )
    };
    let mut out = Vec::new();
    let mut k = r.start;
    while k < r.end {
        if !upper(k) {
            k += 1;
            continue;
        }
        let start = k;
        while k < r.end && upper(k) {
            k += 1;
        }
        if k - start >= 6 && (start + 1..k).any(small) {
            out.push(start..k);
        }
    }
    out
}

/// The country of the person or state told about an act: the object of a
/// verb of telling ("informed/told/assured X that ...") above `trig`.
fn addressee_country(
    ctx: &Ctx,
    ents: &mut Entities,
    chunks: &[Chunk],
    trig: usize,
) -> Option<usize> {
    let mut k = trig;
    for _ in 0..4 {
        let (h, rel) = ctx.syn.governor(ctx, k)?;
        if !matches!(rel, "ccomp" | "xcomp" | "advcl" | "conj") {
            return None;
        }
        k = h;
        let lemma = ctx.doc.morph.get(k).map_or("", |m| m.lemma.as_str());
        if !matches!(
            lemma,
            "inform" | "tell" | "assure" | "promise" | "reassure" | "notify"
        ) {
            continue;
        }
        let told = ctx
            .syn
            .children(k)
            .iter()
            .copied()
            .find(|&c| matches!(ctx.doc.deps[c].rel, "obj" | "iobj"))?;
        let c =
            chunk_at(ctx, ents, chunks, told).or_else(|| name_chunk(ctx, ents, chunks, told))?;
        let a = *c.actors.first()?;
        let x = &ents.list[a];
        if x.is_country() {
            return Some(a);
        }
        let country = match x.kind {
            EntityType::PERSON => x
                .roles
                .iter()
                .find_map(|r| r.of.clone().filter(|o| o.len() == 3))
                .or_else(|| x.country.clone())?,
            _ => return None,
        };
        return country_entity(ctx, ents, &country);
    }
    None
}

/// The countries owning what predicate `v` goes "to" or "for" ("heading
/// to Ukrainian front lines", "aid to the Kremlin's war effort").
fn destination_owners(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], v: usize) -> Vec<usize> {
    ctx.syn
        .dependents(ctx, v)
        .into_iter()
        .filter(|d| matches!(d.prep.as_str(), "to" | "for"))
        .flat_map(|d| owner_countries(ctx, ents, chunks, d.token))
        .collect()
}

/// The countries a noun belongs to: its national adjective or possessor
/// ("Ukrainian front lines", "Ukraine's war chest").
fn owner_countries(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], t: usize) -> Vec<usize> {
    ctx.syn
        .children(t)
        .iter()
        .filter(|&&c| matches!(ctx.doc.deps[c].rel, "amod" | "nmod:poss" | "compound"))
        .filter_map(|&c| chunk_at(ctx, ents, chunks, c))
        .flat_map(|c| c.actors)
        .filter_map(|a| {
            if ents.list[a].is_country() {
                return Some(a);
            }
            // "the Kremlin's war effort"
            government_country(ctx, ents, a).and_then(|c| known_country(ents, &c))
        })
        .collect()
}

/// Aid named by a noun phrase without a verb of giving: "a $61 billion aid
/// package for Ukraine", "$95bn in wartime aid for Ukraine". The amount
/// must come with an aid word and a recipient; the donor is the subject
/// of the clause.
#[allow(clippy::too_many_arguments)]
fn noun_aid(
    ctx: &Ctx,
    ents: &mut Entities,
    chunks: &[Chunk],
    times: &[TimeExpr],
    money: &[MoneyExpr],
    r: std::ops::Range<usize>,
    sent_span: Span,
    first_event: usize,
    events: &mut Vec<EventB>,
) {
    for m in money
        .iter()
        .filter(|m| m.start >= r.start && m.end <= r.end && !ctx.in_quote[m.start])
    {
        let claimed = events[first_event..].iter().position(|e| {
            e.aid
                .as_ref()
                .and_then(|a| a.amount.as_ref())
                .is_some_and(|a| a.text == m.amount.text)
        });
        // A verb of giving took the amount but found no recipient: the
        // clause below may name it.
        let claimed_open = claimed.filter(|&i| events[first_event + i].target.is_empty());
        if claimed.is_some() && claimed_open.is_none() {
            continue;
        }
        let near = (m.start.saturating_sub(3).max(r.start)..(m.end + 4).min(r.end)).any(|k| {
            matches!(
                ctx.low(k),
                "aid" | "assistance" | "package" | "funding" | "loan" | "grant" | "tranche"
            )
        });
        // "$1 billion in artillery, air defenses and other hardware"
        let in_kind = ctx.low(m.end) == "in"
            && (m.end + 1..(m.end + 4).min(r.end))
                .any(|k| MILITARY.contains(&ctx.low(k)) || HUMANITARIAN.contains(&ctx.low(k)));
        if !near && !in_kind && claimed_open.is_none() {
            continue;
        }
        // the recipient: "for/to COUNTRY" after the amount, in its clause
        let obj = objects(ctx, chunks, m.end, &r, money);
        let mut target = recipients(ctx, ents, &obj.to);
        let mut subj = subject(ctx, chunks, &r, m.start);
        // The amount as the subject of a clause of motion ("announced
        // that $1 billion in artillery would be heading to Ukraine"): the
        // recipient is that clause's "to", the donor the announcer.
        if let Some(v) = ctx
            .syn
            .top_of(ctx, m.start..m.end)
            .and_then(|h| ctx.syn.governor(ctx, h))
            .filter(|&(_, rel)| matches!(rel, "nsubj" | "nsubj:pass"))
            .map(|(v, _)| v)
        {
            if target.is_empty() {
                if let Some(o) = parse_objects(ctx, ents, chunks, v) {
                    target = recipients(ctx, ents, &o.to);
                }
            }
            if target.is_empty() {
                // "heading to Ukrainian front lines", "to Ukraine's
                // forces": the country that owns the destination
                let owners = destination_owners(ctx, ents, chunks, v);
                target = recipients(ctx, ents, &owners);
            }
            if let Some((w, "ccomp")) = ctx.syn.governor(ctx, v) {
                if let ParsedSubject::Actor(c) = parse_subject(ctx, ents, chunks, w) {
                    subj = Some(c);
                }
            }
        }
        if target.is_empty() {
            continue;
        }
        if let Some(i) = claimed_open {
            let e = &mut events[first_event + i];
            if !e.source.iter().any(|s| target.contains(s)) {
                e.target = target;
            }
            continue;
        }
        let Some(subj) = subj else {
            continue;
        };
        let mut ev = EventB::new(EventType::AID_PLEDGE, sent_span);
        ev.source = with_donor_countries(ctx, ents, subj.actors.clone());
        ev.target = target;
        ev.aid = Some(aid(ctx, m.start, m.start..obj.end, Some(m)));
        ev.status = status(ctx, m.start, &r, EventType::AID_PLEDGE);
        ev.time = event_time(ctx, times, m.start, &r, obj.end, ev.status);
        ev.attribution = attribution(ctx, ents, &r, m.start, &ev.source);
        ev.confidence = 0.5;
        if !ev.source.iter().any(|s| ev.target.contains(s)) {
            events.push(ev);
        }
    }
}

fn chunks(
    ctx: &Ctx,
    ents: &mut Entities,
    r: std::ops::Range<usize>,
    last_person: &mut Option<usize>,
) -> Vec<Chunk> {
    let mut out: Vec<Chunk> = Vec::new();
    let mut p = r.start;
    while p < r.end {
        if ctx.in_quote[p] {
            p += 1;
            continue;
        }
        // Descriptions of people first: they contain country mentions.
        if ctx.title_at[p].is_some() || matches!(ctx.low(p), "the" | "a") || ctx.ent_at[p].is_some()
        {
            if let Some((dr, actors)) = ents.resolve_descriptor(ctx, p) {
                if dr.end > p + 1 && ctx.title_at[dr.start..dr.end].iter().any(Option::is_some) {
                    let persons = actors
                        .iter()
                        .any(|&a| ents.list[a].kind == EntityType::PERSON);
                    let modifier = p > r.start && matches!(ctx.low(p - 1), "of") && !persons;
                    out.push(Chunk {
                        start: dr.start,
                        end: dr.end,
                        actors,
                        modifier,
                        place: false,
                    });
                    p = dr.end;
                    continue;
                }
            }
        }
        if let Some(m) = ents.mention_at(ctx, p) {
            let mention = &ctx.doc.ents[m];
            if mention.tokens.start != p {
                p += 1;
                continue;
            }
            let e = ents.of_ent[m];
            let end = mention.tokens.end;
            let ent = &ents.list[e];
            let mut modifier = ents.modifier[m];
            // "Ukraine’s counteroffensive": a possessor describes a noun.
            if ctx.is_possessive(end) && !crate::entities::is_honorific(ctx.tok(end + 1)) {
                let noun = ctx.low(end + 1);
                let is_trigger = trigger(ctx, end + 1).is_some() || trigger(ctx, end + 2).is_some();
                if !is_trigger
                    && ctx.title_at.get(end + 1).is_none_or(Option::is_none)
                    && !matches!(
                        noun,
                        "first"
                            | "second"
                            | "government"
                            | "office"
                            | "ministry"
                            | "administration"
                    )
                {
                    modifier = true;
                }
            }
            // "a US-made system", "Kremlin-backed forces": the first part of
            // a hyphenated modifier describes.
            if ctx.tok(end) == "-"
                && ctx
                    .doc
                    .tokens
                    .get(end + 1)
                    .is_some_and(|t| t.span.start == ctx.doc.tokens[end].span.end)
                && ctx
                    .tok(end + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
                && ent.kind != EntityType::PERSON
                && {
                    let w = ctx.low(end + 1);
                    (w.ends_with("ed") && w != "led")
                        || matches!(w, "made" | "built" | "born" | "run" | "owned")
                }
            {
                modifier = true;
            }
            // "British officials" act; "Ukrainian companies" do not.
            if mention.label == Label::Norp {
                let noun = ctx.low(end);
                modifier = modifier
                    || !matches!(
                        noun,
                        "officials"
                            | "government"
                            | "authorities"
                            | "leaders"
                            | "forces"
                            | "troops"
                            | "ministry"
                            | "delegation"
                            | "diplomats"
                            | "side"
                            | "leadership"
                            | "military"
                            | "army"
                            | "president"
                            | "prime"
                            | "foreign"
                            | "defense"
                            | "defence"
                    );
                // "a Czech-led initiative": the leader acts
                if ctx.tok_is(end, "-") && ctx.low(end + 1) == "led" {
                    modifier = false;
                }
            }
            if ent.kind == EntityType::PERSON {
                *last_person = Some(e);
            }
            let place = ent.is_city || matches!(ent.kind, EntityType::LOC | EntityType::FAC);
            let event_name = ent.kind == EntityType::EVENT;
            if !event_name {
                out.push(Chunk {
                    start: p,
                    end,
                    actors: vec![e],
                    modifier,
                    place,
                });
            }
            p = end;
            continue;
        }
        // "it"/"they" count only as a subject ("it will provide"),
        // not as an object or expletive ("made it clear").
        let subject_pronoun = matches!(ctx.low(p), "he" | "she")
            || matches!(ctx.low(p), "it" | "they")
                && matches!(
                    ctx.low(p + 1),
                    "will"
                        | "would"
                        | "has"
                        | "had"
                        | "have"
                        | "is"
                        | "was"
                        | "were"
                        | "are"
                        | "said"
                        | "says"
                        | "announced"
                        | "plans"
                        | "can"
                        | "could"
                        | "should"
                        | "may"
                        | "might"
                        | "also"
                        | "pledged"
                        | "promised"
                        | "sent"
                        | "provided"
                        | "delivered"
                );
        if subject_pronoun {
            if let Some(e) = ents.resolve_pronoun(ctx, p) {
                out.push(Chunk {
                    start: p,
                    end: p + 1,
                    actors: vec![e],
                    modifier: false,
                    place: false,
                });
            }
        }
        p += 1;
    }
    // A chunk starts with its title and honorific: "President Volodymyr Zelensky".
    for c in out.iter_mut() {
        while c.start > r.start
            && (crate::entities::is_honorific(ctx.tok(c.start - 1))
                || ctx.in_title[c.start - 1].is_some())
            && ents
                .list
                .get(c.actors[0])
                .is_some_and(|e| e.kind == EntityType::PERSON)
        {
            c.start -= 1;
        }
    }
    // Coordination: "Britain and France", "Neither Mr. Shapps nor Mr. Lecornu".
    let mut merged: Vec<Chunk> = Vec::new();
    for c in out {
        if let Some(prev) = merged.last_mut() {
            let gap: Vec<&str> = (prev.end..c.start).map(|k| ctx.low(k)).collect();
            // articles inside a list: "Uganda, the Republic of Congo and Egypt"
            let gap: Vec<&str> = gap
                .into_iter()
                .filter(|w| !matches!(*w, "the" | "a"))
                .collect();
            let joins = !gap.is_empty()
                && gap
                    .iter()
                    .all(|w| matches!(*w, "and" | "," | "nor" | "or" | "with"))
                && gap.iter().any(|w| matches!(*w, "and" | "nor" | "or"))
                && !gap.contains(&"with")
                || gap.len() == 1 && gap[0] == "," && same_class(ents, &prev.actors, &c.actors);
            let joins_also = gap == ["and", "with"] || gap == [",", "and", "with"];
            if (joins || joins_also)
                && prev.modifier == c.modifier
                && prev.place == c.place
                && !c.modifier
            {
                prev.end = c.end;
                prev.actors.extend(c.actors);
                continue;
            }
        }
        merged.push(c);
    }
    merged
}

/// Both lists hold persons, or both hold non-persons: a comma joins
/// "Mr. X, Mr. Y and Mr. Z" but not "with Mr. Zelensky, British officials said".
fn same_class(ents: &Entities, a: &[usize], b: &[usize]) -> bool {
    let person = |v: &[usize]| v.iter().all(|&e| ents.list[e].kind == EntityType::PERSON);
    let kinds = |v: &[usize]| v.iter().map(|&e| ents.list[e].kind).collect::<HashSet<_>>();
    person(a) == person(b) && (person(a) || kinds(a) == kinds(b))
}

/// The event type a trigger at `k` signals, and its length in tokens.
/// Every word form [`trigger`] can fire on, sorted: a word outside the
/// list never triggers, and a sentence without one (nor a speech cue or
/// quotation mark) needs no parse (see `needs_parse` in the crate root).
pub(crate) const TRIGGER_FORMS: &[&str] = &[
    "address",
    "agreed",
    "allocate",
    "allocated",
    "allocates",
    "announce",
    "announced",
    "announces",
    "approve",
    "approved",
    "arrive",
    "arrived",
    "arrives",
    "arriving",
    "attend",
    "attended",
    "attending",
    "attends",
    "boost",
    "boosted",
    "call",
    "called",
    "calls",
    "came",
    "clinched",
    "come",
    "comes",
    "commit",
    "commits",
    "committed",
    "concluded",
    "conference",
    "conferred",
    "conversation",
    "deliver",
    "delivered",
    "delivering",
    "delivers",
    "disburse",
    "disbursed",
    "disburses",
    "disbursing",
    "discuss",
    "discussed",
    "discusses",
    "discussing",
    "donate",
    "donated",
    "donates",
    "donating",
    "double",
    "doubled",
    "earmarked",
    "flew",
    "gave",
    "give",
    "given",
    "gives",
    "go",
    "going",
    "handed",
    "headed",
    "heads",
    "host",
    "hosted",
    "hosting",
    "hosts",
    "increase",
    "increased",
    "increases",
    "inked",
    "joined",
    "journeyed",
    "landed",
    "lead",
    "leading",
    "leads",
    "led",
    "meet",
    "meeting",
    "meets",
    "met",
    "offer",
    "offered",
    "participate",
    "participated",
    "phoned",
    "pledge",
    "pledged",
    "pledges",
    "pledging",
    "promise",
    "promised",
    "promises",
    "provide",
    "provided",
    "provides",
    "providing",
    "raise",
    "raised",
    "received",
    "send",
    "sending",
    "sends",
    "sent",
    "shipped",
    "sign",
    "signed",
    "signing",
    "signs",
    "speak",
    "speaking",
    "speaks",
    "speech",
    "spoke",
    "spoken",
    "stop",
    "stopover",
    "stopovers",
    "stops",
    "struck",
    "supplied",
    "supplies",
    "supply",
    "supplying",
    "talked",
    "talks",
    "telephoned",
    "tour",
    "toured",
    "transfer",
    "transferred",
    "transferring",
    "transfers",
    "travel",
    "traveled",
    "traveling",
    "travelled",
    "travelling",
    "travels",
    "trip",
    "trips",
    "unveiled",
    "visit",
    "visited",
    "visiting",
    "visits",
    "vowed",
    "welcomed",
    "went",
];

/// Whether `w` (any case) is one of [`TRIGGER_FORMS`].
pub(crate) fn is_trigger_form(w: &str) -> bool {
    TRIGGER_FORMS
        .binary_search_by(|p| crate::cmp_ascii_nocase(p, w))
        .is_ok()
}

fn trigger(ctx: &Ctx, k: usize) -> Option<(EventType, usize)> {
    if k >= ctx.len() || ctx.kind(k) != TokenKind::Word {
        return None;
    }
    let w = ctx.low(k);
    if !is_trigger_form(w) {
        return None;
    }
    let nx = ctx.low(k + 1);
    use EventType::*;
    let t = match w {
        "visit" | "visits" | "visited" | "visiting" | "trip" | "trips" | "tour" | "toured" => VISIT,
        // "with stops in South Africa, Congo and Rwanda"
        "stop" | "stops" | "stopover" | "stopovers" if nx == "in" => VISIT,
        // "delivered a speech in Ghana": to speak somewhere is to be there
        "speech" | "address"
            if nx == "in"
                && (k.saturating_sub(3)..k).any(|i| {
                    matches!(
                        ctx.low(i),
                        "delivered" | "delivers" | "deliver" | "gave" | "gives" | "give" | "made"
                    )
                }) =>
        {
            VISIT
        }
        "traveled" | "travelled" | "travels" | "travel" | "traveling" | "travelling" | "flew"
        | "arrived" | "arrives" | "arrive" | "arriving" | "landed" | "journeyed"
            if matches!(nx, "to" | "in" | "at")
                || (k.saturating_sub(6)..k).any(|i| ctx.low(i) == "where") =>
        {
            VISIT
        }
        // "led a peace mission to Russia and Ukraine"
        "led" | "leads" | "lead" | "leading" | "headed" | "heads"
            if (k + 1..(k + 6).min(ctx.len())).any(|i| {
                matches!(
                    ctx.low(i),
                    "mission" | "delegation" | "trip" | "visit" | "tour"
                ) && (i + 1..(i + 3).min(ctx.len())).any(|j| ctx.low(j) == "to")
            }) =>
        {
            VISIT
        }
        "came" | "come" | "comes" | "went" | "go" | "going"
            if nx == "to" && ctx.ent_at.get(k + 2).copied().flatten().is_some() =>
        {
            VISIT
        }
        "met" | "meet" | "meets" | "meeting" | "hosted" | "hosts" | "host" | "hosting"
        | "received" | "welcomed" => {
            // "during a Wednesday meeting in Beijing"
            let during = (k.saturating_sub(4)..k)
                .any(|i| matches!(ctx.low(i), "during" | "at" | "after"))
                && !matches!(nx, "of" | "on" | "about");
            if w == "meeting"
                && !matches!(nx, "with" | "between")
                && !light_object(ctx, k)
                && !during
            {
                return None;
            }
            // "to meet urban challenges", "meets the needs of": a verb of
            // satisfying, not of meeting someone
            if matches!(w, "meet" | "meets" | "met")
                && (k + 1..(k + 4).min(ctx.len())).any(|i| {
                    matches!(
                        ctx.low(i),
                        "challenges"
                            | "challenge"
                            | "needs"
                            | "need"
                            | "demand"
                            | "demands"
                            | "goals"
                            | "goal"
                            | "targets"
                            | "target"
                            | "obligations"
                            | "commitments"
                            | "requirements"
                            | "standards"
                            | "deadline"
                            | "criteria"
                            | "expectations"
                    )
                })
            {
                return None;
            }
            if matches!(
                w,
                "received" | "welcomed" | "hosted" | "hosts" | "host" | "hosting"
            ) {
                // only when a person is received
                let obj = ctx.ent_at.get(k + 1).copied().flatten().or(ctx
                    .ent_at
                    .get(k + 2)
                    .copied()
                    .flatten());
                if !obj.is_some_and(|m| ctx.doc.ents[m].label == Label::Person)
                    && !object_person(ctx, k)
                    && !titled_person_after(ctx, k)
                {
                    return None;
                }
            }
            // "met virtually", "a video meeting"
            if matches!(w, "met" | "meet" | "meets" | "meeting") && phone_cue(ctx, k) {
                CALL
            } else {
                MEET
            }
        }
        // "A and B talked today": like "spoke" below, talks between named
        // leaders with no word of a meeting are by phone or video.
        "talked"
            if !matches!(nx, "on" | "for" | "of")
                && (spoke_with_actor(ctx, k) || named_subjects(ctx, k) >= 2)
                && !in_person_cue(ctx, k) =>
        {
            CALL
        }
        "talks" | "talked" | "discussed" | "discuss" | "discusses" | "discussing" | "conferred" => {
            if phone_cue(ctx, k) {
                CALL
            } else {
                MEET
            }
        }
        "conference" if nx == "with" => MEET,
        // "a call with", "phone call", "In a call on Monday, X told Y";
        // never "called on X to", "a call for"
        "call" | "calls" | "conversation"
            if (!matches!(nx, "on" | "for" | "to")
                || matches!(
                    ctx.low(k.saturating_sub(1)),
                    "a" | "the" | "phone" | "telephone" | "video" | "his" | "her" | "their" | "'s"
                ))
                && (matches!(nx, "with" | "between")
                    || matches!(
                        ctx.low(k.saturating_sub(1)),
                        "phone" | "telephone" | "video"
                    )
                    || phone_cue(ctx, k)
                    || (ctx.low(k.saturating_sub(1)) == "a"
                        && ctx.low(k.saturating_sub(2)) == "in")
                    // "just before their call on Monday"
                    || (ctx.low(k.saturating_sub(1)) == "their" && !matches!(nx, "for" | "to"))
                    || received_call(ctx, k)) =>
        {
            CALL
        }
        "spoke" | "speaks" | "spoken" | "called" | "phoned" | "telephoned"
            if (!matches!(nx, "on" | "for")
                || matches!(ctx.low(k + 2), "phone" | "telephone")
                || matches!(ctx.low(k + 3), "phone" | "telephone"))
                && (phone_cue(ctx, k) || matches!(w, "phoned" | "telephoned")) =>
        {
            CALL
        }
        // "President Biden spoke today with President Macron": leaders who
        // speak with each other without meeting do it by phone or video.
        "spoke" | "speaks" | "spoken" | "speak" | "speaking"
            if !matches!(nx, "on" | "for" | "about" | "of")
                && (spoke_with_actor(ctx, k) || named_subjects(ctx, k) >= 2)
                && !in_person_cue(ctx, k) =>
        {
            CALL
        }
        // "spoke today on the margins of the NATO Summit with President
        // Duda": speaking with someone in person is meeting them
        "spoke" | "speaks" | "spoken" | "speak" | "speaking"
            if !matches!(nx, "on" | "for" | "about" | "of" | "to") && spoke_with_actor(ctx, k) =>
        {
            MEET
        }
        // "President Biden called President Zelenskyy today"
        "called" | "calls" | "call" if called_person(ctx, k) && !in_person_cue(ctx, k) => CALL,
        "pledged" | "pledge" | "pledges" | "pledging" | "committed" | "commit" | "commits"
        | "promised" | "promise" | "promises" | "announced" | "announce" | "announces"
        | "approved" | "approve" | "allocated" | "allocate" | "allocates" | "earmarked"
        | "offered" | "offer" | "unveiled" | "vowed" => {
            // "announced (that) the US would allocate ...": the inner verb
            // carries the pledge and its donor.
            if matches!(
                w,
                "announced" | "announce" | "announces" | "unveiled" | "vowed"
            ) && (k + 1..(k + 9).min(ctx.len())).any(|i| {
                matches!(
                    ctx.low(i),
                    "provide"
                        | "send"
                        | "supply"
                        | "give"
                        | "allocate"
                        | "deliver"
                        | "donate"
                        | "transfer"
                        | "pledge"
                        | "commit"
                )
            }) {
                return None;
            }
            if ctx.low(k.saturating_sub(1)) == "'s"
                || (w.ends_with('s')
                    && !matches!(ctx.low(k.saturating_sub(1)), "he" | "she" | "it"))
                    && !ctx.doc.ents.is_empty()
                    && matches!(w, "pledges" | "promises")
            {
                return None;
            }
            AID_PLEDGE
        }
        // "continues to supply the DPRK with petroleum": giving goes on
        // ("will continue to provide" is still a promise)
        "provide" | "supply" | "give" | "send" | "deliver" | "transfer"
            if k >= 2
                && ctx.low(k - 1) == "to"
                && matches!(ctx.low(k - 2), "continues" | "continued" | "continuing")
                && !matches!(ctx.low(k.saturating_sub(3)), "will" | "would" | "to") =>
        {
            AID_DELIVERY
        }
        "provide" | "provides" | "supply" | "supplies" | "give" | "gives"
            if matches!(
                ctx.low(k.saturating_sub(1)),
                "will" | "to" | "would" | "'ll"
            ) =>
        {
            AID_PLEDGE
        }
        // "would increase the total amount of its support", "boost aid"
        "increase" | "increased" | "increases" | "boost" | "boosted" | "raise" | "raised"
        | "double" | "doubled"
            if (k + 1..(k + 10).min(ctx.len())).any(|i| {
                matches!(
                    ctx.low(i),
                    "aid" | "assistance" | "support" | "funding" | "contribution"
                )
            }) =>
        {
            AID_PLEDGE
        }
        "provided" | "sent" | "send" | "sends" | "delivered" | "deliver" | "delivers"
        | "supplied" | "transferred" | "donated" | "shipped" | "handed" | "gave" | "given"
        | "providing" | "sending" | "delivering" | "supplying" | "transfer" | "transfers"
        | "transferring" | "donate" | "donates" | "donating" | "disbursed" | "disburse"
        | "disburses" | "disbursing" => {
            if nx == "on" {
                return None; // "deliver on its promises"
            }
            // "will send", "to send", "will begin supplying": not yet delivered
            if matches!(
                ctx.low(k.saturating_sub(1)),
                "will" | "to" | "would" | "'ll" | "begin" | "start"
            ) || (w.ends_with("ing") && matches!(ctx.low(k.saturating_sub(2)), "will" | "would"))
            {
                AID_PLEDGE
            } else {
                AID_DELIVERY
            }
        }
        "signed" | "sign" | "signs" | "signing" | "inked" | "concluded" | "struck" | "clinched" => {
            AGREEMENT
        }

        "agreed" if matches!(nx, "to" | "on" | "a") => AGREEMENT,
        "attend" | "attended" | "attends" | "attending" | "participate" | "participated"
        | "joined" => GATHERING,
        _ => return None,
    };
    // "agreed on how to deliver $50 billion", "weighing whether to send
    // tanks": a question about aid, not an act of giving it.
    if matches!(t, AID_PLEDGE | AID_DELIVERY)
        && k >= 2
        && ctx.low(k - 1) == "to"
        && matches!(ctx.low(k - 2), "how" | "whether")
    {
        return None;
    }
    Some((t, 1))
}

/// Nouns of intent whose owner is the actor of the infinitive after them
/// ("the commitment by G7 leaders to provide", "Japan's pledge to send").
const INTENT_NOUNS: &[&str] = &[
    "announcement",
    "commitment",
    "commitments",
    "decision",
    "intention",
    "offer",
    "plan",
    "plans",
    "pledge",
    "pledges",
    "promise",
    "promises",
];

/// The owner of the intent an infinitive trigger at `trig` completes:
/// "NOUN by X to TRIGGER", "X's NOUN to TRIGGER" or "his NOUN to TRIGGER",
/// with an intent noun ([`INTENT_NOUNS`]); an empty owner for "our" (no
/// donor is guessed).
fn owner_of_intent(
    ctx: &Ctx,
    ents: &Entities,
    chunks: &[Chunk],
    trig: usize,
) -> Option<Vec<usize>> {
    if trig < 3 || ctx.low(trig - 1) != "to" {
        return None;
    }
    let to = trig - 1;
    // "the commitment by G7 leaders to provide": the first actor after
    // "by", within the few words before "to"
    let from = to.saturating_sub(6).max(1);
    if let Some(by) = (from..to)
        .rev()
        .find(|&k| ctx.low(k) == "by" && INTENT_NOUNS.contains(&ctx.low(k - 1)))
    {
        return chunks
            .iter()
            .find(|c| c.start > by && c.end <= to && !c.actors.is_empty())
            .map(|c| c.actors.clone());
    }
    // "Norway's decision to send"
    if INTENT_NOUNS.contains(&ctx.low(to - 1)) && to >= 2 && ctx.is_possessive(to - 2) {
        return chunks
            .iter()
            .find(|c| c.end == to - 2 && !c.actors.is_empty())
            .map(|c| c.actors.clone());
    }
    // "his pledge to send": the person he is; "our commitment to
    // providing": the speakers, whom no entity names, so no donor is
    // guessed from the words around ("its" and "their" are the subject's,
    // which the caller finds)
    if INTENT_NOUNS.contains(&ctx.low(to - 1)) && to >= 2 {
        let p = to - 2;
        match ctx.low(p) {
            "his" | "her" => return Some(ents.resolve_pronoun(ctx, p).into_iter().collect()),
            "our" | "my" => return Some(Vec::new()),
            _ => {}
        }
    }
    None
}

/// "received a (phone) call from X", "took a call from X".
fn received_call(ctx: &Ctx, k: usize) -> bool {
    if ctx.low(k + 1) != "from" || !matches!(ctx.low(k), "call" | "calls") {
        return false;
    }
    let mut p = k;
    while p > 0
        && matches!(
            ctx.low(p - 1),
            "a" | "phone" | "telephone" | "video" | "the"
        )
    {
        p -= 1;
    }
    p > 0
        && matches!(
            ctx.low(p - 1),
            "received" | "receives" | "receive" | "got" | "took" | "takes" | "take"
        )
}

/// A noun that is the object of a light verb: "held a meeting", "had
/// talks".
fn light_object(ctx: &Ctx, k: usize) -> bool {
    let Some(d) = ctx.doc.deps.get(k) else {
        return false;
    };
    d.rel == "obj"
        && d.head.and_then(|h| ctx.doc.morph.get(h)).is_some_and(|m| {
            matches!(
                m.lemma.as_str(),
                "hold" | "have" | "conduct" | "convene" | "host"
            )
        })
}

/// "spoke (today) with X" / "talked to X" where X is a named actor: a
/// "with"/"to" dependent in the parse, or within a few words without one.
fn spoke_with_actor(ctx: &Ctx, k: usize) -> bool {
    let named = |t: usize| {
        ctx.ent_at.get(t).copied().flatten().is_some_and(|m| {
            matches!(
                ctx.doc.ents[m].label,
                Label::Person | Label::Gpe | Label::Org
            )
        })
    };
    if ctx.syn.parsed()
        && ctx
            .syn
            .dependents(ctx, k)
            .iter()
            .any(|d| matches!(d.prep.as_str(), "with" | "to") && named(d.token))
    {
        return true;
    }
    // The words themselves, for a parse that attached "with" elsewhere.
    let r = ctx.sent_range(k);
    let end = (k + 1..(k + 12).min(r.end))
        .find(|&i| matches!(ctx.tok(i), "." | ";" | ":" | "“" | "\""))
        .unwrap_or((k + 12).min(r.end));
    // A hyphen inside a title ("President-elect", "Prime Minister-Designate")
    // does not end the name that follows.
    (k + 1..end).any(|i| {
        matches!(ctx.low(i), "with" | "to")
            && (i + 1..(i + 7).min(r.end))
                .take_while(|&j| ctx.kind(j) == TokenKind::Word || ctx.tok(j) == "-")
                .any(named)
    })
}

/// "called President Zelenskyy (today)": a verb of calling whose object
/// is a person, not "called on/for", "called X a liar" or "so-called".
fn called_person(ctx: &Ctx, k: usize) -> bool {
    if !ctx.syn.parsed() || ctx.low(k.saturating_sub(1)) == "so" {
        return false;
    }
    let rel = ctx.doc.deps.get(k).map_or("", |d| d.rel);
    if !matches!(rel, "root" | "conj" | "ccomp" | "parataxis") {
        return false;
    }
    let kids = ctx.syn.children(k);
    // "called X to congratulate him" is a call; "called X to act", "called
    // X a liar" are not.
    let purpose = |c: usize| {
        ctx.doc.morph.get(c).is_some_and(|m| {
            matches!(
                m.lemma.as_str(),
                "congratulate"
                    | "offer"
                    | "discuss"
                    | "express"
                    | "thank"
                    | "convey"
                    | "reaffirm"
                    | "wish"
                    | "brief"
                    | "update"
                    | "extend"
            )
        })
    };
    if kids.iter().any(|&c| {
        matches!(ctx.doc.deps[c].rel, "obj:pred" | "ccomp")
            || (ctx.doc.deps[c].rel == "xcomp" && !purpose(c))
    }) {
        return false;
    }
    object_person(ctx, k)
}

/// Whether the words right after verb `k` are a person's name behind
/// capitalized modifiers and titles ("welcomed Czech Prime Minister Petr
/// Fiala"), whatever the parse made of them.
fn titled_person_after(ctx: &Ctx, k: usize) -> bool {
    let r = ctx.sent_range(k);
    (k + 1..(k + 7).min(r.end))
        .take_while(|&i| {
            ctx.tok(i) == "-"
                || (ctx.kind(i) == TokenKind::Word
                    && ctx.tok(i).chars().next().is_some_and(char::is_uppercase))
        })
        .any(|i| {
            ctx.ent_at
                .get(i)
                .copied()
                .flatten()
                .is_some_and(|m| ctx.doc.ents[m].label == Label::Person)
        })
}

/// Whether the parse gives verb `k` an object naming a person ("called
/// King Mohammed VI", "welcomed Colombian Foreign Minister Murillo").
fn object_person(ctx: &Ctx, k: usize) -> bool {
    ctx.syn
        .children(k)
        .iter()
        .any(|&c| ctx.doc.deps[c].rel == "obj" && names_person(ctx, c, 0))
}

/// Whether token `t` or the words of its name (flat, compound, appositive
/// and unmarked modifiers, two levels down) belong to a person mention.
fn names_person(ctx: &Ctx, t: usize, depth: usize) -> bool {
    let person = |t: usize| {
        ctx.ent_at
            .get(t)
            .copied()
            .flatten()
            .is_some_and(|m| ctx.doc.ents[m].label == Label::Person)
    };
    if person(t) {
        return true;
    }
    depth < 2
        && ctx.syn.children(t).iter().any(|&c| {
            let rel = ctx.doc.deps[c].rel;
            let name_part = matches!(rel, "flat" | "flat:name" | "compound" | "appos")
                || (rel.starts_with("nmod") && ctx.syn.case_of(ctx, c).is_empty());
            name_part && names_person(ctx, c, depth + 1)
        })
}

/// How many coordinated subjects of verb `k` are named actors ("President
/// Biden and President Sánchez spoke today").
fn named_subjects(ctx: &Ctx, k: usize) -> usize {
    named_subjects_parsed(ctx, k).max(named_subjects_in_order(ctx, k))
}

/// The coordinated named actors right before verb `k` in word order, for a
/// parse that split them ("President Biden and President Macron of France
/// spoke today"): a run of names, titles, "and", commas and "of PLACE"
/// reaching the start of the clause, with at least one "and".
fn named_subjects_in_order(ctx: &Ctx, k: usize) -> usize {
    let r = ctx.sent_range(k);
    let mut seen: Vec<usize> = vec![];
    let mut and = false;
    let mut i = k;
    while i > r.start {
        i -= 1;
        let w = ctx.tok(i);
        if let Some(m) = ctx.ent_at.get(i).copied().flatten() {
            if ctx.doc.ents[m].label == Label::Person && !seen.contains(&m) {
                seen.push(m);
            }
            continue;
        }
        match ctx.low(i) {
            "and" => and = true,
            "," | "of" | "the" | "-" | "." => {}
            _ if ctx.kind(i) == TokenKind::Word
                && w.chars().next().is_some_and(char::is_uppercase) => {}
            _ => {
                // An opening adverbial ends the run: "Today, A and B spoke".
                if ctx.tok(i + 1) != "," || i + 1 == k {
                    return 0;
                }
                break;
            }
        }
    }
    if and {
        seen.len()
    } else {
        0
    }
}

fn named_subjects_parsed(ctx: &Ctx, k: usize) -> usize {
    let Some(s) = ctx
        .syn
        .children(k)
        .iter()
        .copied()
        .find(|&c| ctx.doc.deps[c].rel == "nsubj")
    else {
        return 0;
    };
    ctx.syn
        .conjuncts(ctx, s)
        .into_iter()
        .filter(|&t| ctx.ent_at.get(t).copied().flatten().is_some() || names_person(ctx, t, 0))
        .count()
}

/// Words saying the parties were together in person: a verb speaking of
/// talks is a meeting then, not a call.
fn in_person_cue(ctx: &Ctx, k: usize) -> bool {
    let r = window(&ctx.sent_range(k), k);
    // A visit, trip or summit is often only the topic ("spoke about the
    // Prime Minister's recent visit to Ukraine"): it places the talk only
    // when the talk happens at or during it.
    let at_event = |i: usize| {
        (i.saturating_sub(4)..i).any(|j| j >= r.start && matches!(ctx.low(j), "during" | "at"))
    };
    r.clone().filter(|&i| i != k).any(|i| {
        let w = ctx.low(i);
        matches!(
            w,
            "met" | "sidelines" | "margins" | "margin" | "hosted" | "hosting" | "in-person"
        ) || (w == "in" && ctx.low(i + 1) == "person")
            || (matches!(
                w,
                "meeting" | "meetings" | "visit" | "visiting" | "summit" | "trip" | "conference"
            ) && at_event(i))
    }) && !phone_cue(ctx, k)
}

fn phone_cue(ctx: &Ctx, k: usize) -> bool {
    let r = ctx.sent_range(k);
    (r.start.max(k.saturating_sub(6))..(k + 8).min(r.end))
        .filter(|&i| i != k)
        .any(|i| {
            matches!(
                ctx.low(i),
                "phone"
                    | "telephone"
                    | "video"
                    | "videoconference"
                    | "phoned"
                    | "telephoned"
                    | "virtually"
            )
        })
}

fn is_boundary(ctx: &Ctx, k: usize) -> bool {
    // "as" starts a clause ("as its allies struggle"), not a role ("as
    // military aid", "as well as")
    let as_clause = |k: usize| {
        let nx = ctx.low(k + 1);
        matches!(
            nx,
            "the"
                | "a"
                | "an"
                | "he"
                | "she"
                | "it"
                | "they"
                | "we"
                | "his"
                | "her"
                | "its"
                | "their"
                | "did"
                | "part"
        ) || ctx.ent_at.get(k + 1).copied().flatten().is_some()
    };
    BOUNDARY.contains(&ctx.tok(k)) && !ctx.short_quote[k]
        || CLAUSE_WORDS.contains(&ctx.low(k)) && (ctx.low(k) != "as" || as_clause(k))
}

/// The last person mentioned before token `t`, outside quotes.
fn last_person_before(ctx: &Ctx, ents: &Entities, t: usize) -> Option<usize> {
    (t.saturating_sub(400)..t)
        .rev()
        .filter(|&k| !ctx.in_quote[k])
        .find_map(|k| {
            ents.entity_at(ctx, k)
                .filter(|&e| ents.list[e].kind == EntityType::PERSON)
        })
}

/// The subject of a trigger: the nearest acting chunk before it.
fn subject(ctx: &Ctx, chunks: &[Chunk], r: &std::ops::Range<usize>, trig: usize) -> Option<Chunk> {
    // A relative clause ("African leaders who travelled to ...") acts
    // through its antecedent, whatever preposition precedes it.
    let mut rel = trig;
    while rel > r.start
        && matches!(
            ctx.low(rel - 1),
            "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "is"
                | "are"
                | "was"
                | "were"
                | "also"
                | "recently"
                | "then"
        )
    {
        rel -= 1;
    }
    if rel > r.start && matches!(ctx.low(rel - 1), "who" | "which") {
        let w = rel - 1;
        let ante = chunks
            .iter()
            .rfind(|c| c.end == w || (c.end + 1 == w && ctx.tok(c.end) == ","));
        if let Some(a) = ante.filter(|a| !a.place) {
            return Some(a.clone());
        }
    }
    // Walk back through chunks, nearest first.
    // Subjects stand within a few dozen tokens of their verb; the window
    // keeps run-on "sentences" (tables, lists) from costing quadratic time.
    let from = r.start.max(trig.saturating_sub(WINDOW));
    let mut cands: Vec<&Chunk> = chunks
        .iter()
        .filter(|c| c.end <= trig && c.start >= from)
        .collect();
    cands.sort_by_key(|c| std::cmp::Reverse(c.end));
    for c in cands {
        if c.modifier || c.place {
            continue;
        }
        let prev = if c.start > r.start {
            ctx.low(c.start - 1)
        } else {
            ""
        };
        // "representatives from Turkey, Russia and Ukraine are meeting"
        let from_actor = prev == "from"
            && c.start >= 2
            && matches!(
                ctx.low(c.start - 2),
                "representatives"
                    | "officials"
                    | "delegation"
                    | "delegations"
                    | "delegates"
                    | "leaders"
                    | "ministers"
                    | "diplomats"
                    | "envoys"
            );
        let prev = if from_actor { "" } else { prev };
        if matches!(
            prev,
            "of" | "with"
                | "to"
                | "in"
                | "from"
                | "for"
                | "at"
                | "by"
                | "on"
                | "against"
                | "between"
                | "after"
                | "than"
                | "into"
        ) {
            continue;
        }
        // A clause boundary between the chunk and the trigger: a relative
        // clause ("X, who ...") keeps its head; "said (that)" hands over.
        let between: Vec<&str> = (c.end..trig)
            .filter(|&k| !ctx.short_quote[k])
            .map(|k| ctx.low(k))
            .collect();
        if between.iter().any(|w| matches!(*w, ";" | "“" | "”" | "\"")) {
            return None;
        }
        if between
            .iter()
            .any(|w| quotes::CUES.contains(w) && *w != "according")
            && ctx.low(trig) != "conference"
        {
            // "Mr. Zelensky's office said he had discussed" — the subject is
            // after the cue; only a chunk after it counts.
            continue;
        }
        return Some(c.clone());
    }
    None
}

/// The chunk naming the actor at token `t` of the parse: the chunk that
/// covers it, or the entity a pronoun stands for.
fn chunk_at(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], t: usize) -> Option<Chunk> {
    if let Some(i) = chunk_index(chunks, t) {
        let c = &chunks[i];
        // "Prime Minister of Canada Justin Trudeau": the country names the
        // person's office; the person is the actor.
        // ... or an organization ("World Health Organization (WHO)
        // Director-General Dr. Tedros"): the person is the actor.
        let offices = c
            .actors
            .iter()
            .all(|&a| ents.list[a].is_country() || ents.list[a].kind == EntityType::ORG);
        // ... also across the words of a title: "United States Chairman of
        // the Joint Chiefs of Staff General Mark Milley", and the
        // organization's acronym in brackets.
        let own = |k: usize| {
            ents.entity_at(ctx, k)
                .is_some_and(|e| c.actors.contains(&e))
        };
        let title_words = |from: usize, to: usize| {
            to >= from
                && to - from <= 10
                && (from..to).all(|k| {
                    matches!(ctx.tok(k), "(" | ")" | "-")
                        || (ctx.ent_at[k].is_some() && own(k))
                        || (ctx.ent_at[k].is_none()
                            && (ctx.in_title[k].is_some()
                                || matches!(ctx.low(k), "of" | "the" | "for")
                                || ctx.tok(k).chars().next().is_some_and(char::is_uppercase)))
                })
        };
        if offices && !c.actors.is_empty() {
            if let Some(next) = chunks[i + 1..].iter().take(3).find(|n| {
                title_words(c.end, n.start)
                    && !n.actors.is_empty()
                    && n.actors
                        .iter()
                        .all(|&a| ents.list[a].kind == EntityType::PERSON)
            }) {
                return Some(next.clone());
            }
        }
        return Some(c.clone());
    }
    // "leaders who travelled to Russia after their trip to Ukraine": a
    // plural pronoun in a relative clause means the clause's antecedent,
    // whatever entity was named last.
    if matches!(ctx.low(t), "they" | "their" | "them") {
        if let Some(ante) = relative_antecedent(ctx, t) {
            return chunk_index(chunks, ante).map(|i| chunks[i].clone());
        }
    }
    let e = ents.resolve_pronoun(ctx, t)?;
    Some(Chunk {
        start: t,
        end: t + 1,
        actors: vec![e],
        modifier: false,
        place: false,
    })
}

/// The antecedent of the relative clause ("who ...") that token `t` lies
/// in, when the parse shows one.
fn relative_antecedent(ctx: &Ctx, t: usize) -> Option<usize> {
    let mut k = t;
    for _ in 0..8 {
        let (h, rel) = ctx.syn.governor(ctx, k)?;
        if rel == "acl:relcl"
            && ctx.syn.children(k).iter().any(|&c| {
                ctx.doc.deps[c].rel.starts_with("nsubj")
                    && matches!(ctx.low(c), "who" | "that" | "which")
            })
        {
            return Some(h);
        }
        k = h;
    }
    None
}

/// The place a "where" relative clause around `trig` is about: "Ethiopia,
/// where Lavrov will travel".
fn where_antecedent(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], trig: usize) -> Option<usize> {
    if !ctx.syn.parsed() || ctx.doc.deps.get(trig)?.rel != "acl:relcl" {
        return None;
    }
    if !ctx
        .syn
        .children(trig)
        .iter()
        .any(|&c| ctx.low(c) == "where")
    {
        return None;
    }
    let head = ctx.doc.deps[trig].head?;
    let c = chunk_at(ctx, ents, chunks, head)?;
    c.actors.first().copied()
}

/// The actor named inside a title phrase: "His Majesty Haitham bin Tariq"
/// (appositive), "Prime Minister Kishida" (flat, compound), two levels
/// down at most.
fn name_chunk(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], t: usize) -> Option<Chunk> {
    let mut stack = vec![(t, 0)];
    while let Some((x, depth)) = stack.pop() {
        // an apposition first: "counterpart Alexander Lukashenko" whatever
        // else the parse hung on the title
        let mut kids = ctx.syn.children(x).to_vec();
        kids.sort_by_key(|&c| ctx.doc.deps[c].rel != "appos");
        for c in kids {
            if !matches!(
                ctx.doc.deps[c].rel,
                "appos" | "flat" | "flat:name" | "compound" | "nmod:desc"
            ) {
                continue;
            }
            if let Some(k) = chunk_at(ctx, ents, chunks, c).filter(|k| !k.modifier && !k.place) {
                return Some(k);
            }
            if depth < 1 {
                stack.push((c, depth + 1));
            }
        }
    }
    None
}

/// What the parse says about a trigger's subject.
enum ParsedSubject {
    Actor(Chunk),
    NotAnActor,
    Unknown,
}

/// The subject of a trigger read from the parse.
fn parse_subject(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], trig: usize) -> ParsedSubject {
    let Some(mut s) = ctx.syn.subject(ctx, trig) else {
        return ParsedSubject::Unknown;
    };
    // "Last month, an African delegation ... led": a fronted time phrase
    // parsed as the subject, the real one as its apposition.
    if matches!(
        ctx.low(s),
        "month" | "week" | "year" | "day" | "weekend" | "morning" | "evening" | "night"
    ) {
        if let Some(&a) = ctx
            .syn
            .children(s)
            .iter()
            .find(|&&c| ctx.doc.deps[c].rel == "appos")
        {
            s = a;
        }
    }
    // "Chinese leader Xi Jinping" parsed with the title as the subject:
    // the name that follows the title bears it.
    let s0 = s;
    if chunk_at(ctx, ents, chunks, s).is_none()
        && ctx.doc.morph.get(s).is_some_and(|m| m.upos == "NOUN")
    {
        if let Some(c) = chunks.iter().find(|c| {
            c.start == s + 1
                && !c.modifier
                && !c.actors.is_empty()
                && c.actors
                    .iter()
                    .all(|&a| ents.list[a].kind == EntityType::PERSON)
        }) {
            s = c.start;
        }
    }
    match chunk_at(ctx, ents, chunks, s) {
        Some(mut c) if !c.modifier && !c.place => {
            // "Trump and King Abdullah held a meeting": every conjunct acts
            // (and every other subject of the same verb: a coordination
            // the parser split into two subjects).
            let mut also = ctx.syn.conjuncts(ctx, s);
            if let Some((h, "nsubj")) = ctx.syn.governor(ctx, s0) {
                also.extend(
                    ctx.syn
                        .children(h)
                        .iter()
                        .copied()
                        .filter(|&x| x != s0 && ctx.doc.deps[x].rel == "nsubj")
                        .filter(|&x| (s0.min(x)..s0.max(x)).any(|k| ctx.low(k) == "and")),
                );
            }
            for t in also.into_iter().skip(1) {
                let k = chunk_at(ctx, ents, chunks, t)
                    .filter(|k| !k.modifier)
                    .or_else(|| name_chunk(ctx, ents, chunks, t));
                if let Some(k) = k {
                    for a in k.actors {
                        if !c.actors.contains(&a) {
                            c.actors.push(a);
                        }
                    }
                }
            }
            ParsedSubject::Actor(c)
        }
        Some(_) => ParsedSubject::Unknown,
        None if ctx.doc.morph.get(s).is_some_and(|m| m.upos == "NOUN") => {
            // A noun that stands for its actors: "representatives from
            // Turkey and Russia", "the decision of the House", "a
            // Czech-led initiative".
            let mut actors = Vec::new();
            let mut stack = vec![(s, 0)];
            while let Some((t, depth)) = stack.pop() {
                for &c in ctx.syn.children(t) {
                    let rel = ctx.doc.deps[c].rel;
                    let via = match rel {
                        "nmod" => matches!(ctx.syn.case_of(ctx, c), "from" | "of"),
                        // "a delegation led by Cyril Ramaphosa"
                        "acl" => matches!(ctx.low(c), "led" | "headed"),
                        "nmod:poss" | "compound" | "amod" | "conj" => true,
                        // "a Czech-led initiative": the leader of "led"
                        _ => ctx.low(t) == "led",
                    };
                    if !via {
                        continue;
                    }
                    match chunk_index(chunks, c).map(|i| &chunks[i]) {
                        Some(k) if !k.place || rel != "amod" => actors.extend(k.actors.clone()),
                        _ if depth < 2 => stack.push((c, depth + 1)),
                        _ => {}
                    }
                }
            }
            actors.dedup();
            if actors.is_empty() {
                ParsedSubject::NotAnActor
            } else {
                ParsedSubject::Actor(Chunk {
                    start: s,
                    end: s + 1,
                    actors,
                    modifier: false,
                    place: false,
                })
            }
        }
        // "their trip" inside "leaders who travelled ... after their
        // trip": the pronoun stands for a group the text does not name.
        None if matches!(ctx.low(s), "they" | "their" | "them")
            && relative_antecedent(ctx, s).is_some() =>
        {
            ParsedSubject::NotAnActor
        }
        None => ParsedSubject::Unknown,
    }
}

/// The trigger's dependents read from the parse, bucketed by their
/// prepositions like [`objects`]; `None` when the parse names no actor.
/// A dependent that is not an actor hands over its own prepositional
/// dependents ("$500 million in aid *to Ukraine*").
fn parse_objects(ctx: &Ctx, ents: &Entities, chunks: &[Chunk], trig: usize) -> Option<Objects> {
    if !ctx.syn.parsed() {
        return None;
    }
    let mut o = Objects {
        from: vec![],
        with: vec![],
        between: vec![],
        to: vec![],
        in_: vec![],
        by: vec![],
        direct: vec![],
        end: 0,
    };
    let mut found = false;
    let topic_verb = is_topic_verb(ctx, trig);
    let mut todo: Vec<(crate::syntax::Dependent, usize)> = ctx
        .syn
        .dependents(ctx, trig)
        .into_iter()
        .map(|d| (d, 0))
        .collect();
    let mut seen: Vec<usize> = Vec::new();
    let mut hits: Vec<(usize, String, Vec<usize>)> = Vec::new();
    while let Some((d, depth)) = todo.pop() {
        if seen.contains(&d.token) || seen.len() > 64 {
            continue;
        }
        seen.push(d.token);
        let c = chunk_at(ctx, ents, chunks, d.token)
            .filter(|c| !c.modifier)
            .or_else(|| name_chunk(ctx, ents, chunks, d.token));
        let Some(c) = c else {
            // "In addition to US aid, the EU is providing": a fronted
            // adjunct's own dependents are not the trigger's.
            // Only a noun hands over its dependents: a clause ("..., and
            // raised concerns over X's alignment with Moscow") is another act.
            let nominal = ctx
                .doc
                .morph
                .get(d.token)
                .is_none_or(|m| matches!(m.upos, "NOUN" | "PROPN" | "NUM" | "SYM" | "X"));
            // The object of "discuss" is a topic: its dependents name what
            // was discussed ("concerns over X's alignment with Moscow").
            let topic = depth == 0 && topic_verb && d.prep.is_empty();
            // A noun coordinated with the dependent ("a visit to the
            // continent and [a] pitch for US partnership") is another
            // thing, and its dependents are not the trigger's either.
            let coordinated = ctx.doc.deps[d.token].rel == "conj";
            if depth < 2 && nominal && !topic && !coordinated && !(depth == 0 && d.token < trig) {
                todo.extend(
                    ctx.syn
                        .dependents(ctx, d.token)
                        .into_iter()
                        .filter(|x| !x.prep.is_empty())
                        .map(|x| (x, depth + 1)),
                );
            }
            continue;
        };
        found = true;
        hits.push((d.token, d.prep, c.actors));
    }
    // In text order, as the word-window reading lists them.
    hits.sort_by_key(|h| h.0);
    for (_, prep, actors) in hits {
        match prep.as_str() {
            "with" => o.with.extend(actors),
            "between" => o.between.extend(actors),
            "to" | "for" | "toward" | "towards" | "into" => o.to.extend(actors),
            "in" | "at" | "of" => o.in_.extend(actors),
            "by" => o.by.extend(actors),
            "from" => o.from.extend(actors),
            "" => o.direct.extend(actors),
            _ => {}
        }
    }
    for v in [
        &mut o.from,
        &mut o.with,
        &mut o.between,
        &mut o.to,
        &mut o.in_,
        &mut o.by,
        &mut o.direct,
    ] {
        let mut s = HashSet::new();
        v.retain(|e| s.insert(*e));
    }
    found.then_some(o)
}

/// A verb of talking whose object is a topic, never a party: "discussed
/// the war", "addressed concerns over X's alignment with Moscow".
fn is_topic_verb(ctx: &Ctx, k: usize) -> bool {
    ctx.doc.morph.get(k).is_some_and(|m| {
        matches!(
            m.lemma.as_str(),
            "discuss" | "talk" | "confer" | "debate" | "address"
        )
    })
}

struct Objects {
    from: Vec<usize>,
    with: Vec<usize>,
    /// "talks between A and B": the parties themselves.
    between: Vec<usize>,
    to: Vec<usize>,
    in_: Vec<usize>,
    by: Vec<usize>,
    direct: Vec<usize>,
    end: usize,
}

/// The chunks after a trigger, up to the end of its clause.
fn objects(
    ctx: &Ctx,
    chunks: &[Chunk],
    trig_end: usize,
    r: &std::ops::Range<usize>,
    money: &[MoneyExpr],
) -> Objects {
    let mut o = Objects {
        from: vec![],
        with: vec![],
        between: vec![],
        to: vec![],
        in_: vec![],
        by: vec![],
        direct: vec![],
        end: r.end,
    };
    let mut k = trig_end;
    let mut first = true;
    let mut after_money = false;
    let limit = r.end.min(trig_end + WINDOW);
    o.end = limit;
    while k < limit {
        if let Some(m) = money.iter().find(|m| m.start == k) {
            k = m.end;
            first = false;
            after_money = true;
            continue;
        }
        if after_money && ctx.tok(k) == "," {
            // "530 million euros, or about $560 million, in military aid to Ukraine"
            after_money = false;
            k += 1;
            continue;
        }
        after_money = false;
        if is_boundary(ctx, k) && !(ctx.low(k) == "as" && ctx.low(k + 1) == "did") {
            o.end = k;
            break;
        }
        // "the meeting would explore a meeting between A and B": the
        // parties belong to the nearer predicate of meeting.
        if k > trig_end
            && matches!(ctx.low(k), "meeting" | "talks" | "call" | "summit")
            && matches!(
                trigger(ctx, k),
                Some((EventType::MEET | EventType::CALL, _))
            )
        {
            o.end = k;
            break;
        }
        if ctx.tok(k) == "," {
            // a comma ends the clause unless a chunk list continues
            let next_chunk = chunks
                .iter()
                .any(|c| c.start == k + 1 || (c.start == k + 2 && ctx.low(k + 1) == "and"));
            let prev_chunk = chunks.iter().any(|c| c.end == k);
            // "aid for Ukraine and Israel, along with defence support to
            // Taiwan": the list goes on
            let goes_on = (ctx.low(k + 1) == "along" && ctx.low(k + 2) == "with")
                || (ctx.low(k + 1) == "as" && ctx.low(k + 2) == "well" && ctx.low(k + 3) == "as");
            if !(goes_on || next_chunk && prev_chunk) {
                o.end = k;
                break;
            }
        }
        if let Some(c) = chunks
            .binary_search_by_key(&k, |c| c.start)
            .ok()
            .map(|i| &chunks[i])
        {
            if c.modifier {
                k = c.end;
                continue;
            }
            let mut p = c.start;
            let mut titles = 0;
            loop {
                if p <= trig_end {
                    break;
                }
                if matches!(ctx.low(p - 1), "the" | "and") {
                    p -= 1;
                } else if titles < 4
                    && p >= trig_end + 2
                    && (ctx.tok(p - 1) == "-" || ctx.tok(p - 2) == "-")
                    && matches!(ctx.kind(p - 1), TokenKind::Word | TokenKind::Punct)
                {
                    // "with President-elect Yoon", "Prime Minister-Designate X"
                    p -= 1;
                } else if titles < 4
                    && ctx.ent_at[p - 1].is_none()
                    && ctx.kind(p - 1) == TokenKind::Word
                    && ctx
                        .tok(p - 1)
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                {
                    // "with Amir Sheikh Tamim", "with His Majesty King X":
                    // titles between the preposition and the name
                    p -= 1;
                    titles += 1;
                } else {
                    break;
                }
            }
            let prep = if p > 0 { ctx.low(p - 1) } else { "" };
            let actors = c.actors.clone();
            match prep {
                "with" => o.with.extend(actors),
                "between" => o.between.extend(actors),
                "to" | "for" | "toward" | "towards" | "into" => o.to.extend(actors),
                "in" | "at" | "of" => o.in_.extend(actors),
                "by" => o.by.extend(actors),
                "from" => o.from.extend(actors),
                _ if first
                    || k == trig_end
                    || (k == trig_end + 1 && matches!(ctx.low(trig_end), "the" | "a")) =>
                {
                    o.direct.extend(actors)
                }
                _ => {}
            }
            first = false;
            k = c.end;
            continue;
        }
        if ctx.kind(k) == TokenKind::Word
            && !matches!(
                ctx.low(k),
                "the" | "a" | "an" | "with" | "to" | "in" | "by" | "for" | "at" | "of"
            )
        {
            first = false;
        }
        k += 1;
    }
    o
}

/// The events a trigger makes, each tagged with the trigger's row in the
/// predicate lexicon.
#[allow(clippy::too_many_arguments)]
fn build(
    ctx: &Ctx,
    ents: &mut Entities,
    chunks: &[Chunk],
    times: &[TimeExpr],
    money: &[MoneyExpr],
    kind: EventType,
    trig: usize,
    trig_end: usize,
    sent_span: Span,
    r: std::ops::Range<usize>,
) -> Vec<EventB> {
    let pred = ctx.doc.morph.get(trig).and_then(|m| {
        let verb = !matches!(m.upos, "NOUN" | "PROPN");
        predicates::lookup(&m.lemma, verb, kind)
            .or_else(|| predicates::lookup(ctx.low(trig), verb, kind))
    });
    let mut out = build_events(
        ctx, ents, chunks, times, money, kind, trig, trig_end, sent_span, r, pred,
    );
    for e in &mut out {
        e.pred = e.pred.or(pred);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn build_events(
    ctx: &Ctx,
    ents: &mut Entities,
    chunks: &[Chunk],
    times: &[TimeExpr],
    money: &[MoneyExpr],
    kind: EventType,
    trig: usize,
    trig_end: usize,
    sent_span: Span,
    r: std::ops::Range<usize>,
    pred: Option<&'static Predicate>,
) -> Vec<EventB> {
    let noun = matches!(
        ctx.low(trig),
        "visit"
            | "visits"
            | "trip"
            | "trips"
            | "tour"
            | "talks"
            | "call"
            | "calls"
            | "conversation"
            | "meeting"
            | "conference"
    );
    let mut subj = None;
    if noun {
        // "Mr. Stoltenberg’s visit", "his visit"
        let mut p = trig;
        while p > r.start
            && matches!(
                ctx.low(p - 1),
                "first"
                    | "second"
                    | "third"
                    | "recent"
                    | "latest"
                    | "official"
                    | "surprise"
                    | "unannounced"
                    | "state"
                    | "working"
                    | "phone"
                    | "telephone"
                    | "video"
                    | "last"
            )
        {
            p -= 1;
        }
        if p > r.start && ctx.is_possessive(p - 1) {
            subj = chunks.iter().find(|c| c.end == p - 1).cloned();
        } else if p > r.start && matches!(ctx.low(p - 1), "his" | "her") {
            // "after his second visit to Kiev": the last person named
            subj = last_person_before(ctx, ents, p - 1).map(|e| Chunk {
                start: p - 1,
                end: p,
                actors: vec![e],
                modifier: false,
                place: false,
            });
        } else if p > r.start
            && ctx.low(p - 1) == "their"
            && matches!(kind, EventType::MEET | EventType::CALL)
        {
            // "he had informed President Biden ... just before their call":
            // the two people of the sentence, when it names exactly two
            let mut people: Vec<usize> = Vec::new();
            for k in r.start..p - 1 {
                let found = if matches!(ctx.low(k), "he" | "she") {
                    ents.resolve_pronoun(ctx, k)
                } else {
                    chunks
                        .iter()
                        .find(|c| c.start == k && !c.modifier)
                        .and_then(|c| {
                            c.actors
                                .iter()
                                .copied()
                                .find(|&a| ents.list[a].kind == EntityType::PERSON)
                        })
                };
                if let Some(e) = found.filter(|e| !people.contains(e)) {
                    people.push(e);
                }
            }
            if people.len() == 2 {
                subj = Some(Chunk {
                    start: p - 1,
                    end: p,
                    actors: people,
                    modifier: false,
                    place: false,
                });
            }
        }
    }
    let subj = match subj {
        Some(s) => Some(s),
        None => match parse_subject(ctx, ents, chunks, trig) {
            ParsedSubject::Actor(c) => Some(c),
            // The parse names a subject that is no actor ("a group of
            // leaders who travelled"): no guessing from the words around.
            ParsedSubject::NotAnActor => None,
            ParsedSubject::Unknown => subject(ctx, chunks, &r, trig),
        },
    };
    let mut obj = objects(ctx, chunks, trig_end, &r, money);
    // The places the words name right after the trigger: a parser often
    // hangs "in Beijing" on the person met rather than on "met".
    let window_in = obj.in_.clone();
    if let Some(p) = parse_objects(ctx, ents, chunks, trig) {
        // A parse that hangs "with President Macron" elsewhere names no
        // party: the words right after the trigger still do.
        let (with, between) = (obj.with.clone(), obj.between.clone());
        obj = Objects { end: obj.end, ..p };
        if obj.with.is_empty() && obj.between.is_empty() && obj.direct.is_empty() {
            obj.with = with;
            obj.between = between;
        }
    }
    let mut ev = EventB::new(kind, sent_span);
    let mut source: Vec<usize> = subj.as_ref().map(|c| c.actors.clone()).unwrap_or_default();
    // "welcomed the commitment by G7 leaders to provide $50 billion",
    // "praised Norway's decision to send tanks": the one whose commitment
    // it is gives, not whoever speaks of it.
    if let Some(owner) = owner_of_intent(ctx, ents, chunks, trig) {
        source = owner;
    }
    // Passive and nominal forms name the actor after "by": "weapons
    // provided by Western allies", "a visit by the minister".
    let passive = matches!(
        ctx.low(trig.saturating_sub(1)),
        "was" | "were" | "been" | "be" | "is" | "are"
    );
    if !obj.by.is_empty()
        && (passive || (source.is_empty() && (noun || ctx.low(trig).ends_with("ed"))))
    {
        source = obj.by.clone();
    }
    // "the visit from the Belarusian leader"
    if source.is_empty() && noun && !obj.from.is_empty() {
        source = obj.from.clone();
    }
    // "Before visiting Moscow earlier this month, Lukashenko claimed ...":
    // an opening participle clause shares the main clause's subject.
    // ... also "Asked about his refusal to hold talks with X, Blinken said".
    let opening_participle = ctx
        .doc
        .morph
        .get(r.start)
        .is_some_and(|m| matches!(m.xpos, "VBN" | "VBG" | "VBD"));
    if source.is_empty()
        && ((trig < r.start + 3
            && matches!(
                ctx.low(r.start),
                "before" | "after" | "while" | "since" | "upon" | "when" | "during"
            ))
            || (opening_participle && (r.start..trig).all(|k| ctx.tok(k) != ",")))
    {
        if let Some(comma) = (trig..r.end).find(|&k| ctx.tok(k) == ",") {
            if let Some(c) = chunks
                .iter()
                .find(|c| c.start > comma && !c.modifier && !c.place)
            {
                if c.start <= comma + 3 {
                    source = c.actors.clone();
                }
            }
        }
    }
    let place_of = |ents: &Entities, list: &[usize]| {
        list.iter().copied().find(|&e| {
            ents.list[e].is_city
                || matches!(
                    ents.list[e].kind,
                    EntityType::GPE | EntityType::LOC | EntityType::FAC
                )
        })
    };
    match kind {
        EventType::VISIT => {
            // Verbs of mere motion ("the soldiers will go to Poland", "F15
            // fighters landed in Łask") make a visit only for a person: an
            // official travels; troops and aircraft deploy.
            if matches!(
                ctx.low(trig),
                "flew"
                    | "fly"
                    | "flies"
                    | "landed"
                    | "lands"
                    | "land"
                    | "arrived"
                    | "arrives"
                    | "arrive"
                    | "arriving"
                    | "came"
                    | "come"
                    | "comes"
                    | "went"
                    | "go"
                    | "goes"
                    | "going"
            ) {
                source.retain(|&e| ents.list[e].kind == EntityType::PERSON);
                if source.is_empty() {
                    return vec![];
                }
            }
            // The destinations: the first group of places after the trigger
            // ("to Ethiopia, Uganda and Egypt"); countries and cities before
            // regions ("arriving in Uganda on an Africa tour").
            let groups = [&obj.to, &obj.direct, &obj.in_];
            let is_place = |x: &crate::entities::EntityB| {
                x.is_city || x.is_country() || matches!(x.kind, EntityType::GPE)
            };
            let dests: Vec<usize> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .copied()
                        .filter(|&e| is_place(&ents.list[e]))
                        .collect::<Vec<_>>()
                })
                .find(|g| !g.is_empty())
                // a tour of a continent is not a visit to a country
                .unwrap_or_default();
            // "Ethiopia, where Lavrov will travel after Kampala": the
            // relative clause's antecedent is the destination.
            let dests = if dests.is_empty() {
                where_antecedent(ctx, ents, chunks, trig)
                    .filter(|&e| is_place(&ents.list[e]))
                    .into_iter()
                    .collect()
            } else {
                dests
            };
            let mut located: Vec<(usize, Option<usize>)> = Vec::new();
            let mut unresolved = Vec::new();
            // No one visits their own country: a visitor's country named
            // among the dependents is something else ("a pitch for US
            // partnership").
            let home: Vec<String> = source
                .iter()
                .filter(|&&s| ents.list[s].kind == EntityType::PERSON)
                .filter_map(|&s| ents.list[s].country.clone())
                .collect();
            // A speech at home is no visit at all.
            let speech = matches!(ctx.low(trig), "speech" | "address");
            for d in dests {
                let (target, location) = place_target(ctx, ents, d);
                let target = target.filter(|&t| {
                    !(ents.list[t].is_country()
                        && (location.is_none() || speech)
                        && ents.list[t]
                            .country
                            .as_ref()
                            .is_some_and(|c| home.contains(c)))
                });
                match target {
                    // one stop per country: "Kyiv and Lviv" is one visit
                    // to Ukraine, located at the first city named
                    Some(t) if located.iter().any(|&(x, _)| x == t) => {}
                    // a place whose country is unknown is no country of
                    // its own: "the cities of A and B" are one trip
                    Some(t) if !ents.list[t].is_country() => unresolved.push(t),
                    Some(t) => located.push((t, location)),
                    None => {}
                }
            }
            if !unresolved.is_empty() {
                if located.is_empty() && unresolved.len() > 1 {
                    ev.target = std::mem::take(&mut unresolved);
                }
                located.extend(unresolved.into_iter().map(|t| (t, None)));
            }
            if located.len() > 1 {
                // one visit per destination country
                let mut out = Vec::new();
                let status = status(ctx, trig, &r, kind);
                let time = event_time(ctx, times, trig, &r, obj.end, status);
                let attribution = attribution(ctx, ents, &r, trig, &source);
                for (t, l) in located {
                    for &s in &source {
                        let mut e = EventB::new(kind, sent_span);
                        e.source = vec![s];
                        e.target = vec![t];
                        e.location = l;
                        e.status = status;
                        e.time = time.clone();
                        e.attribution = attribution.clone();
                        out.push(e);
                    }
                }
                return out;
            }
            if let Some((t, l)) = located.pop() {
                ev.target = vec![t];
                ev.location = l;
            }
            // a visit "to" a person ("visit to Mr. X") is a meeting too
            ev.source = source;
            if ev.source.is_empty() && ev.target.is_empty() {
                return vec![];
            }
        }
        EventType::MEET | EventType::CALL => {
            if obj.between.len() >= 2 {
                // the subject hosts or reports; the parties are A and B
                source = vec![obj.between[0]];
            }
            let mut others: Vec<usize> = if obj.between.len() >= 2 {
                obj.between[1..].to_vec()
            } else {
                obj.with.clone()
            };
            // "spoke to President Macron": who is spoken to takes part
            if others.is_empty()
                && matches!(
                    ctx.low(trig),
                    "spoke" | "speaks" | "spoken" | "speak" | "speaking" | "talked" | "talks"
                )
            {
                others = obj
                    .to
                    .iter()
                    .copied()
                    .filter(|&e| {
                        ents.list[e].kind == EntityType::PERSON || ents.list[e].is_country()
                    })
                    .collect();
            }
            // "X received a call from Y": Y called X.
            if others.is_empty() && received_call(ctx, trig) && !obj.from.is_empty() {
                others = std::mem::take(&mut source);
                source = obj.from.clone();
            }
            // "discussed the war (with X)": the object of a verb of talking
            // is its topic, not a party.
            if others.is_empty() && !is_topic_verb(ctx, trig) {
                others = obj
                    .direct
                    .iter()
                    .copied()
                    .filter(|&e| !ents.list[e].is_city && ents.list[e].kind != EntityType::LOC)
                    .collect();
            }
            // "In a call on Monday, Biden informed the Ukrainian president":
            // a sentence-initial noun names its parties in the main clause.
            if source.is_empty() && others.is_empty() && noun && trig < r.start + 4 {
                if let Some(comma) = (trig_end..r.end).find(|&k| ctx.tok(k) == ",") {
                    let after: Vec<&Chunk> = chunks
                        .iter()
                        .filter(|c| c.start > comma && !c.modifier && !c.place)
                        .take(2)
                        .collect();
                    if after.len() == 2 {
                        source = after[0].actors.clone();
                        others = after[1].actors.clone();
                    }
                }
            }
            if others.is_empty() && source.len() >= 2 {
                // "A and B held a meeting", "A and B spoke today": the
                // parties are the subjects.
                others = source.split_off(1);
            }
            if source.is_empty() || others.is_empty() {
                // "talks between A and B"
                if source.is_empty() && others.len() >= 2 {
                    source = vec![others.remove(0)];
                } else {
                    return vec![];
                }
            }

            others.retain(|o| !source.contains(o));
            if others.is_empty() {
                return vec![];
            }
            // "Putin hosted the African leaders": the guests came to the
            // host (the lexicon's subj=target).
            if pred.is_some_and(|p| p.subject_is_target()) {
                std::mem::swap(&mut source, &mut others);
            }
            ev.source = source;
            ev.target = others;
            // A meeting's place is a city or venue: "discussed aggression
            // in Ukraine" says where the aggression is, not the meeting.
            if let Some(l) = obj
                .in_
                .iter()
                .chain(&window_in)
                .copied()
                .find(|&e| ents.list[e].is_city || ents.list[e].kind == EntityType::FAC)
            {
                ev.location = Some(l);
            }
        }
        EventType::AID_PLEDGE | EventType::AID_DELIVERY => {
            let clause = trig..obj.end;
            let m = money
                .iter()
                .find(|m| m.start >= trig_end && m.start < obj.end);
            let has_aid_noun = clause
                .clone()
                .any(|k| AID_NOUNS.contains(&ctx.low(k)) || MILITARY.contains(&ctx.low(k)));
            if m.is_none() && !has_aid_noun {
                return vec![];
            }
            // "committed to a $1.4 trillion investment framework",
            // "allocated AUD 765 billion to defense spending": money for
            // investment, trade or a budget is no aid.
            let not_aid = clause.clone().any(|k| {
                matches!(
                    ctx.low(k),
                    "spending"
                        | "budget"
                        | "trade"
                        | "purchase"
                        | "purchases"
                        | "sales"
                        | "exports"
                        | "imports"
                )
            });
            if not_aid && !clause.clone().any(|k| AID_NOUNS.contains(&ctx.low(k))) {
                return vec![];
            }
            // "committed to investing $1.4 trillion in the U.S.", "a $600
            // billion investment to support AI infrastructure": investing
            // is no aid unless the clause names aid outright ("an
            // investment in Ukraine's recovery through grants").
            let investing = clause.clone().any(|k| {
                matches!(
                    ctx.low(k),
                    "invest"
                        | "invests"
                        | "invested"
                        | "investing"
                        | "investment"
                        | "investments"
                        | "exchange"
                )
            });
            let named_aid = clause.clone().any(|k| {
                matches!(
                    ctx.low(k),
                    "aid" | "assistance" | "grant" | "grants" | "loan" | "loans" | "donation"
                )
            });
            if investing && !named_aid {
                return vec![];
            }
            // "approved", "allocated": only with an amount ("approve more
            // funding" is a request, not a commitment)
            if matches!(
                ctx.low(trig),
                "approve" | "approved" | "allocated" | "allocate" | "allocates"
            ) && m.is_none()
                && !clause
                    .clone()
                    .any(|k| matches!(ctx.low(k), "package" | "tranche"))
            {
                return vec![];
            }

            // "committed to make": a commitment to act, not aid
            // ... also with military words: "vowed to deepen defense ties"
            let giving = |w: &str| {
                matches!(
                    w,
                    "provide"
                        | "send"
                        | "supply"
                        | "give"
                        | "deliver"
                        | "donate"
                        | "transfer"
                        | "fund"
                        | "finance"
                        | "allocate"
                        | "increase"
                        | "boost"
                        | "double"
                        | "ship"
                        | "train"
                        | "equip"
                        | "arm"
                )
            };
            let next = (trig_end + 1..(trig_end + 3).min(ctx.len()))
                .find(|&k| !matches!(ctx.tok(k), "“" | "\"" | "‘" | "'"))
                .unwrap_or(trig_end + 1);
            if ctx.low(trig_end) == "to"
                && ctx.kind(next) == TokenKind::Word
                && m.is_none()
                && (!has_aid_noun || !giving(ctx.low(next)))
            {
                return vec![];
            }
            // "to Ukraine", else a direct object: "provide Ukraine with", "sent Kyiv"
            let target = if obj.to.is_empty() {
                recipients(ctx, ents, &obj.direct)
            } else {
                let to = obj.to.clone();
                to.into_iter()
                    .map(|t| {
                        if ents.list[t].is_city {
                            place_target(ctx, ents, t).0.unwrap_or(t)
                        } else {
                            t
                        }
                    })
                    .collect()
            };
            // "lethal aid to the Kremlin's war effort": the country that
            // owns the destination
            let target = if target.is_empty() {
                let owners = destination_owners(ctx, ents, chunks, trig);
                recipients(ctx, ents, &owners)
            } else {
                target
            };
            // "Biden told Zelensky he would send military aid": promised to
            // a person, the aid goes to that person's country.
            let target = if target.is_empty() {
                addressee_country(ctx, ents, chunks, trig)
                    .filter(|t| !source.contains(t))
                    .into_iter()
                    .collect()
            } else {
                target
            };
            // No recipient in the clause ("Germany also announced plans to
            // supply a Patriot system"): `finish` gives it the document's
            // recipient of aid, or drops it. A clause that sends it
            // somewhere else ("send the package to Joe Biden's desk") has
            // no recipient to guess.
            if source.is_empty() {
                return vec![];
            }
            if target.is_empty()
                && ctx
                    .syn
                    .dependents(ctx, trig)
                    .iter()
                    .any(|d| d.prep == "to" && chunk_at(ctx, ents, chunks, d.token).is_none())
            {
                return vec![];
            }
            // The donor of record is a state: a legislature, ministry or
            // national leader acting on aid acts for its country, which is
            // listed beside it ("the US Senate" gives the Senate and USA).
            ev.source = with_donor_countries(ctx, ents, source);
            ev.target = target;
            ev.aid = Some(aid(ctx, trig, clause, m));
        }
        EventType::AGREEMENT => {
            let has_agreement = (trig..obj.end.min(trig + 10)).any(|k| {
                matches!(
                    ctx.low(k),
                    "agreement"
                        | "agreements"
                        | "accord"
                        | "memorandum"
                        | "deal"
                        | "treaty"
                        | "declaration"
                        | "pact"
                        | "contract"
                        | "contracts"
                        | "protocol"
                        | "communique"
                        | "charter"
                )
            });
            if !has_agreement || source.is_empty() {
                return vec![];
            }
            // "concluded a deal offering Russia a port": the party the deal
            // gives to signed it too
            for k in (trig_end..obj.end.min(trig_end + 10)).filter(|&k| {
                matches!(
                    ctx.low(k),
                    "agreement" | "deal" | "accord" | "treaty" | "pact"
                )
            }) {
                for &v in ctx.syn.children(k) {
                    if ctx.doc.deps[v].rel != "acl"
                        || ctx.doc.morph.get(v).is_none_or(|m| m.xpos != "VBG")
                    {
                        continue;
                    }
                    for &o in ctx.syn.children(v) {
                        if !matches!(ctx.doc.deps[o].rel, "obj" | "iobj") {
                            continue;
                        }
                        if let Some(c) = chunk_at(ctx, ents, chunks, o).filter(|c| !c.modifier) {
                            for a in c.actors {
                                if ents.list[a].is_country() && !source.contains(&a) {
                                    source.push(a);
                                }
                            }
                        }
                    }
                }
            }
            ev.source = source;
            ev.target = obj.with.clone();
        }
        EventType::GATHERING => {
            // attendance: "X attended / were expected to attend the forum"
            if source.is_empty() {
                return vec![];
            }
            let name = (trig_end..obj.end.min(trig_end + 10)).find_map(|k| {
                ents.entity_at(ctx, k)
                    .filter(|&e| ents.list[e].kind == EntityType::EVENT)
            });
            let Some(name) = name else { return vec![] };
            ev.participants = source;
            ev.name = Some(name);
        }
    }
    // A government acts for its country: "the Biden administration",
    // "the Kremlin", "the White House" (records name the country).
    for list in [&mut ev.source, &mut ev.target] {
        for a in list.iter_mut() {
            if let Some(c) = government_country(ctx, ents, *a) {
                if let Some(ce) = country_entity(ctx, ents, &c) {
                    *a = ce;
                }
            }
        }
        list.dedup();
    }
    ev.status = status(ctx, trig, &r, kind);
    ev.time = event_time(ctx, times, trig, &r, obj.end, ev.status);
    // "will begin supplying Ukraine ... in June": dated after publication,
    // the act is scheduled, not done.
    if ev.status == Status::Asserted && starts_after_publication(ctx, &ev.time) {
        ev.status = Status::Planned;
    }
    ev.attribution = attribution(ctx, ents, &r, trig, &ev.source);
    if ev.location.is_none()
        && !matches!(
            kind,
            EventType::GATHERING | EventType::MEET | EventType::CALL
        )
    {
        ev.location = place_of(ents, &obj.in_).filter(|&l| {
            ents.list[l].is_city || ents.list[l].kind != EntityType::GPE || kind == EventType::MEET
        });
    }
    let mut out = vec![];
    // "as did Jens Stoltenberg": the same act by another actor.
    if let Some(ad) = (trig_end..r.end).find(|&k| ctx.low(k) == "as" && ctx.low(k + 1) == "did") {
        if let Some(c) = chunks
            .iter()
            .find(|c| c.start >= ad + 2 && c.start <= ad + 3)
        {
            let mut copy = ev.clone();
            copy.source = c.actors.clone();
            out.push(copy);
        }
    }
    out.insert(0, ev);
    // One event per pair of actors (guidelines §2).
    let mut split = Vec::new();
    for e in out {
        if matches!(kind, EventType::MEET | EventType::CALL) {
            // Named people meet one by one; countries and organizations
            // without named people stay one party list (guidelines §2).
            let groups = |v: &[usize]| -> Vec<Vec<usize>> {
                let mut g: Vec<Vec<usize>> = v
                    .iter()
                    .filter(|&&a| ents.list[a].kind == EntityType::PERSON)
                    .map(|&a| vec![a])
                    .collect();
                let rest: Vec<usize> = v
                    .iter()
                    .copied()
                    .filter(|&a| ents.list[a].kind != EntityType::PERSON)
                    .collect();
                if !rest.is_empty() {
                    g.push(rest);
                }
                g
            };
            for s in groups(&e.source) {
                for t in groups(&e.target) {
                    let mut x = e.clone();
                    x.source = s.clone();
                    x.target = t;
                    split.push(x);
                }
            }
        } else if matches!(kind, EventType::VISIT) && e.source.len() > 1 {
            for &s in &e.source {
                let mut x = e.clone();
                x.source = vec![s];
                split.push(x);
            }
        } else if matches!(kind, EventType::GATHERING) && e.participants.len() > 1 {
            for &s in &e.participants {
                let mut x = e.clone();
                x.participants = vec![s];
                split.push(x);
            }
        } else {
            split.push(e);
        }
    }
    split
}

/// The country an organization governs for: a government metonym ("the
/// Kremlin"), or "<leader> administration/government".
fn government_country(ctx: &Ctx, ents: &Entities, e: usize) -> Option<String> {
    let x = &ents.list[e];
    if x.kind != EntityType::ORG {
        return None;
    }
    let name = x.name.trim_start_matches("the ");
    if ctx
        .lex
        .country(name)
        .is_some_and(|h| h.form == chronicle_lexicon::CountryForm::Metonym)
    {
        return x.country.clone();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    let last = words.last()?.to_lowercase();
    if !matches!(last.as_str(), "administration" | "government" | "cabinet") {
        return None;
    }
    if x.country.is_some() {
        return x.country.clone();
    }
    // "Biden Administration": the leader's country
    words[..words.len() - 1].iter().find_map(|w| {
        ctx.lex
            .leaders()
            .iter()
            .find(|l| l.name.split_whitespace().last() == Some(*w))
            .map(|l| l.country.clone())
    })
}

/// An aid act's sources with the countries their state bodies and office
/// holders act for added after them.
fn with_donor_countries(ctx: &Ctx, ents: &mut Entities, source: Vec<usize>) -> Vec<usize> {
    let mut donors = source.clone();
    for &s in &source {
        if let Some(c) = donor_country(ctx, ents, s) {
            if let Some(ce) = known_country(ents, &c) {
                if !donors.contains(&ce) {
                    donors.push(ce);
                }
            }
        }
    }
    donors
}

/// The country a donor acts for: a state body ("the US Senate", "the
/// Defense Ministry", "the Biden administration") or a person holding a
/// national office (head of state or government, minister).
fn donor_country(ctx: &Ctx, ents: &Entities, e: usize) -> Option<String> {
    let x = &ents.list[e];
    match x.kind {
        EntityType::ORG => {
            if let Some(c) = government_country(ctx, ents, e) {
                return Some(c);
            }
            let country = x.country.clone()?;
            let low = x.name.to_lowercase();
            let state_body = low.split_whitespace().any(|w| {
                matches!(
                    w,
                    "senate"
                        | "congress"
                        | "house"
                        | "parliament"
                        | "bundestag"
                        | "duma"
                        | "sejm"
                        | "rada"
                        | "ministry"
                        | "department"
                        | "government"
                        | "administration"
                        | "cabinet"
                        | "pentagon"
                        | "treasury"
                )
            });
            state_body.then_some(country)
        }
        EntityType::PERSON => x
            .roles
            .iter()
            .find_map(|r| {
                let national = matches!(
                    r.class,
                    TitleClass::HeadOfState
                        | TitleClass::HeadOfGovernment
                        | TitleClass::Minister(_)
                );
                if !national {
                    return None;
                }
                match &r.of {
                    Some(of) if of.len() == 3 && of.chars().all(|c| c.is_ascii_uppercase()) => {
                        Some(of.clone())
                    }
                    Some(_) => None,
                    None => x.country.clone(),
                }
            })
            // a head of state or government the lexicon knows
            .or_else(|| {
                ctx.lex
                    .leader(&x.name)
                    .iter()
                    .find(|l| {
                        let p = l.position.to_lowercase();
                        l.end.is_none()
                            && (p.starts_with("president")
                                || p.starts_with("prime minister")
                                || p.starts_with("chancellor"))
                    })
                    .map(|l| l.country.clone())
            }),
        _ => None,
    }
}

/// The aid recipients among `list`: countries, and cities standing for
/// their country ("aid for Kyiv").
fn recipients(ctx: &Ctx, ents: &mut Entities, list: &[usize]) -> Vec<usize> {
    let places: Vec<usize> = list
        .iter()
        .copied()
        .filter(|&e| ents.list[e].is_country() || ents.list[e].is_city)
        .collect();
    places
        .into_iter()
        .map(|t| {
            if ents.list[t].is_city {
                place_target(ctx, ents, t).0.unwrap_or(t)
            } else {
                t
            }
        })
        .collect()
}

/// For a destination: the country it belongs to (the target) and the city
/// (the location).
fn place_target(ctx: &Ctx, ents: &mut Entities, d: usize) -> (Option<usize>, Option<usize>) {
    let e = &ents.list[d];
    if e.is_city {
        let country = e.country.clone();
        let loc = Some(d);
        let target = country.and_then(|c| country_entity(ctx, ents, &c));
        return (target, loc);
    }
    (Some(d), None)
}

/// The document's entity for country `iso3`, created if the text never names it.
/// The document's entity for country `iso3`, if the text names it.
fn known_country(ents: &Entities, iso3: &str) -> Option<usize> {
    ents.list
        .iter()
        .position(|e| e.is_country() && e.country.as_deref() == Some(iso3))
}

pub fn country_entity(ctx: &Ctx, ents: &mut Entities, iso3: &str) -> Option<usize> {
    if let Some(i) = known_country(ents, iso3) {
        return Some(i);
    }
    let info = ctx.lex.country_info(iso3)?;
    ents.list.push(crate::entities::EntityB {
        kind: EntityType::GPE,
        name: info.name.clone(),
        country: Some(iso3.to_string()),
        org_short: None,
        is_city: false,
        roles: vec![],
        mentions: vec![],
    });
    Some(ents.list.len() - 1)
}

fn status(ctx: &Ctx, trig: usize, r: &std::ops::Range<usize>, kind: EventType) -> Status {
    let from = r.start.max(trig.saturating_sub(8));
    let mut negated = false;
    let mut hypo = false;
    let mut expected = false;
    let mut future = false;
    for k in (from..trig).rev() {
        let w = ctx.low(k);
        if matches!(w, ";" | "“" | "”")
            || (w == "," && k + 1 < trig && !matches!(ctx.low(k + 1), "but"))
                && k < trig.saturating_sub(4)
        {
            break;
        }
        match w {
            "not" | "n't" | "never" | "neither" | "nor" | "no" | "refused" | "refusal"
            | "refuses" | "refuse" | "declined" | "without" | "cancelled" | "canceled"
            | "postponed" => negated = true,
            "if" | "could" | "might" | "may" | "should" | "unless" | "whether" | "possibility"
            | "possible" | "considering" | "consider" | "considers" | "mulling" | "weighing"
            | "threatened" | "threatens" => hypo = true,
            "expected" | "likely" => expected = true,
            "will" | "'ll" | "would" | "shall" | "plans" | "planned" | "plan" | "scheduled"
            | "set" | "upcoming" | "due" => future = true,
            _ => {}
        }
    }
    if ctx.low(trig.saturating_sub(1)) == "to"
        && matches!(
            ctx.low(trig.saturating_sub(2)),
            "is" | "are" | "was" | "were"
        )
    {
        future = true;
    }
    if negated {
        Status::Negated
    } else if hypo {
        Status::Hypothetical
    } else if expected {
        Status::Expected
    } else if future && !matches!(kind, EventType::AID_PLEDGE) {
        Status::Planned
    } else {
        Status::Asserted
    }
}

/// The time starts after the publication date.
fn starts_after_publication(ctx: &Ctx, t: &Option<Time>) -> bool {
    let (Some(t), Some(p)) = (t, ctx.published) else {
        return false;
    };
    t.start
        .as_deref()
        .and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .is_some_and(|d| d > p)
}

fn event_time(
    ctx: &Ctx,
    times: &[TimeExpr],
    trig: usize,
    r: &std::ops::Range<usize>,
    clause_end: usize,
    status: Status,
) -> Option<Time> {
    let pledge = matches!(
        ctx.low(trig),
        "provide"
            | "give"
            | "send"
            | "supply"
            | "allocate"
            | "pledged"
            | "pledge"
            | "promised"
            | "committed"
    ) || trig > 0 && matches!(ctx.low(trig - 1), "will" | "would" | "to");
    // the clause start: back to a boundary
    let mut cs = trig;
    while cs > r.start
        && !is_boundary(ctx, cs - 1)
        && !(quotes::CUES.contains(&ctx.low(cs - 1)) && cs - 1 != trig)
    {
        cs -= 1;
    }
    // With a parse, a verb's time is not one inside another clause ("if
    // senators approve the bill on Tuesday", "who ... last year").
    let verbal = ctx.syn.parsed() && ctx.doc.morph.get(trig).is_some_and(|m| m.upos == "VERB");
    let own_clause = |t: &TimeExpr| {
        !verbal
            || ctx
                .syn
                .top_of(ctx, t.start..t.end)
                .is_none_or(|h| !ctx.syn.in_other_clause(ctx, h, trig))
    };
    let best = times
        .iter()
        .filter(|t| {
            t.is_event_time()
                && t.start >= cs
                && t.start < clause_end.max(trig + 1)
                && t.start < r.end
        })
        .filter(|t| own_clause(t))
        .min_by_key(|t| {
            if t.start >= trig {
                t.start - trig
            } else {
                trig - t.end + 1
            }
        });
    // No time in the clause: the sentence's one time expression, if it has
    // exactly one ("On Monday, ... said that X had sent ...").
    let best = best.or_else(|| {
        let in_sentence: Vec<&TimeExpr> = times
            .iter()
            .filter(|t| {
                t.is_event_time() && t.start >= r.start && t.end <= r.end && !ctx.in_quote[t.start]
            })
            // "said on Thursday that ..." dates the saying, not the act —
            // except for a pledge, which is made by announcing it
            // ("announced on Wednesday that it will provide ...")
            .filter(|t| {
                pledge
                    || !quotes::CUES.contains(&ctx.low(t.start.saturating_sub(1)))
                        && !quotes::CUES.contains(&ctx.low(t.end))
            })
            // With a parse: never a time in a clause of its own ("who ...
            // last year", "a meeting scheduled for March 2").
            .filter(|t| own_clause(t))
            .collect();
        (in_sentence.len() == 1).then(|| in_sentence[0])
    });
    let Some(best) = best else {
        // Present tense ("is arriving", "meets") happens on the day of
        // publication.
        let w = ctx.low(trig);
        let progressive = w.ends_with("ing")
            && matches!(
                ctx.low(trig.saturating_sub(1)),
                "is" | "are" | "'s" | "'re" | "am"
            );
        let present = w.ends_with('s')
            && !w.ends_with("ss")
            && ctx.kind(trig) == TokenKind::Word
            && !matches!(
                ctx.low(trig.saturating_sub(1)),
                "the"
                    | "a"
                    | "his"
                    | "her"
                    | "its"
                    | "their"
                    | "'s"
                    | "of"
                    | "two"
                    | "several"
                    | "recent"
            )
            && !matches!(w, "talks" | "visits" if ctx.is_possessive(trig.saturating_sub(1)));
        let d = ctx.published?;
        if (progressive || present) && status == Status::Asserted {
            let from = if progressive { trig - 1 } else { trig };
            return Some(Time {
                text: ctx.text(from..trig + 1).to_string(),
                start: Some(d.to_string()),
                end: Some(d.to_string()),
                granularity: Granularity::Day,
            });
        }
        return None;
    };
    // The tense of the time's own clause; a time after a future verb
    // ("will begin supplying ... in June") takes the verb's tense.
    let future = matches!(status, Status::Planned | Status::Expected)
        || times::is_future(ctx, best.start)
        || (best.start > trig && times::is_future(ctx, trig));
    Some(best.resolve(ctx, future))
}

/// "British officials said", "according to the Kiel Institute".
fn attribution(
    ctx: &Ctx,
    ents: &mut Entities,
    r: &std::ops::Range<usize>,
    trig: usize,
    source: &[usize],
) -> Option<(Option<usize>, String)> {
    for k in r.clone() {
        // A word of a name is no cue ("Haitham bin Tariq Al Said").
        if ctx.in_quote[k] || k == trig || ctx.ent_at[k].is_some() {
            continue;
        }
        let w = ctx.low(k);
        if w == "according" && ctx.low(k + 1) == "to" {
            let p = if matches!(ctx.low(k + 2), "the" | "a") {
                k + 3
            } else {
                k + 2
            };
            let ent = ents
                .entity_at(ctx, p)
                .or_else(|| ents.entity_at(ctx, k + 2));
            let mut e = k + 2;
            while e < r.end && !matches!(ctx.tok(e), "," | "." | ";") {
                e += 1;
            }
            if ent.is_some_and(|x| source.contains(&x)) {
                continue;
            }
            return Some((ent, ctx.text(k..e).to_string()));
        }
        if matches!(
            w,
            "said" | "says" | "say" | "reported" | "reports" | "announced" | "confirmed" | "stated"
        ) {
            // speaker before the cue, within a few tokens
            let from = r.start.max(k.saturating_sub(12));
            let mut found = None;
            for st in from..k {
                if let Some(m) = ents.mention_at(ctx, st) {
                    if ctx.doc.ents[m].tokens.start != st {
                        continue;
                    }
                    let end = ctx.doc.ents[m].tokens.end;
                    let gap: Vec<&str> = (end..k).map(|x| ctx.low(x)).collect();
                    let ok = gap.len() <= 2
                        && gap.iter().all(|g| {
                            matches!(
                                *g,
                                "officials"
                                    | "authorities"
                                    | "government"
                                    | "sources"
                                    | "media"
                                    | "diplomats"
                                    | "'s"
                                    | "office"
                                    | "ministry"
                                    | "spokesman"
                                    | "spokeswoman"
                                    | "also"
                            )
                        });
                    let appositive =
                        gap.first() == Some(&",") && gap.last() == Some(&",") && gap.len() < 14;
                    if ok || appositive {
                        let mut s0 = st;
                        if s0 > 0 && crate::entities::is_honorific(ctx.tok(s0 - 1)) {
                            s0 -= 1;
                        }
                        found = Some((ents.of_ent[m], s0));
                    }
                }
            }
            if let Some((e, s0)) = found {
                // an actor does not attribute its own act
                if source.contains(&e) {
                    continue;
                }
                let text = ctx.text(s0..k + 1).to_string();
                return Some((Some(e), text));
            }
        }
    }
    None
}

fn aid(ctx: &Ctx, trig: usize, clause: std::ops::Range<usize>, m: Option<&MoneyExpr>) -> Aid {
    let words: Vec<&str> = clause.clone().map(|k| ctx.low(k)).collect();
    let count = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
    let (mi, fi, hu) = (count(MILITARY), count(FINANCIAL), count(HUMANITARIAN));
    let kind = if mi == 0 && fi == 0 && hu == 0 {
        AidKind::Unspecified
    } else if mi >= fi && mi >= hu {
        AidKind::Military
    } else if fi >= hu {
        AidKind::Financial
    } else {
        AidKind::Humanitarian
    };
    // items: "including A, B and C", "such as A and B"
    let mut items = Vec::new();
    let sent = window(&ctx.sent_range(trig), trig);
    if let Some(inc) = (trig..sent.end)
        .find(|&k| ctx.low(k) == "including" || (ctx.low(k) == "such" && ctx.low(k + 1) == "as"))
    {
        let mut k = if ctx.low(inc) == "such" {
            inc + 2
        } else {
            inc + 1
        };
        let mut cur = Vec::new();
        while k < sent.end && !matches!(ctx.tok(k), "." | ";" | "—" | "(" | ")") {
            if matches!(ctx.low(k), "," | "and" | "as" | "plus") {
                if !cur.is_empty() {
                    items.push(std::mem::take(&mut cur));
                }
                if ctx.low(k) == "as" {
                    break;
                }
            } else {
                cur.push(k);
            }
            k += 1;
        }
        if !cur.is_empty() {
            items.push(cur);
        }
    }
    let items: Vec<String> = items
        .into_iter()
        .filter(|it| it.len() <= 6)
        .map(|it| ctx.text(it[0]..it[it.len() - 1] + 1).to_string())
        .collect();
    let aux = ctx.low(trig.saturating_sub(1));
    let cumulative = matches!(aux, "has" | "have" | "had")
        && !words.contains(&"package")
        && !words.contains(&"new")
        || words.iter().any(|w| {
            matches!(
                *w,
                "total" | "totaling" | "totalling" | "overall" | "all" | "cumulative"
            )
        })
        || (clause.end..sent.end).any(|k| matches!(ctx.low(k), "so" if ctx.low(k + 1) == "far"))
        || m.is_some_and(|m| brought_to_total(ctx, m.start));
    let amount = m.map(|m| m.amount.clone());
    let normalized = amount
        .as_ref()
        .and_then(|a| money::normalize(a, ctx.published));
    Aid {
        kind,
        amount,
        normalized,
        items,
        cumulative,
    }
}

/// The amount a total is brought to: "bringing the total U.S. security
/// assistance committed to Ukraine to $1 billion", "raises its overall
/// contribution to €2 billion": "to" right before the amount, and a verb of
/// bringing with "total", "overall" or "tally" in the few words before.
fn brought_to_total(ctx: &Ctx, at: usize) -> bool {
    if at == 0 || ctx.low(at - 1) != "to" {
        return false;
    }
    let sent = ctx.sent_range(at);
    let from = sent.start.max(at.saturating_sub(14));
    let before: Vec<&str> = (from..at - 1).map(|k| ctx.low(k)).collect();
    let bringing = before.iter().any(|w| {
        matches!(
            *w,
            "bringing"
                | "brings"
                | "brought"
                | "bring"
                | "raising"
                | "raises"
                | "raised"
                | "taking"
                | "takes"
                | "took"
                | "pushing"
                | "pushes"
                | "lifting"
                | "lifts"
        )
    });
    let total = before
        .iter()
        .any(|w| matches!(*w, "total" | "overall" | "tally" | "cumulative"));
    bringing && total
}

/// GATHERING events: named events ("International Defense Industries
/// Forum") and gathering nouns ("the summit", "a forum", "the event").
fn gatherings(
    ctx: &Ctx,
    ents: &mut Entities,
    chunks: &[Chunk],
    times: &[TimeExpr],
    r: std::ops::Range<usize>,
    sent_span: Span,
    events: &mut Vec<EventB>,
) {
    let named: Vec<usize> = (0..ents.list.len())
        .filter(|&e| {
            ents.list[e].kind == EntityType::EVENT && is_gathering_name(&ents.list[e].name)
        })
        .collect();
    let mut k = r.start;
    while k < r.end {
        if ctx.in_quote[k] {
            k += 1;
            continue;
        }
        let mut name = None;
        let mut end = k + 1;
        if let Some(e) = ents.entity_at(ctx, k).filter(|&e| {
            ents.list[e].kind == EntityType::EVENT && is_gathering_name(&ents.list[e].name)
        }) {
            let m = ents
                .mention_at(ctx, k)
                .map(|m| ctx.doc.ents[m].tokens.clone())
                .unwrap_or(k..k + 1);
            if m.start != k {
                k += 1;
                continue;
            }
            name = Some(e);
            end = m.end;
        } else {
            let w = ctx.low(k);
            let head = match w {
                "summit" | "forum" | "conference" | "gathering" | "summits" | "conferences" => true,
                // "a G20 meeting", "a meeting of foreign ministers"
                "meeting" => {
                    prefix_org(ctx, ents, k).is_some()
                        || (ctx.low(k + 1) == "of"
                            && !matches!(ctx.low(k + 2), "the" | "a" | "minds"))
                }
                "event" => {
                    matches!(ctx.low(k.saturating_sub(1)), "the" | "this" | "that")
                        && (!named.is_empty() || series_source(ctx, ents, events, k).is_some())
                }
                // "on the sidelines of the EU Foreign Affairs Council"
                "sidelines" => of_org(ctx, ents, k).is_some(),
                _ => false,
            };
            if w == "sidelines" {
                let p = if ctx.low(k + 2) == "the" {
                    k + 3
                } else {
                    k + 2
                };
                if let Some(m) = ents.mention_at(ctx, p) {
                    end = ctx.doc.ents[m].tokens.end;
                }
            }
            if !head
                || ctx.low(k + 1) == "with"
                || ctx.low(k.saturating_sub(1)) == "news"
                || ctx.low(k.saturating_sub(1)) == "press"
            {
                k += 1;
                continue;
            }
            // the nearest named event with that head word, or the only one
            let cands: Vec<usize> = named
                .iter()
                .copied()
                .filter(|&e| w == "event" || ents.list[e].name.to_lowercase().contains(w))
                .collect();
            if cands.len() == 1 {
                name = Some(cands[0]);
            } else if cands.is_empty() && !named.is_empty() && w != "event" {
                name = None;
            }
            // an organization before ("NATO summit", "BRICS economic bloc
            // summit"), after ("a gathering of G20 foreign ministers"), a
            // host ("South Africa will host a summit") or the parties ("a
            // summit between Putin and African leaders")
            if name.is_none()
                && between_parties(ctx, chunks, k + 1, r.end).is_empty()
                && prefix_org(ctx, ents, k).is_none()
                && of_org(ctx, ents, k).is_none()
                && host_verb(ctx, k, r.start).is_none()
            {
                // "the 2019 conference", "the event is set to be repeated
                // later this year": another meeting of the series the
                // document is about, when its own time sets it apart
                if let Some((src, seen_times)) = series_source(ctx, ents, events, k) {
                    // "the event is set to be repeated": the cue follows
                    let mut status = status(ctx, k, &r, EventType::GATHERING);
                    if status == Status::Asserted
                        && (k + 1..(k + 4).min(r.end)).any(|q| {
                            matches!(ctx.low(q), "will" | "set" | "scheduled" | "due" | "planned")
                        })
                    {
                        status = Status::Planned;
                    }
                    // its own year ("the 2019 conference"), else its clause's time
                    let year = ctx
                        .tok(k - 1)
                        .parse::<i32>()
                        .ok()
                        .filter(|y| (1900..2100).contains(y) && ctx.tok(k - 1).len() == 4);
                    let time = match year {
                        Some(y) => Some(Time {
                            text: ctx.tok(k - 1).to_string(),
                            start: Some(format!("{y}-01-01")),
                            end: Some(format!("{y}-12-31")),
                            granularity: Granularity::Year,
                        }),
                        None => event_time(ctx, times, k, &r, r.end, status),
                    };
                    let span =
                        |t: &Option<Time>| t.as_ref().map(|t| (t.start.clone(), t.end.clone()));
                    if time.is_some() && !seen_times.iter().any(|t| span(t) == span(&time)) {
                        let mut ev = EventB::new(EventType::GATHERING, sent_span);
                        ev.head = Some(w.to_string());
                        ev.source = src
                            .into_iter()
                            .filter_map(|a| {
                                let x = &ents.list[a];
                                if x.kind != EntityType::PERSON {
                                    return Some(a);
                                }
                                // a series is its host country's
                                let c = x
                                    .roles
                                    .iter()
                                    .find_map(|r| r.of.clone().filter(|o| o.len() == 3))
                                    .or_else(|| x.country.clone())?;
                                country_entity(ctx, ents, &c)
                            })
                            .collect();
                        ev.status = status;
                        ev.time = time;
                        ev.confidence = 0.5;
                        if !ev.source.is_empty() {
                            events.push(ev);
                        }
                    }
                }
                k += 1;
                continue;
            }
        }
        let mut ev = EventB::new(EventType::GATHERING, sent_span);
        ev.name = name;
        if name.is_none() {
            ev.head = Some(ctx.low(k).to_string());
        }
        // host: possessor ("Ukraine’s first ... Forum"), a preceding org ("NATO summit"), "organized/hosted by X"
        let mut s = k;
        while s > r.start
            && matches!(
                ctx.low(s - 1),
                "first"
                    | "second"
                    | "third"
                    | "annual"
                    | "upcoming"
                    | "inaugural"
                    | "international"
                    | "next"
                    | "last"
            )
        {
            s -= 1;
        }
        if s > r.start && ctx.is_possessive(s - 1) {
            if let Some(c) = chunks.iter().find(|c| c.end == s - 1) {
                ev.source = c.actors.clone();
            }
        } else if let Some(e) = prefix_org(ctx, ents, s) {
            ev.source = vec![e];
        } else if let Some(e) = of_org(ctx, ents, end - 1).or_else(|| of_org(ctx, ents, k)) {
            ev.source = vec![e];
        }
        if let Some(v) = host_verb(ctx, s, r.start) {
            if let Some(c) = subject(ctx, chunks, &r, v) {
                ev.source = c.actors.clone();
            }
        }
        // "a summit between Putin and African leaders": the first party
        // convenes, the others take part
        let parties = between_parties(ctx, chunks, end, r.end);
        if ev.source.is_empty() {
            if let Some((&first, rest)) = parties.split_first() {
                ev.source = vec![first];
                ev.participants = rest.to_vec();
            }
        }
        // "at the summit, X said", "during the conference ... X": who was there
        let at = s
            .checked_sub(if ctx.low(s.saturating_sub(1)) == "the" {
                2
            } else {
                1
            })
            .map(|p| ctx.low(p))
            .unwrap_or("");
        if ctx.low(k) == "sidelines" || matches!(at, "at" | "during") {
            for c in chunks.iter().filter(|c| {
                !c.modifier && !c.place && (c.end <= s.saturating_sub(1) || c.start >= end)
            }) {
                for &a in &c.actors {
                    if ents.list[a].kind == EntityType::PERSON
                        && !ev.source.contains(&a)
                        && !ev.participants.contains(&a)
                    {
                        ev.participants.push(a);
                    }
                }
            }
        }
        // The gathering's clause: up to a comma, unless a relative clause
        // about it follows (", which ... would take place on Friday").
        let mut clause_end = r.end;
        for q in end..r.end {
            if matches!(ctx.tok(q), ";" | "“" | "”") && !ctx.short_quote[q] {
                clause_end = q;
                break;
            }
            if ctx.tok(q) == "," {
                if !matches!(
                    ctx.low(q + 1),
                    "which"
                        | "where"
                        | "when"
                        | "that"
                        | "organized"
                        | "organised"
                        | "hosted"
                        | "set"
                        | "scheduled"
                        | "due"
                ) {
                    clause_end = q;
                }
                break;
            }
        }
        let mut clause_start = s;
        while clause_start > r.start
            && !matches!(ctx.tok(clause_start - 1), "," | ";" | "“" | "”" | ":")
        {
            clause_start -= 1;
        }
        if let Some(by) = (end..clause_end.min(end + 4)).find(|&q| {
            matches!(
                ctx.low(q),
                "organized" | "organised" | "hosted" | "convened" | "sponsored"
            ) && ctx.low(q + 1) == "by"
        }) {
            if let Some(c) = chunks
                .iter()
                .find(|c| c.start >= by + 2 && c.start <= by + 4)
            {
                ev.source = c.actors.clone();
            } else if let Some(e) = ents.entity_at(ctx, by + 3).or(ents.entity_at(ctx, by + 2)) {
                ev.source = vec![e];
            }
        }
        // location: "in CITY" right after
        if let Some(q) = (end..clause_end.min(end + 3)).find(|&q| matches!(ctx.low(q), "in" | "at"))
        {
            if let Some(e) = ents.entity_at(ctx, q + 1).filter(|&e| {
                ents.list[e].is_city
                    || matches!(ents.list[e].kind, EntityType::GPE | EntityType::LOC)
            }) {
                ev.location = Some(e);
            }
        }
        // count: "bring together representatives of 165 military contractors"
        for q in end..clause_end {
            if ctx.kind(q) == TokenKind::Number
                && (q.saturating_sub(4)..q).any(|p| {
                    matches!(
                        ctx.low(p),
                        "together"
                            | "of"
                            | "attended"
                            | "gathered"
                            | "gather"
                            | "brings"
                            | "bring"
                            | "involving"
                            | "from"
                    )
                })
            {
                let v: f64 = match ctx.tok(q).replace(',', "").parse() {
                    Ok(v) => v,
                    Err(_) => continue,
                };
                let mut e = q + 1;
                while e < clause_end
                    && ctx.kind(e) == TokenKind::Word
                    && !matches!(
                        ctx.low(e),
                        "from"
                            | "of"
                            | "in"
                            | "and"
                            | "at"
                            | "to"
                            | "with"
                            | "who"
                            | "which"
                            | "that"
                            | "for"
                    )
                {
                    e += 1;
                }
                if e > q + 1 {
                    ev.count = Some(Count {
                        value: v,
                        of: ctx.text(q + 1..e).to_string(),
                    });
                    break;
                }
            }
        }
        // time and status from the clause that follows ("which ... would take place on Friday")
        let future = (clause_start..clause_end).any(|q| {
            matches!(
                ctx.low(q),
                "will" | "would" | "upcoming" | "scheduled" | "next" | "planned"
            )
        });
        let negated = (r.start..k).any(|q| matches!(ctx.low(q), "cancelled" | "canceled"));
        ev.status = if negated {
            Status::Negated
        } else if future {
            Status::Planned
        } else {
            Status::Asserted
        };
        if let Some(t) = times
            .iter()
            .filter(|t| t.is_event_time() && t.start >= end && t.end <= clause_end)
            .min_by_key(|t| t.start)
        {
            ev.time = Some(t.resolve(ctx, future || times::is_future(ctx, t.start)));
        } else if let Some(t) = times
            .iter()
            .rfind(|t| t.is_event_time() && t.end <= k && t.start >= clause_start)
        {
            ev.time = Some(t.resolve(ctx, future));
        }
        ev.attribution = attribution(ctx, ents, &r, k, &ev.source);
        ev.confidence = if name.is_some() { 0.7 } else { 0.5 };
        events.push(ev);
        k = end;
    }
}

/// The actors after "between" at `at`, up to the clause's verb: "(a
/// summit) between Putin and African leaders began".
fn between_parties(ctx: &Ctx, chunks: &[Chunk], at: usize, end: usize) -> Vec<usize> {
    if at >= end || ctx.low(at) != "between" {
        return vec![];
    }
    let mut out = Vec::new();
    for c in chunks.iter().filter(|c| c.start > at && c.start < end) {
        let verb_before = (at + 1..c.start).any(|k| {
            ctx.doc
                .morph
                .get(k)
                .is_some_and(|m| matches!(m.upos, "VERB" | "AUX"))
                || matches!(ctx.tok(k), "," | ";" | ".")
        });
        if verb_before || c.start > at + 10 {
            break;
        }
        if !c.modifier && !c.place {
            out.extend(c.actors.iter().copied());
        }
    }
    out.dedup();
    out
}

/// Named events that are gatherings (not wars, operations or crises).
fn is_gathering_name(name: &str) -> bool {
    let head = name
        .split(char::is_whitespace)
        .take_while(|w| !matches!(*w, "of" | "for" | "on"))
        .last()
        .unwrap_or("");
    matches!(
        head.to_lowercase().as_str(),
        "forum"
            | "summit"
            | "conference"
            | "meeting"
            | "talks"
            | "symposium"
            | "dialogue"
            | "format"
            | "assembly"
            | "council"
            | "expo"
    )
}

fn specificity(t: &Option<Time>) -> u8 {
    match t {
        Some(t) if t.start.is_some() => match t.granularity {
            Granularity::Day => 4,
            Granularity::Week => 3,
            Granularity::Month => 2,
            Granularity::Year => 1,
            Granularity::Unknown => 0,
        },
        Some(_) => 0,
        None => 0,
    }
}

fn merge_into(a: &mut EventB, b: EventB) {
    a.evidence.sort();
    for e in b.evidence {
        if let Err(pos) = a.evidence.binary_search(&e) {
            a.evidence.insert(pos, e);
        }
    }
    if a.location.is_none() {
        a.location = b.location;
    }
    if specificity(&b.time) > specificity(&a.time) {
        a.time = b.time;
    }
    if a.attribution.is_none() {
        a.attribution = b.attribution;
    }
    if a.count.is_none() {
        a.count = b.count;
    }
    if a.name.is_none() {
        a.name = b.name;
    }
    if a.source.is_empty() {
        a.source = b.source;
    }
    if a.target.is_empty() {
        a.target = b.target;
    }
    for p in b.participants {
        if !a.participants.contains(&p) {
            a.participants.push(p);
        }
    }
    match (&mut a.aid, b.aid) {
        (None, bb) => a.aid = bb,
        (Some(x), Some(y)) => {
            // What one mention says and the other does not: the kind
            // ("a military support package"), the items.
            if x.kind == AidKind::Unspecified {
                x.kind = y.kind;
            }
            if x.items.is_empty() {
                x.items = y.items;
            }
        }
        (Some(_), None) => {}
    }
    if a.status == Status::Asserted && b.status != Status::Asserted && b.explicit && !a.explicit {
        a.status = b.status;
    }
    if a.status == Status::Asserted && b.status == Status::Planned && a.kind == EventType::GATHERING
    {
        a.status = Status::Planned;
    }
    a.explicit |= b.explicit;
    a.confidence = (a.confidence + 0.1).min(0.95);
}

fn same_act(ents: &Entities, a: &EventB, b: &EventB) -> bool {
    if a.kind != b.kind {
        return false;
    }
    let country_key = |e: usize| {
        ents.list[e]
            .country
            .clone()
            .filter(|_| ents.list[e].is_country())
            .unwrap_or_else(|| format!("#{e}"))
    };
    let set = |v: &[usize]| v.iter().map(|&e| country_key(e)).collect::<HashSet<_>>();
    match a.kind {
        EventType::MEET | EventType::CALL => {
            a.status == b.status && set(&a.parties()) == set(&b.parties())
        }
        EventType::VISIT => {
            a.status == b.status
                && !a.source.is_empty()
                && set(&a.source) == set(&b.source)
                && (a.target.is_empty() || b.target.is_empty() || set(&a.target) == set(&b.target))
        }
        // The same gathering told twice in one sentence ("on the sidelines
        // of the SCO summit ..., which Putin also attended"): the bare
        // mention joins the one with an attendee.
        EventType::GATHERING
            if a.evidence == b.evidence
                && a.participants.is_empty() != b.participants.is_empty()
                && !a.source.is_empty()
                && a.status == b.status
                && set(&a.source) == set(&b.source)
                && a.time == b.time =>
        {
            true
        }
        EventType::GATHERING => {
            a.participants.is_empty() == b.participants.is_empty()
                && a.status == b.status
                && set(&a.participants) == set(&b.participants)
                && match (a.name, b.name) {
                    (Some(x), Some(y)) => x == y,
                    _ => false,
                }
        }
        EventType::AID_PLEDGE | EventType::AID_DELIVERY => {
            let amt = |e: &EventB| {
                e.aid
                    .as_ref()
                    .and_then(|x| x.amount.as_ref())
                    .map(|m| (m.value.map(|v| v as i64), m.currency.clone()))
            };
            let cumulative = |e: &EventB| e.aid.as_ref().is_some_and(|x| x.cumulative);
            // The same sentence, or the same stated amount told twice (a
            // headline and its story: "will provide almost three billion
            // dollars"); a running total is never its own package.
            let same_amount = amt(a).is_some_and(|(v, _)| v.is_some())
                && cumulative(a) == cumulative(b)
                && a.status == b.status;
            // Unquantified aid in prospect told again with nothing to tell
            // it apart (no amount, no date, same status and kind:
            // "considering sending lethal aid" in the lead and the body).
            let kind = |e: &EventB| e.aid.as_ref().map(|x| x.kind);
            let undistinguished = amt(a).is_none()
                && a.status != Status::Asserted
                && a.time.is_none()
                && b.time.is_none()
                && a.status == b.status
                && kind(a) == kind(b);
            set(&a.source) == set(&b.source)
                && set(&a.target) == set(&b.target)
                && amt(a) == amt(b)
                && (a.evidence == b.evidence || same_amount || undistinguished)
        }
        EventType::AGREEMENT => set(&a.parties()) == set(&b.parties()) && a.evidence == b.evidence,
    }
}

fn finish(ctx: &Ctx, ents: &mut Entities, mut events: Vec<EventB>) -> Vec<EventB> {
    // Aid whose clause names no recipient goes to the recipient the
    // document's other aid goes to, when there is one clear one.
    let is_aid = |e: &EventB| matches!(e.kind, EventType::AID_PLEDGE | EventType::AID_DELIVERY);
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for e in events.iter().filter(|e| is_aid(e)) {
        for &t in &e.target {
            match counts.iter_mut().find(|c| c.0 == t) {
                Some(c) => c.1 += 1,
                None => counts.push((t, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let main_recipient = match counts.as_slice() {
        [(t, _)] => Some(*t),
        [(t, a), (_, b), ..] if a > b => Some(*t),
        _ => None,
    };
    events.retain_mut(|e| {
        if !is_aid(e) || !e.target.is_empty() {
            return true;
        }
        match main_recipient {
            Some(t) if !e.source.contains(&t) => {
                e.target = vec![t];
                e.confidence = e.confidence.min(0.5);
                true
            }
            _ => false,
        }
    });
    // Gathering status "planned" from any sentence applies to the whole
    // gathering; merge everything about the same act.
    let mut merged: Vec<EventB> = Vec::new();
    // A visit told without its destination ("the visit from the
    // Belarusian leader") is the nearest visit of the same person, found
    // once the visits implied by meetings are known.
    let (open_visits, events): (Vec<EventB>, Vec<EventB>) = events
        .into_iter()
        .partition(|e| e.kind == EventType::VISIT && e.target.is_empty() && !e.source.is_empty());
    for e in events {
        if let Some(m) = merged.iter_mut().find(|m| same_act(ents, m, &e)) {
            merge_into(m, e);
        } else {
            merged.push(e);
        }
    }
    // A meeting in a country the visitor does not belong to is also a visit.
    let mut derived = Vec::new();
    for m in merged
        .iter()
        .filter(|m| m.kind == EventType::MEET && m.status != Status::Negated)
    {
        let Some(loc) = m.location else { continue };
        let Some(c) = ents.list[loc].country.clone() else {
            continue;
        };
        for p in m.parties() {
            let x = &ents.list[p];
            // A person of no known country meeting in the outlet's own
            // country is most likely at home there (a White House readout's
            // "the Vice President met ... in Washington").
            let home_outlet = x.country.is_none()
                && !x.roles.iter().any(|r| r.of.is_some())
                && ctx.outlet_country.as_deref() == Some(c.as_str());
            if x.kind != EntityType::PERSON
                || home_outlet
                || x.country.as_deref() == Some(c.as_str())
                || x.roles.iter().any(|r| r.of.as_deref() == Some(c.as_str()))
            {
                continue;
            }
            let Some(target) = country_entity(ctx, ents, &c) else {
                continue;
            };
            let mut v = m.clone();
            v.kind = EventType::VISIT;
            v.source = vec![p];
            v.target = vec![target];
            v.participants = vec![];
            v.location = if ents.list[loc].is_city {
                Some(loc)
            } else {
                None
            };
            v.explicit = false;
            v.attribution = None;
            derived.push(v);
        }
    }
    for d in derived {
        if let Some(m) = merged.iter_mut().find(|m| same_act(ents, m, &d)) {
            // an explicit visit keeps its own time when it has one
            let had_time = m.time.is_some();
            let time = m.time.clone();
            merge_into(m, d);
            if had_time {
                m.time = time;
            }
        } else {
            merged.push(d);
        }
    }
    for v in open_visits {
        let at = v.evidence.first().map_or(0, |e| e.start);
        let near = merged
            .iter_mut()
            .filter(|m| {
                m.kind == EventType::VISIT
                    && !m.target.is_empty()
                    && m.status == v.status
                    && same_act(ents, m, &v)
            })
            .min_by_key(|m| {
                m.evidence
                    .first()
                    .map_or(usize::MAX, |e| e.start.abs_diff(at))
            });
        if let Some(m) = near {
            let time = m.time.clone();
            merge_into(m, v);
            if time.is_some() {
                m.time = time;
            }
        }
    }
    // Gathering records about the same named event merge into one.
    let mut out: Vec<EventB> = Vec::new();
    for e in merged {
        if e.kind == EventType::GATHERING && e.participants.is_empty() {
            if let Some(m) = out.iter_mut().find(|m| {
                m.kind == EventType::GATHERING
                    && m.participants.is_empty()
                    && m.name.is_some()
                    && m.name == e.name
            }) {
                if m.status == Status::Asserted && e.status == Status::Planned {
                    m.status = Status::Planned;
                }
                merge_into(m, e);
                continue;
            }
        }
        out.push(e);
    }
    // Attendance of a gathering takes its time when it has none.
    let gather_times: Vec<(usize, Option<Time>, Option<usize>)> = out
        .iter()
        .filter(|e| e.kind == EventType::GATHERING && e.participants.is_empty())
        .filter_map(|e| e.name.map(|n| (n, e.time.clone(), e.location)))
        .collect();
    for e in out
        .iter_mut()
        .filter(|e| e.kind == EventType::GATHERING && !e.participants.is_empty())
    {
        if let Some((_, t, l)) = gather_times.iter().find(|(n, _, _)| Some(*n) == e.name) {
            if e.time.is_none() {
                e.time = t.clone();
            }
            if e.location.is_none() {
                e.location = *l;
            }
        }
    }
    // "the NATO summit" mentioned again is the same summit.
    let mut gathered: Vec<EventB> = Vec::new();
    for e in out {
        if e.kind == EventType::GATHERING
            && e.name.is_none()
            && e.participants.is_empty()
            && e.head.is_some()
        {
            if let Some(m) = gathered.iter_mut().find(|m| {
                m.kind == EventType::GATHERING
                    && m.name.is_none()
                    && m.participants.is_empty()
                    && m.head == e.head
                    && m.source == e.source
            }) {
                merge_into(m, e);
                continue;
            }
        }
        gathered.push(e);
    }
    let mut out = gathered;
    // Gatherings with neither name nor host nor participants say too little.
    out.retain(|e| e.kind != EventType::GATHERING || e.name.is_some() || !e.source.is_empty());
    // Nobody visits, meets or aids themselves.
    let key = |e: usize| {
        let x = &ents.list[e];
        x.country
            .clone()
            .filter(|_| x.is_country())
            .unwrap_or_else(|| format!("#{e}"))
    };
    out.retain(|e| {
        !e.source
            .iter()
            .any(|s| e.target.iter().any(|t| key(*s) == key(*t)))
    });
    // Visits without a destination, or by nobody, are dropped; generic
    // visits go when a specific one covers the same destination.
    out.retain(|e| e.kind != EventType::VISIT || (!e.target.is_empty() && !e.source.is_empty()));
    out
}

/// An organization or country named right before a gathering noun,
/// skipping a parenthetical and up to three lowercase modifiers: "NATO
/// summit", "Shanghai Cooperation Organization (SCO) summit", "BRICS
/// economic bloc summit".
fn prefix_org(ctx: &Ctx, ents: &Entities, k: usize) -> Option<usize> {
    let mut p = k.checked_sub(1)?;
    if ctx.tok(p) == ")" {
        p = (p.saturating_sub(6)..p)
            .rev()
            .find(|&q| ctx.tok(q) == "(")?
            .checked_sub(1)?;
    }
    let org = |e: usize| {
        let x = &ents.list[e];
        matches!(x.kind, EntityType::ORG | EntityType::GPE | EntityType::NORP) && !x.is_city
    };
    for _ in 0..4 {
        if let Some(e) = ents.entity_at(ctx, p) {
            // "the Russia-Africa summit", "a US-Africa summit": the first
            // named of a hyphenated pair convenes it
            if p >= 2 && ctx.tok(p - 1) == "-" {
                if let Some(first) = ents.entity_at(ctx, p - 2).filter(|&f| org(f)) {
                    return Some(first);
                }
            }
            return org(e).then_some(e);
        }
        let w = ctx.tok(p);
        if ctx.kind(p) != TokenKind::Word
            || !w.chars().all(|c| c.is_lowercase() || c == '-')
            || matches!(
                w,
                "the" | "a" | "an" | "of" | "at" | "in" | "to" | "for" | "and"
            )
        {
            return None;
        }
        p = p.checked_sub(1)?;
    }
    None
}

/// "a gathering of G20 foreign ministers": the organization after "of".
fn of_org(ctx: &Ctx, ents: &Entities, k: usize) -> Option<usize> {
    if ctx.low(k + 1) != "of" {
        return None;
    }
    let p = if ctx.low(k + 2) == "the" {
        k + 3
    } else {
        k + 2
    };
    ents.entity_at(ctx, p)
        .filter(|&e| ents.list[e].kind == EntityType::ORG)
}

/// A hosting verb shortly before a gathering noun: "will host a ... summit".
fn host_verb(ctx: &Ctx, k: usize, sent_start: usize) -> Option<usize> {
    (sent_start.max(k.saturating_sub(6))..k).rev().find(|&p| {
        matches!(
            ctx.low(p),
            "host"
                | "hosts"
                | "hosted"
                | "hosting"
                | "organize"
                | "organizes"
                | "organized"
                | "organise"
                | "organises"
                | "organised"
                | "convene"
                | "convenes"
                | "convened"
        ) && ctx.low(p + 1) != "by"
    })
}

/// The items (sorted by start, not overlapping) that lie within tokens
/// `[start, end)`, found by binary search.
pub(crate) fn within<T>(
    items: &[T],
    start: usize,
    end: usize,
    span: impl Fn(&T) -> (usize, usize),
) -> &[T] {
    let a = items.partition_point(|x| span(x).0 < start);
    let b = a + items[a..].partition_point(|x| span(x).1 <= end);
    &items[a..b]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_forms_are_sorted_for_the_binary_search() {
        for pair in TRIGGER_FORMS.windows(2) {
            assert_eq!(
                crate::cmp_ascii_nocase(pair[0], pair[1]),
                std::cmp::Ordering::Less,
                "{pair:?}"
            );
        }
        assert!(is_trigger_form("disbursed") && is_trigger_form("Discussed"));
    }
}
