//! Quotations: direct quotes in quotation marks, and reported speech
//! ("X said that ..."), each with its speaker, cue, channel and time.
//!
//! A direct quote's attribution is looked for after the closing mark
//! (“...,” Mr. Stoltenberg told a news conference; “...,” said X), then
//! before the opening mark (Zelensky said: “...”; "X said in a statement."
//! right before a quotation; "..., telling reporters, “...”" takes its
//! clause's subject). Speech verbs are [`CUES`] plus quote-only ones
//! ("charged", "quipped", "complained"). The speaker is the noun phrase
//! that is the verb's subject, read by its head: the name ending it ("Trump
//! lawyer Marc Kasowitz" is Kasowitz, "Fox's Chris Wallace" is Wallace),
//! an office ("Mr. Zelensky’s office", "the Clinton campaign": an
//! organization of its own), a pronoun, a description the document
//! resolves ("the general"), an unnamed source ("a senior US official", an
//! entity of its own), or else a description kept as `speaker_text` with no
//! entity ("the moderator").
//!
//! Among several phrases before a cue, a word after a preposition is never
//! the subject ("Of Carson, Levine said"), an appositive is a noun phrase,
//! not a clause (", after winning Ohio, X said"), and the parse's subject of
//! the cue picks among named candidates. A colon hanging on a later main
//! verb ("When X suggested ..., Y fired back: “...”") takes that verb's
//! subject; a participle right after a cue ("X said, adding, “...”") takes
//! the cue's speaker; coordinated partial quotes share the attribution that
//! follows them ("“...” and “...,” X said"); two-word cues ("went on",
//! "fired back") count.
//!
//! A quote without its own attribution takes the subject of the clause it
//! sits in ("Cruz questioned Trump's “...”", from the dependency parse when
//! there is one), else continues the speaker of the previous quote or
//! reported speech in the same or the previous paragraph (guidelines §3: a
//! quote split by its attribution is one quote per quoted run, with the
//! same speaker; a quote left open at the end of a paragraph runs on into
//! the next one); a paragraph of quotation with neither takes the named
//! subject of the previous paragraph's last sentence ("X also spoke about
//! the case." then “...”). A title nobody is said to speak (“Good Morning America”)
//! is not a quotation.

use chronicle_records::{EntityType, Quote};
use chronicle_text::TokenKind;

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

/// Verbs that attribute a quotation besides [`CUES`] (which the event
/// extractor also reads): "Kelly charged", "he quipped", "X complained
/// that ...", and the participles that hang an attribution on a clause
/// ("..., telling reporters, “...”").
const MORE_CUES: &[&str] = &[
    "asked",
    "asks",
    "charged",
    "charges",
    "reacted",
    "quipped",
    "quips",
    "joked",
    "jokes",
    "boasted",
    "boasts",
    "bragged",
    "complained",
    "complains",
    "lamented",
    "laments",
    "conceded",
    "concedes",
    "countered",
    "counters",
    "retorted",
    "sniped",
    "scoffed",
    "mused",
    "recounted",
    "recounts",
    "exclaimed",
    "proclaimed",
    "proclaims",
    "pleaded",
    "testified",
    "testifies",
    "interjected",
    "elaborated",
    "opined",
    "reasoned",
    "maintained",
    "maintains",
    "contended",
    "contends",
    "alleged",
    "alleges",
    "echoed",
    "agreed",
    "agrees",
    "shouted",
    "yelled",
    "chanted",
    "cried",
    "whispered",
    "muttered",
    "texted",
    "emailed",
    "reported",
    "reports",
    "tweets",
    "posts",
    "continues",
    "replies",
    "responds",
    "insists",
    "argues",
    "explains",
    "stresses",
    "declares",
    "announces",
    "acknowledges",
    "admits",
    "claims",
    "asserts",
    "concludes",
    "recalls",
    "cautions",
    "suggests",
    "predicts",
    "warns",
    "vows",
    "pledged",
    "pledges",
    "informed",
    "reminded",
    "wondered",
    "wonders",
    "cited",
    "cites",
    "denounced",
    "characterized",
    "characterizes",
    "labeled",
    "labelled",
    "branded",
    "touted",
    "deadpanned",
    "gushed",
    "sighed",
    "laughed",
    "snapped",
    "griped",
    "grumbled",
    "fumed",
    "railed",
    "hinted",
    "speculated",
    "confided",
    "disclosed",
    "revealed",
    "clarified",
    "advised",
    "objected",
    "protested",
    "disputed",
    "quoting",
    "telling",
    "adding",
    "noting",
    "arguing",
    "explaining",
    "insisting",
    "warning",
    "declaring",
    "writing",
    "stating",
    "asking",
    "tweeting",
    "urging",
    "stressing",
    "promising",
    "vowing",
    "predicting",
    "started",
    "began",
    "thanked",
    "questioned",
    "pressed",
    "surmised",
    "retaliated",
    "interrupted",
    "chided",
    "teased",
    "mocked",
    "ranted",
    "thundered",
    "marveled",
    "marvelled",
    "yelling",
    "shouting",
];

/// Participles that hang an attribution on their clause's subject:
/// "Ryan's campaign shrugged it off, telling reporters, “...”".
const PARTICIPLES: &[&str] = &[
    "saying",
    "telling",
    "adding",
    "noting",
    "arguing",
    "explaining",
    "insisting",
    "warning",
    "declaring",
    "writing",
    "stating",
    "asking",
    "calling",
    "tweeting",
    "urging",
    "stressing",
    "promising",
    "vowing",
    "predicting",
    "quoting",
];

pub(crate) fn is_cue(w: &str) -> bool {
    CUES.contains(&w) || MORE_CUES.contains(&w)
}

/// A speech verb at token `k`: a cue word in lowercase outside any name
/// ("the United States" holds no cue).
fn cue_at_token(ctx: &Ctx, k: usize) -> bool {
    // "continues to fuel", "vowed to fight": not the words quoted
    let to_verb = ctx.low(k + 1) == "to"
        && !matches!(ctx.low(k), "according" | "said" | "says" | "told" | "tells")
        && (ctx.doc.morph.get(k + 2).is_some_and(|m| m.xpos == "VB")
            || matches!(ctx.tok(k + 2), "“" | "\""));
    (is_cue(ctx.low(k)) || phrasal_cue(ctx, k))
        && !to_verb
        && ctx.ent_at.get(k).is_some_and(Option::is_none)
        && ctx
            .tok(k)
            .chars()
            .next()
            .is_some_and(|c| c.is_lowercase() || k == ctx.sent_range(k).start)
}

/// A two-word speech verb: "fired back", "went on" (“...,” X went on),
/// followed by punctuation, "at" or "to say" rather than an object ("went
/// on CNN").
fn phrasal_cue(ctx: &Ctx, k: usize) -> bool {
    let particle = match ctx.low(k) {
        "went" | "goes" | "carried" => "on",
        "fired" | "shot" | "hit" | "pushed" | "struck" | "wrote" | "pushes" | "fires"
        | "shoots" => "back",
        _ => return false,
    };
    ctx.low(k + 1) == particle
        && (matches!(
            ctx.tok(k + 2),
            "," | "." | ":" | ";" | "—" | "–" | "“" | "\""
        ) || ctx.low(k + 2) == "at"
            || ctx.low(k + 2) == "to" && ctx.low(k + 3) == "say")
}

pub struct Attribution {
    pub speaker: Option<usize>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    pub channel: Option<String>,
    /// Tokens of the attribution clause.
    pub start: usize,
    pub end: usize,
}

