//! Word lists the tokenizer and sentence splitter consult.
//!
//! The abbreviation list was derived from the words ending in a period that
//! UD English EWT and GUM (train and dev only) keep as one token (`Mr.`,
//! `Dr.`, `St.`, `etc.`, `vs.`, `Sept.`, `Inc.`, ...), cleaned by hand and
//! completed with the titles, months and US state abbreviations common in
//! news text. Acronyms with inner periods (`U.S.`, `e.g.`, `Ph.D.`) are not
//! listed: the tokenizer recognises their shape.

/// Abbreviations that stand before a name or number and so never end a
/// sentence (`Mr. Zelensky`, `Gen. Milley`, `St. Louis`).
pub const TITLES: &[&str] = &[
    "Adm", "Amb", "Atty", "Capt", "Cmdr", "Col", "Cpl", "Dr", "Drs", "Ft", "Gen", "Gens", "Gov",
    "Hon", "Lt", "Maj", "Messrs", "Mlle", "Mme", "Mr", "Mrs", "Ms", "Mt", "Pres", "Prof", "Pvt",
    "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "Spc", "St", "Sts", "Supt", "vs", "Vs", "MR",
    "MRS", "DR", "GEN",
];

/// Abbreviations kept with their period only when a number follows
/// (`No. 1`, `Vol. 3`): otherwise the word is an ordinary one (`No.`).
pub const BEFORE_NUMBER: &[&str] = &[
    "No", "Nos", "no", "p", "Vol", "vol", "Fig", "fig", "pp", "Art", "Sec", "Para",
];

/// Other abbreviations: they may end a sentence (`Apple Inc.`, `etc.`).
pub const OTHER: &[&str] = &[
    // Companies.
    "Inc", "Corp", "Co", "Ltd", "Bros", "Assoc", "Dept", "Univ", "Est", "LTD",
    // Months and days.
    "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues",
    "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", // US states.
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans",
    "Ky", "La", "Md", "Mich", "Minn", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Penn",
    "Tenn", "Tex", "Va", "Vt", "Wis", "Wyo", // Names and places.
    "Jr", "Sr", "Ave", "Blvd", "Rd", "Hwy", "Ste", // Latin and general.
    "etc", "al", "approx", "cf", "esp", "ext", "ca", "c", "ed", "eds", "est", "min", "mins", "hr",
    "hrs", "yr", "yrs", "lb", "lbs", "oz", "ft", "sq", "viz", "Attn", "attn", "Ph", "Ed",
];

/// Prefixes that stay joined to the rest of a hyphenated word, as in UD
/// English (`non-profit`, `re-elected`, `co-founder`, `e-mail`); every other
/// hyphen between letters is a token of its own (`long - range`).
pub const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "co", "counter", "cross", "e", "ex", "inter", "intra", "mid", "mini", "multi", "neo",
    "non", "post", "pre", "pro", "proto", "psycho", "re", "semi", "socio", "sub", "ultra",
];

/// Lower-case words that, capitalised after an abbreviation such as `U.S.`
/// or `Inc.`, most likely start a new sentence rather than continue a name.
pub const SENTENCE_STARTERS: &[&str] = &[
    "a",
    "after",
    "all",
    "also",
    "although",
    "an",
    "and",
    "another",
    "as",
    "at",
    "because",
    "before",
    "both",
    "but",
    "by",
    "despite",
    "during",
    "each",
    "even",
    "for",
    "from",
    "he",
    "her",
    "here",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "instead",
    "it",
    "its",
    "last",
    "later",
    "many",
    "meanwhile",
    "more",
    "most",
    "moreover",
    "much",
    "my",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "officials",
    "on",
    "one",
    "only",
    "or",
    "our",
    "over",
    "she",
    "since",
    "so",
    "some",
    "still",
    "such",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "thus",
    "to",
    "under",
    "until",
    "we",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "with",
    "without",
    "yet",
    "you",
    "your",
];

/// True when `w` is in `list` (the lists are short; a linear scan is fine).
pub fn contains(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// True when `w` (without its period) is any listed abbreviation.
pub fn is_abbreviation(w: &str) -> bool {
    contains(TITLES, w) || contains(OTHER, w)
}
