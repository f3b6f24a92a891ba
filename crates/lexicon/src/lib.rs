//! chronicle-lexicon: the project's reference knowledge — countries,
//! international organizations, official titles, leaders, currencies and ECB
//! exchange rates — compiled from the shared source data into small files
//! embedded in the binary, with the lookups and the phrase matcher the
//! extractor uses to recognize and normalize them.
//!
//! * [`build::compile`] turns the source files of `shared/data/lexicons/`
//!   into the compiled files of `crates/lexicon/data/` (deterministic
//!   gzip-compressed TSV; see `data/ATTRIBUTION.md` for sources and
//!   licenses).
//! * [`Lexicon::get`] and [`Fx::get`] load the embedded files once.
//! * [`Lexicon::country`], [`Lexicon::org`], [`Lexicon::title`],
//!   [`Lexicon::leader`], [`Lexicon::currency`] resolve one surface;
//!   [`Lexicon::gazetteer`] finds every phrase in a token sequence.
//! * [`Fx::rate`] and [`Fx::convert`] apply the ECB reference rates.

pub mod build;
mod country;
mod currency;
mod fx;
mod gazetteer;
mod leader;
mod org;
mod title;
mod util;

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{bail, Context, Result};

pub use country::{Country, CountryForm, CountryHit};
pub use currency::{scale, Currency, CurrencyForm, CurrencyHit};
pub use fx::{Conversion, Fx, Rate, FX_FILE};
pub use gazetteer::{Gazetteer, LexHit, PhraseMatch};
pub use leader::{Leader, LeaderSource};
pub use org::Org;
pub use title::{canonical_title, Ministry, TitleClass, TitleHit};
pub use util::{fold_accents, normalize_apostrophes};

use country::FormEntry;
use currency::CurrencyFormEntry;
use gazetteer::{GazIndex, HitRef};

/// Names of the compiled lexicon files (besides [`FX_FILE`]), in load order.
pub const LEXICON_FILES: [&str; 8] = [
    COUNTRIES_FILE,
    COUNTRY_FORMS_FILE,
    ORGS_FILE,
    TITLES_FILE,
    LEADERS_FILE,
    CURRENCIES_FILE,
    CURRENCY_FORMS_FILE,
    LOCAL_DOLLAR_FILE,
];

pub(crate) const COUNTRIES_FILE: &str = "countries.tsv.gz";
pub(crate) const COUNTRY_FORMS_FILE: &str = "country_forms.tsv.gz";
pub(crate) const ORGS_FILE: &str = "orgs.tsv.gz";
pub(crate) const TITLES_FILE: &str = "titles.tsv.gz";
pub(crate) const LEADERS_FILE: &str = "leaders.tsv.gz";
pub(crate) const CURRENCIES_FILE: &str = "currencies.tsv.gz";
pub(crate) const CURRENCY_FORMS_FILE: &str = "currency_forms.tsv.gz";
pub(crate) const LOCAL_DOLLAR_FILE: &str = "local_dollar.tsv.gz";

pub(crate) const COUNTRIES_HEADER: &str =
    "iso3\tiso2\tname\tofficial\tcapitals\tdemonym\tcurrencies";
pub(crate) const COUNTRY_FORMS_HEADER: &str = "surface\tiso3\tform";
pub(crate) const ORGS_HEADER: &str = "short\tname\taliases\tmembers";
pub(crate) const TITLES_HEADER: &str = "title\tclass\tgazetteer";
pub(crate) const LEADERS_HEADER: &str = "name\tcountry\tposition\tstart\tend\tsource";
pub(crate) const CURRENCIES_HEADER: &str = "code\tname";
pub(crate) const CURRENCY_FORMS_HEADER: &str =
    "surface\tcode\tform\tcase\tgazetteer\tambiguous_dollar";
pub(crate) const LOCAL_DOLLAR_HEADER: &str = "country\tcurrency";

static EMBEDDED: [&[u8]; 8] = [
    include_bytes!("../data/countries.tsv.gz"),
    include_bytes!("../data/country_forms.tsv.gz"),
    include_bytes!("../data/orgs.tsv.gz"),
    include_bytes!("../data/titles.tsv.gz"),
    include_bytes!("../data/leaders.tsv.gz"),
    include_bytes!("../data/currencies.tsv.gz"),
    include_bytes!("../data/currency_forms.tsv.gz"),
    include_bytes!("../data/local_dollar.tsv.gz"),
];

