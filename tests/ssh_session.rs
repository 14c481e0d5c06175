//! The TUI over SSH, driven by a real SSH client on loopback: log in with a password,
//! see the showtimes, hold a seat, disconnect, and the hold is gone; a wrong password is
//! refused; a client without a terminal is told one is needed; the screen follows a
//! resize; an escape sequence split across two writes is one key; a paste is not keys.
//! On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh_client;

use std::sync::Arc;
use std::time::Duration;

use boxoffice::identity::Role;
use boxoffice::services::Services;
use boxoffice::ssh::{self, Bound, SshSettings};
use boxoffice::tui::{Settings, theme::Theme};

use common::{TestDb, each_backend, operator};

const PASSWORD: &str = "correct horse battery";

/// A hall "Live" of 8 x 12 and a film in it starting in 45 minutes; a cashier "anna".
async fn set_up(services: &Services) {
    let op = operator(services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&op, "Live", 8, 12).await.unwrap();
    let movie = sc
        .add_movie(&op, "Live Wire", 90, None, None)
        .await
        .unwrap();
    let start = sc.now().await.unwrap() + chrono::Duration::minutes(45);
    let price = boxoffice::vocab::Money::from_cents(1000).unwrap();
    sc.schedule_showtime(&op, movie.id, "Live", start, price)
        .await
        .unwrap();
    services
        .identity
        .create_user("anna", Role::Cashier, PASSWORD)
        .await
        .unwrap();
}

fn settings() -> SshSettings {
    SshSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        failure_delay: Duration::from_millis(50),
        ..SshSettings::default()
    }
}

/// A server on a free loopback port, serving until the test ends.
async fn serve(services: Services, settings: SshSettings) -> (std::net::SocketAddr, String) {
    let dir = tempfile::tempdir().unwrap();
    let tui = Settings {
        theme: Theme::mono(),
        ..Settings::default()
    };
    let bound: Bound = ssh::bind(services, tui, settings, dir.path())
        .await
        .unwrap();
    let addr = bound.local_addr;
    let fingerprint = bound.fingerprint.clone();
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
    tokio::spawn(async move {
        let _keep_the_key_dir = dir;
        bound.run().await.unwrap();
    });
    (addr, fingerprint)
}

async fn held(db: &TestDb) -> i64 {
    db.count("SELECT COUNT(*) FROM seat_claims WHERE state = 'held'")
        .await
}

/// The seat under the cursor, as the line under the grid names it ("C6 · standard").
fn cursor_seat(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| {
            let l = l.trim_start();
            let (label, rest) = l.split_once(" · ")?;
            let ok = label.len() <= 4
                && label.chars().next()?.is_ascii_uppercase()
                && label[1..].chars().all(|c| c.is_ascii_digit());
            (ok && !rest.is_empty()).then(|| label.to_string())
        })
        .unwrap_or_default()
}

