//! The phrase matcher: finds, in a sequence of tokens, the leftmost-longest
//! non-overlapping matches of every lexicon phrase (country names,
//! capitals, demonyms, metonyms; organizations; titles; currencies;
//! leaders' names).
//!
//! It is a token trie keyed by lowercase tokens. Every phrase is stored in
//! each tokenization a Penn/UD-style tokenizer may give it ("G-7" and
//! "G" "-" "7"; "People's" and "People" "'s"). Proper names, codes and
//! symbols must match exactly (after curly apostrophes become `'`);
//! titles and currency names match case-insensitively.
//!
//! Left out of the matcher (but found by the single lookups): ISO alpha-3
//! codes other than the usual ones ("USA", "UAE"), currency words that are
//! common English ("won", "rand", "real") and one-word leader names. Single
//! title words ("general", "chair", "speaker") are in: check the context.

use crate::util::{lower, normalize_apostrophes, phrase_token_variants, FxHashMap};
use crate::{CountryHit, CurrencyHit, Leader, Lexicon, Org, TitleHit};

/// What a phrase match is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LexHit<'a> {
    Country(CountryHit<'a>),
    Org(&'a Org),
    Title(TitleHit<'a>),
    Currency(CurrencyHit<'a>),
    Leader(&'a Leader),
}

/// A match: token indices `[start, end)` and every lexicon entry the
/// phrase is (one phrase can be several: a leader's name given twice, a
/// word that is both a country name and an organization alias).
#[derive(Debug, Clone, PartialEq)]
pub struct PhraseMatch<'a> {
    pub start: usize,
    pub end: usize,
    pub hits: Vec<LexHit<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HitRef {
    Country(u32),
    Org(u32),
    Title(u32),
    Currency(u32),
    Leader(u32),
}

#[derive(Debug)]
struct Entry {
    /// Exact tokens (apostrophes normalized), checked when case-sensitive.
    tokens: Vec<String>,
    case_sensitive: bool,
    hit: HitRef,
}

/// The compiled trie; built once per [`Lexicon`], on first use.
#[derive(Debug, Default)]
pub(crate) struct GazIndex {
    vocab: FxHashMap<String, u32>,
    edges: FxHashMap<(u32, u32), u32>,
    /// Entries ending at each node (node 0 is the root).
    terminals: Vec<Vec<u32>>,
    entries: Vec<Entry>,
}

impl GazIndex {
    pub(crate) fn build(lex: &Lexicon) -> GazIndex {
        let mut g = GazIndex {
            terminals: vec![Vec::new()],
            ..Default::default()
        };
        for (i, f) in lex.country_forms.iter().enumerate() {
            g.add_phrase(&f.surface, true, HitRef::Country(i as u32));
        }
        for (i, o) in lex.orgs.iter().enumerate() {
            for a in &o.aliases {
                g.add_phrase(a, true, HitRef::Org(i as u32));
            }
        }
        for (i, t) in lex.titles.iter().enumerate() {
            if t.gazetteer {
                for v in crate::title::title_surface_variants(&t.canonical) {
                    g.add_phrase(&v, false, HitRef::Title(i as u32));
                }
            }
        }
        for (i, c) in lex.currency_forms.iter().enumerate() {
            if c.gazetteer {
                g.add_phrase(&c.surface, !c.case_insensitive, HitRef::Currency(i as u32));
            }
        }
        for (i, l) in lex.leaders.iter().enumerate() {
            // One-word names ("Francis", "Evans", "Henri") are too ambiguous
            // to match in running text; `Lexicon::leader` still finds them.
            if !l.name.contains(' ') {
                continue;
            }
            g.add_phrase(&l.name, true, HitRef::Leader(i as u32));
            let folded = crate::util::fold_accents(&l.name);
            if folded != l.name {
                g.add_phrase(&folded, true, HitRef::Leader(i as u32));
            }
        }
        g
    }

    fn add_phrase(&mut self, phrase: &str, case_sensitive: bool, hit: HitRef) {
        for tokens in phrase_token_variants(phrase) {
            let mut node = 0u32;
            for t in &tokens {
                let key = lower(t);
                let tid = match self.vocab.get(key.as_ref()) {
                    Some(&id) => id,
                    None => {
                        let id = self.vocab.len() as u32;
                        self.vocab.insert(key.into_owned(), id);
                        id
                    }
                };
                let next_node = self.terminals.len() as u32;
                node = *self.edges.entry((node, tid)).or_insert_with(|| next_node);
                if node == next_node {
                    self.terminals.push(Vec::new());
                }
            }
            let term = &self.terminals[node as usize];
            if term.iter().any(|&e| {
                let e = &self.entries[e as usize];
                e.hit == hit && e.case_sensitive == case_sensitive && e.tokens == tokens
            }) {
                continue;
            }
            let eid = self.entries.len() as u32;
            self.entries.push(Entry {
                tokens,
                case_sensitive,
                hit,
            });
            self.terminals[node as usize].push(eid);
        }
    }

    /// Number of distinct phrase entries (all tokenization variants).
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// The phrase matcher over a [`Lexicon`]; see [`Lexicon::gazetteer`].
#[derive(Debug, Clone, Copy)]
pub struct Gazetteer<'a> {
    pub(crate) lex: &'a Lexicon,
    pub(crate) idx: &'a GazIndex,
}

impl<'a> Gazetteer<'a> {
    /// All leftmost-longest, non-overlapping matches in `tokens`, in order.
    pub fn find(&self, tokens: &[&str]) -> Vec<PhraseMatch<'a>> {
        let ids: Vec<Option<u32>> = tokens.iter().map(|t| self.token_id(t)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, &ids, i) {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The longest match starting exactly at token `start`, if any.
    pub fn match_at(&self, tokens: &[&str], start: usize) -> Option<PhraseMatch<'a>> {
        let ids: Vec<Option<u32>> = tokens
            .iter()
            .skip(start)
            .take(16)
            .map(|t| self.token_id(t))
            .collect();
        let mut m = self.longest_at(&tokens[start.min(tokens.len())..], &ids, 0)?;
        m.start += start;
        m.end += start;
        Some(m)
    }

    /// Number of phrase entries (each tokenization variant counted).
    pub fn len(&self) -> usize {
        self.idx.len()
    }

    /// True when the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.idx.len() == 0
    }

    fn token_id(&self, t: &str) -> Option<u32> {
        let t = normalize_apostrophes(t);
        self.idx.vocab.get(lower(&t).as_ref()).copied()
    }

    fn longest_at(
        &self,
        tokens: &[&str],
        ids: &[Option<u32>],
        i: usize,
    ) -> Option<PhraseMatch<'a>> {
        let mut node = 0u32;
        let mut best: Option<(usize, Vec<LexHit<'a>>)> = None;
        let mut j = i;
        while j < ids.len() {
            let Some(tid) = ids[j] else { break };
            let Some(&next) = self.idx.edges.get(&(node, tid)) else {
                break;
            };
            node = next;
            j += 1;
            let mut hits: Vec<LexHit<'a>> = Vec::new();
            let mut seen: Vec<HitRef> = Vec::new();
            for &eid in &self.idx.terminals[node as usize] {
                let e = &self.idx.entries[eid as usize];
                if seen.contains(&e.hit) {
                    continue;
                }
                if e.case_sensitive
                    && !e
                        .tokens
                        .iter()
                        .zip(&tokens[i..j])
                        .all(|(a, b)| normalize_apostrophes(b) == a.as_str())
                {
                    continue;
                }
                if let Some(h) = self.lex.resolve(e.hit) {
                    seen.push(e.hit);
                    hits.push(h);
                }
            }
            if !hits.is_empty() {
                best = Some((j, hits));
            }
        }
        best.map(|(end, hits)| PhraseMatch {
            start: i,
            end,
            hits,
        })
    }
}
