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

/// The seat grid of Cold Harbour (R) with F10 and F11 held by this cashier.
fn rated_seats() -> App {
    let mut list = listing();
    list[3].movie_rating = Some("R".into());
    let mut app = loaded_app(list);
    app.handle(ch('j'));
    assert!(app.handle(key(KeyCode::Enter)).is_some());
    let mut map = busy_grand(&["F10", "F11"]);
    map.showtime.movie_rating = Some("R".into());
    app.handle(map_done(map));
    assert!(on(&app, "seats"));
    app
}

#[test]
fn the_hold_countdown_stays_on_screen_at_every_size() {
    use crate::tui::screens::seats::view::part_heights;
    // header, grid, legend, cursor line, countdown line, keys
    assert_eq!(
        part_heights(23, 2),
        [1, 17, 2, 1, 1, 1],
        "80x24: everything"
    );
    assert_eq!(
        part_heights(7, 2),
        [1, 3, 0, 1, 1, 1],
        "the legend goes first"
    );
    assert_eq!(
        part_heights(5, 2),
        [1, 3, 0, 0, 1, 0],
        "then the keys and the cursor"
    );
    assert_eq!(
        part_heights(2, 2),
        [0, 1, 0, 0, 1, 0],
        "the countdown is the last to go"
    );
    let app = rated_seats();
    for (w, h) in [(30, 8), (40, 12), (60, 15), (80, 24), (120, 40)] {
        let screen = draw(&app, w, h);
        assert!(screen.contains("hold 7:57 left"), "{w}x{h}:\n{screen}");
    }
    insta::assert_snapshot!("seats_30x8", draw(&app, 30, 8));
}

#[test]
fn the_grid_header_drops_counts_rather_than_run_into_the_title() {
    let app = rated_seats();
    let screen = draw(&app, 60, 15);
    insta::assert_snapshot!("seats_60x15", screen);
    let header = screen.lines().next().unwrap();
    assert!(
        header.contains("Cold Harbour (R) · Grand ") && header.ends_with(" 241 free \""),
        "the counts shrink to the free seats:\n{header}"
    );
    let header = draw(&app, 80, 24).lines().next().unwrap().to_string();
    assert!(header.contains("241 free · 5 held · 24 sold"), "{header}");
    let header = draw(&app, 36, 10).lines().next().unwrap().to_string();
    assert!(
        header.contains("Cold Harbour (R)") && !header.contains("free"),
        "{header}"
    );
}

#[test]
fn the_legend_wraps_into_even_lines() {
    use crate::tui::screens::seats::view::balanced_wrap;
    // Seven fit on the first line of 120; the eighth would sit alone: four and four.
    let widths = [10, 16, 20, 10, 20, 13, 16, 15];
    assert_eq!(balanced_wrap(&widths, 120), [0, 4]);
    assert_eq!(balanced_wrap(&widths, 200), [0], "one line when it fits");
    let app = rated_seats();
    let screen = draw(&app, 120, 40);
    let legend: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("wheelchair") || l.contains("held by me"))
        .collect();
    assert_eq!(legend.len(), 2, "{screen}");
    assert!(legend[1].contains("×× broken/blocked"), "{screen}");
    assert!(legend[1].contains("C companion"), "{screen}");
}

#[test]
fn an_unanswered_card_is_said_whole_at_80x24() {
    let mut app = checkout_app();
    app.handle(ch('d'));
    app.handle(key(KeyCode::Enter));
    app.handle(done(CheckoutDone::Sold(Err(
        crate::tui::event::Problem::refused(
            "the bank did not answer after 4 attempts; nothing was charged and the seats are still held",
        ),
    ))));
    let screen = draw(&app, 80, 24);
    insta::assert_snapshot!("checkout_card_unanswered_80x24", screen);
    let said: String = screen
        .lines()
        .map(|l| l.trim_matches('"').trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        said.contains("nothing was charged and the seats are still held"),
        "{screen}"
    );
}
