//! The shared store for several counters: PostgreSQL, whose constraints (an exclusion
//! constraint for showtimes, unique keys) settle every race.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres};

use super::write_tx::WriteTx;

use crate::booking::BookingError;
use crate::booking::model::{Claim, Order, OrderSeat, PriceTable, Ticket, TicketType};
use crate::core::{
    Clock, HallId, Money, MovieId, OrderId, SeatId, ShowtimeId, StoreFailure, UserId,
};
use crate::identity::IdentityError;
use crate::identity::model::{NewUser, User};
use crate::screening::ScreeningError;
use crate::screening::model::SeatKind;
use crate::screening::model::{
    Hall, Interval, Movie, NewHall, NewMovie, NewShowtime, Runtime, Seat, Showtime,
};
use crate::store::{HoldOutcome, HoldRequest, Integrity, SaleRecord};

use super::rows::*;
use super::screening_sql::{has_dependents, overlap_or_failure};

pub struct PgStore {
    pub(crate) pool: PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<PgStore, StoreFailure> {
        PgStore::connect_with(url, 16).await
    }

    /// With `connections` in the pool (the bench gives each simulated counter one).
    pub async fn connect_with(url: &str, connections: u32) -> Result<PgStore, StoreFailure> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| StoreFailure::new(format!("bad PostgreSQL address: {e}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| StoreFailure::new(format!("cannot reach PostgreSQL: {e}")))?;
        Ok(PgStore { pool })
    }

    pub async fn migrate(&self) -> Result<(), StoreFailure> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await
            .map_err(|e| {
                StoreFailure::new(format!("migrating the PostgreSQL database failed: {e}"))
            })
    }

    pub(crate) async fn begin_write(&self) -> Result<WriteTx<Postgres>, sqlx::Error> {
        Ok(WriteTx::new(self.pool.begin().await?, None))
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The server's clock, so that every counter agrees on "now" whatever its own clock says.
impl Clock for PgStore {
    fn now(&self) -> BoxFuture<'_, Result<DateTime<Utc>, StoreFailure>> {
        super::db_clock(async {
            let now: DateTime<Utc> = sqlx::query_scalar("SELECT now()")
                .fetch_one(&self.pool)
                .await?;
            Ok(now)
        })
    }
}

impl_screening_store!(PgStore, Postgres);
impl_identity_store!(PgStore);
impl_booking_store!(PgStore, Postgres, " FOR UPDATE");
