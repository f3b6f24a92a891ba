//! Mention clustering against the GUM coreference annotations.
//!
//! GUM (`../shared/data/ud/en_gum-ud-*.conllu`) annotates every entity
//! mention in the MISC column: `Entity=(12-person-new-...` opens a mention
//! of cluster 12, typed `person`, on a word; `12)` closes it on a later
//! word; `(12-person-...)` is a one-word mention. The first two fields of
//! an opening bracket are the cluster id and the entity type
//! (`# global.Entity = GRP-etype-...`); the rest (information status,
//! salience, centering, minimal span, link type, Wikipedia identity) is
//! ignored, and so are `SplitAnte` and `Bridge` (they link clusters without
//! making them one referent).
//!
//! # Documents
//!
//! A document starts at `# newdoc`; its raw text is the sentences' `# text`
//! joined by a space, with a blank line where a paragraph starts
//! (`# newpar`). Each surface token (a word, or a multiword token's range
//! line) is found in that text from left to right, which gives every word
//! a byte span. The text is run through
//! `chronicle_extract::Extractor::new().extract(text, &Meta::default())`,
//! and each system mention is an `entities[].mentions` byte span; the
//! system's clusters are its entities.
//!
//! # Key
//!
//! Chronicle records named people, organizations and places, so the key
//! holds the GUM clusters typed `person`, `organization` or `place` (never
//! `abstract`, `event`, `object`, `time`, ...) that are **named**: at least
//! one mention's head is a proper noun (UPOS `PROPN`). The head of a mention
//! is its first word whose syntactic head lies outside the mention. Two
//! keys are scored:
//!
//! - **names** (the main figure): only the proper-noun-headed mentions of
//!   those clusters ("Grant Shapps", "Mr. Shapps", "Shapps", "the U.K."),
//!   which is what chronicle's mentions are;
//! - **all**: every mention of those clusters, names, descriptions
//!   ("the secretary general") and pronouns, to show how much of the full
//!   chain chronicle covers.
//!
//! Singletons stay in the key (a named entity mentioned once is still an
//! entity to find); MUC ignores them by definition, B³ and CEAF-e count
//! them.
//!
//! # Alignment
//!
//! A system mention aligns with a gold mention (of any type) when the spans
//! are equal (**exact**), or when the system span lies inside the gold span
//! and covers the gold head word (**head match**: "Shapps" for gold
//! "Mr. Shapps", "NATO" for gold "the NATO alliance" — never "NATO" for gold
//! "the secretary general of NATO", whose head is "general"). Alignment is
//! one-to-one, exact pairs first, then head matches, gold mentions in text
//! order, the earliest free system mention first. A system mention aligned
//! with a key mention takes its identity; one aligned only with a gold
//! mention outside the key (another type, an unnamed cluster, or a
//! description in the *names* key) is left out of the response, neither
//! right nor wrong, and so is an unaligned demonym ("Indian", "Americans":
//! chronicle files it under its country, GUM marks no mention on an
//! adjective); any other unaligned one is a spurious (twinless) response
//! mention.
//!
//! # Metrics
//!
//! Over key clusters K and response clusters R (system entities restricted
//! to the mentions above; mentions on one side only count as missing on
//! the other, as in the CoNLL-2012 reference scorer):
//!
//! - **MUC** (Vilain et al. 1995): recall Σ_K (|K| − |p(K)|) / Σ_K (|K| − 1),
//!   where p(K) partitions K by the response clusters, a mention the
//!   response misses counting as a part of its own; precision swaps the
//!   roles.
//! - **B³** (Bagga & Baldwin 1998): recall Σ_K Σ_R |K∩R|² / |K| over the
//!   number of key mentions; precision swaps the roles.
//! - **CEAF-e** (Luo 2005): the one-to-one cluster alignment maximising
//!   Σ φ4(K,R), φ4 = 2|K∩R| / (|K|+|R|) (Kuhn–Munkres); recall Φ / |key
//!   clusters|, precision Φ / |response clusters|.
//! - **CoNLL F1**: the mean of the three F1.
//!
//! Counts are summed over documents before dividing (micro average).
//! **Mention detection** precision is aligned-with-key response mentions over
//! all response mentions, recall the same over key mentions.
//!
//! The report ends with one JSON line.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chronicle_corpus::conllu::{self, Sentence};
use chronicle_records::{EntityType, Records};

