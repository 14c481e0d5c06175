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

#[test]
fn a_printed_receipt_keeps_the_keys_and_a_reprint_is_marked_copy() {
    use crate::tui::screens::receipt::{Done as ReceiptDone, Work as ReceiptWork};
    let mut app = checkout_app();
    app.handle(done(CheckoutDone::Sold(Ok(receipt()))));
    let original = receipt_of(&app).unwrap().text.clone();
    assert!(!original.contains("COPY"));
    let Some(Command::Run(Work::Receipt(ReceiptWork::Print { text, .. }))) = app.handle(ch('p'))
    else {
        panic!("p prints");
    };
    assert_eq!(text, original, "the first print is the original");
    app.handle(done(ReceiptDone::Printed(Ok(
        "Receipt written to /var/lib/boxoffice/receipts/receipt-42.txt".into(),
    ))));
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("receipt_printed_80x24", screen);
    assert!(
        screen.contains("Receipt written to /var/lib/boxoffice/receipts/receipt-42.txt"),
        "{screen}"
    );
    assert!(
        screen.contains("p print a copy  Enter next sale  q quit"),
        "the keys stay:\n{screen}"
    );
    let Some(Command::Run(Work::Receipt(ReceiptWork::Print { text, .. }))) = app.handle(ch('p'))
    else {
        panic!("p prints again");
    };
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1].trim(), "*** COPY (reprint) ***", "{text}");
    assert_eq!(text.replace(&format!("{}\n", lines[1]), ""), original);
}
