//! A change made by a one-shot command (`boxoffice hold ...`, the real binary, a process
//! of its own that exits at once) reaches a screen that watches the showtime in another
//! process within a second, on both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use boxoffice::events::SeatEvent;
use boxoffice::identity::Role;
use boxoffice::vocab::ShowtimeId;
use chrono::Utc;
use tokio::sync::broadcast::Receiver;
use tokio::sync::broadcast::error::RecvError;

use common::{TestDb, each_backend, operator};

/// The feed an open seat grid has, once its listener is up (PostgreSQL says so; SQLite
/// has read the versions once) and what came before is drained.
async fn watching(s: &boxoffice::services::Services) -> Receiver<SeatEvent> {
    let mut feed = s.feed.subscribe();
    tokio::time::sleep(Duration::from_millis(500)).await;
    while feed.try_recv().is_ok() {}
    feed
}

/// Runs the real binary on the test's database, as another process; it must succeed.
fn boxoffice(db: &TestDb, args: &[&str]) {
    let data = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args(["--database-url", &db.url])
        .args(args)
        .env("BOXOFFICE_DATA_DIR", data.path())
        .env("XDG_CONFIG_HOME", data.path())
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether the feed says, within a second, that this showtime's seats changed.
async fn hears(feed: &mut Receiver<SeatEvent>, showtime: ShowtimeId) -> bool {
    tokio::time::timeout(Duration::from_secs(1), async {
        loop {
            match feed.recv().await {
                Ok(SeatEvent::Changed(id)) if id == showtime => return,
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => panic!("the feed closed"),
            }
        }
    })
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_from_the_command_line_reaches_an_open_screen() {
    each_backend(|db| async move {
        let s = db.services();
        let op = operator(&s).await;
        let start = Utc::now() + chrono::Duration::days(1);
        let showtime = common::ninety_minutes_in(&s, &op, "Salon", 4, 6, start).await;
        s.identity
            .create_user("anna", Role::Cashier, "velvet curtain 7")
            .await
            .unwrap();
        let mut feed = watching(&s).await;

        let id = showtime.id.0.to_string();
        boxoffice(&db, &["hold", &id, "A1", "--user", "anna"]);
        assert!(
            hears(&mut feed, showtime.id).await,
            "{}: the open screen never heard of the command line's hold",
            db.backend.name()
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_seat_broken_from_the_command_line_reaches_an_open_grid() {
    each_backend(|db| async move {
        let s = db.services();
        let op = operator(&s).await;
        let start = Utc::now() + chrono::Duration::days(1);
        let showtime = common::ninety_minutes_in(&s, &op, "Salon", 4, 6, start).await;
        let mut feed = watching(&s).await;

        boxoffice(&db, &["hall", "break", "Salon", "B3"]);
        assert!(
            hears(&mut feed, showtime.id).await,
            "{}: the open grid never heard of the broken seat",
            db.backend.name()
        );
        let map = s.booking.seat_map(&op, showtime.id).await.unwrap();
        assert_eq!(map.counts.unavailable, 1, "{:?}", map.counts);
    })
    .await;
}
