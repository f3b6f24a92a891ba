//! The part-of-speech model: labels (XPOS/UPOS pairs), a tag dictionary of
//! frequent unambiguous words, and sparse quantized perceptron weights in an
//! open-addressing table keyed by feature hash.
//!
//! File format (`pos.bin.gz`), gzip around:
//! `MAGIC`, version varint, labels (count, then XPOS and UPOS strings),
//! tag dictionary (count, then word string and label varint, sorted by word),
//! features (count; keys as sorted deltas; then per feature an entry count
//! and `label varint, weight zigzag` pairs). Weights are `i16` fixed point.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{bail, Result};

use crate::codec::{Reader, Writer};
use crate::features;
use crate::{tags, Tag};

pub(crate) const MAGIC: &[u8; 8] = b"CHRNPOS\x01";
const VERSION: u64 = 1;

/// FxHash for string and integer keys (deterministic, fast).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(v));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub label: u16,
    pub weight: i16,
}

/// What training hands over to be written or used.
pub(crate) struct RawModel {
    pub labels: Vec<Tag>,
    pub tagdict: Vec<(String, u16)>,
    /// Word → ambiguity class (bit set of XPOS ids), sorted by word.
    pub ambdict: Vec<(String, u64)>,
    /// Sorted by key; entries sorted by label.
    pub features: Vec<(u32, Vec<Entry>)>,
}

impl RawModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.varint(VERSION);
        w.varint(self.labels.len() as u64);
        for t in &self.labels {
            w.str(t.xpos);
            w.str(t.upos);
        }
        w.varint(self.tagdict.len() as u64);
        for (word, label) in &self.tagdict {
            w.str(word);
            w.varint(u64::from(*label));
        }
        w.varint(self.ambdict.len() as u64);
        for (word, bits) in &self.ambdict {
            w.str(word);
            w.varint(*bits);
        }
        w.varint(self.features.len() as u64);
        let mut prev = 0u32;
        for (k, _) in &self.features {
            w.varint(u64::from(k - prev));
            prev = *k;
        }
        for (_, entries) in &self.features {
            w.varint(entries.len() as u64);
            let mut prev_label = 0u16;
            for e in entries {
                w.varint(u64::from(e.label - prev_label));
                prev_label = e.label;
                w.zigzag(i64::from(e.weight));
            }
        }
        w.finish_gz()
    }
}

pub(crate) struct PosModel {
    pub labels: Vec<Tag>,
    tagdict: FxMap<Box<str>, u16>,
    ambdict: FxMap<Box<str>, u64>,
    /// Open addressing: (key, feature index); key 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    mask: usize,
    /// Feature `i` owns `entries[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    entries: Vec<Entry>,
}

impl PosModel {
    pub fn from_raw(raw: &RawModel) -> Self {
        let n = raw.features.len();
        let mut starts = Vec::with_capacity(n + 1);
        let mut entries = Vec::new();
        let cap = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![(0u32, 0u32); cap];
        let mask = cap - 1;
        for (i, (k, es)) in raw.features.iter().enumerate() {
            starts.push(entries.len() as u32);
            entries.extend_from_slice(es);
            let mut s = (*k as usize).wrapping_mul(0x9e37_79b9) & mask;
            while slots[s].0 != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = (*k, i as u32);
        }
        starts.push(entries.len() as u32);
        PosModel {
            labels: raw.labels.clone(),
            tagdict: raw
                .tagdict
                .iter()
                .map(|(w, l)| (w.as_str().into(), *l))
                .collect(),
            ambdict: raw
                .ambdict
                .iter()
                .map(|(w, b)| (w.as_str().into(), *b))
                .collect(),
            slots,
            mask,
            starts,
            entries,
        }
    }

