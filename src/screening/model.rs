//! Screening's vocabulary: halls, seats, movies, showtimes. Each type is valid by
//! construction; the rules about time live in `schedule.rs`, hall maps in `layout.rs`.

use std::fmt;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::vocab::text::has_control;
use crate::vocab::{HallId, Money, MovieId, SeatId, ShowtimeId};

use super::error::ScreeningError;
use super::layout::HallLayout;

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hall's name: trimmed, inner runs of spaces folded, never blank, at most 60 characters.
/// Two names that differ only in case are the same hall (see `key`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct HallName(String);

impl HallName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(text: &str) -> Result<Self, ScreeningError> {
        let name = clean(text);
        if name.is_empty() {
            return Err(ScreeningError::invalid(
                "name",
                "a hall's name cannot be blank",
            ));
        }
        if name.chars().count() > Self::MAX_CHARS {
            return Err(ScreeningError::invalid(
                "name",
                format!("a hall's name has at most {} characters", Self::MAX_CHARS),
            ));
        }
        if has_control(text) {
            return Err(ScreeningError::invalid(
                "name",
                "a hall's name cannot hold control characters",
            ));
        }
        Ok(HallName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What uniqueness is decided on: case-insensitive.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

impl fmt::Display for HallName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeatKind {
    Standard,
    Premium,
    Wheelchair,
    Companion,
}

impl SeatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SeatKind::Standard => "standard",
            SeatKind::Premium => "premium",
            SeatKind::Wheelchair => "wheelchair",
            SeatKind::Companion => "companion",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "standard" => Some(SeatKind::Standard),
            "premium" => Some(SeatKind::Premium),
            "wheelchair" => Some(SeatKind::Wheelchair),
            "companion" => Some(SeatKind::Companion),
            _ => None,
        }
    }

    /// The character a layout map uses for this kind.
    pub fn map_char(self) -> char {
        match self {
            SeatKind::Standard => 's',
            SeatKind::Premium => 'p',
            SeatKind::Wheelchair => 'w',
            SeatKind::Companion => 'c',
        }
    }
}

/// A place in a new hall, before it has an id: its label and where it stands in the map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatSpec {
    pub row_label: String,
    pub number: u16,
    pub kind: SeatKind,
    /// Line of the map (0-based, walkways included), for drawing the hall as it is.
    pub grid_row: u16,
    /// Column of the map (0-based, gaps included).
    pub grid_col: u16,
}

/// A hall to be created: a valid name and a valid layout; the store creates it whole.
#[derive(Debug, Clone)]
pub struct NewHall {
    pub name: HallName,
    pub layout: HallLayout,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Seat {
    pub id: SeatId,
    pub hall_id: HallId,
    pub row_label: String,
    pub number: u16,
    pub kind: SeatKind,
    pub grid_row: u16,
    pub grid_col: u16,
    pub broken: bool,
}

impl Seat {
    pub fn label(&self) -> String {
        format!("{}{}", self.row_label, self.number)
    }
}

/// A seat as people name it: row letters then number, e.g. "A12" or "AB3".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatLabel {
    pub row: String,
    pub number: u16,
}

impl SeatLabel {
    pub fn parse(text: &str) -> Result<Self, ScreeningError> {
        let t = text.trim().to_uppercase();
        let split = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
        let (row, number) = t.split_at(split);
        let valid_row = (1..=2).contains(&row.len()) && row.chars().all(|c| c.is_ascii_uppercase());
        match (valid_row, number.parse::<u16>()) {
            (true, Ok(n)) if n >= 1 => Ok(SeatLabel {
                row: row.to_string(),
                number: n,
            }),
            _ => Err(ScreeningError::invalid(
                "seat",
                format!("{text:?} is not a seat; write row then number, like A12"),
            )),
        }
    }
}

impl fmt::Display for SeatLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.row, self.number)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hall {
    pub id: HallId,
    pub name: String,
    /// Every seat, broken ones included.
    pub seats: u32,
    /// Seats that can be sold: all but the broken ones.
    pub capacity: u32,
    pub rows: u32,
}

/// A movie's title: trimmed, never blank, at most 200 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovieTitle(String);

