//! The parse model: labels, tag set, and sparse quantized perceptron
//! weights (feature → transition classes) in an open-addressing table.
//!
//! File format (`parse.bin.gz`), gzip around: `MAGIC`, version varint, the
//! fingerprint of the cluster table used in training (varint), the
//! feature-set version ([`crate::features::VERSION`], varint), labels
//! (count, strings), tags (count, strings; a word's tag id is its position
//! here), features (count; keys as sorted deltas; then per feature an entry
//! count and `class delta varint, weight zigzag` pairs). Weights are `i16`
//! fixed point.

use anyhow::{bail, Result};
use chronicle_modelio::{Reader, Writer};

use crate::features;

pub(crate) const MAGIC: &[u8; 8] = b"CHRNDEP\x01";
const VERSION: u64 = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Entry {
    pub class: u16,
    pub weight: i16,
}

/// What training hands over to be written or used.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawModel {
    pub clusters: u64,
    pub labels: Vec<String>,
    pub tags: Vec<String>,
    /// Sorted by key; entries sorted by class.
    pub features: Vec<(u32, Vec<Entry>)>,
}

/// Classes per model: SHIFT, then LEFT and RIGHT per label.
pub(crate) fn n_classes(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

impl RawModel {
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.varint(VERSION);
        w.varint(self.clusters);
        w.varint(features::VERSION);
        w.varint(self.labels.len() as u64);
        for l in &self.labels {
            w.str(l);
        }
        w.varint(self.tags.len() as u64);
        for t in &self.tags {
            w.str(t);
        }
        w.sparse_weights(&self.features, |e| (e.class, e.weight));
        w.finish_gz()
    }

    /// Parses a decompressed model file.
    pub fn from_bytes(data: &[u8]) -> Result<RawModel> {
        let mut r = Reader::new(data);
        if r.bytes(MAGIC.len())? != MAGIC {
            bail!("not a chronicle parse model (bad magic)");
        }
        let version = r.varint()?;
        if version != VERSION {
            bail!("unsupported version {version} (expected {VERSION})");
        }
        let clusters = r.varint()?;
        let fv = r.varint()?;
        if fv != features::VERSION {
            bail!(
                "trained with feature set {fv}, this build extracts set {}: \
                 run `chronicle train parse` again",
                features::VERSION
            );
        }
        let nl = r.count(2)?;
        if nl == 0 || nl > 63 {
            bail!("bad label count {nl}");
        }
        let labels = (0..nl)
            .map(|_| r.str().map(str::to_string))
            .collect::<Result<Vec<_>>>()?;
        if !labels.iter().any(|l| l == "root") {
            bail!("no `root` label");
        }
        let nt = r.count(2)?;
        if nt > 250 {
            bail!("bad tag count {nt}");
        }
        let tags = (0..nt)
            .map(|_| r.str().map(str::to_string))
            .collect::<Result<Vec<_>>>()?;
        let features = r.sparse_weights(n_classes(nl), |class, weight| Entry { class, weight })?;
        r.expect_end()?;
        Ok(RawModel {
            clusters,
            labels,
            tags,
            features,
        })
    }
}

/// One slot of the weight table: the feature key, its first two weights
/// inline (an absent one adds 0 to a scratch score), and the start and
/// length of the rest in `entries` packed as `start << LEN_BITS | len`
/// (0: none). Most features have one or two weights.
#[derive(Clone, Copy)]
#[repr(align(16))]
struct Slot {
    key: u32,
    e: [Entry; 2],
    rest: u32,
}

/// Four slots in one cache line: a lookup reads one line, which holds the
/// key and (for most features) all its weights. Features that do not fit
/// their bucket go to a small stash, flagged by [`OVERFLOW`] in the first
/// slot's `rest`.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Bucket([Slot; 4]);

const OVERFLOW: u32 = 1 << 31;
const LEN_BITS: u32 = 7;
const REST_MASK: u32 = OVERFLOW - 1;

/// The weights ready to score.
pub(crate) struct Weights {
    buckets: Vec<Bucket>,
    mask: usize,
    stash: chronicle_modelio::FastMap<u32, Slot>,
    entries: Vec<Entry>,
    pub n_classes: usize,
    pub n_features: usize,
}

#[inline]
fn bucket_of(key: u32, mask: usize) -> usize {
    (key as usize).wrapping_mul(0x9E37_79B1) >> 7 & mask
}

impl Weights {
    pub fn new(raw: &RawModel) -> Result<Weights> {
        let n_classes = n_classes(raw.labels.len());
        if n_classes >= 1 << LEN_BITS {
            bail!("too many classes ({n_classes})");
        }
        let n = raw.features.len();
        let total: usize = raw.features.iter().map(|(_, es)| es.len()).sum();
        if total >= 1 << (31 - LEN_BITS) {
            bail!("too many weights ({total})");
        }
        // Absent weights add to scratch scores past the real classes.
        let empty = |i: usize| Entry {
            class: (n_classes + i) as u16,
            weight: 0,
        };
        let blank = Slot {
            key: 0,
            e: [empty(0), empty(1)],
            rest: 0,
        };
        // Buckets at most half full on average.
        let cap = (n / 2).next_power_of_two().max(4);
        let mask = cap - 1;
        let mut buckets = vec![Bucket([blank; 4]); cap];
        let mut stash = chronicle_modelio::FastMap::default();
        let mut entries = Vec::new();
        for (k, es) in &raw.features {
            if *k == 0 {
                bail!("feature key 0");
            }
            let mut slot = blank;
            slot.key = *k;
            for (i, e) in es.iter().take(2).enumerate() {
                slot.e[i] = *e;
            }
            if es.len() > 2 {
                slot.rest = (entries.len() as u32) << LEN_BITS | (es.len() - 2) as u32;
                entries.extend_from_slice(&es[2..]);
            }
            let b = &mut buckets[bucket_of(*k, mask)].0;
            match b.iter_mut().find(|s| s.key == 0) {
                Some(free) => {
                    let flag = free.rest & OVERFLOW;
                    *free = slot;
                    free.rest |= flag;
                }
                None => {
                    b[0].rest |= OVERFLOW;
                    stash.insert(*k, slot);
                }
            }
        }
        Ok(Weights {
            buckets,
            mask,
            stash,
            entries,
            n_classes,
            n_features: n,
        })
    }

