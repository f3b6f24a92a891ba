//! Token and sentence F1 of the tokenizer and sentence splitter against UD.
//!
//! For each document of a CoNLL-U file (`# newdoc`), the raw `# text` of its
//! sentences is joined into one string — a newline before a sentence that
//! opens a paragraph (`# newpar`) or document, a single space otherwise — and
//! run through [`chronicle_text::tokenize`] and
//! [`chronicle_text::split_sentences`], exactly as `Doc::new` does.
//!
//! The gold tokens are aligned to that string by their forms, left to right.
//! A multiword token (`don't` = `do` + `n't`) is scored as its syntactic
//! words when their forms spell the surface form exactly, which is the
//! Penn-style split the tokenizer makes (`do` `n't`, `can` `not`,
//! `Ukraine` `’s`); otherwise (the rare `its` = `it` + `s`-like respellings)
//! as the one surface token. A gold token whose form cannot be found in the
//! text counts as missed (reported as `unaligned`).
//!
//! - A token is correct when both its start and end offsets match a gold
//!   token's.
//! - A sentence is correct when both its boundaries match a gold sentence's:
//!   the span from the start of its first token to the end of its last
//!   (so whitespace is ignored).
//!
//! Rows: one per file, plus `GUM news`, the documents whose id starts with
//! `GUM_` and contains `news` over all files given.

use anyhow::{Context, Result};
use chronicle_corpus::conllu::{self, Sentence};
use std::fmt;
use std::path::{Path, PathBuf};

/// Gold, system and correct counts of one kind of unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub gold: usize,
    pub system: usize,
    pub correct: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.correct, self.system)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.gold += o.gold;
        self.system += o.system;
        self.correct += o.correct;
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "p": round4(self.precision()), "r": round4(self.recall()), "f1": round4(self.f1()),
            "gold": self.gold, "system": self.system, "correct": self.correct,
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// The figures for one file or subset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentationRow {
    /// File name (without directories) or subset name.
    pub name: String,
    pub documents: usize,
    pub tokens: Counts,
    pub sentences: Counts,
    /// Gold tokens whose form could not be found in the raw text.
    pub unaligned: usize,
}

impl SegmentationRow {
    fn add(&mut self, o: &SegmentationRow) {
        self.documents += o.documents;
        self.tokens.add(o.tokens);
        self.sentences.add(o.sentences);
        self.unaligned += o.unaligned;
    }
    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name, "documents": self.documents, "unaligned": self.unaligned,
            "tokens": self.tokens.json(), "sentences": self.sentences.json(),
        })
    }
}

/// Per-file rows and the GUM news subset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentationReport {
    pub files: Vec<SegmentationRow>,
    /// Documents whose id starts with `GUM_` and contains `news`.
    pub gum_news: SegmentationRow,
}

impl SegmentationReport {
    /// The row named `name` (a file name or `GUM news`).
    pub fn row(&self, name: &str) -> Option<&SegmentationRow> {
        self.files
            .iter()
            .chain(std::iter::once(&self.gum_news))
            .find(|r| r.name == name)
    }

    /// One line of JSON holding every figure.
    pub fn to_json(&self) -> String {
        let rows: Vec<_> = self.files.iter().map(SegmentationRow::json).collect();
        serde_json::json!({ "segmentation": { "files": rows, "gum_news": self.gum_news.json() } })
            .to_string()
    }
}

impl fmt::Display for SegmentationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<26} {:>5} {:>8} {:>7} {:>7} {:>7}  {:>6} {:>7} {:>7} {:>7} {:>6}",
            "set",
            "docs",
            "tokens",
            "tok P",
            "tok R",
            "tok F1",
            "sents",
            "sent P",
            "sent R",
            "sent F1",
            "unal."
        )?;
        for r in self.files.iter().chain(std::iter::once(&self.gum_news)) {
            writeln!(
                f,
                "{:<26} {:>5} {:>8} {:>7.4} {:>7.4} {:>7.4}  {:>6} {:>7.4} {:>7.4} {:>7.4} {:>6}",
                r.name,
                r.documents,
                r.tokens.gold,
                r.tokens.precision(),
                r.tokens.recall(),
                r.tokens.f1(),
                r.sentences.gold,
                r.sentences.precision(),
                r.sentences.recall(),
                r.sentences.f1(),
                r.unaligned
            )?;
        }
        Ok(())
    }
}