impl MovieTitle {
    pub fn parse(text: &str) -> Result<Self, ScreeningError> {
        let t = clean(text);
        if t.is_empty() {
            return Err(ScreeningError::invalid(
                "title",
                "a movie's title cannot be blank",
            ));
        }
        if t.chars().count() > 200 {
            return Err(ScreeningError::invalid(
                "title",
                "a movie's title has at most 200 characters",
            ));
        }
        if has_control(text) {
            return Err(ScreeningError::invalid(
                "title",
                "a movie's title cannot hold control characters",
            ));
        }
        Ok(MovieTitle(t))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A positive runtime in minutes, at most 16 hours (no film is longer; a typo is likelier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Runtime(u16);

impl Runtime {
    pub const MAX_MINUTES: i64 = 960;

    pub fn from_minutes(minutes: i64) -> Result<Self, ScreeningError> {
        if minutes <= 0 {
            return Err(ScreeningError::invalid(
                "minutes",
                "a runtime must be at least 1 minute",
            ));
        }
        if minutes > Self::MAX_MINUTES {
            return Err(ScreeningError::invalid(
                "minutes",
                format!("a runtime is at most {} minutes", Self::MAX_MINUTES),
            ));
        }
        Ok(Runtime(minutes as u16))
    }

    pub fn minutes(self) -> i64 {
        i64::from(self.0)
    }
}

/// An optional short label such as a rating (PG-13, 12A) or a genre.
fn short_label(
    field: &'static str,
    text: Option<&str>,
    max: usize,
) -> Result<Option<String>, ScreeningError> {
    if text.is_some_and(has_control) {
        return Err(ScreeningError::invalid(
            field,
            format!("{field} cannot hold control characters"),
        ));
    }
    match text.map(clean) {
        None => Ok(None),
        Some(t) if t.is_empty() => Ok(None),
        Some(t) if t.chars().count() > max => Err(ScreeningError::invalid(
            field,
            format!("{field} has at most {max} characters"),
        )),
        Some(t) => Ok(Some(t)),
    }
}

/// What is sold and held for a showtime: while either is there, its time stays (a
/// ticket keeps the time it was sold for, a hold the time its buyer chose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Bookings {
    /// Valid tickets.
    pub sold: i64,
    /// Seats held and not yet lapsed.
    pub held: i64,
}

#[derive(Debug, Clone)]
pub struct NewMovie {
    pub title: MovieTitle,
    pub runtime: Runtime,
    pub rating: Option<String>,
    pub genre: Option<String>,
}

impl NewMovie {
    pub fn parse(
        title: &str,
        minutes: i64,
        rating: Option<&str>,
        genre: Option<&str>,
    ) -> Result<Self, ScreeningError> {
        Ok(NewMovie {
            title: MovieTitle::parse(title)?,
            runtime: Runtime::from_minutes(minutes)?,
            rating: short_label("rating", rating, 10)?,
            genre: short_label("genre", genre, 40)?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movie {
    pub id: MovieId,
    pub title: String,
    pub runtime_minutes: i64,
    pub rating: Option<String>,
    pub genre: Option<String>,
}

/// A half-open span of time `[start, end)`: two spans that only touch do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    /// `None` unless `end` is after `start`.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Option<Self> {
        (end > start).then_some(Interval { start, end })
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn length(&self) -> Duration {
        self.end - self.start
    }

    pub fn shifted_to(&self, start: DateTime<Utc>) -> Interval {
        Interval {
            start,
            end: start + self.length(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowtimeStatus {
    Scheduled,
    Cancelled,
}

impl ShowtimeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ShowtimeStatus::Scheduled => "scheduled",
            ShowtimeStatus::Cancelled => "cancelled",
        }
    }
}

/// A showtime as the store will insert it: the occupied interval is already computed.
#[derive(Debug, Clone)]
pub struct NewShowtime {
    pub movie_id: MovieId,
    pub hall_id: HallId,
    pub occupied: Interval,
    pub price: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Showtime {
    pub id: ShowtimeId,
    pub movie_id: MovieId,
    pub movie_title: String,
    /// The film's rating (PG-13, R, ...), shown wherever the showtime is chosen.
    pub movie_rating: Option<String>,
    pub runtime_minutes: i64,
    pub hall_id: HallId,
    pub hall_name: String,
    pub starts_at: DateTime<Utc>,
    /// When the hall is free again: start + runtime + ads + cleaning.
    pub occupied_until: DateTime<Utc>,
    pub price: Money,
    pub status: ShowtimeStatus,
}

impl Showtime {
    /// The title with the film's rating, "Cold Harbour (R)", as people choose by both.
    pub fn title_and_rating(&self) -> String {
        match &self.movie_rating {
            Some(rating) => format!("{} ({rating})", self.movie_title),
            None => self.movie_title.clone(),
        }
    }

    pub fn occupied(&self) -> Interval {
        Interval {
            start: self.starts_at,
            end: self.occupied_until,
        }
    }

    /// When the film itself ends (the ads run before it).
    pub fn film_ends_at(&self, ads_minutes: i64) -> DateTime<Utc> {
        self.starts_at + Duration::minutes(ads_minutes + self.runtime_minutes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hall_names_are_trimmed_and_compared_without_case() {
        let a = HallName::parse("  Hall   One ").unwrap();
        assert_eq!(a.as_str(), "Hall One");
        assert_eq!(a.key(), HallName::parse("HALL ONE").unwrap().key());
        assert!(HallName::parse("   ").is_err());
        assert!(HallName::parse(&"x".repeat(61)).is_err());
    }

    #[test]
    fn seat_labels_are_row_letters_then_number() {
        assert_eq!(
            SeatLabel::parse("a12").unwrap(),
            SeatLabel {
                row: "A".into(),
                number: 12
            }
        );
        assert_eq!(SeatLabel::parse(" AB3 ").unwrap().to_string(), "AB3");
        for bad in ["12", "A", "A0", "ABC1", "A-1", ""] {
            assert!(SeatLabel::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn runtime_is_positive() {
        assert!(Runtime::from_minutes(0).is_err());
        assert!(Runtime::from_minutes(-5).is_err());
        assert_eq!(Runtime::from_minutes(90).unwrap().minutes(), 90);
        assert!(Runtime::from_minutes(961).is_err());
    }

    #[test]
    fn touching_intervals_do_not_overlap() {
        let t = |m: i64| DateTime::<Utc>::from_timestamp(m * 60, 0).unwrap();
        let a = Interval::new(t(0), t(60)).unwrap();
        let b = Interval::new(t(60), t(120)).unwrap();
        let c = Interval::new(t(59), t(61)).unwrap();
        assert!(!a.overlaps(&b));
        assert!(a.overlaps(&c) && b.overlaps(&c));
        assert!(Interval::new(t(5), t(5)).is_none());
    }
}
