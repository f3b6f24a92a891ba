//! Full-text search over chronicle's documents, quotes and events.
//!
//! The tracker keeps its records in the store; this crate keeps a tantivy
//! index beside it (`<db>.search/`, see [`SearchIndex::dir_for_db`]) so that
//! questions like `chronicle search "air defense" --type AID_PLEDGE --actor
//! GBR --since 2023-01-01` are answered without scanning every record.
//!
//! Each document becomes several index entries, told apart by [`Kind`]:
//!
//! - the article: title, text, outlet, publication date, every entity it
//!   names;
//! - one per quote: the quoted words, the speaker, the speaker's names and
//!   country;
//! - one per event: the evidence sentence, the event type and status, the
//!   actors' names and codes, the event's date (else the publication date).
//!
//! The caller fills an [`IndexDoc`] (by hand or with
//! [`IndexDoc::from_records`]), [`SearchIndex::add`]s it (re-adding a
//! `doc_id` replaces its entries), [`SearchIndex::commit`]s once per batch,
//! and [`SearchIndex::search`]es with a [`Query`]: tantivy query syntax over
//! the texts (phrases in double quotes) plus filters on kind, event type,
//! status, actor, outlet and date range. Every failure is an [`Error`]
//! value with a one-line message; a malformed query string included.

#![warn(missing_docs)]

mod index;
mod input;
mod query;
mod schema;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use index::SearchIndex;
pub use input::{parse_date, IndexDoc, IndexEvent, IndexQuote};
pub use query::{Hit, Query, Snippet};
pub use schema::fold_key;

/// What an index entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A whole article.
    Document,
    /// One quote of an article.
    Quote,
    /// One event of an article.
    Event,
}

impl Kind {
    /// The name used in the index and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Quote => "quote",
            Kind::Event => "event",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Parses `document`, `quote` or `event` (case-insensitive; plurals and
/// `doc` accepted).
impl FromStr for Kind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Kind, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "document" | "documents" | "doc" | "docs" => Ok(Kind::Document),
            "quote" | "quotes" => Ok(Kind::Quote),
            "event" | "events" => Ok(Kind::Event),
            _ => Err(Error::UnknownKind(s.to_string())),
        }
    }
}

/// Everything that can go wrong, each with a one-line message.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index directory could not be created or read, holds no index
    /// (for [`SearchIndex::open`]), is corrupt or has another schema.
    #[error("cannot open the search index at {location}: {message}")]
    Open {
        /// The directory.
        location: String,
        /// What went wrong.
        message: String,
    },
    /// The index cannot be written: another writer holds the lock, or the
    /// directory is read-only.
    #[error("cannot write the search index at {location}: {message}")]
    Write {
        /// The directory, or "memory".
        location: String,
        /// What went wrong.
        message: String,
    },
    /// The query string does not parse.
    #[error("invalid search query {query:?}: {message}")]
    Query {
        /// The query as the user wrote it.
        query: String,
        /// The parser's complaint.
        message: String,
    },
    /// The event-type filter names no records-v1 event type.
    #[error(
        "unknown event type {0:?} (expected VISIT, MEET, CALL, AID_PLEDGE, AID_DELIVERY, AGREEMENT or GATHERING)"
    )]
    UnknownEventType(String),
    /// A kind other than document, quote or event.
    #[error("unknown kind {0:?} (expected document, quote or event)")]
    UnknownKind(String),
    /// The date range ends before it starts.
    #[error("empty date range: {since} is after {until}")]
    DateRange {
        /// The first day asked for.
        since: chrono::NaiveDate,
        /// The last day asked for.
        until: chrono::NaiveDate,
    },
    /// A document without an id cannot be indexed.
    #[error("cannot index a document with an empty id")]
    EmptyDocId,
    /// Any other failure of the index.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}
