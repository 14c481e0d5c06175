//! Two counters on one database, each its own event loop with its own connections and
//! seat feed (as two processes would have): a hold or a sale at one shows on the other's
//! seat grid within a second. On SQLite (a file) and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use boxoffice::identity::Role;
use boxoffice::services::Services;
use boxoffice::store::Store;
use boxoffice::tui::event::{Event, channel};
use boxoffice::tui::event_loop::run_loop;
use boxoffice::tui::watched_backend::WatchedBackend;
use boxoffice::tui::{Settings, theme::Theme};
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tokio::sync::mpsc::Sender;

use common::{TestDb, operator, venue};

/// One counter: its loop runs in a task; keys go in, the screen can be read.
struct Counter {
    name: &'static str,
    keys: Sender<Event>,
    screen: Arc<Mutex<String>>,
    done: tokio::task::JoinHandle<()>,
}

impl Counter {
    /// A counter with services of its own on the database at `url`.
    async fn start(name: &'static str, url: &str) -> Counter {
        let store = Store::open(url).await.unwrap();
        let services = Services::new(store, venue());
        let screen = Arc::new(Mutex::new(String::new()));
        let frames = screen.clone();
        let backend = WatchedBackend::new(100, 30, move |text: &str| {
            *frames.lock().unwrap() = text.to_string();
        });
        let (keys, rx) = channel();
        let done = tokio::spawn(async move {
            let mut terminal = Terminal::new(backend).unwrap();
            let settings = Settings {
                theme: Theme::mono(),
                ..Settings::default()
            };
            run_loop(&mut terminal, &services, false, settings, rx)
                .await
                .unwrap();
        });
        Counter {
            name,
            keys,
            screen,
            done,
        }
    }

    fn text(&self) -> String {
        self.screen.lock().unwrap().clone()
    }

    async fn key(&self, code: KeyCode) {
        self.keys
            .send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
            .await
            .unwrap();
    }

    async fn type_text(&self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await;
        }
    }

    /// Waits until the screen satisfies `ok`; returns how long that took.
    async fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> Duration {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if ok(&self.text()) {
                return start.elapsed();
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("{}: {what} never appeared:\n{}", self.name, self.text());
    }

    async fn wait_for(&self, needle: &str) -> Duration {
        self.wait_until(needle, |t| t.contains(needle)).await
    }

    async fn log_in(&self, user: &str, password: &str) {
        self.wait_for("Username").await;
        self.type_text(user).await;
        self.key(KeyCode::Tab).await;
        self.type_text(password).await;
        self.key(KeyCode::Enter).await;
        self.wait_for(&format!("{user} (cashier)")).await;
    }

    /// Opens the showtime of "Live Wire" from the list (today's, or tomorrow's late at
    /// night) and waits for its seats.
    async fn open_live_wire(&self) {
        self.wait_until("the showtimes", |t| {
            t.contains("Live Wire") || t.contains("No showtimes on")
        })
        .await;
        if !self.text().contains("Live Wire") {
            self.key(KeyCode::Char('l')).await;
            self.wait_for("Live Wire").await;
        }
        self.key(KeyCode::Enter).await;
        self.wait_until("the seats", |t| {
            t.contains("SCREEN") && t.contains("No seats held.")
        })
        .await;
    }

    async fn quit(self) {
        self.key(KeyCode::Char('q')).await;
        let _ = tokio::time::timeout(Duration::from_secs(10), self.done).await;
    }
}

/// How many seats a screen shows in a state's glyph (the legend shows each glyph once).
fn count(screen: &str, glyph: &str) -> usize {
    screen.matches(glyph).count().saturating_sub(1)
}

/// A hall "Live" of `rows` x `seats` and a 90-minute film in it starting in 45 minutes.
async fn live_showtime(services: &boxoffice::services::Services, rows: i64, seats: i64) {
    let op = operator(services).await;
    let sc = &services.screening;
    sc.create_hall_grid(&op, "Live", rows, seats).await.unwrap();
    let movie = sc
        .add_movie(&op, "Live Wire", 90, None, None)
        .await
        .unwrap();
    let start = sc.now().await.unwrap() + chrono::Duration::minutes(45);
    let price = boxoffice::vocab::Money::from_cents(1000).unwrap();
    sc.schedule_showtime(&op, movie.id, "Live", start, price)
        .await
        .unwrap();
}

