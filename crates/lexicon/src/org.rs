//! International organizations: the [`Org`] record (short name, full name,
//! aliases); membership lists are kept beside it in the lexicon.

/// An international organization or body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    /// The usual short name ("NATO", "EU", "UN", "G7", "World Bank").
    pub short: String,
    /// The full English name ("North Atlantic Treaty Organization").
    pub name: String,
    /// Every surface that names it, case-sensitive, `short` and `name` included.
    pub aliases: Vec<String>,
}
