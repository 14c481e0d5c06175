//! A child ticket for a film the venue asks about (`[venue] child_confirm_ratings`):
//! checkout asks before the sale, and only then.

use super::*;
use crate::tui::screens::checkout::{Pay, Payment};

/// Checkout of F11 and F12 for Cold Harbour, rated `rating`, priced as adult and child.
fn rated_checkout(rating: &str) -> App {
    let mut list = listing();
    list[3].movie_rating = Some(rating.into());
    let mut app = loaded_app(list);
    app.handle(ch('j'));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    let mut map = busy_grand(&["F11", "F12"]);
    map.showtime.movie_rating = Some(rating.into());
    app.handle(map_done(map));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    assert!(on(&app, "checkout"));
    // 1 adult, the rest children.
    assert!(app.handle(ch('3')).is_some());
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
    app
}

fn pay_cash_exact() -> Option<Command> {
    Some(Command::run(CheckoutWork::Pay {
        actor: cashier(),
        order: ORDER,
        types: adult_and_child(),
        payment: Payment::Cash { tendered: None },
    }))
}

#[test]
fn a_child_ticket_for_an_r_film_is_sold_after_a_yes() {
    let mut app = rated_checkout("R");
    app.handle(ch('c'));
    assert_eq!(app.handle(key(KeyCode::Enter)), None, "asked, not sold");
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("checkout_child_ticket_question_80x24", screen);
    assert!(
        screen.contains("Child ticket for a film rated R: sell it?  y yes  n no"),
        "{screen}"
    );
    // No: back at the cash field, nothing sold; the question comes again on Enter.
    assert_eq!(app.handle(ch('n')), None);
    assert!(!draw(&app, 80, 24).contains("sell it?"));
    assert!(matches!(checkout(&app).unwrap().pay, Pay::Cash { .. }));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(draw(&app, 80, 24).contains("sell it?"));
    // Yes: sold as chosen.
    assert_eq!(app.handle(ch('y')), pay_cash_exact());
    assert_eq!(checkout(&app).unwrap().pay, Pay::Paying);
}

#[test]
fn no_question_without_a_child_ticket_or_for_a_family_film() {
    // All adults for the R film: paid at once.
    let mut app = rated_checkout("R");
    assert!(app.handle(ch('1')).is_some());
    app.handle(ch('c'));
    assert!(matches!(
        app.handle(key(KeyCode::Enter)),
        Some(Command::Run(Work::Checkout(CheckoutWork::Pay { .. })))
    ));
    // A child for a PG film: paid at once.
    let mut app = rated_checkout("PG");
    app.handle(ch('c'));
    assert_eq!(app.handle(key(KeyCode::Enter)), pay_cash_exact());
}

#[test]
fn a_yes_holds_for_the_tickets_it_was_given_for() {
    let mut app = rated_checkout("nc-17");
    app.handle(ch('d'));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(draw(&app, 80, 24).contains("rated nc-17: sell it?"));
    app.handle(ch('y'));
    // The card was declined: paying again with the same tickets asks nothing.
    app.handle(done(CheckoutDone::Sold(Err(
        crate::tui::event::Problem::refused("the card was declined; the seats are still held"),
    ))));
    app.handle(ch('d'));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    // Another choice of tickets is asked about again.
    app.handle(done(CheckoutDone::Sold(Err(
        crate::tui::event::Problem::refused("the card was declined; the seats are still held"),
    ))));
    app.handle(ch('6'));
    app.handle(ch('d'));
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(draw(&app, 80, 24).contains("sell it?"));
}
