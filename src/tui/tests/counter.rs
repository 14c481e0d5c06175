//! The sale at the counter: login, the seat grid, checkout, the receipt, my sales, and
//! what the cashier sees when things go wrong.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::*;
use crate::booking::model::{Channel, Order, OrderSeat, OrderStatus, SaleLine, Ticket};
use crate::booking::service::OrderView;
use crate::core::TicketId;
use crate::events::SeatEvent;
use crate::payment::model::{AttemptOutcome, AttemptReport};
use crate::payment::service::{Receipt, RefundReceipt};
use crate::screening::model::SeatKind;
use crate::tui::app::{Ask, Screen};
use crate::tui::event::{Payment, Problem, SaleRow, Secret};
use crate::tui::screens::checkout::Pay;
use crate::tui::screens::login::Field;
use crate::tui::widgets::seat_grid::{Geometry, HallPlan, SeatGrid, SeatLook};

const ORDER: OrderId = OrderId(42);

fn grand_seat(label: &str) -> Seat {
    hall_seats(GRAND)
        .into_iter()
        .find(|s| s.label() == label)
        .unwrap()
}

fn order(expires_at: DateTime<Utc>) -> Order {
    Order {
        id: ORDER,
        showtime_id: ShowtimeId(4),
        user_id: UserId(2),
        username: "cashier".into(),
        channel: Channel::Counter,
        status: OrderStatus::Draft,
        extended: false,
        total: None,
        created_at: now(),
        expires_at,
        paid_at: None,
    }
}

/// Order 42 holding these seats of the Grand until 8 minutes from now.
fn held(labels: &[&str]) -> OrderView {
    OrderView {
        order: order(now() + Duration::minutes(8)),
        status: OrderStatus::Draft,
        showtime: evening(),
        seats: labels
            .iter()
            .map(|l| {
                let s = grand_seat(l);
                OrderSeat {
                    seat_id: s.id,
                    label: s.label(),
                    kind: s.kind,
                }
            })
            .collect(),
        tickets: Vec::new(),
    }
}

fn held_done(labels: &[&str]) -> Event {
    Event::Done(Done::Held {
        showtime: ShowtimeId(4),
        result: Ok(held(labels)),
    })
}

fn map_done(map: SeatMap) -> Event {
    Event::Done(Done::SeatMap {
        showtime: ShowtimeId(4),
        result: Ok(map),
    })
}

fn price(cents: i64) -> Money {
    Money::from_cents(cents).unwrap()
}

fn lines(types: &[(&str, TicketType, i64)]) -> Vec<SaleLine> {
    types
        .iter()
        .map(|(l, t, c)| SaleLine {
            seat_id: grand_seat(l).id,
            label: l.to_string(),
            ticket_type: *t,
            price: price(*c),
        })
        .collect()
}

fn receipt() -> Receipt {
    let lines = lines(&[
        ("F11", TicketType::Adult, 1250),
        ("F12", TicketType::Child, 950),
    ]);
    let tickets = lines
        .iter()
        .zip(["T-3F9A2-C81D7", "T-77B0E-19A4C"])
        .enumerate()
        .map(|(i, (l, code))| Ticket {
            id: TicketId(i as i64 + 1),
            code: code.into(),
            order_id: ORDER,
            showtime_id: ShowtimeId(4),
            seat_id: l.seat_id,
            seat: l.label.clone(),
            ticket_type: l.ticket_type,
            price: l.price,
            valid: true,
        })
        .collect();
    Receipt {
        order: ORDER,
        showtime: evening(),
        lines,
        total: price(2200),
        method: "cash",
        tendered: Some(price(5000)),
        change: Some(price(2800)),
        card_last4: None,
        attempts: Vec::new(),
        tickets,
    }
}

/// Logged in, on the seat grid of Cold Harbour with `map` read.
fn seats_app(map: SeatMap) -> App {
    let mut app = loaded_app(listing());
    app.handle(ch('j'));
    assert_eq!(app.showtimes.selected_showtime().unwrap().id, ShowtimeId(4));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::LoadSeatMap {
            actor: cashier(),
            showtime: ShowtimeId(4),
            quiet: false
        }))
    );
    assert!(matches!(app.screen, Screen::Seats));
    assert_eq!(app.handle(map_done(map)), None);
    app
}

fn cursor_label(app: &App) -> String {
    app.seats
        .as_ref()
        .unwrap()
        .cursor_seat()
        .unwrap()
        .seat
        .label()
}

