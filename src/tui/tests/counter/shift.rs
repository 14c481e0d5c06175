//! The shift at the counter: opened with a float from the showtimes, closed with a blind
//! count (expected and variance only after the count), the status bar saying whether a
//! shift is open, and checkout sending the cashier there when cash needs a shift.

use super::sale::checkout_app;
use super::*;
use crate::payment::model::{DrawerTotals, close_out};
use crate::payment::ports::Shift;
use crate::tui::ctx::Ask;
use crate::tui::screens::checkout::{Pay, Payment};
use crate::tui::screens::shift::ShiftScreen;
use crate::tui::screens::shift::{ClosedShift, Done as ShiftDone, Step, Work as ShiftWork};

fn open_shift(float_cents: i64) -> Shift {
    Shift {
        id: 7,
        user: UserId(2),
        opened_at: now() - Duration::hours(3),
        float: price(float_cents),
        closed_at: None,
    }
}

fn step(app: &App) -> Step {
    screen::<ShiftScreen>(app).unwrap().state.step.clone()
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle(ch(c));
    }
}

#[test]
fn a_shift_opens_with_a_float_and_closes_with_a_blind_count() {
    let mut app = loaded_app(listing());
    // The status bar says nothing of a shift until it is known.
    assert!(!draw(&app, 80, 24).contains("shift"));
    assert_eq!(
        app.handle(ch('o')),
        Some(Command::run(ShiftWork::Load { actor: cashier() }))
    );
    assert!(on(&app, "shift"));
    app.handle(done(ShiftDone::Current(Ok(None))));
    assert_eq!(app.ctx.shift_open, Some(false));
    // A float is money: nothing typed, or letters, is not one.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(app.ctx.message.as_deref().unwrap().starts_with("The float"));
    type_text(&mut app, "150.0x0");
    snapshot_both("shift_float", &app);
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(ShiftWork::Open {
            actor: cashier(),
            float: price(15_000)
        }))
    );
    app.handle(done(ShiftDone::Opened(Ok(open_shift(15_000)))));
    assert_eq!(step(&app), Step::Open(open_shift(15_000)));
    assert_eq!(app.ctx.shift_open, Some(true));
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("Shift 7 opened with a float of 150.00 EUR."),
        "{screen}"
    );
    assert!(
        screen.contains("cashier (cashier) · shift open"),
        "{screen}"
    );

    // The close: the count is typed with nothing on screen saying what to expect.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    type_text(&mut app, "440");
    snapshot_both("shift_blind_count", &app);
    let screen = draw(&app, 140, 40);
    assert!(
        !screen.contains("Expected") && !screen.contains("443"),
        "{screen}"
    );
    // Esc while counting: not now; the shift stays open, nothing recorded.
    assert_eq!(app.handle(key(KeyCode::Esc)), None);
    assert_eq!(step(&app), Step::Open(open_shift(15_000)));
    app.handle(key(KeyCode::Enter));
    type_text(&mut app, "440");
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(ShiftWork::Close {
            actor: cashier(),
            counted: price(44_000)
        }))
    );
    // Then, and only then, what the drawer should hold and the variance.
    let totals = DrawerTotals {
        cash_in: price(30_000),
        cash_out: price(700),
        card_in: price(12_500),
        card_out: price(0),
    };
    let out = close_out(price(15_000), totals, price(44_000));
    app.handle(done(ShiftDone::Closed(Ok(ClosedShift {
        out,
        anchor: "412:9f2c07aa51e3b6d0c48e1f2a9b7d3c5e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c".into(),
    }))));
    assert_eq!(app.ctx.shift_open, Some(false));
    snapshot_both("shift_closed", &app);
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("443.00 EUR") && screen.contains("-3.00 EUR"),
        "{screen}"
    );
    assert!(screen.contains("short by 3.00 EUR"), "{screen}");
    assert!(screen.contains("no shift"), "{screen}");
    // Done: back to the showtimes.
    app.handle(key(KeyCode::Enter));
    assert!(on(&app, "showtimes"));
}

