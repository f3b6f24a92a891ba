//! Direct quotes and their speakers against PolNeAR attributions.
//!
//! PolNeAR (`../shared/data/polnear/{train,dev}`) annotates every
//! attribution in 2016 US election news as a Source, a Cue and a Content
//! span (brat standoff, `.ann`, one file per annotator). It has no notion of
//! a "direct quote", so this module derives one, and scores the extractor's
//! `quotes` against it. Texts are read from `text/<name>.txt`, annotations
//! from `attributions/<name>_<annotator>.ann`; when a text has several
//! annotators, the first annotation file in name order is used.
//!
//! # Offsets
//!
//! PolNeAR offsets count Unicode characters (Python `str` indices); they are
//! converted to UTF-8 byte offsets through the text, and every span's text
//! is checked against the annotation's third column (an error names the
//! `.ann` file and line when it differs). The extractor is run on the text
//! exactly as read: `Extractor::extract` builds its `Doc` without any
//! normalization (no BOM stripping, no CRLF folding), so its byte offsets
//! point into the same string.
//!
//! # Gold direct quotes
//!
//! Quotation marks are paired paragraph by paragraph (a paragraph is a line):
//! `“` or `"` opens, `”` or `"` closes, `«`/`»` likewise; a quote left open
//! at the end of a paragraph closes there (the multi-paragraph convention
//! reopens it in the next one). Single quotes are ignored (`’` is also the
//! apostrophe). A **quoted run** is the text between a pair of marks
//! intersected with one Content span of an attribution. A run of at least
//! [`MIN_WORDS`] words is a **gold direct quote**, with its attribution's
//! Source as gold speaker (none for `Attribution-no-source`). Shorter runs
//! (scare quotes and one- or two-word partial quotes, which the guidelines
//! do not ask for as quotes) are neither required nor penalized: a system
//! quote overlapping only such a run is ignored. This follows the
//! guidelines' unit, "one quote per contiguous quoted run".
//!
//! # Quote P/R/F1
//!
//! System direct quotes are `records.quotes` with `direct: true`. Gold and
//! system quotes are paired one-to-one, greedily by largest byte overlap; a
//! pair needs a non-empty overlap. Unpaired gold quotes are false negatives;
//! unpaired system quotes are false positives unless they overlap an
//! ignored short run. System quotes with `direct: false` that overlap a
//! missed gold quote are counted separately ("reported instead of direct").
//!
//! # Speaker accuracy
//!
//! Over paired quotes whose gold Source exists. The Source's **head** is
//! taken from its first span, cut before the first comma, parenthesis, dash
//! or relative pronoun ("Robby Mook, Clinton's campaign manager" → "Robby
//! Mook"), and before a prepositional post-modifier unless the word before
//! is a title it completes ("Mr. Morgan of the Sierra Club" → "Mr. Morgan";
//! "Secretary of State John Kerry" stays whole). The head is
//! - a **pronoun** when it is one word among he, she, they, it, we, I, you;
//! - a **name** when its last word is capitalized: the name is the run of
//!   capitalized words ending there, after the last possessive before it
//!   ("CNN's Jake Tapper" → "Jake Tapper"; a possessive "Trump's" → "Trump");
//! - otherwise a **description**, headed by its last word ("a source",
//!   "the campaign").
//!
//! The system's speaker is right when:
//! 1. it names an entity (`speaker`) and some mention of that entity
//!    overlaps the head (the name run, the head word, or the pronoun); or
//! 2. for a name or description, it names an entity one of whose forms
//!    (its `name` or a mention text; lowercased, possessives and "Jr."
//!    dropped) ends with the head's last word, and either that form is a
//!    suffix of the head's words ("FBI Director James Comey" ⊇ "James
//!    Comey") or the head's words other than titles, honorifics and
//!    determiners are all in the form ("President Obama" ⊆ "Barack
//!    Obama"); "Bill Clinton" does not match "Hillary Clinton"; or
//!    For a description, an entity holding a role whose title ends with
//!    the head word is also right ("the mayor" → Bill de Blasio, role
//!    "mayor"): descriptions are to be resolved, and PolNeAR does not say to
//!    whom;
//!    A description followed by a comma and a name ("Her campaign manager,
//!    Robby Mook") is also right for the entity mentioned in that name;
//! 3. for a description only, it gives no entity but a `speaker_text` whose
//!    occurrence nearest the quote overlaps the head, or which matches as
//!    in 2 ("a source said": the right output is no entity, text "a source");
//! 4. for a pronoun, PolNeAR gives no coreference, so a reader's resolution
//!    is approximated two ways, either of which counts as right: the
//!    entity matches (by 1 or 2) the nearest *named* Source of any
//!    attribution before the pronoun (the chain “...,” Trump said. “...,”
//!    he added); or the entity has a mention ending before the pronoun, in
//!    its sentence or one of the two sentences before, and of a compatible
//!    type (he/she/I/you: PERSON; it: ORG, GPE, NORP; they/we: PERSON, ORG,
//!    GPE, NORP). Gender is not checked, so this is lenient: the pronoun
//!    figure is an upper bound, and the accuracy is reported over all
//!    sources, over names and descriptions only, and over pronouns only.
//!
//! A speaker given only as `speaker_text` for a named or pronoun source is
//! wrong (the guidelines ask for the entity).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chronicle_records::{EntityType, Records};
use chronicle_text::Doc;
use serde_json::json;

