//! chronicle-ner: its one job is to find the names in a tokenized sentence
//! and say what each names — a person (PER), an organization (ORG), a
//! location (LOC) or something else (MISC) — as CoNLL-2003 defines them.
//!
//! The model is an averaged structured perceptron (Collins 2002) decoding
//! BILOU tags with a constrained Viterbi search. Its features are the
//! words, shapes and affixes in a ±2 window, Brown-cluster path prefixes
//! (clusters induced by [`brown`] from public-domain White House texts,
//! news articles and the CoNLL training words), gazetteer marks from
//! `chronicle-lexicon` (countries, capitals, demonyms, organizations,
//! titles, leaders) and document-level case evidence (see [`features`]).
//! A second stage re-tags each document with the first stage's decisions
//! about the other occurrences of each capitalized word as extra features
//! (Ratinov and Roth's \"extended prediction history\", trained on
//! jackknifed first-stage output). It is trained on CoNLL-2003 `eng.train` with [`train()`] and scored with
//! [`evaluate()`].
//!
//! The trained model is embedded in the binary; [`Ner::get`] loads it on
//! first use. [`Ner::from_path`] / [`Ner::from_bytes`] load another model
//! file and report a corrupt or truncated one as an error naming it.
//! [`map::to_chronicle`] maps a mention onto chronicle's labels (GPE, NORP,
//! ...).

pub mod brown;
pub mod conll;
pub mod eval;
pub mod features;
pub mod map;
mod model;
pub mod tags;
pub mod train;

use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use chronicle_lexicon::Lexicon;

pub use brown::{induce_clusters, ClusterOptions, ClusterReport};
pub use eval::{evaluate, NerReport};
pub use features::Clusters;
pub use map::{to_chronicle, Mapped};
pub use tags::{Entity, EntityType};
pub use train::{train, TrainOptions, TrainReport, CLUSTERS_FILE, MODEL_FILE};

use features::{extract, nonlocal, DocInfo};
use model::Model;

static EMBEDDED: &[u8] = include_bytes!("../models/ner.bin.gz");

/// A named-entity recognizer.
#[derive(Debug, Clone)]
pub struct Ner {
    pub(crate) model: Model,
}

impl Ner {
    /// The embedded model, loaded on first use.
    pub fn get() -> &'static Ner {
        static NER: OnceLock<Ner> = OnceLock::new();
        NER.get_or_init(|| {
            Ner::from_bytes(EMBEDDED, MODEL_FILE)
                .expect("embedded NER model is valid (checked by tests)")
        })
    }

    /// Loads a model file written by [`train()`].
    pub fn from_path(path: &Path) -> Result<Ner> {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        Ner::from_bytes(&bytes, &path.display().to_string())
    }

    /// Loads a model held in memory; `name` labels errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Ner> {
        Ok(Ner {
            model: Model::from_bytes(bytes, name)?,
        })
    }

    /// The model file's bytes (what [`Ner::from_bytes`] reads).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// The word clusters the model uses.
    pub fn clusters(&self) -> &Clusters {
        &self.model.clusters
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.model.num_features()
    }

    /// Entities of one tokenized sentence (Penn-style tokens work best),
    /// in order, non-overlapping; token indices `[start, end)`.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Entity> {
        self.tag_document(&[tokens]).pop().unwrap_or_default()
    }

    /// Entities of each sentence of one document. Tagging a whole document
    /// at once lets a word's case elsewhere in it inform the decision
    /// (sentence-initial and all-caps words).
    pub fn tag_document(&self, sentences: &[&[&str]]) -> Vec<Vec<Entity>> {
        let lex = Lexicon::get();
        let info = DocInfo::new(sentences);
        let feats: Vec<_> = sentences
            .iter()
            .enumerate()
            .map(|(k, s)| extract(s, &self.model.clusters, lex, &info, k))
            .collect();
        let mut em2 = Vec::with_capacity(feats.len());
        let mut stage1 = Vec::with_capacity(feats.len());
        for f in &feats {
            let (e1, e2) = self.model.emissions_both(f);
            stage1.push(model::viterbi(&e1, &self.model.stage1.trans));
            em2.push(e2);
        }
        let tags = match &self.model.stage2 {
            None => stage1,
            Some(w2) => {
                let nl = nonlocal(sentences, &stage1);
                em2.iter_mut()
                    .zip(&nl)
                    .map(|(e2, f)| {
                        for (a, b) in e2.iter_mut().zip(w2.emissions(f)) {
                            for (x, y) in a.iter_mut().zip(b) {
                                *x += y;
                            }
                        }
                        model::viterbi(e2, &w2.trans)
                    })
                    .collect()
            }
        };
        tags.iter().map(|t| tags::bilou_to_spans(t)).collect()
    }
}
