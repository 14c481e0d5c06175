//! What the command line says agrees in number: "1 row, 1 seat", "1 minute", "1 ticket",
//! "its seat is free again"; on both stores, through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, Utc};
use common::bin::{BinDb as Db, command, databases};

/// The binary's standard output, with a bank that answers at once; it must succeed.
fn say(db: &Db, args: &[&str]) -> String {
    let config = db.dir.path().join("fast-bank.toml");
    std::fs::write(&config, "[payment]\nlatency_ms = 0\n").unwrap();
    let out = command(db, args)
        .env("BOXOFFICE_CONFIG", &config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn one_of_a_thing_is_said_in_the_singular() {
    for db in databases() {
        let hall = say(
            &db,
            &["hall", "add", "Cupboard", "--rows", "1", "--seats", "1"],
        );
        assert!(hall.contains(": 1 row, 1 seat."), "{hall}");
        let movie = say(&db, &["movie", "add", "Blink", "--minutes", "1"]);
        assert!(movie.contains(", 1 minute."), "{movie}");
        let id = movie
            .split("(id ")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap();
        let at = (Utc::now() + Duration::days(1))
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y-%m-%d 20:00")
            .to_string();
        say(
            &db,
            &[
                "showtime", "add", "--movie", id, "--hall", "Cupboard", "--at", &at, "--price", "5",
            ],
        );
        let held = say(&db, &["--json", "hold", "1", "A1"]);
        let order: serde_json::Value = serde_json::from_str(&held).unwrap();
        let order = order["id"].to_string();
        say(&db, &["sell", &order, "--pay", "card"]);
        let refund = say(&db, &["refund", &order, "--reason", "changed plans"]);
        assert!(refund.contains("; its seat is free again."), "{refund}");
    }
}