/// One quoted run: the opening mark, the end of the quoted words
/// (exclusive; the closing mark when there is one), and whether it closes
/// within its paragraph (a quote left open runs to the end of the
/// paragraph and reopens in the next one).
struct Run {
    open: usize,
    end: usize,
    closed: bool,
}

/// Quoted runs, paragraph by paragraph: curly quotes pair by direction,
/// straight quotes alternate; a quote still open at the end of its
/// paragraph closes there.
fn quoted_runs(ctx: &Ctx) -> Vec<Run> {
    let mut runs: Vec<Run> = quote_pairs(ctx)
        .into_iter()
        .map(|(open, close)| Run {
            open,
            end: close,
            closed: true,
        })
        .collect();
    // Marks left unpaired: an opening mark with no partner in its paragraph.
    let mut paired = vec![false; ctx.len()];
    for r in &runs {
        paired[r.open] = true;
        paired[r.end] = true;
    }
    let mut k = 0;
    while k < ctx.len() {
        if !paired[k] && matches!(ctx.tok(k), "“" | "``" | "\"") {
            let para = paragraph_line(ctx, k);
            let mut e = k + 1;
            while e < ctx.len() && paragraph_line(ctx, e) == para && !paired[e] {
                e += 1;
            }
            // the run stops before a later pair in the same paragraph
            if e > k + 1 && (e == ctx.len() || paragraph_line(ctx, e) != para) {
                runs.push(Run {
                    open: k,
                    end: e,
                    closed: false,
                });
            }
            k = e.max(k + 1);
            continue;
        }
        k += 1;
    }
    runs.sort_by_key(|r| r.open);
    runs
}

/// A short run of capitalized words (function words aside), with no
/// sentence inside: the name of a show, a book or a slogan.
fn title_like(ctx: &Ctx, r: std::ops::Range<usize>) -> bool {
    let mut words = 0;
    for k in r {
        let t = ctx.tok(k);
        if ctx.kind(k) != chronicle_text::TokenKind::Word {
            if matches!(t, "?" | "!" | ":" | ";") {
                return false;
            }
            continue;
        }
        words += 1;
        let cap = t.chars().next().is_some_and(char::is_uppercase);
        let function = words > 1
            && matches!(
                ctx.low(k),
                "of" | "and"
                    | "the"
                    | "a"
                    | "an"
                    | "with"
                    | "for"
                    | "to"
                    | "in"
                    | "on"
                    | "at"
                    | "de"
                    | "para"
                    | "'s"
            );
        if !(cap || function) {
            return false;
        }
    }
    (1..=8).contains(&words)
}

fn paragraph_line(ctx: &Ctx, t: usize) -> usize {
    ctx.para.get(t).copied().unwrap_or(0)
}

/// Paragraph ordinals: the n-th non-blank line of each token.
fn paragraph_ordinals(ctx: &Ctx) -> Vec<usize> {
    let mut out = Vec::with_capacity(ctx.len());
    let mut n = 0;
    for k in 0..ctx.len() {
        if k > 0 && paragraph_line(ctx, k) != paragraph_line(ctx, k - 1) {
            n += 1;
        }
        out.push(n);
    }
    out
}

pub fn find(ctx: &Ctx, ents: &mut Entities, times: &[TimeExpr]) -> Vec<Quote> {
    let mut out = Vec::new();
    let runs = quoted_runs(ctx);
    let ord = paragraph_ordinals(ctx);
    let para_of = |t: usize| ord.get(t).copied().unwrap_or(0);
    // The last attributed quote: (paragraph, speaker, speaker_text).
    let mut last: Last = None;
    // Reported speech also names who speaks next ("Trump said Sunday that
    // ...", then a paragraph of quotation).
    let reported = reported(ctx, ents, times);
    let mut rep = reported
        .iter()
        .filter_map(|q| {
            let t = ctx.doc.tokens.partition_point(|t| t.span.start < q.start);
            let s = q.speaker.as_deref()?.parse::<usize>().ok()?;
            Some((t, s, q.speaker_text.clone()))
        })
        .peekable();
    for run in &runs {
        let (open, close) = (run.open, run.end);
        while let Some((t, s, st)) = rep.next_if(|r| r.0 < open) {
            last = Some((para_of(t), Some(s), st, t));
        }
        if close <= open + 1 {
            continue;
        }
        let inner = open + 1..close;
        let words = inner
            .clone()
            .filter(|&k| ctx.kind(k) == chronicle_text::TokenKind::Word)
            .count();
        let para = para_of(open);
        let after = if run.closed {
            attribution_after(ctx, ents, close)
        } else {
            None
        };
        if words < 3 {
            // scare quotes: “significant”; a short quote's attribution
            // still names who speaks next (“No,” she said. “...”).
            if let Some(a) = after {
                let speaker = pronoun_speaker(ctx, ents, &a, &last, para, open);
                if speaker.is_some() {
                    last = Some((para, speaker, a.speaker_text, close));
                }
            }
            continue;
        }
        let attr = transcript_label(ctx, ents, open)
            .or(after)
            .or_else(|| attribution_before(ctx, ents, open));
        // “Good Morning America”, “Peace Through Strength”: a title or a
        // slogan nobody is said to speak is not a quotation
        if attr.is_none() && title_like(ctx, inner.clone()) {
            continue;
        }
        let (speaker, speaker_text, cue, channel, time) = match attr {
            Some(a) => {
                let time = crate::events::within(times, a.start, a.end, |t| (t.start, t.end))
                    .iter()
                    .find(|t| t.is_event_time())
                    .map(|t| t.resolve(ctx, times::is_future(ctx, t.start)));
                let speaker = pronoun_speaker(ctx, ents, &a, &last, para, open);
                (speaker, a.speaker_text, a.cue, a.channel, time)
            }
            None => match (
                parse_speaker(ctx, ents, open, close).or_else(|| sentence_subject(ctx, ents, open)),
                &last,
            ) {
                // "Cruz questioned Trump's “...”": the clause's subject
                (Some((s, t)), _) => (Some(s), Some(t), None, None, None),
                (None, Some((p, s, st, _))) if *p + 1 >= para => (*s, st.clone(), None, None, None),
                // a paragraph of quotation after one about its speaker:
                // "Richards also spoke about the case.\n\n“...”"
                _ => match paragraph_lead(ctx, ents, open) {
                    Some((s, t)) => (Some(s), Some(t), None, None, None),
                    None => (None, None, None, None, None),
                },
            },
        };
        // A speaker named but not recognized ("Vann R. Newkirk II", "The New
        // York Times"): the name becomes an entity of its own.
        let speaker = speaker.or_else(|| named_speaker(ctx, ents, speaker_text.as_deref()?));
        if speaker.is_some() || speaker_text.is_some() {
            last = Some((para, speaker, speaker_text.clone(), close));
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
    out.extend(reported);
    out.sort_by_key(|q| q.start);
    out
}

/// The speaker a paragraph of quotation with no attribution of its own
/// takes from the paragraph before: the named person (or organization)
/// subject of that paragraph's last sentence.
fn paragraph_lead(ctx: &Ctx, ents: &mut Entities, open: usize) -> Option<(usize, String)> {
    if open == 0 || paragraph_line(ctx, open - 1) == paragraph_line(ctx, open) {
        return None;
    }
    let sent = ctx.sent_range(open - 1);
    if paragraph_line(ctx, sent.start) == paragraph_line(ctx, open) {
        return None;
    }
    // the verb of the clause: the first verb outside quotation marks
    let verb = (sent.start..sent.end.min(sent.start + 40))
        .find(|&k| !ctx.in_quote[k] && matches!(upos(ctx, k), "VERB" | "AUX"))?;
    let (s, t, _) = clause_subject(ctx, ents, sent.start, verb + 1)?;
    let s = s?;
    matches!(ents.list[s].kind, EntityType::PERSON | EntityType::ORG).then_some((s, t))
}

/// The last attributed quotation: its paragraph, speaker, speaker text and
/// last token.
type Last = Option<(usize, Option<usize>, Option<String>, usize)>;

/// The speaker of an attribution, with “...,” he said read as the person
/// quoted just before: in the same paragraph, or in the previous one when
/// no other person is named in between; an unresolved pronoun falls back
/// on the last speaker of a compatible kind.
fn pronoun_speaker(
    ctx: &Ctx,
    ents: &Entities,
    a: &Attribution,
    last: &Last,
    para: usize,
    open: usize,
) -> Option<usize> {
    let low = a.speaker_text.as_deref().map(str::to_lowercase);
    let person = matches!(low.as_deref(), Some("he" | "she"));
    let group = matches!(low.as_deref(), Some("it" | "they"));
    let Some((p, Some(s), _, at)) = last else {
        return a.speaker;
    };
    let kind = ents.list[*s].kind;
    if person && kind == EntityType::PERSON {
        let other_named = ((*at).max(open.saturating_sub(200))..open.max(*at)).any(|k| {
            !ctx.in_quote[k]
                && ents
                    .entity_at(ctx, k)
                    .is_some_and(|e| e != *s && ents.list[e].kind == EntityType::PERSON)
        });
        if *p == para || (*p + 1 == para && !other_named) || a.speaker.is_none() {
            return Some(*s);
        }
    }
    if group && a.speaker.is_none() && kind != EntityType::PERSON {
        return Some(*s);
    }
    a.speaker
}

/// Tokens that may stand between a subject and its speech verb: adverbs
/// and auxiliaries ("also said", "has repeatedly said").
fn verb_gap(ctx: &Ctx, from: usize, to: usize) -> bool {
    to >= from
        && to - from <= 3
        && (from..to).all(|k| {
            matches!(
                ctx.low(k),
                "also"
                    | "then"
                    | "has"
                    | "had"
                    | "have"
                    | "was"
                    | "is"
                    | "later"
                    | "once"
                    | "again"
                    | "would"
                    | "will"
                    | "did"
                    | "does"
                    | "previously"
                    | "recently"
                    | "just"
                    | "further"
                    | "simply"
                    | "flatly"
                    | "quickly"
            ) || upos(ctx, k) == "ADV" && ctx.kind(k) == chronicle_text::TokenKind::Word
        })
}

fn upos<'a>(ctx: &'a Ctx, k: usize) -> &'a str {
    ctx.doc.morph.get(k).map_or("", |m| m.upos)
}

