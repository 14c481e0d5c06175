//! Two SSH sessions (one server, one pool) and a local counter's event loop (services of
//! its own, as another process would have) on one database: a hold made in any of them
//! shows on the others' seat grids within a second. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod ssh_client;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use boxoffice::identity::Role;
use boxoffice::services::Services;
use boxoffice::ssh::{self, SshSettings};
use boxoffice::store::Store;
use boxoffice::tui::event::{Event, channel};
use boxoffice::tui::event_loop::run_loop;
use boxoffice::tui::watched_backend::WatchedBackend;
use boxoffice::tui::{Settings, theme::Theme};
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use common::{TestDb, each_backend, operator, venue};

const PASSWORD: &str = "correct horse battery";

/// Seats shown held by someone else (the legend shows the glyph once).
fn others(screen: &str) -> usize {
    screen.matches("░░").count().saturating_sub(1)
}

async fn wait(what: &str, text: impl Fn() -> String, ok: impl Fn(&str) -> bool) -> Duration {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(15) {
        if ok(&text()) {
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("{what} never appeared:\n{}", text());
}

async fn three_counters(db: Arc<TestDb>) {
    let services = db.services();
    let op = operator(&services).await;
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
    for name in ["anna", "bob", "carl"] {
        services
            .identity
            .create_user(name, Role::Cashier, PASSWORD)
            .await
            .unwrap();
    }

    // The server, with its own store and pool, as `serve-ssh` would run.
    let server_services = Services::new(Store::open(&db.url).await.unwrap(), venue());
    let dir = tempfile::tempdir().unwrap();
    let tui = Settings {
        theme: Theme::mono(),
        ..Settings::default()
    };
    let settings = SshSettings {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..SshSettings::default()
    };
    let bound = ssh::bind(server_services, tui.clone(), settings, dir.path())
        .await
        .unwrap();
    let (addr, fp) = (bound.local_addr, bound.fingerprint.clone());
    tokio::spawn(bound.run());

    // The local counter, in a process of its own as far as the feed knows.
    let local_services = Services::new(Store::open(&db.url).await.unwrap(), venue());
    let screen = Arc::new(Mutex::new(String::new()));
    let frames = screen.clone();
    let backend = WatchedBackend::new(100, 30, move |text: &str| {
        *frames.lock().unwrap() = text.to_string();
    });
    let (keys, rx) = channel();
    let local = tokio::spawn(async move {
        let mut terminal = Terminal::new(backend).unwrap();
        run_loop(&mut terminal, &local_services, false, tui, rx)
            .await
            .unwrap();
    });
    let local_text = || screen.lock().unwrap().clone();
    let key = |c: KeyCode| Event::Key(KeyEvent::new(c, KeyModifiers::NONE));
    wait("the login", local_text, |t| t.contains("Username")).await;
    for c in "carl".chars() {
        keys.send(key(KeyCode::Char(c))).await.unwrap();
    }
    keys.send(key(KeyCode::Tab)).await.unwrap();
    for c in PASSWORD.chars() {
        keys.send(key(KeyCode::Char(c))).await.unwrap();
    }
    keys.send(key(KeyCode::Enter)).await.unwrap();
    wait("the showtimes", local_text, |t| t.contains("Live Wire")).await;
    keys.send(key(KeyCode::Enter)).await.unwrap();
    wait("the seats", local_text, |t| t.contains("No seats held.")).await;

    let mut anna = ssh_client::connect(addr, &fp).await;
    assert!(anna.password("anna", PASSWORD).await);
    let anna_screen = anna.terminal(100, 30).await;
    let mut bob = ssh_client::connect(addr, &fp).await;
    assert!(bob.password("bob", PASSWORD).await);
    let bob_screen = bob.terminal(100, 30).await;
    for s in [&anna_screen, &bob_screen] {
        s.wait_for("Live Wire").await;
        s.send(b"\r").await;
        s.wait_for("No seats held.").await;
    }

    // Anna (SSH) holds two: Bob (SSH) and Carl (local) see them.
    anna_screen.send(b"2b").await;
    anna_screen.wait_for("(2)").await;
    let seen = bob_screen
        .wait_until("anna's seats at bob's", |t| others(t) == 2)
        .await;
    assert!(seen < Duration::from_secs(1), "{seen:?}");
    let seen = wait("anna's seats at carl's", local_text, |t| others(t) == 2).await;
    assert!(seen < Duration::from_secs(1), "{seen:?}");

    // Carl (local) holds two more: both SSH sessions see them.
    keys.send(key(KeyCode::Char('2'))).await.unwrap();
    keys.send(key(KeyCode::Char('b'))).await.unwrap();
    wait("carl's hold", local_text, |t| t.contains("(2)")).await;
    for s in [&anna_screen, &bob_screen] {
        let seen = s
            .wait_until("carl's seats over SSH", |t| {
                others(t) >= 2 && t.contains("4 held")
            })
            .await;
        assert!(
            seen < Duration::from_secs(1),
            "{}: {seen:?}",
            db.backend.name()
        );
    }
    anna.disconnect().await;
    bob.disconnect().await;
    drop(keys);
    let _ = tokio::time::timeout(Duration::from_secs(10), local).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_hold_in_one_session_shows_in_the_others_within_a_second() {
    each_backend(three_counters).await;
}
