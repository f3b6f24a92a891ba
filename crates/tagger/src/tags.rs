//! The closed tag sets: Penn Treebank XPOS as used by UD English, and UD UPOS.
//! Model files name their tags; loading maps the names onto these lists so
//! that a [`crate::Tag`] holds `&'static str`s.

/// Penn Treebank tags of UD English EWT and GUM (plus `XX`).
pub const XPOS_TAGS: &[&str] = &[
    "NN", "IN", "DT", "NNP", "PRP", "JJ", "RB", ".", "VB", "NNS", ",", "CC", "VBD", "VBP", "VBZ",
    "CD", "VBN", "VBG", "MD", "TO", "PRP$", "-RRB-", "-LRB-", "WDT", ":", "WRB", "``", "''", "WP",
    "RP", "UH", "POS", "HYPH", "NNPS", "JJR", "JJS", "EX", "NFP", "RBR", "ADD", "GW", "$", "SYM",
    "PDT", "LS", "FW", "RBS", "AFX", "WP$", "XX",
];

/// The 17 universal part-of-speech tags.
pub const UPOS_TAGS: &[&str] = &[
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// The static spelling of an XPOS tag, if it is one.
pub fn xpos(name: &str) -> Option<&'static str> {
    XPOS_TAGS.iter().copied().find(|t| *t == name)
}

/// The static spelling of a UPOS tag, if it is one.
pub fn upos(name: &str) -> Option<&'static str> {
    UPOS_TAGS.iter().copied().find(|t| *t == name)
}

/// A tag name of at most 8 bytes packed into an integer (0 for longer
/// names, which are no tags).
const fn pack(b: &[u8]) -> u64 {
    if b.len() > 8 {
        return 0;
    }
    let mut v = 0u64;
    let mut i = 0;
    while i < b.len() {
        v |= (b[i] as u64) << (8 * i);
        i += 1;
    }
    v
}

/// [`XPOS_TAGS`] packed with [`pack`].
static PACKED_XPOS: [u64; XPOS_TAGS.len()] = {
    let mut a = [0u64; XPOS_TAGS.len()];
    let mut i = 0;
    while i < a.len() {
        a[i] = pack(XPOS_TAGS[i].as_bytes());
        i += 1;
    }
    a
};

/// Index of an XPOS tag in [`XPOS_TAGS`] (integer compares only: this is
/// called once per lemmatized word).
pub(crate) fn xpos_id(name: &str) -> Option<u8> {
    let p = pack(name.as_bytes());
    if p == 0 {
        return None;
    }
    PACKED_XPOS.iter().position(|&t| t == p).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    #[test]
    fn xpos_ids() {
        for (i, t) in super::XPOS_TAGS.iter().enumerate() {
            assert_eq!(super::xpos_id(t), Some(i as u8));
        }
        for bad in ["", "NNNNNNNNN", "nn", "NN ", "VERB"] {
            assert_eq!(super::xpos_id(bad), None, "{bad}");
        }
    }
}
