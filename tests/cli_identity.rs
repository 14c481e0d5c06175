//! Accounts from the command line on both stores: passwords from stdin, the lockout from
//! config, unlock by a manager, and no hash or password in any output.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use common::bin::{BinDb, command, databases, json};

fn with_stdin(db: &BinDb, args: &[&str], input: &str) -> Output {
    let mut child = command(db, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The binary with this config file and `--json`.
fn json_run(db: &BinDb, config: &str, args: &[&str], input: &str) -> Output {
    let mut all = vec!["--config", config, "--json"];
    all.extend_from_slice(args);
    with_stdin(db, &all, input)
}

#[test]
fn lockout_follows_config_and_a_manager_unlocks() {
    for db in databases() {
        let config = db.dir.path().join("config.toml");
        std::fs::write(
            &config,
            "[identity]\nlockout_attempts = 2\nlockout_minutes = 30\n",
        )
        .unwrap();
        let cfg = config.to_str().unwrap();
        let out = json_run(
            &db,
            cfg,
            &[
                "user",
                "add",
                "anna",
                "--role",
                "cashier",
                "--password-stdin",
            ],
            "velvet curtain 7\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        // A weak password is refused by name, and nothing is created.
        let out = with_stdin(
            &db,
            &[
                "--config",
                cfg,
                "user",
                "add",
                "ben",
                "--role",
                "cashier",
                "--password-stdin",
            ],
            "password123\n",
        );
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("most common"));
        for _ in 0..2 {
            let out = json_run(
                &db,
                cfg,
                &["user", "login", "anna", "--password-stdin"],
                "wrong password!!\n",
            );
            assert_eq!(out.status.code(), Some(3));
            assert_eq!(json(&out)["error"]["code"], "invalid_credentials");
        }
        let out = json_run(
            &db,
            cfg,
            &["user", "login", "anna", "--password-stdin"],
            "velvet curtain 7\n",
        );
        assert_eq!(out.status.code(), Some(3));
        // Locked, and answered like a wrong password (the message says failures lock).
        assert_eq!(json(&out)["error"]["code"], "invalid_credentials");
        assert!(
            json(&out)["error"]["message"]
                .as_str()
                .unwrap()
                .contains("repeated failures lock")
        );
        // The unknown user gets the same answer as the wrong password.
        let out = json_run(
            &db,
            cfg,
            &["user", "login", "nobody", "--password-stdin"],
            "wrong password!!\n",
        );
        assert_eq!(json(&out)["error"]["code"], "invalid_credentials");
        let list = json(&json_run(&db, cfg, &["user", "list"], ""));
        let text = list.to_string();
        assert!(
            !text.contains("argon2") && !text.contains("velvet"),
            "{text}"
        );
        assert_eq!(list[0]["username"], "anna");
        assert!(list[0]["locked_until"].is_string());
        assert!(
            with_stdin(&db, &["--config", cfg, "user", "unlock", "anna"], "")
                .status
                .success()
        );
        let out = json_run(
            &db,
            cfg,
            &["user", "login", "anna", "--password-stdin"],
            "velvet curtain 7\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(json(&out)["role"], "cashier");
        // A customer registers; a bad e-mail is refused by name.
        let out = json_run(
            &db,
            cfg,
            &[
                "user",
                "register",
                "carl",
                "--email",
                "carl@",
                "--password-stdin",
            ],
            "velvet curtain 7\n",
        );
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(json(&out)["error"]["field"], "email");
        let out = json_run(
            &db,
            cfg,
            &[
                "user",
                "register",
                "carl",
                "--email",
                "carl@example.org",
                "--password-stdin",
            ],
            "velvet curtain 7\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(json(&out)["role"], "customer");
        // A cashier may not manage accounts.
        let out = json_run(&db, cfg, &["user", "unlock", "anna", "--user", "anna"], "");
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(json(&out)["error"]["code"], "permission_denied");
    }
}

/// A locked account's lock ends on the venue's clock, with the zone named, in the text
/// and in `--json` (which keeps the UTC instant too).
#[test]
fn user_list_shows_a_lockout_in_venue_time() {
    for db in databases() {
        let config = db.dir.path().join("config.toml");
        std::fs::write(
            &config,
            "[venue]\ntimezone = \"America/New_York\"\n\
             [identity]\nlockout_attempts = 1\nlockout_minutes = 30\n",
        )
        .unwrap();
        let cfg = config.to_str().unwrap();
        let out = json_run(
            &db,
            cfg,
            &[
                "user",
                "add",
                "cleo",
                "--role",
                "cashier",
                "--password-stdin",
            ],
            "velvet curtain 7\n",
        );
        assert!(out.status.success());
        let out = json_run(
            &db,
            cfg,
            &["user", "login", "cleo", "--password-stdin"],
            "wrong password!!\n",
        );
        assert_eq!(out.status.code(), Some(3));
        let list = json(&json_run(&db, cfg, &["user", "list"], ""));
        let utc: chrono::DateTime<chrono::Utc> =
            list[0]["locked_until"].as_str().unwrap().parse().unwrap();
        let local = utc.with_timezone(&chrono_tz::America::New_York);
        assert_eq!(list[0]["venue_time_zone"], "America/New_York");
        let venue: chrono::DateTime<chrono::FixedOffset> = list[0]["locked_until_venue"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(venue, utc);
        assert_eq!(venue.naive_local(), local.naive_local());
        let text = with_stdin(&db, &["--config", cfg, "user", "list"], "");
        assert!(text.status.success());
        let text = String::from_utf8_lossy(&text.stdout);
        let expected = format!(
            "locked until {} America/New_York",
            local.format("%Y-%m-%d %H:%M")
        );
        assert!(text.contains(&expected), "{expected:?} not in\n{text}");
        assert!(!text.contains("UTC"), "{text}");
    }
}
