//! Compiles countries.json (mledoze/countries, ODbL 1.0) plus a hand-written
//! supplement of news forms into `countries.tsv.gz` and
//! `country_forms.tsv.gz`, and resolves the country names other sources use.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use serde_json::Value;

use super::Report;
use crate::util::{clean_field, fold_accents, is_latin};
use crate::{Country, CountryForm};

use CountryForm::*;

/// News forms the data lacks or gets wrong, and government metonyms. These
/// win over the data when both name a surface.
const SUPPLEMENT: &[(&str, &str, CountryForm)] = &[
    // United Kingdom.
    ("Britain", "GBR", Name),
    ("Great Britain", "GBR", Name),
    ("U.K.", "GBR", Code),
    ("UK", "GBR", Code),
    ("British", "GBR", Demonym),
    ("Briton", "GBR", Demonym),
    ("Britons", "GBR", DemonymPlural),
    ("Brit", "GBR", Demonym),
    ("Brits", "GBR", DemonymPlural),
    ("the British", "GBR", DemonymPlural),
    ("Downing Street", "GBR", Metonym),
    ("Whitehall", "GBR", Metonym),
    // United States. "American" must be the USA, not the Northern Marianas.
    ("U.S.", "USA", Code),
    ("US", "USA", Code),
    ("U.S.A.", "USA", Code),
    ("USA", "USA", Code),
    ("the States", "USA", Name),
    ("America", "USA", Name),
    ("United States", "USA", Name),
    ("United States of America", "USA", Name),
    ("American", "USA", Demonym),
    ("Americans", "USA", DemonymPlural),
    ("Washington", "USA", Capital),
    ("Washington, D.C.", "USA", Capital),
    ("Washington D.C.", "USA", Capital),
    ("Washington, DC", "USA", Capital),
    ("White House", "USA", Metonym),
    ("Pentagon", "USA", Metonym),
    // Ukraine: both spellings of the capital.
    ("Kyiv", "UKR", Capital),
    ("Kiev", "UKR", Capital),
    ("Bankova", "UKR", Metonym),
    // Russia.
    ("Moscow", "RUS", Capital),
    ("Kremlin", "RUS", Metonym),
    // China.
    ("Beijing", "CHN", Capital),
    ("Zhongnanhai", "CHN", Metonym),
    ("PRC", "CHN", Code),
    // France.
    ("Élysée", "FRA", Metonym),
    ("Elysee", "FRA", Metonym),
    ("Élysée Palace", "FRA", Metonym),
    ("Elysee Palace", "FRA", Metonym),
    ("Frenchman", "FRA", Demonym),
    ("Frenchmen", "FRA", DemonymPlural),
    ("the French", "FRA", DemonymPlural),
    // Netherlands.
    ("Dutch", "NLD", Demonym),
    ("Dutchman", "NLD", Demonym),
    ("Dutchmen", "NLD", DemonymPlural),
    ("the Dutch", "NLD", DemonymPlural),
    ("Holland", "NLD", Name),
    ("Netherlands", "NLD", Name),
    ("the Netherlands", "NLD", Name),
    ("The Hague", "NLD", Capital),
    // Others news writes its own way.
    ("Czechia", "CZE", Name),
    ("Czech Republic", "CZE", Name),
    ("Czechs", "CZE", DemonymPlural),
    ("Turkey", "TUR", Name),
    ("Türkiye", "TUR", Name),
    ("Turkiye", "TUR", Name),
    ("Turk", "TUR", Demonym),
    ("Turks", "TUR", DemonymPlural),
    ("South Korea", "KOR", Name),
    ("North Korea", "PRK", Name),
    ("DPRK", "PRK", Code),
    ("Pyongyang", "PRK", Capital),
    ("Ivory Coast", "CIV", Name),
    ("Côte d'Ivoire", "CIV", Name),
    ("Cote d'Ivoire", "CIV", Name),
    ("Timor-Leste", "TLS", Name),
    ("Emirati", "ARE", Demonym),
    ("Emiratis", "ARE", DemonymPlural),
    ("UAE", "ARE", Code),
    ("Saudi", "SAU", Demonym),
    ("Saudis", "SAU", DemonymPlural),
    ("Congolese", "COD", Demonym),
    ("DRC", "COD", Code),
    ("Dominican", "DOM", Demonym),
    ("Indian", "IND", Demonym),
    ("Indians", "IND", DemonymPlural),
    ("Norwegian", "NOR", Demonym),
    ("Norwegians", "NOR", DemonymPlural),
    ("Kingston", "JAM", Capital),
    ("Dane", "DNK", Demonym),
    ("Danes", "DNK", DemonymPlural),
    ("Swede", "SWE", Demonym),
    ("Swedes", "SWE", DemonymPlural),
    ("Finn", "FIN", Demonym),
    ("Finns", "FIN", DemonymPlural),
    ("Pole", "POL", Demonym),
    ("Poles", "POL", DemonymPlural),
    ("Spaniard", "ESP", Demonym),
    ("Spaniards", "ESP", DemonymPlural),
    ("Icelanders", "ISL", DemonymPlural),
    ("Irishman", "IRL", Demonym),
    ("the Irish", "IRL", DemonymPlural),
    ("Swiss", "CHE", Demonym),
    ("the Swiss", "CHE", DemonymPlural),
    ("Serb", "SRB", Demonym),
    ("Serbs", "SRB", DemonymPlural),
    ("Croat", "HRV", Demonym),
    ("Croats", "HRV", DemonymPlural),
    ("Slovenian", "SVN", Demonym),
    ("Slovenians", "SVN", DemonymPlural),
    ("Kyrgyz", "KGZ", Demonym),
    ("Tajik", "TJK", Demonym),
    ("Tajiks", "TJK", DemonymPlural),
    ("Uzbek", "UZB", Demonym),
    ("Uzbeks", "UZB", DemonymPlural),
    ("Kazakh", "KAZ", Demonym),
    ("Kazakhs", "KAZ", DemonymPlural),
    ("Azeri", "AZE", Demonym),
    ("Azeris", "AZE", DemonymPlural),
    ("Ecuadorian", "ECU", Demonym),
    ("Argentinian", "ARG", Demonym),
    ("Maldivian", "MDV", Demonym),
    ("Belarussian", "BLR", Demonym),
    ("Moldavian", "MDA", Demonym),
    ("Macedonian", "MKD", Demonym),
    ("Burma", "MMR", Name),
    ("East Timor", "TLS", Name),
    ("Cape Verde", "CPV", Name),
    ("Eswatini", "SWZ", Name),
    ("Swaziland", "SWZ", Name),
    ("Vatican", "VAT", Name),
    ("Holy See", "VAT", Name),
    ("Palestine", "PSE", Name),
    ("Ulaanbaatar", "MNG", Capital),
    ("Bosnia", "BIH", Name),
    ("Herzegovina", "BIH", Name),
];

