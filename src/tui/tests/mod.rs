//! Screens drawn into fixed-size buffers and compared with reviewed snapshots (80x24 and
//! 140x40), the state changes behind the keys, and the loop on a test backend. Fixtures
//! here; `showtimes` covers the start (demo, login, the list), `counter` the sale.

mod counter;
mod kiosk;
mod manager;
mod office;
mod showtimes;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use std::any::Any;

use super::app::{App, Context, Settings, render};
use super::event::{Command, Done, Event, Work};
use super::screens::checkout::{CheckoutState, Done as CheckoutDone, Work as CheckoutWork};
use super::screens::demo_offer::{Done as DemoDone, Work as DemoWork};
use super::screens::login::{Done as LoginDone, LoginState, Work as LoginWork};
use super::screens::receipt::{
    Done as ReceiptDone, ReceiptScreen, ReceiptState, Work as ReceiptWork,
};
use super::screens::sales::{Done as SalesDone, SalesScreen, SalesState, Work as SalesWork};
use super::screens::seats::{Done as SeatsDone, SeatsScreen, SeatsState, Work as SeatsWork};
use super::screens::showtimes::{
    Done as ShowtimesDone, ShowtimesScreen, ShowtimesState, Work as ShowtimesWork,
};
use super::session::{Done as SessionDone, Work as SessionWork};
use super::theme::Theme;
use crate::booking::model::{SeatState, TicketType};
use crate::booking::service::{MapSeat, SeatCounts, SeatMap};
use crate::identity::{Role, User};
use crate::screening::layout::HallLayout;
use crate::screening::model::{Seat, SeatSpec, Showtime, ShowtimeStatus};
use crate::vocab::venue_time::VenueTime;
use crate::vocab::{HallId, Money, MovieId, OrderId, SeatId, ShowtimeId, UserId};

fn context() -> Context {
    Context {
        venue_name: "Kino Aurora".into(),
        currency: "EUR".into(),
        backend: "SQLite".into(),
        venue: VenueTime::new(
            chrono_tz::Europe::Berlin,
            NaiveTime::from_hms_opt(6, 0, 0).unwrap(),
        ),
        child_confirm_ratings: vec!["R".into(), "NC-17".into(), "18".into()],
    }
}

fn settings() -> Settings {
    Settings {
        theme: Theme::mono(),
        data_dir: "/var/lib/boxoffice".into(),
        ..Settings::default()
    }
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// 17:42:05 in Berlin on `day()`: the 14:00 and 16:30 shows have started.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 16, 42, 5).unwrap()
}

fn cashier() -> User {
    User {
        id: UserId(2),
        username: "cashier".into(),
        role: Role::Cashier,
        active: true,
    }
}

/// A showtime starting at hh:mm Berlin time (UTC+1 in December) on `day()`.
fn show(id: i64, hh: u32, mm: u32, title: &str, hall: &str, minutes: i64, cents: i64) -> Showtime {
    let start = Utc.with_ymd_and_hms(2026, 12, 1, hh - 1, mm, 0).unwrap();
    Showtime {
        id: ShowtimeId(id),
        movie_id: MovieId(id),
        movie_title: title.into(),
        movie_rating: None,
        runtime_minutes: minutes,
        hall_id: HallId(1),
        hall_name: hall.into(),
        starts_at: start,
        occupied_until: start + Duration::minutes(minutes + 30),
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
        show(
            5,
            22,
            30,
            "The Unbearably Long Title of the Director's Extended Cut, Part Two",
            "Studio",
            181,
            1400,
        ),
        show(6, 23, 0, "Midnight Matinee", "Grand", 111, 1250),
    ]
}

/// An answer, as the loop hands it over.
fn done(answer: impl Into<Done>) -> Event {
    Event::Done(answer.into())
}

/// The open screen of type `S` nearest the front.
fn screen<S: 'static>(app: &App) -> Option<&S> {
    app.stack
        .iter()
        .find_map(|s| (s as &dyn Any).downcast_ref::<S>())
}

/// Is this screen in front? By its name: "seats", "checkout".
fn on(app: &App, name: &str) -> bool {
    app.stack.front().name() == name
}

fn showtimes(app: &App) -> &ShowtimesState {
    &screen::<ShowtimesScreen>(app).unwrap().showtimes
}

fn seats(app: &App) -> Option<&SeatsState> {
    screen::<SeatsScreen>(app).map(|s| &s.seats)
}

fn checkout(app: &App) -> Option<&CheckoutState> {
    screen::<SeatsScreen>(app).and_then(|s| s.checkout.as_ref())
}

fn receipt_of(app: &App) -> Option<&ReceiptState> {
    screen::<ReceiptScreen>(app).map(|s| &s.receipt)
}

fn sales(app: &App) -> &SalesState {
    &screen::<SalesScreen>(app).unwrap().sales
}

