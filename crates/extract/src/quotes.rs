//! Quotations: direct quotes in quotation marks, and reported speech
//! ("X said that ..."), each with its speaker, cue, channel and time.
//!
//! A direct quote's attribution is looked for after the closing mark
//! (“...,” Mr. Stoltenberg told a news conference), then before the opening
//! mark (Zelensky said: “...”). A quote without its own attribution
//! continues the speaker of the previous quote in the same or the previous
//! paragraph (guidelines §3: a quote split by its attribution is one quote
//! per quoted run, with the same speaker). Speakers are resolved through the
//! document: names, "Mr. Zelensky’s office" (an organization of its own),
//! pronouns (the last person named), and descriptions ("the general").

use chronicle_records::{EntityType, Quote};

use crate::ctx::{quote_pairs, Ctx};
use crate::entities::Entities;
use crate::times::{self, TimeExpr};

pub const CUES: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "stated",
    "states",
    "noted",
    "notes",
    "wrote",
    "writes",
    "tweeted",
    "explained",
    "stressed",
    "emphasized",
    "emphasised",
    "declared",
    "warned",
    "insisted",
    "announced",
    "commented",
    "continued",
    "replied",
    "argued",
    "admitted",
    "claimed",
    "urged",
    "posted",
    "concluded",
    "recalled",
    "underlined",
    "remarked",
    "asserted",
    "acknowledged",
    "confirmed",
    "reiterated",
    "observed",
    "suggested",
    "answered",
    "responded",
    "pointed",
    "assured",
    "promised",
    "vowed",
    "cautioned",
    "predicted",
    "accused",
    "according",
    "saying",
    "quoted",
    "reads",
    "called",
    "described",
    "calling",
    "demanded",
    "dubbed",
];

/// Words of the office that speaks for a person: "Mr. Zelensky’s office".
const OFFICES: &[&str] = &[
    "office",
    "ministry",
    "government",
    "administration",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press",
    "team",
    "cabinet",
    "campaign",
    "embassy",
];

const CHANNEL_NOUNS: &[&str] = &[
    "statement",
    "conference",
    "briefing",
    "interview",
    "speech",
    "address",
    "video",
    "post",
    "telegram",
    "twitter",
    "facebook",
    "tweet",
    "letter",
    "op-ed",
    "communique",
    "communiqué",
    "readout",
    "television",
    "tv",
    "broadcast",
    "radio",
    "podcast",
    "instagram",
    "x",
    "reporters",
    "journalists",
    "session",
    "appearance",
    "message",
    "remarks",
    "bbc",
    "cnn",
    "reuters",
    "parliament",
    "summit",
    "forum",
    "meeting",
    "hearing",
    "panel",
];

pub struct Attribution {
    pub speaker: Option<usize>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub channel: Option<String>,
    /// Tokens of the attribution clause.
    pub start: usize,
    pub end: usize,
}

pub fn find(ctx: &Ctx, ents: &mut Entities, times: &[TimeExpr]) -> Vec<Quote> {
    let mut out = Vec::new();
    let pairs = quote_pairs(ctx);
    let mut last: Option<(usize, Option<usize>, Option<String>)> = None; // (paragraph, speaker, speaker_text)
    for &(open, close) in &pairs {
        if close <= open + 1 {
            continue;
        }
        let inner = open + 1..close;
        let words = inner
            .clone()
            .filter(|&k| ctx.kind(k) == chronicle_text::TokenKind::Word)
            .count();
        if words < 3 {
            continue; // scare quotes: “significant”
        }
        let para = paragraph_of(ctx, open);
        let attr =
            attribution_after(ctx, ents, close).or_else(|| attribution_before(ctx, ents, open));
        let (speaker, speaker_text, cue, channel, time) = match attr {
            Some(a) => {
                let time = crate::events::within(times, a.start, a.end, |t| (t.start, t.end))
                    .iter()
                    .find(|t| t.is_event_time())
                    .map(|t| t.resolve(ctx, times::is_future(ctx, t.start)));
                // “...,” he said: the person quoted just before, when there is one
                let pronoun = a
                    .speaker_text
                    .as_deref()
                    .is_some_and(|t| matches!(t.to_lowercase().as_str(), "he" | "she"));
                let speaker = match &last {
                    Some((p, Some(s), _))
                        if pronoun
                            && *p + 1 >= para
                            && ents.list[*s].kind == EntityType::PERSON =>
                    {
                        Some(*s)
                    }
                    _ => a.speaker,
                };
                (speaker, a.speaker_text, a.cue, a.channel, time)
            }
            None => match &last {
                Some((p, s, st)) if *p + 1 >= para => (*s, st.clone(), None, None, None),
                _ => (None, None, None, None, None),
            },
        };
        if speaker.is_some() || speaker_text.is_some() {
            last = Some((para, speaker, speaker_text.clone()));
        }
        let sp = ctx.span(inner);
        let text = ctx.doc.slice(sp).to_string();
        out.push(Quote {
            id: String::new(),
            text,
            start: sp.start,
            end: sp.end,
            direct: true,
            speaker: speaker.map(|s| s.to_string()),
            speaker_text,
            cue,
            channel,
            time,
        });
    }
    out.extend(reported(ctx, ents, times));
    out.sort_by_key(|q| q.start);
    out
}

