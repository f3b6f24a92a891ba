//! The document model of chronicle.
//!
//! A [`Doc`] owns the UTF-8 text of one article. Every later layer — tokens,
//! sentences, entity mentions, events — is a [`Span`] of byte offsets into
//! that text, so that any record can be traced back to the exact characters
//! it came from. This crate also holds the two components that build the
//! first layers: the Penn/UD-style [`tokenize`]r and the sentence
//! [`split_sentences`] splitter.

mod abbrev;
mod doc;
mod sentences;
mod tokenizer;

pub use doc::{Dep, Doc, Ent, Label, Morph, Span, Token, TokenKind};
pub use sentences::{split_sentences, MONTHS, WEEKDAYS};
pub use tokenizer::tokenize;
