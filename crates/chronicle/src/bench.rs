//! `chronicle bench`: throughput of the pipeline's layers on one thread,
//! measured the way `shared/bench/spacy_baseline.py speed` measures spaCy
//! (models loaded before timing, best of several passes, one JSON line).

use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use chronicle_nlp::{ner::StatisticalNer, parser::DependencyParser, tagger::PosTagger, Component};
use chronicle_text::Doc;
use clap::ValueEnum;

/// Which layers to run.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum Layers {
    /// Tokenizer and sentence splitter.
    Tok,
    /// ... plus the part-of-speech tagger and lemmatizer.
    Tag,
    /// ... plus the statistical named-entity recognizer (no tagger).
    Ner,
    /// Tagger, lemmatizer and statistical named-entity recognizer.
    #[value(name = "tag+ner")]
    TagNer,
    /// The whole extractor: entity rules and model, roles, times, money,
    /// quotes and events.
    Extract,
    /// Tokenizer, sentence splitter, tagger and dependency parser (as
    /// spaCy's `parse` layer: tagger and parser, no lemmatizer).
    Parse,
}

impl Layers {
    fn name(self) -> &'static str {
        match self {
            Layers::Tok => "tok",
            Layers::Tag => "tag",
            Layers::Ner => "ner",
            Layers::TagNer => "tag+ner",
            Layers::Extract => "extract",
            Layers::Parse => "parse",
        }
    }
}

/// Reads texts from a JSON-lines file (field `text`), a folder of `.txt`
/// files, or one text file.
pub fn read_texts(path: &Path, limit: usize) -> Result<Vec<String>> {
    let mut texts = Vec::new();
    if path.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(path)
            .with_context(|| format!("{}: cannot list", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        for p in names {
            texts.push(
                std::fs::read_to_string(&p)
                    .with_context(|| format!("{}: cannot read", p.display()))?,
            );
        }
    } else if path.extension().is_some_and(|x| x == "jsonl") {
        let raw = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        for (n, line) in raw
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not JSON", path.display(), n + 1))?;
            let Some(t) = v.get("text").and_then(|t| t.as_str()) else {
                bail!("{}:{}: no \"text\" field", path.display(), n + 1);
            };
            texts.push(t.to_string());
            if limit > 0 && texts.len() >= limit {
                break;
            }
        }
    } else {
        texts.push(
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read", path.display()))?,
        );
    }
    if limit > 0 {
        texts.truncate(limit);
    }
    if texts.is_empty() {
        bail!("{}: no texts", path.display());
    }
    Ok(texts)
}

/// Runs `layers` over `texts` `repeat` times and returns the JSON line.
pub fn run(texts: &[String], layers: Layers, repeat: usize) -> serde_json::Value {
    // Load every model before timing, as the baseline does.
    // spaCy's `parse` layer has no lemmatizer: neither does ours.
    let tagger = match layers {
        Layers::Tag | Layers::TagNer => Some(PosTagger::new()),
        Layers::Parse => Some(PosTagger::without_lemmas()),
        _ => None,
    };
    let parser = (layers == Layers::Parse).then(DependencyParser::new);
    let recognizer = matches!(layers, Layers::Ner | Layers::TagNer).then(StatisticalNer::new);
    let extractor = (layers == Layers::Extract).then(chronicle_extract::Extractor::new);
    let meta = chronicle_extract::Meta::default();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    // Words are the tokenizer's tokens, sentences the splitter's, counted outside the timing.
    let (mut words, mut sentences) = (0, 0);
    for t in texts {
        let d = Doc::new(t.as_str());
        words += d.tokens.len();
        sentences += d.sentences.len();
    }
    let mut best = f64::INFINITY;
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        for t in texts {
            if let Some(ex) = &extractor {
                std::hint::black_box(ex.extract(t, &meta));
                continue;
            }
            let mut doc = Doc::new(t.as_str());
            if let Some(c) = &tagger {
                c.process(&mut doc);
            }
            if let Some(c) = &recognizer {
                c.process(&mut doc);
            }
            if let Some(c) = &parser {
                c.process(&mut doc);
            }
            std::hint::black_box(&doc);
        }
        best = best.min(t0.elapsed().as_secs_f64());
    }
    serde_json::json!({
        "tool": "chronicle",
        "version": env!("CARGO_PKG_VERSION"),
        "layers": layers.name(),
        "docs": texts.len(),
        "chars": chars,
        "words": words,
        "sentences": sentences,
        "seconds": (best * 1000.0).round() / 1000.0,
        "words_per_s": (words as f64 / best).round(),
        "sentences_per_s": (sentences as f64 / best).round(),
        "docs_per_s": ((texts.len() as f64 / best) * 10.0).round() / 10.0,
        "threads": 1,
    })
}
