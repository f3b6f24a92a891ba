//! chronicle-modelio: its one job is reading and writing chronicle's model
//! files. A model file is a gzip stream (written with a fixed header, so the
//! same model gives the same bytes) around LEB128 varints, zigzag integers,
//! little-endian `f32`s and length-prefixed UTF-8 strings. Every read is
//! bounds-checked and returns an error instead of panicking, so a corrupt or
//! truncated file is reported, never trusted. It also holds what the
//! models share around their files: the fast, deterministic hash they key
//! features with, the reader of the Brown cluster table (the NER writes
//! it; the tagger and the parser read it too) and the fixed-seed random
//! generator that makes training deterministic, and the cache prefetch
//! their weight lookups ask for.

use std::io::{Read, Write};

use anyhow::{bail, Context, Result};

/// Largest decompressed model accepted (guards against gzip bombs).
pub const MAX_DECOMPRESSED: u64 = 512 << 20;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fast, deterministic 64-bit string hash (FxHash-style mixing, then a
/// final avalanche so that low bits are usable for open addressing).
#[inline]
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    let rem = chunks.remainder();
    if !rem.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rem.len()].copy_from_slice(rem);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    finish(h)
}

/// Combines two hashes into one.
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    finish((a.rotate_left(23) ^ b).wrapping_mul(K) ^ a)
}

#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    // 0 marks an empty slot in the feature table.
    if h == 0 {
        1
    } else {
        h
    }
}

/// A `BuildHasher` for `HashMap`s keyed by already-hashed `u64`s or small ints.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = mix(self.0, v);
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = mix(self.0, u64::from(v));
    }
    fn write_usize(&mut self, v: usize) {
        self.0 = mix(self.0, v as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FastMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

/// A Brown word-cluster table as the NER writes it (gzipped lines of
/// `bitpath<TAB>word word ...`), shared by the models that use clusters.
#[derive(Debug, Clone)]
pub struct ClusterTable {
    /// The bit paths, in file order.
    pub paths: Vec<String>,
    /// (word, index into `paths`) pairs, in file order.
    pub words: Vec<(String, u32)>,
    /// FNV-1a of the decompressed text: identifies the table a model was
    /// trained with.
    pub fingerprint: u64,
}

/// FNV-1a over `bytes`.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl ClusterTable {
    /// Reads a gzipped table; `name` labels errors, which give the line.
    pub fn read(gz: &[u8], name: &str) -> Result<ClusterTable> {
        let raw = gunzip(gz).with_context(|| format!("{name}: cannot read cluster table"))?;
        let text = std::str::from_utf8(&raw).with_context(|| format!("{name}: not UTF-8"))?;
        let (mut paths, mut words) = (Vec::new(), Vec::new());
        for (n, line) in text.lines().enumerate() {
            let Some((path, ws)) = line.split_once('\t') else {
                bail!("{name}:{}: expected `path<TAB>words`", n + 1);
            };
            if path.is_empty() || !path.bytes().all(|b| b == b'0' || b == b'1') {
                bail!("{name}:{}: bad bit path {path:?}", n + 1);
            }
            let id = paths.len() as u32;
            paths.push(path.to_string());
            words.extend(
                ws.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(|w| (w.to_string(), id)),
            );
        }
        Ok(ClusterTable {
            paths,
            words,
            fingerprint: fingerprint(&raw),
        })
    }
}

/// A xorshift64* generator: the fixed-seed shuffles that make training
/// deterministic.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A uniform number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Builds a model file in memory.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.buf.push(b);
                return;
            }
            self.buf.push(b | 0x80);
        }
    }
    pub fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    pub fn f32(&mut self, v: f32) {
        self.bytes(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }
    /// The weights of a sparse linear model: rows of (feature key, entries)
    /// with keys strictly increasing, each entry a (class, quantized
    /// weight) given by `entry`, classes strictly increasing within a row.
    /// Keys and classes are delta-coded, weights zigzag-coded.
    pub fn sparse_weights<E>(&mut self, rows: &[(u32, Vec<E>)], entry: impl Fn(&E) -> (u16, i16)) {
        self.varint(rows.len() as u64);
        let mut prev = 0u32;
        for (k, _) in rows {
            self.varint(u64::from(k - prev));
            prev = *k;
        }
        for (_, es) in rows {
            self.varint(es.len() as u64);
            let mut pc = 0u16;
            for e in es {
                let (c, w) = entry(e);
                self.varint(u64::from(c - pc));
                pc = c;
                self.zigzag(i64::from(w));
            }
        }
    }

    /// Gzip-compresses the buffer (fixed header: equal input, equal bytes).
    pub fn finish_gz(self) -> Vec<u8> {
        gzip(&self.buf)
    }
}

