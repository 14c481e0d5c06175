//! `boxoffice price ...` as the real binary on a fresh SQLite file and a fresh
//! PostgreSQL database: the table shown, discounts as amounts or shares, surcharges, a
//! showtime's base price, and bad input refused with PRODUCT.md's exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{Duration, Utc};
use serde_json::Value;

use common::bin::{BinDb as Db, databases, json, run};

fn ok(db: &Db, args: &[&str]) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

/// Refused with `exit` and the JSON error `code`; nothing on stdout without `--json`.
fn refused(db: &Db, args: &[&str], exit: i32, code: &str) -> Value {
    let out = run(db, args);
    assert_eq!(out.status.code(), Some(exit), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?} printed on failure");
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert_eq!(out.status.code(), Some(exit), "{all:?}");
    let v = json(&out);
    assert_eq!(v["error"]["code"], code, "{v}");
    v["error"].clone()
}

#[test]
fn the_price_table_from_the_command_line() {
    for db in databases() {
        ok(&db, &["migrate"]);
        let table = ok(&db, &["price", "show"]);
        assert_eq!(table["discounts"]["child"]["amount"], "3.00", "{table}");
        assert_eq!(table["discounts"]["adult"]["amount"], "0.00");
        assert_eq!(table["surcharges"]["premium"], "3.00");
        // The text shows what typical mixes cost.
        let text = String::from_utf8(run(&db, &["price", "show"]).stdout).unwrap();
        assert!(text.contains("family: 2 adults, 2 children"), "{text}");
        assert!(text.contains("34.00"), "2 x 10.00 + 2 x 7.00: {text}");

        let set = ok(&db, &["price", "discount", "adult", "10%"]);
        assert_eq!(set["discounts"]["adult"]["percent"], 10, "{set}");
        let text =
            String::from_utf8(run(&db, &["price", "discount", "student", "2.00"]).stdout).unwrap();
        assert!(text.contains("sold keep their price"), "{text}");
        ok(&db, &["price", "surcharge", "premium", "4.50"]);
        let table = ok(&db, &["price", "show"]);
        assert_eq!(table["discounts"]["adult"]["percent"], 10);
        assert_eq!(table["discounts"]["student"]["amount"], "2.00");
        assert_eq!(table["surcharges"]["premium"], "4.50");
        // An amount replaces a share.
        ok(&db, &["price", "discount", "adult", "1.00"]);
        let table = ok(&db, &["price", "show"]);
        assert_eq!(table["discounts"]["adult"]["amount"], "1.00", "{table}");

        // Bad input: exit 2, nothing changed.
        refused(
            &db,
            &["price", "discount", "adult", "120%"],
            2,
            "invalid_input",
        );
        refused(
            &db,
            &["price", "discount", "pirate", "1.00"],
            2,
            "invalid_input",
        );
        refused(
            &db,
            &["price", "surcharge", "gold", "1.00"],
            2,
            "invalid_input",
        );
        refused(
            &db,
            &["price", "surcharge", "premium", "-1"],
            2,
            "invalid_input",
        );
        refused(&db, &["price", "base", "999", "5.00"], 4, "not_found");
        assert_eq!(ok(&db, &["price", "show"]), table);

        // A showtime's base price.
        ok(
            &db,
            &["hall", "add", "Salon", "--rows", "2", "--seats", "4"],
        );
        let movie = ok(&db, &["movie", "add", "Kettle", "--minutes", "96"]);
        let id = movie["id"].to_string();
        let at = (Utc::now() + Duration::days(3))
            .with_timezone(&chrono_tz::Europe::Berlin)
            .format("%Y-%m-%d 20:00")
            .to_string();
        let show = ok(
            &db,
            &[
                "showtime", "add", "--movie", &id, "--hall", "Salon", "--at", &at, "--price",
                "9.00",
            ],
        );
        let sid = show["id"].to_string();
        let changed = ok(&db, &["price", "base", &sid, "11.50"]);
        assert_eq!(changed["price"], "11.50", "{changed}");
    }
}