async fn two_counters_see_each_other(db: &TestDb) {
    let services = db.services();
    live_showtime(&services, 10, 20).await;
    for user in ["anna", "bob"] {
        let cashier = services
            .identity
            .create_user(user, Role::Cashier, "correct horse battery")
            .await
            .unwrap();
        // Cash is taken in an open shift.
        common::on_shift(&services, &[&cashier]).await;
    }

    let anna = Counter::start("anna", &db.url).await;
    let bob = Counter::start("bob", &db.url).await;
    anna.log_in("anna", "correct horse battery").await;
    bob.log_in("bob", "correct horse battery").await;
    anna.open_live_wire().await;
    bob.open_live_wire().await;
    assert_eq!(count(&bob.text(), "░░"), 0);

    // Anna takes the best two seats; once her hold is in, Bob's grid shows it.
    anna.type_text("2b").await;
    anna.wait_for("(2)").await;
    let seen = bob
        .wait_until("anna's two held seats", |t| count(t, "░░") == 2)
        .await;
    assert!(
        seen < Duration::from_secs(1),
        "{}: a hold took {seen:?} to show on the other counter",
        db.backend.name()
    );
    assert!(bob.text().contains("2 held"), "{}", bob.text());

    // She sells them for cash; Bob sees them sold.
    anna.key(KeyCode::Enter).await;
    anna.wait_for("TOTAL").await;
    anna.key(KeyCode::Char('c')).await;
    anna.key(KeyCode::Enter).await;
    anna.wait_for("Enjoy the film!").await;
    let seen = bob
        .wait_until("anna's two sold seats", |t| {
            count(t, "██") == 2 && count(t, "░░") == 0
        })
        .await;
    assert!(
        seen < Duration::from_secs(1),
        "{}: a sale took {seen:?} to show on the other counter",
        db.backend.name()
    );

    // Bob's own hold shows on Anna's next grid the same way.
    anna.key(KeyCode::Enter).await;
    anna.open_live_wire().await;
    assert_eq!(count(&anna.text(), "██"), 2, "{}", anna.text());
    // His cursor is on a seat Anna sold: it says so, and he takes the one behind it.
    bob.key(KeyCode::Char(' ')).await;
    bob.wait_for(" is sold.").await;
    bob.key(KeyCode::Char('j')).await;
    bob.key(KeyCode::Char(' ')).await;
    bob.wait_for("(1)").await;
    let seen = anna
        .wait_until("bob's held seat", |t| count(t, "░░") == 1)
        .await;
    assert!(seen < Duration::from_secs(1), "{seen:?}");
    eprintln!(
        "{}: the other counter saw the change within {seen:?}",
        db.backend.name()
    );
    anna.quit().await;
    // Bob holds a seat: `q` asks first; Ctrl-C leaves at once (the hold expires).
    bob.keys
        .send(Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        )))
        .await
        .unwrap();
    let _ = tokio::time::timeout(Duration::from_secs(10), bob.done).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_and_a_sale_show_on_the_other_counter_within_a_second_sqlite() {
    let db = TestDb::sqlite().await;
    two_counters_see_each_other(&db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_and_a_sale_show_on_the_other_counter_within_a_second_postgres() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    two_counters_see_each_other(&db).await;
    db.drop_database().await;
}

/// PostgreSQL refuses connections for a while: the counter says so in a banner, keeps
/// working on what it has, and recovers on its own once the database is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_goes_away_shows_a_banner_and_comes_back_on_its_own() {
    use sqlx::Connection;
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let services = db.services();
    live_showtime(&services, 5, 10).await;
    services
        .identity
        .create_user("anna", Role::Cashier, "correct horse battery")
        .await
        .unwrap();
    let anna = Counter::start("anna", &db.url).await;
    anna.log_in("anna", "correct horse battery").await;
    anna.open_live_wire().await;

    let name = db.url.rsplit('/').next().unwrap().to_string();
    let mut admin = sqlx::PgConnection::connect(&common::postgres_admin_url())
        .await
        .unwrap();
    let admin_sql = |sql: String| sqlx::AssertSqlSafe(sql);
    sqlx::query(admin_sql(format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS false"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    sqlx::query(admin_sql(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    // The next read fails: the banner, the status bar, and the screen still there.
    anna.key(KeyCode::Char('r')).await;
    anna.wait_for("Database unreachable").await;
    let down = anna.text();
    assert!(down.contains("NOT CONNECTED"), "{down}");
    assert!(down.contains("SCREEN"), "the grid stays on screen:\n{down}");

    sqlx::query(admin_sql(format!(
        "ALTER DATABASE {name} ALLOW_CONNECTIONS true"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    // Nobody presses anything: the retries find it back.
    anna.wait_until("the banner to go", |t| {
        !t.contains("Database unreachable") && t.contains("connected")
    })
    .await;
    anna.key(KeyCode::Char(' ')).await;
    anna.wait_for("(1)").await;
    anna.key(KeyCode::Char('q')).await;
    anna.wait_for("Give back").await;
    anna.key(KeyCode::Char('y')).await;
    let _ = tokio::time::timeout(Duration::from_secs(10), anna.done).await;
    drop(services);
    db.drop_database().await;
}
