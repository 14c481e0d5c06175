//! The embedded store: one SQLite file, WAL, `synchronous=FULL` (a sale acknowledged is a
//! sale kept), a busy timeout, and write transactions begun IMMEDIATE so that two
//! terminals never both read and then both write.

use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::sync::Arc;

use sqlx::{Sqlite, SqlitePool};

use super::write_tx::WriteTx;

use crate::booking::BookingError;
use crate::booking::model::{
    Claim, Order, OrderSeat, OrderSummary, PriceTable, Ticket, TicketType,
};
use crate::booking::ports::{GiveBack, HoldOutcome, HoldRequest, Integrity, SaleRecord};
use crate::identity::IdentityError;
use crate::identity::model::{NewUser, Profile, User};
use crate::identity::ports::{Activity, Credentials};
use crate::screening::ScreeningError;
use crate::screening::model::SeatKind;
use crate::screening::model::{
    Bookings, Hall, Interval, Movie, MovieTitle, NewHall, NewMovie, NewShowtime, Runtime, Seat,
    Showtime,
};
use crate::vocab::{
    Clock, HallId, Money, MovieId, OrderId, SeatId, ShowtimeId, StoreFailure, UserId,
};

use super::payment_rows::*;
use super::rows::*;
use super::screening_sql::{has_dependents, overlap_or_failure};

pub struct SqliteStore {
    pub(crate) pool: SqlitePool,
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl SqliteStore {
    pub async fn connect(url: &str) -> Result<SqliteStore, StoreFailure> {
        SqliteStore::connect_with(url, 4).await
    }

    /// With `connections` in the pool (the bench gives each simulated counter one).
    pub async fn connect_with(url: &str, connections: u32) -> Result<SqliteStore, StoreFailure> {
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreFailure::new(format!("bad SQLite address {url:?}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(Duration::from_secs(15))
            .connect_with(options)
            .await
            .map_err(|e| {
                StoreFailure::new(format!(
                    "cannot open the SQLite database {url:?}: {}",
                    super::plain_errors::plain(&e)
                ))
            })?;
        let gate = super::write_tx::sqlite_gate(&options_key(&pool));
        Ok(SqliteStore { pool, gate })
    }

    pub async fn migrate(&self) -> Result<(), StoreFailure> {
        sqlx::migrate!("./migrations/sqlite")
            .run(&self.pool)
            .await
            .map_err(|e| StoreFailure::new(format!("migrating the SQLite database failed: {e}")))
    }

    /// Applies the migrations up to `version` only: upgrade tests build a database as an
    /// earlier release left it, fill it, then run `migrate` as a new release would.
    pub async fn migrate_to(&self, version: i64) -> Result<(), StoreFailure> {
        sqlx::migrate!("./migrations/sqlite")
            .run_to(version, &self.pool)
            .await
            .map_err(|e| StoreFailure::new(format!("migrating to version {version} failed: {e}")))
    }

    /// Takes the write lock up front: a deferred transaction that reads first and writes
    /// later can fail with SQLITE_BUSY mid-way when another terminal wrote in between.
    pub(crate) async fn begin_write(&self) -> Result<WriteTx<Sqlite>, sqlx::Error> {
        let gate = self.gate.clone().lock_owned().await;
        let tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(WriteTx::new(tx, Some(gate)))
    }

    /// SQLite writes are serialised in-process by the gate and take no network round
    /// trips: the general transaction is already as short as it gets.
    pub(crate) async fn hold_in_one_trip(
        &self,
        _r: &HoldRequest,
    ) -> Option<Result<HoldOutcome, BookingError>> {
        None
    }

    /// Nor does its release.
    pub(crate) async fn release_in_one_trip(
        &self,
        _order: OrderId,
        _seats: Option<&[SeatId]>,
        _now: DateTime<Utc>,
    ) -> Option<Result<GiveBack, StoreFailure>> {
        None
    }

    /// SQLite's sale takes no network round trips: the general path is already short.
    pub(crate) async fn sell_in_one_trip(
        &self,
        _sale: &SaleRecord,
    ) -> Option<Result<Vec<Ticket>, BookingError>> {
        None
    }

    pub(crate) async fn append_in_one_trip(
        &self,
        _entries: &[crate::payment::model::LedgerDraft],
    ) -> Option<Result<(), StoreFailure>> {
        None
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// SQLite lives on this machine, so its clock is this machine's: every terminal sharing
/// the file shares it too.
impl Clock for SqliteStore {
    fn now(&self) -> BoxFuture<'_, Result<DateTime<Utc>, StoreFailure>> {
        super::db_clock(async { Ok(Utc::now()) })
    }
}

impl_screening_store!(SqliteStore, Sqlite);
impl_identity_store!(SqliteStore, Sqlite, "");
impl_booking_store!(SqliteStore, Sqlite, "", "");
impl_booking_writes!(SqliteStore, Sqlite, "", "");
impl_payment_store!(SqliteStore, Sqlite, "");
impl_ledger_search!(SqliteStore, Sqlite);

/// Which file a pool writes to, so every store of this process on it shares one gate.
fn options_key(pool: &SqlitePool) -> String {
    let options = pool.connect_options();
    let path = options.get_filename();
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}
