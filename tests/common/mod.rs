//! Test databases: every store test runs against a fresh SQLite file and a fresh
//! PostgreSQL database (created for the test, dropped afterwards).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::future::Future;
use std::sync::Arc;

use boxoffice::booking::service::BookingRules;
use boxoffice::payment::gateway::BankSettings;
use boxoffice::payment::model::RetryPolicy;
use boxoffice::payment::service::PaymentSettings;
use boxoffice::screening::schedule::Buffers;
use boxoffice::services::{Services, VenueSettings};
use boxoffice::store::postgres::PgStore;
use boxoffice::store::sqlite::SqliteStore;
use boxoffice::store::{Backend, Store};
use boxoffice::vocab::ManualClock;
use boxoffice::vocab::venue_time::VenueTime;
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use sqlx::Connection;

pub mod bin;
pub mod pty;

/// Where the tests find PostgreSQL (CI exports it; this default is these machines').
pub fn postgres_admin_url() -> String {
    std::env::var("BOXOFFICE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A fresh, migrated database of one backend, and how to reach it.
pub struct TestDb {
    pub backend: Backend,
    pub url: String,
    pub store: Store,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/test.db?mode=rwc", dir.path().display());
        let db = Arc::new(SqliteStore::connect(&url).await.unwrap());
        db.migrate().await.unwrap();
        TestDb {
            backend: Backend::Sqlite,
            url,
            store: Store::from_sqlite(db),
            pg_name: None,
            _dir: Some(dir),
        }
    }

    /// A new PostgreSQL database, or `None` (with the reason printed) when PostgreSQL
    /// cannot be reached outside CI. Under CI=true an unreachable PostgreSQL fails.
    pub async fn postgres() -> Option<TestDb> {
        let url = fresh_postgres_database().await?;
        let db = Arc::new(PgStore::connect(&url).await.unwrap());
        db.migrate().await.unwrap();
        let name = url.rsplit('/').next().unwrap().to_string();
        Some(TestDb {
            backend: Backend::Postgres,
            url,
            store: Store::from_postgres(db),
            pg_name: Some(name),
            _dir: None,
        })
    }

    /// A handle on a database the test made itself (an upgrade test builds one as an
    /// earlier release left it); this handle never drops it.
    pub fn attach(backend: Backend, url: &str, store: Store) -> TestDb {
        TestDb {
            backend,
            url: url.to_string(),
            store,
            pg_name: None,
            _dir: None,
        }
    }

    /// Services on this database, with time standing still at `now` until moved.
    pub fn services_at(&self, now: DateTime<Utc>) -> (Services, ManualClock) {
        let clock = ManualClock::new(now);
        let store = self.store.clone().with_clock(Arc::new(clock.clone()));
        (Services::new(store, venue()), clock)
    }

    /// Services on the database's own clock.
    pub fn services(&self) -> Services {
        Services::new(self.store.clone(), venue())
    }

    pub async fn drop_database(self) {
        if let Some(name) = &self.pg_name {
            drop(self.store);
            drop_postgres_database(name).await;
        }
    }
}

/// The local operator (a manager), who sets up halls, movies and showtimes in tests.
pub async fn operator(services: &Services) -> boxoffice::identity::User {
    services.identity.operator().await.unwrap()
}

/// Opens a shift with an empty float for each of `staff`: cash is taken only in an open
/// shift (`[shift] required`, on by default), as at a real counter.
pub async fn on_shift(services: &Services, staff: &[&boxoffice::identity::User]) {
    for who in staff {
        services
            .payment
            .open_shift(who, boxoffice::vocab::Money::ZERO)
            .await
            .unwrap();
    }
}

/// Services on `db` on the test's `clock`, taking cash without a shift (`[shift]
/// required = false`).
pub fn services_without_shifts(db: &TestDb, clock: &ManualClock) -> Services {
    let mut venue = venue();
    venue.payment.shift_required = false;
    let store = db.store.clone().with_clock(Arc::new(clock.clone()));
    Services::new(store, venue)
}

/// A hall of `rows` x `seats` named `hall`, and the 90-minute film "Ninety" showing there
/// at `start` for 10.00: the showtime most booking and payment tests sell from.
pub async fn ninety_minutes_in(
    s: &Services,
    op: &boxoffice::identity::User,
    hall: &str,
    rows: i64,
    seats: i64,
    start: DateTime<Utc>,
) -> boxoffice::screening::model::Showtime {
    s.screening
        .create_hall_grid(op, hall, rows, seats)
        .await
        .unwrap();
    let movie = s
        .screening
        .add_movie(op, "Ninety", 90, None, None)
        .await
        .unwrap();
    s.screening
        .schedule_showtime(
            op,
            movie.id,
            hall,
            start,
            boxoffice::vocab::Money::parse("10").unwrap(),
        )
        .await
        .unwrap()
}

/// The venue every test uses: Berlin time (so UTC and local differ), days from 06:00,
/// 15 minutes of ads and 15 of cleaning.
pub fn venue() -> VenueSettings {
    VenueSettings {
        name: "Test Kino".into(),
        currency: "EUR".into(),
        time: VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
        buffers: Buffers {
            ads_minutes: 15,
            cleaning_minutes: 15,
        },
        booking: BookingRules::default(),
        // The bank answers at once and retries pause 1 ms: tests need no waiting.
        payment: PaymentSettings {
            retry: RetryPolicy {
                retries: 3,
                first_pause: std::time::Duration::from_millis(1),
            },
            ..PaymentSettings::default()
        },
        bank: BankSettings {
            latency: std::time::Duration::ZERO,
            ..BankSettings::default()
        },
    }
}

/// A moment on the test venue's wall clock.
pub fn local(text: &str) -> DateTime<Utc> {
    venue().time.parse_local(text).unwrap()
}

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub async fn fresh_postgres_database() -> Option<String> {
    let admin = postgres_admin_url();
    let mut conn = match sqlx::PgConnection::connect(&admin).await {
        Ok(c) => c,
        Err(e) if !in_ci() => {
            eprintln!("skipping the PostgreSQL half of this test: cannot reach {admin}: {e}");
            return None;
        }
        Err(e) => panic!("CI=true and PostgreSQL is unreachable at {admin}: {e}"),
    };
    let name = format!("bo_test_{}", uuid::Uuid::new_v4().simple());
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap();
    Some(format!("{base}/{name}"))
}

pub async fn drop_postgres_database(name: &str) {
    if let Ok(mut conn) = sqlx::PgConnection::connect(&postgres_admin_url()).await {
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut conn)
        .await;
    }
}

