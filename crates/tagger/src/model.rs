//! The part-of-speech model: labels (XPOS/UPOS pairs), a tag dictionary of
//! frequent unambiguous words, and sparse quantized perceptron weights in an
//! open-addressing table keyed by feature hash.
//!
//! File format (`pos.bin.gz`), gzip around:
//! `MAGIC`, version varint, the fingerprint of the cluster table the model
//! was trained with (varint; see [`crate::clusters`]), labels (count, then XPOS and UPOS strings),
//! tag dictionary (count, then word string and label varint, sorted by word),
//! features (count; keys as sorted deltas; then per feature an entry count
//! and `label varint, weight zigzag` pairs). Weights are `i16` fixed point.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use anyhow::{bail, Result};

use crate::clusters::Clusters;
use crate::codec::{Reader, Writer};
use crate::features;
use crate::{tags, Tag};

pub(crate) const MAGIC: &[u8; 8] = b"CHRNPOS\x01";
const VERSION: u64 = 2;

/// FxHash for string and integer keys (deterministic, fast).
#[derive(Default, Clone, Copy)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (the bucket index) depending on
        // the first bytes only; a finalizer spreads every input bit.
        features::mix(self.0)
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
    /// Fingerprint of the cluster table used in training.
    pub clusters: u64,
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
        w.varint(self.clusters);
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
        w.sparse_weights(&self.features, |e| (e.label, e.weight));
        w.finish_gz()
    }
}

/// What the tagger knows about a word form: its tag dictionary label, its
/// ambiguity class and its Brown cluster.
#[derive(Clone, Copy, Debug)]
struct WordInfo {
    amb: u64,
    cluster: u32,
    dict: u16,
}

const NO_CLUSTER: u32 = u32::MAX;
const NO_LABEL: u16 = u16::MAX;

/// The per-word tables (tag dictionary, ambiguity classes, clusters) in
/// one hash map, so a word costs one lookup (two for capitalized words
/// missing from it).
pub(crate) struct WordTable {
    map: FxMap<Box<str>, WordInfo>,
    prefixes: Vec<[u64; 4]>,
    unknown: [u64; 4],
}

/// What [`WordTable::lookup`] finds for a word.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Looked {
    /// Tag dictionary label (exact form only).
    pub dict: Option<u16>,
    /// Ambiguity class (0: unknown); capitalized words unknown as written
    /// are looked up lowercased.
    pub amb: u64,
    /// Cluster prefix hashes: the form with digits as `0` and curly quotes
    /// straightened, else (for words with capitals) the title-case form of
    /// an all-caps word, else the lowercase form.
    pub clus: [u64; 4],
}

/// The form clusters are keyed on: digits as `0`, curly quotes straight.
fn cluster_form<'a>(word: &'a str, buf: &'a mut String) -> &'a str {
    let special = |c: char| {
        c.is_ascii_digit() || matches!(c, '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}')
    };
    if !word.chars().any(special) {
        return word;
    }
    buf.clear();
    buf.extend(word.chars().map(|c| match c {
        '0'..='9' => '0',
        '\u{2018}' | '\u{2019}' => '\'',
        '\u{201C}' | '\u{201D}' => '"',
        c => c,
    }));
    buf
}

impl WordTable {
    pub fn new(tagdict: &[(String, u16)], ambdict: &[(String, u64)], clusters: &Clusters) -> Self {
        let mut map: FxMap<Box<str>, WordInfo> = FxMap::default();
        map.reserve(tagdict.len() + ambdict.len() + clusters.words.len());
        let blank = WordInfo {
            amb: 0,
            cluster: NO_CLUSTER,
            dict: NO_LABEL,
        };
        for (w, c) in &clusters.words {
            map.entry(w.as_str().into()).or_insert(blank).cluster = *c;
        }
        for (w, b) in ambdict {
            map.entry(w.as_str().into()).or_insert(blank).amb = *b;
        }
        for (w, l) in tagdict {
            map.entry(w.as_str().into()).or_insert(blank).dict = *l;
        }
        WordTable {
            map,
            prefixes: clusters.prefixes.clone(),
            unknown: crate::clusters::unknown(),
        }
    }

