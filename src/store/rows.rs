//! Row shapes shared by both backends (their SQL reads the same columns), converted here
//! into domain types, and the translation of database refusals into domain errors.

use chrono::{DateTime, Utc};

use crate::core::{HallId, Money, MovieId, SeatId, ShowtimeId, StoreFailure, UserId};
use crate::identity::model::{Role, User};
use crate::screening::model::{Hall, Movie, Seat, SeatKind, Showtime, ShowtimeStatus};

#[derive(sqlx::FromRow)]
pub(crate) struct HallRow {
    pub id: i64,
    pub name: String,
    pub seats: i64,
    pub capacity: i64,
    pub rows: i64,
}

impl From<HallRow> for Hall {
    fn from(r: HallRow) -> Hall {
        Hall {
            id: HallId(r.id),
            name: r.name,
            seats: u32::try_from(r.seats).unwrap_or(0),
            capacity: u32::try_from(r.capacity).unwrap_or(0),
            rows: u32::try_from(r.rows).unwrap_or(0),
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SeatRow {
    pub id: i64,
    pub hall_id: i64,
    pub row_label: String,
    pub number: i32,
    pub kind: String,
    pub grid_row: i32,
    pub grid_col: i32,
    pub broken: bool,
}

impl TryFrom<SeatRow> for Seat {
    type Error = StoreFailure;
    fn try_from(r: SeatRow) -> Result<Seat, StoreFailure> {
        let bad = |what: &str| StoreFailure::new(format!("seat {} has an impossible {what}", r.id));
        Ok(Seat {
            id: SeatId(r.id),
            hall_id: HallId(r.hall_id),
            kind: SeatKind::parse(&r.kind).ok_or_else(|| bad("kind"))?,
            number: u16::try_from(r.number).map_err(|_| bad("number"))?,
            grid_row: u16::try_from(r.grid_row).map_err(|_| bad("grid row"))?,
            grid_col: u16::try_from(r.grid_col).map_err(|_| bad("grid column"))?,
            row_label: r.row_label,
            broken: r.broken,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MovieRow {
    pub id: i64,
    pub title: String,
    pub runtime_minutes: i32,
    pub rating: Option<String>,
    pub genre: Option<String>,
}

impl From<MovieRow> for Movie {
    fn from(r: MovieRow) -> Movie {
        Movie {
            id: MovieId(r.id),
            title: r.title,
            runtime_minutes: i64::from(r.runtime_minutes),
            rating: r.rating,
            genre: r.genre,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ShowtimeRow {
    pub id: i64,
    pub movie_id: i64,
    pub movie_title: String,
    pub runtime_minutes: i32,
    pub hall_id: i64,
    pub hall_name: String,
    pub starts_at: DateTime<Utc>,
    pub occupied_until: DateTime<Utc>,
    pub price_cents: i64,
    pub status: String,
}

impl TryFrom<ShowtimeRow> for Showtime {
    type Error = StoreFailure;
    fn try_from(r: ShowtimeRow) -> Result<Showtime, StoreFailure> {
        let status = match r.status.as_str() {
            "scheduled" => ShowtimeStatus::Scheduled,
            "cancelled" => ShowtimeStatus::Cancelled,
            other => {
                return Err(StoreFailure::new(format!(
                    "showtime {} has status {other:?}",
                    r.id
                )));
            }
        };
        Ok(Showtime {
            id: ShowtimeId(r.id),
            movie_id: MovieId(r.movie_id),
            movie_title: r.movie_title,
            runtime_minutes: i64::from(r.runtime_minutes),
            hall_id: HallId(r.hall_id),
            hall_name: r.hall_name,
            starts_at: r.starts_at,
            occupied_until: r.occupied_until,
            price: Money::from_cents(r.price_cents)
                .map_err(|e| StoreFailure::new(format!("showtime {}: {e}", r.id)))?,
            status,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub active: bool,
}

impl TryFrom<UserRow> for User {
    type Error = StoreFailure;
    fn try_from(r: UserRow) -> Result<User, StoreFailure> {
        let role = Role::parse(&r.role)
            .map_err(|_| StoreFailure::new(format!("user {} has role {:?}", r.id, r.role)))?;
        Ok(User {
            id: UserId(r.id),
            username: r.username,
            role,
            active: r.active,
        })
    }
}

fn db_error(e: &sqlx::Error) -> Option<&(dyn sqlx::error::DatabaseError + 'static)> {
    match e {
        sqlx::Error::Database(d) => Some(d.as_ref()),
        _ => None,
    }
}

pub(crate) fn is_unique_violation(e: &sqlx::Error) -> bool {
    db_error(e).is_some_and(|d| d.is_unique_violation())
}

pub(crate) fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    db_error(e).is_some_and(|d| d.is_foreign_key_violation())
}

/// Two showtimes in one hall at once: PostgreSQL's exclusion constraint (23P01) or the
/// SQLite trigger that stands in for it.
pub(crate) fn is_overlap_violation(e: &sqlx::Error) -> bool {
    db_error(e).is_some_and(|d| {
        d.code().as_deref() == Some("23P01") || d.message().contains("showtimes_no_overlap")
    })
}

/// The columns of `HallRow`; callers append WHERE/ORDER clauses with `concat!`.
macro_rules! hall_select {
    () => {
        "SELECT h.id, h.name, \
         (SELECT count(*) FROM seats s WHERE s.hall_id = h.id) AS seats, \
         (SELECT count(*) FROM seats s WHERE s.hall_id = h.id AND NOT s.broken) AS capacity, \
         (SELECT count(DISTINCT s.row_label) FROM seats s WHERE s.hall_id = h.id) AS rows \
         FROM halls h "
    };
}

/// The columns of `ShowtimeRow`.
macro_rules! showtime_select {
    () => {
        "SELECT s.id, s.movie_id, m.title AS movie_title, m.runtime_minutes, \
         s.hall_id, h.name AS hall_name, s.starts_at, s.occupied_until, s.price_cents, s.status \
         FROM showtimes s JOIN movies m ON m.id = s.movie_id JOIN halls h ON h.id = s.hall_id "
    };
}
