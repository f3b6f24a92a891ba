//! The part-of-speech and lemma component: fills `Doc::morph` with the
//! statistical tagger of `chronicle-tagger`, one sentence at a time.

use chronicle_tagger::Tagger;
use chronicle_text::{Doc, Morph};

use crate::Component;

/// Tags and lemmatizes every token of a document.
pub struct PosTagger {
    tagger: &'static Tagger,
    lemmas: bool,
}

impl Default for PosTagger {
    fn default() -> Self {
        Self::new()
    }
}

impl PosTagger {
    /// The tagger with the models embedded in the binary.
    pub fn new() -> Self {
        PosTagger {
            tagger: Tagger::get(),
            lemmas: true,
        }
    }

    /// Parts of speech only: every lemma is left empty (for measuring the
    /// tagger against baselines that do not lemmatize).
    pub fn without_lemmas() -> Self {
        PosTagger {
            lemmas: false,
            ..Self::new()
        }
    }
}

impl PosTagger {
    fn morph(&self, w: &str, t: chronicle_tagger::Tag) -> Morph {
        let lemma = if self.lemmas {
            self.tagger.lemmatize(w, t.xpos).into_owned()
        } else {
            String::new()
        };
        Morph {
            xpos: t.xpos,
            upos: t.upos,
            lemma,
        }
    }
}

impl Component for PosTagger {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn process(&self, doc: &mut Doc) {
        let mut morph = Vec::with_capacity(doc.tokens.len());
        let mut words: Vec<&str> = Vec::new();
        for s in &doc.sentences {
            words.clear();
            words.extend(s.clone().map(|i| doc.token_text(i)));
            let tags = self.tagger.tag(&words);
            let base = morph.len();
            for (w, t) in words.iter().zip(tags) {
                morph.push(self.morph(w, t));
            }
            // Asides between dashes are tagged apart from their sentence
            // (see `asides`); the dashes keep their tags.
            for seg in crate::asides::segments(doc, s.clone()) {
                let seg_words: Vec<&str> = seg.iter().map(|&i| doc.token_text(i)).collect();
                for (&i, t) in seg.iter().zip(self.tagger.tag(&seg_words)) {
                    morph[base + i - s.start] = self.morph(doc.token_text(i), t);
                }
            }
        }
        doc.morph = morph;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_token_gets_a_tag_and_lemma() {
        let mut doc = Doc::new("The ministers met in Kyiv on Wednesday. They pledged more aid.");
        PosTagger::new().process(&mut doc);
        assert_eq!(doc.morph.len(), doc.tokens.len());
        let met = doc
            .tokens
            .iter()
            .position(|t| doc.slice(t.span) == "met")
            .unwrap();
        assert_eq!(doc.morph[met].xpos, "VBD");
        assert_eq!(doc.morph[met].lemma, "meet");
        let ministers = doc
            .tokens
            .iter()
            .position(|t| doc.slice(t.span) == "ministers")
            .unwrap();
        assert_eq!(doc.morph[ministers].lemma, "minister");
        assert_eq!(doc.morph[ministers].upos, "NOUN");
    }
}