/// Capitals that are also common words or names elsewhere.
const CAPITAL_DENYLIST: &[&str] = &[
    "Victoria",
    "Malé",
    "Male",
    "Kingstown",
    "Saint John's",
    "St. George's",
];

/// Country names used by the leader and membership sources that no form
/// of countries.json matches.
const EXTRA_NAMES: &[(&str, &str)] = &[
    ("Kingdom of Denmark", "DNK"),
    ("Republic of Ireland", "IRL"),
    ("Federated States of Micronesia", "FSM"),
    ("Vatican City", "VAT"),
    ("Holy See (Vatican City)", "VAT"),
    ("State of Palestine", "PSE"),
    ("Republic of the Congo", "COG"),
    ("Congo, Republic of the", "COG"),
    ("Democratic Republic of the Congo", "COD"),
    ("Congo, Democratic Republic of the", "COD"),
    ("Korea, South", "KOR"),
    ("Korea, North", "PRK"),
    ("Cabo Verde", "CPV"),
    ("Timor-Leste", "TLS"),
    ("Macedonia", "MKD"),
    ("Micronesia, Federated States of", "FSM"),
    ("Burma", "MMR"),
    ("Bahamas, The", "BHS"),
    ("Gambia, The", "GMB"),
    ("Cote d'Ivoire", "CIV"),
    ("Sao Tome and Principe", "STP"),
    ("Saint Vincent and the Grenadines", "VCT"),
    ("Saint Kitts and Nevis", "KNA"),
    ("European Union", ""),
];

/// The compiled country table.
pub(crate) struct CountryTable {
    pub countries: Vec<Country>,
    /// surface → (iso3, form), ambiguity resolved.
    pub forms: BTreeMap<String, (String, CountryForm)>,
    /// iso3 → the currency its `$` sign means (from the currency symbols).
    pub local_dollar: BTreeMap<String, String>,
}

