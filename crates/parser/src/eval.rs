//! Scoring against UD CoNLL-U files, three ways:
//!
//! - (a) gold tokens and gold Penn tags: UAS and LAS over every word,
//!   punctuation included;
//! - (c) gold tokens, tags from the project's tagger;
//! - (b) raw text through the whole pipeline, CoNLL 2018 shared-task style:
//!   the `# text` of each document's sentences is joined (a newline before
//!   a paragraph, a space otherwise), tokenized and split by
//!   `chronicle_text::Doc::new`, tagged and parsed; system and gold words
//!   are aligned by their character offsets in the text with whitespace
//!   removed, and tokens, words, sentences, UPOS, UAS and LAS are F1 scores
//!   (a word's head is right when the system head is aligned to the gold
//!   head). A gold multiword token (`don't` = `do` + `n't`) counts as its
//!   words at the offsets their forms spell when they spell the surface
//!   form (as they do in English), else every word spans the whole token;
//!   conll18_ud_eval.py aligns such words by a longest common subsequence
//!   instead, which gives the same result whenever the forms spell the
//!   surface. "Tokens" are the surface tokens (a multiword token is one),
//!   "words" the syntactic words.
//!
//! LAS compares the universal part of the relation (`nmod:poss` counts as
//! `nmod`), as conll18_ud_eval.py does.

use std::fmt;
use std::path::PathBuf;

use anyhow::Result;
use chronicle_corpus::conllu::{self, Sentence};
use chronicle_tagger::Tagger;

use crate::Parser;

/// The universal part of a relation (`nmod:poss` → `nmod`).
pub fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Attachment counts with gold tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and universal relation.
    pub labeled: usize,
}

impl Counts {
    pub fn uas(&self) -> f64 {
        pct(self.heads, self.words)
    }
    pub fn las(&self) -> f64 {
        pct(self.labeled, self.words)
    }
}

fn pct(a: usize, b: usize) -> f64 {
    100.0 * a as f64 / b.max(1) as f64
}

/// Parses `sents` with gold tokens: gold tags, or `tagger`'s.
pub fn gold_tokens(parser: &Parser, sents: &[Sentence], tagger: Option<&Tagger>) -> Counts {
    let mut c = Counts::default();
    for s in sents {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let tags: Vec<&str> = match tagger {
            Some(t) => t.tag(&forms).into_iter().map(|t| t.xpos).collect(),
            None => s.words.iter().map(|w| w.xpos.as_str()).collect(),
        };
        for (a, w) in parser.parse(&forms, &tags).iter().zip(&s.words) {
            c.words += 1;
            if a.head == w.head {
                c.heads += 1;
                if universal(a.rel) == universal(&w.deprel) {
                    c.labeled += 1;
                }
            }
        }
    }
    c
}

/// Gold, system and correct counts: precision, recall, F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prf {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
}

impl Prf {
    pub fn f1(&self) -> f64 {
        if self.gold + self.system == 0 {
            return 100.0;
        }
        200.0 * self.correct as f64 / (self.gold + self.system) as f64
    }
    fn add(&mut self, o: &Prf) {
        self.gold += o.gold;
        self.system += o.system;
        self.correct += o.correct;
    }
}

/// Raw-text scores (CoNLL 2018 style).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RawScores {
    pub tokens: Prf,
    pub words: Prf,
    pub sentences: Prf,
    pub upos: Prf,
    pub uas: Prf,
    pub las: Prf,
}

impl RawScores {
    fn add(&mut self, o: &RawScores) {
        self.tokens.add(&o.tokens);
        self.words.add(&o.words);
        self.sentences.add(&o.sentences);
        self.upos.add(&o.upos);
        self.uas.add(&o.uas);
        self.las.add(&o.las);
    }
}

/// One word, gold or system, placed in the whitespace-free text.
#[derive(Clone, Debug)]
struct Placed {
    span: (usize, usize),
    upos: &'static str,
    /// Index of the head word in the same list; `None` for the root.
    head: Option<usize>,
    rel: String,
}

fn nows_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn intern_upos(u: &str) -> &'static str {
    chronicle_tagger::tags::upos(u).unwrap_or("X")
}