fn paragraph_of(ctx: &Ctx, t: usize) -> usize {
    ctx.para.get(t).copied().unwrap_or(0)
}

/// “...,” SPEAKER CUE ... | “...,” CUE SPEAKER ...
fn attribution_after(ctx: &Ctx, ents: &mut Entities, close: usize) -> Option<Attribution> {
    let sent_end = ctx.sent_range(close).end.max(close + 1);
    let mut p = close + 1;
    if ctx.tok_is(p, ",") {
        p += 1;
    }
    if p >= ctx.len() || paragraph_of(ctx, p) != paragraph_of(ctx, close) {
        return None;
    }
    // The quote must not run on into new text: the next tokens form the attribution.
    let limit = (p + 14).min(ctx.len());
    let cue_at = (p..limit).find(|&k| CUES.contains(&ctx.low(k)) && !ctx.in_quote[k])?;
    if cue_at > sent_end + 2 {
        return None;
    }
    let (speaker, speaker_text, sp_end) = if cue_at == p {
        // CUE SPEAKER: "said the head of the EU Military Committee",
        // "reads the statement by Catherine Colonna"
        let by = (p + 1..(p + 5).min(ctx.len())).find(|&k| ctx.low(k) == "by");
        let (s, t, e) = speaker_at(ctx, ents, p + 1)
            .or_else(|| by.and_then(|b| speaker_at(ctx, ents, b + 1)))?;
        (s, t, e)
    } else {
        let (s, t, e) = speaker_at(ctx, ents, p)?;
        if e > cue_at {
            return None;
        }
        (s, t, e)
    };
    let end = clause_end(ctx, cue_at.max(sp_end));
    Some(Attribution {
        speaker,
        speaker_text: Some(speaker_text),
        cue: Some(ctx.low(cue_at).to_string()),
        channel: channel(ctx, cue_at, end),
        start: p,
        end,
    })
}

/// SPEAKER CUE [,:] “...”
fn attribution_before(ctx: &Ctx, ents: &mut Entities, open: usize) -> Option<Attribution> {
    let sent = ctx.sent_range(open);
    let mut q = open;
    while q > sent.start && matches!(ctx.tok(q - 1), ":" | "," | "that") {
        q -= 1;
    }
    // find a cue before, in the same sentence
    let from = sent.start.max(q.saturating_sub(30));
    let cue_at = (from..q)
        .rev()
        .find(|&k| CUES.contains(&ctx.low(k)) && !ctx.in_quote[k])?;
    // speaker before the cue, or "according to SPEAKER"
    if ctx.low(cue_at) == "according" {
        let (s, t, _) = speaker_at(ctx, ents, cue_at + 2)?;
        return Some(Attribution {
            speaker: s,
            speaker_text: Some(t),
            cue: Some("according to".into()),
            channel: None,
            start: cue_at,
            end: q,
        });
    }
    // The speaker: the earliest phrase that ends right before the cue, or
    // before an appositive ("Ukraine’s foreign minister, Dmytro Kuleba, said:").
    let s0 = sent.start.max(cue_at.saturating_sub(20));
    for st in s0..cue_at {
        if ctx.in_quote[st] || matches!(ctx.tok(st), "," | "." | ";") {
            continue;
        }
        if let Some((s, t, e)) = speaker_at(ctx, ents, st) {
            let gap: Vec<&str> = (e.min(cue_at)..cue_at).map(|k| ctx.low(k)).collect();
            let adjacent = gap.len() <= 2
                && gap.iter().all(|g| {
                    matches!(
                        *g,
                        "," | "also"
                            | "then"
                            | "has"
                            | "had"
                            | "have"
                            | "was"
                            | "is"
                            | "later"
                            | "once"
                            | "again"
                    )
                });
            let appositive =
                gap.len() <= 14 && gap.first() == Some(&",") && gap.last() == Some(&",");
            if e <= cue_at && (adjacent || appositive) {
                return Some(Attribution {
                    speaker: s,
                    speaker_text: Some(t),
                    cue: Some(ctx.low(cue_at).to_string()),
                    channel: channel(ctx, cue_at, q),
                    start: st,
                    end: q,
                });
            }
        }
    }
    None
}

