//! Feature extraction. Every feature is a 64-bit hash of a template id and
//! the token-level "atoms" it combines (word, lowercase, shape, affixes,
//! cluster-path prefixes, gazetteer marks, document flags). Atoms are
//! computed once per token; a sentence's features are a flat list with
//! per-token offsets.
//!
//! Templates, for token i (neighbors past the sentence edge are `<s>`/`</s>`):
//! the bias; the word; lowercase words at i-2..i+2; shapes at i-2..i+2 and
//! the long shape at i; prefixes and suffixes of 1–4 characters; lowercase
//! bigrams (i-1,i) and (i,i+1); shape bigrams and the shape trigram; Brown
//! path prefixes of length 4, 6, 10, 20 at i-1, i, i+1 (and 4, 6 at i±2);
//! gazetteer B/I marks of each class at i-1, i, i+1; the sentence-initial
//! flag with the shape; the sentence kind (headline / dateline / body,
//! numeric table, all caps) with the shape; the 6-bit cluster prefix with
//! the shape; the all-caps-sentence flag with the lowercase word; whether a
//! capitalized word's lowercase and title-case forms are in the cluster
//! vocabulary;
//! and, for capitalized words, whether the same word appears lowercase or
//! capitalized mid-sentence elsewhere in the document.
//!
//! Words are hashed in full but affixes and shapes read at most a few
//! characters from each end, so a 10,000-character token costs little.

use chronicle_lexicon::{CountryForm, LexHit, Lexicon};

use crate::brown::cluster_form;
use chronicle_modelio::{hash_bytes, mix, FastMap};

/// Version of the feature templates; stored in the model file.
pub(crate) const FEATURE_VERSION: u32 = 2;

const PREFIX_LENS: [usize; 4] = [4, 6, 10, 20];
/// Longest part of a shape string kept.
const MAX_SHAPE: usize = 16;

/// The word → Brown path table, with the hashes of each path's prefixes.
#[derive(Debug, Default, Clone)]
pub struct Clusters {
    pub(crate) index: FastMap<String, u32>,
    pub(crate) paths: Vec<String>,
    prefix: Vec<[u64; 4]>,
}

impl Clusters {
    /// Builds the table from (word, path) pairs.
    pub fn new(pairs: &[(String, String)]) -> Clusters {
        let mut paths: Vec<String> = pairs.iter().map(|(_, p)| p.clone()).collect();
        paths.sort();
        paths.dedup();
        let pidx: FastMap<&str, u32> = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.as_str(), i as u32))
            .collect();
        let index = pairs
            .iter()
            .map(|(w, p)| (w.clone(), pidx[p.as_str()]))
            .collect();
        let prefix = paths.iter().map(|p| prefix_hashes(p)).collect();
        Clusters {
            index,
            paths,
            prefix,
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// True when there are no words.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The Brown path of a word: the exact form (digits as `0`), else its
    /// title-case form when it is all caps, else its lowercase form.
    pub fn path(&self, word: &str) -> Option<&str> {
        self.lookup(word).map(|i| self.paths[i as usize].as_str())
    }

    fn lookup(&self, word: &str) -> Option<u32> {
        self.lookup_with(word, &mut String::new())
    }

    /// [`Clusters::lookup`] with a scratch buffer.
    fn lookup_with(&self, word: &str, buf: &mut String) -> Option<u32> {
        let f = cluster_form(word);
        if let Some(&i) = self.index.get(f.as_ref()) {
            return Some(i);
        }
        let has_lower = f.chars().any(char::is_lowercase);
        let has_upper = f.chars().any(char::is_uppercase);
        if !has_upper {
            return None;
        }
        if !has_lower && f.chars().nth(1).is_some() {
            title_case_into(&f, buf);
            if let Some(&i) = self.index.get(buf.as_str()) {
                return Some(i);
            }
        }
        lowercase_into(&f, buf);
        self.index.get(buf.as_str()).copied()
    }
}

fn prefix_hashes(p: &str) -> [u64; 4] {
    let mut out = [0u64; 4];
    for (k, &n) in PREFIX_LENS.iter().enumerate() {
        let s = &p[..n.min(p.len())];
        out[k] = hash_bytes(0xB0 + k as u64, s.as_bytes());
    }
    out
}