use crate::score::{Prf, Ratio};

/// Shortest quoted run, in words, that counts as a direct quote.
pub const MIN_WORDS: usize = 3;

/// A byte span `[start, end)`.
pub type ByteSpan = (usize, usize);

/// One attribution of a `.ann` file, offsets in bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// The relation id (`E3`).
    pub id: String,
    pub source: Option<Vec<ByteSpan>>,
    pub content: Vec<ByteSpan>,
}

/// One PolNeAR article with the attributions of one annotator.
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    pub ann_path: PathBuf,
    pub attributions: Vec<Attribution>,
}

/// Character offset → byte offset table of a text (one entry per char,
/// plus the end).
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Parses a brat standoff file over `text`. Character offsets become byte
/// offsets; every malformed line or span whose text differs is an error
/// naming `name:line`.
pub fn parse_ann(text: &str, ann: &str, name: &str) -> Result<Vec<Attribution>> {
    let c2b = char_to_byte(text);
    let mut spans: BTreeMap<String, (String, Vec<ByteSpan>)> = BTreeMap::new();
    // (line, relation id, [(role, T id)])
    type Relation = (usize, String, Vec<(String, String)>);
    let mut relations: Vec<Relation> = Vec::new();
    // A span whose text crosses a line break wraps its annotation line:
    // a physical line that does not start with an annotation id continues
    // the one before.
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (i, line) in ann.lines().enumerate() {
        let is_start = line
            .split('\t')
            .next()
            .and_then(|id| id.chars().next())
            .is_some_and(|c| matches!(c, 'T' | 'E' | 'R' | 'A' | 'N' | 'M' | '#'))
            && line.contains('\t');
        match logical.last_mut() {
            Some((_, prev)) if !is_start => {
                prev.push('\n');
                prev.push_str(line);
            }
            _ => logical.push((i + 1, line.to_string())),
        }
    }
    for (ln, line) in &logical {
        let (ln, line) = (*ln, line.as_str());
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let id = cols[0];
        if id.starts_with('T') {
            if cols.len() < 3 {
                bail!("{name}:{ln}: a text-bound annotation needs three tab-separated columns");
            }
            let (kind, offs) = cols[1]
                .split_once(' ')
                .with_context(|| format!("{name}:{ln}: no offsets after the type"))?;
            let mut sp = Vec::new();
            for piece in offs.split(';') {
                let mut it = piece.split_whitespace().map(str::parse::<usize>);
                let (Some(Ok(a)), Some(Ok(b)), None) = (it.next(), it.next(), it.next()) else {
                    bail!("{name}:{ln}: bad offsets {piece:?}");
                };
                if a > b || b >= c2b.len() {
                    bail!(
                        "{name}:{ln}: span {a}..{b} outside the text ({} chars)",
                        c2b.len() - 1
                    );
                }
                sp.push((c2b[a], c2b[b]));
            }
            let got: Vec<&str> = sp.iter().map(|&(a, b)| &text[a..b]).collect();
            if got.join(" ") != cols[2] && got.concat() != cols[2] {
                bail!(
                    "{name}:{ln}: span text {:?} differs from the annotation {:?}",
                    got.join(" "),
                    cols[2]
                );
            }
            spans.insert(id.to_string(), (kind.to_string(), sp));
        } else if id.starts_with('E') {
            let (Some(args), true) = (cols.get(1), cols.len() >= 2) else {
                bail!("{name}:{ln}: an event line needs its arguments");
            };
            let mut roles = Vec::new();
            for a in args.split_whitespace() {
                let Some((role, t)) = a.split_once(':') else {
                    bail!("{name}:{ln}: bad argument {a:?}");
                };
                roles.push((role.to_string(), t.to_string()));
            }
            relations.push((ln, id.to_string(), roles));
        }
        // Notes (#), attributes (A) and relations (R) carry nothing used here.
    }
    let mut out = Vec::new();
    for (ln, id, roles) in relations {
        let get = |role: &str| -> Result<Option<Vec<ByteSpan>>> {
            match roles.iter().find(|(r, _)| r == role) {
                None => Ok(None),
                Some((_, t)) => match spans.get(t) {
                    Some((_, sp)) => Ok(Some(sp.clone())),
                    None => bail!("{name}:{ln}: {id} refers to unknown {t}"),
                },
            }
        };
        let Some(content) = get("Content")? else {
            continue; // an attribution without content quotes nothing
        };
        let source = get("Source")?;
        out.push(Attribution {
            id: id.clone(),
            source,
            content,
        });
    }
    Ok(out)
}

