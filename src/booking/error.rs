//! Every way a booking can be refused, each with PRODUCT.md's stable code.

use serde_json::{Map, Value, json};

use crate::screening::ScreeningError;
use crate::vocab::{DomainError, ErrorKind, Money, StoreFailure};

#[derive(Debug, Clone, thiserror::Error)]
pub enum BookingError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error("{} not available: {}", if .0.len() == 1 { "seat" } else { "seats" }, .0.join(", "))]
    SeatUnavailable(Vec<String>),
    #[error("{}", refused_seats(.0))]
    SeatsRefused(Vec<(String, String)>),
    /// "Best N together" found no block of N free seats side by side.
    #[error("{}", no_block(*.0))]
    NoSeatsTogether(usize),
    #[error("the hold has expired; the seats are no longer reserved for this order")]
    HoldExpired,
    #[error("at most {max} seats per order")]
    TooManySeats { max: u32 },
    #[error("the showtime started at {0}; seats are no longer sold")]
    ShowtimeStarted(String),
    #[error("the showtime was cancelled")]
    ShowtimeCancelled,
    #[error("no order {0}")]
    OrderNotFound(i64),
    #[error("order {id} is {status}")]
    OrderClosed { id: i64, status: &'static str },
    /// Cancelling or releasing a sold order would leave its tickets valid while saying
    /// the seats are free: only a refund gives them back.
    #[error("order {0} is paid; its seats are tickets now: refund it instead")]
    OrderPaid(i64),
    #[error("another terminal is taking payment for this order; try again in a moment")]
    PaymentInProgress,
    #[error("the hold was already extended once")]
    AlreadyExtended,
    #[error(
        "{} left for online sale; the last {reserve} are kept for the counter",
        left_online(*.left)
    )]
    CounterReserve { left: u32, reserve: u32 },
    /// A child ticket for a film the venue asks about (`booking::age`), not confirmed.
    #[error(
        "a child ticket for a film rated {rating} needs a confirmation that the child may see it"
    )]
    AgeNotConfirmed { rating: String },
    #[error("{0}")]
    PermissionDenied(String),
    #[error("the total is {total} but only {tendered} was tendered")]
    TenderedTooLittle { total: Money, tendered: Money },
    /// The payment asked for a drawer (an open shift of the seller's) to take its cash,
    /// and there was none when the sale committed: closed meanwhile, elsewhere.
    #[error("the seller's shift closed before the sale was made; nothing was sold")]
    DrawerClosed,
    #[error(transparent)]
    Screening(#[from] ScreeningError),
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

fn left_online(n: u32) -> String {
    match n {
        0 => "no seat is".into(),
        1 => "only 1 seat is".into(),
        n => format!("only {n} seats are"),
    }
}

fn no_block(n: usize) -> String {
    if n == 1 {
        "no seat is free".into()
    } else {
        format!("no {n} seats together are free")
    }
}

fn refused_seats(seats: &[(String, String)]) -> String {
    let parts: Vec<String> = seats
        .iter()
        .map(|(s, why)| format!("{s} ({why})"))
        .collect();
    format!("cannot sell {}", parts.join(", "))
}

impl BookingError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        BookingError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl DomainError for BookingError {
    fn kind(&self) -> ErrorKind {
        use BookingError::*;
        match self {
            Invalid { .. } | TooManySeats { .. } | TenderedTooLittle { .. } => {
                ErrorKind::InvalidInput
            }
            SeatUnavailable(_)
            | SeatsRefused(_)
            | NoSeatsTogether(_)
            | HoldExpired
            | ShowtimeStarted(_)
            | ShowtimeCancelled
            | OrderClosed { .. }
            | OrderPaid(_)
            | PaymentInProgress
            | AlreadyExtended
            | CounterReserve { .. }
            | AgeNotConfirmed { .. }
            | DrawerClosed
            | PermissionDenied(_) => ErrorKind::Refused,
            OrderNotFound(_) => ErrorKind::NotFound,
            Screening(e) => e.kind(),
            Store(_) => ErrorKind::Internal,
        }
    }

    fn code(&self) -> &'static str {
        use BookingError::*;
        match self {
            Invalid { .. } | TooManySeats { .. } | TenderedTooLittle { .. } => "invalid_input",
            SeatUnavailable(_) | SeatsRefused(_) | NoSeatsTogether(_) | CounterReserve { .. } => {
                "seat_unavailable"
            }
            HoldExpired => "hold_expired",
            ShowtimeStarted(_) | ShowtimeCancelled => "showtime_closed",
            OrderClosed { .. } => "order_closed",
            OrderPaid(_) => "order_paid",
            PaymentInProgress => "payment_in_progress",
            AlreadyExtended => "already_extended",
            AgeNotConfirmed { .. } => "age_not_confirmed",
            DrawerClosed => "no_shift",
            PermissionDenied(_) => "permission_denied",
            OrderNotFound(_) => "not_found",
            Screening(e) => e.code(),
            Store(_) => "internal",
        }
    }

    fn details(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            BookingError::Invalid { field, .. } => {
                m.insert("field".into(), json!(field));
            }
            BookingError::SeatUnavailable(seats) => {
                m.insert("seats".into(), json!(seats));
            }
            BookingError::SeatsRefused(seats) => {
                let names: Vec<&str> = seats.iter().map(|(s, _)| s.as_str()).collect();
                m.insert("seats".into(), json!(names));
                let reasons: Map<String, Value> =
                    seats.iter().map(|(s, r)| (s.clone(), json!(r))).collect();
                m.insert("reasons".into(), Value::Object(reasons));
            }
            BookingError::AgeNotConfirmed { rating } => {
                m.insert("rating".into(), json!(rating));
            }
            BookingError::Screening(e) => return e.details(),
            _ => {}
        }
        m
    }
}