pub(crate) fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    title_case_into(w, &mut out);
    out
}

/// [`title_case`] into `out` (cleared first).
fn title_case_into(w: &str, out: &mut String) {
    out.clear();
    for (i, c) in w.chars().enumerate() {
        if i == 0 {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// `w.to_lowercase()` into `out` (cleared first), without allocating for
/// ASCII words (for which the two agree).
fn lowercase_into(w: &str, out: &mut String) {
    out.clear();
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&w.to_lowercase());
    }
}

/// Document-level facts used by the features.
#[derive(Debug, Default)]
pub struct DocInfo {
    lower_seen: FastMap<u64, ()>,
    cap_mid: FastMap<u64, ()>,
}

impl DocInfo {
    /// Collects the facts over all sentences of a document.
    pub fn new<S: AsRef<str>>(sentences: &[&[S]]) -> DocInfo {
        let mut d = DocInfo::default();
        for s in sentences {
            let caps = all_caps_sentence(s);
            for (i, w) in s.iter().enumerate() {
                let w = w.as_ref();
                let Some(first) = w.chars().next() else {
                    continue;
                };
                if first.is_lowercase() && !w.chars().any(char::is_uppercase) {
                    d.lower_seen.insert(hash_bytes(1, w.as_bytes()), ());
                } else if first.is_uppercase() && i > 0 && !caps {
                    d.cap_mid
                        .insert(hash_bytes(1, w.to_lowercase().as_bytes()), ());
                }
            }
        }
        d
    }
}

/// True when no word of the sentence has a lowercase letter and it has at
/// least two letters (a CoNLL headline like `SOCCER - JAPAN GET LUCKY WIN`).
pub fn all_caps_sentence<S: AsRef<str>>(words: &[S]) -> bool {
    let mut letters = 0;
    for w in words {
        for c in w.as_ref().chars() {
            if c.is_lowercase() {
                return false;
            }
            if c.is_alphabetic() {
                letters += 1;
            }
        }
    }
    letters >= 2
}

/// Gazetteer classes marked on tokens (bit 2k = begins, 2k+1 = inside).
const GAZ_CLASSES: usize = 8;
const _: () = assert!(GAZ_CLASSES * 2 <= 16, "marks are 16 bits");

fn gaz_class(h: &LexHit<'_>) -> usize {
    match h {
        LexHit::Country(c) => match c.form {
            CountryForm::Name | CountryForm::Code => 0,
            CountryForm::Capital => 1,
            CountryForm::Demonym | CountryForm::DemonymPlural => 2,
            CountryForm::Metonym => 3,
        },
        LexHit::Org(_) => 4,
        LexHit::Title(_) => 5,
        LexHit::Leader(_) => 6,
        LexHit::Currency(_) => 7,
    }
}

/// Gazetteer marks per token: bit 2k set when a phrase of class k starts
/// there, bit 2k+1 when it continues.
pub fn gazetteer_marks(lex: &Lexicon, words: &[&str]) -> Vec<u16> {
    let mut marks = vec![0u16; words.len()];
    let caps = all_caps_sentence(words);
    let titled: Vec<String>;
    let words: Vec<&str> = if caps {
        titled = words
            .iter()
            .map(|w| {
                if w.chars().count() > 3 {
                    title_case(w)
                } else {
                    w.to_string()
                }
            })
            .collect();
        titled.iter().map(String::as_str).collect()
    } else {
        words.to_vec()
    };
    for m in lex.gazetteer().find(&words) {
        for h in &m.hits {
            let k = gaz_class(h);
            for (i, mark) in marks.iter_mut().enumerate().take(m.end).skip(m.start) {
                *mark |= 1 << (2 * k + usize::from(i > m.start));
            }
        }
    }
    marks
}

/// Per-token atoms.
#[derive(Clone, Copy, Default)]
struct Atoms {
    word: u64,
    lower: u64,
    shape: u64,
    long_shape: u64,
    clus: [u64; 4],
    gaz: u16,
    cap: bool,
}

const BOS: u64 = 0x5EED_0001;
const EOS: u64 = 0x5EED_0002;

fn shapes(w: &str) -> (u64, u64) {
    let class = |c: char| {
        if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        }
    };
    let mut short = String::new();
    let mut long = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in w.chars().map(class) {
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
            if short.len() < MAX_SHAPE {
                short.push(c);
            }
        }
        if run <= 4 && long.len() < MAX_SHAPE {
            long.push(c);
        }
    }
    (
        hash_bytes(3, short.as_bytes()),
        hash_bytes(4, long.as_bytes()),
    )
}

