//! A tiny binary encoding for the model files: LEB128 varints,
//! length-prefixed UTF-8 strings, gzip around the whole. Every read is
//! bounds-checked and returns an error instead of panicking.

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};

/// Largest decompressed model accepted (guards against gzip bombs).
const MAX_DECOMPRESSED: u64 = 512 << 20;

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
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.bytes(s.as_bytes());
    }
    /// Gzip-compresses the buffer (fixed header, so equal input gives equal bytes).
    pub fn finish_gz(self) -> Vec<u8> {
        let mut enc = flate2::GzBuilder::new()
            .mtime(0)
            .operating_system(255)
            .write(Vec::new(), flate2::Compression::best());
        enc.write_all(&self.buf)
            .expect("writing to a Vec cannot fail");
        enc.finish().expect("writing to a Vec cannot fail")
    }
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
    /// A count of items that each take at least `min_bytes`: checked
    /// against what is left so a corrupt count cannot allocate wildly.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let n = self.varint()?;
        if n > (self.remaining() / min_bytes.max(1)) as u64 {
            bail!("count {n} at byte {} exceeds the data left", self.pos);
        }
        Ok(n as usize)
    }
    pub fn str(&mut self) -> Result<&'a str> {
        let n = self.count(1)?;
        let at = self.pos;
        std::str::from_utf8(self.bytes(n)?).with_context(|| format!("bad UTF-8 at byte {at}"))
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
        let buf = gunzip(&w.finish_gz()).unwrap();
        let mut r = Reader::new(&buf);
        for v in [0u64, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint().unwrap(), v);
        }
        for v in [0i64, -1, 1, -300, i64::from(i16::MIN), i64::from(i16::MAX)] {
            assert_eq!(r.zigzag().unwrap(), v);
        }
        assert_eq!(r.str().unwrap(), "naïve");
        r.expect_end().unwrap();
        assert!(r.u8().is_err());
    }

    #[test]
    fn huge_counts_are_refused() {
        let mut w = Writer::default();
        w.varint(1 << 40);
        let mut r = Reader::new(&w.buf);
        assert!(r.count(1).is_err());
    }
}