impl CountryTable {
    /// Resolves a country name used by another source (name, official name,
    /// alternative name, "X, The", or a hand-listed variant) to ISO alpha-3.
    pub fn resolve(&self, name: &str) -> Option<String> {
        let name = crate::util::normalize_apostrophes(name.trim()).into_owned();
        for (n, iso) in EXTRA_NAMES {
            if *n == name {
                return (!iso.is_empty()).then(|| (*iso).to_string());
            }
        }
        let try_form = |s: &str| -> Option<String> {
            match self.forms.get(s) {
                Some((iso, Name | Code)) => Some(iso.clone()),
                _ => None,
            }
        };
        try_form(&name)
            .or_else(|| name.strip_prefix("The ").and_then(try_form))
            .or_else(|| name.strip_suffix(", The").and_then(try_form))
            .or_else(|| {
                self.countries
                    .iter()
                    .find(|c| c.name == name || c.official == name)
                    .map(|c| c.iso3.clone())
            })
    }
}

/// Words that mark an alternative spelling as English ("Republic of
/// Korea", "Kingdom of Saudi Arabia").
const ENGLISH_MARKERS: &[&str] = &[
    "Republic",
    "Kingdom",
    "State",
    "States",
    "Islands",
    "Island",
    "Federation",
    "Commonwealth",
    "Union",
    "Principality",
    "Duchy",
    "Sultanate",
    "Emirates",
    "Territory",
    "Territories",
    "Federal",
    "People's",
    "Democratic",
    "Independent",
    "Special",
    "Collectivity",
    "Department",
    "Bailiwick",
    "Co-operative",
    "Socialist",
    "of",
    "and",
    "the",
    "DR",
    "North",
    "South",
    "East",
    "West",
];

/// English single-word alternative names found in altSpellings.
const ENGLISH_ALTS: &[&str] = &[
    "Emirates",
    "Holland",
    "Burma",
    "Swaziland",
    "Congo-Brazzaville",
    "Congo-Kinshasa",
    "Bosnia-Herzegovina",
    "Aland",
    "Kirghizia",
    "Byelorussia",
];

/// True when an alternative spelling is English (not the native name in
/// another language): it has an English marker word, is code-like, is a
/// known English alternative, or is the English name without accents.
fn english_alt(a: &str, name: &str, official: &str) -> bool {
    let code_like = a.chars().all(|ch| ch.is_ascii_uppercase() || ch == '.') && a.len() <= 6;
    code_like
        || ENGLISH_ALTS.contains(&a)
        || (a.contains(' ')
            && a.is_ascii()
            && a.split([' ', ',']).any(|w| ENGLISH_MARKERS.contains(&w)))
        || fold_accents(a) == fold_accents(name)
        || fold_accents(a) == fold_accents(official)
}

/// Plural (and "the X") forms of a demonym adjective.
fn demonym_plurals(d: &str) -> Vec<String> {
    if d.ends_with("ese")
        || d.ends_with("ss")
        || d.ends_with("sh")
        || d.ends_with("ch")
        || d.ends_with('x')
    {
        vec![format!("the {d}")]
    } else if d.ends_with("ic") || d == "Malagasy" || d == "Vatican" {
        Vec::new()
    } else {
        vec![format!("{d}s")]
    }
}

