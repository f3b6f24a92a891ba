//! Brown word clusters as tagger features.
//!
//! The table is the one the named-entity model uses: it is induced by
//! `chronicle train ner` (Brown clustering over news text and the CoNLL
//! training words) and lives in `crates/ner/models/clusters.tsv.gz`; the
//! tagger embeds the same file rather than a copy. Lines are
//! `bitpath<TAB>word word ...` (one or more words per line).
//!
//! A POS model stores a fingerprint (FNV-1a of the text) of the table it was trained with,
//! and loading refuses a model whose table differs: after the clusters are
//! induced again, `chronicle train pos` must be run again too.

use std::sync::OnceLock;

use anyhow::Result;

/// The cluster table shared with the NER (induced by `chronicle train ner`).
pub(crate) static EMBEDDED: &[u8] = include_bytes!("../../ner/models/clusters.tsv.gz");

/// Lengths of the path prefixes used as features (0: the whole path).
pub const PREFIXES: [usize; 4] = [4, 6, 10, 0];

/// A parsed cluster table.
pub(crate) struct Clusters {
    /// (word, path index) pairs, in file order.
    pub words: Vec<(String, u32)>,
    /// Per path, the hashes of its [`PREFIXES`].
    pub prefixes: Vec<[u64; 4]>,
    /// The table's fingerprint ([`chronicle_modelio::ClusterTable`]).
    pub fingerprint: u64,
}

fn prefix_hashes(path: &str) -> [u64; 4] {
    let mut out = [0; 4];
    for (k, &n) in PREFIXES.iter().enumerate() {
        let p = if n == 0 {
            path
        } else {
            &path[..n.min(path.len())]
        };
        let h = p.bytes().fold(0x436c_7573u64 + k as u64, |h, b| {
            (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
        });
        // Distinguish a prefix from the whole path of the same bits.
        out[k] = crate::features::mix(h ^ ((p.len() as u64) << 48) ^ (k as u64) << 56);
    }
    out
}

impl Clusters {
    /// Parses a gzipped table; `name` labels errors.
    pub fn parse(gz: &[u8], name: &str) -> Result<Clusters> {
        let t = chronicle_modelio::ClusterTable::read(gz, name)?;
        Ok(Clusters {
            prefixes: t.paths.iter().map(|p| prefix_hashes(p)).collect(),
            words: t.words,
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
        .map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// The hashes used when a word has no cluster.
pub(crate) fn unknown() -> [u64; 4] {
    let v = crate::features::mix(0x6e6f_636c_7573);
    [v, v ^ 1, v ^ 2, v ^ 3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec;

    #[test]
    fn embedded_table_parses() {
        let c = Clusters::embedded().unwrap();
        assert!(c.words.len() > 1000, "{}", c.words.len());
        assert!(c.prefixes.len() > 10);
        // Prefix hashes of different lengths differ.
        let p = prefix_hashes("0101010101010");
        assert_ne!(p[0], p[1]);
        assert_ne!(p[2], p[3]);
        assert_ne!(prefix_hashes("0101")[0], prefix_hashes("0101")[3]);
    }

    #[test]
    fn bad_tables_are_errors() {
        let gz = |s: &str| {
            let mut w = codec::Writer::default();
            w.bytes(s.as_bytes());
            w.finish_gz()
        };
        assert!(Clusters::parse(&gz("0101 the\n"), "t").is_err());
        assert!(Clusters::parse(&gz("01x1\tthe\n"), "t").is_err());
        assert!(Clusters::parse(b"junk", "t").is_err());
        let c = Clusters::parse(&gz("01\ta b\n10\tc\n"), "t").unwrap();
        assert_eq!(c.words.len(), 3);
        assert_eq!(c.words[2], ("c".to_string(), 1));
    }
}
