//! The command line as an operator meets it, run as the real binary on a fresh SQLite
//! file and a fresh PostgreSQL database: set-up from nothing, JSON output, and every kind
//! of bad input refused with a clear message, the right exit code and nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::bin::{BinDb as Db, databases};

use chrono::{Duration, NaiveDateTime, Utc};
use serde_json::{Value, json};

/// Runs `boxoffice --database-url URL ARGS...` with nothing on stdin and no config or
/// database from the environment: (exit code, stdout, stderr).
fn run(db: &Db, args: &[&str]) -> (i32, String, String) {
    let out = common::bin::run(db, args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn parse_json(args: &[&str], stdout: &str, stderr: &str) -> Value {
    serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}{stderr}"))
}

/// Runs a command with `--json` that must succeed, and returns what it printed.
fn ok(db: &Db, args: &[&str]) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let (code, stdout, stderr) = run(db, &all);
    assert_eq!(code, 0, "{args:?} failed: {stdout}{stderr}");
    parse_json(args, &stdout, &stderr)
}

/// Runs a command that must be refused, as text and as `--json`: the exit code, the
/// fragment in the message on stderr (nothing on stdout), the JSON `error.code` and the
/// fragment in its `message`. Returns the JSON `error` object.
fn refused(db: &Db, args: &[&str], exit: i32, code: &str, fragment: &str) -> Value {
    let (got, stdout, stderr) = run(db, args);
    assert_eq!(got, exit, "{args:?}: exit code; stderr: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: stdout on failure: {stdout}");
    assert!(
        stderr.contains(fragment),
        "{args:?}: {stderr:?} lacks {fragment:?}"
    );
    let error = refused_json(db, args, exit, code);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(fragment),
        "{args:?}: JSON message {message:?} lacks {fragment:?}"
    );
    error
}

/// The `--json` half of `refused`, without looking into the message.
fn refused_json(db: &Db, args: &[&str], exit: i32, code: &str) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let (got, stdout, stderr) = run(db, &all);
    assert_eq!(got, exit, "{all:?}: exit code; {stdout}{stderr}");
    let v = parse_json(&all, &stdout, &stderr);
    assert_eq!(v["error"]["code"], code, "{all:?}: {v}");
    v["error"].clone()
}

/// A clap usage error: exit 2, the missing or wrong argument named on stderr, and an
/// `invalid_input` error with `--json`.
fn usage_refused(db: &Db, args: &[&str], fragment: &str) {
    let (got, _, stderr) = run(db, args);
    assert_eq!(got, 2, "{args:?}: exit code; stderr: {stderr}");
    assert!(
        stderr.contains(fragment),
        "{args:?}: {stderr:?} lacks {fragment:?}"
    );
    let error = refused_json(db, args, 2, "invalid_input");
    assert_eq!(error["field"], "usage", "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(fragment),
        "{args:?}: JSON message {message:?} lacks {fragment:?}"
    );
}

/// The venue's wall clock (the default venue time zone, Europe/Berlin).
fn venue_now() -> NaiveDateTime {
    Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .naive_local()
}