fn login(app: &App) -> &LoginState {
    &screen::<super::screens::login::LoginScreen>(app)
        .unwrap()
        .login
}

fn new_app(offer_demo: bool) -> (App, Option<Command>) {
    App::new(context(), settings(), offer_demo, now())
}

/// Logged in as the cashier: the answer to a login, and the work it starts.
fn log_in(app: &mut App) -> Option<Command> {
    app.handle(done(LoginDone::Login(Ok(cashier()))))
}

/// An app on the showtimes screen, logged in, with `day()` loaded as today.
fn loaded_app(showtimes: Vec<Showtime>) -> App {
    let (mut app, first) = new_app(false);
    assert_eq!(first, None, "the login comes first");
    assert_eq!(
        log_in(&mut app),
        Some(Command::run(ShowtimesWork::LoadToday))
    );
    assert_eq!(
        app.handle(done(ShowtimesDone::Today(Ok(day())))),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
    let ids: Vec<ShowtimeId> = showtimes.iter().map(|s| s.id).collect();
    let next = app.handle(loaded(day(), showtimes));
    if ids.is_empty() {
        assert_eq!(next, None);
    } else {
        let Some(Command::Run(Work::Showtimes(ShowtimesWork::LoadAvailability {
            showtimes, ..
        }))) = next
        else {
            panic!("the availability is read next");
        };
        let mut asked = showtimes;
        asked.sort();
        assert_eq!(asked, ids);
    }
    app
}

fn loaded(day: NaiveDate, showtimes: Vec<Showtime>) -> Event {
    done(ShowtimesDone::Showtimes {
        day,
        result: Ok(showtimes),
    })
}

fn counts(free: u32, held: u32, sold: u32) -> SeatCounts {
    SeatCounts {
        free,
        held,
        sold,
        unavailable: 0,
    }
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

fn ctrl_c() -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL))
}

fn draw(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| render(app, f)).unwrap();
    terminal.backend().to_string()
}

/// The screen at the smallest supported size and a wide one.
fn snapshot_both(name: &str, app: &App) {
    insta::assert_snapshot!(format!("{name}_80x24"), draw(app, 80, 24));
    insta::assert_snapshot!(format!("{name}_140x40"), draw(app, 140, 40));
}

/// A hall's seats from a layout map, with ids from 1 in map order.
fn hall_seats(map: &str) -> Vec<Seat> {
    HallLayout::parse_map(map)
        .unwrap()
        .seats()
        .iter()
        .enumerate()
        .map(|(i, s): (usize, &SeatSpec)| Seat {
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

const GRAND: &str = include_str!("../../../assets/halls/grand.txt");

/// The showtime whose seats the counter tests sell: Cold Harbour in the Grand at 20:00.
fn evening() -> Showtime {
    show(4, 20, 0, "Cold Harbour", "Grand", 127, 1250)
}

/// A seat map of `seats` with each seat's state from `state`, read at `now()` on a
/// database clock 3 seconds ahead of the terminal's.
fn seat_map(showtime: Showtime, seats: Vec<Seat>, state: impl Fn(&Seat) -> SeatState) -> SeatMap {
    let mut c = SeatCounts::default();
    let seats: Vec<MapSeat> = seats
        .into_iter()
        .map(|seat| {
            let state = state(&seat);
            match state {
                SeatState::Free => c.free += 1,
                SeatState::Held { .. } | SeatState::HeldByMe { .. } => c.held += 1,
                SeatState::Sold => c.sold += 1,
                SeatState::Broken | SeatState::Blocked => c.unavailable += 1,
            }
            MapSeat { seat, state }
        })
        .collect();
    SeatMap {
        showtime,
        seats,
        counts: c,
        at: now() + Duration::seconds(3),
    }
}

/// The Grand with a bit of everything: rows C and D sold in the middle, two seats held by
/// anna, one online, a broken and a blocked seat; `mine` held by this cashier's order 42.
fn busy_grand(mine: &[&str]) -> SeatMap {
    let until = now() + Duration::minutes(8);
    seat_map(evening(), hall_seats(GRAND), |s| {
        let label = s.label();
        if mine.contains(&label.as_str()) {
            return SeatState::HeldByMe {
                order_id: OrderId(42),
                until,
            };
        }
        match label.as_str() {
            "H9" | "H10" => SeatState::Held {
                by: "anna".into(),
                until,
            },
            "J2" => SeatState::Held {
                by: "online".into(),
                until,
            },
            "K20" => SeatState::Broken,
            "K19" => SeatState::Blocked,
            _ if (s.row_label == "C" || s.row_label == "D") && (5..=16).contains(&s.number) => {
                SeatState::Sold
            }
            _ => SeatState::Free,
        }
    })
}

fn adult_and_child() -> Vec<TicketType> {
    vec![TicketType::Adult, TicketType::Child]
}
