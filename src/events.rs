//! The change feed: who changed which showtime's seats, so every screen showing that
//! showtime re-reads it within a second, whichever process made the change.
//!
//! Within a process a broadcast channel carries the news at once. Across processes:
//! PostgreSQL LISTEN/NOTIFY (one notification per changed showtime, sent after the commit
//! by a task of its own, so notifying never serialises the holds themselves), or on SQLite a poll
//! of `PRAGMA data_version` (which moves when another connection commits) followed by a
//! read of the per-showtime versions the triggers keep. After a lost connection the feed
//! says `Resync`: notifications sent meanwhile are gone, so everything must be re-read.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sqlx::{Connection, PgPool, SqlitePool};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::vocab::ShowtimeId;

const CHANNEL: &str = "boxoffice_seats";
/// How often SQLite is polled for other processes' changes.
const SQLITE_POLL: Duration = Duration::from_millis(200);
/// How long a process about to exit waits for its last notifications to go out.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatEvent {
    /// The seats of this showtime changed: re-read them.
    Changed(ShowtimeId),
    /// The feed lost its connection and is back: re-read everything on screen.
    Resync,
}

#[derive(Clone)]
enum Source {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// One per process and database; cheap to clone. The cross-process parts start on first
/// use, so a process that never writes or watches seats runs no task for them.
#[derive(Clone)]
pub struct SeatFeed {
    inner: Arc<Inner>,
}

struct Inner {
    source: Source,
    tx: broadcast::Sender<SeatEvent>,
    watcher: OnceLock<()>,
    notifier: OnceLock<mpsc::UnboundedSender<Notice>>,
}

/// What the PostgreSQL notifier task is asked to do, in order.
enum Notice {
    Touched(ShowtimeId),
    /// Answer once everything asked before has been sent.
    Flush(oneshot::Sender<()>),
}

impl SeatFeed {
    pub fn postgres(pool: PgPool) -> SeatFeed {
        SeatFeed::new(Source::Postgres(pool))
    }

    pub fn sqlite(pool: SqlitePool) -> SeatFeed {
        SeatFeed::new(Source::Sqlite(pool))
    }

    fn new(source: Source) -> SeatFeed {
        let (tx, _) = broadcast::channel(1024);
        SeatFeed {
            inner: Arc::new(Inner {
                source,
                tx,
                watcher: OnceLock::new(),
                notifier: OnceLock::new(),
            }),
        }
    }

    /// Events from this process at once and from other processes within a second.
    pub fn subscribe(&self) -> broadcast::Receiver<SeatEvent> {
        let rx = self.inner.tx.subscribe();
        self.inner.watcher.get_or_init(|| {
            let tx = self.inner.tx.clone();
            match self.inner.source.clone() {
                Source::Postgres(pool) => {
                    tokio::spawn(listen_postgres(pool, tx));
                }
                Source::Sqlite(pool) => {
                    tokio::spawn(poll_sqlite(pool, tx));
                }
            }
        });
        rx
    }

    /// Called by a service after it committed a change to the showtime's seats.
    pub fn touched(&self, showtime: ShowtimeId) {
        // Nobody listening is fine: the send only fails when there is no subscriber.
        let _ = self.inner.tx.send(SeatEvent::Changed(showtime));
        if let Source::Postgres(pool) = &self.inner.source {
            let notifier = self.inner.notifier.get_or_init(|| {
                let (tx, rx) = mpsc::unbounded_channel();
                tokio::spawn(notify_postgres(pool.clone(), rx));
                tx
            });
            let _ = notifier.send(Notice::Touched(showtime));
        }
    }

