//! Reading the dependency parse (`Doc::deps`): who is the subject of a
//! predicate, which phrases depend on it and through which preposition.
//!
//! The parse answers the questions word windows guess at: in "Shapps, who
//! replaced Ben Wallace last month, traveled to Kyiv" the subject of
//! *traveled* is *Shapps*, not *Ben Wallace*. Subjects are inherited the
//! way English shares them: an infinitive or participle complement takes
//! its governor's subject ("is expected to visit"), a coordinated verb its
//! first conjunct's ("arrived in Kyiv and met Zelensky"), a relative clause
//! its antecedent ("leaders who travelled to"), and a noun its possessor or
//! the subject of its light verb ("his visit", "held talks with").
//!
//! When the document has no parse every question answers "don't know"
//! (`None`, empty lists) and the callers fall back on word patterns.

use chronicle_text::Doc;

use crate::ctx::Ctx;

/// Children lists of every token (empty without a parse).
pub struct Syntax {
    children: Vec<Vec<usize>>,
    parsed: bool,
}

/// Verbs that carry a noun predicate: "held talks", "paid a visit".
const LIGHT_VERBS: &[&str] = &[
    "hold",
    "deliver",
    "give",
    "have",
    "pay",
    "make",
    "conduct",
    "begin",
    "start",
    "end",
    "wrap",
    "open",
    "launch",
    "complete",
    "continue",
    "undertake",
    "take",
];

/// How deep subject inheritance goes (bounded: a parse may be odd).
const MAX_HOPS: usize = 4;

/// A dependent of a predicate, by the preposition that introduces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependent {
    /// The dependent's head token.
    pub token: usize,
    /// Its lowercase case marker ("with", "to", ...), or "" for a core
    /// argument (object, indirect object).
    pub prep: String,
    /// The UD relation (`obj`, `obl`, `nmod`, ...).
    pub rel: &'static str,
}

impl Syntax {
    pub fn new(doc: &Doc) -> Self {
        let n = doc.tokens.len();
        let parsed = doc.deps.len() == n && n > 0;
        let mut children = vec![Vec::new(); if parsed { n } else { 0 }];
        if parsed {
            for (i, d) in doc.deps.iter().enumerate() {
                if let Some(h) = d.head.filter(|&h| h < n && h != i) {
                    children[h].push(i);
                }
            }
        }
        Syntax { children, parsed }
    }

    /// Whether the document was parsed.
    pub fn parsed(&self) -> bool {
        self.parsed
    }

