//! The real binary in a pseudo-terminal, as a manager uses the back office: the demo
//! cinema, the manager's login, then the Staff, Floor, Reports and Audit tabs by their
//! function keys: a new cashier whose password (shown once) logs in from the command
//! line, the floor, a report written as CSV into the data directory, and the ledger's
//! chain checked.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use common::pty::Tui;

const ROWS: u16 = 30;
const COLS: u16 = 110;

const F6: &[u8] = b"\x1b[17~";
const F7: &[u8] = b"\x1b[18~";
const F8: &[u8] = b"\x1b[19~";
const F9: &[u8] = b"\x1b[20~";

fn env(dir: &Path) -> Vec<(&'static str, String)> {
    vec![
        (
            "BOXOFFICE_CONFIG",
            dir.join("config.toml").display().to_string(),
        ),
        ("BOXOFFICE_DATA_DIR", dir.display().to_string()),
        (
            "BOXOFFICE_DATABASE_URL",
            format!("sqlite://{}/t.db?mode=rwc", dir.display()),
        ),
    ]
}

/// The word after `label` on the screen.
fn word_after(screen: &str, label: &str) -> String {
    screen
        .split(label)
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no {label:?} on the screen:\n{screen}"))
}

fn password_of(screen: &str, user: &str) -> String {
    screen
        .lines()
        .map(|l| {
            l.split_whitespace()
                .filter(|w| *w != "│")
                .collect::<Vec<_>>()
        })
        .find(|words| words.first() == Some(&user) && words.len() == 3)
        .map(|words| words[2].to_string())
        .unwrap_or_else(|| panic!("no password for {user}:\n{screen}"))
}

#[test]
fn a_manager_uses_staff_floor_reports_and_audit() {
    let dir = tempfile::tempdir().unwrap();
    let env = env(dir.path());
    std::fs::write(
        dir.path().join("config.toml"),
        "[venue]\nname = \"Kino PTY\"\n",
    )
    .unwrap();
    let mut tui = Tui::spawn(
        Path::new(env!("CARGO_BIN_EXE_boxoffice")),
        &env,
        dir.path(),
        ROWS,
        COLS,
    );
    tui.wait_for("This database is empty");
    tui.press(b"y");
    let accounts = tui.wait_for("Write these passwords down");
    let password = password_of(&accounts, "manager");
    tui.press(b"\r");
    tui.wait_for("Username");
    tui.type_text("manager");
    tui.press(b"\t");
    tui.type_text(&password);
    tui.press(b"\r");
    tui.wait_for("manager (manager)");

    // Staff: a new cashier, whose password is shown once.
    tui.press(F6);
    tui.wait_for("LOCK");
    tui.wait_for("cashier ");
    tui.press(b"a");
    tui.wait_for("New cashier account: username:");
    tui.type_text("newbie");
    tui.press(b"\r");
    let shown = tui.wait_for("Password, shown once");
    let new_password = word_after(&shown, "Password: ");
    tui.press(b"j");
    tui.wait_until("the password to go", |t| !t.contains(&new_password));
    let mut login = std::process::Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .args(["user", "login", "newbie", "--password-stdin"])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env("XDG_CONFIG_HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(login.stdin.take().unwrap(), "{new_password}").unwrap();
    let out = login.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the shown password logs in: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Floor: the live holds and the open shifts.
    tui.press(F7);
    tui.wait_for("Live holds");
    tui.wait_for("Open shifts");

    // Reports: the chart, then the view written as CSV.
    tui.press(F8);
    tui.wait_for("Takings per day");
    tui.press(b"e");
    let said = tui.wait_for("Report written to");
    let reports = dir.path().join("reports");
    let files: Vec<_> = std::fs::read_dir(&reports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        name.starts_with("sales-") && name.ends_with(".csv"),
        "{name}"
    );
    assert!(said.contains("sales-"), "{said}");
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    assert!(csv.starts_with("dimension,key,tickets,amount\n"), "{csv}");
    assert!(csv.contains("\ntotal,net,"), "{csv}");

    // Audit: the ledger, and its chain checked.
    tui.press(F9);
    tui.wait_for("Filter: all rows");
    tui.press(b"v");
    tui.wait_for("The ledger is whole");

    tui.press(b"q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?}");
}