fn clause_end(ctx: &Ctx, from: usize) -> usize {
    let mut k = from;
    while k < ctx.len() && !matches!(ctx.tok(k), "." | ";" | "“" | "\"" | "”" | "!" | "?") {
        k += 1;
    }
    k
}

/// The speaker phrase starting at `p`: (entity, text, end token).
pub fn speaker_at(
    ctx: &Ctx,
    ents: &mut Entities,
    p: usize,
) -> Option<(Option<usize>, String, usize)> {
    if p >= ctx.len() {
        return None;
    }
    // Pronouns: the last person named before.
    if matches!(ctx.low(p), "he" | "she" | "it" | "they") {
        return Some((ents.resolve_pronoun(ctx, p), ctx.tok(p).to_string(), p + 1));
    }
    // "South African President Cyril Ramaphosa", "Russia's foreign
    // minister, Sergei Lavrov": the person the description leads to.
    {
        let mut k = p;
        let limit = (p + 8).min(ctx.len());
        while k < limit {
            if let Some(m) = ents.mention_at(ctx, k) {
                let e = ents.of_ent[m];
                if ents.list[e].kind == EntityType::PERSON && k > p {
                    let end = ctx.doc.ents[m].tokens.end;
                    if ctx.is_possessive(end) {
                        break; // "Mr. Zelensky's office" is read below
                    }
                    return Some((Some(e), ctx.text(p..end).to_string(), end));
                }

                if !matches!(
                    ctx.doc.ents[m].label,
                    chronicle_text::Label::Norp
                        | chronicle_text::Label::Gpe
                        | chronicle_text::Label::Org
                ) {
                    break;
                }
                k = ctx.doc.ents[m].tokens.end;
                continue;
            }
            if ctx.is_possessive(k)
                || ctx.in_title[k].is_some()
                || crate::entities::is_honorific(ctx.tok(k))
                || matches!(ctx.low(k), "the" | "," | "former" | "new" | "acting")
            {
                k += 1;
                continue;
            }
            break;
        }
    }

    // Honorific + name, or a mention.
    let mut q = p;
    if crate::entities::is_honorific(ctx.tok(q)) {
        q += 1;
    }
    if let Some(m) = ents.mention_at(ctx, q) {
        let mention = &ctx.doc.ents[m];
        if mention.tokens.start == q {
            let e = ents.of_ent[m];
            let mut end = mention.tokens.end;
            // "Mr. Zelensky’s office": an organization speaking for the person.
            if ctx.is_possessive(end) && OFFICES.contains(&ctx.low(end + 1)) {
                let mut e2 = end + 2;
                if ctx.low(e2 - 1) == "press" && ctx.low(e2) == "service" {
                    e2 += 1;
                }
                let name = ctx.text(p..e2).replace('’', "'");
                let country = ents.list[e].country.clone();
                let idx = ents.add(EntityType::ORG, name.clone(), country, p..e2);
                return Some((Some(idx), ctx.text(p..e2).to_string(), e2));
            }
            {
                // skip an appositive after the name: "Kuleba, Ukraine's foreign minister, said"
                if ctx.tok_is(end, ",") {
                    if let Some(close) =
                        (end + 1..(end + 14).min(ctx.len())).find(|&k| ctx.tok(k) == ",")
                    {
                        if ents.list[e].roles.iter().any(|r| {
                            r.start >= ctx.doc.tokens[end].span.start
                                && r.end <= ctx.doc.tokens[close].span.end + 1
                        }) {
                            end = close + 1;
                        }
                    }
                }
                return Some((Some(e), ctx.text(p..mention.tokens.end).to_string(), end));
            }
        }
    }
    // Descriptions: "the general", "the head of the EU Military Committee".
    if let Some((r, actors)) = ents.resolve_descriptor(ctx, p) {
        let person = actors
            .iter()
            .copied()
            .find(|&a| ents.list[a].kind == EntityType::PERSON);
        return Some((
            person.or(actors.first().copied()),
            ctx.text(r.clone()).to_string(),
            r.end,
        ));
    }
    generic_speaker(ctx, ents, p)
}

