//! Every way a payment, refund or shift can be refused, each with a stable code.

use serde_json::{Map, Value, json};

use crate::booking::BookingError;
use crate::screening::ScreeningError;
use crate::vocab::{DomainError, ErrorKind, StoreFailure};

#[derive(Debug, Clone, thiserror::Error)]
pub enum PaymentError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("the card was declined: {reason}; the seats are still held")]
    Declined { reason: String },
    #[error(
        "the bank did not answer after {attempts} attempts; nothing was charged and the seats are still held"
    )]
    GatewayTimeout { attempts: u32 },
    #[error(
        "the card was charged but the seats could not be sold ({cause}); the charge was refunded automatically"
    )]
    Voided { cause: BookingError },
    #[error("the refund did not go through: {reason}")]
    RefundFailed { reason: String },
    #[error("nothing to refund: {0}")]
    NothingToRefund(String),
    #[error("no ticket {0}")]
    TicketNotFound(String),
    #[error("{0}")]
    PermissionDenied(String),
    #[error("a shift is already open since {0}; close it first")]
    ShiftAlreadyOpen(String),
    #[error("no shift is open; open one with a cash float first")]
    NoOpenShift,
    /// Cash without an open shift (`[shift] required`): it would belong to no drawer.
    #[error(
        "cash is taken only in an open shift; a card still works. Open your shift with a cash float first"
    )]
    CashNeedsShift,
    #[error(transparent)]
    Booking(#[from] BookingError),
    #[error(transparent)]
    Screening(#[from] ScreeningError),
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

impl PaymentError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        PaymentError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl DomainError for PaymentError {
    fn kind(&self) -> ErrorKind {
        use PaymentError::*;
        match self {
            Invalid { .. } => ErrorKind::InvalidInput,
            Declined { .. }
            | GatewayTimeout { .. }
            | Voided { .. }
            | RefundFailed { .. }
            | NothingToRefund(_)
            | PermissionDenied(_)
            | ShiftAlreadyOpen(_)
            | NoOpenShift
            | CashNeedsShift => ErrorKind::Refused,
            TicketNotFound(_) => ErrorKind::NotFound,
            Booking(e) => e.kind(),
            Screening(e) => e.kind(),
            Store(_) => ErrorKind::Internal,
        }
    }

    fn code(&self) -> &'static str {
        use PaymentError::*;
        match self {
            Invalid { .. } => "invalid_input",
            Declined { .. } => "payment_declined",
            GatewayTimeout { .. } => "payment_timeout",
            Voided { .. } => "payment_voided",
            RefundFailed { .. } => "refund_failed",
            NothingToRefund(_) => "already_refunded",
            TicketNotFound(_) => "not_found",
            PermissionDenied(_) => "permission_denied",
            ShiftAlreadyOpen(_) => "shift_open",
            NoOpenShift | CashNeedsShift => "no_shift",
            Booking(e) => e.code(),
            Screening(e) => e.code(),
            Store(_) => "internal",
        }
    }

    fn details(&self) -> Map<String, Value> {
        match self {
            PaymentError::Invalid { field, .. } => {
                let mut m = Map::new();
                m.insert("field".into(), json!(field));
                m
            }
            PaymentError::Voided { cause } => {
                let mut m = cause.details();
                m.insert("cause".into(), json!(cause.code()));
                m
            }
            PaymentError::Booking(e) => e.details(),
            PaymentError::Screening(e) => e.details(),
            _ => Map::new(),
        }
    }
}
