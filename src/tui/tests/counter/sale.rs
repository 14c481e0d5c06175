//! From seats to money: the six-key sale, typing ahead, checkout (types, mixes, cash,
//! card attempts), cancelling.

use super::*;
use crate::payment::model::{AttemptOutcome, AttemptReport};
use crate::tui::app::Ask;
use crate::tui::event::Problem;
use crate::tui::screens::checkout::Pay;
use crate::tui::screens::checkout::Payment;
use crate::tui::secret::Secret;

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
        Some(Command::Run(Work::Seats(SeatsWork::LoadSeatMap { .. })))
    ));
    app.handle(map_done(busy_grand(&[])));
    assert_eq!(press(&mut app), None);
    assert_eq!(
        press(&mut app),
        Some(Command::run(SeatsWork::HoldBest {
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
        Some(Command::run(CheckoutWork::Quote {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2]
        }))
    );
    app.handle(done(CheckoutDone::Quote {
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
        Some(Command::run(CheckoutWork::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Cash { tendered: None }
        }))
    );
    assert!(keys_left(&mut keys), "six keys, no more");
    app.handle(done(CheckoutDone::Sold(Ok(receipt()))));
    assert!(on(&app, "receipt"));
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
    assert!(on(&app, "checkout"));
    insta::assert_snapshot!("checkout_waiting_for_seats_80x24", draw(&app, 80, 24));
    // The seats arrive: the sale goes at once.
    assert_eq!(
        app.handle(held_done(&["F11", "F12"])),
        Some(Command::run(CheckoutWork::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Cash { tendered: None }
        }))
    );
}

// ---- checkout ----

pub(super) fn checkout_app() -> App {
    let mut app = seats_app(busy_grand(&["F11", "F12"]));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    assert!(on(&app, "checkout"));
    app.handle(done(CheckoutDone::Quote {
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
        Some(Command::run(CheckoutWork::Quote {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child()
        }))
    );
    // Until the new quote arrives, the old prices are not shown as current.
    assert_eq!(checkout(&app).unwrap().total(), None);
    app.handle(done(CheckoutDone::Quote {
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
        Some(Command::run(CheckoutWork::Quote {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Child; 2]
        }))
    );
    assert_eq!(
        app.handle(ch('3')),
        Some(Command::run(CheckoutWork::Quote {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child()
        }))
    );
    assert_eq!(app.handle(ch('3')), None, "the same mix again asks nothing");
    app.handle(done(CheckoutDone::Quote {
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
        Some(Command::run(CheckoutWork::Pay {
            actor: cashier(),
            order: ORDER,
            types: adult_and_child(),
            payment: Payment::Cash {
                tendered: Some(price(5000))
            }
        }))
    );
    assert_eq!(checkout(&app).unwrap().pay, Pay::Paying);
    // The hold ran out meanwhile: said plainly, the grid re-read, the cashier decides.
    let next = app.handle(done(CheckoutDone::Sold(Err(Problem::refused(
        "the hold has expired; the seats are no longer reserved for this order",
    )))));
    assert_eq!(next, quiet_reload());
    assert!(
        app.ctx
            .message
            .as_deref()
            .unwrap()
            .contains("hold has expired")
    );
    assert_eq!(checkout(&app).unwrap().pay, Pay::Choosing);
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
        Some(Command::run(CheckoutWork::Pay {
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
    app.handle(done(CheckoutDone::Sold(Err(Problem::refused(
        "the card was declined: insufficient funds; the seats are still held",
    )))));
    assert_eq!(checkout(&app).unwrap().pay, Pay::Choosing);
    assert!(draw(&app, 80, 24).contains("the seats are still held"));
    // The terminal's card this time: nothing typed.
    app.handle(ch('d'));
    assert!(matches!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Checkout(CheckoutWork::Pay {
            payment: Payment::Card { number: None },
            ..
        })))
    ));
    assert!(
        checkout(&app).unwrap().attempts.is_empty(),
        "a new payment, new attempts"
    );
}

#[test]
fn esc_goes_back_to_the_seats_still_held() {
    let mut app = checkout_app();
    app.handle(ch('c'));
    app.handle(key(KeyCode::Esc));
    assert_eq!(
        checkout(&app).unwrap().pay,
        Pay::Choosing,
        "Esc leaves cash first"
    );
    app.handle(key(KeyCode::Esc));
    assert!(on(&app, "seats"));
    assert_eq!(seats(&app).unwrap().mine().len(), 2, "still held");
}

#[test]
fn cancelling_the_sale_gives_the_seats_back() {
    let mut app = checkout_app();
    assert_eq!(app.handle(ch('x')), None);
    assert_eq!(app.ctx.ask, Some(Ask::CancelSale));
    snapshot_both("cancel_sale", &app);
    assert_eq!(app.handle(ch('n')), None);
    assert!(on(&app, "checkout"));
    app.handle(ch('x'));
    assert_eq!(
        app.handle(ch('y')),
        Some(Command::run(SessionWork::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
    assert!(on(&app, "showtimes"));
    assert_eq!(
        app.handle(done(SessionDone::Cancelled(Ok(())))),
        Some(Command::run(ShowtimesWork::LoadShowtimes(day())))
    );
}

#[test]
fn leaving_or_quitting_with_holds_asks_first() {
    let mut app = seats_app(busy_grand(&["F11"]));
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.ctx.ask, Some(Ask::LeaveSeats));
    app.handle(key(KeyCode::Esc));
    assert_eq!(app.ctx.ask, None, "Esc answers no");
    assert!(on(&app, "seats"));
    assert_eq!(app.handle(ch('q')), None);
    assert_eq!(app.ctx.ask, Some(Ask::QuitWithHolds));
    assert!(draw(&app, 80, 24).contains("Give back F11 and quit?"));
    assert_eq!(
        app.handle(ch('y')),
        Some(Command::run(SessionWork::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
    // Quits once the seats are back, or could not be given back (they expire).
    assert_eq!(
        app.handle(done(SessionDone::Cancelled(Err(Problem::database("gone"))))),
        Some(Command::Quit)
    );
    // Without holds, Esc just goes back and q just quits.
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(app.handle(ch('q')), Some(Command::Quit));
    assert!(matches!(
        app.handle(key(KeyCode::Esc)),
        Some(Command::Run(Work::Showtimes(ShowtimesWork::LoadShowtimes(
            _
        ))))
    ));
}

#[test]
fn ctrl_c_with_holds_asks_like_q_and_a_second_one_gives_them_back() {
    let mut app = seats_app(busy_grand(&["F11"]));
    assert_eq!(app.handle(ctrl_c()), None);
    assert_eq!(app.ctx.ask, Some(Ask::QuitWithHolds));
    assert!(draw(&app, 80, 24).contains("Give back F11 and quit?"));
    // `n` stays; Ctrl-C again at the question gives the seats back, then quits.
    app.handle(ch('n'));
    assert_eq!(app.ctx.ask, None);
    app.handle(ctrl_c());
    assert_eq!(
        app.handle(ctrl_c()),
        Some(Command::run(SessionWork::Cancel {
            actor: cashier(),
            order: ORDER
        }))
    );
    assert_eq!(
        app.handle(done(SessionDone::Cancelled(Ok(())))),
        Some(Command::Quit)
    );
    // Without holds it quits at once.
    let mut app = seats_app(busy_grand(&[]));
    assert_eq!(app.handle(ctrl_c()), Some(Command::Quit));
}

#[test]
fn a_mistyped_card_number_stays_in_the_field_to_be_corrected() {
    let mut app = checkout_app();
    app.handle(ch('d'));
    for c in "4000 0000 0000 0118".chars() {
        app.handle(ch(c));
    }
    // The check digit is wrong: nothing is sent to the bank, the number stays.
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(
        app.ctx
            .message
            .as_deref()
            .is_some_and(|m| m.contains("mistyped")),
        "{:?}",
        app.ctx.message
    );
    assert!(draw(&app, 80, 24).contains("4000 0000 0000 0118"));
    // Corrected, it is paid with.
    app.handle(key(KeyCode::Backspace));
    app.handle(ch('9'));
    assert_eq!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::run(CheckoutWork::Pay {
            actor: cashier(),
            order: ORDER,
            types: vec![TicketType::Adult; 2],
            payment: Payment::Card {
                number: Some(Secret("4000 0000 0000 0119".into()))
            },
        }))
    );
}
