//! Text folding for the scorer: how names, quotes and evidence strings are
//! compared.
//!
//! Gold files hold names and snippets, not offsets, so the scorer compares
//! strings after folding them:
//!
//! - [`fold`]: lower case, common Latin diacritics removed, the periods of
//!   one-letter abbreviations deleted (`U.K.` = `UK`), every other run of
//!   non-alphanumeric characters (apostrophes straight or curly included:
//!   `Ramaphosa’s` = `Ramaphosa's`) turned into one space, trimmed. Used
//!   for quote texts.
//! - [`fold_name`]: [`fold`] plus a leading `the ` stripped (`the Kremlin` =
//!   `Kremlin`). Used for entity names, aliases and mention texts.
//! - [`fold_title`]: [`fold_name`] with British `defence` spelled `defense`.
//!   Used for role titles.
//! - [`find_spans`]: where a folded snippet occurs in a text, as byte
//!   offsets of the original text, on word boundaries.

/// Folds one character into what it contributes to a folded string:
/// `Some(' ')` for a separator, the base letter for a letter or digit,
/// `None` for a period (deleted or a separator: the caller decides).
fn fold_char(c: char) -> Option<char> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'a',
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => 'c',
        'ď' | 'đ' | 'Ď' | 'Đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => 'e',
        'ğ' | 'Ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'i',
        'ł' | 'Ł' => 'l',
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'o',
        'ř' | 'Ř' => 'r',
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => 's',
        'ť' | 'ţ' | 'Ť' | 'Ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => 'z',
        // Abbreviation periods are handled by the caller.
        '.' => return None,
        c if c.is_alphanumeric() => c,
        _ => return Some(' '),
    };
    Some(base)
}

/// Folds `s` and records, for every byte of the result, the byte range of
/// the character of `s` it came from. Separator runs collapse into one
/// space; the result has no leading or trailing space.
fn fold_mapped(s: &str) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(s.len());
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(s.len());
    let mut pending_space: Option<(usize, usize)> = None;
    // The two characters before `c`, to recognize abbreviation periods.
    let (mut prev, mut prev2): (Option<char>, Option<char>) = (None, None);
    for (i, c) in s.char_indices() {
        let range = (i, i + c.len_utf8());
        // A period after a one-letter word ("U.K.", "U.N.") vanishes; any
        // other ("Mr.", "fighting.But", "1.5") separates.
        let abbreviation =
            prev.is_some_and(char::is_alphabetic) && !prev2.is_some_and(char::is_alphabetic);
        let folded = match fold_char(c) {
            None if !abbreviation => Some(' '),
            f => f,
        };
        (prev2, prev) = (prev, Some(c));
        match folded {
            None => {}
            Some(' ') if !out.is_empty() && pending_space.is_none() => {
                pending_space = Some(range);
            }
            Some(' ') => {}
            Some(b) => {
                if let Some(sp) = pending_space.take() {
                    out.push(' ');
                    map.push(sp);
                }
                for l in b.to_lowercase() {
                    out.push(l);
                    for _ in 0..l.len_utf8() {
                        map.push(range);
                    }
                }
            }
        }
    }
    (out, map)
}

/// Lower case, diacritics removed, abbreviation periods (`U.K.`) deleted,
/// other punctuation and whitespace collapsed to single spaces, trimmed.
pub fn fold(s: &str) -> String {
    fold_mapped(s).0
}

/// [`fold`] with a leading `the ` removed: the form names are compared in.
pub fn fold_name(s: &str) -> String {
    let f = fold(s);
    match f.strip_prefix("the ") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => f,
    }
}

/// [`fold_name`] with `defence` spelled `defense`: the form role titles are
/// compared in.
pub fn fold_title(s: &str) -> String {
    fold_name(s).replace("defence", "defense")
}

/// The byte ranges of `text` where `needle` occurs, compared folded (see
/// [`fold`]: case, quotes, apostrophes, punctuation and whitespace do not
/// matter) and on word boundaries. Non-overlapping, in text order. An
/// empty (after folding) needle occurs nowhere. When the needle is not
/// found whole and holds an ellipsis (`...` or `…`), its longest piece of
/// at least 12 folded characters is searched instead.
pub fn find_spans(text: &str, needle: &str) -> Vec<(usize, usize)> {
    let (hay, map) = fold_mapped(text);
    let hits = find_folded(&hay, &map, &fold(needle));
    if !hits.is_empty() {
        return hits;
    }
    if needle.contains("...") || needle.contains('…') {
        let longest = needle
            .split("...")
            .flat_map(|p| p.split('…'))
            .map(fold)
            .max_by_key(|p| p.chars().count());
        if let Some(piece) = longest {
            if piece.chars().count() >= 12 {
                return find_folded(&hay, &map, &piece);
            }
        }
    }
    Vec::new()
}

fn find_folded(hay: &str, map: &[(usize, usize)], needle: &str) -> Vec<(usize, usize)> {
    if needle.is_empty() {
        return Vec::new();
    }
    let bytes = hay.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let left_ok = start == 0 || bytes[start - 1] == b' ';
        let right_ok = end == bytes.len() || bytes[end] == b' ';
        if left_ok && right_ok {
            out.push((map[start].0, map[end - 1].1));
            from = end;
        } else {
            // Step past the first character of this occurrence.
            let step = hay[start..].chars().next().map_or(1, char::len_utf8);
            from = start + step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_punctuation_and_quotes() {
        assert_eq!(fold_name("The U.K."), "uk");
        assert_eq!(fold_name("Ramaphosa’s office"), "ramaphosa s office");
        assert_eq!(fold_name("Ramaphosa's  office"), "ramaphosa s office");
        assert_eq!(fold_name("U.S. and E.U."), "us and eu");
        assert_eq!(fold_name("Mr. Shapps"), fold_name("Mr Shapps"));
        assert_eq!(fold("the fighting.But 1.5"), "the fighting but 1 5");
        assert_eq!(fold_name("Russia-Africa summit"), "russia africa summit");
        assert_eq!(fold_name("Sébastien Lecornu"), "sebastien lecornu");
        assert_eq!(fold_name("the"), "the");
        assert_eq!(fold_name(""), "");
        assert_eq!(fold_name("  ...  "), "");
        assert_eq!(fold_title("Defence Secretary"), "defense secretary");
    }

    #[test]
    fn finds_spans_in_original_offsets() {
        let text = "He said: “It’s  a  test.”\nThe test was  good.";
        let spans = find_spans(text, "it's a test");
        assert_eq!(spans.len(), 1);
        let (s, e) = spans[0];
        assert_eq!(&text[s..e], "It’s  a  test");
        let spans = find_spans(text, "test");
        assert_eq!(spans.len(), 2);
        // Word boundaries: "tes" is inside "test".
        assert!(find_spans(text, "tes").is_empty());
        assert!(find_spans(text, "").is_empty());
        assert!(find_spans("", "x").is_empty());
        let spans = find_spans(text, "He said ... was good");
        assert!(
            spans.is_empty(),
            "pieces shorter than 12 chars are not searched"
        );
        let spans = find_spans(text, "nothing here ... The test was good");
        assert_eq!(spans.len(), 1);
        assert_eq!(&text[spans[0].0..spans[0].1], "The test was  good");
    }
}