    /// The tables' entries for `word`; `bufs` are scratch.
    pub fn lookup(&self, word: &str, bufs: &mut [String; 2]) -> Looked {
        let [buf, nb] = bufs;
        let e = self.map.get(word);
        let dict = e.map(|e| e.dict).filter(|&l| l != NO_LABEL);
        let mut amb = e.map_or(0, |e| e.amb);
        let ascii = word.is_ascii();
        let has_upper = if ascii {
            word.bytes().any(|b| b.is_ascii_uppercase())
        } else {
            word.chars().any(char::is_uppercase)
        };
        let first_upper = word.chars().next().is_some_and(char::is_uppercase);
        // Clusters: the exact entry unless the form needs normalizing.
        let needs_norm = if ascii {
            word.bytes().any(|b| b.is_ascii_digit())
        } else {
            true
        };
        let mut cluster = if needs_norm {
            NO_CLUSTER
        } else {
            e.map_or(NO_CLUSTER, |e| e.cluster)
        };
        if needs_norm {
            let f = cluster_form(word, nb);
            if let Some(e) = self.map.get(f) {
                cluster = e.cluster;
            }
        }
        if amb == 0 && first_upper && word.len() <= 64 {
            buf.clear();
            buf.extend(word.chars().flat_map(char::to_lowercase));
            if let Some(e) = self.map.get(buf.as_str()) {
                // Marked as found lowercased.
                amb = if e.amb == 0 { 0 } else { e.amb | 1 << 63 };
            }
        }
        if cluster == NO_CLUSTER && has_upper && word.len() <= 64 {
            let f = cluster_form(word, nb);
            let all_caps = !f.chars().any(char::is_lowercase);
            if all_caps && f.chars().nth(1).is_some() {
                buf.clear();
                let mut cs = f.chars();
                buf.extend(cs.next());
                buf.extend(cs.flat_map(char::to_lowercase));
                if let Some(e) = self.map.get(buf.as_str()) {
                    cluster = e.cluster;
                }
            }
            if cluster == NO_CLUSTER {
                buf.clear();
                buf.extend(f.chars().flat_map(char::to_lowercase));
                if let Some(e) = self.map.get(buf.as_str()) {
                    cluster = e.cluster;
                }
            }
        }
        let clus = if cluster == NO_CLUSTER {
            self.unknown
        } else {
            self.prefixes[cluster as usize]
        };
        Looked { dict, amb, clus }
    }
}

#[derive(Default)]
struct Scratch {
    ctx: Vec<features::TokenFeats>,
    dict: Vec<Option<u16>>,
    feats: Vec<u32>,
    scores: Vec<i32>,
    rest: Vec<u32>,
    bufs: [String; 2],
}

/// One slot of the open-addressing weight index: the feature key, and the
/// start and length of its entries packed as `start << LEN_BITS | len`.
#[derive(Clone, Copy)]
struct Slot {
    key: u32,
    packed: u32,
}

const LEN_BITS: u32 = 7;

pub(crate) struct PosModel {
    pub labels: Vec<Tag>,
    words: WordTable,
    slots: Vec<Slot>,
    mask: usize,
    entries: Vec<Entry>,
    n_features: usize,
}

impl PosModel {
    /// The model ready to tag; fails when it was trained with another
    /// cluster table or is too large for the packed index.
    pub fn from_raw(raw: &RawModel, clusters: &Clusters) -> Result<Self> {
        if raw.clusters != clusters.fingerprint {
            bail!(
                "the model was trained with another cluster table \
                 (crates/ner/models/clusters.tsv.gz changed): run `chronicle train pos` again"
            );
        }
        if raw.labels.len() >= 1 << LEN_BITS {
            bail!("too many labels ({})", raw.labels.len());
        }
        let n = raw.features.len();
        let total: usize = raw.features.iter().map(|(_, es)| es.len()).sum();
        if total >= 1 << (32 - LEN_BITS) {
            bail!("too many weights ({total})");
        }
        let mut entries = Vec::with_capacity(total);
        // Load factor between 1/3 and 2/3: a smaller table stays in cache.
        let cap = (n + n / 2).next_power_of_two().max(16);
        let mut slots = vec![Slot { key: 0, packed: 0 }; cap];
        let mask = cap - 1;
        for (k, es) in &raw.features {
            let packed = (entries.len() as u32) << LEN_BITS | es.len() as u32;
            entries.extend_from_slice(es);
            let mut s = slot_of(*k, mask);
            while slots[s].key != 0 {
                s = (s + 1) & mask;
            }
            slots[s] = Slot { key: *k, packed };
        }
        Ok(PosModel {
            labels: raw.labels.clone(),
            words: WordTable::new(&raw.tagdict, &raw.ambdict, clusters),
            slots,
            mask,
            entries,
            n_features: n,
        })
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
        let clusters = r.varint()?;
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
        let features = r.sparse_weights(nl, |label, weight| Entry { label, weight })?;
        r.expect_end()?;
        Ok(RawModel {
            clusters,
            labels,
            tagdict,
            ambdict,
            features,
        })
    }

