//! Persistence: one trait per domain, implemented once per backend. Contention is settled
//! by the database inside one transaction (constraints, conditional writes), never by
//! check-then-insert in application code.

#[macro_use]
mod rows;
#[macro_use]
mod screening_sql;
#[macro_use]
mod identity_sql;
pub mod postgres;
pub mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::future::BoxFuture;

use crate::core::{Clock, HallId, MovieId, SeatId, ShowtimeId, StoreFailure};
use crate::identity::IdentityError;
use crate::identity::model::{NewUser, User};
use crate::screening::ScreeningError;
use crate::screening::model::{
    Hall, Interval, Movie, NewHall, NewMovie, NewShowtime, Runtime, Seat, Showtime,
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
    async fn find_user(&self, username_key: &str) -> Result<Option<User>, StoreFailure>;
    /// Accounts people made (the built-in `operator` is not counted).
    async fn count_users(&self) -> Result<i64, StoreFailure>;
}

/// Both stores of one database, and its clock.
#[derive(Clone)]
pub struct Store {
    pub backend: Backend,
    pub screening: Arc<dyn ScreeningStore>,
    pub identity: Arc<dyn IdentityStore>,
    pub clock: Arc<dyn Clock>,
}

impl Store {
    /// Opens the database named by `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store, StoreFailure> {
        match Backend::of_url(url) {
            Backend::Postgres => {
                let db = Arc::new(postgres::PgStore::connect(url).await?);
                db.migrate().await?;
                Ok(Store::from_postgres(db))
            }
            Backend::Sqlite => {
                let db = Arc::new(sqlite::SqliteStore::connect(url).await?);
                db.migrate().await?;
                Ok(Store::from_sqlite(db))
            }
        }
    }

    pub fn from_postgres(db: Arc<postgres::PgStore>) -> Store {
        Store {
            backend: Backend::Postgres,
            screening: db.clone(),
            identity: db.clone(),
            clock: db,
        }
    }

    pub fn from_sqlite(db: Arc<sqlite::SqliteStore>) -> Store {
        Store {
            backend: Backend::Sqlite,
            screening: db.clone(),
            identity: db.clone(),
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
