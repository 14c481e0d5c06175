//! Small screens and the words on them: what must stay visible when room runs out,
//! and hints that say only what the keys do at that moment.

use super::sale::checkout_app;
use super::*;

#[test]
fn the_mixes_hint_hides_while_cash_or_a_card_number_is_typed() {
    let mut app = checkout_app();
    assert!(draw(&app, 80, 24).contains(" Mixes: 1 adults"));
    app.handle(ch('c'));
    app.handle(ch('5'));
    let screen = draw(&app, 80, 24);
    assert!(!screen.contains("Mixes:"), "{screen}");
    assert!(screen.contains("Cash tendered: 5 "), "{screen}");
    app.handle(key(KeyCode::Esc));
    app.handle(ch('d'));
    assert!(!draw(&app, 80, 24).contains("Mixes:"));
    app.handle(key(KeyCode::Esc));
    assert!(
        draw(&app, 80, 24).contains(" Mixes: 1 adults"),
        "back to choosing"
    );
}
