//! The model: sparse per-feature weight rows over the 17 BILOU tags, a tag
//! transition matrix, constrained Viterbi decoding, and the binary file
//! format (gzip of: magic, feature version, cluster table, quantized
//! transitions, then features sorted by hash — delta-coded — each with its
//! non-zero (tag, weight) pairs as 16-bit integers times one scale).
//! For tagging, both stages' rows are merged into one table ([`Joint`]).

use anyhow::{bail, Context, Result};

use crate::features::{Clusters, SentenceFeatures, FEATURE_VERSION};
use crate::tags::{allowed, allowed_end, NTAGS};
use chronicle_modelio::{gunzip, Reader, Writer};

const MAGIC: &[u8; 8] = b"CHRNER\x00\x01";
/// Rows of the transition matrix: one per previous tag, plus the start.
pub(crate) const TROWS: usize = NTAGS + 1;
const START: usize = NTAGS;

/// Emission scores of one token.
pub(crate) type Scores = [f32; NTAGS];

/// Constrained Viterbi: the best tag sequence under `em` (per-token scores)
/// and `trans` (`trans[prev][next]`, row `NTAGS` = sentence start) among
/// well-formed BILOU sequences. Ties go to the lowest previous tag.
pub(crate) fn viterbi(em: &[Scores], trans: &[[f32; NTAGS]; TROWS]) -> Vec<u8> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    static OK: std::sync::OnceLock<[[bool; NTAGS]; TROWS]> = std::sync::OnceLock::new();
    let ok = OK.get_or_init(allowed_table);
    // Forbidden transitions cost -inf: a candidate through one is never
    // strictly better than the -inf a search starts from, so scanning all
    // previous tags in order picks what scanning the allowed ones would.
    let mut tm = [[NEG; NTAGS]; TROWS];
    for ((row, ok), tr) in tm.iter_mut().zip(ok).zip(trans) {
        for ((x, &ok), &t) in row.iter_mut().zip(ok).zip(tr) {
            if ok {
                *x = t;
            }
        }
    }
    let mut back = vec![[0u8; NTAGS]; n];
    let mut delta = [NEG; NTAGS];
    for t in 0..NTAGS {
        if ok[START][t] {
            delta[t] = trans[START][t] + em[0][t];
        }
    }
    for (e, bk) in em.iter().zip(back.iter_mut()).skip(1) {
        let mut best = [NEG; NTAGS];
        for (p, (&d, row)) in delta.iter().zip(&tm).enumerate() {
            for ((b, a), &tr) in best.iter_mut().zip(bk.iter_mut()).zip(row) {
                let v = d + tr;
                if v > *b {
                    *b = v;
                    *a = p as u8;
                }
            }
        }
        for ((d, b), &x) in delta.iter_mut().zip(best).zip(e) {
            *d = b + x;
        }
    }
    let mut best = NEG;
    let mut last = 0u8;
    for (t, &v) in delta.iter().enumerate() {
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

/// Open-addressing index from feature hash to a 64-bit payload (what the
/// payload means is up to the user): slots of (hash, payload), at most 2/3
/// full, so that a lookup usually reads one 16-byte slot.
#[derive(Debug, Clone, Default)]
struct Index {
    /// (feature hash, payload) per slot; hash 0 = empty.
    slots: Vec<[u64; 2]>,
    mask: usize,
}

impl Index {
    fn with_capacity(n: usize) -> Index {
        let cap = (n + n / 2 + 1).next_power_of_two().max(16);
        Index {
            slots: vec![[0, 0]; cap],
            mask: cap - 1,
        }
    }

    fn insert(&mut self, h: u64, payload: u64) {
        let mut slot = (h as usize) & self.mask;
        while self.slots[slot][0] != 0 {
            slot = (slot + 1) & self.mask;
        }
        self.slots[slot] = [h, payload];
    }

    /// The payload of feature `h`.
    #[inline]
    fn get(&self, h: u64) -> Option<u64> {
        let mut slot = (h as usize) & self.mask;
        loop {
            let [k, x] = self.slots[slot];
            if k == h {
                return Some(x);
            }
            if k == 0 {
                return None;
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// The payload of each feature of `hs` into `out`, `missing` for
    /// those absent. The home slots are read first by a loop whose loads
    /// do not wait on each other, so that their cache misses overlap.
    fn gather(&self, hs: &[u64], missing: u64, out: &mut Vec<u64>) {
        // Marks a feature whose home slot holds another one.
        const PROBE: u64 = u64::MAX;
        debug_assert_ne!(missing, PROBE);
        out.clear();
        let mut probe = false;
        out.extend(hs.iter().map(|&h| {
            let [k, x] = self.slots[(h as usize) & self.mask];
            if k == h {
                x
            } else if k == 0 {
                missing
            } else {
                probe = true;
                PROBE
            }
        }));
        if probe {
            for (x, &h) in out.iter_mut().zip(hs) {
                if *x == PROBE {
                    *x = self.get(h).unwrap_or(missing);
                }
            }
        }
    }

    /// (hash, payload) of all features, sorted by hash.
    fn sorted(&self) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = self
            .slots
            .iter()
            .filter(|s| s[0] != 0)
            .map(|&[k, x]| (k, x))
            .collect();
        out.sort_unstable();
        out
    }
}

/// One stage's weights in their compact run-time form.
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    /// Payload: the row's first entry (bits 0..32) and length (32..40).
    index: Index,
    nfeat: usize,
    /// (tag, weight) entries of all rows.
    entries: Vec<(u8, f32)>,
    pub trans: [[f32; NTAGS]; TROWS],
}

impl Weights {
    /// Builds the weights from features (hash, sparse row) and transitions.
    pub fn new(feats: &[(u64, Vec<(u8, f32)>)], trans: [[f32; NTAGS]; TROWS]) -> Weights {
        let mut m = Weights {
            index: Index::with_capacity(feats.len()),
            nfeat: feats.len(),
            entries: Vec::with_capacity(feats.iter().map(|f| f.1.len()).sum()),
            trans,
        };
        for (h, row) in feats {
            let payload = m.entries.len() as u64 | (row.len() as u64) << 32;
            m.index.insert(*h, payload);
            m.entries.extend_from_slice(row);
        }
        m
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.nfeat
    }

    /// The entries `a..b` of feature `h`'s row.
    #[inline]
    fn row(&self, h: u64) -> Option<(usize, usize)> {
        self.index.get(h).map(Weights::range)
    }

    #[inline]
    fn range(x: u64) -> (usize, usize) {
        let a = (x & 0xFFFF_FFFF) as usize;
        (a, a + ((x >> 32) & 0xFF) as usize)
    }

    /// All rows `(hash, a, b)` (entries `a..b`), sorted by hash.
    fn rows(&self) -> Vec<(u64, usize, usize)> {
        self.index
            .sorted()
            .into_iter()
            .map(|(k, x)| {
                let (a, b) = Weights::range(x);
                (k, a, b)
            })
            .collect()
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
        let order = self.rows();
        w.varint(order.len() as u64);
        let mut prev = 0u64;
        for (k, a, b) in order {
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
        let nfeat = r.at_most(1 << 26)?;
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
    /// Run-time only: both stages' rows under one key, so that a shared
    /// feature is looked up once.
    both: Joint,
}

/// Both stages' rows under one key, for tagging: a feature is looked up
/// once and its weights for the 2 × 17 tags (stage 2 offset by `NTAGS`)
/// added to one score array.
///
/// The payload of a feature says how its row is held:
/// * `SPARSE` (0): entries `a..a+n` of `sparse`, `a` in bits 0..32, `n` in
///   bits 32..40 (n = 0: no weights, what a missing feature reads as);
/// * `DENSE`: row `r` (bits 0..32) of `dense`, all tags, zeros included —
///   the frequent features have long rows, and adding 34 numbers in a
///   straight line is cheaper than scattering 20;
/// * `PAIR`: two weights of equal magnitude held in the payload itself (the
///   many rare features updated once: +w for one tag, ±w for another),
///   which saves them a second cache miss: the bits of the first weight
///   (bits 0..32), its tag (32..38), the second tag (38..44), and bit 44
///   when the second weight is the negated first.
///
/// Weights keep their exact `f32` values and each tag's score is summed in
/// feature order, so the scores are bit for bit those of summing the two
/// stages' own rows (adding the zeros of a dense row changes no sum: a sum
/// that starts at +0 never becomes −0).
#[derive(Debug, Clone, Default)]
struct Joint {
    index: Index,
    sparse: Vec<(u8, f32)>,
    dense: Vec<Lanes>,
}

/// Both stages' scores of one token (34 tags), padded to a multiple of 4.
const LANES: usize = (2 * NTAGS).div_ceil(4) * 4;
type Lanes = [[f32; 4]; LANES / 4];

const KIND: u64 = 3 << 62;
const SPARSE: u64 = 0;
const DENSE: u64 = 1 << 62;
const PAIR: u64 = 2 << 62;
/// Rows with at least this many entries are held dense.
const DENSE_MIN: usize = 6;

/// `sc += d`, lane by lane (kept out of line: inlined into the lookup
/// loop, it is no longer compiled to vector additions).
#[inline(never)]
fn add_dense(sc: &mut Lanes, d: &Lanes) {
    for (s, w) in sc.iter_mut().zip(d) {
        for (s, w) in s.iter_mut().zip(w) {
            *s += w;
        }
    }
}

impl Joint {
    fn new(stage1: &Weights, stage2: Option<&Weights>) -> Joint {
        let s1 = stage1.rows();
        let s2 = stage2.map(Weights::rows).unwrap_or_default();
        let e2: &[(u8, f32)] = stage2.map_or(&[], |w| &w.entries);
        let shared = {
            let (mut x, mut y, mut n) = (0, 0, 0);
            while x < s1.len() && y < s2.len() {
                match s1[x].0.cmp(&s2[y].0) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => (x, y, n) = (x + 1, y + 1, n + 1),
                }
            }
            n
        };
        let mut j = Joint {
            index: Index::with_capacity(s1.len() + s2.len() - shared),
            ..Joint::default()
        };
        let mut row: Vec<(u8, f32)> = Vec::with_capacity(2 * NTAGS);
        let (mut x, mut y) = (0, 0);
        while x < s1.len() || y < s2.len() {
            let k1 = s1.get(x).map_or(u64::MAX, |r| r.0);
            let k2 = s2.get(y).map_or(u64::MAX, |r| r.0);
            let k = k1.min(k2);
            row.clear();
            if k1 == k {
                let (_, a, b) = s1[x];
                row.extend_from_slice(&stage1.entries[a..b]);
                x += 1;
            }
            if k2 == k {
                let (_, a, b) = s2[y];
                row.extend(e2[a..b].iter().map(|&(t, w)| (t + NTAGS as u8, w)));
                y += 1;
            }
            let payload = match row[..] {
                [(t1, w1), (t2, w2)]
                    if w2.to_bits() == w1.to_bits() || w2.to_bits() == (-w1).to_bits() =>
                {
                    let neg = w2.to_bits() != w1.to_bits();
                    PAIR | u64::from(w1.to_bits())
                        | u64::from(t1) << 32
                        | u64::from(t2) << 38
                        | u64::from(neg) << 44
                }
                _ if row.len() >= DENSE_MIN => {
                    let mut d = [[0f32; 4]; LANES / 4];
                    for &(t, w) in &row {
                        d[t as usize / 4][t as usize % 4] = w;
                    }
                    j.dense.push(d);
                    DENSE | (j.dense.len() - 1) as u64
                }
                _ => {
                    let p = SPARSE | j.sparse.len() as u64 | (row.len() as u64) << 32;
                    j.sparse.extend_from_slice(&row);
                    p
                }
            };
            j.index.insert(k, payload);
        }
        j
    }

    /// Adds the row of payload `x` to `sc`.
    #[inline]
    fn add(&self, sc: &mut Lanes, x: u64) {
        match x & KIND {
            SPARSE => {
                let a = (x & 0xFFFF_FFFF) as usize;
                let b = a + ((x >> 32) & 0xFF) as usize;
                for &(t, w) in &self.sparse[a..b] {
                    sc[t as usize / 4][t as usize % 4] += w;
                }
            }
            DENSE => {
                let d = &self.dense[(x & 0xFFFF_FFFF) as usize];
                // In blocks of 4, which compile to vector additions.
                add_dense(sc, d);
            }
            _ => {
                let w = f32::from_bits(x as u32);
                let (t1, t2) = (((x >> 32) & 63) as usize, ((x >> 38) & 63) as usize);
                sc[t1 / 4][t1 % 4] += w;
                sc[t2 / 4][t2 % 4] += if x & 1 << 44 != 0 { -w } else { w };
            }
        }
    }
}

impl Model {
    pub fn new(clusters: Clusters, stage1: Weights, stage2: Option<Weights>) -> Model {
        let both = Joint::new(&stage1, stage2.as_ref());
        Model {
            clusters,
            stage1,
            stage2,
            both,
        }
    }

    /// First-stage and (partial) second-stage emissions from the base
    /// features, with one lookup per feature. A token's rows are located
    /// first, so that their cache misses overlap; the scores are then
    /// summed in feature order (the same additions as a feature-by-feature
    /// loop).
    pub fn emissions_both(&self, f: &SentenceFeatures) -> (Vec<Scores>, Vec<Scores>) {
        let j = &self.both;
        let n = f.len();
        let mut e1 = Vec::with_capacity(n);
        let mut e2 = Vec::with_capacity(n);
        let mut rows = Vec::with_capacity(64);
        for i in 0..n {
            j.index.gather(f.token(i), 0, &mut rows);
            let mut sc = [[0f32; 4]; LANES / 4];
            for &x in &rows {
                j.add(&mut sc, x);
            }
            let sc = sc.as_flattened();
            e1.push(sc[..NTAGS].try_into().expect("NTAGS scores"));
            e2.push(sc[NTAGS..2 * NTAGS].try_into().expect("NTAGS scores"));
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
        let npaths = r.at_most(1 << 20)?;
        let mut paths = Vec::with_capacity(npaths);
        for _ in 0..npaths {
            paths.push(r.str()?.to_string());
        }
        let nwords = r.at_most(1 << 24)?;
        let mut pairs = Vec::with_capacity(nwords);
        for _ in 0..nwords {
            let word = r.str()?.to_string();
            if npaths == 0 {
                bail!("cluster word without paths");
            }
            let p = r.at_most(npaths - 1)?;
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
        let junk = chronicle_modelio::gzip(b"CHRNER\x00\x01\xff\xff\xff");
        let e = Model::from_bytes(&junk, "junk.bin.gz").unwrap_err();
        assert!(format!("{e:#}").contains("junk.bin.gz"));
        let e = Model::from_bytes(&chronicle_modelio::gzip(b"hello, world"), "x.gz").unwrap_err();
        assert!(format!("{e:#}").contains("bad magic"), "{e:#}");
    }
}