/// Scores one document from raw text.
fn raw_document(parser: &Parser, tagger: &Tagger, doc: &[Sentence]) -> RawScores {
    let mut r = RawScores::default();
    // Gold words, tokens and sentences in whitespace-free offsets.
    let mut gold: Vec<Placed> = Vec::new();
    let mut gold_tokens = Vec::new();
    let mut gold_sents = Vec::new();
    let mut text = String::new();
    let mut at = 0;
    for (i, s) in doc.iter().enumerate() {
        if i > 0 {
            text.push(if s.newpar { '\n' } else { ' ' });
        }
        text += &s.raw_text();
        let base = gold.len();
        let sent_start = at;
        for tok in s.surface_tokens() {
            let len = nows_len(tok.form);
            let ws = &s.words[tok.words.clone()];
            let spell: String = ws.iter().map(|w| w.form.as_str()).collect();
            let split = ws.len() > 1 && nows_len(&spell) == len && {
                let a: String = spell.chars().filter(|c| !c.is_whitespace()).collect();
                let b: String = tok.form.chars().filter(|c| !c.is_whitespace()).collect();
                a == b
            };
            let mut wat = at;
            for w in ws {
                let span = if split {
                    let l = nows_len(&w.form);
                    wat += l;
                    (wat - l, wat)
                } else {
                    (at, at + len)
                };
                gold.push(Placed {
                    span,
                    upos: intern_upos(&w.upos),
                    head: (w.head > 0).then(|| base + w.head - 1),
                    rel: universal(&w.deprel).to_string(),
                });
            }
            gold_tokens.push((at, at + len));
            at += len;
        }
        if at > sent_start {
            gold_sents.push((sent_start, at));
        }
    }
    // The system: the whole pipeline over the text.
    let d = chronicle_text::Doc::new(text);
    let mut nws = vec![0usize; d.text().len() + 1];
    let mut count = 0;
    let mut last = 0;
    for (b, c) in d.text().char_indices() {
        for v in &mut nws[last..=b] {
            *v = count;
        }
        last = b + 1;
        if !c.is_whitespace() {
            count += 1;
        }
    }
    for v in &mut nws[last..] {
        *v = count;
    }
    let mut sys: Vec<Placed> = Vec::new();
    let mut sys_sents = Vec::new();
    for range in &d.sentences {
        let words: Vec<&str> = range.clone().map(|i| d.token_text(i)).collect();
        if words.is_empty() {
            continue;
        }
        let tags = tagger.tag(&words);
        let xpos: Vec<&str> = tags.iter().map(|t| t.xpos).collect();
        let arcs = parser.parse(&words, &xpos);
        let base = sys.len();
        for ((i, t), a) in range.clone().zip(&tags).zip(&arcs) {
            let sp = d.tokens[i].span;
            sys.push(Placed {
                span: (nws[sp.start], nws[sp.end]),
                upos: t.upos,
                head: (a.head > 0).then(|| base + a.head - 1),
                rel: universal(a.rel).to_string(),
            });
        }
        sys_sents.push((sys[base].span.0, sys[sys.len() - 1].span.1));
    }
    let sys_tokens: Vec<(usize, usize)> = sys.iter().map(|w| w.span).collect();
    r.tokens = match_spans(&gold_tokens, &sys_tokens);
    r.sentences = match_spans(&gold_sents, &sys_sents);
    // Word alignment.
    let mut g2s = vec![None; gold.len()];
    let mut s2g = vec![None; sys.len()];
    let (mut i, mut j) = (0, 0);
    while i < gold.len() && j < sys.len() {
        let (a, b) = (gold[i].span, sys[j].span);
        if a == b {
            g2s[i] = Some(j);
            s2g[j] = Some(i);
            i += 1;
            j += 1;
        } else if a < b {
            i += 1;
        } else {
            j += 1;
        }
    }
    let base = Prf {
        gold: gold.len(),
        system: sys.len(),
        correct: 0,
    };
    r.words = base;
    r.upos = base;
    r.uas = base;
    r.las = base;
    for (gi, g) in gold.iter().enumerate() {
        let Some(si) = g2s[gi] else { continue };
        let s = &sys[si];
        r.words.correct += 1;
        r.upos.correct += usize::from(g.upos == s.upos);
        let head_ok = match (g.head, s.head) {
            (None, None) => true,
            (Some(gh), Some(sh)) => s2g[sh] == Some(gh),
            _ => false,
        };
        if head_ok {
            r.uas.correct += 1;
            r.las.correct += usize::from(g.rel == s.rel);
        }
    }
    r
}

