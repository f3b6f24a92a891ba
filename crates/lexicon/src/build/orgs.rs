//! Compiles international organizations: supraverden (CC BY-SA 4.0) names
//! and abbreviations, a hand-curated list of the ones news names, and
//! dieghernan (MIT) memberships, into `orgs.tsv.gz`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};

use super::countries::CountryTable;
use super::Report;
use crate::util::clean_field;

/// The organizations news names, with the forms it uses. `(short, name,
/// aliases, dieghernan org_id)`. "the alliance" is deliberately not an
/// alias of NATO: it needs the document to resolve.
const CURATED: &[(&str, &str, &[&str], &str)] = &[
    (
        "NATO",
        "North Atlantic Treaty Organization",
        &["North Atlantic Treaty Organisation", "Nato", "N.A.T.O."],
        "NATO",
    ),
    ("EU", "European Union", &["E.U."], "EU"),
    (
        "UN",
        "United Nations",
        &["U.N.", "United Nations Organization"],
        "UN",
    ),
    ("G7", "Group of Seven", &["G-7", "Group of 7"], "G-7"),
    ("G20", "Group of Twenty", &["G-20", "Group of 20"], "G-20"),
    (
        "OSCE",
        "Organization for Security and Co-operation in Europe",
        &[
            "Organization for Security and Cooperation in Europe",
            "Organisation for Security and Co-operation in Europe",
            "Osce",
        ],
        "OSCE",
    ),
    ("IMF", "International Monetary Fund", &[], "IMF"),
    ("World Bank", "World Bank", &["World Bank Group"], "IBRD"),
    ("European Commission", "European Commission", &[], ""),
    ("European Council", "European Council", &["EUCO"], ""),
    (
        "Council of the EU",
        "Council of the European Union",
        &["Council of the EU"],
        "",
    ),
    ("European Parliament", "European Parliament", &[], ""),
    ("IAEA", "International Atomic Energy Agency", &[], "IAEA"),
    (
        "WHO",
        "World Health Organization",
        &["World Health Organisation"],
        "WHO",
    ),
    (
        "UNICEF",
        "United Nations Children's Fund",
        &["Unicef", "UN Children's Fund", "U.N. Children's Fund"],
        "",
    ),
    (
        "UNHCR",
        "Office of the United Nations High Commissioner for Refugees",
        &[
            "United Nations High Commissioner for Refugees",
            "UN High Commissioner for Refugees",
            "UN refugee agency",
            "U.N. refugee agency",
        ],
        "UNHCR",
    ),
    (
        "ICRC",
        "International Committee of the Red Cross",
        &["Red Cross"],
        "",
    ),
    (
        "IFRC",
        "International Federation of Red Cross and Red Crescent Societies",
        &[],
        "IFRCS",
    ),
    (
        "OPEC",
        "Organization of the Petroleum Exporting Countries",
        &[
            "Organization of Petroleum Exporting Countries",
            "Opec",
            "OPEC+",
            "Opec+",
        ],
        "OPEC",
    ),
    (
        "ASEAN",
        "Association of Southeast Asian Nations",
        &["Asean", "Association of South East Asian Nations"],
        "ASEAN",
    ),
    ("AU", "African Union", &[], "AU"),
    (
        "EBRD",
        "European Bank for Reconstruction and Development",
        &[],
        "EBRD",
    ),
    ("EIB", "European Investment Bank", &[], "EIB"),
    (
        "UDCG",
        "Ukraine Defense Contact Group",
        &[
            "Ukraine Defence Contact Group",
            "Ramstein group",
            "Ramstein Group",
            "Ramstein format",
            "Ramstein-format",
        ],
        "",
    ),
    ("Council of Europe", "Council of Europe", &["CoE"], "CE"),
    (
        "WTO",
        "World Trade Organization",
        &["World Trade Organisation"],
        "WTO",
    ),
    ("ICC", "International Criminal Court", &[], "ICCT"),
    (
        "UNSC",
        "United Nations Security Council",
        &["UN Security Council", "U.N. Security Council"],
        "UN_SECURITY_COUNCIL",
    ),
    (
        "UNGA",
        "United Nations General Assembly",
        &["UN General Assembly", "U.N. General Assembly"],
        "",
    ),
    ("ECB", "European Central Bank", &[], "ECB"),
    (
        "OECD",
        "Organisation for Economic Co-operation and Development",
        &[
            "Organization for Economic Cooperation and Development",
            "Organisation for Economic Cooperation and Development",
        ],
        "OECD",
    ),
    (
        "CSTO",
        "Collective Security Treaty Organization",
        &[],
        "CSTO",
    ),
    (
        "SCO",
        "Shanghai Cooperation Organisation",
        &["Shanghai Cooperation Organization"],
        "SCO",
    ),
    ("BRICS", "BRICS", &[], "BRICS"),
    (
        "Arab League",
        "League of Arab States",
        &["Arab League"],
        "LAS",
    ),
    ("GCC", "Gulf Cooperation Council", &[], "GCC"),
    ("OAS", "Organization of American States", &[], "OAS"),
    ("CIS", "Commonwealth of Independent States", &[], "CIS"),
    (
        "UNESCO",
        "United Nations Educational, Scientific and Cultural Organization",
        &["Unesco"],
        "UNESCO",
    ),
    ("WFP", "World Food Programme", &["World Food Program"], ""),
    ("UNDP", "United Nations Development Programme", &[], ""),
    (
        "OCHA",
        "United Nations Office for the Coordination of Humanitarian Affairs",
        &["UN Office for the Coordination of Humanitarian Affairs"],
        "",
    ),
    (
        "USAID",
        "United States Agency for International Development",
        &[
            "U.S. Agency for International Development",
            "US Agency for International Development",
        ],
        "",
    ),
    ("Commonwealth", "Commonwealth of Nations", &[], "C"),
];