/// Deterministic gzip (mtime 0, OS "unknown", best compression).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

/// Decompresses a gzip stream of at most [`MAX_DECOMPRESSED`] bytes.
pub fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut out)
        .context("not a valid gzip stream (truncated or corrupt)")?;
    if out.len() as u64 > MAX_DECOMPRESSED {
        bail!("decompressed size over {MAX_DECOMPRESSED} bytes");
    }
    Ok(out)
}

/// Reads a decompressed model file; every read checks the bounds.
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.remaining() {
            bail!("truncated at byte {} (wanted {n} more)", self.pos);
        }
        let s = &self.data[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }
    pub fn varint(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        bail!("bad varint at byte {}", self.pos)
    }
    pub fn zigzag(&mut self) -> Result<i64> {
        let v = self.varint()?;
        Ok(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    pub fn f32(&mut self) -> Result<f32> {
        let b = self.bytes(4)?;
        let v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if !v.is_finite() {
            bail!("non-finite number at byte {}", self.pos);
        }
        Ok(v)
    }
    /// A count of items that each take at least `min_bytes`: checked
    /// against what is left so a corrupt count cannot allocate wildly.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.varint()?;
        if n > (self.remaining() / min_bytes.max(1)) as u64 {
            bail!("count {n} at byte {} exceeds the data left", self.pos);
        }
        Ok(n as usize)
    }
    /// A varint that must be at most `max` (a count or an index).
    pub fn at_most(&mut self, max: usize) -> Result<usize> {
        let v = self.varint()?;
        if v > max as u64 {
            bail!("value {v} out of range (max {max}) at byte {}", self.pos);
        }
        Ok(v as usize)
    }
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.count(1)?;
        let at = self.pos;
        std::str::from_utf8(self.bytes(n)?).with_context(|| format!("bad UTF-8 at byte {at}"))
    }
    /// Reads what [`Writer::sparse_weights`] wrote, checking that keys and
    /// classes strictly increase, every class is below `n_classes`, every
    /// row has between 1 and `n_classes` entries and every weight fits an
    /// `i16`; `entry` builds an entry from a class and a weight.
    pub fn sparse_weights<E>(
        &mut self,
        n_classes: usize,
        entry: impl Fn(u16, i16) -> E,
    ) -> Result<Vec<(u32, Vec<E>)>> {
        let nf = self.count(2)?;
        let mut keys = Vec::with_capacity(nf);
        let mut prev = 0u64;
        for _ in 0..nf {
            let d = self.varint()?;
            if d == 0 {
                bail!("feature keys not strictly increasing");
            }
            prev += d;
            if prev > u64::from(u32::MAX) {
                bail!("feature key out of range");
            }
            keys.push(prev as u32);
        }
        let nc = n_classes as u64;
        let mut rows = Vec::with_capacity(nf);
        for k in keys {
            let ne = self.count(2)?;
            if ne == 0 || ne as u64 > nc {
                bail!("bad entry count {ne}");
            }
            let mut es = Vec::with_capacity(ne);
            let mut c = 0u64;
            for i in 0..ne {
                let d = self.varint()?;
                if i > 0 && d == 0 {
                    bail!("classes not strictly increasing");
                }
                c += d;
                if c >= nc {
                    bail!("class {c} out of range");
                }
                let w = self.zigzag()?;
                let Ok(w) = i16::try_from(w) else {
                    bail!("weight {w} out of range");
                };
                es.push(entry(c as u16, w));
            }
            rows.push((k, es));
        }
        Ok(rows)
    }

    pub fn expect_end(&self) -> Result<()> {
        if self.remaining() != 0 {
            bail!("{} trailing bytes", self.remaining());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_and_strings_round_trip() {
        let mut w = Writer::default();
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            w.varint(v);
        }
        for v in [0i64, -1, 1, -300, i64::from(i16::MIN), i64::from(i16::MAX)] {
            w.zigzag(v);
        }
        w.str("naïve");
        w.f32(1.5);
        let buf = gunzip(&w.finish_gz()).unwrap();
        let mut r = Reader::new(&buf);
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        for v in [0i64, -1, 1, -300, i64::from(i16::MIN), i64::from(i16::MAX)] {
            assert_eq!(r.zigzag().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "naïve");
        assert_eq!(r.f32().unwrap(), 1.5);
        r.expect_end().unwrap();
        assert!(r.u8().is_err());
    }

    #[test]
    fn huge_counts_are_refused() {
        let mut w = Writer::default();
        w.varint(1 << 40);
        let mut r = Reader::new(&w.buf);
        assert!(r.count(1).is_err());
        let mut r = Reader::new(&w.buf);
        assert!(r.at_most(10).is_err());
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    #[test]
    fn sparse_weights_round_trip_and_bad_ones_are_refused() {
        let rows: Vec<(u32, Vec<(u16, i16)>)> =
            vec![(3, vec![(0, 5), (2, -7)]), (90, vec![(1, i16::MAX)])];
        let mut w = Writer::default();
        w.sparse_weights(&rows, |&e| e);
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.sparse_weights(3, |c, w| (c, w)).unwrap(), rows);
        r.expect_end().unwrap();
        // A class outside the model's classes.
        let mut r = Reader::new(&w.buf);
        assert!(r.sparse_weights(2, |c, w| (c, w)).is_err());
        // A key repeated, a row without entries.
        for bad in [
            vec![(3u32, vec![(0u16, 1i16)]), (3, vec![(0, 1)])],
            vec![(3, vec![])],
        ] {
            let mut w = Writer::default();
            w.sparse_weights(&bad, |&e| e);
            assert!(Reader::new(&w.buf)
                .sparse_weights(3, |c, w| (c, w))
                .is_err());
        }
    }

    #[test]
    fn cluster_tables_read_and_bad_ones_name_the_line() {
        let gz = |s: &str| gzip(s.as_bytes());
        let t = ClusterTable::read(&gz("01\ta b\n10\tc\n"), "t").unwrap();
        assert_eq!(t.paths, ["01", "10"]);
        assert_eq!(t.words[2], ("c".to_string(), 1));
        assert_eq!(t.fingerprint, fingerprint(b"01\ta b\n10\tc\n"));
        let e = ClusterTable::read(&gz("01\ta\n0101 the\n"), "t").unwrap_err();
        assert!(format!("{e:#}").contains("t:2:"), "{e:#}");
        assert!(ClusterTable::read(&gz("01x1\tthe\n"), "t").is_err());
        assert!(ClusterTable::read(b"junk", "t").is_err());
    }

    #[test]
    fn the_shuffle_is_fixed_by_the_seed() {
        let mut a: Vec<u32> = (0..20).collect();
        let mut b = a.clone();
        Rng(7).shuffle(&mut a);
        Rng(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..20).collect::<Vec<_>>());
        let u = Rng(7).unit();
        assert!((0.0..1.0).contains(&u));
    }
}

#[cfg(test)]
mod hash_tests {
    use super::*;

    #[test]
    fn hashes_are_stable_and_never_zero() {
        assert_eq!(hash_bytes(0, b"Kyiv"), hash_bytes(0, b"Kyiv"));
        assert_ne!(hash_bytes(0, b"Kyiv"), hash_bytes(1, b"Kyiv"));
        assert_ne!(mix(1, 2), mix(2, 1));
        for s in [&b""[..], b"a", b"abcdefgh", b"abcdefghi"] {
            assert_ne!(hash_bytes(0, s), 0);
        }
    }
}

/// Asks the CPU to bring `x`'s cache line in ahead of its use, so that
/// several independent weight lookups overlap their memory latency (the
/// tagger and the parser look up every feature of a step). A hint only:
/// nothing happens on other architectures, and it never faults.
#[inline(always)]
pub fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint that never faults; the pointer comes
    // from a live reference.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
