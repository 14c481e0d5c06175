//! How long a hold at one counter takes to reach another counter's seat grid, as a
//! distribution. The watching counter is the real TUI event loop (login, showtimes list,
//! seat grid) drawing into an in-memory terminal, with services, connections and a seat
//! feed of its own; the holding counter is a second set of services on the same
//! database, as a second process would be. Each hold's time is taken when the hold call
//! returns (it has committed) and ends at the first frame the watcher draws with the
//! seat shown held.
//!
//! cargo run --release --example feed_delay -- --holds 200
//! Options: --database-url URL (default: a fresh SQLite file; PostgreSQL: give a scratch
//! database, the example adds its own hall), --holds N (200), --gap-ms MS: the mean
//! pause between holds, drawn at random up to twice that (50). Run `boxoffice bench` against the same database meanwhile to measure under load.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use boxoffice::identity::Role;
use boxoffice::services::{Services, VenueSettings};
use boxoffice::store::Store;
use boxoffice::tui::event::{Event, channel};
use boxoffice::tui::event_loop::run_loop;
use boxoffice::tui::watched_backend::WatchedBackend;
use boxoffice::tui::{Settings, theme::Theme};
use ratatui::Terminal;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const PASSWORD: &str = "feed delay horse battery";
/// The glyph of a seat somebody else holds; the legend shows it once more.
const HELD: &str = "░░";

/// Each frame the watcher flushes: when, and how many seats it shows held by others.
#[derive(Default)]
struct Frames {
    screen: String,
    seen: Vec<(Instant, usize)>,
}

struct Args {
    url: Option<String>,
    holds: usize,
    gap: Duration,
}

