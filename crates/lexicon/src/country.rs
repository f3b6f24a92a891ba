//! Countries: the [`Country`] record and the surface forms that name one
//! (names, capitals, demonyms, codes, government metonyms).

use std::fmt;

/// One country or territory, from mledoze/countries (ODbL 1.0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    /// Common English name ("United Kingdom").
    pub name: String,
    /// Official English name ("United Kingdom of Great Britain and Northern Ireland").
    pub official: String,
    /// ISO 3166-1 alpha-2 ("GB").
    pub iso2: String,
    /// ISO 3166-1 alpha-3 ("GBR").
    pub iso3: String,
    /// Capital cities; usually one, sometimes none or several.
    pub capitals: Vec<String>,
    /// English demonym/adjective ("British"); empty when unknown.
    pub demonym: String,
    /// ISO 4217 codes of the currencies in use.
    pub currencies: Vec<String>,
}

/// How a surface names its country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountryForm {
    /// A name: common, official or alternative ("Britain", "United Kingdom").
    Name,
    /// A capital city ("London", "Kyiv").
    Capital,
    /// A demonym or adjective, or a singular demonym noun ("British", "Briton").
    Demonym,
    /// A plural demonym noun ("Britons", "Americans", "the French").
    DemonymPlural,
    /// A code or initialism ("US", "U.K.", "USA", "GBR").
    Code,
    /// A seat of government used for the government ("Kremlin", "White House").
    Metonym,
}

impl CountryForm {
    /// The lowercase name used in the compiled files.
    pub fn as_str(self) -> &'static str {
        match self {
            CountryForm::Name => "name",
            CountryForm::Capital => "capital",
            CountryForm::Demonym => "demonym",
            CountryForm::DemonymPlural => "demonym_plural",
            CountryForm::Code => "code",
            CountryForm::Metonym => "metonym",
        }
    }

    /// Parses [`CountryForm::as_str`] output.
    pub fn parse(s: &str) -> Option<CountryForm> {
        Some(match s {
            "name" => CountryForm::Name,
            "capital" => CountryForm::Capital,
            "demonym" => CountryForm::Demonym,
            "demonym_plural" => CountryForm::DemonymPlural,
            "code" => CountryForm::Code,
            "metonym" => CountryForm::Metonym,
            _ => return None,
        })
    }
}

impl fmt::Display for CountryForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A surface resolved to a country.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountryHit<'a> {
    /// ISO 3166-1 alpha-3 of the country.
    pub iso3: &'a str,
    /// What kind of surface it was.
    pub form: CountryForm,
}

/// One compiled surface form (a row of `country_forms.tsv.gz`).
#[derive(Debug, Clone)]
pub(crate) struct FormEntry {
    pub surface: String,
    pub country: usize,
    pub form: CountryForm,
}