/// “...,” SPEAKER CUE ... | “...,” CUE SPEAKER ...
fn attribution_after(ctx: &Ctx, ents: &mut Entities, close: usize) -> Option<Attribution> {
    if let Some(a) = dash_signature(ctx, ents, close) {
        return Some(a);
    }
    let mut p = close + 1;
    // “... nomination.” The next sentence is not the attribution, unless
    // it is one: “...” Trump said.
    let full_stop =
        ctx.tok(close - 1) == "." && !ctx.tok(p).chars().next().is_some_and(char::is_lowercase);
    if matches!(ctx.tok(p), "," | "—" | "–" | "--") {
        p += 1;
    }
    if p >= ctx.len() || paragraph_line(ctx, p) != paragraph_line(ctx, close) {
        return None;
    }
    // The quote must not run on into new text: the next tokens form the attribution.
    let limit = (p + 25).min(ctx.len());
    let mut cue_at = None;
    for k in p..limit {
        if ctx.in_quote[k] {
            // a scare quote inside the attribution (“Ted Cruz” pins), or a
            // second partial quote of the same sentence: Guns are “...” and
            // “...,” X proclaimed
            if ctx.short_quote[k] {
                continue;
            }
            if k > p
                && (ctx.in_quote[k - 1]
                    || (p..k).all(|j| matches!(ctx.low(j), "and" | "or" | "," | "but")))
            {
                continue;
            }
            break;
        }
        if matches!(ctx.tok(k), "." | "!" | "?" | ";") {
            break;
        }
        if cue_at_token(ctx, k) {
            cue_at = Some(k);
            break;
        }
    }
    let cue_at = cue_at?;
    // a cue after a full stop ends its own sentence (“...” Trump said.);
    // "Of Carson, Levine said, “...”" introduces the next quotation
    let next = if phrasal_cue(ctx, cue_at) {
        cue_at + 2
    } else {
        cue_at + 1
    };
    if full_stop
        && (!matches!(ctx.tok(next), "." | ",")
            || matches!(ctx.tok(next + 1), "“" | "\"" | "``") && ctx.tok(next) == ",")
    {
        return None;
    }
    let (speaker, speaker_text, sp_end) = if ctx.low(cue_at) == "according" {
        // “...,” according to CNN
        if cue_at > p + 3 {
            return None;
        }
        speaker_at(ctx, ents, cue_at + 2, true)?
    } else if cue_at == p {
        // CUE SPEAKER: "said the head of the EU Military Committee",
        // "reads the statement by Catherine Colonna"
        cue_speaker(ctx, ents, cue_at)?
    } else {
        // the subject right before the cue, from the first word after the
        // quote on (“...” in the legislature, he said)
        let mut before = None;
        let mut skip = 0;
        for st in p..cue_at {
            if st < skip || matches!(ctx.tok(st), "," | "(" | ")") || ctx.in_quote[st] {
                continue;
            }
            // "in the 2008 primary": an object, not a subject
            if after_preposition(ctx, st) {
                skip = np_end(ctx, st).unwrap_or(st + 1);
                continue;
            }
            before = speaker_at(ctx, ents, st, true).filter(|&(_, _, e)| {
                e <= cue_at && (verb_gap(ctx, e, cue_at) || appositive_gap(ctx, e, cue_at))
            });
            if before.is_some() {
                break;
            }
        }
        match before {
            Some(b) => b,
            // “...” in the 2008 primary, said X
            None if ctx.tok(cue_at - 1) == "," => cue_speaker(ctx, ents, cue_at)?,
            None => return None,
        }
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

/// The speaker after an inverted cue: "said X", "reads the statement by X".
/// An entity for a speaker's name that the recognizer missed: a person
/// ("Mr. King", "Vann R. Newkirk II", the name after a title in "South
/// Korean President Park Geun-hye") or a news organization ("The New York
/// Times"). Descriptions ("a young woman", "the ad") make none.
fn named_speaker(ctx: &Ctx, ents: &mut Entities, text: &str) -> Option<usize> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if !words.iter().all(|w| cap(w)) {
        return None;
    }
    const ORG_WORDS: &[&str] = &[
        "Times",
        "Post",
        "News",
        "Journal",
        "Agency",
        "Ministry",
        "Department",
        "Office",
        "Council",
        "Committee",
        "Commission",
        "Association",
        "Institute",
        "University",
        "Party",
        "Company",
        "Inc.",
        "Corp.",
        "Press",
        "Reuters",
        "Tribune",
        "Herald",
    ];
    if words.iter().any(|w| ORG_WORDS.contains(w)) {
        let name = text.strip_prefix("The ").unwrap_or(text).to_string();
        let run = token_run(ctx, &words)?;
        return Some(ents.add(EntityType::ORG, name, None, run));
    }
    // after the leading titles and nationalities: "South Korean President
    // Park Geun-hye" (a title word at the end is a name: "Mr. King")
    let mut from = 0;
    while from + 1 < words.len() {
        let pair = words.get(from + 1).map(|w| format!("{} {w}", words[from]));
        if pair
            .as_deref()
            .is_some_and(|p| ctx.lex.country(p).is_some())
        {
            from += 2;
        } else if ctx.lex.is_title_word(&words[from].to_lowercase())
            || ctx.lex.country(words[from]).is_some()
        {
            from += 1;
        } else {
            break;
        }
    }
    let name_words = &words[from.min(words.len())..];
    let honorific = name_words
        .first()
        .is_some_and(|w| matches!(*w, "Mr." | "Mrs." | "Ms." | "Dr." | "Miss"));
    if name_words.len() < 2 || (name_words.len() > 4 && !honorific) || words[0] == "The" {
        return None;
    }
    let name = name_words.join(" ");
    Some(ents.add(EntityType::PERSON, name, None, token_run(ctx, name_words)?))
}

/// The tokens of the first place where `words` are written in a row.
fn token_run(ctx: &Ctx, words: &[&str]) -> Option<std::ops::Range<usize>> {
    let first = words.first()?;
    let last = words.last()?;
    (0..ctx.len())
        .filter(|&k| ctx.tok(k) == *first || first.starts_with(ctx.tok(k)))
        .find_map(|k| {
            (k..(k + 3 * words.len()).min(ctx.len()))
                .find(|&e| ctx.tok(e) == *last || last.ends_with(ctx.tok(e)) && e > k)
                .filter(|_| ctx.text(k..k + 1).len() <= first.len())
                .map(|e| k..e + 1)
                .filter(|r| ctx.text(r.clone()).split_whitespace().count() == words.len())
        })
}

/// A transcript's speaker label opening the quotation: "WALLACE: Let's
/// start ...", "PENCE: Well, look ...". The label is one to three words
/// in capitals before a colon; it names the person of the document with
/// that surname, or a person of its own.
fn transcript_label(ctx: &Ctx, ents: &mut Entities, open: usize) -> Option<Attribution> {
    let start = open + 1;
    let mut end = start;
    while end < ctx.len() && end - start < 3 {
        let w = ctx.tok(end);
        let caps = ctx.kind(end) == TokenKind::Word
            && w.chars().count() >= 2
            && w.chars()
                .all(|c| c.is_uppercase() || c == '.' || c == '\'' || c == '-');
        if !caps {
            break;
        }
        end += 1;
    }
    if end == start || ctx.tok(end) != ":" {
        return None;
    }
    // a heading in capitals ("BREAKING: ...", "UPDATE:") is no speaker
    let label = ctx.text(start..end).to_string();
    if matches!(
        label.as_str(),
        "BREAKING" | "UPDATE" | "NOTE" | "EDITOR" | "WATCH" | "READ" | "EXCLUSIVE" | "Q" | "A"
    ) {
        return None;
    }
    let surname = label.split_whitespace().last()?.to_lowercase();
    let known: Vec<usize> = (0..ents.list.len())
        .filter(|&e| {
            ents.list[e].kind == EntityType::PERSON
                && ents.list[e]
                    .name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.to_lowercase() == surname)
        })
        .collect();
    let speaker = match known.as_slice() {
        [e] => *e,
        _ => {
            let name: String = label
                .split_whitespace()
                .map(|w| {
                    let mut c = w.chars();
                    match c.next() {
                        Some(f) => f
                            .to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<String>>()
                .join(" ");
            ents.add(EntityType::PERSON, name, None, start..end)
        }
    };
    Some(Attribution {
        speaker: Some(speaker),
        speaker_text: Some(label),
        cue: None,
        channel: None,
        start,
        end: end + 1,
    })
}

/// A quotation signed after a dash, as under an epigraph or in a list of
/// reader voices: “...” ― Krystal Correa. The signature is a person's name
/// of two to four capitalized words that ends its line (or is followed by
/// a comma and more about the person).
fn dash_signature(ctx: &Ctx, ents: &mut Entities, close: usize) -> Option<Attribution> {
    let dash = close + 1;
    if !matches!(ctx.tok(dash), "―" | "—" | "–") || dash + 1 >= ctx.len() {
        return None;
    }
    if paragraph_line(ctx, dash + 1) != paragraph_line(ctx, close) {
        return None;
    }
    let start = dash + 1;
    let mut end = start;
    while end < ctx.len()
        && end - start < 5
        && ctx.kind(end) == TokenKind::Word
        && paragraph_line(ctx, end) == paragraph_line(ctx, close)
        && (ctx.tok(end).chars().next().is_some_and(char::is_uppercase)
            || matches!(
                ctx.low(end),
                "de" | "van" | "von" | "del" | "da" | "bin" | "al"
            ))
    {
        end += 1;
    }
    let words = end - start;
    let ends_line = end >= ctx.len()
        || paragraph_line(ctx, end) != paragraph_line(ctx, close)
        || matches!(ctx.tok(end), "," | ".");
    if !(2..=4).contains(&words) || !ends_line {
        return None;
    }
    let text = ctx.text(start..end).to_string();
    let speaker = match ents.entity_at(ctx, start) {
        Some(e) if ents.list[e].kind == EntityType::PERSON => e,
        Some(_) => return None,
        None => ents.add(EntityType::PERSON, text.clone(), None, start..end),
    };
    Some(Attribution {
        speaker: Some(speaker),
        speaker_text: Some(text),
        cue: None,
        channel: None,
        start: dash,
        end,
    })
}

fn cue_speaker(
    ctx: &Ctx,
    ents: &mut Entities,
    cue_at: usize,
) -> Option<(Option<usize>, String, usize)> {
    let by = (cue_at + 1..(cue_at + 5).min(ctx.len())).find(|&k| ctx.low(k) == "by");
    // past a time: "said Wednesday the minister"
    let mut s = cue_at + 1;
    while s < ctx.len() && s < cue_at + 3 && is_time_word(ctx.low(s)) {
        s += 1;
    }
    let first = speaker_at(ctx, ents, s, true);
    match first {
        Some((Some(_), _, _)) => first,
        _ => by
            .and_then(|b| speaker_at(ctx, ents, b + 1, true))
            .or(first),
    }
}

/// A word right after a preposition heads its object, never a subject:
/// "Of Carson, Levine said".
fn after_preposition(ctx: &Ctx, st: usize) -> bool {
    st > 0
        && !ctx.in_quote[st - 1]
        && ctx.ent_at.get(st - 1).is_some_and(Option::is_none)
        && matches!(
            ctx.tok(st - 1),
            "of" | "Of"
                | "about"
                | "About"
                | "on"
                | "On"
                | "for"
                | "For"
                | "with"
                | "With"
                | "in"
                | "In"
                | "at"
                | "At"
                | "from"
                | "From"
                | "by"
                | "By"
                | "into"
                | "over"
                | "against"
                | "Against"
                | "among"
                | "Among"
                | "after"
                | "After"
                | "before"
                | "Before"
                | "during"
                | "During"
                | "like"
                | "Like"
                | "than"
                | "toward"
                | "towards"
                | "under"
                | "Under"
                | "without"
                | "through"
                | "despite"
                | "Despite"
        )
}

/// ", a Clinton backer, " / " (D-Nev.)," between a subject and its verb,
/// possibly followed by adverbs.
fn appositive_gap(ctx: &Ctx, from: usize, to: usize) -> bool {
    if from >= to || to - from > 30 || !matches!(ctx.tok(from), "," | "(") {
        return false;
    }
    // an appositive is a noun phrase, not a clause: ", after winning Ohio, X"
    if matches!(
        ctx.tok(from + 1),
        "after"
            | "before"
            | "while"
            | "when"
            | "as"
            | "if"
            | "in"
            | "at"
            | "on"
            | "during"
            | "following"
            | "despite"
            | "since"
            | "because"
            | "although"
            | "though"
            | "where"
            | "but"
            | "and"
    ) {
        return false;
    }
    // the appositive closes with a comma or a parenthesis, then adverbs
    let Some(close) = (from + 1..to)
        .rev()
        .find(|&k| matches!(ctx.tok(k), "," | ")"))
    else {
        return false;
    };
    let inside_ok = (from + 1..close).all(|k| !matches!(ctx.tok(k), "." | ";" | "!" | "?"));
    let mut after = close + 1;
    if ctx.tok(close) == ")" && ctx.tok_is(after, ",") {
        after += 1;
    }
    inside_ok && verb_gap(ctx, after, to)
}

/// "X, who said": the relative pronoun's antecedent speaks.
fn relative_gap(ctx: &Ctx, from: usize, to: usize) -> bool {
    let mut k = from;
    if ctx.tok_is(k, ",") {
        k += 1;
    }
    k < to && ctx.low(k) == "who" && verb_gap(ctx, k + 1, to)
}

/// SPEAKER CUE [,:] “...”
fn attribution_before(ctx: &Ctx, ents: &mut Entities, open: usize) -> Option<Attribution> {
    let mut sent = ctx.sent_range(open);
    let mut q = open;
    // “... the minister said:\n\n“...”: the attribution ends the sentence
    // before; so does "X said in a statement." right before a quotation.
    let mut after_stop = false;
    if open > 0 && sent.start == open && matches!(ctx.tok(open - 1), ":" | "." | "!" | "?") {
        // a paragraph of quotation after "Trump speculated that ...": his
        after_stop =
            ctx.tok(open - 1) != ":" && paragraph_line(ctx, open - 1) == paragraph_line(ctx, open);
        sent = ctx.sent_range(open - 1);
        q = open - 1;
    }
    while q > sent.start && matches!(ctx.tok(q - 1), ":" | "," | "that" | "—" | "–" | "--") {
        q -= 1;
    }
    // find a cue before, in the same sentence
    let from = sent.start.max(q.saturating_sub(30));
    let cue_at = (from..q).rev().find(|&k| {
        cue_at_token(ctx, k)
            && !ctx.in_quote[k]
            && (CUES.contains(&ctx.low(k)) || PARTICIPLES.contains(&ctx.low(k)) || k + 4 >= q)
    });
    // "X said in a statement." and nothing said after the cue
    let cue_at = cue_at.filter(|&c| {
        !after_stop
            || (c + 1..q).all(|k| {
                !matches!(
                    ctx.low(k),
                    "that" | "he" | "she" | "it" | "they" | "the" | "a"
                ) || ctx.low(k - 1) == "in"
                    || ctx.low(k - 1) == "to"
            })
    });
    let Some(cue_at) = cue_at else {
        // "Pew Research: “...”": a named source and a colon.
        if q + 1 == open && ctx.tok(q) == ":" {
            return colon_source(ctx, ents, sent.start, q);
        }
        return None;
    };
    // speaker before the cue, or "according to SPEAKER"
    if ctx.low(cue_at) == "according" {
        let (s, t, _) = speaker_at(ctx, ents, cue_at + 2, true)?;
        return Some(Attribution {
            speaker: s,
            speaker_text: Some(t),
            cue: Some("according to".into()),
            channel: None,
            start: cue_at,
            end: q,
        });
    }
    // "..., telling reporters, “...”": the subject of the clause.
    if PARTICIPLES.contains(&ctx.low(cue_at))
        && cue_at > sent.start
        && matches!(ctx.tok(cue_at - 1), "," | "—" | "–" | "--" | "and")
    {
        // "..., Spicer said, adding, “...”": the speaker of the cue just before
        let prev_cue = (cue_at.saturating_sub(6).max(sent.start)..cue_at - 1)
            .rev()
            .find(|&k| {
                cue_at_token(ctx, k)
                    && CUES.contains(&ctx.low(k))
                    && !PARTICIPLES.contains(&ctx.low(k))
                    && !ctx.in_quote[k]
            })
            .filter(|&k| (k + 1..cue_at).all(|j| !matches!(ctx.tok(j), "." | ";" | ":")));
        if let Some(pc) = prev_cue {
            let found = subject_before(ctx, ents, sent.start, pc)
                .or_else(|| cue_speaker(ctx, ents, pc).map(|(s, t, _)| (s, t, pc + 1)));
            if let Some((s, t, st)) = found.filter(|f| f.0.is_some()) {
                return Some(Attribution {
                    speaker: s,
                    speaker_text: Some(t),
                    cue: Some(ctx.low(cue_at).to_string()),
                    channel: channel(ctx, pc, q),
                    start: st,
                    end: q,
                });
            }
        }
        if let Some((s, t, st)) = clause_subject(ctx, ents, sent.start, cue_at) {
            return Some(Attribution {
                speaker: s,
                speaker_text: Some(t),
                cue: Some(ctx.low(cue_at).to_string()),
                channel: channel(ctx, cue_at, q),
                start: st,
                end: q,
            });
        }
        return None;
    }
    // "When Trump suggested ..., Rubio fired back: “...”": the colon ends
    // the main clause, whose verb's subject speaks.
    if let Some((s, t, st)) = colon_clause_subject(ctx, ents, q, open, cue_at) {
        return Some(Attribution {
            speaker: Some(s),
            speaker_text: Some(t),
            cue: None,
            channel: None,
            start: st,
            end: q,
        });
    }
    let found = subject_before(ctx, ents, sent.start, cue_at);
    // "Stated Stone: “...”": an inverted cue opening its sentence.
    if found.is_none() && cue_at == sent.start && CUES.contains(&ctx.low(cue_at)) {
        if let Some((s, t, e)) = cue_speaker(ctx, ents, cue_at) {
            if s.is_some() && e >= q.saturating_sub(1) {
                return Some(Attribution {
                    speaker: s,
                    speaker_text: Some(t),
                    cue: Some(ctx.low(cue_at).to_string()),
                    channel: None,
                    start: cue_at,
                    end: q,
                });
            }
        }
    }
    // "people on their way into the polls saying “...”": a participle's
    // subject is its clause's, unless a name stands right before it.
    let participle = PARTICIPLES.contains(&ctx.low(cue_at));
    if let Some((s, t, st)) = found.filter(|f| f.0.is_some() || !participle) {
        return Some(Attribution {
            speaker: s,
            speaker_text: Some(t),
            cue: Some(ctx.low(cue_at).to_string()),
            channel: channel(ctx, cue_at, q),
            start: st,
            end: q,
        });
    }
    // "X said the move was made by Y and said, “...”": a coordinated verb
    // shares its clause's subject.
    if cue_at > sent.start && (participle || matches!(ctx.low(cue_at - 1), "and" | "but" | "then"))
    {
        if let Some((s, t, st)) = clause_subject(ctx, ents, sent.start, cue_at) {
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
    None
}

/// The speaker phrase that ends right before `cue_at` (after adverbs, an
/// appositive or "who"), from `from` on: the earliest phrase naming an
/// entity, else the earliest description ("Ukraine’s foreign minister,
/// Dmytro Kuleba, said:").
fn subject_before(
    ctx: &Ctx,
    ents: &mut Entities,
    from: usize,
    cue_at: usize,
) -> Option<(Option<usize>, String, usize)> {
    let s0 = from.max(cue_at.saturating_sub(30));
    let mut found: Option<(Option<usize>, String, usize)> = None;
    let mut found_end = 0;
    // Several named phrases may end before an appositive ("At X in Berea,
    // OH, after winning Ohio, Gov. Y (R-OH), said"): the parse's subject of
    // the cue picks among them; the earliest one otherwise.
    let parsed_subj = ctx
        .syn
        .subject(ctx, cue_at)
        .filter(|&k| k >= s0 && k < cue_at && !ctx.in_quote[k]);
    let mut first_named: Option<(Option<usize>, String, usize)> = None;
    let mut skip = 0;
    for st in s0..cue_at {
        if st < skip || ctx.in_quote[st] || matches!(ctx.tok(st), "," | "." | ";" | "(" | ")") {
            continue;
        }
        // "Of Carson, Levine said": an object, not a subject
        if after_preposition(ctx, st) {
            skip = np_end(ctx, st).unwrap_or(st + 1);
            continue;
        }
        // not a word inside the description found: "the New Jersey governor"
        if found.is_some() && (st < found_end || ents.mention_at(ctx, st).is_none()) {
            continue;
        }
        if let Some((s, t, e)) = speaker_at(ctx, ents, st, true) {
            if e <= cue_at
                && (verb_gap(ctx, e, cue_at)
                    || appositive_gap(ctx, e, cue_at)
                    || relative_gap(ctx, e, cue_at))
            {
                if s.is_some() {
                    let holds_subject = parsed_subj.is_some_and(|k| (st..e).contains(&k));
                    if holds_subject || parsed_subj.is_none() {
                        return Some((s, t, st));
                    }
                    // a place before a person's appositive: "the Star of
                    // David, Speaker Paul Ryan said"
                    let speaks = |c: &Option<(Option<usize>, String, usize)>| {
                        c.as_ref().and_then(|c| c.0).is_some_and(|i| {
                            matches!(ents.list[i].kind, EntityType::PERSON | EntityType::ORG)
                        })
                    };
                    let cand = Some((s, t, st));
                    if first_named.is_none() || !speaks(&first_named) && speaks(&cand) {
                        first_named = cand;
                    }
                    continue;
                }
                if found.is_none() {
                    found = Some((s, t, st));
                    found_end = np_end(ctx, st).unwrap_or(e);
                }
            }
        }
    }
    first_named.or(found)
}

/// "When Trump suggested ..., Rubio fired back: “...”": when a colon
/// before the quotation hangs on a verb after the cue found (the cue sits
/// in a clause of its own), that verb's subject, from the parse.
fn colon_clause_subject(
    ctx: &Ctx,
    ents: &mut Entities,
    q: usize,
    open: usize,
    cue_at: usize,
) -> Option<(usize, String, usize)> {
    if !ctx.syn.parsed() {
        return None;
    }
    let colon = (q..open).find(|&k| ctx.tok(k) == ":")?;
    let h = ctx.doc.deps.get(colon)?.head?;
    if h <= cue_at
        || h >= colon
        || upos(ctx, h) != "VERB"
        || ctx.in_quote[h]
        || !(cue_at..h).any(|k| ctx.tok(k) == ",")
    {
        return None;
    }
    let subj = ctx.syn.subject(ctx, h)?;
    if subj <= cue_at || subj >= h || ctx.in_quote[subj] {
        return None;
    }
    let (e, text) = subject_entity(ctx, ents, subj)?;
    Some((e, text, subj))
}

/// The entity a subject token names (a name, a pronoun resolved, or the
/// description it heads), with its text; persons and organizations only.
fn subject_entity(ctx: &Ctx, ents: &mut Entities, subj: usize) -> Option<(usize, String)> {
    if !matches!(upos(ctx, subj), "NOUN" | "PROPN" | "PRON") {
        return None;
    }
    let text = match ents.mention_at(ctx, subj) {
        Some(m) => ctx.text(ctx.doc.ents[m].tokens.clone()).to_string(),
        None => ctx.tok(subj).to_string(),
    };
    let e = match ents.entity_at(ctx, subj) {
        Some(e) => e,
        None if is_pronoun(ctx.low(subj)) => ents.resolve_pronoun(ctx, subj)?,
        None => {
            // the phrase the subject heads: its leftmost modifier on
            let left = ctx
                .syn
                .children(subj)
                .iter()
                .copied()
                .filter(|&c| {
                    c < subj
                        && matches!(
                            ctx.doc.deps[c].rel,
                            "det" | "amod" | "compound" | "nmod:poss" | "nummod" | "flat"
                        )
                })
                .min()
                .unwrap_or(subj);
            speaker_at(ctx, ents, left, false)?.0?
        }
    };
    matches!(ents.list[e].kind, EntityType::PERSON | EntityType::ORG).then_some((e, text))
}

/// "Pew Research: “...”": a named entity alone before a colon.
fn colon_source(ctx: &Ctx, ents: &mut Entities, from: usize, colon: usize) -> Option<Attribution> {
    let m = ents.mention_at(ctx, colon.checked_sub(1)?)?;
    let r = ctx.doc.ents[m].tokens.clone();
    if r.end != colon {
        return None;
    }
    // the name starts the clause: nothing before it but a dash or the start
    let mut st = r.start;
    while st > from && matches!(ctx.tok(st - 1), "-" | "—" | "–" | "--") {
        st -= 1;
    }
    if st != from && !matches!(ctx.tok(st.saturating_sub(1)), "-" | "—" | "–" | "--") {
        return None;
    }
    let e = ents.of_ent[m];
    if !matches!(ents.list[e].kind, EntityType::PERSON | EntityType::ORG) {
        return None;
    }
    Some(Attribution {
        speaker: Some(e),
        speaker_text: Some(ctx.text(r.clone()).to_string()),
        cue: None,
        channel: None,
        start: r.start,
        end: colon,
    })
}

/// The subject of the clause ending at `to`: the first noun phrase from
/// `from` followed by a verb (after its post-modifiers, an appositive or
/// adverbs).
fn clause_subject(
    ctx: &Ctx,
    ents: &mut Entities,
    from: usize,
    to: usize,
) -> Option<(Option<usize>, String, usize)> {
    // a clause's subject is near its verb (and the search stays linear)
    let mut st = from.max(to.saturating_sub(60));
    // "While Russia was ..., Johnson stressed": past a leading adverbial clause
    if matches!(
        ctx.low(st),
        "while"
            | "when"
            | "as"
            | "after"
            | "before"
            | "if"
            | "although"
            | "though"
            | "because"
            | "since"
            | "despite"
            | "unlike"
            | "like"
            | "in"
            | "on"
            | "at"
            | "during"
            | "following"
            | "with"
            | "for"
            | "speaking"
            | "asked"
    ) {
        if let Some(c) = (st + 1..to).find(|&k| ctx.tok(k) == "," && !ctx.in_quote[k]) {
            st = c + 1;
        }
    }
    while st < to {
        if ctx.in_quote[st] || ctx.kind(st) != chronicle_text::TokenKind::Word {
            st += 1;
            continue;
        }
        let e = if is_pronoun(ctx.low(st)) {
            Some(st + 1)
        } else {
            np_end(ctx, st).map(|e| post_modifiers(ctx, e))
        };
        let Some(e) = e else {
            st += 1;
            continue;
        };
        let mut v = e;
        // "Sen. X (I-Vt.) on Saturday criticized": past a parenthesis and a time
        loop {
            if ctx.tok_is(v, "(") {
                match (v + 1..to.min(v + 8)).find(|&k| ctx.tok(k) == ")") {
                    Some(c) => v = c + 1,
                    None => break,
                }
            } else if matches!(ctx.low(v), "on" | "late" | "early" | "last" | "this")
                && v + 1 < to
                && is_time_word(ctx.low(v + 1))
            {
                v += 2;
            } else {
                break;
            }
        }
        while v < to && (matches!(ctx.tok(v), "," | "(" | ")") || upos(ctx, v) == "ADV") {
            if matches!(ctx.tok(v), "," | "(") {
                // skip an appositive up to its closing comma
                match (v + 1..to.min(v + 25)).find(|&k| matches!(ctx.tok(k), "," | ")")) {
                    Some(c) => v = c + 1,
                    None => break,
                }
            } else {
                v += 1;
            }
        }
        if v < to && matches!(upos(ctx, v), "VERB" | "AUX") {
            let (s, t, _) = speaker_at(ctx, ents, st, true)?;
            return Some((s, t, st));
        }
        st = e.max(st + 1);
    }
    None
}

/// The named subject of the clause a quotation sits in, when text of the
/// sentence precedes it: "Sanders thanked its members “for ...”".
fn sentence_subject(ctx: &Ctx, ents: &mut Entities, open: usize) -> Option<(usize, String)> {
    let sent = ctx.sent_range(open);
    if !(sent.start.max(open.saturating_sub(60))..open)
        .any(|k| !ctx.in_quote[k] && ctx.kind(k) == chronicle_text::TokenKind::Word)
    {
        return None;
    }
    let (s, t, _) = clause_subject(ctx, ents, sent.start, open)?;
    let s = s?;
    matches!(ents.list[s].kind, EntityType::PERSON | EntityType::ORG).then_some((s, t))
}

/// The speaker the dependency parse gives a quotation embedded in a
/// clause: the subject of the verb that governs the quoted words ("Cruz,
/// leading in Iowa, questioned Trump's “New York values”"; "..., noting
/// that it is “very strange ...”" takes its governor's subject). Only names
/// and organizations count; `None` without a parse.
fn parse_speaker(
    ctx: &Ctx,
    ents: &mut Entities,
    open: usize,
    close: usize,
) -> Option<(usize, String)> {
    if !ctx.syn.parsed() {
        return None;
    }
    let head = |k: usize| ctx.doc.deps.get(k).and_then(|d| d.head);
    // the first quoted word attached outside the quotation
    let mut g = (open + 1..close).find_map(|k| {
        let h = head(k)?;
        (ctx.kind(k) == chronicle_text::TokenKind::Word && !(open..=close).contains(&h))
            .then_some(h)
    })?;
    for _ in 0..4 {
        if upos(ctx, g) == "VERB" {
            break;
        }
        g = head(g)?;
    }
    if upos(ctx, g) != "VERB" || ctx.in_quote[g] {
        return None;
    }
    // "Massie said Trump had “the obligation ...”": the words are the
    // speaker's, not the subject's of the reported clause
    for _ in 0..2 {
        match head(g) {
            Some(h)
                if ctx.doc.deps[g].rel == "ccomp"
                    && !ctx.in_quote[h]
                    && (is_cue(ctx.low(h)) || phrasal_cue(ctx, h)) =>
            {
                g = h
            }
            _ => break,
        }
    }
    let subj = ctx.syn.subject(ctx, g)?;
    if ctx.in_quote[subj] || ctx.sent(subj) != ctx.sent(open) {
        return None;
    }
    subject_entity(ctx, ents, subj)
}

/// Past prepositional post-modifiers of a noun phrase ending at `e`: "the
/// senator from Vermont", "a spokesman for the campaign".
fn post_modifiers(ctx: &Ctx, e: usize) -> usize {
    let mut e = e;
    for _ in 0..2 {
        if matches!(ctx.low(e), "of" | "from" | "for" | "at" | "with" | "in") {
            if let Some(e2) = np_end(ctx, e + 1) {
                e = e2;
                continue;
            }
        }
        break;
    }
    e
}

fn clause_end(ctx: &Ctx, from: usize) -> usize {
    let mut k = from;
    while k < ctx.len() && !matches!(ctx.tok(k), "." | ";" | "“" | "\"" | "”" | "!" | "?") {
        k += 1;
    }
    k
}

/// Determiners and quantifiers that open a noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "another", "some", "several", "two", "three", "many", "his", "her",
    "their", "its", "our", "other", "this", "these", "those", "each", "both", "most", "few",
];

/// The end (exclusive) of the noun phrase starting at `p`: determiner,
/// modifiers, names, titles and possessives up to its head ("Fox's Chris
/// Wallace", "Republican political consultant Chris Russell", "a senior
/// US official", "the ad's narrator"). Stops at punctuation, verbs,
/// prepositions and relative pronouns. `None` when `p` opens none.
fn np_end(ctx: &Ctx, p: usize) -> Option<usize> {
    let n = ctx.len();
    let mut k = p;
    if k < n && DETERMINERS.contains(&ctx.low(k)) {
        k += 1;
    }
    let mut head = false; // the phrase so far ends in a noun
    while k < n && k < p + 12 {
        if ctx.in_quote[k] && !ctx.in_quote[p] {
            break;
        }
        if let Some(m) = ctx.ent_at[k] {
            let r = &ctx.doc.ents[m].tokens;
            k = r.end.max(k + 1);
            head = true;
            continue;
        }
        let w = ctx.low(k);
        if head && ctx.is_possessive(k) {
            k += 1;
            head = false;
            continue;
        }
        if crate::entities::is_honorific(ctx.tok(k)) || ctx.in_title[k].is_some() {
            k += 1;
            head = true;
            continue;
        }
        // "Los Angeles-based attorney", "nutritional-supplement executive"
        if matches!(w, "-" | "–")
            && k > p
            && ctx.kind(k + 1) == chronicle_text::TokenKind::Word
            && ctx.doc.tokens[k].span.start == ctx.doc.tokens[k - 1].span.end
            && ctx.doc.tokens[k + 1].span.start == ctx.doc.tokens[k].span.end
        {
            k += 2;
            head = matches!(upos(ctx, k - 1), "NOUN" | "PROPN");
            continue;
        }
        if ctx.kind(k) != chronicle_text::TokenKind::Word
            || is_cue(w)
            || matches!(
                w,
                "who" | "which" | "that" | "and" | "or" | "but" | "of" | "in" | "on" | "at"
            )
        {
            break;
        }
        match upos(ctx, k) {
            "NOUN" | "PROPN" => {
                k += 1;
                head = true;
            }
            // "a source involved in the talks": a participle after the head
            // starts a post-modifier
            "ADJ" | "VERB"
                if head
                    && (w.ends_with("ed") || w.ends_with("ing"))
                    && matches!(upos(ctx, k + 1), "ADP" | "DET") =>
            {
                break;
            }
            "ADJ" | "NUM" => {
                k += 1;
                // "the official", "one Republican": an adjective ending the
                // phrase is its head
                head = matches!(ctx.tok(k - 1).chars().next(), Some(c) if c.is_uppercase())
                    || !matches!(upos(ctx, k), "NOUN" | "PROPN" | "ADJ" | "NUM");
            }
            // "elected official", "leading Democrat"
            "VERB"
                if matches!(upos(ctx, k + 1), "NOUN" | "PROPN" | "ADJ")
                    && ctx.doc.morph[k].xpos != "VBD"
                    && ctx.doc.morph[k].xpos != "VBZ" =>
            {
                k += 1;
                head = false;
            }
            _ => break,
        }
    }
    (head && k > p).then_some(k)
}

/// Person words that head a description of a source ("the moderator",
/// "another supporter") when no entity names it; other descriptions only
/// count where they are the subject of the speech verb.
fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "it" | "they")
}

/// The speaker phrase starting at `p`: (entity, text, end token). With
/// `any_head`, a description the document does not resolve ("the
/// moderator", "a Clinton campaign spokesman") is a speaker with no entity
/// and its text; without, only names, pronouns and resolved descriptions
/// are.
pub fn speaker_at(
    ctx: &Ctx,
    ents: &mut Entities,
    p: usize,
    any_head: bool,
) -> Option<(Option<usize>, String, usize)> {
    if p >= ctx.len() {
        return None;
    }
    // Pronouns: the last person named before.
    if is_pronoun(ctx.low(p)) {
        return Some((ents.resolve_pronoun(ctx, p), ctx.tok(p).to_string(), p + 1));
    }
    let e = np_end(ctx, p)?;
    if is_time_word(ctx.low(e - 1)) {
        return None;
    }
    // A parenthesis right after a name: "Sen. Jack Reed (D-R.I.)"; a
    // prepositional post-modifier: "the senator from Vermont".
    let mut end = post_modifiers(ctx, e);
    if ctx.tok_is(end, "(") {
        if let Some(c) = (end + 1..(end + 8).min(ctx.len())).find(|&k| ctx.tok(k) == ")") {
            end = c + 1;
        }
    }
    let text = ctx.text(p..e).to_string();
    // "Mr. Zelensky’s office", "the Clinton campaign": an organization
    // speaking for its owner.
    if let Some(idx) = office(ctx, ents, p, e) {
        return Some((Some(idx), text, end));
    }
    // The phrase's head is a name: "Fox's Chris Wallace", "Marquette
    // pollster Charles Franklin", "the Israeli newspaper Haaretz".
    if let Some(m) = ents.mention_at(ctx, e - 1) {
        if ctx.doc.ents[m].tokens.end == e {
            let ent = ents.of_ent[m];
            // "Kuleba, Ukraine's foreign minister, said": skip a role appositive
            if ctx.tok_is(end, ",") && ents.list[ent].kind == EntityType::PERSON {
                if let Some(close) =
                    (end + 1..(end + 14).min(ctx.len())).find(|&k| ctx.tok(k) == ",")
                {
                    if ents.list[ent].roles.iter().any(|r| {
                        r.start >= ctx.doc.tokens[end].span.start
                            && r.end <= ctx.doc.tokens[close].span.end + 1
                    }) {
                        end = close + 1;
                    }
                }
            }
            return Some((Some(ent), text, end));
        }
    }
    // "Russia's foreign minister, Sergei Lavrov, said": the name in apposition.
    if ctx.tok_is(e, ",") {
        if let Some(m) = ents.mention_at(ctx, e + 1) {
            let r = ctx.doc.ents[m].tokens.clone();
            let ent = ents.of_ent[m];
            if r.start == e + 1
                && ents.list[ent].kind == EntityType::PERSON
                && matches!(ctx.tok(r.end), "," | ")")
            {
                let after = if ctx.tok(r.end) == "," {
                    r.end + 1
                } else {
                    r.end
                };
                return Some((Some(ent), ctx.text(p..r.end).to_string(), after));
            }
        }
    }
    // Descriptions: "the general", "the head of the EU Military Committee".
    if let Some((r, actors)) = ents.resolve_descriptor(ctx, p) {
        if r.end >= e {
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
    }
    if let Some(g) = generic_speaker(ctx, ents, p, any_head) {
        return Some(g);
    }
    // A possessive pronoun or a bare determiner is not a source.
    if any_head && e > p + usize::from(DETERMINERS.contains(&ctx.low(p))) {
        return Some((None, ctx.text(p..end).to_string(), end));
    }
    None
}

/// Words that head a time phrase, never a source ("said Wednesday").
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "morning"
            | "afternoon"
            | "evening"
            | "night"
            | "week"
            | "weekend"
            | "month"
            | "year"
            | "old"
            | "ago"
            | "earlier"
            | "later"
    )
}

/// "Mr. Zelensky’s office", "the Kremlin's press service", "the Clinton
/// campaign": an organization of its own, added to the entities.
fn office(ctx: &Ctx, ents: &mut Entities, p: usize, e: usize) -> Option<usize> {
    let last = e - 1;
    // the office word(s): "office", "press service"
    let o = if ctx.low(last) == "service" && last > p && ctx.low(last - 1) == "press" {
        last - 1
    } else if OFFICES.contains(&ctx.low(last)) {
        last
    } else {
        return None;
    };
    let possessive = o > p && ctx.is_possessive(o - 1);
    // without a possessive only an organization word: "the Clinton campaign"
    if !possessive
        && !matches!(
            ctx.low(last),
            "campaign" | "administration" | "government" | "team" | "office" | "camp"
        )
    {
        return None;
    }
    let owner_end = if possessive { o - 1 } else { o };
    let m = ents.mention_at(ctx, owner_end.checked_sub(1)?)?;
    if ctx.doc.ents[m].tokens.end != owner_end || ctx.doc.ents[m].tokens.start < p {
        return None;
    }
    let owner = ents.of_ent[m];
    if ents.list[owner].kind != EntityType::PERSON
        && !(possessive && ents.list[owner].kind == EntityType::ORG)
    {
        return None;
    }
    // "spokesman" after a possessive is a person, read as the office too
    let mut st = p;
    if ctx.low(st) == "the" {
        st += 1;
    }
    let name = ctx.text(st..e).replace('’', "'");
    let country = ents.list[owner].country.clone();
    Some(ents.add(EntityType::ORG, name, country, st..e))
}

/// Unnamed sources: "a senior US defense official", "the official",
/// "Kremlin spokesman" without a name. With `create`, they become an
/// entity named by the description without its article and hedges ("US
/// defense official"); a later "the official" is the same source. Without,
/// the source is the country or organization the description names.
fn generic_speaker(
    ctx: &Ctx,
    ents: &mut Entities,
    p: usize,
    create: bool,
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
    let mut owner = None;
    while k < ctx.len() && k < start + 6 {
        let w = ctx.low(k);
        if HEADS.contains(&w) {
            break;
        }
        if let Some(m) = ents.mention_at(ctx, k) {
            let e = ents.of_ent[m];
            if ents.list[e].is_country() || ents.list[e].kind == EntityType::ORG {
                country = country.or(ents.list[e].country.clone());
                owner = owner.or(Some(e));
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
        // reported speech only names the source's country or organization
        // ("US officials say" → the US) rather than a new entity
        None if !create => owner?,
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
                if let Some((sp, t, e)) = speaker_at(ctx, ents, st, false) {
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
