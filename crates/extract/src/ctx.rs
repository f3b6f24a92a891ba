//! The shared view of one document that every extraction step reads:
//! token texts, lowercase forms, which entity mention covers each token,
//! where titles are, and which tokens sit inside quotation marks.

use chronicle_lexicon::{Lexicon, TitleClass};
use chronicle_text::{Doc, Label, Span, TokenKind};
use chrono::NaiveDate;

/// A title phrase found in the text ("defense minister", "Secretary General").
#[derive(Debug, Clone)]
pub struct TitleSpan {
    pub start: usize,
    pub end: usize,
    /// Canonical lexicon form (lowercase, American spelling).
    pub canonical: String,
    pub class: TitleClass,
    /// Written in the plural ("ministers").
    pub plural: bool,
}

pub struct Ctx<'a> {
    pub doc: &'a Doc,
    pub lex: &'static Lexicon,
    pub published: Option<NaiveDate>,
    pub outlet_country: Option<String>,
    /// Lowercase token texts with curly apostrophes straightened.
    pub low: Vec<String>,
    /// The `doc.ents` index covering each token.
    pub ent_at: Vec<Option<usize>>,
    /// The title starting at each token.
    pub title_at: Vec<Option<TitleSpan>>,
    /// The title covering each token (start index).
    pub in_title: Vec<Option<usize>>,
    /// Tokens inside quotation marks (the marks included).
    pub in_quote: Vec<bool>,
    /// Tokens of short quotations ("significant", “move quickly”): scare
    /// quotes inside a sentence, not speech that ends a clause.
    pub short_quote: Vec<bool>,
    /// The paragraph (line) each token is in.
    pub para: Vec<usize>,
    /// The dependency parse, when the pipeline ran the parser.
    pub syn: crate::syntax::Syntax,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Doc, published: Option<NaiveDate>, outlet_country: Option<String>) -> Self {
        let lex = Lexicon::get();
        let n = doc.tokens.len();
        let low: Vec<String> = (0..n)
            .map(|i| doc.token_text(i).to_lowercase().replace(['’', '‘'], "'"))
            .collect();
        let mut ent_at = vec![None; n];
        for (k, e) in doc.ents.iter().enumerate() {
            for t in e.tokens.clone() {
                ent_at[t] = Some(k);
            }
        }
        let mut ctx = Ctx {
            doc,
            lex,
            published,
            outlet_country,
            low,
            ent_at,
            title_at: vec![None; n],
            in_title: vec![None; n],
            in_quote: vec![false; n],
            short_quote: vec![false; n],
            para: paragraphs(doc),
            syn: crate::syntax::Syntax::new(doc),
        };
        ctx.find_titles();
        ctx.find_quoted();
        ctx
    }

    pub fn len(&self) -> usize {
        self.doc.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.doc.tokens.is_empty()
    }

    /// The text of token `i`; empty past the end, so look-aheads need no
    /// bounds checks.
    pub fn tok(&self, i: usize) -> &str {
        match self.doc.tokens.get(i) {
            Some(t) => self.doc.slice(t.span),
            None => "",
        }
    }

    pub fn low(&self, i: usize) -> &str {
        self.low.get(i).map(String::as_str).unwrap_or("")
    }

    /// The kind of token `i`; punctuation past the end.
    pub fn kind(&self, i: usize) -> TokenKind {
        self.doc.tokens.get(i).map_or(TokenKind::Punct, |t| t.kind)
    }

    pub fn span(&self, r: std::ops::Range<usize>) -> Span {
        self.doc.token_range_span(r)
    }

    pub fn text(&self, r: std::ops::Range<usize>) -> &str {
        self.doc.slice(self.span(r))
    }

    /// The sentence index of token `t`.
    pub fn sent(&self, t: usize) -> usize {
        self.doc.sentence_of_token(t)
    }

    /// Token range of the sentence holding token `t`.
    pub fn sent_range(&self, t: usize) -> std::ops::Range<usize> {
        self.doc.sentences[self.sent(t)].clone()
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        i < self.len() && (self.low(i) == "'s" || self.low(i) == "'")
    }

    fn find_titles(&mut self) {
        let n = self.len();
        let mut i = 0;
        // Which tokens can be part of a title at all ("ministers" counts
        // through its singular).
        let titleish: Vec<bool> = (0..n)
            .map(|k| {
                let w = self.low[k].as_str();
                self.kind(k) == TokenKind::Word
                    && (self.lex.is_title_word(w)
                        || w.strip_suffix("ies")
                            .is_some_and(|s| self.lex.is_title_word(&format!("{s}y")))
                        || w.strip_suffix('s')
                            .is_some_and(|s| self.lex.is_title_word(s)))
            })
            .collect();
        while i < n {
            let mut found = None;
            let max = (i..n.min(i + 5)).take_while(|&k| titleish[k]).count();
            for len in (1..=max).rev() {
                if (i..i + len).any(|k| self.kind(k) != TokenKind::Word)
                    || matches!(
                        self.low[i].as_str(),
                        "the" | "a" | "an" | "his" | "her" | "its" | "their"
                    )
                {
                    continue;
                }
                let words: Vec<&str> = (i..i + len).map(|k| self.low[k].as_str()).collect();
                let phrase = words.join(" ");
                if let Some(hit) = self.lex.title(&phrase) {
                    found = Some((len, hit.title.to_string(), hit.class, false));
                    break;
                }
                // Plural titles: "ministers", "secretaries".
                let last = words[len - 1];
                let singular = if let Some(s) = last.strip_suffix("ies") {
                    format!("{s}y")
                } else if let Some(s) = last.strip_suffix('s') {
                    s.to_string()
                } else {
                    continue;
                };
                let mut w2: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                w2[len - 1] = singular;
                if let Some(hit) = self.lex.title(&w2.join(" ")) {
                    found = Some((len, hit.title.to_string(), hit.class, true));
                    break;
                }
            }
            if let Some((len, canonical, class, plural)) = found {
                // Generic words make titles only in title position.
                if !self.is_spurious_title(i, len, &canonical) {
                    self.title_at[i] = Some(TitleSpan {
                        start: i,
                        end: i + len,
                        canonical,
                        class,
                        plural,
                    });
                    for k in i..i + len {
                        self.in_title[k] = Some(i);
                    }
                    i += len;
                    continue;
                }
            }
            i += 1;
        }
    }

    fn is_spurious_title(&self, i: usize, len: usize, canonical: &str) -> bool {
        // "general" as an adjective ("the general public"), "head" as a verb.
        if len == 1
            && matches!(
                canonical,
                "general" | "head" | "chair" | "speaker" | "leader" | "commander" | "major"
            )
        {
            let next = self.low(i + 1);
            let next_is_word = i + 1 < self.len() && self.kind(i + 1) == TokenKind::Word;
            let cap = self.tok(i).chars().next().is_some_and(char::is_uppercase);
            let next_cap = i + 1 < self.len()
                && self
                    .tok(i + 1)
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            let next_is_cue = matches!(
                next,
                "said"
                    | "says"
                    | "added"
                    | "told"
                    | "stated"
                    | "noted"
                    | "stressed"
                    | "warned"
                    | "explained"
                    | "who"
                    | "has"
                    | "had"
                    | "was"
                    | "is"
                    | "also"
            );
            // "the Belarusian leader", "Russia's leader": a title owned by
            // a country is one wherever it stands
            let owned = i > 0
                && (self.is_possessive(i - 1)
                    || self.ent_at[i - 1].is_some_and(|m| {
                        matches!(self.doc.ents[m].label, Label::Norp | Label::Gpe)
                    }));
            let named_after = cap && self.ent_at.get(i + 1).copied().flatten().is_some();
            if next_is_word && !next_cap && next != "of" && !next_is_cue && !owned && !named_after {
                return true;
            }
        }
        false
    }

    fn find_quoted(&mut self) {
        for (open, close) in quote_pairs(self) {
            let short = close - open <= 4;
            for k in open..=close {
                self.in_quote[k] = true;
                self.short_quote[k] = short;
            }
        }
    }
}

/// Pairs of quotation-mark token indices (opening, closing), within a
/// paragraph: curly quotes pair by direction, straight quotes alternate.
pub fn quote_pairs(ctx: &Ctx) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    let text = ctx.doc.text();
    let mut last_end = 0;
    for i in 0..ctx.len() {
        let sp = ctx.doc.tokens[i].span;
        if text[last_end..sp.start].contains('\n') {
            open = None; // quotes never cross paragraphs
        }
        last_end = sp.end;
        match ctx.tok(i) {
            "“" | "``" => open = Some(i),
            "”" | "''" => {
                if let Some(o) = open.take() {
                    pairs.push((o, i));
                }
            }
            "\"" => match open.take() {
                Some(o) => pairs.push((o, i)),
                None => open = Some(i),
            },
            _ => {}
        }
    }
    pairs
}

/// The line number of each token, in one pass over the text.
fn paragraphs(doc: &Doc) -> Vec<usize> {
    let bytes = doc.text().as_bytes();
    let mut out = Vec::with_capacity(doc.tokens.len());
    let (mut line, mut pos) = (0, 0);
    for t in &doc.tokens {
        line += bytes[pos..t.span.start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        pos = t.span.start;
        out.push(line);
    }
    out
}
