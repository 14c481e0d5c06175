//! Screens rendered into a fixed-size buffer and compared with reviewed snapshots, and
//! the state changes behind the keys.

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::app::{App, Context, Screen};
use super::event::{Command, Event, Loaded};
use super::render;
use crate::core::venue_time::VenueTime;
use crate::core::{HallId, Money, MovieId, ShowtimeId};
use crate::demo::{DemoAccount, DemoSummary};
use crate::identity::Role;
use crate::screening::model::{Showtime, ShowtimeStatus};

fn context() -> Context {
    Context {
        venue_name: "Kino Aurora".into(),
        currency: "EUR".into(),
        backend: "SQLite".into(),
        venue: VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn show(id: i64, h: u32, m: u32, title: &str, hall: &str, minutes: i64, cents: i64) -> Showtime {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, h - 1, m, 0).unwrap();
    Showtime {
        id: ShowtimeId(id),
        movie_id: MovieId(id),
        movie_title: title.into(),
        runtime_minutes: minutes,
        hall_id: HallId(1),
        hall_name: hall.into(),
        starts_at: start,
        occupied_until: start + chrono::Duration::minutes(minutes + 30),
        price: Money::from_cents(cents).unwrap(),
        status: ShowtimeStatus::Scheduled,
    }
}

fn listing() -> Vec<Showtime> {
    vec![
        show(1, 14, 0, "Paper Lanterns", "Grand", 96, 1050),
        show(2, 16, 30, "The Last Projectionist", "Studio", 118, 900),
        show(3, 18, 0, "Orbit of Ash", "Salon", 142, 1100),
        show(4, 20, 0, "Cold Harbour", "Grand", 127, 1250),
        show(5, 23, 0, "Midnight Matinee", "Grand", 111, 1250),
    ]
}

/// An app on the showtimes screen with the day loaded.
fn loaded_app(showtimes: Vec<Showtime>) -> App {
    let (mut app, _) = App::new(context(), false);
    app.clock = "Tue 01 Dec  17:42:05".into();
    app.handle(Event::Loaded(Loaded::Today(Ok(day()))));
    app.handle(Event::Loaded(Loaded::Showtimes {
        day: day(),
        result: Ok(showtimes),
    }));
    app
}

fn draw(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| render(app, f)).unwrap();
    terminal.backend().to_string()
}

fn key(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

#[test]
fn showtimes_screen_80x24() {
    insta::assert_snapshot!(draw(&loaded_app(listing()), 80, 24));
}

#[test]
fn showtimes_screen_140x40() {
    let mut app = loaded_app(listing());
    app.handle(key(KeyCode::Down));
    app.handle(key(KeyCode::Down));
    insta::assert_snapshot!(draw(&app, 140, 40));
}

#[test]
fn empty_day_80x24() {
    insta::assert_snapshot!(draw(&loaded_app(Vec::new()), 80, 24));
}

#[test]
fn help_overlay_80x24() {
    let mut app = loaded_app(listing());
    app.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('?'),
        KeyModifiers::SHIFT,
    )));
    assert!(app.help);
    insta::assert_snapshot!(draw(&app, 80, 24));
}

#[test]
fn filter_and_store_error_80x24() {
    let mut app = loaded_app(listing());
    app.handle(key(KeyCode::Char('/')));
    for c in "grand".chars() {
        app.handle(key(KeyCode::Char(c)));
    }
    // Filtering is by movie title: no title holds "grand".
    assert!(app.visible().is_empty());
    app.handle(key(KeyCode::Esc));
    app.handle(key(KeyCode::Char('/')));
    for c in "ORBIT".chars() {
        app.handle(key(KeyCode::Char(c)));
    }
    app.handle(key(KeyCode::Enter));
    assert_eq!(app.visible().len(), 1);
    insta::assert_snapshot!("filter_80x24", draw(&app, 80, 24));
    app.handle(Event::Loaded(Loaded::Showtimes {
        day: day(),
        result: Err("database error: connection refused".into()),
    }));
    insta::assert_snapshot!("store_error_80x24", draw(&app, 80, 24));
}

#[test]
fn demo_offer_and_accounts_80x24() {
    let (mut app, first) = App::new(context(), true);
    assert!(first.is_empty(), "nothing loads before the user answers");
    app.clock = "Tue 01 Dec  17:42:05".into();
    insta::assert_snapshot!("demo_offer_80x24", draw(&app, 80, 24));
    assert_eq!(app.handle(key(KeyCode::Char('y'))), vec![Command::SeedDemo]);
    let summary = DemoSummary {
        halls: 3,
        seats: 440,
        movies: 9,
        showtimes: 70,
        accounts: vec![
            DemoAccount {
                username: "manager".into(),
                role: Role::Manager,
                password: "Kx7pQ2mVwz9HcT4r".into(),
            },
            DemoAccount {
                username: "cashier".into(),
                role: Role::Cashier,
                password: "b8NfR3yLq5ZtWm2e".into(),
            },
        ],
    };
    app.handle(Event::Loaded(Loaded::Demo(Ok(summary))));
    insta::assert_snapshot!("demo_accounts_80x24", draw(&app, 80, 24));
    assert_eq!(app.handle(key(KeyCode::Enter)), vec![Command::LoadToday]);
    assert_eq!(app.screen, Screen::Showtimes);
}

#[test]
fn days_switch_and_stale_answers_are_ignored() {
    let mut app = loaded_app(listing());
    let next = day().succ_opt().unwrap();
    assert_eq!(
        app.handle(key(KeyCode::Right)),
        vec![Command::LoadShowtimes(next)]
    );
    assert!(app.loading);
    // The answer for the day we left arrives late: it must not replace the new day's.
    app.handle(Event::Loaded(Loaded::Showtimes {
        day: day(),
        result: Ok(Vec::new()),
    }));
    assert!(app.loading);
    app.handle(Event::Loaded(Loaded::Showtimes {
        day: next,
        result: Ok(Vec::new()),
    }));
    assert!(!app.loading && app.showtimes.is_empty());
    assert_eq!(
        app.handle(key(KeyCode::Char('h'))),
        vec![Command::LoadShowtimes(day())]
    );
    assert_eq!(
        app.handle(key(KeyCode::Char('t'))),
        vec![Command::LoadToday]
    );
}

#[test]
fn selection_stays_in_bounds_and_q_quits() {
    let mut app = loaded_app(listing());
    app.handle(key(KeyCode::Up));
    assert_eq!(app.selected, 0);
    for _ in 0..10 {
        app.handle(key(KeyCode::Char('j')));
    }
    assert_eq!(app.selected, 4);
    // While typing a filter, q is a letter.
    app.handle(key(KeyCode::Char('/')));
    assert!(app.handle(key(KeyCode::Char('q'))).is_empty());
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.handle(key(KeyCode::Char('q'))), vec![Command::Quit]);
    assert!(app.quit);
}
