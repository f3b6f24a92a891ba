//! The lemmatizer: an exception table (form + XPOS → lemma) for the words
//! the rules get wrong, and suffix rules per XPOS for everything else.
//!
//! A rule is an edit script learned from the UD lemmas: optionally
//! lowercase the word, strip `n` characters, append a string
//! (`meetings` → strip 1; `pledged` → strip 1 (`d`); `studies` → strip 3,
//! append `y`). The rule for a word is the one stored under the longest
//! suffix of its lowercased form (up to [`MAX_SUFFIX`] characters) for its
//! XPOS; each suffix holds the majority rule of the training word types
//! that end in it.
//!
//! File format (`lemma.bin.gz`), gzip around: `MAGIC`, version, rules
//! (count; XPOS, suffix, lowercase flag, strip, append), exceptions (count;
//! form, XPOS, lemma), canonical names (count; group, lowercase, lemma),
//! all sorted.
//!
//! Names keep their canonical case: a proper noun (or a proper adjective)
//! written all in lowercase or all in capitals takes the capitalization its
//! lemma had in training (`canada` → `Canada`, `TEHRAN` → `Tehran`), as UD
//! English annotates them; unknown ones stay as written (`gimp`, `NATO`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::codec::{Reader, Writer};
use crate::model::FxMap;
use crate::tags::{self, XPOS_TAGS};

const MAGIC: &[u8; 8] = b"CHRNLEM\x01";
const VERSION: u64 = 2;
/// Longest suffix (in characters) a rule is keyed on.
pub const MAX_SUFFIX: usize = 6;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Rule {
    lower: bool,
    strip: u32,
    append: Box<str>,
}

impl Rule {
    /// The rule turning `form` into `lemma`.
    pub fn derive(form: &str, lemma: &str) -> Rule {
        let edit = |f: &str| -> (u32, Box<str>) {
            let common = f
                .chars()
                .zip(lemma.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let strip = f.chars().count() - common;
            let at = lemma
                .char_indices()
                .nth(common)
                .map_or(lemma.len(), |(i, _)| i);
            (strip as u32, lemma[at..].into())
        };
        let lc = form.to_lowercase();
        let (s_cs, a_cs) = edit(form);
        let (s_lc, a_lc) = edit(&lc);
        if s_lc <= s_cs && (s_lc < s_cs || a_lc.len() <= a_cs.len()) {
            Rule {
                lower: true,
                strip: s_lc,
                append: a_lc,
            }
        } else {
            Rule {
                lower: false,
                strip: s_cs,
                append: a_cs,
            }
        }
    }

    /// Applies the rule, or `None` when the word is too short for it.
    pub fn apply<'a>(&self, word: &'a str) -> Option<Cow<'a, str>> {
        let lower = self.lower && word.chars().any(char::is_uppercase);
        if !lower && self.strip == 0 && self.append.is_empty() {
            return Some(Cow::Borrowed(word));
        }
        let base: Cow<str> = if lower {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        let cut = if self.strip == 0 {
            base.len()
        } else {
            base.char_indices()
                .rev()
                .nth(self.strip as usize - 1)
                .map(|(i, _)| i)?
        };
        if cut == 0 && self.append.is_empty() {
            return None;
        }
        let mut s = String::with_capacity(cut + self.append.len());
        s.push_str(&base[..cut]);
        s.push_str(&self.append);
        Some(Cow::Owned(s))
    }
}

/// Forms and lemmas to lemmatizer tables.
pub struct Lemmatizer {
    /// Per XPOS id: suffix → rule.
    rules: Vec<FxMap<Box<str>, Rule>>,
    /// The same rules keyed by [`fast_key`] when the suffix is ASCII:
    /// integer hashing and compares for the common case.
    fast: FxMap<u64, Rule>,
    /// Form → (XPOS id, lemma) pairs.
    exceptions: FxMap<Box<str>, Vec<(u8, Box<str>)>>,
    /// [`canon_group`] + lowercase lemma → the capitalized lemma of a name.
    canon: FxMap<Box<str>, Box<str>>,
}