/// GUM entity types chronicle records.
pub const KEY_TYPES: &[&str] = &["person", "organization", "place"];

/// One gold mention: a byte span, its head word's span, its cluster and
/// type, and whether the head is a proper noun.
#[derive(Debug, Clone)]
pub struct GoldMention {
    pub start: usize,
    pub end: usize,
    pub head: (usize, usize),
    pub cluster: String,
    pub etype: String,
    pub proper: bool,
}

/// A GUM document: its raw text and gold mentions.
#[derive(Debug, Clone)]
pub struct CorefDoc {
    pub id: String,
    pub text: String,
    pub mentions: Vec<GoldMention>,
}

/// Numerator/denominator pairs of a metric's recall and precision.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub r_num: f64,
    pub r_den: f64,
    pub p_num: f64,
    pub p_den: f64,
}

impl Prf {
    pub fn recall(&self) -> f64 {
        if self.r_den == 0.0 {
            0.0
        } else {
            self.r_num / self.r_den
        }
    }
    pub fn precision(&self) -> f64 {
        if self.p_den == 0.0 {
            0.0
        } else {
            self.p_num / self.p_den
        }
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: &Prf) {
        self.r_num += o.r_num;
        self.r_den += o.r_den;
        self.p_num += o.p_num;
        self.p_den += o.p_den;
    }
}

/// The scores of one key (names or all).
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
    pub mentions: Prf,
    pub key_clusters: usize,
    pub key_mentions: usize,
    pub response_clusters: usize,
    pub response_mentions: usize,
}

impl Scores {
    pub fn conll_f1(&self) -> f64 {
        (self.muc.f1() + self.b3.f1() + self.ceafe.f1()) / 3.0
    }
    fn add(&mut self, o: &Scores) {
        self.muc.add(&o.muc);
        self.b3.add(&o.b3);
        self.ceafe.add(&o.ceafe);
        self.mentions.add(&o.mentions);
        self.key_clusters += o.key_clusters;
        self.key_mentions += o.key_mentions;
        self.response_clusters += o.response_clusters;
        self.response_mentions += o.response_mentions;
    }
    fn json(&self) -> serde_json::Value {
        let prf = |p: &Prf| {
            serde_json::json!({
                "precision": round4(p.precision()),
                "recall": round4(p.recall()),
                "f1": round4(p.f1()),
            })
        };
        serde_json::json!({
            "muc": prf(&self.muc),
            "b3": prf(&self.b3),
            "ceafe": prf(&self.ceafe),
            "conll_f1": round4(self.conll_f1()),
            "mentions": prf(&self.mentions),
            "key_clusters": self.key_clusters,
            "key_mentions": self.key_mentions,
            "response_clusters": self.response_clusters,
            "response_mentions": self.response_mentions,
        })
    }
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// The report over a set of files.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub documents: usize,
    pub names: Scores,
    pub all: Scores,
    /// Per document, on the names key: missed key mentions, spurious
    /// response mentions, key clusters split across system entities and
    /// system entities merging key clusters.
    pub errors: String,
}

