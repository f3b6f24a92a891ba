//! From entity mentions to document entities: one entity per referent,
//! with its fullest name, country, roles and every mention.
//!
//! Mentions of a country (its name, capital-as-government, demonym) merge
//! into one entity per ISO code; organizations merge by lexicon key or
//! name; a person's shorter mentions ("Shapps", "Mr. Shapps") join the
//! fullest name that ends (or starts) with them. Roles come from the
//! appositive and title patterns news uses:
//!
//! - "Grant Shapps, Britain’s new defense secretary," (owner, qualifier, title)
//! - "Jens Stoltenberg, the secretary general of NATO" (title *of* owner)
//! - "President Volodymyr Zelensky of Ukraine", "Russian Foreign Minister
//!   Sergei Lavrov", "NATO Secretary General Jens Stoltenberg"
//! - "the Chairman of the EU Military Committee, General Robert Brieger"
//!
//! Country and organization mentions inside such role phrases are marked
//! as *modifiers*: they describe a person and do not act themselves.
//! Descriptions without a name ("the British and French defense
//! ministers", "the general") are resolved later through [`Entities::resolve_descriptor`].

use std::collections::HashMap;

use chronicle_lexicon::{CountryForm, TitleClass};
use chronicle_records::{EntityType, Role};
use chronicle_text::Label;

use crate::ctx::Ctx;

#[derive(Debug, Clone)]
pub struct EntityB {
    pub kind: EntityType,
    pub name: String,
    pub country: Option<String>,
    /// Organization short name from the lexicon (NATO, EU).
    pub org_short: Option<String>,
    /// A capital or city: the place itself, not its government.
    pub is_city: bool,
    pub roles: Vec<RoleB>,
    /// Token ranges of the mentions.
    pub mentions: Vec<std::ops::Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct RoleB {
    pub title: String,
    pub class: TitleClass,
    pub of: Option<String>,
    pub qualifier: Option<String>,
    pub start: usize,
    pub end: usize,
}

impl RoleB {
    /// A role titled by `ts` as written, whose phrase covers tokens `phrase`.
    fn new(
        ctx: &Ctx,
        ts: &crate::ctx::TitleSpan,
        of: Option<String>,
        qualifier: Option<String>,
        phrase: std::ops::Range<usize>,
    ) -> RoleB {
        let sp = ctx.span(phrase);
        RoleB {
            title: ctx.text(ts.start..ts.end).to_string(),
            class: ts.class,
            of,
            qualifier,
            start: sp.start,
            end: sp.end,
        }
    }
}

impl EntityB {
    /// The actor key used to compare and merge events.
    pub fn is_country(&self) -> bool {
        matches!(self.kind, EntityType::GPE | EntityType::NORP)
            && !self.is_city
            && self.country.is_some()
    }

