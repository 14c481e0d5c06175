use super::*;
use crate::booking::model::PriceTable;
use crate::booking::service::Discount;
use crate::screening::model::SeatKind;
use crate::tui::keymap::Keymap;
use crate::tui::screens::prices::{Done as PricesDone, Prices, PricesScreen, Work as PricesWork};

fn table() -> PriceTable {
    let m = |c| Money::from_cents(c).unwrap();
    PriceTable {
        discounts: [
            (TicketType::Adult, m(0)),
            (TicketType::Child, m(300)),
            (TicketType::Senior, m(200)),
            (TicketType::Student, m(150)),
        ]
        .into(),
        percents: Default::default(),
        surcharges: [
            (SeatKind::Standard, m(0)),
            (SeatKind::Premium, m(300)),
            (SeatKind::Wheelchair, m(0)),
            (SeatKind::Companion, m(0)),
        ]
        .into(),
    }
}

fn prices_app() -> App {
    let mut app = manager_app();
    assert_eq!(
        app.handle(key(KeyCode::F(5))),
        Some(Command::run(PricesWork::Load))
    );
    assert!(on(&app, "prices"));
    app.handle(done(PricesDone::Loaded(Ok(Prices {
        table: table(),
        showtimes: listing(),
    }))));
    app
}

#[test]
fn the_default_keys_never_clash() {
    assert!(Keymap::with_overrides(Vec::<(&str, Vec<&str>)>::new()).is_ok());
}

#[test]
fn the_price_table_with_what_typical_mixes_cost() {
    let app = prices_app();
    snapshot_both("prices", &app);
}

#[test]
fn changing_the_adult_discount_previews_then_saves() {
    let mut app = prices_app();
    app.handle(ch('e'));
    for _ in 0..4 {
        app.handle(key(KeyCode::Backspace));
    }
    for c in "10%".chars() {
        app.handle(ch(c));
    }
    snapshot_both("prices_editing", &app);
    let screen = draw(&app, 140, 40);
    // 1 adult at 10.50 with 10% off: 9.45.
    assert!(screen.contains("9.45"), "{screen}");
    let save = app.handle(key(KeyCode::Enter));
    assert_eq!(
        save,
        Some(Command::run(PricesWork::Discount {
            actor: super::manager(),
            ticket: TicketType::Adult,
            discount: Discount::Percent(10),
        }))
    );
    let reload = app.handle(done(PricesDone::Saved(Ok(
        "adult tickets: 10% off. Tickets already sold keep their price.".into(),
    ))));
    assert_eq!(reload, Some(Command::run(PricesWork::Load)));
    assert!(draw(&app, 80, 24).contains("sold keep their price"));
}

#[test]
fn a_value_that_does_not_read_is_said_and_nothing_is_sent() {
    let mut app = prices_app();
    for _ in 0..5 {
        app.handle(key(KeyCode::Down));
    }
    app.handle(key(KeyCode::Enter));
    for c in "abc".chars() {
        app.handle(ch(c));
    }
    assert_eq!(app.handle(key(KeyCode::Enter)), None);
    assert!(app.ctx.message.as_deref().unwrap().contains("surcharge"));
    let _ = screen::<PricesScreen>(&app).unwrap();
}
