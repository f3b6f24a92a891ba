//! Measures chronicle against hand annotations.
//!
//! - [`coref`]: mention clustering (MUC, B³, CEAF-e, CoNLL F1) against the
//!   GUM coreference annotations.
//! - [`gold`]: reads gold files (`spec/gold-format.md`) and [`score`] matches
//!   a system's records against them: precision, recall and F1 for events
//!   (strict and relaxed), quotes, quote speakers and entities.
//! - [`polnear`]: direct quotes and speaker accuracy against PolNeAR
//!   attributions.
//! - [`readouts`]: recall of the call or meeting named by White House
//!   readout titles, found from the body alone.
//! - [`segmentation`]: token and sentence F1 of the tokenizer and sentence
//!   splitter against UD treebanks (raw `# text` vs gold tokens).
//!
//! Every report ends with one line of JSON holding its figures.

pub mod coref;
pub mod gold;
pub mod polnear;
pub mod readouts;
pub mod score;
pub mod segmentation;