/// Feature template ids.
mod t {
    pub const BIAS: u64 = 1;
    pub const WORD: u64 = 2;
    pub const LOWER: u64 = 3; // + offset 0..5
    pub const SHAPE: u64 = 10; // + offset 0..5
    pub const LONG_SHAPE: u64 = 16;
    pub const PREFIX: u64 = 20; // + k
    pub const SUFFIX: u64 = 25; // + k
    pub const LOWER_BI_L: u64 = 30;
    pub const LOWER_BI_R: u64 = 31;
    pub const SHAPE_BI_L: u64 = 32;
    pub const SHAPE_BI_R: u64 = 33;
    pub const SHAPE_TRI: u64 = 34;
    pub const CLUS: u64 = 40; // + 4*offset + k, offset 0..5
    pub const GAZ: u64 = 70; // + offset 0..3
    pub const FIRST: u64 = 80;
    pub const CAPS_SENT: u64 = 81;
    pub const DOC: u64 = 82;
    pub const NO_CLUS: u64 = 83;
    pub const CAP_PRIOR: u64 = 120;
    pub const SENT_KIND: u64 = 121;
    pub const CLUS_SHAPE: u64 = 122;
    pub const S1_SELF: u64 = 130; // + offset 0..3
    pub const NL_TYPE: u64 = 135;
    pub const NL_TAG: u64 = 136;
    pub const NL_MAJ: u64 = 137;
    pub const NL_FIRST: u64 = 138;
    pub const NL_NONE: u64 = 139;
}

#[inline]
fn feat(template: u64, a: u64) -> u64 {
    mix(template.wrapping_mul(0x2545_F491_4F6C_DD1D), a)
}

/// The features of one sentence: `feats[offsets[i]..offsets[i+1]]` for token i.
#[derive(Debug, Default, Clone)]
pub struct SentenceFeatures {
    pub feats: Vec<u64>,
    pub offsets: Vec<u32>,
}