    pub fn to_role(r: &RoleB) -> Role {
        Role {
            title: r.title.clone(),
            of: r.of.clone(),
            qualifier: r.qualifier.clone(),
            start: r.start,
            end: r.end,
        }
    }
}

pub struct Entities {
    pub list: Vec<EntityB>,
    /// `doc.ents` index → entity index.
    pub of_ent: Vec<usize>,
    /// `doc.ents` index → true when the mention only describes someone else.
    pub modifier: Vec<bool>,
}

const QUALIFIERS: &[&str] = &[
    "new",
    "former",
    "acting",
    "outgoing",
    "incoming",
    "interim",
    "then",
    "current",
    "newly",
    "designate",
    "late",
    "ex",
];

fn label_type(l: Label) -> EntityType {
    match l {
        Label::Person => EntityType::PERSON,
        Label::Org => EntityType::ORG,
        Label::Gpe => EntityType::GPE,
        Label::Loc => EntityType::LOC,
        Label::Norp => EntityType::NORP,
        Label::Event => EntityType::EVENT,
        Label::Fac => EntityType::FAC,
        Label::Product => EntityType::PRODUCT,
    }
}

impl Entities {
    pub fn build(ctx: &Ctx) -> Entities {
        let doc = ctx.doc;
        let mut list: Vec<EntityB> = Vec::new();
        let mut of_ent = vec![usize::MAX; doc.ents.len()];
        let mut by_key: HashMap<String, usize> = HashMap::new();
        // The first token of each entity's earliest mention so far.
        let mut first_start: HashMap<usize, usize> = HashMap::new();
        // Persons first by descending length, so short forms join full names.
        let mut order: Vec<usize> = (0..doc.ents.len()).collect();
        order.sort_by_key(|&k| {
            let e = &doc.ents[k];
            (
                e.label != Label::Person,
                std::cmp::Reverse(e.tokens.len()),
                e.tokens.start,
            )
        });
        for k in order {
            let e = &doc.ents[k];
            let text = doc.slice(e.span).replace('’', "'");
            let (key, kind, is_city) = match e.label {
                Label::Gpe | Label::Norp if e.country.is_some() => {
                    let iso = e.country.clone().unwrap_or_default();
                    let form = ctx.lex.country(&text).map(|h| h.form);
                    // A capital is the city where it is a place ("in Kyiv",
                    // "a visit to Moscow") and its government where it acts
                    // ("Moscow said", "talks with Beijing", "Kyiv's allies").
                    let start = e.tokens.start;
                    let prev = if start > 0 { ctx.low(start - 1) } else { "" };
                    let locative = matches!(
                        prev,
                        "in" | "to"
                            | "from"
                            | "at"
                            | "near"
                            | "into"
                            | "outside"
                            | "around"
                            | "across"
                            | "toward"
                            | "towards"
                            | "via"
                            | "visit"
                            | "visited"
                            | "visiting"
                            | "visits"
                            | "of"
                            | "reach"
                            | "reached"
                            | "left"
                            | "leave"
                            | "entered"
                            | "enter"
                            | "over"
                            | "on"
                            | "inside"
                    );
                    if form == Some(CountryForm::Capital) && locative {
                        (format!("city:{text}"), EntityType::GPE, true)
                    } else {
                        // a country entity is a GPE whatever names it
                        (format!("country:{iso}"), EntityType::GPE, false)
                    }
                }
                Label::Org if e.key.is_some() => (
                    format!("org:{}", e.key.clone().unwrap_or_default()),
                    EntityType::ORG,
                    false,
                ),
                Label::Org if e.country.is_some() && ctx.lex.country(&text).is_some() => {
                    (format!("org:{text}"), EntityType::ORG, false)
                }
                // "Wagner" after "the Wagner Group": the organization's
                // name without its head word
                Label::Org
                    if e.tokens.len() == 1
                        && list.iter().any(|x| {
                            x.kind == EntityType::ORG
                                && x.name.split_whitespace().count() == 2
                                && x.name.split_whitespace().next() == Some(text.as_str())
                        }) =>
                {
                    let idx = list
                        .iter()
                        .position(|x| {
                            x.kind == EntityType::ORG
                                && x.name.split_whitespace().count() == 2
                                && x.name.split_whitespace().next() == Some(text.as_str())
                        })
                        .unwrap_or_default();
                    of_ent[k] = idx;
                    list[idx].mentions.push(e.tokens.clone());
                    let s = first_start.entry(idx).or_insert(e.tokens.start);
                    *s = (*s).min(e.tokens.start);
                    continue;
                }
                Label::Person => {
                    let words: Vec<&str> = text.split_whitespace().collect();
                    // Join the longest known name containing this one as its
                    // last words (surname) or first word.
                    let mut found = None;
                    for (idx, ent) in list.iter().enumerate() {
                        if ent.kind != EntityType::PERSON {
                            continue;
                        }
                        let full: Vec<&str> = ent.name.split_whitespace().collect();
                        // "Zelensky" after "Volodymyr Zelenskyy": one letter
                        // apart is a transliteration, not another person.
                        let variant = words.len() == 1
                            && full.len() >= 2
                            && full.last().is_some_and(|l| spelling_variant(l, words[0]));
                        // "Volodymyr Zelenskyy" after "Volodymyr Zelensky"
                        let same_but_spelling = full.len() == words.len()
                            && full.len() >= 2
                            && full[..full.len() - 1] == words[..words.len() - 1]
                            && spelling_variant(full[full.len() - 1], words[words.len() - 1]);
                        if same_but_spelling {
                            found = Some(idx);
                            break;
                        }
                        if full.len() > words.len()
                            && (full.ends_with(&words)
                                || (words.len() == 1 && full[0] == words[0])
                                || variant)
                        {
                            found = Some(idx);
                            // Prefer one mentioned before this mention.
                            if first_start.get(&idx).is_some_and(|&s| s < e.tokens.start) {
                                break;
                            }
                        }
                    }
                    match found {
                        Some(idx) => {
                            of_ent[k] = idx;
                            list[idx].mentions.push(e.tokens.clone());
                            let s = first_start.entry(idx).or_insert(e.tokens.start);
                            *s = (*s).min(e.tokens.start);
                            continue;
                        }
                        None => (format!("person:{text}"), EntityType::PERSON, false),
                    }
                }
                l => (
                    format!("{}:{}", l.as_str(), text.to_lowercase()),
                    label_type(l),
                    // "St. Petersburg", "St Louis": a town, never a state
                    l == Label::Gpe && (text.starts_with("St. ") || text.starts_with("St ")),
                ),
            };
            let idx = *by_key.entry(key).or_insert_with(|| {
                list.push(EntityB {
                    kind,
                    name: text.clone(),
                    country: e.country.clone(),
                    org_short: e.key.clone().filter(|_| e.label == Label::Org),
                    is_city,
                    roles: Vec::new(),
                    mentions: Vec::new(),
                });
                list.len() - 1
            });
            of_ent[k] = idx;
            let s = first_start.entry(idx).or_insert(e.tokens.start);
            *s = (*s).min(e.tokens.start);
            let ent = &mut list[idx];
            ent.mentions.push(e.tokens.clone());
            // A country entity is a GPE as soon as one mention names it.
            if e.label == Label::Gpe && ent.kind == EntityType::NORP {
                ent.kind = EntityType::GPE;
            }
            if better_name(&text, &ent.name, e.label) {
                ent.name = text.clone();
            }
        }
        for ent in &mut list {
            ent.mentions.sort_by_key(|m| m.start);
            if ent.kind == EntityType::NORP || (ent.kind == EntityType::GPE && !ent.is_city) {
                // A country's name is its proper name, not a demonym.
                // The fullest name-form mention ("United Kingdom" over "U.K."),
                // else the lexicon's name.
                if let Some(c) = ent.country.as_deref() {
                    let best = ent
                        .mentions
                        .iter()
                        .map(|m| ctx.text(m.clone()).replace('’', "'"))
                        .filter(|t| {
                            ctx.lex.country(t).is_some_and(|h| {
                                h.form == CountryForm::Name || h.form == CountryForm::Code
                            })
                        })
                        .max_by_key(|t| {
                            (
                                t.chars().filter(|c| c.is_alphabetic()).count(),
                                std::cmp::Reverse(t.clone()),
                            )
                        });
                    match best {
                        Some(b) => ent.name = b.trim_start_matches("the ").to_string(),
                        None => {
                            if let Some(info) = ctx.lex.country_info(c) {
                                ent.name = info.name.clone();
                            }
                        }
                    }
                }
            }
        }
        let mut ents = Entities {
            list,
            of_ent,
            modifier: vec![false; doc.ents.len()],
        };
        ents.find_roles(ctx);
        ents
    }

