//! The predicate lexicon: what each event word means once it fires — its
//! event type, PLOVER type and mode, CAMEO code, and how its arguments map
//! onto the record's source and target. Kept as data in
//! `data/predicates.tsv` (see the header there), embedded in the binary.
//!
//! When a trigger's lemma and part of speech have a row of the event's
//! type, the event takes that row's codes ("hosted" → CAMEO 043) and
//! role mapping ("Putin hosted the leaders": the leaders are the source,
//! the host the target, as for "received" and "welcomed"); otherwise the
//! type's defaults apply.

use std::sync::OnceLock;

use chronicle_records::EventType;

static TABLE: &str = include_str!("../data/predicates.tsv");

/// Where a grammatical argument goes in the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Source,
    Target,
}

/// One row of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicate {
    pub lemma: String,
    /// `true` for a verb, `false` for a noun.
    pub verb: bool,
    pub kind: EventType,
    pub plover_type: String,
    pub plover_mode: Option<String>,
    pub cameo: String,
    /// Argument slot ("subj", "obj", "with", "to", ...) → role.
    pub roles: Vec<(String, Role)>,
}

impl Predicate {
    /// The role of the argument in `slot`: the row's, else subject →
    /// source and object → target.
    pub fn role(&self, slot: &str) -> Option<Role> {
        self.roles
            .iter()
            .find(|(s, _)| s == slot)
            .map(|(_, r)| *r)
            .or(match slot {
                "subj" => Some(Role::Source),
                "obj" => Some(Role::Target),
                _ => None,
            })
    }

    /// Whether the grammatical subject is the record's target ("X hosted
    /// Y": Y came to X).
    pub fn subject_is_target(&self) -> bool {
        self.role("subj") == Some(Role::Target)
    }
}

/// Parses the table; an error names the line.
pub fn parse(text: &str) -> Result<Vec<Predicate>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |msg: &str| format!("predicates.tsv:{}: {msg}", n + 1);
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 6 {
            return Err(at("six tab-separated columns expected"));
        }
        let verb = match cols[1] {
            "VERB" => true,
            "NOUN" => false,
            _ => return Err(at("part of speech must be VERB or NOUN")),
        };
        let kind = EventType::parse(cols[2]).ok_or_else(|| at("unknown event type"))?;
        let (pt, pm) = cols[3]
            .split_once('/')
            .ok_or_else(|| at("PLOVER must be TYPE/mode"))?;
        if cols[4].is_empty() || !cols[4].bytes().all(|b| b.is_ascii_digit()) {
            return Err(at("CAMEO code must be digits"));
        }
        let mut roles = Vec::new();
        for r in cols[5].split_whitespace() {
            let (slot, role) = r.split_once('=').ok_or_else(|| at("roles are slot=role"))?;
            let role = match role {
                "source" => Role::Source,
                "target" => Role::Target,
                _ => return Err(at("a role is source or target")),
            };
            roles.push((slot.to_string(), role));
        }
        out.push(Predicate {
            lemma: cols[0].to_string(),
            verb,
            kind,
            plover_type: pt.to_string(),
            plover_mode: (pm != "-").then(|| pm.to_string()),
            cameo: cols[4].to_string(),
            roles,
        });
    }
    Ok(out)
}

/// The embedded lexicon.
pub fn all() -> &'static [Predicate] {
    static P: OnceLock<Vec<Predicate>> = OnceLock::new();
    P.get_or_init(|| parse(TABLE).expect("the embedded predicate table is valid (tested)"))
}

/// The row for a lemma used as a verb or a noun, for an event of `kind`.
pub fn lookup(lemma: &str, verb: bool, kind: EventType) -> Option<&'static Predicate> {
    all()
        .iter()
        .find(|p| p.lemma == lemma && p.verb == verb && p.kind == kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_parses_and_covers_every_type() {
        let all = all();
        assert!(all.len() > 50);
        for t in EventType::ALL {
            assert!(all.iter().any(|p| p.kind == t), "{t:?} has no predicate");
        }
        let host = lookup("host", true, EventType::MEET).unwrap();
        assert!(host.subject_is_target());
        assert_eq!(host.cameo, "043");
        let visit = lookup("visit", false, EventType::VISIT).unwrap();
        assert_eq!(visit.role("to"), Some(Role::Target));
        assert_eq!(visit.plover_mode.as_deref(), Some("visit"));
        assert!(!lookup("meet", true, EventType::MEET)
            .unwrap()
            .subject_is_target());
        assert!(lookup("meet", true, EventType::VISIT).is_none());
        // Lemmas are unique per part of speech and type.
        let mut keys: Vec<_> = all
            .iter()
            .map(|p| (&p.lemma, p.verb, p.kind.as_str()))
            .collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn bad_rows_are_errors_naming_the_line() {
        for bad in [
            "visit\tVERB\tVISIT\tCONSULT/visit\t042",
            "visit\tADJ\tVISIT\tCONSULT/visit\t042\t",
            "visit\tVERB\tTRAVEL\tCONSULT/visit\t042\t",
            "visit\tVERB\tVISIT\tCONSULT\t042\t",
            "visit\tVERB\tVISIT\tCONSULT/visit\tx42\t",
            "visit\tVERB\tVISIT\tCONSULT/visit\t042\tsubj=host",
        ] {
            let e = parse(&format!("# header\n{bad}\n")).unwrap_err();
            assert!(e.starts_with("predicates.tsv:2:"), "{e}");
        }
    }
}
