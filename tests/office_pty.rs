//! The real binary in a pseudo-terminal, as a manager uses the back office: log in, draw
//! a hall in the layout editor, add a movie, schedule a showtime, meet a clash with the
//! next one and take a suggestion with one key, change the adult discount; then the
//! database is read back through the command line's `--json` and holds exactly that.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::pty::Tui;
use serde_json::Value;

const ROWS: u16 = 40;
const COLS: u16 = 120;
const PASSWORD: &str = "velvet curtain 7";

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

fn cli(dir: &Path, args: &[&str], stdin: &str) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_boxoffice"))
        .arg("--json")
        .args(args)
        .envs(env(dir).iter().map(|(k, v)| (*k, v.as_str())))
        .env("XDG_CONFIG_HOME", dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The start time of suggestion 1 on the screen: "1  Attic      HH:MM  ...".
fn first_suggestion(screen: &str) -> String {
    screen
        .lines()
        .find_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            (words.first() == Some(&"1") && words.get(1) == Some(&"Attic"))
                .then(|| words[2].to_string())
        })
        .unwrap_or_else(|| panic!("no suggestion 1:\n{screen}"))
}

#[test]
fn a_manager_builds_a_hall_a_movie_a_showtime_around_a_clash_and_a_discount() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[venue]\nname = \"Kino PTY\"\n",
    )
    .unwrap();
    cli(dir.path(), &["migrate"], "");
    cli(
        dir.path(),
        &[
            "user",
            "add",
            "boss",
            "--role",
            "manager",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    let mut tui = Tui::spawn(
        Path::new(env!("CARGO_BIN_EXE_boxoffice")),
        &env(dir.path()),
        dir.path(),
        ROWS,
        COLS,
    );
    tui.wait_for("Username");
    tui.type_text("boss");
    tui.press(b"\t");
    tui.type_text(PASSWORD);
    tui.press(b"\r");
    let counter = tui.wait_for("Reports");
    assert!(
        counter.contains("Counter  Schedule  Halls  Movies  Prices"),
        "{counter}"
    );

    // Halls: a map typed into the editor, Enter making new lines, a bad place first.
    tui.press(b"\x1bOR"); // F3
    tui.wait_for("No halls yet");
    tui.press(b"a");
    tui.wait_for("New hall");
    tui.type_text("Attic");
    tui.press(b"\t");
    tui.press(b"\t");
    tui.type_text("# screen\r..ssss..\rssxsssss\rpppppppp");
    tui.wait_for("line 3, column 3");
    tui.press(b"\x1b[A"); // up to line 3
    tui.press(b"\x1b[H"); // Home
    for _ in 0..3 {
        tui.press(b"\x1b[C");
    }
    tui.press(b"\x7f");
    tui.type_text("s");
    let preview = tui.wait_for("3 rows, 20 seats");
    assert!(!preview.contains("column 3"), "{preview}");
    tui.press(b"\x13"); // Ctrl-S
    tui.wait_for("Hall Attic created");

    // Movies.
    tui.press(b"\x1bOS"); // F4
    tui.wait_for("No movies yet");
    tui.press(b"a");
    tui.type_text("Kettle");
    tui.press(b"\t");
    tui.type_text("96");
    tui.press(b"\t");
    tui.type_text("6");
    tui.press(b"\t");
    tui.type_text("Comedy");
    tui.press(b"\r");
    tui.wait_for("Kettle saved");

    // Schedule: two days ahead, 20:00, then the same at 20:30 clashes.
    tui.press(b"\x1bOQ"); // F2
    tui.wait_for("halls ·");
    tui.press(b"l");
    tui.press(b"l");
    let schedule = tui.wait_for("Nothing in Attic on");
    let day = schedule
        .lines()
        .find_map(|l| l.trim().strip_prefix("Nothing in Attic on "))
        .unwrap()
        .trim_end_matches(": a adds a showtime.")
        .to_string();
    tui.press(b"a");
    tui.wait_for("New showtime");
    tui.type_text("kett");
    tui.wait_for("→ Kettle (96 min)");
    tui.press(b"\t");
    tui.press(b"\t");
    let form = tui.wait_for("Day ");
    let date = form
        .lines()
        .find_map(|l| l.trim().strip_prefix("Day"))
        .unwrap()
        .trim()
        .trim_end_matches('▏')
        .to_string();
    tui.press(b"\t");
    tui.type_text("20:00");
    tui.press(b"\t");
    tui.type_text("9.00");
    tui.press(b"\r");
    tui.wait_for("free for the whole show");
    tui.press(b"\r");
    tui.wait_for("Scheduled Kettle in Attic");
    tui.press(b"a");
    tui.type_text("kett");
    tui.press(b"\t");
    tui.press(b"\t");
    tui.press(b"\t");
    tui.type_text("20:30");
    tui.press(b"\t");
    tui.type_text("9.00");
    tui.press(b"\r");
    let clash = tui.wait_for("Attic is busy");
    let suggested = first_suggestion(&clash);
    tui.press(b"1");
    tui.wait_for("free for the whole show");
    tui.press(b"\r");
    tui.wait_for(&format!("{date} {suggested}"));

    // Prices: the adult discount becomes 10%.
    tui.press(b"\x1b[15~"); // F5
    tui.wait_for("Ticket types");
    tui.press(b"e");
    for _ in 0..4 {
        tui.press(b"\x7f");
    }
    tui.type_text("10%");
    tui.press(b"\r");
    tui.wait_for("adult tickets: 10% off");
    tui.press(b"q");
    let status = tui.wait_exit();
    assert!(status.success(), "exit status {status:?} on {day}");
    assert!(!tui.alternate_screen());

    // The database holds exactly that.
    let halls = cli(dir.path(), &["hall", "list"], "");
    assert_eq!(halls.as_array().unwrap().len(), 1, "{halls}");
    assert_eq!(halls[0]["name"], "Attic");
    assert_eq!(
        (halls[0]["rows"].as_i64(), halls[0]["seats"].as_i64()),
        (Some(3), Some(20))
    );
    let movies = cli(dir.path(), &["movie", "list"], "");
    assert_eq!(movies.as_array().unwrap().len(), 1, "{movies}");
    assert_eq!(movies[0]["title"], "Kettle");
    assert_eq!(movies[0]["runtime_minutes"], 96);
    let shows = cli(dir.path(), &["showtimes", "--date", &date], "");
    let starts: Vec<String> = shows["showtimes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["starts_local"].as_str().unwrap().to_string())
        .collect();
    let mut wanted = vec![format!("{date} 20:00"), format!("{date} {suggested}")];
    wanted.sort();
    assert_eq!(starts, wanted, "{shows}");
    let prices = cli(dir.path(), &["price", "show"], "");
    assert_eq!(prices["discounts"]["adult"]["percent"], 10, "{prices}");
}
