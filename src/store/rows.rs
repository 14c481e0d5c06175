//! Row shapes shared by both backends (their SQL reads the same columns), converted here
//! into domain types, and the translation of database refusals into domain errors.

use chrono::{DateTime, Utc};

use crate::booking::model::{
    Channel, Claim, ClaimState, Order, OrderSeat, OrderStatus, OrderSummary, Ticket, TicketType,
};
use crate::identity::model::{Role, User};
use crate::screening::model::{Hall, Movie, Seat, SeatKind, Showtime, ShowtimeStatus};
use crate::vocab::{
    HallId, Money, MovieId, OrderId, SeatId, ShowtimeId, StoreFailure, TicketId, UserId,
};

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
    pub movie_rating: Option<String>,
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
            movie_rating: r.movie_rating,
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
        "SELECT s.id, s.movie_id, m.title AS movie_title, m.rating AS movie_rating, m.runtime_minutes, \
         s.hall_id, h.name AS hall_name, s.starts_at, s.occupied_until, s.price_cents, s.status \
         FROM showtimes s JOIN movies m ON m.id = s.movie_id JOIN halls h ON h.id = s.hall_id "
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct ClaimRow {
    pub seat_id: i64,
    pub order_id: i64,
    pub state: String,
    pub held_until: DateTime<Utc>,
    pub holder_id: i64,
    pub holder: String,
    pub channel: String,
}

pub(crate) fn channel(text: &str) -> Result<Channel, StoreFailure> {
    match text {
        "counter" => Ok(Channel::Counter),
        "kiosk" => Ok(Channel::Kiosk),
        other => Err(StoreFailure::new(format!("unknown channel {other:?}"))),
    }
}

impl TryFrom<ClaimRow> for Claim {
    type Error = StoreFailure;
    fn try_from(r: ClaimRow) -> Result<Claim, StoreFailure> {
        Ok(Claim {
            seat_id: SeatId(r.seat_id),
            order_id: OrderId(r.order_id),
            state: ClaimState::parse(&r.state)
                .ok_or_else(|| StoreFailure::new(format!("claim with state {:?}", r.state)))?,
            held_until: r.held_until,
            holder_id: UserId(r.holder_id),
            holder: r.holder,
            channel: channel(&r.channel)?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrderRow {
    pub id: i64,
    pub showtime_id: i64,
    pub user_id: i64,
    pub username: String,
    pub channel: String,
    pub status: String,
    pub extended: bool,
    pub total_cents: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
}

impl TryFrom<OrderRow> for Order {
    type Error = StoreFailure;
    fn try_from(r: OrderRow) -> Result<Order, StoreFailure> {
        Ok(Order {
            id: OrderId(r.id),
            showtime_id: ShowtimeId(r.showtime_id),
            user_id: UserId(r.user_id),
            username: r.username,
            channel: channel(&r.channel)?,
            status: OrderStatus::parse(&r.status).ok_or_else(|| {
                StoreFailure::new(format!("order {} has status {:?}", r.id, r.status))
            })?,
            extended: r.extended,
            total: r
                .total_cents
                .map(Money::from_cents)
                .transpose()
                .map_err(|e| StoreFailure::new(format!("order {}: {e}", r.id)))?,
            created_at: r.created_at,
            expires_at: r.expires_at,
            paid_at: r.paid_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrderSummaryRow {
    #[sqlx(flatten)]
    pub order: OrderRow,
    pub tickets: i64,
    pub refunded: i64,
}

impl TryFrom<OrderSummaryRow> for OrderSummary {
    type Error = StoreFailure;
    fn try_from(r: OrderSummaryRow) -> Result<OrderSummary, StoreFailure> {
        let id = r.order.id;
        let count = |n: i64| {
            u32::try_from(n)
                .map_err(|_| StoreFailure::new(format!("order {id}: a ticket count of {n}")))
        };
        Ok(OrderSummary {
            tickets: count(r.tickets)?,
            refunded: count(r.refunded)?,
            order: r.order.try_into()?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct OrderSeatRow {
    pub seat_id: i64,
    pub row_label: String,
    pub number: i32,
    pub kind: String,
}

impl TryFrom<OrderSeatRow> for OrderSeat {
    type Error = StoreFailure;
    fn try_from(r: OrderSeatRow) -> Result<OrderSeat, StoreFailure> {
        Ok(OrderSeat {
            seat_id: SeatId(r.seat_id),
            label: format!("{}{}", r.row_label, r.number),
            kind: SeatKind::parse(&r.kind)
                .ok_or_else(|| StoreFailure::new(format!("seat kind {:?}", r.kind)))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    pub id: i64,
    pub code: String,
    pub order_id: i64,
    pub showtime_id: i64,
    pub seat_id: i64,
    pub row_label: String,
    pub number: i32,
    pub ticket_type: String,
    pub price_cents: i64,
    pub status: String,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreFailure;
    fn try_from(r: TicketRow) -> Result<Ticket, StoreFailure> {
        Ok(Ticket {
            id: TicketId(r.id),
            code: r.code,
            order_id: OrderId(r.order_id),
            showtime_id: ShowtimeId(r.showtime_id),
            seat_id: SeatId(r.seat_id),
            seat: format!("{}{}", r.row_label, r.number),
            ticket_type: TicketType::parse(&r.ticket_type)
                .map_err(|_| StoreFailure::new(format!("ticket type {:?}", r.ticket_type)))?,
            price: Money::from_cents(r.price_cents)
                .map_err(|e| StoreFailure::new(format!("ticket {}: {e}", r.id)))?,
            valid: r.status == "valid",
        })
    }
}

macro_rules! order_select {
    () => {
        "SELECT o.id, o.showtime_id, o.user_id, u.username, o.channel, o.status, o.extended, o.total_cents, \
         o.created_at, o.expires_at, o.paid_at FROM orders o JOIN users u ON u.id = o.user_id "
    };
}

macro_rules! ticket_select {
    () => {
        "SELECT t.id, t.code, t.order_id, t.showtime_id, t.seat_id, s.row_label, s.number, t.ticket_type, \
         t.price_cents, t.status FROM tickets t JOIN seats s ON s.id = t.seat_id "
    };
}

#[derive(sqlx::FromRow)]
pub(crate) struct CredentialsRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub active: bool,
    pub password_hash: String,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl TryFrom<CredentialsRow> for crate::identity::ports::Credentials {
    type Error = StoreFailure;
    fn try_from(r: CredentialsRow) -> Result<Self, StoreFailure> {
        let user = User::try_from(UserRow {
            id: r.id,
            username: r.username,
            role: r.role,
            active: r.active,
        })?;
        Ok(crate::identity::ports::Credentials {
            user,
            password_hash: r.password_hash,
            failed_logins: r.failed_logins,
            locked_until: r.locked_until,
        })
    }
}