    /// Number of scores [`Weights::score`] needs: the classes, then
    /// scratch.
    pub fn n_scores(&self) -> usize {
        self.n_classes + 2
    }

    /// Adds the weights of `feats` into `scores` (zeroed first; at least
    /// [`Weights::n_scores`] long); `rest` is scratch.
    #[inline]
    pub fn score(&self, feats: &[u32], scores: &mut [i32], rest: &mut Vec<u32>) {
        scores.fill(0);
        rest.clear();
        // Ask for every feature's cache line first: the lookups below then
        // overlap their memory latency instead of waiting one by one.
        for &f in feats {
            chronicle_modelio::prefetch(&self.buckets[bucket_of(f, self.mask)]);
        }
        for &f in feats {
            let b = &self.buckets[bucket_of(f, self.mask)].0;
            if let Some(slot) = b.iter().find(|s| s.key == f) {
                for e in &slot.e {
                    scores[e.class as usize] += i32::from(e.weight);
                }
                if slot.rest & REST_MASK != 0 {
                    rest.push(slot.rest & REST_MASK);
                }
            }
            if b[0].rest & OVERFLOW != 0 {
                if let Some(slot) = self.stash.get(&f) {
                    for e in &slot.e {
                        scores[e.class as usize] += i32::from(e.weight);
                    }
                    if slot.rest & REST_MASK != 0 {
                        rest.push(slot.rest & REST_MASK);
                    }
                }
            }
        }
        for &packed in rest.iter() {
            let start = (packed >> LEN_BITS) as usize;
            let len = (packed & ((1 << LEN_BITS) - 1)) as usize;
            for e in &self.entries[start..start + len] {
                scores[e.class as usize] += i32::from(e.weight);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RawModel {
        RawModel {
            clusters: 42,
            labels: vec!["root".into(), "nsubj".into()],
            tags: vec!["NN".into(), "VBD".into()],
            features: vec![
                (
                    7,
                    vec![
                        Entry {
                            class: 0,
                            weight: -3,
                        },
                        Entry {
                            class: 4,
                            weight: 100,
                        },
                    ],
                ),
                (
                    900,
                    vec![Entry {
                        class: 2,
                        weight: 5,
                    }],
                ),
            ],
        }
    }

    #[test]
    fn model_files_round_trip_and_score() {
        let raw = sample();
        let bytes = raw.to_bytes();
        assert_eq!(bytes, raw.to_bytes());
        let back = RawModel::from_bytes(&chronicle_modelio::gunzip(&bytes).unwrap()).unwrap();
        assert_eq!(back, raw);
        let w = Weights::new(&back).unwrap();
        let mut scores = vec![0; w.n_scores()];
        w.score(&[7, 900, 12345], &mut scores, &mut Vec::new());
        assert_eq!(scores[..w.n_classes], [-3, 0, 5, 0, 100]);
    }

    #[test]
    fn every_feature_is_found_even_in_full_buckets() {
        let mut raw = sample();
        raw.features = (1..=5000u32)
            .map(|k| {
                let k = chronicle_modelio::mix(u64::from(k), 7) as u32 | 1;
                let n = (k % 4) as u16 + 1;
                (
                    k,
                    (0..n)
                        .map(|c| Entry {
                            class: c,
                            weight: (k % 1000) as i16 + 1,
                        })
                        .collect(),
                )
            })
            .collect();
        raw.features.sort_by_key(|f| f.0);
        raw.features.dedup_by_key(|f| f.0);
        let w = Weights::new(&raw).unwrap();
        assert!(!w.stash.is_empty(), "the test should overflow some buckets");
        let mut scores = vec![0; w.n_scores()];
        let mut rest = Vec::new();
        for (k, es) in &raw.features {
            w.score(&[*k], &mut scores, &mut rest);
            for (c, &v) in scores[..w.n_classes].iter().enumerate() {
                let want = es
                    .iter()
                    .find(|e| e.class as usize == c)
                    .map_or(0, |e| e.weight);
                assert_eq!(v, i32::from(want), "feature {k} class {c}");
            }
        }
    }

    #[test]
    fn corrupt_models_are_errors() {
        let bytes = chronicle_modelio::gunzip(&sample().to_bytes()).unwrap();
        for cut in [0, 5, 9, bytes.len() / 2, bytes.len() - 1] {
            assert!(RawModel::from_bytes(&bytes[..cut]).is_err(), "cut {cut}");
        }
        let mut bad = bytes.clone();
        bad[0] ^= 0xff;
        assert!(RawModel::from_bytes(&bad).is_err());
        let mut extra = bytes;
        extra.push(0);
        assert!(RawModel::from_bytes(&extra).is_err());
    }
}
