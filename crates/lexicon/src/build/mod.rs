//! The lexicon compiler: reads the source files of
//! `<shared>/data/lexicons/` and writes the compact, deterministic
//! (gzip-compressed TSV, mtime 0) files the crate embeds. Running it twice
//! on the same sources gives byte-identical files.

mod countries;
mod currencies;
mod fx;
mod leaders;
mod orgs;
mod titles;

use std::fmt;
use std::path::Path;

use anyhow::{Context, Result};

/// What a compile run wrote and noticed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Files written: name and size in bytes.
    pub files: Vec<(String, u64)>,
    /// Counts of what was compiled ("organizations", "titles", ...).
    pub counts: Vec<(String, usize)>,
    /// Country names in the sources that no country matched ("wikidata:
    /// Somaliland"); their rows were left out.
    pub unmapped: Vec<String>,
    /// Other notes: ambiguous surfaces left out, and the like.
    pub warnings: Vec<String>,
}

pub(crate) type Report = BuildReport;

impl BuildReport {
    pub(crate) fn count(&mut self, what: &str, n: usize) {
        self.counts.push((what.to_string(), n));
    }

    pub(crate) fn warn(&mut self, w: String) {
        self.warnings.push(w);
    }

    /// Total size of the written files.
    pub fn total_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, size) in &self.files {
            writeln!(f, "wrote {name} ({size} bytes)")?;
        }
        writeln!(f, "total {} bytes", self.total_bytes())?;
        for (what, n) in &self.counts {
            writeln!(f, "{what}: {n}")?;
        }
        if !self.unmapped.is_empty() {
            writeln!(
                f,
                "unmapped country names ({}): {}",
                self.unmapped.len(),
                self.unmapped.join("; ")
            )?;
        }
        writeln!(f, "{} warnings", self.warnings.len())?;
        for w in &self.warnings {
            writeln!(f, "  {w}")?;
        }
        Ok(())
    }
}

/// The source files read from `<shared>/data/lexicons/`.
pub const SOURCE_FILES: [&str; 7] = [
    "countries.json",
    "supraverden_general_list.yaml",
    "dieghernan_CountrycodesOrgs.csv",
    "cia_world_leaders_2019.tsv",
    "wikidata_heads_2021plus.csv",
    "codes-all.csv",
    "eurofxref-hist.csv",
];

/// Compiles the sources of `<shared_dir>/data/lexicons/` into `out_dir`
/// (created if missing): the files of [`crate::LEXICON_FILES`] and
/// [`crate::FX_FILE`]. The project's copies live in `crates/lexicon/data/`.
pub fn compile(shared_dir: &Path, out_dir: &Path) -> Result<BuildReport> {
    let texts = compile_texts(shared_dir)?;
    let mut report = texts.1;
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    for (name, text) in texts.0 {
        let bytes = crate::util::gz_encode(&text)?;
        let path = out_dir.join(name);
        std::fs::write(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        report.files.push((name.to_string(), bytes.len() as u64));
    }
    Ok(report)
}

/// The uncompressed texts of every compiled file, by file name.
pub(crate) fn compile_texts(
    shared_dir: &Path,
) -> Result<(Vec<(&'static str, String)>, BuildReport)> {
    let dir = shared_dir.join("data").join("lexicons");
    let read = |name: &str| -> Result<String> {
        let p = dir.join(name);
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))
    };
    let mut report = BuildReport::default();
    let table = countries::compile(&read("countries.json")?, &mut report)?;
    report.count("countries", table.countries.len());
    report.count("country surface forms", table.forms.len());
    let (countries_txt, forms_txt) = countries::render(&table);
    let orgs_txt = orgs::compile(
        &read("supraverden_general_list.yaml")?,
        &read("dieghernan_CountrycodesOrgs.csv")?,
        &table,
        &mut report,
    )?;
    let cia = read("cia_world_leaders_2019.tsv")?;
    let titles_txt = titles::compile(&cia, &mut report);
    let leaders_txt = leaders::compile(
        &read("wikidata_heads_2021plus.csv")?,
        &cia,
        &table,
        &mut report,
    )?;
    let cur = currencies::compile(&read("codes-all.csv")?, &table, &mut report)?;
    let fx_txt = fx::compile(&read("eurofxref-hist.csv")?, &mut report)?;
    let files = vec![
        (crate::COUNTRIES_FILE, countries_txt),
        (crate::COUNTRY_FORMS_FILE, forms_txt),
        (crate::ORGS_FILE, orgs_txt),
        (crate::TITLES_FILE, titles_txt),
        (crate::LEADERS_FILE, leaders_txt),
        (crate::CURRENCIES_FILE, cur.currencies),
        (crate::CURRENCY_FORMS_FILE, cur.forms),
        (crate::LOCAL_DOLLAR_FILE, cur.local_dollar),
        (crate::FX_FILE, fx_txt),
    ];
    Ok((files, report))
}