impl Report {
    pub fn to_json_line(&self) -> String {
        serde_json::json!({
            "documents": self.documents,
            "names": self.names.json(),
            "all": self.all.json(),
        })
        .to_string()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "coreference (GUM person/organization/place, named clusters): {} documents",
            self.documents
        )?;
        writeln!(f, "key      metric      P      R     F1")?;
        for (name, s) in [("names", &self.names), ("all", &self.all)] {
            for (m, p) in [
                ("mentions", &s.mentions),
                ("MUC", &s.muc),
                ("B3", &s.b3),
                ("CEAF-e", &s.ceafe),
            ] {
                writeln!(
                    f,
                    "{name:<8} {m:<9} {:.3}  {:.3}  {:.3}",
                    p.precision(),
                    p.recall(),
                    p.f1()
                )?;
            }
            writeln!(
                f,
                "{name:<8} CoNLL F1 {:.3}   (key {} clusters / {} mentions; response {} / {})",
                s.conll_f1(),
                s.key_clusters,
                s.key_mentions,
                s.response_clusters,
                s.response_mentions
            )?;
        }
        Ok(())
    }
}

/// The default inputs: GUM dev.
pub fn default_inputs() -> Vec<PathBuf> {
    vec![PathBuf::from("../shared/data/ud/en_gum-ud-dev.conllu")]
}

/// Reads GUM documents with their gold mentions.
pub fn read_docs(path: &Path) -> Result<Vec<CorefDoc>> {
    let sents = conllu::read_file(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(conllu::documents(&sents)
        .into_iter()
        .map(build_doc)
        .collect())
}

/// An open bracket: cluster, type, first word (document-wide index).
struct Open {
    cluster: String,
    etype: String,
    first: usize,
}

fn build_doc(sents: &[Sentence]) -> CorefDoc {
    let id = sents
        .first()
        .and_then(|s| s.doc_id.clone().or(s.newdoc.clone()))
        .unwrap_or_default();
    let mut text = String::new();
    // Per document-wide word: byte span, UPOS, head (document-wide index).
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut upos: Vec<String> = Vec::new();
    let mut heads: Vec<Option<usize>> = Vec::new();
    let mut mentions = Vec::new();
    // (word range) → built after heads are known
    let mut raw: Vec<(usize, usize, String, String)> = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        let Some(st) = s.text.as_deref() else {
            continue;
        };
        if si > 0 {
            text.push_str(if s.newpar { "\n\n" } else { " " });
        }
        let base = text.len();
        text.push_str(st);
        let w0 = spans.len();
        let mut cursor = base;
        let mut word_spans = vec![(cursor, cursor); s.words.len()];
        for tok in s.surface_tokens() {
            let (a, b) = match text[cursor..].find(tok.form) {
                Some(off) => (cursor + off, cursor + off + tok.form.len()),
                None => (cursor, cursor),
            };
            cursor = b;
            // A multiword token's words take their own part of it when
            // they spell it out in order ("Melanie's" = "Melanie" + "'s").
            let mut q = a;
            for w in tok.words.clone() {
                let Some(word) = s.words.get(w) else { continue };
                match text[q..b]
                    .find(word.form.as_str())
                    .filter(|_| tok.words.len() > 1)
                {
                    Some(off) => {
                        word_spans[w] = (q + off, q + off + word.form.len());
                        q += off + word.form.len();
                    }
                    None => word_spans[w] = (a, b),
                }
            }
        }
        for (wi, w) in s.words.iter().enumerate() {
            spans.push(word_spans[wi]);
            upos.push(w.upos.clone());
            heads.push((w.head > 0).then(|| w0 + w.head - 1));
            let Some(ent) = w.misc.split('|').find_map(|kv| kv.strip_prefix("Entity=")) else {
                continue;
            };
            let idx = w0 + wi;
            parse_entity(ent, idx, &mut open, &mut raw);
        }
    }
    for (first, last, cluster, etype) in raw {
        let (Some(&(start, _)), Some(&(_, end))) = (spans.get(first), spans.get(last)) else {
            continue;
        };
        let head = (first..=last)
            .find(|&w| heads[w].is_none_or(|h| h < first || h > last))
            .unwrap_or(last);
        mentions.push(GoldMention {
            start,
            end,
            head: spans[head],
            cluster,
            etype,
            proper: upos[head] == "PROPN",
        });
    }
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    CorefDoc { id, text, mentions }
}