    /// Waits (a moment at most) until every change told so far has reached the other
    /// processes. A one-shot command calls it before exiting: its notifications would
    /// otherwise die with it and open screens would never hear of the change.
    pub async fn flush(&self) {
        let Some(notifier) = self.inner.notifier.get() else {
            return;
        };
        let (done, sent) = oneshot::channel();
        if notifier.send(Notice::Flush(done)).is_err() {
            return;
        }
        if tokio::time::timeout(FLUSH_TIMEOUT, sent).await.is_err() {
            tracing::warn!("live feed: the last notifications were not sent in time");
        }
    }
}

/// Sends each change at once when the feed is idle; under load, the changes that arrive
/// while one round trip is under way go out together in the next (one statement, one
/// notification per showtime), so batching costs no fixed delay.
async fn notify_postgres(pool: PgPool, mut rx: mpsc::UnboundedReceiver<Notice>) {
    while let Some(first) = rx.recv().await {
        let mut batch = BTreeSet::new();
        let mut flushes = Vec::new();
        let mut next = Some(first);
        while let Some(notice) = next {
            match notice {
                Notice::Touched(showtime) => {
                    batch.insert(showtime.0);
                }
                Notice::Flush(done) => flushes.push(done),
            }
            next = rx.try_recv().ok();
        }
        if !batch.is_empty() {
            let ids: Vec<i64> = batch.into_iter().collect();
            if let Err(e) =
                sqlx::query("SELECT pg_notify($1, id::text) FROM unnest($2::bigint[]) AS id")
                    .bind(CHANNEL)
                    .bind(&ids)
                    .execute(&pool)
                    .await
            {
                tracing::warn!("live feed: notifying showtimes {ids:?} failed: {e}");
            }
        }
        for done in flushes {
            let _ = done.send(());
        }
    }
}

async fn listen_postgres(pool: PgPool, tx: broadcast::Sender<SeatEvent>) {
    loop {
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!("live feed: cannot listen: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!("live feed: LISTEN failed: {e}");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        let _ = tx.send(SeatEvent::Resync);
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    if let Ok(id) = n.payload().parse::<i64>() {
                        let _ = tx.send(SeatEvent::Changed(ShowtimeId(id)));
                    }
                }
                // The connection dropped; the listener reconnects on the next call, and
                // whatever was notified in between is lost.
                Ok(None) => {
                    let _ = tx.send(SeatEvent::Resync);
                }
                Err(e) => {
                    tracing::warn!("live feed: listener failed: {e}");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    break;
                }
            }
        }
    }
}

async fn poll_sqlite(pool: SqlitePool, tx: broadcast::Sender<SeatEvent>) {
    let options = pool.connect_options();
    let mut seen: HashMap<i64, i64> = HashMap::new();
    let mut first = true;
    loop {
        // A connection of its own: data_version only moves for other connections' commits.
        let mut conn = match sqlx::SqliteConnection::connect_with(&options).await {
            Ok(c) => c,
            Err(e) => {
                tracing::warn!("live feed: cannot open SQLite: {e}");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if !first {
            let _ = tx.send(SeatEvent::Resync);
        }
        let mut data_version: Option<i64> = None;
        loop {
            let v: Result<i64, _> = sqlx::query_scalar("PRAGMA data_version")
                .fetch_one(&mut conn)
                .await;
            let v = match v {
                Ok(v) => v,
                Err(e) => {
                    tracing::warn!("live feed: polling SQLite failed: {e}");
                    break;
                }
            };
            if data_version != Some(v) {
                data_version = Some(v);
                let rows: Result<Vec<(i64, i64)>, _> =
                    sqlx::query_as("SELECT showtime_id, version FROM showtime_versions")
                        .fetch_all(&mut conn)
                        .await;
                match rows {
                    Ok(rows) => {
                        for (showtime, version) in rows {
                            let before = seen.insert(showtime, version);
                            if !first && before != Some(version) {
                                let _ = tx.send(SeatEvent::Changed(ShowtimeId(showtime)));
                            }
                        }
                        first = false;
                    }
                    Err(e) => {
                        tracing::warn!("live feed: reading versions failed: {e}");
                        break;
                    }
                }
            }
            tokio::time::sleep(SQLITE_POLL).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
