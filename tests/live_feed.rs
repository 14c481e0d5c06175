//! A change made by a one-shot command (`boxoffice hold ...`, the real binary, a process
//! of its own that exits at once) reaches a screen that watches the showtime in another
//! process within a second, on both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

use boxoffice::events::SeatEvent;
use boxoffice::identity::Role;
use boxoffice::vocab::{Money, ShowtimeId};
use chrono::Utc;

use common::{each_backend, operator};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_from_the_command_line_reaches_an_open_screen() {
    each_backend(|db| async move {
        let s = db.services();
        let op = operator(&s).await;
        s.screening
            .create_hall_grid(&op, "Salon", 4, 6)
            .await
            .unwrap();
        let movie = s
            .screening
            .add_movie(&op, "Kettle", 90, None, None)
            .await
            .unwrap();
        let start = Utc::now() + chrono::Duration::days(1);
        let showtime = s
            .screening
            .schedule_showtime(
                &op,
                movie.id,
                "Salon",
                start,
                Money::from_cents(900).unwrap(),
            )
            .await
            .unwrap();
        s.identity
            .create_user("anna", Role::Cashier, "velvet curtain 7")
            .await
            .unwrap();
        // The watching screen's feed, as an open seat grid has it.
        let mut feed = s.feed.subscribe();
        // Its listener is up once it says so (PostgreSQL) or has read the versions once.
        tokio::time::sleep(Duration::from_millis(500)).await;
        while feed.try_recv().is_ok() {}

        let data = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
            .args(["--database-url", &db.url, "hold"])
            .arg(showtime.id.0.to_string())
            .args(["A1", "--user", "anna"])
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

        let heard = tokio::time::timeout(Duration::from_secs(1), async {
            loop {
                match feed.recv().await {
                    Ok(SeatEvent::Changed(id)) if id == ShowtimeId(showtime.id.0) => return,
                    Ok(_) => continue,
                    Err(e) => panic!("feed closed: {e}"),
                }
            }
        })
        .await;
        assert!(
            heard.is_ok(),
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
        s.screening
            .create_hall_grid(&op, "Salon", 4, 6)
            .await
            .unwrap();
        let movie = s
            .screening
            .add_movie(&op, "Kettle", 90, None, None)
            .await
            .unwrap();
        let start = Utc::now() + chrono::Duration::days(1);
        let showtime = s
            .screening
            .schedule_showtime(
                &op,
                movie.id,
                "Salon",
                start,
                Money::from_cents(900).unwrap(),
            )
            .await
            .unwrap();
        let mut feed = s.feed.subscribe();
        tokio::time::sleep(Duration::from_millis(500)).await;
        while feed.try_recv().is_ok() {}

        let data = tempfile::tempdir().unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
            .args(["--database-url", &db.url, "hall", "break", "Salon", "B3"])
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
        let heard = tokio::time::timeout(Duration::from_secs(1), async {
            loop {
                if let Ok(SeatEvent::Changed(id)) = feed.recv().await
                    && id == showtime.id
                {
                    return;
                }
            }
        })
        .await;
        assert!(
            heard.is_ok(),
            "{}: the open grid never heard of the broken seat",
            db.backend.name()
        );
        let map = s.booking.seat_map(&op, showtime.id).await.unwrap();
        assert_eq!(map.counts.unavailable, 1, "{:?}", map.counts);
    })
    .await;
}
