//! The store's errors: values with one-line messages, never panics.

use rusqlite::ErrorCode;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file does not exist (and the call does not create one).
    #[error("database {path} does not exist")]
    NotFound { path: String },
    /// The file could not be opened or created (missing folder, permissions).
    #[error("cannot open database {path}: {reason}")]
    Open { path: String, reason: String },
    /// A write was asked of a database opened read-only or on a read-only file.
    #[error("database {path} is read-only: {what}")]
    ReadOnly { path: String, what: String },
    /// The file was written by a newer chronicle.
    #[error(
        "database {path} has schema version {found}, newer than this program's {known}: upgrade chronicle"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    /// The file is not an SQLite database.
    #[error("{path} is not a chronicle database (not SQLite)")]
    NotADatabase { path: String },
    /// The disk (or the database's size limit) is full; the transaction was
    /// rolled back and nothing of it is stored.
    #[error("disk full while writing {path}: the batch was rolled back, nothing of it was stored")]
    DiskFull { path: String },
    /// Another process holds the database locked.
    #[error("database {path} is busy (locked by another process)")]
    Busy { path: String },
    /// Input the store cannot take.
    #[error("invalid input: {0}")]
    Invalid(String),
    /// Any other SQLite error.
    #[error("database error in {path}: {source}")]
    Sqlite {
        path: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored JSON value could not be written or read.
    #[error("JSON error: {0}")]
    Json(#[from] serde_json::Error),
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// Classifies an SQLite error met while working on `path`.
    pub(crate) fn from_sqlite(path: &str, e: rusqlite::Error) -> StoreError {
        let path = path.to_string();
        match e.sqlite_error_code() {
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly {
                path,
                what: "the write was refused".into(),
            },
            Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => {
                StoreError::Busy { path }
            }
            Some(ErrorCode::CannotOpen) => StoreError::Open {
                path,
                reason: e.to_string(),
            },
            _ => StoreError::Sqlite { path, source: e },
        }
    }
}