#[derive(Debug, Clone)]
pub(crate) struct TitleEntry {
    pub canonical: String,
    pub class: TitleClass,
    pub gazetteer: bool,
}

/// The loaded lexicons. Get the embedded one with [`Lexicon::get`].
#[derive(Debug)]
pub struct Lexicon {
    pub(crate) countries: Vec<Country>,
    country_idx: HashMap<String, usize>,
    pub(crate) country_forms: Vec<FormEntry>,
    country_form_idx: HashMap<String, usize>,
    pub(crate) orgs: Vec<Org>,
    org_idx: HashMap<String, usize>,
    members: HashMap<String, Vec<String>>,
    pub(crate) titles: Vec<TitleEntry>,
    title_idx: HashMap<String, usize>,
    /// Every word of every title key: a phrase can be a title only if
    /// each of its words is one of these.
    title_words: std::collections::HashSet<String>,
    pub(crate) leaders: Vec<Leader>,
    leader_idx: HashMap<String, Vec<usize>>,
    currencies: Vec<Currency>,
    currency_idx: HashMap<String, usize>,
    pub(crate) currency_forms: Vec<CurrencyFormEntry>,
    currency_cs: HashMap<String, usize>,
    currency_ci: HashMap<String, usize>,
    local_dollar: HashMap<String, String>,
    gaz: OnceLock<GazIndex>,
}