    /// The entity whose mention covers token `t`.
    pub fn entity_at(&self, ctx: &Ctx, t: usize) -> Option<usize> {
        ctx.ent_at
            .get(t)
            .copied()
            .flatten()
            .map(|k| self.of_ent[k])
            .filter(|&i| i != usize::MAX)
    }

    /// The mention index (into `doc.ents`) covering token `t`.
    pub fn mention_at(&self, ctx: &Ctx, t: usize) -> Option<usize> {
        ctx.ent_at.get(t).copied().flatten()
    }

    /// Resolves the pronoun at token `p`: "he"/"she" to the subject person
    /// of its own sentence (the first person named before it), else of the
    /// nearest earlier sentence naming one; "it"/"they" likewise to a
    /// country or organization. Mentions inside quotes and mentions that
    /// only describe someone else never count.
    pub fn resolve_pronoun(&self, ctx: &Ctx, p: usize) -> Option<usize> {
        let person = match ctx.low(p) {
            "he" | "she" | "him" | "her" | "his" => true,
            "it" | "they" | "its" | "their" => false,
            _ => return None,
        };
        let wanted = |e: &EntityB| {
            if person {
                e.kind == EntityType::PERSON
            } else {
                e.kind == EntityType::ORG || e.is_country()
            }
        };
        let first_in = |r: std::ops::Range<usize>| {
            r.filter(|&k| !ctx.in_quote[k]).find_map(|k| {
                let m = ctx.ent_at[k]?;
                let e = self.of_ent[m];
                (ctx.doc.ents[m].tokens.start == k && !self.modifier[m] && wanted(&self.list[e]))
                    .then_some(e)
            })
        };
        let s = ctx.sent(p);
        let start = ctx.doc.sentences[s].start;
        if let Some(e) = first_in(start..p) {
            return Some(e);
        }
        for back in 1..=3 {
            let Some(prev) = s.checked_sub(back) else {
                break;
            };
            if let Some(e) = first_in(ctx.doc.sentences[prev].clone()) {
                return Some(e);
            }
        }
        None
    }