/// The article names of a PolNeAR folder with their first annotation file.
fn article_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let adir = dir.join("attributions");
    let rd = std::fs::read_dir(&adir)
        .with_context(|| format!("{}: cannot read the attributions folder", adir.display()))?;
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    files.sort();
    let mut out: Vec<(String, PathBuf)> = Vec::new();
    for p in files {
        let stem = p.file_stem().unwrap_or_default().to_string_lossy();
        let name = match stem.rsplit_once('_') {
            Some((base, _annotator)) => base.to_string(),
            None => stem.to_string(),
        };
        if out.last().is_some_and(|(n, _)| *n == name) {
            continue;
        }
        out.push((name, p));
    }
    Ok(out)
}

/// Loads every article of a PolNeAR folder (`text/`, `attributions/`).
pub fn load_dir(dir: &Path) -> Result<Vec<Article>> {
    if !dir.is_dir() {
        bail!("{}: no such PolNeAR folder", dir.display());
    }
    let mut out = Vec::new();
    for (name, ann_path) in article_files(dir)? {
        let tpath = dir.join("text").join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&tpath)
            .with_context(|| format!("{}: cannot read the article text", tpath.display()))?;
        let ann = std::fs::read_to_string(&ann_path)
            .with_context(|| format!("{}: cannot read", ann_path.display()))?;
        let attributions = parse_ann(&text, &ann, &ann_path.display().to_string())?;
        out.push(Article {
            name,
            text,
            ann_path,
            attributions,
        });
    }
    if out.is_empty() {
        bail!("{}: no .ann files under attributions/", dir.display());
    }
    Ok(out)
}

/// The byte spans between paired quotation marks (marks excluded).
pub fn quoted_regions(text: &str) -> Vec<ByteSpan> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut open: Option<usize> = None;
        for (i, ch) in line.char_indices() {
            let p = line_start + i;
            match (open, ch) {
                (None, '“' | '"' | '«') => open = Some(p + ch.len_utf8()),
                (Some(_), '“' | '«') => open = Some(p + ch.len_utf8()),
                (Some(o), '”' | '"' | '»') => {
                    out.push((o, p));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            let end = line_start + line.trim_end_matches(['\n', '\r']).len();
            if end > o {
                out.push((o, end));
            }
        }
        line_start += line.len();
    }
    out
}

fn word_count(s: &str) -> usize {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count()
}

/// A gold direct quote.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldQuote {
    pub start: usize,
    pub end: usize,
    /// The attribution it comes from.
    pub attribution: String,
    pub source: Option<Vec<ByteSpan>>,
}

/// Gold direct quotes of an article, and the ignored short quoted runs.
pub fn gold_quotes(text: &str, atts: &[Attribution]) -> (Vec<GoldQuote>, Vec<ByteSpan>) {
    let regions = quoted_regions(text);
    let mut gold = Vec::new();
    let mut short = Vec::new();
    for a in atts {
        for &(cs, ce) in &a.content {
            for &(rs, re) in &regions {
                let (s, e) = (cs.max(rs), ce.min(re));
                if s >= e {
                    continue;
                }
                let run = &text[s..e];
                let lead = run.len() - run.trim_start().len();
                let (s, e) = (s + lead, s + lead + run.trim().len());
                if s >= e {
                    continue;
                }
                if word_count(&text[s..e]) >= MIN_WORDS {
                    gold.push(GoldQuote {
                        start: s,
                        end: e,
                        attribution: a.id.clone(),
                        source: a.source.clone(),
                    });
                } else {
                    short.push((s, e));
                }
            }
        }
    }
    gold.sort_by_key(|g| (g.start, g.end));
    (gold, short)
}

/// What the head of a gold Source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadKind {
    Name,
    Description,
    Pronoun,
}

impl HeadKind {
    pub fn as_str(self) -> &'static str {
        match self {
            HeadKind::Name => "name",
            HeadKind::Description => "description",
            HeadKind::Pronoun => "pronoun",
        }
    }
}