pub(crate) fn compile(json: &str, report: &mut Report) -> Result<CountryTable> {
    let data: Value = serde_json::from_str(json).context("countries.json is not valid JSON")?;
    let arr = data
        .as_array()
        .context("countries.json: expected an array")?;
    let mut countries = Vec::new();
    let mut local_dollar = BTreeMap::new();
    // surface → candidates (iso3, form, priority); lower priority wins.
    let mut cands: BTreeMap<String, Vec<(String, CountryForm, u8)>> = BTreeMap::new();
    let mut add = |s: &str, iso: &str, form: CountryForm, prio: u8| {
        let s = crate::util::collapse_ws(&crate::util::normalize_apostrophes(s));
        if s.is_empty() || s.contains(['\t', '|']) {
            return;
        }
        cands
            .entry(s)
            .or_default()
            .push((iso.to_string(), form, prio));
    };
    for (s, iso, form) in SUPPLEMENT {
        add(s, iso, *form, 0);
    }
    for c in arr {
        let str_at = |path: &[&str]| -> String {
            let mut v = c;
            for p in path {
                v = &v[*p];
            }
            v.as_str().unwrap_or_default().to_string()
        };
        let iso3 = str_at(&["cca3"]);
        if iso3.len() != 3 {
            continue;
        }
        let sovereign =
            c["independent"].as_bool().unwrap_or(false) || c["unMember"].as_bool().unwrap_or(false);
        let prio = if sovereign { 1 } else { 2 };
        let name = str_at(&["name", "common"]);
        let official = str_at(&["name", "official"]);
        let capitals: Vec<String> = c["capital"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(clean_field)
                    .collect()
            })
            .unwrap_or_default();
        let dem_m = str_at(&["demonyms", "eng", "m"]);
        let dem_f = str_at(&["demonyms", "eng", "f"]);
        let demonym = if dem_m.is_empty() {
            dem_f.clone()
        } else {
            dem_m.clone()
        };
        let mut currencies: Vec<String> = c["currencies"]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        currencies.sort();
        let dollars: Vec<&String> = currencies
            .iter()
            .filter(|k| c["currencies"][k.as_str()]["symbol"].as_str() == Some("$"))
            .collect();
        if let Some(code) = dollars
            .iter()
            .find(|k| k.as_str() != "USD")
            .or(dollars.first())
        {
            local_dollar.insert(iso3.clone(), (*code).clone());
        }
        add(&name, &iso3, Name, prio);
        add(&official, &iso3, Name, prio);
        if let Some(alts) = c["altSpellings"].as_array() {
            for a in alts.iter().filter_map(|v| v.as_str()) {
                if a.chars().count() <= 2 || !is_latin(a) || !english_alt(a, &name, &official) {
                    continue;
                }
                let code_like =
                    a.chars().all(|ch| ch.is_ascii_uppercase() || ch == '.') && a.len() <= 6;
                add(a, &iso3, if code_like { Code } else { Name }, prio);
                if let Some(rest) = a.strip_prefix("The ") {
                    add(rest, &iso3, Name, prio);
                }
            }
        }
        if sovereign {
            for cap in &capitals {
                if CAPITAL_DENYLIST.contains(&cap.as_str()) {
                    continue;
                }
                add(cap, &iso3, Capital, prio);
                let folded = fold_accents(cap);
                if folded != *cap && !CAPITAL_DENYLIST.contains(&folded.as_ref()) {
                    add(&folded, &iso3, Capital, prio);
                }
            }
        }
        let mut dems = BTreeSet::new();
        for d in [&dem_m, &dem_f] {
            for part in d.split(", ").flat_map(|p| p.split(" or ")) {
                let part = part.trim();
                if !part.is_empty() && part != name {
                    dems.insert(part.to_string());
                }
            }
        }
        for d in &dems {
            add(d, &iso3, Demonym, prio);
            for p in demonym_plurals(d) {
                add(&p, &iso3, DemonymPlural, prio);
            }
        }
        countries.push(Country {
            name: clean_field(&name),
            official: clean_field(&official),
            iso2: str_at(&["cca2"]),
            iso3,
            capitals,
            demonym: clean_field(&demonym),
            currencies,
        });
    }
    countries.sort_by(|a, b| a.iso3.cmp(&b.iso3));

    let mut forms = BTreeMap::new();
    for (surface, cs) in cands {
        let best = cs.iter().map(|c| c.2).min().unwrap_or(2);
        let top: Vec<&(String, CountryForm, u8)> = cs.iter().filter(|c| c.2 == best).collect();
        let isos: BTreeSet<&str> = top.iter().map(|c| c.0.as_str()).collect();
        if isos.len() > 1 {
            report.warn(format!(
                "country surface {surface:?} is ambiguous ({}): left out",
                isos.into_iter().collect::<Vec<_>>().join(", ")
            ));
            continue;
        }
        // Same country several ways: the first listed (supplement order, or
        // name before capital before demonym in the data) wins.
        let (iso, form, _) = top[0];
        forms.insert(surface, (iso.clone(), *form));
    }
    Ok(CountryTable {
        countries,
        forms,
        local_dollar,
    })
}

/// Writes `countries.tsv` and `country_forms.tsv` texts.
pub(crate) fn render(t: &CountryTable) -> (String, String) {
    let mut a =
        String::from("# Countries, from mledoze/countries (ODbL 1.0). See ATTRIBUTION.md.\n");
    a.push_str(crate::COUNTRIES_HEADER);
    a.push('\n');
    for c in &t.countries {
        a.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            c.iso3,
            c.iso2,
            c.name,
            c.official,
            c.capitals.join("|"),
            c.demonym,
            c.currencies.join("|")
        ));
    }
    let mut b = String::from(
        "# Surface forms naming a country, from mledoze/countries (ODbL 1.0) and a hand-written supplement. See ATTRIBUTION.md.\n",
    );
    b.push_str(crate::COUNTRY_FORMS_HEADER);
    b.push('\n');
    for (s, (iso, form)) in &t.forms {
        b.push_str(&format!("{s}\t{iso}\t{}\n", form.as_str()));
    }
    (a, b)
}