/// Tags whose lemmas keep a name's capitals: proper nouns (group `n`) and
/// adjectives (group `j`, `Italian`).
fn canon_group(xpos: &str) -> Option<char> {
    match xpos {
        "NNP" | "NNPS" => Some('n'),
        "JJ" => Some('j'),
        _ => None,
    }
}

/// Whether a lemma is capitalized the way names are: an initial capital
/// and some lowercase letters.
fn is_name_case(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase) && s.chars().any(char::is_lowercase)
}

/// Whether a word is written in one case only (all lowercase or all
/// capitals), so its canonical capitalization is unknown from the text.
fn is_one_case(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && (s.chars().all(|c| !c.is_uppercase()) || s.chars().all(|c| !c.is_lowercase()))
}

/// The key of an ASCII suffix of at most [`MAX_SUFFIX`] bytes under XPOS `x`.
#[inline]
fn fast_key(x: u8, suf: &[u8]) -> u64 {
    let mut v = u64::from(x) << 56 | (suf.len() as u64) << 48;
    for (i, &b) in suf.iter().enumerate() {
        v |= u64::from(b) << (8 * i);
    }
    v
}

fn fast_index(rules: &[FxMap<Box<str>, Rule>]) -> FxMap<u64, Rule> {
    let mut out = FxMap::default();
    for (x, t) in rules.iter().enumerate() {
        for (s, r) in t {
            if s.is_ascii() && s.len() <= MAX_SUFFIX {
                out.insert(fast_key(x as u8, s.as_bytes()), r.clone());
            }
        }
    }
    out
}

/// The last `k` characters of `s` (all of it when shorter).
fn suffix(s: &str, k: usize) -> &str {
    if k == 0 {
        return "";
    }
    let at = s.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
    &s[at..]
}

/// A number written with thousands separators loses them (UD English:
/// `3,500,000` → `3500000`); other digit strings are their own lemma.
/// `None` for anything that is not digits, commas and periods.
fn plain_number(word: &str) -> Option<Cow<'_, str>> {
    let b = word.as_bytes();
    if !b.first()?.is_ascii_digit()
        || !b
            .iter()
            .all(|c| c.is_ascii_digit() || *c == b',' || *c == b'.')
    {
        return None;
    }
    let int = word.split('.').next().unwrap_or(word);
    let groups: Vec<&str> = int.split(',').collect();
    let grouped = groups.len() > 1
        && word.matches('.').count() <= 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    Some(if grouped {
        Cow::Owned(word.replace(',', ""))
    } else {
        Cow::Borrowed(word)
    })
}

impl Lemmatizer {
    /// The lemma of `word` read as `xpos` (a Penn tag). Words with an
    /// unknown tag are returned as they are.
    pub fn lemmatize<'a>(&'a self, word: &'a str, xpos: &str) -> Cow<'a, str> {
        let Some(x) = tags::xpos_id(xpos) else {
            return Cow::Borrowed(word);
        };
        if let Some(l) = self.exception(word, x) {
            return Cow::Borrowed(l);
        }
        if let Some(n) = plain_number(word) {
            return n;
        }
        if let Some(g) = canon_group(xpos) {
            if !self.canon.is_empty() && is_one_case(word) {
                let l = self.lemmatize_rest(word, x);
                let key = format!("{g}{}", l.to_lowercase());
                return match self.canon.get(key.as_str()) {
                    Some(c) => Cow::Borrowed(&**c),
                    None => l,
                };
            }
        }
        self.lemmatize_rest(word, x)
    }

    fn lemmatize_rest<'a>(&'a self, word: &'a str, x: u8) -> Cow<'a, str> {
        let upper = if word.is_ascii() {
            word.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            word.chars().any(char::is_uppercase)
        };
        if upper {
            let mut buf = [0u8; 32];
            let lc = if word.len() <= buf.len() && word.is_ascii() {
                buf[..word.len()].copy_from_slice(word.as_bytes());
                buf[..word.len()].make_ascii_lowercase();
                Cow::Borrowed(std::str::from_utf8(&buf[..word.len()]).unwrap_or(word))
            } else {
                Cow::Owned(word.to_lowercase())
            };
            if let Some(l) = self.exception(&lc, x) {
                return Cow::Borrowed(l);
            }
        }
        self.by_rule(word, x)
    }

