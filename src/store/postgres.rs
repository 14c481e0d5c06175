//! The shared store for several counters: PostgreSQL, whose constraints (an exclusion
//! constraint for showtimes, unique keys) settle every race.

use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};

use super::plain_errors;
use sqlx::{PgPool, Postgres};

use super::write_tx::WriteTx;

use crate::booking::BookingError;
use crate::booking::model::{
    Claim, Order, OrderSeat, OrderSummary, PriceTable, Ticket, TicketType,
};
use crate::booking::ports::{GiveBack, HoldOutcome, HoldRequest, Integrity, SaleRecord};
use crate::identity::IdentityError;
use crate::identity::model::{NewUser, Profile, User};
use crate::identity::ports::{Activity, Credentials};
use crate::payment::model::LedgerDraft;
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

pub struct PgStore {
    pub(crate) pool: PgPool,
    /// The server clock's offset from this machine's, and when it was last measured.
    clock_offset: std::sync::Mutex<Option<(chrono::Duration, std::time::Instant)>>,
    /// Holds and sales by one call of the server-side functions; off, by the statements
    /// SQLite also runs (`hold_sale_sql.rs`).
    one_trip: bool,
}

/// How long a measured clock offset is trusted before it is measured again.
const CLOCK_RESYNC: std::time::Duration = std::time::Duration::from_secs(10);

impl PgStore {
    pub async fn connect(url: &str) -> Result<PgStore, StoreFailure> {
        PgStore::connect_with(url, 16).await
    }