/// Unnamed sources: "a senior US defense official", "the official",
/// "Kremlin spokesman" without a name. They become an entity named by the
/// description without its article and hedges ("US defense official");
/// a later "the official" is the same source.
fn generic_speaker(
    ctx: &Ctx,
    ents: &mut Entities,
    p: usize,
) -> Option<(Option<usize>, String, usize)> {
    const HEADS: &[&str] = &[
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "diplomat",
        "diplomats",
        "source",
        "sources",
        "aide",
        "aides",
        "negotiator",
        "analyst",
        "expert",
        "observer",
        "lawmaker",
        "adviser",
        "advisor",
        "officer",
    ];
    const HEDGES: &[&str] = &[
        "senior",
        "top",
        "high-ranking",
        "unnamed",
        "anonymous",
        "another",
        "one",
        "two",
        "several",
        "other",
        "some",
        "high",
        "-",
        "ranking",
        "leading",
    ];
    let det = matches!(
        ctx.low(p),
        "a" | "an" | "the" | "one" | "two" | "several" | "some"
    );
    let start = if det { p + 1 } else { p };
    let mut k = start;
    let mut country = None;
    while k < ctx.len() && k < start + 6 {
        let w = ctx.low(k);
        if HEADS.contains(&w) {
            break;
        }
        if let Some(m) = ents.mention_at(ctx, k) {
            let e = ents.of_ent[m];
            if ents.list[e].is_country() || ents.list[e].kind == EntityType::ORG {
                country = country.or(ents.list[e].country.clone());
                k = ctx.doc.ents[m].tokens.end;
                continue;
            }
            return None;
        }
        if ctx.kind(k) != chronicle_text::TokenKind::Word && w != "-"
            || !w.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            return None;
        }
        // modifiers are lowercase nouns and adjectives, not verbs
        if CUES.contains(&w)
            || matches!(
                w,
                "who" | "which" | "that" | "and" | "or" | "of" | "in" | "with"
            )
        {
            return None;
        }
        k += 1;
    }
    if k >= ctx.len() || !HEADS.contains(&ctx.low(k)) || (!det && k == start) {
        return None;
    }
    let words: Vec<&str> = (start..=k)
        .map(|i| ctx.tok(i))
        .filter(|w| !HEDGES.contains(&w.to_lowercase().as_str()))
        .collect();
    let name = words.join(" ");
    let head = ctx.low(k).trim_end_matches('s').to_string();
    // "the official" after "a US official": the same source
    let idx = if ctx.low(p) == "the" && k == start {
        ents.list
            .iter()
            .rposition(|e| {
                e.kind == EntityType::PERSON
                    && e.roles.is_empty()
                    && e.name.to_lowercase().ends_with(&head)
                    && e.name.contains(' ')
            })
            .inspect(|&i| ents.list[i].mentions.push(p..k + 1))
    } else {
        None
    };
    let idx = match idx {
        Some(i) => i,
        None => ents.add(EntityType::PERSON, name, country, p..k + 1),
    };
    Some((Some(idx), ctx.text(p..k + 1).to_string(), k + 1))
}

/// The venue or medium named in an attribution clause.
fn channel(ctx: &Ctx, cue: usize, end: usize) -> Option<String> {
    let end = end.min(ctx.len());
    if ctx.low(cue) == "tweeted" {
        return Some("Twitter".into());
    }
    let mut k = cue + 1;
    while k < end {
        let w = ctx.low(k);
        let told = k == cue + 1 && ctx.low(cue) == "told";
        if told
            || matches!(
                w,
                "in" | "at" | "during" | "on" | "via" | "to" | "according"
            )
        {
            let mut s = k + if told { 0 } else { 1 };
            if w == "according" {
                s = k + 2;
            }
            // NP up to a channel noun.
            let mut e = s;
            let mut found = None;
            while e < end
                && e < s + 6
                && !matches!(ctx.tok(e), "," | "." | "that" | "with" | "on" | "in")
            {
                if CHANNEL_NOUNS.contains(&ctx.low(e)) {
                    found = Some(e + 1);
                }
                e += 1;
            }
            if let Some(f) = found {
                // "a news conference", "a British government statement"
                if f > s {
                    return Some(ctx.text(s..f).to_string());
                }
            }
            if told {
                // "told the BBC", "told Reuters"
                if let Some(m) = ctx.ent_at.get(s).copied().flatten() {
                    let t = &ctx.doc.ents[m].tokens;
                    if matches!(ctx.doc.ents[m].label, chronicle_text::Label::Org) {
                        return Some(ctx.text(s..t.end).to_string());
                    }
                }
            }
        }
        k += 1;
    }
    None
}

