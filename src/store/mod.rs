//! Persistence: one trait per domain, implemented once per backend. Contention is settled
//! by the database inside one transaction (constraints, conditional writes), never by
//! check-then-insert in application code.

#[macro_use]
mod rows;
#[macro_use]
mod screening_sql;
#[macro_use]
mod identity_sql;
#[macro_use]
mod booking_sql;
#[macro_use]
mod payment_sql;
pub mod payment;
mod payment_rows;
pub mod postgres;
pub mod sqlite;
pub mod write_tx;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;

use crate::booking::BookingError;
use crate::booking::model::{
    Channel, Claim, Order, OrderSeat, OrderSummary, PriceTable, SaleLine, Ticket, TicketType,
};
use crate::identity::IdentityError;
use crate::identity::model::{NewUser, Profile, User};
use crate::screening::ScreeningError;
use crate::screening::model::SeatKind;
use crate::screening::model::{
    Hall, Interval, Movie, NewHall, NewMovie, NewShowtime, Runtime, Seat, Showtime,
};
use crate::vocab::{
    Clock, HallId, Money, MovieId, OrderId, SeatId, ShowtimeId, StoreFailure, TicketId, UserId,
};

impl From<sqlx::Error> for StoreFailure {
    fn from(e: sqlx::Error) -> Self {
        StoreFailure::new(e.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[async_trait]
pub trait ScreeningStore: Send + Sync {
    /// Creates the hall and every seat in one transaction: all or nothing.
    /// Errors: `HallNameTaken`.
    async fn create_hall(&self, hall: &NewHall) -> Result<Hall, ScreeningError>;
    async fn list_halls(&self) -> Result<Vec<Hall>, StoreFailure>;
    /// By name, ignoring case and surrounding spaces.
    async fn find_hall(&self, name_key: &str) -> Result<Option<Hall>, StoreFailure>;
    async fn hall_seats(&self, hall: HallId) -> Result<Vec<Seat>, StoreFailure>;
    /// Errors: `SeatNotFound` (as `seat`'s id) if the seat is not in the hall.
    async fn set_seat_broken(
        &self,
        hall: HallId,
        seat: SeatId,
        broken: bool,
    ) -> Result<(), ScreeningError>;
    /// Errors: `HasDependents` while any showtime refers to the hall.
    async fn delete_hall(&self, hall: HallId) -> Result<(), ScreeningError>;

    async fn create_movie(&self, movie: &NewMovie) -> Result<Movie, ScreeningError>;
    async fn list_movies(&self) -> Result<Vec<Movie>, StoreFailure>;
    async fn movie(&self, id: MovieId) -> Result<Option<Movie>, StoreFailure>;
    /// Errors: `HasDependents` while any showtime refers to the movie.
    async fn delete_movie(&self, id: MovieId) -> Result<(), ScreeningError>;
    /// Sets the runtime and the new occupied intervals of the listed showtimes, all in one
    /// transaction. Errors: `HallBusy` (with no clashes named) if the database refuses an
    /// overlap.
    async fn change_runtime(
        &self,
        id: MovieId,
        runtime: Runtime,
        reschedule: &[(ShowtimeId, Interval)],
    ) -> Result<(), ScreeningError>;

    /// Inserts a scheduled showtime. Errors: `HallBusy` (with no clashes named) when the
    /// database finds an overlapping showtime in the hall, whoever inserted it.
    async fn insert_showtime(&self, showtime: &NewShowtime) -> Result<Showtime, ScreeningError>;
    /// Errors: `ShowtimeNotFound`, `HallBusy` as for insert.
    async fn move_showtime(
        &self,
        id: ShowtimeId,
        occupied: Interval,
    ) -> Result<Showtime, ScreeningError>;
    async fn delete_showtime(&self, id: ShowtimeId) -> Result<(), ScreeningError>;
    /// Changes the base price of future sales; sold tickets keep theirs.
    async fn set_showtime_price(&self, id: ShowtimeId, price: Money) -> Result<(), ScreeningError>;
    async fn showtime(&self, id: ShowtimeId) -> Result<Option<Showtime>, StoreFailure>;
    /// Scheduled showtimes whose occupied interval meets `[from, to)`, by start time;
    /// only of `hall` if given.
    async fn showtimes_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        hall: Option<HallId>,
    ) -> Result<Vec<Showtime>, StoreFailure>;
    /// Scheduled showtimes of a movie starting at or after `from`.
    async fn showtimes_of_movie(
        &self,
        movie: MovieId,
        from: DateTime<Utc>,
    ) -> Result<Vec<Showtime>, StoreFailure>;
}

#[async_trait]
pub trait IdentityStore: Send + Sync {
    /// Errors: `UsernameTaken`.
    async fn create_user(&self, user: &NewUser) -> Result<User, IdentityError>;
    /// The account and its profile in one transaction. Errors: `UsernameTaken`, or
    /// `Invalid` naming `email` or `phone` when another account has it.
    async fn create_user_with_profile(
        &self,
        user: &NewUser,
        profile: &Profile,
    ) -> Result<User, IdentityError>;
    async fn find_user(&self, username_key: &str) -> Result<Option<User>, StoreFailure>;
    /// Accounts people made (the built-in `operator` is not counted).
    async fn count_users(&self) -> Result<i64, StoreFailure>;
    /// What a login needs to know of an account.
    async fn credentials(&self, username_key: &str) -> Result<Option<Credentials>, StoreFailure>;
    /// Counts a failed login; at `lock_after` failures the account is locked until
    /// `lock_until`. Returns the lock's end when the account is now locked.
    async fn record_login_failure(
        &self,
        user: UserId,
        lock_after: i32,
        lock_until: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, StoreFailure>;
    /// A successful login clears the failures.
    async fn record_login_success(&self, user: UserId) -> Result<(), StoreFailure>;
    /// Clears failures and lock. False if there is no such account.
    async fn unlock(&self, user: UserId) -> Result<bool, StoreFailure>;
    async fn set_password_hash(
        &self,
        user: UserId,
        hash: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreFailure>;
    async fn set_active(
        &self,
        user: UserId,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreFailure>;
    async fn list_users(&self) -> Result<Vec<Credentials>, StoreFailure>;
    /// Removes a person from the account: the profile row goes, the username becomes
    /// `erased-<id>`, the password is cleared and the account disabled. Business rows
    /// keep their user id, so tickets, payments and orders stay whole.
    async fn erase_user(&self, user: UserId, now: DateTime<Utc>) -> Result<(), StoreFailure>;
    async fn log_activity(
        &self,
        at: DateTime<Utc>,
        actor: Option<UserId>,
        user: Option<UserId>,
        action: &str,
        detail: &str,
    ) -> Result<(), StoreFailure>;
    /// The newest entries first, of one account or of all.
    async fn activity(
        &self,
        user: Option<UserId>,
        limit: i64,
    ) -> Result<Vec<Activity>, StoreFailure>;
}

/// An account with what login and lockout need. The hash never leaves the identity room.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
    pub failed_logins: i32,
    pub locked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Activity {
    pub at: DateTime<Utc>,
    pub actor: Option<String>,
    pub user: Option<String>,
    pub action: String,
    pub detail: String,
}

/// A request to hold seats, already validated by the service.
#[derive(Debug, Clone)]
pub struct HoldRequest {
    /// Add to this draft order; `None` opens a new one.
    pub order: Option<OrderId>,
    pub showtime: ShowtimeId,
    pub user: UserId,
    pub channel: Channel,
    /// Distinct and ascending: every transaction locks seats in the same order, so two
    /// overlapping holds can wait for each other but never deadlock.
    pub seats: Vec<SeatId>,
    pub now: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// For the kiosk: keep this many of the showtime's sellable seats for the counter.
    pub reserve: Option<Reserve>,
}

#[derive(Debug, Clone, Copy)]
pub struct Reserve {
    pub keep: u32,
    pub sellable: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldOutcome {
    /// Every seat is held by the order (its `username` is left blank for the caller).
    Held(Order),
    /// Nothing was held: these seats are someone else's live hold or sold, and the
    /// showtime is open. The store knows it from the refusal itself, so the caller need
    /// not ask why (the common refusal under contention).
    Taken(Vec<SeatId>),
    /// Nothing was held: these seats are held by someone else, sold, broken, blocked, not
    /// in the showtime's hall, or the showtime is closed. The caller finds out which.
    Unavailable(Vec<SeatId>),
}

pub use crate::payment::model::PaymentMethod;

/// A sale to record: priced lines (frozen), the payment, new ticket codes.
#[derive(Debug, Clone)]
pub struct SaleRecord {
    pub order: OrderId,
    pub user: UserId,
    pub now: DateTime<Utc>,
    pub lines: Vec<SaleLine>,
    pub total: Money,
    pub method: PaymentMethod,
    pub tendered: Option<Money>,
    pub change: Option<Money>,
    pub codes: Vec<String>,
    /// For a card: the last four digits and the bank's reference of the charge.
    pub card_last4: Option<String>,
    pub gateway_ref: Option<String>,
    /// The payment's lease on the order: a sale by anyone else waits until it lapses.
    pub lease_key: Option<String>,
    /// Written in the sale's transaction: the sale is in the ledger or did not happen.
    pub ledger: Vec<crate::payment::model::LedgerDraft>,
}

impl SaleRecord {
    /// The ticket the database made for one of the sale's seats, with the line's frozen
    /// type and price; `None` for a seat the sale did not price.
    fn ticket(&self, id: i64, code: String, seat: i64, showtime: i64) -> Option<Ticket> {
        let line = self.lines.iter().find(|l| l.seat_id.0 == seat)?;
        Some(Ticket {
            id: TicketId(id),
            code,
            order_id: self.order,
            showtime_id: ShowtimeId(showtime),
            seat_id: line.seat_id,
            seat: line.label.clone(),
            ticket_type: line.ticket_type,
            price: line.price,
            valid: true,
        })
    }
}

/// What must always be zero: the bench and the health check count them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Integrity {
    /// Seats of a showtime with more than one valid ticket.
    pub double_sales: i64,
    /// Seats marked sold whose order is not paid.
    pub sold_not_paid: i64,
    /// Sold seats without a valid ticket, and paid orders without any ticket.
    pub paid_not_ticketed: i64,
}

#[async_trait]
pub trait BookingStore: Send + Sync {
    async fn price_table(&self) -> Result<PriceTable, StoreFailure>;
    async fn set_discount(&self, ticket: TicketType, discount: Money) -> Result<(), StoreFailure>;
    async fn set_surcharge(&self, kind: SeatKind, surcharge: Money) -> Result<(), StoreFailure>;
    /// Every claim of a showtime that is not released, with who made it.
    async fn claims(&self, showtime: ShowtimeId) -> Result<Vec<Claim>, StoreFailure>;
    async fn blocked_seats(&self, showtime: ShowtimeId) -> Result<Vec<SeatId>, StoreFailure>;
    /// Seats of the showtime's hall that cannot be held now: live holds, sold, blocked
    /// for this showtime, broken.
    /// Of these seats, which are broken and which blocked for the showtime.
    async fn seat_flags(
        &self,
        showtime: ShowtimeId,
        seats: &[SeatId],
    ) -> Result<Vec<(SeatId, bool, bool)>, StoreFailure>;
    async fn taken_seats(
        &self,
        showtime: ShowtimeId,
        now: DateTime<Utc>,
    ) -> Result<Vec<SeatId>, StoreFailure>;
    /// Takes a seat out of sale for one showtime. False if it is held or sold right now
    /// (it is then left as it is).
    async fn block_seat(
        &self,
        showtime: ShowtimeId,
        seat: SeatId,
        by: UserId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    /// Takes every seat or none, in one transaction. The statement itself refuses a seat
    /// of another hall, a broken or blocked one, and a showtime that is cancelled or has
    /// started. Errors: `HoldExpired` when adding to an order that is no longer a live
    /// draft; `CounterReserve` for the kiosk.
    async fn hold(&self, request: &HoldRequest) -> Result<HoldOutcome, BookingError>;
    /// Gives back the order's own live holds (all, or the seats named); never anyone
    /// else's. Returns how many were released.
    async fn release(
        &self,
        order: OrderId,
        seats: Option<&[SeatId]>,
        now: DateTime<Utc>,
    ) -> Result<u64, StoreFailure>;
    /// Moves the expiry of a live draft to `until`, once. False if it was extended before
    /// or is no longer live.
    async fn extend(
        &self,
        order: OrderId,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<bool, StoreFailure>;
    async fn order(&self, id: OrderId) -> Result<Option<Order>, StoreFailure>;
    /// The seats an order holds now (live holds) or bought.
    async fn order_seats(
        &self,
        id: OrderId,
        now: DateTime<Utc>,
    ) -> Result<Vec<OrderSeat>, StoreFailure>;
    async fn order_tickets(&self, id: OrderId) -> Result<Vec<Ticket>, StoreFailure>;
    async fn ticket_by_code(&self, code: &str) -> Result<Option<Ticket>, StoreFailure>;
    /// Turns the order's live holds into tickets with the payment, in one transaction.
    /// Errors: `HoldExpired` if any hold lapsed (nothing is written), `OrderClosed`.
    async fn sell(&self, sale: &SaleRecord) -> Result<Vec<Ticket>, BookingError>;
    /// Releases a draft's holds and marks it cancelled.
    async fn cancel(&self, order: OrderId, now: DateTime<Utc>) -> Result<(), StoreFailure>;
    async fn log(
        &self,
        at: DateTime<Utc>,
        user: UserId,
        action: &str,
        order: Option<OrderId>,
        detail: &str,
    ) -> Result<(), StoreFailure>;
    async fn integrity(&self) -> Result<Integrity, StoreFailure>;
    /// A user's orders, newest first, with their tickets counted.
    async fn orders_of_user(
        &self,
        user: UserId,
        limit: i64,
    ) -> Result<Vec<OrderSummary>, StoreFailure>;
}

/// Both stores of one database, and its clock.
#[derive(Clone)]
pub struct Store {
    pub backend: Backend,
    pub screening: Arc<dyn ScreeningStore>,
    pub identity: Arc<dyn IdentityStore>,
    pub booking: Arc<dyn BookingStore>,
    pub payment: Arc<dyn payment::PaymentStore>,
    pub feed: crate::events::SeatFeed,
    pub clock: Arc<dyn Clock>,
}

impl Store {
    /// Opens the database named by `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreFailure> {
        Store::open_with(url, None, true).await
    }

    /// As `open`, with a pool of `connections` (default: the backend's own choice).
    /// Migrates only if asked: a second store on a database already opened need not.
    pub async fn open_with(
        url: &str,
        connections: Option<u32>,
        migrate: bool,
    ) -> Result<Store, StoreFailure> {
        match Backend::of_url(url) {
            Backend::Postgres => {
                let db = Arc::new(
                    postgres::PgStore::connect_with(url, connections.unwrap_or(16)).await?,
                );
                if migrate {
                    db.migrate().await?;
                }
                Ok(Store::from_postgres(db))
            }
            Backend::Sqlite => {
                let db = Arc::new(
                    sqlite::SqliteStore::connect_with(url, connections.unwrap_or(4)).await?,
                );
                if migrate {
                    db.migrate().await?;
                }
                Ok(Store::from_sqlite(db))
            }
        }
    }

    pub fn from_postgres(db: Arc<postgres::PgStore>) -> Store {
        Store {
            backend: Backend::Postgres,
            screening: db.clone(),
            identity: db.clone(),
            booking: db.clone(),
            payment: db.clone(),
            feed: crate::events::SeatFeed::postgres(db.pool().clone()),
            clock: db,
        }
    }

    pub fn from_sqlite(db: Arc<sqlite::SqliteStore>) -> Store {
        Store {
            backend: Backend::Sqlite,
            screening: db.clone(),
            identity: db.clone(),
            booking: db.clone(),
            payment: db.clone(),
            feed: crate::events::SeatFeed::sqlite(db.pool().clone()),
            clock: db,
        }
    }

    /// The same stores with another clock (tests move time by hand).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Store {
        self.clock = clock;
        self
    }
}

/// The clock of a database: what every terminal on it agrees is "now".
pub(crate) fn db_clock<'a, F>(fut: F) -> BoxFuture<'a, Result<DateTime<Utc>, StoreFailure>>
where
    F: std::future::Future<Output = Result<DateTime<Utc>, StoreFailure>> + Send + 'a,
{
    Box::pin(fut)
}
