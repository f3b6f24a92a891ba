//! The statistical named-entity component: the CoNLL-2003-trained model of
//! `chronicle-ner` over a whole document, its PER/ORG/LOC/MISC spans mapped
//! onto chronicle's labels with the lexicons (countries and capitals are
//! GPEs with their ISO code, demonyms NORPs, known organizations get their
//! short name as key).

use chronicle_ner::Ner;
use chronicle_text::{Doc, Ent};

use crate::Component;

/// Fills `Doc::ents` from the named-entity model.
pub struct StatisticalNer {
    ner: &'static Ner,
}

impl Default for StatisticalNer {
    fn default() -> Self {
        Self::new()
    }
}

impl StatisticalNer {
    /// The model embedded in the binary.
    pub fn new() -> Self {
        StatisticalNer { ner: Ner::get() }
    }

    /// The model's mentions of `doc`, mapped, in text order.
    pub fn mentions(&self, doc: &Doc) -> Vec<Ent> {
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| s.clone().map(|i| doc.token_text(i)).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut out = Vec::new();
        for ((s, toks), ents) in doc
            .sentences
            .iter()
            .zip(&words)
            .zip(self.ner.tag_document(&refs))
        {
            for e in ents {
                let Some(m) = chronicle_ner::to_chronicle(toks, &e) else {
                    continue;
                };
                let tokens = s.start + e.start..s.start + e.end.min(toks.len());
                if tokens.is_empty() {
                    continue;
                }
                out.push(Ent {
                    span: doc.token_range_span(tokens.clone()),
                    tokens,
                    label: m.label,
                    country: m.country,
                    key: m.key,
                });
            }
        }
        out
    }
}

impl Component for StatisticalNer {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn process(&self, doc: &mut Doc) {
        doc.ents = self.mentions(doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chronicle_text::Label;

    #[test]
    fn people_places_and_organizations() {
        let mut doc = Doc::new("NATO chief Jens Stoltenberg traveled to Kyiv on Wednesday to meet officials of the European Union.");
        StatisticalNer::new().process(&mut doc);
        let found: Vec<(&str, Label)> = doc
            .ents
            .iter()
            .map(|e| (doc.slice(e.span), e.label))
            .collect();
        assert!(
            found.contains(&("Jens Stoltenberg", Label::Person)),
            "{found:?}"
        );
        assert!(found.contains(&("Kyiv", Label::Gpe)), "{found:?}");
        let kyiv = doc
            .ents
            .iter()
            .find(|e| doc.slice(e.span) == "Kyiv")
            .unwrap();
        assert_eq!(kyiv.country.as_deref(), Some("UKR"));
        assert!(
            found
                .iter()
                .any(|(t, l)| t.contains("European Union") && *l == Label::Org),
            "{found:?}"
        );
    }
}
