//! Small shared pieces: a fast deterministic hasher, a bounds-checked binary
//! codec (LEB128 varints, gzip around the whole) and text helpers.

use std::io::{Read, Write};

use anyhow::{bail, Context, Result};

/// Largest decompressed file accepted (guards against gzip bombs).
const MAX_DECOMPRESSED: u64 = 512 << 20;

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fast, deterministic 64-bit string hash (FxHash-style mixing, then a
/// final avalanche so that low bits are usable for open addressing).
#[inline]
pub(crate) fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
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
pub(crate) fn mix(a: u64, b: u64) -> u64 {
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
pub(crate) struct IdHasher(u64);

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

pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub(crate) struct Writer {
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
    /// Gzip-compresses the buffer (fixed header: equal input, equal bytes).
    pub fn finish_gz(self) -> Vec<u8> {
        gzip(&self.buf)
    }
}

/// Deterministic gzip (mtime 0, OS "unknown").
pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::best());
    enc.write_all(data).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail")
}

pub(crate) fn gunzip(bytes: &[u8]) -> Result<Vec<u8>> {
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

pub(crate) struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }
    pub fn at_end(&self) -> bool {
        self.pos == self.buf.len()
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.buf.len() - self.pos < n {
            bail!("unexpected end of data at byte {}", self.pos);
        }
        let s = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.bytes(1)?[0])
    }
    pub fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        bail!("bad varint at byte {}", self.pos)
    }
    /// A varint that must be at most `max` (a count or index).
    pub fn count(&mut self, max: usize) -> Result<usize> {
        let v = self.varint()?;
        if v > max as u64 {
            bail!("value {v} out of range (max {max}) at byte {}", self.pos);
        }
        Ok(v as usize)
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
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.count(1 << 20)?;
        std::str::from_utf8(self.bytes(n)?).context("invalid UTF-8 string")
    }
}