async fn hold_then_disconnect(db: Arc<TestDb>) {
    let services = db.services();
    set_up(&services).await;
    let (addr, fingerprint) = serve(services, settings()).await;

    let mut conn = ssh_client::connect(addr, &fingerprint).await;
    assert!(conn.password("anna", PASSWORD).await);
    let screen = conn.terminal(100, 30).await;
    // Logged in by SSH: no login form, straight to the day's showtimes, as a cashier.
    screen.wait_for("Live Wire").await;
    assert!(
        screen.text().contains("anna (cashier)"),
        "{}",
        screen.text()
    );
    assert!(!screen.text().contains("Password"), "{}", screen.text());

    screen.send(b"\r").await;
    screen.wait_for("No seats held.").await;
    screen.send(b"2b").await;
    screen.wait_for("(2)").await;
    assert_eq!(held(&db).await, 2);

    // The client goes away without a word: the session's holds go back at once.
    conn.disconnect().await;
    let start = std::time::Instant::now();
    while held(&db).await != 0 {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{}: the holds outlived the session",
            db.backend.name()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_counter_logs_in_holds_seats_and_disconnecting_releases_them() {
    each_backend(hold_then_disconnect).await;
}

async fn wrong_password(db: Arc<TestDb>) {
    let services = db.services();
    set_up(&services).await;
    let (addr, fingerprint) = serve(services, settings()).await;
    let mut conn = ssh_client::connect(addr, &fingerprint).await;
    assert!(!conn.password("anna", "wrong horse battery").await);
    assert!(!conn.password("nobody", PASSWORD).await);
    // The right one still works on the same connection (after the pauses).
    assert!(conn.password("anna", PASSWORD).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_wrong_password_or_unknown_user_is_refused() {
    each_backend(wrong_password).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_client_without_a_terminal_is_told_and_closed() {
    let db = TestDb::sqlite().await;
    let services = db.services();
    set_up(&services).await;
    let (addr, fingerprint) = serve(services, settings()).await;
    let mut conn = ssh_client::connect(addr, &fingerprint).await;
    assert!(conn.password("anna", PASSWORD).await);
    let (text, status) = conn.without_terminal().await;
    assert!(text.contains("a terminal is required"), "{text:?}");
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert_eq!(status, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_resize_redraws_at_the_new_size_and_split_sequences_are_one_key() {
    let db = TestDb::sqlite().await;
    let services = db.services();
    set_up(&services).await;
    let (addr, fingerprint) = serve(services, settings()).await;
    let mut conn = ssh_client::connect(addr, &fingerprint).await;
    assert!(conn.password("anna", PASSWORD).await);
    let screen = conn.terminal(80, 24).await;
    screen.wait_for("Live Wire").await;
    screen.send(b"\r").await;
    screen.wait_for("No seats held.").await;

    // Down arrow in two writes, the second well after the first: one key, not Esc.
    screen
        .wait_until("the seat under the cursor", |t| !cursor_seat(t).is_empty())
        .await;
    let before = cursor_seat(&screen.text());
    assert!(!before.is_empty(), "{}", screen.text());
    screen.send(b"\x1b").await;
    tokio::time::sleep(Duration::from_millis(15)).await;
    screen.send(b"[B").await;
    screen
        .wait_until("the cursor one row down", |t| {
            let now = cursor_seat(t);
            !now.is_empty() && now != before
        })
        .await;
    let after = cursor_seat(&screen.text());
    assert_eq!(
        after[1..],
        before[1..],
        "the same seat number one row on: {before} -> {after}"
    );
    assert!(
        screen.text().contains("No seats held."),
        "{}",
        screen.text()
    );

    // Text pasted onto the grid (bracketed paste, which the server turns on) is not
    // keys: "2b" pasted holds nothing; the same typed holds two seats.
    screen.send(b"\x1b[200~2b\r\x1b[201~").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(held(&db).await, 0, "{}", screen.text());
    assert!(
        screen.text().contains("No seats held."),
        "{}",
        screen.text()
    );
    screen.send(b"2b").await;
    screen.wait_for("(2)").await;
    assert_eq!(held(&db).await, 2);

    // Wider and taller: the status bar moves to the new last row and right edge.
    screen.resize(120, 40).await;
    screen
        .wait_until("the frame at 120x40", |t| {
            let lines: Vec<&str> = t.lines().collect();
            lines.len() == 40 && lines[39].contains("anna (cashier)")
        })
        .await;
    screen.resize(70, 20).await;
    screen
        .wait_until("the frame at 70x20", |t| {
            let lines: Vec<&str> = t.lines().collect();
            lines.len() <= 20 && lines.last().is_some_and(|l| l.contains("anna"))
        })
        .await;
}

async fn stop_releases(db: Arc<TestDb>) {
    let services = db.services();
    set_up(&services).await;
    let dir = tempfile::tempdir().unwrap();
    let tui = Settings {
        theme: Theme::mono(),
        ..Settings::default()
    };
    let bound = ssh::bind(services, tui, settings(), dir.path())
        .await
        .unwrap();
    let (addr, fingerprint) = (bound.local_addr, bound.fingerprint.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(bound.run_until(async {
        let _ = stopped.await;
    }));

    let mut conn = ssh_client::connect(addr, &fingerprint).await;
    assert!(conn.password("anna", PASSWORD).await);
    let screen = conn.terminal(100, 30).await;
    screen.wait_for("Live Wire").await;
    screen.send(b"\r").await;
    screen.wait_for("No seats held.").await;
    screen.send(b"2b").await;
    screen.wait_for("(2)").await;
    assert_eq!(held(&db).await, 2);

    // The server stops (Ctrl-C or SIGTERM in `serve-ssh`): the client is told, and the
    // seats are free before the server is gone.
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert_eq!(held(&db).await, 0, "{}", db.backend.name());
    screen.wait_closed().await;
    assert!(
        screen.raw().contains("the server is stopping"),
        "{}",
        screen.raw()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stopping_the_server_closes_sessions_and_releases_their_holds() {
    each_backend(stop_releases).await;
}