/// Moves the cursor onto a seat with the arrow keys' actions, as a cashier would.
fn move_to(app: &mut App, label: &str) {
    let target = grand_seat(label);
    for _ in 0..80 {
        let here = app
            .seats
            .as_ref()
            .unwrap()
            .cursor_seat()
            .unwrap()
            .seat
            .clone();
        let k = if here.grid_row < target.grid_row {
            ch('j')
        } else if here.grid_row > target.grid_row {
            ch('k')
        } else if here.grid_col < target.grid_col {
            ch('l')
        } else if here.grid_col > target.grid_col {
            ch('h')
        } else {
            return;
        };
        app.handle(k);
    }
    panic!("could not reach {label}; at {}", cursor_label(app));
}

fn look_of(app: &App, label: &str) -> SeatLook {
    let seats = app.seats.as_ref().unwrap();
    seats.looks[seats.index_of(grand_seat(label).id).unwrap()]
}

fn quiet_reload() -> Option<Command> {
    Some(Command::Run(Work::LoadSeatMap {
        actor: cashier(),
        showtime: ShowtimeId(4),
        quiet: true,
    }))
}

// ---- login ----

#[test]
fn login_takes_username_then_password() {
    let (mut app, _) = new_app(false);
    assert!(matches!(app.screen, Screen::Login));
    snapshot_both("login", &app);
    // Letters are text here: `q` and `?` are part of a name, not quit and help.
    for c in "qcashier?".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    app.handle(key(KeyCode::Backspace));
    assert_eq!(app.login.username, "qcashier");
    // Enter (or Tab) moves to the password, which shows as dots.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Password);
    for c in "s3cret".chars() {
        app.handle(ch(c));
    }
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("••••••") && !screen.contains("s3cret"),
        "{screen}"
    );
    app.handle(key(KeyCode::Tab));
    assert_eq!(app.login.focus, Field::Username);
    app.handle(key(KeyCode::BackTab));
    assert_eq!(app.login.focus, Field::Password);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Login {
            username: "qcashier".into(),
            password: Secret("s3cret".into())
        }))
    );
    assert!(
        !format!(
            "{:?}",
            Work::Login {
                username: "x".into(),
                password: Secret("s3cret".into())
            }
        )
        .contains("s3cret")
    );
    app.ticks = 4;
    insta::assert_snapshot!("login_checking_80x24", draw(&app, 80, 24));
    // Keys typed while checking change nothing.
    app.handle(ch('x'));
    assert_eq!(app.login.password, "s3cret");
    app.handle(Event::Done(Done::Login(Err(Problem::refused(
        "unknown username or wrong password",
    )))));
    assert_eq!(app.login.password, "", "a failed password is not kept");
    assert_eq!(app.login.focus, Field::Password);
    snapshot_both("login_failed", &app);
    app.handle(Event::Done(Done::Login(Err(Problem::refused(
        "the account is locked after too many failed logins; try again after 17:57 UTC or ask a manager to unlock it",
    )))));
    assert!(draw(&app, 80, 24).contains("locked"));
    // Success: the day's showtimes, and who is logged in in the status bar.
    assert_eq!(log_in(&mut app), Some(Command::Run(Work::LoadToday)));
    assert!(matches!(app.screen, Screen::Showtimes));
    assert!(draw(&app, 80, 24).contains("cashier (cashier)"));
}

#[test]
fn login_needs_a_username_and_esc_quits() {
    let (mut app, _) = new_app(false);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Username, "no username: stay");
    app.handle(key(KeyCode::Tab));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert_eq!(app.login.focus, Field::Username);
    assert!(app.login.error.is_some());
    assert_eq!(app.handle(key(KeyCode::Esc)), Some(Command::Quit));
}

// ---- the seat grid ----

#[test]
fn seat_grid_screen() {
    let mut app = seats_app(busy_grand(&["F10", "F11"]));
    let seats = app.seats.as_ref().unwrap();
    // The cashier's own holds from before are carried on, not started again.
    assert_eq!(seats.order, Some(ORDER));
    assert_eq!(seats.mine().len(), 2);
    move_to(&mut app, "H10");
    snapshot_both("seats", &app);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("H10 · standard · held by anna, 7:57 left"),
        "{screen}"
    );
    assert!(screen.contains("Your seats: F10 F11 (2)"), "{screen}");
}

#[test]
fn a_200_seat_hall_fits_80x24() {
    // 10 rows of 20 with a centre aisle.
    let map = "ssssssssss..ssssssssss\n".repeat(10);
    let app = seats_app(seat_map(evening(), hall_seats(&map), |_| SeatState::Free));
    assert_eq!(app.seats.as_ref().unwrap().seats.len(), 200);
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_200_80x24", screen);
    for row in ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] {
        assert!(
            screen
                .lines()
                .map(|l| l.trim_matches('"').trim())
                .any(|l| l.starts_with(&format!("{row}   1  2"))
                    && l.ends_with(&format!("19 20  {row}"))),
            "row {row} is not whole:\n{screen}"
        );
    }
    for scrolled in ['▲', '▼', '◀', '▶'] {
        assert!(!screen.contains(scrolled), "{screen}");
    }
}

