//! chronicle-parser: its one job is to find the syntactic head and the
//! Universal Dependencies relation of every word of a sentence.
//!
//! The parser is a greedy transition-based parser: the arc-hybrid system
//! ([`system`]) trained with Goldberg and Nivre's dynamic oracle and
//! exploration, scored by an averaged perceptron over hashed Zhang–Nivre
//! style features ([`features`]: words, Penn tags and Brown clusters of the
//! stack, buffer and children, distance, valency, child label sets). The
//! labels are the full UD relations of English (`nmod:poss`, `obl:tmod`,
//! `aux:pass`, ...), predicted jointly with the transition. Non-projective
//! training trees are made projective by lifting; output trees are
//! projective, have exactly one root, and take `2n` transitions (linear in
//! the sentence length).
//!
//! The model is trained on UD English EWT + GUM (`chronicle train parse`,
//! [`train`]) and embedded in the binary ([`Parser::get`]);
//! [`Parser::from_path`] and [`Parser::from_bytes`] load other files and
//! report a corrupt or truncated file as an error naming it. [`eval`]
//! scores it with gold or predicted tags and from raw text.

mod clusters;
pub mod eval;
mod features;
mod model;
pub mod system;
pub mod train;

use std::cell::RefCell;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use anyhow::{bail, Context, Result};
use chronicle_modelio::{gunzip, FastMap};

use features::Tok;
use model::{RawModel, Weights};
use system::{Class, Move, State};

/// File name of the parse model under `models/`.
pub const PARSE_FILE: &str = "parse.bin.gz";

static EMBEDDED: &[u8] = include_bytes!("../models/parse.bin.gz");

/// The head and relation of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arc {
    /// The head word, 1-based; 0 for the root of the sentence.
    pub head: usize,
    /// The UD relation (`nsubj`, `nmod:poss`, `root`, ...).
    pub rel: &'static str,
}

/// A dependency parser.
pub struct Parser {
    labels: Vec<&'static str>,
    root: u16,
    tags: FastMap<Box<str>, u8>,
    weights: Weights,
    clusters: &'static clusters::Clusters,
}

/// Label strings live as long as the program; each distinct one is
/// allocated once however many models are loaded.
fn intern(s: &str) -> &'static str {
    static SEEN: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&x) = seen.iter().find(|&&x| x == s) {
        return x;
    }
    let x: &'static str = Box::leak(s.to_string().into_boxed_str());
    seen.push(x);
    x
}

/// Buffers reused across sentences.
#[derive(Default)]
pub(crate) struct Scratch {
    pub toks: Vec<Tok>,
    pub st: State,
    pub feats: Vec<u32>,
    pub scores: Vec<i32>,
    pub buf: String,
    pub tag_ids: Vec<u8>,
    pub found: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Parser {
    /// The embedded model, loaded on first use.
    pub fn get() -> &'static Parser {
        static P: OnceLock<Parser> = OnceLock::new();
        P.get_or_init(|| {
            Parser::from_bytes(EMBEDDED, "crates/parser/models/parse.bin.gz")
                .expect("the embedded parse model is valid (checked by tests)")
        })
    }

    /// Loads a `parse.bin.gz` file.
    pub fn from_path(path: &Path) -> Result<Parser> {
        let b = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Parser::from_bytes(&b, &path.display().to_string())
    }