/// "YYYY-MM-DD" on the venue's calendar, `days` from today.
fn date(days: i64) -> String {
    (venue_now().date() + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

/// "YYYY-MM-DD HH:MM" on the venue's calendar, `days` from today.
fn at(days: i64, time: &str) -> String {
    format!("{} {time}", date(days))
}

/// The business day `days` after today's (a business day starts at 06:00).
fn business_day(days: i64) -> String {
    let today = (venue_now() - Duration::hours(6)).date();
    (today + Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn showtimes_on(db: &Db, date: &str) -> Vec<Value> {
    ok(db, &["showtimes", "--date", date])["showtimes"]
        .as_array()
        .unwrap()
        .clone()
}

/// How many halls, movies and showtimes (on the days the tests schedule on) there are.
fn counts(db: &Db) -> (usize, usize, usize) {
    let halls = ok(db, &["hall", "list"]).as_array().unwrap().len();
    let movies = ok(db, &["movie", "list"]).as_array().unwrap().len();
    let shows = [date(-1), date(3)]
        .iter()
        .map(|d| showtimes_on(db, d).len())
        .sum();
    (halls, movies, shows)
}

/// The seats a hall's `hall list --json` entry reports.
fn hall_seats(db: &Db, name: &str) -> u64 {
    let halls = ok(db, &["hall", "list"]);
    let hall = halls
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == name)
        .unwrap_or_else(|| panic!("no hall {name:?} in {halls}"));
    hall["seats"].as_u64().unwrap()
}

#[test]
fn migrate_then_demo_prints_the_staff_accounts_and_refuses_a_second_time() {
    for db in databases() {
        let migrated = ok(&db, &["migrate"]);
        assert_eq!(migrated["migrated"], true, "{migrated}");
        let backend = if db.pg.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        };
        assert_eq!(migrated["backend"], backend, "{migrated}");

        let demo = ok(&db, &["demo"]);
        let accounts = demo["accounts"].as_array().unwrap();
        let who: Vec<(&str, &str)> = accounts
            .iter()
            .map(|a| (a["username"].as_str().unwrap(), a["role"].as_str().unwrap()))
            .collect();
        assert_eq!(who, [("manager", "manager"), ("cashier", "cashier")]);
        for a in accounts {
            assert!(a["password"].as_str().unwrap().len() >= 10, "{a}");
        }
        // The summary matches what is there.
        let halls = ok(&db, &["hall", "list"]);
        let halls = halls.as_array().unwrap();
        assert_eq!(demo["halls"], halls.len());
        let seats: u64 = halls.iter().map(|h| h["seats"].as_u64().unwrap()).sum();
        assert_eq!(demo["seats"], seats);
        assert_eq!(
            demo["movies"],
            ok(&db, &["movie", "list"]).as_array().unwrap().len()
        );
        let week: usize = (0..7)
            .map(|d| showtimes_on(&db, &business_day(d)).len())
            .sum();
        assert_eq!(demo["showtimes"], week);

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
        assert!(before.0 >= 3 && before.1 >= 1, "{before:?}");
    }
}

#[test]
fn showtimes_and_seats_as_json() {
    for db in databases() {
        ok(&db, &["demo"]);
        // Today's list: the demo schedules only starts still to come, so it may be short.
        let today = ok(&db, &["showtimes"]);
        assert_eq!(today["date"], business_day(0), "{today}");
        for s in today["showtimes"].as_array().unwrap() {
            let starts: chrono::DateTime<Utc> = s["starts_at"].as_str().unwrap().parse().unwrap();
            assert!(starts > Utc::now() - Duration::minutes(10), "{s}");
        }
        let tomorrow = business_day(1);
        let day = ok(&db, &["showtimes", "--date", &tomorrow]);
        assert_eq!(day["date"], tomorrow);
        let shows = day["showtimes"].as_array().unwrap();
        assert!(!shows.is_empty(), "{day}");
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
            assert!(s["id"].is_u64(), "{s}");
            assert!(s["starts_local"].as_str().unwrap().starts_with(&tomorrow));
            assert_eq!(s["currency"], "EUR");
        }

        for show in [&shows[0], shows.last().unwrap()] {
            let id = show["id"].to_string();
            let map = ok(&db, &["seats", &id]);
            let list = map["seats"].as_array().unwrap();
            assert_eq!(
                list.len() as u64,
                hall_seats(&db, show["hall"].as_str().unwrap()),
                "{show}"
            );
            let mut labels = std::collections::HashSet::new();
            for s in list {
                assert!(s["row"].is_string(), "{s}");
                assert!(s["number"].as_u64().unwrap() >= 1, "{s}");
                assert!(s["kind"].is_string(), "{s}");
                assert_eq!(s["state"], "free", "{s}");
                assert!(labels.insert((s["row"].to_string(), s["number"].to_string())));
            }
            // The text map is for people.
            let (code, text, _) = run(&db, &["seats", &id]);
            assert_eq!(code, 0);
            assert!(text.contains("SCREEN"), "{text}");
        }
    }
}

#[test]
fn bad_halls_are_refused_naming_the_field_and_nothing_is_written() {
    for db in databases() {
        ok(&db, &["hall", "add", "Main", "--rows", "5", "--seats", "8"]);
        for (args, field) in [
            (["X", "--rows", "0", "--seats", "10"], "rows"),
            (["X", "--rows", "53", "--seats", "10"], "rows"),
            (["X", "--rows", "5", "--seats", "61"], "seats"),
            (["X", "--rows", "5", "--seats", "0"], "seats"),
            (["   ", "--rows", "2", "--seats", "2"], "name"),
        ] {
            let all: Vec<&str> = ["hall", "add"].iter().chain(&args).copied().collect();
            let e = refused(&db, &all, 2, "invalid_input", field);
            assert_eq!(e["field"], field, "{e}");
        }
        refused(
            &db,
            &["hall", "add", "  mAIN ", "--rows", "2", "--seats", "2"],
            3,
            "name_taken",
            "already exists",
        );

        let bad_map = db.dir.path().join("bad.txt");
        std::fs::write(&bad_map, "ssss\nss x s\n").unwrap();
        let bad_map = bad_map.to_str().unwrap();
        let e = refused(
            &db,
            &["hall", "add", "Mapped", "--layout", bad_map],
            2,
            "invalid_input",
            "line 2, column 3",
        );
        assert_eq!((&e["line"], &e["column"]), (&2.into(), &3.into()), "{e}");
        let empty_map = db.dir.path().join("empty.txt");
        std::fs::write(&empty_map, "\n\n").unwrap();
        refused(
            &db,
            &[
                "hall",
                "add",
                "Mapped",
                "--layout",
                empty_map.to_str().unwrap(),
            ],
            2,
            "invalid_input",
            "no seats",
        );
        let missing = db.dir.path().join("missing.txt");
        refused(
            &db,
            &[
                "hall",
                "add",
                "Mapped",
                "--layout",
                missing.to_str().unwrap(),
            ],
            2,
            "invalid_input",
            "cannot read",
        );

        usage_refused(&db, &["hall", "add", "X"], "--rows");
        usage_refused(&db, &["hall", "add", "X", "--rows", "2"], "--seats");
        usage_refused(
            &db,
            &[
                "hall", "add", "X", "--rows", "2", "--seats", "2", "--layout", bad_map,
            ],
            "--layout",
        );

        let halls = ok(&db, &["hall", "list"]);
        assert_eq!(halls.as_array().unwrap().len(), 1, "{halls}");
        assert_eq!(halls[0]["seats"], 40);
    }
}

#[test]
fn every_shipped_map_makes_a_hall_with_all_its_seats() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/halls");
    let mut maps: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    maps.sort();
    assert!(maps.len() >= 3, "{maps:?}");
    for db in databases() {
        for path in &maps {
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            // Places in the map: every seat letter on the lines that are not comments.
            let places = std::fs::read_to_string(path)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .flat_map(|l| l.chars())
                .filter(|c| "spwc".contains(*c))
                .count() as u64;
            let hall = ok(
                &db,
                &["hall", "add", &name, "--layout", path.to_str().unwrap()],
            );
            assert_eq!(hall["seats"], places, "{}: {hall}", path.display());
            assert_eq!(hall_seats(&db, &name), places);
        }
        assert_eq!(
            ok(&db, &["hall", "list"]).as_array().unwrap().len(),
            maps.len()
        );
    }
}