/// Reported speech: "SPEAKER said (that) CLAUSE", outside quotation marks.
fn reported(ctx: &Ctx, ents: &mut Entities, times: &[TimeExpr]) -> Vec<Quote> {
    let mut out = Vec::new();
    for s in 0..ctx.doc.sentences.len() {
        let r = ctx.doc.sentences[s].clone();
        for cue in r.clone() {
            // "“...,” said the head of ...": the attribution of a direct quote
            let after_quote = (cue.saturating_sub(2)..cue)
                .any(|k| ctx.in_quote[k] && matches!(ctx.tok(k), "”" | "\"" | "''"));
            if after_quote
                || ctx.in_quote[cue]
                || !matches!(
                    ctx.low(cue),
                    "said"
                        | "says"
                        | "told"
                        | "added"
                        | "stated"
                        | "warned"
                        | "noted"
                        | "stressed"
                        | "believes"
                        | "insisted"
                        | "argued"
                        | "claimed"
                        | "announced"
                )
            {
                continue;
            }
            // The clause: after "that", or right after the cue (or after "told X").
            let mut c = cue + 1;
            if ctx.low(cue) == "told" {
                while c < r.end && ctx.low(c) != "that" && c < cue + 8 {
                    c += 1;
                }
                if ctx.low(c) != "that" {
                    continue;
                }
            }
            // skip a time or channel phrase between cue and clause: "said on Thursday that"
            let mut k = c;
            while k < r.end && k < c + 6 && ctx.low(k) != "that" {
                k += 1;
            }
            if ctx.low(k) == "that" {
                c = k + 1;
            } else if ctx.low(c) == "that" {
                c += 1;
            } else if !(matches!(
                ctx.low(c),
                "he" | "she"
                    | "it"
                    | "they"
                    | "the"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "there"
                    | "we"
                    | "i"
            ) || ctx.ent_at.get(c).copied().flatten().is_some())
            {
                continue;
            }
            let mut end = r.end;
            while end > c && matches!(ctx.tok(end - 1), "." | "”" | "\"" | "!" | "?") {
                end -= 1;
            }
            if end <= c + 2 || (c..end).any(|k| ctx.in_quote[k]) {
                continue;
            }
            // The speaker: the subject before the cue.
            let mut found = None;
            let from = r.start.max(cue.saturating_sub(14));
            for st in from..cue {
                if matches!(ctx.tok(st), "," | "“" | "”") {
                    continue;
                }
                if let Some((sp, t, e)) = speaker_at(ctx, ents, st) {
                    let between_ok =
                        (e..cue).all(|k| !matches!(ctx.low(k), "that" | "which" | ";"));
                    if e <= cue && between_ok {
                        found = Some((sp, t));
                        break;
                    }
                }
            }
            let Some((speaker, speaker_text)) = found else {
                continue;
            };
            let time = crate::events::within(times, cue + 1, c, |t| (t.start, t.end))
                .iter()
                .find(|t| t.is_event_time())
                .or_else(|| {
                    crate::events::within(times, from, cue, |t| (t.start, t.end))
                        .iter()
                        .find(|t| t.is_event_time())
                })
                .map(|t| t.resolve(ctx, false));
            let sp = ctx.span(c..end);
            out.push(Quote {
                id: String::new(),
                text: ctx.doc.slice(sp).to_string(),
                start: sp.start,
                end: sp.end,
                direct: false,
                speaker: speaker.map(|s| s.to_string()),
                speaker_text: Some(speaker_text),
                cue: Some(ctx.low(cue).to_string()),
                channel: channel(ctx, cue, c),
                time,
            });
            break;
        }
    }
    out
}