/// Abbreviations left out: common words, collisions with country codes,
/// and initialisms that name several things.
const ABBR_DENYLIST: &[&str] = &[
    "Office",
    "FRA",
    "SAU",
    "ERA",
    "ETF",
    "ELA",
    "AMA",
    "ACS",
    "CIP",
    "ISA",
    "ECA",
    "WB",
    "CCA",
    "APT",
    "ARC Agency",
    "International IDEA",
    "ILC",
    "ITC",
    "IMC",
    "ISC",
    "VPI",
    "ELI",
    "ESS",
    "SHARE",
    "LOFAR",
    "ICOS",
    "INSTRUCT",
    "EP",
    "EEA",
    "CBD",
    "SPC",
    "ATU",
    "CAJU",
    "JU",
    "CBE",
    "IOC",
    "PCA",
    "IIR",
    "ARC",
    "UPC",
    "MSG",
    "CLE",
    "CIM",
    "IIN",
    "CIAT",
    "ESA",
    "AMF",
    "EPOS",
    "ICC",
    "CDB",
    "NC",
    "PA",
    "C",
    "CD",
    "CP",
    "AG",
    "AL",
    "BA",
    "CE",
    "DANUBIUS",
    "ECE",
    "ISO",
    "IPU",
    "EAS",
    "CEI",
    "ZC",
    "NEA",
    "NIB",
    "NSG",
    "BIS",
    "IDA",
    "IDB",
    "ADB",
    "EMU",
    "FZ",
    "ECO",
    "EEU",
    "SDF",
    "PCB",
    "CFC",
    "CND",
    "CSW",
    "NPI",
    "ETI",
    "CTU",
    "LTA",
    "BIC",
    "INL",
    "TDB",
    "CPD",
    "JIV",
    "CSAT",
    "IRU",
];

struct OrgBuild {
    short: String,
    name: String,
    aliases: BTreeSet<String>,
    members: BTreeSet<String>,
    curated: bool,
}

/// One entry of supraverden's general list.
#[derive(Default)]
struct Sv {
    name: String,
    abbr: String,
    others: Vec<String>,
}

fn yaml_scalar(v: &str) -> String {
    let v = v.trim();
    let v = if v.len() >= 2 && v.starts_with('\'') && v.ends_with('\'') {
        v[1..v.len() - 1].replace("''", "'")
    } else if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        v[1..v.len() - 1].replace("\\\"", "\"")
    } else {
        v.to_string()
    };
    if v == "null" || v == "~" {
        String::new()
    } else {
        clean_field(&v)
    }
}