#[test]
fn bad_movies_are_refused_and_nothing_is_written() {
    for db in databases() {
        ok(&db, &["movie", "add", "Film", "--minutes", "100"]);
        for minutes in ["0", "-5"] {
            let e = refused(
                &db,
                &["movie", "add", "T", "--minutes", minutes],
                2,
                "invalid_input",
                "at least 1 minute",
            );
            assert_eq!(e["field"], "minutes", "{e}");
        }
        refused(
            &db,
            &["movie", "add", "  ", "--minutes", "90"],
            2,
            "invalid_input",
            "blank",
        );
        usage_refused(&db, &["movie", "add", "NoMinutes"], "--minutes");
        usage_refused(&db, &["movie", "add", "T", "--minutes", "ninety"], "ninety");
        let movies = ok(&db, &["movie", "list"]);
        assert_eq!(movies.as_array().unwrap().len(), 1, "{movies}");
        let id = movies[0]["id"].to_string();
        // An edit with a bad field changes nothing.
        refused(
            &db,
            &["movie", "edit", &id, "--title", "Film 2", "--minutes", "0"],
            2,
            "invalid_input",
            "at least 1 minute",
        );
        assert_eq!(ok(&db, &["movie", "list"])[0]["title"], "Film");
    }
}

#[test]
fn a_movie_is_corrected_from_the_command_line() {
    for db in databases() {
        let id = ok(
            &db,
            &[
                "movie",
                "add",
                "Kettel",
                "--minutes",
                "96",
                "--genre",
                "Comedy",
            ],
        )["id"]
            .to_string();
        // Only what is given changes.
        let m = ok(
            &db,
            &["movie", "edit", &id, "--title", "Kettle", "--rating", "6"],
        );
        assert_eq!(
            (
                &m["title"],
                &m["runtime_minutes"],
                &m["rating"],
                &m["genre"]
            ),
            (&json!("Kettle"), &json!(96), &json!("6"), &json!("Comedy"))
        );
        // An empty genre clears it.
        let m = ok(
            &db,
            &["movie", "edit", &id, "--minutes", "100", "--genre", ""],
        );
        assert_eq!(
            (&m["runtime_minutes"], &m["genre"]),
            (&json!(100), &Value::Null)
        );
        let listed = ok(&db, &["movie", "list"]);
        assert_eq!(listed[0]["title"], "Kettle", "{listed}");
        assert_eq!(listed[0]["rating"], "6", "{listed}");
    }
}