#[test]
fn a_hall_larger_than_the_screen_scrolls_with_the_cursor() {
    // 26 rows of 40: more than 80x24 shows.
    let map = "s".repeat(40) + "\n";
    let app_map = seat_map(evening(), hall_seats(&map.repeat(26)), |_| SeatState::Free);
    let mut app = seats_app(app_map);
    for _ in 0..30 {
        app.handle(ch('j'));
        app.handle(ch('l'));
    }
    assert_eq!(
        cursor_label(&app),
        "Z40",
        "the cursor stops at the hall's corner"
    );
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_scrolled_80x24", screen);
    assert!(
        screen.contains("[40]") && screen.contains("▲ SCREEN"),
        "{screen}"
    );
    assert!(screen.contains('◀') && !screen.contains('▶'), "{screen}");
}

/// The widget alone, every state and kind, with its styles: the glyphs carry the state
/// without colour, the colours add to them.
#[test]
fn seat_grid_widget_in_each_state() {
    let looks = [
        SeatLook::Free,
        SeatLook::Mine,
        SeatLook::Held,
        SeatLook::Sold,
        SeatLook::Unavailable,
    ];
    let kinds = [
        SeatKind::Standard,
        SeatKind::Premium,
        SeatKind::Wheelchair,
        SeatKind::Companion,
    ];
    let labels = ["A", "B", "C", "D"];
    let mut seats = Vec::new();
    let mut all_looks = Vec::new();
    for (r, kind) in kinds.iter().enumerate() {
        for (c, look) in looks.iter().enumerate() {
            seats.push((r as u16, c as u16, c as u16 + 1, *kind, labels[r]));
            all_looks.push(*look);
        }
    }
    let plan = HallPlan::new(seats);
    for (name, theme) in [("mono", Theme::mono()), ("auto", Theme::auto())] {
        let area = Rect::new(0, 0, 22, 5);
        let mut buf = Buffer::empty(area);
        SeatGrid {
            plan: &plan,
            looks: &all_looks,
            cursor: Some(0),
            theme: &theme,
        }
        .render(area, &mut buf);
        insta::assert_snapshot!(format!("seat_grid_states_{name}"), format!("{buf:?}"));
    }
}

#[test]
fn help_on_the_grid_lists_the_grid_keys() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch('?'));
    snapshot_both("help_grid", &app);
    let screen = draw(&app, 140, 40);
    assert!(screen.contains("take or give back the seat"), "{screen}");
    assert!(
        !screen.contains("day before"),
        "list keys are not grid keys"
    );
}

#[test]
fn space_takes_and_gives_back_seats_one_at_a_time() {
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(app.seats.as_ref().unwrap().order, None);
    move_to(&mut app, "F10");
    let f10 = grand_seat("F10").id;
    let f11 = grand_seat("F11").id;
    assert_eq!(
        app.handle(ch(' ')),
        Some(Command::Run(Work::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![f10],
            order: None
        }))
    );
    assert_eq!(look_of(&app, "F10"), SeatLook::Mine, "shown at once");
    // The second seat waits for the first: it must join the same order.
    app.handle(ch('l'));
    assert_eq!(app.handle(ch(' ')), None);
    assert_eq!(look_of(&app, "F11"), SeatLook::Mine);
    assert_eq!(
        app.handle(held_done(&["F10"])),
        Some(Command::Run(Work::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![f11],
            order: Some(ORDER)
        }))
    );
    assert_eq!(app.handle(held_done(&["F10", "F11"])), quiet_reload());
    // A map read meanwhile (before the holds) does not undo what is on its way.
    app.handle(map_done(busy_grand(&["F10", "F11"])));
    // Space on a seat of mine gives it back.
    assert_eq!(
        app.handle(ch(' ')),
        Some(Command::Run(Work::Release {
            actor: cashier(),
            showtime: ShowtimeId(4),
            order: ORDER,
            seats: vec![f11]
        }))
    );
    assert_eq!(look_of(&app, "F11"), SeatLook::Free);
    app.handle(Event::Done(Done::Released {
        showtime: ShowtimeId(4),
        result: Ok(()),
    }));
}

