//! `Doc`, `Span` and `Token`: the owned text and the byte spans into it.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// True when `other` lies entirely inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// What a token is made of, decided by the tokenizer from its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    /// Letters, possibly with inner hyphens, apostrophes or periods (`U.K.`, `Mr.`).
    Word,
    /// Digits with optional separators (`1,000`, `3.5`, `9/11`, `2023-09-28`).
    Number,
    /// Punctuation, including quote marks and dashes.
    Punct,
    /// A currency or other symbol (`$`, `€`, `%`).
    Symbol,
    /// A URL or e-mail address.
    Url,
    /// A clitic split from its host (`'s`, `n't`, `'ll`).
    Clitic,
}

/// One token: a span of the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// The kind of a named-entity span (OntoNotes-style labels chronicle uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Label {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Event,
    Fac,
    Product,
}

impl Label {
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Norp => "NORP",
            Label::Event => "EVENT",
            Label::Fac => "FAC",
            Label::Product => "PRODUCT",
        }
    }
}

/// A named-entity mention: a token range with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ent {
    /// Token indices `[start, end)`.
    pub tokens: std::ops::Range<usize>,
    /// The byte span those tokens cover.
    pub span: Span,
    pub label: Label,
    /// ISO 3166-1 alpha-3 code when the mention names or implies a country.
    pub country: Option<String>,
    /// A canonical key from a lexicon (an organization's short name, a
    /// leader's full name), when the mention was recognized through one.
    pub key: Option<String>,
}

/// A document: the text it owns and the layers built over it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    text: String,
    /// Tokens in text order, never overlapping.
    pub tokens: Vec<Token>,
    /// Sentences in text order, as ranges of token indices `[start, end)`.
    pub sentences: Vec<std::ops::Range<usize>>,
    /// Named-entity mentions in text order, never overlapping (filled by
    /// the recognizer in `chronicle-nlp`).
    pub ents: Vec<Ent>,
    /// Part of speech and lemma of each token, when a tagger has run
    /// (empty otherwise; one entry per token after it).
    pub morph: Vec<Morph>,
    /// The syntactic head and relation of each token, when the dependency
    /// parser has run (empty otherwise; one entry per token after it).
    pub deps: Vec<Dep>,
}

/// The dependency relation of one token: its head within the same
/// sentence and the Universal Dependencies relation to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dep {
    /// Index into `Doc::tokens` of the head; `None` for the sentence's root.
    pub head: Option<usize>,
    /// The UD relation (`nsubj`, `obj`, `nmod:poss`, `root`, ...).
    pub rel: &'static str,
}

/// The part of speech and lemma of one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Morph {
    /// Penn Treebank tag (`NN`, `VBD`, ...).
    pub xpos: &'static str,
    /// Universal Dependencies tag (`NOUN`, `VERB`, ...).
    pub upos: &'static str,
    pub lemma: String,
}

impl Doc {
    /// Takes ownership of `text`, tokenizes it and splits it into sentences.
    pub fn new(text: impl Into<String>) -> Self {
        let text = text.into();
        let tokens = crate::tokenize(&text);
        let sentences = crate::split_sentences(&text, &tokens);
        Doc {
            text,
            tokens,
            sentences,
            ents: Vec::new(),
            morph: Vec::new(),
            deps: Vec::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        self.slice(self.tokens[i].span)
    }

    /// The byte span covering token range `r` (empty range gives an empty span).
    pub fn token_range_span(&self, r: std::ops::Range<usize>) -> Span {
        if r.start >= r.end {
            let at = self
                .tokens
                .get(r.start)
                .map(|t| t.span.start)
                .unwrap_or(self.text.len());
            return Span::new(at, at);
        }
        Span::new(
            self.tokens[r.start].span.start,
            self.tokens[r.end - 1].span.end,
        )
    }

    /// The byte span of sentence `i`.
    pub fn sentence_span(&self, i: usize) -> Span {
        self.token_range_span(self.sentences[i].clone())
    }

    /// Index of the sentence holding token `t`.
    pub fn sentence_of_token(&self, t: usize) -> usize {
        self.sentences.partition_point(|s| s.end <= t)
    }

    /// Index of the first token starting at or after byte `offset`.
    pub fn token_at_or_after(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.span.start < offset)
    }
}
