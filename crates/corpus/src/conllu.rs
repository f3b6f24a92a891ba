//! A reader for CoNLL-U, the format of the Universal Dependencies treebanks.
//!
//! A file is a sequence of sentences separated by blank lines. Each sentence
//! has comment lines (`# key = value`) and one tab-separated row of ten
//! fields per line: `ID FORM LEMMA UPOS XPOS FEATS HEAD DEPREL DEPS MISC`.
//!
//! Three kinds of rows are kept apart:
//!
//! - **syntactic words** (`ID` is an integer `1, 2, ...`): [`Word`], with the
//!   head parsed as a `usize` (0 is the root);
//! - **multiword tokens** (`ID` is a range `1-2`): [`MultiwordToken`]. They
//!   carry no annotation besides the surface form and MISC, but the surface
//!   form is what appears in the raw text (`don't` = `do` + `n't`,
//!   `cannot` = `can` + `not`), so it matters for tokenization scoring;
//!   [`Sentence::surface_tokens`] groups the words under them;
//! - **empty nodes** (`ID` is a decimal `8.1`, enhanced graphs only):
//!   [`EmptyNode`], kept apart so that `words[i].id == i + 1` always holds.
//!
//! The comments `# sent_id`, `# text`, `# newdoc [id = ...]` and
//! `# newpar [id = ...]` are parsed into fields; every comment is also kept
//! verbatim in [`Sentence::comments`]. Malformed input is an error that names
//! the source and the 1-based line number.

use anyhow::{anyhow, bail, Context, Result};
use std::io::BufRead;
use std::path::Path;

/// One syntactic word (a row whose ID is an integer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// 1-based position in the sentence.
    pub id: usize,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// `Feature=Value|...`, or `_`.
    pub feats: String,
    /// ID of the head word; 0 for the root.
    pub head: usize,
    pub deprel: String,
    /// Enhanced dependencies, verbatim (`_` when absent).
    pub deps: String,
    /// Miscellaneous attributes, verbatim (`SpaceAfter=No|...`, or `_`).
    pub misc: String,
}

impl Word {
    /// False when MISC holds `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        space_after(&self.misc)
    }
}

/// A multiword token: the range line `first-last FORM _ _ _ _ _ _ _ MISC`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// ID of the first word it spans (1-based, inclusive).
    pub first: usize,
    /// ID of the last word it spans (1-based, inclusive).
    pub last: usize,
    /// The surface form as it appears in the text (`don't`).
    pub form: String,
    pub misc: String,
}

/// An empty node of the enhanced graph (`ID` like `8.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyNode {
    /// The word it follows (the `8` of `8.1`).
    pub major: usize,
    /// The `1` of `8.1`.
    pub minor: usize,
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    pub feats: String,
    pub deps: String,
    pub misc: String,
}

/// A token as it appears in the raw text: either one word or a multiword
/// token spanning several words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken<'a> {
    /// The surface form (the range line's form for a multiword token).
    pub form: &'a str,
    /// Indices into [`Sentence::words`] (0-based, half-open).
    pub words: std::ops::Range<usize>,
    /// False when MISC holds `SpaceAfter=No`.
    pub space_after: bool,
}

/// One sentence with its comments and rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// `# sent_id = ...`
    pub sent_id: Option<String>,
    /// `# text = ...`: the raw text of the sentence.
    pub text: Option<String>,
    /// `Some(id)` when this sentence starts a document (`# newdoc` or
    /// `# newdoc id = ...`; the id is empty when none is given).
    pub newdoc: Option<String>,
    /// True when this sentence starts a paragraph (`# newpar`), or a
    /// document.
    pub newpar: bool,
    /// The id of the document the sentence belongs to: the last `# newdoc id`
    /// seen in the file, if any.
    pub doc_id: Option<String>,
    /// Every comment line, without the leading `#` and surrounding spaces.
    pub comments: Vec<String>,
    /// The syntactic words; `words[i].id == i + 1`.
    pub words: Vec<Word>,
    /// Range lines, in file order.
    pub multiword_tokens: Vec<MultiwordToken>,
    /// Empty nodes, in file order.
    pub empty_nodes: Vec<EmptyNode>,
}