/// Evaluates the tokenizer and sentence splitter on CoNLL-U `files`.
pub fn evaluate_segmentation(files: &[PathBuf]) -> Result<SegmentationReport> {
    let mut report = SegmentationReport {
        gum_news: SegmentationRow {
            name: "GUM news".into(),
            ..Default::default()
        },
        ..Default::default()
    };
    for path in files {
        let sentences = conllu::read_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut row = SegmentationRow {
            name,
            ..Default::default()
        };
        for doc in conllu::documents(&sentences) {
            let d = evaluate_document(doc, None);
            row.add(&d);
            if is_gum_news(doc) {
                report.gum_news.add(&d);
            }
        }
        report.files.push(row);
    }
    Ok(report)
}

/// Evaluates in-memory CoNLL-U sentences (one file's worth) as one row.
pub fn evaluate_sentences(name: &str, sentences: &[Sentence]) -> SegmentationRow {
    let mut row = SegmentationRow {
        name: name.to_string(),
        ..Default::default()
    };
    for doc in conllu::documents(sentences) {
        row.add(&evaluate_document(doc, None));
    }
    row
}

/// Describes up to `limit` token and sentence errors of `file`, each with a
/// little context, to help improve the tokenizer and splitter.
pub fn segmentation_errors(file: &Path, limit: usize) -> Result<Vec<String>> {
    let sentences =
        conllu::read_file(file).with_context(|| format!("reading {}", file.display()))?;
    let mut out = Vec::new();
    for doc in conllu::documents(&sentences) {
        if out.len() >= limit {
            break;
        }
        evaluate_document(doc, Some((&mut out, limit)));
    }
    Ok(out)
}

fn is_gum_news(doc: &[Sentence]) -> bool {
    doc.first()
        .and_then(|s| s.doc_id.as_deref())
        .is_some_and(|id| id.starts_with("GUM_") && id.contains("news"))
}

/// The gold token forms of a sentence (see the module doc for multiword
/// tokens).
fn gold_forms(s: &Sentence) -> Vec<&str> {
    let mut out = Vec::with_capacity(s.words.len());
    for tok in s.surface_tokens() {
        let words = &s.words[tok.words.clone()];
        if words.len() > 1 && words.iter().map(|w| w.form.as_str()).collect::<String>() == tok.form
        {
            out.extend(words.iter().map(|w| w.form.as_str()));
        } else {
            out.push(tok.form);
        }
    }
    out
}

type Spans = Vec<(usize, usize)>;

fn evaluate_document(
    doc: &[Sentence],
    mut errors: Option<(&mut Vec<String>, usize)>,
) -> SegmentationRow {
    let mut text = String::new();
    let mut gold_tokens: Spans = Vec::new();
    let mut gold_sents: Spans = Vec::new();
    let mut unaligned = 0;
    for (i, s) in doc.iter().enumerate() {
        if i > 0 {
            text.push(if s.newpar { '\n' } else { ' ' });
        }
        let base = text.len();
        let st = s.raw_text();
        text.push_str(&st);
        let first_tok = gold_tokens.len();
        let mut cursor = 0;
        for form in gold_forms(s) {
            match align(&st, cursor, form) {
                Some((a, b)) => {
                    gold_tokens.push((base + a, base + b));
                    cursor = b;
                }
                None => unaligned += 1,
            }
        }
        if gold_tokens.len() > first_tok {
            gold_sents.push((
                gold_tokens[first_tok].0,
                gold_tokens[gold_tokens.len() - 1].1,
            ));
        } else {
            let lead = st.len() - st.trim_start().len();
            gold_sents.push((base + lead, base + st.trim_end().len()));
        }
    }
    let tokens = chronicle_text::tokenize(&text);
    let sentences = chronicle_text::split_sentences(&text, &tokens);
    let sys_tokens: Spans = tokens.iter().map(|t| (t.span.start, t.span.end)).collect();
    let sys_sents: Spans = sentences
        .iter()
        .filter(|r| r.start < r.end && r.end <= tokens.len())
        .map(|r| (tokens[r.start].span.start, tokens[r.end - 1].span.end))
        .collect();
    if let Some((out, limit)) = errors.as_mut() {
        describe_errors(&text, &gold_tokens, &sys_tokens, "token", out, *limit);
        describe_errors(&text, &gold_sents, &sys_sents, "sentence", out, *limit);
    }
    SegmentationRow {
        name: String::new(),
        documents: 1,
        tokens: Counts {
            gold: gold_tokens.len(),
            system: sys_tokens.len(),
            correct: matches(&gold_tokens, &sys_tokens),
        },
        sentences: Counts {
            gold: gold_sents.len(),
            system: sys_sents.len(),
            correct: matches(&gold_sents, &sys_sents),
        },
        unaligned,
    }
}

