//! Compiles the vocabulary of official titles — hand-written news titles
//! plus the `title` column of the CIA World Leaders list (public domain),
//! abbreviations expanded — into `titles.tsv.gz`.

use std::collections::BTreeMap;

use super::Report;
use crate::title::{canonical_title, classify, expand_cia_title};

/// Titles news uses, canonical (lowercase, American spelling; the lookups
/// and the matcher also accept British spellings and hyphenated compounds).
const NEWS_TITLES: &[&str] = &[
    "president",
    "vice president",
    "president-elect",
    "prime minister",
    "deputy prime minister",
    "first deputy prime minister",
    "chancellor",
    "vice chancellor",
    "chancellor of the exchequer",
    "foreign minister",
    "deputy foreign minister",
    "foreign affairs minister",
    "minister of foreign affairs",
    "minister for foreign affairs",
    "foreign secretary",
    "secretary of state",
    "deputy secretary of state",
    "defense minister",
    "deputy defense minister",
    "minister of defense",
    "minister for defense",
    "defense secretary",
    "secretary of defense",
    "deputy secretary of defense",
    "finance minister",
    "minister of finance",
    "treasury secretary",
    "secretary of the treasury",
    "economy minister",
    "minister of economy",
    "economic minister",
    "interior minister",
    "minister of interior",
    "minister of the interior",
    "home secretary",
    "energy minister",
    "minister of energy",
    "energy secretary",
    "health minister",
    "minister of health",
    "health secretary",
    "justice minister",
    "minister of justice",
    "trade minister",
    "agriculture minister",
    "minister",
    "secretary general",
    "deputy secretary general",
    "general secretary",
    "under secretary general",
    "national security adviser",
    "deputy national security adviser",
    "ambassador",
    "envoy",
    "special envoy",
    "special representative",
    "permanent representative",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "press secretary",
    "king",
    "queen",
    "prince",
    "crown prince",
    "emir",
    "sultan",
    "monarch",
    "supreme leader",
    // "Chinese leader Xi Jinping", "the Belarusian leader"
    "leader",
    "chairman",
    "chairwoman",
    "chair",
    "chairperson",
    "commissioner",
    "high commissioner",
    "high representative",
    "president of the european commission",
    "president of the european council",
    "speaker",
    "senator",
    "congressman",
    "congresswoman",
    "member of parliament",
    "governor",
    "mayor",
    "general",
    "lieutenant general",
    "major general",
    "admiral",
    "commander",
    "commander in chief",
    "chief of staff",
    "chief of the general staff",
    "chief of defense",
    "head of state",
    "head of government",
    "premier",
    "first lady",
    "pope",
    "attorney general",
    "director general",
    "director",
];

pub(crate) fn compile(cia_tsv: &str, report: &mut Report) -> String {
    // canonical → gazetteer flag
    let mut titles: BTreeMap<String, bool> = BTreeMap::new();
    for t in NEWS_TITLES {
        titles.insert(canonical_title(t), true);
    }
    let mut cia = 0usize;
    for (i, line) in cia_tsv.lines().enumerate() {
        if i == 0 {
            continue;
        }
        let Some(raw) = line.split('\t').nth(1) else {
            continue;
        };
        let c = canonical_title(&expand_cia_title(raw));
        if c.is_empty() || c.contains(['\t', '|']) {
            continue;
        }
        cia += 1;
        let words = c.split_whitespace().count();
        let gaz = words <= 7
            && !c.contains(" to ")
            && !c.chars().any(|ch| ch.is_ascii_digit())
            && !c.starts_with("member of");
        let e = titles.entry(c).or_insert(false);
        *e |= gaz;
    }
    report.count("CIA title rows", cia);
    report.count("titles", titles.len());
    let mut out = String::from(
        "# Official titles: hand-written news titles and the CIA World Leaders 2019 titles (public domain), abbreviations expanded. See ATTRIBUTION.md.\n",
    );
    out.push_str(crate::TITLES_HEADER);
    out.push('\n');
    for (t, gaz) in &titles {
        out.push_str(&format!(
            "{t}\t{}\t{}\n",
            classify(t).as_str(),
            if *gaz { 1 } else { 0 }
        ));
    }
    out
}