/// Parses one MISC `Entity=` value on word `idx`.
fn parse_entity(
    v: &str,
    idx: usize,
    open: &mut Vec<Open>,
    out: &mut Vec<(usize, usize, String, String)>,
) {
    let b = v.as_bytes();
    let mut i = 0;
    let mut close = |cluster: &str, open: &mut Vec<Open>| {
        if let Some(p) = open.iter().rposition(|o| o.cluster == cluster) {
            let o = open.remove(p);
            out.push((o.first, idx, o.cluster, o.etype));
        }
    };
    while i < b.len() {
        if b[i] == b'(' {
            let j = (i + 1..b.len())
                .find(|&k| b[k] == b'(' || b[k] == b')')
                .unwrap_or(b.len());
            let content = &v[i + 1..j];
            let mut fields = content.split('-');
            let cluster = strip_part(fields.next().unwrap_or(""));
            let etype = fields.next().unwrap_or("").to_string();
            open.push(Open {
                cluster: cluster.clone(),
                etype,
                first: idx,
            });
            if j < b.len() && b[j] == b')' {
                close(&cluster, open);
                i = j + 1;
            } else {
                i = j;
            }
        } else {
            let j = (i..b.len()).find(|&k| b[k] == b')').unwrap_or(b.len());
            let cluster = strip_part(&v[i..j]);
            close(&cluster, open);
            i = j + 1;
        }
    }
}

/// "12[1/2]" (a part of a discontinuous mention) → "12".
fn strip_part(id: &str) -> String {
    id.split('[').next().unwrap_or("").to_string()
}

/// Scores one document's system records against its gold mentions.
pub fn score_doc(doc: &CorefDoc, sys: &Records) -> (Scores, Scores) {
    // Named clusters of the key types.
    let mut named: HashMap<&str, bool> = HashMap::new();
    for m in &doc.mentions {
        if KEY_TYPES.contains(&m.etype.as_str()) {
            *named.entry(m.cluster.as_str()).or_default() |= m.proper;
        }
    }
    let in_key_all: Vec<bool> = doc
        .mentions
        .iter()
        .map(|m| named.get(m.cluster.as_str()).copied().unwrap_or(false))
        .collect();
    let in_key_names: Vec<bool> = doc
        .mentions
        .iter()
        .zip(&in_key_all)
        .map(|(m, &k)| k && m.proper)
        .collect();
    // System mentions: (entity index, start, end).
    let sysm = system_mentions(sys);
    let align = align(doc, &sysm);
    (
        score_key(doc, &sysm, &align, &in_key_names),
        score_key(doc, &sysm, &align, &in_key_all),
    )
}

/// Mention sets of the system kinds, as in [`score_doc`].
fn system_mentions(sys: &Records) -> Vec<(usize, usize, usize)> {
    sys.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            matches!(
                e.kind,
                EntityType::PERSON
                    | EntityType::ORG
                    | EntityType::GPE
                    | EntityType::LOC
                    | EntityType::FAC
                    | EntityType::NORP
            )
        })
        .flat_map(|(i, e)| e.mentions.iter().map(move |m| (i, m.start, m.end)))
        .collect()
}