    pub fn from_bytes(data: &[u8]) -> Result<RawModel> {
        let mut r = Reader::new(data);
        if r.bytes(MAGIC.len())? != MAGIC {
            bail!("not a chronicle POS model (bad magic)");
        }
        let version = r.varint()?;
        if version != VERSION {
            bail!("unsupported version {version} (expected {VERSION})");
        }
        let nl = r.count(2)?;
        if nl == 0 || nl > usize::from(u16::MAX) {
            bail!("bad label count {nl}");
        }
        let mut labels = Vec::with_capacity(nl);
        for _ in 0..nl {
            let (x, u) = (r.str()?, r.str()?);
            let (Some(xpos), Some(upos)) = (tags::xpos(x), tags::upos(u)) else {
                bail!("unknown tag pair {x}/{u}");
            };
            labels.push(Tag { xpos, upos });
        }
        let label = |v: u64| -> Result<u16> {
            if v as usize >= nl {
                bail!("label {v} out of range");
            }
            Ok(v as u16)
        };
        let nd = r.count(2)?;
        let mut tagdict = Vec::with_capacity(nd);
        for _ in 0..nd {
            let w = r.str()?.to_string();
            tagdict.push((w, label(r.varint()?)?));
        }
        let na = r.count(2)?;
        let mut ambdict = Vec::with_capacity(na);
        for _ in 0..na {
            let w = r.str()?.to_string();
            ambdict.push((w, r.varint()?));
        }
        let nf = r.count(2)?;
        let mut keys = Vec::with_capacity(nf);
        let mut prev = 0u64;
        for _ in 0..nf {
            let d = r.varint()?;
            if d == 0 {
                bail!("feature keys not strictly increasing");
            }
            prev += d;
            if prev > u64::from(u32::MAX) {
                bail!("feature key out of range");
            }
            keys.push(prev as u32);
        }
        let mut features = Vec::with_capacity(nf);
        for k in keys {
            let ne = r.count(2)?;
            let mut es = Vec::with_capacity(ne);
            let mut l = 0u64;
            for _ in 0..ne {
                l += r.varint()?;
                let wgt = r.zigzag()?;
                let Ok(weight) = i16::try_from(wgt) else {
                    bail!("weight {wgt} out of range");
                };
                es.push(Entry {
                    label: label(l)?,
                    weight,
                });
            }
            features.push((k, es));
        }
        r.expect_end()?;
        Ok(RawModel {
            labels,
            tagdict,
            ambdict,
            features,
        })
    }

    #[inline]
    fn lookup(&self, key: u32) -> Option<&[Entry]> {
        let mut s = (key as usize).wrapping_mul(0x9e37_79b9) & self.mask;
        loop {
            let (k, i) = self.slots[s];
            if k == key {
                let i = i as usize;
                return Some(&self.entries[self.starts[i] as usize..self.starts[i + 1] as usize]);
            }
            if k == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// The ambiguity class of a word (0 when unknown); capitalized words
    /// unknown as written are looked up lowercased.
    pub fn amb(&self, word: &str) -> u64 {
        amb_lookup(&self.ambdict, word)
    }

    pub fn tagdict(&self, word: &str) -> Option<u16> {
        self.tagdict.get(word).copied()
    }

    /// The best label for the features in `feats`; `scores` is scratch.
    #[inline]
    pub fn predict(&self, feats: &[u32], scores: &mut Vec<i32>) -> u16 {
        scores.clear();
        scores.resize(self.labels.len(), 0);
        for &f in feats {
            if let Some(es) = self.lookup(f) {
                for e in es {
                    scores[e.label as usize] += i32::from(e.weight);
                }
            }
        }
        argmax(scores)
    }

    /// Greedy left-to-right labels of one sentence.
    pub fn tag_labels<S: AsRef<str>>(&self, words: &[S]) -> Vec<u16> {
        let mut ctx = Vec::with_capacity(words.len() + 4);
        features::context(words, |w| self.amb(w), &mut ctx);
        let mut feats = Vec::with_capacity(48);
        let mut scores = Vec::with_capacity(self.labels.len());
        let mut out = Vec::with_capacity(words.len());
        let (mut p1, mut p2) = (START1, START2);
        for (i, w) in words.iter().enumerate() {
            let l = match self.tagdict(w.as_ref()) {
                Some(l) => l,
                None => {
                    features::extract(&ctx, i, p1, p2, &mut feats);
                    self.predict(&feats, &mut scores)
                }
            };
            out.push(l);
            p2 = p1;
            p1 = u32::from(l);
        }
        out
    }

    pub fn n_features(&self) -> usize {
        self.starts.len() - 1
    }
}

pub(crate) fn amb_lookup<K: std::borrow::Borrow<str> + Eq + std::hash::Hash>(
    dict: &FxMap<K, u64>,
    word: &str,
) -> u64 {
    if let Some(&b) = dict.get(word) {
        return b;
    }
    if word.len() <= 64 && word.chars().next().is_some_and(char::is_uppercase) {
        if let Some(&b) = dict.get(word.to_lowercase().as_str()) {
            return b;
        }
    }
    0
}

/// The label before the first word.
pub(crate) const START1: u32 = u32::MAX;
/// The label two before the first word.
pub(crate) const START2: u32 = u32::MAX - 1;

/// Index of the highest score; ties go to the lowest index.
#[inline]
pub(crate) fn argmax<T: PartialOrd + Copy>(scores: &[T]) -> u16 {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate().skip(1) {
        if s > scores[best] {
            best = i;
        }
    }
    best as u16
}