    /// The packed entry range of feature `key`, if it has weights.
    #[inline]
    fn find(&self, key: u32) -> Option<u32> {
        let mut s = slot_of(key, self.mask);
        loop {
            let slot = self.slots[s];
            if slot.key == key {
                return Some(slot.packed);
            }
            if slot.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// The best label for the features in `feats`; `scores` and `rest`
    /// are scratch.
    ///
    /// Two phases, for the memory system: the first looks every feature up
    /// and adds its first weight (the loads of different features overlap),
    /// the second adds the remaining weights, whose cache lines are then
    /// mostly loaded.
    #[inline]
    pub fn predict(&self, feats: &[u32], scores: &mut Vec<i32>, rest: &mut Vec<u32>) -> u16 {
        scores.clear();
        scores.resize(self.labels.len(), 0);
        rest.clear();
        // Ask for every feature's first slot first: the lookups below then
        // overlap their memory latency instead of waiting one by one.
        for &f in feats {
            chronicle_modelio::prefetch(&self.slots[slot_of(f, self.mask)]);
        }
        for &f in feats {
            if let Some(packed) = self.find(f) {
                let start = (packed >> LEN_BITS) as usize;
                let len = packed & ((1 << LEN_BITS) - 1);
                if let Some(e) = self.entries.get(start) {
                    if let Some(v) = scores.get_mut(e.label as usize) {
                        *v += i32::from(e.weight);
                    }
                }
                if len > 1 {
                    rest.push(((start as u32 + 1) << LEN_BITS) | (len - 1));
                }
            }
        }
        for &packed in rest.iter() {
            let start = (packed >> LEN_BITS) as usize;
            let len = (packed & ((1 << LEN_BITS) - 1)) as usize;
            for e in self.entries.get(start..start + len).unwrap_or_default() {
                if let Some(v) = scores.get_mut(e.label as usize) {
                    *v += i32::from(e.weight);
                }
            }
        }
        argmax(scores)
    }

    /// Greedy left-to-right labels of one sentence.
    pub fn tag_labels<S: AsRef<str>>(&self, words: &[S]) -> Vec<u16> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_with(words, |l| out.push(l));
        out
    }

    /// Greedy left-to-right labels of one sentence, handed to `emit` in
    /// order. Scratch buffers are kept per thread, so a sentence costs no
    /// allocation once they have grown.
    pub fn tag_with<S: AsRef<str>>(&self, words: &[S], mut emit: impl FnMut(u16)) {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|cell| {
            // A re-entrant call (impossible today) would get fresh buffers.
            let mut fresh = Scratch::default();
            let mut guard = cell.try_borrow_mut();
            let sc = match guard.as_mut() {
                Ok(g) => &mut **g,
                Err(_) => &mut fresh,
            };
            let Scratch {
                ctx,
                dict,
                feats,
                scores,
                rest,
                bufs,
            } = sc;
            dict.clear();
            features::context(
                words,
                |w| {
                    let l = self.words.lookup(w, bufs);
                    dict.push(l.dict);
                    (l.amb, l.clus)
                },
                ctx,
            );
            let (mut p1, mut p2) = (START1, START2);
            for (i, d) in dict.iter().enumerate() {
                let l = match d {
                    Some(l) => *l,
                    None => {
                        features::extract(ctx, i, p1, p2, feats);
                        self.predict(feats, scores, rest)
                    }
                };
                emit(l);
                p2 = p1;
                p1 = u32::from(l);
            }
        });
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }
}

#[inline]
fn slot_of(key: u32, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b9) as usize) & mask
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
