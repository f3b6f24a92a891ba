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

/// Index of an XPOS tag in [`XPOS_TAGS`].
pub(crate) fn xpos_id(name: &str) -> Option<u8> {
    XPOS_TAGS.iter().position(|t| *t == name).map(|i| i as u8)
}
