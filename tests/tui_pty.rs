//! The real binary in a pseudo-terminal, as a cashier uses it: first run on an empty
//! database, demo data, the login, the day's showtimes, two seats picked with the
//! keyboard, cash, the receipt read off the screen and printed to a file, and the tickets
//! checked in the database through the command line. The terminal is left as it was.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::pty::Tui;

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// The demo cinema's films (`src/demo.rs`): whichever the day shows, one of these appears.
const DEMO_TITLES: &[&str] = &[
    "The Last Projectionist",
    "Orbit of Ash",
    "Paper Lanterns",
    "Nine Lives of Mrs. Kettle",
    "Cold Harbour",
    "The Quiet Ridge",
    "Midnight Matinee",
    "A Summer in Lisbon",
    "Gridlock",
];

/// A config, a data directory and a database of the test's own.
fn env(dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        (
            "BOXOFFICE_CONFIG",
            dir.join("config.toml").display().to_string(),
        ),
        ("BOXOFFICE_DATA_DIR", dir.display().to_string()),
        (
            "BOXOFFICE_DATABASE_URL",
            format!("sqlite://{}/t.db?mode=rwc", dir.display()),
        ),
    ]
}

/// The password shown for `user` on the demo's accounts screen.
fn password_of(screen: &str, user: &str) -> String {
    screen
        .lines()
        .map(|l| {
            l.split_whitespace()
                .filter(|w| *w != "│")
                .collect::<Vec<_>>()
        })
        .find(|words| words.first() == Some(&user) && words.len() == 3)
        .map(|words| words[2].to_string())
        .unwrap_or_else(|| panic!("no password for {user}:\n{screen}"))
}

/// The first `T-XXXXX-XXXXX` code of each line that has one, in order.
fn ticket_codes(screen: &str) -> Vec<String> {
    let mut codes: Vec<String> = screen
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|w| w.len() == 13 && w.starts_with("T-") && w.as_bytes()[7] == b'-')
        .map(str::to_string)
        .collect();
    codes.dedup();
    codes
}

