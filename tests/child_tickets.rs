//! A child ticket for a film rated for adults (`[venue] child_confirm_ratings`, default
//! R, NC-17 and 18) is sold from the command line only with `--confirm-age`: refused
//! without it (exit 3, `age_not_confirmed`), nothing charged, the seats still held; on
//! both stores, through the real binary. Paid by card: the cashier's drawer plays no part.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Output;

use chrono::{Duration, Utc};
use common::bin::{BinDb as Db, command, databases, json};

/// The binary with a bank that answers at once, and the venue's ratings if given.
fn run(db: &Db, ratings: Option<&str>, args: &[&str]) -> Output {
    let config = db.dir.path().join("venue.toml");
    let venue = ratings
        .map(|r| format!("[venue]\nchild_confirm_ratings = {r}\n"))
        .unwrap_or_default();
    std::fs::write(&config, format!("{venue}[payment]\nlatency_ms = 0\n")).unwrap();
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    command(db, &all)
        .env("BOXOFFICE_CONFIG", &config)
        .output()
        .unwrap()
}

fn ok(db: &Db, args: &[&str]) -> serde_json::Value {
    let out = run(db, None, args);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// A showtime tomorrow of a film rated `rating`; its id.
fn showtime_of(db: &Db, hall: &str, rating: &str) -> String {
    ok(db, &["hall", "add", hall, "--rows", "2", "--seats", "4"]);
    let movie = ok(
        db,
        &[
            "movie",
            "add",
            &format!("Film {rating}"),
            "--minutes",
            "90",
            "--rating",
            rating,
        ],
    );
    let at = (Utc::now() + Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d 20:00")
        .to_string();
    let id = movie["id"].to_string();
    let show = ok(
        db,
        &[
            "showtime", "add", "--movie", &id, "--hall", hall, "--at", &at, "--price", "10",
        ],
    );
    show["id"].to_string()
}

#[test]
fn a_child_ticket_for_an_r_film_needs_confirm_age() {
    for db in databases() {
        let st = showtime_of(&db, "Main", "R");
        let order = ok(&db, &["hold", &st, "A1", "A2"])["id"].to_string();
        let sell = ["sell", &order, "--pay", "card", "--type", "adult,child"];

        let out = run(&db, None, &sell);
        assert_eq!(out.status.code(), Some(3), "refused by a business rule");
        let err = json(&out);
        assert_eq!(err["error"]["code"], "age_not_confirmed", "{err}");
        assert_eq!(err["error"]["rating"], "R", "{err}");
        let message = err["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("child ticket for a film rated R")
                && message.contains("--confirm-age"),
            "{message}"
        );
        // Nothing was charged: the order is still a draft holding both seats.
        let shown = ok(&db, &["order", "show", &order]);
        assert_eq!(shown["status"], "draft", "{shown}");
        assert_eq!(ok(&db, &["audit", "verify"])["rows"], 0);

        // Without the --json flag, a person reads the same.
        let text = command(&db, &sell)
            .env("BOXOFFICE_CONFIG", db.dir.path().join("venue.toml"))
            .output()
            .unwrap();
        assert_eq!(text.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&text.stderr).contains("sell with --confirm-age"));

        let mut confirmed = sell.to_vec();
        confirmed.push("--confirm-age");
        let sold = ok(&db, &confirmed);
        assert_eq!(sold["lines"][1]["type"], "child", "{sold}");
        // Adults only: nothing to confirm.
        let adults = ok(&db, &["hold", &st, "B1"])["id"].to_string();
        ok(&db, &["sell", &adults, "--pay", "card"]);
    }
}

#[test]
fn other_ratings_and_the_venues_own_list() {
    for db in databases() {
        let pg = showtime_of(&db, "Main", "PG-13");
        let order = ok(&db, &["hold", &pg, "A1"])["id"].to_string();
        ok(&db, &["sell", &order, "--pay", "card", "--type", "child"]);

        // A venue that asks about "15" and not "R".
        let fifteen = showtime_of(&db, "Side", "15");
        let order = ok(&db, &["hold", &fifteen, "A1"])["id"].to_string();
        let sell = ["sell", &order, "--pay", "card", "--type", "child"];
        let out = run(&db, Some(r#"["15", "18"]"#), &sell);
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        // The default list does not name "15".
        let out = run(&db, None, &sell);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The config file's default and the booking rules' default are written in two rooms
/// (config may not import booking): a venue without the key and a service built with
/// default rules must ask about the same ratings.
#[test]
fn the_default_ratings_are_the_same_in_config_and_in_the_booking_rules() {
    let config = boxoffice::config::Config::default()
        .venue
        .child_confirm_ratings;
    assert_eq!(config, boxoffice::booking::age::DEFAULT_CONFIRM_RATINGS);
    assert_eq!(
        config,
        boxoffice::booking::service::BookingRules::default().child_confirm_ratings
    );
}
