//! The command line as an operator meets it, on SQLite and PostgreSQL: set-up from
//! nothing, JSON output, and every kind of bad input refused with a clear message, the
//! right exit code and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::bin::{BinDb as Db, databases, json, run};

use chrono::{Duration, Utc};
use serde_json::Value;

fn ok(db: &Db, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    json(&out)
}

/// Runs a command that must be refused: checks the exit code, the JSON code, a fragment
/// of the message (in text mode, on stderr), and returns the message.
fn refused(db: &Db, args: &[&str], exit: i32, code: &str, fragment: &str) -> Value {
    let out = run(db, args);
    assert_eq!(
        out.status.code(),
        Some(exit),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(fragment),
        "{args:?}: {stderr:?} lacks {fragment:?}"
    );
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let out = run(db, &all);
    assert_eq!(out.status.code(), Some(exit));
    let v = json(&out);
    assert_eq!(v["error"]["code"], code, "{args:?}: {v}");
    v
}

fn counts(db: &Db) -> (usize, usize, usize) {
    let halls = ok(db, &["hall", "list"]).as_array().unwrap().len();
    let movies = ok(db, &["movie", "list"]).as_array().unwrap().len();
    let tomorrow = (Utc::now() + Duration::days(3))
        .format("%Y-%m-%d")
        .to_string();
    let shows = ok(db, &["showtimes", "--date", &tomorrow])["showtimes"]
        .as_array()
        .unwrap()
        .len();
    (halls, movies, shows)
}

fn in_days(days: i64, time: &str) -> String {
    format!(
        "{} {time}",
        (Utc::now() + Duration::days(days)).format("%Y-%m-%d")
    )
}

#[test]
fn migrate_demo_showtimes_and_seats_as_json() {
    for db in databases() {
        assert!(ok(&db, &["migrate"])["migrated"].as_bool().unwrap());
        let demo = ok(&db, &["demo"]);
        let accounts = demo["accounts"].as_array().unwrap();
        let roles: Vec<&str> = accounts
            .iter()
            .map(|a| a["role"].as_str().unwrap())
            .collect();
        assert_eq!(roles, vec!["manager", "cashier"]);
        assert!(
            accounts
                .iter()
                .all(|a| a["password"].as_str().unwrap().len() >= 10)
        );
        // A second demo is refused and adds nothing.
        let before = counts(&db);
        refused(
            &db,
            &["demo"],
            3,
            "not_empty",
            "only into an empty database",
        );
        assert_eq!(counts(&db), before);
        assert!(before.0 >= 3 && before.1 >= 8);
        let tomorrow = (Utc::now() + Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let day = ok(&db, &["showtimes", "--date", &tomorrow]);
        let shows = day["showtimes"].as_array().unwrap();
        assert!(shows.len() >= 8, "{day}");
        for s in shows {
            for field in [
                "id",
                "movie",
                "hall",
                "starts_at",
                "starts_local",
                "price",
                "currency",
            ] {
                assert!(!s[field].is_null(), "{field} missing in {s}");
            }
        }
        let halls = ok(&db, &["hall", "list"]);
        let first = &shows[0];
        let hall_seats = halls
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == first["hall"])
            .unwrap()["seats"]
            .as_u64()
            .unwrap();
        let seats = ok(&db, &["seats", &first["id"].to_string()]);
        let list = seats["seats"].as_array().unwrap();
        assert_eq!(list.len() as u64, hall_seats);
        for s in list {
            assert!(s["row"].is_string() && s["number"].is_u64() && s["kind"].is_string());
            assert_eq!(s["state"], "free");
        }
        assert!(list.iter().any(|s| s["kind"] == "wheelchair"));
        // Text output for people too.
        let out = run(&db, &["seats", &first["id"].to_string()]);
        assert!(String::from_utf8_lossy(&out.stdout).contains("SCREEN"));
    }
}

#[test]
fn bad_halls_are_refused_naming_the_field_and_nothing_is_written() {
    for db in databases() {
        ok(&db, &["hall", "add", "Main", "--rows", "5", "--seats", "8"]);
        refused(
            &db,
            &["hall", "add", "X", "--rows", "0", "--seats", "10"],
            2,
            "invalid_input",
            "rows",
        );
        refused(
            &db,
            &["hall", "add", "X", "--rows", "53", "--seats", "10"],
            2,
            "invalid_input",
            "rows",
        );
        refused(
            &db,
            &["hall", "add", "X", "--rows", "5", "--seats", "61"],
            2,
            "invalid_input",
            "seats",
        );
        refused(
            &db,
            &["hall", "add", "   ", "--rows", "2", "--seats", "2"],
            2,
            "invalid_input",
            "name",
        );
        refused(
            &db,
            &["hall", "add", "  MAIN ", "--rows", "2", "--seats", "2"],
            3,
            "name_taken",
            "already exists",
        );
        let bad_map = db.dir.path().join("bad.txt");
        std::fs::write(&bad_map, "ssss\nss x s\n").unwrap();
        let v = refused(
            &db,
            &[
                "hall",
                "add",
                "Mapped",
                "--layout",
                bad_map.to_str().unwrap(),
            ],
            2,
            "invalid_input",
            "line 2, column 3",
        );
        assert_eq!(v["error"]["line"], 2);
        refused(
            &db,
            &["hall", "add", "Mapped", "--layout", "/nonexistent/map.txt"],
            2,
            "invalid_input",
            "cannot read",
        );
        refused(&db, &["hall", "add", "X"], 2, "invalid_input", "--rows");
        let halls = ok(&db, &["hall", "list"]);
        assert_eq!(halls.as_array().unwrap().len(), 1);
        assert_eq!(halls[0]["seats"], 40);
    }
}