#[test]
fn taken_seats_say_by_whom_and_a_lost_race_is_corrected() {
    let mut app = seats_app(busy_grand(&[]));
    move_to(&mut app, "H9");
    assert_eq!(app.handle(ch(' ')), None);
    assert_eq!(
        app.message.as_deref(),
        Some("H9 is held by anna (7:57 left).")
    );
    move_to(&mut app, "C5");
    app.handle(ch(' '));
    assert_eq!(app.message.as_deref(), Some("C5 is sold."));
    move_to(&mut app, "K20");
    app.handle(ch(' '));
    assert_eq!(app.message.as_deref(), Some("K20 is broken."));
    // Another counter was faster: the seat shows as taken once the map is read again.
    move_to(&mut app, "G7");
    assert!(app.handle(ch(' ')).is_some());
    assert_eq!(look_of(&app, "G7"), SeatLook::Mine);
    let next = app.handle(Event::Done(Done::Held {
        showtime: ShowtimeId(4),
        result: Err(Problem::refused("seat not available: G7")),
    }));
    assert_eq!(next, quiet_reload());
    insta::assert_snapshot!("seat_taken_80x24", draw(&app, 80, 24));
    let taken = seat_map(evening(), hall_seats(GRAND), |s| {
        if s.label() == "G7" {
            SeatState::Sold
        } else {
            SeatState::Free
        }
    });
    app.handle(map_done(taken));
    assert_eq!(look_of(&app, "G7"), SeatLook::Sold);
    assert_eq!(app.seats.as_ref().unwrap().order, None);
}

#[test]
fn live_changes_reread_the_map_one_read_at_a_time() {
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(4)))),
        quiet_reload()
    );
    // Another showtime's news is not ours; ours again waits for the read under way.
    assert_eq!(
        app.handle(Event::Feed(SeatEvent::Changed(ShowtimeId(9)))),
        None
    );
    assert_eq!(app.handle(Event::Feed(SeatEvent::Resync)), None);
    // Another terminal held G7 meanwhile.
    let with_g7 = seat_map(evening(), hall_seats(GRAND), |s| {
        if s.label() == "G7" {
            SeatState::Held {
                by: "bob".into(),
                until: now() + Duration::minutes(10),
            }
        } else {
            SeatState::Free
        }
    });
    assert_eq!(app.handle(map_done(with_g7)), quiet_reload());
    assert_eq!(look_of(&app, "G7"), SeatLook::Held);
    assert_eq!(app.handle(map_done(busy_grand(&[]))), None);
}

#[test]
fn the_countdown_warns_in_the_last_minute_and_expiry_releases() {
    let mut app = seats_app(busy_grand(&["F10", "F11"]));
    assert!(draw(&app, 80, 24).contains("hold 7:57 left"));
    // The database's clock is 3 s ahead: 42 s left on it.
    let late = now() + Duration::minutes(8) - Duration::seconds(45);
    app.handle(Event::Tick(late));
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("seats_last_minute_80x24", screen);
    assert!(screen.contains("hold 0:42 left · e extends"), "{screen}");
    assert_eq!(
        app.handle(ch('e')),
        Some(Command::Run(Work::Extend {
            actor: cashier(),
            order: ORDER
        }))
    );
    app.handle(Event::Done(Done::Extended(Err(Problem::refused(
        "the hold was already extended once",
    )))));
    assert!(draw(&app, 80, 24).contains("already extended once"));
    let next = app.handle(Event::Tick(now() + Duration::minutes(8)));
    assert_eq!(next, quiet_reload());
    assert_eq!(
        app.message.as_deref(),
        Some("The hold expired: F10, F11 went back on sale. Pick again.")
    );
    assert_eq!(app.seats.as_ref().unwrap().order, None);
}

#[test]
fn another_counters_hold_that_runs_out_frees_its_seat_without_news() {
    let mut app = seats_app(busy_grand(&[]));
    // anna's holds run 8 minutes; nothing is read again before that.
    assert_eq!(app.handle(Event::Tick(now() + Duration::minutes(7))), None);
    // On the database's clock (3 s ahead) they ran out: the map is read again.
    let next = app.handle(Event::Tick(
        now() + Duration::minutes(8) - Duration::seconds(2),
    ));
    assert_eq!(next, quiet_reload());
}