impl SentenceFeatures {
    /// Features of token i.
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// True for an empty sentence.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Extracts the features of one sentence.
pub fn extract(
    words: &[&str],
    clusters: &Clusters,
    lex: &Lexicon,
    doc: &DocInfo,
    sent_index: usize,
) -> SentenceFeatures {
    let n = words.len();
    let caps = all_caps_sentence(words);
    // Kind of sentence: position in the document (headline, dateline,
    // body) and whether it is mostly numbers (a results table).
    let digits = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .count();
    let table = n >= 3 && digits * 3 >= n;
    let kind = sent_index.min(2) as u64 | u64::from(table) << 2 | u64::from(caps) << 3;
    let gaz = gazetteer_marks(lex, words);
    let mut atoms = Vec::with_capacity(n);
    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(n * 64),
        offsets: Vec::with_capacity(n + 1),
    };
    let mut lower = String::new();
    let mut buf = String::new();
    // Whether a capitalized word's lowercase and title-case forms are in
    // the cluster vocabulary (bits 0 and 1).
    let mut priors = vec![0u64; n];
    for (i, w) in words.iter().enumerate() {
        lowercase_into(w, &mut lower);
        let (shape, long_shape) = shapes(w);
        let clus = clusters
            .lookup_with(w, &mut buf)
            .map(|p| clusters.prefix[p as usize])
            .unwrap_or([0; 4]);
        let cap = w.chars().next().is_some_and(char::is_uppercase);
        if cap {
            let lc = clusters.index.contains_key(cluster_form(&lower).as_ref());
            title_case_into(w, &mut buf);
            let tc = clusters.index.contains_key(cluster_form(&buf).as_ref());
            priors[i] = u64::from(lc) | u64::from(tc) << 1;
        }
        atoms.push(Atoms {
            word: hash_bytes(5, w.as_bytes()),
            lower: hash_bytes(1, lower.as_bytes()),
            shape,
            long_shape,
            clus,
            gaz: gaz[i],
            cap,
        });
    }
    let get = |j: isize| -> Option<&Atoms> {
        if j < 0 || j as usize >= n {
            None
        } else {
            Some(&atoms[j as usize])
        }
    };
    let pad = |j: isize| if j < 0 { BOS } else { EOS };
    for i in 0..n {
        out.offsets.push(out.feats.len() as u32);
        let f = &mut out.feats;
        let a = &atoms[i];
        let w = words[i];
        f.push(feat(t::BIAS, 0));
        f.push(feat(t::WORD, a.word));
        for (k, off) in (-2isize..=2).enumerate() {
            let j = i as isize + off;
            let (lw, sh) = get(j).map_or((pad(j), pad(j)), |b| (b.lower, b.shape));
            f.push(feat(t::LOWER + k as u64, lw));
            f.push(feat(t::SHAPE + k as u64, sh));
            let ks: &[usize] = if off.abs() == 2 {
                &[0, 1]
            } else {
                &[0, 1, 2, 3]
            };
            match get(j) {
                Some(b) if b.clus[0] != 0 => {
                    for &c in ks {
                        f.push(feat(t::CLUS + 4 * k as u64 + c as u64, b.clus[c]));
                    }
                }
                Some(_) => f.push(feat(t::NO_CLUS + 8 * k as u64, 0)),
                None => {}
            }
        }
        f.push(feat(t::LONG_SHAPE, a.long_shape));
        // Affixes: first and last 1-4 characters.
        let mut ends = w.char_indices().skip(1).map(|(b, _)| b);
        for k in 0..4 {
            match ends.next() {
                Some(b) => f.push(feat(t::PREFIX + k, hash_bytes(6, &w.as_bytes()[..b]))),
                None => break,
            }
        }
        let mut starts = w.char_indices().rev().map(|(b, _)| b);
        for k in 0..4 {
            match starts.next() {
                Some(b) if b > 0 => f.push(feat(t::SUFFIX + k, hash_bytes(7, &w.as_bytes()[b..]))),
                _ => break,
            }
        }
        let prev = get(i as isize - 1);
        let next = get(i as isize + 1);
        let (pl, ps) = prev.map_or((BOS, BOS), |b| (b.lower, b.shape));
        let (nl, ns) = next.map_or((EOS, EOS), |b| (b.lower, b.shape));
        f.push(feat(t::LOWER_BI_L, mix(pl, a.lower)));
        f.push(feat(t::LOWER_BI_R, mix(a.lower, nl)));
        f.push(feat(t::SHAPE_BI_L, mix(ps, a.shape)));
        f.push(feat(t::SHAPE_BI_R, mix(a.shape, ns)));
        f.push(feat(t::SHAPE_TRI, mix(mix(ps, a.shape), ns)));
        for (k, g) in [prev, Some(a), next].into_iter().enumerate() {
            let Some(g) = g else { continue };
            let mut m = g.gaz;
            while m != 0 {
                let bit = m.trailing_zeros() as u64;
                m &= m - 1;
                f.push(feat(t::GAZ + k as u64, bit));
            }
        }
        if i == 0 {
            f.push(feat(t::FIRST, a.shape));
        }
        f.push(feat(t::SENT_KIND, mix(kind, a.shape)));
        if a.clus[0] != 0 {
            f.push(feat(t::CLUS_SHAPE, mix(a.clus[1], a.shape)));
        }
        if caps {
            f.push(feat(t::CAPS_SENT, a.lower));
        }
        if a.cap {
            let lower_seen = doc.lower_seen.contains_key(&a.lower);
            let cap_mid = doc.cap_mid.contains_key(&a.lower);
            let odd = i == 0 || caps;
            let key = u64::from(lower_seen) | u64::from(cap_mid) << 1 | u64::from(odd) << 2;
            f.push(feat(t::DOC, key));
            // Is the word's lowercase / title-case form common in the
            // unlabeled text (its cluster vocabulary)?
            let key = priors[i] | u64::from(odd) << 2;
            f.push(feat(t::CAP_PRIOR, key));
        }
    }
    out.offsets.push(out.feats.len() as u32);
    out
}

