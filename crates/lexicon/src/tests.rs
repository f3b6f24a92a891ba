//! Tests of the lookups over the embedded lexicon, and the check that the
//! committed compiled files match what the compiler makes of the sources.

use std::time::Instant;

use super::*;

fn lex() -> &'static Lexicon {
    Lexicon::get()
}

fn shared_dir() -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("data/lexicons").is_dir() {
        Some(p)
    } else {
        eprintln!("SKIPPED: shared data not found next to the workspace (../shared); compiled-file checks not run");
        None
    }
}

fn data_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
#[ignore = "writes into crates/lexicon/data; run explicitly to regenerate"]
fn regenerate() {
    let Some(shared) = shared_dir() else { return };
    let report = build::compile(&shared, &data_dir()).unwrap();
    eprintln!("{report}");
}

/// The committed files must be what the compiler makes of the sources.
/// Compared on the decompressed text, so a different gzip backend cannot
/// make it fail; byte-for-byte determinism is checked separately.
#[test]
fn compiled_files_match_sources() {
    let Some(shared) = shared_dir() else { return };
    let tmp = std::env::temp_dir().join(format!("chronicle-lexicon-test-{}", std::process::id()));
    let report = build::compile(&shared, &tmp).unwrap();
    eprintln!("{report}");
    assert!(
        report.total_bytes() < 1_000_000,
        "compiled files too big: {}",
        report.total_bytes()
    );
    for (name, _) in &report.files {
        let fresh = std::fs::read(tmp.join(name)).unwrap();
        let committed = std::fs::read(data_dir().join(name)).unwrap();
        let a = util::gz_decode(&fresh, name).unwrap();
        let b = util::gz_decode(&committed, name).unwrap();
        assert!(
            a == b,
            "{name} drifted from the sources: rerun `chronicle lexicon build` \
             (or `cargo test -p chronicle-lexicon -- --ignored regenerate`)"
        );
    }
    // Deterministic: a second run gives the same bytes.
    let tmp2 = tmp.join("again");
    build::compile(&shared, &tmp2).unwrap();
    for (name, _) in &report.files {
        assert_eq!(
            std::fs::read(tmp.join(name)).unwrap(),
            std::fs::read(tmp2.join(name)).unwrap(),
            "{name}"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn load_time() {
    // Fresh parses (the OnceLock statics may already be set by other tests).
    let t = Instant::now();
    let files: Vec<(&str, &[u8])> = LEXICON_FILES
        .iter()
        .copied()
        .zip(EMBEDDED.iter().copied())
        .collect();
    let l = Lexicon::parse(&files).unwrap();
    let t_lex = t.elapsed();
    let t = Instant::now();
    let g = l.gazetteer();
    let t_gaz = t.elapsed();
    let t = Instant::now();
    let _ = Fx::from_bytes(include_bytes!("../data/fx.tsv.gz"), FX_FILE).unwrap();
    let t_fx = t.elapsed();
    eprintln!(
        "load: lexicon {t_lex:?}, gazetteer {t_gaz:?} ({} entries), fx {t_fx:?} (debug builds are slower)",
        g.len()
    );
}

#[test]
fn from_dir_loads_and_names_corrupt_files() {
    let l = Lexicon::from_dir(&data_dir()).unwrap();
    assert_eq!(l.country("Britain").unwrap().iso3, "GBR");
    let tmp =
        std::env::temp_dir().join(format!("chronicle-lexicon-corrupt-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for name in LEXICON_FILES {
        std::fs::copy(data_dir().join(name), tmp.join(name)).unwrap();
    }
    std::fs::write(tmp.join(ORGS_FILE), b"\x1f\x8b garbage").unwrap();
    let err = format!("{:#}", Lexicon::from_dir(&tmp).unwrap_err());
    assert!(err.contains(ORGS_FILE), "{err}");
    std::fs::write(
        tmp.join(ORGS_FILE),
        util::gz_encode("short\tname\n").unwrap(),
    )
    .unwrap();
    let err = format!("{:#}", Lexicon::from_dir(&tmp).unwrap_err());
    assert!(err.contains(ORGS_FILE) && err.contains("header"), "{err}");
    std::fs::remove_file(tmp.join(TITLES_FILE)).unwrap();
    let err = format!("{:#}", Lexicon::from_dir(&tmp).unwrap_err());
    assert!(
        err.contains(TITLES_FILE) || err.contains(ORGS_FILE),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn britain_in_all_its_forms() {
    for (s, form) in [
        ("Britain", CountryForm::Name),
        ("the U.K.", CountryForm::Code),
        ("U.K.", CountryForm::Code),
        ("UK", CountryForm::Code),
        ("United Kingdom", CountryForm::Name),
        ("the United Kingdom", CountryForm::Name),
        ("Great Britain", CountryForm::Name),
        ("British", CountryForm::Demonym),
        ("Briton", CountryForm::Demonym),
        ("Britons", CountryForm::DemonymPlural),
        ("Brits", CountryForm::DemonymPlural),
        ("London", CountryForm::Capital),
        ("Downing Street", CountryForm::Metonym),
        ("GBR", CountryForm::Code),
    ] {
        assert_eq!(
            lex().country(s),
            Some(CountryHit { iso3: "GBR", form }),
            "{s}"
        );
    }
}

#[test]
fn countries() {
    let c = |s: &str| lex().country(s).map(|h| (h.iso3, h.form));
    assert_eq!(c("Kyiv"), Some(("UKR", CountryForm::Capital)));
    assert_eq!(c("Kiev"), Some(("UKR", CountryForm::Capital)));
    assert_eq!(c("Ukrainian"), Some(("UKR", CountryForm::Demonym)));
    assert_eq!(c("Ukrainians"), Some(("UKR", CountryForm::DemonymPlural)));
    assert_eq!(c("Ukraine"), Some(("UKR", CountryForm::Name)));
    assert_eq!(c("American"), Some(("USA", CountryForm::Demonym)));
    assert_eq!(c("Americans"), Some(("USA", CountryForm::DemonymPlural)));
    assert_eq!(c("US"), Some(("USA", CountryForm::Code)));
    assert_eq!(c("U.S."), Some(("USA", CountryForm::Code)));
    assert_eq!(c("us"), None);
    assert_eq!(c("the States"), Some(("USA", CountryForm::Name)));
    assert_eq!(c("America"), Some(("USA", CountryForm::Name)));
    assert_eq!(c("Washington"), Some(("USA", CountryForm::Capital)));
    assert_eq!(c("White House"), Some(("USA", CountryForm::Metonym)));
    assert_eq!(c("the White House"), Some(("USA", CountryForm::Metonym)));
    assert_eq!(c("Pentagon"), Some(("USA", CountryForm::Metonym)));
    assert_eq!(c("Kremlin"), Some(("RUS", CountryForm::Metonym)));
    assert_eq!(c("Moscow"), Some(("RUS", CountryForm::Capital)));
    assert_eq!(c("Beijing"), Some(("CHN", CountryForm::Capital)));
    assert_eq!(c("Élysée"), Some(("FRA", CountryForm::Metonym)));
    assert_eq!(c("Elysee"), Some(("FRA", CountryForm::Metonym)));
    assert_eq!(c("French"), Some(("FRA", CountryForm::Demonym)));
    assert_eq!(c("the French"), Some(("FRA", CountryForm::DemonymPlural)));
    assert_eq!(c("Germans"), Some(("DEU", CountryForm::DemonymPlural)));
    assert_eq!(c("Dutch"), Some(("NLD", CountryForm::Demonym)));
    assert_eq!(c("the Netherlands"), Some(("NLD", CountryForm::Name)));
    assert_eq!(c("Holland"), Some(("NLD", CountryForm::Name)));
    assert_eq!(c("Czechia"), Some(("CZE", CountryForm::Name)));
    assert_eq!(c("Turkey"), Some(("TUR", CountryForm::Name)));
    assert_eq!(c("Türkiye"), Some(("TUR", CountryForm::Name)));
    assert_eq!(c("South Korea"), Some(("KOR", CountryForm::Name)));
    assert_eq!(c("North Korea"), Some(("PRK", CountryForm::Name)));
    assert_eq!(c("Ivory Coast"), Some(("CIV", CountryForm::Name)));
    assert_eq!(
        c("Côte d’Ivoire"),
        Some(("CIV", CountryForm::Name)),
        "curly apostrophe"
    );
    assert_eq!(c("Emirati"), Some(("ARE", CountryForm::Demonym)));
    assert_eq!(c("Saudi"), Some(("SAU", CountryForm::Demonym)));
    assert_eq!(c("Russian Federation"), Some(("RUS", CountryForm::Name)));
    // Non-Latin alternative spellings and 2-letter codes are left out.
    assert_eq!(c("RU"), None);
    assert_eq!(c("Российская Федерация"), None);
    let gb = lex().country_info("GBR").unwrap();
    assert_eq!(gb.name, "United Kingdom");
    assert_eq!(gb.iso2, "GB");
    assert_eq!(gb.capitals, vec!["London"]);
    assert_eq!(gb.demonym, "British");
    assert_eq!(gb.currencies, vec!["GBP"]);
    assert!(lex().country_info("XYZ").is_none());
}

#[test]
fn orgs_and_members() {
    for s in [
        "NATO",
        "North Atlantic Treaty Organization",
        "North Atlantic Treaty Organisation",
        "Nato",
    ] {
        assert_eq!(lex().org(s).map(|o| o.short.as_str()), Some("NATO"), "{s}");
    }
    assert!(lex().org("the alliance").is_none());
    for s in ["G7", "G-7", "Group of Seven"] {
        assert_eq!(lex().org(s).map(|o| o.short.as_str()), Some("G7"), "{s}");
    }
    for (s, short) in [
        ("EU", "EU"),
        ("European Union", "EU"),
        ("the European Union", "EU"),
        ("U.N.", "UN"),
        ("United Nations", "UN"),
        ("G20", "G20"),
        ("OSCE", "OSCE"),
        ("IMF", "IMF"),
        ("World Bank", "World Bank"),
        ("European Commission", "European Commission"),
        ("IAEA", "IAEA"),
        ("WHO", "WHO"),
        ("Red Cross", "ICRC"),
        ("Ramstein group", "UDCG"),
        ("Ukraine Defense Contact Group", "UDCG"),
        ("UN Security Council", "UNSC"),
        ("International Criminal Court", "ICC"),
        ("Council of Europe", "Council of Europe"),
    ] {
        assert_eq!(lex().org(s).map(|o| o.short.as_str()), Some(short), "{s}");
    }
    assert!(lex().org("who").is_none(), "case-sensitive");
    let nato = lex().members("NATO");
    for iso in ["FIN", "SWE", "USA", "GBR", "MNE", "MKD"] {
        assert!(nato.iter().any(|m| m == iso), "{iso} in NATO");
    }
    assert_eq!(nato.len(), 32);
    assert_eq!(lex().members("EU").len(), 27);
    assert_eq!(lex().members("G-7").len(), 7);
    assert!(lex().members("no such org").is_empty());
}

#[test]
fn titles() {
    let t = |s: &str| lex().title(s).map(|h| (h.title, h.class));
    assert_eq!(
        t("defence secretary"),
        Some(("defense secretary", TitleClass::Minister(Ministry::Defense)))
    );
    assert_eq!(
        t("defense secretary"),
        Some(("defense secretary", TitleClass::Minister(Ministry::Defense)))
    );
    assert_eq!(
        t("Defence Minister"),
        Some(("defense minister", TitleClass::Minister(Ministry::Defense)))
    );
    assert_eq!(
        t("minister of foreign affairs"),
        Some((
            "minister of foreign affairs",
            TitleClass::Minister(Ministry::Foreign)
        ))
    );
    assert_eq!(
        t("Minister of Foreign Affairs"),
        Some((
            "minister of foreign affairs",
            TitleClass::Minister(Ministry::Foreign)
        ))
    );
    assert_eq!(
        t("Min. of Foreign Affairs"),
        Some((
            "minister of foreign affairs",
            TitleClass::Minister(Ministry::Foreign)
        ))
    );
    assert_eq!(
        t("secretary-general"),
        Some(("secretary general", TitleClass::OrgHead))
    );
    assert_eq!(
        t("Secretary General"),
        Some(("secretary general", TitleClass::OrgHead))
    );
    assert_eq!(t("President"), Some(("president", TitleClass::HeadOfState)));
    assert_eq!(
        t("prime minister"),
        Some(("prime minister", TitleClass::HeadOfGovernment))
    );
    assert_eq!(
        t("national security advisor"),
        Some(("national security adviser", TitleClass::Other))
    );
    assert_eq!(t("ambassador").map(|x| x.1), Some(TitleClass::Diplomat));
    assert_eq!(t("admiral").map(|x| x.1), Some(TitleClass::Military));
    assert_eq!(t("senator").map(|x| x.1), Some(TitleClass::Legislator));
    assert_eq!(
        t("secretary of state").map(|x| x.1),
        Some(TitleClass::Minister(Ministry::Foreign))
    );
    assert_eq!(
        t("finance minister").map(|x| x.1),
        Some(TitleClass::Minister(Ministry::Finance))
    );
    // From the CIA list.
    assert!(t("Minister of Agriculture & Rural Development").is_some());
    assert!(t("weather forecaster").is_none());
}

#[test]
fn leaders() {
    let z = lex().leader("Volodymyr Zelenskyy");
    assert!(
        z.iter().any(|l| l.country == "UKR"
            && l.source == LeaderSource::Wikidata
            && l.start == Some(2019)),
        "{z:?}"
    );
    let borne = lex().leader("Elisabeth Borne");
    assert!(
        borne
            .iter()
            .any(|l| l.country == "FRA" && l.name == "Élisabeth Borne"),
        "{borne:?}"
    );
    let bj = lex().leader("Boris Johnson");
    assert!(bj.iter().any(|l| l.country == "GBR" && l.end == Some(2022)));
    // CIA names are title-cased.
    assert!(lex()
        .leaders()
        .iter()
        .any(|l| l.source == LeaderSource::Cia2019 && l.name == "Petro Poroshenko"));
    assert!(lex().leader("Nobody Atall").is_empty());
}

#[test]
fn currencies() {
    let c = |s: &str| {
        lex()
            .currency(s)
            .map(|h| (h.code, h.form, h.ambiguous_dollar))
    };
    assert_eq!(c("euros"), Some(("EUR", CurrencyForm::Name, false)));
    assert_eq!(c("Euros"), Some(("EUR", CurrencyForm::Name, false)));
    assert_eq!(c("€"), Some(("EUR", CurrencyForm::Symbol, false)));
    assert_eq!(c("EUR"), Some(("EUR", CurrencyForm::Code, false)));
    assert_eq!(c("$"), Some(("USD", CurrencyForm::Symbol, true)));
    assert_eq!(c("dollars"), Some(("USD", CurrencyForm::Name, true)));
    assert_eq!(c("US$"), Some(("USD", CurrencyForm::Symbol, false)));
    assert_eq!(c("U.S. dollars"), Some(("USD", CurrencyForm::Name, false)));
    assert_eq!(c("hryvnias"), Some(("UAH", CurrencyForm::Name, false)));
    assert_eq!(
        c("pounds sterling"),
        Some(("GBP", CurrencyForm::Name, false))
    );
    assert_eq!(c("£"), Some(("GBP", CurrencyForm::Symbol, false)));
    assert_eq!(c("roubles").map(|x| x.0), Some("RUB"));
    assert_eq!(c("A$").map(|x| x.0), Some("AUD"));
    assert_eq!(c("C$").map(|x| x.0), Some("CAD"));
    assert_eq!(c("zł").map(|x| x.0), Some("PLN"));
    assert_eq!(c("Danish kroner").map(|x| x.0), Some("DKK"));
    assert_eq!(c("Norwegian krone").map(|x| x.0), Some("NOK"));
    assert_eq!(
        c("kroner"),
        None,
        "Danish or Norwegian: needs the adjective"
    );
    assert_eq!(c("won").map(|x| x.0), Some("KRW"));
    assert_eq!(c("MXN").map(|x| x.0), Some("MXN"), "any current ISO code");
    assert_eq!(c("eur"), None, "codes are case-sensitive");
    assert_eq!(lex().local_dollar("AUS"), Some("AUD"));
    assert_eq!(lex().local_dollar("CAN"), Some("CAD"));
    assert_eq!(lex().local_dollar("NZL"), Some("NZD"));
    assert_eq!(lex().local_dollar("SGP"), Some("SGD"));
    assert_eq!(lex().local_dollar("HKG"), Some("HKD"));
    assert_eq!(lex().local_dollar("USA"), Some("USD"));
    assert_eq!(lex().local_dollar("GBR"), None);
    assert_eq!(Lexicon::scale("bn"), Some(1e9));
    assert_eq!(
        lex().currency_info("UAH").map(|c| c.name.as_str()),
        Some("Hryvnia")
    );
}

fn find(tokens: &[&str]) -> Vec<(usize, usize, Vec<LexHit<'static>>)> {
    lex()
        .gazetteer()
        .find(tokens)
        .into_iter()
        .map(|m| (m.start, m.end, m.hits))
        .collect()
}

#[test]
fn gazetteer_finds_phrases() {
    let toks = [
        "Grant",
        "Shapps",
        ",",
        "Britain",
        "’s",
        "new",
        "defence",
        "secretary",
        ",",
        "met",
        "Jens",
        "Stoltenberg",
        ",",
        "the",
        "secretary",
        "general",
        "of",
        "NATO",
        ",",
        "in",
        "Kyiv",
        "on",
        "behalf",
        "of",
        "the",
        "U.K.",
        "and",
        "pledged",
        "530",
        "million",
        "euros",
        "or",
        "$",
        "560",
        "million",
        ".",
    ];
    let m = find(&toks);
    let at = |i: usize| {
        m.iter()
            .find(|x| x.0 == i)
            .unwrap_or_else(|| panic!("no match at {i}: {m:?}"))
    };
    assert_eq!(at(3).1, 4);
    assert!(matches!(
        at(3).2[0],
        LexHit::Country(CountryHit { iso3: "GBR", .. })
    ));
    assert_eq!(at(6).1, 8);
    assert!(matches!(
        at(6).2[0],
        LexHit::Title(TitleHit {
            title: "defense secretary",
            ..
        })
    ));
    assert_eq!(at(14).1, 16);
    assert!(matches!(
        at(14).2[0],
        LexHit::Title(TitleHit {
            title: "secretary general",
            ..
        })
    ));
    assert!(matches!(at(17).2[0], LexHit::Org(o) if o.short == "NATO"));
    assert!(matches!(
        at(20).2[0],
        LexHit::Country(CountryHit {
            iso3: "UKR",
            form: CountryForm::Capital
        })
    ));
    assert!(matches!(
        at(25).2[0],
        LexHit::Country(CountryHit {
            iso3: "GBR",
            form: CountryForm::Code
        })
    ));
    assert!(matches!(
        at(30).2[0],
        LexHit::Currency(CurrencyHit { code: "EUR", .. })
    ));
    assert!(matches!(
        at(32).2[0],
        LexHit::Currency(CurrencyHit {
            code: "USD",
            ambiguous_dollar: true,
            ..
        })
    ));
    // "million" is not a lexicon entry; "the" is not swallowed.
    assert!(m.iter().all(|x| x.0 != 29 && x.0 != 13));
}

#[test]
fn gazetteer_longest_and_case() {
    let m = find(&[
        "North",
        "Atlantic",
        "Treaty",
        "Organization",
        "and",
        "the",
        "G",
        "-",
        "7",
        "and",
        "G-20",
    ]);
    assert_eq!((m[0].0, m[0].1), (0, 4));
    assert_eq!((m[1].0, m[1].1), (6, 9));
    assert!(matches!(m[1].2[0], LexHit::Org(o) if o.short == "G7"));
    assert!(matches!(m[2].2[0], LexHit::Org(o) if o.short == "G20"));
    // Lowercase "us" is a pronoun, "US" the country.
    assert!(find(&["told", "us"]).is_empty());
    assert_eq!(find(&["the", "US", "said"]).len(), 1);
    // Titles are case-insensitive; proper names are not.
    assert_eq!(find(&["Foreign", "Minister"]).len(), 1);
    assert!(find(&["britain"]).is_empty());
    // Leaders, accents folded too.
    let m = find(&["Sebastien", "Lecornu"]);
    assert!(
        m.iter()
            .any(|x| x.2.iter().any(|h| matches!(h, LexHit::Leader(_))))
            || lex().leader("Sébastien Lecornu").is_empty()
    );
    let m = find(&["Volodymyr", "Zelenskyy", "visited"]);
    assert!(matches!(m[0].2[0], LexHit::Leader(l) if l.country == "UKR"));
    // match_at
    let g = lex().gazetteer();
    let toks = ["in", "the", "White", "House"];
    let hit = g.match_at(&toks, 2).unwrap();
    assert_eq!((hit.start, hit.end), (2, 4));
    assert!(g.match_at(&toks, 0).is_none());
    assert!(g.match_at(&toks, 9).is_none());
}

#[test]
fn gazetteer_speed() {
    let g = lex().gazetteer();
    let sentence = "Mr. Shapps traveled to Kyiv on Wednesday , British officials said , and met President Volodymyr Zelensky and the defense minister of France , Sébastien Lecornu , who pledged about 530 million euros , or about $ 560 million , to Ukraine ’s armed forces .";
    let toks: Vec<&str> = sentence.split(' ').collect();
    let n = 2000;
    let t = Instant::now();
    let mut found = 0;
    for _ in 0..n {
        found += g.find(&toks).len();
    }
    let dt = t.elapsed();
    for m in g.find(&toks) {
        eprintln!("  {:?}: {:?}", &toks[m.start..m.end], m.hits);
    }
    eprintln!(
        "gazetteer: {:.0} tokens/s ({} matches per sentence; debug builds are slower)",
        (n * toks.len()) as f64 / dt.as_secs_f64(),
        found / n
    );
}