#[test]
fn a_cashier_sells_two_seats_for_cash_from_a_fresh_database() {
    let dir = tempfile::tempdir().unwrap();
    let env = env(dir.path());
    // The printer: a script that keeps a copy, so the test sees the command ran.
    let printed = dir.path().join("printed.txt");
    let printer = dir.path().join("printer.sh");
    std::fs::write(
        &printer,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", printed.display()),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        format!(
            "[venue]\nname = \"Kino PTY\"\n\n[tui]\nprinter_command = [\"sh\", \"{}\"]\n",
            printer.display()
        ),
    )
    .unwrap();
    let mut tui = Tui::spawn(
        Path::new(env!("CARGO_BIN_EXE_boxoffice")),
        &env,
        dir.path(),
        ROWS,
        COLS,
    );

    // First run: the demo offer, then its staff passwords, shown once.
    let first = tui.wait_for("This database is empty");
    assert!(
        first.contains("Kino PTY · SQLite"),
        "the status bar names the venue and the database:\n{first}"
    );
    tui.press(b"y");
    let accounts = tui.wait_for("Write these passwords down");
    let password = password_of(&accounts, "cashier");
    tui.press(b"\r");

    // The login: a wrong password first, then the right one.
    tui.wait_for("Username");
    tui.type_text("cashier");
    tui.press(b"\t");
    tui.type_text("not-the-password");
    tui.press(b"\r");
    let refused = tui.wait_for("wrong password");
    assert!(!refused.contains("not-the-password"), "{refused}");
    tui.type_text(&password);
    tui.press(b"\r");
    // The frame is written a piece at a time: the title may be there before the status
    // bar is redrawn.
    tui.wait_until("the showtimes, logged in", |t| {
        t.contains("Showtimes") && t.contains("cashier (cashier)")
    });
    // Late in the evening today's shows may all be over (the demo schedules only future
    // ones); tomorrow always has a full programme.
    if tui.wait_for_any(&["TIME", "No showtimes on"]) != "TIME" {
        tui.press(b"l");
        tui.wait_for("tomorrow");
    }
    tui.wait_for_any(DEMO_TITLES);
    tui.press(b"?");
    tui.wait_for("Any key closes this help");
    tui.press(b"?");
    tui.wait_until("the help to close", |t| !t.contains("Any key closes"));
    // The selected showtime may have started; pick the last of the day to be safe.
    for _ in 0..12 {
        tui.press(b"j");
    }
    tui.press(b"\r");
    tui.wait_for("SCREEN");
    tui.wait_for("No seats held.");

    // Two seats with the keyboard: the one under the cursor, then the next to the right.
    tui.press(b" ");
    tui.wait_for("(1)");
    tui.press(b"l");
    tui.press(b" ");
    let grid = tui.wait_for("(2)");
    let held: Vec<String> = grid
        .lines()
        .find_map(|l| l.trim().strip_prefix("Your seats: "))
        .unwrap()
        .split_whitespace()
        .take(2)
        .map(str::to_string)
        .collect();
    assert!(
        grid.contains("hold 9:5") || grid.contains("hold 10:00"),
        "{grid}"
    );

    // Checkout, cash, 50 tendered: refused while no shift is open, with the key that
    // opens one; the shift opened with a float, back to the sale, the change is shown,
    // then the receipt.
    tui.press(b"\r");
    tui.wait_for("TOTAL");
    tui.wait_for(" EUR");
    tui.press(b"c");
    tui.type_text("50");
    tui.wait_for("Change due:");
    tui.press(b"\r");
    tui.wait_for("No cash without an open shift: o opens yours");
    tui.press(b"o");
    tui.wait_for("Float:");
    tui.type_text("100");
    tui.press(b"\r");
    tui.wait_for("c takes the cash now");
    tui.wait_for("shift open");
    tui.press(b"c");
    tui.type_text("50");
    tui.wait_for("Change due:");
    tui.press(b"\r");
    let receipt = tui.wait_for("Enjoy the film!");
    let order: i64 = receipt
        .split("Order ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no order number:\n{receipt}"));
    assert!(receipt.contains("Paid cash"), "{receipt}");
    assert!(receipt.contains("50.00 EUR"), "{receipt}");
    for seat in &held {
        assert!(
            receipt.contains(&format!("{seat:<5} adult")),
            "{seat}:\n{receipt}"
        );
    }
    let codes = ticket_codes(&receipt);
    assert_eq!(codes.len(), 2, "{receipt}");

    // `p` writes the receipt into the data directory and hands it to the printer.
    tui.press(b"p");
    tui.wait_for("Receipt written to");
    let file = dir
        .path()
        .join("receipts")
        .join(format!("receipt-{order}.txt"));
    let text = std::fs::read_to_string(&file).unwrap();
    for code in &codes {
        assert!(text.contains(code.as_str()), "{code} not in {text}");
    }
    tui.wait_for("sent to sh");
    assert_eq!(std::fs::read_to_string(&printed).unwrap(), text);

    // Next sale, then quit: nothing is held, so `q` quits at once.
    tui.press(b"\r");
    tui.wait_for("Showtimes");
    tui.press(b"q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(!tui.alternate_screen(), "the alternate screen was left on");

    // The database holds exactly those tickets, valid, for those seats.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args(["order", "show", &order.to_string(), "--json"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["status"], "paid", "{json}");
    let tickets = json["tickets"].as_array().unwrap();
    let mut in_db: Vec<(String, String)> = tickets
        .iter()
        .map(|t| {
            assert_eq!(t["valid"], true, "{t}");
            (
                t["code"].as_str().unwrap().to_string(),
                t["seat"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    in_db.sort();
    let mut on_screen: Vec<String> = codes.clone();
    on_screen.sort();
    assert_eq!(
        in_db.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
        on_screen
    );
    let mut seats: Vec<String> = in_db.into_iter().map(|(_, s)| s).collect();
    seats.sort();
    let mut held = held;
    held.sort();
    assert_eq!(seats, held);
}
