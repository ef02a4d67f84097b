//! The one error shape the UI sees: `{ kind, message, fields }`.
//!
//! `kind` is a closed set that grows only when the UI branches on it. The full error chain
//! is logged here before it is flattened; the UI never sees SQL.

use leadtrack_domain::FieldError;
use leadtrack_store::Error as StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorKind {
    Validation,
    NotFound,
    Storage,
    TooNew,
    /// The calling window may not use this command.
    Forbidden,
    Internal,
}

/// What every failed command rejects with. `fields` is non-empty for `validation`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub kind: IpcErrorKind,
    pub message: String,
    pub fields: Vec<FieldError>,
}

impl IpcError {
    pub fn new(kind: IpcErrorKind, message: impl Into<String>) -> IpcError {
        IpcError { kind, message: message.into(), fields: Vec::new() }
    }
}

impl From<StoreError> for IpcError {
    fn from(e: StoreError) -> IpcError {
        match e {
            StoreError::Invalid(v) => {
                IpcError { kind: IpcErrorKind::Validation, message: v.to_string(), fields: v.fields }
            }
            StoreError::NotFound { .. } => IpcError::new(IpcErrorKind::NotFound, e.to_string()),
            StoreError::TooNew { .. } => IpcError::new(IpcErrorKind::TooNew, e.to_string()),
            StoreError::Forbidden(message) => IpcError::new(IpcErrorKind::Forbidden, message),
            other => {
                tracing::error!(error = ?other, "storage error");
                IpcError::new(
                    IpcErrorKind::Storage,
                    "The lead database could not complete this. Nothing was half-saved; try again, and if it repeats, see the log.",
                )
            }
        }
    }
}

impl From<tauri::Error> for IpcError {
    fn from(e: tauri::Error) -> IpcError {
        tracing::error!(error = ?e, "internal error");
        IpcError::new(IpcErrorKind::Internal, "Something went wrong inside LeadTrack; see the log.")
    }
}

pub type Result<T> = std::result::Result<T, IpcError>;