/// Finds `form` in `text` at or after byte `cursor`, skipping whitespace;
/// failing that, anywhere in the next 200 bytes.
fn align(text: &str, cursor: usize, form: &str) -> Option<(usize, usize)> {
    let rest = text.get(cursor..)?;
    let skipped = rest.len() - rest.trim_start().len();
    let at = cursor + skipped;
    if text.get(at..)?.starts_with(form) {
        return Some((at, at + form.len()));
    }
    let mut window_end = (at + 200).min(text.len());
    while !text.is_char_boundary(window_end) {
        window_end += 1;
    }
    let window = text.get(at..window_end)?;
    window.find(form).map(|k| (at + k, at + k + form.len()))
}

/// Number of spans present in both sorted lists.
fn matches(gold: &Spans, sys: &Spans) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < gold.len() && j < sys.len() {
        match gold[i].cmp(&sys[j]) {
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    n
}

fn describe_errors(
    text: &str,
    gold: &Spans,
    sys: &Spans,
    what: &str,
    out: &mut Vec<String>,
    limit: usize,
) {
    let sys_set: std::collections::HashSet<_> = sys.iter().collect();
    let gold_set: std::collections::HashSet<_> = gold.iter().collect();
    let ctx = |a: usize, b: usize| {
        let mut lo = a.saturating_sub(30);
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (b + 30).min(text.len());
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        let span = text.get(a..b).unwrap_or("");
        let show = |s: &str| {
            if s.len() > 120 {
                format!("{}…", s.chars().take(60).collect::<String>())
            } else {
                s.to_string()
            }
        };
        format!(
            "{}[[{}]]{}",
            text.get(lo..a).unwrap_or(""),
            show(span),
            text.get(b..hi).unwrap_or("")
        )
        .replace('\n', "⏎")
    };
    for g in gold.iter().filter(|g| !sys_set.contains(g)) {
        if out.len() >= limit {
            return;
        }
        out.push(format!("missed {what}: {}", ctx(g.0, g.1)));
    }
    for s in sys.iter().filter(|s| !gold_set.contains(s)) {
        if out.len() >= limit {
            return;
        }
        out.push(format!("spurious {what}: {}", ctx(s.0, s.1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = GUM_news_x\n# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\
\n\
# text = Mr. Smith agreed.\n\
1\tMr.\tMr.\tPROPN\tNNP\t_\t2\tcompound\t_\t_\n\
2\tSmith\tSmith\tPROPN\tNNP\t_\t3\tnsubj\t_\t_\n\
3\tagreed\tagree\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n\
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n";

    #[test]
    fn scores_a_small_document() {
        let sents = conllu::parse_str(SAMPLE, "sample").unwrap();
        let row = evaluate_sentences("sample", &sents);
        assert_eq!(
            row.tokens,
            Counts {
                gold: 9,
                system: 9,
                correct: 9
            }
        );
        assert_eq!(
            row.sentences,
            Counts {
                gold: 2,
                system: 2,
                correct: 2
            }
        );
        assert_eq!(row.unaligned, 0);
        assert!(is_gum_news(&sents));
    }

    #[test]
    fn report_prints_and_serialises() {
        let sents = conllu::parse_str(SAMPLE, "sample").unwrap();
        let report = SegmentationReport {
            files: vec![evaluate_sentences("s", &sents)],
            gum_news: Default::default(),
        };
        let json = report.to_json();
        assert!(!json.contains('\n'));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["segmentation"]["files"][0]["tokens"]["f1"], 1.0);
        assert!(report.to_string().contains("tok F1"));
    }
}
