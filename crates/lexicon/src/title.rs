//! Official titles: the [`TitleHit`] a title phrase resolves to, its coarse
//! [`TitleClass`], and the spelling normalization shared by the compiler and
//! the lookups (British/American spelling, hyphenated compounds, CIA
//! abbreviations).

use std::fmt;

/// The ministry a minister's title names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ministry {
    Foreign,
    Defense,
    Finance,
    Economy,
    Interior,
    Energy,
    Health,
    Justice,
    Other,
}

/// A coarse class of title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TitleClass {
    /// President, king, queen, emir, pope...
    HeadOfState,
    /// Prime minister, chancellor, premier...
    HeadOfGovernment,
    /// A minister or cabinet secretary, with the ministry when known.
    Minister(Ministry),
    /// Ambassador, envoy, permanent representative...
    Diplomat,
    /// General, admiral, commander, chief of the general staff...
    Military,
    /// Speaker, senator, member of parliament...
    Legislator,
    /// Secretary general, chairman, commissioner, director general...
    OrgHead,
    /// Anything else (spokesperson, governor, mayor, vice president...).
    Other,
}

impl TitleClass {
    /// The name used in the compiled files ("minister:foreign", "diplomat").
    pub fn as_str(self) -> &'static str {
        match self {
            TitleClass::HeadOfState => "head_of_state",
            TitleClass::HeadOfGovernment => "head_of_government",
            TitleClass::Minister(m) => match m {
                Ministry::Foreign => "minister:foreign",
                Ministry::Defense => "minister:defense",
                Ministry::Finance => "minister:finance",
                Ministry::Economy => "minister:economy",
                Ministry::Interior => "minister:interior",
                Ministry::Energy => "minister:energy",
                Ministry::Health => "minister:health",
                Ministry::Justice => "minister:justice",
                Ministry::Other => "minister",
            },
            TitleClass::Diplomat => "diplomat",
            TitleClass::Military => "military",
            TitleClass::Legislator => "legislator",
            TitleClass::OrgHead => "org_head",
            TitleClass::Other => "other",
        }
    }

    /// Parses [`TitleClass::as_str`] output.
    pub fn parse(s: &str) -> Option<TitleClass> {
        use Ministry::*;
        Some(match s {
            "head_of_state" => TitleClass::HeadOfState,
            "head_of_government" => TitleClass::HeadOfGovernment,
            "minister:foreign" => TitleClass::Minister(Foreign),
            "minister:defense" => TitleClass::Minister(Defense),
            "minister:finance" => TitleClass::Minister(Finance),
            "minister:economy" => TitleClass::Minister(Economy),
            "minister:interior" => TitleClass::Minister(Interior),
            "minister:energy" => TitleClass::Minister(Energy),
            "minister:health" => TitleClass::Minister(Health),
            "minister:justice" => TitleClass::Minister(Justice),
            "minister" => TitleClass::Minister(Other),
            "diplomat" => TitleClass::Diplomat,
            "military" => TitleClass::Military,
            "legislator" => TitleClass::Legislator,
            "org_head" => TitleClass::OrgHead,
            "other" => TitleClass::Other,
            _ => return None,
        })
    }
}

impl fmt::Display for TitleClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A phrase resolved to a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TitleHit<'a> {
    /// The canonical form: lowercase, American spelling, compounds without
    /// hyphen ("defense secretary", "secretary general").
    pub title: &'a str,
    /// Its coarse class.
    pub class: TitleClass,
}