    /// Adds an entity not found by the recognizer (an office, a channel);
    /// returns its index.
    pub fn add(
        &mut self,
        kind: EntityType,
        name: String,
        country: Option<String>,
        tokens: std::ops::Range<usize>,
    ) -> usize {
        if let Some(i) = self
            .list
            .iter()
            .position(|e| e.kind == kind && e.name == name)
        {
            // the same mention is offered again when a speaker is probed
            if !self.list[i]
                .mentions
                .iter()
                .rev()
                .take(4)
                .any(|m| *m == tokens)
            {
                self.list[i].mentions.push(tokens);
            }
            return i;
        }
        self.list.push(EntityB {
            kind,
            name,
            country,
            org_short: None,
            is_city: false,
            roles: Vec::new(),
            mentions: vec![tokens],
        });
        self.list.len() - 1
    }

    /// The owner a role belongs to, from the mention at token `t`: a
    /// country code, or an organization's short name or name.
    fn owner_at(&self, ctx: &Ctx, t: usize) -> Option<(String, std::ops::Range<usize>)> {
        let k = ctx.ent_at.get(t).copied().flatten()?;
        let m = &ctx.doc.ents[k];
        let e = &self.list[self.of_ent[k]];
        let owner = match e.kind {
            EntityType::GPE | EntityType::NORP => e.country.clone()?,
            EntityType::ORG => e.org_short.clone().unwrap_or_else(|| e.name.clone()),
            _ => return None,
        };
        Some((owner, m.tokens.clone()))
    }