/// The errors of one document on the names key, one per line.
pub fn error_listing(doc: &CorefDoc, sys: &Records) -> String {
    use std::fmt::Write;
    let mut named: HashMap<&str, bool> = HashMap::new();
    for m in &doc.mentions {
        if KEY_TYPES.contains(&m.etype.as_str()) {
            *named.entry(m.cluster.as_str()).or_default() |= m.proper;
        }
    }
    let in_key = |g: &GoldMention| g.proper && named.get(g.cluster.as_str()) == Some(&true);
    let sysm = system_mentions(sys);
    let s2g = align(doc, &sysm);
    let mut g2s = vec![None; doc.mentions.len()];
    for (si, g) in s2g.iter().enumerate() {
        if let Some(g) = g {
            g2s[*g] = Some(si);
        }
    }
    let t = |a: usize, b: usize| doc.text.get(a..b).unwrap_or("?").replace('\n', " ");
    let mut out = String::new();
    for (gi, g) in doc.mentions.iter().enumerate() {
        if in_key(g) && g2s[gi].is_none() {
            let _ = writeln!(
                out,
                "{}\tmissed\t{}\t{}",
                doc.id,
                g.etype,
                t(g.start, g.end)
            );
        }
    }
    for (si, &(e, a, b)) in sysm.iter().enumerate() {
        if s2g[si].is_none() && !is_demonym(&doc.text, a, b) {
            let _ = writeln!(
                out,
                "{}\tspurious\t{:?}\t{}",
                doc.id,
                sys.entities[e].kind,
                t(a, b)
            );
        }
    }
    // key clusters split / merged
    let mut by_cluster: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    let mut by_entity: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for (gi, g) in doc.mentions.iter().enumerate() {
        if let (true, Some(si)) = (in_key(g), g2s[gi]) {
            by_cluster
                .entry(g.cluster.as_str())
                .or_default()
                .push((sysm[si].0, gi));
            by_entity
                .entry(sysm[si].0)
                .or_default()
                .push(g.cluster.as_str());
        }
    }
    for (_, v) in by_cluster {
        let mut ents: Vec<usize> = v.iter().map(|x| x.0).collect();
        ents.sort_unstable();
        ents.dedup();
        if ents.len() > 1 {
            let names: Vec<String> = v
                .iter()
                .map(|&(e, gi)| {
                    format!(
                        "{}={}",
                        t(doc.mentions[gi].start, doc.mentions[gi].end),
                        sys.entities[e].id
                    )
                })
                .collect();
            let _ = writeln!(out, "{}\tsplit\t{}", doc.id, names.join(" | "));
        }
    }
    for (e, mut cl) in by_entity {
        cl.sort_unstable();
        cl.dedup();
        if cl.len() > 1 {
            let _ = writeln!(
                out,
                "{}\tmerged\t{}: {} clusters",
                doc.id,
                sys.entities[e].name,
                cl.len()
            );
        }
    }
    out
}

/// One-to-one alignment: system mention → gold mention index.
fn align(doc: &CorefDoc, sysm: &[(usize, usize, usize)]) -> Vec<Option<usize>> {
    let mut s2g = vec![None; sysm.len()];
    let mut g_taken = vec![false; doc.mentions.len()];
    let mut by_span: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (si, &(_, a, b)) in sysm.iter().enumerate() {
        by_span.entry((a, b)).or_default().push(si);
    }
    // exact
    for (gi, g) in doc.mentions.iter().enumerate() {
        if let Some(list) = by_span.get(&(g.start, g.end)) {
            if let Some(&si) = list.iter().find(|&&si| s2g[si].is_none()) {
                s2g[si] = Some(gi);
                g_taken[gi] = true;
            }
        }
    }
    // head match: inside the gold span, covering its head
    for (gi, g) in doc.mentions.iter().enumerate() {
        if g_taken[gi] {
            continue;
        }
        let cand = by_span
            .range((g.start, 0)..=(g.end, usize::MAX))
            .flat_map(|(&(a, b), l)| l.iter().map(move |&si| (a, b, si)))
            .find(|&(a, b, si)| {
                s2g[si].is_none() && a >= g.start && b <= g.end && a <= g.head.0 && b >= g.head.1
            });
        if let Some((_, _, si)) = cand {
            s2g[si] = Some(gi);
            g_taken[gi] = true;
        }
    }
    s2g
}