#[test]
fn a_click_takes_the_seat_under_it() {
    let mut app = seats_app(busy_grand(&[]));
    draw(&app, 80, 24);
    let seats = app.seats.as_ref().unwrap();
    let area = seats.grid_area.get();
    let g = Geometry::new(&seats.plan, area, seats.cursor);
    let e5 = seats.index_of(grand_seat("E5").id).unwrap();
    let (x, y) = g.position_of(&seats.plan, e5).unwrap();
    let click = Event::Mouse(ratatui::crossterm::event::MouseEvent {
        kind: ratatui::crossterm::event::MouseEventKind::Down(
            ratatui::crossterm::event::MouseButton::Left,
        ),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(
        app.handle(click),
        Some(Command::Run(Work::Hold {
            actor: cashier(),
            showtime: ShowtimeId(4),
            seats: vec![grand_seat("E5").id],
            order: None
        }))
    );
    assert_eq!(cursor_label(&app), "E5");
}

#[test]
fn a_click_on_a_showtime_chooses_it_and_a_second_opens_it() {
    let mut app = loaded_app(listing());
    draw(&app, 80, 24);
    let area = app.showtimes.rows_area.get();
    let click = |row: u16| {
        Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind: ratatui::crossterm::event::MouseEventKind::Down(
                ratatui::crossterm::event::MouseButton::Left,
            ),
            column: area.x + 10,
            row: area.y + row,
            modifiers: KeyModifiers::NONE,
        })
    };
    assert_eq!(app.handle(click(3)), None);
    assert_eq!(app.showtimes.selected, 3);
    assert!(matches!(
        app.handle(click(3)),
        Some(Command::Run(Work::LoadSeatMap { .. }))
    ));
    assert!(matches!(app.screen, Screen::Seats));
}

#[test]
fn seats_that_arrive_after_the_cashier_left_are_given_back() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch('2'));
    assert!(app.handle(ch('b')).is_some());
    // Esc while the hold is on its way: asked, and left.
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.handle(ch('y')), None, "no order known yet");
    assert!(matches!(app.screen, Screen::Showtimes));
    assert_eq!(
        app.handle(held_done(&["F11", "F12"])),
        Some(Command::Run(Work::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
}

// ---- counter speed ----

/// "2 adults, best available, paid cash exact" in six keys from the showtimes list, with
/// the database answering between the keys.
#[test]
fn two_adults_best_available_cash_exact_in_six_keys() {
    let mut app = loaded_app(listing());
    app.handle(ch('j'));
    let keys = [
        key(KeyCode::Enter),
        ch('2'),
        ch('b'),
        key(KeyCode::Enter),
        ch('c'),
        key(KeyCode::Enter),
    ];
    let mut keys = keys.into_iter();
    let mut press = |app: &mut App| app.handle(keys.next().unwrap());
    assert!(matches!(
        press(&mut app),
        Some(Command::Run(Work::LoadSeatMap { .. }))
    ));
    app.handle(map_done(busy_grand(&[])));
    assert_eq!(press(&mut app), None);
    assert_eq!(
        press(&mut app),
        Some(Command::Run(Work::HoldBest {
            actor: cashier(),
            showtime: ShowtimeId(4),
            n: 2,
            order: None
        }))
    );
    app.handle(held_done(&["F11", "F12"]));
    app.handle(map_done(busy_grand(&["F11", "F12"])));
    assert_eq!(
        press(&mut app),
        Some(Command::Run(Work::Quote {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2]
        }))
    );
    app.handle(Event::Done(Done::Quote {
        types: vec![TicketType::Adult; 2],
        result: Ok((
            lines(&[
                ("F11", TicketType::Adult, 1250),
                ("F12", TicketType::Adult, 1250),
            ]),
            price(2500),
        )),
    }));
    assert_eq!(press(&mut app), None);
    assert_eq!(
        press(&mut app),
        Some(Command::Run(Work::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Cash { tendered: None }
        }))
    );
    assert!(keys_left(&mut keys), "six keys, no more");
    app.handle(Event::Done(Done::Sold(Ok(receipt()))));
    assert!(matches!(app.screen, Screen::Receipt));
}

fn keys_left(keys: &mut impl Iterator<Item = Event>) -> bool {
    keys.next().is_none()
}

/// The same six keys typed faster than the database answers: nothing is lost.
#[test]
fn keys_typed_ahead_of_the_database_still_sell() {
    let mut app = loaded_app(listing());
    app.handle(ch('j'));
    let mut commands = Vec::new();
    for k in [
        key(KeyCode::Enter),
        ch('2'),
        ch('b'),
        key(KeyCode::Enter),
        ch('c'),
        key(KeyCode::Enter),
    ] {
        commands.extend(app.handle(k));
    }
    assert_eq!(commands.len(), 2, "the map and the hold: {commands:?}");
    assert!(matches!(app.screen, Screen::Checkout));
    insta::assert_snapshot!("checkout_waiting_for_seats_80x24", draw(&app, 80, 24));
    // The seats arrive: the sale goes at once.
    assert_eq!(
        app.handle(held_done(&["F11", "F12"])),
        Some(Command::Run(Work::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Cash { tendered: None }
        }))
    );
}