    fn find_roles(&mut self, ctx: &Ctx) {
        let doc = ctx.doc;
        for k in 0..doc.ents.len() {
            if doc.ents[k].label != Label::Person {
                continue;
            }
            let idx = self.of_ent[k];
            let r = doc.ents[k].tokens.clone();
            let mut found: Vec<(RoleB, Vec<usize>)> = Vec::new();
            // Right appositive: NAME , [the|a] [OWNER 's | DEMONYM] [qualifier] TITLE [of [the] OWNER]
            if ctx.tok_is(r.end, ",") {
                if let Some(role) = self.parse_role_phrase(ctx, r.end + 1) {
                    found.push(role);
                }
            }
            // Left: [OWNER ['s] | DEMONYM] [qualifier] TITLE [honorific] NAME [of OWNER]
            let mut j = r.start;
            while j > 0 && is_honorific(ctx.tok(j - 1)) && ctx.in_title[j - 1].is_none() {
                j -= 1;
            }
            if j > 0 {
                if let Some(ts) =
                    ctx.in_title[j - 1].and_then(|s| widen_title(ctx, ctx.title_at[s].clone()))
                {
                    let mut start = ts.start;
                    let mut of = None;
                    let mut mods = Vec::new();
                    let mut qualifier = None;
                    if start > 0 && QUALIFIERS.contains(&ctx.low(start - 1)) {
                        qualifier = Some(ctx.low(start - 1).to_string());
                        start -= 1;
                    }
                    let mut p = start;
                    if p > 0 && ctx.is_possessive(p - 1) {
                        p -= 1;
                    }
                    if p > 0 {
                        if let Some((owner, or)) = self.owner_at(ctx, p - 1) {
                            of = Some(owner);
                            mods.extend(or.clone());
                            start = or.start;
                        }
                    }
                    // "President Volodymyr Zelensky of Ukraine"
                    if of.is_none() && ctx.low(r.end) == "of" {
                        let q = if ctx.low(r.end + 1) == "the" {
                            r.end + 2
                        } else {
                            r.end + 1
                        };
                        if let Some((owner, or)) = self.owner_at(ctx, q) {
                            of = Some(owner);
                            mods.extend(or);
                        }
                    }
                    found.push((RoleB::new(ctx, &ts, of, qualifier, start..ts.end), mods));
                    // Left appositive: "the Chairman of the EU Military Committee, General Robert Brieger"
                    if start > 0 && ctx.tok_is(ts.start.saturating_sub(1), ",") && ts.start == start
                    {
                        if let Some(role) = self.left_appositive(ctx, ts.start - 1) {
                            found.push(role);
                        }
                    }
                } else if ctx.tok_is(j - 1, ",") {
                    if let Some(role) = self.left_appositive(ctx, j - 1) {
                        found.push(role);
                    }
                }
            }
            for (role, mods) in found {
                for t in mods {
                    if let Some(m) = ctx.ent_at[t] {
                        self.modifier[m] = true;
                    }
                }
                let e = &mut self.list[idx];
                if !e
                    .roles
                    .iter()
                    .any(|x| x.title.eq_ignore_ascii_case(&role.title) && x.of == role.of)
                {
                    e.roles.push(role);
                }
            }
        }
        // A person's country: a role held for a country, else a leader
        // entry — among several (Macron is also co-prince of Andorra), the
        // country the document mentions most; a lone surname counts when
        // only one leader bears it.
        let mentions_of = |list: &[EntityB], iso: &str| -> usize {
            list.iter()
                .filter(|x| x.is_country() && x.country.as_deref() == Some(iso))
                .map(|x| x.mentions.len())
                .sum()
        };
        let mut countries = Vec::with_capacity(self.list.len());
        for e in &self.list {
            if e.kind != EntityType::PERSON {
                countries.push(e.country.clone());
                continue;
            }
            let from_role = e
                .roles
                .iter()
                .filter_map(|r| r.of.as_deref())
                .find(|o| {
                    o.len() == 3
                        && o.chars().all(|c| c.is_ascii_uppercase())
                        && ctx.lex.country_info(o).is_some()
                })
                .map(str::to_string);
            let mut leaders: Vec<String> = ctx
                .lex
                .leader(&e.name)
                .iter()
                .map(|l| l.country.clone())
                .collect();
            if leaders.is_empty() && !e.name.contains(' ') {
                let by_surname: Vec<String> = ctx
                    .lex
                    .leaders()
                    .iter()
                    .filter(|l| l.name.split_whitespace().last() == Some(e.name.as_str()))
                    .map(|l| l.country.clone())
                    .collect();
                if !by_surname.is_empty() && by_surname.iter().all(|c| *c == by_surname[0]) {
                    leaders = by_surname;
                }
            }
            leaders.dedup();
            let from_leader = leaders
                .iter()
                .max_by_key(|c| mentions_of(&self.list, c))
                .cloned();
            // "Kremlin spokesman Dmitry Peskov": the owner's country
            let from_owner = e
                .roles
                .iter()
                .filter_map(|r| r.of.as_deref())
                .find_map(|o| {
                    self.list
                        .iter()
                        .find(|x| {
                            x.kind == EntityType::ORG
                                && (x.org_short.as_deref() == Some(o) || x.name == o)
                        })
                        .and_then(|x| x.country.clone())
                });
            countries.push(
                from_role
                    .or(from_leader)
                    .or(e.country.clone())
                    .or(from_owner),
            );
        }
        for (e, c) in self.list.iter_mut().zip(countries) {
            e.country = c;
        }
        self.place_countries(ctx);
    }

    /// Places the lexicon does not know take their country from the text:
    /// "Kharkiv, Ukraine", "the Ukrainian city of Kharkiv", "Russia's
    /// port of Novorossiysk".
    fn place_countries(&mut self, ctx: &Ctx) {
        const PLACE_NOUNS: &[&str] = &[
            "city",
            "town",
            "village",
            "region",
            "port",
            "province",
            "island",
            "capital",
            "oblast",
            "district",
            "area",
            "county",
            "state",
            "republic",
            "peninsula",
            "enclave",
            "settlement",
        ];
        let country_at = |t: usize| -> Option<String> {
            let m = ctx.ent_at.get(t).copied().flatten()?;
            let e = &self.list[self.of_ent[m]];
            e.country.clone().filter(|_| e.is_country())
        };
        let mut found = Vec::new();
        for (i, e) in self.list.iter().enumerate() {
            if e.country.is_some()
                || !matches!(e.kind, EntityType::GPE | EntityType::LOC | EntityType::FAC)
            {
                continue;
            }
            for m in &e.mentions {
                // "Kharkiv, Ukraine"
                if ctx.tok_is(m.end, ",") {
                    if let Some(c) = country_at(m.end + 1) {
                        found.push((i, c));
                        break;
                    }
                }
                // "the Ukrainian city of Kharkiv", "Ukraine's second-largest city, Kharkiv"
                let mut p = m.start;
                if p >= 2
                    && matches!(ctx.low(p - 1), "of" | ",")
                    && PLACE_NOUNS.contains(&ctx.low(p - 2))
                {
                    p -= 2;
                    let from = p.saturating_sub(4);
                    if let Some(c) = (from..p).rev().find_map(country_at) {
                        found.push((i, c));
                        break;
                    }
                }
                // "in eastern Ukraine's Donbas"
                if m.start >= 2 && ctx.is_possessive(m.start - 1) {
                    if let Some(c) = country_at(m.start - 2) {
                        found.push((i, c));
                        break;
                    }
                }
            }
        }
        for (i, c) in found {
            self.list[i].country = Some(c);
        }
    }

