//! Shared helpers: gzip-compressed TSV reading and writing, text
//! normalization (apostrophes, accents, case) and the splitting of lexicon
//! phrases into the token sequences the matcher compares against.

use std::borrow::Cow;
use std::io::{Read, Write};

use anyhow::{bail, Context, Result};
use flate2::{read::GzDecoder, write::GzEncoder, Compression, GzBuilder};

/// Compresses `text` with gzip, deterministically: no file name, mtime 0,
/// best compression. The same text always gives the same bytes with the
/// same `flate2` backend.
pub(crate) fn gz_encode(text: &str) -> Result<Vec<u8>> {
    let mut enc: GzEncoder<Vec<u8>> = GzBuilder::new()
        .mtime(0)
        .operating_system(255)
        .write(Vec::new(), Compression::best());
    enc.write_all(text.as_bytes())?;
    Ok(enc.finish()?)
}

/// Decompresses gzip bytes into UTF-8 text; `name` is used in error messages.
pub(crate) fn gz_decode(bytes: &[u8], name: &str) -> Result<String> {
    let mut out = String::new();
    GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .with_context(|| format!("{name}: not a valid gzip-compressed UTF-8 file"))?;
    Ok(out)
}

/// Iterates over the data rows of a compiled TSV file: skips the `#` comment
/// lines and checks the header line equals `header`. Each row is split on
/// tabs and must have exactly as many fields as the header.
pub(crate) fn tsv_rows<'t>(text: &'t str, name: &str, header: &str) -> Result<Vec<Vec<&'t str>>> {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    match lines.next() {
        Some(h) if h == header => {}
        Some(h) => bail!("{name}: unexpected header {h:?}, expected {header:?}"),
        None => bail!("{name}: empty file"),
    }
    let ncol = header.split('\t').count();
    let mut rows = Vec::new();
    for (i, line) in lines.enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != ncol {
            bail!(
                "{name}: data row {} has {} fields, expected {ncol}",
                i + 1,
                f.len()
            );
        }
        rows.push(f);
    }
    Ok(rows)
}

/// Splits a `|`-separated list field; the empty field is the empty list.
pub(crate) fn split_list(field: &str) -> Vec<String> {
    if field.is_empty() {
        Vec::new()
    } else {
        field.split('|').map(str::to_string).collect()
    }
}

/// Makes a value safe for a TSV field (no tabs, newlines or list bars).
pub(crate) fn clean_field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Curly and other typographic apostrophes become `'`.
pub fn normalize_apostrophes(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_fancy_apostrophe) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_fancy_apostrophe(c) { '\'' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

fn is_fancy_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}'
    )
}

/// Lowercases (Unicode) only when needed.
pub(crate) fn lower(s: &str) -> Cow<'_, str> {
    if s.chars().any(char::is_uppercase) {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}

/// Removes diacritics from Latin letters ("Sébastien" → "Sebastien",
/// "Łukasz" → "Lukasz"). Characters without a known base letter are kept.
pub fn fold_accents(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match fold_char(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        'Þ' => "Th",
        'þ' => "th",
        _ => return None,
    })
}

/// True when every letter of `s` is from the Latin script (Basic Latin,
/// Latin-1, Latin Extended-A/B and combining marks).
pub(crate) fn is_latin(s: &str) -> bool {
    s.chars()
        .all(|c| !c.is_alphabetic() || (c as u32) < 0x0250 || matches!(c as u32, 0x1E00..=0x1EFF))
}

/// Collapses runs of whitespace into single spaces and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits a lexicon phrase into the token sequences a Penn/UD-style
/// tokenizer may produce for it. Words are split on whitespace; commas,
/// parentheses, quotes, semicolons and colons are separated; a final `.` is
/// kept on the word (abbreviations: "U.S.", "D.C."). Then each word with
/// an inner hyphen also yields the split form ("G-7" → "G" "-" "7"), and a
/// word ending in `'s` also yields the clitic split ("People's" → "People"
/// "'s"). At most 8 sequences are returned, the unsplit one first.
pub(crate) fn phrase_token_variants(phrase: &str) -> Vec<Vec<String>> {
    let phrase = normalize_apostrophes(phrase);
    let mut words: Vec<String> = Vec::new();
    for w in phrase.split_whitespace() {
        let mut cur = String::new();
        for c in w.chars() {
            if matches!(
                c,
                ',' | '(' | ')' | '"' | ';' | ':' | '\u{201C}' | '\u{201D}'
            ) {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                words.push(c.to_string());
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            words.push(cur);
        }
    }
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    for w in &words {
        let mut alts: Vec<Vec<String>> = vec![vec![w.clone()]];
        let inner_hyphen = w.contains('-') && !w.starts_with('-') && !w.ends_with('-');
        if inner_hyphen {
            let mut parts = Vec::new();
            for (i, p) in w.split('-').enumerate() {
                if i > 0 {
                    parts.push("-".to_string());
                }
                if !p.is_empty() {
                    parts.push(p.to_string());
                }
            }
            alts.push(parts);
        }
        if w.len() > 2 && (w.ends_with("'s") || w.ends_with("'S")) {
            let (a, b) = w.split_at(w.len() - 2);
            alts.push(vec![a.to_string(), b.to_string()]);
        }
        let mut next = Vec::new();
        for prefix in &out {
            for alt in &alts {
                if next.len() >= 8 {
                    break;
                }
                let mut v = prefix.clone();
                v.extend(alt.iter().cloned());
                next.push(v);
            }
        }
        out = next;
    }
    out.retain(|v| !v.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants() {
        assert_eq!(
            phrase_token_variants("G-7"),
            vec![vec!["G-7"], vec!["G", "-", "7"]]
        );
        assert_eq!(
            phrase_token_variants("Washington, D.C."),
            vec![vec!["Washington", ",", "D.C."]]
        );
        let v = phrase_token_variants("People’s Republic");
        assert!(v.contains(&vec![
            "People".to_string(),
            "'s".to_string(),
            "Republic".to_string()
        ]));
    }

    #[test]
    fn folding() {
        assert_eq!(fold_accents("Sébastien Lecornu"), "Sebastien Lecornu");
        assert_eq!(fold_accents("Łódź"), "Lodz");
        assert!(is_latin("Côte d'Ivoire"));
        assert!(!is_latin("Российская"));
    }

    #[test]
    fn gzip_roundtrip_is_deterministic() {
        let a = gz_encode("a\tb\n").unwrap();
        let b = gz_encode("a\tb\n").unwrap();
        assert_eq!(a, b);
        assert_eq!(gz_decode(&a, "x").unwrap(), "a\tb\n");
        assert!(gz_decode(b"garbage", "x.tsv.gz")
            .unwrap_err()
            .to_string()
            .contains("x.tsv.gz"));
    }
}

/// A fast, non-cryptographic hasher (the Fx hash of rustc) for the
/// matcher's maps; its keys come from the compiled lexicon, not from
/// untrusted input that could be crafted to collide.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(FX_SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxBuildHasher = std::hash::BuildHasherDefault<FxHasher>;
pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, FxBuildHasher>;