// ---- checkout ----

fn checkout_app() -> App {
    let mut app = seats_app(busy_grand(&["F11", "F12"]));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    assert!(matches!(app.screen, Screen::Checkout));
    app.handle(Event::Done(Done::Quote {
        types: vec![TicketType::Adult; 2],
        result: Ok((
            lines(&[
                ("F11", TicketType::Adult, 1250),
                ("F12", TicketType::Adult, 1250),
            ]),
            price(2500),
        )),
    }));
    app
}

#[test]
fn checkout_types_mixes_cash_and_change() {
    let mut app = checkout_app();
    snapshot_both("checkout", &app);
    // → on the second line: child; the quote is asked again for the new types.
    app.handle(ch('j'));
    assert_eq!(
        app.handle(ch('l')),
        Some(Command::Run(Work::Quote {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child()
        }))
    );
    // Until the new quote arrives, the old prices are not shown as current.
    assert_eq!(app.checkout.as_ref().unwrap().total(), None);
    app.handle(Event::Done(Done::Quote {
        types: adult_and_child(),
        result: Ok((
            lines(&[
                ("F11", TicketType::Adult, 1250),
                ("F12", TicketType::Child, 950),
            ]),
            price(2200),
        )),
    }));
    // One key per common mix.
    assert_eq!(
        app.handle(ch('6')),
        Some(Command::Run(Work::Quote {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Child; 2]
        }))
    );
    assert_eq!(
        app.handle(ch('3')),
        Some(Command::Run(Work::Quote {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child()
        }))
    );
    assert_eq!(app.handle(ch('3')), None, "the same mix again asks nothing");
    app.handle(Event::Done(Done::Quote {
        types: adult_and_child(),
        result: Ok((
            lines(&[
                ("F11", TicketType::Adult, 1250),
                ("F12", TicketType::Child, 950),
            ]),
            price(2200),
        )),
    }));
    // Cash: what is typed is the amount tendered; the change follows it.
    app.handle(ch('c'));
    for c in "20".chars() {
        app.handle(ch(c));
    }
    assert!(draw(&app, 80, 24).contains("20.00 does not cover the total 22.00"));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        None,
        "too little is refused"
    );
    app.handle(key(KeyCode::Backspace));
    app.handle(key(KeyCode::Backspace));
    for c in "50".chars() {
        app.handle(ch(c));
    }
    snapshot_both("checkout_cash", &app);
    assert!(draw(&app, 80, 24).contains("Change due: 28.00 EUR"));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Pay {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child(),
            payment: Payment::Cash {
                tendered: Some(price(5000))
            }
        }))
    );
    assert_eq!(app.checkout.as_ref().unwrap().pay, Pay::Paying);
    // The hold ran out meanwhile: said plainly, the grid re-read, the cashier decides.
    let next = app.handle(Event::Done(Done::Sold(Err(Problem::refused(
        "the hold has expired; the seats are no longer reserved for this order",
    )))));
    assert_eq!(next, quiet_reload());
    assert!(app.message.as_deref().unwrap().contains("hold has expired"));
    assert_eq!(app.checkout.as_ref().unwrap().pay, Pay::Choosing);
}

#[test]
fn card_attempts_show_as_they_happen_and_a_decline_keeps_the_seats() {
    let mut app = checkout_app();
    app.handle(ch('d'));
    snapshot_both("checkout_card", &app);
    // A number typed in goes to the bank; the terminal's card otherwise.
    for c in "4000 0000 0000 0119".chars() {
        app.handle(ch(c));
    }
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Card {
                number: Some(Secret("4000 0000 0000 0119".into()))
            }
        }))
    );
    for (attempt, retry) in [(1, Some(500)), (2, Some(1000))] {
        app.handle(Event::Attempt(AttemptReport {
            attempt,
            outcome: AttemptOutcome::TimedOut,
            retry_in_ms: retry,
        }));
    }
    app.handle(Event::Attempt(AttemptReport {
        attempt: 3,
        outcome: AttemptOutcome::Declined {
            reason: "insufficient funds".into(),
        },
        retry_in_ms: None,
    }));
    snapshot_both("checkout_card_attempts", &app);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Card attempt 1: timed out, trying again in 0.5 s"),
        "{screen}"
    );
    assert!(
        screen.contains("Card attempt 3: declined: insufficient funds"),
        "{screen}"
    );
    app.handle(Event::Done(Done::Sold(Err(Problem::refused(
        "the card was declined: insufficient funds; the seats are still held",
    )))));
    assert_eq!(app.checkout.as_ref().unwrap().pay, Pay::Choosing);
    assert!(draw(&app, 80, 24).contains("the seats are still held"));
    // The terminal's card this time: nothing typed.
    app.handle(ch('d'));
    assert!(matches!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Pay {
            payment: Payment::Card { number: None },
            ..
        }))
    ));
    assert!(
        app.checkout.as_ref().unwrap().attempts.is_empty(),
        "a new payment, new attempts"
    );
}