    /// "the Chairman of the EU Military Committee," ending at the comma `comma`.
    fn left_appositive(&self, ctx: &Ctx, comma: usize) -> Option<(RoleB, Vec<usize>)> {
        // "the Ukrainian president, Volodymyr Zelenskiy",
        // "Russia's foreign minister, Sergei Lavrov"
        if let Some(ts) = comma
            .checked_sub(1)
            .and_then(|t| ctx.in_title[t])
            .and_then(|s| widen_title(ctx, ctx.title_at[s].clone()))
        {
            let mut q = ts.start;
            if q > 0 && QUALIFIERS.contains(&ctx.low(q - 1)) {
                q -= 1;
            }
            if q > 0 && ctx.is_possessive(q - 1) {
                q -= 1;
            }
            if q > 0 {
                if let Some((owner, or)) = self.owner_at(ctx, q - 1) {
                    return Some((
                        RoleB::new(ctx, &ts, Some(owner), None, or.start..ts.end),
                        or.collect(),
                    ));
                }
            }
        }
        // Walk back over the owner mention, "of [the]", to a title.
        let mut p = comma;
        let k = ctx.ent_at.get(p.checked_sub(1)?).copied().flatten()?;
        let owner_range = ctx.doc.ents[k].tokens.clone();
        let (owner, _) = self.owner_at(ctx, owner_range.start)?;
        p = owner_range.start;
        if p >= 1 && ctx.low(p - 1) == "the" {
            p -= 1;
        }
        if p < 2 || ctx.low(p - 1) != "of" {
            return None;
        }
        let ts = ctx.in_title[p - 2].and_then(|s| widen_title(ctx, ctx.title_at[s].clone()))?;
        let role = RoleB::new(ctx, &ts, Some(owner), None, ts.start..owner_range.end);
        Some((role, owner_range.collect()))
    }

    /// Parses a role phrase starting at token `p` (after a comma).
    fn parse_role_phrase(&self, ctx: &Ctx, mut p: usize) -> Option<(RoleB, Vec<usize>)> {
        let start = p;
        if matches!(ctx.low(p), "the" | "a" | "an") {
            p += 1;
        }
        let mut of = None;
        let mut mods = Vec::new();
        if let Some((owner, or)) = self.owner_at(ctx, p) {
            let after = or.end;
            let is_demonym = ctx.doc.ents[ctx.ent_at[p]?].label == Label::Norp;
            if ctx.is_possessive(after) {
                of = Some(owner);
                mods.extend(or);
                p = after + 1;
            } else if is_demonym || ctx.title_at.get(after).is_some_and(Option::is_some) {
                of = Some(owner);
                mods.extend(or);
                p = after;
            }
        }
        let mut qualifier = None;
        if QUALIFIERS.contains(&ctx.low(p)) {
            qualifier = Some(ctx.low(p).to_string());
            p += 1;
        }
        let ts = widen_title(ctx, ctx.title_at.get(p)?.clone())?;
        let mut end = ts.end;
        if of.is_none() && ctx.low(end) == "of" {
            let q = if ctx.low(end + 1) == "the" {
                end + 2
            } else {
                end + 1
            };
            if let Some((owner, or)) = self.owner_at(ctx, q) {
                of = Some(owner);
                end = or.end;
                mods.extend(or);
            }
        }
        Some((RoleB::new(ctx, &ts, of, qualifier, start..end), mods))
    }

