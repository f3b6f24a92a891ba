//! Currencies: ISO 4217 codes, a hand-written table of the names, plurals
//! and symbols news uses for the ~45 currencies that matter, the local
//! meaning of a bare `$` by outlet country, and scale words.

use std::fmt;

/// How a surface names its currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CurrencyForm {
    /// An ISO 4217 code ("EUR", "UAH").
    Code,
    /// A symbol ("€", "$", "US$", "zł").
    Symbol,
    /// A name, singular or plural ("euros", "pounds sterling", "hryvnias").
    Name,
}

impl CurrencyForm {
    /// The name used in the compiled files.
    pub fn as_str(self) -> &'static str {
        match self {
            CurrencyForm::Code => "code",
            CurrencyForm::Symbol => "symbol",
            CurrencyForm::Name => "name",
        }
    }

    /// Parses [`CurrencyForm::as_str`] output.
    pub fn parse(s: &str) -> Option<CurrencyForm> {
        match s {
            "code" => Some(CurrencyForm::Code),
            "symbol" => Some(CurrencyForm::Symbol),
            "name" => Some(CurrencyForm::Name),
            _ => None,
        }
    }
}

impl fmt::Display for CurrencyForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A surface resolved to a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CurrencyHit<'a> {
    /// ISO 4217 code.
    pub code: &'a str,
    /// What kind of surface it was.
    pub form: CurrencyForm,
    /// True for a bare `$`, "dollar" or "dollars": USD by default, but the
    /// caller should apply the outlet-country rule (guidelines §5) through
    /// [`crate::Lexicon::local_dollar`].
    pub ambiguous_dollar: bool,
}

/// An ISO 4217 currency in current use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 alphabetic code.
    pub code: String,
    /// The ISO English name ("Hryvnia").
    pub name: String,
}

/// One compiled currency surface (a row of `currency_forms.tsv.gz`).
#[derive(Debug, Clone)]
pub(crate) struct CurrencyFormEntry {
    pub surface: String,
    pub code: String,
    pub form: CurrencyForm,
    /// Matched case-insensitively (names) or exactly (codes, symbols).
    pub case_insensitive: bool,
    /// Safe to match in running text without a number beside it; "won",
    /// "rand", "real" are not.
    pub gazetteer: bool,
    pub ambiguous_dollar: bool,
}

/// The multiplier of a scale word: thousand/k/K → 1e3,
/// million/mln/mn/m/M → 1e6, billion/bn/bln/b/B → 1e9,
/// trillion/tn/trln → 1e12 (plurals and "lakh"/"crore" too).
///
/// The single letters ("k", "m", "b", ...) are scale words only right after
/// a number ("$5m", "5 bn"): the caller must check that. Case-insensitive
/// for the words; "M"/"m", "B"/"b", "K"/"k" are all accepted.
pub fn scale(word: &str) -> Option<f64> {
    let w = word.trim().trim_end_matches('.');
    let lw = w.to_ascii_lowercase();
    Some(match lw.as_str() {
        "thousand" | "thousands" | "k" | "thou" => 1e3,
        "lakh" | "lakhs" => 1e5,
        "million" | "millions" | "mln" | "mn" | "m" | "mio" | "mil" => 1e6,
        "crore" | "crores" => 1e7,
        "billion" | "billions" | "bn" | "bln" | "b" => 1e9,
        "trillion" | "trillions" | "tn" | "trln" | "tr" => 1e12,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales() {
        assert_eq!(scale("million"), Some(1e6));
        assert_eq!(scale("bn"), Some(1e9));
        assert_eq!(scale("M"), Some(1e6));
        assert_eq!(scale("K"), Some(1e3));
        assert_eq!(scale("trln"), Some(1e12));
        assert_eq!(scale("Billion"), Some(1e9));
        assert_eq!(scale("people"), None);
    }
}
