//! The real binary in a pseudo-terminal: first run on an empty database, demo data, the
//! day's showtimes, help, quit; the terminal is left as it was found.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::num::NonZero;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const WAIT: Duration = Duration::from_secs(15);

/// The demo cinema's films (`src/demo.rs`): whichever the day shows, one of these appears.
const DEMO_TITLES: &[&str] = &[
    "The Last Projectionist",
    "Orbit of Ash",
    "Paper Lanterns",
    "Nine Lives of Mrs. Kettle",
    "Cold Harbour",
    "The Quiet Ridge",
    "Midnight Matinee",
    "A Summer in Lisbon",
    "Gridlock",
];

/// The screen as the user sees it, kept up to date from the pty by a reader thread.
struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until one of `needles` is on screen and returns it.
    fn wait_for_any<'a>(&self, needles: &[&'a str]) -> &'a str {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            let text = self.text();
            if let Some(found) = needles.iter().find(|n| text.contains(*n)) {
                return found;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "none of {needles:?} appeared; the screen was:\n{}",
            self.text()
        );
    }

    fn wait_for(&self, needle: &str) {
        self.wait_for_any(&[needle]);
    }
}

/// Kills the app if the test fails half way, so no process outlives it.
struct KillOnDrop(Box<dyn Child + Send + Sync>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
    }
}

#[test]
fn first_run_offers_demo_data_lists_showtimes_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    // A config of its own: nothing from the user's config directory leaks in.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[venue]\nname = \"Kino PTY\"\n").unwrap();

    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_boxoffice"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("BOXOFFICE_CONFIG", &config);
    cmd.env("BOXOFFICE_DATA_DIR", dir.path());
    cmd.env(
        "BOXOFFICE_DATABASE_URL",
        format!("sqlite://{}/t.db?mode=rwc", dir.path().display()),
    );
    cmd.cwd(dir.path());
    let mut child = KillOnDrop(pty.slave.spawn_command(cmd).unwrap());
    drop(pty.slave);

    // Read everything the app writes, or it blocks once the pty's buffer is full.
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZero::new(ROWS).unwrap(),
        NonZero::new(COLS).unwrap(),
        0,
    )));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let feed = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            feed.lock().unwrap().process(&buf[..n]);
        }
    });
    let mut writer = pty.master.take_writer().unwrap();
    let mut press = |keys: &[u8]| {
        writer.write_all(keys).unwrap();
        writer.flush().unwrap();
    };
    let screen = Screen {
        parser: parser.clone(),
    };

    screen.wait_for("This database is empty");
    assert!(
        screen.text().contains("Kino PTY · SQLite"),
        "the status bar names the venue and the database:\n{}",
        screen.text()
    );
    press(b"y");
    screen.wait_for("Write these passwords down");
    let accounts = screen.text();
    assert!(accounts.contains("manager") && accounts.contains("cashier"));
    press(b"\r");
    screen.wait_for("Showtimes");
    // Late in the evening today's shows may all be over (the demo schedules only future
    // ones); tomorrow always has a full programme.
    if screen.wait_for_any(&["TIME", "No showtimes on"]) != "TIME" {
        press(b"l");
        screen.wait_for("tomorrow");
    }
    screen.wait_for_any(DEMO_TITLES);
    press(b"?");
    screen.wait_for("Any key closes this help");
    press(b"?");
    press(b"q");

    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = child.0.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not quit:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    // Let the reader thread take in the last bytes (leaving the alternate screen).
    let deadline = Instant::now() + WAIT;
    while parser.lock().unwrap().screen().alternate_screen() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        !parser.lock().unwrap().screen().alternate_screen(),
        "the alternate screen was left on"
    );
}
