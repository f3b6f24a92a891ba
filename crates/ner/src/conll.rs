//! Reader for CoNLL-2003 files (`word POS chunk NER`, IOB1 tags; blank
//! lines end sentences; `-DOCSTART-` lines start documents). Errors name the
//! file and line.

use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::tags::{iob1_to_spans, spans_to_bilou, Entity, Iob};

/// One annotated sentence.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub words: Vec<String>,
    /// Gold entities.
    pub entities: Vec<Entity>,
    /// Gold BILOU tag ids.
    pub tags: Vec<u8>,
}

/// One document: the sentences between two `-DOCSTART-` lines.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub sentences: Vec<Sentence>,
}

/// Reads a CoNLL-2003 file. A line that is not `-DOCSTART-`, blank, or at
/// least two whitespace-separated columns whose last is an IOB tag of
/// PER/ORG/LOC/MISC stops the read with `file:line: message`.
pub fn read_conll(path: &Path) -> Result<Vec<Document>> {
    let text = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text =
        std::str::from_utf8(&text).with_context(|| format!("{}: not UTF-8", path.display()))?;
    parse_conll(text, &path.display().to_string())
}

/// Parses CoNLL-2003 text; `name` labels errors.
pub fn parse_conll(text: &str, name: &str) -> Result<Vec<Document>> {
    let mut docs: Vec<Document> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut iob: Vec<Iob> = Vec::new();
    let flush = |docs: &mut Vec<Document>, words: &mut Vec<String>, iob: &mut Vec<Iob>| {
        if words.is_empty() {
            return;
        }
        let entities = iob1_to_spans(iob);
        let tags = spans_to_bilou(words.len(), &entities);
        if docs.is_empty() {
            docs.push(Document::default());
        }
        docs.last_mut()
            .expect("just pushed")
            .sentences
            .push(Sentence {
                words: std::mem::take(words),
                entities,
                tags,
            });
        iob.clear();
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut docs, &mut words, &mut iob);
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols[0] == "-DOCSTART-" {
            flush(&mut docs, &mut words, &mut iob);
            docs.push(Document::default());
            continue;
        }
        if cols.len() < 2 {
            bail!(
                "{name}:{}: expected `word ... NER-tag` columns, got {line:?}",
                n + 1
            );
        }
        let tag = cols[cols.len() - 1];
        let Some(t) = Iob::parse(tag) else {
            bail!(
                "{name}:{}: bad NER tag {tag:?} (expected O, I-X or B-X with X in PER, ORG, LOC, MISC)",
                n + 1
            );
        };
        words.push(cols[0].to_string());
        iob.push(t);
    }
    flush(&mut docs, &mut words, &mut iob);
    docs.retain(|d| !d.sentences.is_empty());
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_documents_and_sentences() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\n\n\
                    Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n-DOCSTART- -X- O O\n\nX NN O O\n";
        let docs = parse_conll(text, "t.conll").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[1].entities.len(), 1);
        assert_eq!(docs[0].sentences[1].entities[0].end, 2);
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let text = "EU NNP I-NP I-ORG\nrejects VBZ I-VP X-FOO\n";
        let e = parse_conll(text, "bad.conll").unwrap_err().to_string();
        assert!(e.contains("bad.conll:2"), "{e}");
        let e = parse_conll("word\n", "one.conll").unwrap_err().to_string();
        assert!(e.contains("one.conll:1"), "{e}");
    }
}