/// Reads the flat two-level YAML of supraverden: top-level keys (or `? key`)
/// open an entry; `  Field: value` lines fill it.
fn parse_supraverden(text: &str) -> Vec<Sv> {
    let mut out = Vec::new();
    let mut cur: Option<Sv> = None;
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') && !line.starts_with(':') {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            cur = Some(Sv::default());
            continue;
        }
        let l = line.trim_start_matches(':').trim_start();
        let Some(c) = cur.as_mut() else { continue };
        let Some((k, v)) = l.split_once(':') else {
            continue;
        };
        let k = k.trim();
        match k {
            "Name_en" => c.name = yaml_scalar(v),
            "Abbreviation_en" => c.abbr = yaml_scalar(v),
            _ if k.starts_with("Name_other") && k.ends_with("_en") => {
                let v = yaml_scalar(v);
                if !v.is_empty() {
                    c.others.push(v);
                }
            }
            _ => {}
        }
    }
    if let Some(c) = cur {
        out.push(c);
    }
    out
}

fn spelling_variants(name: &str) -> Vec<String> {
    let mut v = vec![name.to_string()];
    if name.contains("Organisation") {
        v.push(name.replace("Organisation", "Organization"));
    } else if name.contains("Organization") {
        v.push(name.replace("Organization", "Organisation"));
    }
    v
}