/// The second-stage features of a document (besides the first-stage ones): the first-stage tags of the token and its neighbors, and, for
/// a capitalized word, the first-stage types of its other occurrences in the
/// document (each type seen, the majority, the first occurrence's type;
/// tags compared by lowercase form so headlines match running text).
pub fn nonlocal(doc: &[&[&str]], stage1: &[Vec<u8>]) -> Vec<SentenceFeatures> {
    use crate::tags::{split, NTAGS};
    let ty = |t: u8| split(t).map_or(0u64, |(e, _)| 1 + e as u64);
    // lowercase word -> list of (sentence, token, stage-1 tag)
    let mut occ: FastMap<u64, Vec<(u32, u32, u8)>> = FastMap::default();
    for (si, s) in doc.iter().enumerate() {
        for (i, w) in s.iter().enumerate() {
            if w.chars().next().is_some_and(char::is_uppercase) {
                let key = hash_bytes(1, w.to_lowercase().as_bytes());
                occ.entry(key)
                    .or_default()
                    .push((si as u32, i as u32, stage1[si][i]));
            }
        }
    }
    // Per word, the totals over all its occurrences, so that each token's
    // "other occurrences" are the totals minus itself: linear in the
    // document, not quadratic in a word's frequency.
    struct Totals {
        types: [u32; 5],
        tags: [u32; NTAGS],
        /// The first two occurrences: (sentence, token, type).
        first: [(u32, u32, u64); 2],
    }
    let totals: FastMap<u64, Totals> = occ
        .iter()
        .map(|(&key, v)| {
            let mut t = Totals {
                types: [0; 5],
                tags: [0; NTAGS],
                first: [(u32::MAX, u32::MAX, 0); 2],
            };
            for (n, &(s2, i2, t2)) in v.iter().enumerate() {
                t.types[ty(t2) as usize] += 1;
                t.tags[t2 as usize] += 1;
                if n < 2 {
                    t.first[n] = (s2, i2, ty(t2));
                }
            }
            (key, t)
        })
        .collect();
    let mut all = Vec::with_capacity(doc.len());
    for (si, s) in doc.iter().enumerate() {
        let mut out = SentenceFeatures {
            feats: Vec::with_capacity(s.len() * 8),
            offsets: Vec::with_capacity(s.len() + 1),
        };
        let tags = &stage1[si];
        for (i, w) in s.iter().enumerate() {
            out.offsets.push(out.feats.len() as u32);
            let f = &mut out.feats;
            let prev = if i == 0 {
                NTAGS as u64
            } else {
                u64::from(tags[i - 1])
            };
            let next = tags.get(i + 1).map_or(NTAGS as u64 + 1, |&t| u64::from(t));
            f.push(feat(t::S1_SELF, u64::from(tags[i])));
            f.push(feat(t::S1_SELF + 1, mix(prev, u64::from(tags[i]))));
            f.push(feat(t::S1_SELF + 2, mix(u64::from(tags[i]), next)));
            if !w.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let key = hash_bytes(1, w.to_lowercase().as_bytes());
            let mut counts = [0u32; 5];
            let mut seen_tags = 0u32;
            let mut first = None;
            if let Some(tot) = totals.get(&key) {
                let own = tags[i];
                counts = tot.types;
                counts[ty(own) as usize] -= 1;
                for (t2, &c) in tot.tags.iter().enumerate() {
                    if c - u32::from(t2 == own as usize) > 0 {
                        seen_tags |= 1 << t2;
                    }
                }
                // the first occurrence other than this one
                let me = (si as u32, i as u32);
                first = tot
                    .first
                    .iter()
                    .find(|f| (f.0, f.1) != me && f.0 != u32::MAX)
                    .map(|f| f.2);
            }
            let Some(first) = first else {
                f.push(feat(t::NL_NONE, 0));
                continue;
            };
            for (k, &c) in counts.iter().enumerate() {
                if c > 0 {
                    f.push(feat(t::NL_TYPE, k as u64));
                }
            }
            let mut m = seen_tags;
            while m != 0 {
                let b = m.trailing_zeros() as u64;
                m &= m - 1;
                f.push(feat(t::NL_TAG, b));
            }
            let maj = (0..5)
                .max_by_key(|&k| (counts[k], std::cmp::Reverse(k)))
                .unwrap_or(0);
            f.push(feat(t::NL_MAJ, maj as u64));
            f.push(feat(t::NL_FIRST, first));
        }
        out.offsets.push(out.feats.len() as u32);
        all.push(out);
    }
    all
}