/// American ← British (and variant) spellings, applied word by word.
const SPELLINGS: &[(&str, &str)] = &[
    ("defence", "defense"),
    ("labour", "labor"),
    ("advisor", "adviser"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("programme", "program"),
    ("centre", "center"),
];

/// Hyphenated compounds written without hyphen in canonical form.
const COMPOUNDS: &[(&str, &str)] = &[
    ("secretary-general", "secretary general"),
    ("vice-president", "vice president"),
    ("commander-in-chief", "commander in chief"),
    ("director-general", "director general"),
    ("vice-chancellor", "vice chancellor"),
    ("vice-premier", "vice premier"),
    ("prime-minister", "prime minister"),
    ("co-chair", "co chair"),
];

/// The canonical form of a title phrase: lowercase, `'` apostrophes, `&` →
/// "and", American spelling, known hyphenated compounds without hyphen,
/// whitespace collapsed, a leading "the " dropped.
pub fn canonical_title(phrase: &str) -> String {
    let s = crate::util::normalize_apostrophes(phrase).to_lowercase();
    let s = s.replace('&', " and ");
    let mut words: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        let mut w = w.to_string();
        for (from, to) in COMPOUNDS {
            if w == *from {
                w = (*to).to_string();
            }
        }
        for (from, to) in SPELLINGS {
            if w == *from {
                w = (*to).to_string();
            } else if let Some(rest) = w.strip_prefix(from) {
                // "defence-related", "defence," keep their tail.
                if rest.starts_with(|c: char| !c.is_alphanumeric()) {
                    w = format!("{to}{rest}");
                }
            }
        }
        words.push(w);
    }
    let mut out = words.join(" ");
    if let Some(rest) = out.strip_prefix("the ") {
        out = rest.to_string();
    }
    out
}

/// The lookup key of a title phrase: [`canonical_title`] with every hyphen
/// and dash read as a space, so "Minister-President" and "minister
/// president" meet.
pub fn title_key(phrase: &str) -> String {
    let c = canonical_title(phrase);
    if c.contains(['-', '\u{2010}', '\u{2011}', '\u{2013}']) {
        crate::util::collapse_ws(&c.replace(['-', '\u{2010}', '\u{2011}', '\u{2013}'], " "))
    } else {
        c
    }
}

/// Surface spellings of a canonical title for the phrase matcher: itself,
/// its British spelling, "advisor", and the hyphenated compounds.
pub(crate) fn title_surface_variants(canonical: &str) -> Vec<String> {
    let mut out = vec![canonical.to_string()];
    let british: Vec<String> = canonical
        .split(' ')
        .map(|w| match w {
            "defense" => "defence".to_string(),
            "labor" => "labour".to_string(),
            "organization" => "organisation".to_string(),
            "center" => "centre".to_string(),
            _ => w.to_string(),
        })
        .collect();
    out.push(british.join(" "));
    if canonical.contains("adviser") {
        out.push(canonical.replace("adviser", "advisor"));
    }
    if !COMPOUNDS.iter().any(|(_, sp)| canonical.contains(sp)) {
        out.sort();
        out.dedup();
        return out;
    }
    let base = out.clone();
    for v in base {
        let mut h = v.clone();
        for (hy, sp) in COMPOUNDS {
            h = h.replace(sp, hy);
        }
        out.push(h);
    }
    out.sort();
    out.dedup();
    out
}

/// Expands the abbreviations of the CIA World Leaders list ("Min." →
/// "Minister", "Dep." → "Deputy", "Intl." → "International", ...), drops
/// parenthesized notes ("(Acting)") and a trailing seat (", New York").
pub(crate) fn expand_cia_title(raw: &str) -> String {
    const ABBR: &[(&str, &str)] = &[
        ("Min.", "Minister"),
        ("Mins.", "Ministers"),
        ("Dep.", "Deputy"),
        ("Pres.", "President"),
        ("Sec.", "Secretary"),
        ("Secy.", "Secretary"),
        ("Chmn.", "Chairman"),
        ("Gen.", "General"),
        ("Govt.", "Government"),
        ("Govts.", "Governments"),
        ("Intl.", "International"),
        ("Asst.", "Assistant"),
        ("Natl.", "National"),
        ("Admin.", "Administration"),
        ("Cdr.", "Commander"),
        ("Dept.", "Department"),
        ("Mgmt.", "Management"),
        ("Dev.", "Development"),
        ("Comm.", "Commission"),
        ("Coord.", "Coordination"),
        ("Insp.", "Inspector"),
        ("Lt.", "Lieutenant"),
        ("Maj.", "Major"),
        ("Adm.", "Admiral"),
    ];
    // Parenthesized notes go first.
    let mut s = String::new();
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => s.push(c),
            _ => {}
        }
    }
    let mut words = Vec::new();
    for w in s.split_whitespace() {
        let mut out = w.to_string();
        for (abbr, full) in ABBR {
            if let Some(rest) = w.strip_prefix(abbr) {
                // "Min.'s" → "Minister's", "Min.," → "Minister,"
                if rest.is_empty() || rest.starts_with(['\'', '’', ',', ';']) {
                    out = format!("{full}{rest}");
                    break;
                }
            }
        }
        words.push(out);
    }
    let mut s = words.join(" ");
    for seat in [
        ", New York",
        ", Geneva",
        ", Vienna",
        ", Paris",
        ", Brussels",
        ", Rome",
        ", Nairobi",
    ] {
        if let Some(rest) = s.strip_suffix(seat) {
            s = rest.to_string();
        }
    }
    s.trim().trim_end_matches([',', ';']).trim().to_string()
}

