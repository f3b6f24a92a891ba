//! Readers for the annotated corpora chronicle trains and evaluates on.
//!
//! Each reader parses one external format into plain Rust values and reports
//! malformed input with the file and line it stopped at.

pub mod conllu;
