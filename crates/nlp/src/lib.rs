//! Linguistic layers over a [`Doc`]: the components that annotate text
//! before anything is extracted from it.
//!
//! A [`Pipeline`] runs components in order; each adds one layer to the
//! document and reads only the layers before it. The components: the
//! statistical part-of-speech [`tagger`] and lemmatizer (`Doc::morph`),
//! and the named-entity [`recognizer`], which combines the project's
//! lexicons (countries, organizations, leaders) with rules over
//! capitalization, honorifics, titles and name-forming words (`Doc::ents`).
//! The dependency [`parser`] reads the tagger's tags and fills
//! `Doc::deps`. The extractor runs all three: recognizer, tagger, parser.

pub mod asides;
pub mod ner;
pub mod parser;
pub mod recognizer;
pub mod tagger;

use chronicle_text::Doc;

/// One stage of the pipeline: reads some layers of a `Doc`, adds its own.
pub trait Component: Send + Sync {
    /// A short name for diagnostics.
    fn name(&self) -> &'static str;
    /// Adds this component's layer to `doc`.
    fn process(&self, doc: &mut Doc);
}

/// The ordered components that turn text into an annotated [`Doc`].
pub struct Pipeline {
    components: Vec<Box<dyn Component>>,
}

impl Default for Pipeline {
    /// The standard English pipeline: tokenizer and sentence splitter (in
    /// [`Doc::new`]), then the named-entity recognizer.
    fn default() -> Self {
        Pipeline {
            components: vec![Box::new(recognizer::Recognizer::with_model())],
        }
    }
}

impl Pipeline {
    /// A pipeline of the given components, run in order.
    pub fn new(components: Vec<Box<dyn Component>>) -> Self {
        Pipeline { components }
    }

    /// Tokenizes `text` and runs every component over it.
    pub fn run(&self, text: impl Into<String>) -> Doc {
        let mut doc = Doc::new(text);
        for c in &self.components {
            c.process(&mut doc);
        }
        doc
    }

    /// The names of the components, in order.
    pub fn names(&self) -> Vec<&'static str> {
        self.components.iter().map(|c| c.name()).collect()
    }
}
