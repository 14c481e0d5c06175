//! `boxoffice demo` is never left half done: a seeding cut off (the process killed) is
//! completed by the next `demo`, whose staff passwords then work, while a database that
//! holds anything else is still refused. Run as the real binary on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Output, Stdio};
use std::time::Duration;

use common::bin::{BinDb as Db, command, databases, json, run};
use serde_json::Value;

fn ok(db: &Db, args: &[&str]) -> Value {
    let all: Vec<&str> = ["--json"].iter().chain(args).copied().collect();
    let out = run(db, &all);
    assert!(
        out.status.success(),
        "{args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)
}

fn login(db: &Db, username: &str, password: &str) -> Output {
    let mut child = command(
        db,
        &["--json", "user", "login", username, "--password-stdin"],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

/// Every account the demo printed can log in with the password it printed.
fn accounts_log_in(db: &Db, demo: &Value) {
    let accounts = demo["accounts"].as_array().unwrap();
    let names: Vec<&str> = accounts
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["manager", "cashier"], "{demo}");
    for a in accounts {
        let out = login(
            db,
            a["username"].as_str().unwrap(),
            a["password"].as_str().unwrap(),
        );
        assert!(
            out.status.success(),
            "{a}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn halls_and_movies(db: &Db) -> (usize, usize) {
    (
        ok(db, &["hall", "list"]).as_array().unwrap().len(),
        ok(db, &["movie", "list"]).as_array().unwrap().len(),
    )
}

#[test]
fn a_half_made_demo_is_completed_and_its_passwords_work() {
    for db in databases() {
        ok(&db, &["migrate"]);
        // What a seeding killed after its first hall, one movie and one account leaves.
        let layout = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/halls/grand.txt");
        ok(&db, &["hall", "add", "Grand", "--layout", layout]);
        ok(&db, &["movie", "add", "Gridlock", "--minutes", "133"]);
        let mut child = command(
            &db,
            &[
                "user",
                "add",
                "manager",
                "--role",
                "manager",
                "--password-stdin",
            ],
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
        writeln!(child.stdin.take().unwrap(), "lost before anyone read it 9").unwrap();
        assert!(child.wait().unwrap().success());

        let demo = ok(&db, &["demo"]);
        accounts_log_in(&db, &demo);
        assert_eq!(demo["halls"], 3, "{demo}");
        assert_eq!(halls_and_movies(&db), (3, 9), "nothing made twice");

        // Complete now: a third run is refused.
        let out = run(&db, &["--json", "demo"]);
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(json(&out)["error"]["code"], "not_empty");
    }
}

#[test]
fn a_database_with_other_data_is_still_refused() {
    for db in databases() {
        ok(&db, &["migrate"]);
        ok(
            &db,
            &["hall", "add", "Our Hall", "--rows", "5", "--seats", "8"],
        );
        let out = run(&db, &["--json", "demo"]);
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(json(&out)["error"]["code"], "not_empty");
        assert_eq!(halls_and_movies(&db), (1, 0), "nothing added");
    }
}

#[test]
fn a_demo_killed_at_any_moment_is_finished_by_the_next_one() {
    for db in databases() {
        ok(&db, &["migrate"]);
        for delay_ms in [30, 120] {
            let mut child = command(&db, &["demo"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay_ms));
            // SIGKILL: no clean-up of any kind runs.
            let _ = child.kill();
            let _ = child.wait();
        }
        let out = run(&db, &["--json", "demo"]);
        let v = json(&out);
        if out.status.success() {
            accounts_log_in(&db, &v);
        } else {
            // The first run got to the end before the kill: it printed the passwords.
            assert_eq!(v["error"]["code"], "not_empty", "{v}");
        }
        assert_eq!(halls_and_movies(&db), (3, 9));
        let users = ok(&db, &["user", "list"]);
        let names: Vec<&str> = users
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"manager") && names.contains(&"cashier"),
            "{users}"
        );
    }
}