/// Counts equal spans of two sorted lists.
fn match_spans(gold: &[(usize, usize)], sys: &[(usize, usize)]) -> Prf {
    let mut p = Prf {
        gold: gold.len(),
        system: sys.len(),
        correct: 0,
    };
    let (mut i, mut j) = (0, 0);
    while i < gold.len() && j < sys.len() {
        if gold[i] == sys[j] {
            p.correct += 1;
            i += 1;
            j += 1;
        } else if gold[i] < sys[j] {
            i += 1;
        } else {
            j += 1;
        }
    }
    p
}

/// Scores raw-text parsing over the documents of `sents`.
pub fn raw_text(parser: &Parser, tagger: &Tagger, sents: &[Sentence]) -> RawScores {
    let mut r = RawScores::default();
    for doc in conllu::documents(sents) {
        r.add(&raw_document(parser, tagger, doc));
    }
    r
}

/// The scores of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub name: String,
    /// (a) gold tokens and tags.
    pub gold_tags: Counts,
    /// (c) gold tokens, tagger's tags.
    pub tagger_tags: Counts,
    /// (b) raw text.
    pub raw: RawScores,
}

/// The scores of several files.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub files: Vec<FileReport>,
}

/// Evaluates `parser` (with `tagger` for (b) and (c)) on CoNLL-U `files`.
pub fn evaluate(parser: &Parser, tagger: &Tagger, files: &[PathBuf]) -> Result<Report> {
    let mut report = Report::default();
    for f in files {
        let sents = conllu::read_file(f)?;
        let name = f.file_name().map_or(String::new(), |n| {
            n.to_string_lossy().trim_end_matches(".conllu").to_string()
        });
        report.files.push(FileReport {
            name,
            gold_tags: gold_tokens(parser, &sents, None),
            tagger_tags: gold_tokens(parser, &sents, Some(tagger)),
            raw: raw_text(parser, tagger, &sents),
        });
    }
    Ok(report)
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Report {
    /// One JSON line with every figure.
    pub fn to_json(&self) -> String {
        let mut files = serde_json::Map::new();
        for f in &self.files {
            let r = &f.raw;
            files.insert(
                f.name.clone(),
                serde_json::json!({
                    "words": f.gold_tags.words,
                    "gold_tags": {"uas": r2(f.gold_tags.uas()), "las": r2(f.gold_tags.las())},
                    "tagger_tags": {"uas": r2(f.tagger_tags.uas()), "las": r2(f.tagger_tags.las())},
                    "raw_text": {
                        "tokens_f1": r2(r.tokens.f1()), "words_f1": r2(r.words.f1()),
                        "sentences_f1": r2(r.sentences.f1()), "upos_f1": r2(r.upos.f1()),
                        "uas_f1": r2(r.uas.f1()), "las_f1": r2(r.las.f1()),
                    },
                }),
            );
        }
        serde_json::json!({"task": "parse", "files": files}).to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<18} {:>7} | {:>6} {:>6} | {:>6} {:>6} | {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "file",
            "words",
            "UAS",
            "LAS",
            "UAS",
            "LAS",
            "Tok",
            "Word",
            "Sent",
            "UPOS",
            "UAS",
            "LAS"
        )?;
        writeln!(
            f,
            "{:<18} {:>7} | {:^13} | {:^13} | {:^41}",
            "", "", "gold tags", "tagger tags", "raw text (F1)"
        )?;
        for r in &self.files {
            let w = &r.raw;
            writeln!(
                f,
                "{:<18} {:>7} | {:>6.2} {:>6.2} | {:>6.2} {:>6.2} | {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2} {:>6.2}",
                r.name,
                r.gold_tags.words,
                r.gold_tags.uas(),
                r.gold_tags.las(),
                r.tagger_tags.uas(),
                r.tagger_tags.las(),
                w.tokens.f1(),
                w.words.f1(),
                w.sentences.f1(),
                w.upos.f1(),
                w.uas.f1(),
                w.las.f1()
            )?;
        }
        Ok(())
    }
}