    fn exception(&self, form: &str, x: u8) -> Option<&str> {
        self.exceptions
            .get(form)?
            .iter()
            .find(|(t, _)| *t == x)
            .map(|(_, l)| &**l)
    }

    fn by_rule<'a>(&self, word: &'a str, x: u8) -> Cow<'a, str> {
        let table = &self.rules[x as usize];
        if table.is_empty() {
            return Cow::Borrowed(word);
        }
        // Suffixes are keyed lowercased; only the last MAX_SUFFIX
        // characters are lowercased, so long words cost no more.
        let tail = suffix(word, MAX_SUFFIX);
        if tail.is_ascii() {
            // Every suffix of an ASCII tail is in the integer-keyed index.
            let mut buf = [0u8; MAX_SUFFIX];
            let b = &mut buf[..tail.len()];
            b.copy_from_slice(tail.as_bytes());
            b.make_ascii_lowercase();
            for k in (0..=b.len()).rev() {
                if let Some(r) = self.fast.get(&fast_key(x, &b[b.len() - k..])) {
                    if let Some(l) = r.apply(word) {
                        return l;
                    }
                }
            }
            return Cow::Borrowed(word);
        }
        let tail = tail.to_lowercase();
        let n = tail.chars().count();
        for k in (0..=n).rev() {
            if let Some(r) = table.get(suffix(&tail, k)) {
                if let Some(l) = r.apply(word) {
                    return l;
                }
            }
        }
        Cow::Borrowed(word)
    }

    /// Learns the tables from `(form, xpos, lemma)` triples (one per token).
    pub fn train<'a>(tokens: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Self {
        Self::train_weighted(tokens.into_iter().map(|(f, x, l)| (f, x, l, 1)))
    }

    /// Like [`Lemmatizer::train`], each token counting `weight` times
    /// (treebanks disagree on some lemmas: EWT `people` → `people`, GUM
    /// `people` → `person`; weighting picks the convention).
    pub fn train_weighted<'a>(
        tokens: impl IntoIterator<Item = (&'a str, &'a str, &'a str, u32)>,
    ) -> Self {
        // (form, xpos) → lemma → count; BTreeMaps keep everything ordered.
        let mut counts: BTreeMap<(&str, u8), BTreeMap<&str, u32>> = BTreeMap::new();
        for (form, xpos, lemma, weight) in tokens {
            let Some(x) = tags::xpos_id(xpos) else {
                continue;
            };
            if lemma == "_" || form.is_empty() {
                continue;
            }
            *counts
                .entry((form, x))
                .or_default()
                .entry(lemma)
                .or_default() += weight;
        }
        let types: Vec<((&str, u8), &str)> = counts
            .iter()
            .map(|(k, ls)| {
                // Majority lemma; ties go to the first in order.
                let best = ls
                    .iter()
                    .fold(("", 0), |b, (l, &c)| if c > b.1 { (*l, c) } else { b });
                (*k, best.0)
            })
            .collect();
        // Suffix statistics over word types.
        let mut stats: Vec<BTreeMap<String, BTreeMap<Rule, u32>>> =
            vec![BTreeMap::new(); XPOS_TAGS.len()];
        for ((form, x), lemma) in &types {
            let rule = Rule::derive(form, lemma);
            // A form without capitals says nothing about lowercasing: it
            // votes for the rule with and without it, so that the
            // capitalized forms decide (`Government` → `government` as NN,
            // `McConnell@ECT` kept as ADD).
            let votes = if rule.lower && !form.chars().any(char::is_uppercase) {
                let keep = Rule {
                    lower: false,
                    ..rule.clone()
                };
                vec![rule, keep]
            } else {
                vec![rule]
            };
            let lc = form.to_lowercase();
            let n = lc.chars().count().min(MAX_SUFFIX);
            for k in 0..=n {
                let slot = stats[*x as usize]
                    .entry(suffix(&lc, k).to_string())
                    .or_default();
                for r in &votes {
                    *slot.entry(r.clone()).or_default() += 1;
                }
            }
        }
        let mut rules: Vec<FxMap<Box<str>, Rule>> = vec![FxMap::default(); XPOS_TAGS.len()];
        for (x, table) in stats.into_iter().enumerate() {
            // Shortest suffixes first, so that a longer suffix whose rule
            // equals what its ancestors give can be dropped.
            let mut by_len: Vec<(String, BTreeMap<Rule, u32>)> = table.into_iter().collect();
            by_len.sort_by(|a, b| (a.0.chars().count(), &a.0).cmp(&(b.0.chars().count(), &b.0)));
            for (suf, rs) in by_len {
                let total: u32 = rs.values().sum();
                if !suf.is_empty() && total < 2 {
                    continue;
                }
                let n = suf.chars().count();
                let inherited = (0..n).rev().find_map(|k| rules[x].get(suffix(&suf, k)));
                let top = rs.values().copied().max().unwrap_or(0);
                // Ties go to the inherited rule, then to the first in order.
                let best = match inherited {
                    Some(r) if rs.get(r) == Some(&top) => r.clone(),
                    _ => rs
                        .iter()
                        .find(|(_, &c)| c == top)
                        .map(|(r, _)| r.clone())
                        .expect("non-empty"),
                };
                if inherited != Some(&best) {
                    rules[x].insert(suf.into(), best);
                }
            }
        }
        let mut lem = Lemmatizer {
            fast: fast_index(&rules),
            rules,
            exceptions: FxMap::default(),
            canon: FxMap::default(),
        };
        // Canonical capitals of names: per group and lowercase lemma, the
        // majority spelling over word types, kept when it is capitalized.
        let mut canon: BTreeMap<String, BTreeMap<&str, u32>> = BTreeMap::new();
        for ((_, x), lemma) in &types {
            if let Some(g) = canon_group(XPOS_TAGS[*x as usize]) {
                if lemma.chars().any(char::is_alphabetic) {
                    *canon
                        .entry(format!("{g}{}", lemma.to_lowercase()))
                        .or_default()
                        .entry(lemma)
                        .or_default() += 1;
                }
            }
        }
        for (k, ls) in canon {
            let top = ls.values().copied().max().unwrap_or(0);
            match ls.iter().find(|(_, &c)| c == top) {
                Some((l, _)) if is_name_case(l) => {
                    lem.canon.insert(k.into(), (*l).into());
                }
                _ => {}
            }
        }
        // Exceptions: first where the rules are wrong, then where the
        // lowercase fallback or the canonical name would be wrong, until
        // nothing changes (an exception for `enron` changes `Enron`).
        for pass in 0..6 {
            let mut add = Vec::new();
            for ((form, x), lemma) in &types {
                let got = if pass == 0 {
                    lem.by_rule(form, *x)
                } else {
                    lem.lemmatize(form, XPOS_TAGS[*x as usize])
                };
                if got != *lemma {
                    add.push((*form, *x, *lemma));
                }
            }
            if pass > 0 && add.is_empty() {
                break;
            }
            for (form, x, lemma) in add {
                lem.exceptions
                    .entry(form.into())
                    .or_default()
                    .push((x, lemma.into()));
            }
        }
        lem
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.varint(VERSION);
        let mut rules: Vec<(u8, &str, &Rule)> = Vec::new();
        for (x, t) in self.rules.iter().enumerate() {
            rules.extend(t.iter().map(|(s, r)| (x as u8, &**s, r)));
        }
        rules.sort();
        w.varint(rules.len() as u64);
        for (x, s, r) in rules {
            w.u8(x);
            w.str(s);
            w.u8(u8::from(r.lower));
            w.varint(u64::from(r.strip));
            w.str(&r.append);
        }
        let mut ex: Vec<(&str, u8, &str)> = Vec::new();
        for (f, v) in &self.exceptions {
            ex.extend(v.iter().map(|(x, l)| (&**f, *x, &**l)));
        }
        ex.sort();
        w.varint(ex.len() as u64);
        for (f, x, l) in ex {
            w.str(f);
            w.u8(x);
            w.str(l);
        }
        let mut canon: Vec<(&str, &str)> = self.canon.iter().map(|(k, v)| (&**k, &**v)).collect();
        canon.sort();
        w.varint(canon.len() as u64);
        for (k, v) in canon {
            w.str(k);
            w.str(v);
        }
        w.finish_gz()
    }

    pub(crate) fn parse(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        if r.bytes(MAGIC.len())? != MAGIC {
            bail!("not a chronicle lemma model (bad magic)");
        }
        let version = r.varint()?;
        if version != VERSION && version != 1 {
            bail!("unsupported version {version} (expected {VERSION})");
        }
        let xid = |v: u8| -> Result<u8> {
            if usize::from(v) >= XPOS_TAGS.len() {
                bail!("XPOS id {v} out of range");
            }
            Ok(v)
        };
        let mut rules: Vec<FxMap<Box<str>, Rule>> = vec![FxMap::default(); XPOS_TAGS.len()];
        for _ in 0..r.count(5)? {
            let x = xid(r.u8()?)?;
            let s = r.str()?;
            let lower = r.u8()? != 0;
            let strip = u32::try_from(r.varint()?)?;
            let append = r.str()?.into();
            rules[x as usize].insert(
                s.into(),
                Rule {
                    lower,
                    strip,
                    append,
                },
            );
        }
        let mut exceptions: FxMap<Box<str>, Vec<(u8, Box<str>)>> = FxMap::default();
        for _ in 0..r.count(3)? {
            let f = r.str()?;
            let x = xid(r.u8()?)?;
            let l = r.str()?;
            exceptions.entry(f.into()).or_default().push((x, l.into()));
        }
        let mut canon: FxMap<Box<str>, Box<str>> = FxMap::default();
        // Version 1 files have no canonical names.
        let n_canon = if version == 1 { 0 } else { r.count(2)? };
        for _ in 0..n_canon {
            let k = r.str()?;
            let v = r.str()?;
            if !matches!(k.chars().next(), Some('n' | 'j')) {
                bail!("bad canonical-name group in {k:?}");
            }
            canon.insert(k.into(), v.into());
        }
        r.expect_end()?;
        Ok(Lemmatizer {
            fast: fast_index(&rules),
            rules,
            exceptions,
            canon,
        })
    }

    /// Number of suffix rules and of exceptions.
    pub fn sizes(&self) -> (usize, usize) {
        (
            self.rules.iter().map(|t| t.len()).sum(),
            self.exceptions.values().map(Vec::len).sum(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_edit_scripts() {
        let r = Rule::derive("pledged", "pledge");
        assert_eq!((r.strip, &*r.append), (1, ""));
        assert_eq!(r.apply("visited").unwrap(), "visite"); // a rule, not a lemmatizer
        let r = Rule::derive("studies", "study");
        assert_eq!((r.strip, &*r.append), (3, "y"));
        assert_eq!(r.apply("Parties").unwrap(), "party");
        let r = Rule::derive("Bush", "Bush");
        assert!(!r.lower);
        assert!(matches!(r.apply("Obama"), Some(Cow::Borrowed("Obama"))));
        let r = Rule::derive("The", "the");
        assert!(r.lower && r.strip == 0);
        // Too short for the rule.
        assert!(Rule::derive("meetings", "meeting").apply("").is_none());
    }

    fn toy() -> Lemmatizer {
        let data = [
            ("met", "VBD", "meet"),
            ("met", "VBN", "meet"),
            ("meets", "VBZ", "meet"),
            ("meeting", "VBG", "meet"),
            ("visited", "VBD", "visit"),
            ("wanted", "VBD", "want"),
            ("started", "VBD", "start"),
            ("pledged", "VBD", "pledge"),
            ("hoped", "VBD", "hope"),
            ("liked", "VBD", "like"),
            ("ministers", "NNS", "minister"),
            ("leaders", "NNS", "leader"),
            ("Talks", "NNS", "talk"),
            ("canada", "NNP", "Canada"),
            ("Canada", "NNP", "Canada"),
            ("Enron", "NNP", "Enron"),
            ("enron", "NNP", "enron"),
            ("Italian", "JJ", "Italian"),
            ("new", "JJ", "new"),
            ("New", "JJ", "new"),
            ("user@example.org", "ADD", "user@example.org"),
            ("Info@Example.org", "ADD", "Info@Example.org"),
            ("talks", "NNS", "talk"),
            ("studies", "NNS", "study"),
            ("parties", "NNS", "party"),
            ("says", "VBZ", "say"),
            ("gets", "VBZ", "get"),
            ("going", "VBG", "go"),
            ("saying", "VBG", "say"),
            ("The", "DT", "the"),
            ("Paris", "NNP", "Paris"),
            ("was", "VBD", "be"),
        ];
        Lemmatizer::train(data)
    }

    #[test]
    fn learns_exceptions_and_rules() {
        let l = toy();
        assert_eq!(l.lemmatize("met", "VBD"), "meet");
        assert_eq!(l.lemmatize("meets", "VBZ"), "meet");
        assert_eq!(l.lemmatize("meeting", "VBG"), "meet");
        assert_eq!(l.lemmatize("visited", "VBD"), "visit");
        assert_eq!(l.lemmatize("pledged", "VBD"), "pledge");
        assert_eq!(l.lemmatize("ministers", "NNS"), "minister");
        // Unseen words go by suffix rules.
        assert_eq!(l.lemmatize("presidents", "NNS"), "president");
        assert_eq!(l.lemmatize("Ministers", "NNS"), "minister");
        assert_eq!(l.lemmatize("agencies", "NNS"), "agency");
        assert_eq!(l.lemmatize("visiting", "VBG"), "visit");
        assert_eq!(l.lemmatize("Was", "VBD"), "be");
        assert_eq!(l.lemmatize("London", "NNP"), "London");
        // Forms without capitals do not teach lowercasing.
        assert_eq!(l.lemmatize("Mail@Example.com", "ADD"), "Mail@Example.com");
        // Names keep their canonical capitals; unknown ones stay as written.
        assert_eq!(l.lemmatize("CANADA", "NNP"), "Canada");
        assert_eq!(l.lemmatize("italian", "JJ"), "Italian");
        assert_eq!(l.lemmatize("NEW", "JJ"), "new");
        assert_eq!(l.lemmatize("gimp", "NNP"), "gimp");
        assert_eq!(l.lemmatize("NATO", "NNP"), "NATO");
        // An exception for one spelling does not capture the other.
        assert_eq!(l.lemmatize("enron", "NNP"), "enron");
        assert_eq!(l.lemmatize("Enron", "NNP"), "Enron");
        // Thousands separators go; other numbers stay.
        assert_eq!(l.lemmatize("3,500,000", "CD"), "3500000");
        assert_eq!(l.lemmatize("1,250.50", "CD"), "1250.50");
        assert_eq!(l.lemmatize("20.000", "CD"), "20.000");
        assert_eq!(l.lemmatize("1,2", "CD"), "1,2");
        assert_eq!(l.lemmatize("202.456.1414", "CD"), "202.456.1414");
        // Unknown tag, empty word, huge word.
        assert_eq!(l.lemmatize("foo", "BOGUS"), "foo");
        assert_eq!(l.lemmatize("", "NNS"), "");
        let long = "x".repeat(10_000) + "s";
        assert_eq!(l.lemmatize(&long, "NNS").len(), 10_000);
    }

    #[test]
    fn round_trip_and_corruption() {
        let l = toy();
        let bytes = l.to_bytes();
        let back = Lemmatizer::parse(&crate::codec::gunzip(&bytes).unwrap()).unwrap();
        assert_eq!(back.to_bytes(), bytes);
        assert_eq!(back.lemmatize("met", "VBD"), "meet");
        let raw = crate::codec::gunzip(&bytes).unwrap();
        for cut in [0, 5, 8, raw.len() / 2, raw.len() - 1] {
            assert!(Lemmatizer::parse(&raw[..cut]).is_err(), "cut at {cut}");
        }
    }
}
