//! The server's limits, each refused client told why: sessions in all, sessions per
//! account, connections per address per minute, and an idle session closed with its
//! holds released. On SQLite and PostgreSQL where seats are involved.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh_client;

use std::sync::Arc;
use std::time::Duration;

use boxoffice::identity::Role;
use boxoffice::services::Services;
use boxoffice::ssh::{self, SshSettings};
use boxoffice::tui::{Settings, theme::Theme};

use common::{TestDb, each_backend, operator};

const PASSWORD: &str = "correct horse battery";

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
    for name in ["anna", "bob"] {
        services
            .identity
            .create_user(name, Role::Cashier, PASSWORD)
            .await
            .unwrap();
    }
}

async fn serve(services: Services, settings: SshSettings) -> (std::net::SocketAddr, String) {
    let dir = tempfile::tempdir().unwrap();
    let tui = Settings {
        theme: Theme::mono(),
        ..Settings::default()
    };
    let settings = SshSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        failure_delay: Duration::from_millis(50),
        ..settings
    };
    let bound = ssh::bind(services, tui, settings, dir.path())
        .await
        .unwrap();
    let out = (bound.local_addr, bound.fingerprint.clone());
    tokio::spawn(async move {
        let _keep_the_key_dir = dir;
        bound.run().await.unwrap();
    });
    out
}

async fn logged_in(
    addr: std::net::SocketAddr,
    fingerprint: &str,
    user: &str,
) -> ssh_client::Connection {
    let mut conn = ssh_client::connect(addr, fingerprint).await;
    assert!(conn.password(user, PASSWORD).await);
    conn
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_session_past_the_maximum_is_refused_with_its_message() {
    let db = TestDb::sqlite().await;
    let services = db.services();
    set_up(&services).await;
    let (addr, fp) = serve(
        services,
        SshSettings {
            max_sessions: 2,
            max_sessions_per_account: 1,
            ..SshSettings::default()
        },
    )
    .await;
    let anna = logged_in(addr, &fp, "anna").await;
    let first = anna.terminal(80, 24).await;
    first.wait_for("Live Wire").await;

    // Anna's second session: her account is at its limit.
    let anna_again = logged_in(addr, &fp, "anna").await;
    let refused = anna_again.terminal(80, 24).await;
    refused.wait_closed().await;
    assert!(
        refused.raw().contains("anna already has 1 session open"),
        "{}",
        refused.raw()
    );
    assert_eq!(refused.exit(), Some(1));

    // Bob takes the last place; a third session finds the server full.
    let bob = logged_in(addr, &fp, "bob").await;
    let second = bob.terminal(80, 24).await;
    second.wait_for("Live Wire").await;
    let third = bob.terminal(80, 24).await;
    third.wait_closed().await;
    assert!(
        third.raw().contains("The server is full (2 sessions)"),
        "{}",
        third.raw()
    );

    // A place given back is free again.
    anna.disconnect().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let again = logged_in(addr, &fp, "anna").await;
    again.terminal(80, 24).await.wait_for("Live Wire").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn too_many_connections_from_one_address_are_refused_with_a_banner() {
    let db = TestDb::sqlite().await;
    let services = db.services();
    set_up(&services).await;
    let (addr, fp) = serve(
        services,
        SshSettings {
            connections_per_minute: 2,
            ..SshSettings::default()
        },
    )
    .await;
    let _a = logged_in(addr, &fp, "anna").await;
    let _b = logged_in(addr, &fp, "anna").await;
    let mut third = ssh_client::connect(addr, &fp).await;
    assert!(!third.password("anna", PASSWORD).await);
    let banner = third.banner.lock().unwrap().clone();
    assert!(
        banner.contains("Too many connections from your address"),
        "{banner:?}"
    );
}

async fn idle_closes(db: Arc<TestDb>) {
    let services = db.services();
    set_up(&services).await;
    let (addr, fp) = serve(
        services,
        SshSettings {
            idle: Duration::from_secs(2),
            ..SshSettings::default()
        },
    )
    .await;
    let anna = logged_in(addr, &fp, "anna").await;
    let screen = anna.terminal(100, 30).await;
    screen.wait_for("Live Wire").await;
    screen.send(b"\r").await;
    screen.wait_for("No seats held.").await;
    screen.send(b"3b").await;
    screen.wait_for("(3)").await;
    let held = "SELECT COUNT(*) FROM seat_claims WHERE state = 'held'";
    assert_eq!(db.count(held).await, 3);

    // Nothing typed: the server closes the session, says why, and the seats are free.
    screen.wait_closed().await;
    assert!(
        screen.raw().contains("closed after 1 minute without a key"),
        "{}",
        screen.raw()
    );
    assert_eq!(db.count(held).await, 0, "{}", db.backend.name());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_idle_session_is_closed_and_its_holds_released() {
    each_backend(idle_closes).await;
}