    /// With `connections` in the pool (the bench gives each simulated counter one).
    pub async fn connect_with(url: &str, connections: u32) -> Result<PgStore, StoreFailure> {
        let options: PgConnectOptions = url
            .parse()
            .map_err(|e| StoreFailure::new(format!("bad PostgreSQL address: {e}")))?;
        // One connection first, on its own: a refused or wrong address is said at once
        // and plainly, where the pool would retry it for its whole acquire timeout and
        // then say only "pool timed out".
        let place = plain_errors::pg_where(&options);
        let cannot = |why: String| StoreFailure::new(format!("cannot connect to {place}: {why}"));
        let first = tokio::time::timeout(
            plain_errors::CONNECT_TIMEOUT,
            <sqlx::PgConnection as sqlx::Connection>::connect_with(&options),
        )
        .await
        .map_err(|_| {
            cannot(format!(
                "no answer within {} s (check the host, the port and any firewall)",
                plain_errors::CONNECT_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| cannot(plain_errors::plain(&e)))?;
        let _ = sqlx::Connection::close(first).await;
        let pool = PgPoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| cannot(plain_errors::plain(&e)))?;
        Ok(PgStore {
            pool,
            clock_offset: std::sync::Mutex::new(None),
            one_trip: true,
        })
    }

    pub async fn migrate(&self) -> Result<(), StoreFailure> {
        sqlx::migrate!("./migrations/postgres")
            .run(&self.pool)
            .await
            .map_err(|e| {
                StoreFailure::new(format!("migrating the PostgreSQL database failed: {e}"))
            })
    }

    /// Applies the migrations up to `version` only: upgrade tests build a database as an
    /// earlier release left it, fill it, then run `migrate` as a new release would.
    pub async fn migrate_to(&self, version: i64) -> Result<(), StoreFailure> {
        sqlx::migrate!("./migrations/postgres")
            .run_to(version, &self.pool)
            .await
            .map_err(|e| StoreFailure::new(format!("migrating to version {version} failed: {e}")))
    }

    /// The same store holding and selling by the plain statements instead of the
    /// server-side functions, so tests can hold both paths to the same answers.
    pub fn statements_only(mut self) -> PgStore {
        self.one_trip = false;
        self
    }

    pub(crate) async fn begin_write(&self) -> Result<WriteTx<Postgres>, sqlx::Error> {
        Ok(WriteTx::new(self.pool.begin().await?, None))
    }

    /// Counter holds run as one call of `boxoffice_hold` (latest in migration 0015): the
    /// statements of `hold_sale_sql.rs`, which are the reference, inside the server, so no
    /// seat row stays locked across a round trip; the seats are claimed before the order
    /// row is written, and a refusal (an error that rolls the call back) says whether the
    /// seats are simply taken. The kiosk's reserve check keeps the statements.
    pub(crate) async fn hold_in_one_trip(
        &self,
        r: &HoldRequest,
    ) -> Option<Result<HoldOutcome, BookingError>> {
        if r.reserve.is_some() || !self.one_trip {
            return None;
        }
        type Row = (
            Option<i64>,
            bool,
            Option<DateTime<Utc>>,
            Option<DateTime<Utc>>,
            bool,
            Vec<i64>,
            bool,
        );
        let seats: Vec<i64> = r.seats.iter().map(|s| s.0).collect();
        let row: Result<Row, sqlx::Error> =
            sqlx::query_as("SELECT * FROM boxoffice_hold($1, $2, $3, $4, $5, $6, $7)")
                .bind(r.showtime.0)
                .bind(r.user.0)
                .bind(r.channel.as_str())
                .bind(r.order.map(|o| o.0))
                .bind(&seats)
                .bind(r.now)
                .bind(r.expires_at)
                .fetch_one(&self.pool)
                .await;
        let missing = |got: &[i64]| -> Vec<SeatId> {
            r.seats
                .iter()
                .filter(|s| !got.contains(&s.0))
                .copied()
                .collect()
        };
        Some(match row {
            Err(e) => match partial_hold(&e) {
                Some((got, true)) => Ok(HoldOutcome::Taken(missing(&got))),
                Some((got, false)) => Ok(HoldOutcome::Unavailable(missing(&got))),
                None => Err(StoreFailure::from(e).into()),
            },
            Ok((_, _, _, _, true, _, _)) => Err(BookingError::HoldExpired),
            Ok((Some(id), extended, Some(created_at), Some(expires_at), false, _, _)) => {
                Ok(HoldOutcome::Held(Order {
                    id: OrderId(id),
                    showtime_id: r.showtime,
                    user_id: r.user,
                    username: String::new(),
                    channel: r.channel,
                    status: crate::booking::model::OrderStatus::Draft,
                    extended,
                    total: None,
                    created_at,
                    expires_at,
                    paid_at: None,
                }))
            }
            Ok((_, _, _, _, false, got, true)) => Ok(HoldOutcome::Taken(missing(&got))),
            Ok((_, _, _, _, false, got, false)) => Ok(HoldOutcome::Unavailable(missing(&got))),
        })
    }

    /// A release in one call of `boxoffice_release` (migration 0014): the statements of
    /// `release` in `booking_sql.rs`, which are the reference, with the same locks, in
    /// one round trip instead of five (begin, lock, read the status, update, commit).
    pub(crate) async fn release_in_one_trip(
        &self,
        order: OrderId,
        seats: Option<&[SeatId]>,
        now: DateTime<Utc>,
    ) -> Option<Result<GiveBack, StoreFailure>> {
        if !self.one_trip {
            return None;
        }
        let seats: Option<Vec<i64>> = seats.map(|s| s.iter().map(|id| id.0).collect());
        let released: Result<i64, sqlx::Error> =
            sqlx::query_scalar("SELECT boxoffice_release($1, $2, $3)")
                .bind(order.0)
                .bind(seats)
                .bind(now)
                .fetch_one(&self.pool)
                .await;
        Some(match released {
            Ok(-1) => Ok(GiveBack::Paid),
            Ok(n) => Ok(GiveBack::Released(u64::try_from(n).unwrap_or(0))),
            Err(e) => Err(StoreFailure::from(e)),
        })
    }

    /// A sale in one call of `boxoffice_sell` (latest in migration 0017): the statements of
    /// `hold_sale_sql.rs`, which are the reference, inside the server, so neither the
    /// order's seats nor the ledger's head stay locked across round trips.
    pub(crate) async fn sell_in_one_trip(
        &self,
        sale: &SaleRecord,
    ) -> Option<Result<Vec<Ticket>, BookingError>> {
        if !self.one_trip {
            return None;
        }
        let pay = match sale_payment(sale) {
            Ok(pay) => pay,
            Err(e) => return Some(Err(e.into())),
        };
        let l = LedgerColumns::of(&pay.ledger);
        let rows: Result<Vec<(i64, String, i64, i64)>, sqlx::Error> = sqlx::query_as(
            "SELECT * FROM boxoffice_sell($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, \
             $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)",
        )
        .bind(sale.order.0)
        .bind(sale.user.0)
        .bind(sale.now)
        .bind(sale.total.cents())
        .bind(sale.lease_key.as_deref())
        .bind(sale.lines.iter().map(|l| l.seat_id.0).collect::<Vec<_>>())
        .bind(sale.lines.iter().map(|l| l.ticket_type.as_str()).collect::<Vec<_>>())
        .bind(sale.lines.iter().map(|l| l.price.cents()).collect::<Vec<_>>())
        .bind(&sale.codes)
        .bind(pay.method.as_str())
        .bind(pay.tendered.map(|m| m.cents()))
        .bind(pay.change.map(|m| m.cents()))
        .bind(pay.card_last4.as_deref())
        .bind(pay.gateway_ref.as_deref())
        .bind(l.at)
        .bind(l.kind)
        .bind(l.amount)
        .bind(l.currency)
        .bind(l.method)
        .bind(l.order)
        .bind(l.actor)
        .bind(l.reference)
        .bind(l.detail)
        .bind(pay.needs_open_shift)
        .fetch_all(&self.pool)
        .await;
        let rows = match rows {
            Ok(rows) => rows,
            Err(e) => return Some(Err(sale_refusal(sale, e))),
        };
        Some(Ok(rows
            .into_iter()
            .filter_map(|(id, code, seat, showtime)| sale.ticket(id, code, seat, showtime))
            .collect()))
    }

    /// Ledger rows in one call of `boxoffice_ledger_append` (migration 0007).
    pub(crate) async fn append_in_one_trip(
        &self,
        entries: &[LedgerDraft],
    ) -> Option<Result<(), StoreFailure>> {
        let l = LedgerColumns::of(entries);
        let done =
            sqlx::query("SELECT boxoffice_ledger_append($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(l.at)
                .bind(l.kind)
                .bind(l.amount)
                .bind(l.currency)
                .bind(l.method)
                .bind(l.order)
                .bind(l.actor)
                .bind(l.reference)
                .bind(l.detail)
                .execute(&self.pool)
                .await;
        Some(done.map(drop).map_err(StoreFailure::from))
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// `boxoffice_sell` refuses by raising "boxoffice: <why>"; a seat with another valid
/// ticket surfaces as the unique violation of `tickets`.
fn sale_refusal(sale: &SaleRecord, e: sqlx::Error) -> BookingError {
    if is_unique_violation(&e) {
        return BookingError::SeatUnavailable(sale.lines.iter().map(|l| l.label.clone()).collect());
    }
    let why = e
        .as_database_error()
        .and_then(|d| d.message().strip_prefix("boxoffice: ").map(str::to_string));
    match why.as_deref() {
        Some("not_found") => BookingError::OrderNotFound(sale.order.0),
        Some("expired") => BookingError::HoldExpired,
        Some("in_progress") => BookingError::PaymentInProgress,
        Some("paid") => BookingError::OrderClosed {
            id: sale.order.0,
            status: "paid",
        },
        Some("cancelled") => BookingError::OrderClosed {
            id: sale.order.0,
            status: "cancelled",
        },
        Some("no_shift") => BookingError::DrawerClosed,
        Some("showtime_cancelled") => BookingError::ShowtimeCancelled,
        Some(_) => BookingError::HoldExpired,
        None => StoreFailure::from(e).into(),
    }
}

/// Ledger drafts as one array per column, as the functions take them.
struct LedgerColumns {
    at: Vec<DateTime<Utc>>,
    kind: Vec<&'static str>,
    amount: Vec<i64>,
    currency: Vec<String>,
    method: Vec<String>,
    order: Vec<Option<i64>>,
    actor: Vec<i64>,
    reference: Vec<String>,
    detail: Vec<String>,
}

impl LedgerColumns {
    fn of(entries: &[LedgerDraft]) -> LedgerColumns {
        LedgerColumns {
            at: entries.iter().map(|e| e.at).collect(),
            kind: entries.iter().map(|e| e.kind.as_str()).collect(),
            amount: entries.iter().map(|e| e.amount_cents).collect(),
            currency: entries.iter().map(|e| e.currency.clone()).collect(),
            method: entries.iter().map(|e| e.method.clone()).collect(),
            order: entries.iter().map(|e| e.order.map(|o| o.0)).collect(),
            actor: entries.iter().map(|e| e.actor.0).collect(),
            reference: entries.iter().map(|e| e.reference.clone()).collect(),
            detail: entries.iter().map(|e| e.detail.clone()).collect(),
        }
    }
}

/// The server's clock, so that every counter agrees on "now" whatever its own clock says.
/// Asking the server on every operation would cost a round trip each time, so the offset
/// between the server's clock and this machine's is measured (halfway through the round
/// trip) and re-measured every few seconds; terminals then agree to within a round trip.
impl Clock for PgStore {
    fn now(&self) -> BoxFuture<'_, Result<DateTime<Utc>, StoreFailure>> {
        super::db_clock(async {
            let known = *self.clock_offset.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((offset, at)) = known
                && at.elapsed() < CLOCK_RESYNC
            {
                return Ok(Utc::now() + offset);
            }
            let before = Utc::now();
            let server: DateTime<Utc> = sqlx::query_scalar("SELECT now()")
                .fetch_one(&self.pool)
                .await?;
            let after = Utc::now();
            let local = before + (after - before) / 2;
            let offset = server - local;
            *self.clock_offset.lock().unwrap_or_else(|p| p.into_inner()) =
                Some((offset, std::time::Instant::now()));
            Ok(after + offset)
        })
    }
}

impl_screening_store!(PgStore, Postgres);
impl_identity_store!(PgStore, Postgres, " FOR UPDATE");
impl_booking_store!(
    PgStore,
    Postgres,
    " FOR UPDATE",
    "SELECT pg_advisory_xact_lock(($1::bigint << 31) # $2::bigint)"
);
impl_booking_writes!(PgStore, Postgres, " FOR UPDATE", " FOR SHARE");
impl_payment_store!(PgStore, Postgres, " FOR UPDATE");
impl_ledger_search!(PgStore, Postgres);

/// The seats a refused hold found free, from `boxoffice_hold`'s "partial hold" error
/// (SQLSTATE BXH01, the array in its detail); `None` for any other error.
fn partial_hold(e: &sqlx::Error) -> Option<(Vec<i64>, bool)> {
    let db = e.as_database_error()?;
    if db.code().as_deref() != Some("BXH01") {
        return None;
    }
    let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()?;
    let got = pg
        .detail()?
        .trim_matches(|c| c == '{' || c == '}')
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.trim().parse().ok())
        .collect::<Option<Vec<i64>>>()?;
    Some((got, pg.hint() == Some("taken")))
}