    /// Resolves a description of people starting at token `p`:
    /// "[the] [British and French] defense ministers [of Britain and France]",
    /// "the secretary general of NATO", "the general". Returns the tokens
    /// it spans and the actors: the persons it describes when the document
    /// names them, else the countries it names.
    pub fn resolve_descriptor(
        &self,
        ctx: &Ctx,
        p: usize,
    ) -> Option<(std::ops::Range<usize>, Vec<usize>)> {
        let start = p;
        let mut q = p;
        if matches!(
            ctx.low(q),
            "the" | "a" | "an" | "its" | "their" | "his" | "her"
        ) {
            q += 1;
        }
        let mut owners: Vec<usize> = Vec::new();
        // Owner list: DEMONYM (and DEMONYM)* | COUNTRY 's
        while let Some(k) = ctx.ent_at.get(q).copied().flatten() {
            let m = &ctx.doc.ents[k];

            if m.tokens.start != q || !matches!(m.label, Label::Norp | Label::Gpe | Label::Org) {
                break;
            }
            let e = self.of_ent[k];
            let after = m.tokens.end;
            if ctx.is_possessive(after) {
                owners.push(e);
                q = after + 1;
            } else if m.label == Label::Norp
                || ctx.title_at.get(after).is_some_and(Option::is_some)
                || matches!(ctx.low(after), "and" | ",")
            {
                owners.push(e);
                q = after;
            } else {
                break;
            }
            if matches!(ctx.low(q), "and" | ",") && q + 1 < ctx.len() && ctx.ent_at[q + 1].is_some()
            {
                q += 1;
                continue;
            }
            if ctx.ent_at.get(q).copied().flatten().is_none() {
                break;
            }
        }
        if QUALIFIERS.contains(&ctx.low(q)) {
            q += 1;
        }
        let ts = widen_title(ctx, ctx.title_at.get(q)?.clone())?;
        let mut end = ts.end;
        if ctx.low(end) == "of" {
            let mut r = end + 1;
            loop {
                if ctx.low(r) == "the" {
                    r += 1;
                }
                let Some(k) = ctx.ent_at.get(r).copied().flatten() else {
                    break;
                };
                let m = &ctx.doc.ents[k];
                if !matches!(m.label, Label::Gpe | Label::Org | Label::Norp) {
                    break;
                }
                owners.push(self.of_ent[k]);
                end = m.tokens.end;
                if ctx.low(end) == "and" && ctx.ent_at.get(end + 1).copied().flatten().is_some() {
                    r = end + 1;
                    continue;
                }
                break;
            }
        }
        // "the Ukrainian government", "the president" are not persons
        // described by a title unless the title names an office holder.
        let owner_keys: Vec<Option<String>> = owners
            .iter()
            .map(|&o| {
                let e = &self.list[o];
                if e.kind == EntityType::ORG {
                    e.org_short.clone().or(Some(e.name.clone()))
                } else {
                    e.country.clone()
                }
            })
            .collect();
        let mut actors = Vec::new();
        let candidates = |owner: Option<&str>| -> Vec<usize> {
            self.list
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityType::PERSON)
                .filter(|(_, e)| {
                    e.roles.iter().any(|r| {
                        // "the head of X" describes whoever holds a title of X
                        let generic = matches!(ts.canonical.as_str(), "head" | "chief" | "leader")
                            && owner.is_some();
                        let same_title = generic
                            || r.class == ts.class
                                && !matches!(
                                    r.class,
                                    TitleClass::Other
                                        | TitleClass::Minister(chronicle_lexicon::Ministry::Other)
                                )
                            || r.title.to_lowercase().replace("defence", "defense") == ts.canonical
                            || ctx
                                .lex
                                .title(&r.title)
                                .is_some_and(|h| h.title == ts.canonical);
                        same_title
                            && (owner.is_none()
                                || r.of.as_deref() == owner
                                || e.country.as_deref() == owner)
                    })
                })
                .map(|(i, _)| i)
                .collect()
        };
        if owner_keys.is_empty() {
            let c = candidates(None);
            // Only an unambiguous description resolves.
            if c.len() == 1 {
                actors.push(c[0]);
            } else {
                return None;
            }
        } else {
            for (o, key) in owners.iter().zip(&owner_keys) {
                let mut c = candidates(key.as_deref());
                // "the Belarusian leader": the one person of the document
                // the lexicon knows as that country's leader
                if c.is_empty()
                    && matches!(ts.canonical.as_str(), "leader" | "head of state")
                    && self.list[*o].is_country()
                {
                    c = self
                        .list
                        .iter()
                        .enumerate()
                        .filter(|(_, e)| e.kind == EntityType::PERSON)
                        .filter(|(_, e)| {
                            ctx.lex
                                .leader(&e.name)
                                .iter()
                                .any(|l| key.as_deref() == Some(l.country.as_str()))
                        })
                        .map(|(i, _)| i)
                        .collect();
                }
                if c.len() == 1 {
                    actors.push(c[0]);
                } else if self.list[*o].is_country() || self.list[*o].kind == EntityType::ORG {
                    actors.push(*o);
                }
            }
        }
        if actors.is_empty() {
            return None;
        }
        Some((start..end, actors))
    }
}