impl Sentence {
    /// The tokens of the raw text: multiword tokens as one token each over
    /// their words, every other word as a token of its own.
    pub fn surface_tokens(&self) -> Vec<SurfaceToken<'_>> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut mwts = self.multiword_tokens.iter().peekable();
        let mut i = 0;
        while i < self.words.len() {
            let id = i + 1;
            while mwts.peek().is_some_and(|m| m.last < id) {
                mwts.next();
            }
            if let Some(m) = mwts.peek().filter(|m| m.first == id) {
                let end = m.last.min(self.words.len());
                out.push(SurfaceToken {
                    form: &m.form,
                    words: i..end,
                    space_after: space_after(&m.misc),
                });
                i = end.max(i + 1);
                mwts.next();
            } else {
                let w = &self.words[i];
                out.push(SurfaceToken {
                    form: &w.form,
                    words: i..i + 1,
                    space_after: w.space_after(),
                });
                i += 1;
            }
        }
        out
    }

    /// The raw text of the sentence: `# text`, else its surface tokens
    /// joined as `SpaceAfter` says.
    pub fn raw_text(&self) -> String {
        if let Some(t) = &self.text {
            return t.clone();
        }
        let mut t = String::new();
        for tok in self.surface_tokens() {
            t.push_str(tok.form);
            if tok.space_after {
                t.push(' ');
            }
        }
        t.trim_end().to_string()
    }
}

/// A file's sentences split into documents, each starting at `# newdoc`
/// (sentences before the first one form a document of their own).
pub fn documents(sentences: &[Sentence]) -> Vec<&[Sentence]> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, s) in sentences.iter().enumerate() {
        if i > start && s.newdoc.is_some() {
            out.push(&sentences[start..i]);
            start = i;
        }
    }
    if start < sentences.len() {
        out.push(&sentences[start..]);
    }
    out
}

fn space_after(misc: &str) -> bool {
    !misc.split('|').any(|a| a == "SpaceAfter=No")
}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    parse(std::io::BufReader::new(file), &path.display().to_string())
}

/// Parses CoNLL-U text held in memory; `source` names it in errors.
pub fn parse_str(text: &str, source: &str) -> Result<Vec<Sentence>> {
    parse(text.as_bytes(), source)
}

/// Parses CoNLL-U from a reader; `source` names it in errors.
pub fn parse(reader: impl BufRead, source: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut has_content = false;
    let mut doc_id: Option<String> = None;
    for (n, line) in reader.lines().enumerate() {
        let lineno = n + 1;
        let line = line.with_context(|| format!("{source}:{lineno}: cannot read line"))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if line.trim().is_empty() {
            if has_content {
                cur.doc_id.clone_from(&doc_id);
                finish(&mut cur, source, lineno)?;
                out.push(std::mem::take(&mut cur));
                has_content = false;
            }
            continue;
        }
        has_content = true;
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            parse_comment(comment, &mut cur, &mut doc_id);
            cur.comments.push(comment.to_string());
            continue;
        }
        parse_row(line, &mut cur).map_err(|e| anyhow!("{source}:{lineno}: {e}"))?;
    }
    if has_content {
        cur.doc_id.clone_from(&doc_id);
        finish(&mut cur, source, 0)?;
        out.push(cur);
    }
    Ok(out)
}

fn parse_comment(comment: &str, cur: &mut Sentence, doc_id: &mut Option<String>) {
    let (key, value) = match comment.split_once('=') {
        Some((k, v)) => (k.trim(), Some(v.trim())),
        None => (comment, None),
    };
    match key {
        "sent_id" => cur.sent_id = value.map(str::to_string),
        // The value of `# text` keeps inner spacing; only the one space after
        // `=` is dropped.
        "text" => {
            let v = comment
                .split_once('=')
                .map(|(_, v)| v.strip_prefix(' ').unwrap_or(v))
                .unwrap_or("");
            cur.text = Some(v.trim_end().to_string());
        }
        "newdoc" | "newdoc id" => {
            let id = value.unwrap_or("").to_string();
            *doc_id = Some(id.clone());
            cur.newdoc = Some(id);
            cur.newpar = true;
        }
        "newpar" | "newpar id" => cur.newpar = true,
        _ => {}
    }
}