    /// Loads a model held in memory; `name` labels errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Parser> {
        let raw = gunzip(bytes)
            .and_then(|d| RawModel::from_bytes(&d))
            .with_context(|| format!("{name}: corrupt parse model"))?;
        Parser::from_raw(&raw).with_context(|| format!("{name}: cannot use the parse model"))
    }

    pub(crate) fn from_raw(raw: &RawModel) -> Result<Parser> {
        let clusters = clusters::Clusters::embedded()?;
        if raw.clusters != clusters.fingerprint {
            bail!(
                "the model was trained with another cluster table \
                 (crates/ner/models/clusters.tsv.gz changed): run `chronicle train parse` again"
            );
        }
        let labels: Vec<&'static str> = raw.labels.iter().map(|l| intern(l)).collect();
        let root = labels
            .iter()
            .position(|&l| l == "root")
            .context("no root label")? as u16;
        let tags = raw
            .tags
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str().into(), i as u8))
            .collect();
        Ok(Parser {
            labels,
            root,
            tags,
            weights: Weights::new(raw)?,
            clusters,
        })
    }

    /// The relations the model predicts.
    pub fn labels(&self) -> &[&'static str] {
        &self.labels
    }

    /// Number of weighted features in the model.
    pub fn n_features(&self) -> usize {
        self.weights.n_features
    }

    fn tag_id(&self, tag: &str) -> u8 {
        self.tags
            .get(tag)
            .copied()
            .unwrap_or(self.tags.len().min(250) as u8)
    }

    /// Parses one sentence given its words and their Penn tags (XPOS, as
    /// the tagger gives them); any length, including empty. Missing tags
    /// count as unknown.
    pub fn parse<S: AsRef<str>, T: AsRef<str>>(&self, words: &[S], tags: &[T]) -> Vec<Arc> {
        SCRATCH.with(|s| {
            let mut guard = s.try_borrow_mut();
            let mut fresh;
            let scr: &mut Scratch = match guard.as_deref_mut() {
                Ok(s) => s,
                Err(_) => {
                    fresh = Scratch::default();
                    &mut fresh
                }
            };
            scr.tag_ids.clear();
            for i in 0..words.len() {
                let id = tags
                    .get(i)
                    .map_or(self.tags.len() as u8, |t| self.tag_id(t.as_ref()));
                scr.tag_ids.push(id);
            }
            let ids = std::mem::take(&mut scr.tag_ids);
            features::tokens(
                words,
                ids.iter().copied(),
                self.clusters,
                &mut scr.toks,
                &mut scr.buf,
            );
            scr.tag_ids = ids;
            self.run(scr);
            (1..=words.len())
                .map(|i| Arc {
                    head: scr.st.head[i] as usize,
                    rel: self.labels[scr.st.label[i] as usize],
                })
                .collect()
        })
    }

    /// Runs the parser over `scr.toks` (root, words, stand-in), leaving the
    /// tree in `scr.st`.
    pub(crate) fn run(&self, scr: &mut Scratch) {
        let n = scr.toks.len() - 2;
        scr.st.reset(n);
        scr.scores.resize(self.weights.n_scores(), 0);
        let nl = self.labels.len() as u16;
        while !scr.st.is_final() {
            // Forced moves need no scores: only the root on the stack, or
            // the last word to attach to the root.
            if scr.st.stack.len() == 1 {
                scr.st.apply(Move::Shift);
                continue;
            }
            if scr.st.buffer_empty() && scr.st.stack.len() == 2 {
                scr.st.apply(Move::Right(self.root));
                continue;
            }
            features::extract(&scr.st, &scr.toks, &mut scr.feats);
            self.weights
                .score(&scr.feats, &mut scr.scores, &mut scr.found);
            let c = best_valid(&scr.st, &scr.scores, nl, self.root, |_| true);
            scr.st.apply(system::decode(c, nl));
        }
    }
}

/// The highest-scoring valid class among those `keep` accepts (the first
/// on ties); SHIFT when `keep` accepts no valid class.
#[inline]
pub(crate) fn best_valid<N: PartialOrd + Copy>(
    st: &State,
    scores: &[N],
    nl: u16,
    root: u16,
    keep: impl Fn(Class) -> bool,
) -> Class {
    let mut best: Option<(Class, N)> = None;
    let mut consider = |c: Class| {
        if keep(c) && best.is_none_or(|(_, s)| scores[c as usize] > s) {
            best = Some((c, scores[c as usize]));
        }
    };
    if st.can_shift() {
        consider(system::SHIFT);
    }
    if st.can_left() {
        for l in (0..nl).filter(|&l| l != root) {
            consider(system::encode(Move::Left(l), nl));
        }
    }
    match st.can_right() {
        Some(true) => consider(system::encode(Move::Right(root), nl)),
        Some(false) => {
            for l in (0..nl).filter(|&l| l != root) {
                consider(system::encode(Move::Right(l), nl));
            }
        }
        None => {}
    }
    best.map_or(system::SHIFT, |(c, _)| c)
}

#[cfg(test)]
mod tests;
