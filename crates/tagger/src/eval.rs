//! Accuracy of the tagger and lemmatizer against CoNLL-U files with gold
//! tokenization: XPOS, UPOS, and lemmas from gold and from predicted XPOS.

use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::Result;
use chronicle_corpus::conllu;

use crate::Tagger;

/// Counts for one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileScore {
    pub file: String,
    pub sentences: usize,
    pub tokens: usize,
    pub xpos: usize,
    pub upos: usize,
    /// Lemmas right given the gold XPOS.
    pub lemma_gold: usize,
    /// Lemmas right given the predicted XPOS.
    pub lemma_pred: usize,
    /// Seconds spent tagging (not reading or lemmatizing).
    pub tag_seconds: f64,
}

impl FileScore {
    fn pct(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.tokens.max(1) as f64
    }
    fn json(&self) -> serde_json::Value {
        let r = |v: f64| (v * 100.0).round() / 100.0;
        serde_json::json!({
            "file": self.file,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "xpos": r(self.pct(self.xpos)),
            "upos": r(self.pct(self.upos)),
            "lemma_gold_xpos": r(self.pct(self.lemma_gold)),
            "lemma_pred_xpos": r(self.pct(self.lemma_pred)),
        })
    }
}

/// Scores per file.
#[derive(Clone, Debug, Default)]
pub struct PosReport {
    pub files: Vec<FileScore>,
}

/// Tags every sentence of every file and counts matches.
pub fn evaluate(tagger: &Tagger, files: &[PathBuf]) -> Result<PosReport> {
    let mut out = Vec::new();
    for f in files {
        let sents = conllu::read_file(f)?;
        out.push(score(tagger, &f.display().to_string(), &sents));
    }
    Ok(PosReport { files: out })
}

/// Scores already-read sentences.
pub fn score(tagger: &Tagger, name: &str, sents: &[conllu::Sentence]) -> FileScore {
    let mut s = FileScore {
        file: name.rsplit(['/', '\\']).next().unwrap_or(name).to_string(),
        sentences: sents.len(),
        ..FileScore::default()
    };
    for sent in sents {
        let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
        let t0 = Instant::now();
        let tags = tagger.tag(&words);
        s.tag_seconds += t0.elapsed().as_secs_f64();
        for (t, w) in tags.iter().zip(&sent.words) {
            s.tokens += 1;
            s.xpos += usize::from(t.xpos == w.xpos);
            s.upos += usize::from(t.upos == w.upos);
            s.lemma_gold += usize::from(tagger.lemmatize(&w.form, &w.xpos) == w.lemma);
            s.lemma_pred += usize::from(tagger.lemmatize(&w.form, t.xpos) == w.lemma);
        }
    }
    s
}

impl PosReport {
    /// One line of JSON with every figure.
    pub fn to_json(&self) -> String {
        let rows: Vec<_> = self.files.iter().map(FileScore::json).collect();
        serde_json::json!({ "pos": { "files": rows } }).to_string()
    }
}

impl fmt::Display for PosReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<26} {:>6} {:>8} {:>7} {:>7} {:>9} {:>9} {:>9}",
            "file", "sents", "tokens", "XPOS", "UPOS", "lem/gold", "lem/pred", "tok/s"
        )?;
        for s in &self.files {
            writeln!(
                f,
                "{:<26} {:>6} {:>8} {:>6.2}% {:>6.2}% {:>8.2}% {:>8.2}% {:>9.0}",
                s.file,
                s.sentences,
                s.tokens,
                s.pct(s.xpos),
                s.pct(s.upos),
                s.pct(s.lemma_gold),
                s.pct(s.lemma_pred),
                s.tokens as f64 / s.tag_seconds.max(1e-9)
            )?;
        }
        Ok(())
    }
}