/// Joins titles written as one hyphenated word ("Secretary-General",
/// "Director-General"), which the title finder sees as two titles around a
/// hyphen, when the lexicon knows the compound.
fn widen_title(ctx: &Ctx, ts: Option<crate::ctx::TitleSpan>) -> Option<crate::ctx::TitleSpan> {
    let mut ts = ts?;
    let attached = |h: usize| {
        h > 0
            && h + 1 < ctx.len()
            && ctx.tok(h) == "-"
            && ctx.doc.tokens[h - 1].span.end == ctx.doc.tokens[h].span.start
            && ctx.doc.tokens[h].span.end == ctx.doc.tokens[h + 1].span.start
    };
    let phrase = |r: std::ops::Range<usize>| {
        r.filter(|&k| ctx.tok(k) != "-")
            .map(|k| ctx.low(k))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // backward: "Secretary-" before "General"
    if ts.start >= 2 && attached(ts.start - 1) {
        let s0 = ctx.in_title[ts.start - 2].unwrap_or(ts.start - 2);
        {
            if let Some(hit) = ctx.lex.title(&phrase(s0..ts.end)) {
                ts.canonical = hit.title.to_string();
                ts.class = hit.class;
                ts.start = s0;
            }
        }
    }
    // forward: "-General" after "Secretary"
    if attached(ts.end) {
        let next_end = ctx
            .title_at
            .get(ts.end + 1)
            .cloned()
            .flatten()
            .map_or(ts.end + 2, |n| n.end);
        {
            if let Some(hit) = ctx.lex.title(&phrase(ts.start..next_end)) {
                ts.canonical = hit.title.to_string();
                ts.class = hit.class;
                ts.end = next_end;
            }
        }
    }
    Some(ts)
}

fn better_name(candidate: &str, current: &str, label: Label) -> bool {
    if label == Label::Norp {
        return false;
    }
    let c = candidate.trim_start_matches("the ");
    c.chars().count() > current.chars().count() && !c.contains('\'')
}

/// Two spellings of one surname: the same first four letters, five letters
/// or more, and at most one letter added, dropped or changed
/// (Zelensky/Zelenskyy, Kyiv-style transliterations).
fn spelling_variant(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    if a.len().min(b.len()) < 5 || a.len().abs_diff(b.len()) > 1 || a[..4] != b[..4] {
        return false;
    }
    let (long, short) = if a.len() >= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let mut i = 0;
    while i < short.len() && long[i] == short[i] {
        i += 1;
    }
    if i == short.len() {
        // equal but for case, or one letter added at the end
        return true;
    }
    if long.len() == short.len() {
        long[i + 1..] == short[i + 1..]
    } else {
        long[i + 1..] == short[i..]
    }
}

pub fn is_honorific(w: &str) -> bool {
    matches!(
        w,
        "Mr."
            | "Mrs."
            | "Ms."
            | "Dr."
            | "Mr"
            | "Mrs"
            | "Ms"
            | "Dr"
            | "Sir"
            | "Dame"
            | "Prof."
            | "Gen."
            | "Lt."
            | "Col."
            | "Maj."
            | "Capt."
            | "Adm."
            | "Sen."
            | "Rep."
            | "Gov."
            // Gulf honorifics between a title and a name ("Amir Sheikh
            // Tamim bin Hamad Al Thani")
            | "Sheikh"
            | "Sheikha"
            | "Shaikh"
            | "Sayyid"
    )
}

impl Ctx<'_> {
    pub fn tok_is(&self, i: usize, s: &str) -> bool {
        i < self.len() && self.tok(i) == s
    }
}

#[cfg(test)]
mod spelling_tests {
    use super::spelling_variant;

    #[test]
    fn one_letter_apart_and_case() {
        assert!(spelling_variant("Zelensky", "Zelenskyy"));
        assert!(spelling_variant("Zelenskyy", "Zelensky"));
        assert!(spelling_variant("Zelensky", "ZELENSKY"));
        assert!(spelling_variant("Zelenskiy", "Zelenskyy"));
        assert!(!spelling_variant("Zelensky", "Zelenskaya"));
        assert!(!spelling_variant("Berg", "Borg"));
        assert!(!spelling_variant("Morales", "Moretti"));
        assert!(spelling_variant("Ünal", "Ünal"));
        assert!(!spelling_variant("Üna", "Üne"));
    }
}