/// The head of a gold Source: its kind, byte span and words (lowercased).
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    pub kind: HeadKind,
    pub span: ByteSpan,
    /// All words of the name run (for a name), the head word otherwise.
    pub words: Vec<String>,
    /// The name run's words without titles, honorifics and determiners.
    pub core: Vec<String>,
    /// For a description followed by a comma and a name ("Her campaign
    /// manager, Robby Mook"), the span of that name: the appositive names
    /// the person the description describes.
    pub apposition: Option<ByteSpan>,
}

const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "the", "a",
    "an", "his", "her", "their", "former", "then", "jr", "sr", "ii", "iii", "rev", "prof", "st",
];

/// Lowercase word key: trims punctuation, drops a possessive ending.
fn key(w: &str) -> String {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    let w = w
        .strip_suffix("’s")
        .or_else(|| w.strip_suffix("'s"))
        .unwrap_or(w);
    w.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

fn is_possessive(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.', ';', ':']);
    w.ends_with("’s") || w.ends_with("'s") || w.ends_with('’') || w.ends_with('\'')
}

fn is_title_or_honorific(k: &str) -> bool {
    HONORIFICS.contains(&k) || chronicle_lexicon::Lexicon::get().is_title_word(k)
}

/// Words of `s` with their byte spans (relative to `base`).
fn words_with_spans(s: &str, base: usize) -> Vec<(ByteSpan, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(((base + st, base + i), &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(((base + st, base + s.len()), &s[st..]));
    }
    out
}

/// The head of a Source span (see the module doc), `None` when it has no word.
pub fn source_head(text: &str, source: &[ByteSpan]) -> Option<Head> {
    let &(s, e) = source.first()?;
    let src = &text[s..e];
    let mut cut = src.len();
    for pat in [
        ",", " (", " —", " –", " - ", " who ", " which ", " whose ", " that ",
    ] {
        if let Some(i) = src.find(pat) {
            cut = cut.min(i);
        }
    }
    // A prepositional post-modifier ends the head ("Mr. Morgan of the
    // Sierra Club", "a spokesman for Clinton"), unless the word before is a
    // title it completes ("Secretary of State John Kerry").
    for prep in [" of ", " for ", " at ", " from ", " with ", " in "] {
        let mut from = 0;
        while let Some(i) = src[from..cut].find(prep) {
            let i = from + i;
            let before = src[..i].split_whitespace().last().unwrap_or("");
            let completes_title = before.chars().next().is_some_and(char::is_uppercase)
                && is_title_or_honorific(&key(before));
            if !completes_title {
                cut = i;
                break;
            }
            from = i + prep.len();
        }
    }
    let seg = &src[..cut];
    let words: Vec<(ByteSpan, &str)> = words_with_spans(seg, s)
        .into_iter()
        .filter(|(_, w)| !key(w).is_empty())
        .collect();
    let (last_span, last) = *words.last()?;
    let lk = key(last);
    if words.len() == 1 && PRONOUNS.contains(&lk.as_str()) {
        return Some(Head {
            kind: HeadKind::Pronoun,
            span: last_span,
            words: vec![lk],
            core: Vec::new(),
            apposition: None,
        });
    }
    let capitalized = |w: &str| {
        w.trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    if !capitalized(last) {
        // "Her campaign manager, Robby Mook": the capitalized run right
        // after the comma, ending the span or followed by punctuation.
        let apposition = src[cut..].strip_prefix(',').and_then(|rest| {
            let at = s + cut + 1;
            let ws = words_with_spans(rest, at);
            let n = ws.iter().take_while(|(_, w)| capitalized(w)).count();
            if n == 0 {
                return None;
            }
            let ends = n == ws.len() || n >= 2 || ws[n - 1].1.ends_with([',', ')', ';']);
            ends.then(|| (ws[0].0 .0, ws[n - 1].0 .1))
        });
        return Some(Head {
            kind: HeadKind::Description,
            span: last_span,
            words: vec![lk],
            core: Vec::new(),
            apposition,
        });
    }
    let mut first = words.len() - 1;
    while first > 0 && capitalized(words[first - 1].1) && !is_possessive(words[first - 1].1) {
        first -= 1;
    }
    let run = &words[first..];
    let all: Vec<String> = run.iter().map(|(_, w)| key(w)).collect();
    let core: Vec<String> = all
        .iter()
        .filter(|k| !is_title_or_honorific(k))
        .cloned()
        .collect();
    Some(Head {
        kind: HeadKind::Name,
        span: (run[0].0 .0, last_span.1),
        words: all,
        core,
        apposition: None,
    })
}

/// Lowercased word keys of a name or mention, without honorifics/suffixes
/// at the end ("Joseph R. Biden, Jr." → joseph r biden).
fn form_words(s: &str) -> Vec<String> {
    let mut v: Vec<String> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(key)
        .filter(|k| !k.is_empty())
        .collect();
    while v
        .last()
        .is_some_and(|k| matches!(k.as_str(), "jr" | "sr" | "ii" | "iii"))
    {
        v.pop();
    }
    if v.first()
        .is_some_and(|k| matches!(k.as_str(), "the" | "a" | "an"))
    {
        v.remove(0);
    }
    v
}

/// Rule 2 of the module doc: does a form (entity name, mention, speaker
/// text) name the head?
fn form_matches(head: &Head, form: &str) -> bool {
    let f = form_words(form);
    let (Some(fl), Some(hl)) = (f.last(), head.words.last()) else {
        return false;
    };
    if fl != hl {
        return false;
    }
    match head.kind {
        HeadKind::Name => {
            let suffix =
                f.len() <= head.words.len() && head.words[head.words.len() - f.len()..] == f[..];
            suffix || (!head.core.is_empty() && head.core.iter().all(|w| f.contains(w)))
        }
        HeadKind::Description => true,
        HeadKind::Pronoun => false,
    }
}

fn overlaps(a: ByteSpan, b: ByteSpan) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn pronoun_type_ok(pronoun: &str, t: EntityType) -> bool {
    use EntityType::*;
    match pronoun {
        "he" | "she" | "i" | "you" => t == PERSON,
        "it" => matches!(t, ORG | GPE | NORP),
        _ => matches!(t, PERSON | ORG | GPE | NORP),
    }
}

/// Verdict on one paired quote's speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Right,
    /// Wrong, with the error category.
    Wrong(&'static str),
}

/// Sentence start offsets of a text (for the pronoun window).
pub struct Sentences(Vec<usize>);

impl Sentences {
    pub fn new(text: &str) -> Self {
        let doc = Doc::new(text);
        Sentences(
            (0..doc.sentences.len())
                .map(|i| doc.sentence_span(i).start)
                .collect(),
        )
    }

    fn index(&self, byte: usize) -> usize {
        self.0.partition_point(|&s| s <= byte).saturating_sub(1)
    }

    fn start(&self, i: usize) -> usize {
        self.0.get(i).copied().unwrap_or(0)
    }
}

/// Judges the speaker of system quote `q` for a gold Source head;
/// `antecedent` is, for a pronoun, the nearest named gold Source before it.
pub fn judge(
    text: &str,
    sentences: &Sentences,
    head: &Head,
    antecedent: Option<&Head>,
    q: &chronicle_records::Quote,
    rec: &Records,
) -> Verdict {
    let ent = q.speaker.as_deref().and_then(|id| rec.entity(id));
    let Some(ent) = ent else {
        if head.kind != HeadKind::Description {
            return Verdict::Wrong(match (head.kind, &q.speaker_text) {
                (HeadKind::Pronoun, _) => "pronoun source: no speaker entity",
                (_, Some(_)) => "named source: speaker text but no entity",
                _ => "named source: no speaker",
            });
        }
        let Some(st) = q.speaker_text.as_deref().filter(|s| !s.is_empty()) else {
            return Verdict::Wrong("description source: no speaker");
        };
        if form_matches(head, st) {
            return Verdict::Right;
        }
        let dist = |p: usize| {
            let e = p + st.len();
            if e <= q.start {
                q.start - e
            } else {
                p.saturating_sub(q.end)
            }
        };
        let nearest = text
            .match_indices(st)
            .map(|(p, _)| p)
            .min_by_key(|&p| dist(p));
        return match nearest {
            Some(p) if overlaps((p, p + st.len()), head.span) => Verdict::Right,
            _ => Verdict::Wrong("description source: other speaker text"),
        };
    };
    if ent.mentions.iter().any(|m| {
        overlaps((m.start, m.end), head.span)
            || head
                .apposition
                .is_some_and(|a| overlaps((m.start, m.end), a))
    }) {
        return Verdict::Right;
    }
    match head.kind {
        HeadKind::Name | HeadKind::Description => {
            let forms = std::iter::once(ent.name.as_str())
                .chain(ent.mentions.iter().map(|m| m.text.as_str()));
            let mut forms = forms;
            let holds_title = head.kind == HeadKind::Description
                && ent.roles.iter().any(|r| {
                    r.title
                        .split_whitespace()
                        .last()
                        .is_some_and(|w| key(w) == head.words[0])
                });
            if holds_title || forms.any(|f| form_matches(head, f)) {
                Verdict::Right
            } else if head.kind == HeadKind::Name {
                Verdict::Wrong("named source: wrong entity")
            } else {
                Verdict::Wrong("description source: wrong entity")
            }
        }
        HeadKind::Pronoun => {
            let chain = antecedent.is_some_and(|a| {
                ent.mentions
                    .iter()
                    .any(|m| overlaps((m.start, m.end), a.span))
                    || std::iter::once(ent.name.as_str())
                        .chain(ent.mentions.iter().map(|m| m.text.as_str()))
                        .any(|f| form_matches(a, f))
            });
            if chain {
                return Verdict::Right;
            }
            if !pronoun_type_ok(&head.words[0], ent.kind) {
                return Verdict::Wrong("pronoun source: entity of incompatible type");
            }
            let s = sentences.index(head.span.0);
            let from = sentences.start(s.saturating_sub(2));
            if ent
                .mentions
                .iter()
                .any(|m| m.start >= from && m.end <= head.span.0)
            {
                Verdict::Right
            } else {
                Verdict::Wrong("pronoun source: entity not mentioned in the 3 sentences before")
            }
        }
    }
}

/// One listed error.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    pub article: String,
    pub category: String,
    pub detail: String,
}

/// The figures of a PolNeAR run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub articles: usize,
    pub quotes: Prf,
    /// Short quoted runs left out of the gold.
    pub ignored_short_runs: usize,
    /// System quotes ignored because they overlap only a short run.
    pub ignored_system: usize,
    /// Missed gold quotes that a `direct: false` system quote overlaps.
    pub reported_instead: usize,
    /// Paired quotes whose attribution has no Source.
    pub no_gold_source: usize,
    pub speaker: Ratio,
    pub speaker_name: Ratio,
    pub speaker_description: Ratio,
    pub speaker_pronoun: Ratio,
    pub errors: Vec<ErrorItem>,
}

impl Report {
    /// Speaker accuracy over names and descriptions (no pronouns).
    pub fn speaker_non_pronoun(&self) -> Ratio {
        Ratio {
            hits: self.speaker_name.hits + self.speaker_description.hits,
            total: self.speaker_name.total + self.speaker_description.total,
        }
    }

    /// Error counts by category, most frequent first.
    pub fn error_categories(&self) -> Vec<(String, usize)> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &self.errors {
            *m.entry(e.category.as_str()).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Every listed error, one per line.
    pub fn error_listing(&self) -> String {
        let mut s = String::new();
        for e in &self.errors {
            s.push_str(&format!("{}\t{}\t{}\n", e.category, e.article, e.detail));
        }
        s
    }

    pub fn to_json_line(&self) -> String {
        let r = |x: f64| (x * 10000.0).round() / 10000.0;
        let np = self.speaker_non_pronoun();
        json!({
            "eval": "polnear",
            "articles": self.articles,
            "gold_quotes": self.quotes.tp + self.quotes.fn_,
            "system_quotes": self.quotes.tp + self.quotes.fp,
            "quote_p": r(self.quotes.precision()),
            "quote_r": r(self.quotes.recall()),
            "quote_f1": r(self.quotes.f1()),
            "speaker_acc": r(self.speaker.value_or_zero()),
            "speaker_n": self.speaker.total,
            "speaker_acc_non_pronoun": r(np.value_or_zero()),
            "speaker_n_non_pronoun": np.total,
            "speaker_acc_name": r(self.speaker_name.value_or_zero()),
            "speaker_acc_description": r(self.speaker_description.value_or_zero()),
            "speaker_acc_pronoun": r(self.speaker_pronoun.value_or_zero()),
            "speaker_n_pronoun": self.speaker_pronoun.total,
            "reported_instead_of_direct": self.reported_instead,
        })
        .to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = &self.quotes;
        writeln!(f, "PolNeAR direct quotes ({} articles)", self.articles)?;
        writeln!(
            f,
            "  quotes     P {:.3}  R {:.3}  F1 {:.3}   (tp {}, fp {}, fn {}; {} short runs ignored, {} system quotes on them)",
            q.precision(),
            q.recall(),
            q.f1(),
            q.tp,
            q.fp,
            q.fn_,
            self.ignored_short_runs,
            self.ignored_system
        )?;
        writeln!(
            f,
            "  missed gold quotes given as reported speech: {}",
            self.reported_instead
        )?;
        let line = |f: &mut fmt::Formatter<'_>, name: &str, a: Ratio| {
            writeln!(
                f,
                "  speaker {:<14} {:.3}  ({}/{})",
                name,
                a.value_or_zero(),
                a.hits,
                a.total
            )
        };
        line(f, "all", self.speaker)?;
        line(f, "non-pronoun", self.speaker_non_pronoun())?;
        line(f, "name", self.speaker_name)?;
        line(f, "description", self.speaker_description)?;
        line(f, "pronoun", self.speaker_pronoun)?;
        writeln!(
            f,
            "  paired quotes without a gold source: {}",
            self.no_gold_source
        )?;
        let cats = self.error_categories();
        if !cats.is_empty() {
            writeln!(f, "  errors by category:")?;
            for (c, n) in cats {
                writeln!(f, "    {n:>5}  {c}")?;
            }
        }
        Ok(())
    }
}

fn snippet(text: &str, s: usize, e: usize, max: usize) -> String {
    let t = text[s..e].replace('\n', " ");
    if t.chars().count() <= max {
        t
    } else {
        let cut: String = t.chars().take(max).collect();
        format!("{cut}…")
    }
}

/// Scores one article's records against its gold, adding to `rep`.
pub fn score_article(art: &Article, rec: &Records, rep: &mut Report) {
    let text = &art.text;
    let (gold, short) = gold_quotes(text, &art.attributions);
    rep.articles += 1;
    rep.ignored_short_runs += short.len();
    let sys: Vec<&chronicle_records::Quote> = rec.quotes.iter().filter(|q| q.direct).collect();
    // Greedy one-to-one pairing by largest overlap.
    let mut cands: Vec<(usize, usize, usize)> = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (si, q) in sys.iter().enumerate() {
            let ov = g.end.min(q.end).saturating_sub(g.start.max(q.start));
            if ov > 0 {
                cands.push((ov, gi, si));
            }
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut g_of_s = vec![None; sys.len()];
    let mut s_of_g = vec![None; gold.len()];
    for (_, gi, si) in cands {
        if s_of_g[gi].is_none() && g_of_s[si].is_none() {
            s_of_g[gi] = Some(si);
            g_of_s[si] = Some(gi);
        }
    }
    let sentences = Sentences::new(text);
    // Named Sources of every attribution: antecedents for pronoun sources.
    let named_sources: Vec<Head> = art
        .attributions
        .iter()
        .filter_map(|a| a.source.as_deref().and_then(|s| source_head(text, s)))
        .filter(|h| h.kind == HeadKind::Name)
        .collect();
    let err = |rep: &mut Report, cat: &str, detail: String| {
        rep.errors.push(ErrorItem {
            article: art.name.clone(),
            category: cat.to_string(),
            detail,
        });
    };
    for (gi, g) in gold.iter().enumerate() {
        let Some(si) = s_of_g[gi] else {
            rep.quotes.fn_ += 1;
            let reported = rec
                .quotes
                .iter()
                .any(|q| !q.direct && overlaps((q.start, q.end), (g.start, g.end)));
            if reported {
                rep.reported_instead += 1;
            }
            err(
                rep,
                if reported {
                    "quote missed: given as reported speech"
                } else {
                    "quote missed"
                },
                format!("@{} “{}”", g.start, snippet(text, g.start, g.end, 80)),
            );
            continue;
        };
        rep.quotes.tp += 1;
        let q = sys[si];
        let Some(head) = g.source.as_deref().and_then(|s| source_head(text, s)) else {
            rep.no_gold_source += 1;
            continue;
        };
        let antecedent = if head.kind == HeadKind::Pronoun {
            named_sources
                .iter()
                .filter(|h| h.span.1 <= head.span.0)
                .max_by_key(|h| h.span.1)
        } else {
            None
        };
        let v = judge(text, &sentences, &head, antecedent, q, rec);
        let right = v == Verdict::Right;
        rep.speaker.count(right);
        match head.kind {
            HeadKind::Name => rep.speaker_name.count(right),
            HeadKind::Description => rep.speaker_description.count(right),
            HeadKind::Pronoun => rep.speaker_pronoun.count(right),
        }
        if let Verdict::Wrong(cat) = v {
            let src = g.source.as_deref().unwrap_or(&[]);
            let src_text: Vec<&str> = src.iter().map(|&(a, b)| &text[a..b]).collect();
            let sys_name = q
                .speaker
                .as_deref()
                .and_then(|id| rec.entity(id))
                .map(|e| format!("{} ({})", e.name, e.kind.as_str()))
                .unwrap_or_else(|| "-".into());
            err(
                rep,
                cat,
                format!(
                    "@{} gold {:?} [{}] | system {} text {:?} | “{}”",
                    g.start,
                    src_text.join(" "),
                    head.kind.as_str(),
                    sys_name,
                    q.speaker_text.as_deref().unwrap_or("-"),
                    snippet(text, g.start, g.end, 60)
                ),
            );
        }
    }
    for (si, q) in sys.iter().enumerate() {
        if g_of_s[si].is_some() {
            continue;
        }
        if short.iter().any(|&r| overlaps(r, (q.start, q.end))) {
            rep.ignored_system += 1;
            continue;
        }
        rep.quotes.fp += 1;
        let in_content = art
            .attributions
            .iter()
            .any(|a| a.content.iter().any(|&c| overlaps(c, (q.start, q.end))));
        err(
            rep,
            if gold
                .iter()
                .any(|g| overlaps((g.start, g.end), (q.start, q.end)))
            {
                "spurious quote: gold quote already paired (split differently)"
            } else if in_content {
                "spurious quote: inside an attribution but not in quotation marks"
            } else {
                "spurious quote: outside any attribution"
            },
            format!("@{} “{}”", q.start, snippet(text, q.start, q.end, 80)),
        );
    }
}

/// Runs the extractor over every article of `dir` and scores it.
pub fn evaluate_dir(dir: &Path) -> Result<Report> {
    let arts = load_dir(dir)?;
    let ex = chronicle_extract::Extractor::new();
    let mut rep = Report::default();
    for art in &arts {
        let meta = chronicle_extract::Meta {
            id: Some(art.name.clone()),
            ..Default::default()
        };
        let rec = ex.extract(&art.text, &meta);
        score_article(art, &rec, &mut rep);
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_become_byte_offsets() {
        let text = "“Yes,” said Ms. Müller.";
        let ann = "T1\tSource 12 22\tMs. Müller\nT2\tContent 1 4\tYes\nE1\tAttribution:T3 Content:T2 Source:T1\nT3\tAttribution 7 11\tsaid\n";
        let a = parse_ann(text, ann, "x.ann").unwrap();
        assert_eq!(a.len(), 1);
        let (s, e) = a[0].source.as_ref().unwrap()[0];
        assert_eq!(&text[s..e], "Ms. Müller");
        assert_eq!(&text[a[0].content[0].0..a[0].content[0].1], "Yes");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let e = parse_ann("abc", "T1\tSource x y\tabc\n", "f.ann").unwrap_err();
        assert!(e.to_string().starts_with("f.ann:1:"), "{e}");
        let e = parse_ann("abc", "\nT1\tSource 0 2\tabc\n", "f.ann").unwrap_err();
        assert!(e.to_string().starts_with("f.ann:2:"), "{e}");
    }

    #[test]
    fn quoted_regions_pair_marks_per_paragraph() {
        let t = "He said “one two three,” and \"four five\".\n“Open para\n“next” x";
        let r: Vec<&str> = quoted_regions(t).iter().map(|&(a, b)| &t[a..b]).collect();
        assert_eq!(r, ["one two three,", "four five", "Open para", "next"]);
    }

    #[test]
    fn split_quotes_are_two_gold_runs_and_short_runs_are_ignored() {
        let t = "“We will win this,” Trump said. “They are losing.” He called it “rigged.”";
        let at = |s: &str| t.find(s).unwrap();
        let span = |s: &str| (at(s), at(s) + s.len());
        let atts = vec![
            Attribution {
                id: "E1".into(),
                source: Some(vec![span("Trump")]),
                content: vec![(0, at(" Trump")), (at("“They"), at(" He"))],
            },
            Attribution {
                id: "E2".into(),
                source: Some(vec![span("He")]),
                content: vec![(at("it “"), t.len())],
            },
        ];
        let (g, short) = gold_quotes(t, &atts);
        let runs: Vec<&str> = g.iter().map(|q| &t[q.start..q.end]).collect();
        assert_eq!(runs, ["We will win this,", "They are losing."]);
        assert_eq!(short.len(), 1);
    }

    #[test]
    fn heads_of_sources() {
        let h = |s: &str| source_head(s, &[(0, s.len())]).unwrap();
        let a = h("Robby Mook, Clinton’s campaign manager");
        assert_eq!(
            (a.kind, a.words.clone()),
            (HeadKind::Name, vec!["robby".to_string(), "mook".into()])
        );
        assert_eq!(
            h("Representative Charles B. Rangel of New York")
                .words
                .last()
                .unwrap(),
            "rangel"
        );
        assert_eq!(
            h("Secretary of State John Kerry").words.last().unwrap(),
            "kerry"
        );
        assert_eq!(h("the head of the FBI").kind, HeadKind::Description);
        let b = h("CNN’s Jake Tapper");
        assert_eq!(b.words, ["jake", "tapper"]);
        assert_eq!(h("a source").kind, HeadKind::Description);
        assert_eq!(h("Trump’s campaign").words, ["campaign"]);
        assert_eq!(h("he").kind, HeadKind::Pronoun);
        let c = h("FBI Director James Comey");
        assert!(form_matches(&c, "James Comey"));
        assert!(!form_matches(&c, "Comey Smith"));
        let d = h("President Obama");
        assert!(form_matches(&d, "Barack Obama"));
        let e = h("Hillary Clinton");
        assert!(!form_matches(&e, "Bill Clinton"));
        assert!(form_matches(&e, "Hillary Rodham Clinton"));
        assert!(form_matches(&h("Clinton"), "Bill Clinton"));
        assert!(form_matches(&h("Biden"), "Joseph R. Biden, Jr."));
    }
}
