//! The seat grid's cost, without the database: drawing a 600-seat hall into a 200x60
//! buffer (goal < 1 ms), and a key press on the seat grid until the frame is written out
//! through the real crossterm backend (goal < 5 ms).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use boxoffice::booking::model::SeatState;
use boxoffice::booking::service::{MapSeat, SeatCounts, SeatMap};
use boxoffice::identity::{Role, User};
use boxoffice::screening::layout::HallLayout;
use boxoffice::screening::model::{Seat, Showtime, ShowtimeStatus};
use boxoffice::tui::app::{App, Context, Settings, render};
use boxoffice::tui::event::{Done, Event};
use boxoffice::tui::screens::{login, seats, showtimes};
use boxoffice::tui::theme::Theme;
use boxoffice::tui::widgets::seat_grid::{HallPlan, SeatGrid, SeatLook};
use boxoffice::vocab::venue_time::VenueTime;
use boxoffice::vocab::{HallId, Money, MovieId, SeatId, ShowtimeId, UserId};
use chrono::{Duration, NaiveTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::backend::CrosstermBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// 20 rows of 30: 600 seats, a few sold and held, as a busy evening looks.
fn hall() -> Vec<Seat> {
    HallLayout::grid(20, 30)
        .unwrap()
        .seats()
        .iter()
        .enumerate()
        .map(|(i, s)| Seat {
            id: SeatId(i as i64 + 1),
            hall_id: HallId(1),
            row_label: s.row_label.clone(),
            number: s.number,
            kind: s.kind,
            grid_row: s.grid_row,
            grid_col: s.grid_col,
            broken: false,
        })
        .collect()
}

fn state_of(i: usize) -> SeatState {
    match i % 13 {
        0 | 5 => SeatState::Sold,
        7 => SeatState::Held {
            by: "anna".into(),
            until: Utc::now() + Duration::minutes(5),
        },
        _ => SeatState::Free,
    }
}

fn render_grid(c: &mut Criterion) {
    let seats = hall();
    let plan = HallPlan::new(seats.iter().map(|s| {
        (
            s.grid_row,
            s.grid_col,
            s.number,
            s.kind,
            s.row_label.as_str(),
        )
    }));
    let looks: Vec<SeatLook> = (0..seats.len())
        .map(|i| match state_of(i) {
            SeatState::Sold => SeatLook::Sold,
            SeatState::Held { .. } => SeatLook::Held,
            _ => SeatLook::Free,
        })
        .collect();
    let theme = Theme::auto();
    let area = Rect::new(0, 0, 200, 60);
    let mut buf = Buffer::empty(area);
    c.bench_function("seat grid: 600 seats into 200x60", |b| {
        b.iter(|| {
            buf.reset();
            SeatGrid {
                plan: black_box(&plan),
                looks: &looks,
                cursor: Some(300),
                theme: &theme,
            }
            .render(area, &mut buf);
        })
    });
}

/// An app logged in and on the seat grid of the 600-seat hall.
fn app_on_the_grid() -> App {
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
    let now = Utc::now();
    let (mut app, _) = App::new(context, Settings::default(), false, now);
    let user = User {
        id: UserId(2),
        username: "cashier".into(),
        role: Role::Cashier,
        active: true,
    };
    let showtime = Showtime {
        id: ShowtimeId(1),
        movie_id: MovieId(1),
        movie_title: "Cold Harbour".into(),
        movie_rating: None,
        runtime_minutes: 127,
        hall_id: HallId(1),
        hall_name: "Grand".into(),
        starts_at: now + Duration::hours(2),
        occupied_until: now + Duration::hours(5),
        price: Money::from_cents(1250).unwrap(),
        status: ShowtimeStatus::Scheduled,
    };
    let today = app.ctx.context.venue.business_day_of(now);
    app.handle(Event::Done(Done::from(login::Done::Login(Ok(user)))));
    app.handle(Event::Done(Done::from(showtimes::Done::Today(Ok(today)))));
    app.handle(Event::Done(Done::from(showtimes::Done::Showtimes {
        day: today,
        result: Ok(vec![showtime.clone()]),
    })));
    app.handle(key(KeyCode::Enter));
    let seats: Vec<MapSeat> = hall()
        .into_iter()
        .enumerate()
        .map(|(i, seat)| MapSeat {
            seat,
            state: state_of(i),
        })
        .collect();
    app.handle(Event::Done(Done::from(seats::Done::SeatMap {
        showtime: showtime.id,
        result: Ok(SeatMap {
            showtime,
            seats,
            counts: SeatCounts::default(),
            at: now,
        }),
    })));
    app
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn key_to_frame(c: &mut Criterion) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let mut app = app_on_the_grid();
        // The real backend, writing its escape sequences to nowhere.
        let mut terminal = Terminal::with_options(
            CrosstermBackend::new(std::io::sink()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        terminal.draw(|f| render(&app, f)).unwrap();
        let mut right = true;
        let mut n = 0u32;
        c.bench_function(&format!("seat grid: key to frame at {w}x{h}"), |b| {
            b.iter(|| {
                // Back and forth along a row, so every press moves the cursor.
                n += 1;
                if n.is_multiple_of(20) {
                    right = !right;
                }
                let code = if right { KeyCode::Right } else { KeyCode::Left };
                black_box(app.handle(key(code)));
                terminal.draw(|f| render(&app, f)).unwrap();
            })
        });
    }
}

criterion_group!(benches, render_grid, key_to_frame);
criterion_main!(benches);
