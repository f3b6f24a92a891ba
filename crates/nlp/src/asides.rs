//! Asides set off by a pair of dashes ("Lukashenko – a close ally of
//! Vladimir Putin – vowed"). Statistical taggers and parsers trained on
//! treebanks that rarely have them lose the sentence's structure around
//! them: the verb after the closing dash is read as a participle on the
//! aside's noun. The tagger and the parser therefore read the sentence
//! without its asides and each aside on its own, and the parser hangs the
//! aside on the word before its opening dash.

use chronicle_text::Doc;

/// The longest an aside between dashes may be, in tokens.
const MAX_ASIDE: usize = 40;

/// The asides inside sentence `s`, each as the token range from its
/// opening to its closing dash. A dash without a partner (an aside that
/// runs to the end of the sentence) is left alone, and so is a hyphen
/// inside a word ("Czech-led") or between numbers.
pub fn dash_asides(doc: &Doc, s: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let text = doc.text().as_bytes();
    let is_dash = |i: usize| match doc.token_text(i) {
        "–" | "—" => true,
        "-" | "--" => {
            let sp = doc.tokens[i].span;
            sp.start > 0 && text.get(sp.start - 1) == Some(&b' ') && text.get(sp.end) == Some(&b' ')
        }
        _ => false,
    };
    // A pair is two dashes of one kind in a row: "Hong Kong CNN — Xi and
    // Lukashenko – a close ally of Putin – vowed" has one aside.
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open: Option<usize> = None;
    for i in s.clone().filter(|&i| is_dash(i)) {
        match open {
            Some(a) if doc.token_text(a) == doc.token_text(i) => {
                // words on both sides, and something said in between
                if a > s.start && i + 1 < s.end && i > a + 1 && i - a <= MAX_ASIDE {
                    out.push(a..i + 1);
                }
                open = None;
            }
            _ => open = Some(i),
        }
    }
    out
}

/// The tokens of sentence `s` read apart: first the sentence without its
/// asides, then the inside of each aside. Empty when it has none.
pub fn segments(doc: &Doc, s: std::ops::Range<usize>) -> Vec<Vec<usize>> {
    let asides = dash_asides(doc, s.clone());
    if asides.is_empty() {
        return Vec::new();
    }
    let inside = |i: usize| asides.iter().any(|a| a.contains(&i));
    let mut out = vec![s.filter(|&i| !inside(i)).collect::<Vec<_>>()];
    out.extend(asides.iter().map(|a| (a.start + 1..a.end - 1).collect()));
    out
}

/// The relation of an aside whose first token is `first` and whose parse
/// root is `root` to the word before it: a relative clause ("– who
/// allowed ... –"), a prepositional phrase ("– with stops in ... –"), an
/// apposition ("– a close ally of ... –"), or else a parenthetical clause.
pub fn relation(doc: &Doc, first: usize, root: usize) -> &'static str {
    let w = doc.token_text(first).to_ascii_lowercase();
    if matches!(
        w.as_str(),
        "who" | "which" | "whose" | "whom" | "where" | "when"
    ) {
        return "acl:relcl";
    }
    if doc.morph.get(first).is_some_and(|m| m.xpos == "IN") {
        return "nmod";
    }
    if doc
        .morph
        .get(root)
        .is_some_and(|m| matches!(m.upos, "NOUN" | "PROPN" | "PRON" | "NUM"))
    {
        return "appos";
    }
    "parataxis"
}
