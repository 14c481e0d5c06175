//! Every way an identity use case can be refused.

use crate::vocab::{DomainError, ErrorKind, StoreFailure};

#[derive(Debug, Clone, thiserror::Error)]
pub enum IdentityError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("the username {0:?} is taken")]
    UsernameTaken(String),
    #[error("no user named {0:?}")]
    UserNotFound(String),
    /// The same answer for an unknown username, a wrong password and a locked account.
    #[error("unknown username or wrong password (repeated failures lock an account for a while)")]
    InvalidCredentials,
    #[error("the account is disabled; ask a manager")]
    AccountDisabled,
    #[error("{0}")]
    PermissionDenied(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Internal(String),
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

impl IdentityError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        IdentityError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl DomainError for IdentityError {
    fn kind(&self) -> ErrorKind {
        match self {
            IdentityError::Invalid { .. } => ErrorKind::InvalidInput,
            IdentityError::UsernameTaken(_)
            | IdentityError::InvalidCredentials
            | IdentityError::AccountDisabled
            | IdentityError::PermissionDenied(_)
            | IdentityError::Refused(_) => ErrorKind::Refused,
            IdentityError::UserNotFound(_) => ErrorKind::NotFound,
            IdentityError::Internal(_) | IdentityError::Store(_) => ErrorKind::Internal,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            IdentityError::Invalid { .. } => "invalid_input",
            IdentityError::UsernameTaken(_) => "name_taken",
            IdentityError::InvalidCredentials => "invalid_credentials",
            IdentityError::AccountDisabled => "account_disabled",
            IdentityError::PermissionDenied(_) => "permission_denied",
            IdentityError::Refused(_) => "refused",
            IdentityError::UserNotFound(_) => "not_found",
            IdentityError::Internal(_) | IdentityError::Store(_) => "internal",
        }
    }

    fn details(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut m = serde_json::Map::new();
        if let IdentityError::Invalid { field, .. } = self {
            m.insert("field".into(), serde_json::json!(field));
        }
        m
    }
}