#[test]
fn esc_goes_back_to_the_seats_still_held() {
    let mut app = checkout_app();
    app.handle(ch('c'));
    app.handle(key(KeyCode::Esc));
    assert_eq!(
        app.checkout.as_ref().unwrap().pay,
        Pay::Choosing,
        "Esc leaves cash first"
    );
    app.handle(key(KeyCode::Esc));
    assert!(matches!(app.screen, Screen::Seats));
    assert_eq!(app.seats.as_ref().unwrap().mine().len(), 2, "still held");
}

#[test]
fn cancelling_the_sale_gives_the_seats_back() {
    let mut app = checkout_app();
    assert_eq!(app.handle(ch('x')), None);
    assert_eq!(app.ask, Some(Ask::CancelSale));
    snapshot_both("cancel_sale", &app);
    assert_eq!(app.handle(ch('n')), None);
    assert!(matches!(app.screen, Screen::Checkout));
    app.handle(ch('x'));
    assert_eq!(
        app.handle(ch('y')),
        Some(Command::Run(Work::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
    assert!(matches!(app.screen, Screen::Showtimes));
    assert_eq!(
        app.handle(Event::Done(Done::Cancelled(Ok(())))),
        Some(Command::Run(Work::LoadShowtimes(day())))
    );
}

#[test]
fn leaving_or_quitting_with_holds_asks_first() {
    let mut app = seats_app(busy_grand(&["F11"]));
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.ask, Some(Ask::LeaveSeats));
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.ask, None, "Esc answers no");
    assert!(matches!(app.screen, Screen::Seats));
    assert_eq!(app.handle(ch('q')), None);
    assert_eq!(app.ask, Some(Ask::QuitWithHolds));
    assert!(draw(&app, 80, 24).contains("Give back F11 and quit?"));
    assert_eq!(
        app.handle(ch('y')),
        Some(Command::Run(Work::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
    // Quits once the seats are back, or could not be given back (they expire).
    assert_eq!(
        app.handle(Event::Done(Done::Cancelled(Err(Problem::database("gone"))))),
        Some(Command::Quit)
    );
    // Without holds, Esc just goes back and q just quits.
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(app.handle(ch('q')), Some(Command::Quit));
    assert!(matches!(
        app.handle(key(KeyCode::Esc)),
        Some(Command::Run(Work::LoadShowtimes(_)))
    ));
}

// ---- receipt and my sales ----

#[test]
fn the_receipt_shows_the_sale_and_prints_to_a_file() {
    let mut app = checkout_app();
    app.handle(Event::Done(Done::Sold(Ok(receipt()))));
    assert!(matches!(app.screen, Screen::Receipt));
    snapshot_both("receipt", &app);
    let text = app.receipt.as_ref().unwrap().text.clone();
    for needle in [
        "Order 42",
        "F11   adult",
        "F12   child",
        "9.50 EUR",
        "Total",
        "22.00 EUR",
        "Paid cash",
        "50.00 EUR",
        "Change",
        "28.00 EUR",
        "T-3F9A2-C81D7",
        "T-77B0E-19A4C",
        "Cashier: cashier",
    ] {
        assert!(text.contains(needle), "{needle} missing:\n{text}");
    }
    assert_eq!(
        app.handle(ch('p')),
        Some(Command::Run(Work::Print {
            path: "/var/lib/boxoffice/receipts/receipt-42.txt".into(),
            text,
            printer: Vec::new()
        }))
    );
    app.handle(Event::Done(Done::Printed(Ok(
        "Receipt written to /var/lib/boxoffice/receipts/receipt-42.txt".into(),
    ))));
    assert!(draw(&app, 80, 24).contains("Receipt written to"));
    // Enter: the next sale starts from the list, re-read.
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::LoadShowtimes(day())))
    );
    assert!(matches!(app.screen, Screen::Showtimes));
    assert!(app.seats.is_none() && app.checkout.is_none());
}

#[test]
fn my_sales_list_and_an_orders_tickets() {
    let mut app = loaded_app(listing());
    assert_eq!(
        app.handle(ch('s')),
        Some(Command::Run(Work::LoadSales { actor: cashier() }))
    );
    let paid = |id: i64, minutes: i64, cents: i64| Order {
        id: OrderId(id),
        status: OrderStatus::Paid,
        total: Some(price(cents)),
        paid_at: Some(now() - Duration::minutes(minutes)),
        ..order(now())
    };
    let rows = vec![
        SaleRow {
            order: paid(42, 3, 2200),
            showtime: Some(evening()),
        },
        SaleRow {
            order: paid(17, 95, 1250),
            showtime: Some(show(3, 18, 0, "Orbit of Ash", "Salon", 142, 1100)),
        },
        SaleRow {
            order: Order {
                id: OrderId(12),
                status: OrderStatus::Cancelled,
                ..order(now())
            },
            showtime: None,
        },
    ];
    app.handle(Event::Done(Done::Sales(Ok(rows))));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::LoadOrder {
            actor: cashier(),
            order: ORDER
        }))
    );
    let r = receipt();
    app.handle(Event::Done(Done::Order(Ok(OrderView {
        order: paid(42, 3, 2200),
        status: OrderStatus::Paid,
        showtime: evening(),
        seats: Vec::new(),
        tickets: r.tickets,
    }))));
    snapshot_both("my_sales", &app);
    app.handle(key(KeyCode::Esc));
    assert!(app.sales.detail.is_none(), "Esc closes the order first");
    // A refund needs a reason; letters are the reason's, not keys.
    assert_eq!(app.handle(ch('f')), None);
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(app.message.as_deref().unwrap().contains("needs a reason"));
    for c in "wrong film, q".chars() {
        assert_eq!(app.handle(ch(c)), None);
    }
    snapshot_both("my_sales_refund", &app);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Refund {
            actor: cashier(),
            order: ORDER,
            reason: "wrong film, q".into()
        }))
    );
    let back = app.handle(Event::Done(Done::Refunded(Ok(RefundReceipt {
        order: ORDER,
        refund: 1,
        tickets: receipt().tickets,
        amount: price(2200),
        method: "cash",
        reason: "wrong film, q".into(),
    }))));
    assert_eq!(
        back,
        Some(Command::Run(Work::LoadSales { actor: cashier() }))
    );
    assert_eq!(
        app.info.as_deref(),
        Some("Refunded 22.00 EUR (cash) for order 42: 2 ticket(s); the seats are free again.")
    );
    // Only paid orders: the cancelled one is refused on the spot.
    app.handle(ch('j'));
    app.handle(ch('j'));
    app.handle(ch('f'));
    assert!(app.sales.refund.is_none());
    assert!(app.message.as_deref().unwrap().contains("only paid orders"));
    app.handle(key(KeyCode::Esc));
    assert!(matches!(app.screen, Screen::Showtimes));
}

