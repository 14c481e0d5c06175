//! Payments, refunds, shifts, the ledger and reports through the real binary, on each
//! backend: a scripted day at the demo cinema that `audit verify` must pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Output;

use chrono::{Duration, Utc};
use common::bin::{BinDb as Db, command, databases, json};

/// The binary with a bank that answers at once and retries after 5 ms.
fn run(db: &Db, args: &[&str]) -> Output {
    let config = db.dir.path().join("fast-bank.toml");
    std::fs::write(&config, "[payment]\nlatency_ms = 0\nretry_pause_ms = 5\n").unwrap();
    command(db, args)
        .env("BOXOFFICE_CONFIG", &config)
        .output()
        .unwrap()
}

fn ok(db: &Db, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// Runs a command that must fail; returns its exit code and error code.
fn refused(db: &Db, args: &[&str]) -> (i32, String) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert!(!out.status.success(), "{args:?} succeeded");
    let v = json(&out);
    (
        out.status.code().unwrap(),
        v["error"]["code"].as_str().unwrap_or_default().to_string(),
    )
}

fn hold(db: &Db, st: &str, seats: &[&str]) -> String {
    let mut args = vec!["hold", st];
    args.extend_from_slice(seats);
    args.extend_from_slice(&["--user", "cashier"]);
    ok(db, &args)["id"].to_string()
}