/// Token-wise concatenation of two feature lists of the same sentence.
pub fn concat(a: &SentenceFeatures, b: &SentenceFeatures) -> SentenceFeatures {
    let mut out = SentenceFeatures {
        feats: Vec::with_capacity(a.feats.len() + b.feats.len()),
        offsets: Vec::with_capacity(a.offsets.len()),
    };
    for i in 0..a.len() {
        out.offsets.push(out.feats.len() as u32);
        out.feats.extend_from_slice(a.token(i));
        out.feats.extend_from_slice(b.token(i));
    }
    out.offsets.push(out.feats.len() as u32);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy_clusters() -> Clusters {
        Clusters::new(&[
            ("China".to_string(), "0110".to_string()),
            ("Japan".to_string(), "0110".to_string()),
            ("said".to_string(), "1011101".to_string()),
        ])
    }

    #[test]
    fn cluster_lookup_falls_back_on_case() {
        let c = toy_clusters();
        assert_eq!(c.path("China"), Some("0110"));
        assert_eq!(c.path("CHINA"), Some("0110"));
        assert_eq!(c.path("SAID"), Some("1011101"));
        assert_eq!(c.path("Said"), Some("1011101"));
        assert_eq!(c.path("said"), Some("1011101"));
        assert_eq!(c.path("china"), None);
    }

    #[test]
    fn features_are_deterministic_and_context_sensitive() {
        let lex = Lexicon::get();
        let c = toy_clusters();
        let s1 = ["Japan", "beat", "China", "."];
        let s2 = ["Japan", "beat", "Japan", "."];
        let d = DocInfo::default();
        let a = extract(&s1, &c, lex, &d, 0);
        let b = extract(&s1, &c, lex, &d, 0);
        assert_eq!(a.feats, b.feats);
        assert_eq!(a.len(), 4);
        let x = extract(&s2, &c, lex, &d, 0);
        // Token 0 differs only through its right context at distance 2.
        assert_ne!(a.token(0), x.token(0));
        // Same cluster: the cluster features of tokens 2 are shared.
        let shared = a.token(2).iter().filter(|f| x.token(2).contains(f)).count();
        assert!(shared > 10, "{shared}");
    }

    #[test]
    fn gazetteer_marks_countries() {
        let lex = Lexicon::get();
        let m = gazetteer_marks(lex, &["talks", "in", "South", "Korea", "with", "NATO"]);
        assert_ne!(m[2] & 1, 0, "{m:?}");
        assert_ne!(m[3] & 2, 0, "{m:?}");
        assert_eq!(m[0], 0);
        assert_ne!(m[5] & (1 << 8), 0, "{m:?}");
        // All-caps headlines are matched in title case.
        let m = gazetteer_marks(lex, &["SOCCER", "-", "JAPAN", "BEAT", "CHINA"]);
        assert_ne!(m[2] & 1, 0, "{m:?}");
    }

    #[test]
    fn huge_tokens_and_sentences_are_cheap() {
        let lex = Lexicon::get();
        let c = toy_clusters();
        let long = "x".repeat(10_000);
        let words: Vec<&str> = vec![long.as_str(); 3];
        let f = extract(&words, &c, lex, &DocInfo::default(), 0);
        assert_eq!(f.len(), 3);
        assert!(f.token(1).len() < 80);
    }
}
