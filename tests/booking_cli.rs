//! The booking engine across processes: many runs of the real binary on one database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{BinDb as Db, command, databases, json, run};

use std::process::Stdio;

use chrono::{Duration, Utc};

/// A hall, a film and a showtime tomorrow evening; returns the showtime id.
fn setup(db: &Db) -> String {
    assert!(
        run(
            db,
            &["hall", "add", "Main", "--rows", "10", "--seats", "12"]
        )
        .status
        .success()
    );
    let movie = json(&run(
        db,
        &["--json", "movie", "add", "Film", "--minutes", "100"],
    ));
    let at = (Utc::now() + Duration::days(1))
        .format("%Y-%m-%d 19:00")
        .to_string();
    let out = run(
        db,
        &[
            "--json",
            "showtime",
            "add",
            "--movie",
            &movie["id"].to_string(),
            "--hall",
            "Main",
            "--at",
            &at,
            "--price",
            "9.50",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)["id"].to_string()
}

#[test]
fn twenty_processes_hold_one_seat_and_exactly_one_wins() {
    for db in databases() {
        let st = setup(&db);
        let children: Vec<_> = (0..20)
            .map(|_| {
                command(&db, &["hold", &st, "C6"])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code().unwrap_or(-1))
            .collect();
        let won = codes.iter().filter(|c| **c == 0).count();
        let refused = codes.iter().filter(|c| **c == 3).count();
        assert_eq!((won, refused), (1, 19), "{}: exit codes {codes:?}", db.url);
        let seats = json(&run(&db, &["--json", "seats", &st]));
        let held: Vec<&serde_json::Value> = seats["seats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["state"] != "free")
            .collect();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0]["label"], "C6");
    }
}

#[test]
fn hold_then_sell_for_cash_from_the_command_line() {
    for db in databases() {
        let st = setup(&db);
        let out = run(&db, &["--json", "hold", &st, "A1", "A2"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let order = json(&out)["id"].to_string();
        // The same seat again: refused by name, exit 3.
        let out = run(&db, &["--json", "hold", &st, "A2", "A3"]);
        assert_eq!(out.status.code(), Some(3));
        let err = json(&out);
        assert_eq!(err["error"]["code"], "seat_unavailable");
        assert_eq!(err["error"]["seats"], serde_json::json!(["A2"]));
        // Too little cash: bad input, nothing sold.
        let out = run(&db, &["sell", &order, "--pay", "cash", "--tendered", "10"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("only 10.00 was tendered"));
        // Enough cash, but no shift is open: no drawer to take it, refused, nothing sold.
        let out = run(&db, &["sell", &order, "--pay", "cash", "--tendered", "20"]);
        assert_eq!(out.status.code(), Some(3));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("cash is taken only in an open shift")
                && said.contains("boxoffice shift open --float"),
            "{said}"
        );
        let out = run(&db, &["--json", "sell", &order, "--pay", "cash"]);
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(json(&out)["error"]["code"], "no_shift");
        assert!(
            run(&db, &["shift", "open", "--float", "100"])
                .status
                .success()
        );
        let out = run(
            &db,
            &[
                "--json",
                "sell",
                &order,
                "--pay",
                "cash",
                "--tendered",
                "20",
                "--type",
                "adult,child",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let receipt = json(&out);
        // 9.50 + (9.50 - 3.00)
        assert_eq!(receipt["total"], "16.00");
        assert_eq!(receipt["change"], "4.00");
        assert_eq!(receipt["tickets"].as_array().unwrap().len(), 2);
        let seats = json(&run(&db, &["--json", "seats", &st]));
        let sold = seats["seats"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["state"] == "sold")
            .count();
        assert_eq!(sold, 2);
        // Unknown order: exit 4.
        assert_eq!(run(&db, &["order", "show", "99999"]).status.code(), Some(4));
    }
}
