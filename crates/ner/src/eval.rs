//! Entity-level scoring as conlleval does it: a predicted entity counts
//! only when its span and type both match a gold entity exactly.

use std::fmt;
use std::path::Path;

use anyhow::Result;

use crate::conll::{read_conll, Document};
use crate::tags::{Entity, EntityType};
use crate::Ner;

/// Counts of one entity type (or of all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// Precision in percent.
    pub fn precision(&self) -> f64 {
        pct(self.tp, self.tp + self.fp)
    }
    /// Recall in percent.
    pub fn recall(&self) -> f64 {
        pct(self.tp, self.tp + self.fn_)
    }
    /// F1 in percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores of a run over one CoNLL file.
#[derive(Debug, Clone, Default)]
pub struct NerReport {
    /// The file scored (as given).
    pub file: String,
    pub sentences: usize,
    pub tokens: usize,
    /// Per type, in [`EntityType::ALL`] order.
    pub per_type: [Counts; 4],
}

impl NerReport {
    /// All types together.
    pub fn overall(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.per_type {
            c.add(*t);
        }
        c
    }

    /// Counts one sentence.
    pub fn add_sentence(&mut self, gold: &[Entity], pred: &[Entity], tokens: usize) {
        self.sentences += 1;
        self.tokens += tokens;
        for p in pred {
            let c = &mut self.per_type[p.label as usize];
            if gold.contains(p) {
                c.tp += 1;
            } else {
                c.fp += 1;
            }
        }
        for g in gold {
            if !pred.contains(g) {
                self.per_type[g.label as usize].fn_ += 1;
            }
        }
    }

    /// One JSON object on one line.
    pub fn to_json_line(&self) -> String {
        let mut m = serde_json::Map::new();
        m.insert("task".into(), "ner".into());
        m.insert("file".into(), self.file.clone().into());
        m.insert("sentences".into(), self.sentences.into());
        m.insert("tokens".into(), self.tokens.into());
        let o = self.overall();
        let obj = |c: &Counts| {
            serde_json::json!({
                "tp": c.tp, "fp": c.fp, "fn": c.fn_,
                "precision": round2(c.precision()),
                "recall": round2(c.recall()),
                "f1": round2(c.f1()),
            })
        };
        m.insert("overall".into(), obj(&o));
        for (t, c) in EntityType::ALL.iter().zip(&self.per_type) {
            m.insert(t.as_str().into(), obj(c));
        }
        serde_json::Value::Object(m).to_string()
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl fmt::Display for NerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "NER {} ({} sentences, {} tokens; exact span and type)",
            self.file, self.sentences, self.tokens
        )?;
        writeln!(
            f,
            "{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "type", "gold", "pred", "tp", "P", "R", "F1"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| {
            writeln!(
                f,
                "{:<8} {:>6} {:>6} {:>6} {:>7.2} {:>7.2} {:>7.2}",
                name,
                c.tp + c.fn_,
                c.tp + c.fp,
                c.tp,
                c.precision(),
                c.recall(),
                c.f1()
            )
        };
        for (t, c) in EntityType::ALL.iter().zip(&self.per_type) {
            row(f, t.as_str(), c)?;
        }
        row(f, "overall", &self.overall())
    }
}

/// Tags every document of a CoNLL-2003 file with `model` (document by
/// document, so document-level features apply) and scores it.
pub fn evaluate(model: &Ner, conll_file: &Path) -> Result<NerReport> {
    let docs = read_conll(conll_file)?;
    let mut r = evaluate_docs(model, &docs);
    r.file = conll_file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(r)
}

/// Scores parsed documents.
pub fn evaluate_docs(model: &Ner, docs: &[Document]) -> NerReport {
    let mut r = NerReport::default();
    for d in docs {
        let words: Vec<Vec<&str>> = d
            .sentences
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let pred = model.tag_document(&refs);
        for (s, p) in d.sentences.iter().zip(&pred) {
            r.add_sentence(&s.entities, p, s.words.len());
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_scoring() {
        let e = |s, t, l| Entity {
            start: s,
            end: t,
            label: l,
        };
        let gold = [e(0, 2, EntityType::Per), e(3, 4, EntityType::Loc)];
        let pred = [
            e(0, 2, EntityType::Per),
            e(3, 5, EntityType::Loc),
            e(6, 7, EntityType::Org),
        ];
        let mut r = NerReport::default();
        r.add_sentence(&gold, &pred, 8);
        let o = r.overall();
        assert_eq!((o.tp, o.fp, o.fn_), (1, 2, 1));
        assert!((o.precision() - 33.333).abs() < 0.01);
        assert!((o.f1() - 40.0).abs() < 0.01);
        let s = r.to_string();
        assert!(s.contains("overall"), "{s}");
        let j: serde_json::Value = serde_json::from_str(&r.to_json_line()).unwrap();
        assert_eq!(j["overall"]["tp"], 1);
        assert_eq!(j["PER"]["f1"], 100.0);
    }
}