#[test]
fn a_day_at_the_counter_leaves_a_whole_ledger() {
    for db in databases() {
        assert!(run(&db, &["demo"]).status.success());
        let tomorrow = (Utc::now() + Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let list = ok(&db, &["showtimes", "--date", &tomorrow]);
        let st = list["showtimes"][0]["id"].to_string();

        ok(
            &db,
            &["shift", "open", "--float", "150.00", "--user", "cashier"],
        );
        // Cash with change, to the cent.
        let a = hold(&db, &st, &["E5", "E6", "E7"]);
        let sale = ok(
            &db,
            &[
                "sell",
                &a,
                "--pay",
                "cash",
                "--tendered",
                "50",
                "--type",
                "adult,child,senior",
                "--user",
                "cashier",
            ],
        );
        let total = sale["total_cents"].as_i64().unwrap();
        let change: f64 = sale["change"].as_str().unwrap().parse().unwrap();
        assert_eq!((change * 100.0).round() as i64, 5000 - total);
        // A declined card keeps the holds; a good card then pays.
        let b = hold(&db, &st, &["F5", "F6"]);
        assert_eq!(
            refused(
                &db,
                &[
                    "sell",
                    &b,
                    "--pay",
                    "card",
                    "--card",
                    "4000 0000 0000 0002",
                    "--user",
                    "cashier"
                ]
            ),
            (3, "payment_declined".into())
        );
        let paid = ok(
            &db,
            &[
                "sell",
                &b,
                "--pay",
                "card",
                "--card",
                "4242424242424242",
                "--user",
                "cashier",
            ],
        );
        assert_eq!(paid["card"], "****4242");
        // A bank that never answers: four attempts, then refused with nothing charged.
        let c = hold(&db, &st, &["G5"]);
        assert_eq!(
            refused(
                &db,
                &[
                    "sell",
                    &c,
                    "--pay",
                    "card",
                    "--card",
                    "4000000000000119",
                    "--user",
                    "cashier"
                ]
            ),
            (3, "payment_timeout".into())
        );
        ok(&db, &["sell", &c, "--pay", "card", "--user", "cashier"]);
        // Refund one ticket by its code, then a whole order.
        let code = sale["tickets"][1]["code"].as_str().unwrap().to_string();
        let r = ok(
            &db,
            &[
                "refund",
                &code,
                "--reason",
                "child is ill",
                "--user",
                "cashier",
            ],
        );
        assert_eq!(r["method"], "cash");
        ok(
            &db,
            &[
                "refund",
                &b,
                "--reason",
                "changed plans",
                "--user",
                "cashier",
            ],
        );
        assert_eq!(
            refused(
                &db,
                &["refund", &b, "--reason", "again", "--user", "cashier"]
            ),
            (3, "already_refunded".into())
        );
        // The cashier's history tells a sale given back from one that stands.
        let history = ok(&db, &["history", "--user", "cashier"]);
        let of = |id: &str| {
            history
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id))
                .unwrap()
                .clone()
        };
        assert_eq!(
            (of(&a)["tickets"].as_i64(), of(&a)["refunded"].as_i64()),
            (Some(3), Some(1))
        );
        assert_eq!(
            (of(&b)["tickets"].as_i64(), of(&b)["refunded"].as_i64()),
            (Some(2), Some(2))
        );
        let text = String::from_utf8_lossy(&run(&db, &["history", "--user", "cashier"]).stdout)
            .to_string();
        let line = |id: &str| {
            text.lines()
                .find(|l| l.split_whitespace().next() == Some(id))
                .unwrap_or_default()
                .to_string()
        };
        assert!(line(&a).contains("part refunded"), "{text}");
        assert!(
            line(&b).contains("refunded") && !line(&b).contains("part"),
            "{text}"
        );
        // The refunded seats can be sold again.
        let d = hold(&db, &st, &["F5"]);
        ok(&db, &["sell", &d, "--pay", "cash", "--user", "cashier"]);
        let close = ok(
            &db,
            &["shift", "close", "--counted", "150.00", "--user", "cashier"],
        );
        // Float + cash taken - cash refunded (card money never enters the drawer).
        let expected_cash = 15_000 + total - r["amount_cents"].as_i64().unwrap();
        let seat_price = ok(&db, &["order", "show", &d])["tickets"][0]["price_cents"]
            .as_i64()
            .unwrap();
        assert_eq!(
            close["variance_cents"].as_i64().unwrap(),
            15_000 - (expected_cash + seat_price)
        );

        // The ledger is whole; cashiers cannot read it.
        let v = ok(&db, &["audit", "verify"]);
        assert_eq!(v["ok"], true);
        assert!(v["rows"].as_i64().unwrap() >= 14, "{v}");
        assert_eq!(
            refused(&db, &["audit", "verify", "--user", "cashier"]),
            (3, "permission_denied".into())
        );
        let page = ok(&db, &["audit", "list", "--limit", "3"]);
        assert_eq!(page["rows"].as_array().unwrap().len(), 3);
        assert_eq!(page["rows"][0]["kind"], "shift_open");
        let next = ok(
            &db,
            &["audit", "list", "--after", &page["next_after"].to_string()],
        );
        assert_eq!(next["rows"][0]["seq"], 4);

        // Reports from frozen prices: sales, refunds, per method; CSV and occupancy.
        // Reports go by the venue's business day, which after midnight UTC can still be
        // yesterday's date: from yesterday takes in today's sales at any hour (the
        // database is new, so nothing older is counted).
        let yesterday = (Utc::now() - Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let report = ok(
            &db,
            &["report", "sales", "--from", &yesterday, "--to", &tomorrow],
        );
        assert_eq!(report["sold"]["tickets"], 7);
        assert_eq!(report["refunded"]["tickets"], 3);
        let csv = run(
            &db,
            &[
                "report", "sales", "--by", "method", "--csv", "--to", &tomorrow,
            ],
        );
        let text = String::from_utf8(csv.stdout).unwrap();
        assert!(text.starts_with("dimension,key,tickets,amount\n"), "{text}");
        assert!(
            text.contains("method,card,") && text.contains("method,cash,"),
            "{text}"
        );
        let occ = ok(&db, &["report", "occupancy", "--from", &tomorrow]);
        let row = occ
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["showtime"].as_i64() == st.parse().ok())
            .unwrap();
        assert_eq!(row["sold"], 4);

        // Late in the day a showtime is cancelled: every ticket of it is refunded by the
        // method that paid, its seats are free, and the ledger is still whole.
        let other = list["showtimes"][1]["id"].to_string();
        let by_card = hold(&db, &other, &["A1", "A2"]);
        ok(
            &db,
            &["sell", &by_card, "--pay", "card", "--user", "cashier"],
        );
        let by_cash = hold(&db, &other, &["B1"]);
        // The drawer was counted: cash waits for the evening shift to open.
        assert_eq!(
            refused(
                &db,
                &["sell", &by_cash, "--pay", "cash", "--user", "cashier"]
            ),
            (3, "no_shift".to_string())
        );
        ok(
            &db,
            &["shift", "open", "--float", "100.00", "--user", "cashier"],
        );
        ok(
            &db,
            &["sell", &by_cash, "--pay", "cash", "--user", "cashier"],
        );
        // With tickets sold it cannot be moved or deleted, only cancelled.
        let later = (Utc::now() + Duration::days(6))
            .format("%Y-%m-%d 23:00")
            .to_string();
        assert_eq!(
            refused(&db, &["showtime", "move", &other, "--at", &later]),
            (3, "has_dependents".to_string())
        );
        assert_eq!(
            refused(&db, &["showtime", "delete", &other]),
            (3, "has_dependents".to_string())
        );
        let cancel = ok(
            &db,
            &["showtime", "cancel", &other, "--reason", "no film print"],
        );
        let refunds = cancel["refunds"].as_array().unwrap();
        let mut methods: Vec<&str> = refunds
            .iter()
            .map(|r| r["method"].as_str().unwrap())
            .collect();
        methods.sort();
        assert_eq!(methods, ["card", "cash"], "{cancel}");
        assert!(cancel["failed"].as_array().unwrap().is_empty(), "{cancel}");
        assert_eq!(
            refused(&db, &["hold", &other, "C1", "--user", "cashier"]).0,
            3
        );
        let v = ok(&db, &["audit", "verify"]);
        assert_eq!(v["ok"], true, "{v}");
    }
}

