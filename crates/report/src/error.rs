//! The crate's errors: values with one-line messages.

use chronicle_store::StoreError;

/// Everything a report or an export can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The store could not be opened or read.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A file or standard output could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("CSV error: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
    /// An argument the report cannot take (a bad date, an unknown type).
    #[error("{0}")]
    Invalid(String),
    /// Nothing matched what was asked for (an actor name).
    #[error("{0}")]
    NotFound(String),
}

/// The crate's result type.
pub type Result<T, E = ReportError> = std::result::Result<T, E>;

impl ReportError {
    /// Whether writing failed because the reader went away (`| head`),
    /// which a command line treats as success.
    pub fn is_broken_pipe(&self) -> bool {
        let broken = |e: &std::io::Error| e.kind() == std::io::ErrorKind::BrokenPipe;
        match self {
            ReportError::Io { source, .. } => broken(source),
            ReportError::Csv(e) => matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)),
            ReportError::Json(e) => e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe),
            _ => false,
        }
    }

    pub(crate) fn io(path: impl Into<String>, source: std::io::Error) -> ReportError {
        ReportError::Io {
            path: path.into(),
            source,
        }
    }
}
