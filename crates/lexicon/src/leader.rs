//! Leaders: heads of state and government (Wikidata, 2021 onwards) and the
//! officials of the CIA World Leaders list (early 2019), with country and
//! position.

/// Where a [`Leader`] record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeaderSource {
    /// every-politician-scrapers/world-leaders-2021 (Wikidata, CC0):
    /// heads of state and government with start/end years.
    Wikidata,
    /// CIA World Leaders, early 2019 (public domain): a secondary list of
    /// officials with their title, without dates.
    Cia2019,
}

impl LeaderSource {
    /// The name used in the compiled files.
    pub fn as_str(self) -> &'static str {
        match self {
            LeaderSource::Wikidata => "wikidata",
            LeaderSource::Cia2019 => "cia2019",
        }
    }

    /// Parses [`LeaderSource::as_str`] output.
    pub fn parse(s: &str) -> Option<LeaderSource> {
        match s {
            "wikidata" => Some(LeaderSource::Wikidata),
            "cia2019" => Some(LeaderSource::Cia2019),
            _ => None,
        }
    }
}

/// A person holding (or having held) a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leader {
    /// Full name as written in the source ("Volodymyr Zelenskyy"; CIA
    /// capitalized surnames are title-cased: "Volodymyr Zelenskiy").
    pub name: String,
    /// ISO 3166-1 alpha-3 of the country.
    pub country: String,
    /// The position ("President of Ukraine", "Minister of Foreign Affairs").
    pub position: String,
    /// First year in office, when known (Wikidata only).
    pub start: Option<i32>,
    /// Last year in office; `None` when still in office at the source's date
    /// or unknown.
    pub end: Option<i32>,
    /// The source list.
    pub source: LeaderSource,
}

/// The key names are indexed by: accents folded, lowercase, apostrophes
/// normalized, whitespace collapsed.
pub(crate) fn name_key(name: &str) -> String {
    let s = crate::util::normalize_apostrophes(name);
    let s = crate::util::fold_accents(&s);
    crate::util::collapse_ws(&s.to_lowercase())
}

/// "Volodymyr ZELENSKIY" → "Volodymyr Zelenskiy": every all-capitals word
/// of two or more letters is title-cased, each hyphen- or
/// apostrophe-separated part on its own ("AL-THANI" → "Al-Thani").
pub(crate) fn title_case_caps(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
                let mut out = String::new();
                let mut start = true;
                for c in w.chars() {
                    if c.is_alphabetic() {
                        if start {
                            out.push(c);
                        } else {
                            out.extend(c.to_lowercase());
                        }
                        start = false;
                    } else {
                        out.push(c);
                        start = true;
                    }
                }
                out
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps() {
        assert_eq!(
            title_case_caps("Volodymyr ZELENSKIY"),
            "Volodymyr Zelenskiy"
        );
        assert_eq!(
            title_case_caps("TAMIM bin Hamad AL-THANI"),
            "Tamim bin Hamad Al-Thani"
        );
        assert_eq!(title_case_caps("Simon O'NEILL"), "Simon O'Neill");
        assert_eq!(name_key("Sébastien  Lecornu"), "sebastien lecornu");
    }
}
