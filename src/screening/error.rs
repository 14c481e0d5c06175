//! Every way a screening use case can be refused, each with PRODUCT.md's stable code.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::vocab::text::count;
use crate::vocab::{DomainError, ErrorKind, ShowtimeId, StoreFailure};

use super::layout::LayoutError;
use super::model::Bookings;

/// A hall free for the whole requested interval, offered when the chosen one is busy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HallSuggestion {
    pub hall_id: i64,
    pub hall: String,
    pub capacity: u32,
}

/// A start time at which the chosen hall is free for the whole showtime.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StartSuggestion {
    pub starts_at: DateTime<Utc>,
    /// On the venue's wall clock, as `--at` takes it.
    pub local: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    pub other_halls: Vec<HallSuggestion>,
    pub start_times: Vec<StartSuggestion>,
}

/// A showtime that stands in the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clash {
    pub showtime_id: i64,
    pub movie: String,
    /// Venue wall clock, "HH:MM-HH:MM"; a copy's clash says the day and hall too
    /// ("Wed 16 Dec 19:00-21:06, Salon").
    pub occupied: String,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum ScreeningError {
    #[error("{field}: {message}")]
    Invalid {
        field: &'static str,
        message: String,
    },
    #[error(transparent)]
    Layout(#[from] LayoutError),
    #[error("a hall named {0:?} already exists (names are compared ignoring case)")]
    HallNameTaken(String),
    #[error("no hall named {0:?}")]
    HallNotFound(String),
    #[error("no movie with id {0}")]
    MovieNotFound(i64),
    #[error("no movie is called {0:?}")]
    NoMovieTitled(String),
    /// A part of a title several movies share: they are named, to choose one.
    #[error("{query:?} fits several movies: {}; give more of the title or the id", .matches.join(", "))]
    AmbiguousMovie { query: String, matches: Vec<String> },
    #[error("no showtime with id {0}")]
    ShowtimeNotFound(i64),
    #[error("no seat {seat} in hall {hall:?}")]
    SeatNotFound { hall: String, seat: String },
    #[error("{}", busy_message(.hall, .clashes, .suggestions))]
    HallBusy {
        hall: String,
        clashes: Vec<Clash>,
        suggestions: Suggestions,
    },
    #[error("the start {0} is in the past")]
    StartsInPast(String),
    #[error("{what} cannot be {action}: {reason}")]
    HasDependents {
        what: String,
        action: &'static str,
        reason: String,
    },
    #[error("changing the runtime would make showtimes overlap: {}", clash_list(.0))]
    RuntimeClash(Vec<Clash>),
    #[error("the copy would clash, nothing was copied: {}", clash_list(.0))]
    CopyClash(Vec<Clash>),
    #[error("{0}")]
    PermissionDenied(String),
    #[error(transparent)]
    Store(#[from] StoreFailure),
}

fn clash_list(clashes: &[Clash]) -> String {
    clashes
        .iter()
        .map(|c| format!("#{} {} ({})", c.showtime_id, c.movie, c.occupied))
        .collect::<Vec<_>>()
        .join(", ")
}

fn busy_message(hall: &str, clashes: &[Clash], s: &Suggestions) -> String {
    let mut m = format!("hall {hall:?} is busy then: {}", clash_list(clashes));
    if s.other_halls.is_empty() && s.start_times.is_empty() {
        m.push_str("; no other hall is free then and the hall has no free slot later that day");
        return m;
    }
    if !s.other_halls.is_empty() {
        let halls: Vec<String> = s
            .other_halls
            .iter()
            .map(|h| format!("{} ({} seats)", h.hall, h.capacity))
            .collect();
        m.push_str(&format!("; free at that time: {}", halls.join(", ")));
    }
    if !s.start_times.is_empty() {
        let times: Vec<&str> = s.start_times.iter().map(|t| t.local.as_str()).collect();
        m.push_str(&format!("; {hall} is free from {}", times.join(", ")));
    }
    m
}

impl ScreeningError {
    /// A showtime with tickets or held seats cannot be `action`ed; `None` when it has
    /// neither. Tickets: only a cancel, which refunds them; holds: once they are given
    /// back or lapse (a hold that is sold becomes a ticket, which keeps the time).
    pub fn booked(id: ShowtimeId, b: Bookings, action: &'static str) -> Option<Self> {
        let reason = if b.sold > 0 {
            format!(
                "{} sold for it; cancel it instead",
                count(b.sold, "ticket was", "tickets were")
            )
        } else if b.held > 0 {
            format!(
                "{} for it right now; it moves only while nothing is held or sold (the Floor tab lists the holds)",
                count(b.held, "seat is held", "seats are held")
            )
        } else {
            return None;
        };
        Some(ScreeningError::HasDependents {
            what: format!("showtime #{id}"),
            action,
            reason,
        })
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        ScreeningError::Invalid {
            field,
            message: message.into(),
        }
    }
}

impl DomainError for ScreeningError {
    fn kind(&self) -> ErrorKind {
        use ScreeningError::*;
        match self {
            Invalid { .. } | Layout(_) | AmbiguousMovie { .. } => ErrorKind::InvalidInput,
            PermissionDenied(_)
            | HallNameTaken(_)
            | HallBusy { .. }
            | StartsInPast(_)
            | HasDependents { .. }
            | RuntimeClash(_)
            | CopyClash(_) => ErrorKind::Refused,
            HallNotFound(_)
            | MovieNotFound(_)
            | NoMovieTitled(_)
            | ShowtimeNotFound(_)
            | SeatNotFound { .. } => ErrorKind::NotFound,
            Store(_) => ErrorKind::Internal,
        }
    }

    fn code(&self) -> &'static str {
        use ScreeningError::*;
        match self {
            Invalid { .. } | Layout(_) => "invalid_input",
            AmbiguousMovie { .. } => "ambiguous",
            HallNameTaken(_) => "name_taken",
            HallNotFound(_)
            | MovieNotFound(_)
            | NoMovieTitled(_)
            | ShowtimeNotFound(_)
            | SeatNotFound { .. } => "not_found",
            HallBusy { .. } | RuntimeClash(_) | CopyClash(_) => "hall_busy",
            StartsInPast(_) => "starts_in_past",
            HasDependents { .. } => "has_dependents",
            PermissionDenied(_) => "permission_denied",
            Store(_) => "internal",
        }
    }

    fn details(&self) -> Map<String, Value> {
        let mut m = Map::new();
        match self {
            ScreeningError::Invalid { field, .. } => {
                m.insert("field".into(), json!(field));
            }
            ScreeningError::Layout(e) => {
                m.insert("field".into(), json!(e.field()));
                if let Some((line, column)) = e.position() {
                    m.insert("line".into(), json!(line));
                    m.insert("column".into(), json!(column));
                }
            }
            ScreeningError::HallBusy {
                clashes,
                suggestions,
                ..
            } => {
                m.insert("clashes".into(), json!(clashes));
                m.insert("suggestions".into(), json!(suggestions));
            }
            ScreeningError::RuntimeClash(clashes) | ScreeningError::CopyClash(clashes) => {
                m.insert("clashes".into(), json!(clashes));
            }
            ScreeningError::AmbiguousMovie { matches, .. } => {
                m.insert("field".into(), json!("movie"));
                m.insert("matches".into(), json!(matches));
            }
            _ => {}
        }
        m
    }
}
