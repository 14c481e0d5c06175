//! The manager's Schedule: a week of 10 halls and 400 showtimes, drawn (the whole tab:
//! timeline, day strip, panel, the preview of a block being placed) into 140x40 and
//! 200x60 buffers. Goal: under 2 ms a frame.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::hint::black_box;

use boxoffice::identity::{Role, User};
use boxoffice::screening::model::{Hall, Movie, Showtime, ShowtimeStatus};
use boxoffice::screening::schedule::Buffers;
use boxoffice::tui::app::{App, Context, Settings, render};
use boxoffice::tui::event::{Done, Event};
use boxoffice::tui::screens::{login, schedule, showtimes};
use boxoffice::vocab::venue_time::VenueTime;
use boxoffice::vocab::{HallId, Money, MovieId, ShowtimeId, UserId};
use chrono::{Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const HALLS: i64 = 10;
const SHOWTIMES: i64 = 400;

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// 400 showtimes over Mon 30 Nov - Sun 6 Dec 2026 in 10 halls: about 6 a day in each,
/// back to back from 10:00.
fn week() -> schedule::Week {
    let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let halls: Vec<Hall> = (1..=HALLS)
        .map(|i| Hall {
            id: HallId(i),
            name: format!("Hall {i}"),
            seats: 100 + i as u32 * 20,
            capacity: 100 + i as u32 * 20,
            rows: 10,
        })
        .collect();
    let movies: Vec<Movie> = (1..=12)
        .map(|i| Movie {
            id: MovieId(i),
            title: format!("Feature number {i}"),
            runtime_minutes: 85 + i * 5,
            rating: None,
            genre: None,
        })
        .collect();
    let mut showtimes = Vec::new();
    let mut sales = HashMap::new();
    let first = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    let per_lane_day = SHOWTIMES / (HALLS * 7) + 1;
    let mut id = 0;
    'all: for day in 0..7 {
        for hall in 1..=HALLS {
            let mut start = first + Duration::days(day) + Duration::minutes(hall * 7);
            for _ in 0..per_lane_day {
                id += 1;
                if id > SHOWTIMES {
                    break 'all;
                }
                let movie = &movies[(id % 12) as usize];
                let end = start + Duration::minutes(movie.runtime_minutes + 30);
                showtimes.push(Showtime {
                    id: ShowtimeId(id),
                    movie_id: movie.id,
                    movie_title: movie.title.clone(),
                    movie_rating: None,
                    runtime_minutes: movie.runtime_minutes,
                    hall_id: HallId(hall),
                    hall_name: format!("Hall {hall}"),
                    starts_at: start,
                    occupied_until: end,
                    price: Money::from_cents(1000).unwrap(),
                    status: ShowtimeStatus::Scheduled,
                });
                sales.insert(
                    ShowtimeId(id),
                    schedule::Sales {
                        sold: id % 90,
                        capacity: 100 + hall * 20,
                        revenue: Money::from_cents(id % 90 * 1000).unwrap(),
                    },
                );
                start = end + Duration::minutes(10);
            }
        }
    }
    showtimes.sort_by_key(|s| s.starts_at);
    schedule::Week {
        monday,
        today: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        now: Utc.with_ymd_and_hms(2026, 12, 1, 16, 42, 0).unwrap(),
        halls,
        showtimes,
        sales,
        movies,
        buffers: Buffers {
            ads_minutes: 15,
            cleaning_minutes: 15,
        },
    }
}

/// A manager on the Schedule tab with the week read.
fn app() -> App {
    let context = Context {
        venue_name: "Kino Aurora".into(),
        currency: "EUR".into(),
        backend: "SQLite".into(),
        venue: VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
        child_confirm_ratings: vec!["R".into()],
    };
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 16, 42, 0).unwrap();
    let (mut app, _) = App::new(context, Settings::default(), false, now);
    let user = User {
        id: UserId(1),
        username: "manon".into(),
        role: Role::Manager,
        active: true,
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    app.handle(Event::Done(Done::from(login::Done::Login(Ok(user)))));
    app.handle(Event::Done(Done::from(showtimes::Done::Today(Ok(today)))));
    app.handle(key(KeyCode::F(2)));
    app.handle(Event::Done(Done::from(schedule::Done::Week(Ok(week())))));
    assert_eq!(app.stack.front().name(), "schedule");
    app
}

fn draw_week(c: &mut Criterion) {
    let mut app = app();
    for (w, h) in [(140, 40), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        c.bench_function(
            &format!("schedule: 10 halls, 400 showtimes, {w}x{h}"),
            |b| {
                b.iter(|| {
                    terminal.draw(|f| render(black_box(&app), f)).unwrap();
                })
            },
        );
    }
    // The whole week on one timeline: every one of the 400 showtimes a block.
    app.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('v'),
        KeyModifiers::NONE,
    )));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    c.bench_function("schedule: the whole week, 400 showtimes, 140x40", |b| {
        b.iter(|| {
            terminal.draw(|f| render(black_box(&app), f)).unwrap();
        })
    });
    app.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('v'),
        KeyModifiers::NONE,
    )));
    // A block being placed over a clash: the preview and its suggestions every frame.
    app.handle(Event::Key(KeyEvent::new(
        KeyCode::Char('a'),
        KeyModifiers::NONE,
    )));
    for c in "feature number 3".chars() {
        app.handle(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    for _ in 0..3 {
        app.handle(key(KeyCode::Tab));
    }
    for c in "19:30".chars() {
        app.handle(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.handle(key(KeyCode::Tab));
    for c in "10.00".chars() {
        app.handle(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.handle(key(KeyCode::Enter));
    let mut terminal = Terminal::new(TestBackend::new(140, 40)).unwrap();
    terminal.draw(|f| render(&app, f)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("is busy") && screen.contains("   1  "),
        "{screen}"
    );
    c.bench_function("schedule: placing a block with its clash, 140x40", |b| {
        b.iter(|| {
            terminal.draw(|f| render(black_box(&app), f)).unwrap();
        })
    });
}

criterion_group!(benches, draw_week);
criterion_main!(benches);