fn parse_row(line: &str, cur: &mut Sentence) -> Result<()> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() != 10 {
        bail!("expected 10 tab-separated fields, found {}", f.len());
    }
    let id = f[0];
    if let Some((a, b)) = id.split_once('-') {
        let first = parse_id(a)?;
        let last = parse_id(b)?;
        if last < first {
            bail!("bad multiword range {id:?}");
        }
        cur.multiword_tokens.push(MultiwordToken {
            first,
            last,
            form: f[1].to_string(),
            misc: f[9].to_string(),
        });
    } else if let Some((a, b)) = id.split_once('.') {
        cur.empty_nodes.push(EmptyNode {
            major: a.parse().map_err(|_| anyhow!("bad empty-node id {id:?}"))?,
            minor: parse_id(b)?,
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            feats: f[5].to_string(),
            deps: f[8].to_string(),
            misc: f[9].to_string(),
        });
    } else {
        let id = parse_id(id)?;
        if id != cur.words.len() + 1 {
            bail!(
                "word id {id} out of sequence (expected {})",
                cur.words.len() + 1
            );
        }
        let head = f[6]
            .parse::<usize>()
            .map_err(|_| anyhow!("bad HEAD {:?}", f[6]))?;
        cur.words.push(Word {
            id,
            form: f[1].to_string(),
            lemma: f[2].to_string(),
            upos: f[3].to_string(),
            xpos: f[4].to_string(),
            feats: f[5].to_string(),
            head,
            deprel: f[7].to_string(),
            deps: f[8].to_string(),
            misc: f[9].to_string(),
        });
    }
    Ok(())
}

fn parse_id(s: &str) -> Result<usize> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!("bad ID {s:?}"),
    }
}

/// Checks what can only be checked once the sentence is complete.
fn finish(s: &mut Sentence, source: &str, lineno: usize) -> Result<()> {
    let n = s.words.len();
    let at = || {
        if lineno > 0 {
            format!("{source}:{lineno}")
        } else {
            format!("{source}:end")
        }
    };
    for w in &s.words {
        if w.head > n {
            bail!(
                "{}: sentence ending here: word {} has HEAD {} beyond {} words",
                at(),
                w.id,
                w.head,
                n
            );
        }
    }
    for m in &s.multiword_tokens {
        if m.last > n {
            bail!(
                "{}: sentence ending here: multiword token {}-{} beyond {} words",
                at(),
                m.first,
                m.last,
                n
            );
        }
    }
    if s.words.is_empty() {
        bail!("{}: sentence ending here has no words", at());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "# newdoc id = GUM_news_x\n# newpar\n# sent_id = s1\n# text = I don't know.\n\
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t3:nsubj\t_\n\
2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t4:aux\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n\
4\tknow\tknow\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n\
4.1\tknow\tknow\tVERB\tVB\t_\t_\t_\t0:root\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\
\n\
# sent_id = s2\n# text = Yes\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\t_\n";

    #[test]
    fn documents_and_raw_text() {
        let mut text = SAMPLE.to_string();
        text.push_str("\n# newdoc id = d2\n1\tNo\tno\tINTJ\tUH\t_\t0\troot\t0:root\tSpaceAfter=No\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t1:punct\t_\n");
        let s = parse_str(&text, "t").unwrap();
        let docs = documents(&s);
        assert_eq!(docs.iter().map(|d| d.len()).collect::<Vec<_>>(), [2, 1]);
        assert_eq!(s[0].raw_text(), "I don't know.");
        // No `# text`: the surface tokens, spaced as SpaceAfter says.
        assert_eq!(s[2].raw_text(), "No!");
        assert!(documents(&[]).is_empty());
    }

    #[test]
    fn reads_fields_mwt_and_empty_nodes() {
        let s = parse_str(SAMPLE, "sample").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].newdoc.as_deref(), Some("GUM_news_x"));
        assert!(s[0].newpar);
        assert_eq!(s[0].text.as_deref(), Some("I don't know."));
        assert_eq!(s[0].words.len(), 5);
        assert_eq!(s[0].words[1].head, 4);
        assert_eq!(s[0].multiword_tokens[0].form, "don't");
        assert_eq!(s[0].empty_nodes[0].major, 4);
        let toks = s[0].surface_tokens();
        let forms: Vec<_> = toks.iter().map(|t| t.form).collect();
        assert_eq!(forms, ["I", "don't", "know", "."]);
        assert_eq!(toks[1].words, 1..3);
        assert!(!toks[2].space_after);
        assert_eq!(s[1].doc_id.as_deref(), Some("GUM_news_x"));
        assert!(!s[1].newpar && s[1].newdoc.is_none());
    }

    #[test]
    fn malformed_lines_name_source_and_line() {
        let bad = "# text = a\n1\ta\ta\tX\n";
        let e = parse_str(bad, "f.conllu").unwrap_err().to_string();
        assert!(e.contains("f.conllu:2"), "{e}");
        let bad = "1\ta\ta\tX\t_\t_\tzero\troot\t_\t_\n";
        let e = parse_str(bad, "f.conllu").unwrap_err().to_string();
        assert!(e.contains("f.conllu:1") && e.contains("HEAD"), "{e}");
        let bad = "1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n3\tb\tb\tX\t_\t_\t1\tdep\t_\t_\n";
        assert!(parse_str(bad, "f").unwrap_err().to_string().contains("f:2"));
    }
}
