//! What every domain error shares: the kind that decides the exit code, the stable code
//! of PRODUCT.md, and an opaque store failure for what no rule explains.

use std::fmt;

/// The four outcomes a user can tell apart (PRODUCT.md's exit codes 2, 3, 4 and 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    InvalidInput,
    Refused,
    NotFound,
    Internal,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::InvalidInput => 2,
            ErrorKind::Refused => 3,
            ErrorKind::NotFound => 4,
            ErrorKind::Internal => 1,
        }
    }
}

/// Implemented by every domain error: how the edges (CLI, TUI, SSH) present it.
pub trait DomainError: std::error::Error {
    fn kind(&self) -> ErrorKind;
    /// Stable snake_case word, e.g. `hall_busy`.
    fn code(&self) -> &'static str;
    /// Extra JSON fields (e.g. `suggestions`), merged into `{"error": {...}}`.
    fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::Map::new()
    }
}

/// A database failure that no business rule explains (connection lost, disk full, ...).
/// The message is for the log and the operator; the user sees that something failed.
#[derive(Debug, Clone)]
pub struct StoreFailure {
    pub message: String,
}

impl StoreFailure {
    pub fn new(message: impl Into<String>) -> Self {
        StoreFailure {
            message: message.into(),
        }
    }
}

impl fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "database error: {}", self.message)
    }
}

impl std::error::Error for StoreFailure {}
