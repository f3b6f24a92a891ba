//! The model: sparse per-feature weight rows over the 17 BILOU tags, a tag
//! transition matrix, constrained Viterbi decoding, and the binary file
//! format (gzip of: magic, feature version, cluster table, quantized
//! transitions, then features sorted by hash — delta-coded — each with its
//! non-zero (tag, weight) pairs as 16-bit integers times one scale).

use anyhow::{bail, Context, Result};

use crate::features::{Clusters, SentenceFeatures, FEATURE_VERSION};
use crate::tags::{allowed, allowed_end, NTAGS};
use crate::util::{gunzip, Reader, Writer};

const MAGIC: &[u8; 8] = b"CHRNER\x00\x01";
/// Rows of the transition matrix: one per previous tag, plus the start.
pub(crate) const TROWS: usize = NTAGS + 1;
const START: usize = NTAGS;

/// Emission scores of one token.
pub(crate) type Scores = [f32; NTAGS];

/// Constrained Viterbi: the best tag sequence under `em` (per-token scores)
/// and `trans` (`trans[prev][next]`, row `NTAGS` = sentence start) among
/// well-formed BILOU sequences.
pub(crate) fn viterbi(em: &[Scores], trans: &[[f32; NTAGS]; TROWS]) -> Vec<u8> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    static OK: std::sync::OnceLock<[[bool; NTAGS]; TROWS]> = std::sync::OnceLock::new();
    static PREDS: std::sync::OnceLock<Vec<Vec<usize>>> = std::sync::OnceLock::new();
    let ok = OK.get_or_init(allowed_table);
    let preds = PREDS.get_or_init(|| {
        (0..NTAGS)
            .map(|t| (0..NTAGS).filter(|&p| ok[p][t]).collect())
            .collect()
    });
    let mut delta = vec![[NEG; NTAGS]; n];
    let mut back = vec![[0u8; NTAGS]; n];
    for t in 0..NTAGS {
        if ok[START][t] {
            delta[0][t] = trans[START][t] + em[0][t];
        }
    }
    for i in 1..n {
        for t in 0..NTAGS {
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in &preds[t] {
                let v = delta[i - 1][p] + trans[p][t];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            delta[i][t] = best + em[i][t];
            back[i][t] = arg;
        }
    }
    let mut best = NEG;
    let mut last = 0u8;
    for (t, &v) in delta[n - 1].iter().enumerate() {
        if allowed_end(t as u8) && v > best {
            best = v;
            last = t as u8;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
    out
}

fn allowed_table() -> [[bool; NTAGS]; TROWS] {
    let mut ok = [[false; NTAGS]; TROWS];
    for (p, row) in ok.iter_mut().enumerate() {
        for (t, cell) in row.iter_mut().enumerate() {
            let prev = if p == START { None } else { Some(p as u8) };
            *cell = allowed(prev, t as u8);
        }
    }
    ok
}

/// One stage's weights in their compact run-time form.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Open-addressing table: (feature hash (0 = empty), row start, row end).
    table: Vec<(u64, u32, u32)>,
    mask: usize,
    /// Row r has entries `row_start[r]..row_start[r+1]`.
    row_start: Vec<u32>,
    /// (tag, weight) entries of all rows.
    entries: Vec<(u8, f32)>,
    pub trans: [[f32; NTAGS]; TROWS],
}

impl Weights {
    /// Builds the weights from features (hash, sparse row) and transitions.
    pub fn new(feats: &[(u64, Vec<(u8, f32)>)], trans: [[f32; NTAGS]; TROWS]) -> Weights {
        let cap = (feats.len() * 2).next_power_of_two().max(16);
        let mut m = Weights {
            table: vec![(0, 0, 0); cap],
            mask: cap - 1,
            row_start: Vec::with_capacity(feats.len() + 1),
            entries: Vec::new(),
            trans,
        };
        m.row_start.push(0);
        for (h, row) in feats {
            let mut slot = (*h as usize) & m.mask;
            while m.table[slot].0 != 0 {
                slot = (slot + 1) & m.mask;
            }
            let a = m.entries.len() as u32;
            m.entries.extend_from_slice(row);
            m.row_start.push(m.entries.len() as u32);
            m.table[slot] = (*h, a, m.entries.len() as u32);
        }
        m
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.row_start.len() - 1
    }

    /// The entries `a..b` of feature `h`'s row.
    #[inline]
    fn row(&self, h: u64) -> Option<(usize, usize)> {
        let mut slot = (h as usize) & self.mask;
        loop {
            let (k, a, b) = self.table[slot];
            if k == h {
                return Some((a as usize, b as usize));
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Emission scores of every token.
    pub fn emissions(&self, f: &SentenceFeatures) -> Vec<Scores> {
        let mut out = vec![[0f32; NTAGS]; f.len()];
        for (i, sc) in out.iter_mut().enumerate() {
            for &h in f.token(i) {
                if let Some((a, b)) = self.row(h) {
                    for &(t, w) in &self.entries[a..b] {
                        sc[t as usize] += w;
                    }
                }
            }
        }
        out
    }

    /// The best tag sequence.
    pub fn decode(&self, f: &SentenceFeatures) -> Vec<u8> {
        viterbi(&self.emissions(f), &self.trans)
    }

    fn write(&self, w: &mut Writer) {
        let max = self
            .entries
            .iter()
            .map(|e| e.1)
            .chain(self.trans.iter().flatten().copied())
            .fold(0f32, |m, x| m.max(x.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        w.f32(scale);
        let q = |x: f32| (x / scale).round() as i64;
        for row in &self.trans {
            for &x in row {
                w.zigzag(q(x));
            }
        }
        let mut order: Vec<(u64, u32, u32)> =
            self.table.iter().copied().filter(|e| e.0 != 0).collect();
        order.sort_unstable();
        w.varint(order.len() as u64);
        let mut prev = 0u64;
        for (k, a, b) in order {
            let (a, b) = (a as usize, b as usize);
            w.varint(k - prev);
            prev = k;
            w.u8((b - a) as u8);
            for &(t, x) in &self.entries[a..b] {
                w.u8(t);
                w.zigzag(q(x));
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Weights> {
        let scale = r.f32()?;
        let mut trans = [[0f32; NTAGS]; TROWS];
        for row in trans.iter_mut() {
            for x in row.iter_mut() {
                *x = r.zigzag()? as f32 * scale;
            }
        }
        let nfeat = r.count(1 << 26)?;
        let mut feats = Vec::with_capacity(nfeat);
        let mut key = 0u64;
        for _ in 0..nfeat {
            let d = r.varint()?;
            if d == 0 {
                bail!("feature keys not strictly increasing");
            }
            key = key.checked_add(d).context("feature key overflow")?;
            let n = r.u8()? as usize;
            if n > NTAGS {
                bail!("feature row of {n} tags");
            }
            let mut row = Vec::with_capacity(n);
            for _ in 0..n {
                let t = r.u8()?;
                if t as usize >= NTAGS {
                    bail!("tag id {t} out of range");
                }
                row.push((t, r.zigzag()? as f32 * scale));
            }
            feats.push((key, row));
        }
        Ok(Weights::new(&feats, trans))
    }
}

/// The model: the cluster table, the first stage, and the optional second
/// stage that also sees the first stage's document-wide decisions.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub clusters: Clusters,
    pub stage1: Weights,
    pub stage2: Option<Weights>,
    /// Run-time only: both stages' rows under one key (stage-2 tags
    /// offset by `NTAGS`), so that a shared feature is looked up once.
    both: Weights,
}

impl Model {
    pub fn new(clusters: Clusters, stage1: Weights, stage2: Option<Weights>) -> Model {
        let mut keyed: Vec<(u64, u8, u32, u32)> = Vec::new();
        for (stage, w) in [(0u8, Some(&stage1)), (1, stage2.as_ref())] {
            let Some(w) = w else { continue };
            keyed.extend(
                w.table
                    .iter()
                    .filter(|e| e.0 != 0)
                    .map(|&(k, a, b)| (k, stage, a, b)),
            );
        }
        keyed.sort_unstable();
        let mut feats: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(keyed.len());
        for (k, stage, a, b) in keyed {
            let (w, off) = if stage == 0 {
                (&stage1, 0)
            } else {
                (stage2.as_ref().expect("stage 2 present"), NTAGS as u8)
            };
            if feats.last().is_none_or(|f| f.0 != k) {
                feats.push((k, Vec::new()));
            }
            let row = &mut feats.last_mut().expect("pushed").1;
            row.extend(
                w.entries[a as usize..b as usize]
                    .iter()
                    .map(|&(t, x)| (t + off, x)),
            );
        }
        let both = Weights::new(&feats, stage1.trans);
        Model {
            clusters,
            stage1,
            stage2,
            both,
        }
    }

    /// First-stage and (partial) second-stage emissions from the base
    /// features, with one lookup per feature.
    pub fn emissions_both(&self, f: &SentenceFeatures) -> (Vec<Scores>, Vec<Scores>) {
        let mut e1 = vec![[0f32; NTAGS]; f.len()];
        let mut e2 = vec![[0f32; NTAGS]; f.len()];
        for i in 0..f.len() {
            for &h in f.token(i) {
                if let Some((a, b)) = self.both.row(h) {
                    for &(t, w) in &self.both.entries[a..b] {
                        let t = t as usize;
                        if t < NTAGS {
                            e1[i][t] += w;
                        } else {
                            e2[i][t - NTAGS] += w;
                        }
                    }
                }
            }
        }
        (e1, e2)
    }

    /// Number of features with weights (both stages).
    pub fn num_features(&self) -> usize {
        self.stage1.num_features() + self.stage2.as_ref().map_or(0, Weights::num_features)
    }

    /// Serializes (gzip). Weights are quantized to 16 bits.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.bytes(MAGIC);
        w.varint(u64::from(FEATURE_VERSION));
        // Clusters: paths, then words sorted, each with its path index.
        w.varint(self.clusters.paths.len() as u64);
        for p in &self.clusters.paths {
            w.str(p);
        }
        let mut words: Vec<(&String, &u32)> = self.clusters.index.iter().collect();
        words.sort();
        w.varint(words.len() as u64);
        for (word, &p) in words {
            w.str(word);
            w.varint(u64::from(p));
        }
        w.u8(1 + u8::from(self.stage2.is_some()));
        self.stage1.write(&mut w);
        if let Some(s2) = &self.stage2 {
            s2.write(&mut w);
        }
        w.finish_gz()
    }

    /// Parses [`Model::to_bytes`] output; `name` labels errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Model> {
        Model::parse(bytes).with_context(|| format!("{name}: invalid NER model file"))
    }

    fn parse(bytes: &[u8]) -> Result<Model> {
        let raw = gunzip(bytes)?;
        let mut r = Reader::new(&raw);
        if r.bytes(MAGIC.len())? != MAGIC {
            bail!("not a chronicle NER model (bad magic)");
        }
        let v = r.varint()?;
        if v != u64::from(FEATURE_VERSION) {
            bail!("feature version {v}, this build reads {FEATURE_VERSION}");
        }
        let npaths = r.count(1 << 20)?;
        let mut paths = Vec::with_capacity(npaths);
        for _ in 0..npaths {
            paths.push(r.str()?.to_string());
        }
        let nwords = r.count(1 << 24)?;
        let mut pairs = Vec::with_capacity(nwords);
        for _ in 0..nwords {
            let word = r.str()?.to_string();
            if npaths == 0 {
                bail!("cluster word without paths");
            }
            let p = r.count(npaths - 1)?;
            pairs.push((word, paths[p].clone()));
        }
        let clusters = Clusters::new(&pairs);
        let stages = r.u8()?;
        if !(1..=2).contains(&stages) {
            bail!("{stages} stages (expected 1 or 2)");
        }
        let stage1 = Weights::read(&mut r)?;
        let stage2 = if stages == 2 {
            Some(Weights::read(&mut r)?)
        } else {
            None
        };
        if !r.at_end() {
            bail!("trailing bytes after the model");
        }
        Ok(Model::new(clusters, stage1, stage2))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tags::{split, tag, EntityType, Part};

    #[test]
    fn viterbi_on_toy_model() {
        // Emissions prefer an ill-formed "L-PER" at 0; constraints forbid it.
        let b = tag(EntityType::Per, Part::B) as usize;
        let l = tag(EntityType::Per, Part::L) as usize;
        let u = tag(EntityType::Loc, Part::U) as usize;
        let mut em = vec![[0f32; NTAGS]; 3];
        em[0][l] = 5.0;
        em[0][b] = 1.0;
        em[1][l] = 2.0;
        em[2][u] = 1.0;
        let trans = [[0f32; NTAGS]; TROWS];
        let out = viterbi(&em, &trans);
        assert_eq!(out, vec![b as u8, l as u8, u as u8]);
        // A transition penalty can flip the choice.
        let mut trans2 = trans;
        trans2[l][u] = -10.0;
        let out = viterbi(&em, &trans2);
        assert!(split(out[2]).is_none() || out[2] as usize != u, "{out:?}");
        assert!(viterbi(&[], &trans).is_empty());
    }

    fn toy() -> Model {
        let clusters = Clusters::new(&[("Paris".into(), "0101".into())]);
        let mut trans = [[0f32; NTAGS]; TROWS];
        trans[0][0] = 0.5;
        trans[START][3] = -1.25;
        let stage1 = Weights::new(
            &[(42, vec![(1, 1.5), (4, -0.75)]), (7, vec![(0, 2.0)])],
            trans,
        );
        Model::new(
            clusters,
            stage1,
            Some(Weights::new(&[(9, vec![(2, 0.5)])], trans)),
        )
    }

    #[test]
    fn round_trip() {
        let m = toy();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes, "toy.bin.gz").unwrap();
        assert_eq!(back.num_features(), 3);
        assert_eq!(back.clusters.path("Paris"), Some("0101"));
        let s1 = &back.stage1;
        let (a, b) = s1.row(42).unwrap();
        assert_eq!(b - a, 2);
        assert_eq!(s1.entries[a].0, 1);
        assert!((s1.entries[a].1 - 1.5).abs() < 1e-3);
        assert!((s1.trans[START][3] + 1.25).abs() < 1e-3);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn corrupt_model_is_an_error_naming_the_file() {
        let bytes = toy().to_bytes();
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 3] {
            let e = Model::from_bytes(&bytes[..cut], "ner.bin.gz").unwrap_err();
            assert!(format!("{e:#}").contains("ner.bin.gz"), "{e:#}");
        }
        // Valid gzip around garbage.
        let junk = crate::util::gzip(b"CHRNER\x00\x01\xff\xff\xff");
        let e = Model::from_bytes(&junk, "junk.bin.gz").unwrap_err();
        assert!(format!("{e:#}").contains("junk.bin.gz"));
        let e = Model::from_bytes(&crate::util::gzip(b"hello, world"), "x.gz").unwrap_err();
        assert!(format!("{e:#}").contains("bad magic"), "{e:#}");
    }
}