/// Runs one test body against SQLite and then PostgreSQL, each on a fresh database that
/// is dropped afterwards even when the body panics.
pub async fn each_backend<F, Fut>(body: F)
where
    F: Fn(Arc<TestDb>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut dbs = vec![TestDb::sqlite().await];
    if let Some(pg) = TestDb::postgres().await {
        dbs.push(pg);
    }
    for db in dbs {
        let db = Arc::new(db);
        let backend = db.backend;
        let outcome = tokio::spawn(body(db.clone())).await;
        if let Ok(db) = Arc::try_unwrap(db) {
            db.drop_database().await;
        }
        if let Err(e) = outcome {
            eprintln!("failed on {}", backend.name());
            std::panic::resume_unwind(e.into_panic());
        }
    }
}

impl TestDb {
    /// Runs raw SQL on a connection of its own, like another program on the same database.
    pub async fn execute(&self, sql: &str) -> Result<u64, sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await?;
                Ok(sqlx::raw_sql(sql).execute(&mut c).await?.rows_affected())
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await?;
                Ok(sqlx::raw_sql(sql).execute(&mut c).await?.rows_affected())
            }
        }
    }

    /// A single text value from raw SQL.
    pub async fn text(&self, sql: &str) -> String {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar::<_, String>(sql)
                    .fetch_one(&mut c)
                    .await
                    .unwrap()
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar::<_, String>(sql)
                    .fetch_one(&mut c)
                    .await
                    .unwrap()
            }
        }
    }

    /// A single number from raw SQL, e.g. a count.
    pub async fn count(&self, sql: &str) -> i64 {
        let sql = sqlx::AssertSqlSafe(sql.to_string());
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&mut c)
                    .await
                    .unwrap()
            }
            Backend::Postgres => {
                let mut c = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar::<_, i64>(sql)
                    .fetch_one(&mut c)
                    .await
                    .unwrap()
            }
        }
    }
}