fn score_key(
    doc: &CorefDoc,
    sysm: &[(usize, usize, usize)],
    s2g: &[Option<usize>],
    in_key: &[bool],
) -> Scores {
    // Mention ids: key mentions are gold indices; twinless system mentions
    // get ids past them.
    let n_gold = doc.mentions.len();
    let mut key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (gi, m) in doc.mentions.iter().enumerate() {
        if in_key[gi] {
            key.entry(m.cluster.as_str()).or_default().push(gi);
        }
    }
    let mut resp: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut next = n_gold;
    let mut aligned = 0usize;
    for (si, &(e, _, _)) in sysm.iter().enumerate() {
        let id = match s2g[si] {
            Some(g) if in_key[g] => {
                aligned += 1;
                g
            }
            Some(_) => continue,
            None if is_demonym(&doc.text, sysm[si].1, sysm[si].2) => continue,
            None => {
                next += 1;
                next - 1
            }
        };
        resp.entry(e).or_default().push(id);
    }
    let key: Vec<Vec<usize>> = key.into_values().collect();
    let resp: Vec<Vec<usize>> = resp.into_values().collect();
    let key_mentions: usize = key.iter().map(Vec::len).sum();
    let resp_mentions: usize = resp.iter().map(Vec::len).sum();
    Scores {
        muc: muc(&key, &resp),
        b3: b3(&key, &resp),
        ceafe: ceafe(&key, &resp),
        mentions: Prf {
            r_num: aligned as f64,
            r_den: key_mentions as f64,
            p_num: aligned as f64,
            p_den: resp_mentions as f64,
        },
        key_clusters: key.len(),
        key_mentions,
        response_clusters: resp.len(),
        response_mentions: resp_mentions,
    }
}

/// A demonym ("Indian", "Americans"): chronicle files it under the
/// country, GUM marks no mention on an adjective.
fn is_demonym(text: &str, a: usize, b: usize) -> bool {
    text.get(a..b)
        .and_then(|t| chronicle_lexicon::Lexicon::get().country(t))
        .is_some_and(|h| {
            matches!(
                h.form,
                chronicle_lexicon::CountryForm::Demonym
                    | chronicle_lexicon::CountryForm::DemonymPlural
            )
        })
}

fn cluster_of(clusters: &[Vec<usize>]) -> HashMap<usize, usize> {
    let mut m = HashMap::new();
    for (c, ms) in clusters.iter().enumerate() {
        for &x in ms {
            m.insert(x, c);
        }
    }
    m
}

/// MUC numerator and denominator of `a` partitioned by `b`.
fn muc_side(a: &[Vec<usize>], b: &[Vec<usize>]) -> (f64, f64) {
    let of = cluster_of(b);
    let (mut num, mut den) = (0.0, 0.0);
    for k in a {
        let mut parts = std::collections::HashSet::new();
        let mut missing = 0usize;
        for m in k {
            match of.get(m) {
                Some(&c) => {
                    parts.insert(c);
                }
                None => missing += 1,
            }
        }
        num += (k.len() - (parts.len() + missing)) as f64;
        den += k.len().saturating_sub(1) as f64;
    }
    (num, den)
}

pub fn muc(key: &[Vec<usize>], resp: &[Vec<usize>]) -> Prf {
    let (r_num, r_den) = muc_side(key, resp);
    let (p_num, p_den) = muc_side(resp, key);
    Prf {
        r_num,
        r_den,
        p_num,
        p_den,
    }
}

fn b3_side(a: &[Vec<usize>], b: &[Vec<usize>]) -> (f64, f64) {
    let of = cluster_of(b);
    let (mut num, mut den) = (0.0, 0.0);
    for k in a {
        let mut counts: HashMap<usize, usize> = HashMap::new();
        for m in k {
            if let Some(&c) = of.get(m) {
                *counts.entry(c).or_default() += 1;
            }
        }
        num += counts.values().map(|&n| (n * n) as f64).sum::<f64>() / k.len() as f64;
        den += k.len() as f64;
    }
    (num, den)
}

pub fn b3(key: &[Vec<usize>], resp: &[Vec<usize>]) -> Prf {
    let (r_num, r_den) = b3_side(key, resp);
    let (p_num, p_den) = b3_side(resp, key);
    Prf {
        r_num,
        r_den,
        p_num,
        p_den,
    }
}

