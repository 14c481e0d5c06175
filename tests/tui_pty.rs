//! The real binary in a pseudo-terminal: first run on an empty database, demo data, the
//! day's showtimes, quit; the terminal is left as it was found.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "{needle:?} did not appear; the screen was:\n{}",
            self.text()
        );
    }
}

#[test]
fn first_run_offers_demo_data_lists_showtimes_and_quits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
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
    cmd.env("BOXOFFICE_DATA_DIR", dir.path());
    cmd.env(
        "BOXOFFICE_DATABASE_URL",
        format!("sqlite://{}/t.db?mode=rwc", dir.path().display()),
    );
    cmd.env_remove("BOXOFFICE_CONFIG");
    cmd.cwd(dir.path());
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZero::new(ROWS).unwrap(),
        std::num::NonZero::new(COLS).unwrap(),
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
    let screen = Screen {
        parser: parser.clone(),
    };

    screen.wait_for("This database is empty");
    writer.write_all(b"y").unwrap();
    screen.wait_for("Write these passwords down");
    assert!(screen.text().contains("manager"));
    writer.write_all(b"\r").unwrap();
    screen.wait_for("Showtimes of");
    // The demo schedules seven days from today; tomorrow always has showtimes.
    writer.write_all(b"l").unwrap();
    screen.wait_for("min");
    writer.write_all(b"?").unwrap();
    screen.wait_for("any key closes this help");
    writer.write_all(b"q").unwrap();

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not quit:\n{}",
            screen.text()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        !parser.lock().unwrap().screen().alternate_screen(),
        "the alternate screen was left on"
    );
    drop(writer);
}
