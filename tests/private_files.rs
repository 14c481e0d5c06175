//! What the program writes about people (the database with its hashes and contact
//! details, the log, receipts) is private to the user who runs it, and a config file that
//! carries a database password while others can read it is refused. The real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn boxoffice(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args(args)
        .env("BOXOFFICE_DATA_DIR", data)
        .env("XDG_CONFIG_HOME", data.join("no-config"))
        .env_remove("BOXOFFICE_DATABASE_URL")
        .env_remove("BOXOFFICE_CONFIG")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn the_data_directory_and_its_files_are_private() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = boxoffice(&data, &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&data), 0o700, "the data directory");
    let mut seen = Vec::new();
    for entry in fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            assert_eq!(mode(&path), 0o600, "{}", path.display());
            seen.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(seen.iter().any(|f| f == "boxoffice.db"), "{seen:?}");
    assert!(seen.iter().any(|f| f == "boxoffice.log"), "{seen:?}");
}

#[test]
fn files_an_earlier_version_left_readable_are_tightened() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    assert!(boxoffice(&data, &["migrate"]).status.success());
    // As an earlier version left them: readable by every local user.
    fs::set_permissions(&data, fs::Permissions::from_mode(0o755)).unwrap();
    let db = data.join("boxoffice.db");
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
    fs::create_dir(data.join("receipts")).unwrap();
    let receipt = data.join("receipts/receipt-1.txt");
    fs::write(&receipt, "paid").unwrap();
    fs::set_permissions(&receipt, fs::Permissions::from_mode(0o644)).unwrap();

    assert!(boxoffice(&data, &["hall", "list"]).status.success());
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&data.join("receipts")), 0o700);
    assert_eq!(mode(&receipt), 0o600);
}

#[test]
fn a_config_with_a_password_that_others_can_read_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let config = dir.path().join("config.toml");
    // Never reached: the file is refused before any connection is tried.
    fs::write(
        &config,
        "[database]\nurl = \"postgres://bo:secret@127.0.0.1:1/none\"\n",
    )
    .unwrap();
    fs::set_permissions(&config, fs::Permissions::from_mode(0o644)).unwrap();
    let out = boxoffice(
        &data,
        &[
            "--config",
            config.to_str().unwrap(),
            "--json",
            "hall",
            "list",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["code"], "invalid_input", "{v}");
    let message = v["error"]["message"].as_str().unwrap();
    assert!(message.contains("chmod 600"), "{message}");
    assert!(
        !message.contains("secret"),
        "the password is never echoed: {message}"
    );

    // The same file, private: it is read (and the database is then tried).
    fs::set_permissions(&config, fs::Permissions::from_mode(0o600)).unwrap();
    let out = boxoffice(
        &data,
        &[
            "--config",
            config.to_str().unwrap(),
            "--json",
            "hall",
            "list",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("chmod 600"), "{stdout}");
}