pub fn ceafe(key: &[Vec<usize>], resp: &[Vec<usize>]) -> Prf {
    let n = key.len().max(resp.len());
    let mut sim = vec![vec![0.0f64; n]; n];
    for (i, k) in key.iter().enumerate() {
        let ks: std::collections::HashSet<usize> = k.iter().copied().collect();
        for (j, r) in resp.iter().enumerate() {
            let common = r.iter().filter(|m| ks.contains(m)).count();
            if common > 0 {
                sim[i][j] = 2.0 * common as f64 / (k.len() + r.len()) as f64;
            }
        }
    }
    let phi = if n == 0 { 0.0 } else { max_assignment(&sim) };
    Prf {
        r_num: phi,
        r_den: key.len() as f64,
        p_num: phi,
        p_den: resp.len() as f64,
    }
}

/// The maximum total weight of a perfect matching in a square matrix
/// (Hungarian algorithm, O(n³)).
fn max_assignment(w: &[Vec<f64>]) -> f64 {
    let n = w.len();
    // Minimise cost = -w, 1-based potentials (e-maxx formulation).
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=n {
                if !used[j] {
                    let cur = -w[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] > 0)
        .map(|j| w[p[j] - 1][j - 1])
        .sum()
}

/// Runs the extractor over every document of `files` and scores it.
pub fn evaluate(files: &[PathBuf]) -> Result<Report> {
    let ex = chronicle_extract::Extractor::new();
    let meta = chronicle_extract::Meta::default();
    let mut rep = Report::default();
    for f in files {
        for doc in read_docs(f)? {
            let rec = ex.extract(&doc.text, &meta);
            let (names, all) = score_doc(&doc, &rec);
            rep.errors.push_str(&error_listing(&doc, &rec));
            rep.names.add(&names);
            rep.all.add(&all);
            rep.documents += 1;
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(v: &[&[usize]]) -> Vec<Vec<usize>> {
        v.iter().map(|x| x.to_vec()).collect()
    }

    #[test]
    fn muc_counts_links() {
        // Key {a b c d}, response {a b} {c d}: 2 of 3 links.
        let p = muc(&c(&[&[1, 2, 3, 4]]), &c(&[&[1, 2], &[3, 4]]));
        assert!((p.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!((p.precision() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn b3_and_ceafe_of_identity_are_one() {
        let k = c(&[&[1, 2], &[3]]);
        assert!((b3(&k, &k).f1() - 1.0).abs() < 1e-9);
        assert!((ceafe(&k, &k).f1() - 1.0).abs() < 1e-9);
        // a twinless response mention lowers precision only
        let r = c(&[&[1, 2], &[3], &[9]]);
        let s = ceafe(&k, &r);
        assert!((s.recall() - 1.0).abs() < 1e-9);
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn assignment_finds_the_best_pairing() {
        let w = vec![vec![1.0, 0.9], vec![0.9, 0.0]];
        assert!((max_assignment(&w) - 1.8).abs() < 1e-9);
    }

    #[test]
    fn reads_brackets_and_spans() {
        let src = "# newdoc id = d1\n# text = Grant Shapps met him.\n\
1\tGrant\tGrant\tPROPN\tNNP\t_\t3\tnsubj\t_\tEntity=(1-person-new-x-x-1-coref\n\
2\tShapps\tShapps\tPROPN\tNNP\t_\t1\tflat\t_\tEntity=1)\n\
3\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_\n\
4\thim\the\tPRON\tPRP\t_\t3\tobj\t_\tEntity=(2-person-giv-x-x-1-coref)|SpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";
        let sents = conllu::parse_str(src, "t").unwrap();
        let d = build_doc(&sents);
        assert_eq!(d.text, "Grant Shapps met him.");
        assert_eq!(d.mentions.len(), 2);
        assert_eq!((d.mentions[0].start, d.mentions[0].end), (0, 12));
        assert_eq!(d.mentions[0].head, (0, 5));
        assert!(d.mentions[0].proper);
        assert_eq!(&d.text[d.mentions[1].start..d.mentions[1].end], "him");
    }
}
