//! When the database cannot be reached or opened, the command line says so in plain words
//! naming what to check (host and port, the login, the database, the locked file), never
//! "pool timed out" or a driver's error code. The real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output, Stdio};

fn boxoffice(url: &str, data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args(["--database-url", url])
        .args(args)
        .env("BOXOFFICE_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", data)
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn an_unreachable_postgresql_is_named_with_what_to_check() {
    let dir = tempfile::tempdir().unwrap();
    // Port 1 on loopback: nothing listens there.
    let out = boxoffice(
        "postgres://postgres@127.0.0.1:1/boxoffice",
        dir.path(),
        &["showtimes"],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("PostgreSQL at 127.0.0.1:1"), "{text}");
    assert!(text.contains("connection refused"), "{text}");
    assert!(text.contains("is PostgreSQL running"), "{text}");
    assert!(!text.contains("pool timed out"), "{text}");
}

#[test]
fn a_wrong_login_or_database_name_is_said_plainly() {
    let admin = std::env::var("BOXOFFICE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let Some(base) = admin.rsplit_once('/').map(|(b, _)| b.to_string()) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let probe = boxoffice(&admin, dir.path(), &["hall", "list"]);
    if !probe.status.success() && std::env::var("CI").as_deref() != Ok("true") {
        eprintln!("skipped: PostgreSQL is not reachable at {admin}");
        return;
    }
    let missing = format!("{base}/no_such_database_here");
    let out = boxoffice(&missing, dir.path(), &["showtimes"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("does not exist"), "{text}");
    assert!(text.contains("createdb"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_file_locked_by_another_program_is_said_plainly() {
    use sqlx::Connection;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/locked.db?mode=rwc", dir.path().display());
    assert!(boxoffice(&url, dir.path(), &["migrate"]).status.success());
    // Another program takes the file's write lock and keeps it past the busy timeout.
    let mut other = sqlx::SqliteConnection::connect(&url).await.unwrap();
    sqlx::raw_sql("BEGIN EXCLUSIVE")
        .execute(&mut other)
        .await
        .unwrap();
    let (u, d) = (url.clone(), dir.path().to_path_buf());
    let out = tokio::task::spawn_blocking(move || {
        boxoffice(
            &u,
            &d,
            &["hall", "add", "Salon", "--rows", "2", "--seats", "2"],
        )
    })
    .await
    .unwrap();
    sqlx::raw_sql("ROLLBACK").execute(&mut other).await.unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("locked by another program"), "{text}");
    assert!(!text.contains("code: 5"), "{text}");
}