fn args() -> Args {
    let mut a = Args {
        url: None,
        holds: 200,
        gap: Duration::from_millis(50),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--database-url" => a.url = Some(value),
            "--holds" => a.holds = value.parse().unwrap(),
            "--gap-ms" => a.gap = Duration::from_millis(value.parse().unwrap()),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

fn venue() -> VenueSettings {
    VenueSettings {
        name: "Feed".into(),
        currency: "EUR".into(),
        time: boxoffice::vocab::venue_time::VenueTime::new(
            chrono_tz::Europe::Berlin,
            chrono::NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
        buffers: boxoffice::screening::schedule::Buffers {
            ads_minutes: 0,
            cleaning_minutes: 0,
        },
        booking: Default::default(),
        payment: Default::default(),
        bank: Default::default(),
    }
}

async fn wait_until(frames: &Mutex<Frames>, what: &str, ok: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while !ok(&frames.lock().unwrap().screen) {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{what} never appeared:\n{}",
            frames.lock().unwrap().screen
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

#[tokio::main]
async fn main() {
    let a = args();
    let dir = tempfile::tempdir().unwrap();
    let url = a
        .url
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}?mode=rwc", dir.path().join("feed.db").display()));
    let setup = Services::new(Store::open(&url).await.unwrap(), venue());
    let op = setup.identity.operator().await.unwrap();
    let tag = uuid::Uuid::new_v4().simple().to_string()[..6].to_string();
    let hall = format!("Feed {tag}");
    let film = format!("Feed film {tag}");
    // Rows of 20: holds go along them, one seat each, and each stays held.
    let rows = a.holds.div_ceil(20).max(1) as i64;
    let sc = &setup.screening;
    sc.create_hall_grid(&op, &hall, rows, 20).await.unwrap();
    let movie = sc.add_movie(&op, &film, 90, None, None).await.unwrap();
    let start = sc.now().await.unwrap() + chrono::Duration::minutes(45);
    let price = boxoffice::vocab::Money::from_cents(1000).unwrap();
    let showtime = sc
        .schedule_showtime(&op, movie.id, &hall, start, price)
        .await
        .unwrap();
    let watcher_name = format!("watch{tag}");
    let holder_name = format!("hold{tag}");
    setup
        .identity
        .create_user(&watcher_name, Role::Cashier, PASSWORD)
        .await
        .unwrap();
    let holder = setup
        .identity
        .create_user(&holder_name, Role::Cashier, PASSWORD)
        .await
        .unwrap();

    // The watcher: the real event loop with its own store and feed.
    let frames = Arc::new(Mutex::new(Frames::default()));
    let watched = frames.clone();
    let backend = WatchedBackend::new(120, rows as u16 + 24, move |screen: &str| {
        let held = screen.matches(HELD).count().saturating_sub(1);
        let mut f = watched.lock().unwrap();
        f.seen.push((Instant::now(), held));
        f.screen = screen.to_string();
    });
    let watcher = Services::new(Store::open(&url).await.unwrap(), venue());
    let (keys, rx) = channel();
    tokio::spawn(async move {
        let mut terminal = Terminal::new(backend).unwrap();
        let settings = Settings {
            theme: Theme::mono(),
            ..Settings::default()
        };
        run_loop(&mut terminal, &watcher, false, settings, rx)
            .await
            .unwrap();
    });
    let key = |code: KeyCode| {
        let keys = keys.clone();
        async move {
            keys.send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
                .await
                .unwrap();
        }
    };
    wait_until(&frames, "the login", |t| t.contains("Username")).await;
    for c in watcher_name.chars() {
        key(KeyCode::Char(c)).await;
    }
    key(KeyCode::Tab).await;
    for c in PASSWORD.chars() {
        key(KeyCode::Char(c)).await;
    }
    key(KeyCode::Enter).await;
    wait_until(&frames, "the showtimes", |t| {
        t.contains(&film) || t.contains("No showtimes on")
    })
    .await;
    if !frames.lock().unwrap().screen.contains(&film) {
        key(KeyCode::Char('l')).await;
        wait_until(&frames, "the film", |t| t.contains(&film)).await;
    }
    // On a scratch database the film's showtime is the only one of the day: the first.
    key(KeyCode::Enter).await;
    wait_until(&frames, "the seats", |t| {
        t.contains("SCREEN") && t.contains(&film)
    })
    .await;

    // The holder: services of its own, as another counter's process.
    let holding = Services::new(Store::open(&url).await.unwrap(), venue());
    let mut delays = Vec::new();
    let row_names: Vec<String> = (0..rows)
        .map(|r| char::from(b'A' + r as u8).to_string())
        .collect();
    for i in 0..a.holds {
        let label = format!("{}{}", row_names[i / 20], i % 20 + 1);
        holding
            .booking
            .hold(&holder, showtime.id, std::slice::from_ref(&label), None)
            .await
            .unwrap_or_else(|e| panic!("hold {label}: {e}"));
        let committed = Instant::now();
        let shown = loop {
            let found = frames
                .lock()
                .unwrap()
                .seen
                .iter()
                .rev()
                .find(|(at, held)| *at >= committed && *held > i)
                .map(|(at, _)| *at);
            if let Some(at) = found {
                break at;
            }
            assert!(
                committed.elapsed() < Duration::from_secs(10),
                "hold {label} never reached the other grid"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        // The first frame after the commit that shows it, not the latest one.
        let first = frames
            .lock()
            .unwrap()
            .seen
            .iter()
            .find(|(at, held)| *at >= committed && *held > i)
            .map(|(at, _)| *at)
            .unwrap_or(shown);
        delays.push(first - committed);
        // A random pause, so holds do not fall into step with a polling feed's period.
        let pause = a.gap.mul_f64(rand::random_range(0.0..2.0));
        tokio::time::sleep(pause).await;
    }
    delays.sort();
    let at = |q: f64| {
        let i = ((delays.len() as f64 - 1.0) * q).round() as usize;
        delays[i].as_secs_f64() * 1000.0
    };
    println!(
        "{} holds on {}: commit to the other grid's frame p50 {:.1} ms  p90 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        delays.len(),
        setup.backend.name(),
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0)
    );
}
