//! Brown word clusters as parser features: the NER's table
//! (`crates/ner/models/clusters.tsv.gz`, lines `bitpath<TAB>word word ...`),
//! embedded here as the tagger embeds it. A parse model records the
//! fingerprint of the table it was trained with and loading refuses another.

use std::sync::OnceLock;

use anyhow::{anyhow, Result};
use chronicle_modelio::{hash_bytes, FastMap};

static EMBEDDED: &[u8] = include_bytes!("../../ner/models/clusters.tsv.gz");

/// Hashes of a word's cluster path prefixes: 4 bits, 6 bits, whole path.
pub(crate) type Prefixes = [u64; 3];

pub(crate) struct Clusters {
    words: FastMap<Box<str>, u32>,
    prefixes: Vec<Prefixes>,
    pub fingerprint: u64,
}

/// The prefixes used when a word has no cluster.
pub(crate) const UNKNOWN: Prefixes = [0x11, 0x12, 0x13];

impl Clusters {
    pub fn parse(gz: &[u8], name: &str) -> Result<Clusters> {
        let t = chronicle_modelio::ClusterTable::read(gz, name)?;
        let prefixes = t
            .paths
            .iter()
            .map(|path| {
                let p = |k: usize, len: usize| {
                    hash_bytes(0xc1u64 + k as u64, &path.as_bytes()[..len.min(path.len())])
                };
                [p(0, 4), p(1, 6), p(2, path.len())]
            })
            .collect();
        let mut words = FastMap::default();
        for (w, idx) in t.words {
            words.entry(w.into()).or_insert(idx);
        }
        Ok(Clusters {
            words,
            prefixes,
            fingerprint: t.fingerprint,
        })
    }

    /// The embedded table, parsed once.
    pub fn embedded() -> Result<&'static Clusters> {
        static C: OnceLock<Result<Clusters, String>> = OnceLock::new();
        C.get_or_init(|| {
            Clusters::parse(EMBEDDED, "crates/ner/models/clusters.tsv.gz")
                .map_err(|e| format!("{e:#}"))
        })
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
    }

    /// The cluster prefixes of `word`: its form with digits as `0` and
    /// curly quotes straight, else its lowercase form; `buf` is scratch.
    pub fn lookup(&self, word: &str, buf: &mut String) -> Prefixes {
        let idx = if word.bytes().all(|b| b.is_ascii() && !b.is_ascii_digit()) {
            self.words.get(word).copied()
        } else {
            buf.clear();
            buf.extend(word.chars().map(|c| match c {
                '0'..='9' => '0',
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201C}' | '\u{201D}' => '"',
                c => c,
            }));
            self.words.get(buf.as_str()).copied()
        };
        let idx = idx.or_else(|| {
            if word.len() > 64 || !word.chars().any(char::is_uppercase) {
                return None;
            }
            buf.clear();
            buf.extend(word.chars().flat_map(char::to_lowercase));
            self.words.get(buf.as_str()).copied()
        });
        idx.map_or(UNKNOWN, |i| self.prefixes[i as usize])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_and_looks_up() {
        let c = Clusters::embedded().unwrap();
        let mut buf = String::new();
        assert_ne!(c.lookup("the", &mut buf), UNKNOWN);
        assert_eq!(c.lookup("qzxqzxqzx", &mut buf), UNKNOWN);
        assert!(Clusters::parse(b"junk", "t").is_err());
    }
}