impl Lexicon {
    /// The lexicon embedded in the binary, parsed once on first use.
    pub fn get() -> &'static Lexicon {
        static LEX: OnceLock<Lexicon> = OnceLock::new();
        LEX.get_or_init(|| {
            let files: Vec<(&str, &[u8])> = LEXICON_FILES
                .iter()
                .copied()
                .zip(EMBEDDED.iter().copied())
                .collect();
            Lexicon::parse(&files).expect("embedded lexicon is valid (checked by tests)")
        })
    }

    /// Loads compiled files (as written by [`build::compile`]) from `dir`.
    /// A missing or corrupt file is an error naming it.
    pub fn from_dir(dir: &Path) -> Result<Lexicon> {
        let mut owned = Vec::new();
        for name in LEXICON_FILES {
            let path = dir.join(name);
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            owned.push((path.display().to_string(), bytes));
        }
        let files: Vec<(&str, &[u8])> = owned
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        Lexicon::parse(&files)
    }

    fn parse(files: &[(&str, &[u8])]) -> Result<Lexicon> {
        let text = |i: usize| -> Result<(String, &str)> {
            let (name, bytes) = files[i];
            Ok((util::gz_decode(bytes, name)?, name))
        };

        // Countries.
        let (t, name) = text(0)?;
        let mut countries = Vec::new();
        for r in util::tsv_rows(&t, name, COUNTRIES_HEADER)? {
            countries.push(Country {
                iso3: r[0].to_string(),
                iso2: r[1].to_string(),
                name: r[2].to_string(),
                official: r[3].to_string(),
                capitals: util::split_list(r[4]),
                demonym: r[5].to_string(),
                currencies: util::split_list(r[6]),
            });
        }
        let country_idx: HashMap<String, usize> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.iso3.clone(), i))
            .collect();

        let (t, name) = text(1)?;
        let mut country_forms = Vec::new();
        let mut country_form_idx = HashMap::new();
        for (line, r) in util::tsv_rows(&t, name, COUNTRY_FORMS_HEADER)?
            .into_iter()
            .enumerate()
        {
            let country = *country_idx
                .get(r[1])
                .with_context(|| format!("{name}: row {}: unknown country {:?}", line + 1, r[1]))?;
            let form = CountryForm::parse(r[2])
                .with_context(|| format!("{name}: row {}: unknown form {:?}", line + 1, r[2]))?;
            country_form_idx.insert(r[0].to_string(), country_forms.len());
            country_forms.push(FormEntry {
                surface: r[0].to_string(),
                country,
                form,
            });
        }

        // Organizations.
        let (t, name) = text(2)?;
        let mut orgs = Vec::new();
        let mut org_idx = HashMap::new();
        let mut members = HashMap::new();
        for r in util::tsv_rows(&t, name, ORGS_HEADER)? {
            let org = Org {
                short: r[0].to_string(),
                name: r[1].to_string(),
                aliases: util::split_list(r[2]),
            };
            for a in &org.aliases {
                org_idx.entry(a.clone()).or_insert(orgs.len());
            }
            members.insert(org.short.clone(), util::split_list(r[3]));
            orgs.push(org);
        }

        // Titles.
        let (t, name) = text(3)?;
        let mut titles = Vec::new();
        let mut title_idx = HashMap::new();
        for (line, r) in util::tsv_rows(&t, name, TITLES_HEADER)?
            .into_iter()
            .enumerate()
        {
            let class = TitleClass::parse(r[1])
                .with_context(|| format!("{name}: row {}: unknown class {:?}", line + 1, r[1]))?;
            title_idx
                .entry(title::title_key(r[0]))
                .or_insert(titles.len());
            titles.push(TitleEntry {
                canonical: r[0].to_string(),
                class,
                gazetteer: r[2] == "1",
            });
        }

        // Leaders.
        let (t, name) = text(4)?;
        let mut leaders = Vec::new();
        let mut leader_idx: HashMap<String, Vec<usize>> = HashMap::new();
        for (line, r) in util::tsv_rows(&t, name, LEADERS_HEADER)?
            .into_iter()
            .enumerate()
        {
            let year = |s: &str| -> Result<Option<i32>> {
                if s.is_empty() {
                    Ok(None)
                } else {
                    Ok(Some(s.parse().with_context(|| {
                        format!("{name}: row {}: bad year {s:?}", line + 1)
                    })?))
                }
            };
            let source = LeaderSource::parse(r[5])
                .with_context(|| format!("{name}: row {}: unknown source {:?}", line + 1, r[5]))?;
            leader_idx
                .entry(leader::name_key(r[0]))
                .or_default()
                .push(leaders.len());
            leaders.push(Leader {
                name: r[0].to_string(),
                country: r[1].to_string(),
                position: r[2].to_string(),
                start: year(r[3])?,
                end: year(r[4])?,
                source,
            });
        }

        // Currencies.
        let (t, name) = text(5)?;
        let mut currencies = Vec::new();
        for r in util::tsv_rows(&t, name, CURRENCIES_HEADER)? {
            currencies.push(Currency {
                code: r[0].to_string(),
                name: r[1].to_string(),
            });
        }
        let currency_idx = currencies
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        let (t, name) = text(6)?;
        let mut currency_forms = Vec::new();
        let mut currency_cs = HashMap::new();
        let mut currency_ci = HashMap::new();
        for (line, r) in util::tsv_rows(&t, name, CURRENCY_FORMS_HEADER)?
            .into_iter()
            .enumerate()
        {
            let form = CurrencyForm::parse(r[2])
                .with_context(|| format!("{name}: row {}: unknown form {:?}", line + 1, r[2]))?;
            let case_insensitive = match r[3] {
                "ci" => true,
                "cs" => false,
                other => bail!(
                    "{name}: row {}: case must be ci or cs, not {other:?}",
                    line + 1
                ),
            };
            let i = currency_forms.len();
            if case_insensitive {
                currency_ci.entry(r[0].to_lowercase()).or_insert(i);
            } else {
                currency_cs.entry(r[0].to_string()).or_insert(i);
            }
            currency_forms.push(CurrencyFormEntry {
                surface: r[0].to_string(),
                code: r[1].to_string(),
                form,
                case_insensitive,
                gazetteer: r[4] == "1",
                ambiguous_dollar: r[5] == "1",
            });
        }
        let (t, name) = text(7)?;
        let mut local_dollar = HashMap::new();
        for r in util::tsv_rows(&t, name, LOCAL_DOLLAR_HEADER)? {
            local_dollar.insert(r[0].to_string(), r[1].to_string());
        }

        let title_words = title_idx
            .keys()
            .flat_map(|k: &String| k.split(' ').map(str::to_string))
            .collect();
        Ok(Lexicon {
            countries,
            country_idx,
            country_forms,
            country_form_idx,
            orgs,
            org_idx,
            members,
            titles,
            title_idx,
            title_words,
            leaders,
            leader_idx,
            currencies,
            currency_idx,
            currency_forms,
            currency_cs,
            currency_ci,
            local_dollar,
            gaz: OnceLock::new(),
        })
    }

    /// Resolves a surface to a country: names ("Britain", "United
    /// Kingdom"), capitals ("London", "Kyiv"), demonyms ("British",
    /// "Ukrainian") and their plurals ("Britons"), codes ("US", "U.S.",
    /// "UK", and any ISO alpha-3 like "GBR") and government metonyms
    /// ("Kremlin", "White House"). Case-sensitive ("us" is not USA); a
    /// leading "the "/"The " is ignored when the surface without it is
    /// known; curly apostrophes equal straight ones.
    pub fn country(&self, surface: &str) -> Option<CountryHit<'_>> {
        let s = util::collapse_ws(&util::normalize_apostrophes(surface));
        let hit = |e: &FormEntry| CountryHit {
            iso3: &self.countries[e.country].iso3,
            form: e.form,
        };
        if let Some(&i) = self.country_form_idx.get(&s) {
            return Some(hit(&self.country_forms[i]));
        }
        if let Some(rest) = s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")) {
            if let Some(&i) = self.country_form_idx.get(rest) {
                return Some(hit(&self.country_forms[i]));
            }
        }
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            if let Some(&i) = self.country_idx.get(&s) {
                return Some(CountryHit {
                    iso3: &self.countries[i].iso3,
                    form: CountryForm::Code,
                });
            }
        }
        None
    }

    /// The country with this ISO alpha-3 code.
    pub fn country_info(&self, iso3: &str) -> Option<&Country> {
        self.country_idx
            .get(iso3.trim())
            .map(|&i| &self.countries[i])
    }

    /// Every country, sorted by ISO alpha-3.
    pub fn countries(&self) -> &[Country] {
        &self.countries
    }

    /// Resolves a surface to an organization ("NATO", "Nato", "North
    /// Atlantic Treaty Organization", "G-7", "U.N."). Case-sensitive; a
    /// leading "the "/"The " is ignored.
    pub fn org(&self, surface: &str) -> Option<&Org> {
        let s = util::collapse_ws(&util::normalize_apostrophes(surface));
        let i = self.org_idx.get(&s).or_else(|| {
            s.strip_prefix("the ")
                .or_else(|| s.strip_prefix("The "))
                .and_then(|r| self.org_idx.get(r))
        })?;
        Some(&self.orgs[*i])
    }

    /// Every organization.
    pub fn orgs(&self) -> &[Org] {
        &self.orgs
    }

    /// Member countries (ISO alpha-3, sorted) of an organization, by its
    /// short name or any alias ("NATO", "EU", "G7"). Empty when unknown.
    /// Membership is the 2020 CIA Factbook's, with later changes added by
    /// hand (Finland and Sweden in NATO).
    pub fn members(&self, org: &str) -> &[String] {
        let short = match self.members.get(org) {
            Some(m) => return m,
            None => match self.org(org) {
                Some(o) => &o.short,
                None => return &[],
            },
        };
        self.members.get(short).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Can `word` be part of a title? A cheap test before [`Lexicon::title`]
    /// (spelling variants and CIA abbreviations are normalized).
    pub fn is_title_word(&self, word: &str) -> bool {
        let key = title::title_key(word);
        key.split(' ').all(|w| self.title_words.contains(w))
            || title::title_key(&title::expand_cia_title(word))
                .split(' ')
                .all(|w| self.title_words.contains(w))
    }

    /// Resolves a title phrase ("Defence Secretary", "minister of foreign
    /// affairs", "Secretary-General"), case-insensitively, British and
    /// American spellings alike, to its canonical form and class.
    pub fn title(&self, phrase: &str) -> Option<TitleHit<'_>> {
        let key = title::title_key(phrase);
        let i = match self.title_idx.get(&key) {
            Some(i) => *i,
            None => *self
                .title_idx
                .get(&title::title_key(&title::expand_cia_title(phrase)))?,
        };
        let t = &self.titles[i];
        Some(TitleHit {
            title: &t.canonical,
            class: t.class,
        })
    }

    /// Leaders with this full name, matched case- and accent-insensitively
    /// ("Sebastien Lecornu" finds "Sébastien Lecornu"). Wikidata records
    /// come before CIA 2019 ones.
    pub fn leader(&self, name: &str) -> Vec<&Leader> {
        self.leader_idx
            .get(&leader::name_key(name))
            .map(|v| v.iter().map(|&i| &self.leaders[i]).collect())
            .unwrap_or_default()
    }

    /// Every leader record.
    pub fn leaders(&self) -> &[Leader] {
        &self.leaders
    }

    /// Resolves a currency surface: symbols ("€", "$", "US$", "zł") and
    /// codes exactly, names ("euros", "pounds sterling", "hryvnias")
    /// case-insensitively; any current ISO 4217 code in capitals. A bare
    /// `$`/"dollar(s)" gives USD with `ambiguous_dollar` set: see
    /// [`Lexicon::local_dollar`]. Names that are also common words ("won",
    /// "rand", "real") are found here, so call this only next to a number.
    pub fn currency(&self, surface: &str) -> Option<CurrencyHit<'_>> {
        let s = util::collapse_ws(&util::normalize_apostrophes(surface));
        let i = self
            .currency_cs
            .get(&s)
            .or_else(|| self.currency_ci.get(&s.to_lowercase()));
        if let Some(&i) = i {
            let e = &self.currency_forms[i];
            return Some(CurrencyHit {
                code: &e.code,
                form: e.form,
                ambiguous_dollar: e.ambiguous_dollar,
            });
        }
        if s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase()) {
            if let Some(&i) = self.currency_idx.get(&s) {
                return Some(CurrencyHit {
                    code: &self.currencies[i].code,
                    form: CurrencyForm::Code,
                    ambiguous_dollar: false,
                });
            }
        }
        None
    }

    /// The ISO 4217 currency with this code.
    pub fn currency_info(&self, code: &str) -> Option<&Currency> {
        self.currency_idx.get(code).map(|&i| &self.currencies[i])
    }

    /// What a bare `$` means in an outlet of this country (ISO alpha-3):
    /// AUS → AUD, CAN → CAD, NZL → NZD, SGP → SGD, HKG → HKD, USA → USD,
    /// MEX → MXN... `None` where `$` is not the local currency sign.
    pub fn local_dollar(&self, iso3: &str) -> Option<&str> {
        self.local_dollar.get(iso3).map(String::as_str)
    }

    /// The multiplier of a scale word; see [`scale`].
    pub fn scale(word: &str) -> Option<f64> {
        currency::scale(word)
    }

    /// The phrase matcher over every table, built on first use.
    ///
    /// ```
    /// let lex = chronicle_lexicon::Lexicon::get();
    /// let tokens = ["Britain", "'s", "defence", "secretary", "visited", "Kyiv"];
    /// for m in lex.gazetteer().find(&tokens) {
    ///     println!("{}..{}: {:?}", m.start, m.end, m.hits);
    /// }
    /// ```
    pub fn gazetteer(&self) -> Gazetteer<'_> {
        Gazetteer {
            lex: self,
            idx: self.gaz.get_or_init(|| GazIndex::build(self)),
        }
    }

    pub(crate) fn resolve(&self, h: HitRef) -> Option<LexHit<'_>> {
        Some(match h {
            HitRef::Country(i) => {
                let e = self.country_forms.get(i as usize)?;
                LexHit::Country(CountryHit {
                    iso3: &self.countries[e.country].iso3,
                    form: e.form,
                })
            }
            HitRef::Org(i) => LexHit::Org(self.orgs.get(i as usize)?),
            HitRef::Title(i) => {
                let t = self.titles.get(i as usize)?;
                LexHit::Title(TitleHit {
                    title: &t.canonical,
                    class: t.class,
                })
            }
            HitRef::Currency(i) => {
                let e = self.currency_forms.get(i as usize)?;
                LexHit::Currency(CurrencyHit {
                    code: &e.code,
                    form: e.form,
                    ambiguous_dollar: e.ambiguous_dollar,
                })
            }
            HitRef::Leader(i) => LexHit::Leader(self.leaders.get(i as usize)?),
        })
    }
}

#[cfg(test)]
mod tests;