/// `showtime add` with these values.
fn showtime_add<'a>(movie: &'a str, hall: &'a str, at: &'a str, price: &'a str) -> [&'a str; 10] {
    [
        "showtime", "add", "--movie", movie, "--hall", hall, "--at", at, "--price", price,
    ]
}

#[test]
fn bad_showtimes_prices_dates_and_unknown_things_are_refused() {
    for db in databases() {
        ok(&db, &["hall", "add", "Main", "--rows", "5", "--seats", "8"]);
        let movie = ok(&db, &["movie", "add", "Film", "--minutes", "100"])["id"].to_string();
        let m = movie.as_str();
        let when = at(3, "18:00");
        let yesterday = at(-1, "18:00");
        let hour_25 = at(3, "25:00");
        let cases: [([&str; 10], i32, &str, &str); 10] = [
            (
                showtime_add(m, "Main", &when, "-1"),
                2,
                "invalid_input",
                "negative",
            ),
            (
                showtime_add(m, "Main", &when, "12.505"),
                2,
                "invalid_input",
                "two decimals",
            ),
            (
                showtime_add(m, "Main", &when, "abc"),
                2,
                "invalid_input",
                "not an amount",
            ),
            (
                showtime_add(m, "Main", &yesterday, "10"),
                3,
                "starts_in_past",
                "in the past",
            ),
            (
                showtime_add("999999", "Main", &when, "10"),
                4,
                "not_found",
                "no movie",
            ),
            (
                showtime_add(m, "Nowhere", &when, "10"),
                4,
                "not_found",
                "no hall",
            ),
            // --movie takes a title too: one that names no movie is not found.
            (
                showtime_add("abc", "Main", &when, "10"),
                4,
                "not_found",
                "no movie is called",
            ),
            (
                showtime_add(m, "Main", "24.11.2026 19:30", "10"),
                2,
                "invalid_input",
                "not a date and time",
            ),
            (
                showtime_add(m, "Main", "2026-02-30 10:00", "10"),
                2,
                "invalid_input",
                "not a date and time",
            ),
            (
                showtime_add(m, "Main", &hour_25, "10"),
                2,
                "invalid_input",
                "not a date and time",
            ),
        ];
        for (args, exit, code, fragment) in cases {
            refused(&db, &args, exit, code, fragment);
        }
        let e = refused(
            &db,
            &["showtimes", "--date", "2026-13-01"],
            2,
            "invalid_input",
            "not a date",
        );
        assert_eq!(e["field"], "date");
        refused(&db, &["seats", "999999"], 4, "not_found", "no showtime");
        refused(
            &db,
            &["seats", "abc"],
            2,
            "invalid_input",
            "not a showtime id",
        );
        usage_refused(
            &db,
            &["showtime", "add", "--movie", m, "--hall", "Main"],
            "--at",
        );
        assert_eq!(counts(&db), (1, 1, 0), "the refusals wrote nothing");
    }
}

#[test]
fn a_clash_is_refused_with_suggestions_and_nothing_is_written() {
    for db in databases() {
        ok(&db, &["hall", "add", "Main", "--rows", "5", "--seats", "8"]);
        ok(&db, &["hall", "add", "Side", "--rows", "4", "--seats", "8"]);
        let movie = ok(&db, &["movie", "add", "Film", "--minutes", "100"])["id"].to_string();
        let first = ok(&db, &showtime_add(&movie, "Main", &at(3, "18:00"), "10"));
        // 100 minutes + 15 ads + 15 cleaning: Main is busy 18:00-20:10.
        assert_eq!(first["starts_local"], at(3, "18:00"));
        assert_eq!(first["price"], "10.00");

        let e = refused(
            &db,
            &showtime_add(&movie, "Main", &at(3, "19:00"), "10"),
            3,
            "hall_busy",
            "is busy",
        );
        let s = &e["suggestions"];
        let halls = s["other_halls"].as_array().expect("other_halls array");
        let times = s["start_times"].as_array().expect("start_times array");
        assert_eq!(halls[0]["hall"], "Side", "{e}");
        assert_eq!(times[0]["local"], at(3, "20:10"), "{e}");
        // Starting before it but cleaning into it clashes too.
        refused(
            &db,
            &showtime_add(&movie, "Main", &at(3, "16:00"), "10"),
            3,
            "hall_busy",
            "is busy",
        );
        assert_eq!(counts(&db), (2, 1, 1));

        // The suggestions work, and a slot ending as the next begins fits.
        ok(&db, &showtime_add(&movie, "Side", &at(3, "19:00"), "10"));
        ok(&db, &showtime_add(&movie, "Main", &at(3, "20:10"), "0"));
        ok(&db, &showtime_add(&movie, "Main", &at(3, "15:50"), "9.50"));
        assert_eq!(counts(&db), (2, 1, 4));
    }
}