    fn rel(ctx: &Ctx, k: usize) -> &'static str {
        ctx.doc.deps.get(k).map_or("", |d| d.rel)
    }

    fn head(&self, ctx: &Ctx, k: usize) -> Option<usize> {
        if !self.parsed {
            return None;
        }
        ctx.doc.deps.get(k)?.head
    }

    fn lemma<'a>(ctx: &'a Ctx, k: usize) -> &'a str {
        ctx.doc
            .morph
            .get(k)
            .map_or(ctx.low(k), |m| m.lemma.as_str())
    }

    /// The head of `k` and the relation that ties `k` to it (`None` for a
    /// root or without a parse).
    pub fn governor(&self, ctx: &Ctx, k: usize) -> Option<(usize, &'static str)> {
        let h = self.head(ctx, k)?;
        Some((h, Self::rel(ctx, k)))
    }

    /// The topmost token of `r` in the parse: the one whose head lies
    /// outside it.
    pub fn top_of(&self, ctx: &Ctx, r: std::ops::Range<usize>) -> Option<usize> {
        if !self.parsed {
            return None;
        }
        r.clone()
            .find(|&k| self.head(ctx, k).is_none_or(|h| !r.contains(&h)))
    }

    /// Whether `a` is `b` or one of its ancestors in the parse (false
    /// without a parse).
    pub fn dominates(&self, ctx: &Ctx, a: usize, b: usize) -> bool {
        let mut k = b;
        for _ in 0..64 {
            if k == a {
                return true;
            }
            match self.head(ctx, k) {
                Some(h) => k = h,
                None => return false,
            }
        }
        false
    }

    /// Whether token `t` lies in a clause of its own, below a predicate
    /// that is not `trig` nor above it: up from `t` to the first ancestor
    /// of `trig`, a verb hangs on its head by a clausal relation ("if
    /// senators approve the bill on Tuesday", "who ... last year").
    pub fn in_other_clause(&self, ctx: &Ctx, t: usize, trig: usize) -> bool {
        let mut k = t;
        for _ in 0..64 {
            if self.dominates(ctx, k, trig) {
                return false;
            }
            let Some(h) = self.head(ctx, k) else {
                return false;
            };
            if Self::is_verb(ctx, k)
                && matches!(
                    Self::rel(ctx, k),
                    "advcl" | "acl:relcl" | "acl" | "ccomp" | "csubj" | "parataxis"
                )
            {
                return true;
            }
            k = h;
        }
        false
    }

    /// The children of `k` (empty without a parse).
    pub fn children(&self, k: usize) -> &[usize] {
        self.children.get(k).map_or(&[], |c| c.as_slice())
    }

    /// The case marker of a nominal dependent: its `case` child, lowercase
    /// ("with", "to", "of"; "" when it has none).
    pub fn case_of<'c>(&self, ctx: &'c Ctx, k: usize) -> &'c str {
        self.children(k)
            .iter()
            .find(|&&c| Self::rel(ctx, c) == "case")
            .map_or("", |&c| ctx.low(c))
    }

    /// `k` and the tokens coordinated with it ("Britain and France").
    pub fn conjuncts(&self, ctx: &Ctx, k: usize) -> Vec<usize> {
        let mut out = vec![k];
        let mut i = 0;
        while i < out.len() && out.len() < 32 {
            let t = out[i];
            for &c in self.children(t) {
                if Self::rel(ctx, c) == "conj" && !out.contains(&c) {
                    out.push(c);
                }
            }
            i += 1;
        }
        out
    }

    /// The members of a list headed by `k`: its conjuncts, and names the
    /// parser hung on a name as appositions ("stops in South Africa, the
    /// Democratic Republic of Congo, and Rwanda").
    pub fn list_members(&self, ctx: &Ctx, k: usize) -> Vec<usize> {
        let propn = |t: usize| ctx.doc.morph.get(t).is_some_and(|m| m.upos == "PROPN");
        let mut out = self.conjuncts(ctx, k);
        if !propn(k) {
            return out;
        }
        let mut i = 0;
        while i < out.len() && out.len() < 32 {
            let t = out[i];
            for &c in self.children(t) {
                if Self::rel(ctx, c) == "appos" && propn(c) && !out.contains(&c) {
                    for m in self.conjuncts(ctx, c) {
                        if !out.contains(&m) {
                            out.push(m);
                        }
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// Whether the predicate is passive ("was visited", "aid provided by").
    pub fn passive(&self, ctx: &Ctx, k: usize) -> bool {
        self.children(k)
            .iter()
            .any(|&c| matches!(Self::rel(ctx, c), "aux:pass" | "nsubj:pass"))
            || (Self::rel(ctx, k) == "acl" && ctx.doc.morph.get(k).is_some_and(|m| m.xpos == "VBN"))
    }

    /// The agent of a passive predicate: its "by" dependent.
    pub fn agent(&self, ctx: &Ctx, k: usize) -> Option<usize> {
        self.children(k).iter().copied().find(|&c| {
            matches!(
                Self::rel(ctx, c),
                "obl" | "obl:agent" | "nmod" | "nmod:agent"
            ) && self.case_of(ctx, c) == "by"
        })
    }

    /// The grammatical subject of predicate `k`, given or inherited (see
    /// the module doc); for a passive, its agent when named.
    pub fn subject(&self, ctx: &Ctx, k: usize) -> Option<usize> {
        if !self.parsed {
            return None;
        }
        let mut k = k;
        for _ in 0..MAX_HOPS {
            if self.passive(ctx, k) {
                return self.agent(ctx, k);
            }
            let kids = self.children(k);
            if let Some(&s) = kids
                .iter()
                .find(|&&c| matches!(Self::rel(ctx, c), "nsubj" | "nsubj:outer" | "csubj"))
            {
                // "leaders who travelled": the antecedent acts.
                if matches!(ctx.low(s), "who" | "which" | "that")
                    && Self::rel(ctx, k) == "acl:relcl"
                {
                    return self.head(ctx, k);
                }
                return Some(s);
            }
            // Nouns: "his visit", "Shapps's visit".
            if let Some(&p) = kids.iter().find(|&&c| Self::rel(ctx, c) == "nmod:poss") {
                return Some(p);
            }
            let h = self.head(ctx, k)?;
            match Self::rel(ctx, k) {
                // "vowed to deepen ties and expressed views": a verb the
                // parser coordinated with a noun shares the subject of the
                // verb above that noun.
                "conj" if Self::is_verb(ctx, k) && !Self::is_verb(ctx, h) => {
                    k = self.verb_above(ctx, h)?;
                }
                "xcomp" | "conj" => k = h,
                "advcl" if self.is_participle(ctx, k) => k = h,
                // "announced plans to supply": an infinitive on the object
                // of a verb is done by that verb's subject.
                "acl"
                    if self
                        .children(k)
                        .iter()
                        .any(|&c| Self::rel(ctx, c) == "mark" && ctx.low(c) == "to") =>
                {
                    // An infinitive on a noun is done by the noun's own
                    // agent ("the decision of the House to allocate", "his
                    // refusal to hold talks"), else, for the object of a
                    // verb, by that verb's subject ("announced plans to
                    // supply").
                    if let Some(&own) = self.children(h).iter().find(|&&c| {
                        Self::rel(ctx, c) == "nmod:poss"
                            || (Self::rel(ctx, c) == "nmod" && self.case_of(ctx, c) == "of")
                    }) {
                        return Some(own);
                    }
                    if Self::rel(ctx, h) != "obj" {
                        return Some(h);
                    }
                    k = self.head(ctx, h)?;
                }
                "acl:relcl" | "acl" => return Some(h),
                "obj" if LIGHT_VERBS.contains(&Self::lemma(ctx, h)) => k = h,
                // "X and Y vowed ... during a meeting in Beijing": who
                // acts around a meeting took part in it.
                "obl" if matches!(self.case_of(ctx, k), "during" | "at" | "after") => k = h,
                _ => return None,
            }
        }
        None
    }

    fn is_verb(ctx: &Ctx, k: usize) -> bool {
        ctx.doc
            .morph
            .get(k)
            .is_some_and(|m| matches!(m.upos, "VERB" | "AUX"))
    }

    /// The nearest verb above `k` (a few hops at most).
    fn verb_above(&self, ctx: &Ctx, k: usize) -> Option<usize> {
        let mut k = k;
        for _ in 0..MAX_HOPS {
            k = self.head(ctx, k)?;
            if Self::is_verb(ctx, k) {
                return Some(k);
            }
        }
        None
    }

    /// An -ing or -ed verb form with no subject of its own ("Before
    /// visiting Moscow, Lukashenko ...").
    fn is_participle(&self, ctx: &Ctx, k: usize) -> bool {
        ctx.doc
            .morph
            .get(k)
            .is_some_and(|m| matches!(m.xpos, "VBG" | "VBN"))
    }

    /// The nominal dependents of predicate `k` with their case markers
    /// (objects, obliques, noun modifiers), coordinated ones expanded.
    pub fn dependents(&self, ctx: &Ctx, k: usize) -> Vec<Dependent> {
        let mut out = Vec::new();
        let propn = |t: usize| ctx.doc.morph.get(t).is_some_and(|m| m.upos == "PROPN");
        // the last name introduced by a preposition, for a list that the
        // parser continued as appositions of the predicate
        let mut last_name: Option<(usize, &str)> = None;
        for &c in self.children(k) {
            let rel = Self::rel(ctx, c);
            let base = rel.split(':').next().unwrap_or(rel);
            let prep = match base {
                "obj" | "iobj" => "",
                "obl" | "nmod" => {
                    if rel == "nmod:poss" {
                        continue;
                    }
                    self.case_of(ctx, c)
                }
                // "stops in South Africa, the Democratic Republic of
                // Congo, and Rwanda"
                "appos" if propn(c) => match last_name {
                    Some((_, p)) if c > 0 && ctx.tok(c - 1) != "(" => p,
                    _ => continue,
                },
                _ => continue,
            };
            if propn(c) && !prep.is_empty() {
                last_name = Some((c, prep));
            }
            for t in self.list_members(ctx, c) {
                // "talks with Wang Yi, and raised concerns": a verb
                // coordinated with a noun starts another clause.
                if t != c
                    && ctx
                        .doc
                        .morph
                        .get(t)
                        .is_some_and(|m| matches!(m.upos, "VERB" | "AUX"))
                {
                    continue;
                }
                out.push(Dependent {
                    token: t,
                    prep: prep.to_string(),
                    rel,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_text::{Dep, Doc, Morph};

    /// A document with a hand-written parse: (head index or usize::MAX for
    /// the root, relation, xpos) per token.
    fn parsed(text: &str, arcs: &[(usize, &'static str, &'static str)]) -> Doc {
        let mut doc = Doc::new(text);
        assert_eq!(doc.tokens.len(), arcs.len(), "{:?}", doc.tokens.len());
        doc.deps = arcs
            .iter()
            .map(|&(h, rel, _)| Dep {
                head: (h != usize::MAX).then_some(h),
                rel,
            })
            .collect();
        doc.morph = arcs
            .iter()
            .enumerate()
            .map(|(i, &(_, _, x))| Morph {
                xpos: x,
                upos: "X",
                lemma: doc.token_text(i).to_lowercase(),
            })
            .collect();
        doc
    }

    const R: usize = usize::MAX;

    #[test]
    fn subjects_objects_and_prepositions() {
        // Shapps traveled to Kyiv and met Zelensky .
        let doc = parsed(
            "Shapps traveled to Kyiv and met Zelensky.",
            &[
                (1, "nsubj", "NNP"),
                (R, "root", "VBD"),
                (3, "case", "IN"),
                (1, "obl", "NNP"),
                (5, "cc", "CC"),
                (1, "conj", "VBD"),
                (5, "obj", "NNP"),
                (1, "punct", "."),
            ],
        );
        let ctx = Ctx::new(&doc, None, None);
        let s = Syntax::new(&doc);
        assert!(s.parsed());
        assert_eq!(s.subject(&ctx, 1), Some(0));
        assert_eq!(
            s.subject(&ctx, 5),
            Some(0),
            "conjoined verb shares the subject"
        );
        let d = s.dependents(&ctx, 1);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].token, d[0].prep.as_str()), (3, "to"));
        assert_eq!(s.dependents(&ctx, 5)[0].prep, "");
    }

    #[test]
    fn passives_relatives_and_control() {
        // Aid was provided by Germany .
        let doc = parsed(
            "Aid was provided by Germany.",
            &[
                (2, "nsubj:pass", "NN"),
                (2, "aux:pass", "VBD"),
                (R, "root", "VBN"),
                (4, "case", "IN"),
                (2, "obl", "NNP"),
                (2, "punct", "."),
            ],
        );
        let ctx = Ctx::new(&doc, None, None);
        let s = Syntax::new(&doc);
        assert!(s.passive(&ctx, 2));
        assert_eq!(s.subject(&ctx, 2), Some(4));
        // Leaders who travelled to Russia are expected to visit Kyiv .
        let doc = parsed(
            "Leaders who travelled to Russia are expected to visit Kyiv.",
            &[
                (6, "nsubj:pass", "NNS"),
                (2, "nsubj", "WP"),
                (0, "acl:relcl", "VBD"),
                (4, "case", "IN"),
                (2, "obl", "NNP"),
                (6, "aux:pass", "VBP"),
                (R, "root", "VBN"),
                (8, "mark", "TO"),
                (6, "xcomp", "VB"),
                (8, "obj", "NNP"),
                (6, "punct", "."),
            ],
        );
        let ctx = Ctx::new(&doc, None, None);
        let s = Syntax::new(&doc);
        assert_eq!(s.subject(&ctx, 2), Some(0), "relative clause → antecedent");
        // "are expected" is passive without an agent: no subject to inherit.
        assert_eq!(s.subject(&ctx, 8), None);
        // Germany announced plans to supply tanks .
        let doc = parsed(
            "Germany announced plans to supply tanks.",
            &[
                (1, "nsubj", "NNP"),
                (R, "root", "VBD"),
                (1, "obj", "NNS"),
                (4, "mark", "TO"),
                (2, "acl", "VB"),
                (4, "obj", "NNS"),
                (1, "punct", "."),
            ],
        );
        let ctx = Ctx::new(&doc, None, None);
        let s = Syntax::new(&doc);
        assert_eq!(s.subject(&ctx, 4), Some(0), "the announcer supplies");
    }

    #[test]
    fn nouns_and_light_verbs_and_no_parse() {
        // Erdogan held talks with Putin .
        let doc = parsed(
            "Erdogan held talks with Putin.",
            &[
                (1, "nsubj", "NNP"),
                (R, "root", "VBD"),
                (1, "obj", "NNS"),
                (4, "case", "IN"),
                (2, "nmod", "NNP"),
                (1, "punct", "."),
            ],
        );
        let mut doc = doc;
        doc.morph[1].lemma = "hold".into();
        let ctx = Ctx::new(&doc, None, None);
        let s = Syntax::new(&doc);
        assert_eq!(s.subject(&ctx, 2), Some(0));
        assert_eq!(s.dependents(&ctx, 2)[0].prep, "with");
        let plain = Doc::new("Erdogan held talks with Putin.");
        let ctx = Ctx::new(&plain, None, None);
        let s = Syntax::new(&plain);
        assert!(!s.parsed());
        assert_eq!(s.subject(&ctx, 2), None);
        assert!(s.dependents(&ctx, 2).is_empty());
    }
}
