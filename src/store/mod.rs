//! Persistence: every domain's port (its `ports.rs`), implemented once per backend.
//! Contention is settled by the database inside one transaction (constraints, conditional
//! writes), never by check-then-insert in application code.

#[macro_use]
mod rows;
#[macro_use]
mod screening_sql;
#[macro_use]
mod identity_sql;
#[macro_use]
mod booking_sql;
#[macro_use]
mod hold_sale_sql;
#[macro_use]
mod payment_sql;
#[macro_use]
mod ledger_search_sql;
mod floor_rows;
mod payment_rows;
pub mod plain_errors;
pub mod postgres;
pub mod sqlite;
pub mod write_tx;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;

use crate::booking::ports::BookingStore;
use crate::identity::ports::IdentityStore;
use crate::payment::ports::PaymentStore;
use crate::screening::ports::ScreeningStore;
use crate::vocab::{Clock, StoreFailure};

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

/// Both stores of one database, and its clock.
#[derive(Clone)]
pub struct Store {
    pub backend: Backend,
    pub screening: Arc<dyn ScreeningStore>,
    pub identity: Arc<dyn IdentityStore>,
    pub booking: Arc<dyn BookingStore>,
    pub payment: Arc<dyn PaymentStore>,
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