/// Assigns a coarse class to a canonical (lowercase) title.
pub(crate) fn classify(t: &str) -> TitleClass {
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);

    if has("ambassador")
        || has("envoy")
        || has("consul")
        || t.contains("permanent representative")
        || t.contains("high representative")
        || t.contains("charge d'affaires")
        || t.contains("chargé d'affaires")
        || t.contains("high commissioner to")
    {
        return TitleClass::Diplomat;
    }
    if has("speaker")
        || has("senator")
        || has("congressman")
        || has("congresswoman")
        || has("parliament")
        || has("rada")
        || has("duma")
        || has("senate")
        || has("legislature")
        || t.contains("national assembly")
        || t.contains("people's assembly")
        || t.contains("member of parliament")
    {
        return TitleClass::Legislator;
    }
    // A minister's or president's office, or someone attached to one, is
    // not the minister or president.
    let attached = t.contains("'s office") || t.contains("office of") || t.contains(" to the ");
    if !attached
        && (t.starts_with("prime minister")
            || matches!(
                t,
                "premier"
                    | "chancellor"
                    | "federal chancellor"
                    | "head of government"
                    | "taoiseach"
                    | "president of the government"
                    | "chief executive"
            ))
    {
        return TitleClass::HeadOfGovernment;
    }
    if !attached
        && (t.contains("deputy prime minister")
            || t.contains("vice prime minister")
            || t.contains("deputy premier")
            || t.contains("vice premier"))
    {
        return TitleClass::Minister(Ministry::Other);
    }
    if matches!(
        t,
        "president"
            | "king"
            | "queen"
            | "emir"
            | "amir"
            | "sultan"
            | "monarch"
            | "pope"
            | "prince"
            | "grand duke"
            | "head of state"
            | "supreme leader"
            | "governor general"
            | "captain regent"
            | "co prince"
            | "president of the republic"
            | "federal president"
            | "chairman of the presidium"
    ) {
        return TitleClass::HeadOfState;
    }
    let minister = !attached && has("minister")
        || has("ministers")
        || t.contains("secretary of state")
        || t.contains("cabinet secretary")
        || t.starts_with("secretary of ")
        || t.starts_with("secretary for ")
        || matches!(
            t,
            "foreign secretary"
                | "defense secretary"
                | "home secretary"
                | "treasury secretary"
                | "health secretary"
                | "energy secretary"
                | "justice secretary"
                | "chancellor of the exchequer"
        );
    if minister && !t.contains("ministry") {
        let m = if t.contains("foreign")
            || t.contains("external affairs")
            || t.contains("secretary of state") && !t.contains(" for ")
        {
            Ministry::Foreign
        } else if has("defense") || t.contains("armed forces") {
            Ministry::Defense
        } else if has("finance") || has("finances") || has("treasury") || has("exchequer") {
            Ministry::Finance
        } else if t.contains("econom") {
            Ministry::Economy
        } else if has("interior")
            || t.contains("home affairs")
            || t.contains("internal affairs")
            || t == "home secretary"
        {
            Ministry::Interior
        } else if has("energy") {
            Ministry::Energy
        } else if has("health") {
            Ministry::Health
        } else if has("justice") {
            Ministry::Justice
        } else {
            Ministry::Other
        };
        return TitleClass::Minister(m);
    }
    let military_prefix = [
        "general",
        "lieutenant general",
        "major general",
        "brigadier general",
        "admiral",
        "vice admiral",
        "rear admiral",
        "field marshal",
        "marshal",
        "colonel",
    ];
    let org_words = t.contains("secretary") || t.contains("director") || t.contains("assembly");
    if (!org_words
        && military_prefix
            .iter()
            .any(|p| t == *p || t.starts_with(&format!("{p} "))))
        || has("commander")
        || t.contains("commander in chief")
        || t.contains("general staff")
        || t.contains("chief of defense")
        || t.contains("armed forces")
        || has("army")
        || has("navy")
        || t.contains("air force")
    {
        return TitleClass::Military;
    }
    if t.starts_with("president of ")
        || t.contains("secretary general")
        || t.contains("general secretary")
        || t.contains("director general")
        || has("chairman")
        || has("chairwoman")
        || has("chairperson")
        || has("chair")
        || has("commissioner")
        || has("director")
        || t.starts_with("head of ")
        || (t.starts_with("governor of") && (t.contains("bank") || t.contains("monetary")))
    {
        return TitleClass::OrgHead;
    }
    TitleClass::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_title("Defence Secretary"), "defense secretary");
        assert_eq!(
            canonical_title("the Secretary-General"),
            "secretary general"
        );
        assert_eq!(
            canonical_title("National Security Advisor"),
            "national security adviser"
        );
        assert_eq!(title_key("Minister-President"), "minister president");
    }

    #[test]
    fn cia_expansion() {
        assert_eq!(
            expand_cia_title("Min. of Foreign Affairs"),
            "Minister of Foreign Affairs"
        );
        assert_eq!(
            expand_cia_title("Chmn. of National Bank (Acting)"),
            "Chairman of National Bank"
        );
        assert_eq!(
            expand_cia_title("Permanent Representative to the UN, New York"),
            "Permanent Representative to the UN"
        );
        assert_eq!(
            expand_cia_title("Minister in the Prime Min.'s Office"),
            "Minister in the Prime Minister's Office"
        );
    }

    #[test]
    fn classes() {
        assert_eq!(classify("president"), TitleClass::HeadOfState);
        assert_eq!(classify("prime minister"), TitleClass::HeadOfGovernment);
        assert_eq!(
            classify("deputy prime minister"),
            TitleClass::Minister(Ministry::Other)
        );
        assert_eq!(
            classify("minister of foreign affairs"),
            TitleClass::Minister(Ministry::Foreign)
        );
        assert_eq!(
            classify("defense secretary"),
            TitleClass::Minister(Ministry::Defense)
        );
        assert_eq!(
            classify("secretary of state"),
            TitleClass::Minister(Ministry::Foreign)
        );
        assert_eq!(classify("ambassador"), TitleClass::Diplomat);
        assert_eq!(classify("secretary general"), TitleClass::OrgHead);
        assert_eq!(classify("attorney general"), TitleClass::Other);
        assert_eq!(classify("general"), TitleClass::Military);
        assert_eq!(classify("speaker"), TitleClass::Legislator);
        assert_eq!(classify("spokesman"), TitleClass::Other);
        assert_eq!(classify("general secretary"), TitleClass::OrgHead);
        assert_eq!(
            classify("crown prince and deputy prime minister"),
            TitleClass::Minister(Ministry::Other)
        );
        assert_eq!(
            classify("chief of staff, prime minister's office"),
            TitleClass::Other
        );
        assert_eq!(
            classify("prime minister and minister of defense"),
            TitleClass::HeadOfGovernment
        );
        assert_eq!(
            classify("governor of the bank of england"),
            TitleClass::OrgHead
        );
        assert_eq!(
            classify("first deputy prime minister"),
            TitleClass::Minister(Ministry::Other)
        );
    }
}