pub(crate) fn compile(
    supraverden: &str,
    dieghernan: &str,
    countries: &CountryTable,
    report: &mut Report,
) -> Result<String> {
    let mut orgs: Vec<OrgBuild> = Vec::new();
    let mut die_ids: BTreeMap<String, usize> = BTreeMap::new();
    for (short, name, aliases, die) in CURATED {
        let mut a: BTreeSet<String> = aliases.iter().map(|s| s.to_string()).collect();
        a.insert(short.to_string());
        a.extend(spelling_variants(name));
        if !die.is_empty() {
            die_ids.insert(die.to_string(), orgs.len());
        }
        orgs.push(OrgBuild {
            short: short.to_string(),
            name: name.to_string(),
            aliases: a,
            members: BTreeSet::new(),
            curated: true,
        });
    }
    let curated_surface: BTreeMap<String, usize> = orgs
        .iter()
        .enumerate()
        .flat_map(|(i, o)| o.aliases.iter().map(move |a| (a.clone(), i)))
        .collect();
    let iso3s: BTreeSet<&str> = countries
        .countries
        .iter()
        .map(|c| c.iso3.as_str())
        .collect();
    let abbr_ok = |a: &str| {
        !a.is_empty()
            && a.chars().count() >= 2
            && !ABBR_DENYLIST.contains(&a)
            && !iso3s.contains(a)
            && !a.contains(' ')
    };

    let svs = parse_supraverden(supraverden);
    report.count("supraverden entries", svs.len());
    for sv in svs {
        if sv.name.is_empty() {
            continue;
        }
        let mut surfaces: Vec<String> = spelling_variants(&sv.name);
        surfaces.extend(sv.others.iter().flat_map(|o| spelling_variants(o)));
        let abbr = if abbr_ok(&sv.abbr) {
            Some(sv.abbr.clone())
        } else {
            None
        };
        let target = curated_surface
            .get(&sv.name)
            .or_else(|| {
                if sv.abbr.is_empty() {
                    None
                } else {
                    curated_surface.get(&sv.abbr)
                }
            })
            .copied();
        match target {
            Some(i) => {
                // Curated: supraverden adds its English names, never a new
                // abbreviation (those are curated by hand).
                orgs[i].aliases.extend(surfaces);
            }
            None => {
                let mut aliases: BTreeSet<String> = surfaces.into_iter().collect();
                if let Some(a) = &abbr {
                    aliases.insert(a.clone());
                }
                orgs.push(OrgBuild {
                    short: abbr.unwrap_or_else(|| sv.name.clone()),
                    name: sv.name.clone(),
                    aliases,
                    members: BTreeSet::new(),
                    curated: false,
                });
            }
        }
    }

    // Memberships (dieghernan, CIA Factbook 2020).
    let mut rdr = csv::Reader::from_reader(dieghernan.as_bytes());
    let mut unmapped = BTreeSet::new();
    for rec in rdr.records() {
        let rec = rec.context("dieghernan_CountrycodesOrgs.csv: bad row")?;
        let (iso3, cname, org_name, org_id, status) = (
            &rec[1],
            &rec[2],
            rec[4].trim(),
            rec[5].trim(),
            rec[6].trim(),
        );
        if status != "member" && status != "permanent" {
            continue;
        }
        let iso3 = if iso3s.contains(iso3) {
            iso3.to_string()
        } else if let Some(i) = countries.resolve(cname) {
            i
        } else {
            unmapped.insert(format!("dieghernan: {cname} ({iso3})"));
            continue;
        };
        let idx = match die_ids.get(org_id) {
            Some(&i) => i,
            None => {
                let variants = spelling_variants(org_name);
                let found = orgs.iter().position(|o| {
                    o.short.eq_ignore_ascii_case(org_id)
                        || variants
                            .iter()
                            .any(|v| o.name == *v || o.aliases.contains(v))
                });
                let i = match found {
                    Some(i) => i,
                    None => {
                        let mut aliases = BTreeSet::from([org_name.to_string()]);
                        let ok_id = org_id.len() >= 3
                            && org_id
                                .chars()
                                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                            && abbr_ok(org_id);
                        if ok_id {
                            aliases.insert(org_id.to_string());
                        }
                        orgs.push(OrgBuild {
                            short: if ok_id {
                                org_id.to_string()
                            } else {
                                org_name.to_string()
                            },
                            name: org_name.to_string(),
                            aliases,
                            members: BTreeSet::new(),
                            curated: false,
                        });
                        orgs.len() - 1
                    }
                };
                die_ids.insert(org_id.to_string(), i);
                i
            }
        };
        orgs[idx].members.insert(iso3);
    }
    report.unmapped.extend(unmapped);

    // Changes since the 2020 data, by hand.
    if let Some(nato) = orgs.iter_mut().find(|o| o.short == "NATO") {
        // The 2020 list lacks Montenegro (joined June 2017) and North
        // Macedonia (March 2020); Finland joined in April 2023 and Sweden
        // in March 2024.
        for iso in ["MNE", "MKD", "FIN", "SWE"] {
            nato.members.insert(iso.to_string());
        }
    }

    // Surfaces claimed by two organizations: curated ones keep them, else
    // both lose them.
    let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, o) in orgs.iter().enumerate() {
        for a in &o.aliases {
            owners.entry(a.clone()).or_default().insert(i);
        }
    }
    for (surface, who) in owners {
        if who.len() < 2 {
            continue;
        }
        let curated: Vec<usize> = who.iter().copied().filter(|&i| orgs[i].curated).collect();
        let keep = if curated.len() == 1 {
            Some(curated[0])
        } else {
            None
        };
        let names: Vec<String> = who.iter().map(|&i| orgs[i].name.clone()).collect();
        if keep.is_none() {
            report.warn(format!(
                "org surface {surface:?} names several organizations ({}): left out",
                names.join("; ")
            ));
        }
        for &i in &who {
            if Some(i) != keep {
                orgs[i].aliases.remove(&surface);
            }
        }
    }

    // Deterministic order: curated first (as listed), then by short name.
    let (mut cur, mut rest): (Vec<OrgBuild>, Vec<OrgBuild>) =
        orgs.into_iter().partition(|o| o.curated);
    rest.retain(|o| !o.aliases.is_empty());
    rest.sort_by(|a, b| a.short.cmp(&b.short).then(a.name.cmp(&b.name)));
    cur.extend(rest);
    report.count("organizations", cur.len());

    let mut out = String::from(
        "# International organizations: supraverden (CC BY-SA 4.0), hand-curated forms, dieghernan memberships (MIT). See ATTRIBUTION.md.\n",
    );
    out.push_str(crate::ORGS_HEADER);
    out.push('\n');
    for o in &cur {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            clean_field(&o.short),
            clean_field(&o.name),
            o.aliases
                .iter()
                .map(|a| clean_field(a))
                .collect::<Vec<_>>()
                .join("|"),
            o.members.iter().cloned().collect::<Vec<_>>().join("|")
        ));
    }
    Ok(out)
}
