//! Inputs at the edges, as a tester typed them into the real binary: each is refused as
//! bad input with a message naming the limit, on both stores, and nothing is written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::Stdio;

use common::bin::{BinDb as Db, command, databases, json, run};
use serde_json::Value;

fn ok(db: &Db, args: &[&str]) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// Exit 2, `invalid_input`, and the message holding `fragment`.
fn bad_input(db: &Db, args: &[&str], fragment: &str) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let v = json(&out);
    assert_eq!(v["error"]["code"], "invalid_input", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains(fragment), "{message:?} lacks {fragment:?}");
    v
}

#[test]
fn a_showtime_in_the_year_9999_is_bad_input_on_both_stores() {
    for db in databases() {
        ok(
            &db,
            &["hall", "add", "Salon", "--rows", "4", "--seats", "6"],
        );
        let movie = ok(&db, &["movie", "add", "Kettle", "--minutes", "90"]);
        let id = movie["id"].to_string();
        for at in ["9999-12-31 20:00", "2100-01-01 20:00"] {
            bad_input(
                &db,
                &[
                    "showtime", "add", "--movie", &id, "--hall", "Salon", "--at", at, "--price",
                    "9.00",
                ],
                "days ahead",
            );
        }
        let listed = ok(&db, &["showtimes", "--date", "9999-12-31"]);
        assert_eq!(listed["showtimes"].as_array().unwrap().len(), 0);
    }
}

#[test]
fn weak_passwords_are_refused_with_the_rule_named() {
    for db in databases() {
        for (password, rule) in [
            ("            ", "only spaces"),
            ("aaaaaaaaaaaa", "different characters"),
        ] {
            let mut child = command(
                &db,
                &[
                    "--json",
                    "user",
                    "add",
                    "anna",
                    "--role",
                    "cashier",
                    "--password-stdin",
                ],
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
            writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
            let out = child.wait_with_output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{password:?}");
            let v = json(&out);
            assert!(
                v["error"]["message"].as_str().unwrap().contains(rule),
                "{password:?}: {v}"
            );
        }
        assert_eq!(ok(&db, &["user", "list"]).as_array().unwrap().len(), 0);
    }
}

#[test]
fn bench_refuses_more_counters_than_it_can_connect() {
    for db in databases() {
        bad_input(
            &db,
            &["bench", "--terminals", "100000", "--seconds", "1"],
            "1 to 512 terminals",
        );
        assert_eq!(ok(&db, &["hall", "list"]).as_array().unwrap().len(), 0);
    }
}

#[test]
fn a_user_who_does_not_exist_is_refused_for_every_command() {
    for db in databases() {
        for args in [
            vec!["--user", "ghost", "showtimes"],
            vec!["--user", "ghost", "hall", "list"],
            vec!["--user", "ghost", "movie", "list"],
            vec![
                "--user", "ghost", "hall", "add", "X", "--rows", "2", "--seats", "2",
            ],
        ] {
            let all: Vec<&str> = ["--json"].iter().chain(args.iter()).copied().collect();
            let out = run(&db, &all);
            assert_eq!(out.status.code(), Some(4), "{args:?}");
            let v = json(&out);
            assert_eq!(v["error"]["code"], "not_found", "{args:?}: {v}");
            assert!(
                v["error"]["message"].as_str().unwrap().contains("ghost"),
                "{v}"
            );
        }
    }
}

#[test]
fn managers_name_movies_by_title_and_see_end_times_users_and_one_status_word() {
    for db in databases() {
        ok(
            &db,
            &["hall", "add", "Salon", "--rows", "3", "--seats", "4"],
        );
        ok(&db, &["movie", "add", "Paper Lanterns", "--minutes", "96"]);
        ok(
            &db,
            &["movie", "add", "Paper Lanterns II", "--minutes", "101"],
        );
        let day = (chrono::Utc::now() + chrono::Duration::days(3))
            .format("%Y-%m-%d")
            .to_string();
        let at = format!("{day} 18:00");
        let add = |movie: &str| {
            let all = [
                "--json", "showtime", "add", "--movie", movie, "--hall", "Salon", "--at", &at,
                "--price", "9",
            ];
            run(&db, &all)
        };
        // A part of a title two movies share: refused, naming both.
        let out = add("lanterns");
        assert_eq!(out.status.code(), Some(2));
        let v = json(&out);
        assert_eq!(v["error"]["code"], "ambiguous", "{v}");
        assert_eq!(v["error"]["matches"].as_array().unwrap().len(), 2, "{v}");
        // The whole title names one.
        let out = add("paper lanterns");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let st = json(&out);
        assert_eq!(st["movie"], "Paper Lanterns");
        // The list says when the film ends and when the hall is free again.
        assert_eq!(
            st["ends_local"].as_str().unwrap(),
            format!("{day} 19:51"),
            "{st}"
        );
        let text = run(&db, &["showtimes", "--date", &day]);
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("END") && text.contains("19:51") && text.contains("20:06"),
            "{text}"
        );

        // Sold, then refunded whole: the order says "refunded" as history does.
        let held = ok(&db, &["hold", &st["id"].to_string(), "A1"]);
        let order = held["id"].to_string();
        // Cash goes into an open shift's drawer.
        ok(&db, &["shift", "open", "--float", "0"]);
        ok(&db, &["sell", &order, "--pay", "cash"]);
        ok(&db, &["refund", &order, "--reason", "changed plans"]);
        assert_eq!(ok(&db, &["order", "show", &order])["status"], "refunded");
        let history = ok(&db, &["history"]);
        assert_eq!(history[0]["status"], "refunded", "{history}");
        // The ledger names who acted.
        let audit = ok(&db, &["audit", "list"]);
        assert!(
            audit["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["user"] == "operator"),
            "{audit}"
        );
    }
}