#[test]
fn bad_payment_input_is_refused_with_nothing_written() {
    for db in databases() {
        assert!(run(&db, &["demo"]).status.success());
        let tomorrow = (Utc::now() + Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let st = ok(&db, &["showtimes", "--date", &tomorrow])["showtimes"][0]["id"].to_string();
        let o = hold(&db, &st, &["D4"]);
        let cases: [(&[&str], (i32, &str)); 7] = [
            (
                &["sell", &o, "--pay", "card", "--card", "4242424242424241"],
                (2, "invalid_input"),
            ),
            (&["sell", &o, "--pay", "cheque"], (2, "invalid_input")),
            (
                &["sell", &o, "--pay", "cash", "--tendered", "1.00"],
                (2, "invalid_input"),
            ),
            (
                &["sell", &o, "--pay", "cash", "--tendered", "-5"],
                (2, "invalid_input"),
            ),
            (
                &["refund", "T-NOPE0-NOPE0", "--reason", "x"],
                (4, "not_found"),
            ),
            (&["shift", "close", "--counted", "10"], (3, "no_shift")),
            (
                &["report", "sales", "--from", "2026-13-40"],
                (2, "invalid_input"),
            ),
        ];
        for (args, want) in cases {
            let mut all = args.to_vec();
            all.extend_from_slice(&["--user", "cashier"]);
            if args[0] == "report" {
                all.truncate(args.len());
            }
            let got = refused(&db, &all);
            assert_eq!((got.0, got.1.as_str()), want, "{args:?}");
        }
        // A refund needs a reason (a usage error from the parser).
        let out = run(&db, &["refund", &o]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(ok(&db, &["audit", "verify"])["rows"], 0);
        let order = ok(&db, &["order", "show", &o]);
        assert_eq!(order["status"], "draft");
    }
}
