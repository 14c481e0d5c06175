//! An escape sequence typed into a title, a rating, a genre or a refund reason is refused
//! at input, like a hall's name; and text written before that check is printed escaped,
//! so it can never clear or rewrite a manager's terminal. The real binary, both stores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{BinDb as Db, databases, json, run};
use serde_json::Value;

const CLEAR: &str = "\u{1b}[2J\u{1b}[H";

fn ok(db: &Db, args: &[&str]) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

fn refused(db: &Db, args: &[&str], field: &str) {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let v = json(&out);
    assert_eq!(v["error"]["code"], "invalid_input", "{v}");
    assert_eq!(v["error"]["field"], field, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("control characters"),
        "{v}"
    );
    // And as text: the message on stderr carries no raw escape either.
    let text = run(db, args);
    assert!(!String::from_utf8_lossy(&text.stderr).contains('\u{1b}'));
}

#[test]
fn control_characters_are_refused_at_input() {
    for db in databases() {
        let title = format!("Kettle{CLEAR}");
        refused(&db, &["movie", "add", &title, "--minutes", "90"], "title");
        let rating = format!("PG{CLEAR}");
        refused(
            &db,
            &[
                "movie",
                "add",
                "Kettle",
                "--minutes",
                "90",
                "--rating",
                &rating,
            ],
            "rating",
        );
        assert_eq!(
            ok(&db, &["movie", "list"]).as_array().unwrap().len(),
            0,
            "nothing written"
        );

        // A refund reason, on a sold ticket.
        ok(
            &db,
            &["hall", "add", "Salon", "--rows", "3", "--seats", "4"],
        );
        let movie = ok(&db, &["movie", "add", "Kettle", "--minutes", "90"]);
        let at = (chrono::Utc::now() + chrono::Duration::days(2))
            .format("%Y-%m-%d 20:00")
            .to_string();
        let st = ok(
            &db,
            &[
                "showtime",
                "add",
                "--movie",
                &movie["id"].to_string(),
                "--hall",
                "Salon",
                "--at",
                &at,
                "--price",
                "9.00",
            ],
        );
        let held = ok(&db, &["hold", &st["id"].to_string(), "A1"]);
        let order = held["id"].to_string();
        // Cash goes into an open shift's drawer.
        ok(&db, &["shift", "open", "--float", "0"]);
        ok(&db, &["sell", &order, "--pay", "cash"]);
        let reason = format!("spilled{CLEAR}");
        refused(&db, &["refund", &order, "--reason", &reason], "reason");
        let shown = ok(&db, &["order", "show", &order]);
        assert_eq!(shown["tickets"][0]["valid"], true, "not refunded");
    }
}

#[test]
fn text_written_before_the_check_is_printed_escaped() {
    for db in databases() {
        ok(&db, &["movie", "add", "Kettle", "--minutes", "90"]);
        // As an earlier version let it in.
        let sql = format!("UPDATE movies SET title = 'Kettle{CLEAR}', genre = 'drama{CLEAR}'");
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            use sqlx::Connection;
            let sql = sqlx::AssertSqlSafe(sql);
            if db.pg.is_some() {
                let mut c = sqlx::PgConnection::connect(&db.url).await.unwrap();
                sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
            } else {
                let mut c = sqlx::SqliteConnection::connect(&db.url).await.unwrap();
                sqlx::raw_sql(sql).execute(&mut c).await.unwrap();
            }
        });
        let out = run(&db, &["movie", "list"]);
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!text.contains('\u{1b}'), "raw escape printed: {text:?}");
        assert!(text.contains("\\u{1b}"), "{text}");
    }
}