#[test]
fn a_quiet_counter_learns_whether_its_shift_is_open() {
    let mut app = loaded_app(listing());
    let t = |secs: i64| Event::Tick(now() + Duration::seconds(secs));
    app.handle(t(1));
    assert_eq!(
        app.handle(t(4)),
        Some(Command::run(SessionWork::Shift { actor: cashier() }))
    );
    app.handle(done(SessionDone::Shift(Ok(true))));
    assert!(draw(&app, 80, 24).contains("cashier (cashier) · shift open · SQLite"));
    // Closed on another terminal: the next check says so.
    app.handle(done(SessionDone::Shift(Ok(false))));
    assert!(draw(&app, 80, 24).contains("cashier (cashier) · no shift · SQLite"));
}

#[test]
fn checkout_refuses_cash_without_a_shift_and_offers_to_open_one() {
    let mut app = checkout_app();
    app.handle(ch('c'));
    let cash = Some(Command::run(CheckoutWork::Pay {
        actor: cashier(),
        order: ORDER,
        types: vec![TicketType::Adult; 2],
        payment: Payment::Cash { tendered: None },
    }));
    assert_eq!(app.handle(key(KeyCode::Enter)), cash);
    // No shift: said, with the key that opens one; the seats stay held.
    assert_eq!(app.handle(done(CheckoutDone::NeedsShift)), None);
    assert_eq!(checkout(&app).unwrap().pay, Pay::Choosing);
    assert_eq!(app.ctx.shift_open, Some(false));
    let screen = draw(&app, 80, 24);
    assert!(
        screen.contains("No cash without an open shift: o opens yours; d (card) still works."),
        "{screen}"
    );
    assert_eq!(seats(&app).unwrap().mine().len(), 2, "still held");
    // The card still works without a shift.
    app.handle(ch('d'));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(CheckoutWork::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Card { number: None },
        }))
    );
    app.handle(done(CheckoutDone::NeedsShift));
    // `o` opens the shift over the sale; quitting there still asks about the seats.
    assert_eq!(
        app.handle(ch('o')),
        Some(Command::run(ShiftWork::Load { actor: cashier() }))
    );
    assert!(on(&app, "shift"));
    app.handle(done(ShiftDone::Current(Ok(None))));
    assert!(draw(&app, 80, 24).contains("cash goes only into an open shift's drawer"));
    app.handle(key(KeyCode::Esc));
    assert!(on(&app, "checkout"), "Esc goes back to the sale");
    app.handle(ch('o'));
    app.handle(done(ShiftDone::Current(Ok(None))));
    app.handle(ctrl_c());
    assert_eq!(app.ctx.ask, Some(Ask::QuitWithHolds));
    app.handle(ch('n'));
    type_text(&mut app, "100");
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(ShiftWork::Open {
            actor: cashier(),
            float: price(10_000)
        }))
    );
    // Open: back to the sale, where cash is taken now.
    app.handle(done(ShiftDone::Opened(Ok(open_shift(10_000)))));
    assert!(on(&app, "checkout"));
    assert_eq!(seats(&app).unwrap().mine().len(), 2, "still held");
    assert!(
        app.ctx
            .info
            .as_deref()
            .is_some_and(|i| i.ends_with("c takes the cash now.")),
        "{:?}",
        app.ctx.info
    );
    app.handle(ch('c'));
    assert_eq!(app.handle(key(KeyCode::Enter)), cash);
}

#[test]
fn a_customer_has_no_shift_screen() {
    let mut app = loaded_app(listing());
    app.ctx.session = Some(User {
        id: UserId(9),
        username: "carl".into(),
        role: Role::Customer,
        active: true,
    });
    assert_eq!(app.handle(ch('o')), None);
    assert!(on(&app, "showtimes"));
}
