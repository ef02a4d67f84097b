use std::path::PathBuf;

use leadtrack_domain::ValidationErrors;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Invalid(#[from] ValidationErrors),

    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },

    /// The signed-in person's role does not allow this (a rep managing the team, say).
    #[error("{0}")]
    Forbidden(String),

    #[error(
        "This database was written by a newer LeadTrack (schema {found}; this version knows up to \
         {supported}). Install the newer LeadTrack to open it. Nothing in it was changed."
    )]
    TooNew { found: i64, supported: i64 },

    #[error("The database at {path} failed its integrity check ({detail}). It was not modified.")]
    Corrupt { path: PathBuf, detail: String },

    #[error("The {what} at {path} is damaged: its contents no longer match what was saved.")]
    Damaged { path: PathBuf, what: &'static str },

    /// A content pack that cannot be trusted (issue 7); the message is meant for the rep.
    #[error(transparent)]
    Content(#[from] leadtrack_content::ContentError),

    #[error("cannot use the data folder {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("stored data could not be read back: {0}")]
    Json(#[from] serde_json::Error),

    /// A failure inside a library that is not about the data (hashing a PIN, say).
    #[error("{0}")]
    Internal(String),
}