// ---- when things go wrong ----

#[test]
fn a_lost_database_shows_a_banner_and_is_retried_until_it_answers() {
    let mut app = seats_app(busy_grand(&["F11"]));
    app.handle(ch('r'));
    app.handle(Event::Done(Done::SeatMap {
        showtime: ShowtimeId(4),
        result: Err(Problem::database(
            "database error: pool timed out while waiting for an open connection",
        )),
    }));
    assert!(app.offline.is_some());
    snapshot_both("offline", &app);
    // Retried every two seconds (20 ticks), not at every tick.
    let mut pings = 0;
    for i in 1..=40 {
        if let Some(Command::Run(Work::Ping)) =
            app.handle(Event::Tick(now() + Duration::milliseconds(100 * i)))
        {
            pings += 1;
        }
    }
    assert_eq!(pings, 2);
    assert!(
        app.handle(Event::Done(Done::Ping(Err(Problem::database("refused")))))
            .is_none()
    );
    assert!(app.offline.is_some());
    // It answers: the banner goes and the screen re-reads what it shows.
    assert_eq!(app.handle(Event::Done(Done::Ping(Ok(())))), quiet_reload());
    assert!(app.offline.is_none());
    assert!(!draw(&app, 80, 24).contains("cannot be reached"));
}

#[test]
fn the_spinner_shows_only_for_slow_work() {
    let mut app = seats_app(busy_grand(&[]));
    app.handle(ch(' '));
    assert!(!draw(&app, 80, 24).contains("holding seats"));
    app.handle(Event::Tick(now()));
    assert!(
        !draw(&app, 80, 24).contains("holding seats"),
        "100 ms: not yet"
    );
    app.handle(Event::Tick(now()));
    assert!(draw(&app, 80, 24).contains("holding seats"));
    app.handle(held_done(&["F11"]));
    assert!(!draw(&app, 80, 24).contains("holding seats"));
}
