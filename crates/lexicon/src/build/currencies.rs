//! Compiles currencies: current ISO 4217 codes (datasets/currency-codes,
//! PDDL), a hand-written table of the names, plurals and symbols news uses
//! (written for this project; Common-Currency.json was only consulted), and
//! the local meaning of `$` by country (from countries.json currency
//! symbols) into `currencies.tsv.gz`, `currency_forms.tsv.gz` and
//! `local_dollar.tsv.gz`.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::countries::CountryTable;
use super::Report;
use crate::util::clean_field;

/// `(code, names, names only valid next to a number, symbols)`.
type CurrencyRow = (
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// The hand-written currency table. Names are matched case-insensitively,
/// symbols exactly. "krone"/"kroner" alone are left out: Danish or
/// Norwegian needs the adjective.
const CURRENCIES: &[CurrencyRow] = &[
    ("EUR", &["euro", "euros"], &[], &["€"]),
    (
        "USD",
        &[
            "US dollar",
            "US dollars",
            "U.S. dollar",
            "U.S. dollars",
            "American dollar",
            "American dollars",
            "greenback",
            "greenbacks",
            "USD",
        ],
        &[],
        &["US$", "U.S.$", "USD$"],
    ),
    (
        "GBP",
        &[
            "pound",
            "pounds",
            "pound sterling",
            "pounds sterling",
            "sterling",
            "British pound",
            "British pounds",
        ],
        &["quid"],
        &["£", "GBP£"],
    ),
    (
        "UAH",
        &[
            "hryvnia",
            "hryvnias",
            "hryvnya",
            "hryvnyas",
            "hryvna",
            "hryvnas",
            "hryvni",
            "Ukrainian hryvnia",
            "Ukrainian hryvnias",
        ],
        &[],
        &["₴"],
    ),
    (
        "RUB",
        &[
            "ruble",
            "rubles",
            "rouble",
            "roubles",
            "Russian ruble",
            "Russian rubles",
            "Russian rouble",
            "Russian roubles",
        ],
        &[],
        &["₽"],
    ),
    (
        "BYN",
        &[
            "Belarusian ruble",
            "Belarusian rubles",
            "Belarusian rouble",
            "Belarusian roubles",
        ],
        &[],
        &[],
    ),
    ("JPY", &["yen", "Japanese yen"], &[], &["¥", "JP¥"]),
    (
        "CNY",
        &["yuan", "renminbi", "Chinese yuan"],
        &["RMB"],
        &["CN¥"],
    ),
    ("CHF", &["Swiss franc", "Swiss francs"], &[], &[]),
    (
        "CAD",
        &["Canadian dollar", "Canadian dollars"],
        &[],
        &["C$", "CA$", "Can$", "CAD$"],
    ),
    (
        "AUD",
        &["Australian dollar", "Australian dollars"],
        &[],
        &["A$", "AU$", "AUD$"],
    ),
    (
        "NZD",
        &["New Zealand dollar", "New Zealand dollars"],
        &[],
        &["NZ$"],
    ),
    (
        "HKD",
        &["Hong Kong dollar", "Hong Kong dollars"],
        &[],
        &["HK$"],
    ),
    (
        "SGD",
        &[
            "Singapore dollar",
            "Singapore dollars",
            "Singaporean dollar",
            "Singaporean dollars",
        ],
        &[],
        &["S$"],
    ),
    (
        "TWD",
        &[
            "Taiwan dollar",
            "Taiwan dollars",
            "New Taiwan dollar",
            "New Taiwan dollars",
        ],
        &[],
        &["NT$"],
    ),
    (
        "PLN",
        &[
            "zloty",
            "zlotys",
            "zlotych",
            "złoty",
            "złotys",
            "Polish zloty",
            "Polish zlotys",
        ],
        &[],
        &["zł"],
    ),
    (
        "SEK",
        &["krona", "kronor", "Swedish krona", "Swedish kronor"],
        &[],
        &[],
    ),
    ("NOK", &["Norwegian krone", "Norwegian kroner"], &[], &[]),
    ("DKK", &["Danish krone", "Danish kroner"], &[], &[]),
    (
        "ISK",
        &[
            "Icelandic krona",
            "Icelandic kronur",
            "Icelandic króna",
            "Icelandic krónur",
        ],
        &[],
        &[],
    ),
    (
        "CZK",
        &[
            "koruna",
            "korunas",
            "koruny",
            "Czech koruna",
            "Czech korunas",
            "Czech crown",
            "Czech crowns",
        ],
        &[],
        &["Kč"],
    ),
    (
        "HUF",
        &["forint", "forints", "Hungarian forint", "Hungarian forints"],
        &[],
        &[],
    ),
    (
        "RON",
        &["Romanian leu", "Romanian lei"],
        &["leu", "lei"],
        &[],
    ),
    (
        "BGN",
        &["Bulgarian lev", "Bulgarian leva", "leva"],
        &["lev"],
        &[],
    ),
    ("MDL", &["Moldovan leu", "Moldovan lei"], &[], &[]),
    (
        "TRY",
        &["lira", "liras", "Turkish lira", "Turkish liras"],
        &[],
        &["₺"],
    ),
    ("KRW", &["South Korean won", "Korean won"], &["won"], &["₩"]),
    (
        "INR",
        &["rupee", "rupees", "Indian rupee", "Indian rupees"],
        &["crore rupees"],
        &["₹"],
    ),
    ("PKR", &["Pakistani rupee", "Pakistani rupees"], &[], &[]),
    (
        "ILS",
        &[
            "shekel",
            "shekels",
            "new shekel",
            "new shekels",
            "Israeli shekel",
            "Israeli shekels",
            "sheqel",
            "sheqels",
        ],
        &["NIS"],
        &["₪"],
    ),
    (
        "ZAR",
        &["South African rand", "South African rands"],
        &["rand"],
        &[],
    ),
    (
        "BRL",
        &[
            "reais",
            "Brazilian real",
            "Brazilian reais",
            "Brazilian reals",
        ],
        &["real"],
        &["R$"],
    ),
    (
        "MXN",
        &["Mexican peso", "Mexican pesos"],
        &[],
        &["MX$", "Mex$"],
    ),
    (
        "ARS",
        &[
            "Argentine peso",
            "Argentine pesos",
            "Argentinian peso",
            "Argentinian pesos",
        ],
        &[],
        &["AR$"],
    ),
    ("PHP", &["Philippine peso", "Philippine pesos"], &[], &["₱"]),
    ("IDR", &["rupiah", "rupiahs", "Indonesian rupiah"], &[], &[]),
    (
        "MYR",
        &["ringgit", "ringgits", "Malaysian ringgit"],
        &[],
        &[],
    ),
    ("THB", &["baht", "Thai baht"], &[], &["฿"]),
    ("VND", &["Vietnamese dong"], &["dong"], &["₫"]),
    ("GEL", &["Georgian lari"], &["lari"], &["₾"]),
    (
        "KZT",
        &["tenge", "Kazakh tenge", "Kazakhstani tenge"],
        &[],
        &["₸"],
    ),
    ("SAR", &["Saudi riyal", "Saudi riyals"], &[], &[]),
    ("QAR", &["Qatari riyal", "Qatari riyals"], &[], &[]),
    (
        "AED",
        &[
            "UAE dirham",
            "UAE dirhams",
            "Emirati dirham",
            "Emirati dirhams",
        ],
        &[],
        &[],
    ),
    ("EGP", &["Egyptian pound", "Egyptian pounds"], &[], &[]),
    ("NGN", &["naira", "Nigerian naira"], &[], &["₦"]),
    ("KES", &["Kenyan shilling", "Kenyan shillings"], &[], &[]),
    ("HRK", &["kuna", "kunas", "Croatian kuna"], &[], &[]),
];

/// The words that make `$` ambiguous: USD by default, the outlet's dollar
/// otherwise.
const AMBIGUOUS_DOLLAR: &[&str] = &["$", "dollar", "dollars"];

/// ISO 4217 entries that are not money one pledges (precious metals,
/// accounting units, funds codes, testing).
const NOT_MONEY: &[&str] = &[
    "XAU", "XAG", "XPT", "XPD", "XDR", "XSU", "XUA", "XBA", "XBB", "XBC", "XBD", "XTS", "XXX",
    "BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW",
];

pub(crate) struct CurrencyTexts {
    pub currencies: String,
    pub forms: String,
    pub local_dollar: String,
}

pub(crate) fn compile(
    codes_csv: &str,
    countries: &CountryTable,
    report: &mut Report,
) -> Result<CurrencyTexts> {
    let mut iso: BTreeMap<String, String> = BTreeMap::new();
    let mut rdr = csv::Reader::from_reader(codes_csv.as_bytes());
    for rec in rdr.records() {
        let rec = rec.context("codes-all.csv: bad row")?;
        let (name, code, withdrawn) = (&rec[1], rec[2].trim(), rec[5].trim());
        if code.len() != 3 || !withdrawn.is_empty() || NOT_MONEY.contains(&code) {
            continue;
        }
        iso.entry(code.to_string())
            .or_insert_with(|| clean_field(name));
    }
    // Hand-table currencies the ISO list may have withdrawn (HRK, 2023) stay
    // resolvable: old articles use them.
    for (code, names, _, _) in CURRENCIES {
        iso.entry(code.to_string())
            .or_insert_with(|| clean_field(names.last().copied().unwrap_or(code)));
    }
    report.count("currencies", iso.len());

    let mut currencies = String::from(
        "# ISO 4217 currencies in current use, from datasets/currency-codes (PDDL). See ATTRIBUTION.md.\n",
    );
    currencies.push_str(crate::CURRENCIES_HEADER);
    currencies.push('\n');
    for (code, name) in &iso {
        currencies.push_str(&format!("{code}\t{name}\n"));
    }

    // surface → (code, form, case, gazetteer, ambiguous)
    let mut rows: BTreeMap<(String, &str), (String, &str, bool, bool)> = BTreeMap::new();
    for (code, names, ctx, symbols) in CURRENCIES {
        rows.insert(
            (code.to_string(), "cs"),
            (code.to_string(), "code", true, false),
        );
        for n in names.iter() {
            let is_code = n.len() == 3 && n.chars().all(|c| c.is_ascii_uppercase());
            let case = if is_code { "cs" } else { "ci" };
            rows.insert(
                (n.to_string(), case),
                (
                    code.to_string(),
                    if is_code { "code" } else { "name" },
                    true,
                    false,
                ),
            );
        }
        for n in ctx.iter() {
            let is_code = n.chars().all(|c| c.is_ascii_uppercase());
            let case = if is_code { "cs" } else { "ci" };
            rows.insert(
                (n.to_string(), case),
                (
                    code.to_string(),
                    if is_code { "code" } else { "name" },
                    false,
                    false,
                ),
            );
        }
        for s in symbols.iter() {
            rows.insert(
                (s.to_string(), "cs"),
                (code.to_string(), "symbol", true, false),
            );
        }
    }
    for a in AMBIGUOUS_DOLLAR {
        let (case, form) = if *a == "$" {
            ("cs", "symbol")
        } else {
            ("ci", "name")
        };
        rows.insert((a.to_string(), case), ("USD".to_string(), form, true, true));
    }
    let mut forms = String::from(
        "# Currency names, plurals, symbols and codes, written by hand for this project. See ATTRIBUTION.md.\n",
    );
    forms.push_str(crate::CURRENCY_FORMS_HEADER);
    forms.push('\n');
    for ((surface, case), (code, form, gaz, amb)) in &rows {
        forms.push_str(&format!(
            "{surface}\t{code}\t{form}\t{case}\t{}\t{}\n",
            if *gaz { 1 } else { 0 },
            if *amb { 1 } else { 0 }
        ));
    }

    let mut local = String::from(
        "# What a bare $ means in each country, from the currency symbols of mledoze/countries (ODbL 1.0). See ATTRIBUTION.md.\n",
    );
    local.push_str(crate::LOCAL_DOLLAR_HEADER);
    local.push('\n');
    for (c, code) in &countries.local_dollar {
        local.push_str(&format!("{c}\t{code}\n"));
    }
    Ok(CurrencyTexts {
        currencies,
        forms,
        local_dollar: local,
    })
}
