//! The dependency-parse component: fills `Doc::deps` with the parser of
//! `chronicle-parser`, one sentence at a time. It reads the Penn tags of
//! `Doc::morph`, running the part-of-speech tagger first when they are
//! missing.

use chronicle_parser::Parser;
use chronicle_text::{Dep, Doc};

use crate::tagger::PosTagger;
use crate::Component;

/// Parses every sentence of a document.
pub struct DependencyParser {
    parser: &'static Parser,
}

impl Default for DependencyParser {
    fn default() -> Self {
        Self::new()
    }
}

impl DependencyParser {
    /// The parser with the model embedded in the binary.
    pub fn new() -> Self {
        DependencyParser {
            parser: Parser::get(),
        }
    }
}

impl Component for DependencyParser {
    fn name(&self) -> &'static str {
        "parser"
    }

    fn process(&self, doc: &mut Doc) {
        self.process_where(doc, &|_, _| true);
    }
}

/// The relation given to the tokens of a sentence left unparsed by
/// [`DependencyParser::process_where`]: each is its own root.
pub const UNPARSED: &str = "_";

impl DependencyParser {
    /// Parses the sentences `keep` accepts; the tokens of the others get no
    /// head and the relation [`UNPARSED`]. A consumer that reads the parse
    /// only around certain words saves the parser's time elsewhere.
    pub fn process_where(
        &self,
        doc: &mut Doc,
        keep: &dyn Fn(&Doc, &std::ops::Range<usize>) -> bool,
    ) {
        if doc.morph.len() != doc.tokens.len() {
            PosTagger::new().process(doc);
        }
        let mut deps = Vec::with_capacity(doc.tokens.len());
        let mut words: Vec<&str> = Vec::new();
        let mut tags: Vec<&str> = Vec::new();
        for s in &doc.sentences {
            if !keep(doc, s) {
                deps.extend(s.clone().map(|_| Dep {
                    head: None,
                    rel: UNPARSED,
                }));
                continue;
            }
            let asides = crate::asides::dash_asides(doc, s.clone());
            if asides.is_empty() {
                words.clear();
                tags.clear();
                words.extend(s.clone().map(|i| doc.token_text(i)));
                tags.extend(s.clone().map(|i| doc.morph[i].xpos));
                for a in self.parser.parse(&words, &tags) {
                    deps.push(Dep {
                        head: a.head.checked_sub(1).map(|h| s.start + h),
                        rel: a.rel,
                    });
                }
                continue;
            }
            // The sentence without its asides, then each aside on its own,
            // hung on the word before its opening dash.
            let base = deps.len();
            deps.extend(s.clone().map(|_| Dep {
                head: None,
                rel: UNPARSED,
            }));
            let inside = |i: usize| asides.iter().any(|a| a.contains(&i));
            let main: Vec<usize> = s.clone().filter(|&i| !inside(i)).collect();
            self.parse_into(doc, &main, &mut deps[base..], s.start);
            for a in &asides {
                let inner: Vec<usize> = (a.start + 1..a.end - 1).collect();
                self.parse_into(doc, &inner, &mut deps[base..], s.start);
                let root = inner
                    .iter()
                    .copied()
                    .find(|&i| deps[base + i - s.start].head.is_none())
                    .unwrap_or(a.start + 1);
                deps[base + root - s.start] = Dep {
                    head: Some(a.start - 1),
                    rel: crate::asides::relation(doc, a.start + 1, root),
                };
                for dash in [a.start, a.end - 1] {
                    deps[base + dash - s.start] = Dep {
                        head: Some(root),
                        rel: "punct",
                    };
                }
            }
        }
        doc.deps = deps;
    }

    /// Parses the tokens `ids` (in order) as one sentence and writes their
    /// arcs into `out`, which holds the sentence starting at token `start`.
    fn parse_into(&self, doc: &Doc, ids: &[usize], out: &mut [Dep], start: usize) {
        let words: Vec<&str> = ids.iter().map(|&i| doc.token_text(i)).collect();
        let tags: Vec<&str> = ids.iter().map(|&i| doc.morph[i].xpos).collect();
        for (k, a) in self.parser.parse(&words, &tags).into_iter().enumerate() {
            out[ids[k] - start] = Dep {
                head: a.head.checked_sub(1).map(|h| ids[h]),
                rel: a.rel,
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_gets_a_head_in_its_sentence() {
        let mut doc = Doc::new("The ministers met in Kyiv on Wednesday. They pledged more aid.");
        DependencyParser::new().process(&mut doc);
        assert_eq!(doc.morph.len(), doc.tokens.len());
        assert_eq!(doc.deps.len(), doc.tokens.len());
        for s in &doc.sentences {
            let roots = s.clone().filter(|&i| doc.deps[i].head.is_none()).count();
            assert_eq!(roots, 1);
            for i in s.clone() {
                if let Some(h) = doc.deps[i].head {
                    assert!(s.contains(&h));
                }
            }
        }
        let met = doc
            .tokens
            .iter()
            .position(|t| doc.slice(t.span) == "met")
            .unwrap();
        assert_eq!(doc.deps[met].rel, "root");
        assert_eq!(doc.deps[met - 1].head, Some(met));
        assert_eq!(doc.deps[met - 1].rel, "nsubj");
    }

    #[test]
    fn empty_documents_are_fine() {
        let mut doc = Doc::new("");
        DependencyParser::new().process(&mut doc);
        assert!(doc.deps.is_empty());
    }
}
