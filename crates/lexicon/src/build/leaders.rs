//! Compiles leaders: Wikidata heads of state and government since 2021
//! (CC0) and the CIA World Leaders list of early 2019 (public domain) into
//! `leaders.tsv.gz`, countries resolved to ISO alpha-3.

use std::collections::BTreeSet;

use anyhow::{Context, Result};

use super::countries::CountryTable;
use super::Report;
use crate::leader::title_case_caps;
use crate::title::expand_cia_title;
use crate::util::{clean_field, collapse_ws};

/// Transliterations news uses besides Wikidata's (hand-written).
const NAME_VARIANTS: &[(&str, &[&str])] = &[
    (
        "Volodymyr Zelenskyy",
        &["Volodymyr Zelensky", "Volodymyr Zelenskiy"],
    ),
    ("Denys Shmyhal", &["Denis Shmygal"]),
];

/// "Hans-Adam II, Prince of Liechtenstein" → "Hans-Adam II";
/// `Philip "Brave" Davis` → "Philip Davis".
fn clean_wikidata_name(raw: &str) -> String {
    let base = raw.split(", ").next().unwrap_or(raw);
    let mut out = String::new();
    let mut in_quote = false;
    for c in base.chars() {
        if c == '"' {
            in_quote = !in_quote;
        } else if !in_quote {
            out.push(c);
        }
    }
    collapse_ws(&clean_field(&out))
}

pub(crate) fn compile(
    wikidata_csv: &str,
    cia_tsv: &str,
    countries: &CountryTable,
    report: &mut Report,
) -> Result<String> {
    let mut rows: Vec<(String, String, String, String, String, &'static str)> = Vec::new();
    let mut unmapped = BTreeSet::new();
    let mut rdr = csv::Reader::from_reader(wikidata_csv.as_bytes());
    let mut wd = Vec::new();
    for rec in rdr.records() {
        let rec = rec.context("wikidata_heads_2021plus.csv: bad row")?;
        let country = &rec[1];
        let Some(iso) = countries.resolve(country) else {
            unmapped.insert(format!("wikidata: {country}"));
            continue;
        };
        let name = clean_wikidata_name(&rec[5]);
        if name.is_empty() || name.starts_with('Q') && name[1..].chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let year = |s: &str| {
            if s.trim().parse::<i32>().is_ok() {
                s.trim().to_string()
            } else {
                String::new()
            }
        };
        wd.push((
            name,
            iso,
            clean_field(&rec[3]),
            year(&rec[6]),
            year(&rec[7]),
            "wikidata",
        ));
    }
    // Other spellings news uses for a few names, as extra records.
    for (name, alts) in NAME_VARIANTS {
        let same: Vec<_> = wd.iter().filter(|r| r.0 == *name).cloned().collect();
        for r in same {
            for a in alts.iter() {
                let mut v = r.clone();
                v.0 = a.to_string();
                wd.push(v);
            }
        }
    }
    wd.sort();
    wd.dedup();
    report.count("leaders (wikidata)", wd.len());
    rows.extend(wd);

    let mut cia = Vec::new();
    for (i, line) in cia_tsv.lines().enumerate() {
        if i == 0 {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            continue;
        }
        let name = collapse_ws(&clean_field(&title_case_caps(f[2])));
        if name.is_empty()
            || name.eq_ignore_ascii_case("vacant")
            || !name.chars().any(char::is_alphabetic)
        {
            continue;
        }
        let Some(iso) = countries.resolve(f[0]) else {
            unmapped.insert(format!("cia2019: {}", f[0]));
            continue;
        };
        cia.push((
            name,
            iso,
            clean_field(&expand_cia_title(f[1])),
            String::new(),
            String::new(),
            "cia2019",
        ));
    }
    cia.sort();
    cia.dedup();
    report.count("leaders (cia2019)", cia.len());
    rows.extend(cia);
    report.unmapped.extend(unmapped);

    let mut out = String::from(
        "# Leaders: Wikidata heads of state and government 2021+ (CC0), then CIA World Leaders 2019 (public domain). See ATTRIBUTION.md.\n",
    );
    out.push_str(crate::LEADERS_HEADER);
    out.push('\n');
    for (name, iso, pos, start, end, src) in rows {
        out.push_str(&format!("{name}\t{iso}\t{pos}\t{start}\t{end}\t{src}\n"));
    }
    Ok(out)
}
