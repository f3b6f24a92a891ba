//! chronicle-tagger: its one job is to give each word of a sentence its
//! part of speech (Penn XPOS and UD UPOS) and its lemma.
//!
//! The tagger is a greedy left-to-right averaged perceptron (Honnibal's
//! "good POS tagger in about 200 lines", as in spaCy v1) over hashed
//! features: the word, its lowercase, prefixes and suffixes of 1–4
//! characters, shape and flags, the two previous predicted tags, the words
//! two either side and their ambiguity classes, Brown cluster path prefixes
//! of the word and its neighbors ([`clusters`], the NER's table), and a
//! headline flag; frequent unambiguous words skip the model through a tag
//! dictionary. Its labels are XPOS/UPOS pairs, so UPOS is predicted
//! jointly. The lemmatizer ([`Lemmatizer`]) is an exception table plus suffix
//! rules per XPOS, both learned from the UD lemmas.
//!
//! Both models are trained on UD English EWT + GUM (`chronicle train pos`)
//! and embedded in the binary ([`Tagger::get`]); [`Tagger::from_paths`] and
//! [`Tagger::from_bytes`] load other files and report a corrupt or truncated
//! file as an error naming it.

pub mod clusters;
use chronicle_modelio as codec;
pub mod eval;
pub mod features;
pub mod lemma;
mod model;
pub mod tags;
pub mod train;

use std::borrow::Cow;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result};

pub use lemma::Lemmatizer;
use model::PosModel;

/// File name of the POS model under `models/`.
pub const POS_FILE: &str = "pos.bin.gz";
/// File name of the lemma model under `models/`.
pub const LEMMA_FILE: &str = "lemma.bin.gz";

static EMBEDDED_POS: &[u8] = include_bytes!("../models/pos.bin.gz");
static EMBEDDED_LEMMA: &[u8] = include_bytes!("../models/lemma.bin.gz");

/// The part of speech of one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Tag {
    /// Penn Treebank tag (`NN`, `VBD`, `-LRB-`, ...); one of [`tags::XPOS_TAGS`].
    pub xpos: &'static str,
    /// Universal tag (`NOUN`, `VERB`, ...); one of [`tags::UPOS_TAGS`].
    pub upos: &'static str,
}

/// A POS tagger and lemmatizer.
pub struct Tagger {
    pos: PosModel,
    lemma: Lemmatizer,
}

impl Tagger {
    /// The embedded models, loaded on first use.
    pub fn get() -> &'static Tagger {
        static T: OnceLock<Tagger> = OnceLock::new();
        T.get_or_init(|| {
            Tagger::from_bytes(EMBEDDED_POS, POS_FILE, EMBEDDED_LEMMA, LEMMA_FILE)
                .expect("embedded tagger models are valid (checked by tests)")
        })
    }

    /// Loads `pos.bin.gz` and `lemma.bin.gz` style files.
    pub fn from_paths(pos: &Path, lemma: &Path) -> Result<Tagger> {
        let p = std::fs::read(pos).with_context(|| format!("cannot read {}", pos.display()))?;
        let l = std::fs::read(lemma).with_context(|| format!("cannot read {}", lemma.display()))?;
        Tagger::from_bytes(
            &p,
            &pos.display().to_string(),
            &l,
            &lemma.display().to_string(),
        )
    }

    /// Loads models held in memory; the names label errors.
    pub fn from_bytes(
        pos: &[u8],
        pos_name: &str,
        lemma: &[u8],
        lemma_name: &str,
    ) -> Result<Tagger> {
        let raw = codec::gunzip(pos)
            .and_then(|d| PosModel::from_bytes(&d))
            .with_context(|| format!("{pos_name}: corrupt POS model"))?;
        let lemma = codec::gunzip(lemma)
            .and_then(|d| Lemmatizer::parse(&d))
            .with_context(|| format!("{lemma_name}: corrupt lemma model"))?;
        let clusters = clusters::Clusters::embedded()?;
        let pos = PosModel::from_raw(&raw, clusters)
            .with_context(|| format!("{pos_name}: cannot use the POS model"))?;
        Ok(Tagger { pos, lemma })
    }

    pub(crate) fn from_parts(pos: PosModel, lemma: Lemmatizer) -> Tagger {
        Tagger { pos, lemma }
    }

    /// The tags of one sentence's tokens (any length, including empty).
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<Tag> {
        let mut out = Vec::with_capacity(words.len());
        self.pos
            .tag_with(words, |l| out.push(self.pos.labels[l as usize]));
        out
    }

    /// The lemma of `word` read as `xpos`.
    pub fn lemmatize<'a>(&'a self, word: &'a str, xpos: &str) -> Cow<'a, str> {
        self.lemma.lemmatize(word, xpos)
    }

    /// The lemmatizer alone.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemma
    }

    /// Number of weighted features in the POS model.
    pub fn n_features(&self) -> usize {
        self.pos.n_features()
    }
}

#[cfg(test)]
mod tests;