#[test]
fn every_shipped_map_makes_a_hall() {
    let db = databases().remove(0);
    let maps = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/halls")).unwrap();
    let mut n = 0;
    for entry in maps {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let hall = ok(
            &db,
            &["hall", "add", &name, "--layout", path.to_str().unwrap()],
        );
        assert!(hall["seats"].as_u64().unwrap() > 20, "{hall}");
        n += 1;
    }
    assert!(n >= 3);
    assert_eq!(ok(&db, &["hall", "list"]).as_array().unwrap().len(), n);
}

#[test]
fn bad_movies_prices_dates_and_unknown_things() {
    for db in databases() {
        ok(&db, &["hall", "add", "Main", "--rows", "5", "--seats", "8"]);
        ok(&db, &["hall", "add", "Side", "--rows", "4", "--seats", "8"]);
        let movie = ok(&db, &["movie", "add", "Film", "--minutes", "100"])["id"].to_string();
        refused(
            &db,
            &["movie", "add", "Zero", "--minutes", "0"],
            2,
            "invalid_input",
            "at least 1 minute",
        );
        refused(
            &db,
            &["movie", "add", "Neg", "--minutes", "-5"],
            2,
            "invalid_input",
            "at least 1 minute",
        );
        refused(
            &db,
            &["movie", "add", "NoMinutes"],
            2,
            "invalid_input",
            "--minutes",
        );
        let at = in_days(3, "18:00");
        let add = |price: &str, at: &str, movie: &str, hall: &str| {
            vec![
                "showtime", "add", "--movie", movie, "--hall", hall, "--at", at, "--price", price,
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
        };
        let r = |db: &Db, a: Vec<String>, exit, code, frag| {
            let refs: Vec<&str> = a.iter().map(String::as_str).collect();
            refused(db, &refs, exit, code, frag)
        };
        r(
            &db,
            add("-1", &at, &movie, "Main"),
            2,
            "invalid_input",
            "negative",
        );
        r(
            &db,
            add("12.505", &at, &movie, "Main"),
            2,
            "invalid_input",
            "two decimals",
        );
        r(
            &db,
            add("abc", &at, &movie, "Main"),
            2,
            "invalid_input",
            "not an amount",
        );
        r(
            &db,
            add("10", &in_days(-1, "18:00"), &movie, "Main"),
            3,
            "starts_in_past",
            "in the past",
        );
        r(
            &db,
            add("10", &at, "999999", "Main"),
            4,
            "not_found",
            "no movie",
        );
        r(
            &db,
            add("10", &at, &movie, "Nowhere"),
            4,
            "not_found",
            "no hall",
        );
        r(
            &db,
            add("10", "24.11.2026 19:30", &movie, "Main"),
            2,
            "invalid_input",
            "not a date and time",
        );
        r(
            &db,
            add("10", "2026-02-30 10:00", &movie, "Main"),
            2,
            "invalid_input",
            "not a date and time",
        );
        refused(
            &db,
            &["showtimes", "--date", "2026-13-01"],
            2,
            "invalid_input",
            "not a date",
        );
        refused(&db, &["seats", "999999"], 4, "not_found", "no showtime");
        assert_eq!(counts(&db).2, 0, "nothing was scheduled by the refusals");
        // A clash is refused with suggestions.
        let refs: Vec<String> = add("10", &at, &movie, "Main");
        let refs: Vec<&str> = refs.iter().map(String::as_str).collect();
        ok(&db, &refs);
        let v = r(
            &db,
            add("10", &in_days(3, "19:00"), &movie, "Main"),
            3,
            "hall_busy",
            "is busy",
        );
        let s = &v["error"]["suggestions"];
        assert_eq!(s["other_halls"][0]["hall"], "Side", "{v}");
        assert_eq!(s["start_times"][0]["local"], in_days(3, "20:10"), "{v}");
        assert_eq!(counts(&db).2, 1);
    }
}
